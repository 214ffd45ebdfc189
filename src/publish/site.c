/*
 * site.c - the publish command: options, loading, the packs it builds
 * (public, supplement, full), the file names, manifest.json with each
 * file's size and SHA-256 (OpenSSL's libcrypto), and the folder written
 * atomically.
 *
 * The whole site is made in memory first; then it is written into a new
 * temporary folder beside DIR, which takes DIR's place in one rename
 * (renameat2 RENAME_EXCHANGE when DIR exists, so there is never a moment
 * with a half-written DIR or none).  On any failure the temporary folder
 * is removed and DIR is left as it was.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <openssl/evp.h>

#include "publish.h"
#include "html.h"
#include "../load/load.h"
#include "../validate/validate.h"

struct sfile *site_add(struct site *s, const char *name, const char *kind,
    unsigned char *data, size_t len)
{
	struct sfile *f = vec_push(&s->files);
	f->name = arena_strdup(s->a, name);
	f->kind = kind;
	f->edition = "public";
	f->data = data;
	f->len = len;
	return f;
}

char *site_slug(struct arena *a, const char *s, size_t max)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 2);
	size_t o = 0, cut = 0;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (o >= max)
				break;
			out[o++] = c;
			cut = o;
		} else if (o > 0 && out[o - 1] != '-') {
			if (o >= max)
				break;
			out[o++] = '-';
		}
	}
	if (o >= max && cut < o)
		o = cut;
	while (o > 0 && out[o - 1] == '-')
		o--;
	/* Cut at a word boundary when the slug was cut short. */
	if (o >= max) {
		char *dash = memrchr(out, '-', o);
		if (dash && dash > out)
			o = (size_t)(dash - out);
	}
	out[o] = 0;
	return out;
}

const char *site_item_stem(struct site *s, const struct item *it)
{
	char *end;
	long v = strtol(it->number, &end, 10);
	if (*it->number && *end == 0 && v >= 0 && v < 100000)
		return arena_printf(s->a, "item-%02ld", v);
	/* A sub-item "5(b)" or "5(iv)": "item-05b", "item-05iv". */
	size_t n = end[0] == '(' ? strspn(end + 1, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : 0;
	if (end != it->number && v >= 0 && v < 100000 && n > 0 && n <= 8 &&
	    end[1 + n] == ')' && end[2 + n] == 0)
		return site_slug(s->a, arena_printf(s->a, "item-%02ld%.*s", v, (int)n,
		    end + 1), 30);
	char *slug = site_slug(s->a, it->number, 20);
	return arena_printf(s->a, "item-%s", *slug ? slug : "x");
}

/* "2018-02-08-people-and-families-policy-and-scrutiny": the date and the
 * committee's name, less a trailing "committee", at most 40 letters. */
static const char *meeting_slug(struct arena *a, const struct meeting *m)
{
	char *c = site_slug(a, m->committee, 60);
	size_t n = strlen(c);
	if (n > 10 && strcmp(c + n - 10, "-committee") == 0)
		c[n - 10] = 0;
	c = site_slug(a, c, 40);
	return arena_printf(a, "%04d-%02d-%02d-%s", m->year, m->month, m->day, c);
}

/* ---- manifest ---- */

/* Appends s as a JSON string. */
static void json_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
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

/* The SHA-256 of data as 64 hex digits; returns false if libcrypto fails. */
static bool sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
		return false;
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return true;
}

