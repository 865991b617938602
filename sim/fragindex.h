/*
 * fragindex.h - the kernel's external-fragmentation indices, computed the
 * way mm/vmstat.c computes them, and printed the way debugfs
 * (/sys/kernel/debug/extfrag/) prints them.
 *
 * fill_contig_page_info() sums a zone's free blocks; for an allocation of
 * order k:
 *   unusable_free_index = (free_pages - suitable_blocks << k) * 1000
 *                         / free_pages          (1000 when nothing is free)
 *     "how much of the free memory cannot serve this order";
 *   __fragmentation_index = 1000 - (1000 + free_pages * 1000 / 2^k)
 *                           / free_blocks_total
 *     only when the allocation would fail (else -1000; 0 when nothing is
 *     free): near 1000 = it fails from fragmentation, near 0 = from lack of
 *     memory (article 004: watch orders >= 3).
 * Integer arithmetic is unsigned 64-bit with truncating division, as in
 * the kernel (div_u64), so the text matches the kernel's to the digit.
 */
#ifndef SIM_FRAGINDEX_H
#define SIM_FRAGINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "buddyinfo.h"

struct contig_info {
	uint64_t free_pages;
	uint64_t free_blocks_total;
	uint64_t free_blocks_suitable;	/* in units of order-k blocks */
};

/* fill_contig_page_info() over free[0..norders-1] for suitable_order. */
void frag_contig_info(const uint64_t *free, unsigned norders,
		      unsigned suitable_order, struct contig_info *info);
/* unusable_free_index(): 0..1000 (thousandths). */
int frag_unusable_index(unsigned order, const struct contig_info *info);
/* __fragmentation_index(): -1000 when the allocation would succeed, else
 * 1000 - ...; 0 past the last order or with no free block. */
int frag_extfrag_index(unsigned order, unsigned norders,
		       const struct contig_info *info);

/*
 * frag_2m_units - free blocks of order >= 9 of a zone, in 2 MiB units (an
 * order-10 block counts 2): what THP can back guest memory with now.
 */
uint64_t frag_2m_units(const struct buddy_zone *z, unsigned norders);
/*
 * frag_host_2m_fraction - share of a new VM of vm_bytes whose memory
 * faults in on 2 MiB pages while the order >= 9 blocks of every zone but
 * DMA last (no compaction, no watermarks); *units_out (if not NULL) gets
 * the 2 MiB units available.  0 for vm_bytes 0.
 */
double frag_host_2m_fraction(const struct buddyinfo *b, uint64_t vm_bytes,
			     uint64_t *units_out);

/*
 * frag_format_unusable / frag_format_extfrag - the text of
 * extfrag/unusable_index or extfrag/extfrag_index for the zones of b
 * ("Node %d, zone %8s " then "%d.%03d " or "%2d.%03d " per order, then a
 * newline).  Like snprintf: writes at most len bytes (NUL included) and
 * returns the length the whole text needs.
 */
size_t frag_format_unusable(const struct buddyinfo *b, char *buf, size_t len);
size_t frag_format_extfrag(const struct buddyinfo *b, char *buf, size_t len);

#endif
