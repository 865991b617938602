/*
 * probe_glue.h - what the lab needs from the host probe (host-probe/),
 * in the lab's terms: QEMU arguments, attach, live samples, and at the end
 * the host-side counts over the guest's measured window as JSON.
 */
#ifndef TLBLAB_PROBE_GLUE_H
#define TLBLAB_PROBE_GLUE_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "scenario.h"

struct lab_probe;

/*
 * lab_probe_open - prepare the probe for one variant in mode, keeping its
 * files in rundir.  *args (up to max) gets the QEMU arguments it needs.
 * Returns the probe, or NULL with err set.
 */
struct lab_probe *lab_probe_open(enum accel_mode mode, const char *rundir,
				 const char **args, size_t max, size_t *nargs,
				 char *err, size_t errsz);
/* Attach to the started QEMU; tids = vCPU threads by index.  0 or -1. */
int lab_probe_attach(struct lab_probe *p, pid_t qemu_pid, const pid_t *tids,
		     int ntids, char *err, size_t errsz);
/* Bytes of the probe's own stream (nested mode: tlbprobe inside L1). */
void lab_probe_feed(struct lab_probe *p, const char *buf, size_t n);
/* Nested: how L2 ended, in its QEMU's words (QMP SHUTDOWN reason, as
 * tlbprobe in L1 reports it: "guest-shutdown", "guest-reset", ...); NULL
 * when not reported. */
const char *lab_probe_l2_shutdown(const struct lab_probe *p);
/* Read what is new; *ipis = IPIs sent so far (all time).  0 or -1. */
int lab_probe_sample(struct lab_probe *p, double *ipis);
/*
 * lab_probe_mark - the agent's "run" (begin = 1) or "done" line arrived
 * now: open or close the measured window.  Called at receipt, because a
 * counter-based backend must read its counters at that moment.
 */
void lab_probe_mark(struct lab_probe *p, int begin);
/*
 * lab_probe_finish - after QEMU exited: final read, then host.ipis as
 * JSON: source, window and lifetime counts (probe_json.h's tally format),
 * the backend's details.  NULL on failure (err set).
 */
json_t *lab_probe_finish(struct lab_probe *p, char *err, size_t errsz);
/* Host memory state for a running QEMU: smaps_rollup, THP, buddyinfo. */
json_t *lab_probe_memory(pid_t qemu_pid);
void lab_probe_close(struct lab_probe *p, int keep_files);

#endif
