/*
 * store.c - the report's arrays and its lookups by URL; see report_int.h.
 *
 * Lookups are sorted arrays searched by bisection rather than a hash table:
 * they are built once after reading, never change, and a sorted array is
 * the smallest structure that does the job in O(log n) with no tuning.
 */
#include <math.h>
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

/* Whether a pair to member j with similarity s beats the best so far:
 * an earlier member first, then the higher similarity (an unknown one
 * lowest), then the earlier member. */
typedef struct partner {
	int found, earlier;
	size_t j;
	double sim;
} partner;

static int better(const partner *best, int earlier, size_t j, double s)
{
	if (!best->found)
		return 1;
	if (earlier != best->earlier)
		return earlier;
	double a = isnan(s) ? -INFINITY : s;
	double b = isnan(best->sim) ? -INFINITY : best->sim;
	if (a != b)
		return a > b;
	return j < best->j;
}

/* Which member each copy of a cluster is reported against.  The copies of
 * an exact cluster all have the canonical page's text.  A near cluster is a
 * chain of similar pairs rather than pages all alike, so a copy is reported
 * against the member it is most similar to among those before it in the
 * cluster's (URL) order; with no pair to an earlier member, the most
 * similar later one; with no pair record at all, the first member, at the
 * kind's default similarity. */
static void link_cluster(report_data *d, rcluster *cl)
{
	size_t n = cl->nurls;
	cl->copy_of = xcalloc(n, sizeof *cl->copy_of);
	cl->similarity = xcalloc(n, sizeof *cl->similarity);
	int k = dup_kind_index(cl->kind);
	sidx_entry *pos = xcalloc(n + 1, sizeof *pos);
	for (size_t i = 0; i < n; i++)
		pos[i] = (sidx_entry){cl->urls[i], NULL, i};
	qsort(pos, n, sizeof *pos, cmp_entry);
	cl->similarity[0] = NAN;
	for (size_t i = 1; i < n; i++) {
		const char *u = cl->urls[i];
		partner best = {0, 0, 0, NAN};
		for (size_t e =
		         lower_bound(d->pair_ends, d->npair_ends, u, NULL);
		     e < d->npair_ends && strcmp(d->pair_ends[e].key, u) == 0;
		     e++) {
			const rpair *p = &d->pairs[d->pair_ends[e].val];
			if (strcmp(p->kind, cl->kind) != 0)
				continue;
			const char *other =
			    strcmp(p->url_a, u) == 0 ? p->url_b : p->url_a;
			size_t j;
			if (!lookup(pos, n, other, NULL, &j) || j == i)
				continue;
			if (better(&best, j < i, j, p->similarity))
				best = (partner){1, j < i, j, p->similarity};
		}
		cl->copy_of[i] = best.found ? best.j : 0;
		cl->similarity[i] = best.found ? best.sim
		                    : k >= 0   ? dup_kinds[k].similarity
		                               : NAN;
	}
	free(pos);
}

const char *report_copy_of(const rcluster *cl, size_t i, double *similarity)
{
	if (!cl->copy_of || i == 0 || i >= cl->nurls) {
		*similarity = NAN;
		return cl->urls[0];
	}
	*similarity = cl->similarity[i];
	return cl->urls[cl->copy_of[i]];
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

	d->pair_ends = xcalloc(2 * d->npairs + 1, sizeof *d->pair_ends);
	for (size_t i = 0; i < d->npairs; i++) {
		const rpair *p = &d->pairs[i];
		d->pair_ends[d->npair_ends++] = (sidx_entry){p->url_a, NULL, i};
		if (strcmp(p->url_a, p->url_b) != 0)
			d->pair_ends[d->npair_ends++] =
			    (sidx_entry){p->url_b, NULL, i};
	}
	qsort(d->pair_ends, d->npair_ends, sizeof *d->pair_ends, cmp_entry);

	for (size_t c = 0; c < d->nclusters; c++)
		link_cluster(d, &d->clusters[c]);
}

long report_find_page(const report_data *d, const char *url)
{
	size_t v;
	if (lookup(d->by_url, d->nby_url, url, NULL, &v) ||
	    lookup(d->by_final_url, d->nby_final_url, url, NULL, &v))
		return (long)v;
	return -1;
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
		free(p->nearest_url);
		for (size_t k = 0; k < p->nsources; k++)
			free(p->sources[k]);
		free(p->sources);
	}
	free(d->pages);
	for (size_t i = 0; i < d->nclusters; i++) {
		rcluster *c = &d->clusters[i];
		for (size_t k = 0; k < c->nurls; k++)
			free(c->urls[k]);
		free(c->urls);
		free(c->kind);
		free(c->copy_of);
		free(c->similarity);
	}
	free(d->clusters);
	for (size_t i = 0; i < d->npairs; i++) {
		free(d->pairs[i].kind);
		free(d->pairs[i].url_a);
		free(d->pairs[i].url_b);
	}
	free(d->pairs);
	for (size_t i = 0; i < d->nblocks; i++) {
		rblock *b = &d->blocks[i];
		free(b->label);
		free(b->text);
		free(b->first_url);
		free(b->path);
	}
	free(d->blocks);
	for (size_t i = 0; i < d->nrepeats; i++) {
		rrepeat *r = &d->repeats[i];
		free(r->kind);
		free(r->text);
		for (size_t k = 0; k < r->nurls; k++)
			free(r->urls[k]);
		free(r->urls);
	}
	free(d->repeats);
	for (size_t i = 0; i < d->nstats; i++)
		free(d->stats[i].metric);
	free(d->stats);
	free(d->by_url);
	free(d->by_final_url);
	free(d->members);
	free(d->pair_ends);
	memset(d, 0, sizeof *d);
}
