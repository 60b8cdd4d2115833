/*
 * measures.c - prose, readability by language, sentence lengths, hard
 * words, passive voice and reading time of one page; see measures.h.
 *
 * One pass of text_count_each() over the prose gives the counts and each
 * sentence; what needs the words themselves (the syllables of a language
 * with a rule of its own, the word lists, the passive voice) reads them
 * again inside that sentence, cutting them as text.h defines a word.  When
 * nothing is left out of the text the same pass also hands the sentences
 * to the analyzer's census, so a page is scanned once, as before.
 */
#include "measures.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/jsonl.h"
#include "analyze_int.h"
#include "syllable_lang.h"

/* ---- characters ---------------------------------------------------------- */

static int is_alpha(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Has the word a letter?  A word without one is a number to the lists
 * and to a table's prose test. */
static int has_letter(const char *w, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += text_decode(w, n, i, &cp);
		if (is_alpha(cp))
			return 1;
	}
	return 0;
}

/* A text_sentence_fn for passes that only want the words. */
static void ignore_sentence(void *ud, const char *start, size_t len,
                            size_t line, const text_counts *c)
{
	(void)ud;
	(void)start;
	(void)len;
	(void)line;
	(void)c;
}

/* The word in lower-case ASCII, typographic apostrophes and hyphens made
 * ASCII, into out (cap bytes).  Returns its length, or -1 when it holds
 * another character or does not fit. */
static int fold(const char *w, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += text_decode(w, n, i, &cp);
		if (cp == 0x2019 || cp == 0x02BC)
			cp = '\'';
		else if (cp == 0x2010 || cp == 0x2011)
			cp = '-';
		if (cp < 0 || cp >= 0x80 || k + 1 >= cap)
			return -1;
		out[k++] =
		    cp >= 'A' && cp <= 'Z' ? (char)(cp - 'A' + 'a') : (char)cp;
	}
	out[k] = '\0';
	return (int)k;
}

/* ---- word lists ---------------------------------------------------------- */

typedef struct wordset {
	char **key; /* open addressing, NULL empty */
	size_t cap, n;
} wordset;

static uint64_t word_hash(const char *s, size_t n)
{
	return XXH3_64bits(s, n);
}

static int set_has(const wordset *ws, const char *s, size_t n)
{
	if (!ws->cap)
		return 0;
	for (size_t j = word_hash(s, n) & (ws->cap - 1); ws->key[j];
	     j = (j + 1) & (ws->cap - 1))
		if (strlen(ws->key[j]) == n && memcmp(ws->key[j], s, n) == 0)
			return 1;
	return 0;
}

static void set_add(wordset *ws, const char *s, size_t n)
{
	if (set_has(ws, s, n))
		return;
	if (2 * (ws->n + 1) > ws->cap) {
		size_t cap = ws->cap ? ws->cap * 2 : 1024;
		char **key = xcalloc(cap, sizeof *key);
		for (size_t i = 0; i < ws->cap; i++) {
			if (!ws->key[i])
				continue;
			size_t j = word_hash(ws->key[i], strlen(ws->key[i])) &
			           (cap - 1);
			while (key[j])
				j = (j + 1) & (cap - 1);
			key[j] = ws->key[i];
		}
		free(ws->key);
		ws->key = key;
		ws->cap = cap;
	}
	size_t j = word_hash(s, n) & (ws->cap - 1);
	while (ws->key[j])
		j = (j + 1) & (ws->cap - 1);
	ws->key[j] = xstrndup(s, n);
	ws->n++;
}

static void set_free(wordset *ws)
{
	for (size_t i = 0; i < ws->cap; i++)
		free(ws->key[i]);
	free(ws->key);
	memset(ws, 0, sizeof *ws);
}

struct wordlists {
	char *dir;
	char *missing;
	int have[WL__COUNT];
	wordset set[WL__COUNT];
};

static const char *const list_file[WL__COUNT] = {WORDLISTS_DALE_CHALL,
                                                 WORDLISTS_SPACHE};

/* One word a line, case aside; a trailing period is dropped ("mr.");
 * blank lines and lines starting with # are skipped. */
static int read_list(const char *path, wordset *ws)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		char w[64];
		size_t n = strcspn(line, "\r\n");
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
		             line[n - 1] == '.'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		int k = fold(line, n, w, sizeof w);
		if (k > 0)
			set_add(ws, w, (size_t)k);
	}
	fclose(f);
	return ws->n > 0;
}

wordlists *wordlists_load(const char *dir)
{
	wordlists *w = xcalloc(1, sizeof *w);
	if (!dir || !*dir)
		dir = getenv(WORDLISTS_ENV);
#ifdef CQA_WORD_LISTS_DIR
	if (!dir || !*dir)
		dir = CQA_WORD_LISTS_DIR;
#endif
	if (!dir || !*dir) {
		w->missing = xstrdup("word lists not found: no directory given "
		                     "(--word-lists or " WORDLISTS_ENV ")");
		return w;
	}
	w->dir = xstrdup(dir);
	buf_t path = BUF_INIT, miss = BUF_INIT;
	for (int i = 0; i < WL__COUNT; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, list_file[i]);
		w->have[i] = read_list(path.data, &w->set[i]);
		if (!w->have[i])
			buf_printf(&miss, "%s%s", miss.len ? ", " : "",
			           path.data);
	}
	if (miss.len) {
		buf_t note = BUF_INIT;
		buf_printf(&note, "word lists not found: %s", miss.data);
		w->missing = buf_detach(&note, NULL);
	}
	buf_free(&path);
	buf_free(&miss);
	return w;
}

