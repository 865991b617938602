/* probe_json.c - JSON renderings of the probe's results; see
 * probe_json.h for the formats. */
#include <stdlib.h>

#include "probe_json.h"

#define JINT(v) json_integer((json_int_t)(v))

static json_t *cpu_json(uint16_t cpu)
{
	return cpu == IPI_CPU_UNKNOWN ? json_null() : JINT(cpu);
}

/* {cpu, cfs, cf, res, other, total} for one sender or destination. */
static json_t *class_row(const struct ipi_tally *t, int sender, int dest,
			 int cpu)
{
	static const char *const keys[IPI_NCLASSES] = {
		"cfs", "cf", "res", "other",
	};
	json_t *o = json_object();
	uint64_t sum = 0;

	json_object_set_new(o, "cpu", cpu_json((uint16_t)cpu));
	for (int c = 0; c < IPI_NCLASSES; c++) {
		uint64_t n = ipi_tally_count(t, sender, dest, c);

		json_object_set_new(o, keys[c], JINT(n));
		sum += n;
	}
	json_object_set_new(o, "total", JINT(sum));
	/* What the guest's /proc/interrupts CAL+RES should show. */
	json_object_set_new(o, "linux_ipis", JINT(sum -
		ipi_tally_count(t, sender, dest, IPI_CLASS_OTHER)));
	return o;
}

/* One row per vCPU plus one for unknown threads when there are any. */
static json_t *per_cpu(const struct ipi_tally *t, int by_dest)
{
	json_t *a = json_array();

	for (unsigned cpu = 0; cpu <= t->ncpus; cpu++) {
		int id = cpu < t->ncpus ? (int)cpu : IPI_CPU_UNKNOWN;
		if (id == IPI_CPU_UNKNOWN &&
		    !ipi_tally_count(t, by_dest ? IPI_ANY : id,
				     by_dest ? id : IPI_ANY, IPI_ANY))
			break;
		json_array_append_new(a, class_row(t, by_dest ? IPI_ANY : id,
						   by_dest ? id : IPI_ANY, id));
	}
	return a;
}

json_t *ipi_tally_json(const struct ipi_tally *t)
{
	size_t n = ipi_tally_rows(t, NULL, 0);
	struct ipi_cell *cells = calloc(n ? n : 1, sizeof(*cells));
	json_t *o = json_object(), *classes = json_object(),
	       *arr = json_array();

	if (!cells || !o || !classes || !arr) {
		free(cells);
		json_decref(o);
		json_decref(classes);
		json_decref(arr);
		return NULL;
	}
	json_object_set_new(o, "writes", JINT(t->writes));
	json_object_set_new(o, "deliveries", JINT(t->deliveries));
	json_object_set_new(o, "linux_ipis", JINT(t->deliveries -
		t->by_class[IPI_CLASS_OTHER]));
	for (int c = 0; c < IPI_NCLASSES; c++)
		json_object_set_new(classes, ipi_class_name(c),
				    JINT(t->by_class[c]));
	json_object_set_new(o, "by_class", classes);
	json_object_set_new(o, "by_dest", per_cpu(t, 1));
	json_object_set_new(o, "by_sender", per_cpu(t, 0));
	n = ipi_tally_rows(t, cells, n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o,s:o,s:i,s:I}",
			"sender", cpu_json(cells[i].sender),
			"dest", cpu_json(cells[i].dest),
			"vector", cells[i].vector,
			"count", (json_int_t)cells[i].count));
	json_object_set_new(o, "cells", arr);
	free(cells);
	return o;
}

