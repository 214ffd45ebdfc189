/*
 * load-meeting.c - meeting files and the paper files they name (report
 * and minutes, load-minutes.c's) into the document model; the
 * load_document entry points.
 *
 * The schema accepted here is docs/format.md (meeting, report and
 * minutes files); blocks are load-blocks.c's, and keep them in step.
 * In short:
 *
 *   meeting:  council committee date time venue language title contact
 *             notes membership items layout standing languages
 *             front_sheet_membership supplements{number date note}
 *   item:     title number description notes exempt exempt_reason papers
 *             items (sub-items: the same keys but items; one level)
 *   paper:    PATH | {file late landscape title} | {generate: membership}
 *             (late: true | false | N, the supplement it follows in)
 *             | {pdf title pages late landscape}
 *   report:   paper reference title header landscape language body
 *   minutes:  load-minutes.c
 *
 * Every problem is reported at its position and loading goes on, so one
 * run lists them all; the caller learns of them from diag_count().
 */
#include "load-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- people ---- */

/* A person: a name, or {name, role}. */
static void load_person(const struct ynode *n, const char *key,
    struct person *p)
{
	static keylist keys = { "name", "role", NULL };
	p->pos = n->pos;
	p->name = "";
	if (n->kind == YNODE_MAP) {
		load_keys(n, keys);
		p->name = load_req_text(n, "name");
		p->role = load_text(yamltree_get(n, "role"), "role");
		return;
	}
	const char *s = load_text(n, key);
	if (s != NULL)
		p->name = s;
}

struct person *load_persons(struct loader *ld, const struct ynode *map,
    const char *key, size_t *count)
{
	const struct ynode *n = yamltree_get(map, key);
	*count = 0;
	if (n == NULL || !load_is_seq(n, key))
		return NULL;
	struct person *v = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *v);
	for (size_t i = 0; i < n->nitems; i++)
		load_person(n->items[i], key, &v[i]);
	*count = n->nitems;
	return v;
}

/* ---- numbering ---- */

/* Compares by number text, then list order (for qsort). */
static int numbered_cmp(const void *x, const void *y)
{
	const struct numbered *p = x, *q = y;
	int c = strcmp(p->number, q->number);
	if (c != 0)
		return c;
	return (p->index > q->index) - (p->index < q->index);
}

void load_check_numbers(struct numbered *v, size_t n, const char *what)
{
	if (n < 2)
		return;
	qsort(v, n, sizeof *v, numbered_cmp);
	size_t first = 0;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].number, v[first].number) != 0) {
			first = i;
			continue;
		}
		diag(DIAG_ERROR, v[i].pos, "duplicate %s number '%s' (first used at "
		    "line %d)", what, v[i].number, v[first].pos.line);
	}
}

/* ---- paper files ---- */

/* True when a report header's value n is a date: YYYY-MM-DD, or a
 * mapping with a 'date' key. */
static bool header_is_date(const struct ynode *n)
{
	if (n->kind == YNODE_MAP)
		return yamltree_get(n, "date") != NULL;
	if (n->kind != YNODE_SCALAR || n->len != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? n->text[i] != '-' :
		    n->text[i] < '0' || n->text[i] > '9')
			return false;
	return true;
}

/* Fills p, a report, from its file's root mapping. */
static void load_report(struct loader *ld, const struct ynode *root,
    struct paper *p)
{
	static keylist keys = { "paper", "reference", "title", "header",
	    "landscape", "language", "body", NULL };
	load_keys(root, keys);
	p->kind = PAPER_REPORT;
	p->reference = load_text(yamltree_get(root, "reference"), "reference");
	p->title = load_text(load_langs_scalar(ld, yamltree_get(root, "title")),
	    "title");
	p->landscape = load_bool(yamltree_get(root, "landscape"), "landscape",
	    false);
	p->lang = load_text(yamltree_get(root, "language"), "language");
	const struct ynode *h = yamltree_get(root, "header");
	if (h != NULL && load_is_seq(h, "header")) {
		p->header = arena_alloc(ld->a, (h->nitems ? h->nitems : 1) *
		    sizeof *p->header);
		for (size_t i = 0; i < h->nitems; i++) {
			const struct ynode *e = h->items[i];
			if (e->kind != YNODE_MAP || e->npairs != 1) {
				diag(DIAG_ERROR, e->pos, "each 'header' entry must be one "
				    "label and its value, like 'Date: 8 February 2018'");
				continue;
			}
			struct field *f = &p->header[p->nheader++];
			f->label = e->pairs[0].key->text;
			f->pos = e->pos;
			const struct ynode *v = e->pairs[0].val;
			if (header_is_date(v)) {
				struct span *sp = arena_alloc(ld->a, sizeof *sp);
				sp->date = load_date_ref(ld, v, f->label, DATE_USE_REPORT);
				sp->text = sp->date ? "" : v->text;
				sp->pos = v->pos;
				f->value = (struct inlines){ sp, 1 };
			} else
				f->value = load_inline(ld, v, f->label);
		}
	}
	p->body = load_blocks(ld, yamltree_get(root, "body"));
}

