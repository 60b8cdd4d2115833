/*
 * dedup_corpus.c - the corpora of bench/dedup.sh: documents of real text,
 * cut and recombined, with near duplicates planted at known similarities.
 *
 * Usage: cqa-bench-dedup-corpus [--pool DOCS.jsonl] [--docs N] [--seed S]
 *            [--shingle K] [--similarity X] [--near P] [--decoy P]
 *            [--exact P] [--norm FILE] [--planted FILE] [-o FILE]
 *
 * The text pool is the "text" of each line of --pool (bench/dedup.sh gives
 * it cqa-parse's docs.jsonl of the 990 pages of ../shared/data/extraction-
 * dev); without --pool the pool is made up from a built-in list of English
 * words, so the benchmark runs where the data is missing.  Each pool text is
 * split at white space into tokens, blank lines kept as paragraph breaks,
 * and each token's normalised words (text_normalize) are hashed once.
 *
 * Document N (0-based) of the corpus is https://bench.example/d/N and is one
 * of (decided by the seed alone, so a corpus is the same on every run):
 *
 *   an original  100 to 600 words in passages of 20 to 80 words (at most a
 *                quarter of the document, so that two originals sharing a
 *                passage stay far below the threshold), each from a random
 *                page of the pool, starting at a sentence when one starts
 *                near the random place, paragraphs between passages;
 *   a near copy  (share --near, default 0.05) an original edited by word
 *                substitutions, insertions and deletions, moves of runs of
 *                3-25 words and edits at the ends, until the Jaccard
 *                similarity of the two sets of K-word shingles (K =
 *                --shingle, default 5) of the normalised texts is in
 *                [X, 1) (X = --similarity, default 0.5), near a target drawn
 *                uniformly from that range;
 *   a decoy      (share --decoy, default 0.01) the same, in [X - 0.2, X):
 *                pairs a detector must see and must not report;
 *   an exact copy (share --exact, default 0.005) the same text with ASCII
 *                letters of its first sentence upper-cased, a space doubled
 *                and an ellipsis added: the same text once normalised.
 *
 * The editing searches with fast hashes of the tokens' normalised words;
 * the similarity that counts is then measured on the whole texts as
 * text_normalize() gives them and shingled by dedup_shingle.c, the way
 * cqa-bench-dedup-truth does, and a copy outside its range is made again
 * (up to 40 times; a copy that never fits becomes an original, counted as
 * "failed").  --planted writes each planted pair: kind, source URL, copy
 * URL, target and achieved similarity.  --norm writes "URL<TAB>normalised
 * text" a document, for the peer implementation in dedup_peer.js.
 *
 * Statistics go to standard error; the exit status is 0, or 2 for a usage
 * error, 3 for an unreadable pool or an unwritable output.
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

/* ---- random numbers: splitmix64, one stream per document and purpose -- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static size_t rng_below(rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static rng rng_for(uint64_t seed, uint64_t doc, uint64_t what)
{
	uint64_t key[3] = {seed, doc, what};
	rng r = {XXH3_64bits(key, sizeof key)};
	return r;
}

/* ---- the text pool -------------------------------------------------- */

typedef struct token {
	uint32_t off, len; /* raw bytes in pool.text */
	uint32_t w0;       /* first of its normalised words in pool.wh */
	uint16_t nw;       /* its normalised words (0 for punctuation) */
	uint8_t para;      /* a paragraph break, no bytes */
	uint8_t end;       /* ends a sentence */
} token;

typedef struct page {
	size_t first, ntok, nwords;
} page;

typedef struct pool {
	buf_t text;
	token *tok;
	size_t ntok, captok;
	uint64_t *wh; /* XXH3-64 of each normalised word */
	size_t nwh, capwh;
	page *pages;
	size_t npages, cappages;
	size_t words;
	buf_t norm; /* scratch */
} pool;

enum { MIN_PAGE_WORDS = 40 };

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static void add_token(pool *p, token t)
{
	if (p->ntok == p->captok) {
		p->captok = p->captok ? p->captok * 2 : 1 << 16;
		p->tok = xrealloc(p->tok, p->captok * sizeof *p->tok);
	}
	p->tok[p->ntok++] = t;
}

