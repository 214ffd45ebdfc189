/*
 * load.c - YAML trees (yamltree.h) into the document model (model.h).
 *
 * The schema accepted here is docs/format.md (meeting, report and
 * minutes files, blocks) and docs/layout.md (layout files); keep them in
 * step.  In short:
 *
 *   meeting:  council committee date time venue language title contact
 *             notes membership items
 *   item:     title number description notes exempt exempt_reason papers
 *   paper:    PATH | {file late landscape title} | {generate: membership}
 *             | {pdf title pages late landscape}
 *   report:   paper reference title header landscape language body
 *   minutes:  paper council committee date venue language present_heading
 *             present also_present officers apologies minutes closed
 *             chair_role
 *   block:    TEXT | p | heading | list | agreed | table | image
 *             | page_break | signature | dates  (+ language)
 *
 * Every problem is reported at its position and loading goes on, so one
 * run lists them all; the caller learns of them from diag_count().
 */
#include "load.h"
#include "yamltree.h"
#include "../validate/validate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOAD_MAX_FILE (16u << 20)      /* bytes in one YAML file */
#define LOAD_MAX_ITEMS 50000           /* items in a meeting, minutes in a file */
#define LOAD_MAX_ROWS 100000           /* rows in one table */
#define LOAD_MAX_COLS 100              /* columns in one table */

/* The state of loading one file. */
struct loader {
	struct arena *a;
	const char *file;                  /* the file, as named in messages */
	const char *dir;                   /* its folder, for relative paths */
};

typedef const char *const keylist[];

/* ---- messages and key checks ---- */

/* Edit distance between a and b (each cut to 64 bytes): Levenshtein,
 * counting a swap of two neighbours as one edit ("titel", "title"). */
static int load_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64)
		la = 64;
	if (lb > 64)
		lb = 64;
	static int d[65][65];
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
static const char *load_nearest(const char *s, const char *const *names)
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
static bool load_known(const char *name, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Reports "unknown key" with the nearest known key, at the key. */
static void load_unknown(const struct ynode *key, const char *const *known)
{
	const char *near = load_nearest(key->text, known);
	if (near)
		diag(DIAG_ERROR, key->pos, "unknown key '%s'; did you mean '%s'?",
		    key->text, near);
	else
		diag(DIAG_ERROR, key->pos, "unknown key '%s'", key->text);
}

/* Reports every key of map not in known. */
static void load_keys(const struct ynode *map, const char *const *known)
{
	for (size_t i = 0; i < map->npairs; i++)
		if (!load_known(map->pairs[i].key->text, known))
			load_unknown(map->pairs[i].key, known);
}

/* A word for the kind of n, for "must be X, not Y" messages. */
static const char *load_what(const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_MAP: return "a mapping";
	case YNODE_SEQ: return "a list";
	default: return "text";
	}
}

/* The value of key in map; reports a missing required key at the map. */
static struct ynode *load_req(const struct ynode *map, const char *key)
{
	struct ynode *v = yamltree_get(map, key);
	if (v == NULL)
		diag(DIAG_ERROR, map->pos, "missing required key '%s'", key);
	return v;
}

/* True when n is a mapping; else reports "'what' must be a mapping". */
static bool load_is_map(const struct ynode *n, const char *what)
{
	if (n->kind == YNODE_MAP)
		return true;
	diag(DIAG_ERROR, n->pos, "%s must be a mapping, not %s", what,
	    load_what(n));
	return false;
}

/* True when n is a list; a null value is an empty list (false, quiet). */
static bool load_is_seq(const struct ynode *n, const char *key)
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
static const char *load_text(const struct ynode *n, const char *key)
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
static const char *load_req_text(const struct ynode *map, const char *key)
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
static struct inlines load_inline(struct loader *ld, const struct ynode *n,
    const char *key)
{
	struct inlines r = { NULL, 0 };
	const char *s = load_text(n, key);
	if (s != NULL)
		r = inline_parse(ld->a, s, n->pos);
	return r;
}

