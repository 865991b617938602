/* test_hostmem.c - reading the host memory state of a live process (this
 * test's own), and the error paths a front end turns into messages. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hostmem.h"

#define NO_PID	2147483647	/* above any pid_max */

static void test_own_smaps(void **state)
{
	struct smaps_summary roll, full;
	struct hostmem_error err;

	(void)state;
	assert_int_equal(hostmem_read_smaps(getpid(), 0, &roll, &err), 0);
	assert_true(roll.rollup);
	assert_true(roll.total.rss > 0);
	assert_true(roll.total.anonymous <= roll.total.rss);
	assert_true(roll.total.anon_huge <= roll.total.anonymous);
	assert_int_equal(hostmem_read_smaps(getpid(), 1, &full, &err), 0);
	assert_false(full.rollup);
	assert_true(full.mappings > 5);
	assert_true(full.total.size >= full.total.rss);
	assert_non_null(strstr(err.path, "/smaps"));
}

static void test_missing_process(void **state)
{
	struct smaps_summary s;
	struct hostmem_error err;
	char comm[32];

	(void)state;
	assert_int_equal(hostmem_read_smaps(NO_PID, 0, &s, &err), -ENOENT);
	assert_int_equal(err.errnum, ENOENT);
	assert_string_equal(err.path, "/proc/2147483647/smaps_rollup");
	assert_int_equal(hostmem_is_qemu(NO_PID, comm, sizeof(comm)), -ENOENT);
}

static void test_not_qemu(void **state)
{
	char comm[32];

	(void)state;
	assert_int_equal(hostmem_is_qemu(getpid(), comm, sizeof(comm)), 0);
	assert_string_equal(comm, "test_hostmem");
}

static void test_bad_text_names_file_and_line(void **state)
{
	struct buddyinfo *b = malloc(sizeof(*b));
	struct hostmem_error err;

	(void)state;
	assert_int_equal(hostmem_read_buddyinfo(FIXTURES_DIR
		"/host-probe/smaps_rollup.qemu-tcg-4cpu", b, &err), -EBADMSG);
	assert_int_equal(err.errnum, 0);
	assert_int_equal(err.parse.line, 1);
	assert_string_equal(err.parse.field, "node");
	assert_non_null(strstr(err.path, "smaps_rollup.qemu-tcg-4cpu"));
	assert_int_equal(hostmem_read_buddyinfo(FIXTURES_DIR
		"/proc/buddyinfo.seed004-fragmented-host", b, &err), 0);
	free(b);
}

static void test_snapshot(void **state)
{
	struct hostmem *m = malloc(sizeof(*m));
	struct hostmem_error err;

	(void)state;
	assert_int_equal(hostmem_snapshot(getpid(), 0, m, &err), 0);
	assert_int_equal(m->pid, getpid());
	assert_true(m->smaps.total.rss > 0);
	/* Both host files exist on Linux with THP; a container may hide
	 * them, which only clears the flags. */
	if (!access(HOSTMEM_BUDDYINFO, R_OK))
		assert_true(m->have_buddy && m->buddy.nzones > 0);
	if (!access(HOSTMEM_THP_ENABLED, R_OK))
		assert_true(m->have_thp && m->thp.nchoices >= 2);
	assert_int_equal(hostmem_snapshot(NO_PID, 0, m, &err), -ENOENT);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_smaps),
		cmocka_unit_test(test_missing_process),
		cmocka_unit_test(test_not_qemu),
		cmocka_unit_test(test_bad_text_names_file_and_line),
		cmocka_unit_test(test_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
