/*
 * doctor.h - what this machine can run, proven rather than assumed.
 *
 * A /dev/kvm that exists proves nothing (on the development machines it
 * is a paravirtual KVM that aborts a normal guest), so KVM counts as
 * usable only when a minimal guest boots under it and powers off.
 */
#ifndef TLBLAB_DOCTOR_H
#define TLBLAB_DOCTOR_H

#include <stddef.h>

/*
 * accel_try_boot - boot kernel+initrd with QEMU -accel accel (-cpu cpu),
 * init = busybox poweroff, within timeout_s.  Returns 1 if the guest
 * powered off cleanly, 0 if not (why says how it failed: QEMU's last
 * error line, a timeout...), -1 if QEMU could not be started.
 */
int accel_try_boot(const char *accel, const char *cpu, const char *kernel,
		   const char *initrd, int timeout_s, char *why, size_t n);

/*
 * kvm_usable - accel_try_boot with KVM, done once per process and cached.
 * Returns 1 usable, 0 not (why set).
 */
int kvm_usable(const char *kernel, const char *initrd, char *why, size_t n);

/* `tlblab doctor`: print what this machine can do; returns 0. */
int lab_doctor(const char *images_json);

#endif
