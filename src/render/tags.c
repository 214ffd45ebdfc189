/*
 * tags.c - the structure tree of a tagged PDF.
 *
 * Elements come from layout (struct snode, in reading order).  An element
 * joins its parent's kids when its first content is drawn, after any
 * earlier siblings, so the tree's order is the reading order even where
 * content is drawn out of order (a list label is drawn after its item's
 * first line).  Elements with no content at all join at the end, in
 * order.
 */
#include "tags.h"
#include "pdfpure.h"

#include <stdio.h>
#include <string.h>

/* Element types by enum stype, then the grouping element tags adds. */
static const char *type_names[] = {
	"Document", "Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
	"Table", "THead", "TBody", "TR", "TH", "TD", "Figure", "Link", "Caption",
	"TOC", "TOCI", "Div",
};
#define ST_DIV (ST_TOCI + 1)

/* The most kids one element's /K array gets: PDF 1.4's implementation
 * limit for arrays (Appendix C), which PDF/A-1 (ISO 19005-1, 6.1.12)
 * makes a rule; libharu's own cap is 32,767.  Past it the kids are
 * regrouped (see regroup()). */
#define KIDS_MAX 8191

/* An element tags adds to keep arrays under KIDS_MAX: a node numbered
 * from nnodes on. */
struct synth {
	uint8_t type;                      /* enum stype, or ST_DIV */
	int parent;                        /* node, -1 for the Document */
};

enum kid_kind { KID_NODE, KID_MCR, KID_OBJR };

struct kid {
	int next;                          /* next kid of the same element, -1 */
	uint8_t kind;
	int a;                             /* node, or page index */
	int b;                             /* MCID */
	uint32_t annot;                    /* KID_OBJR: its object number */
};

struct tags {
	HPDF_Doc doc;
	const struct render_doc *d;
	size_t nnodes;                     /* layout's nodes */
	size_t nall;                       /* and the synthetic ones after them */
	size_t cap;                        /* room in head, tail, live */
	struct vec synth;                  /* struct synth, node nnodes + i */
	int *head, *tail;                  /* per node: its kid list */
	int *parent;                       /* per node: its parent, -1: Document */
	bool *attached, *live;
	int *child_start, *child_list;     /* children in creation order */
	int *cursor;                       /* per node: next child to attach */
	struct vec kids;                   /* struct kid */
	int doc_head, doc_tail;            /* the Document element's kids */
	/* per page: MCID -> node */
	struct vec *page_mcids;            /* per page: vec of int */
	HPDF_Page *pages;                  /* per page */
	uint32_t *page_num;                /* per page: its object number */
	/* annotations in the parent tree */
	struct vec annots;                 /* int node */
	struct vec annot_objs;             /* uint32_t: object numbers */
	uint32_t root;                     /* the StructTreeRoot's object
	                                      number (a placeholder until
	                                      tags_write) */
	/* marked-content state of the current page */
	HPDF_Page pg;
	size_t pi;
	bool open;
	bool open_text;
	int open_node;
	int next_mcid;
	int err;                           /* first libharu error, 0 if none */
};

/* Appends a kid of kind k (a, b as the kind says) to node's kids. */
static void kid_add(struct tags *t, int node, enum kid_kind k, int a, int b,
    uint32_t an)
{
	struct kid *kd = vec_push(&t->kids);
	kd->next = -1;
	kd->kind = (uint8_t)k;
	kd->a = a;
	kd->b = b;
	kd->annot = an;
	int idx = (int)t->kids.n - 1;
	int *head = node < 0 ? &t->doc_head : &t->head[node];
	int *tail = node < 0 ? &t->doc_tail : &t->tail[node];
	if (*head < 0)
		*head = idx;
	else
		((struct kid *)t->kids.v)[*tail].next = idx;
	*tail = idx;
}

