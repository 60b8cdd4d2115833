/*
 * markdown_inline.c - Markdown inline markup to plain text; see
 * markdown_internal.h.
 *
 * Three passes over a block, each linear:
 *
 *  1. Copy the source to a scratch buffer, resolving what can be decided
 *     on the spot: escapes, entities, code spans (content copied as is),
 *     autolinks (the address), HTML tags (dropped), links and images (the
 *     brackets and the "(url)" or "[label]" after them dropped, the span of
 *     link text remembered).  Runs of * _ ~~ that could open or close
 *     emphasis (CommonMark's flanking rules) are copied and remembered.
 *  2. Pair emphasis runs: each closer with the nearest opener of the same
 *     character, one stack per character.  Paired markers are overwritten
 *     with DELETED; unpaired ones stay as text ("2*3" keeps its star).
 *  3. Copy to the block's text, skipping DELETED bytes, collapsing white
 *     space and counting code points and link code points.
 *
 * Marking instead of removing keeps positions stable between passes, and
 * 0xFF cannot occur in UTF-8, so it never clashes with text.
 *
 * Linear time on hostile input is kept by never scanning the same bytes
 * twice for the same purpose: a backtick run of length k with no closer
 * means no later run of length k has one (remembered per k), and likewise
 * for quotes in HTML attributes and the ends of comments; a link's
 * "(url "title")" must end before the next ']' (so a url or title holding
 * an unescaped ']' is not taken as one), and a "[text]" is looked up as a
 * label only when it holds no bracket -- so scans for different ']' never
 * overlap.
 *
 * Left out of CommonMark, for they do not change the words a reader sees:
 * the rule of 3 for emphasis, Unicode case folding of labels (ASCII only),
 * and link titles in reference definitions on a line of their own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown_internal.h"

#define DELETED 0xFF /* a byte of markup, dropped in pass 3 */

enum {
	MAX_BACKTICKS = 64,   /* longer backtick runs are plain text */
	MAX_LABEL = 999,      /* CommonMark's limit on link labels */
	MAX_PAREN_DEPTH = 32, /* nested parentheses in a link url */
	MAX_SCHEME = 32,      /* longest scheme of an autolink */
	MAX_ENTITY = 32,      /* longest entity name */
};

/* Failure caches of pass 1 (see the header comment). */
enum {
	NO_SQUOTE = 1 << 0,
	NO_DQUOTE = 1 << 1,
	NO_COMMENT_END = 1 << 2,
	NO_PI_END = 1 << 3,
	NO_CDATA_END = 1 << 4,
	NO_DECL_END = 1 << 5,
};

typedef struct delim {
	size_t pos; /* of the run's first remaining byte in out */
	size_t count;
	unsigned char ch, open, close;
} delim;

typedef struct bracket {
	size_t out; /* position of '[' (or "![") in out */
	size_t src; /* source position after it */
	int image;  /* "![" */
	int nested; /* holds a bracket: not a label */
} bracket;

typedef struct span {
	size_t start, end; /* link text in out */
} span;

struct md_inline {
	buf_t out;
	delim *d;
	size_t nd, capd;
	bracket *b;
	size_t nb, capb;
	span *s;
	size_t ns, caps;
	size_t *stack[3];
	size_t nstack[3], capstack[3];
	unsigned char no_ticks[MAX_BACKTICKS + 1];
	unsigned no_end;
	/* link labels, normalised, NUL-separated in label_text */
	buf_t label_text;
	size_t *label_off;
	size_t nlabels, caplabels;
	const char **labels; /* sorted, after md_inline_labels_done() */
	size_t nsorted;
	buf_t scratch;
};

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? 2 * (cap) : 16;                        \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr));        \
		}                                                              \
	} while (0)

