/*
 * buddy_work.h - allocation/free workloads for the buddy model: fill a
 * zone to a target with a mix of block orders and migrate types, then
 * churn: rounds of freeing a share of what is allocated (the blocks
 * holding random pages) and refilling; the last round ends after its
 * free, so the zone's free memory is scattered as on a long-running host.
 * Random frees of small unmovable blocks among movable ones are what
 * leaves a long-running host without free order-9 blocks.
 */
#ifndef SIM_BUDDY_WORK_H
#define SIM_BUDDY_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "buddy.h"

struct buddy_work {
	double fill;		/* used share of the zone to reach, 0..1 */
	unsigned rounds;	/* churn rounds after the first fill */
	double free_share;	/* share of used pages freed per round */
	unsigned nmix;
	unsigned mix_order[BUDDY_ORDERS];
	double mix_weight[BUDDY_ORDERS];	/* by allocation count */
	double unmovable;	/* share of allocations, 0..1 */
	double reclaimable;
};

struct buddy_work_result {
	uint64_t allocs, frees, failed;
};

/* Defaults: fill 0.9, 4 rounds freeing half (ends 45% used), mix "0:70,2:10,3:10,9:10",
 * 5% unmovable, 5% reclaimable. */
void buddy_work_defaults(struct buddy_work *w);
/*
 * buddy_mix_parse - "ORDER:WEIGHT,..." (e.g. "0:70,9:30") into w.
 * Returns 0, or -1 with err naming the bad item.
 */
int buddy_mix_parse(const char *s, struct buddy_work *w, char *err,
		    size_t errlen);
/* Run w on b: returns 0, or -EINVAL for an empty mix. */
int buddy_work_run(struct buddy_sim *b, const struct buddy_work *w,
		   uint64_t seed, struct buddy_work_result *r);

#endif
