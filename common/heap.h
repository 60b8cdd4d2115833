/*
 * heap.h - memory in huge pages: the heap of a batch stage, and large arrays.
 *
 * A stage that builds tens of megabytes of tables, lists and buffers
 * touches each 4 KiB page of fresh memory once, and each first touch is a
 * page fault.  On the virtual machines cqa runs on a fault costs 5 to 13
 * microseconds (8 MB touched a page at a time: 19 to 27 ms, measured),
 * so the 2,000 or so faults of analysing 10 MB of text were 7% of its
 * time.  A transparent huge page (2 MiB) is one fault and one clear.
 *
 * heap_prefer_huge_pages() asks glibc's malloc to take the heap from the
 * kernel in one step of HEAP_HUGE_STEP bytes, to keep what is freed
 * instead of giving it back at the top of the heap (so it is reused, not
 * faulted in again: the stage's memory stays at its peak until it
 * exits), and
 * to serve allocations up to HEAP_HUGE_MMAP_MAX from the heap instead of
 * mappings of their own; then it grows the heap by that step and asks the
 * kernel (madvise MADV_HUGEPAGE) to back it with huge pages.  Only the
 * pages touched are ever backed.  Beyond that step the heap grows as
 * before.
 *
 * It changes nothing but speed: where the kernel gives no huge pages
 * (transparent_hugepage=never), under another allocator (a sanitizer's)
 * or another C library, the calls it makes fail or do nothing, and
 * malloc behaves as it would have.  Call it once, first thing in main(),
 * in a stage that does its work in one thread.
 */
#ifndef CQA_HEAP_H
#define CQA_HEAP_H

#include <stddef.h>

enum {
	HEAP_HUGE_STEP = 64 << 20,    /* the first growth of the heap */
	HEAP_HUGE_MMAP_MAX = 32 << 20 /* glibc's ceiling for the threshold */
};

/* Returns the bytes of the heap now asked for in huge pages (0 when none
 * were). */
size_t heap_prefer_huge_pages(void);

/* A large array of its own, apart from the heap, in huge pages where the
 * kernel gives them on request: reserved at its full size (bytes rounded
 * up to whole huge pages) and backed only where written.  It starts on a
 * 2 MiB boundary, since a huge page covers an aligned 2 MiB only: a
 * mapping where the kernel chose begins, on average, 1 MiB before the
 * first boundary, and that part would be faulted in 4 KiB at a time.
 * Aborts when the address space is exhausted.  heap_unmap_huge() takes
 * the same bytes. */
void *heap_map_huge(size_t bytes);
void heap_unmap_huge(void *p, size_t bytes);

#endif
