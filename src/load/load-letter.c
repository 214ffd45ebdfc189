/*
 * load-letter.c - letter files (paper: letter) into the model: sender,
 * date, delivery, addressees, salutation, subject, body, closing,
 * signer, copies; the meeting a letter refers to, and the minute whose
 * agreed list a 'resolutions' body block prints.
 *
 * The schema is docs/format.md, "Letters":
 *
 *   letter:  paper meeting language date from email delivery to
 *            salutation subject body closing signature cc
 *   to:      {name role address}   (role, address: text or lines)
 *   signature: {name role image alt}
 *   body:    blocks, and {resolutions: {minutes minute style}}
 *
 * Like the rest of the loader, every problem is reported at its place
 * and loading goes on.
 */
#include "load-int.h"

#include <string.h>

/* Lines of n: one text, or a list of texts (key names it). */
static const char **load_lines(struct loader *ld, const struct ynode *n,
    const char *key, size_t *count)
{
	*count = 0;
	if (n == NULL || yamltree_is_null(n))
		return NULL;
	if (n->kind == YNODE_SCALAR) {
		const char **v = arena_alloc(ld->a, sizeof *v);
		v[0] = load_text(n, key);
		*count = 1;
		return v;
	}
	if (!load_is_seq(n, key))
		return NULL;
	const char **v = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) * sizeof *v);
	for (size_t i = 0; i < n->nitems; i++) {
		const char *s = load_text(n->items[i], key);
		if (s != NULL)
			v[(*count)++] = s;
	}
	return v;
}

/* A party {name, role, address} (an addressee, or the signer with
 * image and alt allowed): role and address lines joined, role first. */
static void load_party(struct loader *ld, const struct ynode *n,
    struct letter_party *p, const char *const *keys)
{
	p->pos = n->pos;
	p->name = "";
	if (n->kind == YNODE_SCALAR) {
		p->name = load_text(n, "name");
		return;
	}
	if (!load_is_map(n, "an addressee or the signature"))
		return;
	load_keys(n, keys);
	p->name = load_req_text(n, "name");
	size_t nr, na;
	const char **r = load_lines(ld, yamltree_get(n, "role"), "role", &nr);
	const char **ad = load_lines(ld, yamltree_get(n, "address"), "address",
	    &na);
	p->lines = arena_alloc(ld->a, (nr + na + 1) * sizeof *p->lines);
	for (size_t i = 0; i < nr; i++)
		p->lines[p->nlines++] = r[i];
	for (size_t i = 0; i < na; i++)
		p->lines[p->nlines++] = ad[i];
}

/* The minute numbered num in the minutes file pathn names (relative to
 * the letter), or NULL after reporting. */
static const struct minute *find_minute(struct loader *ld,
    const struct ynode *pathn, const struct ynode *numn)
{
	struct paper *p = arena_alloc(ld->a, sizeof *p);
	int before = diag_count(DIAG_ERROR);
	load_paper_path(ld, pathn, p);
	if (diag_count(DIAG_ERROR) > before)
		return NULL;
	if (p->kind != PAPER_MINUTES || p->minutes == NULL) {
		diag(DIAG_ERROR, pathn->pos, "'%s' is not a minutes file ('paper: "
		    "minutes')", pathn->text);
		return NULL;
	}
	const char *num = load_text(numn, "minute");
	if (num == NULL)
		return NULL;
	for (size_t i = 0; i < p->minutes->nentries; i++)
		if (strcmp(p->minutes->entries[i].number, num) == 0)
			return &p->minutes->entries[i];
	diag(DIAG_ERROR, numn->pos, "'%s' has no minute %s", pathn->text, num);
	return NULL;
}

/* The agreed list of minute mn: its 'resolved' list, else the list an
 * 'agreed' block made (after its "It was Agreed that:" paragraph), else
 * its only list; NULL when there is none or the choice is not clear. */
