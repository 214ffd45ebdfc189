/*
 * load-style.c - style files (house styles, layouts/NAME.yaml) into
 * struct style.
 *
 * The schema accepted here is docs/layout.md; keep them in step.  In
 * short, every key optional (defaults in load_style_defaults):
 *
 *   extends name page{size margins} fonts{regular bold italic bold_italic
 *   fallback} sizes{body small h1 h2 h3 title} leading paragraph_space
 *   align colours{text heading rule shade header_shade}
 *   header{left centre right} footer{left centre right} date_style
 *   dates{meeting list report text} times{meeting minutes}
 *   approval{record signed}
 *   title_pattern subitem_number bullet exempt{note wording} standing
 *   text{LANG{KEY: PHRASE}} (load-text.c) front_sheet_membership
 */
#include "load-int.h"
#include "../util/date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A length in 1/1000 pt: a number of pt, or text with pt, mm or cm;
 * dflt when absent or wrong. */
static int load_length(const struct ynode *n, const char *key, int dflt)
{
	if (n == NULL || yamltree_is_null(n))
		return dflt;
	if (n->kind == YNODE_SCALAR) {
		static const struct { const char *unit; double mpt; } units[] = {
			{ "pt", 1000 }, { "mm", 2834.6 }, { "cm", 28346 },
			{ "in", 72000 }, { "", 1000 } };
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t ul = strlen(units[i].unit);
			if (n->len <= ul || strcmp(n->text + n->len - ul, units[i].unit))
				continue;
			char num[64];
			size_t nl = n->len - ul;
			if (nl >= sizeof num)
				break;
			memcpy(num, n->text, nl);
			while (nl > 0 && num[nl - 1] == ' ')
				nl--;
			num[nl] = '\0';
			double v;
			if (!load_parse_number(num, &v))
				break;
			v *= units[i].mpt;
			if (v < 0 || v > 14400.0 * 1000) {
				diag(DIAG_ERROR, n->pos, "'%s' must be from 0 to 14400pt",
				    key);
				return dflt;
			}
			return (int)lround(v);
		}
	}
	diag(DIAG_ERROR, n->pos, "'%s' must be a length: a number of pt, or "
	    "text like \"25mm\", \"2.5cm\" or \"72pt\"", key);
	return dflt;
}

/* A font size in pt (1 to 200) into 1/1000 pt. */
static int load_size(const struct ynode *n, const char *key, double dflt)
{
	return (int)lround(load_number(n, key, 1, 200, dflt) * 1000);
}

/* A colour "#rrggbb", or dflt. */
static struct rgb load_colour(const struct ynode *n, const char *key,
    unsigned dflt)
{
	unsigned v = dflt;
	if (n != NULL && !yamltree_is_null(n)) {
		const char *s = n->kind == YNODE_SCALAR ? n->text : "";
		char *end;
		if (s[0] == '#' && strlen(s) == 7 &&
		    (v = (unsigned)strtoul(s + 1, &end, 16), *end == '\0') &&
		    s[1] != '+' && s[1] != '-' && s[1] != ' ') {
			/* v holds it */
		} else {
			diag(DIAG_ERROR, n->pos, "'%s' must be a colour written "
			    "\"#rrggbb\"", key);
			v = dflt;
		}
	}
	struct rgb c = { ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
	    (v & 255) / 255.0 };
	return c;
}

/* A font role: a .ttf/.otf/.ttc file or a fontconfig pattern. */
static struct font_role load_font(const struct ynode *n, const char *key,
    const char *dflt)
{
	struct font_role f = { NULL, NULL };
	const char *s = load_text(n, key);
	if (s == NULL || s[0] == '\0')
		s = dflt;
	size_t l = strlen(s);
	if (l > 4 && (strcasecmp(s + l - 4, ".ttf") == 0 ||
	    strcasecmp(s + l - 4, ".otf") == 0 || strcasecmp(s + l - 4, ".ttc") == 0))
		f.file = s;
	else
		f.family = s;
	return f;
}

/* Running text {left, centre, right}, keeping defaults for absent keys
 * and NULL for empty text. */
