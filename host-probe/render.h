/*
 * render.h - tlbprobe's human-readable tables (front end).
 */
#ifndef TLBPROBE_RENDER_H
#define TLBPROBE_RENDER_H

#include <stdio.h>

#include "buddyinfo.h"
#include "ipi_tally.h"

/*
 * render_tally - print the sender -> destination table and the
 * per-destination table of t; rates divide by seconds when it is > 0.
 */
void render_tally(FILE *f, const struct ipi_tally *t, double seconds);

/* "cpu3", or "?" for IPI_CPU_UNKNOWN, into buf. */
const char *render_cpu(char *buf, size_t size, unsigned cpu);

/* One row per zone: free blocks per order, free MiB, and what is left
 * in blocks of order >= 9 (what 2 MiB backing of a new VM can draw on). */
void render_buddy(FILE *f, const struct buddyinfo *b);

#endif
