/*
 * minutes.c - minutes as blocks (compose_minutes): attendance, each
 * minute with the declarations made, its body, the vote and the
 * resolutions, the closing time, the approval record and the signature
 * lines; exempt minutes left out of the public edition with the style's
 * sentence; and the statutory wording of exempt business (Schedule 12A
 * paragraphs) in the style's phrases.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack-int.h"
#include "../load/load.h"
#include "../util/date.h"

/* Replaces each {name} of pat with the value after it in the NULL-ended
 * list of name, value pairs; other text is kept. */
static char *fill(struct arena *a, const char *pat, ...)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = pat; *p != '\0';) {
		const char *e = *p == '{' ? strchr(p, '}') : NULL;
		const char *v = NULL;
		va_list ap;
		va_start(ap, pat);
		for (const char *k; e != NULL && (k = va_arg(ap, const char *)) != NULL;) {
			const char *val = va_arg(ap, const char *);
			if (strlen(k) == (size_t)(e - p - 1) && strncmp(k, p + 1, e - p - 1) == 0)
				v = val ? val : "";
		}
		va_end(ap);
		if (v != NULL) {
			buf_adds(&b, v);
			p = e + 1;
		} else
			buf_addc(&b, *p++);
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* The approval record's two lines in the style's wording, "Approved as a
 * correct record at the meeting on 8 February 2018, minute 2." and
 * "Signed: Councillor M Maddocks, Chairman". */
static void approval_lines(struct arena *a, const struct style *l,
    const struct approval *ap, const char *lang, char **rec, char **sig)
{
	const char *date = pack_date(a, l, DATE_USE_TEXT, lang, ap->y, ap->mo,
	    ap->d);
	*rec = fill(a, l->approval_record, "date", date, "minute",
	    ap->minute ? ap->minute : "{minute}", (const char *)NULL);
	char *cut = strstr(*rec, ", minute {minute}");
	if (cut != NULL)                   /* no minute number given */
		memmove(cut, cut + 17, strlen(cut + 17) + 1);
	/* No role given: the style's chair (text.chair, "Chairman"). */
	const char *role = ap->role ? ap->role : pack_text(a, l, lang, TEXT_CHAIR,
	    NULL);
	*sig = fill(a, l->approval_signed, "name", ap->name, "role", role,
	    (const char *)NULL);
}

char *compose_approval_text(struct arena *a, const struct style *l,
    const struct approval *ap, const char *lang)
{
	char *rec, *sig;
	approval_lines(a, l, ap, lang, &rec, &sig);
	return arena_printf(a, "%s %s", rec, sig);
}

/* The approval record as two paragraphs above the signature lines. */
static void approval_blocks(struct arena *a, struct bb *b,
    const struct style *l, const struct approval *ap, const char *lang)
{
	char *rec, *sig;
	approval_lines(a, l, ap, lang, &rec, &sig);
	bb_para(b, rec, 0);
	bb_para(b, sig, SPAN_BOLD);
}

/* The fields of minute e's exempt sentence: its number and paragraph. */
static struct fields exempt_fields(struct arena *a, const struct minute *e)
{
	struct fields f = { .minute = e->number };
	if (e->exempt_para > 0)
		f.paragraph = arena_printf(a, "%d", e->exempt_para);
	return f;
}

char *pack_exempt_minute_text(struct arena *a, const struct style *l,
    const char *langs, const struct minute *e)
{
	struct fields f = exempt_fields(a, e);
	return pack_text(a, l, langs, e->exempt_para > 0 ?
	    TEXT_EXEMPT_MINUTE_PARAGRAPH : TEXT_EXEMPT_MINUTE, &f);
}

/* One side of a vote as its cell: "6", or "3: A Jones, B Smith, C Lee". */
static const char *vote_count(struct arena *a, const struct vote_side *vs)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%d", vs->count);
	for (size_t i = 0; i < vs->nnames; i++)
		buf_printf(&b, "%s%s", i ? ", " : ": ", vs->names[i]);
	char *r = arena_strdup(a, b.s);
	buf_free(&b);
	return r;
}

/* Appends the vote v: "Voting:" and a row for each side given. */
static void vote_blocks(struct bb *b, const struct style *l,
    const struct vote *v, const char *langs)
{
	static const enum text_key labels[3] = { TEXT_VOTES_FOR,
	    TEXT_VOTES_AGAINST, TEXT_VOTES_ABSTAINED };
	struct arena *a = b->a;
	size_t n = 0;
	for (int k = 0; k < 3; k++)
		n += v->sides[k].count >= 0;
	bb_para(b, pack_text(a, l, langs, TEXT_VOTES, NULL), SPAN_BOLD)
	    ->u.para.keep_with_next = true;
	struct block *t = bb_kv(b, n);
	t->u.table.cols[0].width = 0;
	for (int k = 0; k < 3; k++)
		if (v->sides[k].count >= 0)
			kv_row(a, t, cell_text(a, pack_text(a, l, langs, labels[k], NULL),
			    0, v->pos), cell_text(a, vote_count(a, &v->sides[k]), 0,
			    v->pos));
}

