/*
 * dedup_truth.c - every pair of documents whose shingle sets have a Jaccard
 * similarity at or above the threshold, found by brute force: the reference
 * bench/dedup.sh scores cqa-analyze's near-duplicate pairs against.
 *
 * Usage: cqa-bench-dedup-truth [--shingle K] [--similarity X] [-o PAIRS.tsv]
 *            DOCS.jsonl
 *
 * Each document's "text" is normalised with text_normalize() and cut into
 * its K-word shingles (K = --shingle, default 5), each identified by the
 * XXH3-64 hash of its text (dedup_shingle.h).  An inverted index maps each
 * shingle to the documents that have it; for each document, walking the
 * lists of its shingles counts its intersection with every other document
 * that shares at least one, and from that count the exact similarity
 * |A n B| / |A u B| follows.  That covers every pair: a pair that shares no
 * shingle has similarity 0.  Nothing is sampled or estimated.
 *
 * Documents whose normalised texts are identical are "exact" pairs, found
 * by their whole-text hash, whatever their length; the other pairs at or
 * above X (--similarity, default 0.5) are "near" pairs.  Documents with an
 * HTTP status of 400 or more, or no word, are left out, as cqa-analyze
 * leaves them out of duplicates.
 *
 * Writes one line a pair, in URL order within the pair (shortest URL first,
 * then byte order, as cqa-analyze orders url_a and url_b):
 *   url_a TAB url_b TAB similarity TAB intersection TAB union TAB exact
 * and a summary line on standard error.  Exit status 0, 2 for a usage
 * error, 3 for unreadable input or unwritable output.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/error.h"
#include "../common/jsonl.h"
#include "../common/text.h"
#include "dedup_shingle.h"

typedef struct tdoc {
	char *url;
	size_t first, n; /* its shingles in ids[] */
	uint64_t hash;   /* of the normalised text */
	size_t words;    /* text_count() words */
} tdoc;

typedef struct posting {
	uint64_t id;
	uint32_t doc;
} posting;