/* A boolean value of n, or dflt when absent. */
static bool load_bool(const struct ynode *n, const char *key, bool dflt)
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
static long load_int(const struct ynode *n, const char *key, long min,
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
static bool load_parse_number(const char *s, double *out)
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
static double load_number(const struct ynode *n, const char *key,
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
static int load_choice(const struct ynode *n, const char *key,
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

static const char *const month_names[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

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
			    text, month_names[mm - 1], yy, dd);
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
static bool load_date(const struct ynode *n, const char *key, int *y,
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

/* A time "HH:MM" (or "H:MM"); sets -1, -1 when absent. */
static void load_time(const struct ynode *n, const char *key, int *h, int *m)
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

/* ---- blocks ---- */

static void load_block(struct loader *ld, const struct ynode *n,
    struct vec *out);

/* The blocks of n: a list of blocks, one text (a paragraph) or one block
 * mapping.  An absent or null n gives none. */
static struct blocks load_blocks(struct loader *ld, const struct ynode *n)
{
	struct blocks r = { NULL, 0 };
	struct vec v;
	if (n == NULL || yamltree_is_null(n))
		return r;
	vec_init(&v, sizeof(struct block));
	if (n->kind == YNODE_SEQ) {
		for (size_t i = 0; i < n->nitems; i++)
			load_block(ld, n->items[i], &v);
	} else {
		load_block(ld, n, &v);
	}
	r.n = v.n;
	r.v = vec_to_arena(&v, ld->a);
	return r;
}

/* A paragraph block of inline text. */
static void load_para(struct loader *ld, const struct ynode *n,
    const char *key, struct vec *out)
{
	struct block *b = vec_push(out);
	b->kind = BLOCK_PARA;
	b->pos = n->pos;
	b->u.para.text = load_inline(ld, n, key);
}

/* The items of a list from a sequence: each inline text, a list of
 * blocks, or one block mapping. */
static void load_list_items(struct loader *ld, const struct ynode *seq,
    struct block *b)
{
	struct vec items;
	vec_init(&items, sizeof(struct list_item));
	for (size_t i = 0; i < seq->nitems; i++) {
		const struct ynode *it = seq->items[i];
		struct list_item *li = vec_push(&items);
		li->pos = it->pos;
		li->body = load_blocks(ld, it);
	}
	b->u.list.n = items.n;
	b->u.list.items = vec_to_arena(&items, ld->a);
}

static const char *const align_names[] = { "left", "centre", "right",
    "justify", NULL };
static const enum align align_values[] = { ALIGN_LEFT, ALIGN_CENTRE,
    ALIGN_RIGHT, ALIGN_JUSTIFY };

/* An alignment value, ALIGN_DEFAULT when absent. */
static enum align load_align(const struct ynode *n)
{
	int i = load_choice(n, "align", align_names, -1);
	return i < 0 ? ALIGN_DEFAULT : align_values[i];
}

/* A table block from the value of 'table'. */
static void load_table(struct loader *ld, const struct ynode *n,
    struct block *b)
{
	static keylist keys = { "caption", "style", "landscape", "columns",
	    "rows", NULL };
	static keylist col_keys = { "title", "width", "align", NULL };
	static const char *const styles[] = { "grid", "plain", NULL };
	struct table *t = &b->u.table;
	if (!load_is_map(n, "'table'"))
		return;
	load_keys(n, keys);
	t->caption = load_text(yamltree_get(n, "caption"), "caption");
	t->style = load_choice(yamltree_get(n, "style"), "style", styles, 0) == 1 ?
	    TABLE_PLAIN : TABLE_GRID;
	t->landscape = load_bool(yamltree_get(n, "landscape"), "landscape", false);
	const struct ynode *cols = load_req(n, "columns");
	const struct ynode *rows = load_req(n, "rows");
	if (cols != NULL && cols->kind == YNODE_SEQ &&
	    cols->nitems > LOAD_MAX_COLS) {
		diag(DIAG_ERROR, cols->pos, "the table has %zu "
		    "columns; the limit is %d", cols->nitems, LOAD_MAX_COLS);
		return;
	}
	if (rows != NULL && rows->kind == YNODE_SEQ &&
	    rows->nitems > LOAD_MAX_ROWS) {
		diag(DIAG_ERROR, rows->pos, "the table has %zu "
		    "rows; the limit is %d (split it into several tables)",
		    rows->nitems, LOAD_MAX_ROWS);
		return;
	}
	if (cols != NULL && load_is_seq(cols, "columns")) {
		if (cols->nitems == 0)
			diag(DIAG_ERROR, cols->pos, "'columns' must name at least one "
			    "column");
		t->ncols = cols->nitems;
		t->cols = arena_alloc(ld->a, (t->ncols ? t->ncols : 1) *
		    sizeof *t->cols);
		for (size_t i = 0; i < cols->nitems; i++) {
			const struct ynode *c = cols->items[i];
			struct table_col *tc = &t->cols[i];
			if (c->kind == YNODE_SCALAR) {
				tc->title = load_text(c, "title");
				continue;
			}
			if (!load_is_map(c, "a column"))
				continue;
			load_keys(c, col_keys);
			tc->title = load_text(yamltree_get(c, "title"), "title");
			tc->width = load_number(yamltree_get(c, "width"), "width",
			    0.01, 1000, 0);
			tc->align = load_align(yamltree_get(c, "align"));
		}
	}
	if (rows == NULL || !load_is_seq(rows, "rows") || t->ncols == 0)
		return;
	struct vec rv;
	vec_init(&rv, sizeof(struct table_row));
	bool any_title = false;
	for (size_t i = 0; i < t->ncols; i++)
		any_title |= t->cols[i].title != NULL;
	if (any_title) {
		/* The titles become a header row, repeated on each page. */
		struct table_row *r = vec_push(&rv);
		r->kind = ROW_HEADER;
		r->pos = cols->pos;
		r->ncells = t->ncols;
		r->cells = arena_alloc(ld->a, t->ncols * sizeof *r->cells);
		for (size_t i = 0; i < t->ncols; i++) {
			if (t->cols[i].title == NULL)
				continue;
			struct block *cb = arena_alloc(ld->a, sizeof *cb);
			cb->kind = BLOCK_PARA;
			cb->pos = cols->items[i]->pos;
			cb->u.para.text = inline_parse(ld->a, t->cols[i].title,
			    cb->pos);
			r->cells[i].v = cb;
			r->cells[i].n = 1;
		}
	}
	for (size_t i = 0; i < rows->nitems; i++) {
		const struct ynode *row = rows->items[i];
		if (row->kind == YNODE_MAP) {
			static keylist sec_keys = { "section", NULL };
			load_keys(row, sec_keys);
			const struct ynode *s = load_req(row, "section");
			struct table_row *r = vec_push(&rv);
			r->kind = ROW_SECTION;
			r->pos = row->pos;
			r->ncells = 1;
			r->cells = arena_alloc(ld->a, sizeof *r->cells);
			if (s != NULL)
				r->cells[0] = load_blocks(ld, s);
			continue;
		}
		if (row->kind != YNODE_SEQ) {
			diag(DIAG_ERROR, row->pos, "a table row must be a list of cells "
			    "or {section: text}, not text");
			continue;
		}
		if (row->nitems != t->ncols) {
			diag(DIAG_ERROR, row->pos, "this row has %zu cell%s; the table "
			    "has %zu column%s", row->nitems, row->nitems == 1 ? "" : "s",
			    t->ncols, t->ncols == 1 ? "" : "s");
			continue;
		}
		struct table_row *r = vec_push(&rv);
		r->kind = ROW_NORMAL;
		r->pos = row->pos;
		r->ncells = t->ncols;
		r->cells = arena_alloc(ld->a, t->ncols * sizeof *r->cells);
		for (size_t c = 0; c < t->ncols; c++)
			r->cells[c] = load_blocks(ld, row->items[c]);
	}
	t->nrows = rv.n;
	t->rows = vec_to_arena(&rv, ld->a);
}

/* An image block from its mapping. */
static void load_image(struct loader *ld, const struct ynode *n,
    struct block *b)
{
	struct image *im = &b->u.image;
	const char *path = load_text(yamltree_get(n, "image"), "image");
	if (path == NULL || path[0] == '\0') {
		diag(DIAG_ERROR, yamltree_get(n, "image")->pos, "'image' must name "
		    "a PNG or JPEG file");
		path = "";
	}
	im->path = path[0] ? path_join(ld->a, ld->dir, path) : "";
	im->alt = load_text(yamltree_get(n, "alt"), "alt");
	if (im->alt != NULL && im->alt[0] == '\0')
		im->alt = NULL;
	im->decorative = load_bool(yamltree_get(n, "decorative"), "decorative",
	    false);
	im->width = load_number(yamltree_get(n, "width"), "width", 0.1, 1, 0);
	im->caption = load_text(yamltree_get(n, "caption"), "caption");
}

static const char *const block_kinds[] = { "p", "heading", "list", "agreed",
    "table", "image", "page_break", "signature", "dates", NULL };

/* The keys allowed with each block kind, in block_kinds order. */
static const char *const *const block_keys[] = {
	(keylist){ "p", "align", "small", "language", NULL },
	(keylist){ "heading", "level", "language", NULL },
	(keylist){ "list", "language", NULL },
	(keylist){ "agreed", "language", NULL },
	(keylist){ "table", "language", NULL },
	(keylist){ "image", "alt", "width", "caption", "decorative", "language",
	    NULL },
	(keylist){ "page_break", "language", NULL },
	(keylist){ "signature", "language", NULL },
	(keylist){ "dates", "language", NULL },
};

static const char *const list_styles[] = { "bullet", "number", "roman",
    "alpha", "none", NULL };
static const enum list_style list_values[] = { LIST_BULLET, LIST_NUMBER,
    LIST_ROMAN, LIST_ALPHA, LIST_NONE };

/* A list block from the value of 'list'. */
static void load_list(struct loader *ld, const struct ynode *v,
    struct block *b)
{
	static keylist keys = { "style", "start", "items", NULL };
	b->kind = BLOCK_LIST;
	b->u.list.style = LIST_BULLET;
	b->u.list.start = 1;
	if (v->kind == YNODE_MAP) {
		load_keys(v, keys);
		int s = load_choice(yamltree_get(v, "style"), "style", list_styles, 0);
		b->u.list.style = list_values[s];
		b->u.list.start = (int)load_int(yamltree_get(v, "start"), "start", 0,
		    100000, 1);
		v = load_req(v, "items");
		if (v == NULL)
			return;
	}
	if (load_is_seq(v, "list"))
		load_list_items(ld, v, b);
}

/* Writes the date y-mo-d long style, "Thursday 14 June 2018". */
static char *load_date_long(struct arena *a, int y, int mo, int d)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	return arena_printf(a, "%s %d %s %d", days[date_weekday(y, mo, d)], d,
	    month_names[mo - 1], y);
}

/* Appends the blocks one block entry n stands for ('agreed' gives two). */
static void load_block(struct loader *ld, const struct ynode *n,
    struct vec *out)
{
	if (n->kind == YNODE_SCALAR) {
		if (!yamltree_is_null(n))
			load_para(ld, n, "paragraph", out);
		return;
	}
	if (n->kind == YNODE_SEQ) {
		diag(DIAG_ERROR, n->pos, "a block must be text or a mapping, not "
		    "a list");
		return;
	}
	int kind = -1;
	for (size_t i = 0; i < n->npairs && kind < 0; i++)
		for (int k = 0; block_kinds[k] != NULL; k++)
			if (strcmp(n->pairs[i].key->text, block_kinds[k]) == 0)
				kind = k;
	if (kind < 0) {
		if (n->npairs == 0)
			diag(DIAG_ERROR, n->pos, "an empty mapping is not a block");
		else
			load_unknown(n->pairs[0].key, block_kinds);
		return;
	}
	load_keys(n, block_keys[kind]);
	const struct ynode *v = yamltree_get(n, block_kinds[kind]);
	const char *lang = load_text(yamltree_get(n, "language"), "language");
	size_t first = out->n;
	struct block *b;
	switch (kind) {
	case 0:                                          /* p */
		load_para(ld, v, "p", out);
		b = (struct block *)out->v + out->n - 1;
		b->pos = n->pos;
		b->u.para.align = load_align(yamltree_get(n, "align"));
		b->u.para.small = load_bool(yamltree_get(n, "small"), "small", false);
		break;
	case 1:                                          /* heading */
		b = vec_push(out);
		b->kind = BLOCK_HEADING;
		b->pos = n->pos;
		b->u.heading.text = load_inline(ld, v, "heading");
		b->u.heading.level = (int)load_int(yamltree_get(n, "level"), "level",
		    1, 3, 1);
		break;
	case 2:                                          /* list */
		b = vec_push(out);
		b->pos = n->pos;
		load_list(ld, v, b);
		break;
	case 3: {                                        /* agreed */
		b = vec_push(out);
		b->kind = BLOCK_PARA;
		b->pos = n->pos;
		b->u.para.keep_with_next = true;
		struct span *sp = arena_alloc(ld->a, 3 * sizeof *sp);
		sp[0].text = "It was ";
		sp[1].text = "Agreed";
		sp[1].style = SPAN_BOLD;
		sp[2].text = " that:";
		for (int i = 0; i < 3; i++)
			sp[i].pos = n->pos;
		b->u.para.text.spans = sp;
		b->u.para.text.n = 3;
		b = vec_push(out);
		b->kind = BLOCK_LIST;
		b->pos = v->pos;
		b->u.list.style = LIST_NUMBER;
		b->u.list.start = 1;
		if (load_is_seq(v, "agreed"))
			load_list_items(ld, v, b);
		break;
	}
	case 4:                                          /* table */
		b = vec_push(out);
		b->kind = BLOCK_TABLE;
		b->pos = n->pos;
		load_table(ld, v, b);
		break;
	case 5:                                          /* image */
		b = vec_push(out);
		b->kind = BLOCK_IMAGE;
		b->pos = n->pos;
		load_image(ld, n, b);
		break;
	case 6:                                          /* page_break */
		if (load_bool(v, "page_break", true)) {
			b = vec_push(out);
			b->kind = BLOCK_PAGE_BREAK;
			b->pos = n->pos;
		}
		break;
	case 7:                                          /* signature */
		b = vec_push(out);
		b->kind = BLOCK_SIGNATURE;
		b->pos = n->pos;
		b->u.signature.role = load_text(v, "signature");
		if (b->u.signature.role == NULL)
			b->u.signature.role = "Chairman";
		break;
	case 8: {                                        /* dates */
		b = vec_push(out);
		b->kind = BLOCK_LIST;
		b->pos = n->pos;
		b->u.list.style = LIST_NONE;
		b->u.list.start = 1;
		if (!load_is_seq(v, "dates"))
			break;
		struct list_item *it = arena_alloc(ld->a, (v->nitems ? v->nitems : 1)
		    * sizeof *it);
		size_t k = 0;
		for (size_t i = 0; i < v->nitems; i++) {
			int y, mo, d;
			const struct ynode *dn = v->items[i];
			if (!load_date(dn, "dates", &y, &mo, &d))
				continue;
			struct block *p = arena_alloc(ld->a, sizeof *p);
			p->kind = BLOCK_PARA;
			p->pos = dn->pos;
			struct span *sp = arena_alloc(ld->a, sizeof *sp);
			sp->text = load_date_long(ld->a, y, mo, d);
			sp->pos = dn->pos;
			p->u.para.text.spans = sp;
			p->u.para.text.n = 1;
			it[k].pos = dn->pos;
			it[k].body.v = p;
			it[k].body.n = 1;
			k++;
		}
		b->u.list.items = it;
		b->u.list.n = k;
		break;
	}
	}
	for (size_t i = first; i < out->n; i++)
		((struct block *)out->v)[i].lang = lang;
}

/* ---- people ---- */

/* A person: a name, or {name, role}. */
static void load_person(const struct ynode *n, const char *key,
    struct person *p)
{
	static keylist keys = { "name", "role", NULL };
	p->pos = n->pos;
	p->name = "";
	if (n->kind == YNODE_MAP) {
		load_keys(n, keys);
		p->name = load_req_text(n, "name");
		p->role = load_text(yamltree_get(n, "role"), "role");
		return;
	}
	const char *s = load_text(n, key);
	if (s != NULL)
		p->name = s;
}

/* A list of persons under key in map. */
static struct person *load_persons(struct loader *ld, const struct ynode *map,
    const char *key, size_t *count)
{
	const struct ynode *n = yamltree_get(map, key);
	*count = 0;
	if (n == NULL || !load_is_seq(n, key))
		return NULL;
	struct person *v = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *v);
	for (size_t i = 0; i < n->nitems; i++)
		load_person(n->items[i], key, &v[i]);
	*count = n->nitems;
	return v;
}

/* ---- numbering ---- */

/* A number and where it came from, to find duplicates. */
struct numbered {
	const char *number;
	struct pos pos;
	size_t index;                      /* order in the list */
};

/* Compares by number text, then list order (for qsort). */
static int numbered_cmp(const void *x, const void *y)
{
	const struct numbered *p = x, *q = y;
	int c = strcmp(p->number, q->number);
	if (c != 0)
		return c;
	return (p->index > q->index) - (p->index < q->index);
}

/* Reports each number that repeats an earlier one (what: "item"),
 * at the repeat, naming the first's line; v ends sorted by number. */
static void load_check_numbers(struct numbered *v, size_t n, const char *what)
{
	if (n < 2)
		return;
	qsort(v, n, sizeof *v, numbered_cmp);
	size_t first = 0;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].number, v[first].number) != 0) {
			first = i;
			continue;
		}
		diag(DIAG_ERROR, v[i].pos, "duplicate %s number '%s' (first used at "
		    "line %d)", what, v[i].number, v[first].pos.line);
	}
}

