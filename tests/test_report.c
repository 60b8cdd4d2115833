/*
 * test_report.c - libcqa_report on hand-written metrics.
 *
 * tests/fixtures/metrics-small.jsonl holds six pages of one site, written by
 * hand: an original and its exact copy (one cluster), a thin page (42 words,
 * 82% boilerplate), a dense page (grade 15.2), a plain page and a 404.  Its
 * summary statistics were worked out by hand from those pages (words 42, 350,
 * 480, 480, 910: mean 452.4, median 480; quantiles by linear interpolation).
 * It also carries a record type and fields the report does not know, and a
 * template_block record of an early form (no label, chars or path); it has
 * none of the fields a newer analyzer adds, so it stands for an old
 * metrics.jsonl.
 *
 * tests/fixtures/metrics-near.jsonl is the newer analyzer's output for eight
 * pages of one site, written by hand: a near-duplicate pair (0.5903), an
 * exact pair, pages whose text is mostly shared with others, template
 * blocks (one labelled content: an extraction error), repeated passages,
 * and one page record of the old form.  Its visible_chars add up to 10570
 * over the site, so the 1057 chars of the footer are 10% of the site text.
 *
 * The tests check the cells each rule decides, the CSV files byte for byte
 * where that is short, and the summary text whole.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "report/report.h"

#define BOM "\xEF\xBB\xBF"
#define SITE "https://example.org"

/* ---- helpers ---------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, NULL);
}

static char *path_in(const char *dir, const char *name)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static char *fixture(const char *name)
{
	const char *dir = getenv("CQA_FIXTURES");
	return path_in(dir ? dir : "tests/fixtures", name);
}

/* A parsed CSV file: rows of NUL-terminated cells. */
typedef struct table {
	char ***rows;
	size_t *ncells;
	size_t nrows;
} table;

/* RFC 4180 reader, just enough for the files under test. */
static void parse_csv(const char *s, table *t)
{
	memset(t, 0, sizeof *t);
	assert_memory_equal(s, BOM, 3);
	s += 3;
	buf_t cell = BUF_INIT;
	char **row = NULL;
	size_t n = 0;
	while (*s) {
		buf_reset(&cell);
		buf_add(&cell, "", 0);
		if (*s == '"') {
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"')
					buf_addc(&cell, *s++);
				else if (*s == '"')
					break;
				else
					buf_addc(&cell, *s);
			}
			assert_int_equal(*s, '"');
			s++;
		} else {
			while (*s && *s != ',' && *s != '\r')
				buf_addc(&cell, *s++);
		}
		row = realloc(row, (n + 1) * sizeof *row);
		row[n++] = xstrdup(buf_cstr(&cell));
		if (*s == ',') {
			s++;
			continue;
		}
		assert_memory_equal(s, "\r\n", 2);
		s += 2;
		t->rows = realloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
		t->ncells = realloc(t->ncells, (t->nrows + 1) * sizeof(size_t));
		t->rows[t->nrows] = row;
		t->ncells[t->nrows++] = n;
		row = NULL;
		n = 0;
	}
	assert_null(row);
	buf_free(&cell);
}

static void free_table(table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncells[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->ncells);
}

static size_t col_index(const table *t, const char *col)
{
	size_t c = 0;
	while (c < t->ncells[0] && strcmp(t->rows[0][c], col) != 0)
		c++;
	assert_true(c < t->ncells[0]);
	return c;
}

/* The cell in column `col` of the row whose first cell is `key`. */
static const char *cell(const table *t, const char *key, const char *col)
{
	size_t c = col_index(t, col);
	for (size_t r = 1; r < t->nrows; r++) {
		assert_int_equal(t->ncells[r], t->ncells[0]);
		if (strcmp(t->rows[r][0], key) == 0)
			return t->rows[r][c];
	}
	fail_msg("no row %s", key);
	return NULL;
}

typedef struct run {
	char dir[64];
	char *out;     /* dir/out */
	char *summary; /* what report_run printed */
	int code;
	cqa_error err;
} run;

/* Runs the report on `in` (named name) with the options given, CSVs into a
 * fresh directory, the summary into memory. */
