/*
 * markdown_cmark.c - Markdown drafts read by cmark, the CommonMark
 * reference implementation, into blocks of text; see markdown_internal.h.
 *
 * cmark parses the whole draft into a tree; the leaf blocks become
 * docs.jsonl blocks (markdown.h lists the paths):
 *
 *   headings                          -> MD_H1..MD_H6
 *   paragraphs                        -> MD_P; in a list item MD_LI
 *   anything in a block quote, but code and table rows -> MD_QUOTE
 *   fenced and indented code, verbatim -> MD_PRE
 *   HTML blocks: their visible text (libxml2 reads them as parse.c reads
 *     pages; script, style and comments have none) -> as a paragraph
 *   thematic breaks, reference definitions -> no block
 *
 * and inline markup is reduced to the text a reader sees: emphasis and
 * code markers dropped, links and images reduced to their text (and alt
 * text), inline HTML tags removed (a tag that breaks a line, <br> or <p>,
 * leaves a space), escapes and entities resolved by cmark.
 *
 * CommonMark has no tables, strikethrough or task lists; cmark-gfm, the
 * GitHub fork that has them, is left aside because the version Debian 12
 * ships (0.29.0.gfm.6) takes quadratic time on small hostile inputs
 * (tables of many pipes, unclosed "<![CDATA[" and "<?"), and drafts come
 * from anyone.  Two of GitHub's additions are kept on top of cmark's
 * tree, as cqa's own reader had them: a paragraph whose second (or later)
 * line is a table delimiter row ("|---|:--:|", as many cells as the line
 * before) is a table from the line before it on, each row a block MD_TR
 * with its cells' text apart (the delimiter row is no text); and a task
 * box ("[ ] ", "[x] ") opening a list item is not text.  "~~struck~~"
 * stays as written.
 *
 * Source lines.  cmark gives every block its first and last line.  Inside
 * a paragraph, each soft or hard line break is a line end of the source,
 * but a line end inside a code span or a link destination leaves no
 * node; so each piece of text is also looked for in the source: its first
 * word, as a whole word, after where the last one was found and within
 * WINDOW bytes.  Found, it says the line; not found (the word was written
 * with an entity or escape), the line counted from breaks stands.
 *
 * Limits.  cmark's tree costs up to about 300 bytes for each byte of
 * markup (punctuation and line ends) in the draft, so a draft is read up
 * to MAX_MARKUP such bytes and cut at the end of that line, with a
 * warning: about 150 MB of tree at most, and ten times more text than a
 * long article holds.  cmark 0.30.2 also takes quadratic time over many
 * open image brackets in one paragraph ("![[]()" repeated; CVE-2023-22486,
 * fixed in 0.30.3), so a paragraph's image openers past MAX_IMAGES are
 * read as "!" and a link ("\![").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "markdown_internal.h"

enum {
	WINDOW = 4096,       /* bytes a piece of text is looked for in */
	MAX_KEY = 64,        /* bytes of its first word looked for */
	MAX_MARKUP = 500000, /* markup bytes of a draft read */
	MAX_IMAGES = 1000,   /* image openers in a paragraph */
};

/* HTML elements that break a line when rendered: removing such a tag
 * leaves a space, so "a<br>b" reads "a b" and not "ab". */
static const char *const breaking_tags[] = {
    "address", "article",    "aside",  "blockquote", "br", "dd", "div", "dl",
    "dt",      "figcaption", "figure", "footer",     "h1", "h2", "h3",  "h4",
    "h5",      "h6",         "header", "hr",         "li", "ol", "p",   "pre",
    "section", "table",      "td",     "th",         "tr", "ul",
};

/* HTML elements whose text is not shown. */
static const char *const hidden_tags[] = {
    "head", "iframe", "noscript", "script", "style", "template", "textarea",
};

static int in_list(const char *const *list, size_t n, const char *name,
                   size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(list[i], name, len))
			return 1;
	return 0;
}

static int breaking_tag(const char *name, size_t len)
{
	return in_list(breaking_tags,
	               sizeof breaking_tags / sizeof *breaking_tags, name, len);
}

static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* ---- the source ---- */

