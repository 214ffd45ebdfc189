/*
 * date.c - calendar arithmetic and the printed forms of dates and times
 * (see date.h).
 */
#include "date.h"

#include "util.h"

static const char *const month_names[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };
static const char *const day_names[] = { "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday" };

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

const char *date_month_name(int mo)
{
	return mo >= 1 && mo <= 12 ? month_names[mo - 1] : "?";
}

const char *date_day_name(int wd)
{
	return wd >= 0 && wd <= 6 ? day_names[wd] : "?";
}

char *date_format(struct arena *a, enum date_form f, int y, int mo, int d)
{
	const char *day = date_day_name(date_weekday(y, mo, d));
	switch (f) {
	case DATE_FORM_NUMERIC:
		return arena_printf(a, "%02d/%02d/%04d", d, mo, y);
	case DATE_FORM_PLAIN:
		return arena_printf(a, "%d %s %d", d, date_month_name(mo), y);
	case DATE_FORM_WEEKDAY:
		return arena_printf(a, "%s %d %s %d", day, d, date_month_name(mo), y);
	case DATE_FORM_LONG:
		break;
	}
	return arena_printf(a, "%s, %02d %s %d", day, d, date_month_name(mo), y);
}

char *time_format(struct arena *a, enum time_form f, int h, int m)
{
	if (f == TIME_FORM_12H_DOT)
		return arena_printf(a, "%d.%02d%s", h % 12 == 0 ? 12 : h % 12, m,
		    h < 12 ? "am" : "pm");
	return arena_printf(a, "%02d:%02d", h, m);
}
