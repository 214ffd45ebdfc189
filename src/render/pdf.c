/*
 * pdf.c - the PDF device: draws laid-out pages with libharu.
 *
 * libharu's errors come through its error callback; we record the first
 * one and check after the document is written (no longjmp through our
 * code).  Fonts are embedded as subsets of TrueType files through the
 * UTF-8 encoder, one libharu font per face.
 */
#include "config.h"
#include "render.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>                    /* malloc_trim */
#endif
#include <zlib.h>

#include "../image/image.h"

#include "pdffix.h"                    /* first: libharu's handles opaque */
#include "tags.h"
#include "pdfmem.h"
#include "pdftext.h"
#include "pdfzip.h"

struct pdfstate {
	HPDF_Doc doc;
	HPDF_STATUS err;                   /* first error seen, 0 if none */
	HPDF_STATUS detail;
	HPDF_Font *fonts;                  /* per face, lazily */
	struct pdffix_codes **codes;       /* per face: the codes drawn */
	const char **font_names;
	struct fontset *fs;
	int nfaces;
	/* images by path */
	const char **img_path;
	HPDF_Image *img;
	size_t nimg, capimg;
	struct tags *tags;                 /* tagged output, or NULL */
	struct pdftext text;               /* the text object's line origin */
	bool pdfa;
	int status;                        /* an input error found while drawing */
	unsigned char id[16];              /* the file /ID (doc_digest), taken
	                                      before any page's ops are freed */
};

/* libharu's error handler: records the first error in the state (never
 * jumps out of libharu). */
static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	struct pdfstate *st = user;
	if (st->err == 0) {
		st->err = error_no;
		st->detail = detail_no;
	}
}

/* Keeps r as the document's error unless one is kept already: libharu
 * reports most failures through on_error too, but not all (its object
 * functions only record them), so every call's result comes here. */
static void ck(struct pdfstate *st, HPDF_STATUS r)
{
	if (r != HPDF_OK && st->err == 0)
		st->err = r;
}

/* Returns p; a NULL p is an error (libharu's recorded one, if any). */
static void *ck_ptr(struct pdfstate *st, void *p)
{
	if (p == NULL)
		ck(st, HPDF_GetError(st->doc) ? HPDF_GetError(st->doc) : PDFFIX_EOBJECT);
	return p;
}

/* The libharu font for a face, loading it on first use. */
static HPDF_Font face_font(struct pdfstate *st, int face)
{
	if (st->fonts[face])
		return st->fonts[face];
	const char *path = fontset_path(st->fs, face);
	if (path == NULL)
		return NULL;
	/* Faces that share a file share a font. */
	for (int i = 0; i < st->nfaces; i++)
		if (st->fonts[i] && st->font_names[i] && fontset_path(st->fs, i) &&
		    strcmp(fontset_path(st->fs, i), path) == 0) {
			st->fonts[face] = st->fonts[i];
			return st->fonts[face];
		}
	const char *name = ck_ptr(st, (void *)HPDF_LoadTTFontFromFile(st->doc, path, HPDF_TRUE));
	if (name == NULL)
		return NULL;
	st->font_names[face] = name;
	st->fonts[face] = ck_ptr(st, HPDF_GetFont(st->doc, name, "UTF-8"));
	return st->fonts[face];
}

/* The image for path, loaded once: a JPEG as it is (validate decoded it
 * with libjpeg), a PNG decoded here with libpng (src/image) and handed
 * over as 8-bit data with its alpha as a soft mask, or under --pdfa
 * (which forbids transparency) composited on white.  NULL after
 * reporting. */