/* ---- meeting ---- */

/* Loads a paper file named at pos into p (kind, body, minutes...). */
static void load_paper_file(struct loader *ld, const struct ynode *pathn,
    struct paper *p);

/* Loads the minutes mapping root into a new struct minutes. */
static struct minutes *load_minutes(struct loader *ld, const struct ynode *root,
    const char **lang);

/* The generated or file papers of an item, from its 'papers' list. */
static void load_papers(struct loader *ld, const struct ynode *n,
    struct item *it, bool have_membership)
{
	static keylist keys = { "file", "generate", "pdf", "title", "pages",
	    "late", "landscape", NULL };
	static const char *const generators[] = { "membership", NULL };
	if (n == NULL || !load_is_seq(n, "papers"))
		return;
	it->papers = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *it->papers);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		struct paper *p = &it->papers[it->npapers];
		p->pos = e->pos;
		if (e->kind == YNODE_SCALAR) {
			if (yamltree_is_null(e)) {
				diag(DIAG_ERROR, e->pos, "a paper must name a file");
				continue;
			}
			load_paper_file(ld, e, p);
			it->npapers++;
			continue;
		}
		if (!load_is_map(e, "a paper"))
			continue;
		load_keys(e, keys);
		const struct ynode *file = yamltree_get(e, "file");
		const struct ynode *gen = yamltree_get(e, "generate");
		const struct ynode *pdf = yamltree_get(e, "pdf");
		int nkinds = (file != NULL) + (gen != NULL) + (pdf != NULL);
		if (nkinds != 1) {
			diag(DIAG_ERROR, e->pos, "a paper needs %s of 'file', "
			    "'generate' or 'pdf'", nkinds ? "only one" : "one");
			continue;
		}
		const char *title = load_text(yamltree_get(e, "title"), "title");
		const struct ynode *pages = yamltree_get(e, "pages");
		if (pages != NULL && pdf == NULL)
			diag(DIAG_ERROR, pages->pos, "'pages' is only for a 'pdf' paper");
		if (file != NULL) {
			if (file->kind != YNODE_SCALAR || yamltree_is_null(file)) {
				diag(DIAG_ERROR, file->pos, "'file' must name a paper file");
				continue;
			}
			load_paper_file(ld, file, p);
		} else if (gen != NULL) {
			int g = load_choice(gen, "generate", generators, -1);
			if (g < 0)
				continue;
			if (!have_membership)
				diag(DIAG_ERROR, gen->pos, "'generate: membership' needs the "
				    "meeting's 'membership'");
			p->kind = PAPER_MEMBERSHIP;
		} else {
			const char *path = load_text(pdf, "pdf");
			if (path == NULL || path[0] == '\0') {
				diag(DIAG_ERROR, pdf->pos, "'pdf' must name a PDF file");
				continue;
			}
			p->kind = PAPER_PDF;
			p->path = path_join(ld->a, ld->dir, path);
			if (pages != NULL) {
				const char *s = load_text(pages, "pages");
				int from = 0, to = 0, k = 0;
				char c;
				if (s != NULL && (sscanf(s, "%d-%d%c", &from, &to, &c) == 2 ||
				    (k = sscanf(s, "%d%c", &from, &c)) == 1) && from >= 1) {
					if (k == 1)
						to = from;
					if (to < from)
						diag(DIAG_ERROR, pages->pos, "'pages' runs "
						    "backwards: %s", s);
					p->page_from = from;
					p->page_to = to;
				} else {
					diag(DIAG_ERROR, pages->pos, "'pages' must be a page "
					    "number or a range like 2-5");
				}
			}
		}
		if (title != NULL)
			p->title = title;
		p->late |= load_bool(yamltree_get(e, "late"), "late", false);
		p->landscape |= load_bool(yamltree_get(e, "landscape"), "landscape",
		    false);
		p->pos = e->pos;
		it->npapers++;
	}
}

