/*
 * load-blocks.c - blocks: the body of reports, minutes, notes, cells.
 *
 * The schema accepted here is docs/format.md, "Blocks"; keep them in
 * step.  A body is a list of blocks, one text or one block mapping:
 *
 *   TEXT                      a paragraph of inline text
 *   {p: TEXT, align, small}   a paragraph
 *   {heading: TEXT, level}    level 1 to 3
 *   {list: [ITEM...]}         or {list: {style, start, items}}; an item
 *                             is inline text, blocks or one block
 *   {agreed: [ITEM...]}       "It was Agreed that:" and a numbered list
 *   {table: {caption, style, landscape, columns, rows}}
 *   {image: PATH, alt, width, caption, decorative}
 *   {page_break: true}
 *   {signature: ROLE}
 *   {dates: [YYYY-MM-DD...]}
 *
 * Every block mapping may carry 'language'.  The kinds live in one
 * table, block_kinds[]: a kind's name, the keys it allows and the
 * function that loads it.
 */
#include "load-int.h"
#include "../util/date.h"

#include <math.h>
#include <string.h>

/* ---- paragraphs and lists ---- */

/* Appends a paragraph block of n's inline text (key names it). */
static void load_para(struct loader *ld, const struct ynode *n,
    const char *key, struct vec *out)
{
	struct block *b = vec_push(out);
	b->kind = BLOCK_PARA;
	b->pos = n->pos;
	b->u.para.text = load_inline(ld, n, key);
}

/* Fills list block b's items from a sequence: each inline text, a list
 * of blocks, or one block mapping. */
static void load_list_items(struct loader *ld, const struct ynode *seq,
    struct block *b)
{
	struct vec items;
	vec_init(&items, sizeof(struct list_item));
	for (size_t i = 0; i < seq->nitems; i++) {
		const struct ynode *it = seq->items[i];
		struct list_item *li = vec_push(&items);
		li->pos = it->pos;
		li->body = load_blocks(ld, it);
	}
	b->u.list.n = items.n;
	b->u.list.items = vec_to_arena(&items, ld->a);
}

static const char *const align_names[] = { "left", "centre", "right",
    "justify", NULL };
static const enum align align_values[] = { ALIGN_LEFT, ALIGN_CENTRE,
    ALIGN_RIGHT, ALIGN_JUSTIFY };

/* An alignment value, ALIGN_DEFAULT when absent or wrong. */
static enum align load_align(const struct ynode *n)
{
	int i = load_choice(n, "align", align_names, -1);
	return i < 0 ? ALIGN_DEFAULT : align_values[i];
}

static const char *const list_styles[] = { "bullet", "number", "roman",
    "alpha", "none", NULL };
static const enum list_style list_values[] = { LIST_BULLET, LIST_NUMBER,
    LIST_ROMAN, LIST_ALPHA, LIST_NONE };

/* Fills list block b from the value of 'list': items, or a mapping of
 * style, start and items. */
static void load_list(struct loader *ld, const struct ynode *v,
    struct block *b)
{
	static keylist keys = { "style", "start", "items", NULL };
	b->kind = BLOCK_LIST;
	b->u.list.style = LIST_BULLET;
	b->u.list.start = 1;
	if (v->kind == YNODE_MAP) {
		load_keys(v, keys);
		int s = load_choice(yamltree_get(v, "style"), "style", list_styles, 0);
		b->u.list.style = list_values[s];
		b->u.list.start = (int)load_int(yamltree_get(v, "start"), "start", 0,
		    100000, 1);
		v = load_req(v, "items");
		if (v == NULL)
			return;
	}
	if (load_is_seq(v, "list"))
		load_list_items(ld, v, b);
}

/* ---- tables ---- */

/* A column's width from n: a relative weight, or a fixed width such as
 * "72pt" or "25mm". */
