/*
 * test_text.c - words, sentences, syllables, normalisation, UTF-8 repair.
 *
 * Expected counts follow the definitions in common/text.h, counted by hand;
 * expected syllables are the CMU Pronouncing Dictionary's (cmudict 0.7b).
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

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
	/* CJK has no spaces: each ideograph is a word (segmenting would
	 * need a dictionary), not one word per run: 日本語 is 3 */
	assert_int_equal(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), 3);
	/* long words: more than 6 letters */
	assert_int_equal(count("seven letters abcdefg").long_words, 2);
}

static void test_words_tokens(void **state)
{
	(void)state;
	/* curly apostrophes, hyphens, underscores */
	assert_int_equal(words("She won\xE2\x80\x99t re-enter my_var"), 4);
	/* initialisms and abbreviations with inner periods are one word */
	assert_int_equal(words("the U.S.A. and e.g. Ph.D."), 5);
	/* numbers with separators: 1,000,000.50 and 5:30 and 12/25/2024 */
	assert_int_equal(words("1,000,000.50 at 5:30 on 12/25/2024"), 5);
	/* "and/or" between letters is two words */
	assert_int_equal(words("and/or"), 2);
	/* a URL is one word, its trailing period is not part of it */
	assert_int_equal(
	    words("See https://www.example.50.com/new-site/a_b.html. Now."), 3);
	assert_int_equal(words("at www.example.co.uk/about?q=1&r=2"), 2);
	assert_int_equal(words("(http://example.org/wiki/Foo_(bar))"), 1);
	/* e-mail addresses are one word */
	assert_int_equal(words("Mail jane.doe@mail.example.com or "
	                       "john_smith@example.org today"),
	                 5);
	/* letters of a URL count as letters: http example org = 14 */
	assert_int_equal(count("http://example.org").letters, 14);
}

static void test_words_scripts_without_spaces(void **state)
{
	(void)state;
	/* Japanese: 日本語を話す = 6 characters, 6 words */
	assert_int_equal(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"
	                       "\xE3\x82\x92\xE8\xA9\xB1\xE3\x81\x99"),
	                 6);
	/* the kana length mark stays with the letter: コーヒー is 2 */
	assert_int_equal(words("\xE3\x82\xB3\xE3\x83\xBC\xE3\x83\x92"
	                       "\xE3\x83\xBC"),
	                 2);
	/* Thai: ภาษาไทย (ภ า ษ า ไ ท ย, all spacing letters) is 7 words;
	 * กิน has a combining vowel: ก+ิ, น = 2 words, 2 letters */
	assert_int_equal(words("\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9"
	                       "\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97"
	                       "\xE0\xB8\xA2"),
	                 7);
	text_counts c = count("\xE0\xB8\x81\xE0\xB8\xB4\xE0\xB8\x99");
	assert_int_equal(c.words, 2);
	assert_int_equal(c.letters, 2);
	/* a Latin word next to Han: iPhone手机 is 3 words */
	assert_int_equal(words("iPhone\xE6\x89\x8B\xE6\x9C\xBA"), 3);
	/* Korean is written with spaces: 한국어 is one word */
	assert_int_equal(words("\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"), 1);
}

/* ---- sentences --------------------------------------------------------- */

/* The sentences of s, one a line, as cqa-analyze --split-sentences prints
 * them. */
