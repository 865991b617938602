/* test_smaps.c - smaps and smaps_rollup of a real QEMU 7.2 TCG guest
 * process (4 vCPUs, 512 MiB), read at the same moment; THP mode files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fileio.h"
#include "smaps.h"
#include "thp.h"

#define FIX(name)	FIXTURES_DIR "/host-probe/" name

static int parse_file(const char *path, struct smaps_summary *s,
		      struct parse_error *err)
{
	char *buf;
	size_t len;
	int rc;

	assert_int_equal(read_whole_file(path, 8 << 20, &buf, &len), 0);
	rc = smaps_parse(buf, len, s, err);
	free(buf);
	return rc;
}

static void test_rollup(void **state)
{
	struct smaps_summary s;

	(void)state;
	assert_int_equal(parse_file(FIX("smaps_rollup.qemu-tcg-4cpu"), &s,
				    NULL), 0);
	assert_true(s.rollup);
	assert_int_equal(s.mappings, 1);
	assert_int_equal(s.total.rss, 246520);
	assert_int_equal(s.total.anonymous, 222476);
	assert_int_equal(s.total.anon_huge, 184320);
	assert_int_equal(s.total.pss_anon, 222476);
	assert_int_equal(s.total.swap, 0);
	/* rollup has no Size line */
	assert_int_equal(s.total.size, 0);
	assert_true(s.seen & 1u << 1);	/* Rss */
	assert_false(s.seen & 1u << 0);	/* Size */
	assert_true(smaps_thp_share(&s.total) > 0.828 &&
		    smaps_thp_share(&s.total) < 0.829);
}

/* The kernel's rollup and our per-mapping sums of the same process at
 * the same moment must agree (Pss is rounded per mapping in smaps). */
static void test_full_smaps_sums_match_rollup(void **state)
{
	struct smaps_summary full, roll;

	(void)state;
	assert_int_equal(parse_file(FIX("smaps.qemu-tcg-4cpu"), &full, NULL), 0);
	assert_int_equal(parse_file(FIX("smaps_rollup.qemu-tcg-4cpu"), &roll,
				    NULL), 0);
	assert_false(full.rollup);
	assert_int_equal(full.mappings, 395);	/* grep -c of headers */
	assert_int_equal(full.total.rss, roll.total.rss);
	assert_int_equal(full.total.anonymous, roll.total.anonymous);
	assert_int_equal(full.total.anon_huge, roll.total.anon_huge);
	assert_int_equal(full.total.private_dirty, roll.total.private_dirty);
	assert_true(roll.total.pss >= full.total.pss &&
		    roll.total.pss - full.total.pss < full.mappings);
	assert_int_equal(full.total.size, 2123860);	/* awk sum */
	/* The 512 MiB guest RAM block, all of its touched part on THP. */
	assert_int_equal(full.largest_anon.start, 0x7f6327e00000ull);
	assert_int_equal(full.largest_anon.end, 0x7f6347e00000ull);
	assert_int_equal(full.largest_anon.kb.size, 524288);
	assert_int_equal(full.largest_anon.kb.anonymous, 129024);
	assert_int_equal(full.largest_anon.kb.anon_huge, 129024);
	assert_string_equal(full.largest_anon.name, "");
}

static void expect_error(const char *text, unsigned line, const char *field)
{
	struct smaps_summary s;
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(smaps_parse(text, strlen(text), &s, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
}

static void test_malformed(void **state)
{
	static const char hdr[] = "560e49787000-560e49b8e000 r--p 00000000 "
				  "fe:00 10977295   /usr/bin/qemu-system-x86_64\n";
	char buf[512];

	(void)state;
	expect_error("Rss:              246520 kB\n", 1, "Rss");
	expect_error("", 0, "");
	snprintf(buf, sizeof(buf), "%sRss:   12 MB\n", hdr);
	expect_error(buf, 2, "Rss");
	snprintf(buf, sizeof(buf), "%sAnonHugePages:   -2048 kB\n", hdr);
	expect_error(buf, 2, "AnonHugePages");
	snprintf(buf, sizeof(buf), "%sRss: 4124 kB extra\n", hdr);
	expect_error(buf, 2, "Rss");
	snprintf(buf, sizeof(buf), "%sjunk\n", hdr);
	expect_error(buf, 2, "");
	expect_error("560e49787000-56zz49b8e000 r--p 00000000 fe:00 1 /x\n"
		     "Rss: 1 kB\n", 1, "address");
	expect_error("560e49787000-560e49b8e000 r--p\n", 1, "header");
	snprintf(buf, sizeof(buf), "%sRss: 18446744073709551615 kB\n%s"
		 "Rss: 1 kB\n", hdr, hdr);
	expect_error(buf, 4, "Rss");
}

static void test_unknown_fields_are_ignored(void **state)
{
	static const char text[] =
		"7f6327e00000-7f6347e00000 rw-p 00000000 00:00 0 \n"
		"Rss:              129024 kB\n"
		"FutureField:          12 kB\n"
		"THPeligible:           1\n"
		"VmFlags: rd wr mr mw me ac sd hg \n";
	struct smaps_summary s;

	(void)state;
	assert_int_equal(smaps_parse(text, strlen(text), &s, NULL), 0);
	assert_int_equal(s.total.rss, 129024);
	assert_int_equal(s.mappings, 1);
}

static void parse_thp(const char *name, struct thp_setting *t)
{
	char path[512], *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/host-probe/%s", FIXTURES_DIR, name);
	assert_int_equal(read_whole_file(path, 4096, &buf, &len), 0);
	assert_int_equal(thp_setting_parse(buf, len, t, NULL), 0);
	free(buf);
}

static void test_thp_mode_files(void **state)
{
	struct thp_setting t;
	struct parse_error err;

	(void)state;
	parse_thp("thp-enabled.workstation-2026-11-23", &t);
	assert_int_equal(t.nchoices, 3);
	assert_string_equal(thp_selected(&t), "madvise");
	assert_int_equal(thp_enabled_mode(&t), THP_MADVISE);
	parse_thp("thp-defrag.workstation-2026-11-23", &t);
	assert_int_equal(t.nchoices, 5);
	assert_string_equal(t.choice[2], "defer+madvise");
	assert_string_equal(thp_selected(&t), "madvise");

	assert_int_equal(thp_setting_parse("[always] madvise never\n", 23, &t,
					   NULL), 0);
	assert_int_equal(thp_enabled_mode(&t), THP_ALWAYS);
	assert_int_equal(thp_setting_parse("always madvise [inherit]", 24, &t,
					   NULL), 0);
	assert_int_equal(thp_enabled_mode(&t), THP_OTHER);

	assert_int_equal(thp_setting_parse("always madvise never", 20, &t,
					   &err), -1);
	assert_string_equal(err.field, "choice");
	assert_int_equal(thp_setting_parse("[always] [never]", 16, &t, &err),
			 -1);
	assert_int_equal(thp_setting_parse("[Always] never", 14, &t, &err),
			 -1);
	assert_int_equal(thp_setting_parse("[] never", 8, &t, &err), -1);
	assert_int_equal(thp_setting_parse("[never]\nalways\n", 15, &t, &err),
			 -1);
	assert_int_equal(err.line, 2);
	assert_int_equal(thp_setting_parse("", 0, &t, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_full_smaps_sums_match_rollup),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unknown_fields_are_ignored),
		cmocka_unit_test(test_thp_mode_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
