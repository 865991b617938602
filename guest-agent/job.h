/*
 * job.h - what to run: a workload and its option values, from command-line
 * arguments (run/check) or from the kernel command line in a guest.
 *
 * Besides the workload's own options, every job has the agent options
 * interval_ms (sample period) and malloc_conf (MALLOC_CONF for jemalloc,
 * the allocator of the whole agent; empty = leave it alone).
 */
#ifndef TLB_JOB_H
#define TLB_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "parse_error.h"
#include "workload.h"

/* Prefix of job words on the kernel command line. */
#define JOB_CMDLINE_PREFIX	"tlbagent."

struct job {
	const struct workload *wl;
	struct opt_set common;		/* interval_ms, malloc_conf */
	struct opt_set opts;		/* the workload's */
};

/* The agent options' table (for tlbagent list). */
extern const struct opt_desc job_common_opts[];

/*
 * job_init - a job for the named workload with every option at its
 * default.  Returns 0; -1 with err.field "workload" for an unknown name.
 */
int job_init(struct job *job, const char *workload, struct parse_error *err);

/*
 * job_set - set an agent or workload option from text.  Returns 0, or -1
 * with err.field = the option (unknown, bad value: see opt_set_value).
 */
int job_set(struct job *job, const char *key, const char *value,
	    struct parse_error *err);

/* Cross-option checks of the workload.  Returns 0 or -1 with err. */
int job_check(const struct job *job, struct parse_error *err);

/*
 * job_from_args - build a job from "key=value" words, one of which is
 * workload=NAME; each key at most once.  Includes job_check.  Returns 0,
 * or -1 with err.line = the word's 1-based position and err.field the key
 * ("workload" when it is missing or unknown).
 */
int job_from_args(struct job *job, int argc, char *const argv[],
		  struct parse_error *err);

/*
 * job_from_cmdline - the same from kernel command-line text (len bytes,
 * /proc/cmdline): the words "tlbagent.KEY=VALUE" before a lone "--".
 * Other words are ignored.  err.line is the word's position among the
 * tlbagent words.  Returns 0 or -1 as job_from_args.
 */
int job_from_cmdline(struct job *job, const char *buf, size_t len,
		     struct parse_error *err);

/* 1 if the command line names a workload (tlbagent.workload=...). */
int cmdline_has_job(const char *buf, size_t len);

uint64_t job_interval_ms(const struct job *job);
/* The malloc_conf option, or NULL when it is empty. */
const char *job_malloc_conf(const struct job *job);

#endif
