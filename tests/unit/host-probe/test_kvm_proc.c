/*
 * test_kvm_proc.c - finding KVM VMs in the real /proc: this test process
 * (not a VM), a child holding /dev/kvm open (where the machine has one),
 * a pid that does not exist; vCPU thread names.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kvm_holder.h"
#include "kvm_proc.h"

static void test_vcpu_names(void **state)
{
	(void)state;
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU 0/KVM"), 0);
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU 17/KVM"), 17);
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU 1/TCG"), -1);
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU /KVM"), -1);
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU x/KVM"), -1);
	assert_int_equal(kvm_proc_vcpu_of_comm("qemu-system-x86"), -1);
	assert_int_equal(kvm_proc_vcpu_of_comm("CPU 99999/KVM"), -1);
}

static void test_self_is_not_a_vm(void **state)
{
	char comm[32];
	pid_t tids[64];
	int n, self = 0;

	(void)state;
	assert_int_equal(kvm_proc_check("/proc", getpid(), comm, sizeof(comm)),
			 0);
	assert_string_equal(comm, "test_kvm_proc");
	n = kvm_proc_threads("/proc", getpid(), tids, 64);
	assert_true(n >= 1);
	for (int i = 0; i < n && i < 64; i++)
		self |= tids[i] == (pid_t)syscall(SYS_gettid);
	assert_true(self);
	assert_int_equal(kvm_proc_check("/proc", 0x7ffffffe, comm,
					 sizeof(comm)), -ENOENT);
	assert_int_equal(kvm_proc_threads("/proc", 0x7ffffffe, tids, 64),
			 -ENOENT);
}

static void test_kvm_fd_holder(void **state)
{
	pid_t child = kvm_holder_start(), pids[64];
	char comm[32];
	int n, found = 0;

	(void)state;
	if (child < 0)
		skip();	/* no /dev/kvm here: nothing to find */
	assert_int_equal(kvm_proc_check("/proc", child, comm, sizeof(comm)),
			 KVM_PROC_KVMFD);
	n = kvm_proc_find_all("/proc", pids, 64);
	for (int i = 0; i < n && i < 64; i++)
		found |= pids[i] == child;
	kvm_holder_stop(child);
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vcpu_names),
		cmocka_unit_test(test_self_is_not_a_vm),
		cmocka_unit_test(test_kvm_fd_holder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
