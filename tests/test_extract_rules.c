/*
 * test_extract_rules.c - one labelling rule of the extractor per row.
 *
 * Each row of the table below is a small page written for it, a needle (a
 * piece of text a reader sees on that page), the label a reader would give
 * the text -- "content" for the article, "boilerplate" for the page around
 * it -- and the rule cqa-parse --explain must name for it (the "why" of
 * docs/formats.md; parse/internal.h lists them).  A row without a label says
 * the needle is text no browser shows: it must be in no block at all.
 *
 * The pages are built from a few shared paragraphs: a local news story about
 * a restored watermill, each paragraph long enough, and with enough commas,
 * to be prose that container scoring picks (extract.c gives points for
 * length and commas).  A page then adds the one thing its rule is about.
 * Near misses sit next to the positive cases: the same shape of text where
 * the rule must not fire.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/parse.h"

/* ---- shared pieces of the pages ---- */

#define HEAD(title)                                                            \
	"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"      \
	"<title>" title "</title></head><body>"
#define END "</body></html>"

#define NAV                                                                    \
	"<nav><ul><li><a href=\"/\">Home</a></li>"                             \
	"<li><a href=\"/local\">Local news</a></li>"                           \
	"<li><a href=\"/sport\">Sport</a></li>"                                \
	"<li><a href=\"/about\">About us</a></li></ul></nav>"
#define FOOTER                                                                 \
	"<footer><p>Valley News is published by the Valley Community "         \
	"Trust, Guildford.</p></footer>"

/* The story: four paragraphs of 160 to 190 characters, two to four commas
 * each. */
#define STORY_1                                                                \
	"<p>The mill on the River Wey was built in 1752, rebuilt after a "     \
	"fire in 1810, and worked until its last miller retired in 1961, "     \
	"when the wheel stopped and the race silted up.</p>"
#define STORY_2                                                                \
	"<p>Volunteers began clearing the race in 2019, working on "           \
	"Saturdays with shovels, barrows and a borrowed pump, and by the "     \
	"spring of 2021 water ran under the wheel again.</p>"
#define STORY_3                                                                \
	"<p>The restored wheel now drives two pairs of stones, grinding "      \
	"wholemeal flour that the trust sells in its shop, and the income "    \
	"pays for insurance, repairs and a part-time miller.</p>"
#define STORY_4                                                                \
	"<p>Visitors can watch the milling on the first Sunday of each "       \
	"month, from April to October, when the volunteers open the sluice, "  \
	"explain the gears and answer questions.</p>"
#define STORY STORY_1 STORY_2 STORY_3 STORY_4
#define STORY_H1 "<h1>The mill wheel turns again</h1>"
#define STORY_TITLE "The mill wheel turns again | Valley News"

/* Short teaser links, as sites put between or after articles. */
#define TEASERS                                                                \
	"<ul><li><a href=\"/1\">Flood warning lifted</a></li>"                 \
	"<li><a href=\"/2\">School wins prize</a></li>"                        \
	"<li><a href=\"/3\">New bus timetable</a></li>"                        \
	"<li><a href=\"/4\">Fete this weekend</a></li></ul>"

/* ---- the pages ---- */

/* 1. The basic rules: the container, furniture by tag and by class, link
 * density.  The second paragraph holds one link and is still prose; the
 * "Latest" line is nearly all links. */
