/*
 * vmagap.h - VMA gap search model (issue 5, model 5; article 002).
 *
 * Where does mmap() put a new anonymous mapping, and how many lookups
 * does it take to decide?  Two placements of the same workload, each in
 * its own address space:
 *  - legacy: Linux 2.6.32's x86_64 arch_get_unmapped_area_topdown() with
 *    free_area_cache and cached_hole_size, calling find_vma() hole by hole
 *    from mmap_base down when the cache does not help (the article counted
 *    ~4,000 calls per mmap on a 9,053-VMA process), and
 *    arch_unmap_area_topdown() raising the cache after munmap;
 *  - gap tree: vm_unmapped_area() top-down over the gap-augmented VMA
 *    tree (3.9+), which skips every subtree whose gaps are too small.
 * Counted per mmap: find_vma() calls and tree nodes they visit (legacy),
 * tree nodes visited (gap tree).  Not modelled: VMA merging of adjacent
 * compatible mappings (the article's were unmergeable), alignment,
 * MAP_FIXED, the vmacache.
 */
#ifndef SIM_VMAGAP_H
#define SIM_VMAGAP_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "maps.h"
#include "vmatree.h"

struct vg_config {
	/* Starting layout: a maps file, or a generated one. */
	const struct maps *maps;	/* NULL: generate */
	unsigned nsizes;		/* generated: VMA sizes and counts */
	uint64_t size[8], count[8];
	uint64_t small;			/* plus this many of 4-64 KiB */
	double hole_share;		/* of the generated ones, unmapped */
	/* Churn: mmap len (a share mix of the calls: a size of the layout),
	 * keep at most live of them, unmapping one at random. */
	uint64_t churn, len, live;
	double mix;
	uint64_t seed;
};

struct vg_side {
	struct hist lookups;	/* legacy: find_vma calls; tree: unused */
	struct hist visits;	/* tree nodes visited per mmap */
	uint64_t failed;	/* mmaps that found no room */
};

struct vg_result {
	uint64_t vmas;		/* at the start of the churn */
	uint64_t mmap_base;
	struct vg_side legacy, tree;
};

/* One address space and its placement (exposed for tests). */
struct vg_space {
	struct vmatree t;
	uint64_t base, cache, hole;	/* mmap_base, free_area_cache,
					 * cached_hole_size */
	int legacy;
};

/* An empty space below base; legacy starts as arch_pick_mmap_layout()
 * leaves it (cache = base, cached_hole_size = ~0). */
void vg_space_init(struct vg_space *s, uint64_t base, int legacy,
		   uint64_t seed);
void vg_space_free(struct vg_space *s);
/*
 * vg_mmap - place and insert len bytes: 0 with *addr, -ENOSPC, -ENOMEM.
 * Adds find_vma() calls (legacy) and tree nodes visited to the counters.
 */
int vg_mmap(struct vg_space *s, uint64_t len, uint64_t *addr,
	    uint64_t *calls, uint64_t *visits);
/* Remove [start, end) (one whole VMA) and run the legacy unmap hook. */
void vg_munmap(struct vg_space *s, uint64_t start, uint64_t end);

/* Article 002's layout: 4,238 small (4-64 KiB, placed first: just below
 * mmap_base), then 2,885 x 516 KiB, 783 x 1,032 KiB, 589 x 1,548 KiB,
 * 558 x 132 KiB shuffled, 30% of all unmapped again; then 10,000 mmaps
 * of 516 KiB keeping 64. */
void vg_defaults(struct vg_config *c);
/* Returns 0, -EINVAL (no layout, len 0), or -ENOMEM. */
int vg_run(const struct vg_config *c, struct vg_result *r);

#endif
