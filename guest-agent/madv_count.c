/* madv_count.c - the madvise() wrapper and its counters; see madv_count.h. */
#include <stdatomic.h>
#include <sys/mman.h>

#include "madv_count.h"

struct madv_counters {
	_Atomic uint64_t calls, bytes, failed;
	_Atomic uint64_t size[MADV_SIZE_SLOTS];
};

static struct madv_counters counters[MADV_NCLASSES];

static const char *const class_names[MADV_NCLASSES] = {
	[MADV_CLASS_DONTNEED] = "dontneed",
	[MADV_CLASS_FREE] = "free",
	[MADV_CLASS_OTHER] = "other",
};

enum madv_class madv_classify(int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
		return MADV_CLASS_DONTNEED;
	case MADV_FREE:
		return MADV_CLASS_FREE;
	default:
		return MADV_CLASS_OTHER;
	}
}

const char *madv_class_name(enum madv_class c)
{
	return (unsigned)c < MADV_NCLASSES ? class_names[c] : "?";
}

unsigned madv_size_slot(size_t len)
{
	if (len == 0)
		return 0;
	return 64 - (unsigned)__builtin_clzll((unsigned long long)len);
}

uint64_t madv_slot_low(unsigned slot)
{
	if (slot == 0 || slot >= MADV_SIZE_SLOTS)
		return 0;
	return (uint64_t)1 << (slot - 1);
}

void madv_record(int advice, size_t len, int failed)
{
	struct madv_counters *c = &counters[madv_classify(advice)];

	atomic_fetch_add_explicit(&c->calls, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->bytes, len, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->size[madv_size_slot(len)], 1,
				  memory_order_relaxed);
	if (failed)
		atomic_fetch_add_explicit(&c->failed, 1, memory_order_relaxed);
}

int __wrap_madvise(void *addr, size_t len, int advice)
{
	int rc = __real_madvise(addr, len, advice);

	madv_record(advice, len, rc != 0);
	return rc;
}

void madv_snapshot(struct madv_stats *out)
{
	for (int i = 0; i < MADV_NCLASSES; i++) {
		struct madv_counters *c = &counters[i];
		struct madv_class_stats *o = &out->cls[i];

		o->calls = atomic_load_explicit(&c->calls, memory_order_relaxed);
		o->bytes = atomic_load_explicit(&c->bytes, memory_order_relaxed);
		o->failed = atomic_load_explicit(&c->failed,
						 memory_order_relaxed);
		for (unsigned s = 0; s < MADV_SIZE_SLOTS; s++)
			o->size[s] = atomic_load_explicit(&c->size[s],
							  memory_order_relaxed);
	}
}

void madv_stats_delta(const struct madv_stats *earlier,
		      const struct madv_stats *later, struct madv_stats *out)
{
	for (int i = 0; i < MADV_NCLASSES; i++) {
		const struct madv_class_stats *a = &earlier->cls[i];
		const struct madv_class_stats *b = &later->cls[i];
		struct madv_class_stats *o = &out->cls[i];

		o->calls = b->calls - a->calls;
		o->bytes = b->bytes - a->bytes;
		o->failed = b->failed - a->failed;
		for (unsigned s = 0; s < MADV_SIZE_SLOTS; s++)
			o->size[s] = b->size[s] - a->size[s];
	}
}