static int ends_sentence(const char *s, size_t n)
{
	/* closing quotes and brackets after the stop */
	while (n > 1 && strchr("\"')]", s[n - 1]))
		n--;
	return n > 0 && strchr(".!?", s[n - 1]) != NULL;
}

static void pool_add_page(pool *p, const char *s, size_t n)
{
	size_t first = p->ntok, words = 0;
	int newlines = 0;
	for (size_t i = 0; i < n;) {
		if (is_space(s[i])) {
			newlines += s[i] == '\n';
			i++;
			continue;
		}
		if (newlines >= 2 && p->ntok > first &&
		    !p->tok[p->ntok - 1].para)
			add_token(p, (token){0, 0, 0, 0, 1, 1});
		newlines = 0;
		size_t j = i;
		while (j < n && !is_space(s[j]))
			j++;
		if (p->text.len + (j - i) > UINT32_MAX)
			break;
		token t = {(uint32_t)p->text.len,
		           (uint32_t)(j - i),
		           (uint32_t)p->nwh,
		           0,
		           0,
		           0};
		buf_add(&p->text, s + i, j - i);
		buf_reset(&p->norm);
		text_normalize(s + i, j - i, &p->norm);
		for (size_t a = 0; a < p->norm.len;) {
			size_t b = a;
			while (b < p->norm.len && p->norm.data[b] != ' ')
				b++;
			if (p->nwh == p->capwh) {
				p->capwh = p->capwh ? p->capwh * 2 : 1 << 16;
				p->wh =
				    xrealloc(p->wh, p->capwh * sizeof *p->wh);
			}
			p->wh[p->nwh++] = XXH3_64bits(p->norm.data + a, b - a);
			t.nw++;
			a = b + 1;
		}
		t.end = (uint8_t)ends_sentence(s + i, j - i);
		add_token(p, t);
		words += t.nw;
		i = j;
	}
	if (words < MIN_PAGE_WORDS)
		return; /* its tokens stay, for substitutions only */
	if (p->npages == p->cappages) {
		p->cappages = p->cappages ? p->cappages * 2 : 1024;
		p->pages = xrealloc(p->pages, p->cappages * sizeof *p->pages);
	}
	p->pages[p->npages++] = (page){first, p->ntok - first, words};
	p->words += words;
}

