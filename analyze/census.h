/*
 * census.h - what recurs across the pages of an audit.
 *
 * Three questions, one mechanism (kstore.h: occurrence records grouped by
 * key after the last page):
 *
 *  - common content, in the manner of Siteliner: which words of a page's
 *    main text lie in a run of at least k words (one shingle) that also
 *    appears on another page?  Key: the shingle; detail: its position.  A
 *    shingle on two or more pages marks its k words common on each, in a
 *    bitmap of one bit a word; the page a shared shingle is credited to is
 *    the first other page (in input order) that has it.
 *  - repeated passages: which sentences and paragraphs of main text recur
 *    on REPEAT_MIN_PAGES pages or more?  Key: the normalised passage.
 *  - the template census: which block texts recur on at least
 *    min(TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE of the pages) pages?  Key:
 *    the normalised block text; detail: its characters and label.  A block
 *    that recurs so is site template on every page that carries it, and
 *    counts toward that page's template share.  A recurring block labelled
 *    boilerplate on most of its pages is a template block; one labelled
 *    content on more than half of the audit's pages is listed too, as
 *    content found site-wide: a sign that extraction took template for
 *    article (a recurring closing paragraph on fewer pages is a repeated
 *    passage, not template).
 *
 * Counting is by distinct pages: a block twice on one page is one page.
 * Memory: the kstore budgets plus about 50 bytes a page; everything else is
 * in the kstores' temporary files.
 */
#ifndef CQA_CENSUS_H
#define CQA_CENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/error.h"

/* Tunables (docs/formats.md gives the reasons to users). */
enum {
	/* "Many pages": a passage on two pages is what a near duplicate or
	 * a quotation gives; three is a habit. */
	REPEAT_MIN_PAGES = 3,
	/* Sentences shorter than this are stock phrases ("Read more.",
	 * "Thanks for reading!") whose recurrence says nothing. */
	PASSAGE_MIN_WORDS = 8,
	/* A template block recurs on this many pages, or on
	 * TEMPLATE_MIN_SHARE of the audit when that is fewer... */
	TEMPLATE_MIN_PAGES = 5,
	/* ...but never fewer than two. */
	TEMPLATE_FLOOR_PAGES = 2,
	/* Pages listed with a repeated passage or template block. */
	CENSUS_LIST_PAGES = 10,
	/* Sources of common content kept a page. */
	CENSUS_SOURCES = 3
};
#define TEMPLATE_MIN_SHARE 0.2

enum census_kind { CENSUS_SENTENCE, CENSUS_PARAGRAPH, CENSUS_BLOCK };

/* A passage or block that recurs. */
typedef struct census_item {
	uint64_t key;
	int kind;       /* census_kind */
	int content;    /* a block: labelled content on most pages */
	uint32_t size;  /* words (passage: as the count has them) or
	                 * characters (block) */
	uint32_t pages; /* distinct pages */
	uint32_t npage; /* entries in page[] */
	uint32_t page[CENSUS_LIST_PAGES]; /* the first pages, input order */
	uint32_t example; /* a block: the first page where it has its label */
	int example_set;
} census_item;

typedef struct census_source {
	uint32_t page;  /* UINT32_MAX: empty slot */
	uint32_t count; /* shingles credited */
} census_source;

typedef struct census census;

census *census_new(int shingle, const char *temp_dir, size_t budget);
void census_free(census *c);

/* A sentence of a main text: its byte range and words (text_count's). */
typedef struct census_sentence {
	size_t start, len;
	uint32_t words;
} census_sentence;

/* A passage of a page's text, as census_passage_spans() lists them in
 * text order: a paragraph, then those of its sentences that are passages
 * (the spans within its range).  Kept in the page's spilled record, the
 * key of a repeated passage leads back to its text, and a paragraph's to
 * its sentences, without splitting the text again. */
typedef struct census_span {
	uint64_t key;
	uint32_t start, len;
	uint32_t words; /* as the text's count has them */
	uint32_t kind;  /* CENSUS_SENTENCE or CENSUS_PARAGRAPH */
} census_span;

/* Per page, in page order (page numbers from 0, consecutive). */
int census_add_shingles(census *c, uint32_t page, const uint64_t *ids,
                        size_t nids, size_t words, cqa_error *err);
/* The passages of a text (census_each_passage()) appended to spans, its
 * sentences sent, in order, as text_sentences() gives them.  whole, when
 * not NULL, receives text_fold_words() of the whole text, which the
 * passages' keys are made of anyway (analyze.c takes it for the
 * normalised text when text_fold_is_normalized() says it is that). */
void census_passage_spans(const char *text, size_t len,
                          const census_sentence *sent, size_t nsent,
                          buf_t *spans, buf_t *whole);
/* Counts a page's passages, as census_passage_spans() listed them. */
int census_add_spans(census *c, uint32_t page, const census_span *spans,
                     size_t n, cqa_error *err);
int census_add_block(census *c, uint32_t page, const char *text, size_t len,
                     uint32_t chars, int is_content, cqa_error *err);

/* After the last page: npages measured pages. */
int census_finish(census *c, size_t npages, cqa_error *err);

/* Results, valid after census_finish. */
size_t census_common_words(const census *c, uint32_t page);
const census_source *census_sources(const census *c, uint32_t page);
uint32_t census_template_blocks(const census *c, uint32_t page);
uint64_t census_template_chars(const census *c, uint32_t page);
uint32_t census_template_min_pages(const census *c);
/* Repeated passages (kinds sentence and paragraph) and template blocks. */
const census_item *census_passages(const census *c, size_t *n);
const census_item *census_blocks(const census *c, size_t *n);

/* The passages of a main text, as the census counts them: fn gets
 * each paragraph (text between blank lines) and, for a paragraph of two
 * sentences or more, each sentence, of PASSAGE_MIN_WORDS words or more,
 * with its words as the text's count has them (a paragraph's: its
 * sentences') and its key.  sent: the text's sentences, or NULL to find
 * them here. */
typedef void (*census_passage_fn)(void *ud, int kind, const char *s, size_t len,
                                  uint32_t words, uint64_t key);
void census_each_passage(const char *text, size_t len,
                         const census_sentence *sent, size_t nsent,
                         census_passage_fn fn, void *ud);
/* The key of a block text; 0 when it has no word. */
uint64_t census_block_key(const char *text, size_t len);

#endif
