/*
 * pdfglyph.c - a faster HPDF_TTFontDef_GetGlyphid for libharu 2.3.0 (see
 * pdffix.h, "Glyph lookup").  Like pdffix.c it reads libharu's private
 * structs (HPDF_TTFontDefAttr_Rec's cmap, through hpdfpriv.h), and only
 * for 2.3.0.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "hpdfpriv.h"
#include "pdffix.h"

typedef HPDF_UINT16 glyphid_fn(HPDF_FontDef, HPDF_UINT16);
/* The cmaps seen since the last pdffix_release(): end codes ascend? */
static _Thread_local struct seen_cmap { const void *end; bool ascends; } cmaps[16];
static _Thread_local size_t ncmaps;

/* Whether the end codes of cmap c ascend (remembered per cmap). */
static bool cmap_ascends(const HPDF_TTF_CmapRange *c)
{
	for (size_t i = 0; i < ncmaps; i++)
		if (cmaps[i].end == c->end_count)
			return cmaps[i].ascends;
	bool up = true;
	for (unsigned i = 1; i < c->seg_count_x2 / 2u && up; i++)
		up = c->end_count[i - 1] <= c->end_count[i];
	if (ncmaps < sizeof cmaps / sizeof cmaps[0])
		cmaps[ncmaps++] = (struct seen_cmap){ c->end_count, up };
	return up;
}

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
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
	ncmaps = 0;
}
