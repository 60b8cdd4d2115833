/*
 * test_dedup.c - near-duplicate detection, checked against values worked
 * out by hand.
 *
 * First the parts on inputs small enough to count on paper: word shingles
 * and their sets (analyze/shingle.h), Jaccard similarity, the MinHash
 * estimate, the LSH band choice and near_find()/near_clusters()
 * (analyze/near.h), and the keyed record store with its spill to 64
 * partition files (analyze/kstore.h).  Then the analyzer on in-memory
 * documents whose 5-word shingle sets were counted by hand: near and exact
 * duplicate records and the near-duplicate fields of the page records.
 *
 * The census (common content, repeated passages, template blocks), the
 * sample site and the hostile inputs through cqa-analyze are in
 * test_census.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <xxhash.h>

#include "analyze/analyze.h"
#include "analyze/kstore.h"
#include "analyze/near.h"
#include "analyze/shingle.h"
#include "analyze/spill.h"
#include "analyze_harness.h"
#include "common/buf.h"
#include "common/jsonl.h"

/* splitmix64's finaliser: distinct inputs give distinct, well spread
 * 64-bit identifiers (it is a bijection). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The k-word shingle ids of a normalised text, into b; their count. */
static size_t ids_of(const char *norm, int k, buf_t *b)
{
	buf_reset(b);
	shingle_ids(norm, strlen(norm), k, b);
	return b->len / sizeof(uint64_t);
}

static uint64_t *idv(buf_t *b)
{
	return (uint64_t *)b->data;
}

/* ---- 1. shingle_ids and shingle_set ------------------------------------- */

static void test_shingle_counts(void **state)
{
	(void)state;
	buf_t b = BUF_INIT, c = BUF_INIT;
	/* "a b c d e" has n = 5 words and n - k + 1 shingles of k words:
	 * k=1: 5, k=2: 4, k=3: 3, k=5: 1; k=6 > n: none.  The return value
	 * is the number of words, 5, whatever k. */
	static const struct {
		int k;
		size_t want;
	} cases[] = {{1, 5}, {2, 4}, {3, 3}, {5, 1}, {6, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&b);
		assert_int_equal(shingle_ids("a b c d e", 9, cases[i].k, &b),
		                 5);
		assert_int_equal(b.len / sizeof(uint64_t), cases[i].want);
	}
	/* the empty text: 0 words, no shingle */
	buf_reset(&b);
	assert_int_equal(shingle_ids("", 0, 1, &b), 0);
	assert_int_equal(b.len, 0);
	/* k below 1 is taken as 1: the same 5 ids as k = 1 */
	assert_int_equal(ids_of("a b c d e", 0, &b), 5);
	assert_int_equal(ids_of("a b c d e", 1, &c), 5);
	assert_memory_equal(b.data, c.data, 5 * sizeof(uint64_t));
	/* k above SHINGLE_MAX_K = 16 is taken as 16: 20 words (a .. t)
	 * give 20 - 16 + 1 = 5 shingles, the ids of k = 16 */
	const char *twenty = "a b c d e f g h i j k l m n o p q r s t";
	assert_int_equal(ids_of(twenty, 17, &b), 5);
	assert_int_equal(ids_of(twenty, 16, &c), 5);
	assert_memory_equal(b.data, c.data, 5 * sizeof(uint64_t));
	buf_free(&b);
	buf_free(&c);
}

static void test_shingle_identity_and_set(void **state)
{
	(void)state;
	buf_t b = BUF_INIT, c = BUF_INIT;
	/* "a b c a b c", k = 3: abc, bca, cab, abc (6 - 3 + 1 = 4): the
	 * first and the last are the same shingle, hence the same id; the
	 * first three differ. */
	assert_int_equal(ids_of("a b c a b c", 3, &b), 4);
	uint64_t *v = idv(&b);
	assert_true(v[0] == v[3]);
	assert_true(v[0] != v[1] && v[0] != v[2] && v[1] != v[2]);
	uint64_t abc = v[0], bca = v[1], cab = v[2];
	/* the same shingle in another text has the same id: "x a b c" has
	 * xab, abc; "a b c d e" starts with abc */
	assert_int_equal(ids_of("x a b c", 3, &c), 2);
	assert_true(idv(&c)[1] == abc);
	assert_int_equal(ids_of("a b c d e", 3, &c), 3);
	assert_true(idv(&c)[0] == abc);
	/* word order matters: bac, cba and acb are other shingles */
	static const char *const perm[] = {"b a c", "c b a", "a c b"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ids_of(perm[i], 3, &c), 1);
		assert_true(idv(&c)[0] != abc);
	}
	/* shingle_set: the 4 ids sort and lose the repeat, 3 left, in
	 * increasing order: abc, bca and cab once each */
	assert_int_equal(ids_of("a b c a b c", 3, &b), 4);
	v = idv(&b);
	assert_int_equal(shingle_set(v, 4), 3);
	assert_true(v[0] < v[1] && v[1] < v[2]);
	int seen_abc = 0, seen_bca = 0, seen_cab = 0;
	for (int i = 0; i < 3; i++) {
		seen_abc += v[i] == abc;
		seen_bca += v[i] == bca;
		seen_cab += v[i] == cab;
	}
	assert_true(seen_abc == 1 && seen_bca == 1 && seen_cab == 1);
	/* by hand: {5, 3, 5, 1, 3, 3} -> {1, 3, 5}; 0 and 1 ids stay */
	uint64_t h[] = {5, 3, 5, 1, 3, 3};
	assert_int_equal(shingle_set(h, 6), 3);
	assert_true(h[0] == 1 && h[1] == 3 && h[2] == 5);
	uint64_t one[] = {42};
	assert_int_equal(shingle_set(one, 1), 1);
	assert_int_equal(shingle_set(one, 0), 0);
	buf_free(&b);
	buf_free(&c);
}

/* A page's worth of identifiers: 3000 distinct values spread over the
 * 64 bits as hashes are, each twice, in a scrambled order, come out as
 * the 3000 in increasing order; so do 2000 small values that all share
 * their top bits (one bucket, not hashes). */
static void test_shingle_set_large(void **state)
{
	(void)state;
	enum { N = 3000, SMALL = 2000 };
	uint64_t *v = xmalloc(2 * N * sizeof *v);
	/* i * 0x9E3779B97F4A7C15 (odd) is a bijection of the integers
	 * mod 2^64: distinct, spread, and in no order */
	for (uint64_t i = 0; i < N; i++)
		v[i] = v[2 * N - 1 - i] = (i + 1) * 0x9E3779B97F4A7C15ULL;
	assert_int_equal(shingle_set(v, 2 * N), N);
	for (size_t i = 1; i < N; i++)
		assert_true(v[i - 1] < v[i]);
	for (uint64_t i = 0; i < SMALL; i++)
		v[i] = (i * 7919) % SMALL; /* 7919 is prime: a permutation */
	assert_int_equal(shingle_set(v, SMALL), SMALL);
	for (uint64_t i = 0; i < SMALL; i++)
		assert_true(v[i] == i);
	free(v);
}

/* ---- 2. shingle_jaccard ------------------------------------------------- */

/* The Jaccard similarity of two texts' k-shingle sets. */
static double jaccard_of(const char *x, const char *y, int k)
{
	buf_t a = BUF_INIT, b = BUF_INIT;
	size_t na = shingle_set(idv(&a), ids_of(x, k, &a));
	size_t nb = shingle_set(idv(&b), ids_of(y, k, &b));
	double j = shingle_jaccard(idv(&a), na, idv(&b), nb);
	double back = shingle_jaccard(idv(&b), nb, idv(&a), na);
	assert_exact(back, j); /* symmetric */
	buf_free(&a);
	buf_free(&b);
	return j;
}

