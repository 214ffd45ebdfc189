/*
 * letter.c - a letter (paper: letter) as blocks, and its page stamps.
 *
 * Page 1: the sender block (right), the date, the delivery line, the
 * addressees (or, when the style asks for a DL window, the addressees
 * first, their top ~50 mm from the page's top, under a small sender
 * block), the salutation, the subject (H1), the body, the closing, the
 * signature image, the signer, the copies.  Later pages carry the
 * style's letter header and footer ("Page 2 of 3"); page 1 carries none.
 *
 * In the subject and the body, {committee}, {council} and
 * {meeting_date} print the meeting the letter refers to.
 */
#include "pack-int.h"

#include <stdio.h>
#include <string.h>

#include "../util/date.h"

#define WINDOW_TOP PT(141.73)          /* DL window's top edge, 50 mm */

/* s with every "{key}" replaced by val (NULL: s unchanged). */
static const char *subst(struct arena *a, const char *s, const char *key,
    const char *val)
{
	char pat[32];
	snprintf(pat, sizeof pat, "{%s}", key);
	if (val == NULL || s == NULL || strstr(s, pat) == NULL)
		return s;
	struct buf b;
	buf_init(&b);
	size_t n = strlen(pat);
	for (const char *p = s; *p;) {
		const char *q = strstr(p, pat);
		if (q == NULL) {
			buf_adds(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(q - p));
		buf_adds(&b, val);
		p = q + n;
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* What the subject and body's {fields} print: the letter's meeting. */
struct lfields {
	const char *committee, *council, *meeting_date;   /* or NULL */
};

/* s with the meeting's {fields} filled in. */
static const char *fill(struct arena *a, const char *s, const struct lfields *f)
{
	s = subst(a, s, "committee", f->committee);
	s = subst(a, s, "council", f->council);
	return subst(a, s, "meeting_date", f->meeting_date);
}

/* Fills the meeting's {fields} in the spans of every block of b. */
static void fill_blocks(struct arena *a, const struct blocks *b,
    const struct lfields *f)
{
	for (size_t i = 0; i < b->n; i++) {
		struct block *bl = &b->v[i];
		struct inlines *in = bl->kind == BLOCK_PARA ? &bl->u.para.text :
		    bl->kind == BLOCK_HEADING ? &bl->u.heading.text : NULL;
		if (in != NULL)
			for (size_t k = 0; k < in->n; k++)
				in->spans[k].text = fill(a, in->spans[k].text, f);
		if (bl->kind == BLOCK_LIST)
			for (size_t k = 0; k < bl->u.list.n; k++)
				fill_blocks(a, &bl->u.list.items[k].body, f);
		if (bl->kind == BLOCK_TABLE)
			for (size_t r = 0; r < bl->u.table.nrows; r++)
				for (size_t c = 0; c < bl->u.table.rows[r].ncells; c++)
					fill_blocks(a, &bl->u.table.rows[r].cells[c], f);
	}
}

/* Appends a paragraph of plain text (lines joined by '\n') to v. */
static struct block *para(struct arena *a, struct vec *v, const char *s,
    unsigned style, struct pos pos)
{
	struct block *bl = vec_push(v);
	bl->kind = BLOCK_PARA;
	bl->pos = pos;
	struct span *sp = arena_alloc(a, sizeof *sp);
	sp->text = s;
	sp->style = style;
	sp->pos = pos;
	bl->u.para.text = (struct inlines){ sp, 1 };
	return bl;
}

/* name and its lines, one a line. */
static const char *party_text(struct arena *a, const struct letter_party *p,
    const char *name_end)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, p->name);
	buf_adds(&b, name_end);
	for (size_t i = 0; i < p->nlines; i++) {
		buf_addc(&b, '\n');
		buf_adds(&b, p->lines[i]);
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* The sender lines: the letter's own or the style's, then the email. */
static const char *sender_text(struct arena *a, const struct style *l,
    const struct letter *lt, size_t *nlines)
{
	const char **from = lt->from ? lt->from : l->letter.from;
	size_t n = lt->from ? lt->nfrom : l->letter.nfrom;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, from[i]);
	}
	if (lt->email != NULL)
		buf_printf(&b, "%sEmail: %s", n > 0 ? "\n" : "", lt->email);
	*nlines = n + (lt->email != NULL);
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* Appends a vertical gap of lines body lines to v. */
static void gap(struct vec *v, const struct style *l, double lines,
    struct pos pos)
{
	struct block *sp = vec_push(v);
	sp->kind = BLOCK_SPACE;
	sp->pos = pos;
	sp->u.space.mpt = (int)(lines * l->size_body * l->leading);
}

/* The addressees, one paragraph each. */
static void addressees(struct arena *a, struct vec *v, const struct letter *lt)
{
	for (size_t i = 0; i < lt->nto; i++)
		para(a, v, party_text(a, &lt->to[i], ""), 0, lt->to[i].pos);
}

/* s in capitals (ASCII letters; other characters as written). */
static const char *capitals(struct arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	for (char *p = r; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return r;
}

/* The head of page 1: sender, date, delivery, addressees, in the order
 * and places the style asks for. */
static void letter_head(struct arena *a, struct vec *v, const struct style *l,
    const struct letter *lt, const char *date)
{
	size_t nsender;
	const char *sender = sender_text(a, l, lt, &nsender);
	if (nsender > 0) {
		struct block *s = para(a, v, sender, 0, lt->pos);
		s->u.para.align = ALIGN_RIGHT;
		s->u.para.small = l->letter.window_dl;
		if (!l->letter.window_dl)
			gap(v, l, 2, lt->pos);
	}
	if (l->letter.window_dl) {
		/* The addressees' top at the window: what is left of 50 mm
		 * under the top margin and the sender block. */
		int line = (int)(l->size_small * l->leading);
		int used = l->margin_top + (nsender > 0 ? (int)nsender * line +
		    l->para_space : 0);
		if (used > WINDOW_TOP)
			diag(DIAG_WARNING, lt->pos, "the sender block reaches below the "
			    "top of the envelope window; the address is printed %.0f mm "
			    "lower", (used - WINDOW_TOP) / 2834.6);
		else {
			struct block *sp = vec_push(v);
			sp->kind = BLOCK_SPACE;
			sp->pos = lt->pos;
			sp->u.space.mpt = WINDOW_TOP - used;
		}
		addressees(a, v, lt);
		gap(v, l, 1, lt->pos);
	}
	para(a, v, date, 0, lt->pos);
	gap(v, l, 1, lt->pos);
	if (lt->delivery != NULL) {
		para(a, v, lt->delivery, SPAN_BOLD, lt->pos);
		gap(v, l, 1, lt->pos);
	}
	if (!l->letter.window_dl) {
		addressees(a, v, lt);
		gap(v, l, 1, lt->pos);
	}
}

struct blocks compose_letter(struct arena *a, const struct style *l,
    const struct letter *lt, const char *lang)
{
	struct vec v;
	vec_init(&v, sizeof(struct block));
	const struct meeting *m = lt->meeting;
	struct lfields f = { 0 };
	if (m != NULL)
		f = (struct lfields){ m->committee, m->council, pack_date(a, l,
		    DATE_USE_TEXT, lang, m->year, m->month, m->day) };
	letter_head(a, &v, l, lt, letter_date(a, l, lt, lang));
	if (lt->salutation != NULL)
		para(a, &v, lt->salutation, 0, lt->pos);
	if (lt->subject != NULL) {
		const char *s = fill(a, lt->subject, &f);
		struct block *h = vec_push(&v);
		h->kind = BLOCK_HEADING;
		h->pos = lt->pos;
		h->u.heading.level = 1;
		struct span *sp = arena_alloc(a, sizeof *sp);
		sp->text = l->letter.subject == SUBJECT_CAPITALS ? capitals(a, s) : s;
		sp->pos = lt->pos;
		h->u.heading.text = (struct inlines){ sp, 1 };
	}
	compose_dates(a, &lt->body, l, lang);
	fill_blocks(a, &lt->body, &f);
	for (size_t i = 0; i < lt->body.n; i++)
		*(struct block *)vec_push(&v) = lt->body.v[i];
	if (lt->closing != NULL)
		para(a, &v, lt->closing, 0, lt->pos)->u.para.keep_with_next = true;
	for (size_t i = 0; i < lt->signature.n; i++)
		*(struct block *)vec_push(&v) = lt->signature.v[i];
	if (lt->signature.n == 0)
		gap(&v, l, 2, lt->pos);        /* room to sign by hand */
	para(a, &v, party_text(a, &lt->signer, ""), SPAN_BOLD, lt->signer.pos);
	if (lt->ncc > 0) {
		gap(&v, l, 1, lt->pos);
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < lt->ncc; i++)
			buf_printf(&b, "%s%s", i ? "\n" : "C.C. ", lt->cc[i].name);
		para(a, &v, arena_strdup(a, b.s), 0, lt->cc[0].pos);
		buf_free(&b);
	}
	struct blocks r;
	r.n = v.n;
	r.v = vec_to_arena(&v, a);
	return r;
}

char *letter_date(struct arena *a, const struct style *l,
    const struct letter *lt, const char *lang)
{
	const char *form = lt->date_form ? lt->date_form :
	    l->date_forms[DATE_USE_LETTER];
	return date_format(a, form, lang, lt->y, lt->mo, lt->d);
}

/* Expands a letter's running-text slot, or NULL when empty. */
static const char *lslot(struct arena *a, const char *pat, const char *to,
    const struct fields *fl)
{
	return pat && *pat ? pack_expand(a, subst(a, pat, "to", to), fl) : NULL;
}

void letter_stamps(struct pack_doc *d)
{
	const struct style *l = d->l;
	const struct letter *lt = d->m->letter;
	const struct running *h = &l->letter.header, *f = &l->letter.footer;
	const char *to = lt->nto > 0 ? lt->to[0].name : "";
	struct fields fl = d->fl;
	fl.date = fl.longdate = letter_date(d->a, l, lt, d->m->lang);
	for (size_t i = 0; i < d->npages; i++) {
		struct page *p = d->pages[i];
		p->number = (int)i + 1;
		fl.page = (int)i + 1;
		fl.pages = (int)d->npages;
		if (i == 0)
			continue;                  /* page 1: the letterhead alone */
		struct stamps s = {
			.header = { lslot(d->a, h->left, to, &fl),
			    lslot(d->a, h->centre, to, &fl), lslot(d->a, h->right, to, &fl) },
			.footer = { lslot(d->a, f->left, to, &fl),
			    lslot(d->a, f->centre, to, &fl), lslot(d->a, f->right, to, &fl) },
		};
		layout_stamp_page(d->lc, l, p, &s);
		if (d->o->draft)
			layout_watermark(d->lc, p, "DRAFT");
	}
	if (d->npages > 0 && d->o->draft)
		layout_watermark(d->lc, d->pages[0], "DRAFT");
}