static void load_col_width(struct loader *ld, const struct ynode *wn,
    struct table_col *tc)
{
	size_t wl = wn && wn->kind == YNODE_SCALAR ? strlen(wn->text) : 0;
	if (wl > 2 && (strcmp(wn->text + wl - 2, "pt") == 0 ||
	    strcmp(wn->text + wl - 2, "mm") == 0)) {
		double v;
		char *num = arena_strndup(ld->a, wn->text, wl - 2);
		bool mm = wn->text[wl - 1] == 'm';
		if (!load_parse_number(num, &v) || v <= 0 || v > (mm ? 2000 : 5000))
			diag(DIAG_ERROR, wn->pos, "'width' must be a weight, or a "
			    "width such as 72pt or 25mm");
		else
			tc->points = (int)lround(v * (mm ? 72000.0 / 25.4 : 1000.0));
		return;
	}
	tc->width = load_number(wn, "width", 0.01, 1000, 0);
}

/* Fills t's columns from the 'columns' list (titles, widths, aligns). */
static void load_table_columns(struct loader *ld, const struct ynode *cols,
    struct table *t)
{
	static keylist col_keys = { "title", "width", "align", NULL };
	if (cols->nitems == 0)
		diag(DIAG_ERROR, cols->pos, "'columns' must name at least one "
		    "column");
	t->ncols = cols->nitems;
	t->cols = arena_alloc(ld->a, (t->ncols ? t->ncols : 1) * sizeof *t->cols);
	for (size_t i = 0; i < cols->nitems; i++) {
		const struct ynode *c = cols->items[i];
		struct table_col *tc = &t->cols[i];
		if (c->kind == YNODE_SCALAR) {
			tc->title = load_text(c, "title");
			continue;
		}
		if (!load_is_map(c, "a column"))
			continue;
		load_keys(c, col_keys);
		tc->title = load_text(yamltree_get(c, "title"), "title");
		load_col_width(ld, yamltree_get(c, "width"), tc);
		tc->align = load_align(yamltree_get(c, "align"));
	}
}

/* Appends to rv the header row the column titles make (repeated on each
 * page), when any column has a title. */
static void load_table_header(struct loader *ld, const struct ynode *cols,
    const struct table *t, struct vec *rv)
{
	bool any_title = false;
	for (size_t i = 0; i < t->ncols; i++)
		any_title |= t->cols[i].title != NULL;
	if (!any_title)
		return;
	struct table_row *r = vec_push(rv);
	r->kind = ROW_HEADER;
	r->pos = cols->pos;
	r->ncells = t->ncols;
	r->cells = arena_alloc(ld->a, t->ncols * sizeof *r->cells);
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].title == NULL)
			continue;
		struct block *cb = arena_alloc(ld->a, sizeof *cb);
		cb->kind = BLOCK_PARA;
		cb->pos = cols->items[i]->pos;
		const struct ynode *c = cols->items[i];
		if (c->kind == YNODE_MAP)
			c = yamltree_get(c, "title");
		cb->u.para.text = inline_parse_node(ld->a, c);
		r->cells[i].v = cb;
		r->cells[i].n = 1;
	}
}

/* One row's cells from the sequence row: each a cell's content, or
 * {cell: content, colspan: N, rowspan: N}.  busy[j] counts the rows
 * that column j is still covered by a cell from a row above (updated);
 * rows_left is the rows after this one that a rowspan may cover.
 * Returns false (after an error at the row or cell) when the cells do
 * not fill the row's free columns exactly. */
