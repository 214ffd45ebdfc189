/*
 * pdfzip.h - page content compressed as pages finish (internal to
 * src/render), on a worker thread when there is a second core.
 *
 * The PDF device hands each finished page's content stream over (its
 * raw bytes, taken out of libharu) and goes on drawing; the worker
 * deflates it exactly as libharu would have (zlib's default level, one
 * stream), and the finished bytes come back to the device's thread, in
 * the order the pages were given, through a callback.  The output is the
 * same whatever the number of threads: each page is compressed on its
 * own, by the same zlib calls.
 */
#ifndef AP_PDFZIP_H
#define AP_PDFZIP_H

#include <stdbool.h>
#include <stddef.h>

struct pdfzip;

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
/* Delivers every job, waiting for them; returns the first error (a zlib
 * failure is PDFFIX_EZLIB) or a callback's, 0 if none. */
int pdfzip_finish(struct pdfzip *z);
/* Stops the worker and frees the queue (undelivered jobs are dropped). */
void pdfzip_free(struct pdfzip *z);

#endif
