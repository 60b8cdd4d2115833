/*
 * lang.c - language identification from text, and language tag clean-up.
 *
 * Two stages, both fed by one pass over at most LANG_MAX_BYTES of text:
 *
 * 1. Script.  Every letter is put in a script by its code point range.
 *    Ideographs, Kana and Hangul weigh CJK_LETTER_WEIGHT letters each (one
 *    carries about as much text as a short alphabetic word).  The script
 *    with at least MIN_SCRIPT_SHARE of the weighted letters decides how to
 *    go on; a text split between scripts has no answer.  Scripts used by
 *    essentially one language answer at once (Greek -> el, Hangul -> ko,
 *    Thai -> th...); Han text is Japanese when Kana make up at least
 *    MIN_KANA_SHARE of it, else Chinese; Arabic script is Urdu when
 *    Urdu-only letters are frequent, Persian when Persian/Urdu letters
 *    outnumber Arabic-only ones, else Arabic.
 *
 * 2. Words, for Latin and Cyrillic text.  Each language has a table of its
 *    most frequent words, most frequent first (below).  The text's words are
 *    lower-cased and counted in a small hash table, then every table word is
 *    looked up once, so a call costs one pass over the text plus one lookup
 *    per table word, and no state survives the call.  A word found at rank r
 *    scores 1 + RANK_BOOST / (r + RANK_SOFTEN) for every occurrence (the top
 *    words of a language are the surest sign of it), times
 *    SHARED_WORD_WEIGHT of the number of tables holding it: words several
 *    languages share count less, so the words that differ decide between
 *    neighbours (Danish "af", "efter", "meget" against Norwegian "av",
 *    "etter", "mye").  Letters that belong to few languages (Polish ł,
 *    Czech ř, Romanian ă, Ukrainian ї...) add LETTER_POINTS per occurrence,
 *    split between the languages that use them: a tie-breaker, small
 *    against the words.  The winner needs at least MIN_WORDS words of text,
 *    table words for MIN_COVERAGE of them (running text in any of these
 *    languages is 30-50% function words; a language with no table stays far
 *    below), and a lead of MIN_MARGIN over the runner-up.
 *
 * Besides the languages cqa reports on most, the tables cover close
 * neighbours (Slovak, Croatian, Serbian, Catalan, Estonian) and two large
 * web languages (Indonesian, Vietnamese), so that their pages get their own
 * tag rather than the nearest table's (Slovak read as Czech, ...).
 *
 * The word tables and letter hints are in lang_tables.c, with a note on
 * how they were written.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../common/buf.h"
#include "lang.h"
#include "lang_tables.h"

/* ---- tunables ---- */

/* Fewer words (or CJK characters) than this: no answer. */
enum { MIN_WORDS = 20, MIN_CJK_CHARS = 30 };
/* Weight of one ideograph, Kana or Hangul syllable against one letter. */
enum { CJK_LETTER_WEIGHT = 2 };
/* The leading script must hold this share of the weighted letters. */
static const double MIN_SCRIPT_SHARE = 0.6;
/* Han text with at least this share of Kana is Japanese (real Japanese
 * prose is 40-70% Kana; Chinese has none). */
static const double MIN_KANA_SHARE = 0.1;
/* Han/Kana/Hangul text with this share of Hangul is Korean. */
static const double MIN_HANGUL_SHARE = 0.3;
/* Rank weighting of table words, see the header comment. */
static const double RANK_BOOST = 32.0, RANK_SOFTEN = 8.0;
/* A word in k tables scores this share for each: shared words count less,
 * so the words that differ decide between close languages. */
#define SHARED_WORD_WEIGHT(k) (2.0 / (1.0 + (double)(k)))
/* Points for one occurrence of a distinctive letter. */
static const double LETTER_POINTS = 0.5;
/* Share of the text's words the winner's table must cover. */
static const double MIN_COVERAGE = 0.12;
/* The winner's lead over the runner-up, as a share of its score. */
static const double MIN_MARGIN = 0.08;
/* Words longer than this are no table word; they are counted, not kept. */
enum { MAX_TOKEN_BYTES = 32 };

/* ---- scripts ---- */

/* Scripts written by (nearly) one language: the range answers alone.
 * Devanagari also writes Marathi and Nepali, Bengali script Assamese;
 * the language with by far the most web text is named. */
