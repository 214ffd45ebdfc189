/*
 * clean.c - what an appendix page may bring into the pack.
 *
 * merge.c copies a page's content stream and resources with libqpdf's
 * foreign copy, which takes everything they reach.  Before that, this
 * walk goes over that graph once (iteratively, each object once per
 * page) and, in the appendix's own objects (which are never written):
 *
 *  - removes keys a drawn page never needs and that can carry actions,
 *    scripts or files: /OpenAction /AA /A /JS /JavaScript /Names
 *    /EmbeddedFiles /EF /URI /Launch /Parent /P /Annots /StructParent
 *    /StructParents /Metadata /PieceInfo /OPI, and in a stream's
 *    dictionary /F /FFilter /FDecodeParms (external data);
 *  - replaces by null any reference to a catalog, page tree node, page,
 *    annotation, action, file specification, embedded file, outline,
 *    signature, structure element or anything holding JavaScript;
 *  - adds up the size every stream it reaches inflates to, and refuses
 *    the page past MERGE_MAX_INFLATED, before anything is inflated in
 *    full: a Flate stream first in its chain is inflated here in pieces
 *    and counted (the output thrown away), stopping at the limit; other
 *    filters are bounded by their worst case (ASCIIHex and ASCII85 1x,
 *    RunLength 128x, LZW 4096x per 9-bit code, Flate after another
 *    filter 1032x); image codecs qpdf never decodes (DCT, JPX, CCITT,
 *    JBIG2) count their encoded size.
 *
 * Links on the page itself are rebuilt by merge.c, never copied.
 */
#include "mergeint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Keys removed from every dictionary the page's drawing reaches. */
static const char *const drop_keys[] = {
	"/OpenAction", "/AA", "/A", "/JS", "/JavaScript", "/Names", "/EmbeddedFiles",
	"/EF", "/URI", "/Launch", "/Parent", "/P", "/Annots", "/StructParent",
	"/StructParents", "/Metadata", "/PieceInfo", "/OPI",
};

/* Keys removed from a stream's dictionary besides: external data. */
static const char *const drop_stream_keys[] = { "/F", "/FFilter", "/FDecodeParms" };

/* /Type values of objects a drawing never refers to. */
static const char *const bad_types[] = {
	"/Catalog", "/Pages", "/Page", "/Annot", "/Action", "/Filespec",
	"/EmbeddedFile", "/Outlines", "/Sig", "/StructTreeRoot", "/StructElem",
	"/Names", "/Collection",
};

/* /S values of actions. */
static const char *const action_kinds[] = {
	"/JavaScript", "/Launch", "/URI", "/GoTo", "/GoToR", "/GoToE", "/SubmitForm",
	"/ImportData", "/ResetForm", "/Rendition", "/Sound", "/Movie", "/Hide",
	"/Named", "/SetOCGState", "/Trans", "/GoTo3DView", "/RichMediaExecute",
	"/Thread",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One page's walk. */
struct clean {
	qpdf_data q;
	struct merge_file *f;
	struct idset page_seen;            /* objects walked for this page */
	struct vec stack;                  /* qpdf_oh still to walk */
	long long inflated;                /* bytes the page's streams make */
	bool over;                         /* past MERGE_MAX_INFLATED */
	long visited;                      /* objects walked */
};

/* True if name object oh is one of names[0..n). */
static bool name_in(qpdf_data q, qpdf_oh oh, const char *const *names, size_t n)
{
	if (!qpdf_oh_is_name(q, oh))
		return false;
	for (size_t i = 0; i < n; i++)
		if (merge_name_is(q, oh, names[i]))
			return true;
	return false;
}

/* True when oh (a dictionary or a stream) is something a drawing never
 * refers to: see bad_types, action_kinds. */
static bool unwanted(qpdf_data q, qpdf_oh oh)
{
	qpdf_oh d = qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;
	if (!qpdf_oh_is_dictionary(q, d))
		return false;
	if (name_in(q, qpdf_oh_get_key(q, d, "/Type"), bad_types, N(bad_types)))
		return true;
	if (qpdf_oh_has_key(q, d, "/JS"))
		return true;
	return name_in(q, qpdf_oh_get_key(q, d, "/S"), action_kinds, N(action_kinds));
}

/* Counts what Flate data d[0..n) inflates to, stopping past budget. */
static long long inflated_size(const unsigned char *d, size_t n, long long budget)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return (long long)n;
	static unsigned char out[1 << 16];
	long long total = 0;
	z.next_in = (unsigned char *)d;
	z.avail_in = (uInt)(n > 0x7fffffff ? 0x7fffffff : n);
	for (;;) {
		z.next_out = out;
		z.avail_out = sizeof out;
		int rc = inflate(&z, Z_NO_FLUSH);
		total += (long long)(sizeof out - z.avail_out);
		if (rc != Z_OK || total > budget || (z.avail_in == 0 && z.avail_out != 0))
			break;
	}
	inflateEnd(&z);
	return total;
}

/* The filter names of stream dictionary d, at most 8, in order. */
static int filters(qpdf_data q, qpdf_oh d, const char *fs[8], struct arena *a)
{
	qpdf_oh f = qpdf_oh_get_key(q, d, "/Filter");
	int n = 0;
	if (qpdf_oh_is_name(q, f)) {
		fs[n++] = arena_strdup(a, qpdf_oh_get_name(q, f));
	} else if (qpdf_oh_is_array(q, f)) {
		int k = qpdf_oh_get_array_n_items(q, f);
		for (int i = 0; i < k && n < 8; i++) {
			qpdf_oh it = qpdf_oh_get_array_item(q, f, i);
			fs[n++] = arena_strdup(a, qpdf_oh_is_name(q, it) ?
			    qpdf_oh_get_name(q, it) : "/?");
		}
	}
	return n;
}

