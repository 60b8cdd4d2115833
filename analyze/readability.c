/*
 * readability.c - the six readability formulas; see readability.h.
 *
 * The formulas are transcribed as published, constants and all, so a score
 * can be checked by hand from the counts in the page record.  Every
 * formula divides by words or sentences, so a text without either has no
 * score (NaN) rather than a made-up one.
 */
#include "readability.h"

#include <math.h>

void readability_compute(const text_counts *c, readability_scores *out)
{
	if (c->words == 0 || c->sentences == 0) {
		out->flesch_reading_ease = NAN;
		out->flesch_kincaid_grade = NAN;
		out->gunning_fog = NAN;
		out->smog = NAN;
		out->coleman_liau = NAN;
		out->ari = NAN;
		return;
	}
	double words = (double)c->words;
	double sentences = (double)c->sentences;
	double wps = words / sentences;                /* words per sentence */
	double spw = (double)c->syllables / words;     /* syllables per word */
	double lpw = (double)c->letters / words;       /* letters per word */
	double L = 100.0 * (double)c->letters / words; /* per 100 words */
	double S = 100.0 * sentences / words;

	out->flesch_reading_ease = 206.835 - 1.015 * wps - 84.6 * spw;
	out->flesch_kincaid_grade = 0.39 * wps + 11.8 * spw - 15.59;
	out->gunning_fog =
	    0.4 * (wps + 100.0 * (double)c->complex_words / words);
	out->smog =
	    1.0430 * sqrt((double)c->polysyllables * 30.0 / sentences) + 3.1291;
	out->coleman_liau = 0.0588 * L - 0.296 * S - 15.8;
	out->ari = 4.71 * lpw + 0.5 * wps - 21.43;
}
