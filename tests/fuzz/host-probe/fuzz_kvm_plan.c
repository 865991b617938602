/*
 * fuzz_kvm_plan.c - what the kvm backend takes from outside beside
 * tracefs: --counters values (kvm_plan_parse) and the BPF program's map
 * values (kvm_bpf_fold_*: rows and per-CPU stats as the kernel hands them
 * out).  No crash; a parsed plan names only fixed counters; a failure
 * says why in a terminated line; folded values stay in their arrays and
 * totals are the sums of the rows.
 */
#include <linux/types.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_bpf.h"
#include "kvm_events.h"
#include "kvm_exit_time.h"

static void plan(const uint8_t *data, size_t size)
{
	char s[256], why[128];
	struct kvm_plan p;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(why, 'x', sizeof(why));
	if (kvm_plan_parse(s, &p, why, sizeof(why)) == 0) {
		/* A kind outside the enum is named "auto" by the default
		 * case; only KVM_PLAN_AUTO itself may be. */
		if ((p.kind != KVM_PLAN_AUTO &&
		     !strcmp(kvm_plan_name(p.kind), "auto")) ||
		    p.perf >> KC_NFIXED)
			abort();
	} else if (!memchr(why, '\0', sizeof(why)) || !why[0]) {
		abort();
	}
}

static void fold(const uint8_t *data, size_t size)
{
	static struct kvm_exit_times t;
	struct ket_stat stat[2];
	struct ket_thread row;
	uint64_t sum[KVM_BPF_NCOUNTS] = { 0 };

	memset(&t, 0, sizeof(t));
	while (size >= sizeof(row) + sizeof(stat)) {
		memcpy(&row, data, sizeof(row));
		memcpy(stat, data + sizeof(row), sizeof(stat));
		data += sizeof(row) + sizeof(stat);
		size -= sizeof(row) + sizeof(stat);
		if (kvm_bpf_fold_thread(&t, (pid_t)row.tid, (pid_t)row.pad,
					&row) == 0 && row.tgid == row.pad)
			for (int i = 0; i < KVM_BPF_NCOUNTS; i++)
				sum[i] += row.n[i];
		kvm_bpf_fold_stat(&t, row.reason, stat, 2);
		if (t.nthreads > KVM_BPF_MAX_THREADS ||
		    t.n > KVM_BPF_MAX_REASONS)
			abort();
	}
	kvm_bpf_fold_done(&t);
	for (unsigned i = 1; i < t.n; i++)
		if (t.r[i - 1].reason > t.r[i].reason)
			abort();
	for (int i = 0; i < KVM_BPF_NCOUNTS; i++)
		if (t.total[i] != sum[i])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan(data, size);
	fold(data, size);
	return 0;
}