static bool load_row_cells(struct loader *ld, const struct ynode *row,
    struct table_row *r, size_t ncols, int *busy, size_t rows_left)
{
	static keylist span_keys = { "cell", "colspan", "rowspan", NULL };
	r->ncells = row->nitems;
	r->cells = arena_alloc(ld->a, (row->nitems ? row->nitems : 1) * sizeof *r->cells);
	r->spans = arena_alloc(ld->a, (row->nitems ? row->nitems : 1) * sizeof *r->spans);
	bool spans = false, above = false;
	for (size_t q = 0; q < ncols; q++)
		above |= busy[q] > 0;
	for (size_t c = 0; c < row->nitems; c++)
		spans |= row->items[c]->kind == YNODE_MAP &&
		    yamltree_get(row->items[c], "cell") != NULL;
	if (!spans && !above && row->nitems != ncols) {
		diag(DIAG_ERROR, row->pos, "this row has %zu cell%s; the table has %zu "
		    "column%s", row->nitems, row->nitems == 1 ? "" : "s", ncols,
		    ncols == 1 ? "" : "s");
		return false;
	}
	size_t j = 0;
	for (size_t c = 0; c < row->nitems; c++) {
		const struct ynode *cn = row->items[c];
		r->spans[c].cols = r->spans[c].rows = 1;
		if (cn->kind == YNODE_MAP && yamltree_get(cn, "cell") != NULL) {
			load_keys(cn, span_keys);
			r->spans[c].cols = (uint16_t)load_number(yamltree_get(cn, "colspan"),
			    "colspan", 1, (double)ncols, 1);
			r->spans[c].rows = (uint16_t)load_number(yamltree_get(cn, "rowspan"),
			    "rowspan", 1, 1 + (double)rows_left, 1);
			cn = yamltree_get(cn, "cell");
		}
		r->cells[c] = load_blocks(ld, cn);
		while (j < ncols && busy[j] > 0)
			j++;
		size_t k = 0;
		while (k < r->spans[c].cols && j + k < ncols && busy[j + k] == 0)
			k++;
		if (k < r->spans[c].cols) {
			diag(DIAG_ERROR, row->items[c]->pos, "this cell reaches past the "
			    "table's %zu column%s or into a cell spanning rows from above",
			    ncols, ncols == 1 ? "" : "s");
			return false;
		}
		for (k = 0; k < r->spans[c].cols; k++)
			busy[j + k] = r->spans[c].rows;
		j += r->spans[c].cols;
	}
	for (size_t q = 0; q < ncols; q++) {
		if (busy[q] == 0) {
			diag(DIAG_ERROR, row->pos, "this row has %zu cell%s; the table has "
			    "%zu column%s (less the columns spanned from above and by "
			    "colspan)", row->nitems, row->nitems == 1 ? "" : "s", ncols,
			    ncols == 1 ? "" : "s");
			return false;
		}
		busy[q]--;
	}
	if (!spans)
		r->spans = NULL;
	return true;
}

/* Appends to rv one row of the 'rows' list: a list of cells (a header
 * row when header) or {section: text}; a wrong row is reported and left
 * out.  busy and rows_left: as for load_row_cells. */
static void load_table_row(struct loader *ld, const struct ynode *row,
    const struct table *t, struct vec *rv, bool header, int *busy,
    size_t rows_left)
{
	static keylist sec_keys = { "section", NULL };
	if (row->kind == YNODE_MAP && header) {
		diag(DIAG_ERROR, row->pos, "a header row (one of the first "
		    "'header_rows') must be a list of cells");
		return;
	}
	if (row->kind == YNODE_MAP) {
		memset(busy, 0, t->ncols * sizeof *busy);
		load_keys(row, sec_keys);
		const struct ynode *s = load_req(row, "section");
		struct table_row *r = vec_push(rv);
		r->kind = ROW_SECTION;
		r->pos = row->pos;
		r->ncells = 1;
		r->cells = arena_alloc(ld->a, sizeof *r->cells);
		if (s != NULL)
			r->cells[0] = load_blocks(ld, s);
		return;
	}
	if (row->kind != YNODE_SEQ) {
		diag(DIAG_ERROR, row->pos, "a table row must be a list of cells "
		    "or {section: text}, not text");
		return;
	}
	struct table_row *r = vec_push(rv);
	r->kind = header ? ROW_HEADER : ROW_NORMAL;
	r->pos = row->pos;
	if (!load_row_cells(ld, row, r, t->ncols, busy, rows_left)) {
		rv->n--;
		memset(busy, 0, t->ncols * sizeof *busy);
	}
}

