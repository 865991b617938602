// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_exit_time.bpf.c - exit handling time per exit reason, aggregated in
 * the kernel (what `perf kvm stat` reports as Avg/Max time, without
 * streaming every event to user space), and the kvm backend's per-thread
 * counts for its lean plan (kvm_events.h), one program per tracepoint.
 *
 * kvm:kvm_exit stamps the vCPU thread's exit (reason, time); the next
 * kvm:kvm_entry on that thread closes it.  Per (QEMU tgid, reason): exits
 * seen, exits timed, sum, max, and a log2 histogram of nanoseconds, in a
 * per-CPU hash read by user space when it samples.  Per thread (a row of
 * `threads`): the open exit and the counts of enum KET_* - exits and
 * entries always, the rest only from the programs user space attaches for
 * the lean plan (kvm_msr, kvm_apic_ipi, kvm_vcpu_wakeup, kvm_pv_tlb_flush,
 * kvm_hypercall).  Only processes in `target` are counted.  A failed map
 * insert (map full) or a target thread whose row another thread owns
 * counts in `lost`, so "lost 0" is checked, not assumed.
 *
 * Every program is a raw tracepoint program (raw_tp, tp_btf): it gets the
 * tracepoint's arguments, so the kernel builds no trace record for it -
 * with no perf counter on the event (--counters none) none is built at
 * all - and a run the kernel skips (the program already running on that
 * CPU) is counted in the program's recursion_misses, which user space adds
 * to lost.  (A "tracepoint/" program is skipped silently while any other
 * BPF program or a BPF map syscall runs on the CPU: bpf_prog_active.)
 * kvm_exit's arguments are the vCPU and the ISA; its reason and info1 are
 * read from the vendor module's vCPU (what svm_get_exit_info() and
 * vmx_get_exit_info() read for the record), the types relocated (CO-RE)
 * against that module's BTF (/sys/kernel/btf/kvm_amd or kvm_intel) at load
 * time; the other vendor's branch is dead code the verifier drops.
 * Programs of events the kernel does not have are not loaded (kvm_bpf.c).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#include "kvm_exit_time.h"

char LICENSE[] SEC("license") = "GPL";

#define KVM_ISA_VMX	1	/* kvm_exit's isa field */
#define VMX_EXIT_HLT	12
#define VMX_EXIT_MSR_WRITE 32
#define SVM_EXIT_HLT	0x078
#define SVM_EXIT_MSR	0x07c
#define KVM_HC_SEND_IPI	10

/* The QEMU processes to count, set by user space before it attaches.  A
 * short array scanned per event costs less than a hash lookup. */
__u32 target[KET_MAX_TARGETS];
__u32 ntarget;

/*
 * Which exits to time, set before loading: none (counts only), every one
 * (time_mask 0), or a random 1 in time_mask + 1.  Each timed exit reads
 * the clock twice, and where the clocksource is not the TSC (a nested L1
 * under TCG runs on the HPET: an emulated device read per call) that is
 * most of what this program costs.
 */
const volatile bool timing = true;
const volatile __u32 time_mask = 0;

/* Thread rows by the low bits of the thread id (kvm_exit_time.h): an
 * array lookup is an inlined address computation, no hash per event. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KET_THREAD_SLOTS);
	__type(key, __u32);
	__type(value, struct ket_thread);
} threads SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, KET_MAX_KEYS);
	__type(key, struct ket_key);
	__type(value, struct ket_stat);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/*
 * Local views of the vendor modules' vCPUs; "___tlb" is a CO-RE flavour:
 * libbpf matches each to the type without it (vcpu_svm in kvm_amd,
 * vcpu_vmx in kvm_intel) by name and relocates the field offsets.
 */
struct vmcb_control_area___tlb {
	__u32 exit_code;
	__u64 exit_info_1;
} __attribute__((preserve_access_index));

struct vmcb___tlb {
	struct vmcb_control_area___tlb control;
} __attribute__((preserve_access_index));

struct vcpu_svm___tlb {
	struct vmcb___tlb *vmcb;
} __attribute__((preserve_access_index));

union vmx_exit_reason___tlb {
	__u32 full;
} __attribute__((preserve_access_index));

struct vcpu_vmx___tlb {
	union vmx_exit_reason___tlb exit_reason;
} __attribute__((preserve_access_index));

static const struct ket_stat zero;

static void count_lost(void)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&lost, &k);

	if (v)
		(*v)++;
}

static int is_target(__u32 tgid)
{
	for (int i = 0; i < KET_MAX_TARGETS; i++) {
		if (i >= ntarget)
			return 0;
		if (target[i] == tgid)
			return 1;
	}
	return 0;
}

/*
 * The calling thread's row, or NULL when it is not a target thread (or,
 * counted as lost, when another thread owns its row).  A row owned by
 * this tid means a target thread: the process scan is only made once per
 * thread, at its first event.
 */
static struct ket_thread *my_row(void)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	__u32 slot = tid & (KET_THREAD_SLOTS - 1);
	struct ket_thread *t = bpf_map_lookup_elem(&threads, &slot);

	if (!t)
		return NULL;	/* cannot happen: slot < max_entries */
	if (t->tid == tid)
		return t;
	if (!is_target(tgid))
		return NULL;
	if (t->tid || __sync_val_compare_and_swap(&t->tid, 0, tid)) {
		count_lost();	/* two target threads on one row */
		return NULL;
	}
	t->tgid = tgid;
	return t;
}

static __u32 log2_slot(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xffff) << 4; v >>= shift; r |= shift;
	shift = (v > 0xff) << 3; v >>= shift; r |= shift;
	shift = (v > 0xf) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	/* clang knows r < 64 and would drop any bound check, but the 6.1
	 * verifier cannot see it: hide r from clang, then mask */
	asm volatile("" : "+r"(r));
	return r & (KET_HIST_SLOTS - 1);
}

