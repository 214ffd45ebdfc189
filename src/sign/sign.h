/*
 * sign.h - "agendapack sign": a PAdES baseline-B signature (ETSI EN
 * 319 142-1) added to minutes agendapack built, as an incremental update
 * so the bytes that were approved stay as they are.
 *
 *   agendapack sign IN.pdf [-o OUT.pdf] --key KEY.p12 [--passphrase-file F]
 *                   [--reason TEXT] [--location TEXT] [--invisible]
 *
 * The passphrase comes from the environment variable
 * AGENDAPACK_KEY_PASSPHRASE or the first line of --passphrase-file, never
 * from the command line.  The output is written to a temporary file in
 * its folder and renamed; on any error nothing is left.
 *
 * Files: sign.c (the command), cms.c (key and CMS, OpenSSL), incr.c (the
 * incremental update, libqpdf read-only), appear.c (the widget's look,
 * FreeType).  Nothing outside src/sign includes them.
 */
#ifndef AP_SIGN_H
#define AP_SIGN_H

/* Runs the command: argv[1] is "sign".  Returns an enum ap_exit status. */
int sign_main(int argc, char **argv);

#endif
