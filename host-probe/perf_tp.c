/* perf_tp.c - tracepoint counters; see perf_tp.h. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf_tp.h"

int perf_tp_open(uint32_t tp_id, pid_t tid, const char *filter, char *why,
		 size_t n)
{
	struct perf_event_attr a;
	int fd, e;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = tp_id;
	a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* Enable only once the filter is in place, or the first events
	 * would be counted unfiltered. */
	a.disabled = 1;
	fd = (int)syscall(SYS_perf_event_open, &a, tid, -1, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(why, n, "perf_event_open(tracepoint %u, tid %d): %s",
			 tp_id, (int)tid, strerror(e));
		return -e;
	}
	if (filter && *filter &&
	    ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter)) {
		e = errno;
		snprintf(why, n, "tracepoint %u: filter \"%s\" refused: %s",
			 tp_id, filter, strerror(e));
		close(fd);
		return -e;
	}
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		e = errno;
		snprintf(why, n, "tracepoint %u: enable: %s", tp_id,
			 strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

int perf_tp_read(int fd, struct perf_tp_value *v)
{
	uint64_t buf[3];
	ssize_t got = read(fd, buf, sizeof(buf));

	if (got < 0)
		return -errno;
	if (got != sizeof(buf))
		return -EIO;
	v->value = buf[0];
	v->enabled_ns = buf[1];
	v->running_ns = buf[2];
	return 0;
}

unsigned long perf_tp_raise_fd_limit(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r))
		return 0;
	if (r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
	return (unsigned long)r.rlim_cur;
}
