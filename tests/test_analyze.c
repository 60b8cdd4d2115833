/*
 * test_analyze.c - docs.jsonl documents through the analyzer, records back.
 *
 * Four documents, counted by hand (thin_words = 5):
 *   a  "The cat sat on the mat. It was a sunny day."
 *        6 + 5 = 11 words, 2 sentences; one content block of 43 chars
 *        -> boilerplate_share 0 / 43 = 0
 *   b  "the CAT sat on the mat -- it was a sunny day!"
 *        the same words as a, differing in case and punctuation only:
 *        11 words, 1 sentence; same normalised text, so an exact
 *        duplicate of a (a is canonical: seen first); no blocks -> null
 *   c  "Short note."  2 words: thin (2 < 5); no blocks
 *   d  "Readers like clear writing.\n\nShort sentences help."
 *        4 + 3 = 7 words, 2 sentences, 2 paragraphs; blocks: content 60
 *        chars, boilerplate 25 (20 in links) and 15 chars
 *        -> visible 100, boilerplate 40, share 40 / 100 = 0.4, links 20
 *
 * Summary of words over the four, sorted 2 7 11 11:
 *   mean   (11 + 11 + 2 + 7) / 4 = 31 / 4 = 7.75
 *   sd     squares of deviations 5.75^2 + 0.75^2 + 3.25^2 + 3.25^2
 *          = 33.0625 + 0.5625 + 10.5625 + 10.5625 = 54.75;
 *          54.75 / 3 = 18.25; sqrt = 4.2720
 *   median (7 + 11) / 2 = 9
 *   q1     position 0.25 * 3 = 0.75: 2 + 0.75 * (7 - 2) = 5.75
 *   q3     position 0.75 * 3 = 2.25: 11 + 0.25 * (11 - 11) = 11
 *   p10    position 0.3: 2 + 0.3 * 5 = 3.5;   p90 position 2.7: 11
 * boilerplate_share over a and d (b, c have no blocks): 0 and 0.4,
 *   mean 0.2, median 0.2.
 */
#include <math.h>
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
#include <inttypes.h>
#include <xxhash.h>

#include "analyze/analyze.h"
#include "analyze_harness.h"
#include "common/jsonl.h"

static const char *const docs[] = {
    "{\"url\":\"https://example.com/a\",\"final_url\":\"https://example.com/"
    "a\",\"status\":200,\"title\":\"A\",\"lang\":\"en\",\"text\":\"The cat "
    "sat on the mat. It was a sunny day.\",\"blocks\":[{\"label\":"
    "\"content\",\"path\":\"html/body/p\",\"text\":\"The cat sat on the "
    "mat. It was a sunny day.\",\"chars\":43,\"link_chars\":0}]}",
    "{\"url\":\"https://example.com/b\",\"status\":200,\"text\":\"the CAT "
    "sat on the mat -- it was a sunny day!\"}",
    "{\"url\":\"https://example.com/c\",\"status\":200,\"text\":\"Short "
    "note.\"}",
    "{\"url\":\"https://example.com/d\",\"status\":200,\"text\":\"Readers "
    "like clear writing.\\n\\nShort sentences help.\",\"blocks\":["
    "{\"label\":\"content\",\"path\":\"html/body/article/p\",\"chars\":60,"
    "\"link_chars\":0},"
    "{\"label\":\"boilerplate\",\"path\":\"html/body/nav\",\"text\":\"Home "
    "About\",\"chars\":25,\"link_chars\":20},"
    "{\"label\":\"boilerplate\",\"path\":\"html/body/footer\",\"chars\":15,"
    "\"link_chars\":0}]}",
};

/* Runs the analyzer over the given documents (JSON text) and reads its
 * output back into out. */
static void run(const char *const *in, size_t n, long thin_words,
                harness_records *out)
{
	analyze_options o;
	analyze_options_default(&o);
	o.thin_words = thin_words;
	json_t **doc = malloc(n * sizeof *doc);
	assert_non_null(doc);
	for (size_t i = 0; i < n; i++) {
		json_error_t je;
		doc[i] = json_loads(in[i], 0, &je);
		if (!doc[i])
			fail_msg("fixture %zu: %s", i, je.text);
	}
	harness_analyze_docs(doc, n, &o, out);
	free(doc);
}

static const char *type(const json_t *rec)
{
	return jsonl_str(rec, "type");
}

