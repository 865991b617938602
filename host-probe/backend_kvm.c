/*
 * backend_kvm.c - count a KVM VM's exits with perf counters on the kvm
 * tracepoints (see backend_kvm.h and kvm_events.h for what is counted).
 * Front ends: tlbprobe top / nested, and the lab in kvm mode.
 */
#include <errno.h>
#include <signal.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_kvm.h"
#include "kvm_json.h"
#include "kvm_proc.h"
#include "kvm_stats.h"
#include "perf_tp.h"
#include "tracefs.h"

static const struct kvm_times_ops *times_ops;

void kvm_probe_use_times(const struct kvm_times_ops *ops)
{
	times_ops = ops;
}

/* Per CPU (--perf-scope cpu): at most this many CPUs. */
#define KVM_SCOPE_MAX_CPUS	64

struct kthread {
	pid_t tid;
	int vcpu;
	/* counter c's fds: fd[c * nscope + i] for i < nscope (one per CPU
	 * in cpu scope, else one); -1: not opened (event absent) */
	int *fd;
};

struct kwin {
	struct kvm_snapshot *begin, *end;
};

struct kvmb {
	struct tracefs tfs;
	struct kvm_tracepoints tp;
	struct kvm_plan plan;		/* resolved: FULL, LEAN or KEYS */
	struct kvm_counter ctr[KVM_MAX_COUNTERS];
	unsigned nctr;
	int bpf_counts;			/* the plan takes counts from BPF */
	int timing;			/* the BPF program times exits */
	unsigned time_sample;		/* 1 in N of them (0: none) */
	pid_t pid;
	int fixed_threads;	/* tids given: no rescan */
	unsigned nthreads;
	struct kthread th[KVM_MAX_THREADS];
	int scope_cpu[KVM_SCOPE_MAX_CPUS];	/* cpu scope: the CPUs */
	unsigned nscope;		/* fds per counter and thread */
	int per_cpu;			/* --perf-scope cpu */
	struct kvm_bpf *bpf;
	struct kvm_stats_set *kstats;	/* NULL: not readable here */
	uint64_t kstat_last[KVM_MAX_COUNTERS], kstat_last_exits;
	char kstats_why[256];
	char times_why[256];
	struct kvm_snapshot *latest;
	struct kwin win[PROBE_MAX_WINDOWS];
	struct ipi_tally total;
	const char *proc;
};

static struct kvmb *K(const struct probe *p)
{
	return probe_priv(p);
}

/* The BPF program's flags for t: which optional events it can count. */
static unsigned bpf_flags(const struct kvm_tracepoints *t, int counts)
{
	return (counts ? KVM_BPF_COUNTS : 0) |
	       (t->have_apic_ipi ? KVM_BPF_HAVE_APIC_IPI : 0) |
	       (t->have_wakeup ? KVM_BPF_HAVE_WAKEUP : 0) |
	       (t->have_pv_tlb_flush ? KVM_BPF_HAVE_PV_TLB_FLUSH : 0) |
	       (t->have_hypercall ? KVM_BPF_HAVE_HYPERCALL : 0);
}

/* log2 of the exit-time sample period: --time-sample N, else what the
 * clocksource makes cheap (kvm_time_sample_auto). */
static unsigned time_shift(const struct probe_options *o)
{
	unsigned k = 0, n = o->time_sample ? o->time_sample :
		kvm_time_sample_auto(o->sysroot ? o->sysroot : "");

	while (n > 1u << k && k < 15)
		k++;
	return k;
}

/*
 * Load the BPF program as the requested plan wants it and resolve the
 * plan (kvm_events.h): auto is lean when the program loads with its
 * count programs, else full (with times when the exit-time part alone
 * loads); lean and a key list need the program (a key list without it
 * only with --no-bpf: measuring the perf counters alone).  --no-times
 * loads it to count, not to time.  0, or -errno with probe_fail.
 */
