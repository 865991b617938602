/*
 * apic_trace.h - decode one line of QEMU's `apic_mem_writel` trace.
 *
 * Under TCG, QEMU 7.2 offers no x2APIC, so a Linux guest sends IPIs by
 * writing the xAPIC ICR through MMIO, and the only host-side record of
 * them is the trace event apic_mem_writel (hw/intc/trace-events:
 * "0x%"PRIx64" = 0x%08x").  Run QEMU with
 *   -trace enable=apic_mem_writel,file=F -msg timestamp=on
 * and each write becomes
 *   2839@1795405670.735101:apic_mem_writel 0x300 = 0x000008fb
 * i.e. the writing thread's id (the vCPU thread under -accel tcg,thread=multi:
 * a vCPU's MMIO write always reaches its own APIC), the host wall clock
 * (gettimeofday, seconds.microseconds), the register offset and the value.
 * Without -msg timestamp=on the "TID@TIME:" prefix is missing.
 */
#ifndef TLBPROBE_APIC_TRACE_H
#define TLBPROBE_APIC_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

struct apic_write {
	int has_prefix;		/* 0: no "TID@TIME:" (tid, t_us are 0) */
	uint32_t tid;		/* host thread id of the vCPU */
	int64_t t_us;		/* CLOCK_REALTIME, microseconds since the epoch
				 * (before 2262: t_us * 1000 fits int64) */
	uint32_t offset;	/* APIC register offset, e.g. 0x300 */
	uint32_t value;
};

enum apic_line {
	APIC_LINE_WRITE = 0,	/* an apic_mem_writel line, out filled */
	APIC_LINE_OTHER = 1,	/* a well-formed line of another trace event:
				 * out->has_prefix/tid/t_us filled */
};

/*
 * apic_trace_decode - decode one line (len bytes, without the '\n'; no NUL
 * needed).  Returns APIC_LINE_WRITE, APIC_LINE_OTHER, or -1 when the line
 * is neither, with err naming the field ("tid", "time", "event",
 * "offset", "value") and err->line 0 (the caller knows the line number).
 */
int apic_trace_decode(const char *line, size_t len, struct apic_write *out,
		      struct parse_error *err);

#endif
