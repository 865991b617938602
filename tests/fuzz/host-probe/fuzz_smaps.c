/*
 * fuzz_smaps.c - the smaps / smaps_rollup and THP-mode parsers on
 * arbitrary bytes: no crash, and a success means a consistent result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smaps.h"
#include "thp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smaps_summary s;
	struct thp_setting t;
	struct parse_error err;

	if (smaps_parse((const char *)data, size, &s, &err) == 0) {
		if (!s.mappings || s.largest_anon.kb.anonymous > s.total.anonymous)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	if (thp_setting_parse((const char *)data, size, &t, &err) == 0) {
		if (!t.nchoices || t.selected >= t.nchoices ||
		    strlen(thp_selected(&t)) == 0)
			abort();
	}
	return 0;
}