/* Bytes pass 1 must look at; everything else is copied in runs. */
static const unsigned char special[256] = {
    ['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['~'] = 1,
    ['!'] = 1,  ['['] = 1, [']'] = 1, ['<'] = 1, ['&'] = 1,
};

/* Named entities decoded; others stay as written.  The ones drafts use:
 * HTML's five, spaces, dashes, quotes and common symbols. */
static const struct {
	const char *name;
	const char *utf8;
} entities[] = {
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", "\xC2\xA0"},
    {"shy", "\xC2\xAD"},
    {"copy", "\xC2\xA9"},
    {"reg", "\xC2\xAE"},
    {"trade", "\xE2\x84\xA2"},
    {"deg", "\xC2\xB0"},
    {"middot", "\xC2\xB7"},
    {"times", "\xC3\x97"},
    {"divide", "\xC3\xB7"},
    {"sect", "\xC2\xA7"},
    {"para", "\xC2\xB6"},
    {"laquo", "\xC2\xAB"},
    {"raquo", "\xC2\xBB"},
    {"euro", "\xE2\x82\xAC"},
    {"pound", "\xC2\xA3"},
    {"yen", "\xC2\xA5"},
    {"cent", "\xC2\xA2"},
    {"ndash", "\xE2\x80\x93"},
    {"mdash", "\xE2\x80\x94"},
    {"lsquo", "\xE2\x80\x98"},
    {"rsquo", "\xE2\x80\x99"},
    {"ldquo", "\xE2\x80\x9C"},
    {"rdquo", "\xE2\x80\x9D"},
    {"bull", "\xE2\x80\xA2"},
    {"hellip", "\xE2\x80\xA6"},
    {"thinsp", "\xE2\x80\x89"},
    {"ensp", "\xE2\x80\x82"},
    {"emsp", "\xE2\x80\x83"},
    {"zwj", "\xE2\x80\x8D"},
    {"zwnj", "\xE2\x80\x8C"},
};

/* HTML elements that break a line when rendered: removing such a tag
 * leaves a space, so "a<br>b" reads "a b" and not "ab". */
static const char *const breaking_tags[] = {
    "address", "article",    "aside",  "blockquote", "br", "dd", "div", "dl",
    "dt",      "figcaption", "figure", "footer",     "h1", "h2", "h3",  "h4",
    "h5",      "h6",         "header", "hr",         "li", "ol", "p",   "pre",
    "section", "table",      "td",     "th",         "tr", "ul",
};

/* ---- characters ---- */

enum { C_OTHER, C_SPACE, C_PUNCT };

/* Non-ASCII white space and punctuation, for the flanking rules: the
 * Unicode space separators and the punctuation and symbol ranges drafts
 * use; every other character counts as a letter. */
static const struct {
	uint32_t lo, hi;
	int cls;
} unicode_classes[] = {
    {0x00A0, 0x00A0, C_SPACE}, /* no-break space */
    {0x00A1, 0x00BF, C_PUNCT}, /* Latin-1 punctuation: ¡ « » ¿ ... */
    {0x00D7, 0x00D7, C_PUNCT}, /* multiplication sign */
    {0x00F7, 0x00F7, C_PUNCT}, /* division sign */
    {0x2000, 0x200A, C_SPACE}, /* en quad .. hair space */
    {0x2010, 0x2027, C_PUNCT}, /* dashes, quotes, bullets, ellipsis */
    {0x2028, 0x2029, C_SPACE}, /* line and paragraph separators */
    {0x202F, 0x202F, C_SPACE}, /* narrow no-break space */
    {0x2030, 0x205E, C_PUNCT}, /* per mille, primes, guillemets ... */
    {0x205F, 0x205F, C_SPACE}, /* medium mathematical space */
    {0x3000, 0x3000, C_SPACE}, /* ideographic space */
    {0x3001, 0x303F, C_PUNCT}, /* CJK punctuation */
    {0xFF01, 0xFF0F, C_PUNCT}, /* full-width punctuation ... */
    {0xFF1A, 0xFF20, C_PUNCT}, {0xFF3B, 0xFF40, C_PUNCT},
    {0xFF5B, 0xFF65, C_PUNCT},
};

static int is_ascii_punct(unsigned c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static int is_space(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_alpha(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_alnum(unsigned c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* c is one of set (never NUL). */
static int in_set(unsigned c, const char *set)
{
	return c && strchr(set, (int)c) != NULL;
}

static int class_of(uint32_t cp)
{
	if (cp < 0x80)
		return is_space(cp)         ? C_SPACE
		       : is_ascii_punct(cp) ? C_PUNCT
		                            : C_OTHER;
	for (size_t i = 0; i < sizeof unicode_classes / sizeof *unicode_classes;
	     i++)
		if (cp >= unicode_classes[i].lo && cp <= unicode_classes[i].hi)
			return unicode_classes[i].cls;
	return C_OTHER;
}

/* The code point starting at s[i] (valid UTF-8 assumed, as decoded). */
static uint32_t cp_at(const unsigned char *s, size_t n, size_t i)
{
	uint32_t c = s[i];
	size_t k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (k)
		c &= 0x3F >> k;
	for (size_t j = 1; j <= k && i + j < n; j++)
		c = (c << 6) | (s[i + j] & 0x3F);
	return c;
}

static int class_before(const char *src, size_t i)
{
	const unsigned char *s = (const unsigned char *)src;
	if (i == 0)
		return C_SPACE;
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && (s[j] & 0xC0) == 0x80)
		j--;
	return class_of(cp_at(s, i, j));
}

static int class_at(const char *src, size_t n, size_t i)
{
	if (i >= n)
		return C_SPACE;
	return class_of(cp_at((const unsigned char *)src, n, i));
}

static void add_utf8(buf_t *b, uint32_t cp)
{
	char u[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 4);
	}
}

/* ---- md_text ---- */

void md_text_reset(md_text *t)
{
	buf_reset(&t->text);
	t->chars = t->link_chars = 0;
	t->space = t->space_link = 0;
}

void md_text_sep(md_text *t)
{
	if (t->text.len && !t->space) {
		t->space = 1;
		t->space_link = 0;
	}
}

/* Pass 3: appends o[0..n) without DELETED bytes, white space (ASCII and
 * no-break space, as for HTML) collapsed; spans[] are sorted link texts. */
static void compact(md_text *t, const char *src, size_t n, const span *sp,
                    size_t ns)
{
	const unsigned char *o = (const unsigned char *)src;
	buf_grow(&t->text, n + 1);
	char *w = t->text.data + t->text.len;
	size_t si = 0;
	for (size_t j = 0; j < n;) {
		unsigned c = o[j];
		if (c == DELETED) {
			j++;
			continue;
		}
		while (si < ns && sp[si].end <= j)
			si++;
		int link = si < ns && sp[si].start <= j;
		int nbsp = c == 0xC2 && j + 1 < n && o[j + 1] == 0xA0;
		if (is_space(c) || nbsp) {
			if (w > t->text.data && !t->space) {
				t->space = 1;
				t->space_link = link;
			}
			j += nbsp ? 2 : 1;
			continue;
		}
		if (t->space) {
			*w++ = ' ';
			t->chars++;
			if (t->space_link && link)
				t->link_chars++;
			t->space = 0;
		}
		*w++ = (char)c;
		if ((c & 0xC0) != 0x80) {
			t->chars++;
			if (link)
				t->link_chars++;
		}
		j++;
	}
	*w = '\0';
	t->text.len = (size_t)(w - t->text.data);
}

void md_text_plain(md_text *t, const char *s, size_t len)
{
	compact(t, s, len, NULL, 0);
}

/* ---- labels ---- */

md_inline *md_inline_new(void)
{
	return xcalloc(1, sizeof(md_inline));
}

void md_inline_free(md_inline *m)
{
	if (!m)
		return;
	buf_free(&m->out);
	free(m->d);
	free(m->b);
	free(m->s);
	for (int i = 0; i < 3; i++)
		free(m->stack[i]);
	buf_free(&m->label_text);
	free(m->label_off);
	free(m->labels);
	buf_free(&m->scratch);
	free(m);
}

/* ASCII case folded, white space collapsed and trimmed. */
static void normalize_label(const char *s, size_t n, buf_t *out)
{
	int space = 0;
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		if (is_space(c)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
	}
}

void md_inline_add_label(md_inline *m, const char *label, size_t len)
{
	normalize_label(label, len, &m->scratch);
	if (!m->scratch.len)
		return;
	GROW(m->label_off, m->nlabels, m->caplabels);
	m->label_off[m->nlabels++] = m->label_text.len;
	buf_add(&m->label_text, m->scratch.data, m->scratch.len + 1);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void md_inline_labels_done(md_inline *m)
{
	free(m->labels);
	m->labels = xmalloc((m->nlabels ? m->nlabels : 1) * sizeof *m->labels);
	for (size_t i = 0; i < m->nlabels; i++)
		m->labels[i] = m->label_text.data + m->label_off[i];
	qsort(m->labels, m->nlabels, sizeof *m->labels, cmp_str);
	m->nsorted = m->nlabels;
}

static int label_defined(md_inline *m, const char *s, size_t n)
{
	if (!m->nsorted || n == 0 || n > MAX_LABEL)
		return 0;
	normalize_label(s, n, &m->scratch);
	const char *key = buf_cstr(&m->scratch);
	return bsearch(&key, m->labels, m->nsorted, sizeof *m->labels,
	               cmp_str) != NULL;
}

/* ---- pass 1 helpers: each returns the index after what it matched, or
 * 0 for no match ---- */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i;
}

/* "(url "title")" after a link's ']'; s[i] == '('.  Fails at an
 * unescaped ']' (header comment). */
static size_t link_tail(const char *s, size_t n, size_t i)
{
	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == '<') {
		for (i++; i < n && s[i] != '>'; i++) {
			if (s[i] == '\n' || s[i] == '<' || s[i] == ']')
				return 0;
			if (s[i] == '\\' && i + 1 < n && s[i + 1] != '\n')
				i++;
		}
		if (i >= n)
			return 0;
		i++;
	} else {
		int depth = 0;
		for (; i < n; i++) {
			unsigned c = (unsigned char)s[i];
			if (is_space(c) || c < 0x20 || c == ']')
				break;
			if (c == '\\' && i + 1 < n &&
			    is_ascii_punct((unsigned char)s[i + 1]))
				i++;
			else if (c == '(' && ++depth > MAX_PAREN_DEPTH)
				return 0;
			else if (c == ')' && depth-- == 0)
				break;
		}
		if (depth > 0)
			return 0;
	}
	size_t j = skip_ws(s, n, i);
	if (j < n && j > i && (s[j] == '"' || s[j] == '\'' || s[j] == '(')) {
		char close = s[j] == '(' ? ')' : s[j];
		for (j++; j < n && s[j] != close; j++) {
			if (s[j] == ']' || (close == ')' && s[j] == '('))
				return 0;
			if (s[j] == '\\' && j + 1 < n && s[j + 1] != ']')
				j++;
		}
		if (j >= n)
			return 0;
		j = skip_ws(s, n, j + 1);
	}
	return j < n && s[j] == ')' ? j + 1 : 0;
}

/* "[label]" at s[i] == '['; returns the index of its ']'. */
static size_t label_end(const char *s, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n && j - i <= MAX_LABEL + 1; j++) {
		if (s[j] == '[')
			return 0;
		if (s[j] == ']')
			return j;
		if (s[j] == '\\' && j + 1 < n && s[j + 1] != '\n')
			j++;
	}
	return 0;
}

/* <scheme:address> */
static size_t autolink_uri(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	if (j >= n || !is_alpha((unsigned char)s[j]))
		return 0;
	while (j < n && (is_alnum((unsigned char)s[j]) || s[j] == '+' ||
	                 s[j] == '.' || s[j] == '-'))
		j++;
	if (j - i - 1 < 2 || j - i - 1 > MAX_SCHEME || j >= n || s[j] != ':')
		return 0;
	for (; j < n && s[j] != '>'; j++)
		if ((unsigned char)s[j] <= ' ' || s[j] == '<')
			return 0;
	return j < n ? j + 1 : 0;
}

/* <name@example.com> */
static size_t autolink_email(const char *s, size_t n, size_t i)
{
	size_t j = i + 1, at = 0;
	for (; j < n && s[j] != '>'; j++) {
		unsigned c = (unsigned char)s[j];
		if (c == '@' && !at && j > i + 1)
			at = j;
		else if (at ? !(is_alnum(c) || c == '-' || c == '.')
		            : !(is_alnum(c) ||
		                in_set(c, ".!#$%&'*+/=?^_`{|}~-")))
			return 0;
	}
	if (!at || j >= n || j == at + 1 || s[at + 1] == '.' || s[j - 1] == '.')
		return 0;
	return j + 1;
}

/* Finds needle in s[i..n); remembers a miss in m->no_end. */
static size_t find_end(md_inline *m, const char *s, size_t n, size_t i,
                       const char *needle, unsigned flag)
{
	if (m->no_end & flag || i > n)
		return 0;
	size_t k = strlen(needle);
	const char *p = memmem(s + i, n - i, needle, k);
	if (!p) {
		m->no_end |= flag;
		return 0;
	}
	return (size_t)(p - s) + k;
}

static int breaking_tag(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof breaking_tags / sizeof *breaking_tags;
	     i++)
		if (strlen(breaking_tags[i]) == len &&
		    !strncasecmp(breaking_tags[i], name, len))
			return 1;
	return 0;
}

