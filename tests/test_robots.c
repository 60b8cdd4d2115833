/*
 * test_robots.c - robots.txt rules against published examples.
 *
 * The expectations come from RFC 9309 (section 5 examples, section 2.2.2
 * percent-encoding table) and Google's robots.txt documentation (the
 * tables of path patterns with '*' and '$', and the precedence examples),
 * each worked through by hand with the longest-match rule: the matching
 * pattern with the most octets decides, Allow wins a tie.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fetch/robots.h"

/* One path and whether it may be fetched. */
struct probe {
	const char *path;
	int allowed;
};

static void check_all(const char *txt, const char *token,
                      const struct probe *probes, size_t n)
{
	robots *r = robots_parse(txt, strlen(txt), token);
	assert_non_null(r);
	for (size_t i = 0; i < n; i++) {
		int got = robots_allowed(r, probes[i].path);
		if (got != probes[i].allowed)
			print_error("token %s path %s: got %d want %d\n",
			            token ? token : "(null)", probes[i].path,
			            got, probes[i].allowed);
		assert_int_equal(got, probes[i].allowed);
	}
	robots_free(r);
}

#define CHECK(txt, token, ...)                                                 \
	do {                                                                   \
		const struct probe p_[] = {__VA_ARGS__};                       \
		check_all(txt, token, p_, sizeof p_ / sizeof p_[0]);           \
	} while (0)

/* RFC 9309 section 5.1. */
static const char rfc_simple[] = "User-Agent: *\n"
                                 "Disallow: *.gif$\n"
                                 "Disallow: /example/\n"
                                 "Allow: /publications/\n"
                                 "\n"
                                 "User-Agent: foobot\n"
                                 "Disallow:/\n"
                                 "Allow:/example/page.html\n"
                                 "Allow:/example/allowed.gif\n"
                                 "\n"
                                 "User-Agent: barbot\n"
                                 "User-Agent: bazbot\n"
                                 "Disallow: /example/page.html\n"
                                 "\n"
                                 "User-Agent: quxbot\n"
                                 "\n"
                                 "EOF\n";

static void test_rfc_simple_example(void **state)
{
	(void)state;
	/* foobot: only the two allowed files (18 and 20 octets beat "/"). */
	CHECK(rfc_simple, "foobot", {"/example/page.html", 1},
	      {"/example/allowed.gif", 1}, {"/example/other.html", 0},
	      {"/publications/a.html", 0}, {"/", 0});
	/* barbot and bazbot share one group: everything but page.html. */
	CHECK(rfc_simple, "barbot", {"/example/page.html", 0},
	      {"/example/other.html", 1}, {"/a.gif", 1});
	CHECK(rfc_simple, "bazbot", {"/example/page.html", 0},
	      {"/example/other.html", 1});
	/* quxbot's group is empty, and still beats "*": all allowed. */
	CHECK(rfc_simple, "quxbot", {"/example/page.html", 1},
	      {"/images/a.gif", 1}, {"/example/", 1});
	/* Anyone else gets "*": no /example/, no URL ending in .gif;
	 * "/publications/" (14 octets) outweighs "*.gif$" (6); "$" means a
	 * query string after .gif escapes the rule. */
	CHECK(rfc_simple, "otherbot", {"/publications/a.html", 1},
	      {"/example/x", 0}, {"/images/a.gif", 0},
	      {"/publications/a.gif", 1}, {"/a.gif?x=1", 1}, {"/", 1});
	CHECK(rfc_simple, NULL, {"/example/x", 0}, {"/index.html", 1});
}

/* RFC 9309 section 5.2. */
static void test_rfc_longest_match(void **state)
{
	(void)state;
	const char *txt = "User-Agent: foobot\n"
	                  "Allow: /example/page/\n"
	                  "Disallow: /example/page/disallowed.gif\n";
	CHECK(txt, "foobot", {"/example/page/", 1},
	      {"/example/page/disallowed.gif", 0}, {"/example/page/ok.gif", 1});
}

