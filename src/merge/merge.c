/*
 * merge.c - drawing appendix pages into the pack (merge_pages, see
 * merge.h) through libqpdf's C API.
 *
 * Each placement copies its page's content stream (made a form XObject)
 * and resources into the pack with libqpdf's foreign copy; probe.c has
 * already cleaned what they reach (clean.c), so nothing else of the
 * appendix comes in: not its catalog, actions, scripts, embedded files
 * or annotations.  Links are rebuilt on the placeholder: URIs of http,
 * https and mailto kept, links within the selection re-pointed, the rest
 * left out with a warning naming the file and page.
 */
#include "mergeint.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A real number object, 4 decimals. */
static qpdf_oh real(qpdf_data q, double v)
{
	return qpdf_oh_new_real_from_double(q, v, 4);
}

/* The array [a b c d e f] of matrix m. */
static qpdf_oh matrix_array(qpdf_data q, const double m[6])
{
	qpdf_oh arr = qpdf_oh_new_array(q);
	for (int i = 0; i < 6; i++)
		qpdf_oh_append_item(q, arr, real(q, m[i]));
	return arr;
}

/* Transforms rectangle r by m (normalised result). */
static void rect_xform(const double m[6], const double r[4], double out[4])
{
	double xs[4] = { r[0], r[2], r[0], r[2] }, ys[4] = { r[1], r[1], r[3], r[3] };
	for (int i = 0; i < 4; i++) {
		double x = m[0] * xs[i] + m[2] * ys[i] + m[4];
		double y = m[1] * xs[i] + m[3] * ys[i] + m[5];
		if (i == 0 || x < out[0])
			out[0] = x;
		if (i == 0 || x > out[2])
			out[2] = x;
		if (i == 0 || y < out[1])
			out[1] = y;
		if (i == 0 || y > out[3])
			out[3] = y;
	}
}

/* Looks a named destination up in the appendix: the catalog's /Dests
 * (names) or its /Names /Dests name tree (strings). */
static qpdf_oh named_dest(qpdf_data q, qpdf_oh name)
{
	qpdf_oh root = qpdf_get_root(q);
	if (qpdf_oh_is_name(q, name))
		return qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/Dests"),
		    qpdf_oh_get_name(q, name));
	if (!qpdf_oh_is_string(q, name))
		return qpdf_oh_new_null(q);
	size_t klen;
	const char *k = qpdf_oh_get_binary_string_value(q, name, &klen);
	char *key = xmalloc(klen + 1);
	memcpy(key, k, klen);
	qpdf_oh node = qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/Names"), "/Dests");
	qpdf_oh found = qpdf_oh_new_null(q);
	for (int depth = 0; depth < 32 && qpdf_oh_is_dictionary(q, node); depth++) {
		qpdf_oh names = qpdf_oh_get_key(q, node, "/Names");
		if (qpdf_oh_is_array(q, names)) {
			int n = qpdf_oh_get_array_n_items(q, names);
			for (int i = 0; i + 1 < n; i += 2) {
				size_t l;
				const char *s = qpdf_oh_get_binary_string_value(q,
				    qpdf_oh_get_array_item(q, names, i), &l);
				if (l == klen && memcmp(s, key, l) == 0) {
					found = qpdf_oh_get_array_item(q, names, i + 1);
					break;
				}
			}
			break;
		}
		qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
		int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
		qpdf_oh next = qpdf_oh_new_null(q);
		for (int i = 0; i < n; i++) {
			qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
			qpdf_oh lim = qpdf_oh_get_key(q, kid, "/Limits");
			size_t l0, l1;
			const char *s0 = qpdf_oh_get_binary_string_value(q,
			    qpdf_oh_get_array_item(q, lim, 0), &l0);
			const char *s1 = qpdf_oh_get_binary_string_value(q,
			    qpdf_oh_get_array_item(q, lim, 1), &l1);
			char *a0 = xmalloc(l0 + 1), *a1 = xmalloc(l1 + 1);
			memcpy(a0, s0, l0);
			memcpy(a1, s1, l1);
			a0[l0] = a1[l1] = 0;
			bool in = strcmp(key, a0) >= 0 && strcmp(key, a1) <= 0;
			free(a0);
			free(a1);
			if (in) {
				next = kid;
				break;
			}
		}
		node = next;
	}
	free(key);
	if (qpdf_oh_is_dictionary(q, found))
		found = qpdf_oh_get_key(q, found, "/D");
	return found;
}

