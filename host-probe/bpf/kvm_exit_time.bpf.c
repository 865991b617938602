// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_exit_time.bpf.c - exit handling time per exit reason, aggregated in
 * the kernel (what `perf kvm stat` reports as Avg/Max time, without
 * streaming every event to user space).
 *
 * kvm:kvm_exit stamps the vCPU thread's exit (reason, time); the next
 * kvm:kvm_entry on that thread closes it.  Per (QEMU tgid, reason): exits
 * seen, exits timed, sum, max, and a log2 histogram of nanoseconds, in a
 * per-CPU hash read by user space when it samples.  Only processes in
 * `target` are counted.  A failed map insert (map full), or an open exit
 * overwritten by another thread sharing its slot, counts in `lost`, so
 * "lost 0" is checked, not assumed.
 *
 * Both programs return 1: for a tracepoint, a BPF program that returns 0
 * drops the event for every perf event on it (perf_trace_run_bpf_submit),
 * which would silently zero the kvm backend's exit counters.
 *
 * CO-RE: the tracepoint records are kvm module types; their field offsets
 * are relocated against the running kernel's module BTF
 * (/sys/kernel/btf/kvm) at load time.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "kvm_exit_time.h"

char LICENSE[] SEC("license") = "GPL";

/* The QEMU processes to time, set by user space before it attaches.  A
 * short array scanned per event costs less than a hash lookup, and this
 * runs on every exit and entry. */
__u32 target[KET_MAX_TARGETS];
__u32 ntarget;

/* Open exits by thread: an array indexed by the low bits of the thread
 * id, the tid kept to tell two threads apart; no hash update per exit. */
struct start {
	__u64 ts;
	__u32 reason;
	__u32 tgid;
	__u32 tid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KET_START_SLOTS);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

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

/* Local views of the tracepoint records; "___tlb" is a CO-RE flavour:
 * libbpf matches them to trace_event_raw_kvm_{exit,entry} by name. */
struct trace_event_raw_kvm_exit___tlb {
	unsigned int exit_reason;
	unsigned int vcpu_id;
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

SEC("tracepoint/kvm/kvm_exit")
int on_kvm_exit(struct trace_event_raw_kvm_exit___tlb *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct ket_key key = { .tgid = tgid };
	__u32 slot = tid & (KET_START_SLOTS - 1);
	struct start *st;
	struct ket_stat *s;

	if (!is_target(tgid))
		return 1;
	key.reason = ctx->exit_reason;
	s = bpf_map_lookup_elem(&stats, &key);
	if (!s) {
		bpf_map_update_elem(&stats, &key, &zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&stats, &key);
		if (!s) {
			count_lost();
			return 1;
		}
	}
	s->count++;
	st = bpf_map_lookup_elem(&starts, &slot);
	if (!st)
		return 1;	/* cannot happen: slot < max_entries */
	if (st->ts && st->tid != tid)
		count_lost();	/* two threads on one slot: one exit untimed */
	st->ts = bpf_ktime_get_ns();
	st->reason = key.reason;
	st->tgid = tgid;
	st->tid = tid;
	return 1;
}

SEC("tracepoint/kvm/kvm_entry")
int on_kvm_entry(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 slot = tid & (KET_START_SLOTS - 1);
	struct start *st = bpf_map_lookup_elem(&starts, &slot);
	struct ket_key key;
	struct ket_stat *s;
	__u64 delta;

	if (!st || !st->ts || st->tid != tid)
		return 1;
	delta = bpf_ktime_get_ns() - st->ts;
	key.tgid = st->tgid;
	key.reason = st->reason;
	st->ts = 0;
	s = bpf_map_lookup_elem(&stats, &key);
	if (!s)
		return 1;
	s->timed++;
	s->sum_ns += delta;
	if (delta > s->max_ns)
		s->max_ns = delta;
	s->hist[log2_slot(delta)]++;
	return 1;
}
