/*
 * kvm_events.h - which KVM tracepoints the kvm backend counts, and with
 * which in-kernel filters, resolved against the running kernel's tracefs.
 *
 * One perf counter per (counter, vCPU thread).  Fixed counters: all exits,
 * all entries, MSR writes, x2APIC MSR writes (0x800-0x8ff) with ICR
 * (0x830), EOI (0x80b) and TMICT (0x838) apart, kvm_apic_ipi, halt
 * wake-ups, PV TLB flushes and PV send-IPI hypercalls (where the kernel
 * has those events).  Per-reason counters, `exit_reason == N`, only for
 * the reasons that matter to this project (kvm_events.c lists them per
 * ISA): the full breakdown by reason, with times, comes from the BPF
 * program, and "other" = all exits - the listed ones keeps the counted
 * side complete without a counter for each of ~150 reasons.
 *
 * Every filter is checked against the event's format: a field the kernel
 * does not have is an error naming it, not a counter that silently counts
 * nothing (the kernel rejects an unknown field at SET_FILTER time too,
 * but only with EINVAL).
 *
 * That is the full plan.  Each perf counter on a hot tracepoint costs
 * every event of it a filter evaluation (and every context switch of the
 * thread a schedule in/out), which a nested L1 pays under TCG: so when the
 * BPF program loads, the lean plan keeps only the counters that prove
 * nothing was lost (exits, icr_writes) and takes every other fixed count
 * from the BPF program's per-thread rows (bpf/kvm_exit_time.h), the
 * breakdown by reason from its per-reason map.  Either way the same
 * members come out (kvm_json.h); each counter says where it comes from.
 */
#ifndef TLBPROBE_KVM_EVENTS_H
#define TLBPROBE_KVM_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "exit_reason.h"
#include "parse_error.h"
#include "tp_format.h"

enum kvm_fixed_counter {
	KC_EXITS,
	KC_ENTRIES,
	KC_MSR_WRITES,
	KC_ICR_WRITES,
	KC_X2APIC_WRITES,
	KC_EOI_WRITES,
	KC_TMICT_WRITES,
	KC_MSR_WRITE_EXITS,	/* kvm_exit for WRMSR (VMX 32, SVM msr+info1) */
	KC_HLT_EXITS,
	KC_APIC_IPIS,
	KC_WAKEUPS,
	KC_PV_TLB_FLUSHES,
	KC_PV_SEND_IPIS,
	KC_TSCDL_WRITES,	/* IA32_TSC_DEADLINE: the guest's timer */
	KC_NFIXED
};

#define KVM_MAX_COUNTERS	40

/* A planned counter.  Exactly one of present and bpf is set when the
 * count exists at all. */
struct kvm_counter {
	char key[40];		/* JSON key: "icr_writes", "exit:npf" */
	char label[20];		/* table column: "ICR_WR", "NPF" */
	const char *event;	/* kvm tracepoint name */
	uint32_t tp_id;
	char filter[160];	/* "" = none (perf) / what BPF counts */
	int present;		/* a perf counter per thread (0: the event
				 * is missing, or the plan takes it from
				 * BPF, or leaves it out) */
	int bpf;		/* from the BPF program's thread rows */
	const char *stat;	/* from KVM's own per-vCPU statistic of this
				 * name (kvm_stats.h), NULL: not */
	int is_reason;		/* per-reason exit counter (code below) */
	uint32_t code;
};

/* c counts per thread (a perf counter or the BPF program's rows). */
static inline int kvm_counter_per_thread(const struct kvm_counter *c)
{
	return c->present || c->bpf;
}

/* c is counted at all (per thread, or from KVM's VM-wide statistics). */
static inline int kvm_counter_counted(const struct kvm_counter *c)
{
	return kvm_counter_per_thread(c) || c->stat;
}

/*
 * Which counters a probe opens (tlbprobe --counters):
 *   full   a perf counter for every fixed count and listed reason; BPF
 *          (when it loads) only times exits and breaks them down
 *   lean   perf counters for exits and icr_writes only, the rest from
 *          BPF (which must load)
 *   KEYS   perf counters for these fixed keys (comma-separated, "none"
 *          for no key), the rest from BPF when it runs: for measuring
 *          what each counter costs
 *   stats  no hook on any exit: exits and hlt_exits from KVM's own
 *          per-vCPU statistics ("exits", "halt_exits", read at interval
 *          ends), icr_writes from one perf counter on kvm_msr (it runs
 *          on MSR exits only); no BPF, so no breakdown by reason and no
 *          exit times: what the probe costs least
 *   auto   lean when the BPF program loads, else full
 */
