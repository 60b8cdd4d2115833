/*
 * parse.c - one HTML page to one docs.jsonl document.
 *
 * Bytes are decoded to UTF-8 here (decode.c) rather than by libxml2, so
 * charset decisions follow browser rules and bad bytes become U+FFFD instead
 * of stopping the parser.  libxml2 then parses in recover mode with network
 * access and entity loading off: pages are untrusted input.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "internal.h"
#include "lang.h"
#include "markdown.h"
#include "parse.h"

/* 64 MiB: larger than any real article page; bigger inputs are cut so a
 * hostile page cannot make one document unbounded. */
enum { DEFAULT_MAX_PAGE_BYTES = 64 << 20 };
/* 256 MiB: WARC blocks above this are skipped, not buffered. */
enum { DEFAULT_MAX_RECORD_BYTES = 256 << 20 };

/* Blocks a document lists; the rest of a page that has more is left out
 * of both "blocks" and "text".  Each costs a JSON object (a few hundred
 * bytes beside its text) until the line is written; articles have tens to
 * hundreds of blocks, the longest single-page documents some thousands. */
enum { PARSE_MAX_BLOCKS = 20000 };

void parse_options_default(parse_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_page_bytes = DEFAULT_MAX_PAGE_BYTES;
	o->max_record_bytes = DEFAULT_MAX_RECORD_BYTES;
}

void parse_global_init(void)
{
	xmlInitParser();
}

void parse_global_cleanup(void)
{
	xmlCleanupParser();
}

const char *html_attr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (a->name && !strcasecmp((const char *)a->name, name) &&
		    a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

json_t *parse_page_kind(const parse_options *o, const char *bytes, size_t len,
                        const parse_page_info *info, int kind, cqa_error *err)
{
	if (kind == PAGE_HTML)
		return parse_html_document(o, bytes, len, info, err);
	return parse_text_document(o, bytes, len, info, kind == PAGE_MARKDOWN,
	                           err);
}

size_t parse_cap_length(const parse_options *o, const parse_page_info *info,
                        size_t len)
{
	size_t cap =
	    o->max_page_bytes ? o->max_page_bytes : DEFAULT_MAX_PAGE_BYTES;
	/* libxml2 takes an int length. */
	if (cap > INT_MAX)
		cap = INT_MAX;
	if (len <= cap)
		return len;
	cqa_warn(o->log, "%s: page of %zu bytes cut to the first %zu",
	         info->source ? info->source
	         : info->url  ? info->url
	                      : "-",
	         len, cap);
	return cap;
}

static void put_str(json_t *doc, const char *key, const char *value)
{
	json_object_set_new(doc, key, value ? json_string(value) : json_null());
}

static json_t *blocks_json(const extract_result *r, size_t n,
                           const parse_options *po, buf_t *text)
{
	json_t *arr = json_array();
	/* The labels and kinds are a few strings: made once a document and
	 * shared by its blocks (jansson counts references), not allocated
	 * for each of thousands of blocks. */
	json_t *label[2] = {json_string_nocheck("boilerplate"),
	                    json_string_nocheck("content")};
	json_t *kind[KIND__COUNT];
	for (int k = 0; k < KIND__COUNT; k++)
		kind[k] = json_string_nocheck(block_kind_name(k));
	for (size_t i = 0; i < n && i < r->n; i++) {
		const text_block *b = &r->blocks[i];
		json_t *o = json_object();
		json_object_set(o, "label",
		                label[b->label == BLOCK_CONTENT ? 1 : 0]);
		/* Block text and paths come out of libxml2's tree of a UTF-8
		 * document, which is valid UTF-8: no need to check it again. */
		json_object_set_new(o, "path", json_string_nocheck(b->path));
		json_object_set(o, "kind",
		                kind[b->kind >= 0 && b->kind < KIND__COUNT
		                         ? b->kind
		                         : KIND_PARAGRAPH]);
		if (b->kind == KIND_HEADING)
			json_object_set_new(o, "level", json_integer(b->level));
		json_object_set_new(o, "text", json_string_nocheck(b->text));
		json_object_set_new(o, "chars",
		                    json_integer((json_int_t)b->code_points));
		json_object_set_new(
		    o, "link_chars",
		    json_integer((json_int_t)b->link_code_points));
		line_map_json(o, &b->lines, po->source_lines);
		if (po->explain)
			json_object_set_new(
			    o, "why", json_string(extract_why_name(b->why)));
		json_array_append_new(arr, o);
		if (b->label == BLOCK_CONTENT) {
			if (text->len)
				buf_adds(text, "\n\n");
			buf_adds(text, b->text);
		}
	}
	json_decref(label[0]);
	json_decref(label[1]);
	for (int k = 0; k < KIND__COUNT; k++)
		json_decref(kind[k]);
	return arr;
}

/* Counts the nodes libxml2's tree builder makes and stops the parser at
 * PARSE_MAX_NODES, and gives text nodes the line they start on; the
 * handlers are libxml2's own, called through. */
typedef struct node_cap {
	startElementSAXFunc start;
	commentSAXFunc comment;
	charactersSAXFunc characters, whitespace;
	size_t nodes, max;
	int cut;
} node_cap;

static void count_nodes(htmlParserCtxtPtr ctxt, size_t n)
{
	node_cap *c = ctxt->_private;
	c->nodes += n;
	if (c->nodes > c->max && !c->cut) {
		c->cut = 1;
		xmlStopParser(ctxt);
	}
}

static void capped_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr ctxt = ud;
	node_cap *c = ctxt->_private;
	size_t n = 1;
	for (const xmlChar **a = atts; a && a[0]; a += 2)
		n++;
	count_nodes(ctxt, n);
	if (!c->cut)
		c->start(ud, name, atts);
}

