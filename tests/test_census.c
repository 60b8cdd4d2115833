/*
 * test_census.c - what recurs across pages, and the analyzer as a program,
 * checked against values worked out by hand.
 *
 *  - the census (analyze/census.h) on its own: repeated passages, the
 *    template census and its page threshold, common content;
 *  - the analyzer on in-memory documents: repeated_text and template_block
 *    records, and the census fields of the page records and the summary;
 *  - cqa-analyze on hostile inputs (many empty documents, one text many
 *    times, one enormous document), timed, with its peak memory;
 *  - the sample site (examples/site) through cqa-parse | cqa-analyze,
 *    against what examples/site.md says it holds.
 *
 * The parts of near-duplicate detection are in test_dedup.c.
 *
 * CQA_DEDUP_FULL=1 runs the hostile inputs at full size (1,000,000 empty
 * documents, 100,000 copies); by default they are smaller, to keep the
 * test quick in a Debug or sanitizer build.
 */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/analyze.h"
#include "analyze/census.h"
#include "analyze_harness.h"
#include "common/buf.h"
#include "common/jsonl.h"

/* Two sentences of 9 and 8 words, 17 words in all:
 *   Small(1) changes add up over many weeks and months(9).
 *   Talk(1) to your doctor before making big changes(8). */
#define S1 "Small changes add up over many weeks and months."
#define S2 "Talk to your doctor before making big changes."
#define Q S1 " " S2
/* S1 and a 3-word sentence: a paragraph of 12 words whose first sentence
 * is S1. */
#define S1P S1 " Walking helps too."
/* One sentence of 10 words: This(1) single sentence paragraph has exactly
 * ten words in it(10). */
#define R "This single sentence paragraph has exactly ten words in it."

/* ---- 7. the census on its own ------------------------------------------- */

typedef struct seen_passage {
	int kind[8];
	uint32_t words[8];
	uint64_t key[8];
	char text[8][128];
	int n;
} seen_passage;

static void note(void *ud, int kind, const char *s, size_t len, uint32_t words,
                 uint64_t key)
{
	seen_passage *p = ud;
	assert_true(p->n < 8);
	p->kind[p->n] = kind;
	p->words[p->n] = words;
	p->key[p->n] = key;
	snprintf(p->text[p->n], sizeof p->text[0], "%.*s", (int)len, s);
	p->n++;
}

static void passages_of(const char *text, seen_passage *p)
{
	memset(p, 0, sizeof *p);
	census_each_passage(text, strlen(text), NULL, 0, note, p);
}

/* Passage i of p is of kind kind, words words and text text. */
static void assert_passage(const seen_passage *p, int i, int kind,
                           uint32_t words, const char *text)
{
	assert_int_equal(p->kind[i], kind);
	assert_int_equal(p->words[i], words);
	assert_string_equal(p->text[i], text);
}

static void test_each_passage(void **state)
{
	(void)state;
	seen_passage p, v;
	/* a paragraph of two sentences of 8 words or more: the paragraph
	 * (17 words), then each sentence (9, 8) */
	passages_of(Q, &p);
	assert_int_equal(p.n, 3);
	assert_passage(&p, 0, CENSUS_PARAGRAPH, 17, Q);
	assert_passage(&p, 1, CENSUS_SENTENCE, 9, S1);
	assert_passage(&p, 2, CENSUS_SENTENCE, 8, S2);
	/* keys are of the normalised passage: case, punctuation and
	 * spacing do not matter */
	passages_of("SMALL changes add up -- over many weeks and months!  "
	            "Talk to your doctor, before making big changes",
	            &v);
	assert_int_equal(v.n, 3);
	assert_true(v.key[0] == p.key[0] && v.key[1] == p.key[1] &&
	            v.key[2] == p.key[2]);
	/* a paragraph and a sentence of the same words have other keys */
	passages_of(S1, &v);
	assert_int_equal(v.n, 1); /* one sentence: the paragraph only */
	assert_int_equal(v.kind[0], CENSUS_PARAGRAPH);
	assert_true(v.key[0] != p.key[1]);
	/* S1P: the paragraph (12 words) and S1 (9); "Walking helps too."
	 * has 3 words, under PASSAGE_MIN_WORDS = 8 */
	passages_of(S1P, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.words[0], 12);
	assert_true(v.key[1] == p.key[1]);
	/* under 8 words: nothing; paragraphs split at blank lines */
	passages_of("Thanks for reading.", &v);
	assert_int_equal(v.n, 0);
	passages_of(R "\n\nThanks for reading.\n\n" R, &v);
	assert_int_equal(v.n, 2);
	assert_true(v.key[0] == v.key[1]);
	assert_int_equal(v.words[0], 10);
}

/* A sentence's key is its own words' whatever the paragraph around it:
 * first, after another sentence, after a parenthesis, before a quotation,
 * with letters outside ASCII (census.c takes it from a fold of the whole
 * paragraph). */
static void test_sentence_key_in_context(void **state)
{
	(void)state;
#define X "\xC3\x89lodie walks to the old mill every morning before work."
	static const char *const paragraphs[] = {
	    X " Then she writes for an hour at the kitchen table.",
	    "She has done this for eleven years in every kind of weather. " X,
	    "(Nobody knows why she started doing it, least of all her.) " X
	    " \xE2\x80\x9CIt clears my head,\xE2\x80\x9D she says to anyone "
	    "who asks.",
	    "Every day \xE2\x80\x94 rain or shine \xE2\x80\x94 she is out "
	    "there with the dog. " X
	    " Then home again for breakfast at seven."};
	uint64_t key = 0;
	for (size_t i = 0; i < sizeof paragraphs / sizeof *paragraphs; i++) {
		seen_passage p;
		passages_of(paragraphs[i], &p);
		int found = 0;
		for (int j = 0; j < p.n; j++) {
			if (p.kind[j] != CENSUS_SENTENCE ||
			    strcmp(p.text[j], X))
				continue;
			found = 1;
			assert_true(p.key[j] != 0);
			if (!key)
				key = p.key[j];
			assert_true(p.key[j] == key);
		}
		if (!found)
			fail_msg(
			    "paragraph %zu: the sentence was not a passage", i);
	}
#undef X
}

static const census_item *item_by_key(const census_item *it, size_t n,
                                      uint64_t key, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (it[i].key == key && it[i].kind == kind)
			return &it[i];
	return NULL;
}

static void add_text(census *c, uint32_t page, const char *text)
{
	cqa_error err;
	cqa_error_clear(&err);
	buf_t spans = BUF_INIT;
	census_passage_spans(text, strlen(text), NULL, 0, &spans, NULL);
	assert_int_equal(
	    census_add_spans(c, page, (const census_span *)spans.data,
	                     spans.len / sizeof(census_span), &err),
	    0);
	buf_free(&spans);
}

static void assert_pages(const census_item *it, uint32_t pages,
                         const uint32_t *want, uint32_t nwant)
{
	assert_non_null(it);
	assert_int_equal(it->pages, pages);
	assert_int_equal(it->npage, nwant);
	for (uint32_t i = 0; i < nwant; i++)
		assert_int_equal(it->page[i], want[i]);
}

