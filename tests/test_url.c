/*
 * test_url.c - URL resolution and normalisation.
 *
 * The resolution cases are every example of RFC 3986 section 5.4 (base
 * "http://a/b/c/d;p?q"), the "normal" ones of 5.4.1 and the "abnormal" ones
 * of 5.4.2, with the RFC's result followed by the normalisation url_resolve
 * applies: the fragment is dropped and an empty path becomes "/".  Results
 * that are not http/https ("g:h", and "http:g" which a strict parser keeps
 * as a URL without a host) are refused.  The normalisation cases follow RFC
 * 3986 section 6.2.2 and the rules listed in url.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/url.h"

#define BASE "http://a/b/c/d;p?q"

typedef struct pair {
	const char *in, *want;
} pair;

static void expect_resolve(const char *base, const char *ref, const char *want)
{
	buf_t out = BUF_INIT;
	int rc = url_resolve(base, ref, &out);
	if (rc != 0 || strcmp(buf_cstr(&out), want) != 0)
		print_error("ref [%s]: rc %d got [%s] want [%s]\n", ref, rc,
		            buf_cstr(&out), want);
	assert_int_equal(rc, 0);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
}

static void expect_norm(const char *url, const url_norm_options *o,
                        const char *want)
{
	buf_t out = BUF_INIT;
	int rc = url_normalize(url, o, &out);
	if (rc != 0 || strcmp(buf_cstr(&out), want) != 0)
		print_error("url [%s]: rc %d got [%s] want [%s]\n", url, rc,
		            buf_cstr(&out), want);
	assert_int_equal(rc, 0);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
}

/* Failure leaves out exactly as it was. */
static void expect_norm_fails(const char *url)
{
	buf_t out = BUF_INIT;
	buf_adds(&out, "keep");
	if (url_normalize(url, NULL, &out) != -1)
		print_error("url [%s] accepted as [%s]\n", url, buf_cstr(&out));
	assert_string_equal(buf_cstr(&out), "keep");
	assert_int_equal(url_normalize(url, NULL, &out), -1);
	buf_free(&out);
}

static void expect_resolve_fails(const char *base, const char *ref)
{
	buf_t out = BUF_INIT;
	buf_adds(&out, "keep");
	if (url_resolve(base, ref, &out) != -1)
		print_error("ref [%s] accepted as [%s]\n", ref, buf_cstr(&out));
	assert_string_equal(buf_cstr(&out), "keep");
	assert_int_equal(url_resolve(base, ref, &out), -1);
	buf_free(&out);
}

