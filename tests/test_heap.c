/*
 * test_heap.c - memory in huge pages (common/heap.h).
 *
 *   test_heap_range_marked    the range heap_prefer_huge_pages() reports is
 *                             inside the heap, 2 MiB aligned, and the
 *                             kernel has it marked for huge pages ("hg" in
 *                             /proc/self/smaps);
 *   test_heap_serves_and_keeps  allocations up to HEAP_HUGE_MMAP_MAX come
 *                             from the heap, mostly that range, and a
 *                             freed one is reused, not given back and
 *                             faulted in again;
 *   test_heap_second_call     a second call changes nothing that breaks
 *                             malloc;
 *   test_heap_map_huge        an array of its own (the census's records)
 *                             starts on a 2 MiB boundary and is marked too.
 *
 * Under a sanitizer's allocator, or where the C library is not glibc, the
 * function reports 0 and changes nothing; the first two tests are then
 * skipped, which is what the function promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/heap.h"

enum { MIB = 1 << 20 };

static size_t huge;      /* what the first call reported */
static uintptr_t lo, hi; /* the range reported: [lo, hi) */

/* The VmFlags line of the mapping of /proc/self/smaps that holds addr,
 * copied into flags; 0 when none does. */
static int vm_flags_of(uintptr_t addr, char *flags, size_t cap)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return 0;
	char line[512];
	int inside = 0, found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long a, b;
		char dash;
		if (sscanf(line, "%lx%c%lx", &a, &dash, &b) == 3 && dash == '-')
			inside = addr >= a && addr < b;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(flags, cap, "%s", line + 8);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

static int setup(void **state)
{
	(void)state;
	char *before = sbrk(0);
	huge = heap_prefer_huge_pages();
	char *after = sbrk(0);
	/* the range is the heap's growth, trimmed to whole huge pages */
	lo = ((uintptr_t)before + 2 * MIB - 1) & ~(uintptr_t)(2 * MIB - 1);
	hi = lo + huge;
	if (huge)
		assert_true(hi <= (uintptr_t)after);
	return 0;
}

static void test_heap_range_marked(void **state)
{
	(void)state;
	if (!huge)
		skip();
	/* one step less at most the unaligned ends */
	assert_true(huge >= (size_t)HEAP_HUGE_STEP - 4 * MIB);
	assert_int_equal(lo % (2 * MIB), 0);
	assert_int_equal(huge % (2 * MIB), 0);
	char flags[512];
	assert_true(vm_flags_of(lo, flags, sizeof flags));
	assert_non_null(strstr(flags, " hg"));
	assert_true(vm_flags_of(hi - 1, flags, sizeof flags));
	assert_non_null(strstr(flags, " hg"));
}

static void test_heap_serves_and_keeps(void **state)
{
	(void)state;
	if (!huge)
		skip();
	/* 8 MiB: past glibc's default threshold (128 KiB), so without the
	 * settings it would be a mapping of its own, given back on free */
	size_t n = 8 * (size_t)MIB;
	char *p = malloc(n);
	assert_non_null(p);
	memset(p, 0x5a, n);
	/* in the heap (below its break) and mostly in the range, not a
	 * mapping of its own; it may begin in the few kilobytes below */
	assert_true((uintptr_t)p + n <= (uintptr_t)sbrk(0));
	assert_true((uintptr_t)p + n / 2 >= lo && (uintptr_t)p + n <= hi);
	free(p);
	char *q = malloc(n);
	assert_ptr_equal(q, p); /* the same block: kept, not unmapped */
	free(q);
}

static void test_heap_second_call(void **state)
{
	(void)state;
	size_t again = heap_prefer_huge_pages();
	(void)again;
	/* whatever the second call did, malloc still works, small and
	 * large */
	for (size_t n = 16; n <= 16 * (size_t)MIB; n *= 4) {
		unsigned char *p = malloc(n);
		assert_non_null(p);
		memset(p, 0xa5, n);
		assert_int_equal(p[n - 1], 0xa5);
		free(p);
	}
}

/* An array of its own: on a 2 MiB boundary, writable to its last byte,
 * marked for huge pages where the kernel has them. */
static void test_heap_map_huge(void **state)
{
	(void)state;
	size_t n = 3 * (size_t)MIB + 5;
	unsigned char *p = heap_map_huge(n);
	assert_int_equal((uintptr_t)p % (2 * MIB), 0);
	memset(p, 0x3c, n);
	assert_int_equal(p[n - 1], 0x3c);
	char flags[512];
	assert_true(vm_flags_of((uintptr_t)p, flags, sizeof flags));
	if (huge) /* the kernel took the heap's request too */
		assert_non_null(strstr(flags, " hg"));
	heap_unmap_huge(p, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_heap_range_marked),
	    cmocka_unit_test(test_heap_serves_and_keeps),
	    cmocka_unit_test(test_heap_second_call),
	    cmocka_unit_test(test_heap_map_huge),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