struct blocks pack_minute_blocks(struct arena *a, const struct style *l,
    const struct minute *e, const char *langs, bool full)
{
	struct bb b;
	bb_init(&b, a, e->pos);
	if (e->exempt && !full) {
		bb_para(&b, pack_exempt_minute_text(a, l, langs, e), 0);
		return bb_done(&b);
	}
	if (e->exempt) {
		struct fields f = exempt_fields(a, e);
		bb_para(&b, pack_text(a, l, langs, e->exempt_para > 0 ?
		    TEXT_EXEMPT_ITEM : TEXT_NOT_FOR_PUBLICATION, &f), SPAN_BOLD);
	}
	if (e->ndeclarations > 0) {
		bb_para(&b, pack_text(a, l, langs, TEXT_DECLARATIONS, NULL),
		    SPAN_BOLD)->u.para.keep_with_next = true;
		struct block *bl = bb_add(&b, BLOCK_LIST);
		bl->u.list.style = LIST_BULLET;
		bl->u.list.start = 1;
		bl->u.list.n = e->ndeclarations;
		bl->u.list.items = arena_alloc(a, e->ndeclarations *
		    sizeof(struct list_item));
		for (size_t i = 0; i < e->ndeclarations; i++) {
			bl->u.list.items[i].body = cell_inl(a, e->declarations[i], e->pos);
			bl->u.list.items[i].pos = e->pos;
		}
	}
	bb_append(&b, &e->body);
	if (e->vote.given)
		vote_blocks(&b, l, &e->vote, langs);
	bb_append(&b, &e->resolved);
	return bb_done(&b);
}

/* Appends a list headed label (bold unless plain) of the n persons at p;
 * nothing when n is 0. */
static void people(struct bb *b, const char *label, bool plain,
    const struct person *p, size_t n)
{
	if (n == 0)
		return;
	if (label != NULL)
		bb_para(b, label, plain ? 0 : SPAN_BOLD);
	const char **names = arena_alloc(b->a, n * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = person_str(b->a, &p[i]);
	bb_list(b, LIST_NONE, names, n);
}

void pack_minutes_phrases(struct arena *a, const struct style *l,
    const struct minutes *mi, const char *lang, struct minutes_phrases *ph)
{
	struct fields f = { .committee = mi->committee, .venue = mi->venue,
	    .dy = mi->year, .dm = mi->month, .dd = mi->day,
	    .duse = DATE_USE_MEETING, .tuse = TIME_USE_MINUTES };
	if (mi->start_h >= 0) {
		f.has_time = true;
		f.th = mi->start_h;
		f.tm = mi->start_m;
	}
	ph->heading = pack_text(a, l, lang, f.has_time ? TEXT_MINUTES_HEADING_TIME :
	    TEXT_MINUTES_HEADING, &f);
	ph->present = pack_text(a, l, lang, TEXT_PRESENT, NULL);
	ph->also_present = pack_text(a, l, lang, TEXT_ALSO_PRESENT, NULL);
	ph->officers = pack_text(a, l, lang, TEXT_OFFICERS_PRESENT, NULL);
	ph->apologies = pack_text(a, l, lang, TEXT_APOLOGIES_FOR_ABSENCE, NULL);
	ph->closed = NULL;
	if (mi->closed_h >= 0) {
		f.has_time = true;
		f.th = mi->closed_h;
		f.tm = mi->closed_m;
		ph->closed = pack_text(a, l, lang, TEXT_CLOSED, &f);
	}
	ph->chair = mi->chair_role ? mi->chair_role : pack_text(a, l, lang,
	    TEXT_CHAIR, NULL);
	ph->date = pack_text(a, l, lang, TEXT_SIGNATURE_DATE, NULL);
}

struct blocks compose_minutes(struct arena *a, const struct style *l,
    const struct minutes *mi, const char *lang, bool standalone, bool full)
{
	for (size_t i = 0; i < mi->nentries; i++) {
		compose_dates(a, &mi->entries[i].body, l, lang);
		compose_dates(a, &mi->entries[i].resolved, l, lang);
	}
	struct minutes_phrases ph;
	pack_minutes_phrases(a, l, mi, lang, &ph);
	struct bb b;
	bb_init(&b, a, mi->pos);
	bb_heading(&b, 1, ph.heading);
	bb_para(&b, ph.present, SPAN_BOLD);
	people(&b, mi->present_heading ? arena_printf(a, "%s:",
	    mi->present_heading) : NULL, false, mi->present, mi->npresent);
	people(&b, ph.also_present, false, mi->also_present, mi->nalso_present);
	people(&b, ph.officers, true, mi->officers, mi->nofficers);
	people(&b, ph.apologies, false, mi->apologies, mi->napologies);
	for (size_t i = 0; i < mi->nentries; i++) {
		const struct minute *e = &mi->entries[i];
		bb_heading(&b, 2, arena_printf(a, "%s\xc2\xa0\xc2\xa0%s", e->number,
		    e->title));
		struct blocks eb = pack_minute_blocks(a, l, e, lang, full);
		bb_append(&b, &eb);
	}
	if (ph.closed != NULL)
		bb_para(&b, ph.closed, 0);
	if (standalone && mi->approved.given)
		approval_blocks(a, &b, l, &mi->approved, lang);
	struct block *sig = bb_add(&b, BLOCK_SIGNATURE);
	sig->u.signature.role = ph.chair;
	sig->u.signature.date_label = ph.date;
	return bb_done(&b);
}

void pack_exempt_reasons(struct arena *a, struct meeting *m,
    const struct style *l)
{
	const char *langs = m->langs ? m->langs : m->lang;
	for (size_t i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];
		if (!it->exempt || it->exempt_para <= 0 || it->exempt_reason != NULL)
			continue;
		struct fields f = { .paragraph = arena_printf(a, "%d",
		    it->exempt_para) };
		it->exempt_reason = pack_text(a, l, langs, TEXT_EXEMPT_ITEM, &f);
	}
}
