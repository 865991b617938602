/*
 * test_vma.c - /proc/PID/maps parsing, the gap-augmented VMA tree against
 * brute force, and the legacy top-down search on a layout worked out by
 * hand (article 002's pathology: small holes below mmap_base).
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

#include "fileio.h"
#include "maps.h"
#include "rng.h"
#include "vmagap.h"
#include "vmatree.h"

#define P 4096ull

static void parse_fixture(const char *name, struct maps *m)
{
	char path[512], *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/sim/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len), 0);
	assert_int_equal(maps_parse(buf, len, 1 << 20, m, NULL), 0);
	free(buf);
}

static void test_maps_fixtures(void **state)
{
	struct maps m;
	unsigned special = 0;

	(void)state;
	parse_fixture("maps.seed004-java", &m);
	assert_int_equal(m.n, 87);
	assert_int_equal(m.e[0].start, 0x400000);
	assert_int_equal(m.e[0].end, 0x401000);
	assert_string_equal(m.e[0].perms, "r-xp");
	for (size_t i = 0; i < m.n; i++)
		special += m.e[i].special;
	assert_int_equal(special, 3);	/* [stack] [vdso] [vsyscall] */
	free(m.e);
	parse_fixture("maps.workstation-cat-2026-11-23", &m);
	assert_int_equal(m.n, 38);
	free(m.e);
}

static void expect(const char *text, unsigned line, const char *field)
{
	struct parse_error err;
	struct maps m;

	memset(&err, 0, sizeof(err));
	assert_int_equal(maps_parse(text, strlen(text), 100, &m, &err), -1);
	assert_null(m.e);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
}

static void test_maps_bad(void **state)
{
	(void)state;
	expect("", 0, "start");
	expect("zz-1000 r--p 0 00:00 0\n", 1, "start");
	expect("1000 r--p 0 00:00 0\n", 1, "start");
	expect("2000-1000 r--p 0 00:00 0\n", 1, "end");
	expect("1000-2001 r--p 0 00:00 0\n", 1, "end");
	expect("1000-2000 rw-q 0 00:00 0\n", 1, "perms");
	expect("1000-2000 r--p xyz 00:00 0\n", 1, "offset");
	expect("1000-2000 r--p 0 0000 0\n", 1, "dev");
	expect("1000-2000 r--p 0 00:00 -1\n", 1, "inode");
	expect("3000-4000 r--p 0 00:00 0\n1000-2000 r--p 0 00:00 0\n", 2,
	       "order");
}

/* Brute force over a sorted array of VMAs. */
static uint64_t brute_topdown(const uint64_t (*v)[2], size_t n,
			      uint64_t len, uint64_t low, uint64_t high)
{
	uint64_t above = UINT64_MAX;

	for (size_t i = n; i-- > 0; above = v[i][0]) {
		uint64_t hi = above < high ? above : high;
		uint64_t lo = v[i][1] > low ? v[i][1] : low;

		if (hi >= lo && hi - lo >= len)
			return hi - len;
	}
	{
		uint64_t hi = above < high ? above : high;

		return hi >= low && hi - low >= len ? hi - len : VT_NONE;
	}
}

static int cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

