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
	HPDF_Annotation annot;             /* KID_OBJR */
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
	/* annotations in the parent tree */
	struct vec annots;                 /* int node */
	struct vec annot_objs;             /* HPDF_Annotation */
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
    HPDF_Annotation an)
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
	vec_init(&t->annot_objs, sizeof(HPDF_Annotation));
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
		kid_add(t, -1, KID_NODE, x, 0, NULL);
	}
	t->page_mcids = xcalloc(d->npages + 1, sizeof *t->page_mcids);
	for (size_t i = 0; i < d->npages; i++)
		vec_init(&t->page_mcids[i], sizeof(int));
	t->pages = xcalloc(d->npages + 1, sizeof *t->pages);
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
			kid_add(t, -1, KID_NODE, y, 0, NULL);
			continue;
		}
		int end = t->child_start[p + 1];
		while (t->child_start[p] + t->cursor[p] < end) {
			int s = t->child_list[t->child_start[p] + t->cursor[p]];
			t->cursor[p]++;
			if (!t->attached[s]) {
				t->attached[s] = true;
				kid_add(t, p, KID_NODE, s, 0, NULL);
			}
			if (s == y)
				break;
		}
		if (!t->attached[y]) {
			t->attached[y] = true;
			kid_add(t, p, KID_NODE, y, 0, NULL);
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
			HPDF_Annotation *ao = t->annot_objs.v;
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
			kid_add(t, up, KID_NODE, x, 0, NULL);
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
			kid_add(t, node, KID_NODE, x, 0, NULL);
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
		kid_add(t, node, KID_MCR, (int)t->pi, mcid, NULL);
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
	*(HPDF_Annotation *)vec_push(&t->annot_objs) = an;
	int r = pdffix_put_int(an, "StructParent", key);
	if (r && !t->err)
		t->err = r;
	kid_add(t, node, KID_OBJR, 0, 0, an);
}

/* Keeps the first error: *ret becomes r unless it already holds one. */
static void ck(int *ret, int r)
{
	if (r && !*ret)
		*ret = r;
}

/* A parent-tree entry: a key and its value. */
struct ptentry {
	int key;
	pdffix_obj value;                  /* an element (indirect) or a page's
	                                      array (direct) */
};

/* The [first last] /Limits array of a number-tree node, or NULL. */
static pdffix_obj limits(HPDF_Doc doc, int first, int last)
{
	pdffix_obj lim = pdffix_array(doc);
	int r = pdffix_push_int(lim, first);
	r = r ? r : pdffix_push_int(lim, last);
	return r ? NULL : lim;
}

/* A number-tree leaf or node for the parent-tree entries e[0..n);
 * failures go to *ret (and give NULL). */
static pdffix_obj number_tree(struct tags *t, struct ptentry *e, size_t n, int *ret)
{
	const size_t LEAF = 256;
	HPDF_Doc doc = t->doc;
	if (n <= LEAF) {
		pdffix_obj leaf = pdffix_dict(doc, true);
		pdffix_obj nums = pdffix_array(doc);
		for (size_t i = 0; i < n; i++) {
			ck(ret, pdffix_push_int(nums, e[i].key));
			ck(ret, pdffix_push(nums, e[i].value));
		}
		ck(ret, pdffix_put(leaf, "Nums", nums));
		ck(ret, pdffix_put(leaf, "Limits", limits(doc, n ? e[0].key : 0,
		    n ? e[n - 1].key : 0)));
		return *ret ? NULL : leaf;
	}
	/* Split into up to LEAF children, each a subtree. */
	size_t per = (n + LEAF - 1) / LEAF;
	if (per < LEAF)
		per = LEAF;
	pdffix_obj node = pdffix_dict(doc, true);
	pdffix_obj kids = pdffix_array(doc);
	for (size_t i = 0; i < n; i += per) {
		size_t m = n - i < per ? n - i : per;
		ck(ret, pdffix_push(kids, number_tree(t, e + i, m, ret)));
	}
	ck(ret, pdffix_put(node, "Kids", kids));
	ck(ret, pdffix_put(node, "Limits", limits(doc, e[0].key, e[n - 1].key)));
	return *ret ? NULL : node;
}

/* The language an element inherits from its ancestors. */
static const char *inherited_lang(const struct tags *t, int x)
{
	for (int p = t->parent[x]; p >= 0; p = t->parent[p])
		if ((size_t)p < t->nnodes && t->d->nodes[p].lang)
			return t->d->nodes[p].lang;
	return t->d->lang;
}

