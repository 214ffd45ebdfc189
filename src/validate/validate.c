/*
 * validate.c - checks a loaded model before layout (see validate.h).
 *
 * The loader has already checked types, dates, times and item numbers.
 * Here: every image exists, is a regular file, decodes completely as a
 * PNG or a JPEG PDF readers can show (src/image), lies within the limits
 * of docs/limits.md, and has alt text unless decorative; every PDF paper
 * exists, is a regular file and starts like a PDF.  Each file is read once however often
 * it is named.  Sub-items the loader left to the style are numbered
 * here (validate_numbers) and checked against every other number.
 * Cross-checks: apologies and substitutions against the membership, a
 * vote's names against those present (warnings), an exempt item's
 * paragraph of Schedule 12A (an error).
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
#include "../load/load.h"

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
	in->err = file_read_asset(in->path, IMAGE_MAX_BYTES, &data, &n);
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
		    file_strerror(in->err));
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
		    file_strerror(err));
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

/* ---- who is who ---- */

/* name without a leading title ("Councillor ", "Cllr ", "Y Cynghorydd /
 * Councillor "...), spaces collapsed and in lower case, in the arena:
 * the form in which two lists' names are compared. */
static const char *name_key(struct arena *a, const char *name)
{
	static const char *const titles[] = { "county councillor ",
	    "councillor ", "cllr. ", "cllr ", "y cynghorydd / ", "y cynghorydd ",
	    NULL };
	struct buf b;
	buf_init(&b);
	for (const char *p = name; *p; p++) {
		char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		if ((ch == ' ' || ch == '\t') && (b.len == 0 || b.s[b.len - 1] == ' '))
			continue;
		buf_addc(&b, ch == '\t' ? ' ' : ch);
		for (size_t t = 0; titles[t] != NULL; t++) {
			size_t n = strlen(titles[t]);
			if (b.len == n && memcmp(b.s, titles[t], n) == 0) {
				b.len = 0;         /* a title: start again after it */
				b.s[0] = '\0';
				break;
			}
		}
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.len--;
	char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

/* People compared by name_key: their keys (NULL-ended, for
 * load_nearest) and their names as written. */
struct roll {
	const char **keys;
	const char **names;
	size_t n;
};

/* The roll of the n persons at p. */
static struct roll roll_of(struct arena *a, const struct person *p, size_t n)
{
	struct roll r = { arena_alloc(a, (n + 1) * sizeof *r.keys),
	    arena_alloc(a, (n + 1) * sizeof *r.names), n };
	for (size_t i = 0; i < n; i++) {
		r.keys[i] = name_key(a, p[i].name);
		r.names[i] = p[i].name;
	}
	return r;
}

/* Whether name is on roll r; when not, *near is the name as written of
 * the nearest on it (or NULL). */
static bool on_roll(struct arena *a, const struct roll *r, const char *name,
    const char **near)
{
	const char *k = name_key(a, name);
	*near = NULL;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->keys[i], k) == 0)
			return true;
	const char *nk = load_nearest(k, r->keys);
	for (size_t i = 0; nk != NULL && i < r->n; i++)
		if (r->keys[i] == nk)
			*near = r->names[i];
	return false;
}

/* A warning at p that name (what: "apologies from", ...) is not on the
 * list of whom (a roll), with the nearest name on it. */
static void not_on_roll(struct pos p, const char *what, const char *name,
    const char *whom, const char *near)
{
	if (near != NULL)
		diag(DIAG_WARNING, p, "%s '%s', who is not %s; did you mean '%s'?",
		    what, name, whom, near);
	else
		diag(DIAG_WARNING, p, "%s '%s', who is not %s", what, name, whom);
}

/* Apologies and substitutions against the committee's members: a
 * name not among them is a warning (a misspelling, or the wrong
 * committee), and so is a substitute who is a member already. */
static void check_membership(struct arena *a, const struct membership *ms)
{
	if (ms->nmembers == 0)
		return;
	struct roll r = roll_of(a, ms->members, ms->nmembers);
	const char *near;
	const char *whom = "a member of the committee";
	for (size_t i = 0; i < ms->napologies; i++)
		if (!on_roll(a, &r, ms->apologies[i].name, &near))
			not_on_roll(ms->apologies[i].pos, "apologies from",
			    ms->apologies[i].name, whom, near);
	for (size_t i = 0; i < ms->nsubstitutions; i++) {
		const struct substitution *sb = &ms->substitutions[i];
		if (sb->member[0] != '\0' && !on_roll(a, &r, sb->member, &near))
			not_on_roll(sb->member_pos, "a substitution for", sb->member,
			    whom, near);
		if (sb->substitute[0] != '\0' && on_roll(a, &r, sb->substitute,
		    &near))
			diag(DIAG_WARNING, sb->substitute_pos, "'%s' substitutes for "
			    "'%s' but is already a member of the committee",
			    sb->substitute, sb->member);
	}
}

/* An exempt item with papers must say why they are withheld: the
 * paragraph of Schedule 12A ('exempt: N') or the wording
 * ('exempt_reason').  An item with no papers (a place for urgent
 * exempt business, specified at the meeting) need not. */
