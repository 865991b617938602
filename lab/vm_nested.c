/*
 * vm_nested.c - backend "nested": the L1 host appliance (images/, built
 * into build/images/nested.json) booted under TCG with an emulated AMD CPU
 * that has SVM, nested paging and x2APIC; L1 loads kvm-amd and runs the
 * guest (L2) with -enable-kvm, so L2's IPIs are real wrmsr 0x830 exits
 * that tlbprobe inside L1 counts.  docs/nested.md is the contract with
 * the appliance: four serial ports and the tlbl1.* command-line words.
 */
#include <stdio.h>

#include "vm.h"

/* L1 needs at least L2's vCPUs (else L2's PV TLB flush defers flushes to
 * preempted vCPUs and the IPIs under study vanish: images/README.md), and
 * L2's memory plus room for its kernel, the unpacked appliance and QEMU. */
#define L1_CPU		"EPYC,+svm,+npt,+x2apic"
#define L1_MIN_VCPUS	2
#define L1_MIN_MB	2048
#define L1_EXTRA_MB	1024

extern const struct vm_backend vm_backend_nested;

static int nested_start(struct vm *vm, const struct vm_spec *spec, char *err,
			size_t errsz)
{
	struct vm_spec l1 = *spec;
	char cmdline[2048];

	if (!spec->appliance_kernel || !spec->appliance_initrd) {
		snprintf(err, errsz, "the L1 appliance is not built "
			 "(build/images/nested.json; run make)");
		return -1;
	}
	l1.accel = "tcg";
	l1.cpu_model = L1_CPU;
	l1.vcpus = spec->vcpus > L1_MIN_VCPUS ? spec->vcpus : L1_MIN_VCPUS;
	l1.memory_mb = spec->memory_mb + L1_EXTRA_MB > L1_MIN_MB ?
		       spec->memory_mb + L1_EXTRA_MB : L1_MIN_MB;
	l1.kernel = spec->appliance_kernel;
	l1.initrd = spec->appliance_initrd;
	/* L1's own command line: tlbl1.* size L2; L1's init passes the
	 * tlbagent.* words on to L2's kernel unchanged. */
	snprintf(cmdline, sizeof(cmdline),
		 "console=ttyS0 panic=-1 quiet tlbl1.vcpus=%llu "
		 "tlbl1.memory_mb=%llu tlbl1.interval_ms=%llu %s",
		 (unsigned long long)spec->vcpus,
		 (unsigned long long)spec->memory_mb,
		 (unsigned long long)spec->interval_ms, spec->cmdline);
	return vm_qemu_start(vm, &l1, &vm_backend_nested, cmdline, err, errsz);
}

const struct vm_backend vm_backend_nested = {
	.name = "nested",
	.nports = 4,
	.ports = { VM_CONSOLE, VM_AGENT, VM_PROBE, VM_GUEST_CONSOLE },
	.start = nested_start,
	.connect_control = vm_qemu_connect_control,
	.stop = vm_qemu_stop,
};
