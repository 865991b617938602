/* cli_util.c - shared front-end helpers for tlbprobe; see cli_util.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "hostmem.h"
#include "kvm_events.h"
#include "numparse.h"

volatile sig_atomic_t cli_stop;

static void on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

void cli_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("tlbprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

int cli_usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("tlbprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see tlbprobe %s --help)\n", cmd);
	return CLI_USAGE;
}

int cli_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
	    uint64_t *out)
{
	uint64_t v;

	if (parse_u64(s, &v) || v < min || v > max) {
		fprintf(stderr, "tlbprobe: %s: expected a whole number in "
			"%llu..%llu, got \"%s\"\n", opt,
			(unsigned long long)min, (unsigned long long)max, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_epoch_ns(const char *s, int64_t *out)
{
	char secs[24];
	const char *dot = strchr(s, '.');
	size_t n = dot ? (size_t)(dot - s) : strlen(s);
	uint64_t sec, frac = 0;
	size_t digits = 0;

	if (!n || n >= sizeof(secs))
		return -1;
	memcpy(secs, s, n);
	secs[n] = '\0';
	if (parse_u64(secs, &sec) || sec > INT64_MAX / 1000000000 - 1)
		return -1;
	if (dot) {
		for (const char *p = dot + 1; *p; p++, digits++) {
			if (*p < '0' || *p > '9' || digits == 9)
				return -1;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
		if (!digits)
			return -1;
		for (; digits < 9; digits++)
			frac *= 10;
	}
	*out = (int64_t)(sec * 1000000000 + frac);
	return 0;
}

int cli_print_json(json_t *j, int compact)
{
	int rc;

	if (!j)
		return cli_err("out of memory building JSON");
	rc = json_dumpf(j, stdout, JSON_PRESERVE_ORDER |
			(compact ? JSON_COMPACT : JSON_INDENT(2)));
	json_decref(j);
	if (rc || fputc('\n', stdout) == EOF || fflush(stdout))
		return cli_err("writing JSON to stdout failed");
	return CLI_OK;
}

int cli_hostmem_err(const struct hostmem_error *e)
{
	if (e->errnum)
		return cli_err("%s: %s", e->path, strerror(e->errnum));
	return cli_err("%s:%u: %s%s%s", e->path, e->parse.line,
		       e->parse.field, *e->parse.field ? ": " : "",
		       e->parse.msg);
}

int cli_counters_check(const char *cmd, const char *plan, int no_bpf)
{
	struct kvm_plan p;
	char why[512];

	if (kvm_plan_parse(plan, &p, why, sizeof(why)))
		return cli_usage_err(cmd, "%s", why);
	if (p.kind == KVM_PLAN_LEAN && no_bpf)
		return cli_usage_err(cmd, "--counters lean counts with the BPF "
				     "program, which --no-bpf leaves out");
	return CLI_OK;
}

int cli_time_sample(const char *cmd, const char *s, uint64_t *out)
{
	if (cli_u64("--time-sample", s, 1, 32768, out))
		return -1;
	if (*out & (*out - 1)) {
		cli_usage_err(cmd, "--time-sample %s: not a power of two", s);
		return -1;
	}
	return 0;
}

int cli_perf_scope(const char *cmd, const char *s, int *per_cpu)
{
	int cpu = !strcmp(s, "cpu");

	if (cpu || !strcmp(s, "thread")) {
		*per_cpu = cpu;
		return 0;
	}
	cli_usage_err(cmd, "--perf-scope %s: give thread or cpu", s);
	return -1;
}