static int choose_plan(struct probe *p, const struct kvm_plan *want,
		       const struct probe_options *o)
{
	struct kvmb *k = K(p);
	int counts = want->kind != KVM_PLAN_FULL, rc = -1;
	unsigned tflags = o->no_times ? KVM_BPF_NO_TIMES :
		KVM_BPF_TIME_SHIFT(time_shift(o));
	char why[256] = "";

	k->plan = *want;
	if (want->kind == KVM_PLAN_STATS)
		snprintf(why, sizeof(why), "no BPF program (--counters "
			 "stats)");
	else if (o->no_bpf)
		snprintf(why, sizeof(why), "no BPF program (--no-bpf)");
	else if (!times_ops)
		snprintf(why, sizeof(why), "exit times need the BPF loader, "
			 "which this program was built without");
	else if (counts || !o->no_times)
		rc = times_ops->open(&k->bpf, bpf_flags(&k->tp, counts) |
				     tflags, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "exit times not asked for");
	if (!rc) {
		k->bpf_counts = counts;
		k->timing = !o->no_times;
		k->time_sample = k->timing ? 1u << time_shift(o) : 0;
		snprintf(k->times_why, sizeof(k->times_why), "%s",
			 k->timing ? "" : "exit times not asked for");
		if (want->kind == KVM_PLAN_AUTO)
			k->plan.kind = KVM_PLAN_LEAN;
		if (k->plan.kind == KVM_PLAN_LEAN)
			k->plan.perf = (1u << KC_EXITS) | (1u << KC_ICR_WRITES);
		return 0;
	}
	k->bpf = NULL;
	snprintf(k->times_why, sizeof(k->times_why), "%s", why);
	if (want->kind == KVM_PLAN_STATS)
		return 0;
	if (want->kind == KVM_PLAN_LEAN ||
	    (want->kind == KVM_PLAN_KEYS && !o->no_bpf))
		return probe_fail(p, -EOPNOTSUPP, "--counters %s needs the BPF "
				  "program: %s", want->kind == KVM_PLAN_LEAN ?
				  "lean" : "KEYS", why);
	if (want->kind == KVM_PLAN_AUTO) {
		k->plan.kind = KVM_PLAN_FULL;
		/* the count programs would not load: times alone may */
		if (!o->no_bpf && !o->no_times && times_ops &&
		    !times_ops->open(&k->bpf, bpf_flags(&k->tp, 0) | tflags,
				     why, sizeof(why))) {
			k->timing = 1;
			k->time_sample = 1u << time_shift(o);
			k->times_why[0] = '\0';
		}
	}
	return 0;
}

static int kv_open(struct probe *p)
{
	const struct probe_options *o = probe_options_of(p);
	struct kvmb *k = calloc(1, sizeof(*k));
	struct kvm_plan want;
	char why[512] = "";
	int rc, n, isa;

	if (!k)
		return -ENOMEM;
	probe_set_priv(p, k);
	k->proc = o->proc ? o->proc : "/proc";
	ipi_tally_init(&k->total);
	k->latest = calloc(1, sizeof(*k->latest));
	if (!k->latest)
		return -ENOMEM;
	if (kvm_plan_parse(o->counters, &want, why, sizeof(why)))
		return probe_fail(p, -EINVAL, "%s", why);
	if (geteuid() != 0)
		return probe_fail(p, -EPERM, "the kvm probe needs root "
				  "(perf_event_open on kvm tracepoints, "
				  "tracefs, BPF)");
	rc = tracefs_open(&k->tfs, o->tracefs, why, sizeof(why));
	if (rc)
		return probe_fail(p, rc, "%s", why);
	isa = kvm_isa_detect(o->sysroot ? o->sysroot : "");
	if (isa < 0)
		return probe_fail(p, -ENOENT, "the kvm module is not loaded "
				  "(/sys/module/kvm): no KVM here");
	rc = kvm_tracepoints_load(&k->tp, k->tfs.path, isa, why,
				  sizeof(why));
	if (rc)
		return probe_fail(p, rc, "%s", why);
	rc = choose_plan(p, &want, o);
	if (rc)
		return rc;
	n = kvm_counters_plan_for(&k->tp, &k->plan, k->bpf_counts, k->ctr,
				  KVM_MAX_COUNTERS, why, sizeof(why));
	if (n < 0)
		return probe_fail(p, -EINVAL, "%s", why);
	k->nctr = (unsigned)n;
	/* without times the program has no kvm_entry part to count them */
	if (k->bpf_counts && !k->timing)
		k->ctr[KC_ENTRIES].bpf = 0;
	k->nscope = 1;
	if (o->per_cpu) {
		n = perf_tp_online_cpus(o->sysroot, k->scope_cpu,
					KVM_SCOPE_MAX_CPUS);
		if (n == -E2BIG)
			return probe_fail(p, n, "--perf-scope cpu: more than "
					  "%d online CPUs", KVM_SCOPE_MAX_CPUS);
		if (n <= 0)
			return probe_fail(p, n ? n : -ENOENT, "--perf-scope "
				"cpu: the online CPUs (/sys/devices/system/"
				"cpu/online): %s", n ? strerror(-n) : "none");
		k->per_cpu = 1;
		k->nscope = (unsigned)n;
	}
	perf_tp_raise_fd_limit();
	return 0;
}

