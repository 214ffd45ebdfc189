/*
 * merge.c - officers' PDF appendices through libqpdf's C API.
 *
 * libqpdf reports failures as stored errors, not exceptions: every call
 * that can fail is followed by a look at qpdf_has_error(), and the
 * message becomes our diagnostic at the paper's position.  Errors are
 * silenced on stderr (qpdf_silence_errors) and warnings suppressed, so
 * only our printer speaks.
 *
 * Geometry: an appendix page's displayed box is its CropBox clipped to
 * its MediaBox, turned by /Rotate (clockwise, a multiple of 90).  The
 * form XObject keeps the page's own coordinates: /BBox is the crop box
 * and /Matrix maps it onto [0 0 W H], upright, so the placeholder only
 * draws it at the origin.
 */
#include "merge.h"

#include <stdio.h>
#include <string.h>
#include <qpdf/qpdf-c.h>

struct merge_file {
	qpdf_data q;
	int *seen;                         /* object ids walked (pdfa check) */
	size_t nseen, capseen;             /* open addressing, 0 = empty */
	int dropped;                       /* annotations left out so far */
};

/* The path as the meeting file names it: p->path without the meeting
 * file's folder. */
static const char *short_name(struct arena *a, const struct paper *p)
{
	const char *dir = p->pos.file ? path_dir(a, p->pos.file) : ".";
	size_t n = strlen(dir);
	if (strcmp(dir, ".") != 0 && strncmp(p->path, dir, n) == 0 && p->path[n] == '/')
		return p->path + n + 1;
	if (strncmp(p->path, "./", 2) == 0)
		return p->path + 2;
	return p->path;
}

/* Reports qpdf's pending error (if any) at ap's paper; returns true when
 * there was one. */
static bool qpdf_failed(qpdf_data q, const struct merge_appendix *ap, const char *doing)
{
	if (!qpdf_has_error(q))
		return false;
	qpdf_error e = qpdf_get_error(q);
	const char *detail = qpdf_get_error_message_detail(q, e);
	unsigned long long off = qpdf_get_error_file_position(q, e);
	struct pos pos = ap->paper->pos;
	if (off > 0)
		diag(DIAG_ERROR, pos, "%s: %s%s (at byte %llu)", ap->name, doing, detail, off);
	else
		diag(DIAG_ERROR, pos, "%s: %s%s", ap->name, doing, detail);
	return true;
}

static double num(qpdf_data q, qpdf_oh oh, double dflt)
{
	double v;
	if (qpdf_oh_get_value_as_number(q, oh, &v))
		return v;
	return dflt;
}

/* Reads a rectangle array into r (x0 y0 x1 y1, normalised). */
static bool get_rect(qpdf_data q, qpdf_oh arr, double r[4])
{
	if (!qpdf_oh_is_array(q, arr) || qpdf_oh_get_array_n_items(q, arr) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(q, arr, i);
		if (!qpdf_oh_is_number(q, it))
			return false;
		r[i] = num(q, it, 0);
	}
	double t;
	if (r[0] > r[2]) {
		t = r[0]; r[0] = r[2]; r[2] = t;
	}
	if (r[1] > r[3]) {
		t = r[1]; r[1] = r[3]; r[3] = t;
	}
	return true;
}

/* The geometry of page pg: its crop box, rotation, the matrix taking
 * page space to upright displayed space at the origin, and the displayed
 * size in pt.  Returns false when the page has no usable MediaBox. */
