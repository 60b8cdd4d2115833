/*
 * syllable_lang.c - syllables by vowel groups, one rule a language; see
 * syllable_lang.h.
 *
 * The word is read as a string of vowels and consonants.  Each run of
 * vowels is one syllable, except where the language writes two syllables
 * with adjacent vowels:
 *
 *   German   a run is read left to right, a digraph (aa ae ai au ay ee ei
 *            eu ey ie oe oo ou äu) taking two vowels for one syllable,
 *            any other vowel one: "Theater" the-a-ter, "Nation" na-ti-on,
 *            "Feuer" feu-er; ä, ö, ü are vowels of their own.
 *   Dutch    the same with Dutch digraphs (aa au ee ei eu ie ij oe oo ou
 *            ui uu) and trigraphs (aai eeu ieu oei ooi), j after i being
 *            part of "ij"; a vowel with a diaeresis (ë, ï, ö, ü) starts a
 *            syllable: "België" bel-gi-ë.
 *   Spanish  a, e, o and the accented vowels are strong, i, u, ü weak;
 *   Italian  two strong vowels side by side are two syllables (hiatus),
 *            a weak one joins its neighbour (diphthong): "poeta" po-e-ta,
 *            "día" dí-a, "ciudad" ciu-dad, "piede" pie-de.
 *   French   a vowel with a diaeresis, and a vowel after é other than a
 *            plain e, start a syllable ("naïf", "réalité", but "année");
 *            a final e or es after a
 *            consonant is silent when the word has another syllable
 *            ("table" one, "rue" one, "année" two).
 *
 * In all five, u after q is not a vowel ("Quelle", "que", "quand"), and y
 * is a vowel unless a vowel follows it ("hoy", "System"; "ayer", "Bayern").
 * Letters are compared without case; accents are kept for the rules above.
 */
#include "syllable_lang.h"

#include <stdint.h>
#include <string.h>

#include "../common/text.h"

/* Decodes one UTF-8 character at s[*i]; an invalid byte is U+FFFD. */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[*i];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c >= 0x80 && (c < 0xC2 || c > 0xF4 || *i + n > len)) {
		(*i)++;
		return 0xFFFD;
	}
	if (n > 1) {
		c &= 0xFF >> (n + 1);
		for (size_t k = 1; k < n; k++) {
			if ((u[*i + k] & 0xC0) != 0x80) {
				(*i)++;
				return 0xFFFD;
			}
			c = (c << 6) | (u[*i + k] & 0x3F);
		}
	}
	*i += n;
	return c;
}

enum { MARK_NONE, MARK_ACUTE, MARK_GRAVE, MARK_CIRC, MARK_DIAER, MARK_OTHER };

/* A letter: its base (lower-case ASCII) and accent; base 0 for anything
 * that is not a Latin letter. */
typedef struct letter {
	char base;
	unsigned char mark;
} letter;

