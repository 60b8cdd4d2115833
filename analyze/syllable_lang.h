/*
 * syllable_lang.h - syllables of German, Spanish, French, Italian and
 * Dutch words, for the formulas of those languages.
 *
 * One small rule a language, on spelling alone: a syllable is a group of
 * vowel letters, split or merged where the language's spelling says (the
 * details are in syllable_lang.c and docs/formats.md).  English keeps
 * text_syllables(), its own and more careful rule.
 */
#ifndef CQA_SYLLABLE_LANG_H
#define CQA_SYLLABLE_LANG_H

#include <stddef.h>

#include "readability.h"

/* Syllables in one word of UTF-8 text in lang (RL_DE, RL_ES, RL_FR, RL_IT
 * or RL_NL; any other language is counted by text_syllables()).  Letters
 * are matched case-insensitively, with their accents; a word with no vowel
 * (a number, an abbreviation, another script) counts as one syllable.
 * Always >= 1. */
int syllables_lang(readability_lang lang, const char *word, size_t len);

#endif
