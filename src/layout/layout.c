/*
 * layout.c - blocks into pages.
 *
 * Two steps.  First every block becomes a list of vertical items
 * ("vitems"): one per line of a paragraph, one per table row, one per
 * image, each with its drawing operations relative to its own top and
 * with keep constraints (a heading keeps with what follows; no
 * paragraph leaves a single line at the foot or head of a page).
 * Then the paginator places the items on pages, honouring the keeps,
 * splitting table rows that do not fit and repeating header rows.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- vertical items ---- */

struct rowcell {
	int x, w;                          /* cell box, mpt */
	struct vitem *items;               /* the cell's content */
	size_t n;
	size_t next;                       /* pagination: first item not placed */
};

struct rowlay {
	struct rowcell *cells;
	size_t ncells;
	int pad;                           /* vertical padding, mpt */
	uint32_t shade;                    /* background, or NOSHADE */
	bool grid;                         /* draw rules */
	int node;                          /* TR structure node */
};

#define NOSHADE 0xFFFFFFFFu

struct vitem {
	int h;                             /* height, mpt */
	int space_before;                  /* dropped at the top of a page */
	int baseline;                      /* first baseline from the top */
	struct op *ops;                    /* relative to the item's top */
	size_t nops;
	struct rowlay *row;                /* a table row, or NULL */
	int table;                         /* table index, -1 when none */
	unsigned keep_next : 1;            /* no page break after this */
	unsigned break_before : 1;         /* page break before this */
	unsigned landscape : 1;            /* set on a landscape page */
	unsigned header : 1;               /* a table header row */
	int hlevel;                        /* heading level, 0 when none */
	const char *mark;                  /* heading text or anchor name */
};

struct tableinfo {
	size_t first_header;               /* index of its first header item */
	size_t nheader;                    /* 0: no header rows */
};

struct lctx {
	struct arena *a;                   /* the document's: what pages keep */
	struct arena *s;                   /* one flow's scratch: items, rows */
	const struct style *l;
	struct fontset *fs;
	int asc, desc;                     /* 1/1000 em */
	int missing;                       /* characters no font has */
	/* the item list being built */
	struct vec items;                  /* struct vitem */
	struct vec tables;                 /* struct tableinfo */
	struct vec ops;                    /* scratch ops for one item */
	struct vec nodes;                  /* struct snode, all flows */
	int parent;                        /* element new ones go under */
	int para_node;                     /* element for the next paragraph
	                                      (a cell's only one), or -1 */
	const char *lang;                  /* language of the block being set */
	bool pending_break;
	bool landscape;                    /* current orientation */
	int table;                         /* current table, -1 */
	const char *pending_anchor;
	/* paragraph scratch */
	uint32_t *cp;
	int *wid;                          /* width of each char, mpt */
	uint8_t *face;
	int *span;
	size_t cap;
	int *span_link;                    /* per span: its Link element, -1 */
	size_t span_link_cap;
};

static uint32_t rgb_hex(struct rgb c)
{
	int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
	return (uint32_t)(r << 16 | g << 8 | b);
}

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
	free(c->cp);
	free(c->wid);
	free(c->face);
	free(c->span);
	free(c->span_link);
	free(c);
}

/* A new structure element under the current parent; returns its index. */
static int node_new(struct lctx *c, enum stype t)
{
	struct snode *n = vec_push(&c->nodes);
	n->type = (uint8_t)t;
	n->parent = c->parent;
	n->lang = c->lang;
	return (int)c->nodes.n - 1;
}

static int node_under(struct lctx *c, enum stype t, int parent)
{
	int save = c->parent;
	c->parent = parent;
	int n = node_new(c, t);
	c->parent = save;
	return n;
}

const struct snode *layout_nodes(const struct lctx *c, size_t *n)
{
	*n = c->nodes.n;
	return c->nodes.v;
}

