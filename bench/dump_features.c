/*
 * dump_features.c - the block model's features of text dumps, for
 * bench/fit_dump_model.py.
 *
 * Usage: cqa-bench-dump-features FILE...
 *
 * Reads each FILE (a UTF-8 text dump) as cqa-parse reads plain text
 * (dump_read()) and prints a JSON line a block: "file", "i" (the block's
 * index), "content" and "why" (the labels the current weights give),
 * "open" (1 when the line rules left the block to the model, in a text
 * with the template the model runs on), "text", "words" (its distinct
 * words, and "first" its first, as the vocabulary features see them:
 * textdump_words.h) and "f" (the DUMP_FEATURES features,
 * textdump_model.h; empty in a text the model does not run on).  The
 * first line is
 * {"features": [names...]}.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../parse/internal.h"
#include "../parse/textdump.h"
#include "../parse/textdump_model.h"
#include "../parse/textdump_words.h"

/* Labels of blocks the line rules leave to the model: the ones the
 * model writes, and the orphan headings, whose rule runs after it (so the
 * features, and the fit, do not depend on the weights of the build). */
static const char *const model_labels[] = {
    "body",          "heading",        "body-like", "fallback",   "outside",
    "template-like", "orphan-heading", "headline",  "title-like", NULL};

/* The file as UTF-8 in the charset cqa-parse would find, without the
 * CRs and NULs it would drop. */
static int read_file(const char *path, buf_t *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	buf_t raw = BUF_INIT, utf8 = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&raw, chunk, n);
	fclose(f);
	char charset[64];
	int valid;
	size_t bom = decode_detect(raw.data ? raw.data : "", raw.len, NULL,
	                           charset, sizeof charset, &valid);
	decode_to_utf8(raw.data ? raw.data + bom : "", raw.len - bom, charset,
	               &utf8);
	for (size_t i = 0; i < utf8.len; i++)
		if (utf8.data[i] != '\r' && utf8.data[i] != '\0')
			buf_add(out, &utf8.data[i], 1);
	buf_free(&raw);
	buf_free(&utf8);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cqa-bench-dump-features FILE...\n");
		return 2;
	}
	json_t *names = json_array();
	for (int k = 0; k < DUMP_FEATURES; k++)
		json_array_append_new(names,
		                      json_string(dump_feature_names[k]));
	json_t *head = json_pack("{s:o}", "features", names);
	char *s = json_dumps(head, JSON_COMPACT);
	puts(s);
	free(s);
	json_decref(head);
	int rc = 0;
	for (int a = 1; a < argc; a++) {
		buf_t text = BUF_INIT;
		if (read_file(argv[a], &text)) {
			perror(argv[a]);
			rc = 1;
			continue;
		}
		dump_doc d;
		dump_read(buf_cstr(&text), text.len, 1, &d);
		for (size_t i = 0; i < d.n; i++) {
			const dump_block *b = &d.b[i];
			int open = 0;
			/* in a text the model was not run on, none */
			for (const char *const *m = model_labels;
			     d.modelled && *m && b->why; m++)
				open |= !strcmp(b->why, *m);
			json_t *f = json_array();
			for (int k = 0; d.features && k < DUMP_FEATURES; k++)
				json_array_append_new(
				    f, json_real(d.features[i * DUMP_FEATURES +
				                            (size_t)k]));
			buf_t wb = BUF_INIT;
			size_t at;
			size_t nw = dump_block_words(b->text, &wb, &at);
			json_t *words = json_array();
			const char *p = wb.data;
			for (size_t k = 0; k < nw; k++, p += strlen(p) + 1)
				json_array_append_new(words, json_string(p));
			json_t *o = json_pack(
			    "{s:s,s:I,s:b,s:s,s:b,s:s,s:o,s:s,s:o}", "file",
			    argv[a], "i", (json_int_t)i, "content", b->content,
			    "why", b->why ? b->why : "", "open", open, "text",
			    b->text, "words", words, "first",
			    at < wb.len ? wb.data + at : "", "f", f);
			buf_free(&wb);
			s = json_dumps(o,
			               JSON_COMPACT | JSON_REAL_PRECISION(6));
			puts(s);
			free(s);
			json_decref(o);
		}
		dump_free(&d);
		buf_free(&text);
	}
	return rc;
}
