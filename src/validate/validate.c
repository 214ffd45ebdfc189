/*
 * validate.c - checks a loaded model before layout (see validate.h).
 *
 * The loader has already checked types, dates, times and item numbers.
 * Here: every image exists, is a regular file, decodes completely as a
 * PNG or a JPEG PDF readers can show (src/image), lies within the limits
 * of docs/limits.md, and has alt text unless decorative; every PDF paper
 * exists, is a regular file and starts like a PDF.  Each file is read once however often
 * it is named.
 */
#include "validate.h"
#include "../util/date.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../image/image.h"

#define IMAGE_MAX_BYTES (50u << 20)    /* 50 MB per image file */
#define IMAGE_MAX_SIDE 20000           /* pixels per side */
#define IMAGE_MAX_PIXELS 50000000      /* pixels in all (decoding needs
                                          3-4 bytes each) */

/* What is known of one image file, once read. */
struct image_info {
	const char *path;
	int err;                           /* 0, or an errno from reading */
	const char *problem;               /* why it is unusable, or NULL */
	struct image_probe pr;             /* kind and size */
};

/* The images already read, so each file is read once. */
struct checker {
	struct arena *a;
	struct vec seen;                   /* struct image_info */
	int errors;
};

/* Reads the image at in->path and checks it completely (image.h):
 * fills in its kind and size, or the problem. */
static void image_probe(struct arena *a, struct image_info *in)
{
	char *data;
	size_t n;
	in->err = asset_read(in->path, IMAGE_MAX_BYTES, &data, &n);
	if (in->err != 0)
		return;
	char why[300];
	const char *p = image_check((const unsigned char *)data, n, IMAGE_MAX_SIDE,
	    IMAGE_MAX_PIXELS, &in->pr, why, sizeof why);
	if (p != NULL)
		in->problem = arena_strdup(a, p);
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
		image_probe(c->a, in);
	}
	if (in->err == EFBIG) {
		diag(DIAG_ERROR, b->pos, "image '%s' is larger than %u MB", im->path,
		    IMAGE_MAX_BYTES >> 20);
	} else if (in->err != 0) {
		diag(DIAG_ERROR, b->pos, "cannot read image '%s': %s", im->path,
		    asset_strerror(in->err));
	} else if (in->problem != NULL) {
		diag(DIAG_ERROR, b->pos, "image '%s' %s", im->path, in->problem);
	} else if (in->pr.w < 1 || in->pr.h < 1) {
		diag(DIAG_ERROR, b->pos, "image '%s' has no pixels (%dx%d)",
		    im->path, in->pr.w, in->pr.h);
	} else {
		im->px_w = in->pr.w;
		im->px_h = in->pr.h;
		im->jpeg = in->pr.jpeg;
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
	/* O_NONBLOCK and the type check: a FIFO must not hang the build. */
	int fd = open(p->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int err = fd < 0 ? errno : fstat(fd, &st) != 0 ? errno :
	    S_ISDIR(st.st_mode) ? EISDIR : !S_ISREG(st.st_mode) ? ESPIPE : 0;
	if (err != 0) {
		if (fd >= 0)
			close(fd);
		diag(DIAG_ERROR, p->pos, "cannot read PDF '%s': %s", p->path,
		    asset_strerror(err));
		c->errors++;
		return;
	}
	char head[5] = { 0 };
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
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

/* The first paper of m late for supplement n, or NULL. */
static const struct paper *late_paper(const struct meeting *m, int n)
{
	for (size_t i = 0; i < m->nitems; i++)
		for (size_t k = 0; k < m->items[i].npapers; k++)
			if (m->items[i].papers[k].late == n)
				return &m->items[i].papers[k];
	return NULL;
}

/* Warns of a late paper whose supplement number skips one (late: 2 with
 * no paper late for 1) and of a described supplement no paper is in. */
static void check_supplements(const struct meeting *m)
{
	int warned = 0;
	for (size_t i = 0; i < m->nitems; i++)
		for (size_t k = 0; k < m->items[i].npapers; k++) {
			const struct paper *p = &m->items[i].papers[k];
			for (int n = 1; n < p->late && p->late > warned; n++)
				if (late_paper(m, n) == NULL) {
					diag(DIAG_WARNING, p->late_pos, "the paper follows in "
					    "supplement %d, but no paper is late for supplement %d: "
					    "supplements are numbered 1, 2, ... in order", p->late, n);
					warned = p->late;
					break;
				}
		}
	for (size_t i = 0; i < m->nsupplements; i++)
		if (late_paper(m, m->supplements[i].number) == NULL)
			diag(DIAG_WARNING, m->supplements[i].pos, "supplement %d is described, "
			    "but no paper is marked 'late: %d'", m->supplements[i].number,
			    m->supplements[i].number);
}

int validate_meeting(struct arena *a, struct meeting *m)
{
	struct checker c = { a, { 0 }, 0 };
	vec_init(&c.seen, sizeof(struct image_info));
	if (m->standalone != NULL)
		check_minutes(&c, m->standalone);
	if (m->letter != NULL) {
		check_blocks(&c, &m->letter->body);
		check_blocks(&c, &m->letter->signature);
	}
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
	check_supplements(m);
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
