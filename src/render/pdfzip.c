/*
 * pdfzip.c - page content deflated (libdeflate) on a worker thread; see pdfzip.h.
 *
 * A ring of RING jobs: the device's thread fills slots at tail, the
 * worker compresses them from the oldest, and the device's thread
 * delivers them at head.  When the ring is full, or at the end, the
 * device's thread does not just wait: it compresses the newest job no
 * one has taken (compression is most of the work of drawing a page, so
 * otherwise the worker alone sets the pace).  Every job is compressed on
 * its own by the same call, so which thread did it never shows in the
 * bytes.  One mutex guards the indices and the states; the data of a
 * slot belongs to whichever thread its state says.
 */
#include "pdfzip.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libdeflate.h>

#include "../util/util.h"
#include "pdffix.h"

#define RING 16

enum { JOB_FREE, JOB_QUEUED, JOB_TAKEN, JOB_DONE };

struct job {
	int state;
	size_t id;
	unsigned char *in;
	size_t inlen;
	struct buf out;
	int err;
};

struct pdfzip {
	pdfzip_done_fn done;
	void *ctx;
	bool threaded;
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t queued, finished;
	bool stop;
	struct job ring[RING];
	size_t head, tail, work;            /* deliver, submit, the worker's
	                                       next job (jobs before it are
	                                       taken or done) */
	int err;
	struct pdfzip_coder *coder;         /* the device's thread's */
	struct pdfzip_coder *wcoder;        /* the worker's */
};

struct pdfzip_coder {
	struct libdeflate_compressor *ld;
};

int pdfzip_threads(void)
{
	const char *e = getenv("AGENDAPACK_THREADS");
	if (e != NULL && (strcmp(e, "1") == 0 || strcmp(e, "2") == 0))
		return e[0] - '0';
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

struct pdfzip_coder *pdfzip_coder_new(int level)
{
	struct pdfzip_coder *c = xmalloc(sizeof *c);
	c->ld = libdeflate_alloc_compressor(level);
	if (c->ld == NULL)                 /* the level is valid: memory */
		oom();
	return c;
}

int pdfzip_compress(struct pdfzip_coder *c, const void *in, size_t n, struct buf *out)
{
	size_t room = libdeflate_zlib_compress_bound(c->ld, n);
	if (room < n || room > SIZE_MAX - 1 - out->len)
		oom();
	if (out->cap < out->len + room + 1) {
		out->s = xrealloc(out->s, out->len + room + 1);
		out->cap = out->len + room + 1;
	}
	size_t got = libdeflate_zlib_compress(c->ld, in, n, out->s + out->len, room);
	out->s[out->len + got] = '\0';
	out->len += got;
	return got == 0 ? PDFFIX_EZLIB : 0;
}

void pdfzip_coder_free(struct pdfzip_coder *c)
{
	if (c == NULL)
		return;
	libdeflate_free_compressor(c->ld);
	free(c);
}

/* Compresses j's input into j->out with *coder (made on the compressing
 * thread's first job, then kept), freeing the input; j->err is
 * pdfzip_compress's answer. */
static void compress_job(struct pdfzip_coder **coder, struct job *j)
{
	if (*coder == NULL)
		*coder = pdfzip_coder_new(PDFZIP_LEVEL);
	buf_init(&j->out);
	j->err = pdfzip_compress(*coder, j->in, j->inlen, &j->out);
	free(j->in);
	j->in = NULL;
}

/* The worker: compresses the oldest job no one has taken, until told
 * to stop. */
static void *worker_main(void *arg)
{
	struct pdfzip *z = arg;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		if (z->work < z->head)
			z->work = z->head;
		while (z->work < z->tail && z->ring[z->work % RING].state != JOB_QUEUED)
			z->work++;
		if (z->stop)
			break;
		if (z->work == z->tail) {
			pthread_cond_wait(&z->queued, &z->mu);
			continue;
		}
		struct job *j = &z->ring[z->work % RING];
		j->state = JOB_TAKEN;
		pthread_mutex_unlock(&z->mu);
		compress_job(&z->wcoder, j);
		pthread_mutex_lock(&z->mu);
		j->state = JOB_DONE;
		pthread_cond_signal(&z->finished);
	}
	pthread_mutex_unlock(&z->mu);
	return NULL;
}

