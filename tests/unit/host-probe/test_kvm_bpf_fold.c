/*
 * test_kvm_bpf_fold.c - the lean plan's numbers, from the BPF maps as the
 * kernel hands them out to the JSON members the lab reads
 * (docs/probe-protocol.md): per-CPU per-reason stats and per-thread rows
 * (fixtures below: the shapes of bpf/kvm_exit_time.h, the counts of a
 * nested madvise-flood run in L1) are folded (kvm_bpf_fold.c), filled
 * into the snapshot beside the two perf counters the plan keeps, and
 * written as the counts block - cumulative and for a window.
 */
#include <linux/types.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend_kvm.h"
#include "kvm_exit_time.h"
#include "kvm_json.h"

#define L1	FIXTURES_DIR "/host-probe/tracefs-l1-6.1"
#define NCPUS	2
#define QEMU	106

/* Per-reason values of one process, per CPU (PERCPU_HASH lookups). */
struct stat_fixture {
	uint32_t reason;
	struct ket_stat cpu[NCPUS];
};

/* SVM: msr 0x7c, interrupt 0x60, io 0x7b, hlt 0x78, npf 0x400, cpuid
 * 0x72: 19,358 exits, as the thread rows below. */
static const struct stat_fixture stats_at_end[] = {
	{ 0x7c, { { .count = 3000, .timed = 3000, .sum_ns = 90000000,
		    .max_ns = 3759680, .hist = { [15] = 2900, [18] = 100 } },
		  { .count = 1604, .timed = 1603, .sum_ns = 84790000,
		    .max_ns = 900000, .hist = { [15] = 1603 } } } },
	{ 0x60, { { .count = 4000, .timed = 4000, .sum_ns = 80000000,
		    .max_ns = 5625170, .hist = { [14] = 4000 } },
		  { .count = 811, .timed = 811, .sum_ns = 11080000,
		    .max_ns = 200000, .hist = { [14] = 811 } } } },
	{ 0x7b, { { .count = 5844, .timed = 5844, .sum_ns = 935946000,
		    .max_ns = 47770420, .hist = { [17] = 5844 } },
		  { 0 } } },
	{ 0x78, { { .count = 300, .timed = 300, .sum_ns = 1000000000,
		    .max_ns = 999728750, .hist = { [21] = 300 } },
		  { .count = 313, .timed = 313, .sum_ns = 1310000000,
		    .max_ns = 9000000, .hist = { [21] = 313 } } } },
	{ 0x400, { { .count = 1734, .timed = 1734, .sum_ns = 378842000,
		     .max_ns = 6913670, .hist = { [14] = 1734 } },
		   { 0 } } },
	{ 0x72, { { .count = 1000, .timed = 1000, .sum_ns = 14000000,
		    .max_ns = 525440, .hist = { [14] = 1000 } },
		  { .count = 752, .timed = 752, .sum_ns = 10000000,
		    .max_ns = 100000, .hist = { [14] = 752 } } } },
};

/* Thread rows (ARRAY lookups at tid % KET_THREAD_SLOTS). */
static const struct ket_thread row_110 = {
	.tid = 110, .tgid = QEMU,
	.n = { [KET_EXITS] = 11950, [KET_ENTRIES] = 11950,
	       [KET_MSR_WRITES] = 3215, [KET_ICR_WRITES] = 2244,
	       [KET_X2APIC_WRITES] = 2330, [KET_EOI_WRITES] = 80,
	       [KET_TMICT_WRITES] = 1, [KET_MSR_WRITE_EXITS] = 3215,
	       [KET_HLT_EXITS] = 291, [KET_APIC_IPIS] = 2246,
	       [KET_WAKEUPS] = 280, [KET_PV_TLB_FLUSHES] = 1,
	       [KET_TSCDL_WRITES] = 800 },
};
static const struct ket_thread row_111 = {
	.tid = 111, .tgid = QEMU,
	.n = { [KET_EXITS] = 7408, [KET_ENTRIES] = 7408,
	       [KET_MSR_WRITES] = 1161, [KET_ICR_WRITES] = 197,
	       [KET_X2APIC_WRITES] = 347, [KET_EOI_WRITES] = 85,
	       [KET_TMICT_WRITES] = 1, [KET_MSR_WRITE_EXITS] = 1161,
	       [KET_HLT_EXITS] = 322, [KET_APIC_IPIS] = 197,
	       [KET_WAKEUPS] = 312, [KET_TSCDL_WRITES] = 801 },
};