static int by_posting(const void *x, const void *y)
{
	const posting *a = x, *b = y;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

typedef struct by_hash_item {
	uint64_t hash;
	uint32_t doc;
} by_hash_item;

static int by_text(const void *x, const void *y)
{
	const by_hash_item *a = x, *b = y;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int url_order(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static void put_pair(FILE *f, const tdoc *a, const tdoc *b, size_t inter,
                     size_t uni, int exact)
{
	if (url_order(a->url, b->url) > 0) {
		const tdoc *t = a;
		a = b;
		b = t;
	}
	fprintf(f, "%s\t%s\t%.6f\t%zu\t%zu\t%d\n", a->url, b->url,
	        uni ? (double)inter / (double)uni : 1.0, inter, uni, exact);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fputs("usage: cqa-bench-dedup-truth [--shingle K] [--similarity X] "
	      "[-o PAIRS.tsv] DOCS.jsonl\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int k = 5;
	double threshold = 0.5;
	const char *in_path = NULL, *out_path = NULL;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (!strcmp(argv[i], "--shingle") && i + 1 < argc) {
			k = (int)strtol(argv[++i], &end, 10);
			if (*end || k < 1 || k > 16)
				usage();
		} else if (!strcmp(argv[i], "--similarity") && i + 1 < argc) {
			threshold = strtod(argv[++i], &end);
			if (*end || !(threshold > 0 && threshold <= 1))
				usage();
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out_path = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage();
		} else if (!in_path) {
			in_path = argv[i];
		} else {
			usage();
		}
	}
	if (!in_path)
		usage();
	double t0 = now();
	FILE *in = strcmp(in_path, "-") ? fopen(in_path, "rb") : stdin;
	if (!in) {
		fprintf(stderr, "cqa-bench-dedup-truth: %s: %s\n", in_path,
		        strerror(errno));
		return 3;
	}
	FILE *out = out_path ? fopen(out_path, "w") : stdout;
	if (!out) {
		fprintf(stderr, "cqa-bench-dedup-truth: %s: %s\n", out_path,
		        strerror(errno));
		return 3;
	}

	/* 1. every document's shingle set */
	tdoc *docs = NULL;
	size_t ndocs = 0, capdocs = 0, nids = 0, capids = 0, short_docs = 0;
	uint64_t *ids = NULL, *one = NULL;
	size_t capone = 0;
	buf_t norm = BUF_INIT;
	jsonl_reader r;
	jsonl_reader_init(&r, in, in_path);
	cqa_error err = {0};
	json_t *o;
	int rc;
	while ((rc = jsonl_reader_next(&r, &o, &err)) != 0) {
		if (rc < 0) {
			fprintf(stderr, "cqa-bench-dedup-truth: %s\n", err.msg);
			if (err.code == CQA_ERR_IO)
				return 3;
			continue;
		}
		const char *url = jsonl_str(o, "url");
		const json_t *t = json_object_get(o, "text");
		long long status = jsonl_int(o, "status", 200);
		if (!url || !json_is_string(t) || status >= 400) {
			json_decref(o);
			continue;
		}
		buf_reset(&norm);
		text_normalize(json_string_value(t), json_string_length(t),
		               &norm);
		if (norm.len == 0) {
			json_decref(o);
			continue;
		}
		text_counts c;
		text_count(json_string_value(t), json_string_length(t), &c);
		size_t n =
		    dd_shingles(norm.data, norm.len, k, &one, &capone, NULL);
		if (nids + n > capids) {
			capids = (nids + n) * 2;
			ids = xrealloc(ids, capids * sizeof *ids);
		}
		memcpy(ids + nids, one, n * sizeof *ids);
		if (ndocs == capdocs) {
			capdocs = capdocs ? capdocs * 2 : 4096;
			docs = xrealloc(docs, capdocs * sizeof *docs);
		}
		docs[ndocs++] =
		    (tdoc){xstrdup(url), nids, n,
		           XXH3_64bits(norm.data, norm.len), c.words};
		short_docs += c.words < 50;
		nids += n;
		json_decref(o);
	}
	jsonl_reader_free(&r);
	if (in != stdin)
		fclose(in);
	if (ndocs > UINT32_MAX) {
		fprintf(stderr, "cqa-bench-dedup-truth: too many documents\n");
		return 3;
	}
	double t_read = now() - t0;

	/* 2. exact pairs: identical normalised text */
	size_t exact = 0, near = 0, candidates = 0;
	by_hash_item *bh = xmalloc((ndocs ? ndocs : 1) * sizeof *bh);
	for (size_t i = 0; i < ndocs; i++)
		bh[i] = (by_hash_item){docs[i].hash, (uint32_t)i};
	qsort(bh, ndocs, sizeof *bh, by_text);
	for (size_t a = 0; a < ndocs;) {
		size_t b = a + 1;
		while (b < ndocs && bh[b].hash == bh[a].hash)
			b++;
		for (size_t x = a; x < b; x++)
			for (size_t y = x + 1; y < b; y++) {
				const tdoc *da = &docs[bh[x].doc],
				           *db = &docs[bh[y].doc];
				put_pair(out, da, db, da->n, da->n, 1);
				exact++;
			}
		a = b;
	}
	free(bh);

	/* 3. the inverted index: (shingle, document) sorted */
	posting *post = xmalloc((nids ? nids : 1) * sizeof *post);
	for (size_t i = 0; i < ndocs; i++)
		for (size_t s = 0; s < docs[i].n; s++)
			post[docs[i].first + s] =
			    (posting){ids[docs[i].first + s], (uint32_t)i};
	qsort(post, nids, sizeof *post, by_posting);
	size_t nkeys = 0;
	uint64_t *key = xmalloc((nids ? nids : 1) * sizeof *key);
	size_t *start = xmalloc((nids + 1) * sizeof *start);
	for (size_t i = 0; i < nids; i++)
		if (i == 0 || post[i].id != post[i - 1].id) {
			key[nkeys] = post[i].id;
			start[nkeys++] = i;
		}
	start[nkeys] = nids;

	/* 4. for each document, its intersection with every later one that
	 * shares a shingle */
	uint32_t *count = xcalloc(ndocs ? ndocs : 1, sizeof *count);
	uint32_t *touched = xmalloc((ndocs ? ndocs : 1) * sizeof *touched);
	for (size_t i = 0; i < ndocs; i++) {
		size_t nt = 0;
		const tdoc *di = &docs[i];
		for (size_t s = 0; s < di->n; s++) {
			uint64_t id = ids[di->first + s];
			size_t lo = 0, hi = nkeys;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (key[mid] < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t p = start[lo]; p < start[lo + 1]; p++) {
				uint32_t j = post[p].doc;
				if (j <= i)
					continue;
				if (count[j]++ == 0)
					touched[nt++] = j;
			}
		}
		candidates += nt;
		for (size_t t = 0; t < nt; t++) {
			uint32_t j = touched[t];
			const tdoc *dj = &docs[j];
			size_t inter = count[j], uni = di->n + dj->n - inter;
			count[j] = 0;
			if (di->hash == dj->hash)
				continue; /* an exact pair, written above */
			if ((double)inter / (double)uni >= threshold) {
				put_pair(out, di, dj, inter, uni, 0);
				near++;
			}
		}
	}
	if (fflush(out) || ferror(out) || (out != stdout && fclose(out))) {
		fprintf(stderr, "cqa-bench-dedup-truth: cannot write: %s\n",
		        strerror(errno));
		return 3;
	}
	fprintf(stderr,
	        "truth: %zu docs (%zu under 50 words), %zu shingles (%zu "
	        "distinct), %zu pairs sharing a shingle; %zu pairs at "
	        "similarity >= %g: %zu exact (identical normalised text), "
	        "%zu near; %.2f s (reading %.2f s)\n",
	        ndocs, short_docs, nids, nkeys, candidates, exact + near,
	        threshold, exact, near, now() - t0, t_read);
	for (size_t i = 0; i < ndocs; i++)
		free(docs[i].url);
	free(docs);
	free(ids);
	free(one);
	buf_free(&norm);
	free(post);
	free(key);
	free(start);
	free(count);
	free(touched);
	return 0;
}
