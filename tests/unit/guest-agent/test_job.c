/* test_job.c - workload options: every registered table is valid, each
 * kind of bad value gets an error naming its option, jobs from arguments
 * and from a kernel command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "job.h"

static struct job job;

static void test_every_workload_table_is_valid(void **state)
{
	struct parse_error err = { 0, "", "" };
	unsigned n = 0;

	(void)state;
	for (const struct workload *const *w = workloads; *w; w++, n++) {
		assert_int_equal(job_init(&job, (*w)->name, &err), 0);
		assert_ptr_equal(workload_find((*w)->name), *w);
		assert_non_null((*w)->run);
		assert_non_null((*w)->latency_what);
		/* Defaults pass the cross-option checks too. */
		assert_int_equal(job_check(&job, &err), 0);
	}
	assert_true(n >= 2);
	assert_null(workload_find("no-such"));
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(job_init(&job, "madvise-flood", NULL), 0);
	assert_int_equal(opt_u64(&job.opts, "size"), 256 * 1024);
	assert_int_equal(opt_u64(&job.opts, "count"), 2000);
	assert_int_equal(opt_u64(&job.opts, "initiators"), 1);
	assert_int_equal(opt_u64(&job.opts, "bystanders"), 1);
	assert_string_equal(opt_str(&job.opts, "advice"), "dontneed");
	assert_int_equal(opt_bool(&job.opts, "pin"), 1);
	assert_int_equal(job_interval_ms(&job), 1000);
	assert_null(job_malloc_conf(&job));
	/* The params of hello: canonical text. */
	assert_string_equal(job.opts.text[opt_find(&job.opts, "size")],
			    "262144");
	assert_int_equal(job_init(&job, "jemalloc-churn", NULL), 0);
	assert_int_equal(opt_u64(&job.opts, "threads"), 4);
	assert_float_equal(opt_double(&job.opts, "duration_s"), 3.0, 0);
	assert_int_equal(opt_u64(&job.opts, "min_size"), 4096);
	assert_int_equal(opt_u64(&job.opts, "max_size"), 512 * 1024);
}

/* Each bad value: job_from_args fails naming the option. */
static void expect_bad(const char *workload_word, const char *bad,
		       const char *field, const char *msg_part)
{
	char *argv[2] = { (char *)workload_word, (char *)bad };
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	if (job_from_args(&job, 2, argv, &err) != -1)
		fail_msg("\"%s\" was accepted", bad);
	assert_string_equal(err.field, field);
	if (!strstr(err.msg, msg_part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", bad, err.msg,
			 msg_part);
}

#define FLOOD "workload=madvise-flood"
#define CHURN "workload=jemalloc-churn"

/* Each row: a workload word, one bad word, the option named, a part of
 * the message. */
static const struct bad_case {
	const char *workload, *word, *field, *msg;
} bad_cases[] = {
	{ FLOOD, "size=12x", "size", "not a size" },
	{ FLOOD, "size=1K", "size", "below the minimum 4K" },
	{ FLOOD, "size=2G", "size", "above the maximum 1G" },
	{ FLOOD, "size=", "size", "not a size" },
	{ FLOOD, "initiators=-1", "initiators", "not an unsigned" },
	{ FLOOD, "initiators=0", "initiators", "below the minimum" },
	{ FLOOD, "count=99999999999999999999999", "count", "too large" },
	{ FLOOD, "duration_s=nan", "duration_s", "not a number" },
	{ FLOOD, "duration_s=-1", "duration_s", "below the minimum" },
	{ FLOOD, "advice=willneed", "advice", "not one of: dontneed, free" },
	{ FLOOD, "pin=maybe", "pin", "not a boolean" },
	{ FLOOD, "colour=red", "colour", "unknown option" },
	{ FLOOD, "interval_ms=5", "interval_ms", "below the minimum" },
	{ FLOOD, "count=0", "count", "duration_s" },
	{ CHURN, "min_size=1M", "max_size", "smaller than min_size" },
	{ CHURN, "malloc_conf=dirty_decay:0", "malloc_conf", "not a jemalloc option" },
	{ CHURN, "malloc_conf=dirty_decay_ms:-2", "malloc_conf", ">= -1" },
	{ CHURN, "malloc_conf=dirty_decay_ms", "malloc_conf", "key:value" },
	{ CHURN, "malloc_conf=narenas:1,", "malloc_conf", "key:value" },
	{ CHURN, "workload=madvise-flood", "workload", "given twice" },
	{ "workload=nope", "threads=4", "workload", "unknown workload" },
	{ "threads=4", "pool=8", "workload", "missing workload" },
	{ CHURN, "pool", "", "not OPTION=VALUE" },
};

static void test_bad_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		expect_bad(bad_cases[i].workload, bad_cases[i].word,
			   bad_cases[i].field, bad_cases[i].msg);
}

