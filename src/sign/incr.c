/*
 * incr.c - the signature's incremental update (see incr.h).
 *
 * Reading: libqpdf opens the original from memory; we take the catalog,
 * the document information, the page the named destination points at,
 * and the structure tree root.  The original's last cross-reference
 * section is a classic table (PDF/A files, and the hybrid files whose
 * table's trailer names a /XRefStm) or a cross-reference stream (a pack
 * with PDF appendices that qpdf wrote with object streams): its offset
 * is the new section's /Prev.
 *
 * Writing: new objects are numbered from the old trailer's /Size.  A
 * changed object keeps its number and generation and is written again in
 * full: each key as qpdf unparses it (indirect values stay references),
 * with our keys replaced or added.  An array we add to (a page's /Annots,
 * an element's /K, a parent tree's /Nums) is rewritten where it lives:
 * its own object when it is indirect, else inside its holder.  An object
 * read from an object stream is written again as an ordinary object; the
 * new section's entry for it overrides the compressed one.
 *
 * The new section has the form of the last one: a classic table and
 * trailer after a classic table, a cross-reference stream (/Type /XRef,
 * listing itself too, deflated) after a stream, so that no reader meets
 * a classic table whose /Prev leads to a stream.  The trailer keys are
 * the same in both: /Size, /Root, /Info, /ID and /Prev.
 *
 * What PDF/A-1b and tagged PDF ask of the added objects: the widget is
 * printable (/F 4) with a normal appearance only (/AP << /N >>), no
 * transparency and no font in the appearance; the trailer keeps the
 * original /ID's first half; the widget has /StructParent, a /Form
 * element holds an OBJR to it, the parent tree maps the key back, and
 * the page gets /Tabs /S.
 */
#include "incr.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include <qpdf/qpdf-c.h>

#include "../util/xref.h"

struct incr_doc {
	const char *name;                  /* the input, for messages */
	const unsigned char *pdf;          /* its bytes (not owned) */
	size_t len;
	size_t prev;                       /* offset of its last xref section */
	bool xrefstm;                      /* that section is a stream */
	int size;                          /* its trailer's /Size */
	qpdf_data q;
	qpdf_oh root, info, page, sroot;   /* catalog, /Info, the page, the
	                                      StructTreeRoot (0 when absent) */
	double rect[4];                    /* the widget's /Rect, pt */
	bool invisible;
};

/* The update being written. */
struct upd {
	struct incr_doc *d;
	qpdf_data q;
	struct buf *out;
	struct vec xref;                   /* struct xref_ent: the objects
	                                      written, type 1 */
	int next;                          /* the next new object number */
};

/* A key of a dictionary being written again: its new value (PDF text),
 * or NULL to leave it out. */
struct edit {
	const char *key;                   /* with its slash: "/Annots" */
	char *val;                         /* heap, or NULL */
};

/* ---- reading ---- */

/* The handle of key in dictionary oh (a null object when absent). */
static qpdf_oh get(qpdf_data q, qpdf_oh oh, const char *key)
{
	return qpdf_oh_get_key(q, oh, key);
}

/* Whether name-valued key of oh is name (with its slash). */
static bool key_is(qpdf_data q, qpdf_oh oh, const char *key, const char *name)
{
	return qpdf_oh_is_name_and_equals(q, get(q, oh, key), name);
}

/* The offset after "startxref" at the end of the file, or (size_t)-1. */
static size_t find_startxref(const unsigned char *p, size_t len)
{
	if (len < 9)
		return (size_t)-1;
	size_t from = len > 1024 ? len - 1024 : 0;
	for (size_t i = len - 9; i + 1 > from; i--) {
		if (memcmp(p + i, "startxref", 9) != 0)
			continue;
		size_t k = i + 9, v = 0;
		while (k < len && (p[k] == ' ' || p[k] == '\r' || p[k] == '\n'))
			k++;
		if (k >= len || p[k] < '0' || p[k] > '9')
			return (size_t)-1;
		while (k < len && p[k] >= '0' && p[k] <= '9' && v < len)
			v = v * 10 + (size_t)(p[k++] - '0');
		return v < len ? v : (size_t)-1;
	}
	return (size_t)-1;
}

/* Whether p[off...] starts "N G obj" (an indirect object: there, a
 * cross-reference stream). */
