/*
 * ics.c - meeting.ics: the meeting as an iCalendar (RFC 5545) event,
 * written with libical (the only file that includes it).
 *
 * The event has a stable UID (the same meeting gives the same UID, so a
 * re-published file updates the calendar entry), the committee as its
 * summary, the start (the meeting's local time in the UK, Europe/London,
 * given in UTC; a floating local time when libical has no zone data; a
 * whole day when the meeting has no time), the venue, the contact officer (CONTACT, and
 * ORGANIZER when there is an email address), the agenda page's URL when
 * the meeting file gives one, and the items as the description.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "html.h"

/* The stamp time: SOURCE_DATE_EPOCH when set, else now. */
static time_t stamp_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* The event's description: the items, one a line. */
static char *description(struct site *s)
{
	const struct meeting *m = s->m;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "Meeting of the %s, %s.\n\nAgenda:\n", m->committee, m->council);
	for (size_t i = 0; i < m->nitems; i++)
		buf_printf(&b, "%s. %s%s\n", m->items[i].number, m->items[i].title,
		    m->items[i].exempt ? " (exempt)" : "");
	if (m->url)
		buf_printf(&b, "\nAgenda and papers: %s\n", m->url);
	char *d = arena_strdup(s->a, b.s ? b.s : "");
	buf_free(&b);
	return d;
}

/* The contact officer as one line. */
static char *contact_text(struct site *s)
{
	const struct contact *c = &s->m->contact;
	struct buf b;
	buf_init(&b);
	buf_adds(&b, c->name);
	if (c->role)
		buf_printf(&b, ", %s", c->role);
	if (c->phone)
		buf_printf(&b, ", telephone %s", c->phone);
	if (c->email)
		buf_printf(&b, ", %s", c->email);
	char *d = arena_strdup(s->a, b.s);
	buf_free(&b);
	return d;
}

int ics_write(struct site *s)
{
	const struct meeting *m = s->m;
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(
	    "-//agendapack//agendapack publish//EN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));

	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(arena_printf(s->a,
	    "%s@agendapack", s->slug)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(stamp_time(), 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, icalproperty_new_summary(arena_printf(s->a, "%s, %s",
	    m->committee, m->council)));
	struct icaltimetype start = icaltime_null_time();
	start.year = m->year;
	start.month = m->month;
	start.day = m->day;
	if (m->hour < 0) {
		start.is_date = 1;
		icalcomponent_add_property(ev, icalproperty_new_dtstart(start));
	} else {
		start.hour = m->hour;
		start.minute = m->minute;
		/* Local time in the UK, written as UTC (no VTIMEZONE needed);
		 * a floating local time when libical has no zone data. */
		icaltimezone *tz = icaltimezone_get_builtin_timezone("Europe/London");
		if (tz != NULL) {
			start = icaltime_set_timezone(&start, tz);
			start = icaltime_convert_to_zone(start, icaltimezone_get_utc_timezone());
		}
		icalcomponent_add_property(ev, icalproperty_new_dtstart(start));
	}
	icalcomponent_add_property(ev, icalproperty_new_location(m->venue));
	icalcomponent_add_property(ev, icalproperty_new_contact(contact_text(s)));
	if (m->contact.email) {
		icalproperty *org = icalproperty_new_organizer(arena_printf(s->a, "mailto:%s",
		    m->contact.email));
		icalproperty_add_parameter(org, icalparameter_new_cn(m->contact.name));
		icalcomponent_add_property(ev, org);
	}
	if (m->url)
		icalcomponent_add_property(ev, icalproperty_new_url(m->url));
	icalcomponent_add_property(ev, icalproperty_new_description(description(s)));
	icalcomponent_add_component(cal, ev);

	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text == NULL) {
		diag_plain(DIAG_ERROR, "libical could not write the calendar event: %s",
		    icalerror_strerror(icalerrno));
		return AP_EXIT_SOFTWARE;
	}
	size_t len = strlen(text);
	unsigned char *data = xmalloc(len + 1);
	memcpy(data, text, len + 1);
	icalmemory_free_buffer(text);
	struct sfile *f = site_add(s, "meeting.ics", "calendar", data, len);
	f->edition = "public";
	f->title = m->committee;
	return 0;
}
