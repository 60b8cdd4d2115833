/*
 * test_links.c - link extraction from HTML pages.
 *
 * Each page is a few lines of inline HTML; the expected URLs were resolved
 * by hand with RFC 3986 section 5.2 (merge, remove_dot_segments) and the
 * normalisation of url.h (lower-case scheme and host, default port gone,
 * percent-encoding upper-case), in document order.
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

#include "common/buf.h"
#include "common/url.h"
#include "fetch/links.h"

struct want {
	const char *url;
	enum link_kind kind;
	int nofollow;
};

static void check_list(const link_list *l, const struct want *w, size_t n)
{
	for (size_t i = 0; i < l->n || i < n; i++) {
		const char *got = i < l->n ? l->v[i].url : "(none)";
		const char *exp = i < n ? w[i].url : "(none)";
		if (strcmp(got, exp))
			print_error("link %zu: got %s want %s\n", i, got, exp);
		assert_string_equal(got, exp);
		assert_int_equal(l->v[i].kind, w[i].kind);
		assert_int_equal(l->v[i].nofollow, w[i].nofollow);
	}
}

/* Extracts from html at url and compares with the expected list. */
#define CHECK(html, url, ...)                                                  \
	do {                                                                   \
		const struct want w_[] = {__VA_ARGS__};                        \
		link_list l_ = LINK_LIST_INIT;                                 \
		assert_int_equal(                                              \
		    links_extract(html, strlen(html), url, &l_, NULL, NULL),   \
		    0);                                                        \
		check_list(&l_, w_, sizeof w_ / sizeof w_[0]);                 \
		link_list_free(&l_);                                           \
	} while (0)

static void test_resolution(void **state)
{
	const char html[] =
	    "<html><head><title>t</title></head><body>\n"
	    "<a href=\"other.html\">same dir</a>\n"
	    "<a href=\"../up/x.html\">parent</a>\n"
	    "<a href=\"/abs\">absolute path</a>\n"
	    "<a href=\"//cdn.example.org/x?y=1\">protocol-relative</a>\n"
	    "<a href=\"HTTPS://Other.EXAMPLE:443/p\">absolute</a>\n"
	    "<a href=\" \t spaced.html \n\">white space</a>\n"
	    "<a href=\"?q=1\">query only</a>\n"
	    "<A HREF=\"upper.html\">upper-case markup</A>\n"
	    "<a href=\"javascript:void(0)\">js</a>\n"
	    "<a href=\"JavaScript:go()\">js</a>\n"
	    "<a href=\"java&#10;script:alert(1)\">js split by a newline</a>\n"
	    "<a href=\"mailto:someone@example.com\">mail</a>\n"
	    "<a href=\"tel:+15555550100\">phone</a>\n"
	    "<a href=\"data:text/html,hi\">data</a>\n"
	    "<a href=\"ftp://example.com/f\">ftp</a>\n"
	    "<a href=\"#top\">fragment only</a>\n"
	    "<a href=\"\">empty</a>\n"
	    "<a name=\"anchor\">no href</a>\n"
	    "<a href=\"http://[::1\">malformed</a>\n"
	    "<a href=\"sec.html#part 2\">fragment kept</a>\n"
	    "<map name=\"m\"><area shape=\"rect\" coords=\"0,0,1,1\" "
	    "href=\"map/../area.html\"></map>\n"
	    "</body></html>\n";
	CHECK(html, "http://example.com/dir/page.html",
	      {"http://example.com/dir/other.html", LINK_A, 0},
	      {"http://example.com/up/x.html", LINK_A, 0},
	      {"http://example.com/abs", LINK_A, 0},
	      {"http://cdn.example.org/x?y=1", LINK_A, 0},
	      {"https://other.example/p", LINK_A, 0},
	      {"http://example.com/dir/spaced.html", LINK_A, 0},
	      {"http://example.com/dir/page.html?q=1", LINK_A, 0},
	      {"http://example.com/dir/upper.html", LINK_A, 0},
	      {"http://example.com/dir/sec.html#part%202", LINK_A, 0},
	      {"http://example.com/dir/area.html", LINK_AREA, 0}, );
}

