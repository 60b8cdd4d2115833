/*
 * textdump.c - the structure and the template of a text dump; see
 * textdump.h.
 *
 * Three passes over the text:
 *
 *   1. lines: where each starts, its indentation, its length in code
 *      points; the text's width (the 90th percentile of line lengths) and
 *      whether it is hard-wrapped (wrapped());
 *   2. blocks: lines joined into paragraphs where the text is wrapped, a
 *      line a block where it is not; each block's kind (kind_of());
 *   3. labels: the line rules (line_rule()), teaser runs, sections and
 *      repeats, the body span (the densest run of prose), the date line
 *      and the title; then the block model (textdump_model.h) decides
 *      what no rule took; last, orphan headings.
 */
#include "textdump.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "lang.h"
#include "markdown_internal.h"
#include "textdump_model.h"

/* ---- the tunables, each with why ---------------------------------------- */

enum {
	/* A text whose lines (90th percentile) are at most this long, in
	 * code points, may be hard-wrapped: lynx, w3m and html2text wrap at
	 * 79 or 80 columns, mail at 72, and some tools at 100. */
	WRAP_MAX_WIDTH = 110,
	/* ... and is, when at least this many of its line ends fall inside a
	 * sentence (WRAP_MID_SHARE of those after a full line). */
	WRAP_MIN_JOINTS = 3,
	/* A heading is a line this short, in code points and words. */
	HEADING_MAX_CHARS = 100,
	HEADING_MAX_WORDS = 15,
	/* The title is a line this short before the body: a headline, not
	 * a sentence-long opener. */
	TITLE_MAX_CHARS = 120,
	/* Prose: a block this long that ends as a sentence, or any block
	 * twice as long (a paragraph cut off by the dump). */
	PROSE_MIN_CHARS = 100,
	PROSE_LONG_CHARS = 250,
	/* Navigation words and share lines are short blocks. */
	NAV_MAX_CHARS = 200,
	/* A legal notice (a licence, a cookie banner) is a paragraph or two. */
	LEGAL_MAX_CHARS = 600,
	/* A caption is a block this short that ends in a credit: in its
	 * last this many bytes. */
	CAPTION_MAX_CHARS = 300,
	CAPTION_CREDIT_TAIL = 100,
	/* A heading between runs of marks spans this many lines at most;
	 * html2text marks its larger headings with this many stars. */
	ENCLOSED_MAX_LINES = 3,
	ENCLOSED_H2_STARS = 5,
	/* Link text underlined with "_": this many such words at least,
	 * and one in this many words (underlined_links()). */
	UNDERLINED_MIN_WORDS = 5,
	UNDERLINED_PER_WORDS = 100,
	UNDERLINED_MIN_CAPITALISED = 2,
	/* A line that is not a heading opens a section with this few
	 * words ("Related articles", "Kommentare (3)"). */
	SECTION_OPENER_WORDS = 5,
	/* The comments follow the text: a line that would open them with
	 * more than this many times the prose after it as before it is a
	 * link in the page's head or sidebar ("Comments feed"); a long
	 * thread under a short article stays within it. */
	COMMENTS_AFTER_MAX = 3,
	/* Teasers: at least this many blocks in a row ending in "..." ... */
	TEASER_MIN_RUN = 3,
	/* The date line is looked for in this many blocks at the start. */
	HEAD_BLOCKS = 6,
	/* The title is a title-like line among the blocks this close above
	 * the first paragraph this long. */
	TITLE_LOOKBACK = 3,
	/* ... or one of the text's first blocks that it repeats. */
	TITLE_REPEAT_BLOCKS = 8,
	TITLE_BODY_CHARS = 200,
	/* A byline names one or two people: this many words after "By". */
	BYLINE_MAX_NAME_WORDS = 6,
	/* In finding the body: a sentence this long counts half its length;
	 * a short block costs this much, a template line more. */
	SENTENCE_MIN_CHARS = 40,
	BODY_SHORT_COST = 30,
	BODY_TEMPLATE_COST = 30,
	/* ... and a line that ends a text (body_end_rules) much more: the
	 * body seldom goes on after its share and tag lines. */
	BODY_END_COST = 200,
	/* The block model decides in a text where the rules found this many
	 * template lines at least. */
	MODEL_MIN_TEMPLATE = 3,
};
/* A line is full (the wrap broke it) when it is this share of the width. */
static const double WRAP_FULL_SHARE = 0.6;
static const double WRAP_MID_SHARE = 0.4;
/* ... cut to about the same length: the shortest this share of the
 * longest (a teaser list cuts at a fixed number of characters). */
static const double TEASER_LENGTH_SHARE = 0.6;

/* Lines that begin with these mark navigation: "<<: Previous article",
 * ">>: Next article", "« Older posts", "← Back". */
static const char *const nav_marks[] = {
    "<<",           ">>",           "\xC2\xAB",     "\xC2\xBB", "\xE2\x80\xB9",
    "\xE2\x80\xBA", "\xE2\x86\x90", "\xE2\x86\x92", NULL};

/* Navigation words, in text_normalize()'s form, that begin a short block
 * and are followed by a colon or end it ("Previous: ...", "Next"), in the
 * languages the HTML rules know; and the labels of a link to another
 * article set in the text ("See also: ...", "Lea también: ...", "Czytaj
 * też: ..."), which a dump keeps as a line of its own. */
static const char *const nav_words[] = {
    "previous", "prev", "next", "older", "newer", "related", "zurück", "weiter",
    "vorheriger", "nächster", "vorherige", "nächste", "précédent", "suivant",
    "anterior", "siguiente", "precedente", "successivo", "vorige", "volgende",
    "poprzedni", "następny",
    /* cross-references */
    "see also", "read also", "also read", "read next", "siehe auch",
    "lies auch", "lire aussi", "voir aussi", "lisez aussi", "lea",
    "lea también", "lea más", "lee también", "ver también", "leia também",
    "leia mais", "veja também", "vedi anche", "zie ook", "czytaj też",
    "czytaj również", "przeczytaj też", "przeczytaj także", "zobacz też",
    "zobacz również", NULL};

/* Phrases that begin a navigation block wherever they are followed by
 * ("Read more about ...", "Related articles", "You may also like"). */
static const char *const nav_phrases[] = {"read more",
                                          "continue reading",
                                          "related articles",
                                          "related posts",
                                          "related stories",
                                          "related content",
                                          "you may also like",
                                          "you might also like",
                                          "recommended for you",
                                          "more from",
                                          "back to top",
                                          "previous article",
                                          "next article",
                                          "previous post",
                                          "next post",
                                          "older posts",
                                          "newer posts",
                                          "skip to content",
                                          "skip to main content",
                                          "jump to recipe",
                                          "print recipe",
                                          "weiterlesen",
                                          "mehr lesen",
                                          "mehr zum thema",
                                          "ähnliche artikel",
                                          "das könnte sie auch interessieren",
                                          "lire la suite",
                                          "à lire aussi",
                                          "articles similaires",
                                          "leer más",
                                          "artículos relacionados",
                                          "te puede interesar",
                                          "leggi anche",
                                          "leggi tutto",
                                          "articoli correlati",
                                          "lees meer",
                                          "lees ook",
                                          "gerelateerde artikelen",
                                          "czytaj więcej",
                                          "czytaj także",
                                          "zobacz także",
                                          NULL};

/* Lines that offer to share the page, at the start of a short block
 * ("Share this article:", "Mit Freunden teilen", "Partager sur
 * Facebook"): the share buttons' labels, which a dump keeps. */
static const char *const share_phrases[] = {"share this",
                                            "share on",
                                            "share via",
                                            "share article",
                                            "share the article",
                                            "share story",
                                            "share post",
                                            "artikel teilen",
                                            "beitrag teilen",
                                            "seite teilen",
                                            "mit freunden teilen",
                                            "jetzt teilen",
                                            "teilen auf",
                                            "partager sur",
                                            "partager cet article",
                                            "partager l article",
                                            "compartir en",
                                            "compartir este",
                                            "condividi su",
                                            "condividi questo",
                                            "deel dit",
                                            "delen op",
                                            "udostępnij",
                                            "podziel się",
                                            "compartilhe",
                                            "compartilhar",
                                            NULL};

