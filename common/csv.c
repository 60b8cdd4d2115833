/*
 * csv.c - RFC 4180 CSV writer that spreadsheets open safely; see csv.h.
 *
 * The writer is a FILE * and a column counter, nothing more: every report
 * file is produced row by row, so there is no table to hold.  Write errors
 * are not reported cell by cell; the caller checks ferror() and fclose() once
 * at the end, which catches a full disk as surely and keeps call sites short.
 *
 * Cells pass two checks, in this order:
 *  1. formula injection: a text cell whose first byte a spreadsheet treats
 *     as the start of a formula gets a leading single quote, which Excel and
 *     LibreOffice show as "text, not formula" (OWASP "CSV Injection");
 *  2. quoting: a cell holding a separator, quote, CR or LF is put in double
 *     quotes with inner quotes doubled.
 * Numbers never go through the first check: csv_num(-3.5) must stay a
 * number that sums in a spreadsheet.
 */
#include "csv.h"

#include "buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes that make a spreadsheet evaluate a cell when they come first. */
static const char formula_starts[] = "=+-@\t\r";

/* Bytes that force a cell into quotes (RFC 4180 section 2.6). */
static const char needs_quotes[] = ",\"\r\n";

static const char utf8_bom[] = "\xEF\xBB\xBF";

void csv_begin(csv_writer *w, FILE *f)
{
	w->f = f;
	w->col = 0;
	fputs(utf8_bom, f);
}

static void separate(csv_writer *w)
{
	if (w->col++ > 0)
		fputc(',', w->f);
}

void csv_cell(csv_writer *w, const char *s)
{
	separate(w);
	if (!s || !*s)
		return;
	int guard = strchr(formula_starts, s[0]) != NULL;
	int quote = strpbrk(s, needs_quotes) != NULL;
	if (quote)
		fputc('"', w->f);
	if (guard)
		fputc('\'', w->f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', w->f);
		fputc(*p, w->f);
	}
	if (quote)
		fputc('"', w->f);
}

void csv_num(csv_writer *w, double v, int decimals)
{
	separate(w);
	if (!isfinite(v))
		return;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 17)
		decimals = 17;
	char tmp[400]; /* %.17f of DBL_MAX is 327 bytes */
	int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return;
	/* A locale may have made the decimal point a comma, which would split
	 * the cell in two; the file format always uses a dot. */
	char *dot = NULL;
	for (char *p = tmp; *p; p++) {
		if (*p != '-' && (*p < '0' || *p > '9')) {
			*p = '.';
			dot = p;
		}
	}
	if (dot) {
		while (n > 0 && tmp[n - 1] == '0')
			tmp[--n] = '\0';
		if (tmp[n - 1] == '.')
			tmp[--n] = '\0';
	}
	/* Rounding can leave "-0", which reads as a different value. */
	fputs(strcmp(tmp, "-0") == 0 ? "0" : tmp, w->f);
}

void csv_int(csv_writer *w, long long v)
{
	separate(w);
	fprintf(w->f, "%lld", v);
}

void csv_end_row(csv_writer *w)
{
	fputs("\r\n", w->f);
	w->col = 0;
}

void csv_header(csv_writer *w, const char *const *names)
{
	for (; *names; names++)
		csv_cell(w, *names);
	csv_end_row(w);
}

int csv_read_row(const char **p, const char *end, csv_fields *out)
{
	const char *s = *p;
	if (end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	buf_t text = BUF_INIT;
	size_t n = 0, cap = out->cap;
	size_t *starts = out->starts;
	out->starts = NULL;
	int quoted = 0, complete = 0;
	if (s >= end) {
		out->starts = starts;
		buf_free(&text);
		return -1;
	}
	if (n == cap) {
		cap = cap ? 2 * cap : 16;
		starts = xrealloc(starts, cap * sizeof *starts);
	}
	starts[n++] = 0;
	while (s < end) {
		char c = *s++;
		if (quoted) {
			if (c == '"' && s < end && *s == '"') {
				buf_addc(&text, '"');
				s++;
			} else if (c == '"') {
				quoted = 0;
			} else {
				buf_addc(&text, c);
			}
		} else if (c == '"') {
			quoted = 1;
		} else if (c == ',') {
			buf_addc(&text, '\0');
			if (n == cap) {
				cap = 2 * cap;
				starts = xrealloc(starts, cap * sizeof *starts);
			}
			starts[n++] = text.len;
		} else if (c == '\n' || (c == '\r' && s < end && *s == '\n')) {
			s += c == '\r';
			complete = 1;
			break;
		} else {
			buf_addc(&text, c);
		}
	}
	buf_addc(&text, '\0');
	free(out->text);
	out->text = buf_detach(&text, NULL);
	out->starts = starts;
	out->cap = cap;
	out->n = n;
	if (!complete) {
		out->n = 0;
		return -1;
	}
	*p = s;
	return (int)n;
}

const char *csv_field(const csv_fields *f, size_t i)
{
	return i < f->n ? f->text + f->starts[i] : "";
}

void csv_fields_free(csv_fields *f)
{
	free(f->text);
	free(f->starts);
	memset(f, 0, sizeof *f);
}
