/*
 * output.h - writing the finished pack (stage 7): the PDF (rendered by
 * src/render, appendix pages drawn in by src/merge), the manifest JSON
 * and the text dump, and the only code that creates output files.
 *
 * Guarantees of output_write():
 *  - Nothing is written unless everything succeeded: each regular-file
 *    output is written to a temporary file in its target's folder
 *    (created before rendering, so a folder that cannot be written fails
 *    fast), fsynced, and renamed into place only when every output is
 *    ready; then the folder is fsynced.  On failure the targets are left
 *    as they were.
 *  - A symlink is followed: the link's final target is replaced and the
 *    link stays.  A target that exists and is not a regular file (a pipe,
 *    a terminal, a device, /dev/stdout or /proc/self/fd/N) is written in
 *    place.  A directory is refused (AP_EXIT_CANTCREAT).
 *  - An output that is the same file (device and inode, or the same
 *    resolved path) as an input or as another output is refused before
 *    anything is written, with AP_EXIT_USAGE: the command line is wrong.
 *  - Temporary names fit NAME_MAX (the target's name is shortened inside
 *    the temporary name when needed) and are removed on SIGINT, SIGTERM
 *    and SIGHUP (the handler unlinks them, then re-raises the signal),
 *    and at exit() (running out of memory exits from where it happens).
 *  - "-" means standard output; a PDF is not written to a terminal.
 */
#ifndef AP_OUTPUT_H
#define AP_OUTPUT_H

#include "../render/render.h"
#include "../merge/merge.h"

/* One item's line in the manifest. */
struct manifest_item {
	const char *number;
	const char *title;
	int first_page, last_page;         /* pages in the file; 0: none */
	const char *first_label, *last_label; /* the numbers printed on
	                                      them ("S1-2"), or NULL when
	                                      they are first_page, last_page */
	bool exempt;
	const char *parent;                /* a sub-item: its parent's
	                                      number; else NULL */
	bool to_follow;                    /* this pack prints "To follow" */
	const char **late;                 /* titles of its papers to follow */
	int *late_in;                      /* the supplement each is in */
	size_t nlate;                      /* 0: none (no key written) */
};

/* A finished document, as the pack hands it over. */
struct output_doc {
	struct render_doc rd;              /* the pages and their metadata */
	struct fontset *fs;                /* the fonts the pages use */
	const struct merge_place *places;  /* appendix pages to draw in */
	size_t nplaces;
	const struct manifest_item *items; /* every item, for the manifest */
	size_t nitems;
	int supplement;                    /* the supplement this is, or 0 */
	const char *const *inputs;         /* every file read: no output may
	                                      be one of them */
	size_t ninputs;
};

/* Where to write; NULL: that output is not wanted; "-": standard output. */
struct output_files {
	const char *pdf;
	const char *manifest;
	const char *dump;
};

/* Renders the PDF and draws the appendix pages in, into a heap buffer
 * (*pdf, *len; the caller frees).  Returns AP_EXIT_OK or the status the
 * failure recorded (also recorded with diag_status()). */
enum ap_exit output_pdf(const struct output_doc *d, unsigned char **pdf, size_t *len);

/* Writes the outputs f names (see the guarantees above).  Returns
 * AP_EXIT_OK, or a failure's status after reporting it (also recorded
 * with diag_status()). */
enum ap_exit output_write(const struct output_doc *d, const struct output_files *f);

/* Writes len bytes of data to path ("-": standard output, never a
 * terminal) with the same guarantees as output_write(): what names the
 * output in messages ("signed PDF"); no input may be the output.
 * Returns AP_EXIT_OK or the failure's status after reporting. */
enum ap_exit output_bytes(const char *what, const char *path, const void *data,
    size_t len, const char *const *inputs, size_t ninputs);

#endif
