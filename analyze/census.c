/*
 * census.c - common content, repeated passages, template blocks; see
 * census.h.
 */
#include "census.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "kstore.h"
#include "shingle.h"

/* Seeds that keep the three kinds of key apart. */
static const uint64_t SEED_SENTENCE = 0x53454e54454e4345ULL;
static const uint64_t SEED_PARAGRAPH = 0x5041524147524150ULL;
static const uint64_t SEED_BLOCK = 0x424c4f434b424c4bULL;

struct census {
	int k;
	kstore *shingles, *passages, *blocks;
	/* per page */
	uint64_t *base;  /* first bit of the page in common */
	uint32_t *words; /* words of the page */
	size_t npages, cap;
	uint64_t bits; /* total words */
	/* after census_finish */
	uint64_t *common; /* bitmap */
	census_source *sources;
	uint32_t *tblocks;
	uint64_t *tchars;
	uint32_t tmin;
	census_item *pass, *blk;
	size_t npass, nblk, cpass, cblk;
	size_t total_pages;
};

census *census_new(int shingle, const char *temp_dir, size_t budget)
{
	census *c = xcalloc(1, sizeof *c);
	c->k = shingle_k(shingle); /* the records' k */
	/* shingles are one record a word: they get most of the budget */
	c->shingles = kstore_new(budget / 2, temp_dir, "common content");
	c->passages = kstore_new(budget / 4, temp_dir, "repeated passages");
	c->blocks = kstore_new(budget / 4, temp_dir, "the template census");
	return c;
}

void census_free(census *c)
{
	if (!c)
		return;
	kstore_free(c->shingles);
	kstore_free(c->passages);
	kstore_free(c->blocks);
	free(c->base);
	free(c->words);
	free(c->common);
	free(c->sources);
	free(c->tblocks);
	free(c->tchars);
	free(c->pass);
	free(c->blk);
	free(c);
}

static void ensure_page(census *c, uint32_t page)
{
	while (page >= c->npages) {
		if (c->npages == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 256;
			c->base = xrealloc(c->base, c->cap * sizeof *c->base);
			c->words =
			    xrealloc(c->words, c->cap * sizeof *c->words);
		}
		c->base[c->npages] = c->bits;
		c->words[c->npages] = 0;
		c->npages++;
	}
}

int census_add_shingles(census *c, uint32_t page, const uint64_t *ids,
                        size_t nids, size_t words, cqa_error *err)
{
	ensure_page(c, page);
	c->base[page] = c->bits;
	c->words[page] = words > UINT32_MAX ? UINT32_MAX : (uint32_t)words;
	c->bits += c->words[page];
	return kstore_add_keys(c->shingles, ids,
	                       nids < UINT32_MAX ? nids : UINT32_MAX, page, 0,
	                       err);
}

/* ---- passages ----------------------------------------------------------- */

/* The key of a folded passage; 0 means "no word", so no key is 0. */
static uint64_t folded_key(const char *folded, size_t len, uint64_t seed)
{
	if (len == 0)
		return 0;
	uint64_t h = XXH3_64bits_withSeed(folded, len, seed);
	return h ? h : 1;
}

static uint64_t key_of(const char *s, size_t len, uint64_t seed, buf_t *tmp,
                       size_t *words)
{
	buf_reset(tmp);
	size_t w = text_fold_words(s, len, tmp);
	if (words)
		*words = w;
	return folded_key(tmp->data, tmp->len, seed);
}

static int continuation_at(const char *p, size_t plen, size_t at)
{
	return at < plen && ((unsigned char)p[at] & 0xC0) == 0x80;
}

/* The key of the sentence [at, at + len) of the paragraph p, whose fold
 * is in folded with the marks m[0] (its start) and m[1] (its end): a
 * slice of the paragraph's fold when the sentence starts between words
 * and on whole characters, as it nearly always does; else folded on its
 * own into scratch.  The same key either way. */
static uint64_t sentence_key(const char *p, size_t plen, size_t at, size_t len,
                             const buf_t *folded, const text_fold_mark *m,
                             buf_t *scratch)
{
	if (at + len > plen || m[0].in_word || continuation_at(p, plen, at) ||
	    continuation_at(p, plen, at + len))
		return key_of(p + at, len, SEED_SENTENCE, scratch, NULL);
	if (m[1].words == m[0].words)
		return 0;
	size_t from = m[0].out_len + (m[0].words > 0);
	return folded_key(folded->data + from, m[1].out_len - from,
	                  SEED_SENTENCE);
}

static void collect_sentence(void *ud, const char *start, size_t len,
                             size_t line, const text_counts *tc)
{
	(void)line;
	buf_t *b = ud;
	census_sentence cs = {(size_t)(uintptr_t)start, len,
	                      tc->words > UINT32_MAX ? UINT32_MAX
	                                             : (uint32_t)tc->words};
	buf_add(b, &cs, sizeof cs);
}

