/*
 * check.c - cqa check: one draft against an editor's thresholds; see
 * check.h.
 *
 * The draft is read by the parse library (HTML, Markdown, text; a URL is
 * fetched into a temporary WARC first), with each block's source lines
 * (parse_options.source_lines).  measure_draft() measures it: the page
 * measures of the analyzer (measure_page(): the readability formulas of
 * the draft's language and their consensus grade), and, in the same pass,
 * every sentence of the prose -- not headings, code or table rows -- with
 * its words, its own Flesch-Kincaid grade, whether it is passive, and the
 * line of the draft it starts on.  Every measure is taken there, so a new
 * one is added in one place.  The checks compare those with the
 * thresholds of the config file (check_config), and the report is printed
 * as text or JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>
#include <jansson.h>

#include "../analyze/measures.h"
#include "../analyze/readability.h"
#include "../analyze/shingle.h"
#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/log.h"
#include "../common/text.h"
#include "../common/url.h"
#include "../fetch/fetch.h"
#include "../parse/markdown.h"
#include "../parse/parse.h"
#include "check.h"

enum { CHECK_PASS = 0, CHECK_FAIL = 1, CHECK_ERROR = 2 };

/* Characters of a sentence or paragraph shown in the text report. */
enum { EXCERPT_CHARS = 72 };

static const char usage_text[] =
    "usage: cqa check [OPTIONS] DRAFT\n"
    "Check a draft against readability thresholds before publishing.\n"
    "\n"
    "DRAFT is an HTML, Markdown (.md) or text (.txt) file, - for standard\n"
    "input, or an http, https or file URL.  Prints the readability scores\n"
    "and consensus grade, the hardest sentences and the paragraphs over\n"
    "the limit with their line numbers in DRAFT, the shares of long and\n"
    "passive sentences, and a verdict.\n"
    "\n"
    "Options:\n"
    "  -c, --config FILE     thresholds from FILE (default ./cqa.ini if it\n"
    "                        exists, else the defaults in cqa(1))\n"
    "  -f, --format FORMAT   text (default) or json\n"
    "  -a, --against DIR     also list the pages of the audit in DIR\n"
    "                        (cqa audit -o DIR) the draft nearly duplicates\n"
    "      --type TYPE       read DRAFT as html, markdown or text (default:\n"
    "                        by its name; standard input: html if it starts\n"
    "                        with '<', else text)\n"
    "      --lang TAG        the draft's language (default: declared or\n"
    "                        detected, else en)\n"
    "      --cacert FILE     for an https DRAFT: trust the CA certificates\n"
    "                        in FILE (default: $SSL_CERT_FILE)\n"
    "      --capath DIR      ... or the hashed ones in DIR ($SSL_CERT_DIR)\n"
    "      --insecure        do not verify the certificate (warned)\n"
    "  -q, --quiet           no warnings\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 the draft passes every threshold, 1 it fails one,\n"
    "2 error (bad option or config file, unreadable draft or audit).\n";

static noreturn void fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static noreturn void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cqa check: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(CHECK_ERROR);
}

/* ---- the config file ---- */

/* A threshold; off: not enforced (the measure is still shown). */
typedef struct limit {
	double v;
	int off;
} limit;

typedef struct check_config {
	limit max_grade;
	limit min_flesch;
	limit max_sentence_words; /* a longer sentence is long */
	limit max_long_sentence_share;
	limit max_paragraph_words;
	limit max_passive_share;
	limit max_similarity;
	limit hardest_sentences; /* how many are listed */
	char lang[36];           /* "": the draft's own */
	const char *file;        /* the file read; NULL: the defaults */
} check_config;

enum { K_NUMBER, K_SHARE, K_WHOLE };

/* The keys of [check], their defaults and where those come from (cqa(1)
 * lists the same). */
static const struct key {
	const char *name;
	int kind;
	size_t off;
	double lo, hi;
	int may_be_off;
	double dflt;
} keys[] = {
    /* Hemingway Editor: "good" at grade 9 or lower */
    {"max_grade", K_NUMBER, offsetof(check_config, max_grade), 0, 100, 1, 9},
    /* Flesch 1948: 60 to 70 is plain English; Yoast SEO: 60 and up */
    {"min_flesch", K_NUMBER, offsetof(check_config, min_flesch), -1000, 122, 1,
     60},
    /* Yoast SEO: a sentence of more than 20 words is long ... */
    {"max_sentence_words", K_WHOLE, offsetof(check_config, max_sentence_words),
     1, 1000, 0, 20},
    /* ... and at most 25% of the sentences may be long */
    {"max_long_sentence_share", K_SHARE,
     offsetof(check_config, max_long_sentence_share), 0, 1, 1, 0.25},
    /* Yoast SEO: paragraphs of at most 150 words */
    {"max_paragraph_words", K_WHOLE,
     offsetof(check_config, max_paragraph_words), 1, 1000000, 1, 150},
    /* Yoast SEO: at most 10% of the sentences in the passive voice */
    {"max_passive_share", K_SHARE, offsetof(check_config, max_passive_share), 0,
     1, 1, 0.10},
    /* cqa-analyze: near duplicates from a similarity of 0.5 */
    {"max_similarity", K_SHARE, offsetof(check_config, max_similarity), 0.01, 1,
     1, 0.5},
    {"hardest_sentences", K_WHOLE, offsetof(check_config, hardest_sentences), 0,
     1000, 0, 5},
};
enum { N_KEYS = sizeof keys / sizeof *keys };

static limit *key_limit(check_config *c, const struct key *k)
{
	return (limit *)(void *)((char *)c + k->off);
}

static void config_default(check_config *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < N_KEYS; i++)
		key_limit(c, &keys[i])->v = keys[i].dflt;
}

typedef struct ini_state {
	check_config *c;
	char err[256]; /* the first error */
} ini_state;

