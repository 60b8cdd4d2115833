/*
 * opt.h - option values for the programs' main() functions.
 *
 * Every program reads numbers and sizes from its command line the same way
 * and refuses a bad one with the same kind of message, naming the option:
 * "cqa-fetch: --max-body: '10Q' is not a size (examples: 500k, 10M)".
 * These functions exit with the usage status on a bad value, so they belong
 * in main() only, never in a library.
 */
#ifndef CQA_OPT_H
#define CQA_OPT_H

#include <stddef.h>

/* A whole number from min to max. */
long opt_long(const char *prog, const char *opt, const char *arg, long min,
              long max);
/* A decimal number from min to max. */
double opt_double(const char *prog, const char *opt, const char *arg,
                  double min, double max);
/* A byte count with an optional binary suffix k, M or G ("10M"). */
size_t opt_size(const char *prog, const char *opt, const char *arg);

#endif
