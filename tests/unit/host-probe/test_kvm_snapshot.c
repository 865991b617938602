/*
 * test_kvm_snapshot.c - window arithmetic of the kvm backend: differences
 * of cumulative snapshots by thread and by reason (threads that appear
 * late count from zero; max is since attach), lost events, and
 * percentiles of the BPF log2 histogram.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend_kvm.h"

static void test_diff(void **state)
{
	static struct kvm_snapshot a, b, d;

	(void)state;
	a.nthreads = 1;
	a.th[0].tid = 100;
	a.th[0].v[KC_EXITS] = 10;
	a.th[0].v[KC_ICR_WRITES] = 3;
	a.total[KC_EXITS] = 10;
	a.total[KC_ICR_WRITES] = 3;
	a.have_times = 1;
	a.times.n = 1;
	a.times.r[0].reason = 0x7c;
	a.times.r[0].count = 4;
	a.times.r[0].timed = 4;
	a.times.r[0].sum_ns = 400;
	a.times.r[0].max_ns = 150;
	a.times.r[0].hist[6] = 4;
	a.times.lost = 1;

	b = a;
	b.nthreads = 2;		/* thread 200 appeared after a */
	b.th[0].tid = 200;
	b.th[0].v[KC_EXITS] = 7;
	b.th[1].tid = 100;
	b.th[1].v[KC_EXITS] = 25;
	b.th[1].v[KC_ICR_WRITES] = 9;
	b.total[KC_EXITS] = 32;
	b.total[KC_ICR_WRITES] = 9;
	b.times.n = 2;
	b.times.r[0].count = 10;
	b.times.r[0].timed = 9;
	b.times.r[0].sum_ns = 1300;
	b.times.r[0].max_ns = 500;
	b.times.r[0].hist[6] = 6;
	b.times.r[0].hist[8] = 3;
	b.times.r[1].reason = 0x78;
	b.times.r[1].count = 2;
	b.times.lost = 1;

	kvm_snapshot_diff(&a, &b, &d);
	assert_int_equal(d.total[KC_EXITS], 22);
	assert_int_equal(d.total[KC_ICR_WRITES], 6);
	assert_int_equal(d.th[0].tid, 200);
	assert_int_equal(d.th[0].v[KC_EXITS], 7);
	assert_int_equal(d.th[1].v[KC_EXITS], 15);
	assert_int_equal(d.th[1].v[KC_ICR_WRITES], 6);
	assert_int_equal(d.times.r[0].count, 6);
	assert_int_equal(d.times.r[0].timed, 5);
	assert_int_equal(d.times.r[0].sum_ns, 900);
	assert_int_equal(d.times.r[0].max_ns, 500);
	assert_int_equal(d.times.r[0].hist[6], 2);
	assert_int_equal(d.times.r[0].hist[8], 3);
	assert_int_equal(d.times.r[1].count, 2);
	assert_int_equal(d.times.lost, 0);
	assert_int_equal(kvm_snapshot_lost(&d), 0);
	d.not_running = 2;
	assert_int_equal(kvm_snapshot_lost(&d), 2);
}

static void test_percentiles(void **state)
{
	struct kvm_exit_time t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(kvm_exit_time_percentile(&t, 50), 0);
	/* 90 exits in [1024, 2047] ns, 10 in [65536, 131071] ns */
	t.hist[10] = 90;
	t.hist[16] = 10;
	t.max_ns = 100000;
	assert_int_equal(kvm_exit_time_slot_high(10), 2047);
	assert_int_equal(kvm_exit_time_percentile(&t, 50), 2047);
	assert_int_equal(kvm_exit_time_percentile(&t, 90), 2047);
	assert_int_equal(kvm_exit_time_percentile(&t, 91), 100000);
	assert_int_equal(kvm_exit_time_percentile(&t, 100), 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_percentiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
