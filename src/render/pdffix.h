/*
 * pdffix.h - corrections for the defects of Debian 12's libharu 2.3.0,
 * made through libharu's own object API (hpdf_objects.h): we never
 * vendor, patch or rebuild libharu.  Only the render stage includes this.
 *
 * What 2.3.0 gets wrong, and what each function here does about it:
 *
 * ToUnicode.  With HPDF_UseUTFEncodings() and a TrueType font fetched as
 *   HPDF_GetFont(doc, name, "UTF-8"), HPDF_Type0Font_New() (run inside
 *   that HPDF_GetFont call, once per font and encoder) writes
 *   /Encoding /Identity-H and hangs the *encoding* CMap it built for the
 *   encoder under /ToUnicode: a CID CMap ("1 begincidrange <0000> <FFFF>
 *   0"), which is not a ToUnicode CMap, so poppler warns "Invalid
 *   'begincidrange' operator in ToUnicode CMap" and other readers guess.
 *   The content stream shows each character as a 2-byte code equal to its
 *   Unicode code point (UTF-16BE of a BMP character): "Ş" is <015E>.
 *   libharu cannot draw characters outside the BMP: the encoder turns them
 *   into code <0020> (a space), and drops invalid UTF-8 silently.
 *   pdffix_tounicode() rewrites that stream in place as a real ToUnicode
 *   CMap (bfrange/bfchar into UTF-16BE).  The font's before-write hook
 *   still gives it the font's compression filter.
 *
 * Text strings.  HPDF_SetInfoAttr() and HPDF_CreateOutline() with a NULL
 *   encoder copy the UTF-8 bytes into the file (mojibake); an HPDF_String
 *   cannot carry UTF-16 bytes itself (it is NUL-terminated), but an
 *   HPDF_String made with the UTF-8 encoder is written by libharu as
 *   <FEFF ...> UTF-16BE.  pdffix_text_string() makes the right one.
 *
 * Catalog.  libharu has no call for /Lang or /DisplayDocTitle, and
 *   HPDF_SetViewerPreference() replaces the whole /ViewerPreferences
 *   dictionary: call pdffix_catalog() after it.
 *
 * Annotations.  libharu sets no annotation flags, so links are not
 *   printable, which PDF/A forbids; pdffix_annot_print() sets /F 4.
 *
 * Determinism.  2.3.0 writes no dates and, unless encrypting, no /ID, so
 *   two runs give identical bytes; pdffix_dates() and pdffix_file_id()
 *   add both from values the caller chooses.
 *
 * Glyph lookup.  With the UTF-8 encoder, HPDF_GetFont() of a TrueType
 *   font builds the CIDToGIDMap by asking HPDF_TTFontDef_GetGlyphid() for
 *   each of 65,535 codes, and 2.3.0 finds a code's cmap segment by a linear
 *   scan: with a few hundred segments (DejaVu) that is a third of the time
 *   of `publish`, which makes a hundred documents.  pdfglyph.c defines
 *   HPDF_TTFontDef_GetGlyphid in the program, which libharu calls through
 *   its PLT, so it takes libharu's place: a binary search over the
 *   segments, the same format-4 arithmetic, the same answer; a cmap of
 *   another format, or whose end codes do not ascend, and every case 2.3.0
 *   treats specially (a code past the last segment, an index past the
 *   glyph array) go to libharu's own function (dlsym RTLD_NEXT).  The
 *   answers are kept, a table of 65,536 per cmap: libharu asks again for
 *   every character drawn (twice), which the search made 5% of a build.
 *
 * Every function returns 0 (HPDF_OK) on success, or a libharu error code
 * (HPDF_STATUS, non-zero); a failure inside libharu also stays recorded in
 * the document, so HPDF_SaveToFile() then fails too.  None of them calls
 * the document's error handler itself.
 */
