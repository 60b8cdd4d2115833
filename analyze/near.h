/*
 * near.h - near-duplicate pairs: MinHash LSH candidates, verified exactly.
 *
 * Input: n items (one a distinct text; exact copies are the exact-hash
 * clusters' business), each with its MinHash signature (shingle.h) and its
 * shingle-set size; a callback reads an item's shingle set back from where
 * the caller keeps it.  Output: every pair whose exact Jaccard similarity is
 * at least the threshold, as far as LSH finds them.
 *
 * Candidates come from LSH banding (Indyk and Motwani 1998; Leskovec,
 * Rajaraman and Ullman, Mining of Massive Datasets, ch. 3): the signature
 * is cut into b bands of r values, and two items that agree on a whole
 * band are a candidate.  A pair of similarity J becomes a candidate with
 * probability 1 - (1 - J^r)^b.  near_bands() picks, for the threshold t,
 * the largest r (fewest chance candidates) whose b = 128 / r bands still
 * catch a pair at exactly t with probability NEAR_RECALL_AT_T; pairs above
 * t are caught more often still.
 *
 * A candidate is then checked, cheapest test first:
 *  1. size: J <= min(|A|,|B|) / max(|A|,|B|), exactly, so a pair whose
 *     sizes differ too much cannot reach t and is dropped unread;
 *  2. estimate: the share of agreeing signature values, dropped when more
 *     than NEAR_ESTIMATE_SLACK below t (four and a half standard errors);
 *  3. verification: both shingle sets are read and their exact Jaccard
 *     similarity computed.  Only this number is ever reported.
 *
 * Buckets: a band value shared by m items would make m(m-1)/2 candidates;
 * past NEAR_BUCKET_ALL items, each is paired with the bucket's first and
 * its NEAR_BUCKET_NEIGHBOURS next members only, so a million near-identical
 * pages cost linear time.  Their clusters still form (every member is
 * verified against a common first); a page's count of near duplicates is
 * then a lower bound, which the summary says (near_capped_buckets).
 */
#ifndef CQA_NEAR_H
#define CQA_NEAR_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/error.h"

/* Tunables, with why (see above). */
#define NEAR_RECALL_AT_T 0.995  /* chance of catching a pair at t */
#define NEAR_ESTIMATE_SLACK 0.2 /* 4.5 standard errors at J = 0.5 */
enum { NEAR_BUCKET_ALL = 64, NEAR_BUCKET_NEIGHBOURS = 8 };

/* Bands and rows for threshold t: rows * bands <= SHINGLE_PERMS. */
void near_bands(double t, int *bands, int *rows);

typedef struct near_pair {
	uint32_t a, b; /* a < b */
	double similarity;
} near_pair;

typedef struct near_result {
	near_pair *pairs; /* sorted by (a, b) */
	size_t npairs;
	int bands, rows;
	size_t candidates;     /* distinct pairs LSH proposed */
	size_t verified;       /* pairs whose shingle sets were compared */
	size_t capped_buckets; /* buckets over NEAR_BUCKET_ALL */
} near_result;

/* Reads item i's shingle set into b (reset first) as uint64_t values. */
typedef int (*near_set_fn)(void *ud, uint32_t item, buf_t *b, cqa_error *err);

int near_find(const uint32_t *sigs, const uint32_t *set_sizes, size_t n,
              double threshold, near_set_fn get_set, void *ud, near_result *out,
              cqa_error *err);
void near_result_free(near_result *r);

/* Union-find over the pairs: root[i] receives the smallest item of i's
 * cluster (i itself for an item in no pair). */
void near_clusters(size_t n, const near_pair *pairs, size_t npairs,
                   uint32_t *root);

#endif
