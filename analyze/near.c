/*
 * near.c - LSH candidates and their verification; see near.h.
 */
#include "near.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "kstore.h"
#include "shingle.h"

void near_bands(double t, int *bands, int *rows)
{
	*rows = 1;
	*bands = SHINGLE_PERMS;
	for (int r = SHINGLE_PERMS; r >= 1; r--) {
		int b = SHINGLE_PERMS / r;
		double p = 1.0 - pow(1.0 - pow(t, r), b);
		if (p >= NEAR_RECALL_AT_T) {
			*rows = r;
			*bands = b;
			return;
		}
	}
}

static void add_candidate(krec **c, size_t *n, size_t *cap, uint32_t x,
                          uint32_t y)
{
	if (x == y)
		return;
	uint32_t a = x < y ? x : y, b = x < y ? y : x;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*c = xrealloc(*c, *cap * sizeof **c);
	}
	(*c)[(*n)++] = (krec){((uint64_t)a << 32) | b, 0, 0};
}

/* Sorts the candidates and drops repeats (a pair met in several bands). */
static size_t unique_candidates(krec *c, size_t n)
{
	kstore_sort(c, n);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || c[i].key != c[m - 1].key)
			c[m++] = c[i];
	return m;
}

static void bucket_pairs(const krec *r, size_t m, krec **c, size_t *n,
                         size_t *cap, size_t *capped)
{
	if (m <= NEAR_BUCKET_ALL) {
		for (size_t i = 0; i < m; i++)
			for (size_t j = i + 1; j < m; j++)
				add_candidate(c, n, cap, r[i].page, r[j].page);
		return;
	}
	(*capped)++;
	for (size_t i = 0; i < m; i++) {
		if (i > 0)
			add_candidate(c, n, cap, r[0].page, r[i].page);
		for (size_t j = i + 1; j < m && j <= i + NEAR_BUCKET_NEIGHBOURS;
		     j++)
			add_candidate(c, n, cap, r[i].page, r[j].page);
	}
}

static int verify(const uint32_t *sigs, const uint32_t *set_sizes, double t,
                  const krec *c, size_t nc, near_set_fn get_set, void *ud,
                  near_result *out, cqa_error *err)
{
	buf_t sa = BUF_INIT, sb = BUF_INIT;
	size_t cap = 0;
	uint32_t loaded = UINT32_MAX;
	int rc = 0;
	for (size_t i = 0; i < nc && !rc; i++) {
		uint32_t a = (uint32_t)(c[i].key >> 32);
		uint32_t b = (uint32_t)c[i].key;
		double na = set_sizes[a], nb = set_sizes[b];
		double lo = na < nb ? na : nb, hi = na < nb ? nb : na;
		if (hi == 0 || lo / hi < t)
			continue;
		if (shingle_estimate(sigs + (size_t)a * SHINGLE_PERMS,
		                     sigs + (size_t)b * SHINGLE_PERMS) <
		    t - NEAR_ESTIMATE_SLACK)
			continue;
		if (loaded != a) {
			rc = get_set(ud, a, &sa, err);
			if (rc)
				break;
			loaded = a;
		}
		rc = get_set(ud, b, &sb, err);
		if (rc)
			break;
		out->verified++;
		double j = shingle_jaccard(
		    (const uint64_t *)sa.data, sa.len / sizeof(uint64_t),
		    (const uint64_t *)sb.data, sb.len / sizeof(uint64_t));
		if (j < t)
			continue;
		if (out->npairs == cap) {
			cap = cap ? cap * 2 : 64;
			out->pairs =
			    xrealloc(out->pairs, cap * sizeof *out->pairs);
		}
		out->pairs[out->npairs++] = (near_pair){a, b, j};
	}
	buf_free(&sa);
	buf_free(&sb);
	return rc;
}

int near_find(const uint32_t *sigs, const uint32_t *set_sizes, size_t n,
              double threshold, near_set_fn get_set, void *ud, near_result *out,
              cqa_error *err)
{
	memset(out, 0, sizeof *out);
	near_bands(threshold, &out->bands, &out->rows);
	if (n < 2)
		return 0;
	krec *band = xmalloc(n * sizeof *band);
	krec *cand = NULL;
	size_t nc = 0, cap = 0;
	size_t r = (size_t)out->rows;
	for (int j = 0; j < out->bands; j++) {
		for (size_t i = 0; i < n; i++) {
			const uint32_t *s = sigs + i * SHINGLE_PERMS + j * r;
			band[i] = (krec){
			    XXH3_64bits_withSeed(s, r * sizeof *s, (uint64_t)j),
			    (uint32_t)i, 0};
		}
		kstore_sort(band, n);
		for (size_t i = 0; i < n;) {
			size_t e = i + 1;
			while (e < n && band[e].key == band[i].key)
				e++;
			if (e - i >= 2)
				bucket_pairs(band + i, e - i, &cand, &nc, &cap,
				             &out->capped_buckets);
			i = e;
		}
		/* Keep the list to distinct pairs as it grows, so a pair
		 * found in every band is held once. */
		if (nc > 4 * n + 1024)
			nc = unique_candidates(cand, nc);
	}
	free(band);
	nc = unique_candidates(cand, nc);
	out->candidates = nc;
	int rc =
	    verify(sigs, set_sizes, threshold, cand, nc, get_set, ud, out, err);
	free(cand);
	return rc;
}

void near_result_free(near_result *r)
{
	free(r->pairs);
	memset(r, 0, sizeof *r);
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

void near_clusters(size_t n, const near_pair *pairs, size_t npairs,
                   uint32_t *root)
{
	for (size_t i = 0; i < n; i++)
		root[i] = (uint32_t)i;
	for (size_t k = 0; k < npairs; k++) {
		uint32_t x = uf_find(root, pairs[k].a);
		uint32_t y = uf_find(root, pairs[k].b);
		/* the smaller item is the root, so roots are cluster minima */
		if (x < y)
			root[y] = x;
		else if (y < x)
			root[x] = y;
	}
	for (size_t i = 0; i < n; i++)
		root[i] = uf_find(root, (uint32_t)i);
}
