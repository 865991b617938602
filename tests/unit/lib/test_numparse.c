/* test_numparse.c - strict number parsing accepts whole numbers only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <cmocka.h>

#include "numparse.h"

static void test_u64(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(parse_u64("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	v = 7;
	assert_int_equal(parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_u64("-1", &v), -EINVAL);
	assert_int_equal(parse_u64(" 1", &v), -EINVAL);
	assert_int_equal(parse_u64("1 ", &v), -EINVAL);
	assert_int_equal(parse_u64("12abc", &v), -EINVAL);
	assert_int_equal(parse_u64("", &v), -EINVAL);
	assert_int_equal(v, 7);
}

static void test_i64_and_double(void **state)
{
	int64_t i;
	double d;

	(void)state;
	assert_int_equal(parse_i64("-1", &i), 0);
	assert_int_equal(i, -1);
	assert_int_equal(parse_i64("+", &i), -EINVAL);
	assert_int_equal(parse_double("2.5", &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(parse_double("1e3", &d), 0);
	assert_true(d == 1000.0);
	assert_int_equal(parse_double(".5", &d), 0);
	assert_int_equal(parse_double("nan", &d), -EINVAL);
	assert_int_equal(parse_double("inf", &d), -EINVAL);
	assert_int_equal(parse_double("0x10", &d), -EINVAL);
	assert_int_equal(parse_double("1e999", &d), -ERANGE);
	assert_int_equal(parse_double("1.5x", &d), -EINVAL);
}

static void test_size(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size("256K", &v), 0);
	assert_int_equal(v, 262144);
	assert_int_equal(parse_size("2MiB", &v), 0);
	assert_int_equal(v, 2u << 20);
	assert_int_equal(parse_size("1g", &v), 0);
	assert_int_equal(v, 1u << 30);
	assert_int_equal(parse_size("1KB", &v), -EINVAL);
	assert_int_equal(parse_size("K", &v), -EINVAL);
	assert_int_equal(parse_size("16777216T", &v), -ERANGE);
	assert_int_equal(parse_size("99999999999999999999999999999999999", &v),
			 -ERANGE);
}

static void test_bool(void **state)
{
	int b;

	(void)state;
	assert_int_equal(parse_bool("Yes", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(parse_bool("off", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(parse_bool("2", &b), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_i64_and_double),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_bool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
