/*
 * sdstall.h - vCPU stalls outside the guest, from a lab run's latency
 * histograms (the shootdown model's stall_every and stall_len,
 * shootdown.h).
 *
 * In a madvise-flood calibration run no vCPU runs two threads, so no
 * call waits for a guest time slice; a call of SD_STALL_MIN_NS or more
 * (3-10 times the runs' means, past their regular tails) is one whose
 * vCPU - the initiator's, or the target's while its IPI was pending -
 * stopped outside the guest.  Each such call is one stall; its length
 * is the call's excess over the variant's mean of the faster calls.
 * Stalls come at a constant rate per ns a vCPU runs and last an
 * exponential time.  A call is slow when its own vCPU stalls during it,
 * or when a target's vCPU stalled before the IPI reaches it: a target
 * that runs the mm (a spinning bystander, another initiator) is exposed
 * all the time, each of its stalls holding up the next IPI it gets.  So
 * per call the exposed vCPU time is the call's own time plus, per IPI,
 * the time between IPIs to that target (initiators / call rate), and
 *   stall_every = sum of exposed time / slow calls.
 */
#ifndef SIM_SDSTALL_H
#define SIM_SDSTALL_H

/* Calls from this long on are stalls (ns). */
#define SD_STALL_MIN_NS	1e6

/* One variant's latency histogram, split at SD_STALL_MIN_NS. */
struct sd_tail {
	double n, mean_ns;	/* all calls; their mean (measured) */
	double slow, slow_sum_ns;	/* calls >= SD_STALL_MIN_NS */
	double lo_ns, hi_ns;	/* lowest and highest such bucket */
};

/*
 * sd_tail_add - one bucket of the agent's log-linear histogram (lower
 * bound ns, 16 buckets per power of two), counted at its middle.  Call
 * with t zeroed first, then set t->mean_ns to the measured mean.
 */
void sd_tail_add(struct sd_tail *t, double bucket_ns, double count);

/* The mean of the calls under SD_STALL_MIN_NS (ns); mean_ns when none
 * is slower. */
double sd_tail_fast_mean(const struct sd_tail *t);

struct sd_stalls {
	double every_ns, len_ns;	/* 0, 0: no call was a stall */
	double calls, exposure_ns, lo_ns, hi_ns;
};

/*
 * sd_stalls_derive - pool n variants: tails[i] and target_ns[i], the
 * targets' exposed time per call of variant i (IPIs per call x
 * initiators / calls per second, in ns).
 */
void sd_stalls_derive(const struct sd_tail *tails, const double *target_ns,
		      unsigned n, struct sd_stalls *out);

#endif
