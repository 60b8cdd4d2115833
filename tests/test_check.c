/*
 * test_check.c - cqa check, run as an editor runs it, on the drafts in
 * tests/fixtures/check/:
 *
 *   draft.md    Markdown with front matter, headings, a list and a table;
 *               one paragraph of 176 words (over Yoast's 150): FAIL.  Its
 *               hardest sentence ("Notwithstanding ...") starts on line 15,
 *               in the middle of a paragraph that starts on line 13.
 *   draft.html  a page with navigation, an aside and a footer around the
 *               article; 7 of its 11 sentences are passive, and its
 *               hardest ("Supplementation ...") starts on line 22 of the
 *               HTML: FAIL on reading ease, grade and passive voice.
 *   draft.txt   plain text in short sentences: PASS.
 *
 * The line numbers, sentence counts and verdicts were worked out from the
 * files by hand (the line of each sentence in an editor, the sentences of
 * the prose with headings and table rows left out).  Also: the exit
 * statuses 0, 1 and 2 (missing draft, bad config files, bad options), the
 * fields of --format json, where thresholds come from (--config, then
 * ./cqa.ini, then the defaults), standard input, --against an audit
 * directory, and a URL served by the tests' HTTP server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "fetch_harness.h"
#include <jansson.h>

static char dir[256]; /* a scratch directory for config files */

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* A fixture's path. */
static const char *fixture(const char *name)
{
	static char path[4][1024];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/check/%s",
	         env("CQA_FIXTURES", "tests/fixtures"), name);
	return path[k];
}

typedef struct result {
	int status;
	buf_t out, err;
} result;

/* Runs "cd cwd && cqa check ARGS" (cwd may be NULL); stdin from in (may
 * be NULL). */
static void run(result *r, const char *cwd, const char *in, const char *args)
{
	char errfile[300];
	snprintf(errfile, sizeof errfile, "%s/stderr.txt", dir);
	buf_t cmd = BUF_INIT;
	if (cwd)
		buf_printf(&cmd, "cd '%s' && ", cwd);
	buf_printf(&cmd, "'%s/cqa' check %s", env("CQA_BIN", "build/bin"),
	           args);
	if (in)
		buf_printf(&cmd, " < '%s'", in);
	buf_printf(&cmd, " 2> '%s'", errfile);
	FILE *p = popen(buf_cstr(&cmd), "r");
	assert_non_null(p);
	memset(r, 0, sizeof *r);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&r->out, chunk, n);
	int st = pclose(p);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	size_t len;
	char *e = harness_slurp_path(errfile, &len);
	if (e)
		buf_add(&r->err, e, len);
	free(e);
	buf_free(&cmd);
}

static void result_free(result *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

static json_t *run_json(const char *cwd, const char *in, const char *args,
                        int want_status)
{
	result r;
	buf_t a = BUF_INIT;
	buf_printf(&a, "--format json %s", args);
	run(&r, cwd, in, buf_cstr(&a));
	buf_free(&a);
	if (r.status != want_status)
		fail_msg("cqa check %s: status %d, not %d\n%s%s", args,
		         r.status, want_status, buf_cstr(&r.out),
		         buf_cstr(&r.err));
	json_error_t je;
	json_t *o = json_loads(buf_cstr(&r.out), 0, &je);
	if (!o)
		fail_msg("cqa check %s: not JSON (%s):\n%s", args, je.text,
		         buf_cstr(&r.out));
	result_free(&r);
	return o;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_t *check_named(json_t *report, const char *name)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(report, "checks"), i, c)
	{
		if (!strcmp(str(c, "name"), name))
			return c;
	}
	fail_msg("no check %s", name);
	return NULL;
}

/* The hardest sentence whose text starts with prefix. */
static json_t *hard(json_t *report, const char *prefix)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(report, "hardest_sentences"), i, s)
	{
		if (!strncmp(str(s, "text"), prefix, strlen(prefix)))
			return s;
	}
	fail_msg("no hardest sentence \"%s...\"", prefix);
	return NULL;
}

static long long integer(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

static double number(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_number(v))
		fail_msg("%s is not a number", key);
	return json_number_value(v);
}

