/*
 * validate.c - checks a loaded model before layout (see validate.h).
 *
 * The loader has already checked types, dates, times and item numbers.
 * Here: every image exists, is a PNG (size from IHDR) or a baseline or
 * progressive JPEG (size from its SOF marker), lies within the limits of
 * docs/limits.md, and has alt text unless decorative; every PDF paper
 * exists and starts like a PDF.  Each file is read once however often
 * it is named.
 */
#include "validate.h"
#include "../util/date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMAGE_MAX_BYTES (50u << 20)    /* 50 MB per image file */
#define IMAGE_MAX_SIDE 20000           /* pixels per side */
#define IMAGE_MAX_PIXELS 50000000      /* pixels in all (decoding needs
                                          3-4 bytes each) */

/* What is known of one image file, once read. */
struct image_info {
	const char *path;
	int err;                           /* 0, or an errno from reading */
	const char *problem;               /* why it is unusable, or NULL */
	int w, h;
	bool jpeg;
};

/* The images already read, so each file is read once. */
struct checker {
	struct arena *a;
	struct vec seen;                   /* struct image_info */
	int errors;
};

/* Big-endian 16- and 32-bit reads. */
static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Finds the frame size of a JPEG in d[0..n); sets problem when none. */
static void image_jpeg_size(const unsigned char *d, size_t n,
    struct image_info *in)
{
	size_t i = 2;
	in->jpeg = true;
	while (i + 4 <= n) {
		if (d[i] != 0xFF) {
			in->problem = "is a damaged JPEG file (bad marker)";
			return;
		}
		unsigned m = d[i + 1];
		if (m == 0xFF) {                   /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		if (m == 0xD9 || m == 0xDA)        /* end, or scan before SOF */
			break;
		unsigned len = be16(d + i + 2);
		if (len < 2) {
			in->problem = "is a damaged JPEG file (bad segment length)";
			return;
		}
		bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC;
		if (sof) {
			if (i + 9 > n || len < 7)
				break;
			in->h = (int)be16(d + i + 5);
			in->w = (int)be16(d + i + 7);
			return;
		}
		i += 2 + len;
	}
	in->problem = "is a truncated JPEG file (no frame header)";
}

/* Reads the image at in->path and fills in its kind and size. */
static void image_probe(struct image_info *in)
{
	char *data;
	size_t n;
	in->err = file_read(in->path, IMAGE_MAX_BYTES, &data, &n);
	if (in->err != 0)
		return;
	const unsigned char *d = (const unsigned char *)data;
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1A, '\n' };
	if (n >= 8 && memcmp(d, png_sig, 8) == 0) {
		if (n < 33)
			in->problem = "is a truncated PNG file";
		else if (memcmp(d + 12, "IHDR", 4) != 0)
			in->problem = "is a damaged PNG file (no IHDR first)";
		else if (be32(d + 16) > 0x7fffffff || be32(d + 20) > 0x7fffffff)
			in->problem = "is a damaged PNG file (bad size)";
		else {
			in->w = (int)be32(d + 16);
			in->h = (int)be32(d + 20);
		}
	} else if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
		image_jpeg_size(d, n, in);
	} else if (n >= 2 && d[0] == 0xFF && d[1] == 0xD8) {
		in->problem = "is a truncated JPEG file";
	} else {
		in->problem = "is not a PNG or JPEG file";
	}
	free(data);
}

