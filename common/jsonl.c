/*
 * jsonl.c - JSON Lines reader and writer; see jsonl.h.
 */
#include "jsonl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void jsonl_reader_init(jsonl_reader *r, FILE *f, const char *name)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name ? name : "-";
	r->max_line = JSONL_MAX_LINE;
	r->chunk = xmalloc(JSONL_CHUNK);
	buf_init(&r->hold);
	buf_init(&r->ws);
}

void jsonl_reader_free(jsonl_reader *r)
{
	free(r->chunk);
	r->chunk = NULL;
	buf_free(&r->hold);
	buf_free(&r->ws);
}

/* Makes the read-ahead non-empty; 0 at the end of the file (or on a read
 * error, which sets read_error). */
static int fill(jsonl_reader *r)
{
	if (r->pos < r->len)
		return 1;
	if (r->eof)
		return 0;
	r->chunk_base += r->len;
	r->pos = 0;
	r->len = fread(r->chunk, 1, JSONL_CHUNK, r->f);
	if (r->len == 0) {
		r->eof = 1;
		r->read_error = ferror(r->f) != 0;
		return 0;
	}
	return 1;
}

/* White space a line may end with; it is dropped there, as the JSON of a
 * line is what comes before it (JSON itself knows no \f or \v). */
static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The next byte of the current line, or -1 at its end (the '\n' is
 * consumed).  Notes NUL bytes, white space and length on the way. */
static int line_getc(jsonl_reader *r)
{
	if (r->line_done)
		return -1;
	if (!fill(r)) {
		r->line_done = 1;
		r->unterminated = 1;
		return -1;
	}
	unsigned char c = (unsigned char)r->chunk[r->pos++];
	if (c == '\n') {
		r->line_done = 1;
		return -1;
	}
	if (++r->line_bytes > r->max_line)
		r->too_long = 1;
	if (c == '\0' && !r->nul) {
		r->nul = 1;
		r->nul_at = r->line_bytes;
	}
	if (!is_space(c))
		r->blank = 0;
	return c;
}

/* Consumes the rest of the current line a chunk at a time, counting its
 * bytes and noting a NUL among them; keep (may be NULL) gets the bytes,
 * up to the cap and the first NUL (either is an error whatever follows). */
static void read_rest_of_line(jsonl_reader *r, buf_t *keep)
{
	while (!r->line_done && fill(r)) {
		const char *p = r->chunk + r->pos;
		size_t avail = r->len - r->pos;
		const char *nl = memchr(p, '\n', avail);
		size_t k = nl ? (size_t)(nl - p) : avail;
		const char *z = r->nul ? NULL : memchr(p, '\0', k);
		if (z) {
			r->nul = 1;
			r->nul_at = r->line_bytes + (size_t)(z - p) + 1;
		}
		if (keep && !r->nul && r->line_bytes + k <= r->max_line)
			buf_add(keep, p, k);
		r->line_bytes += k;
		r->pos += k + (nl != NULL);
		r->line_done = nl != NULL;
	}
	if (!r->line_done)
		r->unterminated = 1;
	r->line_done = 1;
	if (r->line_bytes > r->max_line)
		r->too_long = 1;
}

/* jansson's reader: the bytes of the current line without its trailing
 * white space, then the end.  White space is held back until a byte that
 * is not follows it.  A NUL byte or a line past the cap stops jansson
 * with an error at once, so neither is ever held in memory. */
static size_t feed(void *buffer, size_t buflen, void *data)
{
	jsonl_reader *r = data;
	char *b = buffer;
	size_t n = 0;
	while (n < buflen && !r->nul && !r->too_long) {
		if (!r->ws.len && !r->hold.len && !r->line_done && fill(r)) {
			/* Bulk: the bytes of the line in the read-ahead up
			 * to its last non-space one, with no NUL and within
			 * the cap, go to jansson as they are; the byte-wise
			 * path below sees what is left (white space that
			 * may be trailing, the '\n', a NUL, the cap). */
			const char *p = r->chunk + r->pos;
			size_t avail = r->len - r->pos;
			const char *nl = memchr(p, '\n', avail);
			size_t k = nl ? (size_t)(nl - p) : avail;
			while (k > 0 && is_space((unsigned char)p[k - 1]))
				k--;
			if (k > buflen - n)
				k = buflen - n;
			if (k > r->max_line - r->line_bytes)
				k = r->max_line - r->line_bytes;
			const char *z = memchr(p, '\0', k);
			if (z)
				k = (size_t)(z - p);
			if (k > 0) {
				memcpy(b + n, p, k);
				n += k;
				r->pos += k;
				r->line_bytes += k;
				r->blank = 0;
				continue;
			}
		}
		if (r->ws_out < r->ws.len) { /* held-back space, then c */
			b[n++] = r->ws.data[r->ws_out++];
			continue;
		}
		if (r->ws.len) {
			buf_reset(&r->ws);
			r->ws_out = 0;
			b[n++] = (char)r->held;
			continue;
		}
		int c = line_getc(r);
		if (c < 0)
			break;
		if (is_space(c)) {
			buf_addc(&r->hold, (char)c);
			continue;
		}
		if (r->hold.len) { /* not trailing: give it to jansson */
			buf_t t = r->ws;
			r->ws = r->hold;
			r->hold = t;
			buf_reset(&r->hold);
			r->ws_out = 0;
			r->held = c;
			continue;
		}
		b[n++] = (char)c;
	}
	return r->nul || r->too_long ? (size_t)-1 : n;
}

