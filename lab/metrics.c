/*
 * metrics.c - the metric table; see metrics.h.
 *
 * "Window" = the guest's measured window, from the agent's phase "run"
 * to phase "done"; host counts are taken over the same window (tcg, kvm:
 * cut when the lab received those two lines; nested: by tlbprobe in L1
 * as it relayed them), and rates divide by timing.window_s.
 */
#include <stdio.h>
#include <string.h>

#include "jpath.h"
#include "metrics.h"

/* A metric by name (the table's own entries only: never NULL there). */
static int value_of(const char *name, const json_t *v, double *out)
{
	return metric_value(metric_find(name), v, out);
}

/* Linux 6.1 counts both call-function vectors in CAL (its TLB line is a
 * subset of CAL, not an addition) and reschedules in RES. */
static int guest_ipis_rx(const json_t *v, double *out)
{
	double cal, res;

	if (jpath_num(v, "guest.summary.irq_total.CAL", &cal) ||
	    jpath_num(v, "guest.summary.irq_total.RES", &res))
		return -1;
	*out = cal + res;
	return 0;
}

/* Host deliveries of the vectors whose receipts the guest counts in CAL
 * and RES, over guest receipts: 1.0 means both sides saw the same IPIs. */
static int ipi_agreement(const json_t *v, double *out)
{
	double host, guest;

	if (value_of("host_linux_ipis", v, &host) ||
	    guest_ipis_rx(v, &guest) || guest <= 0)
		return -1;
	*out = host / guest;
	return 0;
}

static int madvise_calls(const json_t *v, double *out)
{
	double d, f, o;

	if (value_of("madvise_dontneed", v, &d) ||
	    value_of("madvise_free", v, &f) ||
	    value_of("madvise_other", v, &o))
		return -1;
	*out = d + f + o;
	return 0;
}

static int madvise_per_s(const json_t *v, double *out)
{
	double n, s;

	if (madvise_calls(v, &n) || jpath_num(v, "timing.window_s", &s) ||
	    s <= 0)
		return -1;
	*out = n / s;
	return 0;
}

static int ipis_per_madvise(const json_t *v, double *out)
{
	double ipis, calls;

	if (value_of("host_ipis", v, &ipis) || madvise_calls(v, &calls) ||
	    calls <= 0)
		return -1;
	*out = ipis / calls;
	return 0;
}

static int thp_share_pct(const json_t *v, double *out)
{
	double huge, anon;

	if (jpath_num(v, "host.memory.smaps.anon_huge_kb", &huge) ||
	    jpath_num(v, "host.memory.smaps.anonymous_kb", &anon) || anon <= 0)
		return -1;
	*out = 100.0 * huge / anon;
	return 0;
}

/* Nested (and kvm) mode: KVM's own counts from tlbprobe, window part. */
#define KW "host.ipis.kvm_window."

static int kvm_window(const json_t *v, const char *path, double *out)
{
	char full[128];

	snprintf(full, sizeof(full), KW "%s", path);
	return jpath_num(v, full, out);
}

/* ICR writes among all MSR writes: the article's "mostly wrmsr ICR". */
static int icr_msr_share_pct(const json_t *v, double *out)
{
	double icr, all;

	if (kvm_window(v, "msr_writes.0x830", &icr) ||
	    kvm_window(v, "msr_writes.all", &all) || all <= 0)
		return -1;
	*out = 100.0 * icr / all;
	return 0;
}

/*
 * ICR writes over the next biggest MSR written (TSC deadline, EOI,
 * TMICT, or all other MSRs together): above 1, the ICR is the top MSR
 * exit, as the article's host saw.
 */
static int icr_top_msr_ratio(const json_t *v, double *out)
{
	static const char *const others[] = {
		"msr_writes.0x6e0", "msr_writes.0x80b", "msr_writes.0x838",
	};
	double icr, all, x2apic, tscdl, next = 0, w;

	if (kvm_window(v, "msr_writes.0x830", &icr) ||
	    kvm_window(v, "msr_writes.all", &all) ||
	    kvm_window(v, "msr_writes.x2apic", &x2apic) ||
	    kvm_window(v, "msr_writes.0x6e0", &tscdl))
		return -1;
	for (size_t i = 0; i < 3; i++)
		if (!kvm_window(v, others[i], &w) && w > next)
			next = w;
	/* Non-x2APIC MSRs other than the TSC deadline, as one. */
	if (all - x2apic - tscdl > next)
		next = all - x2apic - tscdl;
	if (next <= 0)
		return -1;
	*out = icr / next;
	return 0;
}

/* x2APIC IPI traffic (ICR sends and EOI acknowledgements) among all MSR
 * writes: without APICv/AVIC both exit, one each per IPI. */
static int ipi_msr_share_pct(const json_t *v, double *out)
{
	double icr, eoi, all;

	if (kvm_window(v, "msr_writes.0x830", &icr) ||
	    kvm_window(v, "msr_writes.0x80b", &eoi) ||
	    kvm_window(v, "msr_writes.all", &all) || all <= 0)
		return -1;
	*out = 100.0 * (icr + eoi) / all;
	return 0;
}

