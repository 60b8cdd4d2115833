/*
 * summary.c - the report people read on a terminal.
 *
 * Three parts, each skipped when it has nothing to say:
 *   cqa report: 12 pages (11 with text)        counts
 *     words          median 512 ...            corpus statistics
 *   Needs attention                            one list per problem,
 *     thin pages (fewer than 300 words): 1     worst first, at most
 *       /health/short.html  42 words  "Title"  o->top entries each
 *   Files: pages.csv ... in DIR
 * Lines stay within 80 columns.  URLs are shortened (display.c); when the
 * rows of a list fit, their URLs form a padded column so the rest lines up,
 * and when they do not, each row takes two lines with the URL alone on the
 * first.  What still does not fit (a long title) is cut with "...", never
 * wrapped.  Statistics come from the analyzer's summary record, not
 * recomputed, so the report and summary.csv always agree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

enum {
	LINE_COLS = 80,
	INDENT = 4,      /* list rows under their two-space heading */
	GAP = 2,         /* spaces between the columns of a row */
	URL_COLS = 40,   /* widest URL column on one-line rows */
	TITLE_COLS = 24, /* title room a one-line row must leave */
	MIN_COLS = 16,   /* a title or second URL is never cut below this */
	LABEL_COLS = 15  /* the statistics labels' column */
};

/* Flesch's reading-ease table (The Art of Readable Writing, 1949), by lower
 * bound; his "standard" band goes by "plain English", as in most tables. */
static const struct {
	double min;
	const char *label;
} flesch_bands[] = {
    {90, "very easy"},
    {80, "easy"},
    {70, "fairly easy"},
    {60, "plain English"},
    {50, "fairly difficult"},
    {30, "difficult"},
    {-INFINITY, "very confusing"},
};

