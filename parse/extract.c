/*
 * extract.c - which text of a page is the article.
 *
 * The method combines three generic kinds of evidence, none site-specific:
 *
 * 1. Markup semantics.  Invisible subtrees (script, style, hidden) are never
 *    text.  Furniture subtrees -- nav, footer, aside, a <header> outside the
 *    article, elements whose class or id says navigation, sharing, comments,
 *    teasers -- are boilerplate (extract_rules.c holds the vocabularies).  A
 *    guard keeps a "furniture" wrapper that holds most of the page's text
 *    (ASP.NET wraps whole pages in <form>; some themes call the body
 *    "page-aside"): such a label is wrong, not the text.
 *
 * 2. Block segmentation and density.  The visible text is cut into blocks at
 *    block-level elements; each block knows its characters, link characters
 *    and owning element.  Link density (link chars / chars) separates prose
 *    from menus and teaser lists.
 *
 * 3. Container scoring (after Readability).  Each prose block gives points
 *    (1 + commas + length) to its ancestors, decaying with distance; an
 *    element's score starts from its tag and class evidence and is scaled by
 *    its own link-free share.  The best container, plus siblings that score
 *    close to it, holds the article; inside it, link-heavy blocks and
 *    furniture are still dropped.  extract_refine.c then corrects what
 *    the container gets wrong (headline, standfirst, article modules
 *    outside it, calls to action, credits, orphan headings, smoothing).
 *
 * When the container holds too little, the page is read again believing
 * less of its markup (an article wrapped in <aside> or an "article-header"
 * box), and if that fails too, every non-furniture block with prose
 * density becomes content (a jusText-like fallback).  extract_body.c's
 * JSON-LD articleBody is the last resort, run by parse.c.
 *
 * Per-element working data hangs off libxml2's node->_private, allocated in
 * chunks from an arena that lives for one call.  Traversals are iterative:
 * depth never grows the C stack.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "internal.h"

/* Tunables of the method, each with the reason for its value. */
enum {
	/* Blocks shorter than this give no points to containers: captions,
	 * dates and buttons say nothing about where the article is. */
	MIN_SCORING_CHARS = 25,
	/* How many ancestors a block's points reach (Readability uses 5). */
	SCORE_LEVELS = 5,
	/* Below this many characters the container result is implausible and
	 * the fallback runs. */
	MIN_CONTAINER_CHARS = 250,
	/* Fallback: a block needs this much text to count as prose. */
	FALLBACK_MIN_CHARS = 60,
	/* An element whose class says both "article" and "furniture" is
	 * article when it holds this much link-free text. */
	MIXED_CLASS_PROSE_CHARS = 200,
	/* Below this much article text the page is read again at a lower
	 * furniture level. */
	RETRY_BELOW_CHARS = 250,
	/* A retry at a lower furniture level must find this many times the
	 * article text the previous level found, and a paragraph this long
	 * (teaser excerpts are a sentence or two). */
	RETRY_GAIN = 2,
	RETRY_LONG_BLOCK = 200,
	RETRY_PAIR_BLOCK = 80,
	/* Components kept in a block's tag path. */
	MAX_PATH_PARTS = 14,
	/* Ancestors of a paragraph looked at for the quote, list item or
	 * definition it is part of. */
	KIND_LOOKUP_LEVELS = 3,
	/* A container that is a section is widened to its parent at most
	 * this many times (sections nest: h2 in h1, h3 in h2). */
	WIDEN_LEVELS = 4,
	/* Ancestors looked at for one with twice the container's prose
	 * (widen_to_prose). */
	WIDEN_MAX_CLIMBS = 8,
	/* A sibling section has at least this much text (weighted). */
	SECTION_MIN_CHARS = 50,
	/* See LINKED_SENTENCE_MAX_LINK_SHARE. */
	LINKED_SENTENCE_MIN_CHARS = 40,
	/* A table row scores as prose only with a cell this long (bytes):
	 * a layout table's paragraph, not a row of data. */
	ROW_PROSE_CELL = 120,
	/* How deep the heading a section starts with may be wrapped
	 * (DocBook: div.sect1 > div.titlepage > div > div > h2). */
	HEADING_DEPTH = 4,
	/* Words of an id that is a slug of a title (title_slug). */
	SLUG_MIN_WORDS = 3,
};
/* Guard: a furniture label on a subtree holding more than this share of
 * the page's text is taken to be wrong. */
static const double GUARD_TEXT_SHARE = 0.6;
/* A subtree with fewer links than this share of its text is prose: long
 * articles link a lot, menus link everything. */
static const double PROSE_MAX_LINK_SHARE = 0.3;
/* Siblings of the best container join it at this share of its score. */
static const double SIBLING_SCORE_SHARE = 0.2;
/* In the container, a block this much of whose text is code markup
 * (<code>, <tt>, <kbd>...) is names in code: "apply, failed, finished"
 * under "Methods inherited from class TestWatcher". */
static const double CODE_NAMES_SHARE = 0.8;
/* In the container, a sentence (40 characters or more, ending as one)
 * with up to this share of link text is prose: manuals link commands and
 * terms inline. */
static const double LINKED_SENTENCE_MAX_LINK_SHARE = 0.8;
/* A container with less than this share of its parent's prose is a part
 * of the text, and the parent is taken (widen_to_prose). */
static const double WIDEN_PROSE_SHARE = 0.5;
/* Class evidence is worth this many points to a candidate container. */
static const double CLASS_POINTS = 25.0;

