/*
 * table.c - tables into vertical items: column widths measured from the
 * cells (measure, then lay out), each cell's blocks as a detached item
 * list, one item per row; the paginator splits rows and repeats header
 * rows.
 */
#include "layout-int.h"

#include <string.h>

/* Natural (unbroken) and minimum (longest word) widths of blocks, for
 * automatic table columns (at least *minw, *maxw on entry). */
static void measure_blocks(struct lctx *c, const struct blocks *b, int *minw, int *maxw,
    bool bold)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct block *bl = &b->v[i];
		const struct inlines *t = NULL;
		struct tstyle st = body_style(c);
		if (bold)
			st.role = FONT_BOLD;
		if (bl->kind == BLOCK_PARA) {
			t = &bl->u.para.text;
			if (bl->u.para.small)
				st.size = c->l->size_small;
		} else if (bl->kind == BLOCK_HEADING) {
			t = &bl->u.heading.text;
			st.role = FONT_BOLD;
		} else if (bl->kind == BLOCK_LIST) {
			for (size_t k = 0; k < bl->u.list.n; k++) {
				int mn = 0, mx = 0;
				measure_blocks(c, &bl->u.list.items[k].body, &mn, &mx, bold);
				mn += st.size * 5 / 2;
				mx += st.size * 5 / 2;
				if (mn > *minw) *minw = mn;
				if (mx > *maxw) *maxw = mx;
			}
			continue;
		} else if (bl->kind == BLOCK_IMAGE) {
			int iw = PT(bl->u.image.px_w * 0.75);
			if (iw > *maxw) *maxw = iw;
			if (PT(36) > *minw) *minw = PT(36);
			continue;
		} else {
			continue;
		}
		size_t n = shape(c, t, &st);
		int line = 0, word = 0;
		for (size_t k = 0; k < n; k++) {
			if (c->cp[k] == '\n') {
				if (line > *maxw) *maxw = line;
				line = 0;
				word = 0;
				continue;
			}
			line += c->wid[k];
			if (is_space(c->cp[k])) {
				word = 0;
			} else {
				word += c->wid[k];
				if (word > *minw)
					*minw = word;
				if (break_after(c, k, n))
					word = 0;
			}
		}
		if (line > *maxw)
			*maxw = line;
	}
}

/* Column widths (out[ncols]) for a table of total width w whose cells
 * have horizontal padding pad. */
static void table_widths(struct lctx *c, const struct table *t, int w, int pad, int *out)
{
	size_t nc = t->ncols;
	double wsum = 0;
	size_t nauto = 0;
	for (size_t j = 0; j < nc; j++) {
		if (t->cols[j].width > 0)
			wsum += t->cols[j].width;
		else
			nauto++;
	}
	int *mn = xcalloc(nc, sizeof *mn), *mx = xcalloc(nc, sizeof *mx);
	if (nauto > 0) {
		for (size_t r = 0; r < t->nrows; r++) {
			const struct table_row *row = &t->rows[r];
			if (row->kind == ROW_SECTION || row->ncells != nc)
				continue;
			for (size_t j = 0; j < nc; j++)
				if (t->cols[j].width <= 0)
					measure_blocks(c, &row->cells[j], &mn[j], &mx[j],
					    row->kind == ROW_HEADER);
		}
		for (size_t j = 0; j < nc; j++) {
			mn[j] += 2 * pad;
			mx[j] += 2 * pad;
		}
	}
	/* Automatic columns take their natural width while it fits (each at
	 * most an equal share when weighted columns need room too); weighted
	 * columns share what is left. */
	int used = 0;
	if (nauto > 0) {
		int room = wsum > 0 ? w * (int)nauto / (int)(nc + 1) : w;
		long summx = 0, summn = 0;
		for (size_t j = 0; j < nc; j++)
			if (t->cols[j].width <= 0) {
				summx += mx[j];
				summn += mn[j];
			}
		for (size_t j = 0; j < nc; j++) {
			if (t->cols[j].width > 0)
				continue;
			if (summx <= room)
				/* A ruled table fills the column; a plain one (a
				 * name-and-role list) keeps its natural widths, the
				 * last column taking what is left. */
				out[j] = wsum > 0 || t->style == TABLE_PLAIN ? mx[j] :
				    (int)((long)mx[j] * w / (summx ? summx : 1));
			else if (summn >= room)
				out[j] = (int)((long)mn[j] * room / (summn ? summn : 1));
			else
				out[j] = mn[j] + (int)((long)(mx[j] - mn[j]) * (room - summn) /
				    (summx - summn ? summx - summn : 1));
			used += out[j];
		}
	}
	for (size_t j = 0; j < nc; j++)
		if (t->cols[j].width > 0)
			out[j] = (int)((w - used) * t->cols[j].width / wsum);
	/* Rounding: give the remainder to the last column. */
	int total = 0;
	for (size_t j = 0; j < nc; j++)
		total += out[j];
	out[nc - 1] += w - total;
	free(mn);
	free(mx);
}