static void load_running(const struct ynode *n, const char *key,
    struct running *r)
{
	static keylist keys = { "left", "centre", "right", NULL };
	if (n == NULL || yamltree_is_null(n) || !load_is_map(n, key))
		return;
	load_keys(n, keys);
	const char **slot[] = { &r->left, &r->centre, &r->right };
	for (int i = 0; i < 3; i++) {
		const struct ynode *v = yamltree_get(n, keys[i]);
		if (v == NULL)
			continue;
		const char *s = load_text(v, keys[i]);
		*slot[i] = s && s[0] ? s : NULL;
	}
}

static const char default_exempt_wording[] =
    "- To consider whether the press and public should be excluded from the "
    "meeting during consideration of an agenda item on the grounds that it "
    "involves the likely disclosure of exempt information as specified in "
    "Part I of Schedule 12A of the Local Government Act 1972 or it being "
    "confidential for the purposes of Section 100A(2) of that Act.\n"
    "- In each case, Members are asked to decide whether, in all the "
    "circumstances, the public interest in maintaining the exemption (and "
    "discussing the matter in private) outweighs the public interest in "
    "disclosing the information.\n";

/* Fills l with the defaults of docs/layout.md. */
static void load_style_defaults(struct loader *ld, struct style *l)
{
	l->name = "default";
	l->page_w = 595276;
	l->page_h = 841890;
	l->margin_top = l->margin_bottom = 72000;
	l->margin_left = l->margin_right = 57000;
	l->fonts[FONT_REGULAR].family = "Liberation Sans";
	l->fonts[FONT_BOLD].family = "Liberation Sans:bold";
	l->fonts[FONT_ITALIC].family = "Liberation Sans:italic";
	l->fonts[FONT_BOLD_ITALIC].family = "Liberation Sans:bold:italic";
	l->fallback = arena_alloc(ld->a, sizeof *l->fallback);
	l->fallback[0] = "DejaVu Sans";
	l->nfallback = 1;
	l->size_body = 11000;
	l->size_small = 9000;
	l->size_h[0] = 14000;
	l->size_h[1] = 12000;
	l->size_h[2] = 11000;
	l->size_title = 20000;
	l->leading = 1.25;
	l->para_space = 6000;
	l->align = ALIGN_LEFT;
	l->text = l->heading = l->rule = (struct rgb){ 0, 0, 0 };
	l->shade = load_colour(NULL, "", 0xd9d9d9);
	l->header_shade = load_colour(NULL, "", 0xe7e6e6);
	l->footer.centre = "{page_text}";
	l->date_forms[DATE_USE_MEETING] = "long";
	l->date_forms[DATE_USE_LIST] = "weekday";
	l->date_forms[DATE_USE_REPORT] = "plain";
	l->date_forms[DATE_USE_TEXT] = "plain";
	l->date_forms[DATE_USE_LETTER] = "plain";
	l->letter.subject = SUBJECT_CAPITALS;
	l->letter.header.left = "{to}";
	l->letter.header.right = "{date}";
	l->letter.footer.centre = "Page {page} of {pages}";
	l->time_forms[TIME_USE_MEETING] = "24h";
	l->time_forms[TIME_USE_MINUTES] = NULL;  /* times.meeting's unless set */
	l->title_pattern = "{committee}, {date}: agenda pack";
	l->subitem_number = "{item}({letter})";
	l->approval_record = "Approved as a correct record at the meeting on "
	    "{date}, minute {minute}.";
	l->approval_signed = "Signed: {name}, {role}";
	l->list_bullet = "\xe2\x80\xa2";
	l->supplement_prefix = "S{n}-";
	load_style_text_defaults(ld->a, l);
	l->exempt_heading_note = inline_parse(ld->a, "(During consideration of "
	    "these items the meeting is not likely to be open to the press and "
	    "public)", (struct pos){ "<built-in>", 0, 0 });
	struct ynode *root;
	if (yamltree_parse(ld->a, "<built-in>", default_exempt_wording,
	    sizeof default_exempt_wording - 1, &root) == 0)
		l->exempt_wording = load_blocks(ld, root);
}