/* Fills p from the paper file root (already known to be a mapping). */
static void load_paper_root(struct loader *ld, const struct ynode *root,
    struct paper *p)
{
	static const char *const kinds[] = { "report", "minutes", "letter", NULL };
	const struct ynode *k = load_req(root, "paper");
	if (k == NULL)
		return;
	int kind = load_choice(k, "paper", kinds, -1);
	if (kind == 0) {
		load_report(ld, root, p);
	} else if (kind == 1) {
		p->kind = PAPER_MINUTES;
		p->minutes = load_minutes(ld, root, &p->lang);
	} else if (kind == 2) {
		load_letter(ld, root, p);
	}
}

/* Loads the paper file the scalar pathn names into p (kind, body,
 * minutes...); what is wrong is reported at pathn or in the file. */
static void load_paper_file(struct loader *ld, const struct ynode *pathn,
    struct paper *p)
{
	p->kind = PAPER_REPORT;
	p->pos = pathn->pos;
	p->path = path_join(ld->a, ld->dir, pathn->text);
	if (load_wrong_kind(ld->a, p->path, pathn->pos, pathn->text,
	    LOAD_WANT_PAPER))
		return;
	/* The tree lives in its own arena, freed once the paper is mapped:
	 * the model keeps the texts (in ld->a) and positions (naming
	 * p->path, in ld->a), never a node. */
	struct arena *ta = arena_new();
	struct ynode *root;
	int e = load_tree(ta, ld->a, p->path, &root);
	if (e > 0) {
		load_read_error(pathn->pos, "paper file", p->path, e);
	} else if (e == 0 && load_root_ok(p->path, root, "a paper: a mapping "
	    "with 'paper: report' or 'paper: minutes'")) {
		struct loader sub = { ld->a, p->path,
		    path_dir(ld->a, p->path) };
		load_paper_root(&sub, root, p);
	}
	arena_free(ta);
}

void load_paper_path(struct loader *ld, const struct ynode *pathn,
    struct paper *p)
{
	load_paper_file(ld, pathn, p);
}

/* Reports a letter named as a paper of a meeting at pathn. */
static void no_letter_paper(const struct paper *p, const struct ynode *pathn)
{
	if (p->kind == PAPER_LETTER)
		diag(DIAG_ERROR, pathn->pos, "a letter cannot be a paper of a "
		    "meeting; build it on its own (agendapack build %s)", pathn->text);
}

/* ---- meeting ---- */

#define MAX_SUPPLEMENT 99              /* the highest supplement number */

/* A paper's 'late': true (supplement 1), false, or a supplement number. */
static void load_late(const struct ynode *n, struct paper *p)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes",
	    "YES", "on", "On", "ON", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No",
	    "NO", "off", "Off", "OFF", "0", NULL };
	if (n == NULL || yamltree_is_null(n))
		return;
	p->late_pos = n->pos;
	if (n->kind == YNODE_SCALAR && load_known(n->text, yes)) {
		p->late = 1;
		return;
	}
	if (n->kind == YNODE_SCALAR && load_known(n->text, no)) {
		p->late = 0;
		return;
	}
	char *end;
	long v = n->kind == YNODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	if (n->kind != YNODE_SCALAR || end == n->text || *end != '\0' || v < 1 ||
	    v > MAX_SUPPLEMENT) {
		diag(DIAG_ERROR, n->pos, "'late' must be true, false or the number of "
		    "the supplement the paper follows in (1 to %d)", MAX_SUPPLEMENT);
		return;
	}
	p->late = (int)v;
}

