/*
 * robots.h - robots.txt rules (RFC 9309) for the crawler, no network.
 *
 * The crawler fetches /robots.txt of each host itself and hands the body
 * here; this module only parses and answers "may I fetch this path?".  The
 * HTTP outcome decides which constructor to use (RFC 9309 section 2.3.1):
 * 2xx -> robots_parse(), 4xx -> robots_allow_all(), 5xx or unreachable ->
 * robots_disallow_all().
 *
 * Parsing.  Lines are "key: value # comment"; keys are case-insensitive,
 * the colon may be missing ("Disallow /x"), leading white space, CR, LF and
 * CRLF line ends and a UTF-8 byte order mark are fine, unknown keys are
 * skipped.  Only the first ROBOTS_MAX_BYTES of the file are read (the RFC
 * asks crawlers to parse at least 500 KiB and lets them ignore the rest) and
 * at most ROBOTS_MAX_RULES rules are kept, so a hostile file costs bounded
 * memory and time.
 *
 * Groups.  A group is one or more User-agent lines followed by rules.  The
 * product token of a User-agent value is its leading run of letters, '-'
 * and '_' ("cqa/1.0" -> "cqa"); a group applies when that token equals the
 * crawler's token, ignoring case.  All such groups are merged; only when
 * there is none do the "*" groups (merged likewise) apply; with neither,
 * everything is allowed.  A matching group with no rules still wins over
 * "*": it means the site allows that crawler everything.
 *
 * Rules.  Allow/Disallow values are path patterns: '*' matches any run of
 * octets, a final '$' anchors at the end, anything else matches
 * literally and case-sensitively, and a pattern without '$' matches any
 * path that starts like it.  The longest matching pattern (in octets)
 * decides; on a tie Allow wins; no match means allowed.  An empty value is
 * no rule at all (so "Disallow:" allows everything).  "/robots.txt" itself
 * is always allowed.  Patterns and paths are compared after the same
 * normalisation: %XX escapes of unreserved characters (RFC 3986: letters,
 * digits, - . _ ~) are decoded, other escapes get upper-case hex, and octets
 * above 0x7F are percent-encoded, so "/a%2Db" equals "/a-b" and a raw UTF-8
 * pattern matches the escaped URL.  Matching is iterative, O(len(pattern) *
 * len(path)) at worst, however many '*' a pattern has.
 *
 * Crawl-delay (not in the RFC, widely used) is taken from the chosen group:
 * the first valid non-negative decimal number.  Sitemap lines are collected
 * from anywhere in the file, in order.
 */
#ifndef CQA_FETCH_ROBOTS_H
#define CQA_FETCH_ROBOTS_H

#include <stddef.h>

/* Bytes of a robots.txt that are parsed; the rest is ignored. */
#define ROBOTS_MAX_BYTES (500u * 1024u)
/* Allow/Disallow rules kept for the chosen groups; later ones are ignored. */
#define ROBOTS_MAX_RULES 10000u

typedef struct robots robots;

/* Parses len bytes of text (need not be NUL-terminated) for the crawler
 * whose product token is user_agent_token (e.g. "cqa"; anything after the
 * token, like "/1.0", is ignored; NULL means only "*" groups apply).  Never
 * fails: garbage yields a set that allows everything. */
robots *robots_parse(const char *text, size_t len,
                     const char *user_agent_token);
/* For a 4xx robots.txt: everything may be fetched. */
robots *robots_allow_all(void);
/* For a 5xx or unreachable robots.txt: nothing but /robots.txt may be. */
robots *robots_disallow_all(void);

/* 1 if path_and_query (as it appears in the URL: "/a/b?x=1"; "" counts as
 * "/") may be fetched, 0 if not. */
int robots_allowed(const robots *r, const char *path_and_query);
/* robots_allowed() for the "/path?query" of an absolute http(s) URL. */
int robots_allowed_url(const robots *r, const char *url);
/* Seconds between requests asked for by the chosen group, -1 if none. */
double robots_crawl_delay(const robots *r);
/* Number of Sitemap URLs; *out gets the array, owned by r (valid until
 * robots_free). */
size_t robots_sitemaps(const robots *r, const char ***out);
void robots_free(robots *r);

#endif
