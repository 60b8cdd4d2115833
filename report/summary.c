/*
 * summary.c - the report people read on a terminal.
 *
 * Three parts, each skipped when it has nothing to say:
 *   cqa report: 12 pages (11 with text)        counts
 *     words          median 512 ...            corpus statistics
 *   Needs attention                            one list per problem,
 *     thin pages (fewer than 300 words): 1     worst first, at most
 *       /health/short.html  42 words  "Title"  o->top entries each
 *     repeated passages (on 2+ pages): 1       lists of text rather
 *       6 pages  36-word paragraph  "Rem..."   than pages
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
	LABEL_COLS = 15, /* the statistics labels' column */
	/* Template blocks are a fact of every site rather than a fault of
	 * a page: the biggest few say what the template is. */
	TEMPLATE_TOP = 5
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
	/* Site-wide shares from the summary record (a newer analyzer's). */
	if (!isnan(d->template_share)) {
		add_label(b, "template");
		buf_printf(b, "%s%% of visible text site-wide\n",
		           num(t1, sizeof t1, d->template_share * 100, 0));
	}
	if (!isnan(d->common_share)) {
		add_label(b, "common text");
		buf_printf(b, "%s%% of main-text words also on other pages\n",
		           num(t1, sizeof t1, d->common_share * 100, 0));
	}
}

/* One entry of a "needs attention" list:
 *     URL  mid  URL2  tail  "title"
 * Every part but the URL may be missing.  Lists of text rather than pages
 * have a count ("6 pages") where the URL goes and the text as the title. */
typedef struct row {
	const char *url;  /* shortened, not yet cleaned; NULL: head instead */
	char head[32];    /* plain text in the URL's place */
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

static const char *first_col(const row *x)
{
	return x->url ? x->url : x->head;
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
		int w = display_width(first_col(&r->v[i]));
		int n = rest_cols(&r->v[i]);
		url_cols = w > url_cols ? w : url_cols;
		rest = n > rest ? n : rest;
	}
	int one_line =
	    url_cols <= URL_COLS && INDENT + url_cols + GAP + rest <= LINE_COLS;
	for (size_t i = 0; i < shown; i++) {
		const row *x = &r->v[i];
		buf_printf(b, "%*s", INDENT, "");
		if (one_line) {
			int w = display_add(b, first_col(x), url_cols, 1);
			buf_printf(b, "%*s", url_cols - w + GAP, "");
			emit_rest(b, x, INDENT + url_cols + GAP);
		} else {
			display_add(b, first_col(x), LINE_COLS - INDENT, 1);
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

/* Copies of each duplicate kind, cluster by cluster, each with the page it
 * copies (the one duplicates.csv names):
 *     copy.html  duplicates  original.html  (480 words)
 *     copy.html  near  original.html  (similarity 0.59) */
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
			double sim;
			const char *of = report_copy_of(cl, i, &sim);
			row *x = add_row(&r, url_display_short(u, cl->urls[i]),
			                 0, NULL);
			buf_adds(&x->mid, dup_kinds[k].verb);
			x->url2 = url_display_short(u, of);
			if (dup_kinds[k].tail_similarity && !isnan(sim))
				snprintf(x->tail, sizeof x->tail,
				         "(similarity %s)",
				         num(t, sizeof t, sim, 2));
			else if (!dup_kinds[k].tail_similarity &&
			         !isnan(cl->words))
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
    {ISSUE_MOSTLY_REPEATED, SORT_DESC, PN_COMMON_SHARE},
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
	case ISSUE_MOSTLY_REPEATED:
		buf_printf(b,
		           "  mostly repeated text (over half also on other "
		           "pages): %zu\n",
		           n);
		break;
	}
}

static void row_middle(row *x, const rpage *p, int issue, const url_display *u)
{
	char t[32];
	buf_t *mid = &x->mid;
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
	case ISSUE_MOSTLY_REPEATED:
		/* "72% shared with  /other.html": where most of the shared
		 * text comes from (pages.csv names up to three). */
		if (isnan(p->num[PN_COMMON_SHARE]))
			buf_adds(mid, "repeated");
		else
			buf_printf(
			    mid, "%s%% %s",
			    num(t, sizeof t, p->num[PN_COMMON_SHARE] * 100, 0),
			    p->nsources ? "shared with" : "repeated");
		if (p->nsources)
			x->url2 = url_display_short(u, p->sources[0]);
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
		if (isnan(key)) /* a flag without its figure: last */
			key = r.descending ? -INFINITY : INFINITY;
		row *x =
		    add_row(&r, url_display_short(u, p->url), key, p->title);
		row_middle(x, p, issue, u);
	}
	size_t n = r.n;
	if (n) {
		list_heading(b, o, d, issue, n);
		emit_rows(b, &r, o->top);
	}
	return n;
}

static void pages_head(row *x, double pages)
{
	/* a page count is at most 20 digits: t leaves room for " pages" */
	char t[24];
	if (!isnan(pages))
		snprintf(x->head, sizeof x->head, "%s %s",
		         num(t, sizeof t, pages, 0),
		         pages == 1 ? "page" : "pages");
}

