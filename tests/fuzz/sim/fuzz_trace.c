/* fuzz_trace.c - trace_parse() on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;
	struct trace t;

	if (trace_parse((const char *)data, size, 1 << 16, &t, &err) == 0)
		free(t.addr);
	return 0;
}
