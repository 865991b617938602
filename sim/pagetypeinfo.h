/*
 * pagetypeinfo.h - parse /proc/pagetypeinfo text (mm/vmstat.c,
 * pagetypeinfo_show()).
 *
 * Per node: "Page block order: N", "Pages per block: 2^N", the free-block
 * table "Node N, zone Z, type T c0 c1 ..." per migrate type, then "Number
 * of blocks type T1 T2 ..." and one "Node N, zone Z b1 b2 ..." line per
 * zone, and optionally "Number of mixed blocks" (CONFIG_PAGE_OWNER).  The
 * kernel stops counting a free list at 100,000 entries and prints
 * ">100000": such a count is kept as 100000 with its capped flag set, so
 * totals from it are lower bounds.  Migrate type names are taken from the
 * text (they differ between kernels: CMA, Reserve, ...).
 */
#ifndef SIM_PAGETYPEINFO_H
#define SIM_PAGETYPEINFO_H

#include <stddef.h>
#include <stdint.h>

#include "buddyinfo.h"
#include "parse_error.h"

#define PTI_MAX_TYPES	8
#define PTI_CAP		100000	/* the kernel's count limit per list */

struct pti_zone {
	int node;
	char zone[16];
	uint64_t free[PTI_MAX_TYPES][BUDDY_MAX_ORDERS];
	uint8_t capped[PTI_MAX_TYPES][BUDDY_MAX_ORDERS];
	int has_free;		/* free-block rows seen */
	int has_blocks;		/* "Number of blocks" row seen */
	uint64_t blocks[PTI_MAX_TYPES];	/* pageblocks per migrate type */
};

struct pagetypeinfo {
	unsigned pageblock_order;
	unsigned norders;
	unsigned ntypes;
	char type[PTI_MAX_TYPES][16];
	unsigned nzones;
	struct pti_zone zones[BUDDY_MAX_ZONES];
};

/*
 * pagetypeinfo_parse - parse len bytes into out (about 300 KB: allocate
 * it).  Returns 0, or -1 with err naming the line and field when a line is
 * not one of the forms above, a count is not a number, the order columns
 * or pageblock order differ between nodes, there are more than
 * PTI_MAX_TYPES types or BUDDY_MAX_ZONES zones, or no zone at all.
 */
int pagetypeinfo_parse(const char *buf, size_t len, struct pagetypeinfo *out,
		       struct parse_error *err);

/* Index of a migrate type name, or -1. */
int pti_type_index(const struct pagetypeinfo *p, const char *name);
/* Free blocks of one order in a zone over all types (lower bound when a
 * count was capped; *capped set to 1 then, if capped is not NULL). */
uint64_t pti_zone_free(const struct pti_zone *z, unsigned ntypes,
		       unsigned order, int *capped);
/* The per-order totals as a buddyinfo (free counts summed over types). */
void pti_to_buddyinfo(const struct pagetypeinfo *p, struct buddyinfo *b);

#endif
