/* replay.c - main() for a fuzz target built without libFuzzer: feeds it
 * each file named on the command line, or each file in each folder named
 * (sorted; subfolders and dot files are skipped), and fails when one
 * input takes longer than a hang guard. */
#include "config.h"
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#define REPLAY_MAX_SECS 10.0           /* a hang guard, not a benchmark */
#define REPLAY_MAX_BYTES (1u << 20)    /* libFuzzer's inputs stay small */

static int cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Runs one file through the target; returns 1 when it took too long or
 * could not be read, else 0. */
static int replay_file(const char *path)
{
	char *data;
	size_t len;
	int e = file_read(path, REPLAY_MAX_BYTES, &data, &len);
	if (e != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(e));
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(data);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%-60s %.3f s\n", path, secs);
	if (secs > REPLAY_MAX_SECS) {
		fprintf(stderr, "replay: %s took %.1f s\n", path, secs);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed += replay_file(argv[i]);
			n++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (d == NULL) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		struct vec names;
		vec_init(&names, sizeof(char *));
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			struct buf p;
			buf_init(&p);
			buf_printf(&p, "%s/%s", argv[i], de->d_name);
			if (stat(p.s, &st) == 0 && S_ISREG(st.st_mode))
				*(char **)vec_push(&names) = xstrdup(de->d_name);
			buf_free(&p);
		}
		closedir(d);
		if (names.n > 1)                   /* qsort(NULL, 0) is undefined */
			qsort(names.v, names.n, sizeof(char *), cmp);
		for (size_t k = 0; k < names.n; k++) {
			char *name = ((char **)names.v)[k];
			struct buf p;
			buf_init(&p);
			buf_printf(&p, "%s/%s", argv[i], name);
			failed += replay_file(p.s);
			n++;
			buf_free(&p);
			free(name);
		}
		vec_free(&names);
	}
	printf("replayed %d input%s, %d failed\n", n, n == 1 ? "" : "s", failed);
	return failed ? 1 : 0;
}
