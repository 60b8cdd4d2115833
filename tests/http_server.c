/*
 * http_server.c - a tiny loopback HTTP/1.1 server for the fetch tests.
 *
 * It binds 127.0.0.1 on a port the kernel picks, prints that port as the
 * first line of stdout, and serves until it is killed or gets GET /quit.
 * One thread, one poll() loop, non-blocking sockets: a route that answers
 * late (or never) keeps its connection parked with a deadline while the
 * others are served, so a client timeout can be tested without stalling
 * the rest.  Every response carries "Connection: close" and the socket is
 * closed as soon as the last byte is written, which makes the number of
 * open connections an exact measure of the client's parallelism.
 *
 * Usage: http_server [site].  Without "site", /robots.txt is a 404 (the
 * crawler then may fetch everything, and test_fetch sees no rules); with
 * it, /robots.txt has rules and a Sitemap line (ROBOTS_TXT) and /bomb.html
 * is served, whose body is generated at start.  The server answers to any
 * Host, so "localhost:PORT" is a second host on the same server for the
 * crawler's scope.
 *
 * Every request path is counted (the hit table) with the times of its last
 * two hits: /hits/PATH reports them, so a test can tell how many attempts
 * the server saw and how long the client waited between them.  The fault
 * routes that change their answer with the attempt (/flaky/, /retry-after/)
 * read the same counter; a test uses its own PATH suffix for a fresh one.
 *
 * Routes (bodies are fixed so tests can compare them byte for byte):
 *   /page.html   200 text/html, PAGE_HTML
 *   /gz.html     200 text/html, GZ_HTML gzip-compressed with zlib,
 *                Content-Encoding: gzip
 *   /chunked     200 text/plain, Transfer-Encoding: chunked, CHUNKED_RAW
 *   /echo        200 text/plain, the request header block as received
 *   /redirect    302 to /page.html
 *   /loop        302 to /loop (a redirect loop)
 *   /to-file     302 to file:///etc/passwd (must never be followed)
 *   /404 and any unknown path: 404 text/plain
 *   /big         200 application/octet-stream, BIG_LEN bytes of 'x'
 *   /big.html    200 text/html, BIG_LEN bytes of 'x'
 *   /slow        never answers (the client has to time out)
 *   /c/ANYTHING  200 after C_DELAY seconds; counted in the "max_c" gauge
 *   /stats       "max_c N\n": most /c/ requests open at once, then resets
 *   /quit        200, then the server exits
 * The crawl site (site_pages; ORIGIN is http://127.0.0.1:PORT, OTHER is
 * http://localhost:PORT):
 *   /robots.txt          site mode: ROBOTS_TXT; else 404
 *   /site/...            HTML pages linking each other, a PDF, a PNG
 *   /private/secret.html a page robots.txt disallows
 *   /sm/...              pages only the sitemap lists
 *   /sitemap-index.xml   a sitemap index naming /sitemaps/pages.xml.gz
 *   /sitemaps/pages.xml.gz  application/x-gzip: a gzip-compressed
 *                        <urlset> of /sm/one.html and /sm/two.html
 *   /sitemap-cross.xml   a sitemap index naming OTHER/sitemaps/pages.xml.gz,
 *                        a sitemap on another host
 * Faults (ANY: any suffix, to get a fresh hit counter):
 *   /flaky/ANY           500 on the first hit, then 200 text/html
 *   /retry-after/N/ANY   429 with "Retry-After: N" on the first hit, then 200
 *   /fail/ANY            500 text/html, always
 *   /reset/ANY           200 text/html, Content-Length 4096, 512 bytes of
 *                        body, then RESET_PAUSE_MS later a TCP reset
 *   /short/ANY           200 text/html declaring Content-Length 1000,
 *                        100 bytes sent, then a normal close
 *   /delay/MS/ANY        200 text/html after MS milliseconds
 *   /huge-header         HUGE_HEADER_LINES header lines of 1 KiB each
 *   /bomb.html           site mode: text/html, Content-Encoding: gzip, a
 *                        body inflating to BOMB_BYTES of zeros (about
 *                        200 KiB sent)
 *   /bomb-1g.html        site mode: the same with BOMB_1G_MIB MiB of zeros
 *                        (1 GiB, about 1 MiB sent: far past 64 MiB
 *                        decoded at 100 times its size)
 *   /big-gz.html         site mode: text/html, Content-Encoding: gzip, a
 *                        real-looking page of BIG_GZ_BYTES (teasers: a
 *                        headline, a byline, a summary), about 12:1
 * Crawler traps (site mode):
 *   /calendar/N          an endless calendar: "next" links N+1, and
 *                        "previous" N-1 for N > 0
 *   /rel/...             any path under /rel/: a page whose relative link
 *                        "a/b/" makes every page one with a longer path
 *   /hits/PATH           "hits N gap MS\n": requests for PATH so far, and
 *                        milliseconds between its last two (-1 if fewer)
 *   /hits-under/PREFIX   "PATH N\n" for every path counted so far that
 *                        starts with PREFIX, in the order first seen
 * A generated site, large enough that a crawl of it can be interrupted
 * midway (site mode; SITE is any name, so each test crawls fresh paths):
 *   /gen/SITE/N.html     N in 0..GEN_PAGES-1: 200 text/html after
 *                        GEN_DELAY_MS, about GEN_WORDS words of text
 *                        drawn from N (so no two bodies are alike) and
 *                        relative links to N+1, N+2, N+3 and 2N (all
 *                        modulo GEN_PAGES): every page is reachable from
 *                        /gen/SITE/0.html
 * A tree of directories, for crawls whose links redirect (site mode):
 *   /tree/SITE/dN        N in 0..TREE_PAGES-1: 301 to /tree/SITE/dN/
 *   /tree/SITE/dN/       200 text/html after TREE_DELAY_MS, linking its
 *                        children dK for K = 2N+1 and 2N+2 (below
 *                        TREE_PAGES), both in the redirecting form, the
 *                        root /tree/SITE/d0, itself and its parent in the
 *                        final form ("./", dP/), and
 *                        /private/tree/SITE/N.html, which
 *                        robots.txt disallows.  So dN is at depth
 *                        floor(log2(N + 1)) from d0, and a crawl of the
 *                        whole tree stores TREE_PAGES pages.  When SITE
 *                        starts with "stall", the first request for
 *                        dTREE_STALL/ is never answered (later ones are):
 *                        a crawl then sits with everything but that
 *                        page's subtree done, a place to kill it at.
 *
 * Conditional requests, for scheduled audits (SITE is any name):
 *   /cond/SITE/N.html    N in 0..3, 200 text/html; 0 links to 1, 2, 3.
 *                        0 and 1 send ETag "cond-N" and COND_DATE as
 *                        Last-Modified, 2 sends Last-Modified only, 3 an
 *                        ETag that changes with every hit (the page
 *                        changed).  An If-None-Match naming the ETag, or
 *                        without one an If-Modified-Since equal to
 *                        COND_DATE, gets 304 Not Modified with the
 *                        validators and no body.
 *
 * A safety alarm ends the process after LIFETIME seconds in case the test
 * that started it died without killing it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, MSG_NOSIGNAL */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PAGE_HTML                                                              \
	"<!DOCTYPE html>\n<html><head><title>Test page</title></head>\n"       \
	"<body><p>Hello from the test server.</p></body></html>\n"
