/*
 * init.c - agendapack init DIR [--council NAME] [--committee NAME]
 * (init.h).  The templates are C strings below; @COUNCIL@, @COMMITTEE@,
 * @STYLE@, @SCHEMA@ (the data folder's JSON Schemas, for an editor's
 * yaml-language-server) and the @DATE...@ fields are filled in as each
 * is written (names YAML-quoted).
 */
#include "init.h"
#include "../util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char meeting_tpl[] =
"# yaml-language-server: $schema=@SCHEMA@/meeting.schema.json\n"
"# The agenda of one meeting: agendapack build meeting.yaml -o pack.pdf\n"
"# Every key is explained in docs/format.md.  Text is plain YAML; inside\n"
"# text, **bold**, *italic* and [links](https://example.org) work.\n"
"council: @COUNCIL@\n"
"committee: @COMMITTEE@\n"
"date: @DATE@                     # YYYY-MM-DD\n"
"time: \"18:30\"                     # quoted: HH:MM, 24-hour\n"
"venue: Council Chamber, Town Hall\n"
"language: en-GB                   # or cy; languages: [cy, en-GB] for both\n"
"layout: @STYLE@             # layouts/@STYLE@.yaml beside this file\n"
"contact:                          # printed on the front sheet\n"
"  name: A. Officer\n"
"  role: Democratic Services Officer\n"
"  phone: 01632 960000\n"
"  email: democratic.services@example.org\n"
"\n"
"# Who sits on the committee: the generated membership paper (item 1)\n"
"# prints it with the apologies, substitutions and declarations.\n"
"membership:\n"
"  quorum: 3\n"
"  enquiries: A. Officer, Democratic Services Officer\n"
"  members:\n"
"    - name: Councillor J. Smith\n"
"      role: Chair\n"
"    - name: Councillor K. Jones\n"
"      role: Vice-Chair\n"
"    - Councillor L. Brown\n"
"    - Councillor M. Green\n"
"    - Councillor P. White\n"
"  apologies:\n"
"    - Councillor P. White\n"
"  substitutions:                  # who attends in a member's place\n"
"    - member: Councillor P. White\n"
"      substitute: Councillor R. Black\n"
"  declarations:\n"
"    - \"Councillor L. Brown, item 4: a non-pecuniary interest as a trustee of the Town Trust\"\n"
"\n"
"# The agenda, numbered 1, 2, 3 ... in order.  An item's papers are\n"
"# files of their own (reports, minutes, PDFs) or generated.\n"
"items:\n"
"  - title: Membership, Apologies, Substitutions and Declarations of Interest\n"
"    papers:\n"
"      - generate: membership\n"
"\n"
"  - title: Minutes\n"
"    description: To approve as a correct record the minutes of the meeting held on @MDATE_TEXT@.\n"
"    papers:\n"
"      - minutes-@MDATE@.yaml\n"
"\n"
"  - title: Questions from the Public\n"
"    notes:\n"
"      - Up to 15 minutes is allowed for questions from members of the public.\n"
"\n"
"  - title: Annual Report\n"
"    description: To consider report @REF@/01.\n"
"    papers:\n"
"      - annual-report.yaml\n"
"\n"
"  # An exempt item: left out of the public pack (the front sheet prints\n"
"  # the exclusion wording instead); --edition full includes its paper,\n"
"  # each page marked NOT FOR PUBLICATION.  The number is its paragraph\n"
"  # of Schedule 12A (3: financial or business affairs), which the style\n"
"  # words under the item (or write 'exempt_reason' in your own words).\n"
"  - title: Contract Award\n"
"    exempt: 3\n"
"    papers:\n"
"      - contract-award.yaml\n"
"\n"
"  - title: Urgent Business\n"
"    description: To consider any matter which in the opinion of the Chair should be considered as a matter of urgency.\n";

static const char minutes_tpl[] =
"# yaml-language-server: $schema=@SCHEMA@/minutes.schema.json\n"
"# Minutes of the last meeting, approved at item 2 of the next.  Also\n"
"# built on its own: agendapack build minutes-@MDATE@.yaml (--draft\n"
"# marks every page DRAFT until they are approved).  docs/format.md.\n"
"paper: minutes\n"
"council: @COUNCIL@\n"
"committee: @COMMITTEE@\n"
"date: @MDATE@\n"
"time: \"18:30\"                     # when it started\n"
"venue: Council Chamber, Town Hall\n"
"present:\n"
"  - name: Councillor J. Smith\n"
"    role: Chair\n"
"  - Councillor K. Jones\n"
"  - Councillor L. Brown\n"
"  - Councillor M. Green\n"
"officers:\n"
"  - A. Officer, Democratic Services Officer\n"
"apologies:\n"
"  - Councillor P. White\n"
"minutes:                          # one entry per minute\n"
"  - number: 1\n"
"    title: Apologies and Declarations of Interest\n"
"    body:\n"
"      - Apologies were received from Councillor P. White. There were no declarations of interest.\n"
"  - number: 2\n"
"    title: Annual Report\n"
"    body:\n"
"      - The Committee considered the annual report.\n"
"    vote: {for: 3, against: 0, abstained: 1}  # counts, or lists of names\n"
"    resolved:                     # the style's \"It was Agreed that:\" (or\n"
"      - The report be noted.      # \"RESOLVED:\") and a numbered list\n"
"      - A further update be brought to the next meeting.\n"
"  # An exempt minute ('exempt: 3', its paragraph of Schedule 12A) is\n"
"  # left out of the public minutes with a sentence saying so.\n"
"closed: \"19:45\"                   # \"... the meeting closed at 19:45.\"\n";

