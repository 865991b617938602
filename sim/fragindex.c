/* fragindex.c - mm/vmstat.c's fragmentation indices; see fragindex.h. */
#include <stdio.h>
#include <string.h>

#include "fragindex.h"
#include "strbuf.h"

void frag_contig_info(const uint64_t *free, unsigned norders,
		      unsigned suitable_order, struct contig_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned order = 0; order < norders; order++) {
		uint64_t blocks = free[order];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable +=
				blocks << (order - suitable_order);
	}
}

int frag_unusable_index(unsigned order, const struct contig_info *info)
{
	if (info->free_pages == 0)
		return 1000;
	return (int)((info->free_pages -
		      (info->free_blocks_suitable << order)) * 1000ull /
		     info->free_pages);
}

int frag_extfrag_index(unsigned order, unsigned norders,
		       const struct contig_info *info)
{
	uint64_t requested = 1ull << order;
	uint64_t x;

	if (order >= norders)
		return 0;
	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	/* Unsigned, as in the kernel: a zone holding fewer free pages than
	 * half a block per free block gives a negative value (it prints
	 * e.g. " 0.-500"), so keep the wrap-around of the u64 subtraction. */
	x = (1000 + info->free_pages * 1000ull / requested) /
	    info->free_blocks_total;
	return (int)(int32_t)(uint32_t)(1000 - x);
}

uint64_t frag_2m_units(const struct buddy_zone *z, unsigned norders)
{
	uint64_t units = 0;

	for (unsigned o = BUDDY_THP_ORDER; o < norders; o++)
		units += z->free[o] << (o - BUDDY_THP_ORDER);
	return units;
}

double frag_host_2m_fraction(const struct buddyinfo *b, uint64_t vm_bytes,
			     uint64_t *units_out)
{
	uint64_t units = 0, want = (vm_bytes + (2u << 20) - 1) >> 21;

	/* DMA is kept for devices (lowmem_reserve). */
	for (unsigned z = 0; z < b->nzones; z++)
		if (strcmp(b->zones[z].zone, "DMA"))
			units += frag_2m_units(&b->zones[z], b->norders);
	if (units_out)
		*units_out = units;
	if (!want)
		return 0;
	return (double)(units < want ? units : want) / (double)want;
}

static size_t format(const struct buddyinfo *b, int extfrag, char *buf,
		     size_t len)
{
	struct strbuf o;

	strbuf_init(&o, buf, len);
	for (unsigned z = 0; z < b->nzones; z++) {
		const struct buddy_zone *zone = &b->zones[z];

		strbuf_printf(&o, "Node %d, zone %8s ", zone->node, zone->zone);
		for (unsigned order = 0; order < b->norders; order++) {
			struct contig_info info;
			int index;

			frag_contig_info(zone->free, b->norders, order, &info);
			if (extfrag) {
				index = frag_extfrag_index(order, b->norders,
							   &info);
				strbuf_printf(&o, "%2d.%03d ", index / 1000,
				    index % 1000);
			} else {
				index = frag_unusable_index(order, &info);
				strbuf_printf(&o, "%d.%03d ", index / 1000, index % 1000);
			}
		}
		strbuf_printf(&o, "\n");
	}
	return o.used;
}

size_t frag_format_unusable(const struct buddyinfo *b, char *buf, size_t len)
{
	return format(b, 0, buf, len);
}

size_t frag_format_extfrag(const struct buddyinfo *b, char *buf, size_t len)
{
	return format(b, 1, buf, len);
}