static void test_google_patterns(void **state)
{
	(void)state;
	CHECK("User-agent: *\nDisallow: /fish\n", "cqa", {"/fish", 0},
	      {"/fish.html", 0}, {"/fish/salmon.html", 0}, {"/fishheads", 0},
	      {"/fish.php?id=anything", 0}, {"/Fish.asp", 1}, {"/catfish", 1},
	      {"/?id=fish", 1}, {"/desert/fish", 1});
	CHECK("User-agent: *\nDisallow: /fish*\n", "cqa", {"/fish", 0},
	      {"/fish.html", 0}, {"/fishheads/yummy.html", 0}, {"/Fish.asp", 1},
	      {"/catfish", 1});
	CHECK("User-agent: *\nDisallow: /fish/\n", "cqa", {"/fish/", 0},
	      {"/fish/?id=anything", 0}, {"/fish/salmon.htm", 0}, {"/fish", 1},
	      {"/fish.html", 1}, {"/animals/fish/", 1},
	      {"/Fish/Salmon.asp", 1});
	CHECK("User-agent: *\nDisallow: /*.php\n", "cqa", {"/index.php", 0},
	      {"/folder/filename.php?parameters", 0},
	      {"/folder/any.php.file.html", 0}, {"/filename.php/", 0}, {"/", 1},
	      {"/windows.PHP", 1});
	CHECK("User-agent: *\nDisallow: /*.php$\n", "cqa", {"/filename.php", 0},
	      {"/folder/filename.php", 0}, {"/index.php?x", 1},
	      {"/filename.php/", 1}, {"/filename.php5", 1},
	      {"/windows.PHP", 1});
	CHECK("User-agent: *\nDisallow: /fish*.php\n", "cqa", {"/fish.php", 0},
	      {"/fishheads/catfish.php?parameters", 0}, {"/Fish.PHP", 1});
	/* '$' in the middle is an ordinary octet. */
	CHECK("User-agent: *\nDisallow: /a$b\n", "cqa", {"/a$b", 0}, {"/a", 1});
}

/* Google's precedence examples, and the RFC's "allow wins a tie". */
static void test_precedence(void **state)
{
	(void)state;
	CHECK("User-agent: cqa\nAllow: /p\nDisallow: /\n", "cqa", {"/page", 1},
	      {"/other", 0});
	CHECK("User-agent: cqa\nDisallow: /folder\nAllow: /folder\n", "cqa",
	      {"/folder/page", 1});
	CHECK("User-agent: cqa\nAllow: /folder\nDisallow: /folder\n", "cqa",
	      {"/folder/page", 1});
	CHECK("User-agent: cqa\nAllow: /page\nDisallow: /*.htm\n", "cqa",
	      {"/page.htm", 0});
	CHECK("User-agent: cqa\nAllow: /page\nDisallow: /*.ph\n", "cqa",
	      {"/page.php", 1});
	CHECK("User-agent: cqa\nAllow: /$\nDisallow: /\n", "cqa", {"/", 1},
	      {"", 1}, {"/page.htm", 0});
}

static void test_specific_group_wins(void **state)
{
	(void)state;
	const char *txt = "User-agent: *\n"
	                  "Disallow: /\n"
	                  "\n"
	                  "User-agent: CQA/2.1 (+https://example.org)\n"
	                  "Disallow: /private\n";
	CHECK(txt, "cqa", {"/public", 1}, {"/private/x", 0});
	CHECK(txt, "cqa/1.0", {"/public", 1});
	CHECK(txt, "otherbot", {"/public", 0});
	/* "cqabot" is another product token, not ours. */
	CHECK("User-agent: cqabot\nDisallow: /\n", "cqa", {"/x", 1});
}

static void test_groups_merge(void **state)
{
	(void)state;
	const char *txt = "User-agent: cqa\n"
	                  "Disallow: /a\n"
	                  "\n"
	                  "User-agent: *\n"
	                  "Disallow: /b\n"
	                  "\n"
	                  "user-agent: Cqa\n"
	                  "Disallow: /c\n";
	CHECK(txt, "cqa", {"/a", 0}, {"/c", 0}, {"/b", 1});
	CHECK(txt, "other", {"/a", 1}, {"/b", 0}, {"/c", 1});
}

static void test_empty_disallow(void **state)
{
	(void)state;
	CHECK("User-agent: *\nDisallow:\n", "cqa", {"/", 1}, {"/anything", 1});
	CHECK("User-agent: cqa\nDisallow:\n\nUser-agent: *\nDisallow: /\n",
	      "cqa", {"/anything", 1});
}

static void test_robots_txt_always_allowed(void **state)
{
	(void)state;
	CHECK("User-agent: *\nDisallow: /\nDisallow: /robots.txt$\n", "cqa",
	      {"/robots.txt", 1}, {"/robots.txtx", 0}, {"/other", 0});
}