static int setup(void **state)
{
	(void)state;
	return harness_make_dir("cqa-check", dir, sizeof dir);
}

static int teardown(void **state)
{
	(void)state;
	harness_remove_dir(dir);
	return 0;
}

/* Writes a file in the scratch directory; returns its path. */
static const char *write_file(const char *name, const char *content)
{
	static char path[2][1024];
	static int k;
	k = (k + 1) % 2;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	FILE *f = fopen(path[k], "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	return path[k];
}

/* ---- the three drafts ---- */

static void test_markdown_draft(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.md"));
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 1);
	assert_string_equal(str(o, "verdict"), "fail");
	assert_string_equal(str(o, "format"), "markdown");
	assert_string_equal(str(o, "lang"), "en");
	assert_string_equal(str(o, "title"), "Why a Walk After Dinner Helps");
	assert_true(json_is_null(json_object_get(o, "config")));
	/* prose sentences: 4 + 7 + 16 + 3 list items + 2; the headings and
	 * the three table rows are not sentences of the prose */
	assert_int_equal(integer(o, "sentences"), 25);
	assert_int_equal(integer(o, "paragraphs"), 7);
	/* the Markdown source lines, front matter counted */
	json_t *s = hard(o, "Notwithstanding the considerable");
	assert_int_equal(integer(s, "line"), 15);
	assert_int_equal(integer(s, "words"), 24);
	assert_true(number(s, "grade") > 20);
	assert_int_equal(integer(hard(o, "What seems to matter"), "line"), 28);
	assert_int_equal(integer(hard(o, "In another, a ten minute"), "line"),
	                 23);
	assert_int_equal(integer(hard(o, "In one study"), "line"), 22);
	/* ranked: the hardest first */
	json_t *first =
	    json_array_get(json_object_get(o, "hardest_sentences"), 0);
	assert_int_equal(integer(first, "line"), 15);
	assert_int_equal(
	    json_array_size(json_object_get(o, "hardest_sentences")), 5);
	json_t *p = json_array_get(json_object_get(o, "long_paragraphs"), 0);
	assert_non_null(p);
	assert_int_equal(json_array_size(json_object_get(o, "long_paragraphs")),
	                 1);
	assert_int_equal(integer(p, "line"), 21);
	assert_int_equal(integer(p, "words"), 176);
	assert_string_equal(str(check_named(o, "long_paragraphs"), "result"),
	                    "fail");
	assert_string_equal(str(check_named(o, "reading_ease"), "result"),
	                    "pass");
	assert_string_equal(str(check_named(o, "grade"), "result"), "pass");
	/* "The effect was first described ... it was later confirmed" */
	json_t *pv = check_named(o, "passive_voice");
	assert_string_equal(str(pv, "result"), "pass");
	assert_int_equal(integer(pv, "count"), 1);
	assert_int_equal(integer(pv, "of"), 25);
	json_t *ls = check_named(o, "long_sentences");
	assert_int_equal(integer(ls, "count"), 3);
	assert_true(number(ls, "value") > 0.119 && number(ls, "value") < 0.121);
	json_decref(o);
	buf_free(&a);
}

static void test_html_draft(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.html"));
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 1);
	assert_string_equal(str(o, "verdict"), "fail");
	assert_string_equal(str(o, "format"), "html");
	/* the article only: not the menu, the aside or the footer; the h1
	 * is not a sentence of the prose */
	assert_int_equal(integer(o, "sentences"), 11);
	assert_int_equal(integer(o, "paragraphs"), 4);
	/* the lines of the HTML source */
	json_t *s = hard(o, "Supplementation with cholecalciferol");
	assert_int_equal(integer(s, "line"), 22);
	assert_true(json_is_true(json_object_get(s, "passive")));
	assert_int_equal(integer(hard(o, "The evidence is considered"), "line"),
	                 20);
	assert_int_equal(integer(hard(o, "Levels were found"), "line"), 17);
	assert_int_equal(integer(hard(o, "Oily fish"), "line"), 26);
	json_t *pv = check_named(o, "passive_voice");
	assert_string_equal(str(pv, "result"), "fail");
	assert_int_equal(integer(pv, "count"), 7);
	assert_int_equal(integer(pv, "of"), 11);
	assert_string_equal(str(check_named(o, "reading_ease"), "result"),
	                    "fail");
	assert_string_equal(str(check_named(o, "grade"), "result"), "fail");
	assert_string_equal(str(check_named(o, "long_paragraphs"), "result"),
	                    "pass");
	json_decref(o);
	buf_free(&a);
}

