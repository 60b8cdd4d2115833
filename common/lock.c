/*
 * lock.c - exclusive locks on outputs; see lock.h for the design.
 */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cqa_lock_path(buf_t *out, const char *target, int is_dir)
{
	buf_reset(out);
	if (is_dir) {
		size_t n = strlen(target);
		while (n > 1 && target[n - 1] == '/')
			n--;
		buf_add(out, target, n);
		buf_adds(out, "/.cqa.lock");
	} else {
		buf_printf(out, "%s.lock", target);
	}
}

/* The holder of fd's lock as F_GETLK sees it: 0 if none, -1 unknown. */
static pid_t holder_of(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_GETLK, &fl) != 0)
		return -1;
	if (fl.l_type == F_UNLCK)
		return 0;
	return fl.l_pid > 0 ? fl.l_pid : -1;
}

/* "process 1234, cqa-fetch" from /proc, or "process 1234" elsewhere. */
static void describe(buf_t *b, pid_t pid)
{
	if (pid <= 0) {
		buf_adds(b, "another process");
		return;
	}
	buf_printf(b, "process %ld", (long)pid);
	char path[64], name[64];
	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(name, sizeof name, f)) {
		name[strcspn(name, "\n")] = '\0';
		if (*name)
			buf_printf(b, ", %s", name);
	}
	fclose(f);
}

pid_t cqa_lock_holder(const char *lock_path)
{
	int fd = open(lock_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	pid_t pid = holder_of(fd);
	close(fd);
	return pid;
}

/* The path still names the file fd has open (see lock.h: release). */
static int same_file(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int cqa_lock_take(cqa_lock *l, const char *lock_path, const char *what,
                  int wait, cqa_error *err)
{
	l->fd = -1;
	l->path = NULL;
	for (;;) {
		int fd = open(lock_path,
		              O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd < 0)
			return cqa_fail(
			    err, CQA_ERR_IO,
			    "%s: cannot create the lock file %s: %s", what,
			    lock_path, strerror(errno));
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		int rc;
		while ((rc = fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl)) != 0 &&
		       errno == EINTR)
			;
		if (rc != 0) {
			int e = errno;
			if (e != EACCES && e != EAGAIN) {
				close(fd);
				return cqa_fail(err, CQA_ERR_IO,
				                "%s: cannot lock %s: %s", what,
				                lock_path, strerror(e));
			}
			buf_t who = BUF_INIT;
			describe(&who, holder_of(fd));
			close(fd);
			cqa_fail(err, CQA_ERR_BUSY,
			         "%s: in use by another run (%s); wait for it "
			         "to finish, or add --wait",
			         what, buf_cstr(&who));
			buf_free(&who);
			return CQA_ERR_BUSY;
		}
		if (!same_file(fd, lock_path)) {
			close(fd); /* released and unlinked meanwhile */
			continue;
		}
		char pid[32];
		int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, n, 0) != n) {
			/* The lock holds without the note; say nothing. */
		}
		l->fd = fd;
		l->path = xstrdup(lock_path);
		return CQA_OK;
	}
}

void cqa_lock_release(cqa_lock *l)
{
	if (!l || l->fd < 0 || !l->path)
		return;
	unlink(l->path);
	close(l->fd);
	free(l->path);
	l->fd = -1;
	l->path = NULL;
}
