/*
 * metrics.c - the metric table; see metrics.h.
 *
 * "Window" = the guest's measured window, from the agent's phase "run"
 * to phase "done"; host counts are taken over the same window, timed by
 * when the lab received those two lines (timing.window_s).
 */
#include <stdio.h>
#include <string.h>

#include "jpath.h"
#include "metrics.h"

static int per_window_s(const json_t *v, double count, double *out)
{
	double s;

	if (jpath_num(v, "timing.window_s", &s) || s <= 0)
		return -1;
	*out = count / s;
	return 0;
}

static int host_ipis(const json_t *v, double *out)
{
	return jpath_num(v, "host.ipis.window.writes", out);
}

static int host_linux_ipis(const json_t *v, double *out)
{
	return jpath_num(v, "host.ipis.window.linux_ipis", out);
}

static int host_ipis_per_s(const json_t *v, double *out)
{
	double n;

	return host_ipis(v, &n) ? -1 : per_window_s(v, n, out);
}

static int guest_tlb(const json_t *v, double *out)
{
	return jpath_num(v, "guest.summary.irq_total.TLB", out);
}

static int guest_tlb_per_s(const json_t *v, double *out)
{
	double n;

	return guest_tlb(v, &n) ? -1 : per_window_s(v, n, out);
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

	if (jpath_num(v, "host.ipis.window.linux_ipis", &host) ||
	    guest_ipis_rx(v, &guest) || guest <= 0)
		return -1;
	*out = host / guest;
	return 0;
}

static int madvise_of(const json_t *v, const char *advice, double *out)
{
	char path[96];

	snprintf(path, sizeof(path), "guest.summary.madvise.%s.calls", advice);
	return jpath_num(v, path, out);
}

static int madvise_dontneed(const json_t *v, double *out)
{
	return madvise_of(v, "dontneed", out);
}

static int madvise_free(const json_t *v, double *out)
{
	return madvise_of(v, "free", out);
}

static int madvise_other(const json_t *v, double *out)
{
	return madvise_of(v, "other", out);
}

static int madvise_calls(const json_t *v, double *out)
{
	double d, f, o;

	if (madvise_dontneed(v, &d) || madvise_free(v, &f) ||
	    madvise_other(v, &o))
		return -1;
	*out = d + f + o;
	return 0;
}

static int madvise_per_s(const json_t *v, double *out)
{
	double n;

	return madvise_calls(v, &n) ? -1 : per_window_s(v, n, out);
}

static int ipis_per_madvise(const json_t *v, double *out)
{
	double ipis, calls;

	if (host_ipis(v, &ipis) || madvise_calls(v, &calls) || calls <= 0)
		return -1;
	*out = ipis / calls;
	return 0;
}

static int ops_per_s(const json_t *v, double *out)
{
	return jpath_num(v, "guest.summary.ops_per_s", out);
}

static int latency_us(const json_t *v, const char *which, double *out)
{
	char path[64];
	double ns;

	snprintf(path, sizeof(path), "guest.summary.latency_ns.%s", which);
	if (jpath_num(v, path, &ns))
		return -1;
	*out = ns / 1000.0;
	return 0;
}

