/*
 * main.c - the agendapack command line.
 *
 *   agendapack build FILE.yaml [-o OUT.pdf] [options]
 *   agendapack check FILE.yaml [--layout NAME|FILE]
 *
 * Exit status: enum ap_exit (src/util/util.h), the sysexits.h values.
 * Each stage records a failure's status with diag_status(); main returns
 * diag_exit_status().
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"
#include "model/model.h"
#include "load/load.h"
#include "validate/validate.h"
#include "pack/pack.h"
#include "sign/sign.h"
#include "publish/publish.h"
#include "init/init.h"

/* Prints the usage text to f. */
static void usage(FILE *f)
{
	fputs(
"usage: agendapack build FILE.yaml [-o OUT.pdf] [options]\n"
"       agendapack check FILE.yaml [--layout NAME|FILE]\n"
"       agendapack sign IN.pdf -o OUT.pdf --key KEY.p12 [options]  (sign --help)\n"
"       agendapack init DIR [--council NAME] [--committee NAME]\n"
"       agendapack publish MEETING.yaml -o DIR [--force] [--edition full]\n"
"       agendapack --help | --version\n"
"\n"
"FILE.yaml is a meeting file (writes the agenda pack) or a minutes paper\n"
"file (writes the standalone minutes).  See agendapack(1) and\n"
"agendapack-format(5) (man agendapack).\n"
"\n"
"options:\n"
"  -o, --output OUT.pdf     the PDF to write (default: FILE.pdf; '-': stdout)\n"
"  -l, --layout NAME|FILE   house style: NAME.yaml (layouts/ beside the meeting,\n"
"                           $AGENDAPACK_LAYOUT_PATH, ~/.config/agendapack/layouts,\n"
"                           the installed styles) or a file\n"
"      --font-dir DIR       look for the layout's fonts in DIR first\n"
"      --edition public|full|all  public (default) leaves exempt papers out;\n"
"                           full puts them in, marked; all also puts every\n"
"                           paper to follow in its place (the record)\n"
"      --duplex             start every paper on an odd page\n"
"      --supplement [N]     only the papers late for supplement N (1)\n"
"      --draft              print a DRAFT watermark on every page\n"
"      --pdfa               write PDF/A-1b\n"
"      --no-tagged          write an untagged PDF\n"
"      --manifest OUT.json  write the items' page ranges as JSON\n"
"      --dump OUT.txt       write the laid-out pages as text ('-': stdout)\n"
"      --max-pages N        refuse to write more than N pages (100000)\n"
"      --max-errors N       stop printing errors after N (50)\n"
"  -q, --quiet              print errors only (no summary, no warnings)\n"
"  -v, --verbose            also say what was read and done\n"
"\n"
"exit status: 0 ok, 64 usage, 65 invalid input, 66 input missing,\n"
"             70 internal error, 73 output cannot be written\n", f);
}

/* The number after --supplement: --supplement=N, --supplement N (the
 * next argument when it is all digits; getopt is moved past it), or 1 when
 * none is given.  False after a message when N is not a number 1..99. */
static bool supplement_number(int argc, char **argv, int *n)
{
	const char *s = optarg;
	if (s == NULL && optind < argc && argv[optind][0] != '\0' &&
	    strspn(argv[optind], "0123456789") == strlen(argv[optind]))
		s = argv[optind++];            /* "--supplement 2", not a file */
	if (s == NULL) {
		*n = 1;
		return true;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > 99) {
		fprintf(stderr, "agendapack: error: --supplement takes a supplement "
		    "number from 1 to 99, not '%s'\n", s);
		return false;
	}
	*n = (int)v;
	return true;
}

/* Prints "agendapack: error: " fmt (with arg) and the pointer to
 * --help, one line each; returns the usage exit status. */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("agendapack: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'agendapack --help'\n", stderr);
	return AP_EXIT_USAGE;
}

/* -v: says which files the document read (papers and PDFs). */
static void say_read(const char *in, const struct meeting *m, enum doc_kind kind)
{
	static const char *const what[] = { "report", "minutes", "generated",
	    "PDF", "letter" };
	fprintf(stderr, "agendapack: read %s (%s)\n", in, kind == DOC_MINUTES ?
	    "minutes" : kind == DOC_LETTER ? "letter" : "meeting");
	for (size_t i = 0; i < m->nitems; i++)
		for (size_t j = 0; j < m->items[i].npapers; j++) {
			const struct paper *p = &m->items[i].papers[j];
			if (p->path != NULL)
				fprintf(stderr, "agendapack: read %s (item %s, %s)\n",
				    p->path, m->items[i].number, what[p->kind]);
		}
}

