/*
 * test_textdump.c - plain text as a scraper's dump of a page
 * (parse/textdump.h): one rule of the reader per row.
 *
 * Each row is a small text written for it, a needle (text a reader sees
 * in it), the label a reader would give the needle's block -- "content"
 * for the article, "boilerplate" for the template around it -- and the
 * rule cqa-parse --explain must name for it ("why", docs/formats.md).
 * The texts share one article: two paragraphs of prose about a restored
 * mill, long enough to be the body.  Near misses sit next to the positive
 * cases.  Then the structure (wrapped and unwrapped lines, kinds, the
 * title and the date) and the date lines, each checked against a value
 * worked out by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parse/markdown.h"
#include "parse/parse.h"
#include "parse/textdump.h"
#include "parse/textdump_model.h"
#include "parse/textdump_words.h"

#define BODY_1                                                                 \
	"The mill on the River Wey was built in 1752, rebuilt after a fire "   \
	"in 1810, and worked until its last miller retired in 1961, when "     \
	"the wheel stopped and the race silted up.\n\n"
#define BODY_2                                                                 \
	"Volunteers began clearing the race in 2019, working on Saturdays "    \
	"with shovels, barrows and a borrowed pump, and by the spring of "     \
	"2021 water ran under the wheel again.\n\n"
#define HEAD "May 3, 2024\n\nThe Mill Wheel Turns Again\n\n"

/* The dump the reader is for: date, title, body in numbered sections,
 * then previous/next lines, teasers cut at one length, share and
 * copyright lines. */
static const char dump_farm[] =
    HEAD "1. The mill\n\n" BODY_1 "2. The volunteers\n\n" BODY_2
         "<<: Old bridge reopens after repairs\n"
         ">>: Library extends its opening hours\n\n"
         "Related articles\n"
         "Ten walks along the river that take less than an...\n"
         "Why the old canal locks are being restored this s...\n"
         "A new cafe opens in the station building and the ...\n\n"
         "Share this article: Facebook Twitter WhatsApp\n"
         "\xC2\xA9 2024 Valley News Media. All rights reserved.\n";

/* Navigation words and markers in other languages, an ad label, a tag
 * line, a separator, an image placeholder, a bare address, a form, a
 * credit line, a cookie notice. */
static const char dump_furniture[] = HEAD BODY_1 BODY_2
    "\xC2\xAB Vorheriger Artikel\n\n"
    "Weiterlesen: Die neue Br\xC3\xBC"
    "cke\n\n"
    "Anzeige\n\n"
    "Themen: Fluss, M\xC3\xBChle, Ehrenamt\n\n"
    "* * *\n\n"
    "[mill-photo.jpg]\n\n"
    "[star]_[star]_[star]\n\n"
    "IFRAME: https://video.example/embed/77\n\n"
    "E-Mail-Adresse ____________________\n\n"
    "Foto: Anna Berg\n\n"
    "We use cookies to remember your settings. By using this site you "
    "agree to our privacy policy.\n";

/* A rule as w3m draws it, in box-drawing characters, over the line that
 * follows it without a blank line; a site's "about us" after the text. */
static const char dump_w3m_rule[] = HEAD BODY_1 BODY_2
    "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81"
    "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\n"
    "Den Artikel mit anderen teilen und diskutieren, wie es euch "
    "gef\xC3\xA4llt:\n\n"
    "\xC3\x9C"
    "ber uns\n\n"
    "Wir sind ein kleiner Verein aus dem Tal, der seit 1990 die alten "
    "M\xC3\xBChlen pflegt und jeden Sommer zum Tag der offenen T\xC3\xBCr "
    "einl\xC3\xA4"
    "dt, mit Kaffee und Kuchen.\n";

/* Sections of the template after the body: the author's biography, then
 * the comments, to the end. */
static const char dump_sections[] = HEAD BODY_1 BODY_2
    "About the author\n\n"
    "Jane Doe writes about local history and has covered the valley's "
    "mills, bridges and canals for the paper since 2009, when she moved "
    "here from London.\n\n"
    "Around the valley\n\n"
    "The council meets on Tuesday to decide on the new footbridge, and "
    "residents may speak for three minutes each before the vote is taken, "
    "as the rules allow.\n\n"
    "Comments\n\n"
    "Lovely to see the wheel turning again after so many years, well done "
    "to everyone who worked on it, I will bring the children to see it.\n";

/* WordPress's German comment form heading over the comments. */
static const char dump_kommentar[] = HEAD BODY_1 BODY_2
    "Hinterlasse jetzt einen Kommentar\n\n"
    "Sch\xC3\xB6ner Bericht \xC3\xBC"
    "ber die alte M\xC3\xBChle, wir waren im Sommer dort und haben "
    "Mehl gekauft, sehr zu empfehlen.\n";

