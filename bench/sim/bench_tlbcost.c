/*
 * bench_tlbcost.c - measure this machine's TLB costs for the CPU profile
 * (sim/profiles/cpu-devbox.ini cites these figures).
 *
 * A dependent pointer chase visits one cache line in each of P pages, in a
 * random cyclic order, so every access waits for the previous one.  The
 * same chase runs over memory madvised MADV_NOHUGEPAGE (4 KiB pages) and
 * MADV_HUGEPAGE (2 MiB THP, checked in /proc/self/smaps): the data lines
 * touched are the same, so the difference per access is what translation
 * costs.  P = 32 stays in the L1 TLB, P = 1,024 misses L1 (64 or 96
 * entries) but fits L2, P = 262,144 (1 GiB) misses both.  Figures only,
 * never pass/fail; the minimum of 5 rounds is printed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "rng.h"

#define PAGE	4096ul
#define HUGE	(2ul << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* AnonHugePages of the mapping holding addr, in kB (-1 if unknown). */
static long anon_huge_kb(void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	unsigned long lo, hi, a = (unsigned long)addr;
	int in = 0;
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') == line + strcspn(line, "-")) {
			in = a >= lo && a < hi;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* ns per access of a chase over pages pages of buf. */
static double chase(char *buf, uint64_t pages, uint64_t steps, uint64_t seed)
{
	uint64_t *order = malloc(pages * sizeof(*order)), rng = seed;
	double best = 1e30;

	if (!order)
		return -1;
	for (uint64_t i = 0; i < pages; i++)
		order[i] = i;
	for (uint64_t i = pages - 1; i > 0; i--) {	/* Fisher-Yates */
		uint64_t j = rng_below(&rng, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	/* Line (page * 7) % 64 of each page: spreads the data cache sets. */
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t from = order[i], to = order[(i + 1) % pages];
		void **slot = (void **)(buf + from * PAGE + (from * 7 % 64) * 64);

		*slot = buf + to * PAGE + (to * 7 % 64) * 64;
	}
	for (int round = 0; round < 5; round++) {
		void **p = (void **)(buf + order[0] * PAGE +
				     (order[0] * 7 % 64) * 64);
		double t0 = now(), dt;

		for (uint64_t s = 0; s < steps; s++)
			p = *p;
		dt = now() - t0;
		if (p == NULL)	/* keep the chase alive */
			puts("");
		if (dt / (double)steps < best)
			best = dt / (double)steps;
	}
	free(order);
	return best * 1e9;
}

int main(void)
{
	static const uint64_t sizes[] = { 32, 1024, 16384, 262144 };
	const uint64_t max = 262144, steps = 4000000;
	char *buf[2];
	long huge_kb;

	for (int h = 0; h < 2; h++) {
		buf[h] = mmap(NULL, max * PAGE + HUGE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buf[h] == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		/* Align to 2 MiB so THP can back whole huge pages. */
		buf[h] = (char *)(((uintptr_t)buf[h] + HUGE - 1) & ~(HUGE - 1));
		madvise(buf[h], max * PAGE, h ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		memset(buf[h], 1, max * PAGE);
	}
	huge_kb = anon_huge_kb(buf[1]);
	printf("THP-backed: %ld kB of %lu kB; 4K run: %ld kB\n", huge_kb,
	       max * PAGE / 1024, anon_huge_kb(buf[0]));
	printf("%-8s %10s %12s %12s %12s\n", "PAGES", "SPAN(KiB)", "4K(ns)",
	       "THP(ns)", "DIFF(ns)");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double t4 = chase(buf[0], sizes[i], steps, 42 + i);
		double t2 = chase(buf[1], sizes[i], steps, 42 + i);

		printf("%-8lu %10lu %12.2f %12.2f %12.2f\n",
		       (unsigned long)sizes[i],
		       (unsigned long)(sizes[i] * PAGE / 1024), t4, t2, t4 - t2);
	}
	return 0;
}