int layout_missing_glyphs(const struct lctx *c)
{
	return c->missing;
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

/* Width of the text column in the current orientation. */
static int col_width(const struct lctx *c, bool landscape)
{
	int x0, y0, x1, y1;
	layout_content_box(c, landscape, &x0, &y0, &x1, &y1);
	return x1 - x0;
}

/* Starts a new item's op list. */
static void ops_begin(struct lctx *c)
{
	c->ops.n = 0;
}

static struct op *ops_add(struct lctx *c, enum op_kind k)
{
	struct op *o = vec_push(&c->ops);
	o->kind = (uint8_t)k;
	o->node = -1;
	return o;
}

/* Appends an item whose ops are the scratch ops; returns it. */
static struct vitem *item_add(struct lctx *c, int h, int space_before)
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

static struct vitem *item_at(struct lctx *c, size_t i)
{
	return (struct vitem *)c->items.v + i;
}

/* ---- inline text: shaping and line breaking ---- */

struct tstyle {
	int size;                          /* mpt */
	int role;                          /* base role: FONT_REGULAR or BOLD */
	uint32_t color;
	enum align align;
	int srole;                         /* enum srole for the ops */
	int node;
};

/* Makes room for n characters of paragraph scratch. */
static void scratch_reserve(struct lctx *c, size_t n)
{
	if (n <= c->cap)
		return;
	size_t cap = c->cap ? c->cap : 256;
	while (cap < n)
		cap *= 2;
	c->cp = xrealloc(c->cp, cap * sizeof *c->cp);
	c->wid = xrealloc(c->wid, cap * sizeof *c->wid);
	c->face = xrealloc(c->face, cap * sizeof *c->face);
	c->span = xrealloc(c->span, cap * sizeof *c->span);
	c->cap = cap;
}

/* Decodes the spans into the scratch arrays, choosing each character's
 * face and width; returns the number of characters. */
static size_t shape(struct lctx *c, const struct inlines *t, const struct tstyle *st)
{
	size_t n = 0;
	for (size_t s = 0; s < t->n; s++) {
		const struct span *sp = &t->spans[s];
		const char *p = sp->text, *end = p + strlen(p);
		int role = st->role | (int)(sp->style & (SPAN_BOLD | SPAN_ITALIC));
		int col = sp->pos.col, line = sp->pos.line;
		scratch_reserve(c, n + (size_t)(end - p) + 1);
		while (p < end) {
			int32_t cp = utf8_next(&p, end);
			if (cp < 0)
				cp = 0xFFFD;
			if (cp == '\t')
				cp = ' ';
			if (cp == '\n') {
				c->cp[n] = '\n';
				c->wid[n] = 0;
				c->face[n] = 0;
				c->span[n] = (int)s;
				n++;
				line++;
				col = 1;
				continue;
			}
			/* Soft hyphens and zero-width spaces: break hints we drop. */
			if (cp == 0xAD || cp == 0x200B) {
				col++;
				continue;
			}
			int f;
			int gw = fontset_glyph(c->fs, role, (uint32_t)cp, &f);
			if (f < 0) {
				struct pos at = { sp->pos.file, line, col };
				c->missing++;
				diag(DIAG_WARNING, at, "no font has the character U+%04X; "
				    "it is left out", (unsigned)cp);
				col++;
				continue;
			}
			c->cp[n] = (uint32_t)cp;
			c->face[n] = (uint8_t)f;
			c->wid[n] = gw * st->size / 1000;
			c->span[n] = (int)s;
			n++;
			col++;
		}
	}
	return n;
}

static bool is_space(uint32_t cp)
{
	return cp == ' ';
}

/* May the line break after character k (a hyphen or slash inside a
 * word)? */
static bool break_after(const struct lctx *c, size_t k, size_t n)
{
	uint32_t ch = c->cp[k];
	if (ch != '-' && ch != '/' && ch != 0x2013 && ch != 0x2014)
		return false;
	if (k + 1 >= n || is_space(c->cp[k + 1]) || c->cp[k + 1] == '\n')
		return false;
	/* Not inside "//" (nor right after "http:/"). */
	if (ch == '/' && (c->cp[k + 1] == '/' || (k > 0 && c->cp[k - 1] == '/')))
		return false;
	return k > 0 && !is_space(c->cp[k - 1]);
}

/* Encodes characters [s, e) as UTF-8 in the arena. */
static const char *encode(struct lctx *c, size_t s, size_t e, int *len)
{
	char *out = arena_alloc(c->a, (e - s) * 4 + 1);
	int n = 0;
	for (size_t k = s; k < e; k++)
		n += utf8_put(out + n, c->cp[k]);
	out[n] = '\0';
	*len = n;
	return out;
}

/* Emits one line [s, e) as text ops at baseline y in the scratch ops,
 * starting at x0 with room w; extra is the space to share among the
 * spaces when justifying (0 otherwise). */
static void emit_line(struct lctx *c, const struct inlines *t, const struct tstyle *st,
    size_t s, size_t e, int x0, int w, int y, int line_top, int line_h, bool justify)
{
	int lw = 0, nspaces = 0;
	for (size_t k = s; k < e; k++) {
		lw += c->wid[k];
		if (is_space(c->cp[k]))
			nspaces++;
	}
	int x = x0;
	int extra = 0;
	if (st->align == ALIGN_CENTRE)
		x = x0 + (w - lw) / 2;
	else if (st->align == ALIGN_RIGHT)
		x = x0 + w - lw;
	else if (justify && nspaces > 0 && lw < w)
		extra = w - lw;
	int given = 0, seen = 0;
	size_t k = s;
	while (k < e) {
		/* A run: same face and span; when justifying, words apart. */
		size_t r = k;
		int rw = 0;
		if (extra && is_space(c->cp[k])) {
			seen++;
			int share = (int)((long)extra * seen / nspaces) - given;
			given += share;
			x += c->wid[k] + share;
			k++;
			continue;
		}
		while (r < e && c->face[r] == c->face[k] && c->span[r] == c->span[k] &&
		    !(extra && is_space(c->cp[r]))) {
			rw += c->wid[r];
			r++;
		}
		const struct span *sp = &t->spans[c->span[k]];
		int node = st->node;
		if (sp->href && st->node >= 0) {
			int *ln = &c->span_link[c->span[k]];
			if (*ln < 0)
				*ln = node_under(c, ST_LINK, st->node);
			node = *ln;
		}
		struct op *o = ops_add(c, OP_TEXT);
		o->x = x;
		o->y = y;
		o->w = rw;
		o->face = c->face[k];
		o->size = st->size;
		o->color = sp->href ? 0x0B4F9E : st->color;
		o->role = (uint8_t)st->srole;
		o->node = node;
		o->text = encode(c, k, r, &o->len);
		if (sp->href) {
			struct op *u = ops_add(c, OP_LINE);
			u->x = x;
			u->y = y + st->size / 10;
			u->w = rw;
			u->h = 0;
			u->size = st->size / 20 > 300 ? st->size / 20 : 300;
			u->color = 0x0B4F9E;
			struct op *lk = ops_add(c, OP_LINK);
			lk->x = x;
			lk->y = line_top;
			lk->w = rw;
			lk->h = line_h;
			lk->text = sp->href;
			lk->len = (int)strlen(sp->href);
			lk->node = node;
		}
		x += rw;
		k = r;
	}
}

/* Sets inline text as lines, one item each, in a column at x0 of width
 * w.  Returns the number of lines.  The first line's item gets
 * space_before. */
static int set_text(struct lctx *c, const struct inlines *t, const struct tstyle *st,
    int x0, int w, int space_before)
{
	size_t n = shape(c, t, st);
	if (t->n > c->span_link_cap) {
		c->span_link_cap = t->n * 2;
		c->span_link = xrealloc(c->span_link, c->span_link_cap * sizeof *c->span_link);
	}
	for (size_t i = 0; i < t->n; i++)
		c->span_link[i] = -1;
	int line_h = (int)lround(st->size * c->l->leading);
	int base = (line_h - (c->asc + c->desc) * st->size / 1000) / 2 + c->asc * st->size / 1000;
	size_t first_item = c->items.n;
	int lines = 0;

	size_t s = 0;
	while (s < n && is_space(c->cp[s]))
		s++;
	if (s >= n) {
		/* Empty text still takes a line, so empty cells keep height. */
		ops_begin(c);
		struct vitem *it = item_add(c, line_h, space_before);
		it->baseline = base;
		return 1;
	}
	while (s < n) {
		/* Greedy first fit: the furthest break that keeps the line
		 * within w. */
		int lw = 0;
		size_t k = s, brk = 0, next = 0;
		size_t sp = 0, sp_next = 0;    /* last break at a space or
		                                  after a hyphen: line end, next start */
		size_t soft = 0;               /* last break after a slash */
		bool hard = false;
		while (k < n) {
			uint32_t ch = c->cp[k];
			if (ch == '\n') {
				brk = k;
				next = k + 1;
				hard = true;
				break;
			}
			if (is_space(ch)) {
				sp = k;
				sp_next = k + 1;
			} else if (lw + c->wid[k] > w && k > s) {
				/* Break at the last space, unless the word after it
				 * cannot fit a line of its own and a break inside it
				 * (after a hyphen or slash) comes later. */
				bool word_fits = false;
				if (sp > s) {
					int ww = 0;
					size_t q = sp_next;
					while (q < n && !is_space(c->cp[q]) && c->cp[q] != '\n')
						ww += c->wid[q++];
					word_fits = ww <= w;
				}
				if (sp > s && (word_fits || soft <= sp)) {
					brk = sp;
					next = sp_next;
				} else if (soft > s) {
					brk = soft;
					next = soft;
				} else {
					/* An over-long word: break inside it. */
					brk = k;
					next = k;
				}
				break;
			}
			lw += c->wid[k];
			if (break_after(c, k, n)) {
				/* After a hyphen or dash: as good as a space; after a
				 * slash (in paths and URLs): only when needed. */
				if (ch == '/') {
					soft = k + 1;
				} else {
					sp = k + 1;
					sp_next = k + 1;
				}
			}
			k++;
		}
		bool last = false;
		if (k >= n && !hard) {
			brk = n;
			next = n;
			last = true;
		}
		size_t e = brk;
		while (e > s && is_space(c->cp[e - 1]))
			e--;
		ops_begin(c);
		size_t before = c->ops.n;
		emit_line(c, t, st, s, e, x0, w, base, 0, line_h,
		    st->align == ALIGN_JUSTIFY && !last && !hard);
		/* The space the line broke at stays in the text (invisible at
		 * the line's end) so extracted and tagged text keeps its word
		 * boundaries. */
		if (e < n && (is_space(c->cp[e]) || c->cp[e] == '\n') && c->ops.n > before) {
			for (size_t q = c->ops.n; q-- > before;) {
				struct op *o = (struct op *)c->ops.v + q;
				if (o->kind != OP_TEXT)
					continue;
				char *nt = arena_alloc(c->a, (size_t)o->len + 2);
				memcpy(nt, o->text, (size_t)o->len);
				nt[o->len] = ' ';
				o->text = nt;
				o->len++;
				break;
			}
		}
		struct vitem *it = item_add(c, line_h, lines == 0 ? space_before : 0);
		it->baseline = base;
		lines++;
		s = next;
		if (!hard)
			while (s < n && is_space(c->cp[s]))
				s++;
		if (hard && s >= n)
			break;
	}
	/* Orphans and widows: keep the first two lines together and the
	 * last two together. */
	if (lines >= 2) {
		item_at(c, first_item)->keep_next = 1;
		item_at(c, first_item + (size_t)lines - 2)->keep_next = 1;
	}
	return lines;
}

int layout_text_width(struct lctx *c, int role, int size, const char *s)
{
	int w = 0;
	const char *p = s, *end = s + strlen(s);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0)
			continue;
		int f = fontset_face(c->fs, role, (uint32_t)cp);
		if (f >= 0)
			w += fontset_width(c->fs, f, (uint32_t)cp) * size / 1000;
	}
	return w;
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