static bool at_object(const unsigned char *p, size_t len, size_t off)
{
	size_t k = off;
	for (int part = 0; part < 2; part++) {
		size_t d0 = k;
		while (k < len && p[k] >= '0' && p[k] <= '9')
			k++;
		if (k == d0 || k >= len || (p[k] != ' ' && p[k] != '\n' && p[k] != '\r'))
			return false;
		while (k < len && (p[k] == ' ' || p[k] == '\n' || p[k] == '\r'))
			k++;
	}
	return len - k >= 3 && memcmp(p + k, "obj", 3) == 0;
}

/* Whether a signature field in fields (or beneath, depth levels at most)
 * has a value. */
static bool has_signed_field(qpdf_data q, qpdf_oh fields, int depth)
{
	int n = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh f = qpdf_oh_get_array_item(q, fields, i);
		if (key_is(q, f, "/FT", "/Sig") && !qpdf_oh_is_null(q, get(q, f, "/V")))
			return true;
		if (depth > 0 && has_signed_field(q, get(q, f, "/Kids"), depth - 1))
			return true;
	}
	return false;
}

/* Finds name in a name tree (depth levels at most); 0 when absent. */
static qpdf_oh name_tree_find(qpdf_data q, qpdf_oh node, const char *name, int depth)
{
	qpdf_oh names = get(q, node, "/Names");
	int n = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names) : 0;
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, names, i);
		if (qpdf_oh_is_string(q, k) && strcmp(qpdf_oh_get_utf8_value(q, k), name) == 0)
			return qpdf_oh_get_array_item(q, names, i + 1);
	}
	qpdf_oh kids = get(q, node, "/Kids");
	n = depth > 0 && qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh r = name_tree_find(q, qpdf_oh_get_array_item(q, kids, i), name, depth - 1);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Reads the destination of the signature line into d->page and d->rect;
 * false when there is none (or it is not [page /FitR l b r t] or
 * [page /XYZ left top zoom] on a page of the document). */
static bool find_line(struct incr_doc *d)
{
	qpdf_data q = d->q;
	qpdf_oh dst = get(q, get(q, d->root, "/Dests"), "/" INCR_SIGN_DEST);
	if (qpdf_oh_is_null(q, dst))
		dst = name_tree_find(q, get(q, get(q, d->root, "/Names"), "/Dests"),
		    INCR_SIGN_DEST, 16);
	if (dst != 0 && qpdf_oh_is_dictionary(q, dst))
		dst = get(q, dst, "/D");
	if (dst == 0 || !qpdf_oh_is_array(q, dst) || qpdf_oh_get_array_n_items(q, dst) < 4)
		return false;
	qpdf_oh pg = qpdf_oh_get_array_item(q, dst, 0);
	if (!qpdf_oh_is_indirect(q, pg) || qpdf_find_page_by_oh(q, pg) < 0)
		return false;
	double v[4] = { 0 };
	int n = qpdf_oh_get_array_n_items(q, dst);
	for (int i = 2; i < n && i < 6; i++)
		if (!qpdf_oh_get_value_as_number(q, qpdf_oh_get_array_item(q, dst, i), &v[i - 2]))
			return false;
	qpdf_oh kind = qpdf_oh_get_array_item(q, dst, 1);
	if (qpdf_oh_is_name_and_equals(q, kind, "/FitR") && n == 6) {
		d->rect[0] = v[0] < v[2] ? v[0] : v[2];
		d->rect[1] = v[1] < v[3] ? v[1] : v[3];
		d->rect[2] = v[0] < v[2] ? v[2] : v[0];
		d->rect[3] = v[1] < v[3] ? v[3] : v[1];
	} else if (qpdf_oh_is_name_and_equals(q, kind, "/XYZ")) {
		/* A point: a box of a common signature's size below it. */
		d->rect[0] = v[0];
		d->rect[1] = v[1] - 36;
		d->rect[2] = v[0] + 216;
		d->rect[3] = v[1];
	} else {
		return false;
	}
	if (d->rect[2] - d->rect[0] < 1 || d->rect[3] - d->rect[1] < 1)
		return false;
	d->page = pg;
	return true;
}

/* Checks that the file is agendapack's and unsigned; reports and returns
 * false when not. */
