/*
 * log.c - messages and the terminal progress bar; see log.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "log.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

void cqa_log_init(cqa_log *log, const char *prog, int level)
{
	log->prog = prog;
	log->level = level;
	log->out = NULL;
}

static void emit(const cqa_log *log, int min_level, const char *kind,
                 const char *fmt, va_list ap)
{
	if (!log || log->level < min_level)
		return;
	FILE *f = log->out ? log->out : stderr;
	/* One write a line: worker threads warn too, and their lines must
	 * not interleave. */
	char line[1024];
	int n = snprintf(line, sizeof line, "%s: %s",
	                 log->prog ? log->prog : "cqa", kind);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	fprintf(f, "%s\n", line);
}

void cqa_warn(const cqa_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(log, CQA_LOG_NORMAL, "warning: ", fmt, ap);
	va_end(ap);
}

void cqa_note(const cqa_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(log, CQA_LOG_NORMAL, "", fmt, ap);
	va_end(ap);
}

void cqa_debug(const cqa_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(log, CQA_LOG_VERBOSE, "", fmt, ap);
	va_end(ap);
}

double cqa_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cqa_progress_start(cqa_progress *p, const cqa_log *log, const char *what,
                        uint64_t total)
{
	p->log = log;
	p->what = what;
	p->total = total;
	p->done = 0;
	p->bytes = 0;
	p->start = cqa_now();
	p->last_draw = 0;
	p->drawn = 0;
	p->enabled = log && log->level >= CQA_LOG_NORMAL && !log->out &&
	             isatty(STDERR_FILENO);
}

void cqa_progress_set_total(cqa_progress *p, uint64_t total)
{
	p->total = total;
}

static void human_bytes(char *out, size_t n, double v)
{
	static const char *units[] = {"B", "kB", "MB", "GB", "TB"};
	int u = 0;
	while (v >= 1000 && u < 4) {
		v /= 1000;
		u++;
	}
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static void draw(cqa_progress *p, double now)
{
	double elapsed = now - p->start;
	double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
	char bytes[32] = "";
	if (p->bytes)
		human_bytes(bytes, sizeof bytes, (double)p->bytes);
	fprintf(stderr, "\r\033[K%s: %llu", p->log->prog,
	        (unsigned long long)p->done);
	if (p->total)
		fprintf(stderr, "/%llu", (unsigned long long)p->total);
	fprintf(stderr, " %s", p->what);
	if (p->has_queue)
		fprintf(stderr, ", %llu queued, %llu errors",
		        (unsigned long long)p->queued,
		        (unsigned long long)p->errors);
	fprintf(stderr, "  %.1f/s", rate);
	if (bytes[0])
		fprintf(stderr, "  %s", bytes);
	if (p->total && rate > 0 && p->done < p->total) {
		double eta = (double)(p->total - p->done) / rate;
		fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
	}
	fflush(stderr);
	p->drawn = 1;
	p->last_draw = now;
}

void cqa_progress_add(cqa_progress *p, uint64_t items, uint64_t bytes)
{
	p->done += items;
	p->bytes += bytes;
	if (!p->enabled)
		return;
	double now = cqa_now();
	if (now - p->last_draw >= 0.2)
		draw(p, now);
}

void cqa_progress_set_queue(cqa_progress *p, uint64_t queued, uint64_t errors)
{
	p->has_queue = 1;
	p->queued = queued;
	p->errors = errors;
}

void cqa_progress_finish(cqa_progress *p)
{
	if (p->enabled && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->drawn = 0;
}
