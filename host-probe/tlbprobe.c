/*
 * tlbprobe - host-side measurement of what makes a VM slow from outside:
 * the guest's IPIs (TLB shootdowns) and the host memory state that decides
 * its 2 MiB backing.  Front end only: the work is in libtlbprobe.
 */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "top", cmd_top, "live VM exits by reason, ICR writes per vCPU (KVM)" },
	{ "nested", cmd_nested, "inside an L1: probe L2's QEMU, relay its agent" },
	{ "trace", cmd_trace, "IPIs in a QEMU apic_mem_writel trace (TCG)" },
	{ "mem", cmd_mem, "RSS, AnonHugePages and 2M share of a QEMU process" },
	{ "buddyinfo", cmd_buddyinfo, "free blocks per order; order >= 9" },
	{ "backends", cmd_backends, "list the IPI probe backends" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int help(FILE *f, int rc)
{
	fprintf(f,
"USAGE: tlbprobe COMMAND [OPTIONS]   (tlbprobe COMMAND --help for more)\n"
"\n"
"Host-side probe of tlblab: what a VM pays for TLB shootdowns (vCPU IPIs)\n"
"and whether the host can still back its RAM with 2 MiB pages.\n"
"\n"
"COMMANDS:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f,
"\n"
"EXIT STATUS: 0 done, 1 failed (missing or unreadable file or process,\n"
"not a QEMU/KVM process, input that does not parse), 2 usage error,\n"
"3 cannot probe on this host (not root, tracefs or KVM unavailable).\n"
"\n"
"EXAMPLES:\n"
"  tlbprobe top --pid $(pgrep -n qemu-system)\n"
"  tlbprobe trace results/x/apic-trace.log --window 1795405961.47,1795405974.48\n"
"  tlbprobe trace apic-trace.log --follow --interval 250\n"
"  tlbprobe mem --pid $(pgrep -n qemu-system) --json\n"
"  tlbprobe buddyinfo\n");
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return help(stderr, CLI_USAGE);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return help(stdout, CLI_OK);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tlbprobe: unknown command \"%s\" (see tlbprobe "
		"--help)\n", argv[1]);
	return CLI_USAGE;
}
