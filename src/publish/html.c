/*
 * html.c - the meeting as HTML pages: index.html (the accessible agenda)
 * and one page per report, minutes and membership paper, with the
 * stylesheet and the images they show.
 *
 * Every page is HTML5 with the meeting's (or the paper's) language on
 * <html>, a skip link, header/nav/main/footer landmarks, one <h1> and
 * headings that never skip a level; tables have captions where the model
 * gives one and <th scope> on header cells; images keep their alt text
 * (alt="" when decorative).  No page uses JavaScript.
 */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "../util/date.h"

/* "Thursday 8 February 2018", in language lang where util/date.c has it. */
char *html_date(struct arena *a, const char *lang, int y, int m, int d)
{
	return date_format(a, "weekday", lang, y, m, d);
}

/* Appends s with &, <, > and " escaped. */
void html_esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
	}
}

/* Appends s escaped, each newline as <br>. */
static void esc_lines(struct buf *b, const char *s)
{
	const char *nl;
	while ((nl = strchr(s, '\n')) != NULL) {
		char *part = xmalloc((size_t)(nl - s) + 1);
		memcpy(part, s, (size_t)(nl - s));
		part[nl - s] = 0;
		html_esc(b, part);
		free(part);
		buf_adds(b, "<br>\n");
		s = nl + 1;
	}
	html_esc(b, s);
}

/* Appends inline text: bold, italic, links. */
void html_inl(struct buf *b, const struct inlines *in)
{
	for (size_t i = 0; i < in->n; i++) {
		const struct span *sp = &in->spans[i];
		if (sp->href) {
			buf_adds(b, "<a href=\"");
			html_esc(b, sp->href);
			buf_adds(b, "\">");
		}
		if (sp->style & SPAN_BOLD)
			buf_adds(b, "<strong>");
		if (sp->style & SPAN_ITALIC)
			buf_adds(b, "<em>");
		esc_lines(b, sp->text);
		if (sp->style & SPAN_ITALIC)
			buf_adds(b, "</em>");
		if (sp->style & SPAN_BOLD)
			buf_adds(b, "</strong>");
		if (sp->href)
			buf_adds(b, "</a>");
	}
}

/* Appends ' lang="x"' when a block's language differs from the page's. */
static void lang_attr(struct hctx *h, const char *lang)
{
	if (lang && strcmp(lang, h->lang) != 0) {
		buf_adds(h->b, " lang=\"");
		html_esc(h->b, lang);
		buf_addc(h->b, '"');
	}
}

/* Opens a heading of at most `want`, never more than one below the last. */
static int heading_open(struct hctx *h, int want, const char *lang)
{
	int lv = want > h->hlast + 1 ? h->hlast + 1 : want;
	if (lv < 2)
		lv = 2;
	if (lv > 6)
		lv = 6;
	h->hlast = lv;
	buf_printf(h->b, "<h%d", lv);
	lang_attr(h, lang);
	buf_addc(h->b, '>');
	return lv;
}


/* A cell or list item: one paragraph inline, else its blocks. */
static void body(struct hctx *h, const struct blocks *bs, int hbase)
{
	if (bs->n == 1 && bs->v[0].kind == BLOCK_PARA && bs->v[0].lang == NULL)
		html_inl(h->b, &bs->v[0].u.para.text);
	else
		html_blocks(h, bs, hbase);
}

/* Copies an image into images/ once; returns its name in the site. */
static const char *image_file(struct site *s, const struct image *im)
{
	struct sfile *f = s->files.v;
	for (size_t i = 0; i < s->files.n; i++)
		if (strcmp(f[i].kind, "image") == 0 && f[i].title &&
		    strcmp(f[i].title, im->path) == 0)
			return f[i].name;
	char *data = NULL;
	size_t len = 0;
	if (file_read(im->path, 64u << 20, &data, &len) != 0)
		return NULL;
	const char *base = strrchr(im->path, '/');
	base = base ? base + 1 : im->path;
	const char *dot = strrchr(base, '.');
	char *stem = site_slug(s->a, arena_strndup(s->a, base, dot ? (size_t)(dot - base) :
	    strlen(base)), 60);
	const char *name = arena_printf(s->a, "images/%02zu-%s.%s", ++s->nimages,
	    *stem ? stem : "image", im->jpeg ? "jpg" : "png");
	struct sfile *nf = site_add(s, name, "image", (unsigned char *)data, len);
	nf->title = im->path;
	return nf->name;
}

