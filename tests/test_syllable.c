/*
 * test_syllable.c - text_syllables() (dictionary, then rules),
 * text_syllables_rules() (rules alone) and cqa-analyze --count-syllables.
 *
 * Expected counts were checked by hand against the CMU Pronouncing
 * Dictionary (../shared/data/words/cmudict.tsv, the "cmudict" of
 * github.com/cmusphinx/cmudict); where it gives a word several
 * pronunciations the count named is one of them, the first unless a
 * comment says otherwise.  Acronyms not in it follow the rule of
 * docs/formats.md: letter by letter, one syllable a letter, W three.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/text.h"

typedef struct expect {
	const char *word;
	int syllables;
} expect;

static int dict(const char *w)
{
	return text_syllables(w, strlen(w));
}

static int rules(const char *w)
{
	return text_syllables_rules(w, strlen(w));
}

static void check(const expect *e, size_t n, int (*fn)(const char *),
                  const char *what)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		int got = fn(e[i].word);
		if (got != e[i].syllables) {
			print_error("%s: %s gives %d, CMU says %d\n", e[i].word,
			            what, got, e[i].syllables);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

#define CHECK(list, fn, what) check(list, sizeof list / sizeof *list, fn, what)

/* Words of running text the rules alone get right, so both functions
 * must give the CMU count. */
static const expect common_words[] = {
    {"the", 1},
    {"table", 2},
    {"little", 2},
    {"wanted", 2},
    {"jumped", 1},
    {"houses", 2},
    {"pages", 2},
    {"lion", 2},
    {"nation", 2},
    {"poem", 2},
    {"quiet", 2},
    {"science", 2},
    {"area", 3},
    {"idea", 3},
    {"readability", 5},
    {"comfortable", 4},
    {"beautiful", 3},
    {"people", 2},
    /* the words of the issue */
    {"created", 3},
    {"element", 3},
    {"something", 2},
    {"timeout", 2},
    {"behavior", 3},
    {"therefore", 2},
    /* compounds whose first word ends in a silent e */
    {"gatekeeper", 3},
    {"homework", 2},
    {"eyebrow", 2},
    /* a prefix before a vowel, vowel pairs split or not */
    {"reenter", 3},
    {"reuse", 2},
    {"coordinate", 4},
    {"negotiation", 5},
    {"appreciate", 4},
    {"ratio", 3},
    {"studio", 3},
    {"calcium", 3},
    {"museum", 3},
    {"linear", 3},
    {"theater", 3},
    {"fashion", 2},
    {"marriage", 2},
};

static void test_common_words(void **state)
{
	(void)state;
	CHECK(common_words, dict, "text_syllables");
	CHECK(common_words, rules, "text_syllables_rules");
}

/* Words the rules get wrong: the dictionary has them. */
static void test_dictionary_over_rules(void **state)
{
	(void)state;
	static const expect in_dict[] = {
	    {"business", 2}, {"colonel", 2}, {"evening", 2},
	    {"recipe", 3},   {"cafe", 2},    {"naive", 2},
	};
	CHECK(in_dict, dict, "text_syllables");
	/* the rules alone: what spelling suggests */
	assert_int_equal(rules("business"), 3);
	assert_int_equal(rules("colonel"), 3);
	assert_int_equal(rules("evening"), 3);
	assert_int_equal(rules("recipe"), 2);
	assert_int_equal(rules("cafe"), 1);
	/* the dictionary is looked up whatever the case */
	assert_int_equal(dict("Business"), 2);
	assert_int_equal(dict("BUSINESS"), 2);
}

/* All-capital words of 2 to 5 letters that do not read as words are
 * spelled out; the dictionary knows those it has ("NASA", "HTML"). */
static void test_acronyms(void **state)
{
	(void)state;
	static const expect spelled[] = {
	    {"HTML", 4}, /* H-T-M-L (CMU: 4) */
	    {"API", 3},  /* A-P-I (CMU: 3) */
	    {"PDF", 3},  /* CMU: 3 */
	    {"USA", 3},  /* CMU: 3 */
	    {"CSS", 3},  /* not in CMU: C-S-S */
	    {"GPU", 3},  /* not in CMU: G-P-U */
	    {"WWW", 9},  /* not in CMU: double-u three times */
	    {"www", 9},  /* no vowel, any case */
	    {"AI", 2},   /* A-I; CMU's second pronunciation */
	    {"BBC", 3},  /* no vowel, any case: CMU "bbc" 3 */
	    {"bbc", 3},   {"HTTPS", 5}, {"APIs", 3}, /* plural: A-P-Is */
	    {"CSSs", 4}, /* plural after s: C-S-Esses */
	    {"HTML's", 4}};
	CHECK(spelled, dict, "text_syllables");
	CHECK(spelled, rules, "text_syllables_rules");
	/* words in capitals read as words */
	static const expect words[] = {
	    {"THE", 1},   {"WELCOME", 2}, {"STORE", 1},
	    {"TABLE", 2}, {"NATO", 2},    {"BRANDS", 1},
	    {"FIRST", 1}, {"DOWN", 1},    {"TOWNS", 1},
	};
	CHECK(words, dict, "text_syllables");
	CHECK(words, rules, "text_syllables_rules");
	assert_int_equal(dict("NASA"), 2);
	/* the dictionary keeps words the rule would spell out: SPA ends in
	 * a, like USA, but CMU reads it as a word (1) */
	assert_int_equal(dict("SPA"), 1);
	assert_int_equal(rules("SPA"), 3);
	/* and acronyms whose letters would read as a word: CEO 3, URL 3 */
	assert_int_equal(dict("CEO"), 3);
	assert_int_equal(dict("CEOs"), 3);
	assert_int_equal(dict("URLs"), 3);
	/* interjections of doubled letters are one syllable */
	assert_int_equal(dict("hmm"), 1);
	assert_int_equal(rules("shh"), 1);
}

