/*
 * linebreak.c - inline text: shaping (a face and a width for every
 * character, with font fallback), greedy line breaking, and the running
 * text the pack stage adds to pages.
 *
 * Where a line may break, best first: at a space; after a hyphen or dash
 * inside a word (as good as a space); after a slash, or a hyphen between
 * digits ("2016-17"), only when the word cannot fit a line of its own
 * (readers rejoin a line-end hyphen: "201617"); inside a word that fits
 * no line, at a hyphenation point of libhyphen's en-GB patterns, with a
 * hyphen drawn as an artifact (so the tagged text keeps the word whole),
 * or, when no point fits, after as many letters as fit, with a hyphen;
 * inside a number or other word without letters, wherever it must,
 * without a hyphen.
 */
#include "layout-int.h"

#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "config.h"


/* Makes room for n characters of paragraph scratch. */
static void scratch_reserve(struct lctx *c, size_t n)
{
	if (n <= c->cap)
		return;
	size_t cap = c->cap ? c->cap : 256;
	while (cap < n)
		cap *= 2;
	c->cp = xrealloc(c->cp, cap * sizeof *c->cp);
	c->wid = xrealloc(c->wid, cap * sizeof *c->wid);
	c->face = xrealloc(c->face, cap * sizeof *c->face);
	c->span = xrealloc(c->span, cap * sizeof *c->span);
	c->cap = cap;
}

/* True the first time character cp is found missing at position at: the
 * front sheet is laid out once per contents pass, and a table measures
 * its cells before setting them, but each place is reported once. */
static bool first_warning(struct lctx *c, struct pos at, uint32_t cp)
{
	const struct glyph_warned *w = c->warned.v;
	for (size_t i = 0; i < c->warned.n; i++)
		if (w[i].cp == cp && w[i].line == at.line && w[i].col == at.col &&
		    (w[i].file == at.file || (w[i].file && at.file &&
		    strcmp(w[i].file, at.file) == 0)))
			return false;
	struct glyph_warned *nw = vec_push(&c->warned);
	nw->file = at.file;
	nw->line = at.line;
	nw->col = at.col;
	nw->cp = cp;
	return true;
}

size_t shape(struct lctx *c, const struct inlines *t, const struct tstyle *st)
{
	size_t n = 0;
	for (size_t s = 0; s < t->n; s++) {
		const struct span *sp = &t->spans[s];
		const char *p = sp->text, *end = p + strlen(p);
		int role = st->role | (int)(sp->style & (SPAN_BOLD | SPAN_ITALIC));
		int col = sp->pos.col, line = sp->pos.line;
		size_t mk = 0;
		scratch_reserve(c, n + (size_t)(end - p) + 1);
		while (p < end) {
			size_t off = (size_t)(p - sp->text);
			for (; mk < sp->nmarks && sp->marks[mk].off <= off; mk++) {
				line = sp->marks[mk].pos.line;
				col = sp->marks[mk].pos.col;
			}
			int32_t cp = utf8_next(&p, end);
			if (cp < 0)
				cp = 0xFFFD;
			if (cp == '\t')
				cp = ' ';
			if (cp == '\n') {
				c->cp[n] = '\n';
				c->wid[n] = 0;
				c->face[n] = 0;
				c->span[n] = (int)s;
				n++;
				line++;
				col = 1;
				continue;
			}
			/* Soft hyphens and zero-width spaces: break hints we drop. */
			if (cp == 0xAD || cp == 0x200B) {
				col++;
				continue;
			}
			int f;
			int gw = fontset_glyph(c->fs, role, (uint32_t)cp, &f);
			if (f < 0) {
				struct pos at = { sp->pos.file, line, col };
				if (first_warning(c, at, (uint32_t)cp))
					diag(DIAG_WARNING, at, "no font has the character "
					    "U+%04X; it is left out", (unsigned)cp);
				col++;
				continue;
			}
			c->cp[n] = (uint32_t)cp;
			c->face[n] = (uint8_t)f;
			c->wid[n] = gw * st->size / 1000;
			c->span[n] = (int)s;
			n++;
			col++;
		}
	}
	return n;
}