/* lynx's first line: the titles of the page's <link> elements. */
static const char dump_lynx_links[] =
    "#Valley News \xC2\xBB Feed Valley News \xC2\xBB Comments Feed\n\n" HEAD
        BODY_1 BODY_2 "Contact\nImprint\nPrivacy\n";

/* A page's head: a menu of short lines before the body, a kicker. */
static const char dump_menu[] = "Home\nNews\nSport\nWeather\n\n"
                                "LOCAL HISTORY\n\n"
                                "The Mill Wheel Turns Again\n\n" BODY_1 BODY_2
                                "Contact\nImprint\nPrivacy\n";

/* The teaser rule needs three lines cut to about one length: two are not
 * a list, and a short line with "..." among long ones is not cut. */
static const char dump_near_teasers[] = HEAD BODY_1 BODY_2
    "Read on, and wait...\n"
    "The story goes on next week...\n\n"
    "Then there was silence...\n"
    "The mill had outlived three owners, two floods and a war, and it "
    "stood empty for decades while the village argued about it...\n"
    "And so it ended...\n";

/* Guillemets quote in German, French and Swiss text: a paragraph that
 * opens with one and closes it later is prose, not navigation. */
static const char dump_quotes[] = HEAD BODY_1
    "\xC2\xBBWie bringe ich Studierende dazu, im H\xC3\xB6rsaal Fragen zu "
    "stellen?\xC2\xAB, fragte die Dozentin, und niemand im Saal wusste "
    "darauf eine Antwort, die sie nicht schon geh\xC3\xB6rt hatte.\n\n" BODY_2
    "\xC2\xBB Zum Angebot: die neue Saison\n";

/* Comment counts: one in the post's header, above most of the text
 * ("Comments 4"), one after the text over the comments ("Comments (2)"),
 * and a zero count, over no comments at all. */
#define BODY_3                                                                 \
	"The wheel now grinds flour on the first Sunday of each month, and "   \
	"the volunteers sell it in the mill shop to pay for the upkeep of "    \
	"the race and the sluice gates.\n\n"
static const char dump_counts[] = HEAD BODY_1
    "Comments 4\n\n" BODY_2 BODY_3 "Comments (2)\n\n"
    "Great work by the volunteers, I walked past on Sunday and the wheel "
    "was turning beautifully in the sun.\n";
static const char dump_zero_count[] =
    HEAD BODY_1 BODY_2 "Comments 0\n\n" BODY_3;
/* A sidebar above the text, its last links naming the comments' feed: the
 * text that follows is no comment thread. */
static const char dump_sidebar_feed[] =
    "Jane Doe writes about the valley, its mills, bridges and canals, and "
    "its long history for the local paper.\n\n"
    "Entries feed\nComments feed\n\n" HEAD BODY_1 BODY_2 BODY_3;

/* Links to other articles set in the text, each on a line of its own
 * after its label ("See also:", Spanish "Lea también:"), a share
 * button's label in German, and pictures' captions that end in their
 * credits. */
static const char dump_crossrefs[] = HEAD BODY_1
    "See also: The old bridge reopens after repairs\n\n"
    "Volunteers at the sluice gate in the spring of 2021. (Foto: Anna "
    "Berg)\n\n"
    "The wheel at dawn, seen from the bridge \xC2\xA9 Valley News\n\n" BODY_2
    "Lea tambi\xC3\xA9n: Reabren el viejo puente tras las obras\n\n"
    "Mit Freunden teilen\n\n"
    "This page holds affiliate links: we may earn a commission when you "
    "buy through them.\n";

typedef struct rule_case {
	const char *name;
	const char *text;
	size_t len;
	const char *needle;
	const char *label;
	const char *why;
} rule_case;

#define ROW(name, text, needle, label, why)                                    \
	{                                                                      \
		name, text, sizeof text - 1, needle, label, why                \
	}

