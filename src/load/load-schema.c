/*
 * load-schema.c - the loader's vocabulary: key checks with did-you-mean,
 * scalar values (text, booleans, numbers, choices, dates and times) and
 * reading a file into a tree.  See load-int.h for the contracts; the
 * schemas themselves are at the top of load-meeting.c, load-blocks.c
 * and load-style.c.
 */
#include "load-int.h"
#include "../util/date.h"
#include "../util/sniff.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages and key checks ---- */

/* Edit distance between a and b (each cut to 64 bytes): Levenshtein,
 * counting a swap of two neighbours as one edit ("titel", "title"). */
int load_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64)
		la = 64;
	if (lb > 64)
		lb = 64;
	int d[65][65];                     /* d[i][j]: a[0..i) to b[0..j) */
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* The known name nearest to s, or NULL when none is close (distance at
 * most 3, and at most half the longer name). */
const char *load_nearest(const char *s, const char *const *names)
{
	const char *best = NULL;
	int bd = 4;
	for (size_t i = 0; names[i] != NULL; i++) {
		int d = load_distance(s, names[i]);
		size_t l1 = strlen(s), l2 = strlen(names[i]);
		size_t longer = l1 > l2 ? l1 : l2;
		if (d < bd && (size_t)d * 2 <= longer) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}

/* True when name is in names. */
bool load_known(const char *name, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Reports "unknown key" with the nearest known key, at the key. */
void load_unknown(const struct ynode *key, const char *const *known)
{
	const char *near = load_nearest(key->text, known);
	if (near)
		diag(DIAG_ERROR, key->pos, "unknown key '%s'; did you mean '%s'?",
		    key->text, near);
	else
		diag(DIAG_ERROR, key->pos, "unknown key '%s'", key->text);
}

bool load_reads_as_key(const struct ynode *map, const char *const *known)
{
	if (map->kind != YNODE_MAP || map->flow || map->npairs != 1)
		return false;
	const struct ynode *k = map->pairs[0].key, *v = map->pairs[0].val;
	if (!k->plain || v->kind != YNODE_SCALAR || yamltree_is_null(v) ||
	    v->pos.line != k->pos.line)
		return false;
	return strchr(k->text, ' ') != NULL || load_nearest(k->text, known) == NULL;
}

/* Reports every key of map not in known. */
void load_keys(const struct ynode *map, const char *const *known)
{
	if (load_reads_as_key(map, known) && !load_known(map->pairs[0].key->text,
	    known)) {
		diag(DIAG_ERROR, map->pairs[0].key->pos, "this line reads as a key; "
		    "quote it");
		return;
	}
	for (size_t i = 0; i < map->npairs; i++)
		if (!load_known(map->pairs[i].key->text, known))
			load_unknown(map->pairs[i].key, known);
}

/* A word for the kind of n, for "must be X, not Y" messages. */
const char *load_what(const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_MAP: return "a mapping";
	case YNODE_SEQ: return "a list";
	default: return "text";
	}
}

/* The value of key in map; reports a missing required key at the map. */
struct ynode *load_req(const struct ynode *map, const char *key)
{
	struct ynode *v = yamltree_get(map, key);
	if (v == NULL)
		diag(DIAG_ERROR, map->pos, "missing required key '%s'", key);
	return v;
}

/* True when n is a mapping; else reports "'what' must be a mapping". */
bool load_is_map(const struct ynode *n, const char *what)
{
	if (n->kind == YNODE_MAP)
		return true;
	diag(DIAG_ERROR, n->pos, "%s must be a mapping, not %s", what,
	    load_what(n));
	return false;
}

/* True when n is a list; a null value is an empty list (false, quiet). */
bool load_is_seq(const struct ynode *n, const char *key)
{
	if (n->kind == YNODE_SEQ)
		return true;
	if (!yamltree_is_null(n))
		diag(DIAG_ERROR, n->pos, "'%s' must be a list, not %s", key,
		    load_what(n));
	return false;
}

/* ---- scalar values ---- */

/* The text of n (in the arena), or NULL when n is absent or null; a
 * list or mapping is reported. */
const char *load_text(const struct ynode *n, const char *key)
{
	if (n == NULL || yamltree_is_null(n))
		return NULL;
	if (n->kind != YNODE_SCALAR) {
		diag(DIAG_ERROR, n->pos, "'%s' must be text, not %s", key,
		    load_what(n));
		return NULL;
	}
	return n->text;
}

/* Like load_text for a required key: reports absent or empty values. */
const char *load_req_text(const struct ynode *map, const char *key)
{
	struct ynode *n = load_req(map, key);
	if (n == NULL)
		return "";
	const char *s = load_text(n, key);
	if (s == NULL || s[0] == '\0') {
		if (n->kind == YNODE_SCALAR)
			diag(DIAG_ERROR, n->pos, "'%s' must not be empty", key);
		return "";
	}
	return s;
}

/* Inline text of n (empty when absent). */
struct inlines load_inline(struct loader *ld, const struct ynode *n,
    const char *key)
{
	struct inlines r = { NULL, 0 };
	const char *s = load_text(n, key);
	if (s != NULL)
		r = inline_parse_node(ld->a, n);
	return r;
}

/* A boolean value of n, or dflt when absent. */
bool load_bool(const struct ynode *n, const char *key, bool dflt)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes",
	    "YES", "on", "On", "ON", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No",
	    "NO", "off", "Off", "OFF", NULL };
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind == YNODE_SCALAR) {
		if (load_known(n->text, yes))
			return true;
		if (load_known(n->text, no))
			return false;
	}
	diag(DIAG_ERROR, n->pos, "'%s' must be true or false", key);
	return dflt;
}