static void capped_comment(void *ud, const xmlChar *value)
{
	htmlParserCtxtPtr ctxt = ud;
	node_cap *c = ctxt->_private;
	count_nodes(ctxt, 1);
	if (!c->cut)
		c->comment(ud, value);
}

/* libxml2 numbers a text node with the line its parser was on when the
 * node was made, which is where the first piece of its text ended.  The
 * piece's own line ends are counted back here, so a text node carries the
 * line its text starts on, stored as libxml2 stores lines of text nodes
 * (beyond 65534 in psvi), where xmlGetLineNo() reads it. */
static void text_with_line(htmlParserCtxtPtr ctxt, charactersSAXFunc fn,
                           const xmlChar *ch, int len)
{
	xmlNodePtr parent = ctxt->node;
	xmlNodePtr before = parent ? parent->last : NULL;
	fn(ctxt, ch, len);
	xmlNodePtr t = parent ? parent->last : NULL;
	if (!t || t == before || t->type != XML_TEXT_NODE || !ctxt->input)
		return;
	long line = ctxt->input->line;
	for (int i = 0; i < len; i++)
		line -= ch[i] == '\n';
	if (line < 1)
		line = 1;
	if (line < 65535) {
		t->line = (unsigned short)line;
	} else {
		t->line = 65535;
		t->psvi = (void *)(ptrdiff_t)line;
	}
}

static void lined_characters(void *ud, const xmlChar *ch, int len)
{
	htmlParserCtxtPtr ctxt = ud;
	text_with_line(ctxt, ((node_cap *)ctxt->_private)->characters, ch, len);
}

static void lined_whitespace(void *ud, const xmlChar *ch, int len)
{
	htmlParserCtxtPtr ctxt = ud;
	text_with_line(ctxt, ((node_cap *)ctxt->_private)->whitespace, ch, len);
}

