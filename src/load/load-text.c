/*
 * load-text.c - the fixed phrases a pack prints itself ("Agenda item 4",
 * "Page 3", the membership paper's wording, the minutes' lead-ins), per
 * language, and the style's 'text:' that changes or adds to them.
 *
 * Schema (docs/layout.md, "Fixed text"):
 *
 *   text:
 *     LANG:                 # a BCP 47 tag: en-GB, cy, ...
 *       KEY: PHRASE         # any of text_names; {fields} as documented
 *
 * Built in: every key in en-GB and in Welsh (cy).  A language the
 * style names but does not complete takes the missing phrases from
 * en-GB.  Guarantees: style_text never returns NULL.
 */
#include "load-int.h"

#include <string.h>
#include <strings.h>

/* The keys of 'text:', in enum text_key's order. */
static keylist text_names = {
	"agenda_item", "page", "pages", "blank_page", "not_for_publication",
	"supplement", "supplement_title", "contact", "telephone", "email",
	"exempt_items", "minutes_heading", "present", "also_present",
	"officers_present", "apologies_for_absence", "closed", "agreed",
	"chair", "signature_date", "committee_label", "enquiries",
	"recommendations", "to_note", "note_membership", "note_apologies",
	"note_declarations", "membership", "quorum", "non_elected",
	"apologies", "substitutions", "substitute", "declarations",
	"subject_minutes", "subject_pack", "minutes_title", "draft",
	"minutes_heading_time", "exempt_paragraph", "exempt_item",
	"exempt_minute", "exempt_minute_paragraph", "votes", "votes_for",
	"votes_against", "votes_abstained",
	"to_follow", "supplement_number", "published", "supplement_range",
	"full_banner",
	"edition_full", "edition_record",
	"web_skip",
	"web_documents",
	"web_contact",
	"web_notes",
	"web_agenda",
	"web_date",
	"web_time",
	"web_venue",
	"web_pack",
	"web_agenda_alone",
	"web_calendar",
	"web_pdf_one",
	"web_pdf",
	"web_item_papers",
	"web_page",
	"web_in_pack_page",
	"web_in_pack_pages",
	"web_not_published",
	"web_to_follow",
	"web_agenda_title",
	"web_item_title",
	"web_other",
	"web_minutes",
	NULL };

/* British English: the wording of the Essex reference pack. */
static const char *const text_en[TEXT_KEYS] = {
	"Agenda item {item}", "Page {page}", "Pages",
	"This page is intentionally left blank", "NOT FOR PUBLICATION",
	"{committee}: Supplementary agenda", "{title} (supplementary agenda No. {n})",
	"For information about the meeting please ask for:",
	"Telephone: {phone}", "Email:", "Exempt Items",
	"Minutes of the meeting of the {committee}, held in {venue} on {date}",
	"Present:", "Also present:",
	"The following officers were present in support of the meeting:",
	"Apologies for absence:",
	"There being no further business the meeting closed at {time}.",
	"It was **Agreed** that:", "Chairman", "Date", "Committee:",
	"Enquiries to:", "Recommendations:", "To note",
	"Membership as shown below", "Apologies and substitutions",
	"Declarations of interest to be made by Members in accordance with "
	    "the Members\xe2\x80\x99 Code of Conduct",
	"Membership", "(Quorum: {quorum})", "Non-elected Members",
	"Apologies", "Substitutions", "{substitute} for {member}",
	"Declarations of interest",
	"Minutes of the meeting of the {committee} held on {date}",
	"Agenda and papers for the meeting of the {committee} on {date}",
	"{committee}, {date}: minutes", "DRAFT",
	"Minutes of the meeting of the {committee}, held in {venue} on {date} "
	    "at {time}",
	"paragraph {paragraph} of Part {part} of Schedule 12A to the Local "
	    "Government Act 1972",
	"Not for publication by virtue of {statute}.",
	"Minute {minute} contains exempt information and is not published.",
	"Minute {minute} contains exempt information as defined in {statute} "
	    "and is not published.",
	"Voting:", "For", "Against", "Abstentions",
	"To follow",
	"Supplementary agenda No. {n}", "Date of publication: {date}",
	"This supplement runs from page {first} to page {last}.",
	"CONFIDENTIAL \xe2\x80\x94 NOT FOR PUBLICATION \xe2\x80\x94 contains "
	    "exempt information",
	"Full edition \xe2\x80\x94 CONFIDENTIAL \xe2\x80\x94 NOT FOR PUBLICATION",
	"Record edition, all papers as considered \xe2\x80\x94 CONFIDENTIAL "
	    "\xe2\x80\x94 NOT FOR PUBLICATION",
	"Skip to main content",
	"Documents",
	"Contact",
	"Notes",
	"Agenda",
	"Date",
	"Time",
	"Venue",
	"The agenda and reports pack",
	"The agenda alone",
	"Add the meeting to your calendar (iCalendar file)",
	"PDF, 1 page, {n}",
	"PDF, {first} pages, {n}",
	"Item {item} papers",
	"{title} (web page)",
	"Item {item} in the agenda pack, page {first}",
	"Item {item} in the agenda pack, pages {first} to {last}",
	"The papers for these items are not published.",
	"Papers to follow, in Supplementary agenda No. {n}.",
	"Agenda: {committee}, {date}",
	"Item {item}: {title}",
	"Other documents",
	"Minutes" };