static int kv_qemu_args(struct probe *p, const char **argv, size_t max)
{
	(void)p;
	(void)argv;
	(void)max;
	return 0;
}

static void close_thread(const struct kvmb *k, struct kthread *t)
{
	for (unsigned i = 0; t->fd && i < k->nctr * k->nscope; i++)
		if (t->fd[i] >= 0)
			close(t->fd[i]);
	free(t->fd);
	t->fd = NULL;
}

/* Open counter c of thread tid: one per-thread fd, or in cpu scope one
 * fd per CPU counting only tid's events (perf_tp.h says why). */
static int open_counter(const struct kvmb *k, unsigned c, pid_t tid,
			int *fd, char *why, size_t n)
{
	char filter[256];

	if (!k->per_cpu) {
		fd[0] = perf_tp_open(k->ctr[c].tp_id, tid, -1,
				     k->ctr[c].filter, why, n);
		return fd[0] < 0 ? fd[0] : 0;
	}
	if (perf_tp_thread_filter(k->ctr[c].filter, tid, filter,
				  sizeof(filter))) {
		snprintf(why, n, "filter too long");
		return -ENAMETOOLONG;
	}
	for (unsigned i = 0; i < k->nscope; i++) {
		fd[i] = perf_tp_open(k->ctr[c].tp_id, -1, k->scope_cpu[i],
				     filter, why, n);
		if (fd[i] < 0)
			return fd[i];
	}
	return 0;
}

/* Open every present counter on tid. */
static int open_thread(struct probe *p, pid_t tid, int vcpu)
{
	struct kvmb *k = K(p);
	struct kthread *t;
	char why[256];
	unsigned nfd = k->nctr * k->nscope;

	if (k->nthreads == KVM_MAX_THREADS)
		return probe_fail(p, -ENOSPC, "more than %d threads",
				  KVM_MAX_THREADS);
	/* A per-CPU counter opens on a thread that has ended, too: such a
	 * thread must not be counted as one that made no events. */
	if (k->per_cpu && kill(tid, 0) && errno == ESRCH)
		return probe_fail(p, -ESRCH, "tid %d: %s", (int)tid,
				  strerror(ESRCH));
	t = &k->th[k->nthreads];
	t->tid = tid;
	t->vcpu = vcpu;
	t->fd = malloc((nfd ? nfd : 1) * sizeof(*t->fd));
	if (!t->fd)
		return probe_fail(p, -ENOMEM, "out of memory");
	for (unsigned i = 0; i < nfd; i++)
		t->fd[i] = -1;
	for (unsigned i = 0; i < k->nctr; i++) {
		int rc;

		if (!k->ctr[i].present)
			continue;
		rc = open_counter(k, i, tid, &t->fd[i * k->nscope], why,
				  sizeof(why));
		if (rc < 0) {
			close_thread(k, t);
			return probe_fail(p, rc, "%s: %s", k->ctr[i].key, why);
		}
	}
	k->nthreads++;
	return 0;
}