struct merger {
	qpdf_data pk;                      /* the pack */
	const struct merge_place *pl;
	size_t n;
	qpdf_oh str;                       /* the pack's StructTreeRoot */
	bool tagged;                       /* str is set */
	struct vec links;                  /* struct merge_link: every link
	                                      rebuilt */
	struct vec tagpages;               /* struct merge_tagpage: pages of
	                                      tagged appendices, their Figures
	                                      waiting for the files' trees */
};

/* The value for key in number tree node (a dictionary with /Nums or
 * /Kids), or a null object. */
static qpdf_oh number_tree_get(qpdf_data q, qpdf_oh node, long long key)
{
	for (int depth = 0; depth < 32 && qpdf_oh_is_dictionary(q, node); depth++) {
		qpdf_oh nums = qpdf_oh_get_key(q, node, "/Nums");
		if (qpdf_oh_is_array(q, nums)) {
			int n = qpdf_oh_get_array_n_items(q, nums);
			for (int i = 0; i + 1 < n; i += 2)
				if (qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, nums, i)) == key)
					return qpdf_oh_get_array_item(q, nums, i + 1);
			break;
		}
		qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
		int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
		qpdf_oh next = qpdf_oh_new_null(q);
		for (int i = 0; i < n; i++) {
			qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
			qpdf_oh lim = qpdf_oh_get_key(q, kid, "/Limits");
			if (key >= qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, lim, 0)) &&
			    key <= qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, lim, 1))) {
				next = kid;
				break;
			}
		}
		node = next;
	}
	return qpdf_oh_new_null(q);
}

/* The Figure of placeholder page ppg (its MCID 0) in a tagged pack, or
 * 0; *arr is set to the page's parent tree array. */
static qpdf_oh page_figure(struct merger *mg, qpdf_oh ppg, qpdf_oh *arr)
{
	qpdf_data pk = mg->pk;
	if (!mg->tagged)
		return 0;
	qpdf_oh ptree = qpdf_oh_get_key(pk, mg->str, "/ParentTree");
	qpdf_oh sp = qpdf_oh_get_key(pk, ppg, "/StructParents");
	if (!qpdf_oh_is_integer(pk, sp) || !qpdf_oh_is_dictionary(pk, ptree))
		return 0;
	*arr = number_tree_get(pk, ptree, qpdf_oh_get_int_value(pk, sp));
	qpdf_oh fig = qpdf_oh_get_array_item(pk, *arr, 0);
	if (!qpdf_oh_is_dictionary(pk, fig) ||
	    !merge_name_is(pk, qpdf_oh_get_key(pk, fig, "/S"), "/Figure"))
		return 0;
	return fig;
}

/* Tags link annotation annot on pack page ppg: a Link element with the
 * annotation as its object reference, placed just after the page's
 * Figure (the placeholder's marked content, MCID 0), and a parent tree
 * entry under the next free key.  Does nothing for an untagged pack. */
static void tag_link(struct merger *mg, qpdf_oh ppg, qpdf_oh annot)
{
	qpdf_data pk = mg->pk;
	qpdf_oh arr;
	qpdf_oh fig = page_figure(mg, ppg, &arr);
	if (fig == 0)
		return;
	qpdf_oh parent = qpdf_oh_get_key(pk, fig, "/P");
	qpdf_oh pk_kids = qpdf_oh_get_key(pk, parent, "/K");
	if (!qpdf_oh_is_array(pk, pk_kids))
		return;
	qpdf_oh nk = qpdf_oh_get_key(pk, mg->str, "/ParentTreeNextKey");
	long long key = qpdf_oh_is_integer(pk, nk) ? qpdf_oh_get_int_value(pk, nk) : 0;

	qpdf_oh objr = qpdf_oh_new_dictionary(pk);
	qpdf_oh_replace_key(pk, objr, "/Type", qpdf_oh_new_name(pk, "/OBJR"));
	qpdf_oh_replace_key(pk, objr, "/Obj", annot);
	qpdf_oh k = qpdf_oh_new_array(pk);
	qpdf_oh_append_item(pk, k, objr);
	qpdf_oh el = qpdf_oh_new_dictionary(pk);
	qpdf_oh_replace_key(pk, el, "/Type", qpdf_oh_new_name(pk, "/StructElem"));
	qpdf_oh_replace_key(pk, el, "/S", qpdf_oh_new_name(pk, "/Link"));
	qpdf_oh_replace_key(pk, el, "/P", parent);
	qpdf_oh_replace_key(pk, el, "/Pg", ppg);
	qpdf_oh_replace_key(pk, el, "/K", k);
	el = qpdf_make_indirect_object(pk, el);

	/* After the Figure and any Links already put after it. */
	int n = qpdf_oh_get_array_n_items(pk, pk_kids), at = n;
	int fid = qpdf_oh_get_object_id(pk, fig);
	for (int i = 0; i < n; i++)
		if (qpdf_oh_get_object_id(pk, qpdf_oh_get_array_item(pk, pk_kids, i)) == fid) {
			at = i + 1;
			while (at < n && merge_name_is(pk, qpdf_oh_get_key(pk,
			    qpdf_oh_get_array_item(pk, pk_kids, at), "/S"), "/Link"))
				at++;
			break;
		}
	qpdf_oh_insert_item(pk, pk_kids, at, el);

	qpdf_oh_replace_key(pk, annot, "/StructParent", qpdf_oh_new_integer(pk, key));
	merge_ptree_add(pk, mg->str, key, el);
}

