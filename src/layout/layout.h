/*
 * layout.h - sets blocks (model.h) on pages (stage 3).
 *
 * Layout turns blocks into pages of positioned drawing operations: glyph
 * runs, rules, filled boxes, images and link areas.  It knows nothing of
 * PDF: a device (render/) draws the pages, and the text device dumps them
 * so tests can assert on layout.
 *
 * Units: every length is an int in 1/1000 pt ("mpt").  Coordinates on a
 * page run from its top-left corner, x rightwards, y downwards; a text
 * op's y is its baseline.
 *
 * Each page of a flow is independent of its final page number: the pack
 * stage numbers pages and adds running text after layout, so the papers
 * are laid out once however often the contents is re-laid.
 */
#ifndef AP_LAYOUT_H
#define AP_LAYOUT_H

#include "../model/model.h"
#include "font.h"

#define PT(x) ((int)((x) * 1000))      /* pt to mpt */
#define MPT2PT(x) ((double)(x) / 1000.0)

enum op_kind {
	OP_TEXT,                           /* a glyph run in one face */
	OP_LINE,                           /* a rule from (x,y) to (x+w,y+h) */
	OP_RECT,                           /* a filled box, top-left (x,y) */
	OP_IMAGE,                          /* an image in the box (x,y,w,h) */
	OP_LINK,                           /* a link area (x,y,w,h) */
	OP_PLACEHOLDER,                    /* where a page of an existing PDF
	                                      is drawn, later (x,y,w,h): text
	                                      names it ("Appendix A, page 3") */
};

/* Structure roles, for tagged output: what an op belongs to. */
enum srole {
	SR_ARTIFACT,                       /* running text, stamps, rules */
	SR_P, SR_H1, SR_H2, SR_H3, SR_LBL, SR_LBODY, SR_TH, SR_TD, SR_FIGURE,
	SR_TOCI,
};

/* Structure element types, for tagged PDF. */
enum stype {
	ST_DOCUMENT, ST_SECT, ST_H1, ST_H2, ST_H3, ST_P, ST_L, ST_LI, ST_LBL,
	ST_LBODY, ST_TABLE, ST_THEAD, ST_TBODY, ST_TR, ST_TH, ST_TD, ST_FIGURE,
	ST_LINK, ST_CAPTION, ST_TOC, ST_TOCI,
};

/* A structure element made by layout, in reading order: an element's
 * parent always comes before it. */
/* Which cells a table header cell (TH) governs, for /Scope. */
enum sscope {
	SCOPE_NONE,                        /* not a header cell */
	SCOPE_COLUMN,                      /* the cells below it */
	SCOPE_ROW,                         /* the cells to its right */
	SCOPE_BOTH,
};

struct snode {
	uint8_t type;                      /* enum stype */
	uint8_t scope;                     /* TH: enum sscope */
	uint16_t colspan, rowspan;         /* TH, TD: columns and rows the
	                                      cell covers; 0 or 1: one */
	int parent;                        /* index, -1 for a flow's root */
	const char *alt;                   /* Figure: alt text */
	const char *lang;                  /* or NULL: inherit */
};

struct op {
	uint8_t kind;                      /* enum op_kind */
	uint8_t face;                      /* OP_TEXT: fontset face */
	uint8_t role;                      /* enum srole */
	uint8_t flags;
	int x, y;                          /* mpt, page top-left origin */
	int w, h;                          /* mpt; OP_TEXT: run width */
	int size;                          /* OP_TEXT: font size; OP_LINE: width */
	uint32_t color;                    /* 0xRRGGBB */
	const char *text;                  /* OP_TEXT: UTF-8; OP_LINK: target
	                                      ("#name" internal); OP_IMAGE: path */
	int len;                           /* bytes of text */
	int node;                          /* structure element, -1 none */
};

#define OPF_JPEG 1                     /* OP_IMAGE is a JPEG */
#define OPF_ROT45 2                    /* OP_TEXT turned 45 degrees
                                          anticlockwise about (x,y) */
#define OPF_PAGINATION 4               /* an artifact of pagination: page
                                          numbers, running text, stamps,
                                          the edition mark */

