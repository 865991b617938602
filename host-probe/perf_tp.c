/* perf_tp.c - tracepoint counters; see perf_tp.h. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fileio.h"
#include "numparse.h"
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

/* Beyond any CPU number a kernel prints (NR_CPUS is at most 8192). */
#define CPU_NUMBER_MAX	(1u << 20)

int perf_tp_parse_cpulist(const char *text, int *cpus, int max)
{
	size_t len = strlen(text);
	char *buf, *item, *next;
	int n = 0;

	if (len && text[len - 1] == '\n')
		len--;
	buf = strndup(text, len);
	if (!buf)
		return -ENOMEM;
	/* items "N" or "LO-HI" between commas, none empty */
	for (item = *buf ? buf : NULL; item; item = next) {
		char *dash;
		uint64_t lo, hi;

		next = strchr(item, ',');
		if (next)
			*next++ = 0;
		dash = strchr(item, '-');
		if (dash)
			*dash = 0;
		if (parse_u64(item, &lo) ||
		    parse_u64(dash ? dash + 1 : item, &hi) || hi < lo ||
		    hi > CPU_NUMBER_MAX) {
			n = -EINVAL;
			break;
		}
		for (; lo <= hi && n >= 0; lo++)
			if (n == max)
				n = -E2BIG;
			else
				cpus[n++] = (int)lo;
		if (n < 0)
			break;
	}
	free(buf);
	return n;
}

int perf_tp_online_cpus(const char *sysfs_root, int *cpus, int max)
{
	char path[512], *text;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/online",
		 sysfs_root ? sysfs_root : "");
	rc = read_whole_file(path, 4096, &text, &len);
	if (rc)
		return rc;
	rc = len ? perf_tp_parse_cpulist(text, cpus, max) : -EINVAL;
	free(text);
	return rc;
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
