/*
 * cmd_mem.c - `tlbprobe mem --pid PID`: how much of a VM's memory the
 * host backs with 2 MiB pages (AnonHugePages of the QEMU process), the
 * THP mode, and what the buddy allocator has left at order >= 9 - the
 * three numbers article 004's operators needed to explain a slow VM.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "hostmem.h"
#include "probe_json.h"
#include "render.h"

static const char usage[] =
"USAGE: tlbprobe mem --pid PID [--full] [--any] [--json]\n"
"\n"
"RSS, anonymous memory and AnonHugePages of QEMU process PID from\n"
"/proc/PID/smaps_rollup, the share of its anonymous memory on 2 MiB THP,\n"
"the host's THP mode and its free blocks of order >= 9 (/proc/buddyinfo).\n"
"A VM started when none are left gets 4 KiB backing for good.\n"
"\n"
"  --pid PID   the QEMU process (reading another user's needs root)\n"
"  --full      sum /proc/PID/smaps per mapping instead, and show the\n"
"              largest anonymous mapping (the guest RAM block)\n"
"  --any       do not insist that PID is a QEMU process\n"
"  --json      JSON\n"
"\n"
"EXAMPLES:\n"
"  tlbprobe mem --pid $(pgrep -n qemu-system)\n"
"  tlbprobe mem --pid 4242 --full --json\n";

struct mem_opts {
	pid_t pid;
	int full, any, json;
};

static int parse_opts(int argc, char **argv, struct mem_opts *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "full", no_argument, NULL, 'f' },
		{ "any", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (cli_u64("--pid", optarg, 1, INT32_MAX, &v))
				return CLI_USAGE;
			o->pid = (pid_t)v;
			break;
		case 'f':
			o->full = 1;
			break;
		case 'a':
			o->any = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(CLI_OK);
		default:
			return cli_usage_err("mem", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_err("mem", "unexpected argument \"%s\"",
				     argv[optind]);
	if (!o->pid)
		return cli_usage_err("mem", "--pid is required");
	return CLI_OK;
}

static void print_mem(const struct hostmem *m, const char *comm)
{
	const struct smaps_summary *s = &m->smaps;
	const struct smaps_mapping *big = &s->largest_anon;

	printf("%-8s %-16s %-13s %10s %10s %13s %9s\n", "PID", "COMM",
	       "SOURCE", "RSS_KB", "ANON_KB", "ANON_HUGE_KB", "THP_SHARE");
	printf("%-8d %-16s %-13s %10llu %10llu %13llu %8.1f%%\n",
	       (int)m->pid, comm, s->rollup ? "smaps_rollup" : "smaps",
	       (unsigned long long)s->total.rss,
	       (unsigned long long)s->total.anonymous,
	       (unsigned long long)s->total.anon_huge,
	       100 * smaps_thp_share(&s->total));
	if (!s->rollup && big->kb.anonymous)
		printf("largest anonymous mapping (guest RAM): %llx-%llx "
		       "%llu kB anonymous, %llu kB on THP (%.1f%%)\n",
		       (unsigned long long)big->start,
		       (unsigned long long)big->end,
		       (unsigned long long)big->kb.anonymous,
		       (unsigned long long)big->kb.anon_huge,
		       100 * smaps_thp_share(&big->kb));
	printf("\nTHP mode (%s): %s\n\n", HOSTMEM_THP_ENABLED,
	       m->have_thp ? thp_selected(&m->thp) : "unreadable");
	if (m->have_buddy)
		render_buddy(stdout, &m->buddy);
	else
		printf("%s: unreadable\n", HOSTMEM_BUDDYINFO);
}

int cmd_mem(int argc, char **argv)
{
	struct mem_opts o;
	struct hostmem_error err;
	struct hostmem *m = NULL;
	char comm[64] = "";
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	rc = hostmem_is_qemu(o.pid, comm, sizeof(comm));
	if (rc == -ENOENT)
		return cli_err("pid %d: no such process", (int)o.pid);
	if (rc < 0)
		return cli_err("pid %d: /proc/%d/comm: %s", (int)o.pid,
			       (int)o.pid, strerror(-rc));
	if (rc == 0 && !o.any)
		return cli_err("pid %d is not a QEMU process (comm \"%s\"); "
			       "--any reads it anyway", (int)o.pid, comm);
	m = malloc(sizeof(*m));
	if (!m)
		return cli_err("out of memory");
	rc = hostmem_snapshot(o.pid, o.full, m, &err);
	if (rc == -ENOENT)
		rc = cli_err("pid %d exited", (int)o.pid);
	else if (rc == -EACCES)
		rc = cli_err("%s: permission denied (run as root or as the "
			     "user running QEMU)", err.path);
	else if (rc)
		rc = cli_hostmem_err(&err);
	else if (o.json)
		rc = cli_print_json(hostmem_json(m), 0);
	else
		print_mem(m, comm), rc = CLI_OK;
	free(m);
	return rc;
}