#ifndef AP_RENDER_PDFFIX_H
#define AP_RENDER_PDFFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* hpdfpriv.h is the one file that includes libharu's private headers
 * (hpdf_objects.h and friends); pdffix.c and pdfglyph.c, which include
 * it, rely on the layout of libharu 2.3.0's structs (meson.build refuses
 * any other version).  Every other
 * file sees libharu's handles as opaque pointers: HPDF_SHARED is
 * libharu's own switch for that (its DLL interface), and the few object
 * operations they need are below. */
#ifndef AP_PDFFIX_PRIVATE
#define HPDF_SHARED
#endif
#include <hpdf.h>

/* The libharu error codes the rest of src/render names (hpdf_error.h
 * cannot be included with opaque handles); pdffix.c checks they match. */
enum {
	PDFFIX_ENOMEM = 0x1015,            /* HPDF_FAILD_TO_ALLOC_MEM */
	PDFFIX_EOBJECT = 0x1033,           /* HPDF_INVALID_OBJECT */
	PDFFIX_EFONT = 0x1075,             /* HPDF_INVALID_FONT */
	PDFFIX_EZLIB = 0x1066,             /* HPDF_ZLIB_ERROR (detail: zlib's) */
};

/* Any libharu object (dictionary, array, page, annotation), opaque. */
typedef void *pdffix_obj;

/* ---- the object API for the rest of src/render ----
 * Each returns 0 or a libharu error; a NULL object in or out is an error
 * (HPDF_INVALID_OBJECT), never a crash, so calls can be chained with
 * ret = ret ? ret : ... and checked once. */

/* A new dictionary; indirect ones are added to the cross-reference
 * table now (object numbers follow the order of creation).  NULL when
 * memory runs out. */
pdffix_obj pdffix_dict(HPDF_Doc doc, bool indirect);
/* A new direct array, or NULL. */
pdffix_obj pdffix_array(HPDF_Doc doc);
/* dict[key] = value (value then belongs to dict, even on failure). */
int pdffix_put(pdffix_obj dict, const char *key, pdffix_obj value);
int pdffix_put_name(pdffix_obj dict, const char *key, const char *name);
int pdffix_put_int(pdffix_obj dict, const char *key, int v);
int pdffix_put_bool(pdffix_obj dict, const char *key, bool v);
/* Appends value (which then belongs to arr) or a number to arr. */
int pdffix_push(pdffix_obj arr, pdffix_obj value);
int pdffix_push_int(pdffix_obj arr, int v);
/* catalog[key] = value. */
int pdffix_catalog_put(HPDF_Doc doc, const char *key, pdffix_obj value);
/* Makes room for n more objects in the cross-reference list at once
 * (libharu grows it a block at a time, copying it each time). */
void pdffix_xref_reserve(HPDF_Doc doc, size_t n);
/* Appends s (NUL-terminated; _n: its n bytes) to the page's content
 * stream as it is (raw operators), copied with memcpy where libharu's
 * own writer copies a byte at a time. */
int pdffix_page_write(HPDF_Page page, const char *s);
int pdffix_page_write_n(HPDF_Page page, const char *s, size_t n);
/* Takes the page's content stream out of libharu, raw (*data, *len:
 * malloc'd, the caller's); the page is to get the deflated bytes back
 * with pdffix_page_put, which libharu then writes as they are, with
 * /Filter [ /FlateDecode ] - the bytes libharu writes for a page it
 * deflates itself.  Nothing may be drawn on the page afterwards. */
int pdffix_page_take(HPDF_Page page, unsigned char **data, size_t *len);
int pdffix_page_put(HPDF_Page page, const unsigned char *z, size_t n);
/* HPDF_SaveToStream() into a malloc'd buffer (*out, *len), written
 * there directly rather than into libharu's memory stream and then
 * copied. */
int pdffix_save(HPDF_Doc doc, unsigned char **out, size_t *len);
/* The object number of an indirect object (a page, an annotation, a
 * dictionary made with pdffix_dict(doc, true)), 0 for a direct one. */
