/*
 * editions.c - which papers a pack carries (the edition, the main pack
 * or supplement N, the record edition), the items whose papers follow,
 * a supplement's page-number prefix and description, and the full
 * editions' running mark.
 */
#include "pack-int.h"

/* Whether the edition carries item it (the public one leaves exempt
 * items out). */
static bool item_in_edition(const struct item *it, const struct pack_options *o)
{
	return !(it->exempt && o->edition == EDITION_PUBLIC);
}

/* The papers of item it that this pack carries: supplement N only the
 * papers late for it, the main pack none of the papers to follow, the
 * record edition every paper. */
bool pack_paper_in_pack(const struct item *it, const struct paper *p,
    const struct pack_options *o)
{
	if (!item_in_edition(it, o))
		return false;
	if (o->supplement > 0)
		return p->late == o->supplement;
	return o->edition == EDITION_RECORD || p->late == 0;
}

bool pack_item_to_follow(const struct item *it, const struct pack_options *o)
{
	if (o->supplement > 0 || o->edition == EDITION_RECORD || !item_in_edition(it, o))
		return false;
	for (size_t k = 0; k < it->npapers; k++)
		if (it->papers[k].late > 0)
			return true;
	return false;
}

const char *pack_prefix(struct arena *a, const struct style *l,
    const struct pack_options *o)
{
	if (o->supplement == 0 || l->supplement_continue)
		return "";
	struct fields f = { .n = arena_printf(a, "%d", o->supplement) };
	return pack_expand(a, l->supplement_prefix, &f);
}

const struct supplement *pack_supplement(const struct meeting *m, int n)
{
	for (size_t i = 0; i < m->nsupplements; i++)
		if (m->supplements[i].number == n)
			return &m->supplements[i];
	return NULL;
}

bool pack_item_in_supplement(const struct item *it, int n)
{
	for (size_t k = 0; k < it->npapers; k++)
		if (n > 0 && it->papers[k].late == n)
			return true;
	return false;
}

/* The mark of an edition with exempt papers in it, or NULL (public). */
const char *pack_edition_mark(struct arena *a, const struct style *l,
    const char *lg, const struct pack_options *o)
{
	if (o->edition == EDITION_PUBLIC)
		return NULL;
	return pack_text(a, l, lg, o->edition == EDITION_RECORD ?
	    TEXT_EDITION_RECORD : TEXT_EDITION_FULL, NULL);
}

