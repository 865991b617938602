/*
 * bench_shootdown.c - shootdown model speed in simulated events per
 * second, beside the event queue alone (the same number of pushes and
 * pops, measured in the same run); best of 3 each, the machine being
 * shared.  Figures only.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "evq.h"
#include "rng.h"
#include "sdparams.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds for n pushes and pops with a queue about depth deep. */
static double queue_only(uint64_t n, unsigned depth)
{
	struct evq q;
	struct event e;
	uint64_t rng = 1;
	double t0 = now(), t = 0;

	evq_init(&q);
	for (unsigned i = 0; i < depth; i++)
		evq_push(&q, rng_unit(&rng) * 1e6, 0, i, 0);
	for (uint64_t i = 0; i < n; i++) {
		evq_pop(&q, &e);
		t = e.t;
		evq_push(&q, t + rng_unit(&rng) * 1e6, 0, e.id, 0);
	}
	evq_free(&q);
	return now() - t0;
}

int main(void)
{
	static const struct {
		const char *label;
		unsigned vcpus, init, bys, vms;
		int pv;
		uint64_t calls;
	} cases[] = {
		{ "2 vCPUs, 1+1", 2, 1, 1, 1, 0, 200000 },
		{ "64 vCPUs, 16+48", 64, 16, 48, 1, 0, 20000 },
		{ "64 vCPUs x 3 VMs, PV", 64, 16, 48, 3, 1, 20000 },
	};
	struct sd_params p;
	struct sd_profile prof;
	struct sd_config cfg;
	char err[256];

	printf("shootdown model, profile kvm, mode x2apic, one core, best of 3\n");
	printf("%-24s %10s %12s %14s %16s\n", "CASE", "CALLS", "EVENTS",
	       "MODEL(Mev/s)", "QUEUE_ONLY(Mev/s)");
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sd_result r;
		double t, q;

		sd_params_defaults(&p);
		p.vcpus = cases[i].vcpus;
		p.initiators = cases[i].init;
		p.bystanders = cases[i].bys;
		p.vms = cases[i].vms;
		p.pcpus = cases[i].vms > 1 ? cases[i].vcpus : 0;
		p.pv_flush = cases[i].pv;
		p.calls = cases[i].calls;
		if (sd_params_build(&p, &prof, &cfg, err, sizeof(err))) {
			fprintf(stderr, "bench_shootdown: %s\n", err);
			return 1;
		}
		t = q = 1e30;
		for (int round = 0; round < 3; round++) {
			double t0 = now(), tq;

			if (sd_run(&cfg, &r))
				return 1;
			t0 = now() - t0;
			if (t0 < t)
				t = t0;
			tq = queue_only(r.events, cases[i].vcpus *
					cases[i].vms);
			if (tq < q)
				q = tq;
		}
		printf("%-24s %10llu %12llu %14.2f %16.2f\n", cases[i].label,
		       (unsigned long long)r.calls,
		       (unsigned long long)r.events, r.events / t / 1e6,
		       r.events / q / 1e6);
	}
	return 0;
}
