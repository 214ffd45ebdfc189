/*
 * pdftext.c - a text run's operators, written by the device (see
 * pdftext.h).  The bytes are those libharu's TextOut wrote, but for the
 * offsets of Td: exact decimals of integer mpt rather than a float
 * subtraction printed to five places ("750.45", not "750.45001").
 */
#include "pdftext.h"

#include <string.h>

#include "../util/util.h"

void pdftext_begin(struct pdftext *t)
{
	t->x = 0;
	t->y = 0;
}

char *pdftext_pt(char *out, int mpt)
{
	unsigned v = (unsigned)mpt;
	if (mpt < 0) {
		*out++ = '-';
		v = 0u - v;
	}
	unsigned whole = v / 1000, frac = v % 1000;
	char tmp[12];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	while (n > 0)
		*out++ = tmp[--n];
	if (frac) {
		*out++ = '.';
		*out++ = (char)('0' + frac / 100);
		if (frac % 100) {
			*out++ = (char)('0' + frac / 10 % 10);
			if (frac % 10)
				*out++ = (char)('0' + frac % 10);
		}
	}
	return out;
}

/* Appends the hex of the 2-byte codes of the UTF-8 text s (len bytes),
 * uppercase as libharu writes it, adding each code to *codes; returns
 * the end.  out has room for 4 bytes per byte of s. */
static char *put_codes(char *out, const char *s, size_t len, struct pdffix_codes *codes)
{
#define HEXROW(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" \
	h "A" h "B" h "C" h "D" h "E" h "F"
	/* Each byte's two hex digits: "000102...FEFF". */
	static const char hex2[] = HEXROW("0") HEXROW("1") HEXROW("2") HEXROW("3")
	    HEXROW("4") HEXROW("5") HEXROW("6") HEXROW("7") HEXROW("8") HEXROW("9")
	    HEXROW("A") HEXROW("B") HEXROW("C") HEXROW("D") HEXROW("E") HEXROW("F");
#undef HEXROW
	const char *end = s + len;
	while (s < end) {
		int32_t cp;
		if ((unsigned char)*s < 0x80)
			cp = (unsigned char)*s++;
		else if ((cp = utf8_next(&s, end)) < 0)
			continue;              /* as the encoder: skipped */
		else if (cp > 0xFFFF)
			cp = 0x20;             /* the encoder's space */
		codes->bits[cp / 64] |= UINT64_C(1) << (cp % 64);
		memcpy(out, hex2 + 2 * (cp >> 8), 2);
		memcpy(out + 2, hex2 + 2 * (cp & 255), 2);
		out += 4;
	}
	return out;
}

size_t pdftext_run(struct pdftext *t, int x, int y, const char *s, size_t len,
    bool show, struct pdffix_codes *codes)
{
	size_t need = 4 * len + 48;        /* two numbers, Td, <>, Tj, NUL */
	if (need > t->cap) {
		t->cap = need > 2 * t->cap ? need : 2 * t->cap;
		t->buf = xrealloc(t->buf, t->cap);
	}
	char *p = pdftext_pt(t->buf, x - t->x);
	*p++ = ' ';
	p = pdftext_pt(p, y - t->y);
	memcpy(p, " Td\n", 4);
	p += 4;
	t->x = x;
	t->y = y;
	if (show) {
		*p++ = '<';
		p = put_codes(p, s, len, codes);
		memcpy(p, "> Tj\n", 5);
		p += 5;
	} else {
		pdffix_codes_add(codes, s, len);
	}
	*p = '\0';
	return (size_t)(p - t->buf);
}

void pdftext_free(struct pdftext *t)
{
	free(t->buf);
	t->buf = NULL;
	t->cap = 0;
}
