/*
 * kvm_bpf_fold.c - the BPF program's maps, as the kernel hands them out,
 * into struct kvm_exit_times; see kvm_bpf.h.  No libbpf calls here (it
 * lives in libtlbprobebpf.a beside its only caller, kvm_bpf.c): the unit
 * tests feed it fixtures, kvm_bpf.c the live maps.
 */
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_bpf.h"
#include "kvm_events.h"
#include "kvm_exit_time.h"

/* The program's per-thread counts are the backend's fixed counters, in
 * the same order. */
_Static_assert((int)KET_NCOUNTS == (int)KC_NFIXED, "counts");
_Static_assert(KVM_BPF_NCOUNTS == KC_NFIXED, "counts");
#define SAME(x) _Static_assert((int)KET_##x == (int)KC_##x, #x)
SAME(EXITS);
SAME(ENTRIES);
SAME(MSR_WRITES);
SAME(ICR_WRITES);
SAME(X2APIC_WRITES);
SAME(EOI_WRITES);
SAME(TMICT_WRITES);
SAME(MSR_WRITE_EXITS);
SAME(HLT_EXITS);
SAME(APIC_IPIS);
SAME(WAKEUPS);
SAME(PV_TLB_FLUSHES);
SAME(PV_SEND_IPIS);
SAME(TSCDL_WRITES);
#undef SAME
_Static_assert(KVM_BPF_HIST_SLOTS == KET_HIST_SLOTS, "hist slots");

int kvm_bpf_fold_stat(struct kvm_exit_times *out, uint32_t reason,
		      const void *percpu, int ncpus)
{
	const struct ket_stat *v = percpu;
	struct kvm_exit_time *t;

	if (out->n == KVM_BPF_MAX_REASONS)
		return -ENOSPC;
	t = &out->r[out->n++];
	memset(t, 0, sizeof(*t));
	t->reason = reason;
	for (int c = 0; c < ncpus; c++) {
		const struct ket_stat *s = &v[c];

		t->count += s->count;
		t->timed += s->timed;
		t->sum_ns += s->sum_ns;
		if (s->max_ns > t->max_ns)
			t->max_ns = s->max_ns;
		for (int i = 0; i < KET_HIST_SLOTS; i++)
			t->hist[i] += s->hist[i];
	}
	return 0;
}

uint32_t kvm_bpf_thread_slot(pid_t tid)
{
	return (uint32_t)tid & (KET_THREAD_SLOTS - 1);
}

int kvm_bpf_fold_thread(struct kvm_exit_times *out, pid_t tid, pid_t tgid,
			const void *row)
{
	const struct ket_thread *r = row;
	struct kvm_bpf_thread *t;

	if (out->nthreads == KVM_BPF_MAX_THREADS)
		return -ENOSPC;
	t = &out->th[out->nthreads++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	if (r->tid != (__u32)tid || r->tgid != (__u32)tgid)
		return 0;
	for (int i = 0; i < KET_NCOUNTS; i++)
		t->n[i] = r->n[i];
	return 0;
}

static int by_reason(const void *a, const void *b)
{
	const struct kvm_exit_time *x = a, *y = b;

	return x->reason < y->reason ? -1 : x->reason > y->reason;
}

void kvm_bpf_fold_done(struct kvm_exit_times *out)
{
	qsort(out->r, out->n, sizeof(out->r[0]), by_reason);
	memset(out->total, 0, sizeof(out->total));
	for (unsigned i = 0; i < out->nthreads; i++)
		for (int c = 0; c < KVM_BPF_NCOUNTS; c++)
			out->total[c] += out->th[i].n[c];
}