#define GZ_HTML                                                                \
	"<!DOCTYPE html>\n<html><head><title>Compressed</title></head>\n"      \
	"<body><p>This page travels gzip-compressed.</p></body></html>\n"
#define CHUNKED_RAW "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"

/* robots.txt of the site: another crawler's group that must not apply,
 * then the group every other crawler (the tests' "cqa-test-agent") gets. */
#define ROBOTS_TXT                                                             \
	"# test site\n"                                                        \
	"User-agent: otherbot\n"                                               \
	"Disallow: /\n"                                                        \
	"\n"                                                                   \
	"User-agent: *\n"                                                      \
	"Disallow: /private/\n"                                                \
	"\n"                                                                   \
	"Sitemap: {ORIGIN}/sitemap-index.xml\n"

enum {
	MAX_CONN = 64,           /* connections served at once */
	MAX_REQ = 16384,         /* request header block cap */
	BIG_LEN = 2 << 20,       /* /big: 2 MiB */
	LIFETIME = 120,          /* seconds before the safety alarm fires */
	C_DELAY_MS = 300,        /* /c/ answers this late, so transfers overlap
	                            even on a loaded machine */
	NEVER_MS = -1,           /* deadline of /slow */
	MAX_PATHS = 2048,        /* distinct paths the hit table counts: a few
	                            generated sites and the rest */
	RESET_PAUSE_MS = 100,    /* /reset/: the client has read the part by
	                            then, so the reset comes mid-body */
	HUGE_HEADER_LINES = 280, /* 277 KiB: past the client's 256 KiB cap,
	                            short of libcurl's own 300 KiB */
	GEN_PAGES = 300,         /* pages of a generated site */
	GEN_DELAY_MS = 20,       /* a generated page answers this late: at 4
	                            transfers at once a crawl of a site takes
	                            about 1.5 s, long enough to stop midway */
	GEN_WORDS = 480,         /* words of text on a generated page (3 KiB) */
	TREE_PAGES = 31,         /* pages of a tree: depths 0 to 4 */
	TREE_DELAY_MS = 10,      /* a tree page answers this late, so that a
	                            crawl's transfers overlap */
	TREE_STALL = 5,          /* the page a "stall" tree holds back: depth
	                            2, its subtree 7 pages */
};

/* /bomb.html inflates to this many bytes (200 MiB of zeros). */
#define BOMB_BYTES (200u << 20)
/* /bomb-1g.html inflates to this many MiB of zeros. */
#define BOMB_1G_MIB 1024
/* /big-gz.html is this long decoded (2 MiB). */
#define BIG_GZ_BYTES (2u << 20)

typedef struct conn {
	int fd;
	char req[MAX_REQ];
	size_t req_len;
	int answered; /* the request is complete and out is set */
	char *out;
	size_t out_len, out_off;
	long long ready_at; /* ms; NEVER_MS for never, 0 for now */
	int counted;        /* part of the /c/ gauge */
	int reset;          /* after out: pause, then abort with a RST */
	int sent;           /* out is written; the reset is due at ready_at */
} conn;

typedef struct hit {
	char path[256];
	int n;
	long long last, prev; /* ms of the last two requests */
} hit;

static conn conns[MAX_CONN];
static int n_c_open, max_c_open, quitting;
static unsigned char *gz_body;
static size_t gz_len;
static hit hits[MAX_PATHS];
static int n_hits;
static int site_mode;
static char origin[64], other[64]; /* ORIGIN and OTHER, see the top */
static unsigned char *sitemap_gz, *bomb_gz;
static size_t sitemap_gz_len, bomb_gz_len;
static unsigned char *bomb_1g_gz, *big_gz;
static size_t bomb_1g_gz_len, big_gz_len;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *xalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		perror("http_server");
		exit(1);
	}
	return p;
}

/* --- the crawl site ------------------------------------------------------ */

/* Pages of the site.  {ORIGIN} and {OTHER} are replaced when served.  The
 * links, and what a crawler from /site/index.html must make of them:
 *   index  -> page2 (<link rel=next>), a, b (rel=nofollow: not followed),
 *             OTHER/site/other-host.html (another host: out of scope by
 *             default), doc.pdf (not HTML: logged, not stored),
 *             /private/secret.html (robots.txt: refused), a#top (a again),
 *             a stylesheet and a mailto: (not pages)
 *   a      -> c, index (known), img.png (not HTML)
 *   page2  -> d
 *   c      -> e
 *   d      -> f, but the page says <meta name=robots content=nofollow>
 */