static bool page_geom(qpdf_data q, qpdf_oh pg, double box[4], int *rot, double m[6],
    double *w, double *h)
{
	double mb[4], cb[4];
	if (!get_rect(q, qpdf_oh_get_key(q, pg, "/MediaBox"), mb))
		return false;
	memcpy(box, mb, sizeof mb);
	if (get_rect(q, qpdf_oh_get_key(q, pg, "/CropBox"), cb)) {
		box[0] = cb[0] > mb[0] ? cb[0] : mb[0];
		box[1] = cb[1] > mb[1] ? cb[1] : mb[1];
		box[2] = cb[2] < mb[2] ? cb[2] : mb[2];
		box[3] = cb[3] < mb[3] ? cb[3] : mb[3];
		if (box[2] - box[0] < 1 || box[3] - box[1] < 1)
			memcpy(box, mb, sizeof mb);
	}
	if (box[2] - box[0] < 1 || box[3] - box[1] < 1)
		return false;
	long long r = 0;
	qpdf_oh ro = qpdf_oh_get_key(q, pg, "/Rotate");
	if (qpdf_oh_is_number(q, ro))
		r = (long long)num(q, ro, 0);
	r = ((r % 360) + 360) % 360;
	r = (r + 45) / 90 % 4 * 90;        /* the nearest quarter turn */
	*rot = (int)r;
	double x0 = box[0], y0 = box[1], x1 = box[2], y1 = box[3];
	double cw = x1 - x0, ch = y1 - y0;
	double mats[4][6] = {
		{ 1, 0, 0, 1, -x0, -y0 },      /* 0 */
		{ 0, -1, 1, 0, -y0, x1 },      /* 90: (x0,y0) to the top left */
		{ -1, 0, 0, -1, x1, y1 },      /* 180 */
		{ 0, 1, -1, 0, y1, -x0 },      /* 270: (x0,y0) to the bottom right */
	};
	memcpy(m, mats[r / 90], 6 * sizeof(double));
	*w = r % 180 ? ch : cw;
	*h = r % 180 ? cw : ch;
	return true;
}

/* ---- the PDF/A-1b check ---- */

/* Marks object id in f's set; returns true if it was there already. */
static bool seen(struct merge_file *f, int id)
{
	if (id <= 0)
		return false;
	if (2 * (f->nseen + 1) > f->capseen) {
		size_t oldcap = f->capseen;
		int *old = f->seen;
		f->capseen = oldcap ? oldcap * 2 : 256;
		f->seen = xcalloc(f->capseen, sizeof *f->seen);
		f->nseen = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				seen(f, old[i]);
		free(old);
	}
	size_t i = ((unsigned)id * 2654435761u) & (f->capseen - 1);
	while (f->seen[i]) {
		if (f->seen[i] == id)
			return true;
		i = (i + 1) & (f->capseen - 1);
	}
	f->seen[i] = id;
	f->nseen++;
	return false;
}

struct walk {
	struct merge_file *f;
	qpdf_data q;
	struct arena *a;
	const char *problem;               /* the first problem found */
};

static bool name_is(qpdf_data q, qpdf_oh oh, const char *name)
{
	return qpdf_oh_is_name_and_equals(q, oh, name);
}

/* True if oh (a name or an array of names) holds name. */
static bool has_filter(qpdf_data q, qpdf_oh oh, const char *name)
{
	if (qpdf_oh_is_array(q, oh)) {
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++)
			if (name_is(q, qpdf_oh_get_array_item(q, oh, i), name))
				return true;
		return false;
	}
	return name_is(q, oh, name);
}

static void walk_resources(struct walk *w, qpdf_oh res, int depth);

static void walk_extgstate(struct walk *w, qpdf_oh gs)
{
	qpdf_data q = w->q;
	qpdf_oh sm = qpdf_oh_get_key(q, gs, "/SMask");
	if (!qpdf_oh_is_null(q, sm) && !name_is(q, sm, "/None"))
		w->problem = "it uses transparency (a soft mask)";
	const char *ks[2] = { "/CA", "/ca" };
	for (int k = 0; k < 2; k++) {
		qpdf_oh v = qpdf_oh_get_key(q, gs, ks[k]);
		if (qpdf_oh_is_number(q, v) && num(q, v, 1) < 1)
			w->problem = "it uses transparency (constant alpha below 1)";
	}
	qpdf_oh bm = qpdf_oh_get_key(q, gs, "/BM");
	if (!qpdf_oh_is_null(q, bm) && !name_is(q, bm, "/Normal") &&
	    !name_is(q, bm, "/Compatible"))
		w->problem = "it uses transparency (a blend mode)";
}

