/*
 * backend_kvm.h - the kvm backend: a KVM VM's exits counted on the host
 * (or in a nested L1) with perf counters on kvm tracepoints, one per
 * (counter, thread), plus exit handling times per reason from a BPF
 * program.  Serves PROBE_ACCEL_KVM and PROBE_ACCEL_NESTED.
 *
 * The stats plan hooks no exit at all: exits come from KVM's own
 * per-vCPU statistics (kvm_stats.h), which every plan also reads, when it
 * can, to check its exit count against.
 *
 * Counters never lose events: there is no buffer; each counter's
 * time_running is checked against time_enabled (a multiplexed counter
 * would be scaled, i.e. estimated), and the BPF side counts its own failed
 * map inserts.  Both are reported as "lost" - and must be 0.
 *
 * Windows: a counter backend must read its counters at the moment a
 * window opens or closes, so probe_window_begin/end (called when the
 * agent's phase lines arrive) take a snapshot here.
 */
#ifndef TLBPROBE_BACKEND_KVM_H
#define TLBPROBE_BACKEND_KVM_H

#include <stdint.h>
#include <sys/types.h>

#include "kvm_bpf.h"
#include "kvm_events.h"
#include "probe.h"

extern const struct probe_backend probe_backend_kvm;

#define KVM_MAX_THREADS	64

struct kvm_thread_counts {
	pid_t tid;
	int vcpu;		/* index (QMP order or "CPU N/KVM"), -1 unknown */
	uint64_t v[KVM_MAX_COUNTERS];
};

/* Cumulative counts at one moment. */
struct kvm_snapshot {
	int64_t t_ns;		/* CLOCK_REALTIME when read */
	unsigned nthreads;
	struct kvm_thread_counts th[KVM_MAX_THREADS];
	uint64_t total[KVM_MAX_COUNTERS];
	uint64_t not_running;	/* counters that were not counting all the
				 * time they were enabled (must stay 0) */
	int have_times;
	struct kvm_exit_times times;	/* from BPF, cumulative */
	int have_kvm_stats;		/* KVM's statistics read now (0 once
					 * the VM is gone: stale) */
	uint64_t kvm_stat_exits;	/* their "exits", all vCPUs: checks the
					 * exit count of any plan */
};

/* Where exit times come from (kvm_bpf.h); without it (NULL, the
 * default) the backend counts and says times are missing.  Call before
 * probe_open. */
void kvm_probe_use_times(const struct kvm_times_ops *ops);

/* The planned counters (index i of kvm_snapshot.total); NULL when p is
 * not a kvm probe. */
const struct kvm_counter *kvm_probe_counters(const struct probe *p,
					     unsigned *n);
const struct kvm_tracepoints *kvm_probe_tracepoints(const struct probe *p);
/* The newest snapshot (after attach, every sample/finish/window mark). */
const struct kvm_snapshot *kvm_probe_latest(const struct probe *p);
/*
 * kvm_probe_window - the snapshots at window id's begin and end (end =
 * the newest while the window is open).  Returns 0, -ENOENT.
 */
int kvm_probe_window(const struct probe *p, int id,
		     const struct kvm_snapshot **begin,
		     const struct kvm_snapshot **end);
/* 1 when window id has been ended. */
int kvm_probe_window_ended(const struct probe *p, int id);
/* 1 when fixed counter i has per-thread counts (a perf counter or BPF;
 * not KVM's debugfs statistics, which are VM totals). */
int kvm_probe_counts_per_thread(const struct probe *p, int i);
/* The plan the probe counts with (resolved: FULL, LEAN or KEYS). */
const struct kvm_plan *kvm_probe_plan(const struct probe *p);
/* Where the perf counters count: "thread" (one per vCPU thread) or
 * "cpu" (one per CPU and thread, --perf-scope cpu). */
const char *kvm_probe_perf_scope(const struct probe *p);
/* Exits per timed exit (1: all; 0: none are timed). */
unsigned kvm_probe_time_sample(const struct probe *p);
/* Why KVM's statistics are not read ("" when they are). */
const char *kvm_probe_kvm_stats_status(const struct probe *p);
/* Why there are no exit times ("" when there are). */
const char *kvm_probe_times_status(const struct probe *p);
/* The QEMU process attached to (0 before). */
pid_t kvm_probe_pid(const struct probe *p);

/*
 * kvm_snapshot_diff - out = b - a (counts over (a, b]; thread rows by tid,
 * threads absent from a count from zero).  Exit times: count, timed,
 * sum and histogram are differences; max_ns is b's (since attach).  The
 * BPF thread rows and totals, lost and misses are differences too.
 */
void kvm_snapshot_diff(const struct kvm_snapshot *a,
		       const struct kvm_snapshot *b, struct kvm_snapshot *out);

/* One exit reason's row for reports. */
struct kvm_reason_row {
	char name[32];
	uint32_t code;
	int other;		/* "other": exits of reasons without a counter */
	uint64_t count;
	const struct kvm_exit_time *time;	/* into s, NULL without BPF */
};

/*
 * kvm_snapshot_reasons - exits of s by reason into rows (max), largest
 * count first, zero counts left out: from the BPF aggregates when s has
 * them (every reason), else from the per-reason counters plus an "other"
 * row.  Returns the number of rows: 0 for a plan that counts no reason
 * (--counters stats), not one "other" row holding every exit.
 */
unsigned kvm_snapshot_reasons(const struct probe *p,
			      const struct kvm_snapshot *s,
			      struct kvm_reason_row *rows, unsigned max);

/*
 * kvm_snapshot_fill_bpf - the counts of plan c that come from BPF
 * (c[i].bpf) into s->total and s->th[].v, from s->times (its thread rows
 * by tid, its totals): after that s reads the same whatever the source.
 */
void kvm_snapshot_fill_bpf(const struct kvm_counter *c, unsigned nc,
			   struct kvm_snapshot *s);

/* kvm_snapshot_reasons for a plan given as its parts (tests). */
unsigned kvm_reasons_of(const struct kvm_tracepoints *tp,
			const struct kvm_counter *c, unsigned nc,
			const struct kvm_snapshot *s,
			struct kvm_reason_row *rows, unsigned max);

/* Lost events in s: BPF's failed inserts, events of threads without a
 * row and skipped runs, plus not_running counters. */
uint64_t kvm_snapshot_lost(const struct kvm_snapshot *s);

#endif