/* Lines that open a section of the template: the section, up to the
 * next heading (comments: to the end), goes with it.  A line opens one
 * when it is a heading or a line of a few words that begins with the
 * phrase (in text_normalize()'s form). */
static const struct {
	const char *phrase;
	const char *why;
	int to_end;
} section_openers[] = {
    {"comments", "comments", 1},
    {"leave a reply", "comments", 1},
    {"leave a comment", "comments", 1},
    {"kommentare", "comments", 1},
    {"kommentar schreiben", "comments", 1},
    {"schreibe einen kommentar", "comments", 1},
    {"schreib einen kommentar", "comments", 1},
    {"kommentar hinzufügen", "comments", 1},
    {"kommentieren", "comments", 1},
    {"add a comment", "comments", 1},
    {"join the discussion", "comments", 1},
    {"join the conversation", "comments", 1},
    {"dołącz do dyskusji", "comments", 1},
    {"skomentuj", "comments", 1},
    {"komentuj", "comments", 1},
    {"dodaj komentarz", "comments", 1},
    {"napisz komentarz", "comments", 1},
    {"hinterlasse einen kommentar", "comments", 1},
    {"hinterlasse jetzt einen kommentar", "comments", 1},
    {"hinterlasse eine antwort", "comments", 1},
    {"post a comment", "comments", 1},
    {"write a comment", "comments", 1},
    {"laisser une réponse", "comments", 1},
    {"deja una respuesta", "comments", 1},
    {"lascia una risposta", "comments", 1},
    {"geef een reactie", "comments", 1},
    {"laat een reactie achter", "comments", 1},
    {"commentaires", "comments", 1},
    {"laisser un commentaire", "comments", 1},
    {"réagissez", "comments", 1},
    {"comentarios", "comments", 1},
    {"deja un comentario", "comments", 1},
    {"commenti", "comments", 1},
    {"lascia un commento", "comments", 1},
    {"reacties", "comments", 1},
    {"komentarze", "comments", 1},
    {"related", "related", 0},
    {"more from", "related", 0},
    {"more stories", "related", 0},
    {"you may also like", "related", 0},
    {"you might also like", "related", 0},
    {"recommended", "related", 0},
    {"most read", "related", 0},
    {"most popular", "related", 0},
    {"latest news", "related", 0},
    {"empfehlungen", "related", 0},
    {"mehr aus", "related", 0},
    {"auch interessant", "related", 0},
    {"das könnte sie auch interessieren", "related", 0},
    {"mehr zum thema", "related", 0},
    {"weitere artikel", "related", 0},
    {"lesen sie auch", "related", 0},
    {"meistgelesen", "related", 0},
    {"am beliebtesten", "related", 0},
    {"à lire aussi", "related", 0},
    {"sur le même sujet", "related", 0},
    {"te puede interesar", "related", 0},
    {"también te puede interesar", "related", 0},
    {"leggi anche", "related", 0},
    {"potrebbe interessarti", "related", 0},
    {"lees ook", "related", 0},
    {"czytaj także", "related", 0},
    {"zobacz także", "related", 0},
    {"about the author", "author", 0},
    {"über den autor", "author", 0},
    {"über die autorin", "author", 0},
    {"über mich", "author", 0},
    {"about us", "author", 0},
    {"about me", "author", 0},
    {"über uns", "author", 0},
    {"wir über uns", "author", 0},
    {"sobre nosotros", "author", 0},
    {"sobre mí", "author", 0},
    {"chi siamo", "author", 0},
    {"over ons", "author", 0},
    {"over mij", "author", 0},
    {"o nas", "author", 0},
    {"o mnie", "author", 0},
    {"à propos de l auteur", "author", 0},
    {"sobre el autor", "author", 0},
    {"sull autore", "author", 0},
    {"over de auteur", "author", 0},
    {"o autorze", "author", 0},
};

/* Labels text browsers put before an embedded frame's address. */
static const char *const url_labels[] = {"IFRAME:", "FRAME:", NULL};

/* The rules whose lines end a text rather than sit in it: the body
 * seldom goes on after them (body_score()). */
static const char *const body_end_rules[] = {
    "share",  "tags", "nav-word",  "nav-marker", "related", "comments",
    "author", "form", "copyright", "legal",      NULL};

/* The site's legal notices, anywhere in a block of up to LEGAL_MAX_CHARS:
 * licences, disclaimers, cookie and privacy notices (text_normalize()
 * form).  Phrases, not words: an article may be about cookies. */
static const char *const legal_phrases[] = {"creative commons",
                                            "licensed under",
                                            "lizenzvertrag",
                                            "disclaimer",
                                            "haftungsausschluss",
                                            "haftungshinweis",
                                            "keine haftung",
                                            "use cookies",
                                            "uses cookies",
                                            "verwendet cookies",
                                            "verwenden cookies",
                                            "nutzt cookies",
                                            "utilise des cookies",
                                            "utilisons des cookies",
                                            "utilizamos cookies",
                                            "utiliza cookies",
                                            "utilizza cookie",
                                            "utilizziamo cookie",
                                            "gebruikt cookies",
                                            "używa plików cookie",
                                            "privacy policy",
                                            "affiliate link",
                                            "affiliate links",
                                            "may earn a commission",
                                            "earn a small commission",
                                            "provision vom händler",
                                            "erhalten wir eine provision",
                                            "datenschutzerklärung",
                                            "terms of use",
                                            "terms of service",
                                            "nutzungsbedingungen",
                                            "mentions légales",
                                            "aviso legal",
                                            "note legali",
                                            NULL};

/* A block that is one of these words and nothing else labels an
 * advertisement. */
static const char *const ad_labels[] = {
    "anzeige",    "advertisement", "werbung", "publicité", "publicidad",
    "pubblicità", "advertentie",   "reklama", "sponsored", "ad",
    NULL};

/* Labels of a line of tags or categories ("Themen: ...", "Tags: ...");
 * the label and a colon start the line. */
static const char *const tag_labels[] = {
    "tags",       "tagged",     "themen",     "schlagwörter", "schlagworte",
    "kategorien", "categories", "category",   "filed under",  "étiquettes",
    "mots clés",  "etiquetas",  "categorías", "argomenti",    "onderwerpen",
    "tagi",       NULL};

/* Copyright lines, anywhere in a short block. */
static const char *const copyright_phrases[] = {"all rights reserved",
                                                "alle rechte vorbehalten",
                                                "tous droits réservés",
                                                "todos los derechos reservados",
                                                "tutti i diritti riservati",
                                                "alle rechten voorbehouden",
                                                "wszelkie prawa zastrzeżone",
                                                "copyright",
                                                NULL};

/* Words that make a short line without a final period something other
 * than the title, anywhere in it (text_normalize() form): a picture's
 * caption by its credit or its kind ("Praca w magazynie, zdjęcie
 * ilustracyjne", "... / Shutterstock"), a reading time ("5 min read"). */
static const char *const not_title_phrases[] = {"shutterstock",
                                                "getty images",
                                                "istock",
                                                "istockphoto",
                                                "imago images",
                                                "picture alliance",
                                                "adobe stock",
                                                "unsplash",
                                                "pixabay",
                                                "symbolbild",
                                                "archivbild",
                                                "archivfoto",
                                                "photo d illustration",
                                                "image d illustration",
                                                "foto de archivo",
                                                "imagen de archivo",
                                                "foto d archivio",
                                                "zdjęcie ilustracyjne",
                                                "fot ilustracyjne",
                                                "min read",
                                                "minute read",
                                                "minutes read",
                                                "lesezeit",
                                                "minutes de lecture",
                                                "min de lectura",
                                                "minutos de lectura",
                                                "minuti di lettura",
                                                "min leestijd",
                                                "min czytania",
                                                "minut czytania",
                                                "czas czytania",
                                                "przeczytasz w",
                                                NULL};

/* A table of contents' label, the whole line ("Inhalt", "Contents"): it
 * heads the list of the sections, not the article. */
static const char *const contents_labels[] = {
    "contents",    "table of contents",
    "inhalt",      "inhaltsverzeichnis",
    "sommaire",    "table des matières",
    "índice",      "contenido",
    "indice",      "sommario",
    "inhoud",      "inhoudsopgave",
    "spis treści", NULL};

/* The words a byline begins with ("By Staff Writer", "Von Anna Schmidt",
 * "Par Jean Dupont"): followed by a name (bylined()). */
