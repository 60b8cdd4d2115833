/*
 * fuzz_extract.c - libFuzzer target for parse_html_document().
 *
 * The whole page path runs on each input: charset detection and decoding
 * (decode.c), libxml2 in recover mode, metadata and JSON-LD (metadata.c) and
 * block extraction (extract.c).  The first input byte is not page data: it
 * chooses the HTTP Content-Type the page arrived with (low three bits) and
 * whether a URL is known (bit 3), so the fuzzer also walks the charset paths
 * a header selects, including stateful and multi-byte encodings that a
 * <meta> in the page would rarely reach.  The bits are picked so that a
 * printable byte does the job: seeds start with '0'..'7' (no URL) or
 * 'H'..'O' (with a URL) followed by the page.
 *
 * Beyond "no crash, no leak", the target checks what docs.jsonl promises:
 * a document always has a string "text" and an array "blocks" whose entries
 * carry label, path, kind and text (a heading its level 1 to 6), and the
 * Markdown written from a document (cqa-parse --markdown) is a string.
 * jansson refuses strings that are not UTF-8, so a field going missing
 * here means the extractor produced bad UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/markdown.h"
#include "parse/parse.h"

/* Content-Type headers chosen by the first byte; each reaches a different
 * branch of decode.c (none, UTF-8, CJK multi-byte, stateful ISO-2022, a
 * UTF-16 label that must fall back to UTF-8, an unknown label, a label cut
 * short, a single-byte legacy charset). */
static const char *const content_types[8] = {
    NULL,
    "text/html; charset=shift_jis",
    "text/html; charset=utf-8",
    "text/html; charset=gb2312",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=utf-16",
    "text/html; charset=\"x-no-such-charset\"",
    "text/html; charset=latin1",
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	parse_global_init();
	return 0;
}

static void check_doc(json_t *doc, int explain)
{
	json_t *blocks = json_object_get(doc, "blocks");
	if (!json_is_string(json_object_get(doc, "text")) ||
	    !json_is_array(blocks))
		abort();
	size_t i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (!json_is_string(json_object_get(b, "label")) ||
		    !json_is_string(json_object_get(b, "path")) ||
		    !json_is_string(json_object_get(b, "kind")) ||
		    !json_is_string(json_object_get(b, "text")))
			abort();
		const char *kind =
		    json_string_value(json_object_get(b, "kind"));
		json_int_t level =
		    json_integer_value(json_object_get(b, "level"));
		if (!strcmp(kind, "heading") != (level >= 1 && level <= 6))
			abort();
		/* With --explain every block names its rule, by a name. */
		const char *why = json_string_value(json_object_get(b, "why"));
		if (explain && (!why || !strcmp(why, "?")))
			abort();
	}
	char *line = json_dumps(doc, JSON_COMPACT);
	if (!line)
		abort();
	free(line);
	buf_t md = BUF_INIT;
	parse_doc_markdown(doc, &md);
	if (!md.data || strlen(md.data) != md.len)
		abort();
	buf_free(&md);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	parse_options o;
	parse_options_default(&o);
	parse_page_info info = {0};
	info.content_type = content_types[data[0] & 7];
	info.url = data[0] & 8 ? "https://example.com/news/article" : NULL;
	/* Bits 4 and 5: --comments and --explain ('0'-'7' set both,
	 * 'H'-'O' neither). */
	o.keep_comments = !!(data[0] & 0x10);
	o.explain = !!(data[0] & 0x20);
	info.source = "fuzz";

	cqa_error err;
	/* A selector with the high bit set sends the input through the
	 * draft readers instead: Markdown, or plain text when bit 6 is set
	 * too.  The printable seed selectors leave it clear. */
	json_t *doc =
	    data[0] & 0x80
	        ? parse_text_document(&o, (const char *)data + 1, size - 1,
	                              &info, !(data[0] & 0x40), &err)
	        : parse_html_document(&o, (const char *)data + 1, size - 1,
	                              &info, &err);
	if (doc)
		check_doc(doc, o.explain);
	json_decref(doc);
	return 0;
}
