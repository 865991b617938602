/* report.c - protocol messages and the human summary; see report.h. */
#include <string.h>

#include "emit.h"
#include "report.h"

json_t *report_hello(const struct job *job, const char *kernel,
		     unsigned ncpus, const char *malloc_conf)
{
	json_t *msg = msg_new("hello"), *params = json_object();

	if (!msg || !params)
		goto fail;
	for (unsigned i = 0; i < job->opts.n; i++)
		if (json_object_set_new(params, job->opts.desc[i].name,
					json_string(job->opts.text[i])))
			goto fail;
	if (json_object_set_new(msg, "agent", json_string("tlbagent")) ||
	    json_object_set_new(msg, "agent_version",
				json_string(TLBAGENT_VERSION)) ||
	    json_object_set_new(msg, "kernel", json_string(kernel)) ||
	    json_object_set_new(msg, "ncpus", json_integer(ncpus)) ||
	    json_object_set_new(msg, "workload", json_string(job->wl->name)) ||
	    json_object_set_new(msg, "params", params) ||
	    json_object_set_new(msg, "malloc_conf",
				malloc_conf ? json_string(malloc_conf)
					    : json_null()))
		goto fail_msg;
	return msg;
fail:
	json_decref(params);
fail_msg:
	json_decref(msg);
	return NULL;
}

/* A message with one more string field. */
static json_t *msg_with(const char *type, const char *key, const char *value)
{
	json_t *msg = msg_new(type);

	if (msg && json_object_set_new(msg, key, json_string(value))) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

json_t *report_phase(const char *phase)
{
	return msg_with("phase", "phase", phase);
}

json_t *report_error(const char *text)
{
	return msg_with("error", "msg", text);
}

/* Per-CPU array of one line, index = CPU number (absent CPUs: 0). */
static json_t *irq_array(const struct irq_snapshot *s, enum irq_line line)
{
	unsigned span = irq_cpu_span(s), c = 0;
	json_t *a = json_array();

	for (unsigned cpu = 0; a && cpu < span; cpu++) {
		uint64_t v = 0;

		if (c < s->ncols && s->cpu[c] == cpu)
			v = s->count[line][c++];
		json_array_append_new(a, json_integer((json_int_t)v));
	}
	return a;
}

static json_t *irq_object(const struct irq_snapshot *s)
{
	json_t *o = json_object();

	for (int i = 0; o && i < IRQ_NLINES; i++)
		json_object_set_new(o, irq_line_name(i), irq_array(s, i));
	return o;
}

static json_t *madv_calls(const struct madv_stats *m)
{
	json_t *o = json_object();

	for (int i = 0; o && i < MADV_NCLASSES; i++)
		json_object_set_new(o, madv_class_name(i),
				    json_integer((json_int_t)m->cls[i].calls));
	return o;
}

json_t *report_sample(uint64_t ops, const struct gwindow *w)
{
	json_t *msg = msg_new("sample");

	if (!msg)
		return NULL;
	json_object_set_new(msg, "ops", json_integer((json_int_t)ops));
	json_object_set_new(msg, "madvise", madv_calls(&w->madv));
	json_object_set_new(msg, "irq", irq_object(&w->irq));
	json_object_set_new(msg, "cpu",
			    json_pack("{s:f, s:f}", "user_s", w->cpu.user_s,
				      "sys_s", w->cpu.sys_s));
	return msg;
}

/* [[low, count], ...] of the non-empty groups of 2^coarsen buckets. */
json_t *report_hist_buckets(const struct hist *h, unsigned coarsen)
{
	json_t *a = json_array();
	unsigned mask = (1u << coarsen) - 1;

	for (unsigned i = 0; a && i < HIST_BUCKETS;) {
		unsigned first = i;
		uint64_t sum = 0;

		/* Groups never straddle a power of two: sub-bucket index
		 * bits only (the first 16 buckets group the same way). */
		do
			sum += h->bucket[i++];
		while (i < HIST_BUCKETS && (i & mask));
		if (sum)
			json_array_append_new(a,
				json_pack("[I, I]",
					  (json_int_t)hist_bucket_low(first),
					  (json_int_t)sum));
	}
	return a;
}

static json_t *latency_object(const struct run_result *r, unsigned coarsen)
{
	const struct hist *h = &r->lat;

	return json_pack("{s:s, s:I, s:f, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "what", r->wl->latency_what,
			 "count", (json_int_t)h->count,
			 "mean", hist_mean(h),
			 "p50", (json_int_t)hist_percentile(h, 50),
			 "p99", (json_int_t)hist_percentile(h, 99),
			 "p999", (json_int_t)hist_percentile(h, 99.9),
			 "max", (json_int_t)h->max,
			 "bucket_sub", (json_int_t)(HIST_SUB >> coarsen),
			 "buckets", report_hist_buckets(h, coarsen));
}

static json_t *madv_object(const struct madv_stats *m)
{
	json_t *o = json_object();

	for (int i = 0; o && i < MADV_NCLASSES; i++) {
		const struct madv_class_stats *c = &m->cls[i];
		json_t *sizes = json_array();

		for (unsigned s = 0; sizes && s < MADV_SIZE_SLOTS; s++)
			if (c->size[s])
				json_array_append_new(sizes,
					json_pack("[I, I]",
						  (json_int_t)madv_slot_low(s),
						  (json_int_t)c->size[s]));
		json_object_set_new(o, madv_class_name(i),
			json_pack("{s:I, s:I, s:I, s:o}",
				  "calls", (json_int_t)c->calls,
				  "bytes", (json_int_t)c->bytes,
				  "failed", (json_int_t)c->failed,
				  "size_hist", sizes));
	}
	return o;
}

static json_t *jem_object(const struct jem_stats *j)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "dirty_npurge", (json_int_t)j->dirty_npurge,
			 "dirty_nmadvise", (json_int_t)j->dirty_nmadvise,
			 "dirty_purged", (json_int_t)j->dirty_purged,
			 "muzzy_npurge", (json_int_t)j->muzzy_npurge,
			 "muzzy_nmadvise", (json_int_t)j->muzzy_nmadvise,
			 "muzzy_purged", (json_int_t)j->muzzy_purged,
			 "opt_dirty_decay_ms", (json_int_t)j->opt_dirty_decay_ms,
			 "opt_muzzy_decay_ms", (json_int_t)j->opt_muzzy_decay_ms);
}

