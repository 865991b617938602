/*
 * test_fragindex.c - mm/vmstat.c's indices: hand-computed cases, the
 * article 004 fragmented host, a golden file captured from this machine's
 * debugfs, and, where debugfs is mounted and readable, the running
 * kernel's own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buddyinfo.h"
#include "fileio.h"
#include "fragindex.h"

static struct buddyinfo bi;

static char *slurp(const char *path)
{
	char *buf;
	size_t len;

	assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len), 0);
	return buf;
}

static void parse_text(const char *text)
{
	assert_int_equal(buddyinfo_parse(text, strlen(text), &bi, NULL), 0);
}

/*
 * A zone with 4 free order-0 and 2 free order-1 blocks: 8 free pages in 6
 * blocks.  By hand: order 1 has 2 suitable blocks (4 pages), so
 * unusable = (8 - 4) / 8 = 0.500; order 2 has none: unusable 1.000 and
 * extfrag = 1000 - (1000 + 8 * 1000 / 4) / 6 = 1000 - 500 = 0.500.
 */
static void test_hand_case(void **state)
{
	const uint64_t free[3] = { 4, 2, 0 };
	struct contig_info c;
	char buf[256];

	(void)state;
	frag_contig_info(free, 3, 1, &c);
	assert_int_equal(c.free_pages, 8);
	assert_int_equal(c.free_blocks_total, 6);
	assert_int_equal(c.free_blocks_suitable, 2);
	assert_int_equal(frag_unusable_index(1, &c), 500);
	assert_int_equal(frag_extfrag_index(1, 3, &c), -1000);
	frag_contig_info(free, 3, 2, &c);
	assert_int_equal(frag_unusable_index(2, &c), 1000);
	assert_int_equal(frag_extfrag_index(2, 3, &c), 500);

	parse_text("Node 0, zone Normal 4 2 0\n");
	frag_format_unusable(&bi, buf, sizeof(buf));
	assert_string_equal(buf, "Node 0, zone   Normal 0.000 0.500 1.000 \n");
	frag_format_extfrag(&bi, buf, sizeof(buf));
	assert_string_equal(buf,
			    "Node 0, zone   Normal -1.000 -1.000  0.500 \n");
}

/*
 * One free page, order 1 requested: 1000 - (1000 + 1 * 1000 / 2) / 1 =
 * -500.  The kernel's "%2d.%03d" prints that as " 0.-500"; so must we.
 * No free page at all: unusable 1.000, extfrag 0.000.
 */
static void test_odd_corners(void **state)
{
	char buf[256];

	(void)state;
	parse_text("Node 1, zone DMA32 1 0 0\nNode 1, zone Movable 0 0 0\n");
	frag_format_extfrag(&bi, buf, sizeof(buf));
	assert_string_equal(buf,
			    "Node 1, zone    DMA32 -1.000  0.-500  0.-250 \n"
			    "Node 1, zone  Movable  0.000  0.000  0.000 \n");
	frag_format_unusable(&bi, buf, sizeof(buf));
	assert_string_equal(buf, "Node 1, zone    DMA32 0.000 1.000 1.000 \n"
				 "Node 1, zone  Movable 1.000 1.000 1.000 \n");
}

/*
 * Article 004's fragmented host, Normal zone (no free order-9/10 block).
 * Expected values computed separately with Python from the kernel's
 * formulas (exact integers): extfrag 964 at order 9 and 982 at order 10,
 * unusable 787 at order 8 and 1000 at order 9.
 */
static void test_article_fragmented_host(void **state)
{
	struct contig_info c;
	const struct buddy_zone *z;
	char *text;

	(void)state;
	text = slurp(FIXTURES_DIR "/proc/buddyinfo.seed004-fragmented-host");
	parse_text(text);
	free(text);
	z = &bi.zones[2];
	assert_string_equal(z->zone, "Normal");
	frag_contig_info(z->free, bi.norders, 9, &c);
	assert_int_equal(frag_extfrag_index(9, bi.norders, &c), 964);
	assert_int_equal(frag_unusable_index(9, &c), 1000);
	frag_contig_info(z->free, bi.norders, 10, &c);
	assert_int_equal(frag_extfrag_index(10, bi.norders, &c), 982);
	frag_contig_info(z->free, bi.norders, 8, &c);
	assert_int_equal(frag_unusable_index(8, &c), 787);
	assert_int_equal(frag_extfrag_index(8, bi.norders, &c), -1000);
}

