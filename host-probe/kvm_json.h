/*
 * kvm_json.h - the kvm backend's counts as JSON (jansson): one format for
 * result.json (the backend's details), `tlbprobe top --json` and the
 * nested probe stream (docs/probe-protocol.md describes the keys).
 * Each returns a new reference, or NULL when out of memory.
 */
#ifndef TLBPROBE_KVM_JSON_H
#define TLBPROBE_KVM_JSON_H

#include <jansson.h>

#include "backend_kvm.h"

#define KVM_JSON_VCPUS	(1 << 0)	/* per-vCPU rows */
#define KVM_JSON_TIMES	(1 << 1)	/* exit_times */
#define KVM_JSON_HIST	(1 << 2)	/* exit_times with p50/p99 */

/*
 * kvm_counts_json - counts of s (cumulative, or a window's difference):
 *   counters {key: n}: every planned count that exists in the kernel,
 *     from its perf counter or (lean plan) from BPF
 *   exits_by_reason {name: n}: the BPF program's full breakdown when it
 *     runs, else the per-reason counters plus "other"
 *   exits_by_reason_source: "bpf" | "counters"
 *   msr_writes {"0x830", "0x80b", "0x838", "x2apic", "all"}
 *   vcpus [{vcpu, tid, exits, icr_writes, msr_write_exits, hlt_exits,
 *     wakeups}] (what), exit_times {name: {count, avg_ns, max_ns
 *     [, p50_ns, p99_ns]}} or null (what)
 *   lost: BPF inserts that failed + counters that did not run all the time
 *   exits_bpf_minus_counter: exits the BPF program saw minus the exits
 *     counter (0 when both were attached before the guest ran and read
 *     after it stopped; otherwise the events between the two reads);
 *     only with exit times and an exits perf counter
 *   icr_writes_bpf_minus_counter: the same for ICR writes, when the BPF
 *     program counts MSR writes (lean plan)
 */
json_t *kvm_counts_json(const struct probe *p, const struct kvm_snapshot *s,
			unsigned what);

/* kvm_counts_json for a plan given as its parts (tests). */
json_t *kvm_counts_json_of(const struct kvm_tracepoints *tp,
			   const struct kvm_counter *c, unsigned n,
			   const struct kvm_snapshot *s, unsigned what);

/* "perf", "bpf" or "none": where counter c's counts come from. */
const char *kvm_counter_source(const struct kvm_counter *c);

/* The backend's details: isa, tracefs, counters plan, times status,
 * totals and windows (kvm_counts_json of each). */
json_t *kvm_probe_json(const struct probe *p);

#endif
