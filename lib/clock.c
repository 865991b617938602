/* clock.c - see clock.h. */
#include <time.h>

#include "clock.h"

static int64_t read_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t mono_ns(void)
{
	return read_ns(CLOCK_MONOTONIC);
}

int64_t epoch_ns(void)
{
	return read_ns(CLOCK_REALTIME);
}

double mono_s(void)
{
	return (double)mono_ns() / 1e9;
}

double epoch_s(void)
{
	return (double)epoch_ns() / 1e9;
}
