/*
 * fuzz_tp_format.c - tracefs format files and kvm_exit's reason lists on
 * arbitrary bytes: no crash; a parsed format has fields inside their
 * bounds and a print fmt inside the input; a parsed reason list has named
 * entries only; a failure always says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit_reason.h"
#include "tp_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	static struct exit_reason_map m;
	struct tp_format f;
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	if (tp_format_parse(text, size, &f, &err) == 0) {
		if (!f.name[0] || f.nfields > TP_MAX_FIELDS)
			abort();
		for (unsigned i = 0; i < f.nfields; i++)
			if (!f.field[i].name[0] || !tp_format_field(&f,
			    f.field[i].name))
				abort();
		if (f.print_fmt && (f.print_fmt < text ||
		    f.print_fmt + f.print_fmt_len > text + size))
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	for (int isa = KVM_ISA_VMX; isa <= KVM_ISA_SVM; isa++) {
		memset(&err, 0, sizeof(err));
		if (exit_reason_parse_fmt(text, size, isa, &m, &err) == 0) {
			for (size_t i = 0; i < m.n; i++)
				if (!m.e[i].name[0] ||
				    strlen(m.e[i].name) >= EXIT_REASON_NAME_MAX)
					abort();
		} else if (!err.msg[0]) {
			abort();
		}
	}
	return 0;
}
