/*
 * log.h - warnings, notes and the progress bar.
 *
 * A cqa_log is created by main() from --quiet / --verbose and handed to the
 * stage libraries in their options; libraries hold no global state, so two
 * stages in one process (cqa audit) can log under their own names.  A NULL
 * cqa_log * is valid everywhere and means "say nothing".
 *
 * The progress bar follows DESIGN.md: it draws on stderr only when stderr is
 * a terminal and the log is not quiet, redraws at most a few times a second,
 * and shows count, rate and (when the total is known) ETA.
 */
#ifndef CQA_LOG_H
#define CQA_LOG_H

#include <stdint.h>
#include <stdio.h>

enum { CQA_LOG_QUIET = 0, CQA_LOG_NORMAL = 1, CQA_LOG_VERBOSE = 2 };

typedef struct cqa_log {
	const char *prog; /* prefix for every line, e.g. "cqa-parse" */
	int level;        /* CQA_LOG_* */
	FILE *out;        /* where lines go; NULL means stderr */
} cqa_log;

void cqa_log_init(cqa_log *log, const char *prog, int level);

/* A problem with one input that does not stop the run. Shown unless quiet. */
void cqa_warn(const cqa_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Shown unless quiet. */
void cqa_note(const cqa_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Shown with --verbose only. */
void cqa_debug(const cqa_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

typedef struct cqa_progress {
	const cqa_log *log;
	const char *what; /* "pages", "documents" */
	int enabled;      /* terminal and not quiet */
	uint64_t total;   /* 0 when unknown */
	uint64_t done;
	uint64_t bytes;
	/* A crawl's extra counts, drawn once set: URLs waiting, errors. */
	int has_queue;
	uint64_t queued, errors;
	double start; /* monotonic seconds */
	double last_draw;
	int drawn;
} cqa_progress;

void cqa_progress_start(cqa_progress *p, const cqa_log *log, const char *what,
                        uint64_t total);
/* Adds to the counts and redraws if enough time has passed. */
void cqa_progress_add(cqa_progress *p, uint64_t items, uint64_t bytes);
void cqa_progress_set_total(cqa_progress *p, uint64_t total);
/* A crawl's queue and error counts, shown as "queued Q, errors E". */
void cqa_progress_set_queue(cqa_progress *p, uint64_t queued, uint64_t errors);
/* Erases the bar so later output starts on a clean line. */
void cqa_progress_finish(cqa_progress *p);

/* Monotonic clock in seconds, for rates and timing. */
double cqa_now(void);

#endif
