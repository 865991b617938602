/* vm.c - backend table and helpers shared by backends; see vm.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vm.h"

extern const struct vm_backend vm_backend_qemu;
extern const struct vm_backend vm_backend_nested;

static const struct vm_backend *const vm_backends[] = {
	&vm_backend_qemu,
	&vm_backend_nested,
};

const struct vm_backend *vm_backend_find(const char *name)
{
	for (size_t i = 0; i < sizeof(vm_backends) / sizeof(vm_backends[0]); i++)
		if (!strcmp(vm_backends[i]->name, name))
			return vm_backends[i];
	return NULL;
}

void vm_init(struct vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	for (size_t i = 0; i < VM_MAX_CHANNELS; i++)
		vm->ch[i].listen_fd = vm->ch[i].fd = -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void vm_release(struct vm *vm)
{
	for (size_t i = 0; i < VM_MAX_CHANNELS; i++) {
		close_fd(&vm->ch[i].listen_fd);
		close_fd(&vm->ch[i].fd);
		if (vm->ch[i].path[0])
			unlink(vm->ch[i].path);
	}
	qmp_close(vm->qmp);
	vm->qmp = NULL;
	for (size_t i = 0; i < vm->argc; i++)
		free(vm->argv[i]);
	vm->argc = 0;
	unlink(vm->sock_qmp);
}

int vm_accept(int listen_fd)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	return fd < 0 ? -1 : fd;
}
