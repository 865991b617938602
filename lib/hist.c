/* hist.c - log-linear histogram; see hist.h for the bucket layout. */
#include <math.h>
#include <string.h>

#include "hist.h"

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned hist_bucket_of(uint64_t value)
{
	unsigned exp;

	if (value < HIST_SUB)
		return (unsigned)value;
	exp = 63 - (unsigned)__builtin_clzll(value);	/* >= HIST_SUB_BITS */
	return HIST_SUB + (exp - HIST_SUB_BITS) * HIST_SUB +
	       (unsigned)((value >> (exp - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

uint64_t hist_bucket_low(unsigned bucket)
{
	unsigned exp, sub;

	if (bucket < HIST_SUB)
		return bucket;
	exp = (bucket - HIST_SUB) / HIST_SUB + HIST_SUB_BITS;
	sub = (bucket - HIST_SUB) % HIST_SUB;
	return ((uint64_t)(HIST_SUB + sub)) << (exp - HIST_SUB_BITS);
}

uint64_t hist_bucket_high(unsigned bucket)
{
	if (bucket + 1 >= HIST_BUCKETS)
		return UINT64_MAX;
	return hist_bucket_low(bucket + 1) - 1;
}

void hist_record(struct hist *h, uint64_t value)
{
	h->bucket[hist_bucket_of(value)]++;
	h->count++;
	h->sum = (h->sum + value < h->sum) ? UINT64_MAX : h->sum + value;
	if (value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	for (unsigned i = 0; i < HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum = (dst->sum + src->sum < dst->sum) ? UINT64_MAX
						     : dst->sum + src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hist_percentile(const struct hist *h, double p)
{
	uint64_t rank, seen = 0, v;

	if (h->count == 0)
		return 0;
	if (p <= 0)
		return h->min;
	rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen < rank)
			continue;
		v = hist_bucket_high(i);
		if (v > h->max)
			v = h->max;
		if (v < h->min)
			v = h->min;
		return v;
	}
	return h->max;
}

double hist_mean(const struct hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}