static const struct site_page {
	const char *path;
	const char *type;
	const char *body;
} site_pages[] = {
    {"/site/index.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Index</title>\n"
     "<link rel=\"stylesheet\" href=\"/site/style.css\">\n"
     "<link rel=\"next\" href=\"/site/page2.html\">\n"
     "</head><body>\n"
     "<p><a href=\"a.html\">A</a>\n"
     "<a href=\"b.html\" rel=\"nofollow\">B</a>\n"
     "<a href=\"{OTHER}/site/other-host.html\">elsewhere</a>\n"
     "<a href=\"doc.pdf\">a PDF</a>\n"
     "<a href=\"/private/secret.html\">private</a>\n"
     "<a href=\"a.html#top\">A again</a>\n"
     "<a href=\"mailto:someone@example.com\">mail</a></p>\n"
     "</body></html>\n"},
    {"/site/a.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>A</title></head><body>\n"
     "<p><a href=\"c.html\">C</a> <a href=\"index.html\">home</a>\n"
     "<a href=\"img.png\">picture</a></p>\n</body></html>\n"},
    {"/site/b.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>B</title></head><body>\n"
     "<p>Only a nofollow link leads here.</p>\n</body></html>\n"},
    {"/site/c.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>C</title></head><body>\n"
     "<p><a href=\"e.html\">E</a></p>\n</body></html>\n"},
    {"/site/d.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>D</title>\n"
     "<meta name=\"robots\" content=\"nofollow\"></head><body>\n"
     "<p><a href=\"f.html\">F</a></p>\n</body></html>\n"},
    {"/site/e.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>E</title></head><body>\n"
     "<p>The deepest page.</p>\n</body></html>\n"},
    {"/site/f.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>F</title></head><body>\n"
     "<p>Only a nofollow page links here.</p>\n</body></html>\n"},
    {"/site/page2.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Page 2</title></head><body>\n"
     "<p><a href=\"d.html\">D</a></p>\n</body></html>\n"},
    {"/site/other-host.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Other</title></head><body>\n"
     "<p>Reached through another host name.</p>\n</body></html>\n"},
    {"/site/doc.pdf", "application/pdf",
     "%PDF-1.4\n% not really a document, only a Content-Type\n%%EOF\n"},
    {"/site/img.png", "image/png", "\x89PNG\r\n\x1a\nnot really an image\n"},
    {"/private/secret.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Secret</title></head><body>\n"
     "<p>robots.txt keeps crawlers out of here.</p>\n</body></html>\n"},
    {"/sm/one.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>One</title></head><body>\n"
     "<p><a href=\"three.html\">three</a></p>\n</body></html>\n"},
    {"/sm/two.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Two</title></head><body>\n"
     "<p>Listed in the sitemap.</p>\n</body></html>\n"},
    {"/sm/three.html", "text/html",
     "<!DOCTYPE html>\n<html><head><title>Three</title></head><body>\n"
     "<p>Linked, not listed.</p>\n</body></html>\n"},
    {"/sitemap-index.xml", "application/xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<sitemapindex "
     "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
     "<sitemap><loc>{ORIGIN}/sitemaps/pages.xml.gz</loc></sitemap>\n"
     "</sitemapindex>\n"},
    {"/sitemap-cross.xml", "application/xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<sitemapindex "
     "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
     "<sitemap><loc>{OTHER}/sitemaps/pages.xml.gz</loc></sitemap>\n"
     "</sitemapindex>\n"},
};

/* The <urlset> that /sitemaps/pages.xml.gz holds compressed. */
#define SITEMAP_XML                                                            \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"     \
	"<url><loc>{ORIGIN}/sm/one.html</loc></url>\n"                         \
	"<url><loc>{ORIGIN}/sm/two.html</loc></url>\n"                         \
	"</urlset>\n"

