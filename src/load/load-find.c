/*
 * load-find.c - where a style named by --layout NAME or 'extends: NAME'
 * is looked for (docs/layout.md, "Where styles are found").
 *
 * A NAME holding a '/' or ending in .yaml is a file; any other NAME is
 * NAME.yaml in the first of these folders that has it:
 *
 *   1. layouts/ beside the meeting file (for extends: the extending
 *      style's own folder);
 *   2. each folder of $AGENDAPACK_LAYOUT_PATH, ':'-separated, in order;
 *   3. $XDG_CONFIG_HOME/agendapack/layouts (~/.config/agendapack/layouts);
 *   4. ap_data_dir()/layouts: the installed styles (beside the binary,
 *      or at the prefix), or the source tree's for a binary run from
 *      its build folder (util/datadir.c).
 *
 * An unknown NAME is reported with every place looked and the nearest
 * name found there.
 */
#include "config.h"
#include "load-int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Appends to dirs (const char *) folders 2 to 4 of the search. */
static void style_dirs_common(struct arena *a, struct vec *dirs)
{
	const char *env = getenv("AGENDAPACK_LAYOUT_PATH");
	if (env == NULL || env[0] == '\0')
		env = getenv("AGENDAPACK_LAYOUTS");      /* the older, one-folder name */
	if (env != NULL) {
		const char *s = env;
		for (;;) {
			const char *e = strchr(s, ':');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (n > 0)
				*(const char **)vec_push(dirs) = arena_strndup(a, s, n);
			if (e == NULL)
				break;
			s = e + 1;
		}
	}
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg != NULL && xdg[0] == '/')
		*(const char **)vec_push(dirs) = arena_printf(a,
		    "%s/agendapack/layouts", xdg);
	else if (home != NULL && home[0] != '\0')
		*(const char **)vec_push(dirs) = arena_printf(a,
		    "%s/.config/agendapack/layouts", home);
	*(const char **)vec_push(dirs) = arena_printf(a, "%s/layouts",
	    ap_data_dir());
}

/* True when path names a regular file (or a link to one). */
static bool style_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Compares two strings held in an array of const char * (for qsort). */
static int style_name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The style name nearest to name among the NAME.yaml files in dirs, or
 * NULL when none is close. */
static const char *style_nearest(struct arena *a, const char *name,
    const struct vec *dirs)
{
	struct vec names;
	vec_init(&names, sizeof(const char *));
	for (size_t i = 0; i < dirs->n; i++) {
		DIR *d = opendir(((const char **)dirs->v)[i]);
		if (d == NULL)
			continue;
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);
			if (de->d_name[0] != '.' && l > 5 &&
			    strcmp(de->d_name + l - 5, ".yaml") == 0)
				*(const char **)vec_push(&names) =
				    arena_strndup(a, de->d_name, l - 5);
		}
		closedir(d);
	}
	/* Sorted, so that a tie always names the same style. */
	qsort(names.v, names.n, sizeof(const char *), style_name_cmp);
	*(const char **)vec_push(&names) = NULL;
	const char *near = load_nearest(name, names.v);
	vec_free(&names);
	return near;
}

const char *load_find_style_in(struct arena *a, const char *name,
    const char *first_dir, struct pos p)
{
	size_t l = strlen(name);
	if (strchr(name, '/') != NULL || (l > 5 &&
	    strcmp(name + l - 5, ".yaml") == 0))
		return first_dir != NULL && name[0] != '/' && p.line > 0 ?
		    path_join(a, first_dir, name) : name;
	struct vec dirs;
	vec_init(&dirs, sizeof(const char *));
	if (first_dir != NULL)
		*(const char **)vec_push(&dirs) = first_dir;
	style_dirs_common(a, &dirs);
	const char **d = dirs.v;
	for (size_t i = 0; i < dirs.n; i++) {
		char *path = arena_printf(a, "%s/%s.yaml", d[i], name);
		if (style_is_file(path)) {
			vec_free(&dirs);
			return path;
		}
	}
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < dirs.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", d[i]);
	const char *near = style_nearest(a, name, &dirs);
	struct buf hint;
	buf_init(&hint);
	if (near != NULL)
		buf_printf(&hint, "; did you mean '%s'?", near);
	if (p.line > 0)
		diag(DIAG_ERROR, p, "no style named '%s'%s (looked in %s)", name,
		    hint.len ? hint.s : "", b.s);
	else
		diag_plain(DIAG_ERROR, "no layout named '%s'%s (looked in %s)", name,
		    hint.len ? hint.s : "", b.s);
	buf_free(&hint);
	buf_free(&b);
	vec_free(&dirs);
	return NULL;
}

const char *load_find_style(struct arena *a, const char *name,
    const char *meeting)
{
	const char *first = meeting != NULL ?
	    path_join(a, path_dir(a, meeting), "layouts") : NULL;
	return load_find_style_in(a, name, first, (struct pos){ NULL, 0, 0 });
}

const char *load_find_meeting_style(struct arena *a, const char *name,
    const char *meeting, struct pos p)
{
	const char *dir = path_dir(a, meeting);
	size_t l = strlen(name);
	if (strchr(name, '/') != NULL || (l > 5 &&
	    strcmp(name + l - 5, ".yaml") == 0)) {
		const char *path = name[0] == '/' ? name : path_join(a, dir, name);
		if (!style_is_file(path)) {
			diag(DIAG_ERROR, p, "no style file '%s'", path);
			return NULL;
		}
		return path;
	}
	return load_find_style_in(a, name, path_join(a, dir, "layouts"), p);
}

const char *load_choose_style(struct arena *a, const char *name,
    const struct meeting *m, const char *in)
{
	if (name != NULL)                  /* the command line wins */
		return load_find_style(a, name, in);
	if (m != NULL && m->layout != NULL)
		return load_find_meeting_style(a, m->layout, in, m->layout_pos);
	return load_find_style(a, "default", in);
}
