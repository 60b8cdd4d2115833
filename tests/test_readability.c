/*
 * test_readability.c - the six formulas on a paragraph counted by hand.
 *
 * The paragraph:
 *   "The committee approved the new budget. Everyone was happy with the
 *    decision. The meeting ended early."
 *
 * Counted by hand (syllables from the CMU dictionary; letters are the
 * letters of each word):
 *
 *   sentence 1  The committee approved the new budget
 *     syllables  1 + 3 + 2 + 1 + 1 + 2            = 10   (6 words)
 *     letters    3 + 9 + 8 + 3 + 3 + 6            = 32
 *   sentence 2  Everyone was happy with the decision
 *     syllables  3 + 1 + 2 + 1 + 1 + 3            = 11   (6 words)
 *     letters    8 + 3 + 5 + 4 + 3 + 8            = 31
 *   sentence 3  The meeting ended early
 *     syllables  1 + 2 + 2 + 2                    =  7   (4 words)
 *     letters    3 + 7 + 5 + 5                    = 20
 *
 *   words 16, sentences 3, syllables 28, letters 83, paragraphs 1
 *   complex words (3+ syllables): committee, everyone, decision = 3
 *   polysyllables (same rule)                                   = 3
 *   long words (more than 6 letters): committee, approved, everyone,
 *     decision, meeting                                          = 5
 *
 * The scores, from the published formulas (readability.h):
 *   words/sentence      16 / 3  = 5.333333
 *   syllables/word      28 / 16 = 1.75
 *   Flesch Reading Ease 206.835 - 1.015 * 5.333333 - 84.6 * 1.75
 *                       = 206.835 - 5.413333 - 148.05      = 53.371667
 *   Flesch-Kincaid      0.39 * 5.333333 + 11.8 * 1.75 - 15.59
 *                       = 2.08 + 20.65 - 15.59              =  7.14
 *   Gunning Fog         0.4 * (5.333333 + 100 * 3 / 16)
 *                       = 0.4 * (5.333333 + 18.75)          =  9.633333
 *   SMOG                1.0430 * sqrt(3 * 30 / 3) + 3.1291
 *                       = 1.0430 * 5.477226 + 3.1291        =  8.841846
 *   Coleman-Liau        L = 100 * 83 / 16 = 518.75, S = 100 * 3 / 16 = 18.75
 *                       0.0588 * 518.75 - 0.296 * 18.75 - 15.8
 *                       = 30.5025 - 5.55 - 15.8             =  9.1525
 *   ARI                 4.71 * 83 / 16 + 0.5 * 5.333333 - 21.43
 *                       = 24.433125 + 2.666667 - 21.43      =  5.669792
 *
 * cmocka 1.1.5 has no assert_double_equal; assert_float_equal with a
 * tolerance of 0.01 is plenty for scores of this size.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/readability.h"

static const char paragraph[] =
    "The committee approved the new budget. Everyone was happy with the "
    "decision. The meeting ended early.";

static void test_counts_by_hand(void **state)
{
	(void)state;
	text_counts c;
	text_count(paragraph, strlen(paragraph), &c);
	assert_int_equal(c.words, 16);
	assert_int_equal(c.sentences, 3);
	assert_int_equal(c.syllables, 28);
	assert_int_equal(c.letters, 83);
	assert_int_equal(c.complex_words, 3);
	assert_int_equal(c.polysyllables, 3);
	assert_int_equal(c.long_words, 5);
	assert_int_equal(c.paragraphs, 1);
}

static void test_scores_by_hand(void **state)
{
	(void)state;
	text_counts c;
	text_count(paragraph, strlen(paragraph), &c);
	readability_scores r;
	readability_compute(&c, &r);
	assert_float_equal(r.flesch_reading_ease, 53.37, 0.01);
	assert_float_equal(r.flesch_kincaid_grade, 7.14, 0.01);
	assert_float_equal(r.gunning_fog, 9.63, 0.01);
	assert_float_equal(r.smog, 8.84, 0.01);
	assert_float_equal(r.coleman_liau, 9.15, 0.01);
	assert_float_equal(r.ari, 5.67, 0.01);
}

/* Counts given directly, so the formulas are checked apart from the
 * counter: 100 words, 5 sentences, 150 syllables, 450 letters, 10 complex.
 *   FRE  206.835 - 1.015 * 20 - 84.6 * 1.5       = 206.835 - 20.3 - 126.9
 *                                                 = 59.635
 *   FK   0.39 * 20 + 11.8 * 1.5 - 15.59          = 7.8 + 17.7 - 15.59
 *                                                 = 9.91
 *   Fog  0.4 * (20 + 100 * 10 / 100)             = 0.4 * 30 = 12.0
 *   SMOG 1.0430 * sqrt(10 * 30 / 5) + 3.1291     = 1.0430 * 7.745967
 *                                                   + 3.1291 = 11.208044
 *   CLI  0.0588 * 450 - 0.296 * 5 - 15.8         = 26.46 - 1.48 - 15.8
 *                                                 = 9.18
 *   ARI  4.71 * 4.5 + 0.5 * 20 - 21.43           = 21.195 + 10 - 21.43
 *                                                 = 9.765 */
static void test_formulas_from_counts(void **state)
{
	(void)state;
	text_counts c = {.words = 100,
	                 .sentences = 5,
	                 .syllables = 150,
	                 .letters = 450,
	                 .complex_words = 10,
	                 .polysyllables = 10};
	readability_scores r;
	readability_compute(&c, &r);
	assert_float_equal(r.flesch_reading_ease, 59.635, 0.01);
	assert_float_equal(r.flesch_kincaid_grade, 9.91, 0.01);
	assert_float_equal(r.gunning_fog, 12.0, 0.01);
	assert_float_equal(r.smog, 11.208, 0.01);
	assert_float_equal(r.coleman_liau, 9.18, 0.01);
	assert_float_equal(r.ari, 9.765, 0.01);
}

static void assert_all_nan(const readability_scores *r)
{
	assert_true(isnan(r->flesch_reading_ease));
	assert_true(isnan(r->flesch_kincaid_grade));
	assert_true(isnan(r->gunning_fog));
	assert_true(isnan(r->smog));
	assert_true(isnan(r->coleman_liau));
	assert_true(isnan(r->ari));
}

static void test_no_words_or_sentences(void **state)
{
	(void)state;
	readability_scores r;
	text_counts none = {0};
	readability_compute(&none, &r);
	assert_all_nan(&r);
	/* words but no sentence cannot happen from text_count, but the
	 * formulas must not divide by zero if a caller builds such counts */
	text_counts no_sentence = {.words = 3, .syllables = 3, .letters = 9};
	readability_compute(&no_sentence, &r);
	assert_all_nan(&r);
	/* empty and punctuation-only text */
	text_counts c;
	text_count("", 0, &c);
	readability_compute(&c, &r);
	assert_all_nan(&r);
	text_count("... !!! ---", 11, &c);
	assert_int_equal(c.words, 0);
	readability_compute(&c, &r);
	assert_all_nan(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_by_hand),
	    cmocka_unit_test(test_scores_by_hand),
	    cmocka_unit_test(test_formulas_from_counts),
	    cmocka_unit_test(test_no_words_or_sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