static const char *const byline_words[] = {
    "by", "written by", "posted by", "von",     "par",    "por", "door",
    "di", "przez",      "autor",     "autorin", "author", NULL};

/* The words a name may hold in lower case ("Ursula von der Leyen"). */
static const char *const name_particles[] = {
    "von", "van", "der", "den", "de",  "la", "le", "du", "di",
    "da",  "del", "y",   "and", "und", "et", "e",  "i",  NULL};

/* List bullets that tools and writers use ("*" lynx and Markdown, "•"
 * w3m, "o" and "+" nested lynx lists). */
static const char *const bullets[] = {"* ",
                                      "- ",
                                      "+ ",
                                      "o ",
                                      "\xE2\x80\xA2 ",
                                      "\xC2\xB7 ",
                                      "\xE2\x96\xAA ",
                                      "\xE2\x96\xA0 ",
                                      "\xE2\x80\x93 ",
                                      NULL};

/* ---- pass 1: lines ------------------------------------------------------- */

typedef struct line {
	const char *p; /* after the indentation */
	size_t len;    /* bytes, trailing white space trimmed */
	size_t indent; /* columns (a tab counts to the next multiple of 8) */
	size_t cp;     /* code points */
	size_t no;     /* source line */
} line;

static size_t utf8_cp(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static size_t split_lines(const char *s, size_t n, size_t first, line **out)
{
	size_t cap = 64, k = 0;
	line *v = xmalloc(cap * sizeof *v);
	const char *end = s + n;
	for (const char *p = s; p < end; first++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		size_t indent = 0;
		const char *q = p;
		for (; q < e && (*q == ' ' || *q == '\t'); q++)
			indent = *q == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
		const char *r = e;
		while (r > q &&
		       (r[-1] == ' ' || r[-1] == '\t' || r[-1] == '\r'))
			r--;
		if (k == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[k++] = (line){q, (size_t)(r - q), indent,
		                utf8_cp(q, (size_t)(r - q)), first};
		p = e < end ? e + 1 : end;
	}
	*out = v;
	return k;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The width the text's lines reach: their 90th percentile. */
static size_t text_width(const line *l, size_t n)
{
	size_t *v = xmalloc((n + 1) * sizeof *v), k = 0;
	for (size_t i = 0; i < n; i++)
		if (l[i].len)
			v[k++] = l[i].cp;
	size_t w = 0;
	if (k) {
		qsort(v, k, sizeof *v, cmp_size);
		w = v[(k - 1) * 9 / 10];
	}
	free(v);
	return w;
}

/* Does a line end inside a sentence (the wrap, not the writer, broke it)? */
static int ends_mid_sentence(const line *l)
{
	unsigned char c = (unsigned char)l->p[l->len - 1];
	return isalnum(c) || c == ',' || c == '-' || c >= 0x80;
}

static int full_line(const line *l, size_t width)
{
	return l->len && (double)l->cp >= WRAP_FULL_SHARE * (double)width;
}

/* Is the text hard-wrapped: narrow, and its full lines mostly end inside
 * a sentence and go on in the next? */
static int wrapped(const line *l, size_t n, size_t width)
{
	if (!width || width > WRAP_MAX_WIDTH)
		return 0;
	size_t joints = 0, mid = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (full_line(&l[i], width) && l[i + 1].len) {
			joints++;
			mid += (size_t)ends_mid_sentence(&l[i]);
		}
	return mid >= WRAP_MIN_JOINTS &&
	       (double)mid >= WRAP_MID_SHARE * (double)joints;
}

/* ---- pass 2: blocks ------------------------------------------------------ */

/* The bytes a list item's marker takes at the start of s[0..n), 0 when
 * s does not start one: a bullet, or "12." "12)" "a)" "(3)" and a space. */
static size_t list_marker(const char *s, size_t n)
{
	for (const char *const *b = bullets; *b; b++) {
		size_t k = strlen(*b);
		if (n > k && !memcmp(s, *b, k))
			return k;
	}
	size_t i = s[0] == '(' ? 1 : 0, d = i;
	while (i < n && i - d < 3 && isdigit((unsigned char)s[i]))
		i++;
	if (i == d && i < n && islower((unsigned char)s[i]) && i + 1 < n &&
	    s[i + 1] == ')')
		i++; /* a lettered item "a) " */
	else if (i == d)
		return 0;
	if (i < n && (s[i] == '.' || s[i] == ')') && i + 1 < n &&
	    s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/* The marker of a line's list item: list_marker(), or an indented "# ",
 * as html2text marks the items of a numbered list (at the margin, "# "
 * is a writer's heading). */
static size_t item_marker(const line *l)
{
	size_t k = list_marker(l->p, l->len);
	if (!k && l->indent > 0 && l->len > 2 && l->p[0] == '#' &&
	    l->p[1] == ' ')
		k = 2;
	return k;
}

/* A line of only marks ("-----", "* * *", "=====", "|"): a separator, or
 * an underline.  The marks may be the box-drawing lines and the dashes of
 * Unicode (U+2500 to U+257F, U+2010 to U+2015): w3m draws a rule as
 * "━━━━". */
static int rule_line(const char *s, size_t n)
{
	size_t marks = 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *c = (const unsigned char *)s + i;
		if (c[0] >= 0x80) {
			int box =
			    i + 2 < n && c[0] == 0xE2 &&
			    ((c[1] == 0x94 || c[1] == 0x95) ||
			     (c[1] == 0x80 && c[2] >= 0x90 && c[2] <= 0x95));
			if (!box)
				return 0;
			i += 2;
			marks++;
			continue;
		}
		if (isalnum(c[0]))
			return 0;
		marks += !isspace(c[0]) && !iscntrl(c[0]);
	}
	return marks > 0;
}

static int underline_of(const line *u, const line *above)
{
	if (!u->len || !above->len || u->len < 3 || !rule_line(u->p, u->len))
		return 0;
	char c = u->p[0];
	if (c != '=' && c != '-' && c != '*' && c != '~')
		return 0;
	for (size_t i = 0; i < u->len; i++)
		if (u->p[i] != c)
			return 0;
	return c == '=' ? 1 : 2;
}

static dump_block *new_block(dump_doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->b = xrealloc(d->b, d->cap * sizeof *d->b);
	}
	dump_block *b = &d->b[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = KIND_PARAGRAPH;
	b->path = "text/p";
	b->content = 1;
	return b;
}

static void finish_block(dump_doc *d, md_text *t, int kind, int level,
                         int lines)
{
	buf_rtrim(&t->text);
	if (!t->text.len)
		return;
	dump_block *b = new_block(d);
	b->chars = t->chars;
	b->text = buf_detach(&t->text, NULL);
	b->lines = t->lines;
	memset(&t->lines, 0, sizeof t->lines);
	b->kind = kind;
	b->level = level;
	b->nlines = lines;
	static const char *const hpath[] = {"text/h1", "text/h2", "text/h3"};
	if (kind == KIND_HEADING)
		b->path = hpath[level >= 1 && level <= 3 ? level - 1 : 1];
	else if (kind == KIND_LIST_ITEM)
		b->path = "text/li";
}

static size_t words_in(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t';
		w += !sp && !in;
		in = !sp;
	}
	return w;
}

/* A numbered section line: "1. Introduction", "2.3 Methods", "IV. Diet". */
static int section_number(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
		i++;
	if (i == 0)
		while (i < n && strchr("IVXLC", s[i]))
			i++;
	if (i == 0 || i >= n)
		return 0;
	if (s[i] == ')' || s[i] == ':')
		i++;
	return i < n && s[i] == ' ' && i + 1 < n &&
	       isupper((unsigned char)s[i + 1]);
}

/* A subsection's number: digits, a dot, digits ("2.3 Methods"). */
static int subsection_number(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	return i > 0 && i + 1 < n && s[i] == '.' &&
	       isdigit((unsigned char)s[i + 1]);
}

/* Could a one-line block be a heading: short, few words, no final
 * punctuation of a sentence or a list, not starting lower-case? */
static int heading_like(const line *l)
{
	if (!l->len || l->cp > HEADING_MAX_CHARS ||
	    words_in(l->p, l->len) > HEADING_MAX_WORDS)
		return 0;
	char last = l->p[l->len - 1];
	if (last == '.' || last == ',' || last == ';' || last == ':')
		return section_number(l->p, l->len) && last != ',';
	unsigned char c0 = (unsigned char)l->p[0];
	return !islower(c0) && (isalnum(c0) || c0 >= 0x80 || c0 == '"');
}

/* Guillemets are quotation marks too: "»Wie?«", "« Oui », dit-il".
 * One that opens a quotation closed later in the text is not a marker. */
static const char *const guillemets[][2] = {{"\xC2\xAB", "\xC2\xBB"},
                                            {"\xE2\x80\xB9", "\xE2\x80\xBA"}};

static int opens_quotation(const char *s, size_t n)
{
	for (size_t g = 0; g < sizeof guillemets / sizeof *guillemets; g++)
		for (int side = 0; side < 2; side++) {
			const char *open = guillemets[g][side];
			const char *close = guillemets[g][!side];
			size_t k = strlen(open);
			if (n > k && !strncmp(s, open, k) &&
			    memmem(s + k, n - k, close, strlen(close)))
				return 1;
		}
	return 0;
}

static int nav_mark_at(const char *s, size_t n)
{
	for (const char *const *m = nav_marks; *m; m++)
		if (n >= strlen(*m) && !strncmp(s, *m, strlen(*m)))
			return !opens_quotation(s, n);
	return 0;
}

static int starts_nav_mark(const line *l)
{
	return nav_mark_at(l->p, l->len);
}

/* A heading set between runs of marks, as html2text writes one
 * ("****** Title ******", "*** Subtitle ***") and wikis do ("== Title
 * =="): the length of the opening run ("*" or "=", at least 2, then a
 * space) of a line, 0 when it has none. */
static size_t enclosed_open(const char *p, size_t len)
{
	if (len < 4 || (p[0] != '*' && p[0] != '='))
		return 0;
	size_t k = 0;
	while (k < len && p[k] == p[0])
		k++;
	return k >= 2 && k < len && p[k] == ' ' ? k : 0;
}

/* Does the line end with a space and the run of k marks c? */
static int enclosed_close(const char *p, size_t len, char c, size_t k)
{
	if (len < k + 1 || p[len - k - 1] != ' ')
		return 0;
	for (size_t i = len - k; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* The lines (1 to ENCLOSED_MAX_LINES, the wrap may break a long heading)
 * of an enclosed heading starting at line i, 0 when there is none; its
 * opening run's length in *run. */
static size_t enclosed_heading(const line *l, size_t n, size_t i, size_t *run)
{
	size_t k = *run = enclosed_open(l[i].p, l[i].len);
	if (!k)
		return 0;
	if (l[i].len == 2 * k + 1 &&
	    enclosed_close(l[i].p, l[i].len, l[i].p[0], k))
		return 1; /* "**** ****" */
	for (size_t j = i; j < n && j < i + ENCLOSED_MAX_LINES && l[j].len;
	     j++) {
		size_t from = j == i ? k + 1 : 0;
		if (l[j].len >= from + k + 1 &&
		    enclosed_close(l[j].p + from, l[j].len - from, l[i].p[0],
		                   k))
			return j - i + 1;
	}
	return 0;
}

/* Does line b go on in line a's paragraph?  Not when b starts a list
 * item, a separator or a navigation line.  In wrapped text, when a is a
 * full line and b is not indented less than the paragraph's text; in text
 * that is not, when a is no longer than wrapped lines get and ends inside
 * a sentence that b goes on with (b starts lower-case, or a ends in a
 * comma or hyphen): a writer's own line breaks. */
static int continues(const line *a, const line *b, int wrap, size_t width,
                     size_t col)
{
	if (!b->len || item_marker(b) || rule_line(b->p, b->len) ||
	    starts_nav_mark(b) || enclosed_open(b->p, b->len))
		return 0;
	if (wrap)
		return full_line(a, width) && b->indent + 1 >= col;
	char last = a->p[a->len - 1];
	return a->cp <= WRAP_MAX_WIDTH && ends_mid_sentence(a) &&
	       (islower((unsigned char)b->p[0]) || last == ',' || last == '-');
}

/* ---- what converters leave in the text --------------------------------- */

/* A character reference ("&#228;", "&#xE4;") at s[0..n): its code point
 * and its length in *used; 0 when there is none or it is no character. */
static unsigned long char_ref(const char *s, size_t n, size_t *used)
{
	if (n < 4 || s[0] != '&' || s[1] != '#')
		return 0;
	int hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2, digits = 0;
	unsigned long cp = 0;
	for (; i < n && digits <= 6; i++, digits++) {
		int c = (unsigned char)s[i], v = -1;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		if (v < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)v;
	}
	if (!digits || digits > 6 || i >= n || s[i] != ';' || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || (cp < 0x20 && cp != '\t'))
		return 0;
	*used = i + 1;
	return cp;
}

/* A word of link text as html2text underlines it, its spaces drawn as
 * "_" ("Pin_Up_Girls", "el_precio_de_los", "Buch:_Jeremy"): each part
 * between the "_"s is letters, after an opening bracket and before a
 * sentence's punctuation at most; not all capitals (a constant,
 * "YAGNA_API_URL"), no digits (an image's name, "icon_m10") and no
 * punctuation inside a part (code, "Walker_Page::start_el("). */
static int underlined_word(const char *w, size_t n)
{
	size_t parts = 0, lower = 0;
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && w[e] != '_')
			e++;
		size_t a = i, z = e, letters = 0;
		if (a < z && w[a] == '(')
			a++;
		while (z > a && strchr(":;,.!?)", w[z - 1]))
			z--;
		for (size_t k = a; k < z; k++) {
			unsigned char c = (unsigned char)w[k];
			if (!(c >= 0x80 || isalpha(c)))
				return 0;
			letters++;
			lower += c >= 0x80 || islower(c);
		}
		if (!letters)
			return 0;
		parts++;
		if (e == n)
			break;
		i = e + 1;
		if (i == n)
			return 0; /* a trailing "_" */
	}
	return parts > 1 && lower > 0;
}

typedef struct word_slice {
	const char *p;
	size_t n;
} word_slice;

static int by_slice(const void *a, const void *b)
{
	const word_slice *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The word around s[i] in s[0..n), without the punctuation around it. */
static word_slice word_at(const char *s, size_t n, size_t i)
{
	size_t b = i, e = i;
	while (b > 0 && !isspace((unsigned char)s[b - 1]))
		b--;
	while (e < n && !isspace((unsigned char)s[e]))
		e++;
	while (b < e && strchr("(\"'[", s[b]))
		b++;
	while (e > b && strchr(".,:;!?)\"']", s[e - 1]))
		e--;
	return (word_slice){s + b, e - b};
}

/* Is the code point a capital letter (Unicode's Lu or Lt)? */
static int capital(int32_t cp)
{
	if (cp < 0)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Is the first letter of s[0..n) a capital ("-_TheLordHelix_-")? */
static int first_letter_capital(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += text_decode(s, n, i, &cp);
		if (cp >= 0 && utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
		    utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO)
			return capital(cp);
	}
	return 0;
}

/* Does s[0..n) hold a capital letter? */
static int has_capital(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += text_decode(s, n, i, &cp);
		if (capital(cp))
			return 1;
	}
	return 0;
}

/* Is the text a dump in which link text is underlined with "_" (as
 * html2text writes it): at least UNDERLINED_MIN_WORDS different such
 * words, one word in UNDERLINED_PER_WORDS one of them, and
 * UNDERLINED_MIN_CAPITALISED of them with a capital (a menu's "Über_uns",
 * a headline's "Pin_Up_Girls")?  The names of code, files and images in
 * a page about programming, repeated and in lower case, stay below. */
static int underlined_links(const char *s, size_t n)
{
	size_t words = 0;
	buf_t found = BUF_INIT;
	for (size_t i = 0; i < n;) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		size_t b = i;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
		if (i == b)
			break;
		words++;
		word_slice w = word_at(s, n, b);
		if (w.n && memchr(w.p, '_', w.n) && underlined_word(w.p, w.n))
			buf_add(&found, &w, sizeof w);
	}
	word_slice *v = (word_slice *)found.data;
	size_t k = found.len / sizeof *v, distinct = 0, capitalised = 0;
	if (k)
		qsort(v, k, sizeof *v, by_slice);
	for (size_t j = 0; j < k; j++)
		if (j == 0 || by_slice(&v[j - 1], &v[j]) != 0) {
			distinct++;
			capitalised += has_capital(v[j].p, v[j].n);
		}
	buf_free(&found);
	return distinct >= UNDERLINED_MIN_WORDS &&
	       distinct * UNDERLINED_PER_WORDS >= words &&
	       capitalised >= UNDERLINED_MIN_CAPITALISED;
}

/* Adds a line's text to t, with the character references a converter
 * left decoded, soft hyphens (U+00AD, which show only where a line
 * breaks) dropped, and, in a text with underlined links, their "_" as
 * the spaces they were. */
static void add_text(md_text *t, const char *p, size_t len, int underlined,
                     buf_t *tmp)
{
	if (!memchr(p, '&', len) && !memmem(p, len, "\xC2\xAD", 2) &&
	    (!underlined || !memchr(p, '_', len))) {
		md_text_add(t, p, len, 0);
		return;
	}
	buf_reset(tmp);
	for (size_t i = 0; i < len;) {
		size_t used;
		unsigned long cp =
		    p[i] == '&' ? char_ref(p + i, len - i, &used) : 0;
		if (cp) {
			utf8proc_uint8_t u[4];
			utf8proc_ssize_t k =
			    utf8proc_encode_char((utf8proc_int32_t)cp, u);
			buf_add(tmp, u, (size_t)k);
			i += used;
			continue;
		}
		if (i + 1 < len && !memcmp(p + i, "\xC2\xAD", 2)) {
			i += 2; /* a soft hyphen: it shows only at a line's end
			         */
			continue;
		}
		if (underlined && p[i] == '_') {
			word_slice w = word_at(p, len, i);
			if (underlined_word(w.p, w.n)) {
				buf_addc(tmp, ' ');
				i++;
				continue;
			}
		}
		buf_addc(tmp, p[i]);
		i++;
	}
	if (tmp->len) /* a line of soft hyphens leaves nothing */
		md_text_add(t, tmp->data, tmp->len, 0);
}

/* A wrapped line that ends in a hyphen after a letter or digit, over
 * one that starts with one: the wrap broke a compound ("E-" "Management",
 * "0-for-" "9") and the hyphen joins its parts without a space. */
static int hyphen_break(const line *a, const line *b)
{
	if (a->len < 2 || a->p[a->len - 1] != '-' || !b->len)
		return 0;
	unsigned char before = (unsigned char)a->p[a->len - 2],
	              next = (unsigned char)b->p[0];
	return (isalnum(before) || before >= 0x80) &&
	       (isalnum(next) || next >= 0xC0);
}

static void build_blocks(const line *l, size_t n, int wrap, size_t width,
                         int underlined, dump_doc *d)
{
	buf_t tmp = BUF_INIT;
	md_text t;
	memset(&t, 0, sizeof t);
	for (size_t i = 0; i < n;) {
		if (!l[i].len) {
			i++;
			continue;
		}
		int under = i + 1 < n ? underline_of(&l[i + 1], &l[i]) : 0;
		if (rule_line(l[i].p, l[i].len)) { /* a separator */
			md_text_reset(&t);
			t.line = l[i].no;
			md_text_add(&t, l[i].p, l[i].len, 0);
			size_t had = d->n;
			finish_block(d, &t, KIND_PARAGRAPH, 0, 1);
			if (d->n > had)
				d->b[d->n - 1].path = "text/hr";
			i++;
			continue;
		}
		size_t k;
		size_t enclosed = enclosed_heading(l, n, i, &k);
		if (enclosed) {
			/* the text between the runs, the runs dropped */
			md_text_reset(&t);
			t.line = l[i].no;
			for (size_t j = i; j < i + enclosed; j++) {
				const char *p = l[j].p;
				size_t len = l[j].len;
				if (j == i)
					p += k + 1, len -= k + 1;
				if (j == i + enclosed - 1)
					len = len > k + 1 ? len - (k + 1) : 0;
				if (j > i)
					md_text_sep(&t);
				add_text(&t, p, len, underlined, &tmp);
			}
			/* "**** ****", a heading of nothing: a separator */
			int level = l[i].p[0] == '='
			                ? (k == 2 ? 2 : 3)
			                : (k >= ENCLOSED_H2_STARS ? 2 : 3);
			if (t.text.len) {
				finish_block(d, &t, KIND_HEADING, level, 1);
				d->b[d->n - 1].marked = 1;
			}
			i += enclosed;
			continue;
		}
		size_t mark = item_marker(&l[i]);
		int numbered_heading = mark &&
		                       section_number(l[i].p, l[i].len) &&
		                       heading_like(&l[i]);
		md_text_reset(&t);
		t.line = l[i].no;
		int item = mark && !numbered_heading;
		/* bullets go; numbers and letters ("12.", "a)", "(4)")
		 * stay, as the page shows them */
		int enumerated = mark >= 2 && (l[i].p[mark - 2] == '.' ||
		                               l[i].p[mark - 2] == ')');
		size_t skip = item && !enumerated ? mark : 0;
		add_text(&t, l[i].p + skip, l[i].len - skip, underlined, &tmp);
		size_t first = i, text_col = l[i].indent + (item ? mark : 0);
		i++;
		if (under) {
			size_t had = d->n;
			finish_block(d, &t, KIND_HEADING, under, 1);
			if (d->n > had)
				d->b[d->n - 1].marked = 1;
			i++; /* the underline */
			continue;
		}
		while (i < n && continues(&l[i - 1], &l[i], wrap, width,
		                          item ? text_col : l[first].indent)) {
			if (!(wrap && hyphen_break(&l[i - 1], &l[i])))
				md_text_sep(&t);
			t.line = l[i].no;
			add_text(&t, l[i].p, l[i].len, underlined, &tmp);
			i++;
		}
		int one = i == first + 1;
		int kind = item ? KIND_LIST_ITEM : KIND_PARAGRAPH, level = 0;
		/* a heading stands alone: a blank line or the text's edge
		 * after it, or it is numbered */
		if (!item && one && heading_like(&l[first]) &&
		    (numbered_heading || i >= n || !l[i].len ||
		     !full_line(&l[first], width))) {
			kind = KIND_HEADING;
			level =
			    subsection_number(l[first].p, l[first].len) ? 3 : 2;
		}
		finish_block(d, &t, kind, level, (int)(i - first));
	}
	md_text_free(&t);
	buf_free(&tmp);
}

/* ---- pass 3: labels ------------------------------------------------------ */

static int starts_with_word(const char *norm, const char *w)
{
	size_t k = strlen(w);
	return !strncmp(norm, w, k) && (norm[k] == '\0' || norm[k] == ' ');
}

/* Text browsers draw a form's fields: "____" for a text box, "[ ]" for
 * a check box, "(BUTTON)" -- the form and the text around its fields
 * ("I agree to the processing of my data") are the template's. */
static int form_line(const char *s)
{
	return strstr(s, "____") || strstr(s, "(BUTTON)") ||
	       !strncmp(s, "[ ]", 3) || !strncmp(s, "[X]", 3) ||
	       !strncmp(s, "( )", 3) || !strncmp(s, "(*)", 3);
}

/* The section opener a block is (an index of section_openers), or -1:
 * a heading, or a line of at most SECTION_OPENER_WORDS words, that begins
 * with the phrase. */
static int section_opener(const dump_block *b)
{
	if (b->chars > NAV_MAX_CHARS ||
	    (b->kind != KIND_HEADING &&
	     words_in(b->text, strlen(b->text)) > SECTION_OPENER_WORDS))
		return -1;
	buf_t norm = BUF_INIT;
	text_normalize(b->text, strlen(b->text), &norm);
	int found = -1;
	for (size_t i = 0;
	     found < 0 && i < sizeof section_openers / sizeof *section_openers;
	     i++)
		if (starts_with_word(buf_cstr(&norm),
		                     section_openers[i].phrase))
			found = (int)i;
	buf_free(&norm);
	return found;
}

/* The number a section opener's line gives after its phrase and nothing
 * else ("Kommentare 0", "Comments (12)"): a count; -1 when the line is
 * not one. */
static long opener_count(const dump_block *b, int k)
{
	buf_t norm = BUF_INIT;
	text_normalize(b->text, strlen(b->text), &norm);
	const char *p = buf_cstr(&norm) + strlen(section_openers[k].phrase);
	long n = -1;
	if (*p == ' ' && p[1] >= '0' && p[1] <= '9') {
		char *end;
		n = strtol(p + 1, &end, 10);
		if (*end)
			n = -1;
	}
	buf_free(&norm);
	return n;
}

static int prose(const dump_block *b);

/* Characters of prose in blocks [from, to). */
static size_t prose_chars(const dump_doc *d, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += prose(&d->b[i]) ? d->b[i].chars : 0;
	return n;
}

/* Does block i, whose line opens the comments (opener k), open them where
 * it stands?  The comments follow the text: not when more than
 * COMMENTS_AFTER_MAX times as much prose follows the line as comes before
 * it (a "Comments feed" link in a sidebar above the text).  A count
 * ("Comments (12)") opens them only when it is not 0 and less prose
 * follows it than comes before it: a count in the post's header
 * ("12. November 2021 / Kommentare 0") opens nothing. */
static int opens_comments(const dump_doc *d, size_t i, int k)
{
	size_t before = prose_chars(d, 0, i),
	       after = prose_chars(d, i + 1, d->n);
	long count = opener_count(&d->b[i], k);
	if (count >= 0)
		return count > 0 && before >= after;
	return after <= COMMENTS_AFTER_MAX * before;
}

/* Text browsers put an image's file name or alt text in brackets
 * ("[logo.png]", "[IMG]"): a block of nothing else is no text. */
static int placeholders_only(const char *s)
{
	int any = 0;
	while (*s) {
		while (*s == ' ' || *s == '_') /* html2text: "[a]_[b]" */
			s++;
		if (!*s)
			break;
		if (*s != '[')
			return 0;
		const char *close = strchr(s, ']');
		if (!close)
			return 0;
		s = close + 1;
		any = 1;
	}
	return any;
}

/* A line that is an address and nothing else ("IFRAME: https://...",
 * a link's target written out): markup, not text. */
static int bare_url(const char *s)
{
	for (const char *const *l = url_labels; *l; l++)
		if (!strncmp(s, *l, strlen(*l))) {
			s += strlen(*l);
			while (*s == ' ')
				s++;
		}
	if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8) &&
	    strncmp(s, "www.", 4))
		return 0;
	return strchr(s, ' ') == NULL;
}

