/*
 * report.h - the one renderer: protocol messages (docs/agent-protocol.md)
 * and the human summary, built from the same numbers.
 *
 * Builders return a new JSON object (NULL on ENOMEM) for emit().
 */
#ifndef TLB_REPORT_H
#define TLB_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "counters.h"
#include "hist.h"
#include "job.h"
#include "workload.h"

/* Everything a summary says. */
struct run_result {
	const struct workload *wl;
	uint64_t ops;
	struct hist lat;
	const struct wl_ctx *ctx;	/* metrics */
	struct gwindow win;
	unsigned ncpus;			/* online CPUs */
};

json_t *report_hello(const struct job *job, const char *kernel,
		     unsigned ncpus, const char *malloc_conf);
json_t *report_phase(const char *phase);
json_t *report_sample(uint64_t ops, const struct gwindow *sofar);
json_t *report_error(const char *msg);

/*
 * report_summary - the summary message.  coarsen (0..HIST_SUB_BITS) merges
 * 2^coarsen neighbouring latency sub-buckets into one pair, to keep the line
 * under AGENT_MAX_LINE when the latencies are spread wide; the object then
 * says "bucket_sub" (sub-buckets per power of two) = 16 >> coarsen.
 */
json_t *report_summary(const struct run_result *r, unsigned coarsen);

/* The latency histogram's non-empty buckets as [[low, count], ...]. */
json_t *report_hist_buckets(const struct hist *h, unsigned coarsen);

/* A few human lines for the console. */
void report_human(FILE *f, const struct run_result *r);

#endif