typedef struct node_info {
	size_t chars;      /* visible non-space characters in the subtree */
	size_t link_chars; /* of which inside <a> */
	double score;
	size_t article_chars;   /* chars of the largest article-like element at
	                           or under this one */
	xmlNodePtr block_owner; /* nearest block-level element (self or up) */
	const char *id, *cls;   /* the element's id and class attributes */
	signed char pos, neg, strong; /* class/id evidence, extract_rules.c */
	unsigned short tag_flags;     /* T_* of the element's tag */
	signed char block_tag;        /* enum block_tag of the element */
	unsigned invisible : 1;
	unsigned soft : 1; /* invisible only by a T_SOFT_INVISIBLE ancestor */
	unsigned boiler : 1;
	unsigned in_link : 1;
	unsigned in_code : 1; /* inside inline code markup (T_CODE) */
	unsigned in_article : 1;
	unsigned candidate : 1;
	unsigned selected : 1;
	unsigned is_block : 1;
	unsigned own_comment : 1;       /* its class or id names comments */
	unsigned own_comment_words : 3; /* how many comment words it has */
	unsigned in_comment : 1;        /* self or an ancestor names comments */
} node_info;

typedef struct arena {
	node_info **chunks;
	size_t n_chunks, used; /* used: slots used in the last chunk */
} arena;

enum { ARENA_CHUNK = 1024 };

static node_info *arena_new(arena *a)
{
	if (!a->n_chunks || a->used == ARENA_CHUNK) {
		a->chunks =
		    xrealloc(a->chunks, (a->n_chunks + 1) * sizeof *a->chunks);
		a->chunks[a->n_chunks++] =
		    xcalloc(ARENA_CHUNK, sizeof(node_info));
		a->used = 0;
	}
	return &a->chunks[a->n_chunks - 1][a->used++];
}

static void arena_free(arena *a)
{
	for (size_t i = 0; i < a->n_chunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
}

static node_info *info_of(xmlNodePtr n)
{
	return n ? (node_info *)n->_private : NULL;
}

/* The attributes extraction looks at, found in one pass over the list. */
typedef struct attrs {
	const char *id, *cls, *style, *aria_hidden;
	int hidden;
} attrs;

static void read_attrs(xmlNodePtr n, attrs *a)
{
	memset(a, 0, sizeof *a);
	for (xmlAttrPtr p = n->properties; p; p = p->next) {
		if (!p->name || !p->children ||
		    p->children->type != XML_TEXT_NODE)
			continue;
		const char *name = (const char *)p->name;
		const char *value = (const char *)p->children->content;
		/* most attributes are none of these: the first letter
		 * rules them out without a comparison */
		char c = (char)(name[0] | 0x20);
		if (c != 'c' && c != 'i' && c != 's' && c != 'a' && c != 'h')
			continue;
		if (!strcasecmp(name, "class"))
			a->cls = value;
		else if (!strcasecmp(name, "id"))
			a->id = value;
		else if (!strcasecmp(name, "style"))
			a->style = value;
		else if (!strcasecmp(name, "aria-hidden"))
			a->aria_hidden = value;
		else if (!strcasecmp(name, "hidden"))
			a->hidden = 1;
	}
}

static int is_hidden(const attrs *a)
{
	if (a->hidden || rules_has_hidden_class(a->cls))
		return 1;
	if (a->aria_hidden && !strcasecmp(a->aria_hidden, "true"))
		return 1;
	if (a->style) {
		char s[256];
		size_t k = 0;
		for (const char *v = a->style; *v && k + 1 < sizeof s; v++)
			if (*v != ' ')
				s[k++] = (char)(*v | 0x20);
		s[k] = '\0';
		if (strstr(s, "display:none") || strstr(s, "visibility:hidden"))
			return 1;
	}
	return 0;
}

static const char *name_of(xmlNodePtr n)
{
	return n->name ? (const char *)n->name : "";
}

/* Non-space code points, the unit of pass 1. */
static size_t count_visible(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80 && *p > ' ')
			n += rules_char_weight(p);
	return n;
}

/*
 * Iterative pre/post-order walk.  enter() returns 1 to descend; leave() is
 * called for every node entered, children first.
 */
typedef int (*enter_fn)(void *ud, xmlNodePtr n);
typedef void (*leave_fn)(void *ud, xmlNodePtr n);

