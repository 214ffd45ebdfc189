/* util.c - allocation, arenas, buffers, UTF-8, diagnostics, files. */
#include "util.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

void oom(void)
{
	/* One message, one exit, when two threads run out at once: the
	 * second waits for the first's exit to end the process. */
	static atomic_flag said = ATOMIC_FLAG_INIT;
	if (atomic_flag_test_and_set(&said))
		for (;;)
			pause();
	fputs("agendapack: error: out of memory\n", stderr);
	exit(AP_EXIT_SOFTWARE);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* ---- arena: a chain of blocks, bump allocation ---- */

struct ablock {
	struct ablock *next;
	size_t size;                       /* usable bytes in data */
	size_t used;                       /* bytes handed out */
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct ablock *head;
	size_t total;                      /* bytes handed out, all blocks */
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

/* n zeroed bytes of a, at a multiple of align (1 or 16) from the
 * block's start (so 16-aligned when align is 16). */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
	struct ablock *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (b == NULL || at > b->size || b->size - at < n) {
		size_t sz = n > 65536 ? n : 65536;
		b = xmalloc(sizeof(*b) + sz);
		b->size = sz;
		b->used = 0;
		/* A big allocation gets its own block behind the current one,
		 * so the current block's free space is not wasted. */
		if (a->head != NULL && n > 65536 / 4) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		at = 0;
	}
	void *p = b->data + at;
	b->used = at + n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, (n + 15) & ~(size_t)15, 16);
}

char *arena_chars(struct arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_chars(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* Measure into a small buffer first (most strings fit); a NULL
	 * destination upsets gcc's -Wformat-truncation under UBSan. */
	char small[256];
	va_list ap;
	if (fmt == NULL)               /* tells gcc's UBSan build it is not */
		return arena_strdup(a, "");
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_chars(a, (size_t)n + 1);
	if ((size_t)n < sizeof small) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	struct ablock *b = a->head;
	while (b != NULL) {
		struct ablock *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

/* ---- vec ---- */

void vec_init(struct vec *v, size_t elemsize)
{
	v->v = NULL;
	v->n = v->cap = 0;
	v->sz = elemsize;
}

void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xrealloc(v->v, v->cap * v->sz);
	}
	void *p = (char *)v->v + v->n++ * v->sz;
	memset(p, 0, v->sz);
	return p;
}

void vec_free(struct vec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

void *vec_to_arena(struct vec *v, struct arena *a)
{
	void *p = NULL;
	if (v->n > 0) {
		p = arena_alloc(a, v->n * v->sz);
		memcpy(p, v->v, v->n * v->sz);
	}
	free(v->v);
	v->v = NULL;
	v->cap = 0;
	return p;
}

/* ---- buf ---- */

void buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Makes room for extra more bytes and the NUL in b. */
static void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + extra + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char small[8];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

char *dec_digits(char *end, size_t v, int width)
{
	char *p = end;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || end - p < width);
	return p;
}

void buf_add_dec(struct buf *b, size_t v, int width)
{
	char tmp[24], *p = dec_digits(tmp + sizeof tmp, v, width);
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* ---- UTF-8 ---- */

int32_t utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	const unsigned char *e = (const unsigned char *)end;
	uint32_t c = *p;
	int len;
	uint32_t min;
	if (c < 0x80) {
		*pp += 1;
		return (int32_t)c;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		*pp += 1;
		return -1;
	}
	if (e - p < len) {
		*pp += 1;
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*pp += 1;
			return -1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*pp += 1;
		return -1;
	}
	*pp += len;
	return (int32_t)c;
}

long utf8_invalid_at(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		const char *q = p;
		if (utf8_next(&p, end) < 0)
			return (long)(q - s);
	}
	return -1;
}

int utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ---- diagnostics ---- */

static int counts[3];
static int cap = 50;
static bool quiet;
static enum diag_level min_level = DIAG_NOTE;
static enum ap_exit status;            /* the first failure's status */
static const char *names[] = { "note", "warning", "error" };

/* Warnings and notes already printed, by a hash of (file, line, col,
 * message): open addressing, 0 = empty; when full, repeats print. */
#define DIAG_SEEN 4096
static uint64_t seen[DIAG_SEEN];

void diag_set_cap(int max_errors) { cap = max_errors; }
void diag_set_quiet(bool q) { quiet = q; }
void diag_set_min_level(enum diag_level lvl) { min_level = lvl; }
int diag_count(enum diag_level lvl) { return counts[lvl]; }
bool diag_capped(void) { return counts[DIAG_ERROR] >= cap; }
void diag_reset(void)
{
	memset(counts, 0, sizeof counts);
	memset(seen, 0, sizeof seen);
	status = AP_EXIT_OK;
}

/* True when the same warning or note was given at p before; records it
 * otherwise (FNV-1a over the place and the formatted message). */
