/* fuzz_profile.c - the CPU profile schema over profile_parse() (inih) on
 * arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "cpuprofile.h"

static struct profile_sources src;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;
	struct tlb_cpu cpu;

	cpuprofile_parse((const char *)data, size, &cpu, &src, &err);
	return 0;
}
