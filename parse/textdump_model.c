/*
 * textdump_model.c - the features and weights of the block model; see
 * textdump_model.h.
 *
 * A block's own features (enum base) are computed once; its vector is
 * those, then the NEIGHBOUR ones of the blocks one and two before and
 * after it (zero past either end), then where it stands.
 */
#include "textdump_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "lang_tables.h"
#include "textdump_words.h"

enum base {
	F_CHARS_LOG,
	F_SENTENCE_END,
	F_STOPWORDS,
	F_CAPITALS,
	F_DIGITS,
	F_COMMAS,
	F_WORD_LENGTH,
	F_HEADING,
	F_LIST_ITEM,
	F_IN_BODY,
	F_TEMPLATE,
	F_ELLIPSIS,
	F_COPYRIGHT,
	F_YEAR,
	F_SENTENCES,
	F_UPPER_CASE,
	F_REPEATED,
	F_COLON_START,
	F_VOCABULARY,
	F_FIRST_WORD,
	F_IS_TITLE,
	F__BASE
};

/* The features a block lends its neighbours. */
static const int neighbour[] = {F_CHARS_LOG, F_SENTENCE_END, F_STOPWORDS,
                                F_IN_BODY,   F_TEMPLATE,     F_LIST_ITEM,
                                F_HEADING,   F_CAPITALS,     F_COMMAS,
                                F_ELLIPSIS,  F_VOCABULARY};
enum { NEIGHBOURS = sizeof neighbour / sizeof neighbour[0] };
/* ... and which neighbours, in the vector's order. */
static const int neighbour_at[] = {-1, 1, -2, 2};
enum {
	F_POSITION_FIRST = F__BASE + 4 * NEIGHBOURS,
	F_DISTANCE = F_POSITION_FIRST,
	F_POSITION,
	F_BEFORE_BODY,
	F_AFTER_BODY,
	F_DENSITY,
	F_RELATIVE_LENGTH,
	F_AFTER_TITLE,
	F__ALL
};
_Static_assert((int)F__ALL == (int)DUMP_FEATURES, "DUMP_FEATURES");

const char *const dump_feature_names[DUMP_FEATURES] = {
    "chars_log",
    "sentence_end",
    "stopwords",
    "capitals",
    "digits",
    "commas",
    "word_length",
    "heading",
    "list_item",
    "in_body",
    "template",
    "ellipsis",
    "copyright",
    "year",
    "sentences",
    "upper_case",
    "repeated",
    "colon_start",
    "vocabulary",
    "first_word",
    "is_title",
    "prev_chars_log",
    "prev_sentence_end",
    "prev_stopwords",
    "prev_in_body",
    "prev_template",
    "prev_list_item",
    "prev_heading",
    "prev_capitals",
    "prev_commas",
    "prev_ellipsis",
    "prev_vocabulary",
    "next_chars_log",
    "next_sentence_end",
    "next_stopwords",
    "next_in_body",
    "next_template",
    "next_list_item",
    "next_heading",
    "next_capitals",
    "next_commas",
    "next_ellipsis",
    "next_vocabulary",
    "prev2_chars_log",
    "prev2_sentence_end",
    "prev2_stopwords",
    "prev2_in_body",
    "prev2_template",
    "prev2_list_item",
    "prev2_heading",
    "prev2_capitals",
    "prev2_commas",
    "prev2_ellipsis",
    "prev2_vocabulary",
    "next2_chars_log",
    "next2_sentence_end",
    "next2_stopwords",
    "next2_in_body",
    "next2_template",
    "next2_list_item",
    "next2_heading",
    "next2_capitals",
    "next2_commas",
    "next2_ellipsis",
    "next2_vocabulary",
    "distance",
    "position",
    "before_body",
    "after_body",
    "density",
    "relative_length",
    "after_title",
};

/* The weights, fitted by bench/fit_dump_model.py --write (which rewrites
 * what stands between the two marker lines): the log-odds a block is the
 * article's is dump_model_bias plus each feature times its weight. */
