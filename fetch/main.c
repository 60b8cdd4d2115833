/*
 * main.c - cqa-fetch: URLs in, WARC out.
 *
 * Only option parsing and input reading live here; fetching is libcqa_fetch
 * (fetch.h).  URLs come from the arguments, from -i FILE (one a line), or
 * from stdin when neither is given, so the program sits in a pipe:
 *   sitemap-urls | cqa-fetch -o site.warc.gz --crawl-log crawl.csv
 * An argument without a scheme is a local file and becomes a file:// URL,
 * so `cqa-fetch page.html | cqa-parse` works offline.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/opt.h"
#include "fetch.h"

static const char prog[] = "cqa-fetch";

static void usage(void)
{
	printf(
	    "Usage: %s [OPTIONS] [URL|FILE...]\n"
	    "Fetch URLs into a WARC/1.1 file (one gzip member per record).\n"
	    "\n"
	    "Inputs are the arguments and the lines of -i FILE, or, with "
	    "neither,\n"
	    "the lines of stdin.  An input without a scheme (no \"://\") is "
	    "a local\n"
	    "file and is read as a file:// URL.  Repeated inputs are fetched "
	    "once.\n"
	    "\n"
	    "  -i, --input FILE         read URLs from FILE, one a line; '#' "
	    "starts a\n"
	    "                           comment line; '-' is stdin\n"
	    "  -o, --output FILE        write the WARC to FILE (default "
	    "stdout, never\n"
	    "                           a terminal)\n"
	    "      --crawl-log FILE     write crawl.csv (one row a URL) to "
	    "FILE\n"
	    "      --connections N      parallel transfers (16)\n"
	    "      --per-host N         parallel transfers to one host (2)\n"
	    "      --connect-timeout S  seconds to connect (10)\n"
	    "      --timeout S          seconds for a whole transfer, 0 for "
	    "none (30)\n"
	    "      --max-redirects N    redirects to follow (10)\n"
	    "      --max-body BYTES     cut bodies at BYTES, suffix k, M or "
	    "G; 0 for\n"
	    "                           no cap (10M)\n"
	    "      --user-agent S       User-Agent header, by default\n"
	    "                           \"%s\"\n"
	    "      --no-gzip            write a plain, uncompressed WARC\n"
	    "  -q, --quiet              no warnings, no progress bar\n"
	    "  -v, --verbose            one line per URL fetched\n"
	    "      --help               show this help\n"
	    "      --version            show the version\n"
	    "\n"
	    "A URL that fails (DNS, connect, timeout, TLS, redirects) is a "
	    "warning\n"
	    "and a crawl.csv row with its error class; HTTP errors such as "
	    "404 are\n"
	    "recorded like any response.\n"
	    "\n"
	    "Exit status: 0 when at least one URL got a response (or there "
	    "were no\n"
	    "inputs), 2 for a usage error, 3 when an input or output file "
	    "fails,\n"
	    "4 when every URL failed, 5 for an internal error.\n",
	    prog, FETCH_USER_AGENT);
}

enum {
	OPT_CRAWL_LOG = 256,
	OPT_CONNECTIONS,
	OPT_PER_HOST,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_MAX_REDIRECTS,
	OPT_MAX_BODY,
	OPT_USER_AGENT,
	OPT_NO_GZIP,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_options[] = {
    {"input", required_argument, NULL, 'i'},
    {"output", required_argument, NULL, 'o'},
    {"crawl-log", required_argument, NULL, OPT_CRAWL_LOG},
    {"connections", required_argument, NULL, OPT_CONNECTIONS},
    {"per-host", required_argument, NULL, OPT_PER_HOST},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"max-redirects", required_argument, NULL, OPT_MAX_REDIRECTS},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"user-agent", required_argument, NULL, OPT_USER_AGENT},
    {"no-gzip", no_argument, NULL, OPT_NO_GZIP},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct url_list {
	char **v;
	size_t n, cap;
} url_list;

static void add_input(url_list *l, const char *input)
{
	cqa_error err;
	char *url = fetch_input_to_url(input, &err);
	if (!url)
		cqa_die_error(prog, &err);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = url;
}

/* One input a line; blank lines and lines starting with '#' skipped. */
static void read_inputs(url_list *l, const char *path)
{
	int is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	if (!f)
		cqa_die(prog, CQA_ERR_IO, "%s: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *e = line + len;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		*e = '\0';
		if (*s && *s != '#')
			add_input(l, s);
	}
	int bad = ferror(f);
	free(line);
	if (!is_stdin)
		fclose(f);
	if (bad)
		cqa_die(prog, CQA_ERR_IO, "%s: read error",
		        is_stdin ? "stdin" : path);
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		cqa_die(prog, CQA_ERR_IO, "%s: %s", path, strerror(errno));
	return f;
}