/*
 * Five pages:
 *   0: "Own words." / Q / R / R / "Thanks for reading."
 *   1: "Page one." / Q / R / "Thanks for reading."
 *   2: Q / "Thanks for reading."
 *   3: S1P / "Thanks for reading."
 *   4: "Thanks for reading."
 * Q is on pages 0, 1, 2: a repeated paragraph (3 >= REPEAT_MIN_PAGES) of
 * 17 words.  Its sentences: S1 on 0, 1, 2 and (in S1P) 3: 4 pages, 9
 * words; S2 on 0, 1, 2: 3 pages, 8 words.  R is on two pages (twice on
 * page 0, which counts once): not repeated.  "Thanks for reading." (3
 * words) and S1P (one page) are not either.  Three items.
 */
static void test_census_passages(void **state)
{
	(void)state;
	census *c = census_new(5, NULL, 1 << 20);
	add_text(c, 0,
	         "Own words.\n\n" Q "\n\n" R "\n\n" R
	         "\n\nThanks for reading.");
	add_text(c, 1, "Page one.\n\n" Q "\n\n" R "\n\nThanks for reading.");
	add_text(c, 2, Q "\n\nThanks for reading.");
	add_text(c, 3, S1P "\n\nThanks for reading.");
	add_text(c, 4, "Thanks for reading.");
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(census_finish(c, 5, &err), 0);
	size_t n;
	const census_item *it = census_passages(c, &n);
	assert_int_equal(n, 3);
	seen_passage q;
	passages_of(Q, &q);
	static const uint32_t p012[] = {0, 1, 2}, p0123[] = {0, 1, 2, 3};
	const census_item *para =
	    item_by_key(it, n, q.key[0], CENSUS_PARAGRAPH);
	assert_pages(para, 3, p012, 3);
	assert_int_equal(para->size, 17);
	const census_item *s1 = item_by_key(it, n, q.key[1], CENSUS_SENTENCE);
	assert_pages(s1, 4, p0123, 4);
	assert_int_equal(s1->size, 9);
	const census_item *s2 = item_by_key(it, n, q.key[2], CENSUS_SENTENCE);
	assert_pages(s2, 3, p012, 3);
	assert_int_equal(s2->size, 8);
	census_free(c);

	/* R on 12 pages: pages 12, the first CENSUS_LIST_PAGES = 10 listed */
	c = census_new(5, NULL, 1 << 20);
	for (uint32_t p = 0; p < 12; p++)
		add_text(c, p, R);
	assert_int_equal(census_finish(c, 12, &err), 0);
	it = census_passages(c, &n);
	assert_int_equal(n, 1);
	static const uint32_t first10[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	assert_pages(&it[0], 12, first10, 10);
	assert_int_equal(it[0].kind, CENSUS_PARAGRAPH);
	census_free(c);
}

static uint32_t min_pages(size_t npages)
{
	census *c = census_new(5, NULL, 1 << 20);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(census_finish(c, npages, &err), 0);
	uint32_t m = census_template_min_pages(c);
	census_free(c);
	return m;
}

static void test_template_min_pages(void **state)
{
	(void)state;
	/* min(5, ceil(0.2 n)), never under 2:
	 *   n = 0: ceil 0 -> 2;  1: ceil 0.2 = 1 -> 2;  4: ceil 0.8 = 1 -> 2
	 *   6: ceil 1.2 = 2;     10: 2;                 11: ceil 2.2 = 3
	 *   15: 3;               20: 4;                 21: ceil 4.2 = 5
	 *   25: 5;               100: min(5, 20) = 5 */
	static const size_t n[] = {0, 1, 4, 6, 10, 11, 15, 20, 21, 25, 100};
	static const uint32_t want[] = {2, 2, 2, 2, 2, 3, 3, 4, 5, 5, 5};
	for (size_t i = 0; i < sizeof n / sizeof *n; i++)
		if (min_pages(n[i]) != want[i])
			fail_msg("template_min_pages(%zu) = %u, want %u", n[i],
			         min_pages(n[i]), want[i]);
}

static void add_block(census *c, uint32_t page, const char *text,
                      uint32_t chars, int content)
{
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(
	    census_add_block(c, page, text, strlen(text), chars, content, &err),
	    0);
}

#define COOKIE "We use cookies to make this site work."

/*
 * Six pages (template_min_pages 2):
 *   K  COOKIE, boilerplate, 40 chars, pages 0-4: 5 pages -> template
 *   O  "Related posts", boilerplate, 13 chars, pages 0-1: 2 pages, exactly
 *      the minimum -> template
 *   L  "A banner on one page only", boilerplate, 10 chars, page 5: 1 page
 *      -> not
 *   M  "Subscribe to our newsletter", content, 20 chars, pages 0-3:
 *      content on 4 > 6 / 2 pages -> listed as content found site-wide
 *   N  "Share this article", content, 15 chars, pages 0-2: content on 3,
 *      not more than half of 6 -> not
 *   "· · ·" has no word: no key, not counted
 * Template blocks a page (K, O and M count where they have the label
 * they were found with):  page 0: K O M = 3, 40 + 13 + 20 = 73 chars;
 * 1: K O M = 3, 73;  2, 3: K M = 2, 60;  4: K = 1, 40;  5: 0.
 */
static void test_census_templates(void **state)
{
	(void)state;
	census *c = census_new(5, NULL, 1 << 20);
	for (uint32_t p = 0; p < 6; p++) {
		if (p <= 4)
			add_block(c, p, COOKIE, 40, 0);
		if (p <= 1)
			add_block(c, p, "Related posts", 13, 0);
		if (p == 5)
			add_block(c, p, "A banner on one page only", 10, 0);
		if (p <= 3)
			add_block(c, p, "Subscribe to our newsletter", 20, 1);
		if (p <= 2)
			add_block(c, p, "Share this article", 15, 1);
		add_block(c, p, "\xc2\xb7 \xc2\xb7 \xc2\xb7", 5, 0);
	}
	assert_true(census_block_key("\xc2\xb7 \xc2\xb7", 5) == 0);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(census_finish(c, 6, &err), 0);
	assert_int_equal(census_template_min_pages(c), 2);
	size_t n;
	const census_item *it = census_blocks(c, &n);
	assert_int_equal(n, 3);
	static const uint32_t p01234[] = {0, 1, 2, 3, 4}, p01[] = {0, 1},
	                      p0123[] = {0, 1, 2, 3};
	const census_item *k = item_by_key(
	    it, n, census_block_key(COOKIE, strlen(COOKIE)), CENSUS_BLOCK);
	assert_pages(k, 5, p01234, 5);
	assert_int_equal(k->content, 0);
	assert_int_equal(k->size, 40);
	assert_int_equal(k->example, 0);
	const census_item *o = item_by_key(
	    it, n, census_block_key("Related posts", 13), CENSUS_BLOCK);
	assert_pages(o, 2, p01, 2);
	assert_int_equal(o->content, 0);
	const census_item *m = item_by_key(
	    it, n, census_block_key("Subscribe to our newsletter", 27),
	    CENSUS_BLOCK);
	assert_pages(m, 4, p0123, 4);
	assert_int_equal(m->content, 1);
	assert_int_equal(m->size, 20);
	static const uint32_t blocks[6] = {3, 3, 2, 2, 1, 0};
	static const uint64_t chars[6] = {73, 73, 60, 60, 40, 0};
	for (uint32_t p = 0; p < 6; p++) {
		assert_int_equal(census_template_blocks(c, p), blocks[p]);
		assert_int_equal(census_template_chars(c, p), chars[p]);
	}
	census_free(c);

	/* 25 pages: template_min_pages 5; a block on 4 pages is not
	 * template, one on 5 is */
	c = census_new(5, NULL, 1 << 20);
	for (uint32_t p = 0; p < 5; p++) {
		add_block(c, p, "On five pages", 10, 0);
		if (p < 4)
			add_block(c, p, "On four pages", 10, 0);
	}
	assert_int_equal(census_finish(c, 25, &err), 0);
	assert_int_equal(census_template_min_pages(c), 5);
	it = census_blocks(c, &n);
	assert_int_equal(n, 1);
	assert_true(it[0].key == census_block_key("On five pages", 13));
	census_free(c);
}

/*
 * Common content, k = 5, shingle ids by hand (id@word position):
 *   page 0: 1@0 2@1 3@2 4@3 5@4 6@5           10 words
 *   page 1: 7@0 8@1 3@2 4@3 9@4 10@5 11@6 12@7 12 words
 *   page 2: 7@0 8@1 1@2                       7 words
 *   page 3: 50@0 50@1                         6 words (one shingle twice)
 * Shared between pages: 1 (0, 2), 3 and 4 (0, 1), 7 and 8 (1, 2).  A
 * shared shingle at position i marks words i .. i+4:
 *   page 0: 1@0 -> 0-4, 3@2 -> 2-6, 4@3 -> 3-7: words 0-7, 8 of 10
 *   page 1: 7@0 0-4, 8@1 1-5, 3@2 2-6, 4@3 3-7: words 0-7, 8 of 12
 *   page 2: 7@0 0-4, 8@1 1-5, 1@2 2-6:          words 0-6, 7 of 7
 *   page 3: 50 is on one page only:             0
 * Each shared shingle is credited to the first other page that has it:
 *   page 0: 3, 4 -> page 1 (2); 1 -> page 2 (1): [1: 2, 2: 1]
 *   page 1: 3, 4 -> page 0 (2); 7, 8 -> page 2 (2)
 *   page 2: 7, 8 -> page 1 (2); 1 -> page 0 (1): [1: 2, 0: 1]
 */
static void test_census_common(void **state)
{
	(void)state;
	census *c = census_new(5, NULL, 1 << 20);
	cqa_error err;
	cqa_error_clear(&err);
	static const uint64_t p0[] = {1, 2, 3, 4, 5, 6},
	                      p1[] = {7, 8, 3, 4, 9, 10, 11, 12},
	                      p2[] = {7, 8, 1}, p3[] = {50, 50};
	assert_int_equal(census_add_shingles(c, 0, p0, 6, 10, &err), 0);
	assert_int_equal(census_add_shingles(c, 1, p1, 8, 12, &err), 0);
	assert_int_equal(census_add_shingles(c, 2, p2, 3, 7, &err), 0);
	assert_int_equal(census_add_shingles(c, 3, p3, 2, 6, &err), 0);
	assert_int_equal(census_finish(c, 4, &err), 0);
	assert_int_equal(census_common_words(c, 0), 8);
	assert_int_equal(census_common_words(c, 1), 8);
	assert_int_equal(census_common_words(c, 2), 7);
	assert_int_equal(census_common_words(c, 3), 0);
	const census_source *s = census_sources(c, 0);
	assert_int_equal(s[0].page, 1);
	assert_int_equal(s[0].count, 2);
	assert_int_equal(s[1].page, 2);
	assert_int_equal(s[1].count, 1);
	assert_true(s[2].page == UINT32_MAX || s[2].count == 0);
	s = census_sources(c, 1);
	assert_int_equal(s[0].count, 2);
	assert_int_equal(s[1].count, 2);
	assert_true((s[0].page == 0 && s[1].page == 2) ||
	            (s[0].page == 2 && s[1].page == 0));
	s = census_sources(c, 2);
	assert_int_equal(s[0].page, 1);
	assert_int_equal(s[0].count, 2);
	assert_int_equal(s[1].page, 0);
	assert_int_equal(s[1].count, 1);
	s = census_sources(c, 3);
	for (int i = 0; i < CENSUS_SOURCES; i++)
		assert_true(s[i].page == UINT32_MAX || s[i].count == 0);
	census_free(c);
}

/* ---- the analyzer: census records --------------------------------------- */

static json_t *block(const char *label, const char *path, const char *text,
                     int chars)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:i}", "label", label, "path",
	                 path, "text", text, "chars", chars, "link_chars", 0);
}

