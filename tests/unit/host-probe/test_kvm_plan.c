/*
 * test_kvm_plan.c - which counters the kvm backend opens (kvm_events.h):
 * --counters parsing, the lean and key-list plans against the L1 tracefs
 * fixture, and the backend's choice when the BPF program loads, loads
 * without its count programs, or not at all (a fake loader: no BPF and no
 * perf counter is opened here; plans are made at probe_open).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "backend_kvm.h"
#include "kvm_events.h"
#include "counter_find.h"

#define L1	FIXTURES_DIR "/host-probe/tracefs-l1-6.1"

static void test_parse(void **state)
{
	struct kvm_plan p;
	char why[512] = "";

	(void)state;
	assert_int_equal(kvm_plan_parse(NULL, &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_AUTO);
	assert_int_equal(kvm_plan_parse("auto", &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_AUTO);
	assert_int_equal(kvm_plan_parse("full", &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_FULL);
	assert_int_equal(kvm_plan_parse("lean", &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_LEAN);
	assert_int_equal(p.perf, (1u << KC_EXITS) | (1u << KC_ICR_WRITES));
	assert_int_equal(kvm_plan_parse("exits,icr_writes,hlt_exits", &p, why,
					sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_KEYS);
	assert_int_equal(p.perf, (1u << KC_EXITS) | (1u << KC_ICR_WRITES) |
			 (1u << KC_HLT_EXITS));
	assert_int_equal(kvm_plan_parse("none", &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_KEYS);
	assert_int_equal(p.perf, 0);
	assert_string_equal(kvm_plan_name(KVM_PLAN_LEAN), "lean");
	assert_string_equal(kvm_fixed_key(KC_TSCDL_WRITES),
			    "tscdeadline_writes");
	assert_null(kvm_fixed_key(KC_NFIXED));
}

static void test_parse_errors(void **state)
{
	struct kvm_plan p;
	char why[512] = "";

	(void)state;
	assert_int_equal(kvm_plan_parse("exits,bogus", &p, why, sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "--counters: no counter \"bogus\" (full, "
				    "lean, stats, auto, none or keys of: "
				    "exits entries"));
	assert_non_null(strstr(why, " tscdeadline_writes)"));
	assert_int_equal(kvm_plan_parse("exits,", &p, why, sizeof(why)), -1);
	assert_string_equal(why, "--counters: a key list ends in a comma");
	assert_int_equal(kvm_plan_parse(",exits", &p, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no counter \"\""));
	assert_int_equal(kvm_plan_parse("", &p, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "--counters: empty"));
	/* a tiny buffer still ends in a NUL */
	assert_int_equal(kvm_plan_parse("bogus", &p, why, 16), -1);
	assert_int_equal(strlen(why), 15);
}

