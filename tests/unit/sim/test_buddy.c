/*
 * test_buddy.c - the buddy model: splitting and merging by the buddy
 * rule, fallback stealing that re-types pageblocks, building a zone from
 * real free counts, and writing buddyinfo/pagetypeinfo text the parsers
 * read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buddy.h"
#include "buddy_work.h"
#include "buddyinfo.h"
#include "command.h"
#include "fileio.h"
#include "pagetypeinfo.h"

static void per_order(struct buddy_sim *b, uint64_t out[BUDDY_ORDERS])
{
	struct buddy_stats s;

	buddy_stats(b, &s);
	buddy_free_per_order(&s, out);
}

/* One order-0 allocation from a zone of four order-10 blocks splits one
 * block into one free block of each order 0..9 (expand()); freeing it
 * merges them all back. */
static void test_split_and_merge(void **state)
{
	struct buddy_sim *b;
	uint64_t f[BUDDY_ORDERS];
	int64_t pfn;

	(void)state;
	assert_int_equal(buddy_create(4096, 1, &b), 0);
	per_order(b, f);
	assert_int_equal(f[10], 4);
	pfn = buddy_alloc(b, 0, MT_MOVABLE);
	assert_true(pfn >= 0);
	per_order(b, f);
	for (unsigned o = 0; o < 10; o++)
		assert_int_equal(f[o], 1);
	assert_int_equal(f[10], 3);
	assert_int_equal(buddy_free_pages(b), 4095);
	assert_int_equal(buddy_free(b, (uint64_t)pfn), 0);
	assert_int_equal(buddy_free(b, (uint64_t)pfn), -EINVAL);
	per_order(b, f);
	assert_int_equal(f[0], 0);
	assert_int_equal(f[10], 4);
	assert_int_equal(buddy_alloc(b, 11, MT_MOVABLE), -EINVAL);
	assert_int_equal(buddy_alloc(b, 0, MT_HIGHATOMIC), -EINVAL);
	buddy_destroy(b);
}

/* Filling a zone exactly with order-0 pages leaves nothing; the next
 * allocation fails. */
static void test_exhaustion(void **state)
{
	struct buddy_sim *b;

	(void)state;
	assert_int_equal(buddy_create(1024, 7, &b), 0);
	for (int i = 0; i < 1024; i++)
		assert_true(buddy_alloc(b, 0, MT_MOVABLE) >= 0);
	assert_int_equal(buddy_free_pages(b), 0);
	assert_int_equal(buddy_alloc(b, 0, MT_MOVABLE), -ENOMEM);
	assert_int_equal(buddy_free_random(b), 0);
	assert_int_equal(buddy_free_pages(b), 1);
	buddy_destroy(b);
}

/* In a fresh zone every pageblock is Movable: the first unmovable
 * allocation falls back, takes the largest block (order 10) and, being
 * at least a pageblock, re-types both its pageblocks (steal_suitable_
 * fallback -> change_pageblock_range). */
static void test_fallback_claims_pageblocks(void **state)
{
	struct buddy_sim *b;
	struct buddy_stats s;

	(void)state;
	assert_int_equal(buddy_create(8192, 3, &b), 0);
	assert_true(buddy_alloc(b, 0, MT_UNMOVABLE) >= 0);
	buddy_stats(b, &s);
	assert_int_equal(s.steals, 1);
	assert_int_equal(s.blocks[MT_UNMOVABLE], 2);
	assert_int_equal(s.blocks[MT_MOVABLE], 14);
	/* The split-off rest stays Unmovable: the next one needs no steal. */
	assert_true(buddy_alloc(b, 0, MT_UNMOVABLE) >= 0);
	buddy_stats(b, &s);
	assert_int_equal(s.steals, 1);
	assert_int_equal(s.nfree[MT_UNMOVABLE][9], 1);
	buddy_destroy(b);
}

/* A zone built from the free counts of article 004's good host (DMA32,
 * Normal) has exactly those free blocks. */
