/*
 * pack.c - the agenda pack: front sheet, contents with exact page
 * ranges, papers, stamps, running text, outline, manifest, and the
 * atomic write of the result.
 *
 * The papers are laid out once, each into its own flow; their pages do
 * not depend on where they fall in the pack.  Only the front sheet,
 * whose contents prints the page ranges, is laid out again until the
 * ranges it prints are the ranges it produces.
 */
#include "pack.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../layout/layout.h"
#include "../merge/merge.h"
#include "../render/render.h"
#include "../validate/validate.h"

#define MAX_PASSES 8

static const char *month_names[] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };
static const char *day_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday" };

/* ---- block builders ---- */

struct bb {
	struct arena *a;
	struct vec v;                      /* struct block */
	struct pos pos;
};

static void bb_init(struct bb *b, struct arena *a, struct pos pos)
{
	b->a = a;
	b->pos = pos;
	vec_init(&b->v, sizeof(struct block));
}

static struct blocks bb_done(struct bb *b)
{
	struct blocks r;
	r.n = b->v.n;
	r.v = vec_to_arena(&b->v, b->a);
	return r;
}

static struct inlines text1(struct arena *a, const char *s, unsigned style, struct pos pos)
{
	struct span *sp = arena_alloc(a, sizeof *sp);
	sp->text = s ? s : "";
	sp->style = style;
	sp->pos = pos;
	struct inlines in = { sp, 1 };
	return in;
}

static struct block *bb_add(struct bb *b, enum block_kind k)
{
	struct block *bl = vec_push(&b->v);
	bl->kind = k;
	bl->pos = b->pos;
	return bl;
}

static struct block *bb_para(struct bb *b, const char *s, unsigned style)
{
	struct block *bl = bb_add(b, BLOCK_PARA);
	bl->u.para.text = text1(b->a, s, style, b->pos);
	return bl;
}

static struct block *bb_inl(struct bb *b, struct inlines in)
{
	struct block *bl = bb_add(b, BLOCK_PARA);
	bl->u.para.text = in;
	return bl;
}

static struct block *bb_heading(struct bb *b, int level, const char *s)
{
	struct block *bl = bb_add(b, BLOCK_HEADING);
	bl->u.heading.level = level;
	bl->u.heading.text = text1(b->a, s, 0, b->pos);
	return bl;
}

/* A one-block cell holding inline text. */
static struct blocks cell_inl(struct arena *a, struct inlines in, struct pos pos)
{
	struct block *bl = arena_alloc(a, sizeof *bl);
	bl->kind = BLOCK_PARA;
	bl->pos = pos;
	bl->u.para.text = in;
	struct blocks r = { bl, 1 };
	return r;
}

static struct blocks cell_text(struct arena *a, const char *s, unsigned style, struct pos pos)
{
	return cell_inl(a, text1(a, s, style, pos), pos);
}

/* A list of plain strings. */
static struct block *bb_list(struct bb *b, enum list_style st, const char **items, size_t n)
{
	struct block *bl = bb_add(b, BLOCK_LIST);
	bl->u.list.style = st;
	bl->u.list.start = 1;
	bl->u.list.n = n;
	bl->u.list.items = arena_alloc(b->a, (n ? n : 1) * sizeof(struct list_item));
	for (size_t i = 0; i < n; i++) {
		bl->u.list.items[i].body = cell_text(b->a, items[i], 0, b->pos);
		bl->u.list.items[i].pos = b->pos;
	}
	return bl;
}

/* A plain two-column key-value table. */
static struct block *bb_kv(struct bb *b, size_t nrows)
{
	struct block *bl = bb_add(b, BLOCK_TABLE);
	struct table *t = &bl->u.table;
	t->style = TABLE_PLAIN;
	t->ncols = 2;
	t->cols = arena_alloc(b->a, 2 * sizeof *t->cols);
	t->cols[1].width = 1;
	t->nrows = 0;
	t->rows = arena_alloc(b->a, (nrows ? nrows : 1) * sizeof *t->rows);
	return bl;
}

static void kv_row(struct arena *a, struct block *bl, struct blocks k, struct blocks v)
{
	struct table *t = &bl->u.table;
	struct table_row *r = &t->rows[t->nrows++];
	r->kind = ROW_NORMAL;
	r->ncells = 2;
	r->cells = arena_alloc(a, 2 * sizeof *r->cells);
	r->cells[0] = k;
	r->cells[1] = v;
	r->pos = bl->pos;
}

static void bb_append(struct bb *b, const struct blocks *src)
{
	for (size_t i = 0; i < src->n; i++)
		*(struct block *)vec_push(&b->v) = src->v[i];
}

/* ---- dates and fields ---- */

/* "Thursday, 08 February 2018" (long) or "08/02/2018" (short). */
static char *date_long(struct arena *a, const struct style *l, int y, int m, int d)
{
	if (l->date_style && strcmp(l->date_style, "short") == 0)
		return arena_printf(a, "%02d/%02d/%04d", d, m, y);
	return arena_printf(a, "%s, %02d %s %d", day_names[date_weekday(y, m, d)], d,
	    month_names[m - 1], y);
}

/* "8 February 2018". */
static char *date_plain(struct arena *a, int y, int m, int d)
{
	return arena_printf(a, "%d %s %d", d, month_names[m - 1], y);
}

