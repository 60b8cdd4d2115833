/*
 * lang_tables.h - the data lang.c identifies languages with: each
 * language's most frequent words and the letters few languages use
 * (lang_tables.c), and the scripts both files speak of.
 */
#ifndef CQA_PARSE_LANG_TABLES_H
#define CQA_PARSE_LANG_TABLES_H

#include <utf8proc.h>

enum script {
	SC_NONE = 0,
	SC_LATIN,
	SC_CYRILLIC,
	SC_ARABIC,
	SC_HAN,
	SC_KANA,
	SC_HANGUL,
	SC_SINGLE, /* SC_SINGLE + i: single_scripts[i] */
};

typedef struct lang_profile {
	const char *tag; /* BCP 47 primary subtag */
	int script;      /* SC_LATIN or SC_CYRILLIC */
	const char
	    *words; /* space-separated, lower case, most frequent first */
} lang_profile;

/* A lower-case letter and the languages (space-separated tags) using it. */
typedef struct lang_letter_hint {
	utf8proc_int32_t cp;
	const char *tags;
} lang_letter_hint;

enum { LANG_N_PROFILES = 26, LANG_N_HINTS = 56 };

extern const lang_profile lang_profiles[LANG_N_PROFILES];
extern const lang_letter_hint lang_letter_hints[LANG_N_HINTS];

#endif