/* Adds manifest.json: the meeting, its items and every other file. */
static int manifest(struct site *s)
{
	const struct meeting *m = s->m;
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "{\n\"meeting\": {\"council\": ");
	json_str(&b, m->council);
	buf_adds(&b, ", \"committee\": ");
	json_str(&b, m->committee);
	buf_printf(&b, ", \"date\": \"%04d-%02d-%02d\"", m->year, m->month, m->day);
	if (m->hour >= 0)
		buf_printf(&b, ", \"time\": \"%02d:%02d\"", m->hour, m->minute);
	buf_adds(&b, ", \"venue\": ");
	json_str(&b, m->venue);
	buf_adds(&b, ", \"url\": ");
	json_str(&b, m->url);
	buf_adds(&b, ", \"language\": ");
	json_str(&b, m->lang);
	buf_printf(&b, "},\n\"pack\": ");
	json_str(&b, s->pack_file);
	buf_printf(&b, ",\n\"pages\": %d,\n\"items\": [", s->pack_pages);
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		buf_adds(&b, i ? ",\n  {\"number\": " : "\n  {\"number\": ");
		json_str(&b, it->number);
		buf_adds(&b, ", \"title\": ");
		json_str(&b, it->title);
		if (s->items[i].first > 0)
			buf_printf(&b, ", \"first_page\": %d, \"last_page\": %d",
			    s->items[i].first, s->items[i].last);
		else
			buf_adds(&b, ", \"first_page\": null, \"last_page\": null");
		if (it->sub > 0) {
			buf_adds(&b, ", \"parent\": ");
			json_str(&b, m->items[i - (size_t)it->sub].number);
		}
		buf_printf(&b, ", \"exempt\": %s, \"pdf\": ", it->exempt ? "true" : "false");
		json_str(&b, s->items[i].pdf);
		buf_adds(&b, ", \"html\": [");
		size_t nh = 0;
		for (size_t k = 0; k < it->npapers; k++) {
			const char *h = html_paper_name(s, i, k);
			if (h) {
				buf_adds(&b, nh++ ? ", " : "");
				json_str(&b, h);
			}
		}
		buf_adds(&b, "]}");
	}
	buf_adds(&b, "\n],\n\"documents\": [");
	struct sfile *f = s->files.v;
	for (size_t i = 0; i < s->files.n; i++) {
		char hex[65];
		if (!sha256_hex(f[i].data, f[i].len, hex)) {
			diag_plain(DIAG_ERROR, "libcrypto could not compute SHA-256");
			buf_free(&b);
			return AP_EXIT_SOFTWARE;
		}
		buf_adds(&b, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
		json_str(&b, f[i].name);
		buf_adds(&b, ", \"kind\": ");
		json_str(&b, f[i].kind);
		buf_adds(&b, ", \"title\": ");
		json_str(&b, strcmp(f[i].kind, "image") == 0 ? NULL : f[i].title);
		buf_adds(&b, ", \"edition\": ");
		json_str(&b, f[i].edition);
		if (f[i].supplement > 0)
			buf_printf(&b, ", \"supplement\": %d, \"item\": ", f[i].supplement);
		else
			buf_adds(&b, ", \"supplement\": null, \"item\": ");
		json_str(&b, f[i].item);
		if (f[i].first_page > 0)
			buf_printf(&b, ", \"first_page\": %d, \"last_page\": %d", f[i].first_page,
			    f[i].last_page);
		else
			buf_adds(&b, ", \"first_page\": null, \"last_page\": null");
		if (f[i].pages > 0)
			buf_printf(&b, ", \"pages\": %d", f[i].pages);
		buf_printf(&b, ", \"bytes\": %zu, \"sha256\": \"%s\"}", f[i].len, hex);
	}
	buf_adds(&b, "\n]\n}\n");
	struct sfile *mf = site_add(s, "manifest.json", "manifest", (unsigned char *)b.s, b.len);
	mf->title = "manifest";
	return 0;
}

/* ---- writing the folder ---- */

/* nftw callback: removes one entry (children first). */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes a folder and everything in it. */
static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes one file under dir, making its folders.  Returns 0 or 73. */
static int write_file(struct arena *a, const char *dir, const struct sfile *f)
{
	char *path = arena_printf(a, "%s/%s", dir, f->name);
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = 0;
		int r = mkdir(path, 0777);
		*p = '/';
		if (r != 0 && errno != EEXIST)
			goto fail;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0)
		goto fail;
	const unsigned char *p = f->data;
	size_t left = f->len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			close(fd);
			goto fail;
		}
		p += w;
		left -= (size_t)w;
	}
	if (close(fd) == 0)
		return 0;
fail:
	diag_plain(DIAG_ERROR, "cannot write %s: %s", path, strerror(errno));
	return AP_EXIT_CANTCREAT;
}

/* 1 if dir exists and is an empty folder, 0 if it has entries, -1 if it
 * does not exist, -2 if it is not a folder. */
