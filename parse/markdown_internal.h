/*
 * markdown_internal.h - the pieces of the Markdown and plain-text reader,
 * shared between its files and not part of markdown.h.
 *
 *   markdown.c         documents: decoding, front matter, plain text,
 *                      blocks to docs.jsonl, sniffing; md_text
 *   markdown_cmark.c   Markdown: cmark's tree to blocks of text, each
 *                      with its source lines
 */
#ifndef CQA_PARSE_MARKDOWN_INTERNAL_H
#define CQA_PARSE_MARKDOWN_INTERNAL_H

#include <stddef.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "internal.h"

enum md_kind {
	MD_TEXT, /* a plain-text paragraph: white space collapsed only */
	MD_P,    /* the rest are Markdown */
	MD_H1,   /* MD_H1 + level - 1 for h1..h6 */
	MD_H2,
	MD_H3,
	MD_H4,
	MD_H5,
	MD_H6,
	MD_LI,    /* text of a list item */
	MD_QUOTE, /* text inside a block quote */
	MD_PRE,   /* code: kept verbatim, newlines and all */
	MD_TR,    /* table row: its cells' text, separated by tabs */
	MD__KINDS
};

/* One block's text, built by the calls below. */
typedef struct md_text {
	buf_t text;        /* UTF-8, white space collapsed, trimmed */
	size_t chars;      /* code points in text */
	size_t link_chars; /* code points of text inside links */
	int space;         /* a space is due before the next character */
	int space_link;    /* ... and it is inside a link */
	int tabs;          /* cells begun since the last character: the tabs
	                      due before the next one */
	size_t line;       /* source line of the next character; 0: unknown */
	line_map lines;    /* source lines of text */
} md_text;

/* Empties t for the next block, keeping its memory. */
void md_text_reset(md_text *t);
void md_text_free(md_text *t);
/* Appends s[0..len) with white space (ASCII and no-break space)
 * collapsed; link: it is link text.  Each LF in s moves t->line on. */
void md_text_add(md_text *t, const char *s, size_t len, int link);
/* Ends a piece (a table cell, a line): the next text is set off by a
 * space. */
void md_text_sep(md_text *t);
/* Starts the next cell of a table row: a tab is due before the next
 * character (one per cell begun, so an empty cell keeps its column; none
 * before the row's first cell or after its last). */
void md_text_cell(md_text *t);
/* Appends code as it is (lines and indentation kept), without the blank
 * lines around it; t->line is the line of s's first line. */
void md_text_verbatim(md_text *t, const char *s, size_t len);

/* Receives each block with text; t is reused after the call. */
typedef void (*md_block_fn)(void *ud, int kind, md_text *t);

/* What md_parse_markdown() needs besides the text. */
typedef struct md_source {
	const char *s; /* Markdown, LF line ends, no NUL, valid UTF-8 */
	size_t n;
	size_t first_line; /* the line of the file s starts on */
	size_t max_nodes;  /* cap on the nodes of an HTML block's tree */
	const cqa_log *log;
	const char *name; /* for warnings */
} md_source;

/* Reads Markdown with cmark and calls fn for each block, in document
 * order, t being the scratch text handed to fn. */
void md_parse_markdown(const md_source *src, md_text *t, md_block_fn fn,
                       void *ud);

#endif
