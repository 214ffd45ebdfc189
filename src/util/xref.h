/*
 * xref.h - PDF cross-reference sections (ISO 32000-1 7.5.4 and 7.5.8),
 * for the program's two writers of incremental updates: the structure
 * tree's (src/render/pdfpure.c) and the signature's (src/sign/incr.c).
 *
 * Both list their new objects either as a classic table ("xref", then
 * subsections of 20-byte rows) or as the rows of a cross-reference
 * stream (binary fields, big-endian, as wide as the largest value
 * needs).  The subsections (runs of consecutive object numbers), the
 * rows and the field widths are written here once; the callers write
 * the trailer or the stream's dictionary, which differ.
 */
#ifndef AP_UTIL_XREF_H
#define AP_UTIL_XREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* One object's entry.  Type 1: in the open, f2 its byte offset, f3 its
 * generation.  Type 2: in an object stream, f2 that stream's object
 * number, f3 its index there. */
struct xref_ent {
	uint32_t num;
	uint32_t f3;
	size_t f2;
	uint8_t type;
};

/* Sorts e[0..n) by object number, fastest when they come almost in
 * order (each one out of place is moved to its place). */
void xref_sort(struct xref_ent *e, size_t n);

/* Appends a classic cross-reference table of the type-1 entries e[0..n)
 * (sorted, numbers distinct) to out: "xref\n", then per run of
 * consecutive numbers "first count\n" and its rows ("0000012345 00000 n"
 * and CR LF).  Returns the highest number plus one (0 when n is 0). */
uint32_t xref_table(struct buf *out, const struct xref_ent *e, size_t n);

/* Appends the rows of a cross-reference stream for e[0..n) (sorted) to
 * rows, each "type f2 f3" in 1, *w2 and *w3 bytes, each preceded by the
 * PNG filter byte 2 (Up) and predicted when predict (the stream then
 * says /DecodeParms <</Columns 1+*w2+*w3 /Predictor 12>>); and the
 * /Index array's numbers ("first count first count") to index. */
void xref_stream_rows(const struct xref_ent *e, size_t n, bool predict, struct buf *rows,
    struct buf *index, int *w2, int *w3);

#endif