void layout_add_text(struct lctx *c, struct page *p, int x, int y, int role,
    int size, uint32_t color, enum align al, const char *s)
{
	int w = layout_text_width(c, role, size, s);
	if (al == ALIGN_CENTRE)
		x -= w / 2;
	else if (al == ALIGN_RIGHT)
		x -= w;
	/* One op per run of characters in the same face. */
	const char *q = s, *end = s + strlen(s);
	while (q < end) {
		const char *start = q;
		int face = -1, rw = 0;
		while (q < end) {
			const char *save = q;
			int32_t cp = utf8_next(&q, end);
			if (cp < 0)
				continue;
			int f = fontset_face(c->fs, role, (uint32_t)cp);
			if (f < 0)
				continue;
			if (face >= 0 && f != face) {
				q = save;
				break;
			}
			face = f;
			rw += fontset_width(c->fs, f, (uint32_t)cp) * size / 1000;
		}
		if (face < 0)
			break;
		struct op o = { .kind = OP_TEXT, .face = (uint8_t)face, .role = SR_ARTIFACT,
		    .x = x, .y = y, .w = rw, .size = size, .color = color,
		    .text = arena_strndup(c->a, start, (size_t)(q - start)),
		    .len = (int)(q - start), .node = -1 };
		page_add_op(p, &o);
		x += rw;
	}
}

