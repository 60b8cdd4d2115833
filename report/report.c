/*
 * report.c - read metrics.jsonl, derive each page's issues, write the report.
 *
 * One pass over the records fills a report_data (report_int.h) through a
 * table of record handlers keyed by "type"; a type not in the table is
 * skipped, and each handler reads only the fields it knows, so records from
 * a newer analyzer pass through an older report, and an older
 * metrics.jsonl (without near duplicates, template blocks or repeated text)
 * through this one.  A record type is one row in record_types and one
 * handler.  Once everything is read, copies are linked to their clusters,
 * each page gets its issue flags, and the writers run: CSV files first, so
 * the summary only names files that exist.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonl.h"
#include "report_int.h"

/* The thresholds people are most likely to tune, with their reasons. */
enum {
	/* Flesch-Kincaid grade 12 is the last year of US secondary school;
	 * plain-language guidance aims at grade 8 for the general public, so
	 * text above 12 asks for a college reader. */
	DEFAULT_MAX_GRADE = 12,
	/* The analyzer's default thin-page threshold (analyze_options). */
	DEFAULT_THIN_WORDS = 200,
	DEFAULT_TOP = 10,
	/* RFC 9110: 4xx and 5xx are the error classes. */
	HTTP_ERROR_STATUS = 400,
};
/* Navigation, footers and teaser lists typically make up 40-50% of a page's
 * text (Gibson, Punera and Tomkins, "The Volume and Evolution of Web Page
 * Templates", WWW 2005).  Above 80% the template outweighs the article four
 * to one: outside that typical range, so only outliers (stubs, tag and
 * listing pages) are flagged. */
#define DEFAULT_MAX_BOILERPLATE 0.8
/* The analyzer's mostly_repeated rule (common_share above one half: most of
 * the page is text found elsewhere), for records without the flag. */
#define MOSTLY_REPEATED_SHARE 0.5

const struct page_num_def page_nums[PN_COUNT] = {
    [PN_WORDS] = {"words", 0},
    [PN_SENTENCES] = {"sentences", 0},
    [PN_PARAGRAPHS] = {"paragraphs", 0},
    /* Scores to two places: the formulas are not more precise than that. */
    [PN_FLESCH_READING_EASE] = {"flesch_reading_ease", 2},
    [PN_FLESCH_KINCAID_GRADE] = {"flesch_kincaid_grade", 2},
    [PN_GUNNING_FOG] = {"gunning_fog", 2},
    [PN_SMOG] = {"smog", 2},
    [PN_COLEMAN_LIAU] = {"coleman_liau", 2},
    [PN_ARI] = {"ari", 2},
    [PN_AVG_WORDS_PER_SENTENCE] = {"avg_words_per_sentence", 2},
    [PN_AVG_SYLLABLES_PER_WORD] = {"avg_syllables_per_word", 3},
    /* A share: four places is a hundredth of a percent. */
    [PN_BOILERPLATE_SHARE] = {"boilerplate_share", 4},
    /* Columns after "issues" (a newer analyzer's fields). */
    [PN_NEAREST_SIMILARITY] = {"nearest_similarity", 4},
    [PN_NEAR_DUPLICATES] = {"near_duplicates", 0},
    [PN_COMMON_SHARE] = {"common_share", 4},
    [PN_COMMON_WORDS] = {"common_words", 0},
    [PN_TEMPLATE_BLOCKS] = {"template_blocks", 0},
    [PN_TEMPLATE_SHARE] = {"template_share", 4},
    [PN_LINK_DENSITY] = {"link_density", 4},
    [PN_VISIBLE_CHARS] = {"visible_chars", 0},
};

/* The issues column lists these codes, in this order, joined by ';'.  Codes
 * are stable (spreadsheets filter on them) and new ones go at the end, so
 * an old page's cell does not change.  A page with an HTTP error or
 * without text gets only that code: its other measures mean nothing. */