static const struct { const char *name; int w, h; } page_sizes[] = {
	{ "A4", 595276, 841890 }, { "A3", 841890, 1190551 },
	{ "A5", 419528, 595276 }, { "Letter", 612000, 792000 } };

/* Sets l's sub-item number pattern from n (or NULL): exactly one
 * counter field ({letter} {Letter} {letter_cy} {roman} {Roman}
 * {number}), {item} at most once, no other field. */
static void load_style_subitem(const struct ynode *n, struct style *l)
{
	static const char *const counters[] = { "{letter}", "{Letter}",
	    "{letter_cy}", "{roman}", "{Roman}", "{number}", NULL };
	const char *s = load_text(n, "subitem_number");
	if (s == NULL)
		return;
	int ncounters = 0, nitem = 0, other = 0;
	for (const char *p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		int k;
		for (k = 0; counters[k] != NULL; k++)
			if (strncmp(p, counters[k], strlen(counters[k])) == 0)
				break;
		if (counters[k] != NULL)
			ncounters++;
		else if (strncmp(p, "{item}", 6) == 0)
			nitem++;
		else
			other++;
	}
	if (ncounters != 1 || nitem > 1 || other > 0) {
		diag(DIAG_ERROR, n->pos, "'subitem_number' must hold one of "
		    "{letter}, {Letter}, {letter_cy}, {roman}, {Roman} or {number}, "
		    "and may hold {item}: \"%s\"", s);
		return;
	}
	l->subitem_number = s;
}

/* Sets l's page size from 'size': a name or [width, height]. */
static void load_style_page_size(const struct ynode *s, struct style *l)
{
	if (s != NULL && s->kind == YNODE_SEQ) {
		if (s->nitems != 2) {
			diag(DIAG_ERROR, s->pos, "'size' must be a name or [width, "
			    "height]");
		} else {
			l->page_w = load_length(s->items[0], "size", l->page_w);
			l->page_h = load_length(s->items[1], "size", l->page_h);
		}
	} else if (s != NULL && !yamltree_is_null(s)) {
		size_t i, ns = sizeof page_sizes / sizeof page_sizes[0];
		for (i = 0; i < ns; i++)
			if (s->kind == YNODE_SCALAR &&
			    strcasecmp(s->text, page_sizes[i].name) == 0)
				break;
		if (i < ns) {
			l->page_w = page_sizes[i].w;
			l->page_h = page_sizes[i].h;
		} else {
			diag(DIAG_ERROR, s->pos, "'size' must be A4, A3, A5, Letter "
			    "or [width, height]");
		}
	}
}

/* Sets l's page size and margins from the 'page' mapping n. */
static void load_style_page(const struct ynode *n, struct style *l)
{
	static keylist page_keys = { "size", "margins", NULL };
	load_keys(n, page_keys);
	load_style_page_size(yamltree_get(n, "size"), l);
	const struct ynode *mg = yamltree_get(n, "margins");
	int *slot[] = { &l->margin_top, &l->margin_right, &l->margin_bottom,
	    &l->margin_left };
	if (mg != NULL && mg->kind == YNODE_SEQ && mg->nitems == 4) {
		for (int i = 0; i < 4; i++)
			*slot[i] = load_length(mg->items[i], "margins", *slot[i]);
	} else if (mg != NULL && mg->kind == YNODE_SCALAR &&
	    !yamltree_is_null(mg)) {
		int v = load_length(mg, "margins", -1);
		if (v >= 0)
			for (int i = 0; i < 4; i++)
				*slot[i] = v;
	} else if (mg != NULL && !yamltree_is_null(mg)) {
		diag(DIAG_ERROR, mg->pos, "'margins' must be [top, right, "
		    "bottom, left] or one length for all four");
	}
	if (l->margin_left + l->margin_right >= l->page_w ||
	    l->margin_top + l->margin_bottom >= l->page_h)
		diag(DIAG_ERROR, n->pos, "the margins leave no room on the page");
}

