/*
 * ipi_tally.h - IPI counts per (sender vCPU, destination vCPU, vector).
 *
 * One ICR write can reach several CPUs (a logical bitmask or a
 * shorthand); the tally counts both the write and each delivery, because
 * the guest counts receipts per CPU (/proc/interrupts) while the host pays
 * per write (one exit each under KVM).  Used for the whole run and for
 * each measured window alike.
 */
#ifndef TLBPROBE_IPI_TALLY_H
#define TLBPROBE_IPI_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "icr.h"

#define IPI_MAX_CPUS	256		/* xAPIC: 8-bit APIC IDs */
#define IPI_CPU_UNKNOWN	0xffff		/* a thread not in the vCPU map */
#define IPI_ANY		(-1)		/* wildcard for ipi_tally_count() */

struct ipi_cell {
	uint16_t sender;	/* vCPU index or IPI_CPU_UNKNOWN */
	uint16_t dest;		/* vCPU index or IPI_CPU_UNKNOWN */
	uint8_t vector;
	uint64_t count;		/* deliveries; 0 marks an empty slot */
};

struct ipi_tally {
	uint64_t writes;	/* fixed-delivery ICR writes */
	uint64_t deliveries;	/* (sender, dest) deliveries they made */
	uint64_t by_class[IPI_NCLASSES];	/* deliveries per class */
	unsigned ncpus;		/* 1 + highest vCPU index seen (sender or
				 * destination), unknown excluded */
	/* private: open-addressed table of cells */
	struct ipi_cell *slot;
	size_t nslots, nused;
};

/* An empty tally (no allocation until the first add). */
void ipi_tally_init(struct ipi_tally *t);
/* Free the table; t is empty afterwards and may be reused. */
void ipi_tally_free(struct ipi_tally *t);

/*
 * ipi_tally_add - count n deliveries of vector from sender to dest, plus
 * one ICR write when new_write is set.  Returns 0, or -ENOMEM (the tally
 * is then unchanged).
 */
int ipi_tally_add(struct ipi_tally *t, uint16_t sender, uint16_t dest,
		  uint8_t vector, uint64_t n, int new_write);

/* Count a fixed ICR write that reached nobody (an empty logical mask). */
void ipi_tally_add_write(struct ipi_tally *t);

/*
 * ipi_tally_count - deliveries matching sender, dest (vCPU index,
 * IPI_CPU_UNKNOWN or IPI_ANY) and class (enum ipi_class or IPI_ANY).
 */
uint64_t ipi_tally_count(const struct ipi_tally *t, int sender, int dest,
			 int cls);

/*
 * ipi_tally_rows - copy up to max non-empty cells into out, sorted by
 * sender, destination, vector.  Returns the number of cells in the tally
 * (may exceed max: call again with a larger array).
 */
size_t ipi_tally_rows(const struct ipi_tally *t, struct ipi_cell *out,
		      size_t max);

/* Deep copy; returns 0 or -ENOMEM (dst is then empty). */
int ipi_tally_copy(struct ipi_tally *dst, const struct ipi_tally *src);

#endif
