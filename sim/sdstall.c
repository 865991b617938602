/* sdstall.c - vCPU stalls from latency histograms; see sdstall.h. */
#include <math.h>
#include <string.h>

#include "sdstall.h"

void sd_tail_add(struct sd_tail *t, double bucket_ns, double count)
{
	double mid;

	t->n += count;
	if (bucket_ns < SD_STALL_MIN_NS || count <= 0)
		return;
	/* 16 buckets per power of two: width 2^floor(log2 v) / 16. */
	mid = bucket_ns + exp2(floor(log2(bucket_ns))) / 32;
	t->slow += count;
	t->slow_sum_ns += count * mid;
	if (!t->lo_ns || bucket_ns < t->lo_ns)
		t->lo_ns = bucket_ns;
	if (bucket_ns > t->hi_ns)
		t->hi_ns = bucket_ns;
}

double sd_tail_fast_mean(const struct sd_tail *t)
{
	if (!t->slow || t->n <= t->slow)
		return t->mean_ns;
	return (t->n * t->mean_ns - t->slow_sum_ns) / (t->n - t->slow);
}

void sd_stalls_derive(const struct sd_tail *tails, const double *target_ns,
		      unsigned n, struct sd_stalls *out)
{
	double excess = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < n; i++) {
		const struct sd_tail *t = &tails[i];
		double fast = sd_tail_fast_mean(t);

		out->calls += t->slow;
		out->exposure_ns += t->n * (fast + target_ns[i]);
		excess += t->slow_sum_ns - t->slow * fast;
		if (t->slow && (!out->lo_ns || t->lo_ns < out->lo_ns))
			out->lo_ns = t->lo_ns;
		if (t->hi_ns > out->hi_ns)
			out->hi_ns = t->hi_ns;
	}
	if (out->calls > 0) {
		out->every_ns = out->exposure_ns / out->calls;
		out->len_ns = excess / out->calls;
	}
}