static void test_jaccard_by_hand(void **state)
{
	(void)state;
	const char *x = "a b c d e", *y = "a b c d f";
	/* k=1: {a,b,c,d,e} vs {a,b,c,d,f}: 4 shared, 6 in all -> 4/6 */
	assert_exact(jaccard_of(x, y, 1), 4.0 / 6.0);
	/* k=2: {ab,bc,cd,de} vs {ab,bc,cd,df}: 3 shared / 5 -> 0.6 */
	assert_exact(jaccard_of(x, y, 2), 0.6);
	/* k=3: {abc,bcd,cde} vs {abc,bcd,cdf}: 2 / 4 -> 0.5 */
	assert_exact(jaccard_of(x, y, 3), 0.5);
	/* k=5: {abcde} vs {abcdf}: 0 / 2 -> 0 */
	assert_exact(jaccard_of(x, y, 5), 0.0);
	/* identical texts -> 1; the repeat in "a b a b" (ab, ba, ab) does
	 * not count twice: {ab, ba} vs {ab, ba} -> 1 */
	assert_exact(jaccard_of(x, x, 2), 1.0);
	assert_exact(jaccard_of("a b a b", "b a b", 2), 1.0);
	/* two empty sets -> 0 (defined so); one empty -> 0 / 3 = 0 */
	assert_exact(shingle_jaccard(NULL, 0, NULL, 0), 0.0);
	uint64_t s[] = {1, 2, 3}, t[] = {2, 3, 4}, u[] = {2, 4},
	         w[] = {1, 2, 3, 4};
	assert_exact(shingle_jaccard(s, 3, NULL, 0), 0.0);
	/* {1,2,3} vs {2,3,4}: 2 / 4 = 0.5; {1,2,3,4} vs {2,4}: 2 / 4 */
	assert_exact(shingle_jaccard(s, 3, t, 3), 0.5);
	assert_exact(shingle_jaccard(w, 4, u, 2), 0.5);
	/* {1} vs {2,3,4} (s[0] vs t): 0 / 4 */
	assert_exact(shingle_jaccard(s, 1, t, 3), 0.0);
}

/* ---- 3. shingle_minhash ------------------------------------------------- */

/* n ids mix(base + i), sorted */
static uint64_t *random_ids(uint64_t base, size_t n)
{
	uint64_t *v = malloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = mix(base + i);
	assert_int_equal(shingle_set(v, n), n);
	return v;
}

/* A set of shared + own ids: shared from range sbase, own from obase. */
static uint64_t *joined_ids(uint64_t sbase, size_t shared, uint64_t obase,
                            size_t own)
{
	uint64_t *v = malloc((shared + own) * sizeof *v);
	for (size_t i = 0; i < shared; i++)
		v[i] = mix(sbase + i);
	for (size_t i = 0; i < own; i++)
		v[shared + i] = mix(obase + i);
	assert_int_equal(shingle_set(v, shared + own), shared + own);
	return v;
}

/* The signature is the documented family's, whichever loop computes it
 * (eight functions an instruction where the processor allows, one at a
 * time elsewhere): h_j(x) = (a_j x' + b_j) >> 32, x' the 32-bit fold of
 * the identifier, a_j = XXH64({j, 0}) | 1 and b_j = XXH64({j, 1}) under
 * the seed "cqa_minh" (shingle.h), worked out here one value at a time.
 * 1003 identifiers: not a multiple of any vector width. */
static void test_minhash_formula(void **state)
{
	(void)state;
	const uint64_t seed = 0x6371615f6d696e68ULL;
	uint64_t *ids = random_ids(5000000, 1003);
	uint32_t got[SHINGLE_PERMS];
	shingle_minhash(ids, 1003, got);
	for (uint64_t j = 0; j < SHINGLE_PERMS; j++) {
		uint64_t key[2] = {j, 0};
		uint64_t a = XXH64(key, sizeof key, seed) | 1;
		key[1] = 1;
		uint64_t b = XXH64(key, sizeof key, seed);
		uint32_t want = UINT32_MAX;
		for (size_t i = 0; i < 1003; i++) {
			uint64_t x = (ids[i] ^ (ids[i] >> 32)) & 0xffffffffULL;
			uint32_t v = (uint32_t)((a * x + b) >> 32);
			if (v < want)
				want = v;
		}
		assert_int_equal(got[j], want);
	}
	free(ids);
}

static void test_minhash(void **state)
{
	(void)state;
	uint32_t s1[SHINGLE_PERMS], s2[SHINGLE_PERMS];
	/* the empty set: every value UINT32_MAX */
	shingle_minhash(NULL, 0, s1);
	for (int j = 0; j < SHINGLE_PERMS; j++)
		assert_true(s1[j] == UINT32_MAX);

	/* deterministic: the same set twice, and the same set in reverse
	 * order (a minimum does not depend on order), same signature;
	 * identical sets agree everywhere: estimate exactly 1 */
	uint64_t *a = random_ids(1000000, 1000);
	shingle_minhash(a, 1000, s1);
	shingle_minhash(a, 1000, s2);
	assert_memory_equal(s1, s2, sizeof s1);
	uint64_t *rev = malloc(1000 * sizeof *rev);
	for (int i = 0; i < 1000; i++)
		rev[i] = a[999 - i];
	shingle_minhash(rev, 1000, s2);
	assert_memory_equal(s1, s2, sizeof s1);
	assert_exact(shingle_estimate(s1, s2), 1.0);
	free(rev);

	/* disjoint sets (true Jaccard 0): two minima agree only when two
	 * different 32-bit keys hash alike at the minimum, which almost
	 * never happens; allow 0.05 (6 of 128 positions) */
	uint64_t *b = random_ids(2000000, 1000);
	shingle_minhash(b, 1000, s2);
	double e0 = shingle_estimate(s1, s2);
	print_message("minhash estimate, disjoint sets: %.4f\n", e0);
	assert_true(e0 <= 0.05);
	free(b);

	/* true Jaccard 0.5 of about 1000 ids each: 1000 cannot be split so
	 * (shared / (2n - shared) = 0.5 needs shared = 2n/3), so n = 999:
	 * 666 shared + 333 own each, 666 / (666 + 333 + 333) = 0.5 exactly.
	 * The estimate is a mean of 128 Bernoulli(J) draws: standard error
	 * sqrt(0.25 / 128) = 0.0442.  One pair: within 0.15 (3.4 standard
	 * errors, a 0.07% chance to fail for a good hash family; the test
	 * is deterministic, so it either always passes or shows a bias).
	 * Twenty independent pairs: their mean within 0.04 of 0.5 (the mean's
	 * standard error is 0.0442 / sqrt(20) = 0.0099, so 4 of them). */
	double sum = 0;
	for (uint64_t t = 0; t < 20; t++) {
		uint64_t base = 10000000 * (t + 3);
		uint64_t *x = joined_ids(base, 666, base + 1000000, 333);
		uint64_t *y = joined_ids(base, 666, base + 2000000, 333);
		assert_exact(shingle_jaccard(x, 999, y, 999), 0.5);
		shingle_minhash(x, 999, s1);
		shingle_minhash(y, 999, s2);
		double e = shingle_estimate(s1, s2);
		if (t == 0) {
			print_message("minhash estimate, J = 0.5: %.4f\n", e);
			assert_true(fabs(e - 0.5) <= 0.15);
		}
		sum += e;
		free(x);
		free(y);
	}
	print_message("minhash mean estimate of 20 pairs, J = 0.5: %.4f\n",
	              sum / 20);
	assert_true(fabs(sum / 20 - 0.5) <= 0.04);
	free(a);
}