static bool diag_repeated(struct pos p, const char *fmt, va_list ap)
{
	char msg[512];
	va_list cp;
	va_copy(cp, ap);
	vsnprintf(msg, sizeof msg, fmt, cp);
	va_end(cp);
	char where[64];
	snprintf(where, sizeof where, "\n%d:%d\n", p.line, p.col);
	uint64_t h = UINT64_C(14695981039346656037);
	const char *parts[] = { p.file ? p.file : "", where, msg };
	for (int k = 0; k < 3; k++)
		for (const unsigned char *c = (const unsigned char *)parts[k]; *c; c++)
			h = (h ^ *c) * UINT64_C(1099511628211);
	if (h == 0)
		h = 1;
	for (size_t i = 0, j = h % DIAG_SEEN; i < DIAG_SEEN; i++, j = (j + 1) % DIAG_SEEN) {
		if (seen[j] == h)
			return true;
		if (seen[j] == 0) {
			seen[j] = h;
			return false;
		}
	}
	return false;
}

void diag_status(enum ap_exit s)
{
	if (status == AP_EXIT_OK || s == AP_EXIT_SOFTWARE)
		status = s;
}

enum ap_exit diag_exit_status(void)
{
	if (status == AP_EXIT_OK && counts[DIAG_ERROR] > 0)
		return AP_EXIT_DATAERR;
	return status;
}

void vdiag(enum diag_level lvl, struct pos p, const char *fmt, va_list ap)
{
	if (lvl != DIAG_ERROR && diag_repeated(p, fmt, ap))
		return;
	counts[lvl]++;
	if (quiet || lvl < min_level)
		return;
	if (lvl == DIAG_ERROR && counts[lvl] > cap) {
		if (counts[lvl] == cap + 1)
			fprintf(stderr, "agendapack: note: more than %d errors; "
			    "the rest are not shown\n", cap);
		return;
	}
	if (p.file && p.line > 0)
		fprintf(stderr, "%s:%d:%d: %s: ", p.file, p.line, p.col, names[lvl]);
	else if (p.file)
		fprintf(stderr, "%s: %s: ", p.file, names[lvl]);
	else
		fprintf(stderr, "agendapack: %s: ", names[lvl]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void diag(enum diag_level lvl, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(lvl, p, fmt, ap);
	va_end(ap);
}

void diag_plain(enum diag_level lvl, const char *fmt, ...)
{
	va_list ap;
	struct pos p = { NULL, 0, 0 };
	va_start(ap, fmt);
	vdiag(lvl, p, fmt, ap);
	va_end(ap);
}

/* ---- files ---- */

/* Reads fd to its end into a heap buffer of at most max bytes (first
 * sized for hint bytes); closes fd.  Returns 0 or an errno value. */
static int read_fd(int fd, size_t hint, size_t max, char **data, size_t *len)
{
	size_t cap = hint < max ? hint : max;
	if (cap < 64)
		cap = 64;
	char *b = xmalloc(cap + 1);
	size_t n = 0;
	int err = 0;
	for (;;) {
		if (n == cap) {                    /* full, or the file grew */
			if (cap >= max) {
				/* One byte more tells "exactly max" from "larger". */
				char c;
				ssize_t r = read(fd, &c, 1);
				if (r > 0)
					err = EFBIG;
				else if (r < 0 && errno == EINTR)
					continue;
				else if (r < 0)
					err = errno;
				break;
			}
			cap = max - cap > cap + 4096 ? cap * 2 + 4096 : max;
			b = xrealloc(b, cap + 1);
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (err != 0) {
		free(b);
		return err;
	}
	b[n] = '\0';
	*data = b;
	*len = n;
	return 0;
}

/* Opens path for reading (flags added to O_RDONLY | O_CLOEXEC) and
 * reads it whole; a directory is EISDIR, and with regular_only anything
 * else that is not a regular file is ESPIPE, refused before a read. */
static int read_path(const char *path, int flags, bool regular_only,
    size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return errno;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return e;
	}
	int refuse = S_ISDIR(st.st_mode) ? EISDIR :
	    regular_only && !S_ISREG(st.st_mode) ? ESPIPE :
	    S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max ? EFBIG : 0;
	if (refuse != 0) {
		close(fd);
		return refuse;
	}
	size_t hint = S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096;
	return read_fd(fd, hint, max, data, len);
}

int file_read(const char *path, size_t max, char **data, size_t *len)
{
	return read_path(path, 0, false, max, data, len);
}

int file_read_asset(const char *path, size_t max, char **data, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO with no writer returns at once. */
	return read_path(path, O_NONBLOCK, true, max, data, len);
}

int fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

const char *file_strerror(int err)
{
	if (err == ESPIPE)
		return "not a regular file (a pipe, socket or device)";
	return strerror(err);
}

char *path_dir(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return arena_strdup(a, ".");
	if (slash == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(slash - path));
}

char *path_join(struct arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/' || dir == NULL || strcmp(dir, ".") == 0)
		return arena_strdup(a, rel);
	return arena_printf(a, "%s/%s", dir, rel);
}
