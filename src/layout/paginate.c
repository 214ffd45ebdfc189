/*
 * paginate.c - vertical items onto pages: keeps (a heading with what
 * follows, no single line of a paragraph alone), page breaks moved
 * before what keeps with them, tall table rows split between pages,
 * header rows repeated as artifacts on continuation pages, and a
 * table's rules joined on each page.
 */
#include "layout-int.h"

#include <stdlib.h>
#include <string.h>

struct pager {
	struct lctx *c;
	struct vec pages;                  /* struct page * */
	struct vec marks;                  /* struct mark */
	struct page *cur;                  /* its ops are the scratch array */
	struct op *spare;                  /* the scratch array while no page */
	size_t spare_cap;                  /* has it, and its room */
	int y;                             /* next free y, mpt */
	int top, bottom, left;             /* content box */
	size_t first_on_page;              /* first item index on this page */
};

static void merge_rules(struct page *p);

/* Room left in a finished page's ops for its stamps (running text,
 * page number, labels), so stamping seldom grows it. */
#define STAMP_ROOM 8

/* Ends the current page (if any): its rules joined (merge_rules), it
 * keeps an exactly sized copy of its ops (and STAMP_ROOM), and the
 * scratch array goes back to pg->spare for the next page, so no page
 * holds a doubled array's unused half. */
static void pager_finish_page(struct pager *pg)
{
	struct page *p = pg->cur;
	if (p == NULL)
		return;
	merge_rules(p);
	pg->spare = p->ops;
	pg->spare_cap = p->cap;
	p->cap = p->nops + STAMP_ROOM;
	p->ops = xmalloc(p->cap * sizeof *p->ops);
	if (p->nops > 0)
		memcpy(p->ops, pg->spare, p->nops * sizeof *p->ops);
	pg->cur = NULL;
}

/* Starts a new page of the given turn; the next item goes at its top. */
static void pager_new_page(struct pager *pg, bool landscape)
{
	const struct style *l = pg->c->l;
	pager_finish_page(pg);
	struct page *p = arena_alloc(pg->c->a, sizeof *p);
	p->ops = pg->spare;                /* the scratch array, empty */
	p->cap = pg->spare_cap;
	pg->spare = NULL;
	pg->spare_cap = 0;
	p->landscape = landscape;
	p->w = landscape ? l->page_h : l->page_w;
	p->h = landscape ? l->page_w : l->page_h;
	*(struct page **)vec_push(&pg->pages) = p;
	pg->cur = p;
	int x0, y0, x1, y1;
	layout_content_box(pg->c, landscape, &x0, &y0, &x1, &y1);
	pg->top = y0;
	pg->bottom = y1;
	pg->left = x0;
	pg->y = y0;
}

struct page *layout_blank_page(struct lctx *c, bool landscape)
{
	const struct style *l = c->l;
	struct page *p = arena_alloc(c->a, sizeof *p);
	p->landscape = landscape;
	p->w = landscape ? l->page_h : l->page_w;
	p->h = landscape ? l->page_w : l->page_h;
	return p;
}

/* Copies an item's ops onto the current page, dy lower (ops hold their
 * final x); artifact: as artifacts (repeated header rows). */
static void place_ops(struct pager *pg, const struct op *ops, size_t n, int dy, bool artifact)
{
	for (size_t k = 0; k < n; k++) {
		struct op o = ops[k];
		o.y += dy;
		if (artifact) {
			o.role = SR_ARTIFACT;
			o.node = -1;
		}
		page_add_op(pg->cur, &o);
	}
}

static int place_row(struct pager *pg, struct rowlay *rl, int y, int avail, bool artifact);

/* Places items [from, to) of a cell's content from y down. */
static void place_items(struct pager *pg, const struct vitem *items, size_t from,
    size_t to, int y, bool artifact)
{
	for (size_t k = from; k < to; k++) {
		const struct vitem *it = &items[k];
		if (k > from)
			y += it->space_before;
		if (it->row)
			place_row(pg, it->row, y, 1 << 30, artifact);
		else
			place_ops(pg, it->ops, it->nops, y, artifact);
		y += it->h;
	}
}

