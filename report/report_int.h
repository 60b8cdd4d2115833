/*
 * report_int.h - what libcqa_report keeps between reading and writing.
 *
 * Reading (report.c) fills one report_data: the pages with the fields the
 * outputs use, the duplicate clusters and pairs as the analyzer wrote them,
 * and the corpus statistics of the summary record.  Then store.c builds the
 * lookups (URL to page, cluster members, pairs), report.c derives each page's
 * issues, and the writers (csvout.c, summary.c) only read the data.
 *
 * New record types (template blocks, repeated text) slot in as a handler in
 * report.c's record table, an array here, and a writer.  A new duplicate
 * kind ("near") is a row in dup_kinds and an issue code; its records already
 * reach duplicates.csv, pairs included, before the report knows the kind.
 */
#ifndef CQA_REPORT_INT_H
#define CQA_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "../common/buf.h"
#include "report.h"

/* Numeric page fields, kept in this order; pages.csv writes them as one run
 * of columns named after their JSON keys. */
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
	ISSUE_COUNT
};
extern const char *const issue_codes[ISSUE_COUNT];

/* Duplicate kinds the report knows; other kinds still reach duplicates.csv
 * but flag no page. */
enum { DK_EXACT, DK_COUNT };
struct dup_kind_def {
	const char *kind;  /* "kind" field of the records */
	int issue;         /* flag set on each copy */
	const char *label; /* summary heading */
	double similarity; /* for a cluster member without a pair record;
	                      NaN: unknown */
};
extern const struct dup_kind_def dup_kinds[DK_COUNT];
int dup_kind_index(const char *kind); /* -1 if unknown */

typedef struct rpage {
	char *url;       /* a placeholder when no_url */
	char *final_url; /* NULL when the record has none */
	char *title;
	char *lang;
	char *content_hash;
	int no_url;             /* the record named no url */
	long status;            /* -1: unknown */
	int thin;               /* the analyzer's flag; -1: not in the record */
	double num[PN_COUNT];   /* NaN: null or missing */
	long copy_of[DK_COUNT]; /* cluster this page is a copy in; -1: none */
	unsigned issues;        /* 1u << ISSUE_x */
} rpage;

typedef struct rcluster {
	char *kind;
	long id;      /* "cluster" number; -1 when missing */
	double words; /* words of the shared text; NaN: unknown */
	char **urls;  /* canonical first, then the copies */
	size_t nurls;
} rcluster;

typedef struct rpair {
	char *kind;
	char *url_a, *url_b; /* url_b is reported as the copy of url_a */
	double similarity;
} rpair;

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
	rstat *stats;
	size_t nstats;
	int summaries;    /* summary records seen */
	long thin_words;  /* threshold named in the summary */
	size_t with_text; /* pages neither http_error nor no_text */

	/* Built by report_index() once everything is read. */
	sidx_entry *by_url, *by_final_url; /* val: page index */
	size_t nby_url, nby_final_url;
	sidx_entry *members; /* (url) -> cluster index */
	size_t nmembers;
	sidx_entry *pair_idx; /* (lesser url, greater url) -> pair index */
	size_t npair_idx;
} report_data;

/* store.c */
void *report_grow(void *arr, size_t *cap, size_t need, size_t size);
void report_index(report_data *d);
void report_data_free(report_data *d);
long report_find_page(const report_data *d, const char *url); /* -1 */
/* Pair record for {a, b} of this kind, either order, or NULL. */
const rpair *report_find_pair(const report_data *d, const char *kind,
                              const char *a, const char *b);
/* 1 when one cluster of this kind holds both URLs. */
int report_same_cluster(const report_data *d, const char *kind, const char *a,
                        const char *b);

/* csvout.c: writes the three files atomically into o->out_dir. */
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