static void test_pages_duplicates_summary(void **state)
{
	(void)state;
	harness_records rs;
	run(docs, 4, 5, &rs);
	json_t **r = rs.r;
	assert_int_equal(rs.n, 7);
	for (int i = 0; i < 4; i++)
		assert_string_equal(type(r[i]), "page");
	assert_string_equal(type(r[4]), "duplicate_cluster");
	assert_string_equal(type(r[5]), "duplicate_pair");
	assert_string_equal(type(r[6]), "summary");

	/* page a */
	assert_string_equal(jsonl_str(r[0], "url"), "https://example.com/a");
	assert_string_equal(jsonl_str(r[0], "title"), "A");
	assert_string_equal(jsonl_str(r[0], "lang"), "en");
	assert_int_equal(jsonl_int(r[0], "status", 0), 200);
	assert_int_equal(jsonl_int(r[0], "words", -1), 11);
	assert_int_equal(jsonl_int(r[0], "sentences", -1), 2);
	assert_int_equal(jsonl_int(r[0], "visible_chars", -1), 43);
	assert_float_equal(jsonl_num(r[0], "boilerplate_share", -1), 0.0, 1e-9);
	assert_false(json_is_true(json_object_get(r[0], "thin")));
	assert_true(json_is_null(json_object_get(r[0], "skipped_reason")));
	/* 11 words / 2 sentences = 5.5 */
	assert_float_equal(jsonl_num(r[0], "avg_words_per_sentence", -1), 5.5,
	                   1e-9);

	/* page b: same hash as a, which is XXH3 of the normalised text */
	assert_int_equal(jsonl_int(r[1], "words", -1), 11);
	assert_int_equal(jsonl_int(r[1], "sentences", -1), 1);
	assert_true(json_is_null(json_object_get(r[1], "boilerplate_share")));
	assert_true(json_is_null(json_object_get(r[1], "title")));
	const char *norm = "the cat sat on the mat it was a sunny day";
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64,
	         (uint64_t)XXH3_64bits(norm, strlen(norm)));
	assert_string_equal(jsonl_str(r[0], "content_hash"), hex);
	assert_string_equal(jsonl_str(r[1], "content_hash"), hex);

	/* page c: thin */
	assert_int_equal(jsonl_int(r[2], "words", -1), 2);
	assert_true(json_is_true(json_object_get(r[2], "thin")));

	/* page d: boilerplate */
	assert_int_equal(jsonl_int(r[3], "words", -1), 7);
	assert_int_equal(jsonl_int(r[3], "paragraphs", -1), 2);
	assert_int_equal(jsonl_int(r[3], "visible_chars", -1), 100);
	assert_int_equal(jsonl_int(r[3], "content_chars", -1), 60);
	assert_int_equal(jsonl_int(r[3], "boilerplate_chars", -1), 40);
	assert_int_equal(jsonl_int(r[3], "link_chars", -1), 20);
	assert_float_equal(jsonl_num(r[3], "boilerplate_share", -1), 0.4, 1e-9);
	assert_false(json_is_true(json_object_get(r[3], "thin")));

	/* the exact-duplicate cluster: a (canonical, first seen) and b */
	assert_string_equal(jsonl_str(r[4], "kind"), "exact");
	assert_int_equal(jsonl_int(r[4], "cluster", 0), 1);
	assert_string_equal(jsonl_str(r[4], "hash"), hex);
	assert_int_equal(jsonl_int(r[4], "words", -1), 11);
	json_t *urls = json_object_get(r[4], "urls");
	assert_int_equal(json_array_size(urls), 2);
	assert_string_equal(json_string_value(json_array_get(urls, 0)),
	                    "https://example.com/a");
	assert_string_equal(json_string_value(json_array_get(urls, 1)),
	                    "https://example.com/b");
	assert_string_equal(jsonl_str(r[5], "url_a"), "https://example.com/a");
	assert_string_equal(jsonl_str(r[5], "url_b"), "https://example.com/b");
	assert_float_equal(jsonl_num(r[5], "similarity", 0), 1.0, 1e-9);

	/* the summary */
	const json_t *s = r[6];
	assert_int_equal(jsonl_int(s, "pages", -1), 4);
	assert_int_equal(jsonl_int(s, "pages_with_text", -1), 4);
	assert_int_equal(jsonl_int(s, "thin_pages", -1), 1);
	assert_int_equal(jsonl_int(s, "thin_words", -1), 5);
	assert_int_equal(jsonl_int(s, "exact_duplicate_clusters", -1), 1);
	assert_int_equal(jsonl_int(s, "exact_duplicate_pages", -1), 1);
	const json_t *m = json_object_get(s, "metrics");
	const json_t *w = json_object_get(m, "words");
	assert_int_equal(jsonl_int(w, "count", -1), 4);
	assert_float_equal(jsonl_num(w, "mean", -1), 7.75, 1e-9);
	assert_float_equal(jsonl_num(w, "sd", -1), 4.2720, 1e-4);
	assert_float_equal(jsonl_num(w, "min", -1), 2, 1e-9);
	assert_float_equal(jsonl_num(w, "q1", -1), 5.75, 1e-9);
	assert_float_equal(jsonl_num(w, "median", -1), 9, 1e-9);
	assert_float_equal(jsonl_num(w, "q3", -1), 11, 1e-9);
	assert_float_equal(jsonl_num(w, "max", -1), 11, 1e-9);
	assert_float_equal(jsonl_num(w, "p10", -1), 3.5, 1e-9);
	assert_float_equal(jsonl_num(w, "p90", -1), 11, 1e-9);
	const json_t *b = json_object_get(m, "boilerplate_share");
	assert_int_equal(jsonl_int(b, "count", -1), 2);
	assert_float_equal(jsonl_num(b, "mean", -1), 0.2, 1e-9);
	assert_float_equal(jsonl_num(b, "median", -1), 0.2, 1e-9);
	/* the English formulas are computed for English pages only: a alone
	 * says "lang":"en"; b, c and d have no language */
	static const char *const names[] = {
	    "flesch_reading_ease", "flesch_kincaid_grade",
	    "gunning_fog",         "smog",
	    "coleman_liau",        "ari"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		assert_int_equal(
		    jsonl_int(json_object_get(m, names[i]), "count", -1), 1);
	assert_true(json_is_null(json_object_get(r[1], "flesch_reading_ease")));
	assert_string_equal(jsonl_str(r[1], "readability_null_reason"),
	                    "language_unknown");
	harness_free_records(&rs);
}

