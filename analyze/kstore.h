/*
 * kstore.h - keyed occurrence records, grouped by key after the last page.
 *
 * The cross-page findings all ask the same question of a different key:
 * on which pages does this shingle (common content), this sentence or
 * paragraph (repeated passages), this block text (the template census)
 * occur?  Each occurrence is a 16-byte record (key, page, a 32-bit detail)
 * added as the page is read; after the last page the records are handed
 * back sorted by key, so every key's occurrences are one run, in the order
 * they were added (page order) within it.
 *
 * Records stay in memory up to a budget, kept by the top bits of their key
 * as they come when the budget is large (kstore.c), so that sorting them
 * needs no memory beyond it.  Past it they go to 64 temporary files by the
 * top bits of the key, and are handed back one file at a time, so memory
 * is the budget (or one file's share of the records) whatever the number
 * of pages, and time is one radix sort a file: linear in the records.
 * Partitioning by key range is also what lets shards of an audit be merged: the
 * records of one key range from every shard form that range of the whole.
 */
#ifndef CQA_KSTORE_H
#define CQA_KSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/error.h"

typedef struct krec {
	uint64_t key;
	uint32_t page; /* the analyzer's page number */
	uint32_t aux;  /* what the caller keeps with each occurrence */
} krec;

typedef struct kstore kstore;

/* budget: bytes of records kept in memory before spilling; dir: where the
 * temporary files go (see spill.h); what: named in messages. */
kstore *kstore_new(size_t budget, const char *dir, const char *what);
void kstore_free(kstore *s);

int kstore_add(kstore *s, uint64_t key, uint32_t page, uint32_t aux,
               cqa_error *err);
/* Adds keys[0..n) of one page, their aux aux, aux + 1, ... (a page's
 * shingles and their positions). */
int kstore_add_keys(kstore *s, const uint64_t *keys, size_t n, uint32_t page,
                    uint32_t aux, cqa_error *err);
size_t kstore_count(const kstore *s);

/* Calls fn with the records of each key range (a partition file, a bucket
 * kept in memory, or the whole of a small store), the ranges in key order,
 * sorted by key and, within a key, in the order added; no key is split
 * between two calls; fn may reorder r.  Stops at fn's first non-zero
 * return and returns it.  Call once: the records are consumed. */
typedef int (*kstore_fn)(void *ud, krec *r, size_t n, cqa_error *err);
int kstore_each(kstore *s, kstore_fn fn, void *ud, cqa_error *err);

/* Sorts r[0..n) by key, keeping the order of equal keys (radix sort). */
void kstore_sort(krec *r, size_t n);

#endif