static const struct {
	unsigned lo, hi;
	const char *tag;
} single_scripts[] = {
    {0x0370, 0x03FF, "el"}, {0x1F00, 0x1FFF, "el"}, /* Greek */
    {0x0530, 0x058F, "hy"},                         /* Armenian */
    {0x0590, 0x05FF, "he"},                         /* Hebrew */
    {0x0900, 0x097F, "hi"},                         /* Devanagari */
    {0x0980, 0x09FF, "bn"},                         /* Bengali */
    {0x0A00, 0x0A7F, "pa"},                         /* Gurmukhi */
    {0x0A80, 0x0AFF, "gu"},                         /* Gujarati */
    {0x0B80, 0x0BFF, "ta"},                         /* Tamil */
    {0x0C00, 0x0C7F, "te"},                         /* Telugu */
    {0x0C80, 0x0CFF, "kn"},                         /* Kannada */
    {0x0D00, 0x0D7F, "ml"},                         /* Malayalam */
    {0x0D80, 0x0DFF, "si"},                         /* Sinhala */
    {0x0E00, 0x0E7F, "th"},                         /* Thai */
    {0x0E80, 0x0EFF, "lo"},                         /* Lao */
    {0x1000, 0x109F, "my"},                         /* Myanmar */
    {0x10A0, 0x10FF, "ka"},                         /* Georgian */
    {0x1200, 0x137F, "am"},                         /* Ethiopic */
    {0x1780, 0x17FF, "km"},                         /* Khmer */
};
enum { N_SINGLE = sizeof single_scripts / sizeof *single_scripts };
enum { N_SCRIPTS = SC_SINGLE + N_SINGLE };

/* Ranges of the scripts that need a second look. */
static const struct {
	unsigned lo, hi;
	int script;
} script_ranges[] = {
    {0x00C0, 0x024F, SC_LATIN},    {0x1E00, 0x1EFF, SC_LATIN},
    {0x0400, 0x052F, SC_CYRILLIC}, {0x0600, 0x06FF, SC_ARABIC},
    {0x0750, 0x077F, SC_ARABIC},   {0xFB50, 0xFDFF, SC_ARABIC},
    {0xFE70, 0xFEFF, SC_ARABIC},   {0x3040, 0x30FF, SC_KANA},
    {0x31F0, 0x31FF, SC_KANA},     {0xFF66, 0xFF9F, SC_KANA},
    {0x3400, 0x4DBF, SC_HAN},      {0x4E00, 0x9FFF, SC_HAN},
    {0xF900, 0xFAFF, SC_HAN},      {0x20000, 0x2FFFF, SC_HAN},
    {0x1100, 0x11FF, SC_HANGUL},   {0x3130, 0x318F, SC_HANGUL},
    {0xAC00, 0xD7AF, SC_HANGUL},
};

