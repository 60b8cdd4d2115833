/*
 * syllable.c - syllables of an English word, for the readability formulas.
 *
 * text_syllables() (declared in text.h) cuts a word into parts at the
 * characters that are not letters, apostrophes or combining marks
 * ("well-known", "covid-19") and adds up the parts.  A part is spelled in
 * lower-case ASCII, letters with diacritics as their base letter, and
 * looked up in the dictionary of the words the rules get wrong
 * (syllable_dict.c, generated from the CMU Pronouncing Dictionary by
 * tools/gen_syllable_dict.py).  A word not there is counted by the rules:
 *  - a possessive 's and the contractions n't, 've, 'll and 'd add a
 *    syllable where they are spoken as one ("James's", "didn't",
 *    "could've");
 *  - a word of 2 to 5 letters that is all capitals and does not read as a
 *    word ("HTML", "API"), or has no vowel ("BBC", "km"), is spelled out
 *    (spelling_syllables);
 *  - any other word counts its vowel groups, corrected for silent e,
 *    -es and -ed, -le, vowel pairs spoken as two syllables, prefixes
 *    before a vowel ("re-enter"), compounds whose first word ends in a
 *    silent e ("gatekeeper") and a few others (count_syllables).
 * text_syllables_rules() does the same without the dictionary.
 *
 * The rules were tuned looking only at the "dev" 80% of the CMU dictionary
 * and are measured on the other 20% too (bench/syllables.c).  Kept apart
 * from text.c's scanner: the scanner finds words and sentences, this file
 * only says how a word sounds.  No state but the dictionary's index,
 * built once on first use and only read after.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "syllable_dict.h"
#include "text.h"

/* A letter of another script (not a digit, not a mark): such a word has a
 * syllable even though none of its letters is Latin. */
static int is_letter(int32_t cp)
{
	if (cp < 0)
		return 0;
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

/* ---- syllables --------------------------------------------------------- */

/* Suffixes that leave a silent e of the stem silent: "lately", "hopeful",
 * "movement", "useless", "lateness". */
static const char *const silent_e_suffixes[] = {
    "ly", "ful", "fully", "ment", "ments", "less", "ness", "some"};

enum { SYL_MAX = 64 };

typedef struct sword {
	char c[SYL_MAX + 1]; /* lower-case ASCII letters */
	int v[SYL_MAX];      /* 1: this letter is a vowel here */
	int n;
} sword;

static int is_aeiou(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int ends_with(const sword *w, int end, const char *suffix)
{
	int k = (int)strlen(suffix);
	return end >= k && memcmp(w->c + end - k, suffix, (size_t)k) == 0;
}

/* Whether the string s begins with prefix: strncmp(s, prefix,
 * strlen(prefix)) == 0 without the library calls, which cost more than
 * the comparison on words this short (the rules run on every new word). */
static int has_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix)
			return 0;
	return 1;
}

static char at(const sword *w, int i)
{
	return i >= 0 && i < w->n ? w->c[i] : '\0';
}

/* y after the first consonants of a word and before a or e is a vowel of
 * its own ("Bryan", "dryer", "hyena"), except before a silent e ("dyed",
 * "byes"). */
static int y_before_vowel(const sword *w, int i)
{
	char next = at(w, i + 1), after = at(w, i + 2);
	if (next == 'a')
		return 1;
	if (next != 'e' || i + 2 >= w->n)
		return 0;
	if (i + 3 == w->n && (after == 's' || after == 'd'))
		return 0;
	return !(after == 'i' && at(w, i + 3) == 'n');
}

/* Marks which letters act as vowels.  y is a consonant at the start and
 * before a vowel ("yes", "beyond", "lawyer") except in -ying ("crying")
 * and after the first consonants (y_before_vowel); the e of a leading
 * "eye" is silent;
 * u is a consonant after q and in gu before a vowel ("quiet", "guess",
 * "league"). */
static void mark_vowels(sword *w)
{
	int initial = 1; /* no vowel yet */
	for (int i = 0; i < w->n; i++) {
		char c = w->c[i], next = at(w, i + 1), prev = at(w, i - 1);
		int v = is_aeiou(c);
		if (c == 'u' &&
		    (prev == 'q' ||
		     (prev == 'g' && (is_aeiou(next) || next == 'y'))))
			v = 0;
		if (c == 'y')
			v = i > 0 && (!is_aeiou(next) ||
			              (next == 'i' && !is_aeiou(prev)) ||
			              (initial && y_before_vowel(w, i)));
		initial &= !v;
		w->v[i] = v;
	}
	/* eye- is one vowel: "eyebrow", "eyeing" */
	if (w->n >= 5 && has_prefix(w->c, "eye")) {
		int later = 0;
		for (int i = 3; i < w->n; i++)
			later |= w->v[i];
		if (later)
			w->v[1] = w->v[2] = 0;
	}
}