/* RFC 9309 section 2.2.2 and RFC 3986 unreserved characters. */
static void test_percent_encoding(void **state)
{
	(void)state;
	CHECK("User-agent: *\nDisallow: /a%2Db\n", "cqa", {"/a-b", 0},
	      {"/a%2db", 0}, {"/a%2Db", 0}, {"/a_b", 1});
	CHECK("User-agent: *\nDisallow: /a-b\n", "cqa", {"/a%2Db", 0});
	CHECK("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "cqa",
	      {"/foo/bar/baz", 0});
	CHECK("User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n", "cqa",
	      {"/foo/bar/%E3%83%84", 0}, {"/foo/bar/%e3%83%84", 0},
	      {"/foo/bar/x", 1});
	/* %2F is '/', reserved: it stays an escape and is not a slash. */
	CHECK("User-agent: *\nDisallow: /a%2Fb\n", "cqa", {"/a/b", 1},
	      {"/a%2fb", 0});
	/* Paths are case-sensitive. */
	CHECK("User-agent: *\nDisallow: /Fish\n", "cqa", {"/fish", 1},
	      {"/Fish", 0});
}

static void test_crawl_delay(void **state)
{
	(void)state;
	const char *txt = "User-agent: *\n"
	                  "Crawl-delay: 10\n"
	                  "\n"
	                  "User-agent: cqa\n"
	                  "Crawl-delay: 2.5\n"
	                  "Disallow: /x\n";
	robots *r = robots_parse(txt, strlen(txt), "cqa");
	assert_true(robots_crawl_delay(r) == 2.5);
	/* The delay line does not end the group: /x is still ours. */
	assert_int_equal(robots_allowed(r, "/x"), 0);
	robots_free(r);
	r = robots_parse(txt, strlen(txt), "other");
	assert_true(robots_crawl_delay(r) == 10.0);
	robots_free(r);

	const char *none = "User-agent: *\nDisallow: /x\n";
	r = robots_parse(none, strlen(none), "cqa");
	assert_true(robots_crawl_delay(r) == -1.0);
	robots_free(r);

	const char *bad = "User-agent: *\nCrawl-delay: soon\n"
	                  "Crawl-delay: -3\nCrawl-delay: .5\n";
	r = robots_parse(bad, strlen(bad), "cqa");
	assert_true(robots_crawl_delay(r) == 0.5);
	robots_free(r);
}

static void test_sitemaps(void **state)
{
	(void)state;
	const char *txt = "Sitemap: https://example.com/s1.xml\n"
	                  "User-agent: *\n"
	                  "Disallow: /\n"
	                  "sitemap:https://example.com/s2.xml # second\n"
	                  "Sitemap:\n";
	robots *r = robots_parse(txt, strlen(txt), "cqa");
	const char **maps = NULL;
	assert_int_equal(robots_sitemaps(r, &maps), 2);
	assert_string_equal(maps[0], "https://example.com/s1.xml");
	assert_string_equal(maps[1], "https://example.com/s2.xml");
	/* The Sitemap line did not end the "*" group. */
	assert_int_equal(robots_allowed(r, "/x"), 0);
	robots_free(r);
}

/* Byte order mark, CRLF and lone CR line ends, leading white space, a
 * missing colon, comments, unknown keys, no final newline. */
static void test_syntax_tolerance(void **state)
{
	(void)state;
	const char *txt = "\xEF\xBB\xBFUser-agent: cqa\r\n"
	                  "# comment line\r\n"
	                  "   Disallow: /x # trailing comment\r\n"
	                  "Foo: bar\r\n"
	                  "DISALLOW /z\r\n"
	                  "\r\n"
	                  "User-agent: *\r"
	                  "Disallow: /";
	/* Without the BOM handled, the cqa group would not exist and "*"
	 * would forbid /y. */
	CHECK(txt, "cqa", {"/x", 0}, {"/x/1", 0}, {"/z", 0}, {"/y", 1});
	CHECK(txt, "other", {"/y", 0});
}

/* 200 stars against a 10,000-octet path: quadratic at worst, so this is
 * instant; a backtracking matcher would not finish. */
