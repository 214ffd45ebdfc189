/*
 * stamp.c - what the pack draws on finished pages: running text, the
 * page number, the item label, the NOT FOR PUBLICATION mark, the blank
 * page's note, the full edition's running mark, white boxes behind stamps on appendix pages, and the
 * DRAFT watermark.
 *
 * The pack decides what each stamp says (it expands the style's {field}
 * patterns); this file decides where it goes, so only layout edits a
 * page's ops.  The order of the ops it adds is part of the output: the
 * PDF draws them in order.
 */
#include "layout.h"

#include <string.h>

#define STAMP_GAP PT(4)                /* between a stamp band and an
                                          appendix page, mpt */

/* White boxes behind the text ops added to a placeholder page since op
 * `from`, so the stamps stay legible over the appendix page's own header
 * or footer; the boxes are drawn after the appendix page (op 0) and
 * before the stamps. */
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

/* On an appendix placeholder page, shrinks the placeholder (the
 * appendix page) about the page's centre line so that it sits between
 * the stamps added since op `from`: a band above it holds the top stamps,
 * a band below the bottom ones, so no stamp lands on the appendix's own
 * header or footer.  The scale is the same both ways; the page keeps its
 * size. */
static void fit_placeholder(struct page *p, size_t from)
{
	struct op *ph = NULL;
	for (size_t k = 0; k < from && ph == NULL; k++)
		if (p->ops[k].kind == OP_PLACEHOLDER)
			ph = &p->ops[k];
	if (ph == NULL)
		return;
	int top = 0, bottom = p->h;
	for (size_t k = from; k < p->nops; k++) {
		const struct op *t = &p->ops[k];
		if (t->kind != OP_TEXT)
			continue;
		if (t->y < p->h / 2) {
			int below = t->y + t->size * 3 / 10;  /* descenders */
			if (below > top)
				top = below;
		} else if (t->y - t->size < bottom) {
			bottom = t->y - t->size;           /* ascenders */
		}
	}
	if (top == 0 && bottom == p->h)
		return;
	if (top > 0)
		top += STAMP_GAP;
	if (bottom < p->h)
		bottom -= STAMP_GAP;
	double s = (double)(bottom - top) / p->h;
	if (s <= 0.1)
		return;                            /* stamps everywhere: leave it */
	ph->w = (int)(p->w * s);
	ph->h = bottom - top;
	ph->x = (p->w - ph->w) / 2;
	ph->y = top;
}

void layout_stamp_page(struct lctx *c, const struct style *st, struct page *p,
    const struct stamps *s)
{
	int x0, y0, x1, y1;
	layout_content_box(c, p->landscape, &x0, &y0, &x1, &y1);
	size_t nops_before = p->nops;
	uint32_t col = 0x000000;
	int fs = st->size_small > 0 ? st->size_small : PT(9);
	int ytop = st->margin_top / 2 + fs / 2;
	int ybot = p->h - st->margin_bottom / 2 + fs / 2;
	const char *const *rows[2] = { s->header, s->footer };
	int ys[2] = { ytop, ybot };
	for (int k = 0; k < 2; k++) {
		if (rows[k][0])
			layout_add_text(c, p, x0, ys[k], FONT_REGULAR, fs, col, ALIGN_LEFT,
			    rows[k][0]);
		if (rows[k][1])
			layout_add_text(c, p, (x0 + x1) / 2, ys[k], FONT_REGULAR, fs, col,
			    ALIGN_CENTRE, rows[k][1]);
		if (rows[k][2])
			layout_add_text(c, p, x1, ys[k], FONT_REGULAR, fs, col, ALIGN_RIGHT,
			    rows[k][2]);
	}
	if (s->page_label)
		layout_add_text(c, p, (x0 + x1) / 2, ybot, FONT_REGULAR, fs, col, ALIGN_CENTRE,
		    s->page_label);
	if (s->item_label) {
		int sz = st->size_body;
		layout_add_text(c, p, x1, y0 - sz / 2, FONT_BOLD, sz, col, ALIGN_RIGHT,
		    s->item_label);
	}
	if (p->exempt && s->exempt_label) {
		int sz = st->size_body;
		layout_add_text(c, p, (x0 + x1) / 2, st->margin_top / 2 - sz / 2, FONT_BOLD, sz,
		    0xC00000, ALIGN_CENTRE, s->exempt_label);
	}
	if (s->edition_label) {
		/* Under the running foot, above the page's edge. */
		int y = ybot + fs * 14 / 10;
		if (y > p->h - fs * 8 / 10)
			y = p->h - fs * 8 / 10;
		layout_add_text(c, p, (x0 + x1) / 2, y, FONT_BOLD, fs, 0xC00000, ALIGN_CENTRE,
		    s->edition_label);
	}
	if (p->blank && s->blank_label) {
		layout_add_text(c, p, (x0 + x1) / 2, (y0 + y1) / 2, FONT_ITALIC, st->size_body,
		    col, ALIGN_CENTRE, s->blank_label);
	}
	for (size_t k = nops_before; k < p->nops; k++)
		if (p->ops[k].kind == OP_TEXT && p->ops[k].role == SR_ARTIFACT)
			p->ops[k].flags |= OPF_PAGINATION;
	fit_placeholder(p, nops_before);
	stamp_backing(p, nops_before);
}

void layout_watermark(struct lctx *c, struct page *p, const char *word)
{
	int size = PT(110);
	int w = layout_text_width(c, FONT_BOLD, size, word);
	/* Start so that the turned word's centre is the page's centre. */
	int cx = p->w / 2, cy = p->h / 2;
	int x = cx - (int)(w / 2.0 * 0.70710678) + (int)(size * 0.35 * 0.70710678);
	int y = cy + (int)(w / 2.0 * 0.70710678) + (int)(size * 0.35 * 0.70710678);
	size_t before = p->nops;
	layout_add_text(c, p, x, y, FONT_BOLD, size, 0xE0E0E0, ALIGN_LEFT, word);
	for (size_t k = before; k < p->nops; k++) {
		p->ops[k].flags |= OPF_ROT45;
		/* Runs after the first sit along the turned baseline. */
		int along = p->ops[k].x - x;
		p->ops[k].x = x + (int)(along * 0.70710678);
		p->ops[k].y = y - (int)(along * 0.70710678);
	}
	page_ops_to_back(p, p->nops - before);
}