static void test_text_draft(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.txt"));
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 0);
	assert_string_equal(str(o, "verdict"), "pass");
	assert_string_equal(str(o, "format"), "text");
	/* the 13 of the paragraphs: the first line is the title, a heading,
	 * as "# Drink Water ..." is in the Markdown of the same draft */
	assert_int_equal(integer(o, "sentences"), 13);
	assert_int_equal(integer(hard(o, "On a hot day"), "line"), 9);
	assert_int_equal(integer(hard(o, "By the time you feel it"), "line"),
	                 3);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "checks"), i, c)
	{
		assert_string_equal(str(c, "result"), "pass");
	}
	json_decref(o);
	buf_free(&a);
}

/* What an editor reads. */
static void test_text_report(void **state)
{
	(void)state;
	result r;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.md"));
	run(&r, dir, NULL, buf_cstr(&a));
	assert_int_equal(r.status, 1);
	const char *out = buf_cstr(&r.out);
	assert_non_null(strstr(out, ": FAIL  (markdown, en; 338 words, "
	                            "25 sentences, 7 paragraphs)\n"));
	assert_non_null(strstr(out,
	                       "  long paragraphs       1  max 0     "
	                       "FAIL  1 of 7 paragraphs over 150 words\n"));
	assert_non_null(strstr(out, "  passive voice        4%  max 10%   "
	                            "ok    1 of 25 sentences\n"));
	assert_non_null(strstr(out, "\n  line 15   grade "));
	assert_non_null(strstr(out, "Paragraphs over 150 words:\n"
	                            "  line 21    176 words  The effect was "
	                            "first described"));
	assert_non_null(strstr(out, "Verdict: FAIL (long paragraphs); "
	                            "thresholds from the defaults\n"));
	result_free(&r);
	buf_free(&a);
}

/* ---- exit statuses ---- */

static void expect_error(const char *cwd, const char *args, const char *msg)
{
	result r;
	run(&r, cwd, NULL, args);
	if (r.status != 2 || !strstr(buf_cstr(&r.err), msg))
		fail_msg("cqa check %s: status %d, stderr:\n%s\nwanted 2 and "
		         "\"%s\"",
		         args, r.status, buf_cstr(&r.err), msg);
	assert_int_equal(r.out.len, 0); /* no report */
	result_free(&r);
}

