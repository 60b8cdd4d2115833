/*
 * fetch_harness.h - what the tests of cqa-fetch (test_fetch.c, test_crawl.c,
 * test_resume.c) share: the loopback server tests/http_server, and reading
 * back what a crawl wrote.
 *
 * The server is a child process started per test group; its port is the
 * first line of its stdout, read with a deadline so that a server that
 * never starts fails the group setup instead of hanging it.  It dies with
 * the test (PR_SET_PDEATHSIG) should the test die before its teardown.
 *
 * The WARC is read with the project's warc_reader into an array of records;
 * the lookups below find records by type, WARC-Target-URI and
 * WARC-Record-ID.  crawl.csv is read with a small RFC 4180 parser of the
 * tests' own, not with common/csv: the crawler writes its log with
 * common/csv, and a bug shared by writer and reader would cancel out.
 *
 * Server start-up returns -1 on failure so that a group setup can clean up;
 * everything else fails the running cmocka test (fail_msg) on output it
 * cannot read.
 */
#ifndef CQA_TESTS_FETCH_HARNESS_H
#define CQA_TESTS_FETCH_HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "common/buf.h"
#include "common/warc.h"

/* --- the server ---------------------------------------------------------- */

/* How long the server may take to print its port: it does so at once, but
 * a machine running the suite in parallel under sanitizers can be slow. */
enum { HARNESS_SERVER_START_MS = 10000 };

/* Starts tests/http_server (CQA_HTTP_SERVER, or http_server next to this
 * program) with mode as its argument ("site" for the linked site, NULL for
 * the plain routes only).  Its port goes to *port unless port is NULL, and
 * "http://127.0.0.1:PORT" to base.  Returns the server's pid, or -1 when it
 * cannot be run or names no port within HARNESS_SERVER_START_MS (it is
 * then killed). */
pid_t harness_start_server(const char *mode, int *port, char *base,
                           size_t base_len);

/* SIGTERM, and waits for it; nothing for a pid <= 0 (a failed start). */
void harness_stop_server(pid_t pid);

/* The body of GET path, asked over a raw socket on 127.0.0.1:port (the
 * server answers and closes), into body.  For the server's own counters,
 * which must not go through the code under test. */
void harness_server_get(int port, const char *path, buf_t *body);

/* --- files --------------------------------------------------------------- */

/* All of f from its start, NUL-terminated (not counted in *len). */
char *harness_slurp(FILE *f, size_t *len);
/* All of the file at path the same way (len may be NULL), or NULL when it
 * cannot be opened. */
char *harness_slurp_path(const char *path, size_t *len);

/* A new directory for a test group's files, $TMPDIR/PREFIX-XXXXXX (TMPDIR
 * defaults to /tmp), its path in dir.  Returns 0, or -1 with a message on
 * stderr. */
int harness_make_dir(const char *prefix, char *dir, size_t len);
/* Removes dir and the files in it (not subdirectories). */
void harness_remove_dir(const char *dir);

/* --- crawl.csv ----------------------------------------------------------- */

/* crawl.csv's columns (docs/formats.md); a row's cells past them are
 * dropped, missing ones are NULL. */
enum { HARNESS_CSV_COLS = 15 };

typedef struct harness_csv_row {
	char *cell[HARNESS_CSV_COLS];
} harness_csv_row;

/* RFC 4180 rows of text: quoted cells, doubled quotes, rows ending in CRLF
 * (or a lone LF or CR); a UTF-8 BOM is skipped.  Returns the number of
 * rows, in *rows_out (NULL for none); free with harness_free_csv. */
size_t harness_parse_csv(const char *text, harness_csv_row **rows_out);
void harness_free_csv(harness_csv_row *rows, size_t n);

/* A crawl.csv read back: its header, then its data rows. */
typedef struct harness_crawl_log {
	harness_csv_row *all;  /* header first */
	char **header;         /* all[0].cell */
	harness_csv_row *rows; /* all + 1 */
	size_t n_rows;
} harness_crawl_log;

/* Reads all of f into log.  Returns 0, or -1 when f holds no row at all
 * (log is then empty). */
int harness_read_crawl_log(FILE *f, harness_crawl_log *log);
void harness_crawl_log_free(harness_crawl_log *log);
/* The index of the column the header names name; fails the test if there
 * is none. */
int harness_crawl_log_col(const harness_crawl_log *log, const char *name);
/* The index of the data row whose url is url, or -1. */
long harness_crawl_log_row(const harness_crawl_log *log, const char *url);

/* --- the WARC ------------------------------------------------------------ */

/* Every record of f from its start into *recs (*n of them; NULL for none),
 * name standing for f in the reader's messages.  A read error fails the
 * test.  Free with harness_free_warc. */
void harness_read_warc(FILE *f, const char *name, warc_record **recs,
                       size_t *n);
void harness_free_warc(warc_record *recs, size_t n);

/* WARC-Type, or "" without one. */
const char *harness_record_type(const warc_record *r);

/* The record whose WARC-Record-ID is id, or NULL (also for a NULL id). */
const warc_record *harness_record_by_id(const warc_record *recs, size_t n,
                                        const char *id);

/* The nth (from 0) record of type whose WARC-Target-URI is url, or NULL. */
const warc_record *harness_find_record(const warc_record *recs, size_t n,
                                       const char *type, const char *url,
                                       int nth);

/* How many records of type have WARC-Target-URI url. */
size_t harness_count_records(const warc_record *recs, size_t n,
                             const char *type, const char *url);

/* The body of an HTTP message block (what follows the first blank line);
 * fails the test when the block has no blank line. */
const unsigned char *harness_http_body(const warc_record *r, size_t *len);

#endif
