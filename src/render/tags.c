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
#include <hpdf_objects.h>
#include <hpdf_list.h>
#include <hpdf_pages.h>

#include "pdffix.h"

static const char *type_names[] = {
	"Document", "Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
	"Table", "THead", "TBody", "TR", "TH", "TD", "Figure", "Link", "Caption",
	"TOC", "TOCI",
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
	size_t nnodes;
	int *head, *tail;                  /* per node: its kid list */
	bool *attached, *live;
	int *child_start, *child_list;     /* children in creation order */
	int *cursor;                       /* per node: next child to attach */
	struct vec kids;                   /* struct kid */
	int doc_head, doc_tail;            /* the Document element's kids */
	/* per page: MCID -> node */
	struct vec *page_mcids;            /* per page: vec of int */
	HPDF_Page *pages;
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
};

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
	for (size_t i = 0; i < n; i++)
		t->head[i] = t->tail[i] = -1;
	t->doc_head = t->doc_tail = -1;
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
	free(t->attached);
	free(t->live);
	free(t->cursor);
	free(t->child_start);
	free(t->child_list);
	vec_free(&t->kids);
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

static void write_raw(struct tags *t, const char *s)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)t->pg->attr;
	HPDF_Stream_WriteStr(attr->stream, s);
}

void tags_page(struct tags *t, size_t pi, HPDF_Page pg)
{
	t->pg = pg;
	t->pi = pi;
	t->pages[pi] = pg;
	t->open = false;
	t->next_mcid = 0;
}