/* An error page and an empty page are recorded but not measured: they
 * stay out of thin pages, duplicates and statistics.  The 404 page has
 * the same text as the page after it, and still no cluster is formed. */
static void test_skipped_pages(void **state)
{
	(void)state;
	static const char *const in[] = {
	    "{\"url\":\"u1\",\"status\":404,\"text\":\"Page not found.\"}",
	    "{\"url\":\"u2\",\"status\":200,\"text\":\"Page not found.\"}",
	    "{\"url\":\"u3\",\"text\":\"\"}",
	};
	harness_records rs;
	run(in, 3, 300, &rs);
	json_t **r = rs.r;
	assert_int_equal(rs.n, 4);
	assert_string_equal(jsonl_str(r[0], "skipped_reason"), "http_error");
	assert_false(json_is_true(json_object_get(r[0], "thin")));
	assert_int_equal(jsonl_int(r[0], "words", -1), 3);
	assert_true(json_is_null(json_object_get(r[1], "skipped_reason")));
	assert_true(json_is_true(json_object_get(r[1], "thin"))); /* 3 < 300 */
	assert_string_equal(jsonl_str(r[2], "skipped_reason"), "no_text");
	assert_true(json_is_null(json_object_get(r[2], "status")));
	assert_true(json_is_null(json_object_get(r[2], "content_hash")));
	assert_true(json_is_null(json_object_get(r[2], "flesch_reading_ease")));
	assert_false(json_is_true(json_object_get(r[2], "thin")));

	const json_t *s = r[3];
	assert_string_equal(type(s), "summary");
	assert_int_equal(jsonl_int(s, "pages", -1), 3);
	assert_int_equal(jsonl_int(s, "pages_with_text", -1), 1);
	assert_int_equal(jsonl_int(s, "thin_pages", -1), 1);
	assert_int_equal(jsonl_int(s, "exact_duplicate_clusters", -1), 0);
	const json_t *w =
	    json_object_get(json_object_get(s, "metrics"), "words");
	assert_int_equal(jsonl_int(w, "count", -1), 1);
	assert_float_equal(jsonl_num(w, "mean", -1), 3, 1e-9);
	assert_true(json_is_null(json_object_get(w, "sd"))); /* one value */
	harness_free_records(&rs);
}

