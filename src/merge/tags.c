/*
 * tags.c - a tagged appendix's structure carried into the pack
 * (merge_carry_tags, see mergeint.h).
 *
 * Each appendix page stays a form XObject (merge.c); its marked content
 * keeps its own MCIDs, and the form gets a /StructParents key of its
 * own in the pack's parent tree.  The file's tree is walked once, for
 * all its placed pages; the elements that hold content of those pages
 * are rebuilt in the pack -- new dictionaries
 * with only what a reader needs (/S mapped through the source's
 * /RoleMap to a standard type, /Alt /ActualText /E /Lang /T strings,
 * plain attributes) -- and each of their MCIDs becomes a marked-content
 * reference <</Type/MCR /Pg page /Stm form /MCID n>>.  Object references
 * to links become references to the links merge.c rebuilt; everything
 * else an element may point at stays behind.  The elements replace the
 * placeholders' Figures in the appendix's Sect; grouping elements
 * (Document, Part, Art) are dropped, their children kept in order.
 */
#include "mergeint.h"

#include <string.h>

/* The standard structure types (PDF 1.7, 14.8.4). */
static const char *const std_types[] = {
	"/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption",
	"/TOC", "/TOCI", "/Index", "/NonStruct", "/Private", "/P", "/H", "/H1", "/H2",
	"/H3", "/H4", "/H5", "/H6", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR",
	"/TH", "/TD", "/THead", "/TBody", "/TFoot", "/Span", "/Quote", "/Note",
	"/Reference", "/BibEntry", "/Code", "/Link", "/Annot", "/Ruby", "/RB", "/RT",
	"/RP", "/Warichu", "/WT", "/WP", "/Figure", "/Formula", "/Form",
};

