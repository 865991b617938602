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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_flood),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
