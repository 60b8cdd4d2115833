/*
 * markdown_blocks.c - Markdown block structure: lines to raw blocks.
 *
 * One pass over the lines, each looked at once, with the state of one open
 * leaf block (paragraph, code, table, skipped HTML) and its containers.
 * Containers are kept flat rather than as CommonMark's tree: a line's
 * block-quote depth is its count of leading '>' markers, and list items
 * are a stack of content columns (relative to the quote markers).  A line
 * indented to an item's content column belongs to that item; a line that
 * belongs to none closes them, unless it continues an open paragraph
 * lazily.  That reads drafts the way CommonMark does, without a tree:
 *
 *   ATX and Setext headings          -> MD_H1..MD_H6
 *   paragraphs                       -> MD_P
 *   list items (- * + 1. 1)), one block each, continuation lines joined;
 *     later paragraphs of an item are blocks of their own; a task box
 *     ("- [x] ") is a checkbox, not text -> MD_LI
 *   anything inside a block quote, but code and tables -> MD_QUOTE
 *   fenced (``` ~~~) and indented code, verbatim -> MD_PRE
 *   GitHub tables: a row a block, the delimiter row skipped -> MD_TR
 *   thematic breaks, reference definitions ("[x]: url"), and HTML
 *     comment, <script> and <style> blocks (whole lines) -> no block
 *
 * Left out: block quotes inside list items ("- > x" is an item reading
 * "> x"), HTML blocks other than the three above (their tags are removed
 * inline, their text kept), and a reference definition whose url or title
 * is on the next line.  Tabs stop every 4 columns, as in CommonMark.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "markdown_internal.h"

/* Deeper list nesting than this is read as the deepest level. */
enum { MAX_LIST_DEPTH = 32 };

/* CommonMark's limit on link labels. */
enum { MAX_LABEL = 999 };

/* HTML blocks skipped whole: their content is not text a reader sees.
 * start is matched case-insensitively at the start of a line; a tag name
 * must end there (space, '>' or end of line). */
static const struct {
	const char *start;
	const char *end;
	int tag;
} html_blocks[] = {
    {"<!--", "-->", 0},
    {"<script", "</script>", 1},
    {"<style", "</style>", 1},
};

enum leaf { L_NONE, L_PARA, L_TABLE, L_FENCE, L_CODE, L_HTML };

/* What starts a block, besides a paragraph. */
enum start_kind { S_NONE, S_FENCE, S_ATX, S_HR, S_LIST, S_HTML };

typedef struct cursor {
	const char *p, *e; /* the rest of the line */
	int col;           /* column of p, counting a tab's consumed part */
	int virt;          /* columns of a half-consumed tab before p */
} cursor;

typedef struct marker {
	int ordered;
	long num;
	int empty;   /* nothing after the marker */
	int content; /* column of the item's content */
	cursor rest; /* the content */
} marker;

/* What block_start() found. */
typedef struct start {
	int what; /* enum start_kind */
	marker m; /* S_LIST */
	char fence_ch;
	int fence_len; /* S_FENCE */
	int html;      /* S_HTML: index in html_blocks */
} start;

typedef struct mdp {
	md_blocks *out;
	md_inline *inl;
	buf_t scratch;
	int leaf;         /* enum leaf */
	int kind;         /* enum md_kind of the open block */
	size_t off;       /* its text starts here in out->raw */
	size_t last_line; /* where its last line starts */
	int lines;
	int q, depth; /* its quote depth and list depth */
	char fence_ch;
	int fence_len, fence_base, fence_indent;
	int code_base, code_blanks;
	int html; /* index in html_blocks */
	int items[MAX_LIST_DEPTH];
	int nitems;
	int items_q; /* quote depth the items live in */
} mdp;

/* ---- lines and columns ---- */