/* Sets l's font roles and fallbacks from the 'fonts' mapping n. */
static void load_style_fonts(struct loader *ld, const struct ynode *n,
    struct style *l)
{
	static keylist font_keys = { "regular", "bold", "italic", "bold_italic",
	    "fallback", NULL };
	load_keys(n, font_keys);
	for (int i = 0; i < FONT_NROLES; i++) {
		const struct ynode *f = yamltree_get(n, font_keys[i]);
		if (f != NULL)
			l->fonts[i] = load_font(f, font_keys[i], l->fonts[i].family);
	}
	const struct ynode *fb = yamltree_get(n, "fallback");
	if (fb != NULL && fb->kind == YNODE_SCALAR && !yamltree_is_null(fb)) {
		l->fallback[0] = fb->text;
	} else if (fb != NULL && load_is_seq(fb, "fallback")) {
		l->fallback = arena_alloc(ld->a, (fb->nitems ? fb->nitems : 1) *
		    sizeof *l->fallback);
		l->nfallback = 0;
		for (size_t i = 0; i < fb->nitems; i++) {
			const char *s = load_text(fb->items[i], "fallback");
			if (s != NULL && s[0] != '\0')
				l->fallback[l->nfallback++] = s;
		}
	} else if (fb != NULL) {
		l->nfallback = 0;
	}
}

/* Sets l's type sizes from the 'sizes' mapping n. */
static void load_style_sizes(const struct ynode *n, struct style *l)
{
	static keylist size_keys = { "body", "small", "h1", "h2", "h3", "title",
	    NULL };
	load_keys(n, size_keys);
	int *slot[] = { &l->size_body, &l->size_small, &l->size_h[0],
	    &l->size_h[1], &l->size_h[2], &l->size_title };
	for (int i = 0; i < 6; i++)
		*slot[i] = load_size(yamltree_get(n, size_keys[i]), size_keys[i],
		    *slot[i] / 1000.0);
}

/* Sets l's colours from the 'colours' mapping n. */
static void load_style_colours(const struct ynode *n, struct style *l)
{
	static keylist colour_keys = { "text", "heading", "rule", "shade",
	    "header_shade", NULL };
	load_keys(n, colour_keys);
	struct rgb *slot[] = { &l->text, &l->heading, &l->rule, &l->shade,
	    &l->header_shade };
	for (int i = 0; i < 5; i++) {
		unsigned d = (unsigned)lround(slot[i]->r * 255) << 16 |
		    (unsigned)lround(slot[i]->g * 255) << 8 |
		    (unsigned)lround(slot[i]->b * 255);
		*slot[i] = load_colour(yamltree_get(n, colour_keys[i]),
		    colour_keys[i], d);
	}
}

/* Sets l's exempt-items note and wording from the 'exempt' mapping n. */
static void load_style_exempt(struct loader *ld, const struct ynode *n,
    struct style *l)
{
	static keylist exempt_keys = { "note", "wording", NULL };
	load_keys(n, exempt_keys);
	const struct ynode *v = yamltree_get(n, "note");
	if (v != NULL)
		l->exempt_heading_note = load_inline(ld, load_langs_scalar(ld, v),
		    "note");
	v = yamltree_get(n, "wording");
	if (v != NULL)
		l->exempt_wording = load_blocks(ld, v);
}

/* A date (or time, when is_time) form of n, key: a preset name or a
 * pattern with {parts} (date.h); dflt when absent, reported when wrong. */
const char *load_date_form(const struct ynode *n, const char *key,
    bool is_time, const char *dflt)
{
	const char *s = load_text(n, key);
	if (s == NULL)
		return dflt;
	if ((is_time ? time_preset(s) : date_preset(s)) != NULL)
		return s;
	const char *bad = strchr(s, '{') ? date_pattern_problem(s, is_time) :
	    "";
	if (bad == NULL)
		return s;
	if (bad[0] == '\0')
		diag(DIAG_ERROR, n->pos, "'%s' must be a %s preset (%s) or a pattern "
		    "with {parts}, not '%s'", key, is_time ? "time" : "date",
		    is_time ? "24h, 12h, 12h-space, 12h-colon" :
		    "long, weekday, ordinal, plain, plain0, numeric, iso", s);
	else
		diag(DIAG_ERROR, n->pos, "'%s': %s is not a part of a %s (see "
		    "docs/layout.md)", key, bad, is_time ? "time" : "date");
	return dflt;
}