/* Adds a rule of the table's colour from (x, y), w across and h down. */
static void add_rule(struct pager *pg, int x, int y, int w, int h)
{
	struct op o = { .kind = OP_LINE, .x = x, .y = y, .w = w, .h = h, .size = 500,
	    .color = rgb_hex(pg->c->l->rule), .node = -1, .role = SR_ARTIFACT };
	page_add_op(pg->cur, &o);
}

/* The rules of a row whose cells span, rh high at y: each cell's box,
 * without the rules inside a cell that covers several columns or rows
 * (fresh[j]: a slot whose cell continues from another page: ruled at
 * the top). */
static void span_rules(struct pager *pg, const struct rowlay *rl, int y, int rh,
    const bool *fresh)
{
	for (size_t j = 0; j < rl->ncells; j++) {
		const struct rowcell *cell = &rl->cells[j];
		if (!cell->src || fresh[j])
			add_rule(pg, cell->x, y, cell->w, 0);
		if (cell->src ? cell->last : cell->rows == 1)
			add_rule(pg, cell->x, y + rh, cell->w, 0);
		add_rule(pg, cell->x, y, 0, rh);
	}
	const struct rowcell *end = &rl->cells[rl->ncells - 1];
	add_rule(pg, end->x + end->w, y, 0, rh);
}

/* Places the part of a table row that fits in avail (all of it when
 * avail is INT_MAX): cell items from each cell's next index.  Returns
 * the height used, or 0 when no cell could place anything. */
static int place_row(struct pager *pg, struct rowlay *rl, int y, int avail, bool artifact)
{
	int inner = avail - 2 * rl->pad;
	size_t *take = xcalloc(rl->ncells, sizeof *take);
	int h = 0;
	bool any = false, rest = false;
	for (size_t j = 0; j < rl->ncells; j++) {
		struct rowcell *cell = &rl->cells[j];
		if (cell->rows > 1) {
			/* A cell covering rows is placed whole, with its first row
			 * (the rows below keep its space). */
			take[j] = cell->n;
			continue;
		}
		int ch = 0;
		size_t k = cell->next;
		while (k < cell->n) {
			const struct vitem *it = &cell->items[k];
			int sb = k == cell->next ? 0 : it->space_before;
			if (ch + sb + it->h > inner)
				break;
			ch += sb + it->h;
			k++;
		}
		/* Keep a cell's paragraph from leaving one line behind. */
		if (k < cell->n && k > cell->next + 1 && cell->items[k - 1].keep_next) {
			size_t back = k - 1;
			while (back > cell->next && cell->items[back].keep_next)
				back--;
			if (back > cell->next) {
				k = back + 1;
				ch = 0;
				for (size_t q = cell->next; q < k; q++)
					ch += (q == cell->next ? 0 : cell->items[q].space_before) +
					    cell->items[q].h;
			}
		}
		take[j] = k;
		if (k > cell->next)
			any = true;
		if (k < cell->n)
			rest = true;
		if (ch > h)
			h = ch;
	}
	if (!any && rest) {
		free(take);
		return 0;
	}
	if (rl->spans && h < rl->minh)
		h = rl->minh;
	int rh = h + 2 * rl->pad;
	/* Backgrounds, then content, then rules. */
	if (rl->shade != NOSHADE) {
		int x = rl->cells[0].x;
		int w = rl->cells[rl->ncells - 1].x + rl->cells[rl->ncells - 1].w - x;
		struct op o = { .kind = OP_RECT, .x = x, .y = y, .w = w, .h = rh,
		    .color = rl->shade, .node = -1, .role = SR_ARTIFACT };
		page_add_op(pg->cur, &o);
	}
	bool *fresh = xcalloc(rl->ncells, sizeof *fresh);
	for (size_t j = 0; j < rl->ncells; j++) {
		struct rowcell *cell = &rl->cells[j];
		if (cell->src && cell->src->shown != pg->cur) {
			/* A cell covering rows continued on a new page: its text
			 * again, at the top of what it covers here (an artifact:
			 * the first copy is the tagged one). */
			place_items(pg, cell->src->items, 0, cell->src->n, y + rl->pad, true);
			cell->src->shown = pg->cur;
			fresh[j] = true;
		}
		place_items(pg, cell->items, cell->next, take[j], y + rl->pad, artifact);
		cell->next = take[j];
		if (cell->rows > 1)
			cell->shown = pg->cur;
	}
	if (rl->grid && rl->spans)
		span_rules(pg, rl, y, rh, fresh);
	else if (rl->grid) {
		uint32_t col = rgb_hex(pg->c->l->rule);
		int x = rl->cells[0].x;
		int right = rl->cells[rl->ncells - 1].x + rl->cells[rl->ncells - 1].w;
		struct op o = { .kind = OP_LINE, .x = x, .y = y, .w = right - x, .h = 0,
		    .size = 500, .color = col, .node = -1, .role = SR_ARTIFACT };
		page_add_op(pg->cur, &o);
		o.y = y + rh;
		page_add_op(pg->cur, &o);
		for (size_t j = 0; j <= rl->ncells; j++) {
			int cx = j < rl->ncells ? rl->cells[j].x : right;
			struct op v = { .kind = OP_LINE, .x = cx, .y = y, .w = 0, .h = rh,
			    .size = 500, .color = col, .node = -1, .role = SR_ARTIFACT };
			page_add_op(pg->cur, &v);
		}
	}
	free(take);
	free(fresh);
	return rh;
}

