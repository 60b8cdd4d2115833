/*
 * main.c - cqa-fetch: URLs in, WARC out.
 *
 * Only option parsing and input reading live here; fetching and crawling
 * are libcqa_fetch (fetch.h).  URLs come from the arguments, from -i FILE
 * (one a line), or from stdin when neither is given, so the program sits in
 * a pipe:
 *   sitemap-urls | cqa-fetch -o site.warc.gz --crawl-log crawl.csv
 * An argument without a scheme is a local file and becomes a file:// URL,
 * so `cqa-fetch page.html | cqa-parse` works offline.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/opt.h"
#include "../common/outfile.h"
#include "../common/url.h"
#include "fetch.h"

static const char prog[] = "cqa-fetch";

/* Set by SIGINT/SIGTERM: the crawl stops and leaves whole files. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(void)
{
	printf(
	    "Usage: %s [OPTIONS] [URL|FILE...]\n"
	    "Fetch URLs, or crawl a site from them, into a WARC/1.1 file (one "
	    "gzip\n"
	    "member per record).\n"
	    "\n"
	    "Inputs are the arguments and the lines of -i FILE, or, with "
	    "neither,\n"
	    "the lines of stdin.  An input without a scheme (no \"://\") is "
	    "a local\n"
	    "file and is read as a file:// URL.  Repeated inputs are fetched "
	    "once.\n"
	    "\n"
	    "Output:\n"
	    "  -i, --input FILE         read URLs from FILE, one a line; '#' "
	    "starts a\n"
	    "                           comment line; '-' is stdin; inputs "
	    "over 8192\n"
	    "                           bytes are refused with a warning\n"
	    "  -o, --output FILE        write the WARC to FILE (default "
	    "stdout, never\n"
	    "                           a terminal)\n"
	    "      --crawl-log FILE     write crawl.csv (one row a URL) to "
	    "FILE\n"
	    "      --no-gzip            write a plain, uncompressed WARC\n"
	    "      --since WARC         a scheduled audit: ask for each page "
	    "the earlier\n"
	    "                           WARC holds only if it changed (ETag, "
	    "Last-\n"
	    "                           Modified); a 304 becomes a revisit "
	    "record\n"
	    "      --resume             carry on an interrupted run into the "
	    "same -o\n"
	    "                           WARC and --crawl-log: a partial record "
	    "is cut\n"
	    "                           off, nothing is fetched twice\n"
	    "      --wait               if another run is writing the WARC or "
	    "the crawl\n"
	    "                           log, wait for it instead of stopping "
	    "with\n"
	    "                           status 6\n"
	    "      --keep-non-html      store responses that are not HTML "
	    "too (they\n"
	    "                           are logged, not stored, by default)\n"
	    "\n",
	    prog);
	fputs(
	    "Crawling:\n"
	    "      --crawl              follow links (a, area, link rel=next/"
	    "prev/\n"
	    "                           alternate/canonical) from the inputs\n"
	    "      --sitemap URL        fetch the pages a sitemap (or sitemap "
	    "index,\n"
	    "                           .xml.gz or text) lists; 'robots' means "
	    "the\n"
	    "                           Sitemap lines of each host's "
	    "robots.txt;\n"
	    "                           repeatable\n"
	    "      --scope SCOPE        what the crawl may enter: a host, "
	    "*.host for\n"
	    "                           its subdomains, or a URL prefix; "
	    "repeatable\n"
	    "                           (default: the inputs' hosts)\n"
	    "      --include REGEX      only URLs matching REGEX (POSIX "
	    "extended);\n"
	    "                           repeatable\n"
	    "      --exclude REGEX      no URL matching REGEX; repeatable\n"
	    "      --max-depth N        links followed from an input at most "
	    "(50); 0:\n"
	    "                           the inputs alone; -1: no limit\n"
	    "      --max-pages N        pages fetched at most (no limit)\n"
	    "      --strip-param NAME   drop query parameter NAME from URLs "
	    "(utm_source,\n"
	    "                           sessionid...); repeatable\n"
	    "      --follow-nofollow    follow rel=nofollow links and "
	    "nofollow pages\n"
	    "      --no-trap-detection  follow links into crawler traps "
	    "(endless\n"
	    "                           calendars, repeating paths); they are "
	    "refused\n"
	    "                           with a 'trap' row by default\n"
	    "      --ignore-robots      fetch what robots.txt disallows (said "
	    "in the\n"
	    "                           log); Crawl-delay and Sitemap lines "
	    "still count\n"
	    "\n",
	    stdout);
	printf(
	    "Manners and limits:\n"
	    "      --connections N      parallel transfers (16)\n"
	    "      --per-host N         parallel transfers to one host (2)\n"
	    "      --delay S            seconds between requests to one host "
	    "(0; a\n"
	    "                           larger robots.txt Crawl-delay wins)\n"
	    "      --retries N          retries of a URL after a connection "
	    "error,\n"
	    "                           429 or 5xx, with backoff (3)\n"
	    "      --connect-timeout S  seconds to connect (10)\n"
	    "      --timeout S          seconds for a whole transfer, 0 for "
	    "none (30)\n"
	    "      --low-speed BYTES    a transfer slower than BYTES/s for 30 "
	    "s times\n"
	    "                           out, 0 for no limit (100)\n"
	    "      --max-redirects N    redirects to follow (10)\n"
	    "      --max-body BYTES     cut bodies at BYTES, suffix k, M or "
	    "G; 0 for\n"
	    "                           no cap (10M)\n"
	    "      --max-ratio N        refuse bodies that inflate more than "
	    "N times\n"
	    "                           (gzip bombs) or past 64 MiB; 0: the "
	    "64 MiB\n"
	    "                           cap alone (100)\n"
	    "      --cacert FILE        trust the CA certificates in FILE "
	    "(PEM) "
	    "instead\n"
	    "                           of the system's, as for a staging "
	    "site with\n"
	    "                           the organisation's own CA (default: "
	    "$SSL_CERT_FILE)\n"
	    "      --capath DIR         trust the hashed CA certificates in "
	    "DIR\n"
	    "                           (default: $SSL_CERT_DIR)\n"
	    "      --insecure           do not verify certificates at all "
	    "(warned, and\n"
	    "                           said in the WARC's warcinfo record)\n"
	    "      --no-private         refuse private, loopback and "
	    "link-local\n"
	    "                           addresses (for crawls of public "
	    "sites)\n"
	    "      --user-agent S       User-Agent header, by default\n"
	    "                           \"%s\"\n"
	    "      --contact WHO        an e-mail address or URL for site "
	    "owners:\n"
	    "                           put in the default User-Agent, and "
	    "sent as\n"
	    "                           the From header if an address\n"
	    "  -q, --quiet              no warnings, no progress line\n"
	    "  -v, --verbose            one line per URL fetched\n"
	    "      --help               show this help\n"
	    "      --version            show the version\n"
	    "\n"
	    "A URL that fails (DNS, connect, timeout, TLS, redirects, robots) "
	    "is a\n"
	    "crawl.csv row with its error class; HTTP errors such as 404 are "
	    "recorded\n"
	    "like any response.\n"
	    "\n"
	    "Exit status: 0 when at least one URL got a response (or there "
	    "were no\n"
	    "inputs), 2 for a usage error, 3 when an input or output file "
	    "fails,\n"
	    "4 when no URL could be fetched (each failed or was refused), 5 "
	    "for an\n"
	    "internal error, 6 when another run is writing the same WARC or "
	    "crawl\n"
	    "log, 130 when interrupted (SIGINT, SIGTERM).\n",
	    FETCH_USER_AGENT);
}

enum {
	OPT_CRAWL_LOG = 256,
	OPT_CONNECTIONS,
	OPT_PER_HOST,
	OPT_DELAY,
	OPT_RETRIES,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_LOW_SPEED,
	OPT_MAX_REDIRECTS,
	OPT_MAX_BODY,
	OPT_MAX_RATIO,
	OPT_USER_AGENT,
	OPT_CACERT,
	OPT_CAPATH,
	OPT_INSECURE,
	OPT_CONTACT,
	OPT_NO_GZIP,
	OPT_KEEP_NON_HTML,
	OPT_NO_PRIVATE,
	OPT_CRAWL,
	OPT_SITEMAP,
	OPT_SCOPE,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_MAX_DEPTH,
	OPT_MAX_PAGES,
	OPT_STRIP_PARAM,
	OPT_FOLLOW_NOFOLLOW,
	OPT_IGNORE_ROBOTS,
	OPT_NO_TRAP_DETECTION,
	OPT_RESUME,
	OPT_WAIT,
	OPT_SINCE,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_options[] = {
    {"input", required_argument, NULL, 'i'},
    {"output", required_argument, NULL, 'o'},
    {"crawl-log", required_argument, NULL, OPT_CRAWL_LOG},
    {"connections", required_argument, NULL, OPT_CONNECTIONS},
    {"per-host", required_argument, NULL, OPT_PER_HOST},
    {"delay", required_argument, NULL, OPT_DELAY},
    {"retries", required_argument, NULL, OPT_RETRIES},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"low-speed", required_argument, NULL, OPT_LOW_SPEED},
    {"max-redirects", required_argument, NULL, OPT_MAX_REDIRECTS},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
    {"user-agent", required_argument, NULL, OPT_USER_AGENT},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"capath", required_argument, NULL, OPT_CAPATH},
    {"insecure", no_argument, NULL, OPT_INSECURE},
    {"contact", required_argument, NULL, OPT_CONTACT},
    {"no-gzip", no_argument, NULL, OPT_NO_GZIP},
    {"keep-non-html", no_argument, NULL, OPT_KEEP_NON_HTML},
    {"no-private", no_argument, NULL, OPT_NO_PRIVATE},
    {"crawl", no_argument, NULL, OPT_CRAWL},
    {"sitemap", required_argument, NULL, OPT_SITEMAP},
    {"scope", required_argument, NULL, OPT_SCOPE},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-pages", required_argument, NULL, OPT_MAX_PAGES},
    {"strip-param", required_argument, NULL, OPT_STRIP_PARAM},
    {"follow-nofollow", no_argument, NULL, OPT_FOLLOW_NOFOLLOW},
    {"ignore-robots", no_argument, NULL, OPT_IGNORE_ROBOTS},
    {"no-trap-detection", no_argument, NULL, OPT_NO_TRAP_DETECTION},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"wait", no_argument, NULL, OPT_WAIT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct str_list {
	char **v;
	size_t n, cap;
} str_list;

static void push(str_list *l, char *s)
{
	if (l->n + 1 >= l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL; /* NULL-terminated for strip_params */
}

