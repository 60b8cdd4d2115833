/*
 * readability.c - the analyzer's per-page measuring, in MB/s, on one core.
 *
 * Usage: cqa-bench-readability DOCS.jsonl [--rounds N] [--only NAME]
 *        cqa-bench-readability --whole TEXT.txt
 *        cqa-bench-readability --prepare POOL.jsonl --docs OUT.jsonl
 *                              [--text OUT.txt] [--mb N] [--as-parsed]
 *
 * The first form loads the "text" of every document of DOCS.jsonl into
 * memory and times each measure of the table below over all of them, best
 * of N rounds (default 3), pinned to one processor.  The "per-page
 * measuring" figure is the measures marked PAGE run one after another on
 * each page, as the analyzer runs them; the duplicate-detection
 * preparation (normalising, hashing, shingling: per page, but part of the
 * site-wide search) is timed beside it.  --only times one measure (for
 * perf or valgrind).
 *
 * --whole counts TEXT.txt as one text and prints the counts and the six
 * scores, the figures GNU style prints for the same file.
 *
 * --prepare makes bench/readability.sh's inputs from a cqa-parse
 * docs.jsonl: the pages whose lang is English ("en", "en-*") with a text,
 * as a docs.jsonl of url, status, lang, title and text (no blocks: the
 * same text GNU style reads; --as-parsed keeps every field cqa-parse
 * wrote, blocks included) and as plain text, the pages separated by a
 * blank line; both repeated whole until they hold at least N MB of text
 * (default 10; 0: once), later copies of a page with "cqa-bench-copy=R"
 * added to its URL.  It prints the pages, the distinct bytes and the
 * copies, and the same as a "prepared_bytes" line for the script.
 *
 * A measure is a function of one page's text; to add one, write it and
 * add a line to the table.  bench/readability.sh runs this beside GNU
 * style and cqa-analyze; see bench/README.md.  Without its input the
 * benchmark says so and exits 0, so it never fails a build.
 */
#include <jansson.h>
#include <math.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../analyze/analyze.h"
#include "../analyze/census.h"
#include "../analyze/measures.h"
#include "../analyze/readability.h"
#include "../analyze/shingle.h"
#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/log.h"
#include "../common/text.h"

/* What a measure may reuse from page to page, and a sink the results go
 * to so that no work is optimised away.  sents holds the census_sentence
 * list of the page text sents_of, a the normalised form of norm_of, when
 * a measure made them on this page (both are NULL before the first). */
typedef struct scratch {
	buf_t a, b, sents, spans;
	const char *sents_of, *norm_of;
	text_counts counts; /* sents_of's */
	uint64_t sink;
	measurer *meas; /* with the word lists, as the analyzer has it */
} scratch;

typedef void (*measure_fn)(const char *text, size_t len, scratch *s);

static void sink_counts(scratch *s, const text_counts *c)
{
	s->sink += c->words + c->sentences + c->syllables + c->letters +
	           c->complex_words + c->polysyllables + c->long_words +
	           c->paragraphs;
}

static void sink_scores(scratch *s, const readability_scores *r)
{
	double v = r->flesch_reading_ease + r->flesch_kincaid_grade +
	           r->gunning_fog + r->smog + r->coleman_liau + r->ari;
	s->sink += isnan(v) ? 1 : (uint64_t)(int64_t)v;
}

/* The counts and the six scores from text_count(): what GNU style does. */
static void m_readability(const char *text, size_t len, scratch *s)
{
	text_counts c;
	text_count(text, len, &c);
	readability_scores r;
	readability_compute(&c, &r);
	sink_counts(s, &c);
	sink_scores(s, &r);
}

static void note_sentence(void *ud, const char *start, size_t len, size_t line,
                          const text_counts *c)
{
	(void)line;
	census_sentence cs = {(size_t)(uintptr_t)start, len,
	                      c->words > UINT32_MAX ? UINT32_MAX
	                                            : (uint32_t)c->words};
	buf_add(ud, &cs, sizeof cs);
}

