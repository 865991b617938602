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
 * perf_tp_open - count tracepoint tp_id with filter (NULL or "" for
 * none), enabled on return: on thread tid on any CPU (cpu -1), or, with
 * tid -1, on everything that runs on CPU cpu.  Returns the fd, or -errno
 * with why: -ESRCH no such thread, -ENODEV no such CPU (offline),
 * -EACCES/-EPERM not allowed (root or perf_event_paranoid), -EINVAL the
 * kernel refused the filter, -EMFILE out of descriptors.
 */
int perf_tp_open(uint32_t tp_id, pid_t tid, int cpu, const char *filter,
		 char *why, size_t n);

/*
 * perf_tp_thread_filter - filter, narrowed to the events thread tid
 * makes ("common_pid == tid", the tracepoint's common field), into out:
 * for a per-CPU counter that counts one thread.  Why per CPU at all: a
 * per-thread counter is scheduled in and out at each context switch of
 * its thread, and while any exists the kernel runs perf's context-switch
 * hooks on every switch of every task; a per-CPU counter needs neither.
 * 0, or -ENAMETOOLONG when out is too small.
 */
int perf_tp_thread_filter(const char *filter, pid_t tid, char *out,
			  size_t n);

/* Parse a kernel CPU list ("0-3,8,10-11\n", as in
 * /sys/devices/system/cpu/online) into cpus, at most max; their number,
 * or -EINVAL (malformed, descending range), -E2BIG (more than max),
 * -ENOMEM. */
int perf_tp_parse_cpulist(const char *text, int *cpus, int max);

/* The online CPUs (sysfs_root "" or NULL for /): perf_tp_parse_cpulist
 * of devices/system/cpu/online; their number or -errno. */
int perf_tp_online_cpus(const char *sysfs_root, int *cpus, int max);

/* Read fd; 0 or -errno. */
int perf_tp_read(int fd, struct perf_tp_value *v);

/* Raise RLIMIT_NOFILE to its hard limit (many counters: one per event and
 * vCPU thread).  Returns the new soft limit. */
unsigned long perf_tp_raise_fd_limit(void);

#endif
