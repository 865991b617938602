/* procstat.c - /proc/stat CPU-time parser; see procstat.h. */
#include <string.h>

#include "numparse.h"
#include "procstat.h"
#include "textscan.h"

static const char *const field_names[CPU_NFIELDS] = {
	"user", "nice", "system", "idle", "iowait",
	"irq", "softirq", "steal", "guest", "guest_nice",
};

const char *cpu_field_name(enum cpu_field f)
{
	return (unsigned)f < CPU_NFIELDS ? field_names[f] : "?";
}

static int parse_ticks(struct textscan *ts, unsigned lineno,
		       struct cpu_times *out, struct parse_error *err)
{
	char word[32];
	unsigned n = 0;
	int rc;

	while ((rc = textscan_word(ts, word, sizeof(word))) != 1) {
		/* Newer kernels may append fields: ignore them. */
		if (n >= CPU_NFIELDS)
			break;
		if (rc < 0 || parse_u64(word, &out->tick[n]))
			return parse_error_set(err, lineno, field_names[n],
					       "bad tick count \"%.20s\"", word);
		n++;
	}
	if (n < 4)
		return parse_error_set(err, lineno, field_names[n],
				       "missing (only %u fields)", n);
	return 0;
}

/* "cpuN" with N a number: a per-CPU line, only checked for shape. */
static int per_cpu_line(const char *label, unsigned lineno,
			struct parse_error *err)
{
	uint64_t cpu;

	if (parse_u64(label + 3, &cpu))
		return parse_error_set(err, lineno, "cpuN",
				       "bad CPU line label \"%.20s\"", label);
	return 0;
}

int procstat_parse(const char *buf, size_t len, struct cpu_times *out,
		   struct parse_error *err)
{
	struct textscan lines, line;
	unsigned lineno = 0;
	int have_total = 0;
	char label[32];

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &line)) {
		lineno++;
		if (textscan_word(&line, label, sizeof(label)) ||
		    strncmp(label, "cpu", 3))
			continue;
		if (!strcmp(label, "cpu")) {
			if (have_total)
				return parse_error_set(err, lineno, "cpu",
						       "aggregate line twice");
			if (parse_ticks(&line, lineno, out, err))
				return -1;
			have_total = 1;
			continue;
		}
		if (!have_total)
			return parse_error_set(err, lineno, "cpu",
					       "per-CPU line before the aggregate \"cpu\" line");
		if (per_cpu_line(label, lineno, err))
			return -1;
		out->ncpus++;
	}
	if (!have_total)
		return parse_error_set(err, 0, "cpu", "no aggregate \"cpu\" line");
	return 0;
}

static double ticks_between(const struct cpu_times *a,
			    const struct cpu_times *b, enum cpu_field f)
{
	return b->tick[f] >= a->tick[f] ? (double)(b->tick[f] - a->tick[f]) : 0;
}

void cpu_times_window(const struct cpu_times *earlier,
		      const struct cpu_times *later, long hz,
		      struct cpu_window *out)
{
	double user, sys, idle, steal, all;
	double div = hz > 0 ? (double)hz : 100.0;

	user = ticks_between(earlier, later, CPU_USER) +
	       ticks_between(earlier, later, CPU_NICE);
	sys = ticks_between(earlier, later, CPU_SYSTEM) +
	      ticks_between(earlier, later, CPU_IRQ) +
	      ticks_between(earlier, later, CPU_SOFTIRQ);
	idle = ticks_between(earlier, later, CPU_IDLE) +
	       ticks_between(earlier, later, CPU_IOWAIT);
	steal = ticks_between(earlier, later, CPU_STEAL);
	all = user + sys + idle + steal;
	out->user_s = user / div;
	out->sys_s = sys / div;
	out->idle_s = idle / div;
	out->steal_s = steal / div;
	out->sys_pct = all > 0 ? sys / all * 100.0 : 0.0;
}
