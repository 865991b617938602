/*
 * cmd_top.c - `tlbprobe top`: a live, top-style view of KVM VMs from the
 * host, in the spirit of kvm_stat / perf kvm stat but focused on what this
 * project is about: exits/s by reason (with handling time), ICR writes/s
 * (IPIs sent) per vCPU, and the memory state behind 2 MiB backing.
 * Front end over the sampler (sampler.h); --json prints one line per
 * interval from the same tick.
 */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend_kvm.h"
#include "cli_util.h"
#include "commands.h"
#include "kvm_bpf.h"
#include "kvm_json.h"
#include "kvm_proc.h"
#include "sampler.h"

static const char usage[] =
"USAGE: tlbprobe top (--pid PID | --all) [--interval MS] [--duration S]\n"
"                    [--json] [--counters PLAN] [--no-times]\n"
"                    [--time-sample N] [--no-bpf]\n"
"                    [--perf-scope thread|cpu] [--tracefs DIR]\n"
"\n"
"Live view of KVM virtual machines from the host: VM exits per second by\n"
"reason with their average and maximum handling time, x2APIC ICR writes\n"
"(IPIs the guest sends; MSR 0x830) per vCPU, halts and wake-ups, the VM's\n"
"share of anonymous memory on 2 MiB pages, and the host's free blocks of\n"
"order >= 9.  Counts come from a BPF program on the kvm tracepoints, with\n"
"perf counters for exits and ICR writes that prove it missed nothing, or,\n"
"without BPF, from perf counters with in-kernel filters; times from BPF.\n"
"Needs root.  Mounts tracefs at /sys/kernel/tracing if it is not mounted\n"
"(and unmounts it at the end).\n"
"\n"
"  --pid PID       the VM's process (QEMU or any process with /dev/kvm open)\n"
"  --all           every process with /dev/kvm open\n"
"  --interval MS   refresh period (default 1000)\n"
"  --duration S    stop after S seconds (default: until Ctrl-C or the VMs\n"
"                  exit)\n"
"  --json          one JSON line per interval instead of the table\n"
"  --counters PLAN auto (default: lean when BPF loads, else full), lean,\n"
"                  full (a perf counter for every count), stats (exits\n"
"                  from KVM's own statistics, ICR writes from one perf\n"
"                  counter: no hook on exits, no BPF, no breakdown by\n"
"                  reason), or counter keys to keep as perf counters\n"
"                  (exits,icr_writes; none)\n"
"  --no-times      no exit handling times (BPF still counts)\n"
"  --time-sample N time a random 1 in N exits (N a power of two; default:\n"
"                  every exit with a TSC or kvm-clock clocksource, else 1\n"
"                  in 16)\n"
"  --perf-scope S  where each perf counter counts: thread (default: one per\n"
"                  vCPU thread, switched in and out with it) or cpu (one\n"
"                  per CPU and thread, filtered on the thread's pid: no\n"
"                  context-switch hooks; more counters on a big host)\n"
"  --no-bpf        do not load the BPF program (perf counters only)\n"
"  --tracefs DIR   use the tracefs mounted at DIR\n"
"\n"
"EXIT STATUS: 0 done, 1 no such process / not a KVM VM / probe failure,\n"
"2 usage, 3 cannot probe here (not root, no tracefs, no KVM).\n"
"\n"
"EXAMPLES:\n"
"  tlbprobe top --pid $(pgrep -n qemu-system)\n"
"  tlbprobe top --all --interval 2000\n"
"  tlbprobe top --pid 4242 --json --duration 10 > exits.jsonl\n";

struct top_opts {
	pid_t pid;
	int all, json, no_times, no_bpf, per_cpu;
	uint64_t time_sample;
	uint64_t interval_ms, duration_s;
	const char *tracefs, *counters;
};

