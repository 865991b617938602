/*
 * buddyinfo.h - parse /proc/buddyinfo text.
 *
 * Each line is "Node N, zone NAME c0 c1 ... cK": the number of free blocks of
 * order 0..K in that zone (K = MAX_ORDER-1, 10 on x86_64).  A zone with no
 * free order-9 block cannot give a new VM's memory 2 MiB backing without
 * compaction: this is the host-side half of the fragmentation story
 * (article 004).  Used by the host probe and the buddy simulator.
 */
#ifndef TLB_BUDDYINFO_H
#define TLB_BUDDYINFO_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

#define BUDDY_MAX_ORDERS	16
#define BUDDY_MAX_ZONES		256
#define BUDDY_THP_ORDER		9	/* 2 MiB with 4 KiB base pages */

struct buddy_zone {
	int node;
	char zone[16];
	uint64_t free[BUDDY_MAX_ORDERS];	/* free blocks per order */
};

struct buddyinfo {
	unsigned norders;	/* columns per line, same on every line */
	unsigned nzones;
	struct buddy_zone zones[BUDDY_MAX_ZONES];
};

/*
 * buddyinfo_parse - parse len bytes of buddyinfo text into out.
 * Blank lines are skipped; any other line must be a zone line.  Returns 0,
 * or -1 with err naming the line and field (node, zone, order-N) when the
 * text is malformed, the order count differs between lines, there are more
 * than BUDDY_MAX_ZONES zones or BUDDY_MAX_ORDERS orders, or there is no
 * zone line at all.
 */
int buddyinfo_parse(const char *buf, size_t len, struct buddyinfo *out,
		    struct parse_error *err);

/* Free blocks of order >= min_order in one zone, counted in such blocks'
 * own units (an order-10 block counts as one). */
uint64_t buddy_zone_blocks_at_least(const struct buddy_zone *z,
				    unsigned norders, unsigned min_order);
/* Free 4 KiB pages held in blocks of order >= min_order, over all zones. */
uint64_t buddyinfo_pages_at_least(const struct buddyinfo *b,
				  unsigned min_order);
/* Free 4 KiB pages over all zones and orders. */
uint64_t buddyinfo_free_pages(const struct buddyinfo *b);

#endif
