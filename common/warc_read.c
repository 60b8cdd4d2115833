/*
 * warc_read.c - the WARC reader; see warc.h for the contract.
 *
 * Reader design.  Bytes flow through two buffers: "in" holds raw bytes from
 * the FILE, "out" holds decoded WARC text.  For plain input out is filled
 * straight from the file; for gzip input each inflate call stays inside one
 * gzip member, so whatever sits in out belongs to a single member and the
 * reader knows whether a record starts at a member boundary (and can report
 * the compressed offset that CDX indexes use).  When a member ends and more
 * data follows, the next member starts with a fresh inflate state: this
 * reads gzip-per-record files, whole-file gzip and the multi-member files of
 * wget and Common Crawl alike, and it never seeks, so stdin may be a pipe.
 * zlib's gzread would handle the members too, but hides where they start.
 *
 * On top of that the record parser reads lines (a version line, header
 * lines with continuations, a blank line) and then exactly Content-Length
 * bytes.  The blank lines after a block are consumed lazily by the next
 * call, which is what makes missing or extra blank lines harmless.  Every
 * size the input controls is capped by the table below, and end of input
 * in the middle of anything is a CQA_ERR_FORMAT error, so a hostile or
 * truncated file cannot crash the reader, hang it or exhaust memory.
 */
#include "warc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"

/* Caps on what the input controls.  Real headers are a few hundred bytes;
 * these are far above any legitimate file and far below harm. */
enum {
	/* one header line, continuation included */
	WARC_MAX_LINE = 64 * 1024,
	/* header lines in one record; Common Crawl uses about 15 */
	WARC_MAX_HEADERS = 1000,
	/* all header lines of one record together */
	WARC_MAX_HEADER_BYTES = 1024 * 1024,
	/* stray bytes searched for the next "WARC/" line before concluding
	 * that this is not a WARC file */
	WARC_MAX_GARBAGE = 1024 * 1024,
	/* raw and decoded buffer sizes */
	WARC_IN_SIZE = 64 * 1024,
	WARC_OUT_SIZE = 64 * 1024,
};

/* Block cap when the caller passes 0. */
#define WARC_DEFAULT_MAX_BLOCK ((size_t)256 * 1024 * 1024)

enum { MODE_UNKNOWN, MODE_PLAIN, MODE_GZIP };

struct warc_reader {
	FILE *f;
	char *name;
	size_t max_block;
	int mode;
	int in_eof;

	unsigned char *in; /* raw bytes */
	size_t in_pos, in_len;
	long long in_off; /* raw offset of in[0] */

	unsigned char *out; /* decoded bytes */
	size_t out_pos, out_len;
	long long out_off; /* decoded offset of out[0] */

	z_stream zs;
	int zs_ready;
	int member_open;      /* inside a gzip member */
	int hold;             /* stop at the end of the member */
	int rec_at_member;    /* the current record starts a member */
	long long member_raw; /* raw offset where that member starts */
	long long member_dec; /* decoded offset of its first byte */
	long long records;    /* records returned so far */
	char why[256];        /* what the byte layer saw go wrong */
	cqa_code why_code;
	int failed;
	cqa_error saved; /* the error repeated by later calls */
};

/* ---- byte layer ---------------------------------------------------- */

/* Raw bytes: refills in when it is empty.  1 data, 0 EOF, -1 error. */
static int raw_fill(warc_reader *rd)
{
	if (rd->in_pos < rd->in_len)
		return 1;
	if (rd->in_eof)
		return 0;
	rd->in_off += (long long)rd->in_len;
	rd->in_pos = rd->in_len = 0;
	size_t n = fread(rd->in, 1, WARC_IN_SIZE, rd->f);
	if (n == 0) {
		if (ferror(rd->f)) {
			rd->why_code = CQA_ERR_IO;
			snprintf(rd->why, sizeof rd->why, "read error: %s",
			         strerror(errno));
			return -1;
		}
		rd->in_eof = 1;
		return 0;
	}
	rd->in_len = n;
	return 1;
}

