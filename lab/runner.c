/* runner.c - one variant's run; see runner.h for the phases. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent_stream.h"
#include "clock.h"
#include "console_watch.h"
#include "jpath.h"
#include "metrics.h"
#include "probe_glue.h"
#include "runner.h"
#include "spawn.h"
#include "vm.h"

#define SHUTDOWN_GRACE_S	20	/* summary to QEMU's own exit */
#define STOP_GRACE_MS		3000	/* QMP quit / SIGTERM to SIGKILL */

enum phase { PH_BOOT, PH_WORKLOAD, PH_SUMMARY, PH_SHUTDOWN, PH_END };
static const char *const phase_name[] = {
	"boot", "workload", "summary", "shutdown", "end",
};

struct run {
	const struct run_ctx *ctx;
	const struct run_config *cfg;
	const struct vm_backend *backend;
	struct vm vm;
	struct agent_stream stream;
	struct lab_probe *probe;
	enum phase phase;
	double start_mono, last_output_mono, phase_deadline;
	double hello_mono;
	char dir[4096];
	FILE *log[VM_MAX_CHANNELS];	/* raw bytes of each serial port */
	char line[VM_MAX_CHANNELS][512];	/* console lines being read */
	size_t line_len[VM_MAX_CHANNELS];
	struct console_watch watch;	/* sentinels, panics, stalls */
	json_t *mem_start, *mem_done;
	double progress_mono, progress_ipis;
	double live_ipis_per_s;
	char error[512];
	enum phase error_phase;
	int frozen;		/* the guest went silent */
	int l2_reset;		/* nested: L2 reset itself before its summary */
	size_t index, total;
};

static void fail(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	r->error_phase = r->phase;
}

const char *accel_mode_meaning(enum accel_mode mode)
{
	switch (mode) {
	case ACCEL_TCG:
		return "QEMU TCG (software CPU, no KVM): host IPI counts are "
		       "exact, every ICR write from QEMU's APIC trace; there "
		       "are no vmexits; times are emulated, several times "
		       "slower than hardware";
	case ACCEL_NESTED:
		return "nested: a KVM host (L1) under TCG runs the guest (L2) "
		       "with real KVM code paths; exit counts are real, times "
		       "are emulated";
	case ACCEL_KVM:
		return "KVM on this host: real exits and real timing";
	default:
		return "auto";
	}
}

static void set_phase(struct run *r, enum phase ph, double limit_s)
{
	r->phase = ph;
	r->phase_deadline = limit_s > 0 ? mono_s() + limit_s : 0;
}

/* A console line: the watch keeps the facts; a freeze ends the run. */
static void console_line_done(struct run *r, enum vm_role role, const char *s)
{
	if (console_watch_line(&r->watch, s, role == VM_CONSOLE &&
			       r->cfg->accel == ACCEL_NESTED)) {
		r->frozen = 1;
		fail(r, "L1 reports an RCU stall (an L2 vCPU stopped): %.120s",
		     r->watch.stall);
	}
}

static void console_bytes(struct run *r, size_t ch, const char *buf, size_t n)
{
	char *line = r->line[ch];
	size_t *len = &r->line_len[ch];

	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			if (*len) {
				line[*len] = '\0';
				console_line_done(r, r->vm.ch[ch].role, line);
				*len = 0;
			}
			continue;
		}
		if (*len + 1 < sizeof(r->line[ch]))
			line[(*len)++] = buf[i];
	}
}

static void on_agent_event(void *ctx, enum agent_event ev,
			   const struct agent_stream *s)
{
	struct run *r = ctx;

	switch (ev) {
	case AGENT_HELLO:
		r->hello_mono = mono_s();
		r->mem_start = lab_probe_memory(r->vm.pid);
		set_phase(r, PH_WORKLOAD, 0);
		break;
	case AGENT_PHASE_RUN:
		lab_probe_mark(r->probe, 1);
		break;
	case AGENT_PHASE_DONE:
		lab_probe_mark(r->probe, 0);
		json_decref(r->mem_done);
		r->mem_done = lab_probe_memory(r->vm.pid);
		set_phase(r, PH_SUMMARY, r->cfg->watchdog_s);
		break;
	case AGENT_SUMMARY:
		set_phase(r, PH_SHUTDOWN, SHUTDOWN_GRACE_S);
		break;
	case AGENT_ERROR:
		fail(r, "the agent reported: %s", s->agent_error);
		break;
	case AGENT_BAD:
		fail(r, "agent stream line %u: %s%s%s", s->reader.bad.line,
		     s->reader.bad.field, s->reader.bad.field[0] ? ": " : "", s->reader.bad.msg);
		break;
	default:
		break;
	}
}

