/*
 * warc_index.h - an earlier audit's WARC, looked up by URL or record id.
 *
 * Scheduled audits fetch a site again and again; most pages have not
 * changed.  With `--since`, cqa-fetch asks the server for each page only
 * "if changed since" the earlier capture (If-None-Match with its ETag,
 * If-Modified-Since with its Last-Modified) and, on 304 Not Modified,
 * writes a WARC `revisit` record that refers to the earlier one by
 * WARC-Refers-To.  cqa-parse, given the same earlier WARC, reads the
 * referred record's payload for the revisit, so the audit still has every
 * page.  Both look the earlier WARC up through this index.
 *
 * The index holds, for every `response` record with a 2xx status, its
 * target URI, record id, date, payload digest, validators and the offset
 * of the record (its gzip member), so a record is read back with one seek.
 * The WARC is read once, front to back, to build it.
 */
#ifndef CQA_WARC_INDEX_H
#define CQA_WARC_INDEX_H

#include "error.h"
#include "log.h"
#include "warc.h"

typedef struct warc_index_entry {
	char *uri;            /* WARC-Target-URI */
	char *record_id;      /* WARC-Record-ID, "<urn:uuid:...>" */
	char *date;           /* WARC-Date */
	char *payload_digest; /* WARC-Payload-Digest, or NULL */
	char *etag;           /* the response's ETag, or NULL */
	char *last_modified;  /* the response's Last-Modified, or NULL */
	long long offset;     /* of the record in the file */
} warc_index_entry;

typedef struct warc_index warc_index;

/* Reads the WARC at path.  NULL with err set when it cannot be read at all;
 * a damaged tail only ends the index early (with a warning through log). */
warc_index *warc_index_build(const char *path, const cqa_log *log,
                             cqa_error *err);
/* The latest entry for a URI / a record id, or NULL. */
const warc_index_entry *warc_index_by_uri(const warc_index *ix,
                                          const char *uri);
const warc_index_entry *warc_index_by_id(const warc_index *ix,
                                         const char *record_id);
/* Reads the record of e back into *rec (free with warc_record_free).
 * Returns 0, or -1 with err set. */
int warc_index_read(const warc_index *ix, const warc_index_entry *e,
                    warc_record *rec, cqa_error *err);
size_t warc_index_size(const warc_index *ix);
void warc_index_free(warc_index *ix);

#endif
