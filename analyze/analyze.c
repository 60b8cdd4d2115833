/*
 * analyze.c - docs.jsonl to metrics.jsonl; see analyze.h.
 *
 * Each document is measured as it is read: its counts, readability (in
 * its language, of its prose: measures.h) and block sums go into its page
 * record, and its text is fed to what needs every page (analyze_int.h):
 * the exact-text hash, the shingles and MinHash signature of
 * near-duplicate detection, and the census of shingles, passages and
 * blocks.  The page record cannot be written yet (its nearest
 * page and common share are known only at the end), so it goes to a
 * temporary file with the blocks and the text (not the text of a page
 * read from a regular file: that is read back from its line there, if a
 * passage is quoted from it, and checked against its hash; the file
 * changed meanwhile is an error), and analyzer_finish() writes
 * every page record, completed, in input order; then the duplicate
 * clusters and pairs, the template blocks, the repeated passages and the
 * summary.
 *
 * Pages that cannot be measured are still recorded, with their counts as
 * they are, so every input document has a page line; they carry a
 * "skipped_reason" and stay out of every cross-page finding and the
 * statistics:
 *   "http_error"  status 400 or above: the text is an error page's;
 *   "no_text"     no word of main text (an empty or script-only page).
 *
 * Memory a page: its page_entry and URL (about 300 bytes), 12 bytes of
 * offsets, about 50 in the census and, for each distinct text long enough
 * for near duplicates, its signature (512 bytes); the rest is in the
 * temporary files.
 */
#include "analyze_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/text.h"
#include "docline.h"
#include "measures.h"
#include "readability.h"
#include "shingle.h"
#include "stats.h"
#include "titles.h"

static const char *const metric_names[M__COUNT] = {"words",
                                                   "flesch_reading_ease",
                                                   "flesch_kincaid_grade",
                                                   "gunning_fog",
                                                   "smog",
                                                   "coleman_liau",
                                                   "ari",
                                                   "boilerplate_share",
                                                   "link_density",
                                                   "common_share",
                                                   "template_share",
                                                   "lix",
                                                   "avg_words_per_sentence",
                                                   "sentence_words_p90",
                                                   "sentence_share_over_20",
                                                   "sentence_share_over_30",
                                                   "long_paragraphs",
                                                   "reading_time_minutes",
                                                   "consensus_grade",
                                                   "grade_spread",
                                                   "difficult_word_share",
                                                   "passive_share",
                                                   NULL,
                                                   NULL};

void analyze_options_default(analyze_options *o)
{
	memset(o, 0, sizeof *o);
	/* Screaming Frog's "low content" default is 200 words; Yoast asks 300
	 * of a blog post.  A site audit flags pages, not drafts, so the lower
	 * figure: a 250-word about page is short, not thin. */
	o->thin_words = 200;
	o->shingle = ANALYZE_DEFAULT_SHINGLE;
	o->similarity = ANALYZE_DEFAULT_SIMILARITY;
	o->near_min_words = ANALYZE_DEFAULT_NEAR_MIN_WORDS;
	o->memory = ANALYZE_DEFAULT_MEMORY;
}

analyzer *analyzer_new(const analyze_options *o, FILE *out)
{
	analyzer *a = xcalloc(1, sizeof *a);
	if (o)
		a->o = *o;
	else
		analyze_options_default(&a->o);
	if (a->o.shingle < 1)
		a->o.shingle = 1;
	if (a->o.shingle > SHINGLE_MAX_K)
		a->o.shingle = SHINGLE_MAX_K;
	a->out = out;
	a->lists = wordlists_load(a->o.word_lists);
	a->meas = measurer_new(a->lists);
	a->titles = titles_new();
	return a;
}

void analyzer_free(analyzer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->npages; i++)
		free(a->pages[i].url);
	free(a->pages);
	free(a->spilled);
	free(a->measured);
	spill_close(&a->docs);
	spill_close(&a->sets);
	free(a->seen_hash);
	free(a->seen_page);
	free(a->sigs);
	free(a->set_size);
	free(a->set_off);
	free(a->item_page);
	census_free(a->census);
	titles_free(a->titles);
	free(a->found);
	buf_free(&a->norm);
	buf_free(&a->ids);
	buf_free(&a->rec_head);
	buf_free(&a->rec_mid);
	buf_free(&a->rec_tail);
	buf_free(&a->sents);
	buf_free(&a->spans);
	free(a->langs);
	for (size_t i = 0; i < a->nsrc; i++) {
		close(a->src[i]);
		free(a->src_name[i]);
	}
	free(a->src);
	free(a->src_name);
	buf_free(&a->reread);
	if (a->view) {
		doc_view_free(a->view);
		free(a->view);
	}
	measurer_free(a->meas);
	wordlists_free(a->lists);
	free(a);
}

/* ---- helpers shared with dupes.c and repeats.c ------------------------- */

/* Scores and averages are shown to 2 decimals, shares to 4; NaN and
 * infinities (no words, no visible text) are null.  Adding 0.0 turns a
 * rounded -0.0 into 0.0. */
static double round_to(double x, double scale)
{
	return round(x * scale) / scale + 0.0;
}

json_t *rounded(double x, double scale)
{
	return isfinite(x) ? json_real(round_to(x, scale)) : json_null();
}

void put_rounded(buf_t *b, const char *key, double x, double scale)
{
	jsonl_put_real(b, key, round_to(x, scale)); /* NaN, inf: null */
}

/* Which copy is "the original" must not depend on the order pages were
 * fetched in (parallel fetches finish in any order): the shortest URL wins,
 * since copies tend to carry extra path or query parts, then byte order. */