#define LATENCY(name) \
	static int lat_##name##_us(const json_t *v, double *out) \
	{ return latency_us(v, #name, out); }
LATENCY(mean)
LATENCY(p50)
LATENCY(p99)
LATENCY(p999)
LATENCY(max)

static int guest_sys_pct(const json_t *v, double *out)
{
	return jpath_num(v, "guest.summary.cpu.sys_pct", out);
}

static int je_dirty_nmadvise(const json_t *v, double *out)
{
	return jpath_num(v, "guest.summary.jemalloc.dirty_nmadvise", out);
}

static int je_dirty_npurge(const json_t *v, double *out)
{
	return jpath_num(v, "guest.summary.jemalloc.dirty_npurge", out);
}

static int qemu_anon_huge_mb(const json_t *v, double *out)
{
	double kb;

	if (jpath_num(v, "host.memory.smaps.anon_huge_kb", &kb))
		return -1;
	*out = kb / 1024.0;
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

/* Nested (and kvm) mode: KVM's own counts, from tlbprobe. */
static int kvm_window(const json_t *v, const char *path, double *out)
{
	char full[128];

	snprintf(full, sizeof(full), "host.ipis.kvm_window.%s", path);
	return jpath_num(v, full, out);
}

static int host_exits_per_s(const json_t *v, double *out)
{
	double n;

	return kvm_window(v, "counters.exits", &n) ? -1
						   : per_window_s(v, n, out);
}

static int host_exits(const json_t *v, double *out)
{
	return kvm_window(v, "counters.exits", out);
}

static int msr_write_exits_per_s(const json_t *v, double *out)
{
	double n;

	return kvm_window(v, "counters.msr_write_exits", &n) ? -1
		: per_window_s(v, n, out);
}

/* ICR writes among all MSR writes: the article's "mostly wrmsr ICR". */
static int icr_msr_share_pct(const json_t *v, double *out)
{
	double icr, all;

	if (kvm_window(v, "counters.icr_writes", &icr) ||
	    kvm_window(v, "counters.msr_writes", &all) || all <= 0)
		return -1;
	*out = 100.0 * icr / all;
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

/*
 * ICR writes over the next biggest MSR written (TSC deadline, EOI,
 * TMICT, or all other MSRs together): above 1, the ICR is the top MSR
 * exit, as the article's host saw.
 */
static int icr_top_msr_ratio(const json_t *v, double *out)
{
	static const char *const others[] = { "0x6e0", "0x80b", "0x838" };
	double icr, all, x2apic, tscdl, next = 0, w;

	if (kvm_window(v, "msr_writes.0x830", &icr) ||
	    kvm_window(v, "msr_writes.all", &all) ||
	    kvm_window(v, "msr_writes.x2apic", &x2apic) ||
	    kvm_window(v, "msr_writes.0x6e0", &tscdl))
		return -1;
	for (size_t i = 0; i < 3; i++) {
		char path[32];

		snprintf(path, sizeof(path), "msr_writes.%s", others[i]);
		if (!kvm_window(v, path, &w) && w > next)
			next = w;
	}
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

const struct metric metrics[] = {
	{ "host_ipis_per_s", "IPIs sent /s", "1/s", NULL, "host.ipis.source",
	  0, host_ipis_per_s, 0 },
	{ "host_ipis", "IPIs sent", "count", NULL, "host.ipis.source", 0,
	  host_ipis, 0 },
	{ "host_exits_per_s", "vmexits /s", "1/s",
	  L1_PROBE "kvm:kvm_exit perf counters", NULL, 0, host_exits_per_s, 1 },
	{ "host_exits", "vmexits", "count",
	  L1_PROBE "kvm:kvm_exit perf counters", NULL, 0, host_exits, 1 },
	{ "msr_write_exits_per_s", "MSR-write exits /s", "1/s",
	  L1_PROBE "kvm:kvm_exit msr (write) counters", NULL, 0,
	  msr_write_exits_per_s, 1 },
	{ "icr_msr_share_pct", "ICR share of MSR writes", "%",
	  L1_PROBE "kvm:kvm_msr 0x830 / all MSR writes", NULL, 1,
	  icr_msr_share_pct, 1 },
	{ "icr_top_msr_ratio", "ICR writes / next MSR", "ratio",
	  L1_PROBE "kvm:kvm_msr 0x830 / max(0x6e0, 0x80b, 0x838, rest)", NULL,
	  2, icr_top_msr_ratio, 1 },
	{ "ipi_msr_share_pct", "ICR+EOI share of MSR writes", "%",
	  L1_PROBE "kvm:kvm_msr (0x830 + 0x80b) / all MSR writes", NULL, 1,
	  ipi_msr_share_pct, 1 },
	{ "msr_exit_avg_us", "MSR exit handling mean", "us",
	  L1_PROBE "BPF kvm_exit->kvm_entry time (emulated)", NULL, 1,
	  msr_exit_avg_us, 1 },
	{ "lost_events", "probe events lost", "count",
	  L1_PROBE "counters never descheduled + BPF inserts", NULL, 0,
	  lost_events, 1 },
	{ "guest_tlb_per_s", "TLB shootdowns /s", "1/s",
	  GUEST_IRQ "TLB, summed over CPUs", NULL, 0, guest_tlb_per_s, 0 },
	{ "guest_tlb", "TLB shootdowns", "count",
	  GUEST_IRQ "TLB, summed over CPUs", NULL, 0, guest_tlb, 0 },
	{ "host_linux_ipis", "IPIs delivered, 0xfb-0xfd", "count", NULL,
	  "host.ipis.source", 0, host_linux_ipis, 0 },
	{ "guest_ipis_rx", "IPIs received", "count",
	  GUEST_IRQ "CAL+RES, summed over CPUs", NULL, 0, guest_ipis_rx, 0 },
	{ "ipi_agreement", "host sent / guest received", "ratio",
	  "host 0xfb-0xfd deliveries / guest CAL+RES", NULL, 3,
	  ipi_agreement, 0 },
	{ "ipis_per_madvise", "IPIs per madvise call", "ratio",
	  "host IPIs sent / guest madvise calls", NULL, 2, ipis_per_madvise, 0 },
	{ "madvise_per_s", "madvise calls /s", "1/s",
	  AGENT "madvise() wrapper, all advice", NULL, 0, madvise_per_s, 0 },
	{ "madvise_dontneed", "madvise DONTNEED", "count",
	  AGENT "madvise() wrapper", NULL, 0, madvise_dontneed, 0 },
	{ "madvise_free", "madvise FREE", "count",
	  AGENT "madvise() wrapper", NULL, 0, madvise_free, 0 },
	{ "madvise_other", "madvise other", "count",
	  AGENT "madvise() wrapper", NULL, 0, madvise_other, 0 },
	{ "ops_per_s", "hot calls /s", "1/s", AGENT "workload", NULL, 0,
	  ops_per_s, 0 },
	{ "lat_mean_us", "latency mean", "us", AGENT "hot-call histogram",
	  NULL, 1, lat_mean_us, 0 },
	{ "lat_p50_us", "latency p50", "us", AGENT "hot-call histogram",
	  NULL, 1, lat_p50_us, 0 },
	{ "lat_p99_us", "latency p99", "us", AGENT "hot-call histogram",
	  NULL, 1, lat_p99_us, 0 },
	{ "lat_p999_us", "latency p99.9", "us", AGENT "hot-call histogram",
	  NULL, 1, lat_p999_us, 0 },
	{ "lat_max_us", "latency max", "us", AGENT "hot-call histogram",
	  NULL, 1, lat_max_us, 0 },
	{ "guest_sys_pct", "guest CPU sys", "%",
	  "guest: /proc/stat, all CPUs, window", NULL, 1, guest_sys_pct, 0 },
	{ "je_dirty_nmadvise", "jemalloc dirty madvise", "count",
	  AGENT "mallctl stats.arenas.4096.dirty_nmadvise", NULL, 0,
	  je_dirty_nmadvise, 0 },
	{ "je_dirty_npurge", "jemalloc dirty purges", "count",
	  AGENT "mallctl stats.arenas.4096.dirty_npurge", NULL, 0,
	  je_dirty_npurge, 0 },
	{ "qemu_anon_huge_mb", "VM RAM on 2M pages", "MiB",
	  "host: /proc/QEMU/smaps_rollup AnonHugePages", NULL, 0,
	  qemu_anon_huge_mb, 0 },
	{ "thp_share_pct", "VM RAM 2M-backed", "%",
	  "host: AnonHugePages / Anonymous of QEMU", NULL, 0, thp_share_pct, 0 },
	{ NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 },
};

const struct metric *metric_find(const char *name)
{
	for (const struct metric *m = metrics; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
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
		if (!m->get(variant, &v))
			json_object_set_new(obj, m->name, json_real(v));
	json_object_set_new(variant, "metrics", obj);
}