/* clang-format off */
/* BEGIN fitted weights */
static const double dump_model_bias = -0.3242;
static const double dump_model_weights[DUMP_FEATURES] = {
    +0.0599, /* chars_log */
    +0.7067, /* sentence_end */
    -1.2179, /* stopwords */
    -0.8651, /* capitals */
    +0.0197, /* digits */
    +0.6600, /* commas */
    -0.2598, /* word_length */
    +0.0260, /* heading */
    +0.7051, /* list_item */
    +0.7922, /* in_body */
    +0.0000, /* template */
    -0.5740, /* ellipsis */
    -0.5099, /* copyright */
    -0.4049, /* year */
    -0.2091, /* sentences */
    +0.1044, /* upper_case */
    -0.3673, /* repeated */
    -0.3748, /* colon_start */
    +0.3197, /* vocabulary */
    +0.3256, /* first_word */
    +2.9676, /* is_title */
    +0.0606, /* prev_chars_log */
    +0.3925, /* prev_sentence_end */
    -0.6562, /* prev_stopwords */
    -0.2784, /* prev_in_body */
    -0.5066, /* prev_template */
    -0.0326, /* prev_list_item */
    +0.1123, /* prev_heading */
    -0.4193, /* prev_capitals */
    +0.5024, /* prev_commas */
    -0.4929, /* prev_ellipsis */
    +0.0855, /* prev_vocabulary */
    +0.0218, /* next_chars_log */
    +0.3486, /* next_sentence_end */
    -0.6784, /* next_stopwords */
    -0.1399, /* next_in_body */
    -0.5003, /* next_template */
    -0.3839, /* next_list_item */
    +0.0601, /* next_heading */
    -0.2341, /* next_capitals */
    +0.6648, /* next_commas */
    -0.5984, /* next_ellipsis */
    +0.1154, /* next_vocabulary */
    +0.0804, /* prev2_chars_log */
    +0.1468, /* prev2_sentence_end */
    -0.4532, /* prev2_stopwords */
    -0.3838, /* prev2_in_body */
    -0.7445, /* prev2_template */
    +0.0337, /* prev2_list_item */
    +0.0937, /* prev2_heading */
    -0.3981, /* prev2_capitals */
    +0.7186, /* prev2_commas */
    -0.1730, /* prev2_ellipsis */
    -0.0070, /* prev2_vocabulary */
    +0.0329, /* next2_chars_log */
    +0.1659, /* next2_sentence_end */
    -0.3677, /* next2_stopwords */
    +0.0935, /* next2_in_body */
    -0.2925, /* next2_template */
    +0.1508, /* next2_list_item */
    -0.0533, /* next2_heading */
    -0.3419, /* next2_capitals */
    +0.2100, /* next2_commas */
    -0.6585, /* next2_ellipsis */
    +0.0065, /* next2_vocabulary */
    -0.1801, /* distance */
    -0.6153, /* position */
    -0.2079, /* before_body */
    -0.7793, /* after_body */
    -0.1585, /* density */
    +1.6375, /* relative_length */
    -0.6826, /* after_title */
};
/* END fitted weights */
/* clang-format on */

/* A paragraph of prose for the density feature: this long, ending as a
 * sentence. */
static const double DENSE_MIN_CHARS = 100;
/* The window of the density feature: this many blocks on each side. */
enum { DENSE_REACH = 3 };
/* Long words are rare enough: the mean word length counts up to this. */
static const double WORD_LENGTH_CAP = 15;
/* Sentence starts past this many say no more. */
enum { SENTENCES_CAP = 10 };

/* ---- the language's function words -------------------------------------- */

typedef struct stopwords {
	char **w;
	size_t n;
} stopwords;

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void stopwords_load(stopwords *s, const char *lang)
{
	memset(s, 0, sizeof *s);
	const char *words = NULL;
	for (int i = 0; lang && i < LANG_N_PROFILES && !words; i++)
		if (!strcmp(lang_profiles[i].tag, lang))
			words = lang_profiles[i].words;
	if (!words)
		return;
	size_t cap = 256;
	s->w = xmalloc(cap * sizeof *s->w);
	for (const char *p = words; *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p) {
			if (s->n == cap)
				s->w =
				    xrealloc(s->w, (cap *= 2) * sizeof *s->w);
			s->w[s->n++] = xstrndup(p, (size_t)(e - p));
		}
		p = e;
	}
	qsort(s->w, s->n, sizeof *s->w, by_string);
}

