/*
 * links.h - the links a crawler follows, taken from one HTML page.
 *
 * The crawler hands over a response body that is already content-decoded
 * (gzip and chunking undone) but may be in any charset: libxml2's HTML
 * parser sniffs the charset (BOM, <meta charset>) and gives UTF-8, and
 * url_resolve percent-encodes what a URL cannot hold raw.  No network, no
 * printing; a page is parsed leniently, as browsers do.
 *
 * What counts as a link:
 *   <a href>                       LINK_A (rel="next"/"prev" on <a> is
 *                                  nothing special)
 *   <area href>                    LINK_AREA
 *   <link rel=next|prev|previous>  LINK_NEXT, LINK_PREV
 *   <link rel=alternate>           LINK_ALTERNATE (hreflang versions,
 *                                  feeds; not "alternate stylesheet")
 *   <link rel=canonical>           LINK_CANONICAL
 * Other <link> elements (stylesheets, icons, preloads) are resources, not
 * pages, and are left out; so are frames, images and scripts.
 *
 * Resolution.  The first <base href> of the document (in tree order, even
 * when it comes after some links, as in HTML), itself resolved against the
 * page URL, is the base; without one, or when it does not resolve to an
 * http(s) URL, the page URL is.  An href has ASCII white space trimmed and
 * tabs and line breaks inside removed (the WHATWG URL parser does the same,
 * so "java\nscript:" is still javascript:), then goes through url_resolve,
 * which normalises the result and keeps only http and https: javascript:,
 * mailto:, tel:, data:, ftp: and malformed URLs are dropped.  An empty href
 * and one that is only a fragment ("#top") point at the page itself and are
 * dropped.  Any other fragment is kept on the returned URL (percent-encoding
 * normalised); the frontier's normaliser drops it.
 *
 * Duplicates.  A URL that occurs more than once (compared without its
 * fragment) is returned once, at its first position with its first kind
 * and spelling; it becomes LINK_CANONICAL if any occurrence is canonical,
 * and it is nofollow only if every occurrence is (one followable link to a
 * page is enough to follow it).
 *
 * Nofollow.  rel tokens nofollow, ugc and sponsored (any case) set
 * link.nofollow.  <meta name="robots"> and <meta name="googlebot"> with
 * content tokens (comma or space separated) "nofollow" or "none" set
 * *page_nofollow, "noindex" or "none" set *page_noindex; the flags are
 * reported, not applied: the crawler decides what they mean for it.
 *
 * Cost.  The page is read with SAX callbacks, no tree, and at most
 * LINKS_MAX_PER_PAGE links are returned, in document order; the rest of a
 * page that has more is ignored, and out->cut says how many of its link
 * elements were (the caller warns: once a page, naming it).  Candidate
 * hrefs are kept until the page is read (a <base> may come late), at most
 * LINKS_MAX_CANDIDATES of them.
 */
#ifndef CQA_FETCH_LINKS_H
#define CQA_FETCH_LINKS_H

#include <stddef.h>

/* Links returned from one page; later ones are ignored.  A site's largest
 * index pages and HTML sitemaps list some thousands of links; a hundred
 * thousand is past any page written for people, and bounds what one page
 * adds to the crawl frontier. */
#define LINKS_MAX_PER_PAGE 100000u
/* Link elements read from one page before they are resolved: four times
 * the links kept, so a page that repeats its links (menus at the top and
 * bottom, teasers) still gives its full share of distinct ones. */
#define LINKS_MAX_CANDIDATES (4 * LINKS_MAX_PER_PAGE)

enum link_kind {
	LINK_A,
	LINK_AREA,
	LINK_NEXT,
	LINK_PREV,
	LINK_ALTERNATE,
	LINK_CANONICAL,
};

/* (link_t, not link: POSIX <unistd.h> declares a function link().) */
typedef struct link {
	char *url; /* absolute, normalised http(s) URL, fragment kept */
	enum link_kind kind;
	int nofollow; /* rel nofollow, ugc or sponsored */
} link_t;

typedef struct link_list {
	link_t *v;
	size_t n, cap;
	size_t cut; /* link elements past the caps, ignored (links_extract) */
} link_list;

#define LINK_LIST_INIT                                                         \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/* Extracts the links of len bytes of HTML (need not be NUL-terminated)
 * fetched from base_url into out, replacing what out held.  page_nofollow
 * and page_noindex (either may be NULL) get 1 or 0 from the robots meta
 * tags.  Returns 0, or -1 when libxml2 could make no document of a
 * non-empty body (or len > INT_MAX); out is then empty and the flags 0. */
int links_extract(const char *body, size_t len, const char *base_url,
                  link_list *out, int *page_nofollow, int *page_noindex);

/* "a", "area", "next", "prev", "alternate", "canonical". */
const char *link_kind_name(enum link_kind kind);

/* Appends a copy of url (no check, no deduplication). */
void link_list_add(link_list *l, const char *url, enum link_kind kind,
                   int nofollow);

/* Frees the URLs and the array; l is left empty and reusable. */
void link_list_free(link_list *l);

#endif
