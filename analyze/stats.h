/*
 * stats.h - descriptive statistics of one metric over a corpus (GSL).
 *
 * The summary record describes each metric by the same ten numbers, so the
 * report can print them as one table: count, mean, sample standard
 * deviation, minimum, quartiles, maximum and the 10th and 90th
 * percentiles.  Quantiles interpolate between order statistics the way
 * gsl_stats_quantile_from_sorted_data does (R's default, type 7).
 *
 * Beyond those ten numbers, four views of the corpus, all computed by GSL:
 *
 *   histogram     bins of equal width over [min, max]; as many as the
 *                 Freedman-Diaconis rule asks (width 2 IQR / n^(1/3)),
 *                 at least 1 and at most 30, so a report can draw it in
 *                 one line of text whatever the corpus size;
 *   outliers      values beyond median -+ 3 MAD.  Median and MAD are
 *                 robust: one enormous page cannot widen the fence enough
 *                 to hide itself, as it would with mean -+ 3 sd;
 *   mean_ci95     a percentile bootstrap interval for the mean (the
 *                 normal one past 1000 values), so the report can tell
 *                 whether two crawls really differ;
 *   correlations  Spearman's rho for each pair of metrics.  Ranks, not
 *                 values: a monotone but curved relation still shows, and
 *                 one extreme page does not decide the coefficient.
 *
 * Design:
 *   - Each view is a function filling a plain struct, so its numbers can
 *     be tested without JSON; stats_to_json_full() and
 *     stats_correlations() only add the JSON shape around them.
 *   - Every function takes the analyzer's column as it is: v[i] is page
 *     i's value, NaN where the page has none.  NaN values are skipped, but
 *     indices (outlier pages) are positions in v, so the caller maps them
 *     to pages -- to URLs -- and the statistics need not know what a page
 *     is.
 *   - Same input, same output, run after run: the bootstrap draws from a
 *     xoshiro256** seeded with 1 that lives only inside one call.
 *     There is no global state; the functions may run in parallel.
 *   - Memory is a few doubles a value, freed before returning (except
 *     what a function hands back, as its comment says).
 */
#ifndef CQA_STATS_H
#define CQA_STATS_H

#include <jansson.h>
#include <stddef.h>

typedef struct stats_summary {
	size_t count; /* values that were not NaN */
	double mean;
	double sd; /* sample (n - 1); NaN for fewer than two values */
	double min;
	double q1;
	double median;
	double q3;
	double max;
	double p10;
	double p90;
} stats_summary;

/* Summarises v[0..n); NaN values are skipped.  With no value left, count
 * is 0 and every other field NaN.  v is not modified. */
void stats_compute(const double *v, size_t n, stats_summary *out);

/* The non-NaN values of a column, sorted: what the summary, the histogram
 * and the outlier fence each start from.  A caller that wants all three
 * of one column sorts it once (stats_sort()) and hands it to the _sorted
 * forms, which give what the plain ones give (stats_column_json() does). */
typedef struct stats_sorted {
	double *x; /* k values, ascending */
	size_t k;
} stats_sorted;

void stats_sort(const double *v, size_t n, stats_sorted *out);
void stats_sorted_free(stats_sorted *c);

/* {"count":..,"mean":..,"sd":..,"min":..,"q1":..,"median":..,"q3":..,
 *  "max":..,"p10":..,"p90":..}, numbers rounded to 4 decimals, NaN as
 * null.  Returns a new reference. */
json_t *stats_to_json(const stats_summary *s);

/* --- histogram ---------------------------------------------------------- */

#define STATS_HIST_MAX_BINS 30

typedef struct stats_bin {
	double lo, hi; /* [lo, hi); the last bin also holds hi (the maximum) */
	size_t count;
} stats_bin;

/* Bins the non-NaN values of v[0..n) (see the top of this file for how
 * many).  When all values are equal there is one bin [v, v].  Returns the
 * number of bins, 0 when there is no value, and sets *bins to an array of
 * that many that the caller frees (NULL for 0). */