static void stopwords_free(stopwords *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->w[i]);
	free(s->w);
}

static int stopwords_has(const stopwords *s, const char *w)
{
	return s->n && bsearch(&w, s->w, s->n, sizeof *s->w, by_string);
}

/* ---- one block ----------------------------------------------------------- */

static int is_upper_cp(utf8proc_int32_t c)
{
	int k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

/* The last character that is not white space ends a sentence or a
 * quotation, or the text ends in "..." or "\u2026". */
static int ends_in(const char *s, size_t n, const char *set)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (!n)
		return 0;
	if (strchr(set, s[n - 1]))
		return 1;
	/* "\u201D" and "\u00BB" end a quotation too */
	return (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3)) ||
	       (n >= 2 && !memcmp(s + n - 2, "\xC2\xBB", 2));
}

static int ends_with_dots(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	return (n >= 3 && !memcmp(s + n - 3, "...", 3)) ||
	       (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3));
}

static int alnum_byte(char c)
{
	return (unsigned char)c >= 0x80 || (c >= '0' && c <= '9') ||
	       ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* A year: four digits 19xx or 20xx standing alone. */
static int has_year(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (!((s[i] == '1' && s[i + 1] == '9') ||
		      (s[i] == '2' && s[i + 1] == '0')))
			continue;
		if (!(s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' &&
		      s[i + 3] <= '9'))
			continue;
		int before = i > 0 && alnum_byte(s[i - 1]);
		int after = i + 4 < n && alnum_byte(s[i + 4]);
		if (!before && !after)
			return 1;
	}
	return 0;
}

static void block_base(const dump_block *b, const stopwords *sw, float *f)
{
	const char *s = b->text;
	size_t n = strlen(s);
	size_t words = 0, stop = 0, caps = 0, digits = 0, commas = 0, cps = 0,
	       letters = 0, upper = 0, word_cps = 0, starts = 0;
	buf_t w = BUF_INIT;
	int32_t prev = 0, prev2 = 0;
	for (size_t i = 0; i <= n;) {
		int32_t c;
		size_t k = dump_next_char(s, n, i, &c);
		int in = c >= 0 && text_is_word_char(c);
		if (in) {
			if (!w.len) {
				words++;
				caps += is_upper_cp(c) != 0;
			}
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e =
			    utf8proc_encode_char(utf8proc_tolower(c), enc);
			buf_add(&w, enc, (size_t)e);
			word_cps++;
		} else if (w.len) {
			buf_add(&w, "", 1);
			stop += stopwords_has(sw, w.data) != 0;
			buf_reset(&w);
		}
		if (c >= 0) {
			cps++;
			digits += c >= '0' && c <= '9';
			commas += c == ',';
			int cat = utf8proc_category(c);
			if (cat >= UTF8PROC_CATEGORY_LU &&
			    cat <= UTF8PROC_CATEGORY_LO) {
				letters++;
				upper += is_upper_cp(c) != 0;
				/* ". X": a sentence starts */
				starts += is_upper_cp(c) && prev == ' ' &&
				          (prev2 == '.' || prev2 == '!' ||
				           prev2 == '?');
			}
			prev2 = prev;
			prev = c;
		}
		i += k;
	}
	buf_free(&w);
	double nw = words ? (double)words : 1;
	f[F_CHARS_LOG] = (float)log1p((double)b->chars);
	f[F_SENTENCE_END] = (float)ends_in(s, n, ".!?:;\")");
	f[F_STOPWORDS] = (float)((double)stop / nw);
	f[F_CAPITALS] = (float)((double)caps / nw);
	f[F_DIGITS] = (float)((double)digits / (cps ? (double)cps : 1));
	f[F_COMMAS] = (float)((double)commas / nw);
	double wl = (double)word_cps / nw;
	f[F_WORD_LENGTH] =
	    (float)((wl < WORD_LENGTH_CAP ? wl : WORD_LENGTH_CAP) / 10);
	f[F_HEADING] = b->kind == KIND_HEADING;
	f[F_LIST_ITEM] = b->kind == KIND_LIST_ITEM;
	f[F_ELLIPSIS] = (float)ends_with_dots(s, n);
	f[F_COPYRIGHT] = strstr(s, "\xC2\xA9") || strstr(s, "(c)") ||
	                 strstr(s, "(C)") || strchr(s, '|');
	f[F_YEAR] = (float)has_year(s, n);
	f[F_SENTENCES] =
	    (float)(starts < SENTENCES_CAP ? starts : SENTENCES_CAP) /
	    SENTENCES_CAP;
	f[F_UPPER_CASE] =
	    (float)((double)upper / (letters ? (double)letters : 1));
	f[F_REPEATED] = b->repeated != 0;
	const char *colon = memchr(s, ':', n < 40 ? n : 40);
	f[F_COLON_START] = colon != NULL;
	dump_vocabulary(s, &f[F_VOCABULARY], &f[F_FIRST_WORD]);
}