static void test_from_real_free_counts(void **state)
{
	static const char text[] =
		"Node 0, zone DMA32 7 5 5 9 8 4 6 10 5 5 366\n"
		"Node 0, zone Normal 203242 217888 184465 176280 148612 "
		"102122 55787 26642 24824 0 0\n";
	uint64_t free[MT_COUNT][BUDDY_ORDERS], f[BUDDY_ORDERS];
	struct buddyinfo bi;
	struct buddy_sim *b;

	(void)state;
	assert_int_equal(buddyinfo_parse(text, strlen(text), &bi, NULL), 0);
	for (unsigned z = 0; z < 2; z++) {
		memset(free, 0, sizeof(free));
		memcpy(free[MT_MOVABLE], bi.zones[z].free, sizeof(f));
		assert_int_equal(buddy_create_from_free(0, free, NULL, 0, 1, &b),
				 0);
		per_order(b, f);
		assert_memory_equal(f, bi.zones[z].free, sizeof(f));
		buddy_destroy(b);
	}
	/* Too small a zone for those blocks. */
	assert_int_equal(buddy_create_from_free(4096, free, NULL, 0, 1, &b),
			 -E2BIG);
}

/* This machine's Normal zone from its pagetypeinfo: every free block of
 * every type in place, in exactly the zone's 768 pageblocks, which keep
 * the real per-type counts (53 / 682 / 33). */
static void test_from_real_pagetypeinfo(void **state)
{
	struct pagetypeinfo *p = malloc(sizeof(*p));
	uint64_t nfree[MT_COUNT][BUDDY_ORDERS], blocks[MT_COUNT] = { 0 };
	uint64_t pages = 0;
	struct buddy_sim *b;
	struct buddy_stats s;
	char *buf;
	size_t len;

	(void)state;
	assert_non_null(p);
	assert_int_equal(read_whole_file(FIXTURES_DIR "/sim/pagetypeinfo."
					 "workstation-2026-11-23", 1 << 20,
					 &buf, &len), 0);
	assert_int_equal(pagetypeinfo_parse(buf, len, p, NULL), 0);
	free(buf);
	memset(nfree, 0, sizeof(nfree));
	for (unsigned t = 0; t < MT_COUNT; t++) {
		assert_string_equal(p->type[t], buddy_mt_names[t]);
		memcpy(nfree[t], p->zones[2].free[t], sizeof(nfree[t]));
		blocks[t] = p->zones[2].blocks[t];
		pages += blocks[t] << BUDDY_PB_ORDER;
	}
	assert_int_equal(pages, 768 * 512);
	assert_int_equal(buddy_create_from_free(pages, nfree, blocks, 0, 1, &b),
			 0);
	buddy_stats(b, &s);
	assert_memory_equal(s.nfree, nfree, sizeof(nfree));
	assert_memory_equal(s.blocks, blocks, sizeof(blocks));
	buddy_destroy(b);
	free(p);
}

/* The model's text is read back by the project's own parsers. */
static void test_text_round_trip(void **state)
{
	struct buddy_work w;
	struct buddy_work_result res;
	struct buddy_sim *b;
	struct buddy_stats s;
	struct pagetypeinfo *p = malloc(sizeof(*p));
	struct buddyinfo bi;
	uint64_t f[BUDDY_ORDERS];
	char buf[4096];
	size_t n;

	(void)state;
	assert_non_null(p);
	assert_int_equal(buddy_create(1 << 16, 5, &b), 0);
	buddy_work_defaults(&w);
	assert_int_equal(buddy_work_run(b, &w, 9, &res), 0);
	assert_true(res.allocs > 0 && res.frees > 0);
	buddy_stats(b, &s);
	buddy_free_per_order(&s, f);

	n = buddy_format_buddyinfo(&s, 0, "Normal", buf, sizeof(buf));
	assert_true(n < sizeof(buf));
	assert_int_equal(buddyinfo_parse(buf, n, &bi, NULL), 0);
	assert_memory_equal(bi.zones[0].free, f, sizeof(f));

	n = buddy_format_pagetypeinfo(&s, 0, "Normal", buf, sizeof(buf));
	assert_true(n < sizeof(buf));
	assert_int_equal(pagetypeinfo_parse(buf, n, p, NULL), 0);
	for (unsigned t = 0; t < MT_COUNT; t++) {
		assert_string_equal(p->type[t], buddy_mt_names[t]);
		assert_int_equal(p->zones[0].blocks[t], s.blocks[t]);
		for (unsigned o = 0; o < BUDDY_ORDERS; o++)
			assert_int_equal(p->zones[0].free[t][o],
					 s.nfree[t][o] < PTI_CAP
					 ? s.nfree[t][o] : PTI_CAP);
	}
	/* Free pages add up from the counts. */
	n = 0;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++)
		n += f[o] << o;
	assert_int_equal(n, buddy_free_pages(b));
	free(p);
	buddy_destroy(b);
}