uint32_t pdffix_objnum(pdffix_obj obj);
/* A destination showing page at its top coordinate, keeping the reader's
 * zoom ([page /XYZ 0 top null]; libharu's setter rejects a null zoom).
 * NULL on failure. */
HPDF_Destination pdffix_dest_xyz(HPDF_Page page, float top);
/* A link without a border (/Border [0 0 0]; libharu's setter refuses URI
 * links) and printable (/F 4, which PDF/A wants). */
int pdffix_link_style(HPDF_Annotation annot);

/* A set of BMP code points: one bit each (8 KiB).  Plain data on purpose:
 * zero it (memset, calloc, = {0}) before use. */
struct pdffix_codes {
	uint64_t bits[65536 / 64];
};

/* Adds every code point of the UTF-8 text s (len bytes) to c, as libharu
 * will encode it: outside the BMP becomes U+0020, invalid bytes are
 * skipped. */
void pdffix_codes_add(struct pdffix_codes *c, const char *s, size_t len);

/* Replaces the /ToUnicode CMap of font, a TrueType font fetched with the
 * "UTF-8" encoder, by a correct one.  With used NULL it maps every BMP
 * code but the surrogates and C0 controls to itself (248 ranges, about
 * 6 KiB before compression); otherwise only the codes in *used, in runs
 * that never cross a high-byte boundary.  Can be called at any time
 * after HPDF_GetFont() and before saving; calling it again rewrites the
 * CMap.  Returns HPDF_INVALID_FONT for any other kind of font. */
int pdffix_tounicode(HPDF_Doc doc, HPDF_Font font,
    const struct pdffix_codes *used);

/* pdffix_tounicode(doc, font, NULL) for every "UTF-8" TrueType font the
 * document has fetched so far; other fonts are left alone.  Call it once,
 * just before HPDF_SaveToFile() or HPDF_SaveToStream(). */
int pdffix_tounicode_all(HPDF_Doc doc);

/* A PDF text string for the UTF-8 text utf8: a literal string when every
 * byte is printable ASCII (or TAB, LF, CR), otherwise an HPDF_String made
 * with the UTF-8 encoder, which libharu writes as <FEFF...> UTF-16BE.
 * Characters outside the BMP become U+FFFD (libharu's encoder handles
 * only the BMP).  Registers the UTF-8 encoder (HPDF_UseUTFEncodings) if
 * the document lacks it.  The object is direct: give it to exactly one
 * HPDF_Dict_Add or HPDF_Array_Add.  Returns NULL on invalid UTF-8, text
 * over 65535 bytes, or memory failure. */
pdffix_obj pdffix_text_string(HPDF_Doc doc, const char *utf8);

/* Sets key of the document information dictionary to utf8 as a text
 * string; utf8 NULL removes the entry.  key is one of "Title", "Author",
 * "Subject", "Keywords", "Creator", "Producer" (HPDF_INVALID_PARAMETER
 * otherwise, and for invalid UTF-8).  HPDF_GetInfoAttr() still returns
 * the value as UTF-8. */
int pdffix_set_info(HPDF_Doc doc, const char *key, const char *utf8);

/* HPDF_CreateOutline() with a correct /Title.  parent NULL means the
 * outline root.  Returns NULL on failure. */
HPDF_Outline pdffix_outline(HPDF_Doc doc, HPDF_Outline parent,
    const char *utf8_title);

/* Sets /ViewerPreferences /DisplayDocTitle to display_doc_title (false
 * removes the entry) and the catalog's /Lang to lang (a BCP 47 tag such
 * as "en-GB"; NULL or "" leaves /Lang alone).  Both are PDF 1.4
 * features, so the file's version is raised to 1.4 if it was lower
 * (HPDF_SetViewerPreference() itself raises it to 1.6).  Returns
 * HPDF_INVALID_PARAMETER, having set DisplayDocTitle, if lang is not
 * [A-Za-z0-9-]. */
