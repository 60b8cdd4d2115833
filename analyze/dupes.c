/*
 * dupes.c - exact and near duplicates; see analyze_int.h.
 *
 * Exact: pages whose main text is the same after text_normalize() share a
 * content_hash (XXH3-64).  Each group of two or more is one
 * "duplicate_cluster" record of kind "exact", whose first url, the
 * shortest (then first in byte order), is the canonical page, and one
 * "duplicate_pair" record for each other page against the canonical one.
 *
 * Near: one item per distinct text long enough (analyze.c), paired by
 * near.h; the pairs are joined into clusters by union-find.  A near pair
 * names each text by the canonical page of its exact cluster, so an exact
 * pair is never repeated as near, and a near cluster lists each text once.
 * Clusters of both kinds are numbered in the URL order of their first
 * page, so two runs over the same pages number them alike.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonl.h"
#include "analyze_int.h"

typedef struct hashed {
	uint64_t hash;
	uint32_t page;
	const char *url;
} hashed;

static int by_hash(const void *x, const void *y)
{
	const hashed *a = x, *b = y;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	int c = by_url(a->url, b->url);
	return c ? c : a->page < b->page ? -1 : a->page > b->page;
}

typedef struct group {
	size_t first; /* offset in the sorted array */
	size_t n;
	const char *url; /* of its canonical page */
} group;

static int by_group_url(const void *x, const void *y)
{
	return by_url(((const group *)x)->url, ((const group *)y)->url);
}

/* The groups of two or more pages with one text, in URL order of their
 * canonical pages; h sorted by hash, then URL. */
static size_t exact_groups(analyzer *a, hashed **hp, group **gp)
{
	size_t n = a->npages;
	hashed *h = xmalloc((n ? n : 1) * sizeof *h);
	for (size_t i = 0; i < n; i++)
		h[i] = (hashed){a->pages[i].hash, (uint32_t)i, a->pages[i].url};
	qsort(h, n, sizeof *h, by_hash);
	group *g = xmalloc((n ? n : 1) * sizeof *g);
	size_t ng = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && h[j].hash == h[i].hash)
			j++;
		if (j - i >= 2)
			g[ng++] = (group){i, j - i, h[i].url};
		i = j;
	}
	qsort(g, ng, sizeof *g, by_group_url);
	*hp = h;
	*gp = g;
	return ng;
}

int dupes_exact(analyzer *a, size_t *nclusters, size_t *ndup)
{
	for (size_t i = 0; i < a->npages; i++)
		a->found[i] = (page_finding){(uint32_t)i, NO_PAGE, 0, 0};
	hashed *h;
	group *g;
	size_t ng = exact_groups(a, &h, &g);
	*nclusters = ng;
	*ndup = 0;
	for (size_t k = 0; k < ng; k++) {
		uint32_t canon = h[g[k].first].page;
		*ndup += g[k].n - 1;
		for (size_t m = 0; m < g[k].n; m++) {
			uint32_t p = h[g[k].first + m].page;
			a->found[p].canonical = canon;
			/* the nearest page of a copy is its original; of the
			 * original, its first copy */
			a->found[p].nearest =
			    m == 0 ? h[g[k].first + 1].page : canon;
			a->found[p].nearest_sim = 1.0;
		}
	}
	free(h);
	free(g);
	return 0;
}

static int read_set(void *ud, uint32_t item, buf_t *b, cqa_error *err)
{
	analyzer *a = ud;
	spill_part part;
	if (spill_read(&a->sets, a->set_off[item], b, &part, 1, err) < 0)
		return CQA_ERR_IO;
	/* the set is the record's only part: move it to the start */
	memmove(b->data, part.data, part.len);
	b->len = part.len;
	return 0;
}

int dupes_near(analyzer *a, near_result *nr, cqa_error *err)
{
	int rc = near_find(a->sigs, a->set_size, a->nitems, a->o.similarity,
	                   read_set, a, nr, err);
	if (rc)
		return rc;
	/* pages with each text: a near duplicate of a text is a near
	 * duplicate of all its copies */
	uint32_t *copies = xcalloc(a->npages ? a->npages : 1, sizeof *copies);
	for (size_t i = 0; i < a->npages; i++)
		copies[a->pages[i].first]++;
	uint32_t *best = xmalloc((a->nitems ? a->nitems : 1) * sizeof *best);
	double *sim = xcalloc(a->nitems ? a->nitems : 1, sizeof *sim);
	uint32_t *count = xcalloc(a->nitems ? a->nitems : 1, sizeof *count);
	for (size_t i = 0; i < a->nitems; i++)
		best[i] = NO_PAGE;
	for (size_t k = 0; k < nr->npairs; k++) {
		const near_pair *p = &nr->pairs[k];
		uint32_t ends[2] = {p->a, p->b};
		for (int e = 0; e < 2; e++) {
			uint32_t me = ends[e], other = ends[1 - e];
			uint32_t op = a->item_page[other];
			count[me] += copies[op];
			uint32_t oc = a->found[op].canonical;
			if (best[me] == NO_PAGE || p->similarity > sim[me] ||
			    (p->similarity == sim[me] &&
			     by_url(a->pages[oc].url, a->pages[best[me]].url) <
			         0)) {
				best[me] = oc;
				sim[me] = p->similarity;
			}
		}
	}
	for (size_t i = 0; i < a->npages; i++) {
		uint32_t it = a->pages[a->pages[i].first].rep;
		if (it == NO_PAGE)
			continue;
		page_finding *f = &a->found[i];
		f->near_count = count[it];
		if (f->nearest == NO_PAGE && best[it] != NO_PAGE) {
			f->nearest = best[it];
			f->nearest_sim = sim[it];
		}
	}
	free(copies);
	free(best);
	free(sim);
	free(count);
	return 0;
}

