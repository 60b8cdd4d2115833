/*
 * report_int.h - what libcqa_report keeps between reading and writing.
 *
 * Reading (report.c) fills one report_data: the pages with the fields the
 * outputs use, the duplicate clusters and pairs as the analyzer wrote them,
 * and the corpus statistics of the summary record.  Then store.c builds the
 * lookups (URL to page, cluster members, pairs), report.c derives each page's
 * issues, and the writers (csvout.c, summary.c) only read the data.
 *
 * A record type (template_block, repeated_text) is a handler in report.c's
 * record table, an array here, and a writer in csvout.c's file table and
 * summary.c.  A duplicate kind (exact, near) is a row in dup_kinds and an
 * issue code; records of a kind the report does not know still reach
 * duplicates.csv, pairs included.
 *
 * Fields a newer analyzer added (near duplicates, shared text, template
 * blocks) are NaN, NULL or -1 when an older metrics.jsonl lacks them, and
 * every writer leaves their cells or lines out then.
 */
#ifndef CQA_REPORT_INT_H
#define CQA_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "../common/buf.h"
#include "report.h"

/* Numeric page fields.  Those before PN_CORE_COUNT are one run of pages.csv
 * columns named after their JSON keys, in this order; the later ones came
 * with a newer analyzer and are columns after "issues" (csvout.c), because
 * columns are only ever appended. */
enum {
	PN_WORDS,
	PN_SENTENCES,
	PN_PARAGRAPHS,
	PN_FLESCH_READING_EASE,
	PN_FLESCH_KINCAID_GRADE,
	PN_GUNNING_FOG,
	PN_SMOG,
	PN_COLEMAN_LIAU,
	PN_ARI,
	PN_AVG_WORDS_PER_SENTENCE,
	PN_AVG_SYLLABLES_PER_WORD,
	PN_BOILERPLATE_SHARE,
	PN_CORE_COUNT,
	PN_NEAREST_SIMILARITY = PN_CORE_COUNT,
	PN_NEAR_DUPLICATES,
	PN_COMMON_SHARE,
	PN_COMMON_WORDS,
	PN_TEMPLATE_BLOCKS,
	PN_TEMPLATE_SHARE,
	PN_LINK_DENSITY,
	PN_VISIBLE_CHARS, /* not a column: the whole site's text, for shares */
	PN_COUNT
};

struct page_num_def {
	const char *key; /* JSON field and CSV column */
	int decimals;    /* places kept in pages.csv */
};
extern const struct page_num_def page_nums[PN_COUNT];

/* Issue codes of pages.csv, in column order; see the table in report.c. */
enum {
	ISSUE_HTTP_ERROR,
	ISSUE_NO_TEXT,
	ISSUE_THIN,
	ISSUE_EXACT_DUPLICATE,
	ISSUE_HARD_TO_READ,
	ISSUE_BOILERPLATE_HEAVY,
	ISSUE_NEAR_DUPLICATE,
	ISSUE_MOSTLY_REPEATED,
	ISSUE_COUNT
};
extern const char *const issue_codes[ISSUE_COUNT];

/* Duplicate kinds the report knows; other kinds still reach duplicates.csv
 * but flag no page. */
enum { DK_EXACT, DK_NEAR, DK_COUNT };
struct dup_kind_def {
	const char *kind;    /* "kind" field of the records */
	int issue;           /* flag set on each copy */
	const char *label;   /* summary heading */
	const char *verb;    /* summary row: "copy.html  VERB  original.html" */
	double similarity;   /* for a cluster member without a pair record;
	                        NaN: unknown */
	int tail_similarity; /* summary row ends in the similarity, not in
	                        the words */
};
extern const struct dup_kind_def dup_kinds[DK_COUNT];
int dup_kind_index(const char *kind); /* -1 if unknown */

typedef struct rpage {
	char *url;       /* a placeholder when no_url */
	char *final_url; /* NULL when the record has none */
	char *title;
	char *lang;
	char *content_hash;
	int no_url;           /* the record named no url */
	long status;          /* -1: unknown */
	int thin;             /* the analyzer's flag; -1: not in the record */
	double num[PN_COUNT]; /* NaN: null or missing */
	char *nearest_url;    /* NULL: none or not in the record */
	char **sources;       /* common_sources' URLs, most words first */
	size_t nsources;
	int mostly_repeated;    /* the analyzer's flag; -1: not in the record */
	long copy_of[DK_COUNT]; /* cluster this page is a copy in; -1: none */
	size_t copy_pos[DK_COUNT]; /* its place in that cluster's urls */
	unsigned issues;           /* 1u << ISSUE_x */
} rpage;

