/*
 * dump.c - the text device: pages and their operations as lines of
 * text, in pt with two decimals, for golden tests.  Each op's line is
 * followed by the structure element it is tagged with, as the PDF device
 * would tag it, on a line of its own: "tag artifact", or the element's
 * type and a number (elements are numbered in order of first appearance
 * in the dump), with its ancestors and its attributes the first time it
 * appears (a TH's scope, a cell's colspan and rowspan when over 1, a
 * Figure's alt text).  An op's own line keeps the form other readers of
 * the dump parse (check-clients: a text op ends with its string).
 *
 *   page 3 595.28x841.89 item=4 first
 *     text 56.69 98.40 f0 11.00 #000000 "This paper and attached"
 *       tag P#3 < Sect#1
 *     line 56.69 120.00 +482.00 +0.00 w0.50
 *       tag artifact
 *     image 100.00 200.00 300.00 150.00 chart.png
 *       tag Figure#9 alt="A chart" < Sect#1
 *     link 56.69 120.00 40.00 13.75 -> https://example.org
 *       tag Link#4 < P#3
 *     text 56.69 150.00 f1 11.00 #000000 "Budget"
 *       tag TH#12 scope=Column < TR#11 < THead#10 < Table#9 < Sect#1
 */
#include "render.h"

#include <string.h>

/* What the dump knows of the structure elements while it writes. */
struct dumpctx {
	const struct render_doc *d;
	int *num;                          /* per element: dump number, 0 none */
	signed char *live;                 /* per element: 1 in the document's
	                                      tree, -1 not, 0 not known yet */
	int next;                          /* the next dump number */
};

/* Writes len bytes of s as a quoted string with escapes. */
static void dump_str(FILE *f, const char *s, int len)
{
	fputc('"', f);
	for (int i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* The last component of path p. */
static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* True when element i is in the tree of one of the document's flows
 * (the PDF device tags only those; the rest are artifacts). */
static bool node_live(struct dumpctx *x, int i)
{
	if (x->live[i] == 0) {
		int r = i;
		while (x->d->nodes[r].parent >= 0)
			r = x->d->nodes[r].parent;
		x->live[i] = -1;
		for (size_t k = 0; k < x->d->nroots; k++)
			if (x->d->roots[k] == r)
				x->live[i] = 1;
	}
	return x->live[i] > 0;
}

/* Writes element i's type and number, and its attributes when it had
 * no number yet (its first appearance: returns true). */
static bool dump_elem(FILE *f, struct dumpctx *x, int i)
{
	const struct snode *n = &x->d->nodes[i];
	bool first = x->num[i] == 0;
	if (first)
		x->num[i] = ++x->next;
	fprintf(f, "%s#%d", layout_stype_name(n->type), x->num[i]);
	if (!first)
		return false;
	static const char *scopes[] = { "", "Column", "Row", "Both" };
	if (n->scope > SCOPE_NONE && n->scope <= SCOPE_BOTH)
		fprintf(f, " scope=%s", scopes[n->scope]);
	if (n->colspan > 1)
		fprintf(f, " colspan=%d", n->colspan);
	if (n->rowspan > 1)
		fprintf(f, " rowspan=%d", n->rowspan);
	if (n->type == ST_FIGURE) {
		fputs(" alt=", f);
		dump_str(f, n->alt ? n->alt : "", n->alt ? (int)strlen(n->alt) : 0);
	}
	if (n->lang)
		fprintf(f, " lang=%s", n->lang);
	return first;
}

/* Ends op o's line and writes its structure on a line of its own,
 * "    tag ELEMENT < PARENT < ..." (ancestors only the first time an
 * element appears), or "    tag artifact": the op's own line keeps the
 * form other readers of the dump parse (a text op ends with its string,
 * a link with its target). */
static void dump_tag(FILE *f, struct dumpctx *x, const struct op *o)
{
	if (o->node < 0 || (size_t)o->node >= x->d->nnodes || !node_live(x, o->node)) {
		fputs("\n    tag artifact\n", f);
		return;
	}
	fputs("\n    tag ", f);
	int i = o->node;
	bool first = dump_elem(f, x, i);
	while (first && x->d->nodes[i].parent >= 0) {
		i = x->d->nodes[i].parent;
		fputs(" < ", f);
		first = dump_elem(f, x, i);
	}
	fputc('\n', f);
}

/* Writes one op's line. */
static void dump_op(FILE *f, struct dumpctx *x, const struct op *o)
{
	switch (o->kind) {
	case OP_TEXT:
		fprintf(f, "  text %.2f %.2f f%d %.2f #%06x ", MPT2PT(o->x),
		    MPT2PT(o->y), o->face, MPT2PT(o->size), o->color);
		dump_str(f, o->text, o->len);
		if (o->flags & OPF_ROT45)
			fputs(" rot45", f);
		break;
	case OP_LINE:
		fprintf(f, "  line %.2f %.2f %+.2f %+.2f w%.2f", MPT2PT(o->x),
		    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), MPT2PT(o->size));
		break;
	case OP_RECT:
		fprintf(f, "  rect %.2f %.2f %.2f %.2f #%06x", MPT2PT(o->x),
		    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->color);
		break;
	case OP_IMAGE:
		fprintf(f, "  image %.2f %.2f %.2f %.2f %s", MPT2PT(o->x),
		    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), basename_of(o->text));
		break;
	case OP_LINK:
		fprintf(f, "  link %.2f %.2f %.2f %.2f -> %.*s", MPT2PT(o->x),
		    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->len, o->text);
		break;
	case OP_PLACEHOLDER:
		fprintf(f, "  placeholder %.2f %.2f %.2f %.2f %.*s", MPT2PT(o->x),
		    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->len, o->text);
		break;
	}
	dump_tag(f, x, o);
}

void render_dump(const struct render_doc *d, const struct fontset *fs, FILE *f)
{
	(void)fs;
	struct dumpctx x = { .d = d };
	x.num = xcalloc(d->nnodes + 1, sizeof *x.num);
	x.live = xcalloc(d->nnodes + 1, sizeof *x.live);
	for (size_t i = 0; i < d->npages; i++) {
		const struct page *p = d->pages[i];
		if (p->number > 0)          /* the page label: "S2-3"; "-" none */
			fprintf(f, "page %s%d", p->prefix ? p->prefix : "", p->number);
		else
			fputs("page -", f);
		fprintf(f, " %.2fx%.2f", MPT2PT(p->w), MPT2PT(p->h));
		if (p->item)
			fprintf(f, " item=%s%s", p->item, p->item_first ? " first" : "");
		if (p->blank)
			fputs(" blank", f);
		if (p->exempt)
			fputs(" exempt", f);
		fputc('\n', f);
		for (size_t k = 0; k < p->nops; k++)
			dump_op(f, &x, &p->ops[k]);
	}
	for (size_t i = 0; i < d->noutline; i++) {
		const struct outline_entry *e = &d->outline[i];
		const struct page *p = d->pages[e->page];
		fprintf(f, "outline %d page %s%d \"%s\"\n", e->level,
		    p->prefix ? p->prefix : "", p->number, e->title);
	}
	free(x.num);
	free(x.live);
}
