/*
 * test_resume.c - cqa-fetch --resume after a real interruption.
 *
 * The promise under test (cqa-fetch --resume): interrupt a crawl, by Ctrl-C
 * or kill -9, run the same command again with --resume, and it carries on
 * into the same -o WARC and --crawl-log where it stopped; nothing is fetched
 * twice, and the WARC never holds a truncated or duplicated record.
 *
 * So the real program runs here, forked and exec'd from CQA_BIN, against
 * tests/http_server in site mode, on a generated site of GEN_PAGES pages
 * (/gen/SITE/N.html, each linking N+1, N+2, N+3 and 2N modulo GEN_PAGES,
 * answered after 20 ms: with --per-host 4 a whole crawl takes about 1.5 s).
 * Each test crawls a site of its own name, so the server's request counts
 * (/hits-under/gen/SITE/) start from zero for it.  The crawl is interrupted
 * once the server has seen KILL_MIN_PAGES page requests and the WARC holds
 * KILL_MIN_WARC bytes (or KILL_MAX_PAGES requests, whichever comes first),
 * so it always stops midway however loaded the machine is.  Then:
 *
 *   test_kill9_resume       SIGKILL, then --resume;
 *   test_sigint_resume      SIGINT: exit status 130 and whole files (no
 *                           partial record, no partial row), then --resume;
 *   test_partial_record_cut SIGKILL, then the WARC is cut in the middle of
 *                           the gzip member of its last response record and
 *                           crawl.csv in the middle of its last row (a kill
 *                           during a write, made deterministic).  The
 *                           request record before that response is whole
 *                           but alone: a kill between the two members
 *                           leaves the same.  --resume must cut off the
 *                           partial row and member, and keep no request
 *                           without its response.
 *
 * After the resumed run, the same checks each time:
 *   - exit status 0, and the WARC reads from start to end without error
 *     and without stray bytes;
 *   - exactly one response record per page and one for /robots.txt; as many
 *     request records, each named by exactly one response's
 *     WARC-Concurrent-To, with the same WARC-Target-URI; no WARC-Record-ID
 *     twice; every response names a warcinfo record of the file;
 *   - crawl.csv: the header once, then exactly one row per URL (the
 *     GEN_PAGES pages and robots.txt), 14 cells each, status 200, stored,
 *     and the file ends with a line end;
 *   - after a kill, cqa-parse reads the WARC and writes one document (a
 *     line) per page.
 *
 * What "fetches nothing twice" means exactly.  A page whose transfer was
 * running when the crawl stopped was asked for but never recorded: it has
 * to be fetched again, or it would be missing.  The same holds for a page
 * whose response record had not reached the disk (the WARC writer queues
 * records and stdio buffers the file, so a kill loses the last few) and for
 * a record the kill left partial.  Every other page must not be asked for
 * again.  The rule, per page p, with "before" meaning the files as the
 * interruption left them:
 *
 *   requests(p) = 1 + (p was requested before && p has no whole response
 *                      record in the WARC before)
 *
 * where "whole" is judged as --resume must judge it: the record's gzip
 * member inflates to its end with a good CRC.  The test finds the members
 * with zlib on its own (whole_members) and reads the records of the whole
 * ones with the project's WARC reader.  The server's counts are read after
 * the interrupted process has exited: a request it sent is by then in the
 * server's socket, and the server reads that connection (accepted before
 * the test's own query) first.  The number of pages fetched twice is thus
 * what was in flight (at most --per-host, 4) plus the records the writer
 * had not yet written: a typical kill here loses 5 to 8.  Ctrl-C lets the
 * writer finish, so there it is at most --per-host, and that is asserted.
 *
 * A second site, the tree of http_server.c, has links that redirect
 * (/tree/SITE/dN to /tree/SITE/dN/) and a link robots.txt disallows on
 * every page; a "stall" tree holds one page back, so that a crawl is
 * killed at a known point.  On it, with a crawl log and without one (the
 * WARC alone must then rebuild the crawl):
 *
 *   test_tree_resume_finished  --resume of a finished crawl fetches
 *                              nothing, says so in one line, exits 0;
 *   test_tree_kill_resume      SIGKILL, --resume: every page stored once,
 *                              at its depth, nothing asked for twice but
 *                              what the kill lost (the rule above, for the
 *                              redirecting URL too);
 *   test_tree_kill_max_depth   the same under --max-depth 2: exactly the
 *                              7 pages of depth 0 to 2;
 *   test_tree_kill_max_pages   the same under --max-pages 12: exactly 12;
 *   test_tree_rows_rebuilt     rows the log lost, rebuilt from the records:
 *                              the URL asked for, the redirect, the depth.
 *
 * Then two failures of the command itself: a crawl log that cannot be
 * written (/dev/full) and --sitemap robots without an input.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/csv.h"
#include "common/warc.h"
#include "fetch_harness.h"

enum {
	GEN_PAGES = 300,          /* pages of a generated site (http_server) */
	KILL_MIN_PAGES = 60,      /* requests seen before the interruption */
	KILL_MIN_WARC = 32 << 10, /* bytes of WARC on disk by then: about 18
	                             pages, at ~1.8 KiB of request and
	                             response records each */
	KILL_MAX_PAGES = 150,     /* interrupt at the latest here */
	POLL_US = 5000,           /* between looks at the server's counts */
	/* Bounds for a hang, generous for a loaded machine under ASan: a
	 * crawl takes 1.5 s unloaded. */
	INTERRUPT_WAIT_MS = 30000,
	RUN_WAIT_MS = 90000,
};

#define PER_HOST "4"

typedef struct state {
	pid_t server;
	int port;
	char base[64]; /* http://127.0.0.1:PORT */
	char bin[4096];
	char dir[4096]; /* the tests' files */
} state;

