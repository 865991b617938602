/* test_perf_tp.c - CPU lists, the per-CPU scope's thread filter, and (as
 * root, where tracefs has syscall events) that per-CPU counters filtered
 * on a thread count exactly that thread's events, as a per-thread
 * counter does. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "perf_tp.h"
#include "tracefs.h"

static void test_cpulist(void **state)
{
	int c[8];

	(void)state;
	assert_int_equal(perf_tp_parse_cpulist("0-1\n", c, 8), 2);
	assert_int_equal(c[0], 0);
	assert_int_equal(c[1], 1);
	assert_int_equal(perf_tp_parse_cpulist("0,2-4,7", c, 8), 5);
	assert_int_equal(c[0], 0);
	assert_int_equal(c[1], 2);
	assert_int_equal(c[3], 4);
	assert_int_equal(c[4], 7);
	assert_int_equal(perf_tp_parse_cpulist("5\n", c, 8), 1);
	assert_int_equal(c[0], 5);
	assert_int_equal(perf_tp_parse_cpulist("", c, 8), 0);
}

static void test_cpulist_bad(void **state)
{
	int c[4];

	(void)state;
	assert_int_equal(perf_tp_parse_cpulist("0-9", c, 4), -E2BIG);
	assert_int_equal(perf_tp_parse_cpulist("3-1", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("a", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("1,,2", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("1-", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("-1", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("1 2", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("1\n2", c, 4), -EINVAL);
	assert_int_equal(perf_tp_parse_cpulist("99999999999", c, 4), -EINVAL);
}

static void test_online_cpus_from_root(void **state)
{
	static const char *const dirs[] = { "sys", "devices", "system", "cpu" };
	char root[] = "/tmp/perf_tp.XXXXXX", path[256];
	int c[4];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(perf_tp_online_cpus(root, c, 4), -ENOENT);
	strcpy(path, root);
	for (int i = 0; i < 4; i++) {
		strcat(path, "/");
		strcat(path, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	strcat(path, "/online");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0,2-3\n", f);
	fclose(f);
	assert_int_equal(perf_tp_online_cpus(root, c, 4), 3);
	assert_int_equal(c[2], 3);
	unlink(path);
	for (int i = 0; i < 4; i++) {	/* cpu, system, devices, sys */
		*strrchr(path, '/') = 0;
		rmdir(path);
	}
	rmdir(root);
}

static void test_thread_filter(void **state)
{
	char out[64], small[16];

	(void)state;
	assert_int_equal(perf_tp_thread_filter("ecx == 0x830 && write == 1",
					       42, out, sizeof(out)), 0);
	assert_string_equal(out, "(ecx == 0x830 && write == 1) && "
			    "common_pid == 42");
	assert_int_equal(perf_tp_thread_filter("", 7, out, sizeof(out)), 0);
	assert_string_equal(out, "common_pid == 7");
	assert_int_equal(perf_tp_thread_filter(NULL, 7, out, sizeof(out)), 0);
	assert_string_equal(out, "common_pid == 7");
	assert_int_equal(perf_tp_thread_filter("ecx == 0x830", 123456,
					       small, sizeof(small)),
			 -ENAMETOOLONG);
}

/* A thread that makes `calls` getppid system calls once told to. */
struct caller {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int go, ready;
	pid_t tid;
	int calls;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;

	pthread_mutex_lock(&c->mu);
	c->tid = (pid_t)syscall(SYS_gettid);
	c->ready = 1;
	pthread_cond_broadcast(&c->cv);
	while (!c->go)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
	for (int i = 0; i < c->calls; i++)
		syscall(SYS_getppid);
	return NULL;
}

static uint64_t sum(const int *fd, int n)
{
	struct perf_tp_value v;
	uint64_t total = 0;

	for (int i = 0; i < n; i++) {
		assert_int_equal(perf_tp_read(fd[i], &v), 0);
		assert_true(v.running_ns == v.enabled_ns);
		total += v.value;
	}
	return total;
}

/* Per-CPU counters on one thread count what a per-thread counter counts:
 * that thread's events only, on whichever CPU it ran. */
static void test_cpu_scope_counts_one_thread(void **state)
{
	struct caller c = { PTHREAD_MUTEX_INITIALIZER,
			    PTHREAD_COND_INITIALIZER, 0, 0, 0, 5000 };
	struct tracefs t;
	struct tp_format f;
	struct parse_error err;
	char why[256], *text = NULL, filter[64];
	int cpus[64], ncpu, cpu_fd[64], other_fd[64], thread_fd;
	pthread_t th;

	(void)state;
	if (geteuid() != 0 || tracefs_open(&t, NULL, why, sizeof(why)))
		skip();
	if (tracefs_read_event(t.path, "syscalls", "sys_enter_getppid", &f,
			       &text, &err)) {
		tracefs_close(&t);
		skip();		/* a kernel without syscall tracepoints */
	}
	ncpu = perf_tp_online_cpus(NULL, cpus, 64);
	assert_true(ncpu > 0);
	assert_int_equal(pthread_create(&th, NULL, caller_main, &c), 0);
	pthread_mutex_lock(&c.mu);
	while (!c.ready)
		pthread_cond_wait(&c.cv, &c.mu);
	pthread_mutex_unlock(&c.mu);

	assert_int_equal(perf_tp_thread_filter("", c.tid, filter,
					       sizeof(filter)), 0);
	for (int i = 0; i < ncpu; i++) {
		cpu_fd[i] = perf_tp_open(f.id, -1, cpus[i], filter, why,
					 sizeof(why));
		assert_true(cpu_fd[i] >= 0);
	}
	/* this (main) thread's calls must not reach them */
	assert_int_equal(perf_tp_thread_filter("",
		(pid_t)syscall(SYS_gettid), filter, sizeof(filter)), 0);
	for (int i = 0; i < ncpu; i++) {
		other_fd[i] = perf_tp_open(f.id, -1, cpus[i], filter, why,
					   sizeof(why));
		assert_true(other_fd[i] >= 0);
	}
	thread_fd = perf_tp_open(f.id, c.tid, -1, NULL, why, sizeof(why));
	assert_true(thread_fd >= 0);
	assert_int_equal(perf_tp_open(f.id, -1, 1 << 20, filter, why,
				      sizeof(why)), -EINVAL);

	for (int i = 0; i < 7; i++)
		syscall(SYS_getppid);
	pthread_mutex_lock(&c.mu);
	c.go = 1;
	pthread_cond_broadcast(&c.cv);
	pthread_mutex_unlock(&c.mu);
	pthread_join(th, NULL);

	assert_int_equal(sum(cpu_fd, ncpu), 5000);
	assert_int_equal(sum(&thread_fd, 1), 5000);
	assert_int_equal(sum(other_fd, ncpu), 7);
	for (int i = 0; i < ncpu; i++) {
		close(cpu_fd[i]);
		close(other_fd[i]);
	}
	close(thread_fd);
	free(text);
	tracefs_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_cpulist_bad),
		cmocka_unit_test(test_online_cpus_from_root),
		cmocka_unit_test(test_thread_filter),
		cmocka_unit_test(test_cpu_scope_counts_one_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
