/*
 * probe.c - opening an appendix through libqpdf's C API and measuring
 * its pages (merge_probe, see merge.h).
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
#include "mergeint.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../image/image.h"

/* The smallest page side PDF allows (ISO 32000-1, annex C), pt. */
#define MIN_SIDE 3.0
/* The largest, pt. */
#define MAX_SIDE 14400.0

bool idset_add(struct idset *s, int id)
{
	if (id <= 0)
		return false;
	if (2 * (s->n + 1) > s->cap) {
		size_t oldcap = s->cap;
		int *old = s->v;
		s->cap = oldcap ? oldcap * 2 : 256;
		s->v = xcalloc(s->cap, sizeof *s->v);
		s->n = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				idset_add(s, old[i]);
		free(old);
	}
	size_t i = ((unsigned)id * 2654435761u) & (s->cap - 1);
	while (s->v[i]) {
		if (s->v[i] == id)
			return true;
		i = (i + 1) & (s->cap - 1);
	}
	s->v[i] = id;
	s->n++;
	return false;
}

void idset_clear(struct idset *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

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

bool merge_failed(qpdf_data q, const struct merge_appendix *ap, const char *doing)
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

void merge_dict_keys(qpdf_data q, qpdf_oh d, struct vec *keys)
{
	vec_init(keys, sizeof(char *));
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q))
		*(char **)vec_push(keys) = xstrdup(qpdf_oh_dict_next_key(q));
}

void merge_keys_free(struct vec *keys)
{
	for (size_t i = 0; i < keys->n; i++)
		free(((char **)keys->v)[i]);
	vec_free(keys);
}

double merge_num(qpdf_data q, qpdf_oh oh, double dflt)
{
	double v;
	if (qpdf_oh_get_value_as_number(q, oh, &v))
		return v;
	return dflt;
}

bool merge_name_is(qpdf_data q, qpdf_oh oh, const char *name)
{
	return qpdf_oh_is_name_and_equals(q, oh, name);
}

