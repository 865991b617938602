/* test_threadsched.c - the schedstat parser (good and malformed text), the
 * delta, and the calling thread's own counters on this machine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "threadsched.h"

static void test_parse(void **state)
{
	/* This machine's /proc/thread-self/schedstat, 2026-12-06. */
	const char *t = "1234567 89012 345\n";
	struct thread_sched s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(thread_sched_parse(t, strlen(t), &s, NULL), 0);
	assert_int_equal(s.have_schedstat, 1);
	assert_int_equal(s.run_ns, 1234567);
	assert_int_equal(s.wait_ns, 89012);
	assert_int_equal(s.slices, 345);
}

static void expect_error(const char *t, const char *field)
{
	struct thread_sched s;
	struct parse_error err;

	memset(&s, 0, sizeof(s));
	memset(&err, 0, sizeof(err));
	assert_int_equal(thread_sched_parse(t, strlen(t), &s, &err), -1);
	assert_string_equal(err.field, field);
	assert_int_equal(s.have_schedstat, 0);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("", "run_ns");
	expect_error("12 34\n", "slices");
	expect_error("12 x 5\n", "wait_ns");
	expect_error("-1 2 3\n", "run_ns");
	expect_error("1 2 3 4\n", "schedstat");
	expect_error("99999999999999999999999 1 2\n", "run_ns");
	expect_error("0000000000000000000000000000000000001 1 2\n", "run_ns");
}

static void test_delta(void **state)
{
	struct thread_sched a = { 1, 100, 10, 3, 4, 5, 0 };
	struct thread_sched b = { 1, 350, 30, 7, 6, 9, 1 };
	struct thread_sched d;

	(void)state;
	thread_sched_delta(&a, &b, &d);
	assert_int_equal(d.have_schedstat, 1);
	assert_int_equal(d.run_ns, 250);
	assert_int_equal(d.wait_ns, 20);
	assert_int_equal(d.slices, 4);
	assert_int_equal(d.nvcsw, 2);
	assert_int_equal(d.nivcsw, 4);
	assert_int_equal(d.cpu, 1);
	a.have_schedstat = 0;
	thread_sched_delta(&a, &b, &d);
	assert_int_equal(d.have_schedstat, 0);
}

/* This thread spins 20 ms, then sleeps 3 times: its run time grows by
 * about the spin, and each sleep is a voluntary switch. */
static void test_self(void **state)
{
	struct thread_sched a, b, d;
	struct timespec t0, t;
	const struct timespec nap = { 0, 1000000 };

	(void)state;
	thread_sched_self(&a);
	if (!a.have_schedstat)
		skip();		/* a kernel without CONFIG_SCHED_INFO */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000000L + t.tv_nsec - t0.tv_nsec <
	       20000000L);
	for (int i = 0; i < 3; i++)
		nanosleep(&nap, NULL);
	thread_sched_self(&b);
	thread_sched_delta(&a, &b, &d);
	assert_true(d.run_ns >= 20000000u);
	assert_true(d.run_ns < 2000000000u);
	assert_true(d.nvcsw >= 3);
	assert_true(d.slices >= 3);
	assert_true(d.cpu >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
