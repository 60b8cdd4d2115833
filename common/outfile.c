/*
 * outfile.c - writing an output without destroying anything; see
 * outfile.h for the rules.
 */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

enum {
	/* Bytes a regular output file is written in (outfile_begin). */
	OUTFILE_BUFFER = 256 << 10,
	/* Names drawn for a temporary file before giving up: each clash
	 * means somebody else's file is there, which O_EXCL left alone. */
	TMP_TRIES = 100,
	TMP_RANDOM_CHARS = 6,
};

static cqa_code fail_errno(cqa_error *err, const char *name, const char *what,
                           int e)
{
	return cqa_fail(err, CQA_ERR_IO, "%s: %s: %s", name, what, strerror(e));
}

static void reset(cqa_outfile *o)
{
	free(o->name);
	free(o->target);
	free(o->tmp);
	free(o->buffer); /* f is closed */
	cqa_lock_release(&o->lock);
	*o = (cqa_outfile){.lock = CQA_LOCK_INIT};
}

/* Sorts what st describes; 0 or the code with err set. */
static int classify(cqa_outfile *o, const struct stat *st, cqa_error *err)
{
	if (S_ISREG(st->st_mode)) {
		o->kind = OUTFILE_REGULAR;
		o->mode = st->st_mode & 07777;
		o->keep_mode = 1;
		return CQA_OK;
	}
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
		o->kind = OUTFILE_DEVICE;
		return CQA_OK;
	}
	const char *what = S_ISDIR(st->st_mode)    ? "is a directory"
	                   : S_ISBLK(st->st_mode)  ? "is a block device"
	                   : S_ISSOCK(st->st_mode) ? "is a socket"
	                                           : "is not a regular file";
	return cqa_fail(err, CQA_ERR_IO, "%s: %s; give a file name to write to",
	                o->name, what);
}