/* An HTML tag, comment, processing instruction, declaration or CDATA
 * section at s[i] == '<' (CommonMark "raw HTML").  *breaks is set for a
 * tag that breaks the line. */
static size_t html_inline(md_inline *m, const char *s, size_t n, size_t i,
                          int *breaks)
{
	size_t j = i + 1;
	*breaks = 0;
	if (j >= n)
		return 0;
	if (s[j] == '!') {
		if (n - j >= 3 && !memcmp(s + j, "!--", 3))
			return find_end(m, s, n, j + 1, "-->", NO_COMMENT_END);
		if (n - j >= 8 && !memcmp(s + j, "![CDATA[", 8))
			return find_end(m, s, n, j + 8, "]]>", NO_CDATA_END);
		if (j + 1 < n && is_alpha((unsigned char)s[j + 1]))
			return find_end(m, s, n, j + 2, ">", NO_DECL_END);
		return 0;
	}
	if (s[j] == '?')
		return find_end(m, s, n, j + 1, "?>", NO_PI_END);
	int closing = s[j] == '/';
	j += (size_t)closing;
	if (j >= n || !is_alpha((unsigned char)s[j]))
		return 0;
	size_t name = j;
	while (j < n && (is_alnum((unsigned char)s[j]) || s[j] == '-'))
		j++;
	*breaks = breaking_tag(s + name, j - name);
	if (closing) {
		j = skip_ws(s, n, j);
		return j < n && s[j] == '>' ? j + 1 : 0;
	}
	for (;;) {
		size_t ws = j;
		j = skip_ws(s, n, j);
		if (j < n && s[j] == '>')
			return j + 1;
		if (j + 1 < n && s[j] == '/' && s[j + 1] == '>')
			return j + 2;
		if (j == ws || j >= n)
			return 0;
		unsigned c = (unsigned char)s[j];
		if (!is_alpha(c) && c != '_' && c != ':')
			return 0;
		while (j < n && (is_alnum((unsigned char)s[j]) ||
		                 in_set((unsigned char)s[j], "_.:-")))
			j++;
		size_t k = skip_ws(s, n, j);
		if (k >= n || s[k] != '=')
			continue;
		k = skip_ws(s, n, k + 1);
		if (k >= n)
			return 0;
		if (s[k] == '"' || s[k] == '\'') {
			unsigned flag = s[k] == '"' ? NO_DQUOTE : NO_SQUOTE;
			if (m->no_end & flag)
				return 0;
			const char *q = memchr(s + k + 1, s[k], n - k - 1);
			if (!q) {
				m->no_end |= flag;
				return 0;
			}
			j = (size_t)(q - s) + 1;
		} else {
			j = k;
			while (j < n && !is_space((unsigned char)s[j]) &&
			       !in_set((unsigned char)s[j], "\"'=<>`"))
				j++;
			if (j == k)
				return 0;
		}
	}
}