/* Fills table block b from the value of 'table'. */
static void load_table(struct loader *ld, const struct ynode *n,
    struct block *b)
{
	static keylist keys = { "caption", "style", "landscape", "columns",
	    "rows", "size", "header_rows", NULL };
	static const char *const styles[] = { "grid", "plain", NULL };
	struct table *t = &b->u.table;
	if (!load_is_map(n, "'table'"))
		return;
	load_keys(n, keys);
	t->caption = load_text(yamltree_get(n, "caption"), "caption");
	t->style = load_choice(yamltree_get(n, "style"), "style", styles, 0) == 1 ?
	    TABLE_PLAIN : TABLE_GRID;
	t->landscape = load_bool(yamltree_get(n, "landscape"), "landscape", false);
	const struct ynode *sz = yamltree_get(n, "size");
	if (sz != NULL && sz->kind == YNODE_SCALAR && strcmp(sz->text, "small") == 0)
		t->size = TABLE_SIZE_SMALL;
	else if (sz != NULL)
		t->size = (int)lround(load_number(sz, "size", 4, 72, 0) * 1000);
	size_t nheader = (size_t)load_number(yamltree_get(n, "header_rows"),
	    "header_rows", 0, 100, 0);
	const struct ynode *cols = load_req(n, "columns");
	const struct ynode *rows = load_req(n, "rows");
	if (cols != NULL && cols->kind == YNODE_SEQ &&
	    cols->nitems > LOAD_MAX_COLS) {
		diag(DIAG_ERROR, cols->pos, "the table has %zu "
		    "columns; the limit is %d", cols->nitems, LOAD_MAX_COLS);
		return;
	}
	if (rows != NULL && rows->kind == YNODE_SEQ &&
	    rows->nitems > LOAD_MAX_ROWS) {
		diag(DIAG_ERROR, rows->pos, "the table has %zu "
		    "rows; the limit is %d (split it into several tables)",
		    rows->nitems, LOAD_MAX_ROWS);
		return;
	}
	if (cols != NULL && load_is_seq(cols, "columns"))
		load_table_columns(ld, cols, t);
	if (rows == NULL || !load_is_seq(rows, "rows") || t->ncols == 0)
		return;
	struct vec rv;
	vec_init(&rv, sizeof(struct table_row));
	load_table_header(ld, cols, t, &rv);
	int *busy = arena_alloc(ld->a, t->ncols * sizeof *busy);
	/* A rowspan stays in the header or in the body, and stops at the next
	 * section row: left counts the ordinary rows after row i in its
	 * part, counted once per run (not once per row: 100,000 rows). */
	size_t left = 0;
	bool counted = false;
	for (size_t i = 0; i < rows->nitems; i++) {
		if (!counted) {
			left = 0;
			while (i + 1 + left < rows->nitems && rows->items[i + 1 + left]->kind ==
			    YNODE_SEQ && (i + 1 + left < nheader) == (i < nheader))
				left++;
			counted = true;
		}
		load_table_row(ld, rows->items[i], t, &rv, i < nheader, busy, left);
		if (left > 0)
			left--;
		else
			counted = false;
	}
	if (nheader > rows->nitems)
		diag(DIAG_ERROR, yamltree_get(n, "header_rows")->pos, "'header_rows' is "
		    "%zu; the table has %zu rows", nheader, rows->nitems);
	t->nrows = rv.n;
	t->rows = vec_to_arena(&rv, ld->a);
}

/* ---- the block kinds ---- */

/* Appends a new block of kind at n's position to out. */
static struct block *block_new(struct vec *out, enum block_kind kind,
    const struct ynode *n)
{
	struct block *b = vec_push(out);
	b->kind = kind;
	b->pos = n->pos;
	return b;
}

/* {p: TEXT, align, small}: a paragraph. */
static void load_block_p(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	load_para(ld, v, "p", out);
	struct block *b = (struct block *)out->v + out->n - 1;
	b->pos = n->pos;
	b->u.para.align = load_align(yamltree_get(n, "align"));
	b->u.para.small = load_bool(yamltree_get(n, "small"), "small", false);
}

