/*
 * test_outputs.c - the programs' -o never destroys what is not theirs.
 *
 * The cases a hostile tester found, run with the real programs:
 *
 *   test_device_kept        cqa-analyze -o and cqa-parse -o a character
 *                           device (a null device made with mknod in the
 *                           test's directory, so the real /dev/null is
 *                           never at stake): it is still a device after.
 *   test_planted_tmp        a symlink planted at FILE.tmp, the name the
 *                           writers used to rename from, pointing at a
 *                           victim file: the victim keeps its bytes.
 *   test_symlink_output     -o a symlink: the symlink stays, its target
 *                           gets the output.
 *   test_report_planted     the same for cqa-report -o DIR's CSV files.
 *   test_dev_full_named     -o /dev/full: exit 3 and a message naming the
 *                           file and the cause.
 *   test_report_torn_metrics  cqa-report on a metrics.jsonl whose last
 *                           line is still being written: exit 0, and a
 *                           warning saying how far it read.
 *   test_audit_full_disk    cqa audit into a 200 KiB tmpfs that holds an
 *                           earlier audit: the new one does not fit, the
 *                           earlier files stay byte for byte, and nothing
 *                           partial or temporary is left.
 *
 * mknod and mount need root; those cases are skipped without it.
 */
#include <dirent.h>
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
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "tests/fetch_harness.h"

typedef struct state {
	char dir[64];
	char bin[4096];
	char fixtures[4096];
	char examples[4096];
} state;

static char *path_in(const state *s, const char *name)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s", s->dir, name);
	return buf_detach(&b, NULL);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Runs CQA_BIN/argv[0]; its exit status, its stderr in *err (free it). */
