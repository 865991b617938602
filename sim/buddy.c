/* buddy.c - zone-sized buddy allocator with migrate types; see buddy.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bitset.h"
#include "buddy.h"
#include "rng.h"
#include "strbuf.h"

#define PB_PAGES	(1u << BUDDY_PB_ORDER)
#define MAX_ORDER	(BUDDY_ORDERS - 1)

const char *const buddy_mt_names[MT_COUNT] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* mm/page_alloc.c fallbacks[]: where each type steals from, in order. */
static const unsigned fallbacks[BUDDY_ALLOC_TYPES][2] = {
	[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
	[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
	[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
};

struct buddy_sim {
	uint64_t pages, npb;
	uint64_t *freemap[BUDDY_ORDERS];	/* bit: free block head */
	uint64_t *allocmap[BUDDY_ORDERS];	/* bit: allocated head */
	uint64_t *atype;			/* 2 bits/page: head's type */
	uint8_t *pbtype;			/* migrate type per pageblock */
	uint16_t *pbcnt[BUDDY_ORDERS];		/* free blocks per pageblock */
	uint16_t *pbmov;			/* allocated movable pages */
	struct bitset has[BUDDY_ORDERS][MT_COUNT];
	uint64_t hint[BUDDY_ORDERS][MT_COUNT];
	uint64_t nfree[BUDDY_ORDERS][MT_COUNT];
	uint64_t free_pages, steals, claims, bytes;
	uint64_t rng;
};

static inline int bit(const uint64_t *map, uint64_t i)
{
	return (map[i >> 6] >> (i & 63)) & 1;
}

static inline void bit_set(uint64_t *map, uint64_t i)
{
	map[i >> 6] |= 1ull << (i & 63);
}

static inline void bit_clear(uint64_t *map, uint64_t i)
{
	map[i >> 6] &= ~(1ull << (i & 63));
}

/*
 * The bitmaps of a big zone are hundreds of MB read at random: on 4K
 * pages nearly every lookup misses the TLB (in a VM, a two-dimensional
 * walk: this lab's own subject).  Ask for THP where the system leaves it
 * to madvise; a large calloc is fresh mmap'ed memory not yet touched, so
 * its 2M-aligned interior faults in as huge pages.  A hint: errors
 * (THP off) change nothing.
 */
static void hugepage_hint(void *p, uint64_t bytes)
{
	const uintptr_t huge = 2u << 20;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1),
		  end = ((uintptr_t)p + bytes) & ~(huge - 1);

	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

static void *zalloc(struct buddy_sim *b, uint64_t bytes)
{
	void *p = calloc(1, bytes ? bytes : 1);

	if (p) {
		b->bytes += bytes;
		hugepage_hint(p, bytes);
	}
	return p;
}

/* First pageblock of the pageblock span a block at pfn covers. */
static inline uint64_t pb_of(uint64_t pfn)
{
	return pfn >> BUDDY_PB_ORDER;
}

static void add_free(struct buddy_sim *b, uint64_t pfn, unsigned order)
{
	uint64_t pb = pb_of(pfn);
	unsigned t = b->pbtype[pb];

	bit_set(b->freemap[order], pfn >> order);
	if (b->pbcnt[order][pb]++ == 0)
		bitset_set(&b->has[order][t], pb);
	b->nfree[order][t]++;
	b->free_pages += 1ull << order;
	b->hint[order][t] = pb;
}

static void del_free(struct buddy_sim *b, uint64_t pfn, unsigned order)
{
	uint64_t pb = pb_of(pfn);
	unsigned t = b->pbtype[pb];

	bit_clear(b->freemap[order], pfn >> order);
	if (--b->pbcnt[order][pb] == 0)
		bitset_clear(&b->has[order][t], pb);
	b->nfree[order][t]--;
	b->free_pages -= 1ull << order;
}

/* Re-type one pageblock, moving its free-block bookkeeping along. */
static void set_pbtype(struct buddy_sim *b, uint64_t pb, unsigned t)
{
	unsigned old = b->pbtype[pb];

	if (old == t)
		return;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
		uint16_t n = b->pbcnt[o][pb];

		if (!n)
			continue;
		bitset_clear(&b->has[o][old], pb);
		bitset_set(&b->has[o][t], pb);
		b->nfree[o][old] -= n;
		b->nfree[o][t] += n;
	}
	b->pbtype[pb] = (uint8_t)t;
	b->claims++;
}

/* A free block of this order in pageblock pb (which has one). */
static uint64_t block_in_pb(const struct buddy_sim *b, uint64_t pb,
			    unsigned order)
{
	uint64_t first, n, w, word;

	if (order >= BUDDY_PB_ORDER)
		return pb << BUDDY_PB_ORDER;
	first = pb << (BUDDY_PB_ORDER - order);	/* block index */
	n = 1ull << (BUDDY_PB_ORDER - order);
	for (w = first >> 6; w <= (first + n - 1) >> 6; w++) {
		word = b->freemap[order][w];
		if (n < 64)
			word &= ((1ull << n) - 1) << (first & 63);
		if (word)
			return (w * 64 + (uint64_t)__builtin_ctzll(word))
			       << order;
	}
	return UINT64_MAX;	/* counts say there is one: not reached */
}

/* Pageblock with a free block of (order, type): the hint, else random. */
static int64_t find_pb(struct buddy_sim *b, unsigned order, unsigned t)
{
	uint64_t h = b->hint[order][t];

	if (!b->nfree[order][t])
		return -1;
	if (h < b->npb && bitset_test(&b->has[order][t], h))
		return (int64_t)h;
	return bitset_next_wrap(&b->has[order][t], rng_below(&b->rng, b->npb));
}

static void set_atype(struct buddy_sim *b, uint64_t pfn, unsigned t)
{
	uint64_t *w = &b->atype[pfn >> 5];
	unsigned shift = (unsigned)(pfn & 31) * 2;

	*w = (*w & ~(3ull << shift)) | ((uint64_t)t << shift);
}

static unsigned get_atype(const struct buddy_sim *b, uint64_t pfn)
{
	return (unsigned)(b->atype[pfn >> 5] >> ((pfn & 31) * 2)) & 3;
}

static void account_movable(struct buddy_sim *b, uint64_t pfn, unsigned order,
			    int sign)
{
	uint64_t pages = 1ull << order;

	for (uint64_t pb = pb_of(pfn); pages; pb++) {
		uint64_t n = pages < PB_PAGES ? pages : PB_PAGES;

		b->pbmov[pb] = (uint16_t)(b->pbmov[pb] + sign * (int)n);
		pages -= n;
	}
}

/* Take the free block at pfn of order cur, split it down to order,
 * record the allocation. */
static uint64_t take(struct buddy_sim *b, uint64_t pfn, unsigned cur,
		     unsigned order, unsigned type)
{
	del_free(b, pfn, cur);
	while (cur > order) {
		cur--;
		add_free(b, pfn + (1ull << cur), cur);	/* expand() */
	}
	bit_set(b->allocmap[order], pfn >> order);
	set_atype(b, pfn, type);
	if (type == MT_MOVABLE)
		account_movable(b, pfn, order, 1);
	return pfn;
}

/* Free pages in a pageblock, from its per-order counts. */
static uint64_t pb_free_pages(const struct buddy_sim *b, uint64_t pb)
{
	uint64_t n = 0;

	for (unsigned o = 0; o < BUDDY_PB_ORDER; o++)
		n += (uint64_t)b->pbcnt[o][pb] << o;
	if (b->pbcnt[BUDDY_PB_ORDER][pb])
		n += PB_PAGES;
	return n;
}

/* can_steal_fallback() */
static int can_steal(unsigned order, unsigned start)
{
	return order >= BUDDY_PB_ORDER / 2 || start == MT_RECLAIMABLE ||
	       start == MT_UNMOVABLE;
}

/* __rmqueue_fallback() and steal_suitable_fallback(), see buddy.h. */
static int64_t alloc_fallback(struct buddy_sim *b, unsigned order,
			      unsigned type)
{
	int cur, found = -1;
	unsigned ft = 0, i;
	int64_t pb;
	uint64_t pfn;

	for (cur = MAX_ORDER; cur >= (int)order && found < 0; cur--)
		for (i = 0; i < 2; i++)
			if (b->nfree[cur][fallbacks[type][i]]) {
				found = cur;
				ft = fallbacks[type][i];
				break;
			}
	if (found < 0)
		return -ENOMEM;
	if (!can_steal((unsigned)found, type) && type == MT_MOVABLE &&
	    found > (int)order) {
		/* Steal the smallest instead: a movable fallback that cannot
		 * claim the block should not break up a large one. */
		for (cur = (int)order, found = -1; cur <= MAX_ORDER &&
		     found < 0; cur++)
			for (i = 0; i < 2; i++)
				if (b->nfree[cur][fallbacks[type][i]]) {
					found = cur;
					ft = fallbacks[type][i];
					break;
				}
	}
	pb = find_pb(b, (unsigned)found, ft);
	pfn = block_in_pb(b, (uint64_t)pb, (unsigned)found);
	b->steals++;
	if (found >= BUDDY_PB_ORDER) {
		for (uint64_t p = pb_of(pfn); p < pb_of(pfn) +
		     (1ull << (found - BUDDY_PB_ORDER)); p++)
			set_pbtype(b, p, type);
	} else if (can_steal((unsigned)found, type)) {
		uint64_t freep = pb_free_pages(b, (uint64_t)pb);
		uint64_t mov = b->pbmov[pb], alike = 0;

		if (type == MT_MOVABLE)
			alike = mov;
		else if (ft == MT_MOVABLE)
			alike = PB_PAGES - (freep + mov);
		if (freep + alike >= PB_PAGES / 2)
			set_pbtype(b, (uint64_t)pb, type);
	}
	return (int64_t)take(b, pfn, (unsigned)found, order, type);
}

int64_t buddy_alloc(struct buddy_sim *b, unsigned order, unsigned type)
{
	if (order > MAX_ORDER || type >= BUDDY_ALLOC_TYPES)
		return -EINVAL;
	/* __rmqueue_smallest() */
	for (unsigned cur = order; cur <= MAX_ORDER; cur++) {
		int64_t pb = find_pb(b, cur, type);

		if (pb >= 0)
			return (int64_t)take(b, block_in_pb(b, (uint64_t)pb,
							     cur),
					     cur, order, type);
	}
	return alloc_fallback(b, order, type);
}

static void free_block(struct buddy_sim *b, uint64_t pfn, unsigned order)
{
	bit_clear(b->allocmap[order], pfn >> order);
	if (get_atype(b, pfn) == MT_MOVABLE)
		account_movable(b, pfn, order, -1);
	/* __free_one_page(): merge while the buddy is a free block of the
	 * same order (all the simulated types are mergeable). */
	while (order < MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ull << order);

		if (buddy >= b->pages || !bit(b->freemap[order], buddy >> order))
			break;
		del_free(b, buddy, order);
		pfn &= buddy;
		order++;
	}
	add_free(b, pfn, order);
}

int buddy_free(struct buddy_sim *b, uint64_t pfn)
{
	if (pfn >= b->pages)
		return -EINVAL;
	for (unsigned o = 0; o <= MAX_ORDER; o++) {
		if (pfn & ((1ull << o) - 1))
			break;
		if (bit(b->allocmap[o], pfn >> o)) {
			free_block(b, pfn, o);
			return 0;
		}
	}
	return -EINVAL;
}

int buddy_free_random(struct buddy_sim *b)
{
	for (int tries = 0; tries < 4096; tries++) {
		uint64_t pfn = rng_below(&b->rng, b->pages);

		for (unsigned o = 0; o <= MAX_ORDER; o++) {
			uint64_t head = pfn & ~((1ull << o) - 1);

			if (bit(b->allocmap[o], head >> o)) {
				free_block(b, head, o);
				return 0;
			}
		}
	}
	return -ENOENT;
}

static int alloc_state(uint64_t pages, uint64_t seed, struct buddy_sim **out)
{
	struct buddy_sim *b;

	*out = NULL;
	if (!pages || pages % (1u << MAX_ORDER) || pages > (1ull << 40))
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->bytes = sizeof(*b);
	b->pages = pages;
	b->npb = pages / PB_PAGES;
	b->rng = seed;
	b->atype = zalloc(b, (pages + 31) / 32 * 8);
	b->pbtype = zalloc(b, b->npb);
	b->pbmov = zalloc(b, b->npb * 2);
	if (!b->atype || !b->pbtype || !b->pbmov)
		goto nomem;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
		uint64_t words = ((pages >> o) + 63) / 64;

		b->freemap[o] = zalloc(b, words * 8);
		b->allocmap[o] = zalloc(b, words * 8);
		b->pbcnt[o] = zalloc(b, b->npb * 2);
		if (!b->freemap[o] || !b->allocmap[o] || !b->pbcnt[o])
			goto nomem;
		for (unsigned t = 0; t < MT_COUNT; t++) {
			if (bitset_init(&b->has[o][t], b->npb))
				goto nomem;
			b->bytes += bitset_bytes(&b->has[o][t]);
		}
	}
	memset(b->pbtype, MT_MOVABLE, b->npb);
	*out = b;
	return 0;
nomem:
	buddy_destroy(b);
	return -ENOMEM;
}

