/*
 * warc_write.c - the WARC writer, digests, record ids and dates; see warc.h.
 *
 * Writer design.  A record is header text, block and CRLF CRLF, assembled
 * in one buffer; with gzip on, the buffer is compressed whole into one
 * gzip member, so each record is a member of its own.  Digests are sha1
 * from OpenSSL, base32-encoded as WARC tools expect.
 *
 * Compression is libdeflate's fastest level: a crawl is bound by it
 * otherwise.  Records are whole in memory anyway, and libdeflate, made for
 * whole buffers, compresses a crawler's pages about twice as fast as
 * zlib's fastest level and a little smaller (bench/fetch.sh's pages: 43.4%
 * of their size against 45.6%).  A threaded writer (warc_writer_open_
 * threaded) goes further: warc_write() checks the record, makes its id and
 * header and queues header and block; worker threads, one a processor
 * beyond the caller's up to WRITER_MAX_WORKERS, each take the next record,
 * assemble it with its digests and compress it side by side, then write in
 * turn, so records leave in the order they were queued and compression overlaps
 * the network and itself.  The queue is bounded (WRITER_QUEUE_BYTES): a caller
 * faster than the disk waits.  A write error in a worker is reported by the
 * next warc_write() and by warc_writer_close().
 */
#include "warc.h"

#include <errno.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

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

enum {
	/* Records queued for the writer thread, in bytes, before
	 * warc_write() waits. */
	WRITER_QUEUE_BYTES = 64 << 20,
	/* Threads packing records at most (one a processor up to this). */
	WRITER_MAX_WORKERS = 4,
};

/* A record on its way: header lines before the digests (pre), after them
 * (post), and the block.  Digests are computed where the record is
 * assembled, on the writer thread when there is one. */
typedef struct job {
	buf_t pre, post;
	const char *block; /* points into owned, or the caller's block */
	size_t block_len;
	buf_t owned;
	int payload; /* 1: a payload digest goes in */
	size_t payload_offset;
	char payload_digest[40]; /* given by the caller, or "" */
	struct job *next;
} job;

static void job_free(job *j)
{
	buf_free(&j->pre);
	buf_free(&j->post);
	buf_free(&j->owned);
}

static size_t job_size(const job *j)
{
	return j->pre.len + j->post.len + j->block_len;
}

static void add_field(buf_t *h, const char *name, const char *value);

/* The whole record, digests included, into out. */
static void assemble(const job *j, buf_t *out)
{
	char digest[40];
	buf_add(out, j->pre.data, j->pre.len);
	warc_sha1_base32(j->block, j->block_len, digest);
	add_field(out, "WARC-Block-Digest", digest);
	if (j->payload && j->payload_digest[0]) {
		add_field(out, "WARC-Payload-Digest", j->payload_digest);
	} else if (j->payload) {
		warc_sha1_base32(j->block + j->payload_offset,
		                 j->block_len - j->payload_offset, digest);
		add_field(out, "WARC-Payload-Digest", digest);
	}
	buf_add(out, j->post.data, j->post.len);
	buf_printf(out, "Content-Length: %zu\r\n\r\n", j->block_len);
	buf_add(out, j->block, j->block_len);
	buf_add(out, "\r\n\r\n", 4);
}

/* What turns a job into the bytes of its record: the assembled record
 * and, with gzip, its member.  Each thread that packs has its own. */
typedef struct packer {
	struct libdeflate_compressor *zc; /* NULL without gzip */
	buf_t rec;                        /* the record, assembled (reused) */
	buf_t zout;                       /* its gzip member (reused) */
} packer;

typedef struct worker {
	struct warc_writer *w;
	pthread_t thread;
	packer pk;
	int started;
} worker;

struct warc_writer {
	FILE *f;
	packer pk; /* unthreaded mode */
	/* threaded mode: workers take jobs in queue order, pack them side by
	 * side, and write them in that order (taken / written count them) */
	int threaded;
	worker *workers;
	int n_workers;
	pthread_mutex_t lock;
	pthread_cond_t more, room, turn;
	job *head, *tail;
	size_t queued; /* bytes in the queue */
	unsigned long long taken, written;
	int closing;
	int failed; /* a write failed: errno in fail_errno */
	int fail_errno;
};

