/*
 * commands.h - tlbprobe's subcommands; each takes the arguments after its
 * name (argv[0] = the name) and returns an exit code (cli_util.h).
 */
#ifndef TLBPROBE_COMMANDS_H
#define TLBPROBE_COMMANDS_H

int cmd_top(int argc, char **argv);
int cmd_nested(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_mem(int argc, char **argv);
int cmd_buddyinfo(int argc, char **argv);
int cmd_backends(int argc, char **argv);

#endif