static void close_out(FILE *f, const char *path)
{
	if ((f == stdout ? fflush(f) : fclose(f)) != 0)
		cqa_die(prog, CQA_ERR_IO, "%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	fetch_options o;
	fetch_options_default(&o);
	const char *input = NULL, *output = NULL, *crawl_log = NULL;
	int level = CQA_LOG_NORMAL, c;
	size_t n_args;

	while ((c = getopt_long(argc, argv, "i:o:qv", long_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_CRAWL_LOG:
			crawl_log = optarg;
			break;
		case OPT_CONNECTIONS:
			o.connections =
			    opt_long(prog, "--connections", optarg, 1, 10000);
			break;
		case OPT_PER_HOST:
			o.per_host =
			    opt_long(prog, "--per-host", optarg, 1, 10000);
			break;
		case OPT_CONNECT_TIMEOUT:
			o.connect_timeout = opt_long(prog, "--connect-timeout",
			                             optarg, 0, 86400);
			break;
		case OPT_TIMEOUT:
			o.timeout =
			    opt_long(prog, "--timeout", optarg, 0, 86400);
			break;
		case OPT_MAX_REDIRECTS:
			o.max_redirects =
			    opt_long(prog, "--max-redirects", optarg, 0, 1000);
			break;
		case OPT_MAX_BODY:
			o.max_body = opt_size(prog, "--max-body", optarg);
			break;
		case OPT_USER_AGENT:
			o.user_agent = optarg;
			break;
		case OPT_NO_GZIP:
			o.warc_gzip = 0;
			break;
		case 'q':
			level = CQA_LOG_QUIET;
			break;
		case 'v':
			level = CQA_LOG_VERBOSE;
			break;
		case OPT_HELP:
			usage();
			return CQA_EXIT_OK;
		case OPT_VERSION:
			printf("%s %s\n", prog, CQA_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return CQA_EXIT_USAGE;
		}
	}
	cqa_log log;
	cqa_log_init(&log, prog, level);
	o.log = &log;

	if (!output && o.warc_gzip && isatty(STDOUT_FILENO))
		cqa_die(prog, CQA_ERR_USAGE,
		        "refusing to write a compressed WARC to a terminal; "
		        "use -o FILE or a pipe");

	url_list urls = {0};
	for (int i = optind; i < argc; i++)
		add_input(&urls, argv[i]);
	n_args = urls.n;
	if (input)
		read_inputs(&urls, input);
	else if (n_args == 0)
		read_inputs(&urls, "-");

	/* Opened after the inputs were read, so a bad input list leaves no
	 * empty output file behind. */
	FILE *warc = output ? open_out(output) : stdout;
	FILE *csv = crawl_log ? open_out(crawl_log) : NULL;

	fetch_stats st;
	cqa_error err;
	cqa_error_clear(&err);
	if (fetch_run(&o, (const char *const *)urls.v, urls.n, warc, csv, &st,
	              &err) < 0)
		cqa_die_error(prog, &err);
	close_out(warc, output ? output : "stdout");
	if (csv)
		close_out(csv, crawl_log);
	cqa_note(&log,
	         "fetched %zu of %zu URLs, %zu with an HTTP error status, "
	         "%llu body bytes",
	         st.urls - st.failed, st.urls, st.http_errors, st.bytes);
	for (size_t i = 0; i < urls.n; i++)
		free(urls.v[i]);
	free(urls.v);
	if (st.urls > 0 && st.failed == st.urls)
		cqa_die(prog, CQA_ERR_NETWORK,
		        "no URL could be fetched (%zu tried); see the warnings "
		        "above or the crawl log",
		        st.urls);
	return CQA_EXIT_OK;
}