/* The meeting's 'supplements': each {number, date, note}. */
static void load_supplements(struct loader *ld, const struct ynode *n,
    struct meeting *m)
{
	static keylist keys = { "number", "date", "note", NULL };
	if (n == NULL || !load_is_seq(n, "supplements"))
		return;
	m->supplements = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *m->supplements);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		if (!load_is_map(e, "a supplement"))
			continue;
		load_keys(e, keys);
		struct supplement *s = &m->supplements[m->nsupplements];
		s->pos = e->pos;
		const struct ynode *num = load_req(e, "number");
		s->number = (int)load_int(num, "number", 1, MAX_SUPPLEMENT, 0);
		for (size_t k = 0; k < m->nsupplements && num != NULL; k++)
			if (m->supplements[k].number == s->number && s->number > 0)
				diag(DIAG_ERROR, num->pos, "supplement %d is described twice "
				    "(first at line %d)", s->number, m->supplements[k].pos.line);
		const struct ynode *d = yamltree_get(e, "date");
		if (d != NULL)
			load_date(d, "date", &s->year, &s->month, &s->day);
		s->note = load_inline(ld, yamltree_get(e, "note"), "note");
		if (s->number > 0)
			m->nsupplements++;
	}
}

/* The generated or file papers of an item, from its 'papers' list. */
static void load_papers(struct loader *ld, const struct ynode *n,
    struct item *it, bool have_membership)
{
	static keylist keys = { "file", "generate", "pdf", "title", "pages",
	    "late", "landscape", "alt", NULL };
	static const char *const generators[] = { "membership", NULL };
	if (n == NULL || !load_is_seq(n, "papers"))
		return;
	it->papers = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *it->papers);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		struct paper *p = &it->papers[it->npapers];
		p->pos = e->pos;
		if (e->kind == YNODE_SCALAR) {
			if (yamltree_is_null(e)) {
				diag(DIAG_ERROR, e->pos, "a paper must name a file");
				continue;
			}
			load_paper_file(ld, e, p);
			no_letter_paper(p, e);
			it->npapers++;
			continue;
		}
		if (!load_is_map(e, "a paper"))
			continue;
		load_keys(e, keys);
		const struct ynode *file = yamltree_get(e, "file");
		const struct ynode *gen = yamltree_get(e, "generate");
		const struct ynode *pdf = yamltree_get(e, "pdf");
		int nkinds = (file != NULL) + (gen != NULL) + (pdf != NULL);
		if (nkinds != 1) {
			diag(DIAG_ERROR, e->pos, "a paper needs %s of 'file', "
			    "'generate' or 'pdf'", nkinds ? "only one" : "one");
			continue;
		}
		const char *title = load_text(yamltree_get(e, "title"), "title");
		const struct ynode *pages = yamltree_get(e, "pages");
		if (pages != NULL && pdf == NULL)
			diag(DIAG_ERROR, pages->pos, "'pages' is only for a 'pdf' paper");
		const struct ynode *alt = yamltree_get(e, "alt");
		if (alt != NULL && pdf == NULL)
			diag(DIAG_ERROR, alt->pos, "'alt' is only for a 'pdf' paper");
		else if (alt != NULL) {
			p->alt = load_text(alt, "alt");
			if (p->alt == NULL || p->alt[strspn(p->alt, " \t\n")] == '\0') {
				diag(DIAG_ERROR, alt->pos, "'alt' must describe the "
				    "appendix for readers who cannot see it");
				p->alt = NULL;
			}
		}
		if (file != NULL) {
			if (file->kind != YNODE_SCALAR || yamltree_is_null(file)) {
				diag(DIAG_ERROR, file->pos, "'file' must name a paper file");
				continue;
			}
			load_paper_file(ld, file, p);
			no_letter_paper(p, file);
		} else if (gen != NULL) {
			int g = load_choice(gen, "generate", generators, -1);
			if (g < 0)
				continue;
			if (!have_membership)
				diag(DIAG_ERROR, gen->pos, "'generate: membership' needs the "
				    "meeting's 'membership'");
			p->kind = PAPER_MEMBERSHIP;
		} else {
			const char *path = load_text(pdf, "pdf");
			if (path == NULL || path[0] == '\0') {
				diag(DIAG_ERROR, pdf->pos, "'pdf' must name a PDF file");
				continue;
			}
			p->kind = PAPER_PDF;
			p->path = path_join(ld->a, ld->dir, path);
			if (load_wrong_kind(ld->a, p->path, pdf->pos, path,
			    LOAD_WANT_PDF))
				continue;
			if (pages != NULL) {
				const char *s = load_text(pages, "pages");
				int from = 0, to = 0, k = 0;
				char c;
				if (s != NULL && (sscanf(s, "%d-%d%c", &from, &to, &c) == 2 ||
				    (k = sscanf(s, "%d%c", &from, &c)) == 1) && from >= 1) {
					if (k == 1)
						to = from;
					if (to < from)
						diag(DIAG_ERROR, pages->pos, "'pages' runs "
						    "backwards: %s", s);
					p->page_from = from;
					p->page_to = to;
				} else {
					diag(DIAG_ERROR, pages->pos, "'pages' must be a page "
					    "number or a range like 2-5");
				}
			}
		}
		if (title != NULL)
			p->title = title;
		load_late(yamltree_get(e, "late"), p);
		p->landscape |= load_bool(yamltree_get(e, "landscape"), "landscape",
		    false);
		p->pos = e->pos;
		it->npapers++;
	}
}

