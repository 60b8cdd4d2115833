/*
 * report.h - libcqa_report: metrics.jsonl to the summary and CSV files.
 *
 * report_run() reads every record once.  Page rows are written to pages.csv
 * as they arrive; the summary on stdout needs the whole run, so the report
 * keeps for each page only what the summary can name (url, title, words,
 * grade, flags).  CSV layouts: docs/formats.md.
 */
#ifndef CQA_REPORT_H
#define CQA_REPORT_H

#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

typedef struct report_options {
	const cqa_log *log;
	const char *out_dir; /* where the CSV files go; NULL: none */
	FILE *summary;       /* where the summary goes; NULL: none */
	int top;             /* how many pages each "needs attention" list names */
	double max_grade;    /* a page above this Flesch-Kincaid grade is hard */
	double max_boilerplate; /* share of visible text; above: flagged */
} report_options;

void report_options_default(report_options *o);

/* name is the input's name for messages. */
int report_run(const report_options *o, FILE *metrics, const char *name,
               cqa_error *err);

#endif
