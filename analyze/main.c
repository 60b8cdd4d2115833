/*
 * main.c - cqa-analyze: docs.jsonl in, metrics.jsonl out.
 *
 * Parses options and hands each input to libcqa_analyze.  -o goes through
 * common/outfile.h: FILE is locked against a second writer, the records go
 * to a temporary file renamed to FILE only when the run completed, so a
 * failed run never leaves a half-written FILE in place of a good one, and
 * a device or a symlink given as FILE is written, never replaced.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/heap.h"
#include "../common/opt.h"
#include "../common/outfile.h"
#include "../common/text.h"
#include "analyze.h"

static const char *prog = "cqa-analyze";

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [OPTIONS] [FILE...]\n"
	        "Measure the documents of docs.jsonl files (or standard input "
	        "when no FILE\n"
	        "or FILE is -) and write metrics.jsonl: one page record a "
	        "document, the\n"
	        "exact-duplicate clusters and pairs, and a summary record.\n"
	        "\n"
	        "  -o, --output FILE    write to FILE instead of standard "
	        "output\n"
	        "      --wait           if another run is writing FILE, wait "
	        "for it instead\n"
	        "                       of stopping with status 6\n"
	        "      --thin-words N   a page with fewer than N words of main "
	        "text is thin\n"
	        "                       (default 200)\n"
	        "      --shingle N      words a shingle for near duplicates "
	        "and common content\n"
	        "                       (default 5, 1 to 16)\n"
	        "      --similarity X   report pairs of pages whose shingle "
	        "sets have a Jaccard\n"
	        "                       similarity of at least X (default "
	        "0.5, 0.05 to 1)\n"
	        "      --near-min-words N  leave pages of fewer than N words "
	        "out of near-duplicate\n"
	        "                       detection (default 50)\n"
	        "      --temp-dir DIR   temporary files in DIR (default "
	        "$TMPDIR, else /tmp)\n"
	        "      --word-lists DIR  read the Dale-Chall and Spache word "
	        "lists from DIR\n"
	        "                       (default $CQA_WORD_LISTS, else the "
	        "build's directory)\n"
	        "      --split-sentences  read plain text (each FILE one "
	        "text) and print its\n"
	        "                       sentences, one a line, instead of "
	        "measuring documents\n"
	        "      --max-line-bytes N  skip (with a warning) docs.jsonl "
	        "lines longer\n"
	        "                       than N bytes, suffix k, M or G "
	        "(default 256M)\n"
	        "      --count-syllables  read words, one a line, and write "
	        "the syllables of\n"
	        "                       each, one a line, instead of "
	        "measuring documents\n"
	        "      --no-dict        with --count-syllables: the spelling "
	        "rules alone, not\n"
	        "                       the dictionary of words they get "
	        "wrong\n"
	        "  -q, --quiet          no warnings, no progress bar\n"
	        "  -v, --verbose        more messages\n"
	        "  -h, --help           show this help and exit\n"
	        "  -V, --version        show the version and exit\n"
	        "\n"
	        "Exit status: 0 done, 2 bad option, 3 input unreadable or "
	        "malformed\n"
	        "(the message names FILE:LINE) or output not writable, 5 "
	        "internal error,\n"
	        "6 another run is writing FILE.\n",
	        prog);
}

/* --count-syllables: a word a line in, its syllables a line out.  Blanks
 * around the word are ignored; an empty line gives 0. */
static int count_syllables(int use_dict)
{
	buf_t line = BUF_INIT;
	int c;
	do {
		c = getchar();
		if (c != EOF && c != '\n') {
			buf_addc(&line, (char)c);
			continue;
		}
		if (c == EOF && line.len == 0)
			break;
		buf_rtrim(&line);
		const char *w = buf_cstr(&line);
		w += strspn(w, " \t");
		size_t n = strlen(w);
		printf("%d\n", use_dict ? text_syllables(w, n)
		                        : text_syllables_rules(w, n));
		buf_reset(&line);
	} while (c != EOF);
	buf_free(&line);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the counts: %s\n", prog,
		        strerror(errno));
		return CQA_EXIT_INPUT;
	}
	return CQA_EXIT_OK;
}

static noreturn void fail(const cqa_error *err, cqa_outfile *out)
{
	outfile_abort(out);
	cqa_die_error(prog, err);
}

/* --split-sentences: each FILE (standard input when none, or for -) is one
 * plain text; its sentences are printed one a line, as text_sentences()
 * finds them for the measures (common/text.h). */
static int split_sentences(int nfiles, char **files)
{
	buf_t text = BUF_INIT, lines = BUF_INIT;
	for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *path = nfiles ? files[i] : "-";
		int is_stdin = strcmp(path, "-") == 0;
		FILE *in = is_stdin ? stdin : fopen(path, "rb");
		if (!in)
			cqa_die(prog, CQA_ERR_IO, "cannot read %s: %s", path,
			        strerror(errno));
		char chunk[65536];
		size_t n;
		buf_reset(&text);
		while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
			buf_add(&text, chunk, n);
		if (ferror(in))
			cqa_die(prog, CQA_ERR_IO, "cannot read %s: %s", path,
			        strerror(errno));
		if (!is_stdin)
			fclose(in);
		buf_reset(&lines);
		text_sentence_lines(text.data, text.len, &lines);
		if (fwrite(lines.data, 1, lines.len, stdout) != lines.len)
			break;
	}
	buf_free(&text);
	buf_free(&lines);
	if (fflush(stdout) == EOF || ferror(stdout))
		cqa_die(prog, CQA_ERR_IO, "cannot write the sentences: %s",
		        strerror(errno));
	return CQA_EXIT_OK;
}

