/* nested_relay.c - agent stream relay with phase detection; see
 * nested_relay.h. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nested_relay.h"

void nested_relay_init(struct nested_relay *r, int out_fd,
		       void (*on_phase)(void *ctx, const char *phase),
		       void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->out_fd = out_fd;
	r->on_phase = on_phase;
	r->ctx = ctx;
}

int nested_relay_phase(const char *line, size_t len, char *phase,
		       size_t size)
{
	json_t *o, *type, *ph;
	int rc = 0;

	/* cheap test first: most lines are samples */
	if (!memmem(line, len, "phase", 5))
		return 0;
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	type = json_object_get(o, "type");
	ph = json_object_get(o, "phase");
	if (json_is_string(type) && !strcmp(json_string_value(type), "phase")
	    && json_is_string(ph)) {
		snprintf(phase, size, "%s", json_string_value(ph));
		rc = 1;
	}
	json_decref(o);
	return rc;
}

static void end_line(struct nested_relay *r)
{
	char phase[32];

	r->lines++;
	if (!r->overlong && r->len &&
	    nested_relay_phase(r->line, r->len, phase, sizeof(phase))) {
		r->phases++;
		if (r->on_phase)
			r->on_phase(r->ctx, phase);
	}
	r->len = 0;
	r->overlong = 0;
}

int nested_relay_feed(struct nested_relay *r, const char *buf, size_t n)
{
	size_t off = 0;

	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			end_line(r);
			continue;
		}
		if (r->len < NESTED_RELAY_MAX_LINE - 1)
			r->line[r->len++] = buf[i];
		else
			r->overlong = 1;
	}
	while (off < n) {
		ssize_t w = write(r->out_fd, buf + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		off += (size_t)w;
	}
	r->bytes += n;
	return 0;
}