static int dir_state(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return -2;
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Writes the site into a temporary sibling of dir, then puts it in dir's
 * place.  Returns 0 or 73. */
static int write_site(struct site *s, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *clean = arena_strndup(s->a, dir, n);
	char *slash = strrchr(clean, '/');
	const char *parent = slash ? (slash == clean ? "/" : arena_strndup(s->a, clean,
	    (size_t)(slash - clean))) : ".";
	const char *base = slash ? slash + 1 : clean;
	char *tmp = arena_printf(s->a, "%s/.%s.tmpXXXXXX", parent, base);
	if (mkdtemp(tmp) == NULL) {
		diag_plain(DIAG_ERROR, "cannot write %s: %s", dir, strerror(errno));
		return AP_EXIT_CANTCREAT;
	}
	mode_t um = umask(0);
	umask(um);
	chmod(tmp, 0777 & ~um);
	int status = 0;
	struct sfile *f = s->files.v;
	for (size_t i = 0; i < s->files.n && status == 0; i++)
		status = write_file(s->a, tmp, &f[i]);
	if (status == 0 && getenv("AGENDAPACK_PUBLISH_FAIL") != NULL) {
		/* Tests: fail here, with the site half-made, to see it removed. */
		diag_plain(DIAG_ERROR, "cannot write %s: AGENDAPACK_PUBLISH_FAIL is set", dir);
		status = AP_EXIT_CANTCREAT;
	}
	int state = dir_state(clean);
	if (status == 0 && state == -1) {
		if (rename(tmp, clean) != 0)
			status = AP_EXIT_CANTCREAT;
	} else if (status == 0 && state == 1) {
		if (rmdir(clean) != 0 || rename(tmp, clean) != 0)
			status = AP_EXIT_CANTCREAT;
	} else if (status == 0) {
		/* An existing folder (publish_main checked --force): swap. */
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, clean, RENAME_EXCHANGE) == 0) {
			rm_tree(tmp);
			return 0;
		}
		char *old = arena_printf(s->a, "%s/.%s.oldXXXXXX", parent, base);
		if (mkdtemp(old) == NULL || rmdir(old) != 0 || rename(clean, old) != 0)
			status = AP_EXIT_CANTCREAT;
		else if (rename(tmp, clean) != 0) {
			rename(old, clean);
			status = AP_EXIT_CANTCREAT;
		} else
			rm_tree(old);
	}
	if (status != 0) {
		if (errno && diag_count(DIAG_ERROR) == 0)
			diag_plain(DIAG_ERROR, "cannot write %s: %s", dir, strerror(errno));
		rm_tree(tmp);
	}
	return status;
}

/* ---- the command ---- */

/* Prints the publish command's usage to f. */
static void usage(FILE *f)
{
	fputs(
"usage: agendapack publish MEETING.yaml -o DIR [options]\n"
"\n"
"Writes the meeting's documents for a website into DIR: the pack, the\n"
"agenda, one PDF per item and appendix, HTML pages, meeting.ics and\n"
"manifest.json.  See docs/publishing.md.\n"
"\n"
"options:\n"
"  -o, --output DIR         the folder to write (new, or empty)\n"
"      --force              replace an existing non-empty DIR (atomically)\n"
"      --edition public|full  full also writes the full edition, in a\n"
"                           folder marked NOT-FOR-PUBLICATION\n"
"  -l, --layout NAME|FILE   house style: layouts/NAME.yaml or a file\n"
"      --font-dir DIR       look for the layout's fonts in DIR first\n"
"      --max-pages N        refuse a pack of more than N pages (100000)\n"
"      --max-errors N       stop printing errors after N (50)\n", f);
}

struct popts {
	const char *out, *layout;
	bool force, full;
	struct pack_options po;
};

/* Parses the command line into *o; returns 0, or an exit status (-1: help). */
static int parse(int argc, char **argv, struct popts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "layout", required_argument, NULL, 'l' },
		{ "font-dir", required_argument, NULL, 'F' },
		{ "edition", required_argument, NULL, 'E' },
		{ "force", no_argument, NULL, 'f' },
		{ "max-pages", required_argument, NULL, 'N' },
		{ "max-errors", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:l:h", longopts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'l': o->layout = optarg; break;
		case 'F': o->po.font_dir = optarg; break;
		case 'f': o->force = true; break;
		case 'E':
			if (strcmp(optarg, "full") != 0 && strcmp(optarg, "public") != 0) {
				fprintf(stderr, "agendapack: error: --edition takes 'public' or "
				    "'full', not '%s'\n", optarg);
				return AP_EXIT_USAGE;
			}
			o->full = strcmp(optarg, "full") == 0;
			break;
		case 'N':
		case 'e':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 100000000) {
				fprintf(stderr, "agendapack: error: --%s takes a whole number "
				    "from 1, not '%s'\n", c == 'N' ? "max-pages" : "max-errors",
				    optarg);
				return AP_EXIT_USAGE;
			}
			if (c == 'N')
				o->po.max_pages = (int)v;
			else
				diag_set_cap((int)v);
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return AP_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || o->out == NULL) {
		fprintf(stderr, "agendapack: error: publish takes one meeting file and "
		    "-o DIR\n");
		usage(stderr);
		return AP_EXIT_USAGE;
	}
	return 0;
}