enum kvm_plan_kind {
	KVM_PLAN_AUTO,
	KVM_PLAN_FULL,
	KVM_PLAN_LEAN,
	KVM_PLAN_KEYS,
	KVM_PLAN_STATS,
};

struct kvm_plan {
	enum kvm_plan_kind kind;
	uint32_t perf;		/* KEYS, LEAN: 1 << KC_* kept as perf */
};

/* kvm_plan_parse - s (NULL = "auto") into p; -1 with why ("--counters:
 * no counter \"foo\" (counters: exits entries ...)"). */
int kvm_plan_parse(const char *s, struct kvm_plan *p, char *why, size_t n);

/* "auto", "full", "lean", "keys", "stats". */
const char *kvm_plan_name(enum kvm_plan_kind kind);

/* The key of fixed counter i ("exits"), NULL past the end. */
const char *kvm_fixed_key(int i);

/* The kvm events found in one tracefs. */
struct kvm_tracepoints {
	int isa;			/* KVM_ISA_VMX / KVM_ISA_SVM */
	struct tp_format exit, entry, msr, apic_ipi, wakeup, pv_tlb_flush,
		hypercall;
	int have_apic_ipi, have_wakeup, have_pv_tlb_flush, have_hypercall;
	/* reason names from kvm_exit's print fmt (else the static table) */
	struct exit_reason_map reasons;
	int reasons_from_kernel;
};

/*
 * kvm_tracepoints_load - read events/kvm/{kvm_exit,kvm_entry,kvm_msr,...}
 * under the tracefs root.  isa: KVM_ISA_* of the host (kvm_isa_detect());
 * KVM_ISA_NONE (another KVM flavour, e.g. kvm_pvm): no reason names, no
 * per-reason counters.
 * Returns 0, -ENOENT when kvm_exit, kvm_entry or kvm_msr is missing (kvm
 * module not loaded), -EBADMSG when a format does not parse (err says
 * which event in field and where), other -errno; why gets one line.
 */
int kvm_tracepoints_load(struct kvm_tracepoints *t, const char *root,
			 int isa, char *why, size_t n);

/*
 * kvm_time_sample_auto - how many exits per timed exit by default: 1 when
 * the clocksource under sysroot ("" for /) is cheap to read (tsc,
 * kvm-clock, a paravirtual or architected counter), else
 * KVM_TIME_SAMPLE_SLOW: each timed exit reads the clock twice, and an
 * HPET or ACPI PM timer read is a device access (in a nested L1 under TCG
 * an emulated one, taken under QEMU's global lock).
 */
#define KVM_TIME_SAMPLE_SLOW	16
unsigned kvm_time_sample_auto(const char *sysroot);

/* The host's ISA from /sys/module/kvm_amd or kvm_intel under sysroot
 * ("" for /); KVM_ISA_NONE when neither module is loaded, -ENOENT when
 * not even /sys/module/kvm is there. */
int kvm_isa_detect(const char *sysroot);

/*
 * kvm_filter_check - 0 when every field filter names exists in f, else
 * -1 with why ("kvm_msr: no field \"msr\" (fields: write ecx data
 * exception)").
 */
int kvm_filter_check(const struct tp_format *f, const char *filter,
		     char *why, size_t n);

/*
 * kvm_counters_plan - the counters for t, fixed ones first (index =
 * enum kvm_fixed_counter), then one per listed reason of t->isa.  Fills
 * out (max entries); returns the count, or -1 with why when a filter
 * does not fit the kernel's fields.
 */
int kvm_counters_plan(const struct kvm_tracepoints *t,
		      struct kvm_counter *out, size_t max, char *why,
		      size_t n);

/*
 * kvm_counters_plan_for - the counters of plan (resolved: FULL, LEAN,
 * KEYS or STATS) for t: FULL is kvm_counters_plan(); LEAN and KEYS give
 * the fixed counters only (index = enum kvm_fixed_counter), the planned
 * ones as perf counters, every other one from BPF when bpf is set (the
 * program's count programs run) or not at all; STATS the fixed counters
 * with icr_writes as perf, exits and hlt_exits from KVM's statistics, the
 * rest not at all.  Returns the count, or -1 with why.
 */
int kvm_counters_plan_for(const struct kvm_tracepoints *t,
			  const struct kvm_plan *plan, int bpf,
			  struct kvm_counter *out, size_t max, char *why,
			  size_t n);

/* The name of reason code (kernel's table, else the static one, else
 * "0xNNN" in buf). */
const char *kvm_reason_name(const struct kvm_tracepoints *t, uint32_t code,
			    char *buf, size_t size);

#endif
