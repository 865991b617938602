/* fuzz_pagetypeinfo.c - pagetypeinfo_parse() on arbitrary bytes; on
 * success the per-order totals must be readable. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pagetypeinfo.h"

static struct pagetypeinfo pti;
static struct buddyinfo bi;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;

	if (pagetypeinfo_parse((const char *)data, size, &pti, &err) == 0)
		pti_to_buddyinfo(&pti, &bi);
	return 0;
}
