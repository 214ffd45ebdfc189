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

/* The column each cell of t's rows starts in (NULL for a section row):
 * cells fill the columns that no cell from a row above covers, left to
 * right (the loader has checked that they fit; here they are clamped).
 * In the scratch arena. */
static int **table_grid(struct lctx *c, const struct table *t)
{
	int **gcol = arena_alloc(c->s, (t->nrows ? t->nrows : 1) * sizeof *gcol);
	int *busy = xcalloc(t->ncols, sizeof *busy);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];
		if (row->kind == ROW_SECTION) {
			memset(busy, 0, t->ncols * sizeof *busy);
			continue;
		}
		gcol[r] = arena_alloc(c->s, (row->ncells ? row->ncells : 1) * sizeof **gcol);
		size_t j = 0;
		for (size_t k = 0; k < row->ncells; k++) {
			while (j < t->ncols && busy[j] > 0)
				j++;
			gcol[r][k] = (int)j;
			int cols = row->spans ? row->spans[k].cols : 1;
			int rows = row->spans ? row->spans[k].rows : 1;
			for (int q = 0; q < cols && j < t->ncols; q++)
				busy[j++] = rows;
		}
		for (size_t q = 0; q < t->ncols; q++)
			if (busy[q] > 0)
				busy[q]--;
	}
	free(busy);
	return gcol;
}

/* True when a cell of t covers several columns or rows. */
static bool table_spans(const struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].spans)
			return true;
	return false;
}

/* Column widths (out[ncols]) for a table of total width w whose cells
 * have horizontal padding pad; gcol: the cells' columns (table_grid).
 * Cells that cover one column are measured. */
