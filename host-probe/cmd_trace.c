/*
 * cmd_trace.c - `tlbprobe trace`: summarise or follow a QEMU
 * apic_mem_writel trace through the sampling core (the same path the lab
 * takes), with optional measured windows.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend_qemu_trace.h"
#include "cli_util.h"
#include "commands.h"
#include "probe_json.h"
#include "render.h"

static const char usage[] =
"USAGE: tlbprobe trace FILE [--cpus N] [--tids T0,T1,...] [--window T0,T1]...\n"
"                      [--json]\n"
"       tlbprobe trace FILE --follow [--interval MS] [--count N] [--pid PID]\n"
"                      [--json]\n"
"\n"
"Count the IPIs a TCG guest sent, from the log QEMU writes when run with\n"
"  -accel tcg,thread=multi -trace enable=apic_mem_writel,file=FILE\n"
"  -msg timestamp=on\n"
"by sender vCPU, destination vCPU and vector class: CFS = 0xfb\n"
"call-function-single (TLB shootdown of one CPU), CF = 0xfc call-function\n"
"(several CPUs), RES = 0xfd reschedule.  CAL+RES is what the guest's\n"
"/proc/interrupts CAL and RES lines should add up to for that CPU.\n"
"\n"
"  --cpus N          vCPUs shorthand IPIs reach (default: threads seen)\n"
"  --tids T0,...     vCPU thread ids by cpu-index (QMP query-cpus-fast);\n"
"                    default: number threads by first appearance\n"
"  --window T0,T1    also count IPIs stamped in [T0, T1), host epoch\n"
"                    seconds (up to 9 decimals); repeatable\n"
"  --follow          keep reading as QEMU appends; Ctrl-C ends\n"
"  --interval MS     follow: sample period (default 500)\n"
"  --count N         follow: stop after N samples\n"
"  --pid PID         follow: stop when QEMU process PID exits\n"
"  --json            JSON (with --follow: one line per sample, then the\n"
"                    summary)\n"
"\n"
"EXAMPLES:\n"
"  tlbprobe trace run/apic-trace.log                 # whole-run summary\n"
"  tlbprobe trace t.log --window 1795405961.47,1795405974.48\n"
"  tlbprobe trace t.log --tids 6201,6202 --json\n"
"  tlbprobe trace t.log --follow --interval 250 --pid $(pgrep -n qemu)\n";

struct trace_opts {
	const char *file;
	uint64_t ncpus;
	pid_t tids[IPI_MAX_CPUS];
	unsigned ntids;
	int64_t win[PROBE_MAX_WINDOWS][2];
	int nwin;
	int json, follow;
	uint64_t interval_ms, count;
	pid_t pid;
};

static int parse_tids(const char *s, struct trace_opts *o)
{
	char *copy = strdup(s), *save = NULL, *tok;
	uint64_t v;
	int rc = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->ntids == IPI_MAX_CPUS) {
			rc = cli_err("--tids: more than %d", IPI_MAX_CPUS);
			break;
		}
		rc = cli_u64("--tids", tok, 1, INT32_MAX, &v);
		o->tids[o->ntids++] = (pid_t)v;
	}
	free(copy);
	return rc || !o->ntids ? -1 : 0;
}

static int parse_window(const char *s, struct trace_opts *o)
{
	const char *comma = strchr(s, ',');
	char t0[32];
	int64_t a, b;

	if (o->nwin == PROBE_MAX_WINDOWS)
		return cli_err("--window: at most %d", PROBE_MAX_WINDOWS), -1;
	if (!comma || (size_t)(comma - s) >= sizeof(t0))
		goto bad;
	memcpy(t0, s, (size_t)(comma - s));
	t0[comma - s] = '\0';
	if (cli_epoch_ns(t0, &a) || cli_epoch_ns(comma + 1, &b) || b < a)
		goto bad;
	o->win[o->nwin][0] = a;
	o->win[o->nwin][1] = b;
	o->nwin++;
	return 0;
bad:
	fprintf(stderr, "tlbprobe: --window: expected T0,T1 in epoch seconds "
		"with T0 <= T1, got \"%s\"\n", s);
	return -1;
}

static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{ "cpus", required_argument, NULL, 'c' },
		{ "tids", required_argument, NULL, 't' },
		{ "window", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "follow", no_argument, NULL, 'f' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	o->interval_ms = 500;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (cli_u64("--cpus", optarg, 1, IPI_MAX_CPUS, &o->ncpus))
				return CLI_USAGE;
			break;
		case 't':
			if (parse_tids(optarg, o))
				return CLI_USAGE;
			break;
		case 'w':
			if (parse_window(optarg, o))
				return CLI_USAGE;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'i':
			if (cli_u64("--interval", optarg, 10, 3600000,
				    &o->interval_ms))
				return CLI_USAGE;
			break;
		case 'n':
			if (cli_u64("--count", optarg, 1, UINT32_MAX, &o->count))
				return CLI_USAGE;
			break;
		case 'p':
			if (cli_u64("--pid", optarg, 1, INT32_MAX, &v))
				return CLI_USAGE;
			o->pid = (pid_t)v;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(CLI_OK);
		default:
			return cli_usage_err("trace", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_err("trace", "expected one trace FILE");
	o->file = argv[optind];
	if (!o->follow && (o->count || o->pid))
		return cli_usage_err("trace", "--count and --pid need --follow");
	return CLI_OK;
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);	/* a signal cuts it short: fine */
}

