/*
 * loader-test.c - unit tests for the loader: inline markup, dates,
 * yamltree positions and limits, layouts, and a full meeting.
 * Run from the source root (meson sets workdir).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "model/model.h"
#include "load/load.h"
#include "load/yamltree.h"
#include "load/load-int.h"
#include "validate/validate.h"
#include "util/date.h"

static int failures;

#define CHECK(cond) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			    __LINE__, #cond); \
			failures++; \
		} \
	} while (0)

#define CHECK_STR(a, b) do { \
		const char *a_ = (a), *b_ = (b); \
		if (a_ == NULL || strcmp(a_, b_) != 0) { \
			fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__, \
			    a_ ? a_ : "(null)", b_); \
			failures++; \
		} \
	} while (0)

static const struct pos P0 = { "t", 1, 1 };

/* Parses s and returns its spans. */
static struct inlines parse(struct arena *a, const char *s)
{
	return inline_parse(a, s, P0);
}

static void test_inline(void)
{
	struct arena *a = arena_new();
	struct inlines r;

	r = parse(a, "plain text");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "plain text");
	CHECK(r.spans[0].style == 0);

	r = parse(a, "It was **Agreed** that:");
	CHECK(r.n == 3);
	CHECK_STR(r.spans[1].text, "Agreed");
	CHECK(r.spans[1].style == SPAN_BOLD);
	CHECK(r.spans[1].pos.col == 10);
	CHECK_STR(r.spans[2].text, " that:");

	r = parse(a, "*noted*");
	CHECK(r.n == 1 && r.spans[0].style == SPAN_ITALIC);
	CHECK_STR(r.spans[0].text, "noted");

	r = parse(a, "***both***");
	CHECK(r.n == 1 && r.spans[0].style == (SPAN_BOLD | SPAN_ITALIC));

	r = parse(a, "*a **b** c*");
	CHECK(r.n == 3);
	CHECK(r.spans[0].style == SPAN_ITALIC);
	CHECK(r.spans[1].style == (SPAN_BOLD | SPAN_ITALIC));
	CHECK_STR(r.spans[1].text, "b");
	CHECK(r.spans[2].style == SPAN_ITALIC);

	r = parse(a, "see [ESCB website](http://www.escb.co.uk/) now");
	CHECK(r.n == 3);
	CHECK_STR(r.spans[1].text, "ESCB website");
	CHECK_STR(r.spans[1].href, "http://www.escb.co.uk/");
	CHECK(r.spans[0].href == NULL && r.spans[2].href == NULL);

	r = parse(a, "\\*not italic\\* \\[x\\] \\\\");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "*not italic* [x] \\");

	r = parse(a, "2 * 3 = 6, **unclosed and *lone");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "2 * 3 = 6, **unclosed and *lone");

	r = parse(a, "[not a link] and [x](no close");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "[not a link] and [x](no close");

	r = parse(a, "Name: Alison\nDesignation: **Manager**");
	CHECK(r.n == 2);
	CHECK_STR(r.spans[0].text, "Name: Alison\nDesignation: ");
	CHECK(r.spans[1].pos.line == 2);

	r = parse(a, "a\xc2\xa0" "b");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "a\xc2\xa0" "b");

	r = parse(a, "");
	CHECK(r.n == 0);

	r = parse(a, "****four****");
	CHECK(r.n == 1);
	CHECK_STR(r.spans[0].text, "****four****");
	arena_free(a);
}

