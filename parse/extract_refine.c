/*
 * extract_refine.c - what the container scoring gets wrong, put right.
 *
 * extract.c finds the element that holds the article and labels its prose
 * content.  Templates are not that tidy, and these rules, each generic,
 * each a function below, run on its result in this order:
 *
 *   keep_headline_before / headline_like  the headline, wherever the
 *                        template put it (it is rarely in the body box);
 *   keep_lead            the standfirst just above the body, even in a box
 *                        whose class says "teaser";
 *   keep_outside_prose   long link-free prose outside the container (pages
 *                        split articles into modules);
 *   drop_calls_to_action "follow us", "subscribe" among the last blocks;
 *   drop_credit_lines    "Foto: ...", "Quelle: ...", "(c) ...";
 *   drop_orphan_headings headings that introduce only furniture;
 *   smooth_gaps          a block left out only for its position between
 *                        two content blocks, and link lists the article's
 *                        paragraphs frame, are content.
 *
 * Each sets the block's label and its reason (enum block_why), so that
 * `cqa-parse --explain` can say which rule decided.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Tunables of the refinements, each with the reason for its value. */
enum {
	/* A block outside the container joins the article with this much
	 * link-free text: articles split into modules. */
	OUTSIDE_PROSE_CHARS = 80,
	/* ... and needs no sentence ending with this much. */
	OUTSIDE_LONG_CHARS = 200,
	/* After the container, prose further than this many blocks away must
	 * look like the container's blocks to join. */
	AFTER_NEAR_BLOCKS = 3,
	/* Blocks between a headline and the article body (byline, date,
	 * share bar, lead image caption) that the headline search skips. */
	HEADLINE_LOOKBACK = 5,
	/* Calls to action are looked for in this many content blocks at
	 * the end of the article, up to this long: they are one or two
	 * sentences. */
	CTA_TAIL_BLOCKS = 3,
	CTA_MAX_CHARS = 250,
	/* Items of a link list inside the article are phrases this long, not
	 * one-word menu entries. */
	LINK_ITEM_MIN_CHARS = 30,
	/* A credit line is a name or two after its label. */
	CREDIT_MAX_CHARS = 80,
	/* Smoothing fills gaps of up to this many blocks. */
	SMOOTH_MAX_GAP = 1,
	/* A standfirst in a teaser-named box is at least this long. */
	LEAD_MIN_CHARS = 100,
	/* A line up to this long that ends in a colon is a lead-in. */
	LEAD_IN_MAX_CHARS = 60,
	/* A <title> longer than this (bytes) holds no headline to find by
	 * substring: real ones are a line long, and skipping the search keeps
	 * a page of huge title and thousands of headings linear. */
	HEADLINE_MAX_TITLE = 1024,
};

/* Lower-cased ASCII-folded comparison key, for matching the headline. */
static int same_text(const char *a, const char *b)
{
	return a && b && *a && !strcasecmp(a, b);
}

/* Is the block's element a heading by its class ("div.title", as Doxygen
 * and many templates write the page's heading)? */
static int title_element(const text_block *b)
{
	return b->owner &&
	       rules_has_class(html_attr(b->owner, "class"), "title");
}

static int headline_like(const text_block *b, const char *title)
{
	/* Furniture markup does not disqualify: themes wrap the headline in
	 * "entry-header" or "post-meta" boxes.  Links do: a teaser title that
	 * repeats the headline is a link. */
	if ((b->tag != TAG_HEADING && !title_element(b)) || b->link_chars ||
	    !title)
		return 0;
	if (same_text(b->text, title))
		return 1;
	/* <title> is often "Headline | Site" or "Site - Headline". */
	return b->chars >= 10 &&
	       strnlen(title, HEADLINE_MAX_TITLE + 1) <= HEADLINE_MAX_TITLE &&
	       strstr(title, b->text) != NULL;
}

/* Templates put the headline just above the body container, often with a
 * byline or date between: the nearest link-free <h1> within a few blocks
 * before the first content block is the article's title, even inside a
 * furniture-looking box ("entry-header" says both article and header).  A
 * heading of another level right before the first content block is the
 * heading of that text (a manual's section: "4.1 Progress handler"). */
