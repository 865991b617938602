/*
 * hist.h - log-linear latency histogram (nanoseconds).
 *
 * Values 0..15 get a bucket each; above that every power of two is split
 * into 16 equal sub-buckets, so a bucket's width is at most 1/16 of its
 * lower bound (percentiles are within 6.25%, like HdrHistogram with one
 * significant digit).  Fixed size, no allocation: safe to keep one per
 * thread and merge at the end, and to use inside the static guest agent.
 */
#ifndef TLB_HIST_H
#define TLB_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS	4
#define HIST_SUB	(1u << HIST_SUB_BITS)
#define HIST_BUCKETS	(HIST_SUB + (64 - HIST_SUB_BITS) * HIST_SUB)

struct hist {
	uint64_t count;
	uint64_t sum;		/* saturates at UINT64_MAX */
	uint64_t min;		/* UINT64_MAX while empty */
	uint64_t max;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct hist *h);
void hist_record(struct hist *h, uint64_t value);
/* Adds every sample of src to dst. */
void hist_merge(struct hist *dst, const struct hist *src);

/* Bucket index of a value, and the inclusive value range of a bucket. */
unsigned hist_bucket_of(uint64_t value);
uint64_t hist_bucket_low(unsigned bucket);
uint64_t hist_bucket_high(unsigned bucket);

/*
 * hist_percentile - the value at percentile p (0 < p <= 100): the upper
 * bound of the bucket holding the ceil(p/100 * count)-th smallest sample,
 * clamped to [min, max].  Returns 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct hist *h, double p);
/* Mean of the recorded values; 0 when empty. */
double hist_mean(const struct hist *h);

#endif
