/*
 * test_lock.c - one writer at a time, with the real programs.
 *
 * Scheduled audits overlap: a crawl runs past the next start, a user types
 * --resume in a second terminal.  Each test starts a first writer and,
 * while it is alive and holds its lock, a second one on the same output:
 *
 *   test_fetch_same_warc      a second cqa-fetch --resume on the WARC, and
 *                             one with another WARC but the same crawl log;
 *   test_kill9_then_resume    kill -9 of the crawl, then --resume with no
 *                             clean-up at all;
 *   test_analyze_same_output  cqa-analyze -o on a metrics file being
 *                             written (the first reads a pipe the test
 *                             holds open, so it is alive as long as the
 *                             test wants);
 *   test_audit_same_dir       cqa audit and cqa-report -o into a directory
 *                             an audit is writing, then cqa audit --wait;
 *   test_parse_while_written  cqa-parse reading the WARC of a running crawl:
 *                             readers take no lock; on a WARC whose last
 *                             record is torn while a writer holds the
 *                             lock, it reads the whole records and says
 *                             the file is being written.
 *
 * The first writer is stopped (SIGSTOP) once it holds its lock, so it is
 * surely alive while the second runs however slow the machine is, and
 * continued (SIGCONT) afterwards.  The second writer must be refused at
 * once (exit status 6), with one line naming the file and the first's process,
 * before it reads or changes anything; the first must finish with its files
 * whole and complete: every page once in the WARC and the crawl log.
 *
 * The pages are /delay/150/... of tests/http_server: 16 pages two at a
 * time take about 1.2 s, long enough to start a second run beside the
 * first on a loaded machine, short enough for the suite.
 */
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

#include <cmocka.h>

#include "common/buf.h"
#include "common/lock.h"
#include "tests/fetch_harness.h"

enum {
	N_PAGES = 16,
	PAGE_DELAY_MS = 150,
	RUN_MS = 60000,
};

typedef struct state {
	pid_t server;
	int port;
	char base[64];
	char dir[256];
	char bin[4096];
	char urls[N_PAGES][128];
} state;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *path_in(const state *s, const char *name)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s", s->dir, name);
	return buf_detach(&b, NULL);
}

/* Runs CQA_BIN/argv[0] with stdin from in_fd (-1: /dev/null), stdout to
 * /dev/null and stderr to err_path. */
