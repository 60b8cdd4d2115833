/*
 * resume.c - carrying on an interrupted crawl in the same files.
 *
 * The WARC and crawl.csv are the checkpoint (the WARC alone when a run
 * keeps no crawl.csv): nothing else is saved while crawling, so a crawl
 * killed at any instant (Ctrl-C or kill -9) can be resumed.  What a kill
 * leaves, and what is done about it:
 *
 *   - the WARC may end in a partial record.  Every record is one gzip
 *     member, so the file is cut after the last member that inflates to its
 *     end with a good CRC; what follows was never a whole record.
 *   - crawl.csv may end in a partial row: it is cut after its last line end.
 *   - the two files are buffered separately, so either may be ahead.  A row
 *     saying "stored" whose record did not survive is dropped (the URL is
 *     fetched again); a response record without a row gets one, built from
 *     the record, so every stored page stays in the log.
 *
 * Then resume_load() rebuilds the crawl's memory: every URL of the log is
 * known (not fetched again), robots.txt answers are preset per host, and the
 * stored pages and sitemaps are read again for their links, with the depth
 * the log gives them.  Seeds are queued as usual and skipped if known.
 *
 * The WARC alone is enough for that too: each response and revisit record
 * carries the kind, the depth and the redirect chain of its URL in fields
 * of cqa-fetch's own (XFER_*_FIELD, docs/formats.md).  So without a log
 * every URL of a chain is known, pages are re-read at their depth and
 * count toward max_pages, and a link the stored robots.txt disallows is
 * settled without a request (resume_refused).  With a log the chains'
 * middle URLs, which the log does not hold, still come from the WARC.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "../common/http.h"
#include "../common/outfile.h"
#include "internal.h"

/* crawl.csv columns resume reads (fetch.c writes them in this order). */
enum {
	COL_URL = 0,
	COL_FINAL_URL = 1,
	COL_STATUS = 2,
	COL_ERROR = 3,
	COL_BYTES = 4,
	COL_CTYPE = 5,
	COL_DEPTH = 7,
	COL_KIND = 11,
	COL_ATTEMPTS = 12,
	COL_STORED = 13,
	/* and "tls" (14), which logs of earlier versions lack */
	N_COLUMNS = 14,
};

static int fail_io(cqa_error *err, const char *path)
{
	cqa_fail(err, CQA_ERR_IO, "%s: %s", path, strerror(errno));
	return -1;
}

/* Bytes of the WARC that are whole gzip members; -1 if it is not gzip. */
static long long whole_members(FILE *f)
{
	unsigned char in[1 << 16], out[1 << 16];
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -1;
	long long pos = 0, good = 0;
	int first = 1, stop = 0;
	size_t n;
	while (!stop && (n = fread(in, 1, sizeof in, f)) > 0) {
		if (first && (n < 2 || in[0] != 0x1f || in[1] != 0x8b)) {
			inflateEnd(&z);
			return -1;
		}
		first = 0;
		z.next_in = in;
		z.avail_in = (uInt)n;
		while (z.avail_in && !stop) {
			z.next_out = out;
			z.avail_out = sizeof out;
			int rc = inflate(&z, Z_NO_FLUSH);
			if (rc == Z_STREAM_END) {
				good = pos + (long long)(n - z.avail_in);
				inflateReset(&z);
			} else if (rc != Z_OK) {
				stop = 1; /* corrupt: nothing after counts */
			}
		}
		pos += (long long)n;
	}
	inflateEnd(&z);
	return good;
}

typedef struct strset {
	char **v;
	size_t n, cap;
} strset;

