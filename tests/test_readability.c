/*
 * test_readability.c - the readability formulas, by hand.
 *
 * The six English formulas on a paragraph counted by hand (below), every
 * formula of the table on counts given directly, the choice of formulas by
 * language, the syllable rules of German, Spanish, French, Italian and
 * Dutch, the Dale-Chall and Spache lists (skipped when they are not
 * found), the passive voice, and what measure_page() leaves out of the
 * prose (code, tables, lists of links) and measures in it (sentence
 * lengths, paragraphs, reading time).
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

#include "analyze/measures.h"
#include "analyze/readability.h"
#include "analyze/syllable_lang.h"
#include "common/buf.h"

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

/* ---- the formula table, on counts given directly ------------------------- */

/* 100 words, 5 sentences, 150 syllables, 450 letters, 10 words of 3+
 * syllables, 60 of one, 20 of more than 6 letters, 8 words not familiar
 * by Dale-Chall, 6 by Spache.  Words per sentence 20, syllables per word
 * 1.5.
 *   Dale-Chall   64 - 0.95 * 8 - 0.69 * 20     = 64 - 7.6 - 13.8   = 42.6
 *   Spache       0.121 * 20 + 0.082 * 6 + 0.659
 *                = 2.42 + 0.492 + 0.659                            =  3.571
 *   Amstad       180 - 20 - 58.5 * 1.5         = 180 - 20 - 87.75  = 72.25
 *   Wiener       0.1935 * 10 + 0.1672 * 20 + 0.1297 * 20
 *                - 0.0327 * 60 - 0.875
 *                = 1.935 + 3.344 + 2.594 - 1.962 - 0.875           =  5.036
 *   F. Huerta    206.84 - 0.60 * 150 - 1.02 * 20
 *                = 206.84 - 90 - 20.4                              = 96.44
 *   Kandel-Moles 207 - 1.015 * 20 - 73.6 * 1.5
 *                = 207 - 20.3 - 110.4                              = 76.3
 *   Gulpease     89 + (300 * 5 - 10 * 450) / 100 = 89 - 30         = 59
 *   Douma        206.84 - 0.77 * 150 - 0.93 * 20
 *                = 206.84 - 115.5 - 18.6                           = 72.74
 *   LIX          20 + 100 * 20 / 100                               = 40
 * The English grades (test_formulas_from_counts): FK 9.91, Fog 12.0, SMOG
 * 11.208, Coleman-Liau 9.18, ARI 9.765; sorted 9.18 9.765 9.91 11.208 12:
 * consensus (median) 9.91, spread 12 - 9.18 = 2.82.  German has one grade
 * formula, Wiener: consensus 5.036, no spread. */
static const readability_counts table_counts = {
    .words = 100,
    .sentences = 5,
    .syllables = 150,
    .letters = 450,
    .complex_words = 10,
    .polysyllables = 10,
    .monosyllables = 60,
    .long_words = 20,
    .dale_chall_difficult = 8,
    .spache_difficult = 6,
};

