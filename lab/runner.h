/*
 * runner.h - run one variant: boot its guest, watch it, collect.
 *
 * Phases: boot (QEMU start to the agent's hello), workload (hello to the
 * agent's "done"), summary (to the summary line), shutdown (to QEMU's
 * exit).  Each has a time limit; a watchdog ends a guest whose console
 * and agent stream both stay silent too long.  Whatever happens, QEMU is
 * ended and reaped, and everything measured so far is in the result.
 */
#ifndef TLBLAB_RUNNER_H
#define TLBLAB_RUNNER_H

#include <jansson.h>
#include <signal.h>

#include "scenario.h"

struct run_ctx {
	const char *kernel, *initrd;	/* guest images */
	const json_t *nested;		/* nested.json (L1 appliance), or NULL */
	const char *run_dir;		/* results/<scenario>/<stamp> */
	const char *sock_dir;		/* short temporary folder */
	const char *vm_backend;		/* "qemu" */
	int progress_tty;		/* redraw one progress line */
	volatile sig_atomic_t *interrupted;
};

enum run_status { RUN_OK, RUN_ERROR, RUN_SKIP };

/*
 * run_variant - run cfg (variant number index of total).  *out gets the
 * variant's JSON object for result.json (always, even on error).
 * Returns RUN_OK, or RUN_ERROR with the object's "error" saying in which
 * phase and why ("frozen": true when the guest stopped talking: the boot
 * timeout or the watchdog ended it, worth one retry in nested mode).
 */
enum run_status run_variant(const struct run_ctx *ctx,
			    const struct run_config *cfg, size_t index,
			    size_t total, json_t **out);

/* What a mode's numbers mean, for the report and result.json. */
const char *accel_mode_meaning(enum accel_mode mode);

#endif
