/*
 * shingle.c - shingles, MinHash and Jaccard; see shingle.h.
 */
#include "shingle.h"

#include <stdlib.h>
#include <string.h>
/* xxHash's functions compiled here, not called in the shared library:
 * a word's and a shingle's hash are a few dozen instructions, less than
 * the call through the library's entry, and the shingle's length (k
 * hashes) is known here.  The same functions, the same values. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* Seeds of the hash functions: fixed, so that runs and shards agree.  The
 * values themselves carry no meaning. */
static const uint64_t SHINGLE_SEED = 0x6371615f73686e67ULL; /* "cqa_shng" */
static const uint64_t MINHASH_SEED = 0x6371615f6d696e68ULL; /* "cqa_minh" */

int shingle_k(int k)
{
	return k < 1 ? 1 : k > SHINGLE_MAX_K ? SHINGLE_MAX_K : k;
}

size_t shingle_ids(const char *norm, size_t len, int k, buf_t *ids)
{
	k = shingle_k(k);
	/* the last k word hashes, each written twice (at j0 and j0 + k):
	 * from the next slot to write, ring[j0..j0 + k) holds them in text
	 * order, with no moving */
	uint64_t ring[2 * SHINGLE_MAX_K];
	size_t words = 0, j0 = 0;
	/* room for every shingle at once: a word takes two bytes or more
	 * (itself and a space) */
	buf_grow(ids, (len / 2 + 1) * sizeof(uint64_t));
	char *out = ids->data + ids->len;
	for (size_t i = 0; i < len;) {
		const char *sp = memchr(norm + i, ' ', len - i);
		size_t j = sp ? (size_t)(sp - norm) : len;
		if (j > i) {
			/* a shingle hashes its k word hashes as one
			 * 8k-byte key */
			uint64_t h = XXH3_64bits(norm + i, j - i);
			ring[j0] = ring[j0 + (size_t)k] = h;
			j0 = j0 + 1 == (size_t)k ? 0 : j0 + 1;
			words++;
			if (words >= (size_t)k) {
				uint64_t id = XXH3_64bits_withSeed(
				    ring + j0, (size_t)k * sizeof *ring,
				    SHINGLE_SEED);
				memcpy(out, &id, sizeof id);
				out += sizeof id;
			}
		}
		i = j + 1;
	}
	ids->len = (size_t)(out - ids->data);
	ids->data[ids->len] = '\0';
	return words;
}

/* Sorting a page's shingle identifiers, which are hashes and so spread
 * evenly: one pass on their top bits, about SORT_BUCKET_AIM a bucket,
 * then each bucket by insertion.  Three to four times quicker than
 * qsort()'s comparisons through a function pointer on a page's few
 * thousand. */
enum { SORT_BUCKET_AIM = 8, SORT_TOP_BITS_MAX = 16, SORT_SMALL = 32 };

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static void sort_insertion(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void sort_hashes(uint64_t *v, size_t n)
{
	if (n <= SORT_SMALL) {
		sort_insertion(v, n);
		return;
	}
	int bits = 1;
	while (bits < SORT_TOP_BITS_MAX && (n >> bits) > SORT_BUCKET_AIM)
		bits++;
	size_t buckets = (size_t)1 << bits;
	int shift = 64 - bits;
	size_t *end = xcalloc(buckets + 1, sizeof *end);
	uint64_t *tmp = xmalloc(n * sizeof *tmp);
	for (size_t i = 0; i < n; i++)
		end[(v[i] >> shift) + 1]++;
	for (size_t d = 1; d <= buckets; d++)
		end[d] += end[d - 1];
	/* end[d] is bucket d's start; after the scatter, its end */
	for (size_t i = 0; i < n; i++)
		tmp[end[v[i] >> shift]++] = v[i];
	for (size_t d = 0, at = 0; d < buckets; at = end[d++]) {
		size_t len = end[d] - at;
		if (len > SORT_SMALL) /* uneven: repeats, or not hashes */
			qsort(tmp + at, len, sizeof *tmp, cmp_u64);
		else
			sort_insertion(tmp + at, len);
	}
	memcpy(v, tmp, n * sizeof *v);
	free(tmp);
	free(end);
}

size_t shingle_set(uint64_t *ids, size_t n)
{
	if (n < 2)
		return n;
	sort_hashes(ids, n);
	size_t m = 1;
	for (size_t i = 1; i < n; i++)
		if (ids[i] != ids[m - 1])
			ids[m++] = ids[i];
	return m;
}

/* The coefficients of the SHINGLE_PERMS functions, derived afresh for each
 * signature: 256 XXH64 calls, nothing next to the shingles' work, and no
 * table to share between threads. */
static void minhash_coefficients(uint64_t a[SHINGLE_PERMS],
                                 uint64_t b[SHINGLE_PERMS])
{
	for (uint64_t j = 0; j < SHINGLE_PERMS; j++) {
		uint64_t key[2] = {j, 0};
		a[j] = XXH64(key, sizeof key, MINHASH_SEED) | 1;
		key[1] = 1;
		b[j] = XXH64(key, sizeof key, MINHASH_SEED);
	}
}

static void minhash_scalar(const uint64_t *set, size_t n, const uint64_t *a,
                           const uint64_t *b, uint32_t sig[SHINGLE_PERMS])
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = (set[i] ^ (set[i] >> 32)) & 0xffffffffULL;
		for (int j = 0; j < SHINGLE_PERMS; j++) {
			uint32_t v = (uint32_t)((a[j] * x + b[j]) >> 32);
			sig[j] = v < sig[j] ? v : sig[j];
		}
	}
}

