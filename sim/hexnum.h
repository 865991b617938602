/*
 * hexnum.h - strict hex numbers for /proc/PID/maps and address traces
 * (lib/numparse.h has decimal only; this belongs there if another part
 * needs it).
 */
#ifndef SIM_HEXNUM_H
#define SIM_HEXNUM_H

#include <stdint.h>

/* The hex digits [p, end), nothing else, at most 16 of them, into *v.
 * Returns 0, or -1 (empty, a non-hex character, too long). */
int hex_u64(const char *p, const char *end, uint64_t *v);

#endif