/* Adds the inflated size of stream oh to c (see the header comment). */
static void count_stream(struct clean *c, struct arena *a, qpdf_oh oh)
{
	qpdf_data q = c->q;
	unsigned char *raw = NULL;
	size_t len = 0;
	if (qpdf_oh_get_stream_data(q, oh, qpdf_dl_none, NULL, &raw, &len) & QPDF_ERRORS) {
		qpdf_get_error(q);                 /* unreadable: qpdf says so later */
		free(raw);
		return;
	}
	const char *fs[8];
	int nf = filters(q, qpdf_oh_get_dict(q, oh), fs, a);
	long long budget = MERGE_MAX_INFLATED - c->inflated;
	double size = (double)len;
	for (int i = 0; i < nf; i++) {
		const char *f = fs[i];
		if (strcmp(f, "/FlateDecode") == 0 || strcmp(f, "/Fl") == 0)
			size = i == 0 ? (double)inflated_size(raw, len, budget) : size * 1032;
		else if (strcmp(f, "/RunLengthDecode") == 0 || strcmp(f, "/RL") == 0)
			size *= 128;
		else if (strcmp(f, "/LZWDecode") == 0 || strcmp(f, "/LZW") == 0)
			size *= 4096.0 * 8 / 9 + 1;
		else if (strcmp(f, "/ASCIIHexDecode") != 0 && strcmp(f, "/AHx") != 0 &&
		    strcmp(f, "/ASCII85Decode") != 0 && strcmp(f, "/A85") != 0)
			break;                         /* an image codec: stays encoded */
	}
	free(raw);
	if (size > (double)budget)
		c->over = true;
	else
		c->inflated += (long long)size;
}

/* Takes unwanted keys and references out of dictionary d (of a stream
 * when is_stream), and queues the rest of its values. */
static void clean_dict(struct clean *c, qpdf_oh d, bool is_stream)
{
	qpdf_data q = c->q;
	for (size_t i = 0; i < N(drop_keys); i++)
		if (qpdf_oh_has_key(q, d, drop_keys[i]))
			qpdf_oh_remove_key(q, d, drop_keys[i]);
	for (size_t i = 0; is_stream && i < N(drop_stream_keys); i++)
		if (qpdf_oh_has_key(q, d, drop_stream_keys[i]))
			qpdf_oh_remove_key(q, d, drop_stream_keys[i]);
	struct vec keys;
	merge_dict_keys(q, d, &keys);
	for (size_t i = 0; i < keys.n; i++) {
		char *k = ((char **)keys.v)[i];
		qpdf_oh v = qpdf_oh_get_key(q, d, k);
		if (unwanted(q, v))
			qpdf_oh_replace_key(q, d, k, qpdf_oh_new_null(q));
		else if (qpdf_oh_is_dictionary(q, v) || qpdf_oh_is_array(q, v) ||
		    qpdf_oh_is_stream(q, v))
			*(qpdf_oh *)vec_push(&c->stack) = v;
	}
	merge_keys_free(&keys);
}

/* Walks one object: cleans it (once per file), counts its stream (once
 * per page), queues what it holds. */
static void visit(struct clean *c, struct arena *a, qpdf_oh oh)
{
	qpdf_data q = c->q;
	int id = qpdf_oh_get_object_id(q, oh);
	if (id > 0 && idset_add(&c->page_seen, id))
		return;
	c->visited++;
	if (qpdf_oh_is_stream(q, oh)) {
		count_stream(c, a, oh);
		clean_dict(c, qpdf_oh_get_dict(q, oh), true);
	} else if (qpdf_oh_is_dictionary(q, oh)) {
		clean_dict(c, oh, false);
	} else if (qpdf_oh_is_array(q, oh)) {
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++) {
			qpdf_oh it = qpdf_oh_get_array_item(q, oh, i);
			if (unwanted(q, it))
				qpdf_oh_set_array_item(q, oh, i, qpdf_oh_new_null(q));
			else if (qpdf_oh_is_dictionary(q, it) || qpdf_oh_is_array(q, it) ||
			    qpdf_oh_is_stream(q, it))
				*(qpdf_oh *)vec_push(&c->stack) = it;
		}
	}
}

const char *merge_clean_page(struct arena *a, struct merge_file *f, qpdf_oh pg)
{
	qpdf_data q = f->q;
	struct clean c = { .q = q, .f = f };
	vec_init(&c.stack, sizeof(qpdf_oh));
	const char *roots[2] = { "/Resources", "/Contents" };
	for (int i = 0; i < 2; i++) {
		qpdf_oh r = qpdf_oh_get_key(q, pg, roots[i]);
		if (unwanted(q, r))
			qpdf_oh_replace_key(q, pg, roots[i], qpdf_oh_new_null(q));
		else
			*(qpdf_oh *)vec_push(&c.stack) = r;
	}
	while (c.stack.n > 0 && !c.over) {
		qpdf_oh oh = ((qpdf_oh *)c.stack.v)[--c.stack.n];
		visit(&c, a, oh);
	}
	vec_free(&c.stack);
	idset_clear(&c.page_seen);
	if (c.over)
		return arena_printf(a, "its content inflates to more than %lld MB, the "
		    "limit for one page (docs/limits.md)", MERGE_MAX_INFLATED >> 20);
	return NULL;
}