/* {heading: TEXT, level}: a heading of level 1 to 3. */
static void load_block_heading(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_HEADING, n);
	b->u.heading.text = load_inline(ld, v, "heading");
	b->u.heading.level = (int)load_int(yamltree_get(n, "level"), "level",
	    1, 3, 1);
}

/* {list: ...}: a list (load_list). */
static void load_block_list(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_LIST, n);
	load_list(ld, v, b);
}

/* {agreed: [ITEM...]}: "It was Agreed that:" kept with a numbered list. */
static void load_block_agreed(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_PARA, n);
	b->u.para.keep_with_next = true;
	b->u.para.agreed = true;           /* worded by the style (text.agreed) */
	struct span *sp = arena_alloc(ld->a, 3 * sizeof *sp);
	sp[0].text = "It was ";
	sp[1].text = "Agreed";
	sp[1].style = SPAN_BOLD;
	sp[2].text = " that:";
	for (int i = 0; i < 3; i++)
		sp[i].pos = n->pos;
	b->u.para.text.spans = sp;
	b->u.para.text.n = 3;
	b = block_new(out, BLOCK_LIST, v);
	b->u.list.style = LIST_NUMBER;
	b->u.list.start = 1;
	if (load_is_seq(v, "agreed"))
		load_list_items(ld, v, b);
}

struct blocks load_agreed(struct loader *ld, const struct ynode *n,
    const struct ynode *v, const char *key)
{
	struct vec out;
	vec_init(&out, sizeof(struct block));
	if (load_is_seq(v, key) && v->nitems > 0) {
		load_block_agreed(ld, n, v, &out);
		struct block *list = (struct block *)out.v + 1;
		if (list->u.list.n == 1)       /* one resolution: no "1." */
			list->u.list.style = LIST_NONE;
	}
	struct blocks r = { NULL, out.n };
	r.v = vec_to_arena(&out, ld->a);
	return r;
}

/* {table: {...}}: a table (load_table). */
static void load_block_table(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_TABLE, n);
	load_table(ld, v, b);
}

/* {image: PATH, alt, width, caption, decorative}: a picture. */
static void load_block_image(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_IMAGE, n);
	struct image *im = &b->u.image;
	const char *path = load_text(v, "image");
	if (path == NULL || path[0] == '\0') {
		diag(DIAG_ERROR, v->pos, "'image' must name a PNG or JPEG file");
		path = "";
	}
	im->path = path[0] ? path_join(ld->a, ld->dir, path) : "";
	if (path[0])
		load_wrong_kind(ld->a, im->path, n->pos, path, LOAD_WANT_IMAGE);
	im->alt = load_text(yamltree_get(n, "alt"), "alt");
	if (im->alt != NULL && im->alt[0] == '\0')
		im->alt = NULL;
	im->decorative = load_bool(yamltree_get(n, "decorative"), "decorative",
	    false);
	im->width = load_number(yamltree_get(n, "width"), "width", 0.1, 1, 0);
	im->caption = load_text(yamltree_get(n, "caption"), "caption");
}

/* {page_break: true}: a page break (none for false). */
static void load_block_page_break(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	(void)ld;
	if (load_bool(v, "page_break", true))
		block_new(out, BLOCK_PAGE_BREAK, n);
}

/* {signature: ROLE}: a signature line for ROLE (default: the style's
 * text.chair, "Chairman"). */
static void load_block_signature(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	(void)ld;
	struct block *b = block_new(out, BLOCK_SIGNATURE, n);
	b->u.signature.role = load_text(v, "signature");
}

/* {dates: [YYYY-MM-DD...], form: FORM}: an unmarked list of dates,
 * printed in the style's list form (or the block's own) when the pack is
 * composed; wrong dates are reported and left out. */
