/*
 * output.c - renders the finished pack and writes every output file with
 * the guarantees output.h lists: temporary file, fsync, rename, only on
 * success; links followed, devices and pipes written in place; no output
 * that is an input or another output; temporary files removed on the
 * usual signals.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40                   /* symlinks followed, as the kernel */
#define NOUT 3                         /* PDF, manifest, dump */

/* ---- temporary files and signals ---- */

/* The temporary files that exist now, for the signal handler: a slot is
 * set before the file is created and cleared after it is renamed or
 * removed. */
static char *volatile tmp_names[NOUT];
static const int tmp_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static struct sigaction old_actions[sizeof tmp_signals / sizeof tmp_signals[0]];
static bool handlers_set;

/* Removes the temporary files, then dies of the signal as if we had not
 * caught it (the handler is installed with SA_RESETHAND).  Calls only
 * async-signal-safe functions. */
static void on_signal(int sig)
{
	for (size_t i = 0; i < NOUT; i++) {
		char *n = tmp_names[i];
		if (n != NULL)
			unlink(n);
	}
	raise(sig);
}

/* Removes the temporary files at exit(): oom() exits from wherever
 * memory ran out, between a temporary file's creation and its rename. */
static void remove_temps(void)
{
	for (size_t i = 0; i < NOUT; i++) {
		char *n = tmp_names[i];
		if (n != NULL)
			unlink(n);
	}
}

/* Installs on_signal for the signals that end a build, leaving alone a
 * signal the caller ignores (nohup), and remove_temps for exit(). */
static void catch_signals(void)
{
	static bool at_exit;
	if (!at_exit)
		at_exit = atexit(remove_temps) == 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof tmp_signals / sizeof tmp_signals[0]; i++) {
		sigaction(tmp_signals[i], NULL, &old_actions[i]);
		if (old_actions[i].sa_handler != SIG_IGN)
			sigaction(tmp_signals[i], &sa, NULL);
	}
	handlers_set = true;
}

/* Puts back the signal dispositions catch_signals() found. */
static void release_signals(void)
{
	if (!handlers_set)
		return;
	for (size_t i = 0; i < sizeof tmp_signals / sizeof tmp_signals[0]; i++)
		sigaction(tmp_signals[i], &old_actions[i], NULL);
	handlers_set = false;
}

/* ---- where an output goes ---- */

enum how {
	HOW_NONE,                          /* not wanted */
	HOW_ATOMIC,                        /* temporary file, then rename */
	HOW_IN_PLACE,                      /* open and write (pipe, device) */
	HOW_STDOUT,                        /* "-" */
};

struct target {
	const char *what;                  /* "PDF", "manifest", "dump" */
	const char *path;                  /* as the user wrote it */
	enum how how;
	char *final;                       /* HOW_ATOMIC: the resolved path
	                                      renamed onto (heap) */
	char *canon;                       /* the folder's real path + name,
	                                      to compare outputs (heap) */
	bool exists;                       /* dev, ino valid */
	dev_t dev;
	ino_t ino;
	bool chr;                          /* a character device (/dev/null) */
	mode_t mode;                       /* an existing file's permissions */
	char *tmp;                         /* HOW_ATOMIC: temporary name */
	int fd;                            /* its descriptor, -1 when closed */
};

/* The folder part of path (heap): "." when there is none. */
static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	if (s == NULL)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	char *d = xmalloc((size_t)(s - path) + 1);
	memcpy(d, path, (size_t)(s - path));
	d[s - path] = '\0';
	return d;
}

/* Whether path names a magic link to an open file (/dev/fd/N,
 * /proc/PID/fd/N, which /dev/stdout points at): written in place. */
static bool magic_path(const char *path)
{
	return strncmp(path, "/proc/", 6) == 0 || strncmp(path, "/dev/fd/", 8) == 0;
}

/* Follows t->path's symlinks to the file that will be written and fills
 * t.  Returns AP_EXIT_OK or AP_EXIT_CANTCREAT after reporting. */
