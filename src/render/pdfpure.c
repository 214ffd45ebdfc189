/*
 * pdfpure.c - PDF bytes written without libharu; see pdfpure.h.
 */
#include "pdfpure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Appends s to b with XML's five special characters escaped. */
static void xml_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		default: buf_addc(b, *s); break;
		}
	}
}

/* Appends open, the escaped text and close, when there is a text. */
static void xml_element(struct buf *b, const char *open, const char *text, const char *close)
{
	if (text == NULL)
		return;
	buf_adds(b, open);
	xml_text(b, text);
	buf_adds(b, close);
}
/* PDF/A-1 (ISO 19005-1, 6.7.8) allows in XMP only the schemas of XMP
 * 2004 and those the packet describes with the PDF/A extension schema;
 * pdfuaid (ISO 14289-1) and agendapack's own (the minutes' approval) are
 * not XMP 2004's, so under PDF/A the packet says what they are. */
static const char EXT_HEAD[] =
    "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "<pdfaExtension:schemas><rdf:Bag>\n";
static const char EXT_PDFUAID[] =
    "<rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to"
    "</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li>\n";
static const char EXT_AGENDAPACK[] =
    "<rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>agendapack minutes approval</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>" AP_XMP_NS "</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>agendapack</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>Approval</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>external</pdfaProperty:category>\n"
    "<pdfaProperty:description>The approval of the minutes as a correct record: "
    "the approving meeting, its minute and who signed</pdfaProperty:description>\n"
    "</rdf:li><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>ApprovalLocation</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>external</pdfaProperty:category>\n"
    "<pdfaProperty:description>Where the minutes were signed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li>\n";
static const char EXT_TAIL[] = "</rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n";

int pdfpure_xmp(struct buf *b, const struct pdffix_meta *m)
{
	struct tm tm;
	char date[64];
	/* XMP dates (ISO 8601 as XMP reads it) have four-digit years. */
	if (!gmtime_r(&m->date, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return -1;
	snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);

	buf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n");
	xml_element(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->title, "</rdf:li></rdf:Alt></dc:title>\n");
	xml_element(b, "<dc:creator><rdf:Seq><rdf:li>", m->author, "</rdf:li></rdf:Seq></dc:creator>\n");
	xml_element(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->subject, "</rdf:li></rdf:Alt></dc:description>\n");
	xml_element(b, "<dc:language><rdf:Bag><rdf:li>", m->lang, "</rdf:li></rdf:Bag></dc:language>\n");
	buf_adds(b, "</rdf:Description>\n");
	buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	xml_element(b, "<pdf:Keywords>", m->keywords, "</pdf:Keywords>\n");
	xml_element(b, "<pdf:Producer>", m->producer, "</pdf:Producer>\n");
	buf_adds(b, "</rdf:Description>\n");
	buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	xml_element(b, "<xmp:CreatorTool>", m->creator, "</xmp:CreatorTool>\n");
	buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "<xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
	buf_adds(b, "</rdf:Description>\n");
	if (m->pdfa)
		buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		    "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		    "</rdf:Description>\n");
	if (m->pdfua)
		buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
		    "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n");
	if (m->approval != NULL) {
		buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:agendapack=\"" AP_XMP_NS "\">\n");
		xml_element(b, "<agendapack:Approval>", m->approval, "</agendapack:Approval>\n");
		xml_element(b, "<agendapack:ApprovalLocation>", m->approval_location,
		    "</agendapack:ApprovalLocation>\n");
		buf_adds(b, "</rdf:Description>\n");
	}
	if (m->pdfa && (m->pdfua || m->approval != NULL)) {
		buf_adds(b, EXT_HEAD);
		if (m->pdfua)
			buf_adds(b, EXT_PDFUAID);
		if (m->approval != NULL)
			buf_adds(b, EXT_AGENDAPACK);
		buf_adds(b, EXT_TAIL);
	}
	buf_adds(b, "</rdf:RDF>\n</x:xmpmeta>\n");
	/* Padding lets an editor update the packet in place. */
	for (int i = 0; i < 20; i++)
		buf_adds(b, "                                                                                                    \n");
	buf_adds(b, "<?xpacket end=\"w\"?>");
	return 0;
}

/* ---- text strings ---- */

/* Appends 4 hex digits of the UTF-16 unit u. */
static void hex16(struct buf *b, unsigned u)
{
	static const char hx[] = "0123456789ABCDEF";
	char s[4] = { hx[(u >> 12) & 15], hx[(u >> 8) & 15], hx[(u >> 4) & 15], hx[u & 15] };
	buf_add(b, s, 4);
}