static void load_block_dates(struct loader *ld, const struct ynode *n,
    const struct ynode *v, struct vec *out)
{
	struct block *b = block_new(out, BLOCK_LIST, n);
	b->u.list.style = LIST_NONE;
	b->u.list.start = 1;
	const char *form = load_date_form(yamltree_get(n, "form"), "form", false,
	    NULL);
	if (!load_is_seq(v, "dates"))
		return;
	struct list_item *it = arena_alloc(ld->a, (v->nitems ? v->nitems : 1) *
	    sizeof *it);
	size_t k = 0;
	for (size_t i = 0; i < v->nitems; i++) {
		const struct ynode *dn = v->items[i];
		struct date_ref *dr = load_date_ref(ld, dn, "dates", DATE_USE_LIST);
		if (dr == NULL)
			continue;
		if (form != NULL)
			dr->form = form;
		struct block *p = arena_alloc(ld->a, sizeof *p);
		p->kind = BLOCK_PARA;
		p->pos = dn->pos;
		struct span *sp = arena_alloc(ld->a, sizeof *sp);
		sp->date = dr;
		sp->text = "";
		sp->pos = dn->pos;
		p->u.para.text.spans = sp;
		p->u.para.text.n = 1;
		it[k].pos = dn->pos;
		it[k].body.v = p;
		it[k].body.n = 1;
		k++;
	}
	b->u.list.items = it;
	b->u.list.n = k;
}

/* One kind of block mapping: the key that names it, every key it may
 * hold (its name first) and the function that appends its blocks to
 * out, given the mapping n and the value v of its name. */
struct block_kind_def {
	const char *name;                  /* the key naming the kind */
	const char *const *keys;           /* allowed keys, NULL-terminated */
	void (*load)(struct loader *ld, const struct ynode *n,
	    const struct ynode *v, struct vec *out);
};

static const struct block_kind_def block_kinds[] = {
	{ "p", (keylist){ "p", "align", "small", "language", NULL },
	    load_block_p },
	{ "heading", (keylist){ "heading", "level", "language", NULL },
	    load_block_heading },
	{ "list", (keylist){ "list", "language", NULL }, load_block_list },
	{ "agreed", (keylist){ "agreed", "language", NULL }, load_block_agreed },
	{ "table", (keylist){ "table", "language", NULL }, load_block_table },
	{ "image", (keylist){ "image", "alt", "width", "caption", "decorative",
	    "language", NULL }, load_block_image },
	{ "page_break", (keylist){ "page_break", "language", NULL },
	    load_block_page_break },
	{ "signature", (keylist){ "signature", "language", NULL },
	    load_block_signature },
	{ "dates", (keylist){ "dates", "form", "language", NULL }, load_block_dates },
};

#define NBLOCK_KINDS (sizeof block_kinds / sizeof block_kinds[0])

/* The kind the first of n's keys that names one names, or NULL. */
static const struct block_kind_def *block_kind_of(const struct ynode *n)
{
	for (size_t i = 0; i < n->npairs; i++)
		for (size_t k = 0; k < NBLOCK_KINDS; k++)
			if (strcmp(n->pairs[i].key->text, block_kinds[k].name) == 0)
				return &block_kinds[k];
	return NULL;
}

/* Reports a block mapping none of whose keys names a kind, suggesting
 * the kind nearest its first key, or that it is prose read as a key. */
static void block_kind_unknown(const struct ynode *n)
{
	const char *names[NBLOCK_KINDS + 1];
	for (size_t k = 0; k < NBLOCK_KINDS; k++)
		names[k] = block_kinds[k].name;
	names[NBLOCK_KINDS] = NULL;
	if (n->npairs == 0)
		diag(DIAG_ERROR, n->pos, "an empty mapping is not a block");
	else if (load_reads_as_key(n, names))
		diag(DIAG_ERROR, n->pairs[0].key->pos, "this line reads as a key; "
		    "quote it");
	else
		load_unknown(n->pairs[0].key, names);
}

/* Whether s is written like a BCP 47 language tag: 2 or 3 lower-case
 * letters, then -subtags ("cy", "en-GB", "cy-Latn"). */
static bool is_lang_tag(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
	if (n < 2 || n > 3)
		return false;
	for (s += n; *s; s += n) {
		if (*s++ != '-')
			return false;
		n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789");
		if (n < 2 || n > 8)
			return false;
	}
	return true;
}