static void walk(xmlNodePtr root, enter_fn enter, leave_fn leave, void *ud)
{
	xmlNodePtr n = root;
	while (n) {
		if (enter(ud, n) && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			leave(ud, n);
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

/* ---- pass 1: visible text per subtree ---- */

/* Is the id of a section or heading a slug of its title
 * ("using-intersphinx-with-basic-authorization", "connect-with-the-author")?
 * Documentation generators make ids so; their words are the title's, not
 * a component's name, and are no evidence of furniture ("author",
 * "comments").  A slug has at least SLUG_MIN_WORDS words. */
static int title_slug(xmlNodePtr n, const char *id)
{
	if (!id)
		return 0;
	const char *name = name_of(n);
	int heading = (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' &&
	              name[1] <= '6' && !name[2];
	if (!heading && strcasecmp(name, "section") != 0)
		return 0;
	int words = 1;
	for (const char *c = id; *c; c++)
		words += *c == '-' || *c == '_';
	return words >= SLUG_MIN_WORDS;
}

/* A link inside a heading that is a permalink to it ("¶", "#", class
 * "headerlink"): not text, so the heading reads as its words and still
 * matches the page's <title>. */
static int heading_permalink(xmlNodePtr n, const node_info *parent,
                             const attrs *at)
{
	if (!parent || !parent->block_owner ||
	    info_of(parent->block_owner)->block_tag != TAG_HEADING)
		return 0;
	if (rules_heading_furniture(at->cls, html_attr(n, "title"), NULL))
		return 1;
	xmlChar *text = xmlNodeGetContent(n);
	int yes =
	    text && rules_heading_furniture(NULL, NULL, (const char *)text);
	xmlFree(text);
	return yes;
}

typedef struct pass1 {
	arena *arena;
} pass1;

static int p1_enter(void *ud, xmlNodePtr n)
{
	pass1 *p = ud;
	node_info *parent = info_of(n->parent);
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (parent && !parent->invisible && n->content)
			parent->chars +=
			    count_visible((const char *)n->content);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	node_info *in = arena_new(p->arena);
	n->_private = in;
	const tag_rule *tag = rules_tag(name_of(n));
	attrs at;
	read_attrs(n, &at);
	in->id = at.id;
	in->cls = at.cls;
	in->tag_flags = (unsigned short)tag->flags;
	in->block_tag = (signed char)tag->block_tag;
	/* Under a soft-invisible element (svg, button) a block-level element
	 * is shown again; anything else inherits the parent's state. */
	int shown_again = parent && parent->soft && (tag->flags & T_BLOCK);
	int soft_tag = !!(tag->flags & T_SOFT_INVISIBLE);
	int hard =
	    (parent && parent->invisible && !parent->soft) ||
	    (!soft_tag && ((tag->flags & T_INVISIBLE) || is_hidden(&at))) ||
	    ((tag->flags & T_LINK) && heading_permalink(n, parent, &at));
	in->soft =
	    !hard && !shown_again && ((parent && parent->soft) || soft_tag);
	in->invisible = hard || in->soft;
	in->in_link = (parent && parent->in_link) || (tag->flags & T_LINK);
	in->in_code = (parent && parent->in_code) || (tag->flags & T_CODE);
	in->is_block = !!(tag->flags & T_BLOCK);
	in->block_owner = in->is_block ? n : parent ? parent->block_owner : n;
	in->in_article = (parent && parent->in_article) ||
	                 (tag->flags & (T_ARTICLE | T_MAIN));
	if (!in->invisible) {
		int pos, neg, strong, comments;
		rules_class_evidence(at.cls,
		                     title_slug(n, at.id) ? NULL : at.id, &pos,
		                     &neg, &strong, &comments);
		in->own_comment = comments > 0;
		in->own_comment_words =
		    (unsigned)(comments < 7 ? comments : 7) & 7u;
		in->in_comment = (parent && parent->in_comment) || comments;
		in->pos = (signed char)(pos < 100 ? pos : 100);
		in->neg = (signed char)(neg < 100 ? neg : 100);
		in->strong = (signed char)(strong < 100 ? strong : 100);
	}
	return !in->invisible || in->soft;
}

static void p1_leave(void *ud, xmlNodePtr n)
{
	node_info *in = info_of(n);
	if (n->type != XML_ELEMENT_NODE || !in)
		return;
	if (in->in_link)
		in->link_chars = in->chars;
	if ((in->pos > in->neg || (in->tag_flags & T_ARTICLE)) &&
	    in->chars > in->article_chars)
		in->article_chars = in->chars;
	node_info *parent = info_of(n->parent);
	if (parent && n->parent->type == XML_ELEMENT_NODE) {
		parent->chars += in->chars;
		parent->link_chars += in->link_chars;
		if (in->article_chars > parent->article_chars)
			parent->article_chars = in->article_chars;
	}
}

/* ---- pass 2: furniture decisions and blocks ---- */

/* How much markup evidence pass 2 believes.  A page whose article sits
 * under furniture markup (an <aside> wrapper, an "article-header" box
 * around the body) yields nearly nothing at the first level; then the
 * page is read again believing less, as Readability retries without its
 * "unlikely candidate" stripping. */
enum furniture_level {
	FURNITURE_ALL = 0, /* tags, weak and strong class words */
	FURNITURE_STRONG,  /* only strong class words (comments, sharing) */
	FURNITURE_NONE,    /* nothing: density alone decides */
	FURNITURE_LEVELS
};

typedef struct pass2 {
	int level;      /* enum furniture_level */
	unsigned flags; /* EXTRACT_* */
	size_t page_chars;
	extract_result *out;
	buf_t text;        /* the block being built */
	size_t link_chars; /* its length inside <a> (rules_char_weight) */
	size_t link_code_points;
	size_t code_chars; /* its length inside code markup */
	size_t links;
	xmlNodePtr owner;
	int last_space; /* last byte added was a space (or nothing) */
	xmlNodePtr row; /* the table row of the last cell entered */
	line_map lines; /* source lines of text */
} pass2;

static int guard_keeps(const pass2 *p, const node_info *in)
{
	return p->page_chars &&
	       (double)in->chars > GUARD_TEXT_SHARE * (double)p->page_chars;
}

/* Prose: enough text, few links.  Mixed class evidence ("entry share",
 * "post-footer") is decided by this. */
static int prose_heavy(const node_info *in)
{
	return in->chars >= MIXED_CLASS_PROSE_CHARS &&
	       (double)in->link_chars <
	           PROSE_MAX_LINK_SHARE * (double)in->chars;
}

static int furniture(const pass2 *p, const node_info *in)
{
	if (p->level == FURNITURE_NONE || guard_keeps(p, in))
		return 0;

	int pos = in->pos, neg = in->neg, strong = in->strong;
	/* Kept comments: the words that name a comment section do not count
	 * (comment words are strong ones); furniture inside a comment, such
	 * as reply links, still does. */
	if ((p->flags & EXTRACT_KEEP_COMMENTS) && in->own_comment) {
		neg -= in->own_comment_words;
		strong -= in->own_comment_words;
	}
	if (p->level == FURNITURE_STRONG)
		return strong && neg > pos && !prose_heavy(in);
	if (((in->tag_flags & T_BOILERPLATE) && !rules_notes_class(in->cls)) ||
	    ((in->tag_flags & T_HEADER) && !in->in_article))
		return 1;
	if (!neg)
		return 0;
	/* A furniture word on a wrapper around the article body ("sticky
	 * social icons" around "entry-content") describes a side feature of
	 * the wrapper, not its text. */
	if (2 * in->article_chars >= in->chars && prose_heavy(in))
		return 0;
	if (!strong)
		return neg >= pos && !prose_heavy(in);
	return neg > pos || !prose_heavy(in);
}

static void append_path(buf_t *path, xmlNodePtr owner)
{
	xmlNodePtr chain[MAX_PATH_PARTS];
	size_t k = 0;
	for (xmlNodePtr n = owner;
	     n && n->type == XML_ELEMENT_NODE && k < MAX_PATH_PARTS;
	     n = n->parent)
		chain[k++] = n;
	while (k--) {
		xmlNodePtr n = chain[k];
		buf_adds(path, name_of(n));
		const char *id = info_of(n)->id;
		const char *cls = info_of(n)->cls;
		if (id && *id) {
			buf_addc(path, '#');
			buf_add(path, id, strcspn(id, " \t\n"));
		} else if (cls) {
			cls += strspn(cls, " \t\n");
			if (*cls) {
				buf_addc(path, '.');
				buf_add(path, cls, strcspn(cls, " \t\n"));
			}
		}
		if (k)
			buf_addc(path, '/');
	}
}

/* FNV-1a over the tag and first class of the owner and its parent ("p" in
 * "div.text-content-item").  An element with an id counts by tag alone:
 * ids number modules ("c2618", "post-body-364...") and would make every
 * module a kind of its own. */
static unsigned long block_shape(xmlNodePtr owner)
{
	unsigned long h = 2166136261UL;
	xmlNodePtr n = owner;
	for (int level = 0; level < 2 && n && n->type == XML_ELEMENT_NODE;
	     level++, n = n->parent) {
		const node_info *in = info_of(n);
		for (const char *c = name_of(n); *c; c++)
			h = (h ^ (unsigned char)*c) * 16777619UL;
		h = (h ^ '/') * 16777619UL;
		if (in->id && *in->id)
			continue;
		const char *c =
		    in->cls ? in->cls + strspn(in->cls, " \t\n") : "";
		for (; *c && !strchr(" \t\n", *c); c++)
			h = (h ^ (unsigned char)*c) * 16777619UL;
		h = (h ^ '.') * 16777619UL;
	}
	return h;
}

/* Is the owner a caption, or a <p> in one (a few levels up at most)? */
static int under_caption(xmlNodePtr owner)
{
	int level = 0;
	for (xmlNodePtr n = owner;
	     n && n->type == XML_ELEMENT_NODE && level < 4;
	     n = n->parent, level++)
		if (info_of(n)->block_tag == TAG_CAPTION)
			return 1;
	return 0;
}

/* Code points of s[0..n), and their length by rules_char_weight(). */
static size_t utf8_len(const char *s, size_t n, size_t *weighted)
{
	size_t k = 0, w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			k++;
			w += rules_char_weight((const unsigned char *)s + i);
		}
	*weighted = w;
	return k;
}

/* The kind of the block owner holds.  A paragraph inside a quote, a list
 * item, a definition or a caption (<blockquote><p>, <li><p>) is a part of
 * that: the nearest such ancestor, a few levels up, decides. */
static int block_kind_of(xmlNodePtr owner, int *level)
{
	int kind = rules_block_kind(name_of(owner), level);
	if (kind != KIND_PARAGRAPH)
		return kind;
	xmlNodePtr n = owner->parent;
	for (int up = 0;
	     up < KIND_LOOKUP_LEVELS && n && n->type == XML_ELEMENT_NODE;
	     up++, n = n->parent) {
		int lv, k = rules_block_kind(name_of(n), &lv);
		if (k == KIND_QUOTE || k == KIND_LIST_ITEM ||
		    k == KIND_DESCRIPTION || k == KIND_TERM ||
		    k == KIND_CAPTION)
			return k;
		if (k != KIND_PARAGRAPH)
			break;
	}
	return KIND_PARAGRAPH;
}

static void flush_block(pass2 *p)
{
	buf_rtrim(&p->text);
	if (p->text.len && p->owner) {
		extract_result *r = p->out;
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->blocks =
			    xrealloc(r->blocks, r->cap * sizeof *r->blocks);
		}
		text_block *b = &r->blocks[r->n++];
		memset(b, 0, sizeof *b);
		b->code_points = utf8_len(p->text.data, p->text.len, &b->chars);
		b->text = buf_detach(&p->text, NULL);
		b->link_chars =
		    p->link_chars < b->chars ? p->link_chars : b->chars;
		b->link_code_points = p->link_code_points < b->code_points
		                          ? p->link_code_points
		                          : b->code_points;
		b->code_chars =
		    p->code_chars < b->chars ? p->code_chars : b->chars;
		b->links = p->links;
		b->owner = p->owner;
		b->tag = info_of(p->owner)->block_tag;
		b->kind = block_kind_of(p->owner, &b->level);
		b->h1 = !!(info_of(p->owner)->tag_flags & T_H1);
		b->markup_boiler = info_of(p->owner)->boiler;
		b->in_comment = info_of(p->owner)->in_comment;
		b->in_caption = under_caption(p->owner);
		b->shape = block_shape(p->owner);
		buf_t path = BUF_INIT;
		append_path(&path, p->owner);
		b->path = buf_detach(&path, NULL);
		b->lines = p->lines;
		memset(&p->lines, 0, sizeof p->lines);
	}
	p->lines.n = 0;
	buf_reset(&p->text);
	p->link_chars = 0;
	p->link_code_points = 0;
	p->code_chars = 0;
	p->links = 0;
	p->owner = NULL;
	p->last_space = 1;
}

/* Appends the text of a code block as it is: line breaks and indentation
 * are the code's meaning.  CRs go (CRLF becomes LF), and so do the line
 * breaks a block starts with; line is the source line s starts on. */
static void add_code(pass2 *p, const char *s, const node_info *in, long line)
{
	const unsigned char *u = (const unsigned char *)s;
	int line_start = 1;
	for (; *u; u++) {
		if (*u == '\r')
			continue;
		if (*u == '\n') {
			if (line > 0)
				line++;
			line_start = 1;
			if (p->text.len)
				buf_addc(&p->text, '\n');
			continue;
		}
		if (line_start && line > 0)
			line_map_note(&p->lines, p->text.len, (size_t)line);
		line_start = 0;
		if ((*u & 0xC0) != 0x80) {
			size_t w = rules_char_weight(u);
			p->code_chars += w;
			if (in->in_link) {
				p->link_chars += w;
				p->link_code_points++;
			}
		}
		buf_addc(&p->text, (char)*u);
	}
	p->last_space = !p->text.len || p->text.data[p->text.len - 1] == ' ' ||
	                p->text.data[p->text.len - 1] == '\n';
}

/* Appends text with white space (ASCII and no-break space) collapsed;
 * line is the source line s starts on (0: unknown). */
static void add_text(pass2 *p, const char *s, const node_info *in, long line)
{
	if (p->owner && info_of(p->owner)->block_tag == TAG_PRE) {
		add_code(p, s, in, line);
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		int space = *u == ' ' || *u == '\t' || *u == '\n' ||
		            *u == '\r' || *u == '\f' ||
		            (*u == 0xC2 && u[1] == 0xA0);
		if (space) {
			if (!p->last_space) {
				buf_addc(&p->text, ' ');
				p->last_space = 1;
			}
			if (*u == '\n' && line > 0)
				line++;
			u += *u == 0xC2 ? 2 : 1;
			continue;
		}
		if (line > 0)
			line_map_note(&p->lines, p->text.len, (size_t)line);
		/* A run up to the next space goes in with one copy. */
		const unsigned char *run = u;
		while (*u && *u != ' ' && *u != '\t' && *u != '\n' &&
		       *u != '\r' && *u != '\f' &&
		       !(*u == 0xC2 && u[1] == 0xA0)) {
			if ((in->in_link || in->in_code) &&
			    (*u & 0xC0) != 0x80) {
				size_t w = rules_char_weight(u);
				if (in->in_code)
					p->code_chars += w;
				if (in->in_link) {
					p->link_chars += w;
					p->link_code_points++;
				}
			}
			u++;
		}
		buf_add(&p->text, run, (size_t)(u - run));
		p->last_space = 0;
	}
}

/* A cell of row: after the row's first, a tab (no space before it), also
 * for an empty cell, so the row's block text is its cells' texts,
 * tab-separated, each in its column. */
static void start_cell(pass2 *p, xmlNodePtr row)
{
	if (p->row != row) {
		p->row = row;
		return;
	}
	while (p->text.len && p->text.data[p->text.len - 1] == ' ')
		p->text.data[--p->text.len] = '\0';
	buf_addc(&p->text, '\t');
	p->last_space = 1;
}

static int p2_enter(void *ud, xmlNodePtr n)
{
	pass2 *p = ud;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		node_info *parent = info_of(n->parent);
		if (!parent || parent->invisible || !n->content)
			return 0;
		xmlNodePtr owner = parent->block_owner;
		/* Furniture inline inside a prose block ("share" links in a
		 * paragraph) is left out of the block. */
		if (parent->boiler && !info_of(owner)->boiler)
			return 0;
		if (p->owner && p->owner != owner)
			flush_block(p);
		p->owner = owner;
		add_text(p, (const char *)n->content, parent, xmlGetLineNo(n));
		return 0;
	}
	node_info *in = info_of(n);
	if (n->type != XML_ELEMENT_NODE || !in || (in->invisible && !in->soft))
		return 0;
	node_info *parent = info_of(n->parent);
	in->boiler = (parent && parent->boiler) || furniture(p, in);
	if (in->invisible)
		return 1; /* for shown block-level descendants */
	if (in->is_block)
		flush_block(p);
	if (in->tag_flags & T_CELL)
		start_cell(p, in->block_owner);
	if (in->tag_flags & T_LINK)
		p->links++;
	return 1;
}

static void p2_leave(void *ud, xmlNodePtr n)
{
	pass2 *p = ud;
	node_info *in = info_of(n);
	if (n->type == XML_ELEMENT_NODE && in && in->is_block)
		flush_block(p);
}

/* ---- labelling ---- */

static double ratio(size_t part, size_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

const char *extract_why_name(int why)
{
	static const char *const names[WHY_COUNT] = {
	    [WHY_OUTSIDE] = "outside",
	    [WHY_FURNITURE] = "furniture",
	    [WHY_LINKS] = "links",
	    [WHY_FRAGMENT] = "fragment",
	    [WHY_SHORT] = "short",
	    [WHY_ORPHAN] = "orphan-heading",
	    [WHY_CALL_TO_ACTION] = "call-to-action",
	    [WHY_CREDIT] = "credit",
	    [WHY_CONTAINER] = "container",
	    [WHY_HEADLINE] = "headline",
	    [WHY_HEADLINE_NEAR] = "headline-near",
	    [WHY_LEAD] = "lead",
	    [WHY_PROSE] = "prose",
	    [WHY_SMOOTHED] = "smoothed",
	    [WHY_LINK_LIST] = "link-list",
	    [WHY_ARTICLE_BODY] = "article-body",
	    [WHY_COMMENT] = "comment",
	    [WHY_FALLBACK] = "fallback",
	};
	return why >= 0 && why < WHY_COUNT ? names[why] : "?";
}

/* The reason a block that is not prose is boilerplate. */
static int why_not_prose(const text_block *b)
{
	return b->markup_boiler ? WHY_FURNITURE : WHY_LINKS;
}

/* A line that introduces what follows ("... mix 2 styles with these
 * key features:") is a sentence too. */
static int ends_with_colon(const char *s)
{
	size_t n = strlen(s);
	return n && s[n - 1] == ':';
}

/* In the container, text whose links are the text itself: the links of a
 * section in a run of sections (a reference's "See Also"), names in code
 * (an API's members), a heading that links to itself or to the table of
 * contents, a row of a table (a reference's table of its modules or
 * members: menus are lists, not tables, inside the text), a sentence
 * that links many of its words (commands, files, terms). */
static int has_sibling_sections(xmlNodePtr n);

/* Is n in one of a run of sections, each under its heading (Synopsis,
 * Description, See Also)?  Such a section's list of links is the
 * reference's own, not a menu. */
static int in_section_run(xmlNodePtr n)
{
	for (int k = 0; n && k <= HEADING_DEPTH; k++, n = n->parent)
		if (n->type == XML_ELEMENT_NODE && has_sibling_sections(n))
			return 1;
	return 0;
}

static int linked_text(const text_block *b)
{
	if (b->markup_boiler)
		return 0;
	if (in_section_run(b->owner))
		return 1;
	if (b->tag == TAG_HEADING || b->kind == KIND_TABLE_ROW ||
	    rules_code_names(b->text) ||
	    (double)b->code_chars >= CODE_NAMES_SHARE * (double)b->chars)
		return 1;
	return b->chars >= LINKED_SENTENCE_MIN_CHARS &&
	       ratio(b->link_chars, b->chars) <=
	           LINKED_SENTENCE_MAX_LINK_SHARE &&
	       (sentence_like(b->text) || ends_with_colon(b->text));
}

/* Bytes of the longest cell of a table row's text (cells are
 * tab-separated). */
static size_t longest_cell(const char *s)
{
	size_t best = 0, run = 0;
	for (; *s; s++) {
		run = *s == '\t' ? 0 : run + 1;
		if (run > best)
			best = run;
	}
	return best;
}

static size_t count_commas(const char *s)
{
	size_t n = 0;
	for (const char *c = s; *c; c++)
		n += *c == ',';
	/* Full-width commas (CJK prose). */
	for (const char *q = s; (q = strstr(q, "\xEF\xBC\x8C")); q += 3)
		n++;
	return n;
}

/* The elements that received points, in the order they first did. */
typedef struct candidates {
	xmlNodePtr *v;
	size_t n, cap;
} candidates;

static void score_containers(extract_result *r, candidates *c)
{
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->markup_boiler || b->in_comment ||
		    b->chars < MIN_SCORING_CHARS ||
		    ratio(b->link_chars, b->chars) > EXTRACT_MAX_LINK_DENSITY)
			continue;
		/* A row of data ("nmap, 4434, network mapper") is no prose
		 * however many commas it has; a layout table's cell of
		 * prose is. */
		if (b->kind == KIND_TABLE_ROW &&
		    longest_cell(b->text) < ROW_PROSE_CELL)
			continue;
		double points =
		    1.0 + (double)count_commas(b->text) +
		    (b->chars / 100 < 3 ? (double)(b->chars / 100) : 3);
		xmlNodePtr n = b->owner->parent;
		for (int level = 0;
		     n && n->type == XML_ELEMENT_NODE && level < SCORE_LEVELS;
		     level++, n = n->parent) {
			node_info *in = info_of(n);
			if (in->boiler)
				break;
			if (!in->candidate) {
				in->candidate = 1;
				if (c->n == c->cap) {
					c->cap = c->cap ? 2 * c->cap : 64;
					c->v = xrealloc(c->v,
					                c->cap * sizeof *c->v);
				}
				c->v[c->n++] = n;
				in->score =
				    rules_container_tag_weight(name_of(n)) +
				    CLASS_POINTS * ((in->pos > in->neg) -
				                    (in->neg > in->pos));
			}
			double divider = level == 0   ? 1
			                 : level == 1 ? 2
			                              : level * 3;
			in->score += points / divider;
		}
	}
}

