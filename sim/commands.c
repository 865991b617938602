/* commands.c - the model table: one line per tlbsim subcommand. */
#include <string.h>

#include "command.h"

extern const struct sim_command cmd_tlb;
extern const struct sim_command cmd_shootdown;
extern const struct sim_command cmd_buddy;
extern const struct sim_command cmd_hvo;
extern const struct sim_command cmd_vma;

const struct sim_command *const sim_commands[] = {
	&cmd_tlb,
	&cmd_shootdown,
	&cmd_buddy,
	&cmd_hvo,
	&cmd_vma,
	NULL,
};

const struct sim_command *sim_command_find(const char *name)
{
	for (unsigned i = 0; sim_commands[i]; i++)
		if (!strcmp(sim_commands[i]->name, name))
			return sim_commands[i];
	return NULL;
}