static const rule_case cases[] = {
    ROW("body: the prose", dump_farm, "built in 1752", "content", "body"),
    ROW("body: a numbered section heading", dump_farm, "2. The volunteers",
        "content", "body"),
    ROW("heading between the title and the body", dump_farm, "1. The mill",
        "content", "heading"),
    ROW("title", dump_farm, "The Mill Wheel Turns Again", "content",
        "headline"),
    ROW("date line", dump_farm, "May 3, 2024", "boilerplate", "date-line"),
    ROW("previous marker", dump_farm, "Old bridge reopens", "boilerplate",
        "nav-marker"),
    ROW("next marker", dump_farm, "Library extends", "boilerplate",
        "nav-marker"),
    ROW("related section opener", dump_farm, "Related articles", "boilerplate",
        "related"),
    ROW("teasers cut at one length", dump_farm, "Ten walks along",
        "boilerplate", "teasers"),
    ROW("share line", dump_farm, "Share this article", "boilerplate", "share"),
    ROW("copyright line", dump_farm, "All rights reserved", "boilerplate",
        "copyright"),
    ROW("marker \xC2\xAB in German", dump_furniture, "Vorheriger Artikel",
        "boilerplate", "nav-marker"),
    ROW("nav phrase in German", dump_furniture, "Die neue Br", "boilerplate",
        "nav-word"),
    ROW("ad label", dump_furniture, "Anzeige", "boilerplate", "ad"),
    ROW("tag line", dump_furniture, "Ehrenamt", "boilerplate", "tags"),
    ROW("separator", dump_furniture, "* * *", "boilerplate", "separator"),
    ROW("image placeholder", dump_furniture, "[mill-photo.jpg]", "boilerplate",
        "image"),
    ROW("placeholders linked as html2text writes them", dump_furniture,
        "[star]_[star]", "boilerplate", "image"),
    ROW("bare address", dump_furniture, "video.example", "boilerplate", "url"),
    ROW("form field", dump_furniture, "E-Mail-Adresse", "boilerplate", "form"),
    ROW("credit line", dump_furniture, "Anna Berg", "boilerplate", "credit"),
    ROW("legal notice", dump_furniture, "We use cookies", "boilerplate",
        "legal"),
    ROW("author section", dump_sections, "Jane Doe writes", "boilerplate",
        "author"),
    ROW("comments to the end", dump_sections, "Lovely to see", "boilerplate",
        "comments"),
    ROW("a comment form's heading in German", dump_kommentar,
        "Sch\xC3\xB6ner Bericht", "boilerplate", "comments"),
    ROW("a comment count above most of the text opens nothing", dump_counts,
        "Volunteers began", "content", "body"),
    ROW("a comment count after the text opens the comments", dump_counts,
        "Great work by the volunteers", "boilerplate", "comments"),
    ROW("a zero comment count opens nothing", dump_zero_count,
        "The wheel now grinds", "content", "body"),
    ROW("comments above most of the text open nothing", dump_sidebar_feed,
        "Volunteers began", "content", "body"),
    ROW("a cross-reference's label", dump_crossrefs, "The old bridge",
        "boilerplate", "nav-word"),
    ROW("a cross-reference's label in Spanish", dump_crossrefs,
        "Reabren el viejo", "boilerplate", "nav-word"),
    ROW("a share label in German", dump_crossrefs, "Mit Freunden",
        "boilerplate", "share"),
    ROW("an affiliate disclosure", dump_crossrefs, "affiliate links",
        "boilerplate", "legal"),
    ROW("a caption's credit label", dump_crossrefs, "sluice gate",
        "boilerplate", "caption"),
    ROW("a caption's copyright sign", dump_crossrefs, "wheel at dawn",
        "boilerplate", "caption"),
    ROW("a rule of box-drawing marks", dump_w3m_rule, "\xE2\x94\x81",
        "boilerplate", "separator"),
    ROW("an about-us section", dump_w3m_rule, "kleiner Verein", "boilerplate",
        "author"),
    ROW("lynx's line of <link> titles", dump_lynx_links, "Comments Feed",
        "boilerplate", "links"),
    ROW("menu before the body", dump_menu, "Weather", "boilerplate", "outside"),
    ROW("kicker above the title", dump_menu, "LOCAL HISTORY", "boilerplate",
        "outside"),
    ROW("title under a kicker", dump_menu, "The Mill Wheel Turns Again",
        "content", "headline"),
    ROW("menu after the body", dump_menu, "Imprint", "boilerplate", "outside"),
    ROW("a guillemet that opens a quotation is no marker", dump_quotes,
        "Wie bringe ich", "content", "body"),
    ROW("a guillemet with no closing one is a marker", dump_quotes,
        "Zum Angebot", "boilerplate", "nav-marker"),
    ROW("two lines with ... are no teaser list", dump_near_teasers,
        "Read on, and wait", "content", "body"),
    ROW("lengths far apart are no teaser list", dump_near_teasers,
        "Then there was silence", "content", "body"),
};

enum { N_CASES = sizeof cases / sizeof *cases };

static json_t *read_text(const char *s, size_t n)
{
	parse_options o;
	parse_options_default(&o);
	o.explain = 1;
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_text_document(&o, s, n, NULL, 0, &err);
	assert_non_null(doc);
	return doc;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const json_t *find_block(const json_t *doc, const char *needle)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "blocks"), i, b)
	{
		if (strstr(str(b, "text"), needle))
			return b;
	}
	return NULL;
}