/* dates{meeting list report text} and times{meeting minutes} of root
 * into l's forms. */
static void load_style_dates(const struct ynode *root, struct style *l)
{
	static keylist dkeys = { "meeting", "list", "report", "text", "letter",
	    NULL };
	static keylist tkeys = { "meeting", "minutes", NULL };
	static const char *const legacy[] = { "long", "short", NULL };
	const struct ynode *n = yamltree_get(root, "date_style");
	if (n != NULL)
		l->date_forms[DATE_USE_MEETING] = load_choice(n, "date_style",
		    legacy, 0) ? "numeric" : "long";
	if ((n = yamltree_get(root, "dates")) != NULL && load_is_map(n, "'dates'")) {
		load_keys(n, dkeys);
		for (int u = 0; u < DATE_USES; u++)
			l->date_forms[u] = load_date_form(yamltree_get(n, dkeys[u]),
			    dkeys[u], false, l->date_forms[u]);
	}
	if ((n = yamltree_get(root, "times")) != NULL && load_is_map(n, "'times'")) {
		load_keys(n, tkeys);
		for (int u = 0; u < TIME_USES; u++)
			l->time_forms[u] = load_date_form(yamltree_get(n, tkeys[u]),
			    tkeys[u], true, l->time_forms[u]);
	}
}

/* The 'letter' section: sender lines, window, subject case, the running
 * text of a letter's later pages. */
static void load_style_letter(struct loader *ld, const struct ynode *n,
    struct style *l)
{
	static keylist keys = { "from", "window", "subject", "header", "footer",
	    NULL };
	static const char *const windows[] = { "none", "dl", NULL };
	static const char *const cases[] = { "capitals", "as_written", NULL };
	load_keys(n, keys);
	const struct ynode *f = yamltree_get(n, "from");
	if (f != NULL && load_is_seq(f, "from")) {
		l->letter.from = arena_alloc(ld->a, (f->nitems ? f->nitems : 1) *
		    sizeof *l->letter.from);
		l->letter.nfrom = 0;
		for (size_t i = 0; i < f->nitems; i++) {
			const char *s = load_text(f->items[i], "from");
			if (s != NULL)
				l->letter.from[l->letter.nfrom++] = s;
		}
	}
	const struct ynode *w = yamltree_get(n, "window");
	if (w != NULL)
		l->letter.window_dl = load_choice(w, "window", windows, 0) == 1;
	const struct ynode *c = yamltree_get(n, "subject");
	if (c != NULL)
		l->letter.subject = load_choice(c, "subject", cases, 0) == 1 ?
		    SUBJECT_AS_WRITTEN : SUBJECT_CAPITALS;
	load_running(yamltree_get(n, "header"), "'header'", &l->letter.header);
	load_running(yamltree_get(n, "footer"), "'footer'", &l->letter.footer);
}

/* 'supplement_pages': continue, or a prefix pattern with {n} ("S{n}-"). */
static void load_style_supplement(const struct ynode *n, struct style *l)
{
	const char *s = load_text(n, "supplement_pages");
	if (s == NULL)
		return;
	if (strcmp(s, "continue") == 0) {
		l->supplement_continue = true;
		return;
	}
	if (s[0] == '\0' || strstr(s, "{n}") == NULL) {
		diag(DIAG_ERROR, n->pos, "'supplement_pages' must be 'continue' or a "
		    "prefix holding {n}, the supplement's number (\"S{n}-\")");
		return;
	}
	l->supplement_continue = false;
	l->supplement_prefix = s;
}

/* Fills l from the layout's root mapping, over what l holds (the
 * defaults, then the styles it extends): only keys given change it. */
