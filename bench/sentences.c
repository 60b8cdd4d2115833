/*
 * sentences.c - the sentence splitter's score and the scanner's speed.
 *
 * Usage: cqa-bench-sentences [--dev FILE] [--pages DIR] [--mb N]
 *                            [--rounds N] [--failures]
 *
 * Score: the cases of FILE (default tests/fixtures/sentences/dev.txt; the
 * format is described at its top) split by cqa (text_sentence_lines(),
 * what cqa-analyze --split-sentences prints) and, in the same run, by the
 * naive rule: a sentence ends after every run of . ! ? followed by white
 * space, and at a blank line.  A case is right when every sentence comes
 * out exactly as expected; printed per category and in total.  --failures
 * lists the cases cqa gets wrong.
 *
 * Speed: the main texts of the English pages of DIR (default the
 * extraction development set in ../shared/data, *.html.gz, as cqa-parse
 * extracts them), repeated until they make N MB (default 10), measured on
 * one core page by page with text_count(): the scanner with syllables,
 * what the analyzer runs on each page.  Beside it, over the same texts:
 * text_syllables() alone on every word (no scanner, no cache), and the
 * naive split as the reference.  The best of --rounds (default 5) rounds
 * is printed, and text_count()'s first round, when its per-thread cache of
 * syllables starts empty.  When the pages are missing the speed is
 * not measured and the benchmark says so; it never fails a build.
 */
#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "../common/text.h"
#include "../parse/parse.h"

/* ---- the development set ------------------------------------------------ */

typedef struct dev_case {
	char *category;
	buf_t input;
	buf_t expected; /* sentences, each ended by '\n' */
} dev_case;

static char *read_file(const char *path, size_t *len)
{
	gzFile g = gzopen(path, "rb"); /* reads plain files too */
	if (!g)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[65536];
	int n;
	while ((n = gzread(g, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	gzclose(g);
	buf_add(&b, "", 0);
	return buf_detach(&b, len);
}

/* Parses dev.txt (see its header); returns the number of cases. */
static size_t load_dev(char *text, dev_case **out)
{
	dev_case *cases = NULL;
	size_t n = 0, cap = 0;
	char *category = "";
	dev_case *cur = NULL;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "#:", 2)) {
			category = line + 2 + strspn(line + 2, " ");
			cur = NULL;
		} else if (line[0] == '#') {
			/* a comment */
		} else if (line[0] == '\0') {
			cur = NULL;
		} else if (line[0] == '>') {
			if (!cur || cur->expected.len) {
				if (n == cap) {
					cap = cap ? 2 * cap : 256;
					cases =
					    realloc(cases, cap * sizeof *cases);
					if (!cases)
						abort();
				}
				cur = &cases[n++];
				memset(cur, 0, sizeof *cur);
				cur->category = category;
			} else {
				buf_addc(&cur->input, '\n');
			}
			const char *t = line + 1;
			t += *t == ' ';
			buf_adds(&cur->input, t);
		} else if (cur) {
			buf_adds(&cur->expected, line);
			buf_addc(&cur->expected, '\n');
		}
		line = nl ? nl + 1 : NULL;
	}
	*out = cases;
	return n;
}

/* ---- the naive split ---------------------------------------------------- */

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* One sentence of the naive split, trimmed, white space with a line break
 * folded as text_sentence_lines() folds it. */
static void naive_emit(buf_t *out, const char *s, size_t len)
{
	while (len && blank(*s))
		s++, len--;
	while (len && blank(s[len - 1]))
		len--;
	if (!len)
		return;
	for (size_t i = 0; i < len;) {
		if (!blank(s[i])) {
			buf_addc(out, s[i++]);
			continue;
		}
		size_t e = i;
		int fold = 0;
		while (e < len && blank(s[e]))
			fold |= s[e++] != ' ';
		if (fold)
			buf_addc(out, ' ');
		else
			buf_add(out, s + i, e - i);
		i = e;
	}
	buf_addc(out, '\n');
}

/* A sentence ends after every run of . ! ? followed by white space, and
 * at a blank line. */