/* Vowel pairs usually spoken as two syllables ("lion", "actual", "poem",
 * "diet", "crying"); i is the second letter of the pair.  Exceptions
 * follow spelling: ci/ti/si/gi/xi before a vowel is "sh"/"j" plus one
 * vowel ("nation", "special", "region"), and so is ll/n + i ("million",
 * "union"). */
static int splits(const sword *w, int i)
{
	char a = w->c[i - 1], b = w->c[i];
	char p = at(w, i - 2), q = at(w, i + 1), r = at(w, i + 2);
	if (b == 'i' && ends_with(w, w->n, "ing") && i == w->n - 3)
		return 1; /* being, doing, skiing, crying */
	if (b == 'i' && ends_with(w, w->n, "ings") && i == w->n - 4)
		return 1;
	if (a == 'i' && (b == 'a' || b == 'o' || b == 'u')) {
		if (b == 'a' && q == 't' && r && strchr("eio", r) &&
		    !(r == 'i' && at(w, i + 3) == 'v'))
			return 1; /* associate, initiated, negotiation */
		if (b == 'o' && (i == w->n - 1 || (i == w->n - 2 && q == 's')))
			return 1; /* ratio, studios */
		if (p == 'x' && b == 'a')
			return 1; /* anorexia */
		if ((b == 'a' && q == 'l' && r == 'i' && at(w, i + 3) == 't') ||
		    (b == 'o' && q == 'l' && r == 'o' && at(w, i + 3) == 'g'))
			return 1; /* partiality, sociology */
		if (b == 'u' && (q == 'm' || q == 's') &&
		    (i + 2 == w->n || (i + 3 == w->n && r == 's')))
			return 1; /* calcium, symposiums */
		if (p == 'h' && b == 'o' && at(w, i - 3) == 's' && q == 'n')
			return 0; /* fashion, cushion */
		if (p == 'v' && b == 'o' &&
		    (q == 'r' || (q == 'u' && r == 'r')))
			return 0; /* behavior, saviour */
		if (b == 'a' && p == 'r' && at(w, i - 3) == 'r' && q == 'g')
			return 0; /* marriage */
		if (p && strchr("ctsgx", p))
			return 0;
		if (p == 'l' && at(w, i - 3) == 'l')
			return 0;
		if (p == 'n' && b == 'o' && (q == 'n' || q == 'r'))
			return 0;
		return 1;
	}
	if (a == 'i' && b == 'e') {
		if (q == 't')
			return r != 'r' && r != 'z'; /* diet, quiet; Dietrich */
		if (q == 'l' && p == 'r')
			return 1; /* Gabriel */
		if (q == 'n' && (r == 't' || r == 'c'))
			return !(p == 't' || (p == 'c' && at(w, i - 3) != 's'));
		if ((q == 'r' && i + 2 >= w->n - 1) ||
		    (q == 's' && r == 't' && i + 3 == w->n))
			return i >= 3; /* happier, easiest */
		return 0;
	}
	if (a == 'e' && b == 'o') /* video, but region, ocean, people */
		return !(p == 'g' || p == 'c' || (q == 'p' && r == 'l'));
	if (a == 'e' && b == 'u' && w->n >= 6 && (q == 'm' || q == 's') &&
	    (i + 2 == w->n || (i + 3 == w->n && r == 's' && q == 'm')))
		return 1; /* museum, nucleus */
	if (a == 'o' && b == 'a' && i == w->n - 1)
		return 1; /* Samoa */
	if (a == 'e' && b == 'a') {
		if (q == 't' && ((p == 'r' && at(w, i - 3) == 'c' &&
		                  !(r == 'u' && at(w, i + 3) == 'r')) ||
		                 (p == 'h' && at(w, i - 3) == 't')))
			return 1; /* create, recreation, theater */
		if (q == 'l' && p == 'r' && i >= 3 && w->v[i - 3])
			return 1; /* ethereal */
		if ((q == 'l' || q == 'r') && p == 'n' &&
		    (at(w, i - 3) == 'i' || at(w, i - 3) == 'e'))
			return 1;               /* linear, genealogy */
		return i == w->n - 1 && i >= 3; /* idea, area */
	}
	if (a == 'u' && (b == 'a' || b == 'o'))
		return 1;         /* actual, duo, continuous */
	if (a == 'u' && b == 'e') /* cruel, fluent, duet, truer */
		return q == 'l' || q == 'n' || q == 't' || q == 'r';
	if (a == 'u' && b == 'i') /* ruin, fluid, gratuity, annuities */
		return q == 'n' || q == 'd' ||
		       (q == 't' &&
		        (r == 'y' || (r == 'i' && at(w, i + 3) == 'e')));
	if (a == 'e' && b == 'i' && q == 't' && r == 'y')
		return 1; /* deity */
	if ((a == 'o' || a == 'u') && b == 'e' && q == 'y' && i + 2 == w->n)
		return 1; /* Joey, gooey */
	if (a == 'o' && b == 'e') {
		/* German oe is one vowel: "Goetz", "Foerster" */
		if (q == 'r' && r && !w->v[i + 2] && r != 's' && r != 'c')
			return 0;
		if (q == 't' && r && strchr("tzsc", r))
			return 0;
		return q == 'm' || q == 't' || q == 'r'; /* poem, poet, doer */
	}
	if (a == 'a' && b == 'i')
		return q == 'c' && i == w->n - 2; /* mosaic */
	if (a == 'o' && b == 'i')
		return q == 'c' && i == w->n - 2; /* heroic */
	if (a == 'y')
		return 1; /* crying, Bryan */
	if (a == 'i' && b == 'i')
		return 1;
	return 0;
}

