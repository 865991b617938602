/*
 * test_trace_reader.c - IPI counting over real QEMU 7.2 TCG traces.
 *
 * Expected counts come from an independent reference (a 40-line Python
 * reimplementation of the decoding rules run over the same fixtures, see
 * tests/fixtures/README.md) and, for the measured window, from the guest's
 * own /proc/interrupts printed in the same run.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fileio.h"
#include "trace_reader.h"

#define BOOT2	FIXTURES_DIR "/qemu/apic-trace.tcg-boot-2cpu.log"
#define RUN4	FIXTURES_DIR "/host-probe/apic-trace.tcg-4cpu-madvise400.log"
#define CONSOLE4 FIXTURES_DIR "/host-probe/console.tcg-4cpu-madvise400.stamped"

/* query-cpus-fast of the 4-vCPU run (fixture query-cpus-fast.*.json). */
static const pid_t run4_tids[] = { 6556, 6557, 6558, 6559 };

/* noinline: GCC 12 otherwise warns of a dangling pointer to buf. */
static __attribute__((noinline)) char *load(const char *path, size_t *len)
{
	char *buf = NULL;
	int rc = read_whole_file(path, 8 << 20, &buf, len);

	if (rc)
		fail_msg("%s: error %d", path, rc);
	return buf;
}

static void read_all(struct trace_reader *r, const char *path,
		     const struct trace_reader_config *cfg)
{
	size_t len;
	char *buf = load(path, &len);

	assert_int_equal(trace_reader_init(r, cfg), 0);
	assert_int_equal(trace_reader_feed(r, buf, len), 0);
	assert_int_equal(trace_reader_finish(r), 0);
	free(buf);
}

static void test_two_cpu_boot(void **state)
{
	struct trace_reader_config cfg = { .keep_events = 1 };
	struct trace_reader r;
	const struct trace_thread *th;
	size_t n;

	(void)state;
	read_all(&r, BOOT2, &cfg);
	assert_int_equal(r.stats.lines, 2129);
	assert_int_equal(r.stats.malformed, 0);
	assert_int_equal(r.stats.icr_lo_writes, 378);
	assert_int_equal(r.stats.icr_hi_writes, 375);
	assert_int_equal(r.stats.other_writes, 1376);
	assert_int_equal(r.stats.by_delivery[ICR_DM_FIXED], 372);
	assert_int_equal(r.stats.by_delivery[ICR_DM_INIT], 3);
	assert_int_equal(r.stats.by_delivery[ICR_DM_SIPI], 3);
	assert_int_equal(r.total.writes, 372);
	assert_int_equal(r.total.deliveries, 372);
	/* vCPU 0 boots first, so first appearance numbers it 0. */
	th = trace_reader_threads(&r, &n);
	assert_int_equal(n, 2);
	assert_int_equal(th[0].tid, 2839);
	assert_int_equal(th[0].cpu, 0);
	assert_int_equal(th[1].tid, 2840);
	assert_int_equal(ipi_tally_count(&r.total, 0, 1, IPI_CLASS_CFS), 170);
	assert_int_equal(ipi_tally_count(&r.total, 0, 1, IPI_CLASS_RES), 21);
	assert_int_equal(ipi_tally_count(&r.total, 0, 1, IPI_CLASS_OTHER), 1);
	assert_int_equal(ipi_tally_count(&r.total, 1, 0, IPI_CLASS_CFS), 130);
	assert_int_equal(ipi_tally_count(&r.total, 1, 0, IPI_CLASS_RES), 50);
	assert_int_equal(ipi_tally_count(&r.total, 0, 0, IPI_ANY), 0);
	assert_int_equal(r.stats.first_us, 1795405669545540ll);
	assert_int_equal(r.stats.last_us, 1795405671755646ll);
	trace_reader_free(&r);
}

