/*
 * test_probe.c - the sampling core with the qemu-trace backend, driven the
 * way the lab drives it: QEMU's trace is replayed into the run folder in
 * chunks that cut lines, sampled between chunks, windowed, drained.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "backend_qemu_trace.h"
#include "fileio.h"
#include "probe.h"
#include "probe_json.h"

#define RUN4	FIXTURES_DIR "/host-probe/apic-trace.tcg-4cpu-madvise400.log"

static const pid_t run4_tids[] = { 6556, 6557, 6558, 6559 };

struct fixture {
	char dir[64];
	char trace[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	/* A comma in the folder name exercises QEMU's ",," escaping. */
	strcpy(f->dir, "/tmp/tlbprobe-test,XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->trace, sizeof(f->trace), "%s/%s", f->dir, QEMU_TRACE_FILE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->trace);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void test_backend_table(void **state)
{
	(void)state;
	assert_ptr_equal(probe_backend_find("qemu-trace"),
			 &probe_backend_qemu_trace);
	assert_ptr_equal(probe_backend_for(PROBE_ACCEL_TCG),
			 &probe_backend_qemu_trace);
	assert_null(probe_backend_find("kvm-perf-nonexistent"));
	assert_ptr_equal(probe_backend_at(0), &probe_backend_qemu_trace);
}

/* 1 when the backend puts QEMU's trace on a tmpfs scratch file. */
static int scratch_on(void)
{
	struct statfs fs;

	return !statfs("/dev/shm", &fs) && fs.f_type == TMPFS_MAGIC;
}

/* The file QEMU is told to write (-trace ...,file=PATH, ",," = ","). */
static void live_file(struct probe *p, char *out, size_t n)
{
	const char *argv[PROBE_MAX_QEMU_ARGS], *v;
	size_t argc, k = 0;

	assert_int_equal(probe_qemu_args(p, argv, PROBE_MAX_QEMU_ARGS, &argc),
			 0);
	v = strstr(argv[1], "file=");
	assert_non_null(v);
	for (v += 5; *v && k + 1 < n; v++) {
		out[k++] = *v;
		if (*v == ',' && v[1] == ',')
			v++;
	}
	out[k] = '\0';
}

static void test_qemu_args_and_stale_trace(void **state)
{
	struct fixture *f = *state;
	struct probe_options o = { .run_dir = f->dir, .ncpus = 4 };
	const char *argv[PROBE_MAX_QEMU_ARGS];
	char want[256];
	struct probe *p;
	size_t n;
	FILE *stale = fopen(f->trace, "w");
	char stale_dir[64], stale_file[96];
	pid_t gone = fork();

	if (!gone)
		_exit(0);
	assert_true(gone > 0);
	waitpid(gone, NULL, 0);
	snprintf(stale_dir, sizeof(stale_dir), "/dev/shm/tlbprobe.%d.test",
		 (int)gone);
	snprintf(stale_file, sizeof(stale_file), "%s/apic-trace.log",
		 stale_dir);
	if (scratch_on()) {
		FILE *old;

		assert_int_equal(mkdir(stale_dir, 0700), 0);
		old = fopen(stale_file, "w");
		assert_non_null(old);
		fclose(old);
	}
	assert_non_null(stale);
	fputs("old run\n", stale);
	fclose(stale);
	char live[256];

	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	assert_int_equal(access(f->trace, F_OK), -1);
	assert_int_equal(probe_qemu_args(p, argv, PROBE_MAX_QEMU_ARGS, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(argv[0], "-trace");
	snprintf(want, sizeof(want), "enable=apic_mem_writel,file=/tmp/"
		 "tlbprobe-test,,%s/apic-trace.log", f->dir + 19);
	live_file(p, live, sizeof(live));
	if (scratch_on()) {
		/* QEMU writes to a scratch file on tmpfs, in a folder
		 * made now and removed with the probe; a folder left by a
		 * probe whose process is gone was removed on the way. */
		assert_int_equal(access(stale_dir, F_OK), -1);
		assert_non_null(strstr(argv[1], "file=/dev/shm/tlbprobe."));
		assert_non_null(strstr(argv[1], "/apic-trace.log"));
		*strrchr(live, '/') = '\0';
		assert_int_equal(access(live, F_OK), 0);
	} else {
		assert_string_equal(argv[1], want);
	}
	assert_string_equal(argv[2], "-msg");
	assert_string_equal(argv[3], "timestamp=on");
	assert_int_equal(probe_qemu_args(p, argv, 3, &n), -E2BIG);
	probe_close(p);
	assert_int_equal(access(live, F_OK), -1);
	o.run_dir = NULL;
	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p),
			 -EINVAL);
	assert_null(p);
}

static void test_live_run(void **state)
{
	struct fixture *f = *state;
	struct probe_options o = { .run_dir = f->dir, .ncpus = 4 };
	struct probe_sample s;
	struct ipi_tally w;
	struct probe *p;
	uint64_t last = 0;
	size_t len, off = 0, kept_len;
	char *buf, *kept, live[256];
	FILE *qemu = NULL;
	int id;
	json_t *j;

	assert_int_equal(read_whole_file(RUN4, 8 << 20, &buf, &len), 0);
	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	live_file(p, live, sizeof(live));
	assert_int_equal(probe_sample(p, &s), -ENOTCONN);
	assert_int_equal(probe_finish(p), -ENOTCONN);
	assert_int_equal(probe_totals(p)->writes, 0);
	assert_int_equal(probe_attach(p, 1, run4_tids, 4), 0);
	assert_int_equal(probe_attach(p, 1, run4_tids, 4), -EALREADY);
	/* QEMU has not created its trace yet: nothing, no error. */
	assert_int_equal(probe_sample(p, &s), 0);
	assert_int_equal(s.writes, 0);
	/* The window of test_trace_reader, opened and closed as phase lines
	 * arrive while the trace is being written. */
	id = probe_window_begin(p, 1795405997282227327ll);
	assert_int_equal(id, 0);
	for (int i = 1; i <= 7; i++) {
		size_t end = len * (size_t)i / 7;

		/* As QEMU does: one stream, opened once, flushed as it goes
		 * (the probe unlinks a scratch trace once it has it open). */
		if (!qemu)
			qemu = fopen(live, "a");
		assert_non_null(qemu);
		assert_int_equal(fwrite(buf + off, 1, end - off, qemu),
				 end - off);
		fflush(qemu);
		off = end;
		assert_int_equal(probe_sample(p, &s), 0);
		assert_true(s.writes >= last);
		assert_true(s.deliveries >= s.writes);
		last = s.writes;
		if (i == 4)
			assert_int_equal(probe_window_end(p, id,
					 1795406000138284828ll), 0);
	}
	fclose(qemu);
	assert_int_equal(probe_window_end(p, id, 1), -EALREADY);
	assert_int_equal(probe_window_end(p, 5, 1), -ENOENT);
	assert_int_equal(probe_finish(p), 0);
	/* The whole trace is in the run folder now, the scratch gone. */
	assert_int_equal(read_whole_file(f->trace, 8 << 20, &kept, &kept_len),
			 0);
	assert_int_equal(kept_len, len);
	assert_memory_equal(kept, buf, len);
	free(kept);
	if (strcmp(live, f->trace))
		assert_int_equal(access(live, F_OK), -1);
	assert_int_equal(probe_totals(p)->writes, 1006);
	assert_int_equal(probe_totals(p)->deliveries, 1928);
	assert_int_equal(probe_window_result(p, id, &w), 0);
	assert_int_equal(w.writes, 407);
	assert_int_equal(ipi_tally_count(&w, 0, 1, IPI_CLASS_CF), 401);
	ipi_tally_free(&w);
	assert_int_equal(probe_window_result(p, 1, &w), -ENOENT);
	j = probe_json(p);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(j, "totals"), "writes")), 1006);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		json_array_get(json_object_get(j, "windows"), 0), "counts"),
		"writes")), 407);
	/* cpu1 got 401 call-function + 3 reschedule in the window. */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(json_object_get(json_array_get(
		json_object_get(j, "windows"), 0), "counts"), "by_dest"), 1),
		"linux_ipis")), 404);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "details"), "sender_map")), "qmp");
	json_decref(j);
	assert_int_equal(access(f->trace, F_OK), 0);
	assert_int_equal(probe_discard_files(p), 0);
	assert_int_equal(access(f->trace, F_OK), -1);
	probe_close(p);
	free(buf);
}

