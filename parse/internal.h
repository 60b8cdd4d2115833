/*
 * internal.h - pieces of libcqa_parse shared between its files, not part of
 * the public header.
 *
 *   decode.c    bytes in any declared or undeclared charset -> UTF-8
 *   extract.c   libxml2 tree -> text blocks labelled content / boilerplate
 *   extract_refine.c  the rules that correct the container's labels
 *   extract_body.c    the JSON-LD articleBody fallback
 *   extract_rules.c  the vocabularies and weights extract.c uses
 *   metadata.c  title, description, author, dates, canonical, lang, robots
 *   input.c     files, directories, WARCs and stdin -> pages
 *   lines.c     source lines of block text
 */
#ifndef CQA_PARSE_INTERNAL_H
#define CQA_PARSE_INTERNAL_H

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stddef.h>

#include "../common/buf.h"
#include "parse.h"

/* ---- parse.c ---- */

/* Nodes (elements, attributes, comments) of one page that go into the
 * tree; the rest of a page that has more is left out.  libxml2 spends
 * 100 to 200 bytes on a node, which a page of tiny tags writes in 5 to 10
 * bytes: without a cap a 64 MiB page becomes a tree of gigabytes.  Real
 * pages have a few thousand elements; very long ones (a whole manual or
 * specification on one page) a few hundred thousand nodes.  Half a
 * million keeps those whole and the tree under about 100 MB. */
enum { PARSE_MAX_NODES = 500000 };

/* The value of attribute name (case-insensitive) of element n, or NULL. */
const char *html_attr(xmlNodePtr n, const char *name);

/* What a page is, which decides the parser. */
enum page_kind { PAGE_HTML = 0, PAGE_TEXT = 1, PAGE_MARKDOWN = 2 };

/* len, or the page limit when len is over it (with a warning naming the
 * page): every kind of page is cut the same way. */
size_t parse_cap_length(const parse_options *o, const parse_page_info *info,
                        size_t len);

/* parse_html_document() or parse_text_document(), by kind. */
json_t *parse_page_kind(const parse_options *o, const char *bytes, size_t len,
                        const parse_page_info *info, int kind, cqa_error *err);

/* Parses page (UTF-8) into a tree of at most max nodes (elements,
 * attributes and comments); *cut is set when the page had more.  Every
 * text node carries the source line its text starts on: xmlGetLineNo()
 * gives it, lines counted at LF from 1. */
htmlDocPtr parse_read_html(const char *page, int len, const char *url,
                           size_t max, int *cut);

/* ---- lines.c ---- */

/* Where the source lines of a block's text start: pairs (byte offset in
 * the text, source line), offsets increasing, lines 1-based.  The text
 * from one pair's offset up to the next pair's is on that pair's line.
 * Empty when the lines are unknown. */
typedef struct line_map {
	size_t *v; /* v[2i] offset, v[2i+1] line */
	size_t n;  /* pairs */
	size_t cap;
} line_map;

/* Text from byte off on is on source line line (0: unknown, ignored).
 * Offsets must not decrease; a pair on the line of the last one adds
 * nothing, and one at the offset of the last one replaces it. */
void line_map_note(line_map *m, size_t off, size_t line);
/* The line the text starts on; 0 when unknown. */
size_t line_map_first(const line_map *m);
void line_map_free(line_map *m);
/* Sets "line" of block (null when unknown) and, with all, "lines": an
 * array of [offset, line] pairs. */
void line_map_json(json_t *block, const line_map *m, int all);

/* ---- decode.c ---- */

/* Works out the charset of an HTML byte string, in the order browsers use:
 * byte order mark, HTTP Content-Type charset, <meta> charset in the first
 * bytes, else UTF-8 if the bytes are valid UTF-8, else what uchardet reads
 * (windows-1252 when it cannot tell).  A declaration the bytes plainly
 * contradict is overridden (rules in decode.c).
 * Writes an iconv name into out and returns how many BOM bytes to skip. */
size_t decode_detect_charset(const char *bytes, size_t len,
                             const char *content_type, char *out,
                             size_t out_size);
/* The same, also saying whether the bytes after any BOM are all valid
 * UTF-8 (then a page read as UTF-8 needs no repair pass, nor a copy). */
size_t decode_detect(const char *bytes, size_t len, const char *content_type,
                     char *out, size_t out_size, int *valid_utf8);

/* Converts to UTF-8; undecodable bytes become U+FFFD, never an error. */
void decode_to_utf8(const char *bytes, size_t len, const char *charset,
                    buf_t *out);

/* ---- extract.c ---- */

enum block_label { BLOCK_BOILERPLATE = 0, BLOCK_CONTENT = 1 };

/* Why a block got its label: the rule that decided last (docs/formats.md
 * lists the names, which cqa-parse --explain prints). */
