/*
 * textdump.h - plain text, which is often a page a scraper, a CMS export
 * or "save as text" flattened: the page's words in reading order, the
 * template's words left in.
 *
 * dump_read() finds the structure such a text still has and labels its
 * blocks as cqa-parse labels an HTML page's:
 *
 *   - lines are blocks when the text is not hard-wrapped (a paragraph a
 *     line) and are joined into paragraphs when it is (lynx, w3m and
 *     html2text wrap at about 80 columns): a line as long as the text's
 *     lines get, followed by one that does not start a list item, goes on
 *     in that line;
 *   - headings (a short line without final punctuation, a numbered
 *     section line, a line underlined with "===" or "---"), list items
 *     (bullets, numbers, letters) and paragraphs;
 *   - a leading date line is the publication date and the first short
 *     line the title; a repeat of the title at the start of the body is
 *     not counted twice;
 *   - the template's lines are boilerplate, each by a rule kept as data in
 *     textdump.c (navigation markers and words, teaser lists, separator
 *     remnants, share, credit and copyright lines);
 *   - the body span is the densest run of prose; what no rule took, the
 *     title included, is decided by the block model (textdump_model.h)
 *     from the block, its neighbours and where it stands against the span.
 *
 * Each block says which rule decided ("why"); docs/formats.md lists them.
 */
#ifndef CQA_PARSE_TEXTDUMP_H
#define CQA_PARSE_TEXTDUMP_H

#include <stddef.h>

#include "internal.h"

typedef struct dump_block {
	char *text;       /* white space collapsed, UTF-8 */
	size_t chars;     /* code points */
	line_map lines;   /* source lines of text */
	int kind;         /* KIND_* (internal.h) */
	int level;        /* heading level, else 0 */
	int content;      /* 1: the article's, 0: boilerplate */
	int nlines;       /* source lines it was joined from */
	int repeated;     /* an earlier block has the same words */
	int marked;       /* a heading the text marks as one (underlined,
	                     or between runs of marks) */
	const char *why;  /* the rule that labelled it */
	const char *path; /* "text/p", "text/h1".., "text/li", "text/hr" */
} dump_block;

typedef struct dump_doc {
	dump_block *b;
	size_t n, cap;
	char *title;        /* NULL: none found */
	char published[11]; /* YYYY-MM-DD, or "" */
	int modelled;       /* 1: the block model labelled the open blocks */
	float *features;    /* then DUMP_FEATURES a block (textdump_model.h),
	                       else NULL */
} dump_doc;

/* Reads s[0..n): UTF-8, LF line ends, no NUL; first_line is the line of
 * the file s starts on. */
void dump_read(const char *s, size_t n, size_t first_line, dump_doc *d);
void dump_free(dump_doc *d);

/* The date a line is, alone or after a label ("Published:", "Posted
 * on"), as YYYY-MM-DD in out[11]; 0 when it is not a date.  Month names in
 * English, German, French, Spanish, Italian and Dutch. */
int dump_date_line(const char *s, char out[11]);

#endif
