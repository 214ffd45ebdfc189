/*
 * pdffix-test.c - writes a small PDF through libharu with every fix in
 * src/render/pdffix.c applied, for pdffix-check.py to read back with
 * poppler and qpdf.  Usage: pdffix-test OUT.pdf.  Prints what the file
 * must contain, one "key: value" line each, for the checker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "render/pdffix.h"

#define LIBERATION "/usr/share/fonts/truetype/liberation2/" \
    "LiberationSans-Regular.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* The lines drawn, one per font: Liberation has no U+2713, but the text
 * must come back all the same. */
static const char TEXT[] = "Ş ŵ ŷ € ½ ✓ – “quoted” ‘single’ café";
static const char TITLE[] = "Agenda – ŵ café (draft) \\ 😀";
static const char OUTLINE[] = "Item 1 – “Ş” 😀";
/* The same as they must come back: libharu 2.3.0 cannot write a
 * character outside the BMP, pdffix puts U+FFFD in its place. */
static const char TITLE_BACK[] = "Agenda – ŵ café (draft) \\ \uFFFD";
static const char OUTLINE_BACK[] = "Item 1 – “Ş” \uFFFD";

/* libharu's error handler: report, and let the status propagate. */
static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	(void)data;
	fprintf(stderr, "pdffix-test: libharu error 0x%04X (detail %u)\n",
	    (unsigned)e, (unsigned)detail);
}

/* Fails the test with a message when r is not 0. */
static void check(int r, const char *what)
{
	if (r != 0) {
		fprintf(stderr, "pdffix-test: %s failed: 0x%04X\n", what,
		    (unsigned)r);
		exit(1);
	}
}

/* Loads a TrueType file embedded and returns it with the UTF-8 encoder. */
static HPDF_Font font(HPDF_Doc doc, const char *path)
{
	const char *name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	HPDF_Font f = name ? HPDF_GetFont(doc, name, "UTF-8") : NULL;
	if (!f) {
		fprintf(stderr, "pdffix-test: cannot load %s\n", path);
		exit(1);
	}
	return f;
}

int main(int argc, char **argv)
{
	static const unsigned char digest[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	};
	if (argc != 2) {
		fprintf(stderr, "usage: pdffix-test OUT.pdf\n");
		return 2;
	}

	HPDF_Doc doc = HPDF_New(on_error, NULL);
	if (!doc)
		return 1;
	check(HPDF_UseUTFEncodings(doc), "HPDF_UseUTFEncodings");
	check(HPDF_SetCompressionMode(doc, HPDF_COMP_ALL), "compression");
	HPDF_Font lib = font(doc, LIBERATION);
	HPDF_Font dv = font(doc, DEJAVU);

	HPDF_Page page = HPDF_AddPage(doc);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, lib, 14);
	HPDF_Page_TextOut(page, 50, 700, TEXT);
	HPDF_Page_SetFontAndSize(page, dv, 14);
	HPDF_Page_TextOut(page, 50, 660, TEXT);
	HPDF_Page_SetFontAndSize(page, HPDF_GetFont(doc, "Helvetica", NULL),
	    14);
	HPDF_Page_TextOut(page, 50, 620, "Helvetica: left alone");
	HPDF_Page_EndText(page);
	HPDF_Rect box = { 50, 615, 250, 635 };
	HPDF_Annotation link = HPDF_Page_CreateURILinkAnnot(page, box,
	    "https://example.org/");
	if (!link)
		return 1;
	check(pdffix_annot_print(link), "pdffix_annot_print");
	check(pdffix_annot_print(link), "pdffix_annot_print again");

	/* Every UTF-8 font with the identity map (Helvetica is skipped), then Liberation again with only
	 * the codes it shows: the second call must replace the first. */
	struct pdffix_codes *used = calloc(1, sizeof *used);
	if (!used)
		return 1;
	pdffix_codes_add(used, TEXT, strlen(TEXT));
	check(pdffix_tounicode_all(doc), "pdffix_tounicode_all");
	check(pdffix_tounicode(doc, lib, used), "pdffix_tounicode");
	free(used);

	check(pdffix_set_info(doc, "Title", TITLE), "Title");
	check(pdffix_set_info(doc, "Author", "Zoë Ōkubo"), "Author");
	check(pdffix_set_info(doc, "Keywords", "agenda, Ş, ½"), "Keywords");
	check(pdffix_set_info(doc, "Creator", "agendapack"), "Creator");
	check(pdffix_set_info(doc, "Producer", "agendapack + libharu"),
	    "Producer");
	if (pdffix_set_info(doc, "Trapped", "x") != HPDF_INVALID_PARAMETER ||
	    pdffix_set_info(doc, "Title", "bad \xC3") == 0 ||
	    pdffix_set_info(doc, "Subject", "gone") != 0 ||
	    pdffix_set_info(doc, "Subject", NULL) != 0 ||
	    pdffix_catalog(doc, "en GB", true) != HPDF_INVALID_PARAMETER) {
		fprintf(stderr, "pdffix-test: bad input accepted\n");
		return 1;
	}

	check(pdffix_set_info(doc, "Subject", "Plain (ASCII) subject"),
	    "Subject");

	HPDF_Outline top = pdffix_outline(doc, NULL, OUTLINE);
	if (!top || !pdffix_outline(doc, top, "Plain child"))
		check(HPDF_INVALID_OUTLINE, "pdffix_outline");
	HPDF_Outline_SetOpened(top, HPDF_TRUE);

	check(HPDF_SetViewerPreference(doc, HPDF_FIT_WINDOW), "viewer");
	check(pdffix_catalog(doc, "en-GB", true), "pdffix_catalog");
	check(pdffix_dates(doc, (time_t)1709211909), "pdffix_dates");
	check(pdffix_file_id(doc, digest), "pdffix_file_id");

	if (HPDF_SaveToFile(doc, argv[1]) != HPDF_OK) {
		fprintf(stderr, "pdffix-test: cannot save %s\n", argv[1]);
		return 1;
	}
	HPDF_Free(doc);

	printf("line: %s\n", TEXT);
	printf("line: %s\n", TEXT);
	printf("line: %s\n", "Helvetica: left alone");
	printf("Title: %s\n", TITLE_BACK);
	printf("Author: %s\n", "Zoë Ōkubo");
	printf("Subject: %s\n", "Plain (ASCII) subject");
	printf("Keywords: %s\n", "agenda, Ş, ½");
	printf("Creator: %s\n", "agendapack");
	printf("Producer: %s\n", "agendapack + libharu");
	printf("outline: %s\n", OUTLINE_BACK);
	printf("outline: %s\n", "Plain child");
	printf("date: %s\n", "D:20240229130509+00'00'");
	printf("id: %s\n", "00112233445566778899aabbccddeeff");
	return 0;
}