/* A value of a key: a number ("0.25", a share also "25%"), or "off". */
static int parse_value(const struct key *k, const char *value, limit *out,
                       char *err, size_t size)
{
	if (!strcasecmp(value, "off") || !strcasecmp(value, "none")) {
		if (!k->may_be_off) {
			snprintf(err, size, "%s cannot be off", k->name);
			return -1;
		}
		out->off = 1;
		return 0;
	}
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	if (end != value && k->kind == K_SHARE && *end == '%') {
		v /= 100;
		end++;
	}
	if (end == value || *end || errno || !isfinite(v)) {
		snprintf(err, size, "%s: '%s' is not a number%s", k->name,
		         value,
		         k->kind == K_SHARE ? " (a share: 0.25 or 25%)" : "");
		return -1;
	}
	if (k->kind == K_WHOLE && v != floor(v)) {
		snprintf(err, size, "%s: '%s' is not a whole number", k->name,
		         value);
		return -1;
	}
	if (v < k->lo || v > k->hi) {
		snprintf(err, size, "%s: %s is not from %g to %g", k->name,
		         value, k->lo, k->hi);
		return -1;
	}
	out->v = v;
	out->off = 0;
	return 0;
}

static int on_ini(void *user, const char *section, const char *name,
                  const char *value)
{
	ini_state *st = user;
	char err[256];
	if (strcasecmp(section, "check") != 0) {
		snprintf(err, sizeof err,
		         *section ? "[%s]: not a section of cqa.ini (it has "
		                    "[check])"
		                  : "%s: before [check]",
		         *section ? section : name);
		goto bad;
	}
	if (!strcasecmp(name, "lang")) {
		if (strlen(value) >= sizeof st->c->lang) {
			snprintf(err, sizeof err, "lang: '%s' is too long",
			         value);
			goto bad;
		}
		snprintf(st->c->lang, sizeof st->c->lang, "%s", value);
		return 1;
	}
	for (size_t i = 0; i < N_KEYS; i++)
		if (!strcasecmp(name, keys[i].name)) {
			if (parse_value(&keys[i], value,
			                key_limit(st->c, &keys[i]), err,
			                sizeof err) != 0)
				goto bad;
			return 1;
		}
	snprintf(err, sizeof err, "%s: not a key of [check]", name);
bad:
	if (!st->err[0])
		snprintf(st->err, sizeof st->err, "%s", err);
	return 0;
}

/* --config FILE, else ./cqa.ini, else the defaults. */
static void config_load(check_config *c, const char *file)
{
	config_default(c);
	if (!file) {
		if (access("cqa.ini", F_OK) != 0)
			return;
		file = "./cqa.ini";
	}
	ini_state st = {c, ""};
	int rc = ini_parse(file, on_ini, &st);
	if (rc == -1)
		fail("%s: cannot read the config file: %s", file,
		     strerror(errno ? errno : ENOENT));
	if (rc > 0)
		fail("%s:%d: %s", file, rc,
		     st.err[0] ? st.err : "not a line of an INI file");
	if (rc < 0)
		fail("%s: out of memory reading the config file", file);
	c->file = file;
}

/* ---- reading the draft ---- */

typedef struct draft {
	const char *name;   /* as given */
	const char *format; /* "html", "markdown" or "text" */
	json_t *doc;
} draft;

static const char *const format_names[] = {"html", "text", "markdown"};

static int take_first(void *ud, json_t *doc)
{
	json_t **slot = ud;
	if (*slot)
		json_decref(doc);
	else
		*slot = doc;
	return 0;
}

/* The status and error class of the page's row of a crawl.csv (RFC 4180;
 * the columns of docs/formats.md: status third, error fourth, kind
 * twelfth). */
static void page_row(FILE *csv, char *status, char *error, size_t size)
{
	enum { STATUS = 2, ERROR = 3, KIND = 11, COLS = 14 };
	char cell[COLS][64];
	size_t col = 0, len = 0;
	int quoted = 0, c, row = 0;
	*status = *error = '\0';
	memset(cell, 0, sizeof cell);
	rewind(csv);
	while ((c = fgetc(csv)) != EOF) {
		if (quoted) {
			if (c != '"') {
				goto add;
			}
			c = fgetc(csv);
			if (c == '"')
				goto add;
			quoted = 0;
			if (c == EOF)
				break;
		}
		if (c == '"') {
			quoted = 1;
			continue;
		}
		if (c == ',' || c == '\n') {
			if (col < COLS)
				cell[col][len < 63 ? len : 63] = '\0';
			col++;
			len = 0;
			if (c == '\n') {
				if (row++ && col > KIND &&
				    !strcmp(cell[KIND], "page")) {
					snprintf(status, size, "%s",
					         cell[STATUS]);
					snprintf(error, size, "%s",
					         cell[ERROR]);
				}
				col = 0;
				memset(cell, 0, sizeof cell);
			}
			continue;
		}
		if (c == '\r')
			continue;
	add:
		if (col < COLS && len < 63)
			cell[col][len] = (char)c;
		len++;
	}
}

/* An http, https or file URL: fetched into a temporary WARC, parsed. */
static void read_url(draft *d, const parse_options *po, const cqa_log *log,
                     const fetch_options *tls)
{
	char path[] = "/tmp/cqa-check-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		fail("cannot create a temporary file: %s", strerror(errno));
	FILE *warc = fdopen(fd, "w+b");
	FILE *csv = tmpfile();
	if (!warc || !csv)
		fail("cannot create a temporary file: %s", strerror(errno));
	fetch_options fo;
	fetch_options_default(&fo);
	fo.log = log;
	fo.cacert = tls->cacert;
	fo.capath = tls->capath;
	fo.insecure = tls->insecure;
	fo.keep_non_html = 1; /* Markdown served as text/markdown */
	fetch_stats fs;
	memset(&fs, 0, sizeof fs);
	cqa_error err;
	cqa_error_clear(&err);
	const char *urls[] = {d->name};
	int rc = fetch_run(&fo, urls, 1, warc, csv, &fs, &err);
	fclose(warc);
	char status[64], error[64];
	page_row(csv, status, error, sizeof status);
	fclose(csv);
	if (rc != 0) {
		unlink(path);
		fail("%s", err.msg);
	}
	if (atoi(status) >= 400 || (!fs.ok && !fs.http_errors)) {
		unlink(path);
		if (atoi(status) >= 400)
			fail("%s: HTTP status %s", d->name, status);
		fail("%s: could not be fetched (%s)", d->name,
		     fs.errors[0] ? fs.errors
		     : error[0]   ? error
		                  : "no response");
	}
	parse_options o = *po;
	o.jobs = 1;
	rc = parse_path(&o, path, take_first, &d->doc, &err);
	unlink(path);
	if (rc && err.code)
		fail("%s", err.msg);
	if (!d->doc)
		fail("%s: no HTML, Markdown or text page in the response",
		     d->name);
	json_int_t code = json_integer_value(json_object_get(d->doc, "status"));
	if (code >= 400)
		fail("%s: HTTP status %d", d->name, (int)code);
	const char *type = jsonl_str(d->doc, "content_type");
	d->format = type && !strncasecmp(type, "text/markdown", 13) ? "markdown"
	            : type && !strncasecmp(type, "text/plain", 10)  ? "text"
	                                                            : "html";
}