/* A whole number from min to max, or dflt when absent or wrong. */
long load_int(const struct ynode *n, const char *key, long min,
    long max, long dflt)
{
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind == YNODE_SCALAR && n->len > 0 && n->len < 12) {
		const char *s = n->text;
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (*end == '\0' && errno == 0 && (s[0] == '-' ||
		    (s[0] >= '0' && s[0] <= '9'))) {
			if (v < min || v > max) {
				diag(DIAG_ERROR, n->pos, "'%s' must be from %ld to %ld",
				    key, min, max);
				return dflt;
			}
			return v;
		}
	}
	diag(DIAG_ERROR, n->pos, "'%s' must be a whole number", key);
	return dflt;
}

/* Parses a decimal number with nothing after it; false when s is not
 * one. */
bool load_parse_number(const char *s, double *out)
{
	if (s[0] == '\0' || !(s[0] == '-' || s[0] == '+' || s[0] == '.' ||
	    (s[0] >= '0' && s[0] <= '9')))
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* A number from min to max, or dflt when absent or wrong. */
double load_number(const struct ynode *n, const char *key,
    double min, double max, double dflt)
{
	double v;
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind != YNODE_SCALAR || !load_parse_number(n->text, &v)) {
		diag(DIAG_ERROR, n->pos, "'%s' must be a number", key);
		return dflt;
	}
	if (v < min || v > max) {
		diag(DIAG_ERROR, n->pos, "'%s' must be from %g to %g", key, min, max);
		return dflt;
	}
	return v;
}

/* One of names (returns its index), or dflt when absent or wrong. */
int load_choice(const struct ynode *n, const char *key,
    const char *const *names, int dflt)
{
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind == YNODE_SCALAR)
		for (int i = 0; names[i] != NULL; i++)
			if (strcmp(n->text, names[i]) == 0)
				return i;
	struct buf b;
	buf_init(&b);
	for (int i = 0; names[i] != NULL; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : names[i + 1] ? ", " : " or ",
		    names[i]);
	const char *near = n->kind == YNODE_SCALAR ?
	    load_nearest(n->text, names) : NULL;
	if (near)
		diag(DIAG_ERROR, n->pos, "'%s' must be %s, not '%s'; did you mean "
		    "'%s'?", key, b.s, n->text, near);
	else if (n->kind == YNODE_SCALAR)
		diag(DIAG_ERROR, n->pos, "'%s' must be %s, not '%s'", key, b.s,
		    n->text);
	else
		diag(DIAG_ERROR, n->pos, "'%s' must be %s, not %s", key, b.s,
		    load_what(n));
	buf_free(&b);
	return dflt;
}