int by_url(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* The text of page pg read back from its input line into a->view;
 * 0, or the error (the file changed since it was read). */
static int reread_text(analyzer *a, const page_entry *pg, spill_part *text,
                       cqa_error *err)
{
	buf_reset(&a->reread);
	buf_grow(&a->reread, pg->line.len);
	size_t got = 0;
	while (got < pg->line.len) {
		ssize_t n =
		    pread(a->src[pg->line.src - 1], a->reread.data + got,
		          pg->line.len - got, (off_t)(pg->line.off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	a->reread.len = got;
	while (a->reread.len &&
	       strchr(" \t\r\f\v", a->reread.data[a->reread.len - 1]))
		a->reread.len--;
	if (!a->view) {
		a->view = xmalloc(sizeof *a->view);
		doc_view_init(a->view);
	}
	const char *why = NULL;
	size_t column = 0;
	if (got != pg->line.len ||
	    doc_view_parse(a->view, a->reread.data, a->reread.len, &why,
	                   &column) != DOCLINE_OK ||
	    XXH3_64bits(a->view->text ? a->view->text : "",
	                a->view->text ? a->view->text_len : 0) != pg->text_hash)
		return cqa_fail(
		    err, CQA_ERR_IO,
		    "%s: changed while it was analysed: the text of "
		    "%s is not what was measured",
		    a->src_name[pg->line.src - 1], pg->url);
	*text = (spill_part){a->view->text ? a->view->text : "",
	                     a->view->text ? a->view->text_len : 0};
	return 0;
}

int analyzer_read_doc(analyzer *a, uint32_t page, int want_text, buf_t *b,
                      spill_part *p, cqa_error *err)
{
	int got =
	    spill_read(&a->docs, a->pages[page].spill, b, p, DOC__PARTS, err);
	if (got < 0)
		return CQA_ERR_IO;
	for (int i = got; i < DOC__PARTS; i++)
		p[i] = (spill_part){"", 0};
	if (a->pages[page].line.src && want_text)
		return reread_text(a, &a->pages[page], &p[DOC_TEXT], err);
	return 0;
}

/* A string that may hold a file name, which need not be UTF-8. */
static json_t *path_or_null(const char *s)
{
	if (!s)
		return json_null();
	buf_t b = BUF_INIT;
	text_make_valid_utf8(s, strlen(s), &b);
	json_t *j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j ? j : json_null();
}

static json_t *size(size_t n)
{
	return json_integer((json_int_t)n);
}

/* ---- measuring one document -------------------------------------------- */

/* Characters of a block: its "chars" field, else its text's code points
 * (text NULL: 0 without the field). */
static long long block_chars(const doc_num *field, const char *text)
{
	long long n = doc_num_int(field, -1);
	if (n >= 0 || !text)
		return n < 0 ? 0 : n;
	n = 0;
	for (const char *t = text; *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

/* Appends s with its tabs and newlines as spaces (a field of the spill's
 * block list), a run at a time. */
static void add_field(buf_t *list, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\t\n");
		buf_add(list, s, n);
		if (!s[n])
			return;
		buf_addc(list, ' ');
		s += n + 1;
	}
}

typedef struct block_sums {
	long long visible, content, boilerplate, links;
} block_sums;

/* Sums the blocks' characters and, for the spill, lists them as
 * "label TAB path TAB text" lines. */
static void sum_blocks(const doc_view *doc, block_sums *s, buf_t *list)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < doc->blocks.n; i++) {
		const doc_block *b = &doc->blocks.b[i];
		long long chars = block_chars(&b->chars, b->text);
		const char *label = b->label;
		int content = label && strcmp(label, "content") == 0;
		s->visible += chars;
		if (content)
			s->content += chars;
		else if (label && strcmp(label, "boilerplate") == 0)
			s->boilerplate += chars;
		s->links += block_chars(&b->link_chars, NULL);
		const char *text = b->text;
		const char *path = b->path;
		if (!text || !*text)
			continue;
		buf_addc(list, content ? 'c' : 'b');
		buf_add_int(list, chars);
		buf_addc(list, '\t');
		add_field(list, path ? path : "");
		buf_addc(list, '\t');
		add_field(list, text);
		buf_addc(list, '\n');
	}
}

/* The first page with this text, or NO_PAGE after recording page as the
 * first. */
static uint32_t first_with_hash(analyzer *a, uint64_t hash, uint32_t page)
{
	if (2 * (a->seen_n + 1) > a->seen_cap) {
		size_t cap = a->seen_cap ? a->seen_cap * 2 : 1024;
		uint64_t *h = xcalloc(cap, sizeof *h);
		uint32_t *p = xmalloc(cap * sizeof *p);
		for (size_t i = 0; i < cap; i++)
			p[i] = NO_PAGE;
		for (size_t i = 0; i < a->seen_cap; i++) {
			if (a->seen_page[i] == NO_PAGE)
				continue;
			size_t j = a->seen_hash[i] & (cap - 1);
			while (p[j] != NO_PAGE)
				j = (j + 1) & (cap - 1);
			h[j] = a->seen_hash[i];
			p[j] = a->seen_page[i];
		}
		free(a->seen_hash);
		free(a->seen_page);
		a->seen_hash = h;
		a->seen_page = p;
		a->seen_cap = cap;
	}
	size_t j = hash & (a->seen_cap - 1);
	for (; a->seen_page[j] != NO_PAGE; j = (j + 1) & (a->seen_cap - 1))
		if (a->seen_hash[j] == hash)
			return a->seen_page[j];
	a->seen_hash[j] = hash;
	a->seen_page[j] = page;
	a->seen_n++;
	return NO_PAGE;
}

static int start(analyzer *a, cqa_error *err)
{
	if (a->started)
		return 0;
	if (spill_open(&a->docs, a->o.temp_dir, "page records", err) ||
	    spill_open(&a->sets, a->o.temp_dir, "shingle sets", err))
		return CQA_ERR_IO;
	a->census = census_new(a->o.shingle, a->o.temp_dir, a->o.memory);
	a->started = 1;
	return 0;
}

/* A distinct text long enough: its shingle set goes to the sets file, its
 * signature stays in memory. */
static int add_near_item(analyzer *a, uint32_t page, cqa_error *err)
{
	size_t n = a->ids.len / sizeof(uint64_t);
	uint64_t *set = xmalloc((n ? n : 1) * sizeof *set);
	memcpy(set, a->ids.data, n * sizeof *set);
	n = shingle_set(set, n);
	if (a->nitems == a->items_cap) {
		a->items_cap = a->items_cap ? a->items_cap * 2 : 256;
		a->sigs = xrealloc(a->sigs, a->items_cap * SHINGLE_PERMS *
		                                sizeof *a->sigs);
		a->set_size =
		    xrealloc(a->set_size, a->items_cap * sizeof *a->set_size);
		a->set_off =
		    xrealloc(a->set_off, a->items_cap * sizeof *a->set_off);
		a->item_page =
		    xrealloc(a->item_page, a->items_cap * sizeof *a->item_page);
	}
	size_t it = a->nitems;
	shingle_minhash(set, n, a->sigs + it * SHINGLE_PERMS);
	spill_part part = {set, n * sizeof *set};
	int rc = spill_append(&a->sets, &part, 1, &a->set_off[it], err);
	free(set);
	if (rc)
		return rc;
	a->set_size[it] = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	a->item_page[it] = page;
	a->pages[page].rep = (uint32_t)it;
	a->nitems++;
	return 0;
}

/* The index of the page's language in a->langs, added when new. */
static uint16_t lang_index(analyzer *a, const char *tag)
{
	char code[9];
	readability_lang_code(tag, code);
	for (size_t i = 0; i < a->nlangs; i++)
		if (strcmp(a->langs[i], code) == 0)
			return (uint16_t)i;
	if (a->nlangs == MAX_LANGUAGES && strcmp(code, "und") != 0)
		return lang_index(a, NULL);
	if (!a->langs)
		a->langs = xmalloc((MAX_LANGUAGES + 1) * sizeof *a->langs);
	memcpy(a->langs[a->nlangs], code, sizeof code);
	return (uint16_t)a->nlangs++;
}

/* The language's formula r (not one of the six English ones, nor LIX)
 * goes to M_LANG_A or M_LANG_B: the first or second such formula of its
 * language; -1 for the others. */
static int lang_slot(readability_lang lang, int r)
{
	if (r <= R_ARI || r == R_LIX ||
	    !(readability_formulas[r].langs & RL_BIT(lang)))
		return -1;
	int k = 0;
	for (int i = R_ARI + 1; i < r; i++)
		k += i != R_LIX &&
		     (readability_formulas[i].langs & RL_BIT(lang)) != 0;
	return k < 2 ? M_LANG_A + k : -1;
}

static int keep_page(analyzer *a, const doc_view *doc, const input_line *line,
                     const buf_t *blocks, uint64_t hash,
                     const page_measures *pm, const block_sums *bs,
                     cqa_error *err)
{
	const text_counts *c = &pm->all;
	if (a->npages == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->pages = xrealloc(a->pages, a->cap * sizeof *a->pages);
	}
	uint32_t page = (uint32_t)a->npages++;
	page_entry *p = &a->pages[page];
	memset(p, 0, sizeof *p);
	const char *url = doc->url;
	if (!url)
		url = doc->final_url;
	if (url) {
		p->url = xstrdup(url);
	} else {
		buf_t b = BUF_INIT;
		buf_printf(&b, "(document %zu)", a->seen + 1);
		p->url = buf_detach(&b, NULL);
	}
	p->hash = hash;
	if (line)
		p->line = *line;
	p->words = c->words;
	p->visible = bs->visible;
	p->rep = NO_PAGE;
	p->lang = lang_index(a, doc->lang);
	p->metric[M_WORDS] = (double)c->words;
	p->metric[M_FRE] = pm->r.score[R_FRE];
	p->metric[M_FKG] = pm->r.score[R_FKG];
	p->metric[M_FOG] = pm->r.score[R_FOG];
	p->metric[M_SMOG] = pm->r.score[R_SMOG];
	p->metric[M_CLI] = pm->r.score[R_CLI];
	p->metric[M_ARI] = pm->r.score[R_ARI];
	p->metric[M_LIX] = pm->r.score[R_LIX];
	const text_counts *pc = &pm->prose;
	p->metric[M_WPS] =
	    pc->sentences ? (double)pc->words / (double)pc->sentences : NAN;
	p->metric[M_P90] = pm->sentence_p90;
	p->metric[M_OVER20] = pm->over20;
	p->metric[M_OVER30] = pm->over30;
	p->metric[M_LONG_PARAGRAPHS] = (double)pm->long_paragraphs;
	p->metric[M_READING_TIME] = pm->reading_minutes;
	p->metric[M_CONSENSUS] = pm->r.consensus;
	p->metric[M_SPREAD] = pm->r.spread;
	p->metric[M_DIFFICULT] =
	    pm->difficult_words >= 0 && pc->words
	        ? (double)pm->difficult_words / (double)pc->words
	        : NAN;
	p->metric[M_PASSIVE] =
	    pm->passive_sentences >= 0 && pc->sentences
	        ? (double)pm->passive_sentences / (double)pc->sentences
	        : NAN;
	p->metric[M_LANG_A] = p->metric[M_LANG_B] = NAN;
	for (int i = 0; i < R__COUNT; i++) {
		int slot = lang_slot(pm->lang, i);
		if (slot >= 0)
			p->metric[slot] = pm->r.score[i];
	}
	double vis = (double)bs->visible;
	p->metric[M_BOILERPLATE] =
	    vis > 0 ? (double)bs->boilerplate / vis : NAN;
	p->metric[M_LINK_DENSITY] = vis > 0 ? (double)bs->links / vis : NAN;

	uint32_t first = first_with_hash(a, hash, page);
	p->first = first == NO_PAGE ? page : first;

	/* The census sees every measured page, copies included: a copy's
	 * words are common content, its passages and blocks recur. */
	size_t nids = a->ids.len / sizeof(uint64_t);
	p->norm_words = a->norm_words;
	int rc =
	    census_add_shingles(a->census, page, (const uint64_t *)a->ids.data,
	                        nids, a->norm_words, err);
	if (!rc)
		rc = census_add_spans(a->census, page,
		                      (const census_span *)a->spans.data,
		                      a->spans.len / sizeof(census_span), err);
	for (const char *l = blocks->data, *end = l + blocks->len;
	     !rc && l && l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *t1 = memchr(l, '\t', (size_t)(nl - l));
		const char *t2 =
		    t1 ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) : NULL;
		if (t2)
			rc = census_add_block(
			    a->census, page, t2 + 1, (size_t)(nl - t2 - 1),
			    (uint32_t)strtoul(l + 1, NULL, 10), l[0] == 'c',
			    err);
		l = nl + 1;
	}
	if (rc)
		return rc;
	if (first != NO_PAGE)
		return 0;
	if (c->words < (size_t)a->o.near_min_words || nids == 0) {
		a->near_short++;
		return 0;
	}
	return add_near_item(a, page, err);
}

/* Adds the document's page record to the spill with its blocks and, when
 * keep_text, its text, as two pieces of JSON text that finish() writes
 * with the findings between them: o without its closing brace, and tail
 * (thin and skipped_reason) without its opening one. */
static int spill_page(analyzer *a, const buf_t *head, const buf_t *mid,
                      const buf_t *tail, const char *text, size_t tlen,
                      int keep_text, const buf_t *blocks, uint32_t measured,
                      cqa_error *err)
{
	if (a->seen == a->spill_cap) {
		a->spill_cap = a->spill_cap ? a->spill_cap * 2 : 256;
		a->spilled =
		    xrealloc(a->spilled, a->spill_cap * sizeof *a->spilled);
		a->measured =
		    xrealloc(a->measured, a->spill_cap * sizeof *a->measured);
	}
	spill_part parts[DOC__PARTS] = {
	    [DOC_JSON] = {head->data, head->len},
	    [DOC_MID] = {mid->data, mid->len},
	    [DOC_TAIL] = {tail->data, tail->len},
	    [DOC_TEXT] = {text, keep_text ? tlen : 0},
	    [DOC_BLOCKS] = {blocks->data, blocks->len},
	    [DOC_SPANS] = {a->spans.data,
	                   measured == NO_PAGE ? 0 : a->spans.len}};
	int rc = spill_append(&a->docs, parts, DOC__PARTS, &a->spilled[a->seen],
	                      err);
	a->measured[a->seen] = measured;
	if (measured != NO_PAGE)
		a->pages[measured].spill = a->spilled[a->seen];
	return rc;
}

static void note_sentence(void *ud, const char *start, size_t len, size_t line,
                          const text_counts *tc)
{
	(void)line;
	census_sentence cs = {(size_t)(uintptr_t)start, len,
	                      tc->words > UINT32_MAX ? UINT32_MAX
	                                             : (uint32_t)tc->words};
	buf_add(ud, &cs, sizeof cs);
}

/* One document, as either reader sees it. */
static int add_view(analyzer *a, const doc_view *doc, const input_line *line,
                    cqa_error *err)
{
	int rc = start(a, err);
	if (rc)
		return rc;
	const char *text = doc->text ? doc->text : "";
	size_t tlen = doc->text ? doc->text_len : 0;
	long long status = doc_num_int(&doc->status, 0);

	/* the counts of the whole text (c) and of its prose (pc), the
	 * readability of the prose in the page's language and the census's
	 * sentences, in one pass when the text is all prose */
	page_measures pm;
	buf_reset(&a->sents);
	measure_page(a->meas, text, tlen, doc->has_blocks ? &doc->blocks : NULL,
	             doc->lang, note_sentence, &a->sents, &pm);
	const text_counts c = pm.all, *pc = &pm.prose;
	/* offsets, not pointers: the census gets them with the text */
	census_sentence *cs = (census_sentence *)a->sents.data;
	size_t nsent = a->sents.len / sizeof *cs;
	for (size_t k = 0; k < nsent; k++)
		cs[k].start -= (size_t)(uintptr_t)text;
	buf_t blocks = BUF_INIT;
	block_sums bs;
	sum_blocks(doc, &bs, &blocks);
	double share =
	    bs.visible > 0 ? (double)bs.boilerplate / (double)bs.visible : NAN;

	const char *skipped = status >= 400  ? "http_error"
	                      : c.words == 0 ? "no_text"
	                                     : NULL;

	/* The passages of a measured page, folded a paragraph at a time
	 * for their keys; the folds together are the normalised text of
	 * exact and near duplicates when the text has nothing for NFKC to
	 * change (the common case), else that is made on its own. */
	buf_reset(&a->spans);
	buf_reset(&a->norm);
	int folded = text_fold_is_normalized(text, tlen);
	if (!skipped) {
		census_passage_spans(text, tlen, cs, nsent, &a->spans,
		                     folded ? &a->norm : NULL);
	} else if (folded) {
		buf_add(&a->norm, "", 0);
		text_fold_words(text, tlen, &a->norm);
	}
	if (!folded)
		text_normalize(text, tlen, &a->norm);
	uint64_t hash = XXH3_64bits(a->norm.data, a->norm.len);
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64, hash);
	int has_hash = a->norm.len > 0;
	buf_reset(&a->ids);
	a->norm_words =
	    shingle_ids(a->norm.data, a->norm.len, a->o.shingle, &a->ids);
	int thin = !skipped && (long long)c.words < a->o.thin_words;

	/* The record in three parts, written directly: there is one a
	 * page.  "title" and the cross-page findings go between them at the
	 * end (write_pages()), when the site's part of every title and the
	 * findings are known (titles.h). */
	buf_t *head = &a->rec_head, *o = &a->rec_mid, *tail = &a->rec_tail;
	buf_reset(head);
	buf_reset(o);
	buf_reset(tail);
	buf_adds(head, "{\"type\":\"page\",");
	jsonl_put_string(head, "url", doc->url);
	jsonl_put_string(head, "final_url", doc->final_url);
	if (doc->status.kind == DOC_NUM_INT)
		jsonl_put_int(head, "status", doc->status.i);
	else
		jsonl_put_null(head, "status");
	titles_add(a->titles, doc->url, doc->title);
	jsonl_put_string(o, "lang", doc->lang);
	jsonl_put_int(o, "words", (long long)c.words);
	jsonl_put_int(o, "sentences", (long long)pc->sentences);
	jsonl_put_int(o, "syllables", (long long)pc->syllables);
	jsonl_put_int(o, "letters", (long long)pc->letters);
	jsonl_put_int(o, "paragraphs", (long long)pc->paragraphs);
	jsonl_put_int(o, "complex_words", (long long)pc->complex_words);
	jsonl_put_int(o, "polysyllables", (long long)pc->polysyllables);
	jsonl_put_int(o, "long_words", (long long)pc->long_words);
	double wps =
	    pc->sentences ? (double)pc->words / (double)pc->sentences : NAN;
	double spw =
	    pc->words ? (double)pc->syllables / (double)pc->words : NAN;
	put_rounded(o, "avg_words_per_sentence", wps, 100);
	put_rounded(o, "avg_syllables_per_word", spw, 100);
	for (int i = R_FRE; i <= R_ARI; i++)
		put_rounded(o, readability_formulas[i].name, pm.r.score[i],
		            100);
	measures_to_record(&pm, o);
	jsonl_put_int(o, "visible_chars", bs.visible);
	jsonl_put_int(o, "content_chars", bs.content);
	jsonl_put_int(o, "boilerplate_chars", bs.boilerplate);
	put_rounded(o, "boilerplate_share", share, 1e4);
	jsonl_put_int(o, "link_chars", bs.links);
	put_rounded(
	    o, "link_density",
	    bs.visible > 0 ? (double)bs.links / (double)bs.visible : NAN, 1e4);
	jsonl_put_string(o, "content_hash", has_hash ? hex : NULL);
	jsonl_put_bool(tail, "thin", thin);
	jsonl_put_string(tail, "skipped_reason", skipped);
	/* the head's last comma is where the title goes (write_pages()) */
	head->data[--head->len] = '\0';
	o->data[--o->len] = '\0';
	jsonl_end_object(tail);

	uint32_t measured = NO_PAGE;
	if (!skipped) {
		measured = (uint32_t)a->npages;
		rc = keep_page(a, doc, line, &blocks, hash, &pm, &bs, err);
		if (!rc && line)
			a->pages[measured].text_hash = XXH3_64bits(text, tlen);
	}
	if (!rc)
		rc = spill_page(a, head, o, tail, text, tlen,
		                measured != NO_PAGE && !line, &blocks, measured,
		                err);
	buf_free(&blocks);
	if (rc)
		return rc;
	a->seen++;
	a->thin += (size_t)thin;
	return 0;
}

int analyzer_add(analyzer *a, const json_t *doc, cqa_error *err)
{
	doc_view v;
	doc_view_init(&v);
	doc_view_from_json(&v, doc);
	int rc = add_view(a, &v, NULL, err);
	doc_view_free(&v);
	return rc;
}

/* The input's number in a->src (from 1) when its lines can be read
 * again (a regular file), else 0; *base: where reading starts. */
static uint32_t input_source(analyzer *a, FILE *in, const char *name,
                             uint64_t *base)
{
	struct stat st;
	int fd = fileno(in);
	off_t at;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (at = ftello(in)) < 0 || a->nsrc >= UINT32_MAX)
		return 0;
	int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (dup < 0)
		return 0;
	a->src = xrealloc(a->src, (a->nsrc + 1) * sizeof *a->src);
	a->src_name =
	    xrealloc(a->src_name, (a->nsrc + 1) * sizeof *a->src_name);
	a->src_name[a->nsrc] = xstrdup(name ? name : "standard input");
	a->src[a->nsrc++] = dup;
	*base = (uint64_t)at;
	return (uint32_t)a->nsrc;
}