bool load_is_lang_map(const struct ynode *n)
{
	if (n == NULL || n->kind != YNODE_MAP || n->npairs == 0)
		return false;
	for (size_t i = 0; i < n->npairs; i++)
		if (!is_lang_tag(n->pairs[i].key->text) ||
		    strcmp(n->pairs[i].key->text, "p") == 0)
			return false;
	return true;
}

const struct ynode *load_langs_scalar(struct loader *ld,
    const struct ynode *n)
{
	if (!load_is_lang_map(n))
		return n;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n->npairs; i++) {
		const char *t = load_text(n->pairs[i].val, n->pairs[i].key->text);
		if (t != NULL && t[0] != '\0')
			buf_printf(&b, "%s%s", b.len ? " / " : "", t);
	}
	struct ynode *s = arena_alloc(ld->a, sizeof *s);
	*s = *n->pairs[0].val;
	s->kind = YNODE_SCALAR;
	s->text = arena_strdup(ld->a, b.s ? b.s : "");
	s->len = b.len;
	s->segs = NULL;
	s->nsegs = 0;
	s->plain = false;
	buf_free(&b);
	return s;
}

/* Sets the language of out's blocks from first on to lang. */
static void blocks_lang(struct vec *out, size_t first, const char *lang)
{
	for (size_t i = first; i < out->n; i++)
		((struct block *)out->v)[i].lang = lang;
}

static void load_block(struct loader *ld, const struct ynode *n,
    struct vec *out);

/* {LANG: BLOCK, LANG: BLOCK} (n): each language's blocks in the order
 * written, each with its language (a bilingual paragraph, list item or
 * cell, printed one after the other). */
static void load_block_langs(struct loader *ld, const struct ynode *n,
    struct vec *out)
{
	for (size_t i = 0; i < n->npairs; i++) {
		size_t first = out->n;
		load_block(ld, n->pairs[i].val, out);
		blocks_lang(out, first, n->pairs[i].key->text);
	}
}

/* Appends the blocks one block entry n stands for ('agreed' gives two). */
static void load_block(struct loader *ld, const struct ynode *n,
    struct vec *out)
{
	if (n->kind == YNODE_SCALAR) {
		if (!yamltree_is_null(n))
			load_para(ld, n, "paragraph", out);
		return;
	}
	if (n->kind == YNODE_SEQ) {
		diag(DIAG_ERROR, n->pos, "a block must be text or a mapping, not "
		    "a list");
		return;
	}
	const struct block_kind_def *kind = block_kind_of(n);
	if (kind == NULL && load_is_lang_map(n)) {
		load_block_langs(ld, n, out);
		return;
	}
	if (kind == NULL) {
		block_kind_unknown(n);
		return;
	}
	load_keys(n, kind->keys);
	const struct ynode *v = yamltree_get(n, kind->name);
	const char *lang = load_text(yamltree_get(n, "language"), "language");
	if (load_is_lang_map(v)) {
		/* {heading: {cy: ..., en-GB: ...}}: the block in each language. */
		for (size_t i = 0; i < v->npairs; i++) {
			size_t first = out->n;
			kind->load(ld, n, v->pairs[i].val, out);
			blocks_lang(out, first, v->pairs[i].key->text);
		}
		return;
	}
	size_t first = out->n;
	kind->load(ld, n, v, out);
	blocks_lang(out, first, lang);
}

struct blocks load_blocks(struct loader *ld, const struct ynode *n)
{
	struct blocks r = { NULL, 0 };
	struct vec v;
	if (n == NULL || yamltree_is_null(n))
		return r;
	vec_init(&v, sizeof(struct block));
	if (n->kind == YNODE_SEQ) {
		for (size_t i = 0; i < n->nitems; i++)
			load_block(ld, n->items[i], &v);
	} else {
		load_block(ld, n, &v);
	}
	r.n = v.n;
	r.v = vec_to_arena(&v, ld->a);
	return r;
}
