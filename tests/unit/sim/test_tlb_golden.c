/*
 * test_tlb_golden.c - the TLB model's exact counters for a fixed seed, per
 * pattern and configuration, against values recorded from the model
 * before it was made faster (commit 7080a19): a speed-up must not change
 * a single miss, reference or the last bit of the cycle sum.
 *
 * TLB_GOLDEN_PRINT=1 prints the table in the form below instead (to
 * regenerate it after a deliberate change to the model).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pattern.h"
#include "rng.h"
#include "tlb.h"

#define ACCESSES	150000
#define WARMUP		20000
#define BATCH		1000	/* odd to tlb_run's callers: 4096 */

/* Geometries: article 004's part, a 96-way L1 (devbox), set-associative
 * L1s with PLRU, an L2 with 12 ways. */
enum geom { G_A004, G_DEVBOX, G_PLRU, G_ODD, G_COUNT };

static struct tlb_cpu cpu_of(enum geom g)
{
	struct tlb_cpu c = { .l1_hit = 1, .l2_hit = 0, .walk_ref = 6.6,
			     .pwc_entries = 4, .ntlb_entries = 32 };

	for (unsigned p = 0; p < PS_COUNT; p++) {
		c.l1[p] = (struct tlb_geom){ 64, 64 };
		c.l2[p] = p == PS_1G ? (struct tlb_geom){ 64, 64 }
				     : (struct tlb_geom){ 2048,
							  p == PS_4K ? 8 : 4 };
	}
	switch (g) {
	case G_A004:
		break;
	case G_DEVBOX:
		c.l1[PS_4K] = c.l1[PS_2M] = (struct tlb_geom){ 96, 96 };
		c.l2[PS_1G] = (struct tlb_geom){ 0, 0 };
		c.pwc_entries = 32;
		c.ntlb_entries = 4;
		break;
	case G_PLRU:
		c.repl = REPL_PLRU;
		c.l1[PS_4K] = (struct tlb_geom){ 64, 4 };
		c.l1[PS_2M] = (struct tlb_geom){ 32, 8 };
		c.l2_hit = 7;
		c.walk_ref = 1.3;
		break;
	case G_ODD:
		c.l1[PS_4K] = (struct tlb_geom){ 48, 48 };
		c.l2[PS_4K] = (struct tlb_geom){ 1536, 12 };
		c.l2[PS_2M] = (struct tlb_geom){ 16, 16 };
		c.l1_hit = 0.5;
		c.l2_hit = 3.25;
		break;
	default:
		break;
	}
	return c;
}

static const struct pat {
	enum pattern_kind kind;
	uint64_t ws, stride;
	double zipf;
} pats[] = {
	{ PAT_SEQ, 1ull << 30, 64, 0 },
	{ PAT_SEQ, 3ull << 30, 12288 + 64, 0 },
	{ PAT_UNIFORM, 1ull << 30, 0, 0 },
	{ PAT_UNIFORM, 64ull << 30, 0, 0 },
	{ PAT_ZIPF, 1ull << 30, 0, 0.99 },
	{ PAT_ZIPF, 256ull << 20, 0, 1.2 },
	{ PAT_TRACE, 0, 0, 0 },
};

static const struct cfg {
	enum geom g;
	int nested;
	enum page_size page;
	double host_2m;
	int pwc, ntlb;
} cfgs[] = {
	{ G_A004, 0, PS_4K, 0, 0, 0 },
	{ G_A004, 0, PS_2M, 0, 0, 0 },
	{ G_A004, 0, PS_1G, 0, 0, 0 },
	{ G_A004, 1, PS_4K, 0, 0, 0 },
	{ G_A004, 1, PS_4K, 1, 0, 0 },
	{ G_A004, 1, PS_4K, 0.5, 0, 0 },
	{ G_A004, 1, PS_2M, 0.18, 0, 0 },
	{ G_A004, 1, PS_2M, 1, 0, 0 },
	{ G_A004, 1, PS_1G, 0.5, 0, 0 },
	{ G_A004, 0, PS_4K, 0, 1, 0 },
	{ G_A004, 1, PS_4K, 0.5, 1, 0 },
	{ G_A004, 1, PS_4K, 0.5, 0, 1 },
	{ G_A004, 1, PS_2M, 0.5, 1, 1 },
	{ G_DEVBOX, 1, PS_4K, 0.18, 1, 1 },
	{ G_DEVBOX, 1, PS_2M, 0.5, 0, 0 },
	{ G_PLRU, 0, PS_4K, 0, 0, 0 },
	{ G_PLRU, 1, PS_2M, 0.5, 1, 0 },
	{ G_ODD, 1, PS_4K, 0.7, 0, 1 },
	{ G_ODD, 1, PS_2M, 0.3, 0, 0 },
};

