/* tlbcache.c - set-associative cache with LRU / tree-PLRU; see
 * tlbcache.h (which holds the LRU sets' inline path).  The inner loop of
 * the TLB model: keep it branch-light. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tlbcache.h"

static int pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

/* Tree PLRU over ways leaves: node bits point away from the most recent
 * use; the victim is found by following them. */
static void plru_touch(uint64_t *tree, unsigned ways, unsigned way)
{
	unsigned node = 1;

	for (unsigned span = ways / 2; span; span /= 2) {
		unsigned right = (way & span) != 0;

		if (right)
			*tree &= ~(1ull << node);	/* point left */
		else
			*tree |= 1ull << node;		/* point right */
		node = node * 2 + right;
	}
}

static unsigned plru_victim(uint64_t tree, unsigned ways)
{
	unsigned node = 1, way = 0;

	for (unsigned span = ways / 2; span; span /= 2) {
		unsigned right = (tree >> node) & 1;

		way |= right ? span : 0;
		node = node * 2 + right;
	}
	return way;
}

/* Wide fully associative caches: cuckoo index + LRU list. */
static inline uint32_t fa_h1(const struct tlbcache *c, uint64_t tag)
{
	return (uint32_t)((tag * 0x9e3779b97f4a7c15ull) >> 40) & c->index_mask;
}

static inline uint32_t fa_h2(const struct tlbcache *c, uint64_t tag)
{
	return (uint32_t)((tag * 0xc2b2ae3d27d4eb4full) >> 40) & c->index_mask;
}

static void fa_reset(struct tlbcache *c)
{
	memset(c->index, 0xff, (c->index_mask + 1) * sizeof(*c->index));
	for (unsigned w = 0; w < c->ways; w++) {
		c->prev[w] = (int32_t)((w + c->ways - 1) % c->ways);
		c->next[w] = (int32_t)((w + 1) % c->ways);
	}
	c->head = 0;
}

static inline int32_t fa_find(const struct tlbcache *c, uint64_t tag)
{
	int32_t a = c->index[fa_h1(c, tag)], b = c->index[fa_h2(c, tag)];

	if (a >= 0 && c->tag[a] == tag)
		return a;
	if (b >= 0 && c->tag[b] == tag)
		return b;
	return -1;
}

/* Insert way w (its tag set, first slot to try h1, then h2); kicks
 * residents to their other slot.  In the very rare case 32 kicks do not
 * settle, the last one is dropped from the cache (its way emptied). */
static void fa_insert(struct tlbcache *c, int32_t w, uint32_t h1,
		      uint32_t h2)
{
	int32_t *index = c->index;
	uint64_t *tag = c->tag;
	uint32_t slot = index[h1] >= 0 ? h2 : h1;

	for (int kicks = 0; kicks < 32; kicks++) {
		int32_t out = index[slot];

		index[slot] = w;
		c->slot_of[w] = slot;
		if (out < 0)
			return;
		w = out;
		slot = fa_h1(c, tag[w]) == slot ? fa_h2(c, tag[w])
						: fa_h1(c, tag[w]);
	}
	tag[w] = 0;
}

/*
 * The LRU list is a circle, head = most recent, prev[head] = least: a
 * miss reuses the least recent way and makes it the head by moving the
 * head back one, with no unlinking.  A hit elsewhere moves its way in
 * front of the head.
 */
static void fa_to_head(struct tlbcache *c, int32_t w)
{
	int32_t *prev = c->prev, *next = c->next, h = c->head, t;

	if (h == w)
		return;
	next[prev[w]] = next[w];
	prev[next[w]] = prev[w];
	t = prev[h];
	next[t] = w;
	prev[w] = t;
	next[w] = h;
	prev[h] = w;
	c->head = w;
}

