/*
 * pack-int.h - between the pack's files (not for other stages):
 * compose.c makes blocks, assemble.c places pages, pack.c runs them.
 */
#ifndef AP_PACK_INT_H
#define AP_PACK_INT_H

#include "pack.h"
#include "../layout/layout.h"

/* ---- compose.c (and editions.c: what each pack carries) ---- */

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
/* Minutes as blocks; standalone minutes (the archive's copy) print their
 * approval record, minutes in a pack (to be approved) do not. */
struct blocks compose_minutes(struct arena *a, const struct style *l,
    const struct minutes *mi, const char *lang, bool standalone);
/* The minutes' approval record in the style's wording, one line. */
char *compose_approval_text(struct arena *a, const struct style *l,
    const struct approval *ap, const char *lang);
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
