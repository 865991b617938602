/*
 * exit_reason.h - names of VM exit reasons, VMX and SVM.
 *
 * kvm:kvm_exit carries exit_reason and isa (1 = VMX, 2 = SVM).  The names
 * are those of the kernel's uapi headers (arch/x86/include/uapi/asm/
 * vmx.h VMX_EXIT_REASONS, svm.h SVM_EXIT_REASONS), which are also what
 * kvm_exit's print fmt prints.  The static tables here are for reports and
 * for hosts whose format cannot be read; exit_reason_parse_fmt() takes the
 * running kernel's own table out of that print fmt, so a newer kernel's
 * reasons get their names too.
 */
#ifndef TLBPROBE_EXIT_REASON_H
#define TLBPROBE_EXIT_REASON_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

enum kvm_isa {
	KVM_ISA_NONE = 0,
	KVM_ISA_VMX = 1,	/* values of kvm_exit's isa field */
	KVM_ISA_SVM = 2,
};

/* A few codes the probe singles out. */
#define VMX_EXIT_EXTERNAL_INTERRUPT	1
#define VMX_EXIT_INTERRUPT_WINDOW	7
#define VMX_EXIT_CPUID			10
#define VMX_EXIT_HLT			12
#define VMX_EXIT_VMCALL			18
#define VMX_EXIT_IO_INSTRUCTION		30
#define VMX_EXIT_MSR_READ		31
#define VMX_EXIT_MSR_WRITE		32
#define VMX_EXIT_PAUSE_INSTRUCTION	40
#define VMX_EXIT_EPT_VIOLATION		48
#define VMX_EXIT_EPT_MISCONFIG		49
#define VMX_EXIT_PREEMPTION_TIMER	52
#define VMX_EXIT_APIC_WRITE		56
#define SVM_EXIT_INTR			0x060
#define SVM_EXIT_VINTR			0x064
#define SVM_EXIT_CPUID			0x072
#define SVM_EXIT_PAUSE			0x077
#define SVM_EXIT_HLT			0x078
#define SVM_EXIT_IOIO			0x07b
#define SVM_EXIT_MSR			0x07c
#define SVM_EXIT_VMMCALL		0x081
#define SVM_EXIT_NPF			0x400
#define SVM_EXIT_AVIC_INCOMPLETE_IPI	0x401
#define SVM_EXIT_AVIC_UNACCELERATED_ACCESS 0x402

struct exit_reason {
	uint32_t code;
	const char *name;
};

/* The static table of isa (sorted by code); *n set to its length.  NULL
 * for an unknown isa. */
const struct exit_reason *exit_reason_table(int isa, size_t *n);
/* The name of code under isa from the static table, or NULL. */
const char *exit_reason_name(int isa, uint32_t code);
/* "VMX", "SVM" or "?" */
const char *kvm_isa_name(int isa);

#define EXIT_REASON_NAME_MAX	32
#define EXIT_REASON_MAP_MAX	256

/* A reason table read from a running kernel. */
struct exit_reason_map {
	size_t n;
	struct {
		uint32_t code;
		char name[EXIT_REASON_NAME_MAX];
	} e[EXIT_REASON_MAP_MAX];
};

/*
 * exit_reason_parse_fmt - the reason table of isa from kvm_exit's print
 * fmt (len bytes, as in struct tp_format): the __print_symbolic() list
 * under "REC->isa == 1" is VMX's, the other SVM's.  Entries are
 * { VALUE, "NAME" } with VALUE a number or a sum like "0x040 + 13"; -1
 * stands for 0xffffffff.  Returns 0, or -1 with err (field "print fmt")
 * when the text has no such list or an entry does not parse.
 */
int exit_reason_parse_fmt(const char *fmt, size_t len, int isa,
			  struct exit_reason_map *out,
			  struct parse_error *err);
/* The name of code in map, or NULL. */
const char *exit_reason_map_name(const struct exit_reason_map *m,
				 uint32_t code);

#endif