static int is_letter(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

static int script_of(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? SC_LATIN
		                                                  : SC_NONE;
	if (!is_letter(cp))
		return SC_NONE;
	unsigned u = (unsigned)cp;
	for (size_t i = 0; i < sizeof script_ranges / sizeof *script_ranges;
	     i++)
		if (u >= script_ranges[i].lo && u <= script_ranges[i].hi)
			return script_ranges[i].script;
	for (size_t i = 0; i < N_SINGLE; i++)
		if (u >= single_scripts[i].lo && u <= single_scripts[i].hi)
			return SC_SINGLE + (int)i;
	return SC_NONE;
}

/* ---- word tables: lang_tables.c ---- */

/* Arabic-script letters that tell Persian and Urdu from Arabic. */
static const utf8proc_int32_t arabic_only[] = {0x064A, 0x0643, 0x0629};
static const utf8proc_int32_t persian_urdu[] = {0x06CC, 0x06A9, 0x067E,
                                                0x0686, 0x0698, 0x06AF};
static const utf8proc_int32_t urdu_only[] = {0x06D2, 0x06BA, 0x0679, 0x0688,
                                             0x0691};

static int in_set(utf8proc_int32_t cp, const utf8proc_int32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* ---- the text's words: a small open-addressing hash table ---- */

typedef struct word_slot {
	unsigned off; /* in word_table.keys (at most LANG_MAX_BYTES) */
	unsigned len; /* 0: empty slot */
	unsigned count;
	unsigned langs; /* how many word tables hold it */
} word_slot;

typedef struct word_table {
	word_slot *slots;
	size_t cap, used; /* cap is a power of two */
	buf_t keys;
} word_table;

static size_t hash_bytes(const char *s, size_t n)
{
	size_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static word_slot *table_find(const word_table *t, const char *s, size_t n)
{
	size_t i = hash_bytes(s, n) & (t->cap - 1);
	for (;;) {
		word_slot *e = &t->slots[i];
		if (!e->len ||
		    (e->len == n && !memcmp(t->keys.data + e->off, s, n)))
			return e;
		i = (i + 1) & (t->cap - 1);
	}
}

static void table_grow(word_table *t)
{
	word_table old = *t;
	t->cap = old.cap ? old.cap * 2 : 256;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].len) {
			word_slot *e =
			    table_find(t, old.keys.data + old.slots[i].off,
			               old.slots[i].len);
			*e = old.slots[i];
		}
	free(old.slots);
}

static void table_add(word_table *t, const char *s, size_t n)
{
	if ((t->used + 1) * 2 > t->cap)
		table_grow(t);
	word_slot *e = table_find(t, s, n);
	if (!e->len) {
		e->off = (unsigned)t->keys.len;
		e->len = (unsigned)n;
		buf_add(&t->keys, s, n);
		t->used++;
	}
	e->count++;
}

/* ---- one pass over the text ---- */

typedef struct scan {
	size_t letters[N_SCRIPTS];  /* letters by script */
	size_t words[N_SCRIPTS];    /* words by script (runs of letters) */
	size_t hints[LANG_N_HINTS]; /* occurrences of each letter_hints entry */
	size_t arabic_only, persian_urdu, urdu_only;
	word_table table; /* Latin and Cyrillic words, lower case */
} scan;

static utf8proc_int32_t fold(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	cp = utf8proc_tolower(cp);
	if (cp == 0x0219) /* ș -> ş, ț -> ţ: see the header comment */
		return 0x015F;
	if (cp == 0x021B)
		return 0x0163;
	return cp;
}

static void note_letter(scan *s, int sc, utf8proc_int32_t lower)
{
	s->letters[sc]++;
	if (lower < 0x80) /* no hint is ASCII */
		return;
	if (sc == SC_LATIN || sc == SC_CYRILLIC) {
		for (size_t i = 0; i < LANG_N_HINTS; i++)
			if (lang_letter_hints[i].cp == lower) {
				s->hints[i]++;
				break;
			}
	} else if (sc == SC_ARABIC) {
		s->arabic_only += in_set(lower, arabic_only, 3);
		s->persian_urdu += in_set(lower, persian_urdu, 6);
		s->urdu_only += in_set(lower, urdu_only, 5);
	}
}

static void scan_text(const char *utf8, size_t len, scan *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	char word[MAX_TOKEN_BYTES + 4];
	size_t wlen = 0;
	int wsc = SC_NONE, too_long = 0;
	size_t i = 0;
	for (;;) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t n = 0;
		if (i < len) {
			n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i),
			                     &cp);
			if (n <= 0) {
				n = 1;
				cp = -1;
			}
		}
		int sc = cp >= 0 ? script_of(cp) : SC_NONE;
		/* Combining marks stay inside a word (decomposed accents). */
		int mark = cp >= 0x300 && wsc != SC_NONE &&
		           (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN ||
		            utf8proc_category(cp) == UTF8PROC_CATEGORY_MC);
		if (wsc != SC_NONE && sc != wsc && !mark) {
			s->words[wsc]++;
			if ((wsc == SC_LATIN || wsc == SC_CYRILLIC) &&
			    !too_long)
				table_add(&s->table, word, wlen);
			wsc = SC_NONE;
		}
		if (i >= len)
			break;
		i += (size_t)n;
		if (sc == SC_NONE) {
			if (mark && wlen + 4 <= MAX_TOKEN_BYTES)
				wlen += (size_t)utf8proc_encode_char(
				    cp, (utf8proc_uint8_t *)word + wlen);
			continue;
		}
		utf8proc_int32_t lower = fold(cp);
		note_letter(s, sc, lower);
		if (wsc == SC_NONE) {
			wsc = sc;
			wlen = 0;
			too_long = 0;
		}
		if (wlen + 4 > MAX_TOKEN_BYTES)
			too_long = 1;
		else
			wlen += (size_t)utf8proc_encode_char(
			    lower, (utf8proc_uint8_t *)word + wlen);
	}
}

/* ---- decisions ---- */

static int profile_index(const char *tag, size_t n)
{
	for (int i = 0; i < LANG_N_PROFILES; i++)
		if (strlen(lang_profiles[i].tag) == n &&
		    !memcmp(lang_profiles[i].tag, tag, n))
			return i;
	return -1;
}

/* A table word found in the text. */
typedef struct word_hit {
	const word_slot *slot;
	unsigned rank;
	int lang;
} word_hit;

