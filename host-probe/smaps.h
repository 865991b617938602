/*
 * smaps.h - parse /proc/PID/smaps and /proc/PID/smaps_rollup.
 *
 * The QEMU process's AnonHugePages says how much of the guest's RAM the
 * host backs with 2 MiB pages: article 004's slow VM had 10,240 kB of it
 * where a good one had 8,275,968 kB (sums over smaps), because its host's
 * buddy allocator had no free order-9 blocks left.  smaps_rollup gives the
 * sums directly (one "[rollup]" pseudo-mapping); full smaps gives them per
 * mapping, summed here, and also names the largest anonymous mapping,
 * which for QEMU is the guest RAM block.
 */
#ifndef TLBPROBE_SMAPS_H
#define TLBPROBE_SMAPS_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

/* Every "Name: N kB" field the kernel prints (6.1), in kB. */
struct smaps_counts {
	uint64_t size, rss, pss, pss_dirty, pss_anon, pss_file, pss_shmem;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t referenced, anonymous, ksm, lazyfree, anon_huge;
	uint64_t shmem_pmd, file_pmd, shared_hugetlb, private_hugetlb;
	uint64_t swap, swap_pss, locked;
};

struct smaps_mapping {
	uint64_t start, end;
	char perms[5];
	char name[64];		/* path or [heap]...; "" for anonymous */
	struct smaps_counts kb;
};

struct smaps_summary {
	int rollup;		/* the input was smaps_rollup */
	unsigned mappings;	/* mapping headers read */
	struct smaps_counts total;	/* sums over mappings */
	uint32_t seen;		/* bit i: field i of smaps_field_name() seen */
	struct smaps_mapping largest_anon;	/* most Anonymous kB; smaps only */
};

/*
 * smaps_parse - parse len bytes of smaps or smaps_rollup text.  Fields the
 * kernel may add later ("Name: N kB" or not) are ignored.  Returns 0, or
 * -1 with err naming the line and field: a line that is neither a mapping
 * header nor "Name: value", a known field whose value is not "N kB", a
 * field before the first header, a sum that overflows, or no mapping.
 */
int smaps_parse(const char *buf, size_t len, struct smaps_summary *out,
		struct parse_error *err);

/* Name of counts field i ("Rss", "AnonHugePages", ...), NULL past the
 * last; its value in c through smaps_field_value(). */
const char *smaps_field_name(unsigned i);
uint64_t smaps_field_value(const struct smaps_counts *c, unsigned i);

/* Share of anonymous memory backed by transparent huge pages:
 * AnonHugePages / Anonymous, 0 when there is no anonymous memory. */
double smaps_thp_share(const struct smaps_counts *c);

#endif
