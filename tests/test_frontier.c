/*
 * test_frontier.c - the crawl frontier (fetch/frontier.h) alone.
 *
 * The frontier never reads a clock: every call takes "now" in milliseconds,
 * so these tests walk through time by hand and check what may start when.
 * Expected times follow from frontier.h's rules with the options of each
 * test, worked out in the comments.  Jitter is random (xorshift, seeded by
 * the options), so backoff is checked against its bounds over many seeds
 * rather than against one value.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fetch/frontier.h"
#include "fetch/robots.h"

/* Options with nothing in the way: no robots.txt, no delay, a breaker and
 * retries that do not interfere unless a test sets them. */
static frontier_options plain(void)
{
	frontier_options o;
	frontier_options_default(&o);
	o.robots = 0;
	o.per_host = 2;
	o.max_retries = 0;
	o.breaker_failures = 1000;
	return o;
}

static frontier_item *next(frontier *f, long long now, long long *wake)
{
	long long w;
	return frontier_next(f, now, wake ? wake : &w);
}

/* Takes the next item at now and checks its URL. */
static frontier_item *take(frontier *f, long long now, const char *url)
{
	frontier_item *it = next(f, now, NULL);
	if (!it)
		fail_msg("nothing may start at %lld, expected %s", now, url);
	assert_string_equal(it->url, url);
	assert_null(it->drop);
	return it;
}

/* Ends it for good with outcome. */
static void finish(frontier *f, frontier_item *it, long long now, int outcome,
                   int host_failure)
{
	assert_int_equal(frontier_done(f, it, now, outcome, 0, host_failure),
	                 0);
	frontier_item_free(it);
}

/* --- robots.txt first ----------------------------------------------------- */

static void test_robots_first(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.robots = 1;
	frontier *f = frontier_new(&o);
	assert_int_equal(
	    frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL), 1);
	assert_int_equal(
	    frontier_add(f, "http://a.test/y", FRONTIER_PAGE, 0, NULL), 1);
	assert_int_equal(frontier_pending(f), 2);

	long long wake;
	frontier_item *r = next(f, 0, &wake);
	assert_non_null(r);
	assert_string_equal(r->url, "http://a.test/robots.txt");
	assert_int_equal(r->kind, FRONTIER_ROBOTS);
	assert_int_equal(r->attempts, 1);
	assert_int_equal(r->depth, 0);
	assert_null(r->from);
	assert_null(r->drop);
	assert_int_equal(frontier_pending(f), 3); /* running counts */
	/* It is known now: a link to it is no page to fetch. */
	assert_int_equal(frontier_known(f, "http://a.test/robots.txt"), 1);
	assert_int_equal(
	    frontier_add(f, "http://a.test/robots.txt", FRONTIER_PAGE, 0, NULL),
	    0);
	assert_null(frontier_robots(f, r));

	/* Nothing else of the host, at any time, while the rules are not
	 * known -- not even after the robots.txt transfer ended. */
	assert_null(next(f, 0, &wake));
	assert_int_equal(wake, LLONG_MAX);
	assert_null(next(f, 100000, &wake));
	assert_int_equal(frontier_done(f, r, 10, FRONTIER_OK, 0, 0), 0);
	assert_null(next(f, 100000, &wake));

	static const char txt[] = "User-agent: *\nDisallow: /y\n";
	robots *rules = robots_parse(txt, sizeof txt - 1, "cqa");
	frontier_set_robots(f, r, rules);
	assert_ptr_equal(frontier_robots(f, r), rules);
	frontier_item_free(r);
	frontier_item *x = take(f, 20, "http://a.test/x");
	assert_int_equal(x->attempts, 1);
	/* The frontier hands out what robots.txt disallows too: refusing
	 * it (with a row) is the crawler's job, with frontier_robots(). */
	frontier_item *y = take(f, 20, "http://a.test/y");
	assert_int_equal(robots_allowed(frontier_robots(f, y), "/y"), 0);
	finish(f, x, 30, FRONTIER_OK, 0);
	finish(f, y, 30, FRONTIER_DROPPED, 0);
	assert_int_equal(frontier_pending(f), 0);

	/* A second host gets its own robots.txt first; file: has none. */
	frontier_add(f, "file:///tmp/a.html", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "https://b.test:8443/p?q=1", FRONTIER_PAGE, 0, NULL);
	frontier_item *a = take(f, 40, "file:///tmp/a.html");
	frontier_item *b = take(f, 40, "https://b.test:8443/robots.txt");
	assert_int_equal(b->kind, FRONTIER_ROBOTS);
	assert_null(next(f, 40, NULL));
	finish(f, a, 50, FRONTIER_OK, 0);
	frontier_set_robots(f, b, robots_allow_all());
	finish(f, b, 50, FRONTIER_OK, 0);
	finish(f, take(f, 50, "https://b.test:8443/p?q=1"), 60, FRONTIER_OK, 0);
	frontier_free(f);
}

