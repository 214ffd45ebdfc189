/*
 * subset.c - renders a run of an assembled pack's pages as a PDF of its
 * own (see subset.h): the pages, outline entries, destinations, structure
 * roots and appendix placements of the run, re-indexed from 0.
 */
#include <stdlib.h>
#include <string.h>

#include "subset.h"

/* The roots of the flows whose elements appear on pages [from, to), in
 * page order; returns how many were written to roots (heap, caller frees). */
static size_t subset_roots(const struct render_doc *rd, size_t from, size_t to,
    int **roots)
{
	size_t n = rd->nnodes;
	bool *seen = xcalloc(n + 1, sizeof *seen);
	int *r = xmalloc((n + 1) * sizeof *r);
	size_t nr = 0;
	for (size_t i = from; i < to; i++) {
		const struct page *p = rd->pages[i];
		for (size_t k = 0; k < p->nops; k++) {
			int x = p->ops[k].node;
			if (x < 0 || (size_t)x >= n)
				continue;
			while (rd->nodes[x].parent >= 0)
				x = rd->nodes[x].parent;
			if (!seen[x]) {
				seen[x] = true;
				r[nr++] = x;
			}
		}
	}
	free(seen);
	*roots = r;
	return nr;
}

/* The ops of page p that stamp its item's number at the top ("Agenda item
 * 6"): artifact text in the top half ending in " ITEM".  Marks up to max
 * of them in idx; returns how many. */
static size_t item_stamp_ops(const struct page *p, size_t *idx, size_t max)
{
	size_t n = 0;
	size_t il = p->item ? strlen(p->item) : 0;
	for (size_t k = 0; il && k < p->nops && n < max; k++) {
		const struct op *o = &p->ops[k];
		if (o->kind != OP_TEXT || o->role != SR_ARTIFACT || o->y > p->h / 2 ||
		    (size_t)o->len <= il + 1)
			continue;
		const char *end = o->text + o->len - il;
		if (memcmp(end, p->item, il) == 0 && end[-1] == ' ')
			idx[n++] = k;
	}
	return n;
}

enum ap_exit output_pdf_pages(const struct output_doc *od, const struct output_subset *s,
    unsigned char **pdf, size_t *len)
{
	const struct render_doc *rd = &od->rd;
	*pdf = NULL;
	*len = 0;
	if (s->from >= s->to || s->to > rd->npages) {
		diag_status(AP_EXIT_SOFTWARE);
		return AP_EXIT_SOFTWARE;
	}
	struct output_doc sub = *od;
	struct render_doc d = *rd;
	d.pages = rd->pages + s->from;
	d.npages = s->to - s->from;
	d.title = s->title;
	d.subject = s->subject ? s->subject : rd->subject;
	d.lang = s->lang ? s->lang : rd->lang;

	/* The outline entries on these pages, with a first entry of level 1. */
	struct outline_entry *ol = xmalloc((rd->noutline + 1) * sizeof *ol);
	size_t nol = 0;
	for (size_t i = 0; i < rd->noutline; i++) {
		const struct outline_entry *e = &rd->outline[i];
		if ((size_t)e->page < s->from || (size_t)e->page >= s->to)
			continue;
		if (nol == 0 && (e->level > 1 || (size_t)e->page != s->from))
			ol[nol++] = (struct outline_entry){ .level = 1, .title = s->title };
		ol[nol] = *e;
		ol[nol++].page = e->page - (int)s->from;
	}
	if (nol == 0)
		ol[nol++] = (struct outline_entry){ .level = 1, .title = s->title };
	d.outline = ol;
	d.noutline = nol;

	struct dest *ds = xmalloc((rd->ndests + 1) * sizeof *ds);
	size_t nds = 0;
	for (size_t i = 0; i < rd->ndests; i++)
		if ((size_t)rd->dests[i].page >= s->from && (size_t)rd->dests[i].page < s->to) {
			ds[nds] = rd->dests[i];
			ds[nds++].page -= (int)s->from;
		}
	d.dests = ds;
	d.ndests = nds;

	int *roots = NULL;
	d.nroots = subset_roots(rd, s->from, s->to, &roots);
	d.roots = roots;

	/* A PDF of one item's papers begins with their "Agenda item N" stamp
	 * as a paragraph of its own (in the pack it is a running artifact):
	 * on its own the document says which item it is. */
	struct page *p0 = rd->pages[s->from];
	size_t stamp[4], nstamp = p0->item_first ? item_stamp_ops(p0, stamp, 4) : 0;
	struct snode *nodes = NULL;
	if (nstamp > 0 && rd->tagged) {
		nodes = xmalloc((rd->nnodes + 1) * sizeof *nodes);
		memcpy(nodes, rd->nodes, rd->nnodes * sizeof *nodes);
		nodes[rd->nnodes] = (struct snode){ .type = ST_P, .parent = -1 };
		d.nodes = nodes;
		d.nnodes = rd->nnodes + 1;
		roots = xrealloc(roots, (d.nroots + 1) * sizeof *roots);
		memmove(roots + 1, roots, d.nroots * sizeof *roots);
		roots[0] = (int)rd->nnodes;
		d.roots = roots;
		d.nroots++;
		for (size_t k = 0; k < nstamp; k++) {
			p0->ops[stamp[k]].role = SR_P;
			p0->ops[stamp[k]].node = (int)rd->nnodes;
		}
	} else
		nstamp = 0;

	struct merge_place *pl = xmalloc((od->nplaces + 1) * sizeof *pl);
	size_t npl = 0;
	for (size_t i = 0; i < od->nplaces; i++)
		if (od->places[i].page >= s->from && od->places[i].page < s->to) {
			pl[npl] = od->places[i];
			pl[npl++].page -= s->from;
		}
	sub.rd = d;
	sub.places = pl;
	sub.nplaces = npl;

	enum ap_exit status = output_pdf(&sub, pdf, len);
	for (size_t k = 0; k < nstamp; k++) {
		p0->ops[stamp[k]].role = SR_ARTIFACT;
		p0->ops[stamp[k]].node = -1;
	}
	free(nodes);
	free(ol);
	free(ds);
	free(roots);
	free(pl);
	return status;
}
