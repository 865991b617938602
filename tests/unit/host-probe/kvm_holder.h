/*
 * kvm_holder.h - for tests: a child process that holds /dev/kvm open,
 * i.e. looks like a KVM VM to kvm_proc.h, without running a guest.
 */
#ifndef TEST_KVM_HOLDER_H
#define TEST_KVM_HOLDER_H

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child's pid once it has /dev/kvm open; -1 when this machine has no
 * usable /dev/kvm (the caller skips). */
static pid_t kvm_holder_start(void)
{
	int go[2], fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	pid_t child;
	char c;

	if (fd < 0)
		return -1;
	close(fd);
	if (pipe(go))
		return -1;
	child = fork();
	if (!child) {
		int k = open("/dev/kvm", O_RDWR);

		close(go[0]);
		if (k < 0 || write(go[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(go[1]);
	if (child < 0 || read(go[0], &c, 1) != 1) {
		close(go[0]);
		return -1;
	}
	close(go[0]);
	return child;
}

static void kvm_holder_stop(pid_t child)
{
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

#endif