static HPDF_Image load_image(struct pdfstate *st, const char *path, bool jpeg)
{
	for (size_t i = 0; i < st->nimg; i++)
		if (strcmp(st->img_path[i], path) == 0)
			return st->img[i];
	if (st->nimg == st->capimg) {
		st->capimg = st->capimg ? st->capimg * 2 : 8;
		st->img_path = xrealloc(st->img_path, st->capimg * sizeof *st->img_path);
		st->img = xrealloc(st->img, st->capimg * sizeof *st->img);
	}
	HPDF_Image im = NULL;
	char *data = NULL;
	size_t len = 0;
	int err = file_read_asset(path, (size_t)64 << 20, &data, &len);
	if (err != 0) {
		diag_plain(DIAG_ERROR, "cannot read image '%s': %s", path, file_strerror(err));
		st->status = AP_EXIT_NOINPUT;
	} else if (jpeg) {
		im = HPDF_LoadJpegImageFromMem(st->doc, (const HPDF_BYTE *)data, (HPDF_UINT)len);
	} else {
		struct image_data px;
		char why[300];
		const char *problem = image_png_decode((const unsigned char *)data, len,
		    st->pdfa ? IMAGE_FLATTEN : 0, &px, why, sizeof why);
		if (problem != NULL) {
			/* validate read it whole: the file changed since */
			diag_plain(DIAG_ERROR, "image '%s' %s", path, problem);
			st->status = AP_EXIT_DATAERR;
		} else {
			im = pdffix_image(st->doc, &px);
			image_data_free(&px);
		}
	}
	free(data);
	st->img_path[st->nimg] = path;
	st->img[st->nimg++] = im;
	return im;
}

/* Sets the fill colour 0xRRGGBB; returns libharu's status. */
static HPDF_STATUS set_fill(HPDF_Page pg, uint32_t c)
{
	return HPDF_Page_SetRGBFill(pg, (float)((c >> 16) & 255) / 255.0f,
	    (float)((c >> 8) & 255) / 255.0f, (float)(c & 255) / 255.0f);
}

/* Sets the stroke colour 0xRRGGBB; returns libharu's status. */
static HPDF_STATUS set_stroke(HPDF_Page pg, uint32_t c)
{
	return HPDF_Page_SetRGBStroke(pg, (float)((c >> 16) & 255) / 255.0f,
	    (float)((c >> 8) & 255) / 255.0f, (float)(c & 255) / 255.0f);
}

