/* agent_stream.c - checks and keeps the agent's JSON lines; see
 * agent_stream.h and docs/agent-protocol.md. */
#include <stdio.h>
#include <string.h>

#include "agent_stream.h"

static const char *const types[] = {
	"hello", "phase", "sample", "summary", "error", NULL,
};

/* Field types per message type; absent optional fields are fine. */
static const struct jsonl_rule rules[] = {
	{ "hello", "agent", JF_STRING, 1 },
	{ "hello", "kernel", JF_STRING, 1 },
	{ "hello", "ncpus", JF_INT, 1 },
	{ "hello", "workload", JF_STRING, 1 },
	{ "hello", "params", JF_OBJECT, 0 },
	{ "phase", "phase", JF_STRING, 1 },
	{ "sample", "ops", JF_INT, 1 },
	{ "sample", "irq", JF_OBJECT, 0 },
	{ "sample", "irq.TLB", JF_INT_ARRAY, 0 },
	{ "sample", "irq.CAL", JF_INT_ARRAY, 0 },
	{ "sample", "irq.RES", JF_INT_ARRAY, 0 },
	{ "sample", "madvise", JF_OBJECT, 0 },
	{ "summary", "workload", JF_STRING, 1 },
	{ "summary", "duration_s", JF_NUM, 1 },
	{ "summary", "ops", JF_INT, 1 },
	{ "summary", "ops_per_s", JF_NUM, 0 },
	{ "summary", "irq", JF_OBJECT, 1 },
	{ "summary", "irq.TLB", JF_INT_ARRAY, 1 },
	{ "summary", "irq.CAL", JF_INT_ARRAY, 1 },
	{ "summary", "irq.RES", JF_INT_ARRAY, 1 },
	{ "summary", "irq_total", JF_OBJECT, 1 },
	{ "summary", "irq_total.TLB", JF_INT, 1 },
	{ "summary", "irq_total.CAL", JF_INT, 1 },
	{ "summary", "irq_total.RES", JF_INT, 1 },
	{ "summary", "latency_ns", JF_OBJECT, 0 },
	{ "summary", "latency_ns.count", JF_INT, 0 },
	{ "summary", "latency_ns.mean", JF_NUM, 0 },
	{ "summary", "latency_ns.p50", JF_NUM, 0 },
	{ "summary", "latency_ns.p99", JF_NUM, 0 },
	{ "summary", "latency_ns.p999", JF_NUM, 0 },
	{ "summary", "latency_ns.max", JF_NUM, 0 },
	{ "summary", "madvise", JF_OBJECT, 0 },
	{ "summary", "cpu", JF_OBJECT, 0 },
	{ "summary", "cpu.sys_pct", JF_NUM, 0 },
	{ "summary", "jemalloc", JF_OBJECT, 0 },
	{ "error", "msg", JF_STRING, 1 },
};

static const struct jsonl_schema schema = {
	.version = AGENT_PROTOCOL_VERSION,
	.max_line = AGENT_MAX_LINE,
	.types = types,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
};

struct feed_ctx {
	struct agent_stream *s;
	double now;
	agent_event_fn on_event;
	void *ctx;
};

static void keep(json_t **slot, json_t *msg)
{
	json_decref(*slot);
	*slot = json_incref(msg);
}

static int on_line(void *arg, json_t *msg, const char *type)
{
	struct feed_ctx *f = arg;
	struct agent_stream *s = f->s;
	enum agent_event ev;

	if (!s->hello && strcmp(type, "hello") && strcmp(type, "error"))
		return jsonl_reject(&s->reader, "type",
				    "first message must be hello");
	if (!strcmp(type, "hello")) {
		keep(&s->hello, msg);
		ev = AGENT_HELLO;
	} else if (!strcmp(type, "phase")) {
		const char *phase = json_string_value(json_object_get(msg, "phase"));

		if (!strcmp(phase, "run")) {
			s->run_at = f->now;
			ev = AGENT_PHASE_RUN;
		} else if (!strcmp(phase, "done")) {
			s->done_at = f->now;
			ev = AGENT_PHASE_DONE;
		} else {
			return jsonl_reject(&s->reader, "phase",
					    "must be \"run\" or \"done\"");
		}
	} else if (!strcmp(type, "sample")) {
		keep(&s->sample, msg);
		s->nsamples++;
		ev = AGENT_SAMPLE;
	} else if (!strcmp(type, "summary")) {
		keep(&s->summary, msg);
		ev = AGENT_SUMMARY;
	} else {
		snprintf(s->agent_error, sizeof(s->agent_error), "%s",
			 json_string_value(json_object_get(msg, "msg")));
		ev = AGENT_ERROR;
	}
	if (f->on_event)
		f->on_event(f->ctx, ev, s);
	return 0;
}

void agent_stream_init(struct agent_stream *s)
{
	memset(s, 0, sizeof(*s));
	jsonl_init(&s->reader, &schema);
}

void agent_stream_free(struct agent_stream *s)
{
	json_decref(s->hello);
	json_decref(s->sample);
	json_decref(s->summary);
	s->hello = s->sample = s->summary = NULL;
}

int agent_stream_feed(struct agent_stream *s, const char *data, size_t n,
		      double now, agent_event_fn on_event, void *ctx)
{
	struct feed_ctx f = { s, now, on_event, ctx };
	int was_broken = s->reader.broken;

	jsonl_feed(&s->reader, data, n, on_line, &f);
	if (s->reader.broken && !was_broken && on_event)
		on_event(ctx, AGENT_BAD, s);
	return s->reader.broken ? -1 : 0;
}
