/*
 * stats.c - corpus statistics with GSL; see stats.h.
 *
 * The values are copied (NaN dropped) and sorted once; every quantile then
 * comes from the sorted copy.  Memory is one double a page, which is what
 * the analyzer keeps anyway.
 *
 * The JSON layer for the corpus views of stats_corpus.c is here too: it
 * only rounds and arranges what those functions compute.
 */
#include "stats.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "../common/buf.h"

static void summarise_sorted(const stats_sorted *c, stats_summary *out)
{
	const double *x = c->x;
	size_t k = c->k;
	out->count = k;
	if (k == 0) {
		out->mean = out->sd = out->min = out->q1 = out->median =
		    out->q3 = out->max = out->p10 = out->p90 = NAN;
		return;
	}
	out->mean = gsl_stats_mean(x, 1, k);
	out->sd = k >= 2 ? gsl_stats_sd_m(x, 1, k, out->mean) : NAN;
	out->min = x[0];
	out->max = x[k - 1];
	out->q1 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.25);
	out->median = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.5);
	out->q3 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.75);
	out->p10 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.10);
	out->p90 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.90);
}

void stats_compute(const double *v, size_t n, stats_summary *out)
{
	stats_sorted c;
	stats_sort(v, n, &c);
	summarise_sorted(&c, out);
	stats_sorted_free(&c);
}

static json_t *num4(double x)
{
	if (!isfinite(x))
		return json_null();
	return json_real(round(x * 1e4) / 1e4);
}

json_t *stats_to_json(const stats_summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)s->count));
	json_object_set_new(o, "mean", num4(s->mean));
	json_object_set_new(o, "sd", num4(s->sd));
	json_object_set_new(o, "min", num4(s->min));
	json_object_set_new(o, "q1", num4(s->q1));
	json_object_set_new(o, "median", num4(s->median));
	json_object_set_new(o, "q3", num4(s->q3));
	json_object_set_new(o, "max", num4(s->max));
	json_object_set_new(o, "p10", num4(s->p10));
	json_object_set_new(o, "p90", num4(s->p90));
	return o;
}

static json_t *histogram_json(const stats_sorted *c)
{
	stats_bin *bins;
	size_t nb = stats_histogram_sorted(c, &bins);
	json_t *a = json_array();
	for (size_t b = 0; b < nb; b++) {
		json_t *o = json_object();
		json_object_set_new(o, "lo", num4(bins[b].lo));
		json_object_set_new(o, "hi", num4(bins[b].hi));
		json_object_set_new(o, "count",
		                    json_integer((json_int_t)bins[b].count));
		json_array_append_new(a, o);
	}
	free(bins);
	json_t *h = json_object();
	json_object_set_new(h, "bins", a);
	return h;
}

static json_t *outliers_json(const double *v, size_t n, const stats_sorted *c,
                             const char *const *names, size_t nnames)
{
	stats_outliers ol;
	stats_outliers_find_sorted(v, n, c, &ol);
	json_t *o = json_object();
	json_object_set_new(o, "low", num4(ol.low));
	json_object_set_new(o, "high", num4(ol.high));
	json_object_set_new(o, "mad", num4(ol.mad));
	json_object_set_new(o, "count", json_integer((json_int_t)ol.count));
	/* a sample to look at, not the list: that could be every tenth
	 * page of a large corpus; "count" says how many there are */
	json_t *pages = json_array();
	for (size_t j = 0; j < ol.count && j < STATS_OUTLIER_PAGES; j++) {
		size_t i = ol.index[j];
		if (names && i < nnames && names[i])
			json_array_append_new(pages, json_string(names[i]));
		else
			json_array_append_new(pages,
			                      json_integer((json_int_t)i));
	}
	json_object_set_new(o, "pages", pages);
	stats_outliers_free(&ol);
	return o;
}

/* stats_to_json_full() with c the sorted values of v. */
static json_t *to_json_sorted(const double *v, size_t n, const stats_sorted *c,
                              const stats_summary *s, const char *const *names,
                              size_t nnames)
{
	json_t *o = stats_to_json(s);
	json_object_set_new(o, "histogram", histogram_json(c));
	json_object_set_new(o, "outliers",
	                    outliers_json(v, n, c, names, nnames));
	stats_ci ci;
	stats_bootstrap_mean_ci(v, n, &ci);
	if (ci.resamples || ci.normal) {
		json_t *a = json_array();
		json_array_append_new(a, num4(ci.lo));
		json_array_append_new(a, num4(ci.hi));
		json_object_set_new(o, "mean_ci95", a);
	} else {
		json_object_set_new(o, "mean_ci95", json_null());
	}
	json_object_set_new(o, "mean_ci_resamples",
	                    json_integer((json_int_t)ci.resamples));
	json_object_set_new(o, "mean_ci_method",
	                    ci.normal      ? json_string("normal")
	                    : ci.resamples ? json_string("bootstrap")
	                                   : json_null());
	return o;
}

json_t *stats_to_json_full(const double *v, size_t n, const stats_summary *s,
                           const char *const *names, size_t nnames)
{
	stats_sorted c;
	stats_sort(v, n, &c);
	json_t *o = to_json_sorted(v, n, &c, s, names, nnames);
	stats_sorted_free(&c);
	return o;
}

json_t *stats_column_json(const double *v, size_t n, const char *const *names,
                          size_t nnames)
{
	stats_sorted c;
	stats_summary s;
	stats_sort(v, n, &c);
	summarise_sorted(&c, &s);
	json_t *o = to_json_sorted(v, n, &c, &s, names, nnames);
	stats_sorted_free(&c);
	return o;
}

json_t *stats_correlations(const double *const *cols,
                           const char *const *colnames, size_t ncols, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ncols; i++)
		for (size_t j = i + 1; j < ncols; j++) {
			size_t used;
			double rho = stats_spearman(cols[i], cols[j], n, &used);
			json_t *o = json_object();
			json_object_set_new(o, "a", json_string(colnames[i]));
			json_object_set_new(o, "b", json_string(colnames[j]));
			json_object_set_new(o, "spearman", num4(rho));
			json_object_set_new(o, "n",
			                    json_integer((json_int_t)used));
			json_array_append_new(a, o);
		}
	return a;
}
