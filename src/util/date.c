/*
 * date.c - calendar arithmetic and the printed forms of dates and times
 * (see date.h).
 */
#include "date.h"

#include <stdio.h>

#include "util.h"

/* The words of one language. */
struct date_words {
	const char *month[12];
	const char *day[7];
	const char *am, *pm;
	const char *(*ordinal)(int d);     /* suffix of day number d */
};

/* English ordinal suffix of d: st, nd, rd, th. */
static const char *ordinal_en(int d)
{
	if (d % 100 >= 11 && d % 100 <= 13)
		return "th";
	switch (d % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	}
	return "th";
}

/* Welsh ordinal suffix of day number d (1af, 2il, 3ydd, 5ed, 7fed, 11eg,
 * 20fed, 21ain). */
static const char *ordinal_cy(int d)
{
	static const char *const s[32] = { "", "af", "il", "ydd", "ydd", "ed",
	    "ed", "fed", "fed", "fed", "fed", "eg", "fed", "eg", "eg", "fed",
	    "eg", "eg", "fed", "eg", "fed", "ain", "ain", "ain", "ain", "ain",
	    "ain", "ain", "ain", "ain", "ain", "ain" };
	return d >= 1 && d <= 31 ? s[d] : "";
}

static const struct date_words words_en = {
	{ "January", "February", "March", "April", "May", "June", "July",
	  "August", "September", "October", "November", "December" },
	{ "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	  "Sunday" },
	"am", "pm", ordinal_en,
};

static const struct date_words words_cy = {
	{ "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	  "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr" },
	{ "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau",
	  "Dydd Gwener", "Dydd Sadwrn", "Dydd Sul" },
	"yb", "yh", ordinal_cy,
};

/* The words for language tag lang: Welsh for "cy" and "cy-*", else
 * English. */
static const struct date_words *words_for(const char *lang)
{
	if (lang != NULL && lang[0] == 'c' && lang[1] == 'y' &&
	    (lang[2] == '\0' || lang[2] == '-'))
		return &words_cy;
	return &words_en;
}

bool date_valid(int y, int mo, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int n = days[mo - 1] + (mo == 2 && leap);
	return d <= n;
}

int date_weekday(int y, int mo, int d)
{
	/* Sakamoto's method gives 0 = Sunday; shift to 0 = Monday. */
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (mo < 3)
		y--;
	int w = (y + y / 4 - y / 100 + y / 400 + t[mo - 1] + d) % 7;
	return (w + 6) % 7;
}

const char *date_month_name(const char *lang, int mo)
{
	return mo >= 1 && mo <= 12 ? words_for(lang)->month[mo - 1] : "?";
}

const char *date_day_name(const char *lang, int wd)
{
	return wd >= 0 && wd <= 6 ? words_for(lang)->day[wd] : "?";
}

/* A preset's name and pattern. */
struct preset {
	const char *name, *pattern;
};

static const struct preset date_presets[] = {
	{ "long", "{weekday}, {dd} {month} {yyyy}" },
	{ "weekday", "{weekday} {d} {month} {yyyy}" },
	{ "ordinal", "{weekday} {dth} {month} {yyyy}" },
	{ "plain", "{d} {month} {yyyy}" },
	{ "plain0", "{dd} {month} {yyyy}" },
	{ "numeric", "{dd}/{mm}/{yyyy}" },
	{ "iso", "{yyyy}-{mm}-{dd}" },
	{ NULL, NULL },
};

static const struct preset time_presets[] = {
	{ "24h", "{HH}:{MM}" },
	{ "12h", "{h}.{MM}{am}" },
	{ "12h-space", "{h}.{MM} {am}" },
	{ "12h-colon", "{h}:{MM}{am}" },
	{ NULL, NULL },
};

/* The pattern of preset name in list, or NULL. */
static const char *preset_find(const struct preset *list, const char *name)
{
	for (; name != NULL && list->name != NULL; list++)
		if (strcmp(list->name, name) == 0)
			return list->pattern;
	return NULL;
}

const char *date_preset(const char *name)
{
	return preset_find(date_presets, name);
}

const char *time_preset(const char *name)
{
	return preset_find(time_presets, name);
}

/* The parts a pattern may name: 0 date, 1 time. */
static const char *const date_parts[] = { "weekday", "d", "dd", "dth",
    "month", "mon", "m", "mm", "yyyy", NULL };
static const char *const time_parts[] = { "H", "HH", "h", "MM", "am", NULL };

/* True when the n bytes at name are one of list. */
static bool part_in(const char *const *list, const char *name, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncmp(*list, name, n) == 0)
			return true;
	return false;
}

const char *date_pattern_problem(const char *pattern, bool is_time)
{
	static char bad[40];
	for (const char *p = pattern; (p = strchr(p, '{')) != NULL; p++) {
		const char *e = strchr(p, '}');
		if (e == NULL) {
			snprintf(bad, sizeof bad, "%.30s", p);
			return bad;
		}
		size_t n = (size_t)(e - p - 1);
		if (!part_in(is_time ? time_parts : date_parts, p + 1, n)) {
			snprintf(bad, sizeof bad, "{%.*s}", n > 30 ? 30 : (int)n, p + 1);
			return bad;
		}
	}
	return NULL;
}

/* The values a pattern's parts take: y-mo-d or h:m (unused ones 0). */
struct moment {
	int y, mo, d, h, mi;
	const struct date_words *w;
};

/* Appends the value of part name (n bytes) at t to b; false when it is
 * no known part. */
static bool part_add(struct buf *b, const char *name, size_t n,
    const struct moment *t)
{
	char tmp[16];
#define IS(s) (strlen(s) == n && strncmp(name, s, n) == 0)
	if (IS("weekday"))
		buf_adds(b, t->w->day[date_weekday(t->y, t->mo, t->d)]);
	else if (IS("d"))
		buf_printf(b, "%d", t->d);
	else if (IS("dd"))
		buf_printf(b, "%02d", t->d);
	else if (IS("dth"))
		buf_printf(b, "%d%s", t->d, t->w->ordinal(t->d));
	else if (IS("month"))
		buf_adds(b, t->w->month[t->mo - 1]);
	else if (IS("mon")) {
		snprintf(tmp, sizeof tmp, "%.3s", t->w->month[t->mo - 1]);
		buf_adds(b, tmp);
	} else if (IS("m"))
		buf_printf(b, "%d", t->mo);
	else if (IS("mm"))
		buf_printf(b, "%02d", t->mo);
	else if (IS("yyyy"))
		buf_printf(b, "%04d", t->y);
	else if (IS("H"))
		buf_printf(b, "%d", t->h);
	else if (IS("HH"))
		buf_printf(b, "%02d", t->h);
	else if (IS("h"))
		buf_printf(b, "%d", t->h % 12 == 0 ? 12 : t->h % 12);
	else if (IS("MM"))
		buf_printf(b, "%02d", t->mi);
	else if (IS("am"))
		buf_adds(b, t->h < 12 ? t->w->am : t->w->pm);
	else
		return false;
#undef IS
	return true;
}

/* Expands pattern for t into the arena; unknown parts stay as written. */
static char *expand(struct arena *a, const char *pattern,
    const struct moment *t)
{
	struct buf b;
	buf_init(&b);
	const char *p = pattern;
	while (*p != '\0') {
		const char *e = *p == '{' ? strchr(p, '}') : NULL;
		if (e != NULL && part_add(&b, p + 1, (size_t)(e - p - 1), t)) {
			p = e + 1;
			continue;
		}
		buf_addc(&b, *p++);
	}
	char *s = arena_strdup(a, b.s);
	buf_free(&b);
	return s;
}

char *date_format(struct arena *a, const char *form, const char *lang,
    int y, int mo, int d)
{
	const char *pat = date_preset(form);
	struct moment t = { y, mo, d, 0, 0, words_for(lang) };
	return expand(a, pat ? pat : form ? form : date_presets[0].pattern, &t);
}

char *time_format(struct arena *a, const char *form, const char *lang,
    int h, int m)
{
	const char *pat = time_preset(form);
	struct moment t = { 0, 1, 1, h, m, words_for(lang) };
	return expand(a, pat ? pat : form ? form : time_presets[0].pattern, &t);
}
