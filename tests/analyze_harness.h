/*
 * analyze_harness.h - what the tests of the analyzer library (test_analyze.c,
 * test_dedup.c, test_census.c) share: running it over in-memory documents,
 * reading the metrics records it writes back, and finding and checking
 * records among them.
 *
 * The analyzer is run as cqa-analyze runs it (analyzer_new, analyzer_add a
 * document at a time, analyzer_finish), its output going to a tmpfile()
 * that is then read back with common/jsonl into an array of records in the
 * order written: the page records in input order, then the duplicate,
 * template and repeated-text records, the summary last (docs/formats.md).
 *
 * Everything here fails the running cmocka test (fail_msg, assert_*) on
 * what it cannot do; none of it returns an error.
 */
#ifndef CQA_TESTS_ANALYZE_HARNESS_H
#define CQA_TESTS_ANALYZE_HARNESS_H

#include <stddef.h>
#include <stdio.h>

#include "analyze/analyze.h"
#include "common/jsonl.h"

/* Exact equality of two doubles, both shown when it fails.  The analyzer
 * rounds what it reports (similarities, shares) to 4 places, so a value
 * worked out by hand is compared to the bit. */
#define assert_exact(got, want)                                                \
	do {                                                                   \
		double g_ = (got), w_ = (want);                                \
		if (g_ != w_)                                                  \
			fail_msg("%s = %.17g, want exactly %.17g", #got, g_,   \
			         w_);                                          \
	} while (0)

/* --- running the analyzer ------------------------------------------------ */

/* Records read back, in the order they were written. */
typedef struct harness_records {
	json_t **r;
	size_t n;
} harness_records;

/* Runs the analyzer over docs (n JSON objects, consumed: a reference to
 * each is dropped) with the options opt (NULL for the defaults) and reads
 * the records it writes into out.  Free with harness_free_records. */
void harness_analyze_docs(json_t **docs, size_t n, const analyze_options *opt,
                          harness_records *out);

/* The JSON lines of f from where it stands into out (which need not be
 * initialised), name standing for f in the reader's messages; reading stops
 * at the end or at the first line that is not a JSON object. */
void harness_read_records(FILE *f, const char *name, harness_records *out);

/* Appends rec to rs, which takes over the reference. */
void harness_records_add(harness_records *rs, json_t *rec);

void harness_free_records(harness_records *rs);

/* --- finding records ----------------------------------------------------- */

/* How many records have "type" type. */
size_t harness_count_type(const harness_records *rs, const char *type);

/* The records of "type" type, in order, into out; at most max.  Returns how
 * many. */
size_t harness_of_type(const harness_records *rs, const char *type,
                       const json_t **out, size_t max);

/* The page record whose "url" is url; fails the test when there is none. */
const json_t *harness_page_of(const harness_records *rs, const char *url);

/* --- checking them ------------------------------------------------------- */

/* Element i of the JSON array of URLs arr is the string want. */
void assert_url(const json_t *arr, size_t i, const char *want);

#endif