/* s with {ORIGIN} and {OTHER} replaced; malloc'd, length in *len. */
static char *expand(const char *s, size_t *len)
{
	size_t cap = strlen(s) + 1, n = 0;
	for (const char *p = s; (p = strchr(p, '{')); p++)
		cap += sizeof origin;
	char *out = xalloc(cap);
	while (*s) {
		if (!strncmp(s, "{ORIGIN}", 8) || !strncmp(s, "{OTHER}", 7)) {
			const char *v = s[2] == 'R' ? origin : other;
			memcpy(out + n, v, strlen(v));
			n += strlen(v);
			s += s[2] == 'R' ? 8 : 7;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/* gzip (level 9) of len bytes of src, or of len zero bytes when src is
 * NULL, fed in pieces so the input never has to exist whole. */
static unsigned char *gzip_of(const void *src, size_t len, size_t *out_len)
{
	static const unsigned char zeros[1 << 16];
	z_stream z = {0};
	/* 15 + 16: zlib writes a gzip wrapper instead of a zlib one. */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY))
		exit(1);
	const unsigned char *in = src;
	size_t cap = len / 512 + 4096, left = len;
	unsigned char *out = xalloc(cap);
	for (;;) {
		if (z.avail_in == 0 && left) {
			size_t piece =
			    left < sizeof zeros ? left : sizeof zeros;
			z.next_in = (unsigned char *)(in ? in : zeros);
			z.avail_in = (unsigned)piece;
			left -= piece;
			if (in)
				in += piece;
		}
		if (z.total_out + 4096 > cap) {
			cap *= 2;
			unsigned char *o = realloc(out, cap);
			if (!o)
				exit(1);
			out = o;
		}
		z.next_out = out + z.total_out;
		z.avail_out = (unsigned)(cap - z.total_out);
		/* Z_FINISH once the last piece is in, until the end. */
		int rc = deflate(&z, left ? Z_NO_FLUSH : Z_FINISH);
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			exit(1);
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* gzip of mib MiB of zeros without deflating them all: one MiB deflated
 * with a full flush leaves the compressor as it started, so the bytes of
 * the second MiB stand for every later one.  The trailer's CRC-32 is
 * combined from the one of a MiB, not computed over the whole. */
static unsigned char *gzip_zeros_mib(size_t mib, size_t *out_len)
{
	static const unsigned char zeros[1 << 20];
	static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0,
	                                       0,    0,    0, 2, 3};
	unsigned char first[4096], unit[4096], tail[64];
	size_t first_len, unit_len, tail_len;
	z_stream z = {0};
	/* -15: raw deflate; the gzip wrapper is written here. */
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY))
		exit(1);
	unsigned char *outs[] = {first, unit};
	size_t *lens[] = {&first_len, &unit_len};
	for (int i = 0; i < 2; i++) {
		z.next_in = (unsigned char *)zeros;
		z.avail_in = sizeof zeros;
		z.next_out = outs[i];
		z.avail_out = sizeof first;
		if (deflate(&z, Z_FULL_FLUSH) != Z_OK || z.avail_in)
			exit(1);
		*lens[i] = sizeof first - z.avail_out;
	}
	z.next_out = tail;
	z.avail_out = sizeof tail;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(1);
	tail_len = sizeof tail - z.avail_out;
	deflateEnd(&z);
	uLong crc1 = crc32(0, zeros, sizeof zeros), crc = crc1;
	for (size_t i = 1; i < mib; i++)
		crc = crc32_combine(crc, crc1, (z_off_t)sizeof zeros);
	size_t len =
	    sizeof head + first_len + (mib - 1) * unit_len + tail_len + 8;
	unsigned char *out = xalloc(len), *p = out;
	memcpy(p, head, sizeof head);
	p += sizeof head;
	memcpy(p, first, first_len);
	p += first_len;
	for (size_t i = 1; i < mib; i++, p += unit_len)
		memcpy(p, unit, unit_len);
	memcpy(p, tail, tail_len);
	p += tail_len;
	unsigned long isize = (unsigned long)(mib << 20) & 0xffffffffUL;
	for (int i = 0; i < 4; i++)
		*p++ = (unsigned char)(crc >> (8 * i));
	for (int i = 0; i < 4; i++)
		*p++ = (unsigned char)(isize >> (8 * i));
	*out_len = len;
	return out;
}

/* The body of /big-gz.html, BIG_GZ_BYTES long and more: a list of
 * teasers, the words drawn by an LCG, so it compresses as real pages do
 * rather than to nothing.  malloc'd, length in *len. */
static char *big_html(size_t *len)
{
	static const char *const words[] = {
	    "audit",   "crawler", "content", "quality",  "reader",
	    "summary", "archive", "record",  "resume",   "partial",
	    "signal",  "history", "measure", "sentence", "paragraph",
	    "harbour", "lantern", "meadow",  "granite",  "orchard"};
	size_t cap = BIG_GZ_BYTES + 4096, n = 0;
	char *b = xalloc(cap);
	unsigned long long x = 42;
	n += (size_t)snprintf(b, cap,
	                      "<!DOCTYPE html>\n<html><head><title>All the "
	                      "news</title></head>\n<body>\n");
	for (int k = 0; n < BIG_GZ_BYTES; k++) {
		n +=
		    (size_t)snprintf(b + n, cap - n,
		                     "<article class=\"teaser\">\n<h2 "
		                     "class=\"teaser-title\"><a href=\"#s%d\">",
		                     k);
		/* 5 words of headline, 24 of summary */
		for (int w = 0; w < 29; w++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			const char *word =
			    words[(x >> 33) % (sizeof words / sizeof *words)];
			n +=
			    (size_t)snprintf(b + n, cap - n, "%s%s",
			                     w == 0 || w == 5 ? "" : " ", word);
			if (w == 4)
				n += (size_t)snprintf(
				    b + n, cap - n,
				    "</a></h2>\n<p class=\"byline\">By the "
				    "news desk, <time datetime=\"2024-05-17\">"
				    "17 May 2024</time></p>\n<p "
				    "class=\"summary\">");
		}
		n += (size_t)snprintf(b + n, cap - n, ".</p>\n</article>\n");
	}
	n += (size_t)snprintf(b + n, cap - n, "</body></html>\n");
	*len = n;
	return b;
}

/* --- the hit table ------------------------------------------------------- */

static hit *hit_find(const char *path)
{
	for (int i = 0; i < n_hits; i++)
		if (!strcmp(hits[i].path, path))
			return &hits[i];
	return NULL;
}

/* Counts a request for path; returns its count, this one included. */
static int hit_count(const char *path)
{
	hit *h = hit_find(path);
	if (!h && n_hits < MAX_PATHS) {
		h = &hits[n_hits++];
		snprintf(h->path, sizeof h->path, "%s", path);
	}
	if (!h)
		return 1;
	h->prev = h->last;
	h->last = now_ms();
	return ++h->n;
}

/* --- responses ----------------------------------------------------------- */

/* Sets c->out to a whole response: status line, headers, body. */
static void respond(conn *c, const char *status, const char *headers,
                    const void *body, size_t len)
{
	char head[1024];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 %s\r\nServer: cqa-test\r\n%s"
	                 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
	                 status, headers, len);
	c->out = xalloc((size_t)n + len);
	memcpy(c->out, head, (size_t)n);
	memcpy(c->out + n, body, len);
	c->out_len = (size_t)n + len;
}

/* Sets c->out to exactly the len bytes of raw. */
static void respond_raw(conn *c, const void *raw, size_t len)
{
	c->out = xalloc(len);
	memcpy(c->out, raw, len);
	c->out_len = len;
}