/* Welsh (Cymraeg). */
static const char *const text_cy[TEXT_KEYS] = {
	"Eitem agenda {item}", "Tudalen {page}", "Tudalennau",
	"Gadawyd y dudalen hon yn wag yn fwriadol", "NID I'W GYHOEDDI",
	"{committee}: Agenda atodol", "{title} (agenda atodol Rhif {n})",
	"I gael gwybodaeth am y cyfarfod, gofynnwch am:",
	"Ff\xc3\xb4n: {phone}", "E-bost:", "Eitemau Eithriedig",
	"Cofnodion cyfarfod {committee}, a gynhaliwyd yn {venue} ar {date}",
	"Yn bresennol:", "Hefyd yn bresennol:",
	"Roedd y swyddogion canlynol yn bresennol i gefnogi'r cyfarfod:",
	"Ymddiheuriadau am absenoldeb:",
	"Gan nad oedd rhagor o fusnes, daeth y cyfarfod i ben am {time}.",
	"**Cytunwyd** ar y canlynol:", "Cadeirydd", "Dyddiad", "Pwyllgor:",
	"Ymholiadau i:", "Argymhellion:", "Nodi",
	"Yr aelodaeth fel y'i dangosir isod", "Ymddiheuriadau a dirprwyon",
	"Datganiadau o fuddiant i'w gwneud gan Aelodau yn unol \xc3\xa2 Chod "
	    "Ymddygiad yr Aelodau",
	"Aelodaeth", "(Cworwm: {quorum})", "Aelodau anetholedig",
	"Ymddiheuriadau", "Dirprwyon", "{substitute} yn lle {member}",
	"Datganiadau o fuddiant",
	"Cofnodion cyfarfod {committee} a gynhaliwyd ar {date}",
	"Agenda a phapurau cyfarfod {committee} ar {date}",
	"{committee}, {date}: cofnodion", "DRAFFT",
	"Cofnodion cyfarfod {committee}, a gynhaliwyd yn {venue} ar {date} "
	    "am {time}",
	"paragraff {paragraph} o Ran {part} o Atodlen 12A i Ddeddf Llywodraeth "
	    "Leol 1972",
	"Nid i'w gyhoeddi yn rhinwedd {statute}.",
	"Mae cofnod {minute} yn cynnwys gwybodaeth eithriedig ac nis "
	    "cyhoeddir.",
	"Mae cofnod {minute} yn cynnwys gwybodaeth eithriedig fel y'i "
	    "diffinnir yn {statute} ac nis cyhoeddir.",
	"Pleidleisio:", "O blaid", "Yn erbyn", "Yn ymatal",
	"I ddilyn",
	"Agenda atodol Rhif {n}", "Dyddiad cyhoeddi: {date}",
	"Mae'r atodiad hwn yn rhedeg o dudalen {first} i dudalen {last}.",
	"CYFRINACHOL \xe2\x80\x94 NID I'W GYHOEDDI \xe2\x80\x94 yn cynnwys "
	    "gwybodaeth eithriedig",
	"Argraffiad llawn \xe2\x80\x94 CYFRINACHOL \xe2\x80\x94 NID I'W GYHOEDDI",
	"Argraffiad y cofnod, pob papur fel yr ystyriwyd \xe2\x80\x94 CYFRINACHOL "
	    "\xe2\x80\x94 NID I'W GYHOEDDI",
	"Neidio i'r prif gynnwys",
	"Dogfennau",
	"Cyswllt",
	"Nodiadau",
	"Agenda",
	"Dyddiad",
	"Amser",
	"Lleoliad",
	"Pecyn yr agenda a'r adroddiadau",
	"Yr agenda yn unig",
	"Ychwanegu'r cyfarfod at eich calendr (ffeil iCalendar)",
	"PDF, 1 dudalen, {n}",
	"PDF, {first} tudalen, {n}",
	"Papurau eitem {item}",
	"{title} (tudalen we)",
	"Eitem {item} yn y pecyn agenda, tudalen {first}",
	"Eitem {item} yn y pecyn agenda, tudalennau {first} i {last}",
	"Ni chyhoeddir y papurau ar gyfer yr eitemau hyn.",
	"Papurau i ddilyn, yn Agenda atodol Rhif {n}.",
	"Agenda: {committee}, {date}",
	"Eitem {item}: {title}",
	"Dogfennau eraill",
	"Cofnodion" };