static void test_dates(void)
{
	CHECK(date_valid(2018, 2, 8));
	CHECK(!date_valid(2018, 2, 30));
	CHECK(!date_valid(2018, 2, 29));
	CHECK(date_valid(2020, 2, 29));
	CHECK(date_valid(2000, 2, 29));
	CHECK(!date_valid(1900, 2, 29));
	CHECK(!date_valid(2018, 13, 1));
	CHECK(!date_valid(2018, 4, 31));
	CHECK(!date_valid(2018, 1, 0));
	CHECK(date_weekday(2018, 2, 8) == 3);          /* Thursday */
	CHECK(date_weekday(2018, 6, 14) == 3);
	CHECK(date_weekday(2000, 1, 1) == 5);          /* Saturday */
	CHECK(date_weekday(2024, 3, 4) == 0);          /* Monday */

	/* Printed forms: presets, patterns, ordinals, Welsh, times. */
	struct arena *a = arena_new();
	CHECK_STR(date_format(a, "ordinal", NULL, 2019, 5, 9), "Thursday 9th May 2019");
	CHECK_STR(date_format(a, "long", "en-GB", 2018, 2, 8), "Thursday, 08 February 2018");
	CHECK_STR(date_format(a, "plain", NULL, 2026, 3, 9), "9 March 2026");
	CHECK_STR(date_format(a, "numeric", NULL, 2026, 3, 9), "09/03/2026");
	CHECK_STR(date_format(a, "{weekday} {d} {month}", NULL, 2026, 3, 9), "Monday 9 March");
	const char *th[][2] = { { "1", "1st" }, { "2", "2nd" }, { "3", "3rd" },
	    { "4", "4th" }, { "11", "11th" }, { "12", "12th" }, { "13", "13th" },
	    { "21", "21st" }, { "22", "22nd" }, { "23", "23rd" }, { "31", "31st" } };
	for (size_t i = 0; i < sizeof th / sizeof th[0]; i++)
		CHECK_STR(date_format(a, "{dth}", NULL, 2018, 1, atoi(th[i][0])), th[i][1]);
	CHECK_STR(date_format(a, "{weekday}, {d} {month} {yyyy}", "cy", 2018, 2, 8),
	    "Dydd Iau, 8 Chwefror 2018");
	CHECK_STR(date_format(a, "{dth} {month}", "cy", 2018, 3, 1), "1af Mawrth");
	CHECK_STR(time_format(a, "24h", NULL, 10, 30), "10:30");
	CHECK_STR(time_format(a, "12h", NULL, 10, 30), "10.30am");
	CHECK_STR(time_format(a, "12h-space", NULL, 18, 0), "6.00 pm");
	CHECK_STR(time_format(a, "12h", NULL, 12, 0), "12.00pm");
	CHECK_STR(time_format(a, "12h", NULL, 0, 15), "12.15am");
	CHECK(date_pattern_problem("{weekday} {dth}", false) == NULL);
	CHECK_STR(date_pattern_problem("{weekday} {day}", false), "{day}");
	CHECK_STR(date_pattern_problem("{HH}:{MM}", false), "{HH}");
	arena_free(a);
}

/* Parses s quietly; returns yamltree_parse's result and the errors. */
static int tree(struct arena *a, const char *s, struct ynode **root,
    int *errors)
{
	diag_reset();
	diag_set_quiet(true);
	int r = yamltree_parse(a, "t.yaml", s, strlen(s), root);
	*errors = diag_count(DIAG_ERROR);
	diag_set_quiet(false);
	diag_reset();
	return r;
}