static pid_t spawn(const state *s, const char *const *argv, int in_fd,
                   const char *err_path)
{
	char prog[4200];
	snprintf(prog, sizeof prog, "%s/%s", s->bin, argv[0]);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(in_fd >= 0 ? in_fd : null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (err >= 0)
			dup2(err, STDERR_FILENO);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* The exit status of pid, which must end within ms. */
static int wait_exit(pid_t pid, long long ms, const char *what)
{
	long long deadline = now_ms() + ms;
	int status = 0;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("%s still running after %lld ms", what, ms);
		}
		usleep(5000);
	}
	if (!WIFEXITED(status))
		fail_msg("%s killed by signal %d", what, WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* The file at path, "" when there is none (a test reads what a run may
 * not have written). */
static char *slurp(const char *path)
{
	char *text = harness_slurp_path(path, NULL);
	return text ? text : strdup("");
}

/* Waits until another process holds the lock of output (a file, or a
 * directory when is_dir): the first writer is then surely alive and
 * writing.  Returns the holder. */
static pid_t wait_for_holder(const char *output, int is_dir)
{
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, output, is_dir);
	long long deadline = now_ms() + RUN_MS;
	pid_t pid;
	while ((pid = cqa_lock_holder(buf_cstr(&lp))) <= 0) {
		if (now_ms() > deadline)
			fail_msg("nobody took the lock %s", buf_cstr(&lp));
		usleep(2000);
	}
	buf_free(&lp);
	return pid;
}

/* A second writer's run: exit status 6, its stderr one line naming output
 * and the holder's process.  The holder is stopped meanwhile, so a second
 * writer that waited for it instead would never end (wait_exit fails). */
static void expect_refused(const state *s, const char *const *argv,
                           const char *output, pid_t holder)
{
	char *err = path_in(s, "second.err");
	pid_t pid = spawn(s, argv, -1, err);
	int code = wait_exit(pid, RUN_MS, argv[0]);
	char *text = slurp(err);
	if (code != 6)
		fail_msg("%s: exit %d, expected 6; stderr:\n%s", argv[0], code,
		         text);
	buf_t want = BUF_INIT;
	buf_printf(&want, "%s: %s: in use by another run (process %ld, ",
	           argv[0], output, (long)holder);
	if (strncmp(text, buf_cstr(&want), want.len) != 0)
		fail_msg("stderr [%s], expected it to start [%s]", text,
		         buf_cstr(&want));
	/* one line */
	assert_non_null(strchr(text, '\n'));
	assert_string_equal(strchr(text, '\n'), "\n");
	buf_free(&want);
	free(text);
	free(err);
}

/* The WARC holds one response per page and nothing twice; the crawl log
 * one row per page, each stored, and one for robots.txt. */
static void check_crawl(const state *s, const char *warc, const char *csv)
{
	FILE *f = fopen(warc, "rb");
	assert_non_null(f);
	warc_record *recs;
	size_t n;
	harness_read_warc(f, warc, &recs, &n);
	fclose(f);
	for (int i = 0; i < N_PAGES; i++)
		assert_int_equal(
		    harness_count_records(recs, n, "response", s->urls[i]), 1);
	size_t responses = 0;
	for (size_t i = 0; i < n; i++)
		responses += !strcmp(harness_record_type(&recs[i]), "response");
	/* the pages; this server's robots.txt is a 404, logged, not stored */
	assert_int_equal(responses, N_PAGES);
	harness_free_warc(recs, n);

	f = fopen(csv, "rb");
	assert_non_null(f);
	harness_crawl_log log;
	assert_int_equal(harness_read_crawl_log(f, &log), 0);
	fclose(f);
	int stored = harness_crawl_log_col(&log, "stored");
	for (int i = 0; i < N_PAGES; i++) {
		long row = harness_crawl_log_row(&log, s->urls[i]);
		assert_true(row >= 0);
		assert_string_equal(log.rows[row].cell[stored], "1");
	}
	assert_int_equal(log.n_rows, N_PAGES + 1); /* and robots.txt */
	harness_crawl_log_free(&log);
}

/* cqa-fetch -q --per-host 2 -o WARC --crawl-log CSV [--resume] URLs */
static pid_t start_fetch(const state *s, const char *warc, const char *csv,
                         int resume, const char *err)
{
	const char *argv[10 + N_PAGES] = {"cqa-fetch",   "-q", "--per-host",
	                                  "2",           "-o", warc,
	                                  "--crawl-log", csv};
	int n = 8;
	if (resume)
		argv[n++] = "--resume";
	for (int i = 0; i < N_PAGES; i++)
		argv[n++] = s->urls[i];
	argv[n] = NULL;
	return spawn(s, argv, -1, err);
}

static void test_fetch_same_warc(void **ctx)
{
	state *s = *ctx;
	char *warc = path_in(s, "a.warc.gz"), *csv = path_in(s, "a.csv");
	char *err = path_in(s, "a.err"), *csv2 = path_in(s, "b.csv");
	char *warc2 = path_in(s, "b.warc.gz");
	pid_t first = start_fetch(s, warc, csv, 0, err);
	pid_t holder = wait_for_holder(warc, 0);
	assert_int_equal(holder, first);
	/* The crawl log is locked just after the WARC. */
	assert_int_equal(wait_for_holder(csv, 0), first);
	/* Stopped, it holds its locks for as long as the test needs, however
	 * slow the machine is. */
	kill(first, SIGSTOP);

	const char *again[] = {"cqa-fetch",   "-q", "--resume", "-o", warc,
	                       "--crawl-log", csv2, s->urls[0], NULL};
	expect_refused(s, again, warc, first);
	/* refused before it created anything */
	assert_int_equal(access(csv2, F_OK), -1);

	const char *same_log[] = {"cqa-fetch",   "-q", "-o",       warc2,
	                          "--crawl-log", csv,  s->urls[0], NULL};
	expect_refused(s, same_log, csv, first);
	assert_int_equal(access(warc2, F_OK), -1);
	kill(first, SIGCONT);

	assert_int_equal(wait_exit(first, RUN_MS, "first cqa-fetch"), 0);
	check_crawl(s, warc, csv);
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, warc, 0);
	assert_int_equal(access(buf_cstr(&lp), F_OK), -1);
	buf_free(&lp);
	free(warc);
	free(csv);
	free(err);
	free(csv2);
	free(warc2);
}

static void test_kill9_then_resume(void **ctx)
{
	state *s = *ctx;
	char *warc = path_in(s, "k.warc.gz"), *csv = path_in(s, "k.csv");
	char *err = path_in(s, "k.err");
	pid_t first = start_fetch(s, warc, csv, 0, err);
	wait_for_holder(warc, 0);
	usleep(300 * 1000); /* a few pages in */
	kill(first, SIGKILL);
	waitpid(first, NULL, 0);
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, warc, 0);
	assert_int_equal(cqa_lock_holder(buf_cstr(&lp)), 0);

	/* The same command with --resume, nothing cleaned up by hand. */
	pid_t again = start_fetch(s, warc, csv, 1, err);
	int code = wait_exit(again, RUN_MS, "cqa-fetch --resume");
	if (code != 0) {
		char *text = slurp(err);
		fail_msg("--resume after kill -9: exit %d; stderr:\n%s", code,
		         text);
	}
	check_crawl(s, warc, csv);
	assert_int_equal(access(buf_cstr(&lp), F_OK), -1);
	buf_free(&lp);
	free(warc);
	free(csv);
	free(err);
}

