/*
 * textdate.c - a date written out on a line of its own ("March 3, 2025",
 * "3. März 2025", "2025-03-03", "Published: 03.03.2025"), as text dumps
 * begin; see dump_date_line() in textdump.h.
 *
 * The line is normalised (text_normalize: case folded, punctuation as one
 * space), an optional label and weekday are skipped, and what is left must
 * be a date and nothing else: a sentence that mentions a date is not a
 * date line.  Numeric dates are read day first (03.03.2025, 3/3/2025) except
 * ISO's year first; an American month-first numeric date is ambiguous and
 * read only when the first number cannot be a day-first month (13/3/2025
 * is day first; 3/13/2025 month first).
 */
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "textdump.h"

/* Month names and abbreviations, in text_normalize()'s form, with their
 * month: English, German, French, Spanish, Italian, Dutch. */
static const struct {
	const char *name;
	int month;
} month_names[] = {
    {"january", 1},   {"jan", 1},       {"januar", 1},     {"janvier", 1},
    {"enero", 1},     {"gennaio", 1},   {"januari", 1},    {"february", 2},
    {"feb", 2},       {"februar", 2},   {"février", 2},    {"febrero", 2},
    {"febbraio", 2},  {"februari", 2},  {"march", 3},      {"mar", 3},
    {"märz", 3},      {"mars", 3},      {"marzo", 3},      {"maart", 3},
    {"april", 4},     {"apr", 4},       {"avril", 4},      {"abril", 4},
    {"aprile", 4},    {"may", 5},       {"mai", 5},        {"mayo", 5},
    {"maggio", 5},    {"mei", 5},       {"june", 6},       {"jun", 6},
    {"juni", 6},      {"juin", 6},      {"junio", 6},      {"giugno", 6},
    {"july", 7},      {"jul", 7},       {"juli", 7},       {"juillet", 7},
    {"julio", 7},     {"luglio", 7},    {"august", 8},     {"aug", 8},
    {"août", 8},      {"agosto", 8},    {"augustus", 8},   {"september", 9},
    {"sep", 9},       {"sept", 9},      {"septembre", 9},  {"septiembre", 9},
    {"settembre", 9}, {"october", 10},  {"oct", 10},       {"oktober", 10},
    {"octobre", 10},  {"octubre", 10},  {"ottobre", 10},   {"november", 11},
    {"nov", 11},      {"novembre", 11}, {"noviembre", 11}, {"december", 12},
    {"dec", 12},      {"dezember", 12}, {"décembre", 12},  {"diciembre", 12},
    {"dicembre", 12},
};

/* Words a date line may start with: labels and weekdays (and "de", "the",
 * "on" between a label and its date). */
static const char *const date_lead_words[] = {"published",
                                              "posted",
                                              "updated",
                                              "date",
                                              "on",
                                              "last",
                                              "modified",
                                              "veröffentlicht",
                                              "am",
                                              "aktualisiert",
                                              "publié",
                                              "le",
                                              "publicado",
                                              "el",
                                              "pubblicato",
                                              "il",
                                              "gepubliceerd",
                                              "op",
                                              "the",
                                              "de",
                                              "monday",
                                              "tuesday",
                                              "wednesday",
                                              "thursday",
                                              "friday",
                                              "saturday",
                                              "sunday",
                                              "mon",
                                              "tue",
                                              "wed",
                                              "thu",
                                              "fri",
                                              "sat",
                                              "sun",
                                              "montag",
                                              "dienstag",
                                              "mittwoch",
                                              "donnerstag",
                                              "freitag",
                                              "samstag",
                                              "sonntag",
                                              "lundi",
                                              "mardi",
                                              "mercredi",
                                              "jeudi",
                                              "vendredi",
                                              "samedi",
                                              "dimanche",
                                              "lunes",
                                              "martes",
                                              "miércoles",
                                              "jueves",
                                              "viernes",
                                              "sábado",
                                              "domingo",
                                              "lunedì",
                                              "martedì",
                                              "mercoledì",
                                              "giovedì",
                                              "venerdì",
                                              "sabato",
                                              "maandag",
                                              "dinsdag",
                                              "woensdag",
                                              "donderdag",
                                              "vrijdag",
                                              "zaterdag",
                                              "zondag",
                                              NULL};

enum { MAX_TOKENS = 12, DATE_LINE_MAX_BYTES = 80 };

static int month_of(const char *w)
{
	for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
		if (!strcmp(w, month_names[i].name))
			return month_names[i].month;
	return 0;
}

static int lead_word(const char *w)
{
	for (const char *const *p = date_lead_words; *p; p++)
		if (!strcmp(w, *p))
			return 1;
	return 0;
}

/* A number of 1 to 4 digits, with an English ordinal ending allowed
 * ("3rd"); -1 otherwise. */
static int number(const char *w)
{
	int v = 0, k = 0;
	for (; *w >= '0' && *w <= '9' && k < 5; w++, k++)
		v = v * 10 + (*w - '0');
	if (!k || k > 4)
		return -1;
	if (*w && strcmp(w, "st") && strcmp(w, "nd") && strcmp(w, "rd") &&
	    strcmp(w, "th") && strcmp(w, "er"))
		return -1;
	return v;
}

static int valid(int y, int m, int d, char out[11])
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 1;
}

int dump_date_line(const char *s, char out[11])
{
	size_t n = strlen(s);
	if (!n || n > DATE_LINE_MAX_BYTES)
		return 0;
	buf_t norm = BUF_INIT;
	text_normalize(s, n, &norm);
	char *w[MAX_TOKENS];
	size_t k = 0;
	for (char *t = norm.data; t && *t;) {
		while (*t == ' ')
			t++;
		if (!*t)
			break;
		if (k == MAX_TOKENS) {
			k = 0; /* too many words for a date line */
			break;
		}
		w[k++] = t;
		while (*t && *t != ' ')
			t++;
		if (*t)
			*t++ = '\0';
	}
	int ok = 0;
	size_t i = 0;
	while (i < k && lead_word(w[i]))
		i++;
	size_t left = k - i;
	if (left == 3) {
		int a = number(w[i]), b = number(w[i + 1]),
		    c = number(w[i + 2]);
		int m1 = month_of(w[i]), m2 = month_of(w[i + 1]);
		if (m1 && b > 0 && c > 31) /* March 3 2025 */
			ok = valid(c, m1, b, out);
		else if (m2 && a > 0 && c > 31) /* 3 March 2025 */
			ok = valid(c, m2, a, out);
		else if (a > 31 && b > 0 && c > 0) /* 2025 03 03 */
			ok = valid(a, b, c, out);
		else if (a > 0 && b > 0 && c > 31) /* 03 03 2025 */
			ok = b > 12 ? valid(c, a, b, out) : valid(c, b, a, out);
	}
	buf_free(&norm);
	if (!ok)
		out[0] = '\0';
	return ok;
}
