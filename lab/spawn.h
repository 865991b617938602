/*
 * spawn.h - start and end the processes the lab runs (QEMU, the agent's
 * checker), by pid, never through a shell.
 *
 * A child runs in its own process group (a Ctrl-C in the terminal reaches
 * only the lab, which then ends its children in order) and gets SIGKILL if
 * the lab dies, so nothing the lab started outlives it.
 */
#ifndef TLBLAB_SPAWN_H
#define TLBLAB_SPAWN_H

#include <sys/types.h>

/*
 * spawn_child - run argv[0] (searched in PATH) with argv; stdin from
 * /dev/null; stdout to out_fd and stderr to err_fd (-1: /dev/null).
 * Returns the pid, or -errno (exec failures, such as a missing binary,
 * show as exit status 127 from the child).
 */
pid_t spawn_child(char *const argv[], int out_fd, int err_fd);

/*
 * wait_child - wait up to timeout_ms (-1 = forever) for pid to exit.
 * Returns 1 with *status (as from waitpid) when it exited, 0 on timeout,
 * -errno on error.
 */
int wait_child(pid_t pid, int timeout_ms, int *status);

/*
 * stop_child - end pid: SIGTERM, wait up to grace_ms, then SIGKILL and
 * reap.  Returns the waitpid status.
 */
int stop_child(pid_t pid, int grace_ms);

/*
 * run_capture - run argv to completion (killed after timeout_ms), with
 * its stdout (and stderr, if merge_stderr) in a malloc'd NUL-terminated
 * buffer (truncated to max bytes).  Returns the exit status (0..255),
 * 128+signal when killed, or -errno when it could not run.
 */
int run_capture(char *const argv[], int timeout_ms, int merge_stderr,
		size_t max, char **out);

#endif