/* A file or standard input, read as type (-1: by name and content). */
static void read_local(draft *d, int type, const parse_options *po)
{
	int stdin_ = !strcmp(d->name, "-");
	struct stat st;
	if (!stdin_ && stat(d->name, &st) == 0 && S_ISDIR(st.st_mode))
		fail("%s: is a directory; cqa check reads one draft "
		     "(cqa audit reads many)",
		     d->name);
	FILE *f = stdin_ ? stdin : fopen(d->name, "rb");
	if (!f)
		fail("%s: cannot open: %s", d->name, strerror(errno));
	/* One byte more than a page may have, so the parser warns of the
	 * cut. */
	size_t cap = po->max_page_bytes + 1;
	buf_t bytes = BUF_INIT;
	char chunk[65536];
	size_t n;
	while (bytes.len < cap &&
	       (n = fread(chunk, 1,
	                  cap - bytes.len < sizeof chunk ? cap - bytes.len
	                                                 : sizeof chunk,
	                  f)) > 0)
		buf_add(&bytes, chunk, n);
	int bad = ferror(f);
	if (!stdin_)
		fclose(f);
	if (bad)
		fail("%s: cannot read: %s", d->name, strerror(errno));
	if (type < 0) {
		const unsigned char *head =
		    (const unsigned char *)buf_cstr(&bytes);
		size_t sniff = bytes.len < 4096 ? bytes.len : 4096;
		int k = parse_text_kind(stdin_ ? NULL : d->name, head, sniff);
		if (k == TEXT_KIND_MARKDOWN) {
			type = 2;
		} else if (k == TEXT_KIND_PLAIN) {
			type = 1;
		} else {
			/* HTML, unless it does not start like markup */
			size_t i = 0;
			if (sniff >= 3 && head[0] == 0xEF && head[1] == 0xBB &&
			    head[2] == 0xBF)
				i = 3;
			while (i < sniff && strchr(" \t\r\n\f", head[i]))
				i++;
			type = i < sniff && head[i] == '<' ? 0 : 1;
		}
	}
	buf_t url = BUF_INIT;
	if (!stdin_)
		url_from_path(d->name, &url);
	parse_page_info info = {.url = url.len ? buf_cstr(&url) : NULL,
	                        .source =
	                            stdin_ ? "(standard input)" : d->name};
	cqa_error err;
	cqa_error_clear(&err);
	d->doc = type == 0
	             ? parse_html_document(po, buf_cstr(&bytes), bytes.len,
	                                   &info, &err)
	             : parse_text_document(po, buf_cstr(&bytes), bytes.len,
	                                   &info, type == 2, &err);
	buf_free(&bytes);
	buf_free(&url);
	if (!d->doc)
		fail("%s", err.msg);
	d->format = format_names[type];
}

/* ---- measuring ---- */

/* A content block of the draft: where its text is in the document's
 * text, whether it is prose, and its source lines. */
typedef struct span {
	size_t at, len;
	int prose;
	const json_t *block;
} span;

typedef struct sentence {
	size_t line; /* 0: unknown */
	size_t words;
	double grade; /* Flesch-Kincaid grade of the sentence alone */
	int passive;
	size_t at, len; /* in the document's text */
} sentence;

typedef struct paragraph {
	size_t line;
	size_t words;
	size_t at, len;
} paragraph;

/* Everything measure_draft() finds. */
typedef struct measures {
	const char *text;
	size_t text_len;
	const char *lang; /* the language measured */
	int lang_assumed; /* the draft said none: English assumed */
	int english;
	page_measures pm;
	span *spans;
	size_t nspans;
	sentence *sent;
	size_t nsent, cap_sent;
	paragraph *para;
	size_t npara;
	size_t long_sentences, passive_sentences, long_paragraphs;
} measures;

/* Is a block prose?  Not a heading, code or a table row, by its path:
 * "markdown/h2", "markdown/pre", "markdown/tr", or an HTML path through
 * pre, code, table or tr, or ending at h1..h6. */
static int prose_path(const char *path)
{
	if (!path)
		return 1;
	const char *last = NULL;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		size_t name = strcspn(p, "#./");
		if (name > n)
			name = n;
		static const char *const not_prose[] = {
		    "pre", "code", "table", "tr", "td", "th", "thead", "tbody"};
		for (size_t i = 0; i < sizeof not_prose / sizeof *not_prose;
		     i++)
			if (strlen(not_prose[i]) == name &&
			    !strncasecmp(p, not_prose[i], name))
				return 0;
		last = p;
		p += n;
		p += *p == '/';
	}
	return !(last && (last[0] == 'h' || last[0] == 'H') && last[1] >= '1' &&
	         last[1] <= '6' &&
	         (!last[2] || last[2] == '#' || last[2] == '.'));
}

/* The content blocks as spans of the document's text ("text" is their
 * texts joined by blank lines); none when it is not. */
