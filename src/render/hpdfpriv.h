/*
 * hpdfpriv.h - the one door to libharu 2.3.0's private headers.
 *
 * agendapack corrects libharu's defects (pdffix.h lists them) through its
 * object API, which needs the private struct layouts of libharu 2.3.0
 * (Debian 12's libhpdf-2.3.0, HPDF_VERSION_ID 20300): the document's
 * catalog, info, trailer, xref and font manager; a dictionary's list,
 * stream, filter and write hook; a page's stream and a memory stream's
 * blocks; a font's type, encoder and definition, and a TrueType
 * definition's cmap.  Those headers are included here and nowhere else,
 * and this header only by the two files that read those structs:
 * pdffix.c (the corrections) and pdfglyph.c (the glyph lookup, and the
 * glyphs marked for the subset).  tests/render/private-headers.py holds it so.
 * Any other libharu version fails to compile here rather than write a
 * wrong file.
 */
#ifndef AP_HPDFPRIV_H
#define AP_HPDFPRIV_H

#define AP_PDFFIX_PRIVATE              /* pdffix.h: handles not opaque */
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_encoder.h>
#include <hpdf_list.h>
#include <hpdf_pages.h>

#if HPDF_VERSION_ID != 20300
#error "agendapack's libharu corrections rely on the struct layout of libharu 2.3.0"
#endif

#endif