#define NPATS	(sizeof(pats) / sizeof(pats[0]))
#define NCFGS	(sizeof(cfgs) / sizeof(cfgs[0]))

struct golden {
	uint64_t l1_miss, l2_miss, guest_refs, host_refs, pwc_hits, ntlb_hits;
	double cycles;
};

/* Recorded with TLB_GOLDEN_PRINT=1 on the model as of commit 7080a19. */
static const struct golden golden[NPATS][NCFGS] = {
#include "tlb_golden.inc"
};

/* A trace with reuse at several distances: strided runs, revisits and
 * random jumps over 8 GiB. */
static uint64_t *make_trace(size_t n)
{
	uint64_t *t = malloc(n * sizeof(*t)), rng = 5, base = 0;

	for (size_t i = 0; t && i < n; i++) {
		uint64_t r = rng_next(&rng);

		if ((r & 15) == 0)
			base = rng_below(&rng, 8ull << 30);
		else if ((r & 15) < 4 && i > 64)
			base = t[i - 1 - ((r >> 8) & 63)];
		else
			base += (r >> 20) & 0x3fff;
		t[i] = base & ((8ull << 30) - 1);
	}
	return t;
}

static struct tlb_stats run(const struct pat *pt, const struct cfg *cf,
			    const uint64_t *trace, size_t ntrace)
{
	struct tlb_config c = { .cpu = cpu_of(cf->g), .nested = cf->nested,
				.guest_page = cf->page,
				.host_2m = cf->host_2m, .pwc = cf->pwc,
				.ntlb = cf->ntlb };
	static uint64_t buf[BATCH];
	struct tlb_model *m;
	struct tlb_stats s;
	struct pattern p;

	assert_int_equal(pattern_init(&p, pt->kind, pt->ws, pt->stride,
				      pt->zipf, trace, ntrace, 42), 0);
	assert_int_equal(tlb_create(&c, &m), 0);
	for (unsigned done = 0; done < WARMUP; done += BATCH) {
		pattern_fill(&p, buf, BATCH);
		tlb_run(m, buf, BATCH);
	}
	tlb_reset_stats(m);
	for (unsigned done = 0; done < ACCESSES; done += BATCH) {
		pattern_fill(&p, buf, BATCH);
		tlb_run(m, buf, BATCH);
	}
	tlb_get_stats(m, &s);
	tlb_destroy(m);
	pattern_free(&p);
	return s;
}

static void test_golden(void **state)
{
	const size_t ntrace = 100003;
	uint64_t *trace = make_trace(ntrace);
	int print = getenv("TLB_GOLDEN_PRINT") != NULL, bad = 0;

	(void)state;
	assert_non_null(trace);
	for (unsigned i = 0; i < NPATS; i++) {
		if (print)
			printf("\t{\t/* %s */\n", pattern_names[pats[i].kind]);
		for (unsigned j = 0; j < NCFGS; j++) {
			struct tlb_stats s = run(&pats[i], &cfgs[j], trace,
						 ntrace);
			const struct golden *g = &golden[i][j];

			if (print) {
				printf("\t\t{ %" PRIu64 ", %" PRIu64 ", %"
				       PRIu64 ", %" PRIu64 ", %" PRIu64 ", %"
				       PRIu64 ", %a },\n", s.l1_miss,
				       s.l2_miss, s.guest_refs, s.host_refs,
				       s.pwc_hits, s.ntlb_hits, s.cycles);
				continue;
			}
			assert_int_equal(s.accesses, ACCESSES);
			assert_int_equal(s.walk_refs,
					 s.guest_refs + s.host_refs);
			if (s.l1_miss == g->l1_miss && s.l2_miss == g->l2_miss &&
			    s.guest_refs == g->guest_refs &&
			    s.host_refs == g->host_refs &&
			    s.pwc_hits == g->pwc_hits &&
			    s.ntlb_hits == g->ntlb_hits &&
			    !memcmp(&s.cycles, &g->cycles, sizeof(s.cycles)))
				continue;
			bad++;
			printf("pattern %u cfg %u: got %" PRIu64 " %" PRIu64
			       " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			       " %a, recorded %" PRIu64 " %" PRIu64 " %"
			       PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			       " %a\n", i, j, s.l1_miss, s.l2_miss,
			       s.guest_refs, s.host_refs, s.pwc_hits,
			       s.ntlb_hits, s.cycles, g->l1_miss, g->l2_miss,
			       g->guest_refs, g->host_refs, g->pwc_hits,
			       g->ntlb_hits, g->cycles);
		}
		if (print)
			printf("\t},\n");
	}
	free(trace);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
