/*
 * load.h - YAML files into the document model (stage 1 of the pipeline).
 *
 * The loader reads a file with libyaml into a tree of nodes that keep
 * their positions, then maps that tree onto the model (model.h),
 * reporting every problem it finds as "FILE:LINE:COL: error: MESSAGE"
 * through diag().  It never sees libharu or FreeType.
 *
 * Each function returns the loaded object (in the arena) or NULL when
 * the file could not be loaded at all; callers check diag_count(DIAG_ERROR)
 * to learn whether anything was wrong.  *status receives the exit status
 * class the failure belongs to: 0, 65 (invalid input) or 66 (a file
 * missing or unreadable).
 */
#ifndef AP_LOAD_H
#define AP_LOAD_H

#include "../model/model.h"

/* What a top-level file turned out to be. */
enum doc_kind {
	DOC_MEETING,                       /* a meeting: build a pack */
	DOC_MINUTES,                       /* a minutes paper: standalone */
	DOC_LETTER,                        /* a letter (m->letter) */
};

/* Loads a meeting file, or a minutes paper file (then m->standalone is
 * set and m->items is empty), with every paper file it names.
 * *kind tells which. */
struct meeting *load_document(struct arena *a, const char *path,
    enum doc_kind *kind, int *status);

/* Loads a meeting or minutes file held in data[0..len) (need not end in
 * NUL); path names it in messages and is where its relative paths start.
 * For fuzz targets and tests: the same checks as load_document. */
struct meeting *load_document_from_memory(struct arena *a, const char *path,
    const char *data, size_t len, enum doc_kind *kind, int *status);

/* Makes every later load of the file named exactly path (a paper a
 * meeting names, after joining it to the meeting's folder) parse
 * data[0..len) instead of reading the disk; path NULL ends that.  The
 * data must outlive the loads.  A seam for the paper fuzz target. */
void load_set_memory_file(const char *path, const char *data, size_t len);

/* The style file --layout NAME names: NAME itself when it holds a '/'
 * or ends in .yaml, else NAME.yaml from the first folder that has it:
 * layouts/ beside the meeting file (meeting: its path, or NULL), those
 * of $AGENDAPACK_LAYOUT_PATH, $XDG_CONFIG_HOME/agendapack/layouts, the
 * installed styles (load-find.c).  NULL after reporting every place
 * looked (and the nearest name found there). */
const char *load_find_style(struct arena *a, const char *name,
    const char *meeting);

/* The style a meeting names ('layout: NAME' at p): a file relative to
 * the meeting's folder when NAME holds a '/' or ends in .yaml, else
 * searched as load_find_style does.  NULL after an error at p. */
const char *load_find_meeting_style(struct arena *a, const char *name,
    const char *meeting, struct pos p);

/* The style a build of in (meeting m, or NULL) uses: name (--layout,
 * which wins) when not NULL, else the meeting's 'layout:', else
 * "default".  NULL after reporting. */
const char *load_choose_style(struct arena *a, const char *name,
    const struct meeting *m, const char *in);

/* The style's fixed phrase k in language lang (BCP 47; "cy-GB" takes
 * "cy"'s), else en-GB's; never NULL (load-text.c). */
const char *style_text(const struct style *l, const char *lang,
    enum text_key k);

/* The name in names (NULL-terminated) nearest to s, or NULL when none
 * is close (distance at most 3, and at most half the longer name): the
 * did-you-mean of unknown keys, missing files and names (validate). */
const char *load_nearest(const char *s, const char *const *names);

/* Loads a layout file, and the styles it extends ('extends: NAME'). */
struct style *load_style(struct arena *a, const char *path, int *status);

/* Loads a layout from a string (the built-in default); name is the
 * file name used in messages. */
struct style *load_style_string(struct arena *a, const char *name,
    const char *text, size_t len, int *status);

/* Parses inline markup (docs/format.md, "Inline text") into spans;
 * p is the position of the text's first character. */
struct inlines inline_parse(struct arena *a, const char *text, struct pos p);

#endif
