/*
 * main.c - tlbagent's command line: run a job (from arguments or the
 * kernel command line), check one without running it, list workloads.
 *
 * Exit status: 0 ok, 1 the workload failed, 2 bad usage or options.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "fileio.h"
#include "job.h"
#include "list.h"
#include "serial.h"

#define EXIT_USAGE	2

static const char usage[] =
"USAGE\n"
"  tlbagent run workload=NAME [OPTION=VALUE ...] [--out FILE] [--serial DEV]\n"
"               [--interval-ms N]\n"
"  tlbagent --from-cmdline [--serial DEV | --out FILE] [--cmdline-file F]\n"
"  tlbagent check workload=NAME [OPTION=VALUE ...]\n"
"  tlbagent list [--json]\n"
"  tlbagent --help | --version\n"
"\n"
"Runs one workload and streams JSON lines (docs/agent-protocol.md) to\n"
"stdout, FILE or a serial port (raw mode); progress and a final summary\n"
"go to stderr.  --from-cmdline takes the job from /proc/cmdline\n"
"(tlbagent.workload=NAME tlbagent.OPTION=VALUE ...) and writes to\n"
"/dev/ttyS1 unless told otherwise.  check validates a job and prints\n"
"\"OPTION: what is wrong\" for the first bad option.  Options of any\n"
"workload: interval_ms, malloc_conf (see: tlbagent list).\n"
"\n"
"EXAMPLES\n"
"  tlbagent run workload=madvise-flood                 # 1 initiator, 1 bystander, 2000 calls\n"
"  tlbagent run workload=madvise-flood size=1M count=500 rate=100 --out flood.jsonl\n"
"  tlbagent run workload=jemalloc-churn malloc_conf=dirty_decay_ms:0,muzzy_decay_ms:0\n"
"  tlbagent run workload=jemalloc-churn malloc_conf=dirty_decay_ms:-1,muzzy_decay_ms:-1\n"
"  tlbagent check workload=madvise-flood size=12x      # -> size: \"12x\" is not a size ...\n"
"  tlbagent --from-cmdline --serial /dev/ttyS1         # in the guest's /init\n"
"\n"
"EXIT STATUS\n"
"  0 ok, 1 the workload failed, 2 bad usage or options\n";

struct cli {
	const char *out, *serial, *interval, *cmdline_file;
	int json;
	int nkv;
	char **kv;		/* OPTION=VALUE words */
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "tlbagent: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see: tlbagent --help)\n");
	return EXIT_USAGE;
}

/* Flags and OPTION=VALUE words after the command; 0 or EXIT_USAGE. */
static int parse_cli(int argc, char **argv, struct cli *c)
{
	static char *kv[256];
	const char **slot;

	memset(c, 0, sizeof(*c));
	c->kv = kv;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		slot = !strcmp(a, "--out") ? &c->out :
		       !strcmp(a, "--serial") ? &c->serial :
		       !strcmp(a, "--interval-ms") ? &c->interval :
		       !strcmp(a, "--cmdline-file") ? &c->cmdline_file : NULL;
		if (slot) {
			if (i + 1 >= argc)
				return usage_error("%s needs a value", a);
			*slot = argv[++i];
		} else if (!strcmp(a, "--json")) {
			c->json = 1;
		} else if (a[0] == '-') {
			return usage_error("unknown flag %s", a);
		} else if (c->nkv < (int)(sizeof(kv) / sizeof(kv[0]))) {
			kv[c->nkv++] = argv[i];
		} else {
			return usage_error("too many arguments%s", "");
		}
	}
	if (c->out && c->serial)
		return usage_error("--out and --serial: choose one%s", "");
	return 0;
}

/* "OPTION: what is wrong" (or the word, or just the message). */
static void format_error(const struct parse_error *err, char **kv, char *out,
			 size_t size)
{
	if (err->field[0])
		snprintf(out, size, "%s: %s", err->field, err->msg);
	else if (kv && err->line)
		snprintf(out, size, "%s: %s", kv[err->line - 1], err->msg);
	else
		snprintf(out, size, "%s", err->msg);
}

static int job_from_kernel(struct job *job, const char *path,
			   struct parse_error *err)
{
	char *buf;
	size_t len;
	int rc;

	rc = read_whole_file(path, 1 << 16, &buf, &len);
	if (rc)
		return parse_error_set(err, 0, "", "%s: %s", path,
				       strerror(-rc));
	if (!cmdline_has_job(buf, len))
		rc = parse_error_set(err, 0, "workload",
				     "%s has no tlbagent.workload=NAME", path);
	else
		rc = job_from_cmdline(job, buf, len, err);
	free(buf);
	return rc;
}