/* Bytes from one serial port, by what it carries. */
static void channel_bytes(struct run *r, size_t i, const char *buf, size_t n)
{
	const struct vm_channel *ch = &r->vm.ch[i];

	fwrite(buf, 1, n, r->log[i]);
	switch (ch->role) {
	case VM_CONSOLE:
	case VM_GUEST_CONSOLE:
		console_bytes(r, i, buf, n);
		break;
	case VM_AGENT:
		agent_stream_feed(&r->stream, buf, n, epoch_s(),
				  on_agent_event, r);
		break;
	case VM_PROBE:
		lab_probe_feed(r->probe, buf, n);
		break;
	}
}

/* Read what is there; returns 0 on EOF/error (the fd is then closed). */
static int drain_channel(struct run *r, size_t i)
{
	struct vm_channel *ch = &r->vm.ch[i];
	char buf[8192];
	ssize_t n;

	for (;;) {
		n = read(ch->fd, buf, sizeof(buf));
		if (n > 0) {
			/* tlbprobe in L1 keeps talking while a frozen L2
			 * says nothing: its stream is no sign of life. */
			if (ch->role != VM_PROBE)
				r->last_output_mono = mono_s();
			channel_bytes(r, i, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 1;
		close(ch->fd);
		ch->fd = -1;
		return 0;
	}
}

static void drain_all(struct run *r)
{
	for (size_t i = 0; i < r->vm.nchannels; i++)
		if (r->vm.ch[i].fd >= 0)
			drain_channel(r, i);
}

static double sum_irq(const json_t *sample, const char *name)
{
	char path[32];
	double v = 0;

	snprintf(path, sizeof(path), "irq.%s", name);
	jpath_sum(sample, path, &v);
	return v;
}

static void show_progress(struct run *r, int final)
{
	double now = mono_s(), ipis = 0, window;
	char line[256];
	int n;

	if (!final && now - r->progress_mono < (r->ctx->progress_tty ? 0.5 : 5))
		return;
	if (r->probe && !lab_probe_sample(r->probe, &ipis)) {
		if (r->progress_mono > 0 && now > r->progress_mono)
			r->live_ipis_per_s = (ipis - r->progress_ipis) /
					     (now - r->progress_mono);
		r->progress_ipis = ipis;
	}
	r->progress_mono = now;
	n = snprintf(line, sizeof(line), "[%zu/%zu %s] %-8s %5.1fs",
		     r->index + 1, r->total, r->cfg->variant,
		     phase_name[r->phase], now - r->start_mono);
	window = r->stream.run_at > 0 ? epoch_s() - r->stream.run_at : 0;
	if (r->stream.sample && window > 0) {
		double ops = 0;

		jpath_num(r->stream.sample, "ops", &ops);
		n += snprintf(line + n, sizeof(line) - (size_t)n,
			      "  host IPIs/s %.0f  guest TLB/s %.0f  ops/s %.0f",
			      r->live_ipis_per_s,
			      sum_irq(r->stream.sample, "TLB") / window,
			      ops / window);
	}
	if (r->ctx->progress_tty)
		fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
	else
		fprintf(stderr, "%s\n", line);
}

static int make_dir(struct run *r)
{
	snprintf(r->dir, sizeof(r->dir), "%s/%s", r->ctx->run_dir,
		 r->cfg->variant);
	if (mkdir(r->dir, 0755) && errno != EEXIST) {
		fail(r, "%s: %s", r->dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Where each kind of serial port is logged in the variant's folder. */
static const char *const log_name[] = {
	[VM_CONSOLE] = "console.log",
	[VM_AGENT] = "agent.jsonl",
	[VM_PROBE] = "probe.jsonl",
	[VM_GUEST_CONSOLE] = "guest-console.log",
};

static void open_logs(struct run *r)
{
	for (size_t i = 0; i < r->backend->nports; i++) {
		char path[4200];

		snprintf(path, sizeof(path), "%s/%s", r->dir,
			 log_name[r->backend->ports[i]]);
		r->log[i] = fopen(path, "we");
		if (!r->log[i]) {
			fail(r, "%s: %s", path, strerror(errno));
			return;
		}
	}
}

/* The agent's job on the kernel command line, and the scenario's words. */
static void build_job(const struct run_config *cfg, char *out, size_t n)
{
	size_t used;

	used = (size_t)snprintf(out, n,
				"tlbagent.workload=%s tlbagent.interval_ms=%llu",
				cfg->workload,
				(unsigned long long)cfg->interval_ms);
	for (size_t i = 0; i < cfg->nworkload && used < n; i++)
		used += (size_t)snprintf(out + used, n - used, " tlbagent.%s=%s",
					 cfg->workload_opts[i]->key,
					 cfg->workload_opts[i]->value);
	if (cfg->cmdline[0] && used < n)
		snprintf(out + used, n - used, " %s", cfg->cmdline);
}

static int start_vm(struct run *r)
{
	struct vm_spec spec;
	char cmdline[2048], err[512];
	size_t nargs = 0;

	memset(&spec, 0, sizeof(spec));
	r->probe = lab_probe_open(r->cfg->accel, r->dir, spec.extra,
				  sizeof(spec.extra) / sizeof(spec.extra[0]),
				  &nargs, err, sizeof(err));
	if (!r->probe) {
		fail(r, "probe: %s", err);
		return -1;
	}
	build_job(r->cfg, cmdline, sizeof(cmdline));
	spec.nextra = nargs;
	spec.rundir = r->dir;
	spec.sockdir = r->ctx->sock_dir;
	spec.accel = r->cfg->accel == ACCEL_KVM ? "kvm" : "tcg";
	spec.vcpus = r->cfg->vcpus;
	spec.memory_mb = r->cfg->memory_mb;
	spec.cpu_model = r->cfg->cpu_model;
	spec.kernel = r->ctx->kernel;
	spec.initrd = r->ctx->initrd;
	spec.cmdline = cmdline;
	spec.interval_ms = r->cfg->interval_ms;
	spec.appliance_kernel = jpath_str(r->ctx->nested, "kernel");
	spec.appliance_initrd = jpath_str(r->ctx->nested, "initrd");
	if (r->backend->start(&r->vm, &spec, err, sizeof(err))) {
		fail(r, "%s", err);
		return -1;
	}
	if (r->backend->connect_control(&r->vm, 10000, err, sizeof(err))) {
		fail(r, "%s", err);
		return -1;
	}
	if (lab_probe_attach(r->probe, r->vm.pid, r->vm.vcpu_tids,
			     r->vm.nvcpus, err, sizeof(err))) {
		fail(r, "probe: %s", err);
		return -1;
	}
	return 0;
}

/* Deadlines and the watchdog; returns 1 when the run must end. */
static int check_limits(struct run *r, double now)
{
	const struct run_config *cfg = r->cfg;

	if (*r->ctx->interrupted) {
		fail(r, "interrupted");
		return 1;
	}
	if (now - r->start_mono > (double)cfg->timeout_s) {
		fail(r, "time limit: the variant took over %llu s (timeout)",
		     (unsigned long long)cfg->timeout_s);
		return 1;
	}
	if (r->phase == PH_BOOT &&
	    now - r->start_mono > (double)cfg->boot_timeout_s) {
		r->frozen = 1;
		fail(r, "no hello from the agent within %llu s (boot_timeout)",
		     (unsigned long long)cfg->boot_timeout_s);
		return 1;
	}
	if (r->phase != PH_BOOT &&
	    now - r->last_output_mono > (double)cfg->watchdog_s) {
		r->frozen = 1;
		fail(r, "watchdog: the guest said nothing for %llu s "
		     "(console and agent silent; guest frozen?)",
		     (unsigned long long)cfg->watchdog_s);
		return 1;
	}
	if (r->phase_deadline > 0 && now > r->phase_deadline) {
		fail(r, "%s did not finish in time",
		     r->phase == PH_SHUTDOWN ? "guest power-off"
					     : "the agent's summary");
		return 1;
	}
	return 0;
}

/* L2 ended early inside L1: a reset of its own is retried once. */
static void l2_ended(struct run *r)
{
	char msg[sizeof(r->error)];

	r->l2_reset = console_watch_l2_end(&r->watch,
					   lab_probe_l2_shutdown(r->probe),
					   msg, sizeof(msg));
	fail(r, "%s", msg);
}

static void why_qemu_ended(struct run *r)
{
	int st = r->vm.exit_status;

	if (r->watch.l1_error[0])
		fail(r, "L1 appliance: %s", r->watch.l1_error);
	else if (r->watch.panic[0])
		fail(r, "guest kernel panic: %s", r->watch.panic);
	else if (r->stream.reader.broken)
		fail(r, "agent stream line %u: %s%s%s", r->stream.reader.bad.line,
		     r->stream.reader.bad.field, r->stream.reader.bad.field[0] ? ": " : "",
		     r->stream.reader.bad.msg);
	else if (r->watch.agent_exit > 0)
		fail(r, "the agent exited with status %d (its console has the "
		     "message)", r->watch.agent_exit);
	else if (r->watch.l2_exit >= 0)
		l2_ended(r);
	else if (WIFEXITED(st) && WEXITSTATUS(st))
		fail(r, "QEMU exited with status %d (see qemu.log)",
		     WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		fail(r, "QEMU was killed by signal %d", WTERMSIG(st));
	else
		fail(r, "the guest powered off before the agent's summary");
}

static void event_loop(struct run *r)
{
	while (!r->error[0]) {
		struct pollfd pfd[VM_MAX_CHANNELS];
		size_t nch = r->vm.nchannels;
		double now;

		/* One pollfd per port: its listening socket until QEMU has
		 * connected, then the connection. */
		for (size_t i = 0; i < nch; i++) {
			struct vm_channel *ch = &r->vm.ch[i];

			pfd[i] = (struct pollfd){ ch->fd >= 0 ? ch->fd :
						  ch->listen_fd, POLLIN, 0 };
		}
		poll(pfd, (nfds_t)nch, 100);
		for (size_t i = 0; i < nch; i++) {
			struct vm_channel *ch = &r->vm.ch[i];

			if (!pfd[i].revents || pfd[i].fd < 0)
				continue;
			if (ch->fd < 0) {
				ch->fd = vm_accept(ch->listen_fd);
				close(ch->listen_fd);
				ch->listen_fd = -1;
			} else {
				drain_channel(r, i);
			}
		}
		if (r->error[0])
			break;
		if (wait_child(r->vm.pid, 0, &r->vm.exit_status) == 1) {
			r->vm.reaped = 1;
			/* Read what QEMU wrote before it went. */
			drain_all(r);
			if (!r->stream.summary)
				why_qemu_ended(r);
			break;
		}
		now = mono_s();
		if (check_limits(r, now))
			break;
		show_progress(r, 0);
	}
	if (r->phase < PH_END)
		show_progress(r, 1);
}

static json_t *config_json(const struct run_config *cfg)
{
	json_t *opts = json_object();

	for (size_t i = 0; i < cfg->nworkload; i++)
		json_object_set_new(opts, cfg->workload_opts[i]->key,
				    json_string(cfg->workload_opts[i]->value));
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:I}",
			 "accel", accel_mode_name(cfg->accel),
			 "vcpus", (json_int_t)cfg->vcpus,
			 "memory_mb", (json_int_t)cfg->memory_mb,
			 "cpu", cfg->cpu_model, "cmdline", cfg->cmdline,
			 "workload", cfg->workload, "options", opts,
			 "interval_ms", (json_int_t)cfg->interval_ms,
			 "timeout_s", (json_int_t)cfg->timeout_s,
			 "boot_timeout_s", (json_int_t)cfg->boot_timeout_s,
			 "watchdog_s", (json_int_t)cfg->watchdog_s);
}

static json_t *argv_json(const struct vm *vm)
{
	json_t *a = json_array();

	for (size_t i = 0; i < vm->argc; i++)
		json_array_append_new(a, json_string(vm->argv[i]));
	return a;
}

static json_t *opt_ref(json_t *v)
{
	return v ? json_incref(v) : json_null();
}

static json_t *collect(struct run *r)
{
	json_t *v = json_object(), *host = json_object(), *timing;
	double t0 = r->stream.run_at, t1 = r->stream.done_at;
	char err[256];

	json_object_set_new(v, "name", json_string(r->cfg->variant));
	json_object_set_new(v, "description", json_string(r->cfg->description));
	json_object_set_new(v, "status", json_string(r->error[0] ? "error"
								 : "ok"));
	if (r->error[0])
		json_object_set_new(v, "error", json_pack("{s:s, s:s, s:b, s:b}",
				    "phase", phase_name[r->error_phase],
				    "message", r->error, "frozen", r->frozen,
				    "l2_reset", r->l2_reset));
	json_object_set_new(v, "mode", json_string(accel_mode_name(r->cfg->accel)));
	json_object_set_new(v, "mode_meaning",
			    json_string(accel_mode_meaning(r->cfg->accel)));
	json_object_set_new(v, "config", config_json(r->cfg));
	json_object_set_new(v, "qemu", json_pack("{s:o, s:i, s:i}",
			    "argv", argv_json(&r->vm), "pid", (int)r->vm.pid,
			    "exit_status", r->vm.reaped &&
			    WIFEXITED(r->vm.exit_status) ?
			    WEXITSTATUS(r->vm.exit_status) : -1));
	timing = json_object();
	json_object_set_new(timing, "total_s",
			    json_real(mono_s() - r->start_mono));
	if (r->hello_mono > 0)
		json_object_set_new(timing, "boot_s",
				    json_real(r->hello_mono - r->start_mono));
	if (t0 > 0 && t1 > t0)
		json_object_set_new(timing, "window_s", json_real(t1 - t0));
	json_object_set_new(v, "timing", timing);
	json_object_set_new(v, "guest", json_pack("{s:o, s:o, s:o, s:i, s:i}",
			    "hello", opt_ref(r->stream.hello),
			    "summary", opt_ref(r->stream.summary),
			    "last_sample", opt_ref(r->stream.sample),
			    "samples", (int)r->stream.nsamples,
			    "agent_exit_status", r->watch.agent_exit));
	if (r->probe) {
		json_t *ipis = lab_probe_finish(r->probe, err, sizeof(err));

		if (ipis)
			json_object_set_new(host, "ipis", ipis);
		else
			json_object_set_new(host, "ipis_error", json_string(err));
	}
	json_object_set_new(host, "memory", opt_ref(r->mem_done));
	json_object_set_new(host, "memory_at_start", opt_ref(r->mem_start));
	json_object_set_new(v, "host", host);
	{
		json_t *files = json_pack("{s:s}", "qemu_log", "qemu.log");

		for (size_t i = 0; i < r->backend->nports; i++) {
			const char *name = log_name[r->backend->ports[i]];

			json_object_set_new(files, name, json_string(name));
		}
		json_object_set_new(v, "files", files);
	}
	metrics_fill(v);
	return v;
}

enum run_status run_variant(const struct run_ctx *ctx,
			    const struct run_config *cfg, size_t index,
			    size_t total, json_t **out)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.cfg = cfg;
	r.index = index;
	r.total = total;
	console_watch_init(&r.watch);
	vm_init(&r.vm);
	agent_stream_init(&r.stream);
	r.start_mono = r.last_output_mono = mono_s();
	/* nested mode is its own backend; the others start QEMU directly. */
	r.backend = vm_backend_find(cfg->accel == ACCEL_NESTED ? "nested"
							       : ctx->vm_backend);
	if (!r.backend)
		fail(&r, "no VM backend \"%s\"", ctx->vm_backend);
	if (!r.error[0] && !make_dir(&r))
		open_logs(&r);
	if (!r.error[0] && !start_vm(&r))
		event_loop(&r);
	if (r.backend)
		r.backend->stop(&r.vm, STOP_GRACE_MS);
	r.phase = r.error[0] ? r.phase : PH_END;
	*out = collect(&r);
	if (r.probe)
		lab_probe_close(r.probe, cfg->keep_trace);
	vm_release(&r.vm);
	agent_stream_free(&r.stream);
	json_decref(r.mem_start);
	json_decref(r.mem_done);
	for (size_t i = 0; i < VM_MAX_CHANNELS; i++)
		if (r.log[i])
			fclose(r.log[i]);
	return r.error[0] ? RUN_ERROR : RUN_OK;
}
