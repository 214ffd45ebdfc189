/*
 * subset.h - a run of pages of an assembled pack as a PDF of its own
 * (publish: the agenda front sheet alone, one PDF per item's papers and
 * per appendix).
 *
 * The pages are the pack's own, already numbered and stamped: nothing is
 * laid out again.  The subset keeps the pack's printed page numbers (its
 * page labels start at the first page's number), the outline entries and
 * named destinations that fall on its pages, the structure elements of
 * the flows on those pages (tagged output), and the PDF appendix pages
 * among them.  Links to destinations outside the subset are left out.
 * A subset that starts an item's papers tags the item's stamp ("Agenda
 * item N") as its first paragraph; in the pack it is an artifact.
 */
#ifndef AP_OUTPUT_SUBSET_H
#define AP_OUTPUT_SUBSET_H

#include "output.h"

struct output_subset {
	size_t from, to;                   /* pages [from, to) of the pack, 0-based */
	const char *title;                 /* document title; also the outline's
	                                      first entry when no entry of the
	                                      pack's outline starts the subset */
	const char *subject;               /* or NULL */
	const char *lang;                  /* BCP 47; NULL: the pack's */
};

/* Renders pages [s->from, s->to) of the assembled document d into *pdf,
 * *len (heap; the caller frees), as output_pdf() renders the whole.
 * Returns AP_EXIT_OK or the failure's status (recorded, as output_pdf()
 * does).  d's pages are left as they were. */
enum ap_exit output_pdf_pages(const struct output_doc *d, const struct output_subset *s,
    unsigned char **pdf, size_t *len);

#endif
