/*
 * stats.c - corpus statistics with GSL; see stats.h.
 *
 * The values are copied (NaN dropped) and sorted once; every quantile then
 * comes from the sorted copy.  Memory is one double a page, which is what
 * the analyzer keeps anyway.
 */
#include "stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "../common/buf.h"

void stats_compute(const double *v, size_t n, stats_summary *out)
{
	double *x = xmalloc((n ? n : 1) * sizeof *x);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			x[k++] = v[i];
	out->count = k;
	if (k == 0) {
		out->mean = out->sd = out->min = out->q1 = out->median =
		    out->q3 = out->max = out->p10 = out->p90 = NAN;
		free(x);
		return;
	}
	gsl_sort(x, 1, k);
	out->mean = gsl_stats_mean(x, 1, k);
	out->sd = k >= 2 ? gsl_stats_sd_m(x, 1, k, out->mean) : NAN;
	out->min = x[0];
	out->max = x[k - 1];
	out->q1 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.25);
	out->median = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.5);
	out->q3 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.75);
	out->p10 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.10);
	out->p90 = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.90);
	free(x);
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
