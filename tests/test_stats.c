/*
 * test_stats.c - the corpus statistics of analyze/stats.h on values worked
 * out by hand.
 *
 * Quantiles are R's type 7, as GSL computes them: for sorted x[0..k) and
 * fraction p, position h = (k - 1) p, q = x[floor h] + (h - floor h)
 * (x[floor h + 1] - x[floor h]).  The hand computations are next to each
 * test.  cmocka 1.1.5 has no assert_double_equal; assert_float_equal with
 * a tolerance well under the 4 printed decimals does.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/stats.h"
#include "common/buf.h"

#define EPS 1e-6
/* gsl_stats_mad()'s scale: 1 / Phi^-1(3/4) = 1 / 0.6744898 = 1.4826022,
 * the 1.4826 of the literature, unrounded. */
#define MADC 1.482602218505602

/* --- histogram ---------------------------------------------------------- */

/* {0, 1, 1, 2, NaN, 3, 5, 8, 13}: the NaN is skipped, k = 8.
 *   sorted     0 1 1 2 3 5 8 13          (x[0] .. x[7])
 *   q1         h = 7 * 0.25 = 1.75: x[1] + 0.75 (x[2] - x[1]) = 1
 *   q3         h = 7 * 0.75 = 5.25: x[5] + 0.25 (x[6] - x[5]) = 5.75
 *   IQR        4.75
 *   width      2 * 4.75 / 8^(1/3) = 9.5 / 2 = 4.75
 *   bins       ceil(13 / 4.75) = ceil(2.7368) = 3, each 13/3 = 4.3333 wide
 *   [0, 4.3333)        0 1 1 2 3   5
 *   [4.3333, 8.6667)   5 8         2
 *   [8.6667, 13]       13          1   (the maximum, in the last bin) */
static void test_histogram_by_hand(void **state)
{
	(void)state;
	const double v[] = {0, 1, 1, 2, NAN, 3, 5, 8, 13};
	stats_bin *b;
	size_t nb = stats_histogram(v, 9, &b);
	assert_int_equal(nb, 3);
	assert_float_equal(b[0].lo, 0, EPS);
	assert_float_equal(b[0].hi, 13.0 / 3, EPS);
	assert_float_equal(b[1].lo, 13.0 / 3, EPS);
	assert_float_equal(b[1].hi, 26.0 / 3, EPS);
	assert_float_equal(b[2].lo, 26.0 / 3, EPS);
	assert_float_equal(b[2].hi, 13, EPS);
	assert_int_equal(b[0].count, 5);
	assert_int_equal(b[1].count, 2);
	assert_int_equal(b[2].count, 1);
	free(b);
}

/* {0, 0, 1, 1}: q1 h = 0.75: 0; q3 h = 2.25: x[2] + 0.25 * 0 = 1; IQR 1;
 * width 2 / 4^(1/3) = 2 / 1.5874 = 1.2599 >= range 1: ceil(0.7937) = 1
 * bin, [0, 1], holding all four (1 = the maximum included). */
static void test_histogram_one_bin_by_rule(void **state)
{
	(void)state;
	const double v[] = {0, 0, 1, 1};
	stats_bin *b;
	assert_int_equal(stats_histogram(v, 4, &b), 1);
	assert_float_equal(b[0].lo, 0, EPS);
	assert_float_equal(b[0].hi, 1, EPS);
	assert_int_equal(b[0].count, 4);
	free(b);
}

/* {0 x7, 100}: q1 (h 1.75) and q3 (h 5.25) both fall among the zeros, so
 * IQR 0, width 0: the rule asks for endless bins, clamped to 30 of width
 * 100/30 = 3.3333.  The seven zeros are in the first, 100 in the last,
 * none between. */
