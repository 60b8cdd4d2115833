/*
 * test_fetch_tls.c - cqa-fetch over HTTPS as real sites serve it: nginx on
 * loopback (tests/tls_server.sh) with HTTP/1.1 and HTTP/2 and certificates
 * made for the run from a test CA: good, expired, for another host, and
 * self-signed.
 *
 *   - a crawl of the good server with --cacert (and with --capath, and
 *     with $SSL_CERT_FILE): robots.txt obeyed, every page stored, the
 *     answers HTTP/2;
 *   - without the CA, and on the other servers, the certificate failure
 *     in its own class on the robots.txt row and on every page's row, and
 *     the final message naming it; --insecure fetches, and says so in the
 *     warcinfo record and each answer's "tls" column of the crawl log;
 *   - a redirect from http to https;
 *   - a --since crawl over HTTP/2: unchanged pages are revisit records;
 *   - a crawl killed part way and resumed: every page once;
 *   - cqa audit and cqa check with --cacert, and failing without it;
 *   - both WARCs read by warcio.js (tools/warc-check): the HTTP/2
 *     records and their digests.
 *
 * Skipped (77) when nginx or openssl cannot be had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "fetch_harness.h"

/* Pages of the list the kill-and-resume test crawls. */
enum { LIST_PAGES = 24 };

static char dir[512], docroot[600], srv[600];
/* "--cacert 'SRV/ca.pem'": the test CA, as every trusting run gives it */
static char cacert[700];
static int port_good, port_expired, port_wronghost, port_selfsigned, port_plain;
static int skipped;

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The site: three pages linked from the first, one under a path that
 * robots.txt disallows. */
static void make_site(void)
{
	char p[700];
	snprintf(docroot, sizeof docroot, "%s/site", dir);
	mkdir(docroot, 0755);
	snprintf(p, sizeof p, "%s/private", docroot);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/robots.txt", docroot);
	write_file(p, "User-agent: *\nDisallow: /private/\n");
	snprintf(p, sizeof p, "%s/index.html", docroot);
	write_file(p, "<html><body><h1>Index</h1><p>Pages: <a href=\"a.html\">"
	              "a</a> <a href=\"b.html\">b</a> <a "
	              "href=\"private/x.html\">x</a></p></body></html>\n");
	snprintf(p, sizeof p, "%s/a.html", docroot);
	write_file(p, "<html><body><h1>A</h1><p>The first page.</p></body>"
	              "</html>\n");
	snprintf(p, sizeof p, "%s/b.html", docroot);
	write_file(p, "<html><body><h1>B</h1><p>The second page.</p></body>"
	              "</html>\n");
	snprintf(p, sizeof p, "%s/private/x.html", docroot);
	write_file(p, "<html><body><p>Not for crawlers.</p></body></html>\n");
	/* for the kill and resume: a list of LIST_PAGES pages */
	buf_t list = BUF_INIT;
	buf_adds(&list, "<html><body><ul>");
	for (int i = 0; i < LIST_PAGES; i++) {
		buf_printf(&list, "<li><a href=\"p%d.html\">%d</a></li>", i, i);
		snprintf(p, sizeof p, "%s/p%d.html", docroot, i);
		char page[128];
		snprintf(
		    page, sizeof page,
		    "<html><body><p>Page %d of the list.</p></body></html>\n",
		    i);
		write_file(p, page);
	}
	buf_adds(&list, "</ul></body></html>\n");
	snprintf(p, sizeof p, "%s/list.html", docroot);
	write_file(p, list.data);
	buf_free(&list);
}

static int read_ports(void)
{
	char p[700];
	snprintf(p, sizeof p, "%s/ports", srv);
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	char line[128];
	while (fgets(line, sizeof line, f)) {
		int v;
		if (sscanf(line, "GOOD=%d", &v) == 1)
			port_good = v;
		else if (sscanf(line, "EXPIRED=%d", &v) == 1)
			port_expired = v;
		else if (sscanf(line, "WRONGHOST=%d", &v) == 1)
			port_wronghost = v;
		else if (sscanf(line, "SELFSIGNED=%d", &v) == 1)
			port_selfsigned = v;
		else if (sscanf(line, "PLAIN=%d", &v) == 1)
			port_plain = v;
	}
	fclose(f);
	return port_good && port_expired && port_wronghost && port_selfsigned &&
	               port_plain
	           ? 0
	           : -1;
}

