/*
 * yamltree.c - libyaml's event stream into a tree of positioned nodes.
 *
 * The builder keeps a stack of open collections (never recursion), an
 * anchor table, and a running count of the nodes the document would
 * hold with every alias copied.  See yamltree.h for the guarantees.
 */
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* An anchor name and the node it names, chained in a hash bucket. */
struct anchor {
	const char *name;
	struct ynode *node;
	struct anchor *next;
};

#define ANCHOR_BUCKETS 1024

/* An open collection: its node and the children seen so far. */
struct frame {
	struct ynode *node;
	struct vec kids;                   /* struct ynode *; a map alternates key, value */
};

struct builder {
	struct arena *a;                   /* nodes, lists, anchors, tags */
	struct arena *t;                   /* scalar texts (may be a) */
	const char *file;
	const char *data;                  /* the text being parsed */
	size_t len;                        /* bytes in data */
	size_t cur_line, cur_col, cur_byte; /* a mark (from 0) and its byte */
	bool mlq;                          /* a quoted scalar spanned lines: */
	yaml_mark_t mlq_start, mlq_end;    /* the last such one's marks */
	struct anchor *anchors[ANCHOR_BUCKETS];
	struct vec stack;                  /* struct frame */
	uint64_t total;                    /* expanded nodes so far */
	struct ynode *root;
	int ndocs;                         /* documents started */
	bool failed;                       /* a fatal error was reported */
};

/* The position of a libyaml mark, made 1-based. */
static struct pos mark_pos(const struct builder *b, yaml_mark_t m)
{
	struct pos p = { b->file, (int)m.line + 1, (int)m.column + 1 };
	return p;
}

/* The byte of data a libyaml mark points at (line and column count
 * characters from 0).  Marks mostly come in order, so a cursor moves on
 * from the last one (a long line is walked once, not once a scalar).
 * Never past the end of data. */
static const char *src_at(struct builder *b, yaml_mark_t m)
{
	if (m.line < b->cur_line || (m.line == b->cur_line &&
	    m.column < b->cur_col)) {
		b->cur_line = b->cur_col = b->cur_byte = 0;
	}
	const char *p = b->data + b->cur_byte, *end = b->data + b->len;
	while (b->cur_line < m.line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return end;
		p = nl + 1;
		b->cur_line++;
		b->cur_col = 0;
	}
	for (; b->cur_col < m.column && p < end && *p != '\n'; b->cur_col++) {
		p++;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
	}
	b->cur_byte = (size_t)(p - b->data);
	return p;
}

/* FNV-1a hash of an anchor name, reduced to a bucket. */
static unsigned anchor_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % ANCHOR_BUCKETS;
}

/* Records that name now names node (a later anchor hides an earlier). */
static void anchor_set(struct builder *b, const char *name, struct ynode *n)
{
	unsigned h = anchor_hash(name);
	struct anchor *an = arena_alloc(b->a, sizeof *an);
	an->name = arena_strdup(b->a, name);
	an->node = n;
	an->next = b->anchors[h];
	b->anchors[h] = an;
}

/* The node named by anchor name, or NULL. */
static struct ynode *anchor_get(const struct builder *b, const char *name)
{
	for (struct anchor *an = b->anchors[anchor_hash(name)]; an; an = an->next)
		if (strcmp(an->name, name) == 0)
			return an->node;
	return NULL;
}

/* Adds n expanded nodes to the running count; false (with an error)
 * when the document grows past the limit. */
static bool builder_count(struct builder *b, uint64_t n, struct pos p)
{
	b->total += n;
	if (b->total > YAMLTREE_MAX_NODES) {
		diag(DIAG_ERROR, p, "the document is too large once its aliases "
		    "are expanded (more than %d nodes)", YAMLTREE_MAX_NODES);
		b->failed = true;
		return false;
	}
	return true;
}

/* Hands a finished node to the open collection, or makes it the root. */
static void builder_attach(struct builder *b, struct ynode *n)
{
	if (b->stack.n == 0) {
		b->root = n;
		return;
	}
	struct frame *f = (struct frame *)b->stack.v + b->stack.n - 1;
	*(struct ynode **)vec_push(&f->kids) = n;
	uint64_t s = f->node->size + n->size;
	f->node->size = s > YAMLTREE_MAX_NODES ? YAMLTREE_MAX_NODES + 1 : s;
}

