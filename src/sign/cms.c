/*
 * cms.c - PKCS#12 keys and the PAdES CMS (see cms.h), on OpenSSL 3.
 *
 * OpenSSL signs a SignerInfo only inside CMS_final(), which always adds a
 * signing-time attribute that PAdES baseline-B forbids.  So the SignerInfo
 * is made with CMS_PARTIAL, its attributes added here, and the signature
 * computed here over their DER encoding (a SET OF, sorted as DER wants,
 * which is also the order i2d_CMS_ContentInfo writes them in).
 */
#include "cms.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "../util/util.h"

struct signer {
	EVP_PKEY *key;                     /* the private key */
	X509 *cert;                        /* its certificate */
	STACK_OF(X509) *chain;             /* the CA certificates in the file */
	char *name;                        /* subject CN, UTF-8 (heap) */
	OSSL_PROVIDER *legacy, *dflt;      /* loaded for an old file, or NULL */
};

/* OpenSSL's first queued error as text (or "unknown error"), clearing
 * the queue; the text lives in a static buffer. */
static const char *ossl_error(void)
{
	static char msg[256];
	unsigned long e = ERR_get_error();
	if (e == 0)
		return "unknown error";
	ERR_error_string_n(e, msg, sizeof msg);
	ERR_clear_error();
	return msg;
}

/* A certificate time as "YYYY-MM-DD HH:MM UTC" in out. */
static void time_text(const ASN1_TIME *t, char *out, size_t n)
{
	struct tm tm;
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm)) {
		snprintf(out, n, "an unreadable date");
		return;
	}
	strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm);
}

/* The subject's common name (else the one-line subject), in the heap. */
static char *subject_name(X509 *cert)
{
	X509_NAME *sn = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(sn, NID_commonName, -1);
	if (i >= 0) {
		unsigned char *u = NULL;
		int n = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(sn, i)));
		if (n >= 0) {
			char *s = xmalloc((size_t)n + 1);
			memcpy(s, u, (size_t)n);
			s[n] = '\0';
			OPENSSL_free(u);
			return s;
		}
	}
	char *line = X509_NAME_oneline(sn, NULL, 0);
	char *s = xstrdup(line ? line : "(no subject)");
	OPENSSL_free(line);
	return s;
}

/* Checks the certificate is valid at now; reports and returns false when
 * it has expired or is not yet valid. */
static bool check_validity(const char *path, X509 *cert, const char *name, time_t now)
{
	char when[64];
	const ASN1_TIME *nb = X509_get0_notBefore(cert), *na = X509_get0_notAfter(cert);
	if (X509_cmp_time(na, &now) < 0) {
		time_text(na, when, sizeof when);
		diag_plain(DIAG_ERROR, "%s: the certificate of '%s' expired on %s; sign with a "
		    "current certificate", path, name, when);
		return false;
	}
	if (X509_cmp_time(nb, &now) > 0) {
		time_text(nb, when, sizeof when);
		diag_plain(DIAG_ERROR, "%s: the certificate of '%s' is not valid until %s",
		    path, name, when);
		return false;
	}
	return true;
}

/* Opens the PKCS#12 structure in data and checks its passphrase; returns
 * it, or NULL after reporting (*status set). */
static PKCS12 *open_p12(const char *path, const char *data, size_t len, const char *pass,
    int *status)
{
	const unsigned char *p = (const unsigned char *)data;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	*status = AP_EXIT_DATAERR;
	if (p12 == NULL) {
		ERR_clear_error();
		diag_plain(DIAG_ERROR, "%s: not a PKCS#12 file (.p12 or .pfx: the certificate "
		    "and its private key in one file, e.g. from 'openssl pkcs12 -export')", path);
		return NULL;
	}
	/* An empty passphrase may be stored as "" or as none at all. */
	if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pass, -1) &&
	    !(*pass == '\0' && PKCS12_verify_mac(p12, NULL, 0))) {
		ERR_clear_error();
		diag_plain(DIAG_ERROR, "%s: wrong passphrase (it is read from the environment "
		    "variable AGENDAPACK_KEY_PASSPHRASE or the file named by "
		    "--passphrase-file)", path);
		PKCS12_free(p12);
		return NULL;
	}
	return p12;
}