/* The pack page (index) showing page idx (0-based) of ap, or -1. */
static long placed_at(const struct merger *mg, const struct merge_appendix *ap, int idx)
{
	for (size_t i = 0; i < mg->n; i++)
		if (mg->pl[i].ap == ap && mg->pl[i].pageno == idx + 1)
			return (long)mg->pl[i].page;
	return -1;
}

/* Warns that what, on page pageno of ap, was left out (the first three
 * times, then once that more were). */
static void drop_note(struct merge_appendix *ap, int pageno, const char *what)
{
	if (ap->f->dropped++ < 3)
		diag(DIAG_WARNING, ap->paper->pos, "%s: page %d: %s was left out", ap->name,
		    pageno, what);
	else if (ap->f->dropped == 4)
		diag(DIAG_WARNING, ap->paper->pos, "%s: further annotations were left out",
		    ap->name);
}

/* True when URI u[0..ul) is http:, https: or mailto: (any case); else
 * puts its scheme, printable, in scheme. */
static bool uri_allowed(const char *u, size_t ul, char scheme[24])
{
	static const char *const ok[] = { "http:", "https:", "mailto:" };
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(ok[i]);
		if (ul >= n && strncasecmp(u, ok[i], n) == 0)
			return true;
	}
	size_t k = 0;
	for (; k < ul && k < 20 && u[k] != ':'; k++)
		scheme[k] = (u[k] > 0x20 && u[k] < 0x7f) ? u[k] : '?';
	scheme[k] = '\0';
	return false;
}

/* Rebuilds the link annotations of appendix page apg on pack page ppg;
 * each goes into mg->links for tagging. */
