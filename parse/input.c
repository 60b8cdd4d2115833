/*
 * input.c - from what the user names to pages.
 *
 * The kind of an input is decided by its first bytes, not its name: a WARC
 * starts with "WARC/", or is gzip whose first inflated bytes are "WARC/";
 * other gzip data is inflated and read like the rest, where anything that
 * starts with markup is HTML.
 * Standard input is sniffed the same way; the WARC reader takes the bytes
 * already read, so a WARC can stream from a pipe of any size.  Directories are
 * walked recursively in name order (so output order is stable), skipping hidden
 * entries and files that are neither.
 *
 * From a WARC, `response` records whose HTTP payload is HTML become
 * documents (status 3xx skipped: a redirect has no content), as do
 * `resource` records of type text/html; request, metadata and warcinfo
 * records are skipped.  A `revisit` record stands for the earlier capture
 * it refers to, read from the --since WARC or, without --since, from the
 * since-warc the WARC's own warcinfo names (what a --since run of
 * cqa-fetch writes), so a chained audit's WARC parses whole on its own.
 * A bad record is warned about and skipped; a WARC that cannot be read
 * further ends that input with a warning.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include "../common/buf.h"
#include "../common/http.h"
#include "../common/lock.h"
#include "../common/url.h"
#include "../common/warc.h"
#include "../common/warc_index.h"
#include "internal.h"
#include "markdown.h"
#include "parse.h"
#include "pool.h"

enum { SNIFF_BYTES = 1024 };

typedef struct run {
	const parse_options *o;
	parse_doc_fn fn;
	void *ud;
	parse_pool *pool; /* NULL: parse on this thread */
	int stopped;
	warc_index *since; /* the earlier WARC revisits refer to, or NULL */
} run;

static int looks_like_html(const unsigned char *head, size_t len)
{
	size_t i = 0;
	if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\n' ||
	                   head[i] == '\r' || head[i] == '\t'))
		i++;
	return i < len && head[i] == '<';
}

/* What a WARC record's Content-Type makes of it: a page kind (PAGE_*),
 * PAGE_SNIFF when there is none, PAGE_SKIP otherwise.  Plain text counts
 * only from file:// URIs, the drafts cqa-fetch read from disk: a crawl's
 * text/plain responses are robots.txt and the like, not articles. */
enum { PAGE_SKIP = -2, PAGE_SNIFF = -1 };

static int page_kind_of_type(const char *content_type, const char *uri)
{
	if (!content_type || !*content_type)
		return PAGE_SNIFF;
	if (!strncasecmp(content_type, "text/html", 9) ||
	    !strncasecmp(content_type, "application/xhtml", 17))
		return PAGE_HTML;
	if (!strncasecmp(content_type, "text/markdown", 13))
		return PAGE_MARKDOWN;
	if (!strncasecmp(content_type, "text/plain", 10) && uri &&
	    !strncasecmp(uri, "file:", 5))
		return PAGE_TEXT;
	return PAGE_SKIP;
}

static void emit(run *r, json_t *doc)
{
	if (!doc || r->stopped)
		return;
	if (r->fn(r->ud, doc))
		r->stopped = 1;
}

static void parse_page(run *r, const char *bytes, size_t len,
                       const parse_page_info *info, int kind)
{
	if (r->pool) {
		if (!r->stopped && pool_submit(r->pool, bytes, len, info, kind))
			r->stopped = 1;
		return;
	}
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_page_kind(r->o, bytes, len, info, kind, &err);
	if (!doc)
		cqa_warn(r->o->log, "%s", err.msg);
	emit(r, doc);
}

/* uri and date: those of the record, or of the revisit record that
 * stands for it in a later crawl. */
static void warc_response_as(run *r, const warc_record *rec, const char *uri,
                             const char *date, const char *name,
                             long long index)
{
	http_response resp;
	if (http_parse(rec->block, rec->block_len, &resp) != 0) {
		cqa_debug(r->o->log, "%s: record %lld: not an HTTP response",
		          name, index);
		return;
	}
	if (resp.status >= 300 && resp.status < 400)
		return;
	buf_t ctype = BUF_INIT, body = BUF_INIT;
	http_header(&resp, "Content-Type", &ctype);
	int kind = page_kind_of_type(buf_cstr(&ctype), uri);
	cqa_error err;
	cqa_error_clear(&err);
	if (kind != PAGE_SKIP &&
	    http_decode_body(&resp, r->o->max_page_bytes, &body, &err) != 0)
		cqa_warn(r->o->log, "%s: record %lld (%s): %s", name, index,
		         uri ? uri : "?", err.msg);
	if (kind == PAGE_SNIFF)
		kind = looks_like_html((const unsigned char *)buf_cstr(&body),
		                       body.len < SNIFF_BYTES ? body.len
		                                              : SNIFF_BYTES)
		           ? PAGE_HTML
		           : PAGE_SKIP;
	if (kind != PAGE_SKIP) {
		parse_page_info info = {
		    .url = uri,
		    .final_url = uri,
		    .status = resp.status,
		    .fetched_at = date,
		    .content_type = ctype.len ? ctype.data : NULL,
		    .source = name,
		};
		parse_page(r, buf_cstr(&body), body.len, &info, kind);
	}
	buf_free(&ctype);
	buf_free(&body);
}