/* ---- 4. near_bands ------------------------------------------------------ */

static void test_near_bands(void **state)
{
	(void)state;
	int b, r;
	/* The largest r whose b = 128 / r bands catch a pair at exactly t
	 * with probability 1 - (1 - t^r)^b >= 0.995: */
	static const struct {
		double t;
		int r, b;
	} cases[] = {
	    /* t = 0.5: r = 4, b = 32: 1 - (15/16)^32 = 1 - 0.1268 = 0.8732,
	     *          no; r = 3, b = 42: 1 - (7/8)^42 = 1 - 0.0037 =
	     *          0.9963, yes. */
	    {0.5, 3, 42},
	    /* t = 0.8: r = 7, b = 18: 0.8^7 = 0.2097, 1 - 0.7903^18 = 0.9855,
	     *          no; r = 6, b = 21: 0.8^6 = 0.2621, 1 - 0.7379^21 =
	     *          0.9983, yes. */
	    {0.8, 6, 21},
	    /* t = 0.9: r = 10, b = 12: 0.9^10 = 0.3487, 1 - 0.6513^12 =
	     *          0.99417, just short; r = 9, b = 14: 0.9^9 = 0.3874,
	     *          1 - 0.6126^14 = 0.9990, yes. */
	    {0.9, 9, 14},
	    /* t = 0.05 (the lowest --similarity): r = 2, b = 64: 1 -
	     *          0.9975^64 = 0.148, no; r = 1, b = 128: 1 - 0.95^128
	     *          = 0.9986. */
	    {0.05, 1, 128},
	    /* t = 1: r = 128, b = 1: 1 - (1 - 1)^1 = 1. */
	    {1.0, 128, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		near_bands(cases[i].t, &b, &r);
		if (r != cases[i].r || b != cases[i].b)
			fail_msg("near_bands(%g): %d bands of %d rows, want %d "
			         "of %d",
			         cases[i].t, b, r, cases[i].b, cases[i].r);
	}
	/* every threshold: the bands fit the signature and catch a pair at
	 * t as promised */
	for (int i = 5; i <= 100; i++) {
		double t = i / 100.0;
		near_bands(t, &b, &r);
		assert_true(r >= 1 && b >= 1 && r * b <= SHINGLE_PERMS);
		assert_true(1 - pow(1 - pow(t, r), b) >= NEAR_RECALL_AT_T);
	}
}

/* ---- 5. near_find and near_clusters ------------------------------------- */

typedef struct items {
	uint64_t **set;
	size_t *n;
	size_t count;
	int read[64]; /* how often each item's set was read */
	int fail;     /* get_set fails */
} items;

static int get_set(void *ud, uint32_t item, buf_t *b, cqa_error *err)
{
	items *it = ud;
	if (it->fail)
		return cqa_fail(err, CQA_ERR_IO, "test: cannot read set %u",
		                item);
	if (item < 64)
		it->read[item]++;
	buf_reset(b);
	buf_add(b, it->set[item], it->n[item] * sizeof(uint64_t));
	return 0;
}

static void run_near(items *it, double t, near_result *r)
{
	uint32_t *sigs = malloc(it->count * SHINGLE_PERMS * sizeof *sigs);
	uint32_t *sizes = malloc(it->count * sizeof *sizes);
	for (size_t i = 0; i < it->count; i++) {
		shingle_minhash(it->set[i], it->n[i], sigs + i * SHINGLE_PERMS);
		sizes[i] = (uint32_t)it->n[i];
	}
	memset(it->read, 0, sizeof it->read);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(
	    near_find(sigs, sizes, it->count, t, get_set, it, r, &err), 0);
	free(sigs);
	free(sizes);
}

static void free_items(items *it)
{
	for (size_t i = 0; i < it->count; i++)
		free(it->set[i]);
	free(it->set);
	free(it->n);
}

/* Ten items, in pairs of known exact similarity (ids of different pairs
 * come from disjoint ranges, so across pairs J = 0):
 *   0, 1: 200 shared + 100 own each: 200 / 400 = 0.5
 *   2, 3: 196 shared + 102 own each: 196 / 400 = 0.49
 *   4, 5: 400 shared + 50 own each: 400 / 500 = 0.8
 *   6, 7: 150 shared, 7 has 150 own more: 150 / 300 = 0.5; sizes 150 and
 *         300, ratio 0.5, not below t, so it is verified
 *   8, 9: 100 shared, 9 has 150 own more: 100 / 250 = 0.4; size ratio
 *         100 / 250 = 0.4 < 0.5: dropped before any set is read */
static void hand_items(items *it)
{
	static const size_t shared[5] = {200, 196, 400, 150, 100};
	static const size_t own[10] = {100, 100, 102, 102, 50,
	                               50,  0,   150, 0,   150};
	it->count = 10;
	it->set = calloc(10, sizeof *it->set);
	it->n = calloc(10, sizeof *it->n);
	it->fail = 0;
	for (size_t i = 0; i < 10; i++) {
		uint64_t base = 100000000ULL * (i / 2 + 1);
		it->set[i] = joined_ids(base, shared[i / 2],
		                        base + 1000000 * (i % 2 + 1), own[i]);
		it->n[i] = shared[i / 2] + own[i];
	}
}

static void test_near_find_by_hand(void **state)
{
	(void)state;
	items it;
	hand_items(&it);
	near_result r;
	run_near(&it, 0.5, &r);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.bands, 42);
	/* at 0.5: (0,1) 0.5, (4,5) 0.8, (6,7) 0.5, sorted by (a, b); not
	 * (2,3) at 0.49 nor (8,9) at 0.4 */
	assert_int_equal(r.npairs, 3);
	assert_int_equal(r.pairs[0].a, 0);
	assert_int_equal(r.pairs[0].b, 1);
	assert_exact(r.pairs[0].similarity, 0.5);
	assert_int_equal(r.pairs[1].a, 4);
	assert_int_equal(r.pairs[1].b, 5);
	assert_exact(r.pairs[1].similarity, 0.8);
	assert_int_equal(r.pairs[2].a, 6);
	assert_int_equal(r.pairs[2].b, 7);
	assert_exact(r.pairs[2].similarity, 0.5);
	assert_true(r.verified >= 3 && r.verified <= r.candidates);
	assert_int_equal(r.capped_buckets, 0);
	/* 8 and 9 were never read: the size bound dropped them */
	assert_int_equal(it.read[8], 0);
	assert_int_equal(it.read[9], 0);
	/* union-find over those pairs: 10 items, roots
	 * 0 0 2 3 4 4 6 6 8 9 */
	uint32_t root[10];
	static const uint32_t want[10] = {0, 0, 2, 3, 4, 4, 6, 6, 8, 9};
	near_clusters(10, r.pairs, r.npairs, root);
	assert_memory_equal(root, want, sizeof want);
	near_result_free(&r);

	/* at 0.49 the (2,3) pair joins, with exactly 0.49; (8,9) still
	 * not: 0.4 < 0.49 */
	run_near(&it, 0.49, &r);
	assert_int_equal(r.npairs, 4);
	assert_int_equal(r.pairs[1].a, 2);
	assert_int_equal(r.pairs[1].b, 3);
	assert_exact(r.pairs[1].similarity, 0.49);
	for (size_t k = 0; k < r.npairs; k++)
		assert_true(r.pairs[k].a != 8 && r.pairs[k].b != 9);
	near_result_free(&r);

	/* at 0.8 only (4,5) */
	run_near(&it, 0.8, &r);
	assert_int_equal(r.npairs, 1);
	assert_int_equal(r.pairs[0].a, 4);
	assert_exact(r.pairs[0].similarity, 0.8);
	near_result_free(&r);

	/* a failing read stops the search with its error */
	it.fail = 1;
	uint32_t sigs[2 * SHINGLE_PERMS], sizes[2] = {300, 300};
	shingle_minhash(it.set[0], 300, sigs);
	shingle_minhash(it.set[1], 300, sigs + SHINGLE_PERMS);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(near_find(sigs, sizes, 2, 0.5, get_set, &it, &r, &err),
	                 CQA_ERR_IO);
	near_result_free(&r);
	/* fewer than two items: no pair, bands still chosen */
	assert_int_equal(near_find(sigs, sizes, 1, 0.5, get_set, &it, &r, &err),
	                 0);
	assert_int_equal(r.npairs, 0);
	assert_int_equal(r.bands, 42);
	near_result_free(&r);
	free_items(&it);
}