static void redirect(conn *c, const char *to)
{
	char h[256];
	snprintf(h, sizeof h, "Location: %s\r\nContent-Type: text/plain\r\n",
	         to);
	respond(c, "302 Found", h, "moved\n", 6);
}

static const char html_type[] = "Content-Type: text/html; charset=utf-8\r\n";
static const char text_type[] = "Content-Type: text/plain\r\n";

/* A small HTML page saying what it is. */
static void html_page(conn *c, const char *status, const char *extra_headers,
                      const char *what)
{
	char body[512], headers[512];
	int n = snprintf(body, sizeof body,
	                 "<!DOCTYPE html>\n<html><head><title>%s</title>"
	                 "</head>\n<body><p>%s</p></body></html>\n",
	                 what, what);
	snprintf(headers, sizeof headers, "%s%s", html_type, extra_headers);
	respond(c, status, headers, body, (size_t)n);
}

static void big(conn *c, const char *type)
{
	char *b = xalloc(BIG_LEN);
	memset(b, 'x', BIG_LEN);
	respond(c, "200 OK", type, b, BIG_LEN);
	free(b);
}

static int site_page(conn *c, const char *path)
{
	for (size_t i = 0; i < sizeof site_pages / sizeof *site_pages; i++) {
		if (strcmp(site_pages[i].path, path))
			continue;
		char h[128];
		snprintf(h, sizeof h, "Content-Type: %s\r\n",
		         site_pages[i].type);
		size_t len;
		char *body = expand(site_pages[i].body, &len);
		respond(c, "200 OK", h, body, len);
		free(body);
		return 1;
	}
	return 0;
}

/* --- conditional requests ---------------------------------------------- */

#define COND_DATE "Sun, 01 Nov 2026 10:00:00 GMT"

/* The value of request header name (case-insensitive) into out, or 0. */
static int request_header(const conn *c, const char *name, char *out,
                          size_t size)
{
	size_t nl = strlen(name);
	for (const char *l = strstr(c->req, "\r\n"); l && l[2];
	     l = strstr(l + 2, "\r\n")) {
		const char *h = l + 2;
		if (strncasecmp(h, name, nl) || h[nl] != ':')
			continue;
		h += nl + 1;
		while (*h == ' ')
			h++;
		size_t len = strcspn(h, "\r");
		if (len >= size)
			len = size - 1;
		memcpy(out, h, len);
		out[len] = '\0';
		return 1;
	}
	return 0;
}

/* /cond/SITE/N.html, or 0 if path is not one. */
static int cond_page(conn *c, const char *path, int n)
{
	if (strncmp(path, "/cond/", 6))
		return 0;
	const char *slash = strchr(path + 6, '/');
	if (!slash || slash[1] < '0' || slash[1] > '3' ||
	    strcmp(slash + 2, ".html"))
		return 0;
	int page = slash[1] - '0';
	char etag[64] = "", h[256], got[256];
	if (page <= 1)
		snprintf(etag, sizeof etag, "\"cond-%d\"", page);
	else if (page == 3)
		snprintf(etag, sizeof etag, "\"cond-3-%d\"", n);
	int n_h = 0;
	if (*etag)
		n_h += snprintf(h, sizeof h, "ETag: %s\r\n", etag);
	if (page != 3)
		snprintf(h + n_h, sizeof h - (size_t)n_h,
		         "Last-Modified: " COND_DATE "\r\n");
	int same;
	if (request_header(c, "If-None-Match", got, sizeof got))
		same = *etag && !strcmp(got, etag);
	else
		same =
		    page != 3 &&
		    request_header(c, "If-Modified-Since", got, sizeof got) &&
		    !strcmp(got, COND_DATE);
	if (same) {
		respond(c, "304 Not Modified", h, "", 0);
		return 1;
	}
	char body[512], headers[320];
	int len = snprintf(body, sizeof body,
	                   "<!DOCTYPE html>\n<html><head><title>Cond %d</title>"
	                   "</head>\n<body><p>Conditional page %d.</p>%s"
	                   "</body></html>\n",
	                   page, page,
	                   page ? ""
	                        : "<a href=\"1.html\">1</a> <a href=\"2.html\">"
	                          "2</a> <a href=\"3.html\">3</a>");
	snprintf(headers, sizeof headers, "%s%s", html_type, h);
	respond(c, "200 OK", headers, body, (size_t)len);
	return 1;
}

/* --- the generated site ------------------------------------------------- */

/* /gen/SITE/N.html, or 0 if path is not one.  The words come from an LCG
 * seeded with N, so a page's body is the same on every request and differs
 * from every other page's (distinct payload digests, and text that does
 * not compress to nothing). */
static int gen_page(conn *c, const char *path)
{
	static const char *const words[] = {
	    "audit",   "crawler", "content", "quality",  "reader",
	    "summary", "archive", "record",  "resume",   "partial",
	    "signal",  "history", "measure", "sentence", "paragraph",
	    "harbour", "lantern", "meadow",  "granite",  "orchard"};
	if (!site_mode || strncmp(path, "/gen/", 5))
		return 0;
	const char *slash = strchr(path + 5, '/');
	char *end;
	if (!slash || slash == path + 5 || slash[1] < '0' || slash[1] > '9')
		return 0;
	long n = strtol(slash + 1, &end, 10);
	if (strcmp(end, ".html") || n < 0 || n >= GEN_PAGES)
		return 0;
	size_t cap = (size_t)GEN_WORDS * 12 + 1024, len = 0;
	char *body = xalloc(cap);
	len += (size_t)snprintf(body, cap,
	                        "<!DOCTYPE html>\n<html><head><title>Generated "
	                        "page %ld</title></head>\n<body>\n<h1>Page "
	                        "%ld</h1>\n<p>",
	                        n, n);
	unsigned long long x = (unsigned long long)n * 2654435761u + 1;
	for (int i = 0; i < GEN_WORDS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		len += (size_t)snprintf(
		    body + len, cap - len, "%s%s", i ? " " : "",
		    words[(x >> 33) % (sizeof words / sizeof *words)]);
	}
	len += (size_t)snprintf(
	    body + len, cap - len,
	    ".</p>\n<p><a href=\"%ld.html\">next</a> "
	    "<a href=\"%ld.html\">skip one</a> "
	    "<a href=\"%ld.html\">skip two</a> "
	    "<a href=\"%ld.html\">double</a></p>\n</body></html>\n",
	    (n + 1) % GEN_PAGES, (n + 2) % GEN_PAGES, (n + 3) % GEN_PAGES,
	    (2 * n) % GEN_PAGES);
	respond(c, "200 OK", html_type, body, len);
	free(body);
	c->ready_at = now_ms() + GEN_DELAY_MS;
	return 1;
}