/* The meeting's items, numbered and checked for duplicate numbers. */
static void load_items(struct loader *ld, const struct ynode *n,
    struct meeting *m, bool have_membership)
{
	static keylist keys = { "title", "number", "description", "notes",
	    "exempt", "exempt_reason", "papers", NULL };
	if (n == NULL || !load_is_seq(n, "items"))
		return;
	if (n->nitems > LOAD_MAX_ITEMS) {
		diag(DIAG_ERROR, n->pos, "the meeting has %zu "
		    "items; the limit is %d", n->nitems, LOAD_MAX_ITEMS);
		return;
	}
	m->items = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *m->items);
	struct numbered *nums = xmalloc((n->nitems ? n->nitems : 1) *
	    sizeof *nums);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		struct item *it = &m->items[m->nitems];
		it->pos = e->pos;
		if (!load_is_map(e, "an item"))
			continue;
		load_keys(e, keys);
		it->title = load_req_text(e, "title");
		const struct ynode *num = yamltree_get(e, "number");
		it->number = load_text(num, "number");
		struct pos npos = e->pos;
		if (it->number == NULL || it->number[0] == '\0')
			it->number = arena_printf(ld->a, "%zu", i + 1);
		else
			npos = num->pos;
		it->description = load_inline(ld, yamltree_get(e, "description"),
		    "description");
		it->notes = load_blocks(ld, yamltree_get(e, "notes"));
		it->exempt = load_bool(yamltree_get(e, "exempt"), "exempt", false);
		it->exempt_reason = load_text(yamltree_get(e, "exempt_reason"),
		    "exempt_reason");
		load_papers(ld, yamltree_get(e, "papers"), it, have_membership);
		nums[m->nitems].number = it->number;
		nums[m->nitems].pos = npos;
		nums[m->nitems].index = m->nitems;
		m->nitems++;
	}
	load_check_numbers(nums, m->nitems, "item");
	free(nums);
}