/* Reads exactly ndig decimal digits at *s, advancing it; -1 if not. */
static int load_digits(const char **s, int ndig)
{
	int v = 0;
	for (int i = 0; i < ndig; i++) {
		char c = (*s)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*s += ndig;
	return v;
}

/* Parses "YYYY-MM-DD" in text, reporting a wrong form or an impossible
 * date at p; true when it is a real date. */
static bool load_date_text(const char *text, const char *key, struct pos p,
    int *y, int *mo, int *d)
{
	const char *s = text;
	int yy = load_digits(&s, 4), mm = -1, dd = -1;
	if (yy >= 0 && *s == '-') {
		s++;
		mm = load_digits(&s, 2);
		if (mm >= 0 && *s == '-') {
			s++;
			dd = load_digits(&s, 2);
		}
	}
	if (yy < 0 || mm < 0 || dd < 0 || *s != '\0') {
		diag(DIAG_ERROR, p, "'%s' must be a date written YYYY-MM-DD, not "
		    "'%s'", key, text);
		return false;
	}
	if (!date_valid(yy, mm, dd)) {
		if (mm >= 1 && mm <= 12 && dd >= 1 && yy >= 1000)
			diag(DIAG_ERROR, p, "no such date: %s (%s %d has no day %d)",
			    text, date_month_name(NULL, mm), yy, dd);
		else
			diag(DIAG_ERROR, p, "no such date: %s", text);
		return false;
	}
	*y = yy;
	*mo = mm;
	*d = dd;
	return true;
}

/* A date value of n; false (reported) when absent-but-given wrong. */
bool load_date(const struct ynode *n, const char *key, int *y,
    int *mo, int *d)
{
	if (n == NULL)
		return false;
	if (n->kind != YNODE_SCALAR || yamltree_is_null(n)) {
		diag(DIAG_ERROR, n->pos, "'%s' must be a date written YYYY-MM-DD",
		    key);
		return false;
	}
	return load_date_text(n->text, key, n->pos, y, mo, d);
}

struct date_ref *load_date_ref(struct loader *ld, const struct ynode *n,
    const char *key, enum date_use use)
{
	static keylist keys = { "date", "form", NULL };
	const char *form = NULL;
	if (n != NULL && n->kind == YNODE_MAP) {
		load_keys(n, keys);
		form = load_date_form(yamltree_get(n, "form"), "form", false, NULL);
		n = load_req(n, "date");
	}
	int y, mo, d;
	if (!load_date(n, key, &y, &mo, &d))
		return NULL;
	struct date_ref *r = arena_alloc(ld->a, sizeof *r);
	*r = (struct date_ref){ y, mo, d, use, form };
	return r;
}

/* A time "HH:MM" (or "H:MM"); sets -1, -1 when absent. */
void load_time(const struct ynode *n, const char *key, int *h, int *m)
{
	*h = *m = -1;
	if (n == NULL || yamltree_is_null(n))
		return;
	if (n->kind == YNODE_SCALAR) {
		const char *s = n->text;
		int hh = load_digits(&s, 2);
		if (hh < 0)
			hh = load_digits(&s, 1);
		int mm = -1;
		if (hh >= 0 && *s == ':') {
			s++;
			mm = load_digits(&s, 2);
		}
		if (hh >= 0 && mm >= 0 && *s == '\0') {
			if (hh > 23 || mm > 59) {
				diag(DIAG_ERROR, n->pos, "no such time: %s (24-hour "
				    "HH:MM, 00:00 to 23:59)", n->text);
				return;
			}
			*h = hh;
			*m = mm;
			return;
		}
	}
	diag(DIAG_ERROR, n->pos, "'%s' must be a 24-hour time written HH:MM",
	    key);
}

/* ---- files ---- */

/* The file load_set_memory_file() stands in for, or NULL. */
static const char *mem_path;
static const char *mem_data;
static size_t mem_len;

void load_set_memory_file(const char *path, const char *data, size_t len)
{
	mem_path = path;
	mem_data = data;
	mem_len = len;
}

bool load_in_memory(const char *path)
{
	return mem_path != NULL && strcmp(path, mem_path) == 0;
}

/* Reads and parses file path: *root is the tree (NULL if empty), its
 * nodes in a and its texts in texts, and the errno (or -1 for YAML
 * errors) is returned; 0 when parsed. */
int load_tree(struct arena *a, struct arena *texts, const char *path,
    struct ynode **root)
{
	char *data;
	size_t len;
	*root = NULL;
	if (load_in_memory(path))
		return yamltree_parse_split(a, texts, path, mem_data, mem_len,
		    root) < 0 ? -1 : 0;
	int e = file_read(path, LOAD_MAX_FILE, &data, &len);
	if (e != 0)
		return e;
	int r = yamltree_parse_split(a, texts, path, data, len, root);
	free(data);
	return r < 0 ? -1 : 0;
}

/* Reports a document that is not a mapping (or is empty); false then. */
bool load_root_ok(const char *file, const struct ynode *root,
    const char *expected)
{
	struct pos p = { file, 1, 1 };
	if (root == NULL || (root->kind == YNODE_SCALAR && yamltree_is_null(root))) {
		diag(DIAG_ERROR, p, "the file is empty; expected %s", expected);
		return false;
	}
	if (root->kind == YNODE_SCALAR) {
		diag(DIAG_ERROR, root->pos, "the document is a single text value; "
		    "expected %s", expected);
		return false;
	}
	if (root->kind == YNODE_SEQ) {
		diag(DIAG_ERROR, root->pos, "the document is a list; expected %s",
		    expected);
		return false;
	}
	return true;
}

/* Reports why a file could not be read, at p. */
void load_read_error(struct pos p, const char *what, const char *path,
    int e)
{
	if (e == EFBIG)
		diag(DIAG_ERROR, p, "cannot read %s '%s': larger than %u MB", what,
		    path, LOAD_MAX_FILE >> 20);
	else
		diag(DIAG_ERROR, p, "cannot read %s '%s': %s", what, path,
		    strerror(e));
}

/* A report paper from its root mapping. */

const char *load_suggest_file(struct arena *a, const char *path,
    const char *written)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	DIR *d = opendir(path_dir(a, path));
	if (d == NULL)
		return NULL;
	const char *best = NULL;
	int bd = 4;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		int dist = load_distance(base, de->d_name);
		size_t l1 = strlen(base), l2 = strlen(de->d_name);
		size_t longer = l1 > l2 ? l1 : l2;
		if ((size_t)dist * 2 > longer || dist > bd || (dist == bd &&
		    (best == NULL || strcmp(de->d_name, best) >= 0)))
			continue;
		bd = dist;
		best = arena_strdup(a, de->d_name);
	}
	closedir(d);
	if (best == NULL)
		return NULL;
	const char *slash = strrchr(written, '/');
	if (slash == NULL)
		return best;
	return arena_printf(a, "%.*s%s", (int)(slash + 1 - written), written,
	    best);
}