/* /tree/SITE/dN and /tree/SITE/dN/ (see the top), or 0 if path is
 * neither.  n: the requests for path so far, this one included. */
static int tree_page(conn *c, const char *path, int n)
{
	if (!site_mode || strncmp(path, "/tree/", 6))
		return 0;
	const char *site = path + 6, *slash = strchr(site, '/');
	char *end;
	if (!slash || slash == site || slash[1] != 'd' || slash[2] < '0' ||
	    slash[2] > '9')
		return 0;
	long k = strtol(slash + 2, &end, 10);
	if (k < 0 || k >= TREE_PAGES || (*end && strcmp(end, "/")))
		return 0;
	int site_len = (int)(slash - site);
	if (!*end) {
		char to[256];
		snprintf(to, sizeof to, "/tree/%.*s/d%ld/", site_len, site, k);
		char h[320];
		snprintf(h, sizeof h,
		         "Location: %s\r\nContent-Type: text/plain\r\n", to);
		respond(c, "301 Moved Permanently", h, "moved\n", 6);
		return 1;
	}
	char body[2048];
	int len = snprintf(body, sizeof body,
	                   "<!DOCTYPE html>\n<html><head><title>Directory %ld"
	                   "</title></head>\n<body><p>Directory %ld of the "
	                   "tree.</p>\n<p>",
	                   k, k);
	for (long child = 2 * k + 1; child <= 2 * k + 2; child++)
		if (child < TREE_PAGES)
			len += snprintf(body + len, sizeof body - (size_t)len,
			                "<a href=\"/tree/%.*s/d%ld\">d%ld</a> ",
			                site_len, site, child, child);
	len += snprintf(body + len, sizeof body - (size_t)len,
	                "<a href=\"./\">here</a> ");
	if (k > 0)
		len += snprintf(body + len, sizeof body - (size_t)len,
		                "<a href=\"/tree/%.*s/d0\">top</a> "
		                "<a href=\"/tree/%.*s/d%ld/\">up</a> ",
		                site_len, site, site_len, site, (k - 1) / 2);
	len += snprintf(body + len, sizeof body - (size_t)len,
	                "<a href=\"/private/tree/%.*s/%ld.html\">private</a>"
	                "</p>\n</body></html>\n",
	                site_len, site, k);
	respond(c, "200 OK", html_type, body, (size_t)len);
	c->ready_at = now_ms() + TREE_DELAY_MS;
	if (k == TREE_STALL && n == 1 && !strncmp(site, "stall", 5))
		c->ready_at = NEVER_MS;
	return 1;
}

/* The crawler traps (see the top), or 0 if path is neither. */
static int trap_page(conn *c, const char *path)
{
	char body[512];
	int len;
	long n;
	char *end;
	if (!site_mode)
		return 0;
	if (!strncmp(path, "/calendar/", 10) && path[10] >= '0' &&
	    path[10] <= '9' && (n = strtol(path + 10, &end, 10)) >= 0 &&
	    !*end) {
		len = snprintf(body, sizeof body,
		               "<!DOCTYPE html>\n<html><head><title>Day %ld"
		               "</title></head>\n<body><p>Nothing on day %ld."
		               "</p>\n<p><a href=\"%ld\">next</a>",
		               n, n, n + 1);
		if (n > 0)
			len += snprintf(body + len, sizeof body - (size_t)len,
			                " <a href=\"%ld\">previous</a>", n - 1);
	} else if (!strncmp(path, "/rel/", 5)) {
		len = snprintf(body, sizeof body,
		               "<!DOCTYPE html>\n<html><head><title>Relative"
		               "</title></head>\n<body><p><a href=\"a/b/\">"
		               "deeper</a>");
	} else {
		return 0;
	}
	len += snprintf(body + len, sizeof body - (size_t)len,
	                "</p>\n</body></html>\n");
	respond(c, "200 OK", html_type, body, (size_t)len);
	return 1;
}

/* "PATH N\n" for each counted path under prefix. */
static void hits_under(conn *c, const char *prefix)
{
	size_t cap = 64, len = 0, plen = strlen(prefix);
	for (int i = 0; i < n_hits; i++)
		cap += strlen(hits[i].path) + 16;
	char *body = xalloc(cap);
	body[0] = '\0';
	for (int i = 0; i < n_hits; i++)
		if (!strncmp(hits[i].path, prefix, plen))
			len +=
			    (size_t)snprintf(body + len, cap - len, "%s %d\n",
			                     hits[i].path, hits[i].n);
	respond(c, "200 OK", text_type, body, len);
	free(body);
}