static int setup(void **state)
{
	(void)state;
	if (harness_make_dir("cqa-tls", dir, sizeof dir) < 0)
		return -1;
	make_site();
	snprintf(srv, sizeof srv, "%s/srv", dir);
	snprintf(cacert, sizeof cacert, "--cacert '%s/ca.pem'", srv);
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "sh '%s/tests/tls_server.sh' start '%s' '%s'",
	           env("CQA_SOURCE", "."), srv, docroot);
	int st = system(cmd.data);
	buf_free(&cmd);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		skipped = 1;
		return 0;
	}
	if (st != 0 || read_ports() < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!skipped) {
		buf_t cmd = BUF_INIT;
		buf_printf(&cmd, "sh '%s/tests/tls_server.sh' stop '%s'",
		           env("CQA_SOURCE", "."), srv);
		if (system(cmd.data) != 0)
			fprintf(stderr, "could not stop nginx in %s\n", srv);
		buf_reset(&cmd);
		buf_printf(&cmd, "rm -rf '%s'", dir);
		if (system(cmd.data) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		buf_free(&cmd);
	}
	return 0;
}

/* One run of cqa-fetch: flags, then the URL; the WARC and the crawl log
 * in dir under name; stderr into err (may be NULL).  prefix (may be NULL)
 * goes before the command: variables, or "timeout ...".  Returns its exit
 * status. */
static int fetch(const char *name, const char *prefix, const char *flags,
                 const char *url, buf_t *err)
{
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd,
	           "%s '%s/cqa-fetch' %s -o '%s/%s.warc.gz' --crawl-log "
	           "'%s/%s.csv' '%s' 2>'%s/%s.err'",
	           prefix ? prefix : "", env("CQA_BIN", "build/bin"), flags,
	           dir, name, dir, name, url, dir, name);
	int st = system(cmd.data);
	buf_reset(&cmd);
	if (err) {
		buf_printf(&cmd, "%s/%s.err", dir, name);
		char *e = harness_slurp_path(cmd.data, NULL);
		buf_reset(err);
		buf_adds(err, e ? e : "");
		free(e);
	}
	buf_free(&cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void read_log(const char *name, harness_crawl_log *log)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s.csv", dir, name);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	assert_int_equal(harness_read_crawl_log(f, log), 0);
	fclose(f);
}

static const char *cell(const harness_crawl_log *log, const char *url,
                        const char *col)
{
	long r = harness_crawl_log_row(log, url);
	if (r < 0)
		fail_msg("crawl log has no row for %s", url);
	const char *v = log->rows[r].cell[harness_crawl_log_col(log, col)];
	return v ? v : "";
}

static void read_warc(const char *name, warc_record **recs, size_t *n)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s.warc.gz", dir, name);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	harness_read_warc(f, p, recs, n);
	fclose(f);
}

/* The status line of the response record for url. */
static void status_line(const warc_record *recs, size_t n, const char *url,
                        char *out, size_t len)
{
	const warc_record *r = harness_find_record(recs, n, "response", url, 0);
	if (!r)
		fail_msg("no response record for %s", url);
	const char *b = (const char *)r->block;
	size_t k = 0;
	while (k + 1 < len && k < r->block_len && b[k] != '\r' && b[k] != '\n')
		k++;
	/* curl writes an HTTP/2 status line as "HTTP/2 200 " (no reason
	 * phrase, its space kept) */
	while (k && b[k - 1] == ' ')
		k--;
	memcpy(out, b, k);
	out[k] = '\0';
}

#define SKIP_IF_NO_SERVER()                                                    \
	do {                                                                   \
		if (skipped)                                                   \
			skip();                                                \
	} while (0)

/* A crawl of the good server, trusting the test CA by flag or by
 * environment: robots.txt obeyed, pages stored, HTTP/2 answers. */