/* One crawl and what the interruption left. */
typedef struct crawl {
	const state *s;
	const char *site;
	char seed[160];
	char warc[4200], csv[4200], log[4200], docs[4200];
	int robots_hits_start; /* /robots.txt requests before the first run */
	/* The files as the interruption left them: */
	int hits_before[GEN_PAGES];
	int requested_before; /* pages requested */
	int recorded_before[GEN_PAGES];
	int robots_recorded_before;
	int n_recorded; /* pages with a whole response record */
} crawl;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

/* --- files --------------------------------------------------------------- */

static char *slurp_path(const char *path, size_t *len)
{
	char *data = harness_slurp_path(path, len);
	if (!data)
		fail_msg("%s: %s", path, strerror(errno));
	return data;
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* The first len bytes of data that are whole gzip members: each inflates
 * to its stream end with a good CRC and length (zlib checks the gzip
 * trailer before it says Z_STREAM_END).  The members' start offsets go to
 * starts (n_starts of them, at most cap). */
static size_t whole_members(const unsigned char *data, size_t len,
                            size_t *starts, size_t cap, size_t *n_starts)
{
	size_t pos = 0;
	unsigned char out[1 << 15];
	*n_starts = 0;
	while (pos < len) {
		z_stream z;
		memset(&z, 0, sizeof z);
		assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
		z.next_in = (unsigned char *)data + pos;
		z.avail_in = (uInt)(len - pos);
		int rc;
		do {
			z.next_out = out;
			z.avail_out = sizeof out;
			rc = inflate(&z, Z_NO_FLUSH);
		} while (rc == Z_OK);
		size_t used = (len - pos) - z.avail_in;
		inflateEnd(&z);
		if (rc != Z_STREAM_END)
			break;
		if (*n_starts < cap)
			starts[(*n_starts)++] = pos;
		pos += used;
	}
	return pos;
}

/* --- the server ---------------------------------------------------------- */

static int robots_hits(const state *s)
{
	buf_t b = BUF_INIT;
	int n = -1;
	harness_server_get(s->port, "/hits/robots.txt", &b);
	assert_int_equal(sscanf(buf_cstr(&b), "hits %d", &n), 1);
	buf_free(&b);
	return n;
}

/* Requests the server saw for each page of the site; returns how many
 * pages were requested at all. */
static int site_hits(const crawl *c, int hits[GEN_PAGES])
{
	char path[128], prefix[64];
	snprintf(path, sizeof path, "/hits-under/gen/%s/", c->site);
	snprintf(prefix, sizeof prefix, "/gen/%s/", c->site);
	buf_t b = BUF_INIT;
	harness_server_get(c->s->port, path, &b);
	memset(hits, 0, GEN_PAGES * sizeof *hits);
	int pages = 0;
	const char *line = buf_cstr(&b);
	size_t plen = strlen(prefix);
	while (*line) {
		int page = -1, n = 0;
		assert_int_equal(strncmp(line, prefix, plen), 0);
		assert_int_equal(sscanf(line + plen, "%d.html %d", &page, &n),
		                 2);
		assert_true(page >= 0 && page < GEN_PAGES && n > 0);
		hits[page] = n;
		pages++;
		line = strchr(line, '\n');
		assert_non_null(line);
		line++;
	}
	buf_free(&b);
	return pages;
}

/* --- the program --------------------------------------------------------- */

/* cqa-fetch -q --crawl --per-host 4 -o WARC --crawl-log CSV [--resume]
 * SEED, its stderr appended to the crawl's log. */
static pid_t start_fetch(const crawl *c, int resume)
{
	char prog[4200];
	snprintf(prog, sizeof prog, "%s/cqa-fetch", c->s->bin);
	const char *argv[] = {"cqa-fetch",
	                      "-q",
	                      "--crawl",
	                      "--per-host",
	                      PER_HOST,
	                      "-o",
	                      c->warc,
	                      "--crawl-log",
	                      c->csv,
	                      resume ? "--resume" : c->seed,
	                      resume ? c->seed : NULL,
	                      NULL};
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = open(c->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (err >= 0)
			dup2(err, STDERR_FILENO);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* The wait status of pid, which must end within ms. */
static int wait_exit(const crawl *c, pid_t pid, long long ms)
{
	long long deadline = now_ms() + ms;
	int status = 0;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return status;
		assert_int_equal(w, 0);
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("cqa-fetch (%s) still running after %lld ms",
			         c->site, ms);
		}
		sleep_us(10000);
	}
}

static void assert_exit(const crawl *c, int status, int code)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		size_t len;
		char *log = slurp_path(c->log, &len);
		fail_msg("cqa-fetch (%s): %s %d, expected exit %d; stderr:\n%s",
		         c->site, WIFEXITED(status) ? "exit" : "signal",
		         WIFEXITED(status) ? WEXITSTATUS(status)
		                           : WTERMSIG(status),
		         code, log);
	}
}

static void crawl_init(crawl *c, const state *s, const char *site)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->site = site;
	snprintf(c->seed, sizeof c->seed, "%s/gen/%s/0.html", s->base, site);
	snprintf(c->warc, sizeof c->warc, "%s/%s.warc.gz", s->dir, site);
	snprintf(c->csv, sizeof c->csv, "%s/%s.csv", s->dir, site);
	snprintf(c->log, sizeof c->log, "%s/%s.stderr", s->dir, site);
	snprintf(c->docs, sizeof c->docs, "%s/%s.jsonl", s->dir, site);
	c->robots_hits_start = robots_hits(s);
}

/* Starts the crawl and sends sig once it is midway: enough pages asked
 * for and enough WARC on disk that the interruption has work both behind
 * and ahead of it.  Returns the wait status. */