static double final_score(xmlNodePtr n)
{
	node_info *in = info_of(n);
	return in->score * (1.0 - ratio(in->link_chars, in->chars));
}

typedef struct best {
	xmlNodePtr node;
	double score;
} best;

static void no_leave(void *ud, xmlNodePtr n)
{
	(void)ud;
	(void)n;
}

/* The level of the heading an element starts with (its first element
 * child with text, or that child's, down to HEADING_DEPTH), 0 when it
 * starts with none. */
static int leading_heading(xmlNodePtr n)
{
	for (int depth = 0; depth < HEADING_DEPTH && n; depth++) {
		/* the first element with text (an empty <a name> anchor
		 * often comes before the heading) */
		xmlNodePtr c = n->children;
		while (c && (c->type != XML_ELEMENT_NODE || !info_of(c) ||
		             !info_of(c)->chars)) {
			/* text before the first element: not a heading first */
			if (c->type == XML_TEXT_NODE && c->content &&
			    count_visible((const char *)c->content))
				return 0;
			c = c->next;
		}
		if (!c)
			return 0;
		const char *name = name_of(c);
		if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' &&
		    name[1] <= '6' && !name[2])
			return name[1] - '0';
		n = c;
	}
	return 0;
}

/* A sibling section that belongs with the container: shown, not furniture,
 * starting with a heading of the same level, and mostly not links. */
