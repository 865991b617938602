/*
 * kvm_proc.h - find KVM virtual machines and their vCPU threads in /proc.
 *
 * A process runs a KVM VM when it holds /dev/kvm open (QEMU keeps the fd
 * for the VM's lifetime; also kvmtool, Firecracker...).  vCPU threads are
 * named "CPU N/KVM" when QEMU runs with -name debug-threads=on (libvirt
 * sets it); otherwise the kvm backend counts every thread of the process
 * and the ones that exit are the vCPUs.  Every function takes the proc
 * root ("/proc") so tests can point it elsewhere.
 */
#ifndef TLBPROBE_KVM_PROC_H
#define TLBPROBE_KVM_PROC_H

#include <stddef.h>
#include <sys/types.h>

#define KVM_PROC_QEMU	(1 << 0)	/* comm starts with "qemu" */
#define KVM_PROC_KVMFD	(1 << 1)	/* has /dev/kvm open */

/*
 * kvm_proc_check - what process pid is: a mask of KVM_PROC_* (0: neither),
 * comm copied into comm[size].  Returns the mask, -ENOENT (no such
 * process), -EACCES (its fds are not readable: not root), other -errno.
 */
int kvm_proc_check(const char *proc, pid_t pid, char *comm, size_t size);

/* Up to max pids of processes holding /dev/kvm into pids; returns how
 * many there are (may exceed max), or -errno. */
int kvm_proc_find_all(const char *proc, pid_t *pids, size_t max);

/* Up to max thread ids of pid into tids; returns the count (may exceed
 * max), or -errno (-ENOENT: no such process). */
int kvm_proc_threads(const char *proc, pid_t pid, pid_t *tids, size_t max);

/* The vCPU index of a thread named "CPU N/KVM", else -1. */
int kvm_proc_vcpu_of_comm(const char *comm);

/* comm of thread tid of pid into buf (""on failure). */
void kvm_proc_thread_comm(const char *proc, pid_t pid, pid_t tid, char *buf,
			  size_t size);

#endif
