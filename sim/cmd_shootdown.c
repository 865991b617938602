/*
 * cmd_shootdown.c - "tlbsim shootdown": the discrete-event shootdown model
 * (shootdown.h) for one configuration, a PV TLB flush overcommit trend,
 * or calibration and validation against lab results (sdcalib.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "sdcalib.h"
#include "sdparams.h"

static int add_row(struct report_table *t, const struct sd_params *p,
		   const struct sd_result *res)
{
	struct sd_metric m[SD_METRICS];

	if (report_row(t) < 0)
		return -1;
	sd_metrics(res, m);
	report_str(t, 0, "%s%s", sd_mode_names[p->mode],
		   p->pv_flush ? "+pv" : "");
	report_num(t, 1, (double)p->vms, 0);
	report_num(t, 2, (double)p->vcpus, 0);
	report_str(t, 3, "%llu+%llu", (unsigned long long)p->initiators,
		   (unsigned long long)p->bystanders);
	for (unsigned i = 0; i < 9; i++)
		report_num(t, 4 + i, m[i].value, i == 1 ? 3 : 1);
	return 0;
}

static struct report_table *table(struct report *r)
{
	return report_table(r, "shootdown", 13, "mode", "vms", "vcpus",
			    "threads", "madvise_per_s:1/s", "ipis_per_madvise",
			    "host_ipis_per_s:1/s", "exits_per_s:1/s",
			    "lat_mean_us:us", "lat_p50_us:us", "lat_p99_us:us",
			    "lat_p999_us:us", "shootdown_cpu_pct:%");
}

static int simulate(struct sd_params *p, struct sd_profile *prof,
		    struct sd_result *res, char *err, size_t errlen)
{
	struct sd_config cfg;
	int rc;

	if (sd_params_build(p, prof, &cfg, err, errlen))
		return SIM_EXIT_ERROR;
	rc = sd_run(&cfg, res);
	if (rc) {
		snprintf(err, errlen, "model: %s", rc == -EINVAL
			 ? "impossible configuration (vCPUs, threads, size)"
			 : strerror(-rc));
		return rc == -EINVAL ? SIM_EXIT_USAGE : SIM_EXIT_ERROR;
	}
	return SIM_EXIT_OK;
}

static void cost_notes(struct report *r, const struct sd_params *p,
		       const struct sd_profile *prof)
{
	static const char *const keys[][2] = {
		{ "kernel", "syscall" }, { "kernel", "zap_page" },
		{ "kernel", "flush_page" }, { "kernel", "flush_full" },
		{ "kernel", "ceiling" },
	};
	char sec[32];

	snprintf(sec, sizeof(sec), "ipi.%s", sd_mode_names[p->mode]);
	report_note(r, "profile %s, mode %s: send %s | latency %s", p->profile,
		    sd_mode_names[p->mode],
		    profile_source(&prof->src, sec, "send") ?: "?",
		    profile_source(&prof->src, sec, "latency") ?: "?");
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		report_note(r, "%s: %s", keys[i][1],
			    profile_source(&prof->src, keys[i][0],
					   keys[i][1]) ?: "?");
}

/* PV TLB flush's gain against overcommit: 1..n VMs on the same pCPUs. */
static int pv_trend(struct sd_params *p, unsigned n, struct report *r,
		    char *err, size_t errlen)
{
	struct report_table *t = table(r), *g;
	struct sd_profile prof;
	double base[64] = { 0 };
	int rc;

	g = report_table(r, "pv_gain", 4, "vms", "madvise_per_s_off:1/s",
			 "madvise_per_s_pv:1/s", "gain:%");
	if (!t || !g)
		goto nomem;
	if (!p->pcpus)
		p->pcpus = p->vcpus;
	for (unsigned vms = 1; vms <= n; vms++) {
		for (int pv = 0; pv < 2; pv++) {
			struct sd_result res;
			struct sd_metric m[SD_METRICS];

			p->vms = vms;
			p->pv_flush = pv;
			rc = simulate(p, &prof, &res, err, errlen);
			if (rc)
				return rc;
			if (add_row(t, p, &res))
				goto nomem;
			sd_metrics(&res, m);
			if (!pv) {
				base[vms] = m[0].value;
				continue;
			}
			if (report_row(g) < 0)
				goto nomem;
			report_num(g, 0, vms, 0);
			report_num(g, 1, base[vms], 1);
			report_num(g, 2, m[0].value, 1);
			report_num(g, 3, base[vms] > 0 ? 100 * (m[0].value /
						base[vms] - 1) : 0, 1);
		}
	}
	report_note(r, "PV TLB flush patch (v8 cover letter, 2017-12-12, 64 "
		    "vCPUs per VM on 64 pCPUs, ebizzy -M): +4%%, +78%%, "
		    "+132%% with 1, 2, 3 VMs; compare the trend, not the "
		    "numbers (ebizzy is not madvise-flood)");
	cost_notes(r, p, &prof);
	return SIM_EXIT_OK;
nomem:
	snprintf(err, errlen, "out of memory");
	return SIM_EXIT_ERROR;
}

