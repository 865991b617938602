/*
 * icr.h - decode an xAPIC Interrupt Command Register write into the IPI it
 * sends, and name Linux's IPI vectors.
 *
 * The ICR is two 32-bit registers: ICR high (offset 0x310) holds the
 * destination in bits 24-31; writing ICR low (offset 0x300) sends the IPI
 * with the destination last written to ICR high (Intel SDM vol. 3, 11.6.1).
 * Linux 6.1 on <= 8 CPUs uses flat logical mode (destination = bitmask of
 * CPUs, LDR = 1 << cpu), on more CPUs physical mode (destination = APIC ID).
 */
#ifndef TLBPROBE_ICR_H
#define TLBPROBE_ICR_H

#include <stdint.h>

#define APIC_REG_LDR		0x0d0	/* logical destination register */
#define APIC_REG_DFR		0x0e0	/* destination format register */
#define APIC_REG_ICR_LO		0x300
#define APIC_REG_ICR_HI		0x310

enum icr_delivery {
	ICR_DM_FIXED = 0,
	ICR_DM_LOWEST = 1,
	ICR_DM_SMI = 2,
	ICR_DM_NMI = 4,
	ICR_DM_INIT = 5,
	ICR_DM_SIPI = 6,
};
#define ICR_NDELIVERY	8	/* the field is 3 bits wide */

enum icr_shorthand {
	ICR_SH_NONE = 0,
	ICR_SH_SELF = 1,
	ICR_SH_ALL = 2,		/* all including self */
	ICR_SH_OTHERS = 3,	/* all excluding self */
};

struct icr {
	uint8_t vector;		/* bits 0-7 */
	uint8_t delivery;	/* bits 8-10, enum icr_delivery */
	uint8_t logical;	/* bit 11: 1 = logical destination */
	uint8_t shorthand;	/* bits 18-19, enum icr_shorthand */
	uint8_t dest;		/* ICR high bits 24-31 */
};

/* icr_decode - split an ICR low write and the ICR high then in force. */
void icr_decode(uint32_t lo, uint32_t hi, struct icr *out);

/* "fixed", "lowest", "SMI", "NMI", "INIT", "SIPI", "reserved-3/7". */
const char *icr_delivery_name(unsigned delivery);

/*
 * The vector classes the report uses.  TLB shootdowns arrive as
 * CALL_FUNCTION_SINGLE (0xfb) when one CPU is flushed and CALL_FUNCTION
 * (0xfc) when several are (arch/x86/include/asm/irq_vectors.h, 6.1).
 */
enum ipi_class {
	IPI_CLASS_CFS,		/* 0xfb call-function-single */
	IPI_CLASS_CF,		/* 0xfc call-function */
	IPI_CLASS_RES,		/* 0xfd reschedule */
	IPI_CLASS_OTHER,
	IPI_NCLASSES
};

#define LINUX_VEC_CALL_FUNCTION_SINGLE	0xfb
#define LINUX_VEC_CALL_FUNCTION		0xfc
#define LINUX_VEC_RESCHEDULE		0xfd

enum ipi_class ipi_class_of(uint8_t vector);
/* "call-function-single", "call-function", "reschedule", "other". */
const char *ipi_class_name(enum ipi_class c);
/* Short column label: "CFS", "CF", "RES", "OTHER". */
const char *ipi_class_label(enum ipi_class c);
/* Linux 6.1 name of a system vector ("RESCHEDULE", "IRQ_WORK", ...), or
 * NULL for a device vector. */
const char *linux_vector_name(uint8_t vector);

#endif
