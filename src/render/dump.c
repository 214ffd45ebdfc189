/*
 * dump.c - the text device: pages and their operations as lines of
 * text, in pt with two decimals, for golden tests.
 *
 *   page 3 595.28x841.89 item=4 first
 *     text 56.69 98.40 f0 11.00 #000000 "This paper and attached"
 *     line 56.69 120.00 +482.00 +0.00 w0.50
 *     rect 56.69 120.00 482.00 18.00 #d9d9d9
 *     image 100.00 200.00 300.00 150.00 chart.png
 *     link 56.69 120.00 40.00 13.75 -> https://example.org
 */
#include "render.h"

#include <string.h>

static void dump_str(FILE *f, const char *s, int len)
{
	fputc('"', f);
	for (int i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

void render_dump(const struct render_doc *d, const struct fontset *fs, FILE *f)
{
	(void)fs;
	for (size_t i = 0; i < d->npages; i++) {
		const struct page *p = d->pages[i];
		fprintf(f, "page %d %.2fx%.2f", p->number, MPT2PT(p->w), MPT2PT(p->h));
		if (p->item)
			fprintf(f, " item=%s%s", p->item, p->item_first ? " first" : "");
		if (p->blank)
			fputs(" blank", f);
		if (p->exempt)
			fputs(" exempt", f);
		fputc('\n', f);
		for (size_t k = 0; k < p->nops; k++) {
			const struct op *o = &p->ops[k];
			switch (o->kind) {
			case OP_TEXT:
				fprintf(f, "  text %.2f %.2f f%d %.2f #%06x ", MPT2PT(o->x),
				    MPT2PT(o->y), o->face, MPT2PT(o->size), o->color);
				dump_str(f, o->text, o->len);
				fputs(o->flags & OPF_ROT45 ? " rot45\n" : "\n", f);
				break;
			case OP_LINE:
				fprintf(f, "  line %.2f %.2f %+.2f %+.2f w%.2f\n", MPT2PT(o->x),
				    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), MPT2PT(o->size));
				break;
			case OP_RECT:
				fprintf(f, "  rect %.2f %.2f %.2f %.2f #%06x\n", MPT2PT(o->x),
				    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->color);
				break;
			case OP_IMAGE:
				fprintf(f, "  image %.2f %.2f %.2f %.2f %s\n", MPT2PT(o->x),
				    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), basename_of(o->text));
				break;
			case OP_LINK:
				fprintf(f, "  link %.2f %.2f %.2f %.2f -> %.*s\n", MPT2PT(o->x),
				    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->len, o->text);
				break;
			case OP_PLACEHOLDER:
				fprintf(f, "  placeholder %.2f %.2f %.2f %.2f %.*s\n", MPT2PT(o->x),
				    MPT2PT(o->y), MPT2PT(o->w), MPT2PT(o->h), o->len, o->text);
				break;
			}
		}
	}
	for (size_t i = 0; i < d->noutline; i++) {
		const struct outline_entry *e = &d->outline[i];
		fprintf(f, "outline %d page %d \"%s\"\n", e->level,
		    d->pages[e->page]->number, e->title);
	}
}
