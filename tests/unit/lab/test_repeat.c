/* test_repeat.c - combining a variant's boots (tlblab run --repeat):
 * means and spreads by hand, pooled histograms and scheduler counts, a
 * failed boot left out, no boot ok, nothing at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "repeat.h"

static json_t *boot(const char *status, double lat, double rate,
		    json_t *buckets, json_int_t nivcsw, double run_s)
{
	json_int_t count = 0;
	double sum = 0;
	size_t i;
	json_t *e;

	json_array_foreach(buckets, i, e) {
		count += json_integer_value(json_array_get(e, 1));
		sum += json_number_value(json_array_get(e, 0)) *
		       (double)json_integer_value(json_array_get(e, 1));
	}
	return json_pack("{s:s, s:s, s:{s:f, s:f}, s:{s:{s:{s:I, s:f, s:f, "
			 "s:f, s:o}, s:[{s:i, s:b, s:I, s:f}]}}}",
			 "name", "t2", "status", status,
			 "metrics", "lat_mean_us", lat, "madvise_per_s", rate,
			 "guest", "summary", "latency_ns", "count", count,
			 "mean", count ? sum / (double)count : 0.0, "max", 9e6,
			 "p50", 1.0, "buckets", buckets,
			 "sched", "k", 0, "hot", 1, "nivcsw", nivcsw,
			 "run_s", run_s);
}

static double num(const json_t *v, const char *a, const char *b,
		  const char *c)
{
	json_t *x = json_object_get(json_object_get(v, a), b);

	if (c)
		x = json_object_get(x, c);
	assert_true(json_is_number(x));
	return json_number_value(x);
}

static void test_three_boots_one_failed(void **state)
{
	json_t *reps = json_pack("[o, o, o]",
		boot("ok", 200, 1000, json_pack("[[f, I], [f, I]]",
						100e3, (json_int_t)3,
						8e6, (json_int_t)1), 10, 2.0),
		boot("error", 900, 1, json_array(), 99, 9.0),
		boot("ok", 260, 800, json_pack("[[f, I], [f, I]]",
					       50e3, (json_int_t)2,
					       100e3, (json_int_t)4), 6, 3.0));
	json_t *v = repeat_combine(reps), *lat, *b;

	(void)state;
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(v, "repeat_count")), 3);
	assert_int_equal(json_integer_value(json_object_get(v, "repeats_ok")), 2);
	assert_int_equal(json_array_size(json_object_get(v, "repeats")), 3);
	/* (200 + 260) / 2; sd = |260 - 200| / sqrt(2) */
	assert_true(fabs(num(v, "metrics", "lat_mean_us", NULL) - 230) < 1e-9);
	assert_true(fabs(num(v, "metrics_spread", "lat_mean_us", "sd") -
			 60 / sqrt(2)) < 1e-9);
	assert_true(num(v, "metrics_spread", "lat_mean_us", "min") == 200);
	assert_true(num(v, "metrics_spread", "lat_mean_us", "max") == 260);
	assert_true(num(v, "metrics_spread", "madvise_per_s", "n") == 2);
	/* Histograms pooled: 100 us has 3 + 4, buckets in order. */
	lat = json_object_get(json_object_get(json_object_get(v, "guest"),
					      "summary"), "latency_ns");
	b = json_object_get(lat, "buckets");
	assert_int_equal(json_integer_value(json_object_get(lat, "count")), 10);
	assert_true(fabs(json_number_value(json_object_get(lat, "mean")) -
			 (3 * 100e3 + 8e6 + 2 * 50e3 + 4 * 100e3) / 10) < 1e-6);
	assert_null(json_object_get(lat, "p50"));
	assert_int_equal(json_array_size(b), 3);
	assert_true(json_number_value(json_array_get(json_array_get(b, 0), 0)) == 50e3);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(b, 1), 1)), 7);
	assert_true(json_number_value(json_array_get(json_array_get(b, 2), 0)) == 8e6);
	/* Scheduler counts summed over the ok boots only. */
	b = json_array_get(json_object_get(json_object_get(json_object_get(
		v, "guest"), "summary"), "sched"), 0);
	assert_int_equal(json_integer_value(json_object_get(b, "nivcsw")), 16);
	assert_true(fabs(json_number_value(json_object_get(b, "run_s")) - 5) < 1e-9);
	/* The boots are kept as they were. */
	assert_true(num(json_array_get(json_object_get(v, "repeats"), 1),
			"metrics", "lat_mean_us", NULL) == 900);
	json_decref(v);
	json_decref(reps);
}

static void test_no_boot_ok(void **state)
{
	json_t *reps = json_pack("[o, o]",
		boot("error", 1, 1, json_array(), 1, 1.0),
		boot("error", 2, 2, json_array(), 1, 1.0));
	json_t *v = repeat_combine(reps);

	(void)state;
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "status")),
			    "error");
	assert_int_equal(json_integer_value(json_object_get(v, "repeats_ok")), 0);
	assert_null(json_object_get(v, "metrics_spread"));
	json_decref(v);
	json_decref(reps);
	reps = json_array();
	assert_null(repeat_combine(reps));
	json_decref(reps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_boots_one_failed),
		cmocka_unit_test(test_no_boot_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
