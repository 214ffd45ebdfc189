/*
 * jpeg.c - JPEG files checked with libjpeg before they are embedded.
 *
 * The PDF device embeds a JPEG as it is (DCTDecode), so every reader
 * decodes it again: here libjpeg reads the header and every scan's
 * entropy-coded data (jpeg_read_coefficients: all of the decoding but
 * the inverse DCT), with its error recovery set.  Refused: what libjpeg
 * cannot decode, what it decodes only with a warning of corrupt or
 * missing data, and what PDF's DCTDecode does not cover or readers do
 * not show: samples other than 8 bits, lossless or hierarchical
 * processes, arithmetic coding, and component counts other than 1
 * (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK).
 */
#include "image.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#include "../util/util.h"

/* libjpeg's error manager with a way home. */
struct jpeg_job {
	struct jpeg_error_mgr pub;         /* libjpeg's part (first) */
	jmp_buf jb;                        /* where errors land */
	char msg[JMSG_LENGTH_MAX];         /* the fatal message */
	int code;                          /* its JERR_ code */
	int sof;                           /* the SOF marker, for JERR_SOF_ */
};

/* libjpeg's fatal-error hook: saves the message and jumps back. */
static void on_jpeg_error(j_common_ptr c)
{
	struct jpeg_job *j = (struct jpeg_job *)c->err;
	j->code = j->pub.msg_code;
	j->sof = j->pub.msg_parm.i[0];
	(*c->err->format_message)(c, j->msg);
	longjmp(j->jb, 1);
}

/* libjpeg's message hook: a warning of corrupt or missing data is an
 * error here; trace messages and harmless warnings pass. */
static void on_jpeg_message(j_common_ptr c, int level)
{
	struct jpeg_job *j = (struct jpeg_job *)c->err;
	if (level >= 0)
		return;
	int code = j->pub.msg_code;
	if (code == JWRN_EXTRANEOUS_DATA || code == JWRN_JFIF_MAJOR ||
	    code == JWRN_ADOBE_XFORM || code == JWRN_BOGUS_ICC)
		return;
	on_jpeg_error(c);
}

/* What PDF readers cannot show in a header libjpeg read, or NULL. */
static const char *unshowable(const struct jpeg_decompress_struct *d)
{
	if (d->data_precision != 8)
		return "is a JPEG file with samples of other than 8 bits, which PDF "
		    "readers cannot show";
	if (d->arith_code)
		return "is an arithmetic-coded JPEG file, which PDF readers cannot show";
	if (d->num_components != 1 && d->num_components != 3 && d->num_components != 4)
		return "is a JPEG file with neither 1, 3 nor 4 colour components, which "
		    "PDF readers cannot show";
	return NULL;
}

/* The problem for libjpeg's fatal error in j. */
static const char *fatal_problem(const struct jpeg_job *j, char *why, size_t whylen)
{
	if (j->code == JERR_SOF_UNSUPPORTED) {
		int m = j->sof;
		const char *kind = (m == 0xc3 || m == 0xcb) ? "lossless" :
		    (m >= 0xc5 && m <= 0xc7) || m >= 0xcd ? "hierarchical" : "unsupported";
		snprintf(why, whylen, "is a %s JPEG file, which PDF readers cannot show",
		    kind);
	} else if (j->code == JERR_EMPTY_IMAGE) {
		snprintf(why, whylen, "is a JPEG file with no pixels or no colour components");
	} else if (j->code == JERR_BAD_PRECISION) {
		snprintf(why, whylen, "is a JPEG file with samples of other than 8 bits, "
		    "which PDF readers cannot show");
	} else {
		snprintf(why, whylen, "is a damaged JPEG file (%s)", j->msg);
	}
	return why;
}

const char *image_jpeg_check(const unsigned char *data, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen);
const char *image_jpeg_check(const unsigned char *data, size_t n, int max_side,
    long long max_pixels, struct image_probe *pr, char *why, size_t whylen)
{
	struct jpeg_decompress_struct *d = xcalloc(1, sizeof *d);
	struct jpeg_job *j = xcalloc(1, sizeof *j);
	const char *problem = NULL;
	pr->jpeg = true;
	d->err = jpeg_std_error(&j->pub);
	j->pub.error_exit = on_jpeg_error;
	j->pub.emit_message = on_jpeg_message;
	if (setjmp(j->jb) == 0) {
		jpeg_create_decompress(d);
		jpeg_mem_src(d, data, (unsigned long)n);
		jpeg_read_header(d, TRUE);
		pr->w = (int)d->image_width;
		pr->h = (int)d->image_height;
		problem = unshowable(d);
		if (problem == NULL && (pr->w > max_side || pr->h > max_side)) {
			snprintf(why, whylen, "is %dx%d pixels; the limit is %d on each side",
			    pr->w, pr->h, max_side);
			problem = why;
		} else if (problem == NULL && (long long)pr->w * pr->h > max_pixels) {
			snprintf(why, whylen, "is %dx%d pixels; the limit is %lld million "
			    "pixels in all", pr->w, pr->h, max_pixels / 1000000);
			problem = why;
		}
		if (problem == NULL) {
			jpeg_read_coefficients(d);
			jpeg_finish_decompress(d);
		}
	} else {
		problem = fatal_problem(j, why, whylen);
	}
	jpeg_destroy_decompress(d);
	free(d);
	free(j);
	return problem;
}
