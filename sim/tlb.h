/*
 * tlb.h - TLB and page-walk model (issue 5, model 1).
 *
 * Two TLB levels per page size (4 KiB, 2 MiB, 1 GiB), each set-associative
 * with LRU or tree pseudo-LRU, filled inclusively on a miss; geometry and
 * costs from a CPU profile (cpuprofile.h).  A miss in both levels walks
 * the page tables:
 *  - native: one memory reference per level, 4 for a 4 KiB page, 3 for
 *    2 MiB, 2 for 1 GiB;
 *  - nested (two-dimensional, EPT/NPT): every guest page-table entry
 *    lives at a guest-physical address the host must translate first, and
 *    so does the final data address: g * (h + 1) + h references for g
 *    guest and h host levels, 24 for a 4 KiB guest on 4 KiB host pages,
 *    19 with the host on 2 MiB pages, 15 with both on 2 MiB.
 * Host backing is a mix: each guest-physical 2 MiB region is on a host
 * 2 MiB page with probability host_2m (a fixed hash of the region, so runs
 * repeat).  A guest 2 MiB page on 4 KiB host pages is cached as 4 KiB TLB
 * entries (the hardware caches the smaller of the two sizes).
 * Optional caches: page-walk caches (PML4E/PDPTE/PDE, guest and host
 * dimension, pwc entries each, fully associative) let a walk start below
 * the root; a nested TLB (ntlb entries) caches guest-physical to
 * host-physical translations so a host walk can be skipped.
 * Cycles per access = l1_hit, + l2_hit after an L1 miss, + walk_ref per
 * reference of a walk.  Data caches, prefetch and speculation are not
 * modelled: refs count memory references, not their latency.
 */
#ifndef SIM_TLB_H
#define SIM_TLB_H

#include <stddef.h>
#include <stdint.h>

#include "tlbcache.h"

enum page_size { PS_4K, PS_2M, PS_1G, PS_COUNT };

extern const char *const page_size_names[PS_COUNT];

struct tlb_geom {
	unsigned entries, ways;	/* entries 0: no such TLB */
};

struct tlb_cpu {
	char name[32];
	double freq_ghz;
	struct tlb_geom l1[PS_COUNT], l2[PS_COUNT];
	enum tlb_repl repl;
	double l1_hit, l2_hit, walk_ref;	/* cycles */
	unsigned pwc_entries;	/* per cached level; 0 = none */
	unsigned ntlb_entries;	/* nested TLB; 0 = none */
};

struct tlb_config {
	struct tlb_cpu cpu;
	int nested;
	enum page_size guest_page;
	double host_2m;		/* 0..1, nested only */
	int pwc, ntlb;		/* use the profile's caches */
};

struct tlb_stats {
	uint64_t accesses;
	uint64_t l1_miss, l2_miss;	/* l2_miss = walks */
	uint64_t walk_refs, guest_refs, host_refs;
	uint64_t pwc_hits, ntlb_hits;
	double cycles;
};

struct tlb_model;

/* Returns 0, -EINVAL for a bad geometry or host_2m, or -ENOMEM. */
int tlb_create(const struct tlb_config *cfg, struct tlb_model **out);
void tlb_destroy(struct tlb_model *m);
/* Empty every TLB and cache (cold start); statistics are kept. */
void tlb_flush(struct tlb_model *m);
/* Translate n byte addresses. */
void tlb_run(struct tlb_model *m, const uint64_t *addr, size_t n);
void tlb_get_stats(const struct tlb_model *m, struct tlb_stats *s);
/* Zero the statistics (after a warm-up), keeping the caches. */
void tlb_reset_stats(struct tlb_model *m);
/* References one walk of addr would make with every cache cold: the
 * formula above, for tests and reports. */
unsigned tlb_cold_walk_refs(const struct tlb_config *cfg, uint64_t addr);

#endif