static void test_near_clusters_by_hand(void **state)
{
	(void)state;
	uint32_t root[6];
	/* (0,1), (1,2), (4,5) over 6 items: {0,1,2} {3} {4,5}, each named
	 * by its smallest item: 0 0 0 3 4 4; in any pair order */
	near_pair p[3] = {{0, 1, 0.9}, {1, 2, 0.9}, {4, 5, 0.9}};
	static const uint32_t want[6] = {0, 0, 0, 3, 4, 4};
	near_clusters(6, p, 3, root);
	assert_memory_equal(root, want, sizeof want);
	near_pair q[3] = {{4, 5, 0.9}, {1, 2, 0.9}, {0, 1, 0.9}};
	near_clusters(6, q, 3, root);
	assert_memory_equal(root, want, sizeof want);
	/* (2,3) then (0,3): {0,2,3} {1} -> 0 1 0 0 */
	near_pair c[2] = {{2, 3, 0.9}, {0, 3, 0.9}};
	static const uint32_t want4[4] = {0, 1, 0, 0};
	near_clusters(4, c, 2, root);
	assert_memory_equal(root, want4, sizeof want4);
	/* no pair: every item its own root */
	near_clusters(6, NULL, 0, root);
	for (uint32_t i = 0; i < 6; i++)
		assert_int_equal(root[i], i);
}

/* m identical items: every band puts them in one bucket. */
static void identical_items(items *it, size_t m)
{
	it->count = m;
	it->set = calloc(m, sizeof *it->set);
	it->n = calloc(m, sizeof *it->n);
	it->fail = 0;
	for (size_t i = 0; i < m; i++) {
		it->set[i] = random_ids(555000000, 50);
		it->n[i] = 50;
	}
}

static void test_near_capped_bucket(void **state)
{
	(void)state;
	items it;
	near_result r;
	/* 64 items in one bucket (NEAR_BUCKET_ALL): all 64 * 63 / 2 = 2016
	 * pairs, nothing capped */
	identical_items(&it, 64);
	run_near(&it, 0.5, &r);
	assert_int_equal(r.capped_buckets, 0);
	assert_int_equal(r.candidates, 2016);
	assert_int_equal(r.npairs, 2016);
	near_result_free(&r);
	free_items(&it);
	/* 100 items: capped in each of the 42 bands.  Each item is paired
	 * with the first (99 pairs (0, i)) and its next 8: for i = 1..91
	 * 8 each (728), for i = 92..98 7+6+...+1 = 28; (0, 1..8) are among
	 * the first 99.  99 + 728 + 28 = 855 distinct pairs, all verified
	 * at similarity 1, and one cluster rooted at 0. */
	identical_items(&it, 100);
	run_near(&it, 0.5, &r);
	assert_int_equal(r.capped_buckets, 42);
	assert_int_equal(r.candidates, 855);
	assert_int_equal(r.verified, 855);
	assert_int_equal(r.npairs, 855);
	uint32_t root[100];
	near_clusters(100, r.pairs, r.npairs, root);
	for (int i = 0; i < 100; i++)
		assert_int_equal(root[i], 0);
	for (size_t k = 0; k < r.npairs; k++)
		assert_exact(r.pairs[k].similarity, 1.0);
	near_result_free(&r);
	free_items(&it);
}

/* Precision and recall against brute force: 240 items in 40 families of
 * 6, each item a random half to all of its family's 120 ids plus up to
 * 40 ids of its own, so similarities spread over 0 .. 1. */
static void test_near_against_brute_force(void **state)
{
	(void)state;
	enum { N = 240, FAM = 6 };
	items it;
	it.count = N;
	it.set = calloc(N, sizeof *it.set);
	it.n = calloc(N, sizeof *it.n);
	it.fail = 0;
	uint64_t rnd = 12345;
	for (size_t i = 0; i < N; i++) {
		uint64_t *v = malloc(160 * sizeof *v);
		size_t n = 0;
		uint64_t fam = 1000000ULL * (i / FAM + 1);
		uint64_t keep = 60 + (rnd = mix(rnd)) % 61; /* 60..120 */
		for (uint64_t w = 0; w < 120; w++)
			if ((rnd = mix(rnd)) % 120 < keep)
				v[n++] = mix(fam + w);
		size_t own = (rnd = mix(rnd)) % 41;
		for (size_t w = 0; w < own; w++)
			v[n++] = mix(1000000000ULL + i * 1000 + w);
		it.n[i] = shingle_set(v, n);
		it.set[i] = v;
	}
	near_result r;
	run_near(&it, 0.5, &r);
	size_t above = 0, found = 0, strong = 0;
	for (size_t k = 0; k < r.npairs; k++) {
		const near_pair *p = &r.pairs[k];
		double j = shingle_jaccard(it.set[p->a], it.n[p->a],
		                           it.set[p->b], it.n[p->b]);
		/* precision: what is reported is the exact value, never
		 * below the threshold */
		assert_exact(p->similarity, j);
		assert_true(p->similarity >= 0.5);
		assert_true(p->a < p->b);
		if (k > 0)
			assert_true(r.pairs[k - 1].a < p->a ||
			            (r.pairs[k - 1].a == p->a &&
			             r.pairs[k - 1].b < p->b));
	}
	for (uint32_t a = 0; a < N; a++)
		for (uint32_t b = a + 1; b < N; b++) {
			double j = shingle_jaccard(it.set[a], it.n[a],
			                           it.set[b], it.n[b]);
			if (j < 0.5)
				continue;
			above++;
			int in = 0;
			for (size_t k = 0; k < r.npairs && !in; k++)
				in = r.pairs[k].a == a && r.pairs[k].b == b;
			found += (size_t)in;
			/* recall: a pair at 0.65 is missed with probability
			 * (1 - 0.65^3)^42 = 1.4e-6 */
			if (j >= 0.65) {
				strong++;
				if (!in)
					fail_msg("pair (%u, %u) at %.4f missed",
					         a, b, j);
			}
		}
	print_message("brute force: %zu pairs >= 0.5 (%zu >= 0.65), %zu "
	              "found; %zu candidates, %zu verified\n",
	              above, strong, found, r.candidates, r.verified);
	assert_int_equal(found, r.npairs);
	assert_true(strong > 20);
	near_result_free(&r);
	free_items(&it);
}

/* ---- 6. kstore ---------------------------------------------------------- */