static void rebuild_links(struct merger *mg, const struct merge_place *pl, qpdf_oh apg,
    qpdf_oh ppg, const double m[6])
{
	qpdf_data q = pl->ap->f->q, pk = mg->pk;
	qpdf_oh annots = qpdf_oh_get_key(q, apg, "/Annots");
	int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh an = qpdf_oh_get_array_item(q, annots, i);
		qpdf_oh st = qpdf_oh_get_key(q, an, "/Subtype");
		if (merge_name_is(q, st, "/Popup"))
			continue;                  /* goes with its parent */
		if (!merge_name_is(q, st, "/Link")) {
			const char *s = qpdf_oh_get_name(q, st);
			char what[96];
			snprintf(what, sizeof what, "a %s annotation (only links are kept)",
			    s && *s ? s + 1 : "nameless");
			drop_note(pl->ap, pl->pageno, what);
			continue;
		}
		double r[4], nr[4];
		if (!merge_get_rect(q, qpdf_oh_get_key(q, an, "/Rect"), r))
			continue;
		rect_xform(m, r, nr);
		qpdf_oh act = qpdf_oh_get_key(q, an, "/A");
		qpdf_oh dest = qpdf_oh_get_key(q, an, "/Dest");
		qpdf_oh nd = qpdf_oh_new_dictionary(pk);
		char what_link[600];
		if (qpdf_oh_is_dictionary(q, act) &&
		    merge_name_is(q, qpdf_oh_get_key(q, act, "/S"), "/URI")) {
			size_t ul;
			const char *u = qpdf_oh_get_binary_string_value(q,
			    qpdf_oh_get_key(q, act, "/URI"), &ul);
			char scheme[24];
			if (!uri_allowed(u, ul, scheme)) {
				char what[96];
				snprintf(what, sizeof what, "a link to a '%s:' URI (only http, "
				    "https and mailto links are kept)", scheme);
				drop_note(pl->ap, pl->pageno, what);
				continue;
			}
			qpdf_oh na = qpdf_oh_new_dictionary(pk);
			qpdf_oh_replace_key(pk, na, "/S", qpdf_oh_new_name(pk, "/URI"));
			qpdf_oh_replace_key(pk, na, "/URI", qpdf_oh_new_binary_string(pk, u, ul));
			snprintf(what_link, sizeof what_link, "Link to %.*s", (int)(ul < 500 ? ul : 500),
			    u);
			for (char *c = what_link; *c; c++)
				if ((unsigned char)*c >= 0x80 || (unsigned char)*c < 0x20)
					*c = '?';
			qpdf_oh_replace_key(pk, nd, "/A", na);
		} else {
			if (qpdf_oh_is_dictionary(q, act) &&
			    merge_name_is(q, qpdf_oh_get_key(q, act, "/S"), "/GoTo"))
				dest = qpdf_oh_get_key(q, act, "/D");
			else if (!qpdf_oh_is_null(q, act)) {
				drop_note(pl->ap, pl->pageno, "a link with an action other than "
				    "a URI or a page");
				continue;
			}
			if (qpdf_oh_is_name(q, dest) || qpdf_oh_is_string(q, dest))
				dest = named_dest(q, dest);
			if (!qpdf_oh_is_array(q, dest) || qpdf_oh_get_array_n_items(q, dest) < 1)
				continue;
			qpdf_oh target = qpdf_oh_get_array_item(q, dest, 0);
			int idx = qpdf_oh_is_dictionary(q, target) ? qpdf_find_page_by_oh(q, target) :
			    qpdf_oh_is_integer(q, target) ? (int)qpdf_oh_get_int_value(q, target) : -1;
			if (qpdf_has_error(q))
				qpdf_get_error(q);     /* not a page: handled below */
			long at = idx >= 0 ? placed_at(mg, pl->ap, idx) : -1;
			if (at < 0) {
				drop_note(pl->ap, pl->pageno, "a link to a page outside the "
				    "selection");
				continue;
			}
			snprintf(what_link, sizeof what_link, "Link to page %ld", at + 1);
			qpdf_oh nda = qpdf_oh_new_array(pk);
			qpdf_oh_append_item(pk, nda, qpdf_get_page_n(pk, (size_t)at));
			qpdf_oh_append_item(pk, nda, qpdf_oh_new_name(pk, "/Fit"));
			qpdf_oh_replace_key(pk, nd, "/Dest", nda);
		}
		qpdf_oh_replace_key(pk, nd, "/Contents", qpdf_oh_new_unicode_string(pk, what_link));
		qpdf_oh_replace_key(pk, nd, "/Type", qpdf_oh_new_name(pk, "/Annot"));
		qpdf_oh_replace_key(pk, nd, "/Subtype", qpdf_oh_new_name(pk, "/Link"));
		qpdf_oh ra = qpdf_oh_new_array(pk);
		for (int k = 0; k < 4; k++)
			qpdf_oh_append_item(pk, ra, real(pk, nr[k]));
		qpdf_oh_replace_key(pk, nd, "/Rect", ra);
		qpdf_oh_replace_key(pk, nd, "/Border", qpdf_oh_parse(pk, "[0 0 0]"));
		qpdf_oh_replace_key(pk, nd, "/F", qpdf_oh_new_integer(pk, 4));
		qpdf_oh_replace_key(pk, nd, "/P", ppg);
		qpdf_oh ind = qpdf_make_indirect_object(pk, nd);
		qpdf_oh pa = qpdf_oh_get_key(pk, ppg, "/Annots");
		if (!qpdf_oh_is_array(pk, pa)) {
			pa = qpdf_oh_new_array(pk);
			qpdf_oh_replace_key(pk, ppg, "/Annots", pa);
			pa = qpdf_oh_get_key(pk, ppg, "/Annots");
		}
		qpdf_oh_append_item(pk, pa, ind);
		struct merge_link *ml = vec_push(&mg->links);
		ml->ap = pl->ap;
		ml->src_id = qpdf_oh_get_object_id(q, an);
		ml->annot = ind;
		ml->ppg = ppg;
	}
}

/* A copy in pk of object oh of q: indirect objects through libqpdf's
 * foreign copy (which it does once per object), direct dictionaries and
 * arrays member by member (libqpdf copies only indirect objects). */
