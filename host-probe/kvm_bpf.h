/*
 * kvm_bpf.h - user side of the exit-time BPF program
 * (bpf/kvm_exit_time.bpf.c): load and attach it, say which QEMU processes
 * to time, read the per-reason aggregates and the per-thread counts (the
 * kvm backend's lean plan, kvm_events.h).
 *
 * Loading needs root, a kernel with BPF and BTF (the vendor module's BTF,
 * kvm_amd or kvm_intel, for the CO-RE relocations of kvm_exit's reason:
 * without it every exit counts as lost), and the kvm tracepoints.  When
 * any of this is missing kvm_bpf_open() fails with a reason and the kvm
 * backend counts with its full plan of perf counters, without times.
 */
#ifndef TLBPROBE_KVM_BPF_H
#define TLBPROBE_KVM_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define KVM_BPF_HIST_SLOTS	64	/* = KET_HIST_SLOTS */
#define KVM_BPF_MAX_REASONS	64	/* a VM hits 10-20 */
#define KVM_BPF_NCOUNTS		14	/* = KET_NCOUNTS = KC_NFIXED */
#define KVM_BPF_MAX_THREADS	64	/* = KVM_MAX_THREADS */

/* kvm_bpf_open flags: attach the count programs (the lean plan), and
 * which of their optional tracepoints this kernel has. */
#define KVM_BPF_COUNTS		(1u << 0)
#define KVM_BPF_HAVE_APIC_IPI	(1u << 1)
#define KVM_BPF_HAVE_WAKEUP	(1u << 2)
#define KVM_BPF_HAVE_PV_TLB_FLUSH (1u << 3)
#define KVM_BPF_HAVE_HYPERCALL	(1u << 4)
/* Time no exit (counts only: no kvm_entry program, so no entries count
 * either), or a random 1 in 2^k exits (k < 16). */
#define KVM_BPF_NO_TIMES	(1u << 5)
#define KVM_BPF_TIME_SHIFT(k)	((unsigned)(k) << 8)
#define KVM_BPF_TIME_SHIFT_OF(f) (((f) >> 8) & 0xf)

struct kvm_exit_time {
	uint32_t reason;
	uint64_t count;		/* exits seen */
	uint64_t timed;		/* exits closed by the next entry */
	uint64_t sum_ns, max_ns;
	uint64_t hist[KVM_BPF_HIST_SLOTS];	/* slot i: [2^i, 2^(i+1)) ns */
};

/* One thread's counts (index: enum kvm_fixed_counter). */
struct kvm_bpf_thread {
	pid_t tid;
	uint64_t n[KVM_BPF_NCOUNTS];
};

struct kvm_exit_times {
	unsigned n;		/* reasons, sorted by code */
	struct kvm_exit_time r[KVM_BPF_MAX_REASONS];
	uint64_t lost;		/* map inserts that failed and events of
				 * threads without a row (all targets) */
	uint64_t misses;	/* runs the kernel skipped (recursion, all
				 * programs: bpf_prog_info.recursion_misses) */
	int counts;		/* the count programs are attached: th and
				 * total hold every count, not just exits
				 * and entries */
	int timing;		/* exits are timed (r[].timed, sums, hist) */
	unsigned nthreads;	/* rows of the threads asked for, in order */
	struct kvm_bpf_thread th[KVM_BPF_MAX_THREADS];
	uint64_t total[KVM_BPF_NCOUNTS];	/* sum of th */
};

struct kvm_bpf;

/*
 * The loader as a table of operations: libtlbprobe itself never links
 * libbpf (the lab links the archive without it); programs that want exit
 * times link libtlbprobebpf.a with -lbpf -lelf -lz and hand
 * &kvm_bpf_times_ops to kvm_probe_use_times() (backend_kvm.h).
 */
struct kvm_times_ops {
	int (*open)(struct kvm_bpf **out, unsigned flags, char *why,
		    size_t n);
	int (*add_target)(struct kvm_bpf *b, pid_t tgid);
	int (*read)(struct kvm_bpf *b, pid_t tgid, const pid_t *tids,
		    unsigned ntids, struct kvm_exit_times *out);
	void (*close)(struct kvm_bpf *b);
};

extern const struct kvm_times_ops kvm_bpf_times_ops;

/* Load and attach (flags: KVM_BPF_*; without KVM_BPF_COUNTS only the
 * kvm_exit and kvm_entry programs).  Returns 0, or -errno with why (one
 * line, libbpf's last message included). */
int kvm_bpf_open(struct kvm_bpf **out, unsigned flags, char *why,
		 size_t n);
/* Time and count the exits of process tgid.  0 or -errno. */
int kvm_bpf_add_target(struct kvm_bpf *b, pid_t tgid);
/* The aggregates of tgid so far (cumulative), and the rows of its threads
 * tids (a thread without a row yet reads as zeros).  0 or -errno. */
int kvm_bpf_read(struct kvm_bpf *b, pid_t tgid, const pid_t *tids,
		 unsigned ntids, struct kvm_exit_times *out);
void kvm_bpf_close(struct kvm_bpf *b);

/*
 * Folding the maps as the kernel hands them out (kvm_bpf_fold.c, no
 * libbpf calls; the unit tests feed them fixtures).  The raw types are
 * bpf/kvm_exit_time.h's, passed as void pointers so that this header
 * needs no kernel types.
 *
 * kvm_bpf_fold_stat - add reason's per-CPU values (ncpus struct
 * ket_stat) to out as one more reason: counts and histograms summed, max
 * the largest.  0, or -ENOSPC when out has KVM_BPF_MAX_REASONS.
 */
int kvm_bpf_fold_stat(struct kvm_exit_times *out, uint32_t reason,
		      const void *percpu, int ncpus);
/*
 * kvm_bpf_fold_thread - row (one struct ket_thread, as read from slot
 * tid % KET_THREAD_SLOTS) as the next thread row of out, for tid of
 * process tgid: its counts when the row is the thread's, zeros when it
 * is free or another thread's (that thread's events count as lost in the
 * program).  0, or -ENOSPC.
 */
int kvm_bpf_fold_thread(struct kvm_exit_times *out, pid_t tid, pid_t tgid,
			const void *row);
/* The thread row slot of tid (= the program's). */
uint32_t kvm_bpf_thread_slot(pid_t tid);
/* Sort the reasons by code and sum the thread rows into total. */
void kvm_bpf_fold_done(struct kvm_exit_times *out);

/* Upper bound of a slot's nanoseconds (for percentiles). */
uint64_t kvm_exit_time_slot_high(unsigned slot);
/* The value at percentile p (0 < p <= 100) of a reason's histogram, as
 * the upper bound of its slot clamped to max_ns; 0 when nothing timed. */
uint64_t kvm_exit_time_percentile(const struct kvm_exit_time *t, double p);

#endif