static const struct block *agreed_list(const struct minute *mn)
{
	if (mn->resolved.n == 2)           /* the minute's 'resolved' */
		return &mn->resolved.v[1];
	const struct block *only = NULL;
	size_t nlists = 0;
	for (size_t i = 0; i < mn->body.n; i++) {
		const struct block *b = &mn->body.v[i];
		if (b->kind != BLOCK_LIST)
			continue;
		nlists++;
		only = b;
		const struct block *pr = i > 0 ? &mn->body.v[i - 1] : NULL;
		if (pr != NULL && pr->kind == BLOCK_PARA && pr->u.para.keep_with_next &&
		    pr->u.para.text.n == 3 &&
		    strcmp(pr->u.para.text.spans[1].text, "Agreed") == 0)
			return b;
	}
	return nlists == 1 ? only : NULL;
}

/* {resolutions: {minutes, minute, style}}: the agreed list of that
 * minute, appended to out as a list in style. */
static void load_resolutions(struct loader *ld, const struct ynode *n,
    struct vec *out)
{
	static keylist keys = { "minutes", "minute", "style", NULL };
	static const char *const styles[] = { "bullet", "number", "roman",
	    "alpha", "none", NULL };
	static const enum list_style values[] = { LIST_BULLET, LIST_NUMBER,
	    LIST_ROMAN, LIST_ALPHA, LIST_NONE };
	static keylist block_keys = { "resolutions", NULL };
	const struct ynode *v = yamltree_get(n, "resolutions");
	load_keys(n, block_keys);
	if (!load_is_map(v, "'resolutions'"))
		return;
	load_keys(v, keys);
	const struct ynode *pathn = load_req(v, "minutes");
	const struct ynode *numn = load_req(v, "minute");
	int st = load_choice(yamltree_get(v, "style"), "style", styles, -1);
	if (pathn == NULL || numn == NULL || pathn->kind != YNODE_SCALAR)
		return;
	const struct minute *mn = find_minute(ld, pathn, numn);
	if (mn == NULL)
		return;
	if (mn->exempt) {
		diag(DIAG_ERROR, numn->pos, "minute %s of '%s' is exempt; a letter "
		    "cannot print its resolutions (the public minutes leave them out)",
		    mn->number, pathn->text);
		return;
	}
	const struct block *list = agreed_list(mn);
	if (list == NULL) {
		diag(DIAG_ERROR, numn->pos, "minute %s of '%s' has no 'agreed' list "
		    "to print", mn->number, pathn->text);
		return;
	}
	struct block *b = vec_push(out);
	*b = *list;
	b->pos = n->pos;
	if (st >= 0)
		b->u.list.style = values[st];
}

/* The letter's body: blocks, with 'resolutions' blocks expanded. */
static struct blocks load_letter_body(struct loader *ld, const struct ynode *n)
{
	struct blocks r = { NULL, 0 };
	if (n == NULL || yamltree_is_null(n))
		return r;
	if (n->kind != YNODE_SEQ)
		return load_blocks(ld, n);
	struct vec v;
	vec_init(&v, sizeof(struct block));
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		if (e->kind == YNODE_MAP && yamltree_get(e, "resolutions") != NULL) {
			load_resolutions(ld, e, &v);
			continue;
		}
		struct blocks b = load_blocks(ld, e);
		for (size_t k = 0; k < b.n; k++)
			*(struct block *)vec_push(&v) = b.v[k];
	}
	r.n = v.n;
	r.v = vec_to_arena(&v, ld->a);
	return r;
}

/* The meeting file 'meeting' names, loaded whole, or NULL (reported). */
static const struct meeting *load_letter_meeting(struct loader *ld,
    const struct ynode *n)
{
	const char *rel = load_text(n, "meeting");
	if (rel == NULL)
		return NULL;
	const char *path = path_join(ld->a, ld->dir, rel);
	if (load_wrong_kind(ld->a, path, n->pos, rel, LOAD_WANT_PAPER))
		return NULL;
	enum doc_kind kind;
	int status;
	struct meeting *m = load_document(ld->a, path, &kind, &status);
	if (status == AP_EXIT_NOINPUT)
		diag(DIAG_ERROR, n->pos, "cannot read the meeting file '%s'", rel);
	if (m == NULL || status != 0)
		return NULL;
	if (kind != DOC_MEETING) {
		diag(DIAG_ERROR, n->pos, "'%s' is not a meeting file", rel);
		return NULL;
	}
	return m;
}