static void print_sample(const struct probe_sample *s,
			 const struct probe_sample *prev, int json)
{
	double rate[IPI_NCLASSES];
	char when[16];
	time_t sec = (time_t)(s->t_ns / 1000000000);
	struct tm tm;

	for (int c = 0; c < IPI_NCLASSES; c++)
		rate[c] = s->dt_s > 0 ? (double)(s->by_class[c] -
			  prev->by_class[c]) / s->dt_s : 0;
	if (json) {
		json_t *cls = json_object();

		for (int c = 0; c < IPI_NCLASSES; c++)
			json_object_set_new(cls, ipi_class_name(c),
					    json_real(rate[c]));
		cli_print_json(json_pack("{s:I,s:f,s:I,s:I,s:f,s:f,s:o,s:I}",
			"t_ns", (json_int_t)s->t_ns, "elapsed_s", s->elapsed_s,
			"writes", (json_int_t)s->writes,
			"deliveries", (json_int_t)s->deliveries,
			"writes_per_s", s->writes_per_s,
			"deliveries_per_s", s->deliveries_per_s,
			"deliveries_per_s_by_class", cls,
			"malformed", (json_int_t)s->malformed), 1);
		return;
	}
	localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("%-8s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %11llu\n", when,
	       s->writes_per_s, s->deliveries_per_s, rate[IPI_CLASS_CFS],
	       rate[IPI_CLASS_CF], rate[IPI_CLASS_RES], rate[IPI_CLASS_OTHER],
	       (unsigned long long)s->writes);
	fflush(stdout);
}

/* Sample until Ctrl-C, --count or the end of --pid; *qemu_gone says
 * whether the trace is complete (then a cut last line is malformed). */
static int follow(struct probe *p, const struct trace_opts *o,
		  int *qemu_gone)
{
	struct probe_sample prev, s;
	uint64_t n = 0;
	int rc;

	memset(&prev, 0, sizeof(prev));
	cli_catch_signals();
	if (!o->json)
		printf("%-8s %9s %9s %9s %9s %9s %9s %11s\n", "TIME",
		       "WRITES/S", "DELIV/S", "CFS/S", "CF/S", "RES/S",
		       "OTHER/S", "WRITES");
	while (!cli_stop) {
		sleep_ms(o->interval_ms);
		rc = probe_sample(p, &s);
		if (rc)
			return cli_err("%s", probe_strerror(p));
		print_sample(&s, &prev, o->json);
		prev = s;
		if (o->pid && kill(o->pid, 0) && errno == ESRCH) {
			*qemu_gone = 1;
			break;
		}
		if (o->count && ++n >= o->count)
			break;
	}
	return CLI_OK;
}