static void test_errors(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	expect_error(dir, "no-such-draft.md",
	             "cqa check: no-such-draft.md: cannot open: No such file");
	expect_error(dir, "", "no draft");
	buf_printf(&a, "'%s' '%s'", fixture("draft.md"), fixture("draft.txt"));
	expect_error(dir, buf_cstr(&a), "one draft at a time");
	expect_error(dir, "--format xml x.md", "--format: 'xml'");
	expect_error(dir, "--type docx x.md", "--type: 'docx'");
	buf_reset(&a);
	buf_printf(&a, "'%s'", env("CQA_FIXTURES", "tests/fixtures"));
	expect_error(dir, buf_cstr(&a), "is a directory");

	/* config files: not found, bad values, unknown keys and sections */
	buf_reset(&a);
	buf_printf(&a, "--config nowhere.ini '%s'", fixture("draft.md"));
	expect_error(dir, buf_cstr(&a),
	             "nowhere.ini: cannot read the config file");
	const char *bad[][2] = {
	    {"[check]\nmax_grade = 9\nmin_flesch = sixty\n",
	     ":3: min_flesch: 'sixty' is not a number"},
	    {"[check]\nmax_passive_share = 1.5\n",
	     ":2: max_passive_share: 1.5 is not from 0 to 1"},
	    {"[check]\nmax_sentence_words = 20.5\n",
	     ":2: max_sentence_words: '20.5' is not a whole number"},
	    {"[check]\nmax_sentence_words = off\n",
	     ":2: max_sentence_words cannot be off"},
	    {"[check]\nmax_grades = 9\n",
	     ":2: max_grades: not a key of [check]"},
	    {"[audit]\nmax_grade = 9\n",
	     ":2: [audit]: not a section of cqa.ini"},
	    {"max_grade = 9\n", ":1: max_grade: before [check]"},
	    {"[check\n", ":1: not a line of an INI file"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *path = write_file("bad.ini", bad[i][0]);
		buf_reset(&a);
		buf_printf(&a, "--config '%s' '%s'", path, fixture("draft.md"));
		char msg[256];
		snprintf(msg, sizeof msg, "%s%s", path, bad[i][1]);
		expect_error(dir, buf_cstr(&a), msg);
	}
	/* a bad ./cqa.ini is an error too, not a silent fallback */
	write_file("cqa.ini", "[check]\nmax_grade = hard\n");
	buf_reset(&a);
	buf_printf(&a, "'%s'", fixture("draft.md"));
	expect_error(dir, buf_cstr(&a),
	             "./cqa.ini:2: max_grade: 'hard' is not a number");
	char ini[512];
	snprintf(ini, sizeof ini, "%s/cqa.ini", dir);
	unlink(ini);
	buf_free(&a);
}

/* ---- config precedence ---- */

static void test_config_precedence(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.md"));
	/* no file: the defaults */
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 1);
	json_t *th = json_object_get(o, "thresholds");
	assert_true(number(th, "max_grade") == 9);
	assert_true(number(th, "min_flesch") == 60);
	assert_true(number(th, "max_sentence_words") == 20);
	assert_true(number(th, "max_long_sentence_share") == 0.25);
	assert_true(number(th, "max_paragraph_words") == 150);
	assert_true(number(th, "max_passive_share") == 0.10);
	assert_true(number(th, "hardest_sentences") == 5);
	json_decref(o);

	/* ./cqa.ini: paragraphs of 200 words pass the draft; a key it does
	 * not set keeps its default */
	write_file("cqa.ini", "; house style\n"
	                      "[check]\n"
	                      "max_paragraph_words = 200\n"
	                      "max_passive_share = 5%\n"
	                      "hardest_sentences = 2\n");
	o = run_json(dir, NULL, buf_cstr(&a), 0);
	assert_string_equal(str(o, "config"), "./cqa.ini");
	assert_string_equal(str(o, "verdict"), "pass");
	th = json_object_get(o, "thresholds");
	assert_true(number(th, "max_paragraph_words") == 200);
	assert_true(number(th, "max_passive_share") == 0.05);
	assert_true(number(th, "max_grade") == 9);
	assert_int_equal(json_array_size(json_object_get(o, "long_paragraphs")),
	                 0);
	assert_int_equal(
	    json_array_size(json_object_get(o, "hardest_sentences")), 2);
	json_decref(o);

	/* --config wins over ./cqa.ini (which is not read at all) */
	const char *strict =
	    write_file("strict.ini", "[check]\n"
	                             "max_grade = 5 ; strict\n"
	                             "max_passive_share = off\n");
	buf_reset(&a);
	buf_printf(&a, "--config '%s' '%s'", strict, fixture("draft.md"));
	o = run_json(dir, NULL, buf_cstr(&a), 1);
	assert_string_equal(str(o, "config"), strict);
	th = json_object_get(o, "thresholds");
	assert_true(number(th, "max_grade") == 5);
	assert_true(number(th, "max_paragraph_words") == 150);
	assert_string_equal(str(th, "max_passive_share"), "off");
	assert_string_equal(str(check_named(o, "grade"), "result"), "fail");
	assert_string_equal(str(check_named(o, "long_paragraphs"), "result"),
	                    "fail");
	json_t *pv = check_named(o, "passive_voice");
	assert_string_equal(str(pv, "result"), "off");
	assert_true(json_is_null(json_object_get(pv, "limit")));
	json_decref(o);

	char ini[512];
	snprintf(ini, sizeof ini, "%s/cqa.ini", dir);
	unlink(ini);

	/* examples/cqa.ini sets every key to its default */
	buf_reset(&a);
	buf_printf(&a, "--config '%s/examples/cqa.ini' '%s'",
	           env("CQA_SOURCE", "."), fixture("draft.md"));
	o = run_json(dir, NULL, buf_cstr(&a), 1);
	buf_reset(&a);
	buf_printf(&a, "'%s'", fixture("draft.md"));
	json_t *d = run_json(dir, NULL, buf_cstr(&a), 1);
	assert_true(json_equal(json_object_get(o, "thresholds"),
	                       json_object_get(d, "thresholds")));
	assert_true(json_equal(json_object_get(o, "checks"),
	                       json_object_get(d, "checks")));
	json_decref(o);
	json_decref(d);
	buf_free(&a);
}

