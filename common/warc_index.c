/*
 * warc_index.c - an earlier WARC's 2xx responses (and resolved revisits) by
 * URL and by record id; see warc_index.h.
 *
 * Two sorted arrays of pointers into one array of entries: by URI (ties
 * broken by position, so the latest capture of a URL wins) and by record
 * id.  A million pages cost a few hundred bytes each.
 *
 * Entries are appended in file order whether they come from a response or
 * from a revisit, so "latest wins" holds across both kinds.  A revisit is
 * resolved as it is read: the since-warc is known from the first record,
 * and its index (built once, at the first revisit) is complete before any
 * lookup in it.  The files being indexed, from the one asked for down to
 * the one being read, are a chain on the stack, identified by device and
 * inode so that a since-warc reached through another name still counts as
 * a cycle.  Each index owns the index of its since-warc, so an entry's
 * path, which points into the index of the file the record is in, lives
 * as long as the index the caller holds.
 */
#define _POSIX_C_SOURCE 200809L
#include "warc_index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"
#include "http.h"

struct warc_index {
	char *path;
	warc_index_entry *v;
	size_t n, cap;
	warc_index_entry **by_uri, **by_id;
	warc_index *earlier; /* the index of the since-warc, or NULL */
};

/* One file being indexed, and the one that named it as its since-warc. */
typedef struct chain_link {
	const struct chain_link *later;
	dev_t dev;
	ino_t ino;
	int depth; /* 0 for the file asked for */
} chain_link;

/* A file's since-warc and what became of following it. */
typedef struct since_state {
	char *path;  /* from the warcinfo, or NULL */
	int tried;   /* the earlier index was asked for (once) */
	size_t left; /* revisits left out for want of it */
} since_state;

static warc_index *build(const char *path, const chain_link *later,
                         const cqa_log *log, cqa_error *err);

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

static void push(warc_index *ix, warc_index_entry e)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 256;
		ix->v = xrealloc(ix->v, ix->cap * sizeof *ix->v);
	}
	ix->v[ix->n++] = e;
}

char *warc_since_path(const warc_record *rec, const char *warc_path)
{
	const char *type = warc_record_get(rec, "WARC-Type");
	if (!type || strcasecmp(type, "warcinfo") || !rec->block)
		return NULL;
	/* application/warc-fields: "name: value" lines. */
	static const char field[] = "since-warc:";
	const char *p = (const char *)rec->block;
	const char *end = p + rec->block_len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > sizeof field - 1 &&
		    !strncasecmp(p, field, sizeof field - 1)) {
			const char *v = p + sizeof field - 1;
			const char *ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' ||
			                  ve[-1] == '\t'))
				ve--;
			if (v == ve)
				return NULL;
			buf_t out = BUF_INIT;
			const char *slash =
			    warc_path ? strrchr(warc_path, '/') : NULL;
			if (*v != '/' && slash)
				buf_add(&out, warc_path,
				        (size_t)(slash - warc_path) + 1);
			buf_add(&out, v, (size_t)(ve - v));
			return buf_detach(&out, NULL);
		}
		p = eol + 1;
	}
	return NULL;
}

/* The index of ix's since-warc, built at its first revisit; NULL (with one
 * warning) when it cannot be. */
static warc_index *earlier_index(warc_index *ix, since_state *since,
                                 const chain_link *self, const cqa_log *log)
{
	if (since->tried)
		return ix->earlier;
	since->tried = 1;
	struct stat st;
	if (stat(since->path, &st) != 0) {
		cqa_warn(log,
		         "%s: since-warc %s: %s (its revisit records are left "
		         "out of the index)",
		         ix->path, since->path, strerror(errno));
		return NULL;
	}
	for (const chain_link *c = self; c; c = c->later)
		if (c->dev == st.st_dev && c->ino == st.st_ino) {
			cqa_warn(log,
			         "%s: since-warc %s is a WARC already on the "
			         "chain that led here (a cycle; its revisit "
			         "records are left out of the index)",
			         ix->path, since->path);
			return NULL;
		}
	if (self->depth + 1 >= WARC_INDEX_MAX_CHAIN) {
		cqa_warn(log,
		         "%s: since-warc %s makes the chain of since-warc "
		         "files longer than %d WARCs (its revisit records are "
		         "left out of the index)",
		         ix->path, since->path, WARC_INDEX_MAX_CHAIN);
		return NULL;
	}
	cqa_error err;
	cqa_error_clear(&err);
	ix->earlier = build(since->path, self, log, &err);
	if (!ix->earlier)
		cqa_warn(log,
		         "%s: since-warc %s cannot be read: %s (its revisit "
		         "records are left out of the index)",
		         ix->path, since->path, err.msg);
	return ix->earlier;
}

/* A revisit record of ix's file: indexed as the capture it stands for,
 * when the since-warc holds that. */
