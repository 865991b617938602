/*
 * test_probe_stream.c - the probe stream writer: envelope order, one line
 * per message, the 4096-byte bound, and what gives way when a message is
 * too long (docs/probe-protocol.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "jpath.h"
#include "probe_stream.h"

static json_t *parse_line(const char *buf, int n)
{
	json_t *o;

	assert_true(n > 0);
	assert_int_equal((int)strlen(buf), n);
	assert_int_equal(buf[n - 1], '\n');
	assert_null(memchr(buf, '\n', (size_t)n - 1));
	o = json_loadb(buf, (size_t)n - 1, 0, NULL);
	assert_non_null(o);
	return o;
}

static void test_envelope_first(void **state)
{
	struct probe_stream s;
	char buf[PROBE_STREAM_MAX_LINE + 1];
	int n;
	json_t *o;
	const char *first;
	void *it;

	(void)state;
	probe_stream_init(&s, -1);
	n = probe_stream_encode(&s, "sample", json_pack("{s:i,s:s}", "seq", 3,
			       "x", "y"), NULL, buf, sizeof(buf));
	o = parse_line(buf, n);
	it = json_object_iter(o);
	first = json_object_iter_key(it);
	assert_string_equal(first, "v");
	assert_int_equal(json_integer_value(json_object_get(o, "v")), 1);
	assert_string_equal(json_string_value(json_object_get(o, "type")),
			    "sample");
	assert_true(json_is_real(json_object_get(o, "t")));
	assert_int_equal(json_integer_value(json_object_get(o, "seq")), 3);
	assert_null(json_object_get(o, "truncated"));
	json_decref(o);
}

static json_t *big(size_t bytes)
{
	char *s = malloc(bytes + 1);
	json_t *j;

	memset(s, 'a', bytes);
	s[bytes] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static void test_drops_expendable_members(void **state)
{
	static const char *const drop[] = { "exit_times", "vcpus", NULL };
	struct probe_stream s;
	char buf[PROBE_STREAM_MAX_LINE + 1];
	json_t *body = json_object(), *o, *cut;
	int n;

	(void)state;
	probe_stream_init(&s, -1);
	json_object_set_new(body, "counters", json_pack("{s:i}", "exits", 5));
	json_object_set_new(body, "vcpus", big(1500));
	json_object_set_new(body, "exit_times", big(3000));
	n = probe_stream_encode(&s, "summary", body, drop, buf, sizeof(buf));
	o = parse_line(buf, n);
	assert_true(n <= PROBE_STREAM_MAX_LINE);
	assert_null(json_object_get(o, "exit_times"));
	assert_non_null(json_object_get(o, "vcpus"));	/* it fits now */
	cut = json_object_get(o, "truncated");
	assert_int_equal(json_array_size(cut), 1);
	assert_string_equal(json_string_value(json_array_get(cut, 0)),
			    "exit_times");
	json_decref(o);
}

static void test_too_long_is_an_error(void **state)
{
	static const char *const drop[] = { "vcpus", NULL };
	struct probe_stream s;
	char buf[PROBE_STREAM_MAX_LINE + 1];
	json_t *body = json_object();

	(void)state;
	probe_stream_init(&s, -1);
	json_object_set_new(body, "counters", big(5000));
	json_object_set_new(body, "vcpus", big(10));
	assert_int_equal(probe_stream_encode(&s, "sample", body, drop, buf,
					     sizeof(buf)), -E2BIG);
	/* just under and just over the bound, nothing to drop */
	body = json_object();
	json_object_set_new(body, "p", big(PROBE_STREAM_MAX_LINE - 100));
	assert_true(probe_stream_encode(&s, "x", body, NULL, buf,
					sizeof(buf)) <= PROBE_STREAM_MAX_LINE);
	body = json_object();
	json_object_set_new(body, "p", big(PROBE_STREAM_MAX_LINE));
	assert_int_equal(probe_stream_encode(&s, "x", body, NULL, buf,
					     sizeof(buf)), -E2BIG);
}