/* A template_block record of text on pages pages, chars_sitewide
 * characters on them all, share_of_pages share, first seen on first_url. */
static void assert_template_block(const json_t *rec, const char *text,
                                  long long pages, long long chars_sitewide,
                                  double share, const char *first_url)
{
	assert_string_equal(jsonl_str(rec, "type"), "template_block");
	assert_string_equal(jsonl_str(rec, "text"), text);
	assert_int_equal(jsonl_int(rec, "pages", 0), pages);
	assert_int_equal(jsonl_int(rec, "chars_sitewide", 0), chars_sitewide);
	assert_exact(jsonl_num(rec, "share_of_pages", 0), share);
	assert_string_equal(jsonl_str(rec, "first_url"), first_url);
}

/* A repeated_text record of kind kind ("paragraph", "sentence") and text
 * text, of words words, on pages pages, adding words_sitewide words. */
static void assert_repeated_text(const json_t *rec, const char *kind,
                                 const char *text, long long words,
                                 long long pages, long long words_sitewide)
{
	assert_string_equal(jsonl_str(rec, "type"), "repeated_text");
	assert_string_equal(jsonl_str(rec, "kind"), kind);
	assert_string_equal(jsonl_str(rec, "text"), text);
	assert_int_equal(jsonl_int(rec, "words", 0), words);
	assert_int_equal(jsonl_int(rec, "pages", 0), pages);
	assert_int_equal(jsonl_int(rec, "words_sitewide", 0), words_sitewide);
}

#define B2 "Sponsored links for you today"
#define BANNER "A banner on one page only"