/* The meeting's membership mapping. */
static void load_membership(struct loader *ld, const struct ynode *n,
    struct membership *ms)
{
	static keylist keys = { "quorum", "enquiries", "members", "non_elected",
	    "apologies", "substitutions", "declarations", NULL };
	static keylist sub_keys = { "member", "substitute", NULL };
	if (!load_is_map(n, "'membership'"))
		return;
	load_keys(n, keys);
	ms->quorum = (int)load_int(yamltree_get(n, "quorum"), "quorum", 1, 10000,
	    0);
	ms->enquiries = load_text(yamltree_get(n, "enquiries"), "enquiries");
	ms->members = load_persons(ld, n, "members", &ms->nmembers);
	ms->non_elected = load_persons(ld, n, "non_elected", &ms->nnon_elected);
	ms->apologies = load_persons(ld, n, "apologies", &ms->napologies);
	const struct ynode *s = yamltree_get(n, "substitutions");
	if (s != NULL && load_is_seq(s, "substitutions")) {
		ms->substitutions = arena_alloc(ld->a, (s->nitems ? s->nitems : 1) *
		    sizeof *ms->substitutions);
		for (size_t i = 0; i < s->nitems; i++) {
			const struct ynode *e = s->items[i];
			if (!load_is_map(e, "a substitution"))
				continue;
			load_keys(e, sub_keys);
			struct substitution *sb =
			    &ms->substitutions[ms->nsubstitutions++];
			sb->member = load_req_text(e, "member");
			sb->substitute = load_req_text(e, "substitute");
			sb->pos = e->pos;
		}
	}
	const struct ynode *d = yamltree_get(n, "declarations");
	if (d != NULL && load_is_seq(d, "declarations")) {
		ms->declarations = arena_alloc(ld->a, (d->nitems ? d->nitems : 1) *
		    sizeof *ms->declarations);
		for (size_t i = 0; i < d->nitems; i++)
			ms->declarations[ms->ndeclarations++] = load_inline(ld,
			    d->items[i], "declarations");
	}
}

/* The meeting from its root mapping. */
static void load_meeting(struct loader *ld, const struct ynode *root,
    struct meeting *m)
{
	static keylist keys = { "council", "committee", "date", "time", "venue",
	    "language", "title", "contact", "notes", "membership", "items", "url", NULL };
	static keylist contact_keys = { "name", "role", "phone", "email", NULL };
	static keylist note_keys = { "title", "text", NULL };
	load_keys(root, keys);
	m->council = load_req_text(root, "council");
	m->committee = load_req_text(root, "committee");
	const struct ynode *date = load_req(root, "date");
	if (date != NULL)
		load_date(date, "date", &m->year, &m->month, &m->day);
	load_time(yamltree_get(root, "time"), "time", &m->hour, &m->minute);
	m->venue = load_req_text(root, "venue");
	m->lang = load_text(yamltree_get(root, "language"), "language");
	if (m->lang == NULL)
		m->lang = "en-GB";
	m->title = load_text(yamltree_get(root, "title"), "title");
	m->url = load_text(yamltree_get(root, "url"), "url");
	const struct ynode *c = load_req(root, "contact");
	if (c != NULL && load_is_map(c, "'contact'")) {
		load_keys(c, contact_keys);
		m->contact.name = load_req_text(c, "name");
		m->contact.role = load_text(yamltree_get(c, "role"), "role");
		m->contact.phone = load_text(yamltree_get(c, "phone"), "phone");
		m->contact.email = load_text(yamltree_get(c, "email"), "email");
	} else {
		m->contact.name = "";
	}
	const struct ynode *notes = yamltree_get(root, "notes");
	if (notes != NULL && load_is_seq(notes, "notes")) {
		m->notes = arena_alloc(ld->a, (notes->nitems ? notes->nitems : 1) *
		    sizeof *m->notes);
		for (size_t i = 0; i < notes->nitems; i++) {
			const struct ynode *e = notes->items[i];
			struct note *nt = &m->notes[m->nnotes];
			nt->pos = e->pos;
			if (e->kind == YNODE_SCALAR) {
				nt->text = load_inline(ld, e, "notes");
				m->nnotes++;
				continue;
			}
			if (!load_is_map(e, "a note"))
				continue;
			load_keys(e, note_keys);
			nt->title = load_text(yamltree_get(e, "title"), "title");
			nt->text = load_inline(ld, load_req(e, "text"), "text");
			m->nnotes++;
		}
	}
	const struct ynode *ms = yamltree_get(root, "membership");
	bool have_ms = ms != NULL && !yamltree_is_null(ms);
	if (have_ms)
		load_membership(ld, ms, &m->membership);
	m->pos = root->pos;
	load_items(ld, load_req(root, "items"), m, have_ms);
}

/* ---- paper files ---- */

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

/* Reads and parses file path: *root is the tree (NULL if empty), and
 * the errno (or -1 for YAML errors) is returned; 0 when parsed. */
static int load_tree(struct arena *a, const char *path, struct ynode **root)
{
	char *data;
	size_t len;
	*root = NULL;
	if (mem_path != NULL && strcmp(path, mem_path) == 0)
		return yamltree_parse(a, path, mem_data, mem_len, root) < 0 ? -1 : 0;
	int e = file_read(path, LOAD_MAX_FILE, &data, &len);
	if (e != 0)
		return e;
	int r = yamltree_parse(a, path, data, len, root);
	free(data);
	return r < 0 ? -1 : 0;
}

/* Reports a document that is not a mapping (or is empty); false then. */
static bool load_root_ok(const char *file, const struct ynode *root,
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
static void load_read_error(struct pos p, const char *what, const char *path,
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
static void load_report(struct loader *ld, const struct ynode *root,
    struct paper *p)
{
	static keylist keys = { "paper", "reference", "title", "header",
	    "landscape", "language", "body", NULL };
	load_keys(root, keys);
	p->kind = PAPER_REPORT;
	p->reference = load_text(yamltree_get(root, "reference"), "reference");
	p->title = load_text(yamltree_get(root, "title"), "title");
	p->landscape = load_bool(yamltree_get(root, "landscape"), "landscape",
	    false);
	p->lang = load_text(yamltree_get(root, "language"), "language");
	const struct ynode *h = yamltree_get(root, "header");
	if (h != NULL && load_is_seq(h, "header")) {
		p->header = arena_alloc(ld->a, (h->nitems ? h->nitems : 1) *
		    sizeof *p->header);
		for (size_t i = 0; i < h->nitems; i++) {
			const struct ynode *e = h->items[i];
			if (e->kind != YNODE_MAP || e->npairs != 1) {
				diag(DIAG_ERROR, e->pos, "each 'header' entry must be one "
				    "label and its value, like 'Date: 8 February 2018'");
				continue;
			}
			struct field *f = &p->header[p->nheader++];
			f->label = e->pairs[0].key->text;
			f->value = load_inline(ld, e->pairs[0].val, f->label);
			f->pos = e->pos;
		}
	}
	p->body = load_blocks(ld, yamltree_get(root, "body"));
}

static struct minutes *load_minutes(struct loader *ld, const struct ynode *root,
    const char **lang)
{
	static keylist keys = { "paper", "council", "committee", "date", "venue",
	    "language", "present_heading", "present", "also_present", "officers",
	    "apologies", "minutes", "closed", "chair_role", NULL };
	static keylist entry_keys = { "number", "title", "body", NULL };
	struct minutes *mi = arena_alloc(ld->a, sizeof *mi);
	load_keys(root, keys);
	mi->pos = root->pos;
	mi->council = load_text(yamltree_get(root, "council"), "council");
	mi->committee = load_req_text(root, "committee");
	const struct ynode *date = load_req(root, "date");
	if (date != NULL)
		load_date(date, "date", &mi->year, &mi->month, &mi->day);
	mi->venue = load_req_text(root, "venue");
	*lang = load_text(yamltree_get(root, "language"), "language");
	mi->present_heading = load_text(yamltree_get(root, "present_heading"),
	    "present_heading");
	mi->present = load_persons(ld, root, "present", &mi->npresent);
	mi->also_present = load_persons(ld, root, "also_present",
	    &mi->nalso_present);
	mi->officers = load_persons(ld, root, "officers", &mi->nofficers);
	mi->apologies = load_persons(ld, root, "apologies", &mi->napologies);
	load_time(yamltree_get(root, "closed"), "closed", &mi->closed_h,
	    &mi->closed_m);
	mi->chair_role = load_text(yamltree_get(root, "chair_role"), "chair_role");
	if (mi->chair_role == NULL)
		mi->chair_role = "Chairman";
	const struct ynode *n = yamltree_get(root, "minutes");
	if (n == NULL || !load_is_seq(n, "minutes"))
		return mi;
	if (n->nitems > LOAD_MAX_ITEMS) {
		diag(DIAG_ERROR, n->pos, "the minutes have %zu "
		    "entries; the limit is %d", n->nitems, LOAD_MAX_ITEMS);
		return mi;
	}
	mi->entries = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *mi->entries);
	struct numbered *nums = xmalloc((n->nitems ? n->nitems : 1) *
	    sizeof *nums);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		if (!load_is_map(e, "a minute"))
			continue;
		load_keys(e, entry_keys);
		struct minute *en = &mi->entries[mi->nentries];
		en->pos = e->pos;
		const struct ynode *num = yamltree_get(e, "number");
		en->number = load_text(num, "number");
		struct pos npos = e->pos;
		if (en->number == NULL || en->number[0] == '\0')
			en->number = arena_printf(ld->a, "%zu", i + 1);
		else
			npos = num->pos;
		en->title = load_req_text(e, "title");
		en->body = load_blocks(ld, yamltree_get(e, "body"));
		nums[mi->nentries].number = en->number;
		nums[mi->nentries].pos = npos;
		nums[mi->nentries].index = mi->nentries;
		mi->nentries++;
	}
	load_check_numbers(nums, mi->nentries, "minute");
	free(nums);
	return mi;
}