static void test_kstore_sort_by_hand(void **state)
{
	(void)state;
	/* keys 3 1 3 2 1 added as pages 0..4: sorted, equal keys in the
	 * order added: (1,p1) (1,p4) (2,p3) (3,p0) (3,p2) */
	krec r[5] = {{3, 0, 0}, {1, 1, 0}, {3, 2, 0}, {2, 3, 0}, {1, 4, 0}};
	kstore_sort(r, 5);
	static const uint64_t keys[5] = {1, 1, 2, 3, 3};
	static const uint32_t pages[5] = {1, 4, 3, 0, 2};
	for (int i = 0; i < 5; i++) {
		assert_true(r[i].key == keys[i]);
		assert_int_equal(r[i].page, pages[i]);
	}
	/* keys that differ only in the top byte (every lower byte pass is
	 * skipped) and in the bottom byte only */
	krec t[4] = {{0x0300000000000000ULL, 0, 0},
	             {0x0100000000000000ULL, 1, 0},
	             {0x0100000000000002ULL, 2, 0},
	             {0x0100000000000001ULL, 3, 0}};
	kstore_sort(t, 4);
	assert_int_equal(t[0].page, 1);
	assert_int_equal(t[1].page, 3);
	assert_int_equal(t[2].page, 2);
	assert_int_equal(t[3].page, 0);
}

/* Large arrays take the most-significant-digit path: 100000 records of
 * 20000 spread keys (i * an odd constant: distinct), each key five times
 * in the order added, and one key on 3000 of them (a template's shingle,
 * one large bucket), come out sorted, every key's records in the order
 * added. */
static void test_kstore_sort_large(void **state)
{
	(void)state;
	enum { N = 100000, DISTINCT = 20000, COMMON = 3000 };
	krec *r = xmalloc(N * sizeof *r);
	for (uint32_t i = 0; i < N; i++) {
		uint64_t k =
		    (uint64_t)(i % DISTINCT + 1) * 0x9E3779B97F4A7C15ULL;
		if (i % 33 == 0 && i / 33 < COMMON)
			k = 0x8000000000000001ULL;
		r[i] = (krec){k, i, ~i};
	}
	kstore_sort(r, N);
	for (size_t i = 1; i < N; i++) {
		assert_true(r[i - 1].key <= r[i].key);
		if (r[i - 1].key == r[i].key)
			assert_true(r[i - 1].page < r[i].page);
		assert_int_equal(r[i].aux, ~r[i].page);
	}
	size_t common = 0;
	for (size_t i = 0; i < N; i++)
		common += r[i].key == 0x8000000000000001ULL;
	assert_int_equal(common, COMMON);
	free(r);
}

typedef struct collected {
	krec *r;
	size_t n, cap;
	int calls;
	int stop; /* return this from the first call */
} collected;

static int collect(void *ud, krec *r, size_t n, cqa_error *err)
{
	(void)err;
	collected *c = ud;
	c->calls++;
	/* one call is one key range: its keys all above the last call's,
	 * so no key is split between two calls */
	assert_true(n > 0);
	if (c->n > 0)
		assert_true(r[0].key > c->r[c->n - 1].key);
	if (c->n + n > c->cap) {
		c->cap = (c->n + n) * 2;
		c->r = realloc(c->r, c->cap * sizeof *c->r);
	}
	memcpy(c->r + c->n, r, n * sizeof *r);
	c->n += n;
	return c->stop > 0 ? c->stop : 0;
}

/* Adds n records (key mix(i % distinct), page i, aux ~i) to a store of
 * the given budget and collects them back. */
static void kstore_round(size_t budget, size_t n, size_t distinct, collected *c)
{
	memset(c, 0, sizeof *c);
	kstore *s = kstore_new(budget, NULL, "test records");
	cqa_error err;
	cqa_error_clear(&err);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(kstore_add(s, mix(i % distinct), (uint32_t)i,
		                            ~(uint32_t)i, &err),
		                 0);
	assert_int_equal(kstore_count(s), n);
	assert_int_equal(kstore_each(s, collect, c, &err), 0);
	kstore_free(s);
}

static void check_sorted_once(const collected *c, size_t n)
{
	assert_int_equal(c->n, n);
	unsigned char *seen = calloc(n, 1);
	for (size_t i = 0; i < n; i++) {
		const krec *r = &c->r[i];
		assert_true(r->page < n);
		assert_int_equal(seen[r->page], 0);
		seen[r->page] = 1;
		assert_int_equal(r->aux, ~r->page);
		if (i > 0) {
			assert_true(c->r[i - 1].key <= r->key);
			if (c->r[i - 1].key == r->key)
				assert_true(c->r[i - 1].page < r->page);
		}
	}
	free(seen);
}

static void test_kstore_spill(void **state)
{
	(void)state;
	/* a budget of 1 byte holds the minimum, 1024 records; 100,000
	 * records (5003 keys, about 20 records each) go to the 64
	 * partition files 97 times over.  Every record comes back once,
	 * sorted by key, a key's records in the order added (pages
	 * increasing), one call a partition: 5003 random keys leave none
	 * of the 64 empty. */
	collected small, big;
	kstore_round(1, 100000, 5003, &small);
	assert_int_equal(small.calls, 64);
	check_sorted_once(&small, 100000);
	/* the same without spilling: the same records, a key range (one
	 * of the buckets its records were kept in) a call */
	kstore_round((size_t)1 << 30, 100000, 5003, &big);
	check_sorted_once(&big, 100000);
	assert_memory_equal(small.r, big.r, 100000 * sizeof(krec));
	free(small.r);
	free(big.r);

	/* the boundary: 1024 records fit (one call, from memory); 1025
	 * spill, and come back a partition at a time (64 calls) */
	kstore_round(1, 1024, 1024, &small);
	assert_int_equal(small.calls, 1);
	check_sorted_once(&small, 1024);
	free(small.r);
	kstore_round(1, 1025, 1025, &small);
	assert_int_equal(small.calls, 64);
	check_sorted_once(&small, 1025);
	free(small.r);

	/* an empty store calls nothing; a non-zero return stops the walk
	 * and is returned */
	kstore *s = kstore_new(1, NULL, "test records");
	cqa_error err;
	cqa_error_clear(&err);
	memset(&small, 0, sizeof small);
	assert_int_equal(kstore_each(s, collect, &small, &err), 0);
	assert_int_equal(small.calls, 0);
	kstore_free(s);
	s = kstore_new(1, NULL, "test records");
	for (uint32_t i = 0; i < 5000; i++)
		assert_int_equal(kstore_add(s, mix(i), i, 0, &err), 0);
	memset(&small, 0, sizeof small);
	small.stop = 7;
	assert_int_equal(kstore_each(s, collect, &small, &err), 7);
	assert_int_equal(small.calls, 1);
	kstore_free(s);
	free(small.r);
}

/* A store large enough to keep its records by bucket (kstore.c: a budget
 * of 4 MB, 262,144 records, leaves room for buckets beside the staging
 * array) gives back what one that spills at once does: 600,000 records
 * (20,011 keys, about 30 records each) fill the buckets and go to the
 * files more than once, and a key on every third record (one bucket far
 * larger than the others: a template's shingle) keeps its records in
 * the order added.  Without spilling (1 GB), the same records. */