static void test_mix_parse(void **state)
{
	struct buddy_work w;
	char err[128];

	(void)state;
	assert_int_equal(buddy_mix_parse("0:1,9:2.5", &w, err, sizeof(err)), 0);
	assert_int_equal(w.nmix, 2);
	assert_int_equal(w.mix_order[1], 9);
	assert_true(w.mix_weight[1] == 2.5);
	assert_int_equal(buddy_mix_parse("11:1", &w, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "11"));
	assert_int_equal(buddy_mix_parse("0:-1", &w, err, sizeof(err)), -1);
	assert_int_equal(buddy_mix_parse("0", &w, err, sizeof(err)), -1);
	assert_int_equal(buddy_mix_parse("", &w, err, sizeof(err)), -1);
}

static struct report run_cmd(int argc, char **argv)
{
	const struct sim_command *cmd = sim_command_find("buddy");
	struct report r;
	char err[256] = "";

	report_init(&r, "buddy");
	if (cmd->run(argc, argv, &r, err, sizeof(err)))
		fail_msg("tlbsim buddy %s: %s", argv[1], err);
	return r;
}

/* Every article 004 sample through "tlbsim buddy FILE": one row per
 * zone; order9_blocks counts 2 MiB units of order >= 9 (order 10 counts
 * 2), e.g. the fragmented host: DMA 1 + 3 x 2 = 7, DMA32 3 + 367 x 2 =
 * 737, Normal 0. */
static void test_command_article_samples(void **state)
{
	static const struct { const char *file; unsigned zones; } f[] = {
		{ "proc/buddyinfo.seed004-single-node", 3 },
		{ "proc/buddyinfo.seed004-8-node", 10 },
		{ "proc/buddyinfo.seed004-fragmented-host", 3 },
		{ "proc/buddyinfo.seed004-good-host", 3 },
		{ "sim/pagetypeinfo.seed004-8-node", 10 },
	};
	char path[512];
	char *argv[] = { "buddy", path, "--vm-size", "8G", NULL };

	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		struct report r;

		snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, f[i].file);
		r = run_cmd(4, argv);
		assert_string_equal(r.tables[0].name, "zones");
		assert_int_equal(r.tables[0].nrows, f[i].zones);
		if (i == 2) {
			const struct report_cell *c = r.tables[0].cells;
			unsigned nc = r.tables[0].ncols;

			assert_true(c[0 * nc + 3].num == 7);
			assert_true(c[1 * nc + 3].num == 737);
			assert_true(c[2 * nc + 3].num == 0);
			/* extfrag at order 9 of Normal: 0.964 (fragindex) */
			assert_true(c[2 * nc + 7].num == 0.964);
			/* new 8 GiB VM: 737 + 0 units of 2 MiB (DMA left out)
			 * = 1474 MiB, fraction 1474 / 8192 */
			assert_true(r.tables[1].cells[1].num == 1474);
		}
		if (i == 4)	/* the per-type table of pagetypeinfo */
			assert_string_equal(r.tables[2].name, "types");
		report_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_and_merge),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_fallback_claims_pageblocks),
		cmocka_unit_test(test_from_real_free_counts),
		cmocka_unit_test(test_from_real_pagetypeinfo),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_mix_parse),
		cmocka_unit_test(test_command_article_samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