static void assert_split(const char *s, const char *want)
{
	buf_t b = BUF_INIT;
	text_sentence_lines(s, strlen(s), &b);
	if (strcmp(buf_cstr(&b), want))
		print_error("split of: %s\n", s);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_sentences_initials_and_initialisms(void **state)
{
	(void)state;
	/* an initial before a name does not end a sentence, one before a
	 * sentence starter does: the pronoun "I" */
	assert_split("We met Anna K. Berg there.",
	             "We met Anna K. Berg there.\n");
	assert_split("It was just you and I. Then we left.",
	             "It was just you and I.\nThen we left.\n");
	/* a variable name: a lower-case letter before any capital */
	assert_split("Let the total be x. Now add one.",
	             "Let the total be x.\nNow add one.\n");
	/* initialisms: the same rule */
	assert_split("They moved to the U.S. How odd.",
	             "They moved to the U.S.\nHow odd.\n");
	assert_split("She joined the U.S. Army in May.",
	             "She joined the U.S. Army in May.\n");
	assert_split("We toured the U.S.A. last year.",
	             "We toured the U.S.A. last year.\n");
	/* times of day */
	assert_split("It opens at 9 a.m. Coffee is free.",
	             "It opens at 9 a.m.\nCoffee is free.\n");
	assert_split("It opens at 9 a.m. EST daily.",
	             "It opens at 9 a.m. EST daily.\n");
}

static void test_sentences_lower_case_and_quotes(void **state)
{
	(void)state;
	/* a lower-case word after an abbreviation, a quote or a bracket, or
	 * a name with "!", continues the sentence */
	assert_split("Ask Tom and co. at the desk.",
	             "Ask Tom and co. at the desk.\n");
	assert_split("\"Run.\" she said. He ran.",
	             "\"Run.\" she said.\nHe ran.\n");
	assert_split("It rained (as forecast.) and we stayed.",
	             "It rained (as forecast.) and we stayed.\n");
	assert_split("He works at Yahoo! in London.",
	             "He works at Yahoo! in London.\n");
	/* an ordinary word ends a sentence even before lower case */
	/* but a number does not (German ordinals) */
	assert_split("Sie will 1. planen und 2. handeln.",
	             "Sie will 1. planen und 2. handeln.\n");
	assert_split("It broke on Emacs. so I left.",
	             "It broke on Emacs.\nso I left.\n");
}

static void test_sentences_lists_and_ellipses(void **state)
{
	(void)state;
	assert_split("1) Mix the flour 2) Bake it",
	             "1) Mix the flour\n2) Bake it\n");
	assert_split("a. Red b. Green", "a. Red\nb. Green\n");
	assert_split("\xE2\x80\xA2 Fast \xE2\x80\xA2 Cheap",
	             "\xE2\x80\xA2 Fast\n\xE2\x80\xA2 Cheap\n");
	assert_split("Steps:\n1. Open it\n2. Close it",
	             "Steps:\n1. Open it\n2. Close it\n");
	/* an enumeration inside a sentence is not a list */
	assert_split("Either (a) stay or (b) go.",
	             "Either (a) stay or (b) go.\n");
	/* ellipses: kept in the text; a spaced one is an omission */
	assert_split("Wait... Who is it?", "Wait...\nWho is it?\n");
	assert_split("It was . . . I forget.", "It was . . . I forget.\n");
	assert_split("It was long . . . . Then it ended.",
	             "It was long . . . .\nThen it ended.\n");
	assert_split("He said [...] nothing.", "He said [...] nothing.\n");
	/* a part without a word joins the sentence before it */
	assert_split("Fine. ... Really fine.", "Fine. ...\nReally fine.\n");
	/* and white space with a line break folds to one space */
	assert_split("One\n  line.  Two", "One line.\nTwo\n");
}

/* ---- sentences (counts) ------------------------------------------------- */

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

/* The whole text through utf8proc at once, then its word characters: what
 * text_normalize must give however it splits the text up. */
static void normalize_whole(const char *in, buf_t *out)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map(
	    (const utf8proc_uint8_t *)in, (utf8proc_ssize_t)strlen(in), &m,
	    UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	        UTF8PROC_STABLE);
	assert_true(n >= 0);
	int gap = 0;
	buf_add(out, "", 0);
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
		utf8proc_category_t c = utf8proc_category(cp);
		int word = cp < 0x80 ? isalnum(cp) != 0
		                     : (c >= UTF8PROC_CATEGORY_LU &&
		                        c <= UTF8PROC_CATEGORY_NO &&
		                        c != UTF8PROC_CATEGORY_PC);
		if (word) {
			if (gap && out->len)
				buf_addc(out, ' ');
			gap = 0;
			buf_add(out, (const char *)m + i, (size_t)k);
		} else {
			gap = 1;
		}
		i += k;
	}
	free(m);
}