static void table_widths(struct lctx *c, const struct table *t, int **gcol, int w,
    int pad, int *out)
{
	size_t nc = t->ncols;
	double wsum = 0;
	size_t nauto = 0, nfixed = 0;
	int wtotal = w;
	/* Columns of a fixed width first; the others share what is left. */
	for (size_t j = 0; j < nc; j++)
		if (t->cols[j].points > 0) {
			w -= t->cols[j].points;
			nfixed++;
		}
	if (w < 0)
		w = 0;
	for (size_t j = 0; j < nc; j++) {
		if (t->cols[j].points > 0)
			continue;
		if (t->cols[j].width > 0)
			wsum += t->cols[j].width;
		else
			nauto++;
	}
	int *mn = xcalloc(nc, sizeof *mn), *mx = xcalloc(nc, sizeof *mx);
	if (nauto > 0) {
		for (size_t r = 0; r < t->nrows; r++) {
			const struct table_row *row = &t->rows[r];
			if (row->kind == ROW_SECTION || (row->ncells != nc && !table_spans(t)))
				continue;
			for (size_t k = 0; k < row->ncells; k++) {
				size_t j = (size_t)gcol[r][k];
				if (j < nc && t->cols[j].width <= 0 && t->cols[j].points == 0 &&
				    (row->spans == NULL || row->spans[k].cols == 1))
					measure_blocks(c, &row->cells[k], &mn[j], &mx[j],
					    row->kind == ROW_HEADER);
			}
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
		int room = wsum > 0 ? w * (int)nauto / (int)(nc - nfixed + 1) : w;
		long summx = 0, summn = 0;
		for (size_t j = 0; j < nc; j++)
			if (t->cols[j].width <= 0 && t->cols[j].points == 0) {
				summx += mx[j];
				summn += mn[j];
			}
		for (size_t j = 0; j < nc; j++) {
			if (t->cols[j].width > 0 || t->cols[j].points > 0)
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
	/* Rounding: give the remainder to the last column not of a fixed
	 * width (none: the table is as wide as its columns). */
	int total = 0;
	size_t last = nc - 1;
	for (size_t j = 0; j < nc; j++) {
		if (t->cols[j].points > 0)
			out[j] = t->cols[j].points;
		total += out[j];
	}
	while (last > 0 && t->cols[last].points > 0)
		last--;
	if (t->cols[last].points == 0)
		out[last] += wtotal - total;
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
	int toci, subtoc;                  /* a contents' last TOCI not nested,
	                                      the TOC under it (-1 none) */
	int tindex;                        /* index in c->tables */
	struct rowcell **cover;            /* per column: the cell covering it
	                                      from a row above, or NULL */
	int *busy;                         /* per column: rows it stays covered */
};

/* The TR (or TOCI) element of a row of kind header or not, making its
 * THead or TBody on first use; a nested contents row's TOCI goes in a
 * TOC under the last row's that is not nested. */
static int row_node(struct lctx *c, struct tlay *tl, const struct table_row *row,
    bool header)
{
	int group;
	if (tl->t->toc) {
		if (!row->nested || tl->toci < 0) {
			tl->toci = node_under(c, ST_TOCI, tl->tnode);
			tl->subtoc = -1;
			return tl->toci;
		}
		if (tl->subtoc < 0)
			tl->subtoc = node_under(c, ST_TOC, tl->toci);
		group = tl->subtoc;
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

/* The element of a cell of type celltype under tr (a contents row's
 * cells are the TOCI's), with its span and, for a header cell, scope. */
static int cell_node(struct lctx *c, struct tlay *tl, enum stype celltype, int tr,
    int cols, int rows)
{
	if (tl->t->toc)
		return tr;
	int n = node_under(c, celltype, tr);
	struct snode *sn = (struct snode *)c->nodes.v + n;
	if (celltype == ST_TH)
		sn->scope = SCOPE_COLUMN;
	if (cols > 1)
		sn->colspan = (uint16_t)cols;
	if (rows > 1)
		sn->rowspan = (uint16_t)rows;
	return n;
}

/* Lays out a section row: one header cell across the table, under tr. */
static void section_cells(struct lctx *c, struct tlay *tl, const struct table_row *row,
    struct rowlay *rl, int tr)
{
	rl->ncells = 1;
	rl->cells = arena_alloc(c->s, sizeof *rl->cells);
	rl->cells[0].x = tl->x0;
	rl->cells[0].w = tl->w;
	rl->cells[0].rows = 1;
	rl->cells[0].items = layout_cell(c, &row->cells[0], tl->x0 + tl->pad,
	    tl->w - 2 * tl->pad, true, ALIGN_DEFAULT, &rl->cells[0].n, tl->depth,
	    cell_node(c, tl, ST_TH, tr, 1, 1));
	memset(tl->busy, 0, tl->t->ncols * sizeof *tl->busy);
}

/* Lays out one row's cells under element tr, at the columns gcol
 * (table_grid), with a slot for each cell from a row above that covers
 * columns of this row. */
static void row_cells(struct lctx *c, struct tlay *tl, const struct table_row *row,
    const int *gcol, struct rowlay *rl, int tr)
{
	const struct table *t = tl->t;
	bool header = row->kind == ROW_HEADER;
	enum stype celltype = t->toc ? ST_P : header ? ST_TH : ST_TD;
	rl->cells = arena_alloc(c->s, (row->ncells + t->ncols) * sizeof *rl->cells);
	size_t k = 0, n = 0;
	int x = tl->x0;
	for (size_t j = 0; j < t->ncols;) {
		struct rowcell *cell = &rl->cells[n++];
		cell->x = x;
		if (tl->busy[j] > 0) {
			/* A slot covered by a cell from above. */
			struct rowcell *src = tl->cover[j];
			size_t j0 = j;
			while (j < t->ncols && tl->busy[j] > 0 && tl->cover[j] == src)
				x += tl->cw[j++];
			cell->w = x - cell->x;
			cell->src = src;
			cell->rows = 1;
			cell->last = tl->busy[j0] == 1;
			rl->spans = true;
			continue;
		}
		int cols = 1, rows = 1;
		if (k < row->ncells && row->spans) {
			cols = row->spans[k].cols;
			rows = row->spans[k].rows;
		}
		int cw = 0;
		for (int q = 0; q < cols && j + (size_t)q < t->ncols; q++)
			cw += tl->cw[j + (size_t)q];
		cell->w = cw;
		cell->rows = rows;
		if (cols > 1 || rows > 1)
			rl->spans = true;
		if (k < row->ncells && (gcol == NULL || (size_t)gcol[k] == j)) {
			/* A header cell over several columns is centred over them. */
			enum align al = header && cols > 1 ? ALIGN_CENTRE : t->cols[j].align;
			cell->items = layout_cell(c, &row->cells[k], x + tl->pad,
			    cw - 2 * tl->pad, header, al, &cell->n, tl->depth,
			    cell_node(c, tl, celltype, tr, cols, rows));
			k++;
		}
		for (int q = 0; q < cols && j < t->ncols; q++) {
			tl->busy[j] = rows;
			tl->cover[j++] = cell;
		}
		x += cw;
	}
	rl->ncells = n;
	for (size_t q = 0; q < t->ncols; q++)
		if (tl->busy[q] > 0)
			tl->busy[q]--;
}

/* Height of a cell's content, mpt. */
static int cell_height(const struct rowcell *cell)
{
	int ch = 0;
	for (size_t k = 0; k < cell->n; k++)
		ch += cell->items[k].space_before + cell->items[k].h;
	return ch;
}

/* Lays out one row (its cells, not yet an item); *h is the height of
 * its content, cells covering several rows left out. */
static struct rowlay *row_lay(struct lctx *c, struct tlay *tl, const struct table_row *row,
    const int *gcol, int *h)
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
	rl->node = row_node(c, tl, row, header);
	if (row->kind == ROW_SECTION)
		section_cells(c, tl, row, rl, rl->node);
	else
		row_cells(c, tl, row, gcol, rl, rl->node);
	*h = 0;
	for (size_t j = 0; j < rl->ncells; j++)
		if (rl->cells[j].rows == 1 && cell_height(&rl->cells[j]) > *h)
			*h = cell_height(&rl->cells[j]);
	return rl;
}

/* Makes row rl of content height h an item; first: the table's first
 * row (space above it); keep: kept with the next row (a cell covers
 * both). */
static void row_item(struct lctx *c, struct tlay *tl, const struct table_row *row,
    struct rowlay *rl, int h, bool first, bool keep)
{
	ops_begin(c);
	struct vitem *it = item_add(c, h + 2 * tl->vpad, first ? c->l->para_space : 0);
	it->row = rl;
	rl->minh = h;
	if (row->kind == ROW_HEADER) {
		it->header = 1;
		it->keep_next = 1;
		struct tableinfo *ti = (struct tableinfo *)c->tables.v + tl->tindex;
		if (ti->nheader == 0)
			ti->first_header = c->items.n - 1;
		ti->nheader++;
	}
	/* A section row keeps with the row under it. */
	if (row->kind == ROW_SECTION || keep)
		it->keep_next = 1;
	it->baseline = tl->vpad + (rl->cells[0].n ? rl->cells[0].items[0].baseline : 0);
}

/* Gives each cell that covers several rows the height it needs: what
 * the rows it covers lack goes to the last of them.  keep[r]: row r is
 * covered together with row r + 1. */
static void span_heights(struct rowlay **rls, int *hs, bool *keep, size_t nr, int vpad)
{
	for (size_t r = 0; r < nr; r++) {
		for (size_t j = 0; j < rls[r]->ncells; j++) {
			const struct rowcell *cell = &rls[r]->cells[j];
			if (cell->rows <= 1 || cell->src)
				continue;
			size_t last = r + (size_t)cell->rows - 1 < nr ? r + (size_t)cell->rows - 1 :
			    nr - 1;
			int have = -2 * vpad;
			for (size_t q = r; q <= last; q++) {
				have += hs[q] + 2 * vpad;
				if (q < last)
					keep[q] = true;
			}
			int need = cell_height(cell);
			if (need > have)
				hs[last] += need - have;
		}
	}
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

/* Lays out rows [0, nr) (rows[r], at columns gcol[r]) and makes them
 * items: all rows first, so that a cell covering several rows can
 * make the last of them taller. */
static void table_rows(struct lctx *c, struct tlay *tl, const struct table_row **rows,
    int **gcol, size_t nr)
{
	struct rowlay **rls = arena_alloc(c->s, (nr ? nr : 1) * sizeof *rls);
	int *hs = xcalloc(nr ? nr : 1, sizeof *hs);
	bool *keep = xcalloc(nr ? nr : 1, sizeof *keep);
	tl->cover = xcalloc(tl->t->ncols, sizeof *tl->cover);
	tl->busy = xcalloc(tl->t->ncols, sizeof *tl->busy);
	for (size_t r = 0; r < nr; r++)
		rls[r] = row_lay(c, tl, rows[r], gcol[r], &hs[r]);
	span_heights(rls, hs, keep, nr, tl->vpad);
	for (size_t r = 0; r < nr; r++)
		row_item(c, tl, rows[r], rls[r], hs[r], r == 0, keep[r]);
	free(tl->cover);
	free(tl->busy);
	free(hs);
	free(keep);
}

/* The type size of table t's cells, mpt (0: the body size). */
static int table_size(const struct lctx *c, const struct table *t)
{
	if (t->size == TABLE_SIZE_SMALL)
		return c->l->size_small;
	return t->size > 0 ? t->size : 0;
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
	    .depth = depth, .thead = -1, .tbody = -1,
	    .toci = -1, .subtoc = -1 };
	if (t->caption)
		table_caption(c, b, x0, w);
	/* Smaller type: the cells' padding shrinks with it. */
	int save_size = c->text_size;
	int size = table_size(c, t);
	if (size > 0) {
		c->text_size = size;
		tl.pad = (int)((long)tl.pad * size / c->l->size_body);
		tl.vpad = (int)((long)tl.vpad * size / c->l->size_body);
	}
	int **gcol = table_grid(c, t);
	tl.cw = xcalloc(t->ncols, sizeof *tl.cw);
	table_widths(c, t, gcol, w, tl.pad, tl.cw);
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
	size_t nr = t->nrows + (titles ? 1 : 0);
	const struct table_row **rows = arena_alloc(c->s, (nr ? nr : 1) * sizeof *rows);
	int **rcol = arena_alloc(c->s, (nr ? nr : 1) * sizeof *rcol);
	if (titles)
		rows[0] = title_row(c, t, b->pos);
	for (size_t r = 0; r < t->nrows; r++) {
		rows[r + (titles ? 1 : 0)] = &t->rows[r];
		rcol[r + (titles ? 1 : 0)] = gcol[r];
	}
	table_rows(c, &tl, rows, rcol, nr);
	free(tl.cw);
	c->table = save_table;
	c->text_size = save_size;
	if (landscape_here) {
		c->landscape = false;
		c->pending_break = true;
	}
}