static void test_yamltree(void)
{
	struct arena *a = arena_new();
	struct ynode *root;
	int errors;

	CHECK(tree(a, "# c\na: 1\nb:\n  c: [x, 'y']\n  d: |\n    text\n",
	    &root, &errors) == 0);
	CHECK(errors == 0);
	CHECK(root && root->kind == YNODE_MAP && root->npairs == 2);
	CHECK(root->pos.line == 2 && root->pos.col == 1);
	const struct ypair *b = yamltree_pair(root, "b");
	CHECK(b && b->key->pos.line == 3 && b->key->pos.col == 1);
	struct ynode *c = yamltree_get(b->val, "c");
	CHECK(c && c->kind == YNODE_SEQ && c->nitems == 2);
	CHECK(c->pos.line == 4 && c->pos.col == 6);
	CHECK(c->items[0]->plain && c->items[0]->pos.col == 7);
	CHECK(!c->items[1]->plain);
	CHECK_STR(c->items[1]->text, "y");
	struct ynode *d = yamltree_get(b->val, "d");
	CHECK(d && !d->plain);
	CHECK_STR(d->text, "text\n");

	/* Aliases are shared, not copied. */
	CHECK(tree(a, "a: &x [1, 2]\nb: *x\n", &root, &errors) == 0);
	CHECK(yamltree_get(root, "a") == yamltree_get(root, "b"));

	/* A cycle. */
	CHECK(tree(a, "&a [*a]\n", &root, &errors) < 0);
	CHECK(errors == 1);

	/* Duplicate keys: reported, the first kept. */
	CHECK(tree(a, "a: 1\nb: 2\na: 3\n", &root, &errors) == 0);
	CHECK(errors == 1);
	CHECK(root->npairs == 2);
	CHECK_STR(yamltree_get(root, "a")->text, "1");

	/* Empty stream, and a comment-only one. */
	CHECK(tree(a, "", &root, &errors) == 0 && root == NULL);
	CHECK(tree(a, "# only\n", &root, &errors) == 0 && root == NULL);

	/* Invalid UTF-8 at an exact column. */
	diag_reset();
	CHECK(tree(a, "a: b\nc: d\xff\n", &root, &errors) < 0 && errors == 1);
	struct pos p = yamltree_offset_pos("f", "ab\nc\xc3\xa9" "d", 6);
	CHECK(p.line == 2 && p.col == 3);

	/* Nesting limit. */
	char deep[400];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	deep[200] = '\0';
	CHECK(tree(a, deep, &root, &errors) < 0 && errors == 1);

	/* Billion laughs: must stop quickly. */
	struct buf bomb;
	buf_init(&bomb);
	buf_adds(&bomb, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		buf_printf(&bomb, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			buf_printf(&bomb, "%s*a%d", k ? ", " : "", i - 1);
		buf_adds(&bomb, "]\n");
	}
	clock_t t0 = clock();
	CHECK(tree(a, bomb.s, &root, &errors) < 0 && errors == 1);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(secs < 1.0);
	buf_free(&bomb);

	/* Scalars keep their raw text: 10:30 is not base 60 here. */
	CHECK(tree(a, "t: 10:30\n", &root, &errors) == 0);
	CHECK_STR(yamltree_get(root, "t")->text, "10:30");
	CHECK(yamltree_is_null(yamltree_get(root, "none")));
	arena_free(a);
}

/* Where text inside quotes, escapes and block scalars was written: what
 * the "no font has U+1F642" warning and every span position rely on. */
static void test_text_positions(void)
{
	struct arena *a = arena_new();
	struct ynode *root;
	int errors;
	const char *src =
	    "a: \"Smile \xf0\x9f\x99\x82\"\n"          /* line 1 */
	    "b: \"x\\u00e9y \xf0\x9f\x99\x82\"\n"     /* line 2 */
	    "c: 'it''s \xf0\x9f\x99\x82'\n"              /* line 3 */
	    "d: |\n  line \xf0\x9f\x99\x82\n"            /* lines 4, 5 */
	    "e: &k plain \xf0\x9f\x99\x82\n";            /* line 6 */
	CHECK(tree(a, src, &root, &errors) == 0 && errors == 0);
	struct ynode *n = yamltree_get(root, "a");
	CHECK(n->pos.col == 4 && n->tpos.line == 1 && n->tpos.col == 5);
	struct pos p = yamltree_text_pos(n, 6);         /* the emoji */
	CHECK(p.line == 1 && p.col == 11);
	n = yamltree_get(root, "b");                    /* "x\u00e9y U" */
	p = yamltree_text_pos(n, 5);
	CHECK(p.line == 2 && p.col == 14);
	p = yamltree_text_pos(n, 3);                    /* y, after the escape */
	CHECK(p.line == 2 && p.col == 12);
	struct inlines in = inline_parse_node(a, n);      /* one span, at x */
	CHECK(in.n == 1 && in.spans[0].pos.col == 5);
	n = yamltree_get(root, "c");                    /* 'it''s U' */
	p = yamltree_text_pos(n, 5);
	CHECK(p.line == 3 && p.col == 11);
	n = yamltree_get(root, "d");
	p = yamltree_text_pos(n, 5);
	CHECK(p.line == 5 && p.col == 8);
	n = yamltree_get(root, "e");
	CHECK(n->tpos.line == 6 && n->tpos.col == 7);
	in = inline_parse_node(a, n);
	CHECK(in.n == 1 && in.spans[0].pos.col == 7);
	CHECK(tree(a, "k: \"\\u00e9 *b*\"\n", &root, &errors) == 0);
	in = inline_parse_node(a, yamltree_get(root, "k"));
	CHECK(in.n == 2 && in.spans[1].pos.col == 13);  /* b, after the escape */
	arena_free(a);
}

static void test_layout(void)
{
	struct arena *a = arena_new();
	int status;
	const char *text = "page:\n  size: Letter\n  margins: [\"25mm\", 1in, "
	    "\"2.5cm\", 36]\nsizes: {body: 10.5}\nalign: justify\n"
	    "colours: {shade: \"#ff8000\"}\nfooter: {left: \"{committee}\"}\n"
	    "fonts: {regular: fonts/My-Font.ttf}\n";
	struct style *l = load_style_string(a, "x.yaml", text, strlen(text),
	    &status);
	CHECK(l != NULL && status == 0);
	CHECK(l->page_w == 612000 && l->page_h == 792000);
	CHECK(l->margin_top == 70865);
	CHECK(l->margin_right == 72000);
	CHECK(l->margin_bottom == 70865);
	CHECK(l->margin_left == 36000);
	CHECK(l->size_body == 10500 && l->size_small == 9000);
	CHECK(l->align == ALIGN_JUSTIFY);
	CHECK(l->shade.r == 1.0 && l->shade.b == 0.0);
	CHECK_STR(l->footer.left, "{committee}");
	CHECK_STR(l->footer.centre, "{page_text}");
	CHECK_STR(l->fonts[FONT_REGULAR].file, "fonts/My-Font.ttf");
	CHECK(l->fonts[FONT_REGULAR].family == NULL);
	CHECK_STR(l->fonts[FONT_BOLD].family, "Liberation Sans:bold");
	CHECK(l->exempt_wording.n == 2);

	l = load_style(a, "layouts/default.yaml", &status);
	CHECK(l != NULL && status == 0);
	if (l != NULL) {
		CHECK(l->page_w == 595276 && l->page_h == 841890);
		CHECK(l->standing.n == 0);     /* no council's own text */
		CHECK(validate_style(a, l) == 0);
	}
	/* essex.yaml extends default: found in the source tree's layouts/
	 * (this test binary is not agendapack, so it has no data folder). */
	setenv("AGENDAPACK_LAYOUT_PATH", "layouts", 1);
	l = load_style(a, "examples/essex-paf-2018-02-08/layouts/essex.yaml",
	    &status);
	unsetenv("AGENDAPACK_LAYOUT_PATH");
	CHECK(l != NULL && status == 0);
	if (l != NULL) {
		CHECK(l->standing.n > 0);      /* Essex's, over the default */
		CHECK(l->page_w == 595276 && l->size_body == 11000);
		CHECK_STR(l->date_forms[DATE_USE_LIST], "ordinal");
		CHECK(validate_style(a, l) == 0);
	}
	diag_set_quiet(true);
	l = load_style(a, "tests/no-such-layout.yaml", &status);
	CHECK(l == NULL && status == 66);
	diag_set_quiet(false);
	diag_reset();
	arena_free(a);
}

static void test_meeting(void)
{
	struct arena *a = arena_new();
	enum doc_kind kind;
	int status;
	diag_reset();
	struct meeting *m = load_document(a,
	    "tests/loader/good/meeting-all-keys.yaml", &kind, &status);
	CHECK(m != NULL && status == 0 && kind == DOC_MEETING);
	CHECK(diag_count(DIAG_ERROR) == 0);
	if (m == NULL)
		goto out;
	CHECK(validate_meeting(a, m) == 0);
	CHECK(m->year == 2018 && m->month == 2 && m->day == 8);
	CHECK(m->hour == 10 && m->minute == 30);
	CHECK(m->nitems == 5);
	CHECK_STR(m->items[0].number, "1");
	CHECK_STR(m->items[3].number, "4");
	CHECK(m->items[0].npapers == 1 &&
	    m->items[0].papers[0].kind == PAPER_MEMBERSHIP);
	CHECK(m->membership.quorum == 4 && m->membership.nmembers == 3);
	CHECK_STR(m->membership.members[0].role, "Chairman");
	CHECK(m->membership.members[1].role == NULL);
	CHECK(m->items[1].papers[0].kind == PAPER_MINUTES);
	CHECK(m->items[1].papers[0].minutes->nentries == 2);
	CHECK(m->items[1].papers[0].minutes->closed_h == 9);
	CHECK(m->items[4].exempt);
	struct item *it = &m->items[3];
	CHECK(it->npapers == 3);
	struct paper *r = &it->papers[0];
	CHECK(r->kind == PAPER_REPORT && r->late);
	CHECK_STR(r->reference, "PAF/03/18");
	CHECK(r->nheader == 3);
	CHECK_STR(r->header[2].label, "Enquiries to");
	CHECK(it->papers[1].kind == PAPER_PDF && it->papers[1].page_from == 1 &&
	    it->papers[1].page_to == 1);
	CHECK(it->papers[2].late);
	/* Find the agreed paragraph, the images and the dates. */
	int agreed = 0, images = 0, dates = 0;
	for (size_t i = 0; i < r->body.n; i++) {
		struct block *b = &r->body.v[i];
		if (b->kind == BLOCK_PARA && b->u.para.text.n == 3 &&
		    strcmp(b->u.para.text.spans[1].text, "Agreed") == 0) {
			CHECK(b->u.para.text.spans[1].style == SPAN_BOLD);
			CHECK_STR(b->u.para.text.spans[0].text, "It was ");
			CHECK_STR(b->u.para.text.spans[2].text, " that:");
			CHECK(i + 1 < r->body.n &&
			    r->body.v[i + 1].kind == BLOCK_LIST &&
			    r->body.v[i + 1].u.list.style == LIST_NUMBER);
			agreed++;
		}
		if (b->kind == BLOCK_IMAGE) {
			images++;
			if (b->u.image.jpeg)
				CHECK(b->u.image.px_w == 4 && b->u.image.px_h == 3);
			else
				CHECK(b->u.image.px_w == 2 && b->u.image.px_h == 1);
		}
		if (b->kind == BLOCK_LIST && b->u.list.style == LIST_NONE &&
		    b->u.list.n == 3) {
			/* dates stay dates until the pack prints them in
			 * the style's form */
			const struct date_ref *d0 = b->u.list.items[0].body.v[0]
			    .u.para.text.spans[0].date;
			const struct date_ref *d2 = b->u.list.items[2].body.v[0]
			    .u.para.text.spans[0].date;
			CHECK(d0 && d0->y == 2018 && d0->mo == 6 && d0->d == 14 &&
			    d0->use == DATE_USE_LIST);
			CHECK(d2 && d2->y == 2020 && d2->mo == 2 && d2->d == 29);
			dates++;
		}
		if (b->kind == BLOCK_TABLE && b->u.table.caption != NULL) {
			CHECK(b->u.table.ncols == 2);
			CHECK(b->u.table.nrows == 4);
			CHECK(b->u.table.rows[0].kind == ROW_HEADER);
			CHECK(b->u.table.rows[2].kind == ROW_SECTION);
			CHECK(b->u.table.cols[1].align == ALIGN_RIGHT);
			CHECK(b->u.table.cols[0].width == 3);
		}
		if (b->kind == BLOCK_PARA && b->lang != NULL)
			CHECK(b->u.para.align == ALIGN_RIGHT);
	}
	CHECK(agreed == 1 && images == 2 && dates == 1);

	m = load_document(a, "tests/loader/good/minutes-standalone.yaml", &kind,
	    &status);
	CHECK(m != NULL && status == 0 && kind == DOC_MINUTES);
	if (m != NULL) {
		CHECK(m->standalone != NULL && m->nitems == 0);
		CHECK_STR(m->committee,
		    "People and Families Policy and Scrutiny Committee");
	}
out:
	arena_free(a);
}

int main(void)
{
	test_inline();
	test_dates();
	test_yamltree();
	test_text_positions();
	test_layout();
	test_meeting();
	if (failures)
		fprintf(stderr, "%d check%s failed\n", failures,
		    failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