static int known(const struct kvmb *k, pid_t tid)
{
	for (unsigned i = 0; i < k->nthreads; i++)
		if (k->th[i].tid == tid)
			return 1;
	return 0;
}

/* Attach to threads of the process not seen yet (no QMP map: every
 * thread, vCPU index from "CPU N/KVM" names). */
static int rescan(struct probe *p)
{
	struct kvmb *k = K(p);
	pid_t tids[KVM_MAX_THREADS * 2];
	char comm[64];
	int n = kvm_proc_threads(k->proc, k->pid, tids, KVM_MAX_THREADS * 2);

	if (n < 0)
		return n == -ENOENT ? 0 : probe_fail(p, n, "%s/%d/task: %s",
					k->proc, (int)k->pid, strerror(-n));
	if (n > KVM_MAX_THREADS * 2)
		n = KVM_MAX_THREADS * 2;
	for (int i = 0; i < n; i++) {
		int rc;

		if (known(k, tids[i]))
			continue;
		kvm_proc_thread_comm(k->proc, k->pid, tids[i], comm,
				     sizeof(comm));
		rc = open_thread(p, tids[i], kvm_proc_vcpu_of_comm(comm));
		if (rc == -ESRCH)	/* thread ended meanwhile */
			continue;
		if (rc)
			return rc;
	}
	return 0;
}

/* Read KVM's "exits" and the plan's statistics into k->kstat_last (a
 * statistic named "exits" is read once); on failure k->kstat_last keeps
 * the previous reading.  0 or -errno with why. */
static int refresh_kvm_stats(struct kvmb *k, char *why, size_t n)
{
	uint64_t v[KVM_MAX_COUNTERS], exits;
	int rc = kvm_stats_read(k->kstats, "exits", &exits, why, n);

	for (unsigned c = 0; !rc && c < k->nctr; c++) {
		if (!k->ctr[c].stat)
			continue;
		if (!strcmp(k->ctr[c].stat, "exits"))
			v[c] = exits;
		else
			rc = kvm_stats_read(k->kstats, k->ctr[c].stat, &v[c],
					    why, n);
	}
	if (rc)
		return rc;
	for (unsigned c = 0; c < k->nctr; c++)
		if (k->ctr[c].stat)
			k->kstat_last[c] = v[c];
	k->kstat_last_exits = exits;
	return 0;
}

/* The counts of the plan that come from KVM's statistics (VM totals:
 * debugfs has no per-vCPU ones, so thread rows stay 0 for them), and its
 * "exits" for the cross-check.  Once the VM is gone (its folder goes with
 * it) the counts stand as last read and the cross-check is left out. */
static int read_kvm_stats(struct probe *p, struct kvm_snapshot *s)
{
	struct kvmb *k = K(p);
	char why[512];
	int rc = refresh_kvm_stats(k, why, sizeof(why));

	if (rc && rc != -ENOENT)
		return probe_fail(p, rc, "KVM's statistics: %s", why);
	for (unsigned c = 0; c < k->nctr; c++) {
		if (!k->ctr[c].stat)
			continue;
		s->total[c] = k->kstat_last[c];
		for (unsigned i = 0; i < s->nthreads; i++)
			s->th[i].v[c] = 0;
	}
	s->kvm_stat_exits = k->kstat_last_exits;
	/* a stale "exits" checks nothing: the counters went on counting
	 * the VM's last exits */
	s->have_kvm_stats = !rc;
	return 0;
}

/* Open KVM's statistics of the attached process: needed by the stats
 * plan, a cross-check for the others (which go on without them). */
static int open_kvm_stats(struct probe *p)
{
	struct kvmb *k = K(p);
	int need = k->plan.kind == KVM_PLAN_STATS, rc;

	k->kstats = calloc(1, sizeof(*k->kstats));
	if (!k->kstats)
		return probe_fail(p, -ENOMEM, "out of memory");
	rc = kvm_stats_open(k->kstats, probe_options_of(p)->debugfs, k->pid,
			    k->kstats_why, sizeof(k->kstats_why));
	if (!rc)
		rc = refresh_kvm_stats(k, k->kstats_why,
				       sizeof(k->kstats_why));
	if (!rc)
		return 0;
	kvm_stats_close(k->kstats);
	free(k->kstats);
	k->kstats = NULL;
	return need ? probe_fail(p, rc, "--counters stats: %s",
				 k->kstats_why) : 0;
}

