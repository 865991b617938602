/* labsim.c - the lab's entry to the simulator; see labsim.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "labsim.h"

const struct labsim_key labsim_keys[] = {
	{ "model", "choice", "model to run: shootdown" },
	{ "profile", "word", "cost profile sim/profiles/shootdown-NAME.ini "
	  "(default: tcg, nested or kvm, after the mode the variant ran in)" },
	{ "mode", "choice", "IPI delivery: native, xapic, xapic-ipiv, "
	  "x2apic, ipiv, tcg, nested (default after the mode)" },
	{ "pv_flush", "bool", "KVM PV TLB flush (default no)" },
	{ "vms", "integer", "VMs sharing the host, the others busy (1)" },
	{ "pcpus", "integer", "host CPUs, 0 = one per vCPU (0)" },
	{ "calls", "integer", "calls to simulate, 0 = the workload's count, "
	  "at least 50,000" },
	{ "seed", "integer", "random seed (1)" },
	{ NULL, NULL, NULL },
};

/* [sim] keys that are shootdown knobs, by their table names. */
static int is_knob(const char *key)
{
	for (unsigned i = 1; labsim_keys[i].name; i++)
		if (!strcmp(labsim_keys[i].name, key))
			return 1;
	return 0;
}

int labsim_check(const char *key, const char *value, char *msg,
		 size_t msglen)
{
	struct opt table[SD_PARAMS_N + 1];
	struct sd_params p;
	int rc;

	if (!strcmp(key, "model")) {
		if (strcmp(value, "shootdown")) {
			snprintf(msg, msglen, "model: \"%s\" is not shootdown",
				 value);
			return -2;
		}
		return 0;
	}
	if (!is_knob(key)) {
		snprintf(msg, msglen, "unknown key \"%s\" in [sim]", key);
		return -1;
	}
	sd_params_defaults(&p);
	sd_params_table(&p, table);
	rc = opt_set(table, key, value, msg, msglen);
	return rc == -1 ? -1 : rc ? -2 : 0;
}

static const char *accel_default(const char *accel)
{
	if (accel && !strcmp(accel, "tcg"))
		return "tcg";
	if (accel && !strcmp(accel, "nested"))
		return "nested";
	return NULL;	/* kvm: profile kvm, mode x2apic */
}

int labsim_predict(const char *const *keys, const char *const *values,
		   unsigned n, const struct labsim_workload *w,
		   struct labsim_prediction *out, char *msg, size_t msglen)
{
	static const char *const wl_keys[] = { "initiators", "bystanders",
					       "size", "rate", "count" };
	struct opt table[SD_PARAMS_N + 1];
	struct sd_params p;
	struct sd_profile prof;
	struct sd_config cfg;
	struct sd_result res;
	struct sd_metric m[SD_METRICS];
	const char *def = accel_default(w->accel);
	uint64_t calls = 0;
	int rc, explicit_calls = 0;

	memset(out, 0, sizeof(*out));
	if (!w->name || strcmp(w->name, "madvise-flood")) {
		snprintf(msg, msglen, "model shootdown predicts the "
			 "madvise-flood workload, not %s",
			 w->name ? w->name : "(none)");
		return -2;
	}
	for (unsigned i = 0; i < w->nopts; i++)
		if (!strcmp(w->opt_keys[i], "advice") &&
		    strcmp(w->opt_values[i], "dontneed")) {
			snprintf(msg, msglen, "model shootdown covers "
				 "MADV_DONTNEED, not advice=%s",
				 w->opt_values[i]);
			return -2;
		}
	sd_params_defaults(&p);
	sd_params_table(&p, table);
	if (def) {
		p.profile = def;
		p.mode = sd_mode_index(def);
	}
	p.vcpus = w->vcpus;
	/* The workload as run, then [sim]. */
	for (unsigned i = 0; i < w->nopts; i++)
		for (unsigned k = 0; k < 5; k++)
			if (!strcmp(w->opt_keys[i], wl_keys[k]) &&
			    opt_set(table, k == 4 ? "calls" : wl_keys[k],
				    w->opt_values[i], msg, msglen))
				return -1;
	for (unsigned i = 0; i < n; i++) {
		if (!strcmp(keys[i], "model")) {
			if (labsim_check(keys[i], values[i], msg, msglen))
				return -1;
			continue;
		}
		if (!is_knob(keys[i])) {
			snprintf(msg, msglen, "unknown key \"%s\" in [sim]",
				 keys[i]);
			return -1;
		}
		if (!strcmp(keys[i], "calls") && !strcmp(values[i], "0"))
			continue;	/* the default */
		if (opt_set(table, keys[i], values[i], msg, msglen))
			return -1;
	}
	calls = p.calls;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(keys[i], "calls") && strcmp(values[i], "0"))
			explicit_calls = 1;
	if (!explicit_calls && calls < SD_PREDICT_CALLS)
		calls = SD_PREDICT_CALLS;
	if (sd_params_build(&p, &prof, &cfg, msg, msglen))
		return -3;
	cfg.calls = calls;
	rc = sd_run(&cfg, &res);
	if (rc) {
		snprintf(msg, msglen, "shootdown model: %s",
			 rc == -EINVAL ? "impossible configuration" : strerror(-rc));
		return -3;
	}
	sd_metrics(&res, m);
	snprintf(out->model, sizeof(out->model), "shootdown");
	snprintf(out->profile, sizeof(out->profile), "%s", p.profile);
	snprintf(out->mode, sizeof(out->mode), "%s", sd_mode_names[p.mode]);
	out->n = SD_METRICS;
	for (unsigned i = 0; i < SD_METRICS; i++) {
		snprintf(out->m[i].name, sizeof(out->m[i].name), "%s",
			 m[i].name);
		snprintf(out->m[i].unit, sizeof(out->m[i].unit), "%s",
			 m[i].unit);
		out->m[i].value = m[i].value;
	}
	return 0;
}
