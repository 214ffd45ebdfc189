/*
 * cms.h - the signer's key and the CMS of a PAdES baseline-B signature
 * (ETSI EN 319 142-1, SubFilter /ETSI.CAdES.detached), made with
 * OpenSSL's CMS API.  Only src/sign includes OpenSSL.
 *
 * The CMS is a SignedData with detached content, SHA-256, and the signed
 * attributes content-type, message-digest and signing-certificate-v2
 * (ESS, which binds the certificate to the signature).  There is no
 * signing-time attribute: PAdES takes the claimed time from the
 * signature dictionary's /M, and baseline-B forbids the attribute.
 *
 * Every function reports its own errors ("agendapack: error: ...") and
 * returns a status from enum ap_exit.
 */
#ifndef AP_SIGN_CMS_H
#define AP_SIGN_CMS_H

#include <stddef.h>
#include <time.h>

struct signer;                         /* opaque: key, certificate, chain */

/* Reads the PKCS#12 file path with passphrase pass ("" when none was
 * given) and checks that its certificate is valid at now.  Returns 0 and
 * *out, or reports why not and returns AP_EXIT_NOINPUT (the file cannot
 * be read) or AP_EXIT_DATAERR (not PKCS#12, a wrong passphrase, no key
 * or certificate, the key not the certificate's, the certificate expired
 * or not yet valid). */
int signer_load(const char *path, const char *pass, time_t now, struct signer **out);
void signer_free(struct signer *s);

/* The certificate subject's common name (else its whole subject), UTF-8;
 * owned by s. */
const char *signer_name(const struct signer *s);

/* An upper bound of the CMS's DER size in bytes: what the signature
 * dictionary's /Contents must hold. */
size_t signer_cms_size(struct signer *s);

/* SHA-256 of the two byte ranges [r[0], r[0]+r[1]) and [r[2], r[2]+r[3])
 * of data (a /ByteRange). */
void cms_digest(const unsigned char *data, const size_t r[4], unsigned char out[32]);

/* Signs the SHA-256 digest of the signed bytes: *der (heap) and *len.
 * Returns 0 or AP_EXIT_SOFTWARE after reporting OpenSSL's error. */
int signer_cms(struct signer *s, const unsigned char digest[32], unsigned char **der,
    size_t *len);

#endif