/* With z->mu held: takes the newest job no one has taken, compresses it
 * with the mutex released and marks it done; false when there was none. */
static bool help(struct pdfzip *z)
{
	size_t lo = z->work > z->head ? z->work : z->head, i = z->tail;
	while (i > lo && z->ring[(i - 1) % RING].state != JOB_QUEUED)
		i--;
	if (i == lo)
		return false;
	struct job *j = &z->ring[(i - 1) % RING];
	j->state = JOB_TAKEN;
	pthread_mutex_unlock(&z->mu);
	compress_job(&z->coder, j);
	pthread_mutex_lock(&z->mu);
	j->state = JOB_DONE;
	return true;
}

struct pdfzip *pdfzip_new(int threads, pdfzip_done_fn done, void *ctx)
{
	struct pdfzip *z = xcalloc(1, sizeof *z);
	z->done = done;
	z->ctx = ctx;
	if (threads > 1) {
		pthread_mutex_init(&z->mu, NULL);
		pthread_cond_init(&z->queued, NULL);
		pthread_cond_init(&z->finished, NULL);
		z->threaded = pthread_create(&z->worker, NULL, worker_main, z) == 0;
		if (!z->threaded) {
			pthread_mutex_destroy(&z->mu);
			pthread_cond_destroy(&z->queued);
			pthread_cond_destroy(&z->finished);
		}
	}
	return z;
}

/* Hands job j's result to the callback and frees its output (the
 * device's thread, the job done; the caller frees the slot, under the
 * mutex: the worker reads slots' states). */
static void deliver(struct pdfzip *z, struct job *j)
{
	int r = j->err;
	if (r == 0)
		r = z->done(z->ctx, j->id, (const unsigned char *)j->out.s, j->out.len);
	if (r && !z->err)
		z->err = r;
	buf_free(&j->out);
}

/* Delivers finished jobs at the head; with all, until none is pending
 * (with room, until a slot is free), compressing jobs itself (help)
 * rather than waiting while there are any to take. */
static void drain(struct pdfzip *z, bool all, bool room)
{
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (z->head < z->tail && z->ring[z->head % RING].state != JOB_DONE &&
		    (all || (room && z->tail - z->head == RING)))
			if (!help(z))
				pthread_cond_wait(&z->finished, &z->mu);
		if (z->head == z->tail || z->ring[z->head % RING].state != JOB_DONE)
			break;
		struct job *j = &z->ring[z->head % RING];
		pthread_mutex_unlock(&z->mu);
		deliver(z, j);
		pthread_mutex_lock(&z->mu);
		j->state = JOB_FREE;
		z->head++;
	}
	pthread_mutex_unlock(&z->mu);
}

void pdfzip_submit(struct pdfzip *z, size_t id, unsigned char *data, size_t len)
{
	if (!z->threaded) {
		struct job j = { .id = id, .in = data, .inlen = len };
		compress_job(&z->coder, &j);
		deliver(z, &j);
		return;
	}
	drain(z, false, true);
	pthread_mutex_lock(&z->mu);
	struct job *j = &z->ring[z->tail % RING];
	j->id = id;
	j->in = data;
	j->inlen = len;
	j->state = JOB_QUEUED;
	z->tail++;
	pthread_cond_signal(&z->queued);
	pthread_mutex_unlock(&z->mu);
}

int pdfzip_finish(struct pdfzip *z)
{
	if (z->threaded)
		drain(z, true, false);
	return z->err;
}

void pdfzip_free(struct pdfzip *z)
{
	if (z == NULL)
		return;
	if (z->threaded) {
		pthread_mutex_lock(&z->mu);
		z->stop = true;
		pthread_cond_signal(&z->queued);
		pthread_mutex_unlock(&z->mu);
		pthread_join(z->worker, NULL);
		for (size_t i = z->head; i < z->tail; i++) {
			free(z->ring[i % RING].in);
			buf_free(&z->ring[i % RING].out);
		}
		pthread_mutex_destroy(&z->mu);
		pthread_cond_destroy(&z->queued);
		pthread_cond_destroy(&z->finished);
	}
	pdfzip_coder_free(z->coder);
	pdfzip_coder_free(z->wcoder);
	free(z);
}
