/*
 * agent.h - the driver: runs one job, streams it, summarises it.
 *
 * Order on the stream (docs/agent-protocol.md): hello; phase "run" right
 * after the counters are read at the start of the workload's window;
 * samples every interval_ms with cumulative counts; phase "done" right
 * after the end reading; then summary, or error if anything failed.
 */
#ifndef TLB_AGENT_H
#define TLB_AGENT_H

#include <stdio.h>

#include "emit.h"
#include "job.h"

struct agent_env {
	struct emitter *out;	/* the JSON stream */
	FILE *human;		/* progress and the final summary */
	const char *proc_dir;	/* "/proc" */
};

/*
 * agent_run - run job.  Returns 0 when the workload ran and its summary
 * was sent, 1 when it failed (an error line was sent if the stream still
 * worked, and the reason printed on env->human).
 */
int agent_run(const struct job *job, const struct agent_env *env);

/* Ask the running workload to stop early (async-signal-safe). */
void agent_stop(void);

/* Report a failure before or outside a run: an error line + stderr. */
void agent_fail(const struct agent_env *env, const char *msg);

#endif
