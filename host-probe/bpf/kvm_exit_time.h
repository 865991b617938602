/*
 * kvm_exit_time.h - types shared by the BPF program (kvm_exit_time.bpf.c)
 * and user space (kvm_bpf.c).  Fixed-width types only: included from both
 * sides.
 */
#ifndef TLBPROBE_KVM_EXIT_TIME_H
#define TLBPROBE_KVM_EXIT_TIME_H

#define KET_HIST_SLOTS	64	/* slot i: [2^i, 2^(i+1)) ns; 0 also holds 0;
				 * a power of two (the index is masked) */
#define KET_MAX_TARGETS	32	/* QEMU processes (SAMPLER_MAX_VMS) */
#define KET_START_SLOTS	65536	/* open exits, by tid % slots */
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

#endif
