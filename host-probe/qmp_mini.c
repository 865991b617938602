/* qmp_mini.c - a minimal QMP client; see qmp_mini.h. */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "qmp_mini.h"

/* Next line from the socket into line (NUL-terminated); 0 or -errno. */
static int read_line(struct qmp_mini *q, char *line, size_t size)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		ssize_t got;

		if (nl) {
			size_t n = (size_t)(nl - q->buf);

			if (n >= size)
				return -EMSGSIZE;
			memcpy(line, q->buf, n);
			line[n] = '\0';
			q->len -= n + 1;
			memmove(q->buf, nl + 1, q->len);
			return 0;
		}
		if (q->len == sizeof(q->buf))
			return -EMSGSIZE;
		if (poll(&pfd, 1, q->timeout_ms) == 0)
			return -ETIMEDOUT;
		got = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			return -ECONNRESET;
		q->len += (size_t)got;
	}
}

/* Send cmd; the reply's text (events skipped) into reply. */
static int execute(struct qmp_mini *q, const char *cmd, char *reply,
		   size_t size, char *why, size_t n)
{
	char msg[128];
	int len = snprintf(msg, sizeof(msg), "{\"execute\":\"%s\"}\n", cmd);
	int rc;

	if (write(q->fd, msg, (size_t)len) != len) {
		rc = -errno;
		snprintf(why, n, "QMP %s: write: %s", cmd, strerror(-rc));
		return rc;
	}
	for (;;) {
		rc = read_line(q, reply, size);
		if (rc) {
			snprintf(why, n, "QMP %s: %s", cmd, strerror(-rc));
			return rc;
		}
		if (strstr(reply, "\"return\"") || strstr(reply, "\"error\""))
			break;	/* else an event: skip */
	}
	if (!strstr(reply, "\"return\"")) {
		snprintf(why, n, "QMP %s failed: %.200s", cmd, reply);
		return -EIO;
	}
	return 0;
}

int qmp_mini_connect(struct qmp_mini *q, const char *path, int timeout_ms,
		     char *why, size_t n)
{
	struct sockaddr_un sa;
	char line[4096];
	int rc;

	memset(q, 0, sizeof(*q));
	q->timeout_ms = timeout_ms;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(why, n, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		snprintf(why, n, "%s: %s", path, strerror(-rc));
		qmp_mini_close(q);
		return rc;
	}
	rc = read_line(q, line, sizeof(line));	/* the greeting */
	if (!rc && !strstr(line, "\"QMP\""))
		rc = -EPROTO;
	if (rc) {
		snprintf(why, n, "%s: no QMP greeting: %s", path,
			 strerror(-rc));
		qmp_mini_close(q);
		return rc;
	}
	rc = execute(q, "qmp_capabilities", line, sizeof(line), why, n);
	if (rc)
		qmp_mini_close(q);
	return rc;
}

void qmp_mini_close(struct qmp_mini *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
}

int qmp_mini_parse_cpus(const char *text, size_t len, pid_t *tids,
			size_t max)
{
	json_t *o = json_loadb(text, len, 0, NULL), *ret, *e;
	size_t i, count = 0;
	int rc = -EBADMSG;

	ret = o ? json_object_get(o, "return") : NULL;
	if (!json_is_array(ret))
		goto out;
	for (i = 0; i < max; i++)
		tids[i] = 0;
	json_array_foreach(ret, i, e) {
		json_t *idx = json_object_get(e, "cpu-index"),
		       *tid = json_object_get(e, "thread-id");
		json_int_t x, t;

		if (!json_is_integer(idx) || !json_is_integer(tid))
			goto out;
		x = json_integer_value(idx);
		t = json_integer_value(tid);
		if (x < 0 || (size_t)x >= max || t <= 0 || t > INT32_MAX ||
		    tids[x])
			goto out;
		tids[x] = (pid_t)t;
		count++;
	}
	/* indexes must be 0..count-1 */
	for (i = 0; i < count; i++)
		if (!tids[i])
			goto out;
	rc = (int)count;
out:
	json_decref(o);
	return rc;
}

int qmp_mini_vcpu_tids(struct qmp_mini *q, pid_t *tids, size_t max,
		       char *why, size_t n)
{
	char reply[32768];
	int rc = execute(q, "query-cpus-fast", reply, sizeof(reply), why, n);

	if (rc)
		return rc;
	rc = qmp_mini_parse_cpus(reply, strlen(reply), tids, max);
	if (rc <= 0) {
		snprintf(why, n, "QMP query-cpus-fast: unexpected reply: "
			 "%.200s", reply);
		return -EBADMSG;
	}
	return rc;
}

int qmp_mini_running(struct qmp_mini *q, char *status, size_t size,
		     char *why, size_t n)
{
	char reply[4096];
	json_t *o, *ret, *st, *run;
	int rc = execute(q, "query-status", reply, sizeof(reply), why, n);

	if (rc)
		return rc;
	o = json_loads(reply, 0, NULL);
	ret = o ? json_object_get(o, "return") : NULL;
	st = json_object_get(ret, "status");
	run = json_object_get(ret, "running");
	if (!json_is_string(st) || !json_is_boolean(run)) {
		snprintf(why, n, "QMP query-status: unexpected reply: %.200s",
			 reply);
		json_decref(o);
		return -EBADMSG;
	}
	snprintf(status, size, "%s", json_string_value(st));
	rc = json_is_true(run);
	json_decref(o);
	return rc;
}

int qmp_mini_cont(struct qmp_mini *q, char *why, size_t n)
{
	char reply[4096];

	return execute(q, "cont", reply, sizeof(reply), why, n);
}

int qmp_mini_shutdown_reason(const char *text, size_t len, char *reason,
			     size_t size)
{
	json_t *o = json_loadb(text, len, 0, NULL), *why;
	const char *event = json_string_value(json_object_get(o, "event"));
	int rc = -EBADMSG;

	if (!json_is_object(o))
		goto out;
	rc = 0;
	if (!event || strcmp(event, "SHUTDOWN"))
		goto out;
	why = json_object_get(json_object_get(o, "data"), "reason");
	rc = -EBADMSG;
	if (!json_is_string(why))
		goto out;
	snprintf(reason, size, "%s", json_string_value(why));
	rc = 1;
out:
	json_decref(o);
	return rc;
}

int qmp_mini_events(struct qmp_mini *q, char *reason, size_t size)
{
	/* A line fits: the buffer holds one at most this long. */
	char line[sizeof(q->buf)];
	int timeout = q->timeout_ms, rc;

	q->timeout_ms = 0;
	for (;;) {
		rc = read_line(q, line, sizeof(line));
		if (rc)
			break;
		rc = qmp_mini_shutdown_reason(line, strlen(line), reason, size);
		if (rc < 0)
			break;
	}
	q->timeout_ms = timeout;
	return rc == -ETIMEDOUT ? 0 : rc;
}