static void free_list(str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void add_input(str_list *l, const char *input)
{
	cqa_error err;
	char *url = fetch_input_to_url(input, &err);
	if (!url)
		cqa_die_error(prog, &err);
	push(l, url);
}

/* An input longer than URL_MAX_LENGTH (url.h says why) is refused with a
 * warning naming where it came from ("urls.txt:12", "argument 3"); it is
 * never copied, fetched or logged whole.  Returns 1 if refused. */
static int refuse_long(const cqa_log *log, const char *where, size_t len)
{
	if (len <= URL_MAX_LENGTH)
		return 0;
	cqa_warn(log,
	         "%s: input of %zu bytes refused: a URL may have at most %d "
	         "(servers refuse longer ones; RFC 9110 asks for 8000)",
	         where, len, URL_MAX_LENGTH);
	return 1;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* One input a line; blank lines and lines starting with '#' skipped.
 * Lines are read a byte at a time into a buffer of URL_MAX_LENGTH + 1
 * bytes at most, so a line of any length costs no more; one past the
 * cap, or holding a NUL byte, is refused (*refused counts them). */
static void read_inputs(str_list *l, const char *path, const cqa_log *log,
                        size_t *refused)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "stdin" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	if (!f)
		cqa_die(prog, CQA_ERR_IO, "%s: %s", path, strerror(errno));
	buf_t line = BUF_INIT, where = BUF_INIT;
	size_t lineno = 0;
	int c = 0;
	while (c != EOF) {
		/* len: from the first to the last non-blank byte */
		size_t len = 0, at = 0;
		int started = 0, nul = 0;
		buf_reset(&line);
		while ((c = getc_unlocked(f)) != EOF && c != '\n') {
			if (!started && is_blank(c))
				continue;
			started = 1;
			at++;
			if (!is_blank(c))
				len = at;
			nul |= c == '\0';
			if (line.len <= URL_MAX_LENGTH)
				buf_addc(&line, (char)c);
		}
		if (c == EOF && !started)
			break;
		lineno++;
		buf_reset(&where);
		buf_printf(&where, "%s:%zu", name, lineno);
		if (refuse_long(log, buf_cstr(&where), len)) {
			++*refused;
			continue;
		}
		buf_truncate(&line, len);
		if (!len || line.data[0] == '#')
			continue;
		if (nul) {
			cqa_warn(log, "%s: NUL byte in the input; refused",
			         buf_cstr(&where));
			++*refused;
			continue;
		}
		add_input(l, line.data);
	}
	int bad = ferror(f);
	buf_free(&line);
	buf_free(&where);
	if (!is_stdin)
		fclose(f);
	if (bad)
		cqa_die(prog, CQA_ERR_IO, "%s: read error", name);
}

/* Whether two outputs end up in one file (a lock never conflicts with
 * its own process, so this is checked by hand). */
static int same_output(const cqa_outfile *a, const cqa_outfile *b)
{
	if (a->kind == OUTFILE_STDOUT || b->kind == OUTFILE_STDOUT ||
	    a->kind == OUTFILE_DEVICE || b->kind == OUTFILE_DEVICE)
		return 0;
	struct stat sa, sb;
	if (stat(a->target, &sa) == 0 && stat(b->target, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return strcmp(a->target, b->target) == 0;
}

static double seconds(const char *option, const char *arg)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || end == arg || *end || v < 0 || v > 86400)
		cqa_die(prog, CQA_ERR_USAGE,
		        "%s: '%s' is not a number of seconds (0 to 86400)",
		        option, arg);
	return v;
}

int main(int argc, char **argv)
{
	fetch_options o;
	fetch_options_default(&o);
	const char *input = NULL, *output = NULL, *crawl_log = NULL;
	int level = CQA_LOG_NORMAL, c, resume = 0, wait = 0;
	str_list scope = {0}, include = {0}, exclude = {0}, strip = {0},
	         sitemaps = {0};

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
		case OPT_DELAY:
			o.delay_ms = (long)(seconds("--delay", optarg) * 1000);
			break;
		case OPT_RETRIES:
			o.max_retries =
			    (int)opt_long(prog, "--retries", optarg, 0, 100);
			break;
		case OPT_CONNECT_TIMEOUT:
			o.connect_timeout = opt_long(prog, "--connect-timeout",
			                             optarg, 0, 86400);
			break;
		case OPT_TIMEOUT:
			o.timeout =
			    opt_long(prog, "--timeout", optarg, 0, 86400);
			break;
		case OPT_LOW_SPEED:
			o.low_speed_limit =
			    (long)opt_size(prog, "--low-speed", optarg);
			if (!o.low_speed_limit)
				o.low_speed_time = 0;
			break;
		case OPT_MAX_REDIRECTS:
			o.max_redirects =
			    opt_long(prog, "--max-redirects", optarg, 0, 1000);
			break;
		case OPT_MAX_BODY:
			o.max_body = opt_size(prog, "--max-body", optarg);
			break;
		case OPT_MAX_RATIO:
			o.max_ratio = (double)opt_long(prog, "--max-ratio",
			                               optarg, 0, 1000000);
			break;
		case OPT_USER_AGENT:
			o.user_agent = optarg;
			break;
		case OPT_CACERT:
			o.cacert = optarg;
			break;
		case OPT_CAPATH:
			o.capath = optarg;
			break;
		case OPT_INSECURE:
			o.insecure = 1;
			break;
		case OPT_CONTACT:
			o.contact = optarg;
			break;
		case OPT_NO_GZIP:
			o.warc_gzip = 0;
			break;
		case OPT_KEEP_NON_HTML:
			o.keep_non_html = 1;
			break;
		case OPT_NO_PRIVATE:
			o.refuse_private = 1;
			break;
		case OPT_CRAWL:
			o.crawl = 1;
			break;
		case OPT_SITEMAP:
			push(&sitemaps, xstrdup(optarg));
			break;
		case OPT_SCOPE:
			push(&scope, xstrdup(optarg));
			break;
		case OPT_INCLUDE:
			push(&include, xstrdup(optarg));
			break;
		case OPT_EXCLUDE:
			push(&exclude, xstrdup(optarg));
			break;
		case OPT_MAX_DEPTH:
			o.max_depth = (int)opt_long(prog, "--max-depth", optarg,
			                            -1, 1000000);
			break;
		case OPT_MAX_PAGES:
			o.max_pages = (size_t)opt_long(prog, "--max-pages",
			                               optarg, 1, 1000000000);
			break;
		case OPT_STRIP_PARAM:
			push(&strip, xstrdup(optarg));
			break;
		case OPT_FOLLOW_NOFOLLOW:
			o.follow_nofollow = 1;
			break;
		case OPT_NO_TRAP_DETECTION:
			o.ignore_traps = 1;
			break;
		case OPT_IGNORE_ROBOTS:
			o.ignore_robots = 1;
			break;
		case OPT_RESUME:
			resume = 1;
			break;
		case OPT_WAIT:
			wait = 1;
			break;
		case OPT_SINCE:
			o.since_warc = optarg;
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
	o.scope = (const char *const *)scope.v;
	o.n_scope = scope.n;
	o.include = (const char *const *)include.v;
	o.n_include = include.n;
	o.exclude = (const char *const *)exclude.v;
	o.n_exclude = exclude.n;
	o.strip_params = (const char *const *)strip.v;
	o.sitemaps = (const char *const *)sitemaps.v;
	o.n_sitemaps = sitemaps.n;
	o.crawl_log_name = crawl_log;

	if (!output && o.warc_gzip && isatty(STDOUT_FILENO))
		cqa_die(prog, CQA_ERR_USAGE,
		        "refusing to write a compressed WARC to a terminal; "
		        "use -o FILE or a pipe");

	str_list urls = {0};
	size_t refused = 0;
	for (int i = optind; i < argc; i++) {
		char where[32];
		snprintf(where, sizeof where, "argument %d", i - optind + 1);
		if (refuse_long(&log, where, strlen(argv[i])))
			refused++;
		else
			add_input(&urls, argv[i]);
	}
	if (input)
		read_inputs(&urls, input, &log, &refused);
	else if (urls.n == 0 && sitemaps.n == 0 && !refused)
		read_inputs(&urls, "-", &log, &refused);
	if (refused && urls.n == 0 && sitemaps.n == 0)
		cqa_die(prog, CQA_ERR_LIMIT,
		        "every input was refused (%zu); nothing to fetch",
		        refused);

	/* Opened after the inputs were read and the options checked, so a
	 * bad input list or option leaves no emptied output file behind.
	 * Both files are locked before --resume reads or repairs them: a
	 * second crawl into the same files is refused before it touches
	 * them.  They are journals (common/outfile.h): written in place, so
	 * a killed crawl leaves what --resume carries on from. */
	cqa_outfile warc, csv;
	cqa_error err;
	cqa_error_clear(&err);
	if (fetch_options_check(&o, (const char *const *)urls.v, urls.n, &err) <
	    0)
		cqa_die_error(prog, &err);
	if (resume) {
		if (!output)
			cqa_die(prog, CQA_ERR_USAGE, "--resume needs -o FILE");
		if (!o.warc_gzip)
			cqa_die(prog, CQA_ERR_USAGE,
			        "--resume carries on a gzip WARC (one member a "
			        "record, the default); drop --no-gzip");
	}
	unsigned flags = OUTFILE_LOCK | OUTFILE_IN_PLACE |
	                 (resume ? OUTFILE_APPEND : 0) |
	                 (wait ? OUTFILE_WAIT : 0);
	if (outfile_prepare(&warc, output, flags, &err) != CQA_OK)
		cqa_die_error(prog, &err);
	if (crawl_log &&
	    outfile_prepare(&csv, crawl_log, flags, &err) != CQA_OK)
		cqa_die_error(prog, &err);
	if (crawl_log && same_output(&warc, &csv))
		cqa_die(prog, CQA_ERR_USAGE,
		        "-o %s and --crawl-log %s are the same file; give "
		        "each its own",
		        output, crawl_log);
	if (resume) {
		const char *log_path = crawl_log ? csv.target : NULL;
		if (warc.kind == OUTFILE_DEVICE ||
		    (crawl_log && csv.kind == OUTFILE_DEVICE))
			cqa_die(prog, CQA_ERR_USAGE,
			        "--resume carries on files, not devices or "
			        "pipes");
		if (fetch_resume_repair(warc.target, log_path, &err) < 0)
			cqa_die_error(prog, &err);
		if (access(warc.target, F_OK) == 0)
			o.resume_warc = warc.target;
		if (crawl_log && access(log_path, F_OK) == 0)
			o.resume_csv = log_path;
		else if (crawl_log)
			csv.flags &= ~(unsigned)OUTFILE_APPEND;
	}
	if (outfile_begin(&warc, &err) != CQA_OK ||
	    (crawl_log && outfile_begin(&csv, &err) != CQA_OK))
		cqa_die_error(prog, &err);
	o.interrupt = &interrupted;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	fetch_tls_check(prog, &log, &o);
	fetch_stats st;
	if (fetch_run(&o, (const char *const *)urls.v, urls.n, warc.f,
	              crawl_log ? csv.f : NULL, &st, &err) < 0)
		cqa_die_error(prog, &err);
	if (outfile_commit(&warc, &err) != CQA_OK ||
	    (crawl_log && outfile_commit(&csv, &err) != CQA_OK))
		cqa_die_error(prog, &err);
	/* A resumed run that found everything settled says so, and that
	 * alone. */
	int nothing_left = resume && st.urls == 0 && !st.interrupted;
	if (nothing_left)
		cqa_note(&log,
		         "nothing left to do: the earlier run settled all "
		         "%zu URLs",
		         st.resumed);
	else
		cqa_note(&log,
		         "%zu URLs: %zu ok (2xx), %zu not modified (304), %zu "
		         "redirects (3xx), %zu HTTP errors (4xx/5xx), %zu "
		         "failed, %zu not fetched; %zu retries; %llu body "
		         "bytes%s%s",
		         st.urls, st.ok, st.not_modified, st.redirects,
		         st.http_errors, st.failed, st.refused, st.retries,
		         st.bytes, st.errors[0] ? "; " : "", st.errors);
	free_list(&urls);
	free_list(&scope);
	free_list(&include);
	free_list(&exclude);
	free_list(&strip);
	free_list(&sitemaps);
	if (st.interrupted) {
		cqa_warn(&log,
		         "interrupted; run the same command with --resume "
		         "to carry on");
		return 128 + SIGINT;
	}
	/* A resumed run whose earlier part got answers did fetch something,
	 * whatever is left now. */
	if (st.urls > 0 && st.failed + st.refused == st.urls &&
	    st.resumed_stored == 0)
		cqa_die(prog, CQA_ERR_NETWORK,
		        "no URL could be fetched (%zu tried: %s); see the "
		        "warnings above or the crawl log",
		        st.urls, st.errors[0] ? st.errors : "no answer");
	return CQA_EXIT_OK;
}
