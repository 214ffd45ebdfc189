/*
 * pdffix.c - corrections for libharu 2.3.0 through its object API; see
 * pdffix.h for the defects and what each function does about them.
 *
 * It relies on the struct layouts of libharu 2.3.0, reached through
 * hpdfpriv.h (the one file that includes libharu's private headers):
 * HPDF_Doc_Rec's catalog, info, trailer, xref, font_mgr and stream;
 * HPDF_Dict_Rec's list, stream, filter, before_write_fn and write_fn;
 * HPDF_PageAttr_Rec's contents and stream; HPDF_Stream_Rec's type, size,
 * error and attr, HPDF_MemStreamAttr_Rec's buf_siz, w_pos and w_ptr;
 * HPDF_FontAttr_Rec's type, encoder and fontdef.  meson.build checks
 * the version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hpdfpriv.h"
#include "pdffix.h"
#include "pdfpure.h"
#include "../util/util.h"
#include "../image/image.h"

_Static_assert(PDFFIX_ENOMEM == HPDF_FAILD_TO_ALLOC_MEM &&
    PDFFIX_EOBJECT == HPDF_INVALID_OBJECT && PDFFIX_EFONT == HPDF_INVALID_FONT &&
    PDFFIX_EZLIB == HPDF_ZLIB_ERROR,
    "pdffix.h's error codes are libharu 2.3.0's");

/* Entries per bfrange/bfchar block: the CMap specification's limit. */
#define BLOCK_MAX 100

/* The value of key in d if it is of class cls (proxies followed), else
 * NULL.  Unlike HPDF_Dict_GetItem it records no error in the document on
 * a class mismatch (an error left there makes HPDF_SaveToFile fail). */
static void *dict_get(HPDF_Dict d, const char *key, HPDF_UINT16 cls)
{
	for (HPDF_UINT i = 0; i < d->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(d->list, i);
		if (strcmp(e->key, key) != 0)
			continue;
		HPDF_Obj_Header *h = e->value;
		void *obj = e->value;
		if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_PROXY) {
			obj = ((HPDF_Proxy)e->value)->obj;
			h = obj;
		}
		return (h->obj_class & HPDF_OCLASS_ANY) == cls ? obj : NULL;
	}
	return NULL;
}

/* Removes key from d if it is there; returns 0 or a libharu error. */
static int dict_remove(HPDF_Dict d, const char *key)
{
	HPDF_STATUS r = HPDF_Dict_RemoveElement(d, key);
	return r == HPDF_DICT_ITEM_NOT_FOUND ? HPDF_OK : (int)r;
}

/* libharu's status for a failed call that returned nothing useful. */
static int doc_error(HPDF_Doc doc)
{
	HPDF_STATUS r = HPDF_GetError(doc);
	return r ? (int)r : HPDF_FAILD_TO_ALLOC_MEM;
}

/* ---- the object API ---- */

/* Whether p is a libharu object of class cls (HPDF_OCLASS_*). */
static bool is_class(const void *p, HPDF_UINT16 cls)
{
	return p && (((const HPDF_Obj_Header *)p)->obj_class & HPDF_OCLASS_ANY) == cls;
}

pdffix_obj pdffix_dict(HPDF_Doc doc, bool indirect)
{
	if (!HPDF_HasDoc(doc))
		return NULL;
	HPDF_Dict d = HPDF_Dict_New(doc->mmgr);
	if (d && indirect && HPDF_Xref_Add(doc->xref, d) != HPDF_OK)
		return NULL;                   /* HPDF_Xref_Add freed it */
	return d;
}

pdffix_obj pdffix_array(HPDF_Doc doc)
{
	return HPDF_HasDoc(doc) ? HPDF_Array_New(doc->mmgr) : NULL;
}

int pdffix_put(pdffix_obj dict, const char *key, pdffix_obj value)
{
	if (!is_class(dict, HPDF_OCLASS_DICT) || !value)
		return HPDF_INVALID_OBJECT;
	return (int)HPDF_Dict_Add(dict, key, value);
}

int pdffix_put_name(pdffix_obj dict, const char *key, const char *name)
{
	if (!is_class(dict, HPDF_OCLASS_DICT))
		return HPDF_INVALID_OBJECT;
	return (int)HPDF_Dict_AddName(dict, key, name);
}

