/*
 * analyze_int.h - what the parts of libcqa_analyze share.
 *
 * analyze.c measures each document as it arrives and keeps, for each page,
 * a page_entry (the numbers the summary needs, a few dozen bytes) and a
 * spilled copy of its page record, main text and blocks (spill.h).  The
 * cross-page work waits for analyzer_finish():
 *   dupes.c    exact clusters (content_hash) and near duplicates (near.h);
 *   repeats.c  repeated passages and template blocks (census.h), quoted
 *              from the spilled text;
 * and analyze.c then completes each page record with what they found,
 * writes the records of both, and the summary last.
 */
#ifndef CQA_ANALYZE_INT_H
#define CQA_ANALYZE_INT_H

#include <stdint.h>

#include "analyze.h"
#include "census.h"
#include "near.h"
#include "spill.h"

/* The metrics the summary describes, in the order it lists them: those
 * before M__SITE in its site-wide "metrics", the rest only in
 * "by_language" (analyze.c's lang_metrics says which language gets
 * which).  The English formulas have values on English pages only. */
enum {
	M_WORDS,
	M_FRE,
	M_FKG,
	M_FOG,
	M_SMOG,
	M_CLI,
	M_ARI,
	M_BOILERPLATE,
	M_LINK_DENSITY,
	M_COMMON,
	M_TEMPLATE,
	M__SITE,
	M_LIX = M__SITE,
	M_WPS, /* words per sentence */
	M_P90, /* sentence_words_p90 */
	M_OVER20,
	M_OVER30,
	M_LONG_PARAGRAPHS,
	M_READING_TIME,
	M_CONSENSUS,
	M_SPREAD,
	M_DIFFICULT, /* difficult_word_share (English) */
	M_PASSIVE,   /* passive_share (English) */
	/* the language's other formulas, in readability_formulas order:
	 * English dale_chall, spache; German flesch_amstad,
	 * wiener_sachtextformel; Spanish, French, Italian, Dutch their one */
	M_LANG_A,
	M_LANG_B,
	M__COUNT
};

/* At most this many languages are told apart in the summary; pages of
 * further ones count under "und". */
#define MAX_LANGUAGES 256

#define NO_PAGE UINT32_MAX

/* Where a document's line is in an input file that can be read again:
 * src its number in a->src (from 1; 0: no such file), off and len its
 * bytes there. */
typedef struct input_line {
	uint32_t src, len;
	uint64_t off;
} input_line;

/* What is kept of a measured page. */
typedef struct page_entry {
	char *url;
	uint64_t hash;
	size_t words;
	size_t norm_words; /* words of the normalised text (shingles) */
	uint64_t spill;    /* its record in a->docs */
	uint32_t first;    /* the first page with the same text */
	uint32_t rep;      /* its index in the near-duplicate items, or
	                      NO_PAGE (a copy, too short, no shingle) */
	long long visible; /* characters of all blocks */
	uint16_t lang;     /* its index in the analyzer's languages */
	/* its text, when not in the spill: its input line (line.src != 0),
	 * the text's XXH3 text_hash */
	input_line line;
	uint64_t text_hash;
	double metric[M__COUNT];
} page_entry;

/* What finish() learns of each measured page. */
typedef struct page_finding {
	uint32_t canonical; /* canonical page of its exact cluster, or
	                       itself */
	uint32_t nearest;   /* NO_PAGE: none */
	double nearest_sim;
	uint32_t near_count;
} page_finding;

struct analyzer {
	analyze_options o;
	FILE *out;
	page_entry *pages; /* measured pages, in input order */
	size_t npages, cap;
	size_t seen; /* every page record */
	size_t thin;
	size_t near_short; /* measured pages too short for near duplicates */

	/* every page's spilled record, measured or not, in input order;
	 * measured[i] is its index in pages[] or NO_PAGE */
	uint64_t *spilled;
	uint32_t *measured;
	size_t spill_cap;
	spill docs;
	int started; /* the temporary files are open */

	/* exact texts seen: open addressing, hash -> first page */
	uint64_t *seen_hash;
	uint32_t *seen_page;
	size_t seen_cap, seen_n;

	/* near-duplicate items: one per distinct text long enough */
	uint32_t *sigs; /* SHINGLE_PERMS a item */
	uint32_t *set_size;
	uint64_t *set_off;
	uint32_t *item_page;
	size_t nitems, items_cap;
	spill sets;

	census *census;
	struct titles *titles; /* every page's title (titles.h) */
	page_finding *found;
	/* the languages of the measured pages, primary subtags as
	 * readability_lang_code() gives them ("und": none) */
	char (*langs)[9];
	size_t nlangs;
	struct wordlists *lists; /* Dale-Chall and Spache (measures.h) */
	struct measurer *meas;
	buf_t norm, ids;                   /* reused for each document */
	buf_t rec_head, rec_mid, rec_tail; /* its page record's parts */
	buf_t sents; /* census_sentence: the text's sentences */
	buf_t spans; /* census_span: where its passages are */
	size_t norm_words;

	/* Input files whose lines can be read again (regular files): a
	 * page's text is read back from its line there (at most once a
	 * page, for the passages quoted from it) instead of being copied
	 * to the spill. */
	int *src;
	char **src_name;
	size_t nsrc;
	buf_t reread;          /* the line read back */
	struct doc_view *view; /* and its fields */
};

/* dupes.c */
int dupes_exact(analyzer *a, size_t *nclusters, size_t *ndup);
int dupes_near(analyzer *a, near_result *nr, cqa_error *err);
int dupes_write(analyzer *a, const near_result *nr, size_t *near_clusters,
                size_t *near_pages, cqa_error *err);

/* repeats.c */
int repeats_write(analyzer *a, size_t *npassages, uint64_t *passage_words,
                  size_t *nblocks, size_t *ncontent, cqa_error *err);

/* analyze.c */
int by_url(const char *a, const char *b);
json_t *rounded(double x, double scale);
/* rounded() as a member written without a tree (jsonl_put_real()). */
void put_rounded(buf_t *b, const char *key, double x, double scale);
/* Reads back a measured page's spilled record into p (DOC__PARTS parts,
 * pointing into b); its text too when want_text (read back from its
 * input file when that is where it is kept), else DOC_TEXT is empty. */
int analyzer_read_doc(analyzer *a, uint32_t page, int want_text, buf_t *b,
                      spill_part *p, cqa_error *err);
enum {
	DOC_JSON,
	DOC_MID,
	DOC_TAIL,
	DOC_TEXT,
	DOC_BLOCKS,
	DOC_SPANS,
	DOC__PARTS
};

#endif