static void keep_headline_before(extract_result *r)
{
	size_t first = 0;
	while (first < r->n && r->blocks[first].label != BLOCK_CONTENT)
		first++;
	for (size_t back = 1; back <= HEADLINE_LOOKBACK && back <= first;
	     back++) {
		text_block *b = &r->blocks[first - back];
		if (b->tag == TAG_HEADING && !b->link_chars &&
		    (b->h1 || back == 1)) {
			block_set_label(b, BLOCK_CONTENT, WHY_HEADLINE_NEAR);
			return;
		}
	}
}

/* Templates mark the standfirst, the paragraph between headline and body,
 * with words that also name teasers ("teaser-text", "article-teaser-intro",
 * "lead" boxes in a "header").  Just before the article, a paragraph of
 * link-free sentences in such a box is its lead; a caption there is the
 * lead image's. */
static void keep_lead(extract_result *r)
{
	size_t first = 0;
	while (first < r->n && r->blocks[first].why != WHY_CONTAINER)
		first++;
	for (size_t back = 1; back <= HEADLINE_LOOKBACK && back <= first;
	     back++) {
		text_block *b = &r->blocks[first - back];
		if (b->label == BLOCK_BOILERPLATE && b->why == WHY_FURNITURE &&
		    b->chars >= LEAD_MIN_CHARS &&
		    b->link_chars * 10 < b->chars && b->tag != TAG_HEADING &&
		    sentence_like(b->text) && !b->in_caption)
			block_set_label(b, BLOCK_CONTENT, WHY_LEAD);
	}
}

/* Prose is made of sentences: the text ends like one, in any script
 * ('.', '!', '?', ellipsis, CJK full stop, closing quote after them). */
int sentence_like(const char *text)
{
	size_t n = strlen(text);
	while (n && strchr("\"')]\xC2\xBB", text[n - 1]))
		n--; /* closing quotes and brackets, » as its last byte */
	if (n >= 3 && (!memcmp(text + n - 3, "\xE2\x80\xA6", 3) ||
	               !memcmp(text + n - 3, "\xE3\x80\x82", 3) ||
	               !memcmp(text + n - 3, "\xE2\x80\x9D", 3)))
		return 1;
	return n && strchr(".!?", text[n - 1]);
}

static int cmp_shape(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a,
	              y = *(const unsigned long *)b;
	return (x > y) - (x < y);
}

/* Long link-free prose outside the container joins the article: pages
 * split an article into modules, and the container holds only some.
 * Before the container that is nearly always right (a lead, the first
 * modules).  Well after it, prose is as often an author's biography, a
 * teaser or a disclaimer; there it must look like the article's own
 * blocks (same tags and classes) to join. */
static void keep_outside_prose(extract_result *r)
{
	/* The container's shapes, sorted for bsearch: pages of 100k blocks
	 * must stay linear-logarithmic. */
	unsigned long *shapes = xmalloc((r->n ? r->n : 1) * sizeof *shapes);
	size_t n_shapes = 0, last = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->blocks[i].why == WHY_CONTAINER) {
			shapes[n_shapes++] = r->blocks[i].shape;
			last = i;
		}
	qsort(shapes, n_shapes, sizeof *shapes, cmp_shape);
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->label != BLOCK_BOILERPLATE || b->markup_boiler ||
		    b->chars < OUTSIDE_PROSE_CHARS ||
		    b->link_chars * 10 >= b->chars ||
		    (b->chars < OUTSIDE_LONG_CHARS && !sentence_like(b->text)))
			continue;
		if (i > last + AFTER_NEAR_BLOCKS &&
		    !bsearch(&b->shape, shapes, n_shapes, sizeof *shapes,
		             cmp_shape))
			continue;
		block_set_label(b, BLOCK_CONTENT, WHY_PROSE);
	}
	free(shapes);
}

/* Smoothing: a run of at most SMOOTH_MAX_GAP link-free, non-furniture
 * blocks between two content blocks is part of the article (a table row,
 * a list of facts, a pull quote the container scoring missed). */
/* Between content blocks a and b, all in the container: a list of links
 * whose items are phrases ("further reading", sources, downloads) that the
 * text introduces and goes on after.  Menus and teaser lists end an
 * article or sit beside it; they are not framed by its paragraphs. */
