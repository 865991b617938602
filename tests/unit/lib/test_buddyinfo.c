/* test_buddyinfo.c - /proc/buddyinfo parser on the article 004 samples
 * and a real padded file, plus malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buddyinfo.h"
#include "fileio.h"

static struct buddyinfo bi;

static int parse_fixture(const char *name, struct parse_error *err)
{
	char path[512], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/proc/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len), 0);
	rc = buddyinfo_parse(buf, len, &bi, err);
	free(buf);
	return rc;
}

static void test_fragmented_host_has_no_order9(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("buddyinfo.seed004-fragmented-host", NULL), 0);
	assert_int_equal(bi.nzones, 3);
	assert_int_equal(bi.norders, 11);
	assert_string_equal(bi.zones[2].zone, "Normal");
	assert_int_equal(bi.zones[2].free[0], 295291);
	assert_int_equal(bi.zones[2].free[8], 25856);
	/* Normal has none at order >= 9; DMA (1+3) and DMA32 (3+367) do. */
	assert_int_equal(buddy_zone_blocks_at_least(&bi.zones[2], 11, 9), 0);
	assert_int_equal(buddyinfo_pages_at_least(&bi, 9),
			 (1 + 3 + 3 + 367) * 512ull + (3 + 367) * 512ull);
}

static void test_eight_nodes(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("buddyinfo.seed004-8-node", NULL), 0);
	assert_int_equal(bi.nzones, 10);
	assert_int_equal(bi.zones[9].node, 7);
	assert_int_equal(bi.zones[9].free[10], 280);
}

static void test_real_padded_file(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("buddyinfo.workstation-2026-11-23", NULL), 0);
	assert_int_equal(bi.nzones, 3);
	assert_string_equal(bi.zones[1].zone, "DMA32");
	assert_true(buddyinfo_free_pages(&bi) > 0);
}

static void expect_error(const char *text, unsigned line, const char *field)
{
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(buddyinfo_parse(text, strlen(text), &bi, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("", 0, "");
	expect_error("\n\n", 0, "");
	expect_error("garbage\n", 1, "node");
	expect_error("Node x, zone DMA 1 2\n", 1, "node");
	expect_error("Node 0, area DMA 1 2\n", 1, "zone");
	expect_error("Node 0, zone DMA 1 2x\n", 1, "order-1");
	expect_error("Node 0, zone DMA\n", 1, "order-0");
	expect_error("Node 0, zone DMA 1 2\nNode 0, zone Normal 1 2 3\n", 2,
		     "orders");
	expect_error("Node 0, zone DMA 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
		     1, "order-16");
	expect_error("Node 0, zone DMA -1\n", 1, "order-0");
}

static void test_no_trailing_newline_and_unterminated_buffer(void **state)
{
	/* The parser must stop at len, not at a NUL. */
	const char text[] = "Node 0, zone DMA 1 2 3XXXX";

	(void)state;
	assert_int_equal(buddyinfo_parse(text, strlen(text) - 4, &bi, NULL), 0);
	assert_int_equal(bi.norders, 3);
	assert_int_equal(bi.zones[0].free[2], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragmented_host_has_no_order9),
		cmocka_unit_test(test_eight_nodes),
		cmocka_unit_test(test_real_padded_file),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_no_trailing_newline_and_unterminated_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
