/*
 * test_e2e.c - the whole pipeline on the bundled sample site.
 *
 * Runs `cqa audit examples/site -o DIR` as a user would and checks the
 * findings that examples/site.md says the site was written to have:
 * the exact duplicate pair, the near duplicate (a light rewrite), the stock
 * closing paragraph on six pages, the thin page, the hard-to-read page, and
 * the shared template (navigation, previous/next links, teasers, footer,
 * cookie notice) labelled boilerplate rather than content and counted by
 * the template census.  Also runs the stage
 * programs as a pipe (cqa-fetch | cqa-parse | cqa-analyze | cqa-report) and
 * checks that it finds the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/jsonl.h"

static char dir[] = "/tmp/cqa-e2e-XXXXXX";
static buf_t summary = BUF_INIT;

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static int run(const char *cmd, buf_t *out)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		if (out)
			buf_add(out, chunk, n);
	return pclose(p);
}

static void read_file(const char *name, buf_t *out)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s was not written", path);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "'%s/cqa' audit '%s/examples/site' -o '%s' 2>&1",
	           env("CQA_BIN", "build/bin"), env("CQA_SOURCE", "."), dir);
	int status = run(cmd.data, &summary);
	buf_free(&cmd);
	if (status != 0) {
		fprintf(stderr, "cqa audit failed:\n%s\n", buf_cstr(&summary));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", dir);
	int rc = system(cmd.data);
	buf_free(&cmd);
	buf_free(&summary);
	return rc == 0 ? 0 : -1;
}

static void test_audit_writes_every_file(void **state)
{
	(void)state;
	static const char *const files[] = {"crawl.warc.gz", "crawl.csv",
	                                    "docs.jsonl",    "metrics.jsonl",
	                                    "pages.csv",     "duplicates.csv",
	                                    "summary.csv",   "boilerplate.csv",
	                                    "repeated.csv",  NULL};
	for (const char *const *f = files; *f; f++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, *f);
		if (access(path, R_OK) != 0)
			fail_msg("%s missing after cqa audit", *f);
	}
}

/* Finds the page record of a file of the sample site in metrics.jsonl. */
static json_t *page_record(const char *file)
{
	char path[512];
	snprintf(path, sizeof path, "%s/metrics.jsonl", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	jsonl_reader r;
	jsonl_reader_init(&r, f, path);
	json_t *obj, *found = NULL;
	cqa_error err;
	while (!found && jsonl_reader_next(&r, &obj, &err) == 1) {
		const char *type = jsonl_str(obj, "type");
		const char *url = jsonl_str(obj, "url");
		size_t n = url ? strlen(url) : 0, k = strlen(file);
		if (type && !strcmp(type, "page") && n > k &&
		    !strcmp(url + n - k, file) && url[n - k - 1] == '/')
			found = obj;
		else
			json_decref(obj);
	}
	jsonl_reader_free(&r);
	fclose(f);
	if (!found)
		fail_msg("no page record for %s", file);
	return found;
}

static void test_fifteen_pages(void **state)
{
	(void)state;
	buf_t pages = BUF_INIT;
	read_file("pages.csv", &pages);
	size_t rows = 0;
	for (const char *p = pages.data; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	/* header + 15 pages: 12 articles, index, about, privacy */
	assert_int_equal(rows, 16);
	buf_free(&pages);
}

static void test_exact_duplicate_found(void **state)
{
	(void)state;
	buf_t dups = BUF_INIT;
	read_file("duplicates.csv", &dups);
	/* The copy is reported as a duplicate of the original, which was
	 * fetched first (file order). */
	const char *row = strstr(dups.data, "stay-hydrated-guide.html");
	assert_non_null(row);
	const char *eol = strstr(row, "\r\n");
	const char *orig = strstr(row, "hydration-tips.html");
	assert_true(orig && orig < eol);
	buf_free(&dups);
	/* And the summary names both. */
	assert_non_null(strstr(summary.data, "stay-hydrated-guide.html"));
	assert_non_null(strstr(summary.data, "hydration-tips.html"));
}

static void test_thin_page_found(void **state)
{
	(void)state;
	json_t *p = page_record("posture-quick-tip.html");
	assert_true(json_is_true(json_object_get(p, "thin")));
	/* 65 words in the article body (examples/site.md) plus the
	 * headline's 7 are the article; allow the byline either way. */
	long long words = jsonl_int(p, "words", -1);
	assert_in_range(words, 60, 80);
	json_decref(p);
	assert_non_null(strstr(summary.data, "posture-quick-tip.html"));
	/* Long articles are not thin. */
	p = page_record("hidden-sugar.html");
	assert_false(json_is_true(json_object_get(p, "thin")));
	json_decref(p);
}

static void test_hard_page_found(void **state)
{
	(void)state;
	json_t *hard = page_record("vitamin-d-in-winter.html");
	json_t *easy = page_record("whole-grains-explained.html");
	assert_true(jsonl_num(hard, "flesch_kincaid_grade", 0) > 14);
	assert_true(jsonl_num(easy, "flesch_kincaid_grade", 99) < 8);
	json_decref(hard);
	json_decref(easy);
}

static void test_template_is_boilerplate(void **state)
{
	(void)state;
	buf_t docs = BUF_INIT;
	read_file("docs.jsonl", &docs);
	char *save = NULL;
	size_t n_docs = 0;
	for (char *line = strtok_r(docs.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *doc = json_loads(line, 0, NULL);
		assert_non_null(doc);
		const char *text = jsonl_str(doc, "text");
		const char *url = jsonl_str(doc, "url");
		/* Template text never reaches any page's article text. */
		static const char *const furniture[] = {"We use cookies",
		                                        "All rights reserved",
		                                        "Read more",
		                                        "<< Previous",
		                                        "Next: ",
		                                        "Share:",
		                                        NULL};
		for (const char *const *f = furniture; *f; f++)
			if (strstr(text, *f))
				fail_msg(
				    "%s: article text holds template \"%s\"",
				    url, *f);
		n_docs++;
		json_decref(doc);
	}
	assert_int_equal(n_docs, 15);
	buf_free(&docs);
	/* And each page reports a boilerplate share. */
	json_t *p = page_record("managing-stress.html");
	double share = jsonl_num(p, "boilerplate_share", -1);
	assert_true(share > 0.2 && share < 0.8);
	json_decref(p);
}

/* The CSV row of a file that holds needle, without its CR LF; fails when
 * there is none. */
static char *csv_row(const char *file, const char *needle)
{
	buf_t all = BUF_INIT;
	read_file(file, &all);
	const char *at = strstr(all.data, needle);
	if (!at)
		fail_msg("%s has no row with \"%s\"", file, needle);
	const char *start = at;
	while (start > all.data && start[-1] != '\n')
		start--;
	const char *end = strstr(at, "\r\n");
	char *row =
	    xstrndup(start, end ? (size_t)(end - start) : strlen(start));
	buf_free(&all);
	return row;
}

/* examples/site.md: benefits-of-walking.html is a light rewrite
 * of walking-every-day.html, Jaccard 0.59 on 5-word shingles. */
static void test_near_duplicate_found(void **state)
{
	(void)state;
	char *row = csv_row("duplicates.csv", "benefits-of-walking.html");
	assert_true(strncmp(row, "near,1,", 7) == 0);
	assert_non_null(strstr(row, "walking-every-day.html"));
	assert_non_null(strstr(row, ",0.5877,"));
	free(row);
	assert_non_null(strstr(summary.data,
	                       "benefits-of-walking.html  near  "
	                       "walking-every-day.html  (similarity 0.59)"));
	/* Both pages name each other as nearest. */
	json_t *p = page_record("walking-every-day.html");
	const char *near = jsonl_str(p, "nearest_url");
	assert_non_null(near);
	assert_non_null(strstr(near, "/benefits-of-walking.html"));
	assert_float_equal(jsonl_num(p, "nearest_similarity", 0), 0.5877, 1e-9);
	assert_int_equal(jsonl_int(p, "near_duplicates", -1), 1);
	json_decref(p);
	/* No other article is near anything: the exact pair is exact only. */
	p = page_record("hydration-tips.html");
	assert_int_equal(jsonl_int(p, "near_duplicates", -1), 0);
	json_decref(p);
}

/* The stock closing paragraph ends these six pages (README.md). */
static void test_repeated_paragraph_found(void **state)
{
	(void)state;
	char *row = csv_row("repeated.csv", "Remember, small changes add up.");
	/* kind,words,pages,words_sitewide: 35 words on 6 pages, 35 x 5 */
	assert_true(strncmp(row, "paragraph,35,6,175,", 19) == 0);
	static const char *const six[] = {
	    "/how-sleep-affects-weight.html", "/hydration-tips.html",
	    "/whole-grains-explained.html",   "/hidden-sugar.html",
	    "/meal-prep-for-beginners.html",  "/stay-hydrated-guide.html"};
	for (size_t i = 0; i < 6; i++)
		if (!strstr(row, six[i]))
			fail_msg("repeated.csv: closing paragraph lacks %s",
			         six[i]);
	free(row);
	assert_non_null(strstr(summary.data, "6 pages  35-word paragraph  "
	                                     "\"Remember, small changes add"));
}

/* The template blocks of README.md's table, with their page counts. */
static void test_template_blocks_found(void **state)
{
	(void)state;
	static const char *const on_all[] = {
	    "We use cookies to remember your preferences",
	    "All rights reserved", "Get one practical health tip",
	    "Practical health advice for everyday life"};
	for (size_t i = 0; i < sizeof on_all / sizeof *on_all; i++) {
		char *row = csv_row("boilerplate.csv", on_all[i]);
		/* label,pages,share_of_pages */
		if (strncmp(row, "boilerplate,15,1,", 17) != 0)
			fail_msg("boilerplate.csv: %s", row);
		free(row);
	}
	/* the share bar and "Related articles" are on the 12 articles */
	char *row = csv_row("boilerplate.csv", "Related articles");
	assert_true(strncmp(row, "boilerplate,12,", 15) == 0);
	free(row);
	/* the closing paragraph is article text, not template */
	buf_t all = BUF_INIT;
	read_file("boilerplate.csv", &all);
	assert_null(strstr(all.data, "Remember, small changes"));
	assert_null(strstr(all.data, "\ncontent,"));
	buf_free(&all);
	assert_non_null(strstr(summary.data, "template blocks (on 3+ pages)"));
	assert_non_null(strstr(summary.data, "15 pages  5% of site text  "
	                                     "\"We use cookies"));
	/* every article carries the template; its own text is not */
	json_t *p = page_record("managing-stress.html");
	double share = jsonl_num(p, "template_share", -1);
	assert_true(share > 0.2 && share < 0.5);
	json_decref(p);
}

static void test_stage_programs_in_a_pipe(void **state)
{
	(void)state;
	const char *bin = env("CQA_BIN", "build/bin");
	buf_t cmd = BUF_INIT, out = BUF_INIT;
	buf_printf(
	    &cmd,
	    "'%s/cqa-fetch' -q '%s/examples/site/hydration-tips.html' "
	    "'%s/examples/site/stay-hydrated-guide.html' "
	    "'%s/examples/site/posture-quick-tip.html' -o '%s/pipe.warc.gz' && "
	    "'%s/cqa-parse' '%s/pipe.warc.gz' | '%s/cqa-analyze' | "
	    "'%s/cqa-report'",
	    bin, env("CQA_SOURCE", "."), env("CQA_SOURCE", "."),
	    env("CQA_SOURCE", "."), dir, bin, dir, bin, bin);
	assert_int_equal(run(cmd.data, &out), 0);
	assert_non_null(strstr(out.data, "stay-hydrated-guide.html"));
	assert_non_null(strstr(out.data, "posture-quick-tip.html"));
	buf_free(&cmd);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_audit_writes_every_file),
	    cmocka_unit_test(test_fifteen_pages),
	    cmocka_unit_test(test_exact_duplicate_found),
	    cmocka_unit_test(test_thin_page_found),
	    cmocka_unit_test(test_hard_page_found),
	    cmocka_unit_test(test_template_is_boilerplate),
	    cmocka_unit_test(test_near_duplicate_found),
	    cmocka_unit_test(test_repeated_paragraph_found),
	    cmocka_unit_test(test_template_blocks_found),
	    cmocka_unit_test(test_stage_programs_in_a_pipe),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
