/*
 * sign.c - the "agendapack sign" command (see sign.h): options, the
 * passphrase, then read, check, update, digest, sign, and write through a
 * temporary file.
 *
 * Exit statuses (enum ap_exit): 64 bad usage; 66 the input, key or
 * passphrase file cannot be read; 65 the input is not agendapack's PDF or
 * is signed already, the key file is not PKCS#12, the passphrase is
 * wrong, the certificate has expired or is not yet valid; 73 the output
 * cannot be written; 70 an internal (OpenSSL) failure.
 */
#include "sign.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../output/output.h"
#include "../util/util.h"
#include "appear.h"
#include "cms.h"
#include "incr.h"

#define PASS_ENV "AGENDAPACK_KEY_PASSPHRASE"

/* The command's options. */
struct sign_opts {
	const char *in, *out;              /* input and output PDF */
	const char *key;                   /* PKCS#12 file */
	const char *pass_file;             /* or NULL: the environment */
	const char *reason, *location;     /* or NULL: the document's */
	bool invisible;
};

/* Prints the usage of the command to f. */
static void usage(FILE *f)
{
	fputs(
"usage: agendapack sign IN.pdf [-o OUT.pdf] --key KEY.p12 [options]\n"
"\n"
"Adds a PAdES baseline-B digital signature to minutes agendapack built,\n"
"as an incremental update: the signed file keeps the original's bytes.\n"
"The passphrase of KEY.p12 is read from the environment variable\n"
PASS_ENV " or from --passphrase-file, never from the command line.\n"
"\n"
"options:\n"
"  -o, --output OUT.pdf       the signed PDF (default: IN-signed.pdf)\n"
"  -k, --key KEY.p12          the signer's certificate and private key (PKCS#12)\n"
"      --passphrase-file FILE the passphrase is the first line of FILE\n"
"      --reason TEXT          why (default: the document's Approval entry)\n"
"      --location TEXT        where (default: its ApprovalLocation entry)\n"
"      --invisible            no widget on the page\n"
"\n"
"exit status: 0 ok, 64 usage, 65 invalid input (not agendapack's, signed\n"
"             already, not PKCS#12, wrong passphrase, certificate expired or\n"
"             not yet valid), 66 a file missing, 70 internal error,\n"
"             73 output cannot be written\n", f);
}

/* Parses the command line into o; returns 0, or an exit status (with
 * AP_EXIT_OK for --help, signalled by *done). */
static int parse(int argc, char **argv, struct sign_opts *o, bool *done)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "location", required_argument, NULL, 'L' },
		{ "invisible", no_argument, NULL, 'i' },
		{ "passphrase", required_argument, NULL, 'p' },
		{ "password", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'k': o->key = optarg; break;
		case 'f': o->pass_file = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'L': o->location = optarg; break;
		case 'i': o->invisible = true; break;
		case 'p':
			diag_plain(DIAG_ERROR, "the passphrase is never taken on the command line "
			    "(other users can see it there): set " PASS_ENV " or use "
			    "--passphrase-file");
			return AP_EXIT_USAGE;
		case 'h': usage(stdout); *done = true; return AP_EXIT_OK;
		default: usage(stderr); return AP_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		diag_plain(DIAG_ERROR, "sign takes one input file");
		usage(stderr);
		return AP_EXIT_USAGE;
	}
	o->in = argv[optind];
	if (o->key == NULL) {
		diag_plain(DIAG_ERROR, "sign needs --key KEY.p12 (the signer's certificate "
		    "and private key)");
		return AP_EXIT_USAGE;
	}
	return AP_EXIT_OK;
}

/* The passphrase (heap): the first line of o->pass_file, else the
 * environment's, else "".  NULL after reporting an unreadable file. */
static char *passphrase(const struct sign_opts *o, int *status)
{
	if (o->pass_file == NULL) {
		const char *e = getenv(PASS_ENV);
		return xstrdup(e ? e : "");
	}
	char *data;
	size_t len;
	int e = file_read(o->pass_file, 1 << 16, &data, &len);
	if (e != 0) {
		diag_plain(DIAG_ERROR, "cannot read the passphrase file %s: %s", o->pass_file,
		    e == EFBIG ? "larger than 64 KB" : strerror(e));
		*status = e == EFBIG ? AP_EXIT_DATAERR : AP_EXIT_NOINPUT;
		return NULL;
	}
	data[strcspn(data, "\r\n")] = '\0';
	return data;
}