static void test_base_href(void **state)
{
	/* A relative base resolves against the page; only the first
	 * <base href> counts. */
	CHECK("<head><base target=\"_top\"><base href=\"/x/y/\">"
	      "<base href=\"http://ignored.example/\"></head>"
	      "<body><a href=\"z.html\"></a><a href=\"../w\"></a>"
	      "<a href=\"/root\"></a></body>",
	      "http://example.com/a/b/page.html",
	      {"http://example.com/x/y/z.html", LINK_A, 0},
	      {"http://example.com/x/w", LINK_A, 0},
	      {"http://example.com/root", LINK_A, 0}, );
	/* A base that comes after a link still applies to it (HTML resolves
	 * every URL against the document's first base). */
	CHECK("<body><a href=\"q\"></a>"
	      "<base href=\"http://b.example/root/\"></body>",
	      "http://example.com/page",
	      {"http://b.example/root/q", LINK_A, 0}, );
	/* A base that is not http(s) falls back to the page URL, and a later
	 * one is still ignored. */
	CHECK("<head><base href=\"javascript:x\">"
	      "<base href=\"http://ignored.example/\"></head>"
	      "<a href=\"q\"></a>",
	      "http://example.com/dir/page",
	      {"http://example.com/dir/q", LINK_A, 0}, );
	/* Without a page URL only absolute links can be resolved. */
	CHECK("<a href=\"rel\"></a><a href=\"http://abs.example/\"></a>", NULL,
	      {"http://abs.example/", LINK_A, 0}, );
}

static void test_nofollow(void **state)
{
	CHECK("<a rel=\"nofollow\" href=\"/1\"></a>"
	      "<a rel=\"UGC noopener\" href=\"/2\"></a>"
	      "<a rel=\"noopener sponsored\" href=\"/3\"></a>"
	      "<a rel=\"noopener noreferrer\" href=\"/4\"></a>"
	      "<a rel=\"nofollowing\" href=\"/5\"></a>"
	      "<a rel=\"next\" href=\"/6\"></a>"
	      "<area rel=\"nofollow\" href=\"/7\">",
	      "https://example.com/", {"https://example.com/1", LINK_A, 1},
	      {"https://example.com/2", LINK_A, 1},
	      {"https://example.com/3", LINK_A, 1},
	      {"https://example.com/4", LINK_A, 0},
	      {"https://example.com/5", LINK_A, 0},
	      {"https://example.com/6", LINK_A, 0},
	      {"https://example.com/7", LINK_AREA, 1}, );
}

static void meta_case(const char *html, int nofollow, int noindex)
{
	link_list l = LINK_LIST_INIT;
	int nf = -1, ni = -1;
	assert_int_equal(
	    links_extract(html, strlen(html), "http://e.com/", &l, &nf, &ni),
	    0);
	if (nf != nofollow || ni != noindex)
		print_error("%s: got nofollow %d noindex %d\n", html, nf, ni);
	assert_int_equal(nf, nofollow);
	assert_int_equal(ni, noindex);
	link_list_free(&l);
}

static void test_meta_robots(void **state)
{
	meta_case("<meta name=\"robots\" content=\"noindex, nofollow\">", 1, 1);
	meta_case("<meta name=\"ROBOTS\" content=\"NOFOLLOW\">", 1, 0);
	meta_case("<meta name=\"robots\" content=\"noindex\">", 0, 1);
	meta_case("<meta name=\"googlebot\" content=\"none\">", 1, 1);
	meta_case("<meta name=\"otherbot\" content=\"noindex,nofollow\">", 0,
	          0);
	meta_case("<meta name=\"robots\" content=\"index, follow\">", 0, 0);
	meta_case("<meta name=\"robots\" content=\"noindexer nofollowme\">", 0,
	          0);
	meta_case("<meta name=\"description\" content=\"nofollow\">", 0, 0);
	meta_case("<meta http-equiv=\"robots\" content=\"nofollow\">", 0, 0);
	/* Two tags add up; a tag in the body counts too. */
	meta_case("<head><meta name=\"robots\" content=\"noindex\"></head>"
	          "<body><a href=\"/x\"></a>"
	          "<meta name=\"googlebot\" content=\"nofollow\"></body>",
	          1, 1);
	meta_case("<p>no meta</p>", 0, 0);

	/* Either flag pointer may be NULL. */
	link_list l = LINK_LIST_INIT;
	int nf = -1;
	const char *h = "<meta name=robots content=none><a href=/x></a>";
	assert_int_equal(
	    links_extract(h, strlen(h), "http://e.com/", &l, &nf, NULL), 0);
	assert_int_equal(nf, 1);
	assert_int_equal(l.n, 1);
	link_list_free(&l);
}