static void walk_xobject(struct walk *w, qpdf_oh xo, int depth)
{
	qpdf_data q = w->q;
	if (!qpdf_oh_is_stream(q, xo))
		return;
	qpdf_oh d = qpdf_oh_get_dict(q, xo);
	if (qpdf_oh_has_key(q, d, "/OC"))
		w->problem = "it uses optional content";
	qpdf_oh st = qpdf_oh_get_key(q, d, "/Subtype");
	if (name_is(q, st, "/Image")) {
		if (qpdf_oh_has_key(q, d, "/SMask"))
			w->problem = "it uses transparency (an image with a soft mask)";
		qpdf_oh sid = qpdf_oh_get_key(q, d, "/SMaskInData");
		if (qpdf_oh_is_number(q, sid) && num(q, sid, 0) != 0)
			w->problem = "it uses transparency (an image with a soft mask)";
		if (has_filter(q, qpdf_oh_get_key(q, d, "/Filter"), "/JPXDecode"))
			w->problem = "it has a JPEG 2000 image";
		if (qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, d, "/Interpolate")))
			w->problem = "it has an image with /Interpolate";
	} else if (name_is(q, st, "/Form")) {
		qpdf_oh g = qpdf_oh_get_key(q, d, "/Group");
		if (name_is(q, qpdf_oh_get_key(q, g, "/S"), "/Transparency"))
			w->problem = "it has a transparency group";
		walk_resources(w, qpdf_oh_get_key(q, d, "/Resources"), depth + 1);
	} else if (name_is(q, st, "/PS")) {
		w->problem = "it has a PostScript XObject";
	}
}

static void walk_font(struct walk *w, qpdf_oh font, int depth)
{
	qpdf_data q = w->q;
	qpdf_oh st = qpdf_oh_get_key(q, font, "/Subtype");
	if (name_is(q, st, "/Type3")) {
		walk_resources(w, qpdf_oh_get_key(q, font, "/Resources"), depth + 1);
		return;
	}
	qpdf_oh desc = font;
	if (name_is(q, st, "/Type0"))
		desc = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
	qpdf_oh fd = qpdf_oh_get_key(q, desc, "/FontDescriptor");
	if (qpdf_oh_has_key(q, fd, "/FontFile") || qpdf_oh_has_key(q, fd, "/FontFile2") ||
	    qpdf_oh_has_key(q, fd, "/FontFile3"))
		return;
	const char *bf = qpdf_oh_get_name(q, qpdf_oh_get_key(q, font, "/BaseFont"));
	w->problem = arena_printf(w->a, "the font %s is not embedded",
	    bf && *bf ? bf + 1 : "(unnamed)");
}

/* Calls fn on each value of dictionary d (resolving references) that has
 * not been walked before. */
static void each_value(struct walk *w, qpdf_oh d, int depth,
    void (*fn)(struct walk *, qpdf_oh, int))
{
	qpdf_data q = w->q;
	if (!qpdf_oh_is_dictionary(q, d))
		return;
	/* Collect the keys first: the iterator is shared with nested walks. */
	struct vec keys;
	vec_init(&keys, sizeof(char *));
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q))
		*(char **)vec_push(&keys) = xstrdup(qpdf_oh_dict_next_key(q));
	for (size_t i = 0; i < keys.n; i++) {
		char *k = ((char **)keys.v)[i];
		if (w->problem == NULL) {
			qpdf_oh v = qpdf_oh_get_key(q, d, k);
			if (!seen(w->f, qpdf_oh_get_object_id(q, v)))
				fn(w, v, depth);
		}
		free(k);
	}
	vec_free(&keys);
}

static void gs_fn(struct walk *w, qpdf_oh v, int depth)
{
	(void)depth;
	walk_extgstate(w, v);
}

static void font_fn(struct walk *w, qpdf_oh v, int depth)
{
	walk_font(w, v, depth);
}

