/*
 * shingle.h - word shingles of a normalised text and their MinHash signature.
 *
 * Near-duplicate detection compares pages by the sets of their word
 * shingles: every run of k consecutive words of the text as text_normalize()
 * gives it (case, punctuation and Unicode form ignored, words separated by
 * one space).  A shingle is identified by a 64-bit hash: each word is hashed
 * (XXH3-64), and the shingle is the XXH3-64 of its k word hashes.  Two
 * different shingles share an identifier with probability about 2^-64, so
 * the Jaccard similarity of two identifier sets is, for any page size an
 * audit can hold, the Jaccard similarity of the shingle sets themselves;
 * docs/formats.md calls it exact on that ground.
 *
 * The MinHash signature estimates that similarity from SHINGLE_PERMS
 * independent hash functions: signature[j] is the least value that function
 * j gives any shingle of the set, and two sets agree at position j with
 * probability equal to their Jaccard similarity (Broder 1997).  Function j
 * is h_j(x) = (a_j x' + b_j) >> 32 over the 32-bit fold x' of the shingle
 * identifier, a_j and b_j 64-bit (a_j odd): Dietzfelbinger's multiply-add-
 * shift family, strongly universal on 32-bit keys, with a_j and b_j drawn
 * from XXH64 of j under a fixed seed, so every run gives every page the same
 * signature.  It costs one multiply, one add and one compare a shingle and a
 * function, over the set's distinct shingles only.
 */
#ifndef CQA_SHINGLE_H
#define CQA_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"

enum {
	/* 128 functions: the estimate's standard error is at most 0.044
	 * (sqrt(J(1-J)/128) at J = 0.5), small enough that a candidate
	 * whose estimate is 0.2 below the threshold can be dropped unverified
	 * with a loss of about 3 in a million pairs at the threshold. */
	SHINGLE_PERMS = 128,
	SHINGLE_MAX_K = 16
};

/* The shingle length k as shingle_ids() takes it: 1 to SHINGLE_MAX_K. */
int shingle_k(int k);

/* The k-word shingle identifiers of a normalised text (words separated by
 * single spaces), in text order, repeats kept: ids->len / 8 of them, the
 * i-th covering words i .. i+k-1.  A text of fewer than k words has none.
 * Returns the number of words. */
size_t shingle_ids(const char *norm, size_t len, int k, buf_t *ids);

/* Sorts ids[0..n) and drops repeats; returns the new count. */
size_t shingle_set(uint64_t *ids, size_t n);

/* The MinHash signature of a set of n distinct identifiers.  With n == 0
 * every value is UINT32_MAX. */
void shingle_minhash(const uint64_t *set, size_t n,
                     uint32_t sig[SHINGLE_PERMS]);

/* |A intersect B| / |A union B| of two sorted sets; 0 when both are empty. */
double shingle_jaccard(const uint64_t *a, size_t na, const uint64_t *b,
                       size_t nb);

/* The share of the SHINGLE_PERMS positions where two signatures agree: the
 * MinHash estimate of the Jaccard similarity. */
double shingle_estimate(const uint32_t *a, const uint32_t *b);

#endif