/* Does s hold a picture's credit after its text, from byte from on: a
 * credit line's label after a full stop, a bracket, a bar or a slash
 * ("... im Abendrot. Bild: TebNad", "(Foto: dpa)", "| Photo: AP"), or
 * a copyright sign, or "(C) ", not at its start ("... © Noah Addis")? */
static int credit_after(const char *s, size_t from)
{
	size_t n = strlen(s);
	for (size_t i = from; i < n; i++) {
		const char *c = s + i;
		if (!strncmp(c, "(C) ", 4) && i > 0)
			return 1;
		if (!strncmp(c, "\xC2\xA9", 2) && i > 0)
			return 1;
		if (c[0] != '.' && c[0] != '(' && c[0] != '|' && c[0] != '/')
			continue;
		const char *w = c + 1;
		while (*w == ' ')
			w++;
		if (*w && rules_credit_line(w))
			return 1;
	}
	return 0;
}

/* A picture's caption: a short block that ends in its credit (within its
 * last CAPTION_CREDIT_TAIL bytes).  A dump has lost the figure around it;
 * the credit is what is left to tell a caption from the text. */
static int caption_line(const dump_block *b)
{
	size_t n = strlen(b->text);
	return b->chars <= CAPTION_MAX_CHARS &&
	       credit_after(b->text, n > CAPTION_CREDIT_TAIL
	                                 ? n - CAPTION_CREDIT_TAIL
	                                 : 0);
}

