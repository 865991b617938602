/* test_apic_trace.c - one apic_mem_writel line at a time (lines taken from
 * the real traces in tests/fixtures), and ICR field decoding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "apic_trace.h"
#include "icr.h"

static int decode(const char *line, struct apic_write *w,
		  struct parse_error *err)
{
	memset(err, 0, sizeof(*err));
	return apic_trace_decode(line, strlen(line), w, err);
}

static void test_every_field(void **state)
{
	struct apic_write w;
	struct parse_error err;

	(void)state;
	assert_int_equal(decode("2839@1795405670.735101:apic_mem_writel "
				"0x300 = 0x000008fb", &w, &err),
			 APIC_LINE_WRITE);
	assert_true(w.has_prefix);
	assert_int_equal(w.tid, 2839);
	assert_true(w.t_us == 1795405670735101ll);
	assert_int_equal(w.offset, 0x300);
	assert_int_equal(w.value, 0x8fb);

	/* Leading zeros in the microseconds are significant. */
	assert_int_equal(decode("6201@1795405961.000042:apic_mem_writel "
				"0x310 = 0x0a000000", &w, &err),
			 APIC_LINE_WRITE);
	assert_true(w.t_us == 1795405961000042ll);
	assert_int_equal(w.offset, 0x310);
	assert_int_equal(w.value, 0x0a000000);
}

static void test_without_timestamp_prefix(void **state)
{
	struct apic_write w;
	struct parse_error err;

	(void)state;
	/* What QEMU writes without -msg timestamp=on. */
	assert_int_equal(decode("apic_mem_writel 0xb0 = 0x00000000", &w, &err),
			 APIC_LINE_WRITE);
	assert_false(w.has_prefix);
	assert_int_equal(w.offset, 0xb0);
}

static void test_other_event_is_not_malformed(void **state)
{
	struct apic_write w;
	struct parse_error err;

	(void)state;
	assert_int_equal(decode("2839@1795405670.735101:apic_deliver_irq "
				"dest 1 dest_mode 0", &w, &err),
			 APIC_LINE_OTHER);
	assert_int_equal(w.tid, 2839);
	assert_int_equal(decode("2839@1795405670.735101:apic_report_irq_delivered",
				&w, &err), APIC_LINE_OTHER);
}

static void expect_bad(const char *line, const char *field)
{
	struct apic_write w;
	struct parse_error err;

	assert_int_equal(decode(line, &w, &err), -1);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

static void test_malformed_lines_name_the_field(void **state)
{
	(void)state;
	/* A QEMU message in the log, then damaged copies of real lines. */
	expect_bad("qemu-system-x86_64: terminating on signal 15 from pid 1",
		   "event");
	expect_bad("2839@1795405670.735101:apic_mem_writel 0x30", "value");
	expect_bad("2839@1795405670.7351:apic_mem_writel 0x300 = 0x000008fb",
		   "time");
	expect_bad("2839@1795405670:apic_mem_writel 0x300 = 0x000008fb",
		   "time");
	expect_bad("2839@9223372036.000000:apic_mem_writel 0x300 = 0x8fb",
		   "time");
	expect_bad("2839 1795405670.735101:apic_mem_writel 0x300 = 0x8fb",
		   "tid");
	expect_bad("99999999999@1795405670.735101:apic_mem_writel 0x300 = 0x1",
		   "tid");
	expect_bad("2839@1795405670.735101:apic_mem_writel 300 = 0x000008fb",
		   "offset");
	expect_bad("2839@1795405670.735101:apic_mem_writel 0x300 = 0x000008fbff",
		   "value");
	expect_bad("2839@1795405670.735101:apic_mem_writel 0x300 = ",
		   "value");
	expect_bad("2839@1795405670.735101:apic_mem_writel 0x300 = 0x8fb junk",
		   "value");
	expect_bad("2839@1795405670.735101:apic_mem_writel 0x300  = 0x8fb",
		   "value");
	expect_bad("", "event");
}

static void test_icr_fields(void **state)
{
	struct icr icr;

	(void)state;
	/* TLB shootdown to one CPU, flat logical destination 0x02. */
	icr_decode(0x000008fb, 0x02000000, &icr);
	assert_int_equal(icr.vector, 0xfb);
	assert_int_equal(icr.delivery, ICR_DM_FIXED);
	assert_int_equal(icr.logical, 1);
	assert_int_equal(icr.shorthand, ICR_SH_NONE);
	assert_int_equal(icr.dest, 0x02);
	assert_int_equal(ipi_class_of(icr.vector), IPI_CLASS_CFS);

	/* Call-function to all but self (the 4-vCPU madvise run). */
	icr_decode(0x000c00fc, 0, &icr);
	assert_int_equal(icr.vector, 0xfc);
	assert_int_equal(icr.logical, 0);
	assert_int_equal(icr.shorthand, ICR_SH_OTHERS);
	assert_int_equal(ipi_class_of(icr.vector), IPI_CLASS_CF);

	/* INIT assert to all but self, then a physical SIPI to APIC 1. */
	icr_decode(0x000c4500, 0, &icr);
	assert_int_equal(icr.delivery, ICR_DM_INIT);
	assert_string_equal(icr_delivery_name(icr.delivery), "INIT");
	icr_decode(0x00000699, 0x01000000, &icr);
	assert_int_equal(icr.delivery, ICR_DM_SIPI);
	assert_int_equal(icr.vector, 0x99);
	assert_int_equal(icr.logical, 0);
	assert_int_equal(icr.dest, 1);

	assert_int_equal(ipi_class_of(0xfd), IPI_CLASS_RES);
	assert_int_equal(ipi_class_of(0xf6), IPI_CLASS_OTHER);
	assert_string_equal(linux_vector_name(0xf6), "IRQ_WORK");
	assert_null(linux_vector_name(0x31));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_without_timestamp_prefix),
		cmocka_unit_test(test_other_event_is_not_malformed),
		cmocka_unit_test(test_malformed_lines_name_the_field),
		cmocka_unit_test(test_icr_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