static const char *by_words(scan *s, int script, double *confidence)
{
	size_t words = s->words[script];
	if (words < MIN_WORDS || !s->table.cap)
		return NULL;
	double score[LANG_N_PROFILES] = {0};
	size_t hits[LANG_N_PROFILES] = {0};
	word_hit *found = NULL;
	size_t n_found = 0, cap_found = 0;
	for (int l = 0; l < LANG_N_PROFILES; l++) {
		if (lang_profiles[l].script != script)
			continue;
		const char *w = lang_profiles[l].words;
		for (unsigned rank = 0; *w; rank++) {
			size_t n = 0;
			while (w[n] && w[n] != ' ')
				n++;
			word_slot *e = table_find(&s->table, w, n);
			if (e->len) {
				e->langs++;
				if (n_found == cap_found) {
					cap_found =
					    cap_found ? 2 * cap_found : 64;
					found = xrealloc(
					    found, cap_found * sizeof *found);
				}
				found[n_found++] = (word_hit){e, rank, l};
			}
			w += n;
			while (*w == ' ')
				w++;
		}
	}
	/* Scores wait until every table was seen: a word's weight depends
	 * on how many languages share it. */
	for (size_t i = 0; i < n_found; i++) {
		const word_hit *h = &found[i];
		score[h->lang] +=
		    h->slot->count *
		    (1.0 + RANK_BOOST / ((double)h->rank + RANK_SOFTEN)) *
		    SHARED_WORD_WEIGHT(h->slot->langs);
		hits[h->lang] += h->slot->count;
	}
	free(found);
	for (size_t h = 0; h < LANG_N_HINTS; h++) {
		if (!s->hints[h])
			continue;
		const char *t = lang_letter_hints[h].tags;
		size_t sharing = 0;
		for (const char *q = t; *q; q += strspn(q, " ")) {
			sharing++;
			q += strcspn(q, " ");
		}
		for (const char *q = t; *q; q += strspn(q, " ")) {
			size_t n = strcspn(q, " ");
			int l = profile_index(q, n);
			if (l >= 0 && lang_profiles[l].script == script)
				score[l] += LETTER_POINTS *
				            (double)s->hints[h] /
				            (double)sharing;
			q += n;
		}
	}
	int best = -1, second = -1;
	for (int l = 0; l < LANG_N_PROFILES; l++) {
		if (lang_profiles[l].script != script)
			continue;
		if (best < 0 || score[l] > score[best]) {
			second = best;
			best = l;
		} else if (second < 0 || score[l] > score[second])
			second = l;
	}
	if (best < 0 || score[best] <= 0)
		return NULL;
	double margin = second < 0 ? 1.0 : 1.0 - score[second] / score[best];
	if ((double)hits[best] < MIN_COVERAGE * (double)words ||
	    margin < MIN_MARGIN)
		return NULL;
	*confidence = margin;
	return lang_profiles[best].tag;
}

static const char *by_script(scan *s, double *confidence)
{
	double weighted[N_SCRIPTS], total = 0;
	for (int sc = 0; sc < N_SCRIPTS; sc++) {
		weighted[sc] = (double)s->letters[sc];
		if (sc == SC_HAN || sc == SC_KANA || sc == SC_HANGUL)
			weighted[sc] *= CJK_LETTER_WEIGHT;
	}
	/* Han, Kana and Hangul compete as one script: Japanese mixes the
	 * first two, Korean sometimes writes Han. */
	double cjk = weighted[SC_HAN] + weighted[SC_KANA] + weighted[SC_HANGUL];
	int lead = SC_NONE;
	double lead_w = cjk;
	for (int sc = 1; sc < N_SCRIPTS; sc++) {
		total += weighted[sc];
		if (sc == SC_HAN || sc == SC_KANA || sc == SC_HANGUL)
			continue;
		if (weighted[sc] > lead_w) {
			lead = sc;
			lead_w = weighted[sc];
		}
	}
	if (total <= 0 || lead_w < MIN_SCRIPT_SHARE * total)
		return NULL;
	double share = lead_w / total;
	if (lead == SC_NONE) { /* CJK */
		size_t chars = s->letters[SC_HAN] + s->letters[SC_KANA] +
		               s->letters[SC_HANGUL];
		if (chars < MIN_CJK_CHARS)
			return NULL;
		*confidence = share;
		if (weighted[SC_HANGUL] >= MIN_HANGUL_SHARE * cjk)
			return "ko";
		if (weighted[SC_KANA] >= MIN_KANA_SHARE * cjk)
			return "ja";
		return "zh";
	}
	if (lead == SC_LATIN || lead == SC_CYRILLIC) {
		const char *tag = by_words(s, lead, confidence);
		if (tag)
			*confidence *= share;
		return tag;
	}
	/* Scripts of one language (or Arabic's three): 20 words, or for
	 * Thai and others written without spaces, as many letters as 20
	 * short words. */
	if (s->words[lead] < MIN_WORDS && s->letters[lead] < 4 * MIN_WORDS)
		return NULL;
	*confidence = share;
	if (lead == SC_ARABIC) {
		if (s->urdu_only * 100 >= s->letters[SC_ARABIC] &&
		    s->urdu_only > 0)
			return "ur";
		return s->persian_urdu > s->arabic_only ? "fa" : "ar";
	}
	return single_scripts[lead - SC_SINGLE].tag;
}

