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
