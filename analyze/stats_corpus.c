/*
 * stats_corpus.c - histogram, robust outliers, bootstrap interval and rank
 * correlation of corpus metrics with GSL; see stats.h.
 *
 * Kept apart from stats.c, which has the ten-number summary and the JSON
 * layer, so each file stays short.  Every function here copies the
 * non-NaN values first: GSL's statistics know nothing of missing values,
 * and the caller's column must stay as it is.
 */
#include "stats.h"

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/buf.h"

/* Bootstrap: 1000 resamples of up to 1000 values; past 1000 values the
 * normal interval, mean -+ 1.96 sd / sqrt(n).  The percentile bootstrap
 * earns its cost on small samples of skewed metrics, where it moves the
 * interval away from the normal one by about g / (6 sqrt(n)) (z^2 - 1)
 * standard errors for a skewness g (Hall, The Bootstrap and Edgeworth
 * Expansion, 1992, ch. 3).  At n = 1000 even a skewness of 3, about what
 * word counts show, moves it by 0.045 standard errors, less than the
 * Monte Carlo error of the bootstrap's own 2.5th percentile over 1000
 * resamples (sqrt(0.025 * 0.975 / 1000) / phi(1.96) = 0.085): above that
 * size resampling spends time, a few milliseconds a metric, to print the
 * normal interval plus noise. */
#define BOOT_B 1000
#define BOOT_MAX_N 1000
#define Z_975 1.959963984540054
#define BOOT_SEED 1

/* GSL's default error handler aborts before returning NULL; this covers a
 * program that turned it off, with the same end as xmalloc(). */
static void *gsl_alloc_ok(void *p, const char *what)
{
	if (!p) {
		fprintf(stderr, "cqa: cannot allocate %s\n", what);
		abort();
	}
	return p;
}

/* The non-NaN values of v[0..n) in a new array; *k gets their number. */
static double *present(const double *v, size_t n, size_t *k)
{
	double *x = xmalloc((n ? n : 1) * sizeof *x);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			x[m++] = v[i];
	*k = m;
	return x;
}

void stats_sort(const double *v, size_t n, stats_sorted *out)
{
	out->x = present(v, n, &out->k);
	if (out->k > 1)
		gsl_sort(out->x, 1, out->k);
}

void stats_sorted_free(stats_sorted *c)
{
	free(c->x);
	c->x = NULL;
	c->k = 0;
}

/* nb bins of equal width over [lo, hi] (lo < hi), or NULL when rounding
 * makes two edges equal. */
static gsl_histogram *uniform_bins(size_t nb, double lo, double hi)
{
	gsl_histogram *h = gsl_alloc_ok(gsl_histogram_alloc(nb), "histogram");
	gsl_histogram_set_ranges_uniform(h, lo, hi); /* range[nb] is hi */
	for (size_t b = 0; b < nb; b++) {
		double a, z;
		gsl_histogram_get_range(h, b, &a, &z);
		if (!(a < z)) {
			gsl_histogram_free(h);
			return NULL;
		}
	}
	return h;
}

size_t stats_histogram(const double *v, size_t n, stats_bin **bins)
{
	stats_sorted c;
	stats_sort(v, n, &c);
	size_t nb = stats_histogram_sorted(&c, bins);
	stats_sorted_free(&c);
	return nb;
}

