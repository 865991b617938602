/* fixture.h - read a file of tests/fixtures into memory (test helper). */
#ifndef TEST_GA_FIXTURE_H
#define TEST_GA_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "fileio.h"

/* The fixture's text, NUL-terminated; fails the test if unreadable. */
static inline char *fixture(const char *name, size_t *len)
{
	char path[512], *buf = NULL;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 1 << 20, &buf, len), 0);
	return buf;
}

#endif