/* Sub-items numbered with a provisional letter, a to z, before validate
 * numbers them with the style's subitem_number. */
#define LOAD_SUBITEM_LETTERS 26

/* Fills it from the item (or sub-item) mapping e, but for its number. */
static void load_item_fields(struct loader *ld, const struct ynode *e,
    struct item *it, bool have_membership)
{
	static keylist keys = { "title", "number", "description", "notes",
	    "exempt", "exempt_reason", "papers", "items", NULL };
	load_keys(e, keys);
	const struct ynode *tn = yamltree_get(e, "title");
	it->title = load_is_lang_map(tn) ? load_langs_scalar(ld, tn)->text :
	    load_req_text(e, "title");
	it->description = load_inline(ld, load_langs_scalar(ld,
	    yamltree_get(e, "description")), "description");
	it->notes = load_blocks(ld, yamltree_get(e, "notes"));
	const struct ynode *ex = yamltree_get(e, "exempt");
	load_exempt(ex, &it->exempt, &it->exempt_para);
	it->exempt_pos = ex != NULL ? ex->pos : e->pos;
	it->exempt_reason = load_text(yamltree_get(e, "exempt_reason"),
	    "exempt_reason");
	load_papers(ld, yamltree_get(e, "papers"), it, have_membership);
}

/* The items' and sub-items' entries in n (a sequence, checked): how many
 * items the meeting will hold. */
static size_t count_items(const struct ynode *n)
{
	size_t total = n->nitems;
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *sub = yamltree_get(n->items[i], "items");
		if (sub != NULL && sub->kind == YNODE_SEQ)
			total += sub->nitems;
	}
	return total;
}

/* The sub-items of parent (m->items[pi], numbered), from its 'items' list
 * n, appended to m->items; explicit numbers go into nums. */
static void load_subitems(struct loader *ld, const struct ynode *n,
    struct meeting *m, size_t pi, bool have_membership,
    struct numbered *nums, size_t *nnums)
{
	if (!load_is_seq(n, "items"))
		return;
	const char *parent = m->items[pi].number;
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		if (!load_is_map(e, "a sub-item"))
			continue;
		struct item *it = &m->items[m->nitems];
		it->pos = e->pos;
		load_item_fields(ld, e, it, have_membership);
		const struct ynode *deeper = yamltree_get(e, "items");
		if (deeper != NULL)
			diag(DIAG_ERROR, deeper->pos, "a sub-item cannot have sub-items "
			    "of its own (item %s: one level only)", parent);
		it->sub = (int)(++m->items[pi].nsub);
		if (!it->exempt && m->items[pi].exempt)
			it->exempt_pos = m->items[pi].exempt_pos; /* the parent's says so */
		it->exempt |= m->items[pi].exempt;
		if (it->exempt_reason == NULL)
			it->exempt_reason = m->items[pi].exempt_reason;
		if (it->exempt_para == 0)
			it->exempt_para = m->items[pi].exempt_para;
		const struct ynode *num = yamltree_get(e, "number");
		it->number = load_text(num, "number");
		if (it->number == NULL || it->number[0] == '\0') {
			/* Provisional: "5(a)"; validate applies the style. */
			size_t k = (size_t)it->sub - 1;
			it->number = k < LOAD_SUBITEM_LETTERS ? arena_printf(ld->a,
			    "%s(%c)", parent, (char)('a' + k)) : arena_printf(ld->a,
			    "%s(%zu)", parent, k + 1);
			it->auto_number = true;
			it->number_pos = it->pos;
		} else {
			it->number_pos = num->pos;
			nums[*nnums].number = it->number;
			nums[*nnums].pos = num->pos;
			nums[*nnums].index = m->nitems;
			(*nnums)++;
		}
		m->nitems++;
	}
}