/* ASCII runs skip utf8proc; a combining mark after ASCII, ligatures, case
 * folds that grow, other scripts and punctuation, in random order and at
 * every length around the piece size, must still come out as one call
 * over the whole text gives. */
static void test_normalize_pieces(void **state)
{
	(void)state;
	static const char *const parts[] = {"e",
	                                    "E",
	                                    " ",
	                                    "\xCC\x81",
	                                    "\xEF\xAC\x81",
	                                    "\xC3\x9F",
	                                    "I\xCC\x87",
	                                    "\xCE\xA3",
	                                    "\xE2\x80\x99",
	                                    "--",
	                                    "7",
	                                    "\xE6\x97\xA5",
	                                    "\xEF\xBC\xA1",
	                                    "x\xCC\xA3\xCC\x87",
	                                    "\xE2\x85\xA0",
	                                    ".",
	                                    "Q"};
	enum { NPARTS = sizeof parts / sizeof *parts };
	uint64_t r = 88172645463325252u;
	buf_t in = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
	for (int round = 0; round < 60; round++) {
		buf_reset(&in);
		size_t target = round < 30 ? (size_t)(round * 7) : 70000;
		while (in.len < target) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			buf_adds(&in, parts[r % NPARTS]);
		}
		buf_reset(&got);
		buf_reset(&want);
		text_normalize(in.data ? in.data : "", in.len, &got);
		normalize_whole(in.data ? in.data : "", &want);
		assert_string_equal(buf_cstr(&got), buf_cstr(&want));
	}
	buf_free(&in);
	buf_free(&got);
	buf_free(&want);
}

/* text_fold_words() and text_normalize() of t into fold and norm; whether
 * they are the same. */
static int fold_is_normal(const char *t, size_t len, buf_t *fold, buf_t *norm)
{
	buf_reset(fold);
	buf_reset(norm);
	buf_add(fold, "", 0);
	text_fold_words(t, len, fold);
	text_normalize(t, len, norm);
	return strcmp(buf_cstr(fold), buf_cstr(norm)) == 0;
}

/* When text_fold_is_normalized() says so, text_fold_words() gives what
 * text_normalize() does: by hand on the characters of English text and
 * on those NFKC or a fold would change, then on random mixes of both. */
/* The fold of ASCII text as the definition says it: letters and digits
 * kept, lower-cased, the words one space apart; each mark where the
 * fold of the text before it ends.  The long random texts put whole
 * 64-byte blocks between the marks, which the fold may take 64 at a
 * time: the two must agree byte for byte. */
static size_t fold_by_definition(const char *s, size_t len, const size_t *at,
                                 size_t nat, text_fold_mark *marks, buf_t *out)
{
	size_t words = 0, m = 0;
	int gap = 0;
	for (size_t i = 0; i <= len; i++) {
		for (; m < nat && at[m] <= i; m++)
			marks[m] = (text_fold_mark){out->len, words,
			                            words > 0 && !gap};
		if (i == len)
			break;
		unsigned char c = (unsigned char)s[i];
		int kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9');
		if (!kept) {
			gap = 1;
			continue;
		}
		if (gap || words == 0) {
			if (words)
				buf_addc(out, ' ');
			words++;
			gap = 0;
		}
		buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
	}
	for (; m < nat; m++)
		marks[m] = (text_fold_mark){out->len, words, words > 0 && !gap};
	return words;
}