/* &amp; &#233; &#xE9; */
static size_t entity(const char *s, size_t n, size_t i, buf_t *out)
{
	size_t j = i + 1;
	if (j < n && s[j] == '#') {
		int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		j += 1 + (size_t)hex;
		size_t start = j;
		uint32_t cp = 0;
		while (j < n && j - start < (hex ? 6u : 7u)) {
			unsigned c = (unsigned char)s[j];
			unsigned v =
			    c >= '0' && c <= '9' ? c - '0'
			    : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
			        ? (c | 0x20) - 'a' + 10
			        : 16;
			if (v == 16)
				break;
			cp = cp * (hex ? 16 : 10) + v;
			j++;
		}
		if (j == start || j >= n || s[j] != ';')
			return 0;
		add_utf8(out, cp);
		return j + 1;
	}
	size_t start = j;
	while (j < n && j - start <= MAX_ENTITY &&
	       is_alnum((unsigned char)s[j]))
		j++;
	if (j == start || j >= n || s[j] != ';')
		return 0;
	for (size_t e = 0; e < sizeof entities / sizeof *entities; e++)
		if (strlen(entities[e].name) == j - start &&
		    !memcmp(entities[e].name, s + start, j - start)) {
			buf_adds(out, entities[e].utf8);
			return j + 1;
		}
	return 0;
}