/* True when any cell of the row still has content to place. */
static bool row_pending(const struct rowlay *rl)
{
	for (size_t j = 0; j < rl->ncells; j++)
		if (rl->cells[j].next < rl->cells[j].n)
			return true;
	return false;
}

/* Marks every cell of a row as not placed yet. */
static void row_reset(struct rowlay *rl)
{
	for (size_t j = 0; j < rl->ncells; j++)
		rl->cells[j].next = 0;
}

/* Records a heading or anchor on the current page. */
static void pager_mark(struct pager *pg, const struct vitem *it, int y)
{
	if (it->mark == NULL)
		return;
	struct mark *m = vec_push(&pg->marks);
	m->page = (int)pg->pages.n - 1;
	m->y = y;
	m->level = it->hlevel;
	m->text = it->mark;
}

/* Places the header rows of table t at the top of a continuation page. */
static void place_headers(struct pager *pg, int t)
{
	const struct tableinfo *ti = (struct tableinfo *)pg->c->tables.v + t;
	for (size_t k = 0; k < ti->nheader; k++) {
		struct vitem *h = item_at(pg->c, ti->first_header + k);
		row_reset(h->row);
		pg->y += place_row(pg, h->row, pg->y, 1 << 30, true);
	}
}

static const struct op *rule_ops;     /* the ops rule_cmp's indices name */