typedef struct walk {
	const md_source *src;
	const char *s; /* the source read (maybe guarded: see guard()) */
	size_t n;
	size_t *line_off; /* offset of each line's start; [nlines] = n */
	size_t nlines;
	md_text *t;
	md_block_fn fn;
	void *ud;
	/* the leaf being read */
	size_t line;     /* line of the next text, of s (1-based) */
	size_t end_line; /* its last line */
	size_t cursor;   /* where the next text is looked for from */
	size_t limit;    /* the end of its source */
	int link;        /* depth inside links */
	int quote, item; /* depth inside block quotes and list items */
	int task_box;    /* the next block opens a list item */
} walk;

static int is_markup(unsigned char c)
{
	return c == '\n' || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* How much of s is read: up to the end of the line holding the
 * MAX_MARKUP-th markup byte. */
static size_t markup_cap(const char *s, size_t n)
{
	size_t markup = 0;
	for (size_t i = 0; i < n; i++)
		if (is_markup((unsigned char)s[i]) && ++markup > MAX_MARKUP) {
			const char *nl = memchr(s + i, '\n', n - i);
			return nl ? (size_t)(nl - s) + 1 : n;
		}
	return n;
}

/* A copy of s with the image openers past MAX_IMAGES in one paragraph
 * (text between blank lines) escaped, or NULL when there are none. */
static char *guard_images(const char *s, size_t n, size_t *out_len)
{
	size_t images = 0, extra = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == '\n' && s[i + 1] == '\n')
			images = 0;
		if (s[i] == '!' && s[i + 1] == '[' && ++images > MAX_IMAGES)
			extra++;
	}
	if (!extra)
		return NULL;
	char *g = xmalloc(n + extra + 1);
	size_t k = 0;
	images = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && i + 1 < n && s[i + 1] == '\n')
			images = 0;
		if (s[i] == '!' && i + 1 < n && s[i + 1] == '[' &&
		    ++images > MAX_IMAGES && (i == 0 || s[i - 1] != '\\'))
			g[k++] = '\\';
		g[k++] = s[i];
	}
	g[k] = '\0';
	*out_len = k;
	return g;
}

static void index_lines(walk *w)
{
	size_t lines = 1;
	for (size_t i = 0; i < w->n; i++)
		lines += w->s[i] == '\n';
	w->line_off = xmalloc((lines + 1) * sizeof *w->line_off);
	w->line_off[0] = 0;
	size_t k = 1;
	for (size_t i = 0; i < w->n; i++)
		if (w->s[i] == '\n')
			w->line_off[k++] = i + 1;
	w->nlines = k;
	w->line_off[k] = w->n;
}

/* Byte offset of the start of line (1-based; past the last: the end). */
static size_t line_start(const walk *w, size_t line)
{
	if (line < 1)
		line = 1;
	return line <= w->nlines ? w->line_off[line - 1] : w->n;
}

static size_t line_of(const walk *w, size_t off)
{
	size_t lo = 0, hi = w->nlines; /* line_off[lo] <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->line_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

/* The file's line for line of s. */
static size_t file_line(const walk *w, size_t line)
{
	return line ? w->src->first_line + line - 1 : 0;
}

/* Looks for the first word of a piece of text in the source, to set the
 * line it is on (see the header comment). */
static void anchor(walk *w, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && !word_byte((unsigned char)text[i]))
		i++;
	size_t j = i;
	while (j < len && j - i < MAX_KEY && word_byte((unsigned char)text[j]))
		j++;
	if (j == i)
		return;
	const char *key = text + i;
	size_t klen = j - i;
	int whole = j < len; /* the word ends inside the piece */
	size_t lim =
	    w->cursor + WINDOW < w->limit ? w->cursor + WINDOW : w->limit;
	const char *p = w->s + w->cursor, *end = w->s + lim;
	while (p < end && (p = memmem(p, (size_t)(end - p), key, klen))) {
		int left = p == w->s || !word_byte((unsigned char)p[-1]);
		int right = !whole || klen == MAX_KEY ||
		            p + klen >= w->s + w->n ||
		            !word_byte((unsigned char)p[klen]);
		size_t line =
		    left && right ? line_of(w, (size_t)(p - w->s)) : 0;
		/* Not before the line the breaks so far put it on. */
		if (line >= w->line && line <= w->end_line) {
			w->line = line;
			/* The piece is at least as long in the source as in
			 * the text (escapes and entities only lengthen it):
			 * the next one is looked for after it, give or take
			 * a little. */
			size_t at = (size_t)(p - w->s);
			size_t rest = len - i;
			w->cursor = at + (rest > klen + 8 ? rest - 8 : klen);
			return;
		}
		p++;
	}
}

