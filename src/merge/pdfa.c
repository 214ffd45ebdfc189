/*
 * pdfa.c - what on an appendix page would break PDF/A-1b (clause 6.4
 * transparency, 6.3 fonts, 6.2 images, 6.1 optional content): the page's
 * group and annotations, then everything its resources reach, each
 * object once per file.  Every problem is collected (not only the first),
 * so one run names them all.
 */
#include "mergeint.h"

#include <string.h>

/* One walk over a page's resources. */
struct walk {
	struct merge_file *f;
	qpdf_data q;
	struct arena *a;
	struct vec *problems;              /* const char *: each distinct
	                                      problem found, in order */
};

/* Records problem msg (arena or static) unless already recorded. */
static void note(struct walk *w, const char *msg)
{
	for (size_t i = 0; i < w->problems->n; i++)
		if (strcmp(((const char **)w->problems->v)[i], msg) == 0)
			return;
	*(const char **)vec_push(w->problems) = msg;
}

/* True if oh (a name or an array of names) holds name. */
static bool has_filter(qpdf_data q, qpdf_oh oh, const char *name)
{
	if (qpdf_oh_is_array(q, oh)) {
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++)
			if (merge_name_is(q, qpdf_oh_get_array_item(q, oh, i), name))
				return true;
		return false;
	}
	return merge_name_is(q, oh, name);
}

static void walk_resources(struct walk *w, qpdf_oh res, int depth);

/* Notes transparency in graphics state gs. */
static void walk_extgstate(struct walk *w, qpdf_oh gs)
{
	qpdf_data q = w->q;
	qpdf_oh sm = qpdf_oh_get_key(q, gs, "/SMask");
	if (!qpdf_oh_is_null(q, sm) && !merge_name_is(q, sm, "/None"))
		note(w, "it uses transparency (a soft mask)");
	const char *ks[2] = { "/CA", "/ca" };
	for (int k = 0; k < 2; k++) {
		qpdf_oh v = qpdf_oh_get_key(q, gs, ks[k]);
		if (qpdf_oh_is_number(q, v) && merge_num(q, v, 1) < 1)
			note(w, "it uses transparency (constant alpha below 1)");
	}
	qpdf_oh bm = qpdf_oh_get_key(q, gs, "/BM");
	if (!qpdf_oh_is_null(q, bm) && !merge_name_is(q, bm, "/Normal") &&
	    !merge_name_is(q, bm, "/Compatible"))
		note(w, "it uses transparency (a blend mode)");
}

/* Notes what XObject xo would break, and walks a form's resources. */
static void walk_xobject(struct walk *w, qpdf_oh xo, int depth)
{
	qpdf_data q = w->q;
	if (!qpdf_oh_is_stream(q, xo))
		return;
	qpdf_oh d = qpdf_oh_get_dict(q, xo);
	if (qpdf_oh_has_key(q, d, "/OC"))
		note(w, "it uses optional content");
	qpdf_oh st = qpdf_oh_get_key(q, d, "/Subtype");
	if (merge_name_is(q, st, "/Image")) {
		if (qpdf_oh_has_key(q, d, "/SMask"))
			note(w, "it uses transparency (an image with a soft mask)");
		qpdf_oh sid = qpdf_oh_get_key(q, d, "/SMaskInData");
		if (qpdf_oh_is_number(q, sid) && merge_num(q, sid, 0) != 0)
			note(w, "it uses transparency (an image with a soft mask)");
		if (has_filter(q, qpdf_oh_get_key(q, d, "/Filter"), "/JPXDecode"))
			note(w, "it has a JPEG 2000 image");
		if (qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, d, "/Interpolate")))
			note(w, "it has an image with /Interpolate");
	} else if (merge_name_is(q, st, "/Form")) {
		qpdf_oh g = qpdf_oh_get_key(q, d, "/Group");
		if (merge_name_is(q, qpdf_oh_get_key(q, g, "/S"), "/Transparency"))
			note(w, "it has a transparency group");
		walk_resources(w, qpdf_oh_get_key(q, d, "/Resources"), depth + 1);
	} else if (merge_name_is(q, st, "/PS")) {
		note(w, "it has a PostScript XObject");
	}
}

