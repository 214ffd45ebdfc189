/*
 * date.h - calendar dates and times of day, and every form in which
 * agendapack prints them.  Below every stage: the loader checks dates
 * with it, the pack and the minutes print them through it.  Nothing else
 * in the program formats a date or a time, so a new form or language is
 * added here once.
 *
 * Dates are proleptic Gregorian, years 1000-9999 (four digits, as the
 * meeting files write them); months and days are 1-based.
 *
 * Forms are patterns in which {name} stands for a part of the date or
 * time and everything else is printed as written:
 *
 *   {weekday} Thursday   {d} 8    {dd} 08   {dth} 8th   {month} February
 *   {mon} Feb            {m} 2    {mm} 02   {yyyy} 2018
 *   {H} 9  {HH} 09 (24-hour)   {h} 9 (12-hour)   {MM} 05   {am} am/pm
 *
 * Named presets stand for the patterns councils use most (date_preset,
 * time_preset).  Names of days and months, ordinals and am/pm follow the
 * language: English (en, en-GB, any other) and Welsh (cy).
 */
#ifndef AP_DATE_H
#define AP_DATE_H

#include <stdbool.h>

struct arena;

/* True when y-mo-d is a real date between 1000-01-01 and 9999-12-31. */
bool date_valid(int y, int mo, int d);
/* The day of the week of a valid date: 0 = Monday .. 6 = Sunday. */
int date_weekday(int y, int mo, int d);
/* Names in language lang (NULL: English): mo 1..12, wd 0 (Monday)..6. */
const char *date_month_name(const char *lang, int mo);
const char *date_day_name(const char *lang, int wd);

/* The pattern a named date preset stands for, or NULL when name is no
 * preset:
 *   long     "{weekday}, {dd} {month} {yyyy}"  Thursday, 08 February 2018
 *   weekday  "{weekday} {d} {month} {yyyy}"    Thursday 8 February 2018
 *   ordinal  "{weekday} {dth} {month} {yyyy}"  Thursday 8th February 2018
 *   plain    "{d} {month} {yyyy}"              8 February 2018
 *   plain0   "{dd} {month} {yyyy}"             08 February 2018
 *   numeric  "{dd}/{mm}/{yyyy}"                08/02/2018
 *   iso      "{yyyy}-{mm}-{dd}"                2018-02-08          */
const char *date_preset(const char *name);
/* Likewise for times:
 *   24h      "{HH}:{MM}"    10:30, 18:00
 *   12h      "{h}.{MM}{am}" 10.30am, 6.00pm
 *   12h-space "{h}.{MM} {am}"  6.00 pm
 *   12h-colon "{h}:{MM}{am}"   6:00pm                                  */
const char *time_preset(const char *name);

/* Checks a date (or time, when is_time) pattern: NULL when every {name}
 * in it is known and for that kind, else the first unknown name (in a
 * static buffer). */
const char *date_pattern_problem(const char *pattern, bool is_time);

/* y-mo-d (valid) in pattern (or preset name) form, language lang. */
char *date_format(struct arena *a, const char *form, const char *lang,
    int y, int mo, int d);
/* h:m (0-23, 0-59) in pattern (or preset name) form, language lang. */
char *time_format(struct arena *a, const char *form, const char *lang,
    int h, int m);

#endif