/* Pages in English, German, Polish and none: each gets its own formulas,
 * and the summary describes each language apart (by_language), the
 * site-wide English formulas over the English pages alone.
 *   de  "Das Haus ist alt. Die Katze schläft.": 7 words, 2 sentences, 8
 *       syllables (German rule), 6 of one syllable, 1 of more than 6
 *       letters.  Amstad 180 - 3.5 - 58.5 * 8 / 7 = 109.642857; LIX 3.5 +
 *       100 / 7 = 17.785714 (test_readability.c has the arithmetic).
 *   en3 a paragraph, a code block of 4 words ("make all && make install")
 *       and a paragraph: 10 words, 6 of prose in 2 sentences. */
static void test_languages_summary(void **state)
{
	(void)state;
	static const char *const in[] = {
	    "{\"url\":\"en1\",\"lang\":\"en\",\"text\":\"The cat sat on the "
	    "mat. The dog was fed.\"}",
	    "{\"url\":\"en2\",\"lang\":\"en-US\",\"text\":\"Readers like "
	    "clear writing. Short sentences help.\"}",
	    "{\"url\":\"de1\",\"lang\":\"de-DE\",\"text\":\"Das Haus ist "
	    "alt. Die Katze schläft.\"}",
	    "{\"url\":\"pl1\",\"lang\":\"pl\",\"text\":\"Kot jest mały. "
	    "Pies śpi.\"}",
	    "{\"url\":\"xx1\",\"text\":\"Some words here. More words "
	    "there.\"}",
	    "{\"url\":\"en3\",\"lang\":\"en\",\"text\":\"Run the tool.\\n\\n"
	    "make all && make install\\n\\nIt builds fast.\",\"blocks\":["
	    "{\"label\":\"content\",\"path\":\"html/body/p\",\"text\":\"Run "
	    "the tool.\"},{\"label\":\"content\",\"path\":\"html/body/pre\","
	    "\"text\":\"make all && make install\"},{\"label\":\"content\","
	    "\"path\":\"html/body/p\",\"text\":\"It builds fast.\"}]}",
	};
	harness_records rs;
	run(in, 6, 5, &rs);
	assert_int_equal(rs.n, 7);
	const json_t *de = harness_page_of(&rs, "de1");
	assert_true(json_is_null(json_object_get(de, "flesch_reading_ease")));
	assert_true(json_is_null(json_object_get(de, "dale_chall")));
	assert_float_equal(jsonl_num(de, "flesch_amstad", 0), 109.64, 1e-9);
	assert_float_equal(jsonl_num(de, "lix", 0), 17.79, 1e-9);
	assert_int_equal(jsonl_int(de, "syllables", -1), 8);
	assert_int_equal(jsonl_int(de, "monosyllables", -1), 6);
	assert_true(json_is_null(json_object_get(de, "passive_share")));
	assert_true(
	    json_is_null(json_object_get(de, "readability_null_reason")));
	const json_t *pl = harness_page_of(&rs, "pl1");
	assert_string_equal(jsonl_str(pl, "readability_null_reason"),
	                    "language_unsupported");
	assert_true(json_is_null(json_object_get(pl, "flesch_reading_ease")));
	assert_true(json_is_number(json_object_get(pl, "lix")));
	const json_t *en1 = harness_page_of(&rs, "en1");
	assert_true(
	    json_is_number(json_object_get(en1, "flesch_reading_ease")));
	assert_int_equal(jsonl_int(en1, "passive_sentences", -1), 1);
	assert_float_equal(jsonl_num(en1, "passive_share", -1), 0.5, 1e-9);
	const json_t *en3 = harness_page_of(&rs, "en3");
	assert_int_equal(jsonl_int(en3, "words", -1), 10);
	assert_int_equal(jsonl_int(en3, "prose_words", -1), 6);
	assert_int_equal(jsonl_int(en3, "code_words", -1), 4);
	assert_int_equal(jsonl_int(en3, "sentences", -1), 2);

	const json_t *s = rs.r[6];
	assert_string_equal(type(s), "summary");
	const json_t *m = json_object_get(s, "metrics");
	assert_int_equal(
	    jsonl_int(json_object_get(m, "flesch_reading_ease"), "count", -1),
	    3);
	assert_int_equal(jsonl_int(json_object_get(m, "words"), "count", -1),
	                 6);
	assert_null(json_object_get(m, "lix")); /* by language only */
	const json_t *bl = json_object_get(s, "by_language");
	assert_int_equal(json_object_size(bl), 4);
	/* most pages first, then by code */
	static const char *const order[] = {"en", "de", "pl", "und"};
	void *it = json_object_iter((json_t *)bl);
	for (size_t i = 0; i < 4;
	     i++, it = json_object_iter_next((json_t *)bl, it))
		assert_string_equal(json_object_iter_key(it), order[i]);
	const json_t *en = json_object_get(bl, "en");
	assert_int_equal(jsonl_int(en, "pages", -1), 3);
	assert_true(
	    json_is_null(json_object_get(en, "readability_null_reason")));
	const json_t *em = json_object_get(en, "metrics");
	assert_int_equal(
	    jsonl_int(json_object_get(em, "flesch_reading_ease"), "count", -1),
	    3);
	assert_non_null(json_object_get(em, "dale_chall"));
	assert_non_null(json_object_get(em, "passive_share"));
	assert_null(json_object_get(em, "flesch_amstad"));
	const json_t *dm =
	    json_object_get(json_object_get(bl, "de"), "metrics");
	assert_float_equal(
	    jsonl_num(json_object_get(dm, "flesch_amstad"), "mean", 0),
	    109.6429, 1e-9);
	assert_float_equal(
	    jsonl_num(json_object_get(dm, "wiener_sachtextformel"), "mean", 0),
	    -1.2398, 1e-9);
	assert_null(json_object_get(dm, "flesch_reading_ease"));
	const json_t *plm = json_object_get(bl, "pl");
	assert_string_equal(jsonl_str(plm, "readability_null_reason"),
	                    "language_unsupported");
	assert_non_null(
	    json_object_get(json_object_get(plm, "metrics"), "lix"));
	assert_null(json_object_get(json_object_get(plm, "metrics"),
	                            "consensus_grade"));
	assert_string_equal(
	    jsonl_str(json_object_get(bl, "und"), "readability_null_reason"),
	    "language_unknown");
	harness_free_records(&rs);
}