/* The fault routes; 0 if path is none of them. */
static int fault(conn *c, const char *path, int n)
{
	long ms;
	if (!strncmp(path, "/flaky/", 7)) {
		if (n == 1)
			html_page(c, "500 Internal Server Error", "",
			          "Server error");
		else
			html_page(c, "200 OK", "", "Flaky, now fine");
	} else if (!strncmp(path, "/retry-after/", 13)) {
		char h[64];
		snprintf(h, sizeof h, "Retry-After: %d\r\n", atoi(path + 13));
		if (n == 1)
			html_page(c, "429 Too Many Requests", h, "Slow down");
		else
			html_page(c, "200 OK", "", "Thanks for waiting");
	} else if (!strncmp(path, "/fail/", 6)) {
		html_page(c, "500 Internal Server Error", "", "Server error");
	} else if (!strncmp(path, "/reset/", 7)) {
		char r[1024];
		int k = snprintf(r, sizeof r,
		                 "HTTP/1.1 200 OK\r\nServer: cqa-test\r\n%s"
		                 "Content-Length: 4096\r\n\r\n",
		                 html_type);
		memset(r + k, 'r', 512);
		respond_raw(c, r, (size_t)k + 512);
		c->reset = 1;
	} else if (!strncmp(path, "/short/", 7)) {
		char r[1024];
		int k = snprintf(r, sizeof r,
		                 "HTTP/1.1 200 OK\r\nServer: cqa-test\r\n%s"
		                 "Content-Length: 1000\r\n"
		                 "Connection: close\r\n\r\n",
		                 html_type);
		memset(r + k, 's', 100);
		respond_raw(c, r, (size_t)k + 100);
	} else if (sscanf(path, "/delay/%ld/", &ms) == 1) {
		html_page(c, "200 OK", "", "Late");
		c->ready_at = now_ms() + ms;
	} else if (!strcmp(path, "/huge-header")) {
		size_t cap = (size_t)HUGE_HEADER_LINES * 1040 + 1024, k = 0;
		char *r = xalloc(cap);
		k += (size_t)snprintf(r, cap, "HTTP/1.1 200 OK\r\n%s",
		                      html_type);
		for (int i = 0; i < HUGE_HEADER_LINES; i++) {
			k += (size_t)snprintf(r + k, cap - k,
			                      "X-Filler-%d: ", i);
			memset(r + k, 'h', 1000);
			k += 1000;
			memcpy(r + k, "\r\n", 2);
			k += 2;
		}
		k += (size_t)snprintf(r + k, cap - k,
		                      "Content-Length: 2\r\n"
		                      "Connection: close\r\n\r\nok");
		respond_raw(c, r, k);
		free(r);
	} else {
		return 0;
	}
	return 1;
}

static void route(conn *c, const char *path)
{
	int n = 0;
	if (strncmp(path, "/hits/", 6) && strncmp(path, "/hits-under/", 12) &&
	    strcmp(path, "/stats") && strcmp(path, "/quit"))
		n = hit_count(path);
	if (!strcmp(path, "/page.html")) {
		respond(c, "200 OK", html_type, PAGE_HTML, strlen(PAGE_HTML));
	} else if (!strcmp(path, "/gz.html")) {
		respond(c, "200 OK",
		        "Content-Type: text/html; charset=utf-8\r\n"
		        "Content-Encoding: gzip\r\n",
		        gz_body, gz_len);
	} else if (!strcmp(path, "/chunked")) {
		/* No Content-Length: the chunks delimit the body. */
		static const char r[] =
		    "HTTP/1.1 200 OK\r\nServer: cqa-test\r\n"
		    "Content-Type: text/plain\r\n"
		    "Transfer-Encoding: chunked\r\n"
		    "Connection: close\r\n\r\n" CHUNKED_RAW;
		respond_raw(c, r, sizeof r - 1);
	} else if (cond_page(c, path, n)) {
		/* answered */
	} else if (!strcmp(path, "/echo")) {
		respond(c, "200 OK", text_type, c->req, c->req_len);
	} else if (!strcmp(path, "/redirect")) {
		redirect(c, "/page.html");
	} else if (!strcmp(path, "/loop")) {
		redirect(c, "/loop");
	} else if (!strcmp(path, "/to-file")) {
		redirect(c, "file:///etc/passwd");
	} else if (!strcmp(path, "/big")) {
		big(c, "Content-Type: application/octet-stream\r\n");
	} else if (!strcmp(path, "/big.html")) {
		big(c, html_type);
	} else if (!strcmp(path, "/slow")) {
		c->ready_at = NEVER_MS;
	} else if (!strncmp(path, "/c/", 3)) {
		respond(c, "200 OK", text_type, "c\n", 2);
		c->ready_at = now_ms() + C_DELAY_MS;
		c->counted = 1;
		if (++n_c_open > max_c_open)
			max_c_open = n_c_open;
	} else if (!strcmp(path, "/stats")) {
		char s[64];
		int k = snprintf(s, sizeof s, "max_c %d\n", max_c_open);
		max_c_open = n_c_open;
		respond(c, "200 OK", text_type, s, (size_t)k);
	} else if (!strncmp(path, "/hits/", 6)) {
		const hit *h = hit_find(path + 5);
		char s[64];
		int k =
		    snprintf(s, sizeof s, "hits %d gap %lld\n", h ? h->n : 0,
		             h && h->n > 1 ? h->last - h->prev : -1);
		respond(c, "200 OK", text_type, s, (size_t)k);
	} else if (!strncmp(path, "/hits-under/", 12)) {
		hits_under(c, path + 11);
	} else if (!strcmp(path, "/quit")) {
		respond(c, "200 OK", text_type, "bye\n", 4);
		quitting = 1;
	} else if (site_mode && !strcmp(path, "/robots.txt")) {
		size_t len;
		char *body = expand(ROBOTS_TXT, &len);
		respond(c, "200 OK", text_type, body, len);
		free(body);
	} else if (site_mode && !strcmp(path, "/bomb.html")) {
		respond(c, "200 OK",
		        "Content-Type: text/html; charset=utf-8\r\n"
		        "Content-Encoding: gzip\r\n",
		        bomb_gz, bomb_gz_len);
	} else if (site_mode && (!strcmp(path, "/bomb-1g.html") ||
	                         !strcmp(path, "/big-gz.html"))) {
		int bomb = path[1] == 'b' && path[2] == 'o';
		respond(c, "200 OK",
		        "Content-Type: text/html; charset=utf-8\r\n"
		        "Content-Encoding: gzip\r\n",
		        bomb ? bomb_1g_gz : big_gz,
		        bomb ? bomb_1g_gz_len : big_gz_len);
	} else if (trap_page(c, path)) {
		/* answered */
	} else if (!strcmp(path, "/sitemaps/pages.xml.gz")) {
		respond(c, "200 OK", "Content-Type: application/x-gzip\r\n",
		        sitemap_gz, sitemap_gz_len);
	} else if (site_page(c, path) || gen_page(c, path) ||
	           tree_page(c, path, n) || fault(c, path, n)) {
		/* answered */
	} else {
		respond(c, "404 Not Found", text_type, "not found\n", 10);
	}
}

