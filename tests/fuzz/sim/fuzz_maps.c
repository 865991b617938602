/* fuzz_maps.c - maps_parse() on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;
	struct maps m;

	if (maps_parse((const char *)data, size, 1 << 16, &m, &err) == 0)
		free(m.e);
	return 0;
}
