/*
 * index.c - index.html, the meeting's agenda page, and agendapack.css.
 *
 * The agenda page says what the front sheet says (the meeting's details,
 * the contact officer, the notes, the items with their numbers, titles
 * and descriptions, the exempt items under the statutory wording) and
 * links every document: the pack, the agenda alone, the supplement, the
 * calendar event, the letters about the meeting, and per item its PDF
 * (with page count and size), its HTML pages and the pack at the item's
 * first page (#page=N); any other public PDF under "Other documents", so
 * that every document of the site can be reached from this page.  Exempt
 * items have no documents in the public site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* A list item linking a document: "<li><a href>text</a> (PDF, N pages, S)". */
static void doc_link(struct hctx *h, const char *href, const char *text, int pages,
    size_t len)
{
	struct buf *b = h->b;
	buf_adds(b, "<li><a href=\"");
	html_esc(b, href);
	buf_adds(b, "\">");
	html_esc(b, text);
	if (pages > 0) {
		buf_adds(b, " (");
		html_esc(b, html_text(h, pages == 1 ? TEXT_WEB_PDF_ONE : TEXT_WEB_PDF,
		    &(struct web_fields){ .first = arena_printf(h->s->a, "%d", pages),
		    .n = html_size(h->s->a, len) }));
		buf_addc(b, ')');
	}
	buf_adds(b, "</a></li>\n");
}

