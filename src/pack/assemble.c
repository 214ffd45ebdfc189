/*
 * assemble.c - the pack's pages in order: the papers laid out once each,
 * the front sheet laid out again until the page ranges its contents
 * prints are the ranges it produces (the fixed point), duplex blanks,
 * page numbers and stamps, the outline, link targets and appendix
 * placements, and the document's metadata for the output step.
 *
 * The papers' pages do not depend on where they fall in the pack; only
 * the front sheet does, so only it is laid out again.
 */
#include "pack-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/date.h"

#define MAX_PASSES 8

/* A PDF paper as a flow of placeholder pages, one per selected page of
 * the file, each a Figure named by the paper's title up to its colon
 * ("Appendix A, page 3").  Returns NULL after reporting. */
static struct flow *appendix_flow(struct pack_doc *d, const struct paper *p,
    struct merge_appendix *ap)
{
	struct arena *a = d->a;
	struct merge_opts mo = { .pdfa = d->o->pdfa, .max_pages = d->o->max_pages };
	if (merge_probe(a, p, &mo, ap) != 0)
		return NULL;
	const char *label = p->title ? p->title : ap->name;
	const char *colon = strchr(label, ':');
	if (colon)
		label = arena_strndup(a, label, (size_t)(colon - label));
	size_t n = (size_t)(ap->last - ap->first + 1);
	const char **alt = arena_alloc(a, n * sizeof *alt);
	for (size_t i = 0; i < n; i++)
		alt[i] = p->alt == NULL ? arena_printf(a, "%s, page %zu", label, i + 1) :
		    n == 1 ? p->alt : arena_printf(a, "%s (page %zu of %zu)", p->alt,
		    i + 1, n);
	/* The officer's 'alt' description answers the warning: they know the
	 * file is not accessible and have described it.  A tagged file's own
	 * structure replaces the figures (merge_pages; it warns if it
	 * cannot), so it needs no 'alt'. */
	if (d->o->tagged && p->alt == NULL && !ap->tagged)
		diag(DIAG_WARNING, p->pos, "%s: the file is not tagged, so it is not itself "
		    "accessible; its pages go into the structure tree as figures with alt "
		    "text only", ap->name);
	return layout_placeholder_flow(d->lc, n, ap->w, ap->h, alt,
	    p->title ? p->title : ap->name);
}

/* Composes and lays out paper p of item i (index) into a new pflow; a PDF
 * paper is probed instead.  Returns AP_EXIT_OK, or AP_EXIT_DATAERR after
 * an appendix could not be read. */
static enum ap_exit add_paper(struct pack_doc *d, size_t i, const struct paper *p)
{
	struct arena *a = d->a;
	const struct item *it = &d->m->items[i];
	struct blocks b;
	if (p->kind == PAPER_MEMBERSHIP)
		b = compose_membership(a, d->m, d->l, it);
	else if (p->kind == PAPER_MINUTES && p->minutes)
		b = compose_minutes(a, d->l, p->minutes, p->lang ? p->lang :
		    d->m->langs ? d->m->langs : d->m->lang, false,
		    d->o->edition == EDITION_FULL);
	else if (p->kind == PAPER_REPORT)
		b = compose_report(a, d->l, p, d->m->langs ? d->m->langs : d->m->lang);
	else if (p->kind == PAPER_PDF) {
		struct merge_appendix *ap = arena_alloc(a, sizeof *ap);
		struct flow *af = appendix_flow(d, p, ap);
		if (af == NULL)
			return AP_EXIT_DATAERR;
		struct pflow *f = vec_push(&d->papers);
		f->item = i;
		f->f = af;
		f->ap = ap;
		return AP_EXIT_OK;
	} else
		return AP_EXIT_OK;
	struct pflow *f = vec_push(&d->papers);
	f->item = i;
	f->f = layout_flow(d->lc, &b, p->landscape, NULL);
	return AP_EXIT_OK;
}