int pdffix_catalog(HPDF_Doc doc, const char *lang, bool display_doc_title);

/* Sets the Print flag (4) in the annotation's /F, keeping other flags. */
int pdffix_annot_print(HPDF_Annotation annot);

/* Sets /CreationDate and /ModDate to t, in UTC: D:YYYYMMDDHHmmSS+00'00'. */
int pdffix_dates(HPDF_Doc doc, time_t t);

/* Sets the trailer's /ID to [<digest> <digest>] (both halves equal, as for
 * a new file).  libharu writes the trailer dictionary as it is, so this
 * holds; but an encrypting document replaces /ID with its own when
 * saving, so then it returns HPDF_INVALID_OPERATION and does nothing. */
int pdffix_file_id(HPDF_Doc doc, const unsigned char digest[16]);

/* What the XMP metadata packet says; it must match the document
 * information dictionary (same title, author, dates). */
struct pdffix_meta {
	const char *title, *author, *subject, *keywords, *creator, *producer, *lang;
	time_t date;                       /* creation = modification date */
	bool pdfa;                         /* pdfaid:part 1, conformance B */
	bool pdfua;                        /* pdfuaid:part 1 (with pdfa, also
	                                      the extension schema describing
	                                      pdfuaid, PDF/A-1 6.7.8) */
	const char *approval;              /* minutes' approval record, or
	                                      NULL: agendapack:Approval */
	const char *approval_location;     /* or NULL */
};

/* The namespace of agendapack's own XMP properties. */
#define AP_XMP_NS "urn:agendapack:ns:minutes:1.0/"

/* Adds an unfiltered XMP /Metadata stream to the catalog; a date outside
 * the years 0 to 9999 is HPDF_INVALID_PARAMETER.  libharu's own
 * HPDF_PDFA_SetPDFAConformance writes a packet that does not match the
 * information dictionary, so it is not used. */
int pdffix_xmp(HPDF_Doc doc, const struct pdffix_meta *m);

/* Adds a /CIDSet to a UTF-8 TrueType font's descriptor listing the codes
 * used (PDF/A-1 wants one for every subset CID font). */
int pdffix_cidset(HPDF_Doc doc, HPDF_Font font, const struct pdffix_codes *used);
/* Frees what pdffix_cidset kept for the write; call after HPDF_Free.
 * (Any number of fonts: the hooks are kept in a growing list.) */
void pdffix_release(void);
/* pdfglyph.c: marks the glyphs of the codes in *used as drawn in font
 * (a TrueType font fetched with the "UTF-8" encoder), as libharu's own
 * text operators do when they measure text (HPDF_Page_TextOut,
 * HPDF_Page_ShowText, HPDF_Page_TextWidth): only marked glyphs, and the
 * parts of marked composite ones, go into the embedded subset, so text
 * written into a page's content directly (pdftext.h) would otherwise
 * show nothing.  Call it before saving, with every code drawn in the
 * font; marking a glyph twice is harmless.  Returns HPDF_INVALID_FONT
 * for any other kind of font. */
int pdffix_mark_glyphs(HPDF_Font font, const struct pdffix_codes *used);
/* pdfglyph.c: forgets the cmaps it has looked at and frees the answers
 * it kept for each (a 128 KiB table per cmap: libharu asks twice a
 * character drawn); pdffix_release() calls it, on the rendering thread. */
void pdfglyph_release(void);

/* Adds a GTS_PDFA1 sRGB output intent with the ICC profile embedded. */
int pdffix_output_intent(HPDF_Doc doc, const unsigned char *icc, size_t len);

struct image_data;
/* An image XObject for decoded image data (src/image): the dictionary
 * libharu's own PNG loader writes (the same keys in the same order, the
 * image's object before its soft mask's, whose alpha goes out as an
 * /SMask), so an image that decodes the same gives the same bytes.
 * NULL after libharu recorded an error. */
HPDF_Image pdffix_image(HPDF_Doc doc, const struct image_data *im);

#endif
