/*
 * model.h - the document model: what a meeting, its papers and a house
 * style (layout) are, after loading and before layout.
 *
 * These are plain data structs, public on purpose: the loader fills them,
 * validate normalises them, the pack and layout stages read them.  All
 * memory belongs to the document's arena.  Every node that came from a
 * file carries its position (struct pos) so later stages can report
 * problems at the right line and column.
 *
 * Strings are UTF-8, NUL-terminated, never NULL unless the field says
 * "or NULL".  Arrays are a pointer and a count.
 */
#ifndef AP_MODEL_H
#define AP_MODEL_H

#include "../util/util.h"

/* ---- inline text ---- */

enum span_style {
	SPAN_BOLD = 1,
	SPAN_ITALIC = 2,
};

/* A run of text in one style, possibly a link. */
/* Where a date is printed, each with its own form in the style. */
enum date_use {
	DATE_USE_MEETING,                  /* front sheet, minutes' heading */
	DATE_USE_LIST,                     /* a 'dates' block */
	DATE_USE_REPORT,                   /* a date in a report's header */
	DATE_USE_TEXT,                     /* {date} in titles and patterns */
	DATE_USE_LETTER,                   /* a letter's date */
	DATE_USES,
};

/* Where a time is printed. */
enum time_use {
	TIME_USE_MEETING,                  /* the front sheet's start time */
	TIME_USE_MINUTES,                  /* times in minutes: "closed at" */
	TIME_USES,
};

/* A date the file gives as YYYY-MM-DD, printed in the style's form for
 * its use (or its own form) when the pack is composed. */
struct date_ref {
	int y, mo, d;
	enum date_use use;
	const char *form;                  /* preset or pattern, or NULL:
	                                      the style's form for use */
};

/* Where a span's text stops running on one column per character from
 * the previous mark (or the span's start): after an escape such as
 * "\u00e9" or an inline "\*", at a line break, where merged pieces meet. */
struct span_mark {
	size_t off;                        /* byte offset in the span's text */
	struct pos pos;                    /* where that byte was written */
};

struct span {
	const char *text;                  /* UTF-8; may hold U+00A0; for a
	                                      date, set when composed */
	const struct date_ref *date;       /* or NULL */
	unsigned style;                    /* SPAN_BOLD | SPAN_ITALIC */
	const char *href;                  /* link target, or NULL */
	struct pos pos;                    /* where the text starts */
	const struct span_mark *marks;     /* by off; NULL: the text runs on */
	size_t nmarks;
};

/* A paragraph's worth of inline text. */
struct inlines {
	struct span *spans;
	size_t n;
};

/* ---- blocks ---- */

enum block_kind {
	BLOCK_HEADING,                     /* heading: level 1..3 */
	BLOCK_PARA,                        /* paragraph */
	BLOCK_LIST,                        /* list of items, each blocks */
	BLOCK_TABLE,
	BLOCK_IMAGE,
	BLOCK_PAGE_BREAK,
	BLOCK_SIGNATURE,                   /* "Chairman ____ Date ____" */
	BLOCK_SPACE,                       /* vertical space */
};

enum list_style {
	LIST_BULLET,                       /* • */
	LIST_NUMBER,                       /* 1. 2. 3. */
	LIST_ROMAN,                        /* (i) (ii) (iii) */
	LIST_ALPHA,                        /* (a) (b) (c) */
	LIST_NONE,                         /* no markers, indented */
};

enum align {
	ALIGN_DEFAULT,                     /* the layout's choice */
	ALIGN_LEFT,
	ALIGN_CENTRE,
	ALIGN_RIGHT,
	ALIGN_JUSTIFY,
};

struct block;

struct blocks {
	struct block *v;
	size_t n;
};

struct list_item {
	struct blocks body;
	struct pos pos;
};

struct table_col {
	const char *title;                 /* header text, or NULL */
	enum align align;
	double width;                      /* relative weight; 0 = automatic */
	int points;                        /* a fixed width, mpt; 0: none */
};