void wordlists_free(wordlists *w)
{
	if (!w)
		return;
	for (int i = 0; i < WL__COUNT; i++)
		set_free(&w->set[i]);
	free(w->dir);
	free(w->missing);
	free(w);
}

const char *wordlists_dir(const wordlists *w)
{
	return w ? w->dir : NULL;
}

const char *wordlists_missing(const wordlists *w)
{
	return w ? w->missing : "word lists not found";
}

int wordlists_have(const wordlists *w, int list)
{
	return w && list >= 0 && list < WL__COUNT && w->have[list];
}

/* w[0..keep) + add on the list? */
static int stem_on(const wordset *ws, const char *w, size_t keep,
                   const char *add)
{
	char b[80];
	size_t a = strlen(add);
	if (keep < 2 || keep + a >= sizeof b)
		return 0;
	memcpy(b, w, keep);
	memcpy(b + keep, add, a);
	return set_has(ws, b, keep + a);
}

static int ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n > k && memcmp(w + n - k, suf, k) == 0;
}

/* Is the folded word w[0..n) a listed word or a regular form of one? */
static int familiar_form(const wordset *ws, const char *w, size_t n,
                         int comparatives)
{
	if (set_has(ws, w, n))
		return 1;
	if (ends(w, n, "s") && stem_on(ws, w, n - 1, ""))
		return 1;
	if (ends(w, n, "es") && stem_on(ws, w, n - 2, ""))
		return 1;
	if (ends(w, n, "ies") && stem_on(ws, w, n - 3, "y"))
		return 1;
	if (ends(w, n, "ed") &&
	    (stem_on(ws, w, n - 2, "") || stem_on(ws, w, n - 1, "") ||
	     (ends(w, n, "ied") && stem_on(ws, w, n - 3, "y")) ||
	     (n >= 5 && w[n - 3] == w[n - 4] && stem_on(ws, w, n - 3, ""))))
		return 1;
	if (ends(w, n, "ing") &&
	    (stem_on(ws, w, n - 3, "") || stem_on(ws, w, n - 3, "e") ||
	     (n >= 6 && w[n - 4] == w[n - 5] && stem_on(ws, w, n - 4, ""))))
		return 1;
	if (!comparatives)
		return 0;
	if (ends(w, n, "er") &&
	    (stem_on(ws, w, n - 2, "") || stem_on(ws, w, n - 1, "") ||
	     (ends(w, n, "ier") && stem_on(ws, w, n - 3, "y")) ||
	     (n >= 5 && w[n - 3] == w[n - 4] && stem_on(ws, w, n - 3, ""))))
		return 1;
	if (ends(w, n, "est") &&
	    (stem_on(ws, w, n - 3, "") || stem_on(ws, w, n - 2, "") ||
	     (ends(w, n, "iest") && stem_on(ws, w, n - 4, "y")) ||
	     (n >= 6 && w[n - 4] == w[n - 5] && stem_on(ws, w, n - 4, ""))))
		return 1;
	return 0;
}

/* The folded word f[0..n) (possessive already dropped): familiar? */
static int familiar_folded(const wordlists *wl, int list, const char *f,
                           size_t n)
{
	const wordset *ws = &wl->set[list];
	int comparatives = list == WL_DALE_CHALL;
	if (familiar_form(ws, f, n, comparatives))
		return 1;
	if (!memchr(f, '-', n))
		return 0;
	for (size_t a = 0; a < n;) {
		const char *h = memchr(f + a, '-', n - a);
		size_t b = h ? (size_t)(h - f) : n;
		if (b > a && !familiar_form(ws, f + a, b - a, comparatives))
			return 0;
		a = b + 1;
	}
	return 1;
}

/* Folds a word for the lists: lower case, the possessive dropped.
 * Returns the length, 0 for a word without a letter (a number: always
 * familiar), -1 for one with a character no list has. */
static int list_form(const char *w, size_t n, int alpha, char *out, size_t cap)
{
	if (!alpha)
		return 0;
	int k = fold(w, n, out, cap);
	if (k < 0)
		return -1;
	if (k > 2 && out[k - 2] == '\'' && out[k - 1] == 's')
		k -= 2;
	else if (k > 2 && out[k - 1] == '\'' && out[k - 2] == 's')
		k -= 1;
	out[k] = '\0';
	return k;
}

int wordlists_familiar(const wordlists *w, int list, const char *word,
                       size_t len)
{
	if (!wordlists_have(w, list))
		return 0;
	int alpha = has_letter(word, len);
	char f[72];
	int k = list_form(word, len, alpha, f, sizeof f);
	if (k == 0)
		return 1;
	return k > 0 && familiar_folded(w, list, f, (size_t)k);
}

/* ---- passive voice ------------------------------------------------------- */