static void print_overview(const struct trace_reader *r, const char *file)
{
	const struct trace_stats *st = &r->stats;
	const struct trace_thread *th;
	size_t n;
	int other = 0;

	printf("trace      %s: %llu lines, %.6f s of host time\n", file,
	       (unsigned long long)st->lines,
	       (double)(st->last_us - st->first_us) / 1e6);
	printf("vCPUs      %u; threads %s:", trace_reader_ncpus(r),
	       r->map_given ? "from --tids" : "numbered by first appearance");
	th = trace_reader_threads(r, &n);
	for (size_t i = 0; i < n; i++) {
		char cpu[16];

		printf(" %d=%s", (int)th[i].tid,
		       render_cpu(cpu, sizeof(cpu), th[i].cpu));
	}
	printf("\nIPIs       %llu fixed ICR writes, %llu deliveries\n",
	       (unsigned long long)r->total.writes,
	       (unsigned long long)r->total.deliveries);
	printf("other ICR ");
	for (unsigned d = 1; d < ICR_NDELIVERY; d++)
		if (st->by_delivery[d])
			printf("%s %s %llu", other++ ? "," : "",
			       icr_delivery_name(d),
			       (unsigned long long)st->by_delivery[d]);
	printf("%s\n", other ? "" : " none");
	printf("other      %llu APIC register writes, %llu other trace "
	       "events, %llu malformed lines\n\n",
	       (unsigned long long)st->other_writes,
	       (unsigned long long)st->other_events,
	       (unsigned long long)st->malformed);
}

static void warn_malformed(const struct trace_reader *r, const char *file)
{
	const struct trace_stats *st = &r->stats;

	if (!st->malformed)
		return;
	fprintf(stderr, "tlbprobe: %s:%llu: %s%s%s (%llu malformed line%s "
		"skipped)\n", file,
		(unsigned long long)st->first_malformed_line,
		st->first_malformed.field, *st->first_malformed.field ?
		": " : "", st->first_malformed.msg,
		(unsigned long long)st->malformed,
		st->malformed == 1 ? "" : "s");
	if (st->unknown_writes)
		fprintf(stderr, "tlbprobe: %llu ICR writes by threads not in "
			"--tids\n", (unsigned long long)st->unknown_writes);
}

static int print_windows(struct probe *p)
{
	for (int i = 0; i < probe_window_count(p); i++) {
		struct ipi_tally t;
		int64_t t0, t1;

		probe_window_times(p, i, &t0, &t1);
		if (probe_window_result(p, i, &t))
			return cli_err("window %d: %s", i + 1,
				       probe_strerror(p));
		printf("\nwindow %d   [%lld.%09lld, %lld.%09lld) %.6f s: %llu "
		       "writes, %llu deliveries\n", i + 1,
		       (long long)(t0 / 1000000000),
		       (long long)(t0 % 1000000000),
		       (long long)(t1 / 1000000000),
		       (long long)(t1 % 1000000000), (double)(t1 - t0) / 1e9,
		       (unsigned long long)t.writes,
		       (unsigned long long)t.deliveries);
		render_tally(stdout, &t, (double)(t1 - t0) / 1e9);
		ipi_tally_free(&t);
	}
	return CLI_OK;
}

static int report(struct probe *p, const struct trace_opts *o)
{
	const struct trace_reader *r = qemu_trace_reader(p);
	const struct trace_stats *st = &r->stats;

	for (int i = 0; i < o->nwin; i++) {
		int id = probe_window_begin(p, o->win[i][0]);

		if (id < 0 || probe_window_end(p, id, o->win[i][1]))
			return cli_err("%s", probe_strerror(p));
	}
	warn_malformed(r, o->file);
	if (o->json)
		return cli_print_json(probe_json(p), o->follow);
	print_overview(r, o->file);
	render_tally(stdout, probe_totals(p),
		     (double)(st->last_us - st->first_us) / 1e6);
	return print_windows(p);
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o;
	struct probe_options po;
	struct probe *p = NULL;
	struct probe_sample last;
	int qemu_gone = 0;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	memset(&po, 0, sizeof(po));
	po.input = o.file;
	po.ncpus = (unsigned)o.ncpus;
	rc = probe_open(&probe_backend_qemu_trace, &po, &p);
	if (rc)
		return cli_err("%s: %s", o.file, strerror(-rc));
	if (probe_attach(p, 0, o.ntids ? o.tids : NULL, o.ntids)) {
		rc = cli_err("%s", probe_strerror(p));
		goto cleanup;
	}
	if (o.follow && (rc = follow(p, &o, &qemu_gone)))
		goto cleanup;
	/* While QEMU may still write, a last partial line is not yet a line. */
	if (o.follow && !qemu_gone ? probe_sample(p, &last) :
	    probe_finish(p)) {
		rc = cli_err("%s", probe_strerror(p));
		goto cleanup;
	}
	rc = report(p, &o);
cleanup:
	probe_close(p);
	return rc;
}