static int interrupt_midway(crawl *c, int sig)
{
	int hits[GEN_PAGES];
	pid_t pid = start_fetch(c, 0);
	long long deadline = now_ms() + INTERRUPT_WAIT_MS;
	for (;;) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("cqa-fetch (%s) ended before it could be "
			         "interrupted (status %d)",
			         c->site, status);
		int pages = site_hits(c, hits);
		if ((pages >= KILL_MIN_PAGES &&
		     file_size(c->warc) >= KILL_MIN_WARC) ||
		    pages >= KILL_MAX_PAGES)
			break;
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("cqa-fetch (%s): %d pages after %d ms",
			         c->site, pages, INTERRUPT_WAIT_MS);
		}
		sleep_us(POLL_US);
	}
	assert_int_equal(kill(pid, sig), 0);
	return wait_exit(c, pid, RUN_WAIT_MS);
}

/* Page number of a URL of the crawl's site, GEN_PAGES for its robots.txt,
 * -1 for anything else. */
static int page_of(const crawl *c, const char *url)
{
	char prefix[256], robots[128];
	snprintf(prefix, sizeof prefix, "%s/gen/%s/", c->s->base, c->site);
	snprintf(robots, sizeof robots, "%s/robots.txt", c->s->base);
	if (!strcmp(url, robots))
		return GEN_PAGES;
	size_t plen = strlen(prefix);
	if (strncmp(url, prefix, plen))
		return -1;
	char *end;
	long n = strtol(url + plen, &end, 10);
	if (end == url + plen || strcmp(end, ".html") || n < 0 ||
	    n >= GEN_PAGES)
		return -1;
	return (int)n;
}

/* What the interruption left: the server's counts, and which responses
 * the WARC holds whole. */
static void snapshot(crawl *c)
{
	/* The dead process's last requests are already in the server's
	 * sockets (see the top); the pause only adds margin. */
	sleep_us(50000);
	c->requested_before = site_hits(c, c->hits_before);
	size_t len, starts[1], n_starts;
	char *data = slurp_path(c->warc, &len);
	size_t whole =
	    whole_members((unsigned char *)data, len, starts, 0, &n_starts);
	warc_record *recs = NULL;
	size_t n_recs = 0;
	if (whole) {
		FILE *f = fmemopen(data, whole, "rb");
		assert_non_null(f);
		harness_read_warc(f, c->warc, &recs, &n_recs);
		fclose(f);
	}
	for (size_t i = 0; i < n_recs; i++) {
		const char *type = warc_record_get(&recs[i], "WARC-Type");
		const char *uri = warc_record_get(&recs[i], "WARC-Target-URI");
		int page = uri ? page_of(c, uri) : -1;
		if (type && !strcmp(type, "response") && page == GEN_PAGES)
			c->robots_recorded_before = 1;
		else if (type && !strcmp(type, "response") && page >= 0)
			c->recorded_before[page] = 1;
	}
	harness_free_warc(recs, n_recs);
	free(data);
	c->n_recorded = 0;
	for (int i = 0; i < GEN_PAGES; i++)
		c->n_recorded += c->recorded_before[i];
	/* Work behind and ahead of the interruption. */
	if (c->requested_before >= GEN_PAGES || c->n_recorded < 1 ||
	    c->n_recorded >= GEN_PAGES)
		fail_msg("%s: interrupted at %d pages requested, %d recorded: "
		         "not midway",
		         c->site, c->requested_before, c->n_recorded);
}

/* Pages the interruption caught asked for but not recorded. */
static int lost_before(const crawl *c)
{
	int lost = 0;
	for (int p = 0; p < GEN_PAGES; p++)
		lost += c->hits_before[p] > 0 && !c->recorded_before[p];
	return lost;
}

static void resume(crawl *c)
{
	pid_t pid = start_fetch(c, 1);
	assert_exit(c, wait_exit(c, pid, RUN_WAIT_MS), 0);
}

/* --- the checks after the resumed run ------------------------------------ */

/* The fields of a record that the checks compare, pointing into it. */
typedef struct rec_info {
	const char *id, *type, *uri, *concurrent_to, *warcinfo_id;
	int paired; /* requests: responses naming it */
} rec_info;

static void check_warc(const crawl *c)
{
	FILE *f = fopen(c->warc, "rb");
	assert_non_null(f);
	warc_record *recs;
	size_t n;
	harness_read_warc(f, c->warc, &recs, &n);
	fclose(f);
	rec_info *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		const warc_record *rec = &recs[i];
		if (rec->skipped_bytes)
			fail_msg("%s: %llu stray bytes before the record at "
			         "offset %lld",
			         c->site, rec->skipped_bytes, rec->offset);
		v[i] = (rec_info){warc_record_get(rec, "WARC-Record-ID"),
		                  warc_record_get(rec, "WARC-Type"),
		                  warc_record_get(rec, "WARC-Target-URI"),
		                  warc_record_get(rec, "WARC-Concurrent-To"),
		                  warc_record_get(rec, "WARC-Warcinfo-ID"),
		                  0};
	}

	int responses[GEN_PAGES + 1] = {0};
	size_t n_requests = 0, n_responses = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].id || !v[i].type)
			fail_msg("%s: record %zu has no id or type", c->site,
			         i);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(v[k].id, v[i].id))
				fail_msg("%s: WARC-Record-ID %s twice", c->site,
				         v[i].id);
		if (!strcmp(v[i].type, "warcinfo"))
			continue;
		int page = v[i].uri ? page_of(c, v[i].uri) : -1;
		if (page < 0)
			fail_msg("%s: a %s record for %s", c->site, v[i].type,
			         v[i].uri ? v[i].uri : "(no URI)");
		if (!strcmp(v[i].type, "request")) {
			n_requests++;
			continue;
		}
		if (strcmp(v[i].type, "response"))
			fail_msg("%s: a %s record", c->site, v[i].type);
		n_responses++;
		responses[page]++;
		/* Its request, and the warcinfo of its run, are in the
		 * file. */
		size_t q = 0, w = 0;
		while (q < n && !(v[i].concurrent_to &&
		                  !strcmp(v[q].id, v[i].concurrent_to) &&
		                  !strcmp(v[q].type, "request")))
			q++;
		if (q == n || strcmp(v[q].uri, v[i].uri))
			fail_msg("%s: the response for %s has no request "
			         "record of that URI",
			         c->site, v[i].uri);
		v[q].paired++;
		while (w < n && !(v[i].warcinfo_id &&
		                  !strcmp(v[w].id, v[i].warcinfo_id) &&
		                  !strcmp(v[w].type, "warcinfo")))
			w++;
		if (w == n)
			fail_msg("%s: the response for %s names no warcinfo "
			         "record of the file",
			         c->site, v[i].uri);
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].type, "request") && v[i].paired != 1)
			fail_msg("%s: the request record for %s (%s) is named "
			         "by %d responses, expected 1",
			         c->site, v[i].uri, v[i].id, v[i].paired);
	for (int p = 0; p <= GEN_PAGES; p++)
		if (responses[p] != 1)
			fail_msg("%s: %d response records for %s %d, "
			         "expected 1",
			         c->site, responses[p],
			         p < GEN_PAGES ? "page" : "robots.txt", p);
	/* GEN_PAGES pages and robots.txt, each a request and a response. */
	assert_int_equal(n_responses, GEN_PAGES + 1);
	assert_int_equal(n_requests, GEN_PAGES + 1);
	free(v);
	harness_free_warc(recs, n);
}

