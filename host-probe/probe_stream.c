/* probe_stream.c - probe stream writer; see probe_stream.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe_stream.h"

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void probe_stream_init(struct probe_stream *s, int fd)
{
	s->fd = fd;
	s->t0 = mono_s();
	s->lines = 0;
}

double probe_stream_time(const struct probe_stream *s)
{
	return mono_s() - s->t0;
}

/* {v, type, t} then body's members in their order. */
static json_t *envelope(const struct probe_stream *s, const char *type,
			json_t *body)
{
	double t = probe_stream_time(s);
	json_t *o = json_pack("{s:i,s:s,s:f}", "v", PROBE_STREAM_VERSION,
			      "type", type, "t", (double)(long long)(t * 1e6) / 1e6);
	const char *k;
	json_t *v;

	if (!o)
		return NULL;
	if (body)
		json_object_foreach(body, k, v)
			json_object_set(o, k, v);
	return o;
}

int probe_stream_encode(const struct probe_stream *s, const char *type,
			json_t *body, const char *const *drop, char *buf,
			size_t size)
{
	json_t *o = envelope(s, type, body), *cut = NULL;
	size_t n;
	int rc = -E2BIG;

	json_decref(body);
	if (!o)
		return -ENOMEM;
	for (;;) {
		n = json_dumpb(o, buf, size > 1 ? size - 2 : 0,
			       JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (n && n + 1 <= PROBE_STREAM_MAX_LINE && n + 2 <= size) {
			buf[n] = '\n';
			buf[n + 1] = '\0';
			rc = (int)n + 1;
			break;
		}
		/* too long: drop the next expendable member present */
		while (drop && *drop && !json_object_get(o, *drop))
			drop++;
		if (!drop || !*drop)
			break;
		if (!cut) {
			cut = json_array();
			json_object_set_new(o, "truncated", cut);
		}
		json_object_del(o, *drop);
		json_array_append_new(cut, json_string(*drop));
		drop++;
	}
	json_decref(o);
	return rc;
}

int probe_stream_send(struct probe_stream *s, const char *type,
		      json_t *body, const char *const *drop)
{
	char buf[PROBE_STREAM_MAX_LINE + 1];
	int n = probe_stream_encode(s, type, body, drop, buf, sizeof(buf));
	size_t off = 0;

	if (n < 0)
		return n;
	while (off < (size_t)n) {
		ssize_t w = write(s->fd, buf + off, (size_t)n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		off += (size_t)w;
	}
	s->lines++;
	return 0;
}

int probe_stream_error(struct probe_stream *s, int fatal, const char *fmt,
		       ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return probe_stream_send(s, "error", json_pack("{s:s,s:b}", "msg",
				 msg, "fatal", fatal), NULL);
}
