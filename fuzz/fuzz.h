/*
 * fuzz.h - what the fuzz targets share (fuzz/common.c).
 *
 * Each target defines LLVMFuzzerTestOneInput.  Built with
 * -Dfuzzing=true it links libFuzzer; otherwise replay.c supplies a main()
 * that feeds it every file of the seed corpus, so ordinary test runs
 * replay the corpus (and, in the sanitizer build, check it too).
 */
#ifndef AP_FUZZ_H
#define AP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"
#include "model/model.h"

/* Where a fuzzed meeting "lives": the example's folder, so the papers and
 * images a seed names resolve to real files. */
#define FUZZ_DIR AP_SOURCE_DIR "/examples/essex-paf-2018-02-08"
#define FUZZ_MEETING FUZZ_DIR "/fuzz-meeting.yaml"
#define FUZZ_PAPER FUZZ_DIR "/fuzz-paper.yaml"

/* Page limit while fuzzing: small, so one input stays fast. */
#define FUZZ_MAX_PAGES 300

/* Loads the meeting or minutes text data[0..len) as the file
 * FUZZ_MEETING and, when it loads clean, validates, lays out and renders
 * it into memory (no file is written).  Messages are silenced. */
void fuzz_pipeline(const char *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