/* ---- blocks ---- */

static void layout_blocks(struct lctx *c, const struct blocks *b, int x0, int w, int depth);

static struct tstyle body_style(const struct lctx *c)
{
	struct tstyle st = { .size = c->l->size_body, .role = FONT_REGULAR,
	    .color = rgb_hex(c->l->text), .align = c->l->align, .srole = SR_P, .node = -1 };
	if (st.align == ALIGN_DEFAULT)
		st.align = ALIGN_LEFT;
	return st;
}

/* The marker of list item i (0-based) in style s, in buf out. */
static void list_marker(const struct lctx *c, enum list_style s, int n, char *out, size_t sz)
{
	static const char *romans[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii",
	    "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
	    "xviii", "xix", "xx" };
	switch (s) {
	case LIST_BULLET:
		snprintf(out, sz, "%s", c->l->list_bullet ? c->l->list_bullet : "\xe2\x80\xa2");
		break;
	case LIST_NUMBER:
		snprintf(out, sz, "%d.", n);
		break;
	case LIST_ROMAN:
		if (n >= 1 && n <= 20)
			snprintf(out, sz, "(%s)", romans[n]);
		else
			snprintf(out, sz, "(%d)", n);
		break;
	case LIST_ALPHA: {
		char letters[8];
		int k = 0, v = n;
		while (v > 0 && k < 7) {
			v--;
			letters[k++] = (char)('a' + v % 26);
			v /= 26;
		}
		char rev[8];
		for (int i = 0; i < k; i++)
			rev[i] = letters[k - 1 - i];
		rev[k] = '\0';
		snprintf(out, sz, "(%s)", rev);
		break;
	}
	case LIST_NONE:
		out[0] = '\0';
		break;
	}
}