/* census_each_passage(), appending the fold of each paragraph to whole
 * (when not NULL) as it goes: the paragraphs are all there is to the text
 * but the blank lines between them, so whole ends up as
 * text_fold_words() of the whole text. */
static void each_passage(const char *text, size_t len,
                         const census_sentence *sent, size_t nsent,
                         census_passage_fn fn, void *ud, buf_t *whole)
{
	buf_t tmp = BUF_INIT, found = BUF_INIT, scratch = BUF_INIT;
	if (!sent) {
		/* collect_sentence keeps pointers: make them offsets */
		text_sentences(text, len, collect_sentence, &found);
		nsent = found.len / sizeof *sent;
		census_sentence *fs = (census_sentence *)found.data;
		for (size_t k = 0; k < nsent; k++)
			fs[k].start -= (size_t)(uintptr_t)text;
		sent = fs;
	}
	size_t k = 0;
	buf_t at = BUF_INIT, marks = BUF_INIT;
	for (size_t i = 0; i < len;) {
		/* a paragraph ends at a blank line */
		size_t e = i;
		for (;;) { /* line breaks found by memchr: few a paragraph */
			const char *nl = memchr(text + e, '\n', len - e);
			e = nl ? (size_t)(nl - text) : len;
			if (e >= len || (e + 1 < len && text[e + 1] == '\n'))
				break;
			e++;
		}
		const char *p = text + i;
		size_t plen = e - i;
		/* the paragraph's sentences: those that start in it */
		while (k < nsent && sent[k].start < i)
			k++;
		size_t first = k;
		while (k < nsent && sent[k].start < e)
			k++;
		/* one fold of the paragraph, marked at its sentences' ends
		 * when it has the two that make them passages of their own */
		buf_reset(&at);
		for (size_t s = first; k - first >= 2 && s < k; s++) {
			size_t ends[2] = {sent[s].start - i,
			                  sent[s].start - i + sent[s].len};
			buf_add(&at, ends, sizeof ends);
		}
		size_t nat = at.len / sizeof(size_t);
		buf_reset(&marks);
		buf_grow(&marks, nat * sizeof(text_fold_mark));
		text_fold_mark *mk = (text_fold_mark *)marks.data;
		buf_reset(&tmp);
		size_t words = text_fold_words_marked(
		    p, plen, &tmp, (const size_t *)at.data, nat, mk);
		if (whole && tmp.len) {
			if (whole->len)
				buf_addc(whole, ' ');
			buf_add(whole, tmp.data, tmp.len);
		}
		uint64_t key = folded_key(tmp.data, tmp.len, SEED_PARAGRAPH);
		/* words here are the folded text's, which split "don't" in
		 * two: enough for the threshold; fn gets the paragraph's
		 * words as the count has them, its sentences' */
		if (key && words >= PASSAGE_MIN_WORDS) {
			uint64_t counted = 0;
			for (size_t s = first; s < k; s++)
				counted += sent[s].words;
			fn(ud, CENSUS_PARAGRAPH, p, plen,
			   counted > UINT32_MAX ? UINT32_MAX
			                        : (uint32_t)counted,
			   key);
			for (size_t s = first; k - first >= 2 && s < k; s++) {
				if (sent[s].words < PASSAGE_MIN_WORDS)
					continue;
				key = sentence_key(
				    p, plen, sent[s].start - i, sent[s].len,
				    &tmp, &mk[2 * (s - first)], &scratch);
				if (key)
					fn(ud, CENSUS_SENTENCE,
					   text + sent[s].start, sent[s].len,
					   sent[s].words, key);
			}
		}
		i = e;
		while (i < len && text[i] == '\n')
			i++;
	}
	buf_free(&at);
	buf_free(&marks);
	buf_free(&scratch);
	buf_free(&tmp);
	buf_free(&found);
}

void census_each_passage(const char *text, size_t len,
                         const census_sentence *sent, size_t nsent,
                         census_passage_fn fn, void *ud)
{
	each_passage(text, len, sent, nsent, fn, ud, NULL);
}

typedef struct span_ctx {
	const char *text;
	buf_t *spans;
} span_ctx;

static void note_span(void *ud, int kind, const char *s, size_t len,
                      uint32_t words, uint64_t key)
{
	span_ctx *x = ud;
	size_t at = (size_t)(s - x->text);
	/* a text of 4 GB or more keeps the passages in its first 4 GB */
	if (at > UINT32_MAX || len > UINT32_MAX - at)
		return;
	census_span sp = {key, (uint32_t)at, (uint32_t)len, words,
	                  (uint32_t)kind};
	buf_add(x->spans, &sp, sizeof sp);
}