/* The node an op is tagged with: -1 for an artifact. */
static int op_node(const struct tags *t, const struct op *o)
{
	if (o->node < 0 || (size_t)o->node >= t->nnodes || !t->live[o->node])
		return -1;
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
	if (node < 0) {
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
	HPDF_Dict_AddNumber((HPDF_Dict)an, "StructParent", key);
	kid_add(t, node, KID_OBJR, 0, 0, an);
}

/* A number-tree leaf or node for parent-tree entries [from, to). */
struct ptentry {
	int key;
	HPDF_Obj_Header *value;            /* an element (indirect) or a page's
	                                      array (direct) */
};

static HPDF_Dict number_tree(struct tags *t, struct ptentry *e, size_t n, int *ret)
{
	const size_t LEAF = 256;
	HPDF_MMgr mm = t->doc->mmgr;
	if (n <= LEAF) {
		HPDF_Dict leaf = HPDF_Dict_New(mm);
		HPDF_Xref_Add(t->doc->xref, leaf);
		HPDF_Array nums = HPDF_Array_New(mm);
		for (size_t i = 0; i < n; i++) {
			HPDF_Array_AddNumber(nums, e[i].key);
			HPDF_Array_Add(nums, e[i].value);
		}
		*ret |= (int)HPDF_Dict_Add(leaf, "Nums", nums);
		HPDF_Array lim = HPDF_Array_New(mm);
		HPDF_Array_AddNumber(lim, n ? e[0].key : 0);
		HPDF_Array_AddNumber(lim, n ? e[n - 1].key : 0);
		*ret |= (int)HPDF_Dict_Add(leaf, "Limits", lim);
		return leaf;
	}
	/* Split into up to LEAF children, each a subtree. */
	size_t per = (n + LEAF - 1) / LEAF;
	if (per < LEAF)
		per = LEAF;
	HPDF_Dict node = HPDF_Dict_New(mm);
	HPDF_Xref_Add(t->doc->xref, node);
	HPDF_Array kids = HPDF_Array_New(mm);
	for (size_t i = 0; i < n; i += per) {
		size_t m = n - i < per ? n - i : per;
		HPDF_Array_Add(kids, number_tree(t, e + i, m, ret));
	}
	*ret |= (int)HPDF_Dict_Add(node, "Kids", kids);
	HPDF_Array lim = HPDF_Array_New(mm);
	HPDF_Array_AddNumber(lim, e[0].key);
	HPDF_Array_AddNumber(lim, e[n - 1].key);
	*ret |= (int)HPDF_Dict_Add(node, "Limits", lim);
	return node;
}

/* The language an element inherits from its ancestors. */
static const char *inherited_lang(const struct tags *t, int x)
{
	for (int p = t->d->nodes[x].parent; p >= 0; p = t->d->nodes[p].parent)
		if (t->d->nodes[p].lang)
			return t->d->nodes[p].lang;
	return t->d->lang;
}

int tags_finish(struct tags *t)
{
	HPDF_Doc doc = t->doc;
	HPDF_MMgr mm = doc->mmgr;
	int ret = 0;
	for (size_t i = 0; i < t->nnodes; i++)
		if (t->live[i])
			attach(t, (int)i);
	/* libharu grows its cross-reference list a block at a time, copying
	 * it byte by byte each time: make room for the whole tree at once. */
	HPDF_List xl = doc->xref->entries;
	if (xl->items_per_block < t->nnodes + 1024)
		xl->items_per_block = (HPDF_UINT)(t->nnodes + 1024);
	/* One element dictionary per live node, first into the xref. */
	HPDF_Dict *el = xcalloc(t->nnodes + 1, sizeof *el);
	for (size_t i = 0; i < t->nnodes; i++) {
		if (!t->live[i])
			continue;
		el[i] = HPDF_Dict_New(mm);
		ret |= (int)HPDF_Xref_Add(doc->xref, el[i]);
		/* /Type /StructElem is optional: left out, as the tree is
		 * most of a tagged file's objects. */
		HPDF_Dict_AddName(el[i], "S", type_names[t->d->nodes[i].type]);
	}
	HPDF_Dict root = HPDF_Dict_New(mm);
	ret |= (int)HPDF_Xref_Add(doc->xref, root);
	HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	HPDF_Dict docel = HPDF_Dict_New(mm);
	ret |= (int)HPDF_Xref_Add(doc->xref, docel);
	HPDF_Dict_AddName(docel, "Type", "StructElem");
	HPDF_Dict_AddName(docel, "S", "Document");
	HPDF_Dict_Add(docel, "P", root);
	HPDF_Array rk = HPDF_Array_New(mm);
	HPDF_Array_Add(rk, docel);
	HPDF_Dict_Add(root, "K", rk);

	struct kid *kids = t->kids.v;
	for (size_t i = 0; i <= t->nnodes; i++) {
		bool isdoc = i == t->nnodes;
		if (!isdoc && !t->live[i])
			continue;
		HPDF_Dict e = isdoc ? docel : el[i];
		int head = isdoc ? t->doc_head : t->head[i];
		if (!isdoc) {
			int p = t->d->nodes[i].parent;
			HPDF_Dict_Add(e, "P", p >= 0 && el[p] ? el[p] : docel);
		}
		/* The page of the first marked content is the element's /Pg. */
		int pg = -1;
		for (int k = head; k >= 0; k = kids[k].next)
			if (kids[k].kind == KID_MCR) {
				pg = kids[k].a;
				break;
			}
		if (pg >= 0)
			HPDF_Dict_Add(e, "Pg", t->pages[pg]);
		/* One marked-content kid on the element's page (a table cell,
		 * a one-line paragraph): /K is that MCID, no array. */
		if (head >= 0 && kids[head].next < 0 && kids[head].kind == KID_MCR &&
		    kids[head].a == pg) {
			HPDF_Dict_AddNumber(e, "K", kids[head].b);
			goto attributes;
		}
		HPDF_Array arr = HPDF_Array_New(mm);
		for (int k = head; k >= 0; k = kids[k].next) {
			const struct kid *kd = &kids[k];
			if (kd->kind == KID_NODE) {
				if (el[kd->a])
					HPDF_Array_Add(arr, el[kd->a]);
			} else if (kd->kind == KID_MCR) {
				if (kd->a == pg) {
					HPDF_Array_AddNumber(arr, kd->b);
				} else {
					HPDF_Dict mcr = HPDF_Dict_New(mm);
					HPDF_Dict_AddName(mcr, "Type", "MCR");
					HPDF_Dict_Add(mcr, "Pg", t->pages[kd->a]);
					HPDF_Dict_AddNumber(mcr, "MCID", kd->b);
					HPDF_Array_Add(arr, mcr);
				}
			} else {
				HPDF_Dict objr = HPDF_Dict_New(mm);
				HPDF_Dict_AddName(objr, "Type", "OBJR");
				HPDF_Dict_Add(objr, "Obj", kd->annot);
				HPDF_Array_Add(arr, objr);
			}
		}
		HPDF_Dict_Add(e, "K", arr);
attributes:
		if (isdoc) {
			if (t->d->lang)
				HPDF_Dict_Add(e, "Lang", pdffix_text_string(doc, t->d->lang));
			continue;
		}
		const struct snode *sn = &t->d->nodes[i];
		if (sn->type == ST_FIGURE) {
			HPDF_Dict_Add(e, "Alt", pdffix_text_string(doc, sn->alt ? sn->alt : ""));
			HPDF_Dict a = HPDF_Dict_New(mm);
			HPDF_Dict_AddName(a, "O", "Layout");
			HPDF_Dict_AddName(a, "Placement", "Block");
			HPDF_Dict_Add(e, "A", a);
		}
		if (sn->type == ST_TH || sn->type == ST_TD) {
			/* Table attributes (layout.h): a header cell's scope, and
			 * the columns and rows a cell covers. */
			static const char *scopes[] = { NULL, "Column", "Row", "Both" };
			const char *scope = sn->scope <= SCOPE_BOTH ? scopes[sn->scope] : NULL;
			if (scope || sn->colspan > 1 || sn->rowspan > 1) {
				HPDF_Dict a = HPDF_Dict_New(mm);
				HPDF_Dict_AddName(a, "O", "Table");
				if (scope)
					HPDF_Dict_AddName(a, "Scope", scope);
				if (sn->colspan > 1)
					HPDF_Dict_AddNumber(a, "ColSpan", sn->colspan);
				if (sn->rowspan > 1)
					HPDF_Dict_AddNumber(a, "RowSpan", sn->rowspan);
				HPDF_Dict_Add(e, "A", a);
			}
		}
		if (sn->lang) {
			const char *up = inherited_lang(t, (int)i);
			if (up == NULL || strcmp(up, sn->lang) != 0)
				HPDF_Dict_Add(e, "Lang", pdffix_text_string(doc, sn->lang));
		}
	}

	/* The parent tree: each page's MCIDs, then each annotation. */
	size_t npt = t->d->npages + t->annots.n;
	struct ptentry *pt = xcalloc(npt + 1, sizeof *pt);
	size_t k = 0;
	for (size_t p = 0; p < t->d->npages; p++) {
		/* A direct array: one object fewer per page. */
		HPDF_Array arr = HPDF_Array_New(mm);
		int *m = t->page_mcids[p].v;
		for (size_t j = 0; j < t->page_mcids[p].n; j++)
			HPDF_Array_Add(arr, el[m[j]]);
		pt[k].key = (int)p;
		pt[k].value = (HPDF_Obj_Header *)arr;
		k++;
		HPDF_Dict_AddNumber(t->pages[p], "StructParents", (int)p);
		HPDF_Dict_AddName(t->pages[p], "Tabs", "S");
	}
	for (size_t j = 0; j < t->annots.n; j++) {
		pt[k].key = (int)(t->d->npages + j);
		pt[k].value = (HPDF_Obj_Header *)el[((int *)t->annots.v)[j]];
		k++;
	}
	HPDF_Dict ptree = number_tree(t, pt, k, &ret);
	HPDF_Dict_Add(root, "ParentTree", ptree);
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (int)npt);
	free(pt);
	ret |= (int)HPDF_Dict_Add(doc->catalog, "StructTreeRoot", root);
	HPDF_Dict mi = HPDF_Dict_New(mm);
	HPDF_Dict_Add(mi, "Marked", HPDF_Boolean_New(mm, HPDF_TRUE));
	ret |= (int)HPDF_Dict_Add(doc->catalog, "MarkInfo", mi);
	free(el);
	return ret;
}
