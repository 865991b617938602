/*
 * command.h - one tlbsim subcommand per model, registered in one table
 * (commands.c), so adding a model never touches the driver (main.c).
 *
 * A command parses its own options, runs its model and fills a report; it
 * never prints.  The driver handles --help (prints usage), --json (picks the
 * renderer) and the exit code.
 */
#ifndef SIM_COMMAND_H
#define SIM_COMMAND_H

#include "report.h"

/* Exit codes of tlbsim, documented in its --help. */
#define SIM_EXIT_OK	0
#define SIM_EXIT_ERROR	1	/* bad input file, model failure */
#define SIM_EXIT_USAGE	2	/* bad option or value */

struct sim_command {
	const char *name;
	const char *summary;	/* one line for "tlbsim --help" */
	const char *usage;	/* full help: USAGE, OPTIONS, EXAMPLES */
	/*
	 * run - argv[0] is the command name; options follow.  Returns
	 * SIM_EXIT_OK with r filled, or SIM_EXIT_ERROR / SIM_EXIT_USAGE with
	 * err (size errlen) saying what is wrong ("--vcpus: must be 1..4096").
	 */
	int (*run)(int argc, char **argv, struct report *r, char *err,
		   size_t errlen);
};

/* The table: NULL-terminated, in the order "tlbsim --help" lists them. */
extern const struct sim_command *const sim_commands[];

const struct sim_command *sim_command_find(const char *name);

#endif
