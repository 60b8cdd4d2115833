/*
 * sitemap.c - sitemap parsing (see sitemap.h for the formats and limits).
 *
 * gzip is undone by http_decode_body: a sitemap.xml.gz is a body with
 * "Content-Encoding: gzip" minus the HTTP around it, and that decoder
 * already stops at an output cap, which is what keeps a gzip bomb small.
 *
 * XML goes through libxml2's tree parser with no network, no DTD loading
 * and no entity substitution.  That alone does not rule out the "billion
 * laughs": libxml2 still parses an entity's replacement text when it meets
 * a reference, and a reader asking for a node's content would expand it.
 * Sitemaps never need entities (the five predefined ones and character
 * references are not declared, and keep working), so the SAX hook for
 * entity declarations stops the parser at the first one and the document
 * is refused before any reference is seen.  <loc> text is read from its
 * text and CDATA children only, never through entity references.
 */
#include "sitemap.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/http.h"
#include "../common/url.h"

/* The input's name in error messages. */
static const char *name_of(const char *sitemap_url)
{
	return sitemap_url ? sitemap_url : "sitemap";
}

/* Inflates gzip data into out, at most SITEMAP_MAX_BYTES.  Returns 0 or
 * -1 with err set. */
static int gunzip(const char *data, size_t len, const char *name, buf_t *out,
                  cqa_error *err)
{
	static const char hdr[] = "Content-Encoding: gzip\r\n";
	http_response r = {200, hdr, sizeof hdr - 1,
	                   (const unsigned char *)data, len};
	cqa_error e;
	cqa_error_clear(&e);
	if (!http_decode_body(&r, SITEMAP_MAX_BYTES, out, &e))
		return 0;
	if (e.code == CQA_ERR_LIMIT)
		cqa_fail(err, CQA_ERR_LIMIT,
		         "%s: larger than %u bytes once uncompressed (the "
		         "sitemaps.org limit); split it into several sitemaps",
		         name, SITEMAP_MAX_BYTES);
	else
		cqa_fail(err, e.code, "%s: %s", name, e.msg);
	return -1;
}

/* Resolves one entry and adds it unless the list is full or the URL is
 * not http(s). */
static void add_entry(link_list *l, const char *base, const char *ref,
                      buf_t *tmp)
{
	buf_reset(tmp);
	if (l->n < SITEMAP_MAX_URLS && url_resolve(base, ref, tmp) == 0)
		link_list_add(l, tmp->data, LINK_A, 0);
}

/* --- text ----------------------------------------------------------------- */

static int parse_text(const char *p, size_t len, const char *base,
                      const char *name, link_list *urls, cqa_error *err)
{
	const char *end = p + len;
	buf_t line = BUF_INIT, tmp = BUF_INIT;
	int nonblank = 0, urls_seen = 0;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3; /* UTF-8 byte order mark */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p;
		p = nl ? nl + 1 : end;
		while (s < e && (unsigned char)*s <= ' ')
			s++;
		while (e > s && (unsigned char)e[-1] <= ' ')
			e--;
		if (s == e)
			continue;
		nonblank = 1;
		buf_reset(&line);
		buf_add(&line, s, (size_t)(e - s));
		if (memchr(s, '\0', (size_t)(e - s)) ||
		    (strncasecmp(line.data, "http://", 7) &&
		     strncasecmp(line.data, "https://", 8)))
			continue;
		urls_seen = 1;
		add_entry(urls, base, line.data, &tmp);
	}
	buf_free(&line);
	buf_free(&tmp);
	if (nonblank && !urls_seen) {
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s: neither XML nor a list of http(s) URLs", name);
		return -1;
	}
	return 0;
}

/* --- XML ------------------------------------------------------------------ */

/* SAX entityDecl: any declaration ends the parse (see the top comment). */
static void refuse_entity(void *ctx, const xmlChar *name, int type,
                          const xmlChar *public_id, const xmlChar *system_id,
                          xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	*(int *)c->_private = 1;
	xmlStopParser(c);
}

/* Drops an error report; see read_xml. */
static void ignore_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* The parsed document, or NULL when it is not well-formed or declares
 * entities (*entities then 1). */
