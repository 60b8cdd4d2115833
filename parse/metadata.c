/*
 * metadata.c - what a page says about itself.
 *
 * One walk over the tree collects every candidate for each field; then each
 * field takes the most reliable source present:
 *   title        og:title, else <title> without the site name, else <h1>
 *   description  <meta name=description>, else og:description
 *   author       JSON-LD author, else <meta name=author>, article:author
 *   published    JSON-LD datePublished, else article:published_time and
 *                similar meta, else the first <time datetime>
 *   lang         <html lang>, else <html xml:lang>, else <meta
 *                http-equiv=content-language>; each normalised to BCP 47
 *                case (lang.h), and a value that is no language tag
 *                ("{{lang}}", "", "und") counts as absent
 *   canonical    <link rel=canonical>
 *   noindex      <meta name=robots> (or googlebot) containing noindex/none
 * JSON-LD is parsed with jansson; a malformed block is ignored.  Its
 * longest articleBody is handed back to the caller, for extraction to fall
 * back on (pages rendered by scripts carry their text only there).
 */
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "internal.h"
#include "lang.h"

typedef struct meta {
	char *lang, *title_tag, *og_title, *h1, *description, *og_description;
	char *heading; /* the first h2 or h3, for a page without an h1 */
	char *author, *ld_author, *published, *ld_published, *time_datetime;
	char *canonical, *ld_headline;
	char *ld_body; /* the longest articleBody, as written */
	int noindex;
} meta;

/* Separators between a headline and the site name in <title>. */
static const char *const title_separators[] = {" | ",  " - ", " – ", " — ",
                                               " :: ", " · ", " / ", NULL};

/* Meta names and properties that carry the publication date. */
static const char *const date_meta_names[] = {"article:published_time",
                                              "og:published_time",
                                              "datepublished",
                                              "date",
                                              "pubdate",
                                              "publishdate",
                                              "dc.date",
                                              "dc.date.issued",
                                              "dcterms.date",
                                              "sailthru.date",
                                              "parsely-pub-date",
                                              NULL};

static void set_once(char **slot, const char *value)
{
	if (*slot || !value)
		return;
	while (*value == ' ' || *value == '\n' || *value == '\t' ||
	       *value == '\r')
		value++;
	if (!*value)
		return;
	/* Collapse white space, no-break spaces too ("Chapter&nbsp;1."),
	 * so titles spread over lines read as one and match the blocks'
	 * text. */
	buf_t b = BUF_INIT;
	int space = 0;
	for (const char *c = value; *c; c++) {
		if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r' ||
		    ((unsigned char)c[0] == 0xC2 &&
		     (unsigned char)c[1] == 0xA0)) {
			space = 1;
			c += (unsigned char)c[0] == 0xC2;
			continue;
		}
		if (space && b.len)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *c);
	}
	*slot = buf_detach(&b, NULL);
}

/* Takes a language tag only when it is one (see lang_normalize_tag). */
static void set_lang(char **slot, const char *value)
{
	char tag[64];
	if (!*slot && value && lang_normalize_tag(value, tag, sizeof tag))
		*slot = xstrdup(tag);
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(s, *list))
			return 1;
	return 0;
}

static void from_meta(meta *m, xmlNodePtr n)
{
	const char *key = html_attr(n, "name");
	if (!key)
		key = html_attr(n, "property");
	if (!key)
		key = html_attr(n, "itemprop");
	const char *content = html_attr(n, "content");
	const char *equiv = html_attr(n, "http-equiv");
	if (equiv && !strcasecmp(equiv, "content-language"))
		set_lang(&m->lang, content);
	if (!key || !content)
		return;
	if (!strcasecmp(key, "description"))
		set_once(&m->description, content);
	else if (!strcasecmp(key, "og:description"))
		set_once(&m->og_description, content);
	else if (!strcasecmp(key, "og:title"))
		set_once(&m->og_title, content);
	else if (!strcasecmp(key, "author") ||
	         !strcasecmp(key, "article:author") ||
	         !strcasecmp(key, "dc.creator"))
		set_once(&m->author, content);
	else if (in_list(key, date_meta_names))
		set_once(&m->published, content);
	else if ((!strcasecmp(key, "robots") ||
	          !strcasecmp(key, "googlebot")) &&
	         (strcasestr(content, "noindex") ||
	          strcasestr(content, "none")))
		m->noindex = 1;
}