enum row_kind {
	ROW_NORMAL,
	ROW_HEADER,                        /* repeats on every page */
	ROW_SECTION,                       /* one full-width cell, shaded */
};

/* How far a table cell reaches: it covers cols columns from its own
 * rightwards and rows rows from its own downwards. */
struct cell_span {
	uint16_t cols;                     /* columns covered, >= 1 */
	uint16_t rows;                     /* rows covered, >= 1 */
};

struct table_row {
	enum row_kind kind;
	struct blocks *cells;              /* ncols cells (1 for a section);
	                                      with spans, the cells that start
	                                      in this row, left to right */
	size_t ncells;
	struct pos pos;
	struct cell_span *spans;           /* per cell, or NULL: every cell
	                                      covers one column and one row */	bool nested;                       /* a contents row (toc) tagged in a
	                                      TOC under the last row not
	                                      nested: a sub-item's */
};

enum table_style {
	TABLE_GRID,                        /* ruled grid, shaded header */
	TABLE_PLAIN,                       /* no rules (key-value headers) */
};

struct table {
	struct table_col *cols;
	size_t ncols;
	struct table_row *rows;            /* header rows come first */
	size_t nrows;
	enum table_style style;
	const char *caption;               /* or NULL */
	bool landscape;                    /* set the table on landscape pages */
	bool toc;                          /* the contents: tagged TOC/TOCI */
	int size;                          /* type size of the cells, mpt: 0
	                                      the body size, TABLE_SIZE_SMALL
	                                      the style's small size */
};

#define TABLE_SIZE_SMALL (-1)

struct image {
	const char *path;                  /* resolved path of a PNG or JPEG */
	const char *alt;                   /* alt text, or NULL if decorative */
	bool decorative;
	double width;                      /* fraction of the column, 0..1 */
	const char *caption;               /* or NULL */
	int px_w, px_h;                    /* pixel size, read by validate */
	bool jpeg;                         /* else PNG */
};

struct block {
	enum block_kind kind;
	struct pos pos;
	const char *lang;                  /* BCP 47 tag, or NULL: inherit */
	union {
		struct {
			int level;                 /* 1..3 */
			struct inlines text;
		} heading;
		struct {
			struct inlines text;
			enum align align;
			bool small;                /* set in the layout's small size */
			bool keep_with_next;
			int size;                  /* font size override, mpt; 0: none */
			bool agreed;               /* the 'agreed' lead-in: worded
			                              by the style when composed */
		} para;
		struct {
			enum list_style style;
			int start;                 /* first number, default 1 */
			struct list_item *items;
			size_t n;
		} list;
		struct table table;
		struct image image;
		struct {
			const char *role;          /* or NULL: the style's "Chairman" */
			const char *date_label;    /* or NULL: "Date" */
		} signature;
		struct {
			int mpt;                   /* height in 1/1000 pt */
		} space;
	} u;
};

/* ---- papers ---- */

/* A labelled value in a report's header table ("Enquiries to"). */
struct field {
	const char *label;
	struct inlines value;              /* may hold several lines (\n) */
	struct pos pos;
};

struct person {
	const char *name;
	const char *role;                  /* "Chairman", or NULL */
	struct pos pos;
};

/* One side of a vote: how many, and who when the file names them. */
struct vote_side {
	int count;                         /* -1: not given */
	const char **names;                /* or NULL: counted only */
	struct pos *name_pos;              /* where each name is written */
	size_t nnames;                     /* count == nnames when named */
	struct pos pos;
};

/* The vote on a minute's motion, as the file records it. */
struct vote {
	bool given;
	struct vote_side sides[3];         /* for, against, abstained */
	struct pos pos;
};

enum vote_sides { VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAINED };

/* Schedule 12A to the Local Government Act 1972: the paragraphs that
 * describe exempt information (Part 1, England; Part 4, Wales). */
#define EXEMPT_PARA_OK(n) (((n) >= 1 && (n) <= 7) || ((n) >= 12 && (n) <= 18))

