/*
 * buf.c - growable string buffer; see buf.h for the design.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "cqa: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void buf_init(buf_t *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_free(buf_t *b)
{
	free(b->data);
	buf_init(b);
}

void buf_reset(buf_t *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_grow(buf_t *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len) /* overflow */
		out_of_memory(SIZE_MAX);
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap * 2 > cap ? cap * 2 : need;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_add(buf_t *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_adds(buf_t *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(buf_t *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	buf_grow(b, 64);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_add_int(buf_t *b, long long n)
{
	char d[24];
	size_t k = sizeof d;
	unsigned long long u =
	    n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	do {
		d[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		d[--k] = '-';
	buf_add(b, d + k, sizeof d - k);
}

void buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(buf_t *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void buf_rtrim(buf_t *b)
{
	while (b->len && b->data[b->len - 1] &&
	       strchr(" \t\r\n\f\v", b->data[b->len - 1]))
		b->len--;
	if (b->data)
		b->data[b->len] = '\0';
}

const char *buf_cstr(const buf_t *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(buf_t *b, size_t *len)
{
	char *p = b->data ? b->data : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
