/*
 * warc_index.c - an earlier WARC's 2xx responses by URL and by record id;
 * see warc_index.h.
 *
 * Two sorted arrays of pointers into one array of entries: by URI (ties
 * broken by position, so the latest capture of a URL wins) and by record
 * id.  A million pages cost a few hundred bytes each.
 */
#define _POSIX_C_SOURCE 200809L
#include "warc_index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"

struct warc_index {
	char *path;
	warc_index_entry *v;
	size_t n, cap;
	warc_index_entry **by_uri, **by_id;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *header_of(const http_response *h, const char *name)
{
	buf_t v = BUF_INIT;
	char *out = NULL;
	if (http_header(h, name, &v) && v.len)
		out = xstrdup(buf_cstr(&v));
	buf_free(&v);
	return out;
}

static int cmp_uri(const void *a, const void *b)
{
	const warc_index_entry *x = *(warc_index_entry *const *)a;
	const warc_index_entry *y = *(warc_index_entry *const *)b;
	int c = strcmp(x->uri, y->uri);
	return c ? c : (x < y ? -1 : x > y);
}

static int cmp_id(const void *a, const void *b)
{
	const warc_index_entry *x = *(warc_index_entry *const *)a;
	const warc_index_entry *y = *(warc_index_entry *const *)b;
	return strcmp(x->record_id, y->record_id);
}

warc_index *warc_index_build(const char *path, const cqa_log *log,
                             cqa_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cqa_fail(err, CQA_ERR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	warc_reader *rd = warc_reader_open(f, path, 0);
	if (!rd) {
		fclose(f);
		cqa_fail(err, CQA_ERR_FORMAT, "%s: cannot read as WARC", path);
		return NULL;
	}
	warc_index *ix = xcalloc(1, sizeof *ix);
	ix->path = xstrdup(path);
	warc_record rec;
	memset(&rec, 0, sizeof rec);
	cqa_error e;
	cqa_error_clear(&e);
	int got;
	while ((got = warc_reader_next(rd, &rec, &e)) == 1) {
		const char *type = warc_record_get(&rec, "WARC-Type");
		const char *uri = warc_record_get(&rec, "WARC-Target-URI");
		const char *id = warc_record_get(&rec, "WARC-Record-ID");
		http_response h;
		if (type && !strcmp(type, "response") && uri && id &&
		    http_parse(rec.block, rec.block_len, &h) == 0 &&
		    h.status >= 200 && h.status < 300) {
			if (ix->n == ix->cap) {
				ix->cap = ix->cap ? 2 * ix->cap : 256;
				ix->v =
				    xrealloc(ix->v, ix->cap * sizeof *ix->v);
			}
			ix->v[ix->n++] = (warc_index_entry){
			    xstrdup(uri),
			    xstrdup(id),
			    dup_or_null(warc_record_get(&rec, "WARC-Date")),
			    dup_or_null(
			        warc_record_get(&rec, "WARC-Payload-Digest")),
			    header_of(&h, "ETag"),
			    header_of(&h, "Last-Modified"),
			    rec.offset};
		}
		warc_record_free(&rec);
	}
	if (got < 0)
		cqa_warn(log, "%s (the index ends there)", e.msg);
	warc_reader_close(rd);
	fclose(f);
	ix->by_uri = xmalloc((ix->n ? ix->n : 1) * sizeof *ix->by_uri);
	ix->by_id = xmalloc((ix->n ? ix->n : 1) * sizeof *ix->by_id);
	for (size_t i = 0; i < ix->n; i++)
		ix->by_uri[i] = ix->by_id[i] = &ix->v[i];
	qsort(ix->by_uri, ix->n, sizeof *ix->by_uri, cmp_uri);
	qsort(ix->by_id, ix->n, sizeof *ix->by_id, cmp_id);
	return ix;
}

const warc_index_entry *warc_index_by_uri(const warc_index *ix, const char *uri)
{
	/* The last of the run of equal URIs: the latest capture. */
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->by_uri[mid]->uri, uri) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && !strcmp(ix->by_uri[lo - 1]->uri, uri)
	           ? ix->by_uri[lo - 1]
	           : NULL;
}

const warc_index_entry *warc_index_by_id(const warc_index *ix,
                                         const char *record_id)
{
	warc_index_entry key = {.record_id = (char *)record_id};
	warc_index_entry *k = &key;
	warc_index_entry **hit =
	    bsearch(&k, ix->by_id, ix->n, sizeof *ix->by_id, cmp_id);
	return hit ? *hit : NULL;
}

int warc_index_read(const warc_index *ix, const warc_index_entry *e,
                    warc_record *rec, cqa_error *err)
{
	FILE *f = fopen(ix->path, "rb");
	if (!f) {
		cqa_fail(err, CQA_ERR_IO, "%s: %s", ix->path, strerror(errno));
		return -1;
	}
	if (fseeko(f, (off_t)e->offset, SEEK_SET) != 0) {
		fclose(f);
		cqa_fail(err, CQA_ERR_IO, "%s: %s", ix->path, strerror(errno));
		return -1;
	}
	warc_reader *rd = warc_reader_open(f, ix->path, 0);
	int got = rd ? warc_reader_next(rd, rec, err) : -1;
	if (rd)
		warc_reader_close(rd);
	fclose(f);
	if (got != 1) {
		if (got == 0)
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s: no record at offset %lld", ix->path,
			         e->offset);
		return -1;
	}
	return 0;
}

size_t warc_index_size(const warc_index *ix)
{
	return ix->n;
}

void warc_index_free(warc_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->n; i++) {
		warc_index_entry *e = &ix->v[i];
		free(e->uri);
		free(e->record_id);
		free(e->date);
		free(e->payload_digest);
		free(e->etag);
		free(e->last_modified);
	}
	free(ix->v);
	free(ix->by_uri);
	free(ix->by_id);
	free(ix->path);
	free(ix);
}
