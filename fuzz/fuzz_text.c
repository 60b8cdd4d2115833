/*
 * fuzz_text.c - libFuzzer target for the text scanner and folds of
 * common/text.h, which every page's main text (a stranger's words) goes
 * through in cqa-analyze and cqa check.
 *
 * The first byte picks where the fold is marked (every 1 to 16 bytes);
 * the rest is the text, as bytes (invalid UTF-8 included).  Checked
 * beyond the sanitizers:
 *   - the sentences lie inside the text, in order, and their words add up
 *     to the text's;
 *   - a word sink that counts no syllables (-1) leaves the counts exactly
 *     text_count()'s; one that counts some gets them in the counts (under
 *     1 as 1), the others the scanner's own;
 *   - the marked fold writes what the unmarked one does, and its marks
 *     rise within it, the last (at the end) where the fold ends;
 *   - on ASCII the fold is text_normalize()'s form.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct walk {
	const char *text;
	size_t len, end, words;
} walk;

static void each_sentence(void *ud, const char *start, size_t len, size_t line,
                          const text_counts *c)
{
	walk *w = ud;
	if (start < w->text || start + len > w->text + w->len || line < 1)
		abort();
	size_t at = (size_t)(start - w->text);
	if (at < w->end)
		abort(); /* sentences overlap or go back */
	w->end = at + len;
	w->words += c->words;
}

typedef struct sink_sum {
	size_t syllables;
	int none; /* count nothing: -1 for every word */
} sink_sum;

static int sink_word(void *ud, const char *w, size_t n, size_t letters)
{
	(void)letters;
	sink_sum *s = ud;
	int mine = s->none ? -1 : (int)(n % 5) - 1;
	int counted = mine >= 0 ? mine : text_syllables(w, n);
	s->syllables += (size_t)(counted < 1 ? 1 : counted);
	return mine;
}

static int same_counts(const text_counts *a, const text_counts *b)
{
	return a->words == b->words && a->sentences == b->sentences &&
	       a->syllables == b->syllables && a->letters == b->letters &&
	       a->complex_words == b->complex_words &&
	       a->polysyllables == b->polysyllables &&
	       a->long_words == b->long_words && a->paragraphs == b->paragraphs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)(data[0] & 15) + 1;
	const char *t = (const char *)data + 1;
	size_t len = size - 1;

	text_counts all;
	walk w = {t, len, 0, 0};
	text_count_each(t, len, &all, each_sentence, &w);
	if (w.words != all.words)
		abort();

	text_counts plain, counted;
	sink_sum none = {0, 1}, some = {0, 0};
	text_word_sink sink = {sink_word, NULL, &none};
	walk w2 = {t, len, 0, 0};
	text_count_words(t, len, &plain, each_sentence, &w2, &sink);
	if (!same_counts(&plain, &all) || none.syllables != all.syllables)
		abort();
	sink.ud = &some;
	walk w3 = {t, len, 0, 0};
	text_count_words(t, len, &counted, each_sentence, &w3, &sink);
	if (counted.syllables != some.syllables || counted.words != all.words)
		abort();

	size_t nat = len / step + 1;
	size_t *at = malloc(nat * sizeof *at);
	text_fold_mark *marks = malloc(nat * sizeof *marks);
	for (size_t i = 0; i < nat; i++)
		at[i] = i * step < len ? i * step : len;
	at[nat - 1] = len;
	buf_t marked = BUF_INIT, unmarked = BUF_INIT;
	size_t words = text_fold_words_marked(t, len, &marked, at, nat, marks);
	if (text_fold_words(t, len, &unmarked) != words ||
	    marked.len != unmarked.len ||
	    (marked.len && memcmp(marked.data, unmarked.data, marked.len)))
		abort();
	for (size_t i = 0; i < nat; i++) {
		if (marks[i].out_len > marked.len || marks[i].words > words)
			abort();
		if (i > 0 && (marks[i].out_len < marks[i - 1].out_len ||
		              marks[i].words < marks[i - 1].words))
			abort();
	}
	if (marks[nat - 1].out_len != marked.len ||
	    marks[nat - 1].words != words)
		abort();

	int ascii = 1;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = data[1 + i] < 0x80 && data[1 + i] != 0;
	if (ascii) {
		buf_t norm = BUF_INIT;
		text_normalize(t, len, &norm);
		if (norm.len != marked.len ||
		    (norm.len && memcmp(norm.data, marked.data, norm.len)))
			abort();
		buf_free(&norm);
	}
	buf_free(&marked);
	buf_free(&unmarked);
	free(marks);
	free(at);
	return 0;
}
