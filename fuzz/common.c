/* common.c - the pipeline the fuzz targets drive: load, validate, lay
 * out and render to memory, exactly as `agendapack build` would, but
 * writing nothing. */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>

#include "load/load.h"
#include "validate/validate.h"
#include "pack/pack.h"

/* LeakSanitizer: fontconfig leaks a little of its configuration the
 * first time it starts (inside libexpat's callbacks); that is theirs,
 * once per process, and not what the targets look for. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* The default layout, loaded once: it is not what is being fuzzed. */
static struct arena *layout_arena;
static struct style *layout;

/* Loads the default layout into layout (aborts if it will not load). */
static void fuzz_init(void)
{
	if (layout != NULL)
		return;
	diag_set_quiet(true);
	layout_arena = arena_new();
	int status = 0;
	layout = load_style(layout_arena, AP_SOURCE_DIR "/layouts/default.yaml",
	    &status);
	if (layout == NULL || status != 0 || diag_count(DIAG_ERROR) > 0 ||
	    validate_style(layout_arena, layout) != 0) {
		fprintf(stderr, "fuzz: the default layout does not load\n");
		abort();
	}
}

void fuzz_pipeline(const char *data, size_t len)
{
	fuzz_init();
	diag_reset();
	struct arena *a = arena_new();
	enum doc_kind kind;
	int status = 0;
	struct meeting *m = load_document_from_memory(a, FUZZ_MEETING, data, len,
	    &kind, &status);
	if (m != NULL && status == 0 && diag_count(DIAG_ERROR) == 0)
		validate_meeting(a, m);
	if (m != NULL && status == 0 && diag_count(DIAG_ERROR) == 0)
		validate_numbers(a, m, layout);
	if (m != NULL && status == 0 && diag_count(DIAG_ERROR) == 0) {
		unsigned char *pdf = NULL;
		size_t pdf_len = 0;
		struct pack_options o = { .edition = EDITION_FULL, .tagged = true,
		    .max_pages = FUZZ_MAX_PAGES, .source_dir = AP_SOURCE_DIR };
		struct pack_doc *d = pack_assemble(a, m, layout, &o);
		int st = d ? (int)output_pdf(pack_output(d), &pdf, &pdf_len) : 1;
		pack_free(d);
		if (st == 0 && (pdf == NULL || pdf_len < 5 ||
		    memcmp(pdf, "%PDF-", 5) != 0)) {
			fprintf(stderr, "fuzz: pack_build succeeded without a PDF\n");
			abort();
		}
		free(pdf);
	}
	arena_free(a);
}
