/* test_hist.c - histogram bucket layout, percentiles and merging. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hist.h"

static void test_bucket_bounds_cover_every_value(void **state)
{
	(void)state;
	/* Consecutive buckets tile the value range with no gap or overlap. */
	for (unsigned b = 0; b + 1 < HIST_BUCKETS; b++) {
		assert_int_equal(hist_bucket_high(b) + 1, hist_bucket_low(b + 1));
		assert_int_equal(hist_bucket_of(hist_bucket_low(b)), b);
		assert_int_equal(hist_bucket_of(hist_bucket_high(b)), b);
	}
	assert_int_equal(hist_bucket_of(UINT64_MAX), HIST_BUCKETS - 1);
}

static void test_bucket_width_within_one_sixteenth(void **state)
{
	(void)state;
	for (unsigned b = HIST_SUB; b + 1 < HIST_BUCKETS; b++) {
		uint64_t lo = hist_bucket_low(b), hi = hist_bucket_high(b);
		assert_true((hi - lo + 1) * 16 <= lo);
	}
}

static void test_percentiles_of_uniform_values(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	for (uint64_t v = 1; v <= 1000; v++)
		hist_record(&h, v * 1000);	/* 1 us .. 1 ms */
	assert_int_equal(h.count, 1000);
	assert_int_equal(h.min, 1000);
	assert_int_equal(h.max, 1000000);
	/* p50 is the 500th value, 500 us, reported as its bucket's top. */
	uint64_t p50 = hist_percentile(&h, 50);
	assert_true(p50 >= 500000 && p50 <= 500000 + 500000 / 16);
	uint64_t p99 = hist_percentile(&h, 99);
	assert_true(p99 >= 990000 && p99 <= 1000000);
	assert_int_equal(hist_percentile(&h, 100), 1000000);
	assert_int_equal(hist_percentile(&h, 0), 1000);
	assert_true(hist_mean(&h) > 500499 && hist_mean(&h) < 500501);
}

static void test_single_value_is_exact(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	hist_record(&h, 146000);
	/* Clamping to [min, max] makes every percentile the value itself. */
	assert_int_equal(hist_percentile(&h, 50), 146000);
	assert_int_equal(hist_percentile(&h, 99.9), 146000);
}

static void test_empty_and_merge(void **state)
{
	struct hist a, b;

	(void)state;
	hist_init(&a);
	hist_init(&b);
	assert_int_equal(hist_percentile(&a, 50), 0);
	assert_true(hist_mean(&a) == 0.0);
	hist_record(&a, 10);
	hist_record(&b, 20);
	hist_record(&b, 30);
	hist_merge(&a, &b);
	assert_int_equal(a.count, 3);
	assert_int_equal(a.sum, 60);
	assert_int_equal(a.min, 10);
	assert_int_equal(a.max, 30);
	assert_int_equal(hist_percentile(&a, 50), 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_bounds_cover_every_value),
		cmocka_unit_test(test_bucket_width_within_one_sixteenth),
		cmocka_unit_test(test_percentiles_of_uniform_values),
		cmocka_unit_test(test_single_value_is_exact),
		cmocka_unit_test(test_empty_and_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
