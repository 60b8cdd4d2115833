/*
 * textdump_words.h - the words of a block of a text dump, and what the
 * block model has learnt of them.
 *
 * Shallow features see that a block is short or ends without a period;
 * they cannot see that it is "Photo: Getty Images", "Sign up for our
 * newsletter" or "Anna is a freelance writer based in Berlin".  The words
 * can: some are far more often in a page's template (newsletter, reply,
 * photo, posted, subscribe, cookies) and some in an article's text.  The
 * vocabulary is a table of such words with two weights each, the smoothed
 * log-odds that a block holding the word is the article's rather than the
 * template's, and the same for a block that begins with it.  Both were
 * counted by bench/fit_dump_model.py on the labelled blocks of the
 * annotated pages (the naive Bayes score of Sahami et al., "A Bayesian
 * approach to filtering junk e-mail", 1998, used as two features of the
 * logistic model rather than as a classifier of its own).
 *
 * A block's words are its runs of word characters lower-cased (Unicode
 * simple case mapping), without the ones holding a digit: numbers and
 * dates say more as the digits feature.
 */
#ifndef CQA_PARSE_TEXTDUMP_WORDS_H
#define CQA_PARSE_TEXTDUMP_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"

typedef struct dump_word {
	const char *word; /* lower case, UTF-8 */
	float any;        /* log-odds for a block that holds it */
	float first;      /* ... for a block whose first word it is */
} dump_word;

/* The vocabulary, sorted by byte value (textdump_vocab.c). */
extern const dump_word dump_vocab[];
extern const size_t dump_vocab_count;

/* The code point at s[i] into *c and its length; at the end (i >= n)
 * *c = -1 and 1, so a loop over i <= n sees one character past the text
 * that ends its last word.  An invalid byte is -1 too, one byte long. */
size_t dump_next_char(const char *s, size_t n, size_t i, int32_t *c);

/* The block's distinct words, each followed by '\0', in byte order, into
 * out; *first (may be NULL) gets the offset in out of its first word, or
 * out->len when it has none.  Returns how many. */
size_t dump_block_words(const char *text, buf_t *out, size_t *first);

/* The vocabulary entry for word, or NULL. */
const dump_word *dump_word_find(const char *word);

/* The block's vocabulary features: the sum of its distinct words' "any"
 * weights over the square root of their number (a mean that trusts a
 * long block's words more than a short one's, jusText-like), 0 without
 * words; and the "first" weight of its first word. */
void dump_vocabulary(const char *text, float *vocab, float *first_word);

#endif
