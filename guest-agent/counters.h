/*
 * counters.h - one reading of every guest-side counter the agent reports,
 * and the difference between two readings (a window).
 *
 * /proc/interrupts (TLB, CAL, RES per CPU), /proc/stat (CPU time), the
 * madvise wrapper's counts and, when asked, jemalloc's purge statistics.
 */
#ifndef TLB_COUNTERS_H
#define TLB_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#include "irqstat.h"
#include "jemstats.h"
#include "madv_count.h"
#include "procstat.h"

struct gcounters {
	uint64_t t_ns;			/* CLOCK_MONOTONIC of the reading */
	struct irq_snapshot irq;
	struct cpu_times cpu;
	struct madv_stats madv;
	int has_jem;
	struct jem_stats jem;
};

struct gwindow {
	double duration_s;
	struct irq_snapshot irq;	/* per-CPU deltas */
	struct cpu_window cpu;
	struct madv_stats madv;
	int has_jem;
	struct jem_stats jem;
};

/*
 * gcounters_read - read everything now.  proc_dir is "/proc" (tests may
 * point it at a fixture tree).  Returns 0, or -1 with why filled, e.g.
 * "/proc/interrupts:12: TLB: 1 counts, header has 2 CPU columns".
 */
int gcounters_read(struct gcounters *out, const char *proc_dir, int with_jem,
		   char *why, size_t whylen);

/* The window between two readings.  Returns 0, or -1 with why filled
 * when the CPU columns of /proc/interrupts changed. */
int gcounters_window(const struct gcounters *earlier,
		     const struct gcounters *later, struct gwindow *out,
		     char *why, size_t whylen);

#endif