static void add_revisit(warc_index *ix, const warc_index *earlier,
                        const warc_record *rec, const cqa_log *log)
{
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	const char *refers = warc_record_get(rec, "WARC-Refers-To");
	const char *refers_uri =
	    warc_record_get(rec, "WARC-Refers-To-Target-URI");
	const char *digest = warc_record_get(rec, "WARC-Payload-Digest");
	if (!uri)
		return;
	const warc_index_entry *e =
	    refers ? warc_index_by_id(earlier, refers) : NULL;
	if (!e) {
		/* By URI only when the payload is the same one: a later
		 * capture of the URI in the since-warc may hold another. */
		e = warc_index_by_uri(earlier, refers_uri ? refers_uri : uri);
		if (e && digest && e->payload_digest &&
		    strcmp(digest, e->payload_digest))
			e = NULL;
	}
	if (!e) {
		cqa_debug(log,
		          "%s: the revisit of %s refers to a capture %s does "
		          "not hold",
		          ix->path, uri, earlier->path);
		return;
	}
	/* The 304 usually repeats the validators; the next request sends
	 * what the server last said. */
	http_response h;
	int parsed = http_parse(rec->block, rec->block_len, &h) == 0;
	char *etag = parsed ? header_of(&h, "ETag") : NULL;
	char *last_modified = parsed ? header_of(&h, "Last-Modified") : NULL;
	push(ix,
	     (warc_index_entry){
	         .uri = xstrdup(uri),
	         .record_id = xstrdup(e->record_id),
	         .date = dup_or_null(e->date),
	         .payload_digest = dup_or_null(e->payload_digest),
	         .etag = etag ? etag : dup_or_null(e->etag),
	         .last_modified = last_modified ? last_modified
	                                        : dup_or_null(e->last_modified),
	         .offset = e->offset,
	         .path = e->path,
	     });
}

static void add_response(warc_index *ix, const warc_record *rec)
{
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	const char *id = warc_record_get(rec, "WARC-Record-ID");
	http_response h;
	if (!uri || !id || http_parse(rec->block, rec->block_len, &h) != 0 ||
	    h.status < 200 || h.status >= 300)
		return;
	push(ix, (warc_index_entry){
	             .uri = xstrdup(uri),
	             .record_id = xstrdup(id),
	             .date = dup_or_null(warc_record_get(rec, "WARC-Date")),
	             .payload_digest = dup_or_null(
	                 warc_record_get(rec, "WARC-Payload-Digest")),
	             .etag = header_of(&h, "ETag"),
	             .last_modified = header_of(&h, "Last-Modified"),
	             .offset = rec->offset,
	             .path = ix->path,
	         });
}

static warc_index *build(const char *path, const chain_link *later,
                         const cqa_log *log, cqa_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		cqa_fail(err, CQA_ERR_IO, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	warc_reader *rd = warc_reader_open(f, path, 0);
	if (!rd) {
		fclose(f);
		cqa_fail(err, CQA_ERR_FORMAT, "%s: cannot read as WARC", path);
		return NULL;
	}
	chain_link self = {later, st.st_dev, st.st_ino,
	                   later ? later->depth + 1 : 0};
	warc_index *ix = xcalloc(1, sizeof *ix);
	ix->path = xstrdup(path);
	since_state since = {NULL, 0, 0};
	warc_record rec;
	memset(&rec, 0, sizeof rec);
	cqa_error e;
	cqa_error_clear(&e);
	long long records = 0;
	int got;
	while ((got = warc_reader_next(rd, &rec, &e)) == 1) {
		const char *type = warc_record_get(&rec, "WARC-Type");
		if (records++ == 0)
			since.path = warc_since_path(&rec, path);
		if (!type) {
			/* not a record this index holds */
		} else if (!strcmp(type, "response")) {
			add_response(ix, &rec);
		} else if (!strcmp(type, "revisit") && since.path) {
			const warc_index *earlier =
			    earlier_index(ix, &since, &self, log);
			if (earlier)
				add_revisit(ix, earlier, &rec, log);
			else
				since.left++;
		}
		warc_record_free(&rec);
	}
	if (got < 0)
		cqa_warn(log, "%s (the index ends there)", e.msg);
	if (since.left)
		cqa_debug(log, "%s: %zu revisit records left out of the index",
		          path, since.left);
	free(since.path);
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

warc_index *warc_index_build(const char *path, const cqa_log *log,
                             cqa_error *err)
{
	return build(path, NULL, log, err);
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
	(void)ix; /* e names its file, which ix (or an index it owns) holds */
	FILE *f = fopen(e->path, "rb");
	if (!f) {
		cqa_fail(err, CQA_ERR_IO, "%s: %s", e->path, strerror(errno));
		return -1;
	}
	if (fseeko(f, (off_t)e->offset, SEEK_SET) != 0) {
		fclose(f);
		cqa_fail(err, CQA_ERR_IO, "%s: %s", e->path, strerror(errno));
		return -1;
	}
	warc_reader *rd = warc_reader_open(f, e->path, 0);
	int got = rd ? warc_reader_next(rd, rec, err) : -1;
	if (rd)
		warc_reader_close(rd);
	else
		cqa_fail(err, CQA_ERR_FORMAT, "%s: cannot read as WARC",
		         e->path);
	fclose(f);
	if (got != 1) {
		if (got == 0)
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s: no record at offset %lld", e->path,
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
	warc_index_free(ix->earlier);
	free(ix->path);
	free(ix);
}
