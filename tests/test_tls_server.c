/*
 * test_tls_server.c - the loopback TLS server of the fetch tests
 * (tests/tls_server.sh: nginx with certificates from a test CA), checked
 * with libcurl directly, so that tests of cqa-fetch over HTTPS can rely on
 * what each of its ports does.
 *
 * The group setup writes a DOCROOT (index.html, robots.txt) into a new
 * $TMPDIR/cqa-tls-XXXXXX and runs `tls_server.sh start DIR DOCROOT` with
 * DIR inside it; the teardown runs `tls_server.sh stop DIR` and removes
 * the directory.  When the script exits 77 (nginx or openssl missing and
 * not installable) every test is skipped and the program exits 77, which
 * CMake's SKIP_RETURN_CODE turns into a skipped test.
 *
 * What is checked, per port (DIR/ports):
 *   GOOD        verifies with ca.pem (CURLOPT_CAINFO) and with capath/
 *               (CURLOPT_CAPATH); speaks HTTP/2 by ALPN and HTTP/1.1 when
 *               asked; holds its name for localhost and 127.0.0.1; answers
 *               conditional requests (ETag, Last-Modified) with 304.  Not
 *               trusted without the CA: verify result 20.
 *   EXPIRED     CURLE_PEER_FAILED_VERIFICATION, verify result 10.
 *   SELFSIGNED  CURLE_PEER_FAILED_VERIFICATION, verify result 18.
 *   WRONGHOST   CURLE_PEER_FAILED_VERIFICATION from curl's own name check;
 *               the chain itself verifies (the name wrong.example, mapped
 *               to 127.0.0.1 with CURLOPT_RESOLVE, is accepted).
 *   PLAIN       a 301 to https://127.0.0.1:GOOD, same path and query.
 * The error strings curl gives are printed (print_message), for reference.
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "common/buf.h"

#define INDEX_HTML                                                             \
	"<!DOCTYPE html>\n<html><head><title>TLS test</title></head>\n"        \
	"<body><p>Served by nginx over TLS.</p></body></html>\n"
#define ROBOTS_TXT "User-agent: *\nDisallow: /private/\n"

/* X509_V_ERR_* values (openssl/x509_vfy.h), written out: the test does not
 * include OpenSSL's headers. */
enum {
	V_OK = 0,
	V_UNSPECIFIED = 1, /* curl's "!X509_V_OK" before the chain is read */
	V_CERT_HAS_EXPIRED = 10,
	V_DEPTH_ZERO_SELF_SIGNED = 18,
	V_UNABLE_TO_GET_ISSUER_LOCALLY = 20,
};

static struct server {
	int skipped; /* tls_server.sh exited 77 */
	int started; /* start succeeded: stop in the teardown */
	char script[PATH_MAX];
	char top[2048]; /* $TMPDIR/cqa-tls-XXXXXX */
	char dir[2056]; /* top/srv: the script's DIR */
	char docroot[PATH_MAX];
	char ca[PATH_MAX]; /* dir/ca.pem */
	char capath[PATH_MAX];
	char selfsigned[PATH_MAX]; /* dir/selfsigned.pem: an unrelated anchor */
	int good, expired, wronghost, selfsigned_port, plain;
} srv;

/* --- set-up -----------------------------------------------------------------
 */

static void script_path(char *out, size_t len)
{
	const char *src = getenv("CQA_SOURCE");
	if (src && *src)
		snprintf(out, len, "%s/tests/tls_server.sh", src);
	else
#ifdef CQA_TLS_SERVER_SH
		snprintf(out, len, "%s", CQA_TLS_SERVER_SH);
#else
		snprintf(out, len, "tests/tls_server.sh");
#endif
}

static int write_file(const char *dir, const char *name, const char *text)
{
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, name);
	FILE *f = fopen(buf_cstr(&path), "w");
	if (!f)
		fprintf(stderr, "%s: %s\n", buf_cstr(&path), strerror(errno));
	buf_free(&path);
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f) ? -1 : 0;
}

/* sh SCRIPT ARGS..., each argument single-quoted; the exit status, or -1
 * when the shell could not run or died of a signal. */