static void test_histogram_clamped_to_30(void **state)
{
	(void)state;
	const double v[] = {0, 0, 0, 0, 0, 0, 0, 100};
	stats_bin *b;
	assert_int_equal(stats_histogram(v, 8, &b), STATS_HIST_MAX_BINS);
	assert_int_equal(b[0].count, 7);
	assert_float_equal(b[0].hi, 100.0 / 30, EPS);
	for (size_t i = 1; i < 29; i++)
		assert_int_equal(b[i].count, 0);
	assert_float_equal(b[29].lo, 2900.0 / 30, EPS);
	assert_float_equal(b[29].hi, 100, EPS);
	assert_int_equal(b[29].count, 1);
	free(b);
}

static void test_histogram_constant_and_empty(void **state)
{
	(void)state;
	const double v[] = {4, NAN, 4, 4};
	stats_bin *b;
	assert_int_equal(stats_histogram(v, 4, &b), 1);
	assert_float_equal(b[0].lo, 4, EPS);
	assert_float_equal(b[0].hi, 4, EPS);
	assert_int_equal(b[0].count, 3);
	free(b);

	const double none[] = {NAN, NAN};
	assert_int_equal(stats_histogram(none, 2, &b), 0);
	assert_null(b);
	assert_int_equal(stats_histogram(NULL, 0, &b), 0);
	assert_null(b);
}

/* 1 and the next double after it: the rule asks for ceil(1.26) = 2 bins
 * (IQR half the gap, width gap / 2^(1/3)), but no double lies between
 * the two, so two bins would have equal edges and one value could fall
 * in neither.  One bin [1, 1 + ulp] with both. */
static void test_histogram_tiny_range(void **state)
{
	(void)state;
	const double v[] = {1, nextafter(1, 2)};
	stats_bin *b;
	assert_int_equal(stats_histogram(v, 2, &b), 1);
	assert_true(b[0].lo == 1 && b[0].hi == v[1]);
	assert_int_equal(b[0].count, 2);
	free(b);
}

/* --- outliers ----------------------------------------------------------- */

/* {1, 2, 3, 4, 100}: median 3; |x - 3| = 2 1 0 1 97, sorted 0 1 1 2 97,
 * median 1 = raw MAD; scaled 1 * 1.482602 = 1.482602; fences 3 -+ 3 *
 * 1.482602 = 3 -+ 4.447807 = [-1.447807, 7.447807] (with the rounded
 * 1.4826: 3 -+ 4.4478).  Only 100 (index 4) is outside. */
static void test_outliers_by_hand(void **state)
{
	(void)state;
	const double v[] = {1, 2, 3, 4, 100};
	stats_outliers o;
	stats_outliers_find(v, 5, &o);
	assert_float_equal(o.median, 3, EPS);
	assert_float_equal(o.mad, MADC, EPS);
	assert_float_equal(o.low, 3 - 3 * MADC, EPS);
	assert_float_equal(o.high, 3 + 3 * MADC, EPS);
	assert_float_equal(o.low, -1.447807, EPS);
	assert_float_equal(o.high, 7.447807, EPS);
	assert_int_equal(o.count, 1);
	assert_int_equal(o.index[0], 4);
	stats_outliers_free(&o);
}

/* 46 values: 11 each of 4, 5 and 6, one NaN (index 5) and 12 outliers
 * spread through them:
 *   index  1   3   6   7  11  15  19  23  27  31  35  39
 *   value -1  22  12 -11  -3  14  -5  16  -7  18  -9  20
 * The 45 numbers sorted: 6 lows, 4 x11 (7th-17th), 5 x11 (18th-28th), 6
 * x11, 6 highs; the median is the 23rd, 5.  |x - 5|: 11 zeros, 22 ones
 * and the outliers' 6..17; the 23rd of those is 1, so MAD 1.482602 and
 * the fences 5 -+ 4.447807 = [0.552193, 9.447807] (4 and 6 are in).  By |x -
 * 5|, largest first: 22 (17, i 3)  -11 (16, i 7)  20 (15, i 39)  -9 (14, i 35)
 *   18 (13, i 31)  -7 (12, i 27)  16 (11, i 23)  -5 (10, i 19)
 *   14 (9, i 15)  -3 (8, i 11)  12 (7, i 6)  -1 (6, i 1)
 * Positions count the NaN: they are page numbers. */
