/*
 * stats.h - descriptive statistics of one metric over a corpus (GSL).
 *
 * The summary record describes each metric by the same ten numbers, so the
 * report can print them as one table: count, mean, sample standard
 * deviation, minimum, quartiles, maximum and the 10th and 90th
 * percentiles.  Quantiles interpolate between order statistics the way
 * gsl_stats_quantile_from_sorted_data does (R's default, type 7).
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

/* {"count":..,"mean":..,"sd":..,"min":..,"q1":..,"median":..,"q3":..,
 *  "max":..,"p10":..,"p90":..}, numbers rounded to 4 decimals, NaN as
 * null.  Returns a new reference. */
json_t *stats_to_json(const stats_summary *s);

#endif