static int pool_load(pool *p, const char *path, cqa_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cqa_fail(err, CQA_ERR_IO, "%s: %s", path,
		                strerror(errno)),
		       -1;
	jsonl_reader r;
	jsonl_reader_init(&r, f, path);
	json_t *o;
	int rc;
	while ((rc = jsonl_reader_next(&r, &o, err)) != 0) {
		if (rc < 0) {
			if (err->code == CQA_ERR_IO)
				break;
			continue; /* a bad line: skip it */
		}
		const json_t *t = json_object_get(o, "text");
		if (json_is_string(t))
			pool_add_page(p, json_string_value(t),
			              json_string_length(t));
		json_decref(o);
	}
	jsonl_reader_free(&r);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

/* The fallback: pages of sentences of common English words drawn with a
 * Zipf-like skew (weight 1 / (rank + 10)). */
static const char *const english[] = {
    "the",       "of",       "and",       "to",        "a",        "in",
    "is",        "it",       "that",      "for",       "was",      "on",
    "are",       "with",     "as",        "be",        "at",       "this",
    "have",      "from",     "or",        "by",        "one",      "had",
    "not",       "but",      "what",      "all",       "were",     "when",
    "we",        "there",    "can",       "an",        "your",     "which",
    "their",     "said",     "if",        "do",        "will",     "each",
    "about",     "how",      "up",        "out",       "them",     "then",
    "she",       "many",     "some",      "so",        "these",    "would",
    "other",     "into",     "has",       "more",      "her",      "two",
    "like",      "him",      "see",       "time",      "could",    "no",
    "make",      "than",     "first",     "been",      "its",      "who",
    "now",       "people",   "my",        "made",      "over",     "did",
    "down",      "only",     "way",       "find",      "use",      "may",
    "water",     "long",     "little",    "very",      "after",    "words",
    "called",    "just",     "where",     "most",      "know",     "get",
    "through",   "back",     "much",      "before",    "go",       "good",
    "new",       "write",    "our",       "used",      "me",       "man",
    "too",       "any",      "day",       "same",      "right",    "look",
    "think",     "also",     "around",    "another",   "came",     "come",
    "work",      "three",    "word",      "must",      "because",  "does",
    "part",      "even",     "place",     "well",      "such",     "here",
    "take",      "why",      "things",    "help",      "put",      "years",
    "different", "away",     "again",     "off",       "went",     "old",
    "number",    "great",    "tell",      "men",       "say",      "small",
    "every",     "found",    "still",     "between",   "name",     "should",
    "home",      "big",      "give",      "air",       "line",     "set",
    "own",       "under",    "read",      "last",      "never",    "us",
    "left",      "end",      "along",     "while",     "might",    "next",
    "sound",     "below",    "saw",       "something", "thought",  "both",
    "few",       "those",    "always",    "looked",    "show",     "large",
    "often",     "together", "asked",     "house",     "world",    "going",
    "want",      "school",   "important", "until",     "form",     "food",
    "keep",      "children", "feet",      "land",      "side",     "without",
    "boy",       "once",     "animals",   "life",      "enough",   "took",
    "sometimes", "four",     "head",      "above",     "kind",     "began",
    "almost",    "live",     "page",      "got",       "earth",    "need",
    "far",       "hand",     "high",      "year",      "mother",   "light",
    "parts",     "country",  "father",    "let",       "night",    "following",
    "picture",   "being",    "study",     "second",    "eyes",     "soon",
    "times",     "story",    "boys",      "since",     "white",    "days",
    "ever",      "paper",    "hard",      "near",      "sentence", "better",
    "best",      "across",   "during",    "today",     "others",   "however",
    "sure",      "means",    "knew",      "try",       "told",     "young",
    "miles",     "sun",      "ways",      "thing",     "whole",    "hear",
    "example",   "heard",    "several",   "change",    "answer",   "room",
    "sea",       "against",  "top",       "turned",    "learn",    "point",
    "city",      "play",     "toward",    "five",      "using",    "himself",
    "usually",   "money",    "seen",      "car",       "morning",  "river",
    "garden",    "market",   "music",     "village",   "winter",   "summer",
    "island",    "machine",  "letter",    "energy",    "mountain", "doctor",
    "engine",    "forest",   "window",    "problem",   "history",  "science",
    "language",  "weather",  "company",   "question"};

static void pool_synthetic(pool *p, uint64_t seed)
{
	size_t nw = sizeof english / sizeof *english;
	double *cum = xmalloc(nw * sizeof *cum), tot = 0;
	for (size_t i = 0; i < nw; i++)
		cum[i] = (tot += 1.0 / (double)(i + 10));
	rng r = rng_for(seed, 0, 'W');
	buf_t b = BUF_INIT;
	for (int pg = 0; pg < 2000; pg++) {
		buf_reset(&b);
		size_t words = 300 + rng_below(&r, 901), sent = 0;
		for (size_t w = 0, left = 0; w < words; w++) {
			if (left == 0)
				left = 6 + rng_below(&r, 15);
			double x = rng_unit(&r) * tot;
			size_t lo = 0, hi = nw - 1;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (cum[mid] < x)
					lo = mid + 1;
				else
					hi = mid;
			}
			const char *word = english[lo];
			if (b.len && b.data[b.len - 1] == '.')
				buf_adds(&b, ++sent % 5 ? " " : "\n\n");
			else if (b.len)
				buf_addc(&b, ' ');
			size_t at = b.len;
			buf_adds(&b, word);
			if (at == 0 || b.data[at - 2] == '.' ||
			    b.data[at - 1] == '\n')
				b.data[at] = (char)(b.data[at] - 'a' + 'A');
			if (--left == 0)
				buf_addc(&b, '.');
		}
		pool_add_page(p, b.data, b.len);
	}
	buf_free(&b);
	free(cum);
}

