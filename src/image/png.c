/*
 * png.c - PNG files through libpng, with its error recovery set.
 *
 * libpng reports errors by calling an error function that must not
 * return: ours longjmps back to the decode that set the jump buffer,
 * with the message saved.  Warnings are ignored (a large text chunk or a
 * known-bad colour profile draws fine); CRC errors in any chunk are
 * errors.  Everything allocated while libpng runs hangs off a heap job,
 * so nothing depends on locals across the longjmp.
 *
 * The data handed on is what PDF takes directly: 8-bit grey or RGB
 * (16-bit scaled down), or the palette's indexes at their own depth, or
 * packed grey at 1, 2 or 4 bits; transparency (an alpha channel or a
 * tRNS chunk) as a separate 8-bit alpha plane, or composited on white.
 */
#include "image.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

/* One decode: the input, libpng's state, and what it allocated. */
struct png_job {
	const unsigned char *d;            /* the file */
	size_t n, off;                     /* its length, the read offset */
	jmp_buf jb;                        /* where errors land */
	char msg[200];                     /* libpng's error message */
	png_structp png;
	png_infop info;
	unsigned char *row;                /* check mode: one row */
	unsigned char **rows;              /* decode mode: row pointers */
	unsigned char *buf;                /* decode mode: all rows */
	int h;                             /* rows in rows[] */
};

/* libpng's error function: saves the message and jumps back. */
static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_job *j = png_get_error_ptr(png);
	snprintf(j->msg, sizeof j->msg, "%s", msg ? msg : "unknown error");
	longjmp(j->jb, 1);
}

/* libpng's warning function: warnings do not stop a picture. */
static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* libpng's reader: the next len bytes of the file, or an error. */
static void read_mem(png_structp png, png_bytep out, size_t len)
{
	struct png_job *j = png_get_io_ptr(png);
	if (len > j->n - j->off)
		png_error(png, "the file ends early");
	memcpy(out, j->d + j->off, len);
	j->off += len;
}

/* Frees what the job holds (not the job). */
static void job_free(struct png_job *j)
{
	if (j->png)
		png_destroy_read_struct(&j->png, j->info ? &j->info : NULL, NULL);
	free(j->row);
	free(j->rows);
	free(j->buf);
}

/* Composites colour c over white at opacity a (0-255). */
static unsigned char on_white(unsigned c, unsigned a)
{
	return (unsigned char)((c * a + 255u * (255u - a) + 127u) / 255u);
}

/* Splits the decoded rows (colour channels plus alpha) into out: the
 * colour into out->pixels, the alpha into out->alpha or composited on
 * white when flatten. */
static void split_alpha(struct png_job *j, int chans, bool flatten,
    struct image_data *out)
{
	size_t w = (size_t)out->w;
	out->rowbytes = w * (size_t)chans;
	out->pixels = xmalloc(out->rowbytes * (size_t)out->h + 1);
	if (!flatten)
		out->alpha = xmalloc(w * (size_t)out->h + 1);
	for (int y = 0; y < out->h; y++) {
		const unsigned char *s = j->rows[y];
		unsigned char *p = out->pixels + out->rowbytes * (size_t)y;
		for (size_t x = 0; x < w; x++, s += chans + 1) {
			unsigned a = s[chans];
			for (int c = 0; c < chans; c++)
				*p++ = flatten ? on_white(s[c], a) : s[c];
			if (!flatten)
				out->alpha[w * (size_t)y + x] = (unsigned char)a;
		}
	}
	out->flattened = flatten;
}

/* Sets libpng's transforms for the PDF form of the image and fills in
 * out's colour space and depth; returns the channels per decoded pixel
 * including alpha, and sets *has_alpha. */