int buddy_create(uint64_t pages, uint64_t seed, struct buddy_sim **out)
{
	int rc = alloc_state(pages, seed, out);

	if (rc)
		return rc;
	for (uint64_t pfn = 0; pfn < pages; pfn += 1u << MAX_ORDER)
		add_free(*out, pfn, MAX_ORDER);
	return 0;
}

/* Mark [pfn, pfn + 2^order) as one allocated block (no free state). */
static void mark_alloc(struct buddy_sim *b, uint64_t pfn, unsigned order,
		       unsigned type)
{
	bit_set(b->allocmap[order], pfn >> order);
	set_atype(b, pfn, type);
	if (type == MT_MOVABLE)
		account_movable(b, pfn, order, 1);
}

/* Allocate [pfn, end) as blocks of at most used_order, aligned. */
static void fill_used(struct buddy_sim *b, uint64_t pfn, uint64_t end,
		      unsigned used_order, unsigned type)
{
	while (pfn < end) {
		unsigned o = used_order;

		while (o && ((pfn & ((1ull << o) - 1)) ||
			     pfn + (1ull << o) > end))
			o--;
		mark_alloc(b, pfn, o, type);
		pfn += 1ull << o;
	}
}

/* Allocated chunks of one type that free blocks can still be carved
 * from: a stack of pfns per order. */
