/*
 * pdfs.c - the PDFs cut from an assembled pack (pack_assemble()): the
 * agenda front sheet alone, one PDF per item's papers and one per PDF
 * appendix, each the pack's own pages (numbers, stamps and tags) with its
 * own title, outline and language (src/output/subset.h).
 */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "../output/subset.h"

/* A PDF to cut, and what the site says about it. */
struct cutting {
	const char *name, *kind, *title;
	size_t item;                       /* index of its item, or (size_t)-1 */
};

/* What the cutting works on: the PDFs planned, rendered together. */
struct pdfs_ctx {
	struct site *s;
	const char *edition;               /* "public" | "full" */
	const char *dir;                   /* folder prefix in the site, "" or "x/" */
	struct vec jobs;                   /* struct pdf_job */
	struct vec cuts;                   /* struct cutting, one per job */
};

/* The index of the item numbered num, or (size_t)-1. */
static size_t item_index(const struct meeting *m, const char *num)
{
	for (size_t i = 0; num && i < m->nitems; i++)
		if (strcmp(m->items[i].number, num) == 0)
			return i;
	return (size_t)-1;
}

/* The slug of a paper's file name without its folder and extension. */
static const char *paper_slug(struct site *s, const struct paper *p)
{
	if (p->kind == PAPER_MEMBERSHIP)
		return "membership";
	const char *base = p->path ? strrchr(p->path, '/') : NULL;
	base = base ? base + 1 : p->path ? p->path : "papers";
	const char *dot = strrchr(base, '.');
	char *slug = site_slug(s->a, arena_strndup(s->a, base, dot ? (size_t)(dot - base) :
	    strlen(base)), 60);
	return *slug ? slug : "papers";
}

/* Plans pages [from, to) as the site's file name (pdfs_finish() renders
 * and adds it). */
static void cut(struct pdfs_ctx *c, size_t from, size_t to, const char *name,
    const char *kind, const char *title, const char *lang, size_t item)
{
	struct pdf_job *j = vec_push(&c->jobs);
	j->sub = (struct output_subset){ .from = from, .to = to, .title = title, .lang = lang };
	struct cutting *k = vec_push(&c->cuts);
	*k = (struct cutting){ .name = arena_printf(c->s->a, "%s%s", c->dir, name),
	    .kind = kind, .title = title, .item = item };
}

/* Renders the planned PDFs and adds them to the site in plan order, with
 * their items' pages and files.  Returns 0 or an exit status. */
static int pdfs_finish(struct pdfs_ctx *c, const struct output_doc *pa)
{
	struct site *s = c->s;
	struct pdf_job *jobs = c->jobs.v;
	struct cutting *cuts = c->cuts.v;
	bool full = strcmp(c->edition, "full") == 0;
	int status = jobs_render(pa, jobs, c->jobs.n);
	for (size_t k = 0; k < c->jobs.n; k++) {
		if (status != 0 || jobs[k].status != 0) {
			free(jobs[k].pdf);
			continue;
		}
		struct sfile *f = site_add(s, cuts[k].name, cuts[k].kind, jobs[k].pdf,
		    jobs[k].len);
		size_t from = jobs[k].sub.from, to = jobs[k].sub.to;
		f->title = cuts[k].title;
		f->edition = c->edition;
		f->first_page = pa->rd.pages[from]->number;
		f->last_page = pa->rd.pages[to - 1]->number;
		f->pages = (int)(to - from);
		size_t i = cuts[k].item;
		if (i == (size_t)-1)
			continue;
		f->item = s->m->items[i].number;
		if (!full && strcmp(cuts[k].kind, "item") == 0) {
			s->items[i].pdf = f->name;
			s->items[i].pdf_len = f->len;
			s->items[i].pdf_pages = f->pages;
		}
	}
	vec_free(&c->jobs);
	vec_free(&c->cuts);
	return status;
}

/* The PDF appendices of item i, each as a PDF of its own unless it is the
 * item's only paper. */
static void appendices(struct pdfs_ctx *c, const struct output_doc *pa, size_t i,
    size_t first, size_t last)
{
	struct site *s = c->s;
	const struct item *it = &s->m->items[i];
	for (size_t k = 0; k < it->npapers; k++) {
		const struct paper *p = &it->papers[k];
		size_t lo = (size_t)-1, hi = 0;
		for (size_t q = 0; q < pa->nplaces; q++)
			if (pa->places[q].ap->paper == p) {
				lo = pa->places[q].page < lo ? pa->places[q].page : lo;
				hi = pa->places[q].page + 1 > hi ? pa->places[q].page + 1 : hi;
			}
		if (lo == (size_t)-1 || (lo == first && hi == last))
			continue;
		const char *name = arena_printf(s->a, "%s-%s.pdf", site_item_stem(s, it),
		    paper_slug(s, p));
		const char *title = p->title ? p->title : arena_printf(s->a,
		    "Item %s: appendix", it->number);
		cut(c, lo, hi, name, "appendix", title, p->lang ? p->lang : s->m->lang, i);
	}
}

int pdfs_cut(struct site *s, const struct output_doc *pa, const char *edition,
    const char *dir)
{
	struct pdfs_ctx ctx = { .s = s, .edition = edition, .dir = dir };
	struct pdfs_ctx *c = &ctx;
	vec_init(&c->jobs, sizeof(struct pdf_job));
	vec_init(&c->cuts, sizeof(struct cutting));
	const struct meeting *m = s->m;
	const struct render_doc *rd = &pa->rd;
	bool full = strcmp(c->edition, "full") == 0;
	size_t *first = arena_alloc(s->a, (m->nitems + 1) * sizeof *first);
	size_t *last = arena_alloc(s->a, (m->nitems + 1) * sizeof *last);
	size_t nfront = rd->npages;
	for (size_t i = 0; i < m->nitems; i++)
		first[i] = (size_t)-1;
	for (size_t p = 0; p < rd->npages; p++) {
		size_t i = item_index(m, rd->pages[p]->item);
		if (i == (size_t)-1)
			continue;
		if (p < nfront)
			nfront = p;
		if (first[i] == (size_t)-1)
			first[i] = p;
		last[i] = p + 1;
	}
	if (!full)
		s->pack_pages = (int)rd->npages;
	if (!full && nfront > 0) {
		s->agenda_file = arena_printf(s->a, "%s-agenda.pdf", s->slug);
		cut(c, 0, nfront, s->agenda_file, "agenda", arena_printf(s->a,
		    "%s, %s: agenda", m->committee, html_date(s->a, s->m->lang, m->year, m->month, m->day)),
		    m->lang, (size_t)-1);
	}
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		if (first[i] == (size_t)-1 || (full && !it->exempt))
			continue;
		if (!full) {
			s->items[i].first = rd->pages[first[i]]->number;
			s->items[i].last = rd->pages[last[i] - 1]->number;
		}
		const struct paper *p0 = it->npapers ? &it->papers[0] : NULL;
		const char *name = arena_printf(s->a, "%s-%s.pdf", site_item_stem(s, it),
		    p0 ? paper_slug(s, p0) : "papers");
		const char *title = arena_printf(s->a, "Item %s: %s - %s, %s", it->number,
		    it->title, m->committee, html_date(s->a, s->m->lang, m->year, m->month, m->day));
		cut(c, first[i], last[i], name, "item", title, p0 && p0->lang ? p0->lang : m->lang, i);
		appendices(c, pa, i, first[i], last[i]);
	}
	return pdfs_finish(c, pa);
}
