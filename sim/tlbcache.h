/*
 * tlbcache.h - one set-associative translation cache (a TLB level for one
 * page size, a page-walk cache, a nested TLB), LRU or tree pseudo-LRU.
 * Keys are page numbers; set = key mod sets (sets a power of two).
 *
 * tlbcache_access() is inline (the TLB model's inner loop calls it once or
 * twice per access); the wide fully associative and PLRU cases stay in
 * tlbcache.c.
 */
#ifndef SIM_TLBCACHE_H
#define SIM_TLBCACHE_H

#include <stdint.h>

enum tlb_repl { REPL_LRU, REPL_PLRU };

/* How a cache is kept (chosen by tlbcache_init). */
enum tlbcache_kind {
	TC_NONE,	/* entries 0: every lookup misses */
	TC_SETS,	/* LRU: each set's tags in recency order, MRU first */
	TC_PLRU,	/* PLRU: tags in fixed ways, a tree per set */
	TC_FA,		/* one wide set: cuckoo index + LRU list or tree */
};

struct tlbcache {
	unsigned sets, ways;
	uint64_t set_mask;
	enum tlb_repl repl;
	enum tlbcache_kind kind;
	uint64_t *tag;		/* sets * ways; key + 1, 0 = empty */
	uint64_t *tree;		/* PLRU: ways - 1 bits per set */
	uint64_t last;		/* key + 1 of the most recent hit or fill */
	/* Fully associative and wide (one set, more than FA_SCAN ways): a
	 * two-choice cuckoo index (way per slot, 8 slots per way) and an LRU
	 * list replace the scans, so a 64-entry L1 costs about what a
	 * 4-way set does. */
	int32_t *index;		/* way or -1 */
	uint32_t *slot_of;	/* index slot of each way */
	uint32_t index_mask;
	int32_t *prev, *next;	/* LRU circle, head = most recent */
	int32_t head;
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

/* Look up without inserting or touching the replacement state. */
int tlbcache_probe(const struct tlbcache *c, uint64_t key);

/* The PLRU and wide fully associative cases of tlbcache_access(). */
int tlbcache_access_other(struct tlbcache *c, uint64_t key);

/*
 * LRU set in recency order: the tag moves to the front, the ones before
 * it move back one; a miss pushes the last (least recent, or an empty
 * way) out.  Same contents as timestamps would give, with no victim scan
 * and no stamp array.  Selects instead of branches: where a tag hits is
 * random.  Returns 1 on a hit.
 */
static inline __attribute__((always_inline)) int
tlbcache_set_lru(uint64_t *t, unsigned ways, uint64_t tag)
{
	unsigned p = ways - 1;
	uint64_t prev = tag;
	int hit = 0;

#pragma GCC unroll 16
	for (unsigned i = 0; i < ways; i++) {
		int eq = t[i] == tag;

		p = eq ? i : p;
		hit |= eq;
	}
#pragma GCC unroll 16
	for (unsigned i = 0; i < ways; i++) {
		uint64_t cur = t[i];

		t[i] = i <= p ? prev : cur;
		prev = cur;
	}
	return hit;
}

/* Look key up; on a miss insert it (evicting the set's victim).
 * Returns 1 on a hit, 0 on a miss. */
static inline __attribute__((always_inline)) int
tlbcache_access(struct tlbcache *c, uint64_t key)
{
	uint64_t tag = key + 1, *t;
	int hit;

	/* Already the most recent: nothing changes (an absent cache's last
	 * is 0, which no key + 1 is). */
	if (tag == c->last)
		return 1;
	if (c->kind != TC_SETS)
		return tlbcache_access_other(c, key);
	c->last = tag;
	t = &c->tag[(key & c->set_mask) * c->ways];
	/* Constant ways for the common geometries: unrolled, no loops. */
	switch (c->ways) {
	case 4:
		hit = tlbcache_set_lru(t, 4, tag);
		break;
	case 8:
		hit = tlbcache_set_lru(t, 8, tag);
		break;
	default:
		hit = tlbcache_set_lru(t, c->ways, tag);
		break;
	}
	return hit;
}

#endif
