/*
 * syllables.c - how often text_syllables() agrees with the CMU dictionary.
 *
 * Usage: cqa-bench-syllables [CMUDICT.tsv] [--misses[=WHICH]]
 *
 * The dictionary (word, syllables, pronunciation a line; "word(2)" marks an
 * alternative pronunciation) gives every word one or more syllable counts.
 * A guess is right when it matches any of them.  Words with characters
 * other than letters and the apostrophe ("a.m.", "ad-hoc") are skipped, so
 * the figures are for plain words, the same set the reference figures below
 * were measured on.
 *
 * Three figures for cqa:
 *  - text_syllables(): the compact dictionary (common/syllable_dict.c,
 *    generated from this same file by tools/gen_syllable_dict.py), then
 *    the rules;
 *  - text_syllables_rules(), the rules alone, on all words;
 *  - the rules alone on the held-out words: the rules were tuned by looking
 *    only at the "dev" words, those whose XXH64 (seed 0) of the word as
 *    spelled in the file is not a multiple of 5; the other 20%, never
 *    looked at while tuning, say how the rules do on words they have not
 *    seen.
 *
 * --misses lists the words the rules alone get wrong (WHICH: "dev", the
 * default, or "held-out" or "all"); --misses=dict those the dictionary and
 * rules get wrong.
 *
 * The dictionary is not part of cqa; when it is missing the benchmark says
 * so and exits 0, so it never fails a build.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/text.h"

enum { MAX_PRON = 16 };

typedef struct entry {
	char word[128];
	int counts[MAX_PRON];
	int ncounts;
} entry;

enum { MISS_NONE, MISS_DEV, MISS_HELD_OUT, MISS_ALL, MISS_DICT };

typedef struct tally {
	long total, dict_right, rules_right, held_total, held_right;
	int misses;
} tally;

static int plain(const char *w)
{
	for (; *w; w++)
		if (!isalpha((unsigned char)*w) && *w != '\'')
			return 0;
	return 1;
}

static int matches(const entry *e, int guess)
{
	for (int i = 0; i < e->ncounts; i++)
		if (e->counts[i] == guess)
			return 1;
	return 0;
}

static void print_miss(const entry *e, int guess)
{
	printf("miss\t%s\t%d\t", e->word, guess);
	for (int i = 0; i < e->ncounts; i++)
		printf("%s%d", i ? "," : "", e->counts[i]);
	putchar('\n');
}

static void judge(const entry *e, tally *t)
{
	if (!e->word[0] || !plain(e->word))
		return;
	size_t len = strlen(e->word);
	int held_out = XXH64(e->word, len, 0) % 5 == 0;
	int dict = matches(e, text_syllables(e->word, len));
	int rules_guess = text_syllables_rules(e->word, len);
	int rules = matches(e, rules_guess);
	t->total++;
	t->dict_right += dict;
	t->rules_right += rules;
	t->held_total += held_out;
	t->held_right += held_out && rules;
	if (t->misses == MISS_DICT && !dict)
		print_miss(e, text_syllables(e->word, len));
	else if (!rules && ((t->misses == MISS_DEV && !held_out) ||
	                    (t->misses == MISS_HELD_OUT && held_out) ||
	                    t->misses == MISS_ALL))
		print_miss(e, rules_guess);
}

static double pct(long right, long total)
{
	return total ? 100.0 * (double)right / (double)total : 0.0;
}

int main(int argc, char **argv)
{
	const char *path = CQA_SHARED_DATA "/words/cmudict.tsv";
	tally t;
	memset(&t, 0, sizeof t);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--misses") == 0 ||
		    strcmp(argv[i], "--misses=dev") == 0)
			t.misses = MISS_DEV;
		else if (strcmp(argv[i], "--misses=held-out") == 0)
			t.misses = MISS_HELD_OUT;
		else if (strcmp(argv[i], "--misses=all") == 0)
			t.misses = MISS_ALL;
		else if (strcmp(argv[i], "--misses=dict") == 0)
			t.misses = MISS_DICT;
		else
			path = argv[i];
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("cmudict not found (%s): nothing to measure\n", path);
		return 0;
	}
	entry cur;
	memset(&cur, 0, sizeof cur);
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		int count = atoi(tab + 1);
		char *paren = strchr(line, '(');
		if (paren && paren != line)
			*paren = '\0';
		if (strlen(line) >= sizeof cur.word)
			continue;
		if (strcmp(line, cur.word) != 0) {
			judge(&cur, &t);
			memset(&cur, 0, sizeof cur);
			strcpy(cur.word, line);
		}
		if (cur.ncounts < MAX_PRON)
			cur.counts[cur.ncounts++] = count;
	}
	judge(&cur, &t);
	fclose(f);
	if (t.total == 0) {
		printf("no words in %s\n", path);
		return 0;
	}
	printf("syllable counts matching the CMU dictionary, %ld plain words\n",
	       t.total);
	printf("  cqa dictionary + rules        %6.2f%%\n",
	       pct(t.dict_right, t.total));
	printf("  cqa rules alone               %6.2f%%\n",
	       pct(t.rules_right, t.total));
	printf("  cqa rules alone, held out     %6.2f%%  (%ld words not tuned "
	       "on)\n",
	       pct(t.held_right, t.held_total), t.held_total);
	printf("  npm syllable 5.0.1 (ref)       92.75%%\n");
	printf("  hyphenation en_US (ref)        61.53%%\n");
	return 0;
}
