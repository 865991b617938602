/*
 * test_kvm_stats.c - KVM's own statistics as the stats plan reads them
 * (kvm_stats.h): the value parser, a VM's debugfs folder found by pid
 * (and only by that pid), several VMs of one pid summed, errors naming the
 * file; the stats plan's counters and their JSON (source "kvm_stats", no
 * per-vCPU rows for them, KVM's exit count beside a perf counter's); and,
 * where this machine lets it, a real VM's debugfs statistics.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "backend_kvm.h"
#include "kvm_events.h"
#include "kvm_json.h"
#include "kvm_stats.h"
#include "tracefs.h"

#define L1	FIXTURES_DIR "/host-probe/tracefs-l1-6.1"

static void test_parse_value(void **state)
{
	struct parse_error err = { 0 };
	uint64_t v = 7;

	(void)state;
	assert_int_equal(kvm_stats_parse_value("123456\n", 7, &v, &err), 0);
	assert_int_equal(v, 123456);
	assert_int_equal(kvm_stats_parse_value("0", 1, &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kvm_stats_parse_value("18446744073709551615\n", 21,
					       &v, &err), 0);
	assert_int_equal(v, UINT64_MAX);
	assert_int_equal(kvm_stats_parse_value("18446744073709551616\n", 21,
					       &v, &err), -1);
	assert_string_equal(err.field, "value");
	assert_int_equal(kvm_stats_parse_value("", 0, &v, &err), -1);
	assert_string_equal(err.msg, "empty");
	assert_int_equal(kvm_stats_parse_value("\n", 1, &v, &err), -1);
	assert_int_equal(kvm_stats_parse_value("-1\n", 3, &v, &err), -1);
	assert_string_equal(err.msg, "\"-1\" is not a count");
	assert_int_equal(kvm_stats_parse_value("12 3\n", 5, &v, &err), -1);
	assert_int_equal(kvm_stats_parse_value("12\n\n", 4, &v, &err), -1);
	/* found by fuzz_kvm_stats: digits, a NUL, then anything */
	assert_int_equal(kvm_stats_parse_value("10352\0\0`0", 9, &v, &err),
			 -1);
	assert_string_equal(err.msg, "a NUL byte in it");
	assert_int_equal(kvm_stats_parse_value(
		"1234567890123456789012345678901234567890", 40, &v, &err), -1);
	assert_string_equal(err.msg, "longer than a 64-bit count");
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *root, const char *sub)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", root, sub);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void test_debugfs_tree(void **state)
{
	char root[] = "/tmp/tlbprobe-kstats-XXXXXX", vm[600], cmd[600];
	char why[512] = "";
	struct kvm_stats_set s;
	uint64_t v;

	(void)state;
	assert_non_null(mkdtemp(root));
	mkdirs(root, "kvm");
	mkdirs(root, "kvm/1234-11");
	mkdirs(root, "kvm/1234-15");
	mkdirs(root, "kvm/12345-3");	/* another pid with the same start */
	snprintf(vm, sizeof(vm), "%s/kvm/1234-11", root);
	put(vm, "exits", "1000\n");
	put(vm, "halt_exits", "40\n");
	snprintf(vm, sizeof(vm), "%s/kvm/1234-15", root);
	put(vm, "exits", "234\n");
	put(vm, "halt_exits", "2\n");
	snprintf(vm, sizeof(vm), "%s/kvm/12345-3", root);
	put(vm, "exits", "999999\n");

	/* pid 1234's two VMs, summed; not pid 12345's */
	assert_int_equal(kvm_stats_open(&s, root, 1234, why, sizeof(why)), 0);
	assert_int_equal(s.nvms, 2);
	assert_int_equal(kvm_stats_read(&s, "exits", &v, why, sizeof(why)),
			 0);
	assert_int_equal(v, 1234);
	assert_int_equal(kvm_stats_read(&s, "halt_exits", &v, why,
					sizeof(why)), 0);
	assert_int_equal(v, 42);
	/* a statistic this kernel does not have: the file named */
	assert_int_equal(kvm_stats_read(&s, "no_such_stat", &v, why,
					sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "/kvm/1234-1"));
	assert_non_null(strstr(why, "/no_such_stat: No such file"));
	kvm_stats_close(&s);

	/* a file that is not a count */
	snprintf(vm, sizeof(vm), "%s/kvm/12345-3", root);
	put(vm, "halt_exits", "lots\n");
	assert_int_equal(kvm_stats_open(&s, root, 12345, why, sizeof(why)),
			 0);
	assert_int_equal(kvm_stats_read(&s, "halt_exits", &v, why,
					sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "12345-3/halt_exits: value: \"lots\" is "
			       "not a count"));
	kvm_stats_close(&s);

	/* no VM of this pid; no kvm folder at all */
	assert_int_equal(kvm_stats_open(&s, root, 99, why, sizeof(why)),
			 -ENOENT);
	assert_non_null(strstr(why, "no VM of pid 99 (no 99-* folder)"));
	snprintf(vm, sizeof(vm), "%s/kvm/1234-11", root);
	assert_int_equal(kvm_stats_open(&s, vm, 1234, why, sizeof(why)),
			 -ENOENT);
	assert_non_null(strstr(why, "1234-11/kvm: no KVM statistics"));
	snprintf(cmd, sizeof(cmd), "rm -r %s", root);
	assert_int_equal(system(cmd), 0);
}