static json_t *irq_totals(const struct irq_snapshot *s)
{
	json_t *o = json_object();

	for (int i = 0; o && i < IRQ_NLINES; i++)
		json_object_set_new(o, irq_line_name(i),
				    json_integer((json_int_t)irq_total(s, i)));
	return o;
}

/* Each workload thread's scheduling over its loop (threadsched.h). */
static json_t *sched_array(const struct wl_ctx *ctx)
{
	json_t *a = json_array();

	for (unsigned k = 0; a && k < ctx->nsched; k++) {
		const struct wl_sched *w = &ctx->sched[k];
		json_t *o = json_pack("{s:i, s:b, s:i, s:I, s:I}", "k", (int)k,
				      "hot", w->hot, "cpu", w->s.cpu,
				      "nvcsw", (json_int_t)w->s.nvcsw,
				      "nivcsw", (json_int_t)w->s.nivcsw);

		if (o && w->s.have_schedstat) {
			json_object_set_new(o, "run_s",
					    json_real(w->s.run_ns / 1e9));
			json_object_set_new(o, "wait_s",
					    json_real(w->s.wait_ns / 1e9));
			json_object_set_new(o, "slices",
					    json_integer((json_int_t)w->s.slices));
		}
		json_array_append_new(a, o);
	}
	return a;
}