static void load_style_root(struct loader *ld, const struct ynode *root,
    struct style *l)
{
	static keylist keys = { "extends", "name", "page", "fonts", "sizes",
	    "leading",
	    "paragraph_space", "align", "colours", "header", "footer",
	    "date_style", "dates", "times", "approval", "title_pattern",
	    "subitem_number", "bullet",
	    "exempt", "standing", "text", "front_sheet_membership", "letter",
	    "supplement_pages", NULL };
	static const char *const aligns[] = { "left", "justify", NULL };
	const struct ynode *n;

	load_keys(root, keys);
	l->pos = root->pos;
	const char *name = load_text(yamltree_get(root, "name"), "name");
	if (name != NULL)
		l->name = name;
	if ((n = yamltree_get(root, "page")) != NULL && load_is_map(n, "'page'"))
		load_style_page(n, l);
	if ((n = yamltree_get(root, "fonts")) != NULL && load_is_map(n, "'fonts'"))
		load_style_fonts(ld, n, l);
	if ((n = yamltree_get(root, "sizes")) != NULL && load_is_map(n, "'sizes'"))
		load_style_sizes(n, l);
	l->leading = load_number(yamltree_get(root, "leading"), "leading", 0.8, 4,
	    l->leading);
	l->para_space = (int)lround(load_number(yamltree_get(root,
	    "paragraph_space"), "paragraph_space", 0, 200, l->para_space / 1000.0)
	    * 1000);
	if ((n = yamltree_get(root, "align")) != NULL)
		l->align = load_choice(n, "align", aligns, 0) ? ALIGN_JUSTIFY :
		    ALIGN_LEFT;
	if ((n = yamltree_get(root, "colours")) != NULL &&
	    load_is_map(n, "'colours'"))
		load_style_colours(n, l);
	load_running(yamltree_get(root, "header"), "'header'", &l->header);
	load_running(yamltree_get(root, "footer"), "'footer'", &l->footer);
	load_style_dates(root, l);
	if ((n = yamltree_get(root, "approval")) != NULL &&
	    load_is_map(n, "'approval'")) {
		static keylist akeys = { "record", "signed", NULL };
		load_keys(n, akeys);
		const char *t = load_text(yamltree_get(n, "record"), "record");
		l->approval_record = t ? t : l->approval_record;
		t = load_text(yamltree_get(n, "signed"), "signed");
		l->approval_signed = t ? t : l->approval_signed;
	}
	const char *s = load_text(yamltree_get(root, "title_pattern"),
	    "title_pattern");
	if (s != NULL && s[0] != '\0')
		l->title_pattern = s;
	load_style_subitem(yamltree_get(root, "subitem_number"), l);
	s = load_text(yamltree_get(root, "bullet"), "bullet");
	if (s != NULL && s[0] != '\0')
		l->list_bullet = s;
	if ((n = yamltree_get(root, "exempt")) != NULL &&
	    load_is_map(n, "'exempt'"))
		load_style_exempt(ld, n, l);
	if ((n = yamltree_get(root, "standing")) != NULL)
		l->standing = load_blocks(ld, n);
	if ((n = yamltree_get(root, "text")) != NULL)
		load_style_text(ld, n, l);
	if ((n = yamltree_get(root, "front_sheet_membership")) != NULL)
		l->front_membership = load_bool(n, "front_sheet_membership", false);
	if ((n = yamltree_get(root, "letter")) != NULL &&
	    load_is_map(n, "'letter'"))
		load_style_letter(ld, n, l);
	if ((n = yamltree_get(root, "supplement_pages")) != NULL)
		load_style_supplement(n, l);
}

#define STYLE_MAX_EXTENDS 16           /* styles in one 'extends' chain */

/* The styles being loaded, innermost last: to find a cycle. */
struct style_chain {
	const char *paths[STYLE_MAX_EXTENDS + 1];   /* canonical where known */
	const char *names[STYLE_MAX_EXTENDS + 1];   /* as named in messages */
	int n;
};

/* path made canonical (symbolic links and .. resolved) when it exists. */
static const char *style_canonical(struct arena *a, const char *path)
{
	char *r = realpath(path, NULL);
	if (r == NULL)
		return path;
	const char *c = arena_strdup(a, r);
	free(r);
	return c;
}

