/* agent_stream.c - checks and keeps the agent's JSON lines; see
 * agent_stream.h and docs/agent-protocol.md. */
#include <stdio.h>
#include <string.h>

#include "agent_stream.h"

enum ftype { F_STRING, F_INT, F_NUM, F_OBJECT, F_INT_ARRAY };

/* Field types per message type; absent optional fields are fine, unknown
 * fields are ignored so newer agents can add some. */
static const struct rule {
	const char *type;
	const char *field;	/* "a.b": field b of object a */
	enum ftype ftype;
	int required;
} rules[] = {
	{ "hello", "agent", F_STRING, 1 },
	{ "hello", "kernel", F_STRING, 1 },
	{ "hello", "ncpus", F_INT, 1 },
	{ "hello", "workload", F_STRING, 1 },
	{ "hello", "params", F_OBJECT, 0 },
	{ "phase", "phase", F_STRING, 1 },
	{ "sample", "ops", F_INT, 1 },
	{ "sample", "irq", F_OBJECT, 0 },
	{ "sample", "irq.TLB", F_INT_ARRAY, 0 },
	{ "sample", "irq.CAL", F_INT_ARRAY, 0 },
	{ "sample", "irq.RES", F_INT_ARRAY, 0 },
	{ "sample", "madvise", F_OBJECT, 0 },
	{ "summary", "workload", F_STRING, 1 },
	{ "summary", "duration_s", F_NUM, 1 },
	{ "summary", "ops", F_INT, 1 },
	{ "summary", "ops_per_s", F_NUM, 0 },
	{ "summary", "irq", F_OBJECT, 1 },
	{ "summary", "irq.TLB", F_INT_ARRAY, 1 },
	{ "summary", "irq.CAL", F_INT_ARRAY, 1 },
	{ "summary", "irq.RES", F_INT_ARRAY, 1 },
	{ "summary", "irq_total", F_OBJECT, 1 },
	{ "summary", "irq_total.TLB", F_INT, 1 },
	{ "summary", "irq_total.CAL", F_INT, 1 },
	{ "summary", "irq_total.RES", F_INT, 1 },
	{ "summary", "latency_ns", F_OBJECT, 0 },
	{ "summary", "latency_ns.count", F_INT, 0 },
	{ "summary", "latency_ns.mean", F_NUM, 0 },
	{ "summary", "latency_ns.p50", F_NUM, 0 },
	{ "summary", "latency_ns.p99", F_NUM, 0 },
	{ "summary", "latency_ns.p999", F_NUM, 0 },
	{ "summary", "latency_ns.max", F_NUM, 0 },
	{ "summary", "madvise", F_OBJECT, 0 },
	{ "summary", "cpu", F_OBJECT, 0 },
	{ "summary", "cpu.sys_pct", F_NUM, 0 },
	{ "summary", "jemalloc", F_OBJECT, 0 },
	{ "error", "msg", F_STRING, 1 },
};

static const char *const ftype_name[] = {
	"a string", "a whole number", "a number", "an object",
	"an array of whole numbers",
};

static json_t *field_of(json_t *msg, const char *path)
{
	const char *dot = strchr(path, '.');
	char head[64];

	if (!dot)
		return json_object_get(msg, path);
	if ((size_t)(dot - path) >= sizeof(head))
		return NULL;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	return json_object_get(json_object_get(msg, head), dot + 1);
}

static int type_ok(json_t *v, enum ftype t)
{
	size_t i;
	json_t *e;

	switch (t) {
	case F_STRING:
		return json_is_string(v);
	case F_INT:
		return json_is_integer(v) && json_integer_value(v) >= 0;
	case F_NUM:
		return json_is_number(v);
	case F_OBJECT:
		return json_is_object(v);
	case F_INT_ARRAY:
		if (!json_is_array(v) || json_array_size(v) > 1024)
			return 0;
		json_array_foreach(v, i, e)
			if (!json_is_integer(e) || json_integer_value(e) < 0)
				return 0;
		return 1;
	}
	return 0;
}

