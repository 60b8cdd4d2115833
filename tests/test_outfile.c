/*
 * test_outfile.c - common/outfile.h and common/lock.h: what an output path
 * names decides how it is written, and a second writer is refused.
 *
 * Each case builds the situation a hostile tester found (a device given as
 * -o, a symlink planted at the old fixed temporary name, a symlink as -o, a
 * full disk) and checks the bytes and the file types afterwards, by hand:
 * the device is still a device, the symlink still a symlink, the victim
 * file still holds "victim", the old output still holds "old".  The lock
 * cases fork a holder, since POSIX record locks never conflict within one
 * process.  The tmpfs case needs root (mount); it is skipped elsewhere.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/lock.h"
#include "common/outfile.h"

typedef struct fixture {
	char dir[64];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/cqa-outfile-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	umask(022);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static char *path_in(const fixture *f, const char *name)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s", f->dir, name);
	return buf_detach(&b, NULL);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void assert_file_holds(const char *path, const char *text)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char got[256] = {0};
	size_t n = fread(got, 1, sizeof got - 1, fp);
	fclose(fp);
	got[n] = '\0';
	assert_string_equal(got, text);
}

/* Every name in the fixture's directory (hidden ones too), sorted, joined
 * by spaces. */
static void listing(const fixture *f, buf_t *out)
{
	struct dirent **names;
	int n = scandir(f->dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	buf_reset(out);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") &&
		    strcmp(names[i]->d_name, ".."))
			buf_printf(out, "%s%s", out->len ? " " : "",
			           names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

static void write_through(const char *path, unsigned flags, const char *text)
{
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, path, flags, &err), CQA_OK);
	fputs(text, o.f);
	int rc = outfile_commit(&o, &err);
	if (rc)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, CQA_OK);
}

/* A new path: the file appears whole, with 0666 less the umask (022),
 * and nothing else is left in the directory (no temporary, no lock). */
static void test_new_file(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "metrics.jsonl");
	write_through(p, OUTFILE_LOCK, "new\n");
	assert_file_holds(p, "new\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	buf_t l = BUF_INIT;
	listing(f, &l);
	assert_string_equal(buf_cstr(&l), "metrics.jsonl");
	buf_free(&l);
	free(p);
}

/* A run killed before its rename leaves FILE.tmp-XXXXXX; the next run
 * that holds the lock removes it, and nothing else that looks alike. */
static void test_stale_temp_removed(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "m.jsonl"),
	     *stale = path_in(f, "m.jsonl.tmp-a1B2c3");
	char *other = path_in(f, "m.jsonl.tmp-notours"),
	     *near = path_in(f, "x.jsonl.tmp-a1B2c3");
	write_file(stale, "half");
	write_file(other, "keep");
	write_file(near, "keep");
	write_through(p, OUTFILE_LOCK, "whole\n");
	buf_t l = BUF_INIT;
	listing(f, &l);
	assert_string_equal(buf_cstr(&l),
	                    "m.jsonl m.jsonl.tmp-notours x.jsonl.tmp-a1B2c3");
	buf_free(&l);
	free(p);
	free(stale);
	free(other);
	free(near);
}

/* An existing file is replaced whole and keeps its permission bits. */
static void test_replace_keeps_mode(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "pages.csv");
	write_file(p, "old\n");
	assert_int_equal(chmod(p, 0640), 0);
	write_through(p, 0, "new\n");
	assert_file_holds(p, "new\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	free(p);
}

/* A run that fails leaves the old file as it was and no temporary. */
static void test_abort_leaves_old(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "docs.jsonl");
	write_file(p, "old\n");
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, p, OUTFILE_LOCK, &err), CQA_OK);
	fputs("half of a new", o.f);
	fflush(o.f);
	assert_file_holds(p, "old\n");
	outfile_abort(&o);
	assert_file_holds(p, "old\n");
	buf_t l = BUF_INIT;
	listing(f, &l);
	assert_string_equal(buf_cstr(&l), "docs.jsonl");
	buf_free(&l);
	free(p);
}

/* A symlink planted at the name the old writers used (FILE.tmp), and one
 * at the lock file: the victim is never written; the planted lock symlink
 * makes the run refuse. */