static void find_spans(measures *m, const json_t *blocks)
{
	size_t at = 0, i;
	const json_t *b;
	m->spans = xcalloc(json_array_size(blocks) + 1, sizeof *m->spans);
	json_array_foreach(blocks, i, b)
	{
		const char *label = jsonl_str(b, "label");
		const json_t *jt = json_object_get(b, "text");
		if (!label || strcmp(label, "content") || !json_is_string(jt))
			continue;
		size_t n = json_string_length(jt);
		if (m->nspans) {
			if (m->text_len - at < 2 ||
			    memcmp(m->text + at, "\n\n", 2))
				goto mismatch;
			at += 2;
		}
		if (m->text_len - at < n ||
		    memcmp(m->text + at, json_string_value(jt), n))
			goto mismatch;
		m->spans[m->nspans++] =
		    (span){at, n, prose_path(jsonl_str(b, "path")), b};
		at += n;
	}
	return;
mismatch:
	m->nspans = 0;
}

static const span *span_at(const measures *m, size_t off)
{
	size_t lo = 0, hi = m->nspans;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->spans[mid].at + m->spans[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nspans && m->spans[lo].at <= off ? &m->spans[lo] : NULL;
}

/* The source line of byte off of a block's text: its "lines" pairs
 * [offset, line], else its "line". */
static size_t line_at(const span *s, size_t off)
{
	if (!s)
		return 0;
	const json_t *lines = json_object_get(s->block, "lines");
	size_t line = (size_t)jsonl_int(s->block, "line", 0), i;
	const json_t *pair;
	json_array_foreach(lines, i, pair)
	{
		if ((size_t)json_integer_value(json_array_get(pair, 0)) > off)
			break;
		line = (size_t)json_integer_value(json_array_get(pair, 1));
	}
	return line;
}

typedef struct sentence_pass {
	measures *m;
	const check_config *c;
} sentence_pass;

/* Each sentence of the draft, from measure_page()'s pass. */
static void on_sentence(void *ud, const char *start, size_t len, size_t line,
                        const text_counts *c)
{
	(void)line; /* of the joined text, not of the draft */
	sentence_pass *sp = ud;
	measures *m = sp->m;
	size_t at = (size_t)(start - m->text);
	const span *s = span_at(m, at);
	if (m->nspans && (!s || !s->prose))
		return;
	if (m->nsent == m->cap_sent) {
		m->cap_sent = m->cap_sent ? 2 * m->cap_sent : 64;
		m->sent = xrealloc(m->sent, m->cap_sent * sizeof *m->sent);
	}
	readability_scores sc;
	readability_compute(c, &sc);
	sentence *t = &m->sent[m->nsent++];
	*t = (sentence){.line = s ? line_at(s, at - s->at) : 0,
	                .words = c->words,
	                .grade = sc.flesch_kincaid_grade,
	                .passive = m->english && measures_passive(start, len),
	                .at = at,
	                .len = len};
	m->long_sentences += (double)c->words > sp->c->max_sentence_words.v;
	m->passive_sentences += t->passive;
}

/* Every measure of the draft, taken here and only here. */
static void measure_draft(measures *m, const json_t *doc, const check_config *c,
                          const char *lang_option)
{
	memset(m, 0, sizeof *m);
	const json_t *jt = json_object_get(doc, "text");
	m->text = json_is_string(jt) ? json_string_value(jt) : "";
	m->text_len = json_is_string(jt) ? json_string_length(jt) : 0;
	const json_t *blocks = json_object_get(doc, "blocks");
	find_spans(m, blocks);

	m->lang = lang_option  ? lang_option
	          : c->lang[0] ? c->lang
	                       : jsonl_str(doc, "lang");
	if (!m->lang || readability_lang_of(m->lang) == RL_UNKNOWN) {
		m->lang = "en";
		m->lang_assumed = 1;
	}
	m->english = readability_lang_of(m->lang) == RL_EN;

	wordlists *lists = wordlists_load(NULL);
	measurer *mr = measurer_new(lists);
	sentence_pass sp = {m, c};
	doc_view bv;
	doc_view_init(&bv);
	doc_blocks db;
	doc_blocks_from_json(&bv, blocks, &db);
	measure_page(mr, m->text, m->text_len, db.b ? &db : NULL, m->lang,
	             on_sentence, &sp, &m->pm);
	doc_view_free(&bv);
	measurer_free(mr);
	wordlists_free(lists);

	m->para = xcalloc(m->nspans + 1, sizeof *m->para);
	for (size_t i = 0; i < m->nspans; i++) {
		const span *s = &m->spans[i];
		if (!s->prose)
			continue;
		text_counts tc;
		text_count(m->text + s->at, s->len, &tc);
		if (!tc.words)
			continue;
		m->para[m->npara++] =
		    (paragraph){line_at(s, 0), tc.words, s->at, s->len};
		m->long_paragraphs +=
		    !c->max_paragraph_words.off &&
		    (double)tc.words > c->max_paragraph_words.v;
	}
}

static void measures_free(measures *m)
{
	free(m->spans);
	free(m->sent);
	free(m->para);
}

/* ---- near duplicates in an audit ---- */

typedef struct similar {
	char *url, *title;
	double similarity;
} similar;

typedef struct against {
	const char *dir;
	int measured; /* 0: the draft is too short to compare */
	size_t pages; /* pages compared */
	int shingle;  /* the audit's */
	long min_words;
	similar *v;
	size_t n, cap;
} against;

/* The audit's shingle size and minimum words from its summary record. */
static void audit_settings(against *a)
{
	a->shingle = 5;
	a->min_words = 50;
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/metrics.jsonl", a->dir);
	FILE *f = fopen(buf_cstr(&path), "r");
	if (f) {
		jsonl_reader r;
		jsonl_reader_init(&r, f, buf_cstr(&path));
		json_t *o;
		cqa_error err;
		int rc;
		while ((rc = jsonl_reader_next(&r, &o, &err)) != 0) {
			if (rc < 0)
				continue;
			const char *type = jsonl_str(o, "type");
			if (type && !strcmp(type, "summary")) {
				long long k = jsonl_int(o, "shingle", 5);
				a->shingle =
				    k >= 1 && k <= SHINGLE_MAX_K ? (int)k : 5;
				a->min_words = (long)jsonl_int(
				    o, "near_min_words", a->min_words);
			}
			json_decref(o);
		}
		jsonl_reader_free(&r);
		fclose(f);
	}
	buf_free(&path);
}

/* The sorted shingle set of a text; returns its normalised words. */
static size_t shingle_set_of(const char *text, size_t len, int k, buf_t *norm,
                             buf_t *ids, size_t *n)
{
	buf_reset(norm);
	buf_reset(ids);
	text_normalize(text, len, norm);
	size_t words =
	    shingle_ids(norm->data ? norm->data : "", norm->len, k, ids);
	*n = shingle_set((uint64_t *)(void *)ids->data, ids->len / 8);
	return words;
}

static int by_similarity(const void *x, const void *y)
{
	const similar *a = x, *b = y;
	if (a->similarity != b->similarity)
		return a->similarity < b->similarity ? 1 : -1;
	return strcmp(a->url ? a->url : "", b->url ? b->url : "");
}

/* Compares the draft's text with every page of DIR/docs.jsonl. */
static void compare_audit(against *a, const char *text, size_t len,
                          double threshold)
{
	audit_settings(a);
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/docs.jsonl", a->dir);
	FILE *f = fopen(buf_cstr(&path), "r");
	if (!f)
		fail("--against %s: %s: %s (not the directory of a cqa "
		     "audit?)",
		     a->dir, buf_cstr(&path), strerror(errno));
	buf_t norm = BUF_INIT, mine = BUF_INIT, ids = BUF_INIT;
	size_t nmine;
	size_t words =
	    shingle_set_of(text, len, a->shingle, &norm, &mine, &nmine);
	a->measured = (long)words >= a->min_words && nmine > 0;
	jsonl_reader r;
	jsonl_reader_init(&r, f, buf_cstr(&path));
	json_t *doc;
	cqa_error err;
	int rc;
	while (a->measured && (rc = jsonl_reader_next(&r, &doc, &err)) != 0) {
		if (rc < 0) {
			fail("--against %s: %s", a->dir, err.msg);
		}
		const json_t *jt = json_object_get(doc, "text");
		long long status = jsonl_int(doc, "status", 0);
		size_t n;
		if (json_is_string(jt) && status < 400 &&
		    (long)shingle_set_of(json_string_value(jt),
		                         json_string_length(jt), a->shingle,
		                         &norm, &ids, &n) >= a->min_words &&
		    n) {
			a->pages++;
			double j = shingle_jaccard(
			    (const uint64_t *)(void *)mine.data, nmine,
			    (const uint64_t *)(void *)ids.data, n);
			if (j >= threshold) {
				if (a->n == a->cap) {
					a->cap = a->cap ? 2 * a->cap : 8;
					a->v = xrealloc(a->v,
					                a->cap * sizeof *a->v);
				}
				const char *url = jsonl_str(doc, "url");
				const char *title = jsonl_str(doc, "title");
				a->v[a->n++] =
				    (similar){xstrdup(url ? url : ""),
				              title ? xstrdup(title) : NULL, j};
			}
		}
		json_decref(doc);
	}
	jsonl_reader_free(&r);
	fclose(f);
	buf_free(&path);
	buf_free(&norm);
	buf_free(&mine);
	buf_free(&ids);
	qsort(a->v, a->n, sizeof *a->v, by_similarity);
}

static void against_free(against *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].url);
		free(a->v[i].title);
	}
	free(a->v);
}

