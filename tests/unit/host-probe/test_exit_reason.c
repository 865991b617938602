/*
 * test_exit_reason.c - the static VMX/SVM reason tables (from the uapi
 * headers) against the tables a real kernel prints: kvm_exit's print fmt
 * of the 6.1 L1 (identical) and of the 6.18 host (a superset).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "exit_reason.h"
#include "fileio.h"
#include "tp_format.h"

#define L1_EXIT	FIXTURES_DIR "/host-probe/tracefs-l1-6.1/events/kvm/kvm_exit/format"
#define HOST_EXIT FIXTURES_DIR "/host-probe/tracefs-host-6.18/events/kvm/kvm_exit/format"

static void kernel_map(const char *path, int isa, struct exit_reason_map *m)
{
	struct tp_format f;
	struct parse_error err;
	char *text;
	size_t len;

	assert_int_equal(read_whole_file(path, 1 << 20, &text, &len), 0);
	assert_int_equal(tp_format_parse(text, len, &f, &err), 0);
	assert_int_equal(exit_reason_parse_fmt(f.print_fmt, f.print_fmt_len,
					       isa, m, &err), 0);
	free(text);
}

static void same_as_static(int isa, const struct exit_reason_map *m,
			   int exact)
{
	size_t n;
	const struct exit_reason *t = exit_reason_table(isa, &n);

	assert_non_null(t);
	if (exact)
		assert_int_equal(m->n, n);
	else
		assert_true(m->n > n);
	for (size_t i = 0; i < n; i++) {
		const char *k = exit_reason_map_name(m, t[i].code);

		if (!k)
			fail_msg("%s 0x%x (%s) missing from the kernel's table",
				 kvm_isa_name(isa), t[i].code, t[i].name);
		assert_string_equal(k, t[i].name);
	}
}

static void test_l1_tables_equal_static(void **state)
{
	static struct exit_reason_map m;

	(void)state;
	kernel_map(L1_EXIT, KVM_ISA_SVM, &m);
	same_as_static(KVM_ISA_SVM, &m, 1);
	kernel_map(L1_EXIT, KVM_ISA_VMX, &m);
	same_as_static(KVM_ISA_VMX, &m, 1);
}

static void test_host_tables_are_a_superset(void **state)
{
	static struct exit_reason_map m;

	(void)state;
	kernel_map(HOST_EXIT, KVM_ISA_SVM, &m);
	same_as_static(KVM_ISA_SVM, &m, 0);
	/* newer reasons get names only from the kernel */
	assert_null(exit_reason_name(KVM_ISA_SVM, 0x0a6));
	assert_string_equal(exit_reason_map_name(&m, 0x0a6), "idle-halt");
	kernel_map(HOST_EXIT, KVM_ISA_VMX, &m);
	same_as_static(KVM_ISA_VMX, &m, 0);
	assert_string_equal(exit_reason_map_name(&m, 85), "MSR_WRITE_IMM");
}

static void test_sums_and_negative_values(void **state)
{
	static const char fmt[] =
		"\"%s\", (REC->isa == 1) ? __print_symbolic(REC->exit_reason "
		"& 0xffff, { 0, \"A\" }, { 12, \"HLT\" }) : __print_symbolic("
		"REC->exit_reason, { 0x040 + 14, \"PF excp\" }, { -1, \"bad\" "
		"}, { 0x07c, \"msr\" })";
	static struct exit_reason_map m;

	(void)state;
	assert_int_equal(exit_reason_parse_fmt(fmt, sizeof(fmt) - 1,
					       KVM_ISA_SVM, &m, NULL), 0);
	assert_int_equal(m.n, 3);
	assert_string_equal(exit_reason_map_name(&m, 0x4e), "PF excp");
	assert_string_equal(exit_reason_map_name(&m, 0xffffffffu), "bad");
	assert_string_equal(exit_reason_map_name(&m, 0x7c), "msr");
	assert_int_equal(exit_reason_parse_fmt(fmt, sizeof(fmt) - 1,
					       KVM_ISA_VMX, &m, NULL), 0);
	assert_int_equal(m.n, 2);
	assert_string_equal(exit_reason_map_name(&m, 12), "HLT");
}

static void test_bad_print_fmt(void **state)
{
	static const char cut[] = "(REC->isa == 1) ? __print_symbolic(x, "
				  "{ 0, \"A\" }, { 12, ";
	static const char none[] = "\"vcpu %u\", REC->vcpu_id";
	static struct exit_reason_map m;
	struct parse_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(exit_reason_parse_fmt(cut, sizeof(cut) - 1,
					       KVM_ISA_VMX, &m, &err), -1);
	assert_string_equal(err.field, "print fmt");
	assert_non_null(strstr(err.msg, "entry 2"));
	assert_int_equal(exit_reason_parse_fmt(none, sizeof(none) - 1,
					       KVM_ISA_SVM, &m, &err), -1);
	assert_non_null(strstr(err.msg, "no SVM reason list"));
	/* found by fuzz_tp_format: a name must be printable, and the quote
	 * in the message stops at the end of the (unterminated) text */
	static const char nul[] = "(REC->isa == 1) ? __print_symbolic(x, "
				  "{ 0, \"A\0B\" })";
	assert_int_equal(exit_reason_parse_fmt(nul, sizeof(nul) - 1,
					       KVM_ISA_VMX, &m, &err), -1);
	char *end = malloc(sizeof(cut) - 1);

	memcpy(end, cut, sizeof(cut) - 1);
	assert_int_equal(exit_reason_parse_fmt(end, sizeof(cut) - 1,
					       KVM_ISA_VMX, &m, &err), -1);
	assert_non_null(strstr(err.msg, "near \"\""));
	free(end);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l1_tables_equal_static),
		cmocka_unit_test(test_host_tables_are_a_superset),
		cmocka_unit_test(test_sums_and_negative_values),
		cmocka_unit_test(test_bad_print_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