static int link_list_between(const extract_result *r, size_t a, size_t b)
{
	for (size_t k = a + 1; k < b; k++) {
		const text_block *t = &r->blocks[k];
		if (t->tag != TAG_LI || t->why != WHY_LINKS ||
		    !t->in_container || t->chars < LINK_ITEM_MIN_CHARS)
			return 0;
	}
	return 1;
}

static void smooth_gaps(extract_result *r)
{
	size_t prev = r->n; /* the last content block seen */
	for (size_t i = 0; i < r->n; i++) {
		if (r->blocks[i].label != BLOCK_CONTENT)
			continue;
		if (prev < r->n && i - prev - 1 <= SMOOTH_MAX_GAP) {
			int ok = 1;
			/* Only blocks left out for being outside the
			 * container: a rule that dropped a block knew more. */
			for (size_t k = prev + 1; k < i && ok; k++)
				ok = r->blocks[k].why == WHY_OUTSIDE &&
				     r->blocks[k].links == 0;
			for (size_t k = prev + 1; k < i && ok; k++)
				block_set_label(&r->blocks[k], BLOCK_CONTENT,
				                WHY_SMOOTHED);
		}
		if (prev < r->n && i - prev > 1 &&
		    link_list_between(r, prev, i))
			for (size_t k = prev + 1; k < i; k++)
				block_set_label(&r->blocks[k], BLOCK_CONTENT,
				                WHY_LINK_LIST);
		prev = i;
	}
}

/* The last few short content blocks of an article are where sites put
 * "follow us", "subscribe" and copyright lines; rules_call_to_action()
 * knows the phrases. */
static void drop_calls_to_action(extract_result *r)
{
	size_t seen = 0;
	for (size_t i = r->n; i-- > 0 && seen < CTA_TAIL_BLOCKS;) {
		text_block *b = &r->blocks[i];
		if (b->label != BLOCK_CONTENT)
			continue;
		seen++;
		if (b->chars <= CTA_MAX_CHARS && rules_call_to_action(b->text))
			block_set_label(b, BLOCK_BOILERPLATE,
			                WHY_CALL_TO_ACTION);
	}
}

/* Credit lines anywhere in the article: who took a photo is metadata of
 * the photo, not text of the article. */
static void drop_credit_lines(extract_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->label == BLOCK_CONTENT && b->chars <= CREDIT_MAX_CHARS &&
		    rules_credit_line(b->text))
			block_set_label(b, BLOCK_BOILERPLATE, WHY_CREDIT);
	}
}

/* A lead-in: a heading, or a short line that ends in a colon ("Read
 * also:", "Weitere Informationen:"). */
static int lead_in(const text_block *b)
{
	if (b->tag == TAG_HEADING)
		return 1;
	size_t n = strlen(b->text);
	return b->chars <= LEAD_IN_MAX_CHARS && n && b->text[n - 1] == ':';
}

/* A heading introduces what follows it.  One whose following blocks, up
 * to the next heading or the end, are all furniture introduces furniture
 * ("Related articles", "Auch interessant:", "Comments") and goes with it. */
static void drop_orphan_headings(extract_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->label != BLOCK_CONTENT || !lead_in(b) ||
		    b->why == WHY_HEADLINE || b->why == WHY_HEADLINE_NEAR)
			continue;
		size_t j = i + 1, skipped = 0;
		while (j < r->n && r->blocks[j].label != BLOCK_CONTENT) {
			skipped++;
			j++;
		}
		if (j == r->n ? skipped > 0 || i + 1 == r->n
		              : skipped > 0 && lead_in(&r->blocks[j]))
			block_set_label(b, BLOCK_BOILERPLATE, WHY_ORPHAN);
	}
}

void refine_labels(extract_result *r, const char *title)
{
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->label == BLOCK_BOILERPLATE && headline_like(b, title))
			block_set_label(b, BLOCK_CONTENT, WHY_HEADLINE);
	}
	keep_headline_before(r);
	keep_lead(r);
	keep_outside_prose(r);
	drop_calls_to_action(r);
	drop_credit_lines(r);
	drop_orphan_headings(r);
	smooth_gaps(r);
}