static const double wide[] = {
    4, -1, 5, 22, 6, NAN, 12, -11, /* 0..7 */
    4, 5,  6, -3, 4, 5,   6,  14,  /* 8..15 */
    4, 5,  6, -5, 4, 5,   6,  16,  /* 16..23 */
    4, 5,  6, -7, 4, 5,   6,  18,  /* 24..31 */
    4, 5,  6, -9, 4, 5,   6,  20,  /* 32..39 */
    4, 5,  6, 4,  5, 6,            /* 40..45 */
};
static const size_t wide_order[] = {3, 7, 39, 35, 31, 27, 23, 19, 15, 11, 6, 1};

static void test_outliers_most_extreme_first(void **state)
{
	(void)state;
	size_t n = sizeof wide / sizeof wide[0];
	assert_int_equal(n, 46);
	stats_outliers o;
	stats_outliers_find(wide, n, &o);
	assert_float_equal(o.median, 5, EPS);
	assert_float_equal(o.mad, MADC, EPS);
	assert_float_equal(o.low, 0.552193, EPS);
	assert_float_equal(o.high, 9.447807, EPS);
	assert_int_equal(o.count, 12);
	for (size_t j = 0; j < 12; j++)
		assert_int_equal(o.index[j], wide_order[j]);
	stats_outliers_free(&o);
}

/* {-95, 1, 2, 3, 4, 5, 101}: median 3; |x - 3| = 98 2 1 0 1 2 98, sorted
 * 0 1 1 2 2 98 98, median 2, MAD 2 * 1.482602 = 2.965204, fences
 * 3 -+ 8.895613.  -95 and
 * 101 are both 98 away: the tie goes by position, 0 before 6. */
static void test_outliers_tie_by_position(void **state)
{
	(void)state;
	const double v[] = {-95, 1, 2, 3, 4, 5, 101};
	stats_outliers o;
	stats_outliers_find(v, 7, &o);
	assert_float_equal(o.mad, 2 * MADC, EPS);
	assert_float_equal(o.high, 11.895613, EPS);
	assert_int_equal(o.count, 2);
	assert_int_equal(o.index[0], 0);
	assert_int_equal(o.index[1], 6);
	stats_outliers_free(&o);
}

/* {0, 0, 0, 0, 5}: median 0, |x| = 0 0 0 0 5, MAD 0.  With a fence of
 * width 0 the 5 would be flagged for differing at all: no outliers, and
 * no fence reported.  No values at all: MAD NaN, nothing found. */
static void test_outliers_mad_zero_and_empty(void **state)
{
	(void)state;
	const double v[] = {0, 0, 0, 0, 5};
	stats_outliers o;
	stats_outliers_find(v, 5, &o);
	assert_float_equal(o.median, 0, EPS);
	assert_float_equal(o.mad, 0, EPS);
	assert_true(isnan(o.low));
	assert_true(isnan(o.high));
	assert_int_equal(o.count, 0);
	stats_outliers_free(&o);

	const double none[] = {NAN};
	stats_outliers_find(none, 1, &o);
	assert_true(isnan(o.mad));
	assert_true(isnan(o.median));
	assert_int_equal(o.count, 0);
	stats_outliers_free(&o);
}

/* --- Spearman ----------------------------------------------------------- */

