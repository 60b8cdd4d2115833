/*
 * cqa - the command people type.
 *
 *   cqa audit INPUT... -o DIR   fetch, parse, analyze and report in one
 *                               process, every intermediate file kept in DIR
 *   cqa demo                    audit the bundled sample site into a
 *                               temporary directory and print the summary
 *   cqa check DRAFT             one draft against an editor's thresholds
 *                               (check.c)
 *
 * INPUT is a URL (http, https, file) or a local HTML file or directory;
 * local inputs become file:// URLs so that every audit goes through the same
 * fetch -> WARC -> parse path and DIR always holds the same files.  Each
 * stage is the library the stage program uses, run here in sequence.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyze/analyze.h"
#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/opt.h"
#include "../common/outfile.h"
#include "../common/url.h"
#include "../fetch/fetch.h"
#include "../parse/parse.h"
#include "../report/report.h"
#include "check.h"

static const char usage_text[] =
    "usage: cqa COMMAND [OPTIONS] [ARGS]\n"
    "Audit the content quality of a web site or a set of pages.\n"
    "\n"
    "Commands:\n"
    "  audit INPUT... -o DIR   fetch, extract, analyze and report; every\n"
    "                          stage's output is kept in DIR\n"
    "  demo                    audit the bundled sample site and print the\n"
    "                          summary\n"
    "  check DRAFT             check a draft (HTML, Markdown, text, - or a\n"
    "                          URL) against readability thresholds; see\n"
    "                          'cqa check --help'\n"
    "\n"
    "INPUT is an http, https or file URL, or a local file or directory of\n"
    "pages: HTML, Markdown or plain text, such as a scraper's text dumps\n"
    "(directories are searched recursively for .html, .htm, .xhtml, .md,\n"
    ".markdown, .mdown, .mkd and .txt files).\n"
    "\n"
    "Options for audit and demo:\n"
    "  -o, --output-dir DIR    where the audit files go (audit: required;\n"
    "                          demo: default a new temporary directory)\n"
    "      --connections N     parallel transfers in all (default 16)\n"
    "      --per-host N        parallel transfers to one host (default 2)\n"
    "      --timeout S         seconds allowed for one page (default 30)\n"
    "  -j, --jobs N            parse pages on N threads (default: one a\n"
    "                          processor)\n"
    "      --comments          count readers' comments as article text\n"
    "      --crawl             follow links from the inputs within their "
    "hosts\n"
    "      --max-pages N       fetch at most N pages (with --crawl)\n"
    "      --max-depth N       follow links at most N steps from the inputs\n"
    "                          (default 50; -1: no limit)\n"
    "      --no-trap-detection follow links into crawler traps (endless\n"
    "                          calendars, repeating paths)\n"
    "      --contact WHO       an e-mail address or URL for the owners of\n"
    "                          the sites fetched (User-Agent, From)\n"
    "      --cacert FILE       trust the CA certificates in FILE (PEM), as\n"
    "                          for a staging site with the organisation's\n"
    "                          own CA (default: $SSL_CERT_FILE)\n"
    "      --capath DIR        trust the hashed CA certificates in DIR\n"
    "                          (default: $SSL_CERT_DIR)\n"
    "      --insecure          do not verify certificates (warned, and\n"
    "                          said in the WARC's warcinfo record)\n"
    "      --since OLD_DIR     a scheduled audit: pages OLD_DIR's crawl "
    "holds\n"
    "                          are fetched only if changed; unchanged "
    "ones are\n"
    "                          read from OLD_DIR/crawl.warc.gz\n"
    "      --thin-words N      pages with fewer words are thin (default 200)\n"
    "      --similarity X      pages whose 5-word runs overlap at least this "
    "much\n"
    "                          (Jaccard, default 0.5) are near duplicates\n"
    "      --shingle N         words a run for near duplicates and common\n"
    "                          content (default 5)\n"
    "      --top N             pages named in each summary list (default 10)\n"
    "      --wait              if another audit is writing DIR, wait for it\n"
    "                          instead of stopping with status 6\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -v, --verbose           say what each stage skips and why\n"
    "  -h, --help              show this help\n"
    "  -V, --version           show the version\n"
    "\n"
    "DIR receives crawl.warc.gz, crawl.csv, docs.jsonl, metrics.jsonl,\n"
    "pages.csv, duplicates.csv, summary.csv, boilerplate.csv and\n"
    "repeated.csv (see docs/formats.md).\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 unreadable input or output,\n"
    "4 nothing could be fetched (DIR keeps the last audit; the failed\n"
    "crawl's log is DIR/crawl.failed.csv), 5 internal error, 6 another\n"
    "audit is writing DIR.\n";

typedef struct audit {
	fetch_options fetch;
	parse_options parse;
	analyze_options analyze;
	report_options report;
	cqa_log log;
	const char *dir;
	int wait; /* --wait: for the directory's lock */
} audit;

