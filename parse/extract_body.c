/*
 * extract_body.c - the JSON-LD articleBody fallback.
 *
 * Many CMSs write the article's text a second time into JSON-LD
 * (schema.org NewsArticle/BlogPosting "articleBody").  cqa does not trust it
 * in general: it is often a truncated or differently edited copy, and on the
 * development pages checking every block against it cost more than it
 * gained.  It is the right answer in one case: when the markup yields almost
 * no article (a page rendered by scripts, a template the block rules cannot
 * read), and the body is much longer than what was found.
 *
 * Then the blocks whose text the body contains become content, so that the
 * article keeps its place in the page's blocks.  When those blocks hold less
 * than half of the body, the text is not in the markup at all; the body is
 * added as blocks of its own, one a paragraph, with the path
 * "script/articleBody" so that a reader of docs.jsonl sees where it came
 * from.
 */
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "internal.h"

enum {
	/* Below this much article text (code points) the fallback runs, and
	 * a body shorter than this is no article either. */
	BODY_MIN_CHARS = 250,
	/* The body must hold this many times the text the blocks found. */
	BODY_GAIN = 2,
	/* Blocks shorter than this are not matched against the body: a
	 * word or two is found anywhere. */
	BODY_MATCH_MIN_CHARS = 20,
};

/* Non-space code points of s; *weighted gets their length by
 * rules_char_weight(), the unit of the thresholds (may be NULL). */
static size_t visible_chars(const char *s, size_t *weighted)
{
	size_t n = 0, w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80 && *p > ' ') {
			n++;
			w += rules_char_weight(p);
		}
	if (weighted)
		*weighted = w;
	return n;
}

/* Some sites put HTML into articleBody.  Tags go, a block-level tag or a
 * line break ends a paragraph, and the common entities are decoded. */
static void body_to_text(const char *in, buf_t *out)
{
	static const struct {
		const char *name, *text;
	} entities[] = {{"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
	                {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
	                {"&nbsp;", " "},  {"&#160;", " "}};
	for (const char *p = in; *p;) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (!end)
				break;
			const char *name = p + 1 + (p[1] == '/');
			if (!strncasecmp(name, "p", 1) ||
			    !strncasecmp(name, "br", 2) ||
			    !strncasecmp(name, "div", 3) ||
			    !strncasecmp(name, "li", 2) ||
			    (name[0] == 'h' && name[1] >= '1' &&
			     name[1] <= '6'))
				buf_addc(out, '\n');
			p = end + 1;
			continue;
		}
		if (*p == '&') {
			size_t i;
			for (i = 0; i < sizeof entities / sizeof *entities;
			     i++) {
				size_t k = strlen(entities[i].name);
				if (!strncmp(p, entities[i].name, k)) {
					buf_adds(out, entities[i].text);
					p += k;
					break;
				}
			}
			if (i < sizeof entities / sizeof *entities)
				continue;
		}
		buf_addc(out, *p++);
	}
}

static size_t content_chars(const extract_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->blocks[i].label == BLOCK_CONTENT)
			n += r->blocks[i].chars;
	return n;
}

static void add_block(extract_result *r, const char *text, size_t len)
{
	buf_t t = BUF_INIT;
	/* Collapse white space as the block walk does. */
	int space = 1;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (!space)
				buf_addc(&t, ' ');
			space = 1;
			continue;
		}
		buf_addc(&t, c);
		space = 0;
	}
	buf_rtrim(&t);
	if (!t.len) {
		buf_free(&t);
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->blocks = xrealloc(r->blocks, r->cap * sizeof *r->blocks);
	}
	text_block *b = &r->blocks[r->n++];
	memset(b, 0, sizeof *b);
	b->text = buf_detach(&t, NULL);
	b->code_points = visible_chars(b->text, &b->chars);
	b->path = xstrdup("script/articleBody");
	b->tag = TAG_P;
	b->label = BLOCK_CONTENT;
	b->why = WHY_ARTICLE_BODY;
}

void extract_article_body(extract_result *r, const char *article_body)
{
	if (!article_body)
		return;
	size_t found = content_chars(r);
	if (found >= BODY_MIN_CHARS)
		return;
	buf_t body = BUF_INIT;
	body_to_text(article_body, &body);
	size_t body_chars;
	visible_chars(buf_cstr(&body), &body_chars);
	if (body_chars < BODY_MIN_CHARS || body_chars <= BODY_GAIN * found) {
		buf_free(&body);
		return;
	}

	/* The blocks the body contains, compared in text_normalize() form;
	 * first counted, then taken if they hold the body. */
	buf_t norm_body = BUF_INIT, norm = BUF_INIT;
	text_normalize(body.data, body.len, &norm_body);
	unsigned char *in_body = xcalloc(r->n ? r->n : 1, 1);
	size_t matched = 0;
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->label == BLOCK_CONTENT ||
		    b->chars < BODY_MATCH_MIN_CHARS)
			continue;
		buf_reset(&norm);
		text_normalize(b->text, strlen(b->text), &norm);
		if (norm.len && strstr(buf_cstr(&norm_body), buf_cstr(&norm))) {
			in_body[i] = 1;
			matched += b->chars;
		}
	}
	buf_free(&norm);
	buf_free(&norm_body);

	if (2 * matched >= body_chars) {
		for (size_t i = 0; i < r->n; i++)
			if (in_body[i]) {
				r->blocks[i].label = BLOCK_CONTENT;
				r->blocks[i].why = WHY_ARTICLE_BODY;
			}
	} else {
		/* Not in the markup: the body becomes the article, and what
		 * the prose fallback took ("Loading...") is not. */
		for (size_t i = 0; i < r->n; i++)
			if (r->blocks[i].why == WHY_FALLBACK) {
				r->blocks[i].label = BLOCK_BOILERPLATE;
				r->blocks[i].why = WHY_OUTSIDE;
			}
		const char *p = buf_cstr(&body);
		while (*p) {
			size_t len = strcspn(p, "\n");
			add_block(r, p, len);
			p += len;
			p += *p == '\n';
		}
	}
	free(in_body);
	buf_free(&body);
}
