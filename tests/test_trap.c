/*
 * test_trap.c - the crawler trap rules of fetch/trap.c, URL by URL.
 *
 * Each case is a URL a person can judge by eye, with the verdict and the
 * reason trap_check must give under the default limits (trap.c): URLs of
 * real sites, however deep, pass; a path that repeats itself, one with too
 * many segments, a counter climbing along a chain of links, and a page far
 * deeper than the rest of its site are refused.  The chains are built the
 * way a crawl meets them: each URL judged against the page it was found
 * on, at one more link of depth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "fetch/trap.h"

/* One URL judged alone (no discovering page, depth 1). */
typedef struct single {
	const char *url;
	int kind; /* enum trap_kind */
	const char *why;
} single;

static const single singles[] = {
    /* Real sites: deep, dotted, numbered, dated. */
    {"https://docs.python.org/3.12/library/os.path.html", TRAP_NONE, ""},
    {"https://docs.python.org/3/", TRAP_NONE, ""},
    {"https://example.com/", TRAP_NONE, ""},
    {"https://example.com/2024/05/17/news/local/bridge-reopens.html", TRAP_NONE,
     ""},
    {"https://example.com/docs/v2/api/v2/reference.html", TRAP_NONE, ""},
    /* Twice in a row is allowed (a directory named like its parent). */
    {"https://example.com/news/news/today.html", TRAP_NONE, ""},
    {"https://example.com/a/b/a/b/c", TRAP_NONE, ""},
    /* Repetition in the query is not a path. */
    {"https://example.com/search?q=a/a/a/a", TRAP_NONE, ""},
    /* 20 segments: the most allowed. */
    {"https://example.com/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/"
     "20",
     TRAP_NONE, ""},

    /* Three times in a row: a relative link resolved against itself. */
    {"https://example.com/a/b/a/b/a/b/c", TRAP_REPEATED_SEGMENTS,
     "path segments /a/b repeated 3 times in a row"},
    {"https://example.com/x/x/x/", TRAP_REPEATED_SEGMENTS,
     "path segments /x repeated 3 times in a row"},
    {"https://example.com/shop/cart/cart/cart/cart/item",
     TRAP_REPEATED_SEGMENTS, "path segments /cart repeated 4 times in a row"},
    {"https://example.com/cal/2024/cal/2024/cal/2024/", TRAP_REPEATED_SEGMENTS,
     "path segments /cal/2024 repeated 3 times in a row"},
    /* 21 segments. */
    {"https://example.com/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/"
     "20/21",
     TRAP_TOO_MANY_SEGMENTS, "more than 20 path segments"},
};

static void test_single_urls(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof singles / sizeof *singles; i++) {
		const single *c = &singles[i];
		trap_detector *t = trap_new(NULL, NULL);
		buf_t why = BUF_INIT;
		int first = -1;
		int kind = trap_check(t, c->url, NULL, 1, &why, &first);
		if (kind != c->kind || strcmp(buf_cstr(&why), c->why))
			fail_msg("%s: kind %d \"%s\", expected %d \"%s\"",
			         c->url, kind, buf_cstr(&why), c->kind, c->why);
		assert_int_equal(first, c->kind != TRAP_NONE);
		buf_free(&why);
		trap_free(t);
	}
}

static void test_too_long(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t url = BUF_INIT, why = BUF_INIT;
	int first;
	/* "https://example.com/?q=" is 23 characters: 2048 in all... */
	buf_adds(&url, "https://example.com/?q=");
	while (url.len < 2048)
		buf_addc(&url, 'x');
	assert_int_equal(trap_check(t, buf_cstr(&url), NULL, 1, &why, &first),
	                 TRAP_NONE);
	/* ...and one more is too long. */
	buf_addc(&url, 'y');
	assert_int_equal(trap_check(t, buf_cstr(&url), NULL, 1, &why, &first),
	                 TRAP_TOO_LONG);
	assert_string_equal(buf_cstr(&why),
	                    "a URL of 2049 characters (more than 2048)");
	buf_free(&url);
	buf_free(&why);
	trap_free(t);
}

