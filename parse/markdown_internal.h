/*
 * markdown_internal.h - the pieces of the Markdown and plain-text reader,
 * shared between its files and not part of markdown.h.
 *
 *   markdown.c         documents: decoding, front matter, plain text,
 *                      blocks to docs.jsonl, sniffing
 *   markdown_blocks.c  Markdown block structure: lines to raw blocks
 *   markdown_inline.c  Markdown inline markup: a raw block to its text
 *
 * Two phases, as in CommonMark implementations: the block structure is
 * read first, line by line, into raw blocks (the source text of each
 * paragraph, heading, item... with container markers removed); then each
 * block's inline markup is rendered.  Links to reference definitions need
 * the first phase to finish before the second starts.
 */
#ifndef CQA_PARSE_MARKDOWN_INTERNAL_H
#define CQA_PARSE_MARKDOWN_INTERNAL_H

#include <stddef.h>

#include "../common/buf.h"

/* ---- raw blocks (markdown.c, markdown_blocks.c) ---- */

enum md_kind {
	MD_TEXT, /* a plain-text paragraph: white space collapsed only */
	MD_P,    /* the rest are Markdown; their text is inline markup */
	MD_H1,   /* MD_H1 + level - 1 for h1..h6 */
	MD_H2,
	MD_H3,
	MD_H4,
	MD_H5,
	MD_H6,
	MD_LI,    /* text of a list item */
	MD_QUOTE, /* text inside a block quote */
	MD_PRE,   /* code: kept verbatim, newlines and all */
	MD_TR,    /* table row: cells separated by MD_CELL_SEP */
	MD__KINDS
};

/* Separates table cells in a raw MD_TR block; 0xFE never occurs in UTF-8. */
#define MD_CELL_SEP '\xFE'

typedef struct md_raw {
	int kind;        /* enum md_kind */
	size_t off, len; /* source text in md_blocks.raw */
} md_raw;

typedef struct md_blocks {
	buf_t raw; /* every block's source text, one after the other */
	md_raw *v;
	size_t n, cap;
} md_blocks;

/* Adds a block of kind holding raw[off..raw.len), unless that is empty. */
void md_blocks_end(md_blocks *b, int kind, size_t off);

/* ---- inline rendering (markdown_inline.c) ---- */

/* One block's text, built by the calls below. */
typedef struct md_text {
	buf_t text;        /* UTF-8, white space collapsed, trimmed */
	size_t chars;      /* code points in text */
	size_t link_chars; /* code points of text inside links */
	int space;         /* a space is due before the next character */
	int space_link;    /* ... and it is inside a link */
} md_text;

/* Empties t for the next block, keeping its memory. */
void md_text_reset(md_text *t);
/* Appends plain text (no markup) with white space collapsed. */
void md_text_plain(md_text *t, const char *s, size_t len);
/* Ends a piece (a table cell): the next text is set off by a space. */
void md_text_sep(md_text *t);

/* Scratch memory and the document's link labels, reused for every block
 * of one document. */
typedef struct md_inline md_inline;

md_inline *md_inline_new(void);
void md_inline_free(md_inline *m);

/* A reference definition ("[label]: url") makes "[text][label]" and
 * "[label]" links; without one they stay text, as in CommonMark.  Add all
 * labels, then call md_inline_labels_done() before rendering. */
void md_inline_add_label(md_inline *m, const char *label, size_t len);
void md_inline_labels_done(md_inline *m);

/* Renders inline Markdown src and appends it to t: emphasis and code
 * markers dropped, links and images reduced to their text, HTML tags
 * removed, escapes and entities resolved, white space collapsed. */
void md_inline_render(md_inline *m, const char *src, size_t len, md_text *t);

/* ---- block structure (markdown_blocks.c) ---- */

/* Reads Markdown s[0..n) (LF line ends, no NUL) into blocks; reference
 * definitions go to inl as labels. */
void md_parse_blocks(const char *s, size_t n, md_blocks *out, md_inline *inl);

#endif