/* Builds one pack in memory and adds it to the site as name; cuts its
 * agenda and item PDFs when edition is given (pdfs_cut).  Returns 0 or an
 * exit status. */
static int build_pack(struct site *s, struct meeting *m, struct style *l,
    const struct pack_options *po, const char *cut_edition, const char *cut_dir,
    const char *name, const char *kind, const char *edition, const char *title)
{
	struct pack_doc *d = pack_assemble(s->a, m, l, po);
	if (d == NULL)
		return diag_exit_status();
	unsigned char *pdf = NULL;
	size_t len = 0;
	int status = output_pdf(pack_output(d), &pdf, &len);
	if (status == 0) {
		struct sfile *f = site_add(s, name, kind, pdf, len);
		f->edition = edition;
		f->title = title;
		f->supplement = po->supplement;
		f->first_page = 1;
		f->last_page = f->pages = (int)pack_output(d)->rd.npages;
		if (cut_edition)
			status = pdfs_cut(s, pack_output(d), cut_edition, cut_dir);
	} else
		free(pdf);
	pack_free(d);
	return status;
}

/* Loads and checks the meeting and layout; NULL after reporting. */
static struct meeting *load_all(struct arena *a, const char *in, const char *layout,
    struct style **l, int *status)
{
	enum doc_kind kind;
	struct meeting *m = load_document(a, in, &kind, status);
	const char *lpath = load_choose_style(a, layout, m, in);
	*l = NULL;
	if (lpath == NULL) {
		*status = *status ? *status : AP_EXIT_NOINPUT;
	} else {
		int lstatus = 0;
		*l = load_style(a, lpath, &lstatus);
		if (*status == 0)
			*status = lstatus;
		if (*l != NULL && m != NULL && m->has_standing)
			(*l)->standing = m->standing;  /* the meeting's own pages */
		if (*l != NULL && lstatus == 0)
			validate_style(a, *l);
	}
	if (m != NULL && *status == 0 && diag_count(DIAG_ERROR) == 0) {
		if (kind != DOC_MEETING) {
			diag(DIAG_ERROR, m->pos, "publish takes a meeting file; this is a "
			    "minutes paper (build it with 'agendapack build')");
			*status = AP_EXIT_DATAERR;
			return NULL;
		}
		validate_meeting(a, m);
		if (*l != NULL && diag_count(DIAG_ERROR) == 0)
			validate_numbers(a, m, *l);
	}
	if (diag_count(DIAG_ERROR) > 0 || m == NULL || *l == NULL) {
		if (*status == 0)
			*status = AP_EXIT_DATAERR;
		return NULL;
	}
	return m;
}

/* Whether the YAML file path is a letter ("paper: letter" at the start
 * of a line) whose 'meeting' names the meeting file being published. */
static bool letter_of(struct arena *a, const char *path, const char *meeting)
{
	char *data;
	size_t len;
	if (file_read(path, 1u << 20, &data, &len) != 0)
		return false;
	bool is = strncmp(data, "paper: letter", 13) == 0 ||
	    strstr(data, "\npaper: letter") != NULL;
	free(data);
	if (!is)
		return false;
	enum doc_kind kind;
	int status = 0;
	int before = diag_count(DIAG_ERROR);
	struct meeting *lm = load_document(a, path, &kind, &status);
	if (lm == NULL || kind != DOC_LETTER || lm->letter->meeting == NULL ||
	    diag_count(DIAG_ERROR) > before)
		return false;
	char *x = realpath(lm->letter->meeting->file, NULL);
	char *y = realpath(meeting, NULL);
	bool same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/* Adds every letter in the meeting file's folder that refers to this
 * meeting (letter_of), in name order, as "letter-NAME.pdf". */
static int add_letters(struct site *s, struct style *l, const struct popts *o)
{
	const char *dir = path_dir(s->a, s->m->file);
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return 0;
	int status = 0;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(name);
		const char *path = path_join(s->a, dir, name);
		if (status == 0 && len > 5 && strcmp(name + len - 5, ".yaml") == 0 &&
		    letter_of(s->a, path, s->m->file)) {
			enum doc_kind kind;
			int st = 0;
			struct meeting *lm = load_document(s->a, path, &kind, &st);
			validate_meeting(s->a, lm);
			struct pack_options po = o->po;
			po.edition = EDITION_PUBLIC;
			const char *file = arena_printf(s->a, "letter-%.*s.pdf", (int)(len - 5),
			    name);
			status = diag_count(DIAG_ERROR) > 0 ? AP_EXIT_DATAERR :
			    build_pack(s, lm, l, &po, NULL, NULL, file, "letter",
			    "public", arena_printf(s->a, "Letter of %s to %s", html_date(s->a,
			    lm->lang, lm->letter->y, lm->letter->mo, lm->letter->d),
			    lm->letter->to[0].name));
			if (status == 0) {       /* no pages of the pack */
				struct sfile *f = (struct sfile *)s->files.v + s->files.n - 1;
				f->first_page = f->last_page = 0;
			}
		}
		free(ents[i]);
	}
	free(ents);
	return status;
}

