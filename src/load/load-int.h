/*
 * load-int.h - what the loader's files share (private to src/load/).
 *
 * The loader is four files along its sections:
 *
 *   load-schema.c   key checks and did-you-mean, scalar values (text,
 *                   booleans, numbers, choices, dates, times), reading
 *                   and parsing a file into a tree
 *   load-blocks.c   blocks (paragraphs, headings, lists, tables, ...),
 *                   one table of block kinds
 *   load-meeting.c  meeting, item, paper and report files; the
 *                   load_document entry points
 *   load-minutes.c  minutes files: attendance, minutes with their
 *                   declarations, votes, resolutions and exempt parts
 *   load-style.c    style (layout) files; load_style
 *
 * Every helper reports what is wrong at the node's position through
 * diag() and returns a default, so loading goes on and one run lists
 * every problem.  Nothing here is seen outside src/load/.
 */
#ifndef AP_LOAD_INT_H
#define AP_LOAD_INT_H

#include "load.h"
#include "yamltree.h"

#define LOAD_MAX_FILE (16u << 20)      /* bytes in one YAML file */
#define LOAD_MAX_ITEMS 50000           /* items in a meeting, minutes in a file */
#define LOAD_MAX_ROWS 100000           /* rows in one table */
#define LOAD_MAX_COLS 100              /* columns in one table */

/* The state of loading one file. */
struct loader {
	struct arena *a;                   /* where everything loaded lives */
	const char *file;                  /* the file, as named in messages */
	const char *dir;                   /* its folder, for relative paths */
};

/* A NULL-terminated list of the keys a mapping may hold. */
typedef const char *const keylist[];

/* ---- load-schema.c: names and keys ---- */

/* Edit distance between a and b (each cut to 64 bytes): Levenshtein,
 * counting a swap of two neighbours as one edit ("titel", "title"). */
int load_distance(const char *a, const char *b);

/* True when name is in names (NULL-terminated). */
bool load_known(const char *name, const char *const *names);

/* Reports "unknown key" at key, with the nearest of known. */
void load_unknown(const struct ynode *key, const char *const *known);

/* True when map is one key and a text value on the key's line, written
 * as a block mapping, the key no near miss of known: a line of prose
 * YAML read as "key: value" because of its ": " ("- Condition 2: ..."). */
bool load_reads_as_key(const struct ynode *map, const char *const *known);

/* Reports every key of map not in known ("this line reads as a key;
 * quote it" for a map load_reads_as_key takes for prose). */
void load_keys(const struct ynode *map, const char *const *known);
/* A date or time form (preset name or pattern, date.h) of n; dflt when
 * absent, reported when wrong. */
/* Whether n is a mapping of language tags to text or blocks
 * ({cy: ..., en-GB: ...}): content in several languages. */
bool load_is_lang_map(const struct ynode *n);

/* n itself, or for a language mapping a scalar holding its texts joined
 * with " / " in the order written (an item title in two languages). */
const struct ynode *load_langs_scalar(struct loader *ld,
    const struct ynode *n);

/* load-text.c: the built-in en-GB and cy phrases into l; a style's
 * 'text:' mapping n over them. */
void load_style_text_defaults(struct arena *a, struct style *l);
void load_style_text(struct loader *ld, const struct ynode *n,
    struct style *l);

const char *load_date_form(const struct ynode *n, const char *key,
    bool is_time, const char *dflt);
/* A struct date_ref for use in the arena, or NULL (reported) when n is
 * not a date.  n is YYYY-MM-DD or {date: YYYY-MM-DD, form: FORM}. */
struct date_ref *load_date_ref(struct loader *ld, const struct ynode *n,
    const char *key, enum date_use use);

/* "a mapping", "a list" or "text", for "must be X, not Y" messages. */
const char *load_what(const struct ynode *n);

/* The value of key in map; reports a missing required key at the map. */
struct ynode *load_req(const struct ynode *map, const char *key);

/* True when n is a mapping; else reports "WHAT must be a mapping". */
bool load_is_map(const struct ynode *n, const char *what);

/* True when n is a list; a null value is an empty list (false, quiet);
 * anything else is reported as "'KEY' must be a list". */
bool load_is_seq(const struct ynode *n, const char *key);

/* ---- load-schema.c: scalar values ---- */

/* The text of n, or NULL when n is absent or null; a list or mapping is
 * reported. */
const char *load_text(const struct ynode *n, const char *key);

/* Like load_text for a required key of map: reports absent or empty
 * values and gives "" for them. */
const char *load_req_text(const struct ynode *map, const char *key);

/* The inline text (inline.c) of scalar n, each span at the place its
 * first character was written (after an opening quote, on a block
 * scalar's first line, escapes before it counted).  Text without markup
 * is n's own text, not a copy: n->text must live as long as a (it is in
 * the texts arena of yamltree_parse_split). */
struct inlines inline_parse_node(struct arena *a, const struct ynode *n);

/* The inline text (inline.c) of n; none when absent. */
struct inlines load_inline(struct loader *ld, const struct ynode *n,
    const char *key);

/* A boolean value of n, or dflt when absent or wrong. */
bool load_bool(const struct ynode *n, const char *key, bool dflt);

/* A whole number from min to max, or dflt when absent or wrong. */
long load_int(const struct ynode *n, const char *key, long min, long max,
    long dflt);

