/* qmp.c - QMP client; see qmp.h. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "qmp.h"

#define QMP_LINE_MAX (1 << 20)

struct qmp {
	int fd;
	char *buf;
	size_t len, cap;
	char error[256];
};

static long long now_ms(void)
{
	return mono_ns() / 1000000;
}

/* Next JSON line from QEMU, parsed; NULL with errno on failure. */
static json_t *read_message(struct qmp *q, long long deadline)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		ssize_t got;
		long long left;

		if (nl) {
			size_t n = (size_t)(nl - q->buf) + 1;
			json_t *msg = json_loadb(q->buf, n, 0, NULL);

			memmove(q->buf, q->buf + n, q->len - n);
			q->len -= n;
			if (!json_is_object(msg)) {
				json_decref(msg);
				errno = EPROTO;
				return NULL;
			}
			return msg;
		}
		if (q->len == q->cap) {
			size_t cap = q->cap * 2;
			char *b;

			if (cap > QMP_LINE_MAX || !(b = realloc(q->buf, cap))) {
				errno = EPROTO;
				return NULL;
			}
			q->buf = b;
			q->cap = cap;
		}
		left = deadline - now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return NULL;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		got = read(q->fd, q->buf + q->len, q->cap - q->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			errno = EPIPE;
			return NULL;
		}
		q->len += (size_t)got;
	}
}

static int send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

json_t *qmp_execute(struct qmp *q, const char *command, json_t *arguments,
		    int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	json_t *req = json_pack("{s:s}", "execute", command);
	char *text;
	int rc;

	if (arguments)
		json_object_set(req, "arguments", arguments);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text) {
		errno = ENOMEM;
		return NULL;
	}
	rc = send_all(q->fd, text, strlen(text));
	free(text);
	if (rc || send_all(q->fd, "\n", 1)) {
		errno = EPIPE;
		return NULL;
	}
	for (;;) {
		json_t *msg = read_message(q, deadline), *ret;

		if (!msg)
			return NULL;
		if (json_object_get(msg, "event")) {
			json_decref(msg);
			continue;
		}
		ret = json_object_get(msg, "return");
		if (ret) {
			json_incref(ret);
			json_decref(msg);
			return ret;
		}
		snprintf(q->error, sizeof(q->error), "%s",
			 json_string_value(json_object_get(
				 json_object_get(msg, "error"), "desc")) ?:
			 "malformed reply");
		json_decref(msg);
		errno = EREMOTEIO;
		return NULL;
	}
}

struct qmp *qmp_connect(const char *path, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct qmp *q;
	json_t *greeting, *ret;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(addr.sun_path, path);
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->cap = 4096;
	q->buf = malloc(q->cap);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!q->buf || q->fd < 0)
		goto fail;
	while (connect(q->fd, (struct sockaddr *)&addr, sizeof(addr))) {
		if (now_ms() >= deadline) {
			errno = ETIMEDOUT;
			goto fail;
		}
		poll(NULL, 0, 20);
	}
	greeting = read_message(q, deadline);
	if (!greeting)
		goto fail;
	if (!json_object_get(greeting, "QMP")) {
		json_decref(greeting);
		errno = EPROTO;
		goto fail;
	}
	json_decref(greeting);
	ret = qmp_execute(q, "qmp_capabilities", NULL,
			  (int)(deadline - now_ms()));
	if (!ret)
		goto fail;
	json_decref(ret);
	return q;
fail:
	qmp_close(q);
	return NULL;
}

void qmp_close(struct qmp *q)
{
	int saved = errno;

	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	free(q->buf);
	free(q);
	errno = saved;
}

const char *qmp_last_error(const struct qmp *q)
{
	return q->error;
}

int qmp_vcpu_threads(struct qmp *q, pid_t *tids, int max, int timeout_ms)
{
	json_t *cpus = qmp_execute(q, "query-cpus-fast", NULL, timeout_ms);
	json_t *cpu;
	size_t i;
	int n = 0;

	if (!cpus)
		return -errno;
	if (!json_is_array(cpus)) {
		json_decref(cpus);
		return -EPROTO;
	}
	json_array_foreach(cpus, i, cpu) {
		json_int_t idx = json_integer_value(json_object_get(cpu, "cpu-index"));
		json_int_t tid = json_integer_value(json_object_get(cpu, "thread-id"));

		if (idx < 0 || idx >= max || tid <= 0) {
			json_decref(cpus);
			return -EPROTO;
		}
		tids[idx] = (pid_t)tid;
		if (idx + 1 > n)
			n = (int)idx + 1;
	}
	json_decref(cpus);
	return n;
}