static void test_formula_table(void **state)
{
	(void)state;
	readability_result r;
	readability_score(RL_EN, &table_counts, &r);
	assert_float_equal(r.score[R_FRE], 59.635, 1e-9);
	assert_float_equal(r.score[R_FKG], 9.91, 1e-9);
	assert_float_equal(r.score[R_DALE_CHALL], 42.6, 1e-9);
	assert_float_equal(r.score[R_SPACHE], 3.571, 1e-9);
	assert_float_equal(r.score[R_LIX], 40, 1e-9);
	assert_true(isnan(r.score[R_AMSTAD]));
	assert_true(isnan(r.score[R_GULPEASE]));
	assert_int_equal(r.grades, 5);
	assert_float_equal(r.consensus, 9.91, 1e-9);
	assert_float_equal(r.spread, 12.0 - 9.18, 1e-9);
	assert_null(r.null_reason);

	readability_score(RL_DE, &table_counts, &r);
	assert_float_equal(r.score[R_AMSTAD], 72.25, 1e-9);
	assert_float_equal(r.score[R_WSTF], 5.036, 1e-9);
	assert_float_equal(r.score[R_LIX], 40, 1e-9);
	assert_true(isnan(r.score[R_FRE]));
	assert_true(isnan(r.score[R_DALE_CHALL]));
	assert_int_equal(r.grades, 1);
	assert_float_equal(r.consensus, 5.036, 1e-9);
	assert_true(isnan(r.spread));

	readability_score(RL_ES, &table_counts, &r);
	assert_float_equal(r.score[R_FERNANDEZ_HUERTA], 96.44, 1e-9);
	assert_true(isnan(r.score[R_AMSTAD]));
	assert_true(isnan(r.consensus)); /* no grade formula */
	readability_score(RL_FR, &table_counts, &r);
	assert_float_equal(r.score[R_KANDEL_MOLES], 76.3, 1e-9);
	readability_score(RL_IT, &table_counts, &r);
	assert_float_equal(r.score[R_GULPEASE], 59, 1e-9);
	readability_score(RL_NL, &table_counts, &r);
	assert_float_equal(r.score[R_DOUMA], 72.74, 1e-9);
	assert_null(r.null_reason);

	/* the rest: LIX alone, and why */
	readability_score(RL_OTHER, &table_counts, &r);
	for (int i = 0; i < R__COUNT; i++)
		if (i != R_LIX)
			assert_true(isnan(r.score[i]));
	assert_float_equal(r.score[R_LIX], 40, 1e-9);
	assert_string_equal(r.null_reason, "language_unsupported");
	assert_true(isnan(r.consensus));
	readability_score(RL_UNKNOWN, &table_counts, &r);
	assert_float_equal(r.score[R_LIX], 40, 1e-9);
	assert_string_equal(r.null_reason, "language_unknown");

	/* a word list missing: its formula alone is null */
	readability_counts nolist = table_counts;
	nolist.dale_chall_difficult = NAN;
	nolist.spache_difficult = NAN;
	readability_score(RL_EN, &nolist, &r);
	assert_true(isnan(r.score[R_DALE_CHALL]));
	assert_true(isnan(r.score[R_SPACHE]));
	assert_float_equal(r.score[R_FRE], 59.635, 1e-9);

	/* no words: nothing, whatever the language */
	readability_counts none = {0};
	readability_score(RL_EN, &none, &r);
	for (int i = 0; i < R__COUNT; i++)
		assert_true(isnan(r.score[i]));
	assert_string_equal(r.null_reason, "no_prose");
	assert_true(isnan(r.consensus));
}

/* ---- which formulas a language gets -------------------------------------- */

