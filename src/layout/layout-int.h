/*
 * layout-int.h - what the layout stage's files share; private to
 * src/layout/ (nothing outside includes it).
 *
 * Layout runs in two steps.  First every block becomes a list of
 * vertical items ("vitems"): one per line of a paragraph, one per
 * table row, one per image, each with its drawing operations at their
 * final x and at y relative to the item's own top, and with keep
 * constraints (a heading keeps with what follows; no paragraph leaves a
 * single line at the foot or head of a page).  Then the paginator
 * places the items on pages, honouring the keeps, splitting table rows
 * that do not fit and repeating header rows.
 *
 *   linebreak.c  inline text: shaping, line breaking, running text
 *   blocks.c     headings, paragraphs, lists, images, signatures
 *   table.c      tables: column widths, cells, rows
 *   paginate.c   items onto pages; table rules joined
 *   layout.c     the context, structure elements, items, flows
 */
#ifndef AP_LAYOUT_INT_H
#define AP_LAYOUT_INT_H

#include <math.h>

#include "layout.h"

/* A cell of a table row, or a slot of the row that a cell from a row
 * above covers (src set: the slot has no content of its own). */
struct rowcell {
	int x, w;                          /* cell box, mpt */
	struct vitem *items;               /* the cell's content */
	size_t n;
	size_t next;                       /* pagination: first item not placed */
	int rows;                          /* rows the cell covers, >= 1 */
	struct rowcell *src;               /* a slot: the cell covering it */
	bool last;                         /* a slot: src's last row */
	const struct page *shown;          /* a cell covering rows: the page its
	                                      content was last placed on */
};

struct rowlay {
	struct rowcell *cells;             /* left to right */
	size_t ncells;
	bool spans;                        /* a cell covers several columns or
	                                      rows, or a slot: rule by cell */
	int pad;                           /* vertical padding, mpt */
	int minh;                          /* content height, mpt: a row whose
	                                      cells span takes at least this */
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

/* A missing character already reported (once per place). */
struct glyph_warned {
	const char *file;
	int line, col;                     /* 1-based */
	uint32_t cp;                       /* the character */
};

struct lctx {
	struct arena *a;                   /* the document's: what pages keep */
	struct arena *s;                   /* one flow's scratch: items, rows */
	const struct style *l;
	struct fontset *fs;
	int asc, desc;                     /* 1/1000 em */
	/* the item list being built */
	struct vec items;                  /* struct vitem */
	struct vec tables;                 /* struct tableinfo */
	struct vec ops;                    /* scratch ops for one item */
	struct vec nodes;                  /* struct snode, all flows */
	int parent;                        /* element new ones go under */
	int text_size;                     /* body text size, mpt, in a table
	                                      set smaller; 0: the style's */
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
	void *hyph;                        /* libhyphen's HyphenDict, or NULL */
	bool hyph_tried;                   /* loading it was tried */
	int *span_link;                    /* per span: its Link element, -1 */
	size_t span_link_cap;
	struct vec warned;                 /* struct glyph_warned */
	char *room_text;                   /* the last text encode() made,
	                                      with a spare byte, or NULL */
};

struct tstyle {
	int size;                          /* mpt */
	int role;                          /* base role: FONT_REGULAR or BOLD */
	uint32_t color;
	enum align align;
	int srole;                         /* enum srole for the ops */
	int node;
};

/* 0xRRGGBB of a style colour. */
static inline uint32_t rgb_hex(struct rgb c)
{
	int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
	return (uint32_t)(r << 16 | g << 8 | b);
}

/* A breaking space (tabs are made spaces when shaping). */
static inline bool is_space(uint32_t cp)
{
	return cp == ' ';
}

/* layout.c: structure elements, items and the text column. */
int node_new(struct lctx *c, enum stype t);
int node_under(struct lctx *c, enum stype t, int parent);
int col_width(const struct lctx *c, bool landscape);
void ops_begin(struct lctx *c);
struct op *ops_add(struct lctx *c, enum op_kind k);
struct vitem *item_add(struct lctx *c, int h, int space_before);
struct vitem *item_at(struct lctx *c, size_t i);

/* linebreak.c */
/* Decodes the spans into the paragraph scratch (c->cp, wid, face,
 * span), choosing each character's face and width; returns the count. */
size_t shape(struct lctx *c, const struct inlines *t, const struct tstyle *st);
/* May a line break after character k of n (a hyphen or slash inside a
 * word)? */
bool break_after(const struct lctx *c, size_t k, size_t n);
/* Sets inline text as lines, one item each, in a column at x0 of width
 * w; the first line's item gets space_before.  Returns the line count. */
int set_text(struct lctx *c, const struct inlines *t, const struct tstyle *st,
    int x0, int w, int space_before);

/* blocks.c */
/* The body text style of the house style. */
struct tstyle body_style(const struct lctx *c);
/* Lays out blocks as items in a column at x0 (absolute) of width w;
 * depth is 0 for a flow's own blocks. */
void layout_blocks(struct lctx *c, const struct blocks *b, int x0, int w, int depth);

/* table.c */
/* Lays out a table block as a caption and one item per row. */
void layout_table(struct lctx *c, const struct block *b, int x0, int w, int depth);

/* paginate.c */
/* Places c's items on pages (struct page * into pages) and records
 * headings and anchors (struct mark into marks); the first page is
 * landscape when asked. */
void paginate(struct lctx *c, struct vec *pages, struct vec *marks, bool landscape);

#endif
