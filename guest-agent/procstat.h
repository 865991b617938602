/*
 * procstat.h - CPU time of the whole machine from /proc/stat.
 *
 * The first line, "cpu  user nice system idle iowait irq softirq steal
 * guest guest_nice", counts USER_HZ ticks summed over all CPUs (guest and
 * guest_nice are already inside user and nice).  A TLB-shootdown storm shows
 * as system time (article 000: "CPU sys jumps"); in a VM, steal is the time
 * the host ran something else.  Kernels before 2.6.33 print fewer fields:
 * at least the first four are required, missing later ones read as 0.
 */
#ifndef TLB_PROCSTAT_H
#define TLB_PROCSTAT_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

enum cpu_field {
	CPU_USER, CPU_NICE, CPU_SYSTEM, CPU_IDLE, CPU_IOWAIT,
	CPU_IRQ, CPU_SOFTIRQ, CPU_STEAL, CPU_GUEST, CPU_GUEST_NICE,
	CPU_NFIELDS
};

struct cpu_times {
	uint64_t tick[CPU_NFIELDS];	/* USER_HZ ticks, all CPUs summed */
	unsigned ncpus;			/* "cpuN" lines seen */
};

/*
 * procstat_parse - parse len bytes of /proc/stat text into out.
 * Returns 0, or -1 with err naming the line and field ("cpu" when the
 * aggregate line is missing or not first among the cpu lines, a field name
 * such as "system" for a bad or missing count, "cpuN" for a malformed
 * per-CPU line).  Lines other than cpu* lines are not examined.
 */
int procstat_parse(const char *buf, size_t len, struct cpu_times *out,
		   struct parse_error *err);

/* Name of a field as in proc(5): "user", "nice", "system", ... */
const char *cpu_field_name(enum cpu_field f);

/*
 * The window between two readings, in seconds (ticks / hz).  user = user +
 * nice; sys = system + irq + softirq; idle = idle + iowait; steal on its
 * own.  sys_pct = sys / (user + sys + idle + steal) * 100, 0 when nothing
 * elapsed.  A counter that went backwards (it should not) counts as 0.
 */
struct cpu_window {
	double user_s, sys_s, idle_s, steal_s, sys_pct;
};

void cpu_times_window(const struct cpu_times *earlier,
		      const struct cpu_times *later, long hz,
		      struct cpu_window *out);

#endif
