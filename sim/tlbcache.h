/*
 * tlbcache.h - one set-associative translation cache (a TLB level for one
 * page size, a page-walk cache, a nested TLB), LRU or tree pseudo-LRU.
 * Keys are page numbers; set = key mod sets (sets a power of two).
 */
#ifndef SIM_TLBCACHE_H
#define SIM_TLBCACHE_H

#include <stdint.h>

enum tlb_repl { REPL_LRU, REPL_PLRU };

struct tlbcache {
	unsigned sets, ways;
	uint64_t set_mask;
	enum tlb_repl repl;
	uint64_t *tag;		/* sets * ways; key + 1, 0 = empty */
	uint64_t *stamp;	/* LRU: last use per way */
	uint64_t *tree;		/* PLRU: ways - 1 bits per set */
	uint64_t clock;
	uint64_t last;		/* key + 1 of the most recent hit or fill */
	/* Fully associative and wide (one set, more than FA_SCAN ways): a
	 * two-choice cuckoo index (way per slot, 8 slots per way) and an LRU
	 * list replace the scans, so a 64-entry L1 costs about what a
	 * 4-way set does. */
	int32_t *index;		/* way or -1 */
	uint32_t *slot_of;	/* index slot of each way */
	uint32_t index_mask;
	int32_t *prev, *next;	/* LRU list, head = most recent */
	int32_t head, tail;
};

#define FA_SCAN	16

/*
 * tlbcache_init - entries = sets * ways; ways a power of two for PLRU.
 * entries 0 makes an absent cache (every lookup misses, nothing kept).
 * Returns 0, -EINVAL (entries not a multiple of ways, sets not a power of
 * two, ways above 64 with PLRU) or -ENOMEM.
 */
int tlbcache_init(struct tlbcache *c, unsigned entries, unsigned ways,
		  enum tlb_repl repl);
void tlbcache_free(struct tlbcache *c);
void tlbcache_flush(struct tlbcache *c);

/* Look key up; on a miss insert it (evicting the set's victim).
 * Returns 1 on a hit, 0 on a miss. */
int tlbcache_access(struct tlbcache *c, uint64_t key);
/* Look up without inserting or touching the replacement state. */
int tlbcache_probe(const struct tlbcache *c, uint64_t key);

#endif