static void test_window_limits(void **state)
{
	struct fixture *f = *state;
	struct probe_options o = { .run_dir = f->dir };
	struct probe *p;

	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	for (int i = 0; i < PROBE_MAX_WINDOWS; i++)
		assert_int_equal(probe_window_begin(p, 100 + i), i);
	assert_int_equal(probe_window_begin(p, 1), -ENOSPC);
	assert_int_equal(probe_window_end(p, 3, 99), -EINVAL);
	assert_int_equal(probe_window_count(p), PROBE_MAX_WINDOWS);
	probe_close(p);
}

static void test_attach_errors(void **state)
{
	struct fixture *f = *state;
	static const pid_t same[] = { 42, 42 };
	struct probe_options o = { .run_dir = f->dir };
	struct probe *p;

	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	assert_int_equal(probe_attach(p, 1, same, 2), -EINVAL);
	assert_non_null(strstr(probe_strerror(p), "thread=multi"));
	probe_close(p);

	/* QEMU exited without writing its trace. */
	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	assert_int_equal(probe_attach(p, 1, NULL, 0), 0);
	assert_int_equal(probe_finish(p), -ENOENT);
	assert_non_null(strstr(probe_strerror(p), "no trace"));
	probe_close(p);

	/* A recorded trace that does not exist. */
	o.run_dir = NULL;
	o.input = "/nonexistent/apic-trace.log";
	assert_int_equal(probe_open(&probe_backend_qemu_trace, &o, &p), 0);
	assert_int_equal(probe_attach(p, 0, NULL, 0), -ENOENT);
	probe_close(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backend_table),
		cmocka_unit_test_setup_teardown(test_qemu_args_and_stale_trace,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_limits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_attach_errors, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
