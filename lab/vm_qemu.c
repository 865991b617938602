/*
 * vm_qemu.c - backend "qemu": qemu-system-x86_64 started directly.
 *
 * Each serial port the spec asks for (the console, the agent's JSON
 * lines, and in nested mode L1's probe stream and L2's console) is a
 * chardev socket that connects to a socket the lab listens on, so the lab
 * sees every byte as it is written; QMP is a socket QEMU listens on.  -no-reboot with the guest's panic=-1 makes any guest crash
 * end QEMU instead of hanging it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "vm.h"

extern const struct vm_backend vm_backend_qemu;

static int listen_unix(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int add_arg(struct vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_arg(struct vm *vm, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	if (vm->argc + 1 >= VM_MAX_ARGS)
		return -1;
	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	vm->argv[vm->argc++] = s;
	vm->argv[vm->argc] = NULL;
	return 0;
}

static int build_argv(struct vm *vm, const struct vm_spec *spec,
		      const char *cmdline)
{
	int rc = 0;

	rc |= add_arg(vm, "qemu-system-x86_64");
	rc |= add_arg(vm, "-nodefaults");
	rc |= add_arg(vm, "-no-user-config");
	rc |= add_arg(vm, "-name");
	rc |= add_arg(vm, "tlblab,debug-threads=on");
	rc |= add_arg(vm, "-accel");
	if (!strcmp(spec->accel, "tcg"))
		rc |= add_arg(vm, "tcg,thread=multi");
	else
		rc |= add_arg(vm, "%s", spec->accel);
	rc |= add_arg(vm, "-cpu");
	rc |= add_arg(vm, "%s", spec->cpu_model);
	rc |= add_arg(vm, "-smp");
	rc |= add_arg(vm, "%llu", (unsigned long long)spec->vcpus);
	rc |= add_arg(vm, "-m");
	rc |= add_arg(vm, "%llu", (unsigned long long)spec->memory_mb);
	rc |= add_arg(vm, "-kernel");
	rc |= add_arg(vm, "%s", spec->kernel);
	rc |= add_arg(vm, "-initrd");
	rc |= add_arg(vm, "%s", spec->initrd);
	rc |= add_arg(vm, "-append");
	rc |= add_arg(vm, "%s", cmdline);
	rc |= add_arg(vm, "-display");
	rc |= add_arg(vm, "none");
	rc |= add_arg(vm, "-no-reboot");
	for (size_t i = 0; i < vm->nchannels; i++) {
		rc |= add_arg(vm, "-chardev");
		rc |= add_arg(vm, "socket,id=ser%zu,path=%s", i, vm->ch[i].path);
		rc |= add_arg(vm, "-serial");
		rc |= add_arg(vm, "chardev:ser%zu", i);
	}
	rc |= add_arg(vm, "-qmp");
	rc |= add_arg(vm, "unix:%s,server=on,wait=off", vm->sock_qmp);
	for (size_t i = 0; i < spec->nextra; i++)
		rc |= add_arg(vm, "%s", spec->extra[i]);
	return rc ? -1 : 0;
}

int vm_qemu_start(struct vm *vm, const struct vm_spec *spec,
		  const struct vm_backend *b, const char *cmdline, char *err,
		  size_t errsz)
{
	char path[4096];
	int log_fd;
	pid_t pid;

	snprintf(vm->sock_qmp, sizeof(vm->sock_qmp), "%s/qmp", spec->sockdir);
	vm->nchannels = b->nports;
	for (size_t i = 0; i < b->nports; i++) {
		struct vm_channel *ch = &vm->ch[i];

		ch->role = b->ports[i];
		snprintf(ch->path, sizeof(ch->path), "%s/ttyS%zu",
			 spec->sockdir, i);
		ch->listen_fd = listen_unix(ch->path);
		if (ch->listen_fd < 0) {
			snprintf(err, errsz, "cannot listen on %s: %s",
				 ch->path, strerror(errno));
			return -1;
		}
	}
	if (build_argv(vm, spec, cmdline)) {
		snprintf(err, errsz, "QEMU command line too long");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/qemu.log", spec->rundir);
	log_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	pid = spawn_child(vm->argv, log_fd, log_fd);
	close(log_fd);
	if (pid < 0) {
		snprintf(err, errsz, "cannot start qemu-system-x86_64: %s",
			 strerror((int)-pid));
		return -1;
	}
	vm->pid = pid;
	return 0;
}

/* The guest's console on ttyS0, and any crash powers it off. */
static int qemu_start(struct vm *vm, const struct vm_spec *spec, char *err,
		      size_t errsz)
{
	char cmdline[2048];

	snprintf(cmdline, sizeof(cmdline), "console=ttyS0 panic=-1 quiet %s",
		 spec->cmdline);
	return vm_qemu_start(vm, spec, &vm_backend_qemu, cmdline, err, errsz);
}

int vm_qemu_connect_control(struct vm *vm, int timeout_ms, char *err,
				size_t errsz)
{
	int n;

	vm->qmp = qmp_connect(vm->sock_qmp, timeout_ms);
	if (!vm->qmp) {
		snprintf(err, errsz, "QMP %s: %s", vm->sock_qmp,
			 strerror(errno));
		return -1;
	}
	n = qmp_vcpu_threads(vm->qmp, vm->vcpu_tids, VM_MAX_VCPUS, timeout_ms);
	if (n <= 0) {
		snprintf(err, errsz, "QMP query-cpus-fast: %s",
			 strerror(n ? -n : EPROTO));
		return -1;
	}
	vm->nvcpus = n;
	return 0;
}

void vm_qemu_stop(struct vm *vm, int grace_ms)
{
	json_t *r;

	if (!vm->pid || vm->reaped)
		return;
	if (wait_child(vm->pid, 0, &vm->exit_status) == 1) {
		vm->reaped = 1;
		return;
	}
	/* Ask QEMU to quit (it flushes its trace file), then signals. */
	if (vm->qmp) {
		r = qmp_execute(vm->qmp, "quit", NULL, 1000);
		json_decref(r);
		if (wait_child(vm->pid, grace_ms, &vm->exit_status) == 1) {
			vm->reaped = 1;
			return;
		}
	}
	vm->exit_status = stop_child(vm->pid, grace_ms);
	vm->reaped = 1;
}

const struct vm_backend vm_backend_qemu = {
	.name = "qemu",
	.nports = 2,
	.ports = { VM_CONSOLE, VM_AGENT },
	.start = qemu_start,
	.connect_control = vm_qemu_connect_control,
	.stop = vm_qemu_stop,
};
