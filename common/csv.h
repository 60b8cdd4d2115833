/*
 * csv.h - CSV files that spreadsheets open safely.
 *
 * RFC 4180: comma separated, CRLF line ends, a cell quoted when it holds a
 * comma, quote, CR or LF, quotes doubled.  Files start with a UTF-8 byte order
 * mark so Excel reads them as UTF-8 (LibreOffice and csv readers that know
 * "utf-8-sig" ignore it).  Text cells that begin with = + - @, a tab or a
 * carriage return are prefixed with a single quote: a spreadsheet would
 * otherwise run them as formulas (CSV injection).  Numeric cells come from
 * csv_num / csv_int and are written as plain numbers, so -3.5 stays a number.
 */
#ifndef CQA_CSV_H
#define CQA_CSV_H

#include <stdio.h>

typedef struct csv_writer {
	FILE *f;
	int col; /* cells written in the current row */
} csv_writer;

/* Starts a file: writes the byte order mark. */
void csv_begin(csv_writer *w, FILE *f);
/* Text cell; NULL writes an empty cell. */
void csv_cell(csv_writer *w, const char *s);
/* Number with up to `decimals` places, trailing zeros trimmed; NaN and
 * infinities become an empty cell. */
void csv_num(csv_writer *w, double v, int decimals);
void csv_int(csv_writer *w, long long v);
void csv_end_row(csv_writer *w);
/* Writes a whole header row from a NULL-terminated list. */
void csv_header(csv_writer *w, const char *const *names);

/* Reading back what cqa wrote (cqa-fetch --resume reads its crawl.csv).
 * A row's cells, each NUL-terminated inside text; the formula guard's
 * quote is left in place. */
typedef struct csv_fields {
	char *text;     /* the cells, one after another */
	size_t *starts; /* where each begins in text */
	size_t n, cap;
} csv_fields;

/* Reads the RFC 4180 record at *p (a byte order mark before it is
 * skipped) into out, replacing what it held, and moves *p past its line
 * end.  Returns the number of cells, or -1 when no complete record (one
 * ending in CRLF or LF) starts at *p: a record cut short by a crash is not
 * a record. */
int csv_read_row(const char **p, const char *end, csv_fields *out);
/* Cell i of the last row read, "" past its end. */
const char *csv_field(const csv_fields *f, size_t i);
void csv_fields_free(csv_fields *f);

#endif
