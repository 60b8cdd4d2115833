/*
 * spill.h - the analyzer's temporary files.
 *
 * What the analyzer must look at again after the last document (each
 * page's record, its shingle set for verifying near-duplicate candidates,
 * its blocks and, unless its input file can be read again, its text for
 * quoting a repeated passage) goes to a temporary
 * file instead of memory, so memory stays a few hundred bytes a page
 * whatever the size of the audit.  The files are created in the temporary
 * directory (--temp-dir, else $TMPDIR, else /tmp) and unlinked at once:
 * nothing is left behind, whatever way the run ends.
 *
 * A spill is a sequence of records written one after another and read back
 * by the offset spill_append() returned.  A record is a list of byte
 * strings, each stored with its length.
 */
#ifndef CQA_SPILL_H
#define CQA_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/buf.h"
#include "../common/error.h"

/* A new, already unlinked, temporary file opened for reading and writing,
 * in dir (NULL: $TMPDIR, else /tmp).  what names it in messages. */
FILE *spill_tempfile(const char *dir, const char *what, cqa_error *err);

/* Bytes a spill is written in, and read in at first for a record. */
enum { SPILL_BUFFER = 256 << 10, SPILL_READ_AHEAD = 16 << 10 };

typedef struct spill {
	FILE *f;
	const char *what;
	uint64_t end;  /* bytes written */
	int unflushed; /* written since the last read */
	char *buffer;  /* f's */
} spill;

int spill_open(spill *s, const char *dir, const char *what, cqa_error *err);
void spill_close(spill *s);

/* Appends a record of n parts; *off receives where it starts. */
typedef struct spill_part {
	const void *data;
	size_t len;
} spill_part;
int spill_append(spill *s, const spill_part *parts, size_t n, uint64_t *off,
                 cqa_error *err);

/* Reads the record at off into b (reset first); parts[i] then points into
 * b.  Reads at most n parts (the first ones: the rest of the record is
 * not read); returns the number read, or -1 with err set. */
int spill_read(spill *s, uint64_t off, buf_t *b, spill_part *parts, size_t n,
               cqa_error *err);

#endif
