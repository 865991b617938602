/* test_scenario.c - scenario files: defaults, overrides, and every kind
 * of bad input named by line and field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scenario.h"

static const char good[] =
	"# a comment\n"
	"[scenario]\n"
	"description = two variants\n"
	"timeout = 60\n"
	"\n"
	"[guest]\n"
	"vcpus = 4\n"
	"memory = 1G   ; inline comment\n"
	"\n"
	"[workload]\n"
	"name = madvise-flood\n"
	"size = 256K\n"
	"count = 2000\n"
	"\n"
	"[variant small]\n"
	"workload.size = 4K\n"
	"guest.vcpus = 2\n"
	"\n"
	"[variant plain]\n"
	"\n"
	"[expect]\n"
	"more = small.host_ipis >= 2 * plain.host_ipis\n";

static void test_good_file_resolves_with_overrides(void **state)
{
	struct parse_error err;
	struct scenario *sc = scenario_parse("dir/two.ini", good, &err);
	struct run_config cfg;

	(void)state;
	assert_non_null(sc);
	assert_string_equal(sc->name, "two");
	assert_int_equal(sc->nvariants, 2);
	assert_int_equal(sc->nexpect, 1);

	assert_int_equal(scenario_resolve(sc, 0, &cfg, &err), 0);
	assert_string_equal(cfg.variant, "small");
	assert_int_equal(cfg.vcpus, 2);
	assert_int_equal(cfg.memory_mb, 1024);
	assert_int_equal(cfg.timeout_s, 60);
	assert_int_equal(cfg.boot_timeout_s, 90);	/* default */
	assert_int_equal(cfg.accel, ACCEL_AUTO);
	assert_string_equal(cfg.workload, "madvise-flood");
	assert_int_equal(cfg.nworkload, 2);
	/* The override wins and keeps its own line. */
	for (size_t i = 0; i < cfg.nworkload; i++)
		if (!strcmp(cfg.workload_opts[i]->key, "size"))
			assert_string_equal(cfg.workload_opts[i]->value, "4K");
	assert_int_equal(scenario_key_line(sc, 0, "workload", "size"), 16);
	assert_int_equal(scenario_key_line(sc, 1, "workload", "size"), 12);

	assert_int_equal(scenario_resolve(sc, 1, &cfg, &err), 0);
	assert_int_equal(cfg.vcpus, 4);
	scenario_free(sc);
}

static void test_no_variants_means_one_default(void **state)
{
	struct parse_error err;
	struct scenario *sc = scenario_parse("x.ini",
		"[workload]\nname = jemalloc-churn\n", &err);
	struct run_config cfg;

	(void)state;
	assert_non_null(sc);
	assert_int_equal(sc->nvariants, 0);
	assert_int_equal(scenario_resolve(sc, 0, &cfg, &err), 0);
	assert_string_equal(cfg.variant, "default");
	assert_int_equal(cfg.vcpus, 2);
	assert_int_equal(cfg.memory_mb, 512);
	scenario_free(sc);
}

struct bad_case {
	const char *text;
	unsigned line;
	const char *field;
	const char *msg_part;
};

static const struct bad_case bad_cases[] = {
	{ "[workload]\nname = x\n[guest]\nvcpu = 2\n", 4, "vcpu", "unknown key" },
	{ "[workload]\nname = x\n[guest]\nvcpus = two\n", 4, "vcpus", "not a whole number" },
	{ "[workload]\nname = x\n[guest]\nvcpus = 0\n", 4, "vcpus", "out of range" },
	{ "[workload]\nname = x\n[guest]\nmemory = 12Q\n", 4, "memory", "not a size" },
	{ "[workload]\nname = x\nthis is garbage\n", 3, "", "not a \"key = value\"" },
	{ "[workload]\nname = x\n[nonsense]\na = b\n", 3, "section", "unknown section" },
	{ "[workload]\nname = x\n[scenario]\naccel = fast\n", 4, "accel", "not one of" },
	{ "[workload]\nname = x\n[guest]\nvcpus = 2\nvcpus = 3\n", 5, "vcpus", "set twice (first at line 4)" },
	{ "[guest]\nvcpus = 2\n", 0, "workload.name", "missing" },
	{ "[workload]\nname = x\n[variant a]\nguest.vcpus = 99\n", 4, "guest.vcpus", "out of range" },
	{ "[workload]\nname = x\n[variant a]\nvcpus = 2\n", 4, "vcpus", "SECTION.KEY" },
	{ "[workload]\nname = x\n[variant a]\n[variant a]\n", 4, "variant", "defined twice" },
	{ "[workload]\nname = x\n[variant a b]\n", 3, "variant", "bad variant name" },
	{ "[workload]\nname = x\nsize = 1 2\n", 3, "size", "no blanks" },
	{ "[workload]\nname = x\n  continued\n", 3, "", "continuation" },
	{ "[workload]\nname = x\n[variant a]\n[expect]\ne = a.host_ipis > b.host_ipis\n", 5, "e", "no variant \"b\"" },
	{ "[workload]\nname = x\n[variant a]\n[expect]\ne = a.nothing > 1\n", 5, "e", "no metric" },
	{ "[workload]\nname = x\n[variant a]\n[expect]\ne = a.host_ipis >\n", 5, "e", "ends too early" },
	{ "[workload]\nname = x\n[variant a]\n[expect]\ne = a.host_ipis 3\n", 5, "e", "comparison" },
	{ "x = 1\n", 1, "x", "outside any section" },
	{ "[workload]\nname = x\n[sim]\nmodel = teleport\n", 4, "model", "" },
	{ "[workload]\nname = x\n[sim]\nwarp = 9\n", 4, "warp", "" },
	{ "[workload]\nname = x\n[variant a]\nsim.vms = many\n", 4, "sim.vms", "" },
};

static void test_bad_input_names_line_and_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct parse_error err;
		struct scenario *sc;

		memset(&err, 0, sizeof(err));
		sc = scenario_parse("bad.ini", c->text, &err);
		if (sc || err.line != c->line || strcmp(err.field, c->field) ||
		    !strstr(err.msg, c->msg_part))
			fail_msg("case %zu: got line %u field \"%s\" msg \"%s\"; "
				 "want line %u field \"%s\" msg with \"%s\"",
				 i, err.line, err.field, err.msg, c->line,
				 c->field, c->msg_part);
	}
}

static void test_overlong_line(void **state)
{
	char text[400];
	struct parse_error err;

	(void)state;
	snprintf(text, sizeof(text), "[workload]\nname = x\ndescription = %0300d\n", 7);
	assert_null(scenario_parse("long.ini", text, &err));
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "longer than"));
}

static void test_missing_file(void **state)
{
	struct parse_error err;

	(void)state;
	assert_null(scenario_load("/nonexistent/x.ini", &err));
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.msg, "No such file"));
}

static void test_shipped_scenarios_parse(void **state)
{
	static const char *const names[] = { "jemalloc-dontneed", "madvise-flood" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char path[512];
		struct parse_error err;
		struct scenario *sc;

		snprintf(path, sizeof(path), "%s/../../scenarios/%s.ini",
			 FIXTURES_DIR, names[i]);
		sc = scenario_load(path, &err);
		if (!sc)
			fail_msg("%s:%u: %s: %s", path, err.line, err.field,
				 err.msg);
		assert_true(sc->nvariants >= 2);
		assert_true(sc->nexpect >= 1);
		scenario_free(sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file_resolves_with_overrides),
		cmocka_unit_test(test_no_variants_means_one_default),
		cmocka_unit_test(test_bad_input_names_line_and_field),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_shipped_scenarios_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
