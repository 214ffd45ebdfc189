/*
 * yamltree.h - a YAML document as a tree of nodes that keep their
 * positions (the loader's private view of libyaml).
 *
 * yamltree is the only module that talks to libyaml.  It turns the event
 * stream into maps, sequences and scalars, each with its file, 1-based
 * line and column, and for scalars the tag and whether it was written
 * plain (unquoted).  Aliases are expanded by reference: an alias node is
 * the anchored node itself, so the tree is a DAG, never a cycle.  Its
 * guarantees, each reported as FILE:LINE:COL: error: MESSAGE:
 *
 *   - the text is valid UTF-8 (checked before libyaml, for an exact spot);
 *   - the document, expanded as if every alias were copied, holds at most
 *     YAMLTREE_MAX_NODES nodes ("billion laughs" stops early);
 *   - an alias never names a node that is still open (a cycle);
 *   - collections nest at most YAMLTREE_MAX_DEPTH deep;
 *   - no scalar is longer than YAMLTREE_MAX_TEXT bytes;
 *   - mapping keys are scalars and no key appears twice in one mapping
 *     (a duplicate is reported and dropped, and the tree is still given);
 *   - there is at most one document.
 *
 * It also names the traps YAML sets for people writing prose (docs/format.md,
 * "YAML traps"): a plain value starting with * & ! % @ or a backtick
 * ("quote text that starts with '*'"), a tab in indentation, a quote
 * left open (reported where it opens), and, as a warning, a ' #' that
 * turns the rest of a text line into a comment.
 */
#ifndef AP_YAMLTREE_H
#define AP_YAMLTREE_H

#include "../util/util.h"

#define YAMLTREE_MAX_NODES 1000000     /* expanded nodes per document */
#define YAMLTREE_MAX_DEPTH 64          /* nested collections */
#define YAMLTREE_MAX_TEXT (1u << 20)   /* bytes in one scalar (1 MB) */

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

struct ynode;

/* From byte off of a scalar's text on, characters count from pos (one
 * column each; a newline goes to the next line). */
struct yseg {
	size_t off;                        /* byte offset in the text */
	struct pos pos;                    /* where that byte was written */
};

/* One key and its value in a mapping. */
struct ypair {
	struct ynode *key;                 /* always a scalar */
	struct ynode *val;
};

struct ynode {
	enum ynode_kind kind;
	struct pos pos;                    /* where the node starts */
	const char *tag;                   /* explicit tag, or NULL */
	/* YNODE_SCALAR */
	const char *text;                  /* NUL-terminated, may hold NULs */
	size_t len;                        /* bytes in text */
	bool plain;                        /* written without quotes or | > */
	struct pos tpos;                   /* where the text's first character
	                                      is written: after an opening quote,
	                                      on a block scalar's first line */
	const struct yseg *segs;           /* where escapes ("\u00e9", '') make
	                                      the written text longer; NULL if
	                                      none: the text runs on from tpos */
	size_t nsegs;
	bool flow;                         /* a collection written in [ ] or { } */
	/* YNODE_SEQ */
	struct ynode **items;
	size_t nitems;
	/* YNODE_MAP, in document order */
	struct ypair *pairs;
	size_t npairs;
	/* bookkeeping while parsing */
	uint64_t size;                     /* nodes when fully expanded */
	bool open;                         /* a collection not yet ended */
};

/* Parses one YAML document held in data[0..len) into the arena.  file is
 * the name used in messages.  Returns 0 and sets *root (NULL when the
 * stream holds no document, e.g. only comments), or -1 after reporting
 * an error through diag() that left no usable tree.  Errors that leave
 * a usable tree (duplicate keys) are reported and 0 is returned; callers
 * compare diag_count(DIAG_ERROR) to see them. */
int yamltree_parse(struct arena *a, const char *file, const char *data,
    size_t len, struct ynode **root);

/* Like yamltree_parse, with the scalars' texts in texts and everything
 * else (nodes, their lists, tags, anchors) in a: freeing a once the
 * tree has been read leaves the texts valid, and every position's file
 * is file itself (the caller's string), so a model built from the tree
 * may keep texts and positions but no node. */
int yamltree_parse_split(struct arena *a, struct arena *texts,
    const char *file, const char *data, size_t len, struct ynode **root);

/* The value of key in map, or NULL (map may be a non-map: NULL). */
struct ynode *yamltree_get(const struct ynode *map, const char *key);

/* The pair holding key in map, or NULL. */
const struct ypair *yamltree_pair(const struct ynode *map, const char *key);

/* True for a plain scalar that YAML reads as null: empty, ~ or null. */
bool yamltree_is_null(const struct ynode *n);

/* Where the character at byte off of scalar n's text was written (its
 * escapes and opening quote counted); after a line break in the text,
 * a best guess on the following line. */
struct pos yamltree_text_pos(const struct ynode *n, size_t off);

/* The 1-based line and column of byte offset off in data. */
struct pos yamltree_offset_pos(const char *file, const char *data,
    size_t off);

#endif