/*
 * Six pages, each a 5-word intro of its own (no word run shared) and then:
 *   p0, p1, p2: Q (17 words)      -> 22 words
 *   p3:         S1P (12 words)    -> 17 words
 *   p4, p5:     nothing           -> 5 words
 * Blocks: each page a content block of 60 chars of its own; COOKIE
 * (boilerplate, 40 chars) on p0-p4; B2 (boilerplate, 30) on p4, p5;
 * BANNER (boilerplate, 40) on p5 only.
 *
 * Repeated passages: Q on 3 pages (17 words, 17 x 2 = 34 added); S1 on 4
 * (9 words, 9 x 3 = 27); S2 on p0-p2 only, inside Q on as many pages: not
 * listed.  Records: Q then S1 (34 > 27); summary 2 passages, 61 words.
 *
 * Template (6 pages: minimum 2): COOKIE on 5 pages (200 chars site-wide,
 * share 5/6 = 0.8333, first url u/p0), B2 on 2 (60, 2/6 = 0.3333, first
 * u/p4); BANNER on one page is not.  Page visible chars and template:
 *   p0-p3: 60 + 40 = 100, 1 block, 40 / 100 = 0.4
 *   p4: 60 + 40 + 30 = 130, 2 blocks, 70 / 130 = 0.5385
 *   p5: 60 + 30 + 40 = 130, 1 block, 30 / 130 = 0.2308
 *   site: (5 x 40 + 2 x 30) / (4 x 100 + 2 x 130) = 260 / 660 = 0.3939
 *
 * Common content (5-word runs on two pages): the 17 words of Q on p0-p2
 * (the intros differ, so no run across the intro's end is shared): 17/22
 * = 0.7727; on p3 the 9 words of S1 (runs into "Walking helps too" are
 * its own): 9/17 = 0.5294; p4, p5: 0.  Site: (3 x 17 + 9) / (3 x 22 + 17
 * + 5 + 5) = 60 / 93 = 0.6452; mostly repeated (> 0.5): p0-p3, 4 pages.
 * Sources: Q's 13 shingles of p0 are credited to p1, those of p1 and p2
 * to p0; S1's 5 shingles of p3 to p0.
 * Near duplicates: every page is under 50 words: near_too_short 6.
 */
static void test_analyzer_census_records(void **state)
{
	(void)state;
	static const char *const intro[6] = {
	    "Apples grow on tall trees.", "Bees make sweet honey daily.",
	    "Cats sleep all day long.",   "Dogs like long walks outside.",
	    "Eagles fly very high up.",   "Fish swim in cold water."};
	json_t *docs[6];
	for (int p = 0; p < 6; p++) {
		char url[8], text[256], body[32];
		snprintf(url, sizeof url, "u/p%d", p);
		snprintf(text, sizeof text, "%s%s%s", intro[p],
		         p <= 2   ? "\n\n" Q
		         : p == 3 ? "\n\n" S1P
		                  : "",
		         "");
		snprintf(body, sizeof body, "Body of page %d", p);
		json_t *blocks = json_array();
		json_array_append_new(
		    blocks, block("content", "html/body/article", body, 60));
		if (p <= 4)
			json_array_append_new(
			    blocks, block("boilerplate", "html/body/div#cookie",
			                  COOKIE, 40));
		if (p >= 4)
			json_array_append_new(
			    blocks,
			    block("boilerplate", "html/body/aside", B2, 30));
		if (p == 5)
			json_array_append_new(
			    blocks,
			    block("boilerplate", "html/body/div", BANNER, 40));
		docs[p] =
		    json_pack("{s:s, s:i, s:s, s:o}", "url", url, "status", 200,
		              "text", text, "blocks", blocks);
	}
	harness_records rs;
	harness_analyze_docs(docs, 6, NULL, &rs);
	json_t **r = rs.r;
	/* 6 pages, 2 template blocks, 2 repeated passages, the summary */
	assert_int_equal(rs.n, 11);
	assert_int_equal(harness_count_type(&rs, "page"), 6);

	/* template blocks, most characters site-wide first */
	assert_template_block(r[6], COOKIE, 5, 200, 0.8333, "u/p0");
	assert_string_equal(jsonl_str(r[6], "label"), "boilerplate");
	assert_int_equal(jsonl_int(r[6], "chars", 0), 40);
	assert_string_equal(jsonl_str(r[6], "path"), "html/body/div#cookie");
	assert_template_block(r[7], B2, 2, 60, 0.3333, "u/p4");

	/* repeated passages, most words added first; S2 not listed */
	assert_repeated_text(r[8], "paragraph", Q, 17, 3, 34);
	assert_int_equal(jsonl_int(r[8], "more_urls", -1), 0);
	const json_t *urls = json_object_get(r[8], "urls");
	assert_int_equal(json_array_size(urls), 3);
	for (int i = 0; i < 3; i++) {
		char u[8];
		snprintf(u, sizeof u, "u/p%d", i);
		assert_url(urls, (size_t)i, u);
	}
	assert_repeated_text(r[9], "sentence", S1, 9, 4, 27);
	assert_int_equal(json_array_size(json_object_get(r[9], "urls")), 4);
	assert_url(json_object_get(r[9], "urls"), 3, "u/p3");

	/* page records */
	static const long long tblocks[6] = {1, 1, 1, 1, 2, 1};
	static const double tshare[6] = {0.4, 0.4, 0.4, 0.4, 0.5385, 0.2308};
	static const double common[6] = {0.7727, 0.7727, 0.7727, 0.5294, 0, 0};
	static const long long cwords[6] = {17, 17, 17, 9, 0, 0};
	static const char *const source[6] = {"u/p1", "u/p0", "u/p0",
	                                      "u/p0", NULL,   NULL};
	static const long long credited[6] = {13, 13, 13, 5, 0, 0};
	for (int p = 0; p < 6; p++) {
		const json_t *pg = r[p];
		assert_int_equal(jsonl_int(pg, "template_blocks", -1),
		                 tblocks[p]);
		assert_exact(jsonl_num(pg, "template_share", -1), tshare[p]);
		assert_exact(jsonl_num(pg, "common_share", -1), common[p]);
		assert_int_equal(jsonl_int(pg, "common_words", -1), cwords[p]);
		assert_int_equal(
		    json_is_true(json_object_get(pg, "mostly_repeated")),
		    p <= 3);
		const json_t *src = json_object_get(pg, "common_sources");
		assert_int_equal(json_array_size(src), source[p] ? 1 : 0);
		if (source[p]) {
			const json_t *s0 = json_array_get(src, 0);
			assert_string_equal(jsonl_str(s0, "url"), source[p]);
			/* docs/formats.md: {"url", "shingles"} */
			assert_int_equal(jsonl_int(s0, "shingles", -1),
			                 credited[p]);
		}
		assert_int_equal(jsonl_int(pg, "near_duplicates", -1), 0);
		assert_true(json_is_null(json_object_get(pg, "nearest_url")));
	}

	const json_t *s = r[10];
	assert_string_equal(jsonl_str(s, "type"), "summary");
	assert_int_equal(jsonl_int(s, "template_blocks", -1), 2);
	assert_int_equal(jsonl_int(s, "template_min_pages", -1), 2);
	assert_exact(jsonl_num(s, "template_share", -1), 0.3939);
	assert_int_equal(jsonl_int(s, "content_blocks_sitewide", -1), 0);
	assert_int_equal(jsonl_int(s, "repeated_passages", -1), 2);
	assert_int_equal(jsonl_int(s, "repeated_words_sitewide", -1), 61);
	assert_exact(jsonl_num(s, "common_share", -1), 0.6452);
	assert_int_equal(jsonl_int(s, "mostly_repeated_pages", -1), 4);
	assert_int_equal(jsonl_int(s, "near_too_short", -1), 6);
	assert_int_equal(jsonl_int(s, "near_duplicate_clusters", -1), 0);
	harness_free_records(&rs);
}