int pdffix_put_int(pdffix_obj dict, const char *key, int v)
{
	if (!is_class(dict, HPDF_OCLASS_DICT))
		return HPDF_INVALID_OBJECT;
	return (int)HPDF_Dict_AddNumber(dict, key, v);
}

int pdffix_put_bool(pdffix_obj dict, const char *key, bool v)
{
	if (!is_class(dict, HPDF_OCLASS_DICT))
		return HPDF_INVALID_OBJECT;
	HPDF_Dict d = dict;
	HPDF_Boolean b = HPDF_Boolean_New(d->mmgr, v ? HPDF_TRUE : HPDF_FALSE);
	return b ? (int)HPDF_Dict_Add(d, key, b) : HPDF_FAILD_TO_ALLOC_MEM;
}

int pdffix_push(pdffix_obj arr, pdffix_obj value)
{
	if (!is_class(arr, HPDF_OCLASS_ARRAY) || !value)
		return HPDF_INVALID_OBJECT;
	return (int)HPDF_Array_Add(arr, value);
}

int pdffix_push_int(pdffix_obj arr, int v)
{
	if (!is_class(arr, HPDF_OCLASS_ARRAY))
		return HPDF_INVALID_OBJECT;
	return (int)HPDF_Array_AddNumber(arr, v);
}

int pdffix_catalog_put(HPDF_Doc doc, const char *key, pdffix_obj value)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	return pdffix_put(doc->catalog, key, value);
}

void pdffix_xref_reserve(HPDF_Doc doc, size_t n)
{
	if (!HPDF_HasDoc(doc) || !doc->xref || !doc->xref->entries)
		return;
	HPDF_List xl = doc->xref->entries;
	if (n > UINT32_MAX / 2)
		n = UINT32_MAX / 2;
	if (xl->items_per_block < n)
		xl->items_per_block = (HPDF_UINT)n;
}

int pdffix_page_write_n(HPDF_Page page, const char *s, size_t n)
{
	if (!is_class(page, HPDF_OCLASS_DICT) || !page->attr)
		return HPDF_INVALID_PAGE;
	HPDF_Stream st = ((HPDF_PageAttr)page->attr)->stream;
	/* HPDF_Stream_Write, but what fits the memory stream's current block
	 * is copied here with memcpy (libharu copies a byte at a time); the
	 * rest, and a stream in error, go through libharu. */
	if (st->type == HPDF_STREAM_MEMORY && st->attr && HPDF_Error_GetCode(st->error) == 0) {
		HPDF_MemStreamAttr ma = st->attr;
		size_t k = ma->w_ptr && ma->w_pos < ma->buf_siz ? ma->buf_siz - ma->w_pos : 0;
		k = k < n ? k : n;
		if (k > 0)
			memcpy(ma->w_ptr, s, k);
		ma->w_ptr += k;
		ma->w_pos += (HPDF_UINT)k;
		st->size += (HPDF_UINT)k;
		s += k;
		n -= k;
	}
	return n ? (int)HPDF_Stream_Write(st, (const HPDF_BYTE *)s, (HPDF_UINT)n) : 0;
}

int pdffix_page_write(HPDF_Page page, const char *s)
{
	return pdffix_page_write_n(page, s, s ? strlen(s) : 0);
}

/* The content dictionary's write hook: the /Filter of a stream that
 * holds deflated bytes already (written as libharu writes its own). */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

int pdffix_page_take(HPDF_Page page, unsigned char **data, size_t *len)
{
	if (!is_class(page, HPDF_OCLASS_DICT) || !page->attr)
		return HPDF_INVALID_PAGE;
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Stream st = attr->stream;
	unsigned char *b = xmalloc(st->size ? st->size : 1);
	size_t n = 0;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(st);
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT got = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &got);
		if (p == NULL || n + got > st->size) {
			free(b);
			return HPDF_INVALID_STREAM;
		}
		memcpy(b + n, p, got);
		n += got;
	}
	HPDF_MemStream_FreeData(st);
	attr->contents->filter = HPDF_STREAM_FILTER_NONE;
	attr->contents->write_fn = write_flate_filter;
	*data = b;
	*len = n;
	return 0;
}

