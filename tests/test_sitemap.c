/*
 * test_sitemap.c - sitemaps, sitemap indexes and hostile sitemaps.
 *
 * The XML samples follow sitemaps.org ("Sample XML Sitemap", "Sample XML
 * Sitemap Index", the entity-escaping table: & is written &amp;); the
 * expected URLs were worked out by hand with RFC 3986 resolution and the
 * normalisation of url.h.  gzip inputs are made here with zlib, so each
 * expected output is the plain input's.  The "billion laughs" document is
 * the classic one: ten entities each expanding ten of the previous, 3 GB
 * if expanded.
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
#include <zlib.h>

#include "common/buf.h"
#include "fetch/sitemap.h"

static void check_urls(const link_list *l, const char *const *want, size_t n)
{
	for (size_t i = 0; i < l->n || i < n; i++) {
		const char *got = i < l->n ? l->v[i].url : "(none)";
		const char *exp = i < n ? want[i] : "(none)";
		if (strcmp(got, exp))
			print_error("entry %zu: got %s want %s\n", i, got, exp);
		assert_string_equal(got, exp);
		assert_int_equal(l->v[i].kind, LINK_A);
		assert_int_equal(l->v[i].nofollow, 0);
	}
}

#define URLS(...)                                                              \
	(const char *const[])                                                  \
	{                                                                      \
		__VA_ARGS__                                                    \
	}
#define NURLS(...) (sizeof(URLS(__VA_ARGS__)) / sizeof(const char *))

/* Parses data (len bytes) from url; expects success, the page URLs in
 * urls and the sitemap URLs in maps. */
static void expect_ok(const char *data, size_t len, const char *url,
                      const char *const *urls, size_t nurls,
                      const char *const *maps, size_t nmaps)
{
	link_list u = LINK_LIST_INIT, s = LINK_LIST_INIT;
	cqa_error err;
	cqa_error_clear(&err);
	int rc = sitemap_parse(data, len, url, &u, &s, &err);
	if (rc)
		print_error("unexpected error: %s\n", err.msg);
	assert_int_equal(rc, 0);
	check_urls(&u, urls, nurls);
	check_urls(&s, maps, nmaps);
	link_list_free(&u);
	link_list_free(&s);
}

/* Expects failure with code and a message naming the input and holding
 * why (unless NULL), and both lists emptied. */
static void expect_fail(const char *data, size_t len, cqa_code code,
                        const char *why)
{
	link_list u = LINK_LIST_INIT, s = LINK_LIST_INIT;
	cqa_error err;
	cqa_error_clear(&err);
	/* Something in the lists already, to see it is gone. */
	link_list_add(&u, "http://old.example/", LINK_A, 0);
	int rc = sitemap_parse(data, len, "http://example.com/sitemap.xml", &u,
	                       &s, &err);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.msg, "http://example.com/sitemap.xml"));
	if (why && !strstr(err.msg, why))
		print_error("message \"%s\" lacks \"%s\"\n", err.msg, why);
	assert_true(!why || strstr(err.msg, why));
	assert_int_equal(u.n, 0);
	assert_int_equal(s.n, 0);
	link_list_free(&u);
	link_list_free(&s);
}

/* sitemaps.org's sample, plus an image extension, CDATA, a character
 * reference, an ftp URL and an entry without <loc>. */