static const char report_tpl[] =
"# yaml-language-server: $schema=@SCHEMA@/report.schema.json\n"
"# A report: a header table, a title and a body of blocks (headings,\n"
"# paragraphs, lists, tables, images).  docs/format.md, \"Blocks\".\n"
"paper: report\n"
"reference: @REF@/01\n"
"title: Annual Report\n"
"header:                           # label: value, printed as a table\n"
"  - Committee: @COMMITTEE@\n"
"  - Date: @DATE@                  # printed in the style's report date form\n"
"  - Enquiries to: A. Officer, Democratic Services Officer\n"
"body:\n"
"  - heading: Purpose of the report\n"
"  - This report summarises the Committee's work over the last year.\n"
"  - heading: Recommendations\n"
"  - list:                         # style: bullet, number, roman, letter\n"
"      style: number\n"
"      items:\n"
"        - To note the report.\n"
"        - To agree the work programme for the coming year.\n"
"  - heading: Meetings held\n"
"  - table:\n"
"      columns:                    # titles make the header row\n"
"        - title: Quarter\n"
"        - title: Meetings\n"
"          align: right\n"
"        - title: Items considered\n"
"          align: right\n"
"      rows:\n"
"        - [Quarter 1, \"2\", \"11\"]\n"
"        - [Quarter 2, \"1\", \"6\"]\n"
"        - [Quarter 3, \"2\", \"9\"]\n"
"        - [Quarter 4, \"1\", \"5\"]\n";

static const char exempt_tpl[] =
"# yaml-language-server: $schema=@SCHEMA@/report.schema.json\n"
"# The exempt item's paper: only in --edition full, every page marked\n"
"# NOT FOR PUBLICATION.\n"
"paper: report\n"
"reference: @REF@/02               # printed at the top right\n"
"title: Contract Award             # the paper's first heading\n"
"body:\n"
"  - The tenders received and the officers' evaluation of them.\n";

static const char style_tpl[] =
"# yaml-language-server: $schema=@SCHEMA@/style.schema.json\n"
"# @COUNCIL_TEXT@'s house style: everything not set here comes from\n"
"# the style it extends (default, large-print or borough).  Every key is\n"
"# explained in docs/layout.md.  The meeting names it with\n"
"# 'layout: @STYLE@'; agendapack finds it in layouts/ beside the meeting.\n"
"extends: default\n"
"name: @STYLE@\n"
"# fonts: {regular: Liberation Serif}   # any fontconfig family or .ttf file\n"
"# colours: {heading: \"#004b87\"}\n"
"# Fixed phrases, per language (docs/layout.md, \"Fixed text\"):\n"
"text:\n"
"  en-GB:\n"
"    chair: Chair                   # the signature line (built in: Chairman)\n"
"# The council's own information pages, printed after the front sheet.\n"
"# Replace this placeholder text with your council's.\n"
"standing:\n"
"  - heading: About @COUNCIL_TEXT@ meetings\n"
"  - Meetings are open to the public, except for items marked as exempt on the agenda.\n"
"  - heading: Coming to a meeting\n"
"    level: 2\n"
"  - Placeholder - the venue's address, step-free access and hearing loop.\n"
"  - heading: Alternative formats\n"
"    level: 2\n"
"  - Placeholder - how to ask for this agenda in large print or another format.\n";

/* One file init writes: its name in DIR and its template. */
struct init_file {
	const char *name;
	const char *tpl;
};

/* s as a YAML double-quoted scalar. */
static char *yaml_quote(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(&b, "\\x%02x", (unsigned char)*s);
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '"');
	char *r = arena_strdup(a, b.s);
	buf_free(&b);
	return r;
}

/* name lower-cased, runs of other characters as one '-': "eastmere-
 * borough-council"; "council" when nothing is left. */
static char *slug(struct arena *a, const char *name)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf_addc(&b, c);
		else if (b.len > 0 && b.s[b.len - 1] != '-' && b.len < 40)
			buf_addc(&b, '-');
	}
	while (b.len > 0 && b.s[b.len - 1] == '-')
		b.s[--b.len] = '\0';
	char *r = arena_strdup(a, b.len ? b.s : "council");
	buf_free(&b);
	return r;
}

