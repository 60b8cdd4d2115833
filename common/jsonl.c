/*
 * jsonl.c - JSON Lines reader and writer; see jsonl.h.
 */
#include "jsonl.h"

#include <errno.h>
#include <string.h>

void jsonl_reader_init(jsonl_reader *r, FILE *f, const char *name)
{
	r->f = f;
	r->name = name ? name : "-";
	r->lineno = 0;
	buf_init(&r->line);
}

void jsonl_reader_free(jsonl_reader *r)
{
	buf_free(&r->line);
}

static int read_line(jsonl_reader *r)
{
	char chunk[65536];
	buf_reset(&r->line);
	while (fgets(chunk, sizeof chunk, r->f)) {
		size_t n = strlen(chunk);
		buf_add(&r->line, chunk, n);
		if (n && chunk[n - 1] == '\n')
			return 1;
	}
	return r->line.len > 0;
}

int jsonl_reader_next(jsonl_reader *r, json_t **out, cqa_error *err)
{
	*out = NULL;
	for (;;) {
		if (!read_line(r)) {
			if (ferror(r->f)) {
				cqa_fail(err, CQA_ERR_IO, "%s: read error: %s",
				         r->name, strerror(errno));
				return -1;
			}
			return 0;
		}
		r->lineno++;
		buf_rtrim(&r->line);
		if (r->line.len == 0)
			continue;
		json_error_t je;
		json_t *obj = json_loadb(r->line.data, r->line.len, 0, &je);
		if (!obj) {
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s:%zu: not valid JSON (%s at column %d)",
			         r->name, r->lineno, je.text, je.column);
			return -1;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			cqa_fail(err, CQA_ERR_FORMAT,
			         "%s:%zu: expected a JSON object a line",
			         r->name, r->lineno);
			return -1;
		}
		*out = obj;
		return 1;
	}
}

/* Appends s as a JSON string: runs of characters that need no escape are
 * copied whole, which is most of any text. */
static void serialize_string(const char *s, size_t len, buf_t *out)
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
			serialize_string(key, strlen(key), out);
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
		serialize_string(json_string_value(v), json_string_length(v),
		                 out);
		break;
	case JSON_INTEGER:
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL: {
		double d = json_real_value(v);
		size_t at = out->len;
		buf_printf(out, "%.15g", d);
		/* Keep it a real for readers: 2 is written 2.0, as jansson
		 * does. */
		if (!strpbrk(out->data + at, ".eEn"))
			buf_adds(out, ".0");
		break;
	}
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

int jsonl_write(FILE *f, const json_t *obj, cqa_error *err)
{
	buf_t line = BUF_INIT;
	jsonl_serialize(obj, &line);
	buf_addc(&line, '\n');
	int ok = fwrite(line.data, 1, line.len, f) == line.len;
	buf_free(&line);
	if (!ok) {
		cqa_fail(err, CQA_ERR_IO, "cannot write JSON line: %s",
		         strerror(errno));
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