/* ---- pass 1 ---- */

static size_t run_of(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && s[j] == s[i])
		j++;
	return j - i;
}

/* `code`: copies the content and returns the index after the closer. */
static size_t code_span(md_inline *m, const char *s, size_t n, size_t i,
                        size_t k)
{
	if (k > MAX_BACKTICKS || m->no_ticks[k])
		return 0;
	size_t j = i + k;
	while (j < n) {
		const char *p = memchr(s + j, '`', n - j);
		if (!p)
			break;
		j = (size_t)(p - s);
		size_t r = run_of(s, n, j);
		if (r == k) {
			buf_add(&m->out, s + i + k, j - i - k);
			return j + k;
		}
		j += r;
	}
	m->no_ticks[k] = 1;
	return 0;
}

static void emphasis_run(md_inline *m, const char *s, size_t n, size_t i,
                         size_t k)
{
	unsigned char ch = (unsigned char)s[i];
	int before = class_before(s, i), after = class_at(s, n, i + k);
	int left = after != C_SPACE && (after != C_PUNCT || before != C_OTHER);
	int right =
	    before != C_SPACE && (before != C_PUNCT || after != C_OTHER);
	int open = left, close = right;
	if (ch == '_') {
		open = left && (!right || before == C_PUNCT);
		close = right && (!left || after == C_PUNCT);
	}
	if (ch == '~' && k != 2)
		open = close = 0;
	if (open || close) {
		GROW(m->d, m->nd, m->capd);
		m->d[m->nd++] = (delim){.pos = m->out.len,
		                        .count = k,
		                        .ch = ch,
		                        .open = (unsigned char)open,
		                        .close = (unsigned char)close};
	}
	buf_add(&m->out, s + i, k);
}