/* a = {1, 2, 3, 4, 5}, b = {5, 6, 7, 8, 7}.
 *   ranks a    1 2 3 4 5
 *   ranks b    5 -> 1, 6 -> 2, the two 7s share (3 + 4) / 2 = 3.5, 8 -> 5
 *              1 2 3.5 5 3.5
 *   means      3 and 15 / 5 = 3
 *   deviations a  -2 -1 0 1 2,  b  -2 -1 0.5 2 0.5
 *   sum da db  4 + 1 + 0 + 2 + 1 = 8
 *   sum da^2   10;  sum db^2  4 + 1 + 0.25 + 4 + 0.25 = 9.5
 *   rho        8 / sqrt(10 * 9.5) = 8 / 9.746794 = 0.820783 */
static void test_spearman_by_hand(void **state)
{
	(void)state;
	const double a[] = {1, 2, 3, 4, 5}, b[] = {5, 6, 7, 8, 7};
	size_t used;
	assert_float_equal(stats_spearman(a, b, 5, &used), 0.820783, EPS);
	assert_int_equal(used, 5);
}

/* Ranks only: b = a^2 is a perfect increasing relation (rho 1), 1 / a a
 * perfect decreasing one (rho -1), though neither is a straight line.
 * Pairs with a NaN on either side are dropped: of a2/b2 only (1, 2),
 * (3, 6), (4, 8) remain, n = 3, increasing together, rho 1. */
static void test_spearman_ranks_and_nan(void **state)
{
	(void)state;
	const double a[] = {1, 2, 3, 4, 5};
	const double sq[] = {1, 4, 9, 16, 25};
	const double inv[] = {1, 0.5, 1.0 / 3, 0.25, 0.2};
	assert_float_equal(stats_spearman(a, sq, 5, NULL), 1, EPS);
	assert_float_equal(stats_spearman(a, inv, 5, NULL), -1, EPS);

	const double a2[] = {1, 2, NAN, 3, 4}, b2[] = {2, NAN, 5, 6, 8};
	size_t used;
	assert_float_equal(stats_spearman(a2, b2, 5, &used), 1, EPS);
	assert_int_equal(used, 3);
}

/* Fewer than three pairs, or a constant side: no coefficient. */
static void test_spearman_undefined(void **state)
{
	(void)state;
	const double a[] = {1, 2, 3, 4}, b[] = {4, 1, NAN, NAN};
	const double c[] = {7, 7, 7, 7};
	size_t used;
	assert_true(isnan(stats_spearman(a, b, 4, &used)));
	assert_int_equal(used, 2);
	assert_true(isnan(stats_spearman(a, c, 4, &used)));
	assert_int_equal(used, 4);
	assert_true(isnan(stats_spearman(NULL, NULL, 0, &used)));
	assert_int_equal(used, 0);
}

/* --- bootstrap ---------------------------------------------------------- */

/* A constant sample resamples to itself: every mean is the constant, and
 * so is the interval.  0.1 is not exact in binary: 0.1 + 0.1 + ... divided
 * by 7 would not give it back exactly. */
