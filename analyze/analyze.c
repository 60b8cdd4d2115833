/*
 * analyze.c - docs.jsonl to metrics.jsonl; see analyze.h.
 *
 * Each document is measured and its "page" record written before the next
 * is read, so output appears as input arrives and a long run can be
 * watched with tail -f.  What needs the whole corpus waits for
 * analyzer_finish():
 *
 *   - exact duplicates: pages whose main text is the same after
 *     text_normalize() (case, punctuation, white space and Unicode form
 *     ignored) share a content_hash (XXH3, 64 bits).  Each group of two or
 *     more becomes one "duplicate_cluster" record, whose first url, the
 *     shortest (then first in byte order), is the canonical page, and one
 * "duplicate_pair" record for each other page against the canonical one.  The
 * page records do not say which cluster they are in: the report joins them by
 * url.
 *   - the "summary" record: counts and, for each metric, the statistics of
 *     stats.h.
 *
 * Pages that cannot be measured are still recorded, with their counts as
 * they are, so every input document has a page line; they carry a
 * "skipped_reason" and stay out of thin pages, duplicates and statistics:
 *   "http_error"  status 400 or above: the text is an error page's;
 *   "no_text"     no word of main text (an empty or script-only page).
 * Measured pages have "skipped_reason": null, so the field is always there.
 *
 * For those, the analyzer keeps url, hash and the summary's metrics: about
 * a hundred bytes a page, independent of the size of the text.
 */
#include "analyze.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/text.h"
#include "readability.h"
#include "stats.h"

/* The metrics the summary describes, in the order it lists them. */
enum {
	M_WORDS,
	M_FRE,
	M_FKG,
	M_FOG,
	M_SMOG,
	M_CLI,
	M_ARI,
	M_BOILERPLATE,
	M__COUNT
};
static const char *const metric_names[M__COUNT] = {"words",
                                                   "flesch_reading_ease",
                                                   "flesch_kincaid_grade",
                                                   "gunning_fog",
                                                   "smog",
                                                   "coleman_liau",
                                                   "ari",
                                                   "boilerplate_share"};

/* What is kept of a measured page. */
typedef struct page_entry {
	char *url;
	uint64_t hash;
	size_t words;
	double metric[M__COUNT];
} page_entry;

struct analyzer {
	analyze_options o;
	FILE *out;
	page_entry *pages; /* measured pages, in input order */
	size_t npages, cap;
	size_t seen; /* every page record written */
	size_t thin;
};

void analyze_options_default(analyze_options *o)
{
	o->log = NULL;
	o->output_name = NULL;
	o->max_line_bytes = 0;
	/* Screaming Frog's "low content" default is 200 words; Yoast asks 300
	 * of a blog post.  A site audit flags pages, not drafts, so the lower
	 * figure: a 250-word about page is short, not thin. */
	o->thin_words = 200;
}

analyzer *analyzer_new(const analyze_options *o, FILE *out)
{
	analyzer *a = xcalloc(1, sizeof *a);
	if (o)
		a->o = *o;
	else
		analyze_options_default(&a->o);
	a->out = out;
	return a;
}

void analyzer_free(analyzer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->npages; i++)
		free(a->pages[i].url);
	free(a->pages);
	free(a);
}

/* ---- page records ------------------------------------------------------ */

/* Scores and averages are shown to 2 decimals, shares to 4; NaN and
 * infinities (no words, no visible text) are null.  Adding 0.0 turns a
 * rounded -0.0 into 0.0. */
static json_t *rounded(double x, double scale)
{
	if (!isfinite(x))
		return json_null();
	return json_real(round(x * scale) / scale + 0.0);
}

static json_t *string_or_null(const json_t *doc, const char *key)
{
	const char *s = jsonl_str(doc, key);
	return s ? json_string(s) : json_null();
}

static json_t *size(size_t n)
{
	return json_integer((json_int_t)n);
}

