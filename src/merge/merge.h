/*
 * merge.h - officers' PDF appendices (stage 6): the only module that
 * includes libqpdf.
 *
 * Two steps, either side of layout and rendering:
 *
 *  1. merge_probe() opens an appendix before layout and reports, for
 *     each selected page, the size it is displayed at (CropBox, else
 *     MediaBox, with /Rotate applied and attributes inherited from the
 *     page tree).  The pack then lays out one placeholder page of that
 *     size per appendix page, stamps it like any other page, and counts
 *     it in the item's range, the contents, the outline and the links.
 *
 *  2. merge_pages() takes the finished pack from libharu (in memory) and
 *     draws each appendix page onto its placeholder, underneath the
 *     stamps: the page becomes a form XObject (its content, resources,
 *     crop box as /BBox and rotation as /Matrix), copied into the pack
 *     under a private resource name and drawn where the PDF device left
 *     the placeholder's marker (MERGE_MARKER) in the page's content.
 *     Link annotations are rebuilt on the placeholder (rectangles
 *     transformed, http, https and mailto URIs kept, links within the
 *     appendix re-pointed at the placeholder pages); other annotations
 *     and links are left out with a warning.
 *
 *     In a tagged pack, a tagged appendix's page (a structure tree and
 *     /MarkInfo Marked true) brings its structure instead of the
 *     placeholder's Figure: its elements rebuilt under the appendix's
 *     Sect, their marked content referenced in the form (tags.c); a tree
 *     that cannot be used leaves the Figure, with a warning.
 *
 * Nothing else of an appendix comes in: the probe cleans what a page's
 * drawing reaches (no catalog, actions, JavaScript, embedded files,
 * annotations) and refuses a page whose streams inflate past
 * MERGE_MAX_INFLATED (256 MB), a /Rotate that is not a multiple of 90,
 * a page under 3 pt or over 14400 pt; a FIFO or device is refused
 * unopened.  The pack's PDF version is its own, raised only to an
 * appendix's 1.5 to 1.7.
 *
 * Every libqpdf failure becomes a diagnostic at the paper's position:
 * "meeting.yaml:12:9: error: appendix-a.pdf: <qpdf's message>".
 */
#ifndef AP_MERGE_H
#define AP_MERGE_H

#include "../model/model.h"
#include "../render/render.h"          /* MERGE_MARKER */

struct merge_file;                     /* opaque: an open appendix */

struct merge_appendix {
	const struct paper *paper;         /* the paper that names it */
	const char *name;                  /* the path as the meeting wrote it */
	int file_pages;                    /* pages in the file */
	int first, last;                   /* the selection, 1-based */
	int *w, *h;                        /* per selected page: displayed
	                                      size, mpt (arena) */
	bool tagged;                       /* the file has a structure tree
	                                      and /MarkInfo Marked true */
	struct merge_file *f;              /* NULL once closed */
};

struct merge_opts {
	bool pdfa;                         /* refuse what breaks PDF/A-1b */
	int max_pages;                     /* refuse a selection over this */
};

/* Opens p's PDF and fills *ap.  Returns 0, or 65 (a broken, encrypted or
 * unsuitable file, a selection outside it) or 66 (unreadable) after
 * reporting at p->pos.  The file stays open for merge_pages() until
 * merge_close(). */
int merge_probe(struct arena *a, const struct paper *p, const struct merge_opts *o,
    struct merge_appendix *ap);
void merge_close(struct merge_appendix *ap);

/* merge_probe() of the file's bytes data[0..len) (copied) instead of
 * p->path: the fuzz target's door. */
int merge_probe_memory(struct arena *a, const struct paper *p,
    const struct merge_opts *o, const char *data, size_t len,
    struct merge_appendix *ap);

/* Pack page `page` (0-based) is a placeholder for page `pageno`
 * (1-based, in the file) of ap. */
struct merge_place {
	size_t page;
	struct merge_appendix *ap;
	int pageno;
	double scale;                      /* the appendix page drawn at this
	                                      scale (0: 1, full size) ... */
	double dx, dy;                     /* ... then moved by this, pt from
	                                      the page's bottom-left corner */
};

/* Draws the placements onto the pack pdf[0..len) and returns the result
 * in *out, *outlen (heap; the caller frees).  The output is
 * deterministic: the pack's /ID[0] is kept, /ID[1] is a digest of the
 * content.  pdfa keeps the pack's PDF version (1.4) and writes no object
 * streams.  Returns 0, or 65/70 after reporting. */
int merge_pages(const unsigned char *pdf, size_t len, const struct merge_place *pl,
    size_t n, bool pdfa, unsigned char **out, size_t *outlen);

#endif