/* A robots.txt known from an earlier run is not fetched again. */
static void test_preset_robots(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.robots = 1;
	frontier *f = frontier_new(&o);
	frontier_preset_robots(f, "http://a.test/", robots_allow_all());
	frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL);
	finish(f, take(f, 0, "http://a.test/x"), 1, FRONTIER_OK, 0);
	frontier_free(f);
}

/* --- per host limit, delay, round robin ---------------------------------- */

static void test_per_host_limit(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.per_host = 2;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/3", FRONTIER_PAGE, 0, NULL);
	frontier_item *i1 = take(f, 0, "http://a.test/1");
	frontier_item *i2 = take(f, 0, "http://a.test/2");
	long long wake;
	assert_null(next(f, 0, &wake)); /* two running: the third waits */
	assert_null(next(f, 5000, &wake));
	finish(f, i1, 10, FRONTIER_OK, 0);
	frontier_item *i3 = take(f, 10, "http://a.test/3");
	finish(f, i2, 20, FRONTIER_OK, 0);
	finish(f, i3, 20, FRONTIER_OK, 0);
	assert_int_equal(frontier_pending(f), 0);
	assert_null(next(f, 30, &wake));
	assert_int_equal(wake, LLONG_MAX); /* nothing waits */
	frontier_free(f);
}

static void test_delay_spacing(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.delay_ms = 500;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/3", FRONTIER_PAGE, 0, NULL);
	frontier_item *i1 = take(f, 1000, "http://a.test/1");
	long long wake;
	/* A delay means one at a time, whatever per_host says. */
	assert_null(next(f, 1000, &wake));
	finish(f, i1, 1100, FRONTIER_OK, 0);
	/* Starts are spaced: 1000 + 500. */
	assert_null(next(f, 1100, &wake));
	assert_int_equal(wake, 1500);
	assert_null(next(f, 1499, &wake));
	frontier_item *i2 = take(f, 1500, "http://a.test/2");
	/* A transfer longer than the delay: the next starts when it ends. */
	finish(f, i2, 2700, FRONTIER_OK, 0);
	finish(f, take(f, 2700, "http://a.test/3"), 2800, FRONTIER_OK, 0);
	frontier_free(f);
}

/* Runs the robots.txt of the host of url through f at now with text. */
static void robots_answer(frontier *f, long long now, const char *text)
{
	frontier_item *r = next(f, now, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, FRONTIER_ROBOTS);
	frontier_set_robots(f, r, robots_parse(text, strlen(text), "cqa"));
	finish(f, r, now, FRONTIER_OK, 0);
}

