/*
 * main.c - cqa-report: metrics.jsonl to a summary on stdout and CSV files.
 *
 * Only option parsing lives here; the work is report_run() in libcqa_report
 * so that `cqa audit` runs the same code in-process.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/opt.h"
#include "../common/outfile.h"
#include "report.h"

static const char prog[] = "cqa-report";

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: %s [OPTIONS] [METRICS.jsonl]\n"
	    "Summarise cqa-analyze output (metrics.jsonl, or stdin when no "
	    "file or -\n"
	    "is given) on stdout and, with -o, as CSV files.\n"
	    "\n"
	    "  -o, --output-dir DIR     write pages.csv, duplicates.csv, "
	    "summary.csv,\n"
	    "                           boilerplate.csv and repeated.csv "
	    "into DIR\n"
	    "                           (created if missing)\n"
	    "      --wait               if another run is writing DIR, wait "
	    "for it instead\n"
	    "                           of stopping with status 6\n"
	    "      --top N              name at most N pages per list "
	    "(default 10)\n"
	    "      --max-grade X        flag pages above Flesch-Kincaid "
	    "grade X\n"
	    "                           (default 12)\n"
	    "      --max-boilerplate X  flag pages whose boilerplate share "
	    "of visible\n"
	    "                           text is above X, 0 to 1 "
	    "(default 0.8)\n"
	    "  -q, --quiet              no summary, no warnings\n"
	    "  -v, --verbose            say more about what is skipped\n"
	    "  -h, --help               show this help and exit\n"
	    "  -V, --version            show the version and exit\n"
	    "\n"
	    "Exit status: 0 done, 2 usage error, 3 input unreadable or "
	    "malformed\n"
	    "or output not writable, 6 another run is writing DIR.\n",
	    prog);
}

enum { OPT_TOP = 256, OPT_MAX_GRADE, OPT_MAX_BOILERPLATE, OPT_WAIT };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output-dir", required_argument, NULL, 'o'},
	    {"top", required_argument, NULL, OPT_TOP},
	    {"max-grade", required_argument, NULL, OPT_MAX_GRADE},
	    {"max-boilerplate", required_argument, NULL, OPT_MAX_BOILERPLATE},
	    {"wait", no_argument, NULL, OPT_WAIT},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	report_options o;
	report_options_default(&o);
	o.summary = stdout;
	int level = CQA_LOG_NORMAL;
	int wait = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out_dir = optarg;
			break;
		case OPT_TOP:
			o.top =
			    (int)opt_long(prog, "--top", optarg, 0, 1000000);
			break;
		case OPT_MAX_GRADE:
			o.max_grade =
			    opt_double(prog, "--max-grade", optarg, -100, 100);
			break;
		case OPT_MAX_BOILERPLATE:
			o.max_boilerplate =
			    opt_double(prog, "--max-boilerplate", optarg, 0, 1);
			break;
		case OPT_WAIT:
			wait = 1;
			break;
		case 'q':
			level = CQA_LOG_QUIET;
			o.summary = NULL;
			break;
		case 'v':
			level = CQA_LOG_VERBOSE;
			break;
		case 'h':
			usage(stdout);
			return CQA_EXIT_OK;
		case 'V':
			printf("%s %s\n", prog, CQA_VERSION);
			return CQA_EXIT_OK;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return CQA_EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		cqa_die(prog, CQA_ERR_USAGE, "give one METRICS.jsonl at most");
	cqa_log log;
	cqa_log_init(&log, prog, level);
	o.log = &log;

	/* The lock before anything is read: a second run stops at once. */
	cqa_error err;
	cqa_lock dir_lock = CQA_LOCK_INIT;
	if (o.out_dir &&
	    outfile_lock_dir(&dir_lock, o.out_dir, wait, &err) != CQA_OK)
		cqa_die_error(prog, &err);
	const char *path = optind < argc ? argv[optind] : "-";
	FILE *in = stdin;
	const char *name = "<stdin>";
	if (strcmp(path, "-") != 0) {
		in = fopen(path, "rb");
		if (!in)
			cqa_die(prog, CQA_ERR_IO, "%s: cannot open: %s", path,
			        strerror(errno));
		name = path;
	}
	int code = report_run(&o, in, name, &err);
	if (in != stdin)
		fclose(in);
	cqa_lock_release(&dir_lock);
	if (code != CQA_OK)
		cqa_die_error(prog, &err);
	return CQA_EXIT_OK;
}
