/* counters.c - guest counter readings; see counters.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters.h"
#include "fileio.h"
#include "workload.h"

#define PROC_MAX_BYTES	(4u << 20)

typedef int (*parse_fn)(const char *buf, size_t len, void *out,
			struct parse_error *err);

static int parse_irq(const char *buf, size_t len, void *out,
		     struct parse_error *err)
{
	return irq_parse(buf, len, out, err);
}

static int parse_stat(const char *buf, size_t len, void *out,
		      struct parse_error *err)
{
	return procstat_parse(buf, len, out, err);
}

static int read_proc(const char *dir, const char *name, parse_fn parse,
		     void *out, char *why, size_t whylen)
{
	struct parse_error err = { 0, "", "" };
	char path[256], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = read_whole_file(path, PROC_MAX_BYTES, &buf, &len);
	if (rc) {
		snprintf(why, whylen, "%s: %s", path, strerror(-rc));
		return -1;
	}
	rc = parse(buf, len, out, &err);
	free(buf);
	if (rc)
		snprintf(why, whylen, "%s:%u: %s: %s", path, err.line,
			 err.field, err.msg);
	return rc ? -1 : 0;
}

int gcounters_read(struct gcounters *out, const char *proc_dir, int with_jem,
		   char *why, size_t whylen)
{
	int rc;

	out->t_ns = wl_now_ns();
	madv_snapshot(&out->madv);
	if (read_proc(proc_dir, "interrupts", parse_irq, &out->irq, why,
		      whylen) ||
	    read_proc(proc_dir, "stat", parse_stat, &out->cpu, why, whylen))
		return -1;
	out->has_jem = 0;
	if (with_jem) {
		rc = jem_stats_read(&out->jem);
		if (rc) {
			snprintf(why, whylen, "jemalloc mallctl: %s",
				 strerror(-rc));
			return -1;
		}
		out->has_jem = 1;
	}
	return 0;
}

int gcounters_window(const struct gcounters *earlier,
		     const struct gcounters *later, struct gwindow *out,
		     char *why, size_t whylen)
{
	out->duration_s = (double)(later->t_ns - earlier->t_ns) / 1e9;
	if (irq_delta(&earlier->irq, &later->irq, &out->irq)) {
		snprintf(why, whylen,
			 "/proc/interrupts: CPU columns changed or a counter went backwards during the run");
		return -1;
	}
	cpu_times_window(&earlier->cpu, &later->cpu, sysconf(_SC_CLK_TCK),
			 &out->cpu);
	madv_stats_delta(&earlier->madv, &later->madv, &out->madv);
	out->has_jem = earlier->has_jem && later->has_jem;
	if (out->has_jem)
		jem_stats_delta(&earlier->jem, &later->jem, &out->jem);
	return 0;
}
