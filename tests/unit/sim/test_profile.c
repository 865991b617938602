/*
 * test_profile.c - value|source profile files: the shipped profiles load
 * and cite a source for every value; bad files are named by line and
 * "section.key".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpuprofile.h"
#include "fileio.h"
#include "profile.h"

static double num, t_ns;
static char word[PROFILE_WORD_LEN];

static const struct profile_key keys[] = {
	{ "a", "num", PK_NUM, "cycles", 0, 100, &num, 1 },
	{ "a", "time", PK_NUM, "ns", 0, 1e9, &t_ns, 0 },
	{ "b", "word", PK_WORD, "", 0, 0, word, 0 },
	{ NULL, NULL, 0, NULL, 0, 0, NULL, 0 },
};

static void test_good(void **state)
{
	static const char text[] =
		"# comment\n"
		"[a]\n"
		"num = 42 cycles | the answer\n"
		"time = 2.5 us | converted to ns\n"
		"[b]\n"
		"word = lru | a word\n";
	struct profile_sources src;

	(void)state;
	assert_int_equal(profile_parse(text, strlen(text), keys, &src, NULL), 0);
	assert_true(num == 42);
	assert_true(t_ns == 2500);
	assert_string_equal(word, "lru");
	assert_int_equal(src.n, 3);
	assert_string_equal(profile_source(&src, "a", "num"), "the answer");
	assert_string_equal(src.item[1].value, "2.5 us");
	assert_int_equal(src.item[2].line, 6);
	assert_null(profile_source(&src, "a", "nope"));
}

static void expect(const char *text, unsigned line, const char *field)
{
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(profile_parse(text, strlen(text), keys, NULL, &err),
			 -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0]);
}

static void test_bad(void **state)
{
	char longline[400];

	(void)state;
	expect("[a]\nnum = 1 cycles\n", 2, "a.num");		/* no source */
	expect("[a]\nnum = 1 cycles |   \n", 2, "a.num");	/* empty one */
	expect("[a]\nnum = 1 ns | s\n", 2, "a.num");		/* unit */
	expect("[a]\nnum = 1 | s\n", 2, "a.num");		/* no unit */
	expect("[a]\nnum = x cycles | s\n", 2, "a.num");
	expect("[a]\nnum = 101 cycles | s\n", 2, "a.num");	/* range */
	expect("[a]\nnum = 1 cycles | s\nnum = 2 cycles | s\n", 3, "a.num");
	expect("[a]\nnum = 1 cycles | s\nnom = 2 | s\n", 3, "a.nom");
	expect("[c]\nx = 1 | s\n", 2, "c.x");
	expect("[b]\nword = two words | s\n", 2, "b.word");
	expect("[a]\ntime = 1 cycles | s\n", 2, "a.time");
	expect("[b]\nword = x | s\n", 0, "a");			/* required */
	expect("[a]\nnum = 1 cycles | s\nthis is not ini\n", 3, "line");
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "[a]\nnum = 1 cycles | ", 21);
	longline[sizeof(longline) - 1] = '\0';
	expect(longline, 2, "line");
}

/* Every shipped CPU profile loads, and every value in it has a source. */
static void test_shipped_cpu_profiles(void **state)
{
	static const char *const names[] = { "article004", "devbox" };

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		struct profile_sources src;
		struct parse_error err;
		struct tlb_cpu cpu;
		char path[512], *buf;
		size_t len;

		profile_resolve("cpu", names[i], path, sizeof(path));
		assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len), 0);
		memset(&err, 0, sizeof(err));
		if (cpuprofile_parse(buf, len, &cpu, &src, &err))
			fail_msg("%s:%u: %s: %s", path, err.line, err.field,
				 err.msg);
		free(buf);
		assert_true(src.n >= 10);
		for (unsigned k = 0; k < src.n; k++)
			assert_true(strlen(src.item[k].source) > 5);
		assert_true(cpu.l1[PS_4K].entries > 0);
		assert_true(cpu.walk_ref > 0);
	}
}

/* Ways must split entries into a power-of-two number of sets: 1536 / 4
 * gives 384. */
static void test_cpu_geometry_checked(void **state)
{
	static const char text[] =
		"[cpu]\nname = x | s\nfreq = 2 GHz | s\n"
		"[l2.4k]\nentries = 1536 | s\nways = 4 | s\n"
		"[cost]\nl1_hit = 1 cycles | s\nl2_hit = 1 cycles | s\n"
		"walk_ref = 1 cycles | s\n";
	struct parse_error err;
	struct tlb_cpu cpu;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(cpuprofile_parse(text, strlen(text), &cpu, NULL,
					  &err), -1);
	assert_string_equal(err.field, "l2.4k");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_shipped_cpu_profiles),
		cmocka_unit_test(test_cpu_geometry_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