bool merge_get_rect(qpdf_data q, qpdf_oh arr, double r[4])
{
	if (!qpdf_oh_is_array(q, arr) || qpdf_oh_get_array_n_items(q, arr) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(q, arr, i);
		if (!qpdf_oh_is_number(q, it))
			return false;
		r[i] = merge_num(q, it, 0);
		if (!isfinite(r[i]))
			return false;
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

/* The page's /Rotate in quarter turns clockwise (0-3), or -1 when it is
 * not a whole multiple of 90 (*shown: the value as written). */
static int quarter_turns(qpdf_data q, qpdf_oh pg, char shown[40])
{
	qpdf_oh ro = qpdf_oh_get_key(q, pg, "/Rotate");
	shown[0] = '\0';
	if (qpdf_oh_is_null(q, ro))
		return 0;
	if (qpdf_oh_is_integer(q, ro)) {
		long long v = qpdf_oh_get_int_value(q, ro);
		snprintf(shown, 40, "%lld", v);
		long long r = v % 360;             /* no overflow for any v */
		if (r < 0)
			r += 360;
		return r % 90 == 0 ? (int)(r / 90) : -1;
	}
	if (qpdf_oh_is_number(q, ro)) {
		double v = merge_num(q, ro, 0);
		snprintf(shown, 40, "%.10g", v);
		if (!isfinite(v) || fabs(v) > 1e9 || v != floor(v))
			return -1;                     /* /Rotate is an integer */
		double r = fmod(v, 360.0);
		if (r < 0)
			r += 360.0;
		return fmod(r, 90.0) == 0 ? (int)(r / 90) % 4 : -1;
	}
	snprintf(shown, 40, "(not a number)");
	return -1;
}

const char *merge_page_geom(struct arena *a, qpdf_data q, qpdf_oh pg, double box[4],
    int *rot, double m[6], double *w, double *h)
{
	double mb[4], cb[4];
	if (!qpdf_oh_is_dictionary(q, pg))
		return "is damaged (its page object is not a dictionary)";
	if (!merge_name_is(q, qpdf_oh_get_key(q, pg, "/Type"), "/Page") &&
	    !qpdf_oh_has_key(q, pg, "/MediaBox"))
		return "is damaged (its page dictionary has neither /Type /Page nor a "
		    "MediaBox)";
	if (!merge_get_rect(q, qpdf_oh_get_key(q, pg, "/MediaBox"), mb))
		return "has no usable MediaBox";
	memcpy(box, mb, sizeof mb);
	if (merge_get_rect(q, qpdf_oh_get_key(q, pg, "/CropBox"), cb)) {
		box[0] = cb[0] > mb[0] ? cb[0] : mb[0];
		box[1] = cb[1] > mb[1] ? cb[1] : mb[1];
		box[2] = cb[2] < mb[2] ? cb[2] : mb[2];
		box[3] = cb[3] < mb[3] ? cb[3] : mb[3];
		if (box[2] - box[0] < 1 || box[3] - box[1] < 1)
			memcpy(box, mb, sizeof mb);
	}
	char shown[40];
	int r = quarter_turns(q, pg, shown);
	if (r < 0)
		return arena_printf(a, "has /Rotate %s, which is not a multiple of 90", shown);
	*rot = r * 90;
	double x0 = box[0], y0 = box[1], x1 = box[2], y1 = box[3];
	double cw = x1 - x0, ch = y1 - y0;
	double mats[4][6] = {
		{ 1, 0, 0, 1, -x0, -y0 },      /* 0 */
		{ 0, -1, 1, 0, -y0, x1 },      /* 90: (x0,y0) to the top left */
		{ -1, 0, 0, -1, x1, y1 },      /* 180 */
		{ 0, 1, -1, 0, y1, -x0 },      /* 270: (x0,y0) to the bottom right */
	};
	memcpy(m, mats[r], 6 * sizeof(double));
	*w = r % 2 ? ch : cw;
	*h = r % 2 ? cw : ch;
	if (*w > MAX_SIDE || *h > MAX_SIDE)
		return arena_printf(a, "is %.0f x %.0f pt, larger than PDF allows (%.0f pt)",
		    *w, *h, MAX_SIDE);
	if (*w < MIN_SIDE || *h < MIN_SIDE)
		return arena_printf(a, "is %.2g x %.2g pt, smaller than PDF allows (%.0f pt)",
		    *w, *h, MIN_SIDE);
	return NULL;
}

/* Refuses what is not a regular file before qpdf opens it (a FIFO would
 * hang the build); returns 0 or an errno value (ESPIPE: not regular). */
static int regular_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno;
	struct stat st;
	int err = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR :
	    !S_ISREG(st.st_mode) ? ESPIPE : 0;
	close(fd);
	return err;
}

/* Reports why qpdf could not open the file; returns the exit status. */
static int open_failed(const struct paper *p, struct merge_appendix *ap)
{
	qpdf_data q = ap->f->q;
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

/* Opens the file (from p->path, or from data[0..len) when data is not
 * NULL: the fuzz target) and checks what applies to the whole file;
 * returns 0 or an exit status after reporting. */
static int open_file(struct arena *a, const struct paper *p, const struct merge_opts *o,
    const char *data, size_t len, struct merge_appendix *ap)
{
	struct merge_file *f = xcalloc(1, sizeof *f);
	f->q = qpdf_init();
	ap->f = f;
	qpdf_data q = f->q;
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	QPDF_ERROR_CODE rc;
	if (data != NULL) {
		f->data = xmalloc(len + 1);
		memcpy(f->data, data, len);
		rc = qpdf_read_memory(q, ap->name, f->data, len, "");
	} else {
		int err = regular_file(p->path);
		if (err != 0) {
			diag(DIAG_ERROR, p->pos, "%s: %s", ap->name, file_strerror(err));
			merge_close(ap);
			return AP_EXIT_NOINPUT;
		}
		rc = qpdf_read(q, p->path, "");
	}
	if (rc & QPDF_ERRORS)
		return open_failed(p, ap);
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
		ap->f->refused = true;
	}
	qpdf_push_inherited_attributes_to_page(q);
	int n = qpdf_get_num_pages(q);
	if (merge_failed(q, ap, "")) {
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	if (n <= 0) {
		diag(DIAG_ERROR, p->pos, "%s: the file has no pages", ap->name);
		merge_close(ap);
		return AP_EXIT_DATAERR;
	}
	ap->file_pages = n;
	return 0;
}

/* Reports each PDF/A-1b problem of page pn (pg) of ap at p's position, one
 * error per problem; returns how many. */
static size_t report_pdfa(struct arena *a, const struct paper *p,
    struct merge_appendix *ap, qpdf_oh pg, int pn)
{
	const char **why;
	size_t n = merge_pdfa_problems(a, ap->f, pg, &why);
	for (size_t k = 0; k < n; k++)
		diag(DIAG_ERROR, p->pos, "%s: page %d: %s, which PDF/A-1b forbids",
		    ap->name, pn, why[k]);
	return n;
}

/* Measures, checks and cleans page i of the selection; returns 0 or an
 * exit status after reporting.  *pdfa_only is set when the page's only
 * problems were PDF/A ones (the caller goes on to the next page, so one
 * run reports them all). */
static int probe_page(struct arena *a, const struct paper *p, const struct merge_opts *o,
    struct merge_appendix *ap, int i, bool *pdfa_only)
{
	qpdf_data q = ap->f->q;
	int pn = ap->first + i;
	qpdf_oh pg = qpdf_get_page_n(q, (size_t)(pn - 1));
	double box[4], m[6], w, h;
	int rot;
	*pdfa_only = false;
	const char *why = merge_page_geom(a, q, pg, box, &rot, m, &w, &h);
	if (why == NULL)
		why = merge_clean_page(a, ap->f, pg);
	if (why != NULL) {
		if (!merge_failed(q, ap, arena_printf(a, "page %d: ", pn)))
			diag(DIAG_ERROR, p->pos, "%s: page %d%s%s", ap->name, pn,
			    strncmp(why, "is ", 3) == 0 || strncmp(why, "has ", 4) == 0 ?
			    " " : ": ", why);
		return AP_EXIT_DATAERR;
	}
	ap->w[i] = (int)(w * 1000 + 0.5);
	ap->h[i] = (int)(h * 1000 + 0.5);
	if (o->pdfa && report_pdfa(a, p, ap, pg, pn) > 0) {
		*pdfa_only = !merge_failed(q, ap, arena_printf(a, "page %d: ", pn));
		return AP_EXIT_DATAERR;
	}
	if (merge_failed(q, ap, arena_printf(a, "page %d: ", pn)))
		return AP_EXIT_DATAERR;
	return 0;
}

/* merge_probe() and merge_probe_memory(): the file from path or data. */
static int probe(struct arena *a, const struct paper *p, const struct merge_opts *o,
    const char *data, size_t len, struct merge_appendix *ap)
{
	memset(ap, 0, sizeof *ap);
	ap->paper = p;
	ap->name = short_name(a, p);
	int status = open_file(a, p, o, data, len, ap);
	if (status != 0)
		return status;
	int n = ap->file_pages;
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
	qpdf_data q = ap->f->q;
	/* Tagged: a structure tree, and /MarkInfo saying the file is marked. */
	qpdf_oh root = qpdf_get_root(q);
	ap->tagged = qpdf_oh_has_key(q, root, "/StructTreeRoot") &&
	    qpdf_oh_is_bool(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/MarkInfo"),
	    "/Marked")) && qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q,
	    qpdf_oh_get_key(q, root, "/MarkInfo"), "/Marked"));
	ap->w = arena_alloc(a, (size_t)count * sizeof *ap->w);
	ap->h = arena_alloc(a, (size_t)count * sizeof *ap->h);
	/* PDF/A problems do not stop the walk: every page is checked. */
	bool go_on = true;
	for (int i = 0; i < count && go_on; i++) {
		bool pdfa_only;
		if (probe_page(a, p, o, ap, i, &pdfa_only) != 0) {
			status = AP_EXIT_DATAERR;
			go_on = pdfa_only;
		}
		qpdf_oh_release_all(q);
	}
	if (ap->f->refused)
		status = AP_EXIT_DATAERR;
	if (status != 0)
		merge_close(ap);
	return status;
}

int merge_probe(struct arena *a, const struct paper *p, const struct merge_opts *o,
    struct merge_appendix *ap)
{
	return probe(a, p, o, NULL, 0, ap);
}

int merge_probe_memory(struct arena *a, const struct paper *p,
    const struct merge_opts *o, const char *data, size_t len,
    struct merge_appendix *ap)
{
	return probe(a, p, o, data, len, ap);
}

void merge_close(struct merge_appendix *ap)
{
	if (ap == NULL || ap->f == NULL)
		return;
	qpdf_cleanup(&ap->f->q);
	idset_clear(&ap->f->seen);
	free(ap->f->data);
	free(ap->f);
	ap->f = NULL;
}