/* Makes every file of the site in memory. */
static int make_site(struct site *s, struct meeting *m, struct style *l,
    const struct popts *o)
{
	const char *date = arena_printf(s->a, "%04d-%02d-%02d", m->year, m->month, m->day);
	s->pack_file = arena_printf(s->a, "%s-pack.pdf", s->slug);
	struct pack_options po = o->po;
	po.edition = EDITION_PUBLIC;
	int status = build_pack(s, m, l, &po, "public", "", s->pack_file, "pack", "public",
	    arena_printf(s->a, "%s, %s: agenda pack", m->committee, date));
	/* Each numbered supplement with a public paper: supplement 1 keeps
	 * its old name (NAME-supplement.pdf), N > 1 is NAME-supplement-N.pdf. */
	for (int n = 1; n <= 99 && status == 0; n++) {
		bool late = false;
		for (size_t i = 0; i < m->nitems; i++)
			for (size_t k = 0; k < m->items[i].npapers; k++)
				late |= m->items[i].papers[k].late == n && !m->items[i].exempt;
		if (!late)
			continue;
		const char *file = n == 1 ? arena_printf(s->a, "%s-supplement.pdf", s->slug) :
		    arena_printf(s->a, "%s-supplement-%d.pdf", s->slug, n);
		if (s->supplement_file == NULL)
			s->supplement_file = file;
		po.supplement = n;
		status = build_pack(s, m, l, &po, NULL, NULL, file, "supplement",
		    "public", arena_printf(s->a, "%s, %s: supplementary agenda No. %d",
		    m->committee, date, n));
		po.supplement = 0;
	}
	if (status == 0 && o->full) {
		s->full_dir = arena_printf(s->a, "%s-full-edition-NOT-FOR-PUBLICATION", s->slug);
		po.edition = EDITION_FULL;
		status = build_pack(s, m, l, &po, "full", arena_printf(s->a, "%s/", s->full_dir),
		    arena_printf(s->a, "%s/%s-full-pack.pdf", s->full_dir, s->slug), "pack", "full",
		    arena_printf(s->a, "%s, %s: agenda pack, full edition (NOT FOR PUBLICATION)",
		    m->committee, date));
	}
	if (status == 0)
		status = add_letters(s, l, o);
	if (status == 0)
		status = html_write_site(s);
	if (status == 0)
		status = ics_write(s);
	if (status == 0)
		status = manifest(s);
	return status;
}

int publish_main(int argc, char **argv)
{
	struct popts o = { .layout = NULL, .po = { .edition = EDITION_PUBLIC,
	    .tagged = true, .max_pages = 100000, .source_dir = AP_SOURCE_DIR } };
	int status = parse(argc, argv, &o);
	if (status != 0)
		return status < 0 ? AP_EXIT_OK : status;
	int state = dir_state(o.out);
	if (state == -2 || (state == 0 && !o.force)) {
		diag_plain(DIAG_ERROR, state == -2 ? "cannot write %s: it is not a folder" :
		    "%s is a folder with files in it; publish replaces it only with --force",
		    o.out);
		return AP_EXIT_CANTCREAT;
	}
	struct arena *a = arena_new();
	struct style *l = NULL;
	struct meeting *m = load_all(a, argv[optind], o.layout, &l, &status);
	if (m == NULL) {
		int n = diag_count(DIAG_ERROR);
		if (n > 0)
			fprintf(stderr, "agendapack: %d error%s; nothing written\n", n,
			    n == 1 ? "" : "s");
		arena_free(a);
		return status;
	}
	struct site s = { .a = a, .m = m, .l = l, .slug = meeting_slug(a, m) };
	vec_init(&s.files, sizeof(struct sfile));
	s.items = arena_alloc(a, (m->nitems + 1) * sizeof *s.items);
	status = make_site(&s, m, l, &o);
	if (status == 0)
		status = write_site(&s, o.out);
	struct sfile *f = s.files.v;
	for (size_t i = 0; i < s.files.n; i++)
		free(f[i].data);
	vec_free(&s.files);
	arena_free(a);
	return status;
}