static qpdf_oh copy_any(qpdf_data pk, qpdf_data q, qpdf_oh oh, int depth)
{
	if (qpdf_oh_is_indirect(q, oh))
		return qpdf_oh_copy_foreign_object(pk, q, oh);
	if (depth > 32)
		return qpdf_oh_new_null(pk);
	if (qpdf_oh_is_dictionary(q, oh)) {
		qpdf_oh d = qpdf_oh_new_dictionary(pk);
		struct vec keys;
		vec_init(&keys, sizeof(char *));
		qpdf_oh_begin_dict_key_iter(q, oh);
		while (qpdf_oh_dict_more_keys(q))
			*(char **)vec_push(&keys) = xstrdup(qpdf_oh_dict_next_key(q));
		for (size_t i = 0; i < keys.n; i++) {
			char *k = ((char **)keys.v)[i];
			qpdf_oh_replace_key(pk, d, k, copy_any(pk, q, qpdf_oh_get_key(q, oh, k),
			    depth + 1));
			free(k);
		}
		vec_free(&keys);
		return d;
	}
	if (qpdf_oh_is_array(q, oh)) {
		qpdf_oh a = qpdf_oh_new_array(pk);
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++)
			qpdf_oh_append_item(pk, a, copy_any(pk, q, qpdf_oh_get_array_item(q, oh, i),
			    depth + 1));
		return a;
	}
	return qpdf_oh_parse(pk, qpdf_oh_unparse_binary(q, oh));
}

/* Blanks the placeholder's Figure marked content around the drawing at
 * pc[off..off+mlen) (its "/Figure <</MCID 0>> BDC" and the EMC after
 * it), when both are where the PDF device writes them. */
static void unmark_figure(unsigned char *pc, size_t plen, size_t off, size_t mlen)
{
	static const char bdc[] = "/Figure <</MCID 0>> BDC";
	size_t bl = strlen(bdc), e = off + mlen;
	for (size_t i = off; i >= bl && off - i < 8; i--)
		if (memcmp(pc + i - bl, bdc, bl) == 0) {
			while (e < plen && (pc[e] == ' ' || pc[e] == '\n' || pc[e] == '\r'))
				e++;
			if (e + 3 <= plen && memcmp(pc + e, "EMC", 3) == 0) {
				memset(pc + i - bl, ' ', bl);
				memset(pc + e, ' ', 3);
			}
			return;
		}
}

/* Rewrites pack page ppg's (index page) content so that it draws form
 * name where the PDF device left MERGE_MARKER (underneath everything
 * when there is none); returns 0 or an exit status after reporting. */
static int draw_at_marker(qpdf_data pk, struct merge_appendix *ap, size_t page,
    qpdf_oh ppg, const char *name)
{
	unsigned char *pc = NULL;
	size_t plen = 0;
	qpdf_oh_get_page_content_data(pk, ppg, &pc, &plen);
	if (qpdf_has_error(pk)) {
		free(pc);
		diag(DIAG_ERROR, ap->paper->pos, "%s: the pack's page %zu cannot be read: %s",
		    ap->name, page + 1, qpdf_get_error_message_detail(pk,
		    qpdf_get_error(pk)));
		return AP_EXIT_SOFTWARE;
	}
	char draw[96];
	snprintf(draw, sizeof draw, "q 1 0 0 1 0 0 cm %s Do Q", name);
	struct buf nb;
	buf_init(&nb);
	const char *mk = pc ? memmem(pc, plen, MERGE_MARKER, strlen(MERGE_MARKER)) : NULL;
	if (mk) {
		size_t off = (size_t)(mk - (const char *)pc);
		buf_add(&nb, (const char *)pc, off);
		buf_adds(&nb, draw);
		size_t rest = off + strlen(MERGE_MARKER);
		buf_add(&nb, (const char *)pc + rest, plen - rest);
	} else {
		/* No marker (not made by our PDF device): underneath it all. */
		buf_adds(&nb, draw);
		buf_addc(&nb, '\n');
		buf_add(&nb, (const char *)pc, plen);
	}
	free(pc);
	/* The new content replaces the placeholder's (first) stream. */
	qpdf_oh cs = qpdf_oh_get_key(pk, ppg, "/Contents");
	if (qpdf_oh_is_array(pk, cs))
		cs = qpdf_oh_get_array_item(pk, cs, 0);
	if (!qpdf_oh_is_stream(pk, cs))
		cs = qpdf_oh_new_stream(pk);
	qpdf_oh_replace_stream_data(pk, cs, (unsigned char *)nb.s, nb.len,
	    qpdf_oh_new_null(pk), qpdf_oh_new_null(pk));
	buf_free(&nb);
	qpdf_oh_replace_key(pk, ppg, "/Contents", cs);
	return 0;
}

