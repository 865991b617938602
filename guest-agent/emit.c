/* emit.c - bounded JSON lines; see emit.h. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "emit.h"

/* Microseconds are plenty, and 15 digits keep "t" short. */
#define JSON_FLAGS	(JSON_COMPACT | JSON_REAL_PRECISION(15))

void emitter_init(struct emitter *e, int fd)
{
	e->fd = fd;
	e->lines = 0;
	pthread_mutex_init(&e->lock, NULL);
}

void emitter_destroy(struct emitter *e)
{
	pthread_mutex_destroy(&e->lock);
}

json_t *msg_new(const char *type)
{
	struct timespec ts;
	double t;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (double)ts.tv_sec + (double)(ts.tv_nsec / 1000) / 1e6;
	return json_pack("{s:i, s:s, s:f}", "v", AGENT_PROTOCOL_VERSION,
			 "type", type, "t", t);
}

int msg_format(json_t *msg, char *buf, size_t size)
{
	size_t n;

	if (!msg)
		return -ENOMEM;
	n = json_dumpb(msg, buf, size - 1, JSON_FLAGS);
	if (n == 0)
		return -ENOMEM;
	/* n is the full length even when it did not fit. */
	if (n + 1 > AGENT_MAX_LINE || n + 1 > size - 1)
		return -EMSGSIZE;
	buf[n] = '\n';
	buf[n + 1] = '\0';
	return (int)n + 1;
}

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len) {
		w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int emit(struct emitter *e, json_t *msg)
{
	char line[AGENT_MAX_LINE + 1];
	int n, rc;

	n = msg_format(msg, line, sizeof(line));
	json_decref(msg);
	if (n < 0)
		return n;
	pthread_mutex_lock(&e->lock);
	rc = write_all(e->fd, line, (size_t)n);
	if (!rc)
		e->lines++;
	pthread_mutex_unlock(&e->lock);
	return rc;
}