static void check_csv(const crawl *c)
{
	size_t len;
	char *text = slurp_path(c->csv, &len);
	if (len == 0 || text[len - 1] != '\n')
		fail_msg("%s: crawl.csv does not end with a line end", c->site);
	const char *p = text, *end = text + len;
	csv_fields row = {0};
	int rows[GEN_PAGES + 1] = {0}, header = 1, n;
	while ((n = csv_read_row(&p, end, &row)) >= 0) {
		if (n != HARNESS_CSV_COLS)
			fail_msg("%s: a crawl.csv row of %d cells: %s...",
			         c->site, n, csv_field(&row, 0));
		if (header) {
			assert_string_equal(csv_field(&row, 0), "url");
			assert_string_equal(csv_field(&row, 13), "stored");
			header = 0;
			continue;
		}
		const char *url = csv_field(&row, 0);
		int page = page_of(c, url);
		if (page < 0)
			fail_msg("%s: a crawl.csv row for %s", c->site, url);
		rows[page]++;
		/* Every page answered 200 and was stored. */
		assert_string_equal(csv_field(&row, 2), "200");
		assert_string_equal(csv_field(&row, 13), "1");
	}
	/* Every byte was part of a whole row. */
	assert_true(p == end);
	assert_int_equal(header, 0);
	for (int i = 0; i <= GEN_PAGES; i++)
		if (rows[i] != 1)
			fail_msg("%s: %d crawl.csv rows for %s %d, expected 1",
			         c->site, rows[i],
			         i < GEN_PAGES ? "page" : "robots.txt", i);
	csv_fields_free(&row);
	free(text);
}

/* The rule at the top: a page is asked for again only if the
 * interruption left no whole response record of it. */
static void check_requests(const crawl *c)
{
	int hits[GEN_PAGES];
	assert_int_equal(site_hits(c, hits), GEN_PAGES);
	for (int p = 0; p < GEN_PAGES; p++) {
		int lost = c->hits_before[p] > 0 && !c->recorded_before[p];
		if (hits[p] != 1 + lost)
			fail_msg("%s: page %d requested %d times, expected %d "
			         "(%d before the interruption, %s)",
			         c->site, p, hits[p], 1 + lost,
			         c->hits_before[p],
			         c->recorded_before[p] ? "recorded"
			                               : "not recorded");
	}
	int robots = robots_hits(c->s) - c->robots_hits_start;
	assert_int_equal(robots, 1 + !c->robots_recorded_before);
}

/* cqa-parse reads the WARC and finds every page a document. */
static void check_parse(const crawl *c)
{
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "'%s/cqa-parse' -q -o '%s' '%s' 2>>'%s'", c->s->bin,
	           c->docs, c->warc, c->log);
	int status = system(buf_cstr(&cmd));
	buf_free(&cmd);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	size_t len;
	char *text = slurp_path(c->docs, &len);
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	free(text);
	assert_int_equal(lines, GEN_PAGES);
}

static void check_resumed(const crawl *c)
{
	check_warc(c);
	check_csv(c);
	check_requests(c);
}

/* --- the tests ----------------------------------------------------------- */

static void test_kill9_resume(void **ctx)
{
	crawl c;
	crawl_init(&c, *ctx, "kill");
	int status = interrupt_midway(&c, SIGKILL);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	snapshot(&c);
	resume(&c);
	check_resumed(&c);
	check_parse(&c);
}

static void test_sigint_resume(void **ctx)
{
	crawl c;
	crawl_init(&c, *ctx, "sigint");
	/* 128 + SIGINT, and files that need no repair: whole gzip members
	 * only, and crawl.csv ending with a line end. */
	assert_exit(&c, interrupt_midway(&c, SIGINT), 130);
	size_t len, starts[1], n_starts;
	char *data = slurp_path(c.warc, &len);
	assert_int_equal(
	    whole_members((unsigned char *)data, len, starts, 0, &n_starts),
	    len);
	free(data);
	data = slurp_path(c.csv, &len);
	assert_true(len > 0 && data[len - 1] == '\n');
	free(data);
	snapshot(&c);
	/* Ctrl-C lets every finished transfer reach the files: only those
	 * still running, at most --per-host of them, are lost. */
	assert_true(lost_before(&c) <= atoi(PER_HOST));
	resume(&c);
	check_resumed(&c);
}

/* Offset of the gzip member of the last response record in the first
 * whole bytes of data, which are whole members. */