static int is_consonant_pair(const sword *w, int i)
{
	static const char *const digraphs[] = {"ch", "ck", "gh", "gn", "ph",
	                                       "sh", "th", "wh", "rl", "ll"};
	if (i + 1 >= w->n || w->v[i] || w->v[i + 1] || w->c[i + 1] == 'y')
		return 0;
	for (size_t k = 0; k < sizeof digraphs / sizeof *digraphs; k++)
		if (memcmp(w->c + i, digraphs[k], 2) == 0)
			return 0;
	return 1;
}

/* A prefix ending in a vowel before a stem beginning with one:
 * "re-act", "re-enter", "re-invent", "co-exist", "co-ordinate",
 * "pre-empt", "anti-oxidant".  Returns the index of the stem's first
 * letter, which starts a syllable of its own, or -1. */
static int prefix_split(const sword *w)
{
	const char *c = w->c;
	int n = w->n;
	int k = has_prefix(c, "re") ? 2 : has_prefix(c, "pre") ? 3 : 0;
	if (k && n - k >= 3) {
		char a = c[k], b = c[k + 1];
		if (a == 'a' && b == 'c' && c[k + 2] == 't')
			return k; /* react, reactor */
		if (a == 'u' && ((b == 'n' && c[k + 2] == 'i') ||
		                 (b == 's' && w->v[k + 2])))
			return k; /* reunite, reuse */
		if (n - k < 4)
			return -1;
		if (a == 'a' && is_consonant_pair(w, k + 1) && b != 'l' &&
		    (b != 'r' || c[k + 2] == 'r'))
			return k; /* reassert, reappear, rearrange */
		if (a == 'e' && (b == 'x' || is_consonant_pair(w, k + 1)))
			return k; /* reenter, preexisting */
		if (a == 'i' && (b == 'n' || b == 'm') &&
		    is_consonant_pair(w, k + 1) && c[k + 2] != 'h' &&
		    c[k + 2] != 'b')
			return k; /* reinvent, reimburse */
		return -1;
	}
	if (has_prefix(c, "co") && n >= 6) {
		if ((c[2] == 'e' || c[2] == 'i') &&
		    (c[3] == 'x' || is_consonant_pair(w, 3)))
			return 2; /* coexist, coincide */
		if (c[2] == 'o' && c[3] == 'r' && c[4] == 'd')
			return 2; /* coordinate */
		return -1;
	}
	k = has_prefix(c, "bio") || has_prefix(c, "pro") ? 3
	    : has_prefix(c, "anti")                      ? 4
	                                                 : 0;
	if (k && n - k >= 4 && w->v[k] && (c[0] != 'p' || c[k] == 'a'))
		return k; /* bioengineer, antiabortion, proactive */
	return -1;
}

/* Words that end compounds whose first word ends in a silent e
 * ("gatekeeper", "homework", "something"), as their spelling begins. */