enum ap_exit assemble_papers(struct pack_doc *d)
{
	struct arena *a = d->a;
	const struct meeting *m = d->m;
	const struct style *l = d->l;
	enum ap_exit status = AP_EXIT_OK;
	d->fl.committee = m->committee;
	d->fl.council = m->council;
	if (m->letter != NULL) {
		const struct meeting *mm = m->letter->meeting;
		d->fl.date = letter_date(a, l, m->letter, m->lang);
		d->fl.longdate = d->fl.date;
		if (mm != NULL) {
			d->fl.committee = mm->committee;
			d->fl.council = mm->council;
		}
		struct blocks b = compose_letter(a, l, m->letter, m->lang);
		struct pflow *p = vec_push(&d->papers);
		p->item = (size_t)-1;
		p->f = layout_flow(d->lc, &b, false, NULL);
		return AP_EXIT_OK;
	}
	if (m->standalone != NULL) {
		const struct minutes *mi = m->standalone;
		d->fl.committee = mi->committee;
		d->fl.date = pack_date(a, l, DATE_USE_TEXT, m->langs ? m->langs : m->lang, mi->year, mi->month, mi->day);
		d->fl.longdate = pack_date(a, l, DATE_USE_MEETING, m->langs ? m->langs : m->lang, mi->year, mi->month, mi->day);
		struct blocks b = compose_minutes(a, l, mi, m->langs ? m->langs : m->lang,
		    true, d->o->edition == EDITION_FULL);
		struct pflow *p = vec_push(&d->papers);
		p->item = (size_t)-1;
		p->f = layout_flow(d->lc, &b, false, NULL);
		return AP_EXIT_OK;
	}
	d->fl.date = pack_date(a, l, DATE_USE_TEXT, m->langs ? m->langs : m->lang, m->year, m->month, m->day);
	d->fl.longdate = pack_date(a, l, DATE_USE_MEETING, m->langs ? m->langs : m->lang, m->year, m->month, m->day);
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		for (size_t k = 0; k < it->npapers; k++) {
			if (!pack_paper_in_pack(it, &it->papers[k], d->o))
				continue;
			if (add_paper(d, i, &it->papers[k]) != AP_EXIT_OK)
				status = AP_EXIT_DATAERR;
		}
	}
	if (d->o->supplement && d->papers.n == 0) {
		if (d->o->supplement == 1)
			diag(DIAG_ERROR, m->pos, "no paper is marked 'late: true' (or 'late: "
			    "1'), so there is no supplementary pack to make");
		else
			diag(DIAG_ERROR, m->pos, "no paper is marked 'late: %d', so there is "
			    "no supplement %d to make", d->o->supplement, d->o->supplement);
		return AP_EXIT_DATAERR;
	}
	return status;
}

/* Where each paper falls after nfront front pages: the items' ranges
 * into next (zeroed first), printed from d->first_number on with the
 * duplex blanks unnumbered; returns the pages in all, blanks included. */
static size_t place_papers(const struct pack_doc *d, size_t nfront, struct range *next)
{
	const struct pflow *papers = d->papers.v;
	size_t pos = nfront;
	int printed = d->first_number + (int)nfront;   /* the next number */
	memset(next, 0, (d->m->nitems + 1) * sizeof *next);
	for (size_t k = 0; k < d->papers.n; k++) {
		if (d->o->duplex && pos % 2 == 1)
			pos++;                     /* papers start on odd pages */
		size_t it = papers[k].item;
		int np = (int)papers[k].f->npages;
		if (it != (size_t)-1) {
			if (next[it].first == 0) {
				next[it].first = printed;
				next[it].pfirst = (int)pos + 1;
			}
			next[it].last = printed + np - 1;
			next[it].plast = (int)pos + np;
		}
		pos += (size_t)np;
		printed += np;
	}
	next[d->m->nitems].first = d->first_number;      /* the whole pack */
	next[d->m->nitems].last = printed - 1;
	return pos;
}