/* ---- documents: token lists ------------------------------------------ */

typedef struct doc {
	uint32_t *v;
	size_t n, cap;
} doc;

static void doc_reserve(doc *d, size_t n)
{
	if (n > d->cap) {
		d->cap = n < 1024 ? 1024 : n * 2;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
}

static void doc_push(doc *d, uint32_t t)
{
	doc_reserve(d, d->n + 1);
	d->v[d->n++] = t;
}

static void doc_insert(doc *d, size_t at, const uint32_t *t, size_t k)
{
	doc_reserve(d, d->n + k);
	memmove(d->v + at + k, d->v + at, (d->n - at) * sizeof *d->v);
	memcpy(d->v + at, t, k * sizeof *t);
	d->n += k;
}

static void doc_erase(doc *d, size_t at, size_t k)
{
	if (at >= d->n || k > d->n - at)
		return;
	size_t tail = d->n - at - k;
	if (tail)
		memmove(d->v + at, d->v + at + k, tail * sizeof *d->v);
	d->n -= k;
}

static void doc_copy(doc *to, const doc *from)
{
	doc_reserve(to, from->n);
	memcpy(to->v, from->v, from->n * sizeof *to->v);
	to->n = from->n;
}

static size_t doc_words(const pool *p, const doc *d)
{
	size_t w = 0;
	for (size_t i = 0; i < d->n; i++)
		w += p->tok[d->v[i]].nw;
	return w;
}

/* A paragraph break of the pool, for passages to be separated by. */
static uint32_t para_token(pool *p)
{
	static uint32_t para = UINT32_MAX;
	if (para == UINT32_MAX) {
		para = (uint32_t)p->ntok;
		add_token(p, (token){0, 0, 0, 0, 1, 1});
	}
	return para;
}

static void gen_original(pool *p, uint64_t seed, size_t n, doc *d)
{
	rng r = rng_for(seed, n, 'O');
	size_t target = 100 + rng_below(&r, 501), got = 0, last = SIZE_MAX;
	uint32_t para = para_token(p);
	d->n = 0;
	while (got < target) {
		size_t maxm = target / 4;
		maxm = maxm > 80 ? 80 : maxm < 20 ? 20 : maxm;
		size_t m = 20 + rng_below(&r, maxm - 20 + 1);
		if (m > target - got)
			m = target - got;
		size_t pg = rng_below(&r, p->npages);
		for (int k = 0; k < 4 && pg == last; k++)
			pg = rng_below(&r, p->npages);
		last = pg;
		const page *g = &p->pages[pg];
		size_t end = g->first + g->ntok;
		size_t at = g->first + rng_below(&r, g->ntok), s = at;
		/* a sentence start among the next 60 tokens, if any */
		for (size_t k = 0; k < 60 && s < end; k++, s++) {
			const token *t = &p->tok[s];
			if (!t->para && (s == g->first || p->tok[s - 1].end))
				break;
		}
		if (s >= end)
			s = at;
		size_t taken = 0;
		if (d->n)
			doc_push(d, para);
		for (; taken < m && s < end; s++) {
			const token *t = &p->tok[s];
			if (t->para && (taken == 0 || s + 1 == end))
				continue;
			doc_push(d, (uint32_t)s);
			taken += t->nw;
		}
		got += taken;
	}
}

/* A random token of the pool that has a word. */
static uint32_t random_token(const pool *p, rng *r)
{
	for (;;) {
		size_t t = rng_below(r, p->ntok);
		if (p->tok[t].nw)
			return (uint32_t)t;
	}
}

static void edit(const pool *p, doc *d, rng *r)
{
	if (d->n < 12)
		return;
	double op = rng_unit(r);
	uint32_t add[3];
	if (op < 0.35) { /* substitution */
		size_t at = rng_below(r, d->n);
		if (!p->tok[d->v[at]].para)
			d->v[at] = random_token(p, r);
	} else if (op < 0.55) { /* insertion of a run of 1-3 pool words */
		size_t k = 1 + rng_below(r, 3), t = random_token(p, r);
		size_t j = 0;
		for (; j < k && t + j < p->ntok && p->tok[t + j].nw; j++)
			add[j] = (uint32_t)(t + j);
		doc_insert(d, rng_below(r, d->n + 1), add, j);
	} else if (op < 0.75) { /* deletion of 1-3 tokens */
		size_t k = 1 + rng_below(r, 3);
		size_t at = rng_below(r, d->n - k);
		doc_erase(d, at, k);
	} else if (op < 0.90) { /* a run of 3-25 tokens moved */
		size_t k = 3 + rng_below(r, 23);
		if (k > d->n / 2)
			k = d->n / 2;
		size_t from = rng_below(r, d->n - k + 1);
		uint32_t run[25];
		memcpy(run, d->v + from, k * sizeof *run);
		doc_erase(d, from, k);
		doc_insert(d, rng_below(r, d->n + 1), run, k);
	} else { /* at the ends: one shingle changes */
		switch (rng_below(r, 4)) {
		case 0:
			doc_erase(d, 0, 1);
			break;
		case 1:
			doc_erase(d, d->n - 1, 1);
			break;
		case 2:
			add[0] = random_token(p, r);
			doc_insert(d, 0, add, 1);
			break;
		default:
			add[0] = random_token(p, r);
			doc_insert(d, d->n, add, 1);
		}
	}
}

/* ---- measuring -------------------------------------------------------- */

typedef struct scratch {
	uint64_t *w, *ids;
	size_t capw, capids;
	buf_t text, norm, norm2;
} scratch;

/* The fast shingle set of a token list: a mix of the word hashes. */
static size_t fast_set(const pool *p, const doc *d, int k, uint64_t **ids,
                       size_t *cap, scratch *s)
{
	size_t nw = 0;
	for (size_t i = 0; i < d->n; i++) {
		const token *t = &p->tok[d->v[i]];
		if (nw + t->nw > s->capw) {
			s->capw = (nw + t->nw) * 2 + 1024;
			s->w = xrealloc(s->w, s->capw * sizeof *s->w);
		}
		memcpy(s->w + nw, p->wh + t->w0, t->nw * sizeof *s->w);
		nw += t->nw;
	}
	size_t n = nw >= (size_t)k ? nw - (size_t)k + 1 : 0;
	if (n > *cap) {
		*cap = n * 2;
		*ids = xrealloc(*ids, *cap * sizeof **ids);
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t h = s->w[i];
		for (int j = 1; j < k; j++) {
			h = ((h << 17) | (h >> 47)) ^ s->w[i + (size_t)j];
			h *= 0x9E3779B97F4A7C15u;
		}
		(*ids)[i] = h ^ (h >> 32);
	}
	return dd_sort_unique(*ids, n);
}

static void render(const pool *p, const doc *d, buf_t *out)
{
	int sep = 0, para = 0;
	buf_reset(out);
	buf_add(out, "", 0);
	for (size_t i = 0; i < d->n; i++) {
		const token *t = &p->tok[d->v[i]];
		if (t->para) {
			para = sep;
			continue;
		}
		if (sep)
			buf_adds(out, para ? "\n\n" : " ");
		para = 0;
		buf_add(out, p->text.data + t->off, t->len);
		sep = 1;
	}
}

/* An exact copy's text: the same words, other case and punctuation. */
static void disguise(buf_t *text, rng *r)
{
	size_t cut = 0;
	while (cut < text->len && cut < 200 &&
	       !(text->data[cut] == '.' && cut + 1 < text->len &&
	         text->data[cut + 1] == ' '))
		cut++;
	for (size_t i = 0; i < cut; i++)
		if (text->data[i] >= 'a' && text->data[i] <= 'z')
			text->data[i] = (char)(text->data[i] - 'a' + 'A');
	size_t at = rng_below(r, text->len);
	char *sp = memchr(text->data + at, ' ', text->len - at);
	if (sp) {
		size_t k = (size_t)(sp - text->data);
		buf_add(text, " ", 1);
		memmove(text->data + k + 1, text->data + k, text->len - k - 1);
	}
	buf_adds(text, " ...");
}

/* ---- output ------------------------------------------------------------ */

static void json_text(buf_t *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_grow(b, n + n / 8 + 8);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			buf_add(b, e, 2);
		} else if (c == '\n') {
			buf_add(b, "\\n", 2);
		} else if (c == '\t') {
			buf_add(b, "\\t", 2);
		} else {
			char e[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 6);
		}
	}
	buf_add(b, s + run, n - run);
}

