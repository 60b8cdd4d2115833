/*
 * test_parse_input.c - what cqa-parse accepts: WARCs from wget and from our
 * own writer, HTML files, directories; which WARC records become documents.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "common/warc.h"
#include "parse/parse.h"

typedef struct collected {
	json_t *docs[16];
	size_t n;
} collected;

static int collect(void *ud, json_t *doc)
{
	collected *c = ud;
	if (c->n < 16)
		c->docs[c->n++] = doc;
	else
		json_decref(doc);
	return 0;
}

static void collected_free(collected *c)
{
	for (size_t i = 0; i < c->n; i++)
		json_decref(c->docs[i]);
	c->n = 0;
}

static const char *str(json_t *doc, const char *key)
{
	return json_string_value(json_object_get(doc, key));
}

static void fixture(const char *name, char *path, size_t size)
{
	const char *dir = getenv("CQA_FIXTURES");
	snprintf(path, size, "%s/%s", dir ? dir : "tests/fixtures", name);
}

static void parse(const char *path, collected *c, int expect_rc)
{
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(parse_path(&o, path, collect, c, &err), expect_rc);
}

static void test_wget_warc(void **state)
{
	(void)state;
	char path[4096];
	fixture("wget.warc.gz", path, sizeof path);
	collected c = {0};
	parse(path, &c, 0);
	/* Six records; only the response is a page (the others are request,
	 * warcinfo, and wget's metadata and log resources). */
	assert_int_equal(c.n, 1);
	assert_string_equal(str(c.docs[0], "url"),
	                    "http://127.0.0.1:38765/index.html");
	assert_int_equal(
	    json_integer_value(json_object_get(c.docs[0], "status")), 200);
	assert_non_null(str(c.docs[0], "fetched_at"));
	collected_free(&c);
}

/* gzip-compresses s the way a server with Content-Encoding: gzip does. */
static size_t gzip_bytes(const char *s, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(
	    deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)s;
	z.avail_in = (unsigned)strlen(s);
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t n = z.total_out;
	deflateEnd(&z);
	return n;
}

static void write_response(warc_writer *w, const char *type, const char *uri,
                           const char *head, const void *body, size_t len)
{
	size_t hl = strlen(head);
	unsigned char *block = malloc(hl + len);
	memcpy(block, head, hl);
	memcpy(block + hl, body, len);
	warc_write_spec spec = {
	    .type = type,
	    .target_uri = uri,
	    .content_type = "application/http;msgtype=response",
	    .block = block,
	    .block_len = hl + len,
	    .payload_offset = hl,
	};
	cqa_error err;
	assert_int_equal(warc_write(w, &spec, NULL, &err), 0);
	free(block);
}

static void test_own_warc_record_selection(void **state)
{
	(void)state;
	char path[] = "/tmp/cqa-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	warc_writer *w = warc_writer_open(f, 1);
	static const char page[] =
	    "<html><head><title>Gzip page</title></head><body><article>"
	    "<p>This page travelled compressed, as most pages do, and the "
	    "parser must undo the content coding before it reads a "
	    "word of it, or every figure after it is nonsense.</p>"
	    "</article></body></html>";
	unsigned char gz[1024];
	size_t gz_len = gzip_bytes(page, gz, sizeof gz);
	write_response(w, "response", "http://a.test/moved",
	               "HTTP/1.1 301 Moved\r\nLocation: /page\r\n"
	               "Content-Length: 0\r\n\r\n",
	               "", 0);
	write_response(w, "response", "http://a.test/page",
	               "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
	               "charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n",
	               gz, gz_len);
	write_response(w, "response", "http://a.test/logo.png",
	               "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n",
	               "\x89PNG", 4);
	write_response(w, "revisit", "http://a.test/page",
	               "HTTP/1.1 304 Not Modified\r\n\r\n", "", 0);
	write_response(
	    w, "response", "http://a.test/missing",
	    "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n",
	    "<html><body><p>No such page.</p></body></html>", 46);
	cqa_error err;
	assert_int_equal(warc_writer_close(w, &err), 0);
	fclose(f);

	collected c = {0};
	parse(path, &c, 0);
	/* The redirect, the image and the revisit are no documents; the 404
	 * page is one, with its status, so the report can flag it. */
	assert_int_equal(c.n, 2);
	assert_string_equal(str(c.docs[0], "url"), "http://a.test/page");
	assert_string_equal(str(c.docs[0], "title"), "Gzip page");
	assert_non_null(
	    strstr(str(c.docs[0], "text"), "This page travelled compressed"));
	assert_string_equal(str(c.docs[1], "url"), "http://a.test/missing");
	assert_int_equal(
	    json_integer_value(json_object_get(c.docs[1], "status")), 404);
	collected_free(&c);
	unlink(path);
}

