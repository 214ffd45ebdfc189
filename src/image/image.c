/*
 * image.c - reading files from outside and telling PNG from JPEG (see
 * image.h); the decoders are png.c and jpeg.c.
 */
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

const char *image_png_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen);
const char *image_jpeg_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen);

const char *image_check(const unsigned char *d, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1A, '\n' };
	memset(pr, 0, sizeof *pr);
	if (n >= 8 && memcmp(d, png_sig, 8) == 0) {
		if (n < 33)
			return "is a truncated PNG file";
		/* The size first, from IHDR: a too-large image is refused as
		 * such, whatever follows it. */
		unsigned long long w = (unsigned long long)d[16] << 24 | d[17] << 16 |
		    d[18] << 8 | d[19];
		unsigned long long h = (unsigned long long)d[20] << 24 | d[21] << 16 |
		    d[22] << 8 | d[23];
		if (memcmp(d + 12, "IHDR", 4) == 0 && w <= 0x7fffffff && h <= 0x7fffffff) {
			pr->w = (int)w;
			pr->h = (int)h;
			if (w > (unsigned long long)max_side || h > (unsigned long long)max_side) {
				snprintf(why, whylen, "is %llux%llu pixels; the limit is %d on "
				    "each side", w, h, max_side);
				return why;
			}
			if ((long long)(w * h) > max_pixels) {
				snprintf(why, whylen, "is %llux%llu pixels; the limit is %lld "
				    "million pixels in all", w, h, max_pixels / 1000000);
				return why;
			}
		}
		return image_png_check(d, n, max_side, max_pixels, pr, why, whylen);
	}
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return image_jpeg_check(d, n, max_side, max_pixels, pr, why, whylen);
	if (n >= 2 && d[0] == 0xFF && d[1] == 0xD8)
		return "is a truncated JPEG file";
	return "is not a PNG or JPEG file";
}