/* Without the word lists the Dale-Chall and Spache fields are null and
 * the summary says why. */
static void test_no_word_lists(void **state)
{
	(void)state;
	static const char *const in[] = {
	    "{\"url\":\"en1\",\"lang\":\"en\",\"text\":\"The cat sat on the "
	    "mat.\"}"};
	analyze_options o;
	analyze_options_default(&o);
	o.word_lists = "/nonexistent";
	json_error_t je;
	json_t *doc[1] = {json_loads(in[0], 0, &je)};
	harness_records rs;
	harness_analyze_docs(doc, 1, &o, &rs);
	assert_true(json_is_null(json_object_get(rs.r[0], "dale_chall")));
	assert_true(json_is_null(json_object_get(rs.r[0], "spache")));
	assert_true(json_is_null(json_object_get(rs.r[0], "difficult_words")));
	assert_true(
	    json_is_number(json_object_get(rs.r[0], "flesch_reading_ease")));
	const json_t *s = rs.r[rs.n - 1];
	assert_string_equal(jsonl_str(s, "word_lists"), "/nonexistent");
	assert_string_equal(jsonl_str(s, "word_lists_missing"),
	                    "word lists not found: "
	                    "/nonexistent/dale-chall-1995.txt, "
	                    "/nonexistent/spache-1974.txt");
	harness_free_records(&rs);
}

/* The program: a malformed line stops the run with exit status 3 and a
 * message naming file:line, and -o leaves no partial output behind. */
