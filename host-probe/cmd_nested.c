/*
 * cmd_nested.c - `tlbprobe nested`: runs inside the L1 host appliance
 * beside L2's QEMU (docs/nested.md).  It
 *   - opens the kvm probe (tracefs, counters plan, BPF) and only then
 *     listens on the agent socket: the socket's existence tells L1's /init
 *     that the probe is ready;
 *   - waits for L2's pid file and QMP socket, attaches counters to the
 *     vCPU threads QMP names, and resumes a QEMU started with -S, so even
 *     L2's first exit is counted;
 *   - relays L2's agent stream byte for byte to --agent-out and opens /
 *     closes the measured window as it relays the agent's phase lines;
 *   - writes the probe stream (docs/probe-protocol.md) to --out: hello,
 *     samples, window edges, summary;
 *   - ends when L2's QEMU exits: final read, summary, exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "backend_kvm.h"
#include "cli_util.h"
#include "commands.h"
#include "fileio.h"
#include "kvm_bpf.h"
#include "kvm_json.h"
#include "nested_relay.h"
#include "numparse.h"
#include "probe_stream.h"
#include "qmp_mini.h"
#include "sampler.h"

#define PROBE_VERSION	"0.3.0"
#define MAX_VCPUS	256

static const char usage[] =
"USAGE: tlbprobe nested [--pidfile PATH] [--qmp PATH] [--agent-listen PATH]\n"
"                       [--agent-out DEV] [--out DEV] [--interval MS]\n"
"                       [--wait S] [--no-resume] [--counters PLAN]\n"
"                       [--no-times] [--time-sample N] [--no-bpf]\n"
"                       [--perf-scope thread|cpu]\n"
"                       [--tracefs DIR]\n"
"\n"
"Inside the L1 appliance (docs/nested.md): count L2's VM exits with the kvm\n"
"backend, relay L2's agent stream to --agent-out unchanged (opening and\n"
"closing the measured window on its phase lines), and write the probe\n"
"stream (docs/probe-protocol.md) to --out.  Ends when L2's QEMU exits.\n"
"\n"
"  --pidfile PATH      L2 QEMU's -pidfile (default /run/l2.pid)\n"
"  --qmp PATH          L2 QEMU's QMP socket (default /run/l2-qmp.sock)\n"
"  --agent-listen PATH listen here for L2's agent serial port\n"
"                      (-chardev socket,path=PATH; default\n"
"                      /run/l2-agent.sock); it appears once the probe is\n"
"                      ready\n"
"  --agent-out DEV     relay the agent stream here (default /dev/ttyS1)\n"
"  --out DEV           the probe stream (default /dev/ttyS2)\n"
"  --interval MS       sample period (default 1000)\n"
"  --wait S            how long to wait for L2's pid file and QMP\n"
"                      (default 120)\n"
"  --no-resume         do not `cont` a QEMU started with -S\n"
"  --counters PLAN     auto (default: lean when the BPF program loads,\n"
"                      else full), lean (perf counters for exits and\n"
"                      ICR writes only, every other count from BPF), full\n"
"                      (a perf counter for every count), stats (no hook\n"
"                      on exits: exits and HLT exits from KVM's own\n"
"                      statistics, ICR writes from one perf counter; no\n"
"                      BPF, no breakdown by reason, no exit times: the\n"
"                      cheapest), or a list of counter keys to keep as\n"
"                      perf counters, e.g. exits,icr_writes, or none\n"
"                      (measuring their cost)\n"
"  --no-times          no exit handling times (BPF still counts)\n"
"  --time-sample N     time a random 1 in N exits (N a power of two;\n"
"                      default: every exit where the clocksource is the\n"
"                      TSC or kvm-clock, else 1 in 16)\n"
"  --perf-scope S      where each perf counter counts: cpu (default: one\n"
"                      per L1 CPU and vCPU thread, filtered on the\n"
"                      thread's pid: nothing to do at a context switch)\n"
"                      or thread (one per vCPU thread, switched in and\n"
"                      out with it; perf's context-switch hooks on)\n"
"  --no-bpf            no BPF program: perf counters only (full plan)\n"
"  --tracefs DIR       use the tracefs at DIR\n"
"\n"
"EXIT STATUS: 0 summary written, 1 failed (an error line is on --out),\n"
"2 usage, 3 cannot probe here (not root, no tracefs, no KVM).\n";

struct nested_opts {
	const char *pidfile, *qmp, *listen, *agent_out, *out, *tracefs;
	const char *counters;
	uint64_t interval_ms, wait_s;
	int no_resume, no_times, no_bpf, per_cpu;
	uint64_t time_sample;
};

struct nested {
	struct nested_opts o;
	struct probe_stream st;
	struct sampler *s;
	struct probe *p;		/* owned by s once attached */
	struct nested_relay relay;
	struct qmp_mini qmp;		/* kept open for L2's SHUTDOWN event */
	char l2_shutdown[32];		/* its reason; "" not seen */
	int out_fd, agent_fd, listen_fd, conn_fd, pidfd;
	pid_t pid;
	pid_t tids[MAX_VCPUS];
	int ntids;
	int window;			/* open or last window, -1 none */
	int resumed;
	int failed;
};