static void test_rule(void **state)
{
	const rule_case *c = *state;
	json_t *doc = read_text(c->text, c->len);
	const json_t *b = find_block(doc, c->needle);
	if (!b)
		fail_msg("\"%s\" is in no block", c->needle);
	if (strcmp(str(b, "label"), c->label) || strcmp(str(b, "why"), c->why))
		fail_msg("\"%s\": %s/%s, expected %s/%s", c->needle,
		         str(b, "label"), str(b, "why"), c->label, c->why);
	json_decref(doc);
}

/* The farm dump as a whole: its metadata, the body's text, the title
 * counted once. */
static void test_farm_metadata_and_text(void **state)
{
	(void)state;
	json_t *doc = read_text(dump_farm, sizeof dump_farm - 1);
	assert_string_equal(str(doc, "title"), "The Mill Wheel Turns Again");
	assert_string_equal(str(doc, "published"), "2024-05-03");
	const char *text = str(doc, "text");
	assert_non_null(
	    strstr(text, "The Mill Wheel Turns Again\n\n1. The mill"));
	assert_null(strstr(text, "Old bridge"));
	assert_null(strstr(text, "Ten walks"));
	assert_null(strstr(text, "May 3, 2024"));
	const json_t *t = find_block(doc, "The Mill Wheel");
	assert_string_equal(str(t, "kind"), "heading");
	assert_int_equal(json_integer_value(json_object_get(t, "level")), 1);
	assert_string_equal(str(t, "path"), "text/h1");
	json_decref(doc);
}

/* A title repeated as the first words of the body is counted once: the
 * body keeps the rest. */
static void test_title_repeat(void **state)
{
	(void)state;
	static const char once[] =
	    "The Mill Wheel Turns Again\n\n"
	    "The Mill Wheel Turns Again The mill on the River Wey was built in "
	    "1752, rebuilt after a fire in 1810, and worked until its last "
	    "miller retired in 1961, when the wheel stopped and the race "
	    "silted up completely.\n";
	json_t *doc = read_text(once, sizeof once - 1);
	assert_string_equal(str(doc, "title"), "The Mill Wheel Turns Again");
	const json_t *b = find_block(doc, "River Wey");
	assert_true(!strncmp(str(b, "text"), "The mill on the River Wey", 25));
	assert_string_equal(str(doc, "text"),
	                    "The Mill Wheel Turns Again\n\n"
	                    "The mill on the River Wey was built in 1752, "
	                    "rebuilt after a fire in 1810, and worked until "
	                    "its last miller retired in 1961, when the wheel "
	                    "stopped and the race silted up completely.");
	/* the body's line map moves with its text: still line 3 */
	assert_int_equal(json_integer_value(json_object_get(b, "line")), 3);
	json_decref(doc);
}

/* Wrapped at 72 columns (a mail, a lynx dump): lines that fill the width
 * are joined; a short line ends the paragraph; list items keep their own
 * continuation lines and lose their bullets. */
static void test_wrapped(void **state)
{
	(void)state;
	static const char wrapped[] =
	    "The mill on the River Wey was built in 1752, rebuilt after a "
	    "fire\n"
	    "in 1810, and worked until its last miller retired in 1961, when\n"
	    "the wheel stopped.\n"
	    "Volunteers began clearing the race in 2019, working on Saturdays\n"
	    "with shovels, barrows and a borrowed pump, and by the spring of\n"
	    "2021 water ran under the wheel again, as the trust had hoped.\n"
	    "   * The wheel drives two pairs of stones that grind wholemeal\n"
	    "     flour for the shop.\n"
	    "   * The income pays for insurance, repairs and a miller.\n";
	json_t *doc = read_text(wrapped, sizeof wrapped - 1);
	json_t *blocks = json_object_get(doc, "blocks");
	assert_int_equal(json_array_size(blocks), 4);
	assert_string_equal(
	    str(json_array_get(blocks, 0), "text"),
	    "The mill on the River Wey was built in 1752, "
	    "rebuilt after a fire in 1810, and worked until its "
	    "last miller retired in 1961, when the wheel "
	    "stopped.");
	const json_t *li = json_array_get(blocks, 2);
	assert_string_equal(str(li, "kind"), "list_item");
	assert_string_equal(str(li, "text"),
	                    "The wheel drives two pairs of stones that grind "
	                    "wholemeal flour for the shop.");
	json_decref(doc);
}

/* A heading ends the biography, and the body span does not go on after
 * it: what follows is outside the span (the block model keeps it or
 * not), neither the author's nor the body's. */