/* ---- the checks ---- */

enum { R_PASS, R_FAIL, R_NOT_MEASURED, R_OFF };
static const char *const result_names[] = {"pass", "fail", "not_measured",
                                           "off"};

typedef struct check {
	const char *name;  /* JSON name */
	const char *label; /* for people */
	double value;      /* NaN: not measured */
	const limit *lim;
	int at_least;        /* the limit is a minimum */
	int percent;         /* value and limit are shares */
	const char *why_not; /* when not measured */
	int result;
	char detail[160];
	long long count, of; /* the value as "count of of"; -1: none */
} check;

static void decide(check *k)
{
	if (isnan(k->value))
		k->result = R_NOT_MEASURED;
	else if (k->lim->off)
		k->result = R_OFF;
	else
		k->result = (k->at_least ? k->value >= k->lim->v
		                         : k->value <= k->lim->v)
		                ? R_PASS
		                : R_FAIL;
}

enum { C_EASE, C_GRADE, C_LONG, C_PASSIVE, C_PARAS, C_DUPES, C__N };

/* A formula's name for people; the page record's name for the rest. */
static const char *formula_label(int f)
{
	static const char *const labels[][2] = {
	    {"flesch_kincaid_grade", "Flesch-Kincaid"},
	    {"gunning_fog", "Fog"},
	    {"smog", "SMOG"},
	    {"coleman_liau", "Coleman-Liau"},
	    {"ari", "ARI"},
	    {"wiener_sachtextformel", "Wiener Sachtextformel"}};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(readability_formulas[f].name, labels[i][0]))
			return labels[i][1];
	return readability_formulas[f].name;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const limit zero_limit = {0, 0};

