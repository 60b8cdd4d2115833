/*
 * error.h - the one error convention of cqa.
 *
 * Library functions never print and never exit.  A function that can fail
 * takes a cqa_error * as its last argument, fills it through cqa_fail() and
 * returns the code (or NULL / -1 where it returns something else).  The
 * message is one line that names the input, what was wrong and, where it
 * helps, what to do: "page.warc.gz: record 12: Content-Length 9000 runs past
 * the end of the file (truncated download?)".
 *
 * Each code has a fixed string (cqa_strerror) and an exit status
 * (cqa_exit_status) so the programs map failures to the statuses documented
 * in their man pages, the way curl maps CURLcode values.
 */
#ifndef CQA_ERROR_H
#define CQA_ERROR_H

#include <stdnoreturn.h>

typedef enum cqa_code {
	CQA_OK = 0,
	CQA_ERR_USAGE,    /* bad option or argument */
	CQA_ERR_IO,       /* a file could not be opened, read or written */
	CQA_ERR_FORMAT,   /* input is not what it claims (bad WARC, bad JSON) */
	CQA_ERR_NETWORK,  /* a fetch failed as a whole (not one URL) */
	CQA_ERR_LIMIT,    /* a size or count cap was hit */
	CQA_ERR_INTERNAL, /* a library misbehaved; a bug */
	CQA_ERR_BUSY,     /* another run holds the file's lock */
	CQA_ERR__COUNT
} cqa_code;

/* Exit statuses shared by every program; documented in each man page. */
enum {
	CQA_EXIT_OK = 0,
	CQA_EXIT_FINDINGS =
	    1, /* ran fine, and the content failed a threshold */
	CQA_EXIT_USAGE = 2,
	CQA_EXIT_INPUT = 3, /* input unreadable or malformed */
	CQA_EXIT_NETWORK = 4,
	CQA_EXIT_INTERNAL = 5,
	CQA_EXIT_BUSY = 6, /* another run is writing the same output */
};

typedef struct cqa_error {
	cqa_code code;
	char msg[768];
} cqa_error;

const char *cqa_strerror(cqa_code code);
int cqa_exit_status(cqa_code code);

/* Records code and a printf-style message in err (which may be NULL) and
 * returns code, so callers write: return cqa_fail(err, CQA_ERR_IO, ...). */
cqa_code cqa_fail(cqa_error *err, cqa_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to CQA_OK with an empty message. */
void cqa_error_clear(cqa_error *err);

/* For main() only: prints "prog: message" and exits with the status that
 * belongs to code. */
noreturn void cqa_die(const char *prog, cqa_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* For main() only: prints "prog: err->msg" and exits accordingly. */
noreturn void cqa_die_error(const char *prog, const cqa_error *err);

#endif