static size_t last_response_at(char *data, size_t whole)
{
	FILE *f = fmemopen(data, whole, "rb");
	assert_non_null(f);
	warc_record *recs;
	size_t n;
	harness_read_warc(f, "killed WARC", &recs, &n);
	fclose(f);
	long long at = -1;
	for (size_t i = 0; i < n; i++) {
		const char *type = warc_record_get(&recs[i], "WARC-Type");
		if (type && !strcmp(type, "response"))
			at = recs[i].offset;
	}
	harness_free_warc(recs, n);
	assert_true(at > 0);
	return (size_t)at;
}

static void truncate_to(const char *path, long long len)
{
	assert_int_equal(truncate(path, (off_t)len), 0);
	assert_int_equal(file_size(path), len);
}

static void test_partial_record_cut(void **ctx)
{
	crawl c;
	crawl_init(&c, *ctx, "cut");
	int status = interrupt_midway(&c, SIGKILL);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* The WARC: cut in the middle of the member [a, b) of the last
	 * whole response record. */
	enum { MAX_MEMBERS = 4 * GEN_PAGES };
	size_t len, *starts = xcalloc(MAX_MEMBERS, sizeof *starts), n_starts;
	char *data = slurp_path(c.warc, &len);
	size_t whole = whole_members((unsigned char *)data, len, starts,
	                             MAX_MEMBERS, &n_starts);
	size_t a = last_response_at(data, whole);
	size_t i = 0;
	while (i < n_starts && starts[i] != a)
		i++;
	assert_true(i > 0 && i < n_starts); /* a request record before it */
	size_t b = i + 1 < n_starts ? starts[i + 1] : whole;
	truncate_to(c.warc, (long long)(a + (b - a) / 2));
	/* Now the whole members end at a, the request's member the last. */
	free(data);
	data = slurp_path(c.warc, &len);
	assert_int_equal(whole_members((unsigned char *)data, len, starts,
	                               MAX_MEMBERS, &n_starts),
	                 a);
	assert_int_equal(n_starts, i);

	/* crawl.csv: cut in the middle of its last whole row. */
	size_t clen;
	char *csv = slurp_path(c.csv, &clen);
	size_t row_end = clen;
	while (row_end > 0 && csv[row_end - 1] != '\n')
		row_end--;
	size_t row_start = row_end > 0 ? row_end - 1 : 0;
	while (row_start > 0 && csv[row_start - 1] != '\n')
		row_start--;
	assert_true(row_end - row_start > 10);
	truncate_to(c.csv, (long long)(row_start + (row_end - row_start) / 2));
	free(csv);

	snapshot(&c);
	resume(&c);
	check_resumed(&c);
	check_parse(&c);

	/* The records before the lone request are kept byte for byte; the
	 * resumed run wrote on from where that request began (check_warc
	 * found no request without its response). */
	size_t resumed_len, r = starts[i - 1];
	char *resumed = slurp_path(c.warc, &resumed_len);
	assert_true(resumed_len > a);
	assert_memory_equal(resumed, data, r);
	assert_int_equal((unsigned char)resumed[r], 0x1f);
	assert_int_equal((unsigned char)resumed[r + 1], 0x8b);
	free(resumed);
	free(data);
	free(starts);
}

/* --- a site whose links redirect ----------------------------------------- */

/* The tree of http_server.c: /tree/SITE/dN answers 301 to /tree/SITE/dN/,
 * the page, which links its children d(2N+1) and d(2N+2) in the
 * redirecting form, the root, itself and its parent, and a URL robots.txt
 * disallows.  A "stall" site holds back the first request for
 * dTREE_STALL/, so a crawl of it can be killed at a known point: every
 * page outside that page's subtree asked for, the rest not yet. */
enum {
	TREE_PAGES = 31,
	TREE_STALL = 5,
	/* Pages of the tree outside the stalled page's subtree of 7 (d5,
	 * d11, d12, d23..d26), and the stalled page itself. */
	TREE_BEFORE_STALL = TREE_PAGES - 7 + 1,
	/* After the requests the kill waits for, this long for the
	 * answers to reach the client and be written: what is still in
	 * its buffers is lost to the kill and fetched again, which the
	 * checks allow for. */
	TREE_SETTLE_US = 200000,
};

typedef struct tree {
	const state *s;
	const char *site;
	int use_log;
	const char *extra[2]; /* --max-depth N or --max-pages N, or NULL */
	char seed[160], warc[4200], csv[4200], log[4200];
	int robots_hits_start;
	/* The files as the kill left them: requests for dN and dN/, and
	 * whole response records. */
	int hits_before[TREE_PAGES][2];
	int recorded_before[TREE_PAGES];
} tree;

/* Links followed from d0 to dN. */
static int tree_depth(int n)
{
	int d = 0;
	for (; n > 0; n = (n - 1) / 2)
		d++;
	return d;
}

static void tree_init(tree *t, const state *s, const char *site, int use_log,
                      const char *opt, const char *value)
{
	memset(t, 0, sizeof *t);
	t->s = s;
	t->site = site;
	t->use_log = use_log;
	t->extra[0] = opt;
	t->extra[1] = value;
	snprintf(t->seed, sizeof t->seed, "%s/tree/%s/d0", s->base, site);
	snprintf(t->warc, sizeof t->warc, "%s/%s.warc.gz", s->dir, site);
	snprintf(t->csv, sizeof t->csv, "%s/%s.csv", s->dir, site);
	snprintf(t->log, sizeof t->log, "%s/%s.stderr", s->dir, site);
	t->robots_hits_start = robots_hits(s);
}

/* cqa-fetch [-q] --crawl --per-host 4 -o WARC [--crawl-log CSV] [EXTRA]
 * [--resume] SEED, its stderr into the tree's log (emptied first). */
