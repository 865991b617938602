/*
 * kvm_exit_time.h - types shared by the BPF program (kvm_exit_time.bpf.c)
 * and user space (kvm_bpf.c, kvm_bpf_fold.c).  Fixed-width types only:
 * included from both sides.
 */
#ifndef TLBPROBE_KVM_EXIT_TIME_H
#define TLBPROBE_KVM_EXIT_TIME_H

#define KET_HIST_SLOTS	64	/* slot i: [2^i, 2^(i+1)) ns; 0 also holds 0;
				 * a power of two (the index is masked) */
#define KET_MAX_TARGETS	32	/* QEMU processes (SAMPLER_MAX_VMS) */
#define KET_THREAD_SLOTS 16384	/* thread rows, by tid % slots; a power
				 * of two */
#define KET_MAX_KEYS	4096	/* (process, reason) pairs */

struct ket_key {
	__u32 tgid;
	__u32 reason;
};

struct ket_stat {
	__u64 count;		/* kvm_exit seen */
	__u64 timed;		/* of which closed by a kvm_entry */
	__u64 sum_ns;
	__u64 max_ns;
	__u64 hist[KET_HIST_SLOTS];
};

/*
 * Per-thread counts (the lean plan: they replace perf counters).  The
 * index of each is the kvm backend's enum kvm_fixed_counter
 * (kvm_events.h; kvm_bpf_fold.c checks they agree).
 */
enum {
	KET_EXITS,		/* kvm_exit */
	KET_ENTRIES,		/* kvm_entry */
	KET_MSR_WRITES,		/* kvm_msr write */
	KET_ICR_WRITES,		/* ... ecx 0x830 */
	KET_X2APIC_WRITES,	/* ... ecx 0x800-0x8ff */
	KET_EOI_WRITES,		/* ... ecx 0x80b */
	KET_TMICT_WRITES,	/* ... ecx 0x838 */
	KET_MSR_WRITE_EXITS,	/* kvm_exit: SVM msr + info1 1, VMX 32 */
	KET_HLT_EXITS,		/* kvm_exit: SVM 120, VMX 12 */
	KET_APIC_IPIS,		/* kvm_apic_ipi */
	KET_WAKEUPS,		/* kvm_vcpu_wakeup */
	KET_PV_TLB_FLUSHES,	/* kvm_pv_tlb_flush need_flush_tlb */
	KET_PV_SEND_IPIS,	/* kvm_hypercall nr 10 */
	KET_TSCDL_WRITES,	/* kvm_msr write ecx 0x6e0 */
	KET_NCOUNTS
};

/*
 * One row per traced thread, in an array indexed by tid % slots: the
 * open exit (for its time) and, when counting, the thread's counts.  A
 * row belongs to the first target thread that claims it (tid); another
 * target thread on the same row counts its events as lost.  Only the
 * owner ever changes its row after the claim: every kvm event is raised
 * in the context of the vCPU thread it is about.
 */
struct ket_thread {
	__u32 tid;		/* owner, 0 = free */
	__u32 tgid;
	__u64 ts;		/* open exit: kvm_exit time, 0 = none */
	__u32 reason;
	__u32 pad;
	__u64 n[KET_NCOUNTS];
};

#endif