/* A dictionary << /Type /name /Pg page /MCID mcid >> or << /Type /OBJR
 * /Obj annot >>, direct; NULL on failure. */
static pdffix_obj kid_ref(struct tags *t, const struct kid *kd)
{
	pdffix_obj d = pdffix_dict(t->doc, false);
	int r;
	if (kd->kind == KID_MCR) {
		r = pdffix_put_name(d, "Type", "MCR");
		r = r ? r : pdffix_put(d, "Pg", t->pages[kd->a]);
		r = r ? r : pdffix_put_int(d, "MCID", kd->b);
	} else {
		r = pdffix_put_name(d, "Type", "OBJR");
		r = r ? r : pdffix_put(d, "Obj", kd->annot);
	}
	return r ? NULL : d;
}

/* Writes /P, /Pg and /K of element e (node i, or the Document when i is
 * -1); returns 0 or a libharu error. */
static int element_kids(struct tags *t, int i, pdffix_obj e, pdffix_obj *el,
    pdffix_obj docel)
{
	bool isdoc = i < 0;
	int head = isdoc ? t->doc_head : t->head[i];
	const struct kid *kids = t->kids.v;
	int ret = 0;
	if (!isdoc) {
		int p = t->parent[i];
		ck(&ret, pdffix_put(e, "P", p >= 0 && el[p] ? el[p] : docel));
	}
	/* The page of the first marked content is the element's /Pg. */
	int pg = -1;
	for (int k = head; k >= 0; k = kids[k].next)
		if (kids[k].kind == KID_MCR) {
			pg = kids[k].a;
			break;
		}
	if (pg >= 0)
		ck(&ret, pdffix_put(e, "Pg", t->pages[pg]));
	/* One marked-content kid on the element's page (a table cell, a
	 * one-line paragraph): /K is that MCID, no array. */
	if (head >= 0 && kids[head].next < 0 && kids[head].kind == KID_MCR &&
	    kids[head].a == pg) {
		ck(&ret, pdffix_put_int(e, "K", kids[head].b));
		return ret;
	}
	pdffix_obj arr = pdffix_array(t->doc);
	for (int k = head; k >= 0; k = kids[k].next) {
		const struct kid *kd = &kids[k];
		if (kd->kind == KID_NODE) {
			if (el[kd->a])
				ck(&ret, pdffix_push(arr, el[kd->a]));
		} else if (kd->kind == KID_MCR && kd->a == pg) {
			ck(&ret, pdffix_push_int(arr, kd->b));
		} else {
			ck(&ret, pdffix_push(arr, kid_ref(t, kd)));
		}
	}
	ck(&ret, pdffix_put(e, "K", arr));
	return ret;
}

/* An attribute dictionary << /O owner /key value >>, direct, or NULL. */
static pdffix_obj attr_dict(HPDF_Doc doc, const char *owner, const char *key,
    const char *value)
{
	pdffix_obj a = pdffix_dict(doc, false);
	int r = pdffix_put_name(a, "O", owner);
	r = r ? r : pdffix_put_name(a, key, value);
	return r ? NULL : a;
}

/* Table attributes of a cell (layout.h): a header cell's /Scope, and the
 * columns and rows it covers; none when it has none of these.  Returns 0
 * or a libharu error. */
static int cell_attrs(HPDF_Doc doc, const struct snode *sn, pdffix_obj e)
{
	static const char *const scopes[] = { NULL, "Column", "Row", "Both" };
	const char *scope = sn->scope <= SCOPE_BOTH ? scopes[sn->scope] : NULL;
	if (scope == NULL && sn->colspan <= 1 && sn->rowspan <= 1)
		return 0;
	pdffix_obj a = pdffix_dict(doc, false);
	int r = pdffix_put_name(a, "O", "Table");
	if (scope != NULL && r == 0)
		r = pdffix_put_name(a, "Scope", scope);
	if (sn->colspan > 1 && r == 0)
		r = pdffix_put_int(a, "ColSpan", sn->colspan);
	if (sn->rowspan > 1 && r == 0)
		r = pdffix_put_int(a, "RowSpan", sn->rowspan);
	return r ? r : pdffix_put(e, "A", a);
}

/* Writes the attributes of element e for node i, -1 for the Document
 * (/Alt, /A, /Lang); returns 0 or a libharu error. */