static void test_bootstrap_constant(void **state)
{
	(void)state;
	const double v[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
	stats_ci ci;
	stats_bootstrap_mean_ci(v, 7, &ci);
	assert_true(ci.lo == 0.1);
	assert_true(ci.hi == 0.1);
	assert_int_equal(ci.resamples, 1000);
}

/* {1, ..., 10}: mean 5.5; population variance (100 - 1) / 12 = 8.25, sd
 * 2.8723; the standard error of a resampled mean is 2.8723 / sqrt(10) =
 * 0.9083, so a normal approximation puts the interval near 5.5 -+ 1.96 *
 * 0.9083 = [3.72, 7.28].  The percentile interval of 1000 resamples is
 * checked to lie around there (within 0.5) and to contain 5.5.  The seed
 * is fixed, so a second call, and a call with NaNs between the values,
 * give exactly the same numbers. */
static void test_bootstrap_known_and_reproducible(void **state)
{
	(void)state;
	const double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	const double w[] = {NAN, 1, 2, 3, NAN, 4, 5, 6, 7, 8, 9, 10, NAN};
	stats_ci c1, c2, c3;
	stats_bootstrap_mean_ci(v, 10, &c1);
	stats_bootstrap_mean_ci(v, 10, &c2);
	stats_bootstrap_mean_ci(w, 13, &c3);
	assert_int_equal(c1.resamples, 1000);
	assert_true(c1.lo < 5.5 && 5.5 < c1.hi);
	assert_float_equal(c1.lo, 3.72, 0.5);
	assert_float_equal(c1.hi, 7.28, 0.5);
	assert_true(c1.lo == c2.lo && c1.hi == c2.hi);
	assert_true(c1.lo == c3.lo && c1.hi == c3.hi);
}

/* n < 2: nothing to resample.  Up to 1000 values, 1000 resamples; past
 * that the normal interval, mean -+ 1.96 sd / sqrt(n).  For v[i] = i % 7,
 * i < 10001: values 0..6 each 1429 times (10003 would be 1429 * 7; 10001
 * = 1429 * 7 - 2, so 5 and 6 appear 1428 times): sum = 1429 * 21 - 5 - 6
 * = 29998, mean = 2.99950005; sd about 2 (uniform on 0..6: sqrt(48/12) =
 * 2), so the half-width is 1.96 * 2 / 100.005 = 0.0392.  At n = 1000 the
 * values are 0..6 about equally often again: mean 2.997 (0..5 143 times,
 * 6 142 times: 2997 / 1000), standard error 2 / sqrt(1000) = 0.0632, so
 * the bootstrap interval is about 2.997 -+ 0.124. */
static void test_bootstrap_small_and_large(void **state)
{
	(void)state;
	stats_ci ci;
	const double one[] = {NAN, 3};
	stats_bootstrap_mean_ci(one, 2, &ci);
	assert_true(isnan(ci.lo) && isnan(ci.hi));
	assert_int_equal(ci.resamples, 0);

	size_t n = 10001;
	double *v = xmalloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (double)(i % 7); /* mean of 0..6 about 3 */
	stats_bootstrap_mean_ci(v, 1000, &ci);
	assert_int_equal(ci.resamples, 1000);
	assert_false(ci.normal);
	assert_float_equal(ci.lo, 2.997 - 0.124, 0.03);
	assert_float_equal(ci.hi, 2.997 + 0.124, 0.03);
	stats_bootstrap_mean_ci(v, 1001, &ci);
	assert_int_equal(ci.resamples, 0);
	assert_true(ci.normal);
	stats_bootstrap_mean_ci(v, n, &ci);
	assert_int_equal(ci.resamples, 0);
	assert_true(ci.normal);
	double mean = 29998.0 / 10001.0;
	assert_float_equal((ci.lo + ci.hi) / 2, mean, 1e-9);
	assert_float_equal((ci.hi - ci.lo) / 2, 0.0392, 0.0005);
	free(v);
}

/* --- JSON --------------------------------------------------------------- */

static double num(const json_t *o, const char *key)
{
	const json_t *x = json_object_get(o, key);
	assert_true(json_is_number(x));
	return json_number_value(x);
}

/* {1, 2, 3, 4, 100} with page names u0..u4 (see test_outliers_by_hand):
 * the summary fields stay; histogram: q1 2, q3 4, IQR 2, width 4 / 5^(1/3)
 * = 2.3392, 99 / 2.3392 = 42.3 bins, clamped to 30 of width 3.3, so
 * [1, 4.3) holds 1 2 3 4 and [96.7, 100] holds 100; the outlier is page
 * "u4", its fence and MAD rounded to 4 decimals (-1.4478, 7.4478,
 * 1.4826); the bootstrap mean interval contains the mean 22. */
static void test_json_full(void **state)
{
	(void)state;
	const double v[] = {1, 2, 3, 4, 100};
	const char *const names[] = {"u0", "u1", "u2", "u3", "u4"};
	stats_summary s;
	stats_compute(v, 5, &s);
	json_t *j = stats_to_json_full(v, 5, &s, names, 5);

	assert_int_equal(json_integer_value(json_object_get(j, "count")), 5);
	assert_float_equal(num(j, "mean"), 22, EPS);
	assert_float_equal(num(j, "median"), 3, EPS);

	json_t *bins = json_object_get(json_object_get(j, "histogram"), "bins");
	assert_int_equal(json_array_size(bins), 30);
	json_t *b0 = json_array_get(bins, 0), *b29 = json_array_get(bins, 29);
	assert_float_equal(num(b0, "lo"), 1, EPS);
	assert_float_equal(num(b0, "hi"), 4.3, EPS);
	assert_int_equal(json_integer_value(json_object_get(b0, "count")), 4);
	assert_float_equal(num(b29, "lo"), 96.7, EPS);
	assert_float_equal(num(b29, "hi"), 100, EPS);
	assert_int_equal(json_integer_value(json_object_get(b29, "count")), 1);

	json_t *o = json_object_get(j, "outliers");
	assert_float_equal(num(o, "low"), -1.4478, EPS);
	assert_float_equal(num(o, "high"), 7.4478, EPS);
	assert_float_equal(num(o, "mad"), 1.4826, EPS);
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 1);
	json_t *pages = json_object_get(o, "pages");
	assert_int_equal(json_array_size(pages), 1);
	assert_string_equal(json_string_value(json_array_get(pages, 0)), "u4");

	json_t *ci = json_object_get(j, "mean_ci95");
	assert_int_equal(json_array_size(ci), 2);
	double lo = json_number_value(json_array_get(ci, 0));
	double hi = json_number_value(json_array_get(ci, 1));
	assert_true(lo < 22 && 22 < hi);
	assert_true(lo >= 1 && hi <= 100);
	assert_int_equal(
	    json_integer_value(json_object_get(j, "mean_ci_resamples")), 1000);
	json_decref(j);
}