/* ---- the vector ---------------------------------------------------------- */

void dump_features(const dump_doc *d, const dump_layout *l, const char *lang,
                   float *f)
{
	size_t n = d->n;
	if (!n)
		return;
	stopwords sw;
	stopwords_load(&sw, lang);
	float *base = xcalloc(n, F__BASE * sizeof *base);
	size_t lo = n, hi = n;
	double longest = 0;
	for (size_t i = 0; i < n; i++) {
		float *bf = base + i * F__BASE;
		block_base(&d->b[i], &sw, bf);
		int decided = l->open[i] || i == l->title;
		int in_span = l->start < n ? (i >= l->start && i <= l->end) ||
		                                 (l->title < n &&
		                                  i > l->title && i < l->start)
		                           : 1;
		bf[F_IN_BODY] = decided && (in_span || i == l->title);
		bf[F_TEMPLATE] = !decided && i != l->title;
		bf[F_IS_TITLE] = i == l->title;
		if (bf[F_IN_BODY] != 0) {
			if (lo == n)
				lo = i;
			hi = i;
		}
		if (bf[F_CHARS_LOG] > longest)
			longest = bf[F_CHARS_LOG];
	}
	double dense = log(DENSE_MIN_CHARS);
	for (size_t i = 0; i < n; i++) {
		float *v = f + i * DUMP_FEATURES;
		memcpy(v, base + i * F__BASE, F__BASE * sizeof *v);
		float *o = v + F__BASE;
		for (int a = 0; a < 4; a++) {
			long j = (long)i + neighbour_at[a];
			for (int k = 0; k < NEIGHBOURS; k++)
				*o++ = j >= 0 && (size_t)j < n
				           ? base[(size_t)j * F__BASE +
				                  neighbour[k]]
				           : 0;
		}
		size_t dist = i < lo ? lo - i : i > hi ? i - hi : 0;
		v[F_DISTANCE] = (float)log1p((double)dist);
		v[F_POSITION] = (float)((double)i / (double)n);
		v[F_BEFORE_BODY] = i < lo;
		v[F_AFTER_BODY] = i > hi && hi < n;
		size_t dn = 0;
		for (size_t j = i > DENSE_REACH ? i - DENSE_REACH : 0;
		     j < n && j <= i + DENSE_REACH; j++)
			dn += base[j * F__BASE + F_CHARS_LOG] > dense &&
			      base[j * F__BASE + F_SENTENCE_END] != 0;
		v[F_DENSITY] = (float)dn / (2 * DENSE_REACH + 1);
		v[F_RELATIVE_LENGTH] =
		    longest > 0 ? (float)(v[F_CHARS_LOG] / longest) : 0;
		v[F_AFTER_TITLE] = l->title < n && i > l->title;
	}
	free(base);
	stopwords_free(&sw);
}

double dump_model_score(const float *f)
{
	double z = dump_model_bias;
	for (int i = 0; i < DUMP_FEATURES; i++)
		z += dump_model_weights[i] * f[i];
	return z;
}