/* "9.49am" as minutes print times. */
static char *time_12h(struct arena *a, int h, int m)
{
	return arena_printf(a, "%d.%02d%s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "am" : "pm");
}

struct fields {
	const char *committee, *council, *date, *longdate;
	int page, pages;
	const char *item;
};

/* Expands {field}s of pattern; unknown fields stay as written. */
static char *expand(struct arena *a, const char *pat, const struct fields *f)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = pat; *p; p++) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			if (e) {
				size_t n = (size_t)(e - p - 1);
				const char *v = NULL;
				char num[24];
				if (n == 4 && strncmp(p + 1, "page", 4) == 0) {
					snprintf(num, sizeof num, "%d", f->page);
					v = num;
				} else if (n == 5 && strncmp(p + 1, "pages", 5) == 0) {
					snprintf(num, sizeof num, "%d", f->pages);
					v = num;
				} else if (n == 9 && strncmp(p + 1, "committee", 9) == 0) {
					v = f->committee;
				} else if (n == 7 && strncmp(p + 1, "council", 7) == 0) {
					v = f->council;
				} else if (n == 4 && strncmp(p + 1, "date", 4) == 0) {
					v = f->date;
				} else if (n == 8 && strncmp(p + 1, "longdate", 8) == 0) {
					v = f->longdate;
				} else if (n == 4 && strncmp(p + 1, "item", 4) == 0) {
					v = f->item ? f->item : "";
				}
				if (v) {
					buf_adds(&b, v);
					p = e;
					continue;
				}
			}
		}
		buf_addc(&b, *p);
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* ---- the papers as blocks ---- */

static struct blocks report_blocks(struct arena *a, const struct paper *p)
{
	struct bb b;
	bb_init(&b, a, p->pos);
	if (p->reference) {
		struct block *bl = bb_para(&b, p->reference, SPAN_BOLD);
		bl->u.para.align = ALIGN_RIGHT;
	}
	if (p->nheader > 0) {
		struct block *t = bb_kv(&b, p->nheader);
		for (size_t i = 0; i < p->nheader; i++) {
			const char *lab = arena_printf(a, "%s:", p->header[i].label);
			kv_row(a, t, cell_text(a, lab, SPAN_BOLD, p->header[i].pos),
			    cell_inl(a, p->header[i].value, p->header[i].pos));
		}
	}
	if (p->title)
		bb_heading(&b, 1, p->title);
	bb_append(&b, &p->body);
	return bb_done(&b);
}

static const char *person_str(struct arena *a, const struct person *p)
{
	return p->role ? arena_printf(a, "%s (%s)", p->name, p->role) : p->name;
}

static struct blocks minutes_blocks(struct arena *a, const struct style *l,
    const struct minutes *mi)
{
	struct bb b;
	bb_init(&b, a, mi->pos);
	const char *head = arena_printf(a, "Minutes of the meeting of the %s, held in %s on %s",
	    mi->committee, mi->venue, date_long(a, l, mi->year, mi->month, mi->day));
	bb_heading(&b, 1, head);
	bb_para(&b, "Present:", SPAN_BOLD);
	if (mi->present_heading)
		bb_para(&b, arena_printf(a, "%s:", mi->present_heading), SPAN_BOLD);
	const char **names = arena_alloc(a, (mi->npresent + 1) * sizeof *names);
	for (size_t i = 0; i < mi->npresent; i++)
		names[i] = person_str(a, &mi->present[i]);
	if (mi->npresent)
		bb_list(&b, LIST_NONE, names, mi->npresent);
	if (mi->nalso_present) {
		bb_para(&b, "Also present:", SPAN_BOLD);
		names = arena_alloc(a, mi->nalso_present * sizeof *names);
		for (size_t i = 0; i < mi->nalso_present; i++)
			names[i] = person_str(a, &mi->also_present[i]);
		bb_list(&b, LIST_NONE, names, mi->nalso_present);
	}
	if (mi->nofficers) {
		bb_para(&b, "The following officers were present in support of the meeting:", 0);
		names = arena_alloc(a, mi->nofficers * sizeof *names);
		for (size_t i = 0; i < mi->nofficers; i++)
			names[i] = person_str(a, &mi->officers[i]);
		bb_list(&b, LIST_NONE, names, mi->nofficers);
	}
	if (mi->napologies) {
		bb_para(&b, "Apologies for absence:", SPAN_BOLD);
		names = arena_alloc(a, mi->napologies * sizeof *names);
		for (size_t i = 0; i < mi->napologies; i++)
			names[i] = person_str(a, &mi->apologies[i]);
		bb_list(&b, LIST_NONE, names, mi->napologies);
	}
	for (size_t i = 0; i < mi->nentries; i++) {
		const struct minute *e = &mi->entries[i];
		struct bb hb;
		bb_init(&hb, a, e->pos);
		bb_heading(&b, 2, arena_printf(a, "%s\xc2\xa0\xc2\xa0%s", e->number, e->title));
		bb_append(&b, &e->body);
		vec_free(&hb.v);
	}
	if (mi->closed_h >= 0)
		bb_para(&b, arena_printf(a, "There being no further business the meeting "
		    "closed at %s.", time_12h(a, mi->closed_h, mi->closed_m)), 0);
	struct block *sig = bb_add(&b, BLOCK_SIGNATURE);
	sig->u.signature.role = mi->chair_role ? mi->chair_role : "Chairman";
	return bb_done(&b);
}