/* Starts the next line: 1, or 0 at the end of the file, or -1 after a
 * read error (err filled). */
static int start_line(jsonl_reader *r, cqa_error *err)
{
	if (!fill(r)) {
		if (!r->read_error)
			return 0;
		cqa_fail(err, CQA_ERR_IO, "%s: read error after line %zu: %s",
		         r->name, r->lineno, strerror(errno));
		return -1;
	}
	r->lineno++;
	r->line_offset = r->chunk_base + r->pos;
	r->line_bytes = 0;
	r->line_done = r->nul = r->too_long = 0;
	r->unterminated = r->torn = 0;
	r->blank = 1;
	r->nul_at = 0;
	return 1;
}

/* The error the bytes of the line just read make, if any (a read error,
 * a line past the cap, a NUL byte): err filled, -1; else 0. */
static int line_bytes_error(jsonl_reader *r, cqa_error *err)
{
	if (r->read_error)
		cqa_fail(err, CQA_ERR_IO, "%s:%zu: read error: %s", r->name,
		         r->lineno, strerror(errno));
	else if (r->too_long)
		cqa_fail(err, CQA_ERR_LIMIT,
		         "%s:%zu: line of %zu bytes skipped: longer than the "
		         "%zu a JSON line may have",
		         r->name, r->lineno, r->line_bytes, r->max_line);
	else if (r->nul)
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s:%zu: NUL byte at column %zu: not a JSON line "
		         "(binary data, or a damaged file?)",
		         r->name, r->lineno, r->nul_at);
	else
		return 0;
	return -1;
}

int jsonl_reader_next(jsonl_reader *r, json_t **out, cqa_error *err)
{
	*out = NULL;
	for (;;) {
		int started = start_line(r, err);
		if (started <= 0)
			return started;
		json_error_t je;
		json_t *obj = json_load_callback(feed, r, 0, &je);
		/* What jansson left of the line (after an error, or when it
		 * was stopped) is skipped a chunk at a time. */
		read_rest_of_line(r, NULL);
		buf_reset(&r->hold);
		buf_reset(&r->ws);
		r->ws_out = 0;
		if (line_bytes_error(r, err)) {
			json_decref(obj);
			return -1;
		}
		if (r->blank) {
			json_decref(obj);
			continue;
		}
		if (!obj)
			return jsonl_reader_bad_line(r, 0, je.text,
			                             (size_t)je.column, err);
		if (!json_is_object(obj)) {
			json_decref(obj);
			return jsonl_reader_bad_line(r, 1, NULL, 0, err);
		}
		*out = obj;
		return 1;
	}
}

int jsonl_reader_line(jsonl_reader *r, buf_t *line, cqa_error *err)
{
	for (;;) {
		buf_reset(line);
		int started = start_line(r, err);
		if (started <= 0)
			return started;
		read_rest_of_line(r, line);
		if (line_bytes_error(r, err)) {
			buf_reset(line);
			return -1;
		}
		while (line->len &&
		       is_space((unsigned char)line->data[line->len - 1]))
			line->len--;
		if (!line->len)
			continue; /* blank */
		buf_addc(line, '\0');
		line->len--;
		return 1;
	}
}

int jsonl_reader_bad_line(jsonl_reader *r, int not_object, const char *why,
                          size_t column, cqa_error *err)
{
	if (not_object)
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s:%zu: expected a JSON object a line", r->name,
		         r->lineno);
	else if (r->unterminated) {
		r->torn = 1;
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s:%zu: the last line is not whole (the file is "
		         "being written, or was cut)",
		         r->name, r->lineno);
	} else
		cqa_fail(err, CQA_ERR_FORMAT,
		         "%s:%zu: not valid JSON (%s at column %zu)", r->name,
		         r->lineno, why, column);
	return -1;
}

/* Appends s as a JSON string: runs of characters that need no escape are
 * copied whole, which is most of any text. */