static bool check_doc(struct incr_doc *d)
{
	qpdf_data q = d->q;
	const char *prod = incr_info(d, "Producer");
	bool ours = prod != NULL && strncmp(prod, "agendapack", 10) == 0;
	const char *creator = incr_info(d, "Creator");
	ours = ours || (creator != NULL && strncmp(creator, "agendapack", 10) == 0);
	if (!ours) {
		prod = incr_info(d, "Producer");
		diag_plain(DIAG_ERROR, "%s: not made by agendapack (its producer is '%s'); "
		    "agendapack signs only the minutes it builds", d->name,
		    prod && *prod ? prod : "not given");
		return false;
	}
	qpdf_oh af = get(q, d->root, "/AcroForm");
	qpdf_oh flags = get(q, af, "/SigFlags");
	bool sigflag = qpdf_oh_is_integer(q, flags) && (qpdf_oh_get_int_value(q, flags) & 1);
	if (sigflag || has_signed_field(q, get(q, af, "/Fields"), 8) ||
	    !qpdf_oh_is_null(q, get(q, d->root, "/Perms"))) {
		diag_plain(DIAG_ERROR, "%s: the file is signed already; sign the unsigned "
		    "file that agendapack built (pdfsig shows the signatures it has)", d->name);
		return false;
	}
	return true;
}

/* Reports qpdf's pending error about d's file; true when there was one. */
static bool qpdf_failed(struct incr_doc *d, const char *doing)
{
	if (!qpdf_has_error(d->q))
		return false;
	qpdf_error e = qpdf_get_error(d->q);
	diag_plain(DIAG_ERROR, "%s: %s: %s", d->name, doing,
	    qpdf_get_error_message_detail(d->q, e));
	return true;
}

int incr_open(const char *name, const unsigned char *pdf, size_t len, bool invisible,
    struct incr_doc **out)
{
	*out = NULL;
	if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0) {
		diag_plain(DIAG_ERROR, "%s: not a PDF file", name);
		return AP_EXIT_DATAERR;
	}
	struct incr_doc *d = xcalloc(1, sizeof *d);
	d->name = name;
	d->pdf = pdf;
	d->len = len;
	d->invisible = invisible;
	d->q = qpdf_init();
	qpdf_silence_errors(d->q);
	qpdf_set_suppress_warnings(d->q, QPDF_TRUE);
	int status = AP_EXIT_DATAERR;
	if (qpdf_read_memory(d->q, name, (const char *)pdf, len, "") & QPDF_ERRORS) {
		qpdf_failed(d, "not a readable PDF");
		goto fail;
	}
	d->prev = find_startxref(pdf, len);
	qpdf_oh trailer = qpdf_get_trailer(d->q);
	bool table = d->prev != (size_t)-1 && len - d->prev >= 4 &&
	    memcmp(pdf + d->prev, "xref", 4) == 0;
	d->xrefstm = !table && d->prev != (size_t)-1 && at_object(pdf, len, d->prev) &&
	    key_is(d->q, trailer, "/Type", "/XRef");
	if (!table && !d->xrefstm) {
		diag_plain(DIAG_ERROR, "%s: startxref leads to neither a cross-reference "
		    "table nor a cross-reference stream (a damaged file); agendapack signs "
		    "the files it writes", name);
		goto fail;
	}
	d->size = qpdf_oh_get_int_value_as_int(d->q, get(d->q, trailer, "/Size"));
	d->root = qpdf_get_root(d->q);
	d->info = get(d->q, trailer, "/Info");
	if (d->size <= 0 || !qpdf_oh_is_indirect(d->q, d->root)) {
		diag_plain(DIAG_ERROR, "%s: the trailer has no /Size or /Root", name);
		goto fail;
	}
	if (!check_doc(d))
		goto fail;
	if (!find_line(d)) {
		if (!invisible) {
			diag_plain(DIAG_ERROR, "%s: no signature line (the named destination '%s'): "
			    "build the minutes again with this agendapack, or sign with --invisible",
			    name, INCR_SIGN_DEST);
			goto fail;
		}
		int np = qpdf_get_num_pages(d->q);
		if (np <= 0) {
			diag_plain(DIAG_ERROR, "%s: the document has no pages", name);
			goto fail;
		}
		d->page = qpdf_get_page_n(d->q, (size_t)np - 1);
	}
	if (invisible)
		memset(d->rect, 0, sizeof d->rect);
	qpdf_oh sr = get(d->q, d->root, "/StructTreeRoot");
	d->sroot = qpdf_oh_is_dictionary(d->q, sr) && qpdf_oh_is_indirect(d->q, sr) ? sr : 0;
	if (qpdf_failed(d, "cannot read it"))
		goto fail;
	*out = d;
	return AP_EXIT_OK;
fail:
	incr_close(d);
	return status;
}

