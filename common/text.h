/*
 * text.h - UTF-8 text: words, sentences, syllables, normalisation.
 *
 * One tokenizer serves readability, word counts and duplicate detection, so
 * every figure counts the same words.  Definitions (documented in
 * docs/formats.md):
 *  - a word is a maximal run of letters and digits (Unicode categories L*,
 *    N*, M*), with inner apostrophes, hyphens, underscores, "@" and "."
 *    kept inside it ("don't", "well-known", "U.S.A", "3.5",
 *    "jane.doe@example.com" are one word each), and "," ":" "/" between
 *    two digits ("1,000", "5:30"); a URL (http://, https://, ftp://,
 *    www.) is one word up to white space, less trailing punctuation.  Han,
 *    Hiragana, Katakana, Bopomofo, Thai, Lao, Khmer and Myanmar letters,
 *    written without spaces, are one word each (with their combining
 *    marks): no dictionary segmenter;
 *  - a sentence ends at . ! ? (and their full-width forms, the ideographic
 *    full stop and the ellipsis character), with any closing quotes or
 *    brackets after them, followed by space, but not before a word in
 *    lower case after ! ? an ellipsis or a closer; a "." after an
 *    abbreviation, an initial or an initialism ends one only when what
 *    follows looks like the start of a sentence (the rules and word lists
 *    are in text.c); a paragraph break, a bullet and a numbered or
 *    lettered list item also end one; a fragment with no word ("...")
 *    belongs to the sentence before it in its paragraph, else to the
 *    next; a sentence with no word does not count;
 *  - a paragraph is a block separated by a blank line; a block with no word
 *    does not count;
 *  - letters are the letters and digits of words (not apostrophes, hyphens
 *    or combining marks), for Coleman-Liau and ARI;
 *  - syllables come from a dictionary of the words English spelling rules
 *    get wrong, then those rules (vowel groups with corrections for silent
 *    e, -le, -ed, -es and the like; short all-capital words that do not
 *    read as words spelled out); a word with no Latin letter (a number, a
 *    word in another script) counts as one syllable.
 */
#ifndef CQA_TEXT_H
#define CQA_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct text_counts {
	size_t words;
	size_t sentences;
	size_t syllables;
	size_t letters;       /* letters and digits in words */
	size_t complex_words; /* 3+ syllables (Gunning Fog's "complex") */
	size_t polysyllables; /* 3+ syllables (SMOG) -- same rule, kept apart
	                         so either can change */
	size_t long_words;    /* more than 6 letters */
	size_t paragraphs;    /* blocks separated by a blank line */
} text_counts;

void text_count(const char *utf8, size_t len, text_counts *out);

/* Decodes the code point at s[i] (i < len) into *cp and returns its length
 * in bytes; an invalid or truncated sequence (an overlong form, a
 * surrogate, beyond U+10FFFF) decodes as -1, length 1, as
 * utf8proc_iterate() would, so a reader steps over it like any other
 * character that is not a letter. */
size_t text_decode(const char *s, size_t len, size_t i, int32_t *cp);

/* Does the code point belong in a word: a letter, a combining mark or a
 * digit (Unicode categories L, M and N)? */
int text_is_word_char(int32_t cp);

/* Syllables in one English word: the dictionary (common/syllable_dict.c,
 * the CMU Pronouncing Dictionary's count for the words the rules get
 * wrong), then the rules.  ASCII letters are counted, letters with
 * diacritics as their base letter ("café"); a hyphen or another character
 * that is not a letter or an apostrophe separates parts counted apart
 * ("well-known" = well + known).  Always >= 1 for a word with such a
 * letter, 0 for a word with none. */
int text_syllables(const char *word, size_t len);

/* The same by the spelling rules alone, without the dictionary of words
 * they get wrong (cqa-analyze --count-syllables --no-dict). */
int text_syllables_rules(const char *word, size_t len);

/* Calls fn for each sentence: its byte range in text (from its first
 * non-space character to its last terminator or closing quote), the 1-based
 * line it starts on, and its own counts (sentences and paragraphs are 1).
 * Used for "hardest sentences". */
typedef void (*text_sentence_fn)(void *ud, const char *start, size_t len,
                                 size_t line, const text_counts *c);