static const char *const compound_ends[] = {
    "back",   "ball",  "band",   "bank",    "basket", "bear",   "berg",
    "berr",   "bill",  "bit",    "board",   "boat",   "bod",    "book",
    "boro",   "bound", "box",    "break",   "brook",  "build",  "burgh",
    "bury",   "card",  "cast",   "clos",    "cock",   "com",    "craft",
    "crow",   "div",   "dom",    "down",    "fac",    "fath",   "field",
    "fight",  "fold",  "foot",   "form",    "front",  "fruit",  "ful",
    "garden", "giv",   "goat",   "groom",   "guard",  "guest",  "guy",
    "hall",   "hand",  "hart",   "head",    "heart",  "hold",   "hole",
    "hood",   "hors",  "hous",   "how",     "hurst",  "joy",    "keep",
    "land",   "lawn",  "less",   "like",    "load",   "lock",   "maid",
    "mak",    "man",   "meat",   "men",     "mont",   "ness",   "pad",
    "paper",  "plat",  "play",   "run",     "said",   "sak",    "sale",
    "sav",    "seen",  "shadow", "ship",    "sick",   "side",   "some",
    "stall",  "star",  "stead",  "stock",   "ston",   "street", "styl",
    "tail",   "tak",   "thing",  "thought", "time",   "town",   "track",
    "trot",   "vill",  "walk",   "wall",    "war",    "ward",   "warn",
    "water",  "way",   "well",   "what",    "where",  "wide",   "wife",
    "wise",   "wive",  "wom",    "wood",    "work",   "worth",  "writ",
    "yard"};
/* Those after there-, where- and here-: "therefore", "whereby". */
static const char *const after_ere[] = {"fore", "by", "with", "in",
                                        "of",   "on", "upon"};
/* Those that also follow a plural -s: "salesman", "Batesville". */
static const char *const compound_ends_s[] = {"man",  "men",  "wom",  "maid",
                                              "boro", "vill", "town", "bury"};

static int starts_with_any(const char *s, const char *const *list, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (has_prefix(s, list[k]))
			return 1;
	return 0;
}

/* Silences the e that ends the first word of a compound: a stem such as
 * "gate", "house", "bridge" (vowel, consonant, e; or vowel, two
 * consonants, e) followed by a word of compound_ends. */
static void silence_compound_e(sword *w)
{
	static const char *const pairs[] = {"dg", "rs", "rc", "ns", "ps", "ls",
	                                    "rg", "nc", "rv", "lv", "ng", "st",
	                                    "th", "ch", "ll", "tt", "rt", "rk"};
	const char *c = w->c;
	for (int i = 3; i < w->n - 2; i++) {
		if (c[i] != 'e' || !w->v[i] || w->v[i - 1] ||
		    (c[i + 1] == 'y' && !has_prefix(c + i + 1, "yard")))
			continue;
		int vowel_end = has_prefix(c + i + 1, "own") ||
		                has_prefix(c + i + 1, "over") ||
		                has_prefix(c + i + 1, "out");
		/* there-, where-, here- before "fore", "by", "in", "of"... */
		if (c[i - 1] == 'r' && c[i - 2] == 'e' && !w->v[i - 3] &&
		    starts_with_any(c + i + 1, after_ere,
		                    sizeof after_ere / sizeof *after_ere)) {
			w->v[i] = 0;
			continue;
		}
		if (w->v[i + 1] && !vowel_end)
			continue;
		int stem = 0;
		if (w->v[i - 2])
			stem = c[i - 2] != 'e' || w->v[i - 3];
		else if (w->v[i - 3])
			stem = starts_with_any(c + i - 2, pairs,
			                       sizeof pairs / sizeof *pairs) &&
			       c[i - 1] != 'l';
		if (c[i - 1] == 'l' && !w->v[i - 2] && c[i - 2] != 'l')
			stem = 0; /* needlework: -le is a syllable */
		if (!stem)
			continue;
		if (vowel_end ||
		    starts_with_any(c + i + 1, compound_ends,
		                    sizeof compound_ends /
		                        sizeof *compound_ends) ||
		    (c[i + 1] == 's' &&
		     starts_with_any(c + i + 2, compound_ends_s,
		                     sizeof compound_ends_s /
		                         sizeof *compound_ends_s)))
			w->v[i] = 0;
	}
}

/* Is the e at index e (the last letter of w[0..e]) silent?  It is when it
 * follows a consonant and is not -le or -re after another consonant
 * ("table", "acre"), and the word has another vowel before it. */