enum ap_exit assemble_front(struct pack_doc *d)
{
	const struct meeting *m = d->m;
	const struct pflow *papers = d->papers.v;
	bool standalone = m->standalone != NULL || m->letter != NULL;
	d->ranges = arena_alloc(d->a, (m->nitems + 1) * sizeof *d->ranges);
	struct range *next = arena_alloc(d->a, (m->nitems + 1) * sizeof *next);
	if (!standalone) {
		for (size_t i = 0; i < m->nitems; i++)
			for (size_t k = 0; k < d->papers.n; k++)
				if (papers[k].item == i)
					d->ranges[i].first = d->ranges[i].last = 999;
		d->ranges[m->nitems].first = d->first_number;
		d->ranges[m->nitems].last = 999;
		if (d->l->standing.n > 0 && !d->o->supplement)
			d->standing = layout_flow(d->lc, &d->l->standing, false, NULL);
	}
	for (int passes = 1;; passes++) {
		size_t nfront = 0;
		if (!standalone) {
			if (d->front)
				layout_flow_free(d->front);
			struct blocks fb = compose_front(d->a, m, d->l, d->o, d->ranges);
			d->front = layout_flow(d->lc, &fb, false, NULL);
			nfront = d->front->npages + (d->standing ? d->standing->npages : 0);
		}
		d->total = place_papers(d, nfront, next);
		if (standalone || memcmp(next, d->ranges, (m->nitems + 1) * sizeof *next) == 0)
			break;
		memcpy(d->ranges, next, (m->nitems + 1) * sizeof *next);
		if (passes >= MAX_PASSES) {
			diag(DIAG_ERROR, m->pos, "the contents' page numbers did not settle "
			    "after %d passes; no pack was written", passes);
			return AP_EXIT_DATAERR;
		}
	}
	if (d->total > (size_t)d->o->max_pages) {
		diag(DIAG_ERROR, m->pos, "the pack would have %zu pages, more than the "
		    "limit of %d (raise it with --max-pages)", d->total, d->o->max_pages);
		return AP_EXIT_DATAERR;
	}
	return AP_EXIT_OK;
}

/* The outline entry and link target of item ii, whose papers start at
 * pack page base (0-based); a sub-item's entry goes under its parent's,
 * made here (pointing at base) when the parent has no papers of its own
 * in the pack (*parent: the last parent given an entry). */
static void mark_item(struct pack_doc *d, size_t ii, size_t base, size_t *parent)
{
	const struct item *it = &d->m->items[ii];
	if (it->sub > 0) {
		size_t pi = ii - (size_t)it->sub;
		if (*parent != pi) {
			const struct item *pt = &d->m->items[pi];
			struct outline_entry *e = vec_push(&d->outline);
			e->level = 1;
			e->title = arena_printf(d->a, "%s. %s", pt->number, pt->title);
			e->page = (int)base;
			e->y = 0;
			*parent = pi;
		}
	} else {
		*parent = ii;
	}
	d->pages[base]->item_first = true;
	struct outline_entry *e = vec_push(&d->outline);
	e->level = it->sub > 0 ? 2 : 1;
	e->title = arena_printf(d->a, "%s. %s", it->number, it->title);
	e->page = (int)base;
	e->y = 0;
	struct dest *t = vec_push(&d->dests);
	t->name = arena_printf(d->a, "item-%s", it->number);
	t->page = (int)base;
	t->y = 0;
}