static void test_directory_in_name_order(void **state)
{
	(void)state;
	char path[4096];
	fixture("extract", path, sizeof path);
	collected c = {0};
	parse(path, &c, 0);
	assert_int_equal(c.n, 3);
	const char *u0 = str(c.docs[0], "url"), *u1 = str(c.docs[1], "url");
	assert_memory_equal(u0, "file://", 7);
	assert_non_null(strstr(u0, "/extract/latin1.html"));
	assert_non_null(strstr(u1, "/extract/news.html"));
	assert_non_null(
	    strstr(str(c.docs[2], "url"), "/extract/script-rendered.html"));
	collected_free(&c);
}

static void test_threads_keep_order(void **state)
{
	(void)state;
	char path[4096];
	fixture("extract", path, sizeof path);
	collected one = {0}, many = {0};
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(parse_path(&o, path, collect, &one, &err), 0);
	o.jobs = 3;
	assert_int_equal(parse_path(&o, path, collect, &many, &err), 0);
	assert_int_equal(one.n, many.n);
	for (size_t i = 0; i < one.n; i++) {
		char *a = json_dumps(one.docs[i], JSON_COMPACT);
		char *b = json_dumps(many.docs[i], JSON_COMPACT);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	collected_free(&one);
	collected_free(&many);
}

/* A gzipped HTML file is a page, not a (bad) WARC. */
static void test_gzipped_html_file(void **state)
{
	(void)state;
	static const char page[] =
	    "<html><head><title>Zipped</title></head><body><article><p>"
	    "Pages saved from a crawl are often kept compressed, one file a "
	    "page, and they are still pages to read.</p></article></body>"
	    "</html>";
	unsigned char gz[1024];
	size_t gz_len = gzip_bytes(page, gz, sizeof gz);
	char path[] = "/tmp/cqa-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, gz, gz_len), (ssize_t)gz_len);
	close(fd);
	collected c = {0};
	parse(path, &c, 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(str(c.docs[0], "title"), "Zipped");
	assert_non_null(strstr(str(c.docs[0], "text"), "still pages to read"));
	collected_free(&c);
	unlink(path);
}

/* Drafts in a directory: Markdown and text files are documents, other
 * files (a style sheet) are not. */
static void test_drafts_in_a_directory(void **state)
{
	(void)state;
	char dir[] = "/tmp/cqa-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const struct {
		const char *name, *text;
	} files[] = {
	    {"a.md", "# Title\n\nA *draft* in Markdown.\n"},
	    {"b.txt", "A plain text note.\n"},
	    {"c.css", "body { color: red }\n"},
	};
	char path[256];
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		FILE *f = fopen(path, "w");
		fputs(files[i].text, f);
		fclose(f);
	}
	collected c = {0};
	parse(dir, &c, 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(str(c.docs[0], "content_type"), "text/markdown");
	assert_string_equal(str(c.docs[0], "text"),
	                    "Title\n\nA draft in Markdown.");
	assert_string_equal(str(c.docs[1], "content_type"), "text/plain");
	assert_string_equal(str(c.docs[1], "text"), "A plain text note.");
	collected_free(&c);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		unlink(path);
	}
	rmdir(dir);
}

/* A WARC cut in the middle of its third record still gives the two
 * documents before the damage, and no crash. */