static void test_pathological_pattern(void **state)
{
	(void)state;
	char path[10002];
	path[0] = '/';
	memset(path + 1, 'a', 10000);
	path[10001] = '\0';

	char txt[1024];
	int n = snprintf(txt, sizeof txt, "User-agent: *\nDisallow: /");
	for (int i = 0; i < 200; i++)
		txt[n++] = '*';
	n += snprintf(txt + n, sizeof txt - (size_t)n, "b\nAllow: /");
	for (int i = 0; i < 100; i++) {
		txt[n++] = 'a';
		txt[n++] = '*';
	}
	n += snprintf(txt + n, sizeof txt - (size_t)n, "c$\n");

	clock_t t0 = clock();
	robots *r = robots_parse(txt, (size_t)n, "cqa");
	/* Neither matches: no 'b', no final 'c'. */
	assert_int_equal(robots_allowed(r, path), 1);
	path[10000] = 'b';
	assert_int_equal(robots_allowed(r, path), 0); /* 202 beats nothing */
	path[10000] = 'c';
	/* The Allow (203 octets, ending "a*c$") matches, the Disallow does not.
	 */
	assert_int_equal(robots_allowed(r, path), 1);
	robots_free(r);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 5.0);
}

static void test_caps(void **state)
{
	(void)state;
	/* Rule 10,001 is past the cap and ignored. */
	size_t size = 20 + 10000 * 10 + 20;
	char *txt = malloc(size);
	assert_non_null(txt);
	size_t n = (size_t)snprintf(txt, size, "User-agent: *\n");
	for (int i = 0; i < 10000; i++)
		n += (size_t)snprintf(txt + n, size - n, "Allow: /x\n");
	n += (size_t)snprintf(txt + n, size - n, "Disallow: /\n");
	robots *r = robots_parse(txt, n, "cqa");
	assert_int_equal(robots_allowed(r, "/y"), 1);
	robots_free(r);
	free(txt);

	/* Past 500 KiB nothing counts, not even the line the cap cuts:
	 * "Disallow: /private" ends the parsed part as "Disallow: /". */
	size = ROBOTS_MAX_BYTES + 64;
	txt = malloc(size);
	assert_non_null(txt);
	n = (size_t)snprintf(txt, size, "User-agent: *\n#");
	memset(txt + n, 'x', ROBOTS_MAX_BYTES - 12 - n);
	n = ROBOTS_MAX_BYTES - 12;
	txt[n++] = '\n';
	n += (size_t)snprintf(txt + n, size - n,
	                      "Disallow: /private\nDisallow: /y\n");
	assert_true(n > ROBOTS_MAX_BYTES);
	assert_memory_equal(txt + ROBOTS_MAX_BYTES - 11, "Disallow: /", 11);
	r = robots_parse(txt, n, "cqa");
	assert_int_equal(robots_allowed(r, "/y"), 1);
	assert_int_equal(robots_allowed(r, "/private"), 1);
	robots_free(r);
	free(txt);
}

static void test_allow_disallow_all(void **state)
{
	(void)state;
	robots *r = robots_allow_all();
	const char **maps = NULL;
	assert_int_equal(robots_allowed(r, "/x"), 1);
	assert_int_equal(robots_allowed(r, "/"), 1);
	assert_true(robots_crawl_delay(r) == -1.0);
	assert_int_equal(robots_sitemaps(r, &maps), 0);
	robots_free(r);

	r = robots_disallow_all();
	assert_int_equal(robots_allowed(r, "/x"), 0);
	assert_int_equal(robots_allowed(r, "/"), 0);
	assert_int_equal(robots_allowed(r, ""), 0);
	assert_int_equal(robots_allowed(r, "/robots.txt"), 1);
	robots_free(r);

	/* Empty or missing text allows everything. */
	r = robots_parse(NULL, 0, "cqa");
	assert_int_equal(robots_allowed(r, "/x"), 1);
	robots_free(r);
	robots_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc_simple_example),
	    cmocka_unit_test(test_rfc_longest_match),
	    cmocka_unit_test(test_google_patterns),
	    cmocka_unit_test(test_precedence),
	    cmocka_unit_test(test_specific_group_wins),
	    cmocka_unit_test(test_groups_merge),
	    cmocka_unit_test(test_empty_disallow),
	    cmocka_unit_test(test_robots_txt_always_allowed),
	    cmocka_unit_test(test_percent_encoding),
	    cmocka_unit_test(test_crawl_delay),
	    cmocka_unit_test(test_sitemaps),
	    cmocka_unit_test(test_syntax_tolerance),
	    cmocka_unit_test(test_pathological_pattern),
	    cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_allow_disallow_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