/*
 * Common share on the smallest example: A is t1 .. t10 (10 words); B is
 * x1 x2 t3 .. t8 x3 x4 x5 x6 (12 words), sharing the 6-word run t3 .. t8
 * with A and nothing else; C is y1 .. y8.  With 5-word shingles the run
 * holds two shared shingles (t3-t7, t4-t8), which cover its 6 words on
 * each page: A 6/10 = 0.6 (mostly repeated: > 0.5), B 6/12 = 0.5 (not:
 * not above 0.5), C 0.  Each credits the other with 2 shingles.  Site:
 * 12 / (10 + 12 + 8) = 0.4.
 */
static void test_analyzer_common_share(void **state)
{
	(void)state;
	json_t *docs[3] = {json_pack("{s:s, s:s}", "url", "u/a", "text",
	                             "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10"),
	                   json_pack("{s:s, s:s}", "url", "u/b", "text",
	                             "x1 x2 t3 t4 t5 t6 t7 t8 x3 x4 x5 x6"),
	                   json_pack("{s:s, s:s}", "url", "u/c", "text",
	                             "y1 y2 y3 y4 y5 y6 y7 y8")};
	harness_records rs;
	harness_analyze_docs(docs, 3, NULL, &rs);
	assert_int_equal(rs.n, 4);
	json_t **r = rs.r;
	assert_exact(jsonl_num(r[0], "common_share", -1), 0.6);
	assert_int_equal(jsonl_int(r[0], "common_words", -1), 6);
	assert_true(json_is_true(json_object_get(r[0], "mostly_repeated")));
	assert_exact(jsonl_num(r[1], "common_share", -1), 0.5);
	assert_int_equal(jsonl_int(r[1], "common_words", -1), 6);
	assert_false(json_is_true(json_object_get(r[1], "mostly_repeated")));
	assert_exact(jsonl_num(r[2], "common_share", -1), 0);
	const json_t *s0 =
	    json_array_get(json_object_get(r[0], "common_sources"), 0);
	assert_string_equal(jsonl_str(s0, "url"), "u/b");
	assert_int_equal(jsonl_int(s0, "shingles", -1), 2);
	s0 = json_array_get(json_object_get(r[1], "common_sources"), 0);
	assert_string_equal(jsonl_str(s0, "url"), "u/a");
	assert_int_equal(jsonl_int(s0, "shingles", -1), 2);
	assert_int_equal(
	    json_array_size(json_object_get(r[2], "common_sources")), 0);
	assert_exact(jsonl_num(r[3], "common_share", -1), 0.4);
	assert_int_equal(jsonl_int(r[3], "mostly_repeated_pages", -1), 1);
	/* 10, 12 and 8 words: all under --near-min-words 50 */
	assert_int_equal(jsonl_int(r[3], "near_too_short", -1), 3);
	harness_free_records(&rs);
}

/* The records of text as the main text of three pages, u/0 to u/2. */
static void analyze_three_copies(const char *text, harness_records *rs)
{
	json_t *docs[3];
	for (int p = 0; p < 3; p++) {
		char url[8];
		snprintf(url, sizeof url, "u/%d", p);
		docs[p] = json_pack("{s:s, s:s}", "url", url, "text", text);
	}
	harness_analyze_docs(docs, 3, NULL, rs);
}

/*
 * A paragraph longer than PASSAGE_TEXT_CHARS (2000) repeated on 3 pages.
 * The record quotes it cut to 2000 characters ("…" at the end), but its
 * "words" (and so "words_sitewide" and the summary's
 * repeated_words_sitewide) and the sentences it holds must come from the
 * whole passage: a sentence past the cut is still held by the paragraph,
 * not listed on its own.
 * Here: 40 sentences "This is sentence number N of a very long
 * paragraph." (10 words, 51 or 52 characters; 2,110 characters with the
 * spaces between them), the same on 3 pages.  Expected: one repeated_text
 * record, kind paragraph, words 400 (40 x 10), pages 3, words_sitewide
 * 800 (400 x 2), and no sentence record.
 */
static void test_long_paragraph(void **state)
{
	(void)state;
	buf_t t = BUF_INIT;
	for (int i = 1; i <= 40; i++)
		buf_printf(&t,
		           "%sThis is sentence number %d of a very long "
		           "paragraph.",
		           i > 1 ? " " : "", i);
	assert_int_equal(t.len, 2110); /* 9 x 51 + 31 x 52 + 39 spaces */
	harness_records rs;
	analyze_three_copies(t.data, &rs);
	size_t para = 0, sent = 0;
	long long words = -1, sitewide = -1, pages = -1;
	for (size_t i = 0; i < rs.n; i++) {
		if (strcmp(jsonl_str(rs.r[i], "type"), "repeated_text"))
			continue;
		if (!strcmp(jsonl_str(rs.r[i], "kind"), "paragraph")) {
			para++;
			words = jsonl_int(rs.r[i], "words", -1);
			sitewide = jsonl_int(rs.r[i], "words_sitewide", -1);
			pages = jsonl_int(rs.r[i], "pages", -1);
		} else {
			sent++;
			print_message("listed although held: %s (%lld pages)\n",
			              jsonl_str(rs.r[i], "text"),
			              jsonl_int(rs.r[i], "pages", -1));
		}
	}
	harness_free_records(&rs);
	buf_free(&t);
	if (para != 1 || pages != 3 || words != 400 || sitewide != 800 ||
	    sent != 0)
		fail_msg("long repeated paragraph: %zu paragraph record(s) "
		         "(want 1), pages %lld (3), words %lld (400), "
		         "words_sitewide %lld (800), %zu sentence record(s) "
		         "(want 0)",
		         para, pages, words, sitewide, sent);
}

/*
 * A page of stock text: 60 paragraphs, every one on 3 pages, each of two
 * sentences with a contraction:
 *   "Paragraph N says we don't ship on weekends at all." (10 words)
 *   "It can't be helped by anyone here today." (8 words)
 * Each paragraph is a repeated_text record with the words the page's
 * count gives it, 18 ("don't" is one word, though the keys' folding
 * reads "don t"), words_sitewide 36, quoted from the first page; the
 * sentences, held by their paragraphs on as many pages, are not listed.
 * The 60 are found on their page by key, not by a walk over its passages
 * for each.
 */