size_t stats_histogram_sorted(const stats_sorted *c, stats_bin **bins)
{
	const double *x = c->x;
	size_t k = c->k;
	*bins = NULL;
	if (k == 0)
		return 0;
	double lo = x[0], hi = x[k - 1];
	if (lo == hi) {
		/* gsl_histogram needs lo < hi; a constant metric is one bar */
		*bins = xmalloc(sizeof **bins);
		(*bins)[0] = (stats_bin){lo, hi, k};
		return 1;
	}

	/* Freedman-Diaconis: width 2 IQR / k^(1/3).  An IQR of 0 (most pages
	 * share one value, a few do not) asks for infinitely narrow bins:
	 * the maximum, which still shows the few apart from the many. */
	double iqr = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.75) -
	             gsl_stats_quantile_from_sorted_data(x, 1, k, 0.25);
	double width = 2.0 * iqr / cbrt((double)k);
	size_t nb = STATS_HIST_MAX_BINS;
	if (width > 0) {
		double want = ceil((hi - lo) / width); /* done in double: no
		                                          size_t overflow */
		if (want < STATS_HIST_MAX_BINS)
			nb = want < 1 ? 1 : (size_t)want;
	}

	gsl_histogram *h = uniform_bins(nb, lo, hi);
	if (!h) {
		/* lo and hi a few ulps apart: there are not nb distinct
		 * edges between them, and a value could miss every bin */
		nb = 1;
		h = uniform_bins(nb, lo, hi);
	}
	double last_lo, last_hi;
	gsl_histogram_get_range(h, nb - 1, &last_lo, &last_hi);
	for (size_t i = 0; i < k; i++)
		/* GSL bins are [lo, hi), so the maximum would fall outside
		 * the last one: count it there by that bin's lower edge.
		 * With strictly increasing edges nothing else can miss. */
		gsl_histogram_increment(h, x[i] < hi ? x[i] : last_lo);
	*bins = xmalloc(nb * sizeof **bins);
	for (size_t b = 0; b < nb; b++) {
		gsl_histogram_get_range(h, b, &(*bins)[b].lo, &(*bins)[b].hi);
		(*bins)[b].count = (size_t)gsl_histogram_get(h, b);
	}
	gsl_histogram_free(h);
	return nb;
}

typedef struct away {
	double dist; /* |x - median| */
	size_t i;    /* position in v */
} away;

static int most_extreme_first(const void *pa, const void *pb)
{
	const away *a = pa, *b = pb;
	if (a->dist != b->dist)
		return a->dist > b->dist ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

void stats_outliers_find(const double *v, size_t n, stats_outliers *out)
{
	stats_sorted c;
	stats_sort(v, n, &c);
	stats_outliers_find_sorted(v, n, &c, out);
	stats_sorted_free(&c);
}

void stats_outliers_find_sorted(const double *v, size_t n,
                                const stats_sorted *c, stats_outliers *out)
{
	const double *x = c->x;
	size_t k = c->k;
	out->median = out->mad = out->low = out->high = NAN;
	out->count = 0;
	out->index = xmalloc(sizeof *out->index);
	if (k == 0)
		return;
	double *work = xmalloc(k * sizeof *work);
	/* gsl_stats_mad() (GSL 2.5+) is median |x - median| times the
	 * consistency constant 1 / Phi^-1(3/4) = 1.482602 (the "1.4826" of
	 * the literature), which makes it estimate the standard deviation
	 * for normal data, so the fence is comparable to mean -+ 3 sd
	 * without its sensitivity.  It leaves x alone and uses work; the
	 * order of x changes nothing of it. */
	out->mad = gsl_stats_mad(x, 1, k, work);
	out->median = gsl_stats_median_from_sorted_data(x, 1, k);
	free(work);
	/* MAD 0 means more than half the pages share one value exactly (0%
	 * template share, say).  A fence of width 0 would flag every page
	 * that differs at all, which says nothing; so no fence, no
	 * outliers. */
	if (!(out->mad > 0))
		return;
	out->low = out->median - STATS_OUTLIER_K * out->mad;
	out->high = out->median + STATS_OUTLIER_K * out->mad;

	away *a = xmalloc(k * sizeof *a);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]) && (v[i] < out->low || v[i] > out->high))
			a[m++] = (away){fabs(v[i] - out->median), i};
	qsort(a, m, sizeof *a, most_extreme_first);
	out->index = xrealloc(out->index, (m ? m : 1) * sizeof *out->index);
	for (size_t j = 0; j < m; j++)
		out->index[j] = a[j].i;
	out->count = m;
	free(a);
}

