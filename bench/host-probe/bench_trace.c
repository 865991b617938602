/*
 * bench_trace.c - how fast the probe decodes QEMU's apic_mem_writel trace,
 * against a plain line count (memchr for '\n') over the same buffer in the
 * same run: the floor any line-oriented reader pays.
 *
 * Input: the 4-vCPU madvise trace fixture, repeated to ~64 MiB.  Each pass
 * runs 5 times; the fastest is reported (wall clock, CLOCK_MONOTONIC).
 *   bench_trace [TRACE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apic_trace.h"
#include "fileio.h"
#include "trace_reader.h"

#define FIXTURE "tests/fixtures/host-probe/apic-trace.tcg-4cpu-madvise400.log"
#define TARGET	(64u << 20)
#define ROUNDS	5
#define CHUNK	(256u << 10)	/* what the backend reads at a time */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile uint64_t sink;

static void count_lines(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	uint64_t n = 0;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p = nl + 1;
	}
	sink = n;
}

static void decode_lines(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	struct apic_write w;
	uint64_t n = 0;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (apic_trace_decode(p, (size_t)(nl - p), &w, NULL) == 0)
			n += w.value;
		p = nl + 1;
	}
	sink = n;
}

static void read_trace(const char *buf, size_t len)
{
	struct trace_reader_config cfg = { .keep_events = 1 };
	struct trace_reader r;

	if (trace_reader_init(&r, &cfg))
		abort();
	for (size_t off = 0; off < len; off += CHUNK)
		trace_reader_feed(&r, buf + off,
				  len - off < CHUNK ? len - off : CHUNK);
	trace_reader_finish(&r);
	sink = r.total.deliveries;
	trace_reader_free(&r);
}

static double best(void (*fn)(const char *, size_t), const char *buf,
		   size_t len)
{
	double min = 1e9;

	for (int i = 0; i < ROUNDS; i++) {
		double t = now();

		fn(buf, len);
		t = now() - t;
		if (t < min)
			min = t;
	}
	return min;
}

int main(int argc, char **argv)
{
	const char *paths[] = { argc > 1 ? argv[1] : NULL, "../" FIXTURE,
				FIXTURE };
	char *one = NULL, *buf;
	size_t len = 0, total = 0, lines = 0;
	double t_count, t_decode, t_reader;

	for (size_t i = 0; i < 3 && !one; i++)
		if (paths[i] && read_whole_file(paths[i], 64 << 20, &one, &len))
			one = NULL;
	if (!one) {
		fprintf(stderr, "bench_trace: cannot read %s (give the trace "
			"as argument)\n", FIXTURE);
		return 1;
	}
	buf = malloc(TARGET + len);
	if (!buf)
		return 1;
	while (total < TARGET) {
		memcpy(buf + total, one, len);
		total += len;
	}
	for (size_t i = 0; i < total; i++)
		lines += buf[i] == '\n';
	t_count = best(count_lines, buf, total);
	t_decode = best(decode_lines, buf, total);
	t_reader = best(read_trace, buf, total);
	printf("trace: %zu MiB, %zu lines (fixture x%zu), best of %d\n",
	       total >> 20, lines, total / len, ROUNDS);
	printf("%-28s %12s %10s %9s\n", "PASS", "LINES/S", "MIB/S",
	       "VS_COUNT");
	printf("%-28s %12.0f %10.0f %8.2fx\n", "line count (memchr)",
	       lines / t_count, total / t_count / 1048576, 1.0);
	printf("%-28s %12.0f %10.0f %8.2fx\n", "apic_trace_decode",
	       lines / t_decode, total / t_decode / 1048576,
	       t_decode / t_count);
	printf("%-28s %12.0f %10.0f %8.2fx\n", "trace_reader (full count)",
	       lines / t_reader, total / t_reader / 1048576,
	       t_reader / t_count);
	free(buf);
	free(one);
	return 0;
}
