/*
 * util.h - the allocator seam, growable buffers, UTF-8 helpers and the
 * diagnostics printer shared by every stage of agendapack.
 *
 * Memory: every document owns one arena (struct arena); everything the
 * loader, validator and layout allocate for it lives there and is freed
 * at once with arena_free().  Out of memory aborts with a message: no
 * other code checks for NULL.
 *
 * Diagnostics: one printer, GCC style "FILE:LINE:COL: error: MESSAGE"
 * (1-based), counted by severity, and the exit-status channel: stages
 * record why they failed (diag_status()), the CLI returns
 * diag_exit_status().
 */
#ifndef AP_UTIL_H
#define AP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation ---- */

/* Running out of memory is an internal error: one message, "agendapack:
 * error: out of memory", and exit 70 (never a crash).  The x-functions
 * call it; so does code whose library reports running out. */
_Noreturn void oom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

struct arena;                          /* opaque: a chain of blocks */
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);     /* zeroed, 16-aligned */
char *arena_chars(struct arena *a, size_t n);     /* zeroed, unaligned: text */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t arena_used(const struct arena *a);          /* bytes handed out */
void arena_free(struct arena *a);

/* A growable array of fixed-size elements in the heap (not the arena). */
struct vec {
	void *v;                           /* elements */
	size_t n;                          /* elements in use */
	size_t cap;                        /* elements allocated */
	size_t sz;                         /* size of one element */
};
void vec_init(struct vec *v, size_t elemsize);
void *vec_push(struct vec *v);         /* returns a zeroed new element */
void vec_free(struct vec *v);
/* Copies the elements into the arena and frees the heap copy. */
void *vec_to_arena(struct vec *v, struct arena *a);

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
void buf_init(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Writes v in decimal, at least width (at most 20) digits, zeros
 * before, ending just before end; returns where they start.  The one
 * integer formatter for where snprintf is too slow (PDF object numbers,
 * references and offsets, written tens of thousands of times). */
char *dec_digits(char *end, size_t v, int width);
/* Appends v in decimal, at least width (at most 20) digits. */
void buf_add_dec(struct buf *b, size_t v, int width);

/* ---- UTF-8 ---- */

/* Returns the length of the first invalid sequence's offset, or -1 when
 * the n bytes at s are valid UTF-8 (no overlongs, no surrogates). */
long utf8_invalid_at(const char *s, size_t n);
/* Decodes one code point at *p, advancing it; returns -1 on bad input
 * (and advances one byte). */
int32_t utf8_next(const char **p, const char *end);
/* Encodes cp into out (4 bytes at most); returns the length. */
int utf8_put(char *out, uint32_t cp);

/* ---- exit status ---- */

/* The exit statuses of agendapack (the sysexits.h values): the only place
 * their numbers are written.  Functions that can fail return one of these
 * (AP_EXIT_OK on success). */
enum ap_exit {
	AP_EXIT_OK = 0,
	AP_EXIT_USAGE = 64,                /* bad command line */
	AP_EXIT_DATAERR = 65,              /* invalid input */
	AP_EXIT_NOINPUT = 66,              /* an input missing or unreadable */
	AP_EXIT_SOFTWARE = 70,             /* internal error, out of memory */
	AP_EXIT_CANTCREAT = 73,            /* an output cannot be written */
};

/* ---- diagnostics ---- */

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

/* Where a diagnostic points: file name and 1-based line and column.
 * line 0 means "the whole file". */
struct pos {
	const char *file;
	int line;
	int col;
};

void diag(enum diag_level lvl, struct pos p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void vdiag(enum diag_level lvl, struct pos p, const char *fmt, va_list ap);
/* Counts of diagnostics printed so far, and the cap after which errors
 * are counted but no longer printed. */
int diag_count(enum diag_level lvl);
bool diag_capped(void);
void diag_reset(void);
void diag_set_cap(int max_errors);
/* Silences printing (fuzz targets); counting goes on. */
void diag_set_quiet(bool quiet);
/* Prints only diagnostics of lvl and above (-q: DIAG_ERROR); counting
 * goes on.  Whatever the level, a warning or note repeated for the same
 * place (file, line, column, message) is printed and counted once. */
void diag_set_min_level(enum diag_level lvl);
/* The exit-status channel.  A stage that fails records why with
 * diag_status(); diag_exit_status() is the program's exit status: the
 * first failure recorded (it names the cause: later failures are mostly
 * its consequences), except that an internal error (AP_EXIT_SOFTWARE)
 * always wins; AP_EXIT_DATAERR when errors were reported but no status
 * recorded; AP_EXIT_OK when nothing failed.  diag_reset() clears it. */
void diag_status(enum ap_exit s);
enum ap_exit diag_exit_status(void);
/* A message with no position: "agendapack: error: ...". */
void diag_plain(enum diag_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- files ---- */

/* Reads a whole file (a pipe too: a passphrase may come from one).
 * Returns 0 and sets *data and *len (heap, NUL-terminated), or an errno
 * value.  EISDIR for a directory, EFBIG when it is larger than max
 * bytes. */
int file_read(const char *path, size_t max, char **data, size_t *len);
/* Reads a whole regular file that came from outside (an image, an
 * appendix), as file_read() does, but anything that is not a regular
 * file is ESPIPE, refused without a read (a FIFO cannot hang the
 * build). */
int file_read_asset(const char *path, size_t max, char **data, size_t *len);
/* Writes len bytes of data to fd, on through EINTR and short writes.
 * Returns 0 or an errno value (EIO when write() wrote nothing). */
int fd_write_all(int fd, const void *data, size_t len);
/* A sentence for a file_read*() error, for "cannot read 'x': %s". */
const char *file_strerror(int err);
/* The directory part of path, in the arena ("." when there is none). */
char *path_dir(struct arena *a, const char *path);
/* Joins dir and a relative path; an absolute rel is returned as is. */
char *path_join(struct arena *a, const char *dir, const char *rel);
/* The folder holding agendapack's layouts/ (and fonts/): the source tree
 * for a binary in its build folder, else the installed data folder
 * (datadir.c). */
const char *ap_data_dir(void);

#endif