int analyzer_add_file(analyzer *a, FILE *in, const char *name, cqa_error *err)
{
	uint64_t base = 0;
	uint32_t src = input_source(a, in, name, &base);
	jsonl_reader r;
	jsonl_reader_init(&r, in, name);
	cqa_progress p;
	cqa_progress_start(&p, a->o.log, "documents", 0);
	int rc = 0;
	int got;
	cqa_error e;
	buf_t line = BUF_INIT;
	doc_view doc;
	doc_view_init(&doc);
	if (a->o.max_line_bytes)
		r.max_line = a->o.max_line_bytes;
	for (;;) {
		cqa_error_clear(&e);
		got = jsonl_reader_line(&r, &line, &e);
		if (got == 1) {
			const char *why = NULL;
			size_t column = 0;
			int parsed = doc_view_parse(&doc, line.data, line.len,
			                            &why, &column);
			if (parsed != DOCLINE_OK)
				got = jsonl_reader_bad_line(
				    &r, parsed == DOCLINE_NOT_OBJECT, why,
				    column, &e);
		}
		/* A line over the cap was skipped unread: say so, go on. */
		if (got < 0 && e.code == CQA_ERR_LIMIT) {
			cqa_warn(a->o.log,
			         "%s (--max-line-bytes raises the cap)", e.msg);
			continue;
		}
		/* A docs.jsonl still being written to standard output: the
		 * whole documents are measured; say how far the run got. */
		if (got < 0 && r.torn) {
			cqa_warn(a->o.log, "%s; read the %zu lines before it",
			         e.msg, r.lineno - 1);
			got = 0;
			break;
		}
		if (got < 0 && err)
			*err = e;
		if (got != 1)
			break;
		/* the text is read back from the line when it is quoted */
		input_line at = {src, (uint32_t)r.line_bytes,
		                 base + r.line_offset};
		rc = add_view(a, &doc,
		              src && r.line_bytes <= UINT32_MAX ? &at : NULL,
		              err);
		if (rc)
			break;
		cqa_progress_add(&p, 1, r.line_bytes + 1);
	}
	cqa_progress_finish(&p);
	doc_view_free(&doc);
	buf_free(&line);
	jsonl_reader_free(&r);
	if (got < 0)
		return e.code;
	return rc;
}