const char *const issue_codes[ISSUE_COUNT] = {
    [ISSUE_HTTP_ERROR] = "http_error",           /* status >= 400 */
    [ISSUE_NO_TEXT] = "no_text",                 /* no word of main text */
    [ISSUE_THIN] = "thin",                       /* the analyzer's thin flag */
    [ISSUE_EXACT_DUPLICATE] = "exact_duplicate", /* a copy, not the original */
    [ISSUE_HARD_TO_READ] = "hard_to_read",       /* grade above max_grade */
    [ISSUE_BOILERPLATE_HEAVY] = "boilerplate_heavy", /* above max_boilerplate */
    [ISSUE_NEAR_DUPLICATE] = "near_duplicate", /* a near copy, not the first */
    [ISSUE_MOSTLY_REPEATED] = "mostly_repeated", /* see mostly_repeated() */
};

/* Which page of a cluster is "the copy": the analyzer lists a cluster's
 * pages in URL order, shortest first, and the first is the one to keep (the
 * canonical page of an exact cluster); every other page is flagged, as
 * copies usually carry the longer address.  That makes no claim about which
 * text was written first, which the pages do not tell. */
const struct dup_kind_def dup_kinds[DK_COUNT] = {
    [DK_EXACT] = {"exact", ISSUE_EXACT_DUPLICATE, "exact duplicates",
                  "duplicates", 1.0, 0},
    [DK_NEAR] = {"near", ISSUE_NEAR_DUPLICATE, "near duplicates", "near", NAN,
                 1},
};

const char *const stat_keys[ST__N] = {
    "count", "mean", "sd", "min", "p10", "q1", "median", "q3", "p90", "max",
};

int dup_kind_index(const char *kind)
{
	for (int k = 0; k < DK_COUNT; k++)
		if (kind && strcmp(kind, dup_kinds[k].kind) == 0)
			return k;
	return -1;
}

void report_options_default(report_options *o)
{
	memset(o, 0, sizeof *o);
	o->top = DEFAULT_TOP;
	o->max_grade = DEFAULT_MAX_GRADE;
	o->max_boilerplate = DEFAULT_MAX_BOILERPLATE;
	o->thin_words = DEFAULT_THIN_WORDS;
}

typedef struct reading {
	const report_options *o;
	report_data *d;
	const char *name;
	size_t line;
	cqa_error *err;
} reading;

static int bad_record(reading *r, const char *what)
{
	return cqa_fail(r->err, CQA_ERR_FORMAT, "%s:%zu: %s", r->name, r->line,
	                what);
}

static char *dup_str(const json_t *rec, const char *key)
{
	const char *s = jsonl_str(rec, key);
	return s ? xstrdup(s) : NULL;
}

static double num_or_nan(const json_t *rec, const char *key)
{
	return jsonl_num(rec, key, NAN);
}

static int add_page(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	/* The analyzer writes "url": null for a document that had none; such a
	 * page is still a page, named by where it is. */
	char line_name[48];
	const char *url = jsonl_str(rec, "url");
	int no_url = 0;
	if (!url || !*url)
		url = jsonl_str(rec, "final_url");
	if (!url || !*url) {
		snprintf(line_name, sizeof line_name, "(no url, line %zu)",
		         r->line);
		url = line_name;
		no_url = 1;
		cqa_warn(r->o->log, "%s:%zu: page record without a url",
		         r->name, r->line);
	}
	d->pages = report_grow(d->pages, &d->cap_pages, d->npages + 1,
	                       sizeof *d->pages);
	rpage *p = &d->pages[d->npages++];
	memset(p, 0, sizeof *p);
	p->url = xstrdup(url);
	p->no_url = no_url;
	p->final_url = dup_str(rec, "final_url");
	p->title = dup_str(rec, "title");
	p->lang = dup_str(rec, "lang");
	p->content_hash = dup_str(rec, "content_hash");
	json_t *status = json_object_get(rec, "status");
	p->status =
	    json_is_integer(status) ? (long)json_integer_value(status) : -1;
	json_t *thin = json_object_get(rec, "thin");
	p->thin = json_is_boolean(thin) ? json_is_true(thin) : -1;
	for (int i = 0; i < PN_COUNT; i++)
		p->num[i] = num_or_nan(rec, page_nums[i].key);
	p->nearest_url = dup_str(rec, "nearest_url");
	json_t *mostly = json_object_get(rec, "mostly_repeated");
	p->mostly_repeated =
	    json_is_boolean(mostly) ? json_is_true(mostly) : -1;
	/* common_sources: [{"url": ..., "words": ...}], most words first;
	 * only the URLs are kept, and an entry without one is left out. */
	json_t *sources = json_object_get(rec, "common_sources");
	size_t n = json_is_array(sources) ? json_array_size(sources) : 0;
	if (n)
		p->sources = xcalloc(n, sizeof *p->sources);
	for (size_t i = 0; i < n; i++) {
		const char *su = jsonl_str(json_array_get(sources, i), "url");
		if (su)
			p->sources[p->nsources++] = xstrdup(su);
	}
	for (int k = 0; k < DK_COUNT; k++)
		p->copy_of[k] = -1;
	return CQA_OK;
}