/* Fills p from the paper file root (already known to be a mapping). */
static void load_paper_root(struct loader *ld, const struct ynode *root,
    struct paper *p)
{
	static const char *const kinds[] = { "report", "minutes", NULL };
	const struct ynode *k = load_req(root, "paper");
	if (k == NULL)
		return;
	int kind = load_choice(k, "paper", kinds, -1);
	if (kind == 0) {
		load_report(ld, root, p);
	} else if (kind == 1) {
		p->kind = PAPER_MINUTES;
		p->minutes = load_minutes(ld, root, &p->lang);
	}
}

static void load_paper_file(struct loader *ld, const struct ynode *pathn,
    struct paper *p)
{
	p->kind = PAPER_REPORT;
	p->pos = pathn->pos;
	p->path = path_join(ld->a, ld->dir, pathn->text);
	struct ynode *root;
	int e = load_tree(ld->a, p->path, &root);
	if (e > 0) {
		load_read_error(pathn->pos, "paper file", p->path, e);
		return;
	}
	if (e < 0 || !load_root_ok(p->path, root, "a paper: a mapping with "
	    "'paper: report' or 'paper: minutes'"))
		return;
	struct loader sub = { ld->a, p->path, path_dir(ld->a, p->path) };
	load_paper_root(&sub, root, p);
}

/* ---- entry points ---- */

/* Maps a parsed top-level document (e: load_tree's result) onto a
 * meeting; load_document and load_document_from_memory share it. */
static struct meeting *load_document_tree(struct arena *a, const char *path,
    int e, struct ynode *root, int before, enum doc_kind *kind, int *status);

struct meeting *load_document(struct arena *a, const char *path,
    enum doc_kind *kind, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*kind = DOC_MEETING;
	*status = 0;
	int e = load_tree(a, path, &root);
	if (e > 0) {
		load_read_error((struct pos){ path, 0, 0 }, "the file", path, e);
		*status = AP_EXIT_NOINPUT;
		return NULL;
	}
	return load_document_tree(a, path, e, root, before, kind, status);
}

struct meeting *load_document_from_memory(struct arena *a, const char *path,
    const char *data, size_t len, enum doc_kind *kind, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root = NULL;
	*kind = DOC_MEETING;
	*status = 0;
	if (len > LOAD_MAX_FILE) {
		load_read_error((struct pos){ path, 0, 0 }, "the file", path, EFBIG);
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	int e = yamltree_parse(a, path, data, len, &root) < 0 ? -1 : 0;
	return load_document_tree(a, path, e, root, before, kind, status);
}

static struct meeting *load_document_tree(struct arena *a, const char *path,
    int e, struct ynode *root, int before, enum doc_kind *kind, int *status)
{
	if (e < 0 || !load_root_ok(path, root, "a meeting or a minutes paper "
	    "(a mapping of keys; see docs/format.md)")) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	struct loader ld = { a, path, path_dir(a, path) };
	struct meeting *m = arena_alloc(a, sizeof *m);
	m->file = path;
	m->pos = root->pos;
	m->hour = m->minute = -1;
	if (yamltree_get(root, "paper") != NULL) {
		struct paper *p = arena_alloc(a, sizeof *p);
		p->pos = root->pos;
		p->path = path;
		load_paper_root(&ld, root, p);
		if (p->kind == PAPER_MINUTES && p->minutes != NULL) {
			struct minutes *mi = p->minutes;
			*kind = DOC_MINUTES;
			m->standalone = mi;
			m->council = mi->council ? mi->council : "";
			m->committee = mi->committee;
			m->year = mi->year;
			m->month = mi->month;
			m->day = mi->day;
			m->venue = mi->venue;
			m->lang = p->lang ? p->lang : "en-GB";
			m->contact.name = "";
		} else if (p->kind == PAPER_REPORT &&
		    diag_count(DIAG_ERROR) == before) {
			diag(DIAG_ERROR, yamltree_get(root, "paper")->pos, "a report "
			    "cannot be built on its own; name it in a meeting file's "
			    "item 'papers'");
		}
	} else {
		load_meeting(&ld, root, m);
	}
	if (diag_count(DIAG_ERROR) > before)
		*status = AP_EXIT_DATAERR;
	return m;
}

/* ---- layouts ---- */

/* A length in 1/1000 pt: a number of pt, or text with pt, mm or cm;
 * dflt when absent or wrong. */
static int load_length(const struct ynode *n, const char *key, int dflt)
{
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind == YNODE_SCALAR) {
		static const struct { const char *unit; double mpt; } units[] = {
			{ "pt", 1000 }, { "mm", 2834.6 }, { "cm", 28346 },
			{ "in", 72000 }, { "", 1000 } };
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t ul = strlen(units[i].unit);
			if (n->len <= ul || strcmp(n->text + n->len - ul, units[i].unit))
				continue;
			char num[64];
			size_t nl = n->len - ul;
			if (nl >= sizeof num)
				break;
			memcpy(num, n->text, nl);
			while (nl > 0 && num[nl - 1] == ' ')
				nl--;
			num[nl] = '\0';
			double v;
			if (!load_parse_number(num, &v))
				break;
			v *= units[i].mpt;
			if (v < 0 || v > 14400.0 * 1000) {
				diag(DIAG_ERROR, n->pos, "'%s' must be from 0 to 14400pt",
				    key);
				return dflt;
			}
			return (int)lround(v);
		}
	}
	diag(DIAG_ERROR, n->pos, "'%s' must be a length: a number of pt, or "
	    "text like \"25mm\", \"2.5cm\" or \"72pt\"", key);
	return dflt;
}

