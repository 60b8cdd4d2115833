/*
 * lock.h - one writer at a time for every file and directory cqa writes.
 *
 * Scheduled audits overlap: a weekly crawl runs past the next start, a user
 * types --resume in a second terminal while the first run is alive.  Two
 * writers on one WARC tear its records; two audits in one directory each
 * overwrite the other.  So every program takes an exclusive lock before it
 * reads or changes an output, and a second writer is refused at once.
 *
 * The lock is a POSIX record lock (fcntl F_SETLK) on a lock file beside the
 * output: "FILE.lock" for a file, "DIR/.cqa.lock" for a directory.  A lock
 * file rather than the output itself because outputs are replaced by
 * rename (a lock on the old inode would not cover the new one) and may not
 * exist yet.  The kernel drops the lock when its holder dies, so a kill -9
 * never leaves a stale lock: the file may stay behind, empty of meaning,
 * and the next run simply locks it.  F_GETLK names the holder's process,
 * which the refusal message quotes; the holder also writes its process ID
 * into the file for people who look.
 *
 * Release unlinks the lock file before closing it.  A waiter that opened
 * the old file then holds a lock on a name nobody else will open, so after
 * locking, cqa_lock_take() checks that the path still names the file it
 * locked and starts again if not.
 *
 * Lock files are opened with O_NOFOLLOW: a symlink planted at FILE.lock is
 * refused, never followed.  POSIX record locks belong to the process, so a
 * process never conflicts with itself; the tests use separate processes.
 */
#ifndef CQA_LOCK_H
#define CQA_LOCK_H

#include <sys/types.h>

#include "buf.h"
#include "error.h"

typedef struct cqa_lock {
	int fd;     /* -1 when not held */
	char *path; /* the lock file */
} cqa_lock;

#define CQA_LOCK_INIT                                                          \
	{                                                                      \
		-1, NULL                                                       \
	}

/* The lock file for an output: FILE.lock, or DIR/.cqa.lock when is_dir. */
void cqa_lock_path(buf_t *out, const char *target, int is_dir);

/* Locks lock_path (created if missing).  Without wait, a lock held by
 * another process fails at once with CQA_ERR_BUSY and a message naming
 * `what` (the output the lock guards) and the holder's process; with wait,
 * blocks until the holder is gone.  Returns 0, or the code with err set. */
int cqa_lock_take(cqa_lock *l, const char *lock_path, const char *what,
                  int wait, cqa_error *err);

/* The process holding lock_path's lock, 0 when nobody holds it (or the
 * file does not exist), -1 when it cannot be told.  For readers: a WARC
 * whose lock is held is being written, so its last record may be torn. */
pid_t cqa_lock_holder(const char *lock_path);

/* Unlinks and unlocks; safe on a lock never taken or already released. */
void cqa_lock_release(cqa_lock *l);

#endif
