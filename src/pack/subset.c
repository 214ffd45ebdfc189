/*
 * subset.c - renders a run of an assembled pack's pages as a PDF of its
 * own (see subset.h).
 */
#include <stdlib.h>
#include <string.h>

#include "subset.h"
#include "../render/render.h"
#include "../merge/merge.h"

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

int pack_render_pages(const struct pack_assembled *pa, const struct pack_subset *s,
    unsigned char **out, size_t *len)
{
	const struct render_doc *rd = pa->rd;
	*out = NULL;
	*len = 0;
	if (s->from >= s->to || s->to > rd->npages)
		return AP_EXIT_SOFTWARE;
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

	struct merge_place *pl = xmalloc((pa->nplaces + 1) * sizeof *pl);
	size_t npl = 0;
	for (size_t i = 0; i < pa->nplaces; i++)
		if (pa->places[i].page >= s->from && pa->places[i].page < s->to) {
			pl[npl] = pa->places[i];
			pl[npl++].page -= s->from;
		}

	int status = render_pdf(&d, pa->fs, out, len);
	if (status == 0 && npl > 0) {
		unsigned char *merged = NULL;
		size_t mlen = 0;
		status = merge_pages(*out, *len, pl, npl, pa->pdfa, &merged, &mlen);
		free(*out);
		*out = status == 0 ? merged : NULL;
		*len = status == 0 ? mlen : 0;
		if (status != 0)
			free(merged);
	}
	free(ol);
	free(ds);
	free(roots);
	free(pl);
	return status;
}