static const char *ld_name(json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		return json_string_value(json_object_get(v, "name"));
	return NULL;
}

/* Looks through a JSON-LD value (object, array or @graph) for the first
 * object with a headline or datePublished. */
static void from_ld_value(meta *m, json_t *v, int depth)
{
	if (depth > 4)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) from_ld_value(m, e, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	json_t *graph = json_object_get(v, "@graph");
	if (graph)
		from_ld_value(m, graph, depth + 1);
	set_once(&m->ld_published,
	         json_string_value(json_object_get(v, "datePublished")));
	set_once(&m->ld_headline,
	         json_string_value(json_object_get(v, "headline")));
	set_once(&m->ld_author, ld_name(json_object_get(v, "author")));
	const char *body = json_string_value(json_object_get(v, "articleBody"));
	if (body && (!m->ld_body || strlen(body) > strlen(m->ld_body))) {
		free(m->ld_body);
		m->ld_body = xstrdup(body);
	}
}

static void from_ld_json(meta *m, xmlNodePtr script)
{
	buf_t b = BUF_INIT;
	for (xmlNodePtr c = script->children; c; c = c->next)
		if (c->content)
			buf_adds(&b, (const char *)c->content);
	json_t *v = json_loadb(buf_cstr(&b), b.len, 0, NULL);
	if (v)
		from_ld_value(m, v, 0);
	json_decref(v);
	buf_free(&b);
}

static void text_of(xmlNodePtr n, buf_t *out)
{
	xmlChar *s = xmlNodeGetContent(n);
	if (s)
		buf_adds(out, (const char *)s);
	xmlFree(s);
}

/* The text of a heading without its permalink ("¶", "#"), scripts,
 * styles and boxes nested in it: the heading as a reader sees it. */
static void heading_text(xmlNodePtr n, buf_t *out)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				buf_adds(out, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !c->name)
			continue;
		const char *name = (const char *)c->name;
		if (!strcasecmp(name, "script") || !strcasecmp(name, "style"))
			continue;
		/* a box inside the heading is not its text (Doxygen's group
		 * links under its div.title) */
		if (!strcasecmp(name, "div") || !strcasecmp(name, "ul") ||
		    !strcasecmp(name, "table"))
			continue;
		if (!strcasecmp(name, "a")) {
			xmlChar *t = xmlNodeGetContent(c);
			int furniture = rules_heading_furniture(
			    html_attr(c, "class"), html_attr(c, "title"),
			    (const char *)t);
			xmlFree(t);
			if (furniture)
				continue;
		}
		heading_text(c, out);
	}
}

/* An element whose class is "title" (Doxygen's page heading, many
 * templates' too): a heading for matching <title> on a page without an
 * <h1>, as the first h2 or h3 is. */
static int title_class(xmlNodePtr n)
{
	return rules_has_class(html_attr(n, "class"), "title");
}

/* Sets *field, when it is still unset, to the heading text of n. */
static void take_heading(char **field, xmlNodePtr n)
{
	if (*field)
		return;
	buf_t b = BUF_INIT;
	heading_text(n, &b);
	set_once(field, buf_cstr(&b));
	buf_free(&b);
}

/* The first h2 or h3, or element of class "title", before any h1. */
static int page_heading(meta *m, xmlNodePtr n, const char *name)
{
	return !m->heading && !m->h1 &&
	       (!strcasecmp(name, "h2") || !strcasecmp(name, "h3") ||
	        (n->properties && title_class(n)));
}

