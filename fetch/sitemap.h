/*
 * sitemap.h - sitemaps and sitemap indexes (sitemaps.org), no network.
 *
 * The crawler fetches a sitemap (from robots.txt, or given by the user)
 * and hands the body here; this module returns the page URLs it lists, or
 * for an index, the URLs of the sitemaps it lists.  Formats:
 *   XML   <urlset><url><loc>  and  <sitemapindex><sitemap><loc>; with the
 *         sitemaps.org namespace, another one or none: the <loc> must be a
 *         direct child of a <url>/<sitemap> in the root's namespace, so
 *         extension elements (<image:loc> inside <image:image>) are not
 *         taken for pages.  The root decides which list is filled.
 *   text  one absolute http(s) URL a line (CR LF or LF); blank lines
 *         and lines that are not an http:// or https:// URL are skipped.
 * The input is XML when its first byte after a UTF-8 byte order mark and
 * white space is '<' (or it starts with a UTF-16 byte order mark), else
 * text.  gzip input is recognised by its magic bytes (1f 8b), whatever the
 * file name or Content-Type said, and inflated first.
 *
 * Untrusted input: sitemaps.org caps a sitemap at 50 MB uncompressed, and
 * so does SITEMAP_MAX_BYTES: longer input is refused, and gzip input is
 * inflated only up to the cap, so a gzip bomb costs at most that much
 * memory and time.  XML is parsed with no network and no DTD loading, and
 * a document that declares entities (the only way to the "billion laughs"
 * expansion) is refused as soon as the parser meets the declaration.  At
 * most SITEMAP_MAX_URLS entries are returned; later ones are ignored
 * (sitemaps.org allows 50,000 a file).
 *
 * <loc> values (and text lines) are resolved against the sitemap's URL and
 * normalised with url_resolve, so relative ones (not allowed by the
 * protocol, common in the wild) work; only http and https URLs are kept.
 * Entries come out in document order with kind LINK_A and nofollow 0,
 * duplicates included.  Whether a listed URL is on the sitemap's host (the
 * protocol's cross-submission rule) is the crawler's decision.
 */
#ifndef CQA_FETCH_SITEMAP_H
#define CQA_FETCH_SITEMAP_H

#include <stddef.h>

#include "../common/error.h"
#include "links.h"

/* Largest sitemap accepted, uncompressed (sitemaps.org: 52,428,800 bytes). */
#define SITEMAP_MAX_BYTES (50u * 1024u * 1024u)
/* Entries returned from one sitemap; sitemaps.org allows 50,000. */
#define SITEMAP_MAX_URLS 50000u

/* Parses len bytes (need not be NUL-terminated) fetched from sitemap_url
 * into urls (the pages of a <urlset> or text sitemap) and sitemaps (the
 * sitemaps of a <sitemapindex>), replacing what both held; sitemap_url may
 * be NULL when every <loc> is absolute.  Empty input is a sitemap with no
 * entries.  Returns 0, or -1 with err set and both lists empty:
 * CQA_ERR_LIMIT for input past SITEMAP_MAX_BYTES (compressed or not),
 * CQA_ERR_FORMAT for corrupt gzip, XML that is not well-formed, declares
 * entities or has another root element, and text with no URL at all. */
int sitemap_parse(const char *data, size_t len, const char *sitemap_url,
                  link_list *urls, link_list *sitemaps, cqa_error *err);

#endif
