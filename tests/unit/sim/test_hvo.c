/* test_hvo.c - the HVO calculator against article 001's table and the
 * kernel's reserve rules (RESERVE_VMEMMAP_NR 2 in 5.14, 1 page later). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "command.h"
#include "hvo.h"

#define GiB (1ull << 30)

static void test_article_table(void **state)
{
	/* Article 001: 512/1024 GB of 1 GB pages gain ~8/~16 GB, of 2 MB
	 * pages ~7/~14 GB. */
	static const struct { uint64_t total, page, gain_gib; } rows[] = {
		{ 512 * GiB, GiB, 8 },
		{ 1024 * GiB, GiB, 16 },
		{ 512 * GiB, 2ull << 20, 7 },
		{ 1024 * GiB, 2ull << 20, 14 },
	};
	struct hvo_result r;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(hvo_compute(rows[i].total, rows[i].page, 1,
					     HVO_STRUCT_PAGE, HVO_BASE_PAGE,
					     &r), 0);
		/* Rounded to the nearest GiB, as the article rounds. */
		assert_int_equal((r.saved_bytes + GiB / 2) / GiB,
				 rows[i].gain_gib);
	}
}

static void test_exact_counts(void **state)
{
	struct hvo_result r;

	(void)state;
	/* 2 MiB: 512 struct pages x 64 B = 32 KiB = 8 vmemmap pages. */
	assert_int_equal(hvo_compute(2ull << 20, 2ull << 20, 1, 64, 4096, &r),
			 0);
	assert_int_equal(r.vmemmap_pages_per_huge, 8);
	assert_int_equal(r.freed_pages_per_huge, 7);
	/* First upstream version kept 2 pages: 6 of 8 freed. */
	assert_int_equal(hvo_compute(2ull << 20, 2ull << 20, 2, 64, 4096, &r),
			 0);
	assert_int_equal(r.freed_pages_per_huge, 6);
	/* 1 GiB: 262144 struct pages = 16 MiB = 4096 pages, 4095 freed. */
	assert_int_equal(hvo_compute(GiB, GiB, 1, 64, 4096, &r), 0);
	assert_int_equal(r.vmemmap_pages_per_huge, 4096);
	assert_int_equal(r.saved_bytes, 4095ull * 4096);
	/* 1 TiB of 2 MiB pages carries 16 GiB of struct pages (article). */
	assert_int_equal(hvo_compute(1024 * GiB, 2ull << 20, 1, 64, 4096, &r),
			 0);
	assert_int_equal(r.vmemmap_bytes, 16 * GiB);
}

static void test_not_optimisable_and_errors(void **state)
{
	struct hvo_result r;

	(void)state;
	/* 64 KiB huge page: 16 struct pages = 1 KiB, under one page: the
	 * kernel does not optimise it. */
	assert_int_equal(hvo_compute(64 << 10, 64 << 10, 1, 64, 4096, &r), 0);
	assert_int_equal(r.freed_pages_per_huge, 0);
	assert_int_equal(r.saved_bytes, 0);
	assert_int_equal(hvo_compute(3ull << 20, 3ull << 20, 1, 64, 4096, &r),
			 -EINVAL);
	assert_int_equal(hvo_compute(3ull << 20, 2ull << 20, 1, 64, 4096, &r),
			 -EINVAL);
	assert_int_equal(hvo_compute(GiB, GiB, 1, 56, 4096, &r), -EINVAL);
}

static void test_command_default_is_article_table(void **state)
{
	const struct sim_command *cmd = sim_command_find("hvo");
	char *argv[] = { "hvo", NULL };
	char err[128] = "";
	struct report r;

	(void)state;
	assert_non_null(cmd);
	report_init(&r, "hvo");
	assert_int_equal(cmd->run(1, argv, &r, err, sizeof(err)), SIM_EXIT_OK);
	assert_int_equal(r.ntables, 1);
	assert_int_equal(r.tables[0].nrows, 4);
	/* Row 3 (512 GB of 2 MB pages), column saved_7of8 (GiB): exactly 7. */
	assert_true(r.tables[0].cells[2 * r.tables[0].ncols + 6].num == 7.0);
	assert_string_equal(r.tables[0].cells[2 * r.tables[0].ncols + 8].str,
			    "~7");
	report_free(&r);
}

static void test_command_bad_option(void **state)
{
	const struct sim_command *cmd = sim_command_find("hvo");
	char *argv[] = { "hvo", "--total", "12Q", NULL };
	char err[128] = "";
	struct report r;

	(void)state;
	report_init(&r, "hvo");
	assert_int_equal(cmd->run(3, argv, &r, err, sizeof(err)),
			 SIM_EXIT_USAGE);
	assert_non_null(strstr(err, "--total"));
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_table),
		cmocka_unit_test(test_exact_counts),
		cmocka_unit_test(test_not_optimisable_and_errors),
		cmocka_unit_test(test_command_default_is_article_table),
		cmocka_unit_test(test_command_bad_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