int signer_load(const char *path, const char *pass, time_t now, struct signer **out)
{
	*out = NULL;
	char *data;
	size_t len;
	int e = file_read(path, 1 << 20, &data, &len);
	if (e != 0) {
		diag_plain(DIAG_ERROR, "cannot read %s: %s", path,
		    e == EFBIG ? "larger than 1 MB, so not a key file" : strerror(e));
		return e == EFBIG ? AP_EXIT_DATAERR : AP_EXIT_NOINPUT;
	}
	int status;
	PKCS12 *p12 = open_p12(path, data, len, pass, &status);
	free(data);
	if (p12 == NULL)
		return status;
	struct signer *s = xcalloc(1, sizeof *s);
	const char *use = *pass == '\0' && PKCS12_mac_present(p12) &&
	    !PKCS12_verify_mac(p12, pass, -1) ? NULL : pass;
	ERR_clear_error();
	bool ok = PKCS12_parse(p12, use, &s->key, &s->cert, &s->chain);
	if (!ok) {
		/* Older .pfx files use ciphers (RC2) that OpenSSL 3 keeps in its
		 * legacy provider: load it, if installed, and try again (loading
		 * one provider unloads the implicit default: load that too). */
		ERR_clear_error();
		s->legacy = OSSL_PROVIDER_load(NULL, "legacy");
		s->dflt = s->legacy ? OSSL_PROVIDER_load(NULL, "default") : NULL;
		ok = s->legacy && PKCS12_parse(p12, use, &s->key, &s->cert, &s->chain);
	}
	if (!ok) {
		diag_plain(DIAG_ERROR, "%s: cannot read the key and certificate: %s", path,
		    ossl_error());
		goto fail;
	}
	if (s->key == NULL || s->cert == NULL) {
		diag_plain(DIAG_ERROR, "%s: the file holds no %s", path,
		    s->key == NULL ? "private key" : "certificate for its key");
		goto fail;
	}
	if (!X509_check_private_key(s->cert, s->key)) {
		ERR_clear_error();
		diag_plain(DIAG_ERROR, "%s: the private key is not the certificate's", path);
		goto fail;
	}
	s->name = subject_name(s->cert);
	if (!check_validity(path, s->cert, s->name, now))
		goto fail;
	PKCS12_free(p12);
	*out = s;
	return AP_EXIT_OK;
fail:
	PKCS12_free(p12);
	signer_free(s);
	return AP_EXIT_DATAERR;
}

void signer_free(struct signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s->name);
	if (s->dflt)
		OSSL_PROVIDER_unload(s->dflt);
	if (s->legacy)
		OSSL_PROVIDER_unload(s->legacy);
	free(s);
}

const char *signer_name(const struct signer *s)
{
	return s->name;
}

