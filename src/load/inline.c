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
 * and fills text/href (heap), or 0 when s[i] does not start a link. */
static size_t inline_link_scan(const char *s, size_t i, char **text,
    char **href)
{
	struct buf t;
	buf_init(&t);
	size_t j = i + 1;
	for (;;) {
		char c = s[j];
		if (c == '\0' || c == '\n' || c == '[') {
			buf_free(&t);
			return 0;
		}
		if (c == '\\' && inline_escapable(s[j + 1])) {
			buf_addc(&t, s[j + 1]);
			j += 2;
			continue;
		}
		if (c == ']')
			break;
		buf_addc(&t, c);
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

/* Splits text into tokens (struct tok, in toks). */
static void inline_tokenise(const char *s, struct vec *toks)
{
	struct buf t;
	buf_init(&t);
	size_t i = 0, start = 0;
	/* Ends the current text token, if any. */
#define FLUSH() do { \
		if (t.len > 0) { \
			struct tok *k = vec_push(toks); \
			k->kind = TOK_TEXT; k->off = start; \
			k->text = xstrdup(t.s); k->partner = -1; \
			buf_reset(&t); \
		} \
	} while (0)
	while (s[i] != '\0') {
		char c = s[i];
		if (t.len == 0)
			start = i;
		if (c == '\\' && inline_escapable(s[i + 1])) {
			buf_addc(&t, s[i + 1]);
			i += 2;
		} else if (c == '[') {
			char *text, *href;
			size_t end = inline_link_scan(s, i, &text, &href);
			if (end == 0) {
				buf_addc(&t, c);
				i++;
				continue;
			}
			FLUSH();
			struct tok *k = vec_push(toks);
			k->kind = TOK_LINK;
			k->off = i;
			k->text = text;
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
				buf_add(&t, s + i, (size_t)n);
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
			buf_addc(&t, c);
			i++;
		}
	}
	FLUSH();
#undef FLUSH
	buf_free(&t);
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

/* The position of byte off in text that starts at p (columns count
 * characters; after a newline the column is p's, a best guess). */
static struct pos inline_pos(const char *s, size_t off, struct pos p)
{
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n')
			p.line++;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			p.col++;
	}
	return p;
}

/* Appends a span, merging it into the last one when the style and link
 * agree. */
static void inline_emit(struct arena *a, struct vec *spans, struct buf *acc,
    const char *text, size_t n, unsigned style, const char *href, struct pos p)
{
	if (n == 0)
		return;
	if (spans->n > 0) {
		struct span *last = (struct span *)spans->v + spans->n - 1;
		bool same_href = (last->href == NULL && href == NULL) ||
		    (last->href != NULL && href != NULL && strcmp(last->href, href) == 0);
		if (last->style == style && same_href && last->href == NULL) {
			buf_reset(acc);
			buf_adds(acc, last->text);
			buf_add(acc, text, n);
			last->text = arena_strdup(a, acc->s);
			return;
		}
	}
	struct span *sp = vec_push(spans);
	sp->text = arena_strndup(a, text, n);
	sp->style = style;
	sp->href = href ? arena_strdup(a, href) : NULL;
	sp->pos = p;
}

/* inline_parse, each span at the place its first character was written
 * in n (yamltree_text_pos) when n is not NULL, else counted from p.
 * Spans are never split where an escape was written: layout counts a
 * span's later characters one column each from its start. */
static struct inlines inline_parse_at(struct arena *a, const char *text,
    struct pos p, const struct ynode *n)
{
	struct inlines r = { NULL, 0 };
	if (text == NULL || text[0] == '\0')
		return r;
	/* Most text has no markup at all: one span, no tokenising. */
	if (strpbrk(text, "*[\\") == NULL) {
		struct span *sp = arena_alloc(a, sizeof *sp);
		sp->text = arena_strdup(a, text);
		sp->pos = n != NULL ? yamltree_text_pos(n, 0) : p;
		r.spans = sp;
		r.n = 1;
		return r;
	}
	struct vec toks, spans;
	vec_init(&toks, sizeof(struct tok));
	vec_init(&spans, sizeof(struct span));
	inline_tokenise(text, &toks);
	inline_pair(&toks);
	struct tok *k = toks.v;
	int italic = 0, bold = 0;
	struct buf acc;
	buf_init(&acc);
	for (size_t i = 0; i < toks.n; i++) {
		unsigned style = (bold ? SPAN_BOLD : 0) | (italic ? SPAN_ITALIC : 0);
		struct pos tp = n != NULL ? yamltree_text_pos(n, k[i].off) :
		    inline_pos(text, k[i].off, p);
		switch (k[i].kind) {
		case TOK_TEXT:
			inline_emit(a, &spans, &acc, k[i].text, strlen(k[i].text),
			    style, NULL, tp);
			break;
		case TOK_LINK:
			inline_emit(a, &spans, &acc, k[i].text, strlen(k[i].text),
			    style, k[i].href, tp);
			break;
		case TOK_STARS: {
			if (k[i].partner < 0) {
				inline_emit(a, &spans, &acc, "***", (size_t)k[i].len,
				    style, NULL, tp);
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
		free(k[i].href);
	}
	buf_free(&acc);
	vec_free(&toks);
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
