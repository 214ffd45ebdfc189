/*
 * date.h - calendar dates and times of day, and every form in which
 * agendapack prints them.  Below every stage: the loader checks dates
 * with it, the pack and the minutes print them through it.  Nothing else
 * in the program formats a date or a time, so a new style or language
 * is added here once.
 *
 * Dates are proleptic Gregorian, years 1000-9999 (four digits, as the
 * meeting files write them); months and days are 1-based.
 */
#ifndef AP_DATE_H
#define AP_DATE_H

#include <stdbool.h>

struct arena;

/* True when y-mo-d is a real date between 1000-01-01 and 9999-12-31. */
bool date_valid(int y, int mo, int d);
/* The day of the week of a valid date: 0 = Monday .. 6 = Sunday. */
int date_weekday(int y, int mo, int d);
/* English names: mo 1..12, wd 0 (Monday)..6. */
const char *date_month_name(int mo);
const char *date_day_name(int wd);

/* The forms a date is printed in. */
enum date_form {
	DATE_FORM_LONG,                    /* "Thursday, 08 February 2018" */
	DATE_FORM_NUMERIC,                 /* "08/02/2018" */
	DATE_FORM_PLAIN,                   /* "8 February 2018" */
	DATE_FORM_WEEKDAY,                 /* "Thursday 14 June 2018" */
};

/* The forms a time of day is printed in. */
enum time_form {
	TIME_FORM_24H,                     /* "10:30" */
	TIME_FORM_12H_DOT,                 /* "9.49am" */
};

/* y-mo-d (valid) in form f, in the arena. */
char *date_format(struct arena *a, enum date_form f, int y, int mo, int d);
/* h:m (0-23, 0-59) in form f, in the arena. */
char *time_format(struct arena *a, enum time_form f, int h, int m);

#endif
