/*
 * fuzz_qmp.c - what tlbprobe nested takes from L2's QEMU over QMP: a
 * query-cpus-fast reply (qmp_mini_parse_cpus) and event lines
 * (qmp_mini_shutdown_reason).  No crash; thread ids are positive and
 * indexed 0..n-1; a SHUTDOWN reason is a terminated string in its buffer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "qmp_mini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pid_t tids[8];
	char why[16];
	int n = qmp_mini_parse_cpus((const char *)data, size, tids, 8);

	if (n > 8)
		abort();
	for (int i = 0; i < n; i++)
		if (tids[i] <= 0)
			abort();
	memset(why, 'x', sizeof(why));
	n = qmp_mini_shutdown_reason((const char *)data, size, why,
				     sizeof(why));
	if ((n != 1 && n != 0 && n != -EBADMSG) ||
	    (n == 1 && !memchr(why, '\0', sizeof(why))) ||
	    (n != 1 && why[0] != 'x'))
		abort();
	return 0;
}