static void test_many_passages_a_page(void **state)
{
	(void)state;
	enum { PARAGRAPHS = 60 };
	buf_t t = BUF_INIT;
	for (int i = 1; i <= PARAGRAPHS; i++)
		buf_printf(&t,
		           "%sParagraph %d says we don't ship on weekends at "
		           "all. It can't be helped by anyone here today.",
		           i > 1 ? "\n\n" : "", i);
	harness_records rs;
	analyze_three_copies(t.data, &rs);
	int seen[PARAGRAPHS + 1] = {0};
	size_t para = 0, sent = 0;
	for (size_t i = 0; i < rs.n; i++) {
		if (strcmp(jsonl_str(rs.r[i], "type"), "repeated_text"))
			continue;
		if (strcmp(jsonl_str(rs.r[i], "kind"), "paragraph")) {
			sent++;
			continue;
		}
		para++;
		int n = 0;
		assert_int_equal(
		    sscanf(jsonl_str(rs.r[i], "text"), "Paragraph %d says", &n),
		    1);
		assert_true(n >= 1 && n <= PARAGRAPHS);
		seen[n]++;
		assert_int_equal(jsonl_int(rs.r[i], "words", -1), 18);
		assert_int_equal(jsonl_int(rs.r[i], "pages", -1), 3);
		assert_int_equal(jsonl_int(rs.r[i], "words_sitewide", -1), 36);
		assert_string_equal(json_string_value(json_array_get(
		                        json_object_get(rs.r[i], "urls"), 0)),
		                    "u/0");
	}
	assert_int_equal(para, PARAGRAPHS);
	assert_int_equal(sent, 0);
	for (int n = 1; n <= PARAGRAPHS; n++)
		assert_int_equal(seen[n], 1);
	harness_free_records(&rs);
	buf_free(&t);
}

/* A docs.jsonl read from a regular file: the quoted text of a repeated
 * passage is read back from its page's line there, not kept in the
 * temporary file.  Three pages with the same paragraph (a blank line
 * and a line of white space between them, so that a line's place in the
 * file is not its number times anything) quote it whole; when the file
 * is changed before the findings are written, the run fails with an
 * error that says so, not with another text in the record. */
static void test_text_read_back(void **state)
{
	(void)state;
	static const char para[] =
	    "Our stock closing paragraph says the same thing on every page "
	    "of the site. It is repeated here to be found by the census.";
	for (int change = 0; change < 2; change++) {
		char path[] = "/tmp/cqa-test-docs-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		unlink(path);
		FILE *in = fdopen(fd, "w+");
		for (int p = 0; p < 3; p++)
			fprintf(in, "{\"url\":\"u/%d\",\"text\":\"%s\"}\n%s", p,
			        para, p == 0 ? "\n  \n" : "");
		rewind(in);
		FILE *out = tmpfile();
		analyze_options o;
		analyze_options_default(&o);
		analyzer *a = analyzer_new(&o, out);
		cqa_error err;
		cqa_error_clear(&err);
		assert_int_equal(analyzer_add_file(a, in, "docs.jsonl", &err),
		                 0);
		if (change) {
			/* one letter of the first page's text */
			char c;
			off_t at =
			    (off_t)strlen("{\"url\":\"u/0\",\"text\":\"");
			assert_int_equal(pread(fd, &c, 1, at), 1);
			c = c == 'X' ? 'Y' : 'X';
			assert_int_equal(pwrite(fd, &c, 1, at), 1);
			int rc = analyzer_finish(a, &err);
			assert_int_equal(rc, CQA_ERR_IO);
			assert_non_null(strstr(err.msg, "changed"));
		} else {
			assert_int_equal(analyzer_finish(a, &err), 0);
			rewind(out);
			char buf[4096];
			int found = 0;
			while (fgets(buf, sizeof buf, out))
				if (strstr(buf, "\"type\":\"repeated_text\"") &&
				    strstr(buf, "\"kind\":\"paragraph\""))
					found += strstr(buf, para) != NULL;
			assert_int_equal(found, 1);
		}
		analyzer_free(a);
		fclose(out);
		fclose(in);
	}
}

/* ---- 9. hostile inputs through cqa-analyze ------------------------------ */

static int full_size(void)
{
	const char *v = getenv("CQA_DEDUP_FULL");
	return v && *v && strcmp(v, "0");
}

static int sanitized(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 1;
#else
	return 0;
#endif
#else
	return 0;
#endif
}

typedef struct run_stats {
	int status;  /* exit status, or -1 */
	long maxrss; /* KiB, of cqa-analyze alone (wait4) */
	double secs; /* wall clock */
} run_stats;