int pdffix_page_put(HPDF_Page page, const unsigned char *z, size_t n)
{
	if (!is_class(page, HPDF_OCLASS_DICT) || !page->attr)
		return HPDF_INVALID_PAGE;
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Stream st = attr->stream;
	if (st->type != HPDF_STREAM_MEMORY || st->size != 0 || n == 0)
		return n == 0 ? 0 : HPDF_INVALID_STREAM;
	/* One block of exactly n bytes, not n rounded up to 4 KiB ones. */
	HPDF_MemStreamAttr ma = st->attr;
	ma->buf_siz = (HPDF_UINT)n;
	ma->w_pos = ma->buf_siz;
	return (int)HPDF_Stream_Write(st, z, (HPDF_UINT)n);
}

/* The growing buffer pdffix_save writes into. */
struct sink {
	unsigned char *b;
	size_t len, cap;
	bool failed;                       /* a write was refused: some of
	                                      libharu's callers drop the
	                                      status, so it is kept here */
};

/* libharu's write callback for pdffix_save: appends to the sink. */
static HPDF_STATUS sink_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
	struct sink *s = stream->attr;
	if (s->failed)                     /* its callers may write on */
		return HPDF_FAILD_TO_ALLOC_MEM;
	if (s->len + siz > s->cap) {
		size_t cap = s->cap ? s->cap : (size_t)1 << 20;
		while (s->len + siz > cap)
			cap *= 2;
		unsigned char *nb = realloc(s->b, cap);
		if (nb == NULL) {
			s->failed = true;
			return HPDF_FAILD_TO_ALLOC_MEM;
		}
		s->b = nb;
		s->cap = cap;
	}
	memcpy(s->b + s->len, ptr, siz);
	s->len += siz;
	return HPDF_OK;
}

int pdffix_save(HPDF_Doc doc, unsigned char **out, size_t *len)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	struct sink s = { 0 };
	HPDF_Stream st = HPDF_CallbackWriter_New(doc->mmgr, sink_write, &s);
	if (st == NULL)
		return doc_error(doc);
	if (doc->stream)
		HPDF_Stream_Free(doc->stream);
	doc->stream = st;
	int ret = (int)HPDF_SaveToStream(doc);
	doc->stream = NULL;
	HPDF_Stream_Free(st);
	if (ret == 0 && s.failed)
		ret = PDFFIX_ENOMEM;
	if (ret) {
		free(s.b);
		return ret;
	}
	*out = s.b ? s.b : xmalloc(1);
	*len = s.len;
	return 0;
}

uint32_t pdffix_objnum(pdffix_obj obj)
{
	const HPDF_Obj_Header *h = obj;
	return h && (h->obj_id & HPDF_OTYPE_INDIRECT) ? h->obj_id & 0x00FFFFFF : 0;
}

HPDF_Destination pdffix_dest_xyz(HPDF_Page page, float top)
{
	HPDF_Destination dst = HPDF_Page_CreateDestination(page);
	if (dst == NULL)
		return NULL;
	HPDF_Array_Clear(dst);
	int ret = (int)HPDF_Array_Add(dst, page);
	ret = ret ? ret : (int)HPDF_Array_AddName(dst, "XYZ");
	ret = ret ? ret : (int)HPDF_Array_AddReal(dst, 0);
	ret = ret ? ret : (int)HPDF_Array_AddReal(dst, top);
	HPDF_Null null = ret ? NULL : HPDF_Null_New(dst->mmgr);
	ret = ret ? ret : null ? (int)HPDF_Array_Add(dst, null) : HPDF_FAILD_TO_ALLOC_MEM;
	return ret ? NULL : dst;
}

int pdffix_link_style(HPDF_Annotation annot)
{
	if (!is_class(annot, HPDF_OCLASS_DICT))
		return HPDF_INVALID_OBJECT;
	HPDF_Dict d = annot;
	HPDF_Array bd = HPDF_Array_New(d->mmgr);
	if (!bd)
		return HPDF_FAILD_TO_ALLOC_MEM;
	int ret = (int)HPDF_Array_AddNumber(bd, 0);
	ret = ret ? ret : (int)HPDF_Array_AddNumber(bd, 0);
	ret = ret ? ret : (int)HPDF_Array_AddNumber(bd, 0);
	if (ret) {
		HPDF_Array_Free(bd);
		return ret;
	}
	ret = (int)HPDF_Dict_Add(d, "Border", bd);
	return ret ? ret : (int)HPDF_Dict_AddNumber(d, "F", 4);
}