static int run(const state *s, const char *const *argv, char **err)
{
	char prog[4200], errpath[128];
	snprintf(prog, sizeof prog, "%s/%s", s->bin, argv[0]);
	snprintf(errpath, sizeof errpath, "%s/stderr", s->dir);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(e, STDERR_FILENO);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	char *text = harness_slurp_path(errpath, NULL);
	if (err)
		*err = text;
	else
		free(text);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* docs.jsonl of the fixture page, made with cqa-parse. */
static char *make_docs(const state *s)
{
	char *docs = path_in(s, "docs.jsonl");
	buf_t page = BUF_INIT;
	buf_printf(&page, "%s/fetch-page.html", s->fixtures);
	const char *argv[] = {"cqa-parse",     "-q", "-o", docs,
	                      buf_cstr(&page), NULL};
	assert_int_equal(run(s, argv, NULL), 0);
	buf_free(&page);
	return docs;
}

static void test_device_kept(void **ctx)
{
	state *s = *ctx;
	char *dev = path_in(s, "null");
	int fd = -1;
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0 ||
	    (fd = open(dev, O_WRONLY)) < 0) { /* not root, or a nodev /tmp */
		unlink(dev);
		free(dev);
		skip();
	}
	close(fd);
	char *docs = make_docs(s);
	const char *analyze[] = {"cqa-analyze", "-q", "-o", dev, docs, NULL};
	assert_int_equal(run(s, analyze, NULL), 0);
	struct stat st;
	assert_int_equal(lstat(dev, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	const char *parse[] = {"cqa-parse", "-q", "-o", dev, docs, NULL};
	run(s, parse, NULL);
	assert_int_equal(lstat(dev, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	unlink(dev);
	free(dev);
	free(docs);
}

static void test_planted_tmp(void **ctx)
{
	state *s = *ctx;
	char *docs = make_docs(s), *out = path_in(s, "m.jsonl");
	char *tmp = path_in(s, "m.jsonl.tmp"), *victim = path_in(s, "victim");
	put(victim, "victim\n");
	assert_int_equal(symlink(victim, tmp), 0);
	const char *argv[] = {"cqa-analyze", "-q", "-o", out, docs, NULL};
	assert_int_equal(run(s, argv, NULL), 0);
	char *text = harness_slurp_path(victim, NULL);
	assert_string_equal(text, "victim\n");
	free(text);
	text = harness_slurp_path(out, NULL);
	assert_non_null(strstr(text, "{\"type\":\"summary\""));
	free(text);
	struct stat st;
	assert_int_equal(lstat(tmp, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	unlink(tmp);
	free(docs);
	free(out);
	free(tmp);
	free(victim);
}

static void test_symlink_output(void **ctx)
{
	state *s = *ctx;
	char *docs = make_docs(s), *link = path_in(s, "latest.jsonl");
	char *real = path_in(s, "real.jsonl");
	put(real, "old\n");
	assert_int_equal(symlink("real.jsonl", link), 0);
	const char *argv[] = {"cqa-analyze", "-q", "-o", link, docs, NULL};
	assert_int_equal(run(s, argv, NULL), 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *text = harness_slurp_path(real, NULL);
	assert_non_null(strstr(text, "{\"type\":\"summary\""));
	free(text);
	unlink(link);
	free(docs);
	free(link);
	free(real);
}

static void test_report_planted(void **ctx)
{
	state *s = *ctx;
	char *docs = make_docs(s), *metrics = path_in(s, "metrics.jsonl");
	char *dir = path_in(s, "report"), *victim = path_in(s, "victim2");
	const char *an[] = {"cqa-analyze", "-q", "-o", metrics, docs, NULL};
	assert_int_equal(run(s, an, NULL), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(victim, "victim\n");
	buf_t tmp = BUF_INIT;
	buf_printf(&tmp, "%s/pages.csv.tmp", dir);
	assert_int_equal(symlink(victim, buf_cstr(&tmp)), 0);
	const char *argv[] = {"cqa-report", "-q", "-o", dir, metrics, NULL};
	assert_int_equal(run(s, argv, NULL), 0);
	char *text = harness_slurp_path(victim, NULL);
	assert_string_equal(text, "victim\n");
	free(text);
	buf_reset(&tmp);
	buf_printf(&tmp, "%s/pages.csv", dir);
	text = harness_slurp_path(buf_cstr(&tmp), NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "url"));
	free(text);
	buf_free(&tmp);
	free(docs);
	free(metrics);
	free(dir);
	free(victim);
}

static void test_dev_full_named(void **ctx)
{
	state *s = *ctx;
	if (access("/dev/full", W_OK) != 0)
		skip();
	char *docs = make_docs(s), *err;
	const char *analyze[] = {"cqa-analyze", "-q", "-o",
	                         "/dev/full",   docs, NULL};
	assert_int_equal(run(s, analyze, &err), 3);
	assert_string_equal(
	    err,
	    "cqa-analyze: /dev/full: cannot write: No space left on device\n");
	free(err);
	struct stat st;
	assert_int_equal(lstat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	free(docs);
}

/* cqa-report on a metrics.jsonl still being written to standard output
 * (cqa-analyze > metrics.jsonl): the torn last line is no error; the
 * whole records are reported and the warning says how far it read. */
static void test_report_torn_metrics(void **ctx)
{
	state *s = *ctx;
	char *docs = make_docs(s), *metrics = path_in(s, "whole.jsonl");
	char *torn = path_in(s, "torn.jsonl");
	const char *an[] = {"cqa-analyze", "-q", "-o", metrics, docs, NULL};
	assert_int_equal(run(s, an, NULL), 0);
	size_t len;
	char *text = harness_slurp_path(metrics, &len);
	/* the page record whole, then 20 bytes of the summary record */
	char *second = strchr(text, '\n') + 1;
	FILE *f = fopen(torn, "wb");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(second - text) + 20, f);
	fclose(f);
	char *err;
	const char *report[] = {"cqa-report", torn, NULL};
	assert_int_equal(run(s, report, &err), 0);
	buf_t want = BUF_INIT;
	buf_printf(&want,
	           "cqa-report: warning: %s:2: the last line is not whole (the "
	           "file is being written, or was cut); read the 1 lines "
	           "before it\n",
	           torn);
	assert_memory_equal(err, buf_cstr(&want), want.len);
	buf_free(&want);
	free(err);
	free(text);
	free(docs);
	free(metrics);
	free(torn);
}

/* Names in dir that are not in keep (a NULL-terminated list). */
static size_t strangers(const char *dir, const char *const *keep)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int known = 0;
		for (const char *const *k = keep; *k; k++)
			known |= !strcmp(*k, e->d_name);
		if (!known) {
			print_message("unexpected: %s/%s\n", dir, e->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

static void test_audit_full_disk(void **ctx)
{
	state *s = *ctx;
	char *mnt = path_in(s, "small");
	assert_int_equal(mkdir(mnt, 0755), 0);
	if (geteuid() != 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=200k") != 0) {
		rmdir(mnt);
		free(mnt);
		skip();
	}
	buf_t dir = BUF_INIT, one = BUF_INIT;
	buf_printf(&dir, "%s/audit", mnt);
	buf_printf(&one, "%s/fetch-page.html", s->fixtures);
	const char *first[] = {"cqa",          "audit",        "-q", "-o",
	                       buf_cstr(&dir), buf_cstr(&one), NULL};
	assert_int_equal(run(s, first, NULL), 0);
	static const char *const files[] = {
	    "crawl.warc.gz", "crawl.csv",   "docs.jsonl",     "metrics.jsonl",
	    "pages.csv",     "summary.csv", "duplicates.csv", "boilerplate.csv",
	    "repeated.csv",  NULL};
	char *before[9];
	size_t before_len[9];
	for (int i = 0; files[i]; i++) {
		buf_t p = BUF_INIT;
		buf_printf(&p, "%s/%s", buf_cstr(&dir), files[i]);
		before[i] = harness_slurp_path(buf_cstr(&p), &before_len[i]);
		assert_non_null(before[i]);
		buf_free(&p);
	}

	/* The sample site's audit is about 280 KB: it cannot fit. */
	char *err;
	const char *second[] = {"cqa",          "audit",     "-q", "-o",
	                        buf_cstr(&dir), s->examples, NULL};
	assert_int_equal(run(s, second, &err), 3);
	assert_non_null(strstr(err, "No space left on device"));
	assert_non_null(strstr(err, buf_cstr(&dir)));
	free(err);
	for (int i = 0; files[i]; i++) {
		buf_t p = BUF_INIT;
		buf_printf(&p, "%s/%s", buf_cstr(&dir), files[i]);
		size_t len;
		char *now = harness_slurp_path(buf_cstr(&p), &len);
		assert_non_null(now);
		assert_int_equal(len, before_len[i]);
		assert_memory_equal(now, before[i], len);
		free(now);
		free(before[i]);
		buf_free(&p);
	}
	assert_int_equal(strangers(buf_cstr(&dir), files), 0);
	assert_int_equal(umount(mnt), 0);
	rmdir(mnt);
	buf_free(&dir);
	buf_free(&one);
	free(mnt);
}

static int group_setup(void **ctx)
{
	state *s = calloc(1, sizeof *s);
	*ctx = s;
	const char *bin = getenv("CQA_BIN"), *fx = getenv("CQA_FIXTURES");
	const char *src = getenv("CQA_SOURCE");
	snprintf(s->bin, sizeof s->bin, "%s", bin && *bin ? bin : "build/bin");
	snprintf(s->fixtures, sizeof s->fixtures, "%s",
	         fx && *fx ? fx : "tests/fixtures");
	snprintf(s->examples, sizeof s->examples, "%s/examples/site",
	         src && *src ? src : ".");
	snprintf(s->dir, sizeof s->dir, "/tmp/cqa-outputs-XXXXXX");
	return mkdtemp(s->dir) ? 0 : -1;
}

static int group_teardown(void **ctx)
{
	state *s = *ctx;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "umount '%s/small' 2>/dev/null; rm -rf '%s'",
	         s->dir, s->dir);
	int rc = system(cmd);
	free(s);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_device_kept),
	    cmocka_unit_test(test_planted_tmp),
	    cmocka_unit_test(test_symlink_output),
	    cmocka_unit_test(test_report_planted),
	    cmocka_unit_test(test_dev_full_named),
	    cmocka_unit_test(test_report_torn_metrics),
	    cmocka_unit_test(test_audit_full_disk),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