void pdfpure_text_string(struct buf *b, const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);
	bool plain = true;
	for (const char *q = p; q < end; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7E)
			plain = false;
	if (plain) {
		buf_addc(b, '(');
		for (; p < end; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_addc(b, ')');
		return;
	}
	buf_adds(b, "<FEFF");
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			hex16(b, 0xD800 + ((unsigned)cp >> 10));
			hex16(b, 0xDC00 + ((unsigned)cp & 0x3FF));
		} else {
			hex16(b, (unsigned)cp);
		}
	}
	buf_addc(b, '>');
}

/* ---- incremental update ---- */

struct objoff {
	uint32_t num;
	size_t off;
};

/* The last occurrence of the n bytes of s in p[0..len), or NULL. */
static const unsigned char *find_last(const unsigned char *p, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

int pdfpure_update_begin(struct pdfpure_update *u, unsigned char *pdf, size_t len)
{
	memset(u, 0, sizeof *u);
	buf_init(&u->b);
	buf_init(&u->trailer);
	vec_init(&u->offs, sizeof(struct objoff));
	u->base = len;
	size_t tail = len > 4096 ? len - 4096 : 0;
	const unsigned char *sx = find_last(pdf + tail, len - tail, "startxref");
	const unsigned char *tr = find_last(pdf + tail, len - tail, "trailer");
	if (sx == NULL || tr == NULL || tr > sx)
		return -1;
	u->prev = strtoul((const char *)sx + 9, NULL, 10);
	/* The trailer's entries, one a line between "<<" and ">>". */
	const unsigned char *p = tr + 7, *end = sx;
	while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
		p++;
	if (end - p < 4 || memcmp(p, "<<", 2) != 0)
		return -1;
	p += 2;
	const unsigned char *close = find_last(p, (size_t)(end - p), ">>");
	if (close == NULL)
		return -1;
	while (p < close) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(close - p));
		const unsigned char *le = nl ? nl : close;
		if (le - p > 5 && memcmp(p, "/Size", 5) == 0)
			u->size = (uint32_t)strtoul((const char *)p + 5, NULL, 10);
		else if (le > p && !(le - p > 5 && memcmp(p, "/Prev", 5) == 0)) {
			buf_add(&u->trailer, (const char *)p, (size_t)(le - p));
			buf_addc(&u->trailer, '\n');
		}
		p = le + 1;
	}
	if (u->size == 0)
		return -1;
	/* The update grows the file's own buffer: no second copy. */
	u->b.s = (char *)pdf;
	u->b.len = u->b.cap = len;
	return 0;
}

/* Appends v in decimal, at least width digits (zeros before). */
static void put_dec(struct buf *b, size_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || n < width);
	char out[24];
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	buf_add(b, out, (size_t)n);
}

void pdfpure_obj_begin(struct pdfpure_update *u, uint32_t num)
{
	struct objoff *o = vec_push(&u->offs);
	o->num = num;
	o->off = u->b.len;
	put_dec(&u->b, num, 1);
	buf_add(&u->b, " 0 obj\n", 7);
}

void pdfpure_obj_end(struct pdfpure_update *u)
{
	buf_adds(&u->b, "\nendobj\n");
}

void pdfpure_update_end(struct pdfpure_update *u, unsigned char **pdf, size_t *len)
{
	struct objoff *o = u->offs.v;
	size_t n = u->offs.n;
	/* Objects come in order but for a few (tags.c writes the replaced
	 * root last): each one out of place moves to its place. */
	for (size_t i = 1; i < n; i++) {
		if (o[i].num >= o[i - 1].num)
			continue;
		struct objoff x = o[i];
		size_t lo = 0, hi = i;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (o[mid].num <= x.num)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(o + lo + 1, o + lo, (i - lo) * sizeof *o);
		o[lo] = x;
	}
	size_t xref = u->b.len;
	uint32_t size = u->size;
	buf_adds(&u->b, "xref\n");
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && o[j].num == o[j - 1].num + 1)
			j++;
		buf_printf(&u->b, "%u %zu\n", (unsigned)o[i].num, j - i);
		for (; i < j; i++) {
			put_dec(&u->b, o[i].off, 10);
			buf_add(&u->b, " 00000 n\r\n", 10);
		}
		if (o[j - 1].num + 1 > size)
			size = o[j - 1].num + 1;
	}
	buf_printf(&u->b, "trailer\n<<\n%s/Size %u\n/Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n",
	    u->trailer.s ? u->trailer.s : "", (unsigned)size, u->prev, xref);
	*pdf = (unsigned char *)u->b.s;
	*len = u->b.len;
	u->b.s = NULL;
	pdfpure_update_free(u);
}

void pdfpure_update_free(struct pdfpure_update *u)
{
	buf_free(&u->b);
	buf_free(&u->trailer);
	vec_free(&u->offs);
}