/* ---- ToUnicode ---- */

void pdffix_codes_add(struct pdffix_codes *c, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		int32_t cp = utf8_next(&s, end);
		if (cp < 0)
			continue;
		if (cp > 0xFFFF)
			cp = 0x20;
		c->bits[cp / 64] |= UINT64_C(1) << (cp % 64);
	}
}

/* Whether code point cp is in c. */
static bool codes_has(const struct pdffix_codes *c, uint32_t cp)
{
	return (c->bits[cp / 64] >> (cp % 64)) & 1;
}

/* One identity run of codes, first..last, within one high byte. */
struct run {
	uint16_t first;
	uint16_t last;
};

/* Writes the runs as CMap blocks: bfrange for runs of two or more codes,
 * bfchar for single codes, at most BLOCK_MAX entries a block.  Returns 0
 * or a libharu error. */
static int write_runs(HPDF_Stream st, const struct run *r, size_t n,
    bool ranges)
{
	char line[64];
	size_t count = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		if ((r[i].first != r[i].last) == ranges)
			count++;
	for (size_t i = 0, done = 0; i < n && ret == 0; i++) {
		if ((r[i].first != r[i].last) != ranges)
			continue;
		if (done % BLOCK_MAX == 0) {
			size_t left = count - done;
			snprintf(line, sizeof line, "%zu begin%s\n",
			    left < BLOCK_MAX ? left : BLOCK_MAX,
			    ranges ? "bfrange" : "bfchar");
			ret = HPDF_Stream_WriteStr(st, line);
		}
		if (ranges)
			snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n",
			    r[i].first, r[i].last, r[i].first);
		else
			snprintf(line, sizeof line, "<%04X> <%04X>\n",
			    r[i].first, r[i].first);
		ret = ret ? ret : (int)HPDF_Stream_WriteStr(st, line);
		done++;
		if (ret == 0 && (done % BLOCK_MAX == 0 || done == count))
			ret = HPDF_Stream_WriteStr(st, ranges ? "endbfrange\n" :
			    "endbfchar\n");
	}
	return ret;
}

/* Collects the identity runs of the codes in used (NULL: every BMP code
 * from U+0020 but the surrogates) into r, which has room for 65536.
 * Returns their number. */
static size_t collect_runs(const struct pdffix_codes *used, struct run *r)
{
	size_t n = 0;
	bool open = false;

	for (uint32_t cp = 0x20; cp <= 0xFFFF; cp++) {
		bool in = used ? codes_has(used, cp) :
		    !(cp >= 0xD800 && cp <= 0xDFFF);
		if (cp >= 0xD800 && cp <= 0xDFFF)
			in = false;             /* not characters */
		if (in && open && (cp & 0xFF) != 0) {
			r[n - 1].last = (uint16_t)cp;
		} else if (in) {
			r[n].first = r[n].last = (uint16_t)cp;
			n++;
		}
		open = in;
	}
	return n;
}

static const char CMAP_HEAD[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >>"
    " def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char CMAP_TAIL[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

int pdffix_tounicode(HPDF_Doc doc, HPDF_Font font,
    const struct pdffix_codes *used)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	if (!font || !font->attr)
		return HPDF_INVALID_FONT;

	/* Only a TrueType font with the UTF-8 encoder gets the Identity-H
	 * encoding with 2-byte codes that are Unicode code points; there the
	 * /ToUnicode stream is the encoder's CMap and not the /Encoding. */
	HPDF_FontAttr attr = font->attr;
	HPDF_Name enc = dict_get(font, "Encoding", HPDF_OCLASS_NAME);
	HPDF_Dict cmap = dict_get(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (attr->type != HPDF_FONT_TYPE0_TT || !attr->encoder ||
	    strcmp(attr->encoder->name, "UTF-8") != 0 || !enc ||
	    strcmp(enc->value, "Identity-H") != 0 || !cmap || !cmap->stream)
		return HPDF_INVALID_FONT;

	int ret = dict_remove(cmap, "Type");
	ret = ret ? ret : dict_remove(cmap, "CMapName");
	ret = ret ? ret : dict_remove(cmap, "CIDSystemInfo");
	ret = ret ? ret : dict_remove(cmap, "WMode");
	if (ret)
		return ret;

	HPDF_Stream st = cmap->stream;
	HPDF_MemStream_FreeData(st);
	struct run *r = xmalloc(65536 * sizeof *r);
	size_t n = collect_runs(used, r);
	ret = HPDF_Stream_WriteStr(st, CMAP_HEAD);
	ret = ret ? ret : write_runs(st, r, n, false);
	ret = ret ? ret : write_runs(st, r, n, true);
	ret = ret ? ret : (int)HPDF_Stream_WriteStr(st, CMAP_TAIL);
	free(r);
	return ret;
}

int pdffix_tounicode_all(HPDF_Doc doc)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	for (HPDF_UINT i = 0; i < doc->font_mgr->count; i++) {
		HPDF_Font f = HPDF_List_ItemAt(doc->font_mgr, i);
		int ret = pdffix_tounicode(doc, f, NULL);
		if (ret && ret != HPDF_INVALID_FONT)
			return ret;
	}
	return 0;
}

