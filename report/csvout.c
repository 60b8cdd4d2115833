/*
 * csvout.c - pages.csv, duplicates.csv, summary.csv, boilerplate.csv and
 * repeated.csv.
 *
 * Each file is written through common/outfile.h, to a temporary file in
 * the output directory; only when all of them are complete are they
 * renamed over the old ones, so a full disk or a bad record never leaves a
 * half file where a good one was (rename() within a directory is atomic),
 * and a symlink or device at NAME is written through, never replaced.
 * The caller holds the directory's lock.  Column names are
 * taken from the same tables the reader uses (report.c), so a column cannot
 * drift from the field it holds.  Columns are a contract with spreadsheets
 * that address them by position: new ones go after the last, never between.
 * Every file is written on every run, with the header alone when there is
 * nothing to list, so no file from an earlier run is left to mislead.
 * Layouts: docs/formats.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/csv.h"
#include "../common/outfile.h"
#include "report_int.h"

/* Places kept for similarities and corpus statistics. */
enum { SIMILARITY_DECIMALS = 4, STAT_DECIMALS = 4 };

static void cell_opt_num(csv_writer *w, double v, int decimals)
{
	csv_num(w, v, decimals); /* NaN is an empty cell */
}

/* URLs in one cell, separated by a space: a URL holds none (RFC 3986), so
 * the cell splits back into them.  Only the analyzer's name for a page
 * without any URL, "(document N)", has one. */
static void cell_urls(csv_writer *w, buf_t *tmp, char *const *urls, size_t n)
{
	buf_reset(tmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(tmp, ' ');
		buf_adds(tmp, urls[i]);
	}
	csv_cell(w, n ? buf_cstr(tmp) : NULL);
}

/* The column a cluster copy names: the page it is a copy of. */
static void cell_copy_of(csv_writer *w, const report_data *d, const rpage *p,
                         int kind)
{
	long c = p->copy_of[kind];
	double sim;
	csv_cell(
	    w, c >= 0 ? report_copy_of(&d->clusters[c], p->copy_pos[kind], &sim)
	              : NULL);
}

static void write_pages(csv_writer *w, const report_data *d)
{
	const char *head[5 + PN_COUNT + 8 + 1];
	size_t n = 0;
	head[n++] = "url";
	head[n++] = "final_url";
	head[n++] = "status";
	head[n++] = "title";
	head[n++] = "lang";
	for (int i = 0; i < PN_CORE_COUNT; i++)
		head[n++] = page_nums[i].key;
	head[n++] = "content_hash";
	head[n++] = "thin";
	head[n++] = "exact_duplicate_of";
	head[n++] = "issues";
	/* Appended with near duplicates, shared text and template blocks. */
	head[n++] = "near_duplicate_of";
	head[n++] = "nearest_url";
	head[n++] = page_nums[PN_NEAREST_SIMILARITY].key;
	head[n++] = page_nums[PN_NEAR_DUPLICATES].key;
	head[n++] = page_nums[PN_COMMON_SHARE].key;
	head[n++] = page_nums[PN_COMMON_WORDS].key;
	head[n++] = "common_sources";
	head[n++] = page_nums[PN_TEMPLATE_BLOCKS].key;
	head[n++] = page_nums[PN_TEMPLATE_SHARE].key;
	head[n++] = page_nums[PN_LINK_DENSITY].key;
	head[n++] = "mostly_repeated";
	head[n] = NULL;
	csv_header(w, head);

	/* The numeric columns after "issues": two runs of page_nums, the
	 * {first, last} of each, around common_sources. */
	static const int appended[][2] = {
	    {PN_NEAREST_SIMILARITY, PN_COMMON_WORDS},
	    {PN_TEMPLATE_BLOCKS, PN_LINK_DENSITY},
	};
	buf_t issues = BUF_INIT, tmp = BUF_INIT;
	for (size_t i = 0; i < d->npages; i++) {
		const rpage *p = &d->pages[i];
		csv_cell(w, p->no_url ? NULL : p->url);
		csv_cell(w, p->final_url);
		if (p->status >= 0)
			csv_int(w, p->status);
		else
			csv_cell(w, NULL);
		csv_cell(w, p->title);
		csv_cell(w, p->lang);
		for (int k = 0; k < PN_CORE_COUNT; k++)
			cell_opt_num(w, p->num[k], page_nums[k].decimals);
		csv_cell(w, p->content_hash);
		csv_cell(w, p->thin < 0 ? NULL : p->thin ? "true" : "false");
		cell_copy_of(w, d, p, DK_EXACT);
		buf_reset(&issues);
		for (int k = 0; k < ISSUE_COUNT; k++) {
			if (!(p->issues & (1u << k)))
				continue;
			if (issues.len)
				buf_addc(&issues, ';');
			buf_adds(&issues, issue_codes[k]);
		}
		csv_cell(w, buf_cstr(&issues));

		cell_copy_of(w, d, p, DK_NEAR);
		csv_cell(w, p->nearest_url);
		for (int k = appended[0][0]; k <= appended[0][1]; k++)
			cell_opt_num(w, p->num[k], page_nums[k].decimals);
		cell_urls(w, &tmp, p->sources, p->nsources);
		for (int k = appended[1][0]; k <= appended[1][1]; k++)
			cell_opt_num(w, p->num[k], page_nums[k].decimals);
		csv_cell(w, p->mostly_repeated < 0 ? NULL
		            : p->mostly_repeated   ? "true"
		                                   : "false");
		csv_end_row(w);
	}
	buf_free(&issues);
	buf_free(&tmp);
}

