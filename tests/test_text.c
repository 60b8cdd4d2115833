/*
 * test_text.c - words, sentences, syllables, normalisation, UTF-8 repair.
 *
 * Expected counts follow the definitions in common/text.h, counted by hand;
 * expected syllables are the CMU Pronouncing Dictionary's (cmudict 0.7b).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/text.h"

static text_counts count(const char *s)
{
	text_counts c;
	text_count(s, strlen(s), &c);
	return c;
}

static size_t words(const char *s)
{
	return count(s).words;
}

static size_t sentences(const char *s)
{
	return count(s).sentences;
}

/* ---- words ------------------------------------------------------------- */

static void test_words_apostrophes_and_hyphens(void **state)
{
	(void)state;
	assert_int_equal(words("don't"), 1);
	assert_int_equal(words("don\xE2\x80\x99t"), 1); /* typographic ' */
	assert_int_equal(words("a well-known fact"), 3);
	/* a hyphen or quote not between letters is not part of a word */
	assert_int_equal(words("'quoted' - end-"), 2);
	assert_int_equal(words("the students' books"), 3);
	/* "don't": letters d o n t = 4, the apostrophe is not a letter */
	assert_int_equal(count("don't").letters, 4);
}

static void test_words_numbers(void **state)
{
	(void)state;
	/* "3.5" and "1,000" are one word each; "3." ends a sentence */
	assert_int_equal(words("It costs 3.5 dollars"), 4);
	assert_int_equal(words("1,000 people"), 2);
	assert_int_equal(words("in 2024."), 2);
	/* a number counts as one syllable */
	assert_int_equal(count("1984").syllables, 1);
}

static void test_words_unicode(void **state)
{
	(void)state;
	/* "Größe": G r ö ß e, five letters */
	text_counts c = count("Die Größe");
	assert_int_equal(c.words, 2);
	assert_int_equal(c.letters, 3 + 5);
	/* decomposed e + U+0301: the combining mark stays in the word but is
	 * not a letter, so both spellings of "café" have 4 letters */
	assert_int_equal(count("caf\xC3\xA9").letters, 4);
	assert_int_equal(count("cafe\xCC\x81").letters, 4);
	assert_int_equal(count("cafe\xCC\x81").words, 1);
	/* CJK has no spaces: by the definition a run of ideographs is one
	 * word (word segmentation would need a dictionary) */
	assert_int_equal(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), 1);
	/* long words: more than 6 letters */
	assert_int_equal(count("seven letters abcdefg").long_words, 2);
}

/* ---- sentences --------------------------------------------------------- */

static void test_sentences_abbreviations(void **state)
{
	(void)state;
	assert_int_equal(sentences("Dr. Smith arrived. He sat down."), 2);
	assert_int_equal(sentences("Bring tools, e.g. hammers. Then rest."), 2);
	assert_int_equal(sentences("That is, i.e. nothing. Fine."), 2);
	/* single capital letters are initials */
	assert_int_equal(sentences("J. R. R. Tolkien wrote books."), 1);
	assert_int_equal(sentences("Mr. and Mrs. Jones left. Bye."), 2);
	/* "etc." is left out of the table: it ends sentences */
	assert_int_equal(sentences("Apples, pears etc. Then more."), 2);
}

static void test_sentences_punctuation(void **state)
{
	(void)state;
	/* a decimal point is not followed by space */
	assert_int_equal(sentences("It costs 3.5 dollars. Cheap."), 2);
	/* runs of terminators end one sentence */
	assert_int_equal(sentences("Wait... What?! No."), 3);
	assert_int_equal(sentences("Wait\xE2\x80\xA6 What?"), 2); /* U+2026 */
	/* closing quotes belong to the sentence they close */
	assert_int_equal(sentences("He said \"Stop.\" Then he left."), 2);
	/* no terminator at the end still makes a sentence */
	assert_int_equal(sentences("No full stop here"), 1);
	/* sentences without words do not count: "!!!" and "..." */
	assert_int_equal(sentences("!!! ... Hello."), 1);
	/* a URL's dots are not followed by space */
	assert_int_equal(sentences("See example.com for more. Thanks."), 2);
	/* CJK full stops need no space after them: 你好。我很好。 */
	assert_int_equal(sentences("\xE4\xBD\xA0\xE5\xA5\xBD\xE3\x80\x82"
	                           "\xE6\x88\x91\xE5\xBE\x88\xE5\xA5\xBD"
	                           "\xE3\x80\x82"),
	                 2);
	assert_int_equal(sentences(""), 0);
	assert_int_equal(count("").words, 0);
}