static void visit(meta *m, xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	/* Every element comes here: the first letter rules most out
	 * without a comparison (html, h1-h3, meta, link, title, time,
	 * script); those may still be a class "title" heading. */
	char c = (char)(name[0] | 0x20);
	if (c != 'h' && c != 'm' && c != 'l' && c != 't' && c != 's') {
		if (page_heading(m, n, name))
			take_heading(&m->heading, n);
		return;
	}
	if (!strcasecmp(name, "html")) {
		set_lang(&m->lang, html_attr(n, "lang"));
		set_lang(&m->lang, html_attr(n, "xml:lang"));
	} else if (!strcasecmp(name, "meta")) {
		from_meta(m, n);
	} else if (!strcasecmp(name, "link")) {
		const char *rel = html_attr(n, "rel");
		if (rel && !strcasecmp(rel, "canonical"))
			set_once(&m->canonical, html_attr(n, "href"));
	} else if (!strcasecmp(name, "title") && !m->title_tag) {
		buf_t b = BUF_INIT;
		text_of(n, &b);
		set_once(&m->title_tag, buf_cstr(&b));
		buf_free(&b);
	} else if (page_heading(m, n, name)) {
		take_heading(&m->heading, n);
	} else if (!strcasecmp(name, "h1")) {
		take_heading(&m->h1, n);
	} else if (!strcasecmp(name, "time")) {
		set_once(&m->time_datetime, html_attr(n, "datetime"));
	} else if (!strcasecmp(name, "script")) {
		const char *type = html_attr(n, "type");
		if (type && !strcasecmp(type, "application/ld+json"))
			from_ld_json(m, n);
	}
}

enum { TITLE_MATCH_MAX = 1024, TITLE_TAIL_MIN = 4 };

/* Does the part p[0..len) of a title name the same thing as the <h1>: one
 * holds the other, case aside ("json — JSON encoder and decoder" and the
 * <h1> "json — JSON encoder and decoder", or a part "Basic usage" of an
 * <h1> "Basic usage of the API")? */
static int part_matches_h1(const char *p, size_t len, const char *h1)
{
	size_t hl = strlen(h1);
	if (!len || !hl)
		return 0;
	if (len <= hl) {
		/* most of the <h1>, or its last words ("FromDataPoints" of
		 * "Annotation Type FromDataPoints", "Actions" of "8
		 * Actions": a kind or a number before the name) */
		if (len >= TITLE_TAIL_MIN && len < hl &&
		    h1[hl - len - 1] == ' ' &&
		    !strncasecmp(h1 + hl - len, p, len))
			return 1;
		for (size_t i = 0; i + len <= hl; i++)
			if (!strncasecmp(h1 + i, p, len))
				return len * 2 >= hl;
		return 0;
	}
	for (size_t i = 0; i + hl <= len; i++)
		if (!strncasecmp(p + i, h1, hl))
			return 1;
	return 0;
}

/* Separators that part a title from a site or manual name only when the
 * part matches the page's heading: "Arrays: GLib Reference Manual", "Assert
 * (JUnit API)".  Alone they would cut "Review: the new phone". */
static const char *const heading_separators[] = {" | ",
                                                 " - ",
                                                 " \xE2\x80\x93 ",
                                                 " \xE2\x80\x94 ",
                                                 " :: ",
                                                 " \xC2\xB7 ",
                                                 " / ",
                                                 ": ",
                                                 " (",
                                                 NULL};

/* Scans the parts of title between seps: returns the first part that
 * matches heading (may be NULL) and its length in *len, or NULL with the
 * longest part in *best and *best_len.  Each separator's next occurrence
 * is remembered and searched again only once the scan has passed it, so a
 * hostile title made of thousands of separators costs linear time, not
 * quadratic. */