static void test_lean_plan(void **state)
{
	static struct kvm_tracepoints t;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	struct kvm_plan p;
	char why[256] = "";
	int n;

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	assert_int_equal(kvm_plan_parse("lean", &p, why, sizeof(why)), 0);
	n = kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_int_equal(n, KC_NFIXED);
	for (int i = 0; i < n; i++) {
		int perf = i == KC_EXITS || i == KC_ICR_WRITES;

		assert_string_equal(c[i].key, kvm_fixed_key(i));
		assert_int_equal(c[i].present, perf);
		assert_int_equal(c[i].bpf, !perf);
		assert_false(c[i].is_reason);
	}
	/* the perf counters keep their filters and ids */
	assert_string_equal(c[KC_ICR_WRITES].filter,
			    "ecx == 0x830 && write == 1");
	assert_int_equal(c[KC_ICR_WRITES].tp_id, t.msr.id);
	assert_null(find(c, n, "exit:msr"));

	/* the same key list without BPF: the rest is not counted */
	n = kvm_counters_plan_for(&t, &p, 0, c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_int_equal(n, KC_NFIXED);
	assert_true(c[KC_EXITS].present && !c[KC_EXITS].bpf);
	assert_false(c[KC_MSR_WRITES].present || c[KC_MSR_WRITES].bpf);

	/* full: what kvm_counters_plan gives, reasons included */
	assert_int_equal(kvm_plan_parse("full", &p, why, sizeof(why)), 0);
	n = kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_true(n > KC_NFIXED);
	for (int i = 0; i < n; i++)
		assert_true(c[i].present && !c[i].bpf);
	assert_non_null(find(c, n, "exit:msr"));
}

/* Without a known ISA, reason codes mean nothing: neither perf nor BPF
 * counts msr_write_exits or hlt_exits; a kernel without an optional
 * event has no BPF count for it either. */
static void test_lean_plan_other_kernels(void **state)
{
	static struct kvm_tracepoints t;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	struct kvm_plan p;
	char why[256] = "";

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_NONE, why,
					      sizeof(why)), 0);
	assert_int_equal(kvm_plan_parse("none", &p, why, sizeof(why)), 0);
	assert_int_equal(kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS,
					       why, sizeof(why)), KC_NFIXED);
	assert_false(c[KC_MSR_WRITE_EXITS].present ||
		     c[KC_MSR_WRITE_EXITS].bpf);
	assert_false(c[KC_HLT_EXITS].present || c[KC_HLT_EXITS].bpf);
	assert_true(c[KC_EXITS].bpf && c[KC_ICR_WRITES].bpf);

	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	t.have_pv_tlb_flush = 0;
	assert_int_equal(kvm_plan_parse("lean", &p, why, sizeof(why)), 0);
	assert_int_equal(kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS,
					       why, sizeof(why)), KC_NFIXED);
	assert_false(c[KC_PV_TLB_FLUSHES].present ||
		     c[KC_PV_TLB_FLUSHES].bpf);
	assert_true(c[KC_WAKEUPS].bpf);
}

/* Time every exit where reading the clock is cheap, 1 in 16 where it is
 * a device (the nested L1 under TCG runs on the HPET). */
static void test_time_sample_auto(void **state)
{
	char root[] = "/tmp/tlbprobe-clock-XXXXXX", p[256], cmd[512];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(kvm_time_sample_auto(root), 1);	/* unknown */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sys/devices/system/"
		 "clocksource/clocksource0", root);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/sys/devices/system/clocksource/"
		 "clocksource0/current_clocksource", root);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("hpet\n", f);
	fclose(f);
	assert_int_equal(kvm_time_sample_auto(root), KVM_TIME_SAMPLE_SLOW);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("tsc\n", f);
	fclose(f);
	assert_int_equal(kvm_time_sample_auto(root), 1);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("kvm-clock\n", f);
	fclose(f);
	assert_int_equal(kvm_time_sample_auto(root), 1);
	snprintf(cmd, sizeof(cmd), "rm -r %s", root);
	assert_int_equal(system(cmd), 0);
}

/* A BPF loader that loads what the test allows. */
static int fail_counts, fail_all, opens;
static unsigned flags_seen[4];
static int token;

static int fake_open(struct kvm_bpf **out, unsigned flags, char *why,
		     size_t n)
{
	if (opens < 4)
		flags_seen[opens] = flags;
	opens++;
	if (fail_all || (fail_counts && (flags & KVM_BPF_COUNTS))) {
		snprintf(why, n, "no BPF here (test)");
		return -ENOSYS;
	}
	*out = (struct kvm_bpf *)&token;
	return 0;
}

static int fake_add_target(struct kvm_bpf *b, pid_t tgid)
{
	(void)b;
	(void)tgid;
	return 0;
}

static int fake_read(struct kvm_bpf *b, pid_t tgid, const pid_t *tids,
		     unsigned ntids, struct kvm_exit_times *out)
{
	(void)b;
	(void)tgid;
	(void)tids;
	(void)ntids;
	(void)out;
	return -EIO;
}

static void fake_close(struct kvm_bpf *b)
{
	assert_ptr_equal(b, &token);
}

static const struct kvm_times_ops fake_ops = {
	.open = fake_open,
	.add_target = fake_add_target,
	.read = fake_read,
	.close = fake_close,
};