void incr_close(struct incr_doc *d)
{
	if (d == NULL)
		return;
	qpdf_cleanup(&d->q);
	free(d);
}

void incr_widget_size(const struct incr_doc *d, double *w, double *h)
{
	*w = d->rect[2] - d->rect[0];
	*h = d->rect[3] - d->rect[1];
}

const char *incr_info(struct incr_doc *d, const char *key)
{
	char k[64];
	snprintf(k, sizeof k, "/%s", key);
	qpdf_oh v = qpdf_oh_is_dictionary(d->q, d->info) ? get(d->q, d->info, k) : 0;
	if (v == 0 || !qpdf_oh_is_string(d->q, v))
		return NULL;
	return qpdf_oh_get_utf8_value(d->q, v);
}

/* ---- writing ---- */

/* Appends s as a PDF text string: literal when printable ASCII, else
 * UTF-16BE with a byte order mark. */
static void put_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool ascii = true;
	for (size_t i = 0; p[i]; i++)
		ascii = ascii && p[i] >= 0x20 && p[i] < 0x7F;
	if (ascii) {
		buf_addc(b, '(');
		for (; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		}
		buf_addc(b, ')');
		return;
	}
	buf_adds(b, "<FEFF");
	const char *c = s, *end = s + strlen(s);
	while (c < end) {
		int32_t cp = utf8_next(&c, end);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else {
			buf_printf(b, "%04X", (unsigned)cp);
		}
	}
	buf_addc(b, '>');
}

/* Starts object num (generation gen) at the end of the output. */
static void obj_begin(struct upd *u, int num, int gen)
{
	struct xref_ent *e = vec_push(&u->xref);
	*e = (struct xref_ent){ .num = (uint32_t)num, .f2 = u->out->len, .f3 = (uint32_t)gen,
	    .type = 1 };
	buf_printf(u->out, "%d %d obj\n", num, gen);
}

/* Ends the object begun last. */
static void obj_end(struct upd *u)
{
	buf_adds(u->out, "\nendobj\n");
}

/* "N G R" for an indirect handle, in buf r. */
static const char *ref(struct upd *u, qpdf_oh oh, char r[32])
{
	snprintf(r, 32, "%d %d R", qpdf_oh_get_object_id(u->q, oh),
	    qpdf_oh_get_generation(u->q, oh));
	return r;
}

/* Appends dictionary oh as PDF with the edits applied (a key edited is
 * written with its new value, or left out; new keys come last). */
static void put_dict(struct upd *u, struct buf *b, qpdf_oh oh, const struct edit *e, size_t ne)
{
	qpdf_data q = u->q;
	struct vec keys;
	vec_init(&keys, sizeof(char *));
	qpdf_oh_begin_dict_key_iter(q, oh);
	while (qpdf_oh_dict_more_keys(q))
		*(char **)vec_push(&keys) = xstrdup(qpdf_oh_dict_next_key(q));
	buf_adds(b, "<<");
	for (size_t i = 0; i < keys.n; i++) {
		const char *k = ((char **)keys.v)[i];
		bool edited = false;
		for (size_t j = 0; j < ne; j++)
			edited = edited || strcmp(e[j].key, k) == 0;
		if (!edited) {
			buf_printf(b, " %s ", qpdf_oh_unparse(q, qpdf_oh_new_name(q, k)));
			buf_adds(b, qpdf_oh_unparse(q, get(q, oh, k)));
		}
		free(((char **)keys.v)[i]);
	}
	vec_free(&keys);
	for (size_t j = 0; j < ne; j++)
		if (e[j].val)
			buf_printf(b, " %s %s", e[j].key, e[j].val);
	buf_adds(b, " >>");
}

/* Writes indirect dictionary oh again with the edits; frees their values. */
static void rewrite(struct upd *u, qpdf_oh oh, struct edit *e, size_t ne)
{
	obj_begin(u, qpdf_oh_get_object_id(u->q, oh), qpdf_oh_get_generation(u->q, oh));
	put_dict(u, u->out, oh, e, ne);
	obj_end(u);
	for (size_t j = 0; j < ne; j++)
		free(e[j].val);
}

/* The PDF text of arr with item appended: arr is an array, a lone value
 * (which becomes the first element) or null (nothing). */