/* The page formats cqa-parse reads: HTML, Markdown and plain text (a
 * draft, or a page a scraper saved as text). */
static const char *const page_suffixes[] = {".html", ".htm",      ".xhtml",
                                            ".md",   ".markdown", ".mdown",
                                            ".mkd",  ".txt",      NULL};

static int has_page_suffix(const char *name)
{
	size_t n = strlen(name);
	for (const char *const *s = page_suffixes; *s; s++) {
		size_t k = strlen(*s);
		if (n > k && !strcasecmp(name + n - k, *s))
			return 1;
	}
	return 0;
}

typedef struct url_list {
	char **v;
	size_t n, cap;
} url_list;

static void url_list_add(url_list *l, char *url)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = url;
}

static void url_list_free(url_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds file:// URLs for the page files under dir, in name order. */
static void add_dir(url_list *l, const char *dir, int depth)
{
	DIR *d = depth < 64 ? opendir(dir) : NULL;
	if (!d)
		return;
	url_list names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			url_list_add(&names, xstrdup(e->d_name));
	closedir(d);
	qsort(names.v, names.n, sizeof *names.v, by_name);
	for (size_t i = 0; i < names.n; i++) {
		buf_t path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, names.v[i]);
		struct stat st;
		if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode)) {
			add_dir(l, path.data, depth + 1);
		} else if (has_page_suffix(names.v[i])) {
			buf_t url = BUF_INIT;
			url_from_path(path.data, &url);
			url_list_add(l, buf_detach(&url, NULL));
		}
		buf_free(&path);
	}
	url_list_free(&names);
}

static void add_input(url_list *l, const char *input)
{
	struct stat st;
	if (url_has_fetch_scheme(input)) {
		url_list_add(l, xstrdup(input));
	} else if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
		add_dir(l, input, 0);
	} else if (stat(input, &st) == 0) {
		buf_t url = BUF_INIT;
		url_from_path(input, &url);
		url_list_add(l, buf_detach(&url, NULL));
	} else {
		cqa_die("cqa", CQA_ERR_USAGE,
		        "%s: no such file, and not an http(s) or file URL",
		        input);
	}
}

/* The files of an audit directory besides the report's CSV files. */
static const char *const audit_files[] = {"crawl.warc.gz", "crawl.csv",
                                          "docs.jsonl", "metrics.jsonl"};
enum { N_AUDIT_FILES = sizeof audit_files / sizeof *audit_files };

/* The temporary files a killed audit left in DIR: its lock is held, so
 * nobody else writes them (outfile_remove_stale). */
static void remove_stale_temps(const audit *a)
{
	buf_t names = BUF_INIT, path = BUF_INIT;
	for (size_t i = 0; i < N_AUDIT_FILES; i++)
		buf_printf(&names, "%s ", audit_files[i]);
	report_csv_list(&names); /* space separated */
	for (const char *p = buf_cstr(&names); *p;) {
		size_t n = strcspn(p, " ");
		buf_reset(&path);
		buf_printf(&path, "%s/%.*s", a->dir, (int)n, p);
		outfile_remove_stale(buf_cstr(&path));
		p += n;
		p += *p == ' ';
	}
	buf_free(&names);
	buf_free(&path);
}

/* Parse callback: each document goes to docs.jsonl and to the analyzer. */
typedef struct doc_sink {
	FILE *docs;
	analyzer *an;
	cqa_error err;
	int failed;
	size_t count;
	const char *docs_name; /* for messages */
} doc_sink;

static int take_doc(void *ud, json_t *doc)
{
	doc_sink *s = ud;
	if (jsonl_write(s->docs, s->docs_name, doc, &s->err) != 0 ||
	    analyzer_add(s->an, doc, &s->err) != 0)
		s->failed = 1;
	s->count++;
	json_decref(doc);
	return s->failed;
}

/* What an audit run holds: its directory's lock and its files, until they
 * are renamed into place. */
typedef struct audit_out {
	cqa_lock lock;
	cqa_outfile warc, crawl, docs, metrics;
} audit_out;

/* Every failure of an audit goes here: the temporary files go, the last
 * audit's files stay, the lock is released, and the message names the
 * file and the cause. */