static int bad(struct agent_stream *s, const char *field, const char *what)
{
	parse_error_set(&s->bad, s->lineno, field, "%s", what);
	s->broken = 1;
	return -1;
}

static int check_fields(struct agent_stream *s, json_t *msg, const char *type)
{
	int known = 0;

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];
		json_t *v;

		if (strcmp(r->type, type))
			continue;
		known = 1;
		v = field_of(msg, r->field);
		if (!v) {
			if (r->required)
				return bad(s, r->field, "missing");
			continue;
		}
		if (!type_ok(v, r->ftype)) {
			char what[64];

			snprintf(what, sizeof(what), "must be %s",
				 ftype_name[r->ftype]);
			return bad(s, r->field, what);
		}
	}
	if (!known)
		return bad(s, "type", "unknown message type");
	return 0;
}

static void keep(json_t **slot, json_t *msg)
{
	json_decref(*slot);
	*slot = json_incref(msg);
}

/* One complete line (without its newline). */
static int take_line(struct agent_stream *s, const char *text, size_t n,
		     double now, agent_event_fn on_event, void *ctx)
{
	json_error_t jerr;
	json_t *msg = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	const char *type, *phase;
	enum agent_event ev;
	json_t *v;

	if (!msg) {
		char what[160];

		snprintf(what, sizeof(what), "not JSON: %s (column %d)",
			 jerr.text, jerr.column);
		return bad(s, "", what);
	}
	if (!json_is_object(msg)) {
		json_decref(msg);
		return bad(s, "", "not a JSON object");
	}
	v = json_object_get(msg, "v");
	if (!json_is_integer(v) ||
	    json_integer_value(v) != AGENT_PROTOCOL_VERSION) {
		json_decref(msg);
		return bad(s, "v", "protocol version is not 1");
	}
	type = json_string_value(json_object_get(msg, "type"));
	if (!type) {
		json_decref(msg);
		return bad(s, "type", "missing");
	}
	if (check_fields(s, msg, type)) {
		json_decref(msg);
		return -1;
	}
	if (!s->hello && strcmp(type, "hello") && strcmp(type, "error")) {
		json_decref(msg);
		return bad(s, "type", "first message must be hello");
	}
	if (!strcmp(type, "hello")) {
		keep(&s->hello, msg);
		ev = AGENT_HELLO;
	} else if (!strcmp(type, "phase")) {
		phase = json_string_value(json_object_get(msg, "phase"));
		if (!strcmp(phase, "run")) {
			s->run_at = now;
			ev = AGENT_PHASE_RUN;
		} else if (!strcmp(phase, "done")) {
			s->done_at = now;
			ev = AGENT_PHASE_DONE;
		} else {
			json_decref(msg);
			return bad(s, "phase", "must be \"run\" or \"done\"");
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
	json_decref(msg);
	if (on_event)
		on_event(ctx, ev, s);
	return 0;
}

void agent_stream_init(struct agent_stream *s)
{
	memset(s, 0, sizeof(*s));
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
	int was_broken = s->broken;

	for (size_t i = 0; i < n && !s->broken; i++) {
		if (data[i] != '\n') {
			if (s->len + 1 >= AGENT_MAX_LINE) {
				s->lineno++;
				bad(s, "", "line longer than 4096 bytes");
				break;
			}
			s->line[s->len++] = data[i];
			continue;
		}
		s->lineno++;
		/* A tty may still add '\r'; an empty line is noise. */
		if (s->len && s->line[s->len - 1] == '\r')
			s->len--;
		if (s->len &&
		    take_line(s, s->line, s->len, now, on_event, ctx) == 0) {
			s->len = 0;
			continue;
		}
		s->len = 0;
	}
	if (s->broken && !was_broken && on_event)
		on_event(ctx, AGENT_BAD, s);
	return s->broken ? -1 : 0;
}
