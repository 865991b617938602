/* test_emit.c - JSON lines: compact, newline-terminated, valid, never
 * longer than AGENT_MAX_LINE; the summary coarsens its latency buckets to
 * fit; the writer sends whole lines. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "emit.h"
#include "report.h"

static char line[AGENT_MAX_LINE + 1];

static json_t *parse_back(const char *text, int n)
{
	json_error_t jerr;
	json_t *v;

	assert_true(n > 0 && n <= AGENT_MAX_LINE);
	assert_int_equal(text[n - 1], '\n');
	assert_null(memchr(text, '\n', (size_t)n - 1));
	v = json_loadb(text, (size_t)n - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		fail_msg("not JSON: %s: %.*s", jerr.text, n, text);
	return v;
}

static void test_header_fields(void **state)
{
	json_t *m = report_phase("run"), *back;
	int n;

	(void)state;
	n = msg_format(m, line, sizeof(line));
	back = parse_back(line, n);
	assert_int_equal(json_integer_value(json_object_get(back, "v")), 1);
	assert_string_equal(json_string_value(json_object_get(back, "type")),
			    "phase");
	assert_string_equal(json_string_value(json_object_get(back, "phase")),
			    "run");
	assert_true(json_is_real(json_object_get(back, "t")));
	assert_true(json_real_value(json_object_get(back, "t")) > 0);
	json_decref(back);
	json_decref(m);
}

/* An error message with a fixed "t", so its length is known. */
static json_t *fixed_error(const char *text)
{
	json_t *m = report_error(text);

	assert_int_equal(json_object_set_new(m, "t", json_real(1.5)), 0);
	return m;
}

static void test_bound(void **state)
{
	char big[AGENT_MAX_LINE];
	json_t *m;
	int base, n;

	(void)state;
	/* Find the length without the string, then fill to the limit. */
	m = fixed_error("");
	base = msg_format(m, line, sizeof(line));
	json_decref(m);
	assert_true(base > 0);
	memset(big, 'x', sizeof(big));
	big[AGENT_MAX_LINE - base] = '\0';	/* exactly 4096 with '\n' */
	m = fixed_error(big);
	n = msg_format(m, line, sizeof(line));
	assert_int_equal(n, AGENT_MAX_LINE);
	json_decref(parse_back(line, n));
	json_decref(m);
	big[AGENT_MAX_LINE - base] = 'x';
	big[AGENT_MAX_LINE - base + 1] = '\0';	/* one byte too many */
	m = fixed_error(big);
	assert_int_equal(msg_format(m, line, sizeof(line)), -EMSGSIZE);
	/* A small buffer is not a reason to write past it. */
	assert_int_equal(msg_format(m, line, 64), -EMSGSIZE);
	json_decref(m);
}

static void test_emit_writes_whole_lines(void **state)
{
	struct emitter em;
	char buf[2 * AGENT_MAX_LINE], big[AGENT_MAX_LINE + 10];
	int fds[2];
	ssize_t got;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	emitter_init(&em, fds[1]);
	assert_int_equal(emit(&em, report_phase("done")), 0);
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(emit(&em, report_error(big)), -EMSGSIZE);
	assert_int_equal(emit(&em, NULL), -ENOMEM);
	assert_int_equal(em.lines, 1);
	close(fds[1]);
	got = read(fds[0], buf, sizeof(buf));
	close(fds[0]);
	assert_true(got > 0);
	json_decref(parse_back(buf, (int)got));	/* exactly one line */
	emitter_destroy(&em);
}

/* A summary with latencies spread over every power of two: too long at
 * full resolution, so the agent coarsens; the count is kept. */
static void test_summary_coarsening(void **state)
{
	static struct run_result r;
	static struct wl_ctx ctx;
	json_t *m, *back, *lat, *buckets, *pair;
	uint64_t total = 0;
	size_t i;
	int n = -EMSGSIZE;
	unsigned c;

	(void)state;
	r.wl = workload_find("madvise-flood");
	r.ctx = &ctx;
	r.ncpus = 2;
	hist_init(&r.lat);
	for (unsigned b = 0; hist_bucket_low(b) < (1ull << 40); b++)
		hist_record(&r.lat, hist_bucket_low(b));	/* ~600 buckets */
	r.win.irq.ncols = 2;
	r.win.irq.cpu[1] = 1;
	m = report_summary(&r, 0);
	assert_int_equal(msg_format(m, line, sizeof(line)), -EMSGSIZE);
	json_decref(m);
	for (c = 1; c <= HIST_SUB_BITS && n == -EMSGSIZE; c++) {
		m = report_summary(&r, c);
		n = msg_format(m, line, sizeof(line));
		json_decref(m);
	}
	back = parse_back(line, n);
	lat = json_object_get(back, "latency_ns");
	assert_int_equal(json_integer_value(json_object_get(lat, "count")),
			 r.lat.count);
	assert_int_equal(json_integer_value(json_object_get(lat, "bucket_sub")),
			 HIST_SUB >> (c - 1));
	buckets = json_object_get(lat, "buckets");
	json_array_foreach(buckets, i, pair)
		total += (uint64_t)json_integer_value(json_array_get(pair, 1));
	assert_int_equal(total, r.lat.count);
	json_decref(back);
}

static void test_bucket_groups_keep_lows(void **state)
{
	struct hist h;
	json_t *a;

	(void)state;
	hist_init(&h);
	hist_record(&h, 100);	/* [64, 128) has 16 buckets 4 wide: 100..103 */
	hist_record(&h, 127);
	hist_record(&h, 128);
	a = report_hist_buckets(&h, 0);
	assert_int_equal(json_array_size(a), 3);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(a, 0), 0)), 100);
	json_decref(a);
	/* One group per power of two: 100 and 127 share [64, 128). */
	a = report_hist_buckets(&h, HIST_SUB_BITS);
	assert_int_equal(json_array_size(a), 2);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(a, 0), 0)), 64);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(a, 0), 1)), 2);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(a, 1), 0)), 128);
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_emit_writes_whole_lines),
		cmocka_unit_test(test_summary_coarsening),
		cmocka_unit_test(test_bucket_groups_keep_lows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