static noreturn void audit_fail(audit_out *o, const cqa_error *err)
{
	outfile_abort(&o->warc);
	outfile_abort(&o->crawl);
	outfile_abort(&o->docs);
	outfile_abort(&o->metrics);
	cqa_lock_release(&o->lock);
	cqa_die_error("cqa", err);
}

/* Opens DIR/name through common/outfile.h: a temporary file, renamed over
 * the old one only when the whole audit succeeded. */
static void open_in_dir(const audit *a, audit_out *o, const char *name,
                        cqa_outfile *f)
{
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/%s", a->dir, name);
	cqa_error err;
	int code = outfile_open(f, buf_cstr(&path), 0, &err);
	buf_free(&path);
	if (code != CQA_OK)
		audit_fail(o, &err);
}

/* Flushes f so that the next stage can read its temporary file. */
static void flush_or_fail(audit_out *o, cqa_outfile *f)
{
	cqa_error err;
	if (outfile_flush(f, &err) != CQA_OK)
		audit_fail(o, &err);
}

static int run_audit(audit *a, url_list *urls)
{
	cqa_error err;
	cqa_error_clear(&err);
	/* Before anything in DIR is touched: an earlier audit there stays
	 * whole when the options are wrong or another audit is running. */
	if (fetch_options_check(&a->fetch, (const char *const *)urls->v,
	                        urls->n, &err) < 0)
		cqa_die_error("cqa", &err);
	/* Every file is written to a temporary name and renamed into place
	 * only when the whole audit succeeded: a failure at any stage leaves
	 * the last audit's files as they were. */
	audit_out o;
	memset(&o, 0, sizeof o);
	o.lock = (cqa_lock)CQA_LOCK_INIT;
	if (outfile_lock_dir(&o.lock, a->dir, a->wait, &err) != CQA_OK)
		cqa_die_error("cqa", &err);
	remove_stale_temps(a);

	/* 1. fetch */
	open_in_dir(a, &o, "crawl.warc.gz", &o.warc);
	open_in_dir(a, &o, "crawl.csv", &o.crawl);
	a->fetch.crawl_log_name = o.crawl.name;
	fetch_stats fs;
	memset(&fs, 0, sizeof fs);
	if (fetch_run(&a->fetch, (const char *const *)urls->v, urls->n,
	              o.warc.f, o.crawl.f, &fs, &err) != 0)
		audit_fail(&o, &err);
	flush_or_fail(&o, &o.warc);
	flush_or_fail(&o, &o.crawl);
	if (fs.urls && fs.failed + fs.refused == fs.urls) {
		/* The last good audit stays; this run's log says why it
		 * failed, under a name of its own. */
		buf_t failed = BUF_INIT;
		buf_printf(&failed, "%s/crawl.failed.csv", a->dir);
		if (rename(o.crawl.tmp, buf_cstr(&failed)) != 0)
			buf_reset(&failed);
		cqa_fail(&err, CQA_ERR_NETWORK,
		         "none of the %zu URLs could be fetched (%s); see %s; "
		         "the files of the last audit in %s are left as they "
		         "were",
		         fs.urls, fs.errors[0] ? fs.errors : "no answer",
		         failed.len ? buf_cstr(&failed) : "the warnings above",
		         a->dir);
		audit_fail(&o, &err);
	}

	/* 2. parse and 3. analyze, streaming */
	open_in_dir(a, &o, "docs.jsonl", &o.docs);
	open_in_dir(a, &o, "metrics.jsonl", &o.metrics);
	a->analyze.output_name = o.metrics.name;
	doc_sink sink = {.docs = o.docs.f,
	                 .an = analyzer_new(&a->analyze, o.metrics.f),
	                 .docs_name = o.docs.name};
	parse_global_init();
	if (parse_path(&a->parse, o.warc.tmp, take_doc, &sink, &err) &&
	    err.code)
		audit_fail(&o, &err);
	if (sink.failed)
		audit_fail(&o, &sink.err);
	if (analyzer_finish(sink.an, &err) != 0)
		audit_fail(&o, &err);
	analyzer_free(sink.an);
	parse_global_cleanup();
	flush_or_fail(&o, &o.docs);
	flush_or_fail(&o, &o.metrics);

	/* 4. report: its CSV files are renamed into place by report_run,
	 * then the stages' files follow. */
	FILE *in = fopen(o.metrics.tmp, "r");
	if (!in) {
		cqa_fail(&err, CQA_ERR_IO, "%s: %s", o.metrics.tmp,
		         strerror(errno));
		audit_fail(&o, &err);
	}
	a->report.out_dir = a->dir;
	int code = report_run(&a->report, in, o.metrics.name, &err);
	fclose(in);
	if (code != CQA_OK)
		audit_fail(&o, &err);
	cqa_outfile *done[] = {&o.warc, &o.crawl, &o.docs, &o.metrics};
	for (size_t i = 0; i < sizeof done / sizeof *done; i++)
		if (outfile_commit(done[i], &err) != CQA_OK)
			audit_fail(&o, &err);
	cqa_lock_release(&o.lock);
	return 0;
}