/* The 12 outliers of `wide`: "count" says 12, "pages" lists the 10 most
 * extreme; without names they are page numbers, and a name missing from
 * the array (NULL, or past nnames) falls back to the number too. */
static void test_json_outlier_pages(void **state)
{
	(void)state;
	size_t n = sizeof wide / sizeof wide[0];
	stats_summary s;
	stats_compute(wide, n, &s);

	json_t *j = stats_to_json_full(wide, n, &s, NULL, 0);
	json_t *o = json_object_get(j, "outliers");
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 12);
	json_t *pages = json_object_get(o, "pages");
	assert_int_equal(json_array_size(pages), STATS_OUTLIER_PAGES);
	for (size_t k = 0; k < STATS_OUTLIER_PAGES; k++)
		assert_int_equal(json_integer_value(json_array_get(pages, k)),
		                 wide_order[k]);
	json_decref(j);

	/* names for pages 0..9 only, page 7's missing: 3 and 7 are numbers
	 * or names as there is one */
	const char *names[10] = {"p0", "p1", "p2", "p3", "p4",
	                         "p5", "p6", NULL, "p8", "p9"};
	j = stats_to_json_full(wide, n, &s, names, 10);
	pages = json_object_get(json_object_get(j, "outliers"), "pages");
	assert_string_equal(json_string_value(json_array_get(pages, 0)), "p3");
	assert_int_equal(json_integer_value(json_array_get(pages, 1)), 7);
	assert_int_equal(json_integer_value(json_array_get(pages, 2)), 39);
	json_decref(j);
}

/* One value: summary with sd null, a one-bin histogram, no MAD fence (MAD
 * of one value is 0), no interval.  No value: no bins, MAD null. */