struct page {
	int w, h;                          /* mpt */
	bool landscape;
	struct op *ops;
	size_t nops, cap;
	const char *item;                  /* agenda item number, or NULL */
	bool item_first;                   /* first page of the item's papers */
	bool blank;                        /* a duplex filler page */
	bool exempt;                       /* NOT FOR PUBLICATION */
	int number;                        /* printed page number (after
	                                      prefix); 0: unnumbered (a duplex
	                                      blank) */
	const char *prefix;                /* before the number: "S2-", or
	                                      NULL; the page label is both */
};

/* A heading or anchor met while paginating, for the outline and links. */
struct mark {
	int page;                          /* index in the flow */
	int y;                             /* mpt from the page top */
	int level;                         /* 1..3; 0 for a named anchor */
	const char *text;                  /* heading text or anchor name */
};

struct flow {
	struct page **pages;
	size_t npages;
	int root;                          /* its Sect element */
	int node_first, node_end;          /* its elements: [first, end) */
	struct mark *marks;
	size_t nmarks;
};

struct lctx;                           /* layout context: style + fonts */

struct lctx *layout_new(struct arena *a, const struct style *l, struct fontset *fs);
void layout_free(struct lctx *c);

/* Lays out blocks on fresh pages.  A named anchor for the first page
 * may be given (or NULL).  Pages are portrait unless landscape. */
struct flow *layout_flow(struct lctx *c, const struct blocks *b,
    bool landscape, const char *anchor);

/* The standard structure type's name ("TH", "LBody") of an enum stype. */
const char *layout_stype_name(int type);

/* The structure elements made so far (all flows). */
const struct snode *layout_nodes(const struct lctx *c, size_t *n);

/* A flow of n placeholder pages for pages of an existing PDF (an
 * appendix): page i is w[i] x h[i] mpt (landscape when wider than tall)
 * and holds one OP_PLACEHOLDER covering it, tagged as a Figure whose alt
 * text is alt[i].  title (or NULL) becomes a level-1 mark on the first
 * page, for the outline. */
struct flow *layout_placeholder_flow(struct lctx *c, size_t n, const int *w,
    const int *h, const char *const *alt, const char *title);

/* Frees the pages' op arrays (the flow itself is in the arena). */
void layout_flow_free(struct flow *f);

/* Running text: width of a plain string in role at size, and a helper
 * that adds it to a page as artifact text ops (font fallback applied).
 * align: ALIGN_LEFT x is the left edge, ALIGN_CENTRE the centre,
 * ALIGN_RIGHT the right edge. */
int layout_text_width(struct lctx *c, int role, int size, const char *s);
void layout_add_text(struct lctx *c, struct page *p, int x, int y, int role,
    int size, uint32_t color, enum align al, const char *s);
void page_add_op(struct page *p, const struct op *o);
/* Moves the last n ops of p to the front (drawn first, underneath). */
void page_ops_to_back(struct page *p, size_t n);
struct page *layout_blank_page(struct lctx *c, bool landscape);

/* Content box of a page, for the pack's running text. */
void layout_content_box(const struct lctx *c, bool landscape, int *x0,
    int *y0, int *x1, int *y1);

/* ---- stamps (stamp.c): what the pack draws on finished pages ---- */

/* What one page's stamps say, already expanded by the pack; NULL where
 * nothing is printed.  Where they go is layout's business. */
struct stamps {
	const char *header[3];             /* running head: left, centre, right */
	const char *footer[3];             /* running foot: left, centre, right */
	const char *page_label;            /* "Page 7" when no running text
	                                      prints the number, or NULL */
	const char *item_label;            /* "Agenda item 4" on an item's
	                                      first page, or NULL */
	const char *exempt_label;          /* "NOT FOR PUBLICATION" (p->exempt) */
	const char *blank_label;           /* the blank page's note (p->blank) */
	const char *edition_label;         /* the full edition's running mark,
	                                      at the foot of every page, or NULL */
};

/* Adds the running text, the page and item labels, and the page's own
 * marks (p->exempt: NOT FOR PUBLICATION; p->blank: the duplex filler's
 * note) as artifact text in the style st.  On an appendix placeholder
 * page each stamp gets a white box behind it, drawn over the appendix
 * page and under the stamps. */
void layout_stamp_page(struct lctx *c, const struct style *st, struct page *p,
    const struct stamps *s);
/* A large pale word turned 45 degrees across the page, beneath everything
 * else on it.  Pale grey rather than transparent, which PDF/A-1 forbids. */
void layout_watermark(struct lctx *c, struct page *p, const char *word);

#endif