static int silent_final_e(const sword *w, int e)
{
	if (e < 2 || w->c[e] != 'e' || !w->v[e] || w->v[e - 1])
		return 0;
	int earlier = 0;
	for (int i = 0; i < e - 1; i++)
		earlier |= w->v[i];
	if (!earlier)
		return 0;
	char c = w->c[e - 1], before = at(w, e - 2);
	if ((c == 'l' || c == 'r') && !w->v[e - 2] && before != c &&
	    !(c == 'l' && (before == 'r' || before == 'w') && e < w->n - 1))
		return 0; /* table, acre; but curled, bowles */
	/* after clusters English words do not end in, the e is spoken:
	 * "andante", "Radtke", "apostrophe" */
	if (!w->v[e - 2] && ((c == 't' && before == 'n') ||
	                     (c == 'k' && strchr("tdmpbz", before)) ||
	                     (c == 'h' && before == 'p') ||
	                     (c == 'n' && before == 'o' && e >= 4 &&
	                      at(w, e - 3) == 'i' && !w->v[e - 4])))
		return 0; /* also Italian -ione: "Castiglione" */
	return 1;
}

static int count_syllables(sword *w)
{
	mark_vowels(w);
	int n = w->n, count = 0;
	int brk = prefix_split(w);
	silence_compound_e(w);
	for (int i = 0; i < n; i++) {
		if (!w->v[i])
			continue;
		if (i == 0 || !w->v[i - 1] || i == brk)
			count++;
		else if (splits(w, i))
			count++;
	}
	if (count == 0)
		return 1;
	char c3 = at(w, n - 3);
	if (silent_final_e(w, n - 1)) {
		count--;
	} else if (ends_with(w, n, "es") && silent_final_e(w, n - 2)) {
		/* -es is spoken after a hissing sound: "houses", "boxes",
		 * "churches", and after soft c and g: "places", "pages" */
		if (!strchr("sxzcg", c3) && !ends_with(w, n, "ches") &&
		    !ends_with(w, n, "shes"))
			count--;
	} else if (ends_with(w, n, "ed") && silent_final_e(w, n - 2)) {
		/* -ed is spoken after t and d: "wanted", "needed" */
		if (c3 != 't' && c3 != 'd')
			count--;
	} else {
		for (size_t k = 0;
		     k < sizeof silent_e_suffixes / sizeof *silent_e_suffixes;
		     k++) {
			int sl = (int)strlen(silent_e_suffixes[k]);
			int e = n - sl - 1;
			if (silent_e_suffixes[k][0] == 'm' &&
			    at(w, e - 2) == 'e')
				continue; /* element, vehement */
			if (ends_with(w, n, silent_e_suffixes[k]) &&
			    silent_final_e(w, e)) {
				count--;
				break;
			}
		}
	}
	/* every- before a consonant is "ev-ry": "everything", "everybody" */
	if (n > 5 && has_prefix(w->c, "every") && !w->v[5])
		count--;
	/* -ically is "ik-lee": "basically", "automatically" */
	if (ends_with(w, n, "ically") && count > 2)
		count--;
	/* syllabic m: "tourism", "sarcasm", "rhythm", and their plurals */
	int m = ends_with(w, n, "ms") ? n - 1 : n;
	int stem = ends_with(w, m, "thm")  ? m - 4
	           : ends_with(w, m, "sm") ? m - 3
	                                   : -1;
	if (stem >= 0 && w->v[stem])
		count++;
	/* Mc is a syllable of its own: "McDonald" */
	if (n > 3 && w->c[0] == 'm' && w->c[1] == 'c')
		count++;
	return count > 0 ? count : 1;
}

/* ---- the dictionary ---------------------------------------------------- */

/* A key character of the dictionary: a letter or the apostrophe; any other
 * byte ends an entry and says its syllables. */
static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '\'';
}

/* The dictionary is one sorted string of entries, each a key followed by
 * one byte, '0' + syllables (syllable_dict.h).  Looked up for every part
 * of every word the callers have not seen before, it is indexed once, on
 * first use, by an open-addressing table of the entries' offsets
 * (DICT_SLOTS, at most half full; 4 bytes a slot): one hash and usually
 * one comparison a lookup, where a binary search on the string took a
 * dozen steps, each stepping back to the start of an entry. */
enum { DICT_SLOTS = 1 << 14 };

static uint32_t dict_index[DICT_SLOTS]; /* offset + 1; 0 empty */
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

static uint32_t dict_hash(const char *key, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return (h ^ (h >> 15)) & (DICT_SLOTS - 1);
}

