/*
 * warc.h - WARC (ISO 28500) reader and writer.
 *
 * Writer: WARC/1.1, each record its own gzip member (so a reader can seek to
 * any record and a truncated file loses only its last record).  The writer
 * fills WARC-Record-ID (urn:uuid, random v4), WARC-Date (UTC, seconds),
 * Content-Length and WARC-Block-Digest (sha1, base32); for response records
 * it also computes WARC-Payload-Digest over the HTTP body.
 *
 * Reader: WARC/1.0 and 1.1, gzip per record, whole-file gzip or plain, as
 * written by cqa-fetch, wget --warc-file and Common Crawl.  Each record's
 * block is read into memory up to a cap; a larger block is skipped with a
 * warning-level error rather than buffered.  A truncated last record or a
 * Content-Length that runs past the end gives a CQA_ERR_FORMAT error naming
 * the record, never a crash.
 */
#ifndef CQA_WARC_H
#define CQA_WARC_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef struct warc_header {
	char *name;
	char *value;
} warc_header;

typedef struct warc_record {
	char *version;        /* "WARC/1.1" */
	warc_header *headers; /* in file order */
	size_t n_headers;
	unsigned char *block; /* the record block, NUL-terminated */
	size_t block_len;
	long long offset; /* offset of the record in the (uncompressed or
	                     compressed, for per-record gzip) stream; -1
	                     when unknown */
} warc_record;

/* Case-insensitive header lookup; NULL when absent. */
const char *warc_record_get(const warc_record *r, const char *name);
void warc_record_free(warc_record *r);

typedef struct warc_reader warc_reader;

/* Reads from f (not closed by the reader).  name is used in messages.
 * max_block caps a record block held in memory (0: 256 MiB). */
warc_reader *warc_reader_open(FILE *f, const char *name, size_t max_block);
/* 1: a record was read into *rec (free with warc_record_free);
 * 0: end of input; -1: error in err (the reader cannot continue). */
int warc_reader_next(warc_reader *rd, warc_record *rec, cqa_error *err);
void warc_reader_close(warc_reader *rd);

/* Quick sniff: does this look like the start of a WARC (gzip or plain)? */
int warc_sniff(const unsigned char *head, size_t len);

typedef struct warc_writer warc_writer;

/* gzip: 1 for one gzip member per record (the default of cqa-fetch). */
warc_writer *warc_writer_open(FILE *f, int gzip);
/* Flushes and frees; does not close f.  Returns 0 or -1 on a write error. */
int warc_writer_close(warc_writer *w, cqa_error *err);

typedef struct warc_write_spec {
	const char *type;         /* "warcinfo", "request", "response", ... */
	const char *target_uri;   /* may be NULL for warcinfo */
	const char *content_type; /* e.g. "application/http;msgtype=response" */
	const char
	    *concurrent_to;       /* record id this one belongs with, or NULL */
	const char *ip_address;   /* WARC-IP-Address, or NULL */
	const char *date;         /* WARC-Date; NULL means now */
	const warc_header *extra; /* further headers, or NULL */
	size_t n_extra;
	const void *block;
	size_t block_len;
	/* For response records: where the HTTP payload starts in block, so the
	 * payload digest can be computed; (size_t)-1 means no payload digest.
	 */
	size_t payload_offset;
} warc_write_spec;

/* Writes one record.  If record_id is not NULL it receives the generated
 * WARC-Record-ID ("<urn:uuid:...>", at most 48 bytes with the NUL). */
int warc_write(warc_writer *w, const warc_write_spec *spec, char *record_id,
               cqa_error *err);

/* "2026-11-22T03:11:26Z" for t (time_t as long long). */
void warc_format_date(long long t, char out[32]);

/* sha1 of data as "sha1:" + base32 (RFC 4648), 38 bytes with the NUL. */
void warc_sha1_base32(const void *data, size_t len, char out[40]);

#endif