/* Exit handling time of MSR exits (SVM names it msr, VMX MSR_WRITE). */
static int msr_exit_avg_us(const json_t *v, double *out)
{
	double ns;

	if (kvm_window(v, "exit_times.msr.avg_ns", &ns) &&
	    kvm_window(v, "exit_times.MSR_WRITE.avg_ns", &ns))
		return -1;
	*out = ns / 1000.0;
	return 0;
}

/* Lost in the window or, if more, over the whole run. */
static int lost_events(const json_t *v, double *out)
{
	double w, all;

	if (kvm_window(v, "lost", &w))
		return -1;
	if (!jpath_num(v, "host.ipis.kvm_lifetime.lost", &all) && all > w)
		w = all;
	*out = w;
	return 0;
}

#define GUEST_IRQ "guest: /proc/interrupts "
#define L1_PROBE "host nested: tlbprobe in L1, "
#define AGENT "guest: tlbagent "
#define SUMMARY "guest.summary."
#define HOST_IPIS "host.ipis.source"

const struct metric metrics[] = {
	{ .name = "host_ipis_per_s", .label = "IPIs sent /s", .unit = "1/s",
	  .source_path = HOST_IPIS, .path = "host.ipis.window.writes",
	  .per_s = 1 },
	{ .name = "host_ipis", .label = "IPIs sent", .unit = "count",
	  .source_path = HOST_IPIS, .path = "host.ipis.window.writes" },
	{ .name = "host_exits_per_s", .label = "vmexits /s", .unit = "1/s",
	  .source = L1_PROBE "kvm:kvm_exit perf counters",
	  .path = KW "counters.exits", .per_s = 1, .needs_exits = 1 },
	{ .name = "host_exits", .label = "vmexits", .unit = "count",
	  .source = L1_PROBE "kvm:kvm_exit perf counters",
	  .path = KW "counters.exits", .needs_exits = 1 },
	{ .name = "msr_write_exits_per_s", .label = "MSR-write exits /s",
	  .unit = "1/s",
	  .source = L1_PROBE "kvm:kvm_exit msr (write), BPF (lean plan) "
		    "or perf counters (full)",
	  .path = KW "counters.msr_write_exits", .per_s = 1,
	  .needs_exits = 1 },
	{ .name = "icr_msr_share_pct", .label = "ICR share of MSR writes",
	  .unit = "%", .source = L1_PROBE "kvm:kvm_msr 0x830 / all MSR writes",
	  .decimals = 1, .get = icr_msr_share_pct, .needs_exits = 1 },
	{ .name = "icr_top_msr_ratio", .label = "ICR writes / next MSR",
	  .unit = "ratio",
	  .source = L1_PROBE "kvm:kvm_msr 0x830 / max(0x6e0, 0x80b, 0x838, rest)",
	  .decimals = 2, .get = icr_top_msr_ratio, .needs_exits = 1 },
	{ .name = "ipi_msr_share_pct", .label = "ICR+EOI share of MSR writes",
	  .unit = "%",
	  .source = L1_PROBE "kvm:kvm_msr (0x830 + 0x80b) / all MSR writes",
	  .decimals = 1, .get = ipi_msr_share_pct, .needs_exits = 1 },
	{ .name = "msr_exit_avg_us", .label = "MSR exit handling mean",
	  .unit = "us",
	  .source = L1_PROBE "BPF kvm_exit->kvm_entry time (emulated)",
	  .decimals = 1, .get = msr_exit_avg_us, .needs_exits = 1 },
	{ .name = "lost_events", .label = "probe events lost", .unit = "count",
	  .source = L1_PROBE "counters never descheduled + BPF failed "
		    "inserts, skipped runs, shared thread rows",
	  .get = lost_events, .needs_exits = 1 },
	{ .name = "guest_tlb_per_s", .label = "TLB shootdowns /s",
	  .unit = "1/s", .source = GUEST_IRQ "TLB, summed over CPUs",
	  .path = SUMMARY "irq_total.TLB", .per_s = 1 },
	{ .name = "guest_tlb", .label = "TLB shootdowns", .unit = "count",
	  .source = GUEST_IRQ "TLB, summed over CPUs",
	  .path = SUMMARY "irq_total.TLB" },
	{ .name = "host_linux_ipis", .label = "IPIs delivered, 0xfb-0xfd",
	  .unit = "count", .source_path = HOST_IPIS,
	  .path = "host.ipis.window.linux_ipis" },
	{ .name = "guest_ipis_rx", .label = "IPIs received", .unit = "count",
	  .source = GUEST_IRQ "CAL+RES, summed over CPUs",
	  .get = guest_ipis_rx },
	{ .name = "ipi_agreement", .label = "host sent / guest received",
	  .unit = "ratio", .source = "host 0xfb-0xfd deliveries / guest CAL+RES",
	  .decimals = 3, .get = ipi_agreement },
	{ .name = "ipis_per_madvise", .label = "IPIs per madvise call",
	  .unit = "ratio", .source = "host IPIs sent / guest madvise calls",
	  .decimals = 2, .get = ipis_per_madvise },
	{ .name = "madvise_per_s", .label = "madvise calls /s", .unit = "1/s",
	  .source = AGENT "madvise() wrapper, all advice",
	  .get = madvise_per_s },
	{ .name = "madvise_dontneed", .label = "madvise DONTNEED",
	  .unit = "count", .source = AGENT "madvise() wrapper",
	  .path = SUMMARY "madvise.dontneed.calls" },
	{ .name = "madvise_free", .label = "madvise FREE", .unit = "count",
	  .source = AGENT "madvise() wrapper",
	  .path = SUMMARY "madvise.free.calls" },
	{ .name = "madvise_other", .label = "madvise other", .unit = "count",
	  .source = AGENT "madvise() wrapper",
	  .path = SUMMARY "madvise.other.calls" },
	{ .name = "ops_per_s", .label = "hot calls /s", .unit = "1/s",
	  .source = AGENT "workload", .path = SUMMARY "ops_per_s" },
	{ .name = "lat_mean_us", .label = "latency mean", .unit = "us",
	  .source = AGENT "hot-call histogram", .decimals = 1,
	  .path = SUMMARY "latency_ns.mean", .scale = 1e-3 },
	{ .name = "lat_p50_us", .label = "latency p50", .unit = "us",
	  .source = AGENT "hot-call histogram", .decimals = 1,
	  .path = SUMMARY "latency_ns.p50", .scale = 1e-3 },
	{ .name = "lat_p99_us", .label = "latency p99", .unit = "us",
	  .source = AGENT "hot-call histogram", .decimals = 1,
	  .path = SUMMARY "latency_ns.p99", .scale = 1e-3 },
	{ .name = "lat_p999_us", .label = "latency p99.9", .unit = "us",
	  .source = AGENT "hot-call histogram", .decimals = 1,
	  .path = SUMMARY "latency_ns.p999", .scale = 1e-3 },
	{ .name = "lat_max_us", .label = "latency max", .unit = "us",
	  .source = AGENT "hot-call histogram", .decimals = 1,
	  .path = SUMMARY "latency_ns.max", .scale = 1e-3 },
	{ .name = "guest_sys_pct", .label = "guest CPU sys", .unit = "%",
	  .source = "guest: /proc/stat, all CPUs, window", .decimals = 1,
	  .path = SUMMARY "cpu.sys_pct" },
	{ .name = "je_dirty_nmadvise", .label = "jemalloc dirty madvise",
	  .unit = "count",
	  .source = AGENT "mallctl stats.arenas.4096.dirty_nmadvise",
	  .path = SUMMARY "jemalloc.dirty_nmadvise" },
	{ .name = "je_dirty_npurge", .label = "jemalloc dirty purges",
	  .unit = "count",
	  .source = AGENT "mallctl stats.arenas.4096.dirty_npurge",
	  .path = SUMMARY "jemalloc.dirty_npurge" },
	{ .name = "qemu_anon_huge_mb", .label = "VM RAM on 2M pages",
	  .unit = "MiB", .source = "host: /proc/QEMU/smaps_rollup AnonHugePages",
	  .path = "host.memory.smaps.anon_huge_kb", .scale = 1.0 / 1024 },
	{ .name = "thp_share_pct", .label = "VM RAM 2M-backed", .unit = "%",
	  .source = "host: AnonHugePages / Anonymous of QEMU",
	  .get = thp_share_pct },
	{ .name = "host_free_2m_mib", .label = "host free in 2M+ blocks",
	  .unit = "MiB",
	  .source = "host: /proc/buddyinfo, free blocks of order >= 9",
	  .path = "host.memory.buddyinfo.mib_ge9" },
	{ .name = NULL },
};

const struct metric *metric_find(const char *name)
{
	for (const struct metric *m = metrics; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

int metric_value(const struct metric *m, const json_t *v, double *out)
{
	double x, s;

	if (m->get)
		return m->get(v, out);
	if (jpath_num(v, m->path, &x))
		return -1;
	x *= m->scale ? m->scale : 1;
	if (m->per_s) {
		if (jpath_num(v, "timing.window_s", &s) || s <= 0)
			return -1;
		x /= s;
	}
	*out = x;
	return 0;
}

const char *metric_source(const struct metric *m, const json_t *variant)
{
	const char *s = m->source_path ? jpath_str(variant, m->source_path)
				       : NULL;

	return s ? s : (m->source ? m->source : "host");
}

void metrics_fill(json_t *variant)
{
	json_t *obj = json_object();
	double v;

	for (const struct metric *m = metrics; m->name; m++)
		if (!metric_value(m, variant, &v))
			json_object_set_new(obj, m->name, json_real(v));
	json_object_set_new(variant, "metrics", obj);
}