static void dup_row(csv_writer *w, const char *kind, long cluster,
                    const char *url, const char *of, double similarity,
                    double words)
{
	csv_cell(w, kind);
	if (cluster >= 0)
		csv_int(w, cluster);
	else
		csv_cell(w, NULL);
	csv_cell(w, url);
	csv_cell(w, of);
	cell_opt_num(w, similarity, SIMILARITY_DECIMALS);
	cell_opt_num(w, words, 0);
	csv_end_row(w);
}

static double page_words(const report_data *d, const char *url)
{
	long p = report_find_page(d, url);
	return p >= 0 ? d->pages[p].num[PN_WORDS] : NAN;
}

/* One row per copy: every cluster member after the first, against the
 * member report_copy_of() picks (store.c), then every pair that no cluster
 * of its kind already covers (near duplicates may come as pairs only). */
static void write_duplicates(csv_writer *w, const report_data *d)
{
	static const char *const head[] = {
	    "kind",       "cluster", "url", "duplicate_of",
	    "similarity", "words",   NULL};
	csv_header(w, head);
	for (size_t c = 0; c < d->nclusters; c++) {
		const rcluster *cl = &d->clusters[c];
		for (size_t i = 1; i < cl->nurls; i++) {
			double sim;
			const char *of = report_copy_of(cl, i, &sim);
			double words = isnan(cl->words)
			                   ? page_words(d, cl->urls[i])
			                   : cl->words;
			dup_row(w, cl->kind, cl->id, cl->urls[i], of, sim,
			        words);
		}
	}
	for (size_t i = 0; i < d->npairs; i++) {
		const rpair *pr = &d->pairs[i];
		if (report_same_cluster(d, pr->kind, pr->url_a, pr->url_b))
			continue;
		dup_row(w, pr->kind, -1, pr->url_b, pr->url_a, pr->similarity,
		        page_words(d, pr->url_b));
	}
}

static void write_stats(csv_writer *w, const report_data *d)
{
	const char *head[ST__N + 2];
	head[0] = "metric";
	for (int i = 0; i < ST__N; i++)
		head[i + 1] = stat_keys[i];
	head[ST__N + 1] = NULL;
	csv_header(w, head);
	for (size_t i = 0; i < d->nstats; i++) {
		const rstat *s = &d->stats[i];
		csv_cell(w, s->metric);
		for (int k = 0; k < ST__N; k++)
			cell_opt_num(w, s->v[k],
			             k == ST_COUNT ? 0 : STAT_DECIMALS);
		csv_end_row(w);
	}
}

/* One row a template_block record, in their order (most text first). */
static void write_blocks(csv_writer *w, const report_data *d)
{
	static const char *const head[] = {
	    "label",     "pages", "share_of_pages", "chars", "chars_sitewide",
	    "first_url", "path",  "text",           NULL};
	csv_header(w, head);
	for (size_t i = 0; i < d->nblocks; i++) {
		const rblock *b = &d->blocks[i];
		csv_cell(w, b->label);
		cell_opt_num(w, b->pages, 0);
		cell_opt_num(w, b->share_of_pages, STAT_DECIMALS);
		cell_opt_num(w, b->chars, 0);
		cell_opt_num(w, b->chars_sitewide, 0);
		csv_cell(w, b->first_url);
		csv_cell(w, b->path);
		csv_cell(w, b->text);
		csv_end_row(w);
	}
}

/* One row a repeated_text record, in their order (most words first). */
static void write_repeats(csv_writer *w, const report_data *d)
{
	static const char *const head[] = {"kind",           "words", "pages",
	                                   "words_sitewide", "text",  "urls",
	                                   "more_urls",      NULL};
	csv_header(w, head);
	buf_t tmp = BUF_INIT;
	for (size_t i = 0; i < d->nrepeats; i++) {
		const rrepeat *x = &d->repeats[i];
		csv_cell(w, x->kind);
		cell_opt_num(w, x->words, 0);
		cell_opt_num(w, x->pages, 0);
		cell_opt_num(w, x->words_sitewide, 0);
		csv_cell(w, x->text);
		cell_urls(w, &tmp, x->urls, x->nurls);
		cell_opt_num(w, x->more_urls, 0);
		csv_end_row(w);
	}
	buf_free(&tmp);
}

/* New files go at the end: report_csv_list() names them in this order. */
static const struct {
	const char *name;
	void (*write)(csv_writer *w, const report_data *d);
} report_files[] = {
    {"pages.csv", write_pages},      {"duplicates.csv", write_duplicates},
    {"summary.csv", write_stats},    {"boilerplate.csv", write_blocks},
    {"repeated.csv", write_repeats},
};
enum { NFILES = sizeof report_files / sizeof report_files[0] };

void report_csv_list(buf_t *out)
{
	for (size_t i = 0; i < NFILES; i++)
		buf_printf(out, "%s%s", i ? " " : "", report_files[i].name);
}

int report_write_csv(const report_options *o, const report_data *d,
                     cqa_error *err)
{
	int code = outfile_make_dir(o->out_dir, err);
	if (code != CQA_OK)
		return code;
	cqa_outfile files[NFILES];
	buf_t path = BUF_INIT;
	size_t opened = 0;
	for (; opened < NFILES; opened++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", o->out_dir,
		           report_files[opened].name);
		code = outfile_open(&files[opened], buf_cstr(&path), 0, err);
		if (code != CQA_OK)
			break;
		csv_writer w;
		csv_begin(&w, files[opened].f);
		report_files[opened].write(&w, d);
		if ((code = outfile_flush(&files[opened], err)) != CQA_OK) {
			opened++; /* abort this one too */
			break;
		}
	}
	for (size_t i = 0; i < opened; i++) {
		if (code != CQA_OK)
			outfile_abort(&files[i]);
		else
			code = outfile_commit(&files[i], err);
	}
	buf_free(&path);
	return code;
}
