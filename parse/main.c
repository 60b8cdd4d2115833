/*
 * cqa-parse - WARC files, HTML files and directories to docs.jsonl.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonl.h"
#include "../common/opt.h"
#include "../common/outfile.h"
#include "parse.h"

static const char usage_text[] =
    "usage: cqa-parse [OPTIONS] [INPUT...]\n"
    "Extract the main text and metadata of web pages into docs.jsonl.\n"
    "\n"
    "INPUT is a WARC file (gzip or not; cqa-fetch, wget or Common Crawl),\n"
    "an HTML file, a Markdown file (.md), a plain-text file (.txt: a draft,\n"
    "or a page a scraper saved as text, its template lines found), a\n"
    "directory of them (searched recursively), or - for standard input (the\n"
    "default). The kind is told from the name, else from the content.\n"
    "\n"
    "  -o, --output FILE        write docs.jsonl to FILE (default stdout)\n"
    "  -t, --text               print only the main text of each document,\n"
    "                           documents separated by a blank line\n"
    "  -m, --markdown           print the main content of each document as\n"
    "                           Markdown (headings, lists, code, tables),\n"
    "                           documents separated by a line \"---\"\n"
    "      --max-page-bytes N   cut pages larger than N bytes (default 64M)\n"
    "      --since WARC         the earlier crawl a --since crawl's "
    "revisit\n"
    "                           records refer to: its pages stand in for "
    "them\n"
    "  -c, --comments           keep readers' comments as article text\n"
    "                           (left out by default)\n"
    "  -e, --explain            give each block the rule that labelled it\n"
    "                           (\"why\" in docs/formats.md)\n"
    "      --lines              give each block the source line each piece\n"
    "                           of its text starts on (\"lines\")\n"
    "  -j, --jobs N             parse on N threads (default 1); output keeps\n"
    "                           the input order\n"
    "      --max-record-bytes N skip WARC records larger than N bytes\n"
    "                           (default 256M)\n"
    "      --wait               if another run is writing FILE, wait for "
    "it\n"
    "                           instead of stopping with status 6\n"
    "  -q, --quiet              no warnings\n"
    "  -v, --verbose            say what is skipped and why\n"
    "  -h, --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 unreadable input or output,\n"
    "6 another run is writing FILE.\n"
    "Documents that fail alone are warned about and skipped.\n";

typedef struct sink {
	FILE *out;
	const char *name; /* of out, for messages; NULL: standard output */
	int text_only;
	int markdown;
	size_t docs;
	cqa_error err;
	int failed;
} sink;

static int write_doc(void *ud, json_t *doc)
{
	sink *s = ud;
	if (s->markdown) {
		buf_t md = BUF_INIT;
		parse_doc_markdown(doc, &md);
		if (s->docs)
			fputs("\n---\n\n", s->out);
		fwrite(md.data, 1, md.len, s->out);
		buf_free(&md);
		if (ferror(s->out)) {
			cqa_fail(&s->err, CQA_ERR_IO, "%s: cannot write: %s",
			         s->name ? s->name : "standard output",
			         strerror(errno));
			s->failed = 1;
		}
	} else if (s->text_only) {
		const char *text =
		    json_string_value(json_object_get(doc, "text"));
		if (s->docs)
			fputc('\n', s->out);
		if (text && *text)
			fprintf(s->out, "%s\n", text);
		if (ferror(s->out)) {
			cqa_fail(&s->err, CQA_ERR_IO, "%s: cannot write: %s",
			         s->name ? s->name : "standard output",
			         strerror(errno));
			s->failed = 1;
		}
	} else if (jsonl_write(s->out, s->name, doc, &s->err) != 0) {
		s->failed = 1;
	}
	s->docs++;
	json_decref(doc);
	return s->failed;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"text", no_argument, NULL, 't'},
	    {"markdown", no_argument, NULL, 'm'},
	    {"max-page-bytes", required_argument, NULL, 'M'},
	    {"max-record-bytes", required_argument, NULL, 'R'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"explain", no_argument, NULL, 'e'},
	    {"lines", no_argument, NULL, 'L'},
	    {"comments", no_argument, NULL, 'c'},
	    {"since", required_argument, NULL, 'S'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"wait", no_argument, NULL, 'W'},
	    {NULL, 0, NULL, 0}};
	parse_options o;
	parse_options_default(&o);
	cqa_log log;
	cqa_log_init(&log, "cqa-parse", CQA_LOG_NORMAL);
	o.log = &log;
	sink s = {stdout, NULL, 0, 0, 0, {0}, 0};
	const char *output = NULL;
	unsigned out_flags = OUTFILE_LOCK;
	int c;
	while ((c = getopt_long(argc, argv, "o:tmcej:qvhV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 't':
			s.text_only = 1;
			break;
		case 'm':
			s.markdown = 1;
			break;
		case 'e':
			o.explain = 1;
			break;
		case 'L':
			o.source_lines = 1;
			break;
		case 'c':
			o.keep_comments = 1;
			break;
		case 'S':
			o.since_warc = optarg;
			break;
		case 'M':
			o.max_page_bytes =
			    opt_size("cqa-parse", "--max-page-bytes", optarg);
			break;
		case 'j':
			o.jobs = (int)opt_long("cqa-parse", "--jobs", optarg, 1,
			                       256);
			break;
		case 'R':
			o.max_record_bytes =
			    opt_size("cqa-parse", "--max-record-bytes", optarg);
			break;
		case 'W':
			out_flags |= OUTFILE_WAIT;
			break;
		case 'q':
			log.level = CQA_LOG_QUIET;
			break;
		case 'v':
			log.level = CQA_LOG_VERBOSE;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts("cqa-parse " CQA_VERSION);
			return 0;
		default:
			fputs("Try 'cqa-parse --help'.\n", stderr);
			return CQA_EXIT_USAGE;
		}
	}
	cqa_error err;
	cqa_error_clear(&err);
	cqa_outfile out;
	if (outfile_open(&out, output, out_flags, &err) != CQA_OK)
		cqa_die_error("cqa-parse", &err);
	s.out = out.f;
	s.name = output && strcmp(output, "-") ? output : NULL;

	parse_global_init();
	int status = 0;
	if (optind == argc)
		argv[--optind] = "-";
	for (int i = optind; i < argc && !s.failed; i++)
		if (parse_path(&o, argv[i], write_doc, &s, &err) && err.code) {
			cqa_warn(&log, "%s", err.msg);
			status = cqa_exit_status(err.code);
			cqa_error_clear(&err);
		}
	if (s.failed) {
		outfile_abort(&out);
		cqa_die_error("cqa-parse", &s.err);
	}
	if (outfile_commit(&out, &err) != CQA_OK)
		cqa_die_error("cqa-parse", &err);
	parse_global_cleanup();
	return status;
}