static void test_kstore_buckets(void **state)
{
	(void)state;
	enum { N = 600000, DISTINCT = 20011 };
	collected runs[3];
	size_t budgets[3] = {1, (size_t)4 << 20, (size_t)1 << 30};
	for (int k = 0; k < 3; k++) {
		collected *c = &runs[k];
		memset(c, 0, sizeof *c);
		kstore *s = kstore_new(budgets[k], NULL, "test records");
		cqa_error err;
		cqa_error_clear(&err);
		for (size_t i = 0; i < N; i++) {
			uint64_t key = i % 3 == 0 ? mix(7) : mix(i % DISTINCT);
			assert_int_equal(
			    kstore_add(s, key, (uint32_t)i, ~(uint32_t)i, &err),
			    0);
		}
		assert_int_equal(kstore_count(s), N);
		assert_int_equal(kstore_each(s, collect, c, &err), 0);
		kstore_free(s);
		check_sorted_once(c, N);
	}
	/* the first two spilled: one call a partition file */
	assert_int_equal(runs[0].calls, 64);
	assert_int_equal(runs[1].calls, 64);
	assert_memory_equal(runs[0].r, runs[1].r, N * sizeof(krec));
	assert_memory_equal(runs[0].r, runs[2].r, N * sizeof(krec));
	for (int k = 0; k < 3; k++)
		free(runs[k].r);
}

/* kstore_add_keys() stores what kstore_add() one at a time does: 300
 * pages of 700 keys (a page's shingles, aux their positions), in stores
 * that spill at once, keep their records by bucket until the arena is
 * full and then spill (3 MiB: room for 180,224 of the 210,000), keep
 * them all by bucket, or neither. */
static void test_kstore_add_keys(void **state)
{
	(void)state;
	enum { PAGES = 300, KEYS = 700, N = PAGES * KEYS };
	size_t budgets[] = {1, (size_t)3 << 20, (size_t)4 << 20,
	                    (size_t)1 << 30};
	uint64_t *keys = malloc(KEYS * sizeof *keys);
	for (size_t k = 0; k < sizeof budgets / sizeof *budgets; k++) {
		collected one, many;
		for (int batch = 0; batch < 2; batch++) {
			collected *c = batch ? &many : &one;
			memset(c, 0, sizeof *c);
			kstore *s =
			    kstore_new(budgets[k], NULL, "test records");
			cqa_error err;
			cqa_error_clear(&err);
			for (uint32_t p = 0; p < PAGES; p++) {
				for (uint32_t i = 0; i < KEYS; i++)
					keys[i] = mix((p * 7 + i) % 5003);
				if (batch) {
					assert_int_equal(
					    kstore_add_keys(s, keys, KEYS, p, 0,
					                    &err),
					    0);
					continue;
				}
				for (uint32_t i = 0; i < KEYS; i++)
					assert_int_equal(
					    kstore_add(s, keys[i], p, i, &err),
					    0);
			}
			assert_int_equal(kstore_count(s), N);
			assert_int_equal(kstore_each(s, collect, c, &err), 0);
			kstore_free(s);
			assert_int_equal(c->n, N);
		}
		assert_memory_equal(one.r, many.r, N * sizeof(krec));
		free(one.r);
		free(many.r);
	}
	free(keys);
}

/* ---- 7. spill ----------------------------------------------------------- */

/* A byte of part p of record r at i: every byte says where it belongs. */
static unsigned char spill_byte(size_t r, size_t p, size_t i)
{
	return (unsigned char)(r * 31 + p * 7 + i * 13 + (i >> 8));
}

/* Records of every shape read back as written, in any order and between
 * appends: no part, empty parts, parts around the first read's 64 KB
 * (SPILL_READ_AHEAD) so that a length or a part starts past it, a part
 * of 300 KB; the first part of a record read back starts where the
 * buffer does, aligned for the 64-bit numbers of a shingle set. */
static void test_spill_records(void **state)
{
	(void)state;
	enum { RECORDS = 12, PARTS = 6 };
	static const size_t shape[RECORDS][PARTS + 1] = {
	    /* parts, then their lengths */
	    {0},
	    {1, 0},
	    {1, 5},
	    {3, 8, 0, 24},
	    {2, SPILL_READ_AHEAD - 4 - 8 - 8 - 3, 40},
	    {2, SPILL_READ_AHEAD - 4 - 8 - 8, 40},
	    {2, SPILL_READ_AHEAD - 4 - 8 - 8 + 5, 40},
	    {1, SPILL_READ_AHEAD},
	    {1, 300000},
	    {6, 1, 2, 3, 70000, 5, 6},
	    {4, 100, SPILL_READ_AHEAD, 0, 7},
	    {2, 16, 16},
	};
	spill sp;
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(spill_open(&sp, NULL, "test records", &err), 0);
	uint64_t off[RECORDS];
	buf_t data = BUF_INIT, b = BUF_INIT;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < RECORDS; r++) {
			size_t n = shape[r][0];
			spill_part parts[PARTS];
			char *bytes[PARTS];
			for (size_t p = 0; p < n; p++) {
				size_t len = shape[r][p + 1];
				bytes[p] = malloc(len ? len : 1);
				for (size_t i = 0; i < len; i++)
					bytes[p][i] = (char)spill_byte(r, p, i);
				parts[p] = (spill_part){bytes[p], len};
			}
			uint64_t at;
			assert_int_equal(spill_append(&sp, parts, n, &at, &err),
			                 0);
			if (pass == 0)
				off[r] = at;
			for (size_t p = 0; p < n; p++)
				free(bytes[p]);
			/* the second time round, read an earlier record
			 * between appends */
			if (pass == 1) {
				spill_part got[PARTS];
				size_t q = (r * 5) % RECORDS;
				assert_int_equal(spill_read(&sp, off[q], &b,
				                            got, PARTS, &err),
				                 (int)shape[q][0]);
			}
		}
	}
	/* every record of the first pass, last first */
	for (size_t k = 0; k < RECORDS; k++) {
		size_t r = RECORDS - 1 - k;
		spill_part got[PARTS];
		int n = spill_read(&sp, off[r], &b, got, PARTS, &err);
		assert_int_equal(n, (int)shape[r][0]);
		if (n > 0)
			assert_int_equal((uintptr_t)got[0].data % 8, 0);
		for (int p = 0; p < n; p++) {
			size_t len = shape[r][p + 1];
			assert_int_equal(got[p].len, len);
			const unsigned char *d = got[p].data;
			for (size_t i = 0; i < len; i++)
				if (d[i] != spill_byte(r, (size_t)p, i))
					fail_msg("record %zu part %d byte %zu",
					         r, p, i);
		}
	}
	/* fewer parts asked than the record has: the first ones */
	spill_part two[2];
	assert_int_equal(spill_read(&sp, off[9], &b, two, 2, &err), 2);
	assert_int_equal(two[1].len, 2);
	/* an offset past the end is an error, not a crash */
	spill_part none[1];
	assert_int_equal(spill_read(&sp, sp.end + 8, &b, none, 1, &err), -1);
	spill_close(&sp);
	buf_free(&data);
	buf_free(&b);
}

/* ---- 8. the analyzer: near and exact duplicates ------------------------- */

/* The words prefix1 .. prefixN, except that word number change (1-based)
 * is "changed"; as a document. */
static json_t *words_doc(const char *url, const char *prefix, int from, int to,
                         int change)
{
	buf_t t = BUF_INIT;
	for (int i = from; i <= to; i++) {
		if (i > from)
			buf_addc(&t, ' ');
		if (i == change)
			buf_adds(&t, "changed");
		else
			buf_printf(&t, "%s%d", prefix, i);
	}
	json_t *d = json_pack("{s:s, s:i, s:s}", "url", url, "status", 200,
	                      "text", buf_cstr(&t));
	buf_free(&t);
	return d;
}

/* A document of prefix1 .. prefixM then own(M+1) .. own60. */
static json_t *spliced_doc(const char *url, const char *prefix, int m,
                           const char *own)
{
	buf_t t = BUF_INIT;
	for (int i = 1; i <= 60; i++)
		buf_printf(&t, "%s%s%d", i > 1 ? " " : "",
		           i <= m ? prefix : own, i);
	json_t *d = json_pack("{s:s, s:i, s:s}", "url", url, "status", 200,
	                      "text", buf_cstr(&t));
	buf_free(&t);
	return d;
}