static void push_bracket(md_inline *m, size_t src, int image)
{
	if (m->nb)
		m->b[m->nb - 1].nested = 1;
	GROW(m->b, m->nb, m->capb);
	m->b[m->nb++] =
	    (bracket){.out = m->out.len, .src = src, .image = image};
	buf_adds(&m->out, image ? "![" : "[");
}

/* At an unescaped ']': a link or image closes here, or the ']' is text. */
static size_t close_bracket(md_inline *m, const char *s, size_t n, size_t i)
{
	if (!m->nb) {
		buf_addc(&m->out, ']');
		return i + 1;
	}
	bracket br = m->b[--m->nb];
	size_t end = 0, t = i + 1;
	if (t < n && s[t] == '(')
		end = link_tail(s, n, t);
	if (!end && m->nsorted) {
		size_t k = t < n && s[t] == '[' ? label_end(s, n, t) : 0;
		if (k > t + 1 && label_defined(m, s + t + 1, k - t - 1))
			end = k + 1;
		else if (!br.nested && label_defined(m, s + br.src, i - br.src))
			end = k == t + 1 ? k + 1 : i + 1;
	}
	if (!end) {
		buf_addc(&m->out, ']');
		if (m->nb)
			m->b[m->nb - 1].nested = 1;
		return i + 1;
	}
	m->out.data[br.out] = (char)DELETED;
	if (br.image) {
		m->out.data[br.out + 1] = (char)DELETED;
		if (m->nb)
			m->b[m->nb - 1].nested = 1;
	} else {
		GROW(m->s, m->ns, m->caps);
		m->s[m->ns++] = (span){br.out, m->out.len};
		m->nb = 0; /* no links inside links */
	}
	return end;
}