void assemble_pages(struct pack_doc *d)
{
	const struct pflow *papers = d->papers.v;
	d->pages = xcalloc(d->total + 1, sizeof *d->pages);
	size_t np = 0;
	if (d->front)
		for (size_t i = 0; i < d->front->npages; i++)
			d->pages[np++] = d->front->pages[i];
	if (d->standing)
		for (size_t i = 0; i < d->standing->npages; i++)
			d->pages[np++] = d->standing->pages[i];
	size_t last_item = (size_t)-1, last_parent = (size_t)-1;
	for (size_t k = 0; k < d->papers.n; k++) {
		if (d->o->duplex && np % 2 == 1) {
			struct page *bp = layout_blank_page(d->lc, false);
			bp->blank = true;
			d->pages[np++] = bp;
		}
		size_t ii = papers[k].item;
		const struct item *it = ii != (size_t)-1 ? &d->m->items[ii] : NULL;
		size_t base = np;
		for (size_t i = 0; i < papers[k].f->npages; i++) {
			struct page *p = papers[k].f->pages[i];
			if (it) {
				p->item = it->number;
				p->exempt = it->exempt;
			}
			if (papers[k].ap) {
				struct merge_place *mp = vec_push(&d->places);
				mp->page = np;
				mp->ap = papers[k].ap;
				mp->pageno = papers[k].ap->first + (int)i;
			}
			d->pages[np++] = p;
		}
		if (it && ii != last_item) {
			mark_item(d, ii, base, &last_parent);
			last_item = ii;
		}
		for (size_t q = 0; q < papers[k].f->nmarks; q++) {
			const struct mark *mk = &papers[k].f->marks[q];
			if (mk->level <= 0 && d->m->standalone != NULL && mk->text != NULL &&
			    strcmp(mk->text, "agendapack-signature") == 0) {
				struct dest *t = vec_push(&d->dests);   /* for agendapack sign */
				*t = (struct dest){ mk->text, (int)base + mk->page, mk->y };
			}
			if (mk->level <= 0)
				continue;
			struct outline_entry *e = vec_push(&d->outline);
			e->level = it ? mk->level + 1 + (it->sub > 0) : mk->level;
			e->title = mk->text;
			e->page = (int)base + mk->page;
			e->y = mk->y;
		}
	}
	d->npages = np;
}

/* Expands a running-text slot, or NULL when the style leaves it empty
 * or it prints the page number on an unnumbered (blank) page. */
static const char *slot(struct arena *a, const char *pat, const struct fields *fl,
    bool unnumbered)
{
	if (unnumbered && pat && strstr(pat, "{page"))
		return NULL;
	return pat && *pat ? pack_expand(a, pat, fl) : NULL;
}

void assemble_stamps(struct pack_doc *d)
{
	const struct style *l = d->l;
	const struct running *hs[2] = { &l->header, &l->footer };
	/* Every page carries its number, whatever the running text says. */
	bool has_page = false;
	for (int k = 0; k < 2; k++) {
		const char *s[3] = { hs[k]->left, hs[k]->centre, hs[k]->right };
		for (int j = 0; j < 3; j++)
			if (s[j] && (strstr(s[j], "{page}") || strstr(s[j], "{page_text}")))
				has_page = true;
	}
	struct fields fl = d->fl;
	const char *lg = d->m->langs ? d->m->langs : d->m->lang;
	const char *mark = pack_edition_mark(d->a, l, lg, d->o);
	int nblank = 0;
	for (size_t i = 0; i < d->npages; i++)
		nblank += d->pages[i]->blank;
	int number = d->first_number;
	fl.prefix = d->prefix;
	for (size_t i = 0; i < d->npages; i++) {
		struct page *p = d->pages[i];
		/* A duplex blank carries no number: the printed numbers are the
		 * web pack's. */
		p->number = p->blank ? 0 : number++;
		p->prefix = d->prefix;
		fl.page = p->number;
		fl.pages = d->first_number - 1 + (int)d->npages - nblank;
		fl.item = p->item;
		fl.page_text = pack_text(d->a, l, lg, TEXT_PAGE, &fl);
		bool nn = p->blank;
		struct stamps s = {
			.header = { slot(d->a, l->header.left, &fl, nn),
			    slot(d->a, l->header.centre, &fl, nn),
			    slot(d->a, l->header.right, &fl, nn) },
			.footer = { slot(d->a, l->footer.left, &fl, nn),
			    slot(d->a, l->footer.centre, &fl, nn),
			    slot(d->a, l->footer.right, &fl, nn) },
			.edition_label = mark,
		};
		if (!has_page && !p->blank)
			s.page_label = fl.page_text;
		if (p->item_first && p->item)
			s.item_label = pack_text(d->a, l, lg, TEXT_AGENDA_ITEM, &fl);
		if (p->exempt)
			s.exempt_label = pack_text(d->a, l, lg, TEXT_NOT_FOR_PUBLICATION,
			    NULL);
		if (p->blank)
			s.blank_label = pack_text(d->a, l, lg, TEXT_BLANK_PAGE, NULL);
		layout_stamp_page(d->lc, l, p, &s);
		if (d->o->draft)
			layout_watermark(d->lc, p, pack_text(d->a, l, lg, TEXT_DRAFT,
			    NULL));
	}
	d->fl = fl;
}