void load_style_text_defaults(struct arena *a, struct style *l)
{
	l->ntexts = 2;
	l->texts = arena_alloc(a, 2 * sizeof *l->texts);
	l->texts[0].lang = "en-GB";
	l->texts[1].lang = "cy";
	for (int k = 0; k < TEXT_KEYS; k++) {
		l->texts[0].s[k] = text_en[k];
		l->texts[1].s[k] = text_cy[k];
	}
}

/* l's phrases for exactly lang (any case), or NULL. */
static struct style_text *text_lang(const struct style *l, const char *lang)
{
	for (size_t i = 0; i < l->ntexts; i++)
		if (strcasecmp(l->texts[i].lang, lang) == 0)
			return &l->texts[i];
	return NULL;
}

/* l's phrases for lang, added (all NULL: en-GB's) when new. */
static struct style_text *text_lang_add(struct arena *a, struct style *l,
    const char *lang)
{
	struct style_text *t = text_lang(l, lang);
	if (t != NULL)
		return t;
	struct style_text *v = arena_alloc(a, (l->ntexts + 1) * sizeof *v);
	memcpy(v, l->texts, l->ntexts * sizeof *v);
	l->texts = v;
	t = &v[l->ntexts++];
	t->lang = lang;
	return t;
}

void load_style_text(struct loader *ld, const struct ynode *n,
    struct style *l)
{
	if (yamltree_is_null(n) || !load_is_map(n, "'text'"))
		return;
	for (size_t i = 0; i < n->npairs; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].val;
		if (k->len == 0 || k->len > 35 || strspn(k->text,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
		    != k->len) {
			diag(DIAG_ERROR, k->pos, "'text' takes languages (BCP 47 "
			    "tags like en-GB or cy), not '%s'", k->text);
			continue;
		}
		if (yamltree_is_null(v) || !load_is_map(v, "a language's 'text'"))
			continue;
		load_keys(v, text_names);
		struct style_text *t = text_lang_add(ld->a, l, k->text);
		for (int key = 0; key < TEXT_KEYS; key++) {
			const char *s = load_text(yamltree_get(v, text_names[key]),
			    text_names[key]);
			if (s != NULL)
				t->s[key] = s;
		}
	}
}

const char *style_text(const struct style *l, const char *lang,
    enum text_key k)
{
	const struct style_text *t = lang ? text_lang(l, lang) : NULL;
	if (t == NULL && lang != NULL) {
		/* "cy-GB" finds "cy"; "en" finds "en-GB". */
		size_t n = strcspn(lang, "-_");
		for (size_t i = 0; i < l->ntexts && t == NULL; i++)
			if (strncasecmp(l->texts[i].lang, lang, n) == 0 &&
			    strchr("-_", l->texts[i].lang[n]) != NULL)
				t = &l->texts[i];
	}
	if (t != NULL && t->s[k] != NULL)
		return t->s[k];
	return l->texts != NULL && l->texts[0].s[k] != NULL ? l->texts[0].s[k] :
	    text_en[k];
}