/* Runs cqa-analyze -q --temp-dir dir in, its output to out. */
static void run_analyze(const char *dir, const char *in, const char *out,
                        run_stats *st)
{
	const char *bin = getenv("CQA_BIN");
	char prog[1024];
	snprintf(prog, sizeof prog, "%s/cqa-analyze", bin);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		close(fd);
		execl(prog, prog, "-q", "--temp-dir", dir, in, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	st->maxrss = ru.ru_maxrss;
	st->secs = (double)(t1.tv_sec - t0.tv_sec) +
	           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* What an output file holds: records by type, the JSON of the ones that
 * are not page or duplicate_pair records. */
typedef struct scan {
	size_t lines, pages, no_text, exact_pairs, near_pairs;
	harness_records other;
	char *first_page, *last_page;
} scan;

static void scan_output(const char *path, scan *s)
{
	memset(s, 0, sizeof *s);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		s->lines++;
		if (!strncmp(line, "{\"type\":\"page\"", 14)) {
			s->pages++;
			s->no_text +=
			    strstr(line, "\"skipped_reason\":\"no_text\"") != 0;
			char **keep =
			    s->first_page ? &s->last_page : &s->first_page;
			free(*keep);
			*keep = strdup(line);
			continue;
		}
		if (!strncmp(line, "{\"type\":\"duplicate_pair\"", 24)) {
			if (strstr(line, "\"kind\":\"near\""))
				s->near_pairs++;
			else
				s->exact_pairs++;
			continue;
		}
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		if (!o)
			fail_msg("%s:%zu: %s", path, s->lines, je.text);
		harness_records_add(&s->other, o);
	}
	free(line);
	fclose(f);
}

static void free_scan(scan *s)
{
	harness_free_records(&s->other);
	free(s->first_page);
	free(s->last_page);
}

static const json_t *summary_of(const scan *s)
{
	assert_true(s->other.n > 0);
	const json_t *sm = s->other.r[s->other.n - 1];
	assert_string_equal(jsonl_str(sm, "type"), "summary");
	return sm;
}

static char tmpdir[] = "/tmp/cqa-test-census-XXXXXX";

static void path_in(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void test_hostile_empty_documents(void **state)
{
	(void)state;
	if (!getenv("CQA_BIN"))
		skip();
	/* 1,000,000 took 11.4 s in a Debug build (about 11 us a document,
	 * mostly the page records' JSON and the spill) and longer under the
	 * sanitizers, so 200,000 unless CQA_DEDUP_FULL is set */
	size_t n = full_size() ? 1000000 : 200000;
	char in[256], out[256];
	path_in(in, sizeof in, "empty.jsonl");
	path_in(out, sizeof out, "empty.out");
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "{\"url\":\"u/%zu\",\"status\":200,\"text\":\"\"}\n",
		        i);
	assert_int_equal(fclose(f), 0);
	run_stats st;
	run_analyze(tmpdir, in, out, &st);
	print_message("%zu empty documents: exit %d, %.2f s, peak %ld MiB\n", n,
	              st.status, st.secs, st.maxrss / 1024);
	assert_int_equal(st.status, 0);
	scan s;
	scan_output(out, &s);
	/* a page record each, all skipped as no_text, in input order; no
	 * duplicate of any kind; then the summary alone */
	assert_int_equal(s.pages, n);
	assert_int_equal(s.no_text, n);
	assert_int_equal(s.lines, n + 1);
	assert_int_equal(s.exact_pairs + s.near_pairs, 0);
	assert_int_equal(s.other.n, 1);
	assert_non_null(strstr(s.first_page, "\"url\":\"u/0\""));
	char last[64];
	snprintf(last, sizeof last, "\"url\":\"u/%zu\"", n - 1);
	assert_non_null(strstr(s.last_page, last));
	const json_t *sm = summary_of(&s);
	assert_int_equal(jsonl_int(sm, "pages", -1), (long long)n);
	assert_int_equal(jsonl_int(sm, "pages_with_text", -1), 0);
	assert_int_equal(jsonl_int(sm, "near_duplicate_clusters", -1), 0);
	assert_int_equal(jsonl_int(sm, "exact_duplicate_clusters", -1), 0);
	free_scan(&s);
	remove(in);
	remove(out);
}

static void test_hostile_same_text(void **state)
{
	(void)state;
	if (!getenv("CQA_BIN"))
		skip();
	/* 100,000 copies took 22 s in a Debug build (30 million words to
	 * count, normalise and shingle), so 10,000 unless CQA_DEDUP_FULL */
	size_t n = full_size() ? 100000 : 10000;
	/* 300 words: w0 .. w36 over and over, a full stop every 10 */
	buf_t text = BUF_INIT;
	for (int i = 0; i < 300; i++)
		buf_printf(&text, "%sw%d%s", i ? " " : "", i % 37,
		           i % 10 == 9 ? "." : "");
	char in[256], out[256];
	path_in(in, sizeof in, "same.jsonl");
	path_in(out, sizeof out, "same.out");
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f,
		        "{\"url\":\"u/%zu\",\"status\":200,\"text\":\"%s\"}\n",
		        i, text.data);
	assert_int_equal(fclose(f), 0);
	buf_free(&text);
	run_stats st;
	run_analyze(tmpdir, in, out, &st);
	print_message("the same text %zu times: exit %d, %.2f s, peak %ld "
	              "MiB\n",
	              n, st.status, st.secs, st.maxrss / 1024);
	assert_int_equal(st.status, 0);
	/* Peak memory: the kstore budget is 256 MiB (ANALYZE_DEFAULT_MEMORY)
	 * plus a few hundred bytes a page; 600 MiB leaves room.  Under
	 * AddressSanitizer (shadow memory, quarantine, red zones) 3 times
	 * that. */
	long limit = (sanitized() ? 3 : 1) * 600L * 1024;
	if (st.maxrss >= limit)
		fail_msg("peak memory %ld KiB over %ld", st.maxrss, limit);
	scan s;
	scan_output(out, &s);
	assert_int_equal(s.pages, n);
	/* one exact cluster of every page, n - 1 pairs; no near record */
	size_t exact = 0, near = 0;
	const json_t *cl = NULL;
	for (size_t i = 0; i < s.other.n; i++) {
		const json_t *o = s.other.r[i];
		if (strcmp(jsonl_str(o, "type"), "duplicate_cluster"))
			continue;
		if (!strcmp(jsonl_str(o, "kind"), "exact")) {
			exact++;
			cl = o;
		} else {
			near++;
		}
	}
	assert_int_equal(exact, 1);
	assert_int_equal(near, 0);
	assert_int_equal(s.near_pairs, 0);
	assert_int_equal(s.exact_pairs, n - 1);
	const json_t *urls = json_object_get(cl, "urls");
	assert_int_equal(json_array_size(urls), n);
	assert_url(urls, 0, "u/0"); /* shortest URL first */
	assert_int_equal(jsonl_int(cl, "words", 0), 300);
	const json_t *sm = summary_of(&s);
	assert_int_equal(jsonl_int(sm, "exact_duplicate_clusters", -1), 1);
	assert_int_equal(jsonl_int(sm, "exact_duplicate_pages", -1),
	                 (long long)n - 1);
	assert_int_equal(jsonl_int(sm, "near_duplicate_clusters", -1), 0);
	assert_int_equal(jsonl_int(sm, "near_too_short", -1), 0);
	free_scan(&s);
	remove(in);
	remove(out);
}

static void test_hostile_enormous_document(void **state)
{
	(void)state;
	if (!getenv("CQA_BIN"))
		skip();
	/* 20 MiB of text: sentences of 12 words drawn from 16, paragraphs
	 * of 5 sentences; the loop counts what the page record must say */
	static const char *const voc[16] = {
	    "river",  "stone",  "cloud",   "maple",  "ember",  "frost",
	    "grove",  "harbor", "island",  "jungle", "kettle", "lantern",
	    "meadow", "nectar", "orchard", "pebble"};
	char in[256], out[256];
	path_in(in, sizeof in, "big.jsonl");
	path_in(out, sizeof out, "big.out");
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fputs("{\"url\":\"big\",\"status\":200,\"text\":\"", f);
	size_t bytes = 0, words = 0, sentences = 0, paragraphs = 0;
	uint64_t x = 7;
	while (bytes < ((size_t)20 << 20)) {
		for (int s = 0; s < 5; s++) {
			for (int w = 0; w < 12; w++) {
				x = x * 6364136223846793005ULL +
				    1442695040888963407ULL;
				const char *word = voc[x >> 60];
				bytes +=
				    (size_t)fprintf(f, "%s%s%s", w ? " " : "",
				                    word, w == 11 ? "." : "");
				words++;
			}
			sentences++;
			if (s < 4)
				bytes += (size_t)fprintf(f, " ");
		}
		paragraphs++;
		if (bytes < ((size_t)20 << 20))
			bytes += (size_t)fprintf(f, "\\n\\n");
	}
	fputs("\"}\n", f);
	assert_int_equal(fclose(f), 0);
	run_stats st;
	run_analyze(tmpdir, in, out, &st);
	print_message("one document of %zu MiB, %zu words: exit %d, %.2f s, "
	              "peak %ld MiB\n",
	              bytes >> 20, words, st.status, st.secs, st.maxrss / 1024);
	assert_int_equal(st.status, 0);
	scan s;
	scan_output(out, &s);
	assert_int_equal(s.pages, 1);
	assert_int_equal(s.lines, 2);
	json_t *page = json_loads(s.first_page, 0, NULL);
	assert_non_null(page);
	assert_string_equal(jsonl_str(page, "url"), "big");
	assert_int_equal(jsonl_int(page, "words", -1), (long long)words);
	assert_int_equal(jsonl_int(page, "sentences", -1),
	                 (long long)sentences);
	assert_int_equal(jsonl_int(page, "paragraphs", -1),
	                 (long long)paragraphs);
	assert_true(json_is_null(json_object_get(page, "skipped_reason")));
	assert_int_equal(jsonl_int(page, "near_duplicates", -1), 0);
	json_decref(page);
	const json_t *sm = summary_of(&s);
	assert_int_equal(jsonl_int(sm, "pages_with_text", -1), 1);
	const json_t *wm =
	    json_object_get(json_object_get(sm, "metrics"), "words");
	assert_exact(jsonl_num(wm, "max", -1), (double)words);
	free_scan(&s);
	remove(in);
	remove(out);
}