struct fx {
	char sys[64];
};

/* A sysroot with /sys/module/kvm_amd: the fixture's kernel is SVM. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char p[128];

	if (!f)
		return -1;
	snprintf(f->sys, sizeof(f->sys), "/tmp/tlbprobe-plan-XXXXXX");
	if (!mkdtemp(f->sys))
		return -1;
	snprintf(p, sizeof(p), "%s/sys", f->sys);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/module", f->sys);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/module/kvm_amd", f->sys);
	mkdir(p, 0755);
	kvm_probe_use_times(&fake_ops);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -r %s", f->sys);
	if (system(cmd))
		return -1;
	kvm_probe_use_times(NULL);
	free(f);
	return 0;
}

#define NO_TIMES	1
#define NO_BPF		2

/* probe_open with --counters plan (and NO_TIMES, NO_BPF); returns its
 * rc. */
static int open_with(struct fx *f, const char *plan, int opts,
		     struct probe **p, char *why, size_t n)
{
	struct probe_options o;

	memset(&o, 0, sizeof(o));
	o.tracefs = L1;
	o.sysroot = f->sys;
	o.counters = plan;
	o.no_times = !!(opts & NO_TIMES);
	o.no_bpf = !!(opts & NO_BPF);
	o.time_sample = 16;
	opens = 0;
	memset(flags_seen, 0, sizeof(flags_seen));
	*p = NULL;
	return probe_open_why(&probe_backend_kvm, &o, p, why, n);
}

static void expect_lean(const struct probe *p, const char *times)
{
	unsigned n;
	const struct kvm_counter *c = kvm_probe_counters(p, &n);

	assert_int_equal(kvm_probe_plan(p)->kind, KVM_PLAN_LEAN);
	assert_int_equal(n, KC_NFIXED);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(c[i].present,
				 i == KC_EXITS || i == KC_ICR_WRITES);
	assert_true(c[KC_MSR_WRITES].bpf && c[KC_HLT_EXITS].bpf);
	assert_int_equal(c[KC_ENTRIES].bpf, !*times);
	assert_string_equal(kvm_probe_times_status(p), times);
}

static void expect_full(const struct probe *p, const char *times)
{
	unsigned n;
	const struct kvm_counter *c = kvm_probe_counters(p, &n);

	assert_int_equal(kvm_probe_plan(p)->kind, KVM_PLAN_FULL);
	assert_true(n > KC_NFIXED);
	for (unsigned i = 0; i < n; i++)
		assert_true(c[i].present && !c[i].bpf);
	assert_string_equal(kvm_probe_times_status(p), times);
}