static void layout_list(struct lctx *c, const struct block *b, int x0, int w, int depth)
{
	int size = c->l->size_body;
	int indent = b->u.list.style == LIST_BULLET ? size * 3 / 2 :
	    b->u.list.style == LIST_NONE ? size * 3 / 2 : size * 5 / 2;
	if (indent > w / 3)
		indent = w / 3;
	int start = b->u.list.start ? b->u.list.start : 1;
	int save_parent = c->parent;
	int lnode = node_new(c, ST_L);
	for (size_t i = 0; i < b->u.list.n; i++) {
		size_t first = c->items.n;
		int li = node_under(c, ST_LI, lnode);
		int lbl = b->u.list.style == LIST_NONE ? -1 : node_under(c, ST_LBL, li);
		c->parent = node_under(c, ST_LBODY, li);
		/* An item that is one paragraph: its text is the LBody's own. */
		const struct blocks *body = &b->u.list.items[i].body;
		if (body->n == 1 && body->v[0].kind == BLOCK_PARA)
			c->para_node = c->parent;
		layout_blocks(c, body, x0 + indent, w - indent, depth + 1);
		c->para_node = -1;
		c->parent = save_parent;
		if (c->items.n == first)
			continue;
		struct vitem *it = item_at(c, first);
		/* Items of a list sit closer than paragraphs. */
		it->space_before = i == 0 ? c->l->para_space : c->l->para_space / 2;
		char mk[32];
		list_marker(c, b->u.list.style, start + (int)i, mk, sizeof mk);
		if (mk[0] == '\0' || it->row != NULL)
			continue;
		/* Add the marker to the first line's ops. */
		struct page tmp = { 0 };
		layout_add_text(c, &tmp, x0, it->baseline, FONT_REGULAR, size,
		    rgb_hex(c->l->text), ALIGN_LEFT, mk);
		struct op *ops = arena_alloc(c->s, (it->nops + tmp.nops) * sizeof(struct op));
		if (it->nops)
			memcpy(ops, it->ops, it->nops * sizeof(struct op));
		for (size_t k = 0; k < tmp.nops; k++) {
			tmp.ops[k].role = SR_LBL;
			tmp.ops[k].node = lbl;
			ops[it->nops + k] = tmp.ops[k];
		}
		it->ops = ops;
		it->nops += tmp.nops;
		free(tmp.ops);
	}
}

/* Natural (unbroken) and minimum (longest word) widths of blocks, for
 * automatic table columns. */
static void measure_blocks(struct lctx *c, const struct blocks *b, int *minw, int *maxw,
    bool bold)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct block *bl = &b->v[i];
		const struct inlines *t = NULL;
		struct tstyle st = body_style(c);
		int extra = 0;
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
				if (word + extra > *minw)
					*minw = word + extra;
				if (break_after(c, k, n))
					word = 0;
			}
		}
		if (line > *maxw)
			*maxw = line;
	}
}

/* Column widths for a table of total width w. */
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

/* Lays out the blocks of one cell into a detached item list. */
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