static void check_run4_totals(const struct trace_reader *r)
{
	static const uint64_t to_cpu[4] = { 183, 594, 582, 569 };

	assert_int_equal(r->stats.malformed, 0);
	assert_int_equal(r->total.writes, 1006);
	assert_int_equal(r->total.deliveries, 1928);
	for (int c = 0; c < 4; c++)
		assert_int_equal(ipi_tally_count(&r->total, IPI_ANY, c,
						 IPI_ANY), to_cpu[c]);
	/* CPU 0 flushed the three spinning CPUs with "all but self". */
	assert_int_equal(ipi_tally_count(&r->total, 0, 1, IPI_CLASS_CF), 439);
	assert_int_equal(ipi_tally_count(&r->total, 0, 3, IPI_CLASS_CF), 440);
	/* CPU 2 sent 0xfc to logical masks (0x03, 0x0a) and by shorthand. */
	assert_int_equal(ipi_tally_count(&r->total, 2, 1, IPI_CLASS_CF), 18);
	assert_int_equal(ipi_tally_count(&r->total, 2, 0, IPI_CLASS_CF), 17);
	/* The 0xf8 REBOOT of poweroff went to the three others. */
	assert_int_equal(ipi_tally_count(&r->total, 0, IPI_ANY,
					 IPI_CLASS_OTHER), 3);
}

static void test_four_cpu_run_with_qmp_map(void **state)
{
	struct trace_reader_config cfg = {
		.vcpu_tids = run4_tids, .nvcpus = 4, .keep_events = 1,
	};
	struct trace_reader r;

	(void)state;
	read_all(&r, RUN4, &cfg);
	assert_true(r.map_given);
	assert_int_equal(trace_reader_ncpus(&r), 4);
	check_run4_totals(&r);
	trace_reader_free(&r);

	/* First appearance gives the same numbering on this trace. */
	cfg.vcpu_tids = NULL;
	cfg.nvcpus = 0;
	read_all(&r, RUN4, &cfg);
	assert_false(r.map_given);
	check_run4_totals(&r);
	trace_reader_free(&r);
}

static void test_unknown_threads_get_their_own_bucket(void **state)
{
	struct trace_reader_config cfg = {
		.vcpu_tids = run4_tids, .nvcpus = 2, .ncpus = 4,
	};
	struct trace_reader r;

	(void)state;
	read_all(&r, RUN4, &cfg);
	assert_int_equal(r.stats.threads, 4);
	assert_int_equal(r.stats.unknown_threads, 2);
	/* ICR-low writes by 6558 and 6559 (awk over the fixture): 271. */
	assert_int_equal(r.stats.unknown_writes, 271);
	assert_true(ipi_tally_count(&r.total, IPI_CPU_UNKNOWN, IPI_ANY,
				    IPI_ANY) > 0);
	/* Known senders keep their counts. */
	assert_int_equal(ipi_tally_count(&r.total, 0, 1, IPI_CLASS_CF), 439);
	trace_reader_free(&r);
}

/* Feeding in any chunking gives what one feed gives: partial lines are
 * kept across feeds. */
static void test_partial_lines_across_feeds(void **state)
{
	struct trace_reader_config cfg = { .keep_events = 1 };
	struct trace_reader whole, bytes, odd;
	size_t len;
	char *buf = load(RUN4, &len);

	(void)state;
	read_all(&whole, RUN4, &cfg);
	assert_int_equal(trace_reader_init(&bytes, &cfg), 0);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(trace_reader_feed(&bytes, buf + i, 1), 0);
	assert_int_equal(trace_reader_init(&odd, &cfg), 0);
	for (size_t i = 0, step = 1; i < len; i += step, step = step * 7 % 97 + 1)
		assert_int_equal(trace_reader_feed(&odd, buf + i,
				 i + step > len ? len - i : step), 0);
	assert_int_equal(trace_reader_finish(&bytes), 0);
	assert_int_equal(trace_reader_finish(&odd), 0);
	assert_int_equal(bytes.stats.lines, whole.stats.lines);
	assert_int_equal(odd.stats.lines, whole.stats.lines);
	check_run4_totals(&bytes);
	check_run4_totals(&odd);
	assert_int_equal(bytes.stats.events_kept, whole.stats.events_kept);
	trace_reader_free(&whole);
	trace_reader_free(&bytes);
	trace_reader_free(&odd);
	free(buf);
}