static void load_style_chain(struct loader *ld, const struct ynode *root,
    struct style *l, struct style_chain *chain);

/* Applies to l the style that root's 'extends' names (and those it
 * extends), reporting at the value a name found nowhere, a cycle or a
 * chain too long. */
static void load_style_parent(struct loader *ld, const struct ynode *root,
    struct style *l, struct style_chain *chain)
{
	const struct ynode *ex = yamltree_get(root, "extends");
	const char *name = load_text(ex, "extends");
	if (name == NULL || name[0] == '\0')
		return;
	const char *path = load_find_style_in(ld->a, name, ld->dir, ex->pos);
	if (path == NULL)
		return;
	const char *canon = style_canonical(ld->a, path);
	for (int i = 0; i < chain->n; i++) {
		if (strcmp(chain->paths[i], canon) != 0)
			continue;
		struct buf b;
		buf_init(&b);
		for (int k = i; k < chain->n; k++)
			buf_printf(&b, "%s extends ", chain->names[k]);
		buf_adds(&b, chain->names[i]);
		diag(DIAG_ERROR, ex->pos, "'extends' goes round in a circle: %s",
		    b.s);
		buf_free(&b);
		return;
	}
	if (chain->n >= STYLE_MAX_EXTENDS) {
		diag(DIAG_ERROR, ex->pos, "'extends' goes more than %d styles deep",
		    STYLE_MAX_EXTENDS);
		return;
	}
	struct ynode *proot;
	int e = load_tree(ld->a, ld->a, path, &proot);
	if (e > 0) {
		load_read_error(ex->pos, "the style", path, e);
		return;
	}
	if (e < 0 || !load_root_ok(path, proot, "a layout: a mapping of keys "
	    "(see docs/layout.md)"))
		return;
	chain->paths[chain->n] = canon;
	chain->names[chain->n++] = path;
	struct loader sub = { ld->a, path, path_dir(ld->a, path) };
	load_style_chain(&sub, proot, l, chain);
	chain->n--;
}

/* Fills l from root over the styles root extends, outermost first. */
static void load_style_chain(struct loader *ld, const struct ynode *root,
    struct style *l, struct style_chain *chain)
{
	load_style_parent(ld, root, l, chain);
	load_style_root(ld, root, l);
}

/* Loads a layout from a parsed tree. */
static struct style *load_style_tree(struct arena *a, const char *name,
    struct ynode *root, int before, int *status)
{
	if (!load_root_ok(name, root, "a layout: a mapping of keys (see "
	    "docs/layout.md)")) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	struct loader ld = { a, name, path_dir(a, name) };
	struct style *l = arena_alloc(a, sizeof *l);
	l->file = name;
	load_style_defaults(&ld, l);
	struct style_chain chain = { { style_canonical(a, name) }, { name }, 1 };
	load_style_chain(&ld, root, l, &chain);
	if (l->time_forms[TIME_USE_MINUTES] == NULL)
		l->time_forms[TIME_USE_MINUTES] = l->time_forms[TIME_USE_MEETING];
	l->pos = root->pos;
	if (diag_count(DIAG_ERROR) > before)
		*status = AP_EXIT_DATAERR;
	return l;
}

struct style *load_style(struct arena *a, const char *path, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*status = 0;
	int e = load_tree(a, a, path, &root);
	if (e > 0) {
		load_read_error((struct pos){ path, 0, 0 }, "the layout", path, e);
		*status = AP_EXIT_NOINPUT;
		return NULL;
	}
	if (e < 0) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	return load_style_tree(a, path, root, before, status);
}

struct style *load_style_string(struct arena *a, const char *name,
    const char *text, size_t len, int *status)
{
	int before = diag_count(DIAG_ERROR);
	struct ynode *root;
	*status = 0;
	if (yamltree_parse(a, name, text, len, &root) < 0) {
		*status = AP_EXIT_DATAERR;
		return NULL;
	}
	return load_style_tree(a, name, root, before, status);
}