static int add_cluster(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	const char *kind = jsonl_str(rec, "kind");
	json_t *urls = json_object_get(rec, "urls");
	if (!kind || !json_is_array(urls) || json_array_size(urls) == 0)
		return bad_record(r,
		                  "duplicate_cluster record without \"kind\" "
		                  "or \"urls\"");
	size_t n = json_array_size(urls);
	for (size_t i = 0; i < n; i++)
		if (!json_is_string(json_array_get(urls, i)))
			return bad_record(r,
			                  "duplicate_cluster \"urls\" holds a "
			                  "value that is not a string");
	d->clusters = report_grow(d->clusters, &d->cap_clusters,
	                          d->nclusters + 1, sizeof *d->clusters);
	rcluster *c = &d->clusters[d->nclusters++];
	c->kind = xstrdup(kind);
	c->id = (long)jsonl_int(rec, "cluster", -1);
	c->words = num_or_nan(rec, "words");
	c->nurls = n;
	c->urls = xcalloc(n, sizeof *c->urls);
	for (size_t i = 0; i < n; i++)
		c->urls[i] =
		    xstrdup(json_string_value(json_array_get(urls, i)));
	return CQA_OK;
}

static int add_pair(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	const char *kind = jsonl_str(rec, "kind");
	const char *a = jsonl_str(rec, "url_a"), *b = jsonl_str(rec, "url_b");
	if (!kind || !a || !b)
		return bad_record(r, "duplicate_pair record without \"kind\", "
		                     "\"url_a\" or \"url_b\"");
	d->pairs = report_grow(d->pairs, &d->cap_pairs, d->npairs + 1,
	                       sizeof *d->pairs);
	rpair *p = &d->pairs[d->npairs++];
	p->kind = xstrdup(kind);
	p->url_a = xstrdup(a);
	p->url_b = xstrdup(b);
	p->similarity = num_or_nan(rec, "similarity");
	return CQA_OK;
}

/* A record whose "urls" is missing, or an array of strings: copies them. */
static int read_urls(reading *r, const json_t *rec, const char *type,
                     char ***urls, size_t *nurls)
{
	json_t *v = json_object_get(rec, "urls");
	*urls = NULL;
	*nurls = 0;
	if (!v || json_is_null(v))
		return CQA_OK;
	int ok = json_is_array(v);
	for (size_t i = 0; ok && i < json_array_size(v); i++)
		ok = json_is_string(json_array_get(v, i));
	if (!ok) {
		char what[96];
		snprintf(what, sizeof what,
		         "%s \"urls\" is not an array of strings", type);
		return bad_record(r, what);
	}
	size_t n = json_array_size(v);
	*urls = xcalloc(n + 1, sizeof **urls);
	for (size_t i = 0; i < n; i++)
		(*urls)[i] = xstrdup(json_string_value(json_array_get(v, i)));
	*nurls = n;
	return CQA_OK;
}

static int add_block(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	const char *text = jsonl_str(rec, "text");
	if (!text)
		return bad_record(r, "template_block record without \"text\"");
	d->blocks = report_grow(d->blocks, &d->cap_blocks, d->nblocks + 1,
	                        sizeof *d->blocks);
	rblock *b = &d->blocks[d->nblocks++];
	b->label = dup_str(rec, "label");
	b->text = xstrdup(text);
	b->first_url = dup_str(rec, "first_url");
	b->path = dup_str(rec, "path");
	b->chars = num_or_nan(rec, "chars");
	b->pages = num_or_nan(rec, "pages");
	b->chars_sitewide = num_or_nan(rec, "chars_sitewide");
	b->share_of_pages = num_or_nan(rec, "share_of_pages");
	return CQA_OK;
}

