/*
 * spill.c - temporary files of the analyzer; see spill.h.
 *
 * A record is its part count (u32) and, for each part, its length (u64)
 * followed by its bytes, in the machine's byte order: the file never
 * outlives the process that wrote it.
 */
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *spill_tempfile(const char *dir, const char *what, cqa_error *err)
{
	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/cqa-analyze-XXXXXX", dir);
	int fd = mkstemp(path.data);
	if (fd < 0) {
		cqa_fail(err, CQA_ERR_IO,
		         "cannot create a temporary file for %s in %s: %s "
		         "(--temp-dir chooses another directory)",
		         what, dir, strerror(errno));
		buf_free(&path);
		return NULL;
	}
	unlink(path.data);
	buf_free(&path);
	FILE *f = fdopen(fd, "w+b");
	if (!f) {
		cqa_fail(err, CQA_ERR_IO, "cannot open a temporary file: %s",
		         strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}

int spill_open(spill *s, const char *dir, const char *what, cqa_error *err)
{
	memset(s, 0, sizeof *s);
	s->what = what;
	s->f = spill_tempfile(dir, what, err);
	if (!s->f)
		return CQA_ERR_IO;
	/* written in large pieces: a system call costs more than the bytes
	 * of stdio's default buffer (the analyzer has two spills; the 64
	 * partition files of each census store keep the default) */
	s->buffer = xmalloc(SPILL_BUFFER);
	(void)setvbuf(s->f, s->buffer, _IOFBF, SPILL_BUFFER);
	return 0;
}

void spill_close(spill *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
	free(s->buffer);
	s->buffer = NULL;
}

static int spill_io_error(spill *s, const char *verb, cqa_error *err)
{
	return cqa_fail(err, CQA_ERR_IO,
	                "cannot %s the temporary file for %s: %s (is the "
	                "temporary directory full? --temp-dir chooses another)",
	                verb, s->what, errno ? strerror(errno) : "short read");
}

int spill_append(spill *s, const spill_part *parts, size_t n, uint64_t *off,
                 cqa_error *err)
{
	s->unflushed = 1;
	*off = s->end;
	uint32_t count = (uint32_t)n;
	errno = 0;
	if (fwrite(&count, sizeof count, 1, s->f) != 1)
		return spill_io_error(s, "write", err);
	s->end += sizeof count;
	for (size_t i = 0; i < n; i++) {
		uint64_t len = parts[i].len;
		if (fwrite(&len, sizeof len, 1, s->f) != 1 ||
		    (len && fwrite(parts[i].data, 1, len, s->f) != len))
			return spill_io_error(s, "write", err);
		s->end += sizeof len + len;
	}
	return 0;
}

/* Reads bytes [off, off + len) of the file into b after its len bytes;
 * 0, or -1 with errno set (0 for a short read). */
static int read_at(spill *s, uint64_t off, size_t len, buf_t *b)
{
	buf_grow(b, len);
	while (len) {
		ssize_t got =
		    pread(fileno(s->f), b->data + b->len, len, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = 0;
			return -1;
		}
		b->len += (size_t)got;
		off += (uint64_t)got;
		len -= (size_t)got;
	}
	b->data[b->len] = '\0';
	return 0;
}

int spill_read(spill *s, uint64_t off, buf_t *b, spill_part *parts, size_t n,
               cqa_error *err)
{
	/* The record is read with a system call or two whatever its parts,
	 * by offset (pread), which leaves the file where spill_append()
	 * writes: a first piece of SPILL_READ_AHEAD bytes, then the rest of
	 * the parts wanted when their lengths say they are longer.  The
	 * parts are moved to the front of b, one after another, so that the
	 * first starts where b's memory does (aligned for the 64-bit
	 * numbers of a shingle set). */
	errno = 0;
	if (s->unflushed && fflush(s->f) != 0)
		return spill_io_error(s, "write", err), -1;
	s->unflushed = 0;
	buf_reset(b);
	if (off >= s->end)
		return spill_io_error(s, "read", err), -1;
	uint64_t avail = s->end - off;
	size_t first =
	    avail < SPILL_READ_AHEAD ? (size_t)avail : SPILL_READ_AHEAD;
	if (read_at(s, off, first, b) != 0)
		return spill_io_error(s, "read", err), -1;
	uint32_t count;
	if (b->len < sizeof count)
		return spill_io_error(s, "read", err), -1;
	memcpy(&count, b->data, sizeof count);
	/* the end of the last part wanted, reading its lengths (and more of
	 * the record when they run past what is read); the parts after it
	 * are not read */
	size_t got = count < n ? count : n;
	uint64_t at = sizeof count;
	for (size_t i = 0; i < got; i++) {
		uint64_t l;
		if (at + sizeof l > avail)
			return spill_io_error(s, "read", err), -1;
		if (at + sizeof l > b->len &&
		    read_at(s, off + b->len, (size_t)(at + sizeof l - b->len),
		            b) != 0)
			return spill_io_error(s, "read", err), -1;
		memcpy(&l, b->data + at, sizeof l);
		if (l > avail - at - sizeof l)
			return spill_io_error(s, "read", err), -1;
		at += sizeof l + l;
	}
	if (at > b->len && read_at(s, off + b->len, (size_t)(at - b->len), b))
		return spill_io_error(s, "read", err), -1;
	/* the parts to the front, in order: each moves down past the
	 * lengths before it, over bytes already read */
	size_t from = sizeof count, to = 0;
	size_t *start = xmalloc((got ? got : 1) * sizeof *start);
	size_t *len = xmalloc((got ? got : 1) * sizeof *len);
	for (size_t i = 0; i < got; i++) {
		uint64_t l;
		memcpy(&l, b->data + from, sizeof l);
		from += sizeof l;
		memmove(b->data + to, b->data + from, (size_t)l);
		start[i] = to;
		len[i] = (size_t)l;
		to += (size_t)l;
		from += (size_t)l;
	}
	b->len = to;
	b->data[b->len] = '\0';
	for (size_t i = 0; i < got; i++) {
		parts[i].data = b->data + start[i];
		parts[i].len = len[i];
	}
	free(start);
	free(len);
	return (int)got;
}