static letter classify(uint32_t c)
{
	letter l = {0, MARK_NONE};
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (c >= 'a' && c <= 'z') {
		l.base = (char)c;
		return l;
	}
	/* Latin-1 capitals to small ones */
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		c += 0x20;
	static const struct {
		uint32_t cp;
		char base;
		unsigned char mark;
	} table[] = {
	    {0xE0, 'a', MARK_GRAVE},  {0xE1, 'a', MARK_ACUTE},
	    {0xE2, 'a', MARK_CIRC},   {0xE3, 'a', MARK_OTHER},
	    {0xE4, 'a', MARK_DIAER},  {0xE5, 'a', MARK_OTHER},
	    {0xE6, 'a', MARK_OTHER},  {0xE7, 'c', MARK_OTHER},
	    {0xE8, 'e', MARK_GRAVE},  {0xE9, 'e', MARK_ACUTE},
	    {0xEA, 'e', MARK_CIRC},   {0xEB, 'e', MARK_DIAER},
	    {0xEC, 'i', MARK_GRAVE},  {0xED, 'i', MARK_ACUTE},
	    {0xEE, 'i', MARK_CIRC},   {0xEF, 'i', MARK_DIAER},
	    {0xF1, 'n', MARK_OTHER},  {0xF2, 'o', MARK_GRAVE},
	    {0xF3, 'o', MARK_ACUTE},  {0xF4, 'o', MARK_CIRC},
	    {0xF5, 'o', MARK_OTHER},  {0xF6, 'o', MARK_DIAER},
	    {0xF8, 'o', MARK_OTHER},  {0xF9, 'u', MARK_GRAVE},
	    {0xFA, 'u', MARK_ACUTE},  {0xFB, 'u', MARK_CIRC},
	    {0xFC, 'u', MARK_DIAER},  {0xFD, 'y', MARK_ACUTE},
	    {0xFF, 'y', MARK_DIAER},  {0xDF, 's', MARK_OTHER},  /* ß */
	    {0x152, 'o', MARK_OTHER}, {0x153, 'o', MARK_OTHER}, /* œ */
	    {0x178, 'y', MARK_DIAER},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (table[i].cp == c) {
			l.base = table[i].base;
			l.mark = table[i].mark;
			break;
		}
	return l;
}

static int is_vowel_base(char b)
{
	return b && strchr("aeiouy", b) != NULL;
}

#define MAX_LETTERS 64

/* Is the pair (or triple) at s a digraph of the language? */
static int in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

static const char *const german_digraphs[] = {"aa", "ae", "ai", "au", "ay",
                                              "ee", "ei", "eu", "ey", "ie",
                                              "oe", "oo", "ou", NULL};
static const char *const dutch_digraphs[] = {"aa", "au", "ee", "ei", "eu",
                                             "ie", "ij", "oe", "oo", "ou",
                                             "ui", "uu", NULL};
static const char *const dutch_trigraphs[] = {"aai", "eeu", "ieu",
                                              "oei", "ooi", NULL};

/* Syllables of the vowel run v[0..n) (bases) with marks m. */
static int run_syllables(readability_lang lang, const char *v,
                         const unsigned char *m, size_t n)
{
	int syl = 0;
	switch (lang) {
	case RL_DE:
	case RL_NL: {
		const char *const *di =
		    lang == RL_DE ? german_digraphs : dutch_digraphs;
		for (size_t k = 0; k < n;) {
			/* German ä, ö, ü are vowels of their own; in Dutch
			 * a diaeresis starts a syllable.  Either way a
			 * marked vowel is no part of a digraph. */
			int plain2 = k + 1 < n && m[k] == MARK_NONE &&
			             m[k + 1] == MARK_NONE;
			int plain3 =
			    plain2 && k + 2 < n && m[k + 2] == MARK_NONE;
			int de_au = lang == RL_DE && k + 1 < n && v[k] == 'a' &&
			            m[k] == MARK_DIAER && v[k + 1] == 'u' &&
			            m[k + 1] == MARK_NONE;
			if (lang == RL_NL && plain3 &&
			    in_list(dutch_trigraphs, v + k, 3))
				k += 3;
			else if (de_au || (plain2 && in_list(di, v + k, 2)))
				k += 2;
			else
				k += 1;
			syl++;
		}
		return syl;
	}
	case RL_ES:
	case RL_IT:
		syl = 1;
		for (size_t k = 0; k + 1 < n; k++) {
			int s1 = strchr("aeo", v[k]) ||
			         (m[k] != MARK_NONE && m[k] != MARK_DIAER);
			int s2 =
			    strchr("aeo", v[k + 1]) ||
			    (m[k + 1] != MARK_NONE && m[k + 1] != MARK_DIAER);
			syl += s1 && s2;
		}
		return syl;
	case RL_FR:
		syl = 1;
		for (size_t k = 1; k < n; k++)
			syl += m[k] == MARK_DIAER ||
			       (v[k - 1] == 'e' && m[k - 1] == MARK_ACUTE &&
			        !(v[k] == 'e' && m[k] == MARK_NONE));
		return syl;
	default:
		return 1;
	}
}

int syllables_lang(readability_lang lang, const char *word, size_t len)
{
	if (lang != RL_DE && lang != RL_ES && lang != RL_FR && lang != RL_IT &&
	    lang != RL_NL) {
		int n = text_syllables(word, len);
		return n < 1 ? 1 : n;
	}
	/* the word as bases and marks; letters beyond MAX_LETTERS are
	 * left out (no real word is that long) */
	char b[MAX_LETTERS];
	unsigned char m[MAX_LETTERS];
	size_t n = 0;
	for (size_t i = 0; i < len && n < MAX_LETTERS;) {
		letter l = classify(next_cp(word, len, &i));
		b[n] = l.base;
		m[n] = l.mark;
		n++;
	}
	/* which letters are vowels */
	int vowel[MAX_LETTERS];
	for (size_t k = 0; k < n; k++) {
		vowel[k] = is_vowel_base(b[k]);
		if (b[k] == 'u' && k > 0 && b[k - 1] == 'q')
			vowel[k] = 0;
	}
	for (size_t k = 0; k < n; k++) {
		if (b[k] != 'y')
			continue;
		if (k + 1 < n && vowel[k + 1])
			vowel[k] = 0;
	}
	if (lang == RL_NL)
		for (size_t k = 1; k < n; k++)
			if (b[k] == 'j' && b[k - 1] == 'i' && vowel[k - 1])
				vowel[k] = 1;
	int syl = 0;
	for (size_t k = 0; k < n;) {
		if (!vowel[k]) {
			k++;
			continue;
		}
		size_t e = k;
		while (e < n && vowel[e])
			e++;
		syl += run_syllables(lang, b + k, m + k, e - k);
		k = e;
	}
	/* French: a final e or es after a consonant is silent */
	if (lang == RL_FR && syl > 1) {
		size_t e = n;
		if (e >= 1 && b[e - 1] == 's')
			e--;
		if (e >= 2 && b[e - 1] == 'e' && m[e - 1] == MARK_NONE &&
		    vowel[e - 1] && !vowel[e - 2] && b[e - 2])
			syl--;
	}
	return syl < 1 ? 1 : syl;
}
