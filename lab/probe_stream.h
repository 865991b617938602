/*
 * probe_stream.h - the lab's end of tlbprobe's own stream in nested mode
 * (docs/probe-protocol.md): tlbprobe runs inside the L1 appliance and
 * reports on L1's third serial port.  Untrusted input, checked like the
 * agent's stream; keeps the hello, the newest sample, the first window's
 * end and the summary.
 */
#ifndef TLBLAB_PROBE_STREAM_H
#define TLBLAB_PROBE_STREAM_H

#include <jansson.h>

#include "jsonl.h"

#define PROBE_PROTOCOL_VERSION	1

struct probe_stream {
	struct jsonl_reader reader;
	json_t *hello, *sample, *window_end, *summary;	/* owned */
	char fatal[256];	/* msg of a fatal error line */
	unsigned nerrors;	/* non-fatal error lines */
};

void probe_stream_init(struct probe_stream *s);
void probe_stream_free(struct probe_stream *s);
/* Take n bytes; 0, or -1 once the stream is broken (reader.bad). */
int probe_stream_feed(struct probe_stream *s, const char *data, size_t n);

#endif
