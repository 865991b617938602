/*
 * test_tlb.c - page-walk reference counts (issue 5 acceptance 4: a cold
 * 4K-on-4K nested walk costs 24 references, fewer on 2M host pages),
 * walk caches, splintering, and the translation caches' replacement
 * against a plain reference LRU.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"
#include "tlb.h"
#include "tlbcache.h"

/* Article 004's part: 64-entry fully associative L1, 2048-entry L2. */
static struct tlb_config config(int nested, enum page_size g, double h)
{
	struct tlb_config c = { .nested = nested, .guest_page = g,
				.host_2m = h };

	for (unsigned p = 0; p < PS_COUNT; p++) {
		c.cpu.l1[p] = (struct tlb_geom){ 64, 64 };
		c.cpu.l2[p] = (struct tlb_geom){ 2048, p == PS_1G ? 2048 : 8 };
	}
	c.cpu.l1_hit = 1;
	c.cpu.walk_ref = 1;
	c.cpu.pwc_entries = 4;
	c.cpu.ntlb_entries = 4;
	return c;
}

/* (g + 1) * (h + 1) - 1 for g guest and h host levels. */
static void test_cold_walk_counts(void **state)
{
	struct tlb_config c;

	(void)state;
	c = config(0, PS_4K, 0);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 4);
	c = config(0, PS_2M, 0);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 3);
	c = config(0, PS_1G, 0);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 2);
	c = config(1, PS_4K, 0);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 24);
	c = config(1, PS_4K, 1);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 19);
	c = config(1, PS_2M, 0);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 19);
	c = config(1, PS_2M, 1);
	assert_int_equal(tlb_cold_walk_refs(&c, 1ull << 30), 15);
}

static struct tlb_stats run1(struct tlb_model *m, uint64_t addr)
{
	struct tlb_stats s;

	tlb_reset_stats(m);
	tlb_run(m, &addr, 1);
	tlb_get_stats(m, &s);
	return s;
}

/* The model's own walks, cold: the same counts; a second access to the
 * page hits; another page of the region walks again in full. */
static void test_model_walks(void **state)
{
	static const struct { int nested; enum page_size g; double h;
			      unsigned refs; } cases[] = {
		{ 0, PS_4K, 0, 4 }, { 1, PS_4K, 0, 24 }, { 1, PS_4K, 1, 19 },
		{ 1, PS_2M, 0, 19 }, { 1, PS_2M, 1, 15 },
	};
	const uint64_t a = (5ull << 30) + 12345;

	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		struct tlb_config c = config(cases[i].nested, cases[i].g,
					     cases[i].h);
		struct tlb_model *m;
		struct tlb_stats s;

		assert_int_equal(tlb_create(&c, &m), 0);
		s = run1(m, a);
		assert_int_equal(s.l1_miss, 1);
		assert_int_equal(s.l2_miss, 1);
		assert_int_equal(s.walk_refs, cases[i].refs);
		s = run1(m, a + 64);
		assert_int_equal(s.l1_miss, 0);
		assert_int_equal(s.walk_refs, 0);
		s = run1(m, a + (4u << 21));
		assert_int_equal(s.walk_refs, cases[i].refs);
		tlb_destroy(m);
	}
}

/*
 * With page-walk caches, a second page of the same 2 MiB region (4K
 * guest on 4K host) starts below the cached PDE: the guest reads only
 * the PTE (1), the host translates the PTE page's address from its own
 * cached PDE (1) and the data address likewise (1): 3.  A nested TLB
 * also holds the PTE page's translation: 2.
 */
static void test_walk_caches(void **state)
{
	const uint64_t a = 7ull << 30;
	struct tlb_config c = config(1, PS_4K, 0);
	struct tlb_model *m;

	(void)state;
	c.pwc = 1;
	assert_int_equal(tlb_create(&c, &m), 0);
	assert_int_equal(run1(m, a).walk_refs, 24);
	assert_int_equal(run1(m, a + 4096).walk_refs, 3);
	tlb_destroy(m);

	c.ntlb = 1;
	assert_int_equal(tlb_create(&c, &m), 0);
	assert_int_equal(run1(m, a).walk_refs, 24);
	assert_int_equal(run1(m, a + 4096).walk_refs, 2);
	/* After a flush every cache is cold again. */
	tlb_flush(m);
	assert_int_equal(run1(m, a + 8192).walk_refs, 24);
	tlb_destroy(m);
}

