/*
 * trace_reader.h - count the IPIs in a QEMU apic_mem_writel trace, fed
 * incrementally (the live tail of a file QEMU is still writing).
 *
 * Each fixed-delivery ICR-low write is one IPI write; its destinations are
 * expanded to vCPU indices: a logical destination is a flat bitmask of
 * logical APIC IDs (mapped to vCPUs through the LDR each vCPU writes,
 * identity - bit n = CPU n, what Linux writes - until then), a physical
 * one an APIC ID (= vCPU index, QEMU's default topology; 0xff =
 * broadcast), a shorthand self/all/all-but-self.  The ICR high of each
 * vCPU starts at 0, its reset value, so the count is exact when the trace
 * starts with QEMU.  Under KVM (x2APIC) none of this applies: that is the
 * kvm backend's job.
 *
 * Windows.  The lab learns a measured window [t0, t1) only when the
 * agent's phase lines arrive, possibly after the trace lines inside it
 * were read.  The reader therefore keeps one 16-byte record per delivery
 * (config keep_events) and counts any window afterwards from them: exact
 * (same integer microseconds the trace carries; no re-reading of a file
 * that may have been rotated or deleted), and small (the measured 2,000-
 * shootdown run with 4 vCPUs is ~6,000 deliveries = 96 KiB).
 */
#ifndef TLBPROBE_TRACE_READER_H
#define TLBPROBE_TRACE_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "icr.h"
#include "ipi_tally.h"
#include "parse_error.h"

#define TRACE_MAX_LINE	4096	/* longer lines are malformed */

struct trace_reader_config {
	/*
	 * vcpu_tids[i] = host thread id of vCPU i (QMP query-cpus-fast
	 * "thread-id" by "cpu-index"); NULL = number threads in order of
	 * first appearance in the trace (vCPU 0 boots first; APs come up in
	 * order).  With a map, other threads count as IPI_CPU_UNKNOWN.
	 */
	const pid_t *vcpu_tids;
	unsigned nvcpus;
	/* vCPUs that shorthands and physical broadcast reach; 0 = nvcpus
	 * with a map, else the threads seen so far. */
	unsigned ncpus;
	int keep_events;	/* keep deliveries for trace_reader_window() */
	size_t max_events;	/* 0 = no limit; past it, events_dropped */
};

struct trace_stats {
	uint64_t lines;		/* complete lines consumed, blank ones too */
	uint64_t apic_writes;	/* apic_mem_writel lines */
	uint64_t icr_hi_writes;
	uint64_t icr_lo_writes;
	uint64_t by_delivery[ICR_NDELIVERY];	/* ICR-low writes per mode */
	uint64_t other_writes;	/* other registers: EOI, timer, LVT, LDR... */
	uint64_t other_events;	/* well-formed lines of other trace events */
	uint64_t malformed;	/* lines that are none of the above */
	uint64_t first_malformed_line;	/* 1-based; 0 = none */
	struct parse_error first_malformed;	/* why (line = low 32 bits) */
	uint64_t unknown_writes;	/* ICR-low writes by unmapped threads */
	unsigned threads;	/* distinct writer threads seen */
	unsigned unknown_threads;	/* of which not in the map */
	uint64_t cluster_dfr;	/* DFR writes selecting cluster model (logical
				 * destinations are still decoded as flat) */
	int64_t first_us, last_us;	/* span of timestamped lines; 0 = none */
	uint64_t events_kept;
	uint64_t events_dropped;	/* over max_events or out of memory */
};

struct trace_thread {
	pid_t tid;
	uint16_t cpu;		/* vCPU index or IPI_CPU_UNKNOWN */
	uint32_t icr_hi;	/* ICR high in force (private) */
	uint64_t icr_writes;	/* ICR-low writes, any delivery mode */
};

struct ipi_event;

struct trace_reader {
	struct trace_reader_config cfg;
	struct trace_stats stats;
	struct ipi_tally total;	/* everything so far */
	int map_given;		/* cfg.vcpu_tids was set */
	/* private */
	pid_t *map;
	struct trace_thread *thr;
	size_t nthr, capthr, last_thr;
	uint16_t ldr_cpu[8];	/* logical bit -> vCPU */
	struct ipi_event *ev;
	size_t nev, capev;
	char *part;		/* incomplete last line */
	size_t npart;
	int skipping;		/* inside an over-long line */
};

/*
 * trace_reader_init - start an empty reader.  The map is copied.  Returns
 * 0, -EINVAL (nvcpus > IPI_MAX_CPUS, a zero or repeated thread id: two
 * vCPUs on one thread means single-threaded TCG, where the trace cannot
 * tell vCPUs apart; use -accel tcg,thread=multi) or -ENOMEM.
 */
int trace_reader_init(struct trace_reader *r,
		      const struct trace_reader_config *cfg);
void trace_reader_free(struct trace_reader *r);

/*
 * trace_reader_feed - consume len more bytes of the trace.  A last line
 * without its '\n' is kept until the next feed.  Malformed lines are
 * counted in stats, not fatal.  Returns 0, or -ENOMEM (the reader stays
 * usable; the counts may then miss the line being decoded).
 */
int trace_reader_feed(struct trace_reader *r, const char *buf, size_t len);

/*
 * trace_reader_finish - the trace has ended (QEMU exited): decode a kept
 * partial line as a whole line (a line cut by a kill is then counted as
 * malformed).  Returns 0 or -ENOMEM.
 */
int trace_reader_finish(struct trace_reader *r);

/*
 * trace_reader_window - IPIs with a timestamp in [t0_ns, t1_ns)
 * (CLOCK_REALTIME nanoseconds since the epoch, the clock of
 * -msg timestamp=on) into out (initialised here; free it with
 * ipi_tally_free).  Exact only for lines already fed.  Returns 0,
 * -EINVAL (t1 < t0, or keep_events off), -ENOSPC (deliveries were
 * dropped: the count would be short), -ENOMEM.
 */
int trace_reader_window(const struct trace_reader *r, int64_t t0_ns,
			int64_t t1_ns, struct ipi_tally *out);

/* The effective vCPU count used for shorthands (see config ncpus). */
unsigned trace_reader_ncpus(const struct trace_reader *r);

/* Writer threads in order of first appearance; *n set to their count. */
const struct trace_thread *trace_reader_threads(const struct trace_reader *r,
						size_t *n);

#endif