/* The same, eight functions an instruction, where the processor has
 * AVX-512's 64-bit multiply (AVX512DQ): about 4.5 times faster, the same
 * values.  Without it the scalar loop stays: emulating the 64-bit multiply
 * with AVX2 or SSE2 is no faster than the scalar one. */
#if defined(__x86_64__) && defined(__GNUC__)
#define MINHASH_WIDE 1
typedef uint64_t u64x8 __attribute__((vector_size(64)));

__attribute__((target("avx512f,avx512dq"))) static void
minhash_avx512(const uint64_t *set, size_t n, const uint64_t *a,
               const uint64_t *b, uint32_t sig[SHINGLE_PERMS])
{
	enum { W = 8, V = SHINGLE_PERMS / W };
	u64x8 av[V], bv[V], m[V];
	for (int j = 0; j < V; j++)
		for (int l = 0; l < W; l++) {
			av[j][l] = a[W * j + l];
			bv[j][l] = b[W * j + l];
			m[j][l] = sig[W * j + l];
		}
	for (size_t i = 0; i < n; i++) {
		uint64_t x = (set[i] ^ (set[i] >> 32)) & 0xffffffffULL;
		u64x8 xv = {x, x, x, x, x, x, x, x};
		for (int j = 0; j < V; j++) {
			u64x8 v = (av[j] * xv + bv[j]) >> 32;
			u64x8 lt = (u64x8)(v < m[j]);
			m[j] = (v & lt) | (m[j] & ~lt);
		}
	}
	for (int j = 0; j < V; j++)
		for (int l = 0; l < W; l++)
			sig[W * j + l] = (uint32_t)m[j][l];
}
#endif

void shingle_minhash(const uint64_t *set, size_t n, uint32_t sig[SHINGLE_PERMS])
{
	uint64_t a[SHINGLE_PERMS], b[SHINGLE_PERMS];
	minhash_coefficients(a, b);
	for (int j = 0; j < SHINGLE_PERMS; j++)
		sig[j] = UINT32_MAX;
#ifdef MINHASH_WIDE
	if (__builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512dq")) {
		minhash_avx512(set, n, a, b, sig);
		return;
	}
#endif
	minhash_scalar(set, n, a, b, sig);
}

double shingle_jaccard(const uint64_t *a, size_t na, const uint64_t *b,
                       size_t nb)
{
	if (na + nb == 0)
		return 0.0;
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			both++;
			i++;
			j++;
		}
	}
	return (double)both / (double)(na + nb - both);
}

double shingle_estimate(const uint32_t *a, const uint32_t *b)
{
	int same = 0;
	for (int j = 0; j < SHINGLE_PERMS; j++)
		same += a[j] == b[j];
	return (double)same / SHINGLE_PERMS;
}
