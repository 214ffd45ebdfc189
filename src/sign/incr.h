/*
 * incr.h - the incremental update that carries a signature: the original
 * PDF's bytes stay as they are and a new section is appended with the
 * signature dictionary (a reserved /Contents and a /ByteRange), the
 * signature field merged with its widget, the widget's appearance, the
 * /AcroForm, and, for a tagged file, a /Form structure element with an
 * OBJR to the widget and the parent-tree entry; then the changed objects
 * (catalog, page, structure element, parent tree), and a
 * cross-reference section with /Prev of the form of the file's last one:
 * a classic table and trailer, or a cross-reference stream.
 *
 * libqpdf reads the original (read-only: it finds the catalog, the page,
 * the structure tree); every byte appended is written here, since none of
 * our libraries writes incremental updates.  Changed objects are
 * re-serialised from qpdf's view of them with our keys added.
 *
 * Every function that can fail reports it ("agendapack: error: ...") and
 * returns a status from enum ap_exit.
 */
#ifndef AP_SIGN_INCR_H
#define AP_SIGN_INCR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../util/util.h"

/* The named destination agendapack's minutes give the signature line:
 * a /FitR box over the line (see render/pdf.c). */
#define INCR_SIGN_DEST "agendapack-signature"

struct incr_doc;                       /* opaque: the original, read */

/* Reads the PDF in pdf (len bytes; kept, not copied: it must outlive the
 * doc) named name for messages.  Refuses (AP_EXIT_DATAERR) a file that
 * is not a PDF, was not made by agendapack (/Producer or /Creator), is
 * signed already, whose startxref leads to neither a cross-reference
 * table nor a cross-reference stream, or (visible unless
 * invisible) has no signature line. */
int incr_open(const char *name, const unsigned char *pdf, size_t len, bool invisible,
    struct incr_doc **out);
void incr_close(struct incr_doc *d);

/* The widget's size in pt (0 x 0 when invisible). */
void incr_widget_size(const struct incr_doc *d, double *w, double *h);

/* A text entry of the document information dictionary as UTF-8 (key
 * without the slash), or NULL; valid until the next call. */
const char *incr_info(struct incr_doc *d, const char *key);

/* What the update says about the signature. */
struct incr_sig {
	const char *name;                  /* signer, UTF-8 */
	const char *reason;                /* UTF-8 or NULL */
	const char *location;              /* UTF-8 or NULL */
	time_t when;                       /* claimed signing time (/M) */
	size_t cms_max;                    /* bytes reserved for the CMS */
	const char *appearance;            /* content stream of the widget */
	size_t appearance_len;             /* its bytes */
};

/* Writes the whole signed file but for the CMS into out: the original,
 * then the update with /Contents all zeros.  range is the /ByteRange
 * written (the file but the <...> of /Contents) and *contents the offset
 * of the first hex digit inside the brackets (2 * cms_max digits). */
int incr_write(struct incr_doc *d, const struct incr_sig *s, struct buf *out,
    size_t range[4], size_t *contents);

#endif
