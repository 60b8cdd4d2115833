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
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	char *data = harness_slurp(f, len);
	fclose(f);
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
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
