/*
 * probe_stream.h - the probe stream: versioned JSON lines that
 * `tlbprobe nested` writes to L1's ttyS2 for the lab (the format is
 * docs/probe-protocol.md).  Every line is one compact JSON object ending in
 * "\n", at most PROBE_STREAM_MAX_LINE bytes with the newline; `v`, `type`
 * and `t` lead every line.  Library code: writes to an fd, never prints.
 */
#ifndef TLBPROBE_PROBE_STREAM_H
#define TLBPROBE_PROBE_STREAM_H

#include <jansson.h>
#include <stddef.h>

#define PROBE_STREAM_VERSION	1
#define PROBE_STREAM_MAX_LINE	4096

struct probe_stream {
	int fd;
	double t0;		/* CLOCK_MONOTONIC seconds at open */
	unsigned long lines;	/* written so far */
};

void probe_stream_init(struct probe_stream *s, int fd);

/*
 * probe_stream_encode - the line for message type with body's members
 * (body is consumed; NULL for none) into buf (size bytes, NUL-terminated,
 * newline included).  When the line would exceed PROBE_STREAM_MAX_LINE,
 * the members named in drop (NULL-terminated, most expendable first) are
 * removed one by one and listed in a "truncated" array.  Returns the line
 * length, -E2BIG when it still does not fit, -ENOMEM.
 */
int probe_stream_encode(const struct probe_stream *s, const char *type,
			json_t *body, const char *const *drop, char *buf,
			size_t size);

/* Encode as above and write the whole line to s->fd (retrying short
 * writes and EINTR).  Returns 0 or -errno. */
int probe_stream_send(struct probe_stream *s, const char *type,
		      json_t *body, const char *const *drop);

/* An error line: {"msg": msg, "fatal": fatal}. */
int probe_stream_error(struct probe_stream *s, int fatal, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));

/* Seconds since probe_stream_init (CLOCK_MONOTONIC). */
double probe_stream_time(const struct probe_stream *s);

#endif