static int read_all(struct probe *p)
{
	struct kvmb *k = K(p);
	struct kvm_snapshot *s = k->latest;
	struct perf_tp_value v;
	int rc;

	memset(s->total, 0, sizeof(s->total));
	s->not_running = 0;
	s->nthreads = k->nthreads;
	for (unsigned i = 0; i < k->nthreads; i++) {
		struct kthread *t = &k->th[i];

		s->th[i].tid = t->tid;
		s->th[i].vcpu = t->vcpu;
		for (unsigned c = 0; c < k->nctr; c++) {
			s->th[i].v[c] = 0;
			for (unsigned j = 0; j < k->nscope; j++) {
				int fd = t->fd[c * k->nscope + j];

				if (fd < 0)
					continue;
				if (perf_tp_read(fd, &v))
					return probe_fail(p, -EIO, "reading "
						"counter %s of thread %d: %s",
						k->ctr[c].key, (int)t->tid,
						strerror(errno));
				if (v.running_ns < v.enabled_ns)
					s->not_running++;
				s->th[i].v[c] += v.value;
			}
			s->total[c] += s->th[i].v[c];
		}
	}
	s->have_times = 0;
	s->have_kvm_stats = 0;
	if (k->bpf) {
		pid_t tids[KVM_MAX_THREADS];

		for (unsigned i = 0; i < k->nthreads; i++)
			tids[i] = k->th[i].tid;
		rc = times_ops->read(k->bpf, k->pid, tids, k->nthreads,
				     &s->times);
		if (rc && k->bpf_counts)
			return probe_fail(p, rc, "reading the BPF maps "
					  "failed: %s", strerror(-rc));
		if (rc) {
			snprintf(k->times_why, sizeof(k->times_why),
				 "reading the BPF maps failed: %s",
				 strerror(-rc));
			times_ops->close(k->bpf);
			k->bpf = NULL;
		} else {
			s->have_times = 1;
			s->times.timing = k->timing;
			kvm_snapshot_fill_bpf(k->ctr, k->nctr, s);
		}
	}
	if (k->kstats && (rc = read_kvm_stats(p, s)))
		return rc;
	s->t_ns = probe_now_ns();
	k->total.writes = s->total[KC_ICR_WRITES];
	return 0;
}

static int kv_attach(struct probe *p, pid_t qemu_pid, const pid_t *tids,
		     unsigned ntids)
{
	struct kvmb *k = K(p);
	int rc;

	if (qemu_pid <= 0)
		return probe_fail(p, -EINVAL, "the kvm probe needs the QEMU "
				  "pid");
	if (kill(qemu_pid, 0) && errno == ESRCH)
		return probe_fail(p, -ESRCH, "pid %d: no such process",
				  (int)qemu_pid);
	k->pid = qemu_pid;
	if (k->bpf && (rc = times_ops->add_target(k->bpf, qemu_pid))) {
		snprintf(k->times_why, sizeof(k->times_why),
			 "BPF target map: %s", strerror(-rc));
		times_ops->close(k->bpf);
		k->bpf = NULL;
	}
	k->fixed_threads = ntids > 0;
	for (unsigned i = 0; i < ntids; i++) {
		if (known(k, tids[i]))
			return probe_fail(p, -EINVAL, "vCPU thread %d given "
					  "twice", (int)tids[i]);
		rc = open_thread(p, tids[i], (int)i);
		if (rc)
			return rc;
	}
	k->total.ncpus = ntids;
	if (!k->fixed_threads && (rc = rescan(p)))
		return rc;
	if ((rc = open_kvm_stats(p)))
		return rc;
	return read_all(p);
}

