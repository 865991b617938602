/*
 * backend_qemu_trace.h - the tcg backend (IPIs from QEMU's
 * apic_mem_writel trace; see backend_qemu_trace.c).
 */
#ifndef TLBPROBE_BACKEND_QEMU_TRACE_H
#define TLBPROBE_BACKEND_QEMU_TRACE_H

#include "probe.h"
#include "trace_reader.h"

extern const struct probe_backend probe_backend_qemu_trace;

/* The trace file QEMU writes in the run folder. */
#define QEMU_TRACE_FILE	"apic-trace.log"

/* The reader of a qemu-trace probe (line counts, malformed lines,
 * threads), or NULL when p is another backend's or not attached. */
const struct trace_reader *qemu_trace_reader(const struct probe *p);

#endif