/* A table: caption, header rows in <thead> with <th scope="col">, section
 * rows as <th scope="colgroup">. */
static void table(struct hctx *h, const struct block *bl, int hbase)
{
	const struct table *t = &bl->u.table;
	struct buf *b = h->b;
	/* A wide table scrolls within its box on a phone: the box can take
	 * the keyboard focus and is named, so it can be scrolled without a
	 * mouse (axe: scrollable-region-focusable). */
	buf_adds(b, "<div class=\"table\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_esc(b, t->caption ? t->caption : "Table");
	buf_adds(b, "\"><table");
	lang_attr(h, bl->lang);
	buf_adds(b, t->style == TABLE_GRID ? " class=\"grid\">\n" : " class=\"plain\">\n");
	if (t->caption) {
		buf_adds(b, "<caption>");
		html_esc(b, t->caption);
		buf_adds(b, "</caption>\n");
	}
	size_t r = 0;
	/* The column titles are the first header row already (src/load). */
	if (t->nrows && t->rows[0].kind == ROW_HEADER) {
		buf_adds(b, "<thead>\n");
		for (; r < t->nrows && t->rows[r].kind == ROW_HEADER; r++) {
			buf_adds(b, "<tr>");
			for (size_t c = 0; c < t->rows[r].ncells; c++) {
				buf_adds(b, "<th scope=\"col\">");
				body(h, &t->rows[r].cells[c], hbase);
				buf_adds(b, "</th>");
			}
			buf_adds(b, "</tr>\n");
		}
		buf_adds(b, "</thead>\n");
	}
	buf_adds(b, "<tbody>\n");
	for (; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];
		buf_adds(b, "<tr>");
		if (row->kind == ROW_SECTION) {
			buf_printf(b, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"section\">",
			    t->ncols);
			if (row->ncells)
				body(h, &row->cells[0], hbase);
			buf_adds(b, "</th></tr>\n");
			continue;
		}
		for (size_t c = 0; c < row->ncells; c++) {
			const char *al = c < t->ncols ? (t->cols[c].align == ALIGN_RIGHT ? " class=\"r\"" :
			    t->cols[c].align == ALIGN_CENTRE ? " class=\"c\"" : "") : "";
			buf_printf(b, "<td%s>", al);
			body(h, &row->cells[c], hbase);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table></div>\n");
}

/* A list: <ol> for numbered, roman and alphabetic lists, else <ul>. */
static void list(struct hctx *h, const struct block *bl, int hbase)
{
	struct buf *b = h->b;
	int st = bl->u.list.style;
	bool ordered = st == LIST_NUMBER || st == LIST_ROMAN || st == LIST_ALPHA;
	static const char *cls[] = { "bullet", "number", "roman", "alpha", "none" };
	buf_printf(b, "<%s class=\"%s\"", ordered ? "ol" : "ul", cls[st]);
	if (ordered && bl->u.list.start != 1)
		buf_printf(b, " start=\"%d\"", bl->u.list.start);
	lang_attr(h, bl->lang);
	buf_adds(b, ">\n");
	for (size_t i = 0; i < bl->u.list.n; i++) {
		buf_adds(b, "<li>");
		body(h, &bl->u.list.items[i].body, hbase);
		buf_adds(b, "</li>\n");
	}
	buf_printf(b, "</%s>\n", ordered ? "ol" : "ul");
}

/* An image as a figure, with its caption. */
static void image(struct hctx *h, const struct block *bl)
{
	const struct image *im = &bl->u.image;
	const char *name = image_file(h->s, im);
	if (name == NULL)
		return;
	struct buf *b = h->b;
	buf_adds(b, im->caption ? "<figure>" : "<p class=\"image\">");
	buf_adds(b, "<img src=\"");
	html_esc(b, name);
	buf_adds(b, "\" alt=\"");
	html_esc(b, im->decorative || im->alt == NULL ? "" : im->alt);
	buf_printf(b, "\" width=\"%d\" height=\"%d\"", im->px_w, im->px_h);
	if (im->width > 0 && im->width < 1)
		buf_printf(b, " style=\"width:%d%%\"", (int)(im->width * 100 + 0.5));
	lang_attr(h, bl->lang);
	buf_adds(b, ">");
	if (im->caption) {
		buf_adds(b, "<figcaption>");
		html_esc(b, im->caption);
		buf_adds(b, "</figcaption></figure>\n");
	} else
		buf_adds(b, "</p>\n");
}

/* A signature line: role, a line to sign on, the date label and its line. */
static void signature(struct buf *b, const char *role, const char *date)
{
	buf_adds(b, "<p class=\"signature\">");
	html_esc(b, role);
	buf_adds(b, " ____________________ ");
	html_esc(b, date);
	buf_adds(b, " ____________</p>\n");
}

/* Blocks; a heading of level L becomes h(hbase + L - 1). */
void html_blocks(struct hctx *h, const struct blocks *bs, int hbase)
{
	struct buf *b = h->b;
	for (size_t i = 0; i < bs->n; i++) {
		const struct block *bl = &bs->v[i];
		switch (bl->kind) {
		case BLOCK_HEADING: {
			int lv = heading_open(h, hbase + bl->u.heading.level - 1, bl->lang);
			html_inl(b, &bl->u.heading.text);
			buf_printf(b, "</h%d>\n", lv);
			break;
		}
		case BLOCK_PARA: {
			int al = bl->u.para.align;
			buf_printf(b, "<p%s%s", bl->u.para.small ? " class=\"small\"" : "",
			    al == ALIGN_RIGHT ? " style=\"text-align:right\"" :
			    al == ALIGN_CENTRE ? " style=\"text-align:center\"" : "");
			lang_attr(h, bl->lang);
			buf_addc(b, '>');
			html_inl(b, &bl->u.para.text);
			buf_adds(b, "</p>\n");
			break;
		}
		case BLOCK_LIST: list(h, bl, hbase); break;
		case BLOCK_TABLE: table(h, bl, hbase); break;
		case BLOCK_IMAGE: image(h, bl); break;
		case BLOCK_SIGNATURE:
			signature(b, bl->u.signature.role ? bl->u.signature.role : "Chairman",
			    bl->u.signature.date_label ? bl->u.signature.date_label : "Date");
			break;
		default:
			break;
		}
	}
}

const char *html_text(const struct hctx *h, enum text_key k, const struct web_fields *w)
{
	/* A label alone in every language of the page; a phrase around
	 * values (which may be bilingual already) in its first language. */
	return pack_web_text(h->s->a, h->s->l, w == NULL && h->langs ? h->langs :
	    h->lang, k, w);
}

/* The start of a page, up to and including <main>. */
void html_page_open(struct hctx *h, const char *title, bool index)
{
	const struct meeting *m = h->s->m;
	struct buf *b = h->b;
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"");
	html_esc(b, h->lang);
	buf_adds(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_esc(b, title);
	buf_adds(b, "</title>\n<link rel=\"stylesheet\" href=\"agendapack.css\">\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">");
	html_esc(b, html_text(h, TEXT_WEB_SKIP, NULL));
	buf_adds(b, "</a>\n<header>\n<p class=\"council\">");
	html_esc(b, m->council);
	buf_adds(b, "</p>\n");
	if (!index) {
		buf_adds(b, "<nav aria-label=\"Meeting\"><p><a href=\"index.html\">");
		html_esc(b, html_text(h, TEXT_WEB_AGENDA_TITLE, &(struct web_fields){
		    .committee = m->committee, .date = html_date(h->s->a, h->lang, m->year,
		    m->month, m->day) }));
		buf_adds(b, "</a></p></nav>\n");
	}
	buf_adds(b, "</header>\n<main id=\"main\">\n");
	h->hlast = 1;
}

/* The end of a page: the contact officer in the footer. */
void html_page_close(struct hctx *h)
{
	const struct contact *c = &h->s->m->contact;
	struct buf *b = h->b;
	buf_adds(b, "</main>\n<footer>\n<p>");
	html_esc(b, html_text(h, TEXT_CONTACT, NULL));
	buf_addc(b, ' ');
	html_esc(b, c->name);
	if (c->role) {
		buf_adds(b, ", ");
		html_esc(b, c->role);
	}
	if (c->email) {
		buf_adds(b, ", <a href=\"mailto:");
		html_esc(b, c->email);
		buf_adds(b, "\">");
		html_esc(b, c->email);
		buf_adds(b, "</a>");
	}
	buf_adds(b, ".</p>\n</footer>\n</body>\n</html>\n");
}

/* Takes b's text as a page of the site. */
void html_add_page(struct site *s, const char *name, struct buf *b, const char *title,
    const char *item)
{
	struct sfile *f = site_add(s, name, "page", (unsigned char *)b->s, b->len);
	f->title = title;
	f->item = item;
	f->edition = "public";
	buf_init(b);
}

/* "1.2 MB", "245 KB". */
char *html_size(struct arena *a, size_t n)
{
	if (n >= 1024 * 1024)
		return arena_printf(a, "%.1f MB", n / (1024.0 * 1024.0));
	return arena_printf(a, "%zu KB", (n + 1023) / 1024);
}

/* "Present:" and a plain list of people. */
static void people(struct hctx *h, const char *label, bool bold,
    const struct person *p, size_t n)
{
	if (n == 0)
		return;
	if (label) {
		buf_adds(h->b, bold ? "<p><strong>" : "<p>");
		html_esc(h->b, label);
		buf_adds(h->b, bold ? "</strong></p>\n" : "</p>\n");
	}
	buf_adds(h->b, "<ul class=\"none\">\n");
	for (size_t i = 0; i < n; i++) {
		buf_adds(h->b, "<li>");
		html_esc(h->b, p[i].name);
		if (p[i].role) {
			buf_adds(h->b, " (");
			html_esc(h->b, p[i].role);
			buf_addc(h->b, ')');
		}
		buf_adds(h->b, "</li>\n");
	}
	buf_adds(h->b, "</ul>\n");
}

/* The minutes' page body, with the same wording as the PDF (the
 * style's phrases in langs, the paper's languages: "cy en-GB" prints
 * both, as the PDF does). */
static void minutes_page(struct hctx *h, const struct minutes *mi, const char *langs)
{
	struct buf *b = h->b;
	struct minutes_phrases ph;
	pack_minutes_phrases(h->s->a, h->s->l, mi, langs, &ph);
	buf_adds(b, "<h1>");
	html_esc(b, ph.heading);
	buf_adds(b, "</h1>\n<p><strong>");
	html_esc(b, ph.present);
	buf_adds(b, "</strong></p>\n");
	people(h, mi->present_heading ? arena_printf(h->s->a, "%s:", mi->present_heading) :
	    NULL, true, mi->present, mi->npresent);
	people(h, ph.also_present, true, mi->also_present, mi->nalso_present);
	people(h, ph.officers, false, mi->officers, mi->nofficers);
	people(h, ph.apologies, true, mi->apologies, mi->napologies);
	for (size_t i = 0; i < mi->nentries; i++) {
		const struct minute *e = &mi->entries[i];
		h->hlast = 1;
		buf_adds(b, "<h2 class=\"minute\"><span class=\"num\">");
		html_esc(b, e->number);
		buf_adds(b, "</span> ");
		html_esc(b, e->title);
		buf_adds(b, "</h2>\n");
		h->hlast = 2;
		/* The public edition's: an exempt minute is the style's sentence. */
		struct blocks eb = pack_minute_blocks(h->s->a, h->s->l, e, langs,
		    false);
		html_blocks(h, &eb, 3);
	}
	if (ph.closed != NULL) {
		buf_adds(b, "<p>");
		html_esc(b, ph.closed);
		buf_adds(b, "</p>\n");
	}
	if (mi->approved.given) {
		buf_adds(b, "<p class=\"approval\">");
		html_esc(b, compose_approval_text(h->s->a, h->s->l, &mi->approved,
		    langs));
		buf_adds(b, "</p>\n");
	}
	signature(b, ph.chair, ph.date);
}

/* The membership paper's page, with the same wording as the PDF. */
static void membership_page(struct hctx *h, const struct item *it)
{
	const struct meeting *m = h->s->m;
	const struct membership *ms = &m->membership;
	struct buf *b = h->b;
	buf_adds(b, "<h1>");
	html_esc(b, it->title);
	buf_adds(b, "</h1>\n<table class=\"plain\">\n<tbody>\n"
	    "<tr><th scope=\"row\">Committee:</th><td>");
	html_esc(b, m->committee);
	buf_adds(b, "</td></tr>\n");
	if (ms->enquiries) {
		buf_adds(b, "<tr><th scope=\"row\">Enquiries to:</th><td>");
		html_esc(b, ms->enquiries);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n<p><strong>Recommendations:</strong></p>\n"
	    "<p>To note</p>\n<ol class=\"number\">\n<li>Membership as shown below</li>\n"
	    "<li>Apologies and substitutions</li>\n<li>Declarations of interest to be made "
	    "by Members in accordance with the Members\xe2\x80\x99 Code of Conduct</li>\n</ol>\n"
	    "<h2>Membership</h2>\n");
	if (ms->quorum > 0)
		buf_printf(b, "<p>(Quorum: %d)</p>\n", ms->quorum);
	if (ms->nmembers) {
		buf_adds(b, "<table class=\"plain\">\n<caption>Members of the committee</caption>\n"
		    "<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Role</th></tr></thead>\n"
		    "<tbody>\n");
		for (size_t i = 0; i < ms->nmembers; i++) {
			buf_adds(b, "<tr><td>");
			html_esc(b, ms->members[i].name);
			buf_adds(b, "</td><td>");
			html_esc(b, ms->members[i].role ? ms->members[i].role : "");
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</tbody>\n</table>\n");
	}
	h->hlast = 2;
	if (ms->nnon_elected) {
		buf_adds(b, "<h2>Non-elected Members</h2>\n");
		people(h, NULL, false, ms->non_elected, ms->nnon_elected);
	}
	if (ms->napologies) {
		buf_adds(b, "<h2>Apologies</h2>\n");
		people(h, NULL, false, ms->apologies, ms->napologies);
	}
	if (ms->nsubstitutions) {
		buf_adds(b, "<h2>Substitutions</h2>\n<ul class=\"none\">\n");
		for (size_t i = 0; i < ms->nsubstitutions; i++) {
			buf_adds(b, "<li>");
			html_esc(b, ms->substitutions[i].substitute);
			buf_adds(b, " for ");
			html_esc(b, ms->substitutions[i].member);
			buf_adds(b, "</li>\n");
		}
		buf_adds(b, "</ul>\n");
	}
	if (ms->ndeclarations) {
		buf_adds(b, "<h2>Declarations of interest</h2>\n<ul class=\"bullet\">\n");
		for (size_t i = 0; i < ms->ndeclarations; i++) {
			buf_adds(b, "<li>");
			html_inl(b, &ms->declarations[i]);
			buf_adds(b, "</li>\n");
		}
		buf_adds(b, "</ul>\n");
	}
}

/* A report's page: reference, header table, title, body. */
static void report_page(struct hctx *h, const struct item *it, const struct paper *p)
{
	struct buf *b = h->b;
	buf_adds(b, "<h1>");
	html_esc(b, p->title ? p->title : it->title);
	buf_adds(b, "</h1>\n");
	if (p->reference) {
		buf_adds(b, "<p class=\"reference\"><strong>");
		html_esc(b, p->reference);
		buf_adds(b, "</strong></p>\n");
	}
	if (p->nheader > 0) {
		buf_adds(b, "<table class=\"plain header\">\n<caption>About this report</caption>\n"
		    "<tbody>\n");
		for (size_t i = 0; i < p->nheader; i++) {
			buf_adds(b, "<tr><th scope=\"row\">");
			html_esc(b, p->header[i].label);
			buf_adds(b, ":</th><td>");
			html_inl(b, &p->header[i].value);
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</tbody>\n</table>\n");
	}
	html_blocks(h, &p->body, 2);
}

/* The links under a paper page's heading: the item's PDF. */
static void paper_links(struct hctx *h, size_t i)
{
	const struct item_pages *ip = &h->s->items[i];
	if (ip->pdf == NULL)
		return;
	struct buf *b = h->b;
	buf_adds(b, "<p class=\"docs\"><a href=\"");
	html_esc(b, ip->pdf);
	buf_printf(b, "\">This item&#8217;s papers as a PDF (%d page%s, %s)</a></p>\n",
	    ip->pdf_pages, ip->pdf_pages == 1 ? "" : "s", html_size(h->s->a, ip->pdf_len));
}

const char *html_paper_name(struct site *s, size_t i, size_t k)
{
	const struct item *it = &s->m->items[i];
	const struct paper *p = &it->papers[k];
	if (it->exempt || p->kind == PAPER_PDF ||
	    (p->kind == PAPER_MINUTES && p->minutes == NULL))
		return NULL;
	const char *stem = site_item_stem(s, it);
	if (p->kind == PAPER_MEMBERSHIP)
		return arena_printf(s->a, "%s-membership.html", stem);
	const char *base = p->path ? strrchr(p->path, '/') : NULL;
	base = base ? base + 1 : p->path ? p->path : "paper";
	const char *dot = strrchr(base, '.');
	char *slug = site_slug(s->a, arena_strndup(s->a, base, dot ? (size_t)(dot - base) :
	    strlen(base)), 60);
	return arena_printf(s->a, "%s-%s.html", stem, *slug ? slug : "paper");
}

int html_write_site(struct site *s)
{
	const struct meeting *m = s->m;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		for (size_t k = 0; k < it->npapers; k++) {
			const struct paper *p = &it->papers[k];
			const char *name = html_paper_name(s, i, k);
			if (name == NULL)
				continue;
			struct hctx h = { .s = s, .b = &b, .lang = p->lang ? p->lang : m->lang,
			    .langs = p->lang ? p->lang : m->langs ? m->langs : m->lang };
			const char *title = p->kind == PAPER_MINUTES ? pack_web_text(s->a, s->l,
			    h.lang, TEXT_MINUTES_TITLE, &(struct web_fields){ .committee =
			    m->committee, .date = html_date(s->a, h.lang, p->minutes->year,
			    p->minutes->month, p->minutes->day) }) : p->title ? p->title : it->title;
			const char *full = arena_printf(s->a, "%s - %s", html_text(&h,
			    TEXT_WEB_ITEM_TITLE, &(struct web_fields){ .item = it->number,
			    .title = title }), m->committee);
			html_page_open(&h, full, false);
			if (p->kind == PAPER_MEMBERSHIP)
				membership_page(&h, it);
			else if (p->kind == PAPER_MINUTES)
				minutes_page(&h, p->minutes, p->lang ? p->lang :
				    m->langs ? m->langs : m->lang);
			else
				report_page(&h, it, p);
			paper_links(&h, i);
			html_page_close(&h);
			html_add_page(s, name, &b, title, it->number);
		}
	}
	buf_free(&b);
	index_write(s);
	return 0;
}