static void test_crawl_delay(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.robots = 1;
	o.delay_ms = 100;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	/* robots.txt started at 0, so the first page may start at 0 + 100
	 * (the delay in force then); from then on Crawl-delay 2 s rules. */
	robots_answer(f, 0, "User-agent: *\nCrawl-delay: 2\n");
	long long wake;
	assert_null(next(f, 50, &wake));
	assert_int_equal(wake, 100);
	finish(f, take(f, 100, "http://a.test/1"), 150, FRONTIER_OK, 0);
	assert_null(next(f, 150, &wake));
	assert_int_equal(wake, 2100);
	assert_null(next(f, 2099, &wake));
	finish(f, take(f, 2100, "http://a.test/2"), 2200, FRONTIER_OK, 0);

	/* A Crawl-delay shorter than delay_ms does not lower it. */
	frontier_add(f, "http://b.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://b.test/2", FRONTIER_PAGE, 0, NULL);
	robots_answer(f, 10000, "User-agent: *\nCrawl-delay: 0.01\n");
	finish(f, take(f, 10100, "http://b.test/1"), 10110, FRONTIER_OK, 0);
	assert_null(next(f, 10110, &wake));
	assert_int_equal(wake, 10200);
	finish(f, take(f, 10200, "http://b.test/2"), 10210, FRONTIER_OK, 0);
	frontier_free(f);
}

static void test_round_robin(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.per_host = 10;
	frontier *f = frontier_new(&o);
	/* a queues all its URLs before b has any. */
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/3", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://b.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://b.test/2", FRONTIER_PAGE, 0, NULL);
	static const char *const want[] = {"http://a.test/1", "http://b.test/1",
	                                   "http://a.test/2", "http://b.test/2",
	                                   "http://a.test/3"};
	frontier_item *its[5];
	for (int i = 0; i < 5; i++)
		its[i] = take(f, 0, want[i]);
	assert_null(next(f, 0, NULL));
	for (int i = 0; i < 5; i++)
		finish(f, its[i], 1, FRONTIER_OK, 0);
	frontier_free(f);
}

/* --- retries -------------------------------------------------------------- */

/* Fails it (retryable) at now; returns how long the retry waits, read from
 * frontier_next's wake time.  The host has nothing else to do. */
static long long fail_and_wait(frontier *f, frontier_item *it, long long now,
                               long retry_after_ms)
{
	assert_int_equal(
	    frontier_done(f, it, now, FRONTIER_RETRYABLE, retry_after_ms, 1),
	    1);
	long long wake;
	assert_null(next(f, now, &wake));
	assert_true(wake != LLONG_MAX);
	return wake - now;
}

static void test_retry_backoff_bounds(void **ctx)
{
	(void)ctx;
	/* backoff 1000: retry 1 waits 1000 x [0.5, 1.5], retry 2
	 * 2000 x [0.5, 1.5], retry 3 4000 x [0.5, 1.5] = [2000, 6000] capped
	 * at 3000. */
	long long lo[3] = {LLONG_MAX, LLONG_MAX, LLONG_MAX}, hi[3] = {0, 0, 0};
	for (unsigned long long seed = 1; seed <= 200; seed++) {
		frontier_options o = plain();
		o.max_retries = 3;
		o.backoff_ms = 1000;
		o.max_backoff_ms = 3000;
		o.seed = seed * 0x9E3779B97F4A7C15ULL;
		frontier *f = frontier_new(&o);
		frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL);
		long long now = 0;
		frontier_item *it = take(f, now, "http://a.test/x");
		for (int k = 0; k < 3; k++) {
			long long w = fail_and_wait(f, it, now, 0);
			if (w < lo[k])
				lo[k] = w;
			if (w > hi[k])
				hi[k] = w;
			assert_null(next(f, now + w - 1, NULL));
			now += w;
			it = take(f, now, "http://a.test/x");
			assert_int_equal(it->attempts, k + 2);
			now += 5; /* the attempt takes a while */
		}
		/* The fourth attempt fails: retries are used up, the item
		 * is the caller's to log. */
		assert_int_equal(
		    frontier_done(f, it, now, FRONTIER_RETRYABLE, 0, 1), 0);
		assert_int_equal(it->attempts, 4);
		frontier_item_free(it);
		assert_int_equal(frontier_pending(f), 0);
		frontier_free(f);
	}
	assert_in_range(lo[0], 500, 1500);
	assert_in_range(hi[0], 500, 1500);
	assert_in_range(lo[1], 1000, 3000);
	assert_in_range(hi[1], 1000, 3000);
	assert_in_range(lo[2], 2000, 3000);
	assert_in_range(hi[2], 2000, 3000);
	/* Jitter really spreads the waits (200 draws: a range this narrow
	 * would be a one-in-a-billion accident). */
	assert_true(lo[0] < 700 && hi[0] > 1300);
	assert_true(lo[1] < 1400 && hi[1] > 2600);
	assert_int_equal(hi[2], 3000); /* 4000 x 0.75 and up: capped */
}

