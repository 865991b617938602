/*
 * irqstat.h - the TLB, CAL and RES lines of /proc/interrupts, per CPU.
 *
 * A madvise(MADV_DONTNEED) on memory that other CPUs may cache sends them a
 * TLB-shootdown IPI (counted on the TLB line of each *receiving* CPU); CAL
 * counts generic function-call IPIs and RES rescheduling IPIs.  Their
 * per-CPU deltas over a window are the guest-side half of the article 000
 * diagnosis ("watch /proc/interrupts | grep TLB").
 *
 * The file starts with a header naming the CPU columns ("CPU0 CPU1 ...";
 * offline CPUs are missing, so column != CPU number in general), then one
 * line per source: "LABEL: count... [description]".  Some lines carry fewer
 * counts than there are columns (ERR:, MIS: have one); only the three lines
 * we track must have one count per column.
 */
#ifndef TLB_IRQSTAT_H
#define TLB_IRQSTAT_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

#define IRQ_MAX_CPUS	512

enum irq_line { IRQ_TLB, IRQ_CAL, IRQ_RES, IRQ_NLINES };

struct irq_snapshot {
	unsigned ncols;				/* CPU columns in the header */
	unsigned cpu[IRQ_MAX_CPUS];		/* CPU number of each column */
	uint64_t count[IRQ_NLINES][IRQ_MAX_CPUS];	/* [line][column] */
};

/* "TLB", "CAL", "RES". */
const char *irq_line_name(enum irq_line line);

/*
 * irq_parse - parse len bytes of /proc/interrupts text into out.
 * Returns 0, or -1 with err naming the line and field: "header" (missing,
 * not "CPUn" words, CPU numbers not increasing, more than IRQ_MAX_CPUS),
 * "label" (a line that does not start with "NAME:"), "TLB"/"CAL"/"RES"
 * (a bad count, fewer counts than CPU columns, the line twice, or the line
 * missing altogether: line 0).
 */
int irq_parse(const char *buf, size_t len, struct irq_snapshot *out,
	      struct parse_error *err);

/*
 * irq_delta - out = later - earlier, column by column.  Returns 0, or -1
 * when the two snapshots have different CPU columns (CPU hotplug) or a
 * counter went backwards; out is then unspecified.
 */
int irq_delta(const struct irq_snapshot *earlier,
	      const struct irq_snapshot *later, struct irq_snapshot *out);

/* Highest CPU number + 1 (the length of a per-CPU array); 0 when empty. */
unsigned irq_cpu_span(const struct irq_snapshot *s);

/* Sum of one line over all CPUs. */
uint64_t irq_total(const struct irq_snapshot *s, enum irq_line line);

#endif