/* /page/1 (a seed) links /page/2, which links /page/3, and so on: each
 * step the counter grows by one.  /page/2 is the first step; /page/51 the
 * 50th, refused; /page/2..50 are queued. */
static void test_counter_chain(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	char url[64], from[64];
	int first, refused_at = 0;
	for (int n = 2; n <= 60 && !refused_at; n++) {
		snprintf(url, sizeof url, "http://h/page/%d", n);
		snprintf(from, sizeof from, "http://h/page/%d", n - 1);
		int kind = trap_check(t, url, from, n - 1, &why, &first);
		if (kind != TRAP_NONE) {
			assert_int_equal(kind, TRAP_COUNTER);
			refused_at = n;
		}
	}
	assert_int_equal(refused_at, 51);
	assert_string_equal(buf_cstr(&why), "numeric counter in /page/N grew "
	                                    "50 times in a row");
	assert_int_equal(first, 1);
	/* /page/50 also links /page/52: the same run, refused, and the
	 * pattern is not news any more. */
	assert_int_equal(trap_check(t, "http://h/page/52", "http://h/page/50",
	                            50, &why, &first),
	                 TRAP_COUNTER);
	assert_int_equal(first, 0);
	/* Another host has its own warning. */
	for (int n = 2; n <= 51; n++) {
		snprintf(url, sizeof url, "http://other/page/%d", n);
		snprintf(from, sizeof from, "http://other/page/%d", n - 1);
		int kind = trap_check(t, url, from, n - 1, &why, &first);
		assert_int_equal(kind, n < 51 ? TRAP_NONE : TRAP_COUNTER);
	}
	assert_int_equal(first, 1);
	buf_free(&why);
	trap_free(t);
}

/* A month calendar: ?month=2024-01 links the next month.  Across the new
 * year the month number falls, but the date as a whole still grows.  The
 * 50th step from January 2024 is March 2028. */
static void test_counter_dates(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	char url[96], from[96];
	int first, kind = TRAP_NONE, step = 0;
	while (kind == TRAP_NONE && step < 100) {
		snprintf(from, sizeof from, "http://h/events?month=%d-%02d",
		         2024 + step / 12, step % 12 + 1);
		step++;
		snprintf(url, sizeof url, "http://h/events?month=%d-%02d",
		         2024 + step / 12, step % 12 + 1);
		kind = trap_check(t, url, from, step, &why, &first);
	}
	assert_int_equal(kind, TRAP_COUNTER);
	assert_string_equal(url, "http://h/events?month=2028-03");
	assert_string_equal(buf_cstr(&why), "numeric counter in "
	                                    "/events?month=N-N grew 50 times "
	                                    "in a row");
	buf_free(&why);
	trap_free(t);
}

/* "Older" links going down from /archive/1000: the 50th step, 950, is
 * refused the same way. */
static void test_counter_shrinking(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	char url[64], from[64];
	int first, n = 1000, kind = TRAP_NONE;
	while (kind == TRAP_NONE && n > 900) {
		snprintf(from, sizeof from, "http://h/archive/%d", n);
		snprintf(url, sizeof url, "http://h/archive/%d", --n);
		kind = trap_check(t, url, from, 1000 - n, &why, &first);
	}
	assert_int_equal(kind, TRAP_COUNTER);
	assert_int_equal(n, 950);
	assert_string_equal(buf_cstr(&why), "numeric counter in /archive/N "
	                                    "shrank 50 times in a row");
	buf_free(&why);
	trap_free(t);
}

/* What is not a counter run: a page linking 200 numbered pages (each one
 * step from the same page), links that differ in words, a direction that
 * turns, and a seed that is no step. */
