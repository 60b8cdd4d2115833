/*
 * jsonl.h - JSON Lines in and out, on top of jansson.
 *
 * Every file between stages (docs.jsonl, metrics.jsonl) is one compact JSON
 * object a line, UTF-8, keys in insertion order so diffs of two runs are
 * readable.  The reader reads in chunks of JSONL_CHUNK bytes and hands each
 * line to jansson as it comes, so memory is bounded by what jansson makes
 * of the longest line (about twice its length), never by the file.  Lines
 * are counted by '\n' alone, whatever they hold, and errors are reported as
 * "file:line: message".
 */
#ifndef CQA_JSONL_H
#define CQA_JSONL_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"

/* 256 MiB: the longest line read by default.  cqa-parse writes a document
 * of at most --max-page-bytes (64 MiB by default) of page, whose text
 * appears twice in its line (in "text" and in "blocks") and may grow by
 * escaping: four times the page cap covers every document it writes.
 * Longer lines are not JSON lines of ours; reading one would cost about
 * three times its length. */
#define JSONL_MAX_LINE ((size_t)256 << 20)

/* Bytes read from the file at a time. */
enum { JSONL_CHUNK = 64 << 10 };

typedef struct jsonl_reader {
	FILE *f;
	const char *name;
	size_t lineno;     /* line of the last object or error, 1-based */
	size_t max_line;   /* longest line accepted, '\n' not counted */
	size_t line_bytes; /* length of the last line read, '\n' not counted */
	uint64_t line_offset; /* where it starts, from where reading began */
	uint64_t chunk_base;  /* bytes read before the chunk in hand */
	/* read-ahead of f */
	char *chunk;
	size_t pos, len;
	int eof, read_error;
	/* the line being read */
	int line_done, nul, too_long, blank;
	int unterminated; /* the line ended at the end of the file, no '\n' */
	int torn;         /* the last error was a torn last line (see next) */
	size_t nul_at;
	buf_t hold;    /* white space not yet known to be trailing */
	buf_t ws;      /* white space being given to jansson, then held */
	size_t ws_out; /* bytes of ws given */
	int held;      /* the byte after ws */
} jsonl_reader;

/* max_line is JSONL_MAX_LINE; set r->max_line after init to change it. */
void jsonl_reader_init(jsonl_reader *r, FILE *f, const char *name);
void jsonl_reader_free(jsonl_reader *r);
/* 1: *out holds a new reference to an object; 0: end; -1: error in err,
 * "name:line: ...".  Blank lines are skipped.  After an error the reader
 * stands at the start of the next line, so a caller may go on reading:
 *   CQA_ERR_FORMAT  the line is not a JSON object, or holds a NUL byte;
 *   CQA_ERR_LIMIT   the line is longer than r->max_line; it was skipped
 *                   without being held in memory;
 *   CQA_ERR_IO      the file could not be read (no use going on).
 * A last line that is not valid JSON and has no '\n' is a torn line: the
 * file is being written by a program that writes to standard output, or
 * was cut.  That error is CQA_ERR_FORMAT with r->torn set, and the
 * message says so; a reader may take the lines before it and say how far
 * it got. */
int jsonl_reader_next(jsonl_reader *r, json_t **out, cqa_error *err);

/* The same reading for a caller with its own parser: 1 with the next
 * line, less its trailing white space, in line (NUL-terminated, the
 * terminator not counted); 0 at the end; -1 for the errors above that are
 * the line's bytes' (CQA_ERR_LIMIT, a NUL's CQA_ERR_FORMAT, CQA_ERR_IO).
 * Blank lines are skipped. */
int jsonl_reader_line(jsonl_reader *r, buf_t *line, cqa_error *err);

/* The error for a line the caller's parser rejected, as
 * jsonl_reader_next() words it: "expected a JSON object a line" when
 * not_object, a torn last line (r->torn set) when the line had no '\n',
 * else "not valid JSON (why at column N)".  Returns -1. */
int jsonl_reader_bad_line(jsonl_reader *r, int not_object, const char *why,
                          size_t column, cqa_error *err);

/* Appends the compact JSON text of v to out: keys in insertion order,
 * strings copied as they are (UTF-8, only " \\ and control characters
 * escaped), reals with 15 significant digits.  jansson's own dump escapes
 * byte by byte through callbacks; this is the writer on the hot path of
 * every stage. */
void jsonl_serialize(const json_t *v, buf_t *out);

/* Appends the UTF-8 string s[0..len) as a JSON string, as
 * jsonl_serialize() writes one: for records written without a tree. */
void jsonl_add_string(buf_t *out, const char *s, size_t len);

/* Appends the real d (finite) as jsonl_serialize() writes json_real(d). */
void jsonl_add_real(buf_t *out, double d);

/* An object written member by member, without a tree, as jsonl_serialize()
 * would write the same members: each jsonl_put_* appends "key":value and
 * a comma, so the caller writes the braces and drops the last comma.  A
 * NULL string and a real that is not finite are null. */
void jsonl_put_int(buf_t *out, const char *key, long long v);
void jsonl_put_real(buf_t *out, const char *key, double v);
void jsonl_put_string(buf_t *out, const char *key, const char *s);
void jsonl_put_bool(buf_t *out, const char *key, int v);
void jsonl_put_null(buf_t *out, const char *key);
/* Closes an object written so: its last comma becomes the brace (an object
 * with no member gets its brace after the opening one). */
void jsonl_end_object(buf_t *out);

/* Writes obj compactly followed by "\n".  Returns 0, or -1 with err set
 * to CQA_ERR_IO and a message naming name, the file f writes ("metrics.jsonl:
 * cannot write: No space left on device"; NULL says "standard output"). */
int jsonl_write(FILE *f, const char *name, const json_t *obj, cqa_error *err);

/* Convenience getters that tolerate missing or mistyped fields. */
const char *jsonl_str(const json_t *obj, const char *key); /* NULL if none */
double jsonl_num(const json_t *obj, const char *key, double dflt);
long long jsonl_int(const json_t *obj, const char *key, long long dflt);

#endif