/* " (on 3+ pages)" in a heading, from the smallest page count of its list;
 * nothing when that is unknown (NaN). */
static void heading_pages(buf_t *b, double min_pages)
{
	char t[32];
	if (!isnan(min_pages) && min_pages >= 1)
		buf_printf(b, " (on %s+ pages)",
		           num(t, sizeof t, min_pages, 0));
}

/* Passages (paragraphs, sentences) found on several pages, most words
 * across the site first. */
static size_t write_repeats(buf_t *b, const report_options *o,
                            const report_data *d)
{
	char t[32];
	rows r = {0};
	r.descending = 1;
	double min_pages = NAN;
	for (size_t i = 0; i < d->nrepeats; i++) {
		const rrepeat *p = &d->repeats[i];
		double key = isnan(p->words_sitewide) ? -1 : p->words_sitewide;
		row *x = add_row(&r, NULL, key, p->text);
		pages_head(x, p->pages);
		if (!isnan(p->words) && p->kind && *p->kind)
			buf_printf(&x->mid, "%s-word %s",
			           num(t, sizeof t, p->words, 0), p->kind);
		else if (!isnan(p->words))
			buf_printf(&x->mid, "%s %s",
			           num(t, sizeof t, p->words, 0),
			           p->words == 1 ? "word" : "words");
		if (!(p->pages >= min_pages))
			min_pages = p->pages;
	}
	size_t n = r.n;
	if (n) {
		buf_adds(b, "  repeated passages");
		heading_pages(b, min_pages);
		buf_printf(b, ": %zu\n", n);
		emit_rows(b, &r, o->top);
	}
	return n;
}

static int is_content_block(const rblock *blk)
{
	return blk->label && strcmp(blk->label, "content") == 0;
}

/* Template blocks, most text across the site first; with content 1 the
 * blocks labelled content instead: text on most pages that the parser
 * took for the article, which makes the measures of those pages wrong. */
static size_t write_blocks(buf_t *b, const report_options *o,
                           const report_data *d, const url_display *u,
                           int content)
{
	char t[32];
	/* The site's visible text, for each block's share of it. */
	double site_chars = 0;
	for (size_t i = 0; i < d->npages; i++)
		if (!(d->pages[i].issues &
		      (1u << ISSUE_HTTP_ERROR | 1u << ISSUE_NO_TEXT)) &&
		    d->pages[i].num[PN_VISIBLE_CHARS] > 0)
			site_chars += d->pages[i].num[PN_VISIBLE_CHARS];
	rows r = {0};
	r.descending = 1;
	double min_pages = NAN;
	for (size_t i = 0; i < d->nblocks; i++) {
		const rblock *blk = &d->blocks[i];
		if (is_content_block(blk) != content)
			continue;
		double key =
		    isnan(blk->chars_sitewide) ? -1 : blk->chars_sitewide;
		row *x = add_row(&r, NULL, key, blk->text);
		pages_head(x, blk->pages);
		double pct = site_chars > 0
		                 ? blk->chars_sitewide / site_chars * 100
		                 : NAN;
		if (content && blk->first_url) {
			/* A page to look at: the first that has it. */
			buf_adds(&x->mid, "e.g.");
			x->url2 = url_display_short(u, blk->first_url);
		} else if (!content && !isnan(pct)) {
			buf_printf(&x->mid, "%s%% of site text",
			           pct > 0 && pct < 0.5
			               ? "<1"
			               : num(t, sizeof t, pct, 0));
		} else if (!isnan(blk->chars)) {
			buf_printf(&x->mid, "%s chars",
			           num(t, sizeof t, blk->chars, 0));
		}
		if (!(blk->pages >= min_pages))
			min_pages = blk->pages;
	}
	size_t n = r.n;
	if (n && content) {
		buf_printf(b,
		           "  warning: main text likely mis-extracted on pages "
		           "with these blocks: %zu\n",
		           n);
		emit_rows(b, &r, o->top);
	} else if (n) {
		buf_adds(b, "  template blocks");
		heading_pages(b, d->template_min_pages > 0
		                     ? (double)d->template_min_pages
		                     : min_pages);
		buf_printf(b, ": %zu\n", n);
		emit_rows(b, &r, min_int(o->top, TEMPLATE_TOP));
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
	/* Then what is repeated across pages, and a warning about the
	 * extraction itself. */
	found += write_repeats(&body, o, d);
	found += write_blocks(&body, o, d, &u, 0);
	found += write_blocks(&body, o, d, &u, 1);
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
		/* "in DIR" goes on a line of its own when the whole would not
		 * fit; the directory is never cut. */
		buf_t files = BUF_INIT;
		report_csv_list(&files);
		int cols = (int)strlen("Files:  in ") +
		           display_width(buf_cstr(&files)) +
		           display_width(o->out_dir);
		buf_printf(&b, "Files: %s%s", buf_cstr(&files),
		           cols <= LINE_COLS ? " in " : "\n  in ");
		display_add(&b, o->out_dir, -1, 0);
		buf_addc(&b, '\n');
		buf_free(&files);
	}
	fwrite(buf_cstr(&b), 1, b.len, out);
	buf_free(&b);
}