static void warc_response(run *r, const warc_record *rec, const char *name,
                          long long index)
{
	warc_response_as(r, rec, warc_record_get(rec, "WARC-Target-URI"),
	                 warc_record_get(rec, "WARC-Date"), name, index);
}

/* A revisit record of a --since crawl: the page did not change, and the
 * earlier WARC, indexed in since (NULL: none), holds its payload. */
static void warc_revisit(run *r, const warc_index *since,
                         const warc_record *rec, const char *name,
                         long long index)
{
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	const char *refers = warc_record_get(rec, "WARC-Refers-To");
	if (!since) {
		cqa_debug(r->o->log,
		          "%s: record %lld: revisit of %s skipped (no --since "
		          "and no readable since-warc)",
		          name, index, uri ? uri : "?");
		return;
	}
	const warc_index_entry *e =
	    refers ? warc_index_by_id(since, refers) : NULL;
	if (!e && uri)
		e = warc_index_by_uri(since, uri);
	if (!e) {
		cqa_warn(r->o->log,
		         "%s: record %lld: the revisit of %s refers to a "
		         "capture the earlier WARC does not hold",
		         name, index, uri ? uri : "?");
		return;
	}
	warc_record old;
	memset(&old, 0, sizeof old);
	cqa_error err;
	cqa_error_clear(&err);
	if (warc_index_read(since, e, &old, &err) < 0)
		cqa_warn(r->o->log, "%s", err.msg);
	else
		warc_response_as(r, &old, uri ? uri : e->uri,
		                 warc_record_get(rec, "WARC-Date"), name,
		                 index);
	warc_record_free(&old);
}

static void warc_resource(run *r, const warc_record *rec, const char *name)
{
	const char *ctype = warc_record_get(rec, "Content-Type");
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	int kind = page_kind_of_type(ctype, uri);
	if (kind < 0)
		return;
	parse_page_info info = {
	    .url = uri,
	    .final_url = uri,
	    .status = 200,
	    .fetched_at = warc_record_get(rec, "WARC-Date"),
	    .content_type = ctype,
	    .source = name,
	};
	parse_page(r, (const char *)rec->block, rec->block_len, &info, kind);
}

/* A WARC that ends in a torn record.  When a crawl holds the file's lock
 * (common/lock.h) the record is still being written: that is no damage,
 * and the message says how far this run read. */
static void warn_warc_end(run *r, const char *name, long long whole,
                          const cqa_error *err)
{
	buf_t lp = BUF_INIT;
	cqa_lock_path(&lp, name, 0);
	pid_t writer = cqa_lock_holder(buf_cstr(&lp));
	buf_free(&lp);
	if (writer > 0)
		cqa_note(r->o->log,
		         "%s is being written (process %ld): read its %lld "
		         "whole records; the record after them is not whole "
		         "yet",
		         name, (long)writer, whole);
	else
		cqa_warn(r->o->log, "%s", err->msg);
}

