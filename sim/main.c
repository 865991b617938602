/*
 * tlbsim - command-line front end of libtlbsim: one subcommand per model.
 *
 * The driver only finds the subcommand in the table, handles --help and
 * --json, prints the report and maps the result to the exit code; the
 * models and their option parsing live in the library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"

static void usage(FILE *out)
{
	fprintf(out,
		"USAGE: tlbsim MODEL [--json] [OPTIONS...]\n"
		"       tlbsim MODEL --help\n"
		"\n"
		"What-if models of TLB reach, shootdown cost, host memory\n"
		"fragmentation, vmemmap and VMA gap search.\n"
		"\n"
		"MODELS:\n");
	for (unsigned i = 0; sim_commands[i]; i++)
		fprintf(out, "  %-10s %s\n", sim_commands[i]->name,
			sim_commands[i]->summary);
	fprintf(out,
		"\n"
		"  --json     one JSON object on stdout instead of tables\n"
		"\n"
		"EXIT STATUS: 0 done, 1 bad input or model error, 2 bad usage.\n"
		"\n"
		"EXAMPLES:\n"
		"  tlbsim hvo\n"
		"  tlbsim buddy --extfrag-index /proc/buddyinfo\n"
		"  tlbsim shootdown --vcpus 64 --threads 64 --mode x2apic\n");
}

int main(int argc, char **argv)
{
	const struct sim_command *cmd;
	struct report r;
	char err[256] = "";
	int json = 0, rc, n = 0;
	char **args;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SIM_EXIT_USAGE : SIM_EXIT_OK;
	}
	cmd = sim_command_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "tlbsim: unknown model \"%s\" (see tlbsim --help)\n",
			argv[1]);
		return SIM_EXIT_USAGE;
	}
	args = calloc((size_t)argc, sizeof(*args));
	if (!args) {
		fprintf(stderr, "tlbsim: out of memory\n");
		return SIM_EXIT_ERROR;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(cmd->usage, stdout);
			free(args);
			return SIM_EXIT_OK;
		}
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			args[n++] = argv[i];
	}
	report_init(&r, cmd->name);
	rc = cmd->run(n, args, &r, err, sizeof(err));
	if (rc == SIM_EXIT_OK) {
		if (json) {
			if (report_print_json(&r, stdout)) {
				fprintf(stderr, "tlbsim: out of memory\n");
				rc = SIM_EXIT_ERROR;
			}
		} else {
			report_print_text(&r, stdout);
		}
	} else {
		fprintf(stderr, "tlbsim %s: %s\n", cmd->name,
			err[0] ? err : "failed");
		if (rc == SIM_EXIT_USAGE)
			fprintf(stderr, "(see tlbsim %s --help)\n", cmd->name);
	}
	report_free(&r);
	free(args);
	return rc;
}