/* Characters of a block: its "chars" field, else its text's code points. */
static long long block_chars(const json_t *b, const char *key,
                             const char *text_key)
{
	long long n = jsonl_int(b, key, -1);
	if (n >= 0 || !text_key)
		return n < 0 ? 0 : n;
	const char *t = jsonl_str(b, text_key);
	n = 0;
	for (; t && *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

typedef struct block_sums {
	long long visible, content, boilerplate, links;
} block_sums;

static void sum_blocks(const json_t *doc, block_sums *s)
{
	memset(s, 0, sizeof *s);
	const json_t *blocks = json_object_get(doc, "blocks");
	size_t i;
	const json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (!json_is_object(b))
			continue;
		long long chars = block_chars(b, "chars", "text");
		const char *label = jsonl_str(b, "label");
		s->visible += chars;
		if (label && strcmp(label, "content") == 0)
			s->content += chars;
		else if (label && strcmp(label, "boilerplate") == 0)
			s->boilerplate += chars;
		s->links += block_chars(b, "link_chars", NULL);
	}
}

static void keep_page(analyzer *a, const json_t *doc, uint64_t hash,
                      const text_counts *c, const readability_scores *r,
                      double boilerplate_share)
{
	if (a->npages == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->pages = xrealloc(a->pages, a->cap * sizeof *a->pages);
	}
	page_entry *p = &a->pages[a->npages++];
	const char *url = jsonl_str(doc, "url");
	if (!url)
		url = jsonl_str(doc, "final_url");
	if (url) {
		p->url = xstrdup(url);
	} else {
		buf_t b = BUF_INIT;
		buf_printf(&b, "(document %zu)", a->seen);
		p->url = buf_detach(&b, NULL);
	}
	p->hash = hash;
	p->words = c->words;
	p->metric[M_WORDS] = (double)c->words;
	p->metric[M_FRE] = r->flesch_reading_ease;
	p->metric[M_FKG] = r->flesch_kincaid_grade;
	p->metric[M_FOG] = r->gunning_fog;
	p->metric[M_SMOG] = r->smog;
	p->metric[M_CLI] = r->coleman_liau;
	p->metric[M_ARI] = r->ari;
	p->metric[M_BOILERPLATE] = boilerplate_share;
}

typedef struct norm_hash {
	XXH3_state_t *state;
	size_t bytes;
} norm_hash;

static void hash_piece(void *ud, const char *s, size_t n)
{
	norm_hash *h = ud;
	XXH3_64bits_update(h->state, s, n);
	h->bytes += n;
}

int analyzer_add(analyzer *a, const json_t *doc, cqa_error *err)
{
	const json_t *jtext = json_object_get(doc, "text");
	const char *text =
	    json_is_string(jtext) ? json_string_value(jtext) : "";
	size_t tlen = json_is_string(jtext) ? json_string_length(jtext) : 0;
	long long status = jsonl_int(doc, "status", 0);

	text_counts c;
	text_count(text, tlen, &c);
	readability_scores r;
	readability_compute(&c, &r);
	block_sums bs;
	sum_blocks(doc, &bs);
	double share =
	    bs.visible > 0 ? (double)bs.boilerplate / (double)bs.visible : NAN;

	/* Hashed as it is normalised, a piece at a time: a long text is
	 * never copied whole. */
	norm_hash nh = {XXH3_createState(), 0};
	if (!nh.state)
		return cqa_fail(err, CQA_ERR_INTERNAL, "out of memory");
	XXH3_64bits_reset(nh.state);
	text_normalize_each(text, tlen, hash_piece, &nh);
	uint64_t hash = XXH3_64bits_digest(nh.state);
	XXH3_freeState(nh.state);
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64, hash);
	int has_hash = nh.bytes > 0;

	const char *skipped = status >= 400  ? "http_error"
	                      : c.words == 0 ? "no_text"
	                                     : NULL;
	int thin = !skipped && (long long)c.words < a->o.thin_words;

	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("page"));
	json_object_set_new(o, "url", string_or_null(doc, "url"));
	json_object_set_new(o, "final_url", string_or_null(doc, "final_url"));
	const json_t *js = json_object_get(doc, "status");
	json_object_set_new(o, "status",
	                    json_is_integer(js) ? json_copy((json_t *)js)
	                                        : json_null());
	json_object_set_new(o, "title", string_or_null(doc, "title"));
	json_object_set_new(o, "lang", string_or_null(doc, "lang"));
	json_object_set_new(o, "words", size(c.words));
	json_object_set_new(o, "sentences", size(c.sentences));
	json_object_set_new(o, "syllables", size(c.syllables));
	json_object_set_new(o, "letters", size(c.letters));
	json_object_set_new(o, "paragraphs", size(c.paragraphs));
	json_object_set_new(o, "complex_words", size(c.complex_words));
	json_object_set_new(o, "polysyllables", size(c.polysyllables));
	json_object_set_new(o, "long_words", size(c.long_words));
	double wps = c.sentences ? (double)c.words / (double)c.sentences : NAN;
	double spw = c.words ? (double)c.syllables / (double)c.words : NAN;
	json_object_set_new(o, "avg_words_per_sentence", rounded(wps, 100));
	json_object_set_new(o, "avg_syllables_per_word", rounded(spw, 100));
	json_object_set_new(o, "flesch_reading_ease",
	                    rounded(r.flesch_reading_ease, 100));
	json_object_set_new(o, "flesch_kincaid_grade",
	                    rounded(r.flesch_kincaid_grade, 100));
	json_object_set_new(o, "gunning_fog", rounded(r.gunning_fog, 100));
	json_object_set_new(o, "smog", rounded(r.smog, 100));
	json_object_set_new(o, "coleman_liau", rounded(r.coleman_liau, 100));
	json_object_set_new(o, "ari", rounded(r.ari, 100));
	json_object_set_new(o, "visible_chars", json_integer(bs.visible));
	json_object_set_new(o, "content_chars", json_integer(bs.content));
	json_object_set_new(o, "boilerplate_chars",
	                    json_integer(bs.boilerplate));
	json_object_set_new(o, "boilerplate_share", rounded(share, 1e4));
	json_object_set_new(o, "link_chars", json_integer(bs.links));
	json_object_set_new(o, "content_hash",
	                    has_hash ? json_string(hex) : json_null());
	json_object_set_new(o, "thin", json_boolean(thin));
	json_object_set_new(o, "skipped_reason",
	                    skipped ? json_string(skipped) : json_null());
	int rc = jsonl_write(a->out, a->o.output_name, o, err);
	json_decref(o);
	if (rc != 0)
		return CQA_ERR_IO;

	a->seen++;
	a->thin += (size_t)thin;
	if (!skipped)
		keep_page(a, doc, hash, &c, &r, share);
	return 0;
}