static pid_t tree_start(const tree *t, int resume, int quiet)
{
	char prog[4200];
	snprintf(prog, sizeof prog, "%s/cqa-fetch", t->s->bin);
	const char *argv[16];
	int n = 0;
	argv[n++] = "cqa-fetch";
	if (quiet)
		argv[n++] = "-q";
	argv[n++] = "--crawl";
	argv[n++] = "--per-host";
	argv[n++] = PER_HOST;
	argv[n++] = "-o";
	argv[n++] = t->warc;
	if (t->use_log) {
		argv[n++] = "--crawl-log";
		argv[n++] = t->csv;
	}
	if (t->extra[0]) {
		argv[n++] = t->extra[0];
		argv[n++] = t->extra[1];
	}
	if (resume)
		argv[n++] = "--resume";
	argv[n++] = t->seed;
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = open(t->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (err >= 0)
			dup2(err, STDERR_FILENO);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* Runs cqa-fetch to its end; fails unless it exits with code. */
static void tree_run(const tree *t, int resume, int quiet, int code)
{
	crawl c = {.s = t->s, .site = t->site};
	snprintf(c.log, sizeof c.log, "%s", t->log);
	assert_exit(
	    &c, wait_exit(&c, tree_start(t, resume, quiet), RUN_WAIT_MS), code);
}

/* The server's requests for dN ([N][0]) and dN/ ([N][1]) of the site;
 * returns the number of pages (dN/) asked for. */
static int tree_hits(const tree *t, int hits[TREE_PAGES][2])
{
	char path[128];
	snprintf(path, sizeof path, "/hits-under/tree/%s/", t->site);
	buf_t b = BUF_INIT;
	harness_server_get(t->s->port, path, &b);
	memset(hits, 0, TREE_PAGES * sizeof *hits);
	int pages = 0;
	size_t plen = strlen(path) - strlen("/hits-under");
	for (const char *line = buf_cstr(&b); *line;) {
		int page = -1, n = 0, len = 0;
		assert_int_equal(sscanf(line + plen, "d%d%n", &page, &len), 1);
		assert_true(page >= 0 && page < TREE_PAGES);
		int slash = line[plen + (size_t)len] == '/';
		assert_int_equal(
		    sscanf(line + plen + (size_t)len + slash, " %d", &n), 1);
		hits[page][slash] = n;
		pages += slash;
		line = strchr(line, '\n');
		assert_non_null(line);
		line++;
	}
	buf_free(&b);
	return pages;
}

/* The page number of a final URL of the tree (.../dN/), or -1. */
static int tree_page_of(const tree *t, const char *url)
{
	char prefix[256];
	snprintf(prefix, sizeof prefix, "%s/tree/%s/d", t->s->base, t->site);
	size_t plen = strlen(prefix);
	char *end;
	if (strncmp(url, prefix, plen))
		return -1;
	long n = strtol(url + plen, &end, 10);
	return end != url + plen && !strcmp(end, "/") && n >= 0 &&
	               n < TREE_PAGES
	           ? (int)n
	           : -1;
}

/* Response records per page of the WARC's whole members into count
 * (robots.txt at TREE_PAGES); with fields, checks each page's WARC-Cqa
 * fields too. */
static void tree_records(const tree *t, int count[TREE_PAGES + 1], int fields)
{
	size_t len, starts[1], n_starts;
	char *data = slurp_path(t->warc, &len);
	size_t whole =
	    whole_members((unsigned char *)data, len, starts, 0, &n_starts);
	warc_record *recs = NULL;
	size_t n = 0;
	if (whole) {
		FILE *f = fmemopen(data, whole, "rb");
		assert_non_null(f);
		harness_read_warc(f, t->warc, &recs, &n);
		fclose(f);
	}
	char robots[128];
	snprintf(robots, sizeof robots, "%s/robots.txt", t->s->base);
	memset(count, 0, (TREE_PAGES + 1) * sizeof *count);
	for (size_t i = 0; i < n; i++) {
		const char *type = warc_record_get(&recs[i], "WARC-Type");
		const char *uri = warc_record_get(&recs[i], "WARC-Target-URI");
		if (!type || strcmp(type, "response") || !uri)
			continue;
		if (!strcmp(uri, robots)) {
			count[TREE_PAGES]++;
			continue;
		}
		int p = tree_page_of(t, uri);
		if (p < 0)
			fail_msg("%s: a response for %s", t->site, uri);
		count[p]++;
		if (!fields)
			continue;
		/* What --resume rebuilds the crawl from. */
		char depth[16], from[256];
		snprintf(depth, sizeof depth, "%d", tree_depth(p));
		snprintf(from, sizeof from, "%s/tree/%s/d%d", t->s->base,
		         t->site, p);
		const char *got_kind =
		    warc_record_get(&recs[i], "WARC-Cqa-Kind");
		const char *got_depth =
		    warc_record_get(&recs[i], "WARC-Cqa-Depth");
		const char *got_from =
		    warc_record_get(&recs[i], "WARC-Cqa-Redirected-From");
		assert_non_null(got_kind);
		assert_non_null(got_depth);
		assert_non_null(got_from);
		assert_string_equal(got_kind, "page");
		assert_string_equal(got_depth, depth);
		assert_string_equal(got_from, from);
	}
	harness_free_warc(recs, n);
	free(data);
}

/* Starts the crawl of a stall site and kills it (SIGKILL) once the
 * server has seen `pages` pages asked for, the stalled one among them;
 * then notes what the kill left. */
static void tree_kill(tree *t, int pages)
{
	int hits[TREE_PAGES][2];
	pid_t pid = tree_start(t, 0, 1);
	long long deadline = now_ms() + INTERRUPT_WAIT_MS;
	crawl c = {.s = t->s, .site = t->site};
	while (tree_hits(t, hits) < pages || !hits[TREE_STALL][1]) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("%s: cqa-fetch ended before the kill "
			         "(status %d)",
			         t->site, status);
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("%s: %d pages asked for after %d ms", t->site,
			         tree_hits(t, hits), INTERRUPT_WAIT_MS);
		}
		sleep_us(POLL_US);
	}
	sleep_us(TREE_SETTLE_US);
	assert_int_equal(kill(pid, SIGKILL), 0);
	int status = wait_exit(&c, pid, RUN_WAIT_MS);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	sleep_us(50000); /* see snapshot() */
	tree_hits(t, t->hits_before);
	int count[TREE_PAGES + 1];
	tree_records(t, count, 0);
	for (int p = 0; p < TREE_PAGES; p++)
		t->recorded_before[p] = count[p] > 0;
}

