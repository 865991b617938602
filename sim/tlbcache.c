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

/* Wide fully associative caches: cuckoo index + LRU list (tlbcache.h
 * has the LRU access path). */
#define fa_h1 tlbcache_fa_h1
#define fa_h2 tlbcache_fa_h2

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

/* Put way w (its tag set) in index slot slot, kicking residents to
 * their other slot.  In the very rare case 32 kicks do not settle, the
 * last one is dropped from the cache (its way emptied). */
void tlbcache_fa_kick(struct tlbcache *c, int32_t w, uint32_t slot)
{
	int32_t *index = c->index;
	uint64_t *tag = c->tag;

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

/* The fully associative PLRU case: the tree over the ways picks the
 * victim. */
static int fa_plru_access(struct tlbcache *c, uint64_t tag)
{
	uint64_t *tags = c->tag;
	uint32_t h1 = fa_h1(c, tag), h2 = fa_h2(c, tag);
	int32_t w = fa_find(c, tag);
	int hit = w >= 0;

	c->last = tag;
	if (!hit) {
		w = (int32_t)plru_victim(c->tree[0], c->ways);
		if (tags[w])
			c->index[c->slot_of[w]] = -1;
		tags[w] = tag;
		tlbcache_fa_kick(c, w, c->index[h1] >= 0 ? h2 : h1);
	}
	plru_touch(&c->tree[0], c->ways, (unsigned)w);
	return hit;
}

/* LRU sets: way i in position i (empty ways go first, any order). */
static void reset_orders(struct tlbcache *c)
{
	uint64_t o = 0;

	if (c->kind != TC_SETS || c->ways > 16)
		return;
	for (unsigned i = 0; i < c->ways; i++)
		o |= (uint64_t)i << (4 * i);
	for (unsigned s = 0; s < c->sets; s++)
		c->tree[s] = o;
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

		c->kind = repl == REPL_PLRU ? TC_FA_PLRU : TC_FA;
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
	reset_orders(c);
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
	reset_orders(c);
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

/* PLRU sets (fixed ways, victim from the tree), wide fully associative
 * caches and LRU sets of more than 16 ways. */
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
		return tlbcache_fa_lru(c, tag);
	if (c->kind == TC_FA_PLRU)
		return fa_plru_access(c, tag);
	set = key & c->set_mask;
	t = &c->tag[set * c->ways];
	w = find(c, t, tag);
	victim = w < 0 ? plru_victim(c->tree[set], c->ways) : (unsigned)w;
	t[victim] = tag;
	plru_touch(&c->tree[set], c->ways, victim);
	c->last = tag;
	return w >= 0;
}

/* LRU sets of more than 16 ways: tags in recency order, most recent
 * first. */
int tlbcache_set_lru_wide(uint64_t *t, unsigned ways, uint64_t tag)
{
	unsigned p = 0;
	int hit;

	while (p < ways && t[p] != tag)
		p++;
	hit = p < ways;
	if (!hit)
		p = ways - 1;
	memmove(&t[1], &t[0], p * sizeof(*t));
	t[0] = tag;
	return hit;
}

int tlbcache_probe(const struct tlbcache *c, uint64_t key)
{
	if (!c->ways)
		return 0;
	if (c->index)
		return fa_find(c, key + 1) >= 0;
	return find(c, &c->tag[(key & c->set_mask) * c->ways], key + 1) >= 0;
}