static enum ap_exit resolve(struct target *t)
{
	struct stat st;
	char *cur = xstrdup(t->path);
	for (int hops = 0;; hops++) {
		if (magic_path(cur) || hops > MAX_LINKS) {
			if (hops > MAX_LINKS) {
				diag_plain(DIAG_ERROR, "cannot write %s: too many symbolic links",
				    t->path);
				free(cur);
				return AP_EXIT_CANTCREAT;
			}
			t->how = HOW_IN_PLACE;
			break;
		}
		if (lstat(cur, &st) != 0) {
			if (errno != ENOENT) {
				diag_plain(DIAG_ERROR, "cannot write %s: %s", t->path,
				    strerror(errno));
				free(cur);
				return AP_EXIT_CANTCREAT;
			}
			t->how = HOW_ATOMIC;       /* a new file */
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			char buf[PATH_MAX];
			ssize_t n = readlink(cur, buf, sizeof buf - 1);
			if (n < 0) {
				diag_plain(DIAG_ERROR, "cannot write %s: %s", t->path,
				    strerror(errno));
				free(cur);
				return AP_EXIT_CANTCREAT;
			}
			buf[n] = '\0';
			char *next;
			if (buf[0] == '/') {
				next = xstrdup(buf);
			} else {
				char *d = dir_of(cur);
				size_t len = strlen(d) + 1 + (size_t)n + 1;
				next = xmalloc(len);
				snprintf(next, len, "%s/%s", d, buf);
				free(d);
			}
			free(cur);
			cur = next;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			diag_plain(DIAG_ERROR, "cannot write %s: it is a directory", t->path);
			free(cur);
			return AP_EXIT_CANTCREAT;
		}
		t->how = S_ISREG(st.st_mode) ? HOW_ATOMIC : HOW_IN_PLACE;
		break;
	}
	/* Identity: the file as it is now, when there is one. */
	if (stat(t->how == HOW_IN_PLACE ? t->path : cur, &st) == 0) {
		t->exists = true;
		t->dev = st.st_dev;
		t->ino = st.st_ino;
		t->chr = S_ISCHR(st.st_mode);
		t->mode = st.st_mode & 07777;
	}
	char *d = dir_of(cur);
	char *real = realpath(d, NULL);
	const char *base = strrchr(cur, '/') ? strrchr(cur, '/') + 1 : cur;
	size_t len = strlen(real ? real : d) + 1 + strlen(base) + 1;
	t->canon = xmalloc(len);
	snprintf(t->canon, len, "%s/%s", real ? real : d, base);
	free(real);
	free(d);
	t->final = cur;
	return AP_EXIT_OK;
}

/* Whether two targets are one file. */
static bool same_target(const struct target *a, const struct target *b)
{
	if (a->how == HOW_STDOUT || b->how == HOW_STDOUT)
		return a->how == b->how;
	if (a->chr || b->chr)
		return false;                  /* /dev/null twice is fine */
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->canon, b->canon) == 0;
}

/* Refuses an output that is an input or another output.  Returns
 * AP_EXIT_OK or AP_EXIT_USAGE after reporting. */
static enum ap_exit check_distinct(const char *const *inputs, size_t ninputs,
    struct target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].how == HOW_NONE)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (t[j].how != HOW_NONE && same_target(&t[i], &t[j])) {
				diag_plain(DIAG_ERROR, "the %s (%s) and the %s (%s) would be the "
				    "same file; nothing written", t[j].what, t[j].path, t[i].what,
				    t[i].path);
				return AP_EXIT_USAGE;
			}
		}
		if (!t[i].exists || t[i].chr)
			continue;
		for (size_t k = 0; k < ninputs; k++) {
			struct stat st;
			if (stat(inputs[k], &st) == 0 && st.st_dev == t[i].dev &&
			    st.st_ino == t[i].ino) {
				diag_plain(DIAG_ERROR, "the %s (%s) would overwrite the input %s; "
				    "nothing written", t[i].what, t[i].path, inputs[k]);
				return AP_EXIT_USAGE;
			}
		}
	}
	return AP_EXIT_OK;
}

/* Creates t's temporary file beside its final name, the name shortened
 * so that the temporary name fits NAME_MAX, and registers it for the
 * signal handler.  Returns AP_EXIT_OK or AP_EXIT_CANTCREAT. */
static enum ap_exit make_temp(struct target *t, size_t slot)
{
	static const char suffix[] = ".tmpXXXXXX";
	char *d = dir_of(t->final);
	const char *base = strrchr(t->final, '/') ? strrchr(t->final, '/') + 1 : t->final;
	size_t n = strlen(base), room = NAME_MAX - (sizeof suffix - 1);
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
			n--;                       /* not inside a UTF-8 sequence */
	}
	size_t len = strlen(d) + 1 + n + sizeof suffix;
	char *tmp = xmalloc(len);
	snprintf(tmp, len, "%s/%.*s%s", d, (int)n, base, suffix);
	free(d);
	tmp_names[slot] = tmp;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		tmp_names[slot] = NULL;
		free(tmp);
		diag_plain(DIAG_ERROR, "cannot write %s: %s", t->path, strerror(e));
		return AP_EXIT_CANTCREAT;
	}
	/* Keep the permissions an existing file had; else the umask's. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, t->exists ? t->mode : 0666 & ~um);
	t->tmp = tmp;
	t->fd = fd;
	return AP_EXIT_OK;
}

/* Removes t's temporary file, if any, and forgets it. */
static void drop_temp(struct target *t, size_t slot)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->tmp) {
		unlink(t->tmp);
		tmp_names[slot] = NULL;
		free(t->tmp);
		t->tmp = NULL;
	}
}

