/*
 * kstore.c - keyed occurrence records; see kstore.h.
 */
#include "kstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/heap.h"
#include "spill.h"

enum { KSTORE_PARTS_BITS = 6, KSTORE_PARTS = 1 << KSTORE_PARTS_BITS };

/* Record arrays are tens of megabytes, written once and then gathered
 * and sorted: they are mapped apart from the heap, in huge pages where
 * the kernel gives them (heap_map_huge()), which spares the first touch
 * of each 4 KiB page (three times the time of the census, measured) and
 * most TLB misses.  Each is reserved at its full size once, so it never
 * moves; only the pages written are ever backed by memory. */
enum { RECORDS_MAP_MIN = 1 << 20 }; /* smaller arrays: malloc */

/* An array of records mapped when large, else from the heap: a huge
 * page is cleared whole when first touched, which costs more than the
 * small pages of a small array. */
static krec *records_alloc(size_t bytes)
{
	return bytes >= RECORDS_MAP_MIN ? heap_map_huge(bytes) : xmalloc(bytes);
}

static void records_free(krec *p, size_t bytes)
{
	if (bytes >= RECORDS_MAP_MIN)
		heap_unmap_huge(p, bytes);
	else
		free(p);
}

/* A large store keeps its records by bucket, the top BUCKET_BITS bits of
 * the key, as they come: the first pass of the most-significant-digit
 * sort below, done once a staging array of STAGE records (in the
 * second-level cache) is full, into chunks of CHUNK records taken in turn
 * from one arena.  After the last record, each bucket is gathered and
 * sorted in the cache and handed over on its own, so the records are
 * never all moved again, and sorting needs no second array of them
 * beyond the budget.  A store whose budget leaves less than ARENA_MIN
 * records beside the staging array keeps them all in the one flat array
 * (STAGE is then the budget), sorted whole after the last. */
enum {
	BUCKET_BITS = 8,
	BUCKETS = 1 << BUCKET_BITS,
	CHUNK = 128,
	STAGE = 1 << 14,
	ARENA_MIN = 4 * BUCKETS * CHUNK
};
#define NO_CHUNK UINT32_MAX /* the end of a bucket's chunks */

struct kstore {
	krec *stage;         /* records not yet in a bucket */
	size_t n, stage_max; /* in stage; its room */
	krec *arena;         /* arena_chunks chunks, NULL without buckets */
	size_t arena_chunks, chunks; /* room, chunks taken */
	uint32_t *next;              /* a chunk's next in its bucket */
	uint32_t *head, *tail;       /* BUCKETS each: NO_CHUNK when empty */
	uint32_t *fill;              /* records in each bucket's tail chunk */
	size_t *count;               /* records in each bucket */
	size_t bucketed;             /* records in the buckets */
	const char *dir, *what;
	FILE *part[KSTORE_PARTS]; /* NULL until the first spill */
	size_t spilled;           /* records in the files */
};

kstore *kstore_new(size_t budget, const char *dir, const char *what)
{
	kstore *s = xcalloc(1, sizeof *s);
	size_t max = budget / sizeof(krec);
	if (max < 1024)
		max = 1024;
	s->stage_max = max;
	if (max > STAGE && max - STAGE >= ARENA_MIN) {
		s->stage_max = STAGE;
		s->arena_chunks = (max - STAGE) / CHUNK;
		if (s->arena_chunks > NO_CHUNK)
			s->arena_chunks = NO_CHUNK;
	}
	s->dir = dir;
	s->what = what;
	return s;
}

static void kstore_release(kstore *s)
{
	records_free(s->stage, s->stage_max * sizeof(krec));
	heap_unmap_huge(s->arena, s->arena_chunks * CHUNK * sizeof(krec));
	s->stage = s->arena = NULL;
	free(s->next);
	free(s->head);
	free(s->tail);
	free(s->fill);
	free(s->count);
	s->next = s->head = s->tail = s->fill = NULL;
	s->count = NULL;
	s->n = s->chunks = s->bucketed = 0;
}

void kstore_free(kstore *s)
{
	if (!s)
		return;
	for (int p = 0; p < KSTORE_PARTS; p++)
		if (s->part[p])
			fclose(s->part[p]);
	kstore_release(s);
	free(s);
}

