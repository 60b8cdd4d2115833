/*
 * opt.c - option values; see opt.h.
 */
#include "opt.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "error.h"

long opt_long(const char *prog, const char *opt, const char *arg, long min,
              long max)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		cqa_die(prog, CQA_ERR_USAGE,
		        "%s: '%s' is not a whole number from %ld to %ld", opt,
		        arg, min, max);
	return v;
}

double opt_double(const char *prog, const char *opt, const char *arg,
                  double min, double max)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= min && v <= max))
		cqa_die(prog, CQA_ERR_USAGE,
		        "%s: '%s' is not a number from %g to %g", opt, arg, min,
		        max);
	return v;
}

size_t opt_size(const char *prog, const char *opt, const char *arg)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	unsigned long long mul = 1;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1ULL << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1ULL << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1ULL << 30;
		end++;
		break;
	}
	if (errno || end == arg || *end || arg[0] == '-' ||
	    v > (unsigned long long)SIZE_MAX / mul)
		cqa_die(prog, CQA_ERR_USAGE,
		        "%s: '%s' is not a size (examples: 500k, 10M)", opt,
		        arg);
	return (size_t)(v * mul);
}
