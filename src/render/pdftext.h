/*
 * pdftext.h - a text run's operators, written by the PDF device itself
 * rather than by libharu's HPDF_Page_TextOut (internal to src/render).
 *
 * For each run TextOut converted the UTF-8 through libharu's encoder
 * twice (once to write it, once to measure it so as to move its own
 * text position), formatted two floats and cleared buffers: a quarter of
 * a pack's instructions.  Layout already knows where each run goes, in
 * integer mpt, so the device writes what libharu would ("dx dy Td",
 * then the run as 2-byte codes, "<0045...> Tj"), with the offsets exact
 * decimals from the line origin the text object has reached, not
 * floats.  The codes are those of libharu's UTF-8 encoder with a
 * TrueType font (Identity-H): each BMP character's own value, a
 * character past the BMP as U+0020, invalid bytes skipped (as
 * pdffix_codes_add counts them).
 *
 * What libharu learnt from measuring, which glyphs the embedded subset
 * needs, the caller gives it before saving: pdffix_mark_glyphs.
 */
#ifndef AP_RENDER_PDFTEXT_H
#define AP_RENDER_PDFTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "pdffix.h"

/* The text object's state as far as these operators go.  Zero it
 * (= {0}) before first use. */
struct pdftext {
	int x, y;                          /* the text line's origin since BT,
	                                      mpt, PDF space (y up) */
	char *buf;                         /* the operators of the last run */
	size_t cap;                        /* bytes allocated at buf */
};

/* At BT: the text line matrix is the identity again. */
void pdftext_begin(struct pdftext *t);

/* The operators that show the len bytes of UTF-8 at s with the text
 * line's origin at (x, y) (mpt, PDF space): "dx dy Td\n<hex> Tj\n", or
 * just the Td when show is false (libharu writes no Tj for a run of no
 * width).  Adds each code written to *codes.  They are left in t->buf
 * (NUL-terminated, valid until the next call); returns their length. */
size_t pdftext_run(struct pdftext *t, int x, int y, const char *s, size_t len,
    bool show, struct pdffix_codes *codes);

/* Appends a length in mpt as PDF's shortest exact decimal in pt
 * ("12.5", "-0.25", "3"); returns the end (at most 12 bytes written). */
char *pdftext_pt(char *out, int mpt);

/* Frees t's buffer. */
void pdftext_free(struct pdftext *t);

#endif