static void test_twice(void **state)
{
	char *argv[] = { CHURN, "threads=4", "threads=2" };
	struct parse_error err = { 0, "", "" };

	(void)state;
	assert_int_equal(job_from_args(&job, 3, argv, &err), -1);
	assert_string_equal(err.field, "threads");
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "given twice"));
}

static void test_good_args(void **state)
{
	char *argv[] = { "size=1M", "workload=madvise-flood", "advice=free",
			 "rate=100", "count=0", "duration_s=2.5",
			 "pin=no", "malloc_conf=dirty_decay_ms:-1,muzzy_decay_ms:-1" };
	struct parse_error err = { 0, "", "" };

	(void)state;
	assert_int_equal(job_from_args(&job, 8, argv, &err), 0);
	assert_string_equal(job.wl->name, "madvise-flood");
	assert_int_equal(opt_u64(&job.opts, "size"), 1 << 20);
	assert_string_equal(opt_str(&job.opts, "advice"), "free");
	assert_float_equal(opt_double(&job.opts, "duration_s"), 2.5, 0);
	assert_int_equal(opt_bool(&job.opts, "pin"), 0);
	assert_string_equal(job_malloc_conf(&job),
			    "dirty_decay_ms:-1,muzzy_decay_ms:-1");
	assert_true(job.opts.given & (1u << opt_find(&job.opts, "rate")));
	assert_false(job.opts.given & (1u << opt_find(&job.opts, "initiators")));
}

/* What lab/runner.c puts on the kernel command line, as the guest sees it
 * in /proc/cmdline (one line, newline-terminated). */
static void test_cmdline(void **state)
{
	const char *line = "console=ttyS0 panic=-1 quiet "
			   "tlbagent.workload=jemalloc-churn tlbagent.interval_ms=500 "
			   "tlbagent.threads=2 tlbagent.malloc_conf=dirty_decay_ms:0,muzzy_decay_ms:0 "
			   "foo.bar=1 -- tlbagent.threads=9\n";
	struct parse_error err = { 0, "", "" };

	(void)state;
	assert_true(cmdline_has_job(line, strlen(line)));
	assert_int_equal(job_from_cmdline(&job, line, strlen(line), &err), 0);
	assert_string_equal(job.wl->name, "jemalloc-churn");
	assert_int_equal(opt_u64(&job.opts, "threads"), 2);
	assert_int_equal(job_interval_ms(&job), 500);
	assert_string_equal(job_malloc_conf(&job),
			    "dirty_decay_ms:0,muzzy_decay_ms:0");
}

static void test_cmdline_errors(void **state)
{
	const char *none = "console=ttyS0 panic=-1 quiet\n";
	const char *bad = "quiet tlbagent.workload=madvise-flood tlbagent.size=huge\n";
	const char *quoted = "tlbagent.workload=madvise-flood tlbagent.advice=\"free\"\n";
	const char *xworkload = "xtlbagent.workload=madvise-flood\n";
	struct parse_error err;

	(void)state;
	assert_false(cmdline_has_job(none, strlen(none)));
	assert_false(cmdline_has_job(xworkload, strlen(xworkload)));
	memset(&err, 0, sizeof(err));
	assert_int_equal(job_from_cmdline(&job, none, strlen(none), &err), -1);
	assert_string_equal(err.field, "workload");
	memset(&err, 0, sizeof(err));
	assert_int_equal(job_from_cmdline(&job, bad, strlen(bad), &err), -1);
	assert_string_equal(err.field, "size");
	assert_int_equal(err.line, 2);
	memset(&err, 0, sizeof(err));
	assert_int_equal(job_from_cmdline(&job, quoted, strlen(quoted), &err), -1);
	assert_non_null(strstr(err.msg, "quoted"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_workload_table_is_valid),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_good_args),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_cmdline_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
