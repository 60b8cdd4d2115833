/*
 * textdump_model.h - how much a block of a text dump reads like the
 * article's text, from what the block and its neighbours look like.
 *
 * The line rules of textdump.c say what a block is when it says so itself
 * (a separator, "Next:", a copyright line); the body span says where the
 * densest prose is.  What neither settles, the blocks the rules leave
 * alone, is decided by a logistic model over shallow text features, the
 * method of boilerpipe (Kohlschuetter, Fankhauser and Nejdl, "Boilerplate
 * detection using shallow text features", WSDM 2010) without the link
 * density a dump has lost: the block's length, whether it ends as a
 * sentence, its share of the language's function words (jusText's
 * stop-word density), of capitalised words, digits and commas, its kind,
 * what its words say (a fitted vocabulary, textdump_words.h), the rule
 * labels, lengths and words of the two blocks on each side, and where it
 * stands against the body span and the title.
 *
 * The weights are a data table in textdump_model.c (the vocabulary one in
 * textdump_vocab.c), fitted by
 * bench/fit_dump_model.py on dumps (lynx, w3m, html2text) of the annotated
 * pages of ../shared/data/extraction-dev; the script prints the
 * cross-validated score beside the rules alone.
 */
#ifndef CQA_PARSE_TEXTDUMP_MODEL_H
#define CQA_PARSE_TEXTDUMP_MODEL_H

#include <stddef.h>

#include "textdump.h"

enum { DUMP_FEATURES = 72 };

/* The features' names, in the order of the vector (for the fitting
 * script and the weights table's comments). */
extern const char *const dump_feature_names[DUMP_FEATURES];

/* What label_blocks() knows of a dump when the model runs: the body span
 * (start == d->n: no prose), the title (d->n: none), and which blocks the
 * rules left to decide (open[i]). */
typedef struct dump_layout {
	size_t start, end, title;
	const unsigned char *open;
} dump_layout;

/* Fills f[i * DUMP_FEATURES ...] for every block of d; lang is the
 * dump's language (BCP 47 primary subtag) or NULL. */
void dump_features(const dump_doc *d, const dump_layout *l, const char *lang,
                   float *f);

/* The log-odds that a block with features f is the article's. */
double dump_model_score(const float *f);

#endif
