/*
 * vm.h - the VM backend interface: start a guest whose console and agent
 * stream come back to the lab, and stop it.
 *
 * One backend per file, registered in vm_backends[] (vm.c), chosen by
 * name: "qemu" (QEMU started directly: tcg, kvm) and "nested" (the L1
 * appliance under TCG running the guest under KVM); libvirt (local or
 * remote URIs) plugs in the same way.
 */
#ifndef TLBLAB_VM_H
#define TLBLAB_VM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "qmp.h"

#define VM_MAX_ARGS	96
#define VM_MAX_VCPUS	64
#define VM_MAX_CHANNELS	4	/* the PC's four legacy serial ports */

/* What a serial port of the VM carries, in port order (ttyS0 first). */
enum vm_role {
	VM_CONSOLE,		/* the VM's console: log, sentinels, panics */
	VM_AGENT,		/* the agent's JSON lines */
	VM_PROBE,		/* nested: tlbprobe's JSON lines from L1 */
	VM_GUEST_CONSOLE,	/* nested: L2's console, relayed by L1 */
};

struct vm_channel {
	enum vm_role role;
	int listen_fd;		/* lab listens, QEMU connects */
	int fd;			/* the accepted connection, or -1 */
	char path[108];
};

struct vm_spec {
	const char *rundir;	/* variant folder: qemu.log, argv */
	const char *sockdir;	/* short folder for unix sockets */
	const char *accel;	/* "tcg" or "kvm" */
	uint64_t vcpus;
	uint64_t memory_mb;
	const char *cpu_model;
	const char *kernel;
	const char *initrd;
	/* The guest's job and extra words (tlbagent.* ...); the backend adds
	 * its own (console, panic=-1) around them. */
	const char *cmdline;
	uint64_t interval_ms;	/* sampling interval, for an in-VM probe */
	const char *appliance_kernel;	/* nested: the L1 appliance */
	const char *appliance_initrd;
	size_t nextra;
	const char *extra[16];	/* more QEMU arguments (the probe's) */
};

struct vm {
	pid_t pid;		/* QEMU; 0 when not running */
	size_t nchannels;
	struct vm_channel ch[VM_MAX_CHANNELS];
	struct qmp *qmp;
	int nvcpus;
	pid_t vcpu_tids[VM_MAX_VCPUS];	/* from QMP, by cpu-index */
	int exit_status;	/* waitpid status once reaped */
	int reaped;
	size_t argc;
	char *argv[VM_MAX_ARGS];	/* as run, for result.json */
	char sock_qmp[108];
};

struct vm_backend {
	const char *name;
	/* The serial ports the VM has, in port order (ttyS0 first). */
	size_t nports;
	enum vm_role ports[VM_MAX_CHANNELS];
	/*
	 * start - start the guest described by spec.  Returns 0 with vm
	 * filled (pid, listening sockets), or -1 with err (size errsz) set.
	 */
	int (*start)(struct vm *vm, const struct vm_spec *spec, char *err,
		     size_t errsz);
	/*
	 * connect_control - after start: connect QMP and learn the vCPU
	 * threads.  Returns 0, or -1 with err.
	 */
	int (*connect_control)(struct vm *vm, int timeout_ms, char *err,
			       size_t errsz);
	/* stop - end the guest (politely, then by signal) and reap it;
	 * safe to call twice and on a vm that never started. */
	void (*stop)(struct vm *vm, int grace_ms);
};

const struct vm_backend *vm_backend_find(const char *name);
/* For backends built on the qemu one: start QEMU with exactly this
 * kernel command line and the backend's serial ports. */
int vm_qemu_start(struct vm *vm, const struct vm_spec *spec,
		  const struct vm_backend *b, const char *cmdline, char *err,
		  size_t errsz);
int vm_qemu_connect_control(struct vm *vm, int timeout_ms, char *err,
			    size_t errsz);
void vm_qemu_stop(struct vm *vm, int grace_ms);
void vm_init(struct vm *vm);
/* Free argv and close sockets (after stop). */
void vm_release(struct vm *vm);
/* Accept QEMU's connection on a listening socket if it is there: returns
 * the connected fd, or -1. */
int vm_accept(int listen_fd);

#endif