static int add_repeat(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	const char *text = jsonl_str(rec, "text");
	if (!text)
		return bad_record(r, "repeated_text record without \"text\"");
	char **urls;
	size_t nurls;
	int code = read_urls(r, rec, "repeated_text", &urls, &nurls);
	if (code != CQA_OK)
		return code;
	d->repeats = report_grow(d->repeats, &d->cap_repeats, d->nrepeats + 1,
	                         sizeof *d->repeats);
	rrepeat *x = &d->repeats[d->nrepeats++];
	x->kind = dup_str(rec, "kind");
	x->text = xstrdup(text);
	x->words = num_or_nan(rec, "words");
	x->pages = num_or_nan(rec, "pages");
	x->words_sitewide = num_or_nan(rec, "words_sitewide");
	x->more_urls = num_or_nan(rec, "more_urls");
	x->urls = urls;
	x->nurls = nurls;
	return CQA_OK;
}

static int add_summary(reading *r, const json_t *rec)
{
	report_data *d = r->d;
	/* Concatenated shards carry one summary each, and none of them is
	 * the whole; the last one read is reported, with a warning. */
	if (d->summaries++ > 0)
		cqa_warn(r->o->log,
		         "%s:%zu: another summary record; using the last one",
		         r->name, r->line);
	for (size_t i = 0; i < d->nstats; i++)
		free(d->stats[i].metric);
	free(d->stats);
	d->stats = NULL;
	d->nstats = 0;
	long long thin = jsonl_int(rec, "thin_words", 0);
	if (thin > 0)
		d->thin_words = (long)thin;
	d->common_share = num_or_nan(rec, "common_share");
	d->template_share = num_or_nan(rec, "template_share");
	d->template_min_pages = (long)jsonl_int(rec, "template_min_pages", -1);

	json_t *metrics = json_object_get(rec, "metrics");
	if (!json_is_object(metrics))
		return CQA_OK;
	d->stats = xcalloc(json_object_size(metrics) + 1, sizeof *d->stats);
	const char *key;
	json_t *m;
	/* jansson keeps object keys in file order, so summary.csv rows follow
	 * the analyzer's order. */
	json_object_foreach(metrics, key, m)
	{
		/* A metric has statistics; anything else (a newer analyzer's
		 * extras) is not a row of summary.csv. */
		if (!json_is_object(m) || !json_object_get(m, "count"))
			continue;
		rstat *s = &d->stats[d->nstats++];
		s->metric = xstrdup(key);
		for (int i = 0; i < ST__N; i++)
			s->v[i] = num_or_nan(m, stat_keys[i]);
	}
	return CQA_OK;
}

static const struct {
	const char *type;
	int (*add)(reading *r, const json_t *rec);
} record_types[] = {
    {"page", add_page},
    {"duplicate_cluster", add_cluster},
    {"duplicate_pair", add_pair},
    {"template_block", add_block},
    {"repeated_text", add_repeat},
    {"summary", add_summary},
};

static int read_records(reading *r, FILE *in)
{
	jsonl_reader jr;
	jsonl_reader_init(&jr, in, r->name);
	json_t *rec;
	int rc = 0, code = CQA_OK;
	while (code == CQA_OK &&
	       (rc = jsonl_reader_next(&jr, &rec, r->err)) > 0) {
		r->line = jr.lineno;
		const char *type = jsonl_str(rec, "type");
		size_t i = 0, n = sizeof record_types / sizeof record_types[0];
		while (i < n &&
		       !(type && strcmp(type, record_types[i].type) == 0))
			i++;
		if (i < n)
			code = record_types[i].add(r, rec);
		else
			cqa_debug(r->o->log, "%s:%zu: skipping record type %s",
			          r->name, r->line, type ? type : "(none)");
		json_decref(rec);
	}
	if (code == CQA_OK && rc < 0 && jr.torn) {
		/* A metrics.jsonl still being written to standard output:
		 * the whole records make a report; say how far it got. */
		cqa_warn(r->o->log, "%s; read the %zu lines before it",
		         r->err->msg, jr.lineno - 1);
		cqa_error_clear(r->err);
	} else if (code == CQA_OK && rc < 0) {
		code = r->err->code;
	}
	jsonl_reader_free(&jr);
	return code;
}

