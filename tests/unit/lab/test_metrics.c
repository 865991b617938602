/* test_metrics.c - metrics recomputed from saved results of real runs
 * (one tcg, one nested) equal what the lab computed when it ran them, and
 * each metric says where it comes from. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "jpath.h"
#include "metrics.h"

static void check_result(const char *name, size_t want_metrics_min)
{
	char path[512];
	json_t *result, *v;
	size_t i;

	snprintf(path, sizeof(path), "%s/lab/%s", FIXTURES_DIR, name);
	result = json_load_file(path, 0, NULL);
	assert_non_null(result);
	json_array_foreach(json_object_get(result, "variants"), i, v) {
		json_t *saved = json_deep_copy(json_object_get(v, "metrics"));
		json_t *now, *val;
		const char *key;

		metrics_fill(v);
		now = json_object_get(v, "metrics");
		assert_true(json_object_size(now) >= want_metrics_min);
		/* Every metric saved then is computed now (new ones may
		 * have been added since). */
		assert_true(json_object_size(now) >= json_object_size(saved));
		json_object_foreach(saved, key, val) {
			double a = json_number_value(val), b;

			assert_int_equal(jpath_num(now, key, &b), 0);
			if (fabs(a - b) > 1e-9 * (fabs(a) + 1))
				fail_msg("%s %s: %s was %.17g, now %.17g", name,
					 jpath_str(v, "name"), key, a, b);
		}
		json_decref(saved);
	}
	json_decref(result);
}

static void test_tcg_result(void **state)
{
	(void)state;
	check_result("result.tcg-jemalloc-dontneed.json", 20);
}

static void test_nested_result(void **state)
{
	(void)state;
	check_result("result.nested-madvise-flood.json", 28);
}

static void test_every_metric_names_its_source(void **state)
{
	(void)state;
	for (const struct metric *m = metrics; m->name; m++) {
		assert_true(m->source || m->source_path);
		assert_true(m->get || m->path);
		assert_non_null(m->unit);
		assert_ptr_equal(metric_find(m->name), m);
	}
	assert_null(metric_find("no_such_metric"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcg_result),
		cmocka_unit_test(test_nested_result),
		cmocka_unit_test(test_every_metric_names_its_source),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