enum block_why {
	WHY_OUTSIDE = 0,    /* outside the article container */
	WHY_FURNITURE,      /* under nav/footer/aside or a furniture class */
	WHY_LINKS,          /* mostly link text */
	WHY_FRAGMENT,       /* a few words of links inside the container */
	WHY_SHORT,          /* fallback: too short to count as prose */
	WHY_ORPHAN,         /* a heading that introduces only furniture */
	WHY_CALL_TO_ACTION, /* "follow us", "subscribe" at the article's end */
	WHY_CREDIT,         /* "Foto: ...", "© ...": who made a picture */
	WHY_CONTAINER,      /* inside the article container */
	WHY_HEADLINE,       /* the page's headline (matches <title>) */
	WHY_HEADLINE_NEAR,  /* the <h1> just before the article */
	WHY_LEAD,           /* the standfirst just before the article */
	WHY_PROSE,          /* long link-free prose outside the container */
	WHY_SMOOTHED,       /* between two content blocks */
	WHY_LINK_LIST,      /* a list of links framed by the article\'s text */
	WHY_ARTICLE_BODY,   /* text of JSON-LD articleBody */
	WHY_COMMENT,        /* a comment, kept on request */
	WHY_FALLBACK,       /* fallback: prose when no container held enough */
	WHY_COUNT
};

/* The name of a reason, as in docs.jsonl. */
const char *extract_why_name(int why);

/* What a block is: docs.jsonl's "kind" (docs/formats.md), from the element
 * that holds its text. */
enum block_kind {
	KIND_PARAGRAPH = 0, /* p, and text straight in a div or section */
	KIND_HEADING,       /* h1..h6, with its level */
	KIND_LIST_ITEM,     /* li */
	KIND_CODE,          /* pre: line breaks and indentation kept */
	KIND_TABLE_ROW,     /* tr: its cells' texts separated by tabs */
	KIND_QUOTE,         /* blockquote */
	KIND_CAPTION,       /* caption, figcaption */
	KIND_TERM,          /* dt */
	KIND_DESCRIPTION,   /* dd */
	KIND__COUNT
};

/* The name of a kind, as in docs.jsonl. */
const char *block_kind_name(int kind);

typedef struct text_block {
	char *text;         /* white space collapsed (code: kept), UTF-8 */
	char *path;         /* "body/div#main/article/p" */
	size_t chars;       /* length, rules_char_weight() a code point: what
	                       every threshold compares */
	size_t link_chars;  /* of which inside <a> */
	size_t code_chars;  /* of which inside code markup or <pre> */
	size_t code_points; /* code points: docs.jsonl's "chars" */
	size_t link_code_points; /* of which inside <a>: "link_chars" */
	size_t links;            /* number of <a> elements */
	int tag;                 /* enum block_tag of the owning element */
	int kind;                /* enum block_kind */
	int level;               /* 1..6 for a heading, else 0 */
	int h1;                  /* the owner is an <h1> */
	int label;               /* enum block_label */
	int why;                 /* enum block_why */
	int in_container;        /* under the selected article container */
	int in_comment;      /* under an element whose class names comments */
	int in_caption;      /* a caption, or inside one */
	int markup_boiler;   /* inside nav/footer/negative class... */
	unsigned long shape; /* hash of the owner's and its parent's tag and
	                        class: blocks of one kind share it */
	xmlNodePtr owner;    /* block-level element that holds the text */
	line_map lines;      /* source lines of text (none: JSON-LD body) */
} text_block;

typedef struct extract_result {
	text_block *blocks;
	size_t n, cap;
} extract_result;

/* A block more than this share of links is navigation, not prose. */
#define EXTRACT_MAX_LINK_DENSITY 0.5

static inline double block_link_density(const text_block *b)
{
	return b->chars ? (double)b->link_chars / (double)b->chars : 0.0;
}

/* Prose: not under furniture markup, and not mostly links. */
static inline int block_is_prose(const text_block *b)
{
	return !b->markup_boiler &&
	       block_link_density(b) <= EXTRACT_MAX_LINK_DENSITY;
}

static inline void block_set_label(text_block *b, int label, int why)
{
	b->label = label;
	b->why = why;
}

/* extract_refine.c: the rules that run after the container is chosen
 * (headline, lead, outside prose, calls to action, credits, orphan
 * headings, smoothing).  title may be NULL. */
void refine_labels(extract_result *r, const char *title);
/* Does text end as a sentence does (a stop, "!", "?", an ellipsis, CJK
 * full stop, maybe inside closing quotes or brackets)? */
int sentence_like(const char *text);

/* Options of extract_blocks(). */
enum {
	/* Readers' comments are content (why "comment"), not furniture. */
	EXTRACT_KEEP_COMMENTS = 1 << 0,
};

/* Segments the document into blocks and labels them.  title (may be NULL)
 * helps recognise the article's heading; flags are EXTRACT_*. */
void extract_blocks(htmlDocPtr doc, const char *title, unsigned flags,
                    extract_result *out);
void extract_result_free(extract_result *r);