/* docs.jsonl of one fixture page, made with cqa-parse. */
static char *make_docs(const state *s)
{
	char *docs = path_in(s, "docs.jsonl"), *err = path_in(s, "parse.err");
	buf_t page = BUF_INIT;
	const char *fixtures = getenv("CQA_FIXTURES");
	buf_printf(&page, "%s/fetch-page.html",
	           fixtures ? fixtures : "tests/fixtures");
	const char *argv[] = {"cqa-parse",     "-q", "-o", docs,
	                      buf_cstr(&page), NULL};
	assert_int_equal(
	    wait_exit(spawn(s, argv, -1, err), RUN_MS, "cqa-parse"), 0);
	buf_free(&page);
	free(err);
	return docs;
}

static void test_analyze_same_output(void **ctx)
{
	state *s = *ctx;
	char *docs = make_docs(s), *metrics = path_in(s, "metrics.jsonl");
	char *err = path_in(s, "an.err");
	FILE *old = fopen(metrics, "w");
	assert_non_null(old);
	fputs("{\"type\":\"summary\",\"pages\":0}\n", old);
	fclose(old);

	int fds[2];
	/* close-on-exec: the child must not hold the write end itself */
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	const char *first_argv[] = {"cqa-analyze", "-q", "-o", metrics, NULL};
	pid_t first = spawn(s, first_argv, fds[0], err);
	close(fds[0]);
	assert_int_equal(wait_for_holder(metrics, 0), first);

	const char *second[] = {"cqa-analyze", "-q", "-o", metrics, docs, NULL};
	expect_refused(s, second, metrics, first);
	char *text = slurp(metrics);
	assert_string_equal(text, "{\"type\":\"summary\",\"pages\":0}\n");
	free(text);

	/* The first gets its document and finishes: its file is whole. */
	char *line = slurp(docs);
	assert_true(write(fds[1], line, strlen(line)) == (ssize_t)strlen(line));
	close(fds[1]);
	free(line);
	assert_int_equal(wait_exit(first, RUN_MS, "first cqa-analyze"), 0);
	text = slurp(metrics);
	assert_non_null(strstr(text, "{\"type\":\"page\""));
	const char *last = strstr(text, "{\"type\":\"summary\"");
	assert_non_null(last);
	assert_string_equal(strchr(last, '\n'), "\n");
	free(text);
	free(docs);
	free(metrics);
	free(err);
}

static void test_audit_same_dir(void **ctx)
{
	state *s = *ctx;
	char *dir = path_in(s, "audit"), *err = path_in(s, "audit.err");
	char *err2 = path_in(s, "wait.err");
	const char *argv[6 + N_PAGES] = {"cqa", "audit", "-q", "-o", dir};
	int n = 5;
	for (int i = 0; i < N_PAGES; i++)
		argv[n++] = s->urls[i];
	argv[n] = NULL;
	pid_t first = spawn(s, argv, -1, err);
	assert_int_equal(wait_for_holder(dir, 1), first);
	kill(first, SIGSTOP);

	const char *second[] = {"cqa", "audit",    "-q", "-o",
	                        dir,   s->urls[0], NULL};
	expect_refused(s, second, dir, first);
	const char *report[] = {"cqa-report", "-q",        "-o",
	                        dir,          "/dev/null", NULL};
	expect_refused(s, report, dir, first);

	/* --wait: starts now, writes when the first is done. */
	const char *waiting[] = {"cqa", "audit", "-q",       "--wait",
	                         "-o",  dir,     s->urls[0], NULL};
	pid_t third = spawn(s, waiting, -1, err2);
	/* The waiting audit must not get ahead of the first one. */
	usleep(200 * 1000);
	kill(first, SIGCONT);
	assert_int_equal(wait_exit(first, RUN_MS, "first cqa audit"), 0);
	assert_int_equal(wait_exit(third, RUN_MS, "cqa audit --wait"), 0);

	/* The last audit's files, whole, and nothing else but them. */
	static const char *const files[] = {
	    "crawl.warc.gz", "crawl.csv",   "docs.jsonl",    "metrics.jsonl",
	    "pages.csv",     "summary.csv", "duplicates.csv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *p = path_in(s, "audit/");
		buf_t b = BUF_INIT;
		buf_printf(&b, "%s%s", p, files[i]);
		assert_int_equal(access(buf_cstr(&b), F_OK), 0);
		buf_free(&b);
		free(p);
	}
	char cmd[600];
	snprintf(cmd, sizeof cmd,
	         "test \"$(ls -A '%s' | grep -c -e '\\.tmp-' -e '\\.lock$')\" "
	         "= 0",
	         dir);
	assert_int_equal(system(cmd), 0);
	char *docs = path_in(s, "audit/docs.jsonl");
	char *text = slurp(docs);
	size_t lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1); /* the --wait audit's one page */
	free(text);
	free(docs);
	free(dir);
	free(err);
	free(err2);
}

