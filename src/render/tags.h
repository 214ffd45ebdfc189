/*
 * tags.h - tagged PDF for the PDF device (internal to src/render): the
 * structure tree, marked content and the parent tree, built with
 * pdffix's object API (libharu has no tagging API of its own).
 *
 * The device calls tags_mark() for each op it draws, in drawing order;
 * tags_mark() writes BDC/BMC and EMC into the page's content stream so
 * that marked content never crosses a BT/ET boundary (the device says
 * whether the op is drawn inside a text object).  After all pages and
 * annotations exist, tags_finish() builds the tree and the catalog
 * entries.
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
/* Builds the structure tree; returns 0 or a libharu error (the first
 * one, including any met while marking content or annotations). */
int tags_finish(struct tags *t);

#endif