/* After the resumed run: `stored` pages stored, each once, each at the
 * depth the tree gives it; robots.txt once; and the server asked for
 * nothing twice but what the kill lost (the rule at the top, for the
 * page and for the URL that redirects to it).  want_all: the pages are
 * exactly those of depth <= max_depth (-1: all); else (a --max-pages
 * crawl) any `stored` of them. */
static void tree_check(const tree *t, int max_depth, int want_all, int stored)
{
	int count[TREE_PAGES + 1], hits[TREE_PAGES][2], total = 0;
	tree_records(t, count, 0);
	tree_hits(t, hits);
	assert_int_equal(count[TREE_PAGES], 1);
	for (int p = 0; p < TREE_PAGES; p++) {
		total += count[p];
		if (count[p] > 1)
			fail_msg("%s: page d%d stored %d times", t->site, p,
			         count[p]);
		if (want_all &&
		    count[p] != (max_depth < 0 || tree_depth(p) <= max_depth))
			fail_msg("%s: page d%d (depth %d) stored %d times",
			         t->site, p, tree_depth(p), count[p]);
		for (int k = 0; k < 2; k++) {
			int lost =
			    t->hits_before[p][k] > 0 && !t->recorded_before[p];
			int want = count[p] ? 1 + lost : t->hits_before[p][k];
			if (hits[p][k] != want)
				fail_msg("%s: d%d%s requested %d times, "
				         "expected %d (%d before the kill, %s)",
				         t->site, p, k ? "/" : "", hits[p][k],
				         want, t->hits_before[p][k],
				         t->recorded_before[p]
				             ? "recorded"
				             : "not recorded");
		}
	}
	assert_int_equal(total, stored);
	assert_int_equal(robots_hits(t->s) - t->robots_hits_start, 1);
	tree_records(t, count, 1);
}

/* crawl.csv after the resumed run: one row a URL; each stored page's
 * row has the URL asked for (dN), its final URL (dN/), one redirect and
 * its depth; each URL robots.txt refused its row with the depth of the
 * page linking it plus one. */
static void tree_check_log(const tree *t, int stored_pages, int refused)
{
	FILE *f = fopen(t->csv, "rb");
	assert_non_null(f);
	harness_crawl_log log;
	assert_int_equal(harness_read_crawl_log(f, &log), 0);
	fclose(f);
	assert_int_equal(log.n_rows,
	                 1 + (size_t)stored_pages + (size_t)refused);
	int seen_pages = 0, seen_refused = 0;
	for (size_t i = 0; i < log.n_rows; i++) {
		char **c = log.rows[i].cell;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(log.rows[k].cell[0], c[0]))
				fail_msg("%s: two rows for %s", t->site, c[0]);
		int p = tree_page_of(t, c[1]);
		char want[256];
		if (!strcmp(c[11], "robots"))
			continue;
		if (p >= 0) {
			snprintf(want, sizeof want, "%s/tree/%s/d%d",
			         t->s->base, t->site, p);
			assert_string_equal(c[0], want);
			assert_string_equal(c[2], "200");
			assert_int_equal(atoi(c[7]), tree_depth(p));
			assert_string_equal(c[9], "1");
			assert_string_equal(c[13], "1");
			seen_pages++;
			continue;
		}
		int n = -1;
		snprintf(want, sizeof want, "%s/private/tree/%s/%%d.html",
		         t->s->base, t->site);
		assert_int_equal(sscanf(c[0], want, &n), 1);
		assert_string_equal(c[3], "robots");
		assert_int_equal(atoi(c[7]), tree_depth(n) + 1);
		seen_refused++;
	}
	assert_int_equal(seen_pages, stored_pages);
	assert_int_equal(seen_refused, refused);
	harness_crawl_log_free(&log);
}

/* Resuming a crawl that is done fetches nothing, stores nothing, and
 * says so in one line, with status 0: without a log (the WARC tells
 * which URLs the redirects came from, and robots.txt, stored, refuses
 * the same URLs again without a request) and with one. */
static void tree_finished(const state *s, const char *site, int use_log,
                          size_t settled)
{
	tree t;
	tree_init(&t, s, site, use_log, NULL, NULL);
	tree_run(&t, 0, 1, 0);
	tree_hits(&t, t.hits_before);
	int count[TREE_PAGES + 1];
	tree_records(&t, count, 0);
	for (int p = 0; p < TREE_PAGES; p++)
		t.recorded_before[p] = count[p] > 0;
	tree_run(&t, 1, 0, 0);
	size_t len;
	char *err = slurp_path(t.log, &len);
	char want[160];
	snprintf(want, sizeof want,
	         "cqa-fetch: nothing left to do: the earlier run settled all "
	         "%zu URLs\n",
	         settled);
	assert_string_equal(err, want);
	free(err);
	tree_check(&t, -1, 1, TREE_PAGES);
	if (use_log)
		tree_check_log(&t, TREE_PAGES, TREE_PAGES);
}

static void test_tree_resume_finished(void **ctx)
{
	/* Without a log, the URLs settled are the 32 records; with one,
	 * its 63 rows (robots.txt, 31 pages, 31 refused). */
	tree_finished(*ctx, "done-nolog", 0, TREE_PAGES + 1);
	tree_finished(*ctx, "done-log", 1, 2 * TREE_PAGES + 1);
}

