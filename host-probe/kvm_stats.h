/*
 * kvm_stats.h - KVM's own statistics of one VM, read from debugfs
 * (DEBUGFS/kvm/PID-FD/NAME: the sum over the VM's vCPUs, what kvm_stat
 * reads per process).
 *
 * KVM counts every exit of every vCPU anyway ("exits", "halt_exits",
 * "irq_exits", ...): reading those costs the guest nothing, where a perf
 * counter or a BPF program on kvm_exit runs on every exit (in a nested L1
 * under TCG, emulated).  The binary stats interface (KVM_GET_STATS_FD)
 * would give them per vCPU, but KVM answers EIO to any ioctl on a vCPU fd
 * from outside the VM's own process, so a probe beside QEMU has only
 * debugfs: VM totals, no per-vCPU rows.
 *
 * Debian does not mount debugfs by default: kvm_stats_open() mounts it
 * at /sys/kernel/debug when it finds no mount, and kvm_stats_close()
 * unmounts exactly that.  Each read opens, reads and closes the file: an
 * open file would keep the VM (and its memory) alive after QEMU exits.
 */
#ifndef TLBPROBE_KVM_STATS_H
#define TLBPROBE_KVM_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "parse_error.h"

#define KVM_STATS_DEBUGFS_DEFAULT	"/sys/kernel/debug"
#define KVM_STATS_MAX_VMS		4

struct kvm_stats_set {
	pid_t pid;
	char debugfs[256];
	int mounted_here;	/* we mounted debugfs: unmount on close */
	unsigned nvms;		/* VMs of pid (QEMU has one) */
	char vm[KVM_STATS_MAX_VMS][32];		/* "1234-11" */
};

/*
 * kvm_stats_parse_value - one statistic file's text (a decimal count and
 * a newline) in buf[len] into *v.  Returns 0, or -1 with err (field
 * "value") when it is not one.
 */
int kvm_stats_parse_value(const char *buf, size_t len, uint64_t *v,
			  struct parse_error *err);

/*
 * kvm_stats_open - find pid's VM directories under DEBUGFS/kvm, where
 * DEBUGFS is debugfs (a directory for tests), else the mounted debugfs,
 * else one mounted here.  Returns 0, or -errno with why (one line):
 * -ENOENT no debugfs, no kvm folder in it, or no VM of pid; -EPERM not
 * allowed to mount.
 */
int kvm_stats_open(struct kvm_stats_set *s, const char *debugfs, pid_t pid,
		   char *why, size_t n);

/* Statistic name summed over the set's VMs into *v: 0, or -errno with
 * why (-ENOENT: the VM is gone or has no such statistic). */
int kvm_stats_read(const struct kvm_stats_set *s, const char *name,
		   uint64_t *v, char *why, size_t n);

/* Unmount what kvm_stats_open mounted; nothing otherwise. */
void kvm_stats_close(struct kvm_stats_set *s);

#endif
