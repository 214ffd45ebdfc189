/*
 * pack-int.h - between the pack's files (not for other stages):
 * compose.c and minutes.c make blocks, assemble.c places pages, pack.c
 * runs them.
 */
#ifndef AP_PACK_INT_H
#define AP_PACK_INT_H

#include "pack.h"
#include "../layout/layout.h"

/* ---- compose.c (and editions.c: what each pack carries) ---- */

/* A list of blocks being built (compose.c's builders; minutes.c uses
 * them too). */
struct bb {
	struct arena *a;
	struct vec v;                      /* struct block */
	struct pos pos;                    /* where each block is placed */
};

/* Starts an empty list of blocks, each placed at pos. */
void bb_init(struct bb *b, struct arena *a, struct pos pos);
/* Moves the blocks into the arena and returns them. */
struct blocks bb_done(struct bb *b);
/* One span of text s (NULL: empty) in style. */
struct inlines text1(struct arena *a, const char *s, unsigned style,
    struct pos pos);
/* Appends a zeroed block of kind k. */
struct block *bb_add(struct bb *b, enum block_kind k);
/* Appends a paragraph of plain text in style; of inline text. */
struct block *bb_para(struct bb *b, const char *s, unsigned style);
struct block *bb_inl(struct bb *b, struct inlines in);
/* Appends a heading of level 1..3. */
struct block *bb_heading(struct bb *b, int level, const char *s);
/* A one-block cell holding inline text; plain text in style. */
struct blocks cell_inl(struct arena *a, struct inlines in, struct pos pos);
struct blocks cell_text(struct arena *a, const char *s, unsigned style,
    struct pos pos);
/* Appends a list of plain strings. */
struct block *bb_list(struct bb *b, enum list_style st, const char **items,
    size_t n);
/* Appends a plain two-column table with room for nrows rows; kv_row
 * appends a row (k, v) to it. */
struct block *bb_kv(struct bb *b, size_t nrows);
void kv_row(struct arena *a, struct block *bl, struct blocks k,
    struct blocks v);
/* Appends copies of the blocks src. */
void bb_append(struct bb *b, const struct blocks *src);
/* "Name (Role)", or the name alone. */
const char *person_str(struct arena *a, const struct person *p);

/* An item's pages in the pack. */
struct range {
	int first, last;                   /* printed page numbers (after the
	                                      pack's prefix); 0: none */
	int pfirst, plast;                 /* pages in the file, 1-based */
};

/* The values of the {field}s in running text and titles. */
struct fields {
	const char *committee, *council, *date, *longdate;
	int page, pages;                   /* this page's number, of pages */
	const char *prefix;                /* before {page}: "S2-", or NULL */
	const char *n;                     /* {n}: a supplement's number */
	const char *first, *last;          /* {first}, {last}: page labels */
	const char *item;                  /* the page's item number, or NULL */
	/* The style's fixed phrases' own fields ('text:'), or NULL. */
	const char *venue, *time, *phone, *quorum, *member, *substitute, *title;
	const char *page_text;             /* {page_text}: text.page, filled */
	/* Minutes and exempt business: {minute}; {paragraph} of Schedule
	 * 12A (set: pack_text words {statute} and {part} from it in each
	 * phrase's own language, text.exempt_paragraph). */
	const char *minute, *paragraph, *part, *statute;
	/* When set, pack_text prints {date} and {time} from these in each
	 * phrase's own language (a bilingual heading's dates). */
	int dy, dm, dd;                    /* a date; dy 0: none */
	enum date_use duse;
	bool has_time;
	int th, tm;                        /* a time (has_time) */
	enum time_use tuse;
};

#define PACK_MAX_LANGS 4               /* languages one pack prints in */

/* The languages of langs (space-separated, as meeting.langs; NULL:
 * en-GB) into v; returns how many (1 to PACK_MAX_LANGS). */
size_t pack_langs(struct arena *a, const char *langs,
    const char *v[PACK_MAX_LANGS]);

/* The style's fixed phrase k in each language of langs, its {fields}
 * from f (NULL: none), joined with " / " (first language first). */
char *pack_text(struct arena *a, const struct style *l, const char *langs,
    enum text_key k, const struct fields *f);

/* Expands {field}s of pattern; unknown fields stay as written. */
char *pack_expand(struct arena *a, const char *pat, const struct fields *f);
/* A date (time) printed in the style's form for its use, in each
 * language of lang (space-separated; NULL: English), joined with " / ". */
