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
 * trailer whose /Prev is libharu's.  Outside PDF/A its objects go in
 * compressed object streams (PDF 1.5): a fifth of the bytes.
 */
#ifndef AP_PDFPURE_H
#define AP_PDFPURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"
#include "pdffix.h"
#include "pdfzip.h"

/* Appends utf8 as a PDF text string: (literal) when it is printable
 * ASCII, else <FEFF...> UTF-16BE. */
void pdfpure_text_string(struct buf *b, const char *utf8);

/* Appends the XMP packet for m; -1 when its date is outside the years 0
 * to 9999. */
int pdfpure_xmp(struct buf *b, const struct pdffix_meta *m);

/* How an update's objects are written.  PDFPURE_PLAIN is PDF 1.4 (what
 * PDF/A-1 allows): each object as "N 0 obj ... endobj", listed in a
 * cross-reference table.  PDFPURE_PACKED is PDF 1.5 (ISO 32000-1 7.5.7,
 * 7.5.8): the objects go, up to PDFPURE_PACK_OBJS at a time, into
 * Flate-compressed object streams listed in a compressed cross-reference
 * stream; the update's own cross-reference table lists that stream alone
 * and its trailer names it (/XRefStm: a hybrid-reference update section,
 * 7.5.8.4), so the chain of sections stays classic tables (the one
 * libharu wrote before it, and any update appended after it, such as a
 * signature's).  The file's header is raised to %PDF-1.5.  Only objects
 * that are not streams may be written packed (all the update has). */
enum pdfpure_form { PDFPURE_PLAIN, PDFPURE_PACKED };

/* The most objects an object stream holds (qpdf puts 100). */
#define PDFPURE_PACK_OBJS 200

/* An incremental update being written. */
struct pdfpure_update {
	struct buf b;                      /* the file, growing */
	size_t base;                       /* the file's length */
	size_t prev;                       /* the file's last xref offset */
	uint32_t size;                     /* the file's /Size: the first
	                                      free object number */
	uint32_t next;                     /* the next new object number */
	enum pdfpure_form form;
	struct vec offs;                   /* objects in the open, listed in
	                                      the table: struct xref_ent */
	struct buf trailer;                /* the file's trailer entries but
	                                      /Size and /Prev */
	/* PDFPURE_PACKED */
	struct vec packed;                 /* objects in object streams */
	struct vec streams;                /* the object streams (in the open,
	                                      listed in the xref stream) */
	struct buf head, body;             /* the object stream being filled:
	                                      "num offset" pairs; the objects */
	size_t npend;                      /* objects in it */
	struct pdfzip_coder *z;            /* the compressor, NULL until used */
	struct buf zout;                   /* the last compressed bytes */
	int err;                           /* a compression failed */
};

/* Starts an update of the file pdf (len bytes, malloc'd, as libharu
 * writes them: one xref table, then the trailer), written in the given
 * form.  Returns 0, the update then owning pdf (it grows in place;
 * pdfpure_update_end gives it back), or -1 when the file's end cannot be
 * read (pdf is still the caller's). */
int pdfpure_update_begin(struct pdfpure_update *u, unsigned char *pdf, size_t len,
    enum pdfpure_form form);
/* A new object number (numbers are handed out in order from the file's
 * /Size; the update numbers its object streams from the same count). */
uint32_t pdfpure_obj_new(struct pdfpure_update *u);
/* Starts object num, a new one or one of the file's to replace: returns
 * the buffer its value (a dictionary, an array...: not a stream) is to be
 * appended to, until pdfpure_obj_end. */
struct buf *pdfpure_obj_begin(struct pdfpure_update *u, uint32_t num);
void pdfpure_obj_end(struct pdfpure_update *u);
/* Appends the last object stream, the cross-reference section(s) and
 * the trailer, gives the file back (*pdf, *len: its new address and
 * length) and frees u.  Returns 0, or -1 when compression failed
 * (pdfzip_compress; running out of memory ends the program): *pdf is
 * then NULL and the file freed. */
int pdfpure_update_end(struct pdfpure_update *u, unsigned char **pdf, size_t *len);
/* Frees u without writing (and the file, if u owns it). */
void pdfpure_update_free(struct pdfpure_update *u);

#endif