static int run_script(const char *verb, const char *a, const char *b)
{
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "sh '%s' %s '%s'", srv.script, verb, a);
	if (b)
		buf_printf(&cmd, " '%s'", b);
	int st = system(buf_cstr(&cmd));
	buf_free(&cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* DIR/ports: NAME=PORT lines. */
static int read_ports(void)
{
	char path[PATH_MAX], line[128], name[32];
	int port;
	snprintf(path, sizeof path, "%s/ports", srv.dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%31[A-Z]=%d", name, &port) == 2) {
			if (!strcmp(name, "GOOD"))
				srv.good = port;
			else if (!strcmp(name, "EXPIRED"))
				srv.expired = port;
			else if (!strcmp(name, "WRONGHOST"))
				srv.wronghost = port;
			else if (!strcmp(name, "SELFSIGNED"))
				srv.selfsigned_port = port;
			else if (!strcmp(name, "PLAIN"))
				srv.plain = port;
		}
	fclose(f);
	if (srv.good > 0 && srv.expired > 0 && srv.wronghost > 0 &&
	    srv.selfsigned_port > 0 && srv.plain > 0)
		return 0;
	fprintf(stderr, "%s: a port is missing\n", path);
	return -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	script_path(srv.script, sizeof srv.script);
	const char *tmp = getenv("TMPDIR");
	if (snprintf(srv.top, sizeof srv.top, "%s/cqa-tls-XXXXXX",
	             tmp && *tmp ? tmp : "/tmp") >= (int)sizeof srv.top) {
		fprintf(stderr, "TMPDIR is too long\n");
		srv.top[0] = '\0';
		return -1;
	}
	if (!mkdtemp(srv.top)) {
		fprintf(stderr, "mkdtemp %s: %s\n", srv.top, strerror(errno));
		srv.top[0] = '\0';
		return -1;
	}
	if (strchr(srv.top, '\'') || strchr(srv.script, '\'')) {
		fprintf(stderr, "a quote in %s or %s\n", srv.top, srv.script);
		return -1;
	}
	snprintf(srv.dir, sizeof srv.dir, "%s/srv", srv.top);
	snprintf(srv.docroot, sizeof srv.docroot, "%s/doc", srv.top);
	snprintf(srv.ca, sizeof srv.ca, "%s/ca.pem", srv.dir);
	snprintf(srv.capath, sizeof srv.capath, "%s/capath", srv.dir);
	snprintf(srv.selfsigned, sizeof srv.selfsigned, "%s/selfsigned.pem",
	         srv.dir);
	if (mkdir(srv.docroot, 0700) ||
	    write_file(srv.docroot, "index.html", INDEX_HTML) ||
	    write_file(srv.docroot, "robots.txt", ROBOTS_TXT))
		return -1;

	int rc = run_script("start", srv.dir, srv.docroot);
	if (rc == 77) {
		srv.skipped = 1;
		return 0;
	}
	if (rc != 0) {
		fprintf(stderr, "%s start: exit %d\n", srv.script, rc);
		run_script("stop", srv.dir, NULL);
		return -1;
	}
	srv.started = 1;
	if (read_ports())
		return -1;
	return curl_global_init(CURL_GLOBAL_DEFAULT) ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = 0;
	if (srv.started && run_script("stop", srv.dir, NULL) != 0)
		rc = -1;
	if (srv.top[0])
		nftw(srv.top, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	curl_global_cleanup();
	return rc;
}

/* --- one transfer ------------------------------------------------------------
 */

typedef struct result {
	CURLcode rc;
	long code;     /* CURLINFO_RESPONSE_CODE */
	long version;  /* CURLINFO_HTTP_VERSION */
	long verify;   /* CURLINFO_SSL_VERIFYRESULT */
	long unmet;    /* CURLINFO_CONDITION_UNMET */
	long filetime; /* CURLINFO_FILETIME */
	char err[CURL_ERROR_SIZE];
	buf_t body;
	buf_t headers;
} result;

static size_t to_buf(char *p, size_t size, size_t n, void *b)
{
	buf_add(b, p, size * n);
	return size * n;
}

/* A handle for url whose body, headers and error go to r; the caller adds
 * options, then calls perform. */
static CURL *easy(const char *url, result *r)
{
	memset(r, 0, sizeof *r);
	CURL *h = curl_easy_init();
	assert_non_null(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->err);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, to_buf);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, to_buf);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &r->headers);
	return h;
}

/* Runs h, fills r, frees h. */
static void perform(CURL *h, result *r)
{
	r->rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->code);
	curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &r->version);
	curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &r->verify);
	curl_easy_getinfo(h, CURLINFO_CONDITION_UNMET, &r->unmet);
	curl_easy_getinfo(h, CURLINFO_FILETIME, &r->filetime);
	curl_easy_cleanup(h);
}

static void result_free(result *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
}

/* The value of the first header name in r (case-insensitive name, value
 * without the line end) into out, or "" when there is none. */
static void header(const result *r, const char *name, char *out, size_t len)
{
	const char *p = buf_cstr(&r->headers);
	size_t nl = strlen(name);
	out[0] = '\0';
	while (*p) {
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			p += nl + 1;
			while (*p == ' ')
				p++;
			size_t n = strcspn(p, "\r\n");
			snprintf(out, len, "%.*s", (int)n, p);
			return;
		}
		p += strcspn(p, "\n");
		if (*p)
			p++;
	}
}