static int sibling_section(xmlNodePtr s, int level)
{
	node_info *in = info_of(s);
	return s->type == XML_ELEMENT_NODE && in && !in->boiler &&
	       !in->invisible && in->chars >= SECTION_MIN_CHARS &&
	       ratio(in->link_chars, in->chars) < EXTRACT_MAX_LINK_DENSITY &&
	       leading_heading(s) == level;
}

/* A container that is one section of a longer text (it starts with a
 * heading, and a sibling starts with a heading of the same level) is
 * widened to their parent, and so on up: a documentation page, a how-to
 * or release notes are a run of sections, and the best-scoring one is
 * not the page. */
static int widenable(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE && info_of(n) &&
	       !info_of(n)->boiler && !(info_of(n)->tag_flags & T_BOILERPLATE);
}

/* Is n a section with sibling sections (each starting with a heading of
 * the level n starts with)? */
static int has_sibling_sections(xmlNodePtr n)
{
	int level = leading_heading(n);
	if (!level || !widenable(n->parent))
		return 0;
	for (xmlNodePtr s = n->parent->children; s; s = s->next)
		if (s != n && sibling_section(s, level))
			return 1;
	return 0;
}

static xmlNodePtr widen_to_sections(xmlNodePtr top)
{
	for (int up = 0; up < WIDEN_LEVELS; up++) {
		/* the container, or the section it is the body of: up
		 * through the ancestors that start with a heading (one
		 * function under "Functions", a member table under "Method
		 * Summary" in its wrappers), the first with sibling
		 * sections */
		xmlNodePtr section = NULL, a = top;
		for (int k = 0; k <= HEADING_DEPTH && widenable(a); k++) {
			if (has_sibling_sections(a)) {
				section = a;
				break;
			}
			if (!widenable(a->parent) ||
			    !leading_heading(a->parent))
				break;
			a = a->parent;
		}
		if (section) {
			top = section->parent;
			continue;
		}
		/* a subsection of a higher one (h2 under the page's h1, as
		 * a chapter page holds its first section): the higher */
		int level = leading_heading(top);
		int above =
		    widenable(top->parent) ? leading_heading(top->parent) : 0;
		if (!level || !above || above >= level)
			break;
		top = top->parent;
	}
	return top;
}