static int fa_access(struct tlbcache *c, uint64_t tag)
{
	uint64_t *tags = c->tag;
	uint32_t h1 = fa_h1(c, tag), h2 = fa_h2(c, tag);
	int32_t a = c->index[h1], b = c->index[h2], w;

	if (a >= 0 && tags[a] == tag)
		w = a;
	else if (b >= 0 && tags[b] == tag)
		w = b;
	else
		w = -1;
	c->last = tag;
	if (c->repl == REPL_PLRU) {
		int hit = w >= 0;

		if (!hit) {
			w = (int32_t)plru_victim(c->tree[0], c->ways);
			if (tags[w])
				c->index[c->slot_of[w]] = -1;
			tags[w] = tag;
			fa_insert(c, w, h1, h2);
		}
		plru_touch(&c->tree[0], c->ways, (unsigned)w);
		return hit;
	}
	if (w >= 0) {
		fa_to_head(c, w);
		return 1;
	}
	w = c->prev[c->head];	/* least recent */
	if (tags[w])
		c->index[c->slot_of[w]] = -1;
	tags[w] = tag;
	fa_insert(c, w, h1, h2);
	c->head = w;
	return 0;
}

int tlbcache_init(struct tlbcache *c, unsigned entries, unsigned ways,
		  enum tlb_repl repl)
{
	memset(c, 0, sizeof(*c));
	c->repl = repl;
	c->kind = TC_NONE;
	if (!entries)
		return 0;
	if (!ways || entries % ways || !pow2(entries / ways) ||
	    (repl == REPL_PLRU && (!pow2(ways) || ways > 64)))
		return -EINVAL;
	c->sets = entries / ways;
	c->ways = ways;
	c->set_mask = c->sets - 1;
	c->kind = repl == REPL_PLRU ? TC_PLRU : TC_SETS;
	c->tag = calloc(entries, sizeof(*c->tag));
	c->tree = calloc(c->sets, sizeof(*c->tree));
	if (!c->tag || !c->tree) {
		tlbcache_free(c);
		return -ENOMEM;
	}
	if (c->sets == 1 && ways > FA_SCAN) {
		unsigned size = 1;

		c->kind = TC_FA;
		while (size < 8 * ways)
			size *= 2;
		c->index_mask = size - 1;
		c->index = malloc(size * sizeof(*c->index));
		c->slot_of = malloc(ways * sizeof(*c->slot_of));
		c->prev = malloc(ways * sizeof(*c->prev));
		c->next = malloc(ways * sizeof(*c->next));
		if (!c->index || !c->slot_of || !c->prev || !c->next) {
			tlbcache_free(c);
			return -ENOMEM;
		}
		fa_reset(c);
	}
	return 0;
}

void tlbcache_free(struct tlbcache *c)
{
	free(c->index);
	free(c->slot_of);
	free(c->prev);
	free(c->next);
	free(c->tag);
	free(c->tree);
	memset(c, 0, sizeof(*c));
}

void tlbcache_flush(struct tlbcache *c)
{
	if (!c->ways)
		return;
	memset(c->tag, 0, (size_t)c->sets * c->ways * sizeof(*c->tag));
	memset(c->tree, 0, c->sets * sizeof(*c->tree));
	c->last = 0;
	if (c->index)
		fa_reset(c);
}

static int find(const struct tlbcache *c, const uint64_t *t, uint64_t tag)
{
	int hit = -1;

	/* No early exit: the compiler can vectorise the scan of a fully
	 * associative level. */
	for (unsigned w = 0; w < c->ways; w++)
		hit = t[w] == tag ? (int)w : hit;
	return hit;
}

/* PLRU sets (fixed ways, victim from the tree) and wide fully
 * associative caches. */
int tlbcache_access_other(struct tlbcache *c, uint64_t key)
{
	uint64_t tag = key + 1, set;
	uint64_t *t;
	unsigned victim;
	int w;

	if (c->kind == TC_NONE)
		return 0;
	if (tag == c->last)
		return 1;	/* already the most recent: nothing changes */
	if (c->kind == TC_FA)
		return fa_access(c, tag);
	set = key & c->set_mask;
	t = &c->tag[set * c->ways];
	w = find(c, t, tag);
	victim = w < 0 ? plru_victim(c->tree[set], c->ways) : (unsigned)w;
	t[victim] = tag;
	plru_touch(&c->tree[set], c->ways, victim);
	c->last = tag;
	return w >= 0;
}

int tlbcache_probe(const struct tlbcache *c, uint64_t key)
{
	if (!c->ways)
		return 0;
	if (c->index)
		return fa_find(c, key + 1) >= 0;
	return find(c, &c->tag[(key & c->set_mask) * c->ways], key + 1) >= 0;
}