struct tags *tags_new(HPDF_Doc doc, const struct render_doc *d)
{
	struct tags *t = xcalloc(1, sizeof *t);
	t->doc = doc;
	t->d = d;
	size_t n = d->nnodes;
	t->nnodes = n;
	t->head = xmalloc((n + 1) * sizeof *t->head);
	t->tail = xmalloc((n + 1) * sizeof *t->tail);
	t->attached = xcalloc(n + 1, sizeof *t->attached);
	t->live = xcalloc(n + 1, sizeof *t->live);
	t->cursor = xcalloc(n + 1, sizeof *t->cursor);
	t->child_start = xcalloc(n + 2, sizeof *t->child_start);
	t->child_list = xmalloc((n + 1) * sizeof *t->child_list);
	t->parent = xmalloc((n + 1) * sizeof *t->parent);
	for (size_t i = 0; i < n; i++) {
		t->head[i] = t->tail[i] = -1;
		t->parent[i] = d->nodes[i].parent;
	}
	t->doc_head = t->doc_tail = -1;
	t->nall = t->cap = n;
	vec_init(&t->synth, sizeof(struct synth));
	vec_init(&t->kids, sizeof(struct kid));
	vec_init(&t->annots, sizeof(int));
	vec_init(&t->annot_objs, sizeof(uint32_t));
	/* Live elements: those under one of the document's roots. */
	int *root = xmalloc((n + 1) * sizeof *root);
	for (size_t i = 0; i < n; i++) {
		int p = d->nodes[i].parent;
		root[i] = p < 0 ? (int)i : root[p];
	}
	bool *isroot = xcalloc(n + 1, sizeof *isroot);
	for (size_t r = 0; r < d->nroots; r++)
		if (d->roots[r] >= 0 && (size_t)d->roots[r] < n)
			isroot[d->roots[r]] = true;
	for (size_t i = 0; i < n; i++)
		t->live[i] = isroot[root[i]];
	free(root);
	free(isroot);
	/* Children lists (counting sort by parent keeps creation order). */
	for (size_t i = 0; i < n; i++) {
		int p = d->nodes[i].parent;
		if (p >= 0)
			t->child_start[p + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		t->child_start[i + 1] += t->child_start[i];
	int *fill = xcalloc(n + 1, sizeof *fill);
	for (size_t i = 0; i < n; i++) {
		int p = d->nodes[i].parent;
		if (p >= 0)
			t->child_list[t->child_start[p] + fill[p]++] = (int)i;
	}
	free(fill);
	/* The roots join the Document in the document's order. */
	for (size_t r = 0; r < d->nroots; r++) {
		int x = d->roots[r];
		if (x < 0 || (size_t)x >= n || t->attached[x])
			continue;
		t->attached[x] = true;
		kid_add(t, -1, KID_NODE, x, 0, 0);
	}
	t->page_mcids = xcalloc(d->npages + 1, sizeof *t->page_mcids);
	for (size_t i = 0; i < d->npages; i++)
		vec_init(&t->page_mcids[i], sizeof(int));
	t->pages = xcalloc(d->npages + 1, sizeof *t->pages);
	t->page_num = xcalloc(d->npages + 1, sizeof *t->page_num);
	return t;
}

void tags_free(struct tags *t)
{
	if (t == NULL)
		return;
	free(t->head);
	free(t->tail);
	free(t->parent);
	free(t->attached);
	free(t->live);
	free(t->cursor);
	free(t->child_start);
	free(t->child_list);
	vec_free(&t->kids);
	vec_free(&t->synth);
	vec_free(&t->annots);
	vec_free(&t->annot_objs);
	for (size_t i = 0; i < t->d->npages; i++)
		vec_free(&t->page_mcids[i]);
	free(t->page_mcids);
	free(t->pages);
	free(t->page_num);
	free(t);
}

/* Makes node x a kid of its parent, after its earlier siblings. */
static void attach(struct tags *t, int x)
{
	/* Iterative: collect the chain of unattached ancestors first. */
	int chain[128];
	int nchain = 0;
	for (int y = x; y >= 0 && !t->attached[y] && nchain < 128; y = t->d->nodes[y].parent)
		chain[nchain++] = y;
	while (nchain > 0) {
		int y = chain[--nchain];
		int p = t->d->nodes[y].parent;
		if (p < 0) {
			t->attached[y] = true;
			kid_add(t, -1, KID_NODE, y, 0, 0);
			continue;
		}
		int end = t->child_start[p + 1];
		while (t->child_start[p] + t->cursor[p] < end) {
			int s = t->child_list[t->child_start[p] + t->cursor[p]];
			t->cursor[p]++;
			if (!t->attached[s]) {
				t->attached[s] = true;
				kid_add(t, p, KID_NODE, s, 0, 0);
			}
			if (s == y)
				break;
		}
		if (!t->attached[y]) {
			t->attached[y] = true;
			kid_add(t, p, KID_NODE, y, 0, 0);
		}
	}
}

/* Node x's element type (enum stype, or ST_DIV). */
static int node_type(const struct tags *t, int x)
{
	if ((size_t)x < t->nnodes)
		return t->d->nodes[x].type;
	return ((const struct synth *)t->synth.v)[(size_t)x - t->nnodes].type;
}

/* A new live node of the given type under parent (-1: the Document),
 * with no kids; returns its number. */
static int synth_new(struct tags *t, int type, int parent)
{
	if (t->nall == t->cap) {
		t->cap = 2 * t->cap + 16;
		t->head = xrealloc(t->head, (t->cap + 1) * sizeof *t->head);
		t->tail = xrealloc(t->tail, (t->cap + 1) * sizeof *t->tail);
		t->parent = xrealloc(t->parent, (t->cap + 1) * sizeof *t->parent);
		t->live = xrealloc(t->live, (t->cap + 1) * sizeof *t->live);
	}
	struct synth *sy = vec_push(&t->synth);
	sy->type = (uint8_t)type;
	sy->parent = parent;
	int x = (int)t->nall++;
	t->head[x] = t->tail[x] = -1;
	t->parent[x] = parent;
	t->live[x] = true;
	return x;
}

/* Makes the m kids ks[] (kid indices, in order) the kid list of node x,
 * and x their parent: child elements, marked content in the parent
 * tree, annotations. */
static void move_kids(struct tags *t, int x, const int *ks, size_t m)
{
	struct kid *kids = t->kids.v;
	for (size_t j = 0; j < m; j++) {
		struct kid *kd = &kids[ks[j]];
		kd->next = j + 1 < m ? ks[j + 1] : -1;
		if (kd->kind == KID_NODE) {
			t->parent[kd->a] = x;
		} else if (kd->kind == KID_MCR) {
			((int *)t->page_mcids[kd->a].v)[kd->b] = x;
		} else {
			uint32_t *ao = t->annot_objs.v;
			for (size_t k = 0; k < t->annot_objs.n; k++)
				if (ao[k] == kd->annot)
					((int *)t->annots.v)[k] = x;
		}
	}
	t->head[x] = ks[0];
	t->tail[x] = ks[m - 1];
}

/* Keeps node's kid list (node -1: the Document's) within KIDS_MAX.  A
 * table section or a list is split into siblings of its own type (a TBody
 * cannot hold a TBody); anything else gets its kids in groups: TOC in
 * nested TOCs, Table in TBodys, the rest in Divs. */
static void regroup(struct tags *t, int node)
{
	int *head = node < 0 ? &t->doc_head : &t->head[node];
	int *tail = node < 0 ? &t->doc_tail : &t->tail[node];
	size_t n = 0;
	for (int k = *head; k >= 0; k = ((struct kid *)t->kids.v)[k].next)
		n++;
	if (n <= KIDS_MAX)
		return;
	int *ks = xmalloc(n * sizeof *ks), i = 0;
	for (int k = *head; k >= 0; k = ((struct kid *)t->kids.v)[k].next)
		ks[i++] = k;
	int type = node < 0 ? ST_DOCUMENT : node_type(t, node);
	if (type == ST_TBODY || type == ST_THEAD || type == ST_L) {
		int up = t->parent[node];
		int after = up < 0 ? t->doc_head : t->head[up];
		while (((struct kid *)t->kids.v)[after].kind != KID_NODE ||
		    ((struct kid *)t->kids.v)[after].a != node)
			after = ((struct kid *)t->kids.v)[after].next;
		move_kids(t, node, ks, KIDS_MAX);
		for (size_t c = KIDS_MAX; c < n; c += KIDS_MAX) {
			int x = synth_new(t, type, up);
			move_kids(t, x, ks + c, n - c < KIDS_MAX ? n - c : KIDS_MAX);
			/* x joins up's kids just after the last part. */
			int uptail = up < 0 ? t->doc_tail : t->tail[up];
			kid_add(t, up, KID_NODE, x, 0, 0);
			struct kid *kids = t->kids.v;
			int k = (int)t->kids.n - 1;
			if (uptail != after) {
				kids[k].next = kids[after].next;
				kids[after].next = k;
				kids[uptail].next = -1;
				*(up < 0 ? &t->doc_tail : &t->tail[up]) = uptail;
			}
			after = k;
		}
	} else {
		int group = type == ST_TOC ? ST_TOC : type == ST_TABLE ? ST_TBODY : ST_DIV;
		*head = *tail = -1;
		for (size_t c = 0; c < n; c += KIDS_MAX) {
			int x = synth_new(t, group, node);
			move_kids(t, x, ks + c, n - c < KIDS_MAX ? n - c : KIDS_MAX);
			kid_add(t, node, KID_NODE, x, 0, 0);
		}
		regroup(t, node);              /* more than KIDS_MAX groups */
	}
	free(ks);
}

/* Appends s to the current page's content; a failure is kept for
 * tags_finish. */
static void write_raw(struct tags *t, const char *s)
{
	int r = pdffix_page_write(t->pg, s);
	if (r && !t->err)
		t->err = r;
}

void tags_page(struct tags *t, size_t pi, HPDF_Page pg)
{
	t->pg = pg;
	t->pi = pi;
	t->pages[pi] = pg;
	t->page_num[pi] = pdffix_objnum(pg);
	t->open = false;
	t->next_mcid = 0;
}

/* The node an op is tagged with: -1 for an artifact, -2 for a
 * pagination artifact (OPF_PAGINATION). */
static int op_node(const struct tags *t, const struct op *o)
{
	if (o->node < 0 || (size_t)o->node >= t->nnodes || !t->live[o->node])
		return o->flags & OPF_PAGINATION ? -2 : -1;
	return o->node;
}

bool tags_close_if(struct tags *t, const struct op *o, bool text)
{
	if (!t->open)
		return false;
	if (op_node(t, o) == t->open_node && text == t->open_text)
		return false;
	bool was_text = t->open_text;
	tags_close(t);
	return was_text;
}

void tags_open(struct tags *t, const struct op *o, bool text)
{
	if (t->open)
		return;
	int node = op_node(t, o);
	if (node == -2) {
		write_raw(t, "/Artifact <</Type /Pagination>> BDC\n");
	} else if (node < 0) {
		write_raw(t, "/Artifact BMC\n");
	} else {
		attach(t, node);
		int mcid = t->next_mcid++;
		/* "/TD <</MCID 12>> BDC", without snprintf (a table has a
		 * sequence per cell). */
		char buf[64], num[12], *p = buf;
		*p++ = '/';
		for (const char *q = type_names[t->d->nodes[node].type]; *q; q++)
			*p++ = *q;
		memcpy(p, " <</MCID ", 9);
		p += 9;
		int n = 0;
		unsigned v = (unsigned)mcid;
		do {
			num[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v > 0);
		while (n > 0)
			*p++ = num[--n];
		memcpy(p, ">> BDC\n", 8);
		write_raw(t, buf);
		*(int *)vec_push(&t->page_mcids[t->pi]) = node;
		kid_add(t, node, KID_MCR, (int)t->pi, mcid, 0);
	}
	t->open = true;
	t->open_text = text;
	t->open_node = node;
}

void tags_close(struct tags *t)
{
	if (!t->open)
		return;
	write_raw(t, "EMC\n");
	t->open = false;
}

void tags_annot(struct tags *t, const struct op *o, HPDF_Annotation an)
{
	int node = op_node(t, o);
	if (node < 0)
		return;
	attach(t, node);
	int key = (int)t->d->npages + (int)t->annots.n;
	*(int *)vec_push(&t->annots) = node;
	uint32_t num = pdffix_objnum(an);
	*(uint32_t *)vec_push(&t->annot_objs) = num;
	int r = pdffix_put_int(an, "StructParent", key);
	if (r && !t->err)
		t->err = r;
	kid_add(t, node, KID_OBJR, 0, 0, num);
}

/* Keeps the first error: *ret becomes r unless it already holds one. */
static void ck(int *ret, int r)
{
	if (r && !*ret)
		*ret = r;
}

int tags_finish(struct tags *t)
{
	HPDF_Doc doc = t->doc;
	int ret = t->err;
	if (ret)
		return ret;
	for (size_t i = 0; i < t->nnodes; i++)
		if (t->live[i])
			attach(t, (int)i);
	for (size_t i = 0; i < t->nall; i++)   /* nall grows meanwhile */
		if (t->live[i])
			regroup(t, (int)i);
	regroup(t, -1);
	/* What libharu writes: each page's key in the parent tree, the
	 * catalog's entries, and an empty StructTreeRoot whose number the
	 * catalog names; tags_write replaces it. */
	for (size_t p = 0; p < t->d->npages; p++) {
		ck(&ret, pdffix_put_int(t->pages[p], "StructParents", (int)p));
		ck(&ret, pdffix_put_name(t->pages[p], "Tabs", "S"));
	}
	pdffix_obj root = pdffix_dict(doc, true);
	t->root = root ? pdffix_objnum(root) : 0;
	ck(&ret, pdffix_catalog_put(doc, "StructTreeRoot", root));
	pdffix_obj mi = pdffix_dict(doc, false);
	ck(&ret, pdffix_put_bool(mi, "Marked", true));
	ck(&ret, pdffix_catalog_put(doc, "MarkInfo", mi));
	return ret;
}

/* Appends the reference "N 0 R" to object num. */
static void put_ref(struct buf *b, uint32_t num)
{
	char tmp[24], *end = tmp + sizeof tmp;
	memcpy(end - 4, " 0 R", 4);
	char *p = dec_digits(end - 4, num, 1);
	buf_add(b, p, (size_t)(end - p));
}

/* The language an element inherits from its ancestors. */
static const char *inherited_lang(const struct tags *t, int x)
{
	for (int p = t->parent[x]; p >= 0; p = t->parent[p])
		if ((size_t)p < t->nnodes && t->d->nodes[p].lang)
			return t->d->nodes[p].lang;
	return t->d->lang;
}

/* Appends /K of element x (-1: the Document), and before it /Pg, the
 * page of its first marked content: MCIDs on that page are plain
 * integers, others marked-content references.  num: object numbers by
 * node. */
static void element_kids(const struct tags *t, struct buf *b, int x, const uint32_t *num)
{
	int head = x < 0 ? t->doc_head : t->head[x];
	const struct kid *kids = t->kids.v;
	int pg = -1;
	for (int k = head; k >= 0; k = kids[k].next)
		if (kids[k].kind == KID_MCR) {
			pg = kids[k].a;
			break;
		}
	if (pg >= 0) {
		buf_adds(b, "/Pg ");
		put_ref(b, t->page_num[pg]);
	}
	if (head < 0)
		return;
	if (kids[head].next < 0 && kids[head].kind == KID_MCR && kids[head].a == pg) {
		buf_adds(b, "/K ");
		buf_add_dec(b, (size_t)kids[head].b, 1);
		return;
	}
	buf_adds(b, "/K[");
	bool first = true;
	for (int k = head; k >= 0; k = kids[k].next) {
		const struct kid *kd = &kids[k];
		if (kd->kind == KID_NODE && num[kd->a] == 0)
			continue;
		if (!first && kd->kind != KID_OBJR && !(kd->kind == KID_MCR && kd->a != pg))
			buf_addc(b, ' ');
		first = false;
		if (kd->kind == KID_NODE) {
			put_ref(b, num[kd->a]);
		} else if (kd->kind == KID_MCR && kd->a == pg) {
			buf_add_dec(b, (size_t)kd->b, 1);
		} else if (kd->kind == KID_MCR) {
			buf_adds(b, "<</Type/MCR/Pg ");
			put_ref(b, t->page_num[kd->a]);
			buf_adds(b, "/MCID ");
			buf_add_dec(b, (size_t)kd->b, 1);
			buf_adds(b, ">>");
		} else {
			buf_adds(b, "<</Type/OBJR/Obj ");
			put_ref(b, kd->annot);
			buf_adds(b, ">>");
		}
	}
	buf_addc(b, ']');
}

/* Appends the attributes of node x (-1: the Document): /Lang where it
 * differs from the inherited one, a figure's /Alt and placement, a table
 * cell's /Scope and spans. */
static void element_attrs(const struct tags *t, struct buf *b, int x)
{
	if (x < 0) {
		if (t->d->lang) {
			buf_adds(b, "/Lang");
			pdfpure_text_string(b, t->d->lang);
		}
		return;
	}
	if ((size_t)x >= t->nnodes)
		return;                        /* a group: nothing of its own */
	const struct snode *sn = &t->d->nodes[x];
	if (sn->type == ST_FIGURE) {
		buf_adds(b, "/Alt");
		pdfpure_text_string(b, sn->alt ? sn->alt : "");
		buf_adds(b, "/A<</O/Layout/Placement/Block>>");
	}
	if (sn->type == ST_TH || sn->type == ST_TD) {
		static const char *const scopes[] = { NULL, "Column", "Row", "Both" };
		const char *scope = sn->scope <= SCOPE_BOTH ? scopes[sn->scope] : NULL;
		if (scope != NULL || sn->colspan > 1 || sn->rowspan > 1) {
			buf_adds(b, "/A<</O/Table");
			if (scope != NULL)
				buf_printf(b, "/Scope/%s", scope);
			if (sn->colspan > 1)
				buf_printf(b, "/ColSpan %d", sn->colspan);
			if (sn->rowspan > 1)
				buf_printf(b, "/RowSpan %d", sn->rowspan);
			buf_adds(b, ">>");
		}
	}
	if (sn->lang) {
		const char *up = inherited_lang(t, x);
		if (up == NULL || strcmp(up, sn->lang) != 0) {
			buf_adds(b, "/Lang");
			pdfpure_text_string(b, sn->lang);
		}
	}
}

/* Appends parent-tree entry k's value: page k's array of the elements
 * owning its MCIDs, or annotation k - npages's element. */
static void pt_value(const struct tags *t, struct buf *b, size_t k, const uint32_t *num)
{
	if (k >= t->d->npages) {
		put_ref(b, num[((int *)t->annots.v)[k - t->d->npages]]);
		return;
	}
	const int *m = t->page_mcids[k].v;
	buf_addc(b, '[');
	for (size_t j = 0; j < t->page_mcids[k].n; j++) {
		if (j)
			buf_addc(b, ' ');
		put_ref(b, num[m[j]]);
	}
	buf_addc(b, ']');
}

/* Writes the number-tree node for the parent-tree keys lo..hi-1 and its
 * subtree; returns its object number. */
static uint32_t number_tree(const struct tags *t, struct pdfpure_update *u,
    const uint32_t *num, size_t lo, size_t hi)
{
	const size_t LEAF = 256;
	/* /Limits on the root too, as libharu's tree had (sign's tests
	 * read them). */
	if (hi - lo <= LEAF) {
		uint32_t me = pdfpure_obj_new(u);
		struct buf *b = pdfpure_obj_begin(u, me);
		buf_printf(b, "<</Limits[%zu %zu]/Nums[", lo, hi - 1);
		for (size_t k = lo; k < hi; k++) {
			buf_add_dec(b, k, 1);
			buf_addc(b, ' ');
			pt_value(t, b, k, num);
			if (k + 1 < hi)
				buf_addc(b, ' ');
		}
		buf_adds(b, "]>>");
		pdfpure_obj_end(u);
		return me;
	}
	size_t per = (hi - lo + LEAF - 1) / LEAF;
	if (per < LEAF)
		per = LEAF;
	uint32_t *kn = xmalloc((LEAF + 1) * sizeof *kn);
	size_t nk = 0;
	for (size_t i = lo; i < hi; i += per)
		kn[nk++] = number_tree(t, u, num, i, hi - i < per ? hi : i + per);
	uint32_t me = pdfpure_obj_new(u);
	struct buf *b = pdfpure_obj_begin(u, me);
	buf_printf(b, "<</Limits[%zu %zu]/Kids[", lo, hi - 1);
	for (size_t i = 0; i < nk; i++) {
		if (i)
			buf_addc(b, ' ');
		put_ref(b, kn[i]);
	}
	buf_adds(b, "]>>");
	pdfpure_obj_end(u);
	free(kn);
	return me;
}

/* Element type names as written: enum stype's, then the group. */
static const char *type_name(const struct tags *t, int x)
{
	return x < 0 ? "Document" : type_names[node_type(t, x)];
}

int tags_write(struct tags *t, unsigned char **pdf, size_t *len)
{
	struct pdfpure_update u = { 0 };
	/* PDF/A-1 is PDF 1.4: no object streams. */
	enum pdfpure_form form = t->d->pdfa ? PDFPURE_PLAIN : PDFPURE_PACKED;
	if (t->root == 0 || pdfpure_update_begin(&u, *pdf, *len, form) != 0) {
		pdfpure_update_free(&u);
		return PDFFIX_EOBJECT;
	}
	*pdf = NULL;                       /* the update's until the end */
	/* Numbers: the Document, then the live elements in order, then the
	 * parent tree. */
	uint32_t docnum = pdfpure_obj_new(&u);
	uint32_t *num = xcalloc(t->nall + 1, sizeof *num);
	for (size_t i = 0; i < t->nall; i++)
		if (t->live[i])
			num[i] = pdfpure_obj_new(&u);
	for (size_t i = 0; i <= t->nall; i++) {
		int x = i == 0 ? -1 : (int)i - 1;
		if (x >= 0 && !t->live[x])
			continue;
		struct buf *b = pdfpure_obj_begin(&u, x < 0 ? docnum : num[x]);
		buf_adds(b, x < 0 ? "<</Type/StructElem/S/" : "<</S/");
		buf_adds(b, type_name(t, x));
		buf_adds(b, "/P ");
		int p = x < 0 ? -1 : t->parent[x];
		put_ref(b, x < 0 ? t->root : p >= 0 && num[p] ? num[p] : docnum);
		element_kids(t, b, x, num);
		element_attrs(t, b, x);
		buf_adds(b, ">>");
		pdfpure_obj_end(&u);
	}
	size_t npt = t->d->npages + t->annots.n;
	uint32_t ptree = number_tree(t, &u, num, 0, npt);
	struct buf *b = pdfpure_obj_begin(&u, t->root);
	buf_adds(b, "<</Type/StructTreeRoot/K[");
	put_ref(b, docnum);
	buf_adds(b, "]/ParentTree ");
	put_ref(b, ptree);
	buf_printf(b, "/ParentTreeNextKey %zu>>", npt);
	pdfpure_obj_end(&u);
	free(num);
	return pdfpure_update_end(&u, pdf, len) == 0 ? 0 : PDFFIX_EZLIB;
}