/* What analyzer_add() does to measure a page's text: measure_page(), the
 * full set (counts and sentence list in one pass, prose split, every
 * formula of the page's language, Dale-Chall and Spache words, passive
 * voice, sentence and paragraph lengths, the consensus grade), with the
 * census's sentence list as the analyzer makes it. */
static void m_page(const char *text, size_t len, scratch *s)
{
	page_measures pm;
	buf_reset(&s->sents);
	measure_page(s->meas, text, len, NULL, "en", note_sentence, &s->sents,
	             &pm);
	census_sentence *cs = (census_sentence *)s->sents.data;
	size_t n = s->sents.len / sizeof *cs;
	for (size_t k = 0; k < n; k++)
		cs[k].start -= (size_t)(uintptr_t)text;
	s->sents_of = text;
	s->counts = pm.all;
	sink_counts(s, &pm.all);
	s->sink += (uint64_t)pm.r.grades + (uint64_t)pm.passive_sentences +
	           (uint64_t)pm.difficult_words +
	           (isnan(pm.r.consensus) ? 0 : 1);
}

/* The paragraphs and sentences the repeated-passage census counts, with
 * their keys, from the sentences m_page listed (found here when it did
 * not run on this text); their folds together are the normalised text
 * when the text has nothing for NFKC to change, as the analyzer takes it. */
static void m_passages(const char *text, size_t len, scratch *s)
{
	int have = s->sents_of == text;
	int folded = text_fold_is_normalized(text, len);
	buf_reset(&s->spans);
	buf_reset(&s->a);
	census_passage_spans(
	    text, len, have ? (const census_sentence *)s->sents.data : NULL,
	    have ? s->sents.len / sizeof(census_sentence) : 0, &s->spans,
	    folded ? &s->a : NULL);
	s->norm_of = folded ? text : NULL;
	s->sink += s->spans.len;
}

/* The content hash of exact-duplicate detection, of the normalised text:
 * m_passages's when it made it on this text just before, else
 * text_normalize's. */
static void m_content_hash(const char *text, size_t len, scratch *s)
{
	if (s->norm_of != text) {
		buf_reset(&s->a);
		text_normalize(text, len, &s->a);
		s->norm_of = text;
	}
	s->sink += XXH3_64bits(s->a.data, s->a.len);
}

/* The 5-word shingles of that normalised text and their MinHash
 * signature (near duplicates, common content); normalises again when
 * m_content_hash did not run on this text just before. */
static void m_shingles(const char *text, size_t len, scratch *s)
{
	if (s->norm_of != text) {
		buf_reset(&s->a);
		text_normalize(text, len, &s->a);
	}
	buf_reset(&s->b);
	shingle_ids(s->a.data, s->a.len, ANALYZE_DEFAULT_SHINGLE, &s->b);
	size_t n = s->b.len / sizeof(uint64_t);
	uint32_t sig[SHINGLE_PERMS];
	n = shingle_set((uint64_t *)s->b.data, n);
	shingle_minhash((const uint64_t *)s->b.data, n, sig);
	s->sink += n + sig[0];
}

enum { PAGE = 1, SITE = 2 };

/* The measures, in the order they are timed and, on each page, run.
 * PAGE: the per-page measuring (the figure the 50 MB/s target is for);
 * SITE: per page, but the preparation of a site-wide search (duplicates,
 * repeated passages, common content); neither: shown for comparison
 * only.  To time a new per-page measure, add its line here. */
static const struct measure {
	const char *name;
	int kind;
	measure_fn fn;
	const char *what;
} measures[] = {
    {"readability", 0, m_readability,
     "text_count + readability_compute, as style would"},
    {"page", PAGE, m_page,
     "measure_page: every per-page measure of the analyzer, English"},
    {"passage_keys", SITE, m_passages,
     "census_passage_spans: paragraph and sentence keys (and the "
     "normalised text)"},
    {"content_hash", SITE, m_content_hash,
     "XXH3-64 of the normalised text (alone: with text_normalize)"},
    {"shingles", SITE, m_shingles,
     "shingle_ids + shingle_set + shingle_minhash (alone: with "
     "text_normalize)"},
};
enum { NMEASURES = sizeof measures / sizeof measures[0] };

