/* test_guest_failures.c - guests that never answer, freeze, panic, or are
 * interrupted: a one-line error naming the phase, exit status 2, partial
 * results kept in result.json, and no QEMU left running. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fileio.h"
#include "itest.h"
#include "jpath.h"
#include "spawn.h"

static void check_error_run(const char *file, const char *marker,
			    const char *phase, const char *why,
			    int want_hello)
{
	char path[256], line[256];
	struct itest_run r;
	json_t *v;

	snprintf(path, sizeof(path), "tests/integration/scenarios/%s", file);
	itest_tlblab(&r, path, 150, NULL);
	assert_int_equal(r.status, 2);
	snprintf(line, sizeof(line), ": %s: ", phase);
	if (!strstr(r.output, line) || !strstr(r.output, why))
		fail_msg("%s: want \"%s\" and \"%s\" in:\n%s", file, line, why,
			 r.output);
	assert_non_null(r.result);
	v = json_array_get(json_object_get(r.result, "variants"), 0);
	assert_string_equal(jpath_str(v, "status"), "error");
	assert_string_equal(jpath_str(v, "error.phase"), phase);
	assert_string_equal(jpath_str(r.result, "verdict"), "ERROR");
	if (want_hello)	/* what was measured before the failure is kept */
		assert_non_null(json_object_get(jpath_get(v, "guest"), "hello"));
	assert_int_equal(itest_count_procs(marker), 0);
	itest_free(&r);
}

static void test_guest_never_answers(void **state)
{
	(void)state;
	check_error_run("guest-silent.ini", "tlbtest.marker=guest-silent",
			"boot", "no hello from the agent within 8 s", 0);
}

static void test_guest_freezes_after_hello(void **state)
{
	(void)state;
	check_error_run("guest-frozen.ini", "tlbtest.marker=guest-frozen",
			"workload", "watchdog", 1);
}

static void test_guest_kernel_panics(void **state)
{
	(void)state;
	check_error_run("guest-panics.ini", "tlbtest.marker=guest-panics",
			"boot", "guest kernel panic", 0);
}

static void test_interrupt_keeps_partial_results(void **state)
{
	char tlblab[512], scen[512], results[] = "/tmp/tlblab-itest.XXXXXX";
	char *argv[8], path[600];
	json_t *result, *variants;
	int status = 0, fd;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(results));
	snprintf(tlblab, sizeof(tlblab), "%s/build/bin/tlblab", TOP_DIR);
	snprintf(scen, sizeof(scen),
		 "%s/tests/integration/scenarios/interrupted.ini", TOP_DIR);
	argv[0] = tlblab;
	argv[1] = "run";
	argv[2] = scen;
	argv[3] = "--results";
	argv[4] = results;
	argv[5] = NULL;
	fd = fileno(stdout);
	pid = spawn_child(argv, fd, fd);
	assert_true(pid > 0);
	/* Let the first variant boot and start its workload. */
	for (int i = 0; i < 300 && !itest_count_procs("tlbtest.marker=interrupted"); i++)
		usleep(100000);
	sleep(6);
	kill(pid, SIGINT);
	assert_int_equal(wait_child(pid, 30000, &status), 1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_int_equal(itest_count_procs("tlbtest.marker=interrupted"), 0);

	snprintf(path, sizeof(path), "%s/interrupted/latest/result.json", results);
	result = json_load_file(path, 0, NULL);
	assert_non_null(result);
	variants = json_object_get(result, "variants");
	assert_int_equal(json_array_size(variants), 2);
	assert_string_equal(jpath_str(json_array_get(variants, 0), "error.message"),
			    "interrupted");
	assert_string_equal(jpath_str(json_array_get(variants, 1), "status"),
			    "skipped");
	json_decref(result);
	{
		char *rm[] = { "rm", "-rf", results, NULL }, *out = NULL;

		run_capture(rm, 30000, 1, 4096, &out);
		free(out);
	}
}

/* Even a lab killed with SIGKILL (no cleanup code runs) leaves no QEMU:
 * its children die with it (PR_SET_PDEATHSIG). */
static void test_killed_lab_leaves_no_qemu(void **state)
{
	char tlblab[512], scen[512], results[] = "/tmp/tlblab-itest.XXXXXX";
	char *argv[] = { tlblab, "run", scen, "--results", results, NULL };
	int status = 0, left = -1;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(results));
	snprintf(tlblab, sizeof(tlblab), "%s/build/bin/tlblab", TOP_DIR);
	snprintf(scen, sizeof(scen),
		 "%s/tests/integration/scenarios/interrupted.ini", TOP_DIR);
	pid = spawn_child(argv, -1, -1);
	assert_true(pid > 0);
	for (int i = 0; i < 300 && !itest_count_procs("tlbtest.marker=interrupted"); i++)
		usleep(100000);
	assert_int_equal(itest_count_procs("tlbtest.marker=interrupted"), 1);
	kill(pid, SIGKILL);
	assert_int_equal(wait_child(pid, 10000, &status), 1);
	for (int i = 0; i < 50 && left; i++) {
		usleep(100000);
		left = itest_count_procs("tlbtest.marker=interrupted");
	}
	assert_int_equal(left, 0);
	{
		char *rm[] = { "rm", "-rf", results, NULL }, *out = NULL;

		run_capture(rm, 30000, 1, 4096, &out);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_never_answers),
		cmocka_unit_test(test_guest_freezes_after_hello),
		cmocka_unit_test(test_guest_kernel_panics),
		cmocka_unit_test(test_interrupt_keeps_partial_results),
		cmocka_unit_test(test_killed_lab_leaves_no_qemu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