/* The rule that makes a block template, or NULL. */
static const char *line_rule(const dump_block *b)
{
	const char *s = b->text;
	if (!strcmp(b->path, "text/hr"))
		return "separator";
	if (placeholders_only(s))
		return "image";
	if (form_line(s))
		return "form";
	if (bare_url(s))
		return "url";
	if (nav_mark_at(s, strlen(s)))
		return "nav-marker";
	if (caption_line(b))
		return "caption";
	if (b->chars > LEGAL_MAX_CHARS)
		return NULL;
	buf_t norm = BUF_INIT;
	text_normalize(s, strlen(s), &norm);
	const char *t = buf_cstr(&norm);
	const char *why = NULL;
	for (const char *const *p = legal_phrases; *p && !why; p++)
		if (strstr(t, *p))
			why = "legal";
	if (why || b->chars > NAV_MAX_CHARS) {
		buf_free(&norm);
		return why;
	}
	/* "Previous: ..." "Next" -- a word followed by a colon, or alone */
	const char *colon = strchr(s, ':');
	for (const char *const *w = nav_words; *w && !why; w++)
		if (starts_with_word(t, *w) &&
		    (!strcmp(t, *w) ||
		     (colon && (size_t)(colon - s) <= strlen(*w) + 2)))
			why = "nav-word";
	for (const char *const *p = nav_phrases; *p && !why; p++)
		if (starts_with_word(t, *p))
			why = "nav-word";
	for (const char *const *p = share_phrases; *p && !why; p++)
		if (starts_with_word(t, *p))
			why = "share";
	for (const char *const *p = ad_labels; *p && !why; p++)
		if (!strcmp(t, *p))
			why = "ad";
	for (const char *const *p = tag_labels; *p && !why; p++)
		if (starts_with_word(t, *p) && colon &&
		    (size_t)(colon - s) <= strlen(*p) + 2)
			why = "tags";
	for (const char *const *p = copyright_phrases; *p && !why; p++)
		if (strstr(t, *p) && (strcmp(*p, "copyright") != 0 ||
		                      starts_with_word(t, "copyright")))
			why = "copyright";
	if (!why && rules_credit_line(s))
		why = "credit";
	if (!why && rules_call_to_action(s))
		why = "share";
	buf_free(&norm);
	return why;
}

