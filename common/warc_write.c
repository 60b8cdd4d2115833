/*
 * warc_write.c - the WARC writer, digests, record ids and dates; see warc.h.
 *
 * Writer design.  A record is header text, block and CRLF CRLF; with gzip on
 * the three parts go through one deflate stream that is reset per record,
 * so each record is a complete gzip member.  Digests are sha1 from OpenSSL,
 * base32-encoded as WARC tools expect.
 */
#include "warc.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zlib.h>

#include "buf.h"

/* ---- digests, ids, dates ------------------------------------------- */

void warc_sha1_base32(const void *data, size_t len, char out[40])
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha1(), NULL) || mdlen != 20)
		memset(md, 0, 20); /* cannot happen with a working libcrypto */
	memcpy(out, "sha1:", 5);
	/* 20 bytes = 160 bits = exactly 32 five-bit groups: no padding. */
	char *o = out + 5;
	for (int i = 0; i < 20; i += 5) {
		unsigned long long v = 0;
		for (int j = 0; j < 5; j++)
			v = v << 8 | md[i + j];
		for (int k = 7; k >= 0; k--)
			*o++ = alphabet[(v >> (5 * k)) & 31];
	}
	*o = '\0';
}

void warc_format_date(long long t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* A random (version 4) UUID as a WARC record id. */
static int make_record_id(char out[48])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 48,
	         "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x>",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
	         b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

/* ---- writer -------------------------------------------------------- */

struct warc_writer {
	FILE *f;
	int gzip;
	z_stream zs;
	unsigned char out[64 * 1024]; /* deflate output per call */
};

warc_writer *warc_writer_open(FILE *f, int gzip)
{
	warc_writer *w = xcalloc(1, sizeof *w);
	w->f = f;
	w->gzip = gzip;
	if (gzip && deflateInit2(&w->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
	                         15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(w);
		return NULL;
	}
	return w;
}

int warc_writer_close(warc_writer *w, cqa_error *err)
{
	if (!w)
		return 0;
	int bad = fflush(w->f) != 0 || ferror(w->f);
	int saved = errno;
	if (w->gzip)
		deflateEnd(&w->zs);
	free(w);
	if (bad) {
		cqa_fail(err, CQA_ERR_IO, "writing WARC output: %s",
		         strerror(saved));
		return -1;
	}
	return 0;
}

/* Sends len bytes through the writer; finish ends the gzip member. */
static int emit(warc_writer *w, const void *data, size_t len, int finish)
{
	if (!w->gzip)
		return len && fwrite(data, 1, len, w->f) != len ? -1 : 0;
	const unsigned char *p = data;
	do {
		/* avail_in is 32 bits: feed a huge block in slices. */
		size_t slice = len > (1u << 30) ? (1u << 30) : len;
		int flush = finish && slice == len ? Z_FINISH : Z_NO_FLUSH;
		w->zs.next_in = (unsigned char *)p;
		w->zs.avail_in = (uInt)slice;
		int zr;
		do {
			w->zs.next_out = w->out;
			w->zs.avail_out = sizeof w->out;
			zr = deflate(&w->zs, flush);
			if (zr == Z_STREAM_ERROR)
				return -1;
			size_t have = sizeof w->out - w->zs.avail_out;
			if (have && fwrite(w->out, 1, have, w->f) != have)
				return -1;
		} while (w->zs.avail_out == 0 ||
		         (flush == Z_FINISH && zr != Z_STREAM_END));
		p += slice;
		len -= slice;
	} while (len);
	return 0;
}

static int has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

static void add_field(buf_t *h, const char *name, const char *value)
{
	if (value)
		buf_printf(h, "%s: %s\r\n", name, value);
}

int warc_write(warc_writer *w, const warc_write_spec *spec, char *record_id,
               cqa_error *err)
{
	/* Values come from the network (URIs, addresses); a line break would
	 * let a stranger forge headers, so refuse it. */
	const char *checked[][2] = {
	    {"WARC-Type", spec->type},
	    {"WARC-Target-URI", spec->target_uri},
	    {"Content-Type", spec->content_type},
	    {"WARC-Concurrent-To", spec->concurrent_to},
	    {"WARC-IP-Address", spec->ip_address},
	    {"WARC-Date", spec->date},
	};
	for (size_t i = 0; i < sizeof checked / sizeof *checked; i++)
		if (has_line_break(checked[i][1])) {
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s value contains a line break: refusing to "
			         "write the WARC record",
			         checked[i][0]);
			return -1;
		}
	for (size_t i = 0; i < spec->n_extra; i++) {
		const char *name = spec->extra[i].name;
		if (!name || !name[0] || strpbrk(name, ": \t\r\n") ||
		    has_line_break(spec->extra[i].value)) {
			cqa_fail(err, CQA_ERR_FORMAT,
			         "WARC header \"%.60s\" is not a valid field: "
			         "refusing to write the record",
			         name ? name : "");
			return -1;
		}
	}
	if (!spec->type || (spec->block_len && !spec->block)) {
		cqa_fail(err, CQA_ERR_INTERNAL,
		         "WARC record without a type or block");
		return -1;
	}
	int is_response = strcmp(spec->type, "response") == 0;
	if (is_response && spec->payload_offset != (size_t)-1 &&
	    spec->payload_offset > spec->block_len) {
		cqa_fail(err, CQA_ERR_INTERNAL,
		         "WARC payload offset %zu beyond the block (%zu bytes)",
		         spec->payload_offset, spec->block_len);
		return -1;
	}

	char id[48], date[32], digest[40];
	if (make_record_id(id) < 0) {
		cqa_fail(err, CQA_ERR_INTERNAL,
		         "no random bytes for a WARC record id: %s",
		         strerror(errno));
		return -1;
	}
	if (!spec->date)
		warc_format_date((long long)time(NULL), date);
	buf_t h = BUF_INIT;
	buf_adds(&h, "WARC/1.1\r\n");
	add_field(&h, "WARC-Type", spec->type);
	add_field(&h, "WARC-Record-ID", id);
	add_field(&h, "WARC-Date", spec->date ? spec->date : date);
	add_field(&h, "WARC-Target-URI", spec->target_uri);
	add_field(&h, "WARC-Concurrent-To", spec->concurrent_to);
	add_field(&h, "WARC-IP-Address", spec->ip_address);
	add_field(&h, "Content-Type", spec->content_type);
	const char *block = spec->block ? spec->block : "";
	warc_sha1_base32(block, spec->block_len, digest);
	add_field(&h, "WARC-Block-Digest", digest);
	if (is_response && spec->payload_digest) {
		add_field(&h, "WARC-Payload-Digest", spec->payload_digest);
	} else if (is_response && spec->payload_offset != (size_t)-1) {
		warc_sha1_base32(block + spec->payload_offset,
		                 spec->block_len - spec->payload_offset,
		                 digest);
		add_field(&h, "WARC-Payload-Digest", digest);
	}
	for (size_t i = 0; i < spec->n_extra; i++)
		add_field(&h, spec->extra[i].name, spec->extra[i].value);
	buf_printf(&h, "Content-Length: %zu\r\n\r\n", spec->block_len);

	if (w->gzip)
		deflateReset(&w->zs);
	int bad = emit(w, h.data, h.len, 0) < 0 ||
	          emit(w, block, spec->block_len, 0) < 0 ||
	          emit(w, "\r\n\r\n", 4, 1) < 0;
	buf_free(&h);
	if (bad) {
		cqa_fail(err, CQA_ERR_IO, "writing WARC record: %s",
		         strerror(errno));
		return -1;
	}
	if (record_id)
		memcpy(record_id, id, strlen(id) + 1);
	return 0;
}
