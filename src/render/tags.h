/*
 * tags.h - tagged PDF for the PDF device (internal to src/render): the
 * structure tree, marked content and the parent tree, built with
 * pdffix's object API (libharu has no tagging API of its own).
 *
 * The device calls tags_mark() for each op it draws, in drawing order;
 * tags_mark() writes BDC/BMC and EMC into the page's content stream so
 * that marked content never crosses a BT/ET boundary (the device says
 * whether the op is drawn inside a text object).  After all pages and
 * annotations exist, tags_finish() completes the tree and gives libharu
 * the entries it writes itself; after libharu has saved the file,
 * tags_write() appends the tree from tags' own compact records (no
 * libharu object per element).
 */
#ifndef AP_TAGS_H
#define AP_TAGS_H

#include "pdffix.h"
#include "render.h"

struct tags;

struct tags *tags_new(HPDF_Doc doc, const struct render_doc *d);
void tags_free(struct tags *t);

/* Starts page pi (its HPDF_Page). */
void tags_page(struct tags *t, size_t pi, HPDF_Page pg);
/* Before drawing op o: closes the open sequence when o needs another
 * one.  Returns true when the caller must end its text object (ET)
 * before o because a sequence was closed inside it. */
bool tags_close_if(struct tags *t, const struct op *o, bool text);
/* Opens the sequence for o if none is open; text says whether o is drawn
 * inside a text object (the caller has already written BT then). */
void tags_open(struct tags *t, const struct op *o, bool text);
/* Closes the open sequence (before ET, or at the end of the page). */
void tags_close(struct tags *t);
/* A link annotation made for op o on page pi. */
void tags_annot(struct tags *t, const struct op *o, HPDF_Annotation an);
/* Completes the tree (regrouping long kid lists) and gives libharu what
 * it writes itself: each page's /StructParents and /Tabs, the catalog's
 * /MarkInfo and /StructTreeRoot (an empty placeholder).  Returns 0 or a
 * libharu error (the first one, including any met while marking content
 * or annotations). */
int tags_finish(struct tags *t);
/* Appends the structure tree to the PDF libharu saved (*pdf, *len: a
 * malloc'd buffer, which grows) as an incremental update replacing the
 * placeholder root: in object streams (PDF 1.5), or, for PDF/A-1, as
 * plain objects (pdfpure.h).  Call after tags_finish and the save;
 * libharu's document may be freed already.  Returns 0, PDFFIX_EOBJECT
 * when the file's end is not what libharu writes, or PDFFIX_EZLIB when
 * compression failed (*pdf is then NULL, the file freed). */
int tags_write(struct tags *t, unsigned char **pdf, size_t *len);

#endif