size_t kstore_count(const kstore *s)
{
	return s->n + s->bucketed + s->spilled;
}

static int kstore_io_error(kstore *s, cqa_error *err)
{
	return cqa_fail(err, CQA_ERR_IO,
	                "cannot write the temporary files for %s: %s (is the "
	                "temporary directory full? --temp-dir chooses another)",
	                s->what, strerror(errno));
}

/* Empties the buckets (in key order, each in the order added) and then
 * the staging array into the partition files. */
static int kstore_spill(kstore *s, cqa_error *err)
{
	for (int q = 0; q < KSTORE_PARTS && !s->part[KSTORE_PARTS - 1]; q++) {
		s->part[q] = spill_tempfile(s->dir, s->what, err);
		if (!s->part[q])
			return CQA_ERR_IO;
	}
	for (size_t b = 0; s->arena && b < BUCKETS; b++) {
		FILE *f = s->part[b >> (BUCKET_BITS - KSTORE_PARTS_BITS)];
		size_t left = s->count[b];
		for (uint32_t c = s->head[b]; left; c = s->next[c]) {
			size_t k = left < CHUNK ? left : CHUNK;
			if (fwrite(s->arena + (size_t)c * CHUNK, sizeof(krec),
			           k, f) != k)
				return kstore_io_error(s, err);
			left -= k;
		}
		s->head[b] = s->tail[b] = NO_CHUNK;
		s->fill[b] = CHUNK;
		s->count[b] = 0;
	}
	s->spilled += s->bucketed;
	s->bucketed = 0;
	s->chunks = 0;
	for (size_t i = 0; i < s->n; i++) {
		int p = (int)(s->stage[i].key >> (64 - KSTORE_PARTS_BITS));
		if (fwrite(&s->stage[i], sizeof(krec), 1, s->part[p]) != 1)
			return kstore_io_error(s, err);
	}
	s->spilled += s->n;
	s->n = 0;
	return 0;
}

/* Moves the staged records to their buckets; 0 when the arena has no
 * room left for them. */
static int kstore_bucket_stage(kstore *s)
{
	if (!s->arena) {
		s->arena =
		    heap_map_huge(s->arena_chunks * CHUNK * sizeof(krec));
		s->next = xmalloc(s->arena_chunks * sizeof *s->next);
		s->head = xmalloc(BUCKETS * sizeof *s->head);
		s->tail = xmalloc(BUCKETS * sizeof *s->tail);
		s->fill = xmalloc(BUCKETS * sizeof *s->fill);
		s->count = xcalloc(BUCKETS, sizeof *s->count);
		for (size_t b = 0; b < BUCKETS; b++) {
			s->head[b] = s->tail[b] = NO_CHUNK;
			s->fill[b] = CHUNK;
		}
	}
	/* the worst case: every record a new chunk's */
	if (s->arena_chunks - s->chunks <
	    (s->n < BUCKETS ? s->n : BUCKETS) + s->n / CHUNK + 1)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		size_t b = (size_t)(s->stage[i].key >> (64 - BUCKET_BITS));
		if (s->fill[b] == CHUNK) {
			uint32_t c = (uint32_t)s->chunks++;
			s->next[c] = NO_CHUNK;
			if (s->tail[b] == NO_CHUNK)
				s->head[b] = c;
			else
				s->next[s->tail[b]] = c;
			s->tail[b] = c;
			s->fill[b] = 0;
		}
		s->arena[(size_t)s->tail[b] * CHUNK + s->fill[b]++] =
		    s->stage[i];
		s->count[b]++;
	}
	s->bucketed += s->n;
	s->n = 0;
	return 1;
}

/* Room in the staging array for one record at least. */
static int kstore_room(kstore *s, cqa_error *err)
{
	if (s->n == s->stage_max &&
	    !(s->arena_chunks && kstore_bucket_stage(s))) {
		int rc = kstore_spill(s, err);
		if (rc)
			return rc;
	}
	if (!s->stage)
		s->stage = records_alloc(s->stage_max * sizeof(krec));
	return 0;
}

int kstore_add(kstore *s, uint64_t key, uint32_t page, uint32_t aux,
               cqa_error *err)
{
	int rc = kstore_room(s, err);
	if (!rc)
		s->stage[s->n++] = (krec){key, page, aux};
	return rc;
}