static void test_author_section_ends(void **state)
{
	(void)state;
	json_t *doc = read_text(dump_sections, sizeof dump_sections - 1);
	const char *why = str(find_block(doc, "The council meets"), "why");
	if (strcmp(why, "outside") && strcmp(why, "body-like"))
		fail_msg("\"The council meets\": %s, expected outside the "
		         "body span",
		         why);
	json_decref(doc);
}

/* What converters leave in a dump: character references html2text did
 * not decode ("&#xE4;", "&#x27;"), its link text underlined with "_"
 * ("River_Wey_Trust"), a compound the wrap broke at its hyphen ("water-"
 * "wheel"); a constant's name (not underlined text) and a named entity
 * stay as they are. */
static void test_converter_leftovers(void **state)
{
	(void)state;
	static const char dump[] =
	    "The mill on the River Wey was built in 1752 and the "
	    "River_Wey_Trust\n"
	    "has run it since 1990. Its M&#xFC;hle sign was painted by the "
	    "water-\n"
	    "wheel&#x27;s first miller in the village of Godalming, long ago.\n"
	    "Set MILL_OPEN_HOURS to change the hours on the club_house page\n"
	    "of the trust, and Smith &amp; Sons sell the flour at the shop in\n"
	    "the village, where the_miller_s_wife and the Old_Barn_Cafe and "
	    "the\n"
	    "Mill_Race_Walk and the Flour_Shop_Hours link to the trust&#39;s\n"
	    "site.\n";
	json_t *doc = read_text(dump, sizeof dump - 1);
	const char *text =
	    str(json_array_get(json_object_get(doc, "blocks"), 0), "text");
	assert_non_null(strstr(text, "the River Wey Trust has run"));
	assert_non_null(strstr(text, "Its M\xC3\xBChle sign"));
	assert_non_null(strstr(text, "by the water-wheel's first miller"));
	assert_non_null(strstr(text, "Set MILL_OPEN_HOURS to"));
	assert_non_null(strstr(text, "Smith &amp; Sons"));
	assert_non_null(strstr(text, "the trust's site."));
	assert_non_null(strstr(text, "the Old Barn Cafe and"));
	json_decref(doc);

	/* a few names with "_" in a text of many words are not
	 * underlined links */
	static const char code[] =
	    "Set the option page_size and the option cache_dir before you "
	    "start the mill's web site, then read the log in the folder "
	    "named mill_logs, which the night job fills.\n";
	doc = read_text(code, sizeof code - 1);
	text = str(json_array_get(json_object_get(doc, "blocks"), 0), "text");
	assert_non_null(strstr(text, "page_size and the option cache_dir"));
	json_decref(doc);
	/* a first line of a form feed is no separator, and no block */
	static const char feed[] = "\f\nThe mill reopened in May.\n";
	doc = read_text(feed, sizeof feed - 1);
	assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 1);
	json_decref(doc);
	/* a line that is a soft hyphen and nothing else is no text */
	static const char shy[] = "The mill reopened in May.\n\xC2\xAD\n"
	                          "The miller was glad.\n";
	doc = read_text(shy, sizeof shy - 1);
	assert_null(strstr(str(doc, "text"), "\xC2\xAD"));
	assert_non_null(strstr(str(doc, "text"), "The miller was glad."));
	json_decref(doc);
	/* nor are many, all in lower case: a writer's names of code */
	static const char names[] =
	    "Set page_size, cache_dir, log_level, max_age and night_job in "
	    "the file, then run the mill's site.\n";
	doc = read_text(names, sizeof names - 1);
	text = str(json_array_get(json_object_get(doc, "blocks"), 0), "text");
	assert_non_null(strstr(text, "page_size, cache_dir, log_level"));
	json_decref(doc);

	/* a bullet goes; a list's letters stay, as the page shows them */
	static const char lettered[] = "The miller's duties, as the trust "
	                               "wrote them down in 1990:\n\n"
	                               "a) Check the sluice gates each week\n"
	                               "b) Grease the wheel's bearings\n"
	                               "* Sweep the floor\n"
	                               "   # Open the sluice\n";
	doc = read_text(lettered, sizeof lettered - 1);
	const json_t *b = find_block(doc, "Grease");
	assert_string_equal(str(b, "kind"), "list_item");
	assert_string_equal(str(b, "text"), "b) Grease the wheel's bearings");
	assert_string_equal(str(find_block(doc, "Sweep"), "text"),
	                    "Sweep the floor");
	/* html2text's numbered item: an indented "# " */
	b = find_block(doc, "Open the sluice");
	assert_string_equal(str(b, "kind"), "list_item");
	assert_string_equal(str(b, "text"), "Open the sluice");
	json_decref(doc);
}