/* Text keys of an element copied as they are. */
static const char *const text_keys[] = { "/Alt", "/ActualText", "/E", "/Lang", "/T" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Elements one appendix may bring in, and how deep its tree may go. */
#define MAX_ELEMS 200000
#define MAX_DEPTH 64
/* The largest MCID taken, and the most parent tree slots (MCIDs up to
 * the largest, per page) one file may make: a hostile file's MCID
 * 999999 on every page would otherwise make millions of nulls. */
#define MAX_MCID 100000
#define MAX_SLOTS 4000000

/* One file's copy. */
struct carry {
	qpdf_data q, pk;
	qpdf_oh rolemap;                   /* the source's, or null */
	struct merge_tagpage *tp;          /* the file's placed pages */
	size_t ntp;
	size_t last;                       /* tp found last (pages come in runs) */
	const struct vec *links;           /* struct merge_link: rebuilt links */
	qpdf_oh str;                       /* the pack's StructTreeRoot */
	int sect_id;                       /* the appendix's Sect in the pack */
	size_t nmcids;                     /* MCIDs referenced, all pages */
	size_t slots;                      /* parent tree slots, all pages */
	struct vec objrs;                  /* qpdf_oh pairs: a link, its element
	                                      (parent tree entries made once
	                                      the walk succeeds) */
	struct idset seen;                 /* source elements walked */
	long elems;
	const char *broken;                /* why the tree cannot be used */
};

/* The standard type name (static text) for source type oh: itself when
 * standard, else through the role map (8 steps at most), else /Div. */
static const char *std_type(struct carry *c, qpdf_oh oh)
{
	qpdf_data q = c->q;
	for (int step = 0; step < 8 && qpdf_oh_is_name(q, oh); step++) {
		for (size_t i = 0; i < N(std_types); i++)
			if (merge_name_is(q, oh, std_types[i]))
				return std_types[i];
		oh = qpdf_oh_get_key(q, c->rolemap, qpdf_oh_get_name(q, oh));
	}
	return "/Div";
}

/* A copy in pk of attribute value v of q when it is plain (a name, a
 * number, a boolean, or an array of those), else a null object. */
static qpdf_oh plain_value(qpdf_data pk, qpdf_data q, qpdf_oh v, bool in_array)
{
	if (qpdf_oh_is_name(q, v) || qpdf_oh_is_number(q, v) || qpdf_oh_is_bool(q, v))
		return qpdf_oh_parse(pk, qpdf_oh_unparse(q, v));
	if (!in_array && qpdf_oh_is_array(q, v)) {
		qpdf_oh a = qpdf_oh_new_array(pk);
		int n = qpdf_oh_get_array_n_items(q, v);
		for (int i = 0; i < n && i < 64; i++)
			qpdf_oh_append_item(pk, a, plain_value(pk, q,
			    qpdf_oh_get_array_item(q, v, i), true));
		return a;
	}
	return qpdf_oh_new_null(pk);
}

/* A copy of attribute object d (a dictionary with /O), plain values
 * only, or a null object. */
static qpdf_oh copy_attr(struct carry *c, qpdf_oh d)
{
	qpdf_data q = c->q, pk = c->pk;
	if (!qpdf_oh_is_dictionary(q, d) || !qpdf_oh_is_name(q, qpdf_oh_get_key(q, d, "/O")))
		return qpdf_oh_new_null(pk);
	qpdf_oh nd = qpdf_oh_new_dictionary(pk);
	struct vec keys;
	merge_dict_keys(q, d, &keys);
	for (size_t i = 0; i < keys.n && i < 64; i++) {
		const char *k = ((char **)keys.v)[i];
		qpdf_oh v = plain_value(pk, q, qpdf_oh_get_key(q, d, k), false);
		if (!qpdf_oh_is_null(pk, v))
			qpdf_oh_replace_key(pk, nd, k, v);
	}
	merge_keys_free(&keys);
	return nd;
}

/* Copies src element e's text keys and attributes onto new element el. */
static void copy_keys(struct carry *c, qpdf_oh e, qpdf_oh el)
{
	qpdf_data q = c->q, pk = c->pk;
	for (size_t i = 0; i < N(text_keys); i++) {
		qpdf_oh v = qpdf_oh_get_key(q, e, text_keys[i]);
		if (!qpdf_oh_is_string(q, v))
			continue;
		size_t l;
		const char *s = qpdf_oh_get_binary_string_value(q, v, &l);
		qpdf_oh_replace_key(pk, el, text_keys[i], qpdf_oh_new_binary_string(pk, s, l));
	}
	qpdf_oh at = qpdf_oh_get_key(q, e, "/A");
	if (qpdf_oh_is_dictionary(q, at)) {
		qpdf_oh_replace_key(pk, el, "/A", copy_attr(c, at));
	} else if (qpdf_oh_is_array(q, at)) {
		qpdf_oh na = qpdf_oh_new_array(pk);
		int n = qpdf_oh_get_array_n_items(q, at);
		for (int i = 0; i < n && i < 16; i++) {
			qpdf_oh d = copy_attr(c, qpdf_oh_get_array_item(q, at, i));
			if (!qpdf_oh_is_null(pk, d))
				qpdf_oh_append_item(pk, na, d);
		}
		qpdf_oh_replace_key(pk, el, "/A", na);
	}
}

/* Records MCID n of placed page t's form as el's (grows the table with
 * nulls). */
static void set_mcid(struct carry *c, struct merge_tagpage *t, long long n, qpdf_oh el)
{
	if (n >= MAX_MCID || c->slots + (size_t)n > MAX_SLOTS) {
		c->broken = "its marked content is numbered past the limit (MCID 100000)";
		return;
	}
	while ((long long)t->mcids.n <= n) {
		*(qpdf_oh *)vec_push(&t->mcids) = 0;
		c->slots++;
	}
	((qpdf_oh *)t->mcids.v)[n] = el;
	c->nmcids++;
}

/* The placed page showing source page id, or NULL (not placed). */
static struct merge_tagpage *placed(struct carry *c, int id)
{
	if (c->ntp > 0 && c->tp[c->last].apg_id == id)
		return &c->tp[c->last];
	for (size_t i = 0; i < c->ntp; i++)
		if (c->tp[i].apg_id == id) {
			c->last = i;
			return &c->tp[i];
		}
	return NULL;
}

/* The pack's rebuilt link for source annotation id, or 0. */
static qpdf_oh link_for(const struct carry *c, int id)
{
	for (size_t i = 0; i < c->links->n; i++) {
		const struct merge_link *l = &((const struct merge_link *)c->links->v)[i];
		if (l->ap == c->tp[0].ap && l->src_id == id)
			return l->annot;
	}
	return 0;
}

static void walk(struct carry *c, qpdf_oh e, int pg_id, qpdf_oh lang, qpdf_oh parent,
    qpdf_oh out, int depth);

/* Adds to array out (of new element el, or of el's parent when el is a
 * group being flattened) what kid k of a source element on page pg_id
 * brings: an MCR for an MCID of this page, an OBJR for a rebuilt link,
 * the copy of a child element. */
static void walk_kid(struct carry *c, qpdf_oh k, int pg_id, qpdf_oh lang, qpdf_oh el,
    qpdf_oh out, int depth)
{
	qpdf_data q = c->q, pk = c->pk;
	long long mcid = -1;
	if (qpdf_oh_is_integer(q, k)) {
		mcid = qpdf_oh_get_int_value(q, k);
	} else if (qpdf_oh_is_dictionary(q, k) &&
	    merge_name_is(q, qpdf_oh_get_key(q, k, "/Type"), "/MCR")) {
		qpdf_oh pg = qpdf_oh_get_key(q, k, "/Pg");
		if (qpdf_oh_is_dictionary(q, pg))
			pg_id = qpdf_oh_get_object_id(q, pg);
		qpdf_oh mc = qpdf_oh_get_key(q, k, "/MCID");
		/* Content of a form within the page (/Stm) is not carried. */
		if (qpdf_oh_is_integer(q, mc) && !qpdf_oh_has_key(q, k, "/Stm"))
			mcid = qpdf_oh_get_int_value(q, mc);
		else
			return;
	} else if (qpdf_oh_is_dictionary(q, k) &&
	    merge_name_is(q, qpdf_oh_get_key(q, k, "/Type"), "/OBJR")) {
		qpdf_oh an = link_for(c, qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, k, "/Obj")));
		qpdf_oh apg = qpdf_oh_get_key(q, k, "/Pg");
		struct merge_tagpage *t = placed(c, qpdf_oh_is_dictionary(q, apg) ?
		    qpdf_oh_get_object_id(q, apg) : pg_id);
		if (an == 0 || t == NULL)
			return;
		qpdf_oh objr = qpdf_oh_new_dictionary(pk);
		qpdf_oh_replace_key(pk, objr, "/Type", qpdf_oh_new_name(pk, "/OBJR"));
		qpdf_oh_replace_key(pk, objr, "/Obj", an);
		qpdf_oh_replace_key(pk, objr, "/Pg", t->ppg);
		qpdf_oh_append_item(pk, out, objr);
		*(qpdf_oh *)vec_push(&c->objrs) = an;
		*(qpdf_oh *)vec_push(&c->objrs) = el;
		return;
	} else if (qpdf_oh_is_dictionary(q, k)) {
		walk(c, k, pg_id, lang, el, out, depth + 1);
		return;
	} else {
		return;
	}
	struct merge_tagpage *t = placed(c, pg_id);
	if (t == NULL || mcid < 0)
		return;
	qpdf_oh mcr = qpdf_oh_new_dictionary(pk);
	qpdf_oh_replace_key(pk, mcr, "/Type", qpdf_oh_new_name(pk, "/MCR"));
	qpdf_oh_replace_key(pk, mcr, "/Pg", t->ppg);
	qpdf_oh_replace_key(pk, mcr, "/Stm", t->form);
	qpdf_oh_replace_key(pk, mcr, "/MCID", qpdf_oh_new_integer(pk, mcid));
	qpdf_oh_append_item(pk, out, mcr);
	set_mcid(c, t, mcid, el);
}