/* Makes at least two raw bytes visible when the input has them, moving a
 * leftover byte to the front. */
static int raw_want2(warc_reader *rd)
{
	if (rd->in_len - rd->in_pos >= 2 || rd->in_eof)
		return 0;
	size_t keep = rd->in_len - rd->in_pos;
	memmove(rd->in, rd->in + rd->in_pos, keep);
	rd->in_off += (long long)rd->in_pos;
	rd->in_pos = 0;
	rd->in_len = keep;
	while (rd->in_len < 2 && !rd->in_eof) {
		size_t n = fread(rd->in + rd->in_len, 1,
		                 WARC_IN_SIZE - rd->in_len, rd->f);
		if (n == 0) {
			if (ferror(rd->f)) {
				rd->why_code = CQA_ERR_IO;
				snprintf(rd->why, sizeof rd->why,
				         "read error: %s", strerror(errno));
				return -1;
			}
			rd->in_eof = 1;
		}
		rd->in_len += n;
	}
	return 0;
}

static int stream_fail(warc_reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Notes what went wrong in the byte stream; the record layer adds the
 * record number and offset. */
static int stream_fail(warc_reader *rd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rd->why_code = CQA_ERR_FORMAT;
	vsnprintf(rd->why, sizeof rd->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decoded bytes from gzip input; 1 data, 0 clean end, -1 error. */
static int gzip_fill(warc_reader *rd)
{
	for (;;) {
		if (!rd->member_open) {
			if (rd->hold)
				return 0;
			/* Between members: another one, NUL padding (some
			 * writers pad to a block size) or the end. */
			for (;;) {
				if (raw_want2(rd) < 0)
					return -1;
				if (rd->in_pos == rd->in_len)
					return 0;
				if (rd->in[rd->in_pos] != 0)
					break;
				while (rd->in_pos < rd->in_len &&
				       rd->in[rd->in_pos] == 0)
					rd->in_pos++;
			}
			/* From here on, errors belong to a member starting at
			 * this offset, and here() reports it. */
			long long at = rd->in_off + (long long)rd->in_pos;
			rd->member_raw = at;
			rd->member_dec = rd->out_off + (long long)rd->out_len;
			size_t avail = rd->in_len - rd->in_pos;
			if (avail < 2 && rd->in[rd->in_pos] == 0x1f)
				return stream_fail(
				    rd,
				    "truncated gzip data (the member "
				    "at offset %lld has no end)",
				    at);
			if (avail < 2 || rd->in[rd->in_pos] != 0x1f ||
			    rd->in[rd->in_pos + 1] != 0x8b)
				return stream_fail(
				    rd,
				    "data at offset %lld after a "
				    "gzip member is not gzip",
				    at);
			if (inflateReset(&rd->zs) != Z_OK)
				return stream_fail(rd, "zlib reset failed");
			rd->member_open = 1;
		}
		int r = raw_fill(rd);
		if (r < 0)
			return -1;
		if (r == 0)
			return stream_fail(
			    rd,
			    "truncated gzip data (the member at offset "
			    "%lld has no end)",
			    rd->member_raw);
		rd->out_off += (long long)rd->out_len;
		rd->out_pos = rd->out_len = 0;
		rd->zs.next_in = rd->in + rd->in_pos;
		rd->zs.avail_in = (uInt)(rd->in_len - rd->in_pos);
		rd->zs.next_out = rd->out;
		rd->zs.avail_out = WARC_OUT_SIZE;
		int zr = inflate(&rd->zs, Z_NO_FLUSH);
		rd->in_pos = rd->in_len - rd->zs.avail_in;
		rd->out_len = WARC_OUT_SIZE - rd->zs.avail_out;
		if (zr == Z_STREAM_END)
			rd->member_open = 0;
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return stream_fail(rd,
			                   "corrupt gzip data in the member at "
			                   "offset %lld: %s",
			                   rd->member_raw,
			                   rd->zs.msg ? rd->zs.msg
			                              : "bad data");
		if (rd->out_len)
			return 1;
	}
}

/* Decoded bytes from plain input. */
static int plain_fill(warc_reader *rd)
{
	int r = raw_fill(rd);
	if (r <= 0)
		return r;
	/* The raw buffer doubles as the decoded one: hand it over. */
	rd->out_off += (long long)rd->out_len;
	size_t n = rd->in_len - rd->in_pos;
	memcpy(rd->out, rd->in + rd->in_pos, n);
	rd->in_pos = rd->in_len;
	rd->out_pos = 0;
	rd->out_len = n;
	return 1;
}

/* Makes decoded bytes available in out; 1 data, 0 end, -1 error. */
static int fill(warc_reader *rd)
{
	if (rd->out_pos < rd->out_len)
		return 1;
	if (rd->mode == MODE_UNKNOWN) {
		if (raw_want2(rd) < 0)
			return -1;
		size_t avail = rd->in_len - rd->in_pos;
		/* A lone 0x1f at the end is a cut gzip header, not text. */
		rd->mode =
		    avail >= 1 && rd->in[rd->in_pos] == 0x1f &&
		            (avail == 1 || rd->in[rd->in_pos + 1] == 0x8b)
		        ? MODE_GZIP
		        : MODE_PLAIN;
		if (rd->mode == MODE_GZIP) {
			if (inflateInit2(&rd->zs, 15 + 16) != Z_OK)
				return stream_fail(rd, "zlib init failed");
			rd->zs_ready = 1;
		}
	}
	return rd->mode == MODE_GZIP ? gzip_fill(rd) : plain_fill(rd);
}

/* Where the next decoded byte sits, as warc.h defines a record offset. */
static long long here(warc_reader *rd)
{
	long long dec = rd->out_off + (long long)rd->out_pos;
	if (rd->mode == MODE_GZIP && dec == rd->member_dec)
		return rd->member_raw;
	return dec;
}

/* Reads one line (up to and including '\n', or to the end of input) into
 * line, keeping at most max bytes of it.  Returns the bytes consumed (0 at
 * end of input) or -1. */
static long long read_line(warc_reader *rd, buf_t *line, size_t max)
{
	long long used = 0;
	buf_reset(line);
	for (;;) {
		int r = fill(rd);
		if (r < 0)
			return -1;
		if (r == 0)
			return used;
		unsigned char *p = rd->out + rd->out_pos;
		size_t avail = rd->out_len - rd->out_pos;
		unsigned char *nl = memchr(p, '\n', avail);
		size_t n = nl ? (size_t)(nl - p) + 1 : avail;
		if (line->len < max)
			buf_add(line, p,
			        n < max - line->len ? n : max - line->len);
		rd->out_pos += n;
		used += (long long)n;
		if (nl)
			return used;
	}
}

/* ---- record layer -------------------------------------------------- */

/* White space for line handling; NUL counts too, because some writers pad
 * between records with NUL bytes. */
static int is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

static int is_blank_line(const buf_t *line)
{
	for (size_t i = 0; i < line->len; i++)
		if (!is_blank_char(line->data[i]))
			return 0;
	return 1;
}

static char *trimmed_dup(const char *s, size_t n)
{
	while (n && is_blank_char(*s))
		s++, n--;
	while (n && is_blank_char(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Records the final error and makes the reader refuse to go on. */
static int reader_fail(warc_reader *rd, cqa_error *err, cqa_code code,
                       long long recno, long long off, const char *what)
{
	rd->failed = 1;
	cqa_fail(&rd->saved, code, "%s: record %lld at offset %lld: %s",
	         rd->name, recno, off, what);
	if (err)
		*err = rd->saved;
	return -1;
}

/* Copies a short, printable excerpt of untrusted text for a message. */
static void excerpt(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, j = 0;
	for (; i < n && s[i] != '\r' && s[i] != '\n' && j + 4 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];
		out[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < n && s[i] != '\r' && s[i] != '\n')
		out[j++] = '.', out[j++] = '.', out[j++] = '.';
	out[j] = '\0';
}

static void add_header(warc_record *rec, size_t *cap, char *name, char *value)
{
	if (rec->n_headers == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		rec->headers =
		    xrealloc(rec->headers, *cap * sizeof *rec->headers);
	}
	rec->headers[rec->n_headers].name = name;
	rec->headers[rec->n_headers].value = value;
	rec->n_headers++;
}

/* "<http://x/>" -> "http://x/" for the URI headers of early WARC/1.0. */
static void strip_angle_brackets(warc_record *rec)
{
	for (size_t i = 0; i < rec->n_headers; i++) {
		const char *n = rec->headers[i].name;
		char *v = rec->headers[i].value;
		size_t len = strlen(v);
		if ((strcasecmp(n, "WARC-Target-URI") == 0 ||
		     strcasecmp(n, "WARC-Refers-To-Target-URI") == 0) &&
		    len >= 2 && v[0] == '<' && v[len - 1] == '>') {
			memmove(v, v + 1, len - 2);
			v[len - 2] = '\0';
		}
	}
}

/* Strict decimal: digits only, no sign, no overflow. */
static int parse_length(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Finds the version line, skipping blank lines and stray bytes.  1 found
 * (line holds it), 0 clean end, -1 error. */
static int find_version(warc_reader *rd, warc_record *rec, buf_t *line,
                        cqa_error *err)
{
	long long recno = rd->records + 1, garbage_at = -1;
	for (;;) {
		int r = fill(rd);
		long long off = here(rd);
		int at_member =
		    rd->mode == MODE_GZIP &&
		    rd->out_off + (long long)rd->out_pos == rd->member_dec;
		if (r < 0)
			return reader_fail(rd, err, rd->why_code, recno, off,
			                   rd->why);
		if (r == 0) {
			if (rec->skipped_bytes == 0)
				return 0;
			return reader_fail(
			    rd, err, CQA_ERR_FORMAT, recno, garbage_at,
			    rd->records
			        ? "stray data after the last record "
			          "and no further WARC record"
			        : "no WARC record found (not a WARC file?)");
		}
		long long n = read_line(rd, line, WARC_MAX_LINE);
		if (n < 0)
			return reader_fail(rd, err, rd->why_code, recno, off,
			                   rd->why);
		if (line->len >= 5 && memcmp(line->data, "WARC/", 5) == 0) {
			rec->offset = off;
			rd->rec_at_member = at_member;
			return 1;
		}
		if (is_blank_line(line))
			continue;
		if (garbage_at < 0)
			garbage_at = off;
		rec->skipped_bytes += (unsigned long long)n;
		if (rec->skipped_bytes > WARC_MAX_GARBAGE)
			return reader_fail(
			    rd, err, CQA_ERR_FORMAT, recno, garbage_at,
			    "no WARC record header in 1 MiB of data (not a "
			    "WARC file, or badly damaged)");
	}
}

/* Reads header lines up to the blank line. */
static int read_headers(warc_reader *rd, warc_record *rec, buf_t *line,
                        cqa_error *err)
{
	long long recno = rd->records + 1;
	size_t cap = 0, total = 0;
	/* Length and allocation of the last header's value: continuation
	 * lines append to it in place, with the allocation doubling, so a
	 * header folded over thousands of lines costs linear time. */
	size_t last_len = 0, last_cap = 0;
	char msg[160], ex[64];
	for (;;) {
		long long n = read_line(rd, line, WARC_MAX_LINE + 1);
		if (n < 0)
			return reader_fail(rd, err, rd->why_code, recno,
			                   rec->offset, rd->why);
		/* Length first: read_line keeps only the start of an overlong
		 * line, so its kept part never ends in '\n'. */
		if (line->len > WARC_MAX_LINE)
			return reader_fail(rd, err, CQA_ERR_FORMAT, recno,
			                   rec->offset,
			                   "header line longer than 64 KiB");
		if (n == 0 || line->data[line->len - 1] != '\n')
			return reader_fail(rd, err, CQA_ERR_FORMAT, recno,
			                   rec->offset,
			                   "truncated: input ends inside the "
			                   "record header");
		total += line->len;
		if (total > WARC_MAX_HEADER_BYTES)
			return reader_fail(rd, err, CQA_ERR_FORMAT, recno,
			                   rec->offset,
			                   "record header larger than 1 MiB");
		if (is_blank_line(line))
			return 0;
		const char *s = line->data;
		if ((s[0] == ' ' || s[0] == '\t') && rec->n_headers) {
			/* Continuation: joined to the previous value with one
			 * space, as RFC 822 unfolding prescribes. */
			warc_header *h = &rec->headers[rec->n_headers - 1];
			char *more = trimmed_dup(s, line->len);
			size_t more_len = strlen(more);
			if (more_len) {
				size_t need = last_len + 1 + more_len + 1;
				if (need > last_cap) {
					last_cap = 2 * need;
					h->value = xrealloc(h->value, last_cap);
				}
				if (last_len)
					h->value[last_len++] = ' ';
				memcpy(h->value + last_len, more, more_len + 1);
				last_len += more_len;
			}
			free(more);
			if (last_len > WARC_MAX_LINE)
				return reader_fail(rd, err, CQA_ERR_FORMAT,
				                   recno, rec->offset,
				                   "header value longer than "
				                   "64 KiB");
			continue;
		}
		const char *colon = memchr(s, ':', line->len);
		if (!colon || colon == s) {
			excerpt(s, line->len, ex, sizeof ex);
			snprintf(msg, sizeof msg,
			         "header line without a name and colon: \"%s\"",
			         ex);
			return reader_fail(rd, err, CQA_ERR_FORMAT, recno,
			                   rec->offset, msg);
		}
		if (rec->n_headers >= WARC_MAX_HEADERS)
			return reader_fail(rd, err, CQA_ERR_FORMAT, recno,
			                   rec->offset,
			                   "more than 1000 header lines");
		const char *vs = colon + 1;
		char *value = trimmed_dup(vs, line->len - (size_t)(vs - s));
		last_len = strlen(value);
		last_cap = last_len + 1;
		add_header(rec, &cap, trimmed_dup(s, (size_t)(colon - s)),
		           value);
	}
}

/* Reads len block bytes into dst, or skips them when dst is NULL.  dst
 * grows as bytes arrive, so a Content-Length that lies costs no memory
 * beyond the bytes really there. */
static int read_block(warc_reader *rd, warc_record *rec, buf_t *dst,
                      unsigned long long len, cqa_error *err)
{
	unsigned long long got = 0;
	char msg[400];
	while (got < len) {
		int r = fill(rd);
		if (r < 0) {
			snprintf(msg, sizeof msg,
			         "%s (%llu of %llu block bytes read)", rd->why,
			         got, len);
			return reader_fail(rd, err, rd->why_code,
			                   rd->records + 1, rec->offset, msg);
		}
		if (r == 0) {
			snprintf(msg, sizeof msg,
			         "truncated: Content-Length %llu runs past the "
			         "end of the input after %llu block bytes "
			         "(incomplete download?)",
			         len, got);
			return reader_fail(rd, err, CQA_ERR_FORMAT,
			                   rd->records + 1, rec->offset, msg);
		}
		size_t avail = rd->out_len - rd->out_pos;
		size_t n = len - got < avail ? (size_t)(len - got) : avail;
		if (dst)
			buf_add(dst, rd->out + rd->out_pos, n);
		rd->out_pos += n;
		got += n;
	}
	return 0;
}

/* With one gzip member per record, a record counts as read only once its
 * member has ended and zlib has checked its CRC: otherwise a file cut just
 * before a member trailer would yield a record it cannot vouch for and
 * blame the next one.  So consume the CRLFs after the block and finish the
 * member, without starting the next one. */
static int finish_member(warc_reader *rd, warc_record *rec, cqa_error *err)
{
	int r = 0;
	rd->hold = 1;
	for (;;) {
		if (rd->out_pos < rd->out_len) {
			unsigned char c = rd->out[rd->out_pos];
			if (c != '\r' && c != '\n')
				break; /* more records in this member */
			rd->out_pos++;
			continue;
		}
		if (!rd->member_open)
			break;
		r = fill(rd);
		if (r <= 0)
			break;
	}
	rd->hold = 0;
	if (r < 0)
		return reader_fail(rd, err, rd->why_code, rd->records + 1,
		                   rec->offset, rd->why);
	return 0;
}

int warc_reader_next(warc_reader *rd, warc_record *rec, cqa_error *err)
{
	memset(rec, 0, sizeof *rec);
	if (rd->failed) {
		if (err)
			*err = rd->saved;
		return -1;
	}
	buf_t line = BUF_INIT;
	int r = find_version(rd, rec, &line, err);
	if (r <= 0)
		goto fail;
	buf_rtrim(&line);
	rec->version = xstrdup(buf_cstr(&line));
	if (read_headers(rd, rec, &line, err) < 0) {
		r = -1;
		goto fail;
	}
	buf_free(&line);
	strip_angle_brackets(rec);

	long long recno = rd->records + 1;
	const char *cl = warc_record_get(rec, "Content-Length");
	char msg[160], ex[64];
	if (!cl) {
		r = reader_fail(rd, err, CQA_ERR_FORMAT, recno, rec->offset,
		                "no Content-Length header");
		goto fail;
	}
	if (parse_length(cl, &rec->content_length) < 0) {
		excerpt(cl, strlen(cl), ex, sizeof ex);
		snprintf(msg, sizeof msg,
		         "Content-Length \"%s\" is not a number", ex);
		r = reader_fail(rd, err, CQA_ERR_FORMAT, recno, rec->offset,
		                msg);
		goto fail;
	}
	buf_t block = BUF_INIT;
	rec->block_skipped = rec->content_length > rd->max_block;
	if (read_block(rd, rec, rec->block_skipped ? NULL : &block,
	               rec->content_length, err) < 0) {
		buf_free(&block);
		r = -1;
		goto fail;
	}
	rec->block = (unsigned char *)buf_detach(&block, &rec->block_len);
	if (rd->rec_at_member && finish_member(rd, rec, err) < 0) {
		r = -1;
		goto fail;
	}
	rd->records++;
	return 1;
fail:
	buf_free(&line);
	warc_record_free(rec);
	return r;
}

const char *warc_record_get(const warc_record *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

void warc_record_free(warc_record *r)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->version);
	free(r->block);
	memset(r, 0, sizeof *r);
}

warc_reader *warc_reader_open_head(FILE *f, const void *head, size_t head_len,
                                   const char *name, size_t max_block)
{
	warc_reader *rd = xcalloc(1, sizeof *rd);
	rd->f = f;
	rd->name = xstrdup(name ? name : "(input)");
	rd->max_block = max_block ? max_block : WARC_DEFAULT_MAX_BLOCK;
	if (rd->max_block > SIZE_MAX / 2)
		rd->max_block = SIZE_MAX / 2;
	size_t insz = head_len > WARC_IN_SIZE ? head_len : WARC_IN_SIZE;
	rd->in = xmalloc(insz);
	rd->out = xmalloc(insz > WARC_OUT_SIZE ? insz : WARC_OUT_SIZE);
	if (head_len) {
		memcpy(rd->in, head, head_len);
		rd->in_len = head_len;
	}
	return rd;
}

warc_reader *warc_reader_open(FILE *f, const char *name, size_t max_block)
{
	return warc_reader_open_head(f, NULL, 0, name, max_block);
}

void warc_reader_close(warc_reader *rd)
{
	if (!rd)
		return;
	if (rd->zs_ready)
		inflateEnd(&rd->zs);
	free(rd->in);
	free(rd->out);
	free(rd->name);
	free(rd);
}

int warc_sniff(const unsigned char *head, size_t len)
{
	if (len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
		return 1;
	return len >= 5 && memcmp(head, "WARC/", 5) == 0;
}
