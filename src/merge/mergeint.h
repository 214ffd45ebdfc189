/*
 * mergeint.h - what the files of the merge stage share (private to
 * src/merge): the open appendix, geometry, qpdf error reporting, the
 * PDF/A-1b check and the cleaning walk.
 *
 *   probe.c  opens an appendix and measures its pages (merge_probe)
 *   clean.c  strips what a page does not need and bounds its inflated
 *            size (before anything is copied)
 *   pdfa.c   what on a page would break PDF/A-1b
 *   merge.c  draws the pages into the pack (merge_pages)
 *   tags.c   carries a tagged appendix's structure into the pack
 */
#ifndef AP_MERGEINT_H
#define AP_MERGEINT_H

#include <qpdf/qpdf-c.h>

#include "merge.h"

/* Inflated content one appendix page may carry (its content streams and
 * every stream its resources reach), bytes: docs/limits.md. */
#define MERGE_MAX_INFLATED ((long long)256 << 20)

/* A set of object ids (open addressing, 0 = empty). */
struct idset {
	int *v;
	size_t n, cap;                     /* ids held, slots */
};

/* Adds id; returns true if it was there already (ids <= 0: never). */
bool idset_add(struct idset *s, int id);
void idset_clear(struct idset *s);

struct merge_file {
	qpdf_data q;
	struct idset seen;                 /* objects walked (pdfa check) */
	int dropped;                       /* annotations left out so far */
	bool tags_warned;                  /* its structure tree was refused */
	bool refused;                      /* --pdfa refused the whole file
	                                      (encrypted); its pages are still
	                                      checked, so one run says all */
	char *data;                        /* the file's bytes when read from
	                                      memory (qpdf reads them lazily) */
};

/* Reports qpdf's pending error (if any) at ap's paper, after "doing";
 * returns true when there was one. */
bool merge_failed(qpdf_data q, const struct merge_appendix *ap, const char *doing);

/* The keys of dictionary d, copied (heap strings, into keys, a vec of
 * char *: free with merge_keys_free): qpdf's key iterator is one per
 * qpdf_data, so a walk that nests must collect the keys first. */
void merge_dict_keys(qpdf_data q, qpdf_oh d, struct vec *keys);
void merge_keys_free(struct vec *keys);

double merge_num(qpdf_data q, qpdf_oh oh, double dflt);
bool merge_name_is(qpdf_data q, qpdf_oh oh, const char *name);

/* Reads a rectangle array into r (x0 y0 x1 y1, normalised). */
bool merge_get_rect(qpdf_data q, qpdf_oh arr, double r[4]);

/* The geometry of page pg: its crop box, rotation, the matrix taking
 * page space to upright displayed space at the origin, and the
 * displayed size in pt.  Returns NULL, or what is wrong with the page
 * ("has no usable MediaBox", ...; arena text). */
const char *merge_page_geom(struct arena *a, qpdf_data q, qpdf_oh pg, double box[4],
    int *rot, double m[6], double *w, double *h);

/* Everything on page pg that would break PDF/A-1b and was not already
 * reported for an earlier page of the file (pdfa.c): sets *out to an
 * arena array of distinct messages ("it uses optional content") and
 * returns how many (0: none). */
size_t merge_pdfa_problems(struct arena *a, struct merge_file *f, qpdf_oh pg,
    const char ***out);

/* Cleans page pg in place (clean.c): takes out of everything its
 * resources and content streams reach what a drawn page never needs
 * (actions, JavaScript, embedded and external files, the catalog and
 * the page tree, annotations, metadata, structure keys), and adds up
 * the inflated size of every stream it reaches.  Returns NULL, or why
 * the page is refused (arena text). */
const char *merge_clean_page(struct arena *a, struct merge_file *f, qpdf_oh pg);

/* A link merge.c rebuilt: the source annotation's object id and the
 * pack's new annotation. */
struct merge_link {
	const struct merge_appendix *ap;   /* the file */
	int src_id;
	qpdf_oh annot;
	qpdf_oh ppg;                       /* the pack page it is on */
};

/* Adds key -> value to the pack's parent tree (str: its StructTreeRoot;
 * an entry at the end of the root's /Nums, or a leaf of its own at the
 * end of its /Kids) and sets /ParentTreeNextKey past key. */
void merge_ptree_add(qpdf_data pk, qpdf_oh str, long long key, qpdf_oh value);

/* A page of a tagged appendix placed in the pack (tags.c). */
struct merge_tagpage {
	struct merge_appendix *ap;
	size_t place;                      /* the placement's index */
	int apg_id;                        /* the source page's object id */
	qpdf_oh ppg, form;                 /* the pack page, the form drawing it */
	qpdf_oh fig, parr;                 /* the page's Figure, its parent
	                                      tree array */
	struct vec mcids;                  /* qpdf_oh per MCID of the form: its
	                                      element (0: none); the caller
	                                      frees */
};

/* Replaces the Figures of tagged appendix ap's placed pages tp[0..ntp)
 * (all in the appendix's Sect) by the file's structure, walked once
 * (tags.c): elements rebuilt, their marked content referenced in each
 * page's form (MCRs with /Stm), links (a vec of struct merge_link)
 * referenced as objects, each page's parent tree array made its form's.
 * Returns NULL, or why the file's structure cannot be used (then
 * nothing in the pack has changed but for unreferenced objects; static
 * text). */
const char *merge_carry_tags(qpdf_data pk, qpdf_oh str, struct merge_appendix *ap,
    struct merge_tagpage *tp, size_t ntp, const struct vec *links);

#endif
