/* test_console_watch.c - the consoles of real nested runs (an ok run, a
 * frozen L1, an L2 triple fault) and a real guest console. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "console_watch.h"
#include "fileio.h"

/* Feed a fixture line by line; returns how many lines revealed a freeze. */
static int feed(struct console_watch *w, const char *name, int l1_console)
{
	char path[512], *buf, *line, *save = NULL;
	size_t len;
	int freezes = 0;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 1 << 22, &buf, &len), 0);
	for (line = strtok_r(buf, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save))
		freezes += console_watch_line(w, line, l1_console);
	free(buf);
	return freezes;
}

static void test_ok_run(void **state)
{
	struct console_watch w;

	(void)state;
	console_watch_init(&w);
	assert_int_equal(feed(&w, "images/l1-ok.console.log", 1), 0);
	assert_int_equal(feed(&w, "images/l1-ok.l2-console.log", 0), 0);
	assert_int_equal(w.agent_exit, 0);
	assert_int_equal(w.l2_exit, 0);
	assert_string_equal(w.l1_error, "");
	assert_string_equal(w.panic, "");
}

static void test_frozen_l1(void **state)
{
	struct console_watch w;

	(void)state;
	console_watch_init(&w);
	/* The stall report is one freeze, however many lines follow. */
	assert_int_equal(feed(&w, "images/l1-frozen.console.log", 1), 1);
	assert_non_null(strstr(w.stall, "rcu_preempt detected stalls"));
	assert_int_equal(w.agent_exit, -1);
	/* On a guest's console the same words are not a nested freeze. */
	console_watch_init(&w);
	assert_int_equal(feed(&w, "images/l1-frozen.console.log", 0), 0);
}

static void test_l2_triple_fault(void **state)
{
	struct console_watch w;

	(void)state;
	console_watch_init(&w);
	assert_int_equal(feed(&w, "images/l1-l2-triple-fault.console.log", 1), 0);
	assert_int_equal(feed(&w, "images/l1-l2-triple-fault.l2-console.log", 0), 0);
	/* L2 went away without the agent's sentinel. */
	assert_int_equal(w.l2_exit, 0);
	assert_int_equal(w.agent_exit, -1);
}

/* Status 0 either way: QMP's reason says whether L2 reset itself. */
static void test_l2_end(void **state)
{
	struct console_watch w;
	char msg[256];

	(void)state;
	console_watch_init(&w);
	assert_int_equal(feed(&w, "images/l1-l2-triple-fault.console.log", 1), 0);
	assert_int_equal(console_watch_l2_end(&w, "guest-reset", msg,
					      sizeof(msg)), 1);
	assert_non_null(strstr(msg, "L2 reset itself"));
	assert_non_null(strstr(msg, "QEMU status 0"));
	assert_int_equal(console_watch_l2_end(&w, "guest-shutdown", msg,
					      sizeof(msg)), 0);
	assert_non_null(strstr(msg, "QMP SHUTDOWN reason guest-shutdown"));
	assert_int_equal(console_watch_l2_end(&w, NULL, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "reason not reported"));
	/* cut to the buffer, terminated */
	assert_int_equal(console_watch_l2_end(&w, "guest-reset", msg, 8), 1);
	assert_string_equal(msg, "L2 rese");
}

static void test_l1_error_and_panic(void **state)
{
	struct console_watch w;

	(void)state;
	console_watch_init(&w);
	console_watch_line(&w, "tlblab-l1: error: /dev/kvm missing", 1);
	console_watch_line(&w, "tlblab-l1: error: second", 1);
	console_watch_line(&w, "[    1.64] Kernel panic - not syncing: VFS", 0);
	console_watch_line(&w, "tlblab-guest: agent exit status 2", 0);
	assert_string_equal(w.l1_error, "/dev/kvm missing");
	assert_non_null(strstr(w.panic, "VFS"));
	assert_int_equal(w.agent_exit, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_run),
		cmocka_unit_test(test_frozen_l1),
		cmocka_unit_test(test_l2_triple_fault),
		cmocka_unit_test(test_l2_end),
		cmocka_unit_test(test_l1_error_and_panic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