static int ends_with_ellipsis(const dump_block *b)
{
	size_t n = strlen(b->text);
	const char *s = b->text;
	return (n >= 3 && !memcmp(s + n - 3, "...", 3)) ||
	       (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3)) ||
	       (n >= 5 && !memcmp(s + n - 5, "[...]", 5));
}

static void label(dump_block *b, int content, const char *why)
{
	b->content = content;
	b->why = why;
}

/* Runs of blocks cut to about the same length, each ending in "...":
 * the teasers of related articles. */
static void mark_teasers(dump_doc *d)
{
	for (size_t i = 0; i < d->n;) {
		size_t j = i, lo = (size_t)-1, hi = 0;
		while (j < d->n && ends_with_ellipsis(&d->b[j])) {
			size_t c = d->b[j].chars;
			lo = c < lo ? c : lo;
			hi = c > hi ? c : hi;
			j++;
		}
		if (j - i >= TEASER_MIN_RUN &&
		    (double)lo >= TEASER_LENGTH_SHARE * (double)hi)
			for (size_t k = i; k < j; k++)
				label(&d->b[k], 0, "teasers");
		i = j > i ? j : i + 1;
	}
}

static int sentence_end(const dump_block *b)
{
	size_t n = strlen(b->text);
	const char *s = b->text;
	while (n && strchr("\"')]\xC2\xBB\x9D", s[n - 1]))
		n--; /* closing quotes and brackets (also the tail of ” and »)
		      */
	return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

static int prose(const dump_block *b)
{
	return b->content && !b->why && b->kind != KIND_HEADING &&
	       (b->chars >= PROSE_LONG_CHARS ||
	        (b->chars >= PROSE_MIN_CHARS && sentence_end(b)));
}

/* Collapsed, case-folded text for comparing a title with a block. */
static char *folded(const char *s)
{
	buf_t b = BUF_INIT;
	text_normalize(s, strlen(s), &b);
	return buf_detach(&b, NULL);
}

/* The title's repeat at the start of the first body block goes: the
 * block is the title again, or begins with it. */
static void drop_title_repeat(dump_doc *d, size_t title, size_t next)
{
	dump_block *b = &d->b[next];
	char *ft = folded(d->b[title].text), *fb = folded(b->text);
	size_t k = strlen(ft);
	if (k && !strcmp(ft, fb)) {
		label(b, 0, "title-repeat");
	} else if (k && !strncmp(ft, fb, k) && fb[k] == ' ') {
		/* cut the title's words off the block's text */
		size_t words =
		           words_in(d->b[title].text, strlen(d->b[title].text)),
		       w = 0;
		const char *p = b->text;
		while (*p && w < words) {
			while (*p == ' ')
				p++;
			while (*p && *p != ' ')
				p++;
			w++;
		}
		while (*p == ' ' || *p == ':' || *p == '-' || *p == '.' ||
		       *p == ',')
			p++;
		if (*p) {
			size_t off = (size_t)(p - b->text);
			memmove(b->text, p, strlen(p) + 1);
			b->chars = utf8_cp(b->text, strlen(b->text));
			/* the line map's offsets move with the text */
			line_map m = {0};
			for (size_t i = 0; i < b->lines.n; i++) {
				size_t o = b->lines.v[2 * i];
				size_t at = o > off ? o - off : 0;
				line_map_note(&m, at, b->lines.v[2 * i + 1]);
			}
			line_map_free(&b->lines);
			b->lines = m;
		}
	}
	free(ft);
	free(fb);
}

/* Sections of the template: comments, related articles, the author's
 * biography, each from the line that opens it. */
static void mark_sections(dump_doc *d)
{
	/* they follow the text: a "Comments" link in the page's head opens
	 * nothing */
	size_t i = 0;
	while (i < d->n && !prose(&d->b[i]))
		i++;
	for (; i < d->n; i++) {
		int k = section_opener(&d->b[i]);
		if (k < 0)
			continue;
		if (section_openers[k].to_end && !opens_comments(d, i, k))
			continue;
		const char *why = section_openers[k].why;
		label(&d->b[i], 0, why);
		size_t j = i + 1;
		for (; j < d->n; j++) {
			if (!section_openers[k].to_end &&
			    d->b[j].kind == KIND_HEADING &&
			    section_opener(&d->b[j]) < 0)
				break;
			if (d->b[j].content)
				label(&d->b[j], 0, why);
		}
		i = j - 1;
	}
}

/* What a block adds to the body around it (body_span()): prose its
 * length, a sentence half of it, anything else (a menu entry, a heading, a
 * teaser) takes a little away, template more, and a line that ends texts
 * most. */
static int ends_text(const dump_block *b)
{
	for (const char *const *w = body_end_rules; *w; w++)
		if (b->why && !strcmp(b->why, *w))
			return 1;
	return 0;
}

static long body_score(const dump_block *b)
{
	if (!b->content)
		return ends_text(b) ? -BODY_END_COST : -BODY_TEMPLATE_COST;
	if (b->repeated)
		return -BODY_TEMPLATE_COST;
	if (prose(b))
		return (long)b->chars;
	if (b->kind != KIND_HEADING && b->chars >= SENTENCE_MIN_CHARS &&
	    sentence_end(b))
		return (long)b->chars / 2;
	return -BODY_SHORT_COST;
}

/* The body: the run of blocks with the highest sum of body_score()
 * (Kadane's maximum subarray), as a reader's eye finds the dense part of
 * a page.  *start = d->n when the text has no prose. */
static void body_span(const dump_doc *d, size_t *start, size_t *end)
{
	long best = 0, run = 0;
	size_t from = 0;
	*start = d->n;
	*end = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (run <= 0) {
			run = 0;
			from = i;
		}
		run += body_score(&d->b[i]);
		if (run > best) {
			best = run;
			*start = from;
			*end = i;
		}
	}
	size_t k;
	for (k = *start; k < d->n && k <= *end; k++)
		if (prose(&d->b[k]))
			break;
	if (k > *end || k >= d->n)
		*start = d->n; /* sentences, but no prose: no body */
}

