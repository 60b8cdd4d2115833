/*
 * repeats.c - the records of repeated passages and template blocks.
 *
 * The census (census.h) knows each recurring passage and block by its key
 * and its first pages; the text is quoted from the first page's spilled
 * text or blocks, found again by key.  A sentence is not listed when a
 * listed paragraph holds it on as many pages: the stock closing paragraph
 * is one finding, not one and three of its sentences.
 *
 * Ranking: template blocks by the characters they put on the site
 * (characters times pages: every copy is the template's); passages by the
 * words they add (words times pages after the first: the first is the
 * page's own).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonl.h"
#include "../common/text.h"
#include "analyze_int.h"

enum {
	/* Characters of a block's text quoted in its record: enough to
	 * recognise a menu or a footer. */
	TEMPLATE_TEXT_CHARS = 200,
	/* A passage is quoted whole up to this many characters. */
	PASSAGE_TEXT_CHARS = 2000
};

/* Appends s cut to at most max code points, at a space when one is near,
 * with "…" when cut. */
static void add_cut(buf_t *b, const char *s, size_t len, size_t max)
{
	size_t cps = 0, i = 0, space = 0;
	for (; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (cps == max)
			break;
		if (s[i] == ' ')
			space = i;
		cps++;
	}
	if (i >= len) {
		buf_add(b, s, len);
		return;
	}
	if (space > i * 3 / 4)
		i = space;
	buf_add(b, s, i);
	buf_rtrim(b);
	buf_adds(b, "…");
}

typedef struct sentence_keys {
	uint64_t *key;
	uint32_t *pages;
	size_t n, cap;
} sentence_keys;

static void note_sentence(sentence_keys *k, uint64_t key, uint32_t pages)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->key = xrealloc(k->key, k->cap * sizeof *k->key);
		k->pages = xrealloc(k->pages, k->cap * sizeof *k->pages);
	}
	k->key[k->n] = key;
	k->pages[k->n++] = pages;
}

typedef struct held_entry {
	uint64_t key;
	uint32_t pages;
} held_entry;

