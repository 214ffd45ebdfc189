/* font.c - finding the layout's fonts (fontconfig) and measuring them
 * (FreeType). */
#include "font.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_MODULE_H
#include FT_TRUETYPE_TAGS_H

#define MAX_FAMILIES 8

struct face {
	char *path;                        /* file, or NULL: not available */
	FT_Face ft;                        /* NULL until opened */
	char *data;                        /* the file's bytes, FreeType's
	                                      for as long as ft lives */
	int upem;                          /* units per em */
	int16_t *widths[0x1100];           /* 256-entry pages, lazily; -1: none */
	bool tried;                        /* opening was attempted */
};

/* Per role, 256 characters: the face that draws each and its width. */
struct rolepage {
	int16_t w[256];                    /* 1/1000 em */
	uint8_t face[256];                 /* 0xFF: no font has it */
};

struct fontset {
	FT_Library lib;
	struct rolepage *rp[FONT_NROLES][256];  /* the BMP, lazily */
	int nfamilies;
	struct face faces[MAX_FAMILIES * FONT_NROLES];
	int ascent, descent;               /* regular face, 1/1000 em */
};

static const char *role_style[FONT_NROLES] = {
	"", ":bold", ":italic", ":bold:italic",
};

/* True when name looks like a font file rather than a fontconfig
 * pattern. */
static bool is_file_name(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') != NULL || (n > 4 &&
	    (strcasecmp(s + n - 4, ".ttf") == 0 || strcasecmp(s + n - 4, ".otf") == 0 ||
	     strcasecmp(s + n - 4, ".ttc") == 0));
}

/* True when p names a regular file. */
static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Resolves a font file name: font_dir, then source_dir/fonts, then as
 * given.  Returns a heap string or NULL. */
static char *find_file(const char *name, const char *font_dir, const char *source_dir)
{
	struct buf b;
	buf_init(&b);
	if (name[0] != '/') {
		const char *dirs[2] = { font_dir, source_dir };
		for (int i = 0; i < 2; i++) {
			if (dirs[i] == NULL)
				continue;
			buf_reset(&b);
			buf_printf(&b, i == 0 ? "%s/%s" : "%s/fonts/%s", dirs[i], name);
			if (exists(b.s))
				return b.s;
		}
	}
	buf_free(&b);
	return exists(name) ? xstrdup(name) : NULL;
}

/* Resolves a fontconfig pattern to a file whose family is the one asked
 * for.  Returns a heap string or NULL. */
static char *find_pattern(const char *pattern)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
	if (pat == NULL)
		return NULL;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	char *path = NULL;
	if (match != NULL) {
		FcChar8 *want = NULL, *fam = NULL, *file = NULL;
		FcPatternGetString(pat, FC_FAMILY, 0, &want);
		bool same = false;
		for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
			if (want != NULL && strcasecmp((char *)want, (char *)fam) == 0)
				same = true;
		if (same && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
			path = xstrdup((char *)file);
		FcPatternDestroy(match);
	}
	FcPatternDestroy(pat);
	return path;
}

#define FONT_MAX_BYTES (64u << 20)     /* one font file */

/* FreeType's memory: the C library's, noting a refusal, so that a face
 * that fails to open for want of memory is told from a bad file. */
static bool ft_starved;

/* FreeType's allocation: malloc, noting a failure. */
static void *ft_alloc(FT_Memory m, long n)
{
	void *p = malloc((size_t)n);
	if (p == NULL)
		ft_starved = true;
	return p;
}

/* FreeType's release. */
static void ft_free(FT_Memory m, void *p)
{
	free(p);
}

/* FreeType's reallocation: realloc, noting a failure. */
static void *ft_realloc(FT_Memory m, long cur, long n, void *p)
{
	void *q = realloc(p, (size_t)n);
	if (q == NULL)
		ft_starved = true;
	return q;
}

static struct FT_MemoryRec_ ft_memory = { NULL, ft_alloc, ft_free, ft_realloc };

/* Opens a face's file with FreeType; checks that libharu can embed it
 * (TrueType outlines).  Reports at where on failure. */
