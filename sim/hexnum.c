/* hexnum.c - see hexnum.h. */
#include "hexnum.h"

int hex_u64(const char *p, const char *end, uint64_t *v)
{
	uint64_t x = 0;

	if (p >= end || end - p > 16)
		return -1;
	for (; p < end; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return -1;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return 0;
}
