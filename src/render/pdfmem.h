/*
 * pdfmem.h - the allocator libharu uses for one document (internal to
 * src/render).
 *
 * libharu allocates every object, dictionary entry and name separately
 * (a dictionary entry carries a 128-byte key buffer), and a tagged pack
 * has tens of thousands of structure elements.  Small blocks come from
 * large chunks, with a free list per size class, so they cost a few
 * instructions instead of malloc's, and lie in memory in the order
 * libharu writes them.  Large blocks go to malloc.  One document is
 * built at a time: pdfmem_release() frees every chunk after HPDF_Free.
 */
#ifndef AP_PDFMEM_H
#define AP_PDFMEM_H

#include <stdbool.h>
#include "pdffix.h"                    /* libharu, its handles opaque */

void *pdfmem_alloc(HPDF_UINT size);
void pdfmem_free(void *p);
/* Whether an allocation failed (memory ran out) since the last release. */
bool pdfmem_failed(void);
/* Frees all chunks; every block must have been given back (HPDF_Free). */
void pdfmem_release(void);

#endif