/* ---- text strings ---- */

/* Whether the n bytes at s can be written as they are: printable ASCII,
 * TAB, LF and CR mean the same in PDFDocEncoding. */
static bool plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 || c > 0x7E) && c != '\t' && c != '\n' &&
		    c != '\r')
			return false;
	}
	return true;
}

pdffix_obj pdffix_text_string(HPDF_Doc doc, const char *utf8)
{
	if (!HPDF_HasDoc(doc) || !utf8)
		return NULL;
	size_t n = strlen(utf8);
	if (n > HPDF_LIMIT_MAX_STRING_LEN || utf8_invalid_at(utf8, n) >= 0)
		return NULL;
	if (plain_ascii(utf8, n))
		return HPDF_String_New(doc->mmgr, utf8, NULL);

	HPDF_Encoder enc = HPDF_Doc_FindEncoder(doc, "UTF-8");
	if (!enc) {
		if (HPDF_UseUTFEncodings(doc) != HPDF_OK)
			return NULL;
		enc = HPDF_Doc_FindEncoder(doc, "UTF-8");
		if (!enc)
			return NULL;
	}

	/* The encoder turns a 4-byte sequence into a space; say U+FFFD
	 * instead (3 bytes, so the copy never grows). */
	char *s = xmalloc(n + 1), *o = s;
	const char *p = utf8, *end = utf8 + n;
	while (p < end) {
		const char *q = p;
		int32_t cp = utf8_next(&p, end);
		if (cp > 0xFFFF)
			o += utf8_put(o, 0xFFFD);
		else {
			memcpy(o, q, (size_t)(p - q));
			o += p - q;
		}
	}
	*o = '\0';
	HPDF_String str = HPDF_String_New(doc->mmgr, s, enc);
	free(s);
	return str;
}

int pdffix_set_info(HPDF_Doc doc, const char *key, const char *utf8)
{
	static const char *const KEYS[] = {
		"Title", "Author", "Subject", "Keywords", "Creator",
		"Producer", "Approval", "ApprovalLocation",
	};
	size_t i;

	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	for (i = 0; key && i < sizeof KEYS / sizeof KEYS[0]; i++)
		if (strcmp(key, KEYS[i]) == 0)
			break;
	if (!key || i == sizeof KEYS / sizeof KEYS[0])
		return HPDF_INVALID_PARAMETER;
	if (!doc->info)
		(void)HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER); /* makes it */
	if (!doc->info)
		return doc_error(doc);
	if (!utf8)
		return dict_remove(doc->info, key);
	HPDF_String s = pdffix_text_string(doc, utf8);
	if (!s)
		return HPDF_GetError(doc) ? (int)HPDF_GetError(doc) :
		    HPDF_INVALID_PARAMETER;
	return HPDF_Dict_Add(doc->info, key, s);
}

HPDF_Outline pdffix_outline(HPDF_Doc doc, HPDF_Outline parent,
    const char *utf8_title)
{
	HPDF_String s = pdffix_text_string(doc, utf8_title);
	if (!s)
		return NULL;
	HPDF_Outline o = HPDF_CreateOutline(doc, parent, "", NULL);
	if (!o) {
		HPDF_String_Free(s);
		return NULL;
	}
	if (HPDF_Dict_Add(o, "Title", s) != HPDF_OK)
		return NULL;
	return o;
}