/* Parses a decimal number with nothing after it into *out; false when s
 * is not one. */
bool load_parse_number(const char *s, double *out);

/* A number from min to max, or dflt when absent or wrong. */
double load_number(const struct ynode *n, const char *key, double min,
    double max, double dflt);

/* One of names (returns its index), or dflt when absent or wrong. */
int load_choice(const struct ynode *n, const char *key,
    const char *const *names, int dflt);

/* A date "YYYY-MM-DD" of n into *y, *mo, *d; false when n is absent, or
 * (reported) not a real date. */
bool load_date(const struct ynode *n, const char *key, int *y, int *mo,
    int *d);

/* A time "HH:MM" (or "H:MM") of n; -1, -1 when absent or wrong. */
void load_time(const struct ynode *n, const char *key, int *h, int *m);

/* ---- load-schema.c: files ---- */

/* Reads and parses the file path: *root is the tree (NULL if empty),
 * its nodes in a and its scalars' texts in texts (yamltree_parse_split:
 * a may be freed once the tree is mapped, texts is where the model
 * lives).  Returns 0 when parsed, an errno when the file cannot be
 * read, -1 after a YAML error was reported. */
int load_tree(struct arena *a, struct arena *texts, const char *path,
    struct ynode **root);

/* Reports a document that is empty or not a mapping (expected says
 * what it should be); false then. */
bool load_root_ok(const char *file, const struct ynode *root,
    const char *expected);

/* Reports at p why the file path (what: "paper file", ...) could not
 * be read: e is an errno. */
void load_read_error(struct pos p, const char *what, const char *path, int e);

/* True when path is the file load_set_memory_file() stands in for. */
bool load_in_memory(const char *path);

/* The file in path's folder whose name is nearest path's own (as
 * load_nearest measures), written as the user would write it (written:
 * the name they gave, whose folder part is kept), or NULL. */
const char *load_suggest_file(struct arena *a, const char *path,
    const char *written);

/* Reports at p that the file path (what: "image", ...) does not exist,
 * with a did-you-mean from its folder when one is near. */
void load_missing_file(struct arena *a, struct pos p, const char *what,
    const char *path, const char *written);

/* What a path in a meeting or paper should name. */
enum load_want {
	LOAD_WANT_PAPER,                   /* a YAML paper file */
	LOAD_WANT_PDF,                     /* a PDF appendix */
	LOAD_WANT_IMAGE,                   /* a PNG or JPEG picture */
};

/* Sniffs the file path (written: as the user gave it) for what it
 * should be: reports at p a missing file (with a did-you-mean) or one
 * of another known kind ("this is a PDF; write `- pdf: x.pdf`", "this
 * is a Word document; export it to PDF") and returns true; false when
 * it may be what is wanted (later stages check further). */
bool load_wrong_kind(struct arena *a, const char *path, struct pos p,
    const char *written, enum load_want want);

/* ---- load-meeting.c ---- */

/* A number and where it came from, to find duplicates. */
struct numbered {
	const char *number;
	struct pos pos;
	size_t index;                      /* order in the list */
};

/* The list of persons under key in map ({name, role} or a name each);
 * *count receives how many. */
struct person *load_persons(struct loader *ld, const struct ynode *map,
    const char *key, size_t *count);

/* Reports each number that repeats an earlier one (what: "item"),
 * at the repeat, naming the first's line; v ends sorted by number. */
void load_check_numbers(struct numbered *v, size_t n, const char *what);

/* ---- load-minutes.c ---- */

/* The minutes in a paper file's root mapping (a new struct minutes);
 * *lang receives its language. */
struct minutes *load_minutes(struct loader *ld, const struct ynode *root,
    const char **lang);

/* 'exempt' (n, or NULL): true, false or a paragraph of Schedule 12A
 * (EXEMPT_PARA_OK) into *exempt and *para (0: none given). */
void load_exempt(const struct ynode *n, bool *exempt, int *para);

/* Loads the paper file the scalar pathn names (relative to ld's folder)
 * into p; what is wrong is reported at pathn or in the file. */
void load_paper_path(struct loader *ld, const struct ynode *pathn,
    struct paper *p);

/* ---- load-letter.c ---- */

/* Fills p (PAPER_LETTER, p->letter) from a letter file's root mapping. */
void load_letter(struct loader *ld, const struct ynode *root, struct paper *p);

/* ---- load-find.c ---- */

/* load_find_style with first_dir searched first (may be NULL); with p a
 * position (line > 0), a NAME that is a relative file is taken from
 * first_dir and a failure is reported at p ('extends'). */
const char *load_find_style_in(struct arena *a, const char *name,
    const char *first_dir, struct pos p);

/* ---- load-blocks.c ---- */

/* The blocks of n: a list of blocks, one text (a paragraph) or one block
 * mapping.  An absent or null n gives none. */
struct blocks load_blocks(struct loader *ld, const struct ynode *n);

/* The sequence v (under key, in mapping n) as an 'agreed' block makes
 * it: the lead-in the style words (text.agreed) kept with a numbered
 * list (unnumbered when there is one item); none when v is empty. */
struct blocks load_agreed(struct loader *ld, const struct ynode *n,
    const struct ynode *v, const char *key);

#endif
