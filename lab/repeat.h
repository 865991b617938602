/*
 * repeat.h - one variant booted several times (tlblab run --repeat N),
 * its boots combined the way `perf stat -r N` combines runs: each metric
 * is the mean over the boots that ran (status "ok"), with its spread in
 * "metrics_spread" ({sd, min, max, n}: sample standard deviation over
 * the boots); the agent's latency histogram (guest.summary.latency_ns:
 * count, mean, max, buckets; its percentiles dropped) and per-thread
 * scheduler counts (guest.summary.sched) are pooled; "repeat_count" and
 * "repeats_ok" say how many boots there were and ran; every boot's own
 * variant object is kept, whole, under "repeats" (its "boot_dir" names
 * the run folder's boot-N/ that holds its files).  A TCG guest's speed
 * differs from boot to boot by 15-25% on a shared 2-CPU host
 * (docs/sim.md), so one boot's mean is not the variant's.
 */
#ifndef TLB_REPEAT_H
#define TLB_REPEAT_H

#include <jansson.h>

/*
 * repeat_combine - the combined variant object of reps (a JSON array of
 * one variant's result objects, one per boot, as runner.c makes them);
 * a new reference, or NULL when reps is empty or memory ran out.  With no
 * boot ok, the first boot's object (its error) with "repeats" added.
 */
json_t *repeat_combine(const json_t *reps);

#endif