static void crawl_good(const char *name, const char *prefix, const char *flags)
{
	char url[128], base[64];
	snprintf(base, sizeof base, "https://localhost:%d", port_good);
	snprintf(url, sizeof url, "%s/index.html", base);
	buf_t err = BUF_INIT;
	int st = fetch(name, prefix, flags, url, &err);
	if (st != 0)
		fail_msg("cqa-fetch exited %d:\n%s", st, buf_cstr(&err));
	harness_crawl_log log;
	read_log(name, &log);
	char u[160];
	static const char *const pages[] = {"/robots.txt", "/index.html",
	                                    "/a.html", "/b.html"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		snprintf(u, sizeof u, "%s%s", base, pages[i]);
		assert_string_equal(cell(&log, u, "status"), "200");
		assert_string_equal(cell(&log, u, "error"), "");
		assert_string_equal(cell(&log, u, "tls"), "verified");
	}
	snprintf(u, sizeof u, "%s/private/x.html", base);
	assert_string_equal(cell(&log, u, "error"), "robots");
	harness_crawl_log_free(&log);
	warc_record *recs;
	size_t n;
	read_warc(name, &recs, &n);
	char line[64];
	snprintf(u, sizeof u, "%s/a.html", base);
	status_line(recs, n, u, line, sizeof line);
	assert_string_equal(line, "HTTP/2 200");
	harness_free_warc(recs, n);
	buf_free(&err);
}

static void test_cacert(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char flags[720];
	snprintf(flags, sizeof flags, "--crawl %s", cacert);
	crawl_good("cacert", NULL, flags);
}

static void test_capath(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char flags[700];
	snprintf(flags, sizeof flags, "--crawl --capath '%s/capath'", srv);
	crawl_good("capath", NULL, flags);
}

static void test_ssl_cert_file(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char envs[700];
	snprintf(envs, sizeof envs, "SSL_CERT_FILE='%s/ca.pem'", srv);
	crawl_good("envfile", envs, "--crawl");
}

/* A certificate that fails: the robots.txt row and the page's row carry
 * the class, the final message names it, exit status 4. */
static void failing(const char *name, int port, const char *host,
                    const char *flags, const char *cls)
{
	char url[128], u[160];
	snprintf(url, sizeof url, "https://%s:%d/index.html", host, port);
	buf_t err = BUF_INIT;
	assert_int_equal(fetch(name, NULL, flags, url, &err), 4);
	if (!strstr(buf_cstr(&err), cls))
		fail_msg("stderr does not name %s:\n%s", cls, buf_cstr(&err));
	harness_crawl_log log;
	read_log(name, &log);
	snprintf(u, sizeof u, "https://%s:%d/robots.txt", host, port);
	assert_string_equal(cell(&log, u, "error"), cls);
	assert_string_equal(cell(&log, url, "error"), cls);
	assert_string_equal(cell(&log, url, "stored"), "0");
	assert_string_equal(cell(&log, url, "tls"), ""); /* no answer */
	harness_crawl_log_free(&log);
	buf_free(&err);
}

static void test_no_ca(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	failing("noca", port_good, "localhost", "", "tls_unknown_issuer");
}

static void test_expired(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	failing("expired", port_expired, "localhost", cacert, "tls_expired");
}

static void test_wrong_host(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	failing("wronghost", port_wronghost, "localhost", cacert,
	        "tls_wrong_host");
}

static void test_self_signed(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	failing("selfsigned", port_selfsigned, "localhost", cacert,
	        "tls_unknown_issuer");
}

/* --insecure fetches from the self-signed server, warns, and the
 * warcinfo record says verification was off. */
static void test_insecure(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128];
	snprintf(url, sizeof url, "https://localhost:%d/index.html",
	         port_selfsigned);
	buf_t err = BUF_INIT;
	assert_int_equal(fetch("insecure", NULL, "--insecure", url, &err), 0);
	assert_non_null(strstr(buf_cstr(&err), "--insecure"));
	harness_crawl_log log;
	read_log("insecure", &log);
	assert_string_equal(cell(&log, url, "tls"), "unverified");
	harness_crawl_log_free(&log);
	warc_record *recs;
	size_t n;
	read_warc("insecure", &recs, &n);
	assert_true(n > 0);
	assert_string_equal(harness_record_type(&recs[0]), "warcinfo");
	char *info = strndup((const char *)recs[0].block, recs[0].block_len);
	assert_non_null(strstr(info, "tls-verify: off\r\n"));
	free(info);
	assert_non_null(harness_find_record(recs, n, "response", url, 0));
	harness_free_warc(recs, n);
	buf_free(&err);
}

