/*
 * trap.h - crawler traps: links a crawl could follow forever.
 *
 * A site can link to more distinct URLs than it has pages: a calendar whose
 * every month links the next, a relative link resolved against the wrong
 * base (/a/b/ -> /a/b/a/b/ -> ...), session or counter parameters.  Each of
 * those URLs answers 200, so only their shape tells them apart.  A link to
 * be queued is refused as a trap when
 *
 *   - its URL is longer than max_url_len characters;
 *   - its path has more than max_segments segments (Heritrix's
 *     TooManyPathSegmentsDecideRule);
 *   - one segment, or one sequence of segments, comes min_repeats times in
 *     a row (/a/b/a/b/a/b/: Heritrix's PathologicalPathDecideRule);
 *   - it differs from the page it was found on only in its numbers, which
 *     moved the same way (read left to right, like a page number or a
 *     date: /page/7 -> /page/8, ?month=2024-12 -> ?month=2025-01), and its
 *     discovering page was itself such a step, counter_run steps in a row;
 *   - its link depth is far beyond the usual depth of its host's pages:
 *     more than both depth_factor times and depth_margin more than the
 *     median depth of the pages queued on that host, once depth_min_urls
 *     of them are known.
 *
 * The detector only sees URLs: it is told each link before it is queued
 * and remembers, per host, the depths queued and the counter runs of the
 * URLs queued.  It never fetches, reads no clock, and keeps a few bytes a
 * queued URL (a counter run is kept only for a URL that was a counter
 * step).
 */
#ifndef CQA_FETCH_TRAP_H
#define CQA_FETCH_TRAP_H

#include "../common/buf.h"
#include "../common/url.h"

typedef struct trap_limits {
	int max_url_len;
	int max_segments;
	int min_repeats;
	int counter_run;
	int depth_min_urls;
	int depth_factor;
	int depth_margin;
} trap_limits;

/* The limits cqa-fetch uses, each with its reason in trap.c. */
extern const trap_limits trap_default_limits;

enum trap_kind {
	TRAP_NONE = 0,
	TRAP_TOO_LONG,
	TRAP_TOO_MANY_SEGMENTS,
	TRAP_REPEATED_SEGMENTS,
	TRAP_COUNTER,
	TRAP_DEPTH,
};

typedef struct trap_detector trap_detector;

/* lim NULL: trap_default_limits.  norm: how the crawl normalises URLs
 * (the discovering page's URL is looked up normalised); may be NULL. */
trap_detector *trap_new(const trap_limits *lim, const url_norm_options *norm);
void trap_free(trap_detector *t);

/* Judges url (normalised, http or https, not queued before), found at
 * depth on the page from (its final URL; NULL for none).  No trap: the URL
 * is remembered as queued and TRAP_NONE returned.  A trap: its enum
 * trap_kind, why (replacing what it held) names the pattern
 * ("numeric counter in /page/N grew 50 times in a row"), and *first is 1
 * when this pattern was not refused on url's host before: the one time to
 * tell the user. */
int trap_check(trap_detector *t, const char *url, const char *from, int depth,
               buf_t *why, int *first);

#endif