void census_passage_spans(const char *text, size_t len,
                          const census_sentence *sent, size_t nsent,
                          buf_t *spans, buf_t *whole)
{
	span_ctx x = {text, spans};
	if (whole)
		buf_add(whole, "", 0); /* a C string even without a word */
	each_passage(text, len, sent, nsent, note_span, &x, whole);
}

int census_add_spans(census *c, uint32_t page, const census_span *spans,
                     size_t n, cqa_error *err)
{
	ensure_page(c, page);
	for (size_t i = 0; i < n; i++) {
		uint32_t words =
		    spans[i].words > 0x7fffffff ? 0x7fffffff : spans[i].words;
		uint32_t aux =
		    words |
		    (spans[i].kind == CENSUS_PARAGRAPH ? 0x80000000u : 0);
		int rc = kstore_add(c->passages, spans[i].key, page, aux, err);
		if (rc)
			return rc;
	}
	return 0;
}

uint64_t census_block_key(const char *text, size_t len)
{
	buf_t tmp = BUF_INIT;
	uint64_t key = key_of(text, len, SEED_BLOCK, &tmp, NULL);
	buf_free(&tmp);
	return key;
}

int census_add_block(census *c, uint32_t page, const char *text, size_t len,
                     uint32_t chars, int is_content, cqa_error *err)
{
	ensure_page(c, page);
	uint64_t key = census_block_key(text, len);
	if (!key)
		return 0;
	if (chars > 0x7fffffff)
		chars = 0x7fffffff;
	return kstore_add(c->blocks, key, page,
	                  chars | (is_content ? 0x80000000u : 0), err);
}

/* ---- after the last page ------------------------------------------------ */

static void credit_source(census_source *s, uint32_t src)
{
	/* Space-saving (Metwally et al. 2005): exact while a page has at
	 * most CENSUS_SOURCES sources; beyond, the slot of the fewest is
	 * taken over, which keeps any source with a large share. */
	int least = 0;
	for (int i = 0; i < CENSUS_SOURCES; i++) {
		if (s[i].page == src) {
			s[i].count++;
			return;
		}
		if (s[i].page == UINT32_MAX) {
			s[i] = (census_source){src, 1};
			return;
		}
		if (s[i].count < s[least].count)
			least = i;
	}
	s[least].page = src;
	s[least].count++;
}

static int scan_shingles(void *ud, krec *r, size_t n, cqa_error *err)
{
	(void)err;
	census *c = ud;
	for (size_t i = 0; i < n;) {
		size_t e = i + 1, pages = 1;
		uint32_t second = UINT32_MAX;
		for (; e < n && r[e].key == r[i].key; e++)
			if (r[e].page != r[e - 1].page) {
				pages++;
				if (second == UINT32_MAX)
					second = r[e].page;
			}
		if (pages >= 2) {
			for (size_t j = i; j < e; j++) {
				uint32_t p = r[j].page;
				/* its k words' bits, at most two words of
				 * the bitmap (k <= SHINGLE_MAX_K < 64) */
				uint64_t at = c->base[p] + r[j].aux;
				unsigned lo = (unsigned)(at & 63);
				uint64_t m = (1ULL << c->k) - 1;
				c->common[at >> 6] |= m << lo;
				if (lo + (unsigned)c->k > 64)
					c->common[(at >> 6) + 1] |=
					    m >> (64 - lo);
				credit_source(
				    c->sources + (size_t)p * CENSUS_SOURCES,
				    p == r[i].page ? second : r[i].page);
			}
		}
		i = e;
	}
	return 0;
}

static census_item *push_item(census_item **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	census_item *it = &(*v)[(*n)++];
	memset(it, 0, sizeof *it);
	return it;
}

/* Distinct pages of a run, the first CENSUS_LIST_PAGES kept in it. */
static uint32_t run_pages(const krec *r, size_t n, census_item *it)
{
	uint32_t pages = 0;
	for (size_t j = 0; j < n; j++) {
		if (j > 0 && r[j].page == r[j - 1].page)
			continue;
		if (it && it->npage < CENSUS_LIST_PAGES)
			it->page[it->npage++] = r[j].page;
		pages++;
	}
	return pages;
}

static int scan_passages(void *ud, krec *r, size_t n, cqa_error *err)
{
	(void)err;
	census *c = ud;
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && r[e].key == r[i].key)
			e++;
		uint32_t pages = run_pages(r + i, e - i, NULL);
		if (pages >= REPEAT_MIN_PAGES) {
			census_item *it =
			    push_item(&c->pass, &c->npass, &c->cpass);
			it->key = r[i].key;
			it->kind = (r[i].aux & 0x80000000u) ? CENSUS_PARAGRAPH
			                                    : CENSUS_SENTENCE;
			it->size = r[i].aux & 0x7fffffffu;
			it->pages = run_pages(r + i, e - i, it);
		}
		i = e;
	}
	return 0;
}