/* RFC 3986 5.4.1. */
static void test_rfc3986_normal(void **state)
{
	static const pair cases[] = {
	    {"g", "http://a/b/c/g"},
	    {"./g", "http://a/b/c/g"},
	    {"g/", "http://a/b/c/g/"},
	    {"/g", "http://a/g"},
	    {"//g", "http://g/"},
	    {"?y", "http://a/b/c/d;p?y"},
	    {"g?y", "http://a/b/c/g?y"},
	    {"#s", "http://a/b/c/d;p?q"},
	    {"g#s", "http://a/b/c/g"},
	    {"g?y#s", "http://a/b/c/g?y"},
	    {";x", "http://a/b/c/;x"},
	    {"g;x", "http://a/b/c/g;x"},
	    {"g;x?y#s", "http://a/b/c/g;x?y"},
	    {"", "http://a/b/c/d;p?q"},
	    {".", "http://a/b/c/"},
	    {"./", "http://a/b/c/"},
	    {"..", "http://a/b/"},
	    {"../", "http://a/b/"},
	    {"../g", "http://a/b/g"},
	    {"../..", "http://a/"},
	    {"../../", "http://a/"},
	    {"../../g", "http://a/g"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_resolve(BASE, cases[i].in, cases[i].want);
	/* "g:h" -> "g:h": resolved fine, but not a URL a crawler fetches. */
	expect_resolve_fails(BASE, "g:h");
}

/* RFC 3986 5.4.2. */
static void test_rfc3986_abnormal(void **state)
{
	static const pair cases[] = {
	    {"../../../g", "http://a/g"},
	    {"../../../../g", "http://a/g"},
	    {"/./g", "http://a/g"},
	    {"/../g", "http://a/g"},
	    {"g.", "http://a/b/c/g."},
	    {".g", "http://a/b/c/.g"},
	    {"g..", "http://a/b/c/g.."},
	    {"..g", "http://a/b/c/..g"},
	    {"./../g", "http://a/b/g"},
	    {"./g/.", "http://a/b/c/g/"},
	    {"g/./h", "http://a/b/c/g/h"},
	    {"g/../h", "http://a/b/c/h"},
	    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
	    {"g;x=1/../y", "http://a/b/c/y"},
	    {"g?y/./x", "http://a/b/c/g?y/./x"},
	    {"g?y/../x", "http://a/b/c/g?y/../x"},
	    {"g#s/./x", "http://a/b/c/g"},
	    {"g#s/../x", "http://a/b/c/g"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_resolve(BASE, cases[i].in, cases[i].want);
	/* Strict parser: "http:g" stays "http:g", which has no host. */
	expect_resolve_fails(BASE, "http:g");
}

/* Other bases and references a crawler meets. */
static void test_resolve_more(void **state)
{
	(void)state;
	/* An empty base path merges as "/" (5.2.3). */
	expect_resolve("http://a", "g", "http://a/g");
	/* Absolute references ignore the base and are normalised. */
	expect_resolve(BASE, "HTTPS://B.example:443/x/../y#f",
	               "https://b.example/y");
	expect_resolve(NULL, "http://x.example/", "http://x.example/");
	/* Scheme-relative keeps the base's scheme. */
	expect_resolve("https://a.example/p", "//cdn.example/s.js",
	               "https://cdn.example/s.js");
	/* White space around an href is ignored; inside it is encoded. */
	expect_resolve(BASE, "  a b.html\n", "http://a/b/c/a%20b.html");
	/* Relative reference with no base, or a base that is not absolute. */
	expect_resolve_fails(NULL, "g");
	expect_resolve_fails("/just/a/path", "g");
	/* Links a crawler does not follow. */
	expect_resolve_fails(BASE, "javascript:alert(1)");
	expect_resolve_fails(BASE, "mailto:a@b");
	expect_resolve_fails(BASE, "ftp://x/");
	expect_resolve_fails(BASE, "file:///etc/passwd");
	expect_resolve_fails("ftp://x/dir/", "g");
}

static void test_normalize_case_port_dots(void **state)
{
	(void)state;
	expect_norm("HTTP://Example.COM:80/a/./b/../c?#frag", NULL,
	            "http://example.com/a/c");
	expect_norm("https://example.com:443", NULL, "https://example.com/");
	expect_norm("http://example.com:8080/", NULL,
	            "http://example.com:8080/");
	/* 443 is only default for https, 80 only for http. */
	expect_norm("http://example.com:443/", NULL, "http://example.com:443/");
	expect_norm("https://example.com:80/", NULL, "https://example.com:80/");
	/* An empty port is the default (RFC 3986 6.2.3); leading zeros go. */
	expect_norm("http://example.com:/x", NULL, "http://example.com/x");
	expect_norm("http://example.com:0080/x", NULL, "http://example.com/x");
	/* Path case is significant; only scheme and host are lower-cased. */
	expect_norm("http://EXAMPLE.com/A/B", NULL, "http://example.com/A/B");
	/* Userinfo is kept, IPv6 hex lower-cased. */
	expect_norm("http://User:Pw@[2001:DB8::1]:8080/", NULL,
	            "http://User:Pw@[2001:db8::1]:8080/");
	/* Already normal input comes back unchanged. */
	expect_norm("http://a/b/c/d;p?q", NULL, "http://a/b/c/d;p?q");
}

static void test_normalize_percent(void **state)
{
	(void)state;
	expect_norm("http://example.com/%7euser/%41", NULL,
	            "http://example.com/~user/A");
	/* '/' is reserved: %2f stays encoded, hex upper-cased. */
	expect_norm("http://example.com/a%2fb", NULL,
	            "http://example.com/a%2Fb");
	expect_norm("http://example.com/a b", NULL, "http://example.com/a%20b");
	/* "é" in UTF-8 is C3 A9. */
	expect_norm("http://example.com/caf\xC3\xA9", NULL,
	            "http://example.com/caf%C3%A9");
	expect_norm("http://example.com/caf%c3%a9", NULL,
	            "http://example.com/caf%C3%A9");
	/* A stray '%' is a literal percent sign. */
	expect_norm("http://example.com/100%", NULL,
	            "http://example.com/100%25");
	/* Encoded dots are dot segments once decoded (6.2.2.3). */
	expect_norm("http://example.com/a/%2E%2E/b", NULL,
	            "http://example.com/b");
	/* Query: same encoding rules, parameters in order. */
	expect_norm("http://example.com/?q=a b&x=%7e%2b", NULL,
	            "http://example.com/?q=a%20b&x=~%2B");
	/* Host: unreserved decoded and lower-cased; IDN bytes left as is. */
	expect_norm("http://%45xample.com/", NULL, "http://example.com/");
	expect_norm("http://b\xC3\xBC"
	            "cher.example/",
	            NULL,
	            "http://b\xC3\xBC"
	            "cher.example/");
}

static void test_normalize_query(void **state)
{
	static const char *const utm[] = {"utm_source", "utm_medium", NULL};
	const url_norm_options strip = {0, utm};
	const url_norm_options noquery = {1, NULL};
	(void)state;
	expect_norm("http://e.com/p?utm_source=x&id=3&utm_medium=y", &strip,
	            "http://e.com/p?id=3");
	/* Without options the query is kept verbatim. */
	expect_norm("http://e.com/p?utm_source=x&id=3&utm_medium=y", NULL,
	            "http://e.com/p?utm_source=x&id=3&utm_medium=y");
	/* Names match exactly: utm_sourcex is another parameter; a bare
	 * name with no '=' matches. */
	expect_norm("http://e.com/p?utm_sourcex=1&utm_source&b=&a=2", &strip,
	            "http://e.com/p?utm_sourcex=1&b=&a=2");
	/* Everything stripped: no '?' left. */
	expect_norm("http://e.com/p?utm_source=x", &strip, "http://e.com/p");
	expect_norm("http://e.com/p?id=3&x=4#f", &noquery, "http://e.com/p");
	expect_norm("http://e.com/p?", NULL, "http://e.com/p");
	expect_norm("http://e.com?a=1", NULL, "http://e.com/?a=1");
}

static void test_normalize_rejects(void **state)
{
	(void)state;
	expect_norm_fails("javascript:alert(1)");
	expect_norm_fails("mailto:a@b");
	expect_norm_fails("ftp://x/");
	expect_norm_fails("http://");
	expect_norm_fails("file:///etc/passwd");
	expect_norm_fails("http:/no/authority");
	expect_norm_fails("//example.com/");
	expect_norm_fails("http://u@:80/");
	expect_norm_fails("http://example.com:8o/");
	expect_norm_fails("http://example.com:65536/");
	expect_norm_fails("http://example.com:123456/");
	expect_norm_fails("http://[::1/");
	expect_norm_fails("http://exa mple.com/");
	expect_norm_fails("http://exa%2/");
	expect_norm_fails("");
}

static void test_host(void **state)
{
	static const pair cases[] = {
	    {"http://u:p@[::1]:8080/x", "[::1]"},
	    {"HTTPS://WWW.Example.COM:443/a?b#c", "www.example.com"},
	    {"http://user@host.example", "host.example"},
	    {"http://a@b@c.example/", "c.example"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_t out = BUF_INIT;
		assert_int_equal(url_host(cases[i].in, &out), 0);
		assert_string_equal(buf_cstr(&out), cases[i].want);
		buf_free(&out);
	}
	buf_t out = BUF_INIT;
	assert_int_equal(url_host("ftp://x/", &out), -1);
	assert_int_equal(url_host("http://", &out), -1);
	assert_int_equal(url_host("mailto:a@b", &out), -1);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

/* The helpers that were here before keep working. */
static void test_existing_helpers(void **state)
{
	buf_t out = BUF_INIT;
	(void)state;
	assert_true(url_has_fetch_scheme("HTTP://x/"));
	assert_true(url_has_fetch_scheme("file:///x"));
	assert_false(url_has_fetch_scheme("ftp://x/"));
	url_from_path("/nonexistent dir/a", &out);
	assert_string_equal(buf_cstr(&out), "file:///nonexistent%20dir/a");
	buf_free(&out);
}

/* URL_MAX_LENGTH: a URL of exactly the cap normalises, one byte more is
 * refused, before normalising and after (percent-encoding grows it). */
static void test_length_cap(void **state)
{
	(void)state;
	/* "http://e.com/" is 13 bytes, so 8179 letters make 8192 */
	buf_t u = BUF_INIT, out = BUF_INIT;
	buf_adds(&u, "http://e.com/");
	for (int i = 0; i < 8179; i++)
		buf_addc(&u, 'a');
	assert_int_equal(u.len, URL_MAX_LENGTH);
	assert_int_equal(url_normalize(u.data, NULL, &out), 0);
	assert_int_equal(out.len, URL_MAX_LENGTH);
	buf_reset(&out);
	buf_addc(&u, 'a');
	assert_int_equal(url_normalize(u.data, NULL, &out), -1);
	assert_int_equal(url_resolve(NULL, u.data, &out), -1);
	assert_int_equal(out.len, 0);
	/* 4000 spaces are 4000 bytes in, 12000 out ("%20") */
	buf_reset(&u);
	buf_adds(&u, "http://e.com/");
	for (int i = 0; i < 4000; i++)
		buf_addc(&u, ' ');
	buf_addc(&u, 'x');
	assert_int_equal(url_normalize(u.data, NULL, &out), -1);
	buf_free(&u);
	buf_free(&out);
}

/* cqa-fetch refuses an input line past the cap with a warning naming
 * FILE:LINE, never fetching or logging it, and fetches the others; when
 * nothing is left it stops with status 3. */
static void test_fetch_refuses_long_input(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN");
	if (!bin)
		skip();
	char dir[] = "/tmp/cqa-test-url-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char list[256], csv[256], warc[256], cmd[1024];
	snprintf(list, sizeof list, "%s/urls.txt", dir);
	snprintf(csv, sizeof csv, "%s/crawl.csv", dir);
	snprintf(warc, sizeof warc, "%s/out.warc.gz", dir);
	/* port 9 (discard) refuses at once: no network needed */
	buf_t at_cap = BUF_INIT;
	buf_adds(&at_cap, "http://127.0.0.1:9/");
	while (at_cap.len < URL_MAX_LENGTH)
		buf_addc(&at_cap, 'a');
	FILE *f = fopen(list, "w");
	assert_non_null(f);
	fprintf(f, "%sb\n", at_cap.data); /* 8193 bytes */
	fclose(f);
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-fetch' --retries 0 -i '%s' -o '%s' --crawl-log '%s' "
	         "2>&1",
	         bin, list, warc, csv);
	char msg[2048] = "";
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	msg[fread(msg, 1, sizeof msg - 1, p)] = '\0';
	int status = pclose(p);
	assert_int_equal(WEXITSTATUS(status), 3);
	char want[1024];
	snprintf(want, sizeof want,
	         "cqa-fetch: warning: %s:1: input of 8193 bytes refused: a URL "
	         "may have at most 8192 (servers refuse longer ones; RFC 9110 "
	         "asks for 8000)\n"
	         "cqa-fetch: every input was refused (1); nothing to fetch\n",
	         list);
	assert_string_equal(msg, want);

	/* With the URL of exactly the cap after it: that one is fetched
	 * (and fails to connect), the long one is still only warned about. */
	f = fopen(list, "a");
	fprintf(f, "\n%s\n", at_cap.data);
	fclose(f);
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-fetch' -q --retries 0 -i '%s' -o '%s' --crawl-log "
	         "'%s' 2>&1",
	         bin, list, warc, csv);
	assert_int_equal(WEXITSTATUS(system(cmd)), 4);
	f = fopen(csv, "r");
	assert_non_null(f);
	static char text[65536];
	text[fread(text, 1, sizeof text - 1, f)] = '\0';
	fclose(f);
	assert_non_null(strstr(text, at_cap.data));
	buf_addc(&at_cap, 'b');
	assert_null(strstr(text, at_cap.data));
	buf_free(&at_cap);
	remove(list);
	remove(csv);
	remove(warc);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc3986_normal),
	    cmocka_unit_test(test_rfc3986_abnormal),
	    cmocka_unit_test(test_resolve_more),
	    cmocka_unit_test(test_normalize_case_port_dots),
	    cmocka_unit_test(test_normalize_percent),
	    cmocka_unit_test(test_normalize_query),
	    cmocka_unit_test(test_normalize_rejects),
	    cmocka_unit_test(test_host),
	    cmocka_unit_test(test_existing_helpers),
	    cmocka_unit_test(test_length_cap),
	    cmocka_unit_test(test_fetch_refuses_long_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