static const char page_basic[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1
    "<p>Volunteers began clearing the race in 2019, working on Saturdays "
    "with shovels, barrows and a pump lent by <a href=\"/trust\">the Wey "
    "Mills Trust</a>, and by the spring of 2021 water ran under the wheel "
    "again.</p>"
    "<div class=\"share\"><a href=\"#fb\">Share on Facebook</a> "
    "<a href=\"#mail\">Share by email</a></div>" STORY_3 STORY_4 "</article>"
    "<p>Latest: <a href=\"/5\">Flood warning lifted in the valley</a>, "
    "<a href=\"/6\">Village school wins county prize</a></p>" FOOTER END;

/* 2. Responsive classes: hidden on phones, shown from a breakpoint up is
 * shown on the desktop an audit looks at; hidden with no breakpoint is not
 * shown at all. */
static const char page_tailwind[] = HEAD(STORY_TITLE) NAV
    "<div class=\"hidden lg:block\"><article>" STORY_H1 STORY "</article></div>"
    "<div class=\"hidden\"><article><p>Mobile edition: the mill "
    "story continues in the Valley News app, with a gallery of "
    "photographs from the restoration.</p></article></div>" FOOTER END;
static const char page_bootstrap[] = HEAD(STORY_TITLE) NAV
    "<div class=\"d-none d-md-block\"><article>" STORY_H1 STORY
    "</article></div>"
    "<div class=\"d-none\"><article><p>Mobile edition: the mill "
    "story continues in the Valley News app, with a gallery of "
    "photographs from the restoration.</p></article></div>" FOOTER END;

/* 3. SVG and buttons: their own text is glyphs and labels, but block-level
 * HTML under them is shown (browsers break out of <svg> at <p> and <div>;
 * libxml2 keeps the elements nested). */
static const char page_svg[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1
    "<svg viewBox=\"0 0 100 20\"><text x=\"0\" y=\"15\">Wey Mills Trust "
    "logo</text><div>" STORY_1 STORY_2 "</div></svg>" STORY_3 STORY_4
    "</article>" FOOTER END;
/* An icon the template never closes: libxml2 hangs the rest of the
 * article under the <svg>. */
static const char page_svg_open[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 "<svg viewBox=\"0 0 10 10\"><path "
    "d=\"M0 0h10v10z\"></path>" STORY "</article>" FOOTER END;
static const char page_button[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1
    "<button class=\"expand\">Read the full story<div>" STORY_1 STORY_2
    "</div></button>" STORY_3 STORY_4 "</article>" FOOTER END;

/* 4. <noscript> holding the article: what readers without scripts get is
 * the text itself.  Ruby annotations are the reading of a word, not more
 * words. */
static const char page_noscript[] = HEAD(STORY_TITLE) NAV
    "<div id=\"app\">Loading</div><noscript>" STORY_H1 STORY
    "</noscript>" FOOTER END;
static const char page_ruby[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1 STORY_2
    "<p>Japanese visitors get a leaflet whose title is printed in "
    "<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>, with the readings above "
    "the characters, so that children and beginners can read it on their "
    "own.</p>" STORY_3 STORY_4 "</article>" FOOTER END;

/* 5. A NUL byte between two paragraphs: browsers skip it; it must not end
 * the page.  sizeof counts the bytes after it. */
static const char page_nul[] =
    HEAD(STORY_TITLE) NAV "<article>" STORY_H1 STORY_1 STORY_2
                          "\0" STORY_3 STORY_4 "</article>" FOOTER END;

/* 6. The author's box after the article: a biography is prose, but not the
 * article's. */
static const char page_author[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY
    "</article><div class=\"author-box\"><p>Margaret Ellison has reported "
    "on the villages of the Wey valley for Valley News since 2004, after "
    "twelve years as a teacher in Godalming. She writes about local "
    "history, rivers and the volunteers who keep old buildings alive, and "
    "she walks the towpath most mornings.</p></div>" FOOTER END;

/* 7. Prose outside the container.  A lead in its own box above the
 * article joins it.  Well after the article, past a list of teasers, a
 * paragraph joins only when it is shaped like the article's paragraphs
 * (a second module of the story), not in a box of its own. */
#define LEAD                                                                   \
	"<p>After sixty years of silence the wheel of the old mill at "        \
	"Elstead is turning again, thanks to volunteers who spent three "      \
	"winters digging out the race by hand.</p>"
#define LATER                                                                  \
	"<p>The trust hopes to restore the miller's cottage next, and it is "  \
	"asking for volunteers with carpentry skills as well as gifts of "     \
	"seasoned oak for the floor.</p>"
static const char page_lead[] = HEAD(STORY_TITLE) NAV STORY_H1
    "<div class=\"intro\">" LEAD "</div><article>" STORY
    "</article>" FOOTER END;
static const char page_far_other[] = HEAD(STORY_TITLE) NAV
    "<main><article>" STORY_H1 STORY "</article></main>" TEASERS
    "<div class=\"note\">" LATER "</div>" FOOTER END;
static const char page_far_same[] = HEAD(STORY_TITLE) NAV
    "<main><article>" STORY_H1 STORY "</article></main>" TEASERS
    "<article>" LATER "</article>" FOOTER END;

/* 8. Calls to action and copyright lines end articles.  Only the last
 * three content blocks are searched for them: in the middle of an article,
 * with three paragraphs after it, the same sentence is the story's.  A line
 * that starts with "©" names who owns the text: it goes as a credit line
 * (the rule for "Foto: ..." and "Quelle: ..."), whose reason is "credit". */
static const char page_cta_en[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY
    "<p>Follow us on Twitter and Facebook for more.</p></article>" FOOTER END;
static const char page_cta_de[] =
    "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
    "<title>Das Mühlrad dreht sich wieder | Talbote</title></head><body>"
    "<nav><a href=\"/\">Start</a> <a href=\"/lokales\">Lokales</a></nav>"
    "<article><h1>Das Mühlrad dreht sich wieder</h1>"
    "<p>Die alte Mühle an der Wupper wurde 1752 gebaut, nach einem Brand "
    "im Jahr 1810 neu errichtet und lief, bis der letzte Müller 1961 in "
    "Rente ging und das Wasserrad stillstand.</p>"
    "<p>Seit 2019 räumen Freiwillige jeden Samstag den Mühlgraben frei, "
    "mit Schaufeln, Schubkarren und einer geliehenen Pumpe, und im "
    "Frühjahr 2021 floss zum ersten Mal wieder Wasser unter dem Rad.</p>"
    "<p>Heute treibt das Rad zwei Mahlgänge an, die Vollkornmehl für den "
    "Hofladen mahlen, und die Einnahmen bezahlen Versicherung, Reparaturen "
    "und einen Müller in Teilzeit.</p>"
    "<p>Folgen Sie uns auf Instagram, um keine Geschichte zu "
    "verpassen.</p></article>" END;
static const char page_copyright[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY
    "<p>© 2024 Valley News. All rights reserved.</p></article>" END;
static const char page_cta_middle[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1
    "<p>Follow us on Twitter and Facebook for more.</p>" STORY_2 STORY_3 STORY_4
    "</article>" FOOTER END;

/* 9. Headings and lead-ins that introduce only links are furniture; a
 * heading followed by text is the article's. */
#define RELATED                                                                \
	"<ul><li><a href=\"/7\">Flood warnings lifted across the Wey "         \
	"valley</a></li><li><a href=\"/8\">How the Wey Navigation canal "      \
	"was built</a></li></ul>"
static const char page_orphan[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1 STORY_2
    "<h2>A second life for the stones</h2>" STORY_3 STORY_4
    "<h2>Related articles</h2>" RELATED "</article>" FOOTER END;
static const char page_read_also[] =
    HEAD(STORY_TITLE) NAV "<article>" STORY_H1 STORY "<p>Read also:</p>" RELATED
                          "</article>" FOOTER END;

/* 10. A list of links framed by the article's paragraphs (further reading,
 * sources) is part of it when its items are phrases; one-word links there
 * are a tag list. */
static const char page_link_list[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1 STORY_2
    "<ul><li><a href=\"/h\">The history of watermills in Surrey, 1700 to "
    "1960</a></li><li><a href=\"/v\">How to volunteer with the Wey Mills "
    "Trust this summer</a></li><li><a href=\"/d\">Opening times and "
    "directions to Elstead Mill</a></li></ul>" STORY_3 STORY_4
    "</article>" FOOTER END;
#define TAG_LINKS                                                              \
	"<ul><li><a href=\"/t/h\">Heritage</a></li>"                           \
	"<li><a href=\"/t/w\">Waterways</a></li>"                              \
	"<li><a href=\"/t/f\">Farming</a></li></ul>"
static const char page_word_links[] = HEAD(STORY_TITLE) NAV
    "<article>" STORY_H1 STORY_1 STORY_2 TAG_LINKS STORY_3 STORY_4
    "</article>" FOOTER END;

/* 11. A theme that puts the article in <aside>, on a page whose menu and
 * site map hold 44% of its visible characters (343 of 788).  The guard that
 * overrules a furniture tag holding over 60% of a page does not apply, so at
 * the first furniture level everything is furniture, and the page is read
 * again believing less markup: then the menus are dropped for their link
 * density ("links"), no longer for their tags. */
#define SITE_MENU                                                              \
	"<nav><ul><li><a href=\"/\">Home</a></li>"                             \
	"<li><a href=\"/l\">Local news</a></li>"                               \
	"<li><a href=\"/s\">Sport</a></li>"                                    \
	"<li><a href=\"/b\">Business</a></li>"                                 \
	"<li><a href=\"/w\">What's on</a></li>"                                \
	"<li><a href=\"/o\">Opinion</a></li></ul></nav>"
#define SITE_MAP                                                               \
	"<footer><ul><li><a href=\"/f1\">Contact the newsroom</a></li>"        \
	"<li><a href=\"/f2\">Advertise with Valley News</a></li>"              \
	"<li><a href=\"/f3\">Privacy and cookie policy</a></li>"               \
	"<li><a href=\"/f4\">Terms and conditions of use</a></li>"             \
	"<li><a href=\"/f5\">Complaints and corrections</a></li>"              \
	"<li><a href=\"/f6\">Subscribe to the printed edition</a></li>"        \
	"<li><a href=\"/f7\">Archive of back issues since 1998</a></li>"       \
	"<li><a href=\"/f8\">Jobs at the Valley Community Trust</a></li>"      \
	"<li><a href=\"/f9\">Accessibility statement</a></li>"                 \
	"<li><a href=\"/f10\">Newsletters and alerts</a></li>"                 \
	"<li><a href=\"/f11\">Letters to the editor</a></li>"                  \
	"<li><a href=\"/f12\">Family notices and obituaries</a></li>"          \
	"<li><a href=\"/f13\">Photo sales and reprints</a></li></ul></footer>"
static const char page_aside[] = HEAD(STORY_TITLE) SITE_MENU
    "<aside>" STORY_H1 STORY_1 STORY_2 STORY_3 "</aside>" SITE_MAP END;

/* 11b. A listing page: its teasers sit in "post-teaser" items, which the
 * first level rightly calls furniture.  The short intro is too little, so
 * the page is read again, and the lower level would keep the excerpts; but
 * they are no article (one at a time, between linked titles), so the first
 * reading stands and the excerpts stay furniture. */
#define TEASER(n)                                                              \
	"<li class=\"post-teaser\"><h3><a href=\"/p" #n "\">A walk along the " \
	"river, part " #n                                                      \
	"</a></h3><p class=\"excerpt\">The towpath runs for "                  \
	"six miles from the mill to the lock, past meadows, two pubs and a "   \
	"church.</p><a href=\"/p" #n "\">Read more</a></li>"
static const char page_listing[] = HEAD("Walks - Valley News") NAV
    "<main><h1>Walks</h1><p>Our favourite walks in the valley.</p>"
    "<ul class=\"post-list\">" TEASER(1) TEASER(2) TEASER(3) TEASER(4) TEASER(5)
        TEASER(6) "</ul></main>" FOOTER END;

/* 12. The headline sits in the site header, outside the container, and
 * <title> names it: it is kept for that ("headline"), not for standing just
 * before the article ("headline-near", which an <h1> within five blocks of
 * the first content block gets). */
static const char page_headline[] =
    HEAD(STORY_TITLE) "<header><a href=\"/\">Valley News</a>" STORY_H1
                      "</header>" NAV "<article>" STORY "</article>" FOOTER END;

/* 13. A short notice: no container holds enough prose, so every link-free
 * paragraph long enough to be a sentence or two is kept. */
static const char page_notice[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Library notice</title></head><body>"
    "<p>The reading room is closed this week while the heating system is "
    "repaired.</p>"
    "<p>Books due back during the closure can be returned to the box by "
    "the door.</p>"
    "<p>The online catalogue and the e-book loans work as usual, day and "
    "night.</p>"
    "<p>Last updated 3 May 2024</p></body></html>";

/* 14. A reference page: one section of functions scores best (long
 * descriptions, commas), its sibling sections are short, start with
 * headings of the same level and hold code; the member table links every
 * name; a section's id is a slug of its title ("author" in it is no
 * furniture); a heading links to the table of contents; a sentence links
 * its commands. */
static const char page_reference[] = HEAD(
    "GList: GLib Reference Manual") "<table class=\"navigation\"><tr><td><a "
                                    "href=\"index.html\">Home</a>"
                                    "</td><td><a "
                                    "href=\"up.html\">Up</a></td></tr></table>"
                                    "<div class=\"refentry\">"
                                    "<div class=\"refsect1\"><a "
                                    "name=\"includes\"></a><h2>Includes</h2>"
                                    "<pre class=\"synopsis\">#include "
                                    "&lt;glib.h&gt;</pre></div>"
                                    "<div "
                                    "class=\"refsect1\"><h2>Functions</"
                                    "h2><table><tr>"
                                    "<td><a href=\"#a\">GList</a> *</td><td><a "
                                    "href=\"#a\">"
                                    "g_list_append</a> ()</td></tr><tr><td><a "
                                    "href=\"#p\">GList</a> *"
                                    "</td><td><a "
                                    "href=\"#p\">g_list_prepend</a> "
                                    "()</td></tr></table>"
                                    "</div>"
                                    "<section "
                                    "id=\"notes-for-the-author-of-a-list\"><h2>"
                                    "Notes for the "
                                    "author of a list</h2><p>Keep a pointer to "
                                    "the start of the list, "
                                    "because every function returns the new "
                                    "start.</p></section>"
                                    "<div class=\"refsect1\"><h2>Details</h2>"
                                    "<h3><a href=\"#toc\">g_list_append "
                                    "()</a></h3>"
                                    "<p>Adds a new element on to the end of "
                                    "the list, which means walking "
                                    "the whole list to find its end, so a long "
                                    "list grows slowly, and it "
                                    "is better to prepend the elements and "
                                    "reverse the list once at the "
                                    "end, as the tutorial shows.</p>"
                                    "<p>The return value is the new start of "
                                    "the list, which may have "
                                    "changed, so make sure you store the new "
                                    "value, or you lose the "
                                    "elements you added, and the memory they "
                                    "hold.</p>"
                                    "<p>Run <a href=\"/man/make\">make</a> <a "
                                    "href=\"/man/check\">check</a> "
                                    "<a href=\"/man/test\">test</a> <a "
                                    "href=\"/l\">GList</a> "
                                    "<a href=\"/man/install\">install</a>, in "
                                    "that order.</p>"
                                    "</div></div>" END;

/* 16. A class reference: its heading is a div.title inside a header box,
 * and it matches <title> without the project's name. */
static const char page_class_reference[] = HEAD(
    "Netkit: Netkit::Retry Class Reference") "<div class=\"header\"><div "
                                             "class=\"headertitle\"><div "
                                             "class=\"title\">Netkit::Retry "
                                             "Class Reference</div></div></div>"
                                             "<div "
                                             "class=\"contents\"><h2>Detailed "
                                             "Description</h2>"
                                             "<p>Retry repeats a request that "
                                             "failed for a reason that may "
                                             "pass, "
                                             "such as a timeout, a reset "
                                             "connection or a busy server, and "
                                             "waits "
                                             "longer before each new attempt, "
                                             "up to the number you set.</p>"
                                             "<p>It never repeats a request "
                                             "the server refused, because it "
                                             "would be "
                                             "refused again, and it reports "
                                             "the last error when it gives up, "
                                             "so "
                                             "the caller can tell what went "
                                             "wrong.</p></div>" END;

/* 17. Footnotes in an <aside> (Sphinx, Pandoc) are the article's; an
 * aside of links beside it is not. */
static const char page_footnotes[] = HEAD(
    STORY_TITLE) "<article>" STORY_H1
    STORY "<aside class=\"footnote-list brackets\"><aside class=\"footnote\">"
                 "<p>[1] The mill appears in the parish records of 1752 as the "
                 "new "
                 "mill at the ford.</p></aside></aside></article>"
                 "<aside><ul><li><a href=\"/a\">Most read this week</a></li>"
                 "<li><a href=\"/b\">Letters to the "
                 "editor</a></li></ul></aside>" END;

/* 18. A short option reference, too short for a container: the option
 * names and the table's column names, too short to be prose alone, go
 * with the descriptions that are kept. */
static const char page_short_options[] =
    HEAD("widget-add") "<nav><a href=\"/\">Manual</a></nav><main>"
                       "<p>Adds a record to the database and prints the number "
                       "it gets.</p>"
                       "<dl><dt>-n, --name NAME</dt>"
                       "<dd>The name of the thing, as it should appear in the "
                       "reports and in "
                       "the list of records.</dd></dl>"
                       "<table><tr><th>Code</th><th>Meaning</th></tr>"
                       "<tr><td>0</td><td>the record was added to the database "
                       "and numbered "
                       "as asked</td></tr></table></main>" END;

/* 15. A short manual page, too short for a container: its heading and its
 * code go with its paragraph. */
static const char page_short_manual[] = HEAD(
    "First use") "<div class=\"navheader\"><a href=\"prev.html\">Prev</a> "
                 "<a href=\"next.html\">Next</a></div>"
                 "<div class=\"sect1\"><div class=\"titlepage\"><div><div><h2 "
                 "class=\"title\">Getting started</h2></div></div></div>"
                 "<p>Create a database with widget init and add a record with "
                 "widget "
                 "add; each record gets a number.</p>"
                 "<pre class=\"programlisting\">widget init\nwidget add "
                 "lamp</pre>"
                 "</div>" END;

/* 19. An API reference in the Javadoc manner: the description, the
 * summary and the details each in wrappers (ul > li > section > ul > li)
 * that hold no more than what they wrap, so the content is found through
 * them; a summary table's rows and a list of inherited names in <code>
 * are the reference's, even when every name is a link. */
static const char page_api[] = HEAD(
    "Sorter (Widget API)") "<header><nav><ul><li><a href=\"/\">Overview</a>"
                           "</li><li><a href=\"tree.html\">Tree</a></li><li><a "
                           "href=\"index-all.html\">"
                           "Index</a></li></ul></nav></header><main>"
                           "<div class=\"header\"><h1 class=\"title\">Class "
                           "Sorter</h1></div>"
                           "<div class=\"contentContainer\">"
                           "<div class=\"description\"><ul "
                           "class=\"blockList\"><li class=\"blockList\">"
                           "<pre>public class Sorter\nextends Object</pre>"
                           "<p>A Sorter puts the records of a widget database "
                           "in order, by name, by "
                           "number or by date, and keeps the order when "
                           "records are added, so a "
                           "report can list them without sorting them "
                           "again.</p></li></ul></div>"
                           "<div class=\"summary\"><ul class=\"blockList\"><li "
                           "class=\"blockList\">"
                           "<section><ul class=\"blockList\"><li "
                           "class=\"blockList\">"
                           "<h3>Method Summary</h3><table "
                           "class=\"memberSummary\">"
                           "<tr><th>Modifier and Type</th><th>Method</th></tr>"
                           "<tr><td><a "
                           "href=\"Order.html\">Order</a></td><td><a "
                           "href=\"#order()\">"
                           "order</a>()</td></tr>"
                           "<tr><td>void</td><td><a "
                           "href=\"#apply(Database)\">apply</a>(<a href=\""
                           "Database.html\">Database</a> "
                           "db)</td></tr></table></li></ul>"
                           "<ul class=\"blockList\"><li class=\"blockList\">"
                           "<h3>Methods inherited from class <a "
                           "href=\"Object.html\">Object</a></h3>"
                           "<code><a href=\"Object.html#clone()\">clone</a>, "
                           "<a href=\"Object.html"
                           "#equals()\">equals</a>, <a "
                           "href=\"Object.html#finalize()\">finalize</a>"
                           "</code></li></ul></section></li></ul></div>"
                           "<div class=\"details\"><ul class=\"blockList\"><li "
                           "class=\"blockList\">"
                           "<section><ul class=\"blockList\"><li "
                           "class=\"blockList\">"
                           "<h3>Method Detail</h3><h4>apply</h4>"
                           "<pre>public void apply(Database db)</pre>"
                           "<p>Sorts the records of the database in the order "
                           "this sorter was "
                           "made with, in place, and remembers the database, "
                           "so that records "
                           "added later are put in their place as they "
                           "arrive.</p>"
                           "<h4>order</h4><pre>public Order order()</pre>"
                           "<p>Returns the order this sorter keeps, which is "
                           "fixed when the "
                           "sorter is made, because changing it would mean "
                           "sorting every "
                           "database the sorter has been applied to again.</p>"
                           "</li></ul></section></li></ul></div></div>"
                           "</main><footer><p>Widget API 2.1</p></footer>" END;

/* 20. A reference entry in the DocBook manner: a run of sections, each
 * under its heading, the last a "See Also" that is only links: the
 * entry's own, heading and links. */
static const char page_refentry[] = HEAD(
    "widget-sort") "<div class=\"navheader\"><a href=\"prev.html\">Prev</a> "
                   "<a href=\"next.html\">Next</a></div><div "
                   "class=\"refentry\">"
                   "<div "
                   "class=\"refnamediv\"><h2>widget-sort</h2><p>widget-sort "
                   "&#8212; put "
                   "the records in order</p></div>"
                   "<div class=\"refsynopsisdiv\"><h2>Synopsis</h2><pre "
                   "class=\"synopsis\">"
                   "widget sort [--by FIELD] DATABASE</pre></div>"
                   "<div class=\"refsect1\"><h2>Description</h2><p>widget sort "
                   "puts the "
                   "records of a database in order, by name, by number or by "
                   "date, and "
                   "keeps the order when records are added, so a report can "
                   "list them "
                   "without sorting them again.</p></div>"
                   "<div class=\"refsect1\"><h2>Parameters</h2><p>The field to "
                   "sort by is "
                   "name unless --by says otherwise, and the database is the "
                   "one in the "
                   "current directory unless a path is given, as with every "
                   "command.</p>"
                   "</div><div class=\"refsect1\"><h2>See Also</h2><p><a "
                   "href=\"add.html\">"
                   "widget-add</a>, <a "
                   "href=\"report.html\">widget-report</a></p></div>"
                   "</div><div class=\"navfooter\"><a "
                   "href=\"prev.html\">Prev</a> "
                   "<a href=\"index.html\">Home</a></div>" END;

/* ---- the table ---- */

typedef struct rule_case {
	const char *name;
	const char *page;
	size_t len; /* bytes of page: it may hold a NUL */
	const char *needle;
	const char *label; /* NULL: the needle is in no block */
	const char *why;
} rule_case;

#define ROW(name, page, needle, label, why)                                    \
	{                                                                      \
		name, page, sizeof page - 1, needle, label, why                \
	}

static const rule_case cases[] = {
    /* 1 */
    ROW("container: paragraph in <article>", page_basic, "built in 1752",
        "content", "container"),
    ROW("container: paragraph with one link", page_basic,
        "a pump lent by the Wey Mills Trust", "content", "container"),
    ROW("furniture: <nav>", page_basic, "Local news", "boilerplate",
        "furniture"),
    ROW("furniture: <footer>", page_basic, "published by the Valley",
        "boilerplate", "furniture"),
    ROW("furniture: class share inside the article", page_basic,
        "Share on Facebook", "boilerplate", "furniture"),
    ROW("links: teaser line", page_basic, "Village school wins", "boilerplate",
        "links"),
    /* 2 */
    ROW("hidden lg:block is shown", page_tailwind, "built in 1752", "content",
        "container"),
    ROW("hidden is not shown", page_tailwind, "Mobile edition", NULL, NULL),
    ROW("d-none d-md-block is shown", page_bootstrap, "built in 1752",
        "content", "container"),
    ROW("d-none is not shown", page_bootstrap, "Mobile edition", NULL, NULL),
    /* 3 */
    ROW("svg: paragraph under it", page_svg, "built in 1752", "content",
        "container"),
    ROW("svg: paragraph after it", page_svg, "the first Sunday", "content",
        "container"),
    ROW("svg: its own <text>", page_svg, "Wey Mills Trust logo", NULL, NULL),
    ROW("svg left open: paragraphs after it", page_svg_open, "the first Sunday",
        "content", "container"),
    ROW("button: paragraph under it", page_button, "built in 1752", "content",
        "container"),
    ROW("button: its label", page_button, "Read the full story", NULL, NULL),
    /* 4 */
    ROW("noscript: article paragraphs", page_noscript, "two pairs of stones",
        "content", "container"),
    ROW("ruby: base text without the reading", page_ruby,
        "printed in 漢字, with the readings", "content", "container"),
    ROW("ruby: the reading is no text", page_ruby, "かん", NULL, NULL),
    /* 5 */
    ROW("NUL byte: paragraph after it", page_nul, "the first Sunday", "content",
        "container"),
    /* 6 */
    ROW("author box after the article", page_author,
        "Margaret Ellison has reported", "boilerplate", "furniture"),
    /* 7 */
    ROW("prose: lead above the article", page_lead, "sixty years of silence",
        "content", "prose"),
    ROW("outside: far paragraph in a box of its own", page_far_other,
        "miller's cottage", "boilerplate", "outside"),
    ROW("prose: far paragraph shaped like the article's", page_far_same,
        "miller's cottage", "content", "prose"),
    /* 8 */
    ROW("call to action: follow us at the end", page_cta_en,
        "Follow us on Twitter", "boilerplate", "call-to-action"),
    ROW("call to action: German", page_cta_de, "Folgen Sie uns auf Instagram",
        "boilerplate", "call-to-action"),
    ROW("call to action: the German article stays", page_cta_de,
        "zwei Mahlgänge", "content", "container"),
    ROW("copyright line at the end", page_copyright, "All rights reserved",
        "boilerplate", "credit"),
    ROW("follow us in the middle of the article", page_cta_middle,
        "Follow us on Twitter", "content", "container"),
    /* 9 */
    ROW("orphan heading: Related articles", page_orphan, "Related articles",
        "boilerplate", "orphan-heading"),
    ROW("heading followed by a paragraph", page_orphan,
        "A second life for the stones", "content", "container"),
    ROW("orphan lead-in: Read also:", page_read_also,
        "Read also:", "boilerplate", "orphan-heading"),
    /* 10 */
    ROW("link list framed by the article", page_link_list,
        "How to volunteer with the Wey", "content", "link-list"),
    ROW("one-word links between paragraphs", page_word_links, "Waterways",
        "boilerplate", "links"),
    /* 11 */
    ROW("retry: article in <aside>", page_aside, "built in 1752", "content",
        "container"),
    ROW("retry: the site map is still dropped", page_aside,
        "Archive of back issues", "boilerplate", "links"),
    ROW("retry: a listing page's teasers stay furniture", page_listing,
        "past meadows, two pubs", "boilerplate", "furniture"),
    /* 12 */
    ROW("headline in the site header", page_headline,
        "The mill wheel turns again", "content", "headline"),
    ROW("site name beside the headline", page_headline, "Valley News",
        "boilerplate", "furniture"),
    /* 13 */
    ROW("fallback: short notice", page_notice, "heating system", "content",
        "fallback"),
    ROW("fallback: every paragraph", page_notice, "e-book loans", "content",
        "fallback"),
    ROW("fallback: a date line is too short", page_notice, "Last updated 3 May",
        "boilerplate", "short"),
    /* 14 */
    ROW("sections: a short sibling section joins", page_reference,
        "#include <glib.h>", "content", "container"),
    ROW("sections: its heading too", page_reference, "Includes", "content",
        "container"),
    ROW("names in code: a row of linked names", page_reference,
        "g_list_prepend", "content", "container"),
    ROW("slug id: author in a title", page_reference,
        "Keep a pointer to the start", "content", "container"),
    ROW("heading linked to the contents", page_reference, "g_list_append ()",
        "content", "container"),
    ROW("sentence linking its commands", page_reference, "in that order",
        "content", "container"),
    ROW("sections: the navigation stays out", page_reference, "Home",
        "boilerplate", "furniture"),
    /* 15 */
    ROW("fallback: the heading of a short page", page_short_manual,
        "Getting started", "content", "fallback"),
    ROW("fallback: its code", page_short_manual, "widget init", "content",
        "fallback"),
    /* 16 */
    ROW("headline: a div.title that <title> holds", page_class_reference,
        "Netkit::Retry Class Reference", "content", "headline"),
    /* 17 */
    ROW("footnotes in an aside", page_footnotes, "parish records of 1752",
        "content", "container"),
    ROW("an aside of links stays furniture", page_footnotes,
        "Most read this week", "boilerplate", "furniture"),
    /* 18 */
    ROW("fallback: an option before its description", page_short_options,
        "-n, --name NAME", "content", "fallback"),
    ROW("fallback: a table's column names", page_short_options, "Code\tMeaning",
        "content", "fallback"),
    /* 19 */
    ROW("wrappers: the description above the summary", page_api,
        "puts the records of a widget database", "content", "container"),
    ROW("wrappers: the details below it", page_api, "Sorts the records",
        "content", "container"),
    ROW("wrappers: a heading of the details", page_api, "Method Detail",
        "content", "container"),
    ROW("a table row of linked names", page_api, "Database db", "content",
        "container"),
    ROW("names in <code>, every one a link", page_api, "clone, equals",
        "content", "container"),
    ROW("their heading is not an orphan", page_api,
        "Methods inherited from class Object", "content", "container"),
    ROW("wrappers: the navigation stays out", page_api, "Index", "boilerplate",
        "furniture"),
    /* 20 */
    ROW("see also: links of a section among sections", page_refentry,
        "widget-add, widget-report", "content", "container"),
    ROW("see also: its heading", page_refentry, "See Also", "content",
        "container"),
    ROW("see also: the navigation stays out", page_refentry, "Home",
        "boilerplate", "furniture"),
};

enum { N_CASES = sizeof cases / sizeof *cases };

/* ---- helpers ---- */

static json_t *parse_page(const char *page, size_t len, int explain)
{
	parse_options o;
	parse_options_default(&o);
	o.explain = explain;
	parse_page_info info = {.url = "https://valley.example/mill"};
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_html_document(&o, page, len, &info, &err);
	assert_non_null(doc);
	return doc;
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* The first block whose text contains needle, or NULL. */
static json_t *find_block(json_t *doc, const char *needle)
{
	json_t *blocks = json_object_get(doc, "blocks");
	size_t i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (strstr(str(b, "text"), needle))
			return b;
	}
	return NULL;
}

/* On a failure, every block of the page: what the extractor saw. */
static void print_blocks(json_t *doc)
{
	json_t *blocks = json_object_get(doc, "blocks");
	size_t i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		print_message("  %-11s %-14s %s: %.60s\n", str(b, "label"),
		              str(b, "why"), str(b, "path"), str(b, "text"));
	}
}

static void run_case(void **state)
{
	const rule_case *c = *state;
	json_t *doc = parse_page(c->page, c->len, 1);
	json_t *b = find_block(doc, c->needle);
	int ok;
	if (!c->label)
		ok = !b && !strstr(str(doc, "text"), c->needle);
	else
		ok = b && !strcmp(str(b, "label"), c->label) &&
		     !strcmp(str(b, "why"), c->why);
	if (!ok) {
		print_blocks(doc);
		if (!c->label)
			fail_msg("\"%s\" is in a block", c->needle);
		else if (!b)
			fail_msg("no block holds \"%s\"", c->needle);
		else
			fail_msg("\"%s\": %s/%s, expected %s/%s", c->needle,
			         str(b, "label"), str(b, "why"), c->label,
			         c->why);
	}
	json_decref(doc);
}

/* Without --explain, blocks carry no "why"; with it, every block does. */
static void test_why_only_when_explaining(void **state)
{
	(void)state;
	for (int explain = 0; explain <= 1; explain++) {
		json_t *doc =
		    parse_page(page_basic, sizeof page_basic - 1, explain);
		json_t *blocks = json_object_get(doc, "blocks");
		assert_true(json_array_size(blocks) >= 8);
		size_t i;
		json_t *b;
		json_array_foreach(blocks, i, b)
		{
			assert_int_equal(json_object_get(b, "why") != NULL,
			                 explain);
		}
		json_decref(doc);
	}
}

int main(void)
{
	static struct CMUnitTest tests[N_CASES + 1];
	for (size_t i = 0; i < N_CASES; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	tests[N_CASES].name = "no why without explain";
	tests[N_CASES].test_func = test_why_only_when_explaining;
	parse_global_init();
	int failed =
	    cmocka_run_group_tests_name("extract_rules", tests, NULL, NULL);
	parse_global_cleanup();
	return failed;
}
