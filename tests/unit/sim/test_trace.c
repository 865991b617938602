/* test_trace.c - address traces: a real valgrind lackey log, the plain
 * 0xADDR form, and malformed lines named by line and field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fileio.h"
#include "trace.h"

/* The fixture holds 639 " L/S/M" lines and 2,355 "I" lines (counted
 * with grep when it was cut), and six "==pid==" banner lines. */
static void test_lackey_fixture(void **state)
{
	struct trace t;
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(read_whole_file(FIXTURES_DIR
					 "/sim/lackey.bin-true.head3000",
					 1 << 20, &buf, &len), 0);
	assert_int_equal(trace_parse(buf, len, 1 << 20, &t, NULL), 0);
	assert_int_equal(t.n, 639);
	assert_int_equal(t.instr, 2355);
	/* Line 9 is " S 1fff000628,8", the first data access. */
	assert_int_equal(t.addr[0], 0x1fff000628ull);
	free(t.addr);
	/* max keeps the first addresses only. */
	assert_int_equal(trace_parse(buf, len, 10, &t, NULL), 0);
	assert_int_equal(t.n, 10);
	free(t.addr);
	free(buf);
}

static void test_plain(void **state)
{
	static const char text[] = "# addresses\n0x1000\n\n0X7FFF0000\r\n";
	struct trace t;

	(void)state;
	assert_int_equal(trace_parse(text, strlen(text), 100, &t, NULL), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.addr[1], 0x7fff0000ull);
	free(t.addr);
}

static void expect(const char *text, unsigned line, const char *field)
{
	struct parse_error err;
	struct trace t;

	memset(&err, 0, sizeof(err));
	assert_int_equal(trace_parse(text, strlen(text), 100, &t, &err), -1);
	assert_null(t.addr);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
}

static void test_bad(void **state)
{
	(void)state;
	expect("", 0, "address");
	expect("I  401000,3\n", 0, "address");	/* no data access */
	expect("0x1000\n1000\n", 2, "kind");
	expect("0x10g0\n", 1, "address");
	expect("0x12345678901234567\n", 1, "address");
	expect(" L 401000\n", 1, "address");
	expect(" L 401000,\n", 1, "size");
	expect(" S 401000,x\n", 1, "size");
	expect(" M zz,4\n", 1, "address");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lackey_fixture),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