static void test_json_degenerate(void **state)
{
	(void)state;
	const double one[] = {7};
	stats_summary s;
	stats_compute(one, 1, &s);
	json_t *j = stats_to_json_full(one, 1, &s, NULL, 0);
	assert_true(json_is_null(json_object_get(j, "sd")));
	json_t *bins = json_object_get(json_object_get(j, "histogram"), "bins");
	assert_int_equal(json_array_size(bins), 1);
	json_t *o = json_object_get(j, "outliers");
	assert_true(json_is_null(json_object_get(o, "low")));
	assert_true(json_is_null(json_object_get(o, "high")));
	assert_float_equal(num(o, "mad"), 0, EPS);
	assert_int_equal(json_array_size(json_object_get(o, "pages")), 0);
	assert_true(json_is_null(json_object_get(j, "mean_ci95")));
	assert_int_equal(
	    json_integer_value(json_object_get(j, "mean_ci_resamples")), 0);
	json_decref(j);

	stats_compute(NULL, 0, &s);
	j = stats_to_json_full(NULL, 0, &s, NULL, 0);
	bins = json_object_get(json_object_get(j, "histogram"), "bins");
	assert_int_equal(json_array_size(bins), 0);
	o = json_object_get(j, "outliers");
	assert_true(json_is_null(json_object_get(o, "mad")));
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 0);
	assert_true(json_is_null(json_object_get(j, "mean_ci95")));
	json_decref(j);
}

/* Three metrics give the pairs (a, b), (a, c), (b, c) in that order:
 * a/b is the hand-computed 0.820783, rounded to 4 decimals 0.8208; c is
 * constant, so its pairs have null spearman but still n 5. */
static void test_json_correlations(void **state)
{
	(void)state;
	const double a[] = {1, 2, 3, 4, 5}, b[] = {5, 6, 7, 8, 7};
	const double c[] = {3, 3, 3, 3, 3};
	const double *const cols[] = {a, b, c};
	const char *const names[] = {"a", "b", "c"};
	json_t *j = stats_correlations(cols, names, 3, 5);
	assert_int_equal(json_array_size(j), 3);
	const char *want[3][2] = {{"a", "b"}, {"a", "c"}, {"b", "c"}};
	for (size_t k = 0; k < 3; k++) {
		json_t *p = json_array_get(j, k);
		assert_string_equal(json_string_value(json_object_get(p, "a")),
		                    want[k][0]);
		assert_string_equal(json_string_value(json_object_get(p, "b")),
		                    want[k][1]);
		assert_int_equal(json_integer_value(json_object_get(p, "n")),
		                 5);
	}
	assert_true(json_real_value(json_object_get(json_array_get(j, 0),
	                                            "spearman")) == 0.8208);
	assert_true(
	    json_is_null(json_object_get(json_array_get(j, 1), "spearman")));
	assert_true(
	    json_is_null(json_object_get(json_array_get(j, 2), "spearman")));
	json_decref(j);

	j = stats_correlations(cols, names, 1, 5); /* no pair */
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_histogram_by_hand),
	    cmocka_unit_test(test_histogram_one_bin_by_rule),
	    cmocka_unit_test(test_histogram_clamped_to_30),
	    cmocka_unit_test(test_histogram_constant_and_empty),
	    cmocka_unit_test(test_histogram_tiny_range),
	    cmocka_unit_test(test_outliers_by_hand),
	    cmocka_unit_test(test_outliers_most_extreme_first),
	    cmocka_unit_test(test_outliers_tie_by_position),
	    cmocka_unit_test(test_outliers_mad_zero_and_empty),
	    cmocka_unit_test(test_spearman_by_hand),
	    cmocka_unit_test(test_spearman_ranks_and_nan),
	    cmocka_unit_test(test_spearman_undefined),
	    cmocka_unit_test(test_bootstrap_constant),
	    cmocka_unit_test(test_bootstrap_known_and_reproducible),
	    cmocka_unit_test(test_bootstrap_small_and_large),
	    cmocka_unit_test(test_json_full),
	    cmocka_unit_test(test_json_outlier_pages),
	    cmocka_unit_test(test_json_degenerate),
	    cmocka_unit_test(test_json_correlations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