/* --- the loop ------------------------------------------------------------ */

static void close_conn(conn *c)
{
	close(c->fd);
	free(c->out);
	if (c->counted)
		n_c_open--;
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

/* Closes with a RST instead of a FIN: SO_LINGER with a zero timeout makes
 * close() abort the connection. */
static void reset_conn(conn *c)
{
	struct linger l = {1, 0};
	setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	close_conn(c);
}

/* Reads what is there; answers once the header block is complete. */
static void on_read(conn *c)
{
	char tmp[4096];
	ssize_t n = recv(c->fd, tmp, sizeof tmp, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		close_conn(c); /* the client went away */
		return;
	}
	if (n < 0 || c->answered)
		return; /* anything after the request is ignored */
	size_t take = (size_t)n;
	if (take > MAX_REQ - 1 - c->req_len)
		take = MAX_REQ - 1 - c->req_len;
	memcpy(c->req + c->req_len, tmp, take);
	c->req_len += take;
	c->req[c->req_len] = '\0';
	if (!strstr(c->req, "\r\n\r\n") && c->req_len < MAX_REQ - 1)
		return;
	char path[1024] = "";
	if (sscanf(c->req, "%*s %1023s", path) != 1)
		strcpy(path, "/");
	c->answered = 1;
	route(c, path);
}

static void on_write(conn *c)
{
	if (c->sent) {
		reset_conn(c); /* the pause after a /reset/ body is over */
		return;
	}
	ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
	                 MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		close_conn(c); /* the client hung up mid-response (/big) */
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off < c->out_len)
		return;
	if (c->reset) {
		c->sent = 1;
		c->ready_at = now_ms() + RESET_PAUSE_MS;
		return;
	}
	close_conn(c);
}

static int listen_loopback(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) ||
	    listen(fd, 64) || getsockname(fd, (struct sockaddr *)&a, &alen)) {
		perror("http_server: listen");
		exit(1);
	}
	int port = ntohs(a.sin_port);
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", port);
	snprintf(other, sizeof other, "http://localhost:%d", port);
	return fd;
}

int main(int argc, char **argv)
{
	alarm(LIFETIME);
	site_mode = argc > 1 && !strcmp(argv[1], "site");
	gz_body = gzip_of(GZ_HTML, strlen(GZ_HTML), &gz_len);
	for (int i = 0; i < MAX_CONN; i++)
		conns[i].fd = -1;
	int lfd = listen_loopback();
	size_t xml_len;
	char *xml = expand(SITEMAP_XML, &xml_len);
	sitemap_gz = gzip_of(xml, xml_len, &sitemap_gz_len);
	free(xml);
	if (site_mode) {
		bomb_gz = gzip_of(NULL, BOMB_BYTES, &bomb_gz_len);
		bomb_1g_gz = gzip_zeros_mib(BOMB_1G_MIB, &bomb_1g_gz_len);
		size_t big_len;
		char *big_page = big_html(&big_len);
		big_gz = gzip_of(big_page, big_len, &big_gz_len);
		free(big_page);
	}
	/* The port goes out last: a test that has read it can count on
	 * every body being ready. */
	printf("%s\n", strrchr(origin, ':') + 1);
	fflush(stdout);

	for (;;) {
		struct pollfd pf[MAX_CONN + 1];
		int idx[MAX_CONN + 1], np = 0, open = 0;
		long long now = now_ms(), wait = -1;
		for (int i = 0; i < MAX_CONN; i++) {
			conn *c = &conns[i];
			if (c->fd < 0)
				continue;
			open++;
			short ev =
			    POLLIN; /* also notices a client hanging up */
			if (c->answered && c->ready_at != NEVER_MS) {
				long long d = c->ready_at - now;
				if (d <= 0)
					ev |= POLLOUT;
				else if (wait < 0 || d < wait)
					wait = d;
			}
			pf[np] = (struct pollfd){c->fd, ev, 0};
			idx[np++] = i;
		}
		if (quitting && open == 0)
			return 0;
		if (open < MAX_CONN && !quitting) {
			pf[np] = (struct pollfd){lfd, POLLIN, 0};
			idx[np++] = -1;
		}
		if (poll(pf, (nfds_t)np, (int)wait) < 0 && errno != EINTR)
			return 1;
		for (int k = 0; k < np; k++) {
			if (idx[k] < 0) {
				if (!(pf[k].revents & POLLIN))
					continue;
				int fd =
				    accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
				for (int i = 0; fd >= 0 && i < MAX_CONN; i++) {
					if (conns[i].fd < 0) {
						conns[i].fd = fd;
						fd = -1;
					}
				}
				if (fd >= 0)
					close(fd);
				continue;
			}
			conn *c = &conns[idx[k]];
			if (pf[k].revents & (POLLIN | POLLHUP | POLLERR))
				on_read(c);
			if (c->fd >= 0 && (pf[k].revents & POLLOUT))
				on_write(c);
		}
	}
}
