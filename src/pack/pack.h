/*
 * pack.h - from a validated meeting to the finished document (stage 4):
 * builds the front sheet, the contents and the papers as blocks, lays
 * them out, settles the contents' page numbers, and hands the pages to a
 * device (PDF, or the text dump).
 */
#ifndef AP_PACK_H
#define AP_PACK_H

#include "../model/model.h"

enum edition {
	EDITION_PUBLIC,                    /* exempt papers left out */
	EDITION_FULL,                      /* exempt papers in, marked */
};

struct render_doc;
struct fontset;
struct merge_place;

/* The assembled pack, as pack_build() hands it to a hook before freeing
 * it: the numbered, stamped pages with their outline, destinations and
 * structure (rd), the fonts, and the appendix pages to merge.  Valid only
 * during the call.  See pack_render_pages() in subset.h. */
struct pack_assembled {
	const struct render_doc *rd;
	struct fontset *fs;
	const struct merge_place *places;  /* PDF appendix pages */
	size_t nplaces;
	bool pdfa;
};

/* Called once the pack is rendered (publish: the per-item PDFs); returns
 * 0 or an exit status, which pack_build() returns. */
struct pack_hook {
	int (*assembled)(void *ctx, const struct pack_assembled *pa);
	void *ctx;
};

struct pack_options {
	enum edition edition;
	bool duplex;                       /* papers start on odd pages */
	bool supplement;                   /* only the late papers */
	bool draft;                        /* DRAFT watermark */
	bool pdfa;                         /* PDF/A-1b */
	bool tagged;                       /* tagged PDF (default on) */
	const char *manifest;              /* manifest JSON path, or NULL */
	const char *dump;                  /* text dump path ("-"), or NULL */
	const char *font_dir;              /* --font-dir, or NULL */
	const char *source_dir;            /* the project's folder, or NULL */
	int max_pages;                     /* page limit */
	unsigned char **pdf_mem;           /* set: render the PDF into
	                                      *pdf_mem (heap, the caller frees)
	                                      and write no file (fuzz, tests) */
	size_t *pdf_mem_len;               /* its length in bytes */
	const struct pack_hook *hook;      /* or NULL */
};

/* Builds the document into out (written atomically: a temporary file in
 * the same folder, renamed into place on success).  Returns an exit
 * status: 0, 65 (invalid input), 66 (an input missing), 73 (cannot write),
 * 70 (internal error). */
int pack_build(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o, const char *out);

#endif