/* Lays out the blocks of one cell into a detached item list (*n items,
 * in the scratch arena) in the column at x of width w, under element
 * cnode; bold (header) and aligned cells restyle their paragraphs. */
static struct vitem *layout_cell(struct lctx *c, const struct blocks *b, int x, int w,
    bool bold, enum align al, size_t *n, int depth, int cnode)
{
	size_t mark = c->items.n;
	int save_parent = c->parent;
	c->parent = cnode;
	int save_table = c->table;
	bool save_break = c->pending_break;
	c->pending_break = false;
	c->table = -1;
	if (bold || al != ALIGN_DEFAULT) {
		/* Header and aligned cells: restyle their paragraphs. */
		for (size_t i = 0; i < b->n; i++) {
			const struct block *bl = &b->v[i];
			if (bl->kind == BLOCK_PARA) {
				struct tstyle st = body_style(c);
				if (bl->u.para.small)
					st.size = c->l->size_small;
				if (bold)
					st.role = FONT_BOLD;
				st.srole = bold ? SR_TH : SR_TD;
				/* A cell's only paragraph is the cell's own content:
				 * no P element of its own (half the elements of a
				 * table, and a simpler tree for screen readers). */
				st.node = b->n == 1 ? cnode : node_new(c, ST_P);
				if (al != ALIGN_DEFAULT)
					st.align = al;
				if (bl->u.para.align != ALIGN_DEFAULT)
					st.align = bl->u.para.align;
				set_text(c, &bl->u.para.text, &st, x, w, i ? c->l->para_space : 0);
			} else {
				struct blocks one = { (struct block *)bl, 1 };
				layout_blocks(c, &one, x, w, depth + 1);
			}
		}
	} else {
		if (b->n == 1 && b->v[0].kind == BLOCK_PARA && cnode >= 0 &&
		    ((struct snode *)c->nodes.v)[cnode].type != ST_TOCI)
			c->para_node = cnode;
		layout_blocks(c, b, x, w, depth + 1);
		c->para_node = -1;
	}
	c->table = save_table;
	c->pending_break = save_break;
	c->parent = save_parent;
	*n = c->items.n - mark;
	struct vitem *v = NULL;
	if (*n) {
		v = arena_alloc(c->s, *n * sizeof *v);
		memcpy(v, item_at(c, mark), *n * sizeof *v);
		v[0].space_before = 0;
	}
	c->items.n = mark;
	return v;
}

/* The implicit header row made of the column titles, in the scratch
 * arena, at pos. */
static const struct table_row *title_row(struct lctx *c, const struct table *t,
    struct pos pos)
{
	struct blocks *hcells = arena_alloc(c->s, t->ncols * sizeof *hcells);
	for (size_t j = 0; j < t->ncols; j++) {
		struct block *bl = arena_alloc(c->s, sizeof *bl);
		bl->kind = BLOCK_PARA;
		bl->pos = pos;
		struct span *sp = arena_alloc(c->s, sizeof *sp);
		sp->text = t->cols[j].title ? t->cols[j].title : "";
		sp->pos = pos;
		bl->u.para.text.spans = sp;
		bl->u.para.text.n = 1;
		hcells[j].v = bl;
		hcells[j].n = 1;
	}
	struct table_row *hdr = arena_alloc(c->s, sizeof *hdr);
	hdr->kind = ROW_HEADER;
	hdr->cells = hcells;
	hdr->ncells = t->ncols;
	hdr->pos = pos;
	return hdr;
}

/* What one table being laid out needs while its rows are made. */
struct tlay {
	const struct table *t;
	int x0, w;                         /* the table's box, mpt */
	int *cw;                           /* column widths, mpt */
	int pad, vpad;                     /* cell padding, mpt */
	int depth;
	int tnode, thead, tbody;           /* Table, THead, TBody (-1 none) */
	int tindex;                        /* index in c->tables */
};

/* The TR (or TOCI) element of a row of kind header or not, making its
 * THead or TBody on first use. */
static int row_node(struct lctx *c, struct tlay *tl, bool header)
{
	int group;
	if (tl->t->toc) {
		group = tl->tnode;
	} else if (header) {
		if (tl->thead < 0)
			tl->thead = node_under(c, ST_THEAD, tl->tnode);
		group = tl->thead;
	} else {
		if (tl->tbody < 0)
			tl->tbody = node_under(c, ST_TBODY, tl->tnode);
		group = tl->tbody;
	}
	return node_under(c, tl->t->toc ? ST_TOCI : ST_TR, group);
}

/* Lays out one row's cells (a section row: one cell across the table)
 * under element tr. */
