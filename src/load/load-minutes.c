/*
 * load-minutes.c - a minutes file (paper: minutes) into struct minutes:
 * who was there, each minute with the declarations made, its body, the
 * vote, the resolutions and whether it is exempt, the closing time and
 * the approval.  Schema (docs/format.md, "Minutes files"):
 *
 *   minutes:  paper council committee date time venue language layout
 *             present_heading present also_present officers apologies
 *             minutes closed chair_role approved{date minute name role
 *             location}
 *   minute:   number title declarations body vote{for against abstained}
 *             resolved exempt
 *
 * A side of a vote is a count or a list of the names voting that way
 * (the count is then the list's length).  'exempt' is true, false or
 * the paragraph of Schedule 12A (1 to 7, Part 1; 12 to 18, Part 4 in
 * Wales).
 */
#include "load-int.h"

#include <stdlib.h>
#include <string.h>

void load_exempt(const struct ynode *n, bool *exempt, int *para)
{
	*exempt = false;
	*para = 0;
	if (n == NULL || yamltree_is_null(n))
		return;
	if (n->kind == YNODE_SCALAR && n->len > 0 && n->len < 6 &&
	    strspn(n->text, "0123456789") == n->len) {
		int v = atoi(n->text);
		if (EXEMPT_PARA_OK(v)) {
			*exempt = true;
			*para = v;
			return;
		}
	} else if (n->kind == YNODE_SCALAR) {
		static const char *const yes[] = { "true", "True", "TRUE", "yes",
		    "Yes", "YES", "on", "On", "ON", NULL };
		static const char *const no[] = { "false", "False", "FALSE", "no",
		    "No", "NO", "off", "Off", "OFF", NULL };
		if (load_known(n->text, yes) || load_known(n->text, no)) {
			*exempt = load_known(n->text, yes);
			return;
		}
	}
	diag(DIAG_ERROR, n->pos, "'exempt' must be true, false or the paragraph "
	    "of Schedule 12A (1 to 7; 12 to 18 in Wales)%s%s%s",
	    n->kind == YNODE_SCALAR ? ", not '" : "",
	    n->kind == YNODE_SCALAR ? n->text : "",
	    n->kind == YNODE_SCALAR ? "'" : "");
}

/* approved{date minute name role location}: the approval of the
 * minutes as a correct record, into mi->approved. */
static void load_approval(const struct ynode *n, struct minutes *mi)
{
	static keylist keys = { "date", "minute", "name", "role", "location",
	    NULL };
	if (n == NULL || !load_is_map(n, "'approved'"))
		return;
	load_keys(n, keys);
	struct approval *ap = &mi->approved;
	ap->pos = n->pos;
	const struct ynode *d = load_req(n, "date");
	bool ok = d != NULL && load_date(d, "date", &ap->y, &ap->mo, &ap->d);
	ap->minute = load_text(yamltree_get(n, "minute"), "minute");
	ap->name = load_req_text(n, "name");
	ap->role = load_text(yamltree_get(n, "role"), "role");
	if (ap->role == NULL)
		ap->role = mi->chair_role;
	ap->location = load_text(yamltree_get(n, "location"), "location");
	ap->given = ok && ap->name != NULL;
}

/* One side of a vote (n, or NULL: not given) under key: a count, or the
 * names voting that way. */
static void load_vote_side(struct loader *ld, const struct ynode *n,
    const char *key, struct vote_side *vs)
{
	vs->count = -1;
	if (n == NULL || yamltree_is_null(n))
		return;
	vs->pos = n->pos;
	if (n->kind == YNODE_SEQ) {
		vs->names = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
		    sizeof *vs->names);
		vs->name_pos = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
		    sizeof *vs->name_pos);
		for (size_t i = 0; i < n->nitems; i++) {
			const char *s = load_text(n->items[i], key);
			if (s == NULL || s[0] == '\0') {
				diag(DIAG_ERROR, n->items[i]->pos, "each name in '%s' must "
				    "be a member's name", key);
				continue;
			}
			vs->name_pos[vs->nnames] = n->items[i]->pos;
			vs->names[vs->nnames++] = s;
		}
		vs->count = (int)vs->nnames;
		return;
	}
	vs->count = (int)load_int(n, key, 0, 10000, -1);
}

/* vote{for against abstained} of a minute (n, or NULL) into v. */
static void load_vote(struct loader *ld, const struct ynode *n,
    struct vote *v)
{
	static keylist keys = { "for", "against", "abstained", NULL };
	for (int k = 0; k < 3; k++)
		v->sides[k].count = -1;
	if (n == NULL || yamltree_is_null(n) || !load_is_map(n, "'vote'"))
		return;
	load_keys(n, keys);
	v->pos = n->pos;
	for (int k = 0; k < 3; k++) {
		load_vote_side(ld, yamltree_get(n, keys[k]), keys[k], &v->sides[k]);
		v->given |= v->sides[k].count >= 0;
	}
	if (!v->given)
		diag(DIAG_ERROR, n->pos, "a 'vote' needs at least one of 'for', "
		    "'against' or 'abstained'");
}

