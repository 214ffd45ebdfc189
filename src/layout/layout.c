/*
 * layout.c - the layout context, structure elements, vertical items and
 * flows: the entry points of the layout stage (layout.h).  How blocks
 * become items and items pages: see layout-int.h.
 */
#include "layout-int.h"

#include <string.h>

#include <hyphen.h>

struct lctx *layout_new(struct arena *a, const struct style *l, struct fontset *fs)
{
	struct lctx *c = xcalloc(1, sizeof *c);
	c->a = a;
	c->l = l;
	c->fs = fs;
	c->asc = fontset_ascent(fs);
	c->desc = fontset_descent(fs);
	if (c->asc <= 0 || c->asc > 1500)
		c->asc = 905;
	if (c->desc <= 0 || c->desc > 800)
		c->desc = 212;
	c->table = -1;
	vec_init(&c->items, sizeof(struct vitem));
	vec_init(&c->tables, sizeof(struct tableinfo));
	vec_init(&c->ops, sizeof(struct op));
	vec_init(&c->warned, sizeof(struct glyph_warned));
	vec_init(&c->nodes, sizeof(struct snode));
	c->parent = -1;
	c->para_node = -1;
	return c;
}

void layout_free(struct lctx *c)
{
	if (c == NULL)
		return;
	vec_free(&c->items);
	vec_free(&c->tables);
	vec_free(&c->ops);
	vec_free(&c->nodes);
	vec_free(&c->warned);
	free(c->cp);
	free(c->wid);
	free(c->face);
	free(c->span);
	free(c->span_link);
	if (c->hyph)
		hnj_hyphen_free(c->hyph);
	free(c);
}

/* A new structure element under the current parent; returns its index. */
int node_new(struct lctx *c, enum stype t)
{
	struct snode *n = vec_push(&c->nodes);
	n->type = (uint8_t)t;
	n->parent = c->parent;
	n->lang = c->lang;
	return (int)c->nodes.n - 1;
}

/* A new structure element under parent; returns its index. */
int node_under(struct lctx *c, enum stype t, int parent)
{
	int save = c->parent;
	c->parent = parent;
	int n = node_new(c, t);
	c->parent = save;
	return n;
}

const char *layout_stype_name(int type)
{
	static const char *names[] = {
		"Document", "Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
		"Table", "THead", "TBody", "TR", "TH", "TD", "Figure", "Link", "Caption",
		"TOC", "TOCI",
	};
	if (type < 0 || (size_t)type >= sizeof names / sizeof names[0])
		return "?";
	return names[type];
}

const struct snode *layout_nodes(const struct lctx *c, size_t *n)
{
	*n = c->nodes.n;
	return c->nodes.v;
}

void layout_content_box(const struct lctx *c, bool landscape, int *x0, int *y0,
    int *x1, int *y1)
{
	const struct style *l = c->l;
	int w = landscape ? l->page_h : l->page_w;
	int h = landscape ? l->page_w : l->page_h;
	*x0 = l->margin_left;
	*y0 = l->margin_top;
	*x1 = w - l->margin_right;
	*y1 = h - l->margin_bottom;
}

/* Width of the text column in the given orientation. */
int col_width(const struct lctx *c, bool landscape)
{
	int x0, y0, x1, y1;
	layout_content_box(c, landscape, &x0, &y0, &x1, &y1);
	return x1 - x0;
}

/* Starts a new item's op list. */
void ops_begin(struct lctx *c)
{
	c->ops.n = 0;
}

/* Appends a scratch op of kind k, of no structure element. */
struct op *ops_add(struct lctx *c, enum op_kind k)
{
	struct op *o = vec_push(&c->ops);
	o->kind = (uint8_t)k;
	o->node = -1;
	return o;
}

/* Appends an item whose ops are the scratch ops; returns it. */
struct vitem *item_add(struct lctx *c, int h, int space_before)
{
	struct vitem *it = vec_push(&c->items);
	it->h = h;
	it->space_before = space_before;
	it->table = c->table;
	it->landscape = c->landscape;
	if (c->ops.n > 0) {
		it->ops = arena_alloc(c->s, c->ops.n * sizeof(struct op));
		memcpy(it->ops, c->ops.v, c->ops.n * sizeof(struct op));
		it->nops = c->ops.n;
	}
	c->ops.n = 0;
	if (c->pending_break) {
		it->break_before = 1;
		c->pending_break = false;
	}
	if (c->pending_anchor) {
		it->mark = c->pending_anchor;
		c->pending_anchor = NULL;
	}
	return it;
}