static void array_plus(struct upd *u, struct buf *b, qpdf_oh arr, const char *item)
{
	qpdf_data q = u->q;
	buf_adds(b, "[");
	if (qpdf_oh_is_array(q, arr)) {
		int n = qpdf_oh_get_array_n_items(q, arr);
		for (int i = 0; i < n; i++)
			buf_printf(b, "%s ", qpdf_oh_unparse(q, qpdf_oh_get_array_item(q, arr, i)));
	} else if (!qpdf_oh_is_null(q, arr)) {
		buf_printf(b, "%s ", qpdf_oh_unparse(q, arr));
	}
	buf_printf(b, "%s]", item);
}

/* Appends item to the array under key in holder.  An indirect array is
 * written again as its own object (returns NULL); otherwise returns the
 * new array's text (heap) for an edit of holder. */
static char *append_to(struct upd *u, qpdf_oh holder, const char *key, const char *item)
{
	qpdf_oh v = get(u->q, holder, key);
	struct buf b;
	buf_init(&b);
	if (qpdf_oh_is_indirect(u->q, v) && qpdf_oh_is_array(u->q, v)) {
		obj_begin(u, qpdf_oh_get_object_id(u->q, v), qpdf_oh_get_generation(u->q, v));
		array_plus(u, u->out, v, item);
		obj_end(u);
		return NULL;
	}
	array_plus(u, &b, v, item);
	return b.s;
}

/* A copy of s in the heap. */
static char *str(const char *s)
{
	return xstrdup(s);
}

/* The largest key in number tree node (depth levels at most), or -1. */
static long long max_key(qpdf_data q, qpdf_oh node, int depth)
{
	long long m = -1;
	qpdf_oh nums = get(q, node, "/Nums");
	int n = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
	for (int i = 0; i + 1 < n; i += 2) {
		long long k = qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, nums, i));
		m = k > m ? k : m;
	}
	qpdf_oh kids = get(q, node, "/Kids");
	n = depth > 0 && qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
	for (int i = 0; i < n; i++) {
		long long k = max_key(q, qpdf_oh_get_array_item(q, kids, i), depth - 1);
		m = k > m ? k : m;
	}
	return m;
}

/* The edit that sets a number tree node's /Limits to [its low, key], or
 * no value when the node has none. */
static char *limits_to(struct upd *u, qpdf_oh node, long long key)
{
	qpdf_oh lim = get(u->q, node, "/Limits");
	if (!qpdf_oh_is_array(u->q, lim) || qpdf_oh_get_array_n_items(u->q, lim) != 2)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "[%s %lld]", qpdf_oh_unparse(u->q, qpdf_oh_get_array_item(u->q, lim, 0)),
	    key);
	return b.s;
}

/* Adds key -> entry (an element's reference) to the parent tree, and
 * rewrites the StructTreeRoot with /ParentTreeNextKey key + 1. */
static void add_parent_entry(struct upd *u, long long key, const char *entry)
{
	qpdf_data q = u->q;
	qpdf_oh sr = u->d->sroot, pt = get(q, sr, "/ParentTree");
	char pair[64];
	snprintf(pair, sizeof pair, "%lld %s", key, entry);
	struct edit re[2] = { { "/ParentTreeNextKey", NULL }, { "/ParentTree", NULL } };
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%lld", key + 1);
	re[0].val = b.s;
	if (!qpdf_oh_is_dictionary(q, pt)) {
		buf_init(&b);
		buf_printf(&b, "<< /Nums [%s] >>", pair);
		re[1].val = b.s;
		rewrite(u, sr, re, 2);
		return;
	}
	struct edit pe[2] = { { "/Limits", limits_to(u, pt, key) }, { "/Nums", NULL } };
	if (!qpdf_oh_is_null(q, get(q, pt, "/Kids"))) {
		int leaf = u->next++;
		obj_begin(u, leaf, 0);
		buf_printf(u->out, "<< /Limits [%lld %lld] /Nums [%s] >>", key, key, pair);
		obj_end(u);
		char r[32];
		snprintf(r, sizeof r, "%d 0 R", leaf);
		pe[1].key = "/Kids";
		pe[1].val = append_to(u, pt, "/Kids", r);
	} else {
		pe[1].val = append_to(u, pt, "/Nums", pair);
	}
	/* Keys left alone keep their values: an edit without one is dropped
	 * from the list rather than deleting the key. */
	size_t ne = 0;
	for (size_t i = 0; i < 2; i++)
		if (pe[i].val)
			pe[ne++] = pe[i];
	if (qpdf_oh_is_indirect(q, pt)) {
		rewrite(u, pt, pe, ne);
		rewrite(u, sr, re, 1);
	} else {
		buf_init(&b);
		put_dict(u, &b, pt, pe, ne);
		for (size_t i = 0; i < ne; i++)
			free(pe[i].val);
		re[1].val = b.s;
		rewrite(u, sr, re, 2);
	}
}