static void test_fold_blocks_as_defined(void **state)
{
	(void)state;
	/* words of every length, and runs of what is no word's */
	static const char pool[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
	                           "OPQRSTUVWXYZ0123456789 .,;:'\"-()!?/\n\t";
	uint64_t x = 0x9E3779B97F4A7C15u;
	char text[700];
	size_t at[12];
	text_fold_mark got[12], want[12];
	for (int round = 0; round < 3000; round++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		size_t len = (size_t)(x >> 33) % sizeof text;
		/* a third of the texts are long words with rare spaces */
		int dense = round % 3 == 0;
		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			unsigned r = (unsigned)(x >> 40);
			text[i] = dense && r % 16 ? pool[r % 62]
			                          : pool[r % (sizeof pool - 1)];
		}
		size_t nat = (size_t)(x >> 20) % 12;
		for (size_t k = 0; k < nat; k++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			at[k] = len ? (size_t)(x >> 33) % (len + 1) : 0;
		}
		for (size_t k = 1; k < nat; k++) /* sorted, as the caller's */
			for (size_t j = k; j > 0 && at[j - 1] > at[j]; j--) {
				size_t t = at[j];
				at[j] = at[j - 1];
				at[j - 1] = t;
			}
		buf_t a = BUF_INIT, b = BUF_INIT;
		size_t wa = text_fold_words_marked(text, len, &a, at, nat, got);
		size_t wb = fold_by_definition(text, len, at, nat, want, &b);
		assert_int_equal(wa, wb);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(buf_cstr(&a), buf_cstr(&b), a.len);
		for (size_t k = 0; k < nat; k++) {
			assert_int_equal(got[k].out_len, want[k].out_len);
			assert_int_equal(got[k].words, want[k].words);
			assert_int_equal(got[k].in_word, want[k].in_word);
		}
		buf_free(&a);
		buf_free(&b);
	}
}

static void test_fold_is_normalized(void **state)
{
	(void)state;
	static const char *const safe[] = {
	    "The ",         "CAT",  "2024",         ", ",
	    "--",           "\n\n", "\xE2\x80\x99", /* ’ */
	    "\xE2\x80\x9C",                         /* “ */
	    "\xE2\x80\x94",                         /* — */
	    "\xE2\x80\xA6",                         /* …, NFKC "..." */
	    "\xC2\xA0",     /* no-break space, NFKC " " */
	    "\xC2\xB0",     /* ° */
	    "\xFF",         /* an invalid byte: U+FFFD */
	    "\xE2\x80",     /* a truncated sequence */
	    "\xC3\xA9",     /* é */
	    "\xC3\x89",     /* É: its lower case */
	    "\xCE\xA9",     /* Ω */
	    "\xE6\x97\xA5", /* 日 */
	    "\xD9\xA3",     /* ٣, an Arabic-Indic digit */
	};
	static const char *const unsafe[] = {
	    "\xCC\x81",     /* a combining acute after what precedes */
	    "\xE2\x84\xA2", /* ™: NFKC "TM" */
	    "\xE2\x84\x83", /* ℃: NFKC "°C" */
	    "\xEF\xAC\x81", /* ﬁ */
	    "\xE2\x91\xA0", /* ①: NFKC "1" */
	    "\xE1\xBF\xAD", /* ῭: NFKC a space and two marks */
	    "\xC3\x9F",     /* ß: case folds to "ss" */
	    "\xC4\xB0",     /* İ: case folds to "i" and a dot above */
	    "\xEF\xBC\xA1", /* fullwidth A: NFKC "a" */
	    "\xCF\x82",     /* final sigma: case folds to σ */
	    "\xE1\x84\x80", /* a Hangul jamo, which composes */
	};
	enum {
		NSAFE = sizeof safe / sizeof *safe,
		NUNSAFE = sizeof unsafe / sizeof *unsafe
	};
	assert_int_equal(text_fold_is_normalized("", 0), 1);
	for (int i = 0; i < NSAFE; i++)
		assert_int_equal(
		    text_fold_is_normalized(safe[i], strlen(safe[i])), 1);
	for (int i = 0; i < NUNSAFE; i++)
		assert_int_equal(
		    text_fold_is_normalized(unsafe[i], strlen(unsafe[i])), 0);
	uint64_t r = 88172645463325252u;
	buf_t in = BUF_INIT, fold = BUF_INIT, norm = BUF_INIT;
	for (int round = 0; round < 400; round++) {
		buf_reset(&in);
		int want = 1;
		for (int k = 0; k < round % 40; k++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			/* one part in ten unsafe */
			if (r % 10 == 0) {
				buf_adds(&in, unsafe[(r >> 8) % NUNSAFE]);
				want = 0;
			} else {
				buf_adds(&in, safe[(r >> 8) % NSAFE]);
			}
		}
		const char *t = in.data ? in.data : "";
		assert_int_equal(text_fold_is_normalized(t, in.len), want);
		if (want && !fold_is_normal(t, in.len, &fold, &norm))
			fail_msg("fold \"%s\", normalised \"%s\"",
			         buf_cstr(&fold), buf_cstr(&norm));
	}
	buf_free(&in);
	buf_free(&fold);
	buf_free(&norm);
}