/* The fallback of last resort: when the blocks hold less article than the
 * page's JSON-LD articleBody, the blocks whose text the body contains
 * become content; if even they are too few, the body itself is added as
 * blocks (path "script/articleBody"), because the page is rendered by
 * scripts and its text exists nowhere else. */
void extract_article_body(extract_result *r, const char *article_body);

/* ---- extract_rules.c ---- */

enum block_tag {
	TAG_OTHER = 0,
	TAG_P,
	TAG_HEADING,
	TAG_LI,
	TAG_CELL,
	TAG_PRE,
	TAG_QUOTE,
	TAG_CAPTION,
	TAG_DIV,
	TAG_DT_DD,
};

/* Tag flags, see the table in extract_rules.c. */
enum {
	T_INVISIBLE = 1 << 0,
	T_BLOCK = 1 << 1,
	T_BOILERPLATE = 1 << 2,
	T_LINK = 1 << 3,
	T_ARTICLE = 1 << 4,
	T_MAIN = 1 << 5,
	T_HEADER = 1 << 6,
	T_H1 = 1 << 7,
	T_SOFT_INVISIBLE = 1 << 8,
	T_CELL = 1 << 9,
	T_CODE = 1 << 10,
};

typedef struct tag_rule {
	const char *name;
	unsigned flags; /* T_* */
	int block_tag;  /* enum block_tag */
} tag_rule;

/* The rule for an element name; unknown tags get no flags. */
const tag_rule *rules_tag(const char *name);
/* Class names that mean "not displayed" by framework convention. */
int rules_has_hidden_class(const char *class_attr);
/* Class/id evidence: how many words look like article bodies (pos), like
 * furniture (neg), and of those like furniture that holds prose (strong);
 * comments counts those of them that name a comment section. */
void rules_class_evidence(const char *class_attr, const char *id_attr, int *pos,
                          int *neg, int *strong, int *comments);
/* Does a short block read as a call to action (follow us, subscribe,
 * download the app)? */
int rules_call_to_action(const char *text);
/* Is a short block a credit line ("Foto: ...", "Quelle: ...", "© ...")? */
int rules_credit_line(const char *text);
/* The length thresholds of extract.c were set on Latin text, where a word
 * is about 6 characters with its space.  A Chinese word is about 1.5
 * characters and a Japanese or Korean one about 2, so a Han, kana or Hangul
 * character carries about three Latin characters' worth of text: a
 * 44-character Chinese paragraph of two sentences is as long as a
 * 130-character English one, and must not be dropped as "short". */
enum { RULES_WIDE_CHAR_WEIGHT = 3 };

/* How many Latin characters' worth of text the code point whose UTF-8
 * starts at s is: 1, or RULES_WIDE_CHAR_WEIGHT for a Han, kana or Hangul
 * character.  Lengths measured so hold across scripts.  Inline: it runs
 * for every character of every page. */
static inline size_t rules_char_weight(const unsigned char *s)
{
	unsigned char b = s[0];
	if (b < 0xE3)
		return 1;
	unsigned char c = s[1];
	if ((b == 0xE3 && c >= 0x81) || /* U+3040- kana, CJK ext A */
	    (b >= 0xE4 && b <= 0xE9) || /* U+4000-9FFF Han */
	    (b == 0xEA && c >= 0xB0) || /* U+AC00- Hangul */
	    b == 0xEB || b == 0xEC ||   /* Hangul */
	    (b == 0xED && c < 0x9F) ||  /* Hangul, to U+D7FF */
	    (b == 0xEF && c >= 0xA4 && c <= 0xAB) || /* U+F900-FAFF */
	    (b == 0xF0 && c >= 0xA0 && c <= 0xAF))   /* U+20000-2FFFF */
		return RULES_WIDE_CHAR_WEIGHT;
	return 1;
}
/* Is word one of the white-space separated classes of class_attr (may be
 * NULL)? */
int rules_has_class(const char *class_attr, const char *word);
/* Does the class say footnotes, endnotes or citations (text of the page's
 * own, even in an <aside>)? */
int rules_notes_class(const char *class_attr);
/* Does a block's text read as names in code (g_list_append, Map.Entry,
 * assertEquals)?  Inside the main content, such a block is content however
 * many of its words are links. */
int rules_code_names(const char *text);
/* Weight of an element as a content container, by tag. */
int rules_container_tag_weight(const char *name);
/* The kind (enum block_kind) of a block held by the element name; *level
 * gets a heading's level, else 0. */
int rules_block_kind(const char *name, int *level);
/* Is the link (class, title attribute, text) inside a heading a permalink
 * to it ("¶", "#", class "headerlink") rather than part of the heading? */
int rules_heading_furniture(const char *class_attr, const char *title_attr,
                            const char *text);

/* ---- metadata.c ---- */

/* Adds lang, title, description, author, published, canonical and noindex
 * to doc (a docs.jsonl object).  *article_body (if article_body is not
 * NULL) receives the page's longest JSON-LD articleBody, or NULL; the
 * caller frees it. */
void metadata_collect(htmlDocPtr html, json_t *doc, char **article_body);

#endif