/* Writes data to t: its temporary file (fsynced and closed), or in
 * place.  Returns AP_EXIT_OK or AP_EXIT_CANTCREAT after reporting. */
static enum ap_exit put(struct target *t, const void *data, size_t len)
{
	int e = 0;
	if (t->how == HOW_ATOMIC) {
		e = fd_write_all(t->fd, data, len);
		if (e == 0 && fsync(t->fd) != 0 && errno != EINVAL)
			e = errno;
		if (close(t->fd) != 0 && e == 0)
			e = errno;
		t->fd = -1;
	} else if (t->how == HOW_STDOUT) {
		fflush(stdout);
		e = fd_write_all(STDOUT_FILENO, data, len);
	} else {
		int fd = open(t->path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0)
			e = errno;
		else {
			e = fd_write_all(fd, data, len);
			if (close(fd) != 0 && e == 0)
				e = errno;
		}
	}
	if (e != 0) {
		diag_plain(DIAG_ERROR, "cannot write %s: %s", t->path, strerror(e));
		return AP_EXIT_CANTCREAT;
	}
	return AP_EXIT_OK;
}

/* Renames t's temporary file onto its final name and fsyncs the folder.
 * Returns AP_EXIT_OK or AP_EXIT_CANTCREAT after reporting. */
static enum ap_exit commit(struct target *t, size_t slot)
{
	if (t->how != HOW_ATOMIC)
		return AP_EXIT_OK;
	if (rename(t->tmp, t->final) != 0) {
		diag_plain(DIAG_ERROR, "cannot write %s: %s", t->path, strerror(errno));
		return AP_EXIT_CANTCREAT;
	}
	tmp_names[slot] = NULL;
	free(t->tmp);
	t->tmp = NULL;
	char *d = dir_of(t->final);
	int fd = open(d, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);                     /* best effort: not every file
		                                  system syncs a folder */
		close(fd);
	}
	free(d);
	return AP_EXIT_OK;
}

/* ---- what is written ---- */

/* Appends s to b as a JSON string. */
static void json_str(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

/* The manifest: the pack's pages and each item's range, as JSON. */
static void manifest_json(const struct output_doc *d, struct buf *b)
{
	buf_printf(b, "{\"pages\": %zu, \"items\": [", d->rd.npages);
	for (size_t i = 0; i < d->nitems; i++) {
		const struct manifest_item *it = &d->items[i];
		buf_adds(b, i ? ",\n  {\"number\": " : "\n  {\"number\": ");
		json_str(b, it->number);
		buf_adds(b, ", \"title\": ");
		json_str(b, it->title);
		if (it->first_page > 0)
			buf_printf(b, ", \"first_page\": %d, \"last_page\": %d",
			    it->first_page, it->last_page);
		if (it->first_page > 0 && it->first_label) {
			buf_adds(b, ", \"first_label\": ");
			json_str(b, it->first_label);
			buf_adds(b, ", \"last_label\": ");
			json_str(b, it->last_label);
		}
		if (it->first_page <= 0)
			buf_adds(b, ", \"first_page\": null, \"last_page\": null");
		buf_printf(b, ", \"exempt\": %s", it->exempt ? "true" : "false");
		if (it->parent != NULL) {
			buf_adds(b, ", \"parent\": ");
			json_str(b, it->parent);
		}
		if (it->nlate > 0) {
			buf_printf(b, ", \"to_follow\": %s, \"papers_to_follow\": [",
			    it->to_follow ? "true" : "false");
			for (size_t k = 0; k < it->nlate; k++) {
				buf_adds(b, k ? ", {\"title\": " : "{\"title\": ");
				json_str(b, it->late[k]);
				buf_printf(b, ", \"supplement\": %d}", it->late_in[k]);
			}
			buf_addc(b, ']');
		}
		buf_addc(b, '}');
	}
	buf_adds(b, "\n]");
	if (d->supplement > 0)
		buf_printf(b, ", \"supplement\": %d", d->supplement);
	buf_adds(b, "}\n");
}

enum ap_exit output_pdf(const struct output_doc *d, unsigned char **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	enum ap_exit status = (enum ap_exit)render_pdf(&d->rd, d->fs, pdf, len);
	if (status == AP_EXIT_OK && d->nplaces > 0) {
		unsigned char *merged = NULL;
		size_t mlen = 0;
		status = (enum ap_exit)merge_pages(*pdf, *len, d->places, d->nplaces,
		    d->rd.pdfa, &merged, &mlen);
		free(*pdf);
		*pdf = merged;
		*len = status == AP_EXIT_OK ? mlen : 0;
	}
	if (status != AP_EXIT_OK)
		diag_status(status);
	return status;
}

/* The text dump into a heap buffer (*s, *len).  Returns AP_EXIT_OK or
 * AP_EXIT_SOFTWARE. */
static enum ap_exit dump_text(const struct output_doc *d, char **s, size_t *len)
{
	FILE *f = open_memstream(s, len);
	if (f == NULL) {
		diag_plain(DIAG_ERROR, "cannot make the dump: %s", strerror(errno));
		return AP_EXIT_SOFTWARE;
	}
	render_dump(&d->rd, d->fs, f);
	if (fclose(f) != 0) {
		diag_plain(DIAG_ERROR, "cannot make the dump: %s", strerror(errno));
		return AP_EXIT_SOFTWARE;
	}
	return AP_EXIT_OK;
}

/* Makes and writes the contents of every wanted target; renames nothing.
 * Returns AP_EXIT_OK or the first failure's status. */
static enum ap_exit produce(const struct output_doc *d, struct target *t)
{
	enum ap_exit status = AP_EXIT_OK;
	if (t[0].how != HOW_NONE) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		status = output_pdf(d, &pdf, &len);
		if (status == AP_EXIT_OK)
			status = put(&t[0], pdf, len);
		free(pdf);
	}
	if (status == AP_EXIT_OK && t[1].how != HOW_NONE) {
		struct buf b;
		buf_init(&b);
		manifest_json(d, &b);
		status = put(&t[1], b.s, b.len);
		buf_free(&b);
	}
	if (status == AP_EXIT_OK && t[2].how != HOW_NONE) {
		char *s = NULL;
		size_t len = 0;
		status = dump_text(d, &s, &len);
		if (status == AP_EXIT_OK)
			status = put(&t[2], s, len);
		free(s);
	}
	return status;
}