/* ---- after the last document -------------------------------------------- */

static void put_sources(analyzer *a, uint32_t page, buf_t *b)
{
	buf_adds(b, "\"common_sources\":[");
	const census_source *s = census_sources(a->census, page);
	int any = 0;
	for (int i = 0; s && i < CENSUS_SOURCES; i++) {
		if (s[i].page == UINT32_MAX || s[i].count == 0)
			continue;
		if (any++)
			buf_addc(b, ',');
		buf_addc(b, '{');
		jsonl_put_string(b, "url", a->pages[s[i].page].url);
		jsonl_put_int(b, "shingles", (long long)s[i].count);
		jsonl_end_object(b);
	}
	buf_adds(b, "],");
}

/* Appends the cross-page findings of a page record, each member followed
 * by a comma; m is the page's measured number or NO_PAGE. */
static void page_findings(analyzer *a, uint32_t m, buf_t *b)
{
	page_entry *p = m == NO_PAGE ? NULL : &a->pages[m];
	const page_finding *f = p ? &a->found[m] : NULL;
	int near = f && f->nearest != NO_PAGE;
	jsonl_put_int(b, "near_duplicates", f ? (long long)f->near_count : 0);
	jsonl_put_string(b, "nearest_url",
	                 near ? a->pages[f->nearest].url : NULL);
	put_rounded(b, "nearest_similarity", near ? f->nearest_sim : NAN, 1e4);
	double common = p ? p->metric[M_COMMON] : NAN;
	put_rounded(b, "common_share", common, 1e4);
	/* in the page's own words (text_count's, as "words"), which
	 * split a few tokens differently from the normalised text */
	jsonl_put_int(b, "common_words",
	              p && isfinite(common)
	                  ? (long long)llround(common * (double)p->words)
	                  : 0);
	put_sources(a, m, b); /* none for NO_PAGE */
	jsonl_put_int(b, "template_blocks",
	              p ? (long long)census_template_blocks(a->census, m) : 0);
	put_rounded(b, "template_share", p ? p->metric[M_TEMPLATE] : NAN, 1e4);
	jsonl_put_bool(b, "mostly_repeated",
	               p && common > ANALYZE_MOSTLY_REPEATED);
}

