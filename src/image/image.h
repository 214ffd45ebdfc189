/*
 * image.h - the one door to libpng and libjpeg (stage 2½: read by
 * validate, which checks every image before layout, and by the PDF
 * device, which draws them).  No libharu here: this module turns image
 * files into checked pixel data and plain-text problems; the PDF device
 * turns the data into image objects.
 *
 * Guarantees:
 *  - libpng and libjpeg run with their error recovery set (setjmp): a
 *    damaged file is a problem string, never an abort;
 *  - a PNG is decoded completely (every row, every pass, the chunks up
 *    to IEND, every CRC) before it is called sound;
 *  - a JPEG is decoded completely (header and every scan) with libjpeg
 *    before it is called sound, and one that PDF readers cannot show
 *    (not 8 bits, lossless or hierarchical, arithmetic-coded, not 1, 3
 *    or 4 components) is refused: the file is then embedded as it is
 *    (DCTDecode) by the PDF device.
 *
 * Problems read after "image 'x.png' ", e.g. "is a damaged PNG file
 * (IDAT: CRC error)".
 */
#ifndef AP_IMAGE_H
#define AP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

enum image_space {
	IMAGE_GRAY,
	IMAGE_RGB,
	IMAGE_INDEXED,                     /* palette of RGB triples */
};

/* A decoded PNG, as PDF wants it. */
struct image_data {
	int w, h;                          /* pixels */
	enum image_space space;
	int bpc;                           /* bits per component: 8, or 1, 2
	                                      or 4 for packed grey/indexes */
	size_t rowbytes;                   /* bytes per row of pixels */
	unsigned char *pixels;             /* h * rowbytes (heap) */
	unsigned char *alpha;              /* w * h, 8-bit, or NULL (heap) */
	unsigned char palette[256 * 3];    /* IMAGE_INDEXED: RGB triples */
	int npalette;                      /* entries in palette */
	bool flattened;                    /* had transparency, composited on
	                                      white (IMAGE_FLATTEN) */
};

enum {
	IMAGE_FLATTEN = 1,                 /* composite transparency on white */
};

/* What a probe found. */
struct image_probe {
	int w, h;                          /* pixels */
	bool jpeg;                         /* else PNG */
	bool alpha;                        /* a PNG with transparency */
};

/* Checks the image file d[0..n) completely (see above) and fills *pr.
 * Refuses images past max_side pixels on a side or max_pixels in all
 * before decoding them (*pr still gets the size).  Returns NULL, or a
 * problem (static, or in why[0..whylen)). */
const char *image_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen);

/* Decodes the PNG d[0..n) into *out (flags: IMAGE_FLATTEN).  Returns
 * NULL, or a problem as image_check() does (out is then empty). */
const char *image_png_decode(const unsigned char *d, size_t n, int flags,
    struct image_data *out, char *why, size_t whylen);

void image_data_free(struct image_data *im);

#endif