static void test_truncated_warc_keeps_earlier_documents(void **state)
{
	(void)state;
	char path[] = "/tmp/cqa-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	warc_writer *w = warc_writer_open(f, 1);
	static const char head[] =
	    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
	char body[256], uri[64];
	long cut = 0;
	for (int i = 1; i <= 3; i++) {
		if (i == 3)
			cut = ftell(f);
		snprintf(body, sizeof body,
		         "<html><body><p>Page %d says something of its own "
		         "here.</p></body></html>",
		         i);
		snprintf(uri, sizeof uri, "http://a.test/%d", i);
		write_response(w, "response", uri, head, body, strlen(body));
		fflush(f);
	}
	cqa_error err;
	assert_int_equal(warc_writer_close(w, &err), 0);
	long end = ftell(f);
	fclose(f);
	assert_int_equal(truncate(path, cut + (end - cut) / 2), 0);
	collected c = {0};
	parse(path, &c, 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(str(c.docs[1], "url"), "http://a.test/2");
	collected_free(&c);
	unlink(path);
}

static void test_missing_input(void **state)
{
	(void)state;
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	collected c = {0};
	parse_path(&o, "/nonexistent/cqa/input", collect, &c, &err);
	assert_int_equal(err.code, CQA_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/cqa/input"));
	assert_int_equal(c.n, 0);
}

/* Warnings go to a temporary file; log_text() reads them back. */
static void log_to_file(cqa_log *log, FILE **f)
{
	*f = tmpfile();
	assert_non_null(*f);
	cqa_log_init(log, "cqa-parse", CQA_LOG_NORMAL);
	log->out = *f;
}

static char *log_text(FILE *f)
{
	static char text[4096];
	fflush(f);
	rewind(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	return text;
}

/* A .html.gz cut short still gives the page up to the cut, with a
 * warning naming the file; a whole one gives no warning. */
static void test_truncated_gzip_warns(void **state)
{
	(void)state;
	static const char page[] =
	    "<html><head><title>Cut</title></head><body><article><p>"
	    "A download that stopped early leaves a gzip file without its "
	    "end, and what it holds is still most of the page.</p></article>"
	    "</body></html>";
	unsigned char gz[1024];
	size_t gz_len = gzip_bytes(page, gz, sizeof gz);
	char path[] = "/tmp/cqa-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* Without its 8-byte trailer (CRC-32 and length) every byte of the
	 * page inflates, but the stream has no end. */
	assert_int_equal(write(fd, gz, gz_len - 8), (ssize_t)(gz_len - 8));
	close(fd);
	cqa_log log;
	FILE *lf;
	log_to_file(&log, &lf);
	parse_options o;
	parse_options_default(&o);
	o.log = &log;
	collected c = {0};
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(parse_path(&o, path, collect, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(str(c.docs[0], "title"), "Cut");
	char want[256];
	snprintf(want, sizeof want,
	         "cqa-parse: warning: %s: truncated gzip stream; the document "
	         "is partial (%zu bytes inflated)\n",
	         path, strlen(page));
	assert_string_equal(log_text(lf), want);
	collected_free(&c);
	fclose(lf);

	/* The whole file: no warning. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, gz, gz_len), (ssize_t)gz_len);
	close(fd);
	log_to_file(&log, &lf);
	assert_int_equal(parse_path(&o, path, collect, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(log_text(lf), "");
	collected_free(&c);
	fclose(lf);
	unlink(path);
}

/* Text of a document parsed with the given caps; the warnings in *log. */
static json_t *parse_capped(const char *html, size_t max_nodes,
                            size_t max_blocks, char **warnings)
{
	cqa_log log;
	FILE *lf;
	log_to_file(&log, &lf);
	parse_options o;
	parse_options_default(&o);
	o.log = &log;
	o.max_nodes = max_nodes;
	o.max_blocks = max_blocks;
	parse_page_info info = {.url = "http://e.com/", .source = "page.html"};
	cqa_error err;
	json_t *doc = parse_html_document(&o, html, strlen(html), &info, &err);
	assert_non_null(doc);
	*warnings = log_text(lf);
	fclose(lf);
	return doc;
}

static const char three_paragraphs[] =
    "<html><body><p>The first paragraph of the article says what it is "
    "about.</p><p>The second paragraph of the article goes on.</p><p>The "
    "third paragraph of the article ends it.</p></body></html>";

/* The node cap: html, body and three p elements are five nodes.  Five
 * parse the page whole; at four the parser stops before the third
 * paragraph, and says so. */
static void test_node_cap(void **state)
{
	(void)state;
	char *w;
	json_t *doc = parse_capped(three_paragraphs, 5, 0, &w);
	assert_string_equal(w, "");
	assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 3);
	json_decref(doc);

	doc = parse_capped(three_paragraphs, 4, 0, &w);
	assert_string_equal(w, "cqa-parse: warning: page.html: more than 4 "
	                       "elements, attributes and comments; the rest "
	                       "of the page is left out\n");
	json_t *blocks = json_object_get(doc, "blocks");
	assert_int_equal(json_array_size(blocks), 2);
	assert_null(strstr(str(doc, "text"), "third"));
	json_decref(doc);

	/* Attributes count: <p class=x> is two nodes. */
	doc = parse_capped("<html><body><p class=a>One.</p><p class=b>Two."
	                   "</p></body></html>",
	                   5, 0, &w);
	assert_non_null(strstr(w, "more than 5 elements"));
	assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 1);
	json_decref(doc);
}

/* The block cap: three blocks pass a cap of three; a cap of two keeps the
 * first two, in blocks and in text, with a warning. */
static void test_block_cap(void **state)
{
	(void)state;
	char *w;
	json_t *doc = parse_capped(three_paragraphs, 0, 3, &w);
	assert_string_equal(w, "");
	assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 3);
	assert_non_null(strstr(str(doc, "text"), "third"));
	json_decref(doc);

	doc = parse_capped(three_paragraphs, 0, 2, &w);
	assert_string_equal(w, "cqa-parse: warning: page.html: 3 text blocks, "
	                       "more than the 2 a document keeps; the rest of "
	                       "the page is left out\n");
	assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 2);
	assert_null(strstr(str(doc, "text"), "third"));
	assert_non_null(strstr(str(doc, "text"), "second"));
	json_decref(doc);
}

/* A full disk: the message names the output, the status is 3.  The
 * document is larger than a stdio buffer, so the error comes from the
 * write of its line, not from the final flush. */
static void test_program_full_disk(void **state)
{
	(void)state;
	const char *bin = getenv("CQA_BIN");
	if (!bin || access("/dev/full", W_OK) != 0)
		skip();
	char path[] = "/tmp/cqa-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("<html><body><article>", f);
	for (int i = 0; i < 200; i++)
		fprintf(f,
		        "<p>Paragraph %d of a long article, long enough to "
		        "fill a buffer.</p>\n",
		        i);
	fputs("</article></body></html>\n", f);
	fclose(f);
	char cmd[1024], msg[1024] = "";
	snprintf(cmd, sizeof cmd, "'%s/cqa-parse' -o /dev/full '%s' 2>&1", bin,
	         path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	msg[fread(msg, 1, sizeof msg - 1, p)] = '\0';
	int status = pclose(p);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_string_equal(
	    msg,
	    "cqa-parse: /dev/full: cannot write: No space left on device\n");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wget_warc),
	    cmocka_unit_test(test_own_warc_record_selection),
	    cmocka_unit_test(test_directory_in_name_order),
	    cmocka_unit_test(test_threads_keep_order),
	    cmocka_unit_test(test_gzipped_html_file),
	    cmocka_unit_test(test_drafts_in_a_directory),
	    cmocka_unit_test(test_truncated_warc_keeps_earlier_documents),
	    cmocka_unit_test(test_missing_input),
	    cmocka_unit_test(test_truncated_gzip_warns),
	    cmocka_unit_test(test_node_cap),
	    cmocka_unit_test(test_block_cap),
	    cmocka_unit_test(test_program_full_disk),
	};
	parse_global_init();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	parse_global_cleanup();
	return failed;
}
