/*
 * frontier.h - what the crawler fetches next, and when.
 *
 * The frontier holds every URL the crawl knows (a set of 64-bit hashes of
 * the normalised URLs, so each page is queued once however often it is
 * linked) and, per host, the URLs waiting, the transfers running, and the
 * host's manners:
 *
 *   - at most per_host transfers at once, and starts spaced by the host's
 *     delay (--delay, or robots.txt Crawl-delay when larger);
 *   - robots.txt first: the first item a host yields is its /robots.txt
 *     (kind FRONTIER_ROBOTS), and nothing else of the host starts until
 *     frontier_set_robots() has the rules;
 *   - retries: a failed attempt that may succeed later (connection error,
 *     429, 5xx) waits backoff_ms * 2^(attempt-1), jittered by +-50% so that
 *     many clients do not come back in step, capped at max_backoff_ms; a
 *     longer Retry-After from the server wins up to the cap;
 *   - a circuit breaker: breaker_failures failed attempts in a row open
 *     it, and the host gets no request for breaker_cooldown_ms; then one
 *     probe; a failed probe opens it again for twice as long.  When the
 *     host has been shut for breaker_give_up_ms in all, it is down, and its
 *     remaining URLs come out of frontier_next() with drop set, to be logged
 *     and not fetched.
 *
 * Hosts take turns (round robin), so one big site does not starve the
 * others.  Times are milliseconds of a monotonic clock, given by the
 * caller: the frontier never reads a clock, which keeps it testable.
 */
#ifndef CQA_FETCH_FRONTIER_H
#define CQA_FETCH_FRONTIER_H

#include <stddef.h>

#include "robots.h"

typedef struct frontier_options {
	long per_host;            /* transfers at once to one host */
	long delay_ms;            /* between starts to one host; 0: none */
	int max_retries;          /* further attempts after the first */
	long backoff_ms;          /* wait before the first retry */
	long max_backoff_ms;      /* cap of any wait, Retry-After included */
	int breaker_failures;     /* failures in a row that open the breaker */
	long breaker_cooldown_ms; /* first time the breaker stays open */
	long breaker_give_up_ms;  /* open this long in all: the host is down */
	int robots;               /* fetch and obey robots.txt first */
	unsigned long long seed;  /* of the jitter; any value */
} frontier_options;

/* 2 per host, no delay, 3 retries from 1 s to 60 s, breaker at 5 failures
 * for 30 s, down after 5 min shut, robots on. */
void frontier_options_default(frontier_options *o);

enum frontier_kind {
	FRONTIER_PAGE = 0, /* a page to audit */
	FRONTIER_ROBOTS,   /* a host's /robots.txt */
	FRONTIER_SITEMAP,  /* a sitemap or sitemap index */
};

typedef struct frontier_item {
	char *url;        /* normalised (file:// URLs as given) */
	char *from;       /* the page that linked it, or NULL */
	int depth;        /* 0 for seeds */
	int kind;         /* enum frontier_kind */
	int attempts;     /* started so far, this one included */
	const char *drop; /* set by frontier_next: do not fetch, log this */
	/* Set by the caller before a retry: what the last attempt got (an
	 * HTTP status, or a static error class), for the row of an item
	 * dropped before its next attempt. */
	long last_status;
	const char *last_error;
	/* private */
	size_t host;
	long long not_before;
	struct frontier_item *next;
} frontier_item;

typedef struct frontier frontier;

frontier *frontier_new(const frontier_options *o);
void frontier_free(frontier *f);

/* Queues url (already normalised) unless it was ever queued before.
 * Returns 1 if queued, 0 if known.  A page whose URL is its host's
 * robots.txt is not queued either (0): the host's FRONTIER_ROBOTS item
 * fetches and logs it. */
int frontier_add(frontier *f, const char *url, int kind, int depth,
                 const char *from);

/* 1 if url was ever queued. */
int frontier_known(const frontier *f, const char *url);

/* Marks url as known without queueing it (already fetched by an
 * interrupted run that is being resumed). */
void frontier_mark_known(frontier *f, const char *url);

/* The next item that may start at now, or NULL.  *wake gets the earliest
 * time something now waiting may start (LLONG_MAX if nothing waits).  The
 * item is counted as running until frontier_done().  An item with drop set
 * must be finished with FRONTIER_DROPPED without fetching. */
frontier_item *frontier_next(frontier *f, long long now, long long *wake);

enum frontier_outcome {
	FRONTIER_OK = 0,    /* an answer that ends the URL (2xx-4xx) */
	FRONTIER_RETRYABLE, /* connection error, timeout, 429, 5xx */
	FRONTIER_FAILED,    /* an error not worth retrying (dns, bad url) */
	FRONTIER_DROPPED,   /* not fetched (drop set, robots, limits) */
};

/* Ends an attempt.  For FRONTIER_RETRYABLE with attempts left (and the
 * host not down) the item is queued again (retry_after_ms > 0 is the
 * server's wish) and 1 is returned: the frontier owns it again and the
 * caller writes nothing yet.  Otherwise 0 is returned and the item is the
 * caller's, to log for good and free with frontier_item_free().
 * host_failure says whether the attempt counts toward the host's circuit
 * breaker. */
int frontier_done(frontier *f, frontier_item *it, long long now, int outcome,
                  long retry_after_ms, int host_failure);
void frontier_item_free(frontier_item *it);

/* The rules for the host of it (a FRONTIER_ROBOTS item, before
 * frontier_done); the frontier owns rules from now on.  Raises the host's
 * delay to its Crawl-delay. */
void frontier_set_robots(frontier *f, const frontier_item *it, robots *rules);
/* Gives up on the host of it for a reason that holds for all its URLs
 * (why, a static string such as "private_address"): what waits or comes
 * later is dropped with it as its drop. */
void frontier_drop_host(frontier *f, const frontier_item *it, const char *why);
/* The same for the host of url, known from an interrupted run: its
 * robots.txt is not fetched again. */
void frontier_preset_robots(frontier *f, const char *url, robots *rules);
/* The rules of it's host (NULL until known, or without robots). */
const robots *frontier_robots(const frontier *f, const frontier_item *it);
/* The same for the host of url (normalised), or NULL when the frontier
 * has not met that host. */
const robots *frontier_robots_of(const frontier *f, const char *url);

/* Items waiting or running. */
size_t frontier_pending(const frontier *f);

#endif