static void test_language_selection(void **state)
{
	(void)state;
	static const struct {
		const char *tag;
		readability_lang lang;
		const char *code;
	} cases[] = {
	    {"en", RL_EN, "en"},
	    {"en-US", RL_EN, "en"},
	    {"EN_gb", RL_EN, "en"},
	    {"eng", RL_EN, "en"},
	    {"de", RL_DE, "de"},
	    {"de-CH", RL_DE, "de"},
	    {"ger", RL_DE, "de"},
	    {"es-MX", RL_ES, "es"},
	    {"fr", RL_FR, "fr"},
	    {"fr-CA", RL_FR, "fr"},
	    {"it", RL_IT, "it"},
	    {"nl-BE", RL_NL, "nl"},
	    {"pl", RL_OTHER, "pl"},
	    {"zh-Hant-TW", RL_OTHER, "zh"},
	    {"pt-BR", RL_OTHER, "pt"},
	    {"und", RL_UNKNOWN, "und"},
	    {"", RL_UNKNOWN, "und"},
	    {"x", RL_UNKNOWN, "und"},
	    {"{{lang}}", RL_UNKNOWN, "und"},
	    {"abcdefghij", RL_UNKNOWN, "und"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char code[9];
		readability_lang_code(cases[i].tag, code);
		if (readability_lang_of(cases[i].tag) != cases[i].lang ||
		    strcmp(code, cases[i].code) != 0)
			fail_msg("%s: lang %d code %s, want %d %s",
			         cases[i].tag,
			         readability_lang_of(cases[i].tag), code,
			         cases[i].lang, cases[i].code);
	}
	assert_int_equal(readability_lang_of(NULL), RL_UNKNOWN);
	/* every formula but LIX belongs to exactly one language */
	for (int i = 0; i < R__COUNT; i++) {
		unsigned l = readability_formulas[i].langs;
		if (i == R_LIX)
			assert_int_equal(l, RL_ALL);
		else
			assert_true(l && (l & (l - 1)) == 0);
	}
}

/* ---- syllables of the other languages ------------------------------------ */

static void test_syllables_lang(void **state)
{
	(void)state;
	static const struct {
		readability_lang lang;
		const char *word;
		int want;
	} cases[] = {
	    /* German: digraphs one, other pairs two, qu */
	    {RL_DE, "Haus", 1},
	    {RL_DE, "Katze", 2},
	    {RL_DE, "Theater", 3},
	    {RL_DE, "Feuer", 2},
	    {RL_DE, "Bäume", 2},
	    {RL_DE, "Nation", 3},
	    {RL_DE, "Quelle", 2},
	    {RL_DE, "schläft", 1},
	    {RL_DE, "Bayern", 2},
	    {RL_DE, "Lesbarkeit", 3},
	    /* Spanish: hiatus of strong vowels, diphthongs, y */
	    {RL_ES, "poeta", 3},
	    {RL_ES, "día", 2},
	    {RL_ES, "ciudad", 2},
	    {RL_ES, "que", 1},
	    {RL_ES, "hoy", 1},
	    {RL_ES, "ayer", 2},
	    {RL_ES, "leer", 2},
	    {RL_ES, "bonita", 3},
	    /* French: silent final e, diaeresis, é + vowel */
	    {RL_FR, "table", 1},
	    {RL_FR, "rue", 1},
	    {RL_FR, "année", 2},
	    {RL_FR, "naïf", 2},
	    {RL_FR, "réalité", 4},
	    {RL_FR, "élève", 2},
	    {RL_FR, "quelque", 1},
	    {RL_FR, "le", 1},
	    {RL_FR, "maisons", 2},
	    /* Italian */
	    {RL_IT, "città", 2},
	    {RL_IT, "perché", 2},
	    {RL_IT, "piede", 2},
	    {RL_IT, "poeta", 3},
	    {RL_IT, "più", 1},
	    /* Dutch: digraphs, trigraphs, ij, diaeresis */
	    {RL_NL, "huis", 1},
	    {RL_NL, "België", 3},
	    {RL_NL, "eeuw", 1},
	    {RL_NL, "theater", 3},
	    {RL_NL, "lopen", 2},
	    {RL_NL, "ijs", 1},
	    {RL_NL, "koeien", 2},
	    /* no vowel at all: one */
	    {RL_DE, "2024", 1},
	    {RL_FR, "pst", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = syllables_lang(cases[i].lang, cases[i].word,
		                         strlen(cases[i].word));
		if (got != cases[i].want)
			fail_msg("%s (%d): %d syllables, want %d",
			         cases[i].word, cases[i].lang, got,
			         cases[i].want);
	}
}

/* The kinds cqa-parse writes decide where the paths say nothing: code in
 * a div (a highlighter's markup), a table row of a name and a number, a
 * list item all links; the paragraph is prose.
 *   paragraph  "Set the limit."                     3 words, prose
 *   code       "limit = 10\nretry = 3"              4 (limit, 10, retry, 3)
 *   table_row  "limit\t10"                          2
 *   list_item  "Next Previous", all link text       2
 * 11 words, 3 of them prose in 1 sentence. */
static void test_kinds_decide(void **state)
{
	(void)state;
	static const char text[] = "Set the limit.\n\nlimit = 10\nretry = "
	                           "3\n\nlimit\t10\n\nNext Previous";
	json_error_t je;
	json_t *blocks = json_loads(
	    "[{\"label\":\"content\",\"path\":\"html/body/div\",\"kind\":"
	    "\"paragraph\",\"text\":\"Set the limit.\"},"
	    "{\"label\":\"content\",\"path\":\"html/body/div/div\",\"kind\":"
	    "\"code\",\"text\":\"limit = 10\\nretry = 3\"},"
	    "{\"label\":\"content\",\"path\":\"html/body/div/div\",\"kind\":"
	    "\"table_row\",\"text\":\"limit\\t10\"},"
	    "{\"label\":\"content\",\"path\":\"html/body/div/div\",\"kind\":"
	    "\"list_item\",\"text\":\"Next Previous\",\"link_chars\":12}]",
	    0, &je);
	if (!blocks)
		fail_msg("blocks: %s", je.text);
	measurer *m = measurer_new(NULL);
	page_measures pm;
	doc_view v;
	doc_view_init(&v);
	doc_blocks db;
	doc_blocks_from_json(&v, blocks, &db);
	measure_page(m, text, strlen(text), &db, "en", NULL, NULL, &pm);
	doc_view_free(&v);
	assert_int_equal(pm.all.words, 11);
	assert_int_equal(pm.prose.words, 3);
	assert_int_equal(pm.prose.sentences, 1);
	assert_int_equal(pm.code_words, 4);
	assert_int_equal(pm.table_words, 2);
	assert_int_equal(pm.link_list_words, 2);
	json_decref(blocks);
	measurer_free(m);
}

/* ---- word lists ---------------------------------------------------------- */

static wordlists *lists_or_skip(void)
{
	wordlists *w = wordlists_load(NULL);
	if (!wordlists_have(w, WL_DALE_CHALL) ||
	    !wordlists_have(w, WL_SPACHE)) {
		print_message("skipped: %s\n", wordlists_missing(w));
		wordlists_free(w);
		return NULL;
	}
	return w;
}

static int dc(const wordlists *w, const char *word)
{
	return wordlists_familiar(w, WL_DALE_CHALL, word, strlen(word));
}

static int sp(const wordlists *w, const char *word)
{
	return wordlists_familiar(w, WL_SPACHE, word, strlen(word));
}

static void test_familiar_words(void **state)
{
	(void)state;
	wordlists *w = lists_or_skip();
	if (!w)
		skip();
	/* on the list, in any case; the regular forms of listed words */
	static const char *const familiar[] = {
	    "cat",    "Cat",      "cats",    "boxes",  "puppies", "jumped",
	    "liked",  "carried",  "stopped", "making", "running", "cat's",
	    "cats'",  "don't",    "don’t",   "1999",   "Mr",      "well-known",
	    "bigger", "happiest", "nicer",   "hotter"};
	for (size_t i = 0; i < sizeof familiar / sizeof *familiar; i++)
		if (!dc(w, familiar[i]))
			fail_msg("Dale-Chall: %s should be familiar",
			         familiar[i]);
	static const char *const unfamiliar[] = {"hippopotamus", "quietly",
	                                         "café", "photosynthesis",
	                                         "well-photosynthesised"};
	for (size_t i = 0; i < sizeof unfamiliar / sizeof *unfamiliar; i++)
		if (dc(w, unfamiliar[i]))
			fail_msg("Dale-Chall: %s should not be familiar",
			         unfamiliar[i]);
	/* Spache: verb forms and plurals, but no comparatives */
	assert_true(sp(w, "jumped"));
	assert_true(sp(w, "puppies"));
	assert_true(sp(w, "big"));
	assert_false(sp(w, "bigger"));
	assert_false(sp(w, "mat"));
	assert_true(dc(w, "mat"));
	wordlists_free(w);

	/* a directory without them: both missing, and said so */
	w = wordlists_load("/nonexistent/words");
	assert_false(wordlists_have(w, WL_DALE_CHALL));
	assert_false(wordlists_have(w, WL_SPACHE));
	assert_false(dc(w, "cat"));
	assert_string_equal(wordlists_missing(w),
	                    "word lists not found: "
	                    "/nonexistent/words/dale-chall-1995.txt, "
	                    "/nonexistent/words/spache-1974.txt");
	assert_string_equal(wordlists_dir(w), "/nonexistent/words");
	wordlists_free(w);
}

/* ---- passive voice ------------------------------------------------------- */

static void test_passive_voice(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int passive;
	} cases[] = {
	    {"The cake was eaten by the dog.", 1},
	    {"Mistakes were made.", 1},
	    {"The report is being written.", 1},
	    {"The house was not built in a day.", 1},
	    {"It was carefully checked.", 1},
	    {"The results are also widely used.", 1},
	    {"They’re paid monthly.", 1},
	    {"The letters have been sent.", 1},
	    {"The form isn't signed.", 1},
	    {"The dog ate the cake.", 0},
	    {"She was happy.", 0},
	    {"I need a break.", 0},
	    {"He is indeed tall.", 0},
	    {"There were a hundred people.", 0},
	    {"The work was done", 1},
	    {"The cloth was woven by hand.", 1},
	    {"The clock was wound.", 1},
	    {"The prize was won.", 1},
	    {"The thread was spun.", 1},
	    {"Was the red car there?", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (measures_passive(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].passive)
			fail_msg("\"%s\": passive should be %d", cases[i].s,
			         cases[i].passive);
}

/* ---- a page: what is prose ----------------------------------------------- */

static void count_sentence(void *ud, const char *start, size_t len, size_t line,
                           const text_counts *c)
{
	(void)start;
	(void)len;
	(void)line;
	(void)c;
	(*(int *)ud)++;
}

/* Content blocks, in order (and a boilerplate one, which is not in the
 * text):
 *   p      "Run the tool."                            3 words, prose
 *   pre    "make all && make install"                 4, code
 *   th     "Food"                                     1, table
 *   td     "3.5"                                      1, table (a number)
 *   td     "Whole grains give you more fibre than white bread does at
 *           every meal."                              13, prose (10+ words)
 *   li     "Home About Contact", all of it link text  3, link list
 *   li     "Read the guide to tea, then come back.",
 *          5 of its 30 letters a link                 8, prose
 *   p      "It builds fast."                          3, prose
 * 36 words, 27 of prose in 4 sentences and 4 paragraphs: lengths 3 13 8
 * 3, sorted 3 3 8 13; the 90th percentile at 0.9 * 3 = 2.7: 8 + 0.7 * (13
 * - 8) = 11.5. */
static const char page_blocks[] =
    "[{\"label\":\"boilerplate\",\"path\":\"html/body/nav\",\"text\":"
    "\"Menu\",\"chars\":4,\"link_chars\":4},"
    "{\"label\":\"content\",\"path\":\"html/body/article/p\",\"text\":"
    "\"Run the tool.\",\"chars\":13,\"link_chars\":0},"
    "{\"label\":\"content\",\"path\":\"html/body/article/pre.sh/code\","
    "\"text\":\"make all && make install\",\"chars\":24,\"link_chars\":0},"
    "{\"label\":\"content\",\"path\":"
    "\"html/body/article/table#t/tbody/tr/th\",\"text\":\"Food\","
    "\"chars\":4,\"link_chars\":0},"
    "{\"label\":\"content\",\"path\":"
    "\"html/body/article/table#t/tbody/tr/td\",\"text\":\"3.5\","
    "\"chars\":3,\"link_chars\":0},"
    "{\"label\":\"content\",\"path\":"
    "\"html/body/article/table#t/tbody/tr/td\",\"text\":\"Whole grains "
    "give you more fibre than white bread does at every meal.\","
    "\"chars\":70,\"link_chars\":0},"
    "{\"label\":\"content\",\"path\":\"html/body/article/ul/li\",\"text\":"
    "\"Home About Contact\",\"chars\":18,\"link_chars\":16},"
    "{\"label\":\"content\",\"path\":\"html/body/article/ul/li\",\"text\":"
    "\"Read the guide to tea, then come back.\",\"chars\":38,"
    "\"link_chars\":5},"
    "{\"label\":\"content\",\"path\":\"html/body/article/p\",\"text\":"
    "\"It builds fast.\",\"chars\":15,\"link_chars\":0}]";

static const char page_text[] =
    "Run the tool.\n\nmake all && make install\n\nFood\n\n3.5\n\nWhole "
    "grains give you more fibre than white bread does at every meal.\n\n"
    "Home About Contact\n\nRead the guide to tea, then come back.\n\nIt "
    "builds fast.";

static void test_code_tables_links_left_out(void **state)
{
	(void)state;
	json_error_t je;
	json_t *blocks = json_loads(page_blocks, 0, &je);
	if (!blocks)
		fail_msg("blocks: %s", je.text);
	measurer *m = measurer_new(NULL);
	page_measures pm;
	int census = 0;
	doc_view v;
	doc_view_init(&v);
	doc_blocks db;
	doc_blocks_from_json(&v, blocks, &db);
	measure_page(m, page_text, strlen(page_text), &db, "en-GB",
	             count_sentence, &census, &pm);
	assert_int_equal(pm.all.words, 36);
	assert_int_equal(pm.prose.words, 27);
	assert_int_equal(pm.code_words, 4);
	assert_int_equal(pm.table_words, 2);
	assert_int_equal(pm.link_list_words, 3);
	assert_int_equal(pm.prose.sentences, 4);
	assert_int_equal(pm.prose.paragraphs, 4);
	assert_int_equal(census, 8); /* the census sees the whole text */
	assert_float_equal(pm.sentence_p90, 11.5, 1e-9);
	assert_float_equal(pm.over20, 0, 1e-9);
	/* the formulas are the prose's: FRE with W 27, S 4 */
	readability_scores r;
	readability_compute(&pm.prose, &r);
	assert_float_equal(pm.r.score[R_FRE], r.flesch_reading_ease, 1e-9);
	/* no word lists given: Dale-Chall and Spache null */
	assert_true(isnan(pm.r.score[R_DALE_CHALL]));
	assert_int_equal(pm.difficult_words, -1);

	/* a text that is not the blocks joined: nothing is left out */
	static const char other[] = "Run the tool.\n\nmake all && make install";
	census = 0;
	measure_page(m, other, strlen(other), &db, "en", count_sentence,
	             &census, &pm);
	assert_int_equal(pm.all.words, 7);
	assert_int_equal(pm.prose.words, 7);
	assert_int_equal(pm.code_words, 0);
	assert_int_equal(census, 2);
	/* no blocks at all: the same */
	measure_page(m, page_text, strlen(page_text), NULL, "en", NULL, NULL,
	             &pm);
	assert_int_equal(pm.prose.words, 36);
	assert_int_equal(pm.prose.sentences, 8);

	/* a page of code only: no prose, no formula, and why */
	json_t *code = json_loads(
	    "[{\"label\":\"content\",\"path\":\"markdown/pre\",\"text\":"
	    "\"int main(void) { return 0; }\"}]",
	    0, &je);
	static const char code_text[] = "int main(void) { return 0; }";
	doc_blocks_from_json(&v, code, &db);
	measure_page(m, code_text, strlen(code_text), &db, "en", NULL, NULL,
	             &pm);
	assert_int_equal(pm.all.words, 5);
	assert_int_equal(pm.prose.words, 0);
	assert_int_equal(pm.code_words, 5);
	assert_true(isnan(pm.r.score[R_FRE]));
	assert_string_equal(pm.r.null_reason, "no_prose");
	doc_view_free(&v);
	json_decref(code);
	json_decref(blocks);
	measurer_free(m);
}

/* ---- a page: sentences, paragraphs, reading time ------------------------- */

/* Three paragraphs: sentences of 5 and 25 words; one of 35; eight of 19
 * (152 words, a long paragraph: over 150).  217 words, 11 sentences.
 *   lengths sorted 5, 19 (8 times), 25, 35: the 90th percentile at 0.9 *
 *   10 = 9 is the 10th value, 25;
 *   over 20 words: 25 and 35, 2 / 11 = 0.181818; over 30: 1 / 11;
 *   reading time 217 / 238 = 0.911765 minutes.
 * The language, Polish, has no formula here: LIX alone, 217 / 11 +
 * 100 * 0 / 217 = 19.727273 (no word has more than 6 letters). */
static void add_sentence(buf_t *b, int words)
{
	for (int i = 0; i < words; i++)
		buf_adds(b, i ? " kot" : "Kot");
	buf_adds(b, ". ");
}

static void test_sentences_and_paragraphs(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	add_sentence(&b, 5);
	add_sentence(&b, 25);
	buf_adds(&b, "\n\n");
	add_sentence(&b, 35);
	buf_adds(&b, "\n\n");
	for (int i = 0; i < 8; i++)
		add_sentence(&b, 19);
	measurer *m = measurer_new(NULL);
	page_measures pm;
	measure_page(m, b.data, b.len, NULL, "pl", NULL, NULL, &pm);
	assert_int_equal(pm.all.words, 217);
	assert_int_equal(pm.prose.sentences, 11);
	assert_int_equal(pm.prose.paragraphs, 3);
	assert_int_equal(pm.long_paragraphs, 1);
	assert_float_equal(pm.sentence_p90, 25, 1e-9);
	assert_float_equal(pm.over20, 2.0 / 11, 1e-9);
	assert_float_equal(pm.over30, 1.0 / 11, 1e-9);
	assert_float_equal(pm.reading_minutes, 217.0 / 238, 1e-9);
	assert_float_equal(pm.r.score[R_LIX], 217.0 / 11, 1e-9);
	assert_true(isnan(pm.r.score[R_FRE]));
	assert_string_equal(pm.r.null_reason, "language_unsupported");
	assert_int_equal(pm.passive_sentences, -1);
	assert_int_equal(pm.monosyllables, -1);
	/* the same text without a language */
	measure_page(m, b.data, b.len, NULL, NULL, NULL, NULL, &pm);
	assert_string_equal(pm.r.null_reason, "language_unknown");
	assert_float_equal(pm.r.score[R_LIX], 217.0 / 11, 1e-9);
	measurer_free(m);
	buf_free(&b);
}

/* ---- a page in English with the word lists ------------------------------- */

/* "The cat sat on the mat. The hippopotamus was quietly fed. The
 *  hippopotamus sat on the mat."  17 words, 3 sentences.
 * Dale-Chall: unfamiliar are hippopotamus (twice) and quietly: 3.
 *   64 - 0.95 * (100 * 3 / 17) - 0.69 * (17 / 3)
 *   = 64 - 0.95 * 17.647059 - 0.69 * 5.666667
 *   = 64 - 16.764706 - 3.91                                = 43.325294
 * Spache: not on its list are mat, hippopotamus, quietly and fed; the
 * second hippopotamus and mat are in the same 100 words: 4.
 *   0.121 * 5.666667 + 0.082 * (100 * 4 / 17) + 0.659
 *   = 0.685667 + 0.082 * 23.529412 + 0.659
 *   = 0.685667 + 1.929412 + 0.659                          =  3.274078
 * Passive: "was quietly fed", 1 of 3 sentences. */
static void test_english_page(void **state)
{
	(void)state;
	wordlists *w = lists_or_skip();
	if (!w)
		skip();
	static const char text[] =
	    "The cat sat on the mat. The hippopotamus was quietly fed. The "
	    "hippopotamus sat on the mat.";
	measurer *m = measurer_new(w);
	page_measures pm;
	measure_page(m, text, strlen(text), NULL, "en-US", NULL, NULL, &pm);
	assert_int_equal(pm.prose.words, 17);
	assert_int_equal(pm.prose.sentences, 3);
	assert_int_equal(pm.difficult_words, 3);
	assert_int_equal(pm.spache_difficult, 4);
	assert_int_equal(pm.passive_sentences, 1);
	assert_float_equal(pm.r.score[R_DALE_CHALL], 43.325294, 1e-6);
	assert_float_equal(pm.r.score[R_SPACHE], 3.274078, 1e-6);
	assert_null(pm.r.null_reason);
	/* the same text in German gets none of it */
	measure_page(m, text, strlen(text), NULL, "de-CH", NULL, NULL, &pm);
	assert_true(isnan(pm.r.score[R_DALE_CHALL]));
	assert_true(isnan(pm.r.score[R_FRE]));
	assert_int_equal(pm.difficult_words, -1);
	assert_int_equal(pm.passive_sentences, -1);
	measurer_free(m);
	wordlists_free(w);
}

/* Spache counts an unfamiliar word once in each run of 100 words:
 * "hippopotamus" as words 2, 51, 102, 151 and 202 of 250 (the rest
 * "the", familiar to both lists) is 3 for Spache (windows 1-100,
 * 101-200, 201-250) and 5 for Dale-Chall, which counts each one. */
static void test_spache_windows(void **state)
{
	(void)state;
	wordlists *w = lists_or_skip();
	if (!w)
		skip();
	buf_t b = BUF_INIT;
	for (int i = 0; i < 250; i++) {
		int odd = i == 1 || i == 50 || i == 101 || i == 150 || i == 201;
		buf_adds(&b, odd ? "hippopotamus" : "the");
		buf_adds(&b, i % 10 == 9 ? ". " : " ");
	}
	measurer *m = measurer_new(w);
	page_measures pm;
	for (int round = 0; round < 2; round++) {
		measure_page(m, b.data, b.len, NULL, "en", NULL, NULL, &pm);
		assert_int_equal(pm.prose.words, 250);
		assert_int_equal(pm.spache_difficult, 3);
		assert_int_equal(pm.difficult_words, 5);
	}
	measurer_free(m);
	wordlists_free(w);
	buf_free(&b);
}

/* The measurer keeps what it worked out of each word in tables that stop
 * growing at about 98,000 words of up to 8 bytes and 49,000 of 9 to 16;
 * past that, a new word is worked out each time, with the same result.
 * A page of 100,000 made-up short words and 50,000 long ones fills both;
 * the page of test_english_page, whose words it has not seen, then gives
 * the same figures as with a fresh measurer. */
static void test_words_past_the_tables(void **state)
{
	(void)state;
	wordlists *w = lists_or_skip();
	if (!w)
		skip();
	buf_t fill = BUF_INIT;
	for (unsigned i = 0; i < 150000; i++) {
		char word[20];
		unsigned v = i;
		size_t n = 0;
		word[n++] = 'q';
		for (int k = 0; k < 5; k++, v /= 26)
			word[n++] = (char)('a' + v % 26);
		if (i >= 100000) /* 13 bytes */
			n += (size_t)snprintf(word + n, sizeof word - n,
			                      "zzzzzzz");
		buf_add(&fill, word, n);
		buf_adds(&fill, i % 10 == 9 ? ". " : " ");
	}
	static const char text[] =
	    "The cat sat on the mat. The hippopotamus was quietly fed. The "
	    "hippopotamus sat on the mat.";
	measurer *fresh = measurer_new(w), *full = measurer_new(w);
	page_measures a, b;
	measure_page(full, fill.data, fill.len, NULL, "en", NULL, NULL, &b);
	assert_int_equal(b.prose.words, 150000);
	measure_page(fresh, text, strlen(text), NULL, "en", NULL, NULL, &a);
	for (int round = 0; round < 2; round++) {
		measure_page(full, text, strlen(text), NULL, "en", NULL, NULL,
		             &b);
		assert_int_equal(b.prose.syllables, a.prose.syllables);
		assert_int_equal(b.difficult_words, 3);
		assert_int_equal(b.spache_difficult, 4);
		assert_int_equal(b.passive_sentences, 1);
		assert_float_equal(b.r.score[R_DALE_CHALL],
		                   a.r.score[R_DALE_CHALL], 0);
		assert_float_equal(b.r.score[R_SPACHE], a.r.score[R_SPACHE], 0);
		assert_float_equal(b.r.score[R_FKG], a.r.score[R_FKG], 0);
	}
	measurer_free(fresh);
	measurer_free(full);
	wordlists_free(w);
	buf_free(&fill);
}

/* The word lists see the words the counts count.  "We ate 東京 ramen in
 * 1984." is 7 words to the scanner: We, ate, 東, 京, ramen, in, 1984 (a
 * run of Han characters is a word a character).  Dale-Chall: "we", "ate"
 * and "in" are listed, 1984 is a number (familiar), so 東, 京 and ramen
 * are the 3 difficult words of 7; Spache, whose list also has "we", "ate"
 * and "in", counts each unlisted word once in its run of 100: 3 as well.
 * Measured a second time by the same measurer, whose cache of words now
 * holds them, the page gives the same figures.  The passive-voice test
 * starts afresh at each sentence: "was" at the end of one sentence does
 * not make "Given" at the start of the next a passive. */
static void test_words_as_counted(void **state)
{
	(void)state;
	wordlists *w = lists_or_skip();
	if (!w)
		skip();
	static const char text[] =
	    "We ate \xE6\x9D\xB1\xE4\xBA\xAC ramen in 1984.";
	measurer *m = measurer_new(w);
	page_measures pm;
	for (int round = 0; round < 2; round++) {
		measure_page(m, text, strlen(text), NULL, "en", NULL, NULL,
		             &pm);
		assert_int_equal(pm.prose.words, 7);
		assert_int_equal(pm.difficult_words, 3);
		assert_int_equal(pm.spache_difficult, 3);
		assert_int_equal(pm.passive_sentences, 0);
	}
	static const char passive[] = "It was given. It was given away.";
	measure_page(m, passive, strlen(passive), NULL, "en", NULL, NULL, &pm);
	assert_int_equal(pm.passive_sentences, 2);
	/* "was" ends the first sentence: "given" opens the second, which
	 * has no form of "be" of its own */
	static const char split[] = "It really was. Given that, we left.";
	measure_page(m, split, strlen(split), NULL, "en", NULL, NULL, &pm);
	assert_int_equal(pm.passive_sentences, 0);
	measurer_free(m);
	wordlists_free(w);
}

/* ---- pages in German and Spanish: their own syllables -------------------- */

/* "Das Haus ist alt. Die Katze schläft."  7 words, 2 sentences.
 * Syllables: Das 1, Haus 1, ist 1, alt 1, Die 1, Katze 2, schläft 1 = 8;
 * one syllable: 6; 3 or more: 0; more than 6 letters: schläft, 1.
 *   Amstad  180 - 3.5 - 58.5 * 8 / 7 = 180 - 3.5 - 66.857143 = 109.642857
 *   Wiener  0.1935 * 0 + 0.1672 * 3.5 + 0.1297 * (100 / 7)
 *           - 0.0327 * (600 / 7) - 0.875
 *           = 0.5852 + 1.852857 - 2.802857 - 0.875          =  -1.2398
 *   LIX     3.5 + 100 / 7                                    =  17.785714
 * "El poeta lee. La ciudad es bonita."  7 words, 2 sentences; syllables
 * El 1, poeta 3, lee 2, La 1, ciudad 2, es 1, bonita 3 = 13.
 *   Fernández Huerta  206.84 - 0.60 * (100 * 13 / 7) - 1.02 * 3.5
 *                     = 206.84 - 111.428571 - 3.57           = 91.841429 */
static void test_german_and_spanish_pages(void **state)
{
	(void)state;
	measurer *m = measurer_new(NULL);
	page_measures pm;
	static const char de[] = "Das Haus ist alt. Die Katze schläft.";
	measure_page(m, de, strlen(de), NULL, "de", NULL, NULL, &pm);
	assert_int_equal(pm.prose.words, 7);
	assert_int_equal(pm.prose.syllables, 8);
	assert_int_equal(pm.monosyllables, 6);
	assert_int_equal(pm.prose.polysyllables, 0);
	assert_int_equal(pm.prose.long_words, 1);
	assert_float_equal(pm.r.score[R_AMSTAD], 109.642857, 1e-6);
	assert_float_equal(pm.r.score[R_WSTF], -1.2398, 1e-6);
	assert_float_equal(pm.r.score[R_LIX], 17.785714, 1e-6);
	assert_float_equal(pm.r.consensus, -1.2398, 1e-6);
	assert_true(isnan(pm.r.spread));
	assert_true(isnan(pm.r.score[R_FRE]));

	static const char es[] = "El poeta lee. La ciudad es bonita.";
	measure_page(m, es, strlen(es), NULL, "es-ES", NULL, NULL, &pm);
	assert_int_equal(pm.prose.syllables, 13);
	assert_float_equal(pm.r.score[R_FERNANDEZ_HUERTA], 91.841429, 1e-6);
	assert_true(isnan(pm.r.consensus));
	measurer_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_by_hand),
	    cmocka_unit_test(test_scores_by_hand),
	    cmocka_unit_test(test_formulas_from_counts),
	    cmocka_unit_test(test_no_words_or_sentences),
	    cmocka_unit_test(test_formula_table),
	    cmocka_unit_test(test_language_selection),
	    cmocka_unit_test(test_syllables_lang),
	    cmocka_unit_test(test_familiar_words),
	    cmocka_unit_test(test_passive_voice),
	    cmocka_unit_test(test_code_tables_links_left_out),
	    cmocka_unit_test(test_kinds_decide),
	    cmocka_unit_test(test_sentences_and_paragraphs),
	    cmocka_unit_test(test_english_page),
	    cmocka_unit_test(test_words_past_the_tables),
	    cmocka_unit_test(test_spache_windows),
	    cmocka_unit_test(test_words_as_counted),
	    cmocka_unit_test(test_german_and_spanish_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