static void layout_table(struct lctx *c, const struct block *b, int x0, int w, int depth)
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
	int pad = PT(4);
	int vpad = PT(3);
	if (t->caption) {
		struct tstyle st = body_style(c);
		st.role = FONT_BOLD;
		st.node = node_new(c, ST_CAPTION);
		struct span sp = { .text = t->caption, .pos = b->pos };
		struct inlines in = { &sp, 1 };
		size_t first = c->items.n;
		set_text(c, &in, &st, x0, w, c->l->para_space);
		for (size_t i = first; i < c->items.n; i++)
			item_at(c, i)->keep_next = 1;
	}
	int *cw = xcalloc(t->ncols, sizeof *cw);
	table_widths(c, t, w, pad, cw);

	int tnode = node_new(c, t->toc ? ST_TOC : ST_TABLE);
	int thead = -1, tbody = -1;
	struct tableinfo *ti = vec_push(&c->tables);
	int tindex = (int)c->tables.n - 1;
	int save_table = c->table;
	c->table = tindex;
	ti->first_header = c->items.n;
	ti->nheader = 0;
	bool grid = t->style == TABLE_GRID;
	uint32_t hshade = rgb_hex(c->l->header_shade), sshade = rgb_hex(c->l->shade);

	/* An implicit header row from the column titles. */
	bool titles = false;
	for (size_t j = 0; j < t->ncols; j++)
		if (t->cols[j].title)
			titles = true;
	if (t->nrows > 0 && t->rows[0].kind == ROW_HEADER)
		titles = false;            /* the loader made the header row */
	size_t nrows = t->nrows + (titles ? 1 : 0);
	for (size_t r = 0; r < nrows; r++) {
		const struct table_row *row = NULL;
		struct table_row hdr;
		struct blocks *hcells = NULL;
		if (titles && r == 0) {
			hcells = arena_alloc(c->s, t->ncols * sizeof *hcells);
			for (size_t j = 0; j < t->ncols; j++) {
				struct block *bl = arena_alloc(c->s, sizeof *bl);
				bl->kind = BLOCK_PARA;
				bl->pos = b->pos;
				struct span *sp = arena_alloc(c->s, sizeof *sp);
				sp->text = t->cols[j].title ? t->cols[j].title : "";
				sp->pos = b->pos;
				bl->u.para.text.spans = sp;
				bl->u.para.text.n = 1;
				hcells[j].v = bl;
				hcells[j].n = 1;
			}
			hdr.kind = ROW_HEADER;
			hdr.cells = hcells;
			hdr.ncells = t->ncols;
			hdr.pos = b->pos;
			row = &hdr;
		} else {
			row = &t->rows[r - (titles ? 1 : 0)];
		}
		struct rowlay *rl = arena_alloc(c->s, sizeof *rl);
		rl->pad = vpad;
		rl->grid = grid;
		rl->shade = NOSHADE;
		rl->node = -1;
		bool header = row->kind == ROW_HEADER;
		if (header && grid)
			rl->shade = hshade;
		int group;
		if (t->toc) {
			group = tnode;
		} else if (header) {
			if (thead < 0)
				thead = node_under(c, ST_THEAD, tnode);
			group = thead;
		} else {
			if (tbody < 0)
				tbody = node_under(c, ST_TBODY, tnode);
			group = tbody;
		}
		int tr = node_under(c, t->toc ? ST_TOCI : ST_TR, group);
		rl->node = tr;
		enum stype celltype = t->toc ? ST_P : header ? ST_TH : ST_TD;
		if (row->kind == ROW_SECTION) {
			rl->shade = grid ? sshade : NOSHADE;
			rl->ncells = 1;
			rl->cells = arena_alloc(c->s, sizeof *rl->cells);
			rl->cells[0].x = x0;
			rl->cells[0].w = w;
			rl->cells[0].items = layout_cell(c, &row->cells[0], x0 + pad, w - 2 * pad,
			    true, ALIGN_DEFAULT, &rl->cells[0].n, depth,
			    t->toc ? tr : node_under(c, ST_TH, tr));
		} else {
			rl->ncells = t->ncols;
			rl->cells = arena_alloc(c->s, t->ncols * sizeof *rl->cells);
			int x = x0;
			for (size_t j = 0; j < t->ncols; j++) {
				struct rowcell *cell = &rl->cells[j];
				cell->x = x;
				cell->w = cw[j];
				if (j < row->ncells)
					cell->items = layout_cell(c, &row->cells[j], x + pad,
					    cw[j] - 2 * pad, header, t->cols[j].align, &cell->n, depth,
					    t->toc ? tr : node_under(c, celltype, tr));
				x += cw[j];
			}
		}
		int h = 0;
		for (size_t j = 0; j < rl->ncells; j++) {
			int ch = 0;
			for (size_t k = 0; k < rl->cells[j].n; k++)
				ch += rl->cells[j].items[k].space_before + rl->cells[j].items[k].h;
			if (ch > h)
				h = ch;
		}
		ops_begin(c);
		struct vitem *it = item_add(c, h + 2 * vpad, r == 0 ? c->l->para_space : 0);
		it->row = rl;
		if (header) {
			it->header = 1;
			it->keep_next = 1;
			ti = (struct tableinfo *)c->tables.v + tindex;
			if (ti->nheader == 0)
				ti->first_header = c->items.n - 1;
			ti->nheader++;
		}
		/* A section row keeps with the row under it. */
		if (row->kind == ROW_SECTION)
			it->keep_next = 1;
		it->baseline = vpad + (rl->cells[0].n ? rl->cells[0].items[0].baseline : 0);
	}
	free(cw);
	c->table = save_table;
	if (landscape_here) {
		c->landscape = false;
		c->pending_break = true;
	}
}

static void layout_image(struct lctx *c, const struct block *b, int x0, int w)
{
	const struct image *im = &b->u.image;
	int iw;
	if (im->width > 0)
		iw = (int)(w * im->width);
	else
		iw = PT(im->px_w * 0.75);
	if (iw > w || iw <= 0)
		iw = w;
	int ih = im->px_w > 0 ? (int)((long long)iw * im->px_h / im->px_w) : iw;
	int x0b, y0b, x1b, y1b;
	layout_content_box(c, c->landscape, &x0b, &y0b, &x1b, &y1b);
	int maxh = (y1b - y0b) * 85 / 100;
	if (ih > maxh) {
		iw = (int)((long long)iw * maxh / ih);
		ih = maxh;
	}
	ops_begin(c);
	struct op *o = ops_add(c, OP_IMAGE);
	o->x = x0 + (w - iw) / 2;
	o->y = 0;
	o->w = iw;
	o->h = ih;
	o->text = im->path;
	o->len = (int)strlen(im->path);
	o->flags = im->jpeg ? OPF_JPEG : 0;
	o->role = im->decorative ? SR_ARTIFACT : SR_FIGURE;
	if (!im->decorative) {
		o->node = node_new(c, ST_FIGURE);
		((struct snode *)c->nodes.v)[o->node].alt = im->alt;
	}
	struct vitem *it = item_add(c, ih, c->l->para_space);
	if (im->caption) {
		it->keep_next = 1;
		struct tstyle st = body_style(c);
		st.size = c->l->size_small;
		st.align = ALIGN_CENTRE;
		st.role = FONT_ITALIC;
		st.node = node_new(c, ST_CAPTION);
		struct span sp = { .text = im->caption, .pos = b->pos };
		struct inlines in = { &sp, 1 };
		set_text(c, &in, &st, x0, w, c->l->para_space / 2);
	}
}

