/*
 * labsim.h - the simulator as the lab calls it: a scenario's [sim]
 * section, checked key by key, and a prediction for one variant, with
 * every metric's unit and the profile it came from, so "tlblab run" can
 * print predicted beside measured (metric names are the lab's).
 *
 *   [sim]
 *   model = shootdown          ; the only model with lab metrics so far
 *   profile = tcg              ; sim/profiles/shootdown-NAME.ini
 *   mode = tcg                 ; IPI delivery (sdprofile.h)
 *   pv_flush = no
 *   vms = 1                    ; VMs sharing the host, others busy
 *   pcpus = 0                  ; host CPUs, 0 = one per vCPU
 *   calls = 0                  ; calls to simulate, 0 = the workload's
 *                              ; count, at least SD_PREDICT_CALLS
 *   seed = 1
 *
 * Defaults follow the variant's acceleration mode: tcg -> profile and
 * mode tcg; nested -> nested; kvm -> profile kvm, mode x2apic.
 */
#ifndef SIM_LABSIM_H
#define SIM_LABSIM_H

#include <stddef.h>

#include "sdparams.h"

struct labsim_key {
	const char *name;
	const char *type;	/* "word", "integer", "bool", "choice" */
	const char *help;
};

/* The keys a [sim] section accepts; the array ends with a NULL name. */
extern const struct labsim_key labsim_keys[];

/*
 * labsim_check - validate one [sim] key and value.  Returns 0, -1 for an
 * unknown key, or -2 for a bad value; msg says what is wrong (the lab
 * prefixes FILE:LINE).
 */
int labsim_check(const char *key, const char *value, char *msg,
		 size_t msglen);

/* A variant as the lab ran it. */
struct labsim_workload {
	const char *name;	/* agent workload, e.g. "madvise-flood" */
	const char *accel;	/* "tcg", "nested" or "kvm" */
	unsigned vcpus;
	unsigned nopts;		/* workload options, agent names */
	const char *const *opt_keys, *const *opt_values;
};

struct labsim_metric {
	char name[32];		/* the lab's metric name */
	char unit[16];
	double value;
};

struct labsim_prediction {
	char model[16];
	char profile[64];	/* the profile file's name as given */
	char mode[16];
	unsigned n;
	struct labsim_metric m[SD_METRICS];
};

/*
 * labsim_predict - run the [sim] section's model (keys/values, n of them,
 * all checked) for workload w.  Returns 0 with out filled; -1 for a bad
 * key or value; -2 when the model does not cover w (another workload, or
 * madvise-flood with advice other than dontneed: msg says which); -3
 * when the profile cannot be loaded or lacks the mode, or the model
 * fails.  msg is set on every error.
 */
int labsim_predict(const char *const *keys, const char *const *values,
		   unsigned n, const struct labsim_workload *w,
		   struct labsim_prediction *out, char *msg, size_t msglen);

#endif