/* The element the /Form element joins: the last element under the
 * Document element (the minutes' Sect), else the Document element, else
 * 0. */
static qpdf_oh form_parent(struct upd *u)
{
	qpdf_data q = u->q;
	qpdf_oh k = get(q, u->d->sroot, "/K");
	if (qpdf_oh_is_array(q, k) && qpdf_oh_get_array_n_items(q, k) > 0)
		k = qpdf_oh_get_array_item(q, k, qpdf_oh_get_array_n_items(q, k) - 1);
	if (!qpdf_oh_is_dictionary(q, k) || !qpdf_oh_is_indirect(q, k))
		return 0;
	qpdf_oh kk = get(q, k, "/K");
	if (qpdf_oh_is_array(q, kk) && qpdf_oh_get_array_n_items(q, kk) > 0) {
		qpdf_oh last = qpdf_oh_get_array_item(q, kk, qpdf_oh_get_array_n_items(q, kk) - 1);
		if (qpdf_oh_is_indirect(q, last) && qpdf_oh_is_dictionary(q, last) &&
		    qpdf_oh_is_name(q, get(q, last, "/S")) && !key_is(q, last, "/Type", "/MCR") &&
		    !key_is(q, last, "/Type", "/OBJR"))
			return last;
	}
	return k;
}

/* Writes the /Form element for widget wid (with alt text alt) under
 * parent (form_parent's), and the parent-tree entry for key. */
static void add_form_element(struct upd *u, qpdf_oh parent, int wid, long long key,
    const char *alt)
{
	char pr[32], pg[32], fr[32];
	int form = u->next++;
	obj_begin(u, form, 0);
	buf_printf(u->out, "<< /Type /StructElem /S /Form /P %s /Pg %s /K << /Type /OBJR "
	    "/Obj %d 0 R /Pg %s >> /Alt ", ref(u, parent, pr), ref(u, u->d->page, pg), wid, pg);
	put_text(u->out, alt);
	buf_adds(u->out, " >>");
	obj_end(u);
	snprintf(fr, sizeof fr, "%d 0 R", form);
	struct edit e = { "/K", append_to(u, parent, "/K", fr) };
	if (e.val)
		rewrite(u, parent, &e, 1);
	add_parent_entry(u, key, fr);
}

/* Appends a PDF date for t (UTC) to b: (D:YYYYMMDDHHmmSS+00'00'). */
static void put_date(struct buf *b, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	char s[40];
	strftime(s, sizeof s, "(D:%Y%m%d%H%M%S+00'00')", &tm);
	buf_adds(b, s);
}

/* The width the /ByteRange placeholder reserves: "[0 a b c]" and spaces. */
#define BR_WIDTH 72

/* Writes the signature dictionary as object num; sets the offsets of
 * its /ByteRange placeholder and of the '<' of /Contents. */
static void put_sig(struct upd *u, int num, const struct incr_sig *s, size_t *br, size_t *lt)
{
	struct buf *b = u->out;
	obj_begin(u, num, 0);
	buf_adds(b, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ");
	put_date(b, s->when);
	buf_adds(b, " /Name ");
	put_text(b, s->name);
	if (s->reason) {
		buf_adds(b, " /Reason ");
		put_text(b, s->reason);
	}
	if (s->location) {
		buf_adds(b, " /Location ");
		put_text(b, s->location);
	}
	buf_adds(b, "\n/ByteRange ");
	*br = b->len;
	buf_printf(b, "%-*s", BR_WIDTH, "[0 0 0 0]");
	buf_adds(b, "\n/Contents ");
	*lt = b->len;
	buf_addc(b, '<');
	for (size_t i = 0; i < 2 * s->cms_max; i++)
		buf_addc(b, '0');
	buf_adds(b, "> >>");
	obj_end(u);
}

/* Writes the widget's appearance as stream object num (compressed). */
static void put_appearance(struct upd *u, int num, const struct incr_sig *s, double w,
    double h)
{
	uLongf zlen = compressBound((uLong)s->appearance_len);
	unsigned char *z = xmalloc(zlen);
	if (compress2(z, &zlen, (const Bytef *)s->appearance, (uLong)s->appearance_len, 9) != Z_OK)
		zlen = 0;                  /* only on out-of-memory: draw nothing */
	obj_begin(u, num, 0);
	buf_printf(u->out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] "
	    "/Resources << >> /Filter /FlateDecode /Length %lu >>\nstream\n", w, h,
	    (unsigned long)zlen);
	buf_add(u->out, (const char *)z, zlen);
	buf_adds(u->out, "\nendstream");
	obj_end(u);
	free(z);
}

