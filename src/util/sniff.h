/*
 * sniff.h - what kind of file a path holds, from its first bytes (and,
 * for a ZIP archive, the names in its central directory).
 *
 * People name the wrong file: an appendix.pdf where a YAML paper is
 * expected, a Word document where a PDF is.  The loader sniffs a file
 * before it parses or hands it on, so the message can say what the file
 * is and what to do.  Nothing here parses the file beyond its magic
 * numbers; "PDF" means only that it starts with "%PDF-".
 */
#ifndef AP_SNIFF_H
#define AP_SNIFF_H

#include <stddef.h>

enum file_kind {
	FILE_KIND_OTHER,                   /* none of these (YAML, text, ...) */
	FILE_KIND_PDF,                     /* "%PDF-" */
	FILE_KIND_PNG,
	FILE_KIND_JPEG,
	FILE_KIND_WORD,                    /* a ZIP holding word/ (.docx) */
	FILE_KIND_EXCEL,                   /* a ZIP holding xl/ (.xlsx) */
	FILE_KIND_POWERPOINT,              /* a ZIP holding ppt/ (.pptx) */
	FILE_KIND_OPENDOCUMENT,            /* a ZIP with an ODF mimetype */
	FILE_KIND_ZIP,                     /* any other ZIP archive */
	FILE_KIND_OLD_OFFICE,              /* D0 CF 11 E0: .doc .xls .ppt */
};

/* The kind of the file at path; *err is 0, or the errno when it cannot
 * be opened (then FILE_KIND_OTHER). */
enum file_kind file_sniff(const char *path, int *err);

/* The kind of data[0..len), the head of a file (len at least 8 for the
 * magic numbers); tail[0..tail_len) is the file's last bytes, where a
 * ZIP archive lists its members (may be empty). */
enum file_kind file_sniff_bytes(const unsigned char *data, size_t len,
    const unsigned char *tail, size_t tail_len);

/* "a PDF", "a Word document", ...: the kind for a message. */
const char *file_kind_name(enum file_kind k);

#endif