const char *lang_identify(const char *utf8, size_t len, double *confidence)
{
	double conf = 0;
	const char *tag = NULL;
	if (utf8 && len) {
		if (len > LANG_MAX_BYTES) {
			len = LANG_MAX_BYTES;
			/* Back up to a character boundary. */
			while (len > 0 &&
			       ((unsigned char)utf8[len] & 0xC0) == 0x80)
				len--;
		}
		scan s;
		memset(&s, 0, sizeof s);
		/* Room for the distinct words of typical prose (one per
		 * 20 bytes or so) at half load, without rehashing. */
		while (s.table.cap < len / 10)
			s.table.cap = s.table.cap ? 2 * s.table.cap : 256;
		if (s.table.cap)
			s.table.slots =
			    xcalloc(s.table.cap, sizeof *s.table.slots);
		buf_grow(&s.table.keys, len / 2);
		scan_text(utf8, len, &s);
		tag = by_script(&s, &conf);
		free(s.table.slots);
		buf_free(&s.table.keys);
		if (!tag)
			conf = 0;
	}
	if (confidence)
		*confidence = conf;
	return tag;
}

const char *lang_detect(const char *utf8, size_t len)
{
	return lang_identify(utf8, len, NULL);
}

/* ---- tags as pages write them ---- */

/* Deprecated primary subtags (IANA registry "Preferred-Value"). */
static const struct {
	const char *old, *now;
} renamed_tags[] = {
    {"iw", "he"},
    {"in", "id"},
    {"ji", "yi"},
};

/* Primary subtags that say nothing about the language. */
static const char *const empty_tags[] = {"und", "mul", NULL};

static int is_alpha(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int lang_normalize_tag(const char *tag, char *out, size_t out_size)
{
	if (!out_size)
		return 0;
	out[0] = '\0';
	if (!tag)
		return 0;
	while (*tag == ' ' || *tag == '\t' || *tag == '\n' || *tag == '\r')
		tag++;
	char buf[64];
	size_t n = 0;
	const char *p = tag;
	for (int subtag = 0;; subtag++) {
		size_t k = 0, letters = 0;
		while (is_alpha(p[k]) || is_digit(p[k]))
			letters += is_alpha(p[k++]);
		int valid = subtag == 0 ? k >= 2 && k <= 3 && letters == k
		                        : k >= 1 && k <= 8;
		if (!valid || n + k + 2 > sizeof buf) {
			if (subtag == 0)
				return 0;
			break;
		}
		if (subtag)
			buf[n++] = '-';
		for (size_t j = 0; j < k; j++) {
			char c = is_alpha(p[j]) ? (char)(p[j] | 0x20) : p[j];
			/* Region (two letters): upper case; script (four
			 * letters): title case. */
			if (subtag && letters == k &&
			    (k == 2 || (k == 4 && j == 0)))
				c = (char)(c & ~0x20);
			buf[n++] = c;
		}
		if (p[k] != '-' && p[k] != '_')
			break; /* end, a list separator, or junk */
		p += k + 1;
	}
	buf[n] = '\0';
	size_t primary = strcspn(buf, "-");
	for (size_t i = 0; empty_tags[i]; i++)
		if (strlen(empty_tags[i]) == primary &&
		    !memcmp(buf, empty_tags[i], primary))
			return 0;
	for (size_t i = 0; i < sizeof renamed_tags / sizeof *renamed_tags; i++)
		if (primary == 2 && !memcmp(buf, renamed_tags[i].old, 2))
			memcpy(buf, renamed_tags[i].now, 2);
	if (n + 1 > out_size)
		return 0;
	memcpy(out, buf, n + 1);
	return 1;
}