/* Copies source element e (its page pg_id unless it names one; its
 * language lang, a string in q, unless it names one) with what of it
 * lies on the page into array out, as a child of parent; a group
 * (Document, Part, Art) adds its children instead.  Elements put
 * straight under the Sect get the language they inherited in the file
 * (a group's, the file's /Lang), so it is not lost with the group. */
static void walk(struct carry *c, qpdf_oh e, int pg_id, qpdf_oh lang, qpdf_oh parent,
    qpdf_oh out, int depth)
{
	qpdf_data q = c->q, pk = c->pk;
	if (c->broken)
		return;
	if (depth > MAX_DEPTH) {
		c->broken = "its structure tree is too deep";
		return;
	}
	if (++c->elems > MAX_ELEMS) {
		c->broken = "its structure tree has too many elements";
		return;
	}
	int id = qpdf_oh_get_object_id(q, e);
	if (id > 0 && idset_add(&c->seen, id)) {
		c->broken = "its structure tree has an element twice";
		return;
	}
	if (!qpdf_oh_is_name(q, qpdf_oh_get_key(q, e, "/S"))) {
		c->broken = "its structure tree has an element with no type";
		return;
	}
	qpdf_oh pg = qpdf_oh_get_key(q, e, "/Pg");
	if (qpdf_oh_is_dictionary(q, pg))
		pg_id = qpdf_oh_get_object_id(q, pg);
	bool own_lang = qpdf_oh_is_string(q, qpdf_oh_get_key(q, e, "/Lang"));
	if (own_lang)
		lang = qpdf_oh_get_key(q, e, "/Lang");
	const char *type = std_type(c, qpdf_oh_get_key(q, e, "/S"));
	bool group = strcmp(type, "/Document") == 0 || strcmp(type, "/Part") == 0 ||
	    strcmp(type, "/Art") == 0;
	qpdf_oh el = parent, kids = out;
	if (!group) {
		el = qpdf_oh_new_dictionary(pk);
		qpdf_oh_replace_key(pk, el, "/Type", qpdf_oh_new_name(pk, "/StructElem"));
		qpdf_oh_replace_key(pk, el, "/S", qpdf_oh_new_name(pk, type));
		qpdf_oh_replace_key(pk, el, "/P", parent);
		copy_keys(c, e, el);
		if (!own_lang && qpdf_oh_is_string(q, lang) &&
		    qpdf_oh_get_object_id(pk, parent) == c->sect_id) {
			size_t l;
			const char *ls = qpdf_oh_get_binary_string_value(q, lang, &l);
			qpdf_oh_replace_key(pk, el, "/Lang", qpdf_oh_new_binary_string(pk, ls, l));
		}
		el = qpdf_make_indirect_object(pk, el);
		kids = qpdf_oh_new_array(pk);
	}
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	if (qpdf_oh_is_array(q, k)) {
		int n = qpdf_oh_get_array_n_items(q, k);
		for (int i = 0; i < n && !c->broken; i++)
			walk_kid(c, qpdf_oh_get_array_item(q, k, i), pg_id, lang, el, kids,
			    depth);
	} else {
		walk_kid(c, k, pg_id, lang, el, kids, depth);
	}
	if (!group && qpdf_oh_get_array_n_items(pk, kids) > 0) {
		/* Its page: its first kid's (an MCR's or OBJR's, an element's). */
		qpdf_oh_replace_key(pk, el, "/Pg", qpdf_oh_get_key(pk,
		    qpdf_oh_get_array_item(pk, kids, 0), "/Pg"));
		qpdf_oh_replace_key(pk, el, "/K", kids);
		qpdf_oh_append_item(pk, out, el);
	}
}