void cms_digest(const unsigned char *data, const size_t r[4], unsigned char out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int n = 32;
	if (c == NULL || !EVP_DigestInit_ex(c, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(c, data + r[0], r[1]) || !EVP_DigestUpdate(c, data + r[2], r[3]) ||
	    !EVP_DigestFinal_ex(c, out, &n)) {
		fprintf(stderr, "agendapack: SHA-256 failed: %s\n", ossl_error());
		abort();
	}
	EVP_MD_CTX_free(c);
}

/* One DER encoding, for sorting a SET OF. */
struct der {
	unsigned char *p;
	int n;
};

/* DER order of SET OF members: bytewise, a prefix first. */
static int der_cmp(const void *a, const void *b)
{
	const struct der *x = a, *y = b;
	int c = memcmp(x->p, y->p, (size_t)(x->n < y->n ? x->n : y->n));
	return c ? c : x->n - y->n;
}

/* The DER of si's signed attributes as the SET OF that is signed: *out
 * (heap), or NULL after an OpenSSL failure. */
static unsigned char *signed_attrs_der(CMS_SignerInfo *si, size_t *len)
{
	int n = CMS_signed_get_attr_count(si);
	if (n <= 0)
		return NULL;
	struct der *v = xcalloc((size_t)n, sizeof *v);
	size_t total = 0;
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		v[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &v[i].p);
		ok = v[i].n > 0;
		total += ok ? (size_t)v[i].n : 0;
	}
	unsigned char *out = NULL;
	if (ok) {
		qsort(v, (size_t)n, sizeof *v, der_cmp);
		out = xmalloc(total + 6);
		size_t k = 0;
		out[k++] = 0x31;           /* SET */
		if (total < 0x80) {
			out[k++] = (unsigned char)total;
		} else {
			int nb = total > 0xFFFFFF ? 4 : total > 0xFFFF ? 3 : total > 0xFF ? 2 : 1;
			out[k++] = (unsigned char)(0x80 | nb);
			for (int b = nb - 1; b >= 0; b--)
				out[k++] = (unsigned char)(total >> (8 * b));
		}
		for (int i = 0; i < n; i++) {
			memcpy(out + k, v[i].p, (size_t)v[i].n);
			k += (size_t)v[i].n;
		}
		*len = k;
	}
	for (int i = 0; i < n; i++)
		OPENSSL_free(v[i].p);
	free(v);
	return out;
}

/* Builds the CMS for digest: signed for real, or (sign false) with a
 * signature of the key's largest size, to measure.  Returns the DER in
 * the heap, or NULL (OpenSSL's error queued). */
static unsigned char *build_cms(struct signer *s, const unsigned char digest[32], bool sign,
    size_t *len)
{
	unsigned char *der = NULL, *attrs = NULL, *sig = NULL;
	size_t alen = 0, slen = (size_t)EVP_PKEY_get_size(s->key);
	EVP_MD_CTX *mc = NULL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL,
	    CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
	if (cms == NULL || !CMS_set_detached(cms, 1))
		goto done;
	CMS_SignerInfo *si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	    CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
	if (si == NULL)
		goto done;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		if (X509_cmp(sk_X509_value(s->chain, i), s->cert) != 0 &&
		    CMS_add1_cert(cms, sk_X509_value(s->chain, i)) <= 0)
			goto done;
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	    OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	    digest, 32))
		goto done;
	if ((attrs = signed_attrs_der(si, &alen)) == NULL)
		goto done;
	sig = xcalloc(slen ? slen : 1, 1);
	if (sign) {
		mc = EVP_MD_CTX_new();
		if (mc == NULL || EVP_DigestSignInit(mc, NULL, EVP_sha256(), NULL, s->key) <= 0 ||
		    EVP_DigestSign(mc, sig, &slen, attrs, alen) <= 0)
			goto done;
	}
	if (!ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)slen))
		goto done;
	int n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0) {
		der = NULL;
		goto done;
	}
	*len = (size_t)n;
done:
	EVP_MD_CTX_free(mc);
	CMS_ContentInfo_free(cms);
	free(attrs);
	free(sig);
	return der;
}

size_t signer_cms_size(struct signer *s)
{
	unsigned char zero[32] = { 0 };
	size_t len = 0;
	unsigned char *der = build_cms(s, zero, false, &len);
	if (der == NULL) {
		ERR_clear_error();
		return 16384;             /* signer_cms() reports the failure */
	}
	OPENSSL_free(der);
	return len + 16;                   /* DER lengths may grow a byte */
}

int signer_cms(struct signer *s, const unsigned char digest[32], unsigned char **der,
    size_t *len)
{
	unsigned char *d = build_cms(s, digest, true, len);
	if (d == NULL) {
		diag_plain(DIAG_ERROR, "OpenSSL could not make the signature: %s", ossl_error());
		return AP_EXIT_SOFTWARE;
	}
	*der = xmalloc(*len);
	memcpy(*der, d, *len);
	OPENSSL_free(d);
	return AP_EXIT_OK;
}