/* The one-line summary of a good run: "wrote pack.pdf: 27 pages, 9
 * items, 2 warnings" (npages < 0: check's "FILE: ok, 9 items"). */
static void summary(const char *name, const struct meeting *m,
    enum doc_kind kind, int npages)
{
	size_t n = kind == DOC_LETTER ? 0 : kind == DOC_MINUTES ?
	    m->standalone->nentries : m->nitems;
	int w = diag_count(DIAG_WARNING);
	if (npages >= 0)
		fprintf(stderr, "wrote %s: %d page%s, ", strcmp(name, "-") == 0 ?
		    "standard output" : name, npages, npages == 1 ? "" : "s");
	else
		fprintf(stderr, "%s: ok, ", name);
	if (kind == DOC_LETTER)
		fputs("a letter", stderr);
	else
		fprintf(stderr, "%zu %s", n, kind == DOC_MINUTES ? (n == 1 ? "minute" :
		    "minutes") : (n == 1 ? "item" : "items"));
	if (w > 0)
		fprintf(stderr, ", %d warning%s", w, w == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* Derives "FILE.pdf" from "FILE.yaml". */
static char *default_output(struct arena *a, const char *in)
{
	size_t n = strlen(in);
	if (n > 5 && strcmp(in + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(in + n - 4, ".yml") == 0)
		n -= 4;
	return arena_printf(a, "%.*s.pdf", (int)n, in);
}

/* Loads and checks the meeting (or minutes) file in and the house style,
 * then, for build, writes the pack to out (NULL: derived from in); says
 * what it did unless verbosity < 0 (-q), and more when > 0 (-v).
 * Returns the exit status. */
static int run(const char *in, bool build, const char *layout_name,
    struct pack_options *o, const char *out, int verbosity)
{
	struct arena *a = arena_new();
	int status = 0;
	enum doc_kind kind;
	struct meeting *m = load_document(a, in, &kind, &status);
	int meeting_status = status;
	diag_status(status);
	const char *lpath = load_choose_style(a, layout_name, m, in);
	if (verbosity > 0 && m != NULL)
		say_read(in, m, kind);
	if (verbosity > 0 && lpath != NULL)
		fprintf(stderr, "agendapack: layout %s\n", lpath);
	struct style *l = NULL;
	if (lpath == NULL) {
		diag_status(AP_EXIT_NOINPUT);
	} else {
		l = load_style(a, lpath, &status);
		diag_status(status);
		if (l != NULL && m != NULL && m->has_standing)
			l->standing = m->standing;     /* the meeting's own pages */
		if (l != NULL && status == 0)
			validate_style(a, l);
	}
	if (m != NULL && meeting_status == 0 && diag_count(DIAG_ERROR) == 0)
		validate_meeting(a, m);
	if (m != NULL && l != NULL && diag_count(DIAG_ERROR) == 0)
		validate_numbers(a, m, l);
	if (diag_exit_status() != AP_EXIT_OK || m == NULL || l == NULL) {
		diag_status(AP_EXIT_DATAERR);
		int n = diag_count(DIAG_ERROR);
		if (n > 0)
			fprintf(stderr, "agendapack: %d error%s; %s\n", n,
			    n == 1 ? "" : "s", build ? "nothing written" :
			    "the file is not valid");
		arena_free(a);
		return diag_exit_status();
	}
	if (!build) {
		/* Lay out without rendering: what only layout and the appendix
		 * probe find (a character no font has, an appendix that breaks
		 * --pdfa) is reported as the build would, all in one run. */
		pack_free(pack_assemble(a, m, l, o));
		if (diag_exit_status() != AP_EXIT_OK) {
			int n = diag_count(DIAG_ERROR);
			fprintf(stderr, "agendapack: %d error%s; the file is not valid\n",
			    n, n == 1 ? "" : "s");
		} else if (verbosity >= 0)
			summary(in, m, kind, -1);
		arena_free(a);
		return diag_exit_status();
	}
	if (out == NULL)
		out = default_output(a, in);
	if (verbosity > 0)
		fprintf(stderr, "agendapack: building the %s edition (%s%s%s%s) into "
		    "%s\n", o->edition == EDITION_FULL ? "full" : o->edition ==
		    EDITION_RECORD ? "record (all)" : "public",
		    o->tagged ? "tagged" : "untagged", o->supplement ? ", supplement" :
		    "", o->duplex ? ", duplex" : "", o->pdfa ? ", PDF/A-1b" : "", out);
	int npages = -1;
	o->npages = &npages;
	pack_build(a, m, l, o, out);
	if (diag_exit_status() == AP_EXIT_OK && verbosity >= 0 && npages >= 0 &&
	    !(o->dump != NULL && strcmp(out, "-") == 0))
		summary(out, m, kind, npages);
	arena_free(a);
	return diag_exit_status();
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return AP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return AP_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("agendapack %s\n", AP_VERSION);
		return AP_EXIT_OK;
	}
	if (strcmp(argv[1], "sign") == 0)
		return sign_main(argc, argv);
	if (strcmp(argv[1], "init") == 0)
		return init_main(argc, argv);
	const char *cmd = argv[1];
	if (strcmp(cmd, "publish") == 0)
		return publish_main(argc, argv);
	bool build = strcmp(cmd, "build") == 0;
	if (!build && strcmp(cmd, "check") != 0) {
		return usage_error("unknown command '%s'", cmd);
	}

	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "layout", required_argument, NULL, 'l' },
		{ "font-dir", required_argument, NULL, 'F' },
		{ "edition", required_argument, NULL, 'E' },
		{ "duplex", no_argument, NULL, 'D' },
		{ "supplement", optional_argument, NULL, 'S' },
		{ "draft", no_argument, NULL, 'd' },
		{ "pdfa", no_argument, NULL, 'A' },
		{ "no-tagged", no_argument, NULL, 'T' },
		{ "tagged", no_argument, NULL, 't' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "dump", required_argument, NULL, 'P' },
		{ "max-pages", required_argument, NULL, 'N' },
		{ "max-errors", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct pack_options o = { .edition = EDITION_PUBLIC, .tagged = true,
	    .max_pages = 100000, .source_dir = ap_data_dir() };
	const char *out = NULL, *layout_name = NULL;
	int c, verbosity = 0;
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:l:hqv", longopts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'o': out = optarg; break;
		case 'l': layout_name = optarg; break;
		case 'F': o.font_dir = optarg; break;
		case 'E':
			if (strcmp(optarg, "public") == 0)
				o.edition = EDITION_PUBLIC;
			else if (strcmp(optarg, "full") == 0)
				o.edition = EDITION_FULL;
			else if (strcmp(optarg, "all") == 0 || strcmp(optarg, "record") == 0)
				o.edition = EDITION_RECORD;
			else {
				fprintf(stderr, "agendapack: error: --edition takes "
				    "'public', 'full' or 'all', not '%s'\n", optarg);
				return AP_EXIT_USAGE;
			}
			break;
		case 'D': o.duplex = true; break;
		case 'S':
			if (!supplement_number(argc, argv, &o.supplement))
				return AP_EXIT_USAGE;
			break;
		case 'd': o.draft = true; break;
		case 'A': o.pdfa = true; break;
		case 'T': o.tagged = false; break;
		case 't': o.tagged = true; break;
		case 'M': o.manifest = optarg; break;
		case 'P': o.dump = optarg; break;
		case 'N':
		case 'e':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 100000000) {
				fprintf(stderr, "agendapack: error: --%s takes a whole "
				    "number from 1, not '%s'\n",
				    c == 'N' ? "max-pages" : "max-errors", optarg);
				return AP_EXIT_USAGE;
			}
			if (c == 'N')
				o.max_pages = (int)v;
			else
				diag_set_cap((int)v);
			break;
		case 'h': usage(stdout); return AP_EXIT_OK;
		case 'q': verbosity = -1; diag_set_min_level(DIAG_ERROR); break;
		case 'v': verbosity = 1; diag_set_min_level(DIAG_NOTE); break;
		case ':': return usage_error("option '%s' needs a value",
		    argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error("%s takes one input file", cmd);
	const char *in = argv[optind];

	return run(in, build, layout_name, &o, out, verbosity);
}
