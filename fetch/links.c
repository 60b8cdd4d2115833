/*
 * links.c - links of an HTML page (see links.h for the rules).
 *
 * libxml2's HTML parser builds the tree (it copes with tag soup and sniffs
 * the charset); this file only walks it, twice.  The first walk finds the
 * base and the robots meta tags, which HTML applies to the whole document
 * wherever they stand; the second resolves links against that base.  Both
 * move by children/next/parent pointers, so a page nested 100,000 deep
 * costs no stack.
 *
 * Duplicates are caught with an open-addressing hash set of indexes into
 * the output list, keyed by the URL without its fragment: url_resolve has
 * already normalised it, so "/a", "./a" and "HTTP://Host/a" meet there.
 */
#include "links.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/url.h"

/* rel tokens that make a <link> a page link, in priority order, so the
 * rare <link rel="canonical alternate"> counts as canonical. */
static const struct {
	const char *token;
	enum link_kind kind;
} link_rels[] = {
    {"canonical", LINK_CANONICAL}, {"next", LINK_NEXT},
    {"prev", LINK_PREV},           {"previous", LINK_PREV},
    {"alternate", LINK_ALTERNATE},
};

/* rel tokens that make a <link> a resource even beside a page token:
 * "alternate stylesheet" is a style sheet, "alternate icon" a favicon. */
static const char *const resource_rels[] = {"stylesheet", "icon"};

/* rel tokens by which a page declines to vouch for a link: nofollow, and
 * since 2019 ugc (user content) and sponsored (paid), which search engines
 * treat as nofollow too. */
static const char *const nofollow_rels[] = {"nofollow", "ugc", "sponsored"};

/* <meta name> values whose content is read as robots directives: the
 * generic one, and Google's, which many sites use alone. */
static const char *const robots_metas[] = {"robots", "googlebot"};

static const char *const kind_names[] = {
    [LINK_A] = "a",
    [LINK_AREA] = "area",
    [LINK_NEXT] = "next",
    [LINK_PREV] = "prev",
    [LINK_ALTERNATE] = "alternate",
    [LINK_CANONICAL] = "canonical",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *link_kind_name(enum link_kind kind)
{
	return (unsigned)kind < COUNT(kind_names) ? kind_names[kind] : "?";
}

void link_list_add(link_list *l, const char *url, enum link_kind kind,
                   int nofollow)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (link_t){xstrdup(url), kind, nofollow};
}

void link_list_free(link_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].url);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	l->cut = 0;
}

/* --- token lists ("nofollow noopener", "noindex, nofollow") ------------- */

static int is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == ',';
}

/* 1 if the list holds tok, ignoring case; NULL list holds nothing. */
static int has_token(const xmlChar *list, const char *tok)
{
	const char *s = (const char *)list;
	size_t n = strlen(tok);
	while (s && *s) {
		while (is_sep(*s))
			s++;
		size_t len = 0;
		while (s[len] && !is_sep(s[len]))
			len++;
		if (len == n && !strncasecmp(s, tok, n))
			return 1;
		s += len;
	}
	return 0;
}

static int has_any(const xmlChar *list, const char *const *toks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (has_token(list, toks[i]))
			return 1;
	return 0;
}

/* --- the set of URLs already returned ------------------------------------- */

typedef struct seen_set {
	size_t *slot; /* index into the list + 1; 0 is empty */
	size_t cap;   /* a power of two */
} seen_set;

/* Bytes of url before its fragment: the part two links must share. */
static size_t key_len(const char *url)
{
	return strcspn(url, "#");
}

static size_t hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u; /* 64-bit FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (size_t)h;
}

/* Index of the link with this key, or SIZE_MAX. */
static size_t seen_find(const seen_set *s, const link_list *l, const char *k,
                        size_t klen)
{
	if (!s->cap)
		return SIZE_MAX;
	for (size_t i = hash(k, klen) & (s->cap - 1);;
	     i = (i + 1) & (s->cap - 1)) {
		size_t at = s->slot[i];
		if (!at)
			return SIZE_MAX;
		const char *u = l->v[at - 1].url;
		if (key_len(u) == klen && !memcmp(u, k, klen))
			return at - 1;
	}
}

