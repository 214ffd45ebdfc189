/*
 * compose.c - the pack's own content as blocks (model.h), ready for
 * layout: the front sheet with its contents table, the membership paper,
 * a report's header (minutes are minutes.c's); and the {field} patterns of
 * running text and titles.  Nothing here knows pages: assemble.c lays
 * these blocks out and places them.
 */
#include "pack-int.h"
#include "../load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/date.h"

/* ---- block builders ---- */

/* Starts an empty list of blocks, each placed at pos. */
void bb_init(struct bb *b, struct arena *a, struct pos pos)
{
	b->a = a;
	b->pos = pos;
	vec_init(&b->v, sizeof(struct block));
}

/* Moves the blocks into the arena and returns them. */
struct blocks bb_done(struct bb *b)
{
	struct blocks r;
	r.n = b->v.n;
	r.v = vec_to_arena(&b->v, b->a);
	return r;
}

/* One span of text s (NULL: empty) in style. */
struct inlines text1(struct arena *a, const char *s, unsigned style, struct pos pos)
{
	struct span *sp = arena_alloc(a, sizeof *sp);
	sp->text = s ? s : "";
	sp->style = style;
	sp->pos = pos;
	struct inlines in = { sp, 1 };
	return in;
}

/* Appends a zeroed block of kind k. */
struct block *bb_add(struct bb *b, enum block_kind k)
{
	struct block *bl = vec_push(&b->v);
	bl->kind = k;
	bl->pos = b->pos;
	return bl;
}

/* Appends a paragraph of plain text in style. */
struct block *bb_para(struct bb *b, const char *s, unsigned style)
{
	struct block *bl = bb_add(b, BLOCK_PARA);
	bl->u.para.text = text1(b->a, s, style, b->pos);
	return bl;
}

/* Appends a paragraph of inline text. */
struct block *bb_inl(struct bb *b, struct inlines in)
{
	struct block *bl = bb_add(b, BLOCK_PARA);
	bl->u.para.text = in;
	return bl;
}

/* Appends a heading of level 1..3. */
struct block *bb_heading(struct bb *b, int level, const char *s)
{
	struct block *bl = bb_add(b, BLOCK_HEADING);
	bl->u.heading.level = level;
	bl->u.heading.text = text1(b->a, s, 0, b->pos);
	return bl;
}

/* A one-block cell holding inline text. */
struct blocks cell_inl(struct arena *a, struct inlines in, struct pos pos)
{
	struct block *bl = arena_alloc(a, sizeof *bl);
	bl->kind = BLOCK_PARA;
	bl->pos = pos;
	bl->u.para.text = in;
	struct blocks r = { bl, 1 };
	return r;
}

/* A one-block cell holding plain text in style. */
struct blocks cell_text(struct arena *a, const char *s, unsigned style, struct pos pos)
{
	return cell_inl(a, text1(a, s, style, pos), pos);
}

/* A list of plain strings. */
struct block *bb_list(struct bb *b, enum list_style st, const char **items, size_t n)
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
struct block *bb_kv(struct bb *b, size_t nrows)
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

/* Appends a row (k, v) to a table made by bb_kv(). */
void kv_row(struct arena *a, struct block *bl, struct blocks k, struct blocks v)
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

/* Appends copies of the blocks src. */
void bb_append(struct bb *b, const struct blocks *src)
{
	for (size_t i = 0; i < src->n; i++)
		*(struct block *)vec_push(&b->v) = src->v[i];
}

/* ---- dates and fields ---- */

size_t pack_langs(struct arena *a, const char *langs,
    const char *v[PACK_MAX_LANGS])
{
	size_t n = 0;
	const char *p = langs ? langs : "";
	while (*p && n < PACK_MAX_LANGS) {
		size_t w = strcspn(p, " ");
		if (w > 0)
			v[n++] = arena_strndup(a, p, w);
		p += w;
		p += strspn(p, " ");
	}
	if (n == 0)
		v[n++] = "en-GB";
	return n;
}

/* b with " / " and s appended (s alone when b is empty; nothing when
 * b already holds s as one of its pieces: "10:30" once). */
