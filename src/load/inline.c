/*
 * inline.c - inline markup (docs/format.md, "Inline text") into spans.
 *
 * Grammar, in the order it is tried at each character:
 *
 *   \X        X literally, for X in * [ ] ( ) \ _ (else the backslash stays)
 *   [t](u)    a link: t (escapes allowed, no newline) pointing at u
 *   *, **, *** a run of asterisks: opens emphasis when the next character
 *             is not a space, closes the innermost open run of the same
 *             length when the previous one is not a space; 1 = italic,
 *             2 = bold, 3 = both.  Runs left unmatched are literal.
 *   newline   kept as '\n' in the span text (a line break)
 *
 * Two passes: tokenise into text pieces and asterisk runs, pair the runs
 * with a stack, then emit spans, merging neighbours of the same style.
 */
#include "load-int.h"

#include <string.h>

enum tok_kind {
	TOK_TEXT,                          /* literal text */
	TOK_STARS,                         /* a run of 1..3 asterisks */
	TOK_LINK,                          /* [text](url) */
};

/* A token: a piece of the text and what it does. */
struct tok {
	enum tok_kind kind;
	size_t off;                        /* byte offset in the source */
	char *text;                        /* heap: TOK_TEXT/TOK_LINK text */
	size_t *src;                       /* heap: per byte of text, its
	                                      byte offset in the source */
	char *href;                        /* heap: TOK_LINK target */
	int len;                           /* TOK_STARS: run length */
	bool can_open, can_close;          /* TOK_STARS */
	int partner;                       /* matched run's index, or -1 */
};

/* True when c is an ASCII character a backslash may escape. */
static bool inline_escapable(char c)
{
	return c == '*' || c == '[' || c == ']' || c == '(' || c == ')' ||
	    c == '\\' || c == '_';
}

/* True when c counts as white space next to an asterisk run. */
static bool inline_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

/* Reads link text after '[' at s[i]; returns the index just past ')'
 * and fills text/href (heap) and src (each text byte's offset in s), or
 * 0 when s[i] does not start a link. */
static size_t inline_link_scan(const char *s, size_t i, char **text,
    char **href, struct vec *src)
{
	struct buf t;
	buf_init(&t);
	src->n = 0;
	size_t j = i + 1;
	for (;;) {
		char c = s[j];
		if (c == '\0' || c == '\n' || c == '[') {
			buf_free(&t);
			return 0;
		}
		if (c == '\\' && inline_escapable(s[j + 1])) {
			buf_addc(&t, s[j + 1]);
			*(size_t *)vec_push(src) = j + 1;
			j += 2;
			continue;
		}
		if (c == ']')
			break;
		buf_addc(&t, c);
		*(size_t *)vec_push(src) = j;
		j++;
	}
	if (s[j + 1] != '(' || t.len == 0) {
		buf_free(&t);
		return 0;
	}
	size_t u = j + 2, e = u;
	while (s[e] != '\0' && s[e] != ')' && !inline_space(s[e]))
		e++;
	if (s[e] != ')' || e == u) {
		buf_free(&t);
		return 0;
	}
	*text = t.s;
	*href = xmalloc(e - u + 1);
	memcpy(*href, s + u, e - u);
	(*href)[e - u] = '\0';
	return e + 1;
}

/* A heap copy of the n offsets in v. */
static size_t *offsets_dup(const struct vec *v)
{
	size_t *o = xmalloc((v->n ? v->n : 1) * sizeof *o);
	if (v->n)
		memcpy(o, v->v, v->n * sizeof *o);
	return o;
}

/* Splits text into tokens (struct tok, in toks), each text byte with the
 * offset in s it came from. */
static void inline_tokenise(const char *s, struct vec *toks)
{
	struct buf t;
	buf_init(&t);
	struct vec src, lsrc;                 /* size_t: t's, a link's */
	vec_init(&src, sizeof(size_t));
	vec_init(&lsrc, sizeof(size_t));
	size_t i = 0, start = 0;
	/* Ends the current text token, if any. */
#define FLUSH() do { \
		if (t.len > 0) { \
			struct tok *k = vec_push(toks); \
			k->kind = TOK_TEXT; k->off = start; \
			k->text = xstrdup(t.s); k->partner = -1; \
			k->src = offsets_dup(&src); \
			buf_reset(&t); \
			src.n = 0; \
		} \
	} while (0)
	/* Adds n bytes of s from offset at to the text token. */
