/*
 * sdcalib.h - the shootdown model against tlblab results
 * (result.json, schema tlblab.result/1, scenarios/README.md).
 *
 * Each ok variant of a madvise-flood run gives the workload as the agent
 * ran it (guest.hello.params, else config.options, else the agent's
 * defaults), config.vcpus, and the measured metrics lat_mean_us,
 * madvise_per_s and ipis_per_madvise.
 *
 * Calibration keeps the profile's structure and fits three numbers to all
 * variants of one run, by Nelder-Mead on their logarithms, minimising the
 * squared relative errors of mean latency and call rate: a factor on the
 * kernel costs (syscall, zap, flushes: an emulator slows them alike), a
 * factor on touch_page, and the IPI round trip, split evenly between
 * send, delivery latency and handler (one target per call on 2 vCPUs
 * cannot tell the three apart).  The result is a profile with the mode's
 * section, every value citing the run.
 * Validation predicts every variant of a run and prints predicted beside
 * measured with the relative error.
 */
#ifndef SIM_SDCALIB_H
#define SIM_SDCALIB_H

#include <stddef.h>

#include "report.h"
#include "sdparams.h"

/* A variant of a result.json as the model sees it. */
struct sd_observed {
	char name[48];
	char lab_mode[16];	/* tcg, nested, kvm */
	struct sd_params p;	/* workload and vCPUs of the variant */
	char advice[16];	/* dontneed or free */
	int covered;		/* the model covers it (MADV_DONTNEED) */
	double lat_mean_us, madvise_per_s, ipis_per_madvise;
	double lat_se_us;	/* standard error of lat_mean_us, from the
				 * agent's histogram; 0 without one */
	int has_ipis;
	/* From the agent's per-thread scheduler stats and histogram (0 when
	 * the run has no "sched"): the initiators' involuntary switches
	 * (slice ends) and CPU time, and the calls that took 4 ms or more
	 * (a slice wait, or a stall) with the time of the faster ones. */
	int has_sched;
	double slice_ends, run_s, calls, slow_calls, fast_s;
};

#define SD_MAX_OBSERVED	64

/*
 * sd_observed_load - the madvise-flood variants with status ok of the
 * result.json at path; base gives profile, mode and seed.  Returns the
 * count (0 when none), or -1 with msg set (unreadable file, not JSON, a
 * variant field of the wrong type, a bad option value).
 */
int sd_observed_load(const char *path, const struct sd_params *base,
		     struct sd_observed *out, unsigned max, char *run_id,
		     size_t run_id_len, char *msg, size_t msglen);

/*
 * sd_guest_slice_ns - how long a CPU-bound guest thread runs before a
 * second one on its vCPU gets the CPU, under Linux 6.1's CFS: the
 * period sysctl_sched_latency = 6 ms x (1 + ilog2(min(ncpus, 8)))
 * shared by 2 runnable threads, checked at the scheduler tick
 * (check_preempt_tick()), so the slice ends at the first tick after it
 * (a switch happens at a tick).  ncpus 2, hz 250: 6 ms -> 8 ms.
 */
double sd_guest_slice_ns(unsigned ncpus, unsigned hz);

/* 1 if pred is within 10% of meas, or of one IPI when meas < 1. */
int sd_ipis_within(double pred, double meas);

/* tlbsim shootdown --calibrate / --validate; SIM_EXIT_* codes. */
int sd_calibrate(const struct sd_params *base, const char *path,
		 struct report *r, char *err, size_t errlen);
int sd_validate(const struct sd_params *base, const char *path,
		struct report *r, char *err, size_t errlen);

#endif