/*
 * jemalloc reads MALLOC_CONF once, at its first allocation, which has
 * happened by now: put it in the environment and start again.  The new
 * image sees it equal and goes on.  Returns only on failure.
 */
static int apply_malloc_conf(const struct job *job, char **argv)
{
	const char *conf = job_malloc_conf(job);
	const char *env = getenv("MALLOC_CONF");

	if (!conf || (env && !strcmp(env, conf)))
		return 0;
	if (setenv("MALLOC_CONF", conf, 1))
		return -errno;
	execv("/proc/self/exe", argv);
	return -errno;
}

static void on_signal(int sig)
{
	(void)sig;
	agent_stop();
}

static int run_job(const struct job *job, const struct cli *c,
		   const char *default_serial, char **argv)
{
	struct agent_env env = { NULL, stderr, "/proc" };
	struct emitter em;
	struct sigaction sa;
	int fd = STDOUT_FILENO, rc;

	rc = apply_malloc_conf(job, argv);
	if (rc) {
		fprintf(stderr, "tlbagent: cannot re-exec with MALLOC_CONF: %s\n",
			strerror(-rc));
		return 1;
	}
	if (c->serial || (!c->out && default_serial))
		fd = serial_open(c->serial ? c->serial : default_serial);
	else if (c->out)
		fd = file_open(c->out);
	if (fd < 0) {
		fprintf(stderr, "tlbagent: %s: %s\n",
			c->out ? c->out : c->serial ? c->serial
						    : default_serial,
			strerror(-fd));
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	emitter_init(&em, fd);
	env.out = &em;
	rc = agent_run(job, &env);
	emitter_destroy(&em);
	if (fd != STDOUT_FILENO)
		close(fd);
	return rc;
}

/*
 * In the guest nobody reads stderr but a human: a bad job on the kernel
 * command line also goes to the stream as an error line, so the lab
 * learns why at once instead of waiting for its timeout.
 */
static void stream_bad_job(const struct cli *c, const char *msg)
{
	struct agent_env env = { NULL, stderr, "/proc" };
	struct emitter em;
	int fd;

	fd = c->out ? file_open(c->out)
		    : serial_open(c->serial ? c->serial : "/dev/ttyS1");
	if (fd < 0)
		return;
	emitter_init(&em, fd);
	env.out = &em;
	agent_fail(&env, msg);
	emitter_destroy(&em);
	close(fd);
}

/* run, check and --from-cmdline share the job building. */
static int build_job(const char *cmd, const struct cli *c, struct job *job)
{
	struct parse_error err = { 0, "", "" };
	int from_kernel = !strcmp(cmd, "--from-cmdline");
	char msg[256];

	if (from_kernel && c->nkv)
		return usage_error("--from-cmdline takes no OPTION=VALUE (\"%s\")",
				   c->kv[0]);
	if (from_kernel ? job_from_kernel(job, c->cmdline_file
					       ? c->cmdline_file
					       : "/proc/cmdline", &err)
			: job_from_args(job, c->nkv, c->kv, &err))
		goto bad;
	if (c->interval && job_set(job, "interval_ms", c->interval, &err))
		goto bad;
	return 0;
bad:
	format_error(&err, from_kernel ? NULL : c->kv, msg, sizeof(msg));
	if (from_kernel)
		stream_bad_job(c, msg);
	else
		fprintf(stderr, "%s\n", msg);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static struct job job;
	const char *cmd = argc > 1 ? argv[1] : "";
	struct cli c;
	int rc;

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("tlbagent %s (protocol %d)\n", TLBAGENT_VERSION,
		       AGENT_PROTOCOL_VERSION);
		return 0;
	}
	if (argc < 2)
		return usage_error("no command%s", "");
	rc = parse_cli(argc - 2, argv + 2, &c);
	if (rc)
		return rc;
	if (!strcmp(cmd, "list"))
		return list_workloads(stdout, c.json) ? 1 : 0;
	if (strcmp(cmd, "run") && strcmp(cmd, "check") &&
	    strcmp(cmd, "--check") && strcmp(cmd, "--from-cmdline"))
		return usage_error("unknown command \"%s\"", cmd);
	rc = build_job(cmd, &c, &job);
	if (rc)
		return rc;
	if (!strcmp(cmd, "check") || !strcmp(cmd, "--check"))
		return 0;
	return run_job(&job, &c,
		       strcmp(cmd, "--from-cmdline") ? NULL : "/dev/ttyS1",
		       argv);
}