/* The meeting's items (each followed by its sub-items), numbered and
 * checked for duplicate numbers; a sub-item numbered by the style is
 * checked by validate, once numbered. */
static void load_items(struct loader *ld, const struct ynode *n,
    struct meeting *m, bool have_membership)
{
	if (n == NULL || !load_is_seq(n, "items"))
		return;
	size_t total = count_items(n);
	if (total > LOAD_MAX_ITEMS) {
		diag(DIAG_ERROR, n->pos, "the meeting has %zu "
		    "items; the limit is %d", total, LOAD_MAX_ITEMS);
		return;
	}
	m->items = arena_alloc(ld->a, (total ? total : 1) * sizeof *m->items);
	struct numbered *nums = xmalloc((total ? total : 1) * sizeof *nums);
	size_t nnums = 0;
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		size_t pi = m->nitems;
		struct item *it = &m->items[pi];
		it->pos = e->pos;
		if (!load_is_map(e, "an item"))
			continue;
		load_item_fields(ld, e, it, have_membership);
		const struct ynode *num = yamltree_get(e, "number");
		it->number = load_text(num, "number");
		struct pos npos = e->pos;
		if (it->number == NULL || it->number[0] == '\0')
			it->number = arena_printf(ld->a, "%zu", i + 1);
		else
			npos = num->pos;
		it->number_pos = npos;
		nums[nnums].number = it->number;
		nums[nnums].pos = npos;
		nums[nnums].index = pi;
		nnums++;
		m->nitems++;
		const struct ynode *sub = yamltree_get(e, "items");
		if (sub != NULL && !yamltree_is_null(sub))
			load_subitems(ld, sub, m, pi, have_membership, nums, &nnums);
	}
	load_check_numbers(nums, nnums, "item");
	free(nums);
}

/* The meeting's membership mapping. */
static void load_membership(struct loader *ld, const struct ynode *n,
    struct membership *ms)
{
	static keylist keys = { "quorum", "enquiries", "members", "non_elected",
	    "apologies", "substitutions", "declarations", NULL };
	static keylist sub_keys = { "member", "substitute", NULL };
	if (!load_is_map(n, "'membership'"))
		return;
	load_keys(n, keys);
	ms->quorum = (int)load_int(yamltree_get(n, "quorum"), "quorum", 1, 10000,
	    0);
	ms->enquiries = load_text(yamltree_get(n, "enquiries"), "enquiries");
	ms->members = load_persons(ld, n, "members", &ms->nmembers);
	ms->non_elected = load_persons(ld, n, "non_elected", &ms->nnon_elected);
	ms->apologies = load_persons(ld, n, "apologies", &ms->napologies);
	const struct ynode *s = yamltree_get(n, "substitutions");
	if (s != NULL && load_is_seq(s, "substitutions")) {
		ms->substitutions = arena_alloc(ld->a, (s->nitems ? s->nitems : 1) *
		    sizeof *ms->substitutions);
		for (size_t i = 0; i < s->nitems; i++) {
			const struct ynode *e = s->items[i];
			if (!load_is_map(e, "a substitution"))
				continue;
			load_keys(e, sub_keys);
			struct substitution *sb =
			    &ms->substitutions[ms->nsubstitutions++];
			sb->member = load_req_text(e, "member");
			sb->substitute = load_req_text(e, "substitute");
			sb->pos = e->pos;
			const struct ynode *mn = yamltree_get(e, "member");
			const struct ynode *sn = yamltree_get(e, "substitute");
			sb->member_pos = mn != NULL ? mn->pos : e->pos;
			sb->substitute_pos = sn != NULL ? sn->pos : e->pos;
		}
	}
	const struct ynode *d = yamltree_get(n, "declarations");
	if (d != NULL && load_is_seq(d, "declarations")) {
		ms->declarations = arena_alloc(ld->a, (d->nitems ? d->nitems : 1) *
		    sizeof *ms->declarations);
		for (size_t i = 0; i < d->nitems; i++)
			ms->declarations[ms->ndeclarations++] = load_inline(ld,
			    load_langs_scalar(ld, d->items[i]), "declarations");
	}
}