/* ---- catalog ---- */

int pdffix_catalog(HPDF_Doc doc, const char *lang, bool display_doc_title)
{
	int ret;

	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	if (doc->pdf_version < HPDF_VER_14)
		doc->pdf_version = HPDF_VER_14;

	HPDF_Dict vp = dict_get(doc->catalog, "ViewerPreferences",
	    HPDF_OCLASS_DICT);
	if (display_doc_title) {
		if (!vp) {
			vp = HPDF_Dict_New(doc->mmgr);
			if (!vp)
				return doc_error(doc);
			ret = HPDF_Dict_Add(doc->catalog, "ViewerPreferences",
			    vp);
			if (ret)
				return ret;
		}
		if ((ret = HPDF_Dict_AddBoolean(vp, "DisplayDocTitle",
		    HPDF_TRUE)) != 0)
			return ret;
	} else if (vp) {
		if ((ret = dict_remove(vp, "DisplayDocTitle")) != 0)
			return ret;
	}

	if (lang && *lang) {
		if (strspn(lang, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(lang))
			return HPDF_INVALID_PARAMETER;
		HPDF_String s = HPDF_String_New(doc->mmgr, lang, NULL);
		if (!s)
			return doc_error(doc);
		if ((ret = HPDF_Dict_Add(doc->catalog, "Lang", s)) != 0)
			return ret;
	}
	return 0;
}

/* ---- annotations ---- */

int pdffix_annot_print(HPDF_Annotation annot)
{
	HPDF_Dict d = (HPDF_Dict)annot;
	if (!d || (d->header.obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
		return HPDF_INVALID_OBJECT;
	HPDF_Number f = dict_get(d, "F", HPDF_OCLASS_NUMBER);
	if (f) {
		f->value |= 4;
		return 0;
	}
	return HPDF_Dict_AddNumber(d, "F", 4);
}

/* ---- dates and the file identifier ---- */

int pdffix_dates(HPDF_Doc doc, time_t t)
{
	static const char *const KEYS[] = { "CreationDate", "ModDate" };
	struct tm tm;
	char buf[40];

	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999)
		return HPDF_INVALID_PARAMETER;
	snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d+00'00'",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (!doc->info)
		(void)HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER);
	if (!doc->info)
		return doc_error(doc);
	for (size_t i = 0; i < 2; i++) {
		HPDF_String s = HPDF_String_New(doc->mmgr, buf, NULL);
		if (!s)
			return doc_error(doc);
		int ret = HPDF_Dict_Add(doc->info, KEYS[i], s);
		if (ret)
			return ret;
	}
	return 0;
}

int pdffix_file_id(HPDF_Doc doc, const unsigned char digest[16])
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	if (!digest)
		return HPDF_INVALID_PARAMETER;
	if (doc->encrypt_on)
		return HPDF_INVALID_OPERATION;

	HPDF_Array id = HPDF_Array_New(doc->mmgr);
	if (!id)
		return doc_error(doc);
	int ret = HPDF_Dict_Add(doc->trailer, "ID", id);
	for (int i = 0; i < 2 && ret == 0; i++) {
		HPDF_Binary b = HPDF_Binary_New(doc->mmgr,
		    (HPDF_BYTE *)digest, 16);
		ret = b ? (int)HPDF_Array_Add(id, b) : doc_error(doc);
	}
	return ret;
}

/* ---- PDF/A-1b and PDF/UA identification ---- */

/* A new indirect stream dictionary with no filter (PDF/A-1 forbids a
 * filtered metadata stream). */
static HPDF_Dict plain_stream(HPDF_Doc doc)
{
	HPDF_Dict d = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (d)
		d->filter = HPDF_STREAM_FILTER_NONE;
	return d;
}

int pdffix_xmp(HPDF_Doc doc, const struct pdffix_meta *m)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	struct buf b;
	buf_init(&b);
	if (pdfpure_xmp(&b, m) != 0) {
		buf_free(&b);
		return HPDF_INVALID_PARAMETER;
	}
	HPDF_Dict md = plain_stream(doc);
	int ret = md ? 0 : doc_error(doc);
	ret = ret ? ret : (int)HPDF_Dict_AddName(md, "Type", "Metadata");
	ret = ret ? ret : (int)HPDF_Dict_AddName(md, "Subtype", "XML");
	ret = ret ? ret : (int)HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	ret = ret ? ret : (int)HPDF_Dict_Add(doc->catalog, "Metadata", md);
	buf_free(&b);
	return ret;
}

