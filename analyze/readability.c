/*
 * readability.c - the readability formulas and the languages they are
 * for; see readability.h.
 *
 * The formulas are transcribed as published, constants and all, so a score
 * can be checked by hand from the counts in the page record.  Every
 * formula divides by words or sentences, so a text without either has no
 * score (NaN) rather than a made-up one.  Which formulas a page gets is
 * decided by its language alone: a formula fitted on English text says
 * little of a German one, whose words are longer for the same difficulty.
 */
#include "readability.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the formulas -------------------------------------------------------- */

static double wps(const readability_counts *c) /* words per sentence */
{
	return c->words / c->sentences;
}

static double spw(const readability_counts *c) /* syllables per word */
{
	return c->syllables / c->words;
}

static double pct(double n, const readability_counts *c) /* per 100 words */
{
	return 100.0 * n / c->words;
}

/* R. Flesch, "A new readability yardstick", Journal of Applied Psychology
 * 32 (1948), 221-233. */
static double flesch(const readability_counts *c)
{
	return 206.835 - 1.015 * wps(c) - 84.6 * spw(c);
}

/* J. P. Kincaid, R. P. Fishburne, R. L. Rogers, B. S. Chissom, Derivation
 * of new readability formulas for Navy enlisted personnel, Research Branch
 * Report 8-75, Naval Air Station Memphis (1975), p. 14. */
static double flesch_kincaid(const readability_counts *c)
{
	return 0.39 * wps(c) + 11.8 * spw(c) - 15.59;
}

/* R. Gunning, The Technique of Clear Writing, McGraw-Hill (1952). */
static double gunning_fog(const readability_counts *c)
{
	return 0.4 * (wps(c) + pct(c->complex_words, c));
}

/* G. H. McLaughlin, "SMOG grading: a new readability formula", Journal of
 * Reading 12 (1969), 639-646.  The polysyllables of the whole text scaled
 * to 30 sentences, instead of three samples of ten. */
static double smog(const readability_counts *c)
{
	return 1.0430 * sqrt(c->polysyllables * 30.0 / c->sentences) + 3.1291;
}

/* M. Coleman, T. L. Liau, "A computer readability formula designed for
 * machine scoring", Journal of Applied Psychology 60 (1975), 283-284. */
static double coleman_liau(const readability_counts *c)
{
	return 0.0588 * pct(c->letters, c) - 0.296 * pct(c->sentences, c) -
	       15.8;
}

/* E. A. Smith, R. J. Senter, Automated Readability Index, AMRL-TR-66-220,
 * Wright-Patterson Air Force Base (1967). */
static double ari(const readability_counts *c)
{
	return 4.71 * (c->letters / c->words) + 0.5 * wps(c) - 21.43;
}

/* J. S. Chall, E. Dale, Readability Revisited: The New Dale-Chall
 * Readability Formula, Brookline Books (1995), p. 66: the predicted cloze
 * score 64 - 0.95 (unfamiliar words per 100) - 0.69 (words per sentence),
 * higher is easier.  The book turns it into a reading level with a table,
 * which is not reproduced. */
static double dale_chall(const readability_counts *c)
{
	return 64.0 - 0.95 * pct(c->dale_chall_difficult, c) - 0.69 * wps(c);
}

/* G. Spache, Good Reading for Poor Readers, revised 9th ed., Garrard
 * (1974): the revised formula, 0.121 (words per sentence) + 0.082
 * (unfamiliar words per 100) + 0.659, a grade for primary-school texts. */
static double spache(const readability_counts *c)
{
	return 0.121 * wps(c) + 0.082 * pct(c->spache_difficult, c) + 0.659;
}

/* T. Amstad, Wie verständlich sind unsere Zeitungen?, dissertation,
 * Universität Zürich (1978): Flesch's formula refitted for German,
 * 180 - (words per sentence) - 58.5 (syllables per word). */
static double amstad(const readability_counts *c)
{
	return 180.0 - wps(c) - 58.5 * spw(c);
}