/* Where each appendix page goes on its placeholder page: the box the
 * stamps left it (layout_stamp_page), as a scale and an offset in pt. */
static void place_appendices(struct pack_doc *d)
{
	struct merge_place *pl = d->places.v;
	for (size_t i = 0; i < d->places.n; i++) {
		const struct page *p = d->pages[pl[i].page];
		for (size_t k = 0; k < p->nops; k++) {
			const struct op *o = &p->ops[k];
			if (o->kind != OP_PLACEHOLDER)
				continue;
			pl[i].scale = (double)o->h / p->h;
			pl[i].dx = MPT2PT(o->x);
			pl[i].dy = MPT2PT(p->h - o->y - o->h);
			break;
		}
	}
}

/* The creation time: SOURCE_DATE_EPOCH when set, else now. */
static time_t build_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
		diag_plain(DIAG_WARNING, "SOURCE_DATE_EPOCH '%s' is not a number of seconds; "
		    "using the current time", e);
	}
	return time(NULL);
}

/* The files the pack was made from: the meeting, the style, every paper,
 * every image on a page.  No output may be one of them. */
static void list_inputs(struct pack_doc *d)
{
	const struct meeting *m = d->m;
	struct vec v;
	vec_init(&v, sizeof(const char *));
	if (m->file)
		*(const char **)vec_push(&v) = m->file;
	if (m->letter && m->letter->meeting && m->letter->meeting->file)
		*(const char **)vec_push(&v) = m->letter->meeting->file;
	if (d->l->file)
		*(const char **)vec_push(&v) = d->l->file;
	for (size_t i = 0; i < m->nitems; i++)
		for (size_t k = 0; k < m->items[i].npapers; k++)
			if (m->items[i].papers[k].path)
				*(const char **)vec_push(&v) = m->items[i].papers[k].path;
	for (size_t i = 0; i < d->npages; i++)
		for (size_t k = 0; k < d->pages[i]->nops; k++)
			if (d->pages[i]->ops[k].kind == OP_IMAGE && d->pages[i]->ops[k].text)
				*(const char **)vec_push(&v) = d->pages[i]->ops[k].text;
	d->out.ninputs = v.n;
	d->out.inputs = vec_to_arena(&v, d->a);
}

/* The manifest's items: every item, with its settled range. */
static void list_items(struct pack_doc *d)
{
	const struct meeting *m = d->m;
	struct manifest_item *mi = arena_alloc(d->a, (m->nitems + 1) * sizeof *mi);
	for (size_t i = 0; i < m->nitems; i++) {
		mi[i].number = m->items[i].number;
		mi[i].title = m->items[i].title;
		const struct range *r = &d->ranges[i];
		mi[i].first_page = r->pfirst;
		mi[i].last_page = r->plast;
		if (r->pfirst > 0 && (*d->prefix || r->first != r->pfirst ||
		    r->last != r->plast)) {
			mi[i].first_label = arena_printf(d->a, "%s%d", d->prefix, r->first);
			mi[i].last_label = arena_printf(d->a, "%s%d", d->prefix, r->last);
		}
		mi[i].exempt = m->items[i].exempt;
		mi[i].parent = m->items[i].sub > 0 ?
		    m->items[i - (size_t)m->items[i].sub].number : NULL;
		mi[i].to_follow = pack_item_to_follow(&m->items[i], d->o);
		const struct item *it = &m->items[i];
		mi[i].late = arena_alloc(d->a, (it->npapers + 1) * sizeof *mi[i].late);
		mi[i].late_in = arena_alloc(d->a, (it->npapers + 1) * sizeof *mi[i].late_in);
		for (size_t k = 0; k < it->npapers; k++) {
			const struct paper *p = &it->papers[k];
			if (p->late == 0)
				continue;
			const char *base = p->path ? strrchr(p->path, '/') : NULL;
			mi[i].late[mi[i].nlate] = p->title ? p->title : base ? base + 1 :
			    p->path ? p->path : "";
			mi[i].late_in[mi[i].nlate++] = p->late;
		}
	}
	d->out.items = mi;
	d->out.nitems = m->nitems;
	d->out.supplement = d->o->supplement;
}