static void join_add(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = b->len ? b->s : NULL; p != NULL; ) {
		const char *e = strstr(p, " / ");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return;
		p = e ? e + 3 : NULL;
	}
	if (b->len > 0)
		buf_adds(b, " / ");
	buf_adds(b, s);
}

/* The buffer's text in the arena, and the buffer freed. */
static char *join_done(struct arena *a, struct buf *b)
{
	char *r = arena_strdup(a, b->s ? b->s : "");
	buf_free(b);
	return r;
}

char *pack_text(struct arena *a, const struct style *l, const char *langs,
    enum text_key k, const struct fields *f)
{
	const char *v[PACK_MAX_LANGS];
	size_t n = pack_langs(a, langs, v);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		const char *s = style_text(l, v[i], k);
		struct fields lf;
		const struct fields *ff = f;
		if (f != NULL && (f->dy > 0 || f->has_time || f->paragraph)) {
			lf = *f;
			if (f->paragraph != NULL) {
				lf.part = atoi(f->paragraph) >= 12 ? "4" : "1";
				lf.statute = pack_expand(a, style_text(l, v[i],
				    TEXT_EXEMPT_PARAGRAPH), &lf);
			}
			if (f->dy > 0)
				lf.date = date_format(a, l->date_forms[f->duse], v[i], f->dy,
				    f->dm, f->dd);
			if (f->has_time)
				lf.time = time_format(a, l->time_forms[f->tuse], v[i], f->th,
				    f->tm);
			ff = &lf;
		}
		join_add(&b, ff ? pack_expand(a, s, ff) : s);
	}
	return join_done(a, &b);
}

char *pack_web_text(struct arena *a, const struct style *l, const char *langs,
    enum text_key k, const struct web_fields *w)
{
	struct fields f = { 0 };
	if (w != NULL) {
		f.item = w->item;
		f.n = w->n;
		f.first = w->first;
		f.last = w->last;
		f.title = w->title;
		f.committee = w->committee;
		f.date = w->date;
		f.phone = w->phone;
	}
	return pack_text(a, l, langs, k, &f);
}

/* The date in form, in each language of langs, joined. */
static char *date_in(struct arena *a, const char *form, const char *langs,
    int y, int m, int d)
{
	const char *v[PACK_MAX_LANGS];
	size_t n = pack_langs(a, langs, v);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++)
		join_add(&b, date_format(a, form, v[i], y, m, d));
	return join_done(a, &b);
}

char *pack_date(struct arena *a, const struct style *l, enum date_use use,
    const char *lang, int y, int m, int d)
{
	return date_in(a, l->date_forms[use], lang, y, m, d);
}

char *pack_time(struct arena *a, const struct style *l, enum time_use use,
    const char *lang, int h, int m)
{
	const char *v[PACK_MAX_LANGS];
	size_t n = pack_langs(a, lang, v);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++)
		join_add(&b, time_format(a, l->time_forms[use], v[i], h, m));
	return join_done(a, &b);
}

/* Prints the dates among the n spans at sp in the style's forms. */
static void dates_in_spans(struct arena *a, struct span *sp, size_t n,
    const struct style *l, const char *lang)
{
	for (size_t i = 0; i < n; i++) {
		const struct date_ref *r = sp[i].date;
		if (r != NULL)
			sp[i].nmarks = 0;
		if (r != NULL)
			sp[i].text = date_in(a, r->form ? r->form :
			    l->date_forms[r->use], lang, r->y, r->mo, r->d);
	}
}

/* The 'agreed' lead-in of para bl worded by the style in langs: text
 * between ** pairs bold. */
static void agreed_text(struct arena *a, struct block *bl,
    const struct style *l, const char *langs)
{
	const char *t = pack_text(a, l, langs, TEXT_AGREED, NULL);
	struct vec v;
	vec_init(&v, sizeof(struct span));
	bool bold = false;
	for (const char *p = t; *p; ) {
		const char *e = strstr(p, "**");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0) {
			struct span *sp = vec_push(&v);
			memset(sp, 0, sizeof *sp);
			sp->text = arena_strndup(a, p, len);
			sp->style = bold ? SPAN_BOLD : 0;
			sp->pos = bl->pos;
		}
		if (e == NULL)
			break;
		bold = !bold;
		p = e + 2;
	}
	struct span *sp = arena_alloc(a, (v.n ? v.n : 1) * sizeof *sp);
	memcpy(sp, v.v, v.n * sizeof *sp);
	bl->u.para.text.spans = sp;
	bl->u.para.text.n = v.n;
	vec_free(&v);
}