/* The page record of page_url names url as its nearest page (NULL: none),
 * at similarity sim, and counts count near duplicates. */
static void assert_nearest(const harness_records *rs, const char *page_url,
                           const char *url, double sim, long long count)
{
	const json_t *page = harness_page_of(rs, page_url);
	const char *got = jsonl_str(page, "nearest_url");
	if (!url) {
		assert_true(json_is_null(json_object_get(page, "nearest_url")));
		assert_true(
		    json_is_null(json_object_get(page, "nearest_similarity")));
	} else {
		if (!got || strcmp(got, url))
			fail_msg("%s: nearest_url %s, want %s",
			         jsonl_str(page, "url"), got ? got : "null",
			         url);
		assert_exact(jsonl_num(page, "nearest_similarity", -1), sim);
	}
	assert_int_equal(jsonl_int(page, "near_duplicates", -1), count);
}

/* A duplicate_pair record's url_a and url_b (NULL: not checked) and its
 * similarity. */
static void assert_pair(const json_t *pair, const char *url_a,
                        const char *url_b, double sim)
{
	if (url_a)
		assert_string_equal(jsonl_str(pair, "url_a"), url_a);
	if (url_b)
		assert_string_equal(jsonl_str(pair, "url_b"), url_b);
	assert_exact(jsonl_num(pair, "similarity", 0), sim);
}

/*
 * Nine pages of 60 distinct words (one sentence, one paragraph each) but
 * F (49) and H (50); words "a1 .. a60" and so on.  With 5-word shingles a
 * 60-word text of distinct words has 56 shingles, all distinct.
 *
 *   u/aa  A: a1 .. a60
 *   u/bb  B: A with a30 changed: the 5 shingles that cover word 30
 *            (starting at words 26 .. 30) differ, 51 shared:
 *            J(A,B) = 51 / (56 + 56 - 51) = 51 / 61 = 0.83607 -> 0.8361
 *   u/cc  C: c1 .. c60;  u/dd  D: the same text: exact pair C, D
 *   u/e   E: A's text again, with a shorter URL: E is the canonical page
 *            of the exact cluster {E, A} though A came first
 *   u/ff  F: f1 .. f49: 49 < 50 words (--near-min-words): left out
 *   u/gg  G: a1 .. a41 then g42 .. g60: 41 - 4 = 37 shingles shared
 *            with A: J = 37 / (112 - 37) = 37 / 75 = 0.4933 < 0.5
 *   u/hh  H: h1 .. h50: exactly 50 words, compared, similar to nothing
 *   u/ii  I: a1 .. a42 then i43 .. i60: 38 shared with A:
 *            J = 38 / 74 = 0.5135 >= 0.5
 * Between the others: B-G 32 / 80 = 0.4 (shared shingles start at words
 * 1..37 except 26..30), B-I 33 / 79 = 0.418, G-I 37 / 75 = 0.4933: below.
 *
 * Exact clusters, by the URL of their canonical page (shorter first):
 * 1 = [u/e, u/aa], 2 = [u/cc, u/dd].  Near: one cluster of the texts of
 * A (named by its canonical page u/e), B and I: [u/e, u/bb, u/ii],
 * similarities 0.5135 .. 0.8361, pairs (u/e, u/bb) 0.8361 and (u/e, u/ii)
 * 0.5135.  The exact pairs are never near pairs, and the copy u/aa is in
 * no near record.
 *
 * Page fields: nearest is an exact copy first (1.0), else the best near
 * duplicate; near_duplicates counts every page of each near-duplicate
 * text, copies included, and not the page's own copies:
 *   A:  nearest u/e 1.0,     near_duplicates 2 (B, I)
 *   E:  nearest u/aa 1.0,    2 (B, I)
 *   B:  nearest u/e 0.8361,  2 (A and E, one text)
 *   I:  nearest u/e 0.5135,  2 (A, E)
 *   C:  nearest u/dd 1.0, 0; D: nearest u/cc 1.0, 0
 *   F, G, H: none, 0.
 * Summary: near_too_short 1 (F; E and D are copies, not counted),
 * near_duplicate_clusters 1 with 3 pages, exact 2 clusters, 2 copies.
 */
static void test_analyzer_near_and_exact(void **state)
{
	(void)state;
	json_t *docs[9] = {
	    words_doc("u/aa", "a", 1, 60, 0),
	    words_doc("u/bb", "a", 1, 60, 30),
	    words_doc("u/cc", "c", 1, 60, 0),
	    words_doc("u/dd", "c", 1, 60, 0),
	    words_doc("u/e", "a", 1, 60, 0),
	    words_doc("u/ff", "f", 1, 49, 0),
	    spliced_doc("u/gg", "a", 41, "g"),
	    words_doc("u/hh", "h", 1, 50, 0),
	    spliced_doc("u/ii", "a", 42, "i"),
	};
	harness_records rs;
	harness_analyze_docs(docs, 9, NULL, &rs);
	/* 9 pages, 2 x (exact cluster + pair), near cluster + 2 pairs, no
	 * template block (no blocks), no repeated passage (a paragraph on
	 * two pages at most), the summary */
	assert_int_equal(rs.n, 9 + 4 + 3 + 1);
	json_t **r = rs.r;
	for (int i = 0; i < 9; i++)
		assert_string_equal(jsonl_str(r[i], "type"), "page");

	/* exact: [u/e, u/aa] then [u/cc, u/dd] */
	assert_string_equal(jsonl_str(r[9], "type"), "duplicate_cluster");
	assert_string_equal(jsonl_str(r[9], "kind"), "exact");
	assert_int_equal(jsonl_int(r[9], "cluster", 0), 1);
	assert_int_equal(json_array_size(json_object_get(r[9], "urls")), 2);
	assert_url(json_object_get(r[9], "urls"), 0, "u/e");
	assert_url(json_object_get(r[9], "urls"), 1, "u/aa");
	assert_string_equal(jsonl_str(r[10], "url_a"), "u/e");
	assert_string_equal(jsonl_str(r[10], "url_b"), "u/aa");
	assert_int_equal(jsonl_int(r[11], "cluster", 0), 2);
	assert_url(json_object_get(r[11], "urls"), 0, "u/cc");
	assert_url(json_object_get(r[11], "urls"), 1, "u/dd");
	assert_string_equal(jsonl_str(r[12], "kind"), "exact");

	/* near */
	const json_t *nc = r[13];
	assert_string_equal(jsonl_str(nc, "type"), "duplicate_cluster");
	assert_string_equal(jsonl_str(nc, "kind"), "near");
	assert_int_equal(jsonl_int(nc, "cluster", 0), 1);
	assert_true(json_is_null(json_object_get(nc, "hash")));
	assert_int_equal(jsonl_int(nc, "words", 0), 60);
	const json_t *urls = json_object_get(nc, "urls");
	assert_int_equal(json_array_size(urls), 3);
	assert_url(urls, 0, "u/e");
	assert_url(urls, 1, "u/bb");
	assert_url(urls, 2, "u/ii");
	assert_exact(jsonl_num(nc, "min_similarity", 0), 0.5135);
	assert_exact(jsonl_num(nc, "max_similarity", 0), 0.8361);
	for (int i = 14; i <= 15; i++) {
		assert_string_equal(jsonl_str(r[i], "type"), "duplicate_pair");
		assert_string_equal(jsonl_str(r[i], "kind"), "near");
		assert_int_equal(jsonl_int(r[i], "cluster", 0), 1);
	}
	assert_pair(r[14], "u/e", "u/bb", 0.8361);
	assert_pair(r[15], "u/e", "u/ii", 0.5135);
	/* an exact pair is never also near; the copy u/aa is in no near
	 * record */
	for (size_t i = 13; i < 16; i++) {
		const char *kind = jsonl_str(r[i], "kind");
		assert_string_equal(kind, "near");
		const char *ua = jsonl_str(r[i], "url_a");
		const char *ub = jsonl_str(r[i], "url_b");
		assert_true(!ua || strcmp(ua, "u/aa"));
		assert_true(!ub || (strcmp(ub, "u/aa") && strcmp(ub, "u/dd")));
	}

	assert_nearest(&rs, "u/aa", "u/e", 1.0, 2);
	assert_nearest(&rs, "u/e", "u/aa", 1.0, 2);
	assert_nearest(&rs, "u/bb", "u/e", 0.8361, 2);
	assert_nearest(&rs, "u/ii", "u/e", 0.5135, 2);
	assert_nearest(&rs, "u/cc", "u/dd", 1.0, 0);
	assert_nearest(&rs, "u/dd", "u/cc", 1.0, 0);
	assert_nearest(&rs, "u/ff", NULL, 0, 0);
	assert_nearest(&rs, "u/gg", NULL, 0, 0);
	assert_nearest(&rs, "u/hh", NULL, 0, 0);

	const json_t *s = r[16];
	assert_string_equal(jsonl_str(s, "type"), "summary");
	assert_int_equal(jsonl_int(s, "shingle", 0), 5);
	assert_exact(jsonl_num(s, "similarity_threshold", 0), 0.5);
	assert_int_equal(jsonl_int(s, "near_min_words", 0), 50);
	assert_int_equal(jsonl_int(s, "near_too_short", -1), 1);
	assert_int_equal(jsonl_int(s, "near_duplicate_clusters", -1), 1);
	assert_int_equal(jsonl_int(s, "near_duplicate_pages", -1), 3);
	assert_int_equal(jsonl_int(s, "exact_duplicate_clusters", -1), 2);
	assert_int_equal(jsonl_int(s, "exact_duplicate_pages", -1), 2);
	assert_int_equal(jsonl_int(s, "lsh_bands", -1), 42);
	assert_int_equal(jsonl_int(s, "lsh_rows", -1), 3);
	harness_free_records(&rs);
}