static int by_held_key(const void *x, const void *y)
{
	const held_entry *a = x, *b = y;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* The most pages of a listed paragraph holding the sentence key; 0 when
 * none does. */
static uint32_t held_pages(const held_entry *he, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (he[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	uint32_t most = 0;
	for (; lo < n && he[lo].key == key; lo++)
		most = he[lo].pages > most ? he[lo].pages : most;
	return most;
}

/* The page an item is quoted from: a block's example, a passage's first
 * page. */
static uint32_t quoted_page(const census_item *it, int block)
{
	return block ? it->example : it->page[0];
}

typedef struct order_ctx {
	const census_item *items;
	int block;
} order_ctx;

static int by_quoted_page(const void *x, const void *y, void *ud)
{
	const order_ctx *c = ud;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	uint32_t p = quoted_page(&c->items[i], c->block);
	uint32_t q = quoted_page(&c->items[j], c->block);
	if (p != q)
		return p < q ? -1 : 1;
	return (i > j) - (i < j);
}

/* The order to quote items in so that each page is read back once for
 * all the items it holds (a page of stock text may hold hundreds). */
static size_t *read_order(const census_item *items, size_t n, int block)
{
	size_t *ord = xmalloc((n ? n : 1) * sizeof *ord);
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	order_ctx c = {items, block};
	qsort_r(ord, n, sizeof *ord, by_quoted_page, &c);
	return ord;
}

/* Reads page back into doc and part (its text when want_text) unless
 * *have is that page already. */
static int read_page_once(analyzer *a, uint32_t page, int want_text,
                          uint32_t *have, buf_t *doc, spill_part *part,
                          cqa_error *err)
{
	if (page == *have)
		return 0;
	int rc = analyzer_read_doc(a, page, want_text, doc, part, err);
	*have = rc ? UINT32_MAX : page;
	return rc;
}

/* A page's passage spans (census.h), in text order and by key: a page of
 * stock text may have hundreds of repeated passages to find. */
typedef struct page_spans {
	census_span *s; /* text order */
	size_t n, cap;
	size_t *by_key; /* indexes of s, by key */
} page_spans;

static int by_span_key(const void *x, const void *y, void *ud)
{
	const census_span *s = ud;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	if (s[i].key != s[j].key)
		return s[i].key < s[j].key ? -1 : 1;
	return (i > j) - (i < j); /* equal keys in text order */
}

/* Takes the spans of a page read back, the spans that do not fit its
 * text left out. */
static void spans_load(page_spans *ps, const spill_part *part)
{
	/* the spilled bytes may be unaligned: copied */
	size_t n = part[DOC_SPANS].len / sizeof(census_span);
	if (n > ps->cap) {
		ps->cap = n;
		ps->s = xrealloc(ps->s, n * sizeof *ps->s);
		ps->by_key = xrealloc(ps->by_key, n * sizeof *ps->by_key);
	}
	ps->n = 0;
	for (size_t k = 0; k < n; k++) {
		census_span sp;
		memcpy(&sp, (const char *)part[DOC_SPANS].data + k * sizeof sp,
		       sizeof sp);
		if ((size_t)sp.start + sp.len > part[DOC_TEXT].len)
			continue;
		ps->by_key[ps->n] = ps->n;
		ps->s[ps->n++] = sp;
	}
	qsort_r(ps->by_key, ps->n, sizeof *ps->by_key, by_span_key, ps->s);
}

/* The index in text order of the first span with this key, or -1. */
static ptrdiff_t spans_find(const page_spans *ps, uint64_t key)
{
	size_t lo = 0, hi = ps->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ps->s[ps->by_key[mid]].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ps->n || ps->s[ps->by_key[lo]].key != key)
		return -1;
	return (ptrdiff_t)ps->by_key[lo];
}

typedef struct listed {
	const census_item *it;
	char *text;
	char *path;
	uint64_t weight;
	size_t words; /* a passage's, as its first page's count has them */
} listed;

static int by_weight(const void *x, const void *y)
{
	const listed *a = x, *b = y;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->it->pages != b->it->pages)
		return a->it->pages > b->it->pages ? -1 : 1;
	return strcmp(a->text, b->text);
}

/* The URL of page p as a JSON string, escaped once for all the records
 * that list it (the same pages head most of a site's repeated passages). */
static const char *url_json(analyzer *a, char **cache, uint32_t p)
{
	if (!cache[p]) {
		buf_t b = BUF_INIT;
		const char *url = a->pages[p].url;
		jsonl_add_string(&b, url, strlen(url));
		cache[p] = buf_detach(&b, NULL);
	}
	return cache[p];
}

/* Appends the repeated_text record of l (docs/formats.md), written
 * directly: there are as many as the site has repeated passages. */
static void passage_record(analyzer *a, char **cache, const listed *l,
                           buf_t *line)
{
	const census_item *it = l->it;
	buf_adds(line,
	         it->kind == CENSUS_PARAGRAPH
	             ? "{\"type\":\"repeated_text\",\"kind\":\"paragraph\","
	             : "{\"type\":\"repeated_text\",\"kind\":\"sentence\",");
	jsonl_put_string(line, "text", l->text);
	jsonl_put_int(line, "words", (long long)l->words);
	jsonl_put_int(line, "pages", it->pages);
	jsonl_put_int(line, "words_sitewide", (long long)l->weight);
	buf_adds(line, "\"urls\":[");
	for (uint32_t i = 0; i < it->npage; i++) {
		if (i)
			buf_addc(line, ',');
		buf_adds(line, url_json(a, cache, it->page[i]));
	}
	buf_adds(line, "],");
	jsonl_put_int(line, "more_urls", it->pages - it->npage);
	jsonl_end_object(line);
	buf_addc(line, '\n');
}

static int write_passages(analyzer *a, size_t *count, uint64_t *words,
                          cqa_error *err)
{
	size_t n;
	const census_item *items = census_passages(a->census, &n);
	listed *l = xcalloc(n ? n : 1, sizeof *l);
	buf_t doc = BUF_INIT, text = BUF_INIT;
	sentence_keys sk = {0};
	int rc = 0;
	size_t *ord = read_order(items, n, 0);
	spill_part part[DOC__PARTS];
	uint32_t read_page = UINT32_MAX;
	page_spans ps = {0};
	for (size_t o = 0; o < n && !rc; o++) {
		size_t i = ord[o];
		uint32_t had = read_page;
		rc = read_page_once(a, items[i].page[0], 1, &read_page, &doc,
		                    part, err);
		if (rc)
			break;
		if (read_page != had)
			spans_load(&ps, part);
		buf_reset(&text);
		ptrdiff_t at = spans_find(&ps, items[i].key);
		const census_span *sp = at >= 0 ? &ps.s[at] : NULL;
		l[i].it = &items[i];
		/* counted whole (the census's words); only the quotation is
		 * cut */
		if (sp)
			add_cut(&text,
			        (const char *)part[DOC_TEXT].data + sp->start,
			        sp->len, PASSAGE_TEXT_CHARS);
		l[i].text = xstrdup(sp ? text.data : "");
		l[i].words = items[i].size;
		l[i].weight =
		    (uint64_t)items[i].size * (uint64_t)(items[i].pages - 1);
		/* a paragraph's sentences are the spans within it */
		if (items[i].kind == CENSUS_PARAGRAPH && sp) {
			uint64_t end = (uint64_t)sp->start + sp->len;
			for (size_t k = (size_t)at + 1;
			     k < ps.n && ps.s[k].start < end; k++)
				note_sentence(&sk, ps.s[k].key, items[i].pages);
		}
	}
	free(ps.s);
	free(ps.by_key);
	/* the sentences of listed paragraphs, by key, for held_pages() */
	held_entry *he = xmalloc((sk.n ? sk.n : 1) * sizeof *he);
	for (size_t k = 0; k < sk.n; k++)
		he[k] = (held_entry){sk.key[k], sk.pages[k]};
	qsort(he, sk.n, sizeof *he, by_held_key);
	size_t nl = rc ? 0 : n; /* after an error l is not all filled in */
	qsort(l, nl, sizeof *l, by_weight);
	*count = 0;
	*words = 0;
	buf_t line = BUF_INIT;
	char **urls = xcalloc(a->npages ? a->npages : 1, sizeof *urls);
	for (size_t i = 0; i < nl && !rc; i++) {
		const census_item *it = l[i].it;
		int held = it->kind == CENSUS_SENTENCE &&
		           held_pages(he, sk.n, it->key) >= it->pages;
		if (held || !*l[i].text)
			continue;
		buf_reset(&line);
		passage_record(a, urls, &l[i], &line);
		if (fwrite(line.data, 1, line.len, a->out) != line.len)
			rc = cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
			              a->o.output_name ? a->o.output_name
			                               : "standard output",
			              strerror(errno));
		(*count)++;
		*words += l[i].weight;
	}
	for (size_t p = 0; p < a->npages; p++)
		free(urls[p]);
	free(urls);
	buf_free(&line);
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
	free(l);
	free(ord);
	free(sk.key);
	free(sk.pages);
	free(he);
	buf_free(&doc);
	buf_free(&text);
	return rc;
}

