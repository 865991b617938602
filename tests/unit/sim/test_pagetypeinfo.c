/* test_pagetypeinfo.c - /proc/pagetypeinfo parser: a real padded file, the
 * article's 8-node dump with capped ">100000" counts, and bad input named
 * by line and field. */
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
#include "pagetypeinfo.h"

static struct pagetypeinfo *pti;

static int setup(void **state)
{
	(void)state;
	pti = malloc(sizeof(*pti));
	return pti ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(pti);
	return 0;
}

static int parse_fixture(const char *name, struct parse_error *err)
{
	char path[512], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len), 0);
	rc = pagetypeinfo_parse(buf, len, pti, err);
	free(buf);
	return rc;
}

static void test_workstation(void **state)
{
	struct buddyinfo bi;
	int t;

	(void)state;
	assert_int_equal(parse_fixture("sim/pagetypeinfo.workstation-2026-11-23",
				       NULL), 0);
	assert_int_equal(pti->pageblock_order, 9);
	assert_int_equal(pti->norders, 11);
	assert_int_equal(pti->ntypes, 5);
	assert_string_equal(pti->type[3], "HighAtomic");
	assert_int_equal(pti->nzones, 3);
	t = pti_type_index(pti, "Movable");
	assert_int_equal(t, 1);
	assert_int_equal(pti->zones[1].free[t][10], 752);
	assert_int_equal(pti->zones[2].blocks[t], 682);
	assert_int_equal(pti->zones[1].blocks[t], 1528);
	/* The per-type rows of DMA32 sum to the buddyinfo line captured
	 * the same day (tests/fixtures/proc/buddyinfo.workstation-...). */
	pti_to_buddyinfo(pti, &bi);
	assert_int_equal(bi.zones[1].free[0], 1);
	assert_int_equal(bi.zones[1].free[4], 5);
	assert_int_equal(bi.zones[1].free[10], 752);
}

static void test_article_eight_nodes(void **state)
{
	int capped = 0, t;
	const struct pti_zone *z;

	(void)state;
	assert_int_equal(parse_fixture("sim/pagetypeinfo.seed004-8-node", NULL),
			 0);
	assert_int_equal(pti->nzones, 10);
	z = &pti->zones[2];
	assert_int_equal(z->node, 0);
	assert_string_equal(z->zone, "Normal");
	t = pti_type_index(pti, "Movable");
	/* "Movable 21088 >100000 ..." */
	assert_int_equal(z->free[t][0], 21088);
	assert_int_equal(z->free[t][1], PTI_CAP);
	assert_true(z->capped[t][1]);
	pti_zone_free(z, pti->ntypes, 1, &capped);
	assert_true(capped);
	capped = 0;
	pti_zone_free(z, pti->ntypes, 9, &capped);
	assert_false(capped);
	assert_int_equal(pti->zones[9].node, 7);
	assert_int_equal(pti->zones[9].blocks[pti_type_index(pti,
							      "Unmovable")],
			 1262);
}

static void expect_error(const char *text, unsigned line, const char *field)
{
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(pagetypeinfo_parse(text, strlen(text), pti, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

#define HDR "Page block order: 9\nPages per block: 512\n\n" \
	"Free pages count per migrate type at order 0 1 2\n"

static void test_malformed(void **state)
{
	(void)state;
	expect_error("", 0, "");
	expect_error("hello\n", 1, "line");
	expect_error("Page block order: x\n", 1, "page_block_order");
	expect_error("Page block order: 9\nPages per block: 500\n", 2,
		     "pages_per_block");
	expect_error(HDR "Node 0, zone DMA, type Unmovable 1 2\n", 5, "counts");
	expect_error(HDR "Node 0, zone DMA, type Unmovable 1 2 3 4\n", 5,
		     "order-3");
	expect_error(HDR "Node 0, zone DMA, type Unmovable 1 x 3\n", 5,
		     "order-1");
	expect_error(HDR "Node x, zone DMA, type Unmovable 1 2 3\n", 5, "node");
	expect_error("Page block order: 9\nNode 0, zone DMA, type A 1\n", 2,
		     "type");
	expect_error(HDR "Node 0, zone DMA, type U 1 2 3\n"
		     "Free pages count per migrate type at order 0 1\n", 6,
		     "orders");
	expect_error(HDR "Node 0, zone DMA, type U 1 2 3\n\n"
		     "Number of blocks type U M\nNode 0, zone DMA 1 >2\n", 8,
		     "blocks-1");
	expect_error("Free pages count per migrate type at order 0 1 2\n"
		     "Node 0, zone DMA, type U 1 2 3\n", 0, "page_block_order");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workstation),
		cmocka_unit_test(test_article_eight_nodes),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
