/*
 * madv_count.h - count every madvise() call of the process, by advice and
 * size.
 *
 * tlbagent links with -Wl,--wrap=madvise: every call to madvise() from an
 * object linked into the binary - the workloads, and jemalloc's purging in
 * the static libjemalloc.a - lands in __wrap_madvise(), which counts it and
 * calls the real one.  Calls glibc makes internally (e.g. freeing a thread's
 * stack) use a private alias and are not seen.
 *
 * This answers "which madvise calls remain with decay disabled?": the
 * counts per advice (DONTNEED purges vs FREE lazy purges vs others such as
 * MADV_HUGEPAGE) and per power-of-two size.  Counters are shared relaxed
 * atomics: a few ns per call beside a syscall of tens of microseconds.
 */
#ifndef TLB_MADV_COUNT_H
#define TLB_MADV_COUNT_H

#include <stddef.h>
#include <stdint.h>

enum madv_class { MADV_CLASS_DONTNEED, MADV_CLASS_FREE, MADV_CLASS_OTHER,
		  MADV_NCLASSES };

/* Slot 0: zero-length calls; slot k (1..64): sizes in [2^(k-1), 2^k). */
#define MADV_SIZE_SLOTS	65

struct madv_class_stats {
	uint64_t calls;
	uint64_t bytes;
	uint64_t failed;			/* calls that returned -1 */
	uint64_t size[MADV_SIZE_SLOTS];		/* calls per size slot */
};

struct madv_stats {
	struct madv_class_stats cls[MADV_NCLASSES];
};

/* The class of an advice value (MADV_DONTNEED, MADV_FREE, anything else). */
enum madv_class madv_classify(int advice);
/* "dontneed", "free", "other". */
const char *madv_class_name(enum madv_class c);
/* The size slot of a call of len bytes, and the lowest size of a slot
 * (0 for slot 0, 2^(slot-1) otherwise). */
unsigned madv_size_slot(size_t len);
uint64_t madv_slot_low(unsigned slot);

/* Record one call (what the wrapper does; exposed for tests). */
void madv_record(int advice, size_t len, int failed);
/* A consistent-enough copy of the counters (each counter read once). */
void madv_snapshot(struct madv_stats *out);
/* out = later - earlier, counter by counter. */
void madv_stats_delta(const struct madv_stats *earlier,
		      const struct madv_stats *later, struct madv_stats *out);

/* The wrapper itself, and the real call the linker provides. */
int __wrap_madvise(void *addr, size_t len, int advice);
int __real_madvise(void *addr, size_t len, int advice);

#endif
