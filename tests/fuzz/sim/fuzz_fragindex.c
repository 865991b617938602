/* fuzz_fragindex.c - buddyinfo text through the debugfs index formatters:
 * any free counts (shifts and sums wrap as in the kernel) must format
 * without overflowing the buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buddyinfo.h"
#include "fragindex.h"

static struct buddyinfo bi;
static char out[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (buddyinfo_parse((const char *)data, size, &bi, NULL))
		return 0;
	frag_format_unusable(&bi, out, sizeof(out));
	frag_format_extfrag(&bi, out, sizeof(out));
	return 0;
}