static void run_report(run *r, FILE *in, const char *name, report_options *o)
{
	strcpy(r->dir, "/tmp/cqa-test-report-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	r->out = path_in(r->dir, "out");
	size_t len = 0;
	r->summary = NULL;
	FILE *mem = open_memstream(&r->summary, &len);
	assert_non_null(mem);
	o->out_dir = r->out;
	o->summary = mem;
	r->code = report_run(o, in, name, &r->err);
	fclose(mem);
}

static void run_named_fixture(run *r, const char *name, report_options *o)
{
	char *path = fixture(name);
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	run_report(r, in, path, o);
	fclose(in);
	free(path);
}

static void run_fixture(run *r, report_options *o)
{
	run_named_fixture(r, "metrics-small.jsonl", o);
}

/* The whole text of file `name` of a run's output directory. */
static char *out_file(const run *r, const char *name)
{
	char *p = path_in(r->out, name);
	char *text = slurp(p);
	free(p);
	assert_non_null(text);
	return text;
}

static void run_string(run *r, const char *text, const char *name,
                       report_options *o)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(in);
	run_report(r, in, name, o);
	fclose(in);
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = path_in(dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static void run_free(run *r)
{
	remove_tree(r->dir);
	free(r->out);
	free(r->summary);
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* ---- the fixture ------------------------------------------------------ */

static void test_pages_csv(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_fixture(&r, &o);
	assert_int_equal(r.code, CQA_OK);

	char *p = path_in(r.out, "pages.csv");
	char *text = slurp(p);
	assert_non_null(text);
	/* Header, exactly as documented. */
	const char *head = BOM
	    "url,final_url,status,title,lang,words,sentences,paragraphs,"
	    "flesch_reading_ease,flesch_kincaid_grade,gunning_fog,smog,"
	    "coleman_liau,ari,avg_words_per_sentence,avg_syllables_per_word,"
	    "boilerplate_share,content_hash,thin,exact_duplicate_of,"
	    "issues,near_duplicate_of,nearest_url,nearest_similarity,"
	    "near_duplicates,common_share,common_words,common_sources,"
	    "template_blocks,template_share,link_density,"
	    "mostly_repeated\r\n";
	assert_memory_equal(text, head, strlen(head));
	/* The title with a comma and quotes, quoted and doubled. */
	assert_non_null(strstr(text, ",\"Quarks, \"\"gluons\"\" and you\","));

	table t;
	parse_csv(text, &t);
	assert_int_equal(t.nrows, 7); /* header + 6 pages */

	/* issues: one rule each, in the table's order. */
	assert_string_equal(cell(&t, SITE "/health/original.html", "issues"),
	                    "");
	assert_string_equal(cell(&t, SITE "/health/copy.html", "issues"),
	                    "exact_duplicate");
	/* 42 words < 200 and 0.82 > 0.8 */
	assert_string_equal(cell(&t, SITE "/health/short.html", "issues"),
	                    "thin;boilerplate_heavy");
	/* grade 15.2 > 12 */
	assert_string_equal(cell(&t, SITE "/science/dense.html", "issues"),
	                    "hard_to_read");
	assert_string_equal(cell(&t, SITE "/about", "issues"), "");
	/* A 404 gets only http_error although it has no words, is thin and
	 * is all boilerplate. */
	assert_string_equal(cell(&t, SITE "/missing.html", "issues"),
	                    "http_error");

	/* exact_duplicate_of: the canonical URL, on the copy only. */
	assert_string_equal(
	    cell(&t, SITE "/health/copy.html", "exact_duplicate_of"),
	    SITE "/health/original.html");
	assert_string_equal(
	    cell(&t, SITE "/health/original.html", "exact_duplicate_of"), "");

	/* Other cells as the fixture has them. */
	assert_string_equal(cell(&t, SITE "/about", "final_url"),
	                    SITE "/about.html");
	assert_string_equal(cell(&t, SITE "/about", "title"),
	                    "'@Team: about us"); /* formula guard */
	assert_string_equal(cell(&t, SITE "/missing.html", "status"), "404");
	assert_string_equal(cell(&t, SITE "/missing.html", "lang"), "");
	assert_string_equal(
	    cell(&t, SITE "/missing.html", "flesch_kincaid_grade"), "");
	assert_string_equal(cell(&t, SITE "/missing.html", "boilerplate_share"),
	                    "1");
	assert_string_equal(cell(&t, SITE "/health/short.html", "smog"), "");
	assert_string_equal(cell(&t, SITE "/health/short.html", "words"), "42");
	assert_string_equal(cell(&t, SITE "/health/short.html", "thin"),
	                    "true");
	assert_string_equal(
	    cell(&t, SITE "/health/short.html", "avg_syllables_per_word"),
	    "1.4");
	assert_string_equal(
	    cell(&t, SITE "/science/dense.html", "flesch_reading_ease"),
	    "32.4");
	assert_string_equal(
	    cell(&t, SITE "/science/dense.html", "content_hash"),
	    "d00dfeed12345678");

	/* An old metrics.jsonl: the newer columns are there, empty. */
	static const char *const newer[] = {
	    "near_duplicate_of", "nearest_url",     "nearest_similarity",
	    "near_duplicates",   "common_share",    "common_words",
	    "common_sources",    "template_blocks", "template_share",
	    "link_density",      "mostly_repeated", NULL};
	for (const char *const *c = newer; *c; c++)
		for (size_t row = 1; row < t.nrows; row++)
			assert_string_equal(t.rows[row][col_index(&t, *c)], "");

	free_table(&t);
	free(text);
	free(p);
	run_free(&r);
}

static void test_duplicates_and_summary_csv(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_fixture(&r, &o);
	assert_int_equal(r.code, CQA_OK);

	char *p = path_in(r.out, "duplicates.csv");
	char *text = slurp(p);
	assert_non_null(text);
	assert_string_equal(text, BOM
	                    "kind,cluster,url,duplicate_of,similarity,words\r\n"
	                    "exact,1," SITE "/health/copy.html," SITE
	                    "/health/original.html,1,480\r\n");
	free(text);
	free(p);

	p = path_in(r.out, "summary.csv");
	text = slurp(p);
	assert_non_null(text);
	assert_memory_equal(text,
	                    BOM "metric,count,mean,sd,min,p10,q1,median,q3,p90,"
	                        "max\r\n",
	                    strlen(BOM) + 44);
	/* sd of 42, 350, 480, 480, 910 (n - 1) is 312.18392..., four places */
	assert_non_null(
	    strstr(text, "\r\nwords,5,452.4,312.1839,42,165.2,350,480,480,738,"
	                 "910\r\n"));
	table t;
	parse_csv(text, &t);
	assert_int_equal(t.nrows, 5); /* the four metrics of the fixture */
	assert_string_equal(cell(&t, "boilerplate_share", "median"), "0.35");
	free_table(&t);
	free(text);
	free(p);

	/* The early template_block record: what it has, the rest empty;
	 * no repeated_text record, so the header alone. */
	text = out_file(&r, "boilerplate.csv");
	assert_string_equal(text,
	                    BOM "label,pages,share_of_pages,chars,"
	                        "chars_sitewide,first_url,path,text\r\n"
	                        ",5,,,,,,Subscribe to our newsletter\r\n");
	free(text);
	text = out_file(&r, "repeated.csv");
	assert_string_equal(text, BOM "kind,words,pages,words_sitewide,text,"
	                              "urls,more_urls\r\n");
	free(text);

	/* Only the five files: no NAME.tmp left behind. */
	assert_int_equal(count_files(r.out), 5);
	run_free(&r);
}

static void test_summary_text(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_fixture(&r, &o);
	assert_int_equal(r.code, CQA_OK);
	buf_t want = BUF_INIT;
	buf_printf(
	    &want,
	    "cqa report: 6 pages (5 with text)\n"
	    "  words          median 480   mean 452.4   range 42-910\n"
	    /* mean ease 56.762: 50-60 is "fairly difficult" */
	    "  reading ease   mean 56.8 (fairly difficult)   grade mean 10.2\n"
	    "  boilerplate    median 35%% of visible text\n"
	    "Needs attention\n"
	    "  HTTP errors: 1\n"
	    "    /missing.html  status 404  \"Not Found\"\n"
	    "  exact duplicates (1 cluster, 1 page):\n"
	    "    /health/copy.html  duplicates  /health/original.html  "
	    "(480 words)\n"
	    "  thin pages (fewer than 200 words): 1\n"
	    "    /health/short.html  42 words  \"Short note\"\n"
	    "  hard to read (grade above 12): 1\n"
	    "    /science/dense.html  grade 15.2  \"Quarks, \"gluons\" and "
	    "you\"\n"
	    "  boilerplate-heavy (over 80%% of visible text): 1\n"
	    "    /health/short.html  82%% boilerplate  \"Short note\"\n"
	    /* An early template_block record: no label, so a template
	     * block; no chars, so no share. */
	    "  template blocks (on 5+ pages): 1\n"
	    "    5 pages  \"Subscribe to our newsletter\"\n"
	    /* The line would pass 80 columns: "in DIR" below. */
	    "Files: pages.csv duplicates.csv summary.csv boilerplate.csv "
	    "repeated.csv\n"
	    "  in %s\n",
	    r.out);
	assert_string_equal(r.summary, buf_cstr(&want));
	buf_free(&want);
	run_free(&r);
}

static void test_thresholds_are_options(void **state)
{
	report_options o;
	report_options_default(&o);
	o.max_grade = 16;        /* 15.2 no longer hard */
	o.max_boilerplate = 0.4; /* now 0.45 (about) is heavy too */
	run r;
	run_fixture(&r, &o);
	assert_int_equal(r.code, CQA_OK);
	char *p = path_in(r.out, "pages.csv");
	char *text = slurp(p);
	table t;
	parse_csv(text, &t);
	assert_string_equal(cell(&t, SITE "/science/dense.html", "issues"), "");
	assert_string_equal(cell(&t, SITE "/about", "issues"),
	                    "boilerplate_heavy");
	free_table(&t);
	free(text);
	free(p);
	assert_null(strstr(r.summary, "hard to read"));
	assert_non_null(strstr(
	    r.summary, "  boilerplate-heavy (over 40% of visible text): 2\n"
	               "    /health/short.html  82% boilerplate"
	               "  \"Short note\"\n"
	               "    /about              45% boilerplate"));
	run_free(&r);
}

/* ---- records and errors ----------------------------------------------- */

static void test_unknown_records_ignored(void **state)
{
	const char *in =
	    "{\"type\":\"frobnicate\",\"url\":\"x\",\"words\":\"many\"}\n"
	    "{\"no_type\":true}\n"
	    "\n"
	    "{\"type\":\"page\",\"url\":\"https://a.example/x\",\"words\":500,"
	    "\"thin\":false,\"new_metric\":{\"a\":[1,2]},\"status\":200}\n"
	    "{\"type\":\"link_graph\",\"text\":\"Read more\",\"pages\":9}\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "new.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	/* One page; no summary record, so no statistics lines. */
	assert_non_null(strstr(r.summary, "cqa report: 1 page (1 with text)\n"
	                                  "Needs attention: nothing\n"));
	char *p = path_in(r.out, "pages.csv");
	char *text = slurp(p);
	table t;
	parse_csv(text, &t);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(cell(&t, "https://a.example/x", "words"), "500");
	assert_string_equal(cell(&t, "https://a.example/x", "issues"), "");
	free_table(&t);
	free(text);
	free(p);
	run_free(&r);
}

static void test_malformed_line(void **state)
{
	const char *in = "{\"type\":\"page\",\"url\":\"https://a.example/x\"}\n"
	                 "{\"type\":\"page\",\"url\":\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "bad.jsonl", &o);
	assert_int_equal(r.code, CQA_ERR_FORMAT);
	assert_int_equal(r.err.code, CQA_ERR_FORMAT);
	assert_memory_equal(r.err.msg, "bad.jsonl:2: ", 13);
	/* Nothing written, not even the directory's files. */
	assert_true(count_files(r.out) <= 0);
	assert_string_equal(r.summary, "");
	run_free(&r);
}

/* A page without a url (the analyzer writes null) is kept under its
 * final_url or its line; a cluster without urls is an error. */
static void test_records_without_url(void **state)
{
	const char *in = "{\"type\":\"page\",\"url\":null,\"words\":10}\n"
	                 "{\"type\":\"page\",\"final_url\":\"https://a.example/"
	                 "f\",\"words\":400}\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "nourl.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	char *p = path_in(r.out, "pages.csv");
	char *text = slurp(p);
	table t;
	parse_csv(text, &t);
	/* pages.csv leaves url and final_url empty */
	assert_string_equal(t.rows[1][0], "");
	assert_string_equal(t.rows[1][1], "");
	assert_string_equal(t.rows[1][col_index(&t, "issues")], "thin");
	assert_string_equal(t.rows[2][0], "https://a.example/f");
	assert_string_equal(t.rows[2][1], "https://a.example/f");
	/* the summary names it by its line, and shortens the other */
	assert_non_null(strstr(r.summary, "    (no url, line 1)  10 words\n"));
	assert_non_null(strstr(r.summary, "cqa report: 2 pages (2 with text)"));
	assert_string_equal(cell(&t, "https://a.example/f", "issues"), "");
	free_table(&t);
	free(text);
	free(p);
	run_free(&r);

	in = "{\"type\":\"summary\",\"pages\":0}\n"
	     "{\"type\":\"duplicate_cluster\",\"kind\":\"exact\"}\n";
	run_string(&r, in, "nourls.jsonl", &o);
	assert_int_equal(r.code, CQA_ERR_FORMAT);
	assert_string_equal(r.err.msg, "nourls.jsonl:2: duplicate_cluster "
	                               "record without \"kind\" or \"urls\"");
	run_free(&r);
}

/* A failed run leaves the files of an earlier run as they were. */
static void test_failed_run_keeps_old_files(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_fixture(&r, &o);
	assert_int_equal(r.code, CQA_OK);
	char *p = path_in(r.out, "pages.csv");
	char *before = slurp(p);

	static char bad[] = "{\"type\":\"page\",\"url\":\"u\"}\n{oops\n";
	FILE *in = fmemopen(bad, strlen(bad), "r");
	o.out_dir = r.out;
	o.summary = NULL;
	cqa_error err;
	assert_int_equal(report_run(&o, in, "x", &err), CQA_ERR_FORMAT);
	fclose(in);
	char *after = slurp(p);
	assert_string_equal(after, before);
	assert_int_equal(count_files(r.out), 5);
	free(before);
	free(after);
	free(p);
	run_free(&r);
}

static void test_output_dir_is_a_file(void **state)
{
	report_options o;
	report_options_default(&o);
	char dir[] = "/tmp/cqa-test-report-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *file = path_in(dir, "plain");
	FILE *f = fopen(file, "w");
	fclose(f);
	FILE *in = fmemopen("{\"type\":\"page\",\"url\":\"u\"}\n", 26, "r");
	o.out_dir = file;
	cqa_error err;
	assert_int_equal(report_run(&o, in, "x", &err), CQA_ERR_IO);
	assert_non_null(strstr(err.msg, "is not a directory"));
	fclose(in);
	remove_tree(dir);
	free(file);
}

/* ---- the summary's presentation ---------------------------------------- */

/* Local files show relative to the directory they share; lists stop at
 * top with a count of the rest; titles lose control characters. */
static void test_file_urls_and_top(void **state)
{
	buf_t in = BUF_INIT;
	for (int i = 1; i <= 12; i++)
		buf_printf(
		    &in,
		    "{\"type\":\"page\",\"url\":\"file:///srv/site/%s/p%02d"
		    ".html\",\"title\":\"Page\\u001b[2J %d\\nend\","
		    "\"words\":%d,\"thin\":true}\n",
		    i % 2 ? "a" : "b", i, i, 100 + i);
	report_options o;
	report_options_default(&o);
	o.top = 3;
	run r;
	run_string(&r, buf_cstr(&in), "files.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	/* Fewest words first; ESC and the newline become single spaces. */
	assert_non_null(strstr(r.summary,
	                       "  thin pages (fewer than 200 words): 12\n"
	                       "    a/p01.html  101 words  \"Page [2J 1 end\"\n"
	                       "    b/p02.html  102 words  \"Page [2J 2 end\"\n"
	                       "    a/p03.html  103 words  \"Page [2J 3 end\"\n"
	                       "    ... and 9 more\n"));
	buf_free(&in);
	run_free(&r);
}

/* Pages on two hosts keep their whole URL; long titles are cut to fit 80
 * columns, between words. */
static void test_mixed_hosts_and_long_title(void **state)
{
	const char *in =
	    "{\"type\":\"page\",\"url\":\"https://a.example/x\",\"words\":50,"
	    "\"title\":\"A title long enough that it cannot fit on one line of "
	    "the summary\"}\n"
	    "{\"type\":\"page\",\"words\":900,"
	    "\"url\":\"https://b.example/y\"}\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "two.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	/* No "thin" flag in the records: words < 200 decides. */
	const char *line = "    https://a.example/x  50 words  \"A title long "
	                   "enough that it cannot fit...\"\n";
	/* 80 columns would end in "fit o"; the cut backs off to the space. */
	assert_int_equal(strlen(line), 79);
	assert_non_null(strstr(r.summary, line));
	run_free(&r);
}

/* ---- near duplicates, shared text, template blocks -------------------- */

#define WALK "https://walk.example"

static void test_near_pages_csv(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_named_fixture(&r, "metrics-near.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	char *text = out_file(&r, "pages.csv");
	table t;
	parse_csv(text, &t);
	assert_int_equal(t.nrows, 9); /* header + 8 pages */
	/* The newer columns come after issues, which keeps its place. */
	assert_int_equal(col_index(&t, "issues"), 20);
	assert_int_equal(col_index(&t, "near_duplicate_of"), 21);
	assert_int_equal(col_index(&t, "mostly_repeated"), t.ncells[0] - 1);

	/* The near copy is the later page in URL order (the longer URL);
	 * the first page of the cluster is the one kept. */
	assert_string_equal(
	    cell(&t, WALK "/benefits-of-walking.html", "issues"),
	    "near_duplicate");
	assert_string_equal(
	    cell(&t, WALK "/benefits-of-walking.html", "near_duplicate_of"),
	    WALK "/walking-every-day.html");
	assert_string_equal(
	    cell(&t, WALK "/walking-every-day.html", "near_duplicate_of"), "");
	/* Both are flagged mostly_repeated by the analyzer, but the page
	 * each shares most with is the other (walking: 240 of 264 words),
	 * which near_duplicate says already: no mostly_repeated issue. */
	assert_string_equal(cell(&t, WALK "/walking-every-day.html", "issues"),
	                    "");
	assert_string_equal(
	    cell(&t, WALK "/walking-every-day.html", "mostly_repeated"),
	    "true");
	/* The exact pair likewise: only the copy's exact_duplicate. */
	assert_string_equal(cell(&t, WALK "/hydration.html", "issues"), "");
	assert_string_equal(cell(&t, WALK "/hydration-copy.html", "issues"),
	                    "exact_duplicate");
	assert_string_equal(
	    cell(&t, WALK "/hydration-copy.html", "near_duplicate_of"), "");
	/* Shared with pages outside any cluster of its own. */
	assert_string_equal(cell(&t, WALK "/sleep-better.html", "issues"),
	                    "mostly_repeated");
	/* No mostly_repeated flag in the record: common_share 0.7 > 0.5;
	 * codes in table order, the new ones last. */
	assert_string_equal(cell(&t, WALK "/tips.html", "issues"),
	                    "thin;mostly_repeated");
	assert_string_equal(cell(&t, WALK "/tips.html", "mostly_repeated"), "");
	assert_string_equal(cell(&t, WALK "/index.html", "issues"),
	                    "thin;boilerplate_heavy");

	/* Cells as the records have them. */
	const char *walk = WALK "/walking-every-day.html";
	assert_string_equal(cell(&t, walk, "nearest_url"),
	                    WALK "/benefits-of-walking.html");
	assert_string_equal(cell(&t, walk, "nearest_similarity"), "0.5903");
	assert_string_equal(cell(&t, walk, "near_duplicates"), "1");
	assert_string_equal(cell(&t, walk, "common_share"), "0.6241");
	assert_string_equal(cell(&t, walk, "common_words"), "264");
	assert_string_equal(cell(&t, walk, "common_sources"),
	                    WALK "/benefits-of-walking.html " WALK
	                         "/sleep-better.html");
	assert_string_equal(cell(&t, walk, "template_blocks"), "3");
	assert_string_equal(cell(&t, walk, "template_share"), "0.2");
	assert_string_equal(cell(&t, walk, "link_density"), "0.05");
	assert_string_equal(cell(&t, WALK "/index.html", "mostly_repeated"),
	                    "false");
	assert_string_equal(cell(&t, WALK "/hydration.html", "nearest_url"),
	                    WALK "/hydration-copy.html");
	assert_string_equal(
	    cell(&t, WALK "/hydration.html", "nearest_similarity"), "1");
	/* A page record of the old form in the same file. */
	for (size_t c = 21; c < t.ncells[0]; c++)
		assert_string_equal(t.rows[8][c], "");
	assert_string_equal(cell(&t, WALK "/old.html", "issues"), "");
	free_table(&t);
	free(text);
	run_free(&r);
}

static void test_near_other_csvs(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_named_fixture(&r, "metrics-near.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);

	char *text = out_file(&r, "duplicates.csv");
	assert_string_equal(text, BOM
	                    "kind,cluster,url,duplicate_of,similarity,words\r\n"
	                    "exact,1," WALK "/hydration-copy.html," WALK
	                    "/hydration.html,1,456\r\n"
	                    "near,1," WALK "/benefits-of-walking.html," WALK
	                    "/walking-every-day.html,0.5903,423\r\n");
	free(text);

	/* In record order; the content block's text is formula-guarded. */
	text = out_file(&r, "boilerplate.csv");
	assert_string_equal(
	    text,
	    BOM "label,pages,share_of_pages,chars,chars_sitewide,first_url,"
	        "path,text\r\n"
	        "boilerplate,7,0.875,151,1057," WALK "/index.html,"
	        "html/body/footer.site-footer/p,\"About us Contact Privacy "
	        "policy Terms of use \xC2\xA9 2024 Walk Example, a site about "
	        "walking, sleeping and drinking enough water every day\"\r\n"
	        "boilerplate,7,0.875,33,231," WALK "/index.html,"
	        "html/body/nav/ul,Home Walking Sleep Hydration Tips\r\n"
	        "content,5,0.625,45,225," WALK "/walking-every-day.html,"
	        "html/body/main/article/div.share,\"'=Share this article: "
	        "Facebook, Twitter, Email\"\r\n");
	free(text);

	/* URLs joined by a space. */
	text = out_file(&r, "repeated.csv");
	table t;
	parse_csv(text, &t);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.ncells[0], 7);
	const char *head[] = {"kind", "words", "pages",    "words_sitewide",
	                      "text", "urls",  "more_urls"};
	for (size_t c = 0; c < 7; c++)
		assert_string_equal(t.rows[0][c], head[c]);
	const char *want[][7] = {
	    {"paragraph", "36", "6", "180",
	     "Remember, small changes add up. Pick one habit this week, keep "
	     "it going for a month, and only then add the next one. That is "
	     "how walking, sleep and water become part of your life.",
	     WALK "/walking-every-day.html " WALK
	          "/benefits-of-walking.html " WALK "/sleep-better.html " WALK
	          "/tips.html " WALK "/hydration.html " WALK
	          "/hydration-copy.html",
	     "0"},
	    {"sentence", "7", "3", "14",
	     "Talk to your doctor before you start.",
	     WALK "/walking-every-day.html " WALK "/sleep-better.html " WALK
	          "/tips.html",
	     "0"},
	};
	for (size_t row = 0; row < 2; row++)
		for (size_t c = 0; c < 7; c++)
			assert_string_equal(t.rows[row + 1][c], want[row][c]);
	free_table(&t);
	free(text);

	/* summary.csv: metrics only, whatever else a metric object holds
	 * (histogram, outliers, confidence interval). */
	text = out_file(&r, "summary.csv");
	assert_string_equal(text,
	                    BOM "metric,count,mean,sd,min,p10,q1,median,q3,p90,"
	                        "max\r\n"
	                        "words,8,313.125,,60,,,355,,,456\r\n"
	                        "common_share,7,0.6556,,0.1,,,0.6241,,,1\r\n");
	free(text);
	run_free(&r);
}

static void test_near_summary_text(void **state)
{
	report_options o;
	report_options_default(&o);
	run r;
	run_named_fixture(&r, "metrics-near.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	buf_t want = BUF_INIT;
	buf_printf(
	    &want,
	    "cqa report: 8 pages (8 with text)\n"
	    "  words          median 355   mean 313.1   range 60-456\n"
	    /* the summary record's template_share and common_share */
	    "  template       26%% of visible text site-wide\n"
	    "  common text    63%% of main-text words also on other pages\n"
	    "Needs attention\n"
	    "  exact duplicates (1 cluster, 1 page):\n"
	    "    /hydration-copy.html  duplicates  /hydration.html  "
	    "(456 words)\n"
	    "  near duplicates (1 cluster, 1 page):\n"
	    "    /benefits-of-walking.html  near  /walking-every-day.html  "
	    "(similarity 0.59)\n"
	    "  thin pages (fewer than 200 words): 2\n"
	    "    /index.html  60 words  \"Walk more, sleep better\"\n"
	    "    /tips.html   150 words  \"Quick tips\"\n"
	    "  boilerplate-heavy (over 80%% of visible text): 1\n"
	    "    /index.html  90%% boilerplate  \"Walk more, sleep better\"\n"
	    /* most shared first, each with its first source */
	    "  mostly repeated text (over half also on other pages): 2\n"
	    "    /tips.html          70%% shared with  /sleep-better.html  "
	    "\"Quick tips\"\n"
	    "    /sleep-better.html  55%% shared with  /tips.html  "
	    "\"Sleep better tonight\"\n"
	    "  repeated passages (on 3+ pages): 2\n"
	    "    6 pages  36-word paragraph  \"Remember, small changes add "
	    "up. Pick one...\"\n"
	    "    3 pages  7-word sentence  \"Talk to your doctor before you "
	    "start.\"\n"
	    /* on 3+: the summary record's template_min_pages; 1057 of the
	     * site's 10570 visible chars */
	    "  template blocks (on 3+ pages): 2\n"
	    "    7 pages  10%% of site text  \"About us Contact Privacy "
	    "policy Terms of use...\"\n"
	    "    7 pages  2%% of site text  \"Home Walking Sleep Hydration "
	    "Tips\"\n"
	    "  warning: main text likely mis-extracted on pages with these "
	    "blocks: 1\n"
	    "    5 pages  e.g.  /walking-every-day.html  \"=Share this "
	    "article: Facebook,...\"\n"
	    "Files: pages.csv duplicates.csv summary.csv boilerplate.csv "
	    "repeated.csv\n"
	    "  in %s\n",
	    r.out);
	assert_string_equal(r.summary, buf_cstr(&want));
	/* Every line within 80 columns. */
	for (const char *line = r.summary; *line;) {
		size_t n = strcspn(line, "\n");
		if (strncmp(line, "  in ", 5) != 0)
			assert_true(n <= 80);
		line += n + (line[n] == '\n');
	}
	buf_free(&want);

	/* --top 1: one passage, one template block, the rest counted. */
	run_free(&r);
	o.top = 1;
	run_named_fixture(&r, "metrics-near.jsonl", &o);
	assert_non_null(strstr(r.summary,
	                       "  repeated passages (on 3+ pages): 2\n"
	                       "    6 pages  36-word paragraph"));
	assert_null(strstr(r.summary, "7-word sentence"));
	assert_non_null(strstr(r.summary, "Pick one...\"\n"
	                                  "    ... and 1 more\n"));
	assert_non_null(strstr(r.summary, "Terms of use...\"\n"
	                                  "    ... and 1 more\n"));
	run_free(&r);
}

/* A near cluster of three is a chain: a~c and b~c, a and b unlike.  Each
 * copy is reported against its most similar earlier page, else its most
 * similar page. */
static void test_near_cluster_chain(void **state)
{
	const char *in =
	    "{\"type\":\"page\",\"url\":\"https://n.example/"
	    "a\",\"words\":400}\n"
	    "{\"type\":\"page\",\"url\":\"https://n.example/"
	    "b\",\"words\":400}\n"
	    "{\"type\":\"page\",\"url\":\"https://n.example/"
	    "c\",\"words\":400}\n"
	    "{\"type\":\"duplicate_cluster\",\"kind\":\"near\",\"cluster\":1,"
	    "\"hash\":null,\"words\":400,\"urls\":[\"https://n.example/a\","
	    "\"https://n.example/b\",\"https://n.example/c\"],"
	    "\"min_similarity\":0.55,\"max_similarity\":0.7}\n"
	    "{\"type\":\"duplicate_pair\",\"kind\":\"near\",\"cluster\":1,"
	    "\"url_a\":\"https://n.example/a\",\"url_b\":\"https://n.example/"
	    "c\","
	    "\"similarity\":0.7}\n"
	    "{\"type\":\"duplicate_pair\",\"kind\":\"near\",\"cluster\":1,"
	    "\"url_a\":\"https://n.example/b\",\"url_b\":\"https://n.example/"
	    "c\","
	    "\"similarity\":0.55}\n"
	    /* a pair outside any cluster still gets its row */
	    "{\"type\":\"duplicate_pair\",\"kind\":\"near\","
	    "\"url_a\":\"https://n.example/x\",\"url_b\":\"https://n.example/"
	    "y\","
	    "\"similarity\":0.5}\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "chain.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	char *text = out_file(&r, "duplicates.csv");
	assert_string_equal(
	    text, BOM "kind,cluster,url,duplicate_of,similarity,words\r\n"
	              "near,1,https://n.example/b,https://n.example/c,0.55,"
	              "400\r\n"
	              "near,1,https://n.example/c,https://n.example/a,0.7,"
	              "400\r\n"
	              "near,,https://n.example/y,https://n.example/x,0.5,\r\n");
	free(text);
	text = out_file(&r, "pages.csv");
	table t;
	parse_csv(text, &t);
	assert_string_equal(cell(&t, "https://n.example/a", "issues"), "");
	assert_string_equal(cell(&t, "https://n.example/b", "issues"),
	                    "near_duplicate");
	assert_string_equal(
	    cell(&t, "https://n.example/b", "near_duplicate_of"),
	    "https://n.example/c");
	assert_string_equal(
	    cell(&t, "https://n.example/c", "near_duplicate_of"),
	    "https://n.example/a");
	free_table(&t);
	free(text);
	assert_non_null(strstr(r.summary,
	                       "  near duplicates (1 cluster, 2 pages):\n"
	                       "    /b  near  /c  (similarity 0.55)\n"
	                       "    /c  near  /a  (similarity 0.70)\n"));
	run_free(&r);
}

static void test_new_records_malformed(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
	    {"{\"type\":\"template_block\",\"label\":\"boilerplate\"}\n",
	     "x.jsonl:1: template_block record without \"text\""},
	    {"{\"type\":\"repeated_text\",\"words\":3}\n",
	     "x.jsonl:1: repeated_text record without \"text\""},
	    {"{\"type\":\"repeated_text\",\"text\":\"t\",\"urls\":[1]}\n",
	     "x.jsonl:1: repeated_text \"urls\" is not an array of strings"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		report_options o;
		report_options_default(&o);
		run r;
		run_string(&r, cases[i].in, "x.jsonl", &o);
		assert_int_equal(r.code, CQA_ERR_FORMAT);
		assert_string_equal(r.err.msg, cases[i].msg);
		run_free(&r);
	}
	/* Fields of the wrong type are missing values, not errors. */
	const char *in =
	    "{\"type\":\"page\",\"url\":\"https://n.example/a\",\"words\":400,"
	    "\"nearest_url\":7,\"common_share\":\"most\","
	    "\"common_sources\":[{\"words\":3},{\"url\":\"https://n.example/"
	    "b\"}],\"mostly_repeated\":\"yes\"}\n"
	    "{\"type\":\"repeated_text\",\"text\":\"Read more\",\"pages\":9}\n";
	report_options o;
	report_options_default(&o);
	run r;
	run_string(&r, in, "x.jsonl", &o);
	assert_int_equal(r.code, CQA_OK);
	char *text = out_file(&r, "pages.csv");
	table t;
	parse_csv(text, &t);
	assert_string_equal(cell(&t, "https://n.example/a", "nearest_url"), "");
	assert_string_equal(cell(&t, "https://n.example/a", "common_sources"),
	                    "https://n.example/b");
	assert_string_equal(cell(&t, "https://n.example/a", "issues"), "");
	free_table(&t);
	free(text);
	text = out_file(&r, "repeated.csv");
	assert_non_null(strstr(text, "\r\n,,9,,Read more,,\r\n"));
	free(text);
	assert_non_null(strstr(r.summary,
	                       "  repeated passages (on 9+ pages): 1\n"
	                       "    9 pages  \"Read more\"\n"));
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pages_csv),
	    cmocka_unit_test(test_duplicates_and_summary_csv),
	    cmocka_unit_test(test_summary_text),
	    cmocka_unit_test(test_thresholds_are_options),
	    cmocka_unit_test(test_unknown_records_ignored),
	    cmocka_unit_test(test_malformed_line),
	    cmocka_unit_test(test_records_without_url),
	    cmocka_unit_test(test_failed_run_keeps_old_files),
	    cmocka_unit_test(test_output_dir_is_a_file),
	    cmocka_unit_test(test_file_urls_and_top),
	    cmocka_unit_test(test_mixed_hosts_and_long_title),
	    cmocka_unit_test(test_near_pages_csv),
	    cmocka_unit_test(test_near_other_csvs),
	    cmocka_unit_test(test_near_summary_text),
	    cmocka_unit_test(test_near_cluster_chain),
	    cmocka_unit_test(test_new_records_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