/* Compares two pairs by key text, then by position (for qsort). */
static int pair_cmp(const void *x, const void *y)
{
	const struct ypair *p = x, *q = y;
	size_t n = p->key->len < q->key->len ? p->key->len : q->key->len;
	int c = memcmp(p->key->text, q->key->text, n);
	if (c != 0)
		return c;
	if (p->key->len != q->key->len)
		return p->key->len < q->key->len ? -1 : 1;
	if (p->key->pos.line != q->key->pos.line)
		return p->key->pos.line < q->key->pos.line ? -1 : 1;
	return (p->key->pos.col > q->key->pos.col) - (p->key->pos.col < q->key->pos.col);
}

/* Compares two pairs by position (for qsort). */
static int pair_pos_cmp(const void *x, const void *y)
{
	const struct ypair *p = x, *q = y;
	if (p->key->pos.line != q->key->pos.line)
		return p->key->pos.line < q->key->pos.line ? -1 : 1;
	return (p->key->pos.col > q->key->pos.col) - (p->key->pos.col < q->key->pos.col);
}

/* Turns a finished mapping frame's children into pairs, reporting
 * non-scalar and duplicate keys (dropping the later duplicates). */
static void builder_finish_map(struct builder *b, struct frame *f)
{
	struct ynode *m = f->node;
	struct ynode **kids = f->kids.v;
	size_t n = f->kids.n / 2;
	struct ypair *pairs = arena_alloc(b->a, (n ? n : 1) * sizeof *pairs);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct ynode *key = kids[2 * i];
		if (key->kind != YNODE_SCALAR) {
			diag(DIAG_ERROR, key->pos, "a mapping key must be text, not a %s",
			    key->kind == YNODE_MAP ? "mapping" : "list");
			continue;
		}
		pairs[k].key = key;
		pairs[k].val = kids[2 * i + 1];
		k++;
	}
	if (k > 1) {
		struct ypair *sorted = xmalloc(k * sizeof *sorted);
		memcpy(sorted, pairs, k * sizeof *sorted);
		qsort(sorted, k, sizeof *sorted, pair_cmp);
		/* Mark duplicates by clearing their key in a position-ordered
		 * copy; report them in document order. */
		struct ypair *dups = xmalloc(k * sizeof *dups);
		size_t nd = 0;
		for (size_t i = 1; i < k; i++) {
			size_t j = i;
			while (j > 0 && sorted[j - 1].key->len == sorted[i].key->len &&
			    memcmp(sorted[j - 1].key->text, sorted[i].key->text,
			    sorted[i].key->len) == 0)
				j--;
			if (j != i) {
				dups[nd] = sorted[i];
				dups[nd].val = sorted[j].key;    /* the first of them */
				nd++;
			}
		}
		qsort(dups, nd, sizeof *dups, pair_pos_cmp);
		for (size_t i = 0; i < nd; i++)
			diag(DIAG_ERROR, dups[i].key->pos, "duplicate key '%s' (first "
			    "given at line %d)", dups[i].key->text, dups[i].val->pos.line);
		if (nd > 0) {
			/* Keep only the first of each key. */
			size_t w = 0, d = 0;
			for (size_t i = 0; i < k; i++) {
				if (d < nd && pairs[i].key == dups[d].key) {
					d++;
					continue;
				}
				pairs[w++] = pairs[i];
			}
			k = w;
		}
		free(dups);
		free(sorted);
	}
	m->pairs = pairs;
	m->npairs = k;
}

/* ---- where a scalar's text was written ---- */

/* Moves *s (before end) on one character, keeping *p in step. */
static void src_step(const char **s, const char *end, struct pos *p)
{
	if (**s == '\n') {
		p->line++;
		p->col = 1;
	} else {
		p->col++;
	}
	(*s)++;
	while (*s < end && ((unsigned char)**s & 0xC0) == 0x80)
		(*s)++;
}

/* Bytes in the UTF-8 form of code point cp. */
static size_t cp_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The code point of the escape "\e..." at r (e = r[1]) and in *raw the
 * characters it takes; 0 and 2 for one libyaml would have refused. */