static void strset_add(strset *s, const char *v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = xstrdup(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strset_sort(strset *s)
{
	if (s->n) /* an empty set has no array, and qsort wants one */
		qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

static int strset_has(const strset *s, const char *v)
{
	return s->n && bsearch(&v, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

static void strset_free(strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char tmp[1 << 16];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	return buf_detach(&b, len);
}

/* Calls fn for every record of the WARC at path. */
typedef void (*record_fn)(void *ud, const warc_record *rec);

static int each_record(const char *path, record_fn fn, void *ud, cqa_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail_io(err, path);
	warc_reader *rd = warc_reader_open(f, path, 0);
	warc_record rec;
	memset(&rec, 0, sizeof rec);
	int rc;
	while ((rc = warc_reader_next(rd, &rec, err)) == 1) {
		fn(ud, &rec);
		warc_record_free(&rec);
	}
	warc_reader_close(rd);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

/* 1 for a record that settles its URL: a response, or a revisit (a
 * --since run's 304). */
static int settles(const warc_record *rec)
{
	const char *type = warc_record_get(rec, "WARC-Type");
	return type && (!strcmp(type, "response") || !strcmp(type, "revisit"));
}

/* What the repair learns in one pass over the WARC: the target URIs of the
 * records that settle them, and the offset of the last record if that is
 * a request (-1 if not). */
typedef struct stored_scan {
	strset *stored;
	long long orphan;
} stored_scan;

static void scan_stored(void *ud, const warc_record *rec)
{
	stored_scan *sc = ud;
	const char *type = warc_record_get(rec, "WARC-Type");
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	sc->orphan = type && !strcmp(type, "request") ? rec->offset : -1;
	if (uri && settles(rec))
		strset_add(sc->stored, uri);
}

/* 1 for http(s)://host/robots.txt: the only kind a record's URL tells. */
static int is_robots_url(const char *uri)
{
	const char *path = uri ? strstr(uri, "://") : NULL;
	return path &&
	       !strcmp(path + 3 + strcspn(path + 3, "/"), "/robots.txt");
}

/* What a record says of the crawl (the WARC-Cqa-* fields transfer.c
 * writes): its kind, depth and the URLs its redirects came from.  A record
 * without them (a WARC of an older cqa-fetch) is a page at depth 0, or a
 * robots.txt by its URL. */
typedef struct record_crawl {
	const char *kind; /* "page", "robots" or "sitemap" */
	int depth;
	const char *redirected_from; /* space separated, or "" */
	size_t n_redirects;
} record_crawl;

static void record_crawl_of(const warc_record *rec, record_crawl *c)
{
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	const char *kind = warc_record_get(rec, XFER_KIND_FIELD);
	const char *depth = warc_record_get(rec, XFER_DEPTH_FIELD);
	const char *from = warc_record_get(rec, XFER_REDIRECTED_FROM_FIELD);
	c->kind = kind && (!strcmp(kind, "page") || !strcmp(kind, "robots") ||
	                   !strcmp(kind, "sitemap"))
	              ? kind
	          : is_robots_url(uri) ? "robots"
	                               : "page";
	char *end = NULL;
	long d = depth ? strtol(depth, &end, 10) : 0;
	c->depth =
	    end && end != depth && !*end && d >= 0 && d <= INT_MAX ? (int)d : 0;
	c->redirected_from = from ? from : "";
	c->n_redirects = 0;
	for (const char *p = c->redirected_from; *p;) {
		size_t n = strcspn(p, " ");
		c->n_redirects += n > 0;
		p += n + (p[n] == ' ');
	}
}

/* A row for a stored response the log lost. */
static void synth_row(csv_writer *w, const warc_record *rec)
{
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	record_crawl rc;
	record_crawl_of(rec, &rc);
	/* The URL asked for: the first of the redirect chain. */
	size_t first = strcspn(rc.redirected_from, " ");
	char *asked = first ? xstrndup(rc.redirected_from, first) : NULL;
	http_response h;
	buf_t ctype = BUF_INIT;
	int ok = http_parse(rec->block, rec->block_len, &h) == 0;
	if (ok)
		http_header(&h, "Content-Type", &ctype);
	csv_cell(w, asked ? asked : uri);
	csv_cell(w, uri);
	if (ok && h.status > 0)
		csv_int(w, h.status);
	else
		csv_cell(w, NULL);
	csv_cell(w, NULL);
	csv_int(w, ok ? (long long)h.body_len : 0);
	csv_cell(w, ctype.len ? buf_cstr(&ctype) : NULL);
	csv_int(w, 0);
	csv_int(w, rc.depth);
	csv_cell(w, NULL);
	csv_int(w, (long long)rc.n_redirects);
	csv_int(w, warc_record_get(rec, "WARC-Truncated") != NULL);
	csv_cell(w, rc.kind);
	csv_int(w, 1);
	csv_int(w, 1);
	csv_cell(w, NULL); /* tls: the record does not say */
	csv_end_row(w);
	buf_free(&ctype);
	free(asked);
}

typedef struct missing_rows {
	const strset *logged; /* final URLs with a stored row */
	csv_writer *w;
} missing_rows;

static void add_missing(void *ud, const warc_record *rec)
{
	missing_rows *m = ud;
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	if (uri && settles(rec) && !strset_has(m->logged, uri))
		synth_row(m->w, rec);
}

int fetch_resume_repair(const char *warc_path, const char *csv_path,
                        cqa_error *err)
{
	FILE *f = fopen(warc_path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return 0; /* nothing to resume: a fresh start */
		return fail_io(err, warc_path);
	}
	long long good = whole_members(f);
	fseek(f, 0, SEEK_END);
	long long size = ftell(f);
	fclose(f);
	if (good < 0 && size > 0) {
		cqa_fail(err, CQA_ERR_USAGE,
		         "%s: --resume needs a gzip WARC (one member a record, "
		         "as cqa-fetch writes by default)",
		         warc_path);
		return -1;
	}
	if (good < size) {
		if (truncate(warc_path, good) < 0)
			return fail_io(err, warc_path);
	}
	strset stored = {0};
	stored_scan sc = {&stored, -1};
	if (each_record(warc_path, scan_stored, &sc, err) < 0) {
		strset_free(&stored);
		return -1;
	}
	/* A request record is written just before its response: one left
	 * last had its response cut off, and goes too (the URL is fetched
	 * again, and gets a new pair). */
	if (sc.orphan >= 0 && truncate(warc_path, sc.orphan) < 0) {
		strset_free(&stored);
		return fail_io(err, warc_path);
	}
	strset_sort(&stored);
	if (!csv_path) {
		strset_free(&stored);
		return 0;
	}

	/* The log: complete rows only, and no row for a lost record. */
	size_t len = 0;
	char *text = slurp(csv_path, &len);
	/* Rewritten through common/outfile.h: a new file beside it, put
	 * in place only when whole, so a failure here loses no row. */
	cqa_outfile out;
	if (outfile_open(&out, csv_path, 0, err) != CQA_OK) {
		free(text);
		strset_free(&stored);
		return -1;
	}
	csv_writer w;
	csv_begin(&w, out.f);
	const char *p = text ? text : "", *end = p + len;
	csv_fields row = {0};
	strset logged = {0};
	size_t kept = 0, dropped = 0;
	int header = 1;
	while (csv_read_row(&p, end, &row) >= 0) {
		if (header) {
			header = 0;
			for (size_t i = 0; i < row.n; i++)
				csv_cell(&w, csv_field(&row, i));
			csv_end_row(&w);
			continue;
		}
		const char *final_url = csv_field(&row, COL_FINAL_URL);
		int is_stored = !strcmp(csv_field(&row, COL_STORED), "1");
		if (is_stored && !strset_has(&stored, final_url)) {
			dropped++;
			continue;
		}
		if (is_stored)
			strset_add(&logged, final_url);
		for (size_t i = 0; i < row.n; i++)
			csv_cell(&w, csv_field(&row, i));
		csv_end_row(&w);
		kept++;
	}
	if (header) {
		/* No header survived: a log that never got going. */
		csv_header(&w, fetch_csv_columns);
	}
	strset_sort(&logged);
	missing_rows m = {&logged, &w};
	int rc = each_record(warc_path, add_missing, &m, err);
	if (rc == 0)
		rc = outfile_commit(&out, err) == CQA_OK ? 0 : -1;
	else
		outfile_abort(&out);
	(void)kept;
	(void)dropped;
	csv_fields_free(&row);
	strset_free(&logged);
	strset_free(&stored);
	free(text);
	return rc;
}

/* ---- rebuilding the crawl's memory ---- */

typedef struct logged_page {
	char *final_url;
	int depth;
	int kind;
} logged_page;

typedef struct reload {
	run *r;
	logged_page *pages; /* stored rows, sorted by final_url */
	size_t n, cap;
	size_t settled;
	size_t stored; /* response and revisit records */
} reload;

static void reload_add(reload *rl, const char *url, int depth, int kind)
{
	if (rl->n == rl->cap) {
		rl->cap = rl->cap ? 2 * rl->cap : 256;
		rl->pages = xrealloc(rl->pages, rl->cap * sizeof *rl->pages);
	}
	rl->pages[rl->n++] = (logged_page){xstrdup(url), depth, kind};
}

static int cmp_page(const void *a, const void *b)
{
	return strcmp(((const logged_page *)a)->final_url,
	              ((const logged_page *)b)->final_url);
}

static int kind_of(const char *name)
{
	return !strcmp(name, "robots")    ? FRONTIER_ROBOTS
	       : !strcmp(name, "sitemap") ? FRONTIER_SITEMAP
	                                  : FRONTIER_PAGE;
}

static void known(run *r, const char *url)
{
	buf_t u = BUF_INIT;
	if (!strncasecmp(url, "file:", 5))
		frontier_mark_known(r->fr, url);
	else if (url_normalize(url, &r->norm, &u) == 0)
		frontier_mark_known(r->fr, buf_cstr(&u));
	buf_free(&u);
}

/* The body a stored record stands for: its own, or, for a revisit, the
 * earlier audit's payload it refers to.  Returns 0 when there is none. */
static int stored_body(run *r, const warc_record *rec, buf_t *body,
                       warc_record *old, int *status)
{
	const char *type = warc_record_get(rec, "WARC-Type");
	cqa_error e;
	cqa_error_clear(&e);
	if (type && !strcmp(type, "revisit")) {
		const char *refers = warc_record_get(rec, "WARC-Refers-To");
		const warc_index_entry *ie =
		    r->since && refers ? warc_index_by_id(r->since, refers)
		                       : NULL;
		if (!ie || warc_index_read(r->since, ie, old, &e) < 0)
			return 0;
		rec = old;
	}
	http_response h;
	if (http_parse(rec->block, rec->block_len, &h) < 0 || h.status < 200 ||
	    h.status >= 300)
		return 0;
	*status = h.status;
	http_decode_body(&h, 64u << 20, body, &e);
	return 1;
}

static void reread(void *ud, const warc_record *rec)
{
	reload *rl = ud;
	run *r = rl->r;
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	if (!uri || !settles(rec))
		return;
	logged_page key = {(char *)uri, 0, 0};
	logged_page *lp =
	    rl->n ? bsearch(&key, rl->pages, rl->n, sizeof *rl->pages, cmp_page)
	          : NULL;
	if (!lp)
		return;
	buf_t body = BUF_INIT;
	warc_record old;
	memset(&old, 0, sizeof old);
	int status = 0;
	if (!stored_body(r, rec, &body, &old, &status)) {
		buf_free(&body);
		warc_record_free(&old);
		return;
	}
	if (lp->kind == FRONTIER_ROBOTS)
		frontier_preset_robots(r->fr, uri,
		                       crawl_robots_from(r, 1, status, &body));
	else if (lp->kind == FRONTIER_SITEMAP)
		crawl_read_sitemap(r, uri, &body);
	else if (r->o->crawl &&
	         (r->o->max_depth < 0 || lp->depth < r->o->max_depth))
		crawl_follow_links(r, lp->depth, uri, &body);
	buf_free(&body);
	warc_record_free(&old);
}

/* Every settling record: its URL and the URLs its redirects came from
 * are known (the log has only the first and the last of a chain).
 * Without a crawl.csv the WARC is the only record of what was settled:
 * then each stored URL is also re-read, with the kind and depth its
 * record gives, and a stored page counts toward max_pages.  Failures were
 * never stored and are tried again. */
static void from_record(void *ud, const warc_record *rec)
{
	reload *rl = ud;
	run *r = rl->r;
	const char *uri = warc_record_get(rec, "WARC-Target-URI");
	if (!uri || !settles(rec))
		return;
	record_crawl c;
	record_crawl_of(rec, &c);
	rl->stored++;
	known(r, uri);
	for (const char *p = c.redirected_from; *p;) {
		size_t n = strcspn(p, " ");
		char *one = xstrndup(p, n);
		known(r, one);
		free(one);
		p += n + (p[n] == ' ');
	}
	if (r->o->resume_csv)
		return;
	int kind = kind_of(c.kind);
	/* A WARC without the kind field: a --sitemap URL is a sitemap. */
	for (size_t i = 0; i < r->o->n_sitemaps && kind == FRONTIER_PAGE &&
	                   !warc_record_get(rec, XFER_KIND_FIELD);
	     i++)
		if (!strcmp(r->o->sitemaps[i], uri))
			kind = FRONTIER_SITEMAP;
	reload_add(rl, uri, c.depth, kind);
	rl->settled++;
	if (kind == FRONTIER_PAGE)
		r->pages_started++;
}

int resume_refused(run *r, const char *url, int kind)
{
	/* With a log, the refused URLs have their rows, and are known. */
	if (!r->reloading || r->o->resume_csv || r->o->ignore_robots ||
	    kind != FRONTIER_PAGE)
		return 0;
	buf_t u = BUF_INIT;
	int refused = 0;
	if (url_normalize(url, &r->norm, &u) == 0 &&
	    !frontier_known(r->fr, buf_cstr(&u))) {
		const robots *rules = frontier_robots_of(r->fr, buf_cstr(&u));
		if (rules && !robots_allowed_url(rules, buf_cstr(&u))) {
			frontier_mark_known(r->fr, buf_cstr(&u));
			refused = 1;
		}
	}
	buf_free(&u);
	return refused;
}

int resume_load(run *r, cqa_error *err)
{
	const fetch_options *o = r->o;
	size_t len = 0;
	char *text = o->resume_csv ? slurp(o->resume_csv, &len) : NULL;
	reload rl = {r, NULL, 0, 0, 0, 0};
	const char *p = text ? text : "", *end = p + len;
	csv_fields row = {0};
	int header = 1;
	while (csv_read_row(&p, end, &row) >= 0) {
		if (header || row.n < N_COLUMNS) {
			header = 0;
			continue;
		}
		int kind = kind_of(csv_field(&row, COL_KIND));
		const char *url = csv_field(&row, COL_URL);
		const char *final_url = csv_field(&row, COL_FINAL_URL);
		const char *status = csv_field(&row, COL_STATUS);
		long st = atol(status);
		known(r, url);
		known(r, final_url);
		rl.settled++;
		if (kind == FRONTIER_PAGE && *status)
			r->pages_started++;
		if (kind == FRONTIER_ROBOTS && !(st >= 200 && st < 300))
			frontier_preset_robots(
			    r->fr, url,
			    crawl_robots_from(r, *status != 0, st, NULL));
		if (!strcmp(csv_field(&row, COL_STORED), "1"))
			reload_add(&rl, final_url,
			           atoi(csv_field(&row, COL_DEPTH)), kind);
	}
	csv_fields_free(&row);
	free(text);
	int rc = 0;
	if (o->resume_warc)
		rc = each_record(o->resume_warc, from_record, &rl, err);
	if (rl.n)
		qsort(rl.pages, rl.n, sizeof *rl.pages, cmp_page);
	r->reloading = 1;
	if (o->resume_warc && rc == 0)
		rc = each_record(o->resume_warc, reread, &rl, err);
	r->reloading = 0;
	for (size_t i = 0; i < rl.n; i++)
		free(rl.pages[i].final_url);
	free(rl.pages);
	r->stats->resumed = rl.settled;
	r->stats->resumed_stored = rl.stored;
	cqa_debug(o->log, "resuming: %zu URLs were settled before%s",
	          rl.settled,
	          o->resume_csv ? "" : " (from the WARC: no crawl log)");
	return rc;
}