/* Takes the placeholder's Figure marked content out of the content of
 * pack page ppg, where placement i draws its form (the form's structure
 * replaced the Figure). */
static void unmark_page(qpdf_data pk, qpdf_oh ppg, size_t i)
{
	unsigned char *pc = NULL;
	size_t plen = 0;
	qpdf_oh_get_page_content_data(pk, ppg, &pc, &plen);
	char draw[96];
	snprintf(draw, sizeof draw, "q 1 0 0 1 0 0 cm /APx%zu Do Q", i);
	const char *at = pc && !qpdf_has_error(pk) ? memmem(pc, plen, draw, strlen(draw)) :
	    NULL;
	qpdf_oh cs = qpdf_oh_get_key(pk, ppg, "/Contents");
	if (at && qpdf_oh_is_stream(pk, cs)) {
		unmark_figure(pc, plen, (size_t)(at - (const char *)pc), strlen(draw));
		qpdf_oh_replace_stream_data(pk, cs, pc, plen, qpdf_oh_new_null(pk),
		    qpdf_oh_new_null(pk));
	}
	if (qpdf_has_error(pk))
		qpdf_get_error(pk);
	free(pc);
}

/* Carries each tagged appendix's structure (mg->tagpages, walked once
 * per file) in place of its pages' Figures; a file whose tree cannot be
 * used keeps its Figures, with its links tagged after them, and a
 * warning.  Frees mg->tagpages. */
static void carry_tags(struct merger *mg)
{
	struct merge_tagpage *all = mg->tagpages.v;
	struct vec one;
	vec_init(&one, sizeof(struct merge_tagpage));
	for (size_t i = 0; i < mg->tagpages.n; i++) {
		struct merge_appendix *ap = all[i].ap;
		if (ap == NULL)
			continue;                  /* its file is done */
		one.n = 0;
		for (size_t j = i; j < mg->tagpages.n; j++)
			if (all[j].ap == ap)
				*(struct merge_tagpage *)vec_push(&one) = all[j];
		struct merge_tagpage *tp = one.v;
		const char *why = merge_carry_tags(mg->pk, mg->str, ap, tp, one.n, &mg->links);
		if (why != NULL) {
			diag(DIAG_WARNING, ap->paper->pos, "%s: %s; its pages go into the "
			    "structure tree as figures with alt text only", ap->name, why);
			for (size_t k = 0; k < mg->links.n; k++) {
				struct merge_link *l = &((struct merge_link *)mg->links.v)[k];
				if (l->ap == ap)
					tag_link(mg, l->ppg, l->annot);
			}
		}
		for (size_t k = 0; k < one.n; k++) {
			if (why == NULL)
				unmark_page(mg->pk, tp[k].ppg, tp[k].place);
			vec_free(&tp[k].mcids);
		}
		for (size_t j = i; j < mg->tagpages.n; j++)
			if (all[j].ap == ap)
				all[j].ap = NULL;
	}
	vec_free(&one);
	vec_free(&mg->tagpages);
}