/* The index of the named destination name in d, or -1. */
static int find_dest(const struct render_doc *d, const char *name)
{
	for (size_t i = 0; i < d->ndests; i++)
		if (strcmp(d->dests[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The set of codes drawn in face's libharu font, where the text ops
 * record what they draw (faces that share a file share the set of their
 * first face): the ToUnicode map, the CIDSet and the glyphs marked for
 * the embedded subset come from it. */
static struct pdffix_codes *face_codes(struct pdfstate *st, int face)
{
	int f = face;
	for (int i = 0; i < f; i++)
		if (st->fonts[i] == st->fonts[f]) {
			f = i;
			break;
		}
	if (st->codes[f] == NULL)
		st->codes[f] = xcalloc(1, sizeof *st->codes[f]);
	return st->codes[f];
}

/* Whether libharu would give text op o a width (its Tj is written only
 * then): some character of it has one in layout's tables, which hold
 * the font's own advances; else (a run of marks, of zero-width
 * characters, of characters the face lacks, whose .notdef libharu would
 * draw) libharu's own measure of it, f being its font. */
static bool run_has_width(struct pdfstate *st, HPDF_Font f, const struct op *o)
{
	const char *q = o->text, *end = o->text + o->len;
	while (q < end) {
		int32_t cp = utf8_next(&q, end);
		if (cp >= 0 && fontset_width(st->fs, o->face, (uint32_t)cp) > 0)
			return true;
	}
	return o->len > 0 && HPDF_Font_TextWidth(f, (const HPDF_BYTE *)o->text,
	    (HPDF_UINT)o->len).width > 0;
}

/* Writes a path of four coordinates (mpt) and its operators ("m %s l S")
 * into the page's content: ops holds the text after each number.
 * Returns 0 or a libharu error. */
static int raw_path(HPDF_Page pg, const char *const ops[4], int a, int b, int c, int d)
{
	char line[128], *p = line;
	int v[4] = { a, b, c, d };
	for (int i = 0; i < 4; i++) {
		p = pdftext_pt(p, v[i]);
		for (const char *q = ops[i]; *q; q++)
			*p++ = *q;
	}
	*p = '\0';
	return pdffix_page_write(pg, line);
}

/* Draws one page's ops. */
static void draw_page(struct pdfstate *st, HPDF_Page pg, const struct page *p)
{
	float ph = (float)MPT2PT(p->h);
	bool in_text = false;
	int cur_face = -1, cur_size = -1;
	uint32_t cur_fill = 0xFFFFFFFF, cur_stroke = 0xFFFFFFFF;
	int cur_width = -1;
	for (size_t k = 0; k < p->nops; k++) {
		const struct op *o = &p->ops[k];
		if (o->kind == OP_LINK)
			continue;              /* annotations come after all pages */
		bool text = o->kind == OP_TEXT && !(o->flags & OPF_ROT45);
		/* Marked content nests inside or around a text object, never
		 * across its ends. */
		if (st->err)
			return;
		if (st->tags && tags_close_if(st->tags, o, in_text) && !text && in_text) {
			ck(st, HPDF_Page_EndText(pg));
			in_text = false;
		}
		if (!text && in_text) {
			if (st->tags)
				tags_close(st->tags);
			ck(st, HPDF_Page_EndText(pg));
			in_text = false;
		}
		if (text && !in_text) {
			if (st->tags)
				tags_close(st->tags);
			ck(st, HPDF_Page_BeginText(pg));
			pdftext_begin(&st->text);
			in_text = true;
			/* The font and colour carry over from the last text
			 * object: they are graphics state, not text-object state. */
		}
		if (st->tags)
			tags_open(st->tags, o, in_text);
		switch (o->kind) {
		case OP_TEXT: {
			HPDF_Font f = face_font(st, o->face);
			if (f == NULL)
				break;
			if (o->flags & OPF_ROT45)
				ck(st, HPDF_Page_BeginText(pg));
			if (o->face != cur_face || o->size != cur_size) {
				ck(st, HPDF_Page_SetFontAndSize(pg, f, (float)MPT2PT(o->size)));
				cur_face = o->face;
				cur_size = o->size;
			}
			if (o->color != cur_fill) {
				ck(st, set_fill(pg, o->color));
				cur_fill = o->color;
			}
			if (o->flags & OPF_ROT45) {
				/* A turned run gets a text object of its own. */
				const float r = 0.70710678f;
				ck(st, HPDF_Page_SetTextMatrix(pg, r, r, -r, r, (float)MPT2PT(o->x),
				    ph - (float)MPT2PT(o->y)));
				ck(st, HPDF_Page_ShowText(pg, o->text));
				pdffix_codes_add(face_codes(st, o->face), o->text, (size_t)o->len);
				ck(st, HPDF_Page_EndText(pg));
				cur_face = -1;
				cur_size = -1;
				break;
			}
			/* What HPDF_Page_TextOut wrote, written here (pdftext.h):
			 * the glyphs it would have marked are marked before the
			 * save (add_metadata).  libharu's text matrix stays at
			 * BT's: none of its calls made inside a text object here
			 * (Tf, the fill colour) reads it. */
			size_t n = pdftext_run(&st->text, o->x, p->h - o->y, o->text,
			    (size_t)o->len, run_has_width(st, f, o), face_codes(st, o->face));
			ck(st, pdffix_page_write_n(pg, st->text.buf, n));
			break;
		}
		case OP_LINE:
			/* Colour and width through libharu, only when they change;
			 * the path itself (m l S) as raw operators: each libharu
			 * path call costs a 512-byte memset, and a table has
			 * thousands of rules.  The graphics mode libharu tracks is
			 * the same before and after. */
			if (o->color != cur_stroke) {
				ck(st, set_stroke(pg, o->color));
				cur_stroke = o->color;
			}
			if (o->size != cur_width) {
				ck(st, HPDF_Page_SetLineWidth(pg, (float)MPT2PT(o->size)));
				cur_width = o->size;
			}
			static const char *const line_ops[4] = { " ", " m ", " ", " l S\n" };
			ck(st, raw_path(pg, line_ops, o->x, p->h - o->y, o->x + o->w, p->h - (o->y + o->h)));
			break;
		case OP_RECT:
			if (o->color != cur_fill) {
				ck(st, set_fill(pg, o->color));
				cur_fill = o->color;
			}
			static const char *const rect_ops[4] = { " ", " ", " ", " re f\n" };
			ck(st, raw_path(pg, rect_ops, o->x, p->h - (o->y + o->h), o->w, o->h));
			break;
		case OP_IMAGE: {
			HPDF_Image im = load_image(st, o->text, o->flags & OPF_JPEG);
			if (im)
				ck(st, HPDF_Page_DrawImage(pg, im, (float)MPT2PT(o->x),
				    ph - (float)MPT2PT(o->y + o->h), (float)MPT2PT(o->w),
				    (float)MPT2PT(o->h)));
			break;
		}
		case OP_LINK:
			break;
		case OP_PLACEHOLDER:
			/* The merge stage draws the appendix page here. */
			ck(st, pdffix_page_write(pg, "\n" MERGE_MARKER "\n"));
			break;
		}
	}
	if (st->tags)
		tags_close(st->tags);
	if (in_text)
		ck(st, HPDF_Page_EndText(pg));
}

/* The words a link shows: the text ops on page p whose start lies in the
 * link's box, joined by spaces, at most about 200 bytes (whole UTF-8
 * characters), into b. */
static void link_text(const struct page *p, const struct op *l, struct buf *b)
{
	for (size_t k = 0; k < p->nops && b->len < 200; k++) {
		const struct op *o = &p->ops[k];
		if (o->kind != OP_TEXT || o->len <= 0 || o->x < l->x - 1000 ||
		    o->x >= l->x + l->w || o->y < l->y || o->y > l->y + l->h)
			continue;
		if (b->len > 0)
			buf_addc(b, ' ');
		const char *q = o->text, *end = o->text + o->len;
		while (q < end && b->len < 200) {
			const char *c = q;
			utf8_next(&q, end);
			buf_add(b, c, (size_t)(q - c));
		}
	}
}

/* Sets the link annotation's /Contents (PDF/UA-1 7.18.5): the words it
 * shows, else "Link to page N" or "Link to URI". */
static void link_contents(struct pdfstate *st, const struct render_doc *d,
    const struct page *p, const struct op *o, HPDF_Annotation an)
{
	struct buf b;
	buf_init(&b);
	link_text(p, o, &b);
	if (b.len == 0 && o->text[0] == '#') {
		int di = find_dest(d, o->text + 1);
		buf_printf(&b, "Link to page %d", d->dests[di].page + 1);
	} else if (b.len == 0) {
		buf_printf(&b, "Link to %s", o->text);
	}
	buf_addc(&b, '\0');
	ck(st, pdffix_put(an, "Contents", pdffix_text_string(st->doc, b.s)));
	buf_free(&b);
}

/* Adds the link annotations of page p (all pages exist by now). */
static void add_links(struct pdfstate *st, const struct render_doc *d, HPDF_Page *pages,
    size_t pi)
{
	const struct page *p = d->pages[pi];
	float ph = (float)MPT2PT(p->h);
	for (size_t k = 0; k < p->nops && st->err == 0; k++) {
		const struct op *o = &p->ops[k];
		if (o->kind != OP_LINK)
			continue;
		HPDF_Rect r = { (float)MPT2PT(o->x), ph - (float)MPT2PT(o->y + o->h),
		    (float)MPT2PT(o->x + o->w), ph - (float)MPT2PT(o->y) };
		HPDF_Annotation an;
		if (o->text[0] == '#') {
			int di = find_dest(d, o->text + 1);
			if (di < 0)
				continue;
			const struct dest *ds = &d->dests[di];
			HPDF_Destination dst = ck_ptr(st, pdffix_dest_xyz(pages[ds->page],
			    (float)MPT2PT(d->pages[ds->page]->h - ds->y)));
			if (dst == NULL)
				return;
			an = HPDF_Page_CreateLinkAnnot(pages[pi], r, dst);
		} else {
			an = HPDF_Page_CreateURILinkAnnot(pages[pi], r, o->text);
		}
		if (ck_ptr(st, an) == NULL)
			return;
		if (st->tags)
			tags_annot(st->tags, o, an);
		/* No border, printable (PDF/A wants it). */
		ck(st, pdffix_link_style(an));
		link_contents(st, d, p, o, an);
	}
}

/* Names the destinations meant for other tools in the catalog's /Dests
 * ("agendapack-signature": where 'agendapack sign' puts its widget): a
 * /FitR box from the destination down to the first rule beneath it on
 * its page (the line to sign on), else an /XYZ point.  Only names that
 * start "agendapack-" are written; other documents are unchanged. */
static void add_named_dests(struct pdfstate *st, const struct render_doc *d,
    HPDF_Page *pages)
{
	pdffix_obj names = NULL;
	for (size_t i = 0; i < d->ndests && st->err == 0; i++) {
		const struct dest *ds = &d->dests[i];
		if (strncmp(ds->name, "agendapack-", 11) != 0)
			continue;
		const struct page *p = d->pages[ds->page];
		const struct op *line = NULL;
		for (size_t k = 0; k < p->nops; k++) {
			const struct op *o = &p->ops[k];
			if (o->kind == OP_LINE && o->h == 0 && o->w > 0 && o->y > ds->y &&
			    (line == NULL || o->y < line->y || (o->y == line->y && o->x < line->x)))
				line = o;
		}
		float ph = (float)MPT2PT(p->h);
		HPDF_Destination dst;
		if (line != NULL) {
			dst = ck_ptr(st, HPDF_Page_CreateDestination(pages[ds->page]));
			if (dst != NULL)
				ck(st, HPDF_Destination_SetFitR(dst, (float)MPT2PT(line->x),
				    ph - (float)MPT2PT(line->y), (float)MPT2PT(line->x + line->w),
				    ph - (float)MPT2PT(ds->y)));
		} else {
			dst = ck_ptr(st, pdffix_dest_xyz(pages[ds->page], ph - (float)MPT2PT(ds->y)));
		}
		if (dst == NULL)
			return;
		if (names == NULL) {
			names = ck_ptr(st, pdffix_dict(st->doc, false));
			ck(st, pdffix_catalog_put(st->doc, "Dests", names));
			if (st->err)
				return;
		}
		ck(st, pdffix_put(names, ds->name, dst));
	}
}

#define CREATOR "agendapack " AP_VERSION
#define PRODUCER "agendapack " AP_VERSION " with libharu " HPDF_VERSION_TEXT

/* A 128-bit digest of what the document shows (FNV-1a, two lanes), for
 * the file /ID: the same input gives the same file. */
static void doc_digest(const struct render_doc *d, unsigned char out[16])
{
	uint64_t h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	const uint64_t prime = 0x100000001b3ULL;
#define MIX(byte) do { h[0] = (h[0] ^ (uint8_t)(byte)) * prime; \
	h[1] = (h[1] ^ (uint8_t)(byte)) * prime * 31; } while (0)
	const char *strs[] = { d->title, d->author, d->subject, d->keywords, d->lang };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		for (const char *p = strs[i]; p && *p; p++)
			MIX(*p);
	long long t = (long long)d->created;
	for (int i = 0; i < 8; i++)
		MIX(t >> (8 * i));
	for (size_t i = 0; i < d->npages; i++) {
		const struct page *p = d->pages[i];
		MIX(p->nops);
		MIX(p->nops >> 8);
		for (size_t k = 0; k < p->nops; k++) {
			const struct op *o = &p->ops[k];
			MIX(o->kind);
			MIX(o->x);
			MIX(o->y >> 4);
			for (int q = 0; q < o->len; q++)
				MIX(o->text[q]);
		}
	}
#undef MIX
	for (int i = 0; i < 8; i++) {
		out[i] = (unsigned char)(h[0] >> (8 * i));
		out[8 + i] = (unsigned char)(h[1] >> (8 * i));
	}
}

/* Embeds the sRGB profile Debian ships as the PDF/A output intent. */
static int add_output_intent(struct pdfstate *st)
{
	static const char *paths[] = { "/usr/share/color/icc/sRGB.icc",
	    "/usr/share/color/icc/colord/sRGB.icc", "/usr/share/color/icc/sRGB.icm" };
	const char *env = getenv("AGENDAPACK_SRGB");
	for (size_t i = 0; i < 4; i++) {
		const char *p = i == 0 ? env : paths[i - 1];
		char *data;
		size_t len;
		if (p == NULL || file_read(p, 1 << 22, &data, &len) != 0)
			continue;
		ck(st, pdffix_output_intent(st->doc, (unsigned char *)data, len));
		free(data);
		return 0;
	}
	diag_plain(DIAG_ERROR, "--pdfa needs an sRGB ICC profile: install icc-profiles-free "
	    "(/usr/share/color/icc/sRGB.icc) or name one with AGENDAPACK_SRGB");
	return AP_EXIT_NOINPUT;
}

/* The latest time PDF and XMP dates can express: 9999-12-31 23:59:59
 * UTC (both have four-digit years). */
#define LAST_DATE ((time_t)253402300799LL)

/* pdfzip's callback: gives page id its deflated content (ctx: the
 * pages). */
static int page_deflated(void *ctx, size_t id, const unsigned char *z, size_t n)
{
	HPDF_Page *pages = ctx;
	return pdffix_page_put(pages[id], z, n);
}

/* Frees page i's ops (render_doc.consume_ops) unless what is done after
 * every page is drawn reads them: its links (add_links), or keep[i]: a
 * destination add_named_dests places is on it. */
static void drop_ops(const struct render_doc *d, const bool *keep, size_t i)
{
	struct page *p = d->pages[i];
	if (keep[i])
		return;
	for (size_t k = 0; k < p->nops; k++)
		if (p->ops[k].kind == OP_LINK)
			return;
	free(p->ops);
	p->ops = NULL;
	p->nops = p->cap = 0;
}

/* Adds the pages, draws them, each one's content handed to the
 * compression queue as soon as it is drawn, then their links.  pages has
 * room for every page. */
static void draw_all(struct pdfstate *st, const struct render_doc *d, HPDF_Page *pages)
{
	struct pdfzip *z = pdfzip_new(pdfzip_threads(), page_deflated, pages);
	bool *keep = NULL;                 /* pages whose ops stay (drop_ops) */
	if (d->consume_ops) {
		keep = xcalloc(d->npages ? d->npages : 1, sizeof *keep);
		for (size_t k = 0; k < d->ndests; k++)
			if (strncmp(d->dests[k].name, "agendapack-", 11) == 0 &&
			    d->dests[k].page >= 0 &&
			    (size_t)d->dests[k].page < d->npages)
				keep[d->dests[k].page] = true;
	}
	for (size_t i = 0; i < d->npages && st->err == 0; i++) {
		const struct page *p = d->pages[i];
		pages[i] = ck_ptr(st, HPDF_AddPage(st->doc));
		if (pages[i] == NULL)
			break;
		ck(st, HPDF_Page_SetWidth(pages[i], (float)MPT2PT(p->w)));
		ck(st, HPDF_Page_SetHeight(pages[i], (float)MPT2PT(p->h)));
		if (st->tags)
			tags_page(st->tags, i, pages[i]);
		draw_page(st, pages[i], p);
		if (keep != NULL) {
			drop_ops(d, keep, i);
			/* Hand the freed pages back to the system now and then:
			 * libharu's memory comes from fresh mappings, not these
			 * holes in the heap. */
#ifdef __GLIBC__
			if (i % 256 == 255)
				malloc_trim(0);
#endif
		}
		unsigned char *raw;
		size_t len;
		if (st->err == 0) {
			ck(st, pdffix_page_take(pages[i], &raw, &len));
			if (st->err == 0)
				pdfzip_submit(z, i, raw, len);
		}
	}
	free(keep);
	ck(st, pdfzip_finish(z));
	pdfzip_free(z);
	for (size_t i = 0; i < d->npages && st->err == 0; i++)
		add_links(st, d, pages, i);
	add_named_dests(st, d, pages);
}

/* The outline: items at level 1, headings beneath. */
static void add_outline(struct pdfstate *st, const struct render_doc *d, HPDF_Page *pages)
{
	HPDF_Outline parents[8] = { 0 };
	for (size_t i = 0; i < d->noutline && st->err == 0; i++) {
		const struct outline_entry *e = &d->outline[i];
		int lv = e->level < 1 ? 1 : e->level > 7 ? 7 : e->level;
		HPDF_Outline parent = NULL;
		for (int k = lv - 1; k >= 1 && parent == NULL; k--)
			parent = parents[k];
		HPDF_Outline ol = ck_ptr(st, pdffix_outline(st->doc, parent, e->title));
		HPDF_Destination dst = ol == NULL ? NULL : ck_ptr(st,
		    pdffix_dest_xyz(pages[e->page], (float)MPT2PT(d->pages[e->page]->h - e->y)));
		if (dst == NULL)
			return;
		ck(st, HPDF_Outline_SetDestination(ol, dst));
		ck(st, HPDF_Outline_SetOpened(ol, HPDF_FALSE));
		parents[lv] = ol;
		for (int k = lv + 1; k < 8; k++)
			parents[k] = NULL;
	}
}

/* Whether page q continues page p's labelling range (the next number,
 * the same prefix; or both unnumbered). */
static bool label_continues(const struct page *p, const struct page *q)
{
	const char *a = p->prefix ? p->prefix : "", *b = q->prefix ? q->prefix : "";
	if (p->number == 0 || q->number == 0)
		return p->number == 0 && q->number == 0;
	return q->number == p->number + 1 && strcmp(a, b) == 0;
}

/* /PageLabels: each page's label is its printed number after its prefix
 * ("S2-3"), and an unnumbered page (a duplex blank) has an empty one; a
 * subset of a pack keeps the pack's numbers.  Errors go to st->err. */
static void add_page_labels(struct pdfstate *st, const struct render_doc *d)
{
	HPDF_Doc doc = st->doc;
	pdffix_obj nums = pdffix_array(doc);
	int ret = nums ? 0 : PDFFIX_ENOMEM;
	for (size_t i = 0; i < d->npages && ret == 0; i++) {
		const struct page *p = d->pages[i];
		if (i > 0 && label_continues(d->pages[i - 1], p))
			continue;
		pdffix_obj r = pdffix_dict(doc, false);
		ret = pdffix_push_int(nums, (int)i);
		ret = ret ? ret : pdffix_push(nums, r);
		if (p->number > 0) {
			ret = ret ? ret : pdffix_put_name(r, "S", "D");
			ret = ret ? ret : pdffix_put_int(r, "St", p->number);
			if (p->prefix && *p->prefix)
				ret = ret ? ret : pdffix_put(r, "P", pdffix_text_string(doc,
				    p->prefix));
		}
	}
	pdffix_obj root = ret ? NULL : pdffix_dict(doc, false);
	ret = ret ? ret : pdffix_put(root, "Nums", nums);
	ret = ret ? ret : pdffix_catalog_put(doc, "PageLabels", root);
	ck(st, ret);
}

/* Page labels, the information dictionary, the catalog's entries, each
 * font's ToUnicode map (and for PDF/A its CIDSet), the file identifier,
 * XMP and the output intent.  Returns 0 or an exit status after a
 * message (libharu's errors go to st->err). */
static int add_metadata(struct pdfstate *st, const struct render_doc *d)
{
	HPDF_Doc doc = st->doc;
	if (d->noutline > 0)
		ck(st, HPDF_SetPageMode(doc, HPDF_PAGE_MODE_USE_OUTLINE));
	if (d->npages > 0)
		add_page_labels(st, d);
	ck(st, pdffix_set_info(doc, "Title", d->title));
	ck(st, pdffix_set_info(doc, "Author", d->author));
	ck(st, pdffix_set_info(doc, "Subject", d->subject));
	ck(st, pdffix_set_info(doc, "Keywords", d->keywords));
	if (d->approval != NULL)
		ck(st, pdffix_set_info(doc, "Approval", d->approval));
	if (d->approval_location != NULL)
		ck(st, pdffix_set_info(doc, "ApprovalLocation",
		    d->approval_location));
	ck(st, pdffix_set_info(doc, "Creator", CREATOR));
	ck(st, pdffix_set_info(doc, "Producer", PRODUCER));
	ck(st, pdffix_dates(doc, d->created));
	ck(st, pdffix_catalog(doc, d->lang, true));
	for (int i = 0; i < st->nfaces; i++) {
		if (st->codes[i] == NULL)
			continue;
		ck(st, pdffix_mark_glyphs(st->fonts[i], st->codes[i]));
		ck(st, pdffix_tounicode(doc, st->fonts[i], st->codes[i]));
		if (d->pdfa)
			ck(st, pdffix_cidset(doc, st->fonts[i], st->codes[i]));
	}
	ck(st, pdffix_file_id(doc, st->id));
	if (d->pdfa || d->tagged || d->approval != NULL) {
		struct pdffix_meta meta = { .title = d->title, .author = d->author,
		    .subject = d->subject, .keywords = d->keywords, .creator = CREATOR,
		    .producer = PRODUCER, .lang = d->lang, .date = d->created,
		    .pdfa = d->pdfa, .pdfua = d->tagged, .approval = d->approval,
		    .approval_location = d->approval_location };
		ck(st, pdffix_xmp(doc, &meta));
	}
	return d->pdfa && st->err == 0 ? add_output_intent(st) : 0;
}

/* Writes the document into a heap buffer (*out, *len); errors go to
 * st->err. */
static void save(struct pdfstate *st, unsigned char **out, size_t *len)
{
	ck(st, pdffix_save(st->doc, out, len));
}

/* Reports st->err, once: running out of memory (inside libharu, or in
 * zlib under it: HPDF_ZLIB_ERROR with Z_MEM_ERROR) as such. */
static void report(const struct pdfstate *st)
{
	if (st->err == PDFFIX_ENOMEM || pdfmem_failed() ||
	    (st->err == PDFFIX_EZLIB && ((int)st->detail == Z_MEM_ERROR ||
	    st->detail == PDFFIX_ENOMEM)))
		diag_plain(DIAG_ERROR, "out of memory while writing the PDF");
	else
		diag_plain(DIAG_ERROR, "libharu failed (error 0x%04lX, detail %lu) while "
		    "writing the PDF", (unsigned long)st->err, (unsigned long)st->detail);
}

int render_pdf(const struct render_doc *d, struct fontset *fs, unsigned char **out,
    size_t *len)
{
	if (d->created < 0 || d->created > LAST_DATE) {
		diag_plain(DIAG_ERROR, "SOURCE_DATE_EPOCH %lld is past the year 9999, which "
		    "PDF and XMP dates cannot express (the limit is %lld)",
		    (long long)d->created, (long long)LAST_DATE);
		return AP_EXIT_USAGE;
	}
	struct pdfstate st = { 0 };
	st.fs = fs;
	st.nfaces = fontset_nfaces(fs);
	st.pdfa = d->pdfa;
	st.doc = HPDF_NewEx(on_error, pdfmem_alloc, pdfmem_free, 0, &st);
	if (st.doc == NULL) {
		diag_plain(DIAG_ERROR, "out of memory while writing the PDF");
		pdfmem_release();
		return AP_EXIT_SOFTWARE;
	}
	st.fonts = xcalloc((size_t)st.nfaces, sizeof *st.fonts);
	st.font_names = xcalloc((size_t)st.nfaces, sizeof *st.font_names);
	st.codes = xcalloc((size_t)st.nfaces, sizeof *st.codes);
	ck(&st, HPDF_SetCompressionMode(st.doc, HPDF_COMP_ALL));
	/* The cross-reference list grows by this many entries at a time
	 * (libharu's default of 1,024 copies it hundreds of times in a big
	 * pack). */
	pdffix_xref_reserve(st.doc, 16384);
	ck(&st, HPDF_UseUTFEncodings(st.doc));
	ck(&st, HPDF_SetCurrentEncoder(st.doc, "UTF-8"));

	doc_digest(d, st.id);              /* before draw_all frees ops */
	HPDF_Page *pages = xcalloc(d->npages ? d->npages : 1, sizeof *pages);
	if (d->tagged)
		st.tags = tags_new(st.doc, d);
	draw_all(&st, d, pages);
	add_outline(&st, d, pages);
	if (st.tags && st.err == 0)
		ck(&st, tags_finish(st.tags));
	int status = st.err ? 0 : add_metadata(&st, d);
	if (status == 0)
		status = st.status;
	if (status == 0 && st.err == 0)
		save(&st, out, len);
	if (st.err != 0) {
		report(&st);
		status = AP_EXIT_SOFTWARE;
	}
	HPDF_Free(st.doc);
	pdfmem_release();
	/* The structure tree goes after libharu's file, libharu's memory
	 * freed first. */
	int tw = status == 0 && st.tags ? tags_write(st.tags, out, len) : 0;
	if (tw != 0) {
		if (tw == PDFFIX_EZLIB)       /* (memory: oom() ended it) */
			diag_plain(DIAG_ERROR, "internal error: cannot compress the "
			    "structure tree");
		else
			diag_plain(DIAG_ERROR, "internal error: cannot append the structure "
			    "tree to the PDF libharu wrote");
		free(*out);
		*out = NULL;
		status = AP_EXIT_SOFTWARE;
	}
	pdffix_release();
	tags_free(st.tags);
	free(pages);
	free(st.fonts);
	free(st.font_names);
	for (int i = 0; i < st.nfaces; i++)
		free(st.codes[i]);
	free(st.codes);
	free(st.img_path);
	free(st.img);
	pdftext_free(&st.text);
	return status;
}
