/*
 * jemstats.h - jemalloc's own view of its purging, and MALLOC_CONF checks.
 *
 * tlbagent is linked with Debian's static libjemalloc.a (unprefixed, so it
 * is the malloc of the whole binary).  jemalloc returns dirty pages to the
 * kernel after dirty_decay_ms (madvise MADV_FREE makes them "muzzy" when
 * the kernel has it, else MADV_DONTNEED), muzzy ones after muzzy_decay_ms;
 * each purge is one or more madvise calls, and each madvise of pages other
 * CPUs may cache is a TLB shootdown (article 000).  "stats.arenas.4096.*"
 * sums all arenas; the counters are refreshed by writing "epoch".
 */
#ifndef TLB_JEMSTATS_H
#define TLB_JEMSTATS_H

#include <stddef.h>
#include <stdint.h>

struct jem_stats {
	uint64_t dirty_npurge, dirty_nmadvise, dirty_purged;
	uint64_t muzzy_npurge, muzzy_nmadvise, muzzy_purged;
	int64_t opt_dirty_decay_ms, opt_muzzy_decay_ms;
};

/* Refresh the epoch and read everything.  Returns 0, or -errno from the
 * first mallctl that failed (e.g. -ENOENT without stats support). */
int jem_stats_read(struct jem_stats *out);

/* Counters of later minus earlier; the opt_* values are later's. */
void jem_stats_delta(const struct jem_stats *earlier,
		     const struct jem_stats *later, struct jem_stats *out);

/*
 * jem_conf_check - is conf a well-formed MALLOC_CONF for this jemalloc?
 * "key:value[,key:value...]", each key an option this jemalloc has (it is
 * asked: opt.<key>), no blanks; *_decay_ms values must be integers >= -1.
 * Returns 0, or -1 with why (naming the pair) filled.  Usable as an
 * options.h check.
 */
int jem_conf_check(const char *conf, char *why, size_t whylen);

/*
 * jem_conf_verify - did the running jemalloc take conf?  Compares the
 * dirty_decay_ms / muzzy_decay_ms that conf asks for with opt.*.  Returns
 * 0, or -1 with why filled ("opt.dirty_decay_ms is 10000, malloc_conf
 * asks 0").
 */
int jem_conf_verify(const char *conf, char *why, size_t whylen);

#endif