/* Headings between runs of marks, as html2text writes them ("******
 * Title ******", larger headings with more stars) and wikis do ("==
 * Section =="): headings without their marks, one over two lines when
 * the wrap broke it ("**** ****" is a separator); the marked heading is the
 * title before a plain line under it. */
static void test_enclosed_headings(void **state)
{
	(void)state;
	static const char dump[] =
	    "****** The Mill Wheel Turns Again ******\n"
	    "Exclusive for subscribers\n\n" BODY_1
	    "*** What the volunteers did in the long winter of 2019 and the "
	    "spring ***\n\n" BODY_2 "**** ****\n"
	    "*** The miller's house and the long,\n"
	    "narrow garden behind it ***\n\n"
	    "== Visiting ==\n\n" BODY_3;
	json_t *doc = read_text(dump, sizeof dump - 1);
	assert_string_equal(str(doc, "title"), "The Mill Wheel Turns Again");
	const json_t *b = find_block(doc, "What the volunteers did");
	assert_string_equal(str(b, "kind"), "heading");
	assert_int_equal(json_integer_value(json_object_get(b, "level")), 3);
	assert_string_equal(str(b, "text"),
	                    "What the volunteers did in the long winter of "
	                    "2019 and the spring");
	b = find_block(doc, "miller's house");
	assert_string_equal(str(b, "kind"), "heading");
	assert_string_equal(str(b, "text"),
	                    "The miller's house and the long, narrow garden "
	                    "behind it");
	b = find_block(doc, "Visiting");
	assert_string_equal(str(b, "kind"), "heading");
	assert_int_equal(json_integer_value(json_object_get(b, "level")), 2);
	assert_string_equal(str(b, "text"), "Visiting");
	assert_string_equal(str(find_block(doc, "****"), "why"), "separator");
	json_decref(doc);
}

/* Not wrapped (a paragraph a line, as a CMS export writes): each line is
 * a block, even without blank lines between them; a writer's own line
 * break inside a sentence still joins. */
static void test_unwrapped(void **state)
{
	(void)state;
	static const char lines[] =
	    "The Mill Wheel Turns Again\n"
	    "The mill on the River Wey was built in 1752, rebuilt after a fire "
	    "in 1810, and worked until its last miller retired in 1961.\n"
	    "Volunteers began clearing the race in 2019, working on Saturdays "
	    "with shovels, barrows and a borrowed pump.\n"
	    "By the spring of 2021,\nwater ran under the wheel again.\n";
	json_t *doc = read_text(lines, sizeof lines - 1);
	json_t *blocks = json_object_get(doc, "blocks");
	assert_int_equal(json_array_size(blocks), 4);
	assert_string_equal(str(json_array_get(blocks, 0), "kind"), "heading");
	assert_string_equal(str(json_array_get(blocks, 3), "text"),
	                    "By the spring of 2021, water ran under the wheel "
	                    "again.");
	json_decref(doc);
}

/* A heading underlined with "===" (html2text, Markdown-minded writers):
 * level 1, the underline no text. */
static void test_underlined_heading(void **state)
{
	(void)state;
	static const char under[] = "Mills of the Valley\n"
	                            "===================\n\n" BODY_1 BODY_2;
	json_t *doc = read_text(under, sizeof under - 1);
	const json_t *h = find_block(doc, "Mills of the Valley");
	assert_string_equal(str(h, "kind"), "heading");
	assert_int_equal(json_integer_value(json_object_get(h, "level")), 1);
	assert_null(find_block(doc, "===="));
	json_decref(doc);
}

typedef struct date_case {
	const char *line;
	const char *iso; /* "" when not a date line */
} date_case;

static void test_date_lines(void **state)
{
	(void)state;
	static const date_case c[] = {
	    {"March 3, 2025", "2025-03-03"},
	    {"Monday, March 3, 2025", "2025-03-03"},
	    {"3 March 2025", "2025-03-03"},
	    {"3. M\xC3\xA4rz 2025", "2025-03-03"},
	    {"Published: 2025-03-03", "2025-03-03"},
	    {"Posted on Mar 3rd, 2025", "2025-03-03"},
	    {"03.04.2025", "2025-04-03"}, /* day first */
	    {"4/13/2025", "2025-04-13"},  /* 13 cannot be a month */
	    {"le 3 mars 2025", "2025-03-03"},
	    {"29 February 2024", "2024-02-29"},
	    {"31 April 2025", ""},                       /* no such day */
	    {"March 2025", ""},                          /* no day */
	    {"On March 3, 2025 the mill reopened.", ""}, /* a sentence */
	    {"1752", ""},
	    /* Polish and Portuguese months, Spanish "de" */
	    {"16 marca 2021", "2021-03-16"},
	    {"opublikowano: 7 kwietnia 2021", "2021-04-07"},
	    {"11 de febrero de 2022", "2022-02-11"},
	    {"3 de mar\xC3\xA7o de 2025", "2025-03-03"},
	    /* a time of day after the date */
	    {"Aktualisiert: 11.04.2020, 10:27", "2020-04-11"},
	    {"19 FEB 2020 - 18:37 CET", "2020-02-19"},
	    {"2022-04-26 21:21:50", "2022-04-26"},
	    {"am 3. M\xC3\xA4rz 2025 um 10:27 Uhr", "2025-03-03"},
	    {"March 3, 2025 at 10:27 the mill reopened", ""},
	    {"3 March 2025 75", ""}, /* no minute */
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		char out[11];
		int ok = dump_date_line(c[i].line, out);
		if (ok != (c[i].iso[0] != 0) || (ok && strcmp(out, c[i].iso)))
			fail_msg("\"%s\": %s, expected \"%s\"", c[i].line,
			         ok ? out : "not a date", c[i].iso);
	}
}