static int parse_opts(int argc, char **argv, struct nested_opts *o)
{
	static const struct option longopts[] = {
		{ "pidfile", required_argument, NULL, 'P' },
		{ "qmp", required_argument, NULL, 'q' },
		{ "agent-listen", required_argument, NULL, 'l' },
		{ "agent-out", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "interval", required_argument, NULL, 'i' },
		{ "wait", required_argument, NULL, 'w' },
		{ "no-resume", no_argument, NULL, 'R' },
		{ "no-times", no_argument, NULL, 'T' },
		{ "tracefs", required_argument, NULL, 't' },
		{ "counters", required_argument, NULL, 'c' },
		{ "no-bpf", no_argument, NULL, 'B' },
		{ "perf-scope", required_argument, NULL, 'S' },
		{ "time-sample", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->pidfile = "/run/l2.pid";
	o->qmp = "/run/l2-qmp.sock";
	o->listen = "/run/l2-agent.sock";
	o->agent_out = "/dev/ttyS1";
	o->out = "/dev/ttyS2";
	o->interval_ms = 1000;
	o->wait_s = 120;
	/* An L1 has few CPUs, so per-CPU counters are few, and they spare
	 * every context switch in the emulated L1 perf's hooks
	 * (docs/probe-protocol.md, "Perf scope" and "Cost"). */
	o->per_cpu = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'P': o->pidfile = optarg; break;
		case 'q': o->qmp = optarg; break;
		case 'l': o->listen = optarg; break;
		case 'a': o->agent_out = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->tracefs = optarg; break;
		case 'c': o->counters = optarg; break;
		case 'R': o->no_resume = 1; break;
		case 'T': o->no_times = 1; break;
		case 'B': o->no_bpf = 1; break;
		case 'S':
			if (cli_perf_scope("nested", optarg, &o->per_cpu))
				return CLI_USAGE;
			break;
		case 's':
			if (cli_time_sample("nested", optarg, &o->time_sample))
				return CLI_USAGE;
			break;
		case 'i':
			if (cli_u64("--interval", optarg, 10, 3600000,
				    &o->interval_ms))
				return CLI_USAGE;
			break;
		case 'w':
			if (cli_u64("--wait", optarg, 1, 86400, &o->wait_s))
				return CLI_USAGE;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(CLI_OK);
		default:
			return cli_usage_err("nested", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_err("nested", "unexpected argument \"%s\"",
				     argv[optind]);
	return cli_counters_check("nested", o->counters, o->no_bpf);
}

/* Open a device or file for writing; a tty is made raw (no \n -> \r\n),
 * so what is relayed stays byte for byte. */
static int open_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_CREAT |
		      O_APPEND, 0644);
	struct termios t;

	if (fd >= 0 && isatty(fd) && !tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* The error goes to the stream (for the lab) and to stderr (L1 console). */
static int fail(struct nested *n, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct nested *n, int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n->out_fd >= 0)
		probe_stream_error(&n->st, 1, "%s", msg);
	cli_err("nested: %s", msg);
	return code;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* Poll for the pid file until it holds a live pid. */
static int wait_pid(struct nested *n, double deadline)
{
	char *buf;
	size_t len;
	uint64_t v;

	for (;;) {
		if (!read_whole_file(n->o.pidfile, 64, &buf, &len)) {
			while (len && (buf[len - 1] == '\n' ||
				       buf[len - 1] == ' '))
				buf[--len] = '\0';
			if (!parse_u64(buf, &v) && v > 0 && v <= INT32_MAX &&
			    !kill((pid_t)v, 0)) {
				free(buf);
				n->pid = (pid_t)v;
				return 0;
			}
			free(buf);
		}
		if (mono_now() > deadline || cli_stop)
			return fail(n, CLI_FAIL, "%s: no live L2 pid after %llu "
				    "s", n->o.pidfile,
				    (unsigned long long)n->o.wait_s);
		sleep_ms(20);
	}
}

static int attach(struct nested *n, double deadline)
{
	struct qmp_mini q;	/* n->qmp once attached */
	char why[512], status[32];
	int rc;

	for (;;) {
		rc = qmp_mini_connect(&q, n->o.qmp, 10000, why, sizeof(why));
		if (!rc)
			break;
		if (mono_now() > deadline || cli_stop ||
		    (kill(n->pid, 0) && errno == ESRCH))
			return fail(n, CLI_FAIL, "QMP: %s", why);
		sleep_ms(50);
	}
	rc = qmp_mini_vcpu_tids(&q, n->tids, MAX_VCPUS, why, sizeof(why));
	if (rc < 0) {
		qmp_mini_close(&q);
		return fail(n, CLI_FAIL, "%s", why);
	}
	n->ntids = rc;
	if (probe_attach(n->p, n->pid, n->tids, (unsigned)n->ntids)) {
		qmp_mini_close(&q);
		return fail(n, CLI_FAIL, "attach to pid %d: %s", (int)n->pid,
			    probe_strerror(n->p));
	}
	rc = sampler_add(n->s, n->p, n->pid, "qemu-l2");
	n->p = NULL;
	if (rc) {
		qmp_mini_close(&q);
		return fail(n, CLI_FAIL, "out of memory");
	}
	rc = qmp_mini_running(&q, status, sizeof(status), why, sizeof(why));
	if (rc == 0 && !n->o.no_resume) {
		rc = qmp_mini_cont(&q, why, sizeof(why));
		n->resumed = !rc;
	}
	if (rc < 0) {
		qmp_mini_close(&q);
		return fail(n, CLI_FAIL, "%s", why);
	}
	n->qmp = q;
	return CLI_OK;
}

static struct probe *P(struct nested *n)
{
	return n->s->vm[0].p;
}

static json_t *tracepoints_json(const struct kvm_tracepoints *tp)
{
	json_t *o = json_object();

	json_object_set_new(o, "kvm_exit", json_integer(tp->exit.id));
	json_object_set_new(o, "kvm_entry", json_integer(tp->entry.id));
	json_object_set_new(o, "kvm_msr", json_integer(tp->msr.id));
	if (tp->have_apic_ipi)
		json_object_set_new(o, "kvm_apic_ipi",
				    json_integer(tp->apic_ipi.id));
	if (tp->have_wakeup)
		json_object_set_new(o, "kvm_vcpu_wakeup",
				    json_integer(tp->wakeup.id));
	if (tp->have_pv_tlb_flush)
		json_object_set_new(o, "kvm_pv_tlb_flush",
				    json_integer(tp->pv_tlb_flush.id));
	if (tp->have_hypercall)
		json_object_set_new(o, "kvm_hypercall",
				    json_integer(tp->hypercall.id));
	return o;
}

static int send_hello(struct nested *n)
{
	struct probe *p = P(n);
	const struct kvm_tracepoints *tp = kvm_probe_tracepoints(p);
	const char *why = kvm_probe_times_status(p);
	unsigned nc;
	const struct kvm_counter *c = kvm_probe_counters(p, &nc);
	const char *kwhy = kvm_probe_kvm_stats_status(p);
	json_t *ctr = json_array(), *bpf = json_array(), *tids = json_array(),
		*kst = json_array(), *hello;
	struct utsname u;

	uname(&u);
	for (unsigned i = 0; i < nc; i++)
		if (c[i].present)
			json_array_append_new(ctr, json_string(c[i].key));
		else if (c[i].bpf)
			json_array_append_new(bpf, json_string(c[i].key));
		else if (c[i].stat)
			json_array_append_new(kst, json_string(c[i].key));
	for (int i = 0; i < n->ntids; i++)
		json_array_append_new(tids, json_integer(n->tids[i]));
	hello = json_pack(
		"{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:i,s:I,s:i,s:o,"
		"s:b}",
		"probe", "tlbprobe", "probe_version", PROBE_VERSION,
		"backend", probe_backend_of(p)->name,
		"kernel", u.release, "isa", kvm_isa_name(tp->isa),
		"reason_names", tp->reasons_from_kernel ? "kernel" : "static",
		"tracepoints", tracepoints_json(tp),
		"plan", kvm_plan_name(kvm_probe_plan(p)->kind),
		"counters", ctr, "bpf_counts", bpf,
		"exit_times", *why ? json_string(why) : json_true(),
		"time_sample", (int)kvm_probe_time_sample(p),
		"interval_ms", (json_int_t)n->o.interval_ms,
		"qemu_pid", (int)n->pid, "vcpu_tids", tids,
		"resumed", n->resumed);
	if (hello) {
		json_object_set_new(hello, "kvm_stats_counts", kst);
		json_object_set_new(hello, "perf_scope", json_string(
				    kvm_probe_perf_scope(p)));
		json_object_set_new(hello, "kvm_stats", *kwhy ?
				    json_string(kwhy) : json_true());
	} else {
		json_decref(kst);
	}
	return probe_stream_send(&n->st, "hello", hello, NULL);
}

static json_t *counts(struct nested *n, const struct kvm_snapshot *s,
		      unsigned what)
{
	return kvm_counts_json(P(n), s, what);
}

/* Merge the members of add into o (add consumed); o returned. */
static json_t *merge(json_t *o, json_t *add)
{
	json_object_update(o, add);
	json_decref(add);
	return o;
}

/* A sample: the cumulative counts without exit_times and vcpus (the
 * window end and the summary have them).  Every byte of the stream goes
 * out through an emulated UART in the nested L1, interrupting a CPU that
 * runs L2 every few bytes: a lean line is a third of a full one. */
static void send_sample(struct nested *n)
{
	static const char *const drop[] = { "exits_by_reason", NULL };
	const struct sampler_vm *v = &n->s->vm[0];
	json_t *o = json_pack("{s:I,s:f,s:b}", "seq",
			      (json_int_t)n->s->ticks, "interval_s", v->dt_s,
			      "window_open", n->window >= 0 &&
			      probe_window_count(v->p) > 0 &&
			      !kvm_probe_window_ended(v->p, n->window));

	merge(o, counts(n, kvm_probe_latest(v->p), 0));
	if (probe_stream_send(&n->st, "sample", o, drop))
		n->failed = 1;
}

static void on_phase(void *ctx, const char *phase)
{
	static const char *const drop[] = { "exit_times", "vcpus", NULL };
	struct nested *n = ctx;
	struct probe *p = P(n);
	int begin = !strcmp(phase, "run"), rc;
	const struct kvm_snapshot *b, *e;
	struct kvm_snapshot *d;
	json_t *o;

	if (!begin && strcmp(phase, "done"))
		return;
	if (begin) {
		rc = probe_window_begin(p, probe_now_ns());
		if (rc < 0) {
			probe_stream_error(&n->st, 0, "window: %s",
					   probe_strerror(p));
			return;
		}
		n->window = rc;
	} else if (n->window < 0 ||
		   probe_window_end(p, n->window, probe_now_ns())) {
		probe_stream_error(&n->st, 0, "phase done without an open "
				   "window");
		return;
	}
	o = json_pack("{s:i,s:s,s:s}", "id", n->window, "edge",
		      begin ? "begin" : "end", "phase", phase);
	if (kvm_probe_window(p, n->window, &b, &e))
		return;
	json_object_set_new(o, "counts", counts(n, begin ? b : e, 0));
	if (!begin && (d = malloc(sizeof(*d)))) {
		kvm_snapshot_diff(b, e, d);
		o = merge(o, counts(n, d, KVM_JSON_VCPUS | KVM_JSON_TIMES |
				    KVM_JSON_HIST));
		json_object_set_new(o, "duration_s",
				    json_real((double)(e->t_ns - b->t_ns) / 1e9));
		free(d);
	}
	if (probe_stream_send(&n->st, "window", o, drop))
		n->failed = 1;
}

/* This process's user + system CPU seconds. */
static double cpu_s(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void send_summary(struct nested *n, double started)
{
	static const char *const drop[] = { "exit_times", "window", "vcpus",
					    NULL };
	struct probe *p = P(n);
	const struct kvm_snapshot *b, *e;
	struct kvm_snapshot *d;
	json_t *o = json_pack("{s:i,s:f,s:i,s:I,s:I,s:I,s:f}",
		"qemu_pid", (int)n->pid,
		"duration_s", mono_now() - started,
		"windows", probe_window_count(p),
		"agent_bytes", (json_int_t)n->relay.bytes,
		"agent_lines", (json_int_t)n->relay.lines,
		"agent_phases", (json_int_t)n->relay.phases,
		"probe_cpu_s", cpu_s());

	/* How L2 ended, in QEMU's words: a reset (triple fault, panic) and a
	 * power-off look alike from its exit status. */
	if (n->l2_shutdown[0])
		json_object_set_new(o, "l2_shutdown_reason",
				    json_string(n->l2_shutdown));

	merge(o, counts(n, kvm_probe_latest(p), KVM_JSON_VCPUS |
			KVM_JSON_TIMES | KVM_JSON_HIST));
	if (n->window >= 0 && !kvm_probe_window(p, n->window, &b, &e) &&
	    (d = malloc(sizeof(*d)))) {
		json_t *w;

		kvm_snapshot_diff(b, e, d);
		w = counts(n, d, KVM_JSON_TIMES);
		json_object_set_new(w, "id", json_integer(n->window));
		json_object_set_new(w, "duration_s",
				    json_real((double)(e->t_ns - b->t_ns) / 1e9));
		json_object_set_new(o, "window", w);
		free(d);
	} else {
		json_object_set_new(o, "window", json_null());
	}
	if (probe_stream_send(&n->st, "summary", o, drop))
		n->failed = 1;
}

static void read_agent(struct nested *n)
{
	char buf[65536];
	ssize_t got = read(n->conn_fd, buf, sizeof(buf));

	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0) {
		close(n->conn_fd);
		n->conn_fd = -1;
		return;
	}
	if (nested_relay_feed(&n->relay, buf, (size_t)got))
		n->failed = 1;
}

static void read_qmp(struct nested *n)
{
	if (qmp_mini_events(&n->qmp, n->l2_shutdown, sizeof(n->l2_shutdown)))
		qmp_mini_close(&n->qmp);
}

/* The main loop: relay, sample, until QEMU exits. */
static void run(struct nested *n)
{
	double next = mono_now() + (double)n->o.interval_ms / 1000;
	char why[512];
	int gone = 0;		/* QEMU exited (not: we were stopped) */

	while (!cli_stop) {
		/* poll skips an fd of -1 (no pidfd, QMP closed) */
		struct pollfd pfd[3] = {
			{ n->conn_fd >= 0 ? n->conn_fd : n->listen_fd, POLLIN, 0 },
			{ n->pidfd, POLLIN, 0 },
			{ n->qmp.fd, POLLIN, 0 },
		};
		double wait = next - mono_now();
		int rc = poll(pfd, 3, wait > 0 ? (int)(wait * 1000) + 1 : 0);

		if (rc < 0 && errno != EINTR)
			break;
		if (pfd[0].revents && n->conn_fd >= 0)
			read_agent(n);
		else if (pfd[0].revents)
			n->conn_fd = accept4(n->listen_fd, NULL, NULL,
					     SOCK_CLOEXEC);
		if (pfd[2].revents)
			read_qmp(n);
		gone = n->pidfd >= 0 ? pfd[1].revents != 0
				     : kill(n->pid, 0) && errno == ESRCH;
		if (gone)
			break;
		if (mono_now() >= next) {
			if (sampler_tick(n->s, why, sizeof(why)))
				probe_stream_error(&n->st, 0, "%s", why);
			send_sample(n);
			next += (double)n->o.interval_ms / 1000;
			if (next < mono_now())
				next = mono_now() + (double)n->o.interval_ms /
					1000;
		}
	}
	/* L2 is gone: what it wrote before exiting is still in the socket */
	while (n->conn_fd >= 0) {
		struct pollfd pfd = { n->conn_fd, POLLIN, 0 };

		if (poll(&pfd, 1, 2000) <= 0)
			break;
		read_agent(n);
	}
	/* QEMU sent its SHUTDOWN event before exiting; its socket is at end */
	while (gone && n->qmp.fd >= 0) {
		struct pollfd pfd = { n->qmp.fd, POLLIN, 0 };

		if (poll(&pfd, 1, 1000) <= 0)
			break;
		read_qmp(n);
	}
}

int cmd_nested(int argc, char **argv)
{
	struct nested n;
	struct probe_options po;
	char why[512];
	double started = mono_now(), deadline;
	int rc;

	memset(&n, 0, sizeof(n));
	n.out_fd = n.agent_fd = n.listen_fd = n.conn_fd = n.pidfd = -1;
	n.qmp.fd = -1;
	n.window = -1;
	rc = parse_opts(argc, argv, &n.o);
	if (rc)
		return rc;
	n.out_fd = open_out(n.o.out);
	if (n.out_fd < 0)
		return cli_err("nested: %s: %s", n.o.out, strerror(errno));
	probe_stream_init(&n.st, n.out_fd);
	n.agent_fd = open_out(n.o.agent_out);
	if (n.agent_fd < 0) {
		rc = fail(&n, CLI_FAIL, "%s: %s", n.o.agent_out,
			  strerror(errno));
		goto cleanup;
	}
	cli_catch_signals();
	if (geteuid() != 0) {
		rc = fail(&n, CLI_ENV, "nested needs root (perf counters on "
			  "kvm tracepoints, tracefs, BPF)");
		goto cleanup;
	}
	kvm_probe_use_times(&kvm_bpf_times_ops);
	memset(&po, 0, sizeof(po));
	po.tracefs = n.o.tracefs;
	po.no_times = n.o.no_times;
	po.no_bpf = n.o.no_bpf;
	po.per_cpu = n.o.per_cpu;
	po.time_sample = (unsigned)n.o.time_sample;
	po.counters = n.o.counters;
	rc = probe_open_why(&probe_backend_kvm, &po, &n.p, why, sizeof(why));
	if (rc) {
		rc = fail(&n, rc == -ENOMEM || rc == -EINVAL ? CLI_FAIL :
			  CLI_ENV, "%s", why);
		goto cleanup;
	}
	n.s = sampler_new(0);
	if (!n.s) {
		rc = fail(&n, CLI_FAIL, "out of memory");
		goto cleanup;
	}
	nested_relay_init(&n.relay, n.agent_fd, on_phase, &n);
	n.listen_fd = listen_on(n.o.listen);
	if (n.listen_fd < 0) {
		rc = fail(&n, CLI_FAIL, "%s: %s", n.o.listen,
			  strerror(-n.listen_fd));
		goto cleanup;
	}
	deadline = mono_now() + (double)n.o.wait_s;
	rc = wait_pid(&n, deadline);
	if (rc)
		goto cleanup;
	n.pidfd = (int)syscall(SYS_pidfd_open, n.pid, 0);
	rc = attach(&n, deadline);
	if (rc)
		goto cleanup;
	if (send_hello(&n)) {
		rc = cli_err("nested: %s: writing the probe stream failed",
			     n.o.out);
		goto cleanup;
	}
	run(&n);
	if (sampler_tick(n.s, why, sizeof(why)))
		probe_stream_error(&n.st, 0, "%s", why);
	send_sample(&n);
	send_summary(&n, started);
	rc = n.failed ? cli_err("nested: writing %s or %s failed", n.o.out,
				n.o.agent_out) : CLI_OK;
cleanup:
	if (n.conn_fd >= 0)
		close(n.conn_fd);
	if (n.listen_fd >= 0) {
		close(n.listen_fd);
		unlink(n.o.listen);
	}
	if (n.pidfd >= 0)
		close(n.pidfd);
	qmp_mini_close(&n.qmp);
	probe_close(n.p);
	sampler_free(n.s);
	if (n.agent_fd >= 0)
		close(n.agent_fd);
	if (n.out_fd >= 0)
		close(n.out_fd);
	return rc;
}