static int in_sorted(const char *const *list, size_t n, const char *w)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, list[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* sorted (strcmp order) */
static const char *const be_forms[] = {"am",    "are",     "aren't",  "be",
                                       "been",  "being",   "i'm",     "is",
                                       "isn't", "they're", "was",     "wasn't",
                                       "we're", "were",    "weren't", "you're"};

/* Irregular past participles, sorted (strcmp order); forms that are mostly
 * adjectives or intransitive after "be" ("gone", "risen") are left out. */
static const char *const participles[] = {
    "arisen",    "awoken",    "beaten",     "begun",      "bent",
    "bet",       "bitten",    "bled",       "blown",      "born",
    "borne",     "bought",    "bound",      "bred",       "broadcast",
    "broken",    "brought",   "built",      "burnt",      "burst",
    "cast",      "caught",    "chosen",     "clung",      "crept",
    "cut",       "dealt",     "done",       "drawn",      "dreamt",
    "driven",    "drunk",     "dug",        "eaten",      "fallen",
    "fed",       "felt",      "fled",       "flown",      "flung",
    "forbidden", "forecast",  "foreseen",   "forgiven",   "forgotten",
    "forsaken",  "fought",    "found",      "frozen",     "given",
    "got",       "gotten",    "grown",      "held",       "hidden",
    "hit",       "hung",      "hurt",       "kept",       "knelt",
    "known",     "laid",      "led",        "left",       "lent",
    "let",       "lit",       "lost",       "made",       "meant",
    "met",       "mislaid",   "misled",     "mistaken",   "misunderstood",
    "mown",      "overcome",  "overdone",   "overheard",  "overridden",
    "overrun",   "overseen",  "overtaken",  "overthrown", "paid",
    "proven",    "put",       "quit",       "read",       "rebuilt",
    "rewritten", "rid",       "ridden",     "run",        "rung",
    "said",      "sawn",      "seen",       "sent",       "set",
    "sewn",      "shaken",    "shed",       "shot",       "shown",
    "shrunk",    "shut",      "slain",      "slung",      "sold",
    "sought",    "sown",      "sped",       "spelt",      "spent",
    "spilt",     "split",     "spoken",     "spread",     "sprung",
    "spun",      "stolen",    "strewn",     "striven",    "struck",
    "stuck",     "stung",     "sung",       "sunk",       "swept",
    "swollen",   "sworn",     "swung",      "taken",      "taught",
    "thought",   "thrown",    "thrust",     "told",       "torn",
    "trodden",   "undergone", "understood", "undertaken", "undone",
    "upheld",    "upset",     "wed",        "wept",       "withdrawn",
    "withheld",  "woken",     "won",        "worn",       "wound",
    "woven",     "written",   "wrung"};

/* Words in -ed that are no participle, sorted. */
static const char *const not_participles[] = {
    "biped",  "crooked", "embed", "hundred", "infrared",
    "jagged", "kindred", "naked", "ragged",  "rugged",
    "sacred", "shred",   "sled",  "wicked",  "wretched"};

/* -eed words that are participles (most -eed words are not: "need",
 * "indeed", "speed"), sorted. */
static const char *const eed_participles[] = {
    "agreed", "decreed", "disagreed", "freed", "guaranteed", "refereed"};

/* Between "be" and the participle. */
static const char *const be_skips[] = {
    "all",  "already", "also",  "always", "both",  "each",
    "even", "ever",    "first", "mostly", "never", "not",
    "now",  "often",   "still", "then",   "thus",  "usually"};

static int is_participle(const char *w, size_t n)
{
	if (in_sorted(participles, COUNT(participles), w))
		return 1;
	if (n < 4 || !ends(w, n, "ed"))
		return 0;
	if (ends(w, n, "eed"))
		return in_sorted(eed_participles, COUNT(eed_participles), w);
	return !in_sorted(not_participles, COUNT(not_participles), w);
}

typedef struct word_class word_class;

typedef struct passive_sm {
	int after_be; /* a form of "be" was seen */
	int skips;    /* words since */
	int found;
} passive_sm;

/* What a word is to the passive-voice test. */
enum { PW_OTHER, PW_NONE, PW_BE, PW_PARTICIPLE, PW_SKIP };

/* f: the word folded (NULL when it cannot be) */
static int passive_class(const char *f, size_t n)
{
	if (!f)
		return PW_NONE;
	if (in_sorted(be_forms, COUNT(be_forms), f))
		return PW_BE;
	if (is_participle(f, n))
		return PW_PARTICIPLE;
	if ((n > 3 && ends(f, n, "ly")) ||
	    in_sorted(be_skips, COUNT(be_skips), f))
		return PW_SKIP;
	return PW_OTHER;
}

static void passive_step(passive_sm *p, int cls)
{
	if (p->found)
		return;
	if (cls == PW_NONE) {
		p->after_be = 0;
		return;
	}
	if (cls == PW_BE) {
		p->after_be = 1;
		p->skips = 0;
		return;
	}
	if (!p->after_be)
		return;
	if (cls == PW_PARTICIPLE) {
		p->found = 1;
		return;
	}
	if (cls == PW_SKIP && p->skips < 3) {
		p->skips++;
		return;
	}
	p->after_be = 0;
}

static void passive_word(passive_sm *p, const char *f, size_t n)
{
	passive_step(p, passive_class(f, n));
}

static int passive_each_word(void *ud, const char *w, size_t n, size_t letters)
{
	(void)letters;
	char f[72];
	int k = fold(w, n, f, sizeof f);
	passive_word(ud, k > 0 ? f : NULL, k > 0 ? (size_t)k : 0);
	return -1;
}

int measures_passive(const char *s, size_t len)
{
	passive_sm p = {0, 0, 0};
	text_word_sink sink = {passive_each_word, NULL, &p};
	text_counts c;
	text_count_words(s, len, &c, ignore_sentence, NULL, &sink);
	return p.found;
}

/* ---- the English words seen ---------------------------------------------- */

/* What the English measures need of a word, worked out once: a page's
 * words are mostly words it has used before (half the running words of
 * English text are its hundred commonest), so the syllables, the folding,
 * the list lookups with their stems and the passive-voice lists are done
 * once a word and then read back, with one lookup a word (the scanner
 * takes the syllables from here: text_word_sink).
 *
 * A class packs into 64 bits (word_bits), so a word of up to 8 bytes
 * (nine running words in ten) takes a 16-byte slot: its bytes,
 * zero-padded, and its class; a longer one, up to 16 bytes, a 32-byte slot
 * in a table of its own; longer words (one in a few hundred) are not
 * kept.  A lookup reads a cache line or two.  Each table starts small (a
 * draft has a few hundred words) and doubles at three quarters full, up
 * to SHORT_SLOTS_MAX and LONG_SLOTS_MAX slots (2 MB each: 98,000 and
 * 49,000 words, the vocabulary of a large site); past that, new words are
 * worked out each time.  Working a word out costs about as much as
 * twenty lookups, so a table that holds every word seen pays for being
 * larger than the second-level cache: the readability benchmark's 33,000
 * word forms, which a 1 MB table three quarters full could not all hold,
 * went 5% faster through the whole analyzer. */
enum {
	SHORT_KEY = 8,
	LONG_KEY = 16,
	SLOTS_MIN = 1 << 10,
	/* 256 slots for at most 100 words: two probes or so */
	SPACHE_SLOTS = 256,
	SHORT_SLOTS_MAX = 1 << 17,
	LONG_SLOTS_MAX = 1 << 16
};

struct word_class {
	uint64_t spache;    /* its Spache identity (WB_SPACHE bits) */
	int passive;        /* PW_* */
	unsigned difficult; /* bit 0 Dale-Chall, bit 1 Spache */
	unsigned counted;   /* 0 for a number: no list looks at it */
	unsigned syllables; /* text_syllables(), clamped to 1..127 */
};

/* A class in 64 bits: the Spache identity, a hash of the word's list form
 * cut to 48 bits (two unfamiliar words of one 100-word window alike in
 * them: about one window in 10^10), syllables (7 bits, never 0, so 0 is
 * an empty slot), passive class (3), lists (2), counted (1) and the
 * word's length in its table (3). */
enum {
	WB_SPACHE = 48,
	WB_SYLLABLES = 48,
	WB_PASSIVE = 55,
	WB_DIFFICULT = 58,
	WB_COUNTED = 60,
	WB_LEN = 61
};

static uint64_t word_bits(const word_class *c, size_t len_code)
{
	return c->spache | (uint64_t)c->syllables << WB_SYLLABLES |
	       (uint64_t)c->passive << WB_PASSIVE |
	       (uint64_t)c->difficult << WB_DIFFICULT |
	       (uint64_t)c->counted << WB_COUNTED |
	       (uint64_t)len_code << WB_LEN;
}

static word_class word_unbits(uint64_t b)
{
	word_class c;
	c.spache = b & ((1ULL << WB_SPACHE) - 1);
	c.syllables = (unsigned)(b >> WB_SYLLABLES) & 0x7f;
	c.passive = (int)(b >> WB_PASSIVE) & 7;
	c.difficult = (unsigned)(b >> WB_DIFFICULT) & 3;
	c.counted = (unsigned)(b >> WB_COUNTED) & 1;
	return c;
}

typedef struct short_slot {
	uint64_t key; /* the word as written, zero-padded */
	uint64_t bits;
} short_slot;

typedef struct __attribute__((aligned(32))) long_slot {
	uint64_t key[2];
	uint64_t bits;
} long_slot;

typedef struct word_table {
	void *slot; /* short_slot or long_slot */
	size_t slots, used;
} word_table;

/* Multiplicative hashing: the slot is the top bits of the product, the
 * only ones every byte of the word reaches (a low bit of a product
 * depends on the low bits of the key alone: words of seven or eight
 * letters that began alike used to share their slots).  The length
 * needs no part: a word's bytes are never zero. */
static size_t word_slot(const uint64_t *k, int words, size_t slots)
{
	uint64_t h = k[0] * 0x9E3779B97F4A7C15u;
	if (words > 1)
		h ^= k[1] * 0xC2B2AE3D27D4EB4Fu;
	return (size_t)(h >> (64 - __builtin_ctzll((unsigned long long)slots)));
}

/* The slot for the word whose key is k (zero-padded bytes) and length n:
 * the slot holding it, else the empty one where it goes. */
static short_slot *short_probe(const word_table *t, uint64_t k, size_t n)
{
	short_slot *s = t->slot;
	uint64_t len = (uint64_t)(n - 1);
	size_t i = word_slot(&k, 1, t->slots);
	while (s[i].bits && (s[i].key != k || s[i].bits >> WB_LEN != len))
		i = (i + 1) & (t->slots - 1);
	return &s[i];
}

static long_slot *long_probe(const word_table *t, const uint64_t *k, size_t n)
{
	long_slot *s = t->slot;
	uint64_t len = (uint64_t)(n - SHORT_KEY - 1);
	size_t i = word_slot(k, 2, t->slots);
	while (s[i].bits && (s[i].key[0] != k[0] || s[i].key[1] != k[1] ||
	                     s[i].bits >> WB_LEN != len))
		i = (i + 1) & (t->slots - 1);
	return &s[i];
}

/* Doubles a table, rehashing what it holds. */
static void short_grow(word_table *t)
{
	word_table old = *t;
	t->slots = old.slots ? old.slots * 2 : SLOTS_MIN;
	t->slot = xcalloc(t->slots, sizeof(short_slot));
	const short_slot *o = old.slot;
	for (size_t i = 0; i < old.slots; i++)
		if (o[i].bits)
			*short_probe(t, o[i].key,
			             (size_t)(o[i].bits >> WB_LEN) + 1) = o[i];
	free(old.slot);
}

static void long_grow(word_table *t)
{
	word_table old = *t;
	t->slots = old.slots ? old.slots * 2 : SLOTS_MIN;
	t->slot = xcalloc(t->slots, sizeof(long_slot));
	const long_slot *o = old.slot;
	for (size_t i = 0; i < old.slots; i++)
		if (o[i].bits)
			*long_probe(t, o[i].key,
			            (size_t)(o[i].bits >> WB_LEN) + SHORT_KEY +
			                1) = o[i];
	free(old.slot);
}

/* ---- prose --------------------------------------------------------------- */

enum { BK_PROSE, BK_CODE, BK_TABLE, BK_LINKS };

/* Does an element of the block path have one of these names?  An
 * element is written name, name#id or name.class. */
static int path_has(const char *path, const char *const *names)
{
	for (const char *p = path; p && *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t k = 0;
		while (k < n && p[k] != '#' && p[k] != '.')
			k++;
		for (const char *const *nm = names; *nm; nm++)
			if (strlen(*nm) == k && strncasecmp(p, *nm, k) == 0)
				return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

static const char *const code_elems[] = {"pre", "code", NULL};
static const char *const table_elems[] = {"table", "tr", NULL};
static const char *const item_elems[] = {"li", "dt", "dd", NULL};

/* A table cell that reads as prose: 10 words or more, at most half of
 * them numbers. */
#define TABLE_PROSE_WORDS 10

static int tally_word(void *ud, const char *w, size_t n, size_t letters)
{
	(void)letters;
	size_t *tally = ud;
	tally[0]++;
	tally[1] += !has_letter(w, n);
	return -1;
}

static int block_kind(const doc_block *b, const char *t, size_t n)
{
	/* cqa-parse says what a block is ("kind"); without it (another
	 * producer, an older docs.jsonl) its element path tells */
	const char *kind = b->kind;
	const char *path = b->path;
	if (!kind && !path)
		return BK_PROSE;
	if (kind ? !strcmp(kind, "code") : path_has(path, code_elems))
		return BK_CODE;
	if (kind ? !strcmp(kind, "table_row") : path_has(path, table_elems)) {
		size_t tally[2] = {0, 0}; /* words, numbers */
		text_word_sink sink = {tally_word, NULL, tally};
		text_counts c;
		text_count_words(t, n, &c, ignore_sentence, NULL, &sink);
		size_t words = tally[0], numbers = tally[1];
		if (words >= TABLE_PROSE_WORDS && 2 * numbers <= words)
			return BK_PROSE;
		return BK_TABLE;
	}
	if (kind ? (!strcmp(kind, "list_item") || !strcmp(kind, "term") ||
	            !strcmp(kind, "description"))
	         : path_has(path, item_elems)) {
		long long links = doc_num_int(&b->link_chars, 0);
		long long chars = 0;
		for (size_t i = 0; i < n;) {
			int32_t cp;
			i += text_decode(t, n, i, &cp);
			chars += cp != ' ' && cp != 0xA0 && cp != '\t';
		}
		if (links > 0 && 2 * links >= chars)
			return BK_LINKS;
	}
	return BK_PROSE;
}

/* Words of a block left out, as text_count() counts them, so that the
 * words of the prose and of the parts left out add up to "words". */
static size_t count_words(const char *t, size_t n)
{
	text_counts c;
	text_count(t, n, &c);
	return c.words;
}

typedef struct span {
	size_t at, len;
	int kind;
} span;

struct measurer {
	const wordlists *lists;
	buf_t prose;
	span *spans;
	size_t nspans, spans_cap;
	size_t *lens; /* words of each sentence */
	size_t nlens, lens_cap;
	/* Spache: the unfamiliar words of this 100, a set of SPACHE_SLOTS
	 * whose slots are this window's when stamped with its number */
	uint64_t window[SPACHE_SLOTS];
	uint32_t stamp[SPACHE_SLOTS];
	uint32_t window_no;
	word_table short_words, long_words; /* lookup_class() */
};

measurer *measurer_new(const wordlists *lists)
{
	measurer *m = xcalloc(1, sizeof *m);
	m->lists = lists;
	return m;
}

void measurer_free(measurer *m)
{
	if (!m)
		return;
	buf_free(&m->prose);
	free(m->short_words.slot);
	free(m->long_words.slot);
	free(m->spans);
	free(m->lens);
	free(m);
}

/* Fills m->prose with the text less its code, table and link-list blocks
 * and counts their words; returns 0 (and leaves out nothing) when no
 * block is left out or the text is not the content blocks joined by blank
 * lines. */
static int split_prose(measurer *m, const char *text, size_t len,
                       const doc_blocks *blocks, page_measures *out)
{
	if (!blocks || !blocks->b)
		return 0;
	m->nspans = 0;
	size_t at = 0;
	int any = 0;
	for (size_t i = 0; i < blocks->n; i++) {
		const doc_block *b = &blocks->b[i];
		const char *label = b->label;
		if (!label || strcmp(label, "content") != 0)
			continue;
		if (!b->text)
			return 0;
		const char *t = b->text;
		size_t n = b->text_len;
		if (at > 0) {
			if (len - at < 2 || memcmp(text + at, "\n\n", 2) != 0)
				return 0;
			at += 2;
		}
		if (len - at < n || memcmp(text + at, t, n) != 0)
			return 0;
		if (m->nspans == m->spans_cap) {
			m->spans_cap = m->spans_cap ? m->spans_cap * 2 : 64;
			m->spans =
			    xrealloc(m->spans, m->spans_cap * sizeof *m->spans);
		}
		int kind = block_kind(b, t, n);
		m->spans[m->nspans++] = (span){at, n, kind};
		any |= kind != BK_PROSE;
		at += n;
	}
	if (at != len || !any)
		return 0;
	buf_reset(&m->prose);
	buf_grow(&m->prose, len);
	for (size_t k = 0; k < m->nspans; k++) {
		const span *s = &m->spans[k];
		switch (s->kind) {
		case BK_CODE:
			out->code_words += count_words(text + s->at, s->len);
			break;
		case BK_TABLE:
			out->table_words += count_words(text + s->at, s->len);
			break;
		case BK_LINKS:
			out->link_list_words +=
			    count_words(text + s->at, s->len);
			break;
		default:
			if (m->prose.len)
				buf_add(&m->prose, "\n\n", 2);
			buf_add(&m->prose, text + s->at, s->len);
		}
	}
	return 1;
}

/* ---- one page ------------------------------------------------------------ */

typedef struct page_state {
	measurer *m;
	page_measures *out;
	text_sentence_fn fn; /* the caller's, in the combined pass */
	void *ud;
	readability_lang lang;
	int own_syllables;    /* the language has a rule in syllable_lang.c */
	int dc, sp;           /* the word lists are there (English) */
	const char *prev_end; /* where the last sentence ended */
	size_t para_words;
	size_t mono; /* monosyllables, which the scanner does not count */
	size_t difficult, spache;
	size_t passive;
	size_t word_index; /* English words so far (Spache's hundreds) */
	passive_sm p;      /* the passive-voice test of this sentence */
} page_state;

/* A newline, blank space and another newline in [s, e)? */
static int blank_line_in(const char *s, const char *e)
{
	for (const char *p = s; p < e; p++) {
		if (*p != '\n')
			continue;
		const char *q = p + 1;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r' ||
		                 *q == '\f' || *q == '\v'))
			q++;
		if (q < e && *q == '\n')
			return 1;
	}
	return 0;
}

static void end_paragraph(page_state *st)
{
	if (st->para_words > MEASURES_LONG_PARAGRAPH)
		st->out->long_paragraphs++;
	st->para_words = 0;
}

/* The word w[0..n) classified: its passive-voice class, and whether each
 * list finds it difficult. */
static void classify(const page_state *st, const char *w, size_t n,
                     word_class *c)
{
	int alpha = has_letter(w, n);
	char f[72];
	int k = fold(w, n, f, sizeof f);
	c->passive = passive_class(k > 0 ? f : NULL, k > 0 ? (size_t)k : 0);
	int syl = text_syllables(w, n);
	c->syllables = (unsigned)(syl < 1 ? 1 : syl > 127 ? 127 : syl);
	c->difficult = 0;
	c->counted = 0;
	c->spache = 0;
	if (!st->dc && !st->sp)
		return;
	k = list_form(w, n, alpha, f, sizeof f);
	if (k == 0)
		return;
	const wordlists *wl = st->m->lists;
	c->counted = 1;
	if (st->dc &&
	    (k < 0 || !familiar_folded(wl, WL_DALE_CHALL, f, (size_t)k)))
		c->difficult |= 1;
	if (st->sp && (k < 0 || !familiar_folded(wl, WL_SPACHE, f, (size_t)k)))
		c->difficult |= 2;
	c->spache = (k < 0 ? XXH3_64bits(w, n) : XXH3_64bits(f, (size_t)k)) &
	            ((1ULL << WB_SPACHE) - 1);
}

/* Whether t can take one more word: 1, 2 when it had to grow first (its
 * slots moved), 0 when it is three quarters full at its largest. */
static int table_room(word_table *t, size_t max, void (*grow)(word_table *))
{
	if (4 * (t->used + 1) <= 3 * t->slots)
		return 1;
	if (t->slots >= max)
		return 0;
	grow(t);
	return 2;
}

/* The key of a word: its bytes in the order they come, zero-padded, as
 * memcpy() into zeroed words would leave them on a little-endian
 * processor.  Built from loads of the word's own bytes, overlapping
 * where the length is not a power of two (as xxHash reads short keys):
 * a memcpy() of a variable length writes the key a few bytes at a time,
 * and reading it back whole then waits for those writes (a failed
 * store-to-load forwarding, a quarter of the time of this step,
 * measured). */
static uint64_t load_u32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t load_u64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t short_key(const char *w, size_t n) /* 1 <= n <= 8 */
{
	if (n >= 4) {
		/* bytes 0..3, and n-4..n-1 moved up to their places: the
		 * bytes both hold are the same */
		return load_u32(w) | load_u32(w + n - 4) << (8 * (n - 4));
	}
	const unsigned char *u = (const unsigned char *)w;
	return (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
	       (uint64_t)u[n - 1] << (8 * (n - 1));
}

static void long_key(const char *w, size_t n, uint64_t k[2]) /* 9..16 */
{
	k[0] = load_u64(w);
	k[1] = load_u64(w + n - 8) >> (8 * (16 - n));
}

/* The class of w[0..n), from the tables or worked out and kept. */
static word_class lookup_class(page_state *st, const char *w, size_t n)
{
	measurer *m = st->m;
	word_class c;
	if (n == 0 || n > LONG_KEY) {
		classify(st, w, n, &c);
		return c;
	}
	if (n <= SHORT_KEY) {
		word_table *t = &m->short_words;
		uint64_t k = short_key(w, n);
		if (!t->slots)
			short_grow(t);
		short_slot *e = short_probe(t, k, n);
		if (e->bits)
			return word_unbits(e->bits);
		classify(st, w, n, &c);
		int room = table_room(t, SHORT_SLOTS_MAX, short_grow);
		if (!room)
			return c;
		if (room == 2)
			e = short_probe(t, k, n);
		*e = (short_slot){k, word_bits(&c, n - 1)};
		t->used++;
		return c;
	}
	word_table *t = &m->long_words;
	uint64_t k[2];
	long_key(w, n, k);
	if (!t->slots)
		long_grow(t);
	long_slot *e = long_probe(t, k, n);
	if (e->bits)
		return word_unbits(e->bits);
	classify(st, w, n, &c);
	int room = table_room(t, LONG_SLOTS_MAX, long_grow);
	if (!room)
		return c;
	if (room == 2)
		e = long_probe(t, k, n);
	*e = (long_slot){{k[0], k[1]}, word_bits(&c, n - SHORT_KEY - 1)};
	t->used++;
	return c;
}

/* Empties the Spache window's set: a new number, the stamps cleared
 * when the numbers come round again. */
static void new_window(measurer *m)
{
	if (++m->window_no == 0) {
		memset(m->stamp, 0, sizeof m->stamp);
		m->window_no = 1;
	}
}

/* Returns the word's syllables. */
static int english_word(page_state *st, passive_sm *p, const char *w, size_t n)
{
	word_class c = lookup_class(st, w, n);
	passive_step(p, c.passive);
	if (!st->dc && !st->sp)
		return c.syllables;
	measurer *m = st->m;
	if (st->word_index++ % 100 == 0)
		new_window(m);
	if (!c.counted)
		return c.syllables;
	if (c.difficult & 1)
		st->difficult++;
	if (c.difficult & 2) {
		size_t j = (size_t)(c.spache * 0x9E3779B97F4A7C15u >> 56);
		while (m->stamp[j] == m->window_no && m->window[j] != c.spache)
			j = (j + 1) & (SPACHE_SLOTS - 1);
		if (m->stamp[j] != m->window_no) {
			m->stamp[j] = m->window_no;
			m->window[j] = c.spache;
			st->spache++;
		}
	}
	return c.syllables;
}

static void on_sentence(page_state *st, const char *start, size_t len,
                        const text_counts *c)
{
	measurer *m = st->m;
	if (m->nlens == m->lens_cap) {
		m->lens_cap = m->lens_cap ? m->lens_cap * 2 : 256;
		m->lens = xrealloc(m->lens, m->lens_cap * sizeof *m->lens);
	}
	m->lens[m->nlens++] = c->words;
	if (st->prev_end && blank_line_in(st->prev_end, start))
		end_paragraph(st);
	st->para_words += c->words;
	st->prev_end = start + len;
}

/* Each word of the text, as the scanner cuts it (text_count_words()):
 * returns its syllables, in the page's language, which the scanner's
 * counts (syllables, complex words) then hold. */
static int on_word(void *ud, const char *w, size_t n, size_t letters)
{
	(void)letters;
	page_state *st = ud;
	if (st->lang == RL_EN)
		return english_word(st, &st->p, w, n);
	int s = syllables_lang(st->lang, w, n);
	st->mono += s == 1;
	return s;
}

static void on_sentence_end(void *ud)
{
	page_state *st = ud;
	st->passive += st->p.found;
	st->p = (passive_sm){0, 0, 0};
}

static void sentence_cb(void *ud, const char *start, size_t len, size_t line,
                        const text_counts *c)
{
	(void)line;
	on_sentence(ud, start, len, c);
}

static void both_cb(void *ud, const char *start, size_t len, size_t line,
                    const text_counts *c)
{
	page_state *st = ud;
	st->fn(st->ud, start, len, line, c);
	on_sentence(st, start, len, c);
}

/* The k-th smallest of v[0..n) (k < n), v partly reordered: Hoare's
 * selection, linear on average, where sorting every sentence length would
 * cost n log n on each page. */
static size_t select_kth(size_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				size_t t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

void measure_page(measurer *m, const char *text, size_t len,
                  const doc_blocks *blocks, const char *lang,
                  text_sentence_fn fn, void *ud, page_measures *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		text = "", len = 0;
	page_state st;
	memset(&st, 0, sizeof st);
	st.m = m;
	st.out = out;
	st.fn = fn;
	st.ud = ud;
	st.lang = out->lang = readability_lang_of(lang);
	st.own_syllables = st.lang == RL_DE || st.lang == RL_ES ||
	                   st.lang == RL_FR || st.lang == RL_IT ||
	                   st.lang == RL_NL;
	st.dc = st.lang == RL_EN && wordlists_have(m->lists, WL_DALE_CHALL);
	st.sp = st.lang == RL_EN && wordlists_have(m->lists, WL_SPACHE);
	m->nlens = 0;
	new_window(m);

	/* the words themselves only where a measure looks at them */
	text_word_sink sink = {on_word, on_sentence_end, &st};
	const text_word_sink *words =
	    st.own_syllables || st.lang == RL_EN ? &sink : NULL;
	if (split_prose(m, text, len, blocks, out)) {
		if (fn)
			text_count_each(text, len, &out->all, fn, ud);
		else
			text_count(text, len, &out->all);
		text_count_words(m->prose.data, m->prose.len, &out->prose,
		                 sentence_cb, &st, words);
	} else {
		text_count_words(text, len, &out->all,
		                 fn ? both_cb : sentence_cb, &st, words);
		out->prose = out->all;
	}
	if (st.prev_end)
		end_paragraph(&st);

	text_counts *p = &out->prose;
	out->monosyllables = st.own_syllables ? (long long)st.mono : -1;
	out->difficult_words = st.dc ? (long long)st.difficult : -1;
	out->spache_difficult = st.sp ? (long long)st.spache : -1;
	out->passive_sentences = st.lang == RL_EN ? (long long)st.passive : -1;

	size_t n = m->nlens;
	out->sentence_p90 = out->over20 = out->over30 = NAN;
	if (n) {
		size_t o20 = 0, o30 = 0;
		for (size_t k = 0; k < n; k++) {
			o20 += m->lens[k] > 20;
			o30 += m->lens[k] > 30;
		}
		/* as the summary's percentiles: linear between order
		 * statistics (R's type 7); the (lo+1)-th is the smallest
		 * of those above the lo-th */
		double h = 0.9 * (double)(n - 1);
		size_t lo = (size_t)h;
		double vlo = (double)select_kth(m->lens, n, lo);
		double vhi = vlo;
		if (lo + 1 < n) {
			size_t least = m->lens[lo + 1];
			for (size_t k = lo + 2; k < n; k++)
				if (m->lens[k] < least)
					least = m->lens[k];
			vhi = (double)least;
		}
		out->sentence_p90 = vlo + (h - (double)lo) * (vhi - vlo);
		out->over20 = (double)o20 / (double)n;
		out->over30 = (double)o30 / (double)n;
	}
	out->reading_minutes =
	    (double)out->all.words / MEASURES_WORDS_PER_MINUTE;

	readability_counts rc = {
	    .words = (double)p->words,
	    .sentences = (double)p->sentences,
	    .syllables = (double)p->syllables,
	    .letters = (double)p->letters,
	    .complex_words = (double)p->complex_words,
	    .polysyllables = (double)p->polysyllables,
	    .monosyllables = (double)st.mono,
	    .long_words = (double)p->long_words,
	    .dale_chall_difficult = st.dc ? (double)st.difficult : NAN,
	    .spache_difficult = st.sp ? (double)st.spache : NAN,
	};
	readability_score(st.lang, &rc, &out->r);
}

/* ---- the page record ----------------------------------------------------- */

static void put_count(buf_t *b, const char *key, long long n)
{
	if (n < 0)
		jsonl_put_null(b, key);
	else
		jsonl_put_int(b, key, n);
}

static void put_share(buf_t *b, const char *key, long long n, size_t of)
{
	put_rounded(b, key, n < 0 || of == 0 ? NAN : (double)n / (double)of,
	            1e4);
}

void measures_to_record(const page_measures *pm, buf_t *b)
{
	for (int i = R_DALE_CHALL; i < R__COUNT; i++)
		put_rounded(b, readability_formulas[i].name, pm->r.score[i],
		            100);
	put_rounded(b, "consensus_grade", pm->r.consensus, 100);
	put_rounded(b, "grade_spread", pm->r.spread, 100);
	jsonl_put_string(b, "readability_null_reason", pm->r.null_reason);
	const text_counts *p = &pm->prose;
	jsonl_put_int(b, "prose_words", (long long)p->words);
	jsonl_put_int(b, "code_words", (long long)pm->code_words);
	jsonl_put_int(b, "table_words", (long long)pm->table_words);
	jsonl_put_int(b, "link_list_words", (long long)pm->link_list_words);
	put_count(b, "monosyllables", pm->monosyllables);
	put_count(b, "difficult_words", pm->difficult_words);
	put_share(b, "difficult_word_share", pm->difficult_words, p->words);
	put_count(b, "spache_difficult_words", pm->spache_difficult);
	put_count(b, "passive_sentences", pm->passive_sentences);
	put_share(b, "passive_share", pm->passive_sentences, p->sentences);
	put_rounded(b, "sentence_words_p90", pm->sentence_p90, 100);
	put_rounded(b, "sentence_share_over_20", pm->over20, 1e4);
	put_rounded(b, "sentence_share_over_30", pm->over30, 1e4);
	jsonl_put_int(b, "long_paragraphs", (long long)pm->long_paragraphs);
	put_rounded(b, "reading_time_minutes", pm->reading_minutes, 100);
}
