/* test_expect.c - expectation parsing, precedence and evaluation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "expect.h"

/* Measured values: base.x = 100, decay-off.x = 8, zero.x = 0. */
static int lookup(void *ctx, const char *variant, const char *metric,
		  double *value)
{
	(void)ctx;
	if (strcmp(metric, "x"))
		return -1;
	if (!strcmp(variant, "base"))
		*value = 100;
	else if (!strcmp(variant, "decay-off"))
		*value = 8;
	else if (!strcmp(variant, "zero"))
		*value = 0;
	else
		return -1;
	return 0;
}

static enum expect_verdict eval_text(const char *text, char *explain,
				     size_t n)
{
	struct parse_error err;
	struct expect_expr *e = expect_parse(text, &err);
	enum expect_verdict v;

	if (!e)
		fail_msg("parse \"%s\": %s", text, err.msg);
	v = expect_eval(e, lookup, NULL, explain, n);
	expect_free(e);
	return v;
}

static void test_comparisons_and_precedence(void **state)
{
	static const struct { const char *text; enum expect_verdict v; } cases[] = {
		{ "base.x >= 10 * decay-off.x", EXPECT_PASS },	/* 100 >= 80 */
		{ "base.x >= 20 * decay-off.x", EXPECT_FAIL },	/* 100 >= 160 */
		{ "base.x / decay-off.x > 12", EXPECT_PASS },	/* 12.5 */
		{ "base.x - decay-off.x == 92", EXPECT_PASS },
		{ "2 + 3 * 4 == 14", EXPECT_PASS },
		{ "(2 + 3) * 4 == 20", EXPECT_PASS },
		{ "10 - 4 - 3 == 3", EXPECT_PASS },		/* left-assoc */
		{ "base.x < 100", EXPECT_FAIL },
		{ "base.x <= 100", EXPECT_PASS },
		{ "base.x != 100", EXPECT_FAIL },
		{ "1e2 == base.x", EXPECT_PASS },
		{ "base.x / zero.x > 1", EXPECT_ERROR },
		{ "missing.x > 1", EXPECT_ERROR },
	};
	char ex[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum expect_verdict v = eval_text(cases[i].text, ex, sizeof(ex));

		if (v != cases[i].v)
			fail_msg("\"%s\": verdict %d, want %d (%s)",
				 cases[i].text, v, cases[i].v, ex);
	}
}

static void test_explanation_shows_values(void **state)
{
	char ex[512];

	(void)state;
	eval_text("base.x >= 10 * decay-off.x", ex, sizeof(ex));
	assert_non_null(strstr(ex, "base.x [100]"));
	assert_non_null(strstr(ex, "decay-off.x [8]"));
	assert_non_null(strstr(ex, "100 >= 80"));
	eval_text("missing.x > 1", ex, sizeof(ex));
	assert_non_null(strstr(ex, "missing.x (not measured)"));
}

static void test_syntax_errors(void **state)
{
	static const char *const bad[] = {
		"", "base.x", "base.x >", "> 3", "base.x >= (1 + 2",
		"base. > 1", "base.x >= 3 4", "base.x => 3", "1.2.3 > 1",
		"base.x > 1 +", "(", "((", "(base.x >", "base.x > (1 +",
	};
	struct parse_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct expect_expr *e = expect_parse(bad[i], &err);

		if (e) {
			expect_free(e);
			fail_msg("\"%s\" parsed", bad[i]);
		}
		assert_non_null(strstr(err.msg, "column"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comparisons_and_precedence),
		cmocka_unit_test(test_explanation_shows_values),
		cmocka_unit_test(test_syntax_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