void merge_ptree_add(qpdf_data pk, qpdf_oh str, long long key, qpdf_oh value)
{
	qpdf_oh ptree = qpdf_oh_get_key(pk, str, "/ParentTree");
	qpdf_oh nums = qpdf_oh_get_key(pk, ptree, "/Nums");
	if (qpdf_oh_is_array(pk, nums)) {
		qpdf_oh_append_item(pk, nums, qpdf_oh_new_integer(pk, key));
		qpdf_oh_append_item(pk, nums, value);
	} else {
		qpdf_oh leaf = qpdf_oh_new_dictionary(pk);
		qpdf_oh ln = qpdf_oh_new_array(pk);
		qpdf_oh_append_item(pk, ln, qpdf_oh_new_integer(pk, key));
		qpdf_oh_append_item(pk, ln, value);
		qpdf_oh_replace_key(pk, leaf, "/Nums", ln);
		qpdf_oh lim = qpdf_oh_new_array(pk);
		qpdf_oh_append_item(pk, lim, qpdf_oh_new_integer(pk, key));
		qpdf_oh_append_item(pk, lim, qpdf_oh_new_integer(pk, key));
		qpdf_oh_replace_key(pk, leaf, "/Limits", lim);
		qpdf_oh_append_item(pk, qpdf_oh_get_key(pk, ptree, "/Kids"),
		    qpdf_make_indirect_object(pk, leaf));
	}
	qpdf_oh rl = qpdf_oh_get_key(pk, ptree, "/Limits");
	if (qpdf_oh_is_array(pk, rl) && qpdf_oh_get_array_n_items(pk, rl) == 2)
		qpdf_oh_set_array_item(pk, rl, 1, qpdf_oh_new_integer(pk, key));
	qpdf_oh_replace_key(pk, str, "/ParentTreeNextKey", qpdf_oh_new_integer(pk, key + 1));
}

/* Removes element el from its parent's /K; returns where it was, or -1. */
static int unlink_elem(qpdf_data pk, qpdf_oh el)
{
	qpdf_oh kids = qpdf_oh_get_key(pk, qpdf_oh_get_key(pk, el, "/P"), "/K");
	int id = qpdf_oh_get_object_id(pk, el);
	int n = qpdf_oh_is_array(pk, kids) ? qpdf_oh_get_array_n_items(pk, kids) : 0;
	for (int i = 0; i < n; i++)
		if (qpdf_oh_get_object_id(pk, qpdf_oh_get_array_item(pk, kids, i)) == id) {
			qpdf_oh_erase_item(pk, kids, i);
			return i;
		}
	return -1;
}

/* The file's structure in the pack once the walk succeeded: each form's
 * parent tree entry (and its page's, the same), the links' entries, the
 * elements in place of the Figures. */
