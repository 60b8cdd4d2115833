/*
 * readability.h - the published readability formulas, chosen by language.
 *
 * Each formula takes counts (text.h's, plus a few that only some formulas
 * need) and is transcribed as published, constants and all, so a score can
 * be checked by hand from the counts in the page record.  readability.c
 * holds them in one table: its name (the page record field), the languages
 * it is meant for, whether it gives a school grade (and so joins the
 * consensus grade), and its source in a comment.  docs/formats.md lists
 * them with their sources.
 *
 * The six English formulas of the first version keep their own entry
 * point, readability_compute(), with W words, S sentences, Y syllables,
 * L letters, C complex words and P polysyllables:
 *  Flesch Reading Ease   206.835 - 1.015 (W/S) - 84.6 (Y/W)    Flesch 1948
 *  Flesch-Kincaid grade  0.39 (W/S) + 11.8 (Y/W) - 15.59      Kincaid 1975
 *  Gunning Fog           0.4 (W/S + 100 C/W)                   Gunning 1952
 *  SMOG grade            1.0430 sqrt(P * 30/S) + 3.1291   McLaughlin 1969
 *  Coleman-Liau index    0.0588 (100 L/W) - 0.296 (100 S/W) - 15.8
 *                                                               Coleman 1975
 *  ARI                   4.71 (L/W) + 0.5 (W/S) - 21.43        Smith 1967
 * A text with no word or no sentence has no score: the fields are NaN and
 * are written as null.
 */
#ifndef CQA_READABILITY_H
#define CQA_READABILITY_H

#include "../common/text.h"

typedef struct readability_scores {
	double flesch_reading_ease;
	double flesch_kincaid_grade;
	double gunning_fog;
	double smog;
	double coleman_liau;
	double ari;
} readability_scores;

/* The six English formulas from text_count()'s counts. */
void readability_compute(const text_counts *c, readability_scores *out);

/* --- languages ------------------------------------------------------------ */

/* The languages with formulas (and a syllable rule) of their own; every
 * other language gets the language-independent measures only. */
typedef enum readability_lang {
	RL_EN,
	RL_DE,
	RL_ES,
	RL_FR,
	RL_IT,
	RL_NL,
	RL_OTHER,   /* a language tag, but no formula for it here */
	RL_UNKNOWN, /* no usable language tag */
	RL__COUNT
} readability_lang;

/* The language code a docs.jsonl "lang" stands for: its primary subtag in
 * lower case ("en-US", "EN_gb" -> "en"; "de-CH" -> "de"), with the ISO
 * 639-2 codes of the six languages mapped to theirs ("deu", "ger" -> "de");
 * "und" when tag is NULL, empty, "und" or not a language tag (the primary
 * subtag must be 2 to 8 ASCII letters).  out holds at least 9 bytes. */
void readability_lang_code(const char *tag, char out[9]);

/* The formula set of a language code or tag ("en-US" -> RL_EN, "pl" ->
 * RL_OTHER, NULL or "und" -> RL_UNKNOWN). */
readability_lang readability_lang_of(const char *tag);

/* --- the formula table ------------------------------------------------------
 */

/* What the formulas read.  Words, sentences and the rest are of the text
 * measured (the page's prose); syllables are counted by the rule of its
 * language (syllable_lang.h).  A count a formula cannot have is NaN: the
 * Dale-Chall and Spache counts when their word list was not found. */
typedef struct readability_counts {
	double words;
	double sentences;
	double syllables;
	double letters;       /* letters and digits of words */
	double complex_words; /* 3+ syllables (Gunning Fog) */
	double polysyllables; /* 3+ syllables (SMOG, Wiener Sachtextformel) */
	double monosyllables; /* words of one syllable */
	double long_words;    /* more than 6 letters (LIX, Wiener) */
	double dale_chall_difficult; /* words not familiar by the Dale-Chall
	                                list (measures.h) */
	double spache_difficult;     /* words not on the Spache list, each
	                                counted once a 100 words */
} readability_counts;

/* The formulas, in the order of the page record. */
enum {
	R_FRE,
	R_FKG,
	R_FOG,
	R_SMOG,
	R_CLI,
	R_ARI,
	R_DALE_CHALL,
	R_SPACHE,
	R_AMSTAD,
	R_WSTF,
	R_FERNANDEZ_HUERTA,
	R_KANDEL_MOLES,
	R_GULPEASE,
	R_DOUMA,
	R_LIX,
	R__COUNT
};

#define RL_BIT(l) (1u << (l))
#define RL_ALL ((1u << RL__COUNT) - 1)

typedef struct readability_formula {
	const char *name; /* the page record field */
	unsigned langs;   /* RL_BIT()s of the languages it is computed for */
	int grade;        /* gives a school grade: joins the consensus */
	/* Called only with words and sentences above 0. */
	double (*fn)(const readability_counts *c);
} readability_formula;

extern const readability_formula readability_formulas[R__COUNT];

typedef struct readability_result {
	double score[R__COUNT]; /* NaN: not for this language, or no text */
	/* The median of the language's grade formulas that have a value,
	 * and the spread between them (highest - lowest); NaN without a
	 * grade formula, the spread NaN with fewer than two. */
	double consensus;
	double spread;
	int grades; /* how many grade formulas the consensus took */
	/* Why the language's formulas are all null, or NULL:
	 * "no_prose" (no word to measure), "language_unknown",
	 * "language_unsupported". */
	const char *null_reason;
} readability_result;

/* Every formula of lang on c (lang's own and the language-independent
 * ones), the consensus and the reason for what is null. */
void readability_score(readability_lang lang, const readability_counts *c,
                       readability_result *out);

#endif