static xmlDoc *read_xml(const char *data, size_t len, int *entities)
{
	xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(data, (int)len);
	xmlDoc *doc;
	if (!c)
		return NULL;
	xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                         XML_PARSE_NOWARNING);
	c->sax->entityDecl = refuse_entity;
	c->_private = entities;
	/* libxml2 reports some errors (a failed charset conversion, as for
	 * "<" followed by NUL bytes, read as UCS-4) to the thread's handler
	 * instead of the context's, past XML_PARSE_NOERROR, and the default
	 * handler prints them on stderr.  The parse fails all the same, and
	 * the caller says so in one line. */
	xmlStructuredErrorFunc saved = xmlStructuredError;
	void *saved_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(NULL, ignore_error);
	xmlParseDocument(c);
	xmlSetStructuredErrorFunc(saved_ctx, saved);
	doc = c->myDoc;
	c->myDoc = NULL;
	if (!c->wellFormed || *entities) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(c);
	return doc;
}

static int is_named(const xmlNode *n, const char *name, const xmlNode *root)
{
	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
		return 0;
	if (!n->ns || !root->ns)
		return !n->ns && !root->ns;
	return xmlStrEqual(n->ns->href, root->ns->href);
}

/* The first <loc> child of entry, text and CDATA joined, into out. */
static int loc_of(const xmlNode *entry, const xmlNode *root, buf_t *out)
{
	buf_reset(out);
	for (const xmlNode *n = entry->children; n; n = n->next) {
		if (!is_named(n, "loc", root))
			continue;
		for (const xmlNode *t = n->children; t; t = t->next)
			if ((t->type == XML_TEXT_NODE ||
			     t->type == XML_CDATA_SECTION_NODE) &&
			    t->content)
				buf_adds(out, (const char *)t->content);
		return out->data != NULL;
	}
	return 0;
}

static int parse_xml(const char *data, size_t len, const char *base,
                     const char *name, link_list *urls, link_list *sitemaps,
                     cqa_error *err)
{
	int entities = 0;
	xmlDoc *doc = read_xml(data, len, &entities);
	if (!doc) {
		if (entities)
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s: declares XML entities, which no sitemap "
			         "needs; refused",
			         name);
		else
			cqa_fail(err, CQA_ERR_FORMAT, "%s: not well-formed XML",
			         name);
		return -1;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	const char *entry = NULL;
	link_list *out = NULL;
	if (root && is_named(root, "urlset", root))
		entry = "url", out = urls;
	else if (root && is_named(root, "sitemapindex", root))
		entry = "sitemap", out = sitemaps;
	if (!out) {
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s: root element <%s> is neither <urlset> nor "
		         "<sitemapindex>",
		         name, root ? (const char *)root->name : "");
		xmlFreeDoc(doc);
		return -1;
	}
	buf_t loc = BUF_INIT, tmp = BUF_INIT;
	for (xmlNode *n = root->children; n && out->n < SITEMAP_MAX_URLS;
	     n = n->next)
		if (is_named(n, entry, root) && loc_of(n, root, &loc))
			add_entry(out, base, loc.data, &tmp);
	buf_free(&loc);
	buf_free(&tmp);
	xmlFreeDoc(doc);
	return 0;
}

/* --- entry point ---------------------------------------------------------- */

/* 1 if the data is XML rather than a text sitemap. */
static int looks_xml(const unsigned char *p, size_t len)
{
	if (len >= 2 &&
	    ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return 1; /* UTF-16 byte order mark */
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3, len -= 3;
	while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, len--;
	return len && *p == '<';
}

int sitemap_parse(const char *data, size_t len, const char *sitemap_url,
                  link_list *urls, link_list *sitemaps, cqa_error *err)
{
	const char *name = name_of(sitemap_url);
	buf_t plain = BUF_INIT;
	int rc;
	link_list_free(urls);
	link_list_free(sitemaps);
	if (len >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b) {
		if (gunzip(data, len, name, &plain, err) < 0) {
			buf_free(&plain);
			return -1;
		}
		data = buf_cstr(&plain);
		len = plain.len;
	} else if (len > SITEMAP_MAX_BYTES) {
		cqa_fail(err, CQA_ERR_LIMIT,
		         "%s: larger than %u bytes (the sitemaps.org limit); "
		         "split it into several sitemaps",
		         name, SITEMAP_MAX_BYTES);
		return -1;
	}
	if (looks_xml((const unsigned char *)data, len))
		rc = parse_xml(data, len, sitemap_url, name, urls, sitemaps,
		               err);
	else
		rc = parse_text(data, len, sitemap_url, name, urls, err);
	buf_free(&plain);
	if (rc < 0) {
		link_list_free(urls);
		link_list_free(sitemaps);
	}
	return rc;
}
