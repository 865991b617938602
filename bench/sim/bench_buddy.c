/*
 * bench_buddy.c - the buddy model over a 1 TiB host zone (268,435,456
 * pages; issue 5 targets: under 10 s, under 256 MB), each phase in its
 * own child process so its peak RSS is its own.  Figures only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buddy.h"
#include "buddy_work.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* In a child: build the zone and, if work, run the default workload;
 * the figures go back through a pipe. */
static int phase(uint64_t pages, int work, double out[4])
{
	int fd[2];
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct buddy_sim *b;
		struct buddy_work w;
		struct buddy_work_result r = { 0, 0, 0 };
		struct buddy_stats s;
		double t0 = now(), res[4];

		if (buddy_create(pages, 1, &b))
			_exit(1);
		if (work) {
			buddy_work_defaults(&w);
			buddy_work_run(b, &w, 42, &r);
		}
		buddy_stats(b, &s);
		res[0] = now() - t0;
		res[1] = (double)s.bytes;
		res[2] = (double)(r.allocs + r.frees);
		res[3] = (double)(s.pages - s.free_pages);
		buddy_destroy(b);
		if (write(fd[1], res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], out, 4 * sizeof(double)) != 4 * sizeof(double))
		out[0] = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return out[0] < 0 ? -1 : 0;
}

int main(void)
{
	const uint64_t pages = 1ull << 28;	/* 1 TiB of 4 KiB pages */
	struct rusage ru;
	double a[4], b[4];
	long rss_create, rss_all;

	if (phase(pages, 0, a))
		return 1;
	getrusage(RUSAGE_CHILDREN, &ru);
	rss_create = ru.ru_maxrss;
	if (phase(pages, 1, b))
		return 1;
	getrusage(RUSAGE_CHILDREN, &ru);
	rss_all = ru.ru_maxrss;
	printf("buddy model, one 1 TiB zone (%llu pages)\n",
	       (unsigned long long)pages);
	printf("%-34s %10s %14s %14s\n", "PHASE", "WALL(s)", "PEAK_RSS(MiB)",
	       "MODEL(MiB)");
	printf("%-34s %10.2f %14.1f %14.1f\n", "create (all free)", a[0],
	       rss_create / 1024.0, a[1] / 1048576);
	printf("%-34s %10.2f %14.1f %14.1f\n",
	       "create + fill 90% + 4 churn rounds", b[0], rss_all / 1024.0,
	       b[1] / 1048576);
	printf("allocator operations: %.0f (%.1f million/s); pages used at "
	       "the end: %.0f\n", b[2], b[2] / (b[0] - a[0]) / 1e6, b[3]);
	printf("targets (issue 5): under 10 s, under 256 MB\n");
	return 0;
}
