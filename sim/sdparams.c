/* sdparams.c - shootdown knobs and metrics; see sdparams.h. */
#include <stdio.h>
#include <string.h>

#include "sdparams.h"

void sd_params_defaults(struct sd_params *p)
{
	memset(p, 0, sizeof(*p));
	p->profile = "kvm";
	p->mode = sd_mode_index("x2apic");
	p->vcpus = 2;
	p->initiators = 1;
	p->bystanders = 1;
	p->size = 256 << 10;
	p->calls = 2000;
	p->vms = 1;
	p->seed = 1;
}

void sd_params_table(struct sd_params *p, struct opt out[SD_PARAMS_N + 1])
{
	const struct opt t[SD_PARAMS_N + 1] = {
		{ "profile", OPT_STR, &p->profile, 0, 0, NULL,
		  "cost profile: sim/profiles/shootdown-NAME.ini or a file" },
		{ "mode", OPT_ENUM, &p->mode, 0, 0, sd_mode_names,
		  "IPI delivery: x2apic, ipiv, xapic, xapic-ipiv, tcg, ..." },
		{ "pv_flush", OPT_BOOL, &p->pv_flush, 0, 1, NULL,
		  "KVM PV TLB flush: preempted vCPUs flushed on entry" },
		{ "vcpus", OPT_U64, &p->vcpus, 1, SD_MAX_VCPUS, NULL,
		  "vCPUs of the VM" },
		{ "initiators", OPT_U64, &p->initiators, 1, SD_MAX_THREADS,
		  NULL, "threads calling madvise" },
		{ "bystanders", OPT_U64, &p->bystanders, 0, SD_MAX_THREADS,
		  NULL, "threads spinning on the same mm" },
		{ "size", OPT_SIZE, &p->size, 4096, 1ull << 40, NULL,
		  "bytes per madvise call" },
		{ "rate", OPT_DOUBLE, &p->rate, 0, 1e9, NULL,
		  "calls per second per initiator; 0 = flat out" },
		{ "work", OPT_DOUBLE, &p->work, 0, 1e12, NULL,
		  "user-mode CPU ns per call besides the touch (0)" },
		{ "calls", OPT_U64, &p->calls, 1, 1e9, NULL,
		  "madvise calls to simulate, in all" },
		{ "pcpus", OPT_U64, &p->pcpus, 0, 65536, NULL,
		  "host CPUs; 0 = one per vCPU of all VMs" },
		{ "vms", OPT_U64, &p->vms, 1, 64, NULL,
		  "VMs sharing the host (the others always busy)" },
		{ "seed", OPT_U64, &p->seed, 0, 1.8e19, NULL, "random seed" },
		{ NULL, 0, NULL, 0, 0, NULL, NULL },
	};

	memcpy(out, t, sizeof(t));
}

struct load_arg {
	struct sd_profile *prof;
};

static int parse(const char *buf, size_t len, void *arg,
		 struct parse_error *err)
{
	return sd_profile_parse(buf, len, ((struct load_arg *)arg)->prof, err);
}

int sd_params_build(const struct sd_params *p, struct sd_profile *prof,
		    struct sd_config *cfg, char *msg, size_t msglen)
{
	struct load_arg arg = { prof };

	memset(cfg, 0, sizeof(*cfg));
	if (profile_load("shootdown", p->profile, parse, &arg, msg, msglen))
		return -1;
	if (sd_costs_for(prof, p->mode, &cfg->c)) {
		snprintf(msg, msglen, "profile %s has no [ipi.%s] section",
			 p->profile, sd_mode_names[p->mode]);
		return -1;
	}
	cfg->vcpus = (unsigned)p->vcpus;
	cfg->initiators = (unsigned)p->initiators;
	cfg->bystanders = (unsigned)p->bystanders;
	cfg->size = p->size;
	cfg->rate = p->rate;
	cfg->work = p->work;
	cfg->calls = p->calls;
	cfg->vms = (unsigned)p->vms;
	cfg->pcpus = (unsigned)p->pcpus;
	cfg->pv_flush = p->pv_flush;
	cfg->seed = p->seed;
	cfg->touch_jitter = SD_TOUCH_JITTER;
	return 0;
}

void sd_metrics(const struct sd_result *r, struct sd_metric out[SD_METRICS])
{
	double s = r->elapsed_ns > 0 ? r->elapsed_ns / 1e9 : 0;
	double calls = r->calls ? (double)r->calls : 1;
	const struct sd_metric m[SD_METRICS] = {
		{ "madvise_per_s", "1/s", s ? (double)r->calls / s : 0 },
		{ "ipis_per_madvise", "ratio", (double)r->ipis / calls },
		{ "host_ipis_per_s", "1/s", s ? (double)r->ipis / s : 0 },
		{ "exits_per_s", "1/s", s ? (double)r->exits / s : 0 },
		{ "lat_mean_us", "us", hist_mean(&r->lat) / 1e3 },
		{ "lat_p50_us", "us", (double)hist_percentile(&r->lat, 50) / 1e3 },
		{ "lat_p99_us", "us", (double)hist_percentile(&r->lat, 99) / 1e3 },
		{ "lat_p999_us", "us",
		  (double)hist_percentile(&r->lat, 99.9) / 1e3 },
		{ "shootdown_cpu_pct", "%", r->busy_ns > 0
		  ? 100 * r->shootdown_ns / r->busy_ns : 0 },
		{ "pv_deferred_per_madvise", "ratio",
		  (double)r->pv_deferred / calls },
	};

	memcpy(out, m, sizeof(m));
}
