/* cmd_buddyinfo.c - `tlbprobe buddyinfo [FILE]`: the host's free blocks
 * per order and what is left at order >= 9 (article 004: a host with none
 * backs new VMs with 4 KiB pages). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_util.h"
#include "commands.h"
#include "hostmem.h"
#include "probe_json.h"
#include "render.h"

static const char usage[] =
"USAGE: tlbprobe buddyinfo [FILE] [--json]\n"
"\n"
"Free blocks per order of each zone from /proc/buddyinfo (or FILE, e.g. a\n"
"copy taken on another host), the free MiB, and the blocks of order >= 9\n"
"(2 MiB and larger) a new VM's transparent huge pages can still get.\n"
"\n"
"EXAMPLES:\n"
"  tlbprobe buddyinfo\n"
"  tlbprobe buddyinfo saved/buddyinfo --json\n";

int cmd_buddyinfo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = HOSTMEM_BUDDYINFO;
	struct hostmem_error err;
	struct buddyinfo *b;
	int json = 0, c, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return CLI_OK;
		} else {
			return cli_usage_err("buddyinfo", "bad option");
		}
	}
	if (argc - optind > 1)
		return cli_usage_err("buddyinfo", "at most one FILE");
	if (optind < argc)
		path = argv[optind];
	b = malloc(sizeof(*b));
	if (!b)
		return cli_err("out of memory");
	if (hostmem_read_buddyinfo(path, b, &err))
		rc = cli_hostmem_err(&err);
	else if (json)
		rc = cli_print_json(buddyinfo_json(b), 0);
	else
		render_buddy(stdout, b), rc = CLI_OK;
	free(b);
	return rc;
}