static int scan_blocks(void *ud, krec *r, size_t n, cqa_error *err)
{
	(void)err;
	census *c = ud;
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && r[e].key == r[i].key)
			e++;
		uint32_t pages = 0, content = 0;
		for (size_t j = i; j < e; j++) {
			int first = j == i || r[j].page != r[j - 1].page;
			pages += (uint32_t)first;
			/* a page counts as content when its first
			 * occurrence is labelled so */
			if (first && (r[j].aux & 0x80000000u))
				content++;
		}
		int boiler = pages >= c->tmin && pages - content >= content;
		int sitewide =
		    content >= c->tmin && 2 * (size_t)content > c->total_pages;
		if (boiler || sitewide) {
			census_item *it =
			    push_item(&c->blk, &c->nblk, &c->cblk);
			it->key = r[i].key;
			it->kind = CENSUS_BLOCK;
			it->content = !boiler;
			it->size = r[i].aux & 0x7fffffffu;
			it->pages = run_pages(r + i, e - i, it);
			/* A template block counts on the pages where it is
			 * what it was found as: the related-articles link
			 * to a page is template, that page's own headline
			 * with the same words is not. */
			uint32_t want = boiler ? 0 : 0x80000000u;
			for (size_t j = i; j < e; j++) {
				if ((r[j].aux & 0x80000000u) != want)
					continue;
				if (!it->example_set) {
					it->example = r[j].page;
					it->example_set = 1;
				}
				c->tblocks[r[j].page]++;
				c->tchars[r[j].page] += r[j].aux & 0x7fffffffu;
			}
		}
		i = e;
	}
	return 0;
}

int census_finish(census *c, size_t npages, cqa_error *err)
{
	if (npages)
		ensure_page(c, (uint32_t)(npages - 1));
	c->total_pages = npages;
	double share = ceil(TEMPLATE_MIN_SHARE * (double)npages);
	c->tmin =
	    share < TEMPLATE_MIN_PAGES ? (uint32_t)share : TEMPLATE_MIN_PAGES;
	if (c->tmin < TEMPLATE_FLOOR_PAGES)
		c->tmin = TEMPLATE_FLOOR_PAGES;
	size_t n = c->npages ? c->npages : 1;
	c->common = xcalloc((size_t)(c->bits / 64 + 1), sizeof *c->common);
	c->sources = xmalloc(n * CENSUS_SOURCES * sizeof *c->sources);
	for (size_t i = 0; i < n * CENSUS_SOURCES; i++)
		c->sources[i] = (census_source){UINT32_MAX, 0};
	c->tblocks = xcalloc(n, sizeof *c->tblocks);
	c->tchars = xcalloc(n, sizeof *c->tchars);
	int rc = kstore_each(c->shingles, scan_shingles, c, err);
	if (!rc)
		rc = kstore_each(c->passages, scan_passages, c, err);
	if (!rc)
		rc = kstore_each(c->blocks, scan_blocks, c, err);
	/* sources, most shingles first */
	for (size_t p = 0; p < c->npages; p++) {
		census_source *s = c->sources + p * CENSUS_SOURCES;
		for (int i = 1; i < CENSUS_SOURCES; i++)
			for (int j = i; j > 0 && s[j].count > s[j - 1].count;
			     j--) {
				census_source t = s[j];
				s[j] = s[j - 1];
				s[j - 1] = t;
			}
	}
	return rc;
}

size_t census_common_words(const census *c, uint32_t page)
{
	if (page >= c->npages || !c->common)
		return 0;
	size_t n = 0;
	uint64_t from = c->base[page], to = from + c->words[page];
	/* a bit at a time to the first whole word of the bitmap, then 64 */
	uint64_t b = from;
	for (; b < to && (b & 63); b++)
		n += (c->common[b >> 6] >> (b & 63)) & 1;
	for (; b + 64 <= to; b += 64)
		n += (size_t)__builtin_popcountll(c->common[b >> 6]);
	for (; b < to; b++)
		n += (c->common[b >> 6] >> (b & 63)) & 1;
	return n;
}

const census_source *census_sources(const census *c, uint32_t page)
{
	return page < c->npages ? c->sources + (size_t)page * CENSUS_SOURCES
	                        : NULL;
}

uint32_t census_template_blocks(const census *c, uint32_t page)
{
	return page < c->npages ? c->tblocks[page] : 0;
}

uint64_t census_template_chars(const census *c, uint32_t page)
{
	return page < c->npages ? c->tchars[page] : 0;
}

uint32_t census_template_min_pages(const census *c)
{
	return c->tmin;
}

const census_item *census_passages(const census *c, size_t *n)
{
	*n = c->npass;
	return c->pass;
}

const census_item *census_blocks(const census *c, size_t *n)
{
	*n = c->nblk;
	return c->blk;
}