static void test_paragraphs(void **state)
{
	(void)state;
	/* a blank line (even with spaces on it) ends a sentence and a
	 * paragraph; a single newline does neither */
	text_counts c = count("Heading\n\nBody text\ngoes on. Second.\n  \n"
	                      "Last one\n\n\n");
	assert_int_equal(c.paragraphs, 3);
	assert_int_equal(c.sentences, 4);
	assert_int_equal(c.words, 1 + 4 + 1 + 2);
	/* a block without a word is not a paragraph */
	assert_int_equal(count("One.\n\n* * *\n\nTwo.").paragraphs, 2);
}

typedef struct seen {
	int n;
	size_t line[8];
	size_t words[8];
	char text[8][64];
} seen;

static void collect(void *ud, const char *start, size_t len, size_t line,
                    const text_counts *c)
{
	seen *s = ud;
	if (s->n >= 8)
		return;
	s->line[s->n] = line;
	s->words[s->n] = c->words;
	snprintf(s->text[s->n], sizeof s->text[0], "%.*s", (int)len, start);
	s->n++;
}

static void test_sentence_lines(void **state)
{
	(void)state;
	const char *t = "First line.\nSecond sentence\ncontinues here. Third.\n"
	                "\n  Fourth (para).\n";
	seen s;
	memset(&s, 0, sizeof s);
	text_sentences(t, strlen(t), collect, &s);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.line[0], 1);
	assert_int_equal(s.line[1], 2);
	assert_int_equal(s.line[2], 3);
	assert_int_equal(s.line[3], 5);
	assert_string_equal(s.text[0], "First line.");
	assert_string_equal(s.text[1], "Second sentence\ncontinues here.");
	assert_string_equal(s.text[2], "Third.");
	assert_string_equal(s.text[3], "Fourth (para).");
	assert_int_equal(s.words[1], 4);
}

/* ---- syllables --------------------------------------------------------- */

static void test_syllables_cmudict(void **state)
{
	(void)state;
	/* word and its CMU count (the first pronunciation's, except where a
	 * later one is named) */
	static const struct {
		const char *word;
		int syllables;
	} cmu[] = {
	    {"the", 1},         {"table", 2},       /* -le after consonant */
	    {"little", 2},      {"jumped", 1},      /* -ed silent after p */
	    {"wanted", 2},      {"needed", 2},      /* -ed spoken after t, d */
	    {"makes", 1},       {"houses", 2},      /* -es after s */
	    {"pages", 2},       {"played", 1},      /* y consonant before e */
	    {"crying", 2},      {"beyond", 2},      /* y before a vowel */
	    {"lion", 2},        {"nation", 2},      /* io split, but -tion */
	    {"special", 2},     {"actual", 3},      /* -cia-, u-a */
	    {"poem", 2},        {"quiet", 2},       /* qu is a consonant */
	    {"being", 2},       {"happier", 3},     /* -ing after a vowel */
	    {"lately", 2},      {"hopeful", 2},     /* silent e + suffix */
	    {"movement", 2},    {"didn't", 2},      /* syllabic n't */
	    {"tourism", 3},     {"rhythm", 2},      /* syllabic m */
	    {"idea", 3},        {"area", 3},        /* final e-a */
	    {"league", 1},      {"science", 2},     /* gu, sci-ence */
	    {"style", 1},       {"eye", 1},         /* y vowel, y-e */
	    {"continuous", 4},  {"various", 3},     /* u-o, i-ou */
	    {"hundred", 2},     {"acre", 2},        /* -dred, -cre */
	    {"readability", 5}, {"comfortable", 4}, /* long words */
	    {"beautiful", 3},   {"McDonald", 3},    /* eau, Mc */
	    {"committee", 3},   {"everyone", 3}, /* used in test_readability */
	    {"decision", 3},    {"early", 2},
	};
	for (size_t i = 0; i < sizeof cmu / sizeof *cmu; i++) {
		int got = text_syllables(cmu[i].word, strlen(cmu[i].word));
		if (got != cmu[i].syllables)
			print_error("%s: %d, CMU says %d\n", cmu[i].word, got,
			            cmu[i].syllables);
		assert_int_equal(got, cmu[i].syllables);
	}
}