static void test_planted_symlinks(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "m.jsonl"), *victim = path_in(f, "victim");
	char *tmp = path_in(f, "m.jsonl.tmp"),
	     *lock = path_in(f, "m.jsonl.lock");
	write_file(victim, "victim");
	assert_int_equal(symlink(victim, tmp), 0);
	write_through(p, 0, "data\n");
	assert_file_holds(victim, "victim");
	assert_file_holds(p, "data\n");

	assert_int_equal(symlink(victim, lock), 0);
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, p, OUTFILE_LOCK, &err), CQA_ERR_IO);
	assert_non_null(strstr(err.msg, "m.jsonl.lock"));
	assert_file_holds(victim, "victim");
	assert_file_holds(p, "data\n");
	free(p);
	free(victim);
	free(tmp);
	free(lock);
}

/* -o a symlink: its target gets the data, the symlink stays a symlink. */
static void test_symlink_followed(void **state)
{
	fixture *f = *state;
	char *target = path_in(f, "real.csv"), *link = path_in(f, "link.csv");
	write_file(target, "old\n");
	assert_int_equal(symlink("real.csv", link), 0);
	write_through(link, OUTFILE_LOCK, "new\n");
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_holds(target, "new\n");

	char *dangling = path_in(f, "dangling");
	assert_int_equal(symlink("nowhere/x", dangling), 0);
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, dangling, 0, &err), CQA_ERR_IO);
	assert_non_null(strstr(err.msg, "symlink to a missing file"));
	free(target);
	free(link);
	free(dangling);
}

/* A directory is refused by name; nothing is created in it. */
static void test_directory_refused(void **state)
{
	fixture *f = *state;
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, f->dir, OUTFILE_LOCK, &err),
	                 CQA_ERR_IO);
	assert_non_null(strstr(err.msg, "is a directory"));
	buf_t l = BUF_INIT;
	listing(f, &l);
	assert_string_equal(buf_cstr(&l), "");
	buf_free(&l);
}

/* /dev/null is written, and is still the null device afterwards (as root
 * the old rename replaced it with a regular file). */
static void test_dev_null_stays(void **state)
{
	(void)state;
	write_through("/dev/null", OUTFILE_LOCK, "into the void\n");
	struct stat st;
	assert_int_equal(lstat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(access("/dev/null.lock", F_OK), -1);
}

/* /dev/full: the failure names the path and the cause. */
static void test_dev_full_named(void **state)
{
	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, "/dev/full", 0, &err), CQA_OK);
	fputs("{\"type\":\"page\"}\n", o.f);
	assert_int_equal(outfile_commit(&o, &err), CQA_ERR_IO);
	assert_string_equal(err.msg,
	                    "/dev/full: cannot write: No space left on device");
	struct stat st;
	assert_int_equal(lstat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* A FIFO is written into, not replaced. */
static void test_fifo_written(void **state)
{
	fixture *f = *state;
	char *fifo = path_in(f, "pipe"), *got = path_in(f, "got");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *in = fopen(fifo, "r"), *out = fopen(got, "w");
		int c;
		while (in && out && (c = getc(in)) != EOF)
			putc(c, out);
		_exit(in && out && fclose(out) == 0 ? 0 : 1);
	}
	write_through(fifo, OUTFILE_LOCK, "through the pipe\n");
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_file_holds(got, "through the pipe\n");
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	free(fifo);
	free(got);
}

/* A journal appends in place (the crawler's WARC under --resume). */
static void test_in_place_append(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "c.warc");
	write_file(p, "first;");
	write_through(p, OUTFILE_LOCK | OUTFILE_IN_PLACE | OUTFILE_APPEND,
	              "second;");
	assert_file_holds(p, "first;second;");
	write_through(p, OUTFILE_IN_PLACE, "fresh;");
	assert_file_holds(p, "fresh;");
	free(p);
}

/* A full disk, for real: a 64 KiB tmpfs holding an old 10-byte output.
 * The new, larger output fails naming the file; the old one is whole and
 * no temporary is left. */
static void test_full_tmpfs(void **state)
{
	fixture *f = *state;
	char *mnt = path_in(f, "small");
	assert_int_equal(mkdir(mnt, 0755), 0);
	if (geteuid() != 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0) {
		rmdir(mnt);
		free(mnt);
		skip();
	}
	buf_t p = BUF_INIT;
	buf_printf(&p, "%s/metrics.jsonl", mnt);
	write_file(buf_cstr(&p), "old whole\n");
	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, buf_cstr(&p), OUTFILE_LOCK, &err),
	                 CQA_OK);
	for (int i = 0; i < 20000; i++)
		fputs("0123456789", o.f);
	int rc = outfile_commit(&o, &err);
	assert_int_equal(rc, CQA_ERR_IO);
	buf_t want = BUF_INIT;
	buf_printf(&want, "%s: cannot write: No space left on device",
	           buf_cstr(&p));
	assert_string_equal(err.msg, buf_cstr(&want));
	assert_file_holds(buf_cstr(&p), "old whole\n");
	DIR *d = opendir(mnt);
	assert_non_null(d);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)) != NULL)
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);
	assert_int_equal(umount(mnt), 0);
	rmdir(mnt);
	buf_free(&want);
	buf_free(&p);
	free(mnt);
}