void compose_dates(struct arena *a, const struct blocks *b,
    const struct style *l, const char *lang)
{
	for (size_t i = 0; i < b->n; i++) {
		struct block *bl = &b->v[i];
		const char *lg = bl->lang ? bl->lang : lang;
		switch (bl->kind) {
		case BLOCK_HEADING:
			dates_in_spans(a, bl->u.heading.text.spans,
			    bl->u.heading.text.n, l, lg);
			break;
		case BLOCK_PARA:
			if (bl->u.para.agreed)
				agreed_text(a, bl, l, lg);
			dates_in_spans(a, bl->u.para.text.spans, bl->u.para.text.n,
			    l, lg);
			break;
		case BLOCK_SIGNATURE:
			if (bl->u.signature.role == NULL)
				bl->u.signature.role = pack_text(a, l, lg, TEXT_CHAIR,
				    NULL);
			bl->u.signature.date_label = pack_text(a, l, lg,
			    TEXT_SIGNATURE_DATE, NULL);
			break;
		case BLOCK_LIST:
			for (size_t k = 0; k < bl->u.list.n; k++)
				compose_dates(a, &bl->u.list.items[k].body, l, lg);
			break;
		case BLOCK_TABLE:
			for (size_t r = 0; r < bl->u.table.nrows; r++)
				for (size_t c = 0; c < bl->u.table.rows[r].ncells; c++)
					compose_dates(a, &bl->u.table.rows[r].cells[c], l, lg);
			break;
		default:
			break;
		}
	}
}

/* The value of field name (n bytes) from f, or NULL when f has none;
 * num holds a number printed. */
static const char *field_value(const struct fields *f, const char *name,
    size_t n, char num[24])
{
	const struct { const char *name; const char *v; } named[] = {
		{ "committee", f->committee }, { "council", f->council },
		{ "date", f->date }, { "longdate", f->longdate },
		{ "item", f->item ? f->item : "" }, { "venue", f->venue },
		{ "time", f->time }, { "phone", f->phone }, { "quorum", f->quorum },
		{ "member", f->member }, { "substitute", f->substitute },
		{ "title", f->title }, { "page_text", f->page_text },
		{ "minute", f->minute }, { "paragraph", f->paragraph },
		{ "part", f->part }, { "statute", f->statute }, { "n", f->n },
		{ "first", f->first }, { "last", f->last } };
	if (n == 4 && strncmp(name, "page", 4) == 0) {
		snprintf(num, 24, "%.12s%d", f->prefix ? f->prefix : "", f->page);
		return num;
	}
	if (n == 5 && strncmp(name, "pages", 5) == 0) {
		snprintf(num, 24, "%d", f->pages);
		return num;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == n && strncmp(name, named[i].name, n) == 0)
			return named[i].v;
	return NULL;
}