int main(int argc, char **argv)
{
	enum {
		OPT_THIN = 256,
		OPT_WAIT,
		OPT_SPLIT_SENTENCES,
		OPT_MAX_LINE,
		OPT_SHINGLE,
		OPT_SIMILARITY,
		OPT_NEAR_MIN,
		OPT_TEMP_DIR,
		OPT_WORD_LISTS,
		OPT_COUNT_SYLLABLES,
		OPT_NO_DICT
	};
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"thin-words", required_argument, NULL, OPT_THIN},
	    {"wait", no_argument, NULL, OPT_WAIT},
	    {"split-sentences", no_argument, NULL, OPT_SPLIT_SENTENCES},
	    {"shingle", required_argument, NULL, OPT_SHINGLE},
	    {"similarity", required_argument, NULL, OPT_SIMILARITY},
	    {"near-min-words", required_argument, NULL, OPT_NEAR_MIN},
	    {"temp-dir", required_argument, NULL, OPT_TEMP_DIR},
	    {"word-lists", required_argument, NULL, OPT_WORD_LISTS},
	    {"max-line-bytes", required_argument, NULL, OPT_MAX_LINE},
	    {"count-syllables", no_argument, NULL, OPT_COUNT_SYLLABLES},
	    {"no-dict", no_argument, NULL, OPT_NO_DICT},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	analyze_options o;
	analyze_options_default(&o);
	const char *output = NULL;
	int split = 0;
	int level = CQA_LOG_NORMAL;
	unsigned out_flags = OUTFILE_LOCK;
	int syllables = 0, use_dict = 1;
	int c;
	/* tables and lists of tens of megabytes: see heap.h */
	heap_prefer_huge_pages();
	while ((c = getopt_long(argc, argv, "o:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_THIN:
			o.thin_words =
			    opt_long(prog, "--thin-words", optarg, 0, 1000000);
			break;
		case OPT_WAIT:
			out_flags |= OUTFILE_WAIT;
			break;
		case OPT_SPLIT_SENTENCES:
			split = 1;
			break;
		case OPT_SHINGLE:
			o.shingle =
			    (int)opt_long(prog, "--shingle", optarg, 1, 16);
			break;
		case OPT_SIMILARITY:
			o.similarity =
			    opt_double(prog, "--similarity", optarg, 0.05, 1.0);
			break;
		case OPT_NEAR_MIN:
			o.near_min_words = opt_long(prog, "--near-min-words",
			                            optarg, 1, 1000000);
			break;
		case OPT_TEMP_DIR:
			o.temp_dir = optarg;
			break;
		case OPT_WORD_LISTS:
			o.word_lists = optarg;
			break;
		case OPT_MAX_LINE:
			o.max_line_bytes =
			    opt_size(prog, "--max-line-bytes", optarg);
			if (!o.max_line_bytes)
				cqa_die(prog, CQA_ERR_USAGE,
				        "--max-line-bytes: must be at least 1");
			break;
		case OPT_COUNT_SYLLABLES:
			syllables = 1;
			break;
		case OPT_NO_DICT:
			use_dict = 0;
			break;
		case 'q':
			level = CQA_LOG_QUIET;
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
			usage(stderr);
			return CQA_EXIT_USAGE;
		}
	}
	if (syllables)
		return count_syllables(use_dict);
	if (split)
		return split_sentences(argc - optind, argv + optind);
	cqa_log log;
	cqa_log_init(&log, prog, level);
	o.log = &log;
	o.output_name = output && strcmp(output, "-") ? output : NULL;

	cqa_error err;
	cqa_error_clear(&err);
	cqa_outfile out;
	if (outfile_open(&out, output, out_flags, &err) != CQA_OK)
		cqa_die_error(prog, &err);
	analyzer *a = analyzer_new(&o, out.f);
	int nfiles = argc - optind;
	for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *path = nfiles ? argv[optind + i] : "-";
		int is_stdin = strcmp(path, "-") == 0;
		FILE *in = is_stdin ? stdin : fopen(path, "r");
		if (!in) {
			cqa_fail(&err, CQA_ERR_IO, "cannot read %s: %s", path,
			         strerror(errno));
			fail(&err, &out);
		}
		cqa_debug(&log, "reading %s",
		          is_stdin ? "standard input" : path);
		int rc =
		    analyzer_add_file(a, in, is_stdin ? "<stdin>" : path, &err);
		if (!is_stdin)
			fclose(in);
		if (rc)
			fail(&err, &out);
	}
	if (analyzer_finish(a, &err))
		fail(&err, &out);
	analyzer_free(a);

	if (outfile_commit(&out, &err) != CQA_OK)
		cqa_die_error(prog, &err);
	return CQA_EXIT_OK;
}
