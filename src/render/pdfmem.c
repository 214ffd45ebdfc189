/* pdfmem.c - a size-class allocator for libharu's small objects. */
#include "pdfmem.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include "../util/util.h"

#define CLASS 8                        /* bytes per size class step */
#define NCLASS 1024                    /* classes up to 8 KiB (libharu's
                                          stream buffers are 4 KiB) */
#define CHUNK (2u << 20)               /* bytes per chunk: a huge page */
#define HDR 8                          /* header: 8-byte alignment, all libharu needs */
#define NBIG 40                        /* large classes: powers of two */

struct chunk {
	struct chunk *next;
	size_t used;
	_Alignas(16) unsigned char data[];
};

static struct chunk *chunks;
static void *freelist[NCLASS];
/* Large blocks, by power of two.  libharu grows a list by allocating a
 * slightly bigger block and freeing the old one, so the cross-reference
 * list of a big tagged pack is reallocated hundreds of times: rounding
 * up and keeping freed blocks turns that into a handful of blocks
 * instead of hundreds of fresh, page-faulting ones. */
static void *bigfree[NBIG];
static bool failed;                    /* an allocation failed since release */

bool pdfmem_failed(void)
{
	return failed;
}

/* Notes that an allocation failed; returns NULL (libharu then records
 * HPDF_FAILD_TO_ALLOC_MEM, or, when a later call checks the document
 * first, HPDF_INVALID_DOCUMENT). */
static void *fail(void)
{
	failed = true;
	return NULL;
}

void *pdfmem_alloc(HPDF_UINT size)
{
	size_t c = ((size_t)size + CLASS - 1) / CLASS;
	if (c == 0)
		c = 1;
	if (c > NCLASS) {
		unsigned k = 14;
		while (((size_t)1 << k) < (size_t)size + HDR && k < NBIG - 1)
			k++;
		if (((size_t)1 << k) < (size_t)size + HDR)
			return fail();
		unsigned char *p = bigfree[k];
		if (p != NULL) {
			bigfree[k] = *(void **)(p + HDR);
			return p + HDR;
		}
		size_t n = (size_t)1 << k;
		void *mem = NULL;
		if (posix_memalign(&mem, n >= CHUNK ? CHUNK : 4096, n) != 0)
			return fail();
#ifdef MADV_HUGEPAGE
		if (n >= CHUNK)
			madvise(mem, n, MADV_HUGEPAGE);
#endif
		p = mem;
		*(uint32_t *)p = NCLASS + k;
		return p + HDR;
	}
	void *blk = freelist[c - 1];
	if (blk != NULL) {
		freelist[c - 1] = *(void **)blk;
		return blk;
	}
	size_t need = HDR + c * CLASS;
	if (chunks == NULL || chunks->used + need > CHUNK - sizeof(struct chunk)) {
		/* 2 MiB aligned, and a transparent huge page where the kernel
		 * offers them on request: one page fault per chunk instead
		 * of 512. */
		void *mem = NULL;
		if (posix_memalign(&mem, CHUNK, CHUNK) != 0)
			return fail();
#ifdef MADV_HUGEPAGE
		madvise(mem, CHUNK, MADV_HUGEPAGE);
#endif
		struct chunk *ch = mem;
		ch->next = chunks;
		ch->used = 0;
		chunks = ch;
	}
	unsigned char *p = chunks->data + chunks->used;
	chunks->used += need;
	*(uint32_t *)p = (uint32_t)c;
	return p + HDR;
}

void pdfmem_free(void *ptr)
{
	if (ptr == NULL)
		return;
	unsigned char *p = (unsigned char *)ptr - HDR;
	uint32_t c = *(uint32_t *)p;
	if (c > NCLASS) {
		unsigned k = c - NCLASS;
		*(void **)ptr = bigfree[k];
		bigfree[k] = p;
		return;
	}
	*(void **)ptr = freelist[c - 1];
	freelist[c - 1] = ptr;
}

void pdfmem_release(void)
{
	failed = false;
	while (chunks != NULL) {
		struct chunk *next = chunks->next;
		free(chunks);
		chunks = next;
	}
	for (int i = 0; i < NCLASS; i++)
		freelist[i] = NULL;
	for (int k = 0; k < NBIG; k++)
		while (bigfree[k] != NULL) {
			unsigned char *p = bigfree[k];
			bigfree[k] = *(void **)(p + HDR);
			free(p);
		}
}