static void test_incomplete_last_line_waits_for_finish(void **state)
{
	static const char hi[] = "6203@1795405960.251809:apic_mem_writel "
				 "0x310 = 0x03000000\n";
	static const char lo[] = "6203@1795405960.251811:apic_mem_writel "
				 "0x300 = 0x000008fc";
	struct trace_reader_config cfg = { 0 };
	struct trace_reader r;

	(void)state;
	assert_int_equal(trace_reader_init(&r, &cfg), 0);
	assert_int_equal(trace_reader_feed(&r, hi, strlen(hi)), 0);
	assert_int_equal(trace_reader_feed(&r, lo, strlen(lo)), 0);
	assert_int_equal(r.stats.lines, 1);
	assert_int_equal(r.total.writes, 0);
	assert_int_equal(trace_reader_finish(&r), 0);
	assert_int_equal(r.stats.lines, 2);
	/* Logical mask 0x03 from the only thread (cpu0): cpu0 and cpu1. */
	assert_int_equal(r.total.writes, 1);
	assert_int_equal(r.total.deliveries, 2);
	assert_int_equal(ipi_tally_count(&r.total, 0, 0, IPI_CLASS_CF), 1);
	assert_int_equal(ipi_tally_count(&r.total, 0, 1, IPI_CLASS_CF), 1);
	trace_reader_free(&r);
}

static void feed_str(struct trace_reader *r, const char *s)
{
	assert_int_equal(trace_reader_feed(r, s, strlen(s)), 0);
}

static void test_malformed_lines_are_counted_with_line_number(void **state)
{
	struct trace_reader_config cfg = { 0 };
	struct trace_reader r;
	char *junk = malloc(3 * TRACE_MAX_LINE);

	(void)state;
	assert_int_equal(trace_reader_init(&r, &cfg), 0);
	feed_str(&r, "2839@1795405670.718755:apic_mem_writel 0x310 = 0x01000000\n"
		     "\n"
		     "qemu-system-x86_64: terminating on signal 15 from pid 1\n"
		     "2840@1795405670.718761:apic_mem_writel 0x3\n"
		     "apic_mem_writel 0x300 = 0x000008fb\n"
		     "2839@1795405670.718761:apic_mem_writel 0x300 = 0x000008fb\n");
	assert_int_equal(r.stats.lines, 6);
	assert_int_equal(r.stats.malformed, 3);
	assert_int_equal(r.stats.first_malformed_line, 3);
	assert_int_equal(r.stats.first_malformed.line, 3);
	assert_string_equal(r.stats.first_malformed.field, "event");
	/* The good lines still count. */
	assert_int_equal(r.total.writes, 1);

	/* A line longer than TRACE_MAX_LINE, fed in pieces, is one
	 * malformed line; the next line decodes. */
	memset(junk, 'x', 3 * TRACE_MAX_LINE);
	for (int i = 0; i < 3; i++)
		assert_int_equal(trace_reader_feed(&r, junk, TRACE_MAX_LINE),
				 0);
	feed_str(&r, "\n2839@1795405670.718771:apic_mem_writel 0x300 = 0x000008fd\n");
	assert_int_equal(r.stats.malformed, 4);
	assert_int_equal(r.stats.lines, 8);
	assert_int_equal(r.total.writes, 2);
	assert_int_equal(r.total.by_class[IPI_CLASS_RES], 1);
	free(junk);
	trace_reader_free(&r);
}

/* Cases the real traces do not show, in QEMU's exact format: shorthands
 * self and all-including-self, physical destinations and broadcast, an
 * LDR that is not 1 << cpu, an empty logical mask. */