/* head: the bytes of f already read to sniff it. */
static int parse_warc(run *r, FILE *f, const unsigned char *head,
                      size_t head_len, const char *name)
{
	warc_reader *rd = warc_reader_open_head(f, head, head_len, name,
	                                        r->o->max_record_bytes);
	if (!rd) {
		cqa_warn(r->o->log, "%s: cannot read as WARC", name);
		return 0;
	}
	warc_record rec;
	cqa_error err;
	cqa_error_clear(&err);
	long long index = 0;
	/* Without --since, the since-warc of this WARC's warcinfo, indexed
	 * at the first revisit. */
	char *named = NULL;
	warc_index *named_since = NULL;
	int named_tried = 0;
	int got;
	while (!r->stopped && (got = warc_reader_next(rd, &rec, &err)) == 1) {
		index++;
		const char *type = warc_record_get(&rec, "WARC-Type");
		if (index == 1 && !r->since)
			named = warc_since_path(&rec, name);
		if (named && !named_tried && type &&
		    !strcasecmp(type, "revisit")) {
			named_tried = 1;
			cqa_error e;
			cqa_error_clear(&e);
			named_since = warc_index_build(named, r->o->log, &e);
			if (!named_since)
				cqa_warn(r->o->log,
				         "%s: since-warc %s cannot be read: %s "
				         "(its revisit records are skipped)",
				         name, named, e.msg);
		}
		if (rec.block_skipped)
			cqa_warn(r->o->log,
			         "%s: record %lld: block of %llu bytes skipped "
			         "(over the --max-record-bytes limit)",
			         name, index, rec.content_length);
		else if (type && !strcasecmp(type, "response"))
			warc_response(r, &rec, name, index);
		else if (type && !strcasecmp(type, "resource"))
			warc_resource(r, &rec, name);
		else if (type && !strcasecmp(type, "revisit"))
			warc_revisit(r, r->since ? r->since : named_since, &rec,
			             name, index);
		warc_record_free(&rec);
	}
	if (!r->stopped && got < 0)
		warn_warc_end(r, name, index, &err);
	warc_reader_close(rd);
	/* The pool copies the pages it is given: nothing refers to the
	 * index once the records are read. */
	warc_index_free(named_since);
	free(named);
	return 0;
}

static int read_all(FILE *f, size_t cap, buf_t *out)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > cap) {
			buf_add(out, chunk, cap - out->len);
			return 1; /* cut */
		}
		buf_add(out, chunk, n);
	}
	return 0;
}

static int is_gzip(const unsigned char *head, size_t len)
{
	return len >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}

/* How gunzip() ended. */
enum {
	GUNZIP_OK = 0,        /* every member whole (or cut at cap) */
	GUNZIP_FAILED = -1,   /* not gzip: nothing inflated */
	GUNZIP_TRUNCATED = 1, /* the data end inside a member */
	GUNZIP_DAMAGED = 2,   /* bad data inside a member */
};

/* Inflates gzip data (several members too) into out, at most cap bytes.
 * Damaged or cut data keeps what inflated; returns a GUNZIP_* value:
 * FAILED only when nothing could be inflated at all. */
static int gunzip(const unsigned char *in, size_t len, size_t cap, buf_t *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)(len < UINT32_MAX ? len : UINT32_MAX);
	unsigned char chunk[65536];
	int rc = Z_OK, members = 0;
	size_t member_start = 0;
	while (out->len < cap) {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof chunk - z.avail_out;
		if (got > cap - out->len)
			got = cap - out->len;
		buf_add(out, chunk, got);
		if (rc == Z_STREAM_END && z.avail_in > 0 &&
		    inflateReset(&z) == Z_OK) {
			members++;
			member_start = out->len;
			continue;
		}
		if (rc != Z_OK)
			break;
	}
	inflateEnd(&z);
	if (!out->len && rc != Z_STREAM_END)
		return GUNZIP_FAILED;
	/* Padding or junk after a whole member is no member at all. */
	if (rc == Z_STREAM_END || out->len >= cap ||
	    (members && out->len == member_start))
		return GUNZIP_OK;
	/* Z_BUF_ERROR: no progress possible, the input ended mid-member */
	return rc == Z_BUF_ERROR || rc == Z_OK ? GUNZIP_TRUNCATED
	                                       : GUNZIP_DAMAGED;
}

/* A gzip file is a WARC when its first inflated bytes say "WARC/". */
static int gzip_holds_warc(const unsigned char *head, size_t len)
{
	buf_t plain = BUF_INIT;
	gunzip(head, len, 16, &plain);
	int warc = plain.len < 5 || !memcmp(plain.data, "WARC/", 5);
	buf_free(&plain);
	return warc;
}

/* Parses an open stream: a WARC, an HTML page, a Markdown or text draft,
 * or any of these gzipped.  name is for messages; file_name is the file's
 * name for sniffing by extension (NULL for stdin). */