static void pass1(md_inline *m, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && !special[(unsigned char)s[j]])
			j++;
		buf_add(&m->out, s + i, j - i);
		if ((i = j) >= n)
			break;
		size_t e;
		int breaks;
		switch (s[i]) {
		case '\\':
			if (i + 1 < n &&
			    (is_ascii_punct((unsigned char)s[i + 1]) ||
			     s[i + 1] == '\n')) {
				buf_addc(&m->out, s[i + 1]);
				i += 2;
			} else {
				buf_addc(&m->out, '\\');
				i++;
			}
			break;
		case '`':
			j = run_of(s, n, i);
			if ((e = code_span(m, s, n, i, j))) {
				i = e;
			} else {
				buf_add(&m->out, s + i, j);
				i += j;
			}
			break;
		case '*':
		case '_':
		case '~':
			j = run_of(s, n, i);
			emphasis_run(m, s, n, i, j);
			i += j;
			break;
		case '!':
			if (i + 1 < n && s[i + 1] == '[') {
				push_bracket(m, i + 2, 1);
				i += 2;
			} else {
				buf_addc(&m->out, '!');
				i++;
			}
			break;
		case '[':
			push_bracket(m, i + 1, 0);
			i++;
			break;
		case ']':
			i = close_bracket(m, s, n, i);
			break;
		case '<':
			if ((e = autolink_uri(s, n, i)) ||
			    (e = autolink_email(s, n, i))) {
				GROW(m->s, m->ns, m->caps);
				m->s[m->ns].start = m->out.len;
				buf_add(&m->out, s + i + 1, e - i - 2);
				m->s[m->ns++].end = m->out.len;
				m->nb = 0;
				i = e;
			} else if ((e = html_inline(m, s, n, i, &breaks))) {
				if (breaks)
					buf_addc(&m->out, ' ');
				i = e;
			} else {
				buf_addc(&m->out, '<');
				i++;
			}
			break;
		case '&':
			if ((e = entity(s, n, i, &m->out))) {
				i = e;
			} else {
				buf_addc(&m->out, '&');
				i++;
			}
			break;
		}
	}
}

/* ---- pass 2 ---- */

static void pass2(md_inline *m)
{
	unsigned char *o = (unsigned char *)m->out.data;
	for (size_t i = 0; i < m->nd; i++) {
		delim *d = &m->d[i];
		int c = d->ch == '*' ? 0 : d->ch == '_' ? 1 : 2;
		size_t *st = m->stack[c];
		size_t *nst = &m->nstack[c];
		while (d->close && d->count && *nst) {
			delim *op = &m->d[st[*nst - 1]];
			size_t k = op->count < d->count ? op->count : d->count;
			memset(o + op->pos + op->count - k, DELETED, k);
			memset(o + d->pos, DELETED, k);
			op->count -= k;
			d->pos += k;
			d->count -= k;
			if (!op->count)
				(*nst)--;
		}
		if (d->open && d->count) {
			GROW(m->stack[c], m->nstack[c], m->capstack[c]);
			m->stack[c][m->nstack[c]++] = i;
		}
	}
}

void md_inline_render(md_inline *m, const char *src, size_t len, md_text *t)
{
	buf_reset(&m->out);
	buf_grow(&m->out, len);
	m->nd = m->nb = m->ns = 0;
	for (int i = 0; i < 3; i++)
		m->nstack[i] = 0;
	memset(m->no_ticks, 0, sizeof m->no_ticks);
	m->no_end = 0;
	pass1(m, src, len);
	pass2(m);
	compact(t, m->out.data, m->out.len, m->s, m->ns);
}
