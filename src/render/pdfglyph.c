/*
 * pdfglyph.c - glyphs in libharu 2.3.0's TrueType fonts: a faster
 * HPDF_TTFontDef_GetGlyphid (see pdffix.h, "Glyph lookup"), and the
 * glyphs of text libharu did not measure marked for the embedded subset
 * (pdffix_mark_glyphs).  Like pdffix.c it reads libharu's private
 * structs (HPDF_TTFontDefAttr_Rec's cmap, HPDF_FontAttr_Rec's type and
 * fontdef, through hpdfpriv.h), and only for 2.3.0.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "hpdfpriv.h"
#include "pdffix.h"

typedef HPDF_UINT16 glyphid_fn(HPDF_FontDef, HPDF_UINT16);
/* The cmaps seen since the last pdffix_release(): end codes ascend?
 * and the answers given so far (libharu asks for the same codes again
 * and again, twice a character drawn). */
static _Thread_local struct seen_cmap {
	const void *end;
	bool ascends;
	uint16_t *gid;                     /* per code: its glyph, once known */
	uint8_t *known;                    /* per code: a bit, gid[] is set */
} cmaps[16];
static _Thread_local size_t ncmaps;
static _Thread_local struct seen_cmap *lastcm;   /* the last one asked */

/* The record of cmap c (its end codes checked for ascending order the
 * first time), or NULL when too many cmaps were seen. */
static struct seen_cmap *cmap_seen(const HPDF_TTF_CmapRange *c)
{
	if (lastcm != NULL && lastcm->end == c->end_count)
		return lastcm;
	for (size_t i = 0; i < ncmaps; i++)
		if (cmaps[i].end == c->end_count)
			return lastcm = &cmaps[i];
	if (ncmaps == sizeof cmaps / sizeof cmaps[0])
		return NULL;
	bool up = true;
	for (unsigned i = 1; i < c->seg_count_x2 / 2u && up; i++)
		up = c->end_count[i - 1] <= c->end_count[i];
	cmaps[ncmaps] = (struct seen_cmap){ c->end_count, up, NULL, NULL };
	return lastcm = &cmaps[ncmaps++];
}

/* Whether the end codes of cmap c ascend (remembered per cmap). */
static bool cmap_ascends(const HPDF_TTF_CmapRange *c)
{
	const struct seen_cmap *sc = cmap_seen(c);
	if (sc != NULL)
		return sc->ascends;
	bool up = true;
	for (unsigned i = 1; i < c->seg_count_x2 / 2u && up; i++)
		up = c->end_count[i - 1] <= c->end_count[i];
	return up;
}

/* The cmap's glyph for code u, by the search below (the answer kept in
 * the cmap's table when it has one). */
static HPDF_UINT16 glyph_search(HPDF_FontDef fontdef, HPDF_UINT16 unicode);

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	const HPDF_TTF_CmapRange *c = &((HPDF_TTFontDefAttr)fontdef->attr)->cmap;
	struct seen_cmap *sc = lastcm;     /* only ever a format 4 cmap's */
	if (sc == NULL || sc->end != c->end_count)
		sc = c->format == 4 ? cmap_seen(c) : NULL;
	if (sc == NULL || !sc->ascends)
		return glyph_search(fontdef, unicode);
	if (sc->gid == NULL) {
		sc->gid = malloc(65536 * sizeof *sc->gid);
		sc->known = calloc(65536 / 8, 1);
		if (sc->gid == NULL || sc->known == NULL) {
			free(sc->gid);
			free(sc->known);
			sc->gid = NULL;
			sc->known = NULL;
			return glyph_search(fontdef, unicode);
		}
	}
	if (sc->known[unicode >> 3] & (1u << (unicode & 7)))
		return sc->gid[unicode];
	HPDF_UINT16 g = glyph_search(fontdef, unicode);
	sc->gid[unicode] = g;
	sc->known[unicode >> 3] |= (uint8_t)(1u << (unicode & 7));
	return g;
}

/* The glyph of unicode in fontdef's cmap: a binary search over its
 * segments, or libharu's own lookup for what 2.3.0 treats specially. */
static HPDF_UINT16 glyph_search(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	static glyphid_fn *_Atomic libharu;
	glyphid_fn *real = libharu;
	if (real == NULL) {
		real = (glyphid_fn *)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");
		if (real == NULL) {
			fprintf(stderr, "agendapack: libharu's HPDF_TTFontDef_GetGlyphid "
			    "not found: %s\n", dlerror());
			abort();
		}
		libharu = real;
	}
	const HPDF_TTF_CmapRange *c = &((HPDF_TTFontDefAttr)fontdef->attr)->cmap;
	unsigned n = c->seg_count_x2 / 2u;
	if (c->format != 4 || n == 0 || !cmap_ascends(c))
		return real(fontdef, unicode);
	/* lo: the first segment ending at or after the code.  libharu asks
	 * for the codes in ascending order: try the last answer and the next
	 * segment before searching. */
	static _Thread_local unsigned last;
	unsigned lo = 0, hi = n;
	if (last < n && c->end_count[last] >= unicode &&
	    (last == 0 || c->end_count[last - 1] < unicode))
		lo = hi = last;
	else if (last + 1 < n && c->end_count[last + 1] >= unicode &&
	    c->end_count[last] < unicode)
		lo = hi = last + 1;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (c->end_count[mid] < unicode)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return real(fontdef, unicode);
	last = lo;
	if (c->start_count[lo] > unicode)
		return 0;                  /* in no segment */
	if (c->id_range_offset[lo] == 0)
		return (HPDF_UINT16)(unicode + c->id_delta[lo]);
	size_t idx = c->id_range_offset[lo] / 2u + (unicode - c->start_count[lo]) - (n - lo);
	if (idx >= c->glyph_id_array_count)
		return real(fontdef, unicode);
	return (HPDF_UINT16)(c->glyph_id_array[idx] + c->id_delta[lo]);
}

void pdfglyph_release(void)
{
	for (size_t i = 0; i < ncmaps; i++) {
		free(cmaps[i].gid);
		free(cmaps[i].known);
	}
	ncmaps = 0;
	lastcm = NULL;
}

int pdffix_mark_glyphs(HPDF_Font font, const struct pdffix_codes *used)
{
	if (!font || !font->attr || !used)
		return HPDF_INVALID_FONT;
	HPDF_FontAttr fa = font->attr;
	if (fa->type != HPDF_FONT_TYPE0_TT || !fa->fontdef ||
	    fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return HPDF_INVALID_FONT;
	/* Measuring a character is what marks its glyph (and a composite
	 * glyph's parts) in the definition's flags, which decide what
	 * HPDF_TTFontDef_SaveFontData copies: the same call, once a code. */
	for (unsigned w = 0; w < 65536 / 64; w++)
		for (uint64_t b = used->bits[w]; b != 0; b &= b - 1)
			(void)HPDF_TTFontDef_GetCharWidth(fa->fontdef,
			    (HPDF_UINT16)(w * 64 + (unsigned)__builtin_ctzll(b)));
	return 0;
}
