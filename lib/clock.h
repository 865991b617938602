/*
 * clock.h - the two clocks tlblab reads: monotonic for durations and
 * deadlines, real time for matching events across processes (QEMU stamps
 * its trace lines with gettimeofday, so host windows use CLOCK_REALTIME).
 */
#ifndef TLB_CLOCK_H
#define TLB_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in seconds / nanoseconds. */
double mono_s(void);
int64_t mono_ns(void);
/* CLOCK_REALTIME (epoch) in seconds / nanoseconds. */
double epoch_s(void);
int64_t epoch_ns(void);

#endif