static struct blocks membership_blocks(struct arena *a, const struct meeting *m,
    const struct item *it)
{
	const struct membership *ms = &m->membership;
	struct bb b;
	bb_init(&b, a, it->pos);
	struct block *t = bb_kv(&b, 2);
	kv_row(a, t, cell_text(a, "Committee:", SPAN_BOLD, it->pos),
	    cell_text(a, m->committee, 0, it->pos));
	if (ms->enquiries)
		kv_row(a, t, cell_text(a, "Enquiries to:", SPAN_BOLD, it->pos),
		    cell_text(a, ms->enquiries, 0, it->pos));
	bb_heading(&b, 1, it->title);
	bb_para(&b, "Recommendations:", SPAN_BOLD);
	bb_para(&b, "To note", 0);
	const char *recs[] = { "Membership as shown below", "Apologies and substitutions",
	    "Declarations of interest to be made by Members in accordance with the "
	    "Members\xe2\x80\x99 Code of Conduct" };
	bb_list(&b, LIST_NUMBER, recs, 3);
	bb_heading(&b, 2, "Membership");
	if (ms->quorum > 0)
		bb_para(&b, arena_printf(a, "(Quorum: %d)", ms->quorum), 0);
	if (ms->nmembers) {
		t = bb_kv(&b, ms->nmembers);
		t->u.table.cols[0].width = 0;
		t->u.table.cols[1].width = 0;
		for (size_t i = 0; i < ms->nmembers; i++)
			kv_row(a, t, cell_text(a, ms->members[i].name, 0, ms->members[i].pos),
			    cell_text(a, ms->members[i].role ? ms->members[i].role : "", 0,
			    ms->members[i].pos));
	}
	if (ms->nnon_elected) {
		bb_heading(&b, 2, "Non-elected Members");
		const char **names = arena_alloc(a, ms->nnon_elected * sizeof *names);
		for (size_t i = 0; i < ms->nnon_elected; i++)
			names[i] = person_str(a, &ms->non_elected[i]);
		bb_list(&b, LIST_NONE, names, ms->nnon_elected);
	}
	if (ms->napologies) {
		bb_heading(&b, 2, "Apologies");
		const char **names = arena_alloc(a, ms->napologies * sizeof *names);
		for (size_t i = 0; i < ms->napologies; i++)
			names[i] = person_str(a, &ms->apologies[i]);
		bb_list(&b, LIST_NONE, names, ms->napologies);
	}
	if (ms->nsubstitutions) {
		bb_heading(&b, 2, "Substitutions");
		const char **names = arena_alloc(a, ms->nsubstitutions * sizeof *names);
		for (size_t i = 0; i < ms->nsubstitutions; i++)
			names[i] = arena_printf(a, "%s for %s", ms->substitutions[i].substitute,
			    ms->substitutions[i].member);
		bb_list(&b, LIST_NONE, names, ms->nsubstitutions);
	}
	if (ms->ndeclarations) {
		bb_heading(&b, 2, "Declarations of interest");
		struct block *bl = bb_add(&b, BLOCK_LIST);
		bl->u.list.style = LIST_BULLET;
		bl->u.list.n = ms->ndeclarations;
		bl->u.list.items = arena_alloc(a, ms->ndeclarations * sizeof(struct list_item));
		for (size_t i = 0; i < ms->ndeclarations; i++)
			bl->u.list.items[i].body = cell_inl(a, ms->declarations[i], it->pos);
	}
	return bb_done(&b);
}

/* ---- the front sheet ---- */

struct range {
	int first, last;                   /* printed page numbers; 0: none */
};

static bool item_in_edition(const struct item *it, const struct pack_options *o)
{
	return !(it->exempt && o->edition == EDITION_PUBLIC);
}

/* The papers of item it that this pack carries. */
static bool paper_in_pack(const struct item *it, const struct paper *p,
    const struct pack_options *o)
{
	if (!item_in_edition(it, o))
		return false;
	if (o->supplement)
		return p->late;
	/* The main pack carries late papers too once they exist; the
	 * supplement carries only them. */
	return true;
}

static struct table_row item_row(struct arena *a, const struct item *it, struct range r)
{
	struct table_row row = { .kind = ROW_NORMAL, .ncells = 3, .pos = it->pos };
	row.cells = arena_alloc(a, 3 * sizeof *row.cells);
	row.cells[0] = cell_text(a, it->number, SPAN_BOLD, it->pos);
	struct bb b;
	bb_init(&b, a, it->pos);
	bb_para(&b, it->title, SPAN_BOLD);
	if (it->description.n)
		bb_inl(&b, it->description);
	bb_append(&b, &it->notes);
	row.cells[1] = bb_done(&b);
	if (r.first > 0) {
		struct span *sp = arena_alloc(a, sizeof *sp);
		sp->text = arena_printf(a, "%d\xc2\xa0-\xc2\xa0%d", r.first, r.last);
		sp->href = arena_printf(a, "#item-%s", it->number);
		sp->pos = it->pos;
		struct inlines in = { sp, 1 };
		row.cells[2] = cell_inl(a, in, it->pos);
	} else {
		row.cells[2] = cell_text(a, "", 0, it->pos);
	}
	return row;
}

static struct block *items_table(struct bb *b, size_t n)
{
	struct block *bl = bb_add(b, BLOCK_TABLE);
	struct table *t = &bl->u.table;
	t->style = TABLE_PLAIN;
	t->ncols = 3;
	t->cols = arena_alloc(b->a, 3 * sizeof *t->cols);
	t->cols[0].width = 0.08;
	t->cols[1].width = 0.74;
	t->cols[2].width = 0.18;
	t->cols[2].align = ALIGN_RIGHT;
	t->cols[2].title = "Pages";
	t->toc = true;
	t->rows = arena_alloc(b->a, (n ? n : 1) * sizeof *t->rows);
	return bl;
}