/* A line end in the source: the next text is on the next line. */
static void next_line(walk *w, size_t lines)
{
	w->line += lines;
	if (w->line > w->end_line)
		w->line = w->end_line;
}

/* ---- inline content ---- */

/* Appends a piece of text that is on line w->line.  A line end in it
 * came from an entity ("&#10;"), not from the source. */
static void put_text(walk *w, const char *s, size_t len)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t k = nl ? (size_t)(nl - s) + 1 : len;
		w->t->line = file_line(w, w->line);
		md_text_add(w->t, s, k, w->link > 0);
		s += k;
		len -= k;
	}
}

/* Inline HTML: a tag that breaks a line leaves a space; its line ends
 * count. */
static void inline_html(walk *w, const char *s)
{
	const char *name = s + (s[0] == '<') + (s[0] == '<' && s[1] == '/');
	size_t len = 0;
	while (name[len] &&
	       ((name[len] | 0x20) >= 'a' && (name[len] | 0x20) <= 'z'
	            ? 1
	            : name[len] >= '0' && name[len] <= '9'))
		len++;
	if (len && breaking_tag(name, len))
		md_text_sep(w->t);
	size_t lines = 0;
	for (const char *c = s; *c; c++)
		lines += *c == '\n';
	next_line(w, lines);
}

/* What a table row line splits into: cells between unescaped pipes, a
 * leading and a trailing pipe being no cell.  Returns the cells; *delim
 * is set when every cell is a delimiter (":---:"). */
static size_t table_cells(const char *p, const char *e, int *delim)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p < e && *p == '|')
		p++;
	if (e > p && e[-1] == '|' && !(e - p >= 2 && e[-2] == '\\'))
		e--;
	size_t cells = 1;
	int pipes = 0, all_delim = 1, dashes = 0;
	for (const char *c = p; c < e; c++) {
		if (*c == '\\' && c + 1 < e) {
			c++;
			all_delim = 0;
		} else if (*c == '|') {
			cells++;
			pipes = 1;
			all_delim &= dashes > 0;
			dashes = 0;
		} else if (*c == '-') {
			dashes++;
		} else if (*c != ':' && *c != ' ' && *c != '\t') {
			all_delim = 0;
		}
	}
	all_delim &= dashes > 0;
	*delim = all_delim && (pipes || p < e);
	return p < e || pipes ? cells : 0;
}

/* A source line of a paragraph without its container prefix: block
 * quote markers and the indentation of list items; the paragraph's first
 * line starts at column col (1-based bytes), where cmark says. */
static void content_of_line(const walk *w, size_t line, size_t col,
                            const char **p, const char **e)
{
	const char *s = w->s + line_start(w, line);
	const char *end = w->s + line_start(w, line + 1);
	if (end > s && end[-1] == '\n')
		end--;
	if (col > 1 && (size_t)(end - s) >= col - 1) {
		s += col - 1;
		*p = s;
		*e = end;
		return;
	}
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (w->quote && s < end && *s == '>')
			s++;
		else
			break;
	}
	*p = s;
	*e = end;
}

/* The line of a paragraph where a table's header is, or 0: a line with
 * a pipe followed by a delimiter row of as many cells (GitHub's rule). */
static size_t table_header(const walk *w, cmark_node *para)
{
	size_t first = (size_t)cmark_node_get_start_line(para);
	size_t last = (size_t)cmark_node_get_end_line(para);
	size_t col = (size_t)cmark_node_get_start_column(para);
	for (size_t l = first + 1; l <= last && l <= w->nlines; l++) {
		const char *p, *e;
		int delim = 0, head_delim = 0;
		content_of_line(w, l, 0, &p, &e);
		size_t n = table_cells(p, e, &delim);
		if (!n || !delim)
			continue;
		content_of_line(w, l - 1, l - 1 == first ? col : 0, &p, &e);
		if (table_cells(p, e, &head_delim) == n &&
		    memchr(p, '|', (size_t)(e - p)))
			return l - 1;
	}
	return 0;
}

/* Hands the text built so far to fn as a block of kind, and starts the
 * next.  A list item's first block loses its task box ("[ ] ", "[x] "),
 * which is a checkbox, not text. */