static int element_attrs(struct tags *t, int i, pdffix_obj e)
{
	HPDF_Doc doc = t->doc;
	int ret = 0;
	if (i < 0) {
		if (t->d->lang)
			ck(&ret, pdffix_put(e, "Lang", pdffix_text_string(doc, t->d->lang)));
		return ret;
	}
	if ((size_t)i >= t->nnodes)
		return 0;                      /* a group: nothing of its own */
	const struct snode *sn = &t->d->nodes[i];
	if (sn->type == ST_FIGURE) {
		ck(&ret, pdffix_put(e, "Alt", pdffix_text_string(doc, sn->alt ? sn->alt : "")));
		ck(&ret, pdffix_put(e, "A", attr_dict(doc, "Layout", "Placement", "Block")));
	}
	if (sn->type == ST_TH || sn->type == ST_TD)
		ck(&ret, cell_attrs(doc, sn, e));
	if (sn->lang) {
		const char *up = inherited_lang(t, i);
		if (up == NULL || strcmp(up, sn->lang) != 0)
			ck(&ret, pdffix_put(e, "Lang", pdffix_text_string(doc, sn->lang)));
	}
	return ret;
}

/* The parent tree: each page's MCIDs, then each annotation; /StructParents
 * and /Tabs on each page.  Returns 0 or a libharu error. */
static int parent_tree(struct tags *t, pdffix_obj root, pdffix_obj *el)
{
	size_t npt = t->d->npages + t->annots.n;
	struct ptentry *pt = xcalloc(npt + 1, sizeof *pt);
	size_t k = 0;
	int ret = 0;
	for (size_t p = 0; p < t->d->npages; p++) {
		/* A direct array: one object fewer per page. */
		pdffix_obj arr = pdffix_array(t->doc);
		int *m = t->page_mcids[p].v;
		for (size_t j = 0; j < t->page_mcids[p].n; j++)
			ck(&ret, pdffix_push(arr, el[m[j]]));
		pt[k].key = (int)p;
		pt[k].value = arr;
		k++;
		ck(&ret, pdffix_put_int(t->pages[p], "StructParents", (int)p));
		ck(&ret, pdffix_put_name(t->pages[p], "Tabs", "S"));
	}
	for (size_t j = 0; j < t->annots.n; j++) {
		pt[k].key = (int)(t->d->npages + j);
		pt[k].value = el[((int *)t->annots.v)[j]];
		k++;
	}
	if (ret == 0) {
		pdffix_obj ptree = number_tree(t, pt, k, &ret);
		ck(&ret, pdffix_put(root, "ParentTree", ptree));
		ck(&ret, pdffix_put_int(root, "ParentTreeNextKey", (int)npt));
	}
	free(pt);
	return ret;
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
	/* Room for the whole tree in the cross-reference list at once. */
	pdffix_xref_reserve(doc, t->nall + 1024);
	/* One element dictionary per live node, first into the xref. */
	pdffix_obj *el = xcalloc(t->nall + 1, sizeof *el);
	for (size_t i = 0; i < t->nall && ret == 0; i++) {
		if (!t->live[i])
			continue;
		el[i] = pdffix_dict(doc, true);
		/* /Type /StructElem is optional: left out, as the tree is
		 * most of a tagged file's objects. */
		ck(&ret, pdffix_put_name(el[i], "S", type_names[node_type(t, (int)i)]));
	}
	pdffix_obj root = pdffix_dict(doc, true);
	ck(&ret, pdffix_put_name(root, "Type", "StructTreeRoot"));
	pdffix_obj docel = pdffix_dict(doc, true);
	ck(&ret, pdffix_put_name(docel, "Type", "StructElem"));
	ck(&ret, pdffix_put_name(docel, "S", "Document"));
	ck(&ret, pdffix_put(docel, "P", root));
	pdffix_obj rk = pdffix_array(doc);
	ck(&ret, pdffix_push(rk, docel));
	ck(&ret, pdffix_put(root, "K", rk));
	for (size_t i = 0; i <= t->nall && ret == 0; i++) {
		int x = i == t->nall ? -1 : (int)i;
		if (x >= 0 && !t->live[x])
			continue;
		pdffix_obj e = x < 0 ? docel : el[x];
		ck(&ret, element_kids(t, x, e, el, docel));
		ck(&ret, element_attrs(t, x, e));
	}
	if (ret == 0)
		ret = parent_tree(t, root, el);
	ck(&ret, pdffix_catalog_put(doc, "StructTreeRoot", root));
	pdffix_obj mi = pdffix_dict(doc, false);
	ck(&ret, pdffix_put_bool(mi, "Marked", true));
	ck(&ret, pdffix_catalog_put(doc, "MarkInfo", mi));
	free(el);
	return ret;
}
