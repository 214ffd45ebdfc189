/*
 * pdfzip.h - page content compressed as pages finish (internal to
 * src/render), on a worker thread when there is a second core.
 *
 * The PDF device hands each finished page's content stream over (its
 * raw bytes, taken out of libharu) and goes on drawing; the worker
 * deflates it (one zlib-format stream, as /FlateDecode reads, written by
 * libdeflate at PDFZIP_LEVEL: a little smaller than zlib's default
 * level, for two thirds of its instructions), and the finished bytes
 * come back to the device's thread, in the order the pages were given,
 * through a callback.  The output is the same whatever the number of threads:
 * each page is compressed on its own, by the same libdeflate call.
 *
 * The same compression is there for any other buffer (an object stream,
 * say): a coder per thread, made once (libdeflate's state is 650 KB,
 * not to be made per buffer), pdfzip_compress per buffer.
 */
#ifndef AP_PDFZIP_H
#define AP_PDFZIP_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct pdfzip;
struct pdfzip_coder;

/* libdeflate's compression level for everything pdfzip writes, chosen
 * by measurement on the N=1000 bench pack (bench/README.md): its page
 * content deflated to 2.28 MB at zlib's default level in 1.85 G
 * instructions; libdeflate's level 6 to 2.33 MB in 1.00 G, level 7 to
 * 2.22 MB in 1.25 G, level 9 to 2.18 MB in 2.12 G.  Level 7: no bigger
 * than zlib's, for two thirds of the work. */
#define PDFZIP_LEVEL 7

/* libdeflate's level for object and cross-reference streams (the
 * structure tree's update, pdfpure.c), by measurement on the same pack:
 * its 3.49 MB of objects deflated to 0.90 MB in 193 M instructions by
 * zlib's level 1, to 0.82 MB in 107 M by libdeflate's level 1, to
 * 0.66 MB in 288 M by its level 6.  See bench/README.md. */
#define PDFZIP_LEVEL_OBJECTS 1

/* A compressor at level (PDFZIP_LEVEL, PDFZIP_LEVEL_OBJECTS) for one
 * thread's use at a time (a thread makes one and keeps it); running out
 * of memory ends the program (oom()). */
struct pdfzip_coder *pdfzip_coder_new(int level);
/* Appends the n bytes at in, deflated as one zlib-format stream (what
 * /FlateDecode reads: the zlib header, the deflate data, the adler32),
 * to out; the same bytes for the same input, whichever coder or thread.
 * Returns 0, or PDFFIX_EZLIB if libdeflate fails (it cannot, given its
 * own bound as room, which this makes). */
int pdfzip_compress(struct pdfzip_coder *c, const void *in, size_t n, struct buf *out);
/* Frees a coder (NULL is fine). */
void pdfzip_coder_free(struct pdfzip_coder *c);

/* Receives job id's compressed bytes (valid during the call only) on the
 * thread that submits; returns 0 or an error to keep. */
typedef int (*pdfzip_done_fn)(void *ctx, size_t id, const unsigned char *z, size_t n);

/* The number of threads compression uses: the environment variable
 * AGENDAPACK_THREADS when it is 1 (compression inline) or 2 (a worker
 * thread), else 2 when the machine has a second core, 1 otherwise. */
int pdfzip_threads(void);
/* A queue using threads (1: no worker thread). */
struct pdfzip *pdfzip_new(int threads, pdfzip_done_fn done, void *ctx);
/* Queues data (len bytes, malloc'd: the queue frees it) as job id, and
 * delivers the jobs finished meanwhile.  Waits while many jobs are
 * pending, so memory stays bounded. */
void pdfzip_submit(struct pdfzip *z, size_t id, unsigned char *data, size_t len);
/* Delivers every job, waiting for them; returns the first error (a
 * compression failure is PDFFIX_EZLIB) or a callback's, 0 if none. */
int pdfzip_finish(struct pdfzip *z);
/* Stops the worker and frees the queue (undelivered jobs are dropped). */
void pdfzip_free(struct pdfzip *z);

#endif
