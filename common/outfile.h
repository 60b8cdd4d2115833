/*
 * outfile.h - the one way cqa writes an output file.
 *
 * An output must never destroy what is not ours, and a failed run must
 * leave the last whole file, never half of a new one.  So the path given
 * (-o FILE) is looked at first, and what it names decides how it is
 * written:
 *
 *   - a regular file, or nothing yet: the data go to a new temporary file
 *     in the same directory, created with O_EXCL ("FILE.tmp-XXXXXX"), and
 *     rename() puts it in place only when it is complete, flushed and
 *     synced.  The old file keeps its permission bits.  A symlink or file
 *     planted at a temporary name is never opened: O_EXCL refuses it and
 *     another name is drawn.
 *   - a symlink: followed to its target, which is then treated as above;
 *     the symlink itself stays.  A dangling symlink is refused.
 *   - a character device or a pipe (/dev/null, /dev/stdout, a FIFO):
 *     written directly, never replaced.
 *   - standard output (no path, or "-"): written directly.
 *   - a directory, a block device or a socket: refused.
 *
 * Journals are the exception to the temporary file: the crawler's WARC
 * and crawl log are the checkpoint --resume carries on from, so they must
 * be on disk under their own name while the crawl runs.  OUTFILE_IN_PLACE
 * writes the target directly (still after the checks above), truncating
 * it, or appending with OUTFILE_APPEND.
 *
 * With OUTFILE_LOCK a regular file's lock (lock.h) is taken before
 * anything is opened, so a second writer is refused before it reads or
 * changes anything.  Devices and standard output are not locked.  Holding
 * the lock, the run removes the TARGET.tmp-XXXXXX files a killed run left
 * beside the target: no live writer can own them.
 *
 * Every failure names the path as the user gave it and the cause:
 * "metrics.jsonl: cannot write: No space left on device".
 */
#ifndef CQA_OUTFILE_H
#define CQA_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "error.h"
#include "lock.h"

enum {
	OUTFILE_LOCK = 1 << 0,     /* take FILE.lock first */
	OUTFILE_WAIT = 1 << 1,     /* wait for the lock instead of failing */
	OUTFILE_IN_PLACE = 1 << 2, /* a journal: write the target directly */
	OUTFILE_APPEND = 1 << 3,   /* with IN_PLACE: append, do not truncate */
};

/* What a path names, as outfile_open() sees it. */
typedef enum outfile_kind {
	OUTFILE_STDOUT,  /* no path or "-" */
	OUTFILE_NEW,     /* nothing there yet */
	OUTFILE_REGULAR, /* a regular file (possibly through symlinks) */
	OUTFILE_DEVICE,  /* a character device, pipe: written directly */
} outfile_kind;

typedef struct cqa_outfile {
	FILE *f;      /* write here once open */
	char *name;   /* the path as given, for messages */
	char *target; /* where the data end up (symlinks resolved) */
	char *tmp;    /* the temporary file, until commit */
	outfile_kind kind;
	unsigned flags;
	mode_t mode;   /* the replaced file's permission bits */
	int keep_mode; /* mode is to be applied to the new file */
	char *buffer;  /* f's, for a file (outfile_begin) */
	cqa_lock lock;
} cqa_outfile;

/* Looks at path and takes the lock (OUTFILE_LOCK), opening nothing: for a
 * journal that must be repaired between the lock and the writing (then
 * outfile_begin()); on failure o holds nothing.  Fills
 * o->target and o->kind.  Returns 0 or the code with err set (CQA_ERR_BUSY
 * when another run holds the lock). */
int outfile_prepare(cqa_outfile *o, const char *path, unsigned flags,
                    cqa_error *err);

/* Opens o->f for an outfile_prepare()d o.  On failure o is released. */
int outfile_begin(cqa_outfile *o, cqa_error *err);

/* outfile_prepare() and outfile_begin(). */
int outfile_open(cqa_outfile *o, const char *path, unsigned flags,
                 cqa_error *err);

/* Flushes o->f, so that another reader of o->tmp (or the target) sees
 * every byte written; an earlier write error counts too.  Returns 0 or
 * CQA_ERR_IO naming the file. */
int outfile_flush(cqa_outfile *o, cqa_error *err);

/* Flushes and closes; a temporary file is synced and renamed over the
 * target.  Releases the lock.  On failure the temporary file is removed
 * and the target is as it was. */
int outfile_commit(cqa_outfile *o, cqa_error *err);

/* Closes without committing: the temporary file goes, the target stays as
 * it was (a journal keeps what was written).  Safe after commit. */
void outfile_abort(cqa_outfile *o);

/* mkdir -p: creates dir and its missing parents; fails naming dir when it
 * exists and is not a directory. */
int outfile_make_dir(const char *dir, cqa_error *err);

/* For a program that writes several files into dir (cqa audit, cqa-report
 * -o DIR): creates dir and takes its lock, DIR/.cqa.lock.  Returns 0, or
 * the code with err set (CQA_ERR_BUSY when another run holds it). */
int outfile_lock_dir(cqa_lock *l, const char *dir, int wait, cqa_error *err);

/* Removes the TARGET.tmp-XXXXXX files beside target.  Only for a caller
 * that holds target's lock (or its directory's): no live writer can own
 * them then, so each is what a run killed before its rename left behind.
 * outfile_prepare() calls it under OUTFILE_LOCK. */
void outfile_remove_stale(const char *target);

/* The temporary name outfile_open() would use for target, without the
 * random part: "TARGET.tmp-" (for cleaning up after a killed run). */
#define OUTFILE_TMP_INFIX ".tmp-"

#endif
