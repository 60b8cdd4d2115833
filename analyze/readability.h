/*
 * readability.h - the published readability formulas.
 *
 * Each takes the counts of text.h.  Sources:
 *  Flesch Reading Ease   206.835 - 1.015 (words/sentences)
 *                                - 84.6 (syllables/words)      Flesch 1948
 *  Flesch-Kincaid grade  0.39 (words/sentences)
 *                        + 11.8 (syllables/words) - 15.59      Kincaid 1975
 *  Gunning Fog           0.4 (words/sentences
 *                             + 100 complex/words)             Gunning 1952
 *  SMOG grade            1.0430 sqrt(polysyllables * 30/sentences)
 *                        + 3.1291                              McLaughlin 1969
 *  Coleman-Liau index    0.0588 L - 0.296 S - 15.8, L letters and S
 *                        sentences per 100 words               Coleman 1975
 *  ARI                   4.71 (letters/words)
 *                        + 0.5 (words/sentences) - 21.43       Smith 1967
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

void readability_compute(const text_counts *c, readability_scores *out);

#endif