/* Draws one placement; returns 0 or an exit status after reporting. */
static int place_one(struct merger *mg, size_t i)
{
	const struct merge_place *pl = &mg->pl[i];
	struct merge_appendix *ap = pl->ap;
	qpdf_data q = ap->f->q, pk = mg->pk;
	char where[48];
	snprintf(where, sizeof where, "page %d: ", pl->pageno);
	qpdf_oh apg = qpdf_get_page_n(q, (size_t)(pl->pageno - 1));
	double box[4], m[6], w, h;
	int rot;
	struct arena *a = arena_new();
	const char *why = merge_page_geom(a, q, apg, box, &rot, m, &w, &h);
	if (why != NULL) {
		if (!merge_failed(q, ap, where))
			diag(DIAG_ERROR, ap->paper->pos, "%s: page %d %s", ap->name,
			    pl->pageno, why);
		arena_free(a);
		return AP_EXIT_DATAERR;
	}
	arena_free(a);
	if (pl->scale > 0) {
		/* Where the pack placed it: scaled, then moved (stamp bands). */
		for (int k = 0; k < 6; k++)
			m[k] *= pl->scale;
		m[4] += pl->dx;
		m[5] += pl->dy;
	}
	/* The page as a form XObject in the pack.  New objects are dear in
	 * libqpdf 11 (each one counts every object in the file), so the
	 * page's own content stream is copied and made the form; only a page
	 * with several content streams has them joined into the first. */
	qpdf_oh contents = qpdf_oh_get_key(q, apg, "/Contents");
	qpdf_oh first = contents;
	bool joined = false;
	if (qpdf_oh_is_array(q, contents)) {
		first = qpdf_oh_get_array_item(q, contents, 0);
		joined = qpdf_oh_get_array_n_items(q, contents) > 1;
	}
	qpdf_oh copy;
	if (qpdf_oh_is_stream(q, first)) {
		copy = qpdf_oh_copy_foreign_object(pk, q, first);
		if (merge_failed(pk, ap, where))
			return AP_EXIT_DATAERR;
		/* A stream two pages share is already some page's form. */
		if (merge_name_is(pk, qpdf_oh_get_key(pk, qpdf_oh_get_dict(pk, copy), "/Subtype"),
		    "/Form")) {
			copy = qpdf_oh_new_stream(pk);
			joined = true;
		}
	} else {
		copy = qpdf_oh_new_stream(pk);     /* an empty page */
		joined = true;
	}
	if (joined) {
		unsigned char *data = NULL;
		size_t dlen = 0;
		if (qpdf_oh_is_stream(q, first))
			qpdf_oh_get_page_content_data(q, apg, &data, &dlen);
		if (merge_failed(q, ap, where)) {
			free(data);
			return AP_EXIT_DATAERR;
		}
		qpdf_oh_replace_stream_data(pk, copy, data ? data : (unsigned char *)"", dlen,
		    qpdf_oh_new_null(pk), qpdf_oh_new_null(pk));
		free(data);
	}
	qpdf_oh fd = qpdf_oh_get_dict(pk, copy);
	qpdf_oh_replace_key(pk, fd, "/Type", qpdf_oh_new_name(pk, "/XObject"));
	qpdf_oh_replace_key(pk, fd, "/Subtype", qpdf_oh_new_name(pk, "/Form"));
	qpdf_oh bb = qpdf_oh_new_array(pk);
	for (int k = 0; k < 4; k++)
		qpdf_oh_append_item(pk, bb, real(pk, box[k]));
	qpdf_oh_replace_key(pk, fd, "/BBox", bb);
	qpdf_oh_replace_key(pk, fd, "/Matrix", matrix_array(pk, m));
	qpdf_oh res = qpdf_oh_get_key(q, apg, "/Resources");
	qpdf_oh_replace_key(pk, fd, "/Resources", qpdf_oh_is_dictionary(q, res) ?
	    copy_any(pk, q, res, 0) : qpdf_oh_new_dictionary(pk));
	if (merge_failed(q, ap, where) || merge_failed(pk, ap, where))
		return AP_EXIT_DATAERR;

	/* The placeholder: a private name for the form, drawn at the marker. */
	qpdf_oh ppg = qpdf_get_page_n(pk, pl->page);
	qpdf_oh pres = qpdf_oh_get_key(pk, ppg, "/Resources");
	if (!qpdf_oh_is_dictionary(pk, pres)) {
		qpdf_oh_replace_key(pk, ppg, "/Resources", qpdf_oh_new_dictionary(pk));
		pres = qpdf_oh_get_key(pk, ppg, "/Resources");
	}
	qpdf_oh xo = qpdf_oh_get_key(pk, pres, "/XObject");
	if (!qpdf_oh_is_dictionary(pk, xo)) {
		qpdf_oh_replace_key(pk, pres, "/XObject", qpdf_oh_new_dictionary(pk));
		xo = qpdf_oh_get_key(pk, pres, "/XObject");
	}
	char name[32];
	snprintf(name, sizeof name, "/APx%zu", i);
	qpdf_oh_replace_key(pk, xo, name, copy);

	/* A tagged appendix's page waits for its file's tree (carry_tags);
	 * another's links are tagged after its Figure now. */
	size_t nl = mg->links.n;
	rebuild_links(mg, pl, apg, ppg, m);
	qpdf_oh parr = 0;
	qpdf_oh fig = ap->tagged ? page_figure(mg, ppg, &parr) : 0;
	if (fig != 0) {
		struct merge_tagpage *t = vec_push(&mg->tagpages);
		*t = (struct merge_tagpage){ .ap = ap, .place = i,
			.apg_id = qpdf_oh_get_object_id(q, apg), .ppg = ppg, .form = copy,
			.fig = fig, .parr = parr };
		vec_init(&t->mcids, sizeof(qpdf_oh));
	} else {
		for (size_t k = nl; k < mg->links.n; k++)
			tag_link(mg, ppg, ((struct merge_link *)mg->links.v)[k].annot);
	}
	int st = draw_at_marker(pk, ap, pl->page, ppg, name);
	if (st != 0)
		return st;
	if (merge_failed(q, ap, where) || merge_failed(pk, ap, where))
		return AP_EXIT_DATAERR;
	return 0;
}

