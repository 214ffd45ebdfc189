/*
 * ics_parse.c - a test helper: parses an iCalendar file with libical and
 * prints its first event's properties, one "NAME=value" a line (DTSTART
 * in UTC as YYYYMMDDTHHMMSSZ, or YYYYMMDD for a whole day).  Exit 1 when
 * the file does not parse or has no event.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libical/ical.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ics_parse FILE.ics\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (f == NULL)
		return 1;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	icalcomponent *cal = icalparser_parse_string(buf);
	if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		fprintf(stderr, "ics_parse: not a VCALENDAR\n");
		return 1;
	}
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	if (ev == NULL) {
		fprintf(stderr, "ics_parse: no VEVENT\n");
		return 1;
	}
	int errors = icalcomponent_count_errors(cal);
	printf("ERRORS=%d\n", errors);
	printf("SUMMARY=%s\n", icalcomponent_get_summary(ev) ? icalcomponent_get_summary(ev) : "");
	printf("LOCATION=%s\n", icalcomponent_get_location(ev) ? icalcomponent_get_location(ev) : "");
	printf("UID=%s\n", icalcomponent_get_uid(ev) ? icalcomponent_get_uid(ev) : "");
	struct icaltimetype t = icalcomponent_get_dtstart(ev);
	if (t.is_date)
		printf("DTSTART=%04d%02d%02d\n", t.year, t.month, t.day);
	else {
		t = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
		printf("DTSTART=%04d%02d%02dT%02d%02d%02dZ\n", t.year, t.month, t.day, t.hour,
		    t.minute, t.second);
	}
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CONTACT_PROPERTY);
	printf("CONTACT=%s\n", p ? icalproperty_get_contact(p) : "");
	p = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	printf("URL=%s\n", p ? icalproperty_get_url(p) : "");
	icalcomponent_free(cal);
	return 0;
}