static void test_tree_kill_resume(void **ctx)
{
	for (int use_log = 0; use_log <= 1; use_log++) {
		tree t;
		tree_init(&t, *ctx, use_log ? "stall-log" : "stall-nolog",
		          use_log, NULL, NULL);
		tree_kill(&t, TREE_BEFORE_STALL);
		tree_run(&t, 1, 1, 0);
		tree_check(&t, -1, 1, TREE_PAGES);
		if (use_log)
			tree_check_log(&t, TREE_PAGES, TREE_PAGES);
	}
}

/* --max-depth 2 across a kill: d0..d6 (depth 0 to 2), the stalled d5
 * among them, and no page deeper: the pages the resumed run re-reads keep
 * their depth. */
static void test_tree_kill_max_depth(void **ctx)
{
	for (int use_log = 0; use_log <= 1; use_log++) {
		tree t;
		tree_init(&t, *ctx, use_log ? "stall-depth-log" : "stall-depth",
		          use_log, "--max-depth", "2");
		tree_kill(&t, 7);
		tree_run(&t, 1, 1, 0);
		tree_check(&t, 2, 1, 7);
		/* The refused links of depth 0 and 1 pages (3), none of
		 * depth 2 pages: they are at depth 3. */
		if (use_log)
			tree_check_log(&t, 7, 3);
	}
}

/* --max-pages 12 across a kill: the pages stored before count. */
static void test_tree_kill_max_pages(void **ctx)
{
	for (int use_log = 0; use_log <= 1; use_log++) {
		tree t;
		tree_init(&t, *ctx, use_log ? "stall-pages-log" : "stall-pages",
		          use_log, "--max-pages", "12");
		tree_kill(&t, 12);
		tree_run(&t, 1, 1, 0);
		tree_check(&t, -1, 0, 12);
	}
}

/* Rows --resume rebuilds from the records (the log lost them): the URL
 * asked for, the redirect and the depth come from the record. */
static void test_tree_rows_rebuilt(void **ctx)
{
	tree t;
	tree_init(&t, *ctx, "rebuilt", 1, NULL, NULL);
	tree_run(&t, 0, 1, 0);
	tree_hits(&t, t.hits_before);
	for (int p = 0; p < TREE_PAGES; p++)
		t.recorded_before[p] = 1;
	/* Keep the header and the robots.txt row only. */
	size_t len;
	char *text = slurp_path(t.csv, &len);
	char *second = strchr(text, '\n');
	assert_non_null(second);
	char *third = strchr(second + 1, '\n');
	assert_non_null(third);
	truncate_to(t.csv, (long long)(third + 1 - text));
	free(text);
	/* The refused URLs lost their rows too: they get them again, from
	 * robots.txt, without a request.  Status 0: pages were fetched. */
	tree_run(&t, 1, 1, 0);
	tree_check(&t, -1, 1, TREE_PAGES);
	tree_check_log(&t, TREE_PAGES, TREE_PAGES);
}

/* --- the crawl log and the options --------------------------------------- */

/* A crawl log that cannot be written: its name and the cause, status 3. */
static void test_crawl_log_write_error(void **ctx)
{
	const state *s = *ctx;
	tree t;
	tree_init(&t, s, "full", 0, NULL, NULL);
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd,
	           "'%s/cqa-fetch' -o '%s' --crawl-log /dev/full "
	           "'%s/page.html' 2>'%s'",
	           s->bin, t.warc, s->base, t.log);
	int status = system(buf_cstr(&cmd));
	buf_free(&cmd);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	size_t len;
	char *err = slurp_path(t.log, &len);
	assert_string_equal(
	    err,
	    "cqa-fetch: /dev/full: cannot write: No space left on device\n");
	free(err);
}

/* --sitemap robots with no input would read no robots.txt: a usage error
 * naming the problem, before any output file is made. */
static void test_sitemap_robots_needs_input(void **ctx)
{
	const state *s = *ctx;
	tree t;
	tree_init(&t, s, "noinput", 0, NULL, NULL);
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd,
	           "'%s/cqa-fetch' --sitemap robots -o '%s' </dev/null "
	           "2>'%s'",
	           s->bin, t.warc, t.log);
	int status = system(buf_cstr(&cmd));
	buf_free(&cmd);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	size_t len;
	char *err = slurp_path(t.log, &len);
	assert_non_null(strstr(err, "cqa-fetch: --sitemap robots reads the "
	                            "Sitemap lines of the inputs' hosts' "
	                            "robots.txt, and no URL was given"));
	free(err);
	assert_int_equal(file_size(t.warc), -1);
}

static int group_setup(void **ctx)
{
	state *s = calloc(1, sizeof *s);
	*ctx = s;
	setenv("no_proxy", "*", 1); /* never send loopback through a proxy */
	const char *bin = getenv("CQA_BIN");
	snprintf(s->bin, sizeof s->bin, "%s", bin && *bin ? bin : "build/bin");
	if (harness_make_dir("cqa-resume", s->dir, sizeof s->dir) < 0)
		return -1;
	s->server =
	    harness_start_server("site", &s->port, s->base, sizeof s->base);
	return s->server < 0 ? -1 : 0;
}

static int group_teardown(void **ctx)
{
	state *s = *ctx;
	harness_stop_server(s->server);
	harness_remove_dir(s->dir);
	free(s);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kill9_resume),
	    cmocka_unit_test(test_sigint_resume),
	    cmocka_unit_test(test_partial_record_cut),
	    cmocka_unit_test(test_tree_resume_finished),
	    cmocka_unit_test(test_tree_kill_resume),
	    cmocka_unit_test(test_tree_kill_max_depth),
	    cmocka_unit_test(test_tree_kill_max_pages),
	    cmocka_unit_test(test_tree_rows_rebuilt),
	    cmocka_unit_test(test_crawl_log_write_error),
	    cmocka_unit_test(test_sitemap_robots_needs_input),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