static const char *scan_parts(const char *title, const char *const *seps,
                              const char *heading, size_t *len,
                              const char **best, size_t *best_len)
{
	enum { N_SEP = sizeof heading_separators / sizeof *heading_separators };
	const char *found[N_SEP];
	size_t nsep = 0;
	while (seps[nsep] && nsep < N_SEP)
		nsep++;
	for (size_t i = 0; i < nsep; i++)
		found[i] = strstr(title, seps[i]);
	*best = title;
	*best_len = 0;
	for (const char *p = title;;) {
		const char *next = NULL;
		size_t sep_len = 0;
		for (size_t i = 0; i < nsep; i++) {
			if (found[i] && found[i] < p)
				found[i] = strstr(p, seps[i]);
			const char *q = found[i];
			if (q && (!next || q < next)) {
				next = q;
				sep_len = strlen(seps[i]);
			}
		}
		size_t n = next ? (size_t)(next - p) : strlen(p);
		/* "Assert (JUnit API)": the last part's ")" is the
		 * separator's */
		if (!next && n && p[n - 1] == ')' && p > title &&
		    !memchr(p, '(', n))
			n--;
		if (heading && part_matches_h1(p, n, heading)) {
			*len = n;
			return p;
		}
		if (n > *best_len) {
			*best = p;
			*best_len = n;
		}
		if (!next)
			return NULL;
		p = next + sep_len;
	}
}

/* "Headline | Site" -> "Headline": the part that matches the page's
 * heading (the <h1>, else its first h2 or h3) -- the heading itself when
 * it says more ("Assert" of "Class Assert") -- else the longest part. */
static char *clean_title(const char *title, const char *h1, const char *heading)
{
	if (!title)
		return NULL;
	if (h1 && strstr(title, h1))
		return xstrdup(h1);
	/* parts against a heading cost their length times its: only for
	 * titles and headings of a sensible size */
	if (!h1)
		h1 = heading;
	int ok = h1 && strlen(title) <= TITLE_MATCH_MAX &&
	         strlen(h1) <= TITLE_MATCH_MAX;
	const char *best, *p;
	size_t best_len, n;
	p = scan_parts(title, title_separators, ok ? h1 : NULL, &n, &best,
	               &best_len);
	/* the finer parting when it matches the heading more closely
	 * ("GDBusMenuModel: GIO Reference Manual" holds "GDBusMenuModel"
	 * whole, but its part before ": " is it) */
	const char *q, *b2;
	size_t n2, b2_len, hl = ok ? strlen(h1) : 0;
	if (ok && (!p || n > hl) &&
	    (q = scan_parts(title, heading_separators, h1, &n2, &b2,
	                    &b2_len)) != NULL &&
	    (!p || (n2 > hl ? n2 - hl : hl - n2) < n - hl)) {
		p = q;
		n = n2;
	}
	if (p)
		return n < strlen(h1) ? xstrdup(h1) : xstrndup(p, n);
	return xstrndup(best, best_len);
}

static void put(json_t *doc, const char *key, const char *value)
{
	json_object_set_new(doc, key, value ? json_string(value) : json_null());
}

void metadata_collect(htmlDocPtr html, json_t *doc, char **article_body)
{
	meta m;
	memset(&m, 0, sizeof m);
	xmlNodePtr root = xmlDocGetRootElement(html);
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->name)
			visit(&m, n);
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	char *title = m.og_title    ? xstrdup(m.og_title)
	              : m.title_tag ? clean_title(m.title_tag, m.h1, m.heading)
	              : m.ld_headline ? xstrdup(m.ld_headline)
	              : m.h1          ? xstrdup(m.h1)
	                              : NULL;
	put(doc, "lang", m.lang);
	put(doc, "title", title);
	put(doc, "description",
	    m.description ? m.description : m.og_description);
	put(doc, "author", m.ld_author ? m.ld_author : m.author);
	put(doc, "published",
	    m.ld_published ? m.ld_published
	    : m.published  ? m.published
	                   : m.time_datetime);
	put(doc, "canonical", m.canonical);
	json_object_set_new(doc, "noindex", json_boolean(m.noindex));
	free(title);
	if (article_body)
		*article_body = m.ld_body;
	else
		free(m.ld_body);
	char **fields[] = {&m.lang,         &m.title_tag,     &m.og_title,
	                   &m.h1,           &m.description,   &m.og_description,
	                   &m.author,       &m.ld_author,     &m.published,
	                   &m.ld_published, &m.time_datetime, &m.canonical,
	                   &m.ld_headline,  &m.heading};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		free(*fields[i]);
}