char *pack_date(struct arena *a, const struct style *l, enum date_use use,
    const char *lang, int y, int m, int d);
char *pack_time(struct arena *a, const struct style *l, enum time_use use,
    const char *lang, int h, int m);
/* Prints every date the file gave as YYYY-MM-DD in b (lists and tables
 * included) in the style's forms: sets their spans' text; words the
 * 'agreed' lead-ins and signature lines with the style's phrases. */
void compose_dates(struct arena *a, const struct blocks *b,
    const struct style *l, const char *lang);
/* Whether this pack (edition, supplement) carries paper p of item it. */
bool pack_paper_in_pack(const struct item *it, const struct paper *p,
    const struct pack_options *o);
/* Whether item it has a paper to follow that this pack leaves out (the
 * main pack prints "To follow" for it). */
bool pack_item_to_follow(const struct item *it, const struct pack_options *o);
/* Whether supplement n (0: none) holds a paper of item it. */
bool pack_item_in_supplement(const struct item *it, int n);
/* The page-number prefix of this pack ("S2-"), "" for none. */
const char *pack_prefix(struct arena *a, const struct style *l,
    const struct pack_options *o);
/* The running mark of an edition with exempt papers in it ("Full
 * edition - NOT FOR PUBLICATION"), or NULL for the public edition. */
const char *pack_edition_mark(struct arena *a, const struct style *l,
    const char *lg, const struct pack_options *o);
/* The meeting's description of supplement n, or NULL. */
const struct supplement *pack_supplement(const struct meeting *m, int n);

/* The papers the pack writes itself, as blocks. */
struct blocks compose_report(struct arena *a, const struct style *l,
    const struct paper *p, const char *lang);

/* ---- minutes.c ---- */

/* Minutes as blocks; standalone minutes (the archive's copy) print their
 * approval record, minutes in a pack (to be approved) do not.  The
 * public edition (full false) prints an exempt minute as its heading
 * and the style's sentence only; the full edition prints it marked. */
struct blocks compose_minutes(struct arena *a, const struct style *l,
    const struct minutes *mi, const char *lang, bool standalone, bool full);
struct blocks compose_membership(struct arena *a, const struct meeting *m,
    const struct style *l, const struct item *it);
/* The front sheet, its contents printing ranges[i] for item i;
 * ranges[m->nitems] is the whole pack's printed numbers. */
struct blocks compose_front(struct arena *a, const struct meeting *m,
    const struct style *l, const struct pack_options *o, const struct range *ranges);

/* ---- letter.c ---- */

/* A letter as blocks: head, subject, body, closing, signer, copies. */
struct blocks compose_letter(struct arena *a, const struct style *l,
    const struct letter *lt, const char *lang);
/* The letter's date in its form or the style's 'letter' date form. */
char *letter_date(struct arena *a, const struct style *l,
    const struct letter *lt, const char *lang);

/* ---- assemble.c ---- */

/* A paper laid out: its pages and, for a PDF appendix, the open file. */
struct pflow {
	size_t item;                       /* index of its item; -1: none
	                                      (the standalone minutes) */
	struct flow *f;
	struct merge_appendix *ap;         /* a PDF paper's file, or NULL */
};

struct pack_doc {
	struct arena *a;
	const struct meeting *m;
	const struct style *l;
	const struct pack_options *o;
	struct fontset *fs;
	struct lctx *lc;
	struct fields fl;                  /* committee, council, dates */
	struct vec papers;                 /* struct pflow, in pack order */
	struct flow *front, *standing;     /* or NULL (standalone minutes) */
	struct range *ranges;              /* per item, settled */
	int first_number;                  /* the first page's printed number */
	const char *prefix;                /* before every printed number */
	size_t total;                      /* pages, with duplex blanks */
	struct page **pages;               /* heap: total */
	size_t npages;
	struct vec outline;                /* struct outline_entry */
	struct vec dests;                  /* struct dest */
	struct vec places;                 /* struct merge_place */
	struct output_doc out;
};

/* Each step returns AP_EXIT_OK or a status after reporting. */
enum ap_exit assemble_papers(struct pack_doc *d);
enum ap_exit assemble_front(struct pack_doc *d);
void assemble_pages(struct pack_doc *d);
void assemble_stamps(struct pack_doc *d);
void assemble_describe(struct pack_doc *d);
/* A letter's numbers and stamps (letter.c): page 1 none, later pages
 * the style's letter header and footer. */
void letter_stamps(struct pack_doc *d);

#endif