static struct blocks front_blocks(struct arena *a, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const struct range *ranges)
{
	struct bb b;
	bb_init(&b, a, m->pos);
	struct block *bl = bb_para(&b, m->council, SPAN_BOLD);
	bl->u.para.size = l->size_title;
	bl = bb_heading(&b, 1, o->supplement ? arena_printf(a, "%s: Supplementary agenda",
	    m->committee) : m->committee);

	/* Time, date and venue on one line. */
	struct block *t = bb_add(&b, BLOCK_TABLE);
	t->u.table.style = TABLE_PLAIN;
	t->u.table.ncols = 3;
	t->u.table.cols = arena_alloc(a, 3 * sizeof *t->u.table.cols);
	t->u.table.cols[0].width = 0;      /* the time: as wide as it is */
	t->u.table.cols[1].width = 0.42;
	t->u.table.cols[2].width = 0.58;
	t->u.table.nrows = 1;
	t->u.table.rows = arena_alloc(a, sizeof *t->u.table.rows);
	t->u.table.rows[0].ncells = 3;
	t->u.table.rows[0].cells = arena_alloc(a, 3 * sizeof(struct blocks));
	t->u.table.rows[0].cells[0] = cell_text(a, m->hour >= 0 ?
	    arena_printf(a, "%02d:%02d", m->hour, m->minute) : "", SPAN_BOLD, m->pos);
	t->u.table.rows[0].cells[1] = cell_text(a, date_long(a, l, m->year, m->month, m->day),
	    SPAN_BOLD, m->pos);
	t->u.table.rows[0].cells[2] = cell_text(a, m->venue, SPAN_BOLD, m->pos);

	bb_para(&b, "For information about the meeting please ask for:", 0);
	if (m->contact.name)
		bb_para(&b, m->contact.role ? arena_printf(a, "%s, %s", m->contact.name,
		    m->contact.role) : m->contact.name, SPAN_BOLD);
	if (m->contact.phone)
		bb_para(&b, arena_printf(a, "Telephone: %s", m->contact.phone), 0);
	if (m->contact.email) {
		struct span *sp = arena_alloc(a, 2 * sizeof *sp);
		sp[0].text = "Email: ";
		sp[0].pos = m->pos;
		sp[1].text = m->contact.email;
		sp[1].href = arena_printf(a, "mailto:%s", m->contact.email);
		sp[1].pos = m->pos;
		struct inlines in = { sp, 2 };
		bb_inl(&b, in);
	}
	for (size_t i = 0; i < m->nnotes; i++) {
		bb_para(&b, m->notes[i].title, SPAN_BOLD)->u.para.keep_with_next = true;
		bb_inl(&b, m->notes[i].text);
	}

	/* The items, public ones first, exempt ones after the statutory
	 * wording. */
	size_t nshown = 0, nexempt = 0;
	for (size_t i = 0; i < m->nitems; i++) {
		if (o->supplement) {
			bool late = false;
			for (size_t k = 0; k < m->items[i].npapers; k++)
				late |= m->items[i].papers[k].late;
			if (!late)
				continue;
		}
		if (m->items[i].exempt)
			nexempt++;
		else
			nshown++;
	}
	struct block *tab = items_table(&b, nshown);
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		if (it->exempt)
			continue;
		if (o->supplement) {
			bool late = false;
			for (size_t k = 0; k < it->npapers; k++)
				late |= it->papers[k].late;
			if (!late)
				continue;
		}
		tab->u.table.rows[tab->u.table.nrows++] = item_row(a, it, ranges[i]);
	}
	/* The exclusion wording only where there is exempt business to
	 * exclude the public from. */
	if (!o->supplement && nexempt > 0) {
		bb_heading(&b, 2, "Exempt Items");
		if (l->exempt_heading_note.n)
			bb_inl(&b, l->exempt_heading_note);
		bb_append(&b, &l->exempt_wording);
	}
	if (nexempt) {
		struct block *et = items_table(&b, nexempt);
		et->u.table.cols[2].title = NULL;
		for (size_t i = 0; i < m->nitems; i++) {
			const struct item *it = &m->items[i];
			if (!it->exempt)
				continue;
			struct table_row row = item_row(a, it, ranges[i]);
			if (it->exempt_reason) {
				struct bb cb;
				bb_init(&cb, a, it->pos);
				bb_append(&cb, &row.cells[1]);
				bb_para(&cb, it->exempt_reason, SPAN_ITALIC);
				row.cells[1] = bb_done(&cb);
			}
			et->u.table.rows[et->u.table.nrows++] = row;
		}
	}
	return bb_done(&b);
}

/* ---- assembly ---- */

struct pflow {
	size_t item;                       /* index of its item */
	struct flow *f;
	struct merge_appendix *ap;         /* a PDF paper's file, or NULL */
};

/* A PDF paper as a flow of placeholder pages, one per selected page of
 * the file, each a Figure named by the paper's title up to its colon
 * ("Appendix A, page 3").  Returns NULL after reporting. */