struct chunks {
	uint64_t *pfn[BUDDY_ORDERS];
	size_t n[BUDDY_ORDERS], cap[BUDDY_ORDERS];
};

static int chunk_push(struct chunks *c, unsigned order, uint64_t pfn)
{
	if (c->n[order] == c->cap[order]) {
		size_t cap = c->cap[order] ? c->cap[order] * 2 : 64;
		uint64_t *g = realloc(c->pfn[order], cap * sizeof(*g));

		if (!g)
			return -ENOMEM;
		c->pfn[order] = g;
		c->cap[order] = cap;
	}
	c->pfn[order][c->n[order]++] = pfn;
	return 0;
}

static void chunks_free(struct chunks *c)
{
	for (unsigned o = 0; o < BUDDY_ORDERS; o++)
		free(c->pfn[o]);
	memset(c, 0, sizeof(*c));
}

/*
 * Place one type's free blocks, largest first.  A free block of order k
 * is carved from the smallest allocated chunk of order > k: the chunk is
 * halved down to order k + 1, the right halves staying allocated chunks,
 * then the left half of that is the free block and the right half (its
 * buddy) an allocated chunk of order k.  A free block's buddy is thus
 * never a free block of its order: nothing merges, and small blocks pack
 * into few pageblocks.  New 1024-page regions come from *region; with b
 * NULL this only counts them.  Leftover chunks are allocated in the end.
 */