void stats_outliers_free(stats_outliers *o)
{
	free(o->index);
	o->index = NULL;
	o->count = 0;
}

/* The resampling draws: xoshiro256** (Blackman and Vigna, 2018) seeded
 * through splitmix64, and Lemire's multiply-shift with rejection for an
 * unbiased index below k.  Inline, it is several times cheaper than
 * gsl_rng_uniform_int() through GSL's generator table, and the same on
 * every machine. */
typedef struct boot_rng {
	uint64_t s[4];
} boot_rng;

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void boot_rng_seed(boot_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15u);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		r->s[i] = z ^ (z >> 31);
	}
}

static uint64_t boot_rng_next(boot_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* An index below k (0 < k < 2^32), every one equally likely. */
static uint32_t boot_rng_below(boot_rng *r, uint32_t k)
{
	uint64_t m = (boot_rng_next(r) >> 32) * (uint64_t)k;
	uint32_t low = (uint32_t)m;
	if (low < k) {
		uint32_t floor = (uint32_t)(-k) % k;
		while (low < floor) {
			m = (boot_rng_next(r) >> 32) * (uint64_t)k;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* True when x[0..k) holds one value only (rank variance 0). */
static int constant(const double *x, size_t k)
{
	for (size_t i = 1; i < k; i++)
		if (x[i] != x[0])
			return 0;
	return 1;
}

void stats_bootstrap_mean_ci(const double *v, size_t n, stats_ci *out)
{
	size_t k;
	double *x = present(v, n, &k);
	out->lo = out->hi = NAN;
	out->resamples = 0;
	out->normal = 0;
	if (k < 2) {
		/* one value resamples to itself: no spread to measure */
		free(x);
		return;
	}
	if (k > BOOT_MAX_N) {
		double m = gsl_stats_mean(x, 1, k);
		double half =
		    Z_975 * gsl_stats_sd_m(x, 1, k, m) / sqrt((double)k);
		out->lo = m - half;
		out->hi = m + half;
		out->normal = 1;
		free(x);
		return;
	}
	out->resamples = BOOT_B;
	if (constant(x, k)) {
		/* every resample is the sample: its mean is the value,
		 * exactly, where a sum of 0.1s divided would not be */
		out->lo = out->hi = x[0];
		free(x);
		return;
	}
	/* A fixed seed: the same corpus gives the same interval, so two
	 * runs can be compared and tests can check exact numbers. */
	boot_rng r;
	boot_rng_seed(&r, BOOT_SEED);
	double *means = xmalloc(BOOT_B * sizeof *means);
	for (size_t b = 0; b < BOOT_B; b++) {
		double sum = 0;
		for (size_t i = 0; i < k; i++)
			sum += x[boot_rng_below(&r, (uint32_t)k)];
		means[b] = sum / (double)k;
	}
	gsl_sort(means, 1, BOOT_B);
	out->lo = gsl_stats_quantile_from_sorted_data(means, 1, BOOT_B, 0.025);
	out->hi = gsl_stats_quantile_from_sorted_data(means, 1, BOOT_B, 0.975);
	free(means);
	free(x);
}

double stats_spearman(const double *a, const double *b, size_t n, size_t *used)
{
	/* xa and xb side by side, then the 2k doubles gsl_stats_spearman()
	 * ranks in */
	double *buf = xmalloc((n ? 4 * n : 1) * sizeof *buf);
	double *xa = buf, *xb = buf + n, *work = buf + 2 * n;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(a[i]) && !isnan(b[i])) {
			xa[k] = a[i];
			xb[k] = b[i];
			k++;
		}
	if (used)
		*used = k;
	/* Under 3 pairs any two ranks give rho = -+1, which means nothing;
	 * a constant side has no rank order at all (GSL would divide 0 by
	 * 0). */
	double rho = NAN;
	if (k >= 3 && !constant(xa, k) && !constant(xb, k))
		rho = gsl_stats_spearman(xa, 1, xb, 1, k, work);
	free(buf);
	return rho;
}