/* The directory path names a file in: "." for a bare name. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, slash == path ? 1 : slash - path)
	             : xstrdup(".");
}

void outfile_remove_stale(const char *target)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	char *dir = dir_of(target);
	size_t blen = strlen(base), ilen = strlen(OUTFILE_TMP_INFIX);
	DIR *d = opendir(dir);
	struct dirent *e;
	buf_t p = BUF_INIT;
	while (d && (e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (strlen(n) != blen + ilen + TMP_RANDOM_CHARS ||
		    strncmp(n, base, blen) ||
		    strncmp(n + blen, OUTFILE_TMP_INFIX, ilen))
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, n);
		(void)unlink(buf_cstr(&p));
	}
	if (d)
		closedir(d);
	buf_free(&p);
	free(dir);
}

int outfile_prepare(cqa_outfile *o, const char *path, unsigned flags,
                    cqa_error *err)
{
	*o = (cqa_outfile){.lock = CQA_LOCK_INIT};
	o->flags = flags;
	if (!path || !strcmp(path, "-")) {
		o->name = xstrdup("standard output");
		o->kind = OUTFILE_STDOUT;
		return CQA_OK;
	}
	o->name = xstrdup(path);
	struct stat st;
	int code = CQA_OK;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT) {
			code = fail_errno(err, path, "cannot look at", errno);
			goto fail;
		}
		o->kind = OUTFILE_NEW;
		o->target = xstrdup(path);
	} else if (S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);
		if (!real) {
			code =
			    errno == ENOENT
			        ? cqa_fail(err, CQA_ERR_IO,
			                   "%s: a symlink to a missing file; "
			                   "refusing to create its target",
			                   path)
			        : fail_errno(err, path,
			                     "cannot follow the symlink",
			                     errno);
			goto fail;
		}
		o->target = real;
		if (stat(real, &st) != 0) {
			code = fail_errno(err, path, "cannot look at", errno);
			goto fail;
		}
		if ((code = classify(o, &st, err)) != CQA_OK)
			goto fail;
	} else {
		o->target = xstrdup(path);
		if ((code = classify(o, &st, err)) != CQA_OK)
			goto fail;
	}
	if ((flags & OUTFILE_LOCK) && o->kind != OUTFILE_DEVICE) {
		buf_t lp = BUF_INIT;
		cqa_lock_path(&lp, o->target, 0);
		code = cqa_lock_take(&o->lock, buf_cstr(&lp), path,
		                     (flags & OUTFILE_WAIT) != 0, err);
		buf_free(&lp);
		if (code != CQA_OK)
			goto fail;
		outfile_remove_stale(o->target);
	}
	return CQA_OK;
fail:
	reset(o);
	return code;
}

/* Opens a new file next to target with O_EXCL; fd or -1 with errno. */
static int open_tmp(cqa_outfile *o)
{
	static const char alphabet[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	buf_t b = BUF_INIT;
	for (int i = 0; i < TMP_TRIES; i++) {
		unsigned char r[TMP_RANDOM_CHARS];
		if (getrandom(r, sizeof r, GRND_NONBLOCK) !=
		    (ssize_t)sizeof r) {
			unsigned long x =
			    (unsigned long)getpid() * 2654435761u ^
			    (unsigned long)time(NULL) ^
			    (unsigned long)i * 40503u;
			for (size_t k = 0; k < sizeof r; k++, x >>= 5)
				r[k] = (unsigned char)x;
		}
		buf_reset(&b);
		buf_printf(&b, "%s%s", o->target, OUTFILE_TMP_INFIX);
		for (size_t k = 0; k < sizeof r; k++)
			buf_addc(&b, alphabet[r[k] % (sizeof alphabet - 1)]);
		int fd = open(
		    buf_cstr(&b),
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd >= 0) {
			o->tmp = buf_detach(&b, NULL);
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	buf_free(&b);
	errno = e;
	return -1;
}

int outfile_open(cqa_outfile *o, const char *path, unsigned flags,
                 cqa_error *err)
{
	int code = outfile_prepare(o, path, flags, err);
	return code != CQA_OK ? code : outfile_begin(o, err);
}

int outfile_begin(cqa_outfile *o, cqa_error *err)
{
	if (o->kind == OUTFILE_STDOUT) {
		o->f = stdout;
		return CQA_OK;
	}
	int fd;
	const char *mode = "wb";
	if (o->kind == OUTFILE_DEVICE) {
		fd = open(o->target,
		          O_WRONLY | O_CLOEXEC |
		              (o->flags & OUTFILE_APPEND ? O_APPEND : 0));
		if (o->flags & OUTFILE_APPEND)
			mode = "ab";
	} else if (o->flags & OUTFILE_IN_PLACE) {
		int append = (o->flags & OUTFILE_APPEND) != 0;
		fd = open(o->target,
		          O_WRONLY | O_CREAT | O_CLOEXEC |
		              (append ? O_APPEND : O_TRUNC),
		          0666);
		if (append)
			mode = "ab";
	} else {
		fd = open_tmp(o);
	}
	if (fd < 0) {
		int code = fail_errno(err, o->name, "cannot create", errno);
		reset(o);
		return code;
	}
	o->f = fdopen(fd, mode);
	if (!o->f) {
		int code = fail_errno(err, o->name, "cannot open", errno);
		close(fd);
		if (o->tmp)
			unlink(o->tmp);
		reset(o);
		return code;
	}
	/* A temporary file, which nobody sees before the rename, is
	 * written in large pieces: a write is a system call, which costs
	 * more than the bytes of stdio's default buffer.  A journal, a
	 * device or a pipe is read as it comes and keeps the default. */
	if (o->tmp) {
		o->buffer = xmalloc(OUTFILE_BUFFER);
		(void)setvbuf(o->f, o->buffer, _IOFBF, OUTFILE_BUFFER);
	}
	return CQA_OK;
}

/* Makes a rename in dir survive a crash; failures change nothing. */
static void sync_dir_of(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int outfile_flush(cqa_outfile *o, cqa_error *err)
{
	int had_error = ferror(o->f);
	errno = 0;
	if (fflush(o->f) != 0 || had_error)
		return fail_errno(err, o->name, "cannot write",
		                  errno ? errno : EIO);
	return CQA_OK;
}

int outfile_commit(cqa_outfile *o, cqa_error *err)
{
	if (!o->f)
		return CQA_OK;
	int code = outfile_flush(o, err);
	if (code != CQA_OK) {
		/* nothing more to try */
	} else if (o->tmp && fsync(fileno(o->f)) != 0) {
		code = fail_errno(err, o->name, "cannot write", errno);
	} else if (o->tmp && o->keep_mode && fchmod(fileno(o->f), o->mode)) {
		code = fail_errno(err, o->name, "cannot set the permissions",
		                  errno);
	}
	if (o->f != stdout) {
		if (fclose(o->f) != 0 && code == CQA_OK)
			code = fail_errno(err, o->name, "cannot write", errno);
	}
	o->f = NULL;
	if (o->tmp) {
		if (code == CQA_OK && rename(o->tmp, o->target) != 0)
			code = fail_errno(err, o->name, "cannot put in place",
			                  errno);
		if (code != CQA_OK)
			unlink(o->tmp);
		else
			sync_dir_of(o->target);
	}
	reset(o);
	return code;
}

void outfile_abort(cqa_outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	if (o->tmp)
		unlink(o->tmp);
	reset(o);
}

int outfile_make_dir(const char *dir, cqa_error *err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		(void)mkdir(p, 0777); /* a failure shows at the last step */
		*s = '/';
	}
	int code = CQA_OK;
	struct stat st;
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		code = cqa_fail(err, CQA_ERR_IO,
		                "%s: cannot create the directory: %s", dir,
		                strerror(errno));
	else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
		code = cqa_fail(err, CQA_ERR_IO,
		                "%s: exists and is not a directory", dir);
	free(p);
	return code;
}

int outfile_lock_dir(cqa_lock *l, const char *dir, int wait, cqa_error *err)
{
	*l = (cqa_lock)CQA_LOCK_INIT;
	int code = outfile_make_dir(dir, err);
	if (code != CQA_OK)
		return code;
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, dir, 1);
	code = cqa_lock_take(l, buf_cstr(&lp), dir, wait, err);
	buf_free(&lp);
	return code;
}