/* Expands {field}s of pattern; unknown fields stay as written. */
char *pack_expand(struct arena *a, const char *pat, const struct fields *f)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = pat; *p; p++) {
		const char *e = *p == '{' ? strchr(p, '}') : NULL;
		char num[24];
		const char *v = e ? field_value(f, p + 1, (size_t)(e - p - 1), num) :
		    NULL;
		if (v) {
			buf_adds(&b, v);
			p = e;
			continue;
		}
		buf_addc(&b, *p);
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* ---- the papers as blocks ---- */

struct blocks compose_report(struct arena *a, const struct style *l,
    const struct paper *p, const char *lang)
{
	if (p->lang != NULL)
		lang = p->lang;
	compose_dates(a, &p->body, l, lang);
	for (size_t i = 0; i < p->nheader; i++)
		dates_in_spans(a, p->header[i].value.spans, p->header[i].value.n, l,
		    lang);
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

/* "Name (Role)", or the name alone. */
const char *person_str(struct arena *a, const struct person *p)
{
	return p->role ? arena_printf(a, "%s (%s)", p->name, p->role) : p->name;
}

struct blocks compose_membership(struct arena *a, const struct meeting *m,
    const struct style *l, const struct item *it)
{
	const struct membership *ms = &m->membership;
	const char *lg = m->langs ? m->langs : m->lang;
#define T(k) pack_text(a, l, lg, (k), NULL)
	struct bb b;
	bb_init(&b, a, it->pos);
	struct block *t = bb_kv(&b, 2);
	kv_row(a, t, cell_text(a, T(TEXT_COMMITTEE_LABEL), SPAN_BOLD, it->pos),
	    cell_text(a, m->committee, 0, it->pos));
	if (ms->enquiries)
		kv_row(a, t, cell_text(a, T(TEXT_ENQUIRIES), SPAN_BOLD, it->pos),
		    cell_text(a, ms->enquiries, 0, it->pos));
	bb_heading(&b, 1, it->title);
	bb_para(&b, T(TEXT_RECOMMENDATIONS), SPAN_BOLD);
	bb_para(&b, T(TEXT_TO_NOTE), 0);
	const char *recs[] = { T(TEXT_NOTE_MEMBERSHIP), T(TEXT_NOTE_APOLOGIES),
	    T(TEXT_NOTE_DECLARATIONS) };
	bb_list(&b, LIST_NUMBER, recs, 3);
	bb_heading(&b, 2, T(TEXT_MEMBERSHIP));
	if (ms->quorum > 0)
		bb_para(&b, pack_text(a, l, lg, TEXT_QUORUM, &(struct fields){
		    .quorum = arena_printf(a, "%d", ms->quorum) }), 0);
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
		bb_heading(&b, 2, T(TEXT_NON_ELECTED));
		const char **names = arena_alloc(a, ms->nnon_elected * sizeof *names);
		for (size_t i = 0; i < ms->nnon_elected; i++)
			names[i] = person_str(a, &ms->non_elected[i]);
		bb_list(&b, LIST_NONE, names, ms->nnon_elected);
	}
	if (ms->napologies) {
		bb_heading(&b, 2, T(TEXT_APOLOGIES));
		const char **names = arena_alloc(a, ms->napologies * sizeof *names);
		for (size_t i = 0; i < ms->napologies; i++)
			names[i] = person_str(a, &ms->apologies[i]);
		bb_list(&b, LIST_NONE, names, ms->napologies);
	}
	if (ms->nsubstitutions) {
		bb_heading(&b, 2, T(TEXT_SUBSTITUTIONS));
		const char **names = arena_alloc(a, ms->nsubstitutions * sizeof *names);
		for (size_t i = 0; i < ms->nsubstitutions; i++)
			names[i] = pack_text(a, l, lg, TEXT_SUBSTITUTE, &(struct fields){
			    .substitute = ms->substitutions[i].substitute,
			    .member = ms->substitutions[i].member });
		bb_list(&b, LIST_NONE, names, ms->nsubstitutions);
	}
	if (ms->ndeclarations) {
		bb_heading(&b, 2, T(TEXT_DECLARATIONS));
		struct block *bl = bb_add(&b, BLOCK_LIST);
		bl->u.list.style = LIST_BULLET;
		bl->u.list.n = ms->ndeclarations;
		bl->u.list.items = arena_alloc(a, ms->ndeclarations * sizeof(struct list_item));
		for (size_t i = 0; i < ms->ndeclarations; i++)
			bl->u.list.items[i].body = cell_inl(a, ms->declarations[i], it->pos);
	}
#undef T
	return bb_done(&b);
}

/* ---- the front sheet ---- */

/* The contents row of item it: number, title and text, page range r
 * linked to the item (after prefix), or follow ("To follow") for an
 * item whose papers come later (under the range when some are in the
 * pack), or nothing (before the ranges are known).  In a nested
 * contents (four columns) an item's title spans the second and third
 * columns and a sub-item's row starts one column in: indented. */
static struct table_row item_row(struct arena *a, const struct item *it,
    struct range r, bool nested, const char *prefix, const char *follow)
{
	bool sub = nested && it->sub > 0;
	size_t nc = sub ? 4 : 3, c = 0;
	struct table_row row = { .kind = ROW_NORMAL, .ncells = nc, .pos = it->pos };
	row.cells = arena_alloc(a, nc * sizeof *row.cells);
	if (nested && !sub) {
		row.spans = arena_alloc(a, nc * sizeof *row.spans);
		for (size_t k = 0; k < nc; k++)
			row.spans[k] = (struct cell_span){ k == 1 ? 2 : 1, 1 };
	}
	if (sub)
		row.cells[c++] = (struct blocks){ NULL, 0 };   /* the indent */
	row.cells[c++] = cell_text(a, it->number, SPAN_BOLD, it->pos);
	struct bb b;
	bb_init(&b, a, it->pos);
	bb_para(&b, it->title, SPAN_BOLD);
	if (it->description.n)
		bb_inl(&b, it->description);
	bb_append(&b, &it->notes);
	row.cells[c++] = bb_done(&b);
	if (follow != NULL && r.first == 0) {
		row.cells[c] = cell_text(a, follow, SPAN_ITALIC, it->pos);
	} else if (r.first > 0) {
		struct span *sp = arena_alloc(a, sizeof *sp);
		sp->text = arena_printf(a, "%s%d\xc2\xa0-\xc2\xa0%s%d", prefix, r.first,
		    prefix, r.last);
		sp->href = arena_printf(a, "#item-%s", it->number);
		sp->pos = it->pos;
		struct inlines in = { sp, 1 };
		row.cells[c] = cell_inl(a, in, it->pos);
		if (follow != NULL) {              /* more papers follow */
			struct block *two = arena_alloc(a, 2 * sizeof *two);
			two[0] = row.cells[c].v[0];
			two[1] = cell_text(a, follow, SPAN_ITALIC, it->pos).v[0];
			row.cells[c] = (struct blocks){ two, 2 };
		}
	} else {
		row.cells[c] = cell_text(a, "", 0, it->pos);
	}
	return row;
}

/* Appends to b the meeting's members (with roles), apologies and
 * substitutions, for the front sheet (front_sheet_membership). */
static void front_membership(struct bb *b, const struct meeting *m,
    const struct style *l, const char *lg)
{
	struct arena *a = b->a;
	const struct membership *ms = &m->membership;
	if (ms->nmembers) {
		bb_heading(b, 2, pack_text(a, l, lg, TEXT_MEMBERSHIP, NULL));
		struct block *t = bb_kv(b, ms->nmembers);
		t->u.table.cols[0].width = 0;
		t->u.table.cols[1].width = 0;
		for (size_t i = 0; i < ms->nmembers; i++)
			kv_row(a, t, cell_text(a, ms->members[i].name, 0, ms->members[i].pos),
			    cell_text(a, ms->members[i].role ? ms->members[i].role : "", 0,
			    ms->members[i].pos));
	}
	if (ms->napologies) {
		bb_heading(b, 2, pack_text(a, l, lg, TEXT_APOLOGIES, NULL));
		const char **names = arena_alloc(a, ms->napologies * sizeof *names);
		for (size_t i = 0; i < ms->napologies; i++)
			names[i] = person_str(a, &ms->apologies[i]);
		bb_list(b, LIST_NONE, names, ms->napologies);
	}
	if (ms->nsubstitutions) {
		bb_heading(b, 2, pack_text(a, l, lg, TEXT_SUBSTITUTIONS, NULL));
		const char **names = arena_alloc(a, ms->nsubstitutions * sizeof *names);
		for (size_t i = 0; i < ms->nsubstitutions; i++)
			names[i] = pack_text(a, l, lg, TEXT_SUBSTITUTE, &(struct fields){
			    .substitute = ms->substitutions[i].substitute,
			    .member = ms->substitutions[i].member });
		bb_list(b, LIST_NONE, names, ms->nsubstitutions);
	}
}

/* Appends an empty contents table (number, item, pages headed pages)
 * with room for n rows; nested: a second number column, for sub-items. */
static struct block *items_table(struct bb *b, size_t n, const char *pages,
    bool nested, const struct style *l)
{
	struct block *bl = bb_add(b, BLOCK_TABLE);
	struct table *t = &bl->u.table;
	size_t last = nested ? 3 : 2;
	t->style = TABLE_PLAIN;
	t->ncols = last + 1;
	t->cols = arena_alloc(b->a, t->ncols * sizeof *t->cols);
	t->cols[0].width = 0.08;
	if (nested) {
		/* The numbers as wide as they are ("12(c)" never breaks), the
		 * pages' column as wide as without sub-items. */
		t->cols[0].width = 0;
		t->cols[1].width = 0;
		t->cols[2].width = 1;
		t->cols[last].points = (l->page_w - l->margin_left -
		    l->margin_right) / 100 * 18;
	} else {
		t->cols[1].width = 0.74;
		t->cols[last].width = 0.18;
	}
	t->cols[last].align = ALIGN_RIGHT;
	t->cols[last].title = pages;
	t->toc = true;
	t->rows = arena_alloc(b->a, (n ? n : 1) * sizeof *t->rows);
	return bl;
}

/* Whether the contents lists item i: every item, but in a supplement
 * only those it carries papers of, and the item of such a sub-item (its
 * row without a range: the sub-item's context). */
static bool listed(const struct meeting *m, size_t i, const struct pack_options *o)
{
	if (!o->supplement || pack_item_in_supplement(&m->items[i], o->supplement))
		return true;
	for (size_t k = 1; m->items[i].sub == 0 && k <= m->items[i].nsub &&
	    i + k < m->nitems; k++)
		if (pack_item_in_supplement(&m->items[i + k], o->supplement))
			return true;
	return false;
}

/* Appends to b the contents: the items, public ones first, exempt ones
 * after the statutory wording; in a nested contents a sub-item's row is
 * indented and tagged under its parent's when that row precedes it; a
 * supplement lists only the items it carries papers of (listed()). */
static void front_items(struct bb *b, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const struct range *ranges,
    const char *prefix, const char *follow)
{
	struct arena *a = b->a;
	const char *lg = m->langs ? m->langs : m->lang;
	/* The items, public ones first, exempt ones after the statutory
	 * wording. */
	size_t nshown = 0, nexempt = 0;
	for (size_t i = 0; i < m->nitems; i++) {
		if (!listed(m, i, o))
			continue;
		if (m->items[i].exempt)
			nexempt++;
		else
			nshown++;
	}
	bool nested = false;
	for (size_t i = 0; i < m->nitems; i++)
		nested |= m->items[i].sub > 0;
	struct block *tab = items_table(b, nshown, pack_text(a, l, lg, TEXT_PAGES,
	    NULL), nested, l);
	size_t top = (size_t)-1;           /* the last row not a sub-item's */
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		if (it->exempt || !listed(m, i, o))
			continue;
		struct table_row row = item_row(a, it, ranges[i], nested, prefix,
		    pack_item_to_follow(it, o) ? follow : NULL);
		row.nested = it->sub > 0 && top == i - (size_t)it->sub;
		top = it->sub > 0 ? top : i;
		tab->u.table.rows[tab->u.table.nrows++] = row;
	}
	/* The exclusion wording only where there is exempt business to
	 * exclude the public from. */
	if (!o->supplement && nexempt > 0) {
		bb_heading(b, 2, pack_text(a, l, lg, TEXT_EXEMPT_ITEMS, NULL));
		if (l->exempt_heading_note.n)
			bb_inl(b, l->exempt_heading_note);
		bb_append(b, &l->exempt_wording);
	}
	if (nexempt) {
		struct block *et = items_table(b, nexempt, NULL, nested, l);
		top = (size_t)-1;
		for (size_t i = 0; i < m->nitems; i++) {
			const struct item *it = &m->items[i];
			if (!it->exempt || !listed(m, i, o))
				continue;
			struct table_row row = item_row(a, it, ranges[i], nested, prefix,
			    pack_item_to_follow(it, o) ? follow : NULL);
			row.nested = it->sub > 0 && top == i - (size_t)it->sub;
			top = it->sub > 0 ? top : i;
			size_t tc = row.ncells - 2;     /* the title's cell */
			if (it->exempt_reason) {
				struct bb cb;
				bb_init(&cb, a, it->pos);
				bb_append(&cb, &row.cells[tc]);
				bb_para(&cb, it->exempt_reason, SPAN_ITALIC);
				row.cells[tc] = bb_done(&cb);
			}
			et->u.table.rows[et->u.table.nrows++] = row;
		}
	}
}