static bool face_open(struct fontset *fs, struct face *f, struct pos where)
{
	f->tried = true;
	/* Read here rather than mapped by FreeType, whose failure to map or
	 * buffer a file for want of memory comes back as "unknown file
	 * format": so running out is told from a bad file (xmalloc and our
	 * FreeType allocator say "out of memory"). */
	size_t n = 0;
	int err = file_read(f->path, FONT_MAX_BYTES, &f->data, &n);
	if (err != 0) {
		diag(DIAG_ERROR, where, "%s: %s", f->path, strerror(err));
		f->ft = NULL;
		return false;
	}
	ft_starved = false;
	FT_Error e = FT_New_Memory_Face(fs->lib, (const FT_Byte *)f->data,
	    (FT_Long)n, 0, &f->ft);
	if (e != 0 && (e == FT_Err_Out_Of_Memory || ft_starved))
		oom();
	if (e != 0) {
		free(f->data);
		f->data = NULL;
		diag(DIAG_ERROR, where, "%s: not a font file FreeType can read", f->path);
		f->ft = NULL;
		return false;
	}
	FT_ULong len = 0;
	if (!FT_IS_SFNT(f->ft) || FT_Load_Sfnt_Table(f->ft, TTAG_glyf, 0, NULL, &len) != 0 ||
	    len == 0) {
		diag(DIAG_ERROR, where, "%s: not a TrueType font (PDF embedding needs "
		    "TrueType outlines, not CFF/OpenType-PS)", f->path);
		FT_Done_Face(f->ft);
		free(f->data);
		f->data = NULL;
		f->ft = NULL;
		return false;
	}
	f->upem = f->ft->units_per_EM ? f->ft->units_per_EM : 1000;
	return true;
}

struct fontset *fontset_open(const struct style *l, const char *font_dir,
    const char *source_dir)
{
	struct fontset *fs = xcalloc(1, sizeof *fs);
	if (FT_New_Library(&ft_memory, &fs->lib) != 0 ||
	    (FT_Add_Default_Modules(fs->lib), FT_Set_Default_Properties(fs->lib),
	    false)) {
		diag_plain(DIAG_ERROR, "FreeType could not start");
		free(fs);
		return NULL;
	}
	FcInit();
	if (font_dir != NULL)
		FcConfigAppFontAddDir(NULL, (const FcChar8 *)font_dir);
	if (source_dir != NULL) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s/fonts", source_dir);
		FcConfigAppFontAddDir(NULL, (const FcChar8 *)b.s);
		buf_free(&b);
	}

	bool ok = true;
	fs->nfamilies = 1 + (int)(l->nfallback < MAX_FAMILIES - 1 ? l->nfallback : MAX_FAMILIES - 1);
	for (int k = 0; k < fs->nfamilies; k++) {
		for (int r = 0; r < FONT_NROLES; r++) {
			struct face *f = &fs->faces[k * FONT_NROLES + r];
			const char *spec;
			struct buf b;
			buf_init(&b);
			if (k == 0) {
				spec = l->fonts[r].file ? l->fonts[r].file : l->fonts[r].family;
				if (spec == NULL)
					spec = l->fonts[FONT_REGULAR].file ? l->fonts[FONT_REGULAR].file :
					    l->fonts[FONT_REGULAR].family;
			} else {
				/* A fallback names a family (all four roles) or one file. */
				spec = l->fallback[k - 1];
				if (!is_file_name(spec)) {
					buf_printf(&b, "%s%s", spec, role_style[r]);
					spec = b.s;
				}
			}
			if (spec == NULL)
				spec = "Liberation Sans";
			f->path = is_file_name(spec) ? find_file(spec, font_dir, source_dir) :
			    find_pattern(spec);
			if (f->path == NULL && k == 0) {
				diag(DIAG_ERROR, l->pos, "font '%s' not found (install it, put it "
				    "in fonts/, or name its folder with --font-dir)", spec);
				ok = false;
			}
			buf_free(&b);
		}
	}
	if (!ok) {
		fontset_free(fs);
		return NULL;
	}
	struct face *reg = &fs->faces[FONT_REGULAR];
	if (!face_open(fs, reg, l->pos)) {
		fontset_free(fs);
		return NULL;
	}
	fs->ascent = (int)((long)reg->ft->ascender * 1000 / reg->upem);
	fs->descent = (int)(-(long)reg->ft->descender * 1000 / reg->upem);
	/* Open the other roles now so a bad file is reported up front. */
	for (int r = 1; r < FONT_NROLES; r++)
		if (!face_open(fs, &fs->faces[r], l->pos)) {
			fontset_free(fs);
			return NULL;
		}
	return fs;
}

