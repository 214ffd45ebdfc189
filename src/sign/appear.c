/*
 * appear.c - the signature widget's appearance as glyph outlines (see
 * appear.h).  TrueType outlines are quadratic: each conic segment becomes
 * the cubic that draws the same curve.  Contours are filled with the
 * nonzero winding rule, as TrueType's are meant to be.
 */
#include "appear.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

/* Where outline points go: the stream, and the map from font units. */
struct pen {
	struct buf *b;
	double ox, oy;                     /* glyph origin on the page, pt */
	double scale;                      /* pt per font unit */
	double cx, cy;                     /* current point, font units */
};

/* Appends the page coordinates of font-unit point (x, y). */
static void pt(struct pen *p, double x, double y)
{
	buf_printf(p->b, "%.2f %.2f ", p->ox + x * p->scale, p->oy + y * p->scale);
}

/* FreeType outline callbacks: path operators, 0 to go on. */
static int move_to(const FT_Vector *to, void *u)
{
	struct pen *p = u;
	pt(p, to->x, to->y);
	buf_adds(p->b, "m\n");
	p->cx = to->x;
	p->cy = to->y;
	return 0;
}

/* Straight segment to to. */
static int line_to(const FT_Vector *to, void *u)
{
	struct pen *p = u;
	pt(p, to->x, to->y);
	buf_adds(p->b, "l\n");
	p->cx = to->x;
	p->cy = to->y;
	return 0;
}

/* Quadratic segment through control c: the equal cubic. */
static int conic_to(const FT_Vector *c, const FT_Vector *to, void *u)
{
	struct pen *p = u;
	pt(p, p->cx + 2.0 / 3.0 * (c->x - p->cx), p->cy + 2.0 / 3.0 * (c->y - p->cy));
	pt(p, to->x + 2.0 / 3.0 * (c->x - to->x), to->y + 2.0 / 3.0 * (c->y - to->y));
	pt(p, to->x, to->y);
	buf_adds(p->b, "c\n");
	p->cx = to->x;
	p->cy = to->y;
	return 0;
}

/* Cubic segment (CFF-flavoured fonts). */
static int cubic_to(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
	struct pen *p = u;
	pt(p, c1->x, c1->y);
	pt(p, c2->x, c2->y);
	pt(p, to->x, to->y);
	buf_adds(p->b, "c\n");
	p->cx = to->x;
	p->cy = to->y;
	return 0;
}

/* The file of the first sans-serif font fontconfig offers, or NULL. */
static char *find_font(void)
{
	static const char *const want[] = { "Liberation Sans", "DejaVu Sans", "sans-serif" };
	char *path = NULL;
	if (!FcInit())
		return NULL;
	for (size_t i = 0; i < sizeof want / sizeof want[0] && path == NULL; i++) {
		FcPattern *pat = FcNameParse((const FcChar8 *)want[i]);
		if (pat == NULL)
			continue;
		FcConfigSubstitute(NULL, pat, FcMatchPattern);
		FcDefaultSubstitute(pat);
		FcResult res;
		FcPattern *m = FcFontMatch(NULL, pat, &res);
		FcChar8 *file;
		if (m != NULL && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
			path = xstrdup((const char *)file);
		if (m != NULL)
			FcPatternDestroy(m);
		FcPatternDestroy(pat);
	}
	FcFini();
	return path;
}

/* Width of UTF-8 s in font units (characters the font lacks count as
 * its missing glyph). */
static double text_units(FT_Face f, const char *s)
{
	double w = 0;
	const char *end = s + strlen(s);
	while (s < end) {
		int32_t cp = utf8_next(&s, end);
		FT_UInt g = FT_Get_Char_Index(f, cp < 0 ? 0xFFFD : (FT_ULong)cp);
		if (FT_Load_Glyph(f, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) == 0)
			w += (double)f->glyph->metrics.horiAdvance;
	}
	return w;
}

/* Draws s with its baseline's left end at (x, y), size pt, as one filled
 * path. */
static void draw_line(FT_Face f, struct buf *b, const char *s, double x, double y,
    double size)
{
	static const FT_Outline_Funcs fn = { move_to, line_to, conic_to, cubic_to, 0, 0 };
	struct pen p = { .b = b, .ox = x, .oy = y, .scale = size / f->units_per_EM };
	const char *end = s + strlen(s);
	bool any = false;
	while (s < end) {
		int32_t cp = utf8_next(&s, end);
		FT_UInt g = FT_Get_Char_Index(f, cp < 0 ? 0xFFFD : (FT_ULong)cp);
		if (FT_Load_Glyph(f, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0)
			continue;
		if (f->glyph->format == FT_GLYPH_FORMAT_OUTLINE &&
		    f->glyph->outline.n_contours > 0) {
			FT_Outline_Decompose(&f->glyph->outline, &fn, &p);
			any = true;
		}
		p.ox += f->glyph->metrics.horiAdvance * p.scale;
	}
	if (any)
		buf_adds(b, "f\n");
}

int appear_content(double w, double h, const char *name, const char *note, struct buf *out)
{
	char *path = find_font();
	FT_Library lib = NULL;
	FT_Face face = NULL;
	if (path == NULL || FT_Init_FreeType(&lib) != 0 ||
	    FT_New_Face(lib, path, 0, &face) != 0 || !FT_IS_SCALABLE(face)) {
		if (lib)
			FT_Done_FreeType(lib);
		free(path);
		return -1;
	}
	const double inset = 2;            /* pt of margin at the left */
	const double em = face->units_per_EM;
	double avail = w - 2 * inset;
	double nw = text_units(face, note) / em, mw = text_units(face, name) / em;
	double nsize = h * 0.24, msize = h * 0.42;
	if (nw > 0 && nsize * nw > avail)
		nsize = avail / nw;
	if (mw > 0 && msize * mw > avail)
		msize = avail / mw;
	double nbase = h * 0.08, mbase = nbase + nsize * 1.2 + msize * 0.22;
	/* A dark blue, as ink. */
	buf_adds(out, "q\n0.05 0.15 0.45 rg\n");
	draw_line(face, out, name, inset, mbase, msize);
	draw_line(face, out, note, inset, nbase, nsize);
	buf_adds(out, "Q\n");
	FT_Done_Face(face);
	FT_Done_FreeType(lib);
	free(path);
	return 0;
}