/* Checks one image block, reporting problems at its position. */
static void check_image(struct checker *c, struct block *b)
{
	struct image *im = &b->u.image;
	if (im->alt == NULL && !im->decorative) {
		diag(DIAG_ERROR, b->pos, "an image needs 'alt' text (or "
		    "'decorative: true' if it carries no information)");
		c->errors++;
	}
	if (im->path == NULL || im->path[0] == '\0')
		return;
	struct image_info *in = NULL;
	for (size_t i = 0; i < c->seen.n; i++) {
		struct image_info *s = (struct image_info *)c->seen.v + i;
		if (strcmp(s->path, im->path) == 0) {
			in = s;
			break;
		}
	}
	if (in == NULL) {
		in = vec_push(&c->seen);
		in->path = im->path;
		image_probe(in);
	}
	if (in->err == EFBIG) {
		diag(DIAG_ERROR, b->pos, "image '%s' is larger than %u MB", im->path,
		    IMAGE_MAX_BYTES >> 20);
	} else if (in->err != 0) {
		diag(DIAG_ERROR, b->pos, "cannot read image '%s': %s", im->path,
		    strerror(in->err));
	} else if (in->problem != NULL) {
		diag(DIAG_ERROR, b->pos, "image '%s' %s", im->path, in->problem);
	} else if (in->w < 1 || in->h < 1) {
		diag(DIAG_ERROR, b->pos, "image '%s' has no pixels (%dx%d)",
		    im->path, in->w, in->h);
	} else if (in->w > IMAGE_MAX_SIDE || in->h > IMAGE_MAX_SIDE) {
		diag(DIAG_ERROR, b->pos, "image '%s' is %dx%d pixels; the limit is "
		    "%d on each side", im->path, in->w, in->h, IMAGE_MAX_SIDE);
	} else if ((long long)in->w * in->h > IMAGE_MAX_PIXELS) {
		diag(DIAG_ERROR, b->pos, "image '%s' is %dx%d pixels; the limit is "
		    "%d million pixels in all", im->path, in->w, in->h,
		    IMAGE_MAX_PIXELS / 1000000);
	} else {
		im->px_w = in->w;
		im->px_h = in->h;
		im->jpeg = in->jpeg;
		return;
	}
	c->errors++;
}

/* Checks every block in bs and the blocks inside them.  Depth is bounded
 * by the YAML nesting limit the loader enforces. */
static void check_blocks(struct checker *c, struct blocks *bs)
{
	for (size_t i = 0; i < bs->n; i++) {
		struct block *b = &bs->v[i];
		switch (b->kind) {
		case BLOCK_IMAGE:
			check_image(c, b);
			break;
		case BLOCK_LIST:
			for (size_t k = 0; k < b->u.list.n; k++)
				check_blocks(c, &b->u.list.items[k].body);
			break;
		case BLOCK_TABLE:
			for (size_t r = 0; r < b->u.table.nrows; r++)
				for (size_t k = 0; k < b->u.table.rows[r].ncells; k++)
					check_blocks(c, &b->u.table.rows[r].cells[k]);
			break;
		default:
			break;
		}
	}
}

/* Checks that a PDF paper's file exists and starts with "%PDF-". */
static void check_pdf(struct checker *c, struct paper *p)
{
	FILE *f = fopen(p->path, "rb");
	if (f == NULL) {
		diag(DIAG_ERROR, p->pos, "cannot read PDF '%s': %s", p->path,
		    strerror(errno));
		c->errors++;
		return;
	}
	char head[5] = { 0 };
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n < 5 || memcmp(head, "%PDF-", 5) != 0) {
		diag(DIAG_ERROR, p->pos, "'%s' is not a PDF file", p->path);
		c->errors++;
	}
}

/* Checks the blocks of a set of minutes. */
static void check_minutes(struct checker *c, struct minutes *mi)
{
	for (size_t i = 0; i < mi->nentries; i++)
		check_blocks(c, &mi->entries[i].body);
}

int validate_meeting(struct arena *a, struct meeting *m)
{
	struct checker c = { a, { 0 }, 0 };
	vec_init(&c.seen, sizeof(struct image_info));
	if (m->standalone != NULL)
		check_minutes(&c, m->standalone);
	for (size_t i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];
		check_blocks(&c, &it->notes);
		for (size_t k = 0; k < it->npapers; k++) {
			struct paper *p = &it->papers[k];
			check_blocks(&c, &p->body);
			if (p->minutes != NULL)
				check_minutes(&c, p->minutes);
			if (p->kind == PAPER_PDF)
				check_pdf(&c, p);
		}
	}
	vec_free(&c.seen);
	return c.errors;
}

int validate_style(struct arena *a, struct style *l)
{
	struct checker c = { a, { 0 }, 0 };
	vec_init(&c.seen, sizeof(struct image_info));
	check_blocks(&c, &l->standing);
	check_blocks(&c, &l->exempt_wording);
	vec_free(&c.seen);
	return c.errors;
}
