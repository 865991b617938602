/* fuzz_irqstat.c - /proc/interrupts and /proc/stat parsers on arbitrary
 * bytes: no crash, no read past len, and on success a consistent result. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "irqstat.h"
#include "procstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct irq_snapshot snap, delta;
	static struct cpu_times ct;
	struct parse_error err;

	if (irq_parse((const char *)data, size, &snap, &err) == 0) {
		if (snap.ncols == 0 || snap.ncols > IRQ_MAX_CPUS)
			abort();
		for (unsigned c = 1; c < snap.ncols; c++)
			if (snap.cpu[c] <= snap.cpu[c - 1])
				abort();
		/* A snapshot minus itself is all zeros. */
		if (irq_delta(&snap, &snap, &delta) ||
		    irq_total(&delta, IRQ_TLB) || irq_total(&delta, IRQ_RES))
			abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	if (procstat_parse((const char *)data, size, &ct, &err) != 0 &&
	    err.msg[0] == '\0')
		abort();
	return 0;
}