/* A title: one short line, not a list item, not ending as a statement
 * does (a question or an exclamation may be a headline). */
static int title_like(const dump_block *b)
{
	size_t n = strlen(b->text);
	char last = n ? b->text[n - 1] : 0;
	return b->content && !b->why && b->chars <= TITLE_MAX_CHARS &&
	       b->nlines == 1 && last != '.' && last != ',' && last != ';' &&
	       b->kind != KIND_LIST_ITEM;
}

/* Does t (text_normalize() form) hold the phrase p as whole words? */
static int has_phrase(const char *t, const char *p)
{
	size_t k = strlen(p);
	for (const char *h = strstr(t, p); h; h = strstr(h + 1, p))
		if ((h == t || h[-1] == ' ') && (h[k] == '\0' || h[k] == ' '))
			return 1;
	return 0;
}

static int in_list(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !memcmp(*list, w, n))
			return 1;
	return 0;
}

/* Is t (text_normalize() form of s) a byline: a byline word, then at most
 * BYLINE_MAX_NAME_WORDS words of a name, each capitalised in s or a
 * particle?  A headline goes on in lower case ("Von der Leyen warnt"). */
static int bylined(const char *s, const char *t)
{
	const char *lead = NULL;
	for (const char *const *w = byline_words; *w && !lead; w++)
		if (starts_with_word(t, *w))
			lead = *w;
	if (!lead)
		return 0;
	size_t skip = 1; /* words of s the byline word takes */
	for (const char *c = lead; *c; c++)
		skip += *c == ' ';
	size_t words = 0;
	for (const char *q = s;;) {
		while (*q == ' ' || *q == ',' || *q == ':' || *q == '|')
			q++;
		if (!*q)
			break;
		const char *e = q;
		while (*e && *e != ' ' && *e != ',')
			e++;
		if (skip) {
			skip--;
			q = e;
			continue;
		}
		int cap = first_letter_capital(q, (size_t)(e - q));
		buf_t w = BUF_INIT;
		text_normalize(q, (size_t)(e - q), &w);
		int particle = in_list(buf_cstr(&w), w.len, name_particles);
		buf_free(&w);
		if (++words > BYLINE_MAX_NAME_WORDS || (!cap && !particle))
			return 0;
		q = e;
	}
	return words > 0;
}

/* A line that looks like a title but is a caption, a byline, a reading
 * time, a date or a number (find_title() looks above it). */
static int not_title(const dump_block *b)
{
	char date[11];
	if (dump_date_line(b->text, date) || section_opener(b) >= 0)
		return 1;
	buf_t norm = BUF_INIT;
	text_normalize(b->text, strlen(b->text), &norm);
	const char *t = buf_cstr(&norm);
	/* a count or a number alone ("192") */
	int letters = 0;
	for (const char *c = t; *c && !letters; c++)
		letters =
		    (unsigned char)*c >= 0x80 || isalpha((unsigned char)*c);
	int no = !letters || bylined(b->text, t);
	for (const char *const *p = contents_labels; *p && !no; p++)
		no = !strcmp(t, *p);
	for (const char *const *p = not_title_phrases; *p && !no; p++)
		no = has_phrase(t, *p);
	if (!no)
		no = credit_after(b->text, 0);
	buf_free(&norm);
	return no;
}

/* Does the text of block b start with the words of block t? */
static int starts_with_block(const dump_block *b, const dump_block *t)
{
	char *ft = folded(t->text), *fb = folded(b->text);
	size_t k = strlen(ft);
	int yes = k && !strncmp(ft, fb, k) && (fb[k] == ' ' || !fb[k]);
	free(ft);
	free(fb);
	return yes;
}

/* The title: a title-like line that the first long paragraph repeats at
 * its start (dumps often hold the title twice); else the last title-like
 * line just above that paragraph that is not a numbered section (a
 * headline stands there, above a kicker or a date); else the text's first
 * line of its own when that is title-like (a draft). */
static size_t first_prose(const dump_doc *d, size_t from, size_t min)
{
	for (size_t i = from; i < d->n; i++)
		if (prose(&d->b[i]) && d->b[i].chars >= min)
			return i;
	return d->n;
}