static int run(int argc, char **argv, struct report *r, char *err,
	       size_t errlen)
{
	struct opt opts[SD_PARAMS_N + 4];
	const char *calibrate = NULL, *validate = NULL;
	uint64_t trend = 0;
	struct sd_params p;
	struct sd_profile prof;
	struct sd_result res;
	struct report_table *t;
	int rc;

	sd_params_defaults(&p);
	sd_params_table(&p, opts);
	opts[SD_PARAMS_N] = (struct opt){ "pv-trend", OPT_U64, &trend, 1, 63,
		NULL, "PV TLB flush gain for 1..N VMs" };
	opts[SD_PARAMS_N + 1] = (struct opt){ "calibrate", OPT_STR, &calibrate,
		0, 0, NULL, "fit the profile's costs to a result.json" };
	opts[SD_PARAMS_N + 2] = (struct opt){ "validate", OPT_STR, &validate,
		0, 0, NULL, "predict a result.json's variants" };
	opts[SD_PARAMS_N + 3] = (struct opt){ NULL, 0, NULL, 0, 0, NULL, NULL };
	if (opts_parse(opts, argc, argv, NULL, 0, NULL, err, errlen))
		return SIM_EXIT_USAGE;
	if (calibrate)
		return sd_calibrate(&p, calibrate, r, err, errlen);
	if (validate)
		return sd_validate(&p, validate, r, err, errlen);
	if (trend)
		return pv_trend(&p, (unsigned)trend, r, err, errlen);
	rc = simulate(&p, &prof, &res, err, errlen);
	if (rc)
		return rc;
	t = table(r);
	if (!t || add_row(t, &p, &res)) {
		snprintf(err, errlen, "out of memory");
		return SIM_EXIT_ERROR;
	}
	report_note(r, "%llu calls simulated, %llu events; %llu full flushes, "
		    "%llu PV-deferred flushes, %llu PLE boosts",
		    (unsigned long long)res.calls,
		    (unsigned long long)res.events,
		    (unsigned long long)res.full_flushes,
		    (unsigned long long)res.pv_deferred,
		    (unsigned long long)res.ple_yields);
	cost_notes(r, &p, &prof);
	return SIM_EXIT_OK;
}

const struct sim_command cmd_shootdown = {
	.name = "shootdown",
	.summary = "TLB shootdown cost: IPIs, exits, madvise latency",
	.usage =
	"USAGE: tlbsim shootdown [--profile NAME] [--mode MODE] [--pv-flush]\n"
	"                        [--vcpus N] [--initiators N] [--bystanders N]\n"
	"                        [--size SIZE] [--rate R] [--work NS]\n"
	"                        [--calls N]\n"
	"                        [--vms N] [--pcpus N] [--seed N]\n"
	"       tlbsim shootdown --pv-trend N [options]\n"
	"       tlbsim shootdown --calibrate RESULT.json [--profile NAME]\n"
	"       tlbsim shootdown --validate RESULT.json [--profile NAME]\n"
	"\n"
	"Discrete-event model of madvise() TLB shootdowns in a VM: initiator\n"
	"threads madvise a region away, bystanders spin on the same mm; each\n"
	"call IPIs the other vCPUs running the mm (idle ones are lazy and\n"
	"skipped), waits for every target to flush, and pays the mode's IPI\n"
	"costs: an exit per ICR write (x2apic, xapic), none (ipiv), a\n"
	"calibrated platform (tcg).  --pv-flush: preempted targets are\n"
	"flagged instead of waited for.  --vms N puts N VMs (the others always\n"
	"busy) on --pcpus host CPUs (default: one per vCPU of one VM); a\n"
	"profile's ple_yield makes a sender that spins on a preempted target\n"
	"boost it and yield its own pCPU (PAUSE-loop exiting).  --work NS:\n"
	"user-mode CPU per call besides the touch (an application's work).\n"
	"Costs and their sources: sim/profiles/shootdown-NAME.ini.\n"
	"--pv-trend N: madvise rate without and with PV TLB flush for 1..N VMs\n"
	"(the overcommit trend of the PV TLB flush patch).\n"
	"--calibrate: fit a profile's costs to a tlblab result.json of\n"
	"madvise-flood variants and print the fitted profile;\n"
	"--validate: predict each variant of a result.json, beside measured.\n"
	"\n"
	"OPTIONS (defaults): --profile kvm, --mode x2apic, --vcpus 2,\n"
	"  --initiators 1, --bystanders 1, --size 256K, --rate 0 (flat out),\n"
	"  --work 0, --calls 2000, --vms 1, --pcpus 0 (one per vCPU), --seed 1,\n"
	"  --json\n"
	"\n"
	"EXAMPLES:\n"
	"  tlbsim shootdown --vcpus 64 --initiators 8 --bystanders 56\n"
	"  tlbsim shootdown --mode ipiv --vcpus 16 --initiators 16 --bystanders 0\n"
	"  tlbsim shootdown --pv-trend 3 --vcpus 16 --initiators 4 --bystanders 12\n"
	"  tlbsim shootdown --validate results/madvise-flood/latest/result.json "
	"--profile tcg --mode tcg\n",
	.run = run,
};