bool break_after(const struct lctx *c, size_t k, size_t n)
{
	uint32_t ch = c->cp[k];
	if (ch != '-' && ch != '/' && ch != 0x2013 && ch != 0x2014)
		return false;
	if (k + 1 >= n || is_space(c->cp[k + 1]) || c->cp[k + 1] == '\n')
		return false;
	/* Not inside "//" (nor right after "http:/"). */
	if (ch == '/' && (c->cp[k + 1] == '/' || (k > 0 && c->cp[k - 1] == '/')))
		return false;
	return k > 0 && !is_space(c->cp[k - 1]);
}

/* Encodes characters [s, e) as UTF-8 in the arena, exactly sized but
 * for one spare byte (c->room_text: keep_break_space may add a space
 * in place). */
static const char *encode(struct lctx *c, size_t s, size_t e, int *len)
{
	size_t n = 0;
	for (size_t k = s; k < e; k++) {
		uint32_t cp = c->cp[k];
		n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}
	char *out = arena_chars(c->a, n + 2);
	n = 0;
	for (size_t k = s; k < e; k++) {
		if (c->cp[k] < 0x80)
			out[n++] = (char)c->cp[k];
		else
			n += (size_t)utf8_put(out + n, c->cp[k]);
	}
	*len = (int)n;
	c->room_text = out;
	return out;
}

/* Emits one line [s, e) as text ops at baseline y in the scratch ops,
 * starting at x0 with room w; justify shares the room left over among
 * the line's spaces.  Links get an underline and a link area from
 * line_top, line_h high. */
static void emit_line(struct lctx *c, const struct inlines *t, const struct tstyle *st,
    size_t s, size_t e, int x0, int w, int y, int line_top, int line_h, bool justify)
{
	int lw = 0, nspaces = 0;
	for (size_t k = s; k < e; k++) {
		lw += c->wid[k];
		if (is_space(c->cp[k]))
			nspaces++;
	}
	int x = x0;
	int extra = 0;
	if (st->align == ALIGN_CENTRE)
		x = x0 + (w - lw) / 2;
	else if (st->align == ALIGN_RIGHT)
		x = x0 + w - lw;
	else if (justify && nspaces > 0 && lw < w)
		extra = w - lw;
	int given = 0, seen = 0;
	size_t k = s;
	while (k < e) {
		/* A run: same face and span; when justifying, words apart. */
		size_t r = k;
		int rw = 0;
		if (extra && is_space(c->cp[k])) {
			seen++;
			int share = (int)((long)extra * seen / nspaces) - given;
			given += share;
			x += c->wid[k] + share;
			k++;
			continue;
		}
		while (r < e && c->face[r] == c->face[k] && c->span[r] == c->span[k] &&
		    !(extra && is_space(c->cp[r]))) {
			rw += c->wid[r];
			r++;
		}
		const struct span *sp = &t->spans[c->span[k]];
		int node = st->node;
		if (sp->href && st->node >= 0) {
			int *ln = &c->span_link[c->span[k]];
			if (*ln < 0)
				*ln = node_under(c, ST_LINK, st->node);
			node = *ln;
		}
		struct op *o = ops_add(c, OP_TEXT);
		o->x = x;
		o->y = y;
		o->w = rw;
		o->face = c->face[k];
		o->size = st->size;
		o->color = sp->href ? 0x0B4F9E : st->color;
		o->role = (uint8_t)st->srole;
		o->node = node;
		o->text = encode(c, k, r, &o->len);
		if (sp->href) {
			struct op *u = ops_add(c, OP_LINE);
			u->x = x;
			u->y = y + st->size / 10;
			u->w = rw;
			u->h = 0;
			u->size = st->size / 20 > 300 ? st->size / 20 : 300;
			u->color = 0x0B4F9E;
			struct op *lk = ops_add(c, OP_LINK);
			lk->x = x;
			lk->y = line_top;
			lk->w = rw;
			lk->h = line_h;
			lk->text = sp->href;
			lk->len = (int)strlen(sp->href);
			lk->node = node;
		}
		x += rw;
		k = r;
	}
}

