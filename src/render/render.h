/*
 * render.h - devices that draw laid-out pages (stage 5): the PDF device
 * (libharu) and the text device (a dump tests read).  Only this stage
 * includes libharu.
 */
#ifndef AP_RENDER_H
#define AP_RENDER_H

#include <stdio.h>
#include <time.h>

#include "../layout/layout.h"

/* An outline (bookmark) entry: level 1 for an item, 2.. beneath it. */
struct outline_entry {
	int level;
	const char *title;
	int page;                          /* index in the document */
	int y;                             /* mpt from the page top */
};

/* A named destination for internal links ("#name"). */
struct dest {
	const char *name;
	int page;
	int y;
};

struct render_doc {
	struct page **pages;
	size_t npages;
	struct outline_entry *outline;
	size_t noutline;
	struct dest *dests;
	size_t ndests;
	const char *title, *author, *subject, *keywords, *lang;
	const char *approval;              /* minutes' approval record, or
	                                      NULL (info /Approval) */
	const char *approval_location;     /* or NULL (/ApprovalLocation) */
	time_t created;                    /* creation and modification date */
	bool pdfa;
	bool tagged;
	bool consume_ops;                  /* render_pdf may free each page's
	                                      ops once it is drawn (and its
	                                      links made): set when nothing
	                                      reads them after (no dump, one
	                                      rendering); pages keep nops 0 */
	/* structure (tagged output): layout's elements, and the roots of
	 * the flows in the document, in order */
	const struct snode *nodes;
	size_t nnodes;
	const int *roots;
	size_t nroots;
};

/* The placeholder contract with src/merge: the comment the PDF device
 * writes in a placeholder page's content where the appendix page is to be
 * drawn (inside its Figure's marked content, before the stamps).  A
 * comment draws nothing if the merge never happens. */
#define MERGE_MARKER "%agendapack-appendix-page"

/* Draws the document as a PDF into a heap buffer (*out, *len).  Returns
 * 0, or 70 after reporting an internal (libharu) error, or 66/65 when an
 * image or font file cannot be read. */
int render_pdf(const struct render_doc *d, struct fontset *fs,
    unsigned char **out, size_t *len);

/* Writes the text dump: one line per page and per op. */
void render_dump(const struct render_doc *d, const struct fontset *fs, FILE *f);

#endif
