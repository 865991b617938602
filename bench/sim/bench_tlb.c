/*
 * bench_tlb.c - TLB model throughput (issue 5 target: >= 50 million
 * accesses per second per core), per pattern and configuration, beside
 * baselines measured in the same run: generating the addresses alone
 * (per pattern), and memchr() over a cached buffer before and after the
 * rows (how fast the machine is right now: on a shared machine compare
 * figures through it).  Figures only, never pass/fail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpuprofile.h"
#include "fileio.h"
#include "pattern.h"
#include "tlb.h"

#define BATCH	4096
#define N	(20ull * 1000 * 1000)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int load_cpu(struct tlb_cpu *cpu)
{
	struct parse_error pe;
	char path[512], *buf;
	size_t len;
	int rc;

	profile_resolve("cpu", "article004", path, sizeof(path));
	if (read_whole_file(path, 1 << 20, &buf, &len))
		return -1;
	rc = cpuprofile_parse(buf, len, cpu, NULL, &pe);
	free(buf);
	return rc;
}

/* memchr() through a 64 KiB buffer held in cache, GB/s (best of 3). */
static double memchr_gbs(void)
{
	static char buf[65536];
	double best = 1e30;
	size_t found = 0;

	memset(buf, 'a', sizeof(buf));
	for (int round = 0; round < 3; round++) {
		double t0 = now();

		for (int i = 0; i < 20000; i++) {
			buf[sizeof(buf) - 1 - (i & 1)] = 'b';
			found += (size_t)((char *)memchr(buf, 'b', sizeof(buf)) -
					  buf);
			buf[sizeof(buf) - 1 - (i & 1)] = 'a';
		}
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
	}
	return found ? 20000.0 * sizeof(buf) / best / 1e9 : 0;
}

/* Seconds to generate N addresses, and (if cfg) to run them through a
 * model of cfg: the best of 3 runs (the machine is shared). */
static double timed(enum pattern_kind kind, const struct tlb_config *cfg,
		    struct tlb_stats *st)
{
	static uint64_t buf[BATCH];
	double best = 1e30;

	for (int round = 0; round < 3; round++) {
		struct tlb_model *m = NULL;
		struct pattern p;
		double t0;

		if (pattern_init(&p, kind, 1ull << 30, 64, 0.99, NULL, 0, 7) ||
		    (cfg && tlb_create(cfg, &m)))
			return -1;
		t0 = now();
		for (uint64_t done = 0; done < N; done += BATCH) {
			pattern_fill(&p, buf, BATCH);
			if (m)
				tlb_run(m, buf, BATCH);
		}
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
		if (m) {
			tlb_get_stats(m, st);
			tlb_destroy(m);
		}
		pattern_free(&p);
	}
	return best;
}

int main(void)
{
	static const struct {
		const char *label;
		int nested;
		double host_2m;
	} cfgs[] = {
		{ "native-4K", 0, 0 },
		{ "nested-4K/4K", 1, 0 },
		{ "nested-4K/mix0.5", 1, 0.5 },
	};
	static const enum pattern_kind kinds[] = { PAT_SEQ, PAT_UNIFORM,
						   PAT_ZIPF };
	struct tlb_cpu cpu;

	if (load_cpu(&cpu)) {
		fprintf(stderr, "bench_tlb: cannot load cpu-article004\n");
		return 1;
	}
	printf("TLB model, profile article004, working set 1 GiB, %llu "
	       "accesses per row (best of 3), one core\n", (unsigned long long)N);
	printf("reference before: memchr %.1f GB/s\n", memchr_gbs());
	printf("%-8s %-18s %14s %14s %16s %12s\n", "PATTERN", "CONFIG",
	       "BASELINE(M/s)", "MODEL(M/s)", "MODEL_ONLY(ns)", "L2_MPKA");
	for (unsigned k = 0; k < 3; k++) {
		double base = timed(kinds[k], NULL, NULL);

		for (unsigned c = 0; c < 3; c++) {
			struct tlb_config cfg = { .cpu = cpu,
				.nested = cfgs[c].nested,
				.guest_page = PS_4K,
				.host_2m = cfgs[c].host_2m };
			struct tlb_stats s;
			double t = timed(kinds[k], &cfg, &s);

			if (t < 0)
				return 1;
			printf("%-8s %-18s %14.1f %14.1f %16.2f %12.1f\n",
			       pattern_names[kinds[k]], cfgs[c].label,
			       (double)N / base / 1e6, (double)N / t / 1e6,
			       (t - base) / (double)N * 1e9,
			       1000.0 * (double)s.l2_miss / (double)s.accesses);
		}
	}
	printf("reference after: memchr %.1f GB/s\n", memchr_gbs());
	return 0;
}