/* vcpu's exit reason and (SVM) info1, as the kvm_exit record has them;
 * -1 when the vendor module's type is not in this kernel. */
static int exit_info(void *vcpu, __u32 isa, __u32 *reason, __u64 *info1)
{
	*info1 = 0;
	if (isa == KVM_ISA_VMX) {
		struct vcpu_vmx___tlb *vmx = vcpu;

		if (!bpf_core_type_exists(struct vcpu_vmx___tlb))
			return -1;
		*reason = BPF_CORE_READ(vmx, exit_reason.full);
		return 0;
	} else {
		struct vcpu_svm___tlb *svm = vcpu;
		struct vmcb___tlb *vmcb;

		if (!bpf_core_type_exists(struct vcpu_svm___tlb))
			return -1;
		vmcb = BPF_CORE_READ(svm, vmcb);
		*reason = BPF_CORE_READ(vmcb, control.exit_code);
		*info1 = BPF_CORE_READ(vmcb, control.exit_info_1);
		return 0;
	}
}

SEC("raw_tp/kvm_exit")
int BPF_PROG(on_kvm_exit, void *vcpu, __u32 isa)
{
	__u64 id = bpf_get_current_pid_tgid(), info1;
	struct ket_key key = { .tgid = id >> 32 };
	struct ket_thread *t;
	struct ket_stat *s;
	__u32 reason;

	t = my_row();
	if (!t) {
		/* a target thread without a row still counts by reason */
		if (!is_target(key.tgid))
			return 0;
	}
	if (exit_info(vcpu, isa, &reason, &info1)) {
		count_lost();
		return 0;
	}
	key.reason = reason;
	s = bpf_map_lookup_elem(&stats, &key);
	if (!s) {
		bpf_map_update_elem(&stats, &key, &zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&stats, &key);
		if (!s)
			count_lost();
	}
	if (s)
		s->count++;
	if (!t)
		return 0;
	t->n[KET_EXITS]++;
	if (isa == KVM_ISA_VMX) {
		if (reason == VMX_EXIT_MSR_WRITE)
			t->n[KET_MSR_WRITE_EXITS]++;
		else if (reason == VMX_EXIT_HLT)
			t->n[KET_HLT_EXITS]++;
	} else {
		if (reason == SVM_EXIT_MSR && info1 == 1)
			t->n[KET_MSR_WRITE_EXITS]++;
		else if (reason == SVM_EXIT_HLT)
			t->n[KET_HLT_EXITS]++;
	}
	if (timing && !(time_mask && (bpf_get_prandom_u32() & time_mask))) {
		t->ts = bpf_ktime_get_ns();
		t->reason = reason;
	}
	return 0;
}

SEC("tp_btf/kvm_entry")
int on_kvm_entry(void *ctx)
{
	struct ket_thread *t = my_row();
	struct ket_key key;
	struct ket_stat *s;
	__u64 delta;

	if (!t)
		return 0;
	t->n[KET_ENTRIES]++;
	if (!t->ts)
		return 0;
	delta = bpf_ktime_get_ns() - t->ts;
	key.tgid = t->tgid;
	key.reason = t->reason;
	t->ts = 0;
	s = bpf_map_lookup_elem(&stats, &key);
	if (!s)
		return 0;
	s->timed++;
	s->sum_ns += delta;
	if (delta > s->max_ns)
		s->max_ns = delta;
	s->hist[log2_slot(delta)]++;
	return 0;
}

/* The lean plan's counts: attached only for it (kvm_bpf.c).  The
 * arguments are the tracepoints' TP_PROTO. */

SEC("tp_btf/kvm_msr")
int BPF_PROG(on_kvm_msr, unsigned int write, __u32 ecx)
{
	struct ket_thread *t;

	if (!write)
		return 0;
	t = my_row();
	if (!t)
		return 0;
	t->n[KET_MSR_WRITES]++;
	if (ecx >= 0x800 && ecx <= 0x8ff) {
		t->n[KET_X2APIC_WRITES]++;
		if (ecx == 0x830)
			t->n[KET_ICR_WRITES]++;
		else if (ecx == 0x80b)
			t->n[KET_EOI_WRITES]++;
		else if (ecx == 0x838)
			t->n[KET_TMICT_WRITES]++;
	} else if (ecx == 0x6e0) {
		t->n[KET_TSCDL_WRITES]++;
	}
	return 0;
}

SEC("tp_btf/kvm_apic_ipi")
int on_kvm_apic_ipi(void *ctx)
{
	struct ket_thread *t = my_row();

	if (t)
		t->n[KET_APIC_IPIS]++;
	return 0;
}

SEC("tp_btf/kvm_vcpu_wakeup")
int on_kvm_vcpu_wakeup(void *ctx)
{
	struct ket_thread *t = my_row();

	if (t)
		t->n[KET_WAKEUPS]++;
	return 0;
}

SEC("tp_btf/kvm_pv_tlb_flush")
int BPF_PROG(on_kvm_pv_tlb_flush, unsigned int vcpu_id, bool need_flush_tlb)
{
	struct ket_thread *t;

	if (!need_flush_tlb)
		return 0;
	t = my_row();
	if (t)
		t->n[KET_PV_TLB_FLUSHES]++;
	return 0;
}

SEC("tp_btf/kvm_hypercall")
int BPF_PROG(on_kvm_hypercall, unsigned long nr)
{
	struct ket_thread *t;

	if (nr != KVM_HC_SEND_IPI)
		return 0;
	t = my_row();
	if (t)
		t->n[KET_PV_SEND_IPIS]++;
	return 0;
}