size_t stats_histogram(const double *v, size_t n, stats_bin **bins);
size_t stats_histogram_sorted(const stats_sorted *c, stats_bin **bins);

/* --- robust outliers ---------------------------------------------------- */

#define STATS_OUTLIER_K 3.0    /* fence at median -+ K MAD */
#define STATS_OUTLIER_PAGES 10 /* pages the JSON lists, most extreme first */

typedef struct stats_outliers {
	double median;
	double mad;  /* median |x - median| times 1.482602 (1 / Phi^-1(3/4),
	                so it estimates sd for normal data); NaN without
	                values */
	double low;  /* median - 3 mad; NaN when no fence applies (no values */
	double high; /* or mad 0, see stats_outliers_find) */
	size_t count;
	size_t *index; /* count positions in v, most extreme (largest
	                  |v - median|) first, ties by position */
} stats_outliers;

/* Finds the values of v[0..n) strictly outside [low, high].  out->index
 * is allocated (even when count is 0); release it with
 * stats_outliers_free(). */
void stats_outliers_find(const double *v, size_t n, stats_outliers *out);
/* The same, with c the sorted values of v (stats_sort()). */
void stats_outliers_find_sorted(const double *v, size_t n,
                                const stats_sorted *c, stats_outliers *out);
void stats_outliers_free(stats_outliers *o);

/* --- bootstrap interval of the mean ------------------------------------- */

typedef struct stats_ci {
	double lo, hi;    /* 2.5th and 97.5th percentile of the resampled
	                     means; NaN for fewer than two values */
	size_t resamples; /* B; 0 when there was nothing to resample or
	                     the interval is the normal one */
	int normal;       /* mean -+ 1.96 sd / sqrt(n), for n over 1000 */
} stats_ci;

/* B = 1000 resamples of the non-NaN values; over 1000 values, the normal
 * interval instead (stats_corpus.c says why). */
void stats_bootstrap_mean_ci(const double *v, size_t n, stats_ci *out);

/* --- rank correlation ---------------------------------------------------- */

/* Spearman's rho (ties get their average rank) of a and b over the i <
 * n where neither is NaN; *used, when not NULL, gets how many those are.
 * NaN for fewer than 3 pairs or when either side is constant there. */
double stats_spearman(const double *a, const double *b, size_t n, size_t *used);

/* --- JSON --------------------------------------------------------------- */

/* stats_to_json(s) plus, from v[0..n) (the values s was computed from):
 *   "histogram":{"bins":[{"lo":..,"hi":..,"count":..},...]},
 *   "outliers":{"low":..,"high":..,"mad":..,"count":N,"pages":[...]},
 *   "mean_ci95":[lo,hi] (null for fewer than two values),
 *   "mean_ci_resamples":B,
 *   "mean_ci_method":"bootstrap" or "normal" (null with no interval)
 * "pages" lists at most STATS_OUTLIER_PAGES, most extreme first; page i
 * is names[i] when names is not NULL, i < nnames and names[i] is not NULL,
 * else the integer i.  Numbers are rounded to 4 decimals, NaN is null.
 * Returns a new reference. */
json_t *stats_to_json_full(const double *v, size_t n, const stats_summary *s,
                           const char *const *names, size_t nnames);
/* stats_to_json_full() of v's own summary, v's values sorted once for
 * the summary, the histogram and the outliers. */
json_t *stats_column_json(const double *v, size_t n, const char *const *names,
                          size_t nnames);

/* [{"a":colnames[i],"b":colnames[j],"spearman":rho,"n":pairs},...] for
 * every i < j < ncols, in that order; cols[i][0..n) is metric i for
 * pages 0..n.  rho is rounded to 4 decimals, null where stats_spearman()
 * gives NaN.  Returns a new reference. */
json_t *stats_correlations(const double *const *cols,
                           const char *const *colnames, size_t ncols, size_t n);

#endif