static uint32_t escape_cp(const char *r, const char *end, size_t *raw)
{
	static const char named[] = "0abt\tnvfre \"/\\N_LP";
	static const uint32_t cps[] = { 0, 7, 8, 9, 9, 10, 11, 12, 13, 27, 32,
	    34, 47, 92, 0x85, 0xA0, 0x2028, 0x2029 };
	char e = r[1];
	int hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
	*raw = 2;
	if (hex == 0) {
		const char *k = strchr(named, e);
		return k != NULL && e != '\0' ? cps[k - named] : 0;
	}
	uint32_t cp = 0;
	for (int i = 0; i < hex && r + 2 + i < end; i++) {
		char c = r[2 + i];
		cp = cp * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	*raw = 2 + (size_t)hex;
	return cp;
}

/* Records in n->segs where the quoted text between r and rend (p: r's
 * position) stops matching n->text character for character: after each
 * escape or '' and each folded line break.  Text without escapes gets
 * none (its spans then stay as they always were). */
static void scalar_segments(struct builder *b, struct ynode *n,
    const char *r, const char *rend, struct pos p, bool dq)
{
	bool any = false;
	for (const char *q = r; q + 1 < rend && !any; q++)
		any = dq ? *q == '\\' : (q[0] == '\'' && q[1] == '\'');
	if (!any)
		return;
	struct vec segs;
	vec_init(&segs, sizeof(struct yseg));
	size_t d = 0;
	while (r < rend && d < n->len) {
		if (dq && *r == '\\' && r + 1 < rend && (r[1] == '\n' || r[1] == '\r')) {
			src_step(&r, rend, &p);              /* escaped line break */
			if (*r == '\r' && r + 1 < rend)
				src_step(&r, rend, &p);
			if (r < rend && *r == '\n')
				src_step(&r, rend, &p);
			while (r < rend && (*r == ' ' || *r == '\t'))
				src_step(&r, rend, &p);
		} else if (dq && *r == '\\' && r + 1 < rend) {
			size_t raw;
			d += cp_len(escape_cp(r, rend, &raw));
			for (size_t i = 0; i < raw && r < rend; i++)
				src_step(&r, rend, &p);
		} else if (!dq && *r == '\'' && r + 1 < rend && r[1] == '\'') {
			d++;
			src_step(&r, rend, &p);
			src_step(&r, rend, &p);
		} else if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			const char *w = r;
			bool nl = false;
			while (w < rend && (*w == ' ' || *w == '\t' || *w == '\n' ||
			    *w == '\r'))
				nl |= *w++ == '\n';
			if (!nl) {
				d += (size_t)(w - r);
				p.col += (int)(w - r);
				r = w;
				continue;
			}
			while (r < w)
				src_step(&r, rend, &p);
			while (d < n->len && (n->text[d] == ' ' || n->text[d] == '\n' ||
			    n->text[d] == '\t'))
				d++;
		} else {
			const char *c = r;
			src_step(&r, rend, &p);
			d += (size_t)(r - c);
			continue;
		}
		struct yseg *sg = vec_push(&segs);
		sg->off = d < n->len ? d : n->len;
		sg->pos = p;
	}
	n->nsegs = segs.n;
	n->segs = vec_to_arena(&segs, b->a);
}

/* Sets n->tpos, where the text of scalar event ev starts (past an
 * anchor, a tag, an opening quote, a block scalar's header line), and
 * n->segs for quoted text with escapes. */
static void scalar_positions(struct builder *b, struct ynode *n,
    const yaml_event_t *ev)
{
	struct pos p = mark_pos(b, ev->start_mark);
	const char *r = src_at(b, ev->start_mark);
	const char *rend = src_at(b, ev->end_mark);
	while (r < rend && (*r == '&' || *r == '!')) {
		while (r < rend && *r != ' ' && *r != '\t' && *r != '\n')
			src_step(&r, rend, &p);
		while (r < rend && (*r == ' ' || *r == '\t' || *r == '\n'))
			src_step(&r, rend, &p);
	}
	yaml_scalar_style_t st = ev->data.scalar.style;
	if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
		while (r < rend && *r != '\n')
			src_step(&r, rend, &p);
		while (r < rend && (*r == ' ' || *r == '\n'))
			src_step(&r, rend, &p);
	} else if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    st == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
		if (r < rend)
			src_step(&r, rend, &p);
		n->tpos = p;
		scalar_segments(b, n, r, rend > r ? rend - 1 : r, p,
		    st == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		return;
	}
	n->tpos = p;
}

