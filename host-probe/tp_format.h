/*
 * tp_format.h - parse a tracefs event `format` file (events/SYS/NAME/format).
 *
 * The KVM backend opens perf counters on tracepoints by id and puts
 * in-kernel filters on their fields; both must come from the running
 * kernel, because fields move between versions (6.1's kvm_exit ends at
 * vcpu_id, 6.18 adds requests; kvm_msr's MSR field is `ecx`, not `msr`).
 *
 * Parsed by hand rather than with libtraceevent's tep_parse_format():
 * we need only names, offsets and sizes, but we need a parse_error naming
 * the line and field of bad input (tracefs text is input like any other),
 * and a parser the fuzz target can build without the library.  The unit
 * test checks this parser against libtraceevent on the same fixtures.
 */
#ifndef TLBPROBE_TP_FORMAT_H
#define TLBPROBE_TP_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

#define TP_MAX_FIELDS	40
#define TP_NAME_MAX	64

struct tp_field {
	char name[TP_NAME_MAX];	/* without any [N] suffix */
	char type[TP_NAME_MAX];	/* "unsigned int", "u32", "__data_loc char[]" */
	unsigned offset, size;
	int is_signed;
	int common;		/* one of the common_* header fields */
};

struct tp_format {
	char name[TP_NAME_MAX];
	uint32_t id;
	unsigned nfields;
	struct tp_field field[TP_MAX_FIELDS];
	/* The "print fmt:" text, pointing into the parsed buffer (valid as
	 * long as it is); NULL/0 when the file has none. */
	const char *print_fmt;
	size_t print_fmt_len;
};

/*
 * tp_format_parse - parse len bytes of a format file into out.  Returns 0,
 * or -1 with err naming the line and field (name, ID, field, offset,
 * size, signed) when a line is malformed, a number does not parse, there
 * are more than TP_MAX_FIELDS fields, or name/ID/format: are missing.
 */
int tp_format_parse(const char *buf, size_t len, struct tp_format *out,
		    struct parse_error *err);

/* The field called name, or NULL. */
const struct tp_field *tp_format_field(const struct tp_format *f,
				       const char *name);

#endif
