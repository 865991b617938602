/*
 * maps.h - parse /proc/PID/maps text (fs/proc/task_mmu.c show_map_vma()):
 *   START-END PERMS OFFSET MAJOR:MINOR INODE [PATH]
 * addresses and offset in hex, perms four characters of r/w/x/p/s or '-',
 * the path (possibly with blanks, "(deleted)", "[stack]") to the end of
 * the line.  The VMA gap model reads the layout from it.
 */
#ifndef SIM_MAPS_H
#define SIM_MAPS_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

struct map_entry {
	uint64_t start, end;
	char perms[5];
	int special;		/* path is [stack], [vdso], [vvar], ... */
};

struct maps {
	struct map_entry *e;
	size_t n;
};

/*
 * maps_parse - parse len bytes; at most max entries.  Returns 0 (free
 * out->e), -1 with err naming the line and field (start, end, perms,
 * offset, dev, inode, order: a mapping that starts before the previous
 * one ends), or -2 when out of memory.  Blank lines are skipped; no line
 * at all is an error.
 */
int maps_parse(const char *buf, size_t len, size_t max, struct maps *out,
	       struct parse_error *err);

#endif
