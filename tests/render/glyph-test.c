/*
 * glyph-test.c - src/render/pdfglyph.c's HPDF_TTFontDef_GetGlyphid gives
 * libharu 2.3.0's own answer (found with dlsym RTLD_NEXT) for every BMP
 * code of every TrueType file named on the command line, asked twice (the
 * second time pdfglyph.c answers from the table it kept), and is the one
 * the program calls.  Usage: glyph-test FONT.ttf...  Prints one line per
 * font; exits 1 on the first difference.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <hpdf.h>

#include "render/pdffix.h"

typedef HPDF_UINT16 glyphid_fn(HPDF_FontDef, HPDF_UINT16);
HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode);
/* libharu frees a font definition it registered; this one it did not. */
void HPDF_FontDef_Free(HPDF_FontDef fontdef);

int main(int argc, char **argv)
{
	glyphid_fn *theirs = (glyphid_fn *)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");
	glyphid_fn *called = (glyphid_fn *)dlsym(RTLD_DEFAULT, "HPDF_TTFontDef_GetGlyphid");
	if (theirs == NULL || called != HPDF_TTFontDef_GetGlyphid || theirs == called) {
		fprintf(stderr, "glyph-test: the program's lookup does not take libharu's place\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		HPDF_Doc doc = HPDF_New(NULL, NULL);
		HPDF_FontDef def = doc ? HPDF_GetTTFontDefFromFile(doc, argv[i], HPDF_FALSE) : NULL;
		if (def == NULL) {
			fprintf(stderr, "glyph-test: cannot load %s\n", argv[i]);
			return 1;
		}
		unsigned mapped = 0;
		/* Twice: the second pass gets the answers pdfglyph.c kept. */
		for (unsigned u = 0; u < 2 * 65536; u++) {
			HPDF_UINT16 a = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
			HPDF_UINT16 b = theirs(def, (HPDF_UINT16)u);
			if (u >= 65536) {
				if (a != b) {
					fprintf(stderr, "glyph-test: %s: U+%04X asked again gives "
					    "glyph %u, libharu %u\n", argv[i], u & 0xFFFF, a, b);
					return 1;
				}
				continue;
			}
			if (a != b) {
				fprintf(stderr, "glyph-test: %s: U+%04X gives glyph %u, libharu %u\n",
				    argv[i], u, a, b);
				return 1;
			}
			mapped += a != 0;
		}
		printf("%s: 65536 codes, %u with a glyph, all as libharu\n", argv[i], mapped);
		HPDF_FontDef_Free(def);        /* not the document's: not embedded */
		HPDF_Free(doc);
		pdffix_release();
	}
	return 0;
}
