/*
 * itest.h - helpers for integration tests: run tlblab like a user would,
 * read what it wrote, and check that nothing it started is left running.
 */
#ifndef TLBLAB_ITEST_H
#define TLBLAB_ITEST_H

#include <jansson.h>

struct itest_run {
	int status;		/* tlblab's exit code */
	char *output;		/* stdout + stderr */
	char results[256];	/* the --results root used */
	json_t *result;		/* results/<name>/latest/result.json, or NULL */
};

/*
 * itest_tlblab - run `build/bin/tlblab run SCENARIO --results TMP ARGS...`
 * (ARGS NULL-terminated) with a time limit; scenario paths are relative to
 * the repository root.  Fails the test if it cannot run or overruns.
 */
void itest_tlblab(struct itest_run *r, const char *scenario, int timeout_s,
		  ...);
void itest_free(struct itest_run *r);
/* Number of running processes whose command line contains marker. */
int itest_count_procs(const char *marker);

#endif