/* Appends to b the trailer keys both forms share: /Size, /Root, /Info
 * and /ID (the original's first half, and a new second half: a digest of
 * the update written so far, FNV-1a in two lanes), then /Prev. */
static void put_trailer_keys(struct upd *u, struct buf *b)
{
	qpdf_data q = u->q;
	struct incr_doc *d = u->d;
	char rr[32], ir[32];
	buf_printf(b, "/Size %d /Root %s", u->next, ref(u, d->root, rr));
	if (qpdf_oh_is_indirect(q, d->info))
		buf_printf(b, " /Info %s", ref(u, d->info, ir));
	qpdf_oh id = get(q, qpdf_get_trailer(q), "/ID");
	if (qpdf_oh_is_array(q, id) && qpdf_oh_get_array_n_items(q, id) == 2) {
		size_t n0 = 0;
		const unsigned char *id0 = (const unsigned char *)qpdf_oh_get_binary_string_value(q,
		    qpdf_oh_get_array_item(q, id, 0), &n0);
		uint64_t h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
		for (size_t i = d->len; i < u->out->len; i++) {
			h[0] = (h[0] ^ (uint8_t)u->out->s[i]) * 0x100000001b3ULL;
			h[1] = (h[1] ^ (uint8_t)u->out->s[i]) * 0x100000001b3ULL * 31;
		}
		buf_adds(b, " /ID [<");
		for (size_t i = 0; i < n0; i++)
			buf_printf(b, "%02X", id0[i]);
		buf_printf(b, "> <%016llX%016llX>]", (unsigned long long)h[0],
		    (unsigned long long)h[1]);
	}
	buf_printf(b, " /Prev %zu", d->prev);
}

/* Writes the cross-reference section as a classic table and trailer. */
static void put_xref_table(struct upd *u)
{
	xref_sort(u->xref.v, u->xref.n);
	size_t at = u->out->len;
	xref_table(u->out, u->xref.v, u->xref.n);
	buf_adds(u->out, "trailer\n<< ");
	put_trailer_keys(u, u->out);
	buf_printf(u->out, " >>\nstartxref\n%zu\n%%%%EOF\n", at);
}

/* Writes the cross-reference section as a stream (an object of its own,
 * numbered next, with an entry for itself), deflated. */
