/*
 * syllables.c - how often text_syllables() agrees with the CMU dictionary.
 *
 * Usage: cqa-bench-syllables [CMUDICT.tsv] [--misses]
 *
 * The dictionary (word, syllables, pronunciation a line; "word(2)" marks an
 * alternative pronunciation) gives every word one or more syllable counts.
 * A guess is right when it matches any of them.  Words with characters
 * other than letters and the apostrophe ("a.m.", "ad-hoc") are skipped, so
 * the figure is for plain words, the same set the reference figures below
 * were measured on.  --misses lists the words guessed wrong.
 *
 * The dictionary is not part of cqa; when it is missing the benchmark says
 * so and exits 0, so it never fails a build.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/text.h"

enum { MAX_PRON = 16 };

typedef struct entry {
	char word[128];
	int counts[MAX_PRON];
	int ncounts;
} entry;

static int plain(const char *w)
{
	for (; *w; w++)
		if (!isalpha((unsigned char)*w) && *w != '\'')
			return 0;
	return 1;
}

static void judge(const entry *e, long *total, long *right, int misses)
{
	if (!e->word[0] || !plain(e->word))
		return;
	int guess = text_syllables(e->word, strlen(e->word));
	int ok = 0;
	for (int i = 0; i < e->ncounts; i++)
		ok |= e->counts[i] == guess;
	(*total)++;
	*right += ok;
	if (!ok && misses) {
		printf("miss\t%s\t%d\t", e->word, guess);
		for (int i = 0; i < e->ncounts; i++)
			printf("%s%d", i ? "," : "", e->counts[i]);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	const char *path = CQA_SHARED_DATA "/words/cmudict.tsv";
	int misses = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--misses") == 0)
			misses = 1;
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
	long total = 0, right = 0;
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
			judge(&cur, &total, &right, misses);
			memset(&cur, 0, sizeof cur);
			strcpy(cur.word, line);
		}
		if (cur.ncounts < MAX_PRON)
			cur.counts[cur.ncounts++] = count;
	}
	judge(&cur, &total, &right, misses);
	fclose(f);
	if (total == 0) {
		printf("no words in %s\n", path);
		return 0;
	}
	printf("syllable counts matching the CMU dictionary, %ld plain words\n",
	       total);
	printf("  cqa text_syllables           %6.2f%%\n",
	       100.0 * (double)right / (double)total);
	printf("  npm syllable 5.0.1 (ref)      92.75%%\n");
	printf("  hyphenation en_US (ref)       61.53%%\n");
	return 0;
}