static void test_choice(void **state)
{
	struct fx *f = *state;
	struct probe *p;
	unsigned n;
	char why[512] = "";
	const unsigned have = KVM_BPF_HAVE_APIC_IPI | KVM_BPF_HAVE_WAKEUP |
		KVM_BPF_HAVE_PV_TLB_FLUSH | KVM_BPF_HAVE_HYPERCALL;

	if (geteuid() != 0)
		skip();		/* the backend wants root before anything */

	/* auto, BPF loads: lean, asked for with every optional event, 1 in
	 * 16 exits timed (--time-sample 16) */
	fail_counts = fail_all = 0;
	assert_int_equal(open_with(f, NULL, 0, &p, why, sizeof(why)), 0);
	assert_int_equal(opens, 1);
	assert_int_equal(flags_seen[0], KVM_BPF_COUNTS | have |
			 KVM_BPF_TIME_SHIFT(4));
	expect_lean(p, "");
	probe_close(p);

	/* --no-times: lean still, the program counts without timing */
	assert_int_equal(open_with(f, NULL, NO_TIMES, &p, why, sizeof(why)),
			 0);
	assert_int_equal(flags_seen[0], KVM_BPF_COUNTS | have |
			 KVM_BPF_NO_TIMES);
	expect_lean(p, "exit times not asked for");
	/* no kvm_entry program without times: no entries count */
	assert_false(kvm_probe_counters(p, &n)[KC_ENTRIES].bpf);
	probe_close(p);

	/* auto, the count programs do not load: full with times */
	fail_counts = 1;
	assert_int_equal(open_with(f, "auto", 0, &p, why, sizeof(why)), 0);
	assert_int_equal(opens, 2);
	assert_int_equal(flags_seen[1], have | KVM_BPF_TIME_SHIFT(4));
	expect_full(p, "");
	probe_close(p);

	/* auto, no BPF at all: full, and why there are no times */
	fail_all = 1;
	assert_int_equal(open_with(f, "auto", 0, &p, why, sizeof(why)), 0);
	expect_full(p, "no BPF here (test)");
	probe_close(p);

	/* auto --no-bpf: full, the loader never asked */
	fail_all = fail_counts = 0;
	assert_int_equal(open_with(f, NULL, NO_BPF, &p, why, sizeof(why)), 0);
	assert_int_equal(opens, 0);
	expect_full(p, "no BPF program (--no-bpf)");
	probe_close(p);

	/* full: times only, no count programs; with --no-times no BPF */
	assert_int_equal(open_with(f, "full", 0, &p, why, sizeof(why)), 0);
	assert_int_equal(opens, 1);
	assert_int_equal(flags_seen[0], have | KVM_BPF_TIME_SHIFT(4));
	expect_full(p, "");
	probe_close(p);
	assert_int_equal(open_with(f, "full", NO_TIMES, &p, why, sizeof(why)),
			 0);
	assert_int_equal(opens, 0);
	expect_full(p, "exit times not asked for");
	probe_close(p);

	/* lean, BPF loads */
	assert_int_equal(open_with(f, "lean", 0, &p, why, sizeof(why)), 0);
	expect_lean(p, "");
	probe_close(p);

	/* stats: BPF would load, but the loader is never asked */
	assert_int_equal(open_with(f, "stats", 0, &p, why, sizeof(why)), 0);
	assert_int_equal(opens, 0);
	assert_int_equal(kvm_probe_plan(p)->kind, KVM_PLAN_STATS);
	assert_string_equal(kvm_probe_times_status(p),
			    "no BPF program (--counters stats)");
	assert_true(kvm_probe_counts_per_thread(p, KC_ICR_WRITES));
	assert_false(kvm_probe_counts_per_thread(p, KC_EXITS));
	assert_false(kvm_probe_counts_per_thread(p, KC_MSR_WRITES));
	probe_close(p);
}

static void test_choice_refused(void **state)
{
	struct fx *f = *state;
	struct probe *p;
	unsigned n;
	const struct kvm_counter *c;
	char why[512] = "";

	if (geteuid() != 0)
		skip();
	/* lean without BPF: the counts it needs are not there */
	fail_counts = 1;
	fail_all = 0;
	assert_int_equal(open_with(f, "lean", 0, &p, why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_string_equal(why, "--counters lean needs the BPF program: no "
			    "BPF here (test)");
	assert_int_equal(open_with(f, "lean", NO_BPF, &p, why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_string_equal(why, "--counters lean needs the BPF program: no "
			    "BPF program (--no-bpf)");
	/* a key list wants BPF for the rest, unless told not to */
	assert_int_equal(open_with(f, "exits", 0, &p, why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_int_equal(open_with(f, "exits,bogus", 0, &p, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "no counter \"bogus\""));

	/* a key list without BPF (measuring one counter's cost) is fine */
	assert_int_equal(open_with(f, "exits", NO_BPF, &p, why, sizeof(why)),
			 0);
	assert_int_equal(opens, 0);
	assert_int_equal(kvm_probe_plan(p)->kind, KVM_PLAN_KEYS);
	c = kvm_probe_counters(p, &n);
	assert_int_equal(n, KC_NFIXED);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(c[i].present, i == KC_EXITS);
		assert_false(c[i].bpf);
	}
	probe_close(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_lean_plan),
		cmocka_unit_test(test_lean_plan_other_kernels),
		cmocka_unit_test(test_time_sample_auto),
		cmocka_unit_test_setup_teardown(test_choice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_refused, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
