/*
 * html.h - the HTML writer's pieces that html.c (paper pages) and index.c
 * (the agenda page and the stylesheet) share.
 */
#ifndef AP_PUBLISH_HTML_H
#define AP_PUBLISH_HTML_H

#include "site.h"

/* One page being written. */
struct hctx {
	struct site *s;
	struct buf *b;
	int hlast;                         /* level of the last heading written */
	const char *lang;                  /* the page's language (BCP 47) */
	const char *langs;                 /* the languages its fixed phrases
	                                      are printed in ("cy en-GB") */
};

/* The style's web phrase k (text.web_*): with no fields in every
 * language of h->langs, joined with " / "; with fields (values such as
 * a bilingual title) in h->lang alone. */
const char *html_text(const struct hctx *h, enum text_key k, const struct web_fields *w);

/* "Thursday 8 February 2018", in language lang where util/date.c has it. */
char *html_date(struct arena *a, const char *lang, int y, int m, int d);
/* "1.2 MB", "245 KB". */
char *html_size(struct arena *a, size_t n);
/* Appends s with &, <, > and " escaped. */
void html_esc(struct buf *b, const char *s);
/* Appends inline text (bold, italic, links; newlines as <br>). */
void html_inl(struct buf *b, const struct inlines *in);
/* Appends blocks; a heading of level L becomes h(hbase + L - 1), never
 * more than one level below the last heading. */
void html_blocks(struct hctx *h, const struct blocks *bs, int hbase);
/* The start of a page up to <main>, and its end from </main>; index says
 * whether this is index.html (no link back to it). */
void html_page_open(struct hctx *h, const char *title, bool index);
void html_page_close(struct hctx *h);
/* Takes b's text as the site's page name (b is left empty). */
void html_add_page(struct site *s, const char *name, struct buf *b, const char *title,
    const char *item);

/* index.c: index.html and agendapack.css. */
void index_write(struct site *s);

#endif
