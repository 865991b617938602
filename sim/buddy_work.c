/* buddy_work.c - fill and churn workloads; see buddy_work.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddy_work.h"
#include "numparse.h"
#include "rng.h"

void buddy_work_defaults(struct buddy_work *w)
{
	static const unsigned order[] = { 0, 2, 3, 9 };
	static const double weight[] = { 70, 10, 10, 10 };

	memset(w, 0, sizeof(*w));
	w->fill = 0.9;
	w->rounds = 4;
	w->free_share = 0.5;
	w->nmix = 4;
	for (unsigned i = 0; i < 4; i++) {
		w->mix_order[i] = order[i];
		w->mix_weight[i] = weight[i];
	}
	w->unmovable = 0.05;
	w->reclaimable = 0.05;
}

int buddy_mix_parse(const char *s, struct buddy_work *w, char *err,
		    size_t errlen)
{
	char *copy = strdup(s), *save = NULL, *item;
	int rc = -1;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w->nmix = 0;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		uint64_t order;
		double weight;

		if (!colon) {
			snprintf(err, errlen, "--mix: \"%s\" is not ORDER:WEIGHT",
				 item);
			goto out;
		}
		*colon = '\0';
		if (parse_u64(item, &order) || order >= BUDDY_ORDERS) {
			snprintf(err, errlen, "--mix: order \"%s\" is not 0..%d",
				 item, BUDDY_ORDERS - 1);
			goto out;
		}
		if (parse_double(colon + 1, &weight) || weight <= 0) {
			snprintf(err, errlen, "--mix: weight \"%s\" of order %s "
				 "is not a positive number", colon + 1, item);
			goto out;
		}
		if (w->nmix >= BUDDY_ORDERS) {
			snprintf(err, errlen, "--mix: more than %d items",
				 BUDDY_ORDERS);
			goto out;
		}
		w->mix_order[w->nmix] = (unsigned)order;
		w->mix_weight[w->nmix++] = weight;
	}
	if (!w->nmix) {
		snprintf(err, errlen, "--mix: empty");
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

static unsigned pick_order(const struct buddy_work *w, double total,
			   uint64_t *rng)
{
	double x = rng_unit(rng) * total;

	for (unsigned i = 0; i + 1 < w->nmix; i++) {
		if (x < w->mix_weight[i])
			return w->mix_order[i];
		x -= w->mix_weight[i];
	}
	return w->mix_order[w->nmix - 1];
}

static unsigned pick_type(const struct buddy_work *w, uint64_t *rng)
{
	double x = rng_unit(rng);

	if (x < w->unmovable)
		return MT_UNMOVABLE;
	if (x < w->unmovable + w->reclaimable)
		return MT_RECLAIMABLE;
	return MT_MOVABLE;
}

/* Allocate until the used share reaches fill; stop after 64 failures in a
 * row (the zone cannot serve the mix any more). */
static void fill(struct buddy_sim *b, const struct buddy_work *w,
		 double total, uint64_t *rng, struct buddy_work_result *r)
{
	uint64_t target = (uint64_t)(w->fill * (double)buddy_pages(b));
	uint64_t used = buddy_pages(b) - buddy_free_pages(b);
	unsigned misses = 0;

	while (used < target && misses < 64) {
		unsigned order = pick_order(w, total, rng);

		if (buddy_alloc(b, order, pick_type(w, rng)) < 0) {
			r->failed++;
			misses++;
			continue;
		}
		misses = 0;
		r->allocs++;
		used += 1ull << order;
	}
}

int buddy_work_run(struct buddy_sim *b, const struct buddy_work *w,
		   uint64_t seed, struct buddy_work_result *r)
{
	double total = 0;
	uint64_t rng = seed;

	memset(r, 0, sizeof(*r));
	for (unsigned i = 0; i < w->nmix; i++)
		total += w->mix_weight[i];
	if (!w->nmix || total <= 0)
		return -EINVAL;
	fill(b, w, total, &rng, r);
	for (unsigned round = 0; round < w->rounds; round++) {
		uint64_t used = buddy_pages(b) - buddy_free_pages(b);
		uint64_t target = used - (uint64_t)(w->free_share *
						    (double)used);

		while (buddy_pages(b) - buddy_free_pages(b) > target) {
			if (buddy_free_random(b))
				break;
			r->frees++;
		}
		/* The last round ends freed: a host's free memory is what
		 * was released since its last allocations. */
		if (round + 1 < w->rounds)
			fill(b, w, total, &rng, r);
	}
	return 0;
}