static void test_parse_while_written(void **ctx)
{
	state *s = *ctx;
	char *warc = path_in(s, "p.warc.gz"), *csv = path_in(s, "p.csv");
	char *err = path_in(s, "p.err"), *perr = path_in(s, "pp.err");
	char *docs = path_in(s, "p.jsonl");
	pid_t first = start_fetch(s, warc, csv, 0, err);
	wait_for_holder(warc, 0);
	usleep(400 * 1000);
	const char *argv[] = {"cqa-parse", "-o", docs, warc, NULL};
	int code = wait_exit(spawn(s, argv, -1, perr), RUN_MS, "cqa-parse");
	char *text = slurp(perr);
	if (code != 0)
		fail_msg("cqa-parse on a WARC being written: exit %d:\n%s",
		         code, text);
	free(text);
	assert_int_equal(wait_exit(first, RUN_MS, "cqa-fetch"), 0);
	check_crawl(s, warc, csv);

	/* The same, made exact: the finished WARC cut 40 bytes into its
	 * last gzip member, its lock held by a child standing for the
	 * crawler.  All records but the last are read, and the note says
	 * the file is being written, by whom, and how far the run got. */
	char *cut = path_in(s, "cut.warc.gz");
	char cmd[1200];
	snprintf(
	    cmd, sizeof cmd,
	    "python3 -c \"import zlib,sys;d=open(sys.argv[1],'rb').read();"
	    "o=0;s=[]\n"
	    "while o<len(d):\n z=zlib.decompressobj(31);z.decompress(d[o:]);"
	    "s.append(o);o=len(d)-len(z.unused_data)\n"
	    "open(sys.argv[2],'wb').write(d[:s[-1]+40])\" '%s' '%s'",
	    warc, cut);
	if (system(cmd) != 0)
		skip(); /* no python3 */
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t holder = fork();
	assert_true(holder >= 0);
	if (holder == 0) {
		buf_t lp = BUF_INIT;
		cqa_lock_path(&lp, cut, 0);
		cqa_lock l;
		cqa_error e;
		if (cqa_lock_take(&l, buf_cstr(&lp), cut, 0, &e) != CQA_OK ||
		    write(fds[1], "L", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	char c;
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	const char *cut_argv[] = {"cqa-parse", "-o", docs, cut, NULL};
	code = wait_exit(spawn(s, cut_argv, -1, perr), RUN_MS, "cqa-parse");
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	text = slurp(perr);
	assert_int_equal(code, 0);
	/* warcinfo, then request and response for each page: the last
	 * response is the torn record */
	buf_t want = BUF_INIT;
	buf_printf(&want,
	           "cqa-parse: %s is being written (process %ld): read its "
	           "%d whole records; the record after them is not whole "
	           "yet\n",
	           cut, (long)holder, 2 * N_PAGES);
	assert_string_equal(text, buf_cstr(&want));
	free(text);
	text = slurp(docs);
	size_t lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, N_PAGES - 1);
	free(text);
	buf_free(&want);
	free(cut);
	free(warc);
	free(csv);
	free(err);
	free(perr);
	free(docs);
}

static int group_setup(void **ctx)
{
	state *s = calloc(1, sizeof *s);
	*ctx = s;
	setenv("no_proxy", "*", 1);
	const char *bin = getenv("CQA_BIN");
	snprintf(s->bin, sizeof s->bin, "%s", bin && *bin ? bin : "build/bin");
	if (harness_make_dir("cqa-lock", s->dir, sizeof s->dir) < 0)
		return -1;
	s->server =
	    harness_start_server(NULL, &s->port, s->base, sizeof s->base);
	for (int i = 0; i < N_PAGES; i++)
		snprintf(s->urls[i], sizeof s->urls[i], "%s/delay/%d/p%d.html",
		         s->base, PAGE_DELAY_MS, i);
	return s->server < 0 ? -1 : 0;
}

static int group_teardown(void **ctx)
{
	state *s = *ctx;
	harness_stop_server(s->server);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		return -1;
	free(s);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fetch_same_warc),
	    cmocka_unit_test(test_kill9_then_resume),
	    cmocka_unit_test(test_analyze_same_output),
	    cmocka_unit_test(test_audit_same_dir),
	    cmocka_unit_test(test_parse_while_written),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