json_t *trace_stats_json(const struct trace_reader *r)
{
	const struct trace_stats *s = &r->stats;
	const struct trace_thread *th;
	json_t *o = json_object(), *dm = json_object(), *thr = json_array();
	size_t n;

	for (unsigned d = 0; d < ICR_NDELIVERY; d++)
		if (s->by_delivery[d])
			json_object_set_new(dm, icr_delivery_name(d),
					    JINT(s->by_delivery[d]));
	th = trace_reader_threads(r, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(thr, json_pack("{s:i,s:o,s:I}",
			"tid", (int)th[i].tid, "cpu", cpu_json(th[i].cpu),
			"icr_writes", (json_int_t)th[i].icr_writes));
	json_object_set_new(o, "lines", JINT(s->lines));
	json_object_set_new(o, "apic_writes", JINT(s->apic_writes));
	json_object_set_new(o, "icr_lo_writes", JINT(s->icr_lo_writes));
	json_object_set_new(o, "icr_hi_writes", JINT(s->icr_hi_writes));
	json_object_set_new(o, "other_writes", JINT(s->other_writes));
	json_object_set_new(o, "other_events", JINT(s->other_events));
	json_object_set_new(o, "by_delivery", dm);
	json_object_set_new(o, "malformed", json_pack("{s:I,s:I,s:s,s:s}",
		"count", (json_int_t)s->malformed,
		"first_line", (json_int_t)s->first_malformed_line,
		"field", s->first_malformed.field,
		"msg", s->first_malformed.msg));
	json_object_set_new(o, "sender_map", json_string(r->map_given ?
		"qmp" : "first-appearance"));
	json_object_set_new(o, "ncpus", JINT(trace_reader_ncpus(r)));
	json_object_set_new(o, "threads", thr);
	json_object_set_new(o, "unknown_writes", JINT(s->unknown_writes));
	json_object_set_new(o, "first_us", JINT(s->first_us));
	json_object_set_new(o, "last_us", JINT(s->last_us));
	json_object_set_new(o, "events_kept", JINT(s->events_kept));
	json_object_set_new(o, "events_dropped", JINT(s->events_dropped));
	return o;
}

json_t *buddyinfo_json(const struct buddyinfo *b)
{
	json_t *o = json_object(), *zones = json_array();
	uint64_t ge9 = buddyinfo_pages_at_least(b, BUDDY_THP_ORDER);

	for (unsigned i = 0; i < b->nzones; i++) {
		const struct buddy_zone *z = &b->zones[i];
		json_t *free_ = json_array();

		for (unsigned k = 0; k < b->norders; k++)
			json_array_append_new(free_, JINT(z->free[k]));
		json_array_append_new(zones, json_pack("{s:i,s:s,s:o,s:I}",
			"node", z->node, "zone", z->zone, "free", free_,
			"blocks_ge9", (json_int_t)buddy_zone_blocks_at_least(
				z, b->norders, BUDDY_THP_ORDER)));
	}
	json_object_set_new(o, "zones", zones);
	json_object_set_new(o, "free_pages", JINT(buddyinfo_free_pages(b)));
	json_object_set_new(o, "pages_ge9", JINT(ge9));
	json_object_set_new(o, "mib_ge9", JINT(ge9 / 256));
	return o;
}

static json_t *smaps_json(const struct smaps_summary *s)
{
	json_t *o = json_object(), *f = json_object();
	const char *name;

	for (unsigned i = 0; (name = smaps_field_name(i)); i++)
		if (s->seen & (1u << i))
			json_object_set_new(f, name,
				JINT(smaps_field_value(&s->total, i)));
	json_object_set_new(o, "source", json_string(s->rollup ?
		"smaps_rollup" : "smaps"));
	json_object_set_new(o, "mappings", JINT(s->mappings));
	json_object_set_new(o, "rss_kb", JINT(s->total.rss));
	json_object_set_new(o, "anonymous_kb", JINT(s->total.anonymous));
	json_object_set_new(o, "anon_huge_kb", JINT(s->total.anon_huge));
	json_object_set_new(o, "thp_share",
			    json_real(smaps_thp_share(&s->total)));
	json_object_set_new(o, "fields", f);
	if (!s->rollup && s->largest_anon.kb.anonymous)
		json_object_set_new(o, "largest_anon", json_pack(
			"{s:I,s:I,s:s,s:I,s:I}",
			"start", (json_int_t)s->largest_anon.start,
			"end", (json_int_t)s->largest_anon.end,
			"name", s->largest_anon.name,
			"anonymous_kb",
			(json_int_t)s->largest_anon.kb.anonymous,
			"anon_huge_kb",
			(json_int_t)s->largest_anon.kb.anon_huge));
	return o;
}

json_t *hostmem_json(const struct hostmem *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "pid", JINT(m->pid));
	json_object_set_new(o, "smaps", smaps_json(&m->smaps));
	json_object_set_new(o, "thp_enabled", m->have_thp ?
		json_string(thp_selected(&m->thp)) : json_null());
	json_object_set_new(o, "buddyinfo", m->have_buddy ?
		buddyinfo_json(&m->buddy) : json_null());
	return o;
}

json_t *probe_json(struct probe *p)
{
	const struct probe_backend *b = probe_backend_of(p);
	json_t *o = json_object(), *wins = json_array();

	json_object_set_new(o, "backend", json_string(b->name));
	json_object_set_new(o, "totals", ipi_tally_json(probe_totals(p)));
	for (int i = 0; i < probe_window_count(p); i++) {
		struct ipi_tally t;
		int64_t t0, t1;
		json_t *w;
		int rc;

		probe_window_times(p, i, &t0, &t1);
		w = json_pack("{s:I,s:b}", "t0_ns", (json_int_t)t0,
			      "ended", t1 != INT64_MAX);
		json_object_set_new(w, "t1_ns", t1 == INT64_MAX ?
				    json_null() : JINT(t1));
		rc = probe_window_result(p, i, &t);
		json_object_set_new(w, rc ? "error" : "counts", rc ?
				    json_string(probe_strerror(p)) :
				    ipi_tally_json(&t));
		ipi_tally_free(&t);
		json_array_append_new(wins, w);
	}
	json_object_set_new(o, "windows", wins);
	if (b->describe)
		json_object_set_new(o, "details", b->describe(p));
	return o;
}