/* http on the plain port answers 301 to https on the good one. */
static void test_redirect_to_https(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128], final[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/a.html", port_plain);
	snprintf(final, sizeof final, "https://127.0.0.1:%d/a.html", port_good);
	buf_t err = BUF_INIT;
	int st = fetch("redirect", NULL, cacert, url, &err);
	if (st != 0)
		fail_msg("cqa-fetch exited %d:\n%s", st, buf_cstr(&err));
	harness_crawl_log log;
	read_log("redirect", &log);
	assert_string_equal(cell(&log, url, "status"), "200");
	assert_string_equal(cell(&log, url, "final_url"), final);
	assert_string_equal(cell(&log, url, "redirects"), "1");
	assert_string_equal(cell(&log, url, "tls"), "verified");
	harness_crawl_log_free(&log);
	buf_free(&err);
}

/* A second crawl --since the first: nginx answers 304 to the conditional
 * requests, over HTTP/2, and the pages are revisit records. */
static void test_since(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128], u[160], flags[1400];
	snprintf(url, sizeof url, "https://localhost:%d/index.html", port_good);
	snprintf(flags, sizeof flags, "--crawl %s --since '%s/cacert.warc.gz'",
	         cacert, dir);
	/* test_cacert wrote cacert.warc.gz; run it again if order changed */
	char first[700];
	snprintf(first, sizeof first, "%s/cacert.warc.gz", dir);
	if (access(first, R_OK) != 0)
		test_cacert(state);
	buf_t err = BUF_INIT;
	int st = fetch("since", NULL, flags, url, &err);
	if (st != 0)
		fail_msg("cqa-fetch exited %d:\n%s", st, buf_cstr(&err));
	harness_crawl_log log;
	read_log("since", &log);
	snprintf(u, sizeof u, "https://localhost:%d/a.html", port_good);
	assert_string_equal(cell(&log, u, "status"), "304");
	assert_string_equal(cell(&log, u, "stored"), "1");
	harness_crawl_log_free(&log);
	warc_record *recs;
	size_t n;
	read_warc("since", &recs, &n);
	assert_int_equal(harness_count_records(recs, n, "revisit", u), 1);
	harness_free_warc(recs, n);
	buf_free(&err);
}

/* Runs cmd (a cqa command line, without the program), stderr into err;
 * returns its exit status. */