static int write_exact(analyzer *a, cqa_error *err)
{
	hashed *h;
	group *g;
	size_t ng = exact_groups(a, &h, &g);
	int rc = 0;
	for (size_t k = 0; k < ng && !rc; k++) {
		const page_entry *canon = &a->pages[h[g[k].first].page];
		char hex[17];
		snprintf(hex, sizeof hex, "%016" PRIx64, canon->hash);
		json_t *o = json_object();
		json_object_set_new(o, "type",
		                    json_string("duplicate_cluster"));
		json_object_set_new(o, "kind", json_string("exact"));
		json_object_set_new(o, "cluster",
		                    json_integer((json_int_t)k + 1));
		json_object_set_new(o, "hash", json_string(hex));
		json_object_set_new(o, "words",
		                    json_integer((json_int_t)canon->words));
		json_t *urls = json_array();
		for (size_t m = 0; m < g[k].n; m++)
			json_array_append_new(
			    urls,
			    json_string(a->pages[h[g[k].first + m].page].url));
		json_object_set_new(o, "urls", urls);
		rc = jsonl_write(a->out, a->o.output_name, o, err);
		json_decref(o);
		for (size_t m = 1; m < g[k].n && !rc; m++) {
			o = json_object();
			json_object_set_new(o, "type",
			                    json_string("duplicate_pair"));
			json_object_set_new(o, "kind", json_string("exact"));
			json_object_set_new(o, "cluster",
			                    json_integer((json_int_t)k + 1));
			json_object_set_new(o, "url_a",
			                    json_string(canon->url));
			json_object_set_new(
			    o, "url_b",
			    json_string(a->pages[h[g[k].first + m].page].url));
			json_object_set_new(o, "similarity", json_real(1.0));
			rc = jsonl_write(a->out, a->o.output_name, o, err);
			json_decref(o);
		}
	}
	free(h);
	free(g);
	return rc ? CQA_ERR_IO : 0;
}

/* A near cluster: its items' canonical pages, in URL order. */
typedef struct ncluster {
	uint32_t *page;
	size_t n;
	uint32_t root;
	size_t number;
} ncluster;

static int page_by_url(const void *x, const void *y, void *ctx)
{
	const uint32_t *a = x, *b = y;
	const analyzer *an = ctx;
	return by_url(an->pages[*a].url, an->pages[*b].url);
}

static int ncluster_by_url(const void *x, const void *y, void *ctx)
{
	const ncluster *a = x, *b = y;
	const analyzer *an = ctx;
	return by_url(an->pages[a->page[0]].url, an->pages[b->page[0]].url);
}

static int by_root(const void *x, const void *y)
{
	const ncluster *a = x, *b = y;
	return a->root < b->root ? -1 : a->root > b->root;
}

