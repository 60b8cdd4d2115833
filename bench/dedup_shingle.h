/*
 * dedup_shingle.h - the shingles bench/dedup measures with, written apart
 * from cqa-analyze's own (analyze/shingle.c) so the benchmark checks it
 * rather than repeats it.
 *
 * A shingle is a run of k consecutive words of text_normalize()'s output,
 * whose words are separated by single spaces, so each shingle is a
 * substring of it: "w1 w2 ... wk".  It is identified by the XXH3-64 hash
 * of that substring.  Two different shingles share an identifier with
 * probability 2^-64, so the Jaccard similarity of two identifier sets is
 * that of the shingle sets for any corpus the benchmark builds (about
 * 10^-7 expected collisions among the 3.5 million shingles of 10k
 * documents).  A text of fewer than k words has no shingle.
 */
#ifndef CQA_BENCH_DEDUP_SHINGLE_H
#define CQA_BENCH_DEDUP_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

/* The distinct shingle identifiers of the normalised text norm[0..len),
 * sorted, in *ids (grown with xrealloc; *cap is its size in elements).
 * Returns their number; *words, when not NULL, gets the number of words. */
size_t dd_shingles(const char *norm, size_t len, int k, uint64_t **ids,
                   size_t *cap, size_t *words);

/* Sorts ids[0..n) and drops repeats; returns the new count. */
size_t dd_sort_unique(uint64_t *ids, size_t n);

/* |A n B| of two sorted sets of distinct identifiers. */
size_t dd_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* |A n B| / |A u B|; 0 when both are empty. */
double dd_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

#endif