static struct flow *appendix_flow(struct arena *a, struct lctx *lc, const struct paper *p,
    const struct pack_options *o, struct merge_appendix *ap)
{
	struct merge_opts mo = { .pdfa = o->pdfa, .max_pages = o->max_pages };
	if (merge_probe(a, p, &mo, ap) != 0)
		return NULL;
	const char *label = p->title ? p->title : ap->name;
	const char *colon = strchr(label, ':');
	if (colon)
		label = arena_strndup(a, label, (size_t)(colon - label));
	size_t n = (size_t)(ap->last - ap->first + 1);
	const char **alt = arena_alloc(a, n * sizeof *alt);
	for (size_t i = 0; i < n; i++)
		alt[i] = arena_printf(a, "%s, page %zu", label, i + 1);
	if (o->tagged)
		diag(DIAG_WARNING, p->pos, "%s: %s; its pages go into the structure tree as "
		    "figures with alt text only", ap->name, ap->tagged ? "its own tags "
		    "are not carried over" : "the file is not tagged, so it is not itself "
		    "accessible");
	return layout_placeholder_flow(lc, n, ap->w, ap->h, alt,
	    p->title ? p->title : ap->name);
}

/* White boxes behind the stamps added to a placeholder page since op
 * `from`, so they stay legible over the appendix page's own header or
 * footer; drawn after the appendix page and before the stamps. */
static void stamp_backing(struct page *p, size_t from)
{
	if (p->nops == 0 || p->ops[0].kind != OP_PLACEHOLDER || from >= p->nops)
		return;
	size_t nstamps = p->nops - from;
	for (size_t k = from; k < from + nstamps; k++) {
		const struct op *t = &p->ops[k];
		if (t->kind != OP_TEXT)
			continue;
		int pad = t->size / 4;
		struct op r = { .kind = OP_RECT, .role = SR_ARTIFACT, .node = -1,
		    .color = 0xFFFFFF, .x = t->x - pad, .y = t->y - t->size - pad / 2,
		    .w = t->w + 2 * pad, .h = t->size * 13 / 10 + pad };
		page_add_op(p, &r);
	}
	/* The boxes go just after the placeholder (op 0). */
	size_t nb = p->nops - from - nstamps;
	struct op *tmp = xmalloc((nb ? nb : 1) * sizeof *tmp);
	memcpy(tmp, p->ops + from + nstamps, nb * sizeof *tmp);
	memmove(p->ops + 1 + nb, p->ops + 1, (from + nstamps - 1) * sizeof *tmp);
	memcpy(p->ops + 1, tmp, nb * sizeof *tmp);
	free(tmp);
}

static void stamp_page(struct lctx *lc, const struct style *l, struct page *p,
    const struct fields *fl, struct arena *a)
{
	int x0, y0, x1, y1;
	layout_content_box(lc, p->landscape, &x0, &y0, &x1, &y1);
	size_t nops_before = p->nops;
	uint32_t col = 0x000000;
	int fs = l->size_small > 0 ? l->size_small : PT(9);
	int ytop = l->margin_top / 2 + fs / 2;
	int ybot = p->h - l->margin_bottom / 2 + fs / 2;
	const struct running *hs[2] = { &l->header, &l->footer };
	int ys[2] = { ytop, ybot };
	for (int k = 0; k < 2; k++) {
		if (hs[k]->left && *hs[k]->left)
			layout_add_text(lc, p, x0, ys[k], FONT_REGULAR, fs, col, ALIGN_LEFT,
			    expand(a, hs[k]->left, fl));
		if (hs[k]->centre && *hs[k]->centre)
			layout_add_text(lc, p, (x0 + x1) / 2, ys[k], FONT_REGULAR, fs, col,
			    ALIGN_CENTRE, expand(a, hs[k]->centre, fl));
		if (hs[k]->right && *hs[k]->right)
			layout_add_text(lc, p, x1, ys[k], FONT_REGULAR, fs, col, ALIGN_RIGHT,
			    expand(a, hs[k]->right, fl));
	}
	/* Every page carries its number, whatever the running text says. */
	bool has_page = false;
	for (int k = 0; k < 2; k++) {
		const char *s[3] = { hs[k]->left, hs[k]->centre, hs[k]->right };
		for (int j = 0; j < 3; j++)
			if (s[j] && strstr(s[j], "{page}"))
				has_page = true;
	}
	if (!has_page)
		layout_add_text(lc, p, (x0 + x1) / 2, ybot, FONT_REGULAR, fs, col, ALIGN_CENTRE,
		    arena_printf(a, "Page %d", fl->page));
	if (p->item_first && p->item) {
		int sz = l->size_body;
		int y = y0 - sz / 2;
		layout_add_text(lc, p, x1, y, FONT_BOLD, sz, col, ALIGN_RIGHT,
		    arena_printf(a, "Agenda item %s", p->item));
	}
	if (p->exempt) {
		int sz = l->size_body;
		layout_add_text(lc, p, (x0 + x1) / 2, l->margin_top / 2 - sz / 2, FONT_BOLD, sz,
		    0xC00000, ALIGN_CENTRE, "NOT FOR PUBLICATION");
	}
	if (p->blank) {
		layout_add_text(lc, p, (x0 + x1) / 2, (y0 + y1) / 2, FONT_ITALIC, l->size_body,
		    col, ALIGN_CENTRE, "This page is intentionally left blank");
	}
	stamp_backing(p, nops_before);
}

/* A large pale word across the page, beneath everything else on it.
 * Pale grey rather than transparent, which PDF/A-1 forbids. */
