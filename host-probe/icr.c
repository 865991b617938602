/* icr.c - ICR decoding and Linux vector names; see icr.h. */
#include <stddef.h>

#include "icr.h"

void icr_decode(uint32_t lo, uint32_t hi, struct icr *out)
{
	out->vector = lo & 0xff;
	out->delivery = (lo >> 8) & 7;
	out->logical = (lo >> 11) & 1;
	out->shorthand = (lo >> 18) & 3;
	out->dest = hi >> 24;
}

const char *icr_delivery_name(unsigned delivery)
{
	static const char *const names[ICR_NDELIVERY] = {
		"fixed", "lowest", "SMI", "reserved-3",
		"NMI", "INIT", "SIPI", "reserved-7",
	};

	return delivery < ICR_NDELIVERY ? names[delivery] : "?";
}

enum ipi_class ipi_class_of(uint8_t vector)
{
	switch (vector) {
	case LINUX_VEC_CALL_FUNCTION_SINGLE:
		return IPI_CLASS_CFS;
	case LINUX_VEC_CALL_FUNCTION:
		return IPI_CLASS_CF;
	case LINUX_VEC_RESCHEDULE:
		return IPI_CLASS_RES;
	default:
		return IPI_CLASS_OTHER;
	}
}

const char *ipi_class_name(enum ipi_class c)
{
	static const char *const names[IPI_NCLASSES] = {
		"call-function-single", "call-function", "reschedule", "other",
	};

	return (unsigned)c < IPI_NCLASSES ? names[c] : "?";
}

const char *ipi_class_label(enum ipi_class c)
{
	static const char *const labels[IPI_NCLASSES] = {
		"CFS", "CF", "RES", "OTHER",
	};

	return (unsigned)c < IPI_NCLASSES ? labels[c] : "?";
}

const char *linux_vector_name(uint8_t vector)
{
	/* arch/x86/include/asm/irq_vectors.h in Linux 6.1 */
	switch (vector) {
	case 0xff: return "SPURIOUS";
	case 0xfe: return "ERROR";
	case 0xfd: return "RESCHEDULE";
	case 0xfc: return "CALL_FUNCTION";
	case 0xfb: return "CALL_FUNCTION_SINGLE";
	case 0xfa: return "THERMAL";
	case 0xf9: return "THRESHOLD";
	case 0xf8: return "REBOOT";
	case 0xf7: return "X86_PLATFORM_IPI";
	case 0xf6: return "IRQ_WORK";
	case 0xf4: return "DEFERRED_ERROR";
	case 0xf3: return "HYPERVISOR_CALLBACK";
	case 0xf2: return "POSTED_INTR";
	case 0xf1: return "POSTED_INTR_WAKEUP";
	case 0xf0: return "POSTED_INTR_NESTED";
	case 0xef: return "MANAGED_IRQ_SHUTDOWN";
	case 0xee: return "HYPERV_REENLIGHTENMENT";
	case 0xed: return "HYPERV_STIMER0";
	case 0xec: return "LOCAL_TIMER";
	default: return NULL;
	}
}