struct minute {
	const char *number;                /* "1" */
	const char *title;
	struct inlines *declarations;      /* declarations of interest made
	                                      at the meeting, or NULL */
	size_t ndeclarations;
	struct blocks body;
	struct vote vote;                  /* given when recorded */
	struct blocks resolved;            /* the lead-in ('agreed', worded by
	                                      the style) and its list; or none */
	bool exempt;                       /* left out of the public minutes */
	int exempt_para;                   /* its paragraph of Schedule 12A;
	                                      0: not given */
	struct pos pos;
};

/* The approval of minutes as a correct record, at a later meeting. */
struct approval {
	bool given;                        /* the file records it */
	int y, mo, d;                      /* date of the approving meeting */
	const char *minute;                /* its minute number, or NULL */
	const char *name;                  /* who signed: "Councillor M Maddocks" */
	const char *role;                  /* "Chairman", or NULL */
	const char *location;              /* where signed, or NULL */
	struct pos pos;
};

struct minutes {
	const char *council;               /* or NULL */
	const char *committee;
	int year, month, day;              /* date of the meeting minuted */
	const char *venue;
	const char *present_heading;       /* "County Councillors", or NULL */
	struct person *present;
	size_t npresent;
	struct person *also_present;       /* e.g. non-elected members */
	size_t nalso_present;
	struct person *officers;
	size_t nofficers;
	struct person *apologies;
	size_t napologies;
	struct minute *entries;
	size_t nentries;
	int start_h, start_m;              /* 'time': -1 when not given */
	int closed_h, closed_m;            /* -1 when not given */
	const char *chair_role;            /* or NULL: the style's "Chairman" */
	const char *layout;                /* the style of standalone minutes
	                                      ('layout: NAME'), or NULL */
	struct pos layout_pos;
	struct approval approved;          /* given when approved */
	struct pos pos;
};

enum paper_kind {
	PAPER_REPORT,                      /* an officer's report */
	PAPER_MINUTES,                     /* minutes of a meeting */
	PAPER_MEMBERSHIP,                  /* generated from the meeting */
	PAPER_PDF,                         /* an existing PDF (appendix) */
	PAPER_LETTER,                      /* a letter, built on its own */
};

struct letter;

struct paper {
	enum paper_kind kind;
	struct pos pos;                    /* where the meeting names it */
	const char *path;                  /* resolved file, or NULL */
	const char *title;                 /* or NULL */
	const char *reference;             /* "PAF/03/18", or NULL */
	struct field *header;              /* report header table */
	size_t nheader;
	struct blocks body;
	struct minutes *minutes;           /* PAPER_MINUTES */
	struct letter *letter;             /* PAPER_LETTER */
	bool landscape;
	int late;                          /* 0: in the main pack; N: a paper
	                                      to follow, in supplement N */
	struct pos late_pos;               /* where 'late' was written */
	const char *lang;                  /* or NULL: the meeting's */
	int page_from, page_to;            /* PAPER_PDF selection, 0 = all */
	const char *alt;                   /* PAPER_PDF: the officer's
	                                      description of its pages (the
	                                      figures' alt text), or NULL */
};

/* ---- letters ---- */

/* Someone a letter names: an addressee or the signer. */
struct letter_party {
	const char *name;
	const char **lines;                /* role and address lines, printed
	                                      one a line under the name */
	size_t nlines;
	struct pos pos;
};

enum subject_case {
	SUBJECT_CAPITALS,                  /* printed in capitals */
	SUBJECT_AS_WRITTEN,
};

/* A letter file (paper: letter), built on its own. */
struct letter {
	const char **from;                 /* sender lines, or NULL: the
	                                      style's letter.from */
	size_t nfrom;
	const char *email;                 /* "Email: ..." under the sender
	                                      lines, or NULL */
	int y, mo, d;                      /* the letter's date */
	const char *date_form;             /* or NULL: the style's */
	const char *delivery;              /* "BY EMAIL", or NULL */
	struct letter_party *to;           /* addressees, >= 1 */
	size_t nto;
	const char *salutation;            /* "Dear Phil," or NULL */
	const char *subject;               /* or NULL; may hold {fields} */
	struct blocks body;                /* resolutions already expanded */
	const char *closing;               /* "Yours sincerely", or NULL */
	struct letter_party signer;        /* name and role lines */
	struct blocks signature;           /* the signature image, or none */
	struct person *cc;                 /* copies to */
	size_t ncc;
	const struct meeting *meeting;     /* meeting: FILE, or NULL */
	struct pos pos;
};