/* Marks each page named as a copy in a cluster of a known kind. */
static void link_copies(report_data *d, const cqa_log *log)
{
	for (size_t c = 0; c < d->nclusters; c++) {
		const rcluster *cl = &d->clusters[c];
		int k = dup_kind_index(cl->kind);
		if (k < 0)
			continue;
		for (size_t i = 1; i < cl->nurls; i++) {
			long p = report_find_page(d, cl->urls[i]);
			if (p < 0)
				cqa_debug(log,
				          "duplicate %s is not a page record",
				          cl->urls[i]);
			else if (d->pages[p].copy_of[k] < 0) {
				d->pages[p].copy_of[k] = (long)c;
				d->pages[p].copy_pos[k] = i;
			}
		}
	}
}

/* Most of the page's text is also on other pages: the analyzer's flag, or
 * for a record without it its common_share.  Not flagged when the page it
 * shares most with (the first of common_sources) is in a duplicate cluster
 * with it, exact or near: the duplicate's code says that already, on the
 * copy, and the page kept would otherwise be flagged for its own copy. */
static int mostly_repeated(const report_data *d, const rpage *p)
{
	int flag = p->mostly_repeated >= 0
	               ? p->mostly_repeated
	               : p->num[PN_COMMON_SHARE] > MOSTLY_REPEATED_SHARE;
	for (int k = 0; flag && p->nsources && k < DK_COUNT; k++)
		if (report_same_cluster(d, dup_kinds[k].kind, p->url,
		                        p->sources[0]))
			flag = 0;
	return flag;
}

static unsigned page_issues(const report_data *d, const rpage *p,
                            const report_options *o, long thin_words)
{
	if (p->status >= HTTP_ERROR_STATUS)
		return 1u << ISSUE_HTTP_ERROR;
	double words = p->num[PN_WORDS];
	if (!(words > 0))
		return 1u << ISSUE_NO_TEXT;
	unsigned f = 0;
	if (p->thin > 0 || (p->thin < 0 && words < (double)thin_words))
		f |= 1u << ISSUE_THIN;
	for (int k = 0; k < DK_COUNT; k++)
		if (p->copy_of[k] >= 0)
			f |= 1u << dup_kinds[k].issue;
	/* NaN compares false: a page without a score is not flagged. */
	if (p->num[PN_FLESCH_KINCAID_GRADE] > o->max_grade)
		f |= 1u << ISSUE_HARD_TO_READ;
	if (p->num[PN_BOILERPLATE_SHARE] > o->max_boilerplate)
		f |= 1u << ISSUE_BOILERPLATE_HEAVY;
	if (mostly_repeated(d, p))
		f |= 1u << ISSUE_MOSTLY_REPEATED;
	return f;
}

int report_run(const report_options *o, FILE *metrics, const char *name,
               cqa_error *err)
{
	cqa_error local;
	if (!err)
		err = &local;
	cqa_error_clear(err);
	if (!name)
		name = "-";
	report_data d;
	memset(&d, 0, sizeof d);
	d.common_share = d.template_share = NAN;
	d.template_min_pages = -1;
	reading r = {o, &d, name, 0, err};

	int code = read_records(&r, metrics);
	if (code != CQA_OK)
		goto out;
	if (d.npages == 0)
		cqa_warn(o->log,
		         "%s: no page records (is it cqa-analyze output?)",
		         name);
	else if (d.summaries == 0)
		cqa_warn(o->log,
		         "%s: no summary record (cqa-analyze interrupted?); "
		         "statistics left out",
		         name);
	if (d.thin_words <= 0)
		d.thin_words = o->thin_words;

	report_index(&d);
	link_copies(&d, o->log);
	for (size_t i = 0; i < d.npages; i++) {
		rpage *p = &d.pages[i];
		p->issues = page_issues(&d, p, o, d.thin_words);
		if (!(p->issues &
		      (1u << ISSUE_HTTP_ERROR | 1u << ISSUE_NO_TEXT)))
			d.with_text++;
	}

	if (o->out_dir) {
		code = report_write_csv(o, &d, err);
		if (code != CQA_OK)
			goto out;
	}
	if (o->summary) {
		report_write_summary(o, &d, o->summary);
		if (fflush(o->summary) != 0 || ferror(o->summary))
			code = cqa_fail(err, CQA_ERR_IO,
			                "cannot write the summary: %s",
			                strerror(errno));
	}
out:
	report_data_free(&d);
	return code;
}