static void test_retry_after(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.max_retries = 5;
	o.backoff_ms = 1000;
	o.max_backoff_ms = 60000;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL);
	frontier_item *it = take(f, 0, "http://a.test/x");
	/* Longer than any jittered first backoff (<= 1500): it wins. */
	assert_int_equal(fail_and_wait(f, it, 0, 5000), 5000);
	it = take(f, 5000, "http://a.test/x");
	/* Shorter than the backoff (2000 x [0.5, 1.5]): the backoff wins. */
	assert_in_range(fail_and_wait(f, it, 5000, 100), 1000, 3000);
	long long wake;
	assert_null(next(f, 5000, &wake));
	it = take(f, wake, "http://a.test/x");
	/* Longer than the cap: the cap wins. */
	assert_int_equal(fail_and_wait(f, it, wake, 3600000), 60000);
	assert_null(next(f, wake, &wake));
	it = take(f, wake, "http://a.test/x");
	finish(f, it, wake, FRONTIER_OK, 0);
	frontier_free(f);
}

/* A failure that is not worth retrying ends the URL at once. */
static void test_failed_not_retried(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.max_retries = 3;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL);
	frontier_item *it = take(f, 0, "http://a.test/x");
	finish(f, it, 10, FRONTIER_FAILED, 1);
	assert_int_equal(frontier_pending(f), 0);
	frontier_free(f);
}

/* --- the circuit breaker ---------------------------------------------------
 */

static frontier *breaker_frontier(int n_urls)
{
	frontier_options o = plain();
	o.per_host = 2;
	o.max_retries = 0;
	o.breaker_failures = 3;
	o.breaker_cooldown_ms = 1000;
	o.breaker_give_up_ms = 5000;
	frontier *f = frontier_new(&o);
	for (int i = 1; i <= n_urls; i++) {
		char u[64];
		snprintf(u, sizeof u, "http://a.test/%d", i);
		frontier_add(f, u, FRONTIER_PAGE, 0, NULL);
	}
	return f;
}