/* The text and path of the block with this key in a spilled block list
 * ("label chars TAB path TAB text" lines). */
static int find_block(const spill_part *blocks, uint64_t key, int content,
                      buf_t *text, char **path)
{
	const char *l = blocks->data, *end = l + blocks->len;
	while (l && l < end) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		if (!nl)
			break;
		const char *t1 = memchr(l, '\t', (size_t)(nl - l));
		const char *t2 =
		    t1 ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) : NULL;
		if (t2 && (l[0] == 'c') == content &&
		    census_block_key(t2 + 1, (size_t)(nl - t2 - 1)) == key) {
			add_cut(text, t2 + 1, (size_t)(nl - t2 - 1),
			        TEMPLATE_TEXT_CHARS);
			*path = xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
			return 1;
		}
		l = nl + 1;
	}
	return 0;
}

static int write_blocks(analyzer *a, size_t *count, size_t *content,
                        cqa_error *err)
{
	size_t n;
	const census_item *items = census_blocks(a->census, &n);
	listed *l = xcalloc(n ? n : 1, sizeof *l);
	buf_t doc = BUF_INIT, text = BUF_INIT;
	int rc = 0;
	size_t *ord = read_order(items, n, 1);
	spill_part part[DOC__PARTS];
	uint32_t read_page = UINT32_MAX;
	for (size_t o = 0; o < n && !rc; o++) {
		size_t i = ord[o];
		rc = read_page_once(a, items[i].example, 0, &read_page, &doc,
		                    part, err);
		if (rc)
			break;
		buf_reset(&text);
		l[i].it = &items[i];
		if (!find_block(&part[DOC_BLOCKS], items[i].key,
		                items[i].content, &text, &l[i].path))
			l[i].path = NULL;
		l[i].text = xstrdup(buf_cstr(&text));
		l[i].weight = (uint64_t)items[i].size * items[i].pages;
	}
	size_t nl = rc ? 0 : n; /* after an error l is not all filled in */
	qsort(l, nl, sizeof *l, by_weight);
	*count = *content = 0;
	for (size_t i = 0; i < nl && !rc; i++) {
		const census_item *it = l[i].it;
		json_t *o = json_object();
		json_object_set_new(o, "type", json_string("template_block"));
		json_object_set_new(
		    o, "label",
		    json_string(it->content ? "content" : "boilerplate"));
		json_object_set_new(o, "text", json_string(l[i].text));
		json_object_set_new(o, "chars", json_integer(it->size));
		json_object_set_new(o, "pages", json_integer(it->pages));
		json_object_set_new(o, "chars_sitewide",
		                    json_integer((json_int_t)l[i].weight));
		json_object_set_new(
		    o, "share_of_pages",
		    rounded(a->npages ? (double)it->pages / (double)a->npages
		                      : 0,
		            1e4));
		json_object_set_new(o, "first_url",
		                    json_string(a->pages[it->example].url));
		json_object_set_new(o, "path",
		                    l[i].path ? json_string(l[i].path)
		                              : json_null());
		if (jsonl_write(a->out, a->o.output_name, o, err) != 0)
			rc = CQA_ERR_IO;
		json_decref(o);
		(*count)++;
		*content += (size_t)it->content;
	}
	for (size_t i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].path);
	}
	free(l);
	free(ord);
	buf_free(&doc);
	buf_free(&text);
	return rc;
}

int repeats_write(analyzer *a, size_t *npassages, uint64_t *passage_words,
                  size_t *nblocks, size_t *ncontent, cqa_error *err)
{
	int rc = write_blocks(a, nblocks, ncontent, err);
	if (!rc)
		rc = write_passages(a, npassages, passage_words, err);
	return rc;
}
