/*
 * sniff.c - a file's kind from its magic numbers (see sniff.h).
 */
#include "sniff.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_TAIL 65536               /* bytes of a ZIP's end read for names */

/* The kind a ZIP archive's member names (in its central directory,
 * somewhere in tail) say it is. */
static enum file_kind sniff_zip(const unsigned char *head, size_t len,
    const unsigned char *tail, size_t tail_len)
{
	/* OpenDocument stores "mimetype" first, uncompressed. */
	static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument";
	if (len >= 30 + sizeof odf - 1 && memcmp(head + 30, odf,
	    sizeof odf - 1) == 0)
		return FILE_KIND_OPENDOCUMENT;
	for (size_t i = 0; i + 46 <= tail_len; i++) {
		if (memcmp(tail + i, "PK\1\2", 4) != 0)
			continue;
		size_t nl = (size_t)tail[i + 28] | (size_t)tail[i + 29] << 8;
		const unsigned char *name = tail + i + 46;
		if (i + 46 + nl > tail_len)
			break;
		if (nl >= 5 && memcmp(name, "word/", 5) == 0)
			return FILE_KIND_WORD;
		if (nl >= 3 && memcmp(name, "xl/", 3) == 0)
			return FILE_KIND_EXCEL;
		if (nl >= 4 && memcmp(name, "ppt/", 4) == 0)
			return FILE_KIND_POWERPOINT;
	}
	return FILE_KIND_ZIP;
}

enum file_kind file_sniff_bytes(const unsigned char *data, size_t len,
    const unsigned char *tail, size_t tail_len)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	static const unsigned char ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1,
	    0x1a, 0xe1 };
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return FILE_KIND_PDF;
	if (len >= 8 && memcmp(data, png, 8) == 0)
		return FILE_KIND_PNG;
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return FILE_KIND_JPEG;
	if (len >= 8 && memcmp(data, ole, 8) == 0)
		return FILE_KIND_OLD_OFFICE;
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return sniff_zip(data, len, tail, tail_len);
	return FILE_KIND_OTHER;
}

enum file_kind file_sniff(const char *path, int *err)
{
	unsigned char head[128], *tail = NULL;
	*err = 0;
	/* O_NONBLOCK and the type check: a FIFO or device must not hang the
	 * build; what is not a regular file is left to the reader that
	 * refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return FILE_KIND_OTHER;
	}
	struct stat st;
	FILE *f = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return FILE_KIND_OTHER;
	}
	size_t n = fread(head, 1, sizeof head, f), tn = 0;
	if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0) {
		long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
		long from = size > SNIFF_TAIL ? size - SNIFF_TAIL : 0;
		tail = xmalloc(SNIFF_TAIL);
		if (size > 0 && fseek(f, from, SEEK_SET) == 0)
			tn = fread(tail, 1, SNIFF_TAIL, f);
	}
	fclose(f);
	enum file_kind k = file_sniff_bytes(head, n, tail, tn);
	free(tail);
	return k;
}

const char *file_kind_name(enum file_kind k)
{
	switch (k) {
	case FILE_KIND_PDF: return "a PDF";
	case FILE_KIND_PNG: return "a PNG picture";
	case FILE_KIND_JPEG: return "a JPEG picture";
	case FILE_KIND_WORD: return "a Word document";
	case FILE_KIND_EXCEL: return "an Excel workbook";
	case FILE_KIND_POWERPOINT: return "a PowerPoint presentation";
	case FILE_KIND_OPENDOCUMENT: return "an OpenDocument file";
	case FILE_KIND_ZIP: return "a ZIP archive";
	case FILE_KIND_OLD_OFFICE: return "an old Office document (.doc, .xls or .ppt)";
	default: return "a file";
	}
}
