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
	struct arena *a;
	const char *file;
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
		n->text = arena_strndup(b->a, (const char *)ev->data.scalar.value,
		    n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
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
	b.file = file;
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
