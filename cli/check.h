/*
 * check.h - cqa check: one draft against an editor's thresholds.
 *
 *   cqa check [OPTIONS] DRAFT
 *
 * DRAFT is an HTML, Markdown or text file, "-" for standard input, or an
 * http, https or file URL.  cqa check reads it as cqa-parse would, measures
 * it as cqa-analyze would (analyze/measures.h), and prints the scores and
 * consensus grade, the hardest sentences and the paragraphs over the
 * length limit with the lines they start on in the draft as written, the
 * shares of long and passive sentences against their limits, and a
 * verdict; with --against AUDIT_DIR, the audited pages the draft nearly
 * duplicates.  Thresholds come from --config FILE, else ./cqa.ini, else
 * the defaults docs/man/cqa.1 lists with their sources.
 *
 * Exit status: 0 the draft passes every threshold, 1 it fails one, 2 an
 * error (bad option or config file, unreadable draft or audit).
 */
#ifndef CQA_CLI_CHECK_H
#define CQA_CLI_CHECK_H

/* argv[0] is "check"; returns the exit status. */
int check_main(int argc, char **argv);

#endif
