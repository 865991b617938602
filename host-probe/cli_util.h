/*
 * cli_util.h - what tlbprobe's commands share: error lines, strict option
 * values, the SIGINT flag and JSON output.  Front-end code: it prints.
 *
 * Exit codes of tlbprobe (documented once, in --help too):
 *   0  done
 *   1  failed: a file or process missing or unreadable, not a QEMU
 *      process, input that does not parse
 *   2  usage: unknown option, bad option value
 *   3  cannot probe on this host: not root, tracefs missing or not
 *      mountable, no KVM (kvm module or its tracepoints missing)
 * (`top`: a pid that does not exist or is not a KVM VM is 1.)
 */
#ifndef TLBPROBE_CLI_UTIL_H
#define TLBPROBE_CLI_UTIL_H

#include <jansson.h>
#include <signal.h>
#include <stdint.h>

#define CLI_OK		0
#define CLI_FAIL	1
#define CLI_USAGE	2
#define CLI_ENV		3

extern volatile sig_atomic_t cli_stop;	/* set by SIGINT / SIGTERM */

/* Route SIGINT and SIGTERM to cli_stop (no SA_RESTART: sleeps wake). */
void cli_catch_signals(void);

/* "tlbprobe: MSG\n" on stderr; returns CLI_FAIL. */
int cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tlbprobe: MSG (see tlbprobe CMD --help)\n"; returns CLI_USAGE. */
int cli_usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Strict unsigned value of option opt in [min, max]; 0, or -1 after
 * printing why. */
int cli_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
	    uint64_t *out);

/*
 * cli_epoch_ns - "SECONDS[.FRACTION]" (up to 9 fraction digits, no sign,
 * no exponent) to nanoseconds, exactly (no floating point).  Returns 0 or
 * -1 (not such a number, or past year 2262).
 */
int cli_epoch_ns(const char *s, int64_t *out);

/* --counters PLAN (kvm_events.h) of command cmd, checked before anything
 * runs: CLI_OK, or CLI_USAGE after printing why (a bad plan, or lean with
 * --no-bpf). */
int cli_counters_check(const char *cmd, const char *plan, int no_bpf);

/* --time-sample N: a power of two in [1, 32768]; 0, or -1 after printing
 * why. */
/* --perf-scope S: "thread" (0) or "cpu" (1) into *per_cpu; 0, or -1
 * after a usage error. */
int cli_perf_scope(const char *cmd, const char *s, int *per_cpu);
int cli_time_sample(const char *cmd, const char *s, uint64_t *out);

struct hostmem_error;
/* "PATH: strerror" or "PATH:LINE: FIELD: MSG" for a failed host file
 * read (hostmem.h); returns CLI_FAIL. */
int cli_hostmem_err(const struct hostmem_error *e);

/* Print j (one document, indented) on stdout and drop the reference;
 * CLI_OK, or CLI_FAIL when j is NULL (out of memory) or stdout fails. */
int cli_print_json(json_t *j, int compact);

#endif