void load_missing_file(struct arena *a, struct pos p, const char *what,
    const char *path, const char *written)
{
	const char *near = load_suggest_file(a, path, written);
	if (near != NULL)
		diag(DIAG_ERROR, p, "cannot read %s '%s': %s; did you mean '%s'?",
		    what, path, strerror(ENOENT), near);
	else
		diag(DIAG_ERROR, p, "cannot read %s '%s': %s", what, path,
		    strerror(ENOENT));
}

bool load_wrong_kind(struct arena *a, const char *path, struct pos p,
    const char *written, enum load_want want)
{
	int err;
	if (load_in_memory(path))
		return false;
	enum file_kind k = file_sniff(path, &err);
	if (err == ENOENT) {
		static const char *const what[] = { "paper file", "PDF", "image" };
		load_missing_file(a, p, what[want], path, written);
		return true;
	}
	switch (k) {
	case FILE_KIND_PDF:
		if (want == LOAD_WANT_PDF)
			return false;
		diag(DIAG_ERROR, p, "this is a PDF; write `- pdf: %s`", written);
		return true;
	case FILE_KIND_PNG:
	case FILE_KIND_JPEG:
		if (want == LOAD_WANT_IMAGE)
			return false;
		diag(DIAG_ERROR, p, "this is %s; show it in a report with "
		    "`- image: %s`", file_kind_name(k), written);
		return true;
	case FILE_KIND_WORD:
	case FILE_KIND_EXCEL:
	case FILE_KIND_POWERPOINT:
	case FILE_KIND_OPENDOCUMENT:
	case FILE_KIND_OLD_OFFICE:
		diag(DIAG_ERROR, p, "this is %s; export it to PDF",
		    file_kind_name(k));
		return true;
	case FILE_KIND_ZIP:
		diag(DIAG_ERROR, p, "this is a ZIP archive; unpack it and name the "
		    "file inside");
		return true;
	default:
		return false;
	}
}
