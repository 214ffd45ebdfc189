/*
 * pdfzip-test.c - what src/render/pdfzip.c writes inflates back, with
 * zlib (the reader's side of /FlateDecode: header, data, adler32), to
 * exactly what it was given; the queue delivers every page in order,
 * with the same bytes on one thread and two, and as pdfzip_compress
 * writes them on a coder of its own.  Usage: pdfzip-test (exit 0: all
 * well; each failure is a line on stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "render/pdfzip.h"
#include "util/util.h"

static int fails;

/* Reports a failure. */
static void fail(const char *what, size_t n)
{
	fprintf(stderr, "pdfzip-test: %s (input of %zu bytes)\n", what, n);
	fails++;
}

/* Checks that the n bytes at z are one zlib stream that inflates to
 * exactly the want bytes at in (zlib checks the header and adler32). */
static void check_inflates(const unsigned char *z, size_t n, const unsigned char *in,
    size_t want)
{
	if (n < 6 || (z[0] & 0x0f) != 8 || ((z[0] << 8) | z[1]) % 31 != 0) {
		fail("not a zlib header (deflate, check bits)", want);
		return;
	}
	uLongf got = (uLongf)want + 1;
	unsigned char *back = malloc(want + 1);
	int r = uncompress(back, &got, z, (uLong)n);
	if (r != Z_OK)
		fail(r == Z_DATA_ERROR ? "zlib says the stream is damaged" : "zlib cannot inflate it",
		    want);
	else if (got != want || memcmp(back, in, want) != 0)
		fail("inflates to other bytes", want);
	free(back);
}

/* Fills p with n bytes of kind k: 0 a page's operators (repetitive
 * text), 1 pseudo-random bytes (incompressible), 2 one byte repeated. */
static void fill(unsigned char *p, size_t n, int k, uint32_t seed)
{
	size_t at = 0;
	while (at < n) {
		char line[96];
		int len;
		seed = seed * 1103515245u + 12345u;
		if (k == 0)
			len = snprintf(line, sizeof line, "BT /F1 10 Tf 56.7 %u.2 Td <%04x%04x> Tj ET\n",
			    seed % 800, seed >> 16, seed & 0xffff);
		else {
			line[0] = k == 1 ? (char)(seed >> 24) : 'q';
			len = 1;
		}
		for (int i = 0; i < len && at < n; i++)
			p[at++] = (unsigned char)line[i];
	}
}

static const size_t SIZES[] = { 0, 1, 100, 4000, 65536, 70001, 1 << 20 };

/* pdfzip_compress on each kind and size, appended after a prefix. */
static void test_buffers(void)
{
	struct pdfzip_coder *c = pdfzip_coder_new(PDFZIP_LEVEL);
	for (int k = 0; k < 3; k++)
		for (size_t s = 0; s < sizeof SIZES / sizeof *SIZES; s++) {
			size_t n = SIZES[s];
			unsigned char *in = malloc(n ? n : 1);
			fill(in, n, k, (uint32_t)(s * 3 + k));
			struct buf out;
			buf_init(&out);
			buf_adds(&out, "prefix");
			if (pdfzip_compress(c, in, n, &out) != 0)
				fail("pdfzip_compress failed", n);
			if (out.len < 6 || memcmp(out.s, "prefix", 6) != 0)
				fail("the buffer's earlier bytes changed", n);
			else
				check_inflates((unsigned char *)out.s + 6, out.len - 6, in, n);
			if (k == 1 && out.len - 6 > n + n / 100 + 64)
				fail("incompressible input grew past its bound", n);
			buf_free(&out);
			free(in);
		}
	pdfzip_coder_free(c);
	pdfzip_coder_free(NULL);
}

#define PAGES 60

struct pages {
	unsigned char *in[PAGES];
	size_t len[PAGES];
	struct buf want[PAGES];            /* pdfzip_compress's bytes */
	size_t next;                       /* the id expected next */
};

/* The queue's callback: checks the page comes in order, inflates back
 * and is the bytes pdfzip_compress wrote for it. */
static int delivered(void *ctx, size_t id, const unsigned char *z, size_t n)
{
	struct pages *p = ctx;
	if (id != p->next++ || id >= PAGES) {
		fail("a page delivered out of order", id);
		return 0;
	}
	check_inflates(z, n, p->in[id], p->len[id]);
	if (n != p->want[id].len || memcmp(z, p->want[id].s, n) != 0)
		fail("the queue's bytes differ from pdfzip_compress's", p->len[id]);
	return 0;
}

/* The queue on threads (1 or 2): PAGES pages, more than its ring holds. */
static void test_queue(int threads)
{
	struct pages p = { .next = 0 };
	struct pdfzip_coder *c = pdfzip_coder_new(PDFZIP_LEVEL);
	for (size_t i = 0; i < PAGES; i++) {
		p.len[i] = 500 + i * 997 % 40000;
		p.in[i] = malloc(p.len[i]);
		fill(p.in[i], p.len[i], i % 7 == 3 ? 1 : 0, (uint32_t)i);
		buf_init(&p.want[i]);
		pdfzip_compress(c, p.in[i], p.len[i], &p.want[i]);
	}
	pdfzip_coder_free(c);
	struct pdfzip *z = pdfzip_new(threads, delivered, &p);
	for (size_t i = 0; i < PAGES; i++) {
		unsigned char *copy = malloc(p.len[i]);
		memcpy(copy, p.in[i], p.len[i]);
		pdfzip_submit(z, i, copy, p.len[i]);
	}
	if (pdfzip_finish(z) != 0)
		fail("pdfzip_finish reports an error", 0);
	pdfzip_free(z);
	if (p.next != PAGES)
		fail("not every page was delivered", p.next);
	for (size_t i = 0; i < PAGES; i++) {
		free(p.in[i]);
		buf_free(&p.want[i]);
	}
}

int main(void)
{
	test_buffers();
	test_queue(1);
	test_queue(2);
	if (fails == 0)
		printf("pdfzip-test: all buffers and pages inflate back\n");
	return fails ? 1 : 0;
}
