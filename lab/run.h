/*
 * run.h - `tlblab run`: a whole scenario, variant by variant, into a run
 * folder (results/<scenario>/<stamp>/) with result.json, the report and
 * each variant's raw logs.
 */
#ifndef TLBLAB_RUN_H
#define TLBLAB_RUN_H

/* Exit codes of tlblab, documented once (README, tlblab --help). */
enum lab_exit {
	LAB_PASS = 0,	/* every variant ran, every expectation held */
	LAB_FAIL = 1,	/* an expectation did not hold */
	LAB_ERROR = 2,	/* bad input, a variant could not run, interrupted */
	LAB_SKIP = 4,	/* this machine cannot run what was asked */
};

struct run_options {
	const char *scenario;	/* path of the .ini */
	const char *variant;	/* only this variant, or NULL */
	const char *accel;	/* overrides [scenario] accel, or NULL */
	const char *results;	/* results root (default "results") */
	const char *bin_dir;	/* where tlbagent is (default: beside tlblab) */
	const char *images;	/* guest.json (default: bin_dir/../images/) */
	int json;		/* print result.json instead of the table */
	unsigned repeat;	/* boots per variant (0 or 1: one) */
};

/* Run the scenario; returns an enum lab_exit value. */
int lab_run(const struct run_options *o);

/* `tlblab check FILE`: parse, resolve and check the agent options of
 * every variant without booting anything.  Returns LAB_PASS/LAB_ERROR. */
int lab_check(const struct run_options *o);

#endif