/* Notes a font that is not embedded; walks a Type 3 font's resources. */
static void walk_font(struct walk *w, qpdf_oh font, int depth)
{
	qpdf_data q = w->q;
	qpdf_oh st = qpdf_oh_get_key(q, font, "/Subtype");
	if (merge_name_is(q, st, "/Type3")) {
		walk_resources(w, qpdf_oh_get_key(q, font, "/Resources"), depth + 1);
		return;
	}
	qpdf_oh desc = font;
	if (merge_name_is(q, st, "/Type0"))
		desc = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
	qpdf_oh fd = qpdf_oh_get_key(q, desc, "/FontDescriptor");
	if (qpdf_oh_has_key(q, fd, "/FontFile") || qpdf_oh_has_key(q, fd, "/FontFile2") ||
	    qpdf_oh_has_key(q, fd, "/FontFile3"))
		return;
	const char *bf = qpdf_oh_get_name(q, qpdf_oh_get_key(q, font, "/BaseFont"));
	note(w, arena_printf(w->a, "the font %s is not embedded",
	    bf && *bf ? bf + 1 : "(unnamed)"));
}

/* Calls fn on each value of dictionary d (resolving references) that has
 * not been walked before. */
static void each_value(struct walk *w, qpdf_oh d, int depth,
    void (*fn)(struct walk *, qpdf_oh, int))
{
	qpdf_data q = w->q;
	if (!qpdf_oh_is_dictionary(q, d))
		return;
	struct vec keys;
	merge_dict_keys(q, d, &keys);
	for (size_t i = 0; i < keys.n; i++) {
		char *k = ((char **)keys.v)[i];
		qpdf_oh v = qpdf_oh_get_key(q, d, k);
		if (!idset_add(&w->f->seen, qpdf_oh_get_object_id(q, v)))
			fn(w, v, depth);
	}
	merge_keys_free(&keys);
}

/* each_value() adapters.  A graphics state. */
static void gs_fn(struct walk *w, qpdf_oh v, int depth)
{
	(void)depth;
	walk_extgstate(w, v);
}

/* A font. */
static void font_fn(struct walk *w, qpdf_oh v, int depth)
{
	walk_font(w, v, depth);
}

/* A pattern: its graphics state and resources. */
static void pattern_fn(struct walk *w, qpdf_oh v, int depth)
{
	qpdf_data q = w->q;
	qpdf_oh d = qpdf_oh_is_stream(q, v) ? qpdf_oh_get_dict(q, v) : v;
	qpdf_oh gs = qpdf_oh_get_key(q, d, "/ExtGState");
	if (qpdf_oh_is_dictionary(q, gs))
		walk_extgstate(w, gs);
	walk_resources(w, qpdf_oh_get_key(q, d, "/Resources"), depth + 1);
}

/* A property list: optional content. */
static void prop_fn(struct walk *w, qpdf_oh v, int depth)
{
	(void)depth;
	qpdf_oh t = qpdf_oh_get_key(w->q, v, "/Type");
	if (merge_name_is(w->q, t, "/OCG") || merge_name_is(w->q, t, "/OCMD"))
		note(w, "it uses optional content");
}

/* Walks resource dictionary res (depth: forms within forms). */
static void walk_resources(struct walk *w, qpdf_oh res, int depth)
{
	qpdf_data q = w->q;
	if (depth > 24 || !qpdf_oh_is_dictionary(q, res))
		return;
	if (idset_add(&w->f->seen, qpdf_oh_get_object_id(q, res)))
		return;
	each_value(w, qpdf_oh_get_key(q, res, "/ExtGState"), depth, gs_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/XObject"), depth, walk_xobject);
	each_value(w, qpdf_oh_get_key(q, res, "/Font"), depth, font_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/Pattern"), depth, pattern_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/Properties"), depth, prop_fn);
}

size_t merge_pdfa_problems(struct arena *a, struct merge_file *f, qpdf_oh pg,
    const char ***out)
{
	qpdf_data q = f->q;
	struct vec v;
	vec_init(&v, sizeof(const char *));
	struct walk w = { .f = f, .q = q, .a = a, .problems = &v };
	qpdf_oh g = qpdf_oh_get_key(q, pg, "/Group");
	if (merge_name_is(q, qpdf_oh_get_key(q, g, "/S"), "/Transparency"))
		note(&w, "it is a transparency group");
	qpdf_oh an = qpdf_oh_get_key(q, pg, "/Annots");
	int n = qpdf_oh_is_array(q, an) ? qpdf_oh_get_array_n_items(q, an) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh st = qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, an, i), "/Subtype");
		if (!merge_name_is(q, st, "/Link")) {
			const char *s = qpdf_oh_get_name(q, st);
			note(&w, arena_printf(a, "it has a %s annotation", s && *s ? s + 1 :
			    "nameless"));
		}
	}
	walk_resources(&w, qpdf_oh_get_key(q, pg, "/Resources"), 0);
	*out = arena_alloc(a, (v.n + 1) * sizeof **out);
	if (v.n > 0)
		memcpy(*out, v.v, v.n * sizeof **out);
	size_t count = v.n;
	vec_free(&v);
	return count;
}