/* 'languages: [cy, en-GB]' (n, or NULL) into m: every fixed phrase and
 * date printed in each, first language first; the first is the
 * document's language. */
static void load_languages(struct loader *ld, const struct ynode *n,
    struct meeting *m)
{
	if (n == NULL || yamltree_is_null(n) || !load_is_seq(n, "languages"))
		return;
	if (n->nitems == 0 || n->nitems > 4) {
		diag(DIAG_ERROR, n->pos, "'languages' must list 1 to 4 languages "
		    "(BCP 47 tags like cy or en-GB)");
		return;
	}
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n->nitems; i++) {
		const char *s = load_text(n->items[i], "languages");
		if (s == NULL || s[0] == '\0' || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s)) {
			diag(DIAG_ERROR, n->items[i]->pos, "'languages': each must be "
			    "a BCP 47 tag like cy or en-GB");
			continue;
		}
		if (i == 0)
			m->lang = s;
		buf_printf(&b, "%s%s", i ? " " : "", s);
	}
	m->langs = arena_strdup(ld->a, b.s ? b.s : m->lang);
	buf_free(&b);
}

/* The meeting from its root mapping. */
static void load_meeting(struct loader *ld, const struct ynode *root,
    struct meeting *m)
{
	static keylist keys = { "council", "committee", "date", "time", "venue",
	    "language", "title", "contact", "notes", "membership", "items", "url",
	    "layout", "standing", "languages", "front_sheet_membership",
	    "supplements", NULL };
	static keylist contact_keys = { "name", "role", "phone", "email", NULL };
	static keylist note_keys = { "title", "text", NULL };
	load_keys(root, keys);
	m->council = load_req_text(root, "council");
	m->committee = load_req_text(root, "committee");
	const struct ynode *date = load_req(root, "date");
	if (date != NULL)
		load_date(date, "date", &m->year, &m->month, &m->day);
	load_time(yamltree_get(root, "time"), "time", &m->hour, &m->minute);
	m->venue = load_req_text(root, "venue");
	m->lang = load_text(yamltree_get(root, "language"), "language");
	if (m->lang == NULL)
		m->lang = "en-GB";
	load_languages(ld, yamltree_get(root, "languages"), m);
	const struct ynode *fm = yamltree_get(root, "front_sheet_membership");
	m->front_membership = fm == NULL ? -1 :
	    load_bool(fm, "front_sheet_membership", false);
	m->title = load_text(yamltree_get(root, "title"), "title");
	const struct ynode *lay = yamltree_get(root, "layout");
	if (lay != NULL) {
		m->layout = load_text(lay, "layout");
		m->layout_pos = lay->pos;
		if (m->layout != NULL && m->layout[0] == '\0')
			m->layout = NULL;
	}
	const struct ynode *st = yamltree_get(root, "standing");
	if (st != NULL) {
		m->standing = load_blocks(ld, st);
		m->has_standing = true;
	}
	m->url = load_text(yamltree_get(root, "url"), "url");
	const struct ynode *c = load_req(root, "contact");
	if (c != NULL && load_is_map(c, "'contact'")) {
		load_keys(c, contact_keys);
		m->contact.name = load_req_text(c, "name");
		m->contact.role = load_text(yamltree_get(c, "role"), "role");
		m->contact.phone = load_text(yamltree_get(c, "phone"), "phone");
		m->contact.email = load_text(yamltree_get(c, "email"), "email");
	} else {
		m->contact.name = "";
	}
	const struct ynode *notes = yamltree_get(root, "notes");
	if (notes != NULL && load_is_seq(notes, "notes")) {
		m->notes = arena_alloc(ld->a, (notes->nitems ? notes->nitems : 1) *
		    sizeof *m->notes);
		for (size_t i = 0; i < notes->nitems; i++) {
			const struct ynode *e = notes->items[i];
			struct note *nt = &m->notes[m->nnotes];
			nt->pos = e->pos;
			if (e->kind == YNODE_SCALAR) {
				nt->text = load_inline(ld, e, "notes");
				m->nnotes++;
				continue;
			}
			if (!load_is_map(e, "a note"))
				continue;
			load_keys(e, note_keys);
			nt->title = load_text(yamltree_get(e, "title"), "title");
			nt->text = load_inline(ld, load_req(e, "text"), "text");
			m->nnotes++;
		}
	}
	const struct ynode *ms = yamltree_get(root, "membership");
	bool have_ms = ms != NULL && !yamltree_is_null(ms);
	if (have_ms)
		load_membership(ld, ms, &m->membership);
	m->pos = root->pos;
	load_items(ld, load_req(root, "items"), m, have_ms);
	load_supplements(ld, yamltree_get(root, "supplements"), m);
}