static void put_xref_stream(struct upd *u)
{
	int num = u->next++;
	size_t at = u->out->len;
	struct xref_ent *self = vec_push(&u->xref);
	*self = (struct xref_ent){ .num = (uint32_t)num, .f2 = at, .type = 1 };
	xref_sort(u->xref.v, u->xref.n);
	struct buf dict, rows, index;
	buf_init(&dict);
	buf_init(&rows);
	buf_init(&index);
	int wo, wg;
	xref_stream_rows(u->xref.v, u->xref.n, false, &rows, &index, &wo, &wg);
	buf_printf(&dict, "/Index [%s] /W [1 %d %d] ", index.s, wo, wg);
	buf_free(&index);
	put_trailer_keys(u, &dict);          /* the digest stops before this object */
	uLongf zlen = compressBound((uLong)rows.len);
	unsigned char *z = xmalloc(zlen);
	bool flate = compress2(z, &zlen, (const Bytef *)rows.s, (uLong)rows.len, 9) == Z_OK;
	if (!flate) {                        /* only on out-of-memory: stored */
		zlen = (uLongf)rows.len;
		memcpy(z, rows.s, rows.len);
	}
	buf_printf(u->out, "%d 0 obj\n<< /Type /XRef %s%s /Length %lu >>\nstream\n", num,
	    dict.s, flate ? " /Filter /FlateDecode" : "", (unsigned long)zlen);
	buf_add(u->out, (const char *)z, zlen);
	buf_printf(u->out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", at);
	free(z);
	buf_free(&dict);
	buf_free(&rows);
}

/* Writes the catalog (or its /AcroForm object) with the field added. */
static void add_field(struct upd *u, const char *wref)
{
	qpdf_data q = u->q;
	qpdf_oh af = get(q, u->d->root, "/AcroForm");
	if (qpdf_oh_is_dictionary(q, af)) {
		struct edit e[2] = { { "/Fields", append_to(u, af, "/Fields", wref) },
		    { "/SigFlags", str("3") } };
		if (e[0].val == NULL) {
			e[0] = e[1];
			e[1].val = NULL;
		}
		if (qpdf_oh_is_indirect(q, af)) {
			rewrite(u, af, e, e[1].val ? 2 : 1);
			return;
		}
		struct buf b;
		buf_init(&b);
		put_dict(u, &b, af, e, e[1].val ? 2 : 1);
		free(e[0].val);
		free(e[1].val);
		struct edit ce = { "/AcroForm", b.s };
		rewrite(u, u->d->root, &ce, 1);
		return;
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "<< /Fields [%s] /SigFlags 3 >>", wref);
	struct edit ce = { "/AcroForm", b.s };
	rewrite(u, u->d->root, &ce, 1);
}

int incr_write(struct incr_doc *d, const struct incr_sig *s, struct buf *out,
    size_t range[4], size_t *contents)
{
	struct upd u = { .d = d, .q = d->q, .out = out, .next = d->size };
	vec_init(&u.xref, sizeof(struct xref_ent));
	buf_add(out, (const char *)d->pdf, d->len);
	if (d->len > 0 && d->pdf[d->len - 1] != '\n' && d->pdf[d->len - 1] != '\r')
		buf_addc(out, '\n');
	int sig = u.next++, wid = u.next++, ap = u.next++;
	size_t br, lt;
	put_sig(&u, sig, s, &br, &lt);
	double w, h;
	incr_widget_size(d, &w, &h);
	/* What the field is, for assistive technology and tooltips. */
	struct buf alt;
	buf_init(&alt);
	buf_printf(&alt, "Digital signature of %s", s->name);
	if (s->reason)
		buf_printf(&alt, ": %s", s->reason);
	long long key = -1;
	qpdf_oh parent = d->sroot ? form_parent(&u) : 0;
	if (parent != 0) {
		qpdf_oh nk = get(d->q, d->sroot, "/ParentTreeNextKey");
		key = qpdf_oh_is_integer(d->q, nk) ? qpdf_oh_get_int_value(d->q, nk) :
		    max_key(d->q, get(d->q, d->sroot, "/ParentTree"), 16) + 1;
	}
	char pg[32];
	obj_begin(&u, wid, 0);
	buf_printf(out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /TU ");
	put_text(out, alt.s);
	buf_printf(out, " /V %d 0 R /F 4 /Rect [%.3f %.3f %.3f %.3f] /P %s /AP << /N %d 0 R >>",
	    sig, d->rect[0], d->rect[1], d->rect[2], d->rect[3], ref(&u, d->page, pg), ap);
	if (key >= 0)
		buf_printf(out, " /StructParent %lld", key);
	buf_adds(out, " >>");
	obj_end(&u);
	put_appearance(&u, ap, s, w, h);
	if (key >= 0)
		add_form_element(&u, parent, wid, key, alt.s);
	buf_free(&alt);
	char wref[32];
	snprintf(wref, sizeof wref, "%d 0 R", wid);
	add_field(&u, wref);
	struct edit pe[2] = { { "/Annots", append_to(&u, d->page, "/Annots", wref) },
	    { "/Tabs", str("/S") } };
	if (pe[0].val == NULL) {
		pe[0] = pe[1];
		pe[1].val = NULL;
	}
	rewrite(&u, d->page, pe, pe[1].val ? 2 : 1);
	if (d->xrefstm)
		put_xref_stream(&u);
	else
		put_xref_table(&u);
	vec_free(&u.xref);
	if (qpdf_failed(d, "cannot read it")) {
		buf_reset(out);
		return AP_EXIT_DATAERR;
	}
	/* The signed ranges: everything but the <...> of /Contents. */
	size_t gt = lt + 2 * s->cms_max + 2;
	range[0] = 0;
	range[1] = lt;
	range[2] = gt;
	range[3] = out->len - gt;
	char brs[BR_WIDTH + 1];
	int n = snprintf(brs, sizeof brs, "[0 %zu %zu %zu]", range[1], range[2], range[3]);
	memcpy(out->s + br, brs, (size_t)n);
	*contents = lt + 1;
	return AP_EXIT_OK;
}
