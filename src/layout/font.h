/*
 * font.h - the fonts a layout names, found on disk and measured with
 * FreeType.  Layout asks which face draws a character (the role's face,
 * or the first fallback that has it) and how wide it is; the PDF device
 * asks for each face's file so libharu can embed the same font.
 *
 * Widths are in 1/1000 em, truncated exactly as libharu 2.3.0 computes
 * the /W array it embeds, so what layout measures is what the PDF draws.
 */
#ifndef AP_FONT_H
#define AP_FONT_H

#include "../model/model.h"

struct fontset;

/* Faces are numbered: role r of font family k is face k * FONT_NROLES + r;
 * family 0 is the layout's own, 1.. are the fallbacks in order. */

/* Finds and opens the layout's fonts.  font_dir (or NULL) is searched
 * first, then source_dir/fonts, then fontconfig.  Returns NULL after
 * reporting an error (a font missing, or a file that is not a font). */
struct fontset *fontset_open(const struct style *l, const char *font_dir,
    const char *source_dir);
void fontset_free(struct fontset *fs);

/* The face that draws cp in role (FONT_REGULAR...), or -1 when no font
 * has it. */
int fontset_face(struct fontset *fs, int role, uint32_t cp);
/* Advance width of cp in face, 1/1000 em. */
int fontset_width(struct fontset *fs, int face, uint32_t cp);
/* The face that draws cp in role (or -1) and its width in 1/1000 em:
 * fontset_face and fontset_width in one cached look-up. */
int fontset_glyph(struct fontset *fs, int role, uint32_t cp, int *face);
/* The file behind a face, or NULL when the face is not loaded. */
const char *fontset_path(const struct fontset *fs, int face);
int fontset_nfaces(const struct fontset *fs);
/* Ascender and descender (positive) of the regular face, 1/1000 em. */
int fontset_ascent(const struct fontset *fs);
int fontset_descent(const struct fontset *fs);

#endif