/* The signature {name role image alt}: the signer and the image block. */
static void load_signature(struct loader *ld, const struct ynode *n,
    struct letter *lt)
{
	static keylist keys = { "name", "role", "image", "alt", NULL };
	if (n == NULL)
		return;
	load_party(ld, n, &lt->signer, keys);
	const struct ynode *im = n->kind == YNODE_MAP ? yamltree_get(n, "image") : NULL;
	const char *rel = load_text(im, "image");
	if (rel == NULL)
		return;
	struct block *b = arena_alloc(ld->a, sizeof *b);
	b->kind = BLOCK_IMAGE;
	b->pos = im->pos;
	b->u.image.path = path_join(ld->a, ld->dir, rel);
	b->u.image.alt = load_text(yamltree_get(n, "alt"), "alt");
	if (b->u.image.alt == NULL)
		b->u.image.alt = arena_printf(ld->a, "Signature of %s", lt->signer.name);
	b->u.image.width = 0.3;
	if (!load_wrong_kind(ld->a, b->u.image.path, im->pos, rel, LOAD_WANT_IMAGE))
		lt->signature = (struct blocks){ b, 1 };
}

void load_letter(struct loader *ld, const struct ynode *root, struct paper *p)
{
	static keylist keys = { "paper", "meeting", "language", "date", "from",
	    "email", "delivery", "to", "salutation", "subject", "body", "closing",
	    "signature", "cc", NULL };
	static keylist to_keys = { "name", "role", "address", NULL };
	struct letter *lt = arena_alloc(ld->a, sizeof *lt);
	load_keys(root, keys);
	p->kind = PAPER_LETTER;
	p->letter = lt;
	lt->pos = root->pos;
	p->lang = load_text(yamltree_get(root, "language"), "language");
	const struct ynode *n = yamltree_get(root, "meeting");
	if (n != NULL)
		lt->meeting = load_letter_meeting(ld, n);
	struct date_ref *d = load_date_ref(ld, load_req(root, "date"), "date",
	    DATE_USE_TEXT);
	if (d != NULL) {
		lt->y = d->y;
		lt->mo = d->mo;
		lt->d = d->d;
		lt->date_form = d->form;
	}
	if ((n = yamltree_get(root, "from")) != NULL)
		lt->from = load_lines(ld, n, "from", &lt->nfrom);
	lt->email = load_text(yamltree_get(root, "email"), "email");
	lt->delivery = load_text(yamltree_get(root, "delivery"), "delivery");
	n = load_req(root, "to");
	if (n != NULL && n->kind == YNODE_SEQ) {
		lt->to = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) * sizeof *lt->to);
		for (size_t i = 0; i < n->nitems; i++)
			load_party(ld, n->items[i], &lt->to[lt->nto++], to_keys);
	} else if (n != NULL) {
		lt->to = arena_alloc(ld->a, sizeof *lt->to);
		load_party(ld, n, &lt->to[lt->nto++], to_keys);
	}
	lt->salutation = load_text(yamltree_get(root, "salutation"), "salutation");
	lt->subject = load_text(yamltree_get(root, "subject"), "subject");
	lt->body = load_letter_body(ld, yamltree_get(root, "body"));
	lt->closing = load_text(yamltree_get(root, "closing"), "closing");
	load_signature(ld, load_req(root, "signature"), lt);
	n = yamltree_get(root, "cc");
	if (n != NULL && load_is_seq(n, "cc")) {
		lt->cc = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) * sizeof *lt->cc);
		for (size_t i = 0; i < n->nitems; i++) {
			struct person *c = &lt->cc[lt->ncc++];
			c->pos = n->items[i]->pos;
			c->name = load_text(n->items[i], "cc");
			if (c->name == NULL)
				c->name = "";
		}
	}
}
