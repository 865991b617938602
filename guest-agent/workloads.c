/*
 * workloads.c - the registry: one line per workload (each lives in its own
 * wl_*.c).  Adding a workload = a new file, its SRCS line, one line here.
 */
#include <stddef.h>

#include "workload.h"

extern const struct workload wl_madvise_flood;
extern const struct workload wl_jemalloc_churn;

const struct workload *const workloads[] = {
	&wl_madvise_flood,
	&wl_jemalloc_churn,
	NULL,
};
