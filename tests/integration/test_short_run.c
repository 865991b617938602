/* test_short_run.c - boot the real guest with a short madvise flood and
 * check that both sides measured it and agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "itest.h"
#include "jpath.h"

static void test_short_flood(void **state)
{
	struct itest_run r;
	json_t *v;
	double host, guest_tlb, calls, agree;

	(void)state;
	itest_tlblab(&r, "tests/integration/scenarios/short-flood.ini", 150,
		     NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.output, "SUMMARY: PASS"));
	assert_non_null(r.result);
	v = json_array_get(json_object_get(r.result, "variants"), 0);
	assert_string_equal(jpath_str(v, "status"), "ok");
	assert_string_equal(jpath_str(v, "mode"), "tcg");
	assert_non_null(jpath_str(r.result, "images.kernel_release"));
	assert_int_equal(jpath_num(v, "metrics.host_ipis", &host), 0);
	assert_int_equal(jpath_num(v, "metrics.guest_tlb", &guest_tlb), 0);
	assert_int_equal(jpath_num(v, "metrics.madvise_dontneed", &calls), 0);
	assert_int_equal(jpath_num(v, "metrics.ipi_agreement", &agree), 0);
	/* 300 DONTNEED calls, each shooting down the bystander's TLB. */
	assert_true(calls == 300);
	assert_true(guest_tlb >= 270);
	assert_true(host >= 270);
	assert_true(agree >= 0.9 && agree <= 1.1);
	itest_free(&r);
}

/* Two boots: each metric the mean of both, with its spread; the latency
 * histograms and the agent's scheduler counts pooled; both boots kept. */
static void test_short_flood_repeated(void **state)
{
	struct itest_run r;
	json_t *v, *sched;
	double calls, n, count, run_s, nivcsw;

	(void)state;
	itest_tlblab(&r, "tests/integration/scenarios/short-flood.ini", 250,
		     "--repeat", "2", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.output, "boot 2 of 2 of each variant"));
	assert_non_null(strstr(r.output, "sample standard deviation over 2 "
				 "boots"));
	assert_non_null(r.result);
	v = json_array_get(json_object_get(r.result, "variants"), 0);
	assert_string_equal(jpath_str(v, "status"), "ok");
	assert_int_equal(json_integer_value(json_object_get(v, "repeats_ok")), 2);
	assert_int_equal(json_array_size(json_object_get(v, "repeats")), 2);
	assert_int_equal(jpath_num(v, "metrics.madvise_dontneed", &calls), 0);
	assert_true(calls == 300);
	assert_int_equal(jpath_num(v, "metrics_spread.lat_mean_us.n", &n), 0);
	assert_true(n == 2);
	assert_int_equal(jpath_num(v, "guest.summary.latency_ns.count",
				   &count), 0);
	assert_true(count == 600);
	/* The initiator's scheduler counts, over both boots' loops. */
	sched = json_array_get(jpath_get(v, "guest.summary.sched"), 0);
	assert_true(json_is_true(json_object_get(sched, "hot")));
	assert_int_equal(jpath_num(sched, "run_s", &run_s), 0);
	assert_int_equal(jpath_num(sched, "nivcsw", &nivcsw), 0);
	assert_true(run_s > 0 && nivcsw >= 0);
	itest_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_flood),
		cmocka_unit_test(test_short_flood_repeated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
