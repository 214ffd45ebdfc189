/*
 * xref.c - PDF cross-reference sections; see xref.h.
 */
#include "xref.h"

#include <string.h>

void xref_sort(struct xref_ent *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (e[i].num >= e[i - 1].num)
			continue;
		struct xref_ent x = e[i];
		size_t lo = 0, hi = i;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (e[mid].num <= x.num)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(e + lo + 1, e + lo, (i - lo) * sizeof *e);
		e[lo] = x;
	}
}

/* The length of the run of consecutive numbers from e[i] (j - i). */
static size_t run_of(const struct xref_ent *e, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && e[j].num == e[j - 1].num + 1)
		j++;
	return j - i;
}

uint32_t xref_table(struct buf *out, const struct xref_ent *e, size_t n)
{
	buf_adds(out, "xref\n");
	for (size_t i = 0; i < n;) {
		size_t k = run_of(e, n, i);
		buf_printf(out, "%u %zu\n", (unsigned)e[i].num, k);
		for (size_t end = i + k; i < end; i++) {
			buf_add_dec(out, e[i].f2, 10);
			buf_addc(out, ' ');
			buf_add_dec(out, e[i].f3, 5);
			buf_add(out, " n\r\n", 4);
		}
	}
	return n > 0 ? e[n - 1].num + 1 : 0;
}

/* The bytes v takes big-endian (at least 1). */
static int width_of(size_t v)
{
	int w = 1;
	while (w < 8 && (v >> (8 * w)) != 0)
		w++;
	return w;
}

/* Writes the n-byte big-endian v at p; returns the byte after. */
static unsigned char *put_be(unsigned char *p, size_t v, int n)
{
	for (int i = n - 1; i >= 0; i--)
		*p++ = (unsigned char)(v >> (8 * i));
	return p;
}

void xref_stream_rows(const struct xref_ent *e, size_t n, bool predict, struct buf *rows,
    struct buf *index, int *w2, int *w3)
{
	size_t max2 = 0, max3 = 0;
	for (size_t i = 0; i < n; i++) {
		max2 = e[i].f2 > max2 ? e[i].f2 : max2;
		max3 = e[i].f3 > max3 ? e[i].f3 : max3;
	}
	*w2 = width_of(max2);
	*w3 = width_of(max3);
	size_t lead = predict ? 1 : 0, stride = lead + 1 + (size_t)*w2 + (size_t)*w3;
	if (n > (SIZE_MAX - 1 - rows->len) / stride)
		oom();
	size_t base = rows->len;
	if (rows->cap < base + n * stride + 1) {
		rows->s = xrealloc(rows->s, base + n * stride + 1);
		rows->cap = base + n * stride + 1;
	}
	unsigned char *r0 = (unsigned char *)rows->s + base;
	for (size_t i = 0; i < n;) {
		size_t k = run_of(e, n, i);
		buf_printf(index, "%s%u %zu", index->len ? " " : "", (unsigned)e[i].num, k);
		for (size_t end = i + k; i < end; i++) {
			unsigned char *r = r0 + i * stride;
			if (predict)
				*r++ = 2;              /* PNG Up */
			*r++ = e[i].type;
			put_be(put_be(r, e[i].f2, *w2), e[i].f3, *w3);
		}
	}
	/* Up: each row less the row above, from the last row up. */
	for (size_t i = predict ? n : 0; i-- > 1;)
		for (size_t c = 1; c < stride; c++)
			r0[i * stride + c] = (unsigned char)(r0[i * stride + c] -
			    r0[(i - 1) * stride + c]);
	rows->len = base + n * stride;
	rows->s[rows->len] = '\0';
}
