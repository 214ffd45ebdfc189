/*
 * blocks.c - blocks into vertical items: headings, paragraphs, lists,
 * images and signature lines (tables: table.c), each with its structure
 * elements.
 */
#include "layout-int.h"

#include <stdio.h>
#include <string.h>

struct tstyle body_style(const struct lctx *c)
{
	struct tstyle st = { .size = c->text_size > 0 ? c->text_size : c->l->size_body, .role = FONT_REGULAR,
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

/* Lays out a list: each item's blocks indented, its label on the
 * item's first line, before the line's text in drawing order. */
static void layout_list(struct lctx *c, const struct block *b, int x0, int w, int depth)
{
	int size = body_style(c).size;
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
		/* The marker goes before the first line's ops: drawn first, it
		 * is read first (PDF.js and pdftotext -raw follow the content
		 * stream), as the structure tree has it. */
		struct page tmp = { 0 };
		layout_add_text(c, &tmp, x0, it->baseline, FONT_REGULAR, size,
		    rgb_hex(c->l->text), ALIGN_LEFT, mk);
		struct op *ops = arena_alloc(c->s, (it->nops + tmp.nops) * sizeof(struct op));
		for (size_t k = 0; k < tmp.nops; k++) {
			tmp.ops[k].role = SR_LBL;
			tmp.ops[k].node = lbl;
			ops[k] = tmp.ops[k];
		}
		if (it->nops)
			memcpy(ops + tmp.nops, it->ops, it->nops * sizeof(struct op));
		it->ops = ops;
		it->nops += tmp.nops;
		free(tmp.ops);
	}
}

/* Lays out an image (scaled to the column and to 85% of the page's
 * height) and its caption. */
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

/* Lays out the signature lines of minutes: the chair's role and the
 * date, under two rules. */
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
	    ALIGN_LEFT, b->u.signature.date_label ? b->u.signature.date_label :
	    "Date");
	ops_begin(c);
	int sig = node_new(c, ST_P);
	for (size_t k = 0; k < tmp.nops; k++) {
		tmp.ops[k].role = SR_P;
		if (tmp.ops[k].kind == OP_TEXT)
			tmp.ops[k].node = sig;
		*ops_add(c, OP_TEXT) = tmp.ops[k];
	}
	free(tmp.ops);
	c->pending_anchor = "agendapack-signature";   /* for agendapack sign */
	item_add(c, y + size * 2, c->l->para_space * 2);
}

/* Lays out a heading, kept with what follows; a top-level one becomes
 * a mark (outline entry).  first: no space above it. */
static void layout_heading(struct lctx *c, const struct block *bl, int x0, int w,
    int depth, bool first)
{
	int lv = bl->u.heading.level < 1 ? 1 : bl->u.heading.level > 3 ? 3 :
	    bl->u.heading.level;
	struct tstyle st = body_style(c);
	st.size = c->l->size_h[lv - 1];
	st.role = FONT_BOLD;
	st.color = rgb_hex(c->l->heading);
	st.align = ALIGN_LEFT;
	st.srole = SR_H1 + lv - 1;
	st.node = node_new(c, (enum stype)(ST_H1 + lv - 1));
	size_t start = c->items.n;
	int sb = first ? 0 : st.size * (lv == 1 ? 12 : 9) / 10;
	set_text(c, &bl->u.heading.text, &st, x0, w, sb);
	/* A heading keeps with the block that follows it. */
	for (size_t k = start; k < c->items.n; k++)
		item_at(c, k)->keep_next = 1;
	if (c->items.n == start || depth != 0)
		return;
	struct buf t;
	buf_init(&t);
	for (size_t s = 0; s < bl->u.heading.text.n; s++)
		buf_adds(&t, bl->u.heading.text.spans[s].text);
	for (char *p = t.s; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	struct vitem *it = item_at(c, start);
	if (it->mark == NULL) {
		it->hlevel = lv;
		it->mark = arena_strdup(c->a, t.s ? t.s : "");
	}
	buf_free(&t);
}

/* Lays out a paragraph (a P element, or the text of c->para_node);
 * first: no space above it (first in a cell or list item). */
static void layout_para(struct lctx *c, const struct block *bl, int x0, int w, bool first)
{
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
	size_t start = c->items.n;
	set_text(c, &bl->u.para.text, &st, x0, w, first ? 0 : c->l->para_space);
	if (bl->u.para.keep_with_next)
		for (size_t k = start; k < c->items.n; k++)
			item_at(c, k)->keep_next = 1;
}

void layout_blocks(struct lctx *c, const struct blocks *b, int x0, int w, int depth)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct block *bl = &b->v[i];
		const char *save_lang = c->lang;
		if (bl->lang)
			c->lang = bl->lang;
		switch (bl->kind) {
		case BLOCK_HEADING:
			layout_heading(c, bl, x0, w, depth, i == 0 && depth == 0);
			break;
		case BLOCK_PARA:
			layout_para(c, bl, x0, w, i == 0 && depth > 0);
			break;
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