/* The size and page count of a site file, found by name. */
static const struct sfile *find_file(const struct site *s, const char *name)
{
	const struct sfile *f = s->files.v;
	for (size_t i = 0; name && i < s->files.n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

/* The meeting's details, contact and documents. */
static void details(struct hctx *h)
{
	const struct meeting *m = h->s->m;
	struct site *s = h->s;
	struct buf *b = h->b;
	buf_adds(b, "<h1>");
	html_esc(b, m->committee);
	buf_adds(b, "</h1>\n<dl class=\"meeting\">\n<dt>");
	html_esc(b, html_text(h, TEXT_WEB_DATE, NULL));
	buf_adds(b, "</dt><dd>");
	html_esc(b, html_date(s->a, s->m->lang, m->year, m->month, m->day));
	buf_adds(b, "</dd>\n");
	if (m->hour >= 0) {
		buf_adds(b, "<dt>");
		html_esc(b, html_text(h, TEXT_WEB_TIME, NULL));
		buf_printf(b, "</dt><dd>%02d:%02d</dd>\n", m->hour, m->minute);
	}
	buf_adds(b, "<dt>");
	html_esc(b, html_text(h, TEXT_WEB_VENUE, NULL));
	buf_adds(b, "</dt><dd>");
	html_esc(b, m->venue);
	buf_adds(b, "</dd>\n</dl>\n<h2>");
	html_esc(b, html_text(h, TEXT_WEB_DOCUMENTS, NULL));
	buf_adds(b, "</h2>\n<ul class=\"docs\">\n");
	h->hlast = 2;
	const struct sfile *f = find_file(s, s->pack_file);
	if (f)
		doc_link(h, f->name, html_text(h, TEXT_WEB_PACK, NULL), f->pages, f->len);
	if ((f = find_file(s, s->agenda_file)) != NULL)
		doc_link(h, f->name, html_text(h, TEXT_WEB_AGENDA_ALONE, NULL), f->pages, f->len);
	const struct sfile *all = s->files.v;
	for (size_t i = 0; i < s->files.n; i++) {
		if (strcmp(all[i].kind, "supplement") != 0)
			continue;
		const char *n = strstr(all[i].name, "-supplement-");
		doc_link(h, all[i].name, pack_web_text(s->a, s->l, h->lang,
		    TEXT_SUPPLEMENT_NUMBER, &(struct web_fields){ .n = n == NULL ? "1" :
		    arena_printf(s->a, "%d", atoi(n + 12)) }), all[i].pages, all[i].len);
	}
	for (size_t i = 0; i < s->files.n; i++) {
		f = (const struct sfile *)s->files.v + i;
		if (strcmp(f->kind, "letter") == 0 && strcmp(f->edition, "public") == 0)
			doc_link(h, f->name, f->title, f->pages, f->len);
	}
	doc_link(h, "meeting.ics", html_text(h, TEXT_WEB_CALENDAR, NULL), 0, 0);
	buf_adds(b, "</ul>\n<h2>");
	html_esc(b, html_text(h, TEXT_WEB_CONTACT, NULL));
	buf_adds(b, "</h2>\n<p>");
	html_esc(b, html_text(h, TEXT_CONTACT, NULL));
	buf_adds(b, "</p>\n<p><strong>");
	html_esc(b, m->contact.name);
	if (m->contact.role) {
		buf_adds(b, ", ");
		html_esc(b, m->contact.role);
	}
	buf_adds(b, "</strong></p>\n");
	if (m->contact.phone) {
		buf_adds(b, "<p>");
		html_esc(b, html_text(h, TEXT_TELEPHONE, &(struct web_fields){
		    .phone = m->contact.phone }));
		buf_adds(b, "</p>\n");
	}
	if (m->contact.email) {
		buf_adds(b, "<p>");
		html_esc(b, html_text(h, TEXT_EMAIL, NULL));
		buf_adds(b, " <a href=\"mailto:");
		html_esc(b, m->contact.email);
		buf_adds(b, "\">");
		html_esc(b, m->contact.email);
		buf_adds(b, "</a></p>\n");
	}
	if (m->nnotes) {
		buf_adds(b, "<h2>");
		html_esc(b, html_text(h, TEXT_WEB_NOTES, NULL));
		buf_adds(b, "</h2>\n");
	}
	for (size_t i = 0; i < m->nnotes; i++) {
		if (m->notes[i].title) {
			buf_adds(b, "<h3>");
			html_esc(b, m->notes[i].title);
			buf_adds(b, "</h3>\n");
		}
		buf_adds(b, "<p>");
		html_inl(b, &m->notes[i].text);
		buf_adds(b, "</p>\n");
	}
}

/* For a public item none of whose papers is in the pack: which
 * supplement they follow in, and their web pages (once published). */
static void item_to_follow(struct hctx *h, size_t i)
{
	struct site *s = h->s;
	const struct item *it = &s->m->items[i];
	int n = 0;
	for (size_t k = 0; k < it->npapers; k++)
		if (it->papers[k].late > 0 && (n == 0 || it->papers[k].late < n))
			n = it->papers[k].late;
	if (n == 0)
		return;
	buf_adds(h->b, "<p>");
	html_esc(h->b, html_text(h, TEXT_WEB_TO_FOLLOW, &(struct web_fields){
	    .n = arena_printf(s->a, "%d", n) }));
	buf_adds(h->b, "</p>\n");
	buf_adds(h->b, "<ul class=\"docs\">\n");
	for (size_t k = 0; k < it->npapers; k++) {
		const char *name = html_paper_name(s, i, k);
		if (name)
			doc_link(h, name, html_text(h, TEXT_WEB_PAGE, &(struct web_fields){
			    .title = it->papers[k].title ? it->papers[k].title : it->title }), 0, 0);
	}
	buf_adds(h->b, "</ul>\n");
}

/* One item: number and title (a sub-item's a level lower), description,
 * notes and (public items) its documents; open: its <li> is left open
 * for the sub-items' list. */
static void item(struct hctx *h, size_t i, bool open)
{
	struct site *s = h->s;
	const struct item *it = &s->m->items[i];
	struct buf *b = h->b;
	int hl = it->sub > 0 ? 4 : 3;
	const char *end = open ? "" : "</li>\n";
	buf_printf(b, "<li id=\"item-");
	html_esc(b, it->number);
	buf_printf(b, "\">\n<h%d><span class=\"num\">", hl);
	html_esc(b, it->number);
	buf_adds(b, "</span> ");
	html_esc(b, it->title);
	buf_printf(b, "</h%d>\n", hl);
	if (it->description.n) {
		buf_adds(b, "<p>");
		html_inl(b, &it->description);
		buf_adds(b, "</p>\n");
	}
	if (it->exempt && it->exempt_reason) {
		buf_adds(b, "<p><em>");
		html_esc(b, it->exempt_reason);
		buf_adds(b, "</em></p>\n");
	}
	h->hlast = hl;
	html_blocks(h, &it->notes, hl + 1);
	const struct item_pages *ip = &s->items[i];
	if (it->exempt || ip->first == 0) {
		if (!it->exempt)
			item_to_follow(h, i);
		buf_adds(b, end);
		return;
	}
	buf_adds(b, "<ul class=\"docs\">\n");
	if (ip->pdf)
		doc_link(h, ip->pdf, html_text(h, TEXT_WEB_ITEM_PAPERS, &(struct web_fields){
		    .item = it->number }), ip->pdf_pages, ip->pdf_len);
	for (size_t k = 0; k < it->npapers; k++) {
		const struct paper *p = &it->papers[k];
		const char *name = html_paper_name(s, i, k);
		if (name) {
			const char *what = p->kind == PAPER_MEMBERSHIP ? pack_web_text(s->a,
			    s->l, h->lang, TEXT_MEMBERSHIP, NULL) : p->kind == PAPER_MINUTES ?
			    pack_web_text(s->a, s->l, h->lang, TEXT_WEB_MINUTES, NULL) :
			    p->title ? p->title : it->title;
			doc_link(h, name, html_text(h, TEXT_WEB_PAGE, &(struct web_fields){
			    .title = what }), 0, 0);
		}
	}
	const struct sfile *f = s->files.v;
	for (size_t k = 0; k < s->files.n; k++)
		if (strcmp(f[k].kind, "appendix") == 0 && strcmp(f[k].edition, "public") == 0 &&
		    f[k].item && strcmp(f[k].item, it->number) == 0)
			doc_link(h, f[k].name, f[k].title, f[k].pages, f[k].len);
	if (s->pack_file) {
		buf_adds(b, "<li><a href=\"");
		html_esc(b, s->pack_file);
		buf_printf(b, "#page=%d\">", ip->first);
		html_esc(b, html_text(h, ip->first == ip->last ? TEXT_WEB_IN_PACK_PAGE :
		    TEXT_WEB_IN_PACK_PAGES, &(struct web_fields){ .item = it->number,
		    .first = arena_printf(s->a, "%d", ip->first),
		    .last = arena_printf(s->a, "%d", ip->last) }));
		buf_adds(b, "</a></li>\n");
	}
	buf_adds(b, "</ul>\n");
	buf_adds(b, end);
}

/* Public item i and, in a list inside its entry, its public sub-items
 * (an exempt one is listed with the exempt items). */
static void sub_items(struct hctx *h, size_t i)
{
	const struct meeting *m = h->s->m;
	size_t npublic = 0;
	for (size_t k = 1; k <= m->items[i].nsub; k++)
		npublic += !m->items[i + k].exempt;
	item(h, i, npublic > 0);
	if (npublic == 0)
		return;
	buf_adds(h->b, "<ol class=\"subitems\">\n");
	for (size_t k = 1; k <= m->items[i].nsub; k++) {
		if (m->items[i + k].exempt)
			continue;
		h->hlast = 3;
		item(h, i + k, false);
	}
	buf_adds(h->b, "</ol>\n</li>\n");
}

/* The plain stylesheet: readable on a phone, printing cleanly. */
static const char css[] =
"/* agendapack: the meeting's web pages */\n"
"html { font-family: \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: 100%;\n"
"  line-height: 1.5; color: #1a1a1a; background: #fff; }\n"
"body { margin: 0 auto; max-width: 46rem; padding: 0 1rem 2rem; }\n"
".skip { position: absolute; left: -999rem; }\n"
".skip:focus { position: static; display: inline-block; padding: .5rem; background: #ffdd00;\n"
"  color: #000; }\n"
"header { border-bottom: 2px solid #1a1a1a; padding: .75rem 0; margin-bottom: 1rem; }\n"
"header p { margin: .25rem 0; }\n"
".council { font-weight: bold; font-size: 1.125rem; }\n"
"footer { border-top: 1px solid #767676; margin-top: 2rem; padding-top: .75rem;\n"
"  font-size: .9375rem; }\n"
"h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0; }\n"
"h2 { font-size: 1.375rem; line-height: 1.3; margin: 1.75rem 0 .75rem; }\n"
"h3 { font-size: 1.125rem; margin: 1.25rem 0 .5rem; }\n"
"h4, h5, h6 { font-size: 1rem; margin: 1rem 0 .5rem; }\n"
"a { color: #1d4f91; text-decoration: underline; }\n"
"a:visited { color: #4c2c92; }\n"
".table:focus { outline: 3px solid #ffbf47; }\n"
"a:focus { outline: 3px solid #ffbf47; outline-offset: 0; background: #ffdd00; color: #000; }\n"
"dl.meeting { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }\n"
"dl.meeting dt { font-weight: bold; }\n"
"dl.meeting dd { margin: 0; }\n"
"ol.items { list-style: none; padding: 0; margin: 0; }\n"
"ol.items > li { border-top: 1px solid #b1b4b6; padding: .25rem 0 .75rem; }\n"
"ol.items > li > :last-child { margin-bottom: 0; }\n"
"ol.subitems { list-style: none; padding: 0 0 0 1.5rem; margin: 0; }\n"
"ol.items h3, ol.subitems h4, h2.minute { padding-left: 2.5em; text-indent: -2.5em; }\n"
".num { display: inline-block; min-width: 2.5em; text-indent: 0; }\n"
"ul.docs { padding-left: 1.25rem; }\n"
"ul.docs li { margin: .25rem 0; }\n"
"ul.none { list-style: none; padding-left: 1rem; }\n"
"ol.roman { list-style-type: lower-roman; }\n"
"ol.alpha { list-style-type: lower-alpha; }\n"
".table { overflow-x: auto; margin: 1rem 0; }\n"
"table { border-collapse: collapse; }\n"
"caption { text-align: left; font-weight: bold; padding: .25rem 0;\n"
"  max-width: calc(100vw - 2rem); }\n"
"th, td { text-align: left; vertical-align: top; padding: .375rem .5rem; }\n"
"th > :first-child, td > :first-child { margin-top: 0; }\n"
"th > :last-child, td > :last-child { margin-bottom: 0; }\n"
"table.grid th, table.grid td { border: 1px solid #767676; }\n"
"table.grid thead th { background: #f3f2f1; }\n"
"th.section { background: #f3f2f1; }\n"
"td.r { text-align: right; } td.c { text-align: center; }\n"
"img { max-width: 100%; height: auto; }\n"
"figure { margin: 1rem 0; }\n"
"figcaption { font-style: italic; }\n"
".small { font-size: .875rem; }\n"
".signature { margin-top: 2rem; }\n"
"@media (max-width: 30rem) {\n"
"  h1 { font-size: 1.375rem; }\n"
"  h2 { font-size: 1.1875rem; }\n"
"}\n"
"@media print {\n"
"  html { font-size: 11pt; }\n"
"  body { max-width: none; padding: 0; }\n"
"  .skip, nav { display: none; }\n"
"  a { color: #000; }\n"
"  a[href^=\"http\"]::after { content: \" (\" attr(href) \")\"; font-size: 90%; }\n"
"  h1, h2, h3 { break-after: avoid; }\n"
"  tr, img, figure { break-inside: avoid; }\n"
"  ol.items > li { break-inside: avoid-page; }\n"
"}\n";

/* Lists, under "Other documents", each public PDF of the site that the
 * page so far does not link, so that every document can be reached. */
static void others(struct hctx *h)
{
	struct site *s = h->s;
	struct buf *b = h->b;
	bool any = false;
	for (size_t i = 0; i < s->files.n; i++) {
		const struct sfile *f = (const struct sfile *)s->files.v + i;
		size_t n = strlen(f->name);
		if (n < 4 || strcmp(f->name + n - 4, ".pdf") != 0 ||
		    strcmp(f->edition, "public") != 0)
			continue;
		const char *at = b->s;
		bool linked = false;
		while (!linked && (at = strstr(at, f->name)) != NULL) {
			linked = at - b->s >= 6 && memcmp(at - 6, "href=\"", 6) == 0 &&
			    (at[n] == '"' || at[n] == '#');
			at += n;
		}
		if (linked)
			continue;
		if (!any) {
			buf_adds(b, "<h2>");
			html_esc(b, html_text(h, TEXT_WEB_OTHER, NULL));
			buf_adds(b, "</h2>\n<ul class=\"docs\">\n");
		}
		any = true;
		doc_link(h, f->name, f->title ? f->title : f->name, f->pages, f->len);
	}
	if (any)
		buf_adds(b, "</ul>\n");
}

void index_write(struct site *s)
{
	const struct meeting *m = s->m;
	struct buf b;
	buf_init(&b);
	struct hctx h = { .s = s, .b = &b, .lang = m->lang,
	    .langs = m->langs ? m->langs : m->lang };
	html_page_open(&h, html_text(&h, TEXT_WEB_AGENDA_TITLE, &(struct web_fields){
	    .committee = m->committee, .date = html_date(s->a, s->m->lang, m->year,
	    m->month, m->day) }), true);
	details(&h);
	size_t nexempt = 0;
	buf_adds(&b, "<h2>");
	html_esc(&b, html_text(&h, TEXT_WEB_AGENDA, NULL));
	buf_adds(&b, "</h2>\n<ol class=\"items\">\n");
	for (size_t i = 0; i < m->nitems; i++) {
		if (m->items[i].exempt) {
			nexempt++;
			continue;
		}
		if (m->items[i].sub > 0)
			continue;                  /* under its item, below */
		h.hlast = 2;
		sub_items(&h, i);
	}
	buf_adds(&b, "</ol>\n");
	if (nexempt) {
		buf_adds(&b, "<h2>");
		html_esc(&b, html_text(&h, TEXT_EXEMPT_ITEMS, NULL));
		buf_adds(&b, "</h2>\n");
		h.hlast = 2;
		if (s->l->exempt_heading_note.n) {
			buf_adds(&b, "<p>");
			html_inl(&b, &s->l->exempt_heading_note);
			buf_adds(&b, "</p>\n");
		}
		html_blocks(&h, &s->l->exempt_wording, 3);
		buf_adds(&b, "<p>");
		html_esc(&b, html_text(&h, TEXT_WEB_NOT_PUBLISHED, NULL));
		buf_adds(&b, "</p>\n<ol class=\"items\">\n");
		for (size_t i = 0; i < m->nitems; i++) {
			if (!m->items[i].exempt)
				continue;
			h.hlast = 2;
			item(&h, i, false);
		}
		buf_adds(&b, "</ol>\n");
	}
	others(&h);
	html_page_close(&h);
	html_add_page(s, "index.html", &b, arena_printf(s->a, "Agenda: %s", m->committee), NULL);
	struct sfile *f = site_add(s, "agendapack.css", "stylesheet",
	    (unsigned char *)xstrdup(css), sizeof css - 1);
	f->edition = "public";
	buf_free(&b);
}
