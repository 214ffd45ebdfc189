/*
 * pack.c - the pack's pipeline: compose the pack's own content as blocks
 * and lay out the papers (assemble_papers), settle the front sheet's
 * contents (assemble_front), put the pages in order (assemble_pages),
 * number and stamp them (assemble_stamps), describe the document
 * (assemble_describe), then write it (src/output).
 */
#include "pack-int.h"

/* Whether some paper of m is late for supplement n. */
static bool has_late(const struct meeting *m, int n)
{
	for (size_t i = 0; i < m->nitems; i++)
		for (size_t k = 0; k < m->items[i].npapers; k++)
			if (m->items[i].papers[k].late == n)
				return true;
	return false;
}

/* The printed pages of the main pack and of the supplements before
 * o->supplement, in the same edition: where a supplement whose style
 * says 'supplement_pages: continue' starts numbering.  -1 after an
 * error (reported). */
static int pages_before(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o)
{
	int total = 0;
	for (int n = 0; n < o->supplement; n++) {
		if (n > 0 && !has_late(m, n))
			continue;
		struct pack_options po = *o;
		po.supplement = n;
		po.manifest = po.dump = NULL;
		po.npages = NULL;
		struct pack_doc *d = pack_assemble(a, m, l, &po);
		if (d == NULL)
			return -1;
		for (size_t i = 0; i < d->npages; i++)
			total += !d->pages[i]->blank;
		pack_free(d);
	}
	return total;
}

struct pack_doc *pack_assemble(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o)
{
	int first = 1;
	if (o->supplement > 0 && l->supplement_continue && m->letter == NULL &&
	    m->standalone == NULL) {
		int before = pages_before(a, m, l, o);
		if (before < 0)
			return NULL;
		first = before + 1;
	}
	struct fontset *fs = fontset_open(l, o->font_dir, o->source_dir);
	if (fs == NULL) {
		diag_status(AP_EXIT_DATAERR);
		return NULL;
	}
	pack_exempt_reasons(a, m, l);
	struct pack_doc *d = xcalloc(1, sizeof *d);
	d->a = a;
	d->m = m;
	d->l = l;
	d->o = o;
	d->fs = fs;
	d->first_number = first;
	d->prefix = pack_prefix(a, l, o);
	d->lc = layout_new(a, l, fs);
	vec_init(&d->papers, sizeof(struct pflow));
	vec_init(&d->outline, sizeof(struct outline_entry));
	vec_init(&d->dests, sizeof(struct dest));
	vec_init(&d->places, sizeof(struct merge_place));

	enum ap_exit status = assemble_papers(d);
	if (status == AP_EXIT_OK)
		status = assemble_front(d);
	if (status != AP_EXIT_OK) {
		diag_status(status);
		pack_free(d);
		return NULL;
	}
	assemble_pages(d);
	if (m->letter != NULL)
		letter_stamps(d);
	else
		assemble_stamps(d);
	assemble_describe(d);
	return d;
}

const struct output_doc *pack_output(const struct pack_doc *d)
{
	return &d->out;
}

void pack_free(struct pack_doc *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->npages; i++) {
		free(d->pages[i]->ops);
		d->pages[i]->ops = NULL;
	}
	free(d->pages);
	if (d->front)
		layout_flow_free(d->front);
	if (d->standing)
		layout_flow_free(d->standing);
	struct pflow *papers = d->papers.v;
	for (size_t k = 0; k < d->papers.n; k++) {
		layout_flow_free(papers[k].f);
		merge_close(papers[k].ap);
	}
	vec_free(&d->papers);
	vec_free(&d->outline);
	vec_free(&d->dests);
	vec_free(&d->places);
	layout_free(d->lc);
	fontset_free(d->fs);
	free(d);
}

enum ap_exit pack_build(struct arena *a, struct meeting *m, struct style *l,
    const struct pack_options *o, const char *out)
{
	struct pack_doc *d = pack_assemble(a, m, l, o);
	if (d == NULL)
		return diag_exit_status();
	struct output_files f = { .pdf = out, .manifest = o->manifest, .dump = o->dump };
	if (o->dump != NULL && out != NULL && strcmp(out, "-") == 0)
		f.pdf = NULL;                  /* "--dump FILE -o -": the dump alone */
	/* One rendering and no dump after it: each page's ops may go once
	 * drawn. */
	d->out.rd.consume_ops = f.dump == NULL;
	output_write(pack_output(d), &f);
	if (o->npages != NULL)
		*o->npages = (int)d->npages;
	pack_free(d);
	return diag_exit_status();
}
