/*
 * measures.h - what the analyzer measures in one page's text, beyond the
 * counts of text.h: which of it is prose, its readability in its own
 * language, sentence and paragraph lengths, hard words, the passive voice
 * and reading time.
 *
 * Prose.  Code and data are not prose: the readability counts and every
 * formula are taken from the main text less its code blocks, the cells of
 * data tables and lists of links, which are counted apart (code_words,
 * table_words, link_list_words).  The content blocks of the document tell
 * which is which, by their "kind" (cqa-parse writes it) or, without one,
 * their element path, and their link text:
 *   code       kind "code"; else a block under a pre or code element
 *              (Markdown: markdown/pre);
 *   table      kind "table_row"; else a block under a table or tr element
 *              (markdown/tr); unless it reads as prose: 10 words or more,
 *              at most half of them numbers (a layout table's paragraph);
 *   link list  a list item, term or description (kind, else li, dt, dd)
 *              whose link text is at least half of its characters (spaces
 *              not counted).
 * The text of docs.jsonl is the content blocks' texts joined by blank
 * lines; when it is not (another producer, blocks without text), nothing
 * is left out.
 *
 * Word lists.  The New Dale-Chall list (dale-chall-1995.txt, 2,942 words)
 * and the revised Spache list (spache-1974.txt, 1,063) are read at run time
 * from a directory: the one given (cqa-analyze --word-lists), else
 * $CQA_WORD_LISTS, else the one the build knows (CQA_WORD_LISTS_DIR).
 * Without them the Dale-Chall and Spache fields are null and the summary
 * says why.  A word is familiar when it is on the list, case aside, or is
 * one of these regular forms of a listed word (docs/formats.md):
 *   both lists   -s, -es, -ies (for -y); -ed, -d, -ied, a doubled final
 *                consonant + -ed; -ing, -ing for a final -e, doubled
 *                consonant + -ing; the possessive -'s and -s'; a
 *                hyphenated word whose parts are all familiar; a number;
 *   Dale-Chall   also -er, -est, -r, -st (after -e), -ier, -iest, and a
 *                doubled consonant + -er or -est (comparatives).
 * Dale-Chall counts every unfamiliar word; Spache counts an unfamiliar
 * word once in each run of 100 words, as its 100-word samples do.
 */
#ifndef CQA_MEASURES_H
#define CQA_MEASURES_H

#include <jansson.h>
#include <stddef.h>

#include "../common/text.h"
#include "docline.h"
#include "readability.h"

/* Where the word lists are looked for when no directory is given. */
#define WORDLISTS_ENV "CQA_WORD_LISTS"
#define WORDLISTS_DALE_CHALL "dale-chall-1995.txt"
#define WORDLISTS_SPACHE "spache-1974.txt"

/* Words of a paragraph above which it is long: Yoast SEO's readability
 * analysis warns at 150 words a paragraph. */
#define MEASURES_LONG_PARAGRAPH 150
/* Silent reading of English non-fiction by adults: 238 words a minute,
 * M. Brysbaert, "How many words do we read per minute? A review and
 * meta-analysis of reading rate", Journal of Memory and Language 109
 * (2019), 104047. */
#define MEASURES_WORDS_PER_MINUTE 238.0

enum { WL_DALE_CHALL, WL_SPACHE, WL__COUNT };

typedef struct wordlists wordlists;

/* Reads the lists from dir, else $CQA_WORD_LISTS, else the build's
 * default.  Never fails: a list not found is missing, and
 * wordlists_missing() says which. */
wordlists *wordlists_load(const char *dir);
void wordlists_free(wordlists *w);
/* The directory the lists were looked for in; NULL when none was known. */
const char *wordlists_dir(const wordlists *w);
/* NULL when both lists were read, else "word lists not found: ..." with
 * the paths tried. */
const char *wordlists_missing(const wordlists *w);
int wordlists_have(const wordlists *w, int list);
/* Is the word (UTF-8, as text.h cuts words) familiar by list? */
int wordlists_familiar(const wordlists *w, int list, const char *word,
                       size_t len);

/* Passive voice in English: a form of "be" (am, is, are, was, were, be,
 * been, being, their negative contractions, I'm, you're, we're, they're)
 * followed, after at most three words such as "not", "also", "often" or
 * any word in -ly, by a past participle: a word in -ed (but "need",
 * "indeed", "hundred" and a few like them) or one of the irregular
 * participles ("given", "made", "written"...).  A sentence with one is
 * passive.  Adjectives in -ed after "be" ("was tired") count as well. */
int measures_passive(const char *sentence, size_t len);

/* What measure_page() finds in one page. */
typedef struct page_measures {
	readability_lang lang;
	text_counts all;   /* the whole main text: its words are "words" */
	text_counts prose; /* the prose; syllables, complex_words and
	                      polysyllables by the language's rule */
	size_t code_words, table_words, link_list_words;
	/* -1 where not counted: monosyllables outside German, Spanish,
	 * French, Italian and Dutch; the rest outside English, and the
	 * difficult words without their list */
	long long monosyllables;
	long long difficult_words;  /* Dale-Chall */
	long long spache_difficult; /* Spache */
	long long passive_sentences;
	double sentence_p90;   /* words of the 90th percentile sentence */
	double over20, over30; /* shares of sentences of more words */
	size_t long_paragraphs;
	double reading_minutes;
	readability_result r;
} page_measures;

typedef struct measurer measurer;

/* lists may be NULL (no Dale-Chall, no Spache); it must outlive m. */
measurer *measurer_new(const wordlists *lists);
void measurer_free(measurer *m);

/* Measures a page: text its main text, blocks its docs.jsonl "blocks"
 * (may be NULL: none, docline.h), lang its "lang" (may be NULL).  fn, when not
 * NULL, is called for each sentence of the whole text, as text_count_each()
 * calls it, in the same pass. */
void measure_page(measurer *m, const char *text, size_t len,
                  const doc_blocks *blocks, const char *lang,
                  text_sentence_fn fn, void *ud, page_measures *out);

/* Appends the members of the page record that are measure_page()'s own
 * (after "ari", docs/formats.md) to b, each followed by a comma
 * (jsonl_put_int() and the others). */
void measures_to_record(const page_measures *pm, buf_t *b);

#endif