/* The title is the last title-like line above the body that is not a
 * caption (its credit or its kind), a byline, a reading time or a date;
 * a headline that starts as a byline does but goes on in lower case is
 * one. */
typedef struct title_case {
	const char *text, *title;
} title_case;

static void test_title_not_caption(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"The Mill Wheel Turns Again\n\n"
	     "The wheel at dawn. Photo: Anna Berg\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\n"
	     "Volunteers at the wheel / Shutterstock\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\nBy Jane Doe\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\n5 min read\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\n192\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\nContents\n\n" BODY_1 BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"The Mill Wheel Turns Again\n\nMay 3, 2024, 10:27 am\n\n" BODY_1
	         BODY_2,
	     "The Mill Wheel Turns Again"},
	    {"Von der Leyen warnt vor dem Winter\n\n" BODY_1 BODY_2,
	     "Von der Leyen warnt vor dem Winter"},
	    {"Von der Leyen warnt vor dem Winter\n\nVon Anna von "
	     "Berg\n\n" BODY_1 BODY_2,
	     "Von der Leyen warnt vor dem Winter"},
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		json_t *doc = read_text(c[i].text, strlen(c[i].text));
		const char *t = str(doc, "title");
		if (!t || strcmp(t, c[i].title))
			fail_msg("case %zu: title \"%s\", expected \"%s\"", i,
			         t ? t : "(none)", c[i].title);
		json_decref(doc);
	}
}

/* A paragraph the text already holds is marked where it comes again,
 * the first copy left as it is; short lines are not compared. */
static void test_repeats(void **state)
{
	(void)state;
	static const char twice[] = "Home\n\n" BODY_1 BODY_2 BODY_1 "Home\n";
	dump_doc d;
	dump_read(twice, sizeof twice - 1, 1, &d);
	int first = -1, again = -1, home = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (!strncmp(d.b[i].text, "The mill on", 11)) {
			if (first < 0)
				first = (int)i;
			else
				again = (int)i;
		}
		if (!strcmp(d.b[i].text, "Home"))
			home += d.b[i].repeated;
	}
	assert_true(first >= 0 && again > first);
	assert_int_equal(d.b[first].repeated, 0);
	assert_int_equal(d.b[again].repeated, 1);
	assert_int_equal(home, 0);
	dump_free(&d);
}

/* The block model runs on a text with a template (three rule lines or
 * more), not on a draft, where every block is the writer's. */
static void test_model_runs_on_dumps(void **state)
{
	(void)state;
	dump_doc d;
	dump_read(dump_farm, sizeof dump_farm - 1, 1, &d);
	assert_int_equal(d.modelled, 1);
	dump_free(&d);
	dump_read(dump_near_teasers, sizeof dump_near_teasers - 1, 1, &d);
	assert_int_equal(d.modelled, 0);
	dump_free(&d);
}