/* Orders rule indices (into rule_ops) by direction, then position. */
static int rule_cmp(const void *a, const void *b)
{
	const struct op *p = &rule_ops[*(const size_t *)a], *q = &rule_ops[*(const size_t *)b];
	bool pv = p->w == 0, qv = q->w == 0;
	if (pv != qv)
		return pv ? -1 : 1;
	int k[2][4] = { { p->x, p->y, p->w + p->h, (int)p->color },
	    { q->x, q->y, q->w + q->h, (int)q->color } };
	if (!pv) {                         /* horizontal: by y, then x */
		k[0][0] = p->y; k[0][1] = p->x;
		k[1][0] = q->y; k[1][1] = q->x;
	}
	for (int i = 0; i < 4; i++)
		if (k[0][i] != k[1][i])
			return k[0][i] < k[1][i] ? -1 : 1;
	if (p->size != q->size)
		return p->size < q->size ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Joins a table's rules on a page: each row rules its own box, so the
 * bottom rule of one row and the top rule of the next coincide, and its
 * column rules continue the row above's.  One rule each is kept: the
 * last drawn, so no later row's shading covers it. */
static void merge_rules(struct page *p)
{
	size_t n = 0;
	for (size_t k = 0; k < p->nops; k++)
		if (p->ops[k].kind == OP_LINE && (p->ops[k].w == 0 || p->ops[k].h == 0))
			n++;
	if (n < 2)
		return;
	size_t *ix = xmalloc(n * sizeof *ix);
	n = 0;
	for (size_t k = 0; k < p->nops; k++)
		if (p->ops[k].kind == OP_LINE && (p->ops[k].w == 0 || p->ops[k].h == 0))
			ix[n++] = k;
	rule_ops = p->ops;
	qsort(ix, n, sizeof *ix, rule_cmp);
	bool *gone = xcalloc(p->nops, sizeof *gone);
	for (size_t i = 0; i + 1 < n; i++) {
		struct op *a = &p->ops[ix[i]], *b = &p->ops[ix[i + 1]];
		if (a->color != b->color || a->size != b->size || a->role != b->role)
			continue;
		if (a->w == 0 && b->w == 0 && a->x == b->x && b->y >= a->y && b->y <= a->y + a->h) {
			/* Column rules that touch: one rule over both. */
			int top = a->y, bottom = a->y + a->h > b->y + b->h ? a->y + a->h : b->y + b->h;
			size_t keep = ix[i] > ix[i + 1] ? ix[i] : ix[i + 1];
			size_t drop = keep == ix[i] ? ix[i + 1] : ix[i];
			p->ops[keep].y = top;
			p->ops[keep].h = bottom - top;
			gone[drop] = true;
			/* Carry on from the kept rule. */
			ix[i + 1] = keep;
		} else if (a->h == 0 && b->h == 0 && a->y == b->y && a->x == b->x && a->w == b->w) {
			size_t keep = ix[i] > ix[i + 1] ? ix[i] : ix[i + 1];
			gone[keep == ix[i] ? ix[i + 1] : ix[i]] = true;
			ix[i + 1] = keep;
		}
	}
	/* Keep everything else in order, then the rules, last: nothing is
	 * drawn over them, and the page's content alternates less between
	 * text and graphics (fewer text objects and marked-content
	 * sequences). */
	struct op *rules = xmalloc(p->nops * sizeof *rules);
	size_t w = 0, nr = 0;
	for (size_t k = 0; k < p->nops; k++) {
		if (gone[k])
			continue;
		if (p->ops[k].kind == OP_LINE && p->ops[k].node < 0)
			rules[nr++] = p->ops[k];
		else
			p->ops[w++] = p->ops[k];
	}
	memcpy(p->ops + w, rules, nr * sizeof *rules);
	p->nops = w + nr;
	free(rules);
	free(gone);
	free(ix);
}

/* True when part of the row is already placed (a row split over pages). */
static bool row_started(const struct rowlay *rl)
{
	for (size_t j = 0; j < rl->ncells; j++)
		if (rl->cells[j].next > 0)
			return true;
	return false;
}

/* Starts a continuation page for item i, repeating its table's header
 * rows when it has any. */
static void pager_break(struct pager *pg, size_t i)
{
	struct vitem *it = item_at(pg->c, i);
	/* A cell covering rows that the break cuts: closed at the foot. */
	const struct vitem *prev = i > pg->first_on_page ? item_at(pg->c, i - 1) : NULL;
	if (prev && prev->row && prev->row->spans && prev->row->grid && prev->keep_next &&
	    !prev->header && it->row && it->table == prev->table) {
		const struct rowlay *rl = prev->row;
		const struct rowcell *end = &rl->cells[rl->ncells - 1];
		add_rule(pg, rl->cells[0].x, pg->y, end->x + end->w - rl->cells[0].x, 0);
	}
	pager_new_page(pg, it->landscape);
	pg->first_on_page = i;
	if (it->table >= 0 && !it->header &&
	    ((struct tableinfo *)pg->c->tables.v)[it->table].nheader)
		place_headers(pg, it->table);
}

/* The first item of the keep chain that ends at item i on this page. */
static size_t keep_chain_start(struct pager *pg, size_t i)
{
	size_t j = i;
	while (j > pg->first_on_page && item_at(pg->c, j - 1)->keep_next)
		j--;
	return j;
}

/* Takes items [j, i) back off the current page: its ops and marks as
 * they were before item j (op_mark, mark_n), their rows unplaced. */
static void retreat(struct pager *pg, size_t j, size_t i, const size_t *op_mark,
    const size_t *mark_n)
{
	pg->cur->nops = op_mark[j];
	pg->marks.n = mark_n[j];
	for (size_t k = j; k < i; k++)
		if (item_at(pg->c, k)->row)
			row_reset(item_at(pg->c, k)->row);
}

void paginate(struct lctx *c, struct vec *pages, struct vec *marks, bool landscape)
{
	struct pager pgs = { .c = c };
	struct pager *pg = &pgs;
	vec_init(&pg->pages, sizeof(struct page *));
	vec_init(&pg->marks, sizeof(struct mark));
	size_t n = c->items.n;
	size_t *op_mark = xcalloc(n + 1, sizeof *op_mark);
	size_t *mark_n = xcalloc(n + 1, sizeof *mark_n);
	pager_new_page(pg, landscape);
	pg->first_on_page = 0;
	int full = pg->bottom - pg->top;
	size_t i = 0;
	while (i < n) {
		struct vitem *it = item_at(c, i);
		bool at_top = pg->cur->nops == 0 && pg->y == pg->top;
		if ((bool)it->landscape != pg->cur->landscape) {
			if (at_top)
				pg->pages.n--;   /* an empty page of the wrong turn */
			pager_new_page(pg, it->landscape);
			pg->first_on_page = i;
			at_top = true;
			full = pg->bottom - pg->top;
		} else if (!at_top && it->break_before && !(it->row && row_started(it->row))) {
			/* A page break after a heading (or anything kept with
			 * what follows) comes before it instead. */
			size_t j = keep_chain_start(pg, i);
			if (j < i && j > pg->first_on_page) {
				retreat(pg, j, i, op_mark, mark_n);
				it->break_before = 0;
				pager_new_page(pg, item_at(c, j)->landscape);
				pg->first_on_page = j;
				i = j;
				continue;
			}
			pager_new_page(pg, it->landscape);
			pg->first_on_page = i;
			at_top = true;
		}
		if (it->row && row_started(it->row)) {
			/* The rest of a row split at the foot of the last page. */
			int used = place_row(pg, it->row, pg->y, pg->bottom - pg->y, false);
			if (used == 0)
				used = place_row(pg, it->row, pg->y, 1 << 30, false);
			pg->y += used;
			if (!row_pending(it->row)) {
				i++;
				continue;
			}
			pager_break(pg, i);
			continue;
		}
		int sb = at_top ? 0 : it->space_before;
		op_mark[i] = pg->cur->nops;
		mark_n[i] = pg->marks.n;
		if (pg->y + sb + it->h <= pg->bottom ||
		    (at_top && it->h > full && (!it->row || it->row->spans))) {
			/* It fits (or, alone on a page and taller, it has to go). */
			pg->y += sb;
			pager_mark(pg, it, pg->y);
			if (it->row)
				pg->y += place_row(pg, it->row, pg->y, 1 << 30, false);
			else {
				place_ops(pg, it->ops, it->nops, pg->y, false);
				pg->y += it->h;
			}
			i++;
			continue;
		}
		/* A tall table row splits rather than leave a big gap. */
		if (it->row && !it->header && !it->row->spans && (it->h > full / 3 || at_top)) {
			int avail = pg->bottom - pg->y - sb;
			int used = avail > PT(24) ? place_row(pg, it->row, pg->y + sb, avail, false) : 0;
			if (used == 0 && at_top)
				used = place_row(pg, it->row, pg->y, 1 << 30, false);
			if (used > 0) {
				pager_mark(pg, it, pg->y + sb);
				pg->y += sb + used;
				if (!row_pending(it->row)) {
					i++;
					continue;
				}
				pager_break(pg, i);
				continue;
			}
		}
		/* Move the keep chain that ends here to the next page. */
		size_t j = keep_chain_start(pg, i);
		if (j > pg->first_on_page) {
			retreat(pg, j, i, op_mark, mark_n);
			i = j;
		}
		pager_break(pg, i);
	}
	pager_finish_page(pg);             /* the last page's rules joined */
	free(pg->spare);
	free(op_mark);
	free(mark_n);
	*pages = pg->pages;
	*marks = pg->marks;
}