static int is_blank_ch(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Columns of white space at the cursor. */
static int cur_indent(const cursor *c)
{
	int n = c->virt, col = c->col + c->virt;
	for (const char *p = c->p; p < c->e; p++) {
		if (*p == ' ') {
			n++;
			col++;
		} else if (*p == '\t') {
			n += 4 - col % 4;
			col += 4 - col % 4;
		} else {
			break;
		}
	}
	return n;
}

/* Consumes up to k columns of white space, splitting a tab if need be. */
static void skip_cols(cursor *c, int k)
{
	while (k > 0) {
		if (c->virt) {
			int t = c->virt < k ? c->virt : k;
			c->virt -= t;
			c->col += t;
			k -= t;
		} else if (c->p < c->e && *c->p == ' ') {
			c->p++;
			c->col++;
			k--;
		} else if (c->p < c->e && *c->p == '\t') {
			int w = 4 - c->col % 4;
			c->p++;
			if (w <= k) {
				c->col += w;
				k -= w;
			} else {
				c->col += k;
				c->virt = w - k;
				k = 0;
			}
		} else {
			break;
		}
	}
}

static void skip_ws(cursor *c)
{
	skip_cols(c, INT_MAX);
	while (c->p < c->e && is_blank_ch(*c->p)) { /* \f \v */
		c->p++;
		c->col++;
	}
}

static int cur_blank(const cursor *c)
{
	for (const char *p = c->p; p < c->e; p++)
		if (!is_blank_ch(*p))
			return 0;
	return 1;
}

/* Strips up to max block-quote markers; returns how many. */
static int strip_quotes(cursor *c, int max)
{
	int q = 0;
	while (q < max && cur_indent(c) <= 3) {
		cursor t = *c;
		skip_cols(&t, 3);
		if (t.virt || t.p >= t.e || *t.p != '>')
			break;
		t.p++;
		t.col++;
		skip_cols(&t, 1); /* the optional space after '>' */
		*c = t;
		q++;
	}
	return q;
}

static const char *find_ci(const char *p, const char *e, const char *needle)
{
	size_t k = strlen(needle);
	for (; (size_t)(e - p) >= k; p++)
		if (!strncasecmp(p, needle, k))
			return p;
	return NULL;
}

/* ---- output ---- */

void md_blocks_end(md_blocks *b, int kind, size_t off)
{
	if (b->raw.len <= off)
		return;
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	b->v[b->n++] = (md_raw){kind, off, b->raw.len - off};
}

static void open_leaf(mdp *P, int leaf, int kind, int q, int depth)
{
	P->leaf = leaf;
	P->kind = kind;
	P->off = P->out->raw.len;
	P->lines = 0;
	P->q = q;
	P->depth = depth;
}

static void leaf_line(mdp *P, const char *p, size_t n)
{
	if (P->lines++)
		buf_addc(&P->out->raw, '\n');
	P->last_line = P->out->raw.len;
	buf_add(&P->out->raw, p, n);
}

/* The rest of the line as is, a half-consumed tab as spaces (code). */
static void leaf_line_verbatim(mdp *P, const cursor *c)
{
	leaf_line(P, "", 0);
	for (int i = 0; i < c->virt; i++)
		buf_addc(&P->out->raw, ' ');
	buf_add(&P->out->raw, c->p, (size_t)(c->e - c->p));
}

static void close_leaf(mdp *P)
{
	if (P->leaf == L_PARA || P->leaf == L_FENCE || P->leaf == L_CODE)
		md_blocks_end(P->out, P->kind, P->off);
	P->leaf = L_NONE;
}

static int para_kind(int q, int depth)
{
	return q ? MD_QUOTE : depth ? MD_LI : MD_P;
}

/* A line leaving its containers ends the items it is not inside. */
static void set_containers(mdp *P, int q, int depth)
{
	if (q != P->items_q) {
		P->items_q = q;
		P->nitems = 0;
	} else {
		P->nitems = depth;
	}
}

/* ---- block starts ---- */

static int fence_open(const cursor *c, char *ch, int *len)
{
	if (c->p >= c->e || (*c->p != '`' && *c->p != '~'))
		return 0;
	const char *p = c->p;
	while (p < c->e && *p == *c->p)
		p++;
	if (p - c->p < 3 ||
	    (*c->p == '`' && memchr(p, '`', (size_t)(c->e - p))))
		return 0;
	*ch = *c->p;
	*len = (int)(p - c->p);
	return 1;
}

static int fence_close(const mdp *P, const cursor *line)
{
	cursor c = *line;
	if (cur_indent(&c) > 3)
		return 0;
	skip_ws(&c);
	const char *p = c.p;
	while (p < c.e && *p == P->fence_ch)
		p++;
	if (p - c.p < P->fence_len)
		return 0;
	c.p = p;
	return cur_blank(&c);
}

static int atx_level(const cursor *c)
{
	int n = 0;
	while (c->p + n < c->e && c->p[n] == '#' && n < 7)
		n++;
	if (n < 1 || n > 6 ||
	    (c->p + n < c->e && c->p[n] != ' ' && c->p[n] != '\t'))
		return 0;
	return n;
}

static int is_hr(const cursor *c)
{
	char ch = *c->p;
	int n = 0;
	if (ch != '*' && ch != '-' && ch != '_')
		return 0;
	for (const char *p = c->p; p < c->e; p++) {
		if (*p == ch)
			n++;
		else if (!is_blank_ch(*p))
			return 0;
	}
	return n >= 3;
}

static int setext_level(const cursor *c)
{
	char ch = *c->p;
	const char *p = c->p;
	if (ch != '=' && ch != '-')
		return 0;
	while (p < c->e && *p == ch)
		p++;
	while (p < c->e && is_blank_ch(*p))
		p++;
	return p < c->e ? 0 : ch == '=' ? 1 : 2;
}

static int list_marker(const cursor *c, int origin, marker *m)
{
	cursor t = *c;
	const char *p = t.p;
	memset(m, 0, sizeof *m);
	if (*p == '-' || *p == '+' || *p == '*') {
		p++;
	} else {
		const char *d = p;
		while (p < t.e && *p >= '0' && *p <= '9' && p - d < 9)
			m->num = m->num * 10 + (*p++ - '0');
		if (p == d || p >= t.e || (*p != '.' && *p != ')'))
			return 0;
		p++;
		m->ordered = 1;
	}
	if (p < t.e && *p != ' ' && *p != '\t')
		return 0;
	t.col += (int)(p - t.p);
	t.p = p;
	int end = t.col, spaces = cur_indent(&t);
	if (cur_blank(&t)) {
		m->empty = 1;
		m->content = end + 1 - origin;
	} else if (spaces >= 5) { /* content starts with indented text */
		skip_cols(&t, 1);
		m->content = end + 1 - origin;
	} else {
		skip_cols(&t, spaces);
		m->content = t.col - origin;
	}
	m->rest = t;
	return 1;
}

/* A task list box, "[ ]" or "[x]" and a space: a checkbox, not text. */
static int task_box(cursor *c)
{
	const char *p = c->p;
	if (c->e - p < 4 || p[0] != '[' || p[2] != ']' || !is_blank_ch(p[3]) ||
	    (p[1] != ' ' && p[1] != 'x' && p[1] != 'X'))
		return 0;
	c->p += 3;
	c->col += 3;
	return 1;
}

static int html_start(const cursor *c)
{
	for (size_t i = 0; i < sizeof html_blocks / sizeof *html_blocks; i++) {
		size_t k = strlen(html_blocks[i].start);
		if ((size_t)(c->e - c->p) < k ||
		    strncasecmp(c->p, html_blocks[i].start, k))
			continue;
		if (html_blocks[i].tag && c->p + k < c->e && c->p[k] != ' ' &&
		    c->p[k] != '\t' && c->p[k] != '>')
			continue;
		return (int)i;
	}
	return -1;
}

/* What block the line at c starts.  interrupting: a paragraph is open and
 * a list here would be a new list, which must then start with 1 (if
 * ordered) and not be empty, so "2020. A year" or "-" continue it. */
static int block_start(const cursor *c, int origin, int interrupting, start *st)
{
	st->what = S_NONE;
	if (c->p >= c->e)
		return S_NONE;
	if (fence_open(c, &st->fence_ch, &st->fence_len))
		st->what = S_FENCE;
	else if (*c->p == '#' && atx_level(c))
		st->what = S_ATX;
	else if (is_hr(c))
		st->what = S_HR;
	else if (list_marker(c, origin, &st->m) &&
	         (!interrupting ||
	          (!st->m.empty && (!st->m.ordered || st->m.num == 1))))
		st->what = S_LIST;
	else if (*c->p == '<' && (st->html = html_start(c)) >= 0)
		st->what = S_HTML;
	return st->what;
}

/* "[label]: url 'title'" on one line: recorded, and no text. */
static int ref_def(mdp *P, const cursor *c)
{
	const char *p = c->p, *e = c->e, *label;
	if (p >= e || *p != '[')
		return 0;
	for (label = ++p; p < e && *p != ']'; p++) {
		if (*p == '[')
			return 0;
		if (*p == '\\' && p + 1 < e)
			p++;
	}
	if (p >= e || p - label > MAX_LABEL || p + 1 >= e || p[1] != ':')
		return 0;
	const char *label_end = p;
	for (p += 2; p < e && is_blank_ch(*p); p++)
		;
	if (p >= e)
		return 0;
	if (*p == '<') {
		while (p < e && *p != '>')
			p++;
		if (p++ >= e)
			return 0;
	} else {
		while (p < e && !is_blank_ch(*p))
			p++;
	}
	const char *dest_end = p;
	while (p < e && is_blank_ch(*p))
		p++;
	if (p < e && p > dest_end && (*p == '"' || *p == '\'' || *p == '(')) {
		char close = *p == '(' ? ')' : *p;
		for (p++; p < e && *p != close; p++)
			if (*p == '\\' && p + 1 < e)
				p++;
		if (p++ >= e)
			return 0;
		while (p < e && is_blank_ch(*p))
			p++;
	}
	if (p < e)
		return 0;
	for (p = label; p < label_end && (is_blank_ch(*p) || *p == '\n'); p++)
		;
	if (p == label_end)
		return 0;
	md_inline_add_label(P->inl, label, (size_t)(label_end - label));
	return 1;
}

/* ---- tables ---- */

/* Splits a row at unescaped '|' (outer pipes dropped); appends the cells
 * to out (if not NULL) separated by MD_CELL_SEP; returns the count. */
static int row_cells(const char *p, const char *e, buf_t *out)
{
	while (p < e && is_blank_ch(*p))
		p++;
	while (e > p && is_blank_ch(e[-1]))
		e--;
	if (p < e && *p == '|')
		p++;
	if (e > p && e[-1] == '|' && !(e - 1 > p && e[-2] == '\\'))
		e--;
	int n = 1;
	const char *cell = p;
	for (; p < e; p++) {
		if (*p == '\\' && p + 1 < e) {
			p++;
		} else if (*p == '|') {
			if (out) {
				buf_add(out, cell, (size_t)(p - cell));
				buf_addc(out, MD_CELL_SEP);
			}
			cell = p + 1;
			n++;
		}
	}
	if (out)
		buf_add(out, cell, (size_t)(e - cell));
	return n;
}

/* "| --- | :-: |": the number of cells, or 0 if the line is not one. */
static int delimiter_row(const char *p, const char *e)
{
	if (!memchr(p, '|', (size_t)(e - p)))
		return 0;
	while (p < e && is_blank_ch(*p))
		p++;
	while (e > p && is_blank_ch(e[-1]))
		e--;
	if (p < e && *p == '|')
		p++;
	if (e > p && e[-1] == '|')
		e--;
	int n = 0;
	while (p <= e) {
		const char *c = p, *ce = memchr(p, '|', (size_t)(e - p));
		if (!ce)
			ce = e;
		while (c < ce && is_blank_ch(*c))
			c++;
		if (c < ce && *c == ':')
			c++;
		const char *dashes = c;
		while (c < ce && *c == '-')
			c++;
		if (c == dashes)
			return 0;
		if (c < ce && *c == ':')
			c++;
		while (c < ce && is_blank_ch(*c))
			c++;
		if (c != ce)
			return 0;
		n++;
		p = ce + 1;
	}
	return n;
}

static void table_row(mdp *P, const char *p, const char *e)
{
	size_t off = P->out->raw.len;
	row_cells(p, e, &P->out->raw);
	md_blocks_end(P->out, MD_TR, off);
}

/* The open paragraph's last line is a table's header when this line is a
 * delimiter row with as many cells: the rest of the paragraph stays one. */
static int table_start(mdp *P, const cursor *c)
{
	int n = delimiter_row(c->p, c->e);
	buf_t *raw = &P->out->raw;
	const char *h = raw->data + P->last_line, *he = raw->data + raw->len;
	if (!n || !memchr(h, '|', (size_t)(he - h)) ||
	    row_cells(h, he, NULL) != n)
		return 0;
	buf_reset(&P->scratch);
	buf_add(&P->scratch, h, (size_t)(he - h));
	buf_truncate(raw, P->last_line > P->off ? P->last_line - 1 : P->off);
	close_leaf(P);
	P->leaf = L_TABLE;
	table_row(P, P->scratch.data, P->scratch.data + P->scratch.len);
	return 1;
}

/* ---- lines ---- */

/* Continues a leaf that takes lines whatever their containers: fenced
 * code, indented code, HTML being skipped.  Returns 1 if the line was
 * taken; otherwise the leaf is closed and the line is read as usual. */
static int continue_raw_leaf(mdp *P, cursor *c, int q, int blank)
{
	if (P->leaf == L_FENCE) {
		if (q < P->q || (!blank && cur_indent(c) < P->fence_base)) {
			close_leaf(P);
			return 0;
		}
		cursor t = *c;
		skip_cols(&t, P->fence_base);
		if (fence_close(P, &t)) {
			close_leaf(P);
			return 1;
		}
		skip_cols(&t, P->fence_indent);
		leaf_line_verbatim(P, &t);
		return 1;
	}
	if (P->leaf == L_CODE) {
		if (q == P->q && blank) {
			P->code_blanks++;
			return 1;
		}
		if (q == P->q && cur_indent(c) >= P->code_base + 4) {
			for (; P->code_blanks; P->code_blanks--)
				leaf_line(P, "", 0);
			skip_cols(c, P->code_base + 4);
			leaf_line_verbatim(P, c);
			return 1;
		}
		close_leaf(P);
	}
	return 0;
}

static void atx_heading(mdp *P, const cursor *c, int q, int depth)
{
	int level = atx_level(c);
	const char *p = c->p + level, *end = c->e, *h;
	while (p < end && is_blank_ch(*p))
		p++;
	while (end > p && is_blank_ch(end[-1]))
		end--;
	for (h = end; h > p && h[-1] == '#'; h--)
		;
	if (h == p || (h < end && is_blank_ch(h[-1])))
		end = h; /* a closing run of #s */
	open_leaf(P, L_PARA, q ? MD_QUOTE : MD_H1 + level - 1, q, depth);
	leaf_line(P, p, (size_t)(end - p));
	close_leaf(P);
}

/* Opens the block a line starts, its containers settled: once more for
 * what follows each list marker ("- 1. # x" is a heading in two items). */
static void open_blocks(mdp *P, cursor c, start *st, int q, int origin)
{
	int depth = P->nitems, base = depth ? P->items[depth - 1] : 0;
	while (st->what == S_LIST) {
		if (P->nitems < MAX_LIST_DEPTH)
			P->items[P->nitems++] = st->m.content;
		depth = P->nitems;
		base = st->m.content;
		if (st->m.empty)
			return;
		c = st->m.rest;
		skip_ws(&c);
		if (task_box(&c)) /* GitHub's "- [x] done" */
			skip_ws(&c);
		block_start(&c, origin, 0, st);
	}
	switch (st->what) {
	case S_FENCE:
		open_leaf(P, L_FENCE, MD_PRE, q, depth);
		P->fence_ch = st->fence_ch;
		P->fence_len = st->fence_len;
		P->fence_base = base;
		P->fence_indent = c.col - origin - base;
		break;
	case S_ATX:
		atx_heading(P, &c, q, depth);
		break;
	case S_HR:
		break;
	case S_HTML:
		if (!find_ci(c.p + strlen(html_blocks[st->html].start), c.e,
		             html_blocks[st->html].end)) {
			P->leaf = L_HTML;
			P->html = st->html;
		}
		break;
	default:
		if (!ref_def(P, &c)) {
			open_leaf(P, L_PARA, para_kind(q, depth), q, depth);
			leaf_line(P, c.p, (size_t)(c.e - c.p));
		}
	}
}

static void md_line(mdp *P, const char *s, const char *e)
{
	cursor c = {s, e, 0, 0};
	if (P->leaf == L_HTML) {
		if (find_ci(s, e, html_blocks[P->html].end))
			P->leaf = L_NONE;
		return;
	}
	int fence = P->leaf == L_FENCE;
	int q = strip_quotes(&c, fence ? P->q : INT_MAX);
	int blank = cur_blank(&c);
	if (continue_raw_leaf(P, &c, q, blank))
		return;
	if (fence) { /* the markers inside the code are markers again */
		q += strip_quotes(&c, INT_MAX);
		blank = cur_blank(&c);
	}
	if (blank) {
		close_leaf(P);
		return;
	}

	/* The items this line is inside: those whose content column it
	 * reaches (in the same quote). */
	int origin = c.col, ind = cur_indent(&c), depth = 0;
	if (q == P->items_q)
		while (depth < P->nitems && P->items[depth] <= ind)
			depth++;
	int base = depth ? P->items[depth - 1] : 0;
	/* Continuation, maybe lazy: quote markers may be left out (but more
	 * of them start a quote), and so may the indentation of items. */
	int para = P->leaf == L_PARA && q <= P->q;
	if (ind - base >= 4) {
		if (para) { /* code cannot interrupt a paragraph */
			skip_ws(&c);
			leaf_line(P, c.p, (size_t)(c.e - c.p));
			return;
		}
		close_leaf(P);
		set_containers(P, q, depth);
		open_leaf(P, L_CODE, MD_PRE, q, depth);
		P->code_base = base;
		P->code_blanks = 0;
		skip_cols(&c, base + 4);
		leaf_line_verbatim(P, &c);
		return;
	}
	skip_ws(&c);

	/* A paragraph in the same containers may become a heading or table. */
	if (P->leaf == L_PARA && q == P->q && depth == P->depth) {
		int level = setext_level(&c);
		if (level) {
			if (P->kind != MD_QUOTE)
				P->kind = MD_H1 + level - 1;
			close_leaf(P);
			return;
		}
		if (table_start(P, &c))
			return;
	}
	start st;
	int interrupting =
	    P->leaf == L_PARA && !(q == P->items_q && P->nitems > depth);
	if (!block_start(&c, origin, interrupting, &st)) {
		if (para) {
			leaf_line(P, c.p, (size_t)(c.e - c.p));
			return;
		}
		if (P->leaf == L_TABLE && q == P->q && depth == P->depth) {
			table_row(P, c.p, c.e);
			return;
		}
	}
	close_leaf(P);
	set_containers(P, q, depth);
	open_blocks(P, c, &st, q, origin);
}

void md_parse_blocks(const char *s, size_t n, md_blocks *out, md_inline *inl)
{
	mdp P;
	memset(&P, 0, sizeof P);
	P.out = out;
	P.inl = inl;
	const char *end = s + n;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		md_line(&P, s, e);
		s = nl ? nl + 1 : end;
	}
	close_leaf(&P);
	buf_free(&P.scratch);
}