static void test_send_writes_whole_lines(void **state)
{
	struct probe_stream s;
	int fd[2];
	char got[3 * PROBE_STREAM_MAX_LINE];
	ssize_t n;
	int lines = 0;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	probe_stream_init(&s, fd[1]);
	assert_int_equal(probe_stream_send(&s, "hello",
		json_pack("{s:s}", "probe", "tlbprobe"), NULL), 0);
	assert_int_equal(probe_stream_error(&s, 1, "pid %d: gone", 42), 0);
	close(fd[1]);
	n = read(fd[0], got, sizeof(got) - 1);
	close(fd[0]);
	assert_true(n > 0);
	got[n] = '\0';
	for (ssize_t i = 0; i < n; i++)
		lines += got[i] == '\n';
	assert_int_equal(lines, 2);
	assert_int_equal(s.lines, 2);
	assert_non_null(strstr(got, "\"type\":\"error\""));
	assert_non_null(strstr(got, "\"msg\":\"pid 42: gone\",\"fatal\":true"));
}

#define NESTED	FIXTURES_DIR "/host-probe/probe-stream.nested-2cpu-madvise-flood.jsonl"
#define AGENT	FIXTURES_DIR "/host-probe/agent-stream.nested-2cpu-madvise-flood.jsonl"

/* The guest's CAL+RES receipts in the summary of the agent stream at
 * path, or -1 when it has none. */
static json_int_t agent_calres(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2 * PROBE_STREAM_MAX_LINE];
	json_int_t calres = -1;
	json_t *o;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		o = json_loads(line, 0, NULL);
		if (o && !strcmp(json_string_value(json_object_get(o, "type")),
				 "summary"))
			calres = json_integer_value(jpath_get(o,
							      "irq_total.CAL")) +
				 json_integer_value(jpath_get(o,
							      "irq_total.RES"));
		json_decref(o);
	}
	fclose(f);
	return calres;
}


/* A stream tlbprobe nested wrote in a real L1 follows the protocol, and
 * its window agrees with what the guest counted in the same run. */
static void test_real_nested_stream(void **state)
{
	FILE *f = fopen(NESTED, "r");
	char line[2 * PROBE_STREAM_MAX_LINE];
	int n = 0, begin = 0, end = 0, summary = 0;
	json_int_t icr = -1, calres = -1;
	json_t *o;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *type;

		assert_true(strlen(line) <= PROBE_STREAM_MAX_LINE);
		assert_int_equal(line[strlen(line) - 1], '\n');
		o = json_loads(line, 0, NULL);
		assert_non_null(o);
		assert_int_equal(json_integer_value(json_object_get(o, "v")), 1);
		type = json_string_value(json_object_get(o, "type"));
		assert_non_null(type);
		assert_true(n > 0 || !strcmp(type, "hello"));
		assert_false(summary);	/* nothing after the summary */
		if (!strcmp(type, "window") &&
		    !strcmp(json_string_value(jpath_get(o, "edge")), "begin"))
			begin++;
		if (!strcmp(type, "window") &&
		    !strcmp(json_string_value(jpath_get(o, "edge")), "end")) {
			assert_int_equal(begin, 1);
			end++;
			icr = json_integer_value(jpath_get(o,
						"counters.icr_writes"));
		}
		if (!strcmp(type, "summary")) {
			summary = 1;
			assert_int_equal(json_integer_value(jpath_get(o,
							"lost")), 0);
			assert_int_equal(json_integer_value(jpath_get(o,
				"exits_bpf_minus_counter")), 0);
		}
		json_decref(o);
		n++;
	}
	fclose(f);
	assert_true(summary && end == 1);
	calres = agent_calres(AGENT);
	assert_true(calres > 0);
	/* within 5% (issue 4's acceptance); this run agreed exactly */
	assert_true(icr * 100 >= calres * 95 && icr * 100 <= calres * 105);
}

#define LEAN	FIXTURES_DIR "/host-probe/probe-stream.nested-2cpu-madvise-flood.lean.jsonl"
#define LEAN_AGENT FIXTURES_DIR "/host-probe/agent-stream.nested-2cpu-madvise-flood.lean.jsonl"