static size_t find_title(const dump_doc *d, size_t from)
{
	/* the first long paragraph, or the first of prose */
	size_t body = first_prose(d, from, TITLE_BODY_CHARS);
	if (body == d->n)
		body = first_prose(d, from, 0);
	for (size_t i = body; i < d->n; i++) {
		size_t last = d->n;
		for (size_t k = 0; k < i && k < TITLE_REPEAT_BLOCKS; k++)
			if (title_like(&d->b[k]) &&
			    starts_with_block(&d->b[i], &d->b[k]))
				return k;
		/* a heading the text marks as one goes before a line */
		size_t marked = d->n;
		for (size_t k = i, seen = 0; k > 0 && seen < TITLE_LOOKBACK;) {
			k--;
			if (title_like(&d->b[k]) &&
			    !section_number(d->b[k].text,
			                    strlen(d->b[k].text)) &&
			    !not_title(&d->b[k])) {
				if (last == d->n)
					last = k;
				if (d->b[k].marked && marked == d->n)
					marked = k;
			}
			seen += d->b[k].content != 0;
		}
		if (marked < d->n)
			return marked;
		if (last < d->n)
			return last;
		break;
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].content && !d->b[i].why)
			return title_like(&d->b[i]) && !not_title(&d->b[i])
			           ? i
			           : d->n;
	return d->n;
}

/* A passage the text holds more than once is most often the template's:
 * the messages of a login form, a menu given twice (for the screen and
 * the phone), a teaser shown in two lists; an article says each paragraph
 * once.  But a page may hold its whole article twice, or a forum post
 * quote another, so the first copy stays as it is and the later ones are
 * marked "repeated": the body span does not count them (body_score())
 * and the block model weighs it.  Only blocks that would weigh in the
 * body (a sentence or more) are compared. */
typedef struct repeat_key {
	char *text;
	size_t i;
} repeat_key;

static int by_repeat_text(const void *a, const void *b)
{
	const repeat_key *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void mark_repeats(dump_doc *d)
{
	repeat_key *k = xmalloc((d->n ? d->n : 1) * sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].content && !d->b[i].why &&
		    d->b[i].kind != KIND_HEADING &&
		    d->b[i].chars >= SENTENCE_MIN_CHARS)
			k[n++] = (repeat_key){folded(d->b[i].text), i};
	qsort(k, n, sizeof *k, by_repeat_text);
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && !strcmp(k[e].text, k[i].text))
			e++;
		for (size_t j = i + 1; j < e; j++)
			d->b[k[j].i].repeated = 1;
		i = e;
	}
	for (size_t i = 0; i < n; i++)
		free(k[i].text);
	free(k);
}

/* lynx begins a dump with the titles of the page's <link> elements (its
 * feeds, the previous and next pages) after a "#": "#Site » Feed Site »
 * Comments Feed".  A writer's heading has a space after its "#". */
static int lynx_link_bar(const dump_block *b)
{
	return b->text[0] == '#' && b->text[1] && b->text[1] != ' ' &&
	       b->text[1] != '#';
}

static void label_blocks(dump_doc *d, const char *lang)
{
	for (size_t i = 0; i < d->n; i++) {
		const char *why = line_rule(&d->b[i]);
		if (why)
			label(&d->b[i], 0, why);
	}
	if (d->n && d->b[0].content && lynx_link_bar(&d->b[0]))
		label(&d->b[0], 0, "links");
	mark_teasers(d);
	mark_sections(d);
	mark_repeats(d);

	/* a date line near the start, before the body's first prose */
	size_t start, end;
	body_span(d, &start, &end);
	size_t date_end = start < d->n ? start : d->n;
	for (size_t i = 0, seen = 0; i < date_end && seen < HEAD_BLOCKS; i++) {
		dump_block *b = &d->b[i];
		if (dump_date_line(b->text, d->published)) {
			label(b, 0, "date-line");
			break;
		}
		seen += b->content != 0;
	}
	if (start < d->n)
		for (size_t i = start; i <= end && !d->published[0]; i++)
			if (dump_date_line(d->b[i].text, d->published))
				label(&d->b[i], 0, "date-line");

	size_t title = find_title(d, start < d->n ? start : 0);
	if (title < d->n) {
		d->title = xstrdup(d->b[title].text);
		label(&d->b[title], 1, "headline");
		/* it heads the text, unless it is all of it */
		for (size_t i = title + 1; i < d->n; i++)
			if (d->b[i].content && !d->b[i].why) {
				d->b[title].kind = KIND_HEADING;
				d->b[title].level = 1;
				d->b[title].path = "text/h1";
				break;
			}
		/* its repeat, in one of the next blocks */
		for (size_t i = title + 1, k = 0;
		     i < d->n && k < TITLE_REPEAT_BLOCKS; i++, k++)
			if (d->b[i].content && !d->b[i].why &&
			    starts_with_block(&d->b[i], &d->b[title])) {
				drop_title_repeat(d, title, i);
				break;
			}
	}

	/* what the rules leave open, the block model decides
	 * (textdump_model.h), in a text with a template: a draft or an
	 * export of the article alone is the writer's throughout, and not
	 * what the model was fitted on */
	unsigned char *open = xcalloc(d->n ? d->n : 1, 1);
	size_t template = 0;
	for (size_t i = 0; i < d->n; i++) {
		open[i] = d->b[i].content && !d->b[i].why;
		template += !d->b[i].content && d->b[i].why &&
		            strcmp(d->b[i].why, "date-line") &&
		            strcmp(d->b[i].why, "title-repeat");
	}
	d->modelled = template >= MODEL_MIN_TEMPLATE;
	if (d->modelled) {
		d->features = xmalloc((d->n ? d->n : 1) * DUMP_FEATURES *
		                      sizeof *d->features);
		dump_layout lay = {start, end, title, open};
		dump_features(d, &lay, lang, d->features);
	}
	/* the title line too, in a text with a template: the line the
	 * rules take for the title is now and then the site's banner or a
	 * reading-time line; the metadata keeps it as the title */
	if (d->modelled && title < d->n &&
	    dump_model_score(d->features + title * DUMP_FEATURES) <= 0)
		label(&d->b[title], 0, "title-like");
	for (size_t i = 0; i < d->n; i++) {
		dump_block *b = &d->b[i];
		if (!open[i])
			continue;
		int in_span = start < d->n && i >= start && i <= end;
		int heads =
		    start < d->n && i < start && i > title && title < d->n;
		int keep =
		    d->modelled
		        ? dump_model_score(d->features + i * DUMP_FEATURES) > 0
		        : in_span || heads || start == d->n;
		if (!keep)
			label(b, 0,
			      in_span || start == d->n ? "template-like"
			                               : "outside");
		else if (start == d->n)
			label(b, 1, "fallback");
		else if (in_span)
			label(b, 1, "body");
		else if (heads)
			label(b, 1, "heading"); /* between title and body */
		else
			label(b, 1, "body-like");
	}
	free(open);

	/* a numbered section heading the model left out, over a paragraph
	 * of the body it kept, is that section's ("1. The mill") */
	for (size_t i = 0; d->modelled && i + 1 < d->n; i++) {
		dump_block *b = &d->b[i];
		const dump_block *next = &d->b[i + 1];
		if (b->content || b->kind != KIND_HEADING || !b->why ||
		    (strcmp(b->why, "outside") != 0 &&
		     strcmp(b->why, "template-like") != 0) ||
		    !section_number(b->text, strlen(b->text)) ||
		    !next->content || !next->why ||
		    strcmp(next->why, "body") != 0)
			continue;
		label(b, 1, i < start ? "heading" : "body");
	}

	/* a heading whose section is all template goes with it ("Related
	 * articles" over the teasers) */
	for (size_t i = 0; i < d->n; i++) {
		dump_block *b = &d->b[i];
		if (!b->content || b->kind != KIND_HEADING || i == title)
			continue;
		size_t j = i + 1, skipped = 0;
		while (j < d->n && !d->b[j].content) {
			skipped++;
			j++;
		}
		if (skipped && (j == d->n || d->b[j].kind == KIND_HEADING))
			label(b, 0, "orphan-heading");
	}
}

void dump_read(const char *s, size_t n, size_t first_line, dump_doc *d)
{
	memset(d, 0, sizeof *d);
	line *l;
	size_t nl = split_lines(s, n, first_line, &l);
	size_t width = text_width(l, nl);
	build_blocks(l, nl, wrapped(l, nl, width), width,
	             underlined_links(s, n), d);
	free(l);
	label_blocks(d, lang_detect(s, n));
}

void dump_free(dump_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->b[i].text);
		line_map_free(&d->b[i].lines);
	}
	free(d->b);
	free(d->title);
	free(d->features);
	memset(d, 0, sizeof *d);
}