/* True for an ASCII letter (the words libhyphen's en-GB patterns
 * hyphenate). */
static bool is_letter(uint32_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* True when character k is a hyphen or dash between digits ("2016-17"). */
static bool digit_hyphen(const struct lctx *c, size_t k)
{
	uint32_t ch = c->cp[k];
	return (ch == '-' || ch == 0x2013) && k > 0 && c->cp[k - 1] >= '0' &&
	    c->cp[k - 1] <= '9' && c->cp[k + 1] >= '0' && c->cp[k + 1] <= '9';
}

/* The width of a hyphen in the face of character k, mpt. */
static int hyphen_width(struct lctx *c, size_t k, int size)
{
	return fontset_width(c->fs, c->face[k], '-') * size / 1000;
}

/* Fills out[0 .. b-a) with libhyphen's points for the letters [a, b):
 * out[i] odd allows a break after letter a+i.  Returns false when there
 * is no dictionary (AP_HYPHEN_DICT, loaded once). */
static bool hyphen_points(struct lctx *c, size_t a, size_t b, char *out)
{
	if (!c->hyph_tried) {
		c->hyph_tried = true;
		c->hyph = hnj_hyphen_load(AP_HYPHEN_DICT);
	}
	if (c->hyph == NULL)
		return false;
	size_t len = b - a;
	char *word = xmalloc(len + 1), *hy = xcalloc(len + 5, 1);
	for (size_t i = 0; i < len; i++) {
		uint32_t ch = c->cp[a + i];
		word[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	word[len] = '\0';
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	hnj_hyphen_hyphenate3(c->hyph, word, (int)len, hy, NULL, &rep, &pos, &cut,
	    2, 3, 2, 3);
	memcpy(out, hy, len);
	if (rep) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	free(word);
	free(hy);
	return true;
}

/* Where a line from s breaks inside the word that overflows the width w
 * at character k (s < k < n; text of size mpt): the furthest hyphenation point whose part and
 * a hyphen fit, else as many letters as fit with a hyphen (*hyph set);
 * in a number or a word without letters, at k. */
static size_t inside_break(struct lctx *c, size_t s, size_t k, size_t n, int w,
    int size, bool *hyph)
{
	if (!is_letter(c->cp[k]) || !is_letter(c->cp[k - 1]))
		return k;
	size_t a = k, b = k;
	while (a > 0 && is_letter(c->cp[a - 1]))
		a--;
	while (b < n && is_letter(c->cp[b]))
		b++;
	int hw = hyphen_width(c, k - 1, size);
	/* Widths from s: the part [s, p) and a hyphen must fit w. */
	size_t best = 0;
	char *pts = xcalloc(b - a + 1, 1);
	bool dict = b - a >= 5 && hyphen_points(c, a, b, pts);
	int lw = 0;
	for (size_t p = s + 1; p <= k; p++) {
		lw += c->wid[p - 1];
		if (p <= a || lw + hw > w)
			continue;
		if (!dict || (pts[p - 1 - a] & 1))
			best = p;
	}
	free(pts);
	if (best == 0 && dict) {
		/* No hyphenation point fits: as many letters as do. */
		lw = 0;
		for (size_t p = s + 1; p <= k; p++) {
			lw += c->wid[p - 1];
			if (p > a + 1 && lw + hw <= w)
				best = p;
		}
	}
	if (best == 0)
		return k;
	*hyph = true;
	return best;
}

/* Finds the end of the line that starts at s (greedy first fit within
 * w, text of size mpt): returns where its text ends (before trailing spaces are trimmed)
 * and sets *next to where the next line starts; *hard when it ends at a
 * newline, *last when it ends the text, *hyph when it ends inside a word
 * and shows a hyphen. */
static size_t find_break(struct lctx *c, size_t s, size_t n, int w, int size,
    size_t *next, bool *hard, bool *last, bool *hyph)
{
	int lw = 0;
	size_t k = s;
	size_t sp = 0, sp_next = 0;        /* last break at a space or after a
	                                      hyphen: line end, next start */
	size_t soft = 0;                   /* last break after a slash */
	*hard = *last = *hyph = false;
	while (k < n) {
		uint32_t ch = c->cp[k];
		if (ch == '\n') {
			*next = k + 1;
			*hard = true;
			return k;
		}
		if (is_space(ch)) {
			sp = k;
			sp_next = k + 1;
		} else if (lw + c->wid[k] > w && k > s) {
			/* Break at the last space, unless the word after it cannot
			 * fit a line of its own and a break inside it (after a
			 * hyphen or slash) comes later. */
			bool word_fits = false;
			if (sp > s) {
				int ww = 0;
				size_t q = sp_next;
				while (q < n && !is_space(c->cp[q]) && c->cp[q] != '\n')
					ww += c->wid[q++];
				word_fits = ww <= w;
			}
			if (sp > s && (word_fits || soft <= sp)) {
				*next = sp_next;
				return sp;
			}
			if (soft > s) {
				*next = soft;
				return soft;
			}
			/* An over-long word: break inside it. */
			size_t p = inside_break(c, s, k, n, w, size, hyph);
			*next = p;
			return p;
		}
		lw += c->wid[k];
		if (break_after(c, k, n)) {
			/* After a hyphen or dash: as good as a space; after a slash
			 * (in paths and URLs): only when needed. */
			if (ch == '/' || digit_hyphen(c, k)) {
				soft = k + 1;
			} else {
				sp = k + 1;
				sp_next = k + 1;
			}
		}
		k++;
	}
	*next = n;
	*last = true;
	return n;
}

/* Appends a space to the last text op from index before on: the space a
 * line broke at stays in the text (invisible at the line's end) so
 * extracted and tagged text keeps its word boundaries. */
static void keep_break_space(struct lctx *c, size_t before)
{
	for (size_t q = c->ops.n; q-- > before;) {
		struct op *o = (struct op *)c->ops.v + q;
		if (o->kind != OP_TEXT)
			continue;
		char *nt = o->text == c->room_text ? c->room_text :
		    arena_chars(c->a, (size_t)o->len + 2);
		c->room_text = NULL;
		if (nt != o->text)
			memcpy(nt, o->text, (size_t)o->len);
		nt[o->len] = ' ';
		o->text = nt;
		o->len++;
		return;
	}
}

/* Draws a hyphen after the last text op from index before on (a word
 * broken at character k), as an artifact: the word's text stays whole
 * in the structure tree. */
static void add_hyphen(struct lctx *c, size_t before, size_t k, int size)
{
	const struct op *last = NULL;
	for (size_t q = c->ops.n; q-- > before && last == NULL;)
		if (((struct op *)c->ops.v)[q].kind == OP_TEXT)
			last = (struct op *)c->ops.v + q;
	if (last == NULL)
		return;
	struct op h = *last;
	struct op *o = ops_add(c, OP_TEXT);
	*o = h;
	o->x = h.x + h.w;
	o->w = hyphen_width(c, k, size);
	o->face = c->face[k];
	o->text = "-";
	o->len = 1;
	o->role = SR_ARTIFACT;
	o->node = -1;
}

int set_text(struct lctx *c, const struct inlines *t, const struct tstyle *st,
    int x0, int w, int space_before)
{
	size_t n = shape(c, t, st);
	if (t->n > c->span_link_cap) {
		c->span_link_cap = t->n * 2;
		c->span_link = xrealloc(c->span_link, c->span_link_cap * sizeof *c->span_link);
	}
	for (size_t i = 0; i < t->n; i++)
		c->span_link[i] = -1;
	int line_h = (int)lround(st->size * c->l->leading);
	int base = (line_h - (c->asc + c->desc) * st->size / 1000) / 2 + c->asc * st->size / 1000;
	size_t first_item = c->items.n;
	int lines = 0;

	size_t s = 0;
	while (s < n && is_space(c->cp[s]))
		s++;
	if (s >= n) {
		/* Empty text still takes a line, so empty cells keep height. */
		ops_begin(c);
		struct vitem *it = item_add(c, line_h, space_before);
		it->baseline = base;
		return 1;
	}
	while (s < n) {
		size_t next;
		bool hard, last, hyph;
		size_t e = find_break(c, s, n, w, st->size, &next, &hard, &last, &hyph);
		while (e > s && is_space(c->cp[e - 1]))
			e--;
		ops_begin(c);
		size_t before = c->ops.n;
		int hw = hyph ? hyphen_width(c, e - 1, st->size) : 0;
		emit_line(c, t, st, s, e, x0, w - hw, base, 0, line_h,
		    st->align == ALIGN_JUSTIFY && !last && !hard);
		/* A hard break (a newline) keeps a space too: "Hughes\nDesignation"
		 * must not read "HughesDesignation" in the tags. */
		if (e < n && (is_space(c->cp[e]) || c->cp[e] == '\n') && c->ops.n > before)
			keep_break_space(c, before);
		if (hyph)
			add_hyphen(c, before, e - 1, st->size);
		struct vitem *it = item_add(c, line_h, lines == 0 ? space_before : 0);
		it->baseline = base;
		lines++;
		s = next;
		if (!hard)
			while (s < n && is_space(c->cp[s]))
				s++;
		if (hard && s >= n)
			break;
	}
	/* Orphans and widows: keep the first two lines together and the
	 * last two together. */
	if (lines >= 2) {
		item_at(c, first_item)->keep_next = 1;
		item_at(c, first_item + (size_t)lines - 2)->keep_next = 1;
	}
	return lines;
}

int layout_text_width(struct lctx *c, int role, int size, const char *s)
{
	int w = 0;
	const char *p = s, *end = s + strlen(s);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0)
			continue;
		int f = fontset_face(c->fs, role, (uint32_t)cp);
		if (f >= 0)
			w += fontset_width(c->fs, f, (uint32_t)cp) * size / 1000;
	}
	return w;
}


void layout_add_text(struct lctx *c, struct page *p, int x, int y, int role,
    int size, uint32_t color, enum align al, const char *s)
{
	int w = layout_text_width(c, role, size, s);
	if (al == ALIGN_CENTRE)
		x -= w / 2;
	else if (al == ALIGN_RIGHT)
		x -= w;
	/* One op per run of characters in the same face. */
	const char *q = s, *end = s + strlen(s);
	while (q < end) {
		const char *start = q;
		int face = -1, rw = 0;
		while (q < end) {
			const char *save = q;
			int32_t cp = utf8_next(&q, end);
			if (cp < 0)
				continue;
			int f = fontset_face(c->fs, role, (uint32_t)cp);
			if (f < 0)
				continue;
			if (face >= 0 && f != face) {
				q = save;
				break;
			}
			face = f;
			rw += fontset_width(c->fs, f, (uint32_t)cp) * size / 1000;
		}
		if (face < 0)
			break;
		struct op o = { .kind = OP_TEXT, .face = (uint8_t)face, .role = SR_ARTIFACT,
		    .x = x, .y = y, .w = rw, .size = size, .color = color,
		    .text = arena_strndup(c->a, start, (size_t)(q - start)),
		    .len = (int)(q - start), .node = -1 };
		page_add_op(p, &o);
		x += rw;
	}
}