/* The checks of a measured draft; returns how many there are. */
static size_t run_checks(check k[C__N], const measures *m,
                         const check_config *c, const against *a)
{
	static const char *const null_reasons[][2] = {
	    {"no_prose", "no prose to measure"},
	    {"language_unknown", "the language is unknown"},
	    {"language_unsupported", "no grade formula for the language"}};
	const char *why_grade = "no grade formula for the language";
	for (size_t i = 0; i < 3; i++)
		if (m->pm.r.null_reason &&
		    !strcmp(m->pm.r.null_reason, null_reasons[i][0]))
			why_grade = null_reasons[i][1];
	size_t ns = m->nsent;
	k[C_EASE] = (check){"reading_ease",
	                    "reading ease",
	                    m->pm.r.score[R_FRE],
	                    &c->min_flesch,
	                    1,
	                    0,
	                    m->english ? why_grade
	                               : "Flesch Reading Ease is for English",
	                    0,
	                    "",
	                    -1,
	                    -1};
	k[C_GRADE] = (check){"grade",
	                     "grade",
	                     m->pm.r.consensus,
	                     &c->max_grade,
	                     0,
	                     0,
	                     why_grade,
	                     0,
	                     "",
	                     -1,
	                     -1};
	if (!isnan(m->pm.r.consensus)) {
		buf_t d = BUF_INIT;
		buf_printf(&d, "median of");
		for (int f = 0, first = 1; f < R__COUNT; f++)
			if (readability_formulas[f].grade &&
			    !isnan(m->pm.r.score[f])) {
				buf_printf(&d, "%s %s %.1f", first ? "" : ",",
				           formula_label(f), m->pm.r.score[f]);
				first = 0;
			}
		snprintf(k[C_GRADE].detail, sizeof k[C_GRADE].detail, "%s",
		         buf_cstr(&d));
		buf_free(&d);
	}
	k[C_LONG] = (check){"long_sentences",
	                    "long sentences",
	                    ns ? (double)m->long_sentences / (double)ns : NAN,
	                    &c->max_long_sentence_share,
	                    0,
	                    1,
	                    "no sentence",
	                    0,
	                    "",
	                    (long long)m->long_sentences,
	                    (long long)ns};
	snprintf(k[C_LONG].detail, sizeof k[C_LONG].detail,
	         "%zu of %zu %s over %.0f words", m->long_sentences, ns,
	         plural(ns, "sentence", "sentences"), c->max_sentence_words.v);
	k[C_PASSIVE] = (check){
	    "passive_voice",
	    "passive voice",
	    m->english && ns ? (double)m->passive_sentences / (double)ns : NAN,
	    &c->max_passive_share,
	    0,
	    1,
	    m->english ? "no sentence"
	               : "passive voice is found in English "
	                 "only",
	    0,
	    "",
	    m->english ? (long long)m->passive_sentences : -1,
	    m->english ? (long long)ns : -1};
	snprintf(k[C_PASSIVE].detail, sizeof k[C_PASSIVE].detail,
	         "%zu of %zu %s", m->passive_sentences, ns,
	         plural(ns, "sentence", "sentences"));
	k[C_PARAS] = (check){
	    "long_paragraphs",
	    "long paragraphs",
	    c->max_paragraph_words.off ? 0 : (double)m->long_paragraphs,
	    c->max_paragraph_words.off ? &c->max_paragraph_words : &zero_limit,
	    0,
	    0,
	    "",
	    0,
	    "",
	    c->max_paragraph_words.off ? -1 : (long long)m->long_paragraphs,
	    (long long)m->npara};
	if (!c->max_paragraph_words.off)
		snprintf(k[C_PARAS].detail, sizeof k[C_PARAS].detail,
		         "%zu of %zu %s over %.0f words", m->long_paragraphs,
		         m->npara, plural(m->npara, "paragraph", "paragraphs"),
		         c->max_paragraph_words.v);
	size_t n = C_PARAS + 1;
	if (a) {
		k[C_DUPES] = (check){"near_duplicates",
		                     "near duplicates",
		                     a->measured ? (double)a->n : NAN,
		                     &zero_limit,
		                     0,
		                     0,
		                     "the draft is too short to compare",
		                     0,
		                     "",
		                     a->measured ? (long long)a->n : -1,
		                     (long long)a->pages};
		if (a->measured)
			snprintf(k[C_DUPES].detail, sizeof k[C_DUPES].detail,
			         "%zu of %zu %s at similarity %.2f or more",
			         a->n, a->pages,
			         plural(a->pages, "page", "pages"),
			         c->max_similarity.v);
		n++;
	}
	for (size_t i = 0; i < n; i++)
		decide(&k[i]);
	return n;
}

/* ---- the report ---- */

static int by_grade(const void *x, const void *y)
{
	const sentence *a = *(const sentence *const *)x;
	const sentence *b = *(const sentence *const *)y;
	if (a->grade != b->grade)
		return a->grade < b->grade ? 1 : -1;
	if (a->words != b->words)
		return a->words < b->words ? 1 : -1;
	return (a->at > b->at) - (a->at < b->at);
}

/* The hardest sentences, most first: pointers into m->sent. */
static size_t hardest(const measures *m, size_t want, const sentence ***out)
{
	const sentence **v = xcalloc(m->nsent + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < m->nsent; i++)
		if (!isnan(m->sent[i].grade))
			v[n++] = &m->sent[i];
	qsort(v, n, sizeof *v, by_grade);
	*out = v;
	return n < want ? n : want;
}

/* Up to max code points of s, "..." when cut, on one line. */
static void excerpt(const char *s, size_t len, size_t max, buf_t *out)
{
	size_t chars = 0, i = 0;
	while (i < len && chars < max) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	for (size_t k = 0; k < i; k++)
		buf_addc(out, s[k] == '\n' || s[k] == '\t' ? ' ' : s[k]);
	if (i < len)
		buf_adds(out, "...");
}

/* A value (or, as_limit, a limit) as the text report shows it. */
static void format_value(const check *k, double v, int as_limit, buf_t *out)
{
	if (k->percent)
		buf_printf(out, "%.0f%%", 100 * v);
	else if (as_limit)
		buf_printf(out, "%g", v);
	else if (!strcmp(k->name, "long_paragraphs") ||
	         !strcmp(k->name, "near_duplicates"))
		buf_printf(out, "%.0f", v);
	else
		buf_printf(out, "%.1f", v);
}

/* "  reading ease      58.1  min 60   FAIL  detail" */
static void print_check(FILE *out, const check *k)
{
	buf_t v = BUF_INIT, lim = BUF_INIT;
	const char *result = "";
	if (k->result == R_NOT_MEASURED) {
		buf_adds(&v, "-");
		buf_adds(&lim, "not measured:");
	} else {
		format_value(k, k->value, 0, &v);
		if (k->result == R_OFF) {
			buf_adds(&lim, "no limit");
		} else {
			buf_adds(&lim, k->at_least ? "min " : "max ");
			format_value(k, k->lim->v, 1, &lim);
			result = k->result == R_PASS ? "ok" : "FAIL";
		}
	}
	const char *detail =
	    k->result == R_NOT_MEASURED ? k->why_not : k->detail;
	buf_t line = BUF_INIT;
	buf_printf(&line, "  %-16s %6s  %-9s %-4s  %s", k->label, buf_cstr(&v),
	           buf_cstr(&lim), result, detail);
	buf_rtrim(&line);
	fprintf(out, "%s\n", buf_cstr(&line));
	buf_free(&line);
	buf_free(&v);
	buf_free(&lim);
}

