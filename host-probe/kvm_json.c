/* kvm_json.c - JSON of the kvm backend's counts; see kvm_json.h. */
#include <stdio.h>
#include <stdlib.h>

#include "kvm_json.h"

#define JINT(v) json_integer((json_int_t)(v))

#define MAX_ROWS	KVM_BPF_MAX_REASONS

const char *kvm_counter_source(const struct kvm_counter *c)
{
	return c->present ? "perf" : c->bpf ? "bpf" :
		c->stat ? "kvm_stats" : "none";
}

/* exits_by_reason {name: n} and, when the BPF program runs, exit_times
 * {name: {count, avg_ns, max_ns[, p50_ns, p99_ns]}}. */
static void reasons(json_t *o, const struct kvm_tracepoints *tp,
		    const struct kvm_counter *c, unsigned nc,
		    const struct kvm_snapshot *s, unsigned what)
{
	struct kvm_reason_row *rows = calloc(MAX_ROWS, sizeof(*rows));
	json_t *r = json_object(), *t = json_object();
	unsigned n = rows ? kvm_reasons_of(tp, c, nc, s, rows, MAX_ROWS) : 0;

	for (unsigned i = 0; i < n; i++) {
		const struct kvm_exit_time *x = rows[i].time;
		json_t *row;

		json_object_set_new(r, rows[i].name, JINT(rows[i].count));
		if (!x || !s->times.timing)
			continue;
		row = json_pack("{s:I,s:I,s:I}", "count", (json_int_t)x->count,
				"avg_ns", (json_int_t)(x->timed ?
					x->sum_ns / x->timed : 0),
				"max_ns", (json_int_t)x->max_ns);
		if (what & KVM_JSON_HIST) {
			json_object_set_new(row, "p50_ns",
				JINT(kvm_exit_time_percentile(x, 50)));
			json_object_set_new(row, "p99_ns",
				JINT(kvm_exit_time_percentile(x, 99)));
		}
		json_object_set_new(t, rows[i].name, row);
	}
	free(rows);
	/* a plan without reasons has no rows: the key is left out, as
	 * every count a plan does not have */
	if (n) {
		json_object_set_new(o, "exits_by_reason", r);
		json_object_set_new(o, "exits_by_reason_source",
				    json_string(s->have_times ? "bpf" :
						"counters"));
	} else {
		json_decref(r);
	}
	if (what & KVM_JSON_TIMES)
		json_object_set_new(o, "exit_times",
				    s->have_times && s->times.timing ? t :
				    (json_decref(t), json_null()));
	else
		json_decref(t);
}

/* A thread row's count of fixed counter i, when the plan counts it per
 * thread (not KVM's debugfs statistics: VM totals only). */
static void vcpu_count(json_t *row, const char *key,
		       const struct kvm_counter *c, unsigned nc, unsigned i,
		       const struct kvm_thread_counts *t)
{
	if (i < nc && kvm_counter_per_thread(&c[i]))
		json_object_set_new(row, key, JINT(t->v[i]));
}

static json_t *vcpus_json(const struct kvm_counter *c, unsigned nc,
			  const struct kvm_snapshot *s)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < s->nthreads; i++) {
		const struct kvm_thread_counts *t = &s->th[i];
		json_t *row;

		/* threads that never exited are not vCPUs (without a QMP
		 * map every thread of QEMU is counted) */
		if (t->vcpu < 0 && !t->v[KC_EXITS])
			continue;
		row = json_pack("{s:o,s:i}", "vcpu", t->vcpu < 0 ?
				json_null() : JINT(t->vcpu), "tid",
				(int)t->tid);
		vcpu_count(row, "exits", c, nc, KC_EXITS, t);
		vcpu_count(row, "icr_writes", c, nc, KC_ICR_WRITES, t);
		vcpu_count(row, "msr_write_exits", c, nc, KC_MSR_WRITE_EXITS,
			   t);
		vcpu_count(row, "hlt_exits", c, nc, KC_HLT_EXITS, t);
		vcpu_count(row, "wakeups", c, nc, KC_WAKEUPS, t);
		json_array_append_new(a, row);
	}
	return a;
}

/* msr_writes {MSR: n}, the ones the plan counts. */
static json_t *msr_writes_json(const struct kvm_counter *c, unsigned nc,
			       const struct kvm_snapshot *s)
{
	static const struct { const char *msr; int i; } by_msr[] = {
		{ "0x830", KC_ICR_WRITES },	/* x2APIC ICR: IPIs sent */
		{ "0x6e0", KC_TSCDL_WRITES },
		{ "0x80b", KC_EOI_WRITES },
		{ "0x838", KC_TMICT_WRITES },
		{ "x2apic", KC_X2APIC_WRITES },
		{ "all", KC_MSR_WRITES },
	};
	json_t *o = json_object();

	for (unsigned k = 0; k < sizeof(by_msr) / sizeof(*by_msr); k++) {
		unsigned i = (unsigned)by_msr[k].i;

		if (i < nc && kvm_counter_counted(&c[i]))
			json_object_set_new(o, by_msr[k].msr,
					    JINT(s->total[i]));
	}
	return o;
}

/* The BPF program's count minus the perf counter's, for a count the plan
 * has both of. */