#define ADD(at, n) do { \
		buf_add(&t, s + (at), (n)); \
		for (size_t q_ = 0; q_ < (size_t)(n); q_++) \
			*(size_t *)vec_push(&src) = (at) + q_; \
	} while (0)
	while (s[i] != '\0') {
		char c = s[i];
		if (t.len == 0)
			start = i;
		if (c == '\\' && inline_escapable(s[i + 1])) {
			ADD(i + 1, 1);
			i += 2;
		} else if (c == '[') {
			char *text, *href;
			size_t end = inline_link_scan(s, i, &text, &href, &lsrc);
			if (end == 0) {
				ADD(i, 1);
				i++;
				continue;
			}
			FLUSH();
			struct tok *k = vec_push(toks);
			k->kind = TOK_LINK;
			k->off = i;
			k->text = text;
			k->src = offsets_dup(&lsrc);
			k->href = href;
			k->partner = -1;
			i = end;
		} else if (c == '*') {
			size_t j = i;
			while (s[j] == '*')
				j++;
			int n = (int)(j - i);
			char before = i > 0 ? s[i - 1] : '\0';
			char after = s[j];
			if (n > 3) {
				ADD(i, (size_t)n);
				i = j;
				continue;
			}
			FLUSH();
			struct tok *k = vec_push(toks);
			k->kind = TOK_STARS;
			k->off = i;
			k->len = n;
			k->can_open = !inline_space(after);
			k->can_close = !inline_space(before);
			k->partner = -1;
			i = j;
		} else {
			ADD(i, 1);
			i++;
		}
	}
	FLUSH();
#undef FLUSH
#undef ADD
	buf_free(&t);
	vec_free(&src);
	vec_free(&lsrc);
}

/* Pairs asterisk runs: a closer matches the innermost open run of the
 * same length; openers above it are left unmatched (literal). */
static void inline_pair(struct vec *toks)
{
	struct tok *k = toks->v;
	int *stack = xmalloc((toks->n ? toks->n : 1) * sizeof *stack);
	size_t sp = 0;
	for (size_t i = 0; i < toks->n; i++) {
		if (k[i].kind != TOK_STARS)
			continue;
		bool closed = false;
		if (k[i].can_close) {
			for (size_t d = sp; d > 0; d--) {
				int o = stack[d - 1];
				if (k[o].len == k[i].len) {
					k[o].partner = (int)i;
					k[i].partner = o;
					sp = d - 1;
					closed = true;
					break;
				}
			}
		}
		if (!closed && k[i].can_open)
			stack[sp++] = (int)i;
	}
	free(stack);
}

/* Where the text being parsed came from. */
struct origin {
	const char *text;                  /* the whole source text */
	struct pos p;                      /* where it starts, when n is NULL */
	const struct ynode *n;             /* its scalar, or NULL */
	/* the last place asked for, to go on from: offsets come in order,
	 * so a text with 50,000 emphasis runs is placed in linear time */
	size_t c_off;                      /* byte offset, 0: none yet */
	struct pos c_pos;                  /* where it was written */
	size_t c_seg;                      /* n's segs before it */
};

/* The place byte off of the source text was written: what
 * yamltree_text_pos() or inline_pos() says, gone on from the last place
 * asked for when off is past it. */
static struct pos origin_pos(struct origin *o, size_t off)
{
	const struct ynode *n = o->n;
	if (o->c_off == 0 || off < o->c_off) {
		o->c_off = 0;
		o->c_pos = n != NULL ? yamltree_text_pos(n, 0) : o->p;
		o->c_seg = 0;
	}
	size_t nsegs = n != NULL ? n->nsegs : 0;
	for (; o->c_seg < nsegs && n->segs[o->c_seg].off <= off; o->c_seg++) {
		if (n->segs[o->c_seg].off >= o->c_off) {
			o->c_off = n->segs[o->c_seg].off;
			o->c_pos = n->segs[o->c_seg].pos;
		}
	}
	size_t len = n != NULL ? n->len : strlen(o->text);
	for (size_t i = o->c_off; i < off && i < len; i++) {
		if (o->text[i] == '\n') {
			o->c_pos.line++;
			if (n != NULL && n->tpos.line > 0)
				o->c_pos.col = n->tpos.col;
		} else if (((unsigned char)o->text[i] & 0xC0) != 0x80) {
			o->c_pos.col++;
		}
	}
	o->c_off = off > len ? len : off;
	return o->c_pos;
}

/* Appends to marks (struct span_mark) those of a piece of len bytes put
 * at byte base of its span, byte j coming from source offset src[j]
 * (src NULL: j itself): one at its first byte when base > 0, then one
 * wherever the bytes stop running on (a gap in src, after a line break,
 * where the scalar's escapes left a mark). */
static void piece_marks(struct origin *o, struct vec *marks,
    const size_t *src, size_t len, size_t base)
{
	size_t si = 0, nsegs = o->n != NULL ? o->n->nsegs : 0;
	for (size_t j = 0; j < len; j++) {
		size_t at = src ? src[j] : j;
		while (si < nsegs && o->n->segs[si].off < at)
			si++;
		bool mark = j == 0 ? base > 0 : (src && at != src[j - 1] + 1) ||
		    o->text[at - 1] == '\n' || (si < nsegs && o->n->segs[si].off == at);
		if (!mark)
			continue;
		struct span_mark *m = vec_push(marks);
		m->off = base + j;
		m->pos = origin_pos(o, at);
	}
}