static void row_cells(struct lctx *c, struct tlay *tl, const struct table_row *row,
    struct rowlay *rl, int tr)
{
	const struct table *t = tl->t;
	bool header = row->kind == ROW_HEADER;
	if (row->kind == ROW_SECTION) {
		rl->ncells = 1;
		rl->cells = arena_alloc(c->s, sizeof *rl->cells);
		rl->cells[0].x = tl->x0;
		rl->cells[0].w = tl->w;
		rl->cells[0].items = layout_cell(c, &row->cells[0], tl->x0 + tl->pad,
		    tl->w - 2 * tl->pad, true, ALIGN_DEFAULT, &rl->cells[0].n, tl->depth,
		    t->toc ? tr : node_under(c, ST_TH, tr));
		return;
	}
	enum stype celltype = t->toc ? ST_P : header ? ST_TH : ST_TD;
	rl->ncells = t->ncols;
	rl->cells = arena_alloc(c->s, t->ncols * sizeof *rl->cells);
	int x = tl->x0;
	for (size_t j = 0; j < t->ncols; j++) {
		struct rowcell *cell = &rl->cells[j];
		cell->x = x;
		cell->w = tl->cw[j];
		if (j < row->ncells)
			cell->items = layout_cell(c, &row->cells[j], x + tl->pad,
			    tl->cw[j] - 2 * tl->pad, header, t->cols[j].align, &cell->n,
			    tl->depth, t->toc ? tr : node_under(c, celltype, tr));
		x += tl->cw[j];
	}
}

/* Lays out one row as an item; first: the table's first row (space
 * above it). */
static void table_row(struct lctx *c, struct tlay *tl, const struct table_row *row,
    bool first)
{
	bool grid = tl->t->style == TABLE_GRID;
	bool header = row->kind == ROW_HEADER;
	struct rowlay *rl = arena_alloc(c->s, sizeof *rl);
	rl->pad = tl->vpad;
	rl->grid = grid;
	rl->shade = NOSHADE;
	if (header && grid)
		rl->shade = rgb_hex(c->l->header_shade);
	if (row->kind == ROW_SECTION)
		rl->shade = grid ? rgb_hex(c->l->shade) : NOSHADE;
	rl->node = row_node(c, tl, header);
	row_cells(c, tl, row, rl, rl->node);
	int h = 0;
	for (size_t j = 0; j < rl->ncells; j++) {
		int ch = 0;
		for (size_t k = 0; k < rl->cells[j].n; k++)
			ch += rl->cells[j].items[k].space_before + rl->cells[j].items[k].h;
		if (ch > h)
			h = ch;
	}
	ops_begin(c);
	struct vitem *it = item_add(c, h + 2 * tl->vpad, first ? c->l->para_space : 0);
	it->row = rl;
	if (header) {
		it->header = 1;
		it->keep_next = 1;
		struct tableinfo *ti = (struct tableinfo *)c->tables.v + tl->tindex;
		if (ti->nheader == 0)
			ti->first_header = c->items.n - 1;
		ti->nheader++;
	}
	/* A section row keeps with the row under it. */
	if (row->kind == ROW_SECTION)
		it->keep_next = 1;
	it->baseline = tl->vpad + (rl->cells[0].n ? rl->cells[0].items[0].baseline : 0);
}

/* Lays out a table's caption, kept with the table. */
static void table_caption(struct lctx *c, const struct block *b, int x0, int w)
{
	struct tstyle st = body_style(c);
	st.role = FONT_BOLD;
	st.node = node_new(c, ST_CAPTION);
	struct span sp = { .text = b->u.table.caption, .pos = b->pos };
	struct inlines in = { &sp, 1 };
	size_t first = c->items.n;
	set_text(c, &in, &st, x0, w, c->l->para_space);
	for (size_t i = first; i < c->items.n; i++)
		item_at(c, i)->keep_next = 1;
}

void layout_table(struct lctx *c, const struct block *b, int x0, int w, int depth)
{
	const struct table *t = &b->u.table;
	if (t->ncols == 0)
		return;
	bool landscape_here = t->landscape && !c->landscape && depth == 0;
	if (landscape_here) {
		c->landscape = true;
		c->pending_break = true;
		w = col_width(c, true);
	}
	struct tlay tl = { .t = t, .x0 = x0, .w = w, .pad = PT(4), .vpad = PT(3),
	    .depth = depth, .thead = -1, .tbody = -1 };
	if (t->caption)
		table_caption(c, b, x0, w);
	tl.cw = xcalloc(t->ncols, sizeof *tl.cw);
	table_widths(c, t, w, tl.pad, tl.cw);
	tl.tnode = node_new(c, t->toc ? ST_TOC : ST_TABLE);
	struct tableinfo *ti = vec_push(&c->tables);
	tl.tindex = (int)c->tables.n - 1;
	int save_table = c->table;
	c->table = tl.tindex;
	ti->first_header = c->items.n;
	ti->nheader = 0;

	/* An implicit header row from the column titles, unless the loader
	 * made the header row. */
	bool titles = false;
	for (size_t j = 0; j < t->ncols; j++)
		if (t->cols[j].title)
			titles = true;
	if (t->nrows > 0 && t->rows[0].kind == ROW_HEADER)
		titles = false;
	if (titles)
		table_row(c, &tl, title_row(c, t, b->pos), true);
	for (size_t r = 0; r < t->nrows; r++)
		table_row(c, &tl, &t->rows[r], r == 0 && !titles);
	free(tl.cw);
	c->table = save_table;
	if (landscape_here) {
		c->landscape = false;
		c->pending_break = true;
	}
}
