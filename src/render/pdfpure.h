/*
 * pdfpure.h - PDF bytes written without libharu (internal to
 * src/render): text strings, the XMP packet, and an incremental update
 * appended to the file libharu saved.
 *
 * The structure tree of a tagged pack is most of its objects; libharu
 * would hold each element as a dictionary (each entry with a 128-byte key
 * buffer) until it saves.  tags.c instead keeps compact records and
 * writes the tree here, after libharu's file, as an incremental update
 * (ISO 32000-1 7.5.6, allowed by PDF/A-1b): new objects, a new version
 * of any object replaced, a cross-reference section for them and a
 * trailer whose /Prev is libharu's.
 */
#ifndef AP_PDFPURE_H
#define AP_PDFPURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"
#include "pdffix.h"

/* Appends utf8 as a PDF text string: (literal) when it is printable
 * ASCII, else <FEFF...> UTF-16BE. */
void pdfpure_text_string(struct buf *b, const char *utf8);

/* Appends the XMP packet for m; -1 when its date is outside the years 0
 * to 9999. */
int pdfpure_xmp(struct buf *b, const struct pdffix_meta *m);

/* An incremental update being written. */
struct pdfpure_update {
	struct buf b;                      /* the file, growing */
	size_t base;                       /* the file's length */
	size_t prev;                       /* the file's last xref offset */
	uint32_t size;                     /* the file's /Size: the first
	                                      free object number */
	struct vec offs;                   /* struct { uint32 num; size_t off } */
	struct buf trailer;                /* the file's trailer entries but
	                                      /Size and /Prev */
};

/* Starts an update of the file pdf (len bytes, malloc'd, as libharu
 * writes them: one xref table, then the trailer).  Returns 0, the update
 * then owning pdf (it grows in place; pdfpure_update_end gives it back),
 * or -1 when the file's end cannot be read (pdf is still the caller's). */
int pdfpure_update_begin(struct pdfpure_update *u, unsigned char *pdf, size_t len);
/* Starts object num ("num 0 obj\n"); end it with pdfpure_obj_end. */
void pdfpure_obj_begin(struct pdfpure_update *u, uint32_t num);
void pdfpure_obj_end(struct pdfpure_update *u);
/* Appends the cross-reference section and trailer, gives the file back
 * (*pdf, *len: its new address and length) and frees u. */
void pdfpure_update_end(struct pdfpure_update *u, unsigned char **pdf, size_t *len);
/* Frees u without writing (and the file, if u owns it). */
void pdfpure_update_free(struct pdfpure_update *u);

#endif
