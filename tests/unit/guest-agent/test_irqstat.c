/* test_irqstat.c - /proc/interrupts parser on real files from a TCG guest
 * (2 and 4 vCPUs, one with an offline CPU) and the workstation, plus
 * malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "irqstat.h"
#include "fixture.h"

static struct irq_snapshot snap, snap2, delta;

static int parse_fixture(const char *name, struct irq_snapshot *out)
{
	size_t len;
	char *buf = fixture(name, &len);
	int rc = irq_parse(buf, len, out, NULL);

	free(buf);
	return rc;
}

static void test_tcg_guest_2cpu(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("proc/interrupts.tcg-guest-2cpu", &snap), 0);
	assert_int_equal(snap.ncols, 2);
	assert_int_equal(snap.cpu[1], 1);
	assert_int_equal(snap.count[IRQ_RES][0], 39);
	assert_int_equal(snap.count[IRQ_RES][1], 31);
	assert_int_equal(snap.count[IRQ_CAL][0], 212);
	assert_int_equal(snap.count[IRQ_CAL][1], 221);
	assert_int_equal(irq_total(&snap, IRQ_TLB), 0);
}

static void test_workstation(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("proc/interrupts.workstation-2026-11-23",
				       &snap), 0);
	assert_int_equal(snap.count[IRQ_TLB][0], 1169);
	assert_int_equal(snap.count[IRQ_TLB][1], 876);
	assert_int_equal(irq_total(&snap, IRQ_CAL), 23444 + 26116);
	assert_int_equal(irq_cpu_span(&snap), 2);
}

/* After 500 madvise calls with the bystander on CPU1: its TLB line. */
static void test_4cpu_after_flood(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("guest-agent/interrupts.tcg-guest-4cpu-after-flood",
				       &snap), 0);
	assert_int_equal(snap.ncols, 4);
	assert_int_equal(snap.count[IRQ_TLB][1], 501);
	assert_int_equal(snap.count[IRQ_TLB][3], 1);
	assert_int_equal(snap.count[IRQ_CAL][1], 622);
	assert_int_equal(snap.count[IRQ_RES][2], 18);
}

/* Columns are CPU0 CPU2 CPU3: column index != CPU number. */
static void test_offline_cpu(void **state)
{
	(void)state;
	assert_int_equal(parse_fixture("guest-agent/interrupts.tcg-guest-4cpu-cpu1-offline",
				       &snap), 0);
	assert_int_equal(snap.ncols, 3);
	assert_int_equal(snap.cpu[0], 0);
	assert_int_equal(snap.cpu[1], 2);
	assert_int_equal(snap.cpu[2], 3);
	assert_int_equal(irq_cpu_span(&snap), 4);
	assert_int_equal(snap.count[IRQ_CAL][1], 254);
	/* The delta against a reading with CPU1 online must refuse. */
	assert_int_equal(parse_fixture("guest-agent/interrupts.tcg-guest-4cpu-after-flood",
				       &snap2), 0);
	assert_int_equal(irq_delta(&snap2, &snap, &delta), -1);
}

static void test_delta(void **state)
{
	const char *a = "  CPU0 CPU1\nTLB: 5 7 x\nCAL: 1 1\nRES: 0 0\n";
	const char *b = "  CPU0 CPU1\nTLB: 6 1007 x\nCAL: 1 2\nRES: 3 0\n";

	(void)state;
	assert_int_equal(irq_parse(a, strlen(a), &snap, NULL), 0);
	assert_int_equal(irq_parse(b, strlen(b), &snap2, NULL), 0);
	assert_int_equal(irq_delta(&snap, &snap2, &delta), 0);
	assert_int_equal(delta.count[IRQ_TLB][0], 1);
	assert_int_equal(delta.count[IRQ_TLB][1], 1000);
	assert_int_equal(delta.count[IRQ_CAL][1], 1);
	assert_int_equal(delta.count[IRQ_RES][0], 3);
	/* Backwards counters are refused. */
	assert_int_equal(irq_delta(&snap2, &snap, &delta), -1);
}

static void expect_error(const char *text, unsigned line, const char *field)
{
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(irq_parse(text, strlen(text), &snap, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

#define OK_TAIL "CAL: 1 2\nRES: 1 2\n"

static void test_malformed(void **state)
{
	(void)state;
	expect_error("", 0, "header");
	expect_error("  CPU0 CPUx\n", 1, "header");
	expect_error("  CPU1 CPU0\n", 1, "header");
	expect_error("  CPU0 CPU0\n", 1, "header");
	expect_error("  cpu0\n", 1, "header");
	expect_error("  CPU0 CPU1\nTLB 1 2\n" OK_TAIL, 2, "label");
	expect_error("  CPU0 CPU1\n: 1 2\n" OK_TAIL, 2, "label");
	expect_error("  CPU0 CPU1\nTLB: 1\n" OK_TAIL, 2, "TLB");
	expect_error("  CPU0 CPU1\nTLB: 1 2x\n" OK_TAIL, 2, "TLB");
	expect_error("  CPU0 CPU1\nTLB: 1 -2\n" OK_TAIL, 2, "TLB");
	expect_error("  CPU0 CPU1\nTLB: 1 99999999999999999999\n" OK_TAIL, 2,
		     "TLB");
	expect_error("  CPU0 CPU1\nTLB: 1 2\nTLB: 1 2\n" OK_TAIL, 3, "TLB");
	expect_error("  CPU0 CPU1\n" OK_TAIL, 0, "TLB");
	expect_error("  CPU0 CPU1\nTLB: 1 2\nRES: 1 2\n", 0, "CAL");
	/* ERR: has one count on any machine: fine, it is not tracked. */
	assert_int_equal(irq_parse("CPU0 CPU1\nERR: 0\nTLB: 1 2\n" OK_TAIL,
				   strlen("CPU0 CPU1\nERR: 0\nTLB: 1 2\n" OK_TAIL),
				   &snap, NULL), 0);
}

static void test_too_many_cpus(void **state)
{
	static char text[IRQ_MAX_CPUS * 12 + 64];
	size_t n = 0;

	(void)state;
	for (unsigned c = 0; c <= IRQ_MAX_CPUS; c++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " CPU%u", c);
	strcpy(text + n, "\n");
	expect_error(text, 1, "header");
}

static void test_stops_at_len(void **state)
{
	const char text[] = "CPU0\nTLB: 1\nCAL: 2\nRES: 3\nTLB: 9\n";

	(void)state;
	/* Cut before the duplicate TLB line: it must not be seen. */
	assert_int_equal(irq_parse(text, strlen(text) - 7, &snap, NULL), 0);
	assert_int_equal(snap.count[IRQ_RES][0], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcg_guest_2cpu),
		cmocka_unit_test(test_workstation),
		cmocka_unit_test(test_4cpu_after_flood),
		cmocka_unit_test(test_offline_cpu),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many_cpus),
		cmocka_unit_test(test_stops_at_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