static void test_syllables_edges(void **state)
{
	(void)state;
	/* accents count as their base letter: café = cafe, 2 (CMU) */
	assert_int_equal(text_syllables("caf\xC3\xA9", 5), 2);
	assert_int_equal(text_syllables("CAFE", 4), 2);
	/* no Latin letter: 0 for digits, 1 for another script's word */
	assert_int_equal(text_syllables("1984", 4), 0);
	assert_int_equal(text_syllables("\xD0\xB4\xD0\xB0", 4), 1); /* да */
	/* a word with a letter never has 0 */
	assert_int_equal(text_syllables("hmm", 3), 1);
	assert_int_equal(text_syllables("", 0), 0);
}

/* ---- normalisation ----------------------------------------------------- */

static void assert_normal(const char *in, const char *want)
{
	buf_t b = BUF_INIT;
	text_normalize(in, strlen(in), &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_normalize(void **state)
{
	(void)state;
	assert_normal("Hello, World!", "hello world");
	assert_normal("  --Hello--  world--  ", "hello world");
	assert_normal("", "");
	assert_normal("...", "");
	/* NFKC: the ligature U+FB01 is "fi" */
	assert_normal("The \xEF\xAC\x81le", "the file");
	/* composed and decomposed é normalise alike */
	assert_normal("Caf\xC3\xA9", "caf\xC3\xA9");
	assert_normal("CAFE\xCC\x81", "caf\xC3\xA9");
	/* case folding: ß folds to ss */
	assert_normal("STRASSE Stra\xC3\x9F"
	              "e",
	              "strasse strasse");
	/* apostrophes are punctuation here: both spellings match */
	assert_normal("Don\xE2\x80\x99t", "don t");
	assert_normal("don't", "don t");
	/* invalid bytes are repaired, then are not word characters */
	assert_normal("a\xFF"
	              "b",
	              "a b");
}

/* ---- UTF-8 repair ------------------------------------------------------ */

static void assert_repaired(const char *in, size_t len, const char *want,
                            size_t want_len)
{
	buf_t b = BUF_INIT;
	text_make_valid_utf8(in, len, &b);
	assert_int_equal(b.len, want_len);
	assert_memory_equal(buf_cstr(&b), want, want_len);
	buf_free(&b);
}

/* string literals may hold NUL, so their lengths come from sizeof */
#define REPAIRED(in, want)                                                     \
	assert_repaired(in, sizeof(in) - 1, want, sizeof(want) - 1)

#define FFFD "\xEF\xBF\xBD"

static void test_make_valid_utf8(void **state)
{
	(void)state;
	/* valid text is unchanged: é € 😀 */
	REPAIRED("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
	         "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
	REPAIRED("", "");
	/* a stray byte */
	REPAIRED("a\xFF"
	         "b",
	         "a" FFFD "b");
	/* a truncated sequence is one U+FFFD (maximal subpart) */
	REPAIRED("caf\xC3", "caf" FFFD);
	REPAIRED("\xE2\x82x", FFFD "x");
	/* overlong "/" (C0 AF): C0 is never valid, AF is a stray byte */
	REPAIRED("\xC0\xAF", FFFD FFFD);
	/* an encoded surrogate (ED A0 80) is three ill-formed bytes */
	REPAIRED("\xED\xA0\x80", FFFD FFFD FFFD);
	/* above U+10FFFF */
	REPAIRED("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	/* NUL is valid UTF-8 and kept */
	REPAIRED("a\0b", "a\0b");
	/* counting never trips over invalid bytes */
	assert_int_equal(count("bad\xFF\xFEtext here.").words, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words_apostrophes_and_hyphens),
	    cmocka_unit_test(test_words_numbers),
	    cmocka_unit_test(test_words_unicode),
	    cmocka_unit_test(test_sentences_abbreviations),
	    cmocka_unit_test(test_sentences_punctuation),
	    cmocka_unit_test(test_paragraphs),
	    cmocka_unit_test(test_sentence_lines),
	    cmocka_unit_test(test_syllables_cmudict),
	    cmocka_unit_test(test_syllables_edges),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_make_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