static int check_exempt(const struct item *it, const struct item *parent,
    struct pos *said)
{
	if (!it->exempt || it->exempt_para > 0 || it->exempt_reason != NULL ||
	    it->npapers == 0)
		return 0;
	/* Sub-items exempt by their item's 'exempt' share its position:
	 * one error there, not one per sub-item. */
	if (said->file == it->exempt_pos.file && said->line == it->exempt_pos.line &&
	    said->col == it->exempt_pos.col)
		return 0;
	*said = it->exempt_pos;
	bool inherited = it->sub > 0 && parent != NULL &&
	    parent->exempt_pos.line == it->exempt_pos.line &&
	    parent->exempt_pos.col == it->exempt_pos.col;
	diag(DIAG_ERROR, it->exempt_pos, "exempt item %s does not say which "
	    "paragraph of Schedule 12A withholds its papers: write the paragraph, "
	    "like 'exempt: 3', or the wording in 'exempt_reason'",
	    inherited ? parent->number : it->number);
	return 1;
}

/* Checks the blocks of a set of minutes, and that a vote names only
 * people present (a warning). */
static void check_minutes(struct checker *c, struct minutes *mi)
{
	struct roll r = roll_of(c->a, mi->present, mi->npresent);
	for (size_t i = 0; i < mi->nentries; i++) {
		const struct minute *e = &mi->entries[i];
		check_blocks(c, &mi->entries[i].body);
		check_blocks(c, &mi->entries[i].resolved);
		for (int k = 0; k < 3 && mi->npresent > 0; k++) {
			const struct vote_side *vs = &e->vote.sides[k];
			const char *near;
			for (size_t j = 0; j < vs->nnames; j++)
				if (!on_roll(c->a, &r, vs->names[j], &near))
					not_on_roll(vs->name_pos[j], "the vote names", vs->names[j],
					    "among those present", near);
		}
	}
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
	check_membership(a, &m->membership);
	struct pos said = { NULL, 0, 0 };
	const struct item *parent = NULL;
	for (size_t i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];
		if (it->sub == 0)
			parent = it;
		c.errors += check_exempt(it, parent, &said);
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

/* ---- sub-item numbers ---- */

/* The Welsh alphabet, for {letter_cy}: (a) (b) (c) (ch) (d) (dd) ... */
static const char *const welsh_letters[] = { "a", "b", "c", "ch", "d", "dd",
	"e", "f", "ff", "g", "ng", "h", "i", "j", "l", "ll", "m", "n", "o", "p",
	"ph", "r", "rh", "s", "t", "th", "u", "w", "y" };

/* Appends the k-th (1-based) counter of kind field ("{letter}" ...) to b:
 * letters run a..z then aa, bb, ...; roman numerals in lower or upper
 * case; plain numbers. */
static void counter(struct buf *b, const char *field, size_t k)
{
	if (strcmp(field, "{number}") == 0) {
		buf_printf(b, "%zu", k);
	} else if (strcmp(field, "{letter_cy}") == 0) {
		size_t n = sizeof welsh_letters / sizeof welsh_letters[0];
		for (size_t r = 0; r <= (k - 1) / n; r++)
			buf_adds(b, welsh_letters[(k - 1) % n]);
	} else if (strcmp(field, "{letter}") == 0 || strcmp(field, "{Letter}") == 0) {
		char c = (char)((field[1] == 'L' ? 'A' : 'a') + (k - 1) % 26);
		for (size_t r = 0; r <= (k - 1) / 26; r++)
			buf_addc(b, c);
	} else {
		static const struct { unsigned v; const char *s; } rn[] = {
			{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
			{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
			{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" } };
		bool upper = field[1] == 'R';
		for (size_t i = 0; i < sizeof rn / sizeof rn[0]; i++)
			for (; k >= rn[i].v; k -= rn[i].v)
				for (const char *p = rn[i].s; *p; p++)
					buf_addc(b, upper ? (char)(*p - 'a' + 'A') : *p);
	}
}

/* The k-th sub-item's number from pattern (checked by the style's
 * loader) under parent number parent. */
static const char *subitem_number(struct arena *a, const char *pattern,
    const char *parent, size_t k)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = pattern; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close == NULL) {
			buf_addc(&b, *p++);
			continue;
		}
		char field[16];
		size_t n = (size_t)(close - p) + 1;
		if (n >= sizeof field) {
			buf_addc(&b, *p++);
			continue;
		}
		memcpy(field, p, n);
		field[n] = 0;
		if (strcmp(field, "{item}") == 0)
			buf_adds(&b, parent);
		else
			counter(&b, field, k);
		p = close + 1;
	}
	const char *r = arena_strdup(a, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

int validate_numbers(struct arena *a, struct meeting *m, const struct style *l)
{
	const char *pattern = l->subitem_number ? l->subitem_number :
	    "{item}({letter})";
	const char *parent = "";
	int errors = 0;
	for (size_t i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];
		if (it->sub == 0)
			parent = it->number;
		else if (it->auto_number)
			it->number = subitem_number(a, pattern, parent, (size_t)it->sub);
	}
	/* A number the style made may repeat one the file gave (the loader
	 * checked those among themselves). */
	for (size_t i = 0; i < m->nitems; i++) {
		if (!m->items[i].auto_number)
			continue;
		for (size_t k = 0; k < m->nitems; k++) {
			if (k == i || (m->items[k].auto_number && k > i) ||
			    strcmp(m->items[k].number, m->items[i].number) != 0)
				continue;
			bool first = k < i;
			const struct item *later = first ? &m->items[i] : &m->items[k];
			const struct item *earlier = first ? &m->items[k] : &m->items[i];
			diag(DIAG_ERROR, later->number_pos, "duplicate item number '%s' "
			    "(first used at line %d)", later->number,
			    earlier->number_pos.line);
			errors++;
			break;
		}
	}
	return errors;
}
