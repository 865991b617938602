/* fuzz_agent_stream.c - the agent stream comes from the guest: any bytes,
 * in any split, must be taken or rejected with a line number, and the same
 * bytes fed whole or in two pieces must give the same verdict. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agent_stream whole, split;
	size_t cut = size ? data[0] % (size + 1) : 0;
	int a, b;

	agent_stream_init(&whole);
	agent_stream_init(&split);
	a = agent_stream_feed(&whole, (const char *)data, size, 1.0, NULL, NULL);
	agent_stream_feed(&split, (const char *)data, cut, 1.0, NULL, NULL);
	b = agent_stream_feed(&split, (const char *)data + cut, size - cut, 1.0,
			      NULL, NULL);
	if (a != b || whole.reader.bad.line != split.reader.bad.line ||
	    (a && !whole.reader.bad.msg[0]))
		abort();
	agent_stream_free(&whole);
	agent_stream_free(&split);
	return 0;
}