/* Is n at or under anc? */
static int under(xmlNodePtr n, xmlNodePtr anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* Prose (not furniture, not comments, not mostly links, long enough to
 * score) in blocks under n. */
static size_t prose_under(const extract_result *r, xmlNodePtr n)
{
	size_t sum = 0;
	for (size_t i = 0; i < r->n; i++) {
		const text_block *b = &r->blocks[i];
		if (block_is_prose(b) && !b->in_comment &&
		    b->chars >= MIN_SCORING_CHARS && under(b->owner, n))
			sum += b->chars;
	}
	return sum;
}

/* A container holding less than WIDEN_PROSE_SHARE of the prose of its
 * parent is one part of the text (one definition of a reference page,
 * one cell of a layout): the parent is, and so on up, short of the body. */
static xmlNodePtr widen_to_prose(const extract_result *r, xmlNodePtr top)
{
	for (int up = 0; up < WIDEN_LEVELS; up++) {
		/* the nearest ancestor with twice the prose: wrappers in
		 * between (Javadoc nests ul > li > section > ul > li) hold
		 * no more than the container */
		size_t mine = prose_under(r, top);
		xmlNodePtr wider = NULL, a = top;
		for (int k = 0; k < WIDEN_MAX_CLIMBS; k++) {
			xmlNodePtr parent = a->parent;
			if (!widenable(parent) || !parent->parent ||
			    parent->parent->type != XML_ELEMENT_NODE ||
			    !strcasecmp(name_of(parent), "body"))
				break;
			if ((double)mine < WIDEN_PROSE_SHARE *
			                       (double)prose_under(r, parent)) {
				wider = parent;
				break;
			}
			a = parent;
		}
		if (!wider)
			break;
		top = wider;
	}
	return top;
}

/* Marks the container and the siblings that belong with it. */
static void select_container(const extract_result *r, xmlNodePtr top,
                             double top_score)
{
	top = widen_to_sections(widen_to_prose(r, top));
	info_of(top)->selected = 1;
	xmlNodePtr parent = top->parent;
	if (!parent || parent->type != XML_ELEMENT_NODE)
		return;
	double threshold = top_score * SIBLING_SCORE_SHARE;
	if (threshold < 10)
		threshold = 10;
	for (xmlNodePtr s = parent->children; s; s = s->next) {
		node_info *in = info_of(s);
		if (s == top || s->type != XML_ELEMENT_NODE || !in ||
		    in->boiler || in->invisible)
			continue;
		double ld = ratio(in->link_chars, in->chars);
		if (in->candidate && final_score(s) >= threshold)
			in->selected = 1;
		else if (in->block_tag == TAG_P && ld < 0.25 && in->chars > 80)
			in->selected = 1;
	}
}

static int inside_selected(xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (info_of(n)->selected)
			return 1;
	return 0;
}

static size_t label_prose(extract_result *r, size_t min_chars)
{
	size_t kept = 0;
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		int prose =
		    block_is_prose(b) && ratio(b->link_chars, b->chars) < 0.25;
		int keep = prose && b->chars >= min_chars;
		if (keep)
			block_set_label(b, BLOCK_CONTENT, WHY_FALLBACK);
		else
			block_set_label(b, BLOCK_BOILERPLATE,
			                prose ? WHY_SHORT : why_not_prose(b));
		kept += keep;
	}
	return kept;
}