static void seen_put(seen_set *s, const link_list *l, size_t idx)
{
	const char *u = l->v[idx].url;
	size_t i = hash(u, key_len(u)) & (s->cap - 1);
	while (s->slot[i])
		i = (i + 1) & (s->cap - 1);
	s->slot[i] = idx + 1;
}

/* Records the last link of l, growing the table to stay under half full. */
static void seen_add(seen_set *s, const link_list *l)
{
	if (l->n * 2 > s->cap) {
		free(s->slot);
		s->cap = s->cap ? s->cap * 2 : 64;
		s->slot = xcalloc(s->cap, sizeof(*s->slot));
		for (size_t i = 0; i + 1 < l->n; i++)
			seen_put(s, l, i);
	}
	seen_put(s, l, l->n - 1);
}

/* --- one page ------------------------------------------------------------ */

typedef struct page {
	const char *base; /* resolved base, or the page URL */
	link_list *out;
	seen_set seen;
	buf_t href, url;
} page;

/* Copies href without tabs and line breaks and without leading and
 * trailing C0 controls and spaces, as the WHATWG URL parser reads it. */
static void clean_href(const char *s, buf_t *out)
{
	buf_reset(out);
	while (*s && (unsigned char)*s <= 0x20)
		s++;
	for (; *s; s++)
		if (*s != '\t' && *s != '\n' && *s != '\r')
			buf_addc(out, *s);
	while (out->len && (unsigned char)out->data[out->len - 1] <= 0x20)
		buf_truncate(out, out->len - 1);
}

/* Adds one link; 0, or -1 when the list is full. */
static int add_link(page *p, const xmlChar *href, enum link_kind kind,
                    int nofollow)
{
	clean_href((const char *)href, &p->href);
	const char *h = buf_cstr(&p->href);
	if (!*h || *h == '#')
		return 0;
	buf_reset(&p->url);
	if (url_resolve(p->base, h, &p->url) < 0)
		return 0;
	size_t i = seen_find(&p->seen, p->out, p->url.data, p->url.len);
	if (i != SIZE_MAX) {
		if (kind == LINK_CANONICAL)
			p->out->v[i].kind = LINK_CANONICAL;
		if (!nofollow)
			p->out->v[i].nofollow = 0;
		return 0;
	}
	if (p->out->n >= LINKS_MAX_PER_PAGE)
		return -1;
	/* url_resolve drops the fragment; the reference's own is put back
	 * (RFC 3986 5.2.2: the target's fragment is always the
	 * reference's). */
	const char *frag = strchr(h, '#');
	if (frag && frag[1]) {
		buf_addc(&p->url, '#');
		url_normalize_percent(frag + 1, strlen(frag + 1), ":@/?",
		                      &p->url);
	}
	link_list_add(p->out, p->url.data, kind, nofollow);
	seen_add(&p->seen, p->out);
	return 0;
}

/* The kind of an <a>, <area> or <link> element (name, lower case, as
 * libxml2's HTML parser gives it); -1 for anything else, including
 * resource <link>s. */
static int kind_of(const char *name, const xmlChar *rel)
{
	if (!strcmp(name, "a"))
		return LINK_A;
	if (!strcmp(name, "area"))
		return LINK_AREA;
	if (strcmp(name, "link") ||
	    has_any(rel, resource_rels, COUNT(resource_rels)))
		return -1;
	for (size_t i = 0; i < COUNT(link_rels); i++)
		if (has_token(rel, link_rels[i].token))
			return (int)link_rels[i].kind;
	return -1;
}

/* --- one pass over the start tags ----------------------------------------- */

/* The page is read with SAX callbacks, start tags only: no tree is built,
 * which on large pages is most of the parser's time.  Candidate links are
 * kept in document order and resolved at the end, once the first <base
 * href> is known wherever it stood. */