static int write_near(analyzer *a, const near_result *nr, size_t *nclusters,
                      size_t *npages, cqa_error *err)
{
	size_t n = a->nitems;
	uint32_t *root = xmalloc((n ? n : 1) * sizeof *root);
	near_clusters(n, nr->pairs, nr->npairs, root);
	size_t *size = xcalloc(n ? n : 1, sizeof *size);
	for (size_t i = 0; i < n; i++)
		size[root[i]]++;
	ncluster *cl = NULL;
	size_t ncl = 0;
	size_t *slot = xmalloc((n ? n : 1) * sizeof *slot);
	for (size_t i = 0; i < n; i++) {
		if (root[i] != i || size[i] < 2)
			continue;
		cl = xrealloc(cl, (ncl + 1) * sizeof *cl);
		cl[ncl] = (ncluster){xmalloc(size[i] * sizeof(uint32_t)), 0,
		                     (uint32_t)i, 0};
		slot[i] = ncl++;
	}
	for (size_t i = 0; i < n; i++)
		if (size[root[i]] >= 2) {
			ncluster *c = &cl[slot[root[i]]];
			c->page[c->n++] = a->found[a->item_page[i]].canonical;
		}
	*npages = 0;
	for (size_t k = 0; k < ncl; k++) {
		qsort_r(cl[k].page, cl[k].n, sizeof *cl[k].page, page_by_url,
		        a);
		*npages += cl[k].n;
	}
	if (ncl > 1)
		qsort_r(cl, ncl, sizeof *cl, ncluster_by_url, a);
	for (size_t k = 0; k < ncl; k++)
		cl[k].number = k + 1;
	/* back in root order, to find a pair's cluster by its root */
	if (ncl > 1)
		qsort(cl, ncl, sizeof *cl, by_root);
	for (size_t k = 0; k < ncl; k++)
		slot[cl[k].root] = k;
	/* similarity range of each cluster */
	double *lo = xmalloc((ncl ? ncl : 1) * sizeof *lo);
	double *hi = xmalloc((ncl ? ncl : 1) * sizeof *hi);
	for (size_t k = 0; k < ncl; k++) {
		lo[k] = 1;
		hi[k] = 0;
	}
	for (size_t p = 0; p < nr->npairs; p++) {
		size_t k = slot[root[nr->pairs[p].a]];
		double s = nr->pairs[p].similarity;
		lo[k] = s < lo[k] ? s : lo[k];
		hi[k] = s > hi[k] ? s : hi[k];
	}
	int rc = 0;
	/* clusters in number order, each followed by its pairs: the pairs
	 * bucketed by cluster (first[k] .. first[k + 1] in byk) */
	size_t *order = xmalloc((ncl ? ncl : 1) * sizeof *order);
	for (size_t k = 0; k < ncl; k++)
		order[cl[k].number - 1] = k;
	size_t *first = xcalloc(ncl + 1, sizeof *first);
	size_t *byk = xmalloc((nr->npairs ? nr->npairs : 1) * sizeof *byk);
	for (size_t p = 0; p < nr->npairs; p++)
		first[slot[root[nr->pairs[p].a]] + 1]++;
	for (size_t k = 0; k < ncl; k++)
		first[k + 1] += first[k];
	size_t *fill = xmalloc((ncl ? ncl : 1) * sizeof *fill);
	for (size_t k = 0; k < ncl; k++)
		fill[k] = first[k];
	for (size_t p = 0; p < nr->npairs; p++)
		byk[fill[slot[root[nr->pairs[p].a]]]++] = p;
	free(fill);
	for (size_t o_ = 0; o_ < ncl && !rc; o_++) {
		size_t k = order[o_];
		json_t *o = json_object();
		json_object_set_new(o, "type",
		                    json_string("duplicate_cluster"));
		json_object_set_new(o, "kind", json_string("near"));
		json_object_set_new(o, "cluster",
		                    json_integer((json_int_t)cl[k].number));
		json_object_set_new(o, "hash", json_null());
		json_object_set_new(
		    o, "words",
		    json_integer((json_int_t)a->pages[cl[k].page[0]].words));
		json_t *urls = json_array();
		for (size_t m = 0; m < cl[k].n; m++)
			json_array_append_new(
			    urls, json_string(a->pages[cl[k].page[m]].url));
		json_object_set_new(o, "urls", urls);
		json_object_set_new(o, "min_similarity", rounded(lo[k], 1e4));
		json_object_set_new(o, "max_similarity", rounded(hi[k], 1e4));
		rc = jsonl_write(a->out, a->o.output_name, o, err);
		json_decref(o);
		for (size_t q = first[k]; q < first[k + 1] && !rc; q++) {
			size_t p = byk[q];
			uint32_t x =
			    a->found[a->item_page[nr->pairs[p].a]].canonical;
			uint32_t y =
			    a->found[a->item_page[nr->pairs[p].b]].canonical;
			if (by_url(a->pages[y].url, a->pages[x].url) < 0) {
				uint32_t t = x;
				x = y;
				y = t;
			}
			o = json_object();
			json_object_set_new(o, "type",
			                    json_string("duplicate_pair"));
			json_object_set_new(o, "kind", json_string("near"));
			json_object_set_new(
			    o, "cluster",
			    json_integer((json_int_t)cl[k].number));
			json_object_set_new(o, "url_a",
			                    json_string(a->pages[x].url));
			json_object_set_new(o, "url_b",
			                    json_string(a->pages[y].url));
			json_object_set_new(
			    o, "similarity",
			    rounded(nr->pairs[p].similarity, 1e4));
			rc = jsonl_write(a->out, a->o.output_name, o, err);
			json_decref(o);
		}
	}
	*nclusters = ncl;
	for (size_t k = 0; k < ncl; k++)
		free(cl[k].page);
	free(cl);
	free(order);
	free(first);
	free(byk);
	free(lo);
	free(hi);
	free(slot);
	free(size);
	free(root);
	return rc ? CQA_ERR_IO : 0;
}

int dupes_write(analyzer *a, const near_result *nr, size_t *near_clusters,
                size_t *near_pages, cqa_error *err)
{
	int rc = write_exact(a, err);
	if (!rc)
		rc = write_near(a, nr, near_clusters, near_pages, err);
	return rc;
}