/* "IN-signed.pdf" from "IN.pdf" (heap). */
static char *default_output(const char *in)
{
	size_t n = strlen(in);
	if (n > 4 && strcmp(in + n - 4, ".pdf") == 0)
		n -= 4;
	char *s = xmalloc(n + 16);
	snprintf(s, n + 16, "%.*s-signed.pdf", (int)n, in);
	return s;
}

/* The widget's appearance for signer name at time t, w x h pt, in b. */
static void appearance(struct buf *b, const char *name, time_t t, double w, double h)
{
	if (w <= 0 || h <= 0)
		return;
	struct tm tm;
	gmtime_r(&t, &tm);
	char my[40], when[80];
	strftime(my, sizeof my, "%B %Y, %H:%M UTC", &tm);
	snprintf(when, sizeof when, "Digitally signed %d %s", tm.tm_mday, my);
	if (appear_content(w, h, name, when, b) != 0)
		diag_plain(DIAG_WARNING, "no sans-serif font found (fontconfig): the signature's "
		    "widget shows nothing, though the signature is whole");
}

/* Signs: the update with room for the CMS, the digest of the signed
 * ranges, the CMS in /Contents.  *out holds the signed file. */
static int sign_doc(struct incr_doc *d, struct signer *s, const struct sign_opts *o,
    struct buf *out)
{
	time_t now = time(NULL);
	double w, h;
	incr_widget_size(d, &w, &h);
	struct buf ap;
	buf_init(&ap);
	appearance(&ap, signer_name(s), now, w, h);
	char *reason = o->reason ? xstrdup(o->reason) : NULL;
	char *location = o->location ? xstrdup(o->location) : NULL;
	const char *v;
	if (reason == NULL && (v = incr_info(d, "Approval")) != NULL && *v)
		reason = xstrdup(v);
	if (location == NULL && (v = incr_info(d, "ApprovalLocation")) != NULL && *v)
		location = xstrdup(v);
	struct incr_sig is = { .name = signer_name(s), .reason = reason, .location = location,
	    .when = now, .cms_max = signer_cms_size(s), .appearance = ap.s ? ap.s : "",
	    .appearance_len = ap.len };
	size_t range[4], at;
	int status = incr_write(d, &is, out, range, &at);
	unsigned char digest[32], *der = NULL;
	size_t dlen = 0;
	if (status == 0) {
		cms_digest((const unsigned char *)out->s, range, digest);
		status = signer_cms(s, digest, &der, &dlen);
	}
	if (status == 0 && dlen > is.cms_max) {
		diag_plain(DIAG_ERROR, "the signature (%zu bytes) is larger than the room "
		    "made for it (%zu)", dlen, is.cms_max);
		status = AP_EXIT_SOFTWARE;
	}
	for (size_t i = 0; status == 0 && i < dlen; i++) {
		static const char hex[] = "0123456789ABCDEF";
		out->s[at + 2 * i] = hex[der[i] >> 4];
		out->s[at + 2 * i + 1] = hex[der[i] & 15];
	}
	free(der);
	free(reason);
	free(location);
	buf_free(&ap);
	return status;
}

int sign_main(int argc, char **argv)
{
	struct sign_opts o = { 0 };
	bool done = false;
	int status = parse(argc, argv, &o, &done);
	if (status != 0 || done)
		return status;
	char *out = o.out ? xstrdup(o.out) : default_output(o.in);
	char *pdf = NULL, *pass = NULL;
	size_t len = 0;
	struct incr_doc *d = NULL;
	struct signer *s = NULL;
	struct buf signed_pdf;
	buf_init(&signed_pdf);
	int e = file_read(o.in, (size_t)1 << 31, &pdf, &len);
	if (e != 0) {
		diag_plain(DIAG_ERROR, "cannot read %s: %s", o.in,
		    e == EFBIG ? "larger than 2 GB" : strerror(e));
		status = e == EFBIG ? AP_EXIT_DATAERR : AP_EXIT_NOINPUT;
		goto done;
	}
	if ((status = incr_open(o.in, (unsigned char *)pdf, len, o.invisible, &d)) != 0)
		goto done;
	if ((pass = passphrase(&o, &status)) == NULL)
		goto done;
	status = signer_load(o.key, pass, time(NULL), &s);
	memset(pass, 0, strlen(pass));
	if (status != 0)
		goto done;
	if ((status = sign_doc(d, s, &o, &signed_pdf)) != 0)
		goto done;
	const char *inputs[] = { o.in, o.key };
	status = output_bytes("signed PDF", out, signed_pdf.s, signed_pdf.len,
	    inputs, o.key ? 2 : 1);
done:
	signer_free(s);
	incr_close(d);
	buf_free(&signed_pdf);
	free(pass);
	free(pdf);
	free(out);
	return status;
}