/* Moves the last span's text, gathered in acc, into the arena. */
static void inline_flush(struct arena *a, struct vec *spans, struct buf *acc)
{
	if (spans->n > 0 && acc->len > 0)
		((struct span *)spans->v)[spans->n - 1].text = arena_strdup(a, acc->s);
	buf_reset(acc);
}

/* Appends a span of piece text[0..n) (each byte's source offset in src),
 * merging it into the last one when the style and link agree; the last
 * span's text grows in acc (inline_flush() ends it: merging many pieces
 * stays linear); marks[i] collects span i's marks. */
static void inline_emit(struct arena *a, struct origin *o, struct vec *spans,
    struct vec *marks, struct buf *acc, const char *text, const size_t *src,
    size_t n, unsigned style, const char *href)
{
	if (n == 0)
		return;
	if (spans->n > 0) {
		struct span *last = (struct span *)spans->v + spans->n - 1;
		if (last->style == style && href == NULL && last->href == NULL) {
			size_t base = acc->len;
			buf_add(acc, text, n);
			piece_marks(o, (struct vec *)marks->v + spans->n - 1, src, n, base);
			return;
		}
	}
	inline_flush(a, spans, acc);
	buf_add(acc, text, n);
	struct span *sp = vec_push(spans);
	sp->text = "";
	sp->style = style;
	sp->href = href ? arena_strdup(a, href) : NULL;
	sp->pos = origin_pos(o, src[0]);
	struct vec *mv = vec_push(marks);
	vec_init(mv, sizeof(struct span_mark));
	piece_marks(o, mv, src, n, 0);
}

/* Moves each span's marks (marks[i], freed) into the arena. */
static void marks_to_spans(struct arena *a, struct span *sp, struct vec *marks,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sp[i].nmarks = marks[i].n;
		sp[i].marks = marks[i].n ? vec_to_arena(&marks[i], a) : NULL;
		vec_free(&marks[i]);
	}
}

/* inline_parse, each span at the place its first character was written
 * in n (yamltree_text_pos) when n is not NULL, else counted from p, with
 * marks wherever its later characters do not run on one column each
 * (an escape, an inline "\*", a line break). */
static struct inlines inline_parse_at(struct arena *a, const char *text,
    struct pos p, const struct ynode *n)
{
	struct inlines r = { NULL, 0 };
	if (text == NULL || text[0] == '\0')
		return r;
	struct origin o = { text, p, n };
	/* Most text has no markup at all: one span, no tokenising. */
	if (strpbrk(text, "*[\\") == NULL) {
		struct span *sp = arena_alloc(a, sizeof *sp);
		/* A scalar's text lives as long as the model (yamltree.h:
		 * texts arena): the span shares it. */
		sp->text = n != NULL ? text : arena_strdup(a, text);
		sp->pos = origin_pos(&o, 0);
		struct vec mv;
		vec_init(&mv, sizeof(struct span_mark));
		piece_marks(&o, &mv, NULL, strlen(text), 0);
		marks_to_spans(a, sp, &mv, 1);
		r.spans = sp;
		r.n = 1;
		return r;
	}
	struct vec toks, spans, marks;
	vec_init(&toks, sizeof(struct tok));
	vec_init(&spans, sizeof(struct span));
	vec_init(&marks, sizeof(struct vec));
	inline_tokenise(text, &toks);
	inline_pair(&toks);
	struct tok *k = toks.v;
	int italic = 0, bold = 0;
	struct buf acc;
	buf_init(&acc);
	for (size_t i = 0; i < toks.n; i++) {
		unsigned style = (bold ? SPAN_BOLD : 0) | (italic ? SPAN_ITALIC : 0);
		switch (k[i].kind) {
		case TOK_TEXT:
		case TOK_LINK:
			inline_emit(a, &o, &spans, &marks, &acc, k[i].text, k[i].src,
			    strlen(k[i].text), style, k[i].href);
			break;
		case TOK_STARS: {
			if (k[i].partner < 0) {
				size_t src[3] = { k[i].off, k[i].off + 1, k[i].off + 2 };
				inline_emit(a, &o, &spans, &marks, &acc, "***", src,
				    (size_t)k[i].len, style, NULL);
				break;
			}
			int d = k[i].partner > (int)i ? 1 : -1;
			if (k[i].len & 1)
				italic += d;
			if (k[i].len & 2)
				bold += d;
			break;
		}
		}
		free(k[i].text);
		free(k[i].src);
		free(k[i].href);
	}
	vec_free(&toks);
	inline_flush(a, &spans, &acc);
	buf_free(&acc);
	marks_to_spans(a, spans.v, marks.v, spans.n);
	vec_free(&marks);
	r.n = spans.n;
	r.spans = vec_to_arena(&spans, a);
	return r;
}

struct inlines inline_parse(struct arena *a, const char *text, struct pos p)
{
	return inline_parse_at(a, text, p, NULL);
}

struct inlines inline_parse_node(struct arena *a, const struct ynode *n)
{
	return inline_parse_at(a, n->text, n->pos, n);
}
