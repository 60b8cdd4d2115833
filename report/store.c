/*
 * store.c - the report's arrays and its lookups by URL; see report_int.h.
 *
 * Lookups are sorted arrays searched by bisection rather than a hash table:
 * they are built once after reading, never change, and a sorted array is
 * the smallest structure that does the job in O(log n) with no tuning.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

void *report_grow(void *arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return arr;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	*cap = n;
	return xrealloc(arr, n * size);
}

static int cmp_key(const char *key, const char *key2, const sidx_entry *e)
{
	int c = strcmp(key, e->key);
	if (c)
		return c;
	return strcmp(key2 ? key2 : "", e->key2 ? e->key2 : "");
}

static int cmp_entry(const void *a, const void *b)
{
	const sidx_entry *x = a, *y = b;
	int c = cmp_key(x->key, x->key2, y);
	if (c)
		return c;
	return (x->val > y->val) - (x->val < y->val);
}

/* First entry not less than (key, key2). */
static size_t lower_bound(const sidx_entry *e, size_t n, const char *key,
                          const char *key2)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key(key, key2, &e[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int lookup(const sidx_entry *e, size_t n, const char *key,
                  const char *key2, size_t *val)
{
	size_t i = lower_bound(e, n, key, key2);
	if (i == n || cmp_key(key, key2, &e[i]) != 0)
		return 0;
	*val = e[i].val;
	return 1;
}

void report_index(report_data *d)
{
	d->by_url = xcalloc(d->npages + 1, sizeof *d->by_url);
	d->by_final_url = xcalloc(d->npages + 1, sizeof *d->by_final_url);
	for (size_t i = 0; i < d->npages; i++) {
		const rpage *p = &d->pages[i];
		d->by_url[d->nby_url++] = (sidx_entry){p->url, NULL, i};
		if (p->final_url && strcmp(p->final_url, p->url) != 0)
			d->by_final_url[d->nby_final_url++] =
			    (sidx_entry){p->final_url, NULL, i};
	}
	/* Sorting on (key, val) keeps the first page of a repeated URL first,
	 * so lookups find the earliest record. */
	qsort(d->by_url, d->nby_url, sizeof *d->by_url, cmp_entry);
	qsort(d->by_final_url, d->nby_final_url, sizeof *d->by_final_url,
	      cmp_entry);

	size_t n = 0;
	for (size_t c = 0; c < d->nclusters; c++)
		n += d->clusters[c].nurls;
	d->members = xcalloc(n + 1, sizeof *d->members);
	for (size_t c = 0; c < d->nclusters; c++)
		for (size_t k = 0; k < d->clusters[c].nurls; k++)
			d->members[d->nmembers++] =
			    (sidx_entry){d->clusters[c].urls[k], NULL, c};
	qsort(d->members, d->nmembers, sizeof *d->members, cmp_entry);

	d->pair_idx = xcalloc(d->npairs + 1, sizeof *d->pair_idx);
	for (size_t i = 0; i < d->npairs; i++) {
		const rpair *p = &d->pairs[i];
		int swap = strcmp(p->url_a, p->url_b) > 0;
		d->pair_idx[d->npair_idx++] = (sidx_entry){
		    swap ? p->url_b : p->url_a, swap ? p->url_a : p->url_b, i};
	}
	qsort(d->pair_idx, d->npair_idx, sizeof *d->pair_idx, cmp_entry);
}

long report_find_page(const report_data *d, const char *url)
{
	size_t v;
	if (lookup(d->by_url, d->nby_url, url, NULL, &v) ||
	    lookup(d->by_final_url, d->nby_final_url, url, NULL, &v))
		return (long)v;
	return -1;
}

const rpair *report_find_pair(const report_data *d, const char *kind,
                              const char *a, const char *b)
{
	if (strcmp(a, b) > 0) {
		const char *t = a;
		a = b;
		b = t;
	}
	size_t i = lower_bound(d->pair_idx, d->npair_idx, a, b);
	for (; i < d->npair_idx && cmp_key(a, b, &d->pair_idx[i]) == 0; i++) {
		const rpair *p = &d->pairs[d->pair_idx[i].val];
		if (strcmp(p->kind, kind) == 0)
			return p;
	}
	return NULL;
}

int report_same_cluster(const report_data *d, const char *kind, const char *a,
                        const char *b)
{
	/* Entries of one URL are sorted by cluster index: intersect the two
	 * runs like a merge. */
	size_t i = lower_bound(d->members, d->nmembers, a, NULL);
	size_t j = lower_bound(d->members, d->nmembers, b, NULL);
	while (i < d->nmembers && j < d->nmembers &&
	       strcmp(d->members[i].key, a) == 0 &&
	       strcmp(d->members[j].key, b) == 0) {
		size_t ci = d->members[i].val, cj = d->members[j].val;
		if (ci < cj) {
			i++;
		} else if (cj < ci) {
			j++;
		} else {
			if (strcmp(d->clusters[ci].kind, kind) == 0)
				return 1;
			i++;
			j++;
		}
	}
	return 0;
}

void report_data_free(report_data *d)
{
	for (size_t i = 0; i < d->npages; i++) {
		rpage *p = &d->pages[i];
		free(p->url);
		free(p->final_url);
		free(p->title);
		free(p->lang);
		free(p->content_hash);
	}
	free(d->pages);
	for (size_t i = 0; i < d->nclusters; i++) {
		rcluster *c = &d->clusters[i];
		for (size_t k = 0; k < c->nurls; k++)
			free(c->urls[k]);
		free(c->urls);
		free(c->kind);
	}
	free(d->clusters);
	for (size_t i = 0; i < d->npairs; i++) {
		free(d->pairs[i].kind);
		free(d->pairs[i].url_a);
		free(d->pairs[i].url_b);
	}
	free(d->pairs);
	for (size_t i = 0; i < d->nstats; i++)
		free(d->stats[i].metric);
	free(d->stats);
	free(d->by_url);
	free(d->by_final_url);
	free(d->members);
	free(d->pair_idx);
	memset(d, 0, sizeof *d);
}