json_t *report_summary(const struct run_result *r, unsigned coarsen)
{
	const struct gwindow *w = &r->win;
	json_t *msg = msg_new("summary"), *metrics = json_object();

	if (!msg || !metrics) {
		json_decref(msg);
		json_decref(metrics);
		return NULL;
	}
	for (unsigned i = 0; i < r->ctx->nmetrics; i++)
		json_object_set_new(metrics, r->ctx->metrics[i].name,
				    json_real(r->ctx->metrics[i].value));
	json_object_set_new(msg, "workload", json_string(r->wl->name));
	json_object_set_new(msg, "duration_s", json_real(w->duration_s));
	json_object_set_new(msg, "ops", json_integer((json_int_t)r->ops));
	json_object_set_new(msg, "ops_per_s",
			    json_real(w->duration_s > 0
				      ? (double)r->ops / w->duration_s : 0));
	json_object_set_new(msg, "latency_ns", latency_object(r, coarsen));
	json_object_set_new(msg, "madvise", madv_object(&w->madv));
	json_object_set_new(msg, "irq", irq_object(&w->irq));
	json_object_set_new(msg, "irq_total", irq_totals(&w->irq));
	json_object_set_new(msg, "cpu",
		json_pack("{s:f, s:f, s:f, s:f, s:f, s:i}",
			  "user_s", w->cpu.user_s, "sys_s", w->cpu.sys_s,
			  "idle_s", w->cpu.idle_s, "steal_s", w->cpu.steal_s,
			  "sys_pct", w->cpu.sys_pct, "ncpus", (int)r->ncpus));
	if (w->has_jem)
		json_object_set_new(msg, "jemalloc", jem_object(&w->jem));
	json_object_set_new(msg, "metrics", metrics);
	if (r->ctx->nsched)
		json_object_set_new(msg, "sched", sched_array(r->ctx));
	return msg;
}

static void human_irq(FILE *f, const struct irq_snapshot *s,
		      enum irq_line line)
{
	fprintf(f, " %s", irq_line_name(line));
	for (unsigned c = 0; c < s->ncols; c++)
		fprintf(f, " cpu%u=%llu", s->cpu[c],
			(unsigned long long)s->count[line][c]);
}

void report_human(FILE *f, const struct run_result *r)
{
	const struct gwindow *w = &r->win;
	const struct hist *h = &r->lat;

	fprintf(f, "tlbagent: %s: %llu ops in %.3f s (%.0f/s)\n", r->wl->name,
		(unsigned long long)r->ops, w->duration_s,
		w->duration_s > 0 ? (double)r->ops / w->duration_s : 0.0);
	fprintf(f, "  latency of %s: mean %.1f us  p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f us\n",
		r->wl->latency_what, hist_mean(h) / 1e3,
		(double)hist_percentile(h, 50) / 1e3,
		(double)hist_percentile(h, 99) / 1e3,
		(double)hist_percentile(h, 99.9) / 1e3, (double)h->max / 1e3);
	fprintf(f, "  madvise calls:");
	for (int i = 0; i < MADV_NCLASSES; i++)
		fprintf(f, " %s %llu (%.1f MiB)", madv_class_name(i),
			(unsigned long long)w->madv.cls[i].calls,
			(double)w->madv.cls[i].bytes / (1 << 20));
	fprintf(f, "\n  irq deltas:");
	for (int i = 0; i < IRQ_NLINES; i++)
		human_irq(f, &w->irq, i);
	fprintf(f, "\n  cpu: user %.2f s  sys %.2f s  idle %.2f s  steal %.2f s  sys %.1f%%\n",
		w->cpu.user_s, w->cpu.sys_s, w->cpu.idle_s, w->cpu.steal_s,
		w->cpu.sys_pct);
	if (w->has_jem)
		fprintf(f, "  jemalloc: dirty npurge %llu nmadvise %llu purged %llu pages; muzzy npurge %llu nmadvise %llu purged %llu; opt dirty_decay_ms %lld muzzy_decay_ms %lld\n",
			(unsigned long long)w->jem.dirty_npurge,
			(unsigned long long)w->jem.dirty_nmadvise,
			(unsigned long long)w->jem.dirty_purged,
			(unsigned long long)w->jem.muzzy_npurge,
			(unsigned long long)w->jem.muzzy_nmadvise,
			(unsigned long long)w->jem.muzzy_purged,
			(long long)w->jem.opt_dirty_decay_ms,
			(long long)w->jem.opt_muzzy_decay_ms);
}