/* The fragmented host's 2 MiB capacity: DMA is left out; DMA32 has
 * 3 order-9 and 367 order-10 blocks = 3 + 734 = 737 units, Normal none.
 * An 8 GiB VM (4,096 units) gets 737 / 4096 of its memory on 2 MiB. */
static void test_host_2m_fraction(void **state)
{
	char *text;
	uint64_t units;

	(void)state;
	text = slurp(FIXTURES_DIR "/proc/buddyinfo.seed004-fragmented-host");
	parse_text(text);
	free(text);
	assert_int_equal(frag_2m_units(&bi.zones[0], bi.norders), 1 + 3 * 2);
	assert_true(frag_host_2m_fraction(&bi, 8ull << 30, &units) ==
		    737.0 / 4096);
	assert_int_equal(units, 737);
	assert_true(frag_host_2m_fraction(&bi, 1ull << 30, NULL) == 1.0);
	assert_true(frag_host_2m_fraction(&bi, 0, NULL) == 0);
}

static void golden(const char *buddyinfo, const char *expected, int extfrag)
{
	char *in = slurp(buddyinfo), *want = slurp(expected), *got;
	size_t need;

	parse_text(in);
	need = extfrag ? frag_format_extfrag(&bi, NULL, 0)
		       : frag_format_unusable(&bi, NULL, 0);
	got = malloc(need + 1);
	assert_non_null(got);
	if (extfrag)
		frag_format_extfrag(&bi, got, need + 1);
	else
		frag_format_unusable(&bi, got, need + 1);
	assert_string_equal(got, want);
	free(in);
	free(want);
	free(got);
}

/* Kernel 6.18 debugfs output captured with a buddyinfo read before and
 * after it that were identical (tests/fixtures/README.md). */
static void test_golden_debugfs_capture(void **state)
{
	(void)state;
	golden(FIXTURES_DIR "/sim/debugfs-2026-11-23.buddyinfo",
	       FIXTURES_DIR "/sim/debugfs-2026-11-23.unusable_index", 0);
	golden(FIXTURES_DIR "/sim/debugfs-2026-11-23.buddyinfo",
	       FIXTURES_DIR "/sim/debugfs-2026-11-23.extfrag_index", 1);
}

/*
 * The running kernel: /proc/buddyinfo changes all the time, so read it,
 * then the index, then buddyinfo again, and compare only when both
 * buddyinfo reads are equal (nothing moved in between); retry up to 200
 * times.  Skipped where debugfs is not mounted or readable.
 */
static void live(const char *index_path, int extfrag)
{
	for (int tries = 0; tries < 200; tries++) {
		char *before, *index, *after, *got;
		size_t len, need;
		int same;

		if (read_whole_file("/proc/buddyinfo", 1 << 20, &before, &len))
			skip();
		if (read_whole_file(index_path, 1 << 20, &index, &len)) {
			free(before);
			skip();
		}
		assert_int_equal(read_whole_file("/proc/buddyinfo", 1 << 20,
						 &after, &len), 0);
		same = !strcmp(before, after);
		if (same) {
			parse_text(before);
			need = extfrag ? frag_format_extfrag(&bi, NULL, 0)
				       : frag_format_unusable(&bi, NULL, 0);
			got = malloc(need + 1);
			assert_non_null(got);
			if (extfrag)
				frag_format_extfrag(&bi, got, need + 1);
			else
				frag_format_unusable(&bi, got, need + 1);
			assert_string_equal(got, index);
			free(got);
		}
		free(before);
		free(index);
		free(after);
		if (same)
			return;
	}
	fail_msg("/proc/buddyinfo never stayed still across 200 reads");
}

static void test_live_unusable_index(void **state)
{
	(void)state;
	live("/sys/kernel/debug/extfrag/unusable_index", 0);
}

static void test_live_extfrag_index(void **state)
{
	(void)state;
	live("/sys/kernel/debug/extfrag/extfrag_index", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_case),
		cmocka_unit_test(test_odd_corners),
		cmocka_unit_test(test_article_fragmented_host),
		cmocka_unit_test(test_host_2m_fraction),
		cmocka_unit_test(test_golden_debugfs_capture),
		cmocka_unit_test(test_live_unusable_index),
		cmocka_unit_test(test_live_extfrag_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
