/*
 * lines.c - source lines of block text; see internal.h.
 */
#include <stdlib.h>

#include "internal.h"

void line_map_note(line_map *m, size_t off, size_t line)
{
	if (!line)
		return;
	if (m->n && m->v[2 * m->n - 1] == line)
		return;
	if (m->n && m->v[2 * m->n - 2] == off) {
		m->v[2 * m->n - 1] = line;
		/* The pair before may now say the same line. */
		if (m->n > 1 && m->v[2 * m->n - 3] == line)
			m->n--;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 4;
		m->v = xrealloc(m->v, 2 * m->cap * sizeof *m->v);
	}
	m->v[2 * m->n] = off;
	m->v[2 * m->n + 1] = line;
	m->n++;
}

size_t line_map_first(const line_map *m)
{
	return m->n ? m->v[1] : 0;
}

void line_map_free(line_map *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

void line_map_json(json_t *block, const line_map *m, int all)
{
	size_t first = line_map_first(m);
	json_object_set_new(block, "line",
	                    first ? json_integer((json_int_t)first)
	                          : json_null());
	if (!all)
		return;
	json_t *arr = json_array();
	for (size_t i = 0; i < m->n; i++)
		json_array_append_new(arr,
		                      json_pack("[II]", (json_int_t)m->v[2 * i],
		                                (json_int_t)m->v[2 * i + 1]));
	json_object_set_new(block, "lines", arr);
}
