/* spawn.c - child processes; see spawn.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "spawn.h"

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_setup(pid_t parent, int out_fd, int err_fd)
{
	int null = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)	/* the lab died before prctl */
		_exit(127);
	dup2(null, 0);
	dup2(out_fd >= 0 ? out_fd : null, 1);
	dup2(err_fd >= 0 ? err_fd : null, 2);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

pid_t spawn_child(char *const argv[], int out_fd, int err_fd)
{
	pid_t parent = getpid();
	sigset_t all, old;
	pid_t pid;

	/* Block signals across fork so the child starts with the lab's
	 * handlers never running in it. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		child_setup(parent, out_fd, err_fd);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[0], argv);
		_exit(127);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return -errno;
	setpgid(pid, pid);	/* also from here: no race with kill() */
	return pid;
}

static long long now_ms(void)
{
	return mono_ns() / 1000000;
}

int wait_child(pid_t pid, int timeout_ms, int *status)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		pid_t r = waitpid(pid, status, timeout_ms < 0 ? 0 : WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (timeout_ms >= 0 && now_ms() >= deadline)
			return 0;
		if (timeout_ms >= 0)
			poll(NULL, 0, 10);
	}
}

int stop_child(pid_t pid, int grace_ms)
{
	int status = 0;

	if (wait_child(pid, 0, &status) == 1)
		return status;
	kill(pid, SIGTERM);
	if (wait_child(pid, grace_ms, &status) == 1)
		return status;
	kill(pid, SIGKILL);
	wait_child(pid, -1, &status);
	return status;
}

int run_capture(char *const argv[], int timeout_ms, int merge_stderr,
		size_t max, char **out)
{
	int fds[2], status = 0;
	size_t n = 0;
	char *buf = malloc(max + 1);
	long long deadline = now_ms() + timeout_ms;
	pid_t pid;

	if (!buf)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC)) {
		free(buf);
		return -errno;
	}
	pid = spawn_child(argv, fds[1], merge_stderr ? fds[1] : -1);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		free(buf);
		return pid;
	}
	for (;;) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		long long left = deadline - now_ms();
		char chunk[4096];
		ssize_t got;

		if (left <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		got = read(fds[0], chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (n < max) {
			size_t take = (size_t)got < max - n ? (size_t)got
							    : max - n;

			memcpy(buf + n, chunk, take);
			n += take;
		}
	}
	close(fds[0]);
	wait_child(pid, -1, &status);
	buf[n] = '\0';
	*out = buf;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
