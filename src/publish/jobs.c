/*
 * jobs.c - renders the PDFs cut from a pack (pdfs.c) on two processes.
 *
 * Each cut is a document of its own, and most of its cost is libharu's
 * per-document work (fonts, structure tree, compression), so a hundred
 * item PDFs take most of `publish`'s time.  When there are enough of them
 * and a second processor, a child process (fork) renders the last part
 * of the list while this one renders the first, and hands its PDFs back
 * through an anonymous file (memfd): each record is the job's index, its
 * status and its length, then its bytes.  A second process rather than a
 * thread: the render stage keeps per-document state in static variables
 * (its allocator, pdffix's hooks) and output_pdf_pages() retags a page
 * while it renders, so a thread would need src/render and src/output made
 * thread-safe.  Every PDF is made by the same code from the same data in
 * either process, so the bytes do not depend on which one made it
 * (AGENDAPACK_PUBLISH_JOBS=1 renders all in this process; a test compares).
 * When the child cannot be started or does not hand back every PDF, this
 * process renders the missing ones itself.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "site.h"

#define MIN_JOBS 4                     /* fewer: not worth a process */

/* One record's header in the child's file. */
struct rec {
	uint64_t job, len;
	int64_t status;
};

/* Renders job j; returns its status. */
static int render(const struct output_doc *od, struct pdf_job *j)
{
	j->status = output_pdf_pages(od, &j->sub, &j->pdf, &j->len);
	return j->status;
}

/* Reads n bytes at offset *off of fd into p; false when the file ends
 * first. */
static bool read_at(int fd, void *p, size_t n, off_t *off)
{
	char *c = p;
	while (n > 0) {
		ssize_t r = pread(fd, c, n, *off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		c += r;
		n -= (size_t)r;
		*off += r;
	}
	return true;
}

/* The child: renders jobs [from, n) into fd, one record each, stopping
 * at the first failure (whose record it writes); never returns. */
static void child(const struct output_doc *od, struct pdf_job *jobs, size_t from,
    size_t n, int fd)
{
	for (size_t k = from; k < n; k++) {
		int st = render(od, &jobs[k]);
		struct rec r = { .job = k, .len = st == 0 ? jobs[k].len : 0, .status = st };
		if (fd_write_all(fd, &r, sizeof r) != 0 || (st == 0 &&
		    fd_write_all(fd, jobs[k].pdf, jobs[k].len) != 0) || st != 0)
			_exit(st != 0 ? 1 : 2);
	}
	_exit(0);
}

/* Takes the child's records from fd into jobs [from, n); the jobs it did
 * not hand back keep status -1. */
static void collect(int fd, struct pdf_job *jobs, size_t from, size_t n)
{
	off_t off = 0;
	struct rec r;
	while (read_at(fd, &r, sizeof r, &off)) {
		if (r.job < from || r.job >= n)
			break;
		struct pdf_job *j = &jobs[r.job];
		if (r.status != 0) {
			j->status = (int)r.status;
			break;
		}
		j->pdf = malloc(r.len ? r.len : 1);
		if (j->pdf == NULL || !read_at(fd, j->pdf, r.len, &off)) {
			free(j->pdf);
			j->pdf = NULL;
			break;
		}
		j->len = r.len;
		j->status = 0;
	}
}

/* Where the child's part starts: the jobs weighed by pages plus a fixed
 * cost per document, split in two halves; n when one process is to do
 * all. */
static size_t split_at(const struct pdf_job *jobs, size_t n)
{
	const char *e = getenv("AGENDAPACK_PUBLISH_JOBS");
	if (n < MIN_JOBS || (e && strcmp(e, "1") == 0) || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return n;
	size_t total = 0, run = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		total += jobs[i].sub.to - jobs[i].sub.from + 8;
	while (k < n && 2 * run < total)
		run += jobs[k].sub.to - jobs[k].sub.from + 8, k++;
	return k;
}

int jobs_render(const struct output_doc *od, struct pdf_job *jobs, size_t n)
{
	for (size_t k = 0; k < n; k++)
		jobs[k].status = -1;       /* not rendered yet */
	size_t split = split_at(jobs, n);
	int fd = split < n ? memfd_create("agendapack-publish", MFD_CLOEXEC) : -1;
	pid_t pid = -1;
	if (fd >= 0) {
		fflush(NULL);              /* nothing buffered is written twice */
		pid = fork();
		if (pid == 0)
			child(od, jobs, split, n, fd);
	}
	if (pid < 0)
		split = n;
	int status = 0;
	for (size_t k = 0; k < split && status == 0; k++)
		status = render(od, &jobs[k]);
	if (pid > 0) {
		if (status != 0)
			kill(pid, SIGKILL);
		int ws;
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		if (status == 0)
			collect(fd, jobs, split, n);
	}
	if (fd >= 0)
		close(fd);
	/* What the child failed on, or did not do: in job order, here. */
	for (size_t k = split; k < n && status == 0; k++)
		status = jobs[k].status == -1 ? render(od, &jobs[k]) : jobs[k].status;
	if (status != 0)
		diag_status(status);
	return status;
}
