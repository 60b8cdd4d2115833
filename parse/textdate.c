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
 * month: English, German, French, Spanish, Italian, Dutch; Polish in the
 * genitive a date takes and in the nominative; Portuguese (its "abril"
 * and "agosto" are Spanish's too). */
static const struct {
	const char *name;
	int month;
} month_names[] = {
    {"january", 1},       {"jan", 1},          {"januar", 1},
    {"janvier", 1},       {"enero", 1},        {"gennaio", 1},
    {"januari", 1},       {"february", 2},     {"feb", 2},
    {"februar", 2},       {"février", 2},      {"febrero", 2},
    {"febbraio", 2},      {"februari", 2},     {"march", 3},
    {"mar", 3},           {"märz", 3},         {"mars", 3},
    {"marzo", 3},         {"maart", 3},        {"april", 4},
    {"apr", 4},           {"avril", 4},        {"abril", 4},
    {"aprile", 4},        {"may", 5},          {"mai", 5},
    {"mayo", 5},          {"maggio", 5},       {"mei", 5},
    {"june", 6},          {"jun", 6},          {"juni", 6},
    {"juin", 6},          {"junio", 6},        {"giugno", 6},
    {"july", 7},          {"jul", 7},          {"juli", 7},
    {"juillet", 7},       {"julio", 7},        {"luglio", 7},
    {"august", 8},        {"aug", 8},          {"août", 8},
    {"agosto", 8},        {"augustus", 8},     {"september", 9},
    {"sep", 9},           {"sept", 9},         {"septembre", 9},
    {"septiembre", 9},    {"settembre", 9},    {"october", 10},
    {"oct", 10},          {"oktober", 10},     {"octobre", 10},
    {"octubre", 10},      {"ottobre", 10},     {"november", 11},
    {"nov", 11},          {"novembre", 11},    {"noviembre", 11},
    {"december", 12},     {"dec", 12},         {"dezember", 12},
    {"décembre", 12},     {"diciembre", 12},   {"dicembre", 12},
    {"stycznia", 1},      {"styczeń", 1},      {"lutego", 2},
    {"luty", 2},          {"marca", 3},        {"marzec", 3},
    {"kwietnia", 4},      {"kwiecień", 4},     {"maja", 5},
    {"maj", 5},           {"czerwca", 6},      {"czerwiec", 6},
    {"lipca", 7},         {"lipiec", 7},       {"sierpnia", 8},
    {"sierpień", 8},      {"września", 9},     {"wrzesień", 9},
    {"października", 10}, {"październik", 10}, {"listopada", 11},
    {"listopad", 11},     {"grudnia", 12},     {"grudzień", 12},
    {"janeiro", 1},       {"fevereiro", 2},    {"março", 3},
    {"maio", 5},          {"junho", 6},        {"julho", 7},
    {"setembro", 9},      {"outubro", 10},     {"novembro", 11},
    {"dezembro", 12},
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
                                              "opublikowano",
                                              "aktualizacja",
                                              "dodano",
                                              "poniedziałek",
                                              "wtorek",
                                              "środa",
                                              "czwartek",
                                              "piątek",
                                              "sobota",
                                              "niedziela",
                                              "atualizado",
                                              "em",
                                              NULL};

/* Words a time of day after the date may hold ("3 March 2025, 10:27
 * Uhr", "19 FEB 2020 - 18:37 CET"), besides its numbers. */
static const char *const time_words[] = {
    "uhr",  "h",   "am",  "pm",   "at",  "um",   "à",   "a",    "las",
    "alle", "ore", "om",  "godz", "cet", "cest", "mez", "mesz", "utc",
    "gmt",  "est", "edt", "pst",  "pdt", "bst",  "ist", "hs",   NULL};

enum { MAX_TOKENS = 16, DATE_LINE_MAX_BYTES = 80, TIME_MAX_TOKENS = 6 };

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

/* A part of a time of day: an hour, minutes or seconds (two digits at
 * most, under 60), or one of time_words. */
static int time_token(const char *w)
{
	if (w[0] >= '0' && w[0] <= '9')
		return strlen(w) <= 2 && atoi(w) < 60;
	for (const char *const *p = time_words; *p; p++)
		if (!strcmp(w, *p))
			return 1;
	return 0;
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
	/* "11 de febrero de 2022": the date's own "de" between its parts */
	size_t j = i;
	for (size_t r = i; r < k; r++)
		if (!(r > i && (!strcmp(w[r], "de") || !strcmp(w[r], "del"))))
			w[j++] = w[r];
	k = j;
	/* a time of day after it: its numbers and words, nothing else */
	while (k > i + 3 && k - (i + 3) <= TIME_MAX_TOKENS &&
	       time_token(w[k - 1]))
		k--;
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