static void bpf_minus_counter(json_t *o, const char *key,
			      const struct kvm_counter *c, unsigned nc,
			      unsigned i, uint64_t bpf, uint64_t counter)
{
	if (i < nc && c[i].present)
		json_object_set_new(o, key, json_integer((json_int_t)bpf -
							 (json_int_t)counter));
}

json_t *kvm_counts_json(const struct probe *p, const struct kvm_snapshot *s,
			unsigned what)
{
	unsigned n;
	const struct kvm_counter *c = kvm_probe_counters(p, &n);

	return c ? kvm_counts_json_of(kvm_probe_tracepoints(p), c, n, s, what)
		 : NULL;
}

json_t *kvm_counts_json_of(const struct kvm_tracepoints *tp,
			   const struct kvm_counter *c, unsigned n,
			   const struct kvm_snapshot *s, unsigned what)
{
	json_t *o = json_object(), *ctr = json_object();
	uint64_t bpf_exits = 0;

	if (!o || !ctr || !c) {
		json_decref(o);
		json_decref(ctr);
		return NULL;
	}
	for (unsigned i = 0; i < n; i++)
		if (kvm_counter_counted(&c[i]) && !c[i].is_reason)
			json_object_set_new(ctr, c[i].key, JINT(s->total[i]));
	json_object_set_new(o, "counters", ctr);
	reasons(o, tp, c, n, s, what);
	json_object_set_new(o, "msr_writes", msr_writes_json(c, n, s));
	if (what & KVM_JSON_VCPUS)
		json_object_set_new(o, "vcpus", vcpus_json(c, n, s));
	json_object_set_new(o, "lost", JINT(kvm_snapshot_lost(s)));
	if (s->have_times) {
		for (unsigned i = 0; i < s->times.n; i++)
			bpf_exits += s->times.r[i].count;
		bpf_minus_counter(o, "exits_bpf_minus_counter", c, n,
				  KC_EXITS, bpf_exits, s->total[KC_EXITS]);
	}
	/* KVM's own exit count against the plan's, when they differ in
	 * source (the same KVM statistic in the stats plan) */
	if (s->have_kvm_stats) {
		json_object_set_new(o, "kvm_stat_exits",
				    JINT(s->kvm_stat_exits));
		if (n > KC_EXITS && kvm_counter_per_thread(&c[KC_EXITS]))
			json_object_set_new(o, "exits_kvm_stats_minus_counter",
				json_integer((json_int_t)s->kvm_stat_exits -
					     (json_int_t)s->total[KC_EXITS]));
	}
	if (s->have_times && s->times.counts)
		bpf_minus_counter(o, "icr_writes_bpf_minus_counter", c, n,
				  KC_ICR_WRITES,
				  s->times.total[KC_ICR_WRITES],
				  s->total[KC_ICR_WRITES]);
	return o;
}

json_t *kvm_probe_json(const struct probe *p)
{
	const struct kvm_tracepoints *tp = kvm_probe_tracepoints(p);
	const struct kvm_snapshot *latest = kvm_probe_latest(p), *b, *e;
	struct kvm_snapshot *d;
	unsigned n;
	const struct kvm_counter *c = kvm_probe_counters(p, &n);
	json_t *o, *plan = json_array(), *wins = json_array();
	const char *why = kvm_probe_times_status(p);
	const char *kwhy = kvm_probe_kvm_stats_status(p);

	if (!tp || !plan || !wins)
		return NULL;
	for (unsigned i = 0; i < n; i++)
		json_array_append_new(plan, json_pack("{s:s,s:s,s:s,s:b,s:s}",
			"key", c[i].key, "event", c[i].event,
			"filter", c[i].filter, "present",
			kvm_counter_counted(&c[i]), "source",
			kvm_counter_source(
			&c[i])));
	o = json_pack("{s:s,s:s,s:s,s:o,s:o}", "isa", kvm_isa_name(tp->isa),
		      "reason_names", tp->reasons_from_kernel ?
		      "kernel print fmt" : "static table",
		      "plan", kvm_plan_name(kvm_probe_plan(p)->kind),
		      "counters", plan,
		      "exit_times", *why ? json_string(why) : json_true());
	json_object_set_new(o, "pid", JINT(kvm_probe_pid(p)));
	json_object_set_new(o, "perf_scope",
			    json_string(kvm_probe_perf_scope(p)));
	json_object_set_new(o, "kvm_stats", *kwhy ? json_string(kwhy) :
			    json_true());
	json_object_set_new(o, "totals", kvm_counts_json(p, latest,
		KVM_JSON_VCPUS | KVM_JSON_TIMES | KVM_JSON_HIST));
	d = malloc(sizeof(*d));
	for (int id = 0; d && id < probe_window_count(p); id++) {
		if (kvm_probe_window(p, id, &b, &e)) {
			json_array_append_new(wins, json_null());
			continue;
		}
		kvm_snapshot_diff(b, e, d);
		json_array_append_new(wins, kvm_counts_json(p, d,
			KVM_JSON_VCPUS | KVM_JSON_TIMES | KVM_JSON_HIST));
	}
	free(d);
	json_object_set_new(o, "windows", wins);
	return o;
}
