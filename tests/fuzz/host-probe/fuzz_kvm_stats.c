/*
 * fuzz_kvm_stats.c - KVM's debugfs statistic files as the stats plan
 * reads them (kvm_stats_parse_value): no crash; a parsed value is what
 * the digits say; a failure names the field in a terminated message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;
	uint64_t v = 0, again = 0;

	memset(&err, 'x', sizeof(err));
	if (kvm_stats_parse_value((const char *)data, size, &v, &err) == 0) {
		/* only digits (and one final newline) parse */
		for (size_t i = 0; i < size; i++)
			if ((data[i] < '0' || data[i] > '9') &&
			    !(i == size - 1 && data[i] == '\n'))
				abort();
		for (size_t i = 0; i < size && data[i] != '\n'; i++)
			again = again * 10 + (uint64_t)(data[i] - '0');
		if (again != v)
			abort();
	} else if (strcmp(err.field, "value") ||
		   !memchr(err.msg, '\0', sizeof(err.msg))) {
		abort();
	}
	return 0;
}