/* A 2M guest page on 4K host pages is cached as 4K entries: two 4K
 * pages of it miss twice; on 2M host pages they share one entry. */
static void test_splintering(void **state)
{
	const uint64_t a[2] = { 3ull << 30, (3ull << 30) + 4096 };
	struct tlb_config c;
	struct tlb_model *m;
	struct tlb_stats s;

	(void)state;
	c = config(1, PS_2M, 0);
	assert_int_equal(tlb_create(&c, &m), 0);
	tlb_run(m, a, 2);
	tlb_get_stats(m, &s);
	assert_int_equal(s.l1_miss, 2);
	tlb_destroy(m);
	c = config(1, PS_2M, 1);
	assert_int_equal(tlb_create(&c, &m), 0);
	tlb_run(m, a, 2);
	tlb_get_stats(m, &s);
	assert_int_equal(s.l1_miss, 1);
	tlb_destroy(m);
}

/* Reference LRU: an array kept in recency order, searched linearly. */
struct ref_lru {
	uint64_t key[64];
	unsigned n, cap;
};

static int ref_access(struct ref_lru *r, uint64_t key)
{
	unsigned i;
	int hit;

	for (i = 0; i < r->n && r->key[i] != key; i++)
		;
	hit = i < r->n;
	if (!hit)
		i = r->n < r->cap ? r->n++ : r->cap - 1;
	memmove(&r->key[1], &r->key[0], i * sizeof(r->key[0]));
	r->key[0] = key;
	return hit;
}

/* Every way of keeping LRU behaves exactly like the reference LRU: the
 * fully associative fast path (cuckoo index + circle), sets of up to 16
 * ways (a recency word; 8, 12 and 16 ways), wider sets (tags in recency
 * order; 32 ways in two sets, keys even so all land in set 0). */
static void test_lru_matches_reference(void **state)
{
	static const struct { unsigned entries, ways, step; } geo[] = {
		{ 64, 64, 1 }, { 8, 8, 1 }, { 12, 12, 1 }, { 16, 16, 1 },
		{ 64, 32, 2 },
	};
	uint64_t rng = 99;

	(void)state;
	for (unsigned g = 0; g < sizeof(geo) / sizeof(geo[0]); g++) {
		unsigned ways = geo[g].ways;
		struct tlbcache c;
		struct ref_lru r = { .cap = ways };
		unsigned hits = 0;

		assert_int_equal(tlbcache_init(&c, geo[g].entries, ways,
					       REPL_LRU), 0);
		for (int i = 0; i < 200000; i++) {
			uint64_t key = rng_below(&rng, ways * 2) * geo[g].step;
			int hit = ref_access(&r, key);

			assert_int_equal(tlbcache_access(&c, key), hit);
			hits += (unsigned)hit;
		}
		/* Twice as many keys as ways: both paths well exercised. */
		assert_true(hits > 50000 && hits < 150000);
		tlbcache_free(&c);
	}
}

/*
 * Tree PLRU differs from LRU (4 ways, worked by hand): fill A B C D, touch
 * A then D.  LRU's victim is B (least recent); the tree's bits point at
 * C's way, so E replaces C and B still hits.
 */
static void test_plru_by_hand(void **state)
{
	struct tlbcache lru, plru;
	static const uint64_t seq[] = { 'A', 'B', 'C', 'D', 'A', 'D', 'E' };

	(void)state;
	assert_int_equal(tlbcache_init(&lru, 4, 4, REPL_LRU), 0);
	assert_int_equal(tlbcache_init(&plru, 4, 4, REPL_PLRU), 0);
	for (unsigned i = 0; i < 7; i++) {
		tlbcache_access(&lru, seq[i]);
		tlbcache_access(&plru, seq[i]);
	}
	assert_false(tlbcache_probe(&lru, 'B'));
	assert_true(tlbcache_probe(&lru, 'C'));
	assert_true(tlbcache_probe(&plru, 'B'));
	assert_false(tlbcache_probe(&plru, 'C'));
	tlbcache_free(&lru);
	tlbcache_free(&plru);
	assert_int_equal(tlbcache_init(&lru, 12, 4, REPL_LRU), -EINVAL);
	assert_int_equal(tlbcache_init(&lru, 6, 6, REPL_PLRU), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cold_walk_counts),
		cmocka_unit_test(test_model_walks),
		cmocka_unit_test(test_walk_caches),
		cmocka_unit_test(test_splintering),
		cmocka_unit_test(test_lru_matches_reference),
		cmocka_unit_test(test_plru_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