/* ---- the meeting ---- */

struct contact {
	const char *name;
	const char *role;                  /* or NULL */
	const char *phone;                 /* or NULL */
	const char *email;                 /* or NULL */
};

struct note {
	const char *title;
	struct inlines text;
	struct pos pos;
};

struct substitution {
	const char *member;
	const char *substitute;
	struct pos pos;
	struct pos member_pos, substitute_pos; /* where each name is written */
};

struct membership {
	int quorum;                        /* 0 when not given */
	struct person *members;
	size_t nmembers;
	struct person *non_elected;
	size_t nnon_elected;
	struct person *apologies;
	size_t napologies;
	struct substitution *substitutions;
	size_t nsubstitutions;
	struct inlines *declarations;      /* declarations of interest */
	size_t ndeclarations;
	const char *enquiries;             /* "Graham Hughes, ..." or NULL */
};

struct item {
	const char *number;                /* "4"; assigned in order if absent */
	const char *title;
	struct inlines description;        /* may be empty */
	struct blocks notes;               /* text under the item (public Qs) */
	bool exempt;
	int exempt_para;                   /* 'exempt: N': the paragraph of
	                                      Schedule 12A; 0: not given */
	struct pos exempt_pos;             /* where 'exempt' is written */
	const char *exempt_reason;         /* statutory wording, or NULL (the
	                                      pack words it from exempt_para) */
	struct paper *papers;
	size_t npapers;
	struct pos pos;
	int sub;                           /* 0: an item; k >= 1: the k-th
	                                      sub-item of its parent, the
	                                      nearest item before it with sub
	                                      0 (sub-items follow their parent
	                                      in meeting.items) */
	size_t nsub;                       /* an item: its sub-items */
	bool auto_number;                  /* a sub-item numbered by the
	                                      style's subitem_number (validate
	                                      sets the number) */
	struct pos number_pos;             /* where 'number' is written, else
	                                      pos */
};

struct meeting {
	const char *file;                  /* the meeting file */
	const char *council;
	const char *committee;
	int year, month, day;
	int hour, minute;                  /* -1 when no time given */
	const char *venue;
	struct contact contact;
	struct note *notes;
	size_t nnotes;
	const char *lang;                  /* BCP 47, default "en-GB"; the first
	                                      of 'languages' when given */
	const char *langs;                 /* 'languages', space-separated
	                                      ("cy en-GB"); else lang */
	struct membership membership;
	struct item *items;
	size_t nitems;
	const char *title;                 /* document title override, or NULL */
	const char *url;                   /* the agenda page's address, or NULL */
	struct minutes *standalone;        /* a minutes file given to build */
	const char *layout;                /* 'layout: NAME' (the style), or NULL */
	struct pos layout_pos;             /* where 'layout' was written */
	struct blocks standing;            /* 'standing:' pages, over the style's */
	bool has_standing;                 /* 'standing' given (even empty) */
	int front_membership;              /* front_sheet_membership: -1 the
	                                      style's, 0 no, 1 yes */
	struct letter *letter;             /* a letter file given to build */
	struct supplement *supplements;    /* 'supplements:', or NULL */
	size_t nsupplements;
	struct pos pos;
};

/* A supplementary agenda's own front-sheet matter (meeting
 * 'supplements:'); a late paper's supplement need not have one. */
struct supplement {
	int number;                        /* 1, 2, ... */
	int year, month, day;              /* publication date; year 0: none */
	struct inlines note;               /* its covering note, or none */
	struct pos pos;
};

/* ---- the house style ---- */

struct font_role {
	const char *family;                /* fontconfig family, or NULL */
	const char *file;                  /* file name or path, or NULL */
};

