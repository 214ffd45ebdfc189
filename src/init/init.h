/*
 * init.h - agendapack init DIR: a working starting point for a council
 * (issue 14).
 *
 * Writes into DIR (made when missing) a meeting with membership,
 * apologies, a substitution and declarations, a minutes item and its
 * minutes file, a report with a list and a table, an exempt item and
 * its paper, and a council style extending the default with
 * placeholder standing text, each file commented to teach the format.
 * Guarantees: it never overwrites a file (when any of them exists it
 * writes none and says which); `agendapack build DIR/meeting.yaml`
 * builds the result at once.
 */
#ifndef AP_INIT_H
#define AP_INIT_H

/* The 'init' command: argv[1] is "init".  Returns an enum ap_exit. */
int init_main(int argc, char **argv);

#endif