static void layout_signature(struct lctx *c, const struct block *b, int x0, int w)
{
	int size = c->l->size_body;
	int y = PT(30);
	uint32_t col = rgb_hex(c->l->text);
	struct page tmp = { 0 };
	const char *role = b->u.signature.role ? b->u.signature.role : "Chairman";
	int half = w / 2;
	int gap = PT(18);
	/* Two lines to sign on: the role and the date. */
	struct op line = { .kind = OP_LINE, .x = x0, .y = y, .w = half - gap, .h = 0,
	    .size = 500, .color = col, .node = -1 };
	page_add_op(&tmp, &line);
	line.x = x0 + half;
	line.w = w - half;
	page_add_op(&tmp, &line);
	layout_add_text(c, &tmp, x0, y + size * 3 / 2, FONT_BOLD, size, col, ALIGN_LEFT, role);
	layout_add_text(c, &tmp, x0 + half, y + size * 3 / 2, FONT_BOLD, size, col,
	    ALIGN_LEFT, "Date");
	ops_begin(c);
	int sig = node_new(c, ST_P);
	for (size_t k = 0; k < tmp.nops; k++) {
		tmp.ops[k].role = SR_P;
		if (tmp.ops[k].kind == OP_TEXT)
			tmp.ops[k].node = sig;
		*ops_add(c, OP_TEXT) = tmp.ops[k];
	}
	free(tmp.ops);
	item_add(c, y + size * 2, c->l->para_space * 2);
}

static void layout_blocks(struct lctx *c, const struct blocks *b, int x0, int w, int depth)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct block *bl = &b->v[i];
		const char *save_lang = c->lang;
		if (bl->lang)
			c->lang = bl->lang;
		switch (bl->kind) {
		case BLOCK_HEADING: {
			int lv = bl->u.heading.level < 1 ? 1 : bl->u.heading.level > 3 ? 3 :
			    bl->u.heading.level;
			struct tstyle st = body_style(c);
			st.size = c->l->size_h[lv - 1];
			st.role = FONT_BOLD;
			st.color = rgb_hex(c->l->heading);
			st.align = ALIGN_LEFT;
			st.srole = SR_H1 + lv - 1;
			st.node = node_new(c, (enum stype)(ST_H1 + lv - 1));
			size_t first = c->items.n;
			int sb = i == 0 && depth == 0 ? 0 : st.size * (lv == 1 ? 12 : 9) / 10;
			set_text(c, &bl->u.heading.text, &st, x0, w, sb);
			/* A heading keeps with the block that follows it. */
			for (size_t k = first; k < c->items.n; k++)
				item_at(c, k)->keep_next = 1;
			if (c->items.n > first && depth == 0) {
				struct buf t;
				buf_init(&t);
				for (size_t s = 0; s < bl->u.heading.text.n; s++)
					buf_adds(&t, bl->u.heading.text.spans[s].text);
				for (char *p = t.s; p && *p; p++)
					if (*p == '\n')
						*p = ' ';
				struct vitem *it = item_at(c, first);
				if (it->mark == NULL) {
					it->hlevel = lv;
					it->mark = arena_strdup(c->a, t.s ? t.s : "");
				}
				buf_free(&t);
			}
			break;
		}
		case BLOCK_PARA: {
			struct tstyle st = body_style(c);
			if (bl->u.para.small)
				st.size = c->l->size_small;
			if (bl->u.para.size > 0)
				st.size = bl->u.para.size;
			if (bl->u.para.align != ALIGN_DEFAULT)
				st.align = bl->u.para.align;
			if (c->para_node >= 0) {
				st.node = c->para_node;
				c->para_node = -1;
			} else {
				st.node = node_new(c, ST_P);
			}
			size_t first = c->items.n;
			set_text(c, &bl->u.para.text, &st, x0, w, i == 0 && depth > 0 ? 0 :
			    c->l->para_space);
			if (bl->u.para.keep_with_next)
				for (size_t k = first; k < c->items.n; k++)
					item_at(c, k)->keep_next = 1;
			break;
		}
		case BLOCK_LIST:
			layout_list(c, bl, x0, w, depth);
			break;
		case BLOCK_TABLE:
			layout_table(c, bl, x0, w, depth);
			break;
		case BLOCK_IMAGE:
			layout_image(c, bl, x0, w);
			break;
		case BLOCK_PAGE_BREAK:
			c->pending_break = true;
			break;
		case BLOCK_SIGNATURE:
			layout_signature(c, bl, x0, w);
			break;
		case BLOCK_SPACE:
			ops_begin(c);
			item_add(c, bl->u.space.mpt, 0);
			break;
		}
		c->lang = save_lang;
	}
}

/* ---- pagination ---- */

struct pager {
	struct lctx *c;
	struct vec pages;                  /* struct page * */
	struct vec marks;                  /* struct mark */
	struct page *cur;
	int y;                             /* next free y, mpt */
	int top, bottom, left;             /* content box */
	size_t first_on_page;              /* first item index on this page */
};