static void test_mounts_find_type(void **state)
{
	static const char mounts[] =
		"proc /proc proc rw 0 0\n"
		"debugfs /sys/kernel/debug debugfs rw 0 0\n"
		"debugfs /other debugfs rw 0 0\n";
	char out[64];

	(void)state;
	assert_int_equal(mounts_find_type(mounts, sizeof(mounts) - 1,
					  "debugfs", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/kernel/debug");
	assert_int_equal(mounts_find_type(mounts, sizeof(mounts) - 1,
					  "tracefs", out, sizeof(out)),
			 -ENOENT);
	assert_int_equal(mounts_find_type(mounts, sizeof(mounts) - 1,
					  "debugfs", out, 8), -ENAMETOOLONG);
}

static void test_stats_plan(void **state)
{
	static struct kvm_tracepoints t;
	static struct kvm_snapshot s;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	struct kvm_plan p;
	char why[256] = "";
	json_t *o, *row;
	int n;

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	assert_int_equal(kvm_plan_parse("stats", &p, why, sizeof(why)), 0);
	assert_int_equal(p.kind, KVM_PLAN_STATS);
	assert_string_equal(kvm_plan_name(p.kind), "stats");
	/* whether BPF would load or not: no BPF count */
	n = kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_int_equal(n, KC_NFIXED);
	for (int i = 0; i < n; i++) {
		assert_false(c[i].bpf);
		assert_int_equal(c[i].present, i == KC_ICR_WRITES);
		if (i == KC_EXITS)
			assert_string_equal(c[i].stat, "exits");
		else if (i == KC_HLT_EXITS)
			assert_string_equal(c[i].stat, "halt_exits");
		else
			assert_null(c[i].stat);
	}
	assert_string_equal(c[KC_ICR_WRITES].filter,
			    "ecx == 0x830 && write == 1");
	assert_string_equal(kvm_counter_source(&c[KC_EXITS]), "kvm_stats");
	assert_string_equal(kvm_counter_source(&c[KC_ICR_WRITES]), "perf");
	assert_string_equal(kvm_counter_source(&c[KC_MSR_WRITES]), "none");

	/* its JSON: VM totals from KVM, per-vCPU rows only for ICR writes */
	memset(&s, 0, sizeof(s));
	s.nthreads = 1;
	s.th[0].tid = 100;
	s.th[0].vcpu = 0;
	s.th[0].v[KC_ICR_WRITES] = 7;
	s.total[KC_EXITS] = 500;
	s.total[KC_HLT_EXITS] = 20;
	s.total[KC_ICR_WRITES] = 7;
	s.have_kvm_stats = 1;
	s.kvm_stat_exits = 500;
	o = kvm_counts_json_of(&t, c, (unsigned)n, &s, KVM_JSON_VCPUS);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		o, "counters"), "exits")), 500);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		o, "counters"), "hlt_exits")), 20);
	assert_null(json_object_get(json_object_get(o, "counters"),
				    "msr_writes"));
	assert_int_equal(json_integer_value(json_object_get(o,
		"kvm_stat_exits")), 500);
	/* the same statistic: nothing to check it against */
	assert_null(json_object_get(o, "exits_kvm_stats_minus_counter"));
	row = json_array_get(json_object_get(o, "vcpus"), 0);
	assert_non_null(row);
	assert_int_equal(json_integer_value(json_object_get(row,
		"icr_writes")), 7);
	assert_null(json_object_get(row, "exits"));
	assert_null(json_object_get(row, "hlt_exits"));
	assert_null(json_object_get(row, "msr_write_exits"));
	/* MSR writes: only what is counted, not zeros for the rest */
	assert_int_equal(json_object_size(json_object_get(o, "msr_writes")),
			 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		o, "msr_writes"), "0x830")), 7);
	/* no reason is counted: no "other" row holding all 500 exits */
	assert_null(json_object_get(o, "exits_by_reason"));
	assert_null(json_object_get(o, "exits_by_reason_source"));
	{
		struct kvm_reason_row rows[4];

		assert_int_equal(kvm_reasons_of(&t, c, (unsigned)n, &s, rows,
						4), 0);
	}
	json_decref(o);

	/* lean: exits from a perf counter, KVM's count beside it */
	assert_int_equal(kvm_plan_parse("lean", &p, why, sizeof(why)), 0);
	n = kvm_counters_plan_for(&t, &p, 1, c, KVM_MAX_COUNTERS, why,
				  sizeof(why));
	assert_null(c[KC_EXITS].stat);
	s.total[KC_EXITS] = 498;
	o = kvm_counts_json_of(&t, c, (unsigned)n, &s, KVM_JSON_VCPUS);
	assert_int_equal(json_integer_value(json_object_get(o,
		"exits_kvm_stats_minus_counter")), 2);
	row = json_array_get(json_object_get(o, "vcpus"), 0);
	assert_non_null(json_object_get(row, "exits"));
	assert_non_null(json_object_get(row, "msr_write_exits"));
	assert_int_equal(json_object_size(json_object_get(o, "msr_writes")),
			 6);
	json_decref(o);
}

