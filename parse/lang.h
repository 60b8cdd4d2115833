/*
 * lang.h - which language a text is written in, and tidy language tags.
 *
 * lang_identify() guesses the language of UTF-8 text without any model file:
 * the script decides first (Han with Kana is Japanese, Hangul is Korean,
 * Greek is Greek...), and for Latin and Cyrillic text the most frequent
 * words of each language, plus a few letters that only some languages use,
 * pick the winner.  It reads at most the first LANG_MAX_BYTES of the text,
 * in one pass, and keeps no state between calls (safe on any thread).
 *
 * Languages: en de fr es it nl pt pl cs sk sv da no fi et ru uk bg sr hr
 * tr hu ro ca id vi by their words; zh ja ko ar fa ur he el th hi and a few
 * more by their scripts (see lang.c).  The answer is a BCP 47 primary subtag
 * ("en", "zh"), or NULL when the text is too short (under about 20 words, or 30
 * CJK characters), in a script or language it does not know, or when no
 * language clearly wins.
 */
#ifndef CQA_PARSE_LANG_H
#define CQA_PARSE_LANG_H

#include <stddef.h>

/* How much text the identifier reads: more does not change its answer. */
#define LANG_MAX_BYTES (32 * 1024)

/* Returns a static string ("en") or NULL.  confidence (may be NULL)
 * receives a value in 0..1: how far the winner is ahead of the runner-up
 * (or, for a script, how much of the text is in it); 0 with NULL. */
const char *lang_identify(const char *utf8, size_t len, double *confidence);

/* lang_identify() without the confidence. */
const char *lang_detect(const char *utf8, size_t len);

/* Normalises a language tag as pages write it ("EN_us", " de-DE ",
 * "en, fr") to BCP 47 case conventions ("en-US", "de-DE", "en"): primary
 * subtag lower case, region upper case, script title case, '_' read as '-',
 * only the first of a list.  Deprecated codes are renamed (iw -> he,
 * in -> id, ji -> yi).  Subtags from the first malformed one on are dropped
 * ("en-{{region}}" -> "en").  Returns 0 and writes "" when nothing usable
 * is left: empty, a template placeholder ("{{lang}}"), a word ("english"),
 * or "und"/"mul", which say nothing about the language. */
int lang_normalize_tag(const char *tag, char *out, size_t out_size);

#endif