struct fx {
	struct kvm_tracepoints tp;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	unsigned n;
	struct kvm_snapshot begin, end, diff;
};

/* Half of every count: the snapshot at the window's begin. */
static struct ket_thread half_row(const struct ket_thread *r)
{
	struct ket_thread h = *r;

	for (int i = 0; i < KET_NCOUNTS; i++)
		h.n[i] /= 2;
	return h;
}

/* A snapshot as read_all() makes it: the perf counters (exits and ICR
 * writes per thread), then the maps folded, then the BPF counts filled. */
static void snapshot(struct fx *f, struct kvm_snapshot *s, int half)
{
	const struct ket_thread *rows[2] = { &row_110, &row_111 };
	/* the row at 120's slot is another process's thread's: zeros */
	struct ket_thread foreign = row_111;
	struct ket_thread h[2];

	foreign.tgid = QEMU + 1;
	memset(s, 0, sizeof(*s));
	s->nthreads = 3;
	for (unsigned i = 0; i < 2; i++) {
		h[i] = half ? half_row(rows[i]) : *rows[i];
		s->th[i].tid = (pid_t)rows[i]->tid;
		s->th[i].vcpu = (int)i;
		/* the counters agree with BPF, exits but for one */
		s->th[i].v[KC_EXITS] = h[i].n[KET_EXITS] - (i == 0);
		s->th[i].v[KC_ICR_WRITES] = h[i].n[KET_ICR_WRITES];
		s->total[KC_EXITS] += s->th[i].v[KC_EXITS];
		s->total[KC_ICR_WRITES] += s->th[i].v[KC_ICR_WRITES];
		/* BPF answers for every planned count: fill must clear */
		s->th[i].v[KC_HLT_EXITS] = 999999;
	}
	s->th[2].tid = 120;	/* QEMU's main thread: never exits */
	s->th[2].vcpu = -1;
	s->have_times = 1;
	for (size_t r = 0; r < sizeof(stats_at_end) / sizeof(*stats_at_end);
	     r++) {
		struct ket_stat v[NCPUS];

		memcpy(v, stats_at_end[r].cpu, sizeof(v));
		for (int c = 0; half && c < NCPUS; c++) {
			v[c].count /= 2;
			v[c].timed /= 2;
			v[c].sum_ns /= 2;
			for (int b = 0; b < KET_HIST_SLOTS; b++)
				v[c].hist[b] /= 2;
		}
		assert_int_equal(kvm_bpf_fold_stat(&s->times,
				 stats_at_end[r].reason, v, NCPUS), 0);
	}
	assert_int_equal(kvm_bpf_fold_thread(&s->times, 110, QEMU, &h[0]), 0);
	assert_int_equal(kvm_bpf_fold_thread(&s->times, 111, QEMU, &h[1]), 0);
	assert_int_equal(kvm_bpf_fold_thread(&s->times, 120, QEMU, &foreign),
			 0);
	kvm_bpf_fold_done(&s->times);
	s->times.counts = 1;
	s->times.timing = 1;
	s->times.lost = half ? 0 : 2;
	s->times.misses = half ? 0 : 1;
	kvm_snapshot_fill_bpf(f->c, f->n, s);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct kvm_plan p;
	char why[256];
	int n;

	if (!f || kvm_tracepoints_load(&f->tp, L1, KVM_ISA_SVM, why,
				       sizeof(why)) ||
	    kvm_plan_parse("lean", &p, why, sizeof(why)))
		return -1;
	n = kvm_counters_plan_for(&f->tp, &p, 1, f->c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	if (n < 0)
		return -1;
	f->n = (unsigned)n;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_fold(void **state)
{
	struct fx *f = *state;
	const struct kvm_exit_times *t;

	snapshot(f, &f->end, 0);
	t = &f->end.times;
	/* reasons sorted by code, per-CPU values summed, max the largest */
	assert_int_equal(t->n, 6);
	assert_int_equal(t->r[0].reason, 0x60);
	assert_int_equal(t->r[5].reason, 0x400);
	assert_int_equal(t->r[4].reason, 0x7c);
	assert_int_equal(t->r[4].count, 4604);
	assert_int_equal(t->r[4].timed, 4603);
	assert_int_equal(t->r[4].sum_ns, 174790000);
	assert_int_equal(t->r[4].max_ns, 3759680);
	assert_int_equal(t->r[4].hist[15], 4503);
	/* rows in the order asked for; not ours: zeros */
	assert_int_equal(t->nthreads, 3);
	assert_int_equal(t->th[1].tid, 111);
	assert_int_equal(t->th[1].n[KC_HLT_EXITS], 322);
	assert_int_equal(t->th[2].tid, 120);
	assert_int_equal(t->th[2].n[KC_EXITS], 0);
	assert_int_equal(t->total[KC_MSR_WRITES], 4376);
	assert_int_equal(t->total[KC_ICR_WRITES], 2441);
	/* filled: BPF counts where the plan has no perf counter */
	assert_int_equal(f->end.total[KC_MSR_WRITES], 4376);
	assert_int_equal(f->end.th[0].v[KC_HLT_EXITS], 291);
	assert_int_equal(f->end.th[2].v[KC_HLT_EXITS], 0);
	/* ... and the perf counters where it has them */
	assert_int_equal(f->end.total[KC_EXITS], 19357);
	assert_int_equal(kvm_snapshot_lost(&f->end), 3);
	assert_int_equal(kvm_bpf_thread_slot(16384 + 110), 110);
}

/* The number at a dotted path ("msr_writes.0x830"); fails the test when
 * there is none. */
static double num(const json_t *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o;
	     k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	if (!json_is_number(o))
		fail_msg("no number at %s", path);
	return json_number_value(o);
}

/* The members the lab reads (lab/metrics.c, lab/probe_stream.c). */
static void test_counts_json(void **state)
{
	struct fx *f = *state;
	json_t *o;

	snapshot(f, &f->end, 0);
	o = kvm_counts_json_of(&f->tp, f->c, f->n, &f->end,
			       KVM_JSON_VCPUS | KVM_JSON_TIMES | KVM_JSON_HIST);
	assert_non_null(o);
	assert_int_equal(json_object_size(json_object_get(o, "counters")),
			 KC_NFIXED);
	assert_true(num(o, "counters.exits") == 19357);
	assert_true(num(o, "counters.icr_writes") == 2441);
	assert_true(num(o, "counters.msr_writes") == 4376);
	assert_true(num(o, "counters.msr_write_exits") == 4376);
	assert_true(num(o, "counters.entries") == 19358);
	assert_true(num(o, "counters.wakeups") == 592);
	assert_true(num(o, "counters.pv_tlb_flushes") == 1);
	assert_true(num(o, "msr_writes.0x830") == 2441);
	assert_true(num(o, "msr_writes.0x6e0") == 1601);
	assert_true(num(o, "msr_writes.0x80b") == 165);
	assert_true(num(o, "msr_writes.0x838") == 2);
	assert_true(num(o, "msr_writes.x2apic") == 2677);
	assert_true(num(o, "msr_writes.all") == 4376);
	assert_true(num(o, "exits_by_reason.io") == 5844);
	assert_true(num(o, "exits_by_reason.msr") == 4604);
	assert_string_equal(json_string_value(json_object_get(o,
			    "exits_by_reason_source")), "bpf");
	assert_true(num(o, "exit_times.msr.avg_ns") == 174790000 / 4603);
	assert_true(num(o, "exit_times.msr.max_ns") == 3759680);
	assert_true(num(o, "exit_times.msr.p50_ns") == 65535);
	assert_true(num(o, "lost") == 3);
	/* the stats saw 19358 exits, the counter 19357 */
	assert_true(num(o, "exits_bpf_minus_counter") == 1);
	assert_true(num(o, "icr_writes_bpf_minus_counter") == 0);
	/* vcpus: perf exits and ICR writes, BPF halts and wake-ups; the
	 * main thread (no vCPU, no exits) is left out */
	assert_int_equal(json_array_size(json_object_get(o, "vcpus")), 2);
	assert_true(num(json_array_get(json_object_get(o, "vcpus"), 0),
			"exits") == 11949);
	assert_true(num(json_array_get(json_object_get(o, "vcpus"), 1),
			"hlt_exits") == 322);
	assert_true(num(json_array_get(json_object_get(o, "vcpus"), 1),
			"msr_write_exits") == 1161);
	json_decref(o);
}

/* A window: the difference of two snapshots, BPF-filled counts and the
 * two proofs included. */
static void test_window_json(void **state)
{
	struct fx *f = *state;
	json_t *o;

	snapshot(f, &f->begin, 1);
	snapshot(f, &f->end, 0);
	kvm_snapshot_diff(&f->begin, &f->end, &f->diff);
	o = kvm_counts_json_of(&f->tp, f->c, f->n, &f->diff,
			       KVM_JSON_TIMES);
	assert_non_null(o);
	assert_true(num(o, "counters.msr_writes") == 4376 - (3215 / 2 +
							     1161 / 2));
	assert_true(num(o, "msr_writes.0x830") == 2441 - (2244 / 2 +
							  197 / 2));
	assert_true(num(o, "counters.icr_writes") == 2441 - (2244 / 2 +
							     197 / 2));
	assert_true(num(o, "icr_writes_bpf_minus_counter") == 0);
	/* the counter agreed at the begin and was one short at the end */
	assert_true(num(o, "exits_bpf_minus_counter") == 1);
	assert_true(num(o, "lost") == 3);
	assert_null(json_object_get(o, "vcpus"));
	json_decref(o);
	/* the BPF side's own rows are differences too */
	assert_int_equal(f->diff.times.total[KC_HLT_EXITS],
			 613 - (291 / 2 + 322 / 2));
	assert_int_equal(f->diff.times.th[0].n[KC_EXITS],
			 11950 - 11950 / 2);
}

/* The full plan with times: no per-thread BPF counts, no ICR proof. */
static void test_full_plan_json(void **state)
{
	struct fx *f = *state;
	struct kvm_plan p;
	char why[256];
	int n;
	json_t *o;

	assert_int_equal(kvm_plan_parse("full", &p, why, sizeof(why)), 0);
	n = kvm_counters_plan_for(&f->tp, &p, 1, f->c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_true(n > KC_NFIXED);
	f->n = (unsigned)n;
	snapshot(f, &f->end, 0);
	f->end.times.counts = 0;
	o = kvm_counts_json_of(&f->tp, f->c, f->n, &f->end, KVM_JSON_TIMES);
	assert_non_null(o);
	/* the perf counter (not opened in this fixture: 0), not BPF's */
	assert_true(num(o, "counters.msr_writes") == 0);
	assert_null(json_object_get(o, "icr_writes_bpf_minus_counter"));
	assert_non_null(json_object_get(o, "exits_bpf_minus_counter"));
	json_decref(o);
}

/* Counting without timing (--no-times): the breakdown by reason stays,
 * exit_times is null. */
static void test_no_times_json(void **state)
{
	struct fx *f = *state;
	json_t *o;

	snapshot(f, &f->end, 0);
	f->end.times.timing = 0;
	o = kvm_counts_json_of(&f->tp, f->c, f->n, &f->end, KVM_JSON_TIMES);
	assert_non_null(o);
	assert_true(json_is_null(json_object_get(o, "exit_times")));
	assert_true(num(o, "exits_by_reason.msr") == 4604);
	assert_true(num(o, "counters.hlt_exits") == 613);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_json, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_window_json, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_full_plan_json, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_times_json, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
