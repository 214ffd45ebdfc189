/*
 * datadir.c - where agendapack's own data (layouts/, fonts/) lives.
 *
 * A binary running from its build folder reads the source tree's
 * layouts (the tests rely on it); an installed binary reads its installed
 * data folder, found next to the binary first (prefix/bin/../share/
 * agendapack, so a relocated or staged "meson install --destdir" tree
 * works), then at the configured prefix.  An installed binary never
 * names the build's source folder.
 */
#include "config.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* True when dir/layouts is a folder. */
static bool has_layouts(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof p, "%s/layouts", dir) >= (int)sizeof p)
		return false;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *ap_data_dir(void)
{
	static char found[PATH_MAX];
	static const char *dir;
	if (dir != NULL)
		return dir;
	dir = AP_DATA_DIR;
	char exe[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return dir;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash == NULL)
		return dir;
	*slash = '\0';
	if (realpath(AP_BUILD_DIR, build) != NULL && strcmp(exe, build) == 0) {
		dir = AP_SOURCE_DIR;
		return dir;
	}
	char rel[PATH_MAX];
	if (AP_DATA_REL[0] != '\0' &&
	    snprintf(rel, sizeof rel, "%s/%s", exe, AP_DATA_REL) <
	    (int)sizeof rel && has_layouts(rel) && realpath(rel, found) != NULL)
		dir = found;
	return dir;
}