struct pos yamltree_text_pos(const struct ynode *n, size_t off)
{
	struct pos p = n->tpos.line > 0 ? n->tpos : n->pos;
	size_t from = 0;
	for (size_t i = 0; i < n->nsegs && n->segs[i].off <= off; i++) {
		p = n->segs[i].pos;
		from = n->segs[i].off;
	}
	for (size_t i = from; i < off && i < n->len; i++) {
		if (n->text[i] == '\n') {
			p.line++;
			p.col = n->tpos.line > 0 ? n->tpos.col : p.col;
		} else if (((unsigned char)n->text[i] & 0xC0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

/* ---- the traps ---- */

/* Warns when a plain value is followed on its line by " #x": YAML reads
 * "#x..." as a comment, which the author meant as text.  A comment
 * written "# like this" (a space after '#') is taken as meant. */
static void scalar_comment(struct builder *b, const yaml_event_t *ev)
{
	const char *p = src_at(b, ev->end_mark), *end = b->data + b->len;
	const char *q = p;
	int col = (int)ev->end_mark.column + 1;
	while (q < end && (*q == ' ' || *q == '\t')) {
		q++;
		col++;
	}
	if (q == p || q >= end || *q != '#')
		return;
	char c = q + 1 < end ? q[1] : '\n';
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#')
		return;
	diag(DIAG_WARNING, (struct pos){ b->file, (int)ev->end_mark.line + 1,
	    col }, "text after ' #' is a YAML comment and is not printed; quote "
	    "the line");
}

/* True when the next node attached would be a mapping's key. */
static bool builder_at_key(const struct builder *b)
{
	if (b->stack.n == 0)
		return false;
	const struct frame *f = (const struct frame *)b->stack.v + b->stack.n - 1;
	return f->node->kind == YNODE_MAP && f->kids.n % 2 == 0;
}

/* Checks a scalar event for the traps a tree does not show: a local tag
 * ("!important note" loses "!important") and a " #" comment. */
static void scalar_traps(struct builder *b, const yaml_event_t *ev,
    const struct ynode *n)
{
	if (n->tag != NULL && n->tag[0] == '!')
		diag(DIAG_ERROR, n->pos, "quote text that starts with '!'");
	yaml_scalar_style_t st = ev->data.scalar.style;
	if (st == YAML_PLAIN_SCALAR_STYLE && !builder_at_key(b))
		scalar_comment(b, ev);
	b->mlq = (st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    st == YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
	    ev->end_mark.line > ev->start_mark.line;
	b->mlq_start = ev->start_mark;
	b->mlq_end = ev->end_mark;
}

/* Reports libyaml's error as one of the traps when it is one (a quote
 * left open, a tab, text starting with an indicator); false if not. */
static bool builder_trap_error(struct builder *b, const yaml_parser_t *ps)
{
	const char *ctx = ps->context ? ps->context : "";
	const char *problem = ps->problem ? ps->problem : "";
	if (strcmp(ctx, "while scanning a quoted scalar") == 0) {
		diag(DIAG_ERROR, mark_pos(b, ps->context_mark), "this quote is "
		    "never closed");
		return true;
	}
	if (b->mlq && ps->problem_mark.line == b->mlq_end.line) {
		diag(DIAG_ERROR, mark_pos(b, b->mlq_start), "this quote is not "
		    "closed on its line; YAML read on to line %d",
		    (int)b->mlq_end.line + 1);
		return true;
	}
	if (strcmp(ctx, "while scanning an alias") == 0 ||
	    strcmp(ctx, "while scanning an anchor") == 0 ||
	    strcmp(ctx, "while scanning a tag") == 0) {
		const char *c = src_at(b, ps->context_mark);
		if (c < b->data + b->len && strchr("*&!", *c) != NULL && *c) {
			diag(DIAG_ERROR, mark_pos(b, ps->context_mark), "quote text "
			    "that starts with '%c'", *c);
			return true;
		}
	}
	if (strcmp(problem, "found character that cannot start any token") == 0) {
		const char *c = src_at(b, ps->problem_mark);
		if (c >= b->data + b->len)
			return false;
		if (*c == '\t') {
			diag(DIAG_ERROR, mark_pos(b, ps->problem_mark), "tabs cannot "
			    "indent YAML; use spaces");
			return true;
		}
		if (*c == '@' || *c == '`' || *c == '%') {
			diag(DIAG_ERROR, mark_pos(b, ps->problem_mark), "quote text "
			    "that starts with '%c'", *c);
			return true;
		}
	}
	return false;
}

/* Makes a node of kind at mark, with the event's tag. */
static struct ynode *builder_node(struct builder *b, enum ynode_kind kind,
    yaml_mark_t mark, const yaml_char_t *tag)
{
	struct ynode *n = arena_alloc(b->a, sizeof *n);
	n->kind = kind;
	n->pos = mark_pos(b, mark);
	n->tag = tag ? arena_strdup(b->a, (const char *)tag) : NULL;
	n->size = 1;
	return n;
}

/* Opens a collection; false (with an error) when nesting is too deep. */
static bool builder_open(struct builder *b, enum ynode_kind kind,
    const yaml_event_t *ev, const yaml_char_t *anchor, const yaml_char_t *tag)
{
	struct ynode *n = builder_node(b, kind, ev->start_mark, tag);
	if (b->stack.n >= YAMLTREE_MAX_DEPTH) {
		diag(DIAG_ERROR, n->pos, "nesting deeper than %d levels",
		    YAMLTREE_MAX_DEPTH);
		b->failed = true;
		return false;
	}
	if (!builder_count(b, 1, n->pos))
		return false;
	n->open = true;
	n->flow = kind == YNODE_MAP ?
	    ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE :
	    ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	if (anchor)
		anchor_set(b, (const char *)anchor, n);
	struct frame *f = vec_push(&b->stack);
	f->node = n;
	vec_init(&f->kids, sizeof(struct ynode *));
	return true;
}

/* Closes the innermost collection and attaches it to its parent. */
static void builder_close(struct builder *b)
{
	struct frame *f = (struct frame *)b->stack.v + b->stack.n - 1;
	struct ynode *n = f->node;
	if (n->kind == YNODE_MAP) {
		builder_finish_map(b, f);
	} else {
		n->nitems = f->kids.n;
		n->items = vec_to_arena(&f->kids, b->a);
	}
	vec_free(&f->kids);
	n->open = false;
	b->stack.n--;
	builder_attach(b, n);
}

/* Handles one event; false when parsing must stop. */
static bool builder_event(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			diag(DIAG_ERROR, mark_pos(b, ev->start_mark), "the file holds "
			    "more than one YAML document; put one in each file");
			b->failed = true;
			return false;
		}
		return true;
	case YAML_SCALAR_EVENT:
		n = builder_node(b, YNODE_SCALAR, ev->start_mark,
		    ev->data.scalar.tag);
		if (!builder_count(b, 1, n->pos))
			return false;
		if (ev->data.scalar.length > YAMLTREE_MAX_TEXT) {
			diag(DIAG_ERROR, n->pos, "a text value of %zu bytes; the limit "
			    "for one value is %u MB", ev->data.scalar.length,
			    YAMLTREE_MAX_TEXT >> 20);
			b->failed = true;
			return false;
		}
		n->len = ev->data.scalar.length;
		n->text = arena_strndup(b->t, (const char *)ev->data.scalar.value,
		    n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		scalar_positions(b, n, ev);
		scalar_traps(b, ev, n);
		if (ev->data.scalar.anchor)
			anchor_set(b, (const char *)ev->data.scalar.anchor, n);
		builder_attach(b, n);
		return true;
	case YAML_SEQUENCE_START_EVENT:
		return builder_open(b, YNODE_SEQ, ev, ev->data.sequence_start.anchor,
		    ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return builder_open(b, YNODE_MAP, ev, ev->data.mapping_start.anchor,
		    ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		builder_close(b);
		return true;
	case YAML_ALIAS_EVENT: {
		struct pos p = mark_pos(b, ev->start_mark);
		const char *name = (const char *)ev->data.alias.anchor;
		n = anchor_get(b, name);
		if (n == NULL) {
			diag(DIAG_ERROR, p, "alias '*%s' names no anchor", name);
			b->failed = true;
			return false;
		}
		if (n->open) {
			diag(DIAG_ERROR, p, "alias '*%s' refers to a node that contains "
			    "it (a cycle, anchored at line %d)", name, n->pos.line);
			b->failed = true;
			return false;
		}
		if (!builder_count(b, n->size, p))
			return false;
		builder_attach(b, n);
		return true;
	}
	default:
		return true;
	}
}

/* Reports libyaml's error, with its context when it has one. */
static void builder_yaml_error(struct builder *b, const yaml_parser_t *ps,
    const char *data, size_t len)
{
	struct pos p;
	if (ps->error == YAML_READER_ERROR) {
		size_t off = ps->problem_offset < len ? ps->problem_offset : len;
		p = yamltree_offset_pos(b->file, data, off);
	} else {
		p = mark_pos(b, ps->problem_mark);
	}
	if (ps->error != YAML_READER_ERROR && builder_trap_error(b, ps))
		return;
	const char *problem = ps->problem ? ps->problem : "invalid YAML";
	if (ps->context != NULL && ps->error != YAML_READER_ERROR)
		diag(DIAG_ERROR, p, "%s (%s at line %d)", problem, ps->context,
		    (int)ps->context_mark.line + 1);
	else
		diag(DIAG_ERROR, p, "%s", problem);
}

struct pos yamltree_offset_pos(const char *file, const char *data, size_t off)
{
	struct pos p = { file, 1, 1 };
	const char *s = data, *end = data + off;
	while (s < end) {
		if (*s == '\n') {
			p.line++;
			p.col = 1;
			s++;
		} else {
			/* Columns count characters, as libyaml's do. */
			if (((unsigned char)*s & 0xC0) != 0x80)
				p.col++;
			s++;
		}
	}
	return p;
}

int yamltree_parse(struct arena *a, const char *file, const char *data,
    size_t len, struct ynode **root)
{
	return yamltree_parse_split(a, a, file, data, len, root);
}

int yamltree_parse_split(struct arena *a, struct arena *texts,
    const char *file, const char *data, size_t len, struct ynode **root)
{
	*root = NULL;
	long bad = utf8_invalid_at(data, len);
	if (bad >= 0) {
		diag(DIAG_ERROR, yamltree_offset_pos(file, data, (size_t)bad),
		    "invalid UTF-8 (byte 0x%02x); the file must be UTF-8",
		    (unsigned char)data[bad]);
		return -1;
	}
	struct builder b;
	memset(&b, 0, sizeof b);
	b.a = a;
	b.t = texts;
	b.file = file;
	b.data = data;
	b.len = len;
	vec_init(&b.stack, sizeof(struct frame));

	yaml_parser_t ps;
	if (!yaml_parser_initialize(&ps)) {
		diag(DIAG_ERROR, (struct pos){ file, 0, 0 }, "cannot start the "
		    "YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&ps, (const unsigned char *)data, len);
	bool done = false;
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&ps, &ev)) {
			builder_yaml_error(&b, &ps, data, len);
			b.failed = true;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		bool ok = builder_event(&b, &ev);
		yaml_event_delete(&ev);
		if (!ok)
			break;
	}
	yaml_parser_delete(&ps);
	for (size_t i = 0; i < b.stack.n; i++)
		vec_free(&((struct frame *)b.stack.v)[i].kids);
	vec_free(&b.stack);
	if (b.failed)
		return -1;
	*root = b.root;
	return 0;
}

const struct ypair *yamltree_pair(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	size_t kl = strlen(key);
	for (size_t i = 0; i < map->npairs; i++) {
		const struct ynode *k = map->pairs[i].key;
		if (k->len == kl && memcmp(k->text, key, kl) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

struct ynode *yamltree_get(const struct ynode *map, const char *key)
{
	const struct ypair *p = yamltree_pair(map, key);
	return p ? p->val : NULL;
}

bool yamltree_is_null(const struct ynode *n)
{
	if (n == NULL)
		return true;
	if (n->kind != YNODE_SCALAR || !n->plain || n->tag != NULL)
		return false;
	return n->len == 0 || strcmp(n->text, "~") == 0 ||
	    strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
	    strcmp(n->text, "NULL") == 0;
}
