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
 * written by cqa-fetch, wget --warc-file and Common Crawl.  It reads the
 * stream front to back and never seeks, so a pipe on stdin works.  Each
 * record's block is read into memory up to a cap; a larger block is skipped
 * (the record comes back with block_skipped set and an empty block) rather
 * than buffered, so the caller can warn and carry on.  A truncated last
 * record, truncated gzip data or a Content-Length that runs past the end
 * gives a CQA_ERR_FORMAT error naming the record, never a crash.
 *
 * The reader is tolerant where real files differ from the standard: LF-only
 * line ends, blank lines between records, and stray bytes between records
 * (skipped up to the next line starting with "WARC/", counted in
 * skipped_bytes).  WARC-Target-URI values written in the "<uri>" form of
 * early WARC/1.0 drafts (wget does this) lose their angle brackets, so
 * callers always see a bare URI.
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
	/* Content-Length as declared; equals block_len unless the block was
	 * skipped. */
	unsigned long long content_length;
	/* 1 when the block was larger than max_block and was skipped: block
	 * is then "" and block_len 0.  The headers are still valid. */
	int block_skipped;
	/* Bytes of stray data skipped between the previous record and this
	 * one (blank lines not counted); non-zero means a damaged file. */
	unsigned long long skipped_bytes;
	/* Offset of the record: for gzip-per-record input, the offset of its
	 * gzip member in the compressed file (what CDX indexes store); for
	 * plain input, its byte offset; for a whole-file gzip, its offset in
	 * the uncompressed stream. */
	long long offset;
} warc_record;

/* Case-insensitive header lookup (first occurrence); NULL when absent. */
const char *warc_record_get(const warc_record *r, const char *name);
/* Frees what the record holds and zeroes it; safe on a zeroed record. */
void warc_record_free(warc_record *r);

typedef struct warc_reader warc_reader;

/* Reads from f (not closed by the reader).  name is used in messages.
 * max_block caps a record block held in memory (0: 256 MiB). */
warc_reader *warc_reader_open(FILE *f, const char *name, size_t max_block);
/* Same, for a caller that has already read the first head_len bytes of f
 * (say, to sniff the format of stdin): the reader takes a copy of head as
 * the start of the input and continues with f. */
warc_reader *warc_reader_open_head(FILE *f, const void *head, size_t head_len,
                                   const char *name, size_t max_block);
/* 1: a record was read into *rec (free with warc_record_free);
 * 0: end of input; -1: error in err (the reader cannot continue, and later
 * calls return the same error).  *rec is zeroed on 0 and -1.  Messages read
 * "NAME: record N at offset X: what went wrong". */
int warc_reader_next(warc_reader *rd, warc_record *rec, cqa_error *err);
void warc_reader_close(warc_reader *rd);

/* Quick sniff: does this look like the start of a WARC (gzip or plain)?
 * Any gzip data passes; the reader gives the final answer. */
int warc_sniff(const unsigned char *head, size_t len);

typedef struct warc_writer warc_writer;

/* gzip: 1 for one gzip member per record (the default of cqa-fetch).
 * NULL only if libdeflate cannot set up its compressor. */
warc_writer *warc_writer_open(FILE *f, int gzip);
/* The same, assembling, compressing and writing records on workers
 * threads of their own (0: one a processor beyond the caller's, at most
 * 4; warc_write.c), in the order warc_write() was called; f is the
 * writer's until warc_writer_close(). */
warc_writer *warc_writer_open_threaded(FILE *f, int gzip, int workers);
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
	 * Ignored for other record types (a revisit record carries the digest
	 * of the earlier payload in extra instead).
	 */
	size_t payload_offset;
	/* The payload digest when the payload is not block[payload_offset..]
	 * (a chunked body: the digest is over the de-chunked bytes), or
	 * NULL. */
	const char *payload_digest;
} warc_write_spec;

/* Writes one record; returns 0, or -1 with err set (a header value with a
 * line break is CQA_ERR_FORMAT, a failed write CQA_ERR_IO).  If record_id
 * is not NULL it receives the generated WARC-Record-ID ("<urn:uuid:...>",
 * at most 48 bytes with the NUL). */
int warc_write(warc_writer *w, const warc_write_spec *spec, char *record_id,
               cqa_error *err);

/* "2026-11-22T03:11:26Z" for t (time_t as long long). */
void warc_format_date(long long t, char out[32]);

/* sha1 of data as "sha1:" + base32 (RFC 4648), 38 bytes with the NUL. */
void warc_sha1_base32(const void *data, size_t len, char out[40]);

#endif
