/* test_madv_count.c - madvise advice classes, power-of-two size slots,
 * and the --wrap=madvise wrapper counting real calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "madv_count.h"

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(madv_classify(MADV_DONTNEED), MADV_CLASS_DONTNEED);
	assert_int_equal(madv_classify(MADV_FREE), MADV_CLASS_FREE);
	assert_int_equal(madv_classify(MADV_HUGEPAGE), MADV_CLASS_OTHER);
	assert_int_equal(madv_classify(MADV_NORMAL), MADV_CLASS_OTHER);
	assert_int_equal(madv_classify(MADV_DONTDUMP), MADV_CLASS_OTHER);
	assert_int_equal(madv_classify(-1), MADV_CLASS_OTHER);
	assert_string_equal(madv_class_name(MADV_CLASS_DONTNEED), "dontneed");
	assert_string_equal(madv_class_name(MADV_CLASS_FREE), "free");
	assert_string_equal(madv_class_name(MADV_CLASS_OTHER), "other");
}

static void test_size_slots(void **state)
{
	(void)state;
	assert_int_equal(madv_size_slot(0), 0);
	assert_int_equal(madv_slot_low(0), 0);
	assert_int_equal(madv_size_slot(1), 1);
	assert_int_equal(madv_slot_low(1), 1);
	assert_int_equal(madv_size_slot(2), 2);
	assert_int_equal(madv_size_slot(3), 2);
	assert_int_equal(madv_size_slot(4095), 12);
	assert_int_equal(madv_size_slot(4096), 13);
	assert_int_equal(madv_slot_low(13), 4096);
	/* article 000's strace: 45 KiB .. 6 MiB calls */
	assert_int_equal(madv_slot_low(madv_size_slot(45 << 10)), 32768);
	assert_int_equal(madv_slot_low(madv_size_slot(6 << 20)), 4 << 20);
	assert_int_equal(madv_size_slot(SIZE_MAX), 64);
	assert_int_equal(madv_slot_low(64), 1ull << 63);
	/* Every slot's low maps back to the slot, and lows double. */
	for (unsigned s = 1; s < MADV_SIZE_SLOTS; s++) {
		assert_int_equal(madv_size_slot(madv_slot_low(s)), s);
		if (s > 1)
			assert_int_equal(madv_slot_low(s),
					 2 * madv_slot_low(s - 1));
	}
}

static void test_record_and_delta(void **state)
{
	struct madv_stats a, b, d;

	(void)state;
	madv_snapshot(&a);
	madv_record(MADV_DONTNEED, 262144, 0);
	madv_record(MADV_DONTNEED, 300000, 1);
	madv_record(MADV_FREE, 4096, 0);
	madv_record(MADV_HUGEPAGE, 2 << 20, 0);
	madv_snapshot(&b);
	madv_stats_delta(&a, &b, &d);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].calls, 2);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].bytes, 562144);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].failed, 1);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].size[19], 2);
	assert_int_equal(d.cls[MADV_CLASS_FREE].size[13], 1);
	assert_int_equal(d.cls[MADV_CLASS_OTHER].size[22], 1);
}

/* A real call made by this test file goes through __wrap_madvise. */
static void test_wrapper_counts_real_calls(void **state)
{
	size_t len = 64 << 10;
	struct madv_stats a, b, d;
	char *p;

	(void)state;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 1;
	madv_snapshot(&a);
	assert_int_equal(madvise(p, len, MADV_DONTNEED), 0);
	assert_int_equal(p[0], 0);	/* the page really was dropped */
	assert_int_equal(madvise(p + 1, len, MADV_DONTNEED), -1); /* EINVAL */
	madv_snapshot(&b);
	madv_stats_delta(&a, &b, &d);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].calls, 2);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].failed, 1);
	assert_int_equal(d.cls[MADV_CLASS_DONTNEED].size[17], 2);
	munmap(p, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_size_slots),
		cmocka_unit_test(test_record_and_delta),
		cmocka_unit_test(test_wrapper_counts_real_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