static int place_type(struct buddy_sim *b, const uint64_t *free,
		      unsigned type, unsigned used_order, uint64_t *region)
{
	struct chunks c;
	unsigned at = type < BUDDY_ALLOC_TYPES ? type : MT_MOVABLE;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	for (int k = MAX_ORDER; k >= 0 && !rc; k--) {
		for (uint64_t i = 0; i < free[k] && !rc; i++) {
			uint64_t pfn;
			unsigned j = (unsigned)k + 1;

			while (j <= MAX_ORDER && !c.n[j])
				j++;
			if (k == MAX_ORDER || j > MAX_ORDER) {
				pfn = (*region)++ << MAX_ORDER;
				if (b) {
					b->pbtype[pb_of(pfn)] = (uint8_t)type;
					b->pbtype[pb_of(pfn) + 1] = (uint8_t)type;
				}
				if (k == MAX_ORDER) {
					if (b)
						add_free(b, pfn, MAX_ORDER);
					continue;
				}
				j = MAX_ORDER;
			} else {
				pfn = c.pfn[j][--c.n[j]];
			}
			for (unsigned o = j; o > (unsigned)k + 1 && !rc; o--)
				rc = chunk_push(&c, o - 1, pfn + (1ull << (o - 1)));
			if (!rc)
				rc = chunk_push(&c, (unsigned)k, pfn + (1ull << k));
			if (b)
				add_free(b, pfn, (unsigned)k);
		}
	}
	for (unsigned o = 0; o <= MAX_ORDER && b && !rc; o++)
		for (size_t i = 0; i < c.n[o]; i++)
			fill_used(b, c.pfn[o][i], c.pfn[o][i] + (1ull << o),
				  used_order < o ? used_order : o, at);
	chunks_free(&c);
	return rc;
}

