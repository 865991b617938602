/* bench_madv_wrap.c - what counting every madvise() costs: the wrapper's
 * bookkeeping alone (one thread, then two threads sharing the counters),
 * and a real madvise(MADV_DONTNEED) of one 4 KiB page through the wrapper
 * vs straight to __real_madvise, in alternating rounds.  Prints figures;
 * never passes or fails. */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

#include "madv_count.h"

#define RECORDS	10000000u
#define CALLS	200000u
#define ROUNDS	5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *recorder(void *arg)
{
	unsigned n = *(unsigned *)arg;

	for (unsigned i = 0; i < n; i++)
		madv_record(MADV_DONTNEED, 262144, 0);
	return NULL;
}

static double record_ns(unsigned threads)
{
	pthread_t tid[2];
	unsigned per = RECORDS / threads;
	double t0 = now();

	for (unsigned i = 0; i < threads; i++)
		pthread_create(&tid[i], NULL, recorder, &per);
	for (unsigned i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	return (now() - t0) * 1e9 / per;
}

static double calls_us(char *page, int wrapped)
{
	double t0 = now();

	for (unsigned i = 0; i < CALLS; i++) {
		page[0] = 1;
		if (wrapped)
			madvise(page, 4096, MADV_DONTNEED);
		else
			__real_madvise(page, 4096, MADV_DONTNEED);
	}
	return (now() - t0) * 1e6 / CALLS;
}

int main(void)
{
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double w = 0, r = 0;

	if (page == MAP_FAILED)
		return 1;
	printf("madv_record, 1 thread:           %6.1f ns per call\n",
	       record_ns(1));
	printf("madv_record, 2 threads, shared:  %6.1f ns per call (wall per thread-call)\n",
	       record_ns(2));
	for (int i = 0; i < ROUNDS; i++) {
		w += calls_us(page, 1);
		r += calls_us(page, 0);
	}
	printf("touch + madvise(4 KiB, DONTNEED): wrapped %.3f us, unwrapped %.3f us per call (%d alternating rounds of %u)\n",
	       w / ROUNDS, r / ROUNDS, ROUNDS, CALLS);
	munmap(page, 4096);
	return 0;
}
