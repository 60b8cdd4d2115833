/*
 * text.c - words, sentences, syllables and normalisation; see text.h.
 *
 * One scanner walks the text a code point at a time (utf8proc decodes and
 * classifies) and reports sentences; text_count() adds the sentences up, so
 * a page's counts and its sentences' counts always agree.  The scanner looks
 * ahead a few characters at most and allocates nothing, so it runs in one
 * pass over texts of any size.
 *
 * Syllables are guessed with the usual English rules: count groups of
 * vowels, then correct for the spellings where that count is wrong (silent
 * final e, -ed and -es that are not pronounced, pairs of vowels spoken as
 * two syllables).  Each correction is a rule about spelling, not a word
 * list; only a handful of common irregular words are looked up.
 * bench/syllables.c measures the result against the CMU dictionary.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- characters -------------------------------------------------------- */

/* Decodes the code point at s[i]; an invalid byte decodes as -1, length 1,
 * so the scanner steps over it like any other non-word character. */
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

static int is_word_char(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Letters and digits count towards "letters"; combining marks do not, so a
 * decomposed "é" counts once, like a composed one. */
static int is_letter(int32_t cp)
{
	if (!is_word_char(cp))
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c != UTF8PROC_CATEGORY_MN && c != UTF8PROC_CATEGORY_MC &&
	       c != UTF8PROC_CATEGORY_ME;
}

static int is_digit(int32_t cp)
{
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

/* Apostrophes and hyphens that keep a word together when between letters:
 * ASCII ', right single quote (the typographic apostrophe), modifier letter
 * apostrophe; ASCII -, hyphen, non-breaking hyphen. */
static int is_joiner(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == '-' ||
	       cp == 0x2010 || cp == 0x2011;
}

/* Sentence terminators.  The wide ones (CJK) need no space after them. */
static int is_terminator(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	       cp == 0x203C || cp == 0x2047 || cp == 0x2048 || cp == 0x2049 ||
	       cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F;
}

static int is_wide_terminator(int32_t cp)
{
	return cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F;
}

/* What may follow a terminator and still belong to the sentence:
 * closing quotes and brackets ("Stop." she said; (see above.)). */
static int is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
	       cp == 0x2019 || cp == 0x201D || cp == 0x00BB || cp == 0x203A ||
	       cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

static int is_space(int32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
	    cp == '\v')
		return 1;
	if (cp < 0x80)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	       c == UTF8PROC_CATEGORY_ZP;
}

/* ---- abbreviations ----------------------------------------------------- */

/* Words that end in a period without ending the sentence, lower case,
 * without their final period.  Titles and Latin or German abbreviations
 * are hardly ever the last word of a sentence; "etc.", "Inc." and "No."
 * often are, so they are left out and end sentences.  A single capital
 * letter ("John F. Kennedy") is handled apart. */
static const char *const abbreviations[] = {
    /* titles before names */
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen",
    "col", "lt", "sgt", "capt", "gov", "sen", "hon", "fr",
    /* Latin and English abbreviations inside sentences */
    "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "fig", "figs", "vol", "pp",
    "ed", "eds", "ibid",
    /* German: z.B., d.h., u.a., bzw., vgl., ggf., Nr., evtl., inkl. */
    "z.b", "d.h", "u.a", "bzw", "vgl", "ggf", "nr", "evtl", "inkl", "sog"};

/* Is the token that ends just before the '.' at s[dot] an abbreviation?
 * The token runs back to the previous white space, less opening
 * punctuation such as "(" and quotes. */
static int is_abbreviation(const char *s, size_t dot)
{
	size_t b = dot;
	while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n' &&
	       s[b - 1] != '\t' && s[b - 1] != '\r')
		b--;
	while (b < dot && strchr("([{\"'", s[b]))
		b++;
	/* “ ‘ « as UTF-8 */
	while (dot - b >= 3 && (unsigned char)s[b] == 0xE2 &&
	       (unsigned char)s[b + 1] == 0x80 &&
	       ((unsigned char)s[b + 2] == 0x9C ||
	        (unsigned char)s[b + 2] == 0x98))
		b += 3;
	while (dot - b >= 2 && (unsigned char)s[b] == 0xC2 &&
	       (unsigned char)s[b + 1] == 0xAB)
		b += 2;
	size_t n = dot - b;
	if (n == 0)
		return 0;
	int32_t cp;
	size_t cl = decode(s, dot, b, &cp);
	if (cl == n && cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
		return 1;
	char low[16];
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[b + i];
		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	low[n] = '\0';
	for (size_t i = 0; i < sizeof abbreviations / sizeof *abbreviations;
	     i++)
		if (strcmp(low, abbreviations[i]) == 0)
			return 1;
	return 0;
}

/* ---- the scanner ------------------------------------------------------- */

typedef struct scanner {
	const char *s;
	size_t len;
	text_sentence_fn fn;
	void *ud;
	text_counts sent;  /* counts of the sentence being read */
	int in_sentence;   /* a non-space character of it was seen */
	size_t start, end; /* its byte range so far */
	size_t start_line;
	size_t line;       /* 1-based line of the current position */
	size_t paragraphs; /* paragraphs with a word, so far */
	int para_has_word;
} scanner;

static void end_sentence(scanner *sc)
{
	if (sc->in_sentence && sc->sent.words > 0) {
		sc->sent.sentences = 1;
		sc->sent.paragraphs = 1;
		sc->fn(sc->ud, sc->s + sc->start, sc->end - sc->start,
		       sc->start_line, &sc->sent);
	}
	memset(&sc->sent, 0, sizeof sc->sent);
	sc->in_sentence = 0;
}

static void end_paragraph(scanner *sc)
{
	end_sentence(sc);
	if (sc->para_has_word)
		sc->paragraphs++;
	sc->para_has_word = 0;
}

/* Extends the current sentence (or starts one) to cover [from, to). */
static void cover(scanner *sc, size_t from, size_t to)
{
	if (!sc->in_sentence) {
		sc->in_sentence = 1;
		sc->start = from;
		sc->start_line = sc->line;
	}
	sc->end = to;
}

/* Reads the word starting at i and adds it to the sentence. */
static size_t scan_word(scanner *sc, size_t i)
{
	size_t j = i, letters = 0;
	int32_t cp, prev = -1;
	while (j < sc->len) {
		size_t n = decode(sc->s, sc->len, j, &cp);
		if (is_word_char(cp)) {
			letters += is_letter(cp);
			prev = cp;
			j += n;
			continue;
		}
		int digit_sep = (cp == '.' || cp == ',') && is_digit(prev);
		if ((is_joiner(cp) || digit_sep) && j + n < sc->len) {
			int32_t next;
			decode(sc->s, sc->len, j + n, &next);
			if (is_joiner(cp) ? is_word_char(next)
			                  : is_digit(next)) {
				prev = cp;
				j += n;
				continue;
			}
		}
		break;
	}
	int syl = text_syllables(sc->s + i, j - i);
	if (syl < 1)
		syl = 1;
	cover(sc, i, j);
	sc->para_has_word = 1;
	sc->sent.words++;
	sc->sent.letters += letters;
	sc->sent.syllables += (size_t)syl;
	if (syl >= 3) {
		sc->sent.complex_words++;
		sc->sent.polysyllables++;
	}
	if (letters > 6)
		sc->sent.long_words++;
	return j;
}

/* Reads a run of terminators and closers starting at i; ends the sentence
 * when it is followed by space or the end of the text. */
static size_t scan_terminator(scanner *sc, size_t i)
{
	size_t j = i;
	int nterm = 0, wide = 0;
	int32_t cp, first = -1;
	while (j < sc->len) {
		size_t n = decode(sc->s, sc->len, j, &cp);
		if (!is_terminator(cp))
			break;
		if (nterm++ == 0)
			first = cp;
		wide |= is_wide_terminator(cp);
		j += n;
	}
	while (j < sc->len) {
		size_t n = decode(sc->s, sc->len, j, &cp);
		if (!is_closer(cp))
			break;
		j += n;
	}
	cover(sc, i, j);
	int boundary = wide || j >= sc->len;
	if (!boundary) {
		decode(sc->s, sc->len, j, &cp);
		boundary = is_space(cp);
	}
	if (boundary && nterm == 1 && first == '.' && is_abbreviation(sc->s, i))
		boundary = 0;
	if (boundary)
		end_sentence(sc);
	return j;
}

/* A newline followed by only blank space and another newline is a
 * paragraph break. */
static int blank_line_follows(const scanner *sc, size_t i)
{
	size_t k = i + 1;
	while (k < sc->len &&
	       (sc->s[k] == ' ' || sc->s[k] == '\t' || sc->s[k] == '\r' ||
	        sc->s[k] == '\f' || sc->s[k] == '\v'))
		k++;
	return k < sc->len && sc->s[k] == '\n';
}

static void scan(const char *s, size_t len, text_sentence_fn fn, void *ud,
                 size_t *paragraphs)
{
	scanner sc;
	memset(&sc, 0, sizeof sc);
	sc.s = s ? s : "";
	sc.len = s ? len : 0;
	sc.fn = fn;
	sc.ud = ud;
	sc.line = 1;
	size_t i = 0;
	while (i < sc.len) {
		int32_t cp;
		size_t n = decode(sc.s, sc.len, i, &cp);
		if (is_word_char(cp)) {
			i = scan_word(&sc, i);
		} else if (is_terminator(cp)) {
			i = scan_terminator(&sc, i);
		} else if (cp == '\n') {
			if (blank_line_follows(&sc, i))
				end_paragraph(&sc);
			sc.line++;
			i += n;
		} else {
			if (!is_space(cp))
				cover(&sc, i, i + n);
			i += n;
		}
	}
	end_paragraph(&sc);
	if (paragraphs)
		*paragraphs = sc.paragraphs;
}

static void add_counts(void *ud, const char *start, size_t len, size_t line,
                       const text_counts *c)
{
	text_counts *t = ud;
	t->words += c->words;
	t->sentences += c->sentences;
	t->syllables += c->syllables;
	t->letters += c->letters;
	t->complex_words += c->complex_words;
	t->polysyllables += c->polysyllables;
	t->long_words += c->long_words;
}

void text_count(const char *utf8, size_t len, text_counts *out)
{
	memset(out, 0, sizeof *out);
	scan(utf8, len, add_counts, out, &out->paragraphs);
}

void text_sentences(const char *utf8, size_t len, text_sentence_fn fn, void *ud)
{
	scan(utf8, len, fn, ud, NULL);
}

typedef struct count_each {
	text_counts *sum;
	text_sentence_fn fn;
	void *ud;
} count_each;

static void add_and_forward(void *ud, const char *start, size_t len,
                            size_t line, const text_counts *c)
{
	count_each *x = ud;
	add_counts(x->sum, start, len, line, c);
	x->fn(x->ud, start, len, line, c);
}

void text_count_each(const char *utf8, size_t len, text_counts *out,
                     text_sentence_fn fn, void *ud)
{
	memset(out, 0, sizeof *out);
	count_each x = {out, fn, ud};
	scan(utf8, len, add_and_forward, &x, &out->paragraphs);
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

/* ---- normalisation and repair ------------------------------------------ */

/* The text is normalised a piece of about this many bytes at a time, so
 * the work buffers (utf8proc_map takes four bytes a code point) stay small
 * however long the text is. */
enum { NORM_PIECE = 64 << 10 };

/* Where the piece starting at i ends: before an ASCII byte near i +
 * NORM_PIECE.  An ASCII character never composes with what precedes it
 * and stops any reordering of combining marks (it is a starter, and
 * "stable" in UAX #15 terms), and no ill-formed UTF-8 sequence runs
 * across it, so normalising the pieces one by one gives the same bytes as
 * normalising the whole. */
static size_t piece_end(const char *s, size_t len, size_t i)
{
	if (len - i <= NORM_PIECE)
		return len;
	for (size_t j = i + NORM_PIECE; j > i; j--)
		if ((unsigned char)s[j] < 0x80)
			return j;
	for (size_t j = i + NORM_PIECE; j < len; j++)
		if ((unsigned char)s[j] < 0x80)
			return j;
	return len;
}

void text_normalize_each(const char *utf8, size_t len, text_emit_fn fn,
                         void *ud)
{
	buf_t valid = BUF_INIT, piece = BUF_INIT;
	int gap = 0, any = 0;
	for (size_t at = 0; at < len;) {
		size_t end = piece_end(utf8, len, at);
		buf_reset(&valid);
		text_make_valid_utf8(utf8 + at, end - at, &valid);
		at = end;
		utf8proc_uint8_t *mapped = NULL;
		utf8proc_ssize_t mlen =
		    utf8proc_map((const utf8proc_uint8_t *)valid.data,
		                 (utf8proc_ssize_t)valid.len, &mapped,
		                 UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		                     UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
		const char *s = valid.data;
		size_t n = valid.len;
		if (mlen >= 0 && mapped) {
			s = (const char *)mapped;
			n = (size_t)mlen;
		}
		buf_reset(&piece);
		for (size_t i = 0; i < n;) {
			int32_t cp;
			size_t k = decode(s, n, i, &cp);
			if (is_word_char(cp)) {
				if (gap && any)
					buf_addc(&piece, ' ');
				gap = 0;
				any = 1;
				buf_add(&piece, s + i, k);
			} else {
				gap = 1;
			}
			i += k;
		}
		free(mapped);
		if (piece.len)
			fn(ud, piece.data, piece.len);
	}
	buf_free(&valid);
	buf_free(&piece);
}

static void append_to(void *ud, const char *s, size_t n)
{
	buf_add(ud, s, n);
}

size_t text_fold_words(const char *utf8, size_t len, buf_t *out)
{
	size_t words = 0;
	int gap = 0;
	buf_grow(out, len);
	for (size_t i = 0; i < len;) {
		int32_t cp;
		unsigned char b = (unsigned char)utf8[i];
		size_t k = 1;
		if (b < 0x80)
			cp = b;
		else
			k = decode(utf8, len, i, &cp);
		i += k;
		if (!is_word_char(cp)) {
			gap = 1;
			continue;
		}
		if (gap || words == 0) {
			if (words)
				buf_addc(out, ' ');
			words++;
			gap = 0;
		}
		if (cp < 0x80) {
			buf_addc(out,
			         (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
		} else {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t n =
			    utf8proc_encode_char(utf8proc_tolower(cp), enc);
			buf_add(out, enc, (size_t)n);
		}
	}
	return words;
}

void text_normalize(const char *utf8, size_t len, buf_t *out)
{
	buf_add(out, "", 0); /* terminated even when no word follows */
	text_normalize_each(utf8, len, append_to, out);
}

void text_make_valid_utf8(const char *s, size_t len, buf_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	buf_add(out, "", 0); /* out is a C string even for empty input */
	if (len == 0)
		return;
	buf_grow(out, len);
	while (i < len) {
		unsigned char b = p[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		/* expected continuation bytes, and the range of the first
		 * (which excludes overlong forms, surrogates, > U+10FFFF) */
		size_t need = 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (b >= 0xC2 && b <= 0xDF) {
			need = 1;
		} else if (b >= 0xE0 && b <= 0xEF) {
			need = 2;
			lo = b == 0xE0 ? 0xA0 : 0x80;
			hi = b == 0xED ? 0x9F : 0xBF;
		} else if (b >= 0xF0 && b <= 0xF4) {
			need = 3;
			lo = b == 0xF0 ? 0x90 : 0x80;
			hi = b == 0xF4 ? 0x8F : 0xBF;
		}
		size_t k = 1;
		while (k <= need && i + k < len && p[i + k] >= lo &&
		       p[i + k] <= hi) {
			k++;
			lo = 0x80;
			hi = 0xBF;
		}
		if (need && k == need + 1) {
			i += k;
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, "\xEF\xBF\xBD", 3);
		i += k;
		run = i;
	}
	buf_add(out, s + run, i - run);
}
