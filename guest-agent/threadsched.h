/*
 * threadsched.h - how the guest scheduler treated one workload thread over
 * its loop: CPU time, time runnable but waiting for its CPU, and how many
 * times it got the CPU (/proc/thread-self/schedstat, CONFIG_SCHED_INFO),
 * and its voluntary / involuntary context switches (getrusage
 * RUSAGE_THREAD).  With more threads than vCPUs, an initiator's
 * involuntary switches are its time-slice ends: the summary shows how
 * often it lost its vCPU, beside the latency histogram those waits fill.
 */
#ifndef TLB_THREADSCHED_H
#define TLB_THREADSCHED_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

struct thread_sched {
	int have_schedstat;		/* 0: the kernel has no schedstat */
	uint64_t run_ns, wait_ns, slices;	/* schedstat's three fields */
	uint64_t nvcsw, nivcsw;		/* voluntary, involuntary switches */
	int cpu;			/* where it ran last, -1 unknown */
};

/*
 * thread_sched_parse - parse len bytes of schedstat text ("RUN WAIT
 * SLICES\n", three decimal counts) into out's schedstat fields.  Returns
 * 0, or -1 with err naming the field ("run_ns", "wait_ns", "slices") that
 * is missing or not a count, or "schedstat" for text after the third.
 */
int thread_sched_parse(const char *buf, size_t len, struct thread_sched *out,
		       struct parse_error *err);

/* The calling thread's counters now (have_schedstat 0 when the file
 * cannot be read or parsed; the rusage counts are always there). */
void thread_sched_self(struct thread_sched *out);

/* end - start, field by field; the cpu is end's. */
void thread_sched_delta(const struct thread_sched *start,
			const struct thread_sched *end,
			struct thread_sched *out);

#endif