void fontset_free(struct fontset *fs)
{
	if (fs == NULL)
		return;
	for (int r = 0; r < FONT_NROLES; r++)
		for (int p = 0; p < 256; p++)
			free(fs->rp[r][p]);
	for (int i = 0; i < MAX_FAMILIES * FONT_NROLES; i++) {
		struct face *f = &fs->faces[i];
		if (f->ft)
			FT_Done_Face(f->ft);
		free(f->data);
		free(f->path);
		for (size_t p = 0; p < sizeof f->widths / sizeof f->widths[0]; p++)
			free(f->widths[p]);
	}
	FT_Done_Library(fs->lib);
	free(fs);
	/* Release fontconfig's configuration and caches (FcInit made them;
	 * the next fontset_open makes them again). */
	FcFini();
}

/* Fills one 256-entry page of widths for face f. */
static int16_t *face_page(struct face *f, uint32_t page)
{
	int16_t *w = xmalloc(256 * sizeof *w);
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t cp = page * 256 + i;
		FT_UInt gid = FT_Get_Char_Index(f->ft, cp);
		FT_Fixed adv = 0;
		if (gid == 0 || FT_Get_Advance(f->ft, gid, FT_LOAD_NO_SCALE, &adv) != 0)
			w[i] = -1;
		else
			w[i] = (int16_t)((long)adv * 1000 / f->upem);
	}
	f->widths[page] = w;
	return w;
}

/* Width of cp in face f, or -1 when f lacks it. */
static int face_width(struct fontset *fs, struct face *f, uint32_t cp)
{
	if (f->ft == NULL) {
		if (f->tried || f->path == NULL)
			return -1;
		struct pos nowhere = { NULL, 0, 0 };
		if (!face_open(fs, f, nowhere))
			return -1;
	}
	/* libharu's UTF-8 encoder writes 2-byte codes: the BMP only. */
	if (cp > 0xFFFF)
		return -1;
	uint32_t page = cp >> 8;
	int16_t *w = f->widths[page] ? f->widths[page] : face_page(f, page);
	return w[cp & 0xFF];
}

int fontset_face(struct fontset *fs, int role, uint32_t cp)
{
	for (int k = 0; k < fs->nfamilies; k++) {
		int idx = k * FONT_NROLES + role;
		if (face_width(fs, &fs->faces[idx], cp) >= 0)
			return idx;
		/* A fallback family without this style: its regular face. */
		if (k > 0 && role != FONT_REGULAR &&
		    face_width(fs, &fs->faces[k * FONT_NROLES], cp) >= 0)
			return k * FONT_NROLES;
	}
	return -1;
}

int fontset_glyph(struct fontset *fs, int role, uint32_t cp, int *face)
{
	if (cp > 0xFFFF || role < 0 || role >= FONT_NROLES) {
		*face = -1;
		return 0;
	}
	struct rolepage *rp = fs->rp[role][cp >> 8];
	if (rp == NULL) {
		rp = xmalloc(sizeof *rp);
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = (cp & ~0xFFu) | i;
			int f = fontset_face(fs, role, c);
			rp->face[i] = f < 0 ? 0xFF : (uint8_t)f;
			rp->w[i] = (int16_t)(f < 0 ? 0 : fontset_width(fs, f, c));
		}
		fs->rp[role][cp >> 8] = rp;
	}
	uint8_t f = rp->face[cp & 0xFF];
	*face = f == 0xFF ? -1 : f;
	return rp->w[cp & 0xFF];
}

int fontset_width(struct fontset *fs, int face, uint32_t cp)
{
	int w = face_width(fs, &fs->faces[face], cp);
	return w < 0 ? 0 : w;
}

const char *fontset_path(const struct fontset *fs, int face)
{
	return fs->faces[face].ft ? fs->faces[face].path : NULL;
}

int fontset_nfaces(const struct fontset *fs)
{
	return fs->nfamilies * FONT_NROLES;
}

int fontset_ascent(const struct fontset *fs) { return fs->ascent; }
int fontset_descent(const struct fontset *fs) { return fs->descent; }
