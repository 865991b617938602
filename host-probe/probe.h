/*
 * probe.h - the host probe's sampling core: one interface over the
 * backends that count a guest's IPIs from the host, chosen by name or by
 * acceleration mode.  Front ends (tlbprobe, the lab's run loop, a later
 * top view or exporter) drive it; it never prints.
 *
 * Backends, one file each, listed in probe.c:
 *   qemu-trace  tcg         QEMU's apic_mem_writel trace (xAPIC ICR writes)
 *   kvm         kvm,nested  perf counters on kvm tracepoints (exits by
 *                           reason, x2APIC MSR writes) + BPF exit times
 *
 * The lab's sequence:
 *   b = probe_backend_for(PROBE_ACCEL_TCG);        or probe_backend_find()
 *   probe_open(b, &opts, &p);                       opts.run_dir, ncpus
 *   probe_qemu_args(p, argv, max, &n);              add to QEMU's argv
 *   ... spawn QEMU, query-cpus-fast ...
 *   probe_attach(p, qemu_pid, vcpu_tids, nvcpus);
 *   every 250-500 ms: probe_sample(p, &s);          live rates
 *   "phase run" arrives:  w = probe_window_begin(p, probe_now_ns());
 *   "phase done" arrives: probe_window_end(p, w, probe_now_ns());
 *   ... QEMU exits ...
 *   probe_finish(p);                                final drain
 *   probe_totals(p); probe_window_result(p, w, &tally); probe_json(p);
 *   probe_close(p);
 *
 * Every int function returns 0 (or the documented non-negative value) on
 * success and a negative errno on failure, with a one-line reason in
 * probe_strerror(p).
 */
#ifndef TLBPROBE_PROBE_H
#define TLBPROBE_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipi_tally.h"

/* Acceleration modes, as a mask in probe_backend.accel. */
enum probe_accel {
	PROBE_ACCEL_TCG = 1 << 0,
	PROBE_ACCEL_KVM = 1 << 1,
	PROBE_ACCEL_NESTED = 1 << 2,	/* the probe runs inside L1 */
};

#define PROBE_MAX_QEMU_ARGS	8
#define PROBE_MAX_WINDOWS	16

struct probe;
struct json_t;		/* jansson */

struct probe_options {
	const char *run_dir;	/* folder for the backend's files (copied) */
	unsigned ncpus;		/* guest vCPUs (-smp); 0 = from attach */
	/* Read this existing input (a recorded trace) instead of what the
	 * backend makes QEMU write into run_dir; run_dir may then be NULL
	 * and nothing in it is removed.  For tlbprobe trace FILE. */
	const char *input;
	/* kvm backend: a tracefs root to use instead of finding or
	 * mounting one; the /proc and / roots (tests); no BPF exit times.
	 * Not copied: they must outlive the probe. */
	const char *tracefs;
	const char *debugfs;	/* KVM's statistics (kvm_stats.h) */
	const char *proc;
	const char *sysroot;
	int no_times;		/* kvm: BPF counts (lean plan) but no times */
	int no_bpf;		/* kvm: no BPF program at all */
	int per_cpu;		/* kvm: perf counters per CPU, each counting
				 * one thread's events (--perf-scope cpu),
				 * not per thread */
	unsigned time_sample;	/* kvm: time a random 1 in N exits (a power
				 * of two; 0 or 1: every exit) */
	/* kvm backend: which counters (kvm_events.h: "auto" or NULL,
	 * "full", "lean", "stats", a key list); checked by probe_open; not copied. */
	const char *counters;
};

/* Cumulative counts since attach plus rates; from the same data as
 * probe_totals(), for live views. */
struct probe_sample {
	int64_t t_ns;		/* CLOCK_REALTIME when taken */
	double dt_s;		/* since the previous sample (or attach) */
	double elapsed_s;	/* since attach */
	uint64_t writes;	/* fixed-delivery ICR writes (IPIs sent) */
	uint64_t deliveries;	/* their (sender, destination) deliveries */
	uint64_t by_class[IPI_NCLASSES];	/* deliveries per class */
	double writes_per_s;	/* over dt_s */
	double deliveries_per_s;
	double writes_per_s_avg;	/* over elapsed_s */
	uint64_t malformed;	/* input the backend could not decode */
};

/* A backend: one per file, one line in probe.c's table. */
struct probe_backend {
	const char *name;
	const char *summary;	/* one line for listings and reports */
	unsigned accel;		/* enum probe_accel mask it serves */
	/* Each op returns 0 or -errno, and says why with probe_fail(). */
	int (*open)(struct probe *p);
	/* Fill argv (at most max) with QEMU arguments; returns the count. */
	int (*qemu_args)(struct probe *p, const char **argv, size_t max);
	int (*attach)(struct probe *p, pid_t qemu_pid, const pid_t *tids,
		      unsigned ntids);
	int (*poll)(struct probe *p);	/* take in what is new */
	int (*finish)(struct probe *p);	/* the last poll after QEMU exits */
	/* Optional: a window opens (begin) or closes now; counter
	 * backends read their counters here. */
	int (*mark)(struct probe *p, int id, int begin);
	/* Counts in [t0_ns, t1_ns) into out (initialised by the op); or,
	 * for backends that window by mark, window_id instead. */
	int (*window)(struct probe *p, int64_t t0_ns, int64_t t1_ns,
		      struct ipi_tally *out);
	int (*window_id)(struct probe *p, int id, struct ipi_tally *out);
	const struct ipi_tally *(*totals)(const struct probe *p);
	uint64_t (*malformed)(const struct probe *p);
	/* Backend details for result.json (a new JSON object), or NULL. */
	struct json_t *(*describe)(const struct probe *p);
	int (*discard)(struct probe *p);	/* optional: remove files */
	void (*close)(struct probe *p);	/* free the backend's state */
};