typedef struct rcluster {
	char *kind;
	long id;      /* "cluster" number; -1 when missing */
	double words; /* words of the shared text; NaN: unknown */
	char **urls;  /* canonical first, then the copies */
	size_t nurls;
	/* Built by report_index(): for each member after the first, the
	 * member it is reported as a copy of and their similarity. */
	size_t *copy_of;
	double *similarity;
} rcluster;

typedef struct rpair {
	char *kind;
	char *url_a, *url_b; /* url_b is reported as the copy of url_a */
	double similarity;
} rpair;

/* A template_block record: a block of text found on many pages. */
typedef struct rblock {
	char *label; /* "boilerplate", "content" (an extraction error), ... */
	char *text;
	char *first_url;
	char *path;
	double chars, pages, chars_sitewide, share_of_pages; /* NaN: missing */
} rblock;

/* A repeated_text record: a paragraph or sentence on several pages. */
typedef struct rrepeat {
	char *kind; /* "paragraph" or "sentence" */
	char *text;
	double words, pages, words_sitewide, more_urls; /* NaN: missing */
	char **urls; /* the first ones, in input order */
	size_t nurls;
} rrepeat;

/* Columns of one summary.csv row, in order; keys of the summary record. */
enum {
	ST_COUNT,
	ST_MEAN,
	ST_SD,
	ST_MIN,
	ST_P10,
	ST_Q1,
	ST_MEDIAN,
	ST_Q3,
	ST_P90,
	ST_MAX,
	ST__N
};
extern const char *const stat_keys[ST__N];

typedef struct rstat {
	char *metric;
	double v[ST__N]; /* NaN: null or missing */
} rstat;

/* A sorted (key, key2) -> val table for lookups by URL. */
typedef struct sidx_entry {
	const char *key;
	const char *key2; /* NULL sorts as "" */
	size_t val;
} sidx_entry;

typedef struct report_data {
	rpage *pages;
	size_t npages, cap_pages;
	rcluster *clusters;
	size_t nclusters, cap_clusters;
	rpair *pairs;
	size_t npairs, cap_pairs;
	rblock *blocks;
	size_t nblocks, cap_blocks;
	rrepeat *repeats;
	size_t nrepeats, cap_repeats;
	rstat *stats;
	size_t nstats;
	int summaries;    /* summary records seen */
	long thin_words;  /* threshold named in the summary */
	size_t with_text; /* pages neither http_error nor no_text */
	/* Site-wide figures of the summary record; NaN or -1: missing. */
	double common_share;   /* main-text words also on other pages */
	double template_share; /* visible text in template blocks */
	long template_min_pages;

	/* Built by report_index() once everything is read. */
	sidx_entry *by_url, *by_final_url; /* val: page index */
	size_t nby_url, nby_final_url;
	sidx_entry *members; /* (url) -> cluster index */
	size_t nmembers;
	sidx_entry *pair_ends; /* (url_a or url_b) -> pair index */
	size_t npair_ends;
} report_data;

/* store.c */
void *report_grow(void *arr, size_t *cap, size_t need, size_t size);
void report_index(report_data *d);
void report_data_free(report_data *d);
long report_find_page(const report_data *d, const char *url); /* -1 */
/* 1 when one cluster of this kind holds both URLs. */
int report_same_cluster(const report_data *d, const char *kind, const char *a,
                        const char *b);
/* The page that member i (> 0) of cluster cl is reported as a copy of, with
 * their similarity (NaN: unknown); see store.c. */
const char *report_copy_of(const rcluster *cl, size_t i, double *similarity);

/* csvout.c: writes the CSV files atomically into o->out_dir. */
int report_write_csv(const report_options *o, const report_data *d,
                     cqa_error *err);

/* summary.c */
void report_write_summary(const report_options *o, const report_data *d,
                          FILE *out);

/* display.c: text for a terminal. */
typedef struct url_display {
	int mode;           /* URLD_FULL, URLD_HOST, URLD_FILE */
	const char *prefix; /* the shared prefix (inside some URL) */
	size_t strip;       /* its length in bytes */
} url_display;
enum { URLD_FULL, URLD_HOST, URLD_FILE };
void url_display_init(url_display *u, const report_data *d);
/* The part of url to show (a pointer into url). */
const char *url_display_short(const url_display *u, const char *url);
/* Appends s with control characters and white space runs made one space and
 * invalid UTF-8 replaced, cut to at most max_cols terminal columns with
 * "..." at the end (or in the middle when middle is set).  Returns the
 * columns appended. */
int display_add(buf_t *out, const char *s, int max_cols, int middle);
/* Terminal columns of a UTF-8 string. */
int display_width(const char *s);

#endif