static void url_of(char *out, size_t len, const char *host, int port,
                   const char *path)
{
	snprintf(out, len, "https://%s:%d%s", host, port, path);
}

/* The CA's certificate as the only trust anchor. */
static void trust_ca(CURL *h)
{
	curl_easy_setopt(h, CURLOPT_CAINFO, srv.ca);
	curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
}

/* A handle for https://host:port/path that trusts the test CA. */
static CURL *trusted(const char *host, int port, const char *path, result *r)
{
	char url[128];
	url_of(url, sizeof url, host, port, path);
	CURL *h = easy(url, r);
	trust_ca(h);
	return h;
}

/* Sends h's requests for host:port to 127.0.0.1 (host is a name the
 * certificate holds); the list goes once h has run. */
static struct curl_slist *resolve_to_loopback(CURL *h, const char *host,
                                              int port)
{
	char pin[128];
	snprintf(pin, sizeof pin, "%s:%d:127.0.0.1", host, port);
	struct curl_slist *resolve = curl_slist_append(NULL, pin);
	curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
	return resolve;
}

#define SKIP_IF_NO_SERVER()                                                    \
	do {                                                                   \
		if (srv.skipped)                                               \
			skip();                                                \
	} while (0)

/* --- GOOD -------------------------------------------------------------------
 */

static void test_good_http2(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	result r;
	CURL *h = trusted("127.0.0.1", srv.good, "/index.html", &r);
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_0);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	assert_int_equal(r.version, CURL_HTTP_VERSION_2_0);
	assert_int_equal(r.verify, V_OK);
	assert_string_equal(buf_cstr(&r.body), INDEX_HTML);
	char ct[64];
	header(&r, "content-type", ct, sizeof ct);
	assert_string_equal(ct, "text/html");
	result_free(&r);
}

static void test_good_http11(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	result r;
	CURL *h = trusted("127.0.0.1", srv.good, "/robots.txt", &r);
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	assert_int_equal(r.version, CURL_HTTP_VERSION_1_1);
	assert_string_equal(buf_cstr(&r.body), ROBOTS_TXT);
	result_free(&r);
}

static void test_good_capath(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128];
	result r;
	url_of(url, sizeof url, "127.0.0.1", srv.good, "/");
	CURL *h = easy(url, &r);
	curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(h, CURLOPT_CAPATH, srv.capath);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	assert_int_equal(r.verify, V_OK);
	assert_string_equal(buf_cstr(&r.body), INDEX_HTML);
	result_free(&r);
}

/* The DNS SAN: https://localhost:GOOD, localhost pinned to 127.0.0.1 (it
 * may resolve to ::1 first, where nothing listens). */
static void test_good_localhost_name(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	result r;
	CURL *h = trusted("localhost", srv.good, "/index.html", &r);
	struct curl_slist *resolve =
	    resolve_to_loopback(h, "localhost", srv.good);
	perform(h, &r);
	curl_slist_free_all(resolve);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	result_free(&r);
}

/* nginx's static files answer If-None-Match and If-Modified-Since. */
static void test_good_conditional(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char etag[128], lm[128], cond[192];
	result r;
	CURL *h = trusted("127.0.0.1", srv.good, "/index.html", &r);
	curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	header(&r, "etag", etag, sizeof etag);
	header(&r, "last-modified", lm, sizeof lm);
	assert_true(etag[0] == '"');
	assert_true(lm[0] != '\0');
	assert_true(r.filetime > 0);
	long mtime = r.filetime;
	result_free(&r);

	/* If-None-Match with that ETag. */
	snprintf(cond, sizeof cond, "If-None-Match: %s", etag);
	struct curl_slist *hdrs = curl_slist_append(NULL, cond);
	h = trusted("127.0.0.1", srv.good, "/index.html", &r);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	perform(h, &r);
	curl_slist_free_all(hdrs);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 304);
	assert_int_equal(r.body.len, 0);
	result_free(&r);

	/* If-Modified-Since the file's own time. */
	h = trusted("127.0.0.1", srv.good, "/index.html", &r);
	curl_easy_setopt(h, CURLOPT_TIMECONDITION,
	                 (long)CURL_TIMECOND_IFMODSINCE);
	curl_easy_setopt(h, CURLOPT_TIMEVALUE, mtime);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 304);
	assert_int_equal(r.unmet, 1);
	result_free(&r);
}

/* Without the test CA: curl's default store (the system's CAs), and a
 * store holding only an unrelated certificate (selfsigned.pem), which does
 * not depend on what the system has. */