static void test_program_malformed_input(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN");
	if (!bin)
		skip();
	char dir[] = "/tmp/cqa-test-analyze-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char in[256], out[256], cmd[1024];
	snprintf(in, sizeof in, "%s/docs.jsonl", dir);
	snprintf(out, sizeof out, "%s/metrics.jsonl", dir);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fprintf(f, "%s\n{\"url\": oops}\n", docs[0]);
	fclose(f);

	snprintf(cmd, sizeof cmd, "'%s/cqa-analyze' -q -o '%s' '%s' 2>&1", bin,
	         out, in);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char msg[1024] = "";
	size_t got = fread(msg, 1, sizeof msg - 1, p);
	msg[got] = '\0';
	int status = pclose(p);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	char where[300];
	snprintf(where, sizeof where, "%s:2:", in);
	if (!strstr(msg, where))
		fail_msg("message '%s' does not name %s", msg, where);
	assert_int_equal(access(out, F_OK), -1);

	/* the same file without the bad line works, and --thin-words is
	 * honoured: 11 words, thin below 12 */
	f = fopen(in, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", docs[0]);
	fclose(f);
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-analyze' -q --thin-words 12 -o '%s' '%s'", bin, out,
	         in);
	assert_int_equal(system(cmd), 0);
	f = fopen(out, "r");
	assert_non_null(f);
	jsonl_reader r;
	jsonl_reader_init(&r, f, out);
	json_t *page = NULL;
	cqa_error err;
	assert_int_equal(jsonl_reader_next(&r, &page, &err), 1);
	assert_true(json_is_true(json_object_get(page, "thin")));
	json_decref(page);
	jsonl_reader_free(&r);
	fclose(f);
	remove(out);
	remove(in);
	rmdir(dir);
}

/* Runs cmd (stderr joined to stdout), its output into msg; the exit
 * status, or -1. */
static int run_program(const char *cmd, char *msg, size_t size)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t got = fread(msg, 1, size - 1, p);
	msg[got] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A full disk: the message names the output file, the status is 3 (the
 * documented one for output not writable). */
static void test_program_full_disk(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN");
	if (!bin || access("/dev/full", W_OK) != 0)
		skip();
	char dir[] = "/tmp/cqa-test-analyze-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char in[256], cmd[1024], msg[1024];
	snprintf(in, sizeof in, "%s/docs.jsonl", dir);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fprintf(f, "%s\n%s\n", docs[0], docs[1]);
	fclose(f);
	snprintf(cmd, sizeof cmd, "'%s/cqa-analyze' -q -o /dev/full '%s' 2>&1",
	         bin, in);
	assert_int_equal(run_program(cmd, msg, sizeof msg), 3);
	assert_string_equal(msg, "cqa-analyze: /dev/full: cannot write: No "
	                         "space left on device\n");
	snprintf(cmd, sizeof cmd, "'%s/cqa-analyze' -q '%s' 2>&1 >/dev/full",
	         bin, in);
	assert_int_equal(run_program(cmd, msg, sizeof msg), 3);
	assert_string_equal(msg, "cqa-analyze: standard output: cannot write: "
	                         "No space left on device\n");
	remove(in);
	rmdir(dir);
}

/* --max-line-bytes: a line one byte over is skipped with a warning naming
 * FILE:LINE, the run goes on and ends well; at its exact length the line
 * is read. */
static void test_program_line_cap(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN");
	if (!bin)
		skip();
	char dir[] = "/tmp/cqa-test-analyze-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char in[256], cmd[1024], msg[4096];
	snprintf(in, sizeof in, "%s/docs.jsonl", dir);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	/* the longest document in the middle */
	fprintf(f, "%s\n%s\n%s\n", docs[1], docs[0], docs[2]);
	fclose(f);
	size_t len = strlen(docs[0]);
	assert_true(strlen(docs[1]) < len && strlen(docs[2]) < len);

	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-analyze' --max-line-bytes %zu '%s' 2>&1 >/dev/null",
	         bin, len - 1, in);
	assert_int_equal(run_program(cmd, msg, sizeof msg), 0);
	char want[512];
	snprintf(want, sizeof want,
	         "cqa-analyze: warning: %s:2: line of %zu bytes skipped: "
	         "longer than the %zu a JSON line may have (--max-line-bytes "
	         "raises the cap)\n",
	         in, len, len - 1);
	assert_string_equal(msg, want);

	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-analyze' --max-line-bytes %zu '%s' 2>&1 | grep -c "
	         "'\"type\":\"page\"'",
	         bin, len, in);
	assert_int_equal(run_program(cmd, msg, sizeof msg), 0);
	assert_string_equal(msg, "3\n");
	remove(in);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pages_duplicates_summary),
	    cmocka_unit_test(test_skipped_pages),
	    cmocka_unit_test(test_languages_summary),
	    cmocka_unit_test(test_no_word_lists),
	    cmocka_unit_test(test_program_malformed_input),
	    cmocka_unit_test(test_program_full_disk),
	    cmocka_unit_test(test_program_line_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