static void print_text(FILE *out, const draft *d, const measures *m,
                       const check *k, size_t nk, const check_config *c,
                       const against *a)
{
	size_t failed = 0;
	for (size_t i = 0; i < nk; i++)
		failed += k[i].result == R_FAIL;
	fprintf(out, "%s: %s",
	        !strcmp(d->name, "-") ? "(standard input)" : d->name,
	        failed ? "FAIL" : "PASS");
	fprintf(out, "  (%s, %s%s; %zu %s, %zu %s, %zu %s)\n", d->format,
	        m->lang, m->lang_assumed ? " assumed" : "", m->pm.all.words,
	        plural(m->pm.all.words, "word", "words"), m->nsent,
	        plural(m->nsent, "sentence", "sentences"), m->npara,
	        plural(m->npara, "paragraph", "paragraphs"));
	for (size_t i = 0; i < nk; i++)
		print_check(out, &k[i]);
	const sentence **hs;
	size_t nh = hardest(m, (size_t)c->hardest_sentences.v, &hs);
	if (nh) {
		fprintf(out, "Hardest sentences (Flesch-Kincaid grade of "
		             "each):\n");
		for (size_t i = 0; i < nh; i++) {
			buf_t e = BUF_INIT;
			excerpt(m->text + hs[i]->at, hs[i]->len, EXCERPT_CHARS,
			        &e);
			fprintf(
			    out, "  line %-4zu grade %4.1f  %3zu %s%s  %s\n",
			    hs[i]->line, hs[i]->grade, hs[i]->words,
			    plural(hs[i]->words, "word ", "words"),
			    hs[i]->passive ? ", passive" : "", buf_cstr(&e));
			buf_free(&e);
		}
	}
	free(hs);
	if (m->long_paragraphs) {
		fprintf(out, "Paragraphs over %.0f words:\n",
		        c->max_paragraph_words.v);
		for (size_t i = 0; i < m->npara; i++) {
			const paragraph *p = &m->para[i];
			if ((double)p->words <= c->max_paragraph_words.v)
				continue;
			buf_t e = BUF_INIT;
			excerpt(m->text + p->at, p->len, EXCERPT_CHARS - 10,
			        &e);
			fprintf(out, "  line %-4zu %4zu words  %s\n", p->line,
			        p->words, buf_cstr(&e));
			buf_free(&e);
		}
	}
	if (a && a->n) {
		fprintf(out, "Near duplicates in %s:\n", a->dir);
		for (size_t i = 0; i < a->n; i++)
			fprintf(out, "  similarity %.2f  %s%s%s%s\n",
			        a->v[i].similarity, a->v[i].url,
			        a->v[i].title ? "  \"" : "",
			        a->v[i].title ? a->v[i].title : "",
			        a->v[i].title ? "\"" : "");
	}
	fprintf(out, "Verdict: %s", failed ? "FAIL" : "PASS");
	if (failed) {
		fprintf(out, " (");
		for (size_t i = 0, first = 1; i < nk; i++)
			if (k[i].result == R_FAIL) {
				fprintf(out, "%s%s", first ? "" : ", ",
				        k[i].label);
				first = 0;
			}
		fprintf(out, ")");
	}
	fprintf(out, "; thresholds from %s\n",
	        c->file ? c->file : "the defaults");
}

static json_t *num(double v, double scale)
{
	return isnan(v) ? json_null() : json_real(round(v * scale) / scale);
}

static json_t *excerpt_json(const measures *m, size_t at, size_t len)
{
	return json_stringn(m->text + at, len);
}

static void print_json(FILE *out, const draft *d, const measures *m,
                       const check *k, size_t nk, const check_config *c,
                       const against *a)
{
	size_t failed = 0;
	for (size_t i = 0; i < nk; i++)
		failed += k[i].result == R_FAIL;
	json_t *o = json_object();
	json_object_set_new(o, "draft", json_string(d->name));
	json_object_set_new(o, "format", json_string(d->format));
	json_object_set_new(o, "lang", json_string(m->lang));
	json_object_set_new(o, "lang_assumed", json_boolean(m->lang_assumed));
	json_object_set_new(o, "title",
	                    json_deep_copy(json_object_get(d->doc, "title")));
	json_object_set_new(o, "verdict",
	                    json_string(failed ? "fail" : "pass"));
	json_object_set_new(o, "config",
	                    c->file ? json_string(c->file) : json_null());
	json_object_set_new(o, "words",
	                    json_integer((json_int_t)m->pm.all.words));
	json_object_set_new(o, "sentences", json_integer((json_int_t)m->nsent));
	json_object_set_new(o, "paragraphs",
	                    json_integer((json_int_t)m->npara));

	json_t *scores = json_object();
	for (int f = 0; f < R__COUNT; f++)
		json_object_set_new(scores, readability_formulas[f].name,
		                    num(m->pm.r.score[f], 100));
	json_object_set_new(scores, "consensus_grade",
	                    num(m->pm.r.consensus, 100));
	json_object_set_new(scores, "grade_spread", num(m->pm.r.spread, 100));
	json_object_set_new(o, "scores", scores);

	json_t *checks = json_array();
	for (size_t i = 0; i < nk; i++) {
		json_t *j = json_object();
		json_object_set_new(j, "name", json_string(k[i].name));
		json_object_set_new(j, "value", num(k[i].value, 10000));
		json_object_set_new(j, "limit",
		                    k[i].lim->off ? json_null()
		                                  : json_real(k[i].lim->v));
		json_object_set_new(j, "limit_is",
		                    json_string(k[i].at_least ? "min" : "max"));
		json_object_set_new(j, "result",
		                    json_string(result_names[k[i].result]));
		if (k[i].count >= 0) {
			json_object_set_new(j, "count",
			                    json_integer(k[i].count));
			json_object_set_new(j, "of", json_integer(k[i].of));
		}
		json_object_set_new(j, "note",
		                    k[i].result == R_NOT_MEASURED
		                        ? json_string(k[i].why_not)
		                    : k[i].detail[0] ? json_string(k[i].detail)
		                                     : json_null());
		json_array_append_new(checks, j);
	}
	json_object_set_new(o, "checks", checks);

	const sentence **hs;
	size_t nh = hardest(m, (size_t)c->hardest_sentences.v, &hs);
	json_t *ha = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(
		    ha, json_pack(
		            "{s:o,s:o,s:I,s:b,s:o}", "line",
		            hs[i]->line ? json_integer((json_int_t)hs[i]->line)
		                        : json_null(),
		            "grade", num(hs[i]->grade, 100), "words",
		            (json_int_t)hs[i]->words, "passive", hs[i]->passive,
		            "text", excerpt_json(m, hs[i]->at, hs[i]->len)));
	free(hs);
	json_object_set_new(o, "hardest_sentences", ha);

	json_t *pa = json_array();
	for (size_t i = 0; i < m->npara; i++) {
		const paragraph *p = &m->para[i];
		if (c->max_paragraph_words.off ||
		    (double)p->words <= c->max_paragraph_words.v)
			continue;
		json_array_append_new(
		    pa, json_pack("{s:o,s:I,s:o}", "line",
		                  p->line ? json_integer((json_int_t)p->line)
		                          : json_null(),
		                  "words", (json_int_t)p->words, "text",
		                  excerpt_json(m, p->at, p->len)));
	}
	json_object_set_new(o, "long_paragraphs", pa);

	if (a) {
		json_t *sa = json_array();
		for (size_t i = 0; i < a->n; i++)
			json_array_append_new(
			    sa,
			    json_pack(
			        "{s:s,s:o,s:o}", "url", a->v[i].url, "title",
			        a->v[i].title ? json_string(a->v[i].title)
			                      : json_null(),
			        "similarity", num(a->v[i].similarity, 10000)));
		json_object_set_new(o, "near_duplicates", sa);
		json_object_set_new(o, "pages_compared",
		                    json_integer((json_int_t)a->pages));
	}

	json_t *th = json_object();
	for (size_t i = 0; i < N_KEYS; i++) {
		const limit *l = key_limit((check_config *)c, &keys[i]);
		json_object_set_new(th, keys[i].name,
		                    l->off ? json_string("off")
		                           : json_real(l->v));
	}
	json_object_set_new(o, "thresholds", th);

	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                            JSON_REAL_PRECISION(10));
	fprintf(out, "%s\n", s ? s : "{}");
	free(s);
	json_decref(o);
}