static void test_good_untrusted(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128];
	result r;
	url_of(url, sizeof url, "127.0.0.1", srv.good, "/");

	CURL *h = easy(url, &r);
	perform(h, &r);
	print_message("good, default CA store: rc %d, verify %ld, \"%s\"\n",
	              r.rc, r.verify, r.err);
	if (r.rc != CURLE_SSL_CACERT_BADFILE) { /* no system bundle at all */
		assert_int_equal(r.rc, CURLE_PEER_FAILED_VERIFICATION);
		assert_int_equal(r.verify, V_UNABLE_TO_GET_ISSUER_LOCALLY);
	}
	result_free(&r);

	h = easy(url, &r);
	curl_easy_setopt(h, CURLOPT_CAINFO, srv.selfsigned);
	curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
	perform(h, &r);
	print_message("good, unrelated anchor: rc %d, verify %ld, \"%s\"\n",
	              r.rc, r.verify, r.err);
	assert_int_equal(r.rc, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(r.verify, V_UNABLE_TO_GET_ISSUER_LOCALLY);
	assert_non_null(
	    strstr(r.err, "unable to get local issuer certificate"));
	result_free(&r);
}

/* --- the failing ones
 * ----------------------------------------------------------- */

/* A server the test CA vouches for, whose certificate curl must refuse
 * with the verify result and message given; nothing of the body read. */
static void expect_refused(const char *name, int port, long verify,
                           const char *message)
{
	result r;
	CURL *h = trusted("127.0.0.1", port, "/", &r);
	perform(h, &r);
	print_message("%s: rc %d, verify %ld, \"%s\"\n", name, r.rc, r.verify,
	              r.err);
	assert_int_equal(r.rc, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(r.verify, verify);
	assert_non_null(strstr(r.err, message));
	assert_int_equal(r.body.len, 0);
	result_free(&r);
}

static void test_expired(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	expect_refused("expired", srv.expired, V_CERT_HAS_EXPIRED,
	               "certificate has expired");
}

static void test_selfsigned(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	expect_refused("selfsigned", srv.selfsigned_port,
	               V_DEPTH_ZERO_SELF_SIGNED, "self-signed certificate");
}

/* curl checks the name itself, before it reads the chain's verify result:
 * libcurl 7.88 then reports 1 (its "!X509_V_OK" placeholder), a libcurl
 * that reads the result first would report 0; both mean "not a chain
 * error". */
static void test_wronghost(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char expect[128];
	result r;
	CURL *h = trusted("127.0.0.1", srv.wronghost, "/", &r);
	perform(h, &r);
	print_message("wronghost: rc %d, verify %ld, \"%s\"\n", r.rc, r.verify,
	              r.err);
	assert_int_equal(r.rc, CURLE_PEER_FAILED_VERIFICATION);
	assert_true(r.verify == V_OK || r.verify == V_UNSPECIFIED);
	snprintf(expect, sizeof expect,
	         "no alternative certificate subject name matches target host "
	         "name '127.0.0.1'");
	assert_non_null(strstr(r.err, expect));
	result_free(&r);

	/* The chain is good: under its own name the server is trusted. */
	h = trusted("wrong.example", srv.wronghost, "/robots.txt", &r);
	struct curl_slist *resolve =
	    resolve_to_loopback(h, "wrong.example", srv.wronghost);
	perform(h, &r);
	curl_slist_free_all(resolve);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	assert_string_equal(buf_cstr(&r.body), ROBOTS_TXT);
	result_free(&r);
}

/* --- PLAIN
 * -------------------------------------------------------------------- */

static void test_plain_redirects(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128], expect[128], loc[256];
	result r;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/robots.txt?a=1&b=2",
	         srv.plain);
	snprintf(expect, sizeof expect,
	         "https://127.0.0.1:%d/robots.txt?a=1&b=2", srv.good);
	CURL *h = easy(url, &r);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 301);
	assert_int_equal(r.version, CURL_HTTP_VERSION_1_1);
	header(&r, "location", loc, sizeof loc);
	assert_string_equal(loc, expect);
	result_free(&r);

	/* Followed, with the CA: robots.txt over HTTP/2. */
	h = easy(url, &r);
	trust_ca(h);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 2L);
	perform(h, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.code, 200);
	assert_int_equal(r.version, CURL_HTTP_VERSION_2_0);
	assert_string_equal(buf_cstr(&r.body), ROBOTS_TXT);
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_http2),
	    cmocka_unit_test(test_good_http11),
	    cmocka_unit_test(test_good_capath),
	    cmocka_unit_test(test_good_localhost_name),
	    cmocka_unit_test(test_good_conditional),
	    cmocka_unit_test(test_good_untrusted),
	    cmocka_unit_test(test_expired),
	    cmocka_unit_test(test_selfsigned),
	    cmocka_unit_test(test_wronghost),
	    cmocka_unit_test(test_plain_redirects),
	};
	int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
	if (srv.skipped && !failed)
		return 77;
	return failed;
}
