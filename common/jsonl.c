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

int jsonl_write(FILE *f, const json_t *obj, cqa_error *err)
{
	if (json_dumpf(obj, f,
	               JSON_COMPACT | JSON_PRESERVE_ORDER |
	                   JSON_REAL_PRECISION(15)) != 0 ||
	    fputc('\n', f) == EOF) {
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
