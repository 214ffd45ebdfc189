/*
 * appear.h - what the signature widget shows: the signer's name and a
 * note (the signing time) drawn as filled glyph outlines, taken with
 * FreeType from a sans-serif font that fontconfig finds.
 *
 * Why outlines: the appearance then needs no font resource, so the signed
 * file stays PDF/A-1b without embedding another font, and without relying
 * on the document's font subsets holding the glyphs of a name they may
 * never have printed.  The words are not text a reader extracts; the
 * signature field's /TU and the Form element's /Alt say them instead.
 */
#ifndef AP_SIGN_APPEAR_H
#define AP_SIGN_APPEAR_H

#include "../util/util.h"

/* Appends to out the content stream of a w x h pt appearance: name on the
 * upper line, note on the lower, left-aligned, each at most a fixed share
 * of h and shrunk to fit w.  Returns 0, or -1 when no font could be
 * opened (out is then left empty: the widget shows nothing). */
int appear_content(double w, double h, const char *name, const char *note,
    struct buf *out);

#endif