/* Forks a process that takes path's lock, says so on a pipe, and holds it
 * for hold_ms (or until killed). */
static pid_t hold_lock(const char *path, int hold_ms)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		cqa_outfile o;
		cqa_error err;
		if (outfile_open(&o, path, OUTFILE_LOCK, &err) != CQA_OK)
			_exit(1);
		if (write(fds[1], "L", 1) != 1)
			_exit(1);
		usleep((useconds_t)hold_ms * 1000);
		fputs("holder\n", o.f);
		_exit(outfile_commit(&o, &err) == CQA_OK ? 0 : 1);
	}
	close(fds[1]);
	char c;
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

/* A second writer is refused at once, naming the file and the holder's
 * process; after a kill -9 of the holder the lock is free again without
 * any clean-up, though the lock file may be left behind. */
static void test_second_writer_refused(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "metrics.jsonl");
	write_file(p, "first audit\n");
	pid_t holder = hold_lock(p, 60000);
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, p, 0);
	assert_int_equal(cqa_lock_holder(buf_cstr(&lp)), holder);

	cqa_outfile o;
	cqa_error err;
	assert_int_equal(outfile_open(&o, p, OUTFILE_LOCK, &err), CQA_ERR_BUSY);
	buf_t want = BUF_INIT;
	buf_printf(&want, "%s: in use by another run (process %ld, ", p,
	           (long)holder);
	assert_memory_equal(err.msg, buf_cstr(&want), want.len);
	assert_int_equal(cqa_exit_status(err.code), 6);
	assert_file_holds(p, "first audit\n");

	kill(holder, SIGKILL);
	int status;
	assert_int_equal(waitpid(holder, &status, 0), holder);
	assert_int_equal(access(buf_cstr(&lp), F_OK), 0); /* left behind */
	assert_int_equal(cqa_lock_holder(buf_cstr(&lp)), 0);
	write_through(p, OUTFILE_LOCK, "second audit\n");
	assert_file_holds(p, "second audit\n");
	assert_int_equal(access(buf_cstr(&lp), F_OK), -1);
	buf_free(&want);
	buf_free(&lp);
	free(p);
}

/* With OUTFILE_WAIT the second writer waits for the first and then
 * writes; the first's output was whole in between. */
static void test_wait_for_lock(void **state)
{
	fixture *f = *state;
	char *p = path_in(f, "pages.csv");
	pid_t holder = hold_lock(p, 300);
	write_through(p, OUTFILE_LOCK | OUTFILE_WAIT, "after\n");
	int status;
	assert_int_equal(waitpid(holder, &status, 0), holder);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_file_holds(p, "after\n");
	free(p);
}

/* A directory's lock (cqa audit, cqa-report -o DIR). */
static void test_dir_lock(void **state)
{
	fixture *f = *state;
	char *dir = path_in(f, "audit/2026-12");
	cqa_lock a, b;
	cqa_error err;
	assert_int_equal(outfile_lock_dir(&a, dir, 0, &err), CQA_OK);
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, dir, 1);
	assert_int_equal(access(buf_cstr(&lp), F_OK), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(outfile_lock_dir(&b, dir, 0, &err) == CQA_ERR_BUSY &&
		              strstr(err.msg, "in use by another run")
		          ? 0
		          : 1);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cqa_lock_release(&a);
	assert_int_equal(access(buf_cstr(&lp), F_OK), -1);
	buf_free(&lp);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace_keeps_mode, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_stale_temp_removed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_abort_leaves_old, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_planted_symlinks, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_symlink_followed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_directory_refused, setup,
	                                    teardown),
	    cmocka_unit_test(test_dev_null_stays),
	    cmocka_unit_test(test_dev_full_named),
	    cmocka_unit_test_setup_teardown(test_fifo_written, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_in_place_append, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_full_tmpfs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_second_writer_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_wait_for_lock, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_dir_lock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
