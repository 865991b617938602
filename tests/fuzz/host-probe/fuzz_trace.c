/*
 * fuzz_trace.c - the apic_mem_writel trace reader on arbitrary bytes.
 *
 * Besides memory errors it checks the reader's own promises: feeding the
 * input in pieces (cut where the first byte says) counts exactly what one
 * feed counts, and a window covering all time counts what the totals do.
 */
#include <stdint.h>
#include <stdlib.h>

#include "trace_reader.h"

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader_config cfg = { .keep_events = 1, .ncpus = 0 };
	static const pid_t tids[] = { 2839, 2840 };
	struct trace_reader one, cut;
	struct ipi_tally all;
	size_t step, i;

	if (size && (data[0] & 1)) {
		cfg.vcpu_tids = tids;
		cfg.nvcpus = 2;
	}
	step = size ? (size_t)(data[0] >> 1) + 1 : 1;
	check(trace_reader_init(&one, &cfg) == 0);
	check(trace_reader_init(&cut, &cfg) == 0);
	check(trace_reader_feed(&one, (const char *)data, size) == 0);
	for (i = 0; i < size; i += step)
		check(trace_reader_feed(&cut, (const char *)data + i,
					size - i < step ? size - i : step) == 0);
	check(trace_reader_finish(&one) == 0);
	check(trace_reader_finish(&cut) == 0);
	check(one.stats.lines == cut.stats.lines);
	check(one.stats.malformed == cut.stats.malformed);
	check(one.total.writes == cut.total.writes);
	check(one.total.deliveries == cut.total.deliveries);
	check(one.total.deliveries ==
	      ipi_tally_count(&one.total, IPI_ANY, IPI_ANY, IPI_ANY));
	check(trace_reader_window(&one, INT64_MIN, INT64_MAX, &all) == 0);
	check(all.writes == one.total.writes);
	check(all.deliveries == one.total.deliveries);
	ipi_tally_free(&all);
	trace_reader_free(&one);
	trace_reader_free(&cut);
	return 0;
}