static void test_destination_forms(void **state)
{
	struct trace_reader_config cfg = { .ncpus = 3, .keep_events = 1 };
	struct trace_reader r;

	(void)state;
	assert_int_equal(trace_reader_init(&r, &cfg), 0);
	feed_str(&r,
		/* threads 10, 11, 12 become cpu0..2; cpu2's LDR is bit 0 */
		"10@100.000001:apic_mem_writel 0xb0 = 0x00000000\n"
		"11@100.000002:apic_mem_writel 0xb0 = 0x00000000\n"
		"12@100.000003:apic_mem_writel 0xd0 = 0x01000000\n"
		/* cpu1: self IRQ_WORK (shorthand 1) */
		"11@100.000010:apic_mem_writel 0x300 = 0x000400f6\n"
		/* cpu1: all including self (shorthand 2), reschedule */
		"11@100.000011:apic_mem_writel 0x300 = 0x000808fd\n"
		/* cpu0: physical APIC 2 */
		"10@100.000012:apic_mem_writel 0x310 = 0x02000000\n"
		"10@100.000013:apic_mem_writel 0x300 = 0x000000fb\n"
		/* cpu0: physical broadcast 0xff */
		"10@100.000014:apic_mem_writel 0x310 = 0xff000000\n"
		"10@100.000015:apic_mem_writel 0x300 = 0x000000fc\n"
		/* cpu1: logical bit 0, which cpu2's LDR claimed */
		"11@100.000016:apic_mem_writel 0x310 = 0x01000000\n"
		"11@100.000017:apic_mem_writel 0x300 = 0x000008fb\n"
		/* cpu1: an empty logical mask reaches nobody */
		"11@100.000018:apic_mem_writel 0x310 = 0x00000000\n"
		"11@100.000019:apic_mem_writel 0x300 = 0x000008fb\n"
		/* cpu2: NMI, not a fixed IPI */
		"12@100.000020:apic_mem_writel 0x300 = 0x00000400\n");
	assert_int_equal(r.stats.malformed, 0);
	assert_int_equal(ipi_tally_count(&r.total, 1, 1, IPI_CLASS_OTHER), 1);
	for (int c = 0; c < 3; c++)
		assert_int_equal(ipi_tally_count(&r.total, 1, c,
						 IPI_CLASS_RES), 1);
	assert_int_equal(ipi_tally_count(&r.total, 0, 2, IPI_CLASS_CFS), 1);
	for (int c = 0; c < 3; c++)
		assert_int_equal(ipi_tally_count(&r.total, 0, c,
						 IPI_CLASS_CF), 1);
	assert_int_equal(ipi_tally_count(&r.total, 1, 2, IPI_CLASS_CFS), 1);
	assert_int_equal(ipi_tally_count(&r.total, 1, 0, IPI_CLASS_CFS), 0);
	assert_int_equal(r.total.writes, 6);
	assert_int_equal(r.total.deliveries, 1 + 3 + 1 + 3 + 1);
	assert_int_equal(r.stats.by_delivery[ICR_DM_NMI], 1);
	trace_reader_free(&r);
}

static void test_repeated_or_zero_tids_are_refused(void **state)
{
	static const pid_t same[] = { 77, 77 };
	static const pid_t zero[] = { 77, 0 };
	struct trace_reader_config cfg = { .vcpu_tids = same, .nvcpus = 2 };
	struct trace_reader r;

	(void)state;
	assert_int_equal(trace_reader_init(&r, &cfg), -EINVAL);
	trace_reader_free(&r);
	cfg.vcpu_tids = zero;
	assert_int_equal(trace_reader_init(&r, &cfg), -EINVAL);
	trace_reader_free(&r);
}

/* "NNN text" lines of the stamped console: the stamp of the n-th line
 * containing key, and optionally the 4 numbers after key. */
