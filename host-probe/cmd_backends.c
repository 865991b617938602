/* cmd_backends.c - `tlbprobe backends`: the IPI probe backends and the
 * acceleration modes they serve. */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "probe.h"

int cmd_backends(int argc, char **argv)
{
	const struct probe_backend *b;

	(void)argv;
	if (argc > 1)
		return cli_usage_err("backends", "no arguments expected");
	printf("%-12s %-12s %s\n", "BACKEND", "MODES", "WHAT");
	for (size_t i = 0; (b = probe_backend_at(i)); i++) {
		char modes[32] = "";

		if (b->accel & PROBE_ACCEL_TCG)
			strcat(modes, "tcg,");
		if (b->accel & PROBE_ACCEL_KVM)
			strcat(modes, "kvm,");
		if (b->accel & PROBE_ACCEL_NESTED)
			strcat(modes, "nested,");
		if (*modes)
			modes[strlen(modes) - 1] = '\0';
		printf("%-12s %-12s %s\n", b->name, modes, b->summary);
	}
	return CLI_OK;
}
