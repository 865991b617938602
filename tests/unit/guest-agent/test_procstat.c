/* test_procstat.c - /proc/stat CPU-time parser on the workstation and a
 * 4-vCPU TCG guest, the window arithmetic, and malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "procstat.h"
#include "fixture.h"

static struct cpu_times ct, ct2;

static int parse_fixture(const char *name)
{
	size_t len;
	char *buf = fixture(name, &len);
	int rc = procstat_parse(buf, len, &ct, NULL);

	free(buf);
	return rc;
}

static void test_workstation(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("guest-agent/stat.workstation-2026-11-23"), 0);
	/* "cpu  9839 0 3936 190641 402 0 51 10 0 0" */
	assert_int_equal(ct.tick[CPU_USER], 9839);
	assert_int_equal(ct.tick[CPU_SYSTEM], 3936);
	assert_int_equal(ct.tick[CPU_IDLE], 190641);
	assert_int_equal(ct.tick[CPU_IOWAIT], 402);
	assert_int_equal(ct.tick[CPU_SOFTIRQ], 51);
	assert_int_equal(ct.tick[CPU_STEAL], 10);
	assert_int_equal(ct.ncpus, 2);
}

static void test_tcg_guest(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("guest-agent/stat.tcg-guest-4cpu-after-flood"), 0);
	/* "cpu  55 0 257 2575 0 0 5 0 0 0" */
	assert_int_equal(ct.tick[CPU_USER], 55);
	assert_int_equal(ct.tick[CPU_SYSTEM], 257);
	assert_int_equal(ct.tick[CPU_IDLE], 2575);
	assert_int_equal(ct.ncpus, 4);
}

static void test_window(void **state)
{
	const char *a = "cpu  100 10 200 1000 5 1 4 0 0 0\n";
	const char *b = "cpu  150 10 500 1100 5 2 8 40 0 0\n";
	struct cpu_window w;

	(void)state;
	assert_int_equal(procstat_parse(a, strlen(a), &ct, NULL), 0);
	assert_int_equal(procstat_parse(b, strlen(b), &ct2, NULL), 0);
	cpu_times_window(&ct, &ct2, 100, &w);
	/* user 50, sys 300+1+4 = 305, idle 100, steal 40, all 495 ticks */
	assert_float_equal(w.user_s, 0.50, 1e-9);
	assert_float_equal(w.sys_s, 3.05, 1e-9);
	assert_float_equal(w.idle_s, 1.00, 1e-9);
	assert_float_equal(w.steal_s, 0.40, 1e-9);
	assert_float_equal(w.sys_pct, 305.0 / 495.0 * 100.0, 1e-9);
	/* Nothing elapsed: no division by zero. */
	cpu_times_window(&ct, &ct, 100, &w);
	assert_float_equal(w.sys_pct, 0.0, 0);
}

static void test_old_kernel_four_fields(void **state)
{
	const char *text = "cpu 1 2 3 4\ncpu0 1 2 3 4\n";

	(void)state;
	assert_int_equal(procstat_parse(text, strlen(text), &ct, NULL), 0);
	assert_int_equal(ct.tick[CPU_IDLE], 4);
	assert_int_equal(ct.tick[CPU_STEAL], 0);
}

static void expect_error(const char *text, unsigned line, const char *field)
{
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(procstat_parse(text, strlen(text), &ct, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("", 0, "cpu");
	expect_error("intr 1 2 3\n", 0, "cpu");
	expect_error("cpu0 1 2 3 4\ncpu 1 2 3 4\n", 1, "cpu");
	expect_error("cpu 1 2 3 4\ncpu 1 2 3 4\n", 2, "cpu");
	expect_error("cpu 1 2 x 4\n", 1, "system");
	expect_error("cpu 1 2 3\n", 1, "idle");
	expect_error("cpu 1 -2 3 4\n", 1, "nice");
	expect_error("cpu 1 2 3 4\ncpuX 1 2 3 4\n", 2, "cpuN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workstation),
		cmocka_unit_test(test_tcg_guest),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_old_kernel_four_fields),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