/* Appends "title" and "title_site" of page record i, and a comma. */
static void title_json(const analyzer *a, size_t i, buf_t *line)
{
	size_t len, site_len;
	const char *site;
	const char *own = titles_own(a->titles, i, &len, &site, &site_len);
	json_t *o = json_object();
	json_object_set_new(o, "title",
	                    own ? json_stringn(own, len) : json_null());
	json_object_set_new(o, "title_site",
	                    site ? json_stringn(site, site_len) : json_null());
	size_t at = line->len;
	jsonl_serialize(o, line);
	json_decref(o);
	/* without its braces */
	memmove(line->data + at, line->data + at + 1, line->len - at - 2);
	line->len -= 2;
	line->data[line->len] = '\0';
	buf_addc(line, ',');
}

static int write_pages(analyzer *a, size_t *mostly, cqa_error *err)
{
	buf_t b = BUF_INIT;
	int rc = 0;
	*mostly = 0;
	titles_finish(a->titles);
	for (size_t i = 0; i < a->npages; i++) {
		page_entry *p = &a->pages[i];
		size_t cw = census_common_words(a->census, (uint32_t)i);
		/* words as the shingles count them: normalised text */
		p->metric[M_COMMON] =
		    p->norm_words ? (double)cw / (double)p->norm_words : NAN;
		p->metric[M_TEMPLATE] = p->visible > 0
		                            ? (double)census_template_chars(
		                                  a->census, (uint32_t)i) /
		                                  (double)p->visible
		                            : NAN;
		if (p->metric[M_TEMPLATE] > 1)
			p->metric[M_TEMPLATE] = 1;
		*mostly += p->metric[M_COMMON] > ANALYZE_MOSTLY_REPEATED;
	}
	buf_t line = BUF_INIT;
	for (size_t i = 0; i < a->seen && !rc; i++) {
		spill_part part[DOC__PARTS];
		if (spill_read(&a->docs, a->spilled[i], &b, part, DOC_TAIL + 1,
		               err) < 0) {
			rc = CQA_ERR_IO;
			break;
		}
		buf_reset(&line);
		buf_add(&line, part[DOC_JSON].data, part[DOC_JSON].len);
		buf_addc(&line, ',');
		title_json(a, i, &line);
		buf_add(&line, part[DOC_MID].data, part[DOC_MID].len);
		buf_addc(&line, ',');
		page_findings(a, a->measured[i], &line);
		buf_add(&line, part[DOC_TAIL].data, part[DOC_TAIL].len);
		buf_addc(&line, '\n');
		if (fwrite(line.data, 1, line.len, a->out) != line.len)
			rc = cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
			              a->o.output_name ? a->o.output_name
			                               : "standard output",
			              strerror(errno));
	}
	buf_free(&line);
	buf_free(&b);
	return rc;
}