static void commit(struct carry *c, qpdf_oh out)
{
	qpdf_data pk = c->pk;
	qpdf_oh nk = qpdf_oh_get_key(pk, c->str, "/ParentTreeNextKey");
	long long key = qpdf_oh_is_integer(pk, nk) ? qpdf_oh_get_int_value(pk, nk) : 0;
	/* An element per MCID.  The page's entry (its Figure, MCID 0, now
	 * gone) becomes the same: readers that see a form's marked content
	 * as the page's (PDF.js) find the elements from the page, the others
	 * never look MCIDs up there.  Only when the Figure was the page's
	 * one MCID (as our PDF device makes it): else its entry is nulled. */
	for (size_t i = 0; i < c->ntp; i++) {
		struct merge_tagpage *t = &c->tp[i];
		qpdf_oh arr = qpdf_oh_new_array(pk);
		bool mirror = qpdf_oh_get_array_n_items(pk, t->parr) == 1;
		if (mirror)
			qpdf_oh_erase_item(pk, t->parr, 0);
		else
			qpdf_oh_set_array_item(pk, t->parr, 0, qpdf_oh_new_null(pk));
		for (size_t m = 0; m < t->mcids.n; m++) {
			qpdf_oh el = ((qpdf_oh *)t->mcids.v)[m];
			qpdf_oh_append_item(pk, arr, el ? el : qpdf_oh_new_null(pk));
			if (mirror)
				qpdf_oh_append_item(pk, t->parr, el ? el : qpdf_oh_new_null(pk));
		}
		qpdf_oh_replace_key(pk, qpdf_oh_get_dict(pk, t->form), "/StructParents",
		    qpdf_oh_new_integer(pk, key));
		merge_ptree_add(pk, c->str, key++, arr);
	}
	for (size_t i = 0; i + 1 < c->objrs.n; i += 2) {
		qpdf_oh an = ((qpdf_oh *)c->objrs.v)[i];
		qpdf_oh_replace_key(pk, an, "/StructParent", qpdf_oh_new_integer(pk, key));
		merge_ptree_add(pk, c->str, key++, ((qpdf_oh *)c->objrs.v)[i + 1]);
	}
	/* The elements take the first Figure's place; the others go. */
	qpdf_oh skids = qpdf_oh_get_key(pk, qpdf_oh_get_key(pk, c->tp[0].fig, "/P"), "/K");
	int at = unlink_elem(pk, c->tp[0].fig);
	for (size_t i = 1; i < c->ntp; i++)
		unlink_elem(pk, c->tp[i].fig);
	int no = qpdf_oh_get_array_n_items(pk, out);
	for (int i = 0; i < no; i++)
		qpdf_oh_insert_item(pk, skids, at + i, qpdf_oh_get_array_item(pk, out, i));
}

const char *merge_carry_tags(qpdf_data pk, qpdf_oh str, struct merge_appendix *ap,
    struct merge_tagpage *tp, size_t ntp, const struct vec *links)
{
	qpdf_data q = ap->f->q;
	qpdf_oh root = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	if (ntp == 0)
		return NULL;
	if (!qpdf_oh_is_dictionary(q, root))
		return "it has no structure tree";
	qpdf_oh sect = qpdf_oh_get_key(pk, tp[0].fig, "/P");
	for (size_t i = 0; i < ntp; i++)
		if (qpdf_oh_get_object_id(pk, qpdf_oh_get_key(pk, tp[i].fig, "/P")) !=
		    qpdf_oh_get_object_id(pk, sect))
			return "the pack's Figures for its pages are not in one Sect";
	struct carry c = { .q = q, .pk = pk, .tp = tp, .ntp = ntp, .links = links,
		.str = str, .sect_id = qpdf_oh_get_object_id(pk, sect) };
	c.rolemap = qpdf_oh_get_key(q, root, "/RoleMap");
	vec_init(&c.objrs, sizeof(qpdf_oh));
	qpdf_oh out = qpdf_oh_new_array(pk);
	qpdf_oh k = qpdf_oh_get_key(q, root, "/K");
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = 0; i < n && !c.broken; i++) {
		qpdf_oh e = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k;
		if (qpdf_oh_is_dictionary(q, e))
			walk(&c, e, -1, qpdf_oh_get_key(q, qpdf_get_root(q), "/Lang"), sect, out, 0);
	}
	const char *why = c.broken;
	if (qpdf_has_error(q)) {
		qpdf_get_error(q);
		why = "its structure tree cannot be read";
	}
	if (why == NULL && c.nmcids == 0)
		why = "its structure tree has nothing on the pages";
	if (why == NULL)
		commit(&c, out);
	vec_free(&c.objrs);
	idset_clear(&c.seen);
	return why;
}
