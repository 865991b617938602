/*
 * buddy.h - a buddy allocator the size of a real host zone (1 TiB =
 * 268 M pages in under 256 MB), with migrate types and pageblocks, to
 * show how allocation/free workloads leave a host without order-9 blocks
 * (article 004: a new VM then gets 4 KiB backing).
 *
 * What it follows from mm/page_alloc.c: orders 0..10, pageblocks of order
 * 9 each with a migrate type; allocation takes the smallest free block of
 * the wanted type and splits it (expand()); free merges with free buddies
 * (__free_one_page()); when a type has nothing, __rmqueue_fallback()
 * steals the largest block of a fallback type (Unmovable -> Reclaimable,
 * Movable; Movable -> Reclaimable, Unmovable; Reclaimable -> Unmovable,
 * Movable) and claims its pageblock when the block is >= order 4 or the
 * request is not movable and at least half the pageblock is free or alike.
 * What it leaves out: per-CPU lists, watermarks and reserves, compaction,
 * reclaim, CMA, HighAtomic.  The kernel's free lists are LIFO; the model
 * keeps one bit per block and, per (order, type), a hint at the pageblock
 * last freed into or split, falling back to a random pageblock that has a
 * free block of that order: allocation stays local the way LIFO lists make
 * it, without the lists' memory.
 *
 * State per page: one free bit and one allocated-head bit per order
 * (2 x 2 bits), and two bits of migrate type of an allocated head:
 * about 0.75 byte per page.
 */
#ifndef SIM_BUDDY_H
#define SIM_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#include "pagetypeinfo.h"

#define BUDDY_ORDERS		11	/* NR_PAGE_ORDERS on x86_64 */
#define BUDDY_PB_ORDER		9	/* pageblock_order with 4 KiB pages */
#define BUDDY_ALLOC_TYPES	3	/* types allocations can ask for */

/* The kernel's migrate types, in its order (migratetype_names[]). */
enum buddy_mt {
	MT_UNMOVABLE,
	MT_MOVABLE,
	MT_RECLAIMABLE,
	MT_HIGHATOMIC,
	MT_ISOLATE,
	MT_COUNT,
};

extern const char *const buddy_mt_names[MT_COUNT];

struct buddy_sim;

/*
 * buddy_create - a zone of pages 4 KiB pages (a multiple of 1024), all
 * free as order-10 blocks in Movable pageblocks.  seed drives the random
 * choices.  Returns 0 or -EINVAL / -ENOMEM.
 */
int buddy_create(uint64_t pages, uint64_t seed, struct buddy_sim **out);
void buddy_destroy(struct buddy_sim *b);

/*
 * buddy_create_from_free - a zone of pages pages (0: the smallest that
 * fits) whose free blocks are exactly free[type][order], each type's free
 * blocks in pageblocks of that type (types < MT_COUNT; pass Movable only
 * for plain buddyinfo counts), packed so that no two free buddies meet
 * (each free block's buddy is allocated; about twice the free memory
 * below order 10).  Pageblocks holding no free block get types so that
 * the counts per type approach blocks[] (NULL: all Movable).  The rest of
 * the zone is allocated as blocks of at most used_order.  Returns 0,
 * -E2BIG when the free blocks do not fit in pages, or -ENOMEM.
 */
int buddy_create_from_free(uint64_t pages,
			   const uint64_t free[MT_COUNT][BUDDY_ORDERS],
			   const uint64_t *blocks, unsigned used_order,
			   uint64_t seed, struct buddy_sim **out);

/* Allocate 2^order pages for a type < BUDDY_ALLOC_TYPES: returns the pfn,
 * -ENOMEM, or -EINVAL for a bad order or type. */
int64_t buddy_alloc(struct buddy_sim *b, unsigned order, unsigned type);
/* Free the allocated block starting at pfn: 0, or -EINVAL if none does. */
int buddy_free(struct buddy_sim *b, uint64_t pfn);
/* Free the allocated block holding a random page: 0, or -ENOENT when
 * 4096 random probes found only free pages. */
int buddy_free_random(struct buddy_sim *b);

struct buddy_stats {
	uint64_t pages;
	uint64_t free_pages;
	uint64_t nfree[MT_COUNT][BUDDY_ORDERS];	/* free blocks */
	uint64_t blocks[MT_COUNT];		/* pageblocks per type */
	uint64_t steals;			/* fallback allocations */
	uint64_t claims;			/* pageblocks re-typed */
	uint64_t bytes;				/* model memory */
};

void buddy_stats(const struct buddy_sim *b, struct buddy_stats *s);
/* Cheap reads for workload loops (buddy_stats walks every pageblock). */
uint64_t buddy_pages(const struct buddy_sim *b);
uint64_t buddy_free_pages(const struct buddy_sim *b);
/* Free blocks per order summed over types. */
void buddy_free_per_order(const struct buddy_stats *s,
			  uint64_t out[BUDDY_ORDERS]);

/*
 * buddy_format_buddyinfo / buddy_format_pagetypeinfo - the zone as
 * /proc/buddyinfo or /proc/pagetypeinfo would print it (node and zone name
 * given), in the kernel's layout.  snprintf-like return.
 */
size_t buddy_format_buddyinfo(const struct buddy_stats *s, int node,
			      const char *zone, char *buf, size_t len);
size_t buddy_format_pagetypeinfo(const struct buddy_stats *s, int node,
				 const char *zone, char *buf, size_t len);

#endif