static int packer_init(packer *pk, int gzip)
{
	memset(pk, 0, sizeof *pk);
	return gzip && !(pk->zc = libdeflate_alloc_compressor(1)) ? -1 : 0;
}

static void packer_free(packer *pk)
{
	libdeflate_free_compressor(pk->zc);
	buf_free(&pk->rec);
	buf_free(&pk->zout);
}

/* The bytes of j's record into *out, *len: the record itself, or one gzip
 * member holding it.  Returns -1 (errno set) when compression fails. */
static int pack(packer *pk, const job *j, const char **out, size_t *len)
{
	buf_reset(&pk->rec);
	buf_grow(&pk->rec, j->pre.len + j->post.len + j->block_len + 256);
	assemble(j, &pk->rec);
	if (!pk->zc) {
		*out = pk->rec.data;
		*len = pk->rec.len;
		return 0;
	}
	size_t bound = libdeflate_gzip_compress_bound(pk->zc, pk->rec.len);
	buf_reset(&pk->zout);
	buf_grow(&pk->zout, bound);
	*len = libdeflate_gzip_compress(pk->zc, pk->rec.data, pk->rec.len,
	                                pk->zout.data, bound);
	*out = pk->zout.data;
	if (!*len) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int write_record(warc_writer *w, packer *pk, const job *j)
{
	const char *out;
	size_t len;
	if (pack(pk, j, &out, &len) < 0)
		return -1;
	return len && fwrite(out, 1, len, w->f) != len ? -1 : 0;
}

static void *worker_main(void *ud)
{
	worker *wk = ud;
	warc_writer *w = wk->w;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->closing)
			pthread_cond_wait(&w->more, &w->lock);
		job *j = w->head;
		if (!j)
			break; /* closing, queue empty */
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		unsigned long long seq = w->taken++;
		int skip = w->failed;
		pthread_mutex_unlock(&w->lock);
		const char *out = NULL;
		size_t len = 0;
		int bad = !skip && pack(&wk->pk, j, &out, &len) < 0;
		int e = errno;
		pthread_mutex_lock(&w->lock);
		/* Records leave in the order they came. */
		while (w->written != seq)
			pthread_cond_wait(&w->turn, &w->lock);
		if (!bad && !skip && !w->failed) {
			pthread_mutex_unlock(&w->lock);
			bad = len && fwrite(out, 1, len, w->f) != len;
			e = errno;
			pthread_mutex_lock(&w->lock);
		}
		if (bad && !w->failed) {
			w->failed = 1;
			w->fail_errno = e;
		}
		w->written++;
		w->queued -= job_size(j);
		pthread_cond_broadcast(&w->turn);
		pthread_cond_signal(&w->room);
		pthread_mutex_unlock(&w->lock);
		job_free(j);
		free(j);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static warc_writer *writer_new(FILE *f, int gzip)
{
	warc_writer *w = xcalloc(1, sizeof *w);
	w->f = f;
	if (packer_init(&w->pk, gzip) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

warc_writer *warc_writer_open(FILE *f, int gzip)
{
	return writer_new(f, gzip);
}

/* Stops and frees the workers that started (closing must be set). */
static void join_workers(warc_writer *w)
{
	for (int i = 0; i < w->n_workers; i++) {
		if (w->workers[i].started)
			pthread_join(w->workers[i].thread, NULL);
		packer_free(&w->workers[i].pk);
	}
	free(w->workers);
	w->workers = NULL;
	w->n_workers = 0;
}

warc_writer *warc_writer_open_threaded(FILE *f, int gzip, int workers)
{
	warc_writer *w = writer_new(f, gzip);
	if (!w)
		return NULL;
	/* One packer a processor but the caller's, at least one, at most
	 * WRITER_MAX_WORKERS: compression is what a crawl waits for, records
	 * are independent, and the caller (the transfer loop) keeps a
	 * processor busy itself; on two processors a second packer only
	 * took turns with it (bench/fetch.sh ran 20% slower). */
	long cpus = workers > 0 ? workers : sysconf(_SC_NPROCESSORS_ONLN) - 1;
	int n = cpus < 1                    ? 1
	        : cpus > WRITER_MAX_WORKERS ? WRITER_MAX_WORKERS
	                                    : (int)cpus;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	pthread_cond_init(&w->room, NULL);
	pthread_cond_init(&w->turn, NULL);
	w->workers = xcalloc((size_t)n, sizeof *w->workers);
	w->n_workers = n;
	int started = 0;
	for (int i = 0; i < n; i++) {
		worker *wk = &w->workers[i];
		wk->w = w;
		if (packer_init(&wk->pk, gzip) < 0 ||
		    pthread_create(&wk->thread, NULL, worker_main, wk) != 0)
			break;
		wk->started = 1;
		started++;
	}
	if (started) {
		w->threaded = 1;
		return w;
	}
	/* No thread: write on the caller's thread instead. */
	join_workers(w);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->more);
	pthread_cond_destroy(&w->room);
	pthread_cond_destroy(&w->turn);
	return w;
}

int warc_writer_close(warc_writer *w, cqa_error *err)
{
	if (!w)
		return 0;
	int failed = 0, fail_errno = 0;
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->closing = 1;
		pthread_cond_broadcast(&w->more);
		pthread_mutex_unlock(&w->lock);
		join_workers(w);
		failed = w->failed;
		fail_errno = w->fail_errno;
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->more);
		pthread_cond_destroy(&w->room);
		pthread_cond_destroy(&w->turn);
	}
	int bad = failed || fflush(w->f) != 0 || ferror(w->f);
	int saved = failed ? fail_errno : errno;
	packer_free(&w->pk);
	free(w);
	if (bad) {
		cqa_fail(err, CQA_ERR_IO, "writing WARC output: %s",
		         strerror(saved));
		return -1;
	}
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

	char id[48], date[32];
	if (make_record_id(id) < 0) {
		cqa_fail(err, CQA_ERR_INTERNAL,
		         "no random bytes for a WARC record id: %s",
		         strerror(errno));
		return -1;
	}
	if (!spec->date)
		warc_format_date((long long)time(NULL), date);
	job jb;
	memset(&jb, 0, sizeof jb);
	buf_adds(&jb.pre, "WARC/1.1\r\n");
	add_field(&jb.pre, "WARC-Type", spec->type);
	add_field(&jb.pre, "WARC-Record-ID", id);
	add_field(&jb.pre, "WARC-Date", spec->date ? spec->date : date);
	add_field(&jb.pre, "WARC-Target-URI", spec->target_uri);
	add_field(&jb.pre, "WARC-Concurrent-To", spec->concurrent_to);
	add_field(&jb.pre, "WARC-IP-Address", spec->ip_address);
	add_field(&jb.pre, "Content-Type", spec->content_type);
	for (size_t i = 0; i < spec->n_extra; i++)
		add_field(&jb.post, spec->extra[i].name, spec->extra[i].value);
	jb.block = spec->block ? spec->block : "";
	jb.block_len = spec->block_len;
	jb.payload = is_response && (spec->payload_digest ||
	                             spec->payload_offset != (size_t)-1);
	jb.payload_offset = spec->payload_offset;
	if (is_response && spec->payload_digest)
		snprintf(jb.payload_digest, sizeof jb.payload_digest, "%s",
		         spec->payload_digest);

	int bad = 0, e = 0;
	if (w->threaded) {
		job *j = xmalloc(sizeof *j);
		*j = jb;
		buf_add(&j->owned, jb.block, jb.block_len);
		j->block = j->owned.data ? j->owned.data : "";
		size_t size = job_size(j);
		pthread_mutex_lock(&w->lock);
		while (w->queued > WRITER_QUEUE_BYTES && !w->failed)
			pthread_cond_wait(&w->room, &w->lock);
		bad = w->failed;
		e = w->fail_errno;
		if (!bad) {
			w->queued += size;
			if (w->tail)
				w->tail->next = j;
			else
				w->head = j;
			w->tail = j;
			pthread_cond_signal(&w->more);
			j = NULL;
		}
		pthread_mutex_unlock(&w->lock);
		if (j) {
			job_free(j);
			free(j);
		}
	} else {
		bad = write_record(w, &w->pk, &jb) < 0;
		e = errno;
		job_free(&jb);
	}
	if (bad) {
		cqa_fail(err, CQA_ERR_IO, "writing WARC record: %s",
		         strerror(e));
		return -1;
	}
	if (record_id)
		memcpy(record_id, id, strlen(id) + 1);
	return 0;
}
