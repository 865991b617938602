/*
 * workload.h - what a workload is, and what it may use while it runs.
 *
 * One workload per file (wl_*.c), each exporting one `struct workload`
 * listed once in workloads.c, like a stress-ng stressor.  A workload
 * measures and records (ops, a latency histogram per thread, named
 * metrics); the driver (agent.c) reads the guest counters at the edges of
 * the measured window, samples while it runs and renders everything.
 *
 * The contract of run():
 *   1. set up (map memory, create threads held at a start line);
 *   2. call wl_window_begin(ctx) - the driver reads its counters now;
 *   3. let the threads go; they stop at their count or duration, or soon
 *      after wl_should_stop(ctx) turns true (SIGINT/SIGTERM);
 *   4. call wl_window_end(ctx) as soon as the hot loops have stopped,
 *      before any teardown, so cleanup is not measured;
 *   5. tear down; return 0, or wl_fail(ctx, ...) on error.
 */
#ifndef TLB_WORKLOAD_H
#define TLB_WORKLOAD_H

#include <stdatomic.h>
#include <stdint.h>

#include "hist.h"
#include "options.h"
#include "parse_error.h"
#include "threadsched.h"

#define WL_MAX_THREADS	128
#define WL_MAX_METRICS	16

/* Per-thread state, cache-line aligned so threads never share a line. */
struct wl_thread {
	_Atomic uint64_t ops;	/* hot calls done; read by the sampler */
	struct hist lat;	/* hot-call latency, ns; read after the run */
} __attribute__((aligned(64)));

struct wl_metric {
	const char *name;	/* a string literal */
	double value;
};

/* One team member's scheduling over its loop (team.c). */
struct wl_sched {
	int hot;			/* ran the measured loop */
	struct thread_sched s;
};

struct wl_ctx;
typedef void (*wl_edge_fn)(struct wl_ctx *ctx);

struct wl_ctx {
	atomic_int stop;		/* set by the driver */
	unsigned nthreads;
	struct wl_thread *thread;	/* nthreads of them */
	unsigned nmetrics;
	struct wl_metric metrics[WL_MAX_METRICS];
	char errmsg[200];		/* why run() failed */
	unsigned nsched;		/* team members in sched[] */
	struct wl_sched sched[WL_MAX_THREADS];
	/* Driver hooks for the window edges, and their argument. */
	wl_edge_fn on_begin, on_end;
	void *driver;
	int began, ended;
};

struct workload {
	const char *name;
	const char *summary;		/* one line */
	const char *latency_what;	/* the hot call, e.g. "madvise" */
	int jemalloc_stats;		/* report jemalloc's purge counters */
	const struct opt_desc *opts;	/* NULL-name terminated */
	/* Checks between options (may be NULL): 0, or -1 with err.field. */
	int (*check)(const struct opt_set *o, struct parse_error *err);
	int (*run)(const struct opt_set *o, struct wl_ctx *ctx);
};

/* The registry (workloads.c): NULL-terminated, and lookup by name. */
extern const struct workload *const workloads[];
const struct workload *workload_find(const char *name);

/*
 * wl_ctx_init - a fresh context; wl_ctx_threads allocates the per-thread
 * slots (0, or -ENOMEM / -EINVAL past WL_MAX_THREADS); wl_ctx_free frees.
 */
void wl_ctx_init(struct wl_ctx *ctx);
int wl_ctx_threads(struct wl_ctx *ctx, unsigned n);
void wl_ctx_free(struct wl_ctx *ctx);

/* Ops so far, over all threads (safe while running). */
uint64_t wl_ctx_ops(struct wl_ctx *ctx);
/* All threads' latency histograms merged (after the run). */
void wl_ctx_latency(const struct wl_ctx *ctx, struct hist *out);

static inline int wl_should_stop(struct wl_ctx *ctx)
{
	return atomic_load_explicit(&ctx->stop, memory_order_relaxed);
}

/* Count one hot call of thread i and record its latency. */
static inline void wl_op_done(struct wl_ctx *ctx, unsigned i, uint64_t ns)
{
	struct wl_thread *t = &ctx->thread[i];

	hist_record(&t->lat, ns);
	atomic_store_explicit(&t->ops,
			      atomic_load_explicit(&t->ops,
						   memory_order_relaxed) + 1,
			      memory_order_relaxed);
}

void wl_window_begin(struct wl_ctx *ctx);
void wl_window_end(struct wl_ctx *ctx);

/* Record a named metric (ignored past WL_MAX_METRICS). */
void wl_metric(struct wl_ctx *ctx, const char *name, double value);
/* Record why run() failed; returns -1. */
int wl_fail(struct wl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t wl_now_ns(void);

/*
 * wl_touch - write one byte in every 4 KiB page of [p, p+len), so the
 * pages are really mapped (and their TLB entries cached).
 */
void wl_touch(void *p, size_t len, unsigned char value);

#endif