static int kv_poll(struct probe *p)
{
	int rc;

	if (!K(p)->fixed_threads && (rc = rescan(p)))
		return rc;
	return read_all(p);
}

static int kv_finish(struct probe *p)
{
	return read_all(p);
}

static struct kvm_snapshot *copy_latest(struct kvmb *k)
{
	struct kvm_snapshot *s = malloc(sizeof(*s));

	if (s)
		memcpy(s, k->latest, sizeof(*s));
	return s;
}

static int kv_mark(struct probe *p, int id, int begin)
{
	struct kvmb *k = K(p);
	struct kvm_snapshot **slot;
	int rc = read_all(p);

	if (rc)
		return rc;
	slot = begin ? &k->win[id].begin : &k->win[id].end;
	free(*slot);
	*slot = copy_latest(k);
	return *slot ? 0 : probe_fail(p, -ENOMEM, "out of memory");
}

static int kv_window_id(struct probe *p, int id, struct ipi_tally *out)
{
	struct kvmb *k = K(p);
	const struct kvm_snapshot *b, *e;

	if (kvm_probe_window(p, id, &b, &e))
		return probe_fail(p, -ENOENT, "window %d has no counter "
				  "snapshot", id);
	out->writes = e->total[KC_ICR_WRITES] - b->total[KC_ICR_WRITES];
	out->ncpus = k->total.ncpus;
	return 0;
}

static const struct ipi_tally *kv_totals(const struct probe *p)
{
	return &K(p)->total;
}

static uint64_t kv_malformed(const struct probe *p)
{
	(void)p;
	return 0;
}

static json_t *kv_describe(const struct probe *p)
{
	return kvm_probe_json(p);
}

static void kv_close(struct probe *p)
{
	struct kvmb *k = K(p);

	if (!k)
		return;
	for (unsigned i = 0; i < k->nthreads; i++)
		close_thread(k, &k->th[i]);
	if (k->bpf)
		times_ops->close(k->bpf);
	if (k->kstats) {
		kvm_stats_close(k->kstats);
		free(k->kstats);
	}
	tracefs_close(&k->tfs);
	for (int i = 0; i < PROBE_MAX_WINDOWS; i++) {
		free(k->win[i].begin);
		free(k->win[i].end);
	}
	free(k->latest);
	ipi_tally_free(&k->total);
	free(k);
	probe_set_priv(p, NULL);
}

const struct probe_backend probe_backend_kvm = {
	.name = "kvm",
	.summary = "VM exits, x2APIC ICR writes and exit times from kvm "
		   "tracepoints (perf counters + BPF)",
	.accel = PROBE_ACCEL_KVM | PROBE_ACCEL_NESTED,
	.open = kv_open,
	.qemu_args = kv_qemu_args,
	.attach = kv_attach,
	.poll = kv_poll,
	.finish = kv_finish,
	.mark = kv_mark,
	.window_id = kv_window_id,
	.totals = kv_totals,
	.malformed = kv_malformed,
	.describe = kv_describe,
	.close = kv_close,
};

static int is_kvm(const struct probe *p)
{
	return probe_backend_of(p) == &probe_backend_kvm && K(p);
}

const struct kvm_counter *kvm_probe_counters(const struct probe *p,
					     unsigned *n)
{
	if (!is_kvm(p)) {
		*n = 0;
		return NULL;
	}
	*n = K(p)->nctr;
	return K(p)->ctr;
}

const struct kvm_tracepoints *kvm_probe_tracepoints(const struct probe *p)
{
	return is_kvm(p) ? &K(p)->tp : NULL;
}

const struct kvm_snapshot *kvm_probe_latest(const struct probe *p)
{
	return is_kvm(p) ? K(p)->latest : NULL;
}

int kvm_probe_window(const struct probe *p, int id,
		     const struct kvm_snapshot **begin,
		     const struct kvm_snapshot **end)
{
	if (!is_kvm(p) || id < 0 || id >= PROBE_MAX_WINDOWS ||
	    !K(p)->win[id].begin)
		return -ENOENT;
	*begin = K(p)->win[id].begin;
	*end = K(p)->win[id].end ? K(p)->win[id].end : K(p)->latest;
	return 0;
}