void jsonl_add_string(buf_t *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	buf_addc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		case '\b':
			buf_adds(out, "\\b");
			break;
		case '\f':
			buf_adds(out, "\\f");
			break;
		default: {
			char u[7] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};
			buf_add(out, u, 6);
		}
		}
	}
	buf_add(out, s + run, len - run);
	buf_addc(out, '"');
}

/* Appends d as printf's %.15g writes it, when d is a number of at most 4
 * decimals under 10^9 (the rounded scores and shares of every record;
 * printf's conversion is most of the cost of writing them): the double
 * nearest m / 10^4 for an integer m, printed to 15 significant digits,
 * is m / 10^4 itself, trailing zeros dropped.  Returns 0, having
 * appended nothing, for any other number. */
static int add_short_real(buf_t *out, double d)
{
	if (!(d > -1e9 && d < 1e9) || d == 0)
		return 0;
	double scaled = d * 10000;
	long long m = llround(scaled);
	if ((double)m / 10000 != d)
		return 0;
	unsigned long long u =
	    m < 0 ? 0ULL - (unsigned long long)m : (unsigned long long)m;
	unsigned long long whole = u / 10000, frac = u % 10000;
	if (m < 0)
		buf_addc(out, '-');
	buf_add_int(out, (long long)whole);
	if (frac) {
		char f[5] = {
		    (char)('0' + frac / 1000), (char)('0' + frac / 100 % 10),
		    (char)('0' + frac / 10 % 10), (char)('0' + frac % 10), 0};
		int n = 4;
		while (f[n - 1] == '0')
			n--;
		buf_addc(out, '.');
		buf_add(out, f, (size_t)n);
	}
	return 1;
}

void jsonl_add_real(buf_t *out, double d)
{
	size_t at = out->len;
	if (!add_short_real(out, d))
		buf_printf(out, "%.15g", d);
	/* Keep it a real for readers: 2 is written 2.0, as jansson does. */
	if (!strpbrk(out->data + at, ".eEn"))
		buf_adds(out, ".0");
}

static void put_key(buf_t *out, const char *key)
{
	jsonl_add_string(out, key, strlen(key));
	buf_addc(out, ':');
}

void jsonl_put_int(buf_t *out, const char *key, long long v)
{
	put_key(out, key);
	buf_add_int(out, v);
	buf_addc(out, ',');
}

void jsonl_put_real(buf_t *out, const char *key, double v)
{
	put_key(out, key);
	if (isfinite(v))
		jsonl_add_real(out, v);
	else
		buf_adds(out, "null");
	buf_addc(out, ',');
}

void jsonl_put_string(buf_t *out, const char *key, const char *s)
{
	put_key(out, key);
	if (s)
		jsonl_add_string(out, s, strlen(s));
	else
		buf_adds(out, "null");
	buf_addc(out, ',');
}

void jsonl_put_bool(buf_t *out, const char *key, int v)
{
	put_key(out, key);
	buf_adds(out, v ? "true," : "false,");
}

void jsonl_put_null(buf_t *out, const char *key)
{
	put_key(out, key);
	buf_adds(out, "null,");
}

void jsonl_end_object(buf_t *out)
{
	if (out->len && out->data[out->len - 1] == ',')
		out->data[out->len - 1] = '}';
	else
		buf_addc(out, '}');
}

void jsonl_serialize(const json_t *v, buf_t *out)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *value;
		int first = 1;
		buf_addc(out, '{');
		json_object_foreach((json_t *)v, key, value)
		{
			if (!first)
				buf_addc(out, ',');
			first = 0;
			jsonl_add_string(out, key, strlen(key));
			buf_addc(out, ':');
			jsonl_serialize(value, out);
		}
		buf_addc(out, '}');
		break;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *value;
		buf_addc(out, '[');
		json_array_foreach((json_t *)v, i, value)
		{
			if (i)
				buf_addc(out, ',');
			jsonl_serialize(value, out);
		}
		buf_addc(out, ']');
		break;
	}
	case JSON_STRING:
		jsonl_add_string(out, json_string_value(v),
		                 json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_add_int(out, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		jsonl_add_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	case JSON_NULL:
		buf_adds(out, "null");
		break;
	}
}

int jsonl_write(FILE *f, const char *name, const json_t *obj, cqa_error *err)
{
	buf_t line = BUF_INIT;
	jsonl_serialize(obj, &line);
	buf_addc(&line, '\n');
	int ok = fwrite(line.data, 1, line.len, f) == line.len;
	buf_free(&line);
	if (!ok) {
		cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
		         name ? name : "standard output", strerror(errno));
		return -1;
	}
	return 0;
}

const char *jsonl_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

double jsonl_num(const json_t *obj, const char *key, double dflt)
{
	json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : dflt;
}

long long jsonl_int(const json_t *obj, const char *key, long long dflt)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_real(v))
		return (long long)json_real_value(v);
	return dflt;
}