static void test_diacritics(void **state)
{
	(void)state;
	/* a letter with a diacritic counts as its base letter: café = cafe
	 * (CMU 2), naïve = naive (2), façade = facade (2), über = uber (2),
	 * jalapeño = jalapeno (4) */
	static const expect accented[] = {
	    {"caf\xC3\xA9", 2},
	    {"CAF\xC3\x89", 2},
	    {"na\xC3\xAFve", 2},
	    {"fa\xC3\xA7"
	     "ade",
	     2},
	    {"\xC3\xBC"
	     "ber",
	     2},
	    {"jalape\xC3\xB1o", 4},
	};
	CHECK(accented, dict, "text_syllables");
	/* decomposed: e + combining acute is the same word */
	assert_int_equal(dict("cafe\xCC\x81"), 2);
	/* Latin letters without a decomposition are spelled out:
	 * encyclopædia = encyclopaedia (CMU 6), œuvre = oeuvre (CMU 2) */
	assert_int_equal(dict("encyclop\xC3\xA6"
	                      "dia"),
	                 6);
	assert_int_equal(dict("\xC5\x93uvre"), 2);
}

static void test_apostrophes(void **state)
{
	(void)state;
	static const expect contractions[] = {
	    {"didn't", 2},
	    {"don't", 1},
	    {"James's", 2},
	    {"could've", 2},
	    {"it'll", 2},
	    {"dog's", 1},
	    {"horse's", 2},
	    {"players'", 2},
	    /* typographic apostrophes are the same */
	    {"didn\xE2\x80\x99t", 2},
	    {"don\xE2\x80\x99t", 1},
	    {"James\xE2\x80\x99s", 2},
	};
	CHECK(contractions, dict, "text_syllables");
	CHECK(contractions, rules, "text_syllables_rules");
	/* a possessive of a dictionary word: evening (2) + 's */
	assert_int_equal(dict("evening's"), 2);
	assert_int_equal(dict("business's"), 3);
}

static void test_parts_and_edges(void **state)
{
	(void)state;
	/* hyphenated words count their parts: well (1) + known (1) */
	assert_int_equal(dict("well-known"), 2);
	assert_int_equal(dict("state-of-the-art"), 4);
	assert_int_equal(dict("re-enter"), 3);
	assert_int_equal(dict("covid-19"), 2);
	/* no Latin letter: 0 for digits, 1 for another script's word */
	assert_int_equal(dict("1984"), 0);
	assert_int_equal(dict("\xD0\xB4\xD0\xB0"), 1); /* да */
	assert_int_equal(dict(""), 0);
	assert_int_equal(rules(""), 0);
	assert_int_equal(text_syllables(NULL, 0), 0);
	/* a word with a letter never has 0 */
	assert_int_equal(dict("x"), 1);
	assert_int_equal(rules("brr"), 1);
	/* a word longer than the rules read is still counted, not overrun */
	char longw[300];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	assert_true(dict(longw) >= 1);
	/* the count does not read past len */
	assert_int_equal(text_syllables("business card", 8), 2);
}

/* ---- cqa-analyze --count-syllables ------------------------------------ */

static char *run(const char *args, const char *input, int *status)
{
	const char *bin = getenv("CQA_BIN");
	char in[] = "/tmp/cqa-test-syllable-XXXXXX";
	int fd = mkstemp(in);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(input, f);
	fclose(f);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "'%s/cqa-analyze' %s < '%s'", bin, args, in);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static char out[4096];
	size_t got = fread(out, 1, sizeof out - 1, p);
	out[got] = '\0';
	*status = pclose(p);
	unlink(in);
	return out;
}

static void test_program(void **state)
{
	(void)state;
	if (!getenv("CQA_BIN"))
		skip();
	int status;
	char *out = run("--count-syllables",
	                "created\nHTML\nbusiness\n\n  table \ncaf\xC3\xA9\r\n"
	                "well-known\nreadability",
	                &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* an empty line gives 0, blanks and a CR around a word are ignored,
	 * the last line counts without its newline */
	assert_string_equal(out, "3\n4\n2\n0\n2\n2\n2\n5\n");

	out = run("--count-syllables --no-dict", "business\ncreated\nAPI\n",
	          &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(out, "3\n3\n3\n");

	/* no input, no output */
	out = run("--count-syllables", "", &status);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(out, "");

	/* --help names the options */
	out = run("--help", "", &status);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_non_null(strstr(out, "--count-syllables"));
	assert_non_null(strstr(out, "--no-dict"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_common_words),
	    cmocka_unit_test(test_dictionary_over_rules),
	    cmocka_unit_test(test_acronyms),
	    cmocka_unit_test(test_diacritics),
	    cmocka_unit_test(test_apostrophes),
	    cmocka_unit_test(test_parts_and_edges),
	    cmocka_unit_test(test_program),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
