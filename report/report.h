/*
 * report.h - libcqa_report: metrics.jsonl to the summary and CSV files.
 *
 * report_run() reads every record once and keeps, for each page, only the
 * fields pages.csv and the summary use (a few hundred bytes a page), because
 * page columns (exact_duplicate_of, near_duplicate_of, issues) depend on
 * duplicate records that come after the pages.  When everything is read it
 * writes pages.csv, duplicates.csv, summary.csv, boilerplate.csv and
 * repeated.csv into out_dir, each under a temporary name renamed into place
 * only once all of them are complete, so a failed run never leaves a
 * half-written file over a good one.  Then it prints the summary.
 * Record types and fields it does not know are skipped, so an older report
 * reads a newer analyzer's output.  CSV layouts: docs/formats.md.
 */
#ifndef CQA_REPORT_H
#define CQA_REPORT_H

#include <stdio.h>

#include "../common/buf.h"
#include "../common/error.h"
#include "../common/log.h"

typedef struct report_options {
	const cqa_log *log;
	const char *out_dir; /* where the CSV files go (created if missing);
	                        NULL: none */
	FILE *summary;       /* where the summary goes; NULL: none */
	int top;          /* how many pages each "needs attention" list names */
	double max_grade; /* a page above this Flesch-Kincaid grade is hard */
	double max_boilerplate; /* share of visible text; above: flagged */
	long thin_words; /* the analyzer's thin-page threshold, for pages whose
	                    record has no "thin" flag and for the summary's
	                    wording when the summary record does not name it */
} report_options;

void report_options_default(report_options *o);

/* name is the input's name for messages.  Returns CQA_OK or the error code
 * (CQA_ERR_FORMAT "name:line: ..." for a malformed record, CQA_ERR_IO for a
 * file that cannot be written), with err filled in. */
/* Appends the names of the CSV files report_run() writes into out_dir,
 * space separated (pages.csv ...). */
void report_csv_list(buf_t *out);

int report_run(const report_options *o, FILE *metrics, const char *name,
               cqa_error *err);

#endif