static int parse_opts(int argc, char **argv, struct top_opts *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "interval", required_argument, NULL, 'i' },
		{ "duration", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-times", no_argument, NULL, 'T' },
		{ "tracefs", required_argument, NULL, 't' },
		{ "counters", required_argument, NULL, 'c' },
		{ "no-bpf", no_argument, NULL, 'B' },
		{ "perf-scope", required_argument, NULL, 'S' },
		{ "time-sample", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	o->interval_ms = 1000;
	while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (cli_u64("--pid", optarg, 1, INT32_MAX, &v))
				return CLI_USAGE;
			o->pid = (pid_t)v;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'i':
			if (cli_u64("--interval", optarg, 10, 3600000,
				    &o->interval_ms))
				return CLI_USAGE;
			break;
		case 'd':
			if (cli_u64("--duration", optarg, 1, 31536000,
				    &o->duration_s))
				return CLI_USAGE;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'T':
			o->no_times = 1;
			break;
		case 't':
			o->tracefs = optarg;
			break;
		case 'c':
			o->counters = optarg;
			break;
		case 'B':
			o->no_bpf = 1;
			break;
		case 'S':
			if (cli_perf_scope("top", optarg, &o->per_cpu))
				return CLI_USAGE;
			break;
		case 's':
			if (cli_time_sample("top", optarg, &o->time_sample))
				return CLI_USAGE;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(CLI_OK);
		default:
			return cli_usage_err("top", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_err("top", "unexpected argument \"%s\"",
				     argv[optind]);
	if (!o->pid == !o->all)
		return cli_usage_err("top", "give --pid PID or --all");
	return cli_counters_check("top", o->counters, o->no_bpf);
}

/* Is pid a VM we can probe?  Prints the error; returns a CLI code. */
static int check_pid(pid_t pid, char *comm, size_t size)
{
	int m;

	if (kill(pid, 0) && errno == ESRCH)
		return cli_err("pid %d: no such process", (int)pid);
	if (geteuid() != 0)
		return cli_err("top needs root (perf counters on kvm "
			       "tracepoints, tracefs, BPF)"), CLI_ENV;
	m = kvm_proc_check("/proc", pid, comm, size);
	if (m == -ENOENT)
		return cli_err("pid %d: no such process", (int)pid);
	if (m < 0)
		return cli_err("pid %d: /proc/%d/fd: %s", (int)pid, (int)pid,
			       strerror(-m));
	if (!(m & KVM_PROC_KVMFD))
		return cli_err("pid %d (%s) is not a KVM virtual machine: %s",
			       (int)pid, comm, m & KVM_PROC_QEMU ?
			       "QEMU without /dev/kvm open (TCG?)" :
			       "no /dev/kvm open and not QEMU");
	return CLI_OK;
}

static int open_vm(struct sampler *s, const struct top_opts *o, pid_t pid,
		   const char *comm)
{
	struct probe_options po;
	struct probe *p;
	char why[512];
	int rc;

	memset(&po, 0, sizeof(po));
	po.tracefs = o->tracefs;
	po.no_times = o->no_times;
	po.no_bpf = o->no_bpf;
	po.per_cpu = o->per_cpu;
	po.time_sample = (unsigned)o->time_sample;
	po.counters = o->counters;
	rc = probe_open_why(&probe_backend_kvm, &po, &p, why, sizeof(why));
	if (rc)
		return cli_err("%s", why), rc == -ENOMEM || rc == -EINVAL ?
			CLI_FAIL : CLI_ENV;
	if (probe_attach(p, pid, NULL, 0)) {
		rc = cli_err("pid %d: %s", (int)pid, probe_strerror(p));
		probe_close(p);
		return rc;
	}
	if (sampler_add(s, p, pid, comm))
		return cli_err("out of memory");
	return CLI_OK;
}

static double per_s(uint64_t n, double dt)
{
	return dt > 0 ? (double)n / dt : 0;
}

/* Thread i of v is a vCPU: named so, or seen exiting (without a QMP
 * map every QEMU thread is counted). */
static int is_vcpu_row(const struct sampler_vm *v, unsigned i)
{
	const struct kvm_thread_counts *all = &v->prev->th[i];

	return v->delta->th[i].vcpu >= 0 || all->v[KC_EXITS] ||
	       all->v[KC_ICR_WRITES];
}

static void print_vm(const struct sampler_vm *v)
{
	const struct kvm_snapshot *d = v->delta, *all = v->prev;
	struct kvm_reason_row rows[32];
	unsigned n = kvm_snapshot_reasons(v->p, d, rows, 32);
	const char *why = kvm_probe_times_status(v->p);

	printf("VM %d %-16s exits/s %.0f  ICR writes/s %.0f  lost %llu%s",
	       (int)v->pid, v->comm, per_s(d->total[KC_EXITS], v->dt_s),
	       per_s(d->total[KC_ICR_WRITES], v->dt_s),
	       (unsigned long long)kvm_snapshot_lost(all),
	       v->gone ? "  (exited)" : "");
	if (v->have_smaps)
		printf("  2M-backed %.1f%% of %llu MiB anon",
		       100 * smaps_thp_share(&v->smaps.total),
		       (unsigned long long)(v->smaps.total.anonymous / 1024));
	if (!n)
		printf("\n(exits by reason: not counted by this plan)\n");
	else
		printf("\n%-26s %10s %12s %10s %10s\n", "REASON", "EXITS/S",
		       "TOTAL", "AVG_US", "MAX_US");
	for (unsigned i = 0; i < n; i++) {
		const struct kvm_exit_time *t = rows[i].time;
		uint64_t total = 0;
		for (unsigned k = 0; all->have_times && k < all->times.n; k++)
			if (all->times.r[k].reason == rows[i].code)
				total = all->times.r[k].count;
		printf("%-26s %10.1f %12llu", rows[i].name,
		       per_s(rows[i].count, v->dt_s),
		       (unsigned long long)(total ? total : rows[i].count));
		if (t && t->timed)
			printf(" %10.1f %10.1f\n",
			       (double)t->sum_ns / (double)t->timed / 1e3,
			       (double)t->max_ns / 1e3);
		else
			printf(" %10s %10s\n", "-", "-");
	}
	if (*why)
		printf("(no exit times: %s)\n", why);
	printf("%-6s %-8s %10s %10s %10s %10s %10s\n", "VCPU", "TID",
	       "EXITS/S", "ICR_WR/S", "WRMSR/S", "HLT/S", "WAKEUP/S");
	for (unsigned i = 0; i < d->nthreads; i++) {
		const struct kvm_thread_counts *t = &d->th[i];
		static const int col[] = { KC_EXITS, KC_ICR_WRITES,
			KC_MSR_WRITE_EXITS, KC_HLT_EXITS, KC_WAKEUPS };
		char vcpu[12];

		if (!is_vcpu_row(v, i))
			continue;
		snprintf(vcpu, sizeof(vcpu), t->vcpu < 0 ? "?" : "%d",
			 t->vcpu);
		printf("%-6s %-8d", vcpu, (int)t->tid);
		/* "-": the plan has this count for the VM only */
		for (unsigned c = 0; c < sizeof(col) / sizeof(*col); c++)
			if (kvm_probe_counts_per_thread(v->p, col[c]))
				printf(" %10.1f", per_s(t->v[col[c]], v->dt_s));
			else
				printf(" %10s", "-");
		printf("\n");
	}
}

static void print_text(const struct sampler *s, int tty)
{
	char when[16];
	time_t sec = (time_t)(s->t_ns / 1000000000);
	struct tm tm;

	if (tty)
		fputs("\033[H\033[2J", stdout);
	localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("tlbprobe top  %s  %u VM%s", when, s->n, s->n == 1 ? "" : "s");
	if (s->have_buddy)
		printf("  host free blocks of order >= 9: %llu MiB",
		       (unsigned long long)(buddyinfo_pages_at_least(
			&s->buddy, BUDDY_THP_ORDER) / 256));
	printf("\n");
	for (unsigned i = 0; i < s->n; i++) {
		printf("\n");
		print_vm(&s->vm[i]);
	}
	if (!tty)
		printf("\n");
	fflush(stdout);
}

static json_t *vm_json(const struct sampler_vm *v)
{
	const struct kvm_snapshot *d = v->delta;
	struct kvm_reason_row rows[64];
	unsigned n = kvm_snapshot_reasons(v->p, d, rows, 64);
	json_t *rate = json_object(), *vcpus = json_array(), *o;

	for (unsigned i = 0; i < n; i++)
		json_object_set_new(rate, rows[i].name,
				    json_real(per_s(rows[i].count, v->dt_s)));
	for (unsigned i = 0; i < d->nthreads; i++) {
		const struct kvm_thread_counts *t = &d->th[i];
		static const struct { int c; const char *key; } col[] = {
			{ KC_EXITS, "exits_per_s" },
			{ KC_ICR_WRITES, "icr_writes_per_s" },
			{ KC_HLT_EXITS, "hlt_exits_per_s" },
			{ KC_WAKEUPS, "wakeups_per_s" },
		};
		json_t *row;

		if (!is_vcpu_row(v, i))
			continue;
		row = json_pack("{s:o,s:i}", "vcpu", t->vcpu < 0 ?
				json_null() : json_integer(t->vcpu), "tid",
				(int)t->tid);
		/* left out: the plan has this count for the VM only */
		for (unsigned c = 0; c < sizeof(col) / sizeof(*col); c++)
			if (kvm_probe_counts_per_thread(v->p, col[c].c))
				json_object_set_new(row, col[c].key, json_real(
					per_s(t->v[col[c].c], v->dt_s)));
		json_array_append_new(vcpus, row);
	}
	o = json_pack("{s:i,s:s,s:b,s:f,s:f,s:f,s:o,s:o}",
		      "pid", (int)v->pid, "comm", v->comm, "exited", v->gone,
		      "interval_s", v->dt_s,
		      "exits_per_s", per_s(d->total[KC_EXITS], v->dt_s),
		      "icr_writes_per_s", per_s(d->total[KC_ICR_WRITES],
						v->dt_s),
		      "exits_per_s_by_reason", rate, "vcpus", vcpus);
	if (v->have_smaps)
		json_object_set_new(o, "memory", json_pack("{s:I,s:I,s:f}",
			"anonymous_kb", (json_int_t)v->smaps.total.anonymous,
			"anon_huge_kb", (json_int_t)v->smaps.total.anon_huge,
			"thp_share", smaps_thp_share(&v->smaps.total)));
	json_object_set_new(o, "totals", kvm_counts_json(v->p, v->prev,
			    KVM_JSON_TIMES));
	return o;
}

static int print_json(const struct sampler *s)
{
	json_t *vms = json_array(), *o;

	for (unsigned i = 0; i < s->n; i++)
		json_array_append_new(vms, vm_json(&s->vm[i]));
	o = json_pack("{s:f,s:o}", "t", (double)s->t_ns / 1e9, "vms", vms);
	if (s->have_buddy) {
		uint64_t pages = buddyinfo_pages_at_least(&s->buddy,
							  BUDDY_THP_ORDER);
		uint64_t blocks = 0;

		for (unsigned z = 0; z < s->buddy.nzones; z++)
			blocks += buddy_zone_blocks_at_least(&s->buddy.zones[z],
				s->buddy.norders, BUDDY_THP_ORDER);
		json_object_set_new(o, "host_buddy", json_pack("{s:I,s:I}",
			"blocks_ge9", (json_int_t)blocks,
			"mib_ge9", (json_int_t)(pages / 256)));
	}
	return cli_print_json(o, 1);
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static int find_all(struct sampler *s, const struct top_opts *o)
{
	pid_t pids[SAMPLER_MAX_VMS];
	char comm[32];
	int n = kvm_proc_find_all("/proc", pids, SAMPLER_MAX_VMS), rc;

	if (n < 0)
		return cli_err("/proc: %s", strerror(-n));
	if (n == 0)
		return cli_err("no process has /dev/kvm open: no KVM VM to "
			       "watch");
	if (n > SAMPLER_MAX_VMS)
		n = SAMPLER_MAX_VMS;
	for (int i = 0; i < n; i++) {
		if (kvm_proc_check("/proc", pids[i], comm, sizeof(comm)) <= 0)
			continue;	/* gone meanwhile */
		rc = open_vm(s, o, pids[i], comm);
		if (rc)
			return rc;
	}
	return CLI_OK;
}

int cmd_top(int argc, char **argv)
{
	struct top_opts o;
	struct sampler *s = NULL;
	char comm[32] = "", why[512];
	struct timespec start, now;
	int rc, tty = isatty(STDOUT_FILENO);

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	if (o.pid && (rc = check_pid(o.pid, comm, sizeof(comm))))
		return rc;
	if (o.all && geteuid() != 0)
		return cli_err("top needs root (perf counters on kvm "
			       "tracepoints, tracefs, BPF)"), CLI_ENV;
	kvm_probe_use_times(&kvm_bpf_times_ops);
	s = sampler_new(1);
	if (!s)
		return cli_err("out of memory");
	rc = o.pid ? open_vm(s, &o, o.pid, comm) : find_all(s, &o);
	if (rc)
		goto cleanup;
	cli_catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!cli_stop) {
		sleep_ms(o.interval_ms);
		if (sampler_tick(s, why, sizeof(why)))
			cli_err("%s", why);
		if (o.json ? print_json(s) : (print_text(s, tty), 0)) {
			rc = CLI_FAIL;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!sampler_running(s))
			break;
		if (o.duration_s && (uint64_t)(now.tv_sec - start.tv_sec) >=
		    o.duration_s)
			break;
	}
cleanup:
	sampler_free(s);
	return rc;
}