static void test_counter_not_runs(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	char url[64], from[64];
	int first;
	for (int n = 2; n <= 200; n++) {
		snprintf(url, sizeof url, "http://h/list/%d", n);
		assert_int_equal(
		    trap_check(t, url, "http://h/list/1", 1, &why, &first),
		    TRAP_NONE);
	}
	/* /item/N found on /list/N: the words differ, no step. */
	for (int n = 1; n <= 100; n++) {
		snprintf(url, sizeof url, "http://h/item/%d", n);
		snprintf(from, sizeof from, "http://h/item-list/%d", n);
		assert_int_equal(trap_check(t, url, from, 2, &why, &first),
		                 TRAP_NONE);
	}
	/* 49 steps up to /p/50; then a step down starts a new run, and a
	 * step up from there another. */
	for (int n = 2; n <= 50; n++) {
		snprintf(url, sizeof url, "http://h/p/%d", n);
		snprintf(from, sizeof from, "http://h/p/%d", n - 1);
		assert_int_equal(trap_check(t, url, from, 1, &why, &first),
		                 TRAP_NONE);
	}
	assert_int_equal(
	    trap_check(t, "http://h/p/0", "http://h/p/50", 1, &why, &first),
	    TRAP_NONE);
	assert_int_equal(
	    trap_check(t, "http://h/p/100", "http://h/p/0", 1, &why, &first),
	    TRAP_NONE);
	/* One more step up from /p/50 is the 50th of its run. */
	assert_int_equal(
	    trap_check(t, "http://h/p/51", "http://h/p/50", 1, &why, &first),
	    TRAP_COUNTER);
	buf_free(&why);
	trap_free(t);
}

/* 150 pages of a host at depth 3: the median is 3, and the limit the
 * larger of 4 x 3 = 12 and 3 + 20 = 23.  Depth 23 passes, 24 does not.
 * A host with fewer than 100 pages has no limit yet. */
static void test_depth(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	char url[64];
	int first;
	for (int n = 0; n < 150; n++) {
		snprintf(url, sizeof url, "http://h/article-%d.html", n);
		assert_int_equal(trap_check(t, url, NULL, 3, &why, &first),
		                 TRAP_NONE);
	}
	assert_int_equal(
	    trap_check(t, "http://h/deep-23.html", NULL, 23, &why, &first),
	    TRAP_NONE);
	assert_int_equal(
	    trap_check(t, "http://h/deep-24.html", NULL, 24, &why, &first),
	    TRAP_DEPTH);
	assert_string_equal(buf_cstr(&why),
	                    "link depth 24, far beyond the host's median depth "
	                    "3 (limit 23)");
	assert_int_equal(first, 1);
	assert_int_equal(
	    trap_check(t, "http://h/deep-40.html", NULL, 40, &why, &first),
	    TRAP_DEPTH);
	assert_int_equal(first, 0);
	/* 99 pages of another host, then one at depth 40: too few to say. */
	for (int n = 0; n < 99; n++) {
		snprintf(url, sizeof url, "http://small/%d.html", n);
		assert_int_equal(trap_check(t, url, NULL, 1, &why, &first),
		                 TRAP_NONE);
	}
	assert_int_equal(
	    trap_check(t, "http://small/deep.html", NULL, 40, &why, &first),
	    TRAP_NONE);
	buf_free(&why);
	trap_free(t);
}

/* One warning a pattern and host: the second URL of the same repetition
 * on the same host is refused quietly; a new pattern, or the same one on
 * another host, is news. */
static void test_warn_once(void **state)
{
	(void)state;
	trap_detector *t = trap_new(NULL, NULL);
	buf_t why = BUF_INIT;
	int first;
	static const struct {
		const char *url;
		int first;
	} seq[] = {
	    {"http://h/a/b/a/b/a/b/c", 1},
	    {"http://h/a/b/a/b/a/b/d", 0},
	    {"http://h/z/a/b/a/b/a/b/", 0},
	    {"http://h/x/x/x/", 1},
	    {"http://other/a/b/a/b/a/b/c", 1},
	    {"https://h/a/b/a/b/a/b/c", 1}, /* another scheme, another site */
	};
	for (size_t i = 0; i < sizeof seq / sizeof *seq; i++) {
		assert_int_equal(
		    trap_check(t, seq[i].url, NULL, 1, &why, &first),
		    TRAP_REPEATED_SEGMENTS);
		if (first != seq[i].first)
			fail_msg("%s: first %d, expected %d", seq[i].url, first,
			         seq[i].first);
	}
	buf_free(&why);
	trap_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_single_urls),
	    cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_counter_chain),
	    cmocka_unit_test(test_counter_dates),
	    cmocka_unit_test(test_counter_shrinking),
	    cmocka_unit_test(test_counter_not_runs),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_warn_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
