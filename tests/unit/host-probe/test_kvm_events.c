/*
 * test_kvm_events.c - tracepoint discovery and filter building against
 * real tracefs copies: the 6.1 kernel of the L1 appliance (SVM, nested)
 * and a 6.18 host whose kvm_exit has another layout.  Ids come from the
 * fixture's id files (read here independently); every planned filter
 * names only fields the kernel has.
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

#include "fileio.h"
#include "kvm_events.h"
#include "counter_find.h"

#define L1	FIXTURES_DIR "/host-probe/tracefs-l1-6.1"
#define HOST	FIXTURES_DIR "/host-probe/tracefs-host-6.18"

static uint32_t id_file(const char *root, const char *event)
{
	char path[512], *buf;
	size_t len;
	unsigned long v;

	snprintf(path, sizeof(path), "%s/events/kvm/%s/id", root, event);
	assert_int_equal(read_whole_file(path, 64, &buf, &len), 0);
	v = strtoul(buf, NULL, 10);
	free(buf);
	return (uint32_t)v;
}

static void test_l1_discovery(void **state)
{
	static struct kvm_tracepoints t;
	char why[256] = "";

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	assert_int_equal(t.exit.id, id_file(L1, "kvm_exit"));
	assert_int_equal(t.entry.id, id_file(L1, "kvm_entry"));
	assert_int_equal(t.msr.id, id_file(L1, "kvm_msr"));
	assert_true(t.have_apic_ipi && t.have_wakeup && t.have_pv_tlb_flush &&
		    t.have_hypercall);
	assert_int_equal(t.apic_ipi.id, id_file(L1, "kvm_apic_ipi"));
	assert_true(t.reasons_from_kernel);
	assert_null(t.exit.print_fmt);	/* its buffer is gone */
}

static void test_l1_plan(void **state)
{
	static struct kvm_tracepoints t;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	const struct kvm_counter *x;
	char why[256] = "";
	int n;

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	n = kvm_counters_plan(&t, c, KVM_MAX_COUNTERS, why, sizeof(why));
	assert_true(n > KC_NFIXED);
	assert_string_equal(c[KC_ICR_WRITES].key, "icr_writes");
	assert_string_equal(c[KC_ICR_WRITES].filter,
			    "ecx == 0x830 && write == 1");
	assert_int_equal(c[KC_ICR_WRITES].tp_id, id_file(L1, "kvm_msr"));
	/* SVM: one exit code for reads and writes; info1 says which */
	assert_string_equal(c[KC_MSR_WRITE_EXITS].filter,
			    "exit_reason == 124 && info1 == 1");
	assert_int_equal(c[KC_PV_SEND_IPIS].tp_id, id_file(L1,
							   "kvm_hypercall"));
	x = find(c, n, "exit:msr");
	assert_non_null(x);
	assert_true(x->is_reason);
	assert_int_equal(x->code, 0x7c);
	assert_string_equal(x->filter, "exit_reason == 124");
	assert_string_equal(x->label, "MSR");
	assert_non_null(find(c, n, "exit:npf"));
	for (int i = 0; i < n; i++) {
		assert_true(c[i].present);
		if (!strcmp(c[i].event, "kvm_msr"))
			assert_int_equal(kvm_filter_check(&t.msr, c[i].filter,
							  why, sizeof(why)), 0);
		if (!strcmp(c[i].event, "kvm_exit"))
			assert_int_equal(kvm_filter_check(&t.exit, c[i].filter,
							  why, sizeof(why)), 0);
	}
}

static void test_host_vmx_plan(void **state)
{
	static struct kvm_tracepoints t;
	struct kvm_counter c[KVM_MAX_COUNTERS];
	char why[256] = "";
	int n;

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, HOST, KVM_ISA_VMX, why,
					      sizeof(why)), 0);
	assert_int_equal(t.exit.id, id_file(HOST, "kvm_exit"));
	n = kvm_counters_plan(&t, c, KVM_MAX_COUNTERS, why, sizeof(why));
	assert_true(n > KC_NFIXED);
	assert_string_equal(c[KC_MSR_WRITE_EXITS].filter, "exit_reason == 32");
	assert_non_null(find(c, n, "exit:EPT_VIOLATION"));
	/* another kvm flavour: counts without reasons */
	assert_int_equal(kvm_tracepoints_load(&t, HOST, KVM_ISA_NONE, why,
					      sizeof(why)), 0);
	n = kvm_counters_plan(&t, c, KVM_MAX_COUNTERS, why, sizeof(why));
	assert_int_equal(n, KC_NFIXED);
	assert_false(c[KC_MSR_WRITE_EXITS].present);
	assert_true(c[KC_ICR_WRITES].present);
}

static void test_filter_names_a_missing_field(void **state)
{
	static struct kvm_tracepoints t;
	char why[256] = "";

	(void)state;
	assert_int_equal(kvm_tracepoints_load(&t, L1, KVM_ISA_SVM, why,
					      sizeof(why)), 0);
	assert_int_equal(kvm_filter_check(&t.msr, "msr == 0x830 && write == 1",
					  why, sizeof(why)), -1);
	assert_string_equal(why, "kvm_msr: no field \"msr\" (fields: write "
			    "ecx data exception)");
	assert_int_equal(kvm_filter_check(&t.exit, "requests == 0", why,
					  sizeof(why)), -1);
	assert_int_equal(kvm_filter_check(&t.exit, "exit_reason >= 0x40 && "
					  "exit_reason <= 0x5f", why,
					  sizeof(why)), 0);
}

/* A copy of the L1 tracefs without kvm_msr, and one with a bad format. */
static void test_missing_and_bad_events(void **state)
{
	static struct kvm_tracepoints t;
	char root[] = "/tmp/tlbprobe-tracefs-XXXXXX", path[256], why[512];
	char cmd[512];

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(cmd, sizeof(cmd), "cp -r %s/events %s/", L1, root);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -r %s/events/kvm/kvm_msr", root);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(kvm_tracepoints_load(&t, root, KVM_ISA_SVM, why,
					      sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "kvm_msr: no such tracepoint (is the kvm "
				    "module loaded?)"));
	snprintf(path, sizeof(path), "%s/events/kvm/kvm_entry/format", root);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("name: kvm_entry\nID: 1482\nformat:\n\tfield:int x;\toffset:"
	      "zero;\tsize:4;\tsigned:1;\n", f);
	fclose(f);
	assert_int_equal(kvm_tracepoints_load(&t, root, KVM_ISA_SVM, why,
					      sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "kvm_entry/format:4: offset:"));
	snprintf(cmd, sizeof(cmd), "rm -r %s", root);
	assert_int_equal(system(cmd), 0);
}

static void test_isa_detect(void **state)
{
	char root[] = "/tmp/tlbprobe-sys-XXXXXX", p[256];

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(kvm_isa_detect(root), -ENOENT);
	snprintf(p, sizeof(p), "%s/sys", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/module", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/module/kvm", root);
	mkdir(p, 0755);
	assert_int_equal(kvm_isa_detect(root), KVM_ISA_NONE);
	snprintf(p, sizeof(p), "%s/sys/module/kvm_amd", root);
	mkdir(p, 0755);
	assert_int_equal(kvm_isa_detect(root), KVM_ISA_SVM);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sys/module/kvm", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sys/module", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sys", root);
	rmdir(p);
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l1_discovery),
		cmocka_unit_test(test_l1_plan),
		cmocka_unit_test(test_host_vmx_plan),
		cmocka_unit_test(test_filter_names_a_missing_field),
		cmocka_unit_test(test_missing_and_bad_events),
		cmocka_unit_test(test_isa_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