static int set_transforms(struct png_job *j, bool flatten, struct image_data *out,
    bool *has_alpha)
{
	png_structp png = j->png;
	png_infop info = j->info;
	int ct = png_get_color_type(png, info), bd = png_get_bit_depth(png, info);
	bool trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
	*has_alpha = (ct & PNG_COLOR_MASK_ALPHA) || trns;
	if (bd == 16)
		png_set_scale_16(png);
	if (ct == PNG_COLOR_TYPE_PALETTE && (!trns || !flatten)) {
		png_colorp pal = NULL;
		int np = 0;
		if (png_get_PLTE(png, info, &pal, &np) != PNG_INFO_PLTE || np < 1)
			png_error(png, "no palette");
		for (int i = 0; i < np && i < 256; i++) {
			out->palette[3 * i] = pal[i].red;
			out->palette[3 * i + 1] = pal[i].green;
			out->palette[3 * i + 2] = pal[i].blue;
		}
		out->npalette = np;
		out->space = IMAGE_INDEXED;
		out->bpc = bd;
		if (trns) {                        /* indexes one a byte, alpha from tRNS */
			png_set_packing(png);
			out->bpc = 8;
		}
		return 1;
	}
	if (ct == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (trns)
		png_set_tRNS_to_alpha(png);
	if (ct == PNG_COLOR_TYPE_GRAY && bd < 8 && !trns) {
		out->space = IMAGE_GRAY;           /* packed, as the file has it */
		out->bpc = bd;
		return 1;
	}
	if (ct == PNG_COLOR_TYPE_GRAY && bd < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	out->space = (ct & PNG_COLOR_MASK_COLOR) ? IMAGE_RGB : IMAGE_GRAY;
	out->bpc = 8;
	int chans = out->space == IMAGE_RGB ? 3 : 1;
	return *has_alpha ? chans + 1 : chans;
}

/* The decode proper, under the job's jump buffer: reads the image into
 * out (or only checks it when out is NULL).  Sets pr's fields. */
static void decode(struct png_job *j, int max_side, long long max_pixels, int flags,
    struct image_data *out, struct image_probe *pr, const char **limit)
{
	png_structp png = j->png;
	png_infop info = j->info;
	png_set_read_fn(png, j, read_mem);
	png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
	png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
	png_set_benign_errors(png, 1);
	/* Text and colour-profile chunks are not used: skipped unread (their
	 * CRC is still checked), however large. */
	static const png_byte skip[] = "iCCP\0tEXt\0zTXt\0iTXt\0";
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skip, 4);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	pr->w = (int)w;
	pr->h = (int)h;
	if ((long long)w > max_side || (long long)h > max_side) {
		*limit = "side";
		return;
	}
	if ((long long)w * h > max_pixels) {
		*limit = "pixels";
		return;
	}
	struct image_data scratch;
	struct image_data *o = out ? out : &scratch;
	memset(o, 0, sizeof *o);
	o->w = (int)w;
	o->h = (int)h;
	bool alpha = false;
	int chans = set_transforms(j, (flags & IMAGE_FLATTEN) != 0, o, &alpha);
	pr->alpha = alpha;
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	size_t rb = png_get_rowbytes(png, info);
	if (out == NULL) {                     /* check: one row, every pass */
		j->row = xmalloc(rb + 1);
		for (int p = 0; p < passes; p++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(png, j->row, NULL);
		png_read_end(png, NULL);
		return;
	}
	/* Zeroed: libpng leaves the padding bits at the end of a packed row
	 * as they were, and they must not be stray memory. */
	j->buf = xcalloc(rb * h + 1, 1);
	j->rows = xmalloc(h * sizeof *j->rows);
	j->h = (int)h;
	for (png_uint_32 y = 0; y < h; y++)
		j->rows[y] = j->buf + rb * y;
	png_read_image(png, j->rows);
	png_read_end(png, NULL);
	if (alpha && out->space != IMAGE_INDEXED) {
		split_alpha(j, chans - 1, (flags & IMAGE_FLATTEN) != 0, out);
		return;
	}
	if (alpha) {                           /* indexes with a tRNS table */
		png_bytep trans = NULL;
		int nt = 0;
		png_get_tRNS(png, info, &trans, &nt, NULL);
		out->alpha = xmalloc((size_t)w * h + 1);
		for (png_uint_32 y = 0; y < h; y++)
			for (png_uint_32 x = 0; x < w; x++) {
				unsigned k = j->rows[y][x];
				out->alpha[(size_t)w * y + x] = (int)k < nt ? trans[k] : 255;
			}
	}
	out->rowbytes = rb;
	out->pixels = j->buf;                  /* handed over */
	j->buf = NULL;
}

/* Runs decode() with libpng's error recovery; returns NULL or the
 * problem. */
static const char *png_run(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, int flags, struct image_data *out,
    struct image_probe *pr, char *why, size_t whylen)
{
	struct png_job *j = xcalloc(1, sizeof *j);
	j->d = d;
	j->n = n;
	const char *problem = NULL, *limit = NULL;
	j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, on_png_error,
	    on_png_warning);
	if (j->png)
		j->info = png_create_info_struct(j->png);
	if (j->png == NULL || j->info == NULL) {
		problem = "cannot be read (libpng could not start: out of memory)";
	} else if (setjmp(j->jb) == 0) {
		decode(j, max_side, max_pixels, flags, out, pr, &limit);
	} else {
		if (out)
			image_data_free(out);
		snprintf(why, whylen, "is a damaged PNG file (%s)", j->msg);
		problem = why;
	}
	if (problem == NULL && limit != NULL) {
		if (strcmp(limit, "side") == 0)
			snprintf(why, whylen, "is %dx%d pixels; the limit is %d on each side",
			    pr->w, pr->h, max_side);
		else
			snprintf(why, whylen, "is %dx%d pixels; the limit is %lld million "
			    "pixels in all", pr->w, pr->h, max_pixels / 1000000);
		problem = why;
	}
	job_free(j);
	free(j);
	return problem;
}

const char *image_png_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen);
const char *image_png_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen)
{
	return png_run(d, n, max_side, max_pixels, 0, NULL, pr, why, whylen);
}

const char *image_png_decode(const unsigned char *d, size_t n, int flags,
    struct image_data *out, char *why, size_t whylen)
{
	struct image_probe pr = { 0 };
	memset(out, 0, sizeof *out);
	return png_run(d, n, 0x7fffffff, 0x7fffffffffffffffLL, flags, out, &pr, why,
	    whylen);
}

void image_data_free(struct image_data *im)
{
	free(im->pixels);
	free(im->alpha);
	im->pixels = im->alpha = NULL;
}
