/*
 * kvm_bpf.h - user side of the exit-time BPF program
 * (bpf/kvm_exit_time.bpf.c): load and attach it, say which QEMU processes
 * to time, read the per-reason aggregates.
 *
 * Loading needs root, a kernel with BPF and BTF (the kvm module's BTF for
 * the CO-RE relocations), and the kvm tracepoints.  When any of this is
 * missing kvm_bpf_open() fails with a reason and the kvm backend counts
 * without times.
 */
#ifndef TLBPROBE_KVM_BPF_H
#define TLBPROBE_KVM_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define KVM_BPF_HIST_SLOTS	64	/* = KET_HIST_SLOTS */
#define KVM_BPF_MAX_REASONS	64	/* a VM hits 10-20 */

struct kvm_exit_time {
	uint32_t reason;
	uint64_t count;		/* exits seen */
	uint64_t timed;		/* exits closed by the next entry */
	uint64_t sum_ns, max_ns;
	uint64_t hist[KVM_BPF_HIST_SLOTS];	/* slot i: [2^i, 2^(i+1)) ns */
};

struct kvm_exit_times {
	unsigned n;		/* reasons, sorted by code */
	struct kvm_exit_time r[KVM_BPF_MAX_REASONS];
	uint64_t lost;		/* map inserts that failed (all targets) */
};

struct kvm_bpf;

/*
 * The loader as a table of operations: libtlbprobe itself never links
 * libbpf (the lab links the archive without it); programs that want exit
 * times link libtlbprobebpf.a with -lbpf -lelf -lz and hand
 * &kvm_bpf_times_ops to kvm_probe_use_times() (backend_kvm.h).
 */
struct kvm_times_ops {
	int (*open)(struct kvm_bpf **out, char *why, size_t n);
	int (*add_target)(struct kvm_bpf *b, pid_t tgid);
	int (*read)(struct kvm_bpf *b, pid_t tgid,
		    struct kvm_exit_times *out);
	void (*close)(struct kvm_bpf *b);
};

extern const struct kvm_times_ops kvm_bpf_times_ops;

/* Load and attach.  Returns 0, or -errno with why (one line, libbpf's
 * last message included). */
int kvm_bpf_open(struct kvm_bpf **out, char *why, size_t n);
/* Time the exits of process tgid.  0 or -errno. */
int kvm_bpf_add_target(struct kvm_bpf *b, pid_t tgid);
/* The aggregates of tgid so far (cumulative).  0 or -errno. */
int kvm_bpf_read(struct kvm_bpf *b, pid_t tgid, struct kvm_exit_times *out);
void kvm_bpf_close(struct kvm_bpf *b);

/* Upper bound of a slot's nanoseconds (for percentiles). */
uint64_t kvm_exit_time_slot_high(unsigned slot);
/* The value at percentile p (0 < p <= 100) of a reason's histogram, as
 * the upper bound of its slot clamped to max_ns; 0 when nothing timed. */
uint64_t kvm_exit_time_percentile(const struct kvm_exit_time *t, double p);

#endif