/* Too little in any container: every prose block is content; and a page
 * with no long block at all (a short note, a draft of three lines) keeps
 * whatever link-free, non-furniture text it has. */
static void label_fallback(extract_result *r)
{
	if (!label_prose(r, FALLBACK_MIN_CHARS))
		label_prose(r, 1);
	/* A short page's short lines go with its prose: a heading, a
	 * defined term (an option, a signature) or a caption (link-free,
	 * not furniture) right before a kept block; code, and a table row
	 * (a column's names) next to a kept block. */
	for (size_t i = r->n; i-- > 0;) {
		text_block *b = &r->blocks[i];
		if (b->label == BLOCK_CONTENT || b->markup_boiler ||
		    b->link_chars)
			continue;
		int next =
		    i + 1 < r->n && r->blocks[i + 1].label == BLOCK_CONTENT;
		int prev = i > 0 && r->blocks[i - 1].label == BLOCK_CONTENT;
		int before = b->kind == KIND_HEADING || b->kind == KIND_TERM ||
		             b->kind == KIND_CAPTION;
		int beside = b->kind == KIND_CODE || b->kind == KIND_TABLE_ROW;
		if ((before && next) || (beside && (next || prev)))
			block_set_label(b, BLOCK_CONTENT, WHY_FALLBACK);
	}
}

