/* test_agent_stream.c - the host end of the agent's JSON lines: good
 * streams split anywhere, and each kind of bad line named by number and
 * field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agent_stream.h"
#include "fileio.h"

#define HELLO "{\"v\":1,\"type\":\"hello\",\"t\":1.0,\"agent\":\"tlbagent\"," \
	"\"kernel\":\"6.1.0\",\"ncpus\":2,\"workload\":\"madvise-flood\"}\n"
#define RUN "{\"v\":1,\"type\":\"phase\",\"t\":1.1,\"phase\":\"run\"}\n"
#define SAMPLE "{\"v\":1,\"type\":\"sample\",\"t\":2.0,\"ops\":10," \
	"\"irq\":{\"TLB\":[0,9],\"CAL\":[1,0],\"RES\":[0,0]}}\n"
#define DONE "{\"v\":1,\"type\":\"phase\",\"t\":3.0,\"phase\":\"done\"}\n"
#define SUMMARY "{\"v\":1,\"type\":\"summary\",\"t\":3.1," \
	"\"workload\":\"madvise-flood\",\"duration_s\":1.9,\"ops\":20," \
	"\"irq\":{\"TLB\":[0,19],\"CAL\":[1,0],\"RES\":[0,2]}," \
	"\"irq_total\":{\"TLB\":19,\"CAL\":1,\"RES\":2},\"future_field\":[1]}\n"

struct seen {
	int events[AGENT_BAD + 1];
};

static void count_event(void *ctx, enum agent_event ev,
			const struct agent_stream *s)
{
	struct seen *seen = ctx;

	(void)s;
	seen->events[ev]++;
}

static void test_good_stream_byte_by_byte(void **state)
{
	const char text[] = HELLO RUN SAMPLE DONE SUMMARY;
	struct agent_stream s;
	struct seen seen = { { 0 } };

	(void)state;
	agent_stream_init(&s);
	/* One byte at a time: lines may arrive in any pieces. */
	for (size_t i = 0; i < strlen(text); i++)
		assert_int_equal(agent_stream_feed(&s, text + i, 1, 100.0 + i,
						   count_event, &seen), 0);
	assert_int_equal(seen.events[AGENT_HELLO], 1);
	assert_int_equal(seen.events[AGENT_SAMPLE], 1);
	assert_int_equal(seen.events[AGENT_SUMMARY], 1);
	assert_int_equal(seen.events[AGENT_BAD], 0);
	assert_non_null(s.summary);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(s.summary, "irq_total"), "TLB")), 19);
	/* Phase times are the host time of each line's last byte. */
	assert_true(s.run_at > 100.0 && s.done_at > s.run_at);
	agent_stream_free(&s);
}

struct bad_case {
	const char *text;
	unsigned line;
	const char *field;
	const char *msg_part;
};

static const struct bad_case bad_cases[] = {
	{ HELLO "not json\n", 2, "", "not JSON" },
	{ HELLO "[1,2]\n", 2, "", "not a JSON object" },
	{ "{\"v\":2,\"type\":\"hello\"}\n", 1, "v", "version" },
	{ "{\"v\":1}\n", 1, "type", "missing" },
	{ "{\"v\":1,\"type\":\"gossip\"}\n", 1, "type", "unknown message type" },
	{ RUN, 1, "type", "first message must be hello" },
	{ HELLO "{\"v\":1,\"type\":\"sample\",\"ops\":-1}\n", 2, "ops", "whole number" },
	{ HELLO "{\"v\":1,\"type\":\"sample\",\"ops\":1,\"irq\":{\"TLB\":[1,\"x\"]}}\n",
	  2, "irq.TLB", "array of whole numbers" },
	{ HELLO "{\"v\":1,\"type\":\"summary\",\"workload\":\"w\",\"ops\":1}\n",
	  2, "duration_s", "missing" },
	{ HELLO "{\"v\":1,\"type\":\"phase\",\"phase\":\"lunch\"}\n", 2, "phase", "must be" },
	{ "{\"v\":1,\"v\":1,\"type\":\"hello\"}\n", 1, "", "not JSON" },
	{ "{\"v\":1,\"type\":\"hello\",\"agent\":\"a\",\"kernel\":3,"
	  "\"ncpus\":1,\"workload\":\"w\"}\n", 1, "kernel", "string" },
};

static void test_bad_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct agent_stream s;
		struct seen seen = { { 0 } };
		int rc;

		agent_stream_init(&s);
		rc = agent_stream_feed(&s, c->text, strlen(c->text), 1.0,
				       count_event, &seen);
		if (rc != -1 || s.reader.bad.line != c->line ||
		    strcmp(s.reader.bad.field, c->field) ||
		    !strstr(s.reader.bad.msg, c->msg_part))
			fail_msg("case %zu: rc %d line %u field \"%s\" msg \"%s\"",
				 i, rc, s.reader.bad.line, s.reader.bad.field, s.reader.bad.msg);
		assert_int_equal(seen.events[AGENT_BAD], 1);
		/* Once broken, further input is ignored and reported once. */
		assert_int_equal(agent_stream_feed(&s, HELLO, strlen(HELLO), 2.0,
						   count_event, &seen), -1);
		assert_int_equal(seen.events[AGENT_BAD], 1);
		agent_stream_free(&s);
	}
}

static void test_overlong_line(void **state)
{
	struct agent_stream s;
	char *big = malloc(AGENT_MAX_LINE + 10);

	(void)state;
	memset(big, 'x', AGENT_MAX_LINE + 9);
	big[AGENT_MAX_LINE + 9] = '\n';
	agent_stream_init(&s);
	assert_int_equal(agent_stream_feed(&s, HELLO, strlen(HELLO), 1, NULL, NULL), 0);
	assert_int_equal(agent_stream_feed(&s, big, AGENT_MAX_LINE + 10, 1, NULL,
					   NULL), -1);
	assert_int_equal(s.reader.bad.line, 2);
	assert_non_null(strstr(s.reader.bad.msg, "longer than 4096"));
	agent_stream_free(&s);
	free(big);
}

static void test_crlf_and_blank_lines_are_tolerated(void **state)
{
	const char text[] = "\n" "{\"v\":1,\"type\":\"hello\",\"agent\":\"a\","
		"\"kernel\":\"k\",\"ncpus\":1,\"workload\":\"w\"}\r\n\n";
	struct agent_stream s;

	(void)state;
	agent_stream_init(&s);
	assert_int_equal(agent_stream_feed(&s, text, strlen(text), 1, NULL, NULL), 0);
	assert_non_null(s.hello);
	agent_stream_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_stream_byte_by_byte),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_crlf_and_blank_lines_are_tolerated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