enum font_roles {
	FONT_REGULAR,
	FONT_BOLD,
	FONT_ITALIC,
	FONT_BOLD_ITALIC,
	FONT_NROLES,
};

struct rgb {
	double r, g, b;                    /* 0..1 */
};

/* Three slots of running text; each may hold {fields}. */
struct running {
	const char *left, *centre, *right; /* or NULL */
};

/* The fixed phrases the pack prints itself, one per key of the style's
 * 'text:' (load-text.c names them and holds the built-in en-GB and cy
 * wording).  Each may hold {fields} (docs/layout.md, "Fixed text"). */
enum text_key {
	TEXT_AGENDA_ITEM,                  /* "Agenda item {item}" */
	TEXT_PAGE,                         /* "Page {page}" */
	TEXT_PAGES,                        /* the contents' column: "Pages" */
	TEXT_BLANK_PAGE,                   /* the duplex filler's note */
	TEXT_NOT_FOR_PUBLICATION,
	TEXT_SUPPLEMENT,                   /* "{committee}: Supplementary agenda" */
	TEXT_SUPPLEMENT_TITLE,             /* "{title} (supplementary agenda)" */
	TEXT_CONTACT,                      /* "For information about the meeting ..." */
	TEXT_TELEPHONE,                    /* "Telephone: {phone}" */
	TEXT_EMAIL,                        /* "Email:" */
	TEXT_EXEMPT_ITEMS,                 /* "Exempt Items" */
	TEXT_MINUTES_HEADING,              /* "Minutes of the meeting of ..." */
	TEXT_PRESENT, TEXT_ALSO_PRESENT, TEXT_OFFICERS_PRESENT,
	TEXT_APOLOGIES_FOR_ABSENCE,
	TEXT_CLOSED,                       /* "... the meeting closed at {time}." */
	TEXT_AGREED,                       /* "It was **Agreed** that:" */
	TEXT_CHAIR,                        /* the signature's role: "Chairman" */
	TEXT_SIGNATURE_DATE,               /* "Date" beside the signature */
	TEXT_COMMITTEE_LABEL, TEXT_ENQUIRIES, TEXT_RECOMMENDATIONS,
	TEXT_TO_NOTE, TEXT_NOTE_MEMBERSHIP, TEXT_NOTE_APOLOGIES,
	TEXT_NOTE_DECLARATIONS, TEXT_MEMBERSHIP, TEXT_QUORUM,
	TEXT_NON_ELECTED, TEXT_APOLOGIES, TEXT_SUBSTITUTIONS,
	TEXT_SUBSTITUTE,                   /* "{substitute} for {member}" */
	TEXT_DECLARATIONS,
	TEXT_SUBJECT_MINUTES, TEXT_SUBJECT_PACK, /* the PDF's subject */
	TEXT_MINUTES_TITLE,                /* "{committee}, {date}: minutes" */
	TEXT_DRAFT,                        /* the watermark: "DRAFT" */
	/* Minutes that record decisions, and the exempt paragraphs. */
	TEXT_MINUTES_HEADING_TIME,         /* ... "on {date} at {time}" */
	TEXT_EXEMPT_PARAGRAPH,             /* "paragraph {paragraph} of Part
	                                      {part} of Schedule 12A ..." */
	TEXT_EXEMPT_ITEM,                  /* "Not for publication by virtue
	                                      of {statute}." */
	TEXT_EXEMPT_MINUTE,                /* "Minute {minute} contains exempt
	                                      information and is not published." */
	TEXT_EXEMPT_MINUTE_PARAGRAPH,      /* the same, "as defined in {statute}" */
	TEXT_VOTES,                        /* "Voting:" */
	TEXT_VOTES_FOR, TEXT_VOTES_AGAINST, TEXT_VOTES_ABSTAINED,
	TEXT_TO_FOLLOW,                    /* a late item's range: "To follow" */
	TEXT_SUPPLEMENT_NUMBER,            /* "Supplementary agenda No. {n}" */
	TEXT_PUBLISHED,                    /* "Date of publication: {date}" */
	TEXT_SUPPLEMENT_RANGE,             /* "This supplement runs from page
	                                      {first} to page {last}." */
	TEXT_FULL_BANNER,                  /* the full edition's front line and
	                                      PDF title: "CONFIDENTIAL — ..." */
	TEXT_EDITION_FULL,                 /* the full edition's running mark */
	TEXT_EDITION_RECORD,               /* the record edition's mark */
	/* The web pages publish writes (index.html, each paper's page). */
	TEXT_WEB_SKIP,
	TEXT_WEB_DOCUMENTS,
	TEXT_WEB_CONTACT,
	TEXT_WEB_NOTES,
	TEXT_WEB_AGENDA,
	TEXT_WEB_DATE,
	TEXT_WEB_TIME,
	TEXT_WEB_VENUE,
	TEXT_WEB_PACK,
	TEXT_WEB_AGENDA_ALONE,
	TEXT_WEB_CALENDAR,
	TEXT_WEB_PDF_ONE,
	TEXT_WEB_PDF,
	TEXT_WEB_ITEM_PAPERS,
	TEXT_WEB_PAGE,
	TEXT_WEB_IN_PACK_PAGE,
	TEXT_WEB_IN_PACK_PAGES,
	TEXT_WEB_NOT_PUBLISHED,
	TEXT_WEB_TO_FOLLOW,
	TEXT_WEB_AGENDA_TITLE,
	TEXT_WEB_ITEM_TITLE,
	TEXT_WEB_OTHER,
	TEXT_WEB_MINUTES,
	TEXT_KEYS
};