static void pattern_fn(struct walk *w, qpdf_oh v, int depth)
{
	qpdf_data q = w->q;
	qpdf_oh d = qpdf_oh_is_stream(q, v) ? qpdf_oh_get_dict(q, v) : v;
	qpdf_oh gs = qpdf_oh_get_key(q, d, "/ExtGState");
	if (qpdf_oh_is_dictionary(q, gs))
		walk_extgstate(w, gs);
	walk_resources(w, qpdf_oh_get_key(q, d, "/Resources"), depth + 1);
}

static void prop_fn(struct walk *w, qpdf_oh v, int depth)
{
	(void)depth;
	qpdf_oh t = qpdf_oh_get_key(w->q, v, "/Type");
	if (name_is(w->q, t, "/OCG") || name_is(w->q, t, "/OCMD"))
		w->problem = "it uses optional content";
}

static void walk_resources(struct walk *w, qpdf_oh res, int depth)
{
	qpdf_data q = w->q;
	if (depth > 24 || w->problem || !qpdf_oh_is_dictionary(q, res))
		return;
	if (seen(w->f, qpdf_oh_get_object_id(q, res)))
		return;
	each_value(w, qpdf_oh_get_key(q, res, "/ExtGState"), depth, gs_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/XObject"), depth, walk_xobject);
	each_value(w, qpdf_oh_get_key(q, res, "/Font"), depth, font_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/Pattern"), depth, pattern_fn);
	each_value(w, qpdf_oh_get_key(q, res, "/Properties"), depth, prop_fn);
}

/* What on page pg would break PDF/A-1b, or NULL. */
static const char *pdfa_problem(struct arena *a, struct merge_file *f, qpdf_oh pg)
{
	qpdf_data q = f->q;
	struct walk w = { .f = f, .q = q, .a = a };
	qpdf_oh g = qpdf_oh_get_key(q, pg, "/Group");
	if (name_is(q, qpdf_oh_get_key(q, g, "/S"), "/Transparency"))
		return "it is a transparency group";
	qpdf_oh an = qpdf_oh_get_key(q, pg, "/Annots");
	int n = qpdf_oh_is_array(q, an) ? qpdf_oh_get_array_n_items(q, an) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh st = qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, an, i), "/Subtype");
		if (!name_is(q, st, "/Link")) {
			const char *s = qpdf_oh_get_name(q, st);
			return arena_printf(a, "it has a %s annotation", s && *s ? s + 1 : "nameless");
		}
	}
	walk_resources(&w, qpdf_oh_get_key(q, pg, "/Resources"), 0);
	return w.problem;
}

/* ---- probing ---- */

