/*
 * test_nested_relay.c - the agent stream relay: a real agent stream (a
 * TCG guest's madvise-flood) fed in uneven chunks comes out byte for byte,
 * and its two phase lines fire run then done, each before the chunk that
 * ends it is written out.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <cmocka.h>

#include "fileio.h"
#include "nested_relay.h"

#define STREAM	FIXTURES_DIR "/guest-agent/stream.tcg-2cpu-madvise-flood.jsonl"

struct seen {
	char phase[4][16];
	int n;
	int out_fd;
	off_t written_at_phase[4];
};

static void on_phase(void *ctx, const char *phase)
{
	struct seen *s = ctx;

	if (s->n < 4) {
		snprintf(s->phase[s->n], sizeof(s->phase[0]), "%s", phase);
		s->written_at_phase[s->n] = lseek(s->out_fd, 0, SEEK_CUR);
	}
	s->n++;
}

static void test_relay_is_byte_exact(void **state)
{
	char *in, *out, path[] = "/tmp/tlbprobe-relay-XXXXXX";
	size_t len, olen, off = 0, step = 1;
	struct nested_relay r;
	struct seen s;
	int fd = mkstemp(path);
	char *run;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(read_whole_file(STREAM, 1 << 20, &in, &len), 0);
	memset(&s, 0, sizeof(s));
	s.out_fd = fd;
	nested_relay_init(&r, fd, on_phase, &s);
	while (off < len) {	/* chunks of 1, 2, 3, ... 97 bytes */
		size_t n = step < len - off ? step : len - off;

		assert_int_equal(nested_relay_feed(&r, in + off, n), 0);
		off += n;
		step = step % 97 + 1;
	}
	close(fd);
	assert_int_equal(read_whole_file(path, 1 << 20, &out, &olen), 0);
	unlink(path);
	assert_int_equal(olen, len);
	assert_memory_equal(in, out, len);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.phase[0], "run");
	assert_string_equal(s.phase[1], "done");
	assert_int_equal(r.phases, 2);
	assert_int_equal(r.bytes, len);
	/* the run line was not yet all written when the window opened */
	run = strstr(in, "\"phase\":\"run\"");
	assert_non_null(run);
	assert_true(s.written_at_phase[0] < (off_t)(strchr(run, '\n') - in + 1));
	free(in);
	free(out);
}

static void test_phase_lines(void **state)
{
	char ph[16];
	static const char yes[] = "{\"v\":1,\"type\":\"phase\",\"t\":1.5,"
				  "\"phase\":\"run\"}";
	static const char sample[] = "{\"v\":1,\"type\":\"sample\",\"phase\":"
				     "\"run\"}";
	static const char broken[] = "{\"v\":1,\"type\":\"phase\",\"phase\":";
	static const char dup[] = "{\"type\":\"phase\",\"phase\":\"run\","
				  "\"phase\":\"done\"}";

	(void)state;
	assert_int_equal(nested_relay_phase(yes, strlen(yes), ph, sizeof(ph)),
			 1);
	assert_string_equal(ph, "run");
	assert_int_equal(nested_relay_phase(sample, strlen(sample), ph,
					    sizeof(ph)), 0);
	assert_int_equal(nested_relay_phase(broken, strlen(broken), ph,
					    sizeof(ph)), 0);
	assert_int_equal(nested_relay_phase(dup, strlen(dup), ph, sizeof(ph)),
			 0);
}

static void test_overlong_line_is_not_a_phase(void **state)
{
	struct nested_relay r;
	struct seen s;
	char *line = malloc(2 * NESTED_RELAY_MAX_LINE);
	int fd[2];
	size_t n;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	memset(&s, 0, sizeof(s));
	s.out_fd = -1;
	nested_relay_init(&r, fd[1], on_phase, &s);
	n = (size_t)sprintf(line, "{\"type\":\"phase\",\"phase\":\"run\","
			    "\"pad\":\"");
	memset(line + n, 'x', NESTED_RELAY_MAX_LINE);
	n += NESTED_RELAY_MAX_LINE;
	n += (size_t)sprintf(line + n, "\"}\n");
	close(fd[0]);	/* output errors reported, after the scan */
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(nested_relay_feed(&r, line, n), -EPIPE);
	assert_int_equal(s.n, 0);
	assert_int_equal(r.lines, 1);
	close(fd[1]);
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relay_is_byte_exact),
		cmocka_unit_test(test_phase_lines),
		cmocka_unit_test(test_overlong_line_is_not_a_phase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