static void dict_build(void)
{
	const char *d = syllable_dict;
	size_t n = 0;
	for (size_t at = 0; at < syllable_dict_len;) {
		size_t end = at;
		while (is_key_char(d[end]))
			end++;
		/* the generated dictionary outgrew the index */
		if (++n > DICT_SLOTS / 2)
			abort();
		uint32_t h = dict_hash(d + at, end - at);
		while (dict_index[h])
			h = (h + 1) & (DICT_SLOTS - 1);
		dict_index[h] = (uint32_t)at + 1;
		at = end + 1;
	}
}

/* Syllables of key (lower-case ASCII letters and apostrophes) in the
 * dictionary, or 0 when it is not there. */
static int dict_lookup(const char *key, size_t n)
{
	pthread_once(&dict_once, dict_build);
	const char *d = syllable_dict;
	for (uint32_t h = dict_hash(key, n); dict_index[h];
	     h = (h + 1) & (DICT_SLOTS - 1)) {
		/* stops at the entry's end: never reads past it */
		const char *e = d + dict_index[h] - 1;
		size_t k = 0;
		while (k < n && e[k] == key[k])
			k++;
		if (k == n && !is_key_char(e[k]))
			return e[k] - '0';
	}
	return 0;
}

/* ---- acronyms ---------------------------------------------------------- */

/* Consonant clusters an English word can begin with, and end with (before
 * a t, d or th, and a plural s: "bands", "sixths"). */
static const char *const onsets[] = {
    "bl",  "br",  "ch",  "cl",  "cr",  "dr",  "dw",  "fl",  "fr",  "gl",
    "gn",  "gr",  "gw",  "kh",  "kl",  "kn",  "kr",  "kw",  "ph",  "pl",
    "pr",  "ps",  "qu",  "rh",  "sc",  "sh",  "sk",  "sl",  "sm",  "sn",
    "sp",  "st",  "sv",  "sw",  "th",  "tr",  "tw",  "wh",  "wr",  "chr",
    "phr", "sch", "scr", "shr", "sph", "spl", "spr", "squ", "str", "thr"};
static const char *const codas[] = {
    "ch",  "ck", "gh",  "gn",  "lb", "lch", "lck", "lf",  "lg",  "lk",  "lm",
    "ln",  "lp", "lph", "lsh", "lv", "mb",  "mn",  "mp",  "mph", "nc",  "nch",
    "nck", "ng", "nk",  "nx",  "ph", "rb",  "rc",  "rch", "rck", "rf",  "rg",
    "rk",  "rl", "rm",  "rn",  "rp", "rph", "rsh", "rv",  "sc",  "sch", "sh",
    "sk",  "sm", "sp",  "tch", "th", "ts",  "tz",  "x"};

static int in_list(const char *s, size_t n, const char *const *list,
                   size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (list[k][0] == *s && strlen(list[k]) == n &&
		    memcmp(list[k], s, n) == 0)
			return 1;
	return 0;
}

/* Consonants an English word can end with: "", one, a doubled one, a
 * cluster of codas, each perhaps after an h ("Bahn") and before t, d or
 * th and a plural s or z. */
static int is_coda(const char *c, int n)
{
	if (n > 1 && (c[n - 1] == 's' || c[n - 1] == 'z'))
		n--;
	if (n > 1 && c[0] == 'h')
		c++, n--;
	if (n > 2 && c[n - 2] == 't' && c[n - 1] == 'h')
		n -= 2;
	else if (n > 1 && (c[n - 1] == 't' || c[n - 1] == 'd'))
		n--;
	if (n > 1 && (c[n - 1] == 's' || c[n - 1] == 't' || c[n - 1] == 'd'))
		n--; /* "first", "-ndt", "-tt" */
	return n <= 1 || (n == 2 && c[0] == c[1]) ||
	       in_list(c, (size_t)n, codas, sizeof codas / sizeof *codas);
}

/* Whether an all-capital word (in lower case here) reads as a word: it
 * has a consonant and a vowel, does not have 3 letters ending in a, i or u
 * after a consonant ("API", "USA", "CPU"), and begins and ends with
 * consonants an English word can begin and end with (not "HTML",
 * "IBM"). */
static int reads_as_word(const char *c, int n)
{
	int first = -1, last = -1, vowels = 0;
	for (int i = 0; i < n; i++)
		if (is_aeiou(c[i]) || (c[i] == 'y' && i > 0) ||
		    (c[i] == 'w' && last == i - 1 && last >= 0)) {
			if (first < 0)
				first = i;
			last = i;
			vowels += c[i] != 'w';
		}
	if (first < 0 || vowels == n)
		return 0;
	if (n == 3 && strchr("aiu", c[2]) && !is_aeiou(c[1]))
		return 0;
	if (first > 1 &&
	    !in_list(c, (size_t)first, onsets, sizeof onsets / sizeof *onsets))
		return 0;
	return is_coda(c + last + 1, n - 1 - last);
}

