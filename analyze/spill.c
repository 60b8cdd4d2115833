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
	}
	return f;
}

int spill_open(spill *s, const char *dir, const char *what, cqa_error *err)
{
	memset(s, 0, sizeof *s);
	s->what = what;
	s->f = spill_tempfile(dir, what, err);
	return s->f ? 0 : CQA_ERR_IO;
}

void spill_close(spill *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
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
	if (s->reading) {
		if (fseeko(s->f, (off_t)s->end, SEEK_SET) != 0)
			return spill_io_error(s, "write", err);
		s->reading = 0;
	}
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

int spill_read(spill *s, uint64_t off, buf_t *b, spill_part *parts, size_t n,
               cqa_error *err)
{
	errno = 0;
	if (!s->reading && fflush(s->f) != 0)
		return spill_io_error(s, "write", err), -1;
	s->reading = 1;
	if (fseeko(s->f, (off_t)off, SEEK_SET) != 0)
		return spill_io_error(s, "read", err), -1;
	uint32_t count;
	if (fread(&count, sizeof count, 1, s->f) != 1)
		return spill_io_error(s, "read", err), -1;
	buf_reset(b);
	size_t *at = xmalloc((count ? count : 1) * sizeof *at);
	size_t *len = xmalloc((count ? count : 1) * sizeof *len);
	for (uint32_t i = 0; i < count; i++) {
		uint64_t l;
		if (fread(&l, sizeof l, 1, s->f) != 1 || l > SIZE_MAX / 2) {
			free(at);
			free(len);
			return spill_io_error(s, "read", err), -1;
		}
		buf_grow(b, (size_t)l);
		if (l && fread(b->data + b->len, 1, (size_t)l, s->f) != l) {
			free(at);
			free(len);
			return spill_io_error(s, "read", err), -1;
		}
		at[i] = b->len;
		len[i] = (size_t)l;
		b->len += (size_t)l;
		b->data[b->len] = '\0';
	}
	/* The buffer may have moved while it grew: point into it last. */
	size_t got = count < n ? count : n;
	for (size_t i = 0; i < got; i++) {
		parts[i].data = b->data + at[i];
		parts[i].len = len[i];
	}
	free(at);
	free(len);
	return (int)got;
}