static void test_duplicates(void **state)
{
	CHECK("<head><link rel=\"canonical\" href=\"/self\"></head><body>"
	      "<a href=\"/a\"></a>"
	      "<a href=\"http://EXAMPLE.com:80/a\"></a>"
	      "<a href=\"./a#frag\"></a>"
	      "<a href=\"/self\"></a>"
	      "<a href=\"/b\" rel=\"nofollow\"></a>"
	      "<a href=\"/b\"></a>"
	      "<a href=\"/c\" rel=\"nofollow\"></a>"
	      "<a href=\"/c\" rel=\"ugc\"></a>"
	      "<a href=\"/d#x\"></a><a href=\"/d#y\"></a><a href=\"/d\"></a>"
	      "<area href=\"/e\"><a href=\"/e\"></a>"
	      "<link rel=\"canonical\" href=\"/a\">"
	      "</body>",
	      "http://example.com/",
	      {"http://example.com/self", LINK_CANONICAL, 0},
	      {"http://example.com/a", LINK_CANONICAL, 0},
	      {"http://example.com/b", LINK_A, 0},
	      {"http://example.com/c", LINK_A, 1},
	      {"http://example.com/d#x", LINK_A, 0},
	      {"http://example.com/e", LINK_AREA, 0}, );
}

static void test_link_kinds(void **state)
{
	CHECK("<html><head>"
	      "<link rel=\"next\" href=\"?page=3\">"
	      "<link rel=\"prev\" href=\"?page=1\">"
	      "<link rel=\"Previous\" href=\"/list\">"
	      "<link rel=\"alternate\" hreflang=\"de\" href=\"/de/list\">"
	      "<link rel=\"alternate\" type=\"application/rss+xml\" "
	      "href=\"/feed.xml\">"
	      "<link rel=\"canonical\" href=\"http://example.com/list?page=2\">"
	      "<link rel=\"stylesheet\" href=\"/s.css\">"
	      "<link rel=\"alternate stylesheet\" href=\"/alt.css\">"
	      "<link rel=\"alternate icon\" href=\"/favicon.ico\">"
	      "<link rel=\"preload\" href=\"/font.woff2\">"
	      "<link href=\"/no-rel\">"
	      "<link rel=\"next nofollow\" href=\"/nf\">"
	      "</head><body>"
	      "<a rel=\"next\" href=\"/other\">next</a>"
	      "<a href=\"?page=3\">3</a>"
	      "<img src=\"/img.png\"><script src=\"/s.js\"></script>"
	      "<iframe src=\"/frame\"></iframe>"
	      "</body></html>",
	      "http://example.com/list?page=2",
	      {"http://example.com/list?page=3", LINK_NEXT, 0},
	      {"http://example.com/list?page=1", LINK_PREV, 0},
	      {"http://example.com/list", LINK_PREV, 0},
	      {"http://example.com/de/list", LINK_ALTERNATE, 0},
	      {"http://example.com/feed.xml", LINK_ALTERNATE, 0},
	      {"http://example.com/list?page=2", LINK_CANONICAL, 0},
	      {"http://example.com/nf", LINK_NEXT, 1},
	      {"http://example.com/other", LINK_A, 0}, );
	assert_string_equal(link_kind_name(LINK_CANONICAL), "canonical");
	assert_string_equal(link_kind_name(LINK_A), "a");
	assert_string_equal(link_kind_name(LINK_AREA), "area");
}

static void test_charset(void **state)
{
	/* "caf\xe9" is "café" in ISO-8859-1: é is U+00E9, UTF-8 C3 A9. */
	CHECK("<html><head><meta charset=\"iso-8859-1\"></head><body>"
	      "<a href=\"/caf\xe9\">x</a></body></html>",
	      "http://example.com/",
	      {"http://example.com/caf%C3%A9", LINK_A, 0}, );
	/* The same page in UTF-8 gives the same URL. */
	CHECK("<html><head><meta charset=\"utf-8\"></head><body>"
	      "<a href=\"/caf\xc3\xa9\">x</a></body></html>",
	      "http://example.com/",
	      {"http://example.com/caf%C3%A9", LINK_A, 0}, );
}

static void test_deep_nesting(void **state)
{
	/* 100,000 nested elements would overflow a recursive walk's stack. */
	enum { DEPTH = 100000 };
	buf_t b = BUF_INIT;
	buf_adds(&b, "<html><body><a href=\"/top\"></a>");
	for (int i = 0; i < DEPTH; i++)
		buf_adds(&b, "<div>");
	buf_adds(&b, "<a href=\"/deep\">x</a>");
	for (int i = 0; i < DEPTH; i++)
		buf_adds(&b, "</div>");
	buf_adds(&b, "<a href=\"/end\"></a></body></html>");
	CHECK(b.data, "http://e.com/", {"http://e.com/top", LINK_A, 0},
	      {"http://e.com/deep", LINK_A, 0},
	      {"http://e.com/end", LINK_A, 0}, );
	buf_free(&b);
}