/* Item i of the list being built. */
struct vitem *item_at(struct lctx *c, size_t i)
{
	return (struct vitem *)c->items.v + i;
}


void page_add_op(struct page *p, const struct op *o)
{
	if (p->nops == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->ops = xrealloc(p->ops, p->cap * sizeof *p->ops);
	}
	p->ops[p->nops++] = *o;
}

void page_ops_to_back(struct page *p, size_t n)
{
	if (n == 0 || n > p->nops)
		return;
	struct op *tmp = xmalloc(n * sizeof *tmp);
	memcpy(tmp, p->ops + p->nops - n, n * sizeof *tmp);
	memmove(p->ops + n, p->ops, (p->nops - n) * sizeof *tmp);
	memcpy(p->ops, tmp, n * sizeof *tmp);
	free(tmp);
}


struct flow *layout_flow(struct lctx *c, const struct blocks *b, bool landscape,
    const char *anchor)
{
	c->items.n = 0;
	c->tables.n = 0;
	c->pending_break = false;
	c->landscape = landscape;
	c->table = -1;
	c->pending_anchor = anchor;
	c->s = arena_new();
	int first_node = (int)c->nodes.n;
	c->parent = -1;
	c->lang = NULL;
	int root = node_new(c, ST_SECT);
	c->parent = root;
	/* Items are laid out at their final x: the column's left edge is
	 * the same in both orientations. */
	int x0, y0, x1, y1;
	layout_content_box(c, landscape, &x0, &y0, &x1, &y1);
	layout_blocks(c, b, x0, x1 - x0, 0);
	c->parent = -1;
	if (c->items.n == 0) {
		ops_begin(c);
		item_add(c, 0, 0);
	}
	struct vec pages, marks;
	vec_init(&pages, sizeof(struct page *));
	vec_init(&marks, sizeof(struct mark));
	paginate(c, &pages, &marks, landscape);
	struct flow *f = arena_alloc(c->a, sizeof *f);
	f->npages = pages.n;
	f->pages = vec_to_arena(&pages, c->a);
	f->nmarks = marks.n;
	f->marks = vec_to_arena(&marks, c->a);
	f->root = root;
	f->node_first = first_node;
	f->node_end = (int)c->nodes.n;
	/* The items and table rows were only the way to the pages. */
	arena_free(c->s);
	c->s = NULL;
	return f;
}

struct flow *layout_placeholder_flow(struct lctx *c, size_t n, const int *w,
    const int *h, const char *const *alt, const char *title)
{
	int first_node = (int)c->nodes.n;
	int save = c->parent;
	c->parent = -1;
	int root = node_new(c, ST_SECT);
	struct flow *f = arena_alloc(c->a, sizeof *f);
	f->npages = n;
	f->pages = arena_alloc(c->a, (n ? n : 1) * sizeof *f->pages);
	for (size_t i = 0; i < n; i++) {
		struct page *p = arena_alloc(c->a, sizeof *p);
		p->w = w[i];
		p->h = h[i];
		p->landscape = w[i] > h[i];
		int fig = node_under(c, ST_FIGURE, root);
		((struct snode *)c->nodes.v)[fig].alt = alt[i];
		struct op o = { .kind = OP_PLACEHOLDER, .role = SR_FIGURE, .w = w[i],
		    .h = h[i], .text = alt[i], .len = (int)strlen(alt[i]), .node = fig };
		page_add_op(p, &o);
		f->pages[i] = p;
	}
	c->parent = save;
	if (title && n > 0) {
		f->nmarks = 1;
		f->marks = arena_alloc(c->a, sizeof *f->marks);
		f->marks[0].level = 1;
		f->marks[0].text = title;
	}
	f->root = root;
	f->node_first = first_node;
	f->node_end = (int)c->nodes.n;
	return f;
}

void layout_flow_free(struct flow *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->npages; i++) {
		free(f->pages[i]->ops);
		f->pages[i]->ops = NULL;
	}
}