/* The template with every @KEY@ of keys[i] replaced by vals[i]. */
static char *fill(struct arena *a, const char *tpl, const char *const *keys,
    const char *const *vals, size_t n)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = tpl; *p; ) {
		size_t i = n;
		if (*p == '@')
			for (i = 0; i < n; i++)
				if (strncmp(p, keys[i], strlen(keys[i])) == 0)
					break;
		if (i < n) {
			buf_adds(&b, vals[i]);
			p += strlen(keys[i]);
		} else {
			buf_addc(&b, *p++);
		}
	}
	char *r = arena_strdup(a, b.s);
	buf_free(&b);
	return r;
}

/* Writes text to path, which must not exist; false after a message. */
static bool write_new(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		fprintf(stderr, "agendapack: error: %s: %s\n", path, strerror(errno));
		return false;
	}
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "agendapack: error: %s: %s\n", path,
			    strerror(errno));
			close(fd);
			return false;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "agendapack: error: %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

/* Makes dir (and its parents); false after a message. */
static bool make_dirs(struct arena *a, const char *dir)
{
	char *p = arena_strdup(a, dir);
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "agendapack: error: %s: %s\n", p, strerror(errno));
			return false;
		}
		*s = c;
		if (c == '\0')
			return true;
	}
}

/* "YYYY-MM-DD" and "D Month YYYY" of the day t falls on (UTC). */
static void day_of(struct arena *a, time_t t, char **iso, char **text)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	struct tm tm;
	gmtime_r(&t, &tm);
	*iso = arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	*text = arena_printf(a, "%d %s %04d", tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900);
}

/* Writes the starting point into dir; returns an enum ap_exit. */
static int init_write(struct arena *a, const char *dir, const char *council,
    const char *committee)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t now = env && *env ? (time_t)strtoll(env, NULL, 10) : time(NULL);
	char *date, *date_text, *mdate, *mdate_text;
	day_of(a, now + 21 * 86400, &date, &date_text);
	day_of(a, now - 7 * 86400, &mdate, &mdate_text);
	const char *style = slug(a, council);
	const char *const keys[] = { "@COUNCIL_TEXT@", "@COUNCIL@", "@COMMITTEE@",
	    "@STYLE@", "@DATE@", "@MDATE_TEXT@", "@MDATE@", "@REF@", "@SCHEMA@" };
	const char *const vals[] = { council, yaml_quote(a, council),
	    yaml_quote(a, committee), style, date, mdate_text, mdate, "REP",
	    arena_printf(a, "%s/schema", ap_data_dir()) };
	const struct init_file files[] = {
		{ "meeting.yaml", meeting_tpl },
		{ arena_printf(a, "minutes-%s.yaml", mdate), minutes_tpl },
		{ "annual-report.yaml", report_tpl },
		{ "contract-award.yaml", exempt_tpl },
		{ arena_printf(a, "layouts/%s.yaml", style), style_tpl },
	};
	size_t n = sizeof files / sizeof files[0];
	int clash = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		const char *path = path_join(a, dir, files[i].name);
		if (lstat(path, &st) == 0) {
			fprintf(stderr, "agendapack: error: %s exists; init never "
			    "overwrites a file\n", path);
			clash++;
		}
	}
	if (clash)
		return AP_EXIT_CANTCREAT;
	if (!make_dirs(a, path_join(a, dir, "layouts")))
		return AP_EXIT_CANTCREAT;
	for (size_t i = 0; i < n; i++) {
		const char *text = fill(a, files[i].tpl, keys, vals,
		    sizeof keys / sizeof keys[0]);
		if (!write_new(path_join(a, dir, files[i].name), text))
			return AP_EXIT_CANTCREAT;
	}
	printf("agendapack: wrote %s/meeting.yaml and its papers; build it with\n"
	    "  agendapack build %s/meeting.yaml -o %s/pack.pdf\n", dir, dir, dir);
	return AP_EXIT_OK;
}

int init_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "council", required_argument, NULL, 'c' },
		{ "committee", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 } };
	const char *council = "Example Council", *committee = "Example Committee";
	int ch;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': council = optarg; break;
		case 'm': committee = optarg; break;
		default:
			fprintf(stderr, "usage: agendapack init DIR [--council NAME] "
			    "[--committee NAME]\n");
			return AP_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || argv[optind][0] == '\0') {
		fprintf(stderr, "usage: agendapack init DIR [--council NAME] "
		    "[--committee NAME]\n");
		return AP_EXIT_USAGE;
	}
	struct arena *a = arena_new();
	int status = init_write(a, argv[optind], council, committee);
	arena_free(a);
	return status;
}