static void label_blocks(extract_result *r, const char *title)
{
	candidates cands = {NULL, 0, 0};
	score_containers(r, &cands);
	best top = {NULL, 0};
	for (size_t i = 0; i < cands.n; i++) {
		double sc = final_score(cands.v[i]);
		if (!top.node || sc > top.score) {
			top.node = cands.v[i];
			top.score = sc;
		}
	}
	free(cands.v);
	size_t content_chars = 0;
	if (top.node) {
		select_container(r, top.node, top.score);
		for (size_t i = 0; i < r->n; i++) {
			text_block *b = &r->blocks[i];
			b->in_container = inside_selected(b->owner);
			int why = !block_is_prose(b) ? why_not_prose(b)
			          : !b->in_container ? WHY_OUTSIDE
			                             : WHY_CONTAINER;
			/* A heading in the container is kept even when short;
			 * a one-word link-free fragment is too ("Share"). */
			if (why == WHY_CONTAINER && b->tag != TAG_HEADING &&
			    b->links && b->chars < 20)
				why = WHY_FRAGMENT;
			if ((why == WHY_LINKS || why == WHY_FRAGMENT) &&
			    b->in_container && linked_text(b))
				why = WHY_CONTAINER;
			int keep = why == WHY_CONTAINER;
			block_set_label(
			    b, keep ? BLOCK_CONTENT : BLOCK_BOILERPLATE, why);
			if (keep)
				content_chars += b->chars;
		}
	}
	if (content_chars < MIN_CONTAINER_CHARS) {
		label_fallback(r);
		return;
	}
	refine_labels(r, title);
}

static int clear_enter(void *ud, xmlNodePtr n)
{
	(void)ud;
	n->_private = NULL;
	return n->type == XML_ELEMENT_NODE;
}

static size_t content_chars(const extract_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->blocks[i].label == BLOCK_CONTENT)
			n += r->blocks[i].chars;
	return n;
}

/* A retry must find an article, not the teasers of a listing page that
 * furniture markup rightly hid: a long link-free paragraph, or two in a
 * row (teaser excerpts come one at a time, between their linked titles
 * and "read more" links). */
static int article_like(const extract_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const text_block *b = &r->blocks[i];
		if (b->label != BLOCK_CONTENT || b->tag == TAG_HEADING ||
		    b->link_chars)
			continue;
		if (b->chars >= RETRY_LONG_BLOCK)
			return 1;
		const text_block *next = i + 1 < r->n ? b + 1 : NULL;
		if (next && next->label == BLOCK_CONTENT &&
		    next->tag != TAG_HEADING && !next->link_chars &&
		    b->chars >= RETRY_PAIR_BLOCK &&
		    next->chars >= RETRY_PAIR_BLOCK)
			return 1;
	}
	return 0;
}

/* Per-pass state of the element data, cleared before a retry. */
static int reset_enter(void *ud, xmlNodePtr n)
{
	(void)ud;
	node_info *in = info_of(n);
	if (n->type != XML_ELEMENT_NODE || !in)
		return 0;
	in->boiler = in->candidate = in->selected = 0;
	in->score = 0;
	return 1;
}

/* Pass 2 and labelling at one furniture level, into out. */
static void segment_and_label(xmlNodePtr root, int level, unsigned flags,
                              const char *title, extract_result *out)
{
	memset(out, 0, sizeof *out);
	walk(root, reset_enter, no_leave, NULL);
	pass2 p2;
	memset(&p2, 0, sizeof p2);
	buf_init(&p2.text);
	p2.level = level;
	p2.flags = flags;
	p2.out = out;
	p2.last_space = 1;
	p2.page_chars = info_of(root) ? info_of(root)->chars : 0;
	walk(root, p2_enter, p2_leave, &p2);
	flush_block(&p2);
	buf_free(&p2.text);
	line_map_free(&p2.lines);
	label_blocks(out, title);
}

/* --comments: the prose of comment sections is content, after the
 * article (the container never holds it: comments give it no points). */
static void keep_comments(extract_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		text_block *b = &r->blocks[i];
		if (b->in_comment && b->label == BLOCK_BOILERPLATE &&
		    block_is_prose(b))
			block_set_label(b, BLOCK_CONTENT, WHY_COMMENT);
	}
}

void extract_blocks(htmlDocPtr doc, const char *title, unsigned flags,
                    extract_result *out)
{
	memset(out, 0, sizeof *out);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root)
		return;
	arena a = {0};
	pass1 p1 = {&a};
	walk(root, p1_enter, p1_leave, &p1);

	segment_and_label(root, FURNITURE_ALL, flags, title, out);
	/* Too little article: believe less of the markup, and keep a retry
	 * only when it finds a real article where the last found less. */
	for (int level = FURNITURE_ALL + 1;
	     level < FURNITURE_LEVELS &&
	     content_chars(out) < MIN_CONTAINER_CHARS;
	     level++) {
		extract_result retry;
		segment_and_label(root, level, flags, title, &retry);
		size_t got = content_chars(&retry);
		if (got >= MIN_CONTAINER_CHARS &&
		    got > RETRY_GAIN * content_chars(out) &&
		    article_like(&retry)) {
			extract_result_free(out);
			*out = retry;
		} else {
			extract_result_free(&retry);
		}
	}

	if (flags & EXTRACT_KEEP_COMMENTS)
		keep_comments(out);

	/* The tree outlives this call; leave no pointer into the arena. */
	for (size_t i = 0; i < out->n; i++)
		out->blocks[i].owner = NULL;
	walk(root, clear_enter, no_leave, NULL);
	arena_free(&a);
}

void extract_result_free(extract_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->blocks[i].text);
		free(r->blocks[i].path);
		line_map_free(&r->blocks[i].lines);
	}
	free(r->blocks);
	memset(r, 0, sizeof *r);
}
