/*
 * site.h - what the publish stage's files share: the site being made (its
 * files, held in memory until the whole site is written) and the meeting's
 * documents and where they fall in the pack.
 *
 * html.c writes the pages, ics.c the calendar event, pdfs.c the PDFs cut
 * from the assembled pack, site.c the command, names, manifest and the
 * atomic write of the folder.
 */
#ifndef AP_PUBLISH_SITE_H
#define AP_PUBLISH_SITE_H

#include "../model/model.h"
#include "../pack/pack.h"
#include "../output/output.h"
#include "../output/subset.h"

/* One file of the site. */
struct sfile {
	const char *name;                  /* path inside the site ("a/b.pdf") */
	const char *kind;                  /* "pack", "agenda", "item",
	                                      "appendix", "supplement", "page",
	                                      "stylesheet", "image", "calendar" */
	const char *title;                 /* or NULL */
	const char *edition;               /* "public" | "full" */
	int supplement;                    /* cut from supplement N; 0: not */
	const char *item;                  /* item number, or NULL */
	int first_page, last_page;         /* pages in the pack (1-based); 0: none */
	int pages;                         /* a PDF's own page count; 0 other files */
	unsigned char *data;               /* heap; the site frees it */
	size_t len;                        /* bytes */
};

/* Where an item's papers fall in the public pack. */
struct item_pages {
	int first, last;                   /* 1-based pack pages; 0: none */
	const char *pdf;                   /* its papers' PDF file, or NULL */
	size_t pdf_len;                    /* bytes */
	int pdf_pages;
};

struct site {
	struct arena *a;
	const struct meeting *m;
	const struct style *l;
	struct vec files;                  /* struct sfile */
	const char *slug;                  /* "2018-02-08-people-and-families-..." */
	const char *pack_file;             /* the public pack's name */
	int pack_pages;
	size_t pack_len;
	const char *agenda_file;           /* the front sheet's name, or NULL */
	const char *supplement_file;       /* or NULL */
	const char *full_dir;              /* --edition full: its folder, or NULL */
	struct item_pages *items;          /* m->nitems */
	const char **paper_html;           /* per item, per paper: its page or
	                                      NULL (flattened: paper_base[i] + k) */
	size_t *paper_base;                /* m->nitems */
	size_t nimages;                    /* images copied so far */
};

/* Adds a file (data is taken over) and returns it. */
struct sfile *site_add(struct site *s, const char *name, const char *kind,
    unsigned char *data, size_t len);
/* "item-04" for item "4" (two digits), "item-05b" for sub-item "5(b)",
 * else "item-" and the number's slug. */
const char *site_item_stem(struct site *s, const struct item *it);
/* Lower-case ASCII letters and digits joined by '-', at most max bytes, cut
 * at a word boundary. */
char *site_slug(struct arena *a, const char *s, size_t max);

/* html.c: index.html, the paper pages, the stylesheet and the images they
 * show.  Returns 0 or an exit status after reporting. */
int html_write_site(struct site *s);
/* The file name of paper k of item i's HTML page, or NULL when it has none. */
const char *html_paper_name(struct site *s, size_t i, size_t k);

/* ics.c: meeting.ics.  Returns 0 or an exit status after reporting. */
int ics_write(struct site *s);

/* jobs.c: one PDF to cut from a pack. */
struct pdf_job {
	struct output_subset sub;          /* its pages, title and language */
	unsigned char *pdf;                /* the PDF (heap), or NULL */
	size_t len;
	int status;                        /* 0, the failure's exit status, or
	                                      -1: not made */
};

/* jobs.c: renders each job's pages of od (output_pdf_pages()), the last
 * part of the list in a second process when there are several jobs and
 * processors (AGENDAPACK_PUBLISH_JOBS=1: all in this one); the bytes are
 * the same either way.  Returns 0, or the status of the first job (in
 * list order) that failed, after reporting. */
int jobs_render(const struct output_doc *od, struct pdf_job *jobs, size_t n);

/* pdfs.c: the PDFs cut from an assembled pack (od): from the public pack
 * (edition "public") the agenda alone, each item's papers and each PDF
 * appendix, and the items' pages in s->items; from the full edition
 * (edition "full") only the exempt items' papers, into dir ("" or "x/").
 * Returns 0 or an exit status after reporting. */
int pdfs_cut(struct site *s, const struct output_doc *od, const char *edition,
    const char *dir);

#endif
