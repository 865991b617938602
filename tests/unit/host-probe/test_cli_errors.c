/*
 * test_cli_errors.c - `tlbprobe top` and `tlbprobe nested` refuse cleanly:
 * one line on stderr and the documented exit code for a pid that does not
 * exist, a process that is not a KVM VM, no root, and no usable tracefs.
 * Runs the built binary (build/bin/tlbprobe) as a child.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kvm_holder.h"

#define TLBPROBE FIXTURES_DIR "/../../build/bin/tlbprobe"
#define NOBODY	65534

struct result {
	int status;		/* exit code, or 128 + signal */
	char err[4096];		/* stderr */
	int lines;		/* of stderr */
};

/*
 * The binary to run as uid: the build's, or for another user a copy in a
 * folder anyone can enter (the checkout may sit under a private /root).
 */
static const char *binary_for(int uid)
{
	static char copy[64];
	char *argv[] = { "cp", TLBPROBE, NULL, NULL };
	int st;
	pid_t pid;

	if (uid < 0)
		return TLBPROBE;
	if (copy[0])
		return copy;
	strcpy(copy, "/tmp/tlbprobe-bin-XXXXXX");
	assert_non_null(mkdtemp(copy));
	assert_int_equal(chmod(copy, 0755), 0);
	strcat(copy, "/tlbprobe");
	argv[2] = copy;
	pid = fork();
	if (!pid) {
		execvp("cp", argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return copy;
}

/* Run tlbprobe with argv (NULL-terminated), as uid when uid >= 0. */
static void run(const char *const *argv, int uid, struct result *r)
{
	const char *binary = binary_for(uid);
	int pipefd[2], st;
	pid_t pid;
	ssize_t n, off = 0;

	memset(r, 0, sizeof(*r));
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(pipefd[1], 2);
		dup2(null, 1);
		close(pipefd[0]);
		if (uid >= 0 && (setgid((gid_t)uid) || setuid((uid_t)uid)))
			_exit(99);
		execv(binary, (char *const *)argv);
		_exit(98);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], r->err + off,
			 sizeof(r->err) - 1 - (size_t)off)) > 0)
		off += n;
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	for (ssize_t i = 0; i < off; i++)
		r->lines += r->err[i] == '\n';
	assert_int_not_equal(r->status, 98);	/* exec failed: not built? */
}

static void expect(const struct result *r, int status, const char *text)
{
	if (!strstr(r->err, text) || r->status != status || r->lines != 1)
		fail_msg("exit %d (want %d), stderr (%d lines): %s(want \"%s\")",
			 r->status, status, r->lines, r->err, text);
}

static void test_no_such_pid(void **state)
{
	const char *argv[] = { "tlbprobe", "top", "--pid", "2147483646", NULL };
	struct result r;

	(void)state;
	run(argv, -1, &r);
	expect(&r, 1, "pid 2147483646: no such process");
}

static void test_not_a_vm(void **state)
{
	char pid[16];
	const char *argv[] = { "tlbprobe", "top", "--pid", pid, NULL };
	struct result r;

	(void)state;
	if (geteuid() != 0)
		skip();		/* as non-root the root check comes first */
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	run(argv, -1, &r);
	expect(&r, 1, "is not a KVM virtual machine: no /dev/kvm open and "
	       "not QEMU");
}

static void test_not_root(void **state)
{
	char pid[16];
	const char *argv[] = { "tlbprobe", "top", "--pid", pid, NULL };
	const char *nested[] = { "tlbprobe", "nested", "--out", "/dev/null",
				 "--agent-out", "/dev/null", NULL };
	const char *all[] = { "tlbprobe", "top", "--all", NULL };
	struct result r;

	(void)state;
	if (geteuid() != 0)
		skip();		/* cannot switch to another user */
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	run(argv, NOBODY, &r);
	expect(&r, 3, "top needs root");
	run(all, NOBODY, &r);
	expect(&r, 3, "top needs root");
	run(nested, NOBODY, &r);
	expect(&r, 3, "nested needs root");
}

/* A child holding /dev/kvm open passes the VM check; a --tracefs that
 * is not one must then be refused. */
static void test_tracefs_unusable(void **state)
{
	pid_t child;
	char pid[16], dir[] = "/tmp/tlbprobe-notracefs-XXXXXX";
	const char *argv[] = { "tlbprobe", "top", "--pid", pid, "--tracefs",
			       dir, "--duration", "1", NULL };
	struct result r;

	(void)state;
	if (geteuid() != 0 || (child = kvm_holder_start()) < 0)
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(pid, sizeof(pid), "%d", (int)child);
	run(argv, -1, &r);
	kvm_holder_stop(child);
	rmdir(dir);
	expect(&r, 3, "not a tracefs (no events/ folder)");
}

static void test_usage(void **state)
{
	const char *none[] = { "tlbprobe", "top", NULL };
	const char *both[] = { "tlbprobe", "top", "--pid", "1", "--all", NULL };
	const char *bad[] = { "tlbprobe", "top", "--pid", "x1", NULL };
	struct result r;

	(void)state;
	run(none, -1, &r);
	expect(&r, 2, "give --pid PID or --all");
	run(both, -1, &r);
	expect(&r, 2, "give --pid PID or --all");
	run(bad, -1, &r);
	expect(&r, 2, "--pid: expected a whole number");
}

/* --counters, --time-sample and --perf-scope are checked before anything
 * runs. */
static void test_plan_usage(void **state)
{
	const char *bogus[] = { "tlbprobe", "top", "--pid", "1", "--counters",
				"exits,bogus", NULL };
	const char *lean[] = { "tlbprobe", "nested", "--counters", "lean",
			       "--no-bpf", NULL };
	const char *sample[] = { "tlbprobe", "top", "--all", "--time-sample",
				 "12", NULL };
	const char *big[] = { "tlbprobe", "nested", "--time-sample", "65536",
			      NULL };
	const char *scope[] = { "tlbprobe", "top", "--all", "--perf-scope",
				"vcpu", NULL };
	const char *nscope[] = { "tlbprobe", "nested", "--perf-scope", "",
				 NULL };
	struct result r;

	(void)state;
	run(bogus, -1, &r);
	expect(&r, 2, "--counters: no counter \"bogus\" (full, lean, stats, "
	       "auto, none or keys of: exits entries");
	run(lean, -1, &r);
	expect(&r, 2, "--counters lean counts with the BPF program, which "
	       "--no-bpf leaves out");
	run(sample, -1, &r);
	expect(&r, 2, "--time-sample 12: not a power of two");
	run(big, -1, &r);
	expect(&r, 2, "--time-sample");
	run(scope, -1, &r);
	expect(&r, 2, "--perf-scope vcpu: give thread or cpu");
	run(nscope, -1, &r);
	expect(&r, 2, "--perf-scope : give thread or cpu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_such_pid),
		cmocka_unit_test(test_not_a_vm),
		cmocka_unit_test(test_not_root),
		cmocka_unit_test(test_tracefs_unusable),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_plan_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