/* Every code point of the first three planes, alone and beside letters,
 * itself and a digit: where text_fold_is_normalized() says so, the fold
 * is the normalisation. */
static void test_fold_is_normalized_everywhere(void **state)
{
	(void)state;
	buf_t in = BUF_INIT, fold = BUF_INIT, norm = BUF_INIT;
	size_t agreed = 0;
	for (int32_t cp = 0x80; cp < 0x30000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		utf8proc_uint8_t c[4];
		utf8proc_ssize_t n = utf8proc_encode_char(cp, c);
		buf_reset(&in);
		buf_adds(&in, "A");
		buf_add(&in, c, (size_t)n);
		buf_adds(&in, "b");
		buf_add(&in, c, (size_t)n);
		buf_add(&in, c, (size_t)n);
		buf_adds(&in, " 1");
		buf_add(&in, c, (size_t)n);
		if (!text_fold_is_normalized(in.data, in.len))
			continue;
		agreed++;
		if (!fold_is_normal(in.data, in.len, &fold, &norm))
			fail_msg("U+%04X: fold \"%s\", normalised \"%s\"",
			         (unsigned)cp, buf_cstr(&fold),
			         buf_cstr(&norm));
	}
	/* most of them: letters of every script, punctuation, symbols */
	print_message("%zu code points agree\n", agreed);
	assert_true(agreed > 100000);
	buf_free(&in);
	buf_free(&fold);
	buf_free(&norm);
}

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

/* The fold's marks, worked out by hand on "Hello, World! \u00E9" (16
 * bytes; the fold is "hello world \u00E9", 14): before byte 0 nothing;
 * at the comma (5) "hello" is written, in a word; at "W" (7) after ", ",
 * between words; at "!" (12) "hello world", in a word; at the end (16)
 * all 14 bytes, 3 words. */
static void test_fold_marks(void **state)
{
	(void)state;
	static const char t[] = "Hello, World! \xC3\xA9";
	static const size_t at[] = {0, 5, 7, 12, 16};
	static const text_fold_mark want[] = {
	    {0, 0, 0}, {5, 1, 1}, {5, 1, 0}, {11, 2, 1}, {14, 3, 1}};
	text_fold_mark m[5];
	buf_t out = BUF_INIT;
	buf_adds(&out, "kept: ");
	assert_int_equal(
	    text_fold_words_marked(t, sizeof t - 1, &out, at, 5, m), 3);
	assert_string_equal(out.data, "kept: hello world \xC3\xA9");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(m[i].out_len, want[i].out_len);
		assert_int_equal(m[i].words, want[i].words);
		assert_int_equal(m[i].in_word, want[i].in_word);
	}
	buf_free(&out);
}

