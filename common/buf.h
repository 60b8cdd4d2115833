/*
 * buf.h - the one growable string buffer of cqa.
 *
 * Every module that builds text (JSON lines, CSV cells, WARC headers, the
 * extracted article) builds it in a buf_t.  The design follows git's strbuf:
 * the bytes are always NUL-terminated once anything was added, so data can be
 * handed to C string functions, and the buffer may also hold binary data
 * (len is authoritative, not strlen).  Allocation failure is fatal: cqa cannot
 * do anything useful without memory, and checking every append would drown
 * the code that matters.
 */
#ifndef CQA_BUF_H
#define CQA_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data; /* NUL-terminated when cap > 0; NULL when nothing added */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
} buf_t;

#define BUF_INIT                                                               \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void buf_init(buf_t *b);
void buf_free(buf_t *b);
/* Empties the buffer but keeps its memory for reuse. */
void buf_reset(buf_t *b);
/* Makes room for at least extra more bytes (plus the NUL). */
void buf_grow(buf_t *b, size_t extra);
void buf_add(buf_t *b, const void *data, size_t len);
void buf_adds(buf_t *b, const char *s);
void buf_addc(buf_t *b, char c);
/* Appends n in decimal, as "%lld" would, without printf's cost. */
void buf_add_int(buf_t *b, long long n);
void buf_printf(buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Cuts the buffer to len bytes (len <= b->len). */
void buf_truncate(buf_t *b, size_t len);
/* Removes trailing ASCII white space. */
void buf_rtrim(buf_t *b);
/* Always a valid C string, "" for an empty buffer. */
const char *buf_cstr(const buf_t *b);
/* Hands the memory to the caller (free() it) and leaves b empty. */
char *buf_detach(buf_t *b, size_t *len);

/* Allocation helpers that die on failure, for the same reason as above. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
