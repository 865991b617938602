/*
 * nested_relay.h - relay L2's agent stream to L1's serial port byte for
 * byte, and spot the agent's `phase` lines on the way (docs/nested.md):
 * the probe opens/closes its window when it relays them, so the window
 * matches the guest's without comparing clocks.
 *
 * Lines are looked at only to find phases; they are relayed unchanged
 * whatever they hold (the lab checks the agent stream).  A line longer
 * than NESTED_RELAY_MAX_LINE is relayed but never taken for a phase.
 */
#ifndef TLBPROBE_NESTED_RELAY_H
#define TLBPROBE_NESTED_RELAY_H

#include <stddef.h>
#include <stdint.h>

#define NESTED_RELAY_MAX_LINE	4096	/* AGENT_MAX_LINE, newline included */

struct nested_relay {
	int out_fd;
	/* called for each phase line, before the chunk holding its end is
	 * written out */
	void (*on_phase)(void *ctx, const char *phase);
	void *ctx;
	char line[NESTED_RELAY_MAX_LINE + 1];
	size_t len;
	int overlong;
	uint64_t bytes, lines, phases;
};

void nested_relay_init(struct nested_relay *r, int out_fd,
		       void (*on_phase)(void *ctx, const char *phase),
		       void *ctx);

/* Take n bytes from L2: look for phase lines, then write them all to
 * out_fd.  Returns 0 or -errno of the write. */
int nested_relay_feed(struct nested_relay *r, const char *buf, size_t n);

/*
 * nested_relay_phase - 1 when the line (len bytes, no newline) is an
 * agent message {"type":"phase","phase":P,...} with P a string (copied to
 * phase[size]), else 0.
 */
int nested_relay_phase(const char *line, size_t len, char *phase,
		       size_t size);

#endif