static void test_cap(void **state)
{
	/* Just under: exactly LINKS_MAX_PER_PAGE links, none cut. */
	buf_t b = BUF_INIT;
	for (unsigned i = 0; i < LINKS_MAX_PER_PAGE; i++)
		buf_printf(&b, "<a href=\"/p%u\">x</a>\n", i);
	link_list l = LINK_LIST_INIT;
	assert_int_equal(
	    links_extract(b.data, b.len, "http://e.com/", &l, NULL, NULL), 0);
	assert_int_equal(l.n, LINKS_MAX_PER_PAGE);
	assert_int_equal(l.cut, 0);
	/* Just over: five more new links are cut and counted; a repeat of a
	 * listed link is no new link, and still makes it canonical. */
	for (unsigned i = LINKS_MAX_PER_PAGE; i < LINKS_MAX_PER_PAGE + 5; i++)
		buf_printf(&b, "<a href=\"/p%u\">x</a>\n", i);
	buf_adds(&b, "<link rel=canonical href=\"/p7\">");
	assert_int_equal(
	    links_extract(b.data, b.len, "http://e.com/", &l, NULL, NULL), 0);
	assert_int_equal(l.n, LINKS_MAX_PER_PAGE);
	assert_int_equal(l.cut, 5);
	assert_string_equal(l.v[0].url, "http://e.com/p0");
	assert_string_equal(l.v[LINKS_MAX_PER_PAGE - 1].url,
	                    "http://e.com/p99999");
	assert_int_equal(l.v[7].kind, LINK_CANONICAL);
	link_list_free(&l);
	assert_int_equal(l.cut, 0);
	buf_free(&b);
}

/* An href that resolves past URL_MAX_LENGTH bytes is no link. */
static void test_url_length_cap(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	/* "http://e.com/" is 13 bytes: 8192 - 13 = 8179 letters after it
	 * make a URL of exactly the cap, one more letter one past it */
	buf_adds(&b, "<a href=\"/");
	for (int i = 0; i < 8179; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\">at the cap</a><a href=\"/");
	for (int i = 0; i < 8180; i++)
		buf_addc(&b, 'b');
	buf_adds(&b, "\">past it</a>");
	link_list l = LINK_LIST_INIT;
	assert_int_equal(
	    links_extract(b.data, b.len, "http://e.com/", &l, NULL, NULL), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(strlen(l.v[0].url), URL_MAX_LENGTH);
	assert_int_equal(l.v[0].url[13], 'a');
	link_list_free(&l);
	buf_free(&b);
}

static void test_garbage_and_reuse(void **state)
{
	link_list l = LINK_LIST_INIT;
	int nf = -1, ni = -1;
	const char *h = "<a href=\"/one\"></a><meta name=robots content=none>";
	assert_int_equal(
	    links_extract(h, strlen(h), "http://e.com/", &l, &nf, &ni), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(nf, 1);

	/* Empty input: no links, flags cleared, the old list replaced. */
	assert_int_equal(links_extract("", 0, "http://e.com/", &l, &nf, &ni),
	                 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(nf, 0);
	assert_int_equal(ni, 0);

	/* Binary noise with NUL bytes and a stray '<': no crash, no link. */
	static const char noise[] = "\x00\x01\xff\xfe<\x80\x81 \x1f\x8b\x08"
	                            "<a hr\x00"
	                            "ef=x>\xc3\x28";
	int rc = links_extract(noise, sizeof noise - 1, "http://e.com/", &l,
	                       &nf, &ni);
	assert_true(rc == 0 || rc == -1);
	assert_int_equal(l.n, 0);

	/* Unclosed tags and attributes without quotes, as pages have. */
	CHECK("<p><a href=/x>one<a href=y.html?a=1&b=2>two<p>three",
	      "http://e.com/dir/", {"http://e.com/x", LINK_A, 0},
	      {"http://e.com/dir/y.html?a=1&b=2", LINK_A, 0}, );
	link_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolution),
	    cmocka_unit_test(test_base_href),
	    cmocka_unit_test(test_nofollow),
	    cmocka_unit_test(test_meta_robots),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_link_kinds),
	    cmocka_unit_test(test_charset),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_url_length_cap),
	    cmocka_unit_test(test_garbage_and_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
