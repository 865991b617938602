/* repeat.c - combine a variant's boots; see repeat.h. */
#include <math.h>
#include <string.h>

#include "repeat.h"

static int is_ok(const json_t *v)
{
	const char *s = json_string_value(json_object_get(v, "status"));

	return s && !strcmp(s, "ok");
}

/* Mean and spread of one metric over the ok boots that have it. */
static void combine_metric(const json_t *reps, const char *key,
			   json_t *metrics, json_t *spread)
{
	double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY, mean;
	unsigned n = 0;
	size_t i;
	json_t *v;

	json_array_foreach(reps, i, v) {
		json_t *x = json_object_get(json_object_get(v, "metrics"), key);

		if (!is_ok(v) || !json_is_number(x))
			continue;
		sum += json_number_value(x);
		lo = fmin(lo, json_number_value(x));
		hi = fmax(hi, json_number_value(x));
		n++;
	}
	if (!n)
		return;
	mean = sum / n;
	json_array_foreach(reps, i, v) {
		json_t *x = json_object_get(json_object_get(v, "metrics"), key);

		if (is_ok(v) && json_is_number(x))
			sq += (json_number_value(x) - mean) *
			      (json_number_value(x) - mean);
	}
	json_object_set_new(metrics, key, json_real(mean));
	json_object_set_new(spread, key, json_pack("{s:f, s:f, s:f, s:i}",
			    "sd", n > 1 ? sqrt(sq / (n - 1)) : 0.0,
			    "min", lo, "max", hi, "n", (int)n));
}

static json_t *summary_of(const json_t *v)
{
	return json_object_get(json_object_get(v, "guest"), "summary");
}

/* Add bucket counts of b into the merged pairs of acc ([low, count]),
 * keeping them sorted by low. */
static void merge_buckets(json_t *acc, const json_t *b)
{
	size_t i;
	json_t *e;

	json_array_foreach(b, i, e) {
		double low = json_number_value(json_array_get(e, 0));
		json_int_t c = json_integer_value(json_array_get(e, 1));
		size_t k = 0;

		while (k < json_array_size(acc) &&
		       json_number_value(json_array_get(json_array_get(acc, k),
							0)) < low)
			k++;
		if (k < json_array_size(acc) &&
		    json_number_value(json_array_get(json_array_get(acc, k),
						     0)) == low) {
			json_t *cell = json_array_get(json_array_get(acc, k), 1);

			json_integer_set(cell, json_integer_value(cell) + c);
		} else {
			json_array_insert_new(acc, k, json_pack("[f, I]", low,
								(json_int_t)c));
		}
	}
}

/* The ok boots' latency histograms, pooled into base's. */
static void pool_latency(json_t *base, const json_t *reps)
{
	json_t *lat = json_object_get(summary_of(base), "latency_ns");
	json_t *buckets = json_array(), *v;
	double sum = 0, max = 0;
	json_int_t count = 0;
	size_t i;

	if (!json_is_object(lat) || !buckets) {
		json_decref(buckets);
		return;
	}
	json_array_foreach(reps, i, v) {
		json_t *l = json_object_get(summary_of(v), "latency_ns");
		json_int_t c = json_integer_value(json_object_get(l, "count"));

		if (!is_ok(v) || !json_is_object(l))
			continue;
		count += c;
		sum += (double)c * json_number_value(json_object_get(l, "mean"));
		max = fmax(max, json_number_value(json_object_get(l, "max")));
		merge_buckets(buckets, json_object_get(l, "buckets"));
	}
	json_object_set_new(lat, "count", json_integer(count));
	json_object_set_new(lat, "mean", json_real(count ? sum / count : 0));
	json_object_set_new(lat, "max", json_real(max));
	json_object_set_new(lat, "buckets", buckets);
	json_object_del(lat, "p50");
	json_object_del(lat, "p99");
	json_object_del(lat, "p999");
}

/* The ok boots' per-thread scheduler counts, summed thread by thread
 * into base's (boots with another thread count are left out). */
static void pool_sched(json_t *base, const json_t *reps)
{
	static const char *const keys[] = { "nvcsw", "nivcsw", "run_s",
					    "wait_s", "slices" };
	json_t *acc = json_object_get(summary_of(base), "sched"), *v;
	int first = 1;
	size_t i;

	if (!json_is_array(acc))
		return;
	json_array_foreach(reps, i, v) {
		json_t *s = json_object_get(summary_of(v), "sched");

		if (!is_ok(v) || !json_is_array(s) ||
		    json_array_size(s) != json_array_size(acc))
			continue;
		if (first) {	/* base is a copy of this boot's */
			first = 0;
			continue;
		}
		for (size_t k = 0; k < json_array_size(s); k++)
			for (size_t j = 0; j < sizeof(keys) / sizeof(*keys);
			     j++) {
				json_t *a = json_array_get(acc, k);
				json_t *x = json_object_get(json_array_get(s, k),
							    keys[j]);
				json_t *y = json_object_get(a, keys[j]);

				if (json_is_number(x) && json_is_number(y))
					json_object_set_new(a, keys[j],
						json_is_integer(y)
						? json_integer(json_integer_value(y) +
							       json_integer_value(x))
						: json_real(json_number_value(y) +
							    json_number_value(x)));
			}
	}
}

json_t *repeat_combine(const json_t *reps)
{
	const json_t *first = NULL, *v;
	json_t *base, *metrics, *spread, *copies;
	unsigned ok = 0;
	const char *key;
	json_t *val;
	size_t i;

	json_array_foreach(reps, i, v)
		if (is_ok(v) && !ok++)
			first = v;
	if (!json_array_size(reps))
		return NULL;
	base = json_deep_copy(first ? first : json_array_get(reps, 0));
	copies = json_deep_copy(reps);
	if (!base || !copies) {
		json_decref(base);
		json_decref(copies);
		return NULL;
	}
	json_object_set_new(base, "repeat_count",
			    json_integer((json_int_t)json_array_size(reps)));
	json_object_set_new(base, "repeats_ok", json_integer(ok));
	if (first) {
		metrics = json_object();
		spread = json_object();
		json_object_foreach(json_object_get(first, "metrics"), key, val)
			combine_metric(reps, key, metrics, spread);
		json_object_set_new(base, "metrics", metrics);
		json_object_set_new(base, "metrics_spread", spread);
		pool_latency(base, reps);
		pool_sched(base, reps);
	}
	json_object_set_new(base, "repeats", copies);
	return base;
}