/* The backend table.  probe_backend_at() returns NULL past the end. */
const struct probe_backend *probe_backend_at(size_t i);
/* By name; NULL when unknown. */
const struct probe_backend *probe_backend_find(const char *name);
/* The first backend serving mode (one PROBE_ACCEL_* bit); NULL if none. */
const struct probe_backend *probe_backend_for(unsigned mode);

/* CLOCK_REALTIME in nanoseconds: the clock of windows and samples. */
int64_t probe_now_ns(void);

/*
 * probe_open - a probe on backend b.  Returns 0 with *out set, -EINVAL
 * (qemu-trace: neither run_dir nor input), -ENOMEM, or the backend's
 * error (kvm: -EPERM not root, -ENOENT no tracefs / no KVM tracepoints,
 * other mount errors); *out is then NULL and nothing is left behind.
 * A backend's reason for failing is lost with the probe: callers that
 * print it use probe_open_why().
 */
int probe_open(const struct probe_backend *b, const struct probe_options *o,
	       struct probe **out);

/* probe_open_why - like probe_open, and on failure copies the backend's
 * one-line reason into why (n bytes). */
int probe_open_why(const struct probe_backend *b,
		   const struct probe_options *o, struct probe **out,
		   char *why, size_t n);

/*
 * probe_qemu_args - the arguments QEMU needs for this backend, into argv
 * (max entries); *n set to their count.  The strings belong to p and live
 * until probe_close.  Returns 0, or -E2BIG when max is too small.
 */
int probe_qemu_args(struct probe *p, const char **argv, size_t max,
		    size_t *n);

/*
 * probe_attach - start counting for QEMU process qemu_pid whose vCPU i
 * runs on thread vcpu_tids[i] (QMP query-cpus-fast).  vcpu_tids may be
 * NULL (nvcpus 0): vCPUs are then numbered by first appearance.  Returns
 * 0, -EALREADY (attached before), -EINVAL (bad or repeated thread ids:
 * qemu-trace needs -accel tcg,thread=multi, one thread per vCPU),
 * -ENOMEM, or a backend error.
 */
int probe_attach(struct probe *p, pid_t qemu_pid, const pid_t *vcpu_tids,
		 unsigned nvcpus);

/*
 * probe_sample - take in what is new and fill out.  Returns 0, -ENOTCONN
 * (not attached), or a backend error (-EIO...; the counts so far stay
 * valid).
 */
int probe_sample(struct probe *p, struct probe_sample *out);

/*
 * probe_window_begin - open a measured window starting at t0_ns
 * (CLOCK_REALTIME ns; the time the lab received "phase run").  Returns the
 * window id (>= 0), -ENOSPC past PROBE_MAX_WINDOWS, or the backend's
 * error when it could not read its counters (call it at receipt time:
 * counter backends snapshot here).
 */
int probe_window_begin(struct probe *p, int64_t t0_ns);
/* Close window id at t1_ns.  Returns 0, -ENOENT (no such window),
 * -EALREADY (closed before), -EINVAL (t1 before t0). */
int probe_window_end(struct probe *p, int id, int64_t t1_ns);

/* probe_finish - QEMU has exited: read the rest.  Returns 0 or a backend
 * error.  Sampling after it returns the final counts. */
int probe_finish(struct probe *p);

/*
 * probe_window_result - counts of window id into out (initialised here;
 * ipi_tally_free it).  Exact for what was read, so call it after
 * probe_finish; a window never ended extends to the newest data.  Returns
 * 0, -ENOENT, -ENOTCONN (not attached), or the backend's error (-ENOSPC:
 * events were dropped, the count would be short).
 */
int probe_window_result(struct probe *p, int id, struct ipi_tally *out);
/* Number of windows begun; their times through probe_window_times(). */
int probe_window_count(const struct probe *p);
int probe_window_times(const struct probe *p, int id, int64_t *t0_ns,
		       int64_t *t1_ns);

/* Counts since attach (never NULL; empty before attach). */
const struct ipi_tally *probe_totals(const struct probe *p);
const struct probe_backend *probe_backend_of(const struct probe *p);
/* Why the last call failed, one line ("" if none). */
const char *probe_strerror(const struct probe *p);

/* Remove the files the backend had QEMU write into run_dir (the trace),
 * for runs that do not keep them; never an input file.  Call after
 * probe_finish.  Returns 0 or -errno of the first failed unlink. */
int probe_discard_files(struct probe *p);

/* Free everything (p may be NULL).  Does not touch QEMU or files. */
void probe_close(struct probe *p);

/* For backends: record why an op failed; returns rc (a -errno). */
int probe_fail(struct probe *p, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* For backends: their state, options and the attached QEMU pid. */
void *probe_priv(const struct probe *p);
void probe_set_priv(struct probe *p, void *priv);
const struct probe_options *probe_options_of(const struct probe *p);

#endif