/*
 * A real VM of this process: KVM's debugfs "exits" of a VM with one vCPU
 * that never ran is 0.  Skipped where there is no usable /dev/kvm, no
 * debugfs, or its KVM files are not readable (a sandboxed host).
 */
static void test_live(void **state)
{
	char why[512] = "";
	struct kvm_stats_set s;
	int kvm, vm, vcpu, rc;
	uint64_t v = 1;

	(void)state;
	if (geteuid() != 0)
		skip();
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		skip();
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	vcpu = vm < 0 ? -1 : ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		if (vm >= 0)
			close(vm);
		close(kvm);
		skip();
	}
	rc = kvm_stats_open(&s, NULL, getpid(), why, sizeof(why));
	if (rc == -EPERM || rc == -ENOENT) {
		print_message("no KVM debugfs here: %s\n", why);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(s.nvms, 1);
		rc = kvm_stats_read(&s, "exits", &v, why, sizeof(why));
		if (rc == -EPERM || rc == -EACCES) {
			print_message("KVM debugfs not readable: %s\n", why);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(v, 0);
		}
		kvm_stats_close(&s);
	}
	close(vcpu);
	close(vm);
	close(kvm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_value),
		cmocka_unit_test(test_debugfs_tree),
		cmocka_unit_test(test_mounts_find_type),
		cmocka_unit_test(test_stats_plan),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