int analyzer_add_file(analyzer *a, FILE *in, const char *name, cqa_error *err)
{
	jsonl_reader r;
	jsonl_reader_init(&r, in, name);
	cqa_progress p;
	cqa_progress_start(&p, a->o.log, "documents", 0);
	int rc = 0;
	json_t *doc;
	int got;
	cqa_error e;
	if (a->o.max_line_bytes)
		r.max_line = a->o.max_line_bytes;
	for (;;) {
		cqa_error_clear(&e);
		got = jsonl_reader_next(&r, &doc, &e);
		/* A line over the cap was skipped unread: say so, go on. */
		if (got < 0 && e.code == CQA_ERR_LIMIT) {
			cqa_warn(a->o.log,
			         "%s (--max-line-bytes raises the cap)", e.msg);
			continue;
		}
		/* A docs.jsonl still being written to standard output: the
		 * whole documents are measured; say how far the run got. */
		if (got < 0 && r.torn) {
			cqa_warn(a->o.log, "%s; read the %zu lines before it",
			         e.msg, r.lineno - 1);
			got = 0;
			break;
		}
		if (got < 0 && err)
			*err = e;
		if (got != 1)
			break;
		rc = analyzer_add(a, doc, err);
		json_decref(doc);
		if (rc)
			break;
		cqa_progress_add(&p, 1, r.line_bytes + 1);
	}
	cqa_progress_finish(&p);
	jsonl_reader_free(&r);
	if (got < 0)
		return e.code;
	return rc;
}

/* ---- duplicates and summary -------------------------------------------- */

/* A page's place in the hash order: comparators see only their
 * arguments, so the hash travels with the index. */
typedef struct hashed {
	uint64_t hash;
	size_t page;     /* index in a->pages, i.e. input order */
	const char *url; /* a->pages[page].url */
} hashed;

/* Which copy is "the original" must not depend on the order pages were
 * fetched in (parallel fetches finish in any order): the shortest URL wins,
 * since copies tend to carry extra path or query parts, then byte order. */
