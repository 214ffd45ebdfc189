/*
 * pdfpure.c - PDF bytes written without libharu; see pdfpure.h.
 */
#include "pdfpure.h"

#include "../util/xref.h"
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

/* An object stream is closed once its objects pass this many bytes (a
 * parent-tree leaf alone can be 100 KB). */
#define PACK_BYTES 65536
/* The last occurrence of the n bytes of s in p[0..len), or NULL. */
static const unsigned char *find_last(const unsigned char *p, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

int pdfpure_update_begin(struct pdfpure_update *u, unsigned char *pdf, size_t len,
    enum pdfpure_form form)
{
	memset(u, 0, sizeof *u);
	buf_init(&u->b);
	buf_init(&u->trailer);
	buf_init(&u->head);
	buf_init(&u->body);
	buf_init(&u->zout);
	vec_init(&u->offs, sizeof(struct xref_ent));
	vec_init(&u->packed, sizeof(struct xref_ent));
	vec_init(&u->streams, sizeof(struct xref_ent));
	u->form = form;
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
	u->next = u->size;
	/* The update grows the file's own buffer: no second copy. */
	u->b.s = (char *)pdf;
	u->b.len = u->b.cap = len;
	return 0;
}

uint32_t pdfpure_obj_new(struct pdfpure_update *u)
{
	return u->next++;
}

/* Records object num at offset off of the file in v. */
static void entry_open(struct vec *v, uint32_t num, size_t off)
{
	struct xref_ent *e = vec_push(v);
	*e = (struct xref_ent){ .num = num, .f2 = off, .type = 1 };
}

/* Deflates the n bytes at in into u->zout (pdfzip at
 * PDFZIP_LEVEL_OBJECTS, one zlib-format stream); returns 0, or -1 when
 * compression fails.  The update's one compression call. */
static int zip(struct pdfpure_update *u, const unsigned char *in, size_t n)
{
	if (u->z == NULL)
		u->z = pdfzip_coder_new(PDFZIP_LEVEL_OBJECTS);
	buf_reset(&u->zout);
	return pdfzip_compress(u->z, in, n, &u->zout) == 0 ? 0 : -1;
}

/* Appends "num 0 obj" and dict (which ends "/Length "), the length, then
 * u->zout as the stream's data; the stream object is recorded in v. */
static void put_stream(struct pdfpure_update *u, struct vec *v, uint32_t num, const char *dict)
{
	entry_open(v, num, u->b.len);
	buf_add_dec(&u->b, num, 1);
	buf_add(&u->b, " 0 obj\n", 7);
	buf_adds(&u->b, dict);
	buf_add_dec(&u->b, u->zout.len, 1);
	buf_adds(&u->b, ">>stream\n");
	buf_add(&u->b, u->zout.s, u->zout.len);
	buf_adds(&u->b, "\nendstream\nendobj\n");
}

/* Writes the object stream being filled, if it holds any object: its
 * pairs, then its objects, compressed.  A failure is kept in u->err. */
static void pack_flush(struct pdfpure_update *u)
{
	if (u->npend == 0)
		return;
	uint32_t num = pdfpure_obj_new(u);
	struct xref_ent *e = u->packed.v;
	for (size_t i = u->packed.n - u->npend; i < u->packed.n; i++)
		e[i].f2 = num;
	size_t first = u->head.len;
	buf_add(&u->head, u->body.s, u->body.len);
	if (zip(u, (const unsigned char *)u->head.s, u->head.len) != 0) {
		u->err = -1;
		buf_reset(&u->zout);
	}
	char dict[96];
	snprintf(dict, sizeof dict, "<</Type/ObjStm/N %zu/First %zu/Filter/FlateDecode/Length ",
	    u->npend, first);
	put_stream(u, &u->streams, num, dict);
	buf_reset(&u->head);
	buf_reset(&u->body);
	u->npend = 0;
}

struct buf *pdfpure_obj_begin(struct pdfpure_update *u, uint32_t num)
{
	if (u->form == PDFPURE_PLAIN) {
		entry_open(&u->offs, num, u->b.len);
		buf_add_dec(&u->b, num, 1);
		buf_add(&u->b, " 0 obj\n", 7);
		return &u->b;
	}
	struct xref_ent *e = vec_push(&u->packed);
	*e = (struct xref_ent){ .num = num, .f3 = (uint32_t)u->npend++, .type = 2 };
	/* "num offset " in one piece */
	char tmp[48], *end = tmp + sizeof tmp;
	end[-1] = ' ';
	char *p = dec_digits(end - 1, u->body.len, 1);
	*--p = ' ';
	p = dec_digits(p, num, 1);
	buf_add(&u->head, p, (size_t)(end - p));
	return &u->body;
}

void pdfpure_obj_end(struct pdfpure_update *u)
{
	if (u->form == PDFPURE_PLAIN) {
		buf_adds(&u->b, "\nendobj\n");
		return;
	}
	buf_addc(&u->body, '\n');
	if (u->npend >= PDFPURE_PACK_OBJS || u->body.len >= PACK_BYTES)
		pack_flush(u);
}

/* Writes the cross-reference stream listing the object streams (type 1)
 * and the objects in them (type 2): rows PNG-Up predicted (the rows of
 * one stream's objects become zeros and a 1), then deflated; the stream
 * itself goes in the table.  Returns its offset, or 0 when compression
 * failed. */
static size_t put_xref_stream(struct pdfpure_update *u)
{
	/* The objects in streams come in order but for a few (tags.c writes
	 * the replaced root last), the streams in order: sort, then merge. */
	xref_sort(u->packed.v, u->packed.n);
	const struct xref_ent *pk = u->packed.v, *st = u->streams.v;
	size_t np = u->packed.n, ns = u->streams.n, n = np + ns;
	struct xref_ent *all = xmalloc(n * sizeof *all);
	for (size_t i = 0, j = 0, k = 0; k < n; k++)
		all[k] = j >= ns || (i < np && pk[i].num < st[j].num) ? pk[i++] : st[j++];
	struct buf rows, index, dict;
	buf_init(&rows);
	buf_init(&index);
	buf_init(&dict);
	int w2, w3;
	xref_stream_rows(all, n, true, &rows, &index, &w2, &w3);
	free(all);
	int r = zip(u, (const unsigned char *)rows.s, rows.len);
	uint32_t x = pdfpure_obj_new(u);
	buf_printf(&dict, "<</Type/XRef/Index[%s]/Size %u/W[1 %d %d]/Filter/FlateDecode"
	    "/DecodeParms<</Columns %d/Predictor 12>>/Length ", index.s, (unsigned)u->next,
	    w2, w3, 1 + w2 + w3);
	size_t off = u->b.len;
	if (r == 0)
		put_stream(u, &u->offs, x, dict.s);
	buf_free(&rows);
	buf_free(&index);
	buf_free(&dict);
	return r == 0 ? off : 0;
}

/* Raises the file's header to %PDF-1.5 (the same length: no offset
 * moves) when it says an earlier version. */
static void raise_version(struct pdfpure_update *u)
{
	if (u->base >= 8 && memcmp(u->b.s, "%PDF-1.", 7) == 0 && u->b.s[7] >= '0' &&
	    u->b.s[7] < '5')
		u->b.s[7] = '5';
}

int pdfpure_update_end(struct pdfpure_update *u, unsigned char **pdf, size_t *len)
{
	size_t xrefstm = 0;
	if (u->form == PDFPURE_PACKED) {
		pack_flush(u);
		if (u->err == 0 && u->packed.n > 0 && (xrefstm = put_xref_stream(u)) == 0)
			u->err = -1;
		raise_version(u);
	}
	if (u->err != 0) {
		*pdf = NULL;
		*len = 0;
		pdfpure_update_free(u);
		return -1;
	}
	xref_sort(u->offs.v, u->offs.n);
	size_t xref = u->b.len;
	uint32_t top = xref_table(&u->b, u->offs.v, u->offs.n);
	uint32_t size = u->size > u->next ? u->size : u->next;
	size = top > size ? top : size;
	buf_printf(&u->b, "trailer\n<<\n%s/Size %u\n/Prev %zu\n",
	    u->trailer.s ? u->trailer.s : "", (unsigned)size, u->prev);
	if (xrefstm > 0)
		buf_printf(&u->b, "/XRefStm %zu\n", xrefstm);
	buf_printf(&u->b, ">>\nstartxref\n%zu\n%%%%EOF\n", xref);
	*pdf = (unsigned char *)u->b.s;
	*len = u->b.len;
	u->b.s = NULL;
	pdfpure_update_free(u);
	return 0;
}

void pdfpure_update_free(struct pdfpure_update *u)
{
	buf_free(&u->b);
	buf_free(&u->trailer);
	buf_free(&u->head);
	buf_free(&u->body);
	vec_free(&u->offs);
	vec_free(&u->packed);
	vec_free(&u->streams);
	pdfzip_coder_free(u->z);
	u->z = NULL;
	buf_free(&u->zout);
}