/* One block's own features, worked out by hand (textdump_model.c). */
static void test_features(void **state)
{
	(void)state;
	/* the first block's: 10 words, 5 of them in the German table (der,
	 * die, und, sind, im), 5 capitalised; a comma; 46 code points, 4
	 * of them digits, 30 letters, 5 of them capitals; a year; one
	 * sentence start after ". ".  The paragraph after it makes the
	 * text German to the language identifier; the template lines after
	 * that make it a dump, which the model runs on. */
	static const char text[] =
	    "Der Hund, die Katze und 2023 sind im Haus. Ja!\n\n"
	    "Die M\xC3\xBChle am Fluss wurde im Jahr 1752 gebaut, nach einem "
	    "Brand wieder aufgebaut und arbeitete bis zum Jahr 1961, als der "
	    "letzte M\xC3\xBCller in den Ruhestand ging und das Rad still "
	    "stand.\n\n"
	    "Anzeige\n\n"
	    "[logo.png]\n\n"
	    "* * *\n";
	dump_doc d;
	dump_read(text, sizeof text - 1, 1, &d);
	assert_int_equal(d.n, 5);
	assert_int_equal(d.modelled, 1);
	const float *f = d.features;
	static const struct {
		const char *name;
		double value;
	} want[] = {
	    {"chars_log", 3.8501476}, /* log(1 + 46) */
	    {"sentence_end", 1},      /* "!" */
	    {"stopwords", 5.0 / 10},  /* der die und sind im */
	    {"capitals", 5.0 / 10},   /* Der Hund Katze Haus Ja */
	    {"digits", 4.0 / 46},     /* 2023 */
	    {"commas", 1.0 / 10},     /* one comma */
	    {"word_length", 0.34},    /* 34 code points in 10 words, / 10 */
	    {"year", 1},              /* 2023 */
	    {"sentences", 0.1},       /* ". J", of at most 10 */
	    {"colon_start", 0},       /* no colon */
	    {"upper_case", 5.0 / 30}, /* 5 capitals of 30 letters */
	    {"next_sentence_end", 1}, /* the German paragraph */
	};
	for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
		size_t k = 0;
		while (k < DUMP_FEATURES &&
		       strcmp(dump_feature_names[k], want[w].name))
			k++;
		assert_true(k < DUMP_FEATURES);
		if (fabs(f[k] - want[w].value) > 1e-5)
			fail_msg("%s: %g, expected %g", want[w].name, f[k],
			         want[w].value);
	}
	dump_free(&d);
}

/* A block's words: lower-cased, split at what is not a word character,
 * those with a digit dropped, each once, in byte order; the first word is
 * the block's first without a digit. */
static void test_words(void **state)
{
	(void)state;
	buf_t out = BUF_INIT;
	size_t first;
	size_t n = dump_block_words("3 Read the NEWS, read   the news: \xC3\x9C"
	                            "ber-Caf\xC3\xA9 2023!",
	                            &out, &first);
	static const char want[] = "caf\xC3\xA9\0news\0read\0the\0\xC3\xBC"
	                           "ber";
	assert_int_equal(n, 5);
	assert_int_equal(out.len, sizeof want);
	assert_memory_equal(out.data, want, sizeof want);
	assert_string_equal(out.data + first, "read");
	buf_reset(&out);
	assert_int_equal(dump_block_words("2023 -- 12.5", &out, &first), 0);
	assert_int_equal(first, out.len);
	buf_free(&out);
}

/* The vocabulary is sorted (dump_word_find() searches it by halves), and
 * a block's features are its distinct words' weights over the square root
 * of their number and its first word's weight. */
static void test_vocabulary(void **state)
{
	(void)state;
	assert_true(dump_vocab_count > 0);
	for (size_t i = 1; i < dump_vocab_count; i++)
		if (strcmp(dump_vocab[i - 1].word, dump_vocab[i].word) >= 0)
			fail_msg("vocabulary not sorted at %s",
			         dump_vocab[i].word);
	for (size_t i = 0; i < dump_vocab_count; i++)
		assert_ptr_equal(dump_word_find(dump_vocab[i].word),
		                 &dump_vocab[i]);
	assert_null(dump_word_find("qqqxzz"));
	/* three words, one twice and one not in the table */
	const dump_word *a = &dump_vocab[0],
	                *b = &dump_vocab[dump_vocab_count - 1];
	char text[256];
	snprintf(text, sizeof text, "%s qqqxzz %s, %s.", b->word, a->word,
	         b->word);
	float vocab, first;
	dump_vocabulary(text, &vocab, &first);
	assert_float_equal(vocab, (a->any + b->any) / sqrt(3), 1e-5);
	assert_float_equal(first, b->first, 1e-6);
	dump_vocabulary("", &vocab, &first);
	assert_float_equal(vocab, 0, 0);
	assert_float_equal(first, 0, 0);
}

int main(void)
{
	struct CMUnitTest tests[N_CASES + 16];
	for (size_t i = 0; i < N_CASES; i++)
		tests[i] = (struct CMUnitTest){cases[i].name, test_rule, NULL,
		                               NULL, (void *)&cases[i]};
	size_t n = N_CASES;
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_farm_metadata_and_text);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_title_repeat);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_wrapped);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unwrapped);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_converter_leftovers);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_enclosed_headings);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_author_section_ends);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_underlined_heading);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_date_lines);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_title_not_caption);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_repeats);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(test_model_runs_on_dumps);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_features);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_words);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_vocabulary);
	return _cmocka_run_group_tests("textdump", tests, n, NULL, NULL);
}
