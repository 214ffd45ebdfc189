/* fuzz-appendix.c - arbitrary bytes as a PDF appendix: probed as the
 * meeting's paper would be (merge_probe_memory: open, measure, clean,
 * the inflation limit; first with the PDF/A-1b check too when the
 * input's length is odd), then, when the probe accepts it, up to four of its pages drawn
 * into a small pack of placeholder pages (merge_pages), as the build
 * does after rendering.  Nothing is written to disk. */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>

#include "merge/merge.h"

#define FUZZ_APPENDIX_PAGES 4          /* pages of an appendix drawn */

/* A pack of n placeholder pages (A4, each with MERGE_MARKER in its
 * content, as the PDF device leaves it) in b: objects 1 catalog, 2 page
 * tree, then per page its page and its content. */
static void make_pack(struct buf *b, int n)
{
	size_t off[2 + 2 * FUZZ_APPENDIX_PAGES + 1];
	int nobj = 2 + 2 * n;
	buf_adds(b, "%PDF-1.4\n");
	off[1] = b->len;
	buf_adds(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = b->len;
	buf_adds(b, "2 0 obj\n<< /Type /Pages /Count ");
	char t[160];
	snprintf(t, sizeof t, "%d /Kids [", n);
	buf_adds(b, t);
	for (int i = 0; i < n; i++) {
		snprintf(t, sizeof t, " %d 0 R", 3 + 2 * i);
		buf_adds(b, t);
	}
	buf_adds(b, " ] >>\nendobj\n");
	static const char content[] = "q\n" MERGE_MARKER "\nQ\nBT ET\n";
	for (int i = 0; i < n; i++) {
		off[3 + 2 * i] = b->len;
		snprintf(t, sizeof t, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox "
		    "[0 0 595 842] /Contents %d 0 R /Resources << >> >>\nendobj\n",
		    3 + 2 * i, 4 + 2 * i);
		buf_adds(b, t);
		off[4 + 2 * i] = b->len;
		snprintf(t, sizeof t, "%d 0 obj\n<< /Length %zu >>\nstream\n", 4 + 2 * i,
		    sizeof content - 1);
		buf_adds(b, t);
		buf_adds(b, content);
		buf_adds(b, "\nendstream\nendobj\n");
	}
	size_t xref = b->len;
	snprintf(t, sizeof t, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
	buf_adds(b, t);
	for (int i = 1; i <= nobj; i++) {
		snprintf(t, sizeof t, "%010zu 00000 n \n", off[i]);
		buf_adds(b, t);
	}
	snprintf(t, sizeof t, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", nobj + 1, xref);
	buf_adds(b, t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_quiet(true);
	diag_reset();
	struct arena *a = arena_new();
	struct paper p = { .kind = PAPER_PDF, .path = FUZZ_DIR "/fuzz-appendix.pdf",
	    .pos = { FUZZ_MEETING, 10, 9 } };
	struct merge_opts o = { .pdfa = true, .max_pages = FUZZ_MAX_PAGES };
	struct merge_appendix ap;
	if (size % 2 == 1 && merge_probe_memory(a, &p, &o, (const char *)data, size,
	    &ap) == 0)
		merge_close(&ap);
	o.pdfa = false;
	if (merge_probe_memory(a, &p, &o, (const char *)data, size, &ap) == 0) {
		int n = ap.last - ap.first + 1;
		if (n > FUZZ_APPENDIX_PAGES)
			n = FUZZ_APPENDIX_PAGES;
		struct buf pack;
		buf_init(&pack);
		make_pack(&pack, n);
		struct merge_place pl[FUZZ_APPENDIX_PAGES];
		for (int i = 0; i < n; i++)
			pl[i] = (struct merge_place){ .page = (size_t)i, .ap = &ap,
			    .pageno = ap.first + i };
		unsigned char *out = NULL;
		size_t outlen = 0;
		int st = merge_pages((const unsigned char *)pack.s, pack.len, pl, (size_t)n,
		    o.pdfa, &out, &outlen);
		if (st == 0 && (out == NULL || outlen < 5 || memcmp(out, "%PDF-", 5) != 0)) {
			fprintf(stderr, "fuzz: merge_pages succeeded without a PDF\n");
			abort();
		}
		if (getenv("FUZZ_APPENDIX_TRACE"))
			fprintf(stderr, "merged %d page(s): status %d, %zu bytes\n", n, st, outlen);
		free(out);
		buf_free(&pack);
		merge_close(&ap);
	}
	arena_free(a);
	return 0;
}