/* "1.7" as 17; 0 for anything but 1.0 to 1.7 (the versions whose
 * features a copied page may use: a file claiming 2.0 or 9.9 does not
 * set the pack's version). */
static int version_num(const char *v)
{
	if (v == NULL || v[0] != '1' || v[1] != '.' || v[2] < '0' || v[2] > '7' ||
	    v[3] != '\0')
		return 0;
	return 10 + (v[2] - '0');
}

int merge_pages(const unsigned char *pdf, size_t len, const struct merge_place *pl,
    size_t n, bool pdfa, unsigned char **out, size_t *outlen)
{
	struct merger mg = { .pl = pl, .n = n };
	vec_init(&mg.links, sizeof(struct merge_link));
	vec_init(&mg.tagpages, sizeof(struct merge_tagpage));
	mg.pk = qpdf_init();
	qpdf_data pk = mg.pk;
	qpdf_silence_errors(pk);
	qpdf_set_suppress_warnings(pk, QPDF_TRUE);
	int status = 0;
	if (qpdf_read_memory(pk, "the pack", (const char *)pdf, len, "") & QPDF_ERRORS) {
		diag_plain(DIAG_ERROR, "libqpdf cannot read the pack libharu made: %s",
		    qpdf_get_error_full_text(pk, qpdf_get_error(pk)));
		qpdf_cleanup(&pk);
		return AP_EXIT_SOFTWARE;
	}
	int npk = qpdf_get_num_pages(pk);
	qpdf_oh str = qpdf_oh_get_key(pk, qpdf_get_root(pk), "/StructTreeRoot");
	if (qpdf_oh_is_dictionary(pk, str)) {
		mg.str = str;
		mg.tagged = true;
	}
	int vmax = 0;                      /* 15 for "1.5"; the string qpdf
	                                      returns lives only until its next
	                                      call, so it is not kept */
	for (size_t i = 0; i < n && status == 0; i++) {
		if (pl[i].ap->f == NULL || (long)pl[i].page >= npk) {
			diag_plain(DIAG_ERROR, "internal: a placement for page %zu has no "
			    "appendix", pl[i].page + 1);
			status = AP_EXIT_SOFTWARE;
			break;
		}
		status = place_one(&mg, i);
		const char *v = qpdf_get_pdf_version(pl[i].ap->f->q);
		if (version_num(v) > vmax)
			vmax = version_num(v);
	}
	if (status == 0)
		carry_tags(&mg);
	for (size_t k = 0; k < mg.tagpages.n; k++)    /* after a failure */
		vec_free(&((struct merge_tagpage *)mg.tagpages.v)[k].mcids);
	vec_free(&mg.tagpages);
	vec_free(&mg.links);
	if (status == 0) {
		qpdf_init_write_memory(pk);
		/* Outside PDF/A the structure tree and the other dictionaries
		 * go into object streams (the file ends in a cross-reference
		 * stream, PDF 1.5); PDF/A-1 forbids them. */
		qpdf_set_object_stream_mode(pk, pdfa ? qpdf_o_disable : qpdf_o_generate);
		qpdf_set_compress_streams(pk, QPDF_TRUE);
		qpdf_set_deterministic_ID(pk, QPDF_TRUE);
		qpdf_set_preserve_unreferenced_objects(pk, QPDF_FALSE);
		/* PDF/A-1 stays at the pack's 1.4; else the newest appendix's,
		 * up to 1.7. */
		if (!pdfa && vmax > 0) {
			char vs[16];
			snprintf(vs, sizeof vs, "1.%d", vmax - 10);
			qpdf_set_minimum_pdf_version(pk, vs);
		}
		if (qpdf_write(pk) & QPDF_ERRORS) {
			diag_plain(DIAG_ERROR, "libqpdf could not write the pack: %s",
			    qpdf_get_error_full_text(pk, qpdf_get_error(pk)));
			status = AP_EXIT_SOFTWARE;
		} else {
			*outlen = qpdf_get_buffer_length(pk);
			*out = xmalloc(*outlen ? *outlen : 1);
			memcpy(*out, qpdf_get_buffer(pk), *outlen);
		}
	}
	qpdf_cleanup(&pk);
	return status;
}
