/*
 * syllable.c - syllables of an English word, for the readability formulas.
 *
 * text_syllables() (declared in text.h) spells the word in lower-case ASCII
 * (letters with diacritics as their base letter), then counts vowel groups
 * with corrections for silent e, -es and -ed endings, -le, vowel pairs
 * spoken as two syllables and a few others (count_syllables), after a short
 * list of exceptions.  Kept apart from text.c's scanner: the scanner finds
 * words and sentences, this file only says how a word sounds.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"

static size_t decode(const char *s, size_t len, size_t i, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                      (utf8proc_ssize_t)(len - i), &c);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

/* A letter of another script (not a digit, not a mark): such a word has a
 * syllable even though none of its letters is Latin. */
static int is_letter(int32_t cp)
{
	if (cp < 0)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

/* ---- syllables --------------------------------------------------------- */

/* Common words the rules get wrong, with their syllables.  Kept small on
 * purpose: the rules, not this list, must carry the accuracy. */
static const struct {
	const char *word;
	int syllables;
} syllable_exceptions[] = {
    {"people", 2},     {"business", 2},    {"evening", 2}, {"every", 3},
    {"maybe", 2},      {"recipe", 3},      {"simile", 3},  {"epitome", 4},
    {"apostrophe", 4}, {"catastrophe", 4}, {"karate", 3},  {"acne", 2},
    {"coyote", 3},     {"naive", 2},       {"colonel", 2}, {"wednesday", 2},
    {"create", 2},     {"cafe", 2},
};

/* Suffixes that leave a silent e of the stem silent: "lately", "hopeful",
 * "movement", "useless", "lateness". */
static const char *const silent_e_suffixes[] = {
    "ly", "ful", "fully", "ment", "ments", "less", "ness", "some"};

enum { SYL_MAX = 64 };

typedef struct sword {
	char c[SYL_MAX + 1]; /* lower-case ASCII letters */
	int v[SYL_MAX];      /* 1: this letter is a vowel here */
	int n;
} sword;

static int is_aeiou(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int ends_with(const sword *w, int end, const char *suffix)
{
	int k = (int)strlen(suffix);
	return end >= k && memcmp(w->c + end - k, suffix, (size_t)k) == 0;
}

static char at(const sword *w, int i)
{
	return i >= 0 && i < w->n ? w->c[i] : '\0';
}

/* Marks which letters act as vowels.  y is a consonant at the start and
 * before a vowel ("yes", "beyond", "lawyer") except in -ying ("crying");
 * u is a consonant after q and in gu before a vowel ("quiet", "guess",
 * "league"). */
static void mark_vowels(sword *w)
{
	for (int i = 0; i < w->n; i++) {
		char c = w->c[i], next = at(w, i + 1), prev = at(w, i - 1);
		int v = is_aeiou(c);
		if (c == 'u' &&
		    (prev == 'q' ||
		     (prev == 'g' && (is_aeiou(next) || next == 'y'))))
			v = 0;
		if (c == 'y')
			v = i > 0 && (!is_aeiou(next) ||
			              (next == 'i' && !is_aeiou(prev)));
		w->v[i] = v;
	}
}

/* Vowel pairs usually spoken as two syllables ("lion", "actual", "poem",
 * "diet", "crying"); i is the second letter of the pair.  Exceptions
 * follow spelling: ci/ti/si/gi/xi before a vowel is "sh"/"j" plus one
 * vowel ("nation", "special", "region"), and so is ll/n + i ("million",
 * "union"). */
static int splits(const sword *w, int i)
{
	char a = w->c[i - 1], b = w->c[i];
	char p = at(w, i - 2), q = at(w, i + 1), r = at(w, i + 2);
	if (b == 'i' && ends_with(w, w->n, "ing") && i == w->n - 3)
		return 1; /* being, doing, skiing, crying */
	if (b == 'i' && ends_with(w, w->n, "ings") && i == w->n - 4)
		return 1;
	if (a == 'i' && (b == 'a' || b == 'o' || b == 'u')) {
		if (p && strchr("ctsgx", p))
			return 0;
		if (p == 'l' && at(w, i - 3) == 'l')
			return 0;
		if (p == 'n' && b == 'o' && (q == 'n' || q == 'r'))
			return 0;
		return 1;
	}
	if (a == 'i' && b == 'e') {
		if (q == 't')
			return 1; /* diet, quiet, society */
		if (q == 'n' && (r == 't' || r == 'c'))
			return !(p == 't' || (p == 'c' && at(w, i - 3) != 's'));
		if ((q == 'r' && i + 2 >= w->n - 1) ||
		    (q == 's' && r == 't' && i + 3 == w->n))
			return i >= 3; /* happier, easiest */
		return 0;
	}
	if (a == 'e' && b == 'o')
		return !(p == 'g' || p == 'c');
	if (a == 'e' && b == 'a')
		return i == w->n - 1 && i >= 3; /* idea, area */
	if (a == 'u' && (b == 'a' || b == 'o'))
		return 1; /* actual, duo, continuous */
	if (a == 'u' && b == 'e')
		return q == 'l' || q == 'n' ||
		       q == 't'; /* cruel, fluent, duet */
	if (a == 'u' && b == 'i')
		return q == 'n' || q == 'd'; /* ruin, fluid */
	if (a == 'o' && b == 'e')
		return q == 'm' || q == 't' || q == 'r'; /* poem, poet, doer */
	if (a == 'a' && b == 'i')
		return q == 'c' && i == w->n - 2; /* mosaic */
	if (a == 'o' && b == 'i')
		return q == 'c' && i == w->n - 2; /* heroic */
	if (a == 'y' && b == 'i')
		return 1;
	if (a == 'i' && b == 'i')
		return 1;
	return 0;
}

/* Is the e at index e (the last letter of w[0..e]) silent?  It is when it
 * follows a consonant and is not -le or -re after another consonant
 * ("table", "acre"), and the word has another vowel before it. */
static int silent_final_e(const sword *w, int e)
{
	if (e < 2 || w->c[e] != 'e' || w->v[e - 1])
		return 0;
	int earlier = 0;
	for (int i = 0; i < e - 1; i++)
		earlier |= w->v[i];
	if (!earlier)
		return 0;
	char c = w->c[e - 1], before = at(w, e - 2);
	if ((c == 'l' || c == 'r') && !w->v[e - 2] && before != c)
		return 0;
	return 1;
}

static int count_syllables(sword *w)
{
	mark_vowels(w);
	int n = w->n, count = 0;
	for (int i = 0; i < n; i++) {
		if (!w->v[i])
			continue;
		if (i == 0 || !w->v[i - 1])
			count++;
		else if (splits(w, i))
			count++;
	}
	if (count == 0)
		return 1;
	char c3 = at(w, n - 3);
	if (silent_final_e(w, n - 1)) {
		count--;
	} else if (ends_with(w, n, "es") && silent_final_e(w, n - 2)) {
		/* -es is spoken after a hissing sound: "houses", "boxes",
		 * "churches", and after soft c and g: "places", "pages" */
		if (!strchr("sxzcg", c3) && !ends_with(w, n, "ches") &&
		    !ends_with(w, n, "shes"))
			count--;
	} else if (ends_with(w, n, "ed") && silent_final_e(w, n - 2)) {
		/* -ed is spoken after t and d: "wanted", "needed" */
		if (c3 != 't' && c3 != 'd')
			count--;
	} else {
		for (size_t k = 0;
		     k < sizeof silent_e_suffixes / sizeof *silent_e_suffixes;
		     k++) {
			int sl = (int)strlen(silent_e_suffixes[k]);
			if (ends_with(w, n, silent_e_suffixes[k]) &&
			    silent_final_e(w, n - sl - 1)) {
				count--;
				break;
			}
		}
	}
	/* syllabic m: "tourism", "sarcasm", "rhythm", and their plurals */
	int m = ends_with(w, n, "ms") ? n - 1 : n;
	int stem = ends_with(w, m, "thm")  ? m - 4
	           : ends_with(w, m, "sm") ? m - 3
	                                   : -1;
	if (stem >= 0 && w->v[stem])
		count++;
	/* Mc is a syllable of its own: "McDonald" */
	if (n > 3 && w->c[0] == 'm' && w->c[1] == 'c')
		count++;
	return count > 0 ? count : 1;
}

int text_syllables(const char *word, size_t len)
{
	sword w;
	w.n = 0;
	int other_letter = 0, apostrophe = -1;
	for (size_t i = 0; i < len && w.n < SYL_MAX;) {
		int32_t cp;
		i += decode(word, len, i, &cp);
		if (cp == '\'' || cp == 0x2019 || cp == 0x02BC) {
			apostrophe = w.n;
			continue;
		}
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= 'a' && cp <= 'z') {
			w.c[w.n++] = (char)cp;
			continue;
		}
		if (cp < 0x80)
			continue;
		/* a letter with a diacritic counts as its base letter */
		utf8proc_int32_t base[4];
		int bc = 0;
		utf8proc_ssize_t d = utf8proc_decompose_char(
		    cp, base, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &bc);
		if (d >= 1 && base[0] < 0x80 &&
		    ((base[0] >= 'a' && base[0] <= 'z') ||
		     (base[0] >= 'A' && base[0] <= 'Z')))
			w.c[w.n++] = (char)(base[0] | 0x20);
		else if (is_letter(cp))
			other_letter = 1;
	}
	w.c[w.n] = '\0';
	if (w.n == 0)
		return other_letter;

	int extra = 0;
	if (apostrophe > 0 && apostrophe == w.n - 1 && w.c[w.n - 1] == 's') {
		/* possessive 's is a syllable after a hissing sound */
		w.c[--w.n] = '\0';
		static const char *const hissing[] = {
		    "s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze"};
		for (size_t k = 0; k < sizeof hissing / sizeof *hissing; k++)
			if (ends_with(&w, w.n, hissing[k]))
				extra = 1;
	} else if (apostrophe >= 2 && apostrophe == w.n - 1 &&
	           w.c[w.n - 1] == 't' && w.c[w.n - 2] == 'n' &&
	           !is_aeiou(w.c[w.n - 3])) {
		extra = 1; /* didn't, wouldn't, isn't; not don't, can't */
	}
	for (size_t k = 0;
	     k < sizeof syllable_exceptions / sizeof *syllable_exceptions; k++)
		if (w.c[0] == syllable_exceptions[k].word[0] &&
		    strcmp(w.c, syllable_exceptions[k].word) == 0)
			return syllable_exceptions[k].syllables + extra;
	return count_syllables(&w) + extra;
}
