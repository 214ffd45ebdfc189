/*
 * pdfzip.c - page content compressed on a worker thread; see pdfzip.h.
 *
 * A ring of RING jobs: the device's thread fills slots at tail, the
 * worker compresses them in order, and the device's thread delivers them
 * at head.  One mutex guards the indices and the states; the data of a
 * slot belongs to whichever thread its state says.
 */
#include "pdfzip.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../util/util.h"
#include "pdffix.h"

#define RING 16

enum { JOB_FREE, JOB_QUEUED, JOB_DONE };

struct job {
	int state;
	size_t id;
	unsigned char *in, *out;
	size_t inlen, outlen;
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
	size_t head, tail, work;            /* deliver, submit, compress */
	int err;
	z_stream zs;                        /* the compressing thread's */
	bool zs_ready;
};

int pdfzip_threads(void)
{
	const char *e = getenv("AGENDAPACK_THREADS");
	if (e != NULL && (strcmp(e, "1") == 0 || strcmp(e, "2") == 0))
		return e[0] - '0';
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

/* Deflates j's input into j->out as libharu does (default level, zlib
 * format) with the queue's stream *zs (made on first use, then reset:
 * the same bytes as a new stream, without allocating zlib's 256 KiB of
 * state for every page); sets j->err to PDFFIX_EZLIB on failure. */
static void compress_job(z_stream *zs, bool *ready, struct job *j)
{
	j->err = 0;
	int r = *ready ? deflateReset(zs) : deflateInit(zs, Z_DEFAULT_COMPRESSION);
	*ready = r == Z_OK;
	if (r != Z_OK) {
		j->err = PDFFIX_EZLIB;
		free(j->in);
		j->in = NULL;
		return;
	}
	size_t cap = deflateBound(zs, (uLong)j->inlen);
	j->out = xmalloc(cap ? cap : 1);
	zs->next_in = j->in;
	zs->avail_in = (uInt)j->inlen;
	zs->next_out = j->out;
	zs->avail_out = (uInt)cap;
	if (deflate(zs, Z_FINISH) != Z_STREAM_END)
		j->err = PDFFIX_EZLIB;
	j->outlen = cap - zs->avail_out;
	free(j->in);
	j->in = NULL;
}

/* The worker: compresses queued jobs in order until told to stop. */
static void *worker_main(void *arg)
{
	struct pdfzip *z = arg;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (!z->stop && z->work == z->tail)
			pthread_cond_wait(&z->queued, &z->mu);
		if (z->stop)
			break;
		struct job *j = &z->ring[z->work % RING];
		pthread_mutex_unlock(&z->mu);
		compress_job(&z->zs, &z->zs_ready, j);
		pthread_mutex_lock(&z->mu);
		j->state = JOB_DONE;
		z->work++;
		pthread_cond_signal(&z->finished);
	}
	pthread_mutex_unlock(&z->mu);
	return NULL;
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

/* Hands job j's result to the callback and frees the slot (the device's
 * thread, the job done). */
static void deliver(struct pdfzip *z, struct job *j)
{
	int r = j->err;
	if (r == 0)
		r = z->done(z->ctx, j->id, j->out, j->outlen);
	if (r && !z->err)
		z->err = r;
	free(j->out);
	j->out = NULL;
	j->state = JOB_FREE;
}

/* Delivers finished jobs at the head; with wait, until none is pending
 * (or, with room, until a slot is free). */
static void drain(struct pdfzip *z, bool all, bool room)
{
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (z->head < z->tail && z->ring[z->head % RING].state != JOB_DONE &&
		    (all || (room && z->tail - z->head == RING)))
			pthread_cond_wait(&z->finished, &z->mu);
		if (z->head == z->tail || z->ring[z->head % RING].state != JOB_DONE)
			break;
		struct job *j = &z->ring[z->head % RING];
		pthread_mutex_unlock(&z->mu);
		deliver(z, j);
		pthread_mutex_lock(&z->mu);
		z->head++;
	}
	pthread_mutex_unlock(&z->mu);
}

void pdfzip_submit(struct pdfzip *z, size_t id, unsigned char *data, size_t len)
{
	if (!z->threaded) {
		struct job j = { .id = id, .in = data, .inlen = len };
		compress_job(&z->zs, &z->zs_ready, &j);
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
			free(z->ring[i % RING].out);
		}
		pthread_mutex_destroy(&z->mu);
		pthread_cond_destroy(&z->queued);
		pthread_cond_destroy(&z->finished);
	}
	if (z->zs_ready)
		deflateEnd(&z->zs);
	free(z);
}
