/* probe_stream.c - tlbprobe's stream from L1; see probe_stream.h. */
#include <stdio.h>
#include <string.h>

#include "probe_stream.h"

static const char *const types[] = {
	"hello", "sample", "window", "summary", "error", NULL,
};

static const struct jsonl_rule rules[] = {
	{ "hello", "backend", JF_STRING, 1 },
	{ "hello", "kernel", JF_STRING, 1 },
	{ "sample", "counters", JF_OBJECT, 1 },
	{ "sample", "counters.icr_writes", JF_INT, 0 },
	{ "sample", "lost", JF_INT, 0 },
	{ "window", "id", JF_INT, 1 },
	{ "window", "edge", JF_STRING, 1 },
	{ "window", "counters", JF_OBJECT, 0 },
	{ "window", "counters.exits", JF_INT, 0 },
	{ "window", "counters.icr_writes", JF_INT, 0 },
	{ "window", "counters.msr_writes", JF_INT, 0 },
	{ "window", "exits_by_reason", JF_OBJECT, 0 },
	{ "window", "msr_writes", JF_OBJECT, 0 },
	{ "window", "exit_times", JF_OBJECT_OR_NULL, 0 },
	{ "window", "lost", JF_INT, 0 },
	{ "window", "duration_s", JF_NUM, 0 },
	{ "summary", "counters", JF_OBJECT, 1 },
	{ "summary", "lost", JF_INT, 1 },
	{ "summary", "window", JF_OBJECT_OR_NULL, 0 },
	{ "summary", "l2_shutdown_reason", JF_STRING, 0 },
	{ "error", "msg", JF_STRING, 1 },
	{ "error", "fatal", JF_BOOL, 1 },
};

static const struct jsonl_schema schema = {
	.version = PROBE_PROTOCOL_VERSION,
	.max_line = JSONL_MAX_LINE,
	.types = types,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
};

static void keep(json_t **slot, json_t *msg)
{
	json_decref(*slot);
	*slot = json_incref(msg);
}

static int on_line(void *arg, json_t *msg, const char *type)
{
	struct probe_stream *s = arg;

	if (!strcmp(type, "hello")) {
		keep(&s->hello, msg);
	} else if (!strcmp(type, "sample")) {
		keep(&s->sample, msg);
	} else if (!strcmp(type, "window")) {
		const char *edge = json_string_value(json_object_get(msg, "edge"));

		if (strcmp(edge, "begin") && strcmp(edge, "end"))
			return jsonl_reject(&s->reader, "edge",
					    "must be \"begin\" or \"end\"");
		/* The measured window is the first one. */
		if (!strcmp(edge, "end") && !s->window_end &&
		    json_integer_value(json_object_get(msg, "id")) == 0)
			keep(&s->window_end, msg);
	} else if (!strcmp(type, "summary")) {
		keep(&s->summary, msg);
	} else if (json_is_true(json_object_get(msg, "fatal"))) {
		snprintf(s->fatal, sizeof(s->fatal), "%s",
			 json_string_value(json_object_get(msg, "msg")));
	} else {
		s->nerrors++;
	}
	return 0;
}

void probe_stream_init(struct probe_stream *s)
{
	memset(s, 0, sizeof(*s));
	jsonl_init(&s->reader, &schema);
}

void probe_stream_free(struct probe_stream *s)
{
	json_decref(s->hello);
	json_decref(s->sample);
	json_decref(s->window_end);
	json_decref(s->summary);
	s->hello = s->sample = s->window_end = s->summary = NULL;
}

int probe_stream_feed(struct probe_stream *s, const char *data, size_t n)
{
	return jsonl_feed(&s->reader, data, n, on_line, s);
}
