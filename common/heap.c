/*
 * heap.c - memory in huge pages; see heap.h.
 */
#define _DEFAULT_SOURCE
#include "heap.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

enum { HUGE_PAGE = 2 << 20, PLUG_MIN = 64 << 10 };

/* madvise(MADV_COLLAPSE): Linux 6.1's value, for headers that predate it */
#ifdef MADV_COLLAPSE
#define HEAP_MADV_COLLAPSE MADV_COLLAPSE
#else
#define HEAP_MADV_COLLAPSE 25
#endif

static uintptr_t huge_down(uintptr_t x)
{
	return x & ~(uintptr_t)(HUGE_PAGE - 1);
}

static uintptr_t huge_up(uintptr_t x)
{
	return huge_down(x + HUGE_PAGE - 1);
}

void *heap_map_huge(size_t bytes)
{
	/* one huge page longer, trimmed to start on a boundary */
	size_t keep = huge_up(bytes), span = keep + HUGE_PAGE;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "cqa: cannot map %zu bytes: %s\n", bytes,
		        strerror(errno));
		abort();
	}
	size_t head = huge_up((uintptr_t)p) - (uintptr_t)p;
	if (head)
		munmap(p, head);
	munmap(p + head + keep, span - head - keep);
	p += head;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, keep, MADV_HUGEPAGE);
#endif
	return p;
}

void heap_unmap_huge(void *p, size_t bytes)
{
	if (p)
		munmap(p, huge_up(bytes));
}

size_t heap_prefer_huge_pages(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	if (!mallopt(M_TOP_PAD, HEAP_HUGE_STEP) ||
	    !mallopt(M_TRIM_THRESHOLD, INT_MAX) ||
	    !mallopt(M_MMAP_THRESHOLD, HEAP_HUGE_MMAP_MAX))
		return 0;
	/* An allocation larger than what is left at the top of the heap
	 * makes malloc grow it, by the allocation and the top pad; freed,
	 * it stays in the heap for what comes next.  (volatile: a compiler
	 * may drop a malloc() whose block is only freed.) */
	char *before = sbrk(0);
	void *volatile grow = malloc(HUGE_PAGE);
	free(grow);
	char *after = sbrk(0);
	if (before == (char *)-1 || after == (char *)-1 || after <= before)
		return 0;
	uintptr_t lo = huge_up((uintptr_t)before);
	uintptr_t hi = huge_down((uintptr_t)after);
	if (hi <= lo || madvise((void *)lo, hi - lo, MADV_HUGEPAGE) != 0)
		return 0;
	/* Growing the heap wrote the header of its new top after the block,
	 * before the range was marked: that 2 MiB has a 4 KiB page already,
	 * and the rest of it would be faulted in 4 KiB at a time.  Linux 6.1
	 * and later turn it into a huge page on request; before, this does
	 * nothing. */
	uintptr_t top = huge_down((uintptr_t)grow + HUGE_PAGE);
	if (top >= lo && top < hi)
		(void)madvise((void *)top, HUGE_PAGE, HEAP_MADV_COLLAPSE);
	/* What malloc hands out next starts where the freed block did, up
	 * to 2 MiB below the first huge page, in 4 KiB pages (where the
	 * heap starts is random).  A block over that part, never freed and
	 * never touched, costs address space only and moves what comes next
	 * onto the huge pages.  A smaller gap is left as it is: a small
	 * request may be served from a list of freed blocks instead, and the
	 * few 4 KiB pages cost little. */
	uintptr_t at = (uintptr_t)grow;
	if (at + PLUG_MIN <= lo && lo - at < HUGE_PAGE) {
		void *volatile below = malloc(lo - at);
		(void)below;
	}
	return hi - lo;
#else
	return 0;
#endif
}