/* ---- one word ---------------------------------------------------------- */

/* A word as the rules see it: lower-case ASCII letters and apostrophes
 * (the dictionary's key), and which letters were capitals. */
typedef struct spelling {
	char key[SYL_MAX + 1];
	unsigned char upper[SYL_MAX];
	int n;
} spelling;

static int is_hissing_end(const char *c, int n)
{
	static const char *const hissing[] = {"s",  "x",  "z",  "ch", "sh",
	                                      "ce", "ge", "se", "ze"};
	for (size_t k = 0; k < sizeof hissing / sizeof *hissing; k++) {
		int l = (int)strlen(hissing[k]);
		if (n >= l && memcmp(c + n - l, hissing[k], (size_t)l) == 0)
			return 1;
	}
	return 0;
}

/* Syllables of a spelling (one part of a word, at least one letter). */
static int spelling_syllables(const spelling *sp, int use_dict)
{
	if (use_dict) {
		int d = dict_lookup(sp->key, (size_t)sp->n);
		if (d)
			return d;
	}
	sword w;
	w.n = 0;
	int apostrophe = -1, caps = 0;
	for (int i = 0; i < sp->n; i++) {
		if (sp->key[i] == '\'') {
			apostrophe = w.n;
			continue;
		}
		caps += sp->upper[i];
		w.c[w.n++] = sp->key[i];
	}
	w.c[w.n] = '\0';
	if (w.n == 0)
		return 0;
	int extra = 0, possessive = 0;
	if (apostrophe > 0 && apostrophe == w.n - 1 && w.c[w.n - 1] == 's') {
		possessive = 1;
		/* possessive 's is a syllable after a hissing sound */
		w.c[--w.n] = '\0';
		caps -= sp->upper[sp->n - 1];
		extra = is_hissing_end(w.c, w.n);
		if (use_dict && sp->n >= 3 && sp->key[sp->n - 2] == '\'') {
			int d = dict_lookup(sp->key, (size_t)sp->n - 2);
			if (d)
				return d + extra;
		}
	} else if (apostrophe >= 2 && apostrophe == w.n - 1 &&
	           w.c[w.n - 1] == 't' && w.c[w.n - 2] == 'n' &&
	           !is_aeiou(w.c[w.n - 3])) {
		extra = 1; /* didn't, wouldn't, isn't; not don't, can't */
	} else if (apostrophe >= 2 && !is_aeiou(w.c[apostrophe - 1]) &&
	           !strchr("yw", w.c[apostrophe - 1]) &&
	           ((apostrophe == w.n - 2 &&
	             (ends_with(&w, w.n, "ve") || ends_with(&w, w.n, "ll"))) ||
	            (apostrophe == w.n - 1 && w.c[w.n - 1] == 'd' &&
	             strchr("td", w.c[apostrophe - 1])))) {
		/* could've, that'll, it'd: the contraction is a syllable
		 * after a consonant; not they've, we'll */
		w.n = apostrophe;
		w.c[w.n] = '\0';
		extra = 1;
	}
	/* A word of 2 to 5 letters (and its plural in -s) is spelled out,
	 * one syllable a letter and w three ("double-u"), when it is all
	 * capitals and does not read as a word ("HTML", "API"), or has no
	 * vowel at all ("BBC", "km", "Mr", "www") and does not end in a
	 * doubled h, m, r, s or z as "shh", "hmm", "brr" do.  The plural -s
	 * is one more syllable after s, x and h. */
	int stem = w.n;
	if (apostrophe < 0 && w.n >= 3 && w.c[w.n - 1] == 's' &&
	    !sp->upper[sp->n - 1] && caps == w.n - 1)
		stem = w.n - 1;
	int plural_s = stem < w.n && strchr("sxh", w.c[stem - 1]);
	if (use_dict && stem < w.n) {
		int d = dict_lookup(w.c, (size_t)stem); /* "URLs", "CEOs" */
		if (d)
			return d + plural_s;
	}
	if ((apostrophe < 0 || possessive) && stem >= 2 && stem <= 5) {
		int vowels = 0;
		for (int i = 0; i < stem; i++)
			vowels += is_aeiou(w.c[i]) || w.c[i] == 'y';
		int spelled =
		    caps == stem
		        ? !reads_as_word(w.c, stem)
		        : !vowels && !(w.c[stem - 1] == w.c[stem - 2] &&
		                       strchr("hmrsz", w.c[stem - 1]));
		if (spelled) {
			int n = 0;
			for (int i = 0; i < stem; i++)
				n += w.c[i] == 'w' ? 3 : 1;
			return n + plural_s + extra;
		}
	}
	return count_syllables(&w) + extra;
}