int kstore_add_keys(kstore *s, const uint64_t *keys, size_t n, uint32_t page,
                    uint32_t aux, cqa_error *err)
{
	while (n) {
		int rc = kstore_room(s, err);
		if (rc)
			return rc;
		size_t k = s->stage_max - s->n < n ? s->stage_max - s->n : n;
		krec *r = s->stage + s->n;
		for (size_t i = 0; i < k; i++)
			r[i] = (krec){keys[i], page, aux++};
		s->n += k;
		keys += k;
		n -= k;
	}
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

/* Sorts each part d of v, [end[d - 1], end[d]) (the first from 0), by
 * insertion when short, else by the LSD sort with tmp's room alongside. */
static void sort_parts(krec *v, const size_t *end, size_t parts, krec *tmp)
{
	for (size_t d = 0, at = 0; d < parts; at = end[d++]) {
		size_t len = end[d] - at;
		if (len <= INSERTION_MAX)
			sort_insertion(v + at, len);
		else
			sort_lsd(v + at, len, tmp + at);
	}
}

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
	/* v's records are all in scratch: its room is free */
	sort_parts(scratch, end, (size_t)1 << SUB_BITS, v);
	memcpy(v, scratch, n * sizeof *v);
}

void kstore_sort(krec *r, size_t n)
{
	if (n <= INSERTION_MAX) {
		sort_insertion(r, n);
		return;
	}
	krec *tmp = records_alloc(n * sizeof *tmp);
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
	records_free(tmp, n * sizeof *tmp);
}

/* Hands each bucket to fn, sorted: its records are split on the next
 * RADIX_BITS bits of the key straight from its chunks into v (a count,
 * then a stable scatter), and each part is sorted there, so a record
 * moves once on its way to fn. */
static int kstore_each_bucket(kstore *s, kstore_fn fn, void *ud, cqa_error *err)
{
	size_t most = 0;
	for (size_t b = 0; b < BUCKETS; b++)
		most = s->count[b] > most ? s->count[b] : most;
	krec *v = xmalloc((most ? most : 1) * sizeof *v);
	krec *tmp = xmalloc((most ? most : 1) * sizeof *tmp);
	size_t *end = xmalloc((RADIX + 1) * sizeof *end);
	int shift = 64 - BUCKET_BITS - RADIX_BITS;
	int rc = 0;
	for (size_t b = 0; b < BUCKETS && !rc; b++) {
		size_t n = s->count[b];
		if (n == 0)
			continue;
		memset(end, 0, (RADIX + 1) * sizeof *end);
		size_t at = 0;
		for (uint32_t c = s->head[b]; at < n; c = s->next[c]) {
			const krec *r = s->arena + (size_t)c * CHUNK;
			size_t k = n - at < CHUNK ? n - at : CHUNK;
			for (size_t i = 0; i < k; i++)
				end[((r[i].key >> shift) & (RADIX - 1)) + 1]++;
			at += k;
		}
		for (size_t d = 1; d <= RADIX; d++)
			end[d] += end[d - 1];
		at = 0;
		for (uint32_t c = s->head[b]; at < n; c = s->next[c]) {
			const krec *r = s->arena + (size_t)c * CHUNK;
			size_t k = n - at < CHUNK ? n - at : CHUNK;
			for (size_t i = 0; i < k; i++)
				v[end[(r[i].key >> shift) & (RADIX - 1)]++] =
				    r[i];
			at += k;
		}
		/* end[d] is now part d's end */
		sort_parts(v, end, RADIX, tmp);
		rc = fn(ud, v, n, err);
	}
	free(v);
	free(tmp);
	free(end);
	return rc;
}

int kstore_each(kstore *s, kstore_fn fn, void *ud, cqa_error *err)
{
	if (!s->part[0] && (!s->arena || kstore_bucket_stage(s))) {
		int rc;
		if (s->arena) {
			rc = kstore_each_bucket(s, fn, ud, err);
		} else {
			kstore_sort(s->stage, s->n);
			rc = s->n ? fn(ud, s->stage, s->n, err) : 0;
		}
		kstore_release(s);
		return rc;
	}
	int rc = kstore_spill(s, err);
	kstore_release(s);
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
