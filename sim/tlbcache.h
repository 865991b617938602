/*
 * tlbcache.h - one set-associative translation cache (a TLB level for one
 * page size, a page-walk cache, a nested TLB), LRU or tree pseudo-LRU.
 * Keys are page numbers; set = key mod sets (sets a power of two).
 *
 * tlbcache_access() is inline with its LRU paths (the TLB model's inner
 * loop calls it once or twice per access); PLRU, sets of more than 16
 * ways and the cuckoo index's kicks stay in tlbcache.c.
 */
#ifndef SIM_TLBCACHE_H
#define SIM_TLBCACHE_H

#include <stdint.h>

enum tlb_repl { REPL_LRU, REPL_PLRU };

/* How a cache is kept (chosen by tlbcache_init). */
enum tlbcache_kind {
	TC_NONE,	/* entries 0: every lookup misses */
	TC_SETS,	/* LRU sets, tlbcache_set_lru() */
	TC_PLRU,	/* PLRU: tags in fixed ways, a tree per set */
	TC_FA,		/* one wide set: cuckoo index + LRU circle */
	TC_FA_PLRU,	/* one wide set: cuckoo index + tree */
};

struct tlbcache {
	unsigned sets, ways;
	uint64_t set_mask;
	enum tlb_repl repl;
	enum tlbcache_kind kind;
	uint64_t *tag;		/* sets * ways; key + 1, 0 = empty */
	uint64_t *tree;		/* PLRU: ways - 1 bits per set; LRU of up
				 * to 16 ways: the set's recency order */
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

/* The PLRU and wide fully associative cases of tlbcache_access(), and
 * LRU sets of more than 16 ways (kept in recency order, MRU first). */
int tlbcache_access_other(struct tlbcache *c, uint64_t key);
int tlbcache_set_lru_wide(uint64_t *t, unsigned ways, uint64_t tag);
/* Cuckoo insert of way w from index slot on (moving residents). */
void tlbcache_fa_kick(struct tlbcache *c, int32_t w, uint32_t slot);

/* The cuckoo index's two slots for a tag. */
static inline uint32_t tlbcache_fa_h1(const struct tlbcache *c, uint64_t tag)
{
	return (uint32_t)((tag * 0x9e3779b97f4a7c15ull) >> 40) & c->index_mask;
}

static inline uint32_t tlbcache_fa_h2(const struct tlbcache *c, uint64_t tag)
{
	return (uint32_t)((tag * 0xc2b2ae3d27d4eb4full) >> 40) & c->index_mask;
}

/*
 * Wide fully associative LRU: the tag's way from one of its two index
 * slots.  The LRU list is a circle, head = most recent, prev[head] = the
 * least: a miss refills the least recent way and makes it the head by
 * moving the head back one, with no unlinking; a hit elsewhere moves its
 * way in front of the head.  A new tag goes to its first slot if free,
 * else to its second (tlbcache_fa_kick moves whoever is there).
 */
static inline __attribute__((always_inline)) int
tlbcache_fa_lru(struct tlbcache *c, uint64_t tag)
{
	uint64_t *tags = c->tag;
	int32_t *index = c->index, *prev = c->prev, *next = c->next;
	uint32_t h1 = tlbcache_fa_h1(c, tag), h2 = tlbcache_fa_h2(c, tag);
	int32_t a = index[h1], b = index[h2], h = c->head, w, n;
	int in_a = (a >= 0) & (tags[a < 0 ? 0 : a] == tag);
	int in_b = (b >= 0) & (tags[b < 0 ? 0 : b] == tag);
	uint32_t slot;

	c->last = tag;
	if (in_a | in_b) {
		w = in_a ? a : b;
		if (w != h) {
			n = next[w];
			next[prev[w]] = n;
			prev[n] = prev[w];
			prev[w] = prev[h];
			next[prev[h]] = w;
			next[w] = h;
			prev[h] = w;
			c->head = w;
		}
		return 1;
	}
	w = prev[h];
	if (tags[w])
		index[c->slot_of[w]] = -1;
	tags[w] = tag;
	c->head = w;
	slot = index[h1] >= 0 ? h2 : h1;
	if (index[slot] < 0) {
		index[slot] = w;
		c->slot_of[w] = slot;
	} else {
		tlbcache_fa_kick(c, w, slot);
	}
	return 0;
}

/*
 * LRU set of at most 16 ways: tags stay in their ways; the set's recency
 * order is a word of 4-bit way numbers, position 0 (low) the most recent.
 * A hit moves its way to position 0, the ones before it back one; a miss
 * refills the way in the last position (the least recent, or an empty
 * one: empty ways are never touched, so they stay at the back).  Same
 * contents as timestamps would give, with no victim scan.  No branches:
 * where a tag hits is random.  Returns 1 on a hit.
 */
static inline __attribute__((always_inline)) int
tlbcache_set_lru(uint64_t *t, uint64_t *order, unsigned ways, uint64_t tag)
{
	const uint64_t ones = 0x1111111111111111ull;
	uint64_t at = 0, o = *order, x, low, upto;
	unsigned w, p;

	/* Tags in a set are unique: at most one bit. */
#pragma GCC unroll 16
	for (unsigned i = 0; i < ways; i++)
		at |= (uint64_t)(t[i] == tag) << i;
	/* On a miss: the way in the last position. */
	w = at ? (unsigned)__builtin_ctzll(at)
	       : (unsigned)(o >> (4 * (ways - 1))) & 15;
	/* Its position: the lowest nibble of o equal to w. */
	x = o ^ (w * ones);
	p = (unsigned)__builtin_ctzll(((x - ones) & ~x & (ones << 3)) |
				      1ull << 63) / 4;
	low = (1ull << (4 * p)) - 1;		/* positions before p */
	upto = low << 4 | 15;			/* and p */
	*order = (o & ~upto) | (o & low) << 4 | w;
	t[w] = tag;
	return at != 0;
}

/* Look key up; on a miss insert it (evicting the set's victim).
 * Returns 1 on a hit, 0 on a miss. */
static inline __attribute__((always_inline)) int
tlbcache_access(struct tlbcache *c, uint64_t key)
{
	uint64_t tag = key + 1, set, *t;
	int hit;

	/* Already the most recent: nothing changes.  An absent cache's
	 * last stays 0, which key + 1 never is (keys are page numbers). */
	if (tag == c->last)
		return 1;
	if (c->kind == TC_FA)
		return tlbcache_fa_lru(c, tag);
	if (c->kind != TC_SETS)
		return tlbcache_access_other(c, key);
	c->last = tag;
	set = key & c->set_mask;
	t = &c->tag[set * c->ways];
	/* Constant ways for the common geometries: unrolled, no loops. */
	switch (c->ways) {
	case 4:
		hit = tlbcache_set_lru(t, &c->tree[set], 4, tag);
		break;
	case 8:
		hit = tlbcache_set_lru(t, &c->tree[set], 8, tag);
		break;
	default:
		hit = c->ways <= 16
		      ? tlbcache_set_lru(t, &c->tree[set], c->ways, tag)
		      : tlbcache_set_lru_wide(t, c->ways, tag);
		break;
	}
	return hit;
}

#endif
