/*
 * kstore.c - keyed occurrence records; see kstore.h.
 */
#include "kstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "spill.h"

enum { KSTORE_PARTS_BITS = 6, KSTORE_PARTS = 1 << KSTORE_PARTS_BITS };

struct kstore {
	krec *mem;
	size_t n, cap, max; /* max: records the budget holds */
	const char *dir, *what;
	FILE *part[KSTORE_PARTS]; /* NULL until the first spill */
	size_t spilled;           /* records in the files */
};

kstore *kstore_new(size_t budget, const char *dir, const char *what)
{
	kstore *s = xcalloc(1, sizeof *s);
	s->max = budget / sizeof(krec);
	if (s->max < 1024)
		s->max = 1024;
	s->dir = dir;
	s->what = what;
	return s;
}

void kstore_free(kstore *s)
{
	if (!s)
		return;
	for (int p = 0; p < KSTORE_PARTS; p++)
		if (s->part[p])
			fclose(s->part[p]);
	free(s->mem);
	free(s);
}

size_t kstore_count(const kstore *s)
{
	return s->n + s->spilled;
}

static int kstore_io_error(kstore *s, cqa_error *err)
{
	return cqa_fail(err, CQA_ERR_IO,
	                "cannot write the temporary files for %s: %s (is the "
	                "temporary directory full? --temp-dir chooses another)",
	                s->what, strerror(errno));
}

/* Moves the records in memory to the partition files. */
static int kstore_spill(kstore *s, cqa_error *err)
{
	for (int q = 0; q < KSTORE_PARTS && !s->part[KSTORE_PARTS - 1]; q++) {
		s->part[q] = spill_tempfile(s->dir, s->what, err);
		if (!s->part[q])
			return CQA_ERR_IO;
	}
	for (size_t i = 0; i < s->n; i++) {
		int p = (int)(s->mem[i].key >> (64 - KSTORE_PARTS_BITS));
		if (fwrite(&s->mem[i], sizeof(krec), 1, s->part[p]) != 1)
			return kstore_io_error(s, err);
	}
	s->spilled += s->n;
	s->n = 0;
	return 0;
}

int kstore_add(kstore *s, uint64_t key, uint32_t page, uint32_t aux,
               cqa_error *err)
{
	if (s->n == s->max) {
		int rc = kstore_spill(s, err);
		if (rc)
			return rc;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		if (s->cap > s->max)
			s->cap = s->max;
		s->mem = xrealloc(s->mem, s->cap * sizeof *s->mem);
	}
	s->mem[s->n++] = (krec){key, page, aux};
	return 0;
}

/* Stable LSD radix sort on the key, a byte at a time; a byte that every key
 * shares (the top bits within one partition, say) costs one counting pass
 * and no move. */
void kstore_sort(krec *r, size_t n)
{
	if (n < 2)
		return;
	krec *tmp = xmalloc(n * sizeof *tmp);
	krec *from = r, *to = tmp;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < n; i++)
			count[((from[i].key >> shift) & 0xff) + 1]++;
		int one = 0;
		for (int d = 1; d <= 256; d++)
			one |= count[d] == n;
		if (one)
			continue;
		for (int d = 1; d <= 256; d++)
			count[d] += count[d - 1];
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		krec *t = from;
		from = to;
		to = t;
	}
	if (from != r)
		memcpy(r, from, n * sizeof *r);
	free(tmp);
}

int kstore_each(kstore *s, kstore_fn fn, void *ud, cqa_error *err)
{
	if (!s->part[0]) {
		kstore_sort(s->mem, s->n);
		int rc = s->n ? fn(ud, s->mem, s->n, err) : 0;
		free(s->mem);
		s->mem = NULL;
		s->n = s->cap = 0;
		return rc;
	}
	int rc = kstore_spill(s, err);
	free(s->mem);
	s->mem = NULL;
	s->n = s->cap = 0;
	for (int p = 0; p < KSTORE_PARTS && !rc; p++) {
		FILE *f = s->part[p];
		errno = 0;
		if (fflush(f) != 0)
			return kstore_io_error(s, err);
		off_t bytes = ftello(f);
		size_t n = bytes > 0 ? (size_t)bytes / sizeof(krec) : 0;
		if (n == 0)
			continue;
		krec *r = xmalloc(n * sizeof *r);
		rewind(f);
		if (fread(r, sizeof *r, n, f) != n) {
			free(r);
			return cqa_fail(err, CQA_ERR_IO,
			                "cannot read back the temporary files "
			                "for %s: %s",
			                s->what,
			                errno ? strerror(errno) : "short read");
		}
		fclose(f);
		s->part[p] = NULL;
		kstore_sort(r, n);
		rc = fn(ud, r, n, err);
		free(r);
	}
	return rc;
}