/* One minute, mapping e (the i-th), into en; its number into num. */
static void load_minute(struct loader *ld, const struct ynode *e, size_t i,
    struct minute *en, struct numbered *num)
{
	static keylist keys = { "number", "title", "declarations", "body",
	    "vote", "resolved", "exempt", NULL };
	load_keys(e, keys);
	en->pos = e->pos;
	const struct ynode *nn = yamltree_get(e, "number");
	en->number = load_text(nn, "number");
	num->pos = e->pos;
	if (en->number == NULL || en->number[0] == '\0')
		en->number = arena_printf(ld->a, "%zu", i + 1);
	else
		num->pos = nn->pos;
	const struct ynode *etn = yamltree_get(e, "title");
	en->title = load_is_lang_map(etn) ? load_langs_scalar(ld, etn)->text :
	    load_req_text(e, "title");
	const struct ynode *d = yamltree_get(e, "declarations");
	if (d != NULL && load_is_seq(d, "declarations") && d->nitems > 0) {
		en->declarations = arena_alloc(ld->a, d->nitems *
		    sizeof *en->declarations);
		for (size_t k = 0; k < d->nitems; k++)
			en->declarations[en->ndeclarations++] = load_inline(ld,
			    load_langs_scalar(ld, d->items[k]), "declarations");
	}
	en->body = load_blocks(ld, yamltree_get(e, "body"));
	load_vote(ld, yamltree_get(e, "vote"), &en->vote);
	const struct ynode *r = yamltree_get(e, "resolved");
	if (r != NULL)
		en->resolved = load_agreed(ld, r, r, "resolved");
	load_exempt(yamltree_get(e, "exempt"), &en->exempt, &en->exempt_para);
	num->number = en->number;
}

struct minutes *load_minutes(struct loader *ld, const struct ynode *root,
    const char **lang)
{
	static keylist keys = { "paper", "council", "committee", "date", "time",
	    "venue", "language", "present_heading", "present", "also_present",
	    "officers", "apologies", "minutes", "closed", "chair_role",
	    "approved", "layout", NULL };
	struct minutes *mi = arena_alloc(ld->a, sizeof *mi);
	load_keys(root, keys);
	mi->pos = root->pos;
	mi->council = load_text(yamltree_get(root, "council"), "council");
	mi->committee = load_req_text(root, "committee");
	const struct ynode *date = load_req(root, "date");
	if (date != NULL)
		load_date(date, "date", &mi->year, &mi->month, &mi->day);
	load_time(yamltree_get(root, "time"), "time", &mi->start_h,
	    &mi->start_m);
	mi->venue = load_req_text(root, "venue");
	const struct ynode *lay = yamltree_get(root, "layout");
	if (lay != NULL) {
		mi->layout = load_text(lay, "layout");
		mi->layout_pos = lay->pos;
	}
	*lang = load_text(yamltree_get(root, "language"), "language");
	mi->present_heading = load_text(yamltree_get(root, "present_heading"),
	    "present_heading");
	mi->present = load_persons(ld, root, "present", &mi->npresent);
	mi->also_present = load_persons(ld, root, "also_present",
	    &mi->nalso_present);
	mi->officers = load_persons(ld, root, "officers", &mi->nofficers);
	mi->apologies = load_persons(ld, root, "apologies", &mi->napologies);
	load_time(yamltree_get(root, "closed"), "closed", &mi->closed_h,
	    &mi->closed_m);
	mi->chair_role = load_text(yamltree_get(root, "chair_role"), "chair_role");
	load_approval(yamltree_get(root, "approved"), mi);
	const struct ynode *n = yamltree_get(root, "minutes");
	if (n == NULL || !load_is_seq(n, "minutes"))
		return mi;
	if (n->nitems > LOAD_MAX_ITEMS) {
		diag(DIAG_ERROR, n->pos, "the minutes have %zu "
		    "entries; the limit is %d", n->nitems, LOAD_MAX_ITEMS);
		return mi;
	}
	mi->entries = arena_alloc(ld->a, (n->nitems ? n->nitems : 1) *
	    sizeof *mi->entries);
	struct numbered *nums = xmalloc((n->nitems ? n->nitems : 1) *
	    sizeof *nums);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *e = n->items[i];
		if (!load_is_map(e, "a minute"))
			continue;
		load_minute(ld, e, i, &mi->entries[mi->nentries],
		    &nums[mi->nentries]);
		nums[mi->nentries].index = mi->nentries;
		mi->nentries++;
	}
	load_check_numbers(nums, mi->nentries, "minute");
	free(nums);
	return mi;
}
