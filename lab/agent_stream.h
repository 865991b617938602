/*
 * agent_stream.h - the host end of the agent's JSON-lines stream
 * (docs/agent-protocol.md), treated as untrusted input.
 *
 * Bytes go in as they arrive from the guest's serial port; complete lines
 * are checked (length, JSON, version, type, field types) and kept: the
 * hello, the newest sample, the summary, the host time each phase line
 * arrived.  The first bad line is remembered with its line number and
 * field, and the stream is then considered broken.
 */
#ifndef TLBLAB_AGENT_STREAM_H
#define TLBLAB_AGENT_STREAM_H

#include <jansson.h>
#include <stddef.h>

#include "jsonl.h"

#define AGENT_PROTOCOL_VERSION	1
#define AGENT_MAX_LINE		4096	/* bytes, newline included */

enum agent_event {
	AGENT_HELLO,
	AGENT_PHASE_RUN,
	AGENT_PHASE_DONE,
	AGENT_SAMPLE,
	AGENT_SUMMARY,
	AGENT_ERROR,		/* the agent reported an error */
	AGENT_BAD,		/* a line broke the protocol */
};

struct agent_stream {
	struct jsonl_reader reader;	/* .broken, .bad: the first bad line */
	json_t *hello, *sample, *summary;	/* owned; NULL until seen */
	char agent_error[256];	/* "msg" of an error message */
	double run_at, done_at;	/* host time the phase lines came; 0 = not yet */
	unsigned nsamples;
};

typedef void (*agent_event_fn)(void *ctx, enum agent_event ev,
			       const struct agent_stream *s);

void agent_stream_init(struct agent_stream *s);
void agent_stream_free(struct agent_stream *s);

/*
 * agent_stream_feed - take n more bytes received at host time now
 * (epoch seconds); calls on_event (may be NULL) for each complete line.
 * Returns 0, or -1 once the stream is broken (s->bad says why).
 */
int agent_stream_feed(struct agent_stream *s, const char *data, size_t n,
		      double now, agent_event_fn on_event, void *ctx);

#endif