static void test_breaker_opens_doubles_gives_up(void **ctx)
{
	(void)ctx;
	frontier *f = breaker_frontier(8);
	long long wake;
	/* Three failures in a row at 0: open until 1000. */
	frontier_item *i1 = take(f, 0, "http://a.test/1");
	frontier_item *i2 = take(f, 0, "http://a.test/2");
	finish(f, i1, 0, FRONTIER_RETRYABLE, 1);
	finish(f, i2, 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://a.test/3"), 0, FRONTIER_FAILED, 1);
	assert_null(next(f, 0, &wake));
	assert_int_equal(wake, 1000);
	assert_null(next(f, 999, &wake));
	/* One probe after the cool-down, alone though per_host is 2. */
	frontier_item *p1 = take(f, 1000, "http://a.test/4");
	assert_null(next(f, 1000, &wake));
	/* It fails: open again, for twice as long. */
	finish(f, p1, 1000, FRONTIER_RETRYABLE, 1);
	assert_null(next(f, 1000, &wake));
	assert_int_equal(wake, 3000);
	assert_null(next(f, 2999, &wake));
	frontier_item *p2 = take(f, 3000, "http://a.test/5");
	assert_null(next(f, 3000, &wake));
	/* Shut 1000 + 2000 so far; the next cool-down (4000) passes the
	 * 5000 of give-up: the host is down (at once or by 5000, when it
	 * has been shut 5000 in all), and nothing of it is fetched again. */
	finish(f, p2, 3000, FRONTIER_RETRYABLE, 1);
	static const char *const left[] = {"http://a.test/6", "http://a.test/7",
	                                   "http://a.test/8"};
	static const long long times[] = {3000, 5000};
	frontier_item *it;
	int n = 0;
	for (int k = 0; k < 2; k++) {
		while ((it = next(f, times[k], &wake))) {
			assert_true(n < 3);
			assert_string_equal(it->url, left[n++]);
			assert_non_null(it->drop);
			assert_string_equal(it->drop, "host_down");
			assert_int_equal(it->attempts, 0); /* never started */
			finish(f, it, times[k], FRONTIER_DROPPED, 0);
		}
	}
	assert_int_equal(n, 3);
	assert_null(next(f, 100000, &wake));
	assert_int_equal(frontier_pending(f), 0);
	frontier_free(f);
}

static void test_breaker_closes_on_success(void **ctx)
{
	(void)ctx;
	frontier *f = breaker_frontier(9);
	long long wake;
	/* Two failures and a success: not three in a row, still closed. */
	finish(f, take(f, 0, "http://a.test/1"), 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://a.test/2"), 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://a.test/3"), 0, FRONTIER_OK, 0);
	finish(f, take(f, 0, "http://a.test/4"), 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://a.test/5"), 0, FRONTIER_RETRYABLE, 1);
	/* The third failure in a row opens it for 1000. */
	finish(f, take(f, 0, "http://a.test/6"), 0, FRONTIER_RETRYABLE, 1);
	assert_null(next(f, 999, &wake));
	assert_int_equal(wake, 1000);
	/* The probe succeeds: closed, per_host 2 again. */
	finish(f, take(f, 1000, "http://a.test/7"), 1000, FRONTIER_OK, 0);
	frontier_item *a = take(f, 1000, "http://a.test/8");
	frontier_item *b = take(f, 1000, "http://a.test/9");
	finish(f, a, 1000, FRONTIER_OK, 0);
	finish(f, b, 1000, FRONTIER_OK, 0);
	assert_int_equal(frontier_pending(f), 0);
	frontier_free(f);
}

/* The cool-down starts over after a success: the next opening lasts the
 * first cool-down again, not twice it. */
static void test_breaker_cooldown_resets(void **ctx)
{
	(void)ctx;
	frontier *f = breaker_frontier(8);
	long long wake;
	for (int i = 1; i <= 3; i++) {
		char u[64];
		snprintf(u, sizeof u, "http://a.test/%d", i);
		finish(f, take(f, 0, u), 0, FRONTIER_RETRYABLE, 1);
	}
	finish(f, take(f, 1000, "http://a.test/4"), 1000, FRONTIER_OK, 0);
	for (int i = 5; i <= 7; i++) {
		char u[64];
		snprintf(u, sizeof u, "http://a.test/%d", i);
		finish(f, take(f, 1000, u), 1000, FRONTIER_RETRYABLE, 1);
	}
	assert_null(next(f, 1000, &wake));
	assert_int_equal(wake, 2000);
	finish(f, take(f, 2000, "http://a.test/8"), 2000, FRONTIER_OK, 0);
	frontier_free(f);
}

/* Items waiting for a retry when the host goes down come out dropped too,
 * with the attempts they had. */
static void test_host_down_drops_retries(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	o.per_host = 2;
	o.max_retries = 1;
	o.backoff_ms = 1000;
	o.breaker_failures = 2;
	o.breaker_cooldown_ms = 1000;
	o.breaker_give_up_ms = 1500;
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/3", FRONTIER_PAGE, 0, NULL);
	frontier_item *i1 = take(f, 0, "http://a.test/1");
	frontier_item *i2 = take(f, 0, "http://a.test/2");
	/* Both retryable: queued again (retries left); the second failure
	 * opens the breaker until 1000. */
	assert_int_equal(frontier_done(f, i1, 0, FRONTIER_RETRYABLE, 0, 1), 1);
	assert_int_equal(frontier_done(f, i2, 0, FRONTIER_RETRYABLE, 0, 1), 1);
	assert_int_equal(frontier_pending(f), 3);
	/* At 1500 both retries are due (backoff <= 1500); the probe is the
	 * earliest, on its second attempt.  It fails: open for 2000 more,
	 * 3000 shut in all, past 1500: down. */
	frontier_item *p = next(f, 1500, NULL);
	assert_non_null(p);
	assert_null(p->drop);
	assert_int_equal(p->attempts, 2);
	finish(f, p, 1500, FRONTIER_RETRYABLE, 1);
	int retry_seen = 0, fresh_seen = 0;
	frontier_item *it;
	while ((it = next(f, 4000, NULL))) {
		assert_non_null(it->drop);
		assert_string_equal(it->drop, "host_down");
		if (!strcmp(it->url, "http://a.test/3")) {
			assert_int_equal(it->attempts, 0);
			fresh_seen++;
		} else {
			assert_int_equal(it->attempts, 1);
			retry_seen++;
		}
		finish(f, it, 4000, FRONTIER_DROPPED, 0);
	}
	assert_int_equal(retry_seen, 1);
	assert_int_equal(fresh_seen, 1);
	assert_int_equal(frontier_pending(f), 0);
	frontier_free(f);
}

/* frontier_drop_host: everything of the host, waiting or added later, is
 * dropped with the reason given, and no attempt is counted; another host
 * goes on. */
static void test_drop_host_with_reason(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	frontier *f = frontier_new(&o);
	frontier_add(f, "http://a.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://a.test/2", FRONTIER_PAGE, 0, NULL);
	frontier_add(f, "http://b.test/1", FRONTIER_PAGE, 0, NULL);
	frontier_item *a1 = take(f, 0, "http://a.test/1");
	frontier_drop_host(f, a1, "private_address");
	finish(f, a1, 0, FRONTIER_FAILED, 0);
	frontier_add(f, "http://a.test/3", FRONTIER_PAGE, 1, "http://a.test/");
	int dropped = 0, fetched = 0;
	frontier_item *it;
	while ((it = next(f, 0, NULL))) {
		if (!strncmp(it->url, "http://a.test/", 14)) {
			assert_non_null(it->drop);
			assert_string_equal(it->drop, "private_address");
			assert_int_equal(it->attempts, 0);
			dropped++;
			finish(f, it, 0, FRONTIER_DROPPED, 0);
		} else {
			assert_null(it->drop);
			assert_string_equal(it->url, "http://b.test/1");
			fetched++;
			finish(f, it, 0, FRONTIER_OK, 0);
		}
	}
	assert_int_equal(dropped, 2); /* a.test/2, and a.test/3 added after */
	assert_int_equal(fetched, 1);
	assert_int_equal(frontier_pending(f), 0);
	frontier_free(f);
}

/* A host's breaker is its own: other hosts go on, and their successes do
 * not break the first host's row of failures. */
static void test_breaker_per_host(void **ctx)
{
	(void)ctx;
	frontier *f = breaker_frontier(4);
	frontier_add(f, "http://b.test/1", FRONTIER_PAGE, 0, NULL);
	/* Round robin: a, b, then a twice (b has nothing left). */
	finish(f, take(f, 0, "http://a.test/1"), 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://b.test/1"), 0, FRONTIER_OK, 0);
	finish(f, take(f, 0, "http://a.test/2"), 0, FRONTIER_RETRYABLE, 1);
	finish(f, take(f, 0, "http://a.test/3"), 0, FRONTIER_RETRYABLE, 1);
	frontier_add(f, "http://b.test/2", FRONTIER_PAGE, 0, NULL);
	finish(f, take(f, 10, "http://b.test/2"), 10, FRONTIER_OK, 0);
	long long wake;
	assert_null(next(f, 10, &wake));
	assert_int_equal(wake, 1000);
	finish(f, take(f, 1000, "http://a.test/4"), 1000, FRONTIER_OK, 0);
	frontier_free(f);
}

/* --- the set of known URLs ------------------------------------------------ */

static void test_dedupe(void **ctx)
{
	(void)ctx;
	frontier_options o = plain();
	frontier *f = frontier_new(&o);
	assert_int_equal(frontier_known(f, "http://a.test/x"), 0);
	assert_int_equal(
	    frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL), 1);
	assert_int_equal(frontier_known(f, "http://a.test/x"), 1);
	/* Known whatever kind, depth or referrer it comes with. */
	assert_int_equal(frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 3,
	                              "http://a.test/"),
	                 0);
	assert_int_equal(
	    frontier_add(f, "http://a.test/x", FRONTIER_SITEMAP, 0, NULL), 0);
	assert_int_equal(frontier_pending(f), 1);
	/* Marked known: never queued, so never handed out. */
	frontier_mark_known(f, "http://a.test/done");
	assert_int_equal(frontier_known(f, "http://a.test/done"), 1);
	assert_int_equal(
	    frontier_add(f, "http://a.test/done", FRONTIER_PAGE, 0, NULL), 0);
	assert_int_equal(frontier_pending(f), 1);
	/* Still known after it was fetched and freed. */
	frontier_item *it = take(f, 0, "http://a.test/x");
	finish(f, it, 1, FRONTIER_OK, 0);
	assert_int_equal(
	    frontier_add(f, "http://a.test/x", FRONTIER_PAGE, 0, NULL), 0);
	assert_null(next(f, 2, NULL));
	/* The URL is compared as given (normalising is the caller's). */
	assert_int_equal(
	    frontier_add(f, "http://a.test/X", FRONTIER_PAGE, 0, NULL), 1);
	finish(f, take(f, 3, "http://a.test/X"), 3, FRONTIER_OK, 0);
	/* Many URLs: the set grows and keeps them all apart. */
	char u[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(u, sizeof u, "http://h%d.test/p%d", i % 37, i);
		assert_int_equal(
		    frontier_add(f, u, FRONTIER_PAGE, 1, "http://a.test/x"), 1);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(u, sizeof u, "http://h%d.test/p%d", i % 37, i);
		assert_int_equal(frontier_known(f, u), 1);
		assert_int_equal(frontier_add(f, u, FRONTIER_PAGE, 1, NULL), 0);
	}
	assert_int_equal(frontier_pending(f), 5000);
	/* An item carries what it was queued with. */
	it = next(f, 3, NULL);
	assert_non_null(it);
	assert_string_equal(it->url, "http://h0.test/p0");
	assert_int_equal(it->depth, 1);
	assert_string_equal(it->from, "http://a.test/x");
	assert_int_equal(it->kind, FRONTIER_PAGE);
	finish(f, it, 3, FRONTIER_OK, 0);
	frontier_free(f); /* with 4999 items still queued */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_robots_first),
	    cmocka_unit_test(test_preset_robots),
	    cmocka_unit_test(test_per_host_limit),
	    cmocka_unit_test(test_delay_spacing),
	    cmocka_unit_test(test_crawl_delay),
	    cmocka_unit_test(test_round_robin),
	    cmocka_unit_test(test_retry_backoff_bounds),
	    cmocka_unit_test(test_retry_after),
	    cmocka_unit_test(test_failed_not_retried),
	    cmocka_unit_test(test_breaker_opens_doubles_gives_up),
	    cmocka_unit_test(test_breaker_closes_on_success),
	    cmocka_unit_test(test_breaker_cooldown_resets),
	    cmocka_unit_test(test_host_down_drops_retries),
	    cmocka_unit_test(test_drop_host_with_reason),
	    cmocka_unit_test(test_breaker_per_host),
	    cmocka_unit_test(test_dedupe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