int merge_probe(struct arena *a, const struct paper *p, const struct merge_opts *o,
    struct merge_appendix *ap)
{
	memset(ap, 0, sizeof *ap);
	ap->paper = p;
	ap->name = short_name(a, p);
	struct merge_file *f = xcalloc(1, sizeof *f);
	f->q = qpdf_init();
	ap->f = f;
	qpdf_data q = f->q;
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	QPDF_ERROR_CODE rc = qpdf_read(q, p->path, "");
	if (rc & QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(q);
		enum qpdf_error_code_e code = qpdf_get_error_code(q, e);
		if (code == qpdf_e_password)
			diag(DIAG_ERROR, p->pos, "%s: the file is encrypted with a password; "
			    "agendapack cannot open it (remove the password first, e.g. "
			    "qpdf --decrypt --password=... in.pdf out.pdf)", ap->name);
		else if (code == qpdf_e_system)
			diag(DIAG_ERROR, p->pos, "%s: %s", ap->name,
			    qpdf_get_error_message_detail(q, e));
		else {
			unsigned long long off = qpdf_get_error_file_position(q, e);
			if (off > 0)
				diag(DIAG_ERROR, p->pos, "%s: %s (at byte %llu)", ap->name,
				    qpdf_get_error_message_detail(q, e), off);
			else
				diag(DIAG_ERROR, p->pos, "%s: %s", ap->name,
				    qpdf_get_error_message_detail(q, e));
		}
		merge_close(ap);
		return code == qpdf_e_system ? AP_EXIT_NOINPUT : AP_EXIT_DATAERR;
	}
	/* A damaged file qpdf could repair: say so once. */
	int nwarn = 0;
	const char *first = NULL;
	while (qpdf_more_warnings(q)) {
		qpdf_error e = qpdf_next_warning(q);
		if (nwarn++ == 0)
			first = arena_strdup(a, qpdf_get_error_message_detail(q, e));
	}
	if (nwarn > 0)
		diag(DIAG_WARNING, p->pos, "%s: damaged; qpdf repaired it (%d problem%s, "
		    "first: %s)", ap->name, nwarn, nwarn == 1 ? "" : "s", first);
	if (o->pdfa && qpdf_is_encrypted(q)) {
		diag(DIAG_ERROR, p->pos, "%s: the file is encrypted, which PDF/A-1b "
		    "forbids: decrypt it first (qpdf --decrypt in.pdf out.pdf)", ap->name);
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	qpdf_push_inherited_attributes_to_page(q);
	int n = qpdf_get_num_pages(q);
	if (qpdf_failed(q, ap, "")) {
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	if (n <= 0) {
		diag(DIAG_ERROR, p->pos, "%s: the file has no pages", ap->name);
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	ap->file_pages = n;
	ap->first = p->page_from > 0 ? p->page_from : 1;
	ap->last = p->page_to > 0 ? p->page_to : n;
	if (ap->first > n || ap->last > n || ap->last < ap->first) {
		diag(DIAG_ERROR, p->pos, "%s: the selection %d-%d is outside the file, "
		    "which has %d page%s", ap->name, ap->first, ap->last, n, n == 1 ? "" : "s");
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	int count = ap->last - ap->first + 1;
	if (o->max_pages > 0 && count > o->max_pages) {
		diag(DIAG_ERROR, p->pos, "%s: %d pages, more than the limit of %d "
		    "(raise it with --max-pages)", ap->name, count, o->max_pages);
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	qpdf_oh root = qpdf_get_root(q);
	ap->tagged = qpdf_oh_has_key(q, root, "/StructTreeRoot");
	ap->w = arena_alloc(a, (size_t)count * sizeof *ap->w);
	ap->h = arena_alloc(a, (size_t)count * sizeof *ap->h);
	int status = 0;
	for (int i = 0; i < count && status == 0; i++) {
		int pn = ap->first + i;
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)(pn - 1));
		double box[4], m[6], w, h;
		int rot;
		if (!page_geom(q, pg, box, &rot, m, &w, &h)) {
			if (!qpdf_failed(q, ap, ""))
				diag(DIAG_ERROR, p->pos, "%s: page %d has no usable MediaBox",
				    ap->name, pn);
			status = AP_EXIT_DATAERR;
			break;
		}
		if (w > 14400 || h > 14400) {
			diag(DIAG_ERROR, p->pos, "%s: page %d is %.0f x %.0f pt, larger than "
			    "PDF allows (14400 pt)", ap->name, pn, w, h);
			status = AP_EXIT_DATAERR;
			break;
		}
		ap->w[i] = (int)(w * 1000 + 0.5);
		ap->h[i] = (int)(h * 1000 + 0.5);
		if (o->pdfa) {
			const char *why = pdfa_problem(a, f, pg);
			if (why) {
				diag(DIAG_ERROR, p->pos, "%s: page %d: %s, which PDF/A-1b "
				    "forbids", ap->name, pn, why);
				status = AP_EXIT_DATAERR;
			}
		}
		if (status == 0 && qpdf_failed(q, ap, arena_printf(a, "page %d: ", pn)))
			status = AP_EXIT_DATAERR;
		qpdf_oh_release_all(q);
	}
	if (status != 0)
		merge_close(ap);
	return status;
}

void merge_close(struct merge_appendix *ap)
{
	if (ap == NULL || ap->f == NULL)
		return;
	qpdf_cleanup(&ap->f->q);
	free(ap->f->seen);
	free(ap->f);
	ap->f = NULL;
}

/* ---- merging ---- */

static qpdf_oh real(qpdf_data q, double v)
{
	return qpdf_oh_new_real_from_double(q, v, 4);
}

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

/* Tags link annotation annot on pack page ppg: a Link element with the
 * annotation as its object reference, placed just after the page's
 * Figure (the placeholder's marked content, MCID 0), and a parent tree
 * entry under the next free key.  Does nothing for an untagged pack. */
static void tag_link(struct merger *mg, qpdf_oh ppg, qpdf_oh annot)
{
	qpdf_data pk = mg->pk;
	if (!mg->tagged)
		return;
	qpdf_oh ptree = qpdf_oh_get_key(pk, mg->str, "/ParentTree");
	qpdf_oh sp = qpdf_oh_get_key(pk, ppg, "/StructParents");
	if (!qpdf_oh_is_integer(pk, sp) || !qpdf_oh_is_dictionary(pk, ptree))
		return;
	qpdf_oh arr = number_tree_get(pk, ptree, qpdf_oh_get_int_value(pk, sp));
	qpdf_oh fig = qpdf_oh_get_array_item(pk, arr, 0);
	if (!qpdf_oh_is_dictionary(pk, fig) ||
	    !name_is(pk, qpdf_oh_get_key(pk, fig, "/S"), "/Figure"))
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
			while (at < n && name_is(pk, qpdf_oh_get_key(pk,
			    qpdf_oh_get_array_item(pk, pk_kids, at), "/S"), "/Link"))
				at++;
			break;
		}
	qpdf_oh_insert_item(pk, pk_kids, at, el);

	/* The parent tree: a leaf of its own at the end of the root's kids,
	 * or an entry at the end of the root's /Nums. */
	qpdf_oh_replace_key(pk, annot, "/StructParent", qpdf_oh_new_integer(pk, key));
	qpdf_oh nums = qpdf_oh_get_key(pk, ptree, "/Nums");
	if (qpdf_oh_is_array(pk, nums)) {
		qpdf_oh_append_item(pk, nums, qpdf_oh_new_integer(pk, key));
		qpdf_oh_append_item(pk, nums, el);
	} else {
		qpdf_oh leaf = qpdf_oh_new_dictionary(pk);
		qpdf_oh ln = qpdf_oh_new_array(pk);
		qpdf_oh_append_item(pk, ln, qpdf_oh_new_integer(pk, key));
		qpdf_oh_append_item(pk, ln, el);
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
	qpdf_oh_replace_key(pk, mg->str, "/ParentTreeNextKey", qpdf_oh_new_integer(pk,
	    key + 1));
}

/* The pack page (index) showing page idx (0-based) of ap, or -1. */
static long placed_at(const struct merger *mg, const struct merge_appendix *ap, int idx)
{
	for (size_t i = 0; i < mg->n; i++)
		if (mg->pl[i].ap == ap && mg->pl[i].pageno == idx + 1)
			return (long)mg->pl[i].page;
	return -1;
}

static void drop_note(struct merge_appendix *ap, int pageno, const char *what)
{
	if (ap->f->dropped++ < 3)
		diag(DIAG_WARNING, ap->paper->pos, "%s: page %d: %s was left out", ap->name,
		    pageno, what);
	else if (ap->f->dropped == 4)
		diag(DIAG_WARNING, ap->paper->pos, "%s: further annotations were left out",
		    ap->name);
}

/* Rebuilds the link annotations of appendix page apg on pack page ppg. */
static void rebuild_links(struct merger *mg, const struct merge_place *pl, qpdf_oh apg,
    qpdf_oh ppg, const double m[6])
{
	qpdf_data q = pl->ap->f->q, pk = mg->pk;
	qpdf_oh annots = qpdf_oh_get_key(q, apg, "/Annots");
	int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh an = qpdf_oh_get_array_item(q, annots, i);
		qpdf_oh st = qpdf_oh_get_key(q, an, "/Subtype");
		if (name_is(q, st, "/Popup"))
			continue;                  /* goes with its parent */
		if (!name_is(q, st, "/Link")) {
			const char *s = qpdf_oh_get_name(q, st);
			char what[96];
			snprintf(what, sizeof what, "a %s annotation (only links are kept)",
			    s && *s ? s + 1 : "nameless");
			drop_note(pl->ap, pl->pageno, what);
			continue;
		}
		double r[4], nr[4];
		if (!get_rect(q, qpdf_oh_get_key(q, an, "/Rect"), r))
			continue;
		rect_xform(m, r, nr);
		qpdf_oh act = qpdf_oh_get_key(q, an, "/A");
		qpdf_oh dest = qpdf_oh_get_key(q, an, "/Dest");
		qpdf_oh nd = qpdf_oh_new_dictionary(pk);
		char what_link[600];
		if (qpdf_oh_is_dictionary(q, act) &&
		    name_is(q, qpdf_oh_get_key(q, act, "/S"), "/URI")) {
			size_t ul;
			const char *u = qpdf_oh_get_binary_string_value(q,
			    qpdf_oh_get_key(q, act, "/URI"), &ul);
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
			    name_is(q, qpdf_oh_get_key(q, act, "/S"), "/GoTo"))
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
		tag_link(mg, ppg, ind);
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
	if (!page_geom(q, apg, box, &rot, m, &w, &h)) {
		if (!qpdf_failed(q, ap, where))
			diag(DIAG_ERROR, ap->paper->pos, "%s: page %d has no usable MediaBox",
			    ap->name, pl->pageno);
		return AP_EXIT_DATAERR;
	}
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
		if (qpdf_failed(pk, ap, where))
			return AP_EXIT_DATAERR;
		/* A stream two pages share is already some page's form. */
		if (name_is(pk, qpdf_oh_get_key(pk, qpdf_oh_get_dict(pk, copy), "/Subtype"),
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
		if (qpdf_failed(q, ap, where)) {
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
	if (qpdf_failed(q, ap, where) || qpdf_failed(pk, ap, where))
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

	unsigned char *pc = NULL;
	size_t plen = 0;
	qpdf_oh_get_page_content_data(pk, ppg, &pc, &plen);
	if (qpdf_has_error(pk)) {
		free(pc);
		diag(DIAG_ERROR, ap->paper->pos, "%s: the pack's page %zu cannot be read: %s",
		    ap->name, pl->page + 1, qpdf_get_error_message_detail(pk,
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
	rebuild_links(mg, pl, apg, ppg, m);
	if (qpdf_failed(q, ap, where) || qpdf_failed(pk, ap, where))
		return AP_EXIT_DATAERR;
	return 0;
}

/* "1.7" as 17. */
static int version_num(const char *v)
{
	int a = 0, b = 0;
	if (v == NULL || sscanf(v, "%d.%d", &a, &b) < 1)
		return 0;
	return a * 10 + b;
}

int merge_pages(const unsigned char *pdf, size_t len, const struct merge_place *pl,
    size_t n, bool pdfa, unsigned char **out, size_t *outlen)
{
	struct merger mg = { .pl = pl, .n = n };
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
	int vmax = 0;
	const char *vmax_s = NULL;
	for (size_t i = 0; i < n && status == 0; i++) {
		if (pl[i].ap->f == NULL || (long)pl[i].page >= npk) {
			diag_plain(DIAG_ERROR, "internal: a placement for page %zu has no "
			    "appendix", pl[i].page + 1);
			status = AP_EXIT_SOFTWARE;
			break;
		}
		status = place_one(&mg, i);
		const char *v = qpdf_get_pdf_version(pl[i].ap->f->q);
		if (version_num(v) > vmax) {
			vmax = version_num(v);
			vmax_s = v;
		}
	}
	if (status == 0) {
		qpdf_init_write_memory(pk);
		qpdf_set_object_stream_mode(pk, qpdf_o_disable);
		qpdf_set_compress_streams(pk, QPDF_TRUE);
		qpdf_set_deterministic_ID(pk, QPDF_TRUE);
		qpdf_set_preserve_unreferenced_objects(pk, QPDF_FALSE);
		/* PDF/A-1 stays at the pack's 1.4; else the newest appendix's. */
		if (!pdfa && vmax_s)
			qpdf_set_minimum_pdf_version(pk, vmax_s);
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