static int by_url(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int by_hash(const void *x, const void *y)
{
	const hashed *a = x, *b = y;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	int c = by_url(a->url, b->url);
	return c ? c : a->page < b->page ? -1 : a->page > b->page;
}

typedef struct cluster {
	size_t first;     /* offset in the sorted array */
	size_t n;         /* pages in it */
	size_t canonical; /* page index of its original (first in URL order) */
	const char *canonical_url;
} cluster;

static int by_canonical(const void *x, const void *y)
{
	const cluster *a = x, *b = y;
	return by_url(a->canonical_url, b->canonical_url);
}

static int write_cluster(analyzer *a, const hashed *h, const cluster *c,
                         size_t number, cqa_error *err)
{
	const page_entry *canon = &a->pages[c->canonical];
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64, canon->hash);
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("duplicate_cluster"));
	json_object_set_new(o, "kind", json_string("exact"));
	json_object_set_new(o, "cluster", size(number));
	json_object_set_new(o, "hash", json_string(hex));
	json_object_set_new(o, "words", size(canon->words));
	json_t *urls = json_array();
	for (size_t m = 0; m < c->n; m++)
		json_array_append_new(
		    urls, json_string(a->pages[h[c->first + m].page].url));
	json_object_set_new(o, "urls", urls);
	int rc = jsonl_write(a->out, a->o.output_name, o, err);
	json_decref(o);
	/* h is in URL order within a cluster, so m = 0 is the canonical */
	for (size_t m = 1; m < c->n && !rc; m++) {
		o = json_object();
		json_object_set_new(o, "type", json_string("duplicate_pair"));
		json_object_set_new(o, "kind", json_string("exact"));
		json_object_set_new(o, "cluster", size(number));
		json_object_set_new(o, "url_a", json_string(canon->url));
		json_object_set_new(
		    o, "url_b",
		    json_string(a->pages[h[c->first + m].page].url));
		json_object_set_new(o, "similarity", json_real(1.0));
		rc = jsonl_write(a->out, a->o.output_name, o, err);
		json_decref(o);
	}
	return rc;
}

/* Groups the measured pages by hash and writes the groups of two or more,
 * numbered in the URL order of their originals, so two runs over the same
 * pages number them alike. */
static int write_duplicates(analyzer *a, size_t *nclusters, size_t *ndup,
                            cqa_error *err)
{
	size_t n = a->npages;
	hashed *h = xmalloc((n ? n : 1) * sizeof *h);
	for (size_t i = 0; i < n; i++)
		h[i] = (hashed){a->pages[i].hash, i, a->pages[i].url};
	qsort(h, n, sizeof *h, by_hash);
	cluster *cl = xmalloc((n ? n : 1) * sizeof *cl);
	size_t ncl = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && h[j].hash == h[i].hash)
			j++;
		if (j - i >= 2)
			cl[ncl++] = (cluster){i, j - i, h[i].page, h[i].url};
		i = j;
	}
	qsort(cl, ncl, sizeof *cl, by_canonical);

	int rc = 0;
	*nclusters = ncl;
	*ndup = 0;
	for (size_t k = 0; k < ncl && !rc; k++) {
		rc = write_cluster(a, h, &cl[k], k + 1, err);
		*ndup += cl[k].n - 1;
	}
	free(cl);
	free(h);
	return rc ? CQA_ERR_IO : 0;
}

int analyzer_finish(analyzer *a, cqa_error *err)
{
	size_t nclusters = 0, ndup = 0;
	int rc = write_duplicates(a, &nclusters, &ndup, err);
	if (rc)
		return rc;

	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("summary"));
	json_object_set_new(o, "pages", size(a->seen));
	json_object_set_new(o, "pages_with_text", size(a->npages));
	json_object_set_new(o, "thin_pages", size(a->thin));
	/* the threshold used, so the report judges thin pages alike */
	json_object_set_new(o, "thin_words", json_integer(a->o.thin_words));
	json_object_set_new(o, "exact_duplicate_clusters", size(nclusters));
	json_object_set_new(o, "exact_duplicate_pages", size(ndup));
	json_t *metrics = json_object();
	double *v = xmalloc((a->npages ? a->npages : 1) * sizeof *v);
	for (int m = 0; m < M__COUNT; m++) {
		for (size_t i = 0; i < a->npages; i++)
			v[i] = a->pages[i].metric[m];
		stats_summary s;
		stats_compute(v, a->npages, &s);
		json_object_set_new(metrics, metric_names[m],
		                    stats_to_json(&s));
	}
	free(v);
	json_object_set_new(o, "metrics", metrics);
	rc = jsonl_write(a->out, a->o.output_name, o, err);
	json_decref(o);
	if (rc)
		return CQA_ERR_IO;
	if (fflush(a->out) != 0 || ferror(a->out))
		return cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
		                a->o.output_name ? a->o.output_name
		                                 : "standard output",
		                strerror(errno));
	return 0;
}
