/*
 * sdparams.h - the shootdown model's knobs in one table, shared by
 * "tlbsim shootdown" options and the lab's [sim] section, and its results
 * as named metrics (the lab's metric names where they mean the same).
 */
#ifndef SIM_SDPARAMS_H
#define SIM_SDPARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "opts.h"
#include "sdprofile.h"
#include "shootdown.h"

struct sd_params {
	const char *profile;	/* sim/profiles/shootdown-NAME.ini */
	int mode;		/* index into sd_mode_names */
	int pv_flush;
	uint64_t vcpus, initiators, bystanders, size, calls;
	uint64_t pcpus, vms, seed;
	double rate;
	double work;		/* ns of user-mode work per call */
};

#define SD_PARAMS_N	13

/* Defaults: profile kvm, mode x2apic, 2 vCPUs, 1 initiator, 1 bystander,
 * 256 KiB, flat out, 2,000 calls, 1 VM, one pCPU per vCPU, seed 1. */
void sd_params_defaults(struct sd_params *p);
/* The option table over p (SD_PARAMS_N entries and a NULL end). */
void sd_params_table(struct sd_params *p, struct opt out[SD_PARAMS_N + 1]);
/*
 * sd_params_build - load the profile and fill cfg.  prof receives the
 * profile (for its sources).  Returns 0, or -1 with msg: an unreadable or
 * bad profile ("FILE:LINE: field: ..."), or a mode the profile lacks.
 */
int sd_params_build(const struct sd_params *p, struct sd_profile *prof,
		    struct sd_config *cfg, char *msg, size_t msglen);

/* Calls a prediction simulates at least: a mean that rests on ~1% of
 * calls waiting out a guest time slice needs tens of thousands of calls
 * to settle within 1-2% (tlbsim shootdown --validate, [sim] calls = 0). */
#define SD_PREDICT_CALLS	50000

#define SD_METRICS	10

struct sd_metric {
	const char *name, *unit;
	double value;
};

/* madvise_per_s, ipis_per_madvise, host_ipis_per_s, exits_per_s,
 * lat_mean_us, lat_p50_us, lat_p99_us, lat_p999_us, shootdown_cpu_pct,
 * pv_deferred_per_madvise. */
void sd_metrics(const struct sd_result *r, struct sd_metric out[SD_METRICS]);

#endif