static int parse_stream(run *r, FILE *f, const char *name,
                        const char *file_name, const char *url)
{
	unsigned char head[SNIFF_BYTES];
	size_t n = fread(head, 1, sizeof head, f);
	int gz = is_gzip(head, n);
	if (gz ? gzip_holds_warc(head, n) : warc_sniff(head, n))
		return parse_warc(r, f, head, n, name);
	buf_t page = BUF_INIT;
	buf_add(&page, head, n);
	int over = read_all(f, r->o->max_page_bytes + 1, &page);
	if (over)
		cqa_debug(r->o->log, "%s: larger than the page limit", name);
	if (ferror(f)) {
		cqa_warn(r->o->log, "%s: read error: %s", name,
		         strerror(errno));
		buf_free(&page);
		return 0;
	}
	if (gz) {
		/* A cut or damaged stream still gives the page up to the
		 * damage: that is parsed (a partial article is still worth
		 * measuring, and browsers show it too), with a warning so
		 * the page can be fetched again. */
		buf_t plain = BUF_INIT;
		switch (gunzip((const unsigned char *)page.data, page.len,
		               r->o->max_page_bytes, &plain)) {
		case GUNZIP_FAILED:
			cqa_warn(r->o->log, "%s: damaged gzip data", name);
			break;
		case GUNZIP_TRUNCATED:
			if (over) /* cut here, at the page limit */
				break;
			cqa_warn(r->o->log,
			         "%s: truncated gzip stream; the document is "
			         "partial (%zu bytes inflated)",
			         name, plain.len);
			break;
		case GUNZIP_DAMAGED:
			cqa_warn(r->o->log,
			         "%s: damaged gzip stream; the document is "
			         "partial (%zu bytes inflated)",
			         name, plain.len);
			break;
		}
		buf_free(&page);
		page = plain;
	}
	const unsigned char *start = (const unsigned char *)buf_cstr(&page);
	size_t sniff = page.len < SNIFF_BYTES ? page.len : SNIFF_BYTES;
	int kind = PAGE_HTML;
	switch (parse_text_kind(file_name, start, sniff)) {
	case TEXT_KIND_MARKDOWN:
		kind = PAGE_MARKDOWN;
		break;
	case TEXT_KIND_PLAIN:
		kind = PAGE_TEXT;
		break;
	default:
		if (!looks_like_html(start, sniff)) {
			cqa_debug(r->o->log,
			          "%s: not HTML, text or WARC, skipped", name);
			buf_free(&page);
			return 0;
		}
	}
	parse_page_info info = {.url = url, .final_url = url, .source = name};
	parse_page(r, buf_cstr(&page), page.len, &info, kind);
	buf_free(&page);
	return 0;
}

static int parse_file(run *r, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cqa_warn(r->o->log, "%s: cannot open: %s", path,
		         strerror(errno));
		return 0;
	}
	buf_t url = BUF_INIT;
	url_from_path(path, &url);
	parse_stream(r, f, path, path, url.data);
	buf_free(&url);
	fclose(f);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int parse_dir(run *r, const char *path, int depth)
{
	/* Symlink loops and absurd trees end here. */
	if (depth > 64)
		return 0;
	DIR *d = opendir(path);
	if (!d) {
		cqa_warn(r->o->log, "%s: cannot open directory: %s", path,
		         strerror(errno));
		return 0;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		buf_t child = BUF_INIT;
		buf_printf(&child, "%s/%s", path, names[i]);
		struct stat st;
		if (!r->stopped && stat(child.data, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				parse_dir(r, child.data, depth + 1);
			else if (S_ISREG(st.st_mode))
				parse_file(r, child.data);
		}
		buf_free(&child);
		free(names[i]);
	}
	free(names);
	return 0;
}

int parse_path(const parse_options *o, const char *path, parse_doc_fn fn,
               void *ud, cqa_error *err)
{
	struct stat st;
	int is_stdin = !strcmp(path, "-");
	if (!is_stdin && stat(path, &st) != 0)
		return cqa_fail(err, CQA_ERR_IO, "%s: %s", path,
		                strerror(errno));
	if (!is_stdin && !S_ISDIR(st.st_mode) && access(path, R_OK) != 0)
		return cqa_fail(err, CQA_ERR_IO, "%s: cannot open: %s", path,
		                strerror(errno));
	run r = {o, fn, ud, NULL, 0, NULL};
	if (o->since_warc) {
		r.since = warc_index_build(o->since_warc, o->log, err);
		if (!r.since)
			return err->code;
	}
	r.pool = pool_new(o, fn, ud);
	if (is_stdin)
		parse_stream(&r, stdin, "stdin", NULL, NULL);
	else if (S_ISDIR(st.st_mode))
		parse_dir(&r, path, 0);
	else
		parse_file(&r, path);
	if (r.pool && pool_finish(r.pool))
		r.stopped = 1;
	warc_index_free(r.since);
	return r.stopped;
}