/* A font size in pt (1 to 200) into 1/1000 pt. */
static int load_size(const struct ynode *n, const char *key, double dflt)
{
	return (int)lround(load_number(n, key, 1, 200, dflt) * 1000);
}

/* A colour "#rrggbb", or dflt. */
static struct rgb load_colour(const struct ynode *n, const char *key,
    unsigned dflt)
{
	unsigned v = dflt;
	if (n != NULL && !yamltree_is_null(n)) {
		const char *s = n->kind == YNODE_SCALAR ? n->text : "";
		char *end;
		if (s[0] == '#' && strlen(s) == 7 &&
		    (v = (unsigned)strtoul(s + 1, &end, 16), *end == '\0') &&
		    s[1] != '+' && s[1] != '-' && s[1] != ' ') {
			/* v holds it */
		} else {
			diag(DIAG_ERROR, n->pos, "'%s' must be a colour written "
			    "\"#rrggbb\"", key);
			v = dflt;
		}
	}
	struct rgb c = { ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
	    (v & 255) / 255.0 };
	return c;
}

/* A font role: a .ttf/.otf/.ttc file or a fontconfig pattern. */
static struct font_role load_font(const struct ynode *n, const char *key,
    const char *dflt)
{
	struct font_role f = { NULL, NULL };
	const char *s = load_text(n, key);
	if (s == NULL || s[0] == '\0')
		s = dflt;
	size_t l = strlen(s);
	if (l > 4 && (strcasecmp(s + l - 4, ".ttf") == 0 ||
	    strcasecmp(s + l - 4, ".otf") == 0 || strcasecmp(s + l - 4, ".ttc") == 0))
		f.file = s;
	else
		f.family = s;
	return f;
}

/* Running text {left, centre, right}, keeping defaults for absent keys
 * and NULL for empty text. */
static void load_running(const struct ynode *n, const char *key,
    struct running *r)
{
	static keylist keys = { "left", "centre", "right", NULL };
	if (n == NULL || yamltree_is_null(n) || !load_is_map(n, key))
		return;
	load_keys(n, keys);
	const char **slot[] = { &r->left, &r->centre, &r->right };
	for (int i = 0; i < 3; i++) {
		const struct ynode *v = yamltree_get(n, keys[i]);
		if (v == NULL)
			continue;
		const char *s = load_text(v, keys[i]);
		*slot[i] = s && s[0] ? s : NULL;
	}
}

static const char default_exempt_wording[] =
    "- To consider whether the press and public should be excluded from the "
    "meeting during consideration of an agenda item on the grounds that it "
    "involves the likely disclosure of exempt information as specified in "
    "Part I of Schedule 12A of the Local Government Act 1972 or it being "
    "confidential for the purposes of Section 100A(2) of that Act.\n"
    "- In each case, Members are asked to decide whether, in all the "
    "circumstances, the public interest in maintaining the exemption (and "
    "discussing the matter in private) outweighs the public interest in "
    "disclosing the information.\n";

/* Fills l with the defaults of docs/layout.md. */
static void load_style_defaults(struct loader *ld, struct style *l)
{
	l->name = "default";
	l->page_w = 595276;
	l->page_h = 841890;
	l->margin_top = l->margin_bottom = 72000;
	l->margin_left = l->margin_right = 57000;
	l->fonts[FONT_REGULAR].family = "Liberation Sans";
	l->fonts[FONT_BOLD].family = "Liberation Sans:bold";
	l->fonts[FONT_ITALIC].family = "Liberation Sans:italic";
	l->fonts[FONT_BOLD_ITALIC].family = "Liberation Sans:bold:italic";
	l->fallback = arena_alloc(ld->a, sizeof *l->fallback);
	l->fallback[0] = "DejaVu Sans";
	l->nfallback = 1;
	l->size_body = 11000;
	l->size_small = 9000;
	l->size_h[0] = 14000;
	l->size_h[1] = 12000;
	l->size_h[2] = 11000;
	l->size_title = 20000;
	l->leading = 1.25;
	l->para_space = 6000;
	l->align = ALIGN_LEFT;
	l->text = l->heading = l->rule = (struct rgb){ 0, 0, 0 };
	l->shade = load_colour(NULL, "", 0xd9d9d9);
	l->header_shade = load_colour(NULL, "", 0xe7e6e6);
	l->footer.centre = "Page {page}";
	l->date_style = "long";
	l->title_pattern = "{committee}, {date}: agenda pack";
	l->list_bullet = "\xe2\x80\xa2";
	l->exempt_heading_note = inline_parse(ld->a, "(During consideration of "
	    "these items the meeting is not likely to be open to the press and "
	    "public)", (struct pos){ "<built-in>", 0, 0 });
	struct ynode *root;
	if (yamltree_parse(ld->a, "<built-in>", default_exempt_wording,
	    sizeof default_exempt_wording - 1, &root) == 0)
		l->exempt_wording = load_blocks(ld, root);
}

/* Fills l from the layout's root mapping. */
static void load_style_root(struct loader *ld, const struct ynode *root,
    struct style *l)
{
	static keylist keys = { "name", "page", "fonts", "sizes", "leading",
	    "paragraph_space", "align", "colours", "header", "footer",
	    "date_style", "title_pattern", "bullet", "exempt", "standing", NULL };
	static keylist page_keys = { "size", "margins", NULL };
	static keylist font_keys = { "regular", "bold", "italic", "bold_italic",
	    "fallback", NULL };
	static keylist size_keys = { "body", "small", "h1", "h2", "h3", "title",
	    NULL };
	static keylist colour_keys = { "text", "heading", "rule", "shade",
	    "header_shade", NULL };
	static keylist exempt_keys = { "note", "wording", NULL };
	static const char *const aligns[] = { "left", "justify", NULL };
	static const char *const date_styles[] = { "long", "short", NULL };
	static const struct { const char *name; int w, h; } sizes[] = {
		{ "A4", 595276, 841890 }, { "A3", 841890, 1190551 },
		{ "A5", 419528, 595276 }, { "Letter", 612000, 792000 } };
	const struct ynode *n;

