/*
 * trace.h - recorded address traces for the TLB model.
 *
 * Two line formats, mixed freely:
 *   0x7ffd1c2a3b40              one data address (hex, 0x required)
 *   " L 0402f6f0,8"             valgrind --tool=lackey --trace-mem=yes:
 *                               L(oad), S(tore), M(odify) are data
 *                               accesses; "I  addr,size" (instruction
 *                               fetch) lines are counted and skipped
 * Blank lines, "#" comments and valgrind's "==pid==" lines are skipped.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

struct trace {
	uint64_t *addr;
	size_t n;
	size_t instr;		/* instruction-fetch lines skipped */
};

/*
 * trace_parse - parse len bytes, keeping at most max addresses.  Returns
 * 0 (free out->addr with free()), -1 with err naming the line and field
 * ("address", "size", "kind") for a malformed line or no data address at
 * all, or -2 when out of memory.
 */
int trace_parse(const char *buf, size_t len, size_t max, struct trace *out,
		struct parse_error *err);

#endif