int kvm_probe_window_ended(const struct probe *p, int id)
{
	return is_kvm(p) && id >= 0 && id < PROBE_MAX_WINDOWS &&
	       K(p)->win[id].end;
}

int kvm_probe_counts_per_thread(const struct probe *p, int i)
{
	return is_kvm(p) && i >= 0 && (unsigned)i < K(p)->nctr &&
	       kvm_counter_per_thread(&K(p)->ctr[i]);
}

const struct kvm_plan *kvm_probe_plan(const struct probe *p)
{
	return is_kvm(p) ? &K(p)->plan : NULL;
}

const char *kvm_probe_perf_scope(const struct probe *p)
{
	return is_kvm(p) && K(p)->per_cpu ? "cpu" : "thread";
}

unsigned kvm_probe_time_sample(const struct probe *p)
{
	return is_kvm(p) && K(p)->bpf ? K(p)->time_sample : 0;
}

const char *kvm_probe_kvm_stats_status(const struct probe *p)
{
	return is_kvm(p) && !K(p)->kstats ? K(p)->kstats_why : "";
}

const char *kvm_probe_times_status(const struct probe *p)
{
	return is_kvm(p) && (!K(p)->bpf || !K(p)->timing) ? K(p)->times_why
							    : "";
}

pid_t kvm_probe_pid(const struct probe *p)
{
	return is_kvm(p) ? K(p)->pid : 0;
}

static const struct kvm_thread_counts *
find_thread(const struct kvm_snapshot *s, pid_t tid)
{
	for (unsigned i = 0; i < s->nthreads; i++)
		if (s->th[i].tid == tid)
			return &s->th[i];
	return NULL;
}

static const struct kvm_exit_time *find_reason(const struct kvm_exit_times *t,
					       uint32_t code)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->r[i].reason == code)
			return &t->r[i];
	return NULL;
}

void kvm_snapshot_diff(const struct kvm_snapshot *a,
		       const struct kvm_snapshot *b, struct kvm_snapshot *out)
{
	memcpy(out, b, sizeof(*out));
	for (unsigned c = 0; c < KVM_MAX_COUNTERS; c++)
		out->total[c] = b->total[c] - a->total[c];
	for (unsigned i = 0; i < b->nthreads; i++) {
		const struct kvm_thread_counts *o = find_thread(a, b->th[i].tid);

		if (o)
			for (unsigned c = 0; c < KVM_MAX_COUNTERS; c++)
				out->th[i].v[c] -= o->v[c];
	}
	out->not_running = b->not_running;
	out->have_kvm_stats = a->have_kvm_stats && b->have_kvm_stats;
	out->kvm_stat_exits = b->kvm_stat_exits - a->kvm_stat_exits;
	out->have_times = a->have_times && b->have_times;
	for (unsigned i = 0; i < b->times.n; i++) {
		struct kvm_exit_time *t = &out->times.r[i];
		const struct kvm_exit_time *o = find_reason(&a->times,
							    t->reason);

		if (!o)
			continue;
		t->count -= o->count;
		t->timed -= o->timed;
		t->sum_ns -= o->sum_ns;
		for (unsigned h = 0; h < KVM_BPF_HIST_SLOTS; h++)
			t->hist[h] -= o->hist[h];
	}
	out->times.lost = b->times.lost - a->times.lost;
	out->times.misses = b->times.misses - a->times.misses;
	for (unsigned c = 0; c < KVM_BPF_NCOUNTS; c++)
		out->times.total[c] = b->times.total[c] - a->times.total[c];
	for (unsigned i = 0; i < b->times.nthreads; i++)
		for (unsigned j = 0; j < a->times.nthreads; j++)
			if (a->times.th[j].tid == b->times.th[i].tid)
				for (unsigned c = 0; c < KVM_BPF_NCOUNTS; c++)
					out->times.th[i].n[c] -=
						a->times.th[j].n[c];
}