void text_sentences(const char *utf8, size_t len, text_sentence_fn fn,
                    void *ud);

/* Appends the sentences of text to out, one a line: each run of white space
 * that holds a line break (or a tab) becomes one space, other spaces are
 * kept.  What cqa-analyze --split-sentences prints. */
void text_sentence_lines(const char *utf8, size_t len, buf_t *out);

/* text_count() and text_sentences() in one pass over the text, for callers
 * that need both (the analyzer counts a page and keys its sentences). */
void text_count_each(const char *utf8, size_t len, text_counts *out,
                     text_sentence_fn fn, void *ud);

/* Each word as the scanner counts it, for measures of words (word lists,
 * the passive voice, another language's syllables) that would otherwise
 * cut the text into words a second time: word() gets the word's bytes and
 * its letters in text order, and returns the word's syllables as the
 * counts are to have them (< 1 is counted as 1), or -1 for the scanner's
 * own count (text_syllables()).  A sink that looks each word up in a
 * table of its own keeps the syllables there too, so a word costs one
 * lookup, not two.  sentence_end() is called once the words since the
 * last call are known to make a sentence, before the next sentence's
 * first word.  (The sentence itself reaches text_sentence_fn later: a
 * fragment without words after it may still join it.) */
typedef struct text_word_sink {
	int (*word)(void *ud, const char *w, size_t n, size_t letters);
	void (*sentence_end)(void *ud);
	void *ud;
} text_word_sink;

/* text_count_each() that also hands each word to words (may be NULL). */
void text_count_words(const char *utf8, size_t len, text_counts *out,
                      text_sentence_fn fn, void *ud,
                      const text_word_sink *words);

/* Duplicate-detection form of a text: NFKC, case folded, every run of
 * non-word characters replaced by one space, trimmed.  Two texts that differ
 * only in case, punctuation, white space or Unicode composition normalise
 * to the same string.  Invalid UTF-8 is repaired first. */
void text_normalize(const char *utf8, size_t len, buf_t *out);

/* The same, handed to fn a piece at a time (the pieces concatenated are
 * what text_normalize appends), for callers that only hash the result:
 * memory stays a few hundred KiB whatever the length of the text. */
typedef void (*text_emit_fn)(void *ud, const char *s, size_t n);
void text_normalize_each(const char *utf8, size_t len, text_emit_fn fn,
                         void *ud);

/* A quick form of the same, for keys computed on every sentence and block
 * of every page: letters lower-cased by the simple Unicode case mapping,
 * every run of non-word characters one space, trimmed; no NFKC and no full
 * case folding, which cost more than the rest of the analysis put
 * together.  Texts copied from one template or one CMS field compare
 * equal either way.  Appends to out; returns the number of words. */
size_t text_fold_words(const char *utf8, size_t len, buf_t *out);

/* The same, noting where the fold stood at each of nat byte offsets at[]
 * (ascending, at most len), before the character there was read: the
 * bytes appended so far (without the space a next word would bring), the
 * words begun, and whether the last character read was a word's.  The
 * fold of a piece of the text that starts and ends between words is then
 * a slice of the whole's (census.c takes the sentences' keys so). */
typedef struct text_fold_mark {
	size_t out_len, words;
	int in_word;
} text_fold_mark;
size_t text_fold_words_marked(const char *utf8, size_t len, buf_t *out,
                              const size_t *at, size_t nat,
                              text_fold_mark *marks);

/* Whether text_fold_words() of the text is text_normalize() of it, so
 * that a caller with the one need not compute the other: so when every
 * character beyond ASCII is one that neither keeps and whose NFKC case
 * fold keeps nothing either (the quotation marks, dashes, spaces and
 * ellipses of English text), or a letter or digit, no mark, whose NFKC
 * case fold is its lower case alone ("é" but not "ß", "ﬁ" or a letter
 * followed by a combining accent), as in most text of most languages. */
int text_fold_is_normalized(const char *utf8, size_t len);

/* Replaces invalid UTF-8 sequences with U+FFFD; appends to out.  Each
 * maximal ill-formed subpart becomes one U+FFFD, as the WHATWG decoder and
 * Unicode 15 section 3.9 recommend. */
void text_make_valid_utf8(const char *s, size_t len, buf_t *out);

#endif