/* ---- main ---- */

int check_main(int argc, char **argv)
{
	enum { OPT_TYPE = 256, OPT_LANG, OPT_CACERT, OPT_CAPATH, OPT_INSECURE };
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'f'},
	    {"against", required_argument, NULL, 'a'},
	    {"type", required_argument, NULL, OPT_TYPE},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"cacert", required_argument, NULL, OPT_CACERT},
	    {"capath", required_argument, NULL, OPT_CAPATH},
	    {"insecure", no_argument, NULL, OPT_INSECURE},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *config_file = NULL, *against_dir = NULL, *lang = NULL;
	int json = 0, type = -1;
	cqa_log log;
	cqa_log_init(&log, "cqa check", CQA_LOG_NORMAL);
	fetch_options tls; /* only its TLS fields are used */
	memset(&tls, 0, sizeof tls);
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "c:f:a:qh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'c':
			config_file = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "text"))
				fail("--format: '%s' is not text or json",
				     optarg);
			break;
		case 'a':
			against_dir = optarg;
			break;
		case OPT_TYPE:
			for (type = 0; type < 3; type++)
				if (!strcmp(optarg, format_names[type]))
					break;
			if (type == 3)
				fail("--type: '%s' is not html, markdown or "
				     "text",
				     optarg);
			break;
		case OPT_LANG:
			lang = optarg;
			break;
		case OPT_CACERT:
			tls.cacert = optarg;
			break;
		case OPT_CAPATH:
			tls.capath = optarg;
			break;
		case OPT_INSECURE:
			tls.insecure = 1;
			break;
		case 'q':
			log.level = CQA_LOG_QUIET;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CHECK_PASS;
		default:
			fail("%s: unknown option or missing value; see 'cqa "
			     "check --help'",
			     argv[optind - 1]);
		}
	}
	if (optind == argc)
		fail("no draft; usage: cqa check [OPTIONS] DRAFT");
	if (optind + 1 < argc)
		fail("one draft at a time (%d given)", argc - optind);

	check_config cfg;
	config_load(&cfg, config_file);

	parse_options po;
	parse_options_default(&po);
	po.log = &log;
	po.source_lines = 1;
	parse_global_init();
	draft d = {argv[optind], NULL, NULL};
	if (strcmp(d.name, "-") && url_has_fetch_scheme(d.name)) {
		if (type >= 0)
			fail("--type is for files and standard input; a URL's "
			     "type is its Content-Type");
		fetch_tls_check("cqa check", &log, &tls);
		read_url(&d, &po, &log, &tls);
	} else {
		read_local(&d, type, &po);
	}

	measures m;
	measure_draft(&m, d.doc, &cfg, lang);
	if (!m.pm.all.words)
		fail("%s: no text to check%s", d.name,
		     !strcmp(d.format, "html")
		         ? " (no article text found in the page)"
		         : "");
	against a = {against_dir, 0, 0, 0, 0, NULL, 0, 0};
	if (against_dir && !cfg.max_similarity.off)
		compare_audit(&a, m.text, m.text_len, cfg.max_similarity.v);
	check k[C__N];
	size_t nk = run_checks(
	    k, &m, &cfg, against_dir && !cfg.max_similarity.off ? &a : NULL);
	int failed = 0;
	for (size_t i = 0; i < nk; i++)
		failed |= k[i].result == R_FAIL;
	if (json)
		print_json(stdout, &d, &m, k, nk, &cfg,
		           against_dir && !cfg.max_similarity.off ? &a : NULL);
	else
		print_text(stdout, &d, &m, k, nk, &cfg,
		           against_dir && !cfg.max_similarity.off ? &a : NULL);
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("cannot write the report: %s", strerror(errno));
	against_free(&a);
	measures_free(&m);
	json_decref(d.doc);
	parse_global_cleanup();
	return failed ? CHECK_FAIL : CHECK_PASS;
}