static void emit(walk *w, int kind)
{
	md_text *t = w->t;
	const char *s = t->text.data;
	if (w->task_box && kind == MD_LI && t->text.len >= 4 && s[0] == '[' &&
	    s[2] == ']' && s[3] == ' ' &&
	    (s[1] == ' ' || s[1] == 'x' || s[1] == 'X')) {
		memmove(t->text.data, s + 4, t->text.len - 3);
		t->text.len -= 4;
		t->chars -= 4;
		/* The text moves 4 bytes back; a line whose text was all
		 * box ("- [ ]" and the text on the next line) goes. */
		size_t k = 0;
		for (size_t i = 0; i < t->lines.n; i++) {
			size_t off = t->lines.v[2 * i];
			off = off >= 4 ? off - 4 : 0;
			if (k && t->lines.v[2 * (k - 1)] == off)
				k--;
			t->lines.v[2 * k] = off;
			t->lines.v[2 * k + 1] = t->lines.v[2 * i + 1];
			k++;
		}
		t->lines.n = k;
	}
	w->task_box = 0;
	if (t->text.len)
		w->fn(w->ud, kind, t);
	md_text_reset(t);
}

/* A table row's text: pipes part cells, which the text separates by tabs
 * (md_text_cell); the delimiter row is no text.  cmark has already turned
 * an escaped pipe into a plain one in the text nodes, so it parts cells
 * too; a backslash still before one (in a code span) keeps it. */
static void put_row_text(walk *w, size_t header, const char *s, size_t len)
{
	if (w->line == header + 1)
		return;
	while (len) {
		size_t k = 0;
		while (k < len &&
		       !(s[k] == '|' && (k == 0 || s[k - 1] != '\\')))
			k++;
		put_text(w, s, k);
		if (k < len) {
			md_text_cell(w->t);
			k++;
		}
		s += k;
		len -= k;
	}
}

/* The inline content of a leaf block (paragraph or heading) as a block of
 * kind.  With a table (its header on line header, else 0), the lines
 * before the table are that block, and each row of the table is a block
 * MD_TR of its own. */
static void render_inlines(walk *w, cmark_node *leaf, int kind, size_t header)
{
	size_t first = (size_t)cmark_node_get_start_line(leaf);
	w->end_line = (size_t)cmark_node_get_end_line(leaf);
	if (w->end_line < first)
		w->end_line = first;
	w->line = first;
	w->cursor = line_start(w, first);
	w->limit = line_start(w, w->end_line + 1);
	w->link = 0;
	md_text_reset(w->t);
	size_t seg = first; /* the line the block being built is on */
	int seg_kind = header == first ? MD_TR : kind;
	cmark_iter *it = cmark_iter_new(leaf);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		if (type == CMARK_NODE_LINK) {
			w->link += ev == CMARK_EVENT_ENTER ? 1 : -1;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *lit = cmark_node_get_literal(n);
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			size_t len = strlen(lit);
			anchor(w, lit, len);
			if (!header) {
				put_text(w, lit, len);
				break;
			}
			/* A new line of the table: a block ends. */
			if (w->line >= header && w->line != seg) {
				emit(w, seg_kind);
				seg = w->line;
				seg_kind = MD_TR;
			}
			if (seg_kind == MD_TR)
				put_row_text(w, header, lit, len);
			else
				put_text(w, lit, len);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			next_line(w, 1);
			/* a space, link text in a link */
			md_text_add(w->t, " ", 1, w->link > 0);
			break;
		case CMARK_NODE_HTML_INLINE:
			inline_html(w, lit);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	emit(w, seg_kind);
}

/* ---- blocks ---- */

static void render_code(walk *w, cmark_node *n)
{
	size_t line = (size_t)cmark_node_get_start_line(n);
	const char *lit = cmark_node_get_literal(n);
	/* cmark's column is where the fence or the code starts.  A fenced
	 * block's code starts on the line after the fence; an indented
	 * block's first line is its code (which may look like a fence). */
	size_t col = cmark_node_get_start_column(n) > 0
	                 ? (size_t)cmark_node_get_start_column(n) - 1
	                 : 0;
	const char *p = w->s + line_start(w, line) + col;
	const char *e = w->s + line_start(w, line + 1);
	if (e > p && e[-1] == '\n')
		e--;
	size_t first = strcspn(lit, "\n");
	if (p < e && e - p >= 3 &&
	    (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)) &&
	    !((size_t)(e - p) == first && !strncmp(p, lit, first)))
		line++;
	md_text_reset(w->t);
	w->t->line = file_line(w, line);
	md_text_verbatim(w->t, lit, strlen(lit));
	emit(w, MD_PRE);
}

