/*
 * qmp.h - a small QEMU Machine Protocol client over a unix socket.
 *
 * The lab uses QMP to learn each vCPU's host thread id (query-cpus-fast:
 * the probe attributes IPIs and exits to vCPUs by thread) and to ask QEMU
 * to quit before resorting to signals.  Every call has a time limit.
 */
#ifndef TLBLAB_QMP_H
#define TLBLAB_QMP_H

#include <jansson.h>
#include <sys/types.h>

struct qmp;

/*
 * qmp_connect - connect to path, retrying until timeout_ms (QEMU creates
 * the socket shortly after it starts), read the greeting and negotiate
 * capabilities.  Returns a client or NULL with errno set (ETIMEDOUT,
 * EPROTO for an unexpected greeting).
 */
struct qmp *qmp_connect(const char *path, int timeout_ms);
void qmp_close(struct qmp *q);

/*
 * qmp_execute - run command (arguments may be NULL) and return its
 * "return" value (new reference), skipping asynchronous events.  Returns
 * NULL with errno set: ETIMEDOUT, EPIPE when QEMU closed the socket,
 * EPROTO for a malformed reply, EREMOTEIO when QEMU answered with an
 * error (its description is then in qmp_last_error()).
 */
json_t *qmp_execute(struct qmp *q, const char *command, json_t *arguments,
		    int timeout_ms);
const char *qmp_last_error(const struct qmp *q);

/*
 * qmp_vcpu_threads - host thread id of each vCPU, by cpu-index, into
 * tids (max entries).  Returns the number of vCPUs, or -errno.
 */
int qmp_vcpu_threads(struct qmp *q, pid_t *tids, int max, int timeout_ms);

#endif