htmlDocPtr parse_read_html(const char *page, int len, const char *url,
                           size_t max, int *cut)
{
	*cut = 0;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return NULL;
	node_cap cap = {ctxt->sax->startElement,
	                ctxt->sax->comment,
	                ctxt->sax->characters,
	                ctxt->sax->ignorableWhitespace,
	                0,
	                max,
	                0};
	ctxt->_private = &cap;
	ctxt->sax->startElement = capped_start;
	if (cap.comment)
		ctxt->sax->comment = capped_comment;
	if (cap.characters)
		ctxt->sax->characters = lined_characters;
	if (cap.whitespace)
		ctxt->sax->ignorableWhitespace = lined_whitespace;
	/* HUGE lifts libxml2's nesting limit of 256, past which it drops
	 * the rest of the page; every walk in cqa is iterative, and the
	 * nodes are capped here. */
	htmlDocPtr doc = htmlCtxtReadMemory(
	    ctxt, page, len, url, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	        HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
	/* xmlStopParser() makes libxml2 drop what it built: the tree so
	 * far is what is wanted. */
	if (!doc && cap.cut) {
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	htmlFreeParserCtxt(ctxt);
	*cut = cap.cut;
	return doc;
}

json_t *parse_html_document(const parse_options *o, const char *bytes,
                            size_t len, const parse_page_info *info,
                            cqa_error *err)
{
	const char *name = info && info->source ? info->source
	                   : info && info->url  ? info->url
	                                        : "-";
	static const parse_page_info no_info;
	if (!info)
		info = &no_info;
	len = parse_cap_length(o, info, len);

	char charset[64];
	int valid_utf8;
	size_t bom = decode_detect(bytes, len, info->content_type, charset,
	                           sizeof charset, &valid_utf8);
	/* UTF-8 that is already valid goes to the parser as it is; anything
	 * else is converted (or repaired) into a buffer first. */
	buf_t utf8 = BUF_INIT;
	const char *page = bytes + bom;
	size_t page_len = len - bom;
	if (!valid_utf8 || strcasecmp(charset, "UTF-8")) {
		decode_to_utf8(page, page_len, charset, &utf8);
		page = buf_cstr(&utf8);
		page_len = utf8.len;
	}
	/* libxml2 stops at a NUL byte and drops the rest of the page;
	 * browsers skip it.  Pages padded with NULs after an image tag
	 * exist, so NULs are taken out first. */
	if (memchr(page, '\0', page_len)) {
		buf_t clean = BUF_INIT;
		for (size_t i = 0; i < page_len; i++)
			if (page[i])
				buf_addc(&clean, page[i]);
		buf_free(&utf8);
		utf8 = clean;
		page = buf_cstr(&utf8);
		page_len = utf8.len;
	}

	/* Decoding can triple the size; libxml2 takes an int. */
	if (page_len > INT_MAX)
		page_len = INT_MAX;
	size_t max_nodes = o->max_nodes ? o->max_nodes : PARSE_MAX_NODES;
	int cut = 0;
	htmlDocPtr html =
	    parse_read_html(page, (int)page_len, info->url, max_nodes, &cut);
	buf_free(&utf8);
	if (cut)
		cqa_warn(o->log,
		         "%s: more than %zu elements, attributes and comments; "
		         "the rest of the page is left out",
		         name, max_nodes);
	if (!html) {
		cqa_fail(err, CQA_ERR_FORMAT, "%s: not parseable as HTML",
		         info->source ? info->source
		         : info->url  ? info->url
		                      : "-");
		return NULL;
	}

	json_t *doc = json_object();
	put_str(doc, "url", info->url);
	put_str(doc, "final_url",
	        info->final_url ? info->final_url : info->url);
	json_object_set_new(doc, "status",
	                    info->status ? json_integer(info->status)
	                                 : json_null());
	put_str(doc, "fetched_at", info->fetched_at);
	put_str(doc, "content_type", info->content_type);
	put_str(doc, "charset", charset);
	char *article_body = NULL;
	metadata_collect(html, doc, &article_body);

	extract_result r;
	extract_blocks(html, json_string_value(json_object_get(doc, "title")),
	               o->keep_comments ? EXTRACT_KEEP_COMMENTS : 0, &r);
	/* The blocks own their text: the tree goes before the JSON comes. */
	xmlFreeDoc(html);
	extract_article_body(&r, article_body);
	free(article_body);
	size_t max_blocks = o->max_blocks ? o->max_blocks : PARSE_MAX_BLOCKS;
	if (r.n > max_blocks)
		cqa_warn(o->log,
		         "%s: %zu text blocks, more than the %zu a document "
		         "keeps; the rest of the page is left out",
		         name, r.n, max_blocks);
	buf_t text = BUF_INIT;
	json_t *blocks = blocks_json(&r, max_blocks, o, &text);
	json_object_set_new(doc, "text", json_string_nocheck(buf_cstr(&text)));
	/* No declared language: the article's own words say which. */
	if (json_is_null(json_object_get(doc, "lang"))) {
		const char *lang = lang_detect(buf_cstr(&text), text.len);
		if (lang)
			json_object_set_new(doc, "lang", json_string(lang));
	}
	json_object_set_new(doc, "blocks", blocks);
	buf_free(&text);
	extract_result_free(&r);
	return doc;
}