typedef struct candidate {
	char *href;
	int kind;
	int nofollow;
} candidate;

typedef struct collector {
	const char *page_url;
	char *base; /* the first <base href>, resolved, or NULL */
	int base_seen;
	int nofollow, noindex; /* from <meta name=robots> */
	candidate *v;
	size_t n, cap;
	size_t dropped; /* past LINKS_MAX_CANDIDATES */
} collector;

/* The value of attribute name, "" for one without a value, NULL when
 * absent. */
static const xmlChar *attr(const xmlChar **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (xmlStrEqual(atts[0], BAD_CAST name))
			return atts[1] ? atts[1] : BAD_CAST "";
	return NULL;
}

static void on_start_element(void *ud, const xmlChar *xname,
                             const xmlChar **atts)
{
	collector *c = ud;
	const char *name = (const char *)xname;
	if (!strcmp(name, "base")) {
		const xmlChar *href = attr(atts, "href");
		/* Only the first <base href> counts, even when it does not
		 * resolve (HTML "frozen base URL"). */
		if (!href || c->base_seen)
			return;
		c->base_seen = 1;
		buf_t b = BUF_INIT;
		if (url_resolve(c->page_url, (const char *)href, &b) == 0)
			c->base = buf_detach(&b, NULL);
		buf_free(&b);
	} else if (!strcmp(name, "meta")) {
		const xmlChar *mname = attr(atts, "name");
		int robots = 0;
		for (size_t i = 0; mname && i < COUNT(robots_metas); i++)
			robots |=
			    !strcasecmp((const char *)mname, robots_metas[i]);
		if (robots) {
			const xmlChar *content = attr(atts, "content");
			int none = has_token(content, "none");
			c->nofollow |= none || has_token(content, "nofollow");
			c->noindex |= none || has_token(content, "noindex");
		}
	} else {
		const xmlChar *rel = attr(atts, "rel");
		int kind = kind_of(name, rel);
		const xmlChar *href = kind < 0 ? NULL : attr(atts, "href");
		if (!href)
			return;
		if (c->n >= LINKS_MAX_CANDIDATES) {
			c->dropped++;
			return;
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
		}
		c->v[c->n++] = (candidate){
		    xstrdup((const char *)href), kind,
		    has_any(rel, nofollow_rels, COUNT(nofollow_rels))};
	}
}

int links_extract(const char *body, size_t len, const char *base_url,
                  link_list *out, int *page_nofollow, int *page_noindex)
{
	link_list_free(out);
	if (page_nofollow)
		*page_nofollow = 0;
	if (page_noindex)
		*page_noindex = 0;
	if (!len)
		return 0;
	if (len > INT_MAX)
		return -1;
	/* As htmlReadMemory() does it, with our handler in place of the
	 * tree builder; libxml2 sniffs the charset (BOM, <meta charset>). */
	htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(body, (int)len);
	if (!ctxt)
		return -1;
	collector c = {.page_url = base_url};
	memset(ctxt->sax, 0, sizeof *ctxt->sax);
	ctxt->sax->startElement = on_start_element;
	ctxt->userData = &c;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                             XML_PARSE_HUGE);
	htmlParseDocument(ctxt);
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	htmlFreeParserCtxt(ctxt);

	page p = {
	    c.base ? c.base : base_url, out, {NULL, 0}, BUF_INIT, BUF_INIT};
	size_t cut = c.dropped;
	for (size_t i = 0; i < c.n; i++) {
		if (add_link(&p, BAD_CAST c.v[i].href,
		             (enum link_kind)c.v[i].kind, c.v[i].nofollow) < 0)
			cut++;
		free(c.v[i].href);
	}
	out->cut = cut;
	free(c.v);
	free(p.seen.slot);
	buf_free(&p.href);
	buf_free(&p.url);
	free(c.base);
	if (page_nofollow)
		*page_nofollow = c.nofollow;
	if (page_noindex)
		*page_noindex = c.noindex;
	return 0;
}