static size_t naive_split(const char *s, size_t len, buf_t *out)
{
	size_t start = 0, count = 0;
	for (size_t i = 0; i < len; i++) {
		int cut = 0;
		size_t next = i + 1;
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
		    (i + 1 == len || blank(s[i + 1]))) {
			cut = 1;
		} else if (s[i] == '\n') {
			size_t k = i + 1;
			while (k < len && blank(s[k]) && s[k] != '\n')
				k++;
			cut = k < len && s[k] == '\n';
			next = i;
		}
		if (!cut)
			continue;
		if (out)
			naive_emit(out, s + start, next - start);
		count++;
		start = next;
	}
	if (out)
		naive_emit(out, s + start, len - start);
	return count + 1;
}

/* ---- scoring ------------------------------------------------------------ */

typedef struct score {
	const char *category;
	int total, cqa, naive;
} score;

static void print_lines(const char *label, const buf_t *b)
{
	printf("  %s\n", label);
	const char *p = b->data ? b->data : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("    | %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
}

static void score_dev(const char *path, int failures)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		printf("cqa-bench-sentences: cannot read %s\n", path);
		return;
	}
	dev_case *cases;
	size_t n = load_dev(text, &cases);
	score cats[64];
	int ncats = 0;
	score all = {"all", 0, 0, 0};
	buf_t got = BUF_INIT, naive = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		dev_case *c = &cases[i];
		buf_add(&c->expected, "", 0);
		buf_add(&c->input, "", 0);
		buf_reset(&got);
		text_sentence_lines(c->input.data, c->input.len, &got);
		buf_reset(&naive);
		buf_add(&naive, "", 0);
		naive_split(c->input.data, c->input.len, &naive);
		int ok = got.len == c->expected.len &&
		         !memcmp(got.data, c->expected.data, got.len);
		int nok = naive.len == c->expected.len &&
		          !memcmp(naive.data, c->expected.data, naive.len);
		int k = 0;
		while (k < ncats && strcmp(cats[k].category, c->category))
			k++;
		if (k == ncats && ncats < 64)
			cats[ncats++] = (score){c->category, 0, 0, 0};
		if (k < ncats) {
			cats[k].total++;
			cats[k].cqa += ok;
			cats[k].naive += nok;
		}
		all.total++;
		all.cqa += ok;
		all.naive += nok;
		if (!ok && failures) {
			printf("FAIL [%s]\n", c->category);
			print_lines("input:", &c->input);
			print_lines("expected:", &c->expected);
			print_lines("cqa:", &got);
		}
	}
	printf("sentence boundaries: %s, cases exactly right\n", path);
	printf("  %-14s %9s %9s\n", "category", "cqa", "naive");
	for (int k = 0; k < ncats; k++)
		printf("  %-14s %4d/%-4d %4d/%-4d\n", cats[k].category,
		       cats[k].cqa, cats[k].total, cats[k].naive,
		       cats[k].total);
	printf("  %-14s %4d/%-4d %4d/%-4d  (%.1f%% vs %.1f%%)\n", "all",
	       all.cqa, all.total, all.naive, all.total,
	       100.0 * all.cqa / (all.total ? all.total : 1),
	       100.0 * all.naive / (all.total ? all.total : 1));
	for (size_t i = 0; i < n; i++) {
		buf_free(&cases[i].input);
		buf_free(&cases[i].expected);
	}
	free(cases);
	buf_free(&got);
	buf_free(&naive);
	free(text);
}

/* ---- speed -------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

typedef struct texts {
	char **text;
	size_t *len;
	size_t n, cap, bytes;
} texts;

static void add_text(texts *t, const char *s, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->text = realloc(t->text, t->cap * sizeof *t->text);
		t->len = realloc(t->len, t->cap * sizeof *t->len);
		if (!t->text || !t->len)
			abort();
	}
	t->text[t->n] = malloc(len + 1);
	if (!t->text[t->n])
		abort();
	memcpy(t->text[t->n], s, len);
	t->text[t->n][len] = '\0';
	t->len[t->n++] = len;
	t->bytes += len;
}

/* The main texts of the English pages of dir. */
static void load_pages(const char *dir, texts *t)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	parse_global_init();
	parse_options o;
	parse_options_default(&o);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".html") &&
		    !has_suffix(e->d_name, ".html.gz"))
			continue;
		buf_t path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		size_t len;
		char *html = read_file(path.data, &len);
		buf_free(&path);
		if (!html)
			continue;
		json_t *doc = parse_html_document(&o, html, len, NULL, NULL);
		free(html);
		if (!doc)
			continue;
		const char *lang =
		    json_string_value(json_object_get(doc, "lang"));
		json_t *jt = json_object_get(doc, "text");
		if (lang && !strncmp(lang, "en", 2) && json_is_string(jt) &&
		    json_string_length(jt) > 0)
			add_text(t, json_string_value(jt),
			         json_string_length(jt));
		json_decref(doc);
	}
	closedir(d);
	parse_global_cleanup();
}