	load_keys(root, keys);
	l->pos = root->pos;
	const char *name = load_text(yamltree_get(root, "name"), "name");
	if (name != NULL)
		l->name = name;
	if ((n = yamltree_get(root, "page")) != NULL && load_is_map(n, "'page'")) {
		load_keys(n, page_keys);
		const struct ynode *s = yamltree_get(n, "size");
		if (s != NULL && s->kind == YNODE_SEQ) {
			if (s->nitems != 2) {
				diag(DIAG_ERROR, s->pos, "'size' must be a name or [width, "
				    "height]");
			} else {
				l->page_w = load_length(s->items[0], "size", l->page_w);
				l->page_h = load_length(s->items[1], "size", l->page_h);
			}
		} else if (s != NULL && !yamltree_is_null(s)) {
			size_t i, ns = sizeof sizes / sizeof sizes[0];
			for (i = 0; i < ns; i++)
				if (s->kind == YNODE_SCALAR &&
				    strcasecmp(s->text, sizes[i].name) == 0)
					break;
			if (i < ns) {
				l->page_w = sizes[i].w;
				l->page_h = sizes[i].h;
			} else {
				diag(DIAG_ERROR, s->pos, "'size' must be A4, A3, A5, Letter "
				    "or [width, height]");
			}
		}
		const struct ynode *mg = yamltree_get(n, "margins");
		int *slot[] = { &l->margin_top, &l->margin_right, &l->margin_bottom,
		    &l->margin_left };
		if (mg != NULL && mg->kind == YNODE_SEQ && mg->nitems == 4) {
			for (int i = 0; i < 4; i++)
				*slot[i] = load_length(mg->items[i], "margins", *slot[i]);
		} else if (mg != NULL && mg->kind == YNODE_SCALAR &&
		    !yamltree_is_null(mg)) {
			int v = load_length(mg, "margins", -1);
			if (v >= 0)
				for (int i = 0; i < 4; i++)
					*slot[i] = v;
		} else if (mg != NULL && !yamltree_is_null(mg)) {
			diag(DIAG_ERROR, mg->pos, "'margins' must be [top, right, "
			    "bottom, left] or one length for all four");
		}
		if (l->margin_left + l->margin_right >= l->page_w ||
		    l->margin_top + l->margin_bottom >= l->page_h)
			diag(DIAG_ERROR, n->pos, "the margins leave no room on the page");
	}
	if ((n = yamltree_get(root, "fonts")) != NULL && load_is_map(n, "'fonts'")) {
		load_keys(n, font_keys);
		for (int i = 0; i < FONT_NROLES; i++) {
			const struct ynode *f = yamltree_get(n, font_keys[i]);
			if (f != NULL)
				l->fonts[i] = load_font(f, font_keys[i],
				    l->fonts[i].family);
		}
		const struct ynode *fb = yamltree_get(n, "fallback");
		if (fb != NULL && fb->kind == YNODE_SCALAR && !yamltree_is_null(fb)) {
			l->fallback[0] = fb->text;
		} else if (fb != NULL && load_is_seq(fb, "fallback")) {
			l->fallback = arena_alloc(ld->a, (fb->nitems ? fb->nitems : 1) *
			    sizeof *l->fallback);
			l->nfallback = 0;
			for (size_t i = 0; i < fb->nitems; i++) {
				const char *s = load_text(fb->items[i], "fallback");
				if (s != NULL && s[0] != '\0')
					l->fallback[l->nfallback++] = s;
			}
		} else if (fb != NULL) {
			l->nfallback = 0;
		}
	}
	if ((n = yamltree_get(root, "sizes")) != NULL && load_is_map(n, "'sizes'")) {
		load_keys(n, size_keys);
		int *slot[] = { &l->size_body, &l->size_small, &l->size_h[0],
		    &l->size_h[1], &l->size_h[2], &l->size_title };
		for (int i = 0; i < 6; i++)
			*slot[i] = load_size(yamltree_get(n, size_keys[i]), size_keys[i],
			    *slot[i] / 1000.0);
	}
	l->leading = load_number(yamltree_get(root, "leading"), "leading", 0.8, 4,
	    l->leading);
	l->para_space = (int)lround(load_number(yamltree_get(root,
	    "paragraph_space"), "paragraph_space", 0, 200, l->para_space / 1000.0)
	    * 1000);
	l->align = load_choice(yamltree_get(root, "align"), "align", aligns, 0) ?
	    ALIGN_JUSTIFY : ALIGN_LEFT;
	if ((n = yamltree_get(root, "colours")) != NULL &&
	    load_is_map(n, "'colours'")) {
		load_keys(n, colour_keys);
		struct rgb *slot[] = { &l->text, &l->heading, &l->rule, &l->shade,
		    &l->header_shade };
		for (int i = 0; i < 5; i++) {
			unsigned d = (unsigned)lround(slot[i]->r * 255) << 16 |
			    (unsigned)lround(slot[i]->g * 255) << 8 |
			    (unsigned)lround(slot[i]->b * 255);
			*slot[i] = load_colour(yamltree_get(n, colour_keys[i]),
			    colour_keys[i], d);
		}
	}
	load_running(yamltree_get(root, "header"), "'header'", &l->header);
	load_running(yamltree_get(root, "footer"), "'footer'", &l->footer);
	l->date_style = date_styles[load_choice(yamltree_get(root, "date_style"),
	    "date_style", date_styles, 0)];
	const char *s = load_text(yamltree_get(root, "title_pattern"),
	    "title_pattern");
	if (s != NULL && s[0] != '\0')
		l->title_pattern = s;
	s = load_text(yamltree_get(root, "bullet"), "bullet");
	if (s != NULL && s[0] != '\0')
		l->list_bullet = s;
	if ((n = yamltree_get(root, "exempt")) != NULL &&
	    load_is_map(n, "'exempt'")) {
		load_keys(n, exempt_keys);
		const struct ynode *v = yamltree_get(n, "note");
		if (v != NULL)
			l->exempt_heading_note = load_inline(ld, v, "note");
		v = yamltree_get(n, "wording");
		if (v != NULL)
			l->exempt_wording = load_blocks(ld, v);
	}
	l->standing = load_blocks(ld, yamltree_get(root, "standing"));
}

/* Loads a layout from a parsed (or failed: e < 0) tree. */
static struct style *load_style_tree(struct arena *a, const char *name,
    struct ynode *root, int before, int *status)
{
	if (!load_root_ok(name, root, "a layout: a mapping of keys (see "
	    "docs/layout.md)")) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	struct loader ld = { a, name, path_dir(a, name) };
	struct style *l = arena_alloc(a, sizeof *l);
	l->file = name;
	load_style_defaults(&ld, l);
	load_style_root(&ld, root, l);
	if (diag_count(DIAG_ERROR) > before)
		*status = AP_EXIT_DATAERR;
	return l;
}

struct style *load_style(struct arena *a, const char *path, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*status = 0;
	int e = load_tree(a, path, &root);
	if (e > 0) {
		load_read_error((struct pos){ path, 0, 0 }, "the layout", path, e);
		*status = AP_EXIT_NOINPUT;
		return NULL;
	}
	if (e < 0) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	return load_style_tree(a, path, root, before, status);
}

struct style *load_style_string(struct arena *a, const char *name,
    const char *text, size_t len, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*status = 0;
	if (yamltree_parse(a, name, text, len, &root) < 0) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	return load_style_tree(a, name, root, before, status);
}