/* The fixed phrases in one language; NULL: the en-GB phrase. */
struct style_text {
	const char *lang;                  /* BCP 47: "en-GB", "cy" */
	const char *s[TEXT_KEYS];
};

struct style {
	const char *file;                  /* where it was loaded from */
	const char *name;
	int page_w, page_h;                /* 1/1000 pt */
	int margin_top, margin_bottom, margin_left, margin_right; /* mpt */
	struct font_role fonts[FONT_NROLES];
	const char **fallback;             /* fallback families/files */
	size_t nfallback;
	int size_body, size_small;         /* mpt */
	int size_h[3];                     /* h1..h3, mpt */
	int size_title;                    /* front sheet title, mpt */
	double leading;                    /* line height / font size */
	int para_space;                    /* space after a paragraph, mpt */
	enum align align;                  /* body text: left or justify */
	struct rgb text, heading, rule, shade, header_shade;
	struct running header, footer;
	const char *date_forms[DATE_USES]; /* preset or pattern (date.h) */
	const char *time_forms[TIME_USES]; /* preset or pattern (date.h) */
	const char *title_pattern;         /* "{committee}, {date}: agenda pack" */
	const char *subitem_number;        /* "{item}({letter})" */
	const char *approval_record;       /* "Approved as a correct record at
	                                      the meeting on {date}, minute
	                                      {minute}." */
	const char *approval_signed;       /* "Signed: {name}, {role}" */
	struct blocks standing;            /* council information pages */
	struct inlines exempt_heading_note;
	struct blocks exempt_wording;      /* the statutory exclusion text */
	const char *list_bullet;           /* "•" */
	bool front_membership;             /* members, apologies, substitutions
	                                      on the front sheet */
	bool supplement_continue;          /* supplements' pages number on
	                                      after the main pack's (and the
	                                      earlier supplements'); else
	                                      supplement_prefix */
	const char *supplement_prefix;     /* "S{n}-": before a supplement's
	                                      page numbers, {n} its number */
	struct style_text *texts;          /* [0] is en-GB, complete */
	size_t ntexts;
	struct letter_style {
		const char **from;             /* sender lines */
		size_t nfrom;
		bool window_dl;                /* address in a DL window */
		enum subject_case subject;
		struct running header, footer; /* pages 2 on: {to} {date}
		                                  {page} {pages} */
	} letter;
	struct pos pos;
};

#endif
