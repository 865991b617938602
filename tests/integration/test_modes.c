/* test_modes.c - a mode this machine cannot run is a SKIP (exit 4) that
 * says why, never a silent pass; doctor proves KVM by booting a guest. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "itest.h"
#include "jpath.h"
#include "spawn.h"

static void test_doctor_and_kvm_skip(void **state)
{
	char tlblab[512], *argv[] = { tlblab, "doctor", NULL }, *out = NULL;
	struct itest_run r;
	int rc, kvm_usable;

	(void)state;
	snprintf(tlblab, sizeof(tlblab), "%s/build/bin/tlblab", TOP_DIR);
	rc = run_capture(argv, 120000, 1, 65536, &out);
	printf("%s", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "mode tcg               usable"));
	kvm_usable = strstr(out, "mode kvm               usable") != NULL;
	free(out);
	if (kvm_usable) {
		skip();	/* a real KVM host: nothing to refuse */
		return;
	}
	itest_tlblab(&r, "tests/integration/scenarios/short-flood.ini", 120,
		     "--accel", "kvm", NULL);
	assert_int_equal(r.status, 4);
	assert_non_null(strstr(r.output, "SKIP  default: accel kvm: KVM is not usable here"));
	assert_non_null(strstr(r.output, "SUMMARY: SKIP"));
	assert_non_null(r.result);
	assert_string_equal(jpath_str(json_array_get(json_object_get(r.result,
			    "variants"), 0), "status"), "skipped");
	itest_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doctor_and_kvm_skip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