typedef struct page {
	const char *text;
	size_t len;
} page;

/* Pins the process to the first processor it may run on. */
static int pin_one_core(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		CPU_ZERO(&set);
		CPU_SET(c, &set);
		return sched_setaffinity(0, sizeof set, &set) == 0 ? c : -1;
	}
	return -1;
}

/* Seconds of the best of rounds runs of the measures whose kind has a bit
 * of mask (or the one measure only when only >= 0) over every page. */
static double best_of(const page *pages, size_t n, int rounds, int mask,
                      int only, scratch *s)
{
	double best = INFINITY;
	for (int r = 0; r < rounds; r++) {
		double t0 = cqa_now();
		for (size_t i = 0; i < n; i++) {
			s->sents_of = s->norm_of = NULL;
			for (int m = 0; m < NMEASURES; m++)
				if (m == only ||
				    (only < 0 && (measures[m].kind & mask)))
					measures[m].fn(pages[i].text,
					               pages[i].len, s);
		}
		double t = cqa_now() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static int load_docs(const char *path, json_t ***docs, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	jsonl_reader r;
	jsonl_reader_init(&r, f, path);
	size_t cap = 0;
	*n = 0;
	*docs = NULL;
	json_t *doc;
	cqa_error e;
	int got;
	while ((got = jsonl_reader_next(&r, &doc, &e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			*docs = xrealloc(*docs, cap * sizeof **docs);
		}
		(*docs)[(*n)++] = doc;
	}
	if (got < 0)
		fprintf(stderr, "cqa-bench-readability: %s\n", e.msg);
	jsonl_reader_free(&r);
	fclose(f);
	return 0;
}

static int run(const char *path, int rounds, const char *only_name)
{
	int only = -1;
	if (only_name) {
		for (int m = 0; m < NMEASURES; m++)
			if (!strcmp(measures[m].name, only_name))
				only = m;
		if (only < 0) {
			fprintf(stderr,
			        "cqa-bench-readability: no measure %s\n",
			        only_name);
			return 2;
		}
	}
	json_t **docs;
	size_t ndocs;
	if (load_docs(path, &docs, &ndocs) != 0) {
		printf("cqa-bench-readability: %s not found; nothing measured "
		       "(bench/readability.sh makes it)\n",
		       path);
		return 0;
	}
	page *pages = xmalloc((ndocs ? ndocs : 1) * sizeof *pages);
	size_t n = 0, bytes = 0;
	for (size_t i = 0; i < ndocs; i++) {
		const json_t *t = json_object_get(docs[i], "text");
		if (!json_is_string(t))
			continue;
		pages[n].text = json_string_value(t);
		pages[n].len = json_string_length(t);
		bytes += pages[n++].len;
	}
	if (!n || !bytes) {
		printf("cqa-bench-readability: no text in %s; nothing "
		       "measured\n",
		       path);
		return 0;
	}
	int core = pin_one_core();
	wordlists *lists = wordlists_load(NULL);
	if (wordlists_missing(lists))
		fprintf(stderr, "%s: %s; Dale-Chall and Spache not measured\n",
		        "cqa-bench-readability", wordlists_missing(lists));
	scratch s = {.a = BUF_INIT,
	             .b = BUF_INIT,
	             .sents = BUF_INIT,
	             .spans = BUF_INIT,
	             .meas = measurer_new(lists)};
	double mb = (double)bytes / 1e6;
	printf("pages: %zu, %.2f MB of text, from %s; best of %d round(s), "
	       "one thread%s",
	       n, mb, path, rounds, core >= 0 ? ", pinned to processor " : "");
	if (core >= 0)
		printf("%d", core);
	printf("\n");
	printf("%-20s %-5s %8s %8s  %s\n", "measure", "kind", "seconds", "MB/s",
	       "what");
	for (int m = 0; m < NMEASURES; m++) {
		if (only >= 0 && m != only)
			continue;
		double t = best_of(pages, n, rounds, 0, m, &s);
		printf("%-20s %-5s %8.3f %8.1f  %s\n", measures[m].name,
		       measures[m].kind & PAGE   ? "page"
		       : measures[m].kind & SITE ? "site"
		                                 : "-",
		       t, mb / t, measures[m].what);
	}
	if (only < 0) {
		double page_t = best_of(pages, n, rounds, PAGE, -1, &s);
		double all_t = best_of(pages, n, rounds, PAGE | SITE, -1, &s);
		printf("%-20s %-5s %8.3f %8.1f  the page measures, in turn on "
		       "each page\n",
		       "per-page measuring", "page", page_t, mb / page_t);
		printf("%-20s %-5s %8.3f %8.1f  the page and site measures, in "
		       "turn on each page\n",
		       "with site prep", "both", all_t, mb / all_t);
		/* the line bench/readability.sh reads */
		printf("per_page_mb_s %.3f %.3f %.6f\n", mb / page_t, mb,
		       page_t);
	}
	buf_free(&s.a);
	buf_free(&s.b);
	buf_free(&s.sents);
	buf_free(&s.spans);
	measurer_free(s.meas);
	wordlists_free(lists);
	for (size_t i = 0; i < ndocs; i++)
		json_decref(docs[i]);
	free(docs);
	free(pages);
	return s.sink == 42; /* keeps the work; 0 in practice */
}

static int whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("cqa-bench-readability: %s not found\n", path);
		return 0;
	}
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	text_counts c;
	text_count(b.data ? b.data : "", b.len, &c);
	readability_scores r;
	readability_compute(&c, &r);
	double w = c.words ? (double)c.words : NAN;
	printf("cqa on %s as one text: %zu words, %zu sentences (%.1f words "
	       "each), %.2f syllables a word, %zu paragraphs; Kincaid %.1f, "
	       "ARI %.1f, Coleman-Liau %.1f, Flesch %.1f, Fog %.1f, SMOG "
	       "%.1f\n",
	       path, c.words, c.sentences,
	       c.sentences ? w / (double)c.sentences : NAN,
	       (double)c.syllables / w, c.paragraphs, r.flesch_kincaid_grade,
	       r.ari, r.coleman_liau, r.flesch_reading_ease, r.gunning_fog,
	       r.smog);
	buf_free(&b);
	return 0;
}

static int english(const json_t *doc)
{
	const char *l = jsonl_str(doc, "lang");
	return l && (l[0] == 'e' || l[0] == 'E') &&
	       (l[1] == 'n' || l[1] == 'N') && (!l[2] || l[2] == '-');
}

static int prepare(const char *pool, double want_mb, const char *docs_out,
                   const char *text_out, int as_parsed)
{
	json_t **docs;
	size_t ndocs;
	if (load_docs(pool, &docs, &ndocs) != 0) {
		printf("cqa-bench-readability: %s not found\n", pool);
		return 1;
	}
	FILE *d = fopen(docs_out, "wb");
	FILE *t = text_out ? fopen(text_out, "wb") : NULL;
	if (!d || (text_out && !t)) {
		printf("cqa-bench-readability: cannot write %s or %s\n",
		       docs_out, text_out);
		return 1;
	}
	size_t pages = 0, distinct = 0;
	for (size_t i = 0; i < ndocs; i++) {
		const char *text = jsonl_str(docs[i], "text");
		if (english(docs[i]) && text && *text) {
			pages++;
			distinct += strlen(text);
		}
	}
	if (!distinct) {
		printf("cqa-bench-readability: no English page with text in "
		       "%s\n",
		       pool);
		return 1;
	}
	size_t want = (size_t)(want_mb * 1e6), total = 0;
	int copies = 0;
	buf_t line = BUF_INIT, url = BUF_INIT;
	do {
		for (size_t i = 0; i < ndocs; i++) {
			const char *text = jsonl_str(docs[i], "text");
			if (!english(docs[i]) || !text || !*text)
				continue;
			const char *u = jsonl_str(docs[i], "url");
			buf_reset(&url);
			buf_printf(&url, "%s",
			           u ? u : "https://bench.example/");
			if (copies)
				buf_printf(&url, "%scqa-bench-copy=%d",
				           strchr(url.data, '?') ? "&" : "?",
				           copies);
			json_t *o =
			    as_parsed ? json_copy(docs[i]) : json_object();
			json_object_set_new(o, "url", json_string(url.data));
			json_object_set_new(o, "status", json_integer(200));
			json_object_set(o, "lang",
			                json_object_get(docs[i], "lang"));
			const json_t *title = json_object_get(docs[i], "title");
			json_object_set_new(o, "title",
			                    title ? json_copy((json_t *)title)
			                          : json_null());
			json_object_set(o, "text",
			                json_object_get(docs[i], "text"));
			buf_reset(&line);
			jsonl_serialize(o, &line);
			buf_addc(&line, '\n');
			json_decref(o);
			fwrite(line.data, 1, line.len, d);
			size_t n = strlen(text);
			while (n && text[n - 1] == '\n')
				n--;
			if (t) {
				fwrite(text, 1, n, t);
				fputs("\n\n", t);
			}
			total += strlen(text);
		}
		copies++;
	} while (total < want);
	int bad = ferror(d) | (t && ferror(t));
	bad |= fclose(d) != 0;
	bad |= t && fclose(t) != 0;
	printf("prepared %zu English pages, %.2f MB of distinct text, %d "
	       "cop%s: %.2f MB\n",
	       pages, (double)distinct / 1e6, copies, copies == 1 ? "y" : "ies",
	       (double)total / 1e6);
	/* the line bench/readability.sh reads */
	printf("prepared_bytes %zu %zu %d %zu\n", pages, distinct, copies,
	       total);
	buf_free(&line);
	buf_free(&url);
	for (size_t i = 0; i < ndocs; i++)
		json_decref(docs[i]);
	free(docs);
	return bad;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *whole_path = NULL, *pool = NULL;
	const char *docs_out = NULL, *text_out = NULL, *only = NULL;
	int rounds = 3, as_parsed = 0;
	double mb = 10;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--whole") && i + 1 < argc)
			whole_path = argv[++i];
		else if (!strcmp(argv[i], "--prepare") && i + 1 < argc)
			pool = argv[++i];
		else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			mb = atof(argv[++i]);
		else if (!strcmp(argv[i], "--docs") && i + 1 < argc)
			docs_out = argv[++i];
		else if (!strcmp(argv[i], "--text") && i + 1 < argc)
			text_out = argv[++i];
		else if (!strcmp(argv[i], "--as-parsed"))
			as_parsed = 1;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else {
			fprintf(stderr,
			        "usage: cqa-bench-readability DOCS.jsonl "
			        "[--rounds N] [--only MEASURE]\n"
			        "       cqa-bench-readability --whole TEXT\n"
			        "       cqa-bench-readability --prepare "
			        "POOL.jsonl --docs OUT.jsonl [--text OUT.txt] "
			        "[--mb N] [--as-parsed]\n");
			return 2;
		}
	}
	if (rounds < 1)
		rounds = 1;
	if (pool) {
		if (!docs_out || !(mb >= 0)) {
			fprintf(stderr,
			        "cqa-bench-readability: --prepare needs "
			        "--docs\n");
			return 2;
		}
		return prepare(pool, mb, docs_out, text_out, as_parsed);
	}
	if (whole_path)
		return whole(whole_path);
	if (!path) {
		printf("cqa-bench-readability: no docs.jsonl given; nothing "
		       "measured (bench/readability.sh makes one from "
		       "../shared/data)\n");
		return 0;
	}
	return run(path, rounds, only);
}
