/*
 * qmp_mini.h - the few QMP commands `tlbprobe nested` needs from L2's QEMU:
 * its vCPU threads (query-cpus-fast), its run state (query-status) and
 * `cont` (for a QEMU started with -S so the probe sees its first exit),
 * and the SHUTDOWN event that says how the guest ended.
 * The lab has a full QMP client; host-probe cannot link lab/, and this
 * needs a tenth of it.  Replies are untrusted input: checked, bounded.
 */
#ifndef TLBPROBE_QMP_MINI_H
#define TLBPROBE_QMP_MINI_H

#include <stddef.h>
#include <sys/types.h>

struct qmp_mini {
	int fd;
	char buf[65536];
	size_t len;
	int timeout_ms;		/* per reply */
};

/* Connect to the QMP unix socket at path and negotiate capabilities.
 * Returns 0, or -errno with why (-ENOENT/-ECONNREFUSED: not there yet). */
int qmp_mini_connect(struct qmp_mini *q, const char *path, int timeout_ms,
		     char *why, size_t n);
void qmp_mini_close(struct qmp_mini *q);

/* Thread ids of the vCPUs by cpu-index (up to max); returns the count or
 * -errno with why. */
int qmp_mini_vcpu_tids(struct qmp_mini *q, pid_t *tids, size_t max,
		       char *why, size_t n);
/* 1 running, 0 not (status copied into status[size]), -errno. */
int qmp_mini_running(struct qmp_mini *q, char *status, size_t size,
		     char *why, size_t n);
/* Resume a stopped guest; 0 or -errno. */
int qmp_mini_cont(struct qmp_mini *q, char *why, size_t n);

/*
 * qmp_mini_events - read the events that have arrived, without waiting;
 * a SHUTDOWN event's reason goes to reason[size] (QEMU's ShutdownCause:
 * "guest-shutdown" for a power-off, "guest-reset" for a reset - a reboot,
 * a triple fault, or a panic with panic=-1 under -no-reboot -,
 * "guest-panic", "host-signal", ...).  0 while QEMU's end of the socket is
 * open, -ECONNRESET once it is closed, other -errno (-EBADMSG: a message
 * that is not a JSON object).
 */
int qmp_mini_events(struct qmp_mini *q, char *reason, size_t size);

/*
 * qmp_mini_shutdown_reason - one QMP message: 1 when it is a SHUTDOWN
 * event (data.reason copied into reason[size]), 0 for any other message,
 * -EBADMSG when it is not a JSON object or a SHUTDOWN event has no string
 * reason.
 */
int qmp_mini_shutdown_reason(const char *text, size_t len, char *reason,
			     size_t size);

/*
 * qmp_mini_parse_cpus - thread ids from a query-cpus-fast reply text
 * (one JSON object {"return": [...]}), by cpu-index.  Returns the count, or
 * -EBADMSG when the reply is not such an object or an entry lacks an
 * integer cpu-index/thread-id, or an index is repeated or >= max.
 */
int qmp_mini_parse_cpus(const char *text, size_t len, pid_t *tids,
			size_t max);

#endif