/* ---- entry points ---- */

/* Maps a parsed top-level document (e: load_tree's result) onto a
 * meeting; load_document and load_document_from_memory share it. */
static struct meeting *load_document_tree(struct arena *a, const char *path,
    int e, struct ynode *root, int before, enum doc_kind *kind, int *status)
{
	if (e < 0 || !load_root_ok(path, root, "a meeting or a minutes paper "
	    "(a mapping of keys; see docs/format.md)")) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	struct loader ld = { a, path, path_dir(a, path) };
	struct meeting *m = arena_alloc(a, sizeof *m);
	m->file = path;
	m->pos = root->pos;
	m->hour = m->minute = -1;
	m->front_membership = -1;
	if (yamltree_get(root, "paper") != NULL) {
		struct paper *p = arena_alloc(a, sizeof *p);
		p->pos = root->pos;
		p->path = path;
		load_paper_root(&ld, root, p);
		if (p->kind == PAPER_MINUTES && p->minutes != NULL) {
			struct minutes *mi = p->minutes;
			*kind = DOC_MINUTES;
			m->standalone = mi;
			m->council = mi->council ? mi->council : "";
			m->committee = mi->committee;
			m->year = mi->year;
			m->month = mi->month;
			m->day = mi->day;
			m->venue = mi->venue;
			if (mi->layout != NULL && mi->layout[0] != '\0') {
				m->layout = mi->layout;
				m->layout_pos = mi->layout_pos;
			}
			m->lang = p->lang ? p->lang : "en-GB";
			m->contact.name = "";
		} else if (p->kind == PAPER_LETTER && p->letter != NULL) {
			struct letter *lt = p->letter;
			*kind = DOC_LETTER;
			m->letter = lt;
			m->council = lt->meeting ? lt->meeting->council : "";
			m->committee = lt->meeting ? lt->meeting->committee : "";
			m->year = lt->y;
			m->month = lt->mo;
			m->day = lt->d;
			m->venue = "";
			m->lang = p->lang ? p->lang : lt->meeting ? lt->meeting->lang : "en-GB";
			m->contact.name = "";
		} else if (p->kind == PAPER_REPORT &&
		    diag_count(DIAG_ERROR) == before) {
			diag(DIAG_ERROR, yamltree_get(root, "paper")->pos, "a report "
			    "cannot be built on its own; name it in a meeting file's "
			    "item 'papers'");
		}
	} else {
		load_meeting(&ld, root, m);
	}
	if (diag_count(DIAG_ERROR) > before)
		*status = AP_EXIT_DATAERR;
	return m;
}

struct meeting *load_document(struct arena *a, const char *path,
    enum doc_kind *kind, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*kind = DOC_MEETING;
	*status = 0;
	struct arena *ta = arena_new();    /* the tree, as load_paper_file */
	int e = load_tree(ta, a, path, &root);
	if (e > 0) {
		load_read_error((struct pos){ path, 0, 0 }, "the file", path, e);
		*status = AP_EXIT_NOINPUT;
		arena_free(ta);
		return NULL;
	}
	struct meeting *m = load_document_tree(a, path, e, root, before, kind,
	    status);
	arena_free(ta);
	return m;
}

struct meeting *load_document_from_memory(struct arena *a, const char *path,
    const char *data, size_t len, enum doc_kind *kind, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root = NULL;
	*kind = DOC_MEETING;
	*status = 0;
	if (len > LOAD_MAX_FILE) {
		load_read_error((struct pos){ path, 0, 0 }, "the file", path, EFBIG);
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	struct arena *ta = arena_new();
	int e = yamltree_parse_split(ta, a, path, data, len, &root) < 0 ?
	    -1 : 0;
	struct meeting *m = load_document_tree(a, path, e, root, before, kind,
	    status);
	arena_free(ta);
	return m;
}
