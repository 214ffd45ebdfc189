/*
 * publish.h - `agendapack publish MEETING.yaml -o DIR`: the meeting's
 * documents for a council website (see docs/publishing.md).
 *
 * Writes into DIR the public pack, the agenda front sheet alone, one PDF
 * per item's papers and per PDF appendix (the pack's own pages, numbers,
 * stamps and tags), the supplement when papers are late, the full edition
 * (with --edition full) in a folder marked not for publication, an
 * accessible HTML agenda (index.html), every report, the minutes and the
 * membership as HTML pages, a stylesheet, the images they show, the
 * meeting as an iCalendar event (meeting.ics) and manifest.json with each
 * file's size and SHA-256.  DIR is written whole or not at all: the site
 * is made in a temporary sibling folder and renamed into place.
 */
#ifndef AP_PUBLISH_H
#define AP_PUBLISH_H

/* The publish command: argv[1] is "publish".  Returns an exit status
 * (enum ap_exit). */
int publish_main(int argc, char **argv);

#endif