static void test_tree_matches_brute_force(void **state)
{
	uint64_t (*v)[2] = malloc(2000 * sizeof(*v)), rng = 5;
	struct vmatree t;
	size_t n = 0;

	(void)state;
	vt_init(&t, 3);
	/* 2000 non-overlapping VMAs on a grid of 16-page slots. */
	for (uint64_t slot = 0; n < 2000; slot++) {
		if (rng_unit(&rng) < 0.3)
			continue;
		v[n][0] = (slot * 16 + rng_below(&rng, 8)) * P;
		v[n][1] = v[n][0] + (1 + rng_below(&rng, 8)) * P;
		assert_int_equal(vt_insert(&t, v[n][0], v[n][1]), 0);
		n++;
	}
	qsort(v, n, sizeof(*v), cmp);
	for (int q = 0; q < 2000; q++) {
		uint64_t len = (1 + rng_below(&rng, 40)) * P, visits = 0;
		uint64_t high = rng_below(&rng, 40000) * P, low = P;
		uint64_t addr = rng_below(&rng, 40000) * P, s, e;
		size_t i;

		assert_int_equal(vt_topdown(&t, len, low, high, &visits),
				 brute_topdown(v, n, len, low, high));
		for (i = 0; i < n && v[i][1] <= addr; i++)
			;
		assert_int_equal(vt_find(&t, addr, &s, &e, &visits), i < n);
		if (i < n)
			assert_int_equal(s, v[i][0]);
	}
	/* Remove half, check again. */
	for (size_t i = 0; i < n; i += 2)
		assert_int_equal(vt_remove(&t, v[i][0]), 0);
	assert_int_equal(vt_remove(&t, v[0][0]), -ENOENT);
	for (size_t i = 1, j = 0; i < n; i += 2)
		memcpy(v[j++], v[i], sizeof(v[0]));
	n /= 2;
	for (int q = 0; q < 500; q++) {
		uint64_t len = (1 + rng_below(&rng, 60)) * P, visits = 0;
		uint64_t high = rng_below(&rng, 40000) * P;

		assert_int_equal(vt_topdown(&t, len, P, high, &visits),
				 brute_topdown(v, n, len, P, high));
	}
	vt_free(&t);
	free(v);
}

/*
 * Fifty 1-page VMAs with 1-page holes just below mmap_base (page 1000),
 * free space below page 901.  A 2-page mmap in a fresh process: the
 * cache test at 998 fails (1 find_vma), then the loop tries 998, 997,
 * 995, ... 901, each hitting the VMA above the hole (50 calls), and
 * 899 fits (1 more): 52 calls, address page 899.  The gap tree finds
 * the same address.
 */
static void test_legacy_walk_by_hand(void **state)
{
	struct vg_space legacy, tree;
	uint64_t addr, calls = 0, visits = 0;

	(void)state;
	vg_space_init(&legacy, 1000 * P, 1, 1);
	vg_space_init(&tree, 1000 * P, 0, 1);
	for (int i = 0; i < 50; i++) {
		uint64_t start = (1000 - 2 * i - 1) * P;

		assert_int_equal(vt_insert(&legacy.t, start, start + P), 0);
		assert_int_equal(vt_insert(&tree.t, start, start + P), 0);
	}
	assert_int_equal(vg_mmap(&legacy, 2 * P, &addr, &calls, &visits), 0);
	assert_int_equal(addr, 899 * P);
	assert_int_equal(calls, 52);
	visits = 0;
	assert_int_equal(vg_mmap(&tree, 2 * P, &addr, &calls, &visits), 0);
	assert_int_equal(addr, 899 * P);
	assert_true(visits < 20);
	/* The next one fits right below, found from the cache: 1 call. */
	calls = 0;
	assert_int_equal(vg_mmap(&legacy, 2 * P, &addr, &calls, &visits), 0);
	assert_int_equal(addr, 897 * P);
	assert_int_equal(calls, 1);
	/* Unmapping the top 1-page VMA raises the cache to mmap_base; a
	 * 2-page request no longer fits there and walks again. */
	vg_munmap(&legacy, 999 * P, 1000 * P);
	assert_int_equal(legacy.cache, 1000 * P);
	calls = 0;
	assert_int_equal(vg_mmap(&legacy, 2 * P, &addr, &calls, &visits), 0);
	assert_int_equal(addr, 998 * P);	/* the freed page + a hole */
	vg_space_free(&legacy);
	vg_space_free(&tree);
}

/* The generated article layout: the legacy walk costs far more lookups
 * than the gap tree visits nodes. */
static void test_article_layout(void **state)
{
	struct vg_config c;
	struct vg_result r;

	(void)state;
	vg_defaults(&c);
	c.churn = 2000;
	assert_int_equal(vg_run(&c, &r), 0);
	assert_true(r.vmas > 6000);
	assert_int_equal(r.legacy.failed, 0);
	assert_true(hist_mean(&r.legacy.visits) > 10 * hist_mean(&r.tree.visits));
	assert_true(r.legacy.lookups.max > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_fixtures),
		cmocka_unit_test(test_maps_bad),
		cmocka_unit_test(test_tree_matches_brute_force),
		cmocka_unit_test(test_legacy_walk_by_hand),
		cmocka_unit_test(test_article_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
