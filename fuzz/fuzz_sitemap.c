/*
 * fuzz_sitemap.c - libFuzzer target for sitemap_parse() (fetch/sitemap.h):
 * XML <urlset> and <sitemapindex>, text sitemaps, gzip.
 *
 * The first input byte is a selector, not sitemap data: its low two bits
 * pick the URL the sitemap was fetched from (none, a plain one, one with a
 * port, upper case, a query and dot segments, or one that is not http), so
 * relative <loc> values resolve against different bases; bit 2 gzips the
 * rest before parsing, so the fuzzer mutates the plain text while the
 * gunzip path runs.  Printable bytes do the job: seeds start with '0'..'3'
 * (as is) or '4'..'7' (gzipped).  Raw gzip in the input (1f 8b after the
 * selector) reaches the same path with corrupt and truncated streams.
 *
 * Beyond "no crash, no leak, no hang", the target checks what sitemap.h
 * promises: 0 or -1 with a limit or format error and both lists empty;
 * what the lists held before is replaced; only one list is filled, never
 * more than SITEMAP_MAX_URLS entries; every entry is an http(s) URL of
 * kind LINK_A, not nofollow, already in url_normalize() form; text
 * sitemaps fill only the page list; a gzipped sitemap gives exactly what
 * the plain one gives.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/url.h"
#include "fetch/sitemap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const sitemap_urls[4] = {
    NULL,
    "https://example.com/sitemap.xml",
    "HTTP://Example.COM:8080/a/./b/../sitemaps/index.xml?lang=en#top",
    "ftp://example.com/sitemap.txt",
};

/* data as one gzip member, into out. */
static void gzip(const uint8_t *data, size_t size, buf_t *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		abort();
	uLong bound = deflateBound(&zs, (uLong)size);
	buf_grow(out, bound);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)size;
	zs.next_out = (Bytef *)out->data;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		abort();
	out->len = bound - zs.avail_out;
	deflateEnd(&zs);
}

static void check_list(const link_list *l)
{
	buf_t norm = BUF_INIT;
	if (l->n > SITEMAP_MAX_URLS)
		abort();
	for (size_t i = 0; i < l->n; i++) {
		const link_t *k = &l->v[i];
		if (!k->url || k->kind != LINK_A || k->nofollow ||
		    (strncmp(k->url, "http://", 7) &&
		     strncmp(k->url, "https://", 8)))
			abort();
		buf_reset(&norm);
		if (url_normalize(k->url, NULL, &norm) < 0 ||
		    strcmp(buf_cstr(&norm), k->url))
			abort();
	}
	buf_free(&norm);
}

static int same_lists(const link_list *a, const link_list *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].url, b->v[i].url))
			return 0;
	return 1;
}

/* 1 if the input is taken as XML (the rule of sitemap.h). */
static int looks_xml(const unsigned char *p, size_t len)
{
	if (len >= 2 &&
	    ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return 1;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3, len -= 3;
	while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, len--;
	return len && *p == '<';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *base = sitemap_urls[data[0] & 3];
	int zipped = !!(data[0] & 4);
	const uint8_t *plain = data + 1;
	size_t plain_len = size - 1;

	/* Lists that already hold an entry: the parser must replace it. */
	link_list urls = LINK_LIST_INIT, maps = LINK_LIST_INIT;
	link_list_add(&urls, "http://stale.example/", LINK_CANONICAL, 1);
	link_list_add(&maps, "http://stale.example/", LINK_CANONICAL, 1);
	cqa_error err;
	cqa_error_clear(&err);
	int rc = sitemap_parse((const char *)plain, plain_len, base, &urls,
	                       &maps, &err);
	if (rc == 0) {
		check_list(&urls);
		check_list(&maps);
		if (urls.n && maps.n)
			abort();
		int gz = plain_len >= 2 && plain[0] == 0x1f && plain[1] == 0x8b;
		if (!gz && !looks_xml(plain, plain_len) && maps.n)
			abort();
		if (plain_len == 0 && (urls.n || maps.n))
			abort();
	} else {
		if (rc != -1 || urls.n || maps.n ||
		    (err.code != CQA_ERR_FORMAT && err.code != CQA_ERR_LIMIT))
			abort();
	}

	if (zipped) {
		buf_t z = BUF_INIT;
		gzip(plain, plain_len, &z);
		link_list zu = LINK_LIST_INIT, zm = LINK_LIST_INIT;
		cqa_error zerr;
		cqa_error_clear(&zerr);
		int zrc = sitemap_parse(z.data, z.len, base, &zu, &zm, &zerr);
		/* Data that is gzip already would be inflated twice over
		 * one way and once the other: not comparable. */
		int gz = plain_len >= 2 && plain[0] == 0x1f && plain[1] == 0x8b;
		if (!gz && (zrc != rc || !same_lists(&zu, &urls) ||
		            !same_lists(&zm, &maps)))
			abort();
		link_list_free(&zu);
		link_list_free(&zm);
		buf_free(&z);
	}
	link_list_free(&urls);
	link_list_free(&maps);
	return 0;
}