static const char urlset_ns[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
    "   xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
    "  <url>\n"
    "    <loc>http://www.example.com/</loc>\n"
    "    <lastmod>2005-01-01</lastmod>\n"
    "    <changefreq>monthly</changefreq>\n"
    "    <priority>0.8</priority>\n"
    "  </url>\n"
    "  <url>\n"
    "    <loc>http://www.example.com/catalog?item=12&amp;desc=vacation_"
    "hawaii</loc>\n"
    "    <changefreq>weekly</changefreq>\n"
    "  </url>\n"
    "  <url>\n"
    "    <loc> https://WWW.Example.com:443/a/../b </loc>\n"
    "    <image:image><image:loc>http://www.example.com/img.png</image:loc>"
    "</image:image>\n"
    "  </url>\n"
    "  <url><loc><![CDATA[http://www.example.com/cdata?x=1&y=2]]></loc>"
    "</url>\n"
    "  <url><loc>ftp://www.example.com/file</loc></url>\n"
    "  <url><lastmod>2005-01-01</lastmod></url>\n"
    "  <image:loc>http://www.example.com/stray</image:loc>\n"
    "  <url><loc>http://www.example.com/&#x41;&#66;</loc></url>\n"
    "</urlset>\n";

#define URLSET_NS_WANT                                                         \
	"http://www.example.com/",                                             \
	    "http://www.example.com/catalog?item=12&desc=vacation_hawaii",     \
	    "https://www.example.com/b",                                       \
	    "http://www.example.com/cdata?x=1&y=2",                            \
	    "http://www.example.com/AB"

static void test_urlset_namespace(void **state)
{
	expect_ok(urlset_ns, strlen(urlset_ns),
	          "http://www.example.com/sitemap.xml", URLS(URLSET_NS_WANT),
	          NURLS(URLSET_NS_WANT), NULL, 0);
}

static void test_urlset_plain_and_relative(void **state)
{
	/* No namespace; relative <loc>s resolve against the sitemap URL. */
	const char xml[] = "<urlset>"
	                   "<url><loc>http://a.example/1</loc></url>"
	                   "<url><loc>/rel/2</loc></url>"
	                   "<url><loc>rel3</loc></url>"
	                   "<url><loc>../up4</loc></url>"
	                   "<url><loc>//b.example/5</loc></url>"
	                   "</urlset>";
	expect_ok(xml, strlen(xml), "https://a.example/maps/s.xml",
	          URLS("http://a.example/1", "https://a.example/rel/2",
	               "https://a.example/maps/rel3", "https://a.example/up4",
	               "https://b.example/5"),
	          5, NULL, 0);

	/* A prefix instead of a default namespace. */
	const char pre[] =
	    "<sm:urlset "
	    "xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	    "<sm:url><sm:loc>http://x.example/p</sm:loc></sm:url></sm:urlset>";
	expect_ok(pre, strlen(pre), NULL, URLS("http://x.example/p"), 1, NULL,
	          0);

	/* A <loc> outside the root's namespace is some extension's; the
	 * first one in it counts. */
	const char mixed[] =
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	    "<url><loc xmlns=\"\">http://x.example/no</loc>"
	    "<loc>http://x.example/yes</loc><loc>http://x.example/2nd</loc>"
	    "</url></urlset>";
	expect_ok(mixed, strlen(mixed), NULL, URLS("http://x.example/yes"), 1,
	          NULL, 0);

	/* Without a sitemap URL a relative <loc> cannot be resolved. */
	const char rel[] = "<urlset><url><loc>/x</loc></url></urlset>";
	expect_ok(rel, strlen(rel), NULL, NULL, 0, NULL, 0);

	/* A DOCTYPE without entities is harmless. */
	const char dt[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset>\n"
	                  "<urlset><url><loc>http://x.example/d</loc></url>"
	                  "</urlset>";
	expect_ok(dt, strlen(dt), NULL, URLS("http://x.example/d"), 1, NULL, 0);
}

static const char index_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    "   <sitemap>\n"
    "      <loc>http://www.example.com/sitemap1.xml.gz</loc>\n"
    "      <lastmod>2004-10-01T18:23:17+00:00</lastmod>\n"
    "   </sitemap>\n"
    "   <sitemap>\n"
    "      <loc>http://www.example.com/sitemap2.xml.gz</loc>\n"
    "      <lastmod>2005-01-01</lastmod>\n"
    "   </sitemap>\n"
    "   <sitemap><loc>sitemap3.xml</loc></sitemap>\n"
    "   <url><loc>http://www.example.com/not-here</loc></url>\n"
    "</sitemapindex>\n";

static void test_sitemap_index(void **state)
{
	expect_ok(index_xml, strlen(index_xml),
	          "http://www.example.com/sitemap_index.xml", NULL, 0,
	          URLS("http://www.example.com/sitemap1.xml.gz",
	               "http://www.example.com/sitemap2.xml.gz",
	               "http://www.example.com/sitemap3.xml"),
	          3);
}

/* gzip-compresses data into out, level 9, fed in slices of at most
 * `slice` bytes; with data NULL, feeds zero bytes instead (total len). */
static void gzip_into(buf_t *out, const char *data, size_t len, size_t slice)
{
	z_stream zs;
	unsigned char chunk[64 * 1024];
	static const unsigned char zeros[1 << 20];
	memset(&zs, 0, sizeof zs);
	assert_int_equal(
	    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY),
	    Z_OK);
	size_t done = 0;
	int flush;
	do {
		size_t n = len - done < slice ? len - done : slice;
		if (!data && n > sizeof zeros)
			n = sizeof zeros;
		zs.next_in = data ? (unsigned char *)data + done
		                  : (unsigned char *)zeros;
		zs.avail_in = (uInt)n;
		done += n;
		flush = done == len ? Z_FINISH : Z_NO_FLUSH;
		do {
			zs.next_out = chunk;
			zs.avail_out = sizeof chunk;
			assert_int_not_equal(deflate(&zs, flush),
			                     Z_STREAM_ERROR);
			buf_add(out, chunk, sizeof chunk - zs.avail_out);
		} while (zs.avail_out == 0);
	} while (flush != Z_FINISH);
	deflateEnd(&zs);
}

static void test_gzip(void **state)
{
	buf_t gz = BUF_INIT;
	gzip_into(&gz, urlset_ns, strlen(urlset_ns), 100);
	assert_true(gz.len > 2 && (unsigned char)gz.data[0] == 0x1f);
	expect_ok(gz.data, gz.len, "http://www.example.com/sitemap.xml.gz",
	          URLS(URLSET_NS_WANT), NURLS(URLSET_NS_WANT), NULL, 0);

	buf_reset(&gz);
	gzip_into(&gz, index_xml, strlen(index_xml), 1 << 20);
	expect_ok(gz.data, gz.len, "http://www.example.com/i.xml", NULL, 0,
	          URLS("http://www.example.com/sitemap1.xml.gz",
	               "http://www.example.com/sitemap2.xml.gz",
	               "http://www.example.com/sitemap3.xml"),
	          3);

	const char txt[] =
	    "http://www.example.com/t1\nhttp://www.example.com/t2";
	buf_reset(&gz);
	gzip_into(&gz, txt, strlen(txt), 1 << 20);
	expect_ok(
	    gz.data, gz.len, NULL,
	    URLS("http://www.example.com/t1", "http://www.example.com/t2"), 2,
	    NULL, 0);

	/* The magic bytes then garbage: corrupt, not text. */
	static const char bad[] = "\x1f\x8b\x08\x00garbage that is no deflate";
	expect_fail(bad, sizeof bad - 1, CQA_ERR_FORMAT, "corrupt");
	buf_free(&gz);
}

static void test_gzip_bomb(void **state)
{
	/* 100 MB of zeros compress to about 100 KB; it must be refused at
	 * SITEMAP_MAX_BYTES without being inflated further. */
	buf_t gz = BUF_INIT;
	gzip_into(&gz, NULL, 100u * 1000u * 1000u, 1 << 20);
	print_message("bomb: %zu compressed bytes\n", gz.len);
	assert_true(gz.len < 200 * 1000);
	clock_t t0 = clock();
	expect_fail(gz.data, gz.len, CQA_ERR_LIMIT,
	            "larger than 52428800 bytes once uncompressed");
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("bomb refused in %.2f s\n", s);
	assert_true(s < 10); /* a hang guard, not a benchmark */
	buf_free(&gz);

	/* Uncompressed input past the cap is refused before parsing. */
	size_t big = SITEMAP_MAX_BYTES + 1;
	char *p = malloc(big);
	assert_non_null(p);
	memset(p, ' ', big);
	memcpy(p, "<urlset>", 8);
	expect_fail(p, big, CQA_ERR_LIMIT, "larger than 52428800 bytes");
	free(p);
}

static void test_text(void **state)
{
	const char txt[] = "\xef\xbb\xbfhttp://www.example.com/a\r\n"
	                   "\n"
	                   "   https://www.example.com/b  \r\n"
	                   "not a url\n"
	                   "/relative\n"
	                   "ftp://www.example.com/f\n"
	                   "javascript:alert(1)\n"
	                   "HTTP://WWW.EXAMPLE.COM/C?q=1#frag\n"
	                   "http://www.example.com/no-newline-at-end";
	expect_ok(txt, strlen(txt), "http://www.example.com/sitemap.txt",
	          URLS("http://www.example.com/a", "https://www.example.com/b",
	               "http://www.example.com/C?q=1",
	               "http://www.example.com/no-newline-at-end"),
	          4, NULL, 0);
	/* Empty and blank input: a sitemap with nothing in it. */
	expect_ok("", 0, NULL, NULL, 0, NULL, 0);
	expect_ok(" \r\n\n", 4, NULL, NULL, 0, NULL, 0);
	/* Lines but no URL at all: not a sitemap. */
	const char prose[] = "hello\nworld\n";
	expect_fail(prose, strlen(prose), CQA_ERR_FORMAT, "neither XML nor");
}

static void test_billion_laughs(void **state)
{
	const char xml[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE urlset [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 "
	    "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
	    "&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
	    "&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
	    "&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
	    "&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"
	    "&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
	    "&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
	    "&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;"
	    "&lol8;&lol8;\">\n"
	    "]>\n"
	    "<urlset><url><loc>http://x.example/&lol9;</loc></url></urlset>\n";
	clock_t t0 = clock();
	expect_fail(xml, strlen(xml), CQA_ERR_FORMAT, "declares XML entities");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5);

	/* The same refusal for a parameter entity and an external one
	 * (which NONET and no DTD loading would not fetch anyway). */
	const char pe[] = "<!DOCTYPE urlset [<!ENTITY % p \"x\">]>"
	                  "<urlset><url><loc>http://x.example/</loc></url>"
	                  "</urlset>";
	expect_fail(pe, strlen(pe), CQA_ERR_FORMAT, "declares XML entities");
	const char xxe[] =
	    "<!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
	    "<urlset><url><loc>http://x.example/&xxe;</loc></url></urlset>";
	expect_fail(xxe, strlen(xxe), CQA_ERR_FORMAT, "declares XML entities");
}

static void test_garbage(void **state)
{
	const char html[] = "<!DOCTYPE html><html><body>404 not found"
	                    "<p>gone</body></html>";
	expect_fail(html, strlen(html), CQA_ERR_FORMAT, "not well-formed");
	const char xhtml[] = "<html><body><a href=\"http://x/\">x</a></body>"
	                     "</html>";
	expect_fail(xhtml, strlen(xhtml), CQA_ERR_FORMAT,
	            "root element <html>");
	const char rss[] =
	    "<rss version=\"2.0\"><channel><item>"
	    "<link>http://x.example/</link></item></channel></rss>";
	expect_fail(rss, strlen(rss), CQA_ERR_FORMAT, "root element <rss>");
	const char cut[] = "<urlset><url><loc>http://x.example/a</loc></url>"
	                   "<url><loc>http://x.exa";
	expect_fail(cut, strlen(cut), CQA_ERR_FORMAT, "not well-formed");
	const char amp[] = "<urlset><url><loc>http://x.example/?a=1&b=2</loc>"
	                   "</url></urlset>";
	expect_fail(amp, strlen(amp), CQA_ERR_FORMAT, "not well-formed");
	static const char noise[] = "\x00\x01\x02\xff\xfe\xfd binary\n\x80\x81";
	expect_fail(noise, sizeof noise - 1, CQA_ERR_FORMAT, "neither XML nor");
	static const char lt_noise[] = "<\x00\x01\x02\xff>\x80";
	expect_fail(lt_noise, sizeof lt_noise - 1, CQA_ERR_FORMAT,
	            "not well-formed");

	/* err may be NULL. */
	link_list u = LINK_LIST_INIT, s = LINK_LIST_INIT;
	assert_int_equal(sitemap_parse(rss, strlen(rss), NULL, &u, &s, NULL),
	                 -1);
}

static void test_cap(void **state)
{
	buf_t b = BUF_INIT;
	for (unsigned i = 0; i < SITEMAP_MAX_URLS + 5; i++)
		buf_printf(&b, "http://e.example/p%u\n", i);
	link_list u = LINK_LIST_INIT, s = LINK_LIST_INIT;
	assert_int_equal(sitemap_parse(b.data, b.len, NULL, &u, &s, NULL), 0);
	assert_int_equal(u.n, SITEMAP_MAX_URLS);
	assert_string_equal(u.v[0].url, "http://e.example/p0");
	assert_string_equal(u.v[SITEMAP_MAX_URLS - 1].url,
	                    "http://e.example/p49999");

	/* The same in XML; and the old contents are replaced. */
	buf_reset(&b);
	buf_adds(&b, "<urlset>");
	for (unsigned i = 0; i < SITEMAP_MAX_URLS + 5; i++)
		buf_printf(&b, "<url><loc>http://e.example/x%u</loc></url>", i);
	buf_adds(&b, "</urlset>");
	assert_int_equal(sitemap_parse(b.data, b.len, NULL, &u, &s, NULL), 0);
	assert_int_equal(u.n, SITEMAP_MAX_URLS);
	assert_string_equal(u.v[0].url, "http://e.example/x0");
	assert_string_equal(u.v[SITEMAP_MAX_URLS - 1].url,
	                    "http://e.example/x49999");
	link_list_free(&u);
	link_list_free(&s);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_urlset_namespace),
	    cmocka_unit_test(test_urlset_plain_and_relative),
	    cmocka_unit_test(test_sitemap_index),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_gzip_bomb),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_billion_laughs),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