static int64_t console_find(const char *text, const char *key, int nth,
			    unsigned long v[4])
{
	const char *p = text;

	for (;;) {
		const char *hit = strstr(p, key), *bol;
		long long stamp;

		assert_non_null(hit);
		for (bol = hit; bol > text && bol[-1] != '\n'; bol--)
			;
		p = hit + 1;
		if (nth-- > 0)
			continue;
		assert_int_equal(sscanf(bol, "%lld", &stamp), 1);
		if (v)
			assert_int_equal(sscanf(hit + strlen(key),
				"%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]), 4);
		return stamp;
	}
}

/*
 * The window between the guest's two /proc/interrupts snapshots (host
 * receipt stamps of their header lines): host-side deliveries to each
 * CPU of 0xfb+0xfc+0xfd against the guest's CAL+RES increase.
 */
static void test_window_matches_guest_interrupts(void **state)
{
	struct trace_reader_config cfg = {
		.vcpu_tids = run4_tids, .nvcpus = 4, .keep_events = 1,
	};
	unsigned long cal0[4], cal1[4], res0[4], res1[4];
	static const uint64_t ref[4] = { 2, 404, 402, 401 };
	struct trace_reader r;
	struct ipi_tally w;
	int64_t t0, t1;
	size_t len;
	char *con = load(CONSOLE4, &len);

	(void)state;
	t0 = console_find(con, "CPU0", 0, NULL);
	t1 = console_find(con, "CPU0", 1, NULL);
	console_find(con, "CAL:", 0, cal0);
	console_find(con, "CAL:", 1, cal1);
	console_find(con, "RES:", 0, res0);
	console_find(con, "RES:", 1, res1);
	read_all(&r, RUN4, &cfg);
	assert_int_equal(trace_reader_window(&r, t0, t1, &w), 0);
	assert_int_equal(w.writes, 407);
	for (int c = 0; c < 4; c++) {
		uint64_t host = ipi_tally_count(&w, IPI_ANY, c, IPI_ANY) -
				ipi_tally_count(&w, IPI_ANY, c, IPI_CLASS_OTHER);
		uint64_t guest = (cal1[c] - cal0[c]) + (res1[c] - res0[c]);
		uint64_t diff = host > guest ? host - guest : guest - host;

		assert_int_equal(host, ref[c]);
		/* The snapshots are not at the window's exact edges: allow
		 * one IPI or 0.5%. */
		assert_true(diff <= 1 || diff * 200 <= guest);
	}
	ipi_tally_free(&w);
	trace_reader_free(&r);
	free(con);
}

static void test_window_edges_are_exact(void **state)
{
	struct trace_reader_config cfg = { .keep_events = 1 };
	struct trace_reader r;
	struct ipi_tally w;
	/* The first IPI of the boot trace: 2840 -> cpu0 at .718761. */
	const int64_t t = 1795405670718761ll * 1000;

	(void)state;
	read_all(&r, BOOT2, &cfg);
	assert_int_equal(trace_reader_window(&r, t, t, &w), 0);
	assert_int_equal(w.writes, 0);
	ipi_tally_free(&w);
	assert_int_equal(trace_reader_window(&r, t, t + 1, &w), 0);
	assert_int_equal(w.writes, 1);
	assert_int_equal(ipi_tally_count(&w, 1, 0, IPI_CLASS_CFS), 1);
	ipi_tally_free(&w);
	assert_int_equal(trace_reader_window(&r, t + 1, t + 1000, &w), 0);
	assert_int_equal(w.writes, 0);
	ipi_tally_free(&w);
	/* The whole span equals the totals. */
	assert_int_equal(trace_reader_window(&r, 0, INT64_MAX, &w), 0);
	assert_int_equal(w.writes, r.total.writes);
	assert_int_equal(w.deliveries, r.total.deliveries);
	ipi_tally_free(&w);
	assert_int_equal(trace_reader_window(&r, t, t - 1, &w), -EINVAL);
	trace_reader_free(&r);

	/* Without kept events, or with some dropped, no window. */
	cfg.keep_events = 0;
	read_all(&r, BOOT2, &cfg);
	assert_int_equal(trace_reader_window(&r, 0, INT64_MAX, &w), -EINVAL);
	trace_reader_free(&r);
	cfg.keep_events = 1;
	cfg.max_events = 10;
	read_all(&r, BOOT2, &cfg);
	assert_int_equal(r.stats.events_kept, 10);
	assert_int_equal(r.stats.events_dropped, 362);
	assert_int_equal(trace_reader_window(&r, 0, INT64_MAX, &w), -ENOSPC);
	trace_reader_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_cpu_boot),
		cmocka_unit_test(test_four_cpu_run_with_qmp_map),
		cmocka_unit_test(test_unknown_threads_get_their_own_bucket),
		cmocka_unit_test(test_partial_lines_across_feeds),
		cmocka_unit_test(test_incomplete_last_line_waits_for_finish),
		cmocka_unit_test(test_malformed_lines_are_counted_with_line_number),
		cmocka_unit_test(test_destination_forms),
		cmocka_unit_test(test_repeated_or_zero_tids_are_refused),
		cmocka_unit_test(test_window_matches_guest_interrupts),
		cmocka_unit_test(test_window_edges_are_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
