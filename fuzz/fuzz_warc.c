/*
 * fuzz_warc.c - libFuzzer target for the WARC reader and the HTTP response
 * decoder, the two layers every archived page goes through before parsing.
 *
 * The input is a WARC file (plain, gzip per record or whole-file gzip: the
 * reader sniffs which).  It is read through a memory FILE, exactly as a file
 * or a pipe would be, record by record to the end or the first error.  Each
 * response record's block is split with http_parse and its body decoded
 * with http_decode_body (chunked, gzip, deflate, br) under a 1 MiB cap, so
 * compression bombs stop at the cap instead of at the fuzzer's RSS limit.
 *
 * Beyond "no crash, no leak, no hang", the target checks the contracts of
 * warc.h and http.h: a block is NUL-terminated and as long as its declared
 * Content-Length unless skipped; an error repeats on the next call; the
 * parsed HTTP parts lie inside the block; decoded output never exceeds the
 * cap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/http.h"
#include "common/warc.h"

/* Blocks above this are skipped by the reader (the skip path is fuzzed
 * too); decoded bodies above DECODE_CAP are cut. */
enum { MAX_BLOCK = 1 << 20, DECODE_CAP = 1 << 20 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_response(const warc_record *rec)
{
	http_response hr;
	const unsigned char *b = rec->block, *end = b + rec->block_len;
	if (http_parse(rec->block, rec->block_len, &hr) < 0)
		return;
	if ((const unsigned char *)hr.headers < b ||
	    (const unsigned char *)hr.headers + hr.headers_len > end ||
	    hr.body < b || hr.body + hr.body_len > end)
		abort();
	buf_t v = BUF_INIT, body = BUF_INIT;
	http_header(&hr, "Content-Type", &v);
	cqa_error err;
	int rc = http_decode_body(&hr, DECODE_CAP, &body, &err);
	if ((rc == CQA_OK || rc == CQA_ERR_LIMIT) &&
	    (body.len > DECODE_CAP || !body.data))
		abort();
	buf_free(&v);
	buf_free(&body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	(void)warc_sniff(data, size);
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	warc_reader *rd = warc_reader_open(f, "fuzz.warc", MAX_BLOCK);
	warc_record rec;
	cqa_error err;
	int r;
	while ((r = warc_reader_next(rd, &rec, &err)) == 1) {
		if (!rec.block || rec.block[rec.block_len] != '\0')
			abort();
		if (rec.block_skipped ? rec.block_len != 0
		                      : rec.block_len != rec.content_length)
			abort();
		const char *type = warc_record_get(&rec, "WARC-Type");
		if (type && !strcasecmp(type, "response"))
			check_response(&rec);
		warc_record_free(&rec);
	}
	if (r < 0) {
		/* The reader cannot continue; it must say so again. */
		cqa_error again;
		if (warc_reader_next(rd, &rec, &again) != -1 ||
		    again.code != err.code)
			abort();
	}
	warc_reader_close(rd);
	fclose(f);
	return 0;
}
