/*
 * test_tp_format.c - tracefs format files from a real L1 (6.1) and a real
 * host (6.18), parsed by tp_format and, as an independent oracle, by
 * libtraceevent's tep_parse_format(): every field's name, offset, size and
 * signedness must agree.  Then bad input: errors name line and field.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <traceevent/event-parse.h>

#include "fileio.h"
#include "tp_format.h"
#include "tracefs.h"

#define L1	FIXTURES_DIR "/host-probe/tracefs-l1-6.1"
#define HOST	FIXTURES_DIR "/host-probe/tracefs-host-6.18"

static char *slurp(const char *path, size_t *len)
{
	char *buf;

	assert_int_equal(read_whole_file(path, 1 << 20, &buf, len), 0);
	return buf;
}

/* Compare tp_format with libtraceevent on one format file. */
static void check_against_tep(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	struct tp_format f;
	struct parse_error err;
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev = NULL;
	unsigned seen = 0;

	assert_int_equal(tp_format_parse(text, len, &f, &err), 0);
	assert_int_equal(tep_parse_event(tep, text, len, "kvm"), 0);
	ev = tep_find_event_by_name(tep, "kvm", f.name);
	assert_non_null(ev);
	assert_string_equal(f.name, ev->name);
	assert_int_equal((int)f.id, ev->id);
	for (int pass = 0; pass < 2; pass++) {
		struct tep_format_field *x = pass ? ev->format.fields :
			ev->format.common_fields;

		for (; x; x = x->next, seen++) {
			const struct tp_field *mine = tp_format_field(&f, x->name);

			assert_non_null(mine);
			assert_int_equal(mine->offset, x->offset);
			assert_int_equal(mine->size, x->size);
			assert_int_equal(mine->is_signed,
					 !!(x->flags & TEP_FIELD_IS_SIGNED));
			assert_int_equal(mine->common, pass == 0);
		}
	}
	assert_int_equal(seen, f.nfields);
	assert_non_null(f.print_fmt);
	assert_true(f.print_fmt_len > 0);
	tep_free(tep);
	free(text);
}

static void each_event(const char *root, void (*fn)(const char *path))
{
	char dir[512], path[1024];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/events/kvm", root);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/format", dir, e->d_name);
		fn(path);
		n++;
	}
	closedir(d);
	assert_true(n >= 7);
}

static void test_l1_formats_match_libtraceevent(void **state)
{
	(void)state;
	each_event(L1, check_against_tep);
}

static void test_host_formats_match_libtraceevent(void **state)
{
	(void)state;
	each_event(HOST, check_against_tep);
}

static void test_read_event_checks_id_file(void **state)
{
	struct tp_format f;
	struct parse_error err;
	char *text, *idtxt;
	size_t len;

	(void)state;
	assert_int_equal(tracefs_read_event(L1, "kvm", "kvm_msr", &f, &text,
					    &err), 0);
	idtxt = slurp(L1 "/events/kvm/kvm_msr/id", &len);
	assert_int_equal(f.id, strtoul(idtxt, NULL, 10));
	assert_non_null(tp_format_field(&f, "ecx"));
	assert_null(tp_format_field(&f, "msr"));
	free(idtxt);
	free(text);
	assert_int_equal(tracefs_read_event(L1, "kvm", "kvm_nonexistent", &f,
					    &text, &err), -ENOENT);
	assert_null(text);
}

/* Bad input: the first bad line and field are named. */
static void expect_error(const char *text, unsigned line, const char *field)
{
	struct tp_format f;
	struct parse_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(tp_format_parse(text, strlen(text), &f, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
}

static void test_bad_formats(void **state)
{
	(void)state;
	expect_error("name: x\nID: 7\nformat:\n\tfield:int a;\toffset:x;"
		     "\tsize:4;\tsigned:1;\n", 4, "offset:");
	expect_error("name: x\nID: 7\nformat:\n\tfield:int a;\toffset:0;"
		     "\tsize:4;\tsigned:2;\n", 4, "signed:");
	expect_error("name: x\nID: 7\nformat:\n\tfield:a;\toffset:0;"
		     "\tsize:4;\tsigned:0;\n", 4, "field");
	expect_error("name: x\nID: seven\n", 2, "ID");
	expect_error("name: x\n\tfield:int a;\toffset:0;\tsize:4;\tsigned:0;\n",
		     2, "field");
	expect_error("name: x\nformat:\n", 0, "ID");
	expect_error("ID: 3\nformat:\n", 0, "name");
	expect_error("name: x\nID: 3\nformat:\nbogus line\n", 4, "");
}

static void test_mount_table(void **state)
{
	static const char with_tracefs[] =
		"proc /proc proc rw 0 0\n"
		"debugfs /sys/kernel/debug debugfs rw 0 0\n"
		"tracefs /sys/kernel/tracing tracefs rw 0 0\n";
	static const char debugfs_only[] =
		"debugfs /d debugfs rw 0 0\n";
	char out[64];

	(void)state;
	assert_int_equal(tracefs_find_mount(with_tracefs,
		sizeof(with_tracefs) - 1, out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/kernel/tracing");
	assert_int_equal(tracefs_find_mount(debugfs_only,
		sizeof(debugfs_only) - 1, out, sizeof(out)), 0);
	assert_string_equal(out, "/d/tracing");
	assert_int_equal(tracefs_find_mount("proc /proc proc rw 0 0\n", 23,
					    out, sizeof(out)), -ENOENT);
	assert_int_equal(tracefs_find_mount(with_tracefs,
		sizeof(with_tracefs) - 1, out, 8), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l1_formats_match_libtraceevent),
		cmocka_unit_test(test_host_formats_match_libtraceevent),
		cmocka_unit_test(test_read_event_checks_id_file),
		cmocka_unit_test(test_bad_formats),
		cmocka_unit_test(test_mount_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