enum ap_exit output_write(const struct output_doc *d, const struct output_files *f)
{
	struct target t[NOUT] = {
		{ .what = "PDF", .path = f->pdf, .fd = -1 },
		{ .what = "manifest", .path = f->manifest, .fd = -1 },
		{ .what = "dump", .path = f->dump, .fd = -1 },
	};
	enum ap_exit status = AP_EXIT_OK;
	for (size_t i = 0; i < NOUT && status == AP_EXIT_OK; i++) {
		if (t[i].path == NULL)
			t[i].how = HOW_NONE;
		else if (strcmp(t[i].path, "-") == 0)
			t[i].how = HOW_STDOUT;
		else
			status = resolve(&t[i]);
	}
	if (status == AP_EXIT_OK)
		status = check_distinct(d->inputs, d->ninputs, t, NOUT);
	if (status == AP_EXIT_OK && t[0].how == HOW_STDOUT && isatty(STDOUT_FILENO)) {
		diag_plain(DIAG_ERROR, "will not write a PDF to a terminal; redirect "
		    "standard output or give -o FILE.pdf");
		status = AP_EXIT_USAGE;
	}
	if (status == AP_EXIT_OK) {
		catch_signals();
		for (size_t i = 0; i < NOUT && status == AP_EXIT_OK; i++)
			if (t[i].how == HOW_ATOMIC)
				status = make_temp(&t[i], i);
	}
	if (status == AP_EXIT_OK)
		status = produce(d, t);
	/* Only now, with everything written, do the files take their names. */
	for (size_t i = 0; i < NOUT && status == AP_EXIT_OK; i++)
		status = commit(&t[i], i);
	for (size_t i = 0; i < NOUT; i++) {
		drop_temp(&t[i], i);
		free(t[i].final);
		free(t[i].canon);
	}
	release_signals();
	if (status != AP_EXIT_OK)
		diag_status(status);
	return status;
}

enum ap_exit output_bytes(const char *what, const char *path, const void *data,
    size_t len, const char *const *inputs, size_t ninputs)
{
	struct target t = { .what = what, .path = path, .fd = -1 };
	enum ap_exit status = AP_EXIT_OK;
	if (strcmp(path, "-") == 0)
		t.how = HOW_STDOUT;
	else
		status = resolve(&t);
	if (status == AP_EXIT_OK)
		status = check_distinct(inputs, ninputs, &t, 1);
	if (status == AP_EXIT_OK && t.how == HOW_STDOUT && isatty(STDOUT_FILENO)) {
		diag_plain(DIAG_ERROR, "will not write a %s to a terminal; redirect "
		    "standard output or give -o FILE", what);
		status = AP_EXIT_USAGE;
	}
	if (status == AP_EXIT_OK) {
		catch_signals();
		if (t.how == HOW_ATOMIC)
			status = make_temp(&t, 0);
	}
	if (status == AP_EXIT_OK)
		status = put(&t, data, len);
	if (status == AP_EXIT_OK)
		status = commit(&t, 0);
	drop_temp(&t, 0);
	free(t.final);
	free(t.canon);
	release_signals();
	if (status != AP_EXIT_OK)
		diag_status(status);
	return status;
}