/* R. Bamberger, E. Vanecek, Lesen - Verstehen - Lernen - Schreiben,
 * Jugend und Volk (1984), pp. 83-84: the first Wiener Sachtextformel,
 * 0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875, with MS the
 * percentage of words of 3 syllables or more, SL words per sentence, IW
 * the percentage of words of more than 6 letters, ES the percentage of
 * words of one syllable: a school grade (4 easy to 15 very hard). */
static double wiener(const readability_counts *c)
{
	return 0.1935 * pct(c->polysyllables, c) + 0.1672 * wps(c) +
	       0.1297 * pct(c->long_words, c) -
	       0.0327 * pct(c->monosyllables, c) - 0.875;
}

/* J. Fernández Huerta, "Medidas sencillas de lecturabilidad", Consigna
 * 214 (1959), 29-32: 206.84 - 0.60 P - 1.02 F, P syllables per 100 words,
 * F words per sentence.  As usually printed F is "sentences per 100
 * words", which makes shorter sentences harder; G. Law, "Error in the
 * Fernandez Huerta readability formula", LINGUIST List 22.2332 (2011),
 * shows words per sentence is meant, as in Flesch's formula it adapts. */
static double fernandez_huerta(const readability_counts *c)
{
	return 206.84 - 0.60 * pct(c->syllables, c) - 1.02 * wps(c);
}

/* L. Kandel, A. Moles, "Application de l'indice de Flesch à la langue
 * française", Cahiers Études de Radio-Télévision 19 (1958), 253-274:
 * 207 - 1.015 (words per sentence) - 73.6 (syllables per word). */
static double kandel_moles(const readability_counts *c)
{
	return 207.0 - 1.015 * wps(c) - 73.6 * spw(c);
}

/* P. Lucisano, M. E. Piemontese, "GULPEASE: una formula per la predizione
 * della difficoltà dei testi in lingua italiana", Scuola e Città 39
 * (1988), 110-124: 89 + (300 sentences - 10 letters) / words, 0 (hard) to
 * 100 (easy). */
static double gulpease(const readability_counts *c)
{
	return 89.0 + (300.0 * c->sentences - 10.0 * c->letters) / c->words;
}

/* W. H. Douma, De leesbaarheid van landbouwbladen, Landbouwhogeschool
 * Wageningen (1960): Flesch's formula for Dutch, 206.84 - 0.77 (syllables
 * per 100 words) - 0.93 (words per sentence). */
static double douma(const readability_counts *c)
{
	return 206.84 - 0.77 * pct(c->syllables, c) - 0.93 * wps(c);
}

/* C.-H. Björnsson, Läsbarhet, Liber (1968): words per sentence + the
 * percentage of words of more than 6 letters.  Meant to compare texts
 * across languages; it needs no syllables. */
static double lix(const readability_counts *c)
{
	return wps(c) + pct(c->long_words, c);
}

#define EN RL_BIT(RL_EN)

/* Spache is a grade, but for primary-school texts only: among the grades
 * of adult prose it would pull the consensus down, so it stays out. */
const readability_formula readability_formulas[R__COUNT] = {
    [R_FRE] = {"flesch_reading_ease", EN, 0, flesch},
    [R_FKG] = {"flesch_kincaid_grade", EN, 1, flesch_kincaid},
    [R_FOG] = {"gunning_fog", EN, 1, gunning_fog},
    [R_SMOG] = {"smog", EN, 1, smog},
    [R_CLI] = {"coleman_liau", EN, 1, coleman_liau},
    [R_ARI] = {"ari", EN, 1, ari},
    [R_DALE_CHALL] = {"dale_chall", EN, 0, dale_chall},
    [R_SPACHE] = {"spache", EN, 0, spache},
    [R_AMSTAD] = {"flesch_amstad", RL_BIT(RL_DE), 0, amstad},
    [R_WSTF] = {"wiener_sachtextformel", RL_BIT(RL_DE), 1, wiener},
    [R_FERNANDEZ_HUERTA] = {"fernandez_huerta", RL_BIT(RL_ES), 0,
                            fernandez_huerta},
    [R_KANDEL_MOLES] = {"kandel_moles", RL_BIT(RL_FR), 0, kandel_moles},
    [R_GULPEASE] = {"gulpease", RL_BIT(RL_IT), 0, gulpease},
    [R_DOUMA] = {"douma", RL_BIT(RL_NL), 0, douma},
    [R_LIX] = {"lix", RL_ALL, 0, lix},
};