void assemble_describe(struct pack_doc *d)
{
	struct arena *a = d->a;
	const struct meeting *m = d->m;
	const struct pflow *papers = d->papers.v;
	/* The structure tree's roots: the flows in the pack, in order. */
	int *roots = arena_alloc(a, (d->papers.n + 3) * sizeof *roots);
	size_t nroots = 0;
	if (d->front)
		roots[nroots++] = d->front->root;
	if (d->standing)
		roots[nroots++] = d->standing->root;
	for (size_t k = 0; k < d->papers.n; k++)
		roots[nroots++] = papers[k].f->root;
	size_t nnodes;
	const struct snode *nodes = layout_nodes(d->lc, &nnodes);
	struct render_doc rd = { .nodes = nodes, .nnodes = nnodes, .roots = roots,
	    .nroots = nroots, .pages = d->pages, .npages = d->npages,
	    .outline = d->outline.v, .noutline = d->outline.n, .dests = d->dests.v,
	    .ndests = d->dests.n, .author = m->council, .lang = m->lang ? m->lang : "en-GB",
	    .pdfa = d->o->pdfa, .tagged = d->o->tagged };
	const struct fields *fl = &d->fl;
	const char *lg = m->langs ? m->langs : m->lang;
	if (m->letter) {
		const struct letter *lt = m->letter;
		const char *to = lt->nto > 0 ? lt->to[0].name : "";
		rd.title = lt->subject && !strchr(lt->subject, '{') ?
		    arena_printf(a, "Letter to %s, %s: %s", to, fl->date, lt->subject) :
		    arena_printf(a, "Letter to %s, %s", to, fl->date);
		rd.author = lt->signer.name && *lt->signer.name ? lt->signer.name :
		    m->council;
		rd.subject = arena_printf(a, "Letter from %s to %s, %s", rd.author, to,
		    fl->date);
		rd.keywords = arena_printf(a, "letter; %s; %s", fl->committee, fl->date);
	} else if (m->standalone) {
		rd.title = pack_text(a, d->l, lg, TEXT_MINUTES_TITLE, fl);
		rd.author = m->standalone->council ? m->standalone->council : m->council;
		rd.subject = pack_text(a, d->l, lg, TEXT_SUBJECT_MINUTES, fl);
		const struct approval *ap = &m->standalone->approved;
		if (ap->given) {
			rd.approval = compose_approval_text(a, d->l, ap, m->lang);
			rd.approval_location = ap->location;
		}
	} else {
		rd.title = m->title ? m->title : pack_expand(a, d->l->title_pattern ?
		    d->l->title_pattern : "{committee}, {date}: agenda pack", fl);
		if (d->o->supplement) {
			struct fields tf = *fl;
			tf.title = rd.title;
			tf.n = arena_printf(a, "%d", d->o->supplement);
			rd.title = pack_text(a, d->l, lg, TEXT_SUPPLEMENT_TITLE, &tf);
		}
		if (d->o->edition != EDITION_PUBLIC)
			rd.title = arena_printf(a, "%s \xe2\x80\x94 %s", pack_text(a, d->l,
			    lg, TEXT_FULL_BANNER, NULL), rd.title);
		rd.subject = pack_text(a, d->l, lg, TEXT_SUBJECT_PACK, fl);
	}
	if (!m->letter)
		rd.keywords = arena_printf(a, "agenda; %s; %s", fl->committee, fl->date);
	rd.created = build_time();
	d->out.rd = rd;
	d->out.fs = d->fs;
	place_appendices(d);
	d->out.places = d->places.v;
	d->out.nplaces = d->places.n;
	list_items(d);
	list_inputs(d);
}
