/*
 * cpuprofile.h - CPU profiles for the TLB model (sim/profiles/cpu-NAME.ini):
 * TLB geometry per level and page size, replacement, page-walk and nested
 * TLB caches, and the cycle costs, each value with its source
 * (profile.h).
 *
 *   [cpu]      name (word), freq (GHz), replacement (lru | plru)
 *   [l1d.4k] [l1d.2m] [l1d.1g] [l2.4k] [l2.2m] [l2.1g]
 *              entries, ways (entries = ways: fully associative;
 *              a missing section: no such TLB)
 *   [caches]   pwc_entries, ntlb_entries (0 = none)
 *   [cost]     l1_hit, l2_hit, walk_ref (cycles)
 */
#ifndef SIM_CPUPROFILE_H
#define SIM_CPUPROFILE_H

#include <stddef.h>

#include "profile.h"
#include "tlb.h"

/*
 * cpuprofile_parse - fill cpu from profile text.  Returns 0, or -1 with
 * err naming the line and "section.key" (profile.h), or the section when
 * its ways do not divide its entries into a power-of-two number of sets.
 */
int cpuprofile_parse(const char *buf, size_t len, struct tlb_cpu *cpu,
		     struct profile_sources *src, struct parse_error *err);

#endif
