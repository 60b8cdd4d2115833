/*
 * dedup_shingle.c - see dedup_shingle.h.
 */
#include "dedup_shingle.h"

#include <xxhash.h>

#include "../common/buf.h"

/* Quicksort on the values themselves, insertion sort below 16: twice as
 * fast as qsort() with a comparison function on the sets of a few hundred
 * the corpus generator sorts tens of times a copy. */
static void sort_u64(uint64_t *a, size_t n)
{
	while (n > 16) {
		uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
		uint64_t pivot = x < y ? (y < z   ? y
		                          : x < z ? z
		                                  : x)
		                       : (x < z   ? x
		                          : y < z ? z
		                                  : y);
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint64_t t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		/* [0, j] <= pivot <= [j + 1, n): recurse on the smaller */
		size_t left = j + 1;
		if (left < n - left) {
			sort_u64(a, left);
			a += left;
			n -= left;
		} else {
			sort_u64(a + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t v = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

size_t dd_sort_unique(uint64_t *ids, size_t n)
{
	if (n < 2)
		return n;
	sort_u64(ids, n);
	size_t m = 1;
	for (size_t i = 1; i < n; i++)
		if (ids[i] != ids[m - 1])
			ids[m++] = ids[i];
	return m;
}

size_t dd_shingles(const char *norm, size_t len, int k, uint64_t **ids,
                   size_t *cap, size_t *words)
{
	/* starts[] holds the offsets of the last k word starts, a ring */
	size_t starts[64];
	size_t n = 0, nw = 0;
	if (k < 1 || k > 64)
		k = 5;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && norm[j] != ' ')
			j++;
		if (j > i) {
			starts[nw % (size_t)k] = i;
			nw++;
			if (nw >= (size_t)k) {
				size_t from =
				    starts[(nw - (size_t)k) % (size_t)k];
				if (n == *cap) {
					*cap = *cap ? *cap * 2 : 1024;
					*ids =
					    xrealloc(*ids, *cap * sizeof **ids);
				}
				(*ids)[n++] =
				    XXH3_64bits(norm + from, j - from);
			}
		}
		i = j + 1;
	}
	if (words)
		*words = nw;
	return dd_sort_unique(*ids, n);
}

size_t dd_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

double dd_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t c = dd_intersect(a, na, b, nb);
	size_t u = na + nb - c;
	return u ? (double)c / (double)u : 0.0;
}