static void pager_new_page(struct pager *pg, bool landscape)
{
	const struct style *l = pg->c->l;
	struct page *p = arena_alloc(pg->c->a, sizeof *p);
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

/* Copies an item's ops onto the current page at y (the x offset between
 * orientations is already in the ops). */
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
	int rh = h + 2 * rl->pad;
	/* Backgrounds, then content, then rules. */
	if (rl->shade != NOSHADE) {
		int x = rl->cells[0].x;
		int w = rl->cells[rl->ncells - 1].x + rl->cells[rl->ncells - 1].w - x;
		struct op o = { .kind = OP_RECT, .x = x, .y = y, .w = w, .h = rh,
		    .color = rl->shade, .node = -1, .role = SR_ARTIFACT };
		page_add_op(pg->cur, &o);
	}
	for (size_t j = 0; j < rl->ncells; j++) {
		struct rowcell *cell = &rl->cells[j];
		int cy = y + rl->pad;
		for (size_t k = cell->next; k < take[j]; k++) {
			const struct vitem *it = &cell->items[k];
			if (k > cell->next)
				cy += it->space_before;
			if (it->row)
				place_row(pg, it->row, cy, 1 << 30, artifact);
			else
				place_ops(pg, it->ops, it->nops, cy, artifact);
			cy += it->h;
		}
		cell->next = take[j];
	}
	if (rl->grid) {
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

/* Orders rule indices by direction, then position. */
static const struct op *rule_ops;
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
	pager_new_page(pg, it->landscape);
	pg->first_on_page = i;
	if (it->table >= 0 && !it->header &&
	    ((struct tableinfo *)pg->c->tables.v)[it->table].nheader)
		place_headers(pg, it->table);
}

static void paginate(struct lctx *c, struct pager *pg, bool landscape)
{
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
			size_t j = i;
			while (j > pg->first_on_page && item_at(c, j - 1)->keep_next)
				j--;
			if (j < i && j > pg->first_on_page) {
				pg->cur->nops = op_mark[j];
				pg->marks.n = mark_n[j];
				for (size_t k = j; k < i; k++)
					if (item_at(c, k)->row)
						row_reset(item_at(c, k)->row);
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
		if (pg->y + sb + it->h <= pg->bottom || (at_top && it->h > full && !it->row)) {
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
		if (it->row && !it->header && (it->h > full / 3 || at_top)) {
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
		size_t j = i;
		while (j > pg->first_on_page && item_at(c, j - 1)->keep_next)
			j--;
		if (j > pg->first_on_page) {
			pg->cur->nops = op_mark[j];
			pg->marks.n = mark_n[j];
			for (size_t k = j; k < i; k++)
				if (item_at(c, k)->row)
					row_reset(item_at(c, k)->row);
			i = j;
		}
		pager_break(pg, i);
	}
	free(op_mark);
	free(mark_n);
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
	layout_blocks(c, b, 0, col_width(c, landscape), 0);
	c->parent = -1;
	if (c->items.n == 0) {
		ops_begin(c);
		item_add(c, 0, 0);
	}
	/* Ops were made at x relative to the column: shift to the margin. */
	int x0, y0, x1, y1;
	for (size_t i = 0; i < c->items.n; i++) {
		struct vitem *it = item_at(c, i);
		layout_content_box(c, it->landscape, &x0, &y0, &x1, &y1);
		for (size_t k = 0; k < it->nops; k++)
			it->ops[k].x += x0;
		if (it->row) {
			for (size_t j = 0; j < it->row->ncells; j++) {
				struct rowcell *cell = &it->row->cells[j];
				cell->x += x0;
				/* Cell content: nested items hold column-relative x. */
				for (size_t k = 0; k < cell->n; k++) {
					struct vitem *ci = &cell->items[k];
					for (size_t q = 0; q < ci->nops; q++)
						ci->ops[q].x += x0;
					if (ci->row) {
						/* Nested tables: shift recursively (rare). */
						struct vitem *stack[64];
						int sp = 0;
						stack[sp++] = ci;
						while (sp > 0) {
							struct vitem *v = stack[--sp];
							if (!v->row)
								continue;
							for (size_t jj = 0; jj < v->row->ncells; jj++) {
								struct rowcell *cc = &v->row->cells[jj];
								cc->x += x0;
								for (size_t kk = 0; kk < cc->n; kk++) {
									for (size_t q = 0; q < cc->items[kk].nops; q++)
										cc->items[kk].ops[q].x += x0;
									if (cc->items[kk].row && sp < 64)
										stack[sp++] = &cc->items[kk];
								}
							}
						}
					}
				}
			}
		}
	}
	struct pager pg = { .c = c };
	vec_init(&pg.pages, sizeof(struct page *));
	vec_init(&pg.marks, sizeof(struct mark));
	paginate(c, &pg, landscape);
	for (size_t i = 0; i < pg.pages.n; i++)
		merge_rules(((struct page **)pg.pages.v)[i]);
	struct flow *f = arena_alloc(c->a, sizeof *f);
	f->npages = pg.pages.n;
	f->pages = vec_to_arena(&pg.pages, c->a);
	f->nmarks = pg.marks.n;
	f->marks = vec_to_arena(&pg.marks, c->a);
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
