/* perf_tp.c - tracepoint counters; see perf_tp.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf_tp.h"

int perf_tp_open(uint32_t tp_id, pid_t tid, int cpu, const char *filter,
		 char *why, size_t n)
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
	fd = (int)syscall(SYS_perf_event_open, &a, tid, cpu, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (cpu >= 0)
			snprintf(why, n, "perf_event_open(tracepoint %u, CPU "
				 "%d): %s", tp_id, cpu, strerror(e));
		else
			snprintf(why, n, "perf_event_open(tracepoint %u, tid "
				 "%d): %s", tp_id, (int)tid, strerror(e));
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

int perf_tp_thread_filter(const char *filter, pid_t tid, char *out,
			  size_t n)
{
	int len = filter && *filter ?
		snprintf(out, n, "(%s) && common_pid == %d", filter, (int)tid) :
		snprintf(out, n, "common_pid == %d", (int)tid);

	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

/* One decimal CPU number at *s; -1 when there is none. */
static long cpu_number(const char **s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)**s))
		return -1;
	errno = 0;
	v = strtol(*s, &end, 10);
	if (errno || v > 1 << 20)
		return -1;
	*s = end;
	return v;
}

int perf_tp_parse_cpulist(const char *text, int *cpus, int max)
{
	const char *s = text;
	int n = 0;

	while (*s && *s != '\n') {
		long lo = cpu_number(&s), hi = lo;

		if (lo < 0)
			return -EINVAL;
		if (*s == '-') {
			s++;
			hi = cpu_number(&s);
			if (hi < lo)
				return -EINVAL;
		}
		for (long c = lo; c <= hi; c++) {
			if (n == max)
				return -E2BIG;
			cpus[n++] = (int)c;
		}
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -EINVAL;
	}
	if (*s == '\n' && s[1])
		return -EINVAL;
	return n;
}

int perf_tp_online_cpus(const char *sysfs_root, int *cpus, int max)
{
	char path[512], text[4096];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/online",
		 sysfs_root ? sysfs_root : "");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	got = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (got <= 0)
		return got < 0 ? -errno : -EINVAL;
	text[got] = 0;
	return perf_tp_parse_cpulist(text, cpus, max);
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