int buddy_create_from_free(uint64_t pages,
			   const uint64_t free[MT_COUNT][BUDDY_ORDERS],
			   const uint64_t *blocks, unsigned used_order,
			   uint64_t seed, struct buddy_sim **out)
{
	const uint64_t region = 1u << MAX_ORDER;
	uint64_t need = 0, next = 0, typed[MT_COUNT] = { 0 };
	struct buddy_sim *b;
	int rc;

	*out = NULL;
	if (used_order > MAX_ORDER)
		return -EINVAL;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
		uint64_t sum = 0;

		for (unsigned t = 0; t < MT_COUNT; t++)
			sum += free[t][o];
		if (sum > (1ull << 40) >> o)
			return -E2BIG;
	}
	for (unsigned t = 0; t < MT_COUNT; t++) {
		uint64_t before = need;

		rc = place_type(NULL, free[t], t, used_order, &need);
		if (rc)
			return rc;
		typed[t] = (need - before) * 2;
	}
	if (!pages)
		pages = need ? need * region : region;
	if (need * region > pages)
		return -E2BIG;
	rc = alloc_state(pages, seed, out);
	if (rc)
		return rc;
	b = *out;
	for (unsigned t = 0; t < MT_COUNT && !rc; t++)
		rc = place_type(b, free[t], t, used_order, &next);
	if (rc) {
		buddy_destroy(b);
		*out = NULL;
		return rc;
	}
	/* Give the remaining pageblocks types so the per-type pageblock
	 * counts approach blocks[], then allocate them. */
	for (uint64_t pb = next * 2; pb < b->npb; pb++) {
		unsigned t = MT_MOVABLE;

		if (blocks)
			for (unsigned k = 0; k < MT_COUNT; k++)
				if (typed[k] < blocks[k]) {
					t = k;
					break;
				}
		b->pbtype[pb] = (uint8_t)t;
		typed[t]++;
		fill_used(b, pb << BUDDY_PB_ORDER,
			  (pb + 1) << BUDDY_PB_ORDER,
			  used_order > BUDDY_PB_ORDER ? BUDDY_PB_ORDER
						      : used_order,
			  t < BUDDY_ALLOC_TYPES ? t : MT_MOVABLE);
	}
	return 0;
}

