/*
 * markdown.h - Markdown and plain-text drafts to docs.jsonl documents.
 *
 * Editors check drafts before they are HTML, so cqa-parse also takes
 * Markdown and plain text.  parse_text_document() is the counterpart of
 * parse_html_document(): the same keys in the same order, the bytes decoded
 * the same way, "lang" found the same way, and every block labelled
 * "content" (a draft has no page furniture).  Markdown front matter gives
 * title, description, author, published (its "date") and lang; otherwise
 * the title is the first h1 (Markdown) or a short first line (plain text).
 * Block paths name the construct the text came from:
 *
 *   plain text   "text/p"           a run of non-blank lines
 *   Markdown     "markdown/h1".."markdown/h6", "markdown/p", "markdown/li",
 *                "markdown/blockquote", "markdown/pre", "markdown/tr"
 *
 * Markdown is read by cmark, the CommonMark reference implementation, plus
 * GitHub tables and task boxes and YAML front matter; markdown_cmark.c says
 * how.  Every block has "line", the line of the file its text starts on
 * (front matter counted), and with parse_options.source_lines "lines".
 */
#ifndef CQA_PARSE_MARKDOWN_H
#define CQA_PARSE_MARKDOWN_H

#include <jansson.h>
#include <stddef.h>

#include "parse.h"

/* Returns a new docs.jsonl object for a Markdown (markdown != 0) or plain
 * text (markdown == 0) document.  content_type is info->content_type, or
 * "text/markdown" / "text/plain" when that is NULL.  Inputs longer than
 * o->max_page_bytes are cut, with a warning, as HTML pages are.  Never
 * fails on bad input (err is for the signature's sake): every byte string
 * is some text. */
json_t *parse_text_document(const parse_options *o, const char *bytes,
                            size_t len, const parse_page_info *info,
                            int markdown, cqa_error *err);

enum { TEXT_KIND_OTHER = 0, TEXT_KIND_PLAIN = 1, TEXT_KIND_MARKDOWN = 2 };

/* What a file holds, for inputs that are not WARC or gzip (check those
 * first: a WARC's head looks like text).  name is the file name or path
 * (NULL, "" or "-" when there is none, as for stdin); head is its first len
 * bytes.
 *
 *   TEXT_KIND_MARKDOWN  name ends in .md .markdown .mdown .mkd (any case)
 *   TEXT_KIND_PLAIN     name ends in .txt (any case); or there is no name
 *                       and the head, after a UTF-8 BOM and white space,
 *                       does not start with '<' and holds no NUL byte and
 *                       no other control byte but tab, line ends and ESC
 *                       (binary data is not text)
 *   TEXT_KIND_OTHER     anything else: HTML, or a name with another
 *                       extension (the HTML sniffing decides those)
 */
int parse_text_kind(const char *name, const unsigned char *head, size_t len);

#endif
