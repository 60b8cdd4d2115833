/*
 * kstore.c - keyed occurrence records; see kstore.h.
 */
#include "kstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../common/buf.h"
#include "spill.h"

enum { KSTORE_PARTS_BITS = 6, KSTORE_PARTS = 1 << KSTORE_PARTS_BITS };

/* Record arrays are tens of megabytes, written once in order and then
 * scattered by the sort: they are mapped apart from the heap, and asked
 * for in huge pages where the kernel gives them on request
 * (transparent_hugepage=madvise, Debian's default), which spares the
 * first touch of each 4 KiB page and most TLB misses of the scatter.
 * The record buffer is reserved at its full budget once, so it never
 * moves; only the pages written are ever backed by memory. */
enum { RECORDS_MAP_MIN = 1 << 20 }; /* smaller arrays: malloc */

static void *records_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "cqa: cannot map %zu bytes of records: %s\n",
		        bytes, strerror(errno));
		abort();
	}
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

static void records_unmap(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

struct kstore {
	krec *mem;
	size_t n, max; /* max: records the budget holds */
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
	records_unmap(s->mem, s->max * sizeof(krec));
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
	if (!s->mem)
		s->mem = records_map(s->max * sizeof(krec));
	s->mem[s->n++] = (krec){key, page, aux};
	return 0;
}

/* Stable LSD radix sort of r[0..n) on the key, 11 bits at a time (6
 * passes; 2048 counters stay in the first-level cache), the six
 * histograms counted in one read of the records before any moves; tmp
 * holds n records.  A digit that every key shares (the top bits within
 * one bucket, say) costs no move. */
enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS, RADIX_PASSES = 6 };

static void sort_lsd(krec *r, size_t n, krec *tmp)
{
	size_t(*count)[RADIX] = xcalloc(RADIX_PASSES, sizeof *count);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = r[i].key;
		for (int p = 0; p < RADIX_PASSES; p++)
			count[p][(k >> (p * RADIX_BITS)) & (RADIX - 1)]++;
	}
	krec *from = r, *to = tmp;
	for (int p = 0; p < RADIX_PASSES; p++) {
		size_t *c = count[p];
		int shift = p * RADIX_BITS;
		if (c[(from[0].key >> shift) & (RADIX - 1)] == n)
			continue;
		size_t at = 0;
		for (int d = 0; d < RADIX; d++) {
			size_t k = c[d];
			c[d] = at;
			at += k;
		}
		for (size_t i = 0; i < n; i++)
			to[c[(from[i].key >> shift) & (RADIX - 1)]++] = from[i];
		krec *t = from;
		from = to;
		to = t;
	}
	if (from != r)
		memcpy(r, from, n * sizeof *r);
	free(count);
}

/* Stable insertion sort, for the few records of a bucket. */
static void sort_insertion(krec *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		krec x = r[i];
		size_t j = i;
		while (j > 0 && r[j - 1].key > x.key) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
}

/* Large arrays are sorted most significant digit first, since the keys
 * are hashes and spread evenly: a stable pass on the top TOP_BITS moves
 * each record once through memory into RADIX buckets (as many write
 * streams as an LSD pass), and each bucket, a few thousand records that
 * stay in the cache, is split again on the next SUB_BITS and its
 * sub-buckets sorted by insertion.  Two moves through memory where the
 * LSD passes took six.  A sub-bucket that is large all the same (one key
 * on every page: a template's shingle) goes to the LSD sort, which
 * skips the digits its keys share. */
enum {
	MSD_MIN = 1 << 15,
	TOP_BITS = RADIX_BITS,
	SUB_BITS = 8,
	INSERTION_MAX = 48
};

/* Sorts the bucket v[0..n), whose keys share their top TOP_BITS, with
 * scratch room for n records. */
static void sort_bucket(krec *v, size_t n, krec *scratch)
{
	if (n <= INSERTION_MAX) {
		sort_insertion(v, n);
		return;
	}
	int shift = 64 - TOP_BITS - SUB_BITS;
	size_t end[(1 << SUB_BITS) + 1] = {0};
	for (size_t i = 0; i < n; i++)
		end[((v[i].key >> shift) & ((1 << SUB_BITS) - 1)) + 1]++;
	for (int d = 1; d <= 1 << SUB_BITS; d++)
		end[d] += end[d - 1];
	for (size_t i = 0; i < n; i++)
		scratch[end[(v[i].key >> shift) & ((1 << SUB_BITS) - 1)]++] =
		    v[i];
	for (size_t d = 0, at = 0; d < 1 << SUB_BITS; at = end[d++]) {
		size_t len = end[d] - at;
		if (len <= INSERTION_MAX)
			sort_insertion(scratch + at, len);
		else /* v's records are all in scratch: its room is free */
			sort_lsd(scratch + at, len, v + at);
	}
	memcpy(v, scratch, n * sizeof *v);
}

void kstore_sort(krec *r, size_t n)
{
	if (n <= INSERTION_MAX) {
		sort_insertion(r, n);
		return;
	}
	int mapped = n * sizeof(krec) >= RECORDS_MAP_MIN;
	krec *tmp =
	    mapped ? records_map(n * sizeof *tmp) : xmalloc(n * sizeof *tmp);
	if (n < MSD_MIN) {
		sort_lsd(r, n, tmp);
	} else {
		int shift = 64 - TOP_BITS;
		size_t *end = xcalloc(RADIX + 1, sizeof *end);
		for (size_t i = 0; i < n; i++)
			end[(r[i].key >> shift) + 1]++;
		for (int d = 1; d <= RADIX; d++)
			end[d] += end[d - 1];
		/* end[d] is bucket d's start; after the scatter, its end */
		for (size_t i = 0; i < n; i++)
			tmp[end[r[i].key >> shift]++] = r[i];
		for (size_t d = 0, at = 0; d < RADIX; at = end[d++])
			sort_bucket(tmp + at, end[d] - at, r + at);
		memcpy(r, tmp, n * sizeof *r);
		free(end);
	}
	if (mapped)
		records_unmap(tmp, n * sizeof *tmp);
	else
		free(tmp);
}

int kstore_each(kstore *s, kstore_fn fn, void *ud, cqa_error *err)
{
	if (!s->part[0]) {
		kstore_sort(s->mem, s->n);
		int rc = s->n ? fn(ud, s->mem, s->n, err) : 0;
		records_unmap(s->mem, s->max * sizeof(krec));
		s->mem = NULL;
		s->n = 0;
		return rc;
	}
	int rc = kstore_spill(s, err);
	records_unmap(s->mem, s->max * sizeof(krec));
	s->mem = NULL;
	s->n = 0;
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
