/* fuzz-paper.c - arbitrary bytes as a paper file (report or minutes),
 * named by a fixed meeting and built into its pack.  The loader reads the
 * paper from memory (load_set_memory_file), never from disk. */
#include "config.h"
#include "fuzz.h"

#include "load/load.h"

static const char meeting[] =
	"council: Fuzz County Council\n"
	"committee: Fuzz Committee\n"
	"date: 2018-02-08\n"
	"time: \"10:30\"\n"
	"venue: Committee Room 1\n"
	"contact: {name: A Officer}\n"
	"items:\n"
	"  - title: The paper\n"
	"    papers: [fuzz-paper.yaml]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_set_memory_file(FUZZ_PAPER, (const char *)data, size);
	fuzz_pipeline(meeting, sizeof meeting - 1);
	load_set_memory_file(NULL, NULL, 0);
	return 0;
}
