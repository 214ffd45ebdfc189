/* fuzz-meeting.c - arbitrary bytes as a meeting (or minutes) file,
 * through load, validate, layout and render. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pipeline((const char *)data, size);
	return 0;
}
