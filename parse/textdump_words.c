/*
 * textdump_words.c - a block's words and the vocabulary's weights; see
 * textdump_words.h.  The table itself is textdump_vocab.c.
 */
#include "textdump_words.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../common/text.h"

static int by_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int entry_by_word(const void *key, const void *e)
{
	return strcmp((const char *)key, ((const dump_word *)e)->word);
}

const dump_word *dump_word_find(const char *word)
{
	return bsearch(word, dump_vocab, dump_vocab_count, sizeof *dump_vocab,
	               entry_by_word);
}

size_t dump_next_char(const char *s, size_t n, size_t i, int32_t *c)
{
	*c = -1;
	if (i >= n)
		return 1;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                      (utf8proc_ssize_t)(n - i), &cp);
	if (k < 1)
		return 1;
	*c = cp;
	return (size_t)k;
}

size_t dump_block_words(const char *text, buf_t *out, size_t *first)
{
	buf_t all = BUF_INIT;
	size_t n = strlen(text), count = 0, at = 0;
	int digit = 0, open = 0;
	for (size_t i = 0; i <= n;) {
		int32_t c;
		size_t k = dump_next_char(text, n, i, &c);
		if (c >= 0 && text_is_word_char(c)) {
			if (!open)
				at = all.len;
			open = 1;
			digit |= utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e =
			    utf8proc_encode_char(utf8proc_tolower(c), enc);
			buf_add(&all, enc, (size_t)e);
		} else if (open) {
			if (digit)
				all.len = at;
			else {
				buf_add(&all, "", 1);
				count++;
			}
			open = digit = 0;
		}
		i += k;
	}
	/* sorted and made distinct through an array of pointers */
	const char **w = xmalloc((count ? count : 1) * sizeof *w);
	const char *p = all.data;
	for (size_t i = 0; i < count; i++, p += strlen(p) + 1)
		w[i] = p;
	const char *head = count ? w[0] : NULL;
	qsort(w, count, sizeof *w, by_word);
	size_t distinct = 0;
	if (first)
		*first = out->len;
	for (size_t i = 0; i < count; i++) {
		if (i && !strcmp(w[i], w[i - 1]))
			continue;
		if (first && !strcmp(w[i], head))
			*first = out->len;
		buf_add(out, w[i], strlen(w[i]) + 1);
		distinct++;
	}
	free(w);
	buf_free(&all);
	return distinct;
}

void dump_vocabulary(const char *text, float *vocab, float *first_word)
{
	buf_t words = BUF_INIT;
	size_t head;
	size_t n = dump_block_words(text, &words, &head);
	double sum = 0;
	const char *p = words.data;
	for (size_t i = 0; i < n; i++, p += strlen(p) + 1) {
		const dump_word *e = dump_word_find(p);
		if (e)
			sum += e->any;
	}
	*vocab = n ? (float)(sum / sqrt((double)n)) : 0;
	const dump_word *e =
	    head < words.len ? dump_word_find(words.data + head) : NULL;
	*first_word = e ? e->first : 0;
	buf_free(&words);
}