/* The sample site: $CQA_EXAMPLES, the source tree, or the installed copy. */
static const char *examples_dir(void)
{
	const char *candidates[] = {getenv("CQA_EXAMPLES"), CQA_EXAMPLES_DIR,
	                            CQA_INSTALLED_EXAMPLES_DIR};
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		struct stat st;
		if (candidates[i] && stat(candidates[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			return candidates[i];
	}
	cqa_die(
	    "cqa", CQA_ERR_IO,
	    "the sample site is missing; set CQA_EXAMPLES to examples/site");
}

int main(int argc, char **argv)
{
	enum {
		OPT_CONN = 256,
		OPT_PERHOST,
		OPT_TIMEOUT,
		OPT_THIN,
		OPT_SIMILARITY,
		OPT_SHINGLE,
		OPT_TOP,
		OPT_COMMENTS,
		OPT_CRAWL,
		OPT_MAX_PAGES,
		OPT_MAX_DEPTH,
		OPT_NO_TRAPS,
		OPT_SINCE,
		OPT_CONTACT,
		OPT_CACERT,
		OPT_CAPATH,
		OPT_INSECURE,
		OPT_WAIT
	};
	static const struct option longopts[] = {
	    {"output-dir", required_argument, NULL, 'o'},
	    {"connections", required_argument, NULL, OPT_CONN},
	    {"per-host", required_argument, NULL, OPT_PERHOST},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"thin-words", required_argument, NULL, OPT_THIN},
	    {"similarity", required_argument, NULL, OPT_SIMILARITY},
	    {"shingle", required_argument, NULL, OPT_SHINGLE},
	    {"jobs", required_argument, NULL, 'j'},
	    {"top", required_argument, NULL, OPT_TOP},
	    {"comments", no_argument, NULL, OPT_COMMENTS},
	    {"crawl", no_argument, NULL, OPT_CRAWL},
	    {"max-pages", required_argument, NULL, OPT_MAX_PAGES},
	    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	    {"no-trap-detection", no_argument, NULL, OPT_NO_TRAPS},
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"contact", required_argument, NULL, OPT_CONTACT},
	    {"cacert", required_argument, NULL, OPT_CACERT},
	    {"capath", required_argument, NULL, OPT_CAPATH},
	    {"insecure", no_argument, NULL, OPT_INSECURE},
	    {"wait", no_argument, NULL, OPT_WAIT},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	audit a;
	memset(&a, 0, sizeof a);
	cqa_log_init(&a.log, "cqa", CQA_LOG_NORMAL);
	fetch_options_default(&a.fetch);
	parse_options_default(&a.parse);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	a.parse.jobs = cpus > 1 ? (int)(cpus < 64 ? cpus : 64) : 1;
	analyze_options_default(&a.analyze);
	report_options_default(&a.report);
	a.fetch.log = a.parse.log = a.analyze.log = a.report.log = &a.log;
	a.report.summary = stdout;

	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		puts("cqa " CQA_VERSION);
		return 0;
	}
	if (argc < 2)
		cqa_die("cqa", CQA_ERR_USAGE,
		        "no command; try 'cqa demo' or 'cqa --help'");
	const char *command = argv[1];
	if (!strcmp(command, "check"))
		return check_main(argc - 1, argv + 1);
	if (strcmp(command, "audit") && strcmp(command, "demo"))
		cqa_die("cqa", CQA_ERR_USAGE,
		        "'%s' is not a cqa command; see 'cqa --help'", command);
	optind = 2;
	const char *since_dir = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:j:qvhV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			a.dir = optarg;
			break;
		case 'j':
			a.parse.jobs =
			    (int)opt_long("cqa", "--jobs", optarg, 1, 256);
			break;
		case OPT_CONN:
			a.fetch.connections =
			    opt_long("cqa", "--connections", optarg, 1, 10000);
			break;
		case OPT_PERHOST:
			a.fetch.per_host =
			    opt_long("cqa", "--per-host", optarg, 1, 10000);
			break;
		case OPT_TIMEOUT:
			a.fetch.timeout =
			    opt_long("cqa", "--timeout", optarg, 0, 86400);
			break;
		case OPT_SIMILARITY:
			a.analyze.similarity = opt_double("cqa", "--similarity",
			                                  optarg, 0.05, 1.0);
			break;
		case OPT_SHINGLE:
			a.analyze.shingle =
			    (int)opt_long("cqa", "--shingle", optarg, 1, 16);
			break;
		case OPT_THIN:
			a.analyze.thin_words =
			    opt_long("cqa", "--thin-words", optarg, 0, 1000000);
			break;
		case OPT_COMMENTS:
			a.parse.keep_comments = 1;
			break;
		case OPT_CRAWL:
			a.fetch.crawl = 1;
			break;
		case OPT_MAX_PAGES:
			a.fetch.max_pages = (size_t)opt_long(
			    "cqa", "--max-pages", optarg, 1, 1000000000);
			break;
		case OPT_MAX_DEPTH:
			a.fetch.max_depth = (int)opt_long("cqa", "--max-depth",
			                                  optarg, -1, 1000000);
			break;
		case OPT_NO_TRAPS:
			a.fetch.ignore_traps = 1;
			break;
		case OPT_SINCE:
			since_dir = optarg;
			break;
		case OPT_CONTACT:
			a.fetch.contact = optarg;
			break;
		case OPT_CACERT:
			a.fetch.cacert = optarg;
			break;
		case OPT_CAPATH:
			a.fetch.capath = optarg;
			break;
		case OPT_INSECURE:
			a.fetch.insecure = 1;
			break;
		case OPT_WAIT:
			a.wait = 1;
			break;
		case OPT_TOP:
			a.report.top =
			    (int)opt_long("cqa", "--top", optarg, 0, 1000000);
			break;
		case 'q':
			a.log.level = CQA_LOG_QUIET;
			a.report.summary = NULL;
			break;
		case 'v':
			a.log.level = CQA_LOG_VERBOSE;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts("cqa " CQA_VERSION);
			return 0;
		default:
			fputs("Try 'cqa --help'.\n", stderr);
			return CQA_EXIT_USAGE;
		}
	}

	fetch_tls_check("cqa", &a.log, &a.fetch);
	buf_t since_warc = BUF_INIT;
	if (since_dir) {
		buf_printf(&since_warc, "%s/crawl.warc.gz", since_dir);
		if (access(buf_cstr(&since_warc), R_OK) != 0)
			cqa_die("cqa", CQA_ERR_IO, "--since %s: %s: %s",
			        since_dir, buf_cstr(&since_warc),
			        strerror(errno));
		/* The new audit must not overwrite the WARC it reads. */
		char *a_real = a.dir ? realpath(a.dir, NULL) : NULL;
		char *s_real = realpath(since_dir, NULL);
		int same = a_real && s_real && !strcmp(a_real, s_real);
		free(a_real);
		free(s_real);
		if (same)
			cqa_die("cqa", CQA_ERR_USAGE,
			        "--since needs a directory other than -o");
		a.fetch.since_warc = a.parse.since_warc = buf_cstr(&since_warc);
	}
	url_list urls = {0};
	char tmpdir[] = "/tmp/cqa-demo-XXXXXX";
	if (!strcmp(command, "demo")) {
		if (optind < argc)
			cqa_die("cqa", CQA_ERR_USAGE, "demo takes no inputs");
		add_input(&urls, examples_dir());
		if (!a.dir) {
			if (!mkdtemp(tmpdir))
				cqa_die(
				    "cqa", CQA_ERR_IO,
				    "cannot create a temporary directory: %s",
				    strerror(errno));
			a.dir = tmpdir;
		}
	} else {
		if (!a.dir)
			cqa_die("cqa", CQA_ERR_USAGE,
			        "audit needs -o DIR for its files");
		if (optind == argc)
			cqa_die(
			    "cqa", CQA_ERR_USAGE,
			    "audit needs at least one URL, file or directory");
		for (int i = optind; i < argc; i++)
			add_input(&urls, argv[i]);
	}
	if (!urls.n)
		cqa_die("cqa", CQA_ERR_USAGE,
		        "no HTML, Markdown or text files found in the inputs");
	int status = run_audit(&a, &urls);
	url_list_free(&urls);
	buf_free(&since_warc);
	return status;
}