void buddy_destroy(struct buddy_sim *b)
{
	if (!b)
		return;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
		free(b->freemap[o]);
		free(b->allocmap[o]);
		free(b->pbcnt[o]);
		for (unsigned t = 0; t < MT_COUNT; t++)
			bitset_free(&b->has[o][t]);
	}
	free(b->atype);
	free(b->pbtype);
	free(b->pbmov);
	free(b);
}

void buddy_stats(const struct buddy_sim *b, struct buddy_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->pages = b->pages;
	s->free_pages = b->free_pages;
	for (unsigned o = 0; o < BUDDY_ORDERS; o++)
		for (unsigned t = 0; t < MT_COUNT; t++)
			s->nfree[t][o] = b->nfree[o][t];
	for (uint64_t pb = 0; pb < b->npb; pb++)
		s->blocks[b->pbtype[pb]]++;
	s->steals = b->steals;
	s->claims = b->claims;
	s->bytes = b->bytes;
}

uint64_t buddy_pages(const struct buddy_sim *b)
{
	return b->pages;
}

uint64_t buddy_free_pages(const struct buddy_sim *b)
{
	return b->free_pages;
}

void buddy_free_per_order(const struct buddy_stats *s,
			  uint64_t out[BUDDY_ORDERS])
{
	for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
		out[o] = 0;
		for (unsigned t = 0; t < MT_COUNT; t++)
			out[o] += s->nfree[t][o];
	}
}

/* frag_show_print() */
size_t buddy_format_buddyinfo(const struct buddy_stats *s, int node,
			      const char *zone, char *buf, size_t len)
{
	struct strbuf o;
	uint64_t per[BUDDY_ORDERS];

	strbuf_init(&o, buf, len);
	buddy_free_per_order(s, per);
	strbuf_printf(&o, "Node %d, zone %8s ", node, zone);
	for (unsigned i = 0; i < BUDDY_ORDERS; i++)
		strbuf_printf(&o, "%6lu ", (unsigned long)per[i]);
	strbuf_printf(&o, "\n");
	return o.used;
}

/* pagetypeinfo_show(): showfree and showblockcount for one zone. */
size_t buddy_format_pagetypeinfo(const struct buddy_stats *s, int node,
				 const char *zone, char *buf, size_t len)
{
	struct strbuf o;

	strbuf_init(&o, buf, len);
	strbuf_printf(&o, "Page block order: %d\n", BUDDY_PB_ORDER);
	strbuf_printf(&o, "Pages per block:  %lu\n", (unsigned long)PB_PAGES);
	strbuf_printf(&o, "\n");
	strbuf_printf(&o, "%-43s ", "Free pages count per migrate type at order");
	for (int i = 0; i < BUDDY_ORDERS; i++)
		strbuf_printf(&o, "%6d ", i);
	strbuf_printf(&o, "\n");
	for (unsigned t = 0; t < MT_COUNT; t++) {
		strbuf_printf(&o, "Node %4d, zone %8s, type %12s ", node, zone,
		    buddy_mt_names[t]);
		for (unsigned i = 0; i < BUDDY_ORDERS; i++) {
			uint64_t n = s->nfree[t][i];
			/* The kernel stops counting a list at 100000. */
			int capped = n >= PTI_CAP;

			strbuf_printf(&o, "%s%6lu ", capped ? ">" : "",
			    (unsigned long)(capped ? PTI_CAP : n));
		}
		strbuf_printf(&o, "\n");
	}
	strbuf_printf(&o, "\n%-23s", "Number of blocks type ");
	for (unsigned t = 0; t < MT_COUNT; t++)
		strbuf_printf(&o, "%12s ", buddy_mt_names[t]);
	strbuf_printf(&o, "\n");
	strbuf_printf(&o, "Node %d, zone %8s ", node, zone);
	for (unsigned t = 0; t < MT_COUNT; t++)
		strbuf_printf(&o, "%12lu ", (unsigned long)s->blocks[t]);
	strbuf_printf(&o, "\n");
	return o.used;
}