/* The integer at a dotted path, or -1 when there is none. */
static json_int_t num_at(const json_t *o, const char *path)
{
	json_t *v = jpath_get(o, path);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* The lean plan's stream from a real L1 (BPF counts, perf counters for
 * exits and ICR writes only) has every member the lab reads
 * (lab/probe_stream.c, lab/metrics.c), in the full plan's shapes; at the
 * end BPF and the counters agree on both, nothing lost; and the window's
 * ICR writes reconcile with the guest's CAL+RES. */
static void test_real_lean_stream(void **state)
{
	static const char *const lab[] = {
		"counters.exits", "counters.icr_writes", "counters.msr_writes",
		"counters.msr_write_exits", "msr_writes.0x830",
		"msr_writes.0x6e0", "msr_writes.0x80b", "msr_writes.0x838",
		"msr_writes.x2apic", "msr_writes.all", "exit_times.msr.avg_ns",
		"lost", "exits_bpf_minus_counter",
		"icr_writes_bpf_minus_counter", NULL,
	};
	FILE *f = fopen(LEAN, "r");
	char line[2 * PROBE_STREAM_MAX_LINE];
	int hello = 0, end = 0, summary = 0, samples = 0;
	json_int_t icr = -1, calres = -1;
	json_t *o;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *type;

		assert_true(strlen(line) <= PROBE_STREAM_MAX_LINE);
		o = json_loads(line, 0, NULL);
		assert_non_null(o);
		type = json_string_value(json_object_get(o, "type"));
		assert_non_null(type);
		if (!strcmp(type, "hello")) {
			hello++;
			assert_string_equal(json_string_value(jpath_get(o,
				"plan")), "lean");
			assert_int_equal(json_array_size(jpath_get(o,
							"counters")), 2);
		}
		if (!strcmp(type, "sample")) {
			samples++;
			assert_true(json_is_object(jpath_get(o, "counters")));
			assert_true(num_at(o, "counters.icr_writes") >= 0);
			assert_true(num_at(o, "counters.msr_writes") >= 0);
			assert_null(jpath_get(o, "exit_times"));
		}
		if (!strcmp(type, "window") &&
		    !strcmp(json_string_value(jpath_get(o, "edge")), "end")) {
			end++;
			for (int i = 0; lab[i]; i++)
				if (num_at(o, lab[i]) < 0 &&
				    strstr(lab[i], "minus") == NULL)
					fail_msg("window end: no %s", lab[i]);
			assert_true(json_object_size(jpath_get(o,
						"exits_by_reason")) > 3);
			assert_string_equal(json_string_value(jpath_get(o,
				"exits_by_reason_source")), "bpf");
			icr = num_at(o, "counters.icr_writes");
			/* the BPF rows and the perf counter, one window */
			assert_int_equal(num_at(o, "msr_writes.0x830"), icr);
			assert_true(num_at(o, "msr_writes.all") >=
				    num_at(o, "msr_writes.x2apic"));
		}
		if (!strcmp(type, "summary")) {
			summary = 1;
			for (int i = 0; lab[i]; i++)
				if (num_at(o, lab[i]) < 0 &&
				    strcmp(lab[i], "exits_bpf_minus_counter") &&
				    strcmp(lab[i],
					   "icr_writes_bpf_minus_counter"))
					fail_msg("summary: no %s", lab[i]);
			assert_int_equal(num_at(o, "lost"), 0);
			assert_int_equal(num_at(o, "exits_bpf_minus_counter"),
					 0);
			assert_int_equal(num_at(o,
				"icr_writes_bpf_minus_counter"), 0);
		}
		json_decref(o);
	}
	fclose(f);
	assert_true(hello == 1 && end == 1 && summary && samples > 0);
	calres = agent_calres(LEAN_AGENT);
	assert_true(calres > 0);
	assert_true(icr * 100 >= calres * 95 && icr * 100 <= calres * 105);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_envelope_first),
		cmocka_unit_test(test_drops_expendable_members),
		cmocka_unit_test(test_too_long_is_an_error),
		cmocka_unit_test(test_send_writes_whole_lines),
		cmocka_unit_test(test_real_nested_stream),
		cmocka_unit_test(test_real_lean_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