/* Latin letters without a decomposition, spelled in ASCII ("Søren",
 * "encyclopædia", "Straße"): their ASCII letters (lower case) and whether
 * they are capitals, or 0. */
static int latin_spelling(int32_t cp, const char **ascii)
{
	static const struct {
		int32_t lower, upper;
		const char *ascii;
	} letters[] = {{0x00F8, 0x00D8, "o"},  {0x00E6, 0x00C6, "ae"},
	               {0x0153, 0x0152, "oe"}, {0x00DF, 0x1E9E, "ss"},
	               {0x0142, 0x0141, "l"},  {0x0111, 0x0110, "d"},
	               {0x00F0, 0x00D0, "d"},  {0x00FE, 0x00DE, "th"},
	               {0x0131, -1, "i"}};
	for (size_t k = 0; k < sizeof letters / sizeof *letters; k++)
		if (cp == letters[k].lower || cp == letters[k].upper) {
			*ascii = letters[k].ascii;
			return cp == letters[k].upper ? 2 : 1;
		}
	return 0;
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_mark(int32_t cp)
{
	if (cp < 0)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return 1;
	default:
		return 0;
	}
}

/* Splits word into parts at characters other than letters, apostrophes and
 * combining marks ("well-known", "covid-19") and adds up their
 * syllables. */
static int word_syllables(const char *word, size_t len, int use_dict)
{
	spelling sp;
	sp.n = 0;
	int total = 0, other_letter = 0;
	for (size_t i = 0; i <= len;) {
		int32_t cp = -1;
		if (i < len)
			i += text_decode(word, len, i, &cp);
		else
			i++;
		int upper = 0;
		char c = 0;
		const char *ascii = NULL;
		int latin;
		if (cp >= 'A' && cp <= 'Z') {
			c = (char)(cp + 'a' - 'A');
			upper = 1;
		} else if (cp >= 'a' && cp <= 'z') {
			c = (char)cp;
		} else if (is_apostrophe(cp)) {
			c = '\'';
		} else if (cp >= 0x80) {
			/* a letter with a diacritic counts as its base
			 * letter */
			utf8proc_int32_t base[4];
			int bc = 0;
			utf8proc_ssize_t d = utf8proc_decompose_char(
			    cp, base, 4,
			    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &bc);
			if (d >= 1 && base[0] >= 'A' && base[0] <= 'Z') {
				c = (char)(base[0] + 'a' - 'A');
				upper = 1;
			} else if (d >= 1 && base[0] >= 'a' && base[0] <= 'z') {
				c = (char)base[0];
			} else if ((latin = latin_spelling(cp, &ascii)) != 0) {
				int up = latin == 2;
				for (; *ascii && sp.n < SYL_MAX; ascii++) {
					sp.upper[sp.n] = (unsigned char)up;
					sp.key[sp.n++] = *ascii;
				}
				continue;
			} else if (is_letter(cp)) {
				other_letter = 1;
				continue;
			} else if (is_mark(cp)) {
				continue;
			}
		}
		if (c) {
			if (sp.n < SYL_MAX) {
				sp.upper[sp.n] = (unsigned char)upper;
				sp.key[sp.n++] = c;
			}
			continue;
		}
		/* end of a part */
		while (sp.n > 0 && sp.key[sp.n - 1] == '\'')
			sp.n--;
		int start = 0;
		while (start < sp.n && sp.key[start] == '\'')
			start++;
		if (start < sp.n) {
			if (start > 0) {
				memmove(sp.key, sp.key + start,
				        (size_t)(sp.n - start));
				memmove(sp.upper, sp.upper + start,
				        (size_t)(sp.n - start));
				sp.n -= start;
			}
			sp.key[sp.n] = '\0';
			total += spelling_syllables(&sp, use_dict);
		}
		sp.n = 0;
	}
	return total ? total : other_letter;
}

int text_syllables(const char *word, size_t len)
{
	return word_syllables(word, len, 1);
}

int text_syllables_rules(const char *word, size_t len)
{
	return word_syllables(word, len, 0);
}