/* ---- JSON ---- */

static void test_json_fields(void **state)
{
	(void)state;
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s'", fixture("draft.html"));
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 1);
	static const char *const keys[] = {"draft",
	                                   "format",
	                                   "lang",
	                                   "lang_assumed",
	                                   "title",
	                                   "verdict",
	                                   "config",
	                                   "words",
	                                   "sentences",
	                                   "paragraphs",
	                                   "scores",
	                                   "checks",
	                                   "hardest_sentences",
	                                   "long_paragraphs",
	                                   "thresholds"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!json_object_get(o, keys[i]))
			fail_msg("no \"%s\" in the report", keys[i]);
	assert_null(json_object_get(o, "near_duplicates")); /* no --against */
	assert_string_equal(str(o, "draft"), fixture("draft.html"));
	json_t *sc = json_object_get(o, "scores");
	static const char *const scores[] = {
	    "flesch_reading_ease", "flesch_kincaid_grade",
	    "gunning_fog",         "smog",
	    "coleman_liau",        "ari",
	    "consensus_grade"};
	for (size_t i = 0; i < sizeof scores / sizeof *scores; i++)
		assert_true(json_is_number(json_object_get(sc, scores[i])));
	/* the grade check is the consensus grade */
	assert_true(number(check_named(o, "grade"), "value") ==
	                number(sc, "consensus_grade") ||
	            (number(check_named(o, "grade"), "value") -
	             number(sc, "consensus_grade")) < 0.01);
	static const char *const names[] = {"reading_ease", "grade",
	                                    "long_sentences", "passive_voice",
	                                    "long_paragraphs"};
	json_t *checks = json_object_get(o, "checks");
	assert_int_equal(json_array_size(checks), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *c = json_array_get(checks, i);
		assert_string_equal(str(c, "name"), names[i]);
		assert_non_null(str(c, "result"));
		assert_non_null(str(c, "limit_is"));
		assert_true(json_is_number(json_object_get(c, "value")));
		assert_true(json_is_number(json_object_get(c, "limit")));
	}
	json_t *s = json_array_get(json_object_get(o, "hardest_sentences"), 0);
	assert_true(json_is_integer(json_object_get(s, "line")));
	assert_true(json_is_number(json_object_get(s, "grade")));
	assert_true(json_is_integer(json_object_get(s, "words")));
	assert_true(json_is_boolean(json_object_get(s, "passive")));
	assert_true(json_is_string(json_object_get(s, "text")));
	json_decref(o);
	buf_free(&a);
}

/* ---- inputs ---- */

static void test_stdin(void **state)
{
	(void)state;
	/* Markdown from standard input: --type says so; the lines are the
	 * same as from the file */
	json_t *o = run_json(dir, fixture("draft.md"), "--type markdown -", 1);
	assert_string_equal(str(o, "format"), "markdown");
	assert_string_equal(str(o, "draft"), "-");
	assert_int_equal(integer(hard(o, "Notwithstanding"), "line"), 15);
	json_decref(o);
	/* without --type: HTML when it starts with '<', else text */
	o = run_json(dir, fixture("draft.html"), "-", 1);
	assert_string_equal(str(o, "format"), "html");
	assert_int_equal(integer(hard(o, "Supplementation"), "line"), 22);
	json_decref(o);
	o = run_json(dir, fixture("draft.txt"), "-", 0);
	assert_string_equal(str(o, "format"), "text");
	json_decref(o);
}