/* text_syllables() on every run of letters and apostrophes, uncached:
 * what the syllables cost without the scanner and its cache. */
static size_t syllables_alone(const char *s, size_t len)
{
	size_t total = 0, i = 0;
	while (i < len) {
		while (i < len && !isalpha((unsigned char)s[i]))
			i++;
		size_t j = i;
		while (j < len &&
		       (isalpha((unsigned char)s[j]) || s[j] == '\''))
			j++;
		if (j > i)
			total += (size_t)text_syllables(s + i, j - i);
		i = j;
	}
	return total;
}

static void measure_speed(const char *dir, double mb, int rounds)
{
	texts pages = {0};
	load_pages(dir, &pages);
	if (!pages.n) {
		printf("speed: no English pages in %s; not measured\n", dir);
		return;
	}
	size_t per_round = 0, want = (size_t)(mb * 1e6);
	size_t reps = 0;
	while (per_round < want) {
		per_round += pages.bytes;
		reps++;
	}
	double best = 1e30, best_naive = 1e30, best_syl = 1e30, first = 0;
	size_t words = 0, sentences = 0, sink = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = cqa_now();
		words = sentences = 0;
		for (size_t k = 0; k < reps; k++)
			for (size_t i = 0; i < pages.n; i++) {
				text_counts c;
				text_count(pages.text[i], pages.len[i], &c);
				words += c.words;
				sentences += c.sentences;
			}
		double t = cqa_now() - t0;
		if (t < best)
			best = t;
		if (r == 0)
			first = t;
		t0 = cqa_now();
		for (size_t k = 0; k < reps; k++)
			for (size_t i = 0; i < pages.n; i++)
				sink += syllables_alone(pages.text[i],
				                        pages.len[i]);
		t = cqa_now() - t0;
		if (t < best_syl)
			best_syl = t;
		t0 = cqa_now();
		for (size_t k = 0; k < reps; k++)
			for (size_t i = 0; i < pages.n; i++)
				sink += naive_split(pages.text[i], pages.len[i],
				                    NULL);
		t = cqa_now() - t0;
		if (t < best_naive)
			best_naive = t;
	}
	printf("speed: %zu English pages, %.2f MB of main text, x%zu = %.1f "
	       "MB a round, best of %d, one core\n",
	       pages.n, pages.bytes / 1e6, reps, per_round / 1e6, rounds);
	printf("  cqa text_count (scanner + syllables): %7.1f MB/s  "
	       "(%zu words, %zu sentences)\n",
	       per_round / 1e6 / best, words, sentences);
	printf("    its first round (cold syllable cache): %7.1f MB/s\n",
	       per_round / 1e6 / first);
	printf("  text_syllables() alone, every word:   %7.1f MB/s\n",
	       per_round / 1e6 / best_syl);
	printf("  naive split (reference):              %7.1f MB/s\n",
	       per_round / 1e6 / best_naive);
	if (!sink)
		printf("(no word found)\n");
	for (size_t i = 0; i < pages.n; i++)
		free(pages.text[i]);
	free(pages.text);
	free(pages.len);
}

int main(int argc, char **argv)
{
	const char *dev = CQA_SOURCE_DIR "/tests/fixtures/sentences/dev.txt";
	const char *dir = CQA_SHARED_DATA "/extraction-dev/html";
	double mb = 10;
	int rounds = 5, failures = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dev") && i + 1 < argc)
			dev = argv[++i];
		else if (!strcmp(argv[i], "--pages") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			mb = atof(argv[++i]);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--failures"))
			failures = 1;
		else {
			fprintf(stderr,
			        "usage: cqa-bench-sentences [--dev FILE] "
			        "[--pages DIR] [--mb N] [--rounds N] "
			        "[--failures]\n");
			return 2;
		}
	}
	if (rounds < 1)
		rounds = 1;
	score_dev(dev, failures);
	if (mb > 0)
		measure_speed(dir, mb, rounds);
	return 0;
}