static const char *flesch_band(double score)
{
	size_t n = sizeof flesch_bands / sizeof flesch_bands[0];
	for (size_t i = 0; i < n; i++)
		if (score >= flesch_bands[i].min)
			return flesch_bands[i].label;
	return flesch_bands[n - 1].label;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A figure with `decimals` places; a value no page can have (an analyzer
 * bug) stays short instead of filling the screen with digits. */
static const char *num(char *tmp, size_t size, double v, int decimals)
{
	if (fabs(v) < 1e9)
		snprintf(tmp, size, "%.*f", decimals, v);
	else
		snprintf(tmp, size, "%.3g", v);
	return tmp;
}

/* A figure the way a person writes it: 512, 498.3. */
static const char *fmt_num(char *tmp, size_t size, double v)
{
	return num(tmp, size, v, fabs(v - round(v)) < 0.05 ? 0 : 1);
}

static const rstat *find_stat(const report_data *d, const char *metric)
{
	for (size_t i = 0; i < d->nstats; i++)
		if (strcmp(d->stats[i].metric, metric) == 0)
			return &d->stats[i];
	return NULL;
}

static double stat(const report_data *d, const char *metric, int which)
{
	const rstat *s = find_stat(d, metric);
	return s ? s->v[which] : NAN;
}

static void add_label(buf_t *b, const char *label)
{
	buf_printf(b, "  %-*s", LABEL_COLS, label);
}

static void write_stats(buf_t *b, const report_data *d)
{
	char t1[32], t2[32], t3[32], t4[32];
	double median = stat(d, "words", ST_MEDIAN);
	double mean = stat(d, "words", ST_MEAN);
	double min = stat(d, "words", ST_MIN), max = stat(d, "words", ST_MAX);
	if (!isnan(median) && !isnan(mean) && !isnan(min) && !isnan(max)) {
		add_label(b, "words");
		buf_printf(b, "median %s   mean %s   range %s-%s\n",
		           fmt_num(t1, sizeof t1, median),
		           fmt_num(t2, sizeof t2, mean),
		           fmt_num(t3, sizeof t3, min),
		           fmt_num(t4, sizeof t4, max));
	}
	double ease = stat(d, "flesch_reading_ease", ST_MEAN);
	double grade = stat(d, "flesch_kincaid_grade", ST_MEAN);
	if (!isnan(ease) || !isnan(grade)) {
		add_label(b, "reading ease");
		if (!isnan(ease))
			buf_printf(
			    b, "mean %s (%s)%s", num(t1, sizeof t1, ease, 1),
			    flesch_band(ease), isnan(grade) ? "" : "   ");
		if (!isnan(grade))
			buf_printf(b, "grade mean %s",
			           num(t1, sizeof t1, grade, 1));
		buf_addc(b, '\n');
	}
	double share = stat(d, "boilerplate_share", ST_MEDIAN);
	if (!isnan(share)) {
		add_label(b, "boilerplate");
		buf_printf(b, "median %s%% of visible text\n",
		           num(t1, sizeof t1, share * 100, 0));
	}
}

/* One entry of a "needs attention" list:
 *     URL  mid  URL2  tail  "title"
 * Every part but the URL may be missing. */
typedef struct row {
	const char *url;  /* shortened, not yet cleaned */
	buf_t mid;        /* plain text, clean: "42 words" */
	const char *url2; /* a second URL ("duplicates X") */
	char tail[48];    /* plain text after url2: "(480 words)" */
	const char *title;
	double key; /* sort key */
	size_t order;
} row;

typedef struct rows {
	row *v;
	size_t n, cap;
	int descending;
} rows;

static row *add_row(rows *r, const char *url, double key, const char *title)
{
	r->v = report_grow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	row *x = &r->v[r->n];
	memset(x, 0, sizeof *x);
	x->url = url;
	x->key = key;
	x->title = title && *title ? title : NULL;
	x->order = r->n++;
	return x;
}

static int cmp_asc(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static int cmp_desc(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

/* Columns of everything after the URL, with titles counted at no more
 * than TITLE_COLS: what a row needs to be worth one line. */
static int rest_cols(const row *x)
{
	int n = x->mid.len ? display_width(x->mid.data) : 0;
	if (x->url2)
		n += (n ? GAP : 0) + display_width(x->url2);
	if (x->tail[0])
		n += (n ? GAP : 0) + (int)strlen(x->tail);
	if (x->title)
		n += (n ? GAP : 0) + 2 +
		     min_int(TITLE_COLS, display_width(x->title));
	return n;
}

/* Writes what follows the URL, starting at column col. */
static void emit_rest(buf_t *b, const row *x, int col)
{
	int first = 1;
	if (x->mid.len) {
		buf_add(b, x->mid.data, x->mid.len);
		col += display_width(x->mid.data);
		first = 0;
	}
	int tail = x->tail[0] ? GAP + (int)strlen(x->tail) : 0;
	if (x->url2) {
		buf_printf(b, "%*s", first ? 0 : GAP, "");
		col += first ? 0 : GAP;
		int room = LINE_COLS - col - tail;
		col += display_add(b, x->url2,
		                   room < MIN_COLS ? MIN_COLS : room, 1);
		first = 0;
	}
	if (x->tail[0]) {
		buf_printf(b, "%*s%s", first ? 0 : GAP, "", x->tail);
		col += tail;
		first = 0;
	}
	if (x->title) {
		buf_printf(b, "%*s\"", first ? 0 : GAP, "");
		int room = LINE_COLS - col - (first ? 0 : GAP) - 2;
		display_add(b, x->title, room < MIN_COLS ? MIN_COLS : room, 0);
		buf_addc(b, '"');
	}
	buf_addc(b, '\n');
}

/* Sorts and writes the first `top` rows.  When every shown row fits in 80
 * columns the URLs form a padded column; otherwise each row takes two
 * lines, the URL whole on the first. */
static void emit_rows(buf_t *b, rows *r, int top)
{
	qsort(r->v, r->n, sizeof *r->v, r->descending ? cmp_desc : cmp_asc);
	size_t shown = top > 0 ? (size_t)top : 0;
	if (shown > r->n)
		shown = r->n;
	int url_cols = 0, rest = 0;
	for (size_t i = 0; i < shown; i++) {
		int w = display_width(r->v[i].url), n = rest_cols(&r->v[i]);
		url_cols = w > url_cols ? w : url_cols;
		rest = n > rest ? n : rest;
	}
	int one_line =
	    url_cols <= URL_COLS && INDENT + url_cols + GAP + rest <= LINE_COLS;
	for (size_t i = 0; i < shown; i++) {
		const row *x = &r->v[i];
		buf_printf(b, "%*s", INDENT, "");
		if (one_line) {
			int w = display_add(b, x->url, url_cols, 1);
			buf_printf(b, "%*s", url_cols - w + GAP, "");
			emit_rest(b, x, INDENT + url_cols + GAP);
		} else {
			display_add(b, x->url, LINE_COLS - INDENT, 1);
			buf_printf(b, "\n%*s", INDENT + GAP, "");
			emit_rest(b, x, INDENT + GAP);
		}
	}
	if (shown > 0 && r->n > shown)
		buf_printf(b, "%*s... and %zu more\n", INDENT, "",
		           r->n - shown);
	for (size_t i = 0; i < r->n; i++)
		buf_free(&r->v[i].mid);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Copies of each duplicate kind, cluster by cluster. */
static size_t write_dups(buf_t *b, const report_options *o,
                         const report_data *d, const url_display *u, int k)
{
	char t[32];
	rows r = {0};
	size_t clusters = 0;
	for (size_t c = 0; c < d->nclusters; c++) {
		const rcluster *cl = &d->clusters[c];
		if (strcmp(cl->kind, dup_kinds[k].kind) != 0 || cl->nurls < 2)
			continue;
		clusters++;
		for (size_t i = 1; i < cl->nurls; i++) {
			row *x = add_row(&r, url_display_short(u, cl->urls[i]),
			                 0, NULL);
			buf_adds(&x->mid, "duplicates");
			x->url2 = url_display_short(u, cl->urls[0]);
			if (!isnan(cl->words))
				snprintf(x->tail, sizeof x->tail, "(%s words)",
				         num(t, sizeof t, cl->words, 0));
		}
	}
	size_t n = r.n;
	if (n) {
		buf_printf(b, "  %s (%zu %s, %zu %s):\n", dup_kinds[k].label,
		           clusters, plural(clusters, "cluster", "clusters"), n,
		           plural(n, "page", "pages"));
		emit_rows(b, &r, o->top);
	}
	return n;
}

/* The lists of pages with one issue each, in the order they are shown. */
enum { SORT_INPUT, SORT_ASC, SORT_DESC };
static const struct {
	int issue;
	int sort;     /* worst first */
	int sort_num; /* PN_x to sort on; -1: none */
} page_lists[] = {
    {ISSUE_HTTP_ERROR, SORT_INPUT, -1},
    {ISSUE_NO_TEXT, SORT_INPUT, -1},
    {ISSUE_THIN, SORT_ASC, PN_WORDS},
    {ISSUE_HARD_TO_READ, SORT_DESC, PN_FLESCH_KINCAID_GRADE},
    {ISSUE_BOILERPLATE_HEAVY, SORT_DESC, PN_BOILERPLATE_SHARE},
};

static void list_heading(buf_t *b, const report_options *o,
                         const report_data *d, int issue, size_t n)
{
	switch (issue) {
	case ISSUE_HTTP_ERROR:
		buf_printf(b, "  HTTP errors: %zu\n", n);
		break;
	case ISSUE_NO_TEXT:
		buf_printf(b, "  no main text: %zu\n", n);
		break;
	case ISSUE_THIN:
		buf_printf(b, "  thin pages (fewer than %ld words): %zu\n",
		           d->thin_words, n);
		break;
	case ISSUE_HARD_TO_READ:
		buf_printf(b, "  hard to read (grade above %g): %zu\n",
		           o->max_grade, n);
		break;
	case ISSUE_BOILERPLATE_HEAVY:
		buf_printf(b,
		           "  boilerplate-heavy (over %g%% of visible text): "
		           "%zu\n",
		           o->max_boilerplate * 100, n);
		break;
	}
}

static void row_middle(buf_t *mid, const rpage *p, int issue)
{
	char t[32];
	switch (issue) {
	case ISSUE_HTTP_ERROR:
		buf_printf(mid, "status %ld", p->status);
		break;
	case ISSUE_THIN:
		buf_printf(mid, "%s %s", num(t, sizeof t, p->num[PN_WORDS], 0),
		           p->num[PN_WORDS] == 1 ? "word" : "words");
		break;
	case ISSUE_HARD_TO_READ:
		buf_printf(
		    mid, "grade %s",
		    num(t, sizeof t, p->num[PN_FLESCH_KINCAID_GRADE], 1));
		break;
	case ISSUE_BOILERPLATE_HEAVY:
		buf_printf(
		    mid, "%s%% boilerplate",
		    num(t, sizeof t, p->num[PN_BOILERPLATE_SHARE] * 100, 0));
		break;
	}
}

static size_t write_page_list(buf_t *b, const report_options *o,
                              const report_data *d, const url_display *u,
                              size_t which)
{
	int issue = page_lists[which].issue;
	rows r = {0};
	r.descending = page_lists[which].sort == SORT_DESC;
	for (size_t i = 0; i < d->npages; i++) {
		const rpage *p = &d->pages[i];
		if (!(p->issues & (1u << issue)))
			continue;
		int field = page_lists[which].sort_num;
		double key = page_lists[which].sort == SORT_INPUT || field < 0
		                 ? 0
		                 : p->num[field];
		row *x =
		    add_row(&r, url_display_short(u, p->url), key, p->title);
		row_middle(&x->mid, p, issue);
	}
	size_t n = r.n;
	if (n) {
		list_heading(b, o, d, issue, n);
		emit_rows(b, &r, o->top);
	}
	return n;
}

static void write_attention(buf_t *b, const report_options *o,
                            const report_data *d)
{
	url_display u;
	url_display_init(&u, d);
	buf_t body = BUF_INIT;
	size_t found = 0;
	/* HTTP errors first (nothing else about such a page matters), then
	 * duplicates, then the per-page content lists. */
	found += write_page_list(&body, o, d, &u, 0);
	for (int k = 0; k < DK_COUNT; k++)
		found += write_dups(&body, o, d, &u, k);
	for (size_t i = 1; i < sizeof page_lists / sizeof page_lists[0]; i++)
		found += write_page_list(&body, o, d, &u, i);
	if (found) {
		buf_adds(b, "Needs attention\n");
		buf_add(b, buf_cstr(&body), body.len);
	} else if (d->npages) {
		buf_adds(b, "Needs attention: nothing\n");
	}
	buf_free(&body);
}

void report_write_summary(const report_options *o, const report_data *d,
                          FILE *out)
{
	buf_t b = BUF_INIT;
	if (d->npages)
		buf_printf(&b, "cqa report: %zu %s (%zu with text)\n",
		           d->npages, plural(d->npages, "page", "pages"),
		           d->with_text);
	else
		buf_adds(&b, "cqa report: no pages\n");
	write_stats(&b, d);
	write_attention(&b, o, d);
	if (o->out_dir) {
		buf_adds(&b, "Files: ");
		report_csv_list(&b);
		buf_adds(&b, " in ");
		display_add(&b, o->out_dir, -1, 0);
		buf_addc(&b, '\n');
	}
	fwrite(buf_cstr(&b), 1, b.len, out);
	buf_free(&b);
}