static void watermark(struct lctx *lc, struct page *p, const char *word)
{
	int size = PT(110);
	int w = layout_text_width(lc, FONT_BOLD, size, word);
	/* Start so that the turned word's centre is the page's centre. */
	int cx = p->w / 2, cy = p->h / 2;
	int dx = (int)((w / 2.0 - size * 0.35 * -1) * 0.70710678);
	int x = cx - (int)(w / 2.0 * 0.70710678) + (int)(size * 0.35 * 0.70710678);
	int y = cy + (int)(w / 2.0 * 0.70710678) + (int)(size * 0.35 * 0.70710678);
	(void)dx;
	size_t before = p->nops;
	layout_add_text(lc, p, x, y, FONT_BOLD, size, 0xE0E0E0, ALIGN_LEFT, word);
	for (size_t k = before; k < p->nops; k++) {
		p->ops[k].flags |= OPF_ROT45;
		/* Runs after the first sit along the turned baseline. */
		int along = p->ops[k].x - x;
		p->ops[k].x = x + (int)(along * 0.70710678);
		p->ops[k].y = y - (int)(along * 0.70710678);
	}
	page_ops_to_back(p, p->nops - before);
}

/* Writes data to path atomically: a temporary file in the same folder,
 * renamed over path.  A path that is not a regular file (a device, a
 * pipe) is written in place.  Returns 0 or an exit status (73). */
static int write_out(const char *path, const void *data, size_t len, char **tmp_out)
{
	struct stat st;
	*tmp_out = NULL;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_plain(DIAG_ERROR, "cannot write %s: it is a directory", path);
			return AP_EXIT_CANTCREAT;
		}
		FILE *f = fopen(path, "wb");
		if (f == NULL || fwrite(data, 1, len, f) != len || fflush(f) != 0) {
			diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
			if (f)
				fclose(f);
			return AP_EXIT_CANTCREAT;
		}
		if (fclose(f) != 0) {
			diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
			return AP_EXIT_CANTCREAT;
		}
		return 0;
	}
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 16);
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return AP_EXIT_CANTCREAT;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return AP_EXIT_CANTCREAT;
		}
		p += w;
		left -= (size_t)w;
	}
	if (close(fd) != 0) {
		diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return AP_EXIT_CANTCREAT;
	}
	/* Keep the permissions an existing file had; else the umask's. */
	mode_t um = umask(0);
	umask(um);
	chmod(tmp, stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~um);
	*tmp_out = tmp;
	return 0;
}

static void json_str(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

/* Renders the PDF and, when the pack has PDF appendices, draws their
 * pages onto their placeholders (src/merge). */
static int render_merged(const struct render_doc *rd, struct fontset *fs,
    const struct vec *places, bool pdfa, unsigned char **out, size_t *len)
{
	int status = render_pdf(rd, fs, out, len);
	if (status != 0 || places->n == 0)
		return status;
	unsigned char *merged = NULL;
	size_t mlen = 0;
	status = merge_pages(*out, *len, places->v, places->n, pdfa, &merged, &mlen);
	free(*out);
	*out = merged;
	*len = status == 0 ? mlen : 0;
	return status;
}

/* The creation time: SOURCE_DATE_EPOCH when set, else now. */
static time_t build_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
		diag_plain(DIAG_WARNING, "SOURCE_DATE_EPOCH '%s' is not a number of seconds; "
		    "using the current time", e);
	}
	return time(NULL);
}

