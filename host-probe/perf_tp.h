/*
 * perf_tp.h - one perf_event_open(2) counter on one tracepoint for one
 * thread, with an in-kernel filter.
 *
 * A counter, not a sampling buffer: the kernel adds one per event that
 * passes the filter, so nothing can be lost to a full buffer.  Tracepoint
 * events are software events and are never multiplexed; perf_tp_read()
 * still returns time_enabled and time_running so the caller can prove it
 * (running < enabled would mean the count is scaled, i.e. incomplete).
 */
#ifndef TLBPROBE_PERF_TP_H
#define TLBPROBE_PERF_TP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct perf_tp_value {
	uint64_t value;
	uint64_t enabled_ns, running_ns;
};

/*
 * perf_tp_open - count tracepoint tp_id on thread tid (any CPU), with
 * filter (NULL or "" for none); enabled on return.  Returns the fd, or
 * -errno with why: -ESRCH no such thread, -EACCES/-EPERM not allowed
 * (root or perf_event_paranoid), -EINVAL the kernel refused the filter,
 * -EMFILE out of descriptors.
 */
int perf_tp_open(uint32_t tp_id, pid_t tid, const char *filter, char *why,
		 size_t n);

/* Read fd; 0 or -errno. */
int perf_tp_read(int fd, struct perf_tp_value *v);

/* Raise RLIMIT_NOFILE to its hard limit (many counters: one per event and
 * vCPU thread).  Returns the new soft limit. */
unsigned long perf_tp_raise_fd_limit(void);

#endif