/* Marks inside ASCII words, at a gap, on a multi-byte character and at
 * the end: the ASCII runs are folded a byte at a time up to each mark.
 * "Ab-c Déf gh" folds to "ab c déf gh" (12 bytes, é two). */
static void test_fold_marks_in_runs(void **state)
{
	(void)state;
	static const char t[] = "Ab-c D\xC3\xA9"
	                        "f gh";
	static const size_t at[] = {1, 3, 6, 9, 12};
	static const text_fold_mark want[] = {
	    {1, 1, 1}, {2, 1, 0}, {6, 3, 1}, {9, 3, 1}, {12, 4, 1}};
	text_fold_mark m[5];
	buf_t out = BUF_INIT;
	assert_int_equal(
	    text_fold_words_marked(t, sizeof t - 1, &out, at, 5, m), 4);
	assert_string_equal(out.data, "ab c d\xC3\xA9"
	                              "f gh");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(m[i].out_len, want[i].out_len);
		assert_int_equal(m[i].words, want[i].words);
		assert_int_equal(m[i].in_word, want[i].in_word);
	}
	buf_free(&out);
}

/* A word sink's syllables are the counts' (text_word_sink): -1 leaves a
 * word to the scanner, under 1 counts as 1. */
typedef struct sink_log {
	char seen[64];
} sink_log;

static int sink_syllables(void *ud, const char *w, size_t n, size_t letters)
{
	(void)letters;
	sink_log *log = ud;
	strncat(log->seen, w, n);
	strcat(log->seen, ",");
	if (n == 3 && !memcmp(w, "cat", 3))
		return 2;
	if (n == 3 && !memcmp(w, "sat", 3))
		return 0;
	if (w[0] == 'E')
		return 4;
	return -1;
}

static void no_sentence(void *ud, const char *start, size_t len, size_t line,
                        const text_counts *c)
{
	(void)ud;
	(void)start;
	(void)len;
	(void)line;
	(void)c;
}

static void test_word_sink_syllables(void **state)
{
	(void)state;
	static const char t[] = "The cat sat. Elephants roam.";
	sink_log log = {""};
	text_word_sink sink = {sink_syllables, NULL, &log};
	text_counts c;
	text_count_words(t, sizeof t - 1, &c, no_sentence, NULL, &sink);
	assert_string_equal(log.seen, "The,cat,sat,Elephants,roam,");
	assert_int_equal(c.words, 5);
	/* The 1 (own), cat 2, sat 0 -> 1, Elephants 4, roam 1 (own) */
	assert_int_equal(c.syllables, 9);
	assert_int_equal(c.complex_words, 1);
	assert_int_equal(c.sentences, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold_marks),
	    cmocka_unit_test(test_fold_marks_in_runs),
	    cmocka_unit_test(test_word_sink_syllables),
	    cmocka_unit_test(test_words_apostrophes_and_hyphens),
	    cmocka_unit_test(test_words_numbers),
	    cmocka_unit_test(test_words_unicode),
	    cmocka_unit_test(test_words_tokens),
	    cmocka_unit_test(test_words_scripts_without_spaces),
	    cmocka_unit_test(test_sentences_initials_and_initialisms),
	    cmocka_unit_test(test_sentences_lower_case_and_quotes),
	    cmocka_unit_test(test_sentences_lists_and_ellipses),
	    cmocka_unit_test(test_sentences_abbreviations),
	    cmocka_unit_test(test_sentences_punctuation),
	    cmocka_unit_test(test_paragraphs),
	    cmocka_unit_test(test_sentence_lines),
	    cmocka_unit_test(test_syllables_cmudict),
	    cmocka_unit_test(test_syllables_edges),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_normalize_pieces),
	    cmocka_unit_test(test_fold_blocks_as_defined),
	    cmocka_unit_test(test_fold_is_normalized),
	    cmocka_unit_test(test_fold_is_normalized_everywhere),
	    cmocka_unit_test(test_make_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
