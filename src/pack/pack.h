/*
 * pack.h - from a validated meeting to the finished document (stage 4):
 * the pipeline compose (compose.c: the pack's own content as blocks),
 * lay out (src/layout), assemble (assemble.c: the contents' fixed point,
 * page order, duplex blanks, numbering, stamps, outline and link
 * targets) and output (src/output: render, merge, manifest, dump, the
 * safe write of every file).
 */
#ifndef AP_PACK_H
#define AP_PACK_H

#include "../model/model.h"
#include "../output/output.h"

enum edition {
	EDITION_PUBLIC,                    /* exempt papers left out */
	EDITION_FULL,                      /* exempt papers in, marked */
	EDITION_RECORD,                    /* the full edition with every paper
	                                      to follow in its place: the pack
	                                      as considered, for the record */
};

struct pack_options {
	enum edition edition;
	bool duplex;                       /* papers start on odd pages */
	int supplement;                    /* 0: the main pack (papers to
	                                      follow left out, "To follow" in
	                                      the contents); N: supplement N,
	                                      only the papers late for it */
	bool draft;                        /* DRAFT watermark */
	bool pdfa;                         /* PDF/A-1b */
	bool tagged;                       /* tagged PDF (default on) */
	const char *manifest;              /* manifest JSON path, or NULL */
	const char *dump;                  /* text dump path ("-"), or NULL */
	const char *font_dir;              /* --font-dir, or NULL */
	const char *source_dir;            /* the project's folder, or NULL */
	int max_pages;                     /* page limit */
	int *npages;                       /* set: pack_build stores the page
	                                      count there (the CLI's summary) */
};

/* An assembled pack: laid-out pages, structure, outline, appendix
 * placements, and the fonts and layout context they hold. */
struct pack_doc;

/* Composes, lays out and assembles the pack.  Returns NULL after
 * reporting (the status is recorded: diag_exit_status()). */
struct pack_doc *pack_assemble(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o);
/* The document for the output step (src/output). */
const struct output_doc *pack_output(const struct pack_doc *d);
/* Frees the pages, flows, open appendices, layout context and fonts. */
void pack_free(struct pack_doc *d);

/* ---- minutes and exempt business (minutes.c), also for publish ---- */

/* One minute's content after its heading, as the edition prints it:
 * the declarations made, its body, the vote and the resolutions; in the
 * public edition (full false) an exempt minute is only the style's
 * sentence saying so (pack_exempt_minute_text).  Phrases in langs. */
struct blocks pack_minute_blocks(struct arena *a, const struct style *l,
    const struct minute *e, const char *langs, bool full);
/* "Minute 7 contains exempt information ... and is not published." */
char *pack_exempt_minute_text(struct arena *a, const struct style *l,
    const char *langs, const struct minute *e);
/* The fixed phrases of a set of minutes in the style's wording for
 * lang, as the PDF prints them: the heading (with the start time when
 * the file gives one), the lead-ins of those present, also present,
 * officers and apologies, the closing sentence (NULL without a closing
 * time), and the signature's role and date label. */
struct minutes_phrases {
	const char *heading, *present, *also_present, *officers, *apologies;
	const char *closed, *chair, *date;
};
void pack_minutes_phrases(struct arena *a, const struct style *l,
    const struct minutes *mi, const char *lang, struct minutes_phrases *ph);
/* The {fields} a web page's phrase (text.web_*) may hold; NULL: none. */
struct web_fields {
	const char *item, *n, *first, *last, *title, *committee, *date, *phone;
};
/* The style's phrase k for publish's web pages in each language of
 * langs, joined with " / ", its {fields} from w (NULL: none). */
char *pack_web_text(struct arena *a, const struct style *l, const char *langs,
    enum text_key k, const struct web_fields *w);
/* The minutes' approval record in the style's wording, one line. */
char *compose_approval_text(struct arena *a, const struct style *l,
    const struct approval *ap, const char *lang);
/* Words each exempt item's paragraph ('exempt: N') as its exempt_reason
 * in the style's phrase (text.exempt_item), unless the file gave one. */
void pack_exempt_reasons(struct arena *a, struct meeting *m,
    const struct style *l);

/* The whole pipeline: assembles the pack and writes it to out (a PDF
 * path, "-" for standard output, or NULL for none) and to the manifest
 * and dump the options name.  With a dump, out "-" means no PDF (the
 * dump alone).  Returns the exit status (diag_exit_status()). */
enum ap_exit pack_build(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o, const char *out);

#endif