void kvm_snapshot_fill_bpf(const struct kvm_counter *c, unsigned nc,
			   struct kvm_snapshot *s)
{
	const struct kvm_exit_times *x = &s->times;

	for (unsigned i = 0; i < nc && i < KVM_BPF_NCOUNTS; i++) {
		if (!c[i].bpf)
			continue;
		s->total[i] = x->total[i];
		for (unsigned t = 0; t < s->nthreads; t++) {
			s->th[t].v[i] = 0;
			for (unsigned j = 0; j < x->nthreads; j++)
				if (x->th[j].tid == s->th[t].tid)
					s->th[t].v[i] = x->th[j].n[i];
		}
	}
}

static int by_count(const void *a, const void *b)
{
	const struct kvm_reason_row *x = a, *y = b;

	if (x->other != y->other)
		return x->other - y->other;	/* "other" last */
	return x->count > y->count ? -1 : x->count < y->count;
}

unsigned kvm_snapshot_reasons(const struct probe *p,
			      const struct kvm_snapshot *s,
			      struct kvm_reason_row *rows, unsigned max)
{
	unsigned nc;
	const struct kvm_counter *c = kvm_probe_counters(p, &nc);

	return kvm_reasons_of(kvm_probe_tracepoints(p), c, nc, s, rows, max);
}

unsigned kvm_reasons_of(const struct kvm_tracepoints *tp,
			const struct kvm_counter *c, unsigned nc,
			const struct kvm_snapshot *s,
			struct kvm_reason_row *rows, unsigned max)
{
	unsigned n = 0;
	uint64_t listed = 0;
	int counted = s->have_times;	/* the plan counts some reason */

	for (unsigned i = 0; i < nc; i++)
		counted |= c[i].is_reason && c[i].present;
	if (!tp || !counted)
		return 0;
	for (unsigned i = 0; s->have_times && i < s->times.n && n < max; i++)
		if (s->times.r[i].count) {
			rows[n].code = s->times.r[i].reason;
			rows[n].count = s->times.r[i].count;
			rows[n].time = &s->times.r[i];
			rows[n].other = 0;
			n++;
		}
	for (unsigned i = 0; !s->have_times && i < nc && n < max; i++)
		if (c[i].is_reason && c[i].present && s->total[i]) {
			rows[n].code = c[i].code;
			rows[n].count = s->total[i];
			rows[n].time = NULL;
			rows[n].other = 0;
			listed += s->total[i];
			n++;
		}
	for (unsigned i = 0; i < n; i++) {
		char buf[24];

		snprintf(rows[i].name, sizeof(rows[i].name), "%s",
			 kvm_reason_name(tp, rows[i].code, buf, sizeof(buf)));
	}
	if (!s->have_times && s->total[KC_EXITS] > listed && n < max) {
		snprintf(rows[n].name, sizeof(rows[n].name), "other");
		rows[n].other = 1;
		rows[n].count = s->total[KC_EXITS] - listed;
		rows[n].time = NULL;
		n++;
	}
	qsort(rows, n, sizeof(*rows), by_count);
	return n;
}

uint64_t kvm_snapshot_lost(const struct kvm_snapshot *s)
{
	return s->times.lost + s->times.misses + s->not_running;
}

uint64_t kvm_exit_time_slot_high(unsigned slot)
{
	return slot >= 63 ? UINT64_MAX : (2ull << slot) - 1;
}

uint64_t kvm_exit_time_percentile(const struct kvm_exit_time *t, double p)
{
	uint64_t total = 0, want, seen = 0;

	for (unsigned i = 0; i < KVM_BPF_HIST_SLOTS; i++)
		total += t->hist[i];
	if (!total || p <= 0)
		return 0;
	want = (uint64_t)((p / 100.0) * (double)total + 0.999999);
	if (want < 1)
		want = 1;
	for (unsigned i = 0; i < KVM_BPF_HIST_SLOTS; i++) {
		seen += t->hist[i];
		if (seen >= want) {
			uint64_t h = kvm_exit_time_slot_high(i);

			return h < t->max_ns ? h : t->max_ns;
		}
	}
	return t->max_ns;
}