enum role { ORIGINAL, NEAR, DECOY, EXACT };

typedef struct opts {
	size_t docs;
	uint64_t seed;
	int k;
	double threshold, near, decoy, exact;
} opts;

static enum role role_of(const opts *o, size_t n)
{
	rng r = rng_for(o->seed, n, 'R');
	double u = rng_unit(&r);
	if (u < o->exact)
		return EXACT;
	if (u < o->exact + o->near)
		return NEAR;
	if (u < o->exact + o->near + o->decoy)
		return DECOY;
	return ORIGINAL;
}

static size_t source_of(const opts *o, size_t n)
{
	rng r = rng_for(o->seed, n, 'S');
	for (int k = 0; k < 100; k++) {
		size_t s = rng_below(&r, o->docs);
		if (s != n && role_of(o, s) == ORIGINAL)
			return s;
	}
	return SIZE_MAX;
}

typedef struct stats {
	size_t originals, near, decoy, exact, failed, words, retries;
	size_t fast_mismatch;
	double bytes;
} stats;

/* Makes the copy of src (token list s, text stext, real shingle set sset)
 * whose similarity falls in [lo, hi); 1 when it did, with its text in
 * sc->text and the similarity in *sim. */
static int plant(const pool *p, const opts *o, rng *r, const doc *s,
                 const uint64_t *sset, size_t nsset, double lo, double hi,
                 doc *c, scratch *sc, double *sim, stats *st)
{
	static uint64_t *fs, *fc, *rc;
	static size_t capfs, capfc, caprc;
	size_t nfs = fast_set(p, s, o->k, &fs, &capfs, sc);
	size_t min_words = doc_words(p, s) / 2;
	if (min_words < 80)
		min_words = 80;
	double target = lo + rng_unit(r) * (hi - lo);
	for (int attempt = 0; attempt < 40; attempt++) {
		double wlo = target - 0.02, whi = target + 0.02;
		if (attempt >=
		    20) { /* the target cannot be met: any in range */
			wlo = lo;
			whi = hi;
		}
		wlo = wlo < lo ? lo : wlo;
		whi = whi > hi ? hi : whi;
		double mid = (wlo + whi) / 2;
		doc_copy(c, s);
		st->retries += attempt > 0;
		size_t done = 0;
		for (int iter = 0; iter < 400; iter++) {
			size_t nfc = fast_set(p, c, o->k, &fc, &capfc, sc);
			double j = dd_jaccard(fs, nfs, fc, nfc);
			if (j < wlo || doc_words(p, c) < min_words)
				break;
			if (j < whi) {
				render(p, c, &sc->text);
				buf_reset(&sc->norm);
				text_normalize(sc->text.data, sc->text.len,
				               &sc->norm);
				size_t nrc =
				    dd_shingles(sc->norm.data, sc->norm.len,
				                o->k, &rc, &caprc, NULL);
				double real = dd_jaccard(sset, nsset, rc, nrc);
				if (real != j)
					st->fast_mismatch++;
				if (real >= lo && real < hi) {
					*sim = real;
					return 1;
				}
				break;
			}
			/* First guess: one substitution moves about k
			 * shingles out and k in, about 2k / n off the
			 * similarity near 1; then the rate seen so far.  Half
			 * of either, less on later attempts: overshooting
			 * costs a new attempt. */
			double rate = done ? (1.0 - j) / (double)done
			                   : 2.0 * o->k / (double)nfs;
			double steps = (j - mid) / rate / 2 / (1 + attempt % 4);
			size_t e = steps < 1 ? 1 : (size_t)steps;
			done += e;
			while (e--)
				edit(p, c, r);
		}
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static FILE *open_out(const char *path)
{
	if (!path)
		return NULL;
	if (!strcmp(path, "-"))
		return stdout;
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "cqa-bench-dedup-corpus: %s: %s\n", path,
		        strerror(errno));
		exit(3);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void usage(void)
{
	fputs("usage: cqa-bench-dedup-corpus [--pool DOCS.jsonl] [--docs N] "
	      "[--seed S]\n"
	      "         [--shingle K] [--similarity X] [--near P] [--decoy P] "
	      "[--exact P]\n"
	      "         [--norm FILE] [--planted FILE] [-o FILE]\n",
	      stderr);
	exit(2);
}

static double num_arg(int argc, char **argv, int *i, double lo, double hi)
{
	if (*i + 1 >= argc)
		usage();
	char *end;
	const char *s = argv[++*i];
	double v = strtod(s, &end);
	if (*end == 'k' || *end == 'K')
		v *= 1e3, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1e6, end++;
	if (end == s || *end || !(v >= lo && v <= hi))
		usage();
	return v;
}

int main(int argc, char **argv)
{
	opts o = {10000, 1, 5, 0.5, 0.05, 0.01, 0.005};
	const char *pool_path = NULL, *out_path = "-", *norm_path = NULL,
	           *planted_path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--pool") && i + 1 < argc)
			pool_path = argv[++i];
		else if (!strcmp(a, "--docs"))
			o.docs = (size_t)num_arg(argc, argv, &i, 1, 1e9);
		else if (!strcmp(a, "--seed"))
			o.seed = (uint64_t)num_arg(argc, argv, &i, 0, 1e18);
		else if (!strcmp(a, "--shingle"))
			o.k = (int)num_arg(argc, argv, &i, 1, 16);
		else if (!strcmp(a, "--similarity"))
			o.threshold = num_arg(argc, argv, &i, 0.25, 0.99);
		else if (!strcmp(a, "--near"))
			o.near = num_arg(argc, argv, &i, 0, 0.5);
		else if (!strcmp(a, "--decoy"))
			o.decoy = num_arg(argc, argv, &i, 0, 0.2);
		else if (!strcmp(a, "--exact"))
			o.exact = num_arg(argc, argv, &i, 0, 0.2);
		else if (!strcmp(a, "--norm") && i + 1 < argc)
			norm_path = argv[++i];
		else if (!strcmp(a, "--planted") && i + 1 < argc)
			planted_path = argv[++i];
		else if (!strcmp(a, "-o") && i + 1 < argc)
			out_path = argv[++i];
		else
			usage();
	}

	double t0 = now();
	pool p = {0};
	if (pool_path) {
		cqa_error err = {0};
		if (pool_load(&p, pool_path, &err) < 0) {
			fprintf(stderr, "cqa-bench-dedup-corpus: %s\n",
			        err.msg);
			return 3;
		}
	} else {
		pool_synthetic(&p, o.seed);
	}
	if (p.npages < 10) {
		fprintf(stderr,
		        "cqa-bench-dedup-corpus: the pool has %zu pages of "
		        "%d words or more; 10 are needed\n",
		        p.npages, MIN_PAGE_WORDS);
		return 3;
	}
	para_token(&p);
	double t_pool = now() - t0;

	FILE *out = open_out(out_path), *norm = open_out(norm_path),
	     *planted = open_out(planted_path);
	stats st = {0};
	doc d = {0}, s = {0};
	scratch sc = {0};
	buf_t line = BUF_INIT, stext = BUF_INIT;
	uint64_t *sset = NULL;
	size_t capsset = 0;
	for (size_t n = 0; n < o.docs; n++) {
		enum role role = role_of(&o, n);
		size_t src = role == ORIGINAL ? SIZE_MAX : source_of(&o, n);
		double sim = 1.0;
		if (src == SIZE_MAX)
			role = ORIGINAL;
		if (role == ORIGINAL) {
			gen_original(&p, o.seed, n, &d);
			render(&p, &d, &sc.text);
			st.words += doc_words(&p, &d);
		} else {
			rng r = rng_for(o.seed, n, 'E');
			gen_original(&p, o.seed, src, &s);
			render(&p, &s, &stext);
			if (role == EXACT) {
				buf_reset(&sc.text);
				buf_add(&sc.text, stext.data, stext.len);
				disguise(&sc.text, &r);
				buf_reset(&sc.norm);
				buf_reset(&sc.norm2);
				text_normalize(sc.text.data, sc.text.len,
				               &sc.norm);
				text_normalize(stext.data, stext.len,
				               &sc.norm2);
				st.words += doc_words(&p, &s);
				if (sc.norm.len != sc.norm2.len ||
				    memcmp(sc.norm.data, sc.norm2.data,
				           sc.norm.len)) {
					buf_reset(&sc.text);
					buf_add(&sc.text, stext.data,
					        stext.len);
				}
			} else {
				buf_reset(&sc.norm2);
				text_normalize(stext.data, stext.len,
				               &sc.norm2);
				size_t ns =
				    dd_shingles(sc.norm2.data, sc.norm2.len,
				                o.k, &sset, &capsset, NULL);
				double lo = role == NEAR ? o.threshold
				                         : o.threshold - 0.2;
				double hi = role == NEAR ? 1.0 : o.threshold;
				if (!plant(&p, &o, &r, &s, sset, ns, lo, hi, &d,
				           &sc, &sim, &st)) {
					st.failed++;
					role = ORIGINAL;
					src = SIZE_MAX;
					gen_original(&p, o.seed, n, &d);
					render(&p, &d, &sc.text);
				}
				st.words += doc_words(&p, &d);
			}
		}
		switch (role) {
		case ORIGINAL:
			st.originals++;
			break;
		case NEAR:
			st.near++;
			break;
		case DECOY:
			st.decoy++;
			break;
		case EXACT:
			st.exact++;
			break;
		}
		buf_reset(&line);
		buf_printf(&line,
		           "{\"url\":\"https://bench.example/d/%zu\","
		           "\"status\":200,\"text\":\"",
		           n);
		json_text(&line, sc.text.data, sc.text.len);
		buf_adds(&line, "\",\"blocks\":[]}\n");
		fwrite(line.data, 1, line.len, out);
		st.bytes += (double)line.len;
		if (norm) {
			buf_reset(&sc.norm);
			text_normalize(sc.text.data, sc.text.len, &sc.norm);
			fprintf(norm, "https://bench.example/d/%zu\t", n);
			fwrite(sc.norm.data, 1, sc.norm.len, norm);
			fputc('\n', norm);
		}
		if (planted && role != ORIGINAL)
			fprintf(planted,
			        "%s\thttps://bench.example/d/%zu\t"
			        "https://bench.example/d/%zu\t%.6f\n",
			        role == NEAR    ? "near"
			        : role == DECOY ? "decoy"
			                        : "exact",
			        src, n, sim);
	}
	int bad = 0;
	FILE *files[3] = {out, norm, planted};
	for (int i = 0; i < 3; i++)
		if (files[i] && (fflush(files[i]) || ferror(files[i]) ||
		                 (files[i] != stdout && fclose(files[i]))))
			bad = 1;
	if (bad) {
		fprintf(stderr, "cqa-bench-dedup-corpus: cannot write: %s\n",
		        strerror(errno));
		return 3;
	}
	fprintf(stderr,
	        "corpus: %zu docs, %zu words (normalised), %.1f MB: %zu "
	        "originals, %zu "
	        "near copies, %zu decoys, %zu exact copies, %zu failed, %zu "
	        "retries, %zu fast/real differences; pool %zu pages, %zu "
	        "words (%.2f s); %.2f s\n",
	        o.docs, st.words, st.bytes / 1e6, st.originals, st.near,
	        st.decoy, st.exact, st.failed, st.retries, st.fast_mismatch,
	        p.npages, p.words, t_pool, now() - t0);
	free(d.v);
	free(s.v);
	free(sset);
	free(sc.w);
	free(sc.ids);
	buf_free(&sc.text);
	buf_free(&sc.norm);
	buf_free(&sc.norm2);
	buf_free(&line);
	buf_free(&stext);
	buf_free(&p.text);
	buf_free(&p.norm);
	free(p.tok);
	free(p.wh);
	free(p.pages);
	return 0;
}