static void test_against(void **state)
{
	(void)state;
	/* an audit directory of two pages: the text draft published as it
	 * stands, and another article */
	char audit[400];
	snprintf(audit, sizeof audit, "%s/audit", dir);
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "mkdir -p '%s'", audit);
	assert_int_equal(system(buf_cstr(&cmd)), 0);
	size_t len;
	char *text = harness_slurp_path(fixture("draft.txt"), &len);
	assert_non_null(text);
	json_t *copy = json_pack("{s:s,s:s,s:i,s:s}", "url",
	                         "https://example.test/water.html", "title",
	                         "Drink Water", "status", 200, "text", text);
	json_t *other = json_pack(
	    "{s:s,s:s,s:i,s:s}", "url", "https://example.test/sleep.html",
	    "title", "Sleep", "status", 200, "text",
	    "A regular bedtime helps you fall asleep sooner. Keep the room "
	    "cool and dark, and put the phone away an hour before bed. If you "
	    "cannot sleep after twenty minutes, get up and read for a while in "
	    "dim light, then try again. Coffee late in the day keeps many "
	    "people awake for hours.");
	char *l1 = json_dumps(copy, JSON_COMPACT);
	char *l2 = json_dumps(other, JSON_COMPACT);
	buf_t docs = BUF_INIT;
	buf_printf(&docs, "%s\n%s\n", l1, l2);
	write_file("audit/docs.jsonl", buf_cstr(&docs));
	free(l1);
	free(l2);
	json_decref(copy);
	json_decref(other);
	free(text);

	buf_t a = BUF_INIT;
	buf_printf(&a, "--against '%s' '%s'", audit, fixture("draft.txt"));
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 1);
	assert_string_equal(str(o, "verdict"), "fail");
	assert_int_equal(integer(o, "pages_compared"), 2);
	json_t *near = json_object_get(o, "near_duplicates");
	assert_int_equal(json_array_size(near), 1);
	json_t *n0 = json_array_get(near, 0);
	assert_string_equal(str(n0, "url"), "https://example.test/water.html");
	assert_true(number(n0, "similarity") == 1.0);
	json_t *c = check_named(o, "near_duplicates");
	assert_string_equal(str(c, "result"), "fail");
	assert_int_equal(integer(c, "count"), 1);
	json_decref(o);

	/* the text report names the page */
	result r;
	run(&r, dir, NULL, buf_cstr(&a));
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(buf_cstr(&r.out),
	                       "  similarity 1.00  https://example.test/"
	                       "water.html  \"Drink Water\"\n"));
	result_free(&r);

	buf_reset(&a);
	buf_printf(&a, "--against '%s/nowhere' '%s'", dir,
	           fixture("draft.txt"));
	expect_error(dir, buf_cstr(&a), "not the directory of a cqa audit?");
	buf_reset(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", audit);
	assert_int_equal(system(buf_cstr(&cmd)), 0);
	buf_free(&a);
	buf_free(&docs);
	buf_free(&cmd);
}

static void test_url(void **state)
{
	(void)state;
	char base[128];
	int port;
	pid_t pid = harness_start_server("site", &port, base, sizeof base);
	assert_true(pid > 0);
	buf_t a = BUF_INIT;
	buf_printf(&a, "'%s/site/b.html'", base);
	json_t *o = run_json(dir, NULL, buf_cstr(&a), 0);
	assert_string_equal(str(o, "format"), "html");
	assert_int_equal(integer(o, "sentences"), 1);
	/* "<p>Only a nofollow link leads here.</p>" is on line 3 */
	assert_int_equal(integer(hard(o, "Only a nofollow link"), "line"), 3);
	json_decref(o);
	buf_reset(&a);
	buf_printf(&a, "'%s/404'", base);
	expect_error(dir, buf_cstr(&a), "HTTP status 404");
	harness_stop_server(pid);
	buf_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_draft),
	    cmocka_unit_test(test_html_draft),
	    cmocka_unit_test(test_text_draft),
	    cmocka_unit_test(test_text_report),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_config_precedence),
	    cmocka_unit_test(test_json_fields),
	    cmocka_unit_test(test_stdin),
	    cmocka_unit_test(test_against),
	    cmocka_unit_test(test_url),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