int pack_build(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o, const char *out)
{
	struct fontset *fs = fontset_open(l, o->font_dir, o->source_dir);
	if (fs == NULL)
		return AP_EXIT_DATAERR;
	struct lctx *lc = layout_new(a, l, fs);
	int status = 0;
	struct fields fl = { .committee = m->committee, .council = m->council };

	/* The papers, each laid out once. */
	struct vec pf;
	vec_init(&pf, sizeof(struct pflow));
	bool standalone = m->standalone != NULL;
	if (standalone) {
		fl.committee = m->standalone->committee;
		fl.date = date_plain(a, m->standalone->year, m->standalone->month,
		    m->standalone->day);
		fl.longdate = date_long(a, l, m->standalone->year, m->standalone->month,
		    m->standalone->day);
		struct blocks b = minutes_blocks(a, l, m->standalone);
		struct pflow *p = vec_push(&pf);
		p->item = (size_t)-1;
		p->f = layout_flow(lc, &b, false, NULL);
	} else {
		fl.date = date_plain(a, m->year, m->month, m->day);
		fl.longdate = date_long(a, l, m->year, m->month, m->day);
		for (size_t i = 0; i < m->nitems; i++) {
			const struct item *it = &m->items[i];
			for (size_t k = 0; k < it->npapers; k++) {
				const struct paper *p = &it->papers[k];
				if (!paper_in_pack(it, p, o))
					continue;
				struct blocks b;
				if (p->kind == PAPER_MEMBERSHIP)
					b = membership_blocks(a, m, it);
				else if (p->kind == PAPER_MINUTES && p->minutes)
					b = minutes_blocks(a, l, p->minutes);
				else if (p->kind == PAPER_REPORT)
					b = report_blocks(a, p);
				else if (p->kind == PAPER_PDF) {
					struct merge_appendix *ap = arena_alloc(a, sizeof *ap);
					struct flow *af = appendix_flow(a, lc, p, o, ap);
					if (af == NULL) {
						status = AP_EXIT_DATAERR;
						continue;
					}
					struct pflow *f = vec_push(&pf);
					f->item = i;
					f->f = af;
					f->ap = ap;
					continue;
				} else
					continue;
				struct pflow *f = vec_push(&pf);
				f->item = i;
				f->f = layout_flow(lc, &b, p->landscape, NULL);
			}
		}
	}
	struct pflow *papers = pf.v;
	size_t npapers = pf.n;
	if (o->supplement && npapers == 0) {
		diag(DIAG_ERROR, m->pos, "no paper is marked 'late: true', so there is no "
		    "supplementary pack to make");
		vec_free(&pf);
		layout_free(lc);
		fontset_free(fs);
		return AP_EXIT_DATAERR;
	}

	/* The front sheet and standing pages, until the ranges settle. */
	struct range *ranges = arena_alloc(a, (m->nitems + 1) * sizeof *ranges);
	struct range *next = arena_alloc(a, (m->nitems + 1) * sizeof *next);
	struct flow *front = NULL, *standing = NULL;
	if (status != 0)
		goto done;               /* an appendix could not be read */
	if (!standalone) {
		for (size_t i = 0; i < m->nitems; i++)
			for (size_t k = 0; k < npapers; k++)
				if (papers[k].item == i)
					ranges[i].first = ranges[i].last = 999;
		if (l->standing.n > 0 && !o->supplement)
			standing = layout_flow(lc, &l->standing, false, NULL);
	}
	int passes = 0;
	size_t total = 0;
	for (;;) {
		size_t nfront = 0;
		if (!standalone) {
			if (front)
				layout_flow_free(front);
			struct blocks fb = front_blocks(a, m, l, o, ranges);
			front = layout_flow(lc, &fb, false, NULL);
			nfront = front->npages + (standing ? standing->npages : 0);
		}
		/* Where each paper falls, given nfront front pages. */
		size_t pos = nfront;
		memset(next, 0, (m->nitems + 1) * sizeof *next);
		for (size_t k = 0; k < npapers; k++) {
			if (o->duplex && pos % 2 == 1)
				pos++;           /* papers start on odd pages */
			size_t it = papers[k].item;
			if (it != (size_t)-1) {
				if (next[it].first == 0)
					next[it].first = (int)pos + 1;
				next[it].last = (int)(pos + papers[k].f->npages);
			}
			pos += papers[k].f->npages;
		}
		total = pos;
		passes++;
		if (standalone || memcmp(next, ranges, m->nitems * sizeof *ranges) == 0)
			break;
		memcpy(ranges, next, m->nitems * sizeof *ranges);
		if (passes >= MAX_PASSES) {
			diag(DIAG_ERROR, m->pos, "the contents' page numbers did not settle "
			    "after %d passes; no pack was written", passes);
			status = AP_EXIT_DATAERR;
			goto done;
		}
	}
	if (total > (size_t)o->max_pages) {
		diag(DIAG_ERROR, m->pos, "the pack would have %zu pages, more than the "
		    "limit of %d (raise it with --max-pages)", total, o->max_pages);
		status = AP_EXIT_DATAERR;
		goto done;
	}

	/* The pages in order, numbered and stamped. */
	struct page **pages = xcalloc(total + 1, sizeof *pages);
	struct vec outline, dests;
	vec_init(&outline, sizeof(struct outline_entry));
	vec_init(&dests, sizeof(struct dest));
	struct vec places;                 /* struct merge_place */
	vec_init(&places, sizeof(struct merge_place));
	size_t np = 0;
	if (front)
		for (size_t i = 0; i < front->npages; i++)
			pages[np++] = front->pages[i];
	if (standing)
		for (size_t i = 0; i < standing->npages; i++)
			pages[np++] = standing->pages[i];
	size_t last_item = (size_t)-1;
	for (size_t k = 0; k < npapers; k++) {
		if (o->duplex && np % 2 == 1) {
			struct page *bp = layout_blank_page(lc, false);
			bp->blank = true;
			pages[np++] = bp;
		}
		size_t ii = papers[k].item;
		const struct item *it = ii != (size_t)-1 ? &m->items[ii] : NULL;
		size_t base = np;
		for (size_t i = 0; i < papers[k].f->npages; i++) {
			struct page *p = papers[k].f->pages[i];
			if (it) {
				p->item = it->number;
				p->exempt = it->exempt;
			}
			if (papers[k].ap) {
				struct merge_place *mp = vec_push(&places);
				mp->page = np;
				mp->ap = papers[k].ap;
				mp->pageno = papers[k].ap->first + (int)i;
			}
			pages[np++] = p;
		}
		if (it && ii != last_item) {
			pages[base]->item_first = true;
			struct outline_entry *e = vec_push(&outline);
			e->level = 1;
			e->title = arena_printf(a, "%s. %s", it->number, it->title);
			e->page = (int)base;
			e->y = 0;
			struct dest *d = vec_push(&dests);
			d->name = arena_printf(a, "item-%s", it->number);
			d->page = (int)base;
			d->y = 0;
			last_item = ii;
		}
		for (size_t q = 0; q < papers[k].f->nmarks; q++) {
			const struct mark *mk = &papers[k].f->marks[q];
			if (mk->level <= 0)
				continue;
			struct outline_entry *e = vec_push(&outline);
			e->level = it ? mk->level + 1 : mk->level;
			e->title = mk->text;
			e->page = (int)base + mk->page;
			e->y = mk->y;
		}
	}
	for (size_t i = 0; i < np; i++) {
		pages[i]->number = (int)i + 1;
		fl.page = (int)i + 1;
		fl.pages = (int)np;
		fl.item = pages[i]->item;
		stamp_page(lc, l, pages[i], &fl, a);
		if (o->draft)
			watermark(lc, pages[i], "DRAFT");
	}

	/* The structure tree's roots: the flows in the pack, in order. */
	int *roots = arena_alloc(a, (npapers + 3) * sizeof *roots);
	size_t nroots = 0;
	if (front)
		roots[nroots++] = front->root;
	if (standing)
		roots[nroots++] = standing->root;
	for (size_t k = 0; k < npapers; k++)
		roots[nroots++] = papers[k].f->root;
	size_t nnodes;
	const struct snode *nodes = layout_nodes(lc, &nnodes);
	struct render_doc rd = { .nodes = nodes, .nnodes = nnodes, .roots = roots,
	    .nroots = nroots, .pages = pages, .npages = np, .outline = outline.v,
	    .noutline = outline.n, .dests = dests.v, .ndests = dests.n,
	    .author = m->council, .lang = m->lang ? m->lang : "en-GB",
	    .pdfa = o->pdfa, .tagged = o->tagged };
	struct fields tf = fl;
	if (standalone) {
		rd.title = arena_printf(a, "%s, %s: minutes", fl.committee, fl.date);
		rd.author = m->standalone->council ? m->standalone->council : m->council;
		rd.subject = arena_printf(a, "Minutes of the meeting of the %s held on %s",
		    fl.committee, fl.date);
	} else {
		rd.title = m->title ? m->title : expand(a, l->title_pattern ? l->title_pattern :
		    "{committee}, {date}: agenda pack", &tf);
		if (o->supplement)
			rd.title = arena_printf(a, "%s (supplementary agenda)", rd.title);
		rd.subject = arena_printf(a, "Agenda and papers for the meeting of the %s on %s",
		    fl.committee, fl.date);
	}
	rd.keywords = arena_printf(a, "agenda; %s; %s", fl.committee, fl.date);
	rd.created = build_time();

	char *tmp_pdf = NULL, *tmp_json = NULL;
	if (o->dump) {
		FILE *f = strcmp(o->dump, "-") == 0 ? stdout : fopen(o->dump, "w");
		if (f == NULL) {
			diag_plain(DIAG_ERROR, "cannot write %s: %s", o->dump, strerror(errno));
			status = AP_EXIT_CANTCREAT;
		} else {
			render_dump(&rd, fs, f);
			if (f != stdout)
				fclose(f);
			else
				fflush(stdout);
		}
	}
	if (status == 0 && o->pdf_mem != NULL) {
		*o->pdf_mem = NULL;
		*o->pdf_mem_len = 0;
		status = render_merged(&rd, fs, &places, o->pdfa, o->pdf_mem, o->pdf_mem_len);
		if (status == 0 && o->hook != NULL) {
			struct pack_assembled pa = { .rd = &rd, .fs = fs, .places = places.v,
			    .nplaces = places.n, .pdfa = o->pdfa };
			status = o->hook->assembled(o->hook->ctx, &pa);
		}
	} else if (status == 0 && (out != NULL && (o->dump == NULL || strcmp(out, "-") != 0))) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		status = render_merged(&rd, fs, &places, o->pdfa, &pdf, &len);
		if (status == 0)
			status = write_out(out, pdf, len, &tmp_pdf);
		free(pdf);
	}
	if (status == 0 && o->manifest) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "{\"pages\": %zu, \"items\": [", np);
		for (size_t i = 0; i < m->nitems; i++) {
			const struct item *it = &m->items[i];
			buf_adds(&b, i ? ",\n  {\"number\": " : "\n  {\"number\": ");
			json_str(&b, it->number);
			buf_adds(&b, ", \"title\": ");
			json_str(&b, it->title);
			if (ranges[i].first > 0)
				buf_printf(&b, ", \"first_page\": %d, \"last_page\": %d",
				    ranges[i].first, ranges[i].last);
			else
				buf_adds(&b, ", \"first_page\": null, \"last_page\": null");
			buf_printf(&b, ", \"exempt\": %s}", it->exempt ? "true" : "false");
		}
		buf_adds(&b, "\n]}\n");
		status = write_out(o->manifest, b.s, b.len, &tmp_json);
		buf_free(&b);
	}
	/* Only now, with everything written, do the files take their names. */
	if (status == 0) {
		if (tmp_pdf && rename(tmp_pdf, out) != 0) {
			diag_plain(DIAG_ERROR, "cannot write %s: %s", out, strerror(errno));
			status = AP_EXIT_CANTCREAT;
		}
		if (status == 0 && tmp_json && rename(tmp_json, o->manifest) != 0) {
			diag_plain(DIAG_ERROR, "cannot write %s: %s", o->manifest, strerror(errno));
			status = AP_EXIT_CANTCREAT;
		}
	}
	if (tmp_pdf) {
		if (status != 0)
			unlink(tmp_pdf);
		free(tmp_pdf);
	}
	if (tmp_json) {
		if (status != 0)
			unlink(tmp_json);
		free(tmp_json);
	}
	for (size_t i = 0; i < np; i++) {
		free(pages[i]->ops);
		pages[i]->ops = NULL;
	}
	free(pages);
	vec_free(&outline);
	vec_free(&dests);
	vec_free(&places);
done:
	if (front)
		layout_flow_free(front);
	if (standing)
		layout_flow_free(standing);
	for (size_t k = 0; k < npapers; k++) {
		layout_flow_free(papers[k].f);
		merge_close(papers[k].ap);
	}
	vec_free(&pf);
	layout_free(lc);
	fontset_free(fs);
	return status;
}
