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
 *
 * Audits chain: month 2 runs --since month 1, month 3 --since month 2.
 * Month 2's unchanged pages are revisits whose payloads are in month 1's
 * WARC, and month 3 needs their validators and payloads all the same.  So
 * a WARC whose first record is a warcinfo naming `since-warc: PATH` (what
 * a --since run of cqa-fetch writes) has its revisit records resolved
 * through the index of PATH, built at the first revisit and in turn
 * following PATH's own since-warc (a cycle, or a chain of more than
 * WARC_INDEX_MAX_CHAIN files, is cut with a warning).  A resolved revisit
 * is indexed under its own target URI as the record holding the payload:
 * that record's id, date, payload digest, file and offset, so by_id finds
 * it under the id later revisits refer to (WARC 1.1: the record with the
 * payload) and warc_index_read reads it from the file it is in.  Its
 * validators are the ones the 304 repeated (ETag, Last-Modified), else the
 * earlier capture's.  A since-warc that cannot be read is warned about and
 * its revisits are left out; the index of the later file is built anyway.
 */
#ifndef CQA_WARC_INDEX_H
#define CQA_WARC_INDEX_H

#include "error.h"
#include "log.h"
#include "warc.h"

/* The most files on one chain of since-warc files, the first included. */
enum { WARC_INDEX_MAX_CHAIN = 32 };

typedef struct warc_index_entry {
	char *uri;            /* WARC-Target-URI (of the revisit, if one) */
	char *record_id;      /* WARC-Record-ID, "<urn:uuid:...>" */
	char *date;           /* WARC-Date */
	char *payload_digest; /* WARC-Payload-Digest, or NULL */
	char *etag;           /* the response's ETag, or NULL */
	char *last_modified;  /* the response's Last-Modified, or NULL */
	long long offset;     /* of the record in the file */
	const char *path;     /* the file: this index's or an earlier one's */
} warc_index_entry;

typedef struct warc_index warc_index;

/* Reads the WARC at path (and the since-warc files it names, when it has
 * revisit records).  NULL with err set when path cannot be read at all; a
 * damaged tail only ends the index early, and an unreadable since-warc
 * only leaves revisits out (each with a warning through log). */
warc_index *warc_index_build(const char *path, const cqa_log *log,
                             cqa_error *err);
/* The latest entry for a URI / a record id, or NULL. */
const warc_index_entry *warc_index_by_uri(const warc_index *ix,
                                          const char *uri);
const warc_index_entry *warc_index_by_id(const warc_index *ix,
                                         const char *record_id);
/* Reads the record of e, an entry of ix, back from e->path into *rec (free
 * with warc_record_free).  Returns 0, or -1 with err set. */
int warc_index_read(const warc_index *ix, const warc_index_entry *e,
                    warc_record *rec, cqa_error *err);
size_t warc_index_size(const warc_index *ix);
void warc_index_free(warc_index *ix);

/* The since-warc a warcinfo record names (malloc'd), or NULL when rec is
 * not a warcinfo or names none.  A relative path is taken relative to the
 * directory of warc_path, the file rec is in (NULL: the current one). */
char *warc_since_path(const warc_record *rec, const char *warc_path);

#endif