/* The summary's "metrics": each metric's statistics, histogram, outliers
 * (named by URL) and bootstrap interval, over the measured pages. */
static json_t *metrics_json(analyzer *a)
{
	size_t n = a->npages;
	json_t *metrics = json_object();
	double *v = xmalloc((n ? n : 1) * sizeof *v);
	const char **names = xmalloc((n ? n : 1) * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = a->pages[i].url;
	for (int m = 0; m < M__SITE; m++) {
		for (size_t i = 0; i < n; i++)
			v[i] = a->pages[i].metric[m];
		json_object_set_new(metrics, metric_names[m],
		                    stats_column_json(v, n, names, n));
	}
	free(v);
	free(names);
	return metrics;
}

/* Spearman's rho between the metrics an editor weighs against each other:
 * is long text harder to read, do template-heavy pages carry more
 * repeated text? */
static json_t *correlations_json(analyzer *a)
{
	static const int pick[] = {M_FKG, M_FRE, M_WORDS, M_BOILERPLATE,
	                           M_COMMON};
	enum { NPICK = sizeof pick / sizeof pick[0] };
	size_t n = a->npages;
	double *cols[NPICK];
	const char *names[NPICK];
	for (int k = 0; k < NPICK; k++) {
		cols[k] = xmalloc((n ? n : 1) * sizeof *cols[k]);
		names[k] = metric_names[pick[k]];
		for (size_t i = 0; i < n; i++)
			cols[k][i] = a->pages[i].metric[pick[k]];
	}
	json_t *j =
	    stats_correlations((const double *const *)cols, names, NPICK, n);
	for (int k = 0; k < NPICK; k++)
		free(cols[k]);
	return j;
}

/* The metrics "by_language" gives a language, in its order: the
 * language-independent ones, the language's formulas, the consensus
 * where it has grade formulas, the English-only measures. */
typedef struct lang_metric {
	const char *name;
	int m;
} lang_metric;

static size_t lang_metrics(readability_lang l, lang_metric *out)
{
	static const int common[] = {M_WORDS,       M_WPS,    M_P90,
	                             M_OVER20,      M_OVER30, M_LONG_PARAGRAPHS,
	                             M_READING_TIME};
	size_t n = 0;
	for (size_t i = 0; i < sizeof common / sizeof *common; i++)
		out[n++] = (lang_metric){metric_names[common[i]], common[i]};
	int grades = 0;
	for (int i = 0; i < R__COUNT; i++) {
		const readability_formula *f = &readability_formulas[i];
		if (!(f->langs & RL_BIT(l)))
			continue;
		int m = i <= R_ARI   ? M_FRE + i
		        : i == R_LIX ? M_LIX
		                     : lang_slot(l, i);
		if (m < 0)
			continue;
		out[n++] = (lang_metric){f->name, m};
		grades += f->grade;
	}
	if (grades) {
		out[n++] = (lang_metric){"consensus_grade", M_CONSENSUS};
		out[n++] = (lang_metric){"grade_spread", M_SPREAD};
	}
	if (l == RL_EN) {
		out[n++] = (lang_metric){"difficult_word_share", M_DIFFICULT};
		out[n++] = (lang_metric){"passive_share", M_PASSIVE};
	}
	return n;
}

/* The summary's "by_language": for each language of the measured pages
 * (most pages first, then by code), its page count, why its formulas are
 * null if they are, and the statistics of its metrics over its pages
 * alone, so no figure mixes languages. */
static json_t *by_language_json(analyzer *a, const json_t *all)
{
	size_t n = a->npages, nl = a->nlangs;
	size_t *count = xcalloc(nl + 1, sizeof *count);
	size_t *start = xcalloc(nl + 1, sizeof *start);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	for (size_t i = 0; i < n; i++)
		count[a->pages[i].lang]++;
	for (size_t l = 1; l <= nl; l++)
		start[l] = start[l - 1] + count[l - 1];
	size_t *fill = xmalloc((nl + 1) * sizeof *fill);
	memcpy(fill, start, (nl + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		idx[fill[a->pages[i].lang]++] = i;
	/* the languages by page count, then code (insertion sort: a few
	 * hundred at most) */
	size_t *order = xmalloc((nl ? nl : 1) * sizeof *order);
	for (size_t l = 0; l < nl; l++) {
		size_t k = l;
		for (; k > 0; k--) {
			size_t p = order[k - 1];
			if (count[p] > count[l] ||
			    (count[p] == count[l] &&
			     strcmp(a->langs[p], a->langs[l]) < 0))
				break;
			order[k] = p;
		}
		order[k] = l;
	}
	double *v = xmalloc((n ? n : 1) * sizeof *v);
	const char **names = xmalloc((n ? n : 1) * sizeof *names);
	lang_metric lm[M__COUNT + R__COUNT];
	json_t *out = json_object();
	for (size_t k = 0; k < nl; k++) {
		size_t l = order[k];
		readability_lang rl = readability_lang_of(a->langs[l]);
		json_t *o = json_object();
		json_object_set_new(o, "pages", size(count[l]));
		json_object_set_new(
		    o, "readability_null_reason",
		    rl == RL_UNKNOWN ? json_string("language_unknown")
		    : rl == RL_OTHER ? json_string("language_unsupported")
		                     : json_null());
		json_t *metrics = json_object();
		size_t nm = lang_metrics(rl, lm);
		const size_t *pages = idx + start[l];
		for (size_t j = 0; j < count[l]; j++)
			names[j] = a->pages[pages[j]].url;
		for (size_t m = 0; m < nm; m++) {
			/* a language that has every page (a site in one
			 * language) has the site's statistics, computed once */
			json_t *same =
			    count[l] == n && lm[m].m < M__SITE
			        ? json_object_get(all, metric_names[lm[m].m])
			        : NULL;
			if (same) {
				json_object_set(metrics, lm[m].name, same);
				continue;
			}
			for (size_t j = 0; j < count[l]; j++)
				v[j] = a->pages[pages[j]].metric[lm[m].m];
			json_object_set_new(
			    metrics, lm[m].name,
			    stats_column_json(v, count[l], names, count[l]));
		}
		json_object_set_new(o, "metrics", metrics);
		json_object_set_new(out, a->langs[l], o);
	}
	free(v);
	free(names);
	free(order);
	free(fill);
	free(idx);
	free(start);
	free(count);
	return out;
}

int analyzer_finish(analyzer *a, cqa_error *err)
{
	int rc = start(a, err);
	if (rc)
		return rc;
	a->found = xcalloc(a->npages ? a->npages : 1, sizeof *a->found);
	size_t nclusters = 0, ndup = 0;
	rc = dupes_exact(a, &nclusters, &ndup);
	near_result nr;
	memset(&nr, 0, sizeof nr);
	if (!rc)
		rc = dupes_near(a, &nr, err);
	/* the signatures (512 bytes a text) have done their work: the
	 * census's sorting can have their memory */
	free(a->sigs);
	a->sigs = NULL;
	spill_close(&a->sets);
	if (!rc)
		rc = census_finish(a->census, a->npages, err);
	size_t mostly = 0;
	if (!rc)
		rc = write_pages(a, &mostly, err);
	size_t near_clusters = 0, near_pages = 0;
	if (!rc)
		rc = dupes_write(a, &nr, &near_clusters, &near_pages, err);
	size_t npass = 0, nblocks = 0, ncontent = 0;
	uint64_t pass_words = 0;
	if (!rc)
		rc = repeats_write(a, &npass, &pass_words, &nblocks, &ncontent,
		                   err);
	if (rc) {
		near_result_free(&nr);
		return rc;
	}

	double words = 0, common = 0, visible = 0, templ = 0;
	for (size_t i = 0; i < a->npages; i++) {
		words += (double)a->pages[i].norm_words;
		common += (double)census_common_words(a->census, (uint32_t)i);
		visible += (double)a->pages[i].visible;
		templ += (double)census_template_chars(a->census, (uint32_t)i);
	}
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("summary"));
	json_object_set_new(o, "pages", size(a->seen));
	json_object_set_new(o, "pages_with_text", size(a->npages));
	json_object_set_new(o, "thin_pages", size(a->thin));
	/* the threshold used, so the report judges thin pages alike */
	json_object_set_new(o, "thin_words", json_integer(a->o.thin_words));
	json_object_set_new(o, "exact_duplicate_clusters", size(nclusters));
	json_object_set_new(o, "exact_duplicate_pages", size(ndup));
	json_object_set_new(o, "shingle", json_integer(a->o.shingle));
	json_object_set_new(o, "similarity_threshold",
	                    rounded(a->o.similarity, 1e4));
	json_object_set_new(o, "near_min_words",
	                    json_integer(a->o.near_min_words));
	json_object_set_new(o, "near_too_short", size(a->near_short));
	json_object_set_new(o, "near_duplicate_clusters", size(near_clusters));
	json_object_set_new(o, "near_duplicate_pages", size(near_pages));
	json_object_set_new(o, "lsh_bands", json_integer(nr.bands));
	json_object_set_new(o, "lsh_rows", json_integer(nr.rows));
	json_object_set_new(o, "near_candidates", size(nr.candidates));
	json_object_set_new(o, "near_verified", size(nr.verified));
	json_object_set_new(o, "near_capped_buckets", size(nr.capped_buckets));
	json_object_set_new(o, "common_share",
	                    rounded(words > 0 ? common / words : NAN, 1e4));
	json_object_set_new(o, "mostly_repeated_pages", size(mostly));
	json_object_set_new(o, "repeated_passages", size(npass));
	json_object_set_new(o, "repeated_words_sitewide", size(pass_words));
	json_object_set_new(o, "template_blocks", size(nblocks));
	json_object_set_new(
	    o, "template_min_pages",
	    size(a->census ? census_template_min_pages(a->census) : 0));
	json_object_set_new(o, "template_share",
	                    rounded(visible > 0 ? templ / visible : NAN, 1e4));
	json_object_set_new(o, "content_blocks_sitewide", size(ncontent));
	const char *lists = wordlists_dir(a->lists);
	const char *missing = wordlists_missing(a->lists);
	json_object_set_new(o, "word_lists", path_or_null(lists));
	json_object_set_new(o, "word_lists_missing", path_or_null(missing));
	json_t *metrics = metrics_json(a);
	json_object_set_new(o, "metrics", metrics);
	json_object_set_new(o, "correlations", correlations_json(a));
	json_object_set_new(o, "by_language", by_language_json(a, metrics));
	/* a directory named but wrong deserves a word; lists that are not
	 * installed only leave their fields null, as the summary says */
	if (missing && (a->o.word_lists || getenv(WORDLISTS_ENV)))
		cqa_warn(a->o.log, "%s: dale_chall and spache are null",
		         missing);
	near_result_free(&nr);
	rc = jsonl_write(a->out, a->o.output_name, o, err);
	json_decref(o);
	if (rc)
		return CQA_ERR_IO;
	if (fflush(a->out) != 0 || ferror(a->out))
		return cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
		                a->o.output_name ? a->o.output_name
		                                 : "standard output",
		                strerror(errno));
	return 0;
}