/*
 * Ties and options.  X is a1 .. a60; Y (u/y2) is X with word 30 changed,
 * Z (u/y1) with word 31 changed.
 * With 5-word shingles (56 a page): X-Y and X-Z each share 51 (5 changed
 * each side): 51 / 61 = 0.8361.  Y-Z: the shingles starting at words
 * 26 .. 31 (6) differ, 50 shared: 50 / 62 = 0.8065.
 *   X: Y and Z tie at 0.8361: nearest is the first in URL order, u/y1;
 *   Y: X 0.8361 beats Z 0.8065; Z likewise.  All near_duplicates 2.
 *   One cluster [u/x, u/y1, u/y2], 0.8065 .. 0.8361; the pairs in item
 *   order (X, Y), (X, Z), (Y, Z), each with url_a first in URL order.
 * With --shingle 3 (58 shingles a page) and --similarity 0.9: X-Y and
 * X-Z share 58 - 3 = 55: 55 / 61 = 0.9016 >= 0.9; Y-Z: starts 28 .. 31
 * differ, 54 shared: 54 / 62 = 0.8710 < 0.9, not a pair.  Bands for 0.9:
 * 14 of 9 rows (test_near_bands).
 */
static void test_analyzer_ties_and_options(void **state)
{
	(void)state;
	/* What both rounds check, with the values each expects: round 0
	 * runs with the default options, round 1 with --shingle 3
	 * --similarity 0.9.  What only one round checks is below. */
	static const struct {
		long long shingle;     /* the summary's */
		size_t pairs;          /* near pairs */
		double min_similarity; /* the cluster's */
		double nearest;        /* every page's nearest_similarity */
		long long near_y;      /* near_duplicates of Y and Z (X: 2) */
	} want[2] = {{5, 3, 0.8065, 0.8361, 2}, {3, 2, 0.9016, 0.9016, 1}};
	for (int round = 0; round < 2; round++) {
		json_t *docs[3] = {words_doc("u/x", "a", 1, 60, 0),
		                   words_doc("u/y2", "a", 1, 60, 30),
		                   words_doc("u/y1", "a", 1, 60, 31)};
		analyze_options o;
		analyze_options_default(&o);
		if (round == 1) {
			o.shingle = 3;
			o.similarity = 0.9;
		}
		harness_records rs;
		harness_analyze_docs(docs, 3, &o, &rs);
		const json_t *pair[4], *cl[2];
		size_t np = harness_of_type(&rs, "duplicate_pair", pair, 4);
		assert_int_equal(
		    harness_of_type(&rs, "duplicate_cluster", cl, 2), 1);
		const json_t *urls = json_object_get(cl[0], "urls");
		assert_int_equal(json_array_size(urls), 3);
		assert_url(urls, 0, "u/x");
		assert_url(urls, 1, "u/y1");
		assert_url(urls, 2, "u/y2");
		const json_t *s = rs.r[rs.n - 1];
		assert_int_equal(np, want[round].pairs);
		if (round == 0) {
			assert_pair(pair[0], NULL, "u/y2", 0.8361);
			assert_pair(pair[1], NULL, "u/y1", 0.8361);
			assert_pair(pair[2], "u/y1", "u/y2", 0.8065);
		} else {
			for (int k = 0; k < 2; k++)
				assert_pair(pair[k], "u/x", NULL, 0.9016);
		}
		assert_exact(jsonl_num(cl[0], "min_similarity", 0),
		             want[round].min_similarity);
		double near = want[round].nearest;
		assert_nearest(&rs, "u/x", "u/y1", near, 2);
		assert_nearest(&rs, "u/y2", "u/x", near, want[round].near_y);
		assert_nearest(&rs, "u/y1", "u/x", near, want[round].near_y);
		assert_int_equal(jsonl_int(s, "shingle", 0),
		                 want[round].shingle);
		if (round == 1) {
			assert_exact(jsonl_num(s, "similarity_threshold", 0),
			             0.9);
			assert_int_equal(jsonl_int(s, "lsh_bands", 0), 14);
			assert_int_equal(jsonl_int(s, "lsh_rows", 0), 9);
		}
		harness_free_records(&rs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shingle_counts),
	    cmocka_unit_test(test_shingle_identity_and_set),
	    cmocka_unit_test(test_shingle_set_large),
	    cmocka_unit_test(test_jaccard_by_hand),
	    cmocka_unit_test(test_minhash),
	    cmocka_unit_test(test_minhash_formula),
	    cmocka_unit_test(test_near_bands),
	    cmocka_unit_test(test_near_find_by_hand),
	    cmocka_unit_test(test_near_clusters_by_hand),
	    cmocka_unit_test(test_near_capped_bucket),
	    cmocka_unit_test(test_near_against_brute_force),
	    cmocka_unit_test(test_kstore_sort_by_hand),
	    cmocka_unit_test(test_kstore_sort_large),
	    cmocka_unit_test(test_kstore_spill),
	    cmocka_unit_test(test_kstore_buckets),
	    cmocka_unit_test(test_kstore_add_keys),
	    cmocka_unit_test(test_spill_records),
	    cmocka_unit_test(test_analyzer_near_and_exact),
	    cmocka_unit_test(test_analyzer_ties_and_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
