/*
 * test_e2e_dumps.c - `cqa audit` on a directory of text dumps.
 *
 * tests/fixtures/dumps holds five pages of a health content farm as a
 * scraper saved them: a date line, the title, the body in numbered
 * sections (its first paragraph repeating the title), then the template:
 * "<<: " and ">>: " lines naming the previous and next articles, "Related
 * articles" over six teasers cut at 51 characters, a share line and a
 * copyright line.  The audit reads the directory (.txt files), and each
 * page comes out as the fixture says: title and date in the metadata,
 * the body as content, the template as boilerplate, the lines the pages
 * share found by the template census.
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

#include <jansson.h>

#include "common/buf.h"
#include "fetch_harness.h"

static char dir[] = "/tmp/cqa-e2e-dumps-XXXXXX";

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* All of the audit file name, NUL-terminated; fails the test when it was
 * not written. */
static char *slurp(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *text = harness_slurp_path(path, NULL);
	if (!text)
		fail_msg("%s was not written", path);
	return text;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "'%s/cqa' audit -q '%s/tests/fixtures/dumps' -o '%s'",
	           env("CQA_BIN", "build/bin"), env("CQA_SOURCE", "."), dir);
	int status = system(cmd.data);
	buf_free(&cmd);
	return status == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	harness_remove_dir(dir); /* the audit writes no subdirectory */
	return 0;
}

/* Every JSON line of a file, parsed. */
static json_t *lines_of(const char *name)
{
	char *text = slurp(name);
	json_t *arr = json_array();
	for (char *l = text, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		json_error_t e;
		json_t *o = json_loads(l, 0, &e);
		assert_non_null(o);
		json_array_append_new(arr, o);
	}
	free(text);
	return arr;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const struct {
	const char *file, *title, *published;
} pages[] = {
    {"1-why-magnesium-matters-for-sleep.txt", "Why Magnesium Matters for Sleep",
     "2024-01-12"},
    {"2-how-much-water-do-you-really-need.txt",
     "How Much Water Do You Really Need?", "2024-02-03"},
    {"3-five-myths-about-vitamin-c-and-colds.txt",
     "Five Myths About Vitamin C and Colds", "2024-03-18"},
    {"4-walking-after-meals-what-the-research-says.txt",
     "Walking After Meals: What the Research Says", "2024-04-07"},
    {"5-is-coffee-bad-for-your-heart.txt", "Is Coffee Bad for Your Heart?",
     "2024-05-22"},
};
enum { N_PAGES = sizeof pages / sizeof *pages };

static void test_every_dump_read(void **state)
{
	(void)state;
	json_t *docs = lines_of("docs.jsonl");
	assert_int_equal(json_array_size(docs), N_PAGES);
	for (size_t i = 0; i < N_PAGES; i++) {
		const json_t *d = json_array_get(docs, i);
		assert_non_null(strstr(str(d, "url"), pages[i].file));
		assert_string_equal(str(d, "content_type"), "text/plain");
		assert_string_equal(str(d, "title"), pages[i].title);
		assert_string_equal(str(d, "published"), pages[i].published);
	}
	json_decref(docs);
}

/* The body is content, the title in it once; the template is not. */
static void test_body_and_template(void **state)
{
	(void)state;
	json_t *docs = lines_of("docs.jsonl");
	for (size_t i = 0; i < N_PAGES; i++) {
		const json_t *d = json_array_get(docs, i);
		const char *text = str(d, "text");
		assert_non_null(strstr(text, "1. "));
		assert_non_null(strstr(text, "3. "));
		const char *t = strstr(text, pages[i].title);
		assert_non_null(t);
		assert_null(strstr(t + 1, pages[i].title));
		const char *const template[] = {"<<:",
		                                ">>:",
		                                "Related articles",
		                                "Ten foods rich in iron",
		                                "Share this article",
		                                "All rights reserved",
		                                pages[i].published};
		for (size_t k = 0; k < sizeof template / sizeof *template; k++)
			if (strstr(text, template[k]))
				fail_msg("%s: the text holds \"%s\"",
				         pages[i].file, template[k]);
		size_t n;
		json_t *b;
		size_t boiler = 0;
		json_array_foreach(json_object_get(d, "blocks"), n, b)
		{
			boiler += !strcmp(str(b, "label"), "boilerplate");
		}
		/* date, <<:, >>:, Related, six teasers, share, copyright */
		assert_int_equal(boiler, 12);
	}
	json_decref(docs);
}

/* The pages' boilerplate share, and the template census: the teasers,
 * the "Related articles" line, the share and copyright lines are on all
 * five pages; each <<: and >>: line on one. */
static void test_census(void **state)
{
	(void)state;
	json_t *metrics = lines_of("metrics.jsonl");
	size_t i, seen = 0;
	json_t *m;
	json_array_foreach(metrics, i, m)
	{
		if (strcmp(str(m, "type"), "page"))
			continue;
		seen++;
		double share =
		    json_real_value(json_object_get(m, "boilerplate_share"));
		assert_true(share > 0.3 && share < 0.6);
		assert_true(json_integer_value(
		                json_object_get(m, "template_blocks")) >= 9);
	}
	assert_int_equal(seen, N_PAGES);
	json_decref(metrics);
	char *csv = slurp("boilerplate.csv");
	static const char *const shared[] = {
	    "Ten foods rich in iron that you should eat every...",
	    "The truth about detox teas and what they do to y...",
	    "Share this article: Facebook Twitter WhatsApp"};
	for (size_t k = 0; k < sizeof shared / sizeof *shared; k++) {
		const char *row = strstr(csv, shared[k]);
		if (!row)
			fail_msg("boilerplate.csv has no \"%s\"", shared[k]);
		const char *start = row;
		while (start > csv && start[-1] != '\n')
			start--;
		assert_int_equal(strncmp(start, "boilerplate,5,1,", 16), 0);
	}
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_dump_read),
	    cmocka_unit_test(test_body_and_template),
	    cmocka_unit_test(test_census),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