static int cqa(const char *args, buf_t *err)
{
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "'%s/cqa' %s >'%s/cqa.out' 2>'%s/cqa.err'",
	           env("CQA_BIN", "build/bin"), args, dir, dir);
	int st = system(cmd.data);
	buf_reset(&cmd);
	buf_printf(&cmd, "%s/cqa.err", dir);
	char *e = harness_slurp_path(cmd.data, NULL);
	buf_reset(err);
	buf_adds(err, e ? e : "");
	free(e);
	buf_free(&cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* cqa audit and cqa check honour the same options: the audit of the good
 * server with --cacert stores its pages; without it, it fails naming the
 * class; cqa check of an https draft reads it with --cacert and is an
 * error (2) without. */
static void test_audit_and_check(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char args[1400];
	buf_t err = BUF_INIT;
	snprintf(args, sizeof args,
	         "audit -q %s -o '%s/audit' "
	         "https://localhost:%d/a.html",
	         cacert, dir, port_good);
	int st = cqa(args, &err);
	if (st != 0)
		fail_msg("cqa audit exited %d:\n%s", st, buf_cstr(&err));
	snprintf(args, sizeof args, "%s/audit/docs.jsonl", dir);
	char *docs = harness_slurp_path(args, NULL);
	assert_non_null(docs);
	assert_non_null(strstr(docs, "The first page."));
	free(docs);
	snprintf(args, sizeof args,
	         "audit -q -o '%s/audit-noca' https://localhost:%d/a.html", dir,
	         port_good);
	assert_int_not_equal(cqa(args, &err), 0);
	if (!strstr(buf_cstr(&err), "tls_unknown_issuer"))
		fail_msg("cqa audit does not name the class:\n%s",
		         buf_cstr(&err));

	snprintf(args, sizeof args, "check %s https://localhost:%d/a.html",
	         cacert, port_good);
	st = cqa(args, &err);
	if (st != 0 && st != 1)
		fail_msg("cqa check exited %d:\n%s", st, buf_cstr(&err));
	snprintf(args, sizeof args, "check https://localhost:%d/a.html",
	         port_good);
	assert_int_equal(cqa(args, &err), 2);
	if (!strstr(buf_cstr(&err), "tls_unknown_issuer"))
		fail_msg("cqa check does not name the class:\n%s",
		         buf_cstr(&err));
	buf_free(&err);
}

/* A crawl killed (SIGKILL) part way and resumed: every page of the list
 * once in the crawl log and once in the WARC. */
static void test_kill_and_resume(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char url[128], u[160], flags[1400];
	snprintf(url, sizeof url, "https://localhost:%d/list.html", port_good);
	/* one request at a time, 0.1 s apart: about 2.5 s in all */
	snprintf(flags, sizeof flags, "--crawl --per-host 1 --delay 0.1 %s",
	         cacert);
	int st = fetch("resume", "timeout -s KILL 1", flags, url, NULL);
	assert_int_equal(st, 137); /* killed by timeout's SIGKILL */
	buf_t err = BUF_INIT;
	snprintf(flags, sizeof flags, "--crawl --resume --per-host 1 %s",
	         cacert);
	st = fetch("resume", NULL, flags, url, &err);
	if (st != 0)
		fail_msg("resumed cqa-fetch exited %d:\n%s", st,
		         buf_cstr(&err));
	harness_crawl_log log;
	read_log("resume", &log);
	warc_record *recs;
	size_t n;
	read_warc("resume", &recs, &n);
	for (int i = 0; i < LIST_PAGES; i++) {
		snprintf(u, sizeof u, "https://localhost:%d/p%d.html",
		         port_good, i);
		assert_string_equal(cell(&log, u, "status"), "200");
		assert_int_equal(harness_count_records(recs, n, "response", u),
		                 1);
	}
	size_t rows = 0;
	for (size_t r = 0; r < log.n_rows; r++)
		rows +=
		    log.rows[r].cell[0] && strstr(log.rows[r].cell[0], "/p");
	assert_int_equal(rows, LIST_PAGES);
	harness_free_warc(recs, n);
	harness_crawl_log_free(&log);
	buf_free(&err);
}

/* The HTTP/2 records and their digests, read by a reader that shares no
 * code with cqa-fetch: tools/warc-check (warcio.js).  Skipped without node
 * or its modules (make deps installs them). */
static void test_warcio_reads_http2(void **state)
{
	(void)state;
	SKIP_IF_NO_SERVER();
	char tool[600], first[800];
	snprintf(tool, sizeof tool, "%s/tools/warc-check",
	         env("CQA_SOURCE", "."));
	snprintf(first, sizeof first, "%s/node_modules/warcio", tool);
	if (system("command -v node >/dev/null 2>&1") != 0 ||
	    access(first, R_OK) != 0)
		skip();
	snprintf(first, sizeof first, "%s/cacert.warc.gz", dir);
	if (access(first, R_OK) != 0)
		test_cacert(state);
	/* the first crawl alone, then the --since one, its revisits checked
	 * against the records they refer to */
	buf_t cmd = BUF_INIT;
	for (int run = 0; run < 2; run++) {
		buf_reset(&cmd);
		if (run == 0)
			buf_printf(
			    &cmd,
			    "node '%s/check.mjs' '%s' >'%s/warcio.out' 2>&1",
			    tool, first, dir);
		else
			buf_printf(&cmd,
			           "node '%s/check.mjs' --earlier '%s' "
			           "'%s/since.warc.gz' >'%s/warcio.out' 2>&1",
			           tool, first, dir, dir);
		if (system(cmd.data) != 0) {
			buf_reset(&cmd);
			buf_printf(&cmd, "%s/warcio.out", dir);
			char *out = harness_slurp_path(cmd.data, NULL);
			fail_msg("warc-check failed:\n%s", out ? out : "");
		}
	}
	buf_free(&cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cacert),
	    cmocka_unit_test(test_capath),
	    cmocka_unit_test(test_ssl_cert_file),
	    cmocka_unit_test(test_no_ca),
	    cmocka_unit_test(test_expired),
	    cmocka_unit_test(test_wrong_host),
	    cmocka_unit_test(test_self_signed),
	    cmocka_unit_test(test_insecure),
	    cmocka_unit_test(test_redirect_to_https),
	    cmocka_unit_test(test_since),
	    cmocka_unit_test(test_kill_and_resume),
	    cmocka_unit_test(test_audit_and_check),
	    cmocka_unit_test(test_warcio_reads_http2),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