/* An HTML block: the text libxml2 shows of it. */
static void render_html(walk *w, cmark_node *n, int kind)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = strlen(lit);
	size_t first = (size_t)cmark_node_get_start_line(n);
	int cut = 0;
	htmlDocPtr doc =
	    len ? parse_read_html(lit, (int)len, NULL, w->src->max_nodes, &cut)
	        : NULL;
	md_text_reset(w->t);
	if (!doc)
		return;
	if (cut)
		cqa_warn(w->src->log,
		         "%s: line %zu: an HTML block of more than %zu "
		         "elements; the rest of it is left out",
		         w->src->name, file_line(w, first), w->src->max_nodes);
	/* Depth-first, without recursion: pages nest deeply. */
	xmlNodePtr root = xmlDocGetRootElement(doc), node = root;
	while (node) {
		int descend = 0;
		if (node->type == XML_TEXT_NODE && node->content) {
			long l = xmlGetLineNo(node);
			w->t->line = l > 0 ? file_line(w, first + (size_t)l - 1)
			                   : file_line(w, first);
			md_text_add(w->t, (const char *)node->content,
			            strlen((const char *)node->content), 0);
		} else if (node->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)node->name;
			size_t nl = strlen(name);
			if (breaking_tag(name, nl))
				md_text_sep(w->t);
			descend = !in_list(
			    hidden_tags,
			    sizeof hidden_tags / sizeof *hidden_tags, name, nl);
		}
		if (descend && node->children) {
			node = node->children;
			continue;
		}
		while (node && node != root && !node->next) {
			node = node->parent;
			if (node && node->type == XML_ELEMENT_NODE &&
			    breaking_tag((const char *)node->name,
			                 strlen((const char *)node->name)))
				md_text_sep(w->t);
		}
		node = node && node != root ? node->next : NULL;
	}
	xmlFreeDoc(doc);
	emit(w, kind);
}

/* The kind of text a paragraph has where it stands. */
static int prose_kind(const walk *w)
{
	return w->quote ? MD_QUOTE : w->item ? MD_LI : MD_P;
}

static void walk_tree(walk *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int enter = ev == CMARK_EVENT_ENTER;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_BLOCK_QUOTE:
			w->quote += enter ? 1 : -1;
			break;
		case CMARK_NODE_ITEM:
			w->item += enter ? 1 : -1;
			w->task_box = enter;
			break;
		case CMARK_NODE_PARAGRAPH:
			if (enter) {
				render_inlines(w, n, prose_kind(w),
				               table_header(w, n));
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			}
			break;
		case CMARK_NODE_HEADING:
			if (enter) {
				render_inlines(
				    w, n,
				    w->quote
				        ? MD_QUOTE
				        : MD_H1 +
				              cmark_node_get_heading_level(n) -
				              1,
				    0);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			}
			break;
		case CMARK_NODE_CODE_BLOCK:
			render_code(w, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			render_html(w, n, prose_kind(w));
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

void md_parse_markdown(const md_source *src, md_text *t, md_block_fn fn,
                       void *ud)
{
	walk w;
	memset(&w, 0, sizeof w);
	w.src = src;
	w.t = t;
	w.fn = fn;
	w.ud = ud;
	w.n = markup_cap(src->s, src->n);
	if (w.n < src->n) {
		size_t lines = 1;
		for (size_t i = 0; i < w.n; i++)
			lines += src->s[i] == '\n';
		cqa_warn(src->log,
		         "%s: more Markdown markup than a draft holds (over "
		         "%d punctuation marks and line ends); read up to "
		         "line %zu",
		         src->name, MAX_MARKUP, src->first_line + lines - 2);
	}
	size_t glen = 0;
	char *guarded = guard_images(src->s, w.n, &glen);
	w.s = guarded ? guarded : src->s;
	if (guarded)
		w.n = glen;
	index_lines(&w);
	cmark_node *doc =
	    cmark_parse_document(w.s, w.n, CMARK_OPT_VALIDATE_UTF8);
	walk_tree(&w, doc);
	cmark_node_free(doc);
	free(w.line_off);
	free(guarded);
}
