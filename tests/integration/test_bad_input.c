/* test_bad_input.c - bad scenario input fails before anything boots, with
 * one line naming FILE:LINE and the key, and exit status 2. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "itest.h"

static const struct {
	const char *file;
	const char *want;	/* substring of the one error line */
} cases[] = {
	{ "bad-unknown-key.ini", "bad-unknown-key.ini:7: vcpu: unknown key" },
	{ "bad-value.ini", "bad-value.ini:4: memory: \"lots\" is not a size" },
	{ "bad-garbage.ini", "bad-garbage.ini:5: not a \"key = value\" line" },
	{ "bad-workload-option.ini", "bad-workload-option.ini:5: workload.sise:" },
	{ "bad-workload-value.ini", "bad-workload-value.ini:8: workload.advice:" },
	{ "no-such-file.ini", "no-such-file.ini: cannot read: No such file" },
};

static void test_each_bad_file(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256];
		struct itest_run r;
		size_t lines = 0;

		snprintf(path, sizeof(path), "tests/integration/scenarios/%s",
			 cases[i].file);
		itest_tlblab(&r, path, 30, NULL);
		for (const char *p = r.output; *p; p++)
			lines += *p == '\n';
		if (r.status != 2 || !strstr(r.output, cases[i].want) ||
		    lines != 1)
			fail_msg("%s: status %d, %zu lines, output \"%s\"; want "
				 "status 2 and one line with \"%s\"",
				 cases[i].file, r.status, lines, r.output,
				 cases[i].want);
		/* Nothing ran, so nothing was written. */
		assert_null(r.result);
		itest_free(&r);
	}
}

/* A bad --repeat count is refused before anything boots. */
static void test_bad_repeat(void **state)
{
	static const char *const bad[] = { "0", "51", "two", "-1" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct itest_run r;

		itest_tlblab(&r, "tests/integration/scenarios/short-flood.ini",
			     30, "--repeat", bad[i], NULL);
		if (r.status != 2 ||
		    !strstr(r.output, "expected a count from 1 to 50"))
			fail_msg("--repeat %s: status %d, output \"%s\"",
				 bad[i], r.status, r.output);
		assert_null(r.result);
		itest_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_bad_file),
		cmocka_unit_test(test_bad_repeat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