/* ---- 10. the sample site ------------------------------------------------ */

static int ends_with(const char *s, const char *file)
{
	size_t n = strlen(s), k = strlen(file);
	return n > k && !strcmp(s + n - k, file) && s[n - k - 1] == '/';
}

static void test_sample_site(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN"), *src = getenv("CQA_SOURCE");
	if (!bin || !src)
		skip();
	char out[256], cmd[2048];
	path_in(out, sizeof out, "site.jsonl");
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-parse' '%s/examples/site/'*.html | "
	         "'%s/cqa-analyze' -q > '%s'",
	         bin, src, bin, out);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	harness_records rs;
	harness_read_records(f, out, &rs);
	fclose(f);
	remove(out);
	assert_int_equal(harness_count_type(&rs, "page"), 15);

	int exact = 0, near = 0, remember = 0, cookie = 0, copyright = 0;
	double walking = -1;
	for (size_t i = 0; i < rs.n; i++) {
		const json_t *r = rs.r[i];
		const char *type = jsonl_str(r, "type");
		const char *kind = jsonl_str(r, "kind");
		const char *text = jsonl_str(r, "text");
		if (!strcmp(type, "duplicate_pair") && !strcmp(kind, "exact")) {
			/* the same post twice; the shorter URL first */
			assert_true(ends_with(jsonl_str(r, "url_a"),
			                      "hydration-tips.html"));
			assert_true(ends_with(jsonl_str(r, "url_b"),
			                      "stay-hydrated-guide.html"));
			exact++;
		}
		if (!strcmp(type, "duplicate_pair") && !strcmp(kind, "near")) {
			/* the light rewrite; examples/site.md: 0.59 on 5-word
			 * shingles of the article text */
			const char *a = jsonl_str(r, "url_a");
			const char *b = jsonl_str(r, "url_b");
			assert_true(ends_with(a, "walking-every-day.html"));
			assert_true(ends_with(b, "benefits-of-walking.html"));
			walking = jsonl_num(r, "similarity", -1);
			near++;
		}
		if (!strcmp(type, "repeated_text") &&
		    !strncmp(text, "Remember, small changes add up.", 31)) {
			/* examples/site.md: the stock closing paragraph, word
			 * for word on six pages; 35 words counted by hand */
			static const char *const six[6] = {
			    "how-sleep-affects-weight.html",
			    "hydration-tips.html",
			    "whole-grains-explained.html",
			    "hidden-sugar.html",
			    "meal-prep-for-beginners.html",
			    "stay-hydrated-guide.html"};
			assert_string_equal(kind, "paragraph");
			assert_int_equal(jsonl_int(r, "pages", 0), 6);
			assert_int_equal(jsonl_int(r, "words", 0), 35);
			assert_int_equal(jsonl_int(r, "words_sitewide", 0),
			                 35 * 5);
			const json_t *urls = json_object_get(r, "urls");
			assert_int_equal(json_array_size(urls), 6);
			for (int k = 0; k < 6; k++) {
				int in = 0;
				for (size_t u = 0; u < 6; u++)
					in += ends_with(
					    json_string_value(
					        json_array_get(urls, u)),
					    six[k]);
				if (in != 1)
					fail_msg("%s not listed once", six[k]);
			}
			remember++;
		}
		if (!strcmp(type, "template_block")) {
			/* no content found site-wide; the stock paragraph is
			 * content, not template */
			assert_string_equal(jsonl_str(r, "label"),
			                    "boilerplate");
			assert_true(strncmp(text, "Remember,", 9));
			if (!strncmp(text, "We use cookies", 14)) {
				assert_int_equal(jsonl_int(r, "pages", 0), 15);
				cookie++;
			}
			if (!strncmp(text,
			             "\xc2\xa9 2026 WellnessDaily. All rights "
			             "reserved.",
			             43)) {
				assert_int_equal(jsonl_int(r, "pages", 0), 15);
				copyright++;
			}
		}
	}
	print_message("sample site: walking-every-day / benefits-of-walking "
	              "similarity %.4f\n",
	              walking);
	assert_int_equal(exact, 1);
	assert_int_equal(near, 1);
	assert_true(walking >= 0.55 && walking <= 0.65);
	assert_int_equal(remember, 1);
	assert_int_equal(cookie, 1);
	assert_int_equal(copyright, 1);
	const json_t *sm = rs.r[rs.n - 1];
	assert_string_equal(jsonl_str(sm, "type"), "summary");
	assert_int_equal(jsonl_int(sm, "near_duplicate_clusters", -1), 1);
	assert_int_equal(jsonl_int(sm, "exact_duplicate_clusters", -1), 1);
	assert_int_equal(jsonl_int(sm, "content_blocks_sitewide", -1), 0);
	harness_free_records(&rs);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	/* what a failed test may have left */
	static const char *const left[] = {
	    "empty.jsonl", "empty.out", "same.jsonl", "same.out",
	    "big.jsonl",   "big.out",   "site.jsonl"};
	for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
		char p[256];
		path_in(p, sizeof p, left[i]);
		remove(p);
	}
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_passage),
	    cmocka_unit_test(test_sentence_key_in_context),
	    cmocka_unit_test(test_census_passages),
	    cmocka_unit_test(test_template_min_pages),
	    cmocka_unit_test(test_census_templates),
	    cmocka_unit_test(test_census_common),
	    cmocka_unit_test(test_analyzer_census_records),
	    cmocka_unit_test(test_analyzer_common_share),
	    cmocka_unit_test(test_long_paragraph),
	    cmocka_unit_test(test_many_passages_a_page),
	    cmocka_unit_test(test_text_read_back),
	    cmocka_unit_test(test_sample_site),
	    cmocka_unit_test(test_hostile_empty_documents),
	    cmocka_unit_test(test_hostile_same_text),
	    cmocka_unit_test(test_hostile_enormous_document),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