int pdffix_output_intent(HPDF_Doc doc, const unsigned char *icc, size_t len)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	HPDF_Dict prof = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (!prof)
		return doc_error(doc);
	prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	int ret = (int)HPDF_Dict_AddNumber(prof, "N", 3);
	ret = ret ? ret : (int)HPDF_Stream_Write(prof->stream, icc, (HPDF_UINT)len);
	HPDF_Dict oi = HPDF_Dict_New(doc->mmgr);
	if (!oi)
		return doc_error(doc);
	ret = ret ? ret : (int)HPDF_Xref_Add(doc->xref, oi);
	ret = ret ? ret : (int)HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	ret = ret ? ret : (int)HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	ret = ret ? ret : (int)HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	    HPDF_String_New(doc->mmgr, "sRGB IEC61966-2.1", NULL));
	ret = ret ? ret : (int)HPDF_Dict_Add(oi, "Info",
	    HPDF_String_New(doc->mmgr, "sRGB IEC61966-2.1", NULL));
	ret = ret ? ret : (int)HPDF_Dict_Add(oi, "RegistryName",
	    HPDF_String_New(doc->mmgr, "http://www.color.org", NULL));
	ret = ret ? ret : (int)HPDF_Dict_Add(oi, "DestOutputProfile", prof);
	HPDF_Array arr = HPDF_Array_New(doc->mmgr);
	if (!arr)
		return doc_error(doc);
	ret = ret ? ret : (int)HPDF_Array_Add(arr, oi);
	ret = ret ? ret : (int)HPDF_Dict_Add(doc->catalog, "OutputIntents", arr);
	return ret;
}

/* libharu makes a CID font's descriptor only while writing the file (in
 * the Type0 font's before-write hook), so the /CIDSet is added by a hook
 * wrapped around libharu's own.  One document is written at a time. */
struct cidset_hook {
	HPDF_Dict font;
	HPDF_Dict_BeforeWriteFunc orig;
	unsigned char *bits;
	size_t n;
};
static struct cidset_hook *hooks;      /* grows with the fonts */
static size_t nhooks, caphooks;

/* libharu's before-write hook of a font descriptor: adds its /CIDSet,
 * then calls the hook it replaced. */
static HPDF_STATUS cidset_before_write(HPDF_Dict obj)
{
	struct cidset_hook *hk = NULL;
	for (size_t i = 0; i < nhooks; i++)
		if (hooks[i].font == obj)
			hk = &hooks[i];
	if (hk == NULL)
		return HPDF_INVALID_FONT;
	HPDF_STATUS ret = hk->orig ? hk->orig(obj) : HPDF_OK;
	HPDF_FontAttr fa = obj->attr;
	if (ret != HPDF_OK || hk->bits == NULL || !fa || !fa->fontdef || !fa->fontdef->descriptor)
		return ret;
	HPDF_Dict fd = fa->fontdef->descriptor;
	if (dict_get(fd, "CIDSet", HPDF_OCLASS_DICT) == NULL) {
		HPDF_Dict cs = HPDF_DictStream_New(obj->mmgr, fa->xref);
		if (!cs)
			return HPDF_FAILD_TO_ALLOC_MEM;
		cs->filter = obj->filter;
		ret = HPDF_Stream_Write(cs->stream, hk->bits, (HPDF_UINT)hk->n);
		ret = ret ? ret : HPDF_Dict_Add(fd, "CIDSet", cs);
	}
	free(hk->bits);
	hk->bits = NULL;
	return ret;
}