/* The heading lines of the front sheet: the full edition's banner and
 * mark, the council, and the committee (or the supplement's title and
 * the committee). */
static void front_heading(struct bb *b, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const char *lg)
{
	struct arena *a = b->a;
	const char *mark = pack_edition_mark(a, l, lg, o);
	if (mark != NULL) {
		struct block *bl = bb_para(b, pack_text(a, l, lg, TEXT_FULL_BANNER, NULL),
		    SPAN_BOLD);
		bl->u.para.size = l->size_h[1] > 0 ? l->size_h[1] : l->size_body;
		bb_para(b, mark, SPAN_BOLD);
	}
	struct block *bl = bb_para(b, m->council, SPAN_BOLD);
	bl->u.para.size = l->size_title;
	if (o->supplement == 0) {
		bb_heading(b, 1, m->committee);
		return;
	}
	struct fields f = { .committee = m->committee,
	    .n = arena_printf(a, "%d", o->supplement) };
	bb_heading(b, 1, pack_text(a, l, lg, TEXT_SUPPLEMENT_NUMBER, &f));
	bb_para(b, pack_text(a, l, lg, TEXT_SUPPLEMENT, &f), SPAN_BOLD);
}

/* A supplement's page numbers (all, its whole range: the reader's key
 * to numbers that are not the main pack's), publication date and
 * covering note (meeting 'supplements:'). */