void readability_compute(const text_counts *t, readability_scores *out)
{
	readability_counts c = {
	    .words = (double)t->words,
	    .sentences = (double)t->sentences,
	    .syllables = (double)t->syllables,
	    .letters = (double)t->letters,
	    .complex_words = (double)t->complex_words,
	    .polysyllables = (double)t->polysyllables,
	};
	int none = t->words == 0 || t->sentences == 0;
	out->flesch_reading_ease = none ? NAN : flesch(&c);
	out->flesch_kincaid_grade = none ? NAN : flesch_kincaid(&c);
	out->gunning_fog = none ? NAN : gunning_fog(&c);
	out->smog = none ? NAN : smog(&c);
	out->coleman_liau = none ? NAN : coleman_liau(&c);
	out->ari = none ? NAN : ari(&c);
}

/* ---- languages ----------------------------------------------------------- */

static const struct {
	const char *code, *alias1, *alias2;
	readability_lang lang;
} languages[] = {
    {"en", "eng", NULL, RL_EN}, {"de", "deu", "ger", RL_DE},
    {"es", "spa", NULL, RL_ES}, {"fr", "fra", "fre", RL_FR},
    {"it", "ita", NULL, RL_IT}, {"nl", "nld", "dut", RL_NL},
};

void readability_lang_code(const char *tag, char out[9])
{
	strcpy(out, "und");
	if (!tag)
		return;
	char code[9];
	size_t n = 0;
	for (; tag[n] && tag[n] != '-' && tag[n] != '_'; n++) {
		char ch = tag[n];
		if (n == 8 ||
		    !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
			return;
		code[n] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	if (n < 2)
		return;
	code[n] = '\0';
	for (size_t i = 0; i < sizeof languages / sizeof *languages; i++)
		if ((languages[i].alias1 &&
		     strcmp(code, languages[i].alias1) == 0) ||
		    (languages[i].alias2 &&
		     strcmp(code, languages[i].alias2) == 0)) {
			strcpy(out, languages[i].code);
			return;
		}
	strcpy(out, code);
}

readability_lang readability_lang_of(const char *tag)
{
	char code[9];
	readability_lang_code(tag, code);
	if (strcmp(code, "und") == 0)
		return RL_UNKNOWN;
	for (size_t i = 0; i < sizeof languages / sizeof *languages; i++)
		if (strcmp(code, languages[i].code) == 0)
			return languages[i].lang;
	return RL_OTHER;
}

/* ---- scoring a text ------------------------------------------------------ */

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void readability_score(readability_lang lang, const readability_counts *c,
                       readability_result *out)
{
	double grades[R__COUNT];
	int n = 0;
	out->null_reason = NULL;
	out->consensus = NAN;
	out->spread = NAN;
	int text = c->words > 0 && c->sentences > 0;
	for (int i = 0; i < R__COUNT; i++) {
		const readability_formula *f = &readability_formulas[i];
		out->score[i] = NAN;
		if (!text || !(f->langs & RL_BIT(lang)))
			continue;
		out->score[i] = f->fn(c);
		if (f->grade && isfinite(out->score[i]))
			grades[n++] = out->score[i];
	}
	out->grades = n;
	if (!text)
		out->null_reason = "no_prose";
	else if (lang == RL_UNKNOWN)
		out->null_reason = "language_unknown";
	else if (lang == RL_OTHER)
		out->null_reason = "language_unsupported";
	if (n == 0)
		return;
	qsort(grades, (size_t)n, sizeof *grades, by_value);
	out->consensus =
	    n % 2 ? grades[n / 2] : (grades[n / 2 - 1] + grades[n / 2]) / 2.0;
	if (n >= 2)
		out->spread = grades[n - 1] - grades[0];
}