int pdffix_cidset(HPDF_Doc doc, HPDF_Font font, const struct pdffix_codes *used)
{
	if (!HPDF_HasDoc(doc))
		return HPDF_INVALID_DOCUMENT;
	if (!font || !font->attr || font->before_write_fn == cidset_before_write)
		return font ? 0 : HPDF_INVALID_FONT;
	if (nhooks == caphooks) {
		caphooks = caphooks ? 2 * caphooks : 8;
		hooks = xrealloc(hooks, caphooks * sizeof *hooks);
	}
	/* One bit per CID, the high bit of each byte first; CID 0 (.notdef)
	 * is always in the font program. */
	int max = 0;
	for (int cp = 65535; cp > 0; cp--)
		if (codes_has(used, (uint32_t)cp)) {
			max = cp;
			break;
		}
	size_t n = (size_t)max / 8 + 1;
	unsigned char *bits = xcalloc(n, 1);
	bits[0] |= 0x80;
	for (int cp = 1; cp <= max; cp++)
		if (codes_has(used, (uint32_t)cp))
			bits[cp / 8] |= (unsigned char)(0x80 >> (cp % 8));
	struct cidset_hook *hk = &hooks[nhooks++];
	hk->font = font;
	hk->orig = font->before_write_fn;
	hk->bits = bits;
	hk->n = n;
	font->before_write_fn = cidset_before_write;
	return 0;
}

void pdffix_release(void)
{
	pdfglyph_release();
	for (size_t i = 0; i < nhooks; i++)
		free(hooks[i].bits);
	free(hooks);
	hooks = NULL;
	nhooks = caphooks = 0;
}

/* Makes the libharu image stream for decoded data: the dictionary
 * libharu's own PNG loader wrote (the same keys in the same order, the
 * image's object before its soft mask's), so an image that decodes the
 * same gives the same bytes.  NULL after libharu reported an error. */
HPDF_Image pdffix_image(HPDF_Doc pdf, const struct image_data *im)
{
	bool deflate = (pdf->compression_mode & HPDF_COMP_IMAGE) != 0;
	HPDF_Dict img = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (img == NULL)
		return NULL;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	HPDF_STATUS r = HPDF_Dict_AddName(img, "Type", "XObject");
	r += HPDF_Dict_AddName(img, "Subtype", "Image");
	if (im->space == IMAGE_INDEXED) {
		HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
		if (cs == NULL)
			return NULL;
		r += HPDF_Dict_Add(img, "ColorSpace", cs);
		r += HPDF_Array_AddName(cs, "Indexed");
		r += HPDF_Array_AddName(cs, "DeviceRGB");
		r += HPDF_Array_AddNumber(cs, im->npalette - 1);
		HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)im->palette,
		    (HPDF_UINT)im->npalette * 3);
		r += b ? HPDF_Array_Add(cs, b) : HPDF_FAILD_TO_ALLOC_MEM;
	} else {
		r += HPDF_Dict_AddName(img, "ColorSpace", im->space == IMAGE_RGB ?
		    "DeviceRGB" : "DeviceGray");
	}
	r += HPDF_Dict_AddNumber(img, "Width", (HPDF_UINT)im->w);
	r += HPDF_Dict_AddNumber(img, "Height", (HPDF_UINT)im->h);
	r += HPDF_Dict_AddNumber(img, "BitsPerComponent", (HPDF_UINT)im->bpc);
	for (int y = 0; y < im->h && r == HPDF_OK; y++)
		r = HPDF_Stream_Write(img->stream, im->pixels + im->rowbytes * (size_t)y,
		    (HPDF_UINT)im->rowbytes);
	if (deflate)
		img->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (r != HPDF_OK || im->alpha == NULL)
		return r == HPDF_OK ? img : NULL;
	HPDF_Dict sm = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (sm == NULL)
		return NULL;
	sm->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	r = HPDF_Dict_AddName(sm, "Type", "XObject");
	r += HPDF_Dict_AddName(sm, "Subtype", "Image");
	r += HPDF_Dict_AddNumber(sm, "Width", (HPDF_UINT)im->w);
	r += HPDF_Dict_AddNumber(sm, "Height", (HPDF_UINT)im->h);
	r += HPDF_Dict_AddName(sm, "ColorSpace", "DeviceGray");
	r += HPDF_Dict_AddNumber(sm, "BitsPerComponent", 8);
	for (int y = 0; y < im->h && r == HPDF_OK; y++)
		r = HPDF_Stream_Write(sm->stream, im->alpha + (size_t)im->w * (size_t)y,
		    (HPDF_UINT)im->w);
	if (deflate)
		sm->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	r += HPDF_Dict_Add(img, "SMask", sm);
	return r == HPDF_OK ? img : NULL;
}