static void front_supplement(struct bb *b, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const char *lg,
    struct range all)
{
	if (o->supplement == 0)
		return;
	const char *prefix = pack_prefix(b->a, l, o);
	if (all.first > 0)
		bb_para(b, pack_text(b->a, l, lg, TEXT_SUPPLEMENT_RANGE, &(struct fields){
		    .first = arena_printf(b->a, "%s%d", prefix, all.first),
		    .last = arena_printf(b->a, "%s%d", prefix, all.last) }), 0);
	const struct supplement *su = pack_supplement(m, o->supplement);
	if (su == NULL)
		return;
	if (su->year > 0) {
		struct fields f = { .date = pack_date(b->a, l, DATE_USE_TEXT, lg, su->year,
		    su->month, su->day) };
		bb_para(b, pack_text(b->a, l, lg, TEXT_PUBLISHED, &f), SPAN_BOLD);
	}
	if (su->note.n)
		bb_inl(b, su->note);
}

struct blocks compose_front(struct arena *a, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const struct range *ranges)
{
	struct bb b;
	bb_init(&b, a, m->pos);
	const char *lg = m->langs ? m->langs : m->lang;
	struct fields f = { .committee = m->committee, .phone = m->contact.phone };
	const char *prefix = pack_prefix(a, l, o);
	const char *follow = pack_text(a, l, lg, TEXT_TO_FOLLOW, NULL);
	front_heading(&b, m, l, o, lg);

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
	    pack_time(a, l, TIME_USE_MEETING, lg, m->hour, m->minute) : "", SPAN_BOLD, m->pos);
	t->u.table.rows[0].cells[1] = cell_text(a, pack_date(a, l, DATE_USE_MEETING, lg, m->year, m->month, m->day),
	    SPAN_BOLD, m->pos);
	t->u.table.rows[0].cells[2] = cell_text(a, m->venue, SPAN_BOLD, m->pos);

	front_supplement(&b, m, l, o, lg, ranges[m->nitems]);
	bb_para(&b, pack_text(a, l, lg, TEXT_CONTACT, NULL), 0);
	if (m->contact.name)
		bb_para(&b, m->contact.role ? arena_printf(a, "%s, %s", m->contact.name,
		    m->contact.role) : m->contact.name, SPAN_BOLD);
	if (m->contact.phone)
		bb_para(&b, pack_text(a, l, lg, TEXT_TELEPHONE, &f), 0);
	if (m->contact.email) {
		struct span *sp = arena_alloc(a, 2 * sizeof *sp);
		sp[0].text = arena_printf(a, "%s ", pack_text(a, l, lg, TEXT_EMAIL,
		    NULL));
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
	if (m->front_membership > 0 || (m->front_membership < 0 &&
	    l->front_membership))
		front_membership(&b, m, l, lg);

	front_items(&b, m, l, o, ranges, prefix, follow);
	return bb_done(&b);
}
