/* itest.c - see itest.h. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fileio.h"
#include "itest.h"
#include "spawn.h"

void itest_tlblab(struct itest_run *r, const char *scenario, int timeout_s,
		  ...)
{
	char tlblab[512], path[512], *argv[32], *base, *dot;
	size_t argc = 0;
	const char *extra;
	va_list ap;

	memset(r, 0, sizeof(*r));
	snprintf(r->results, sizeof(r->results), "/tmp/tlblab-itest.XXXXXX");
	assert_non_null(mkdtemp(r->results));
	snprintf(tlblab, sizeof(tlblab), "%s/build/bin/tlblab", TOP_DIR);
	snprintf(path, sizeof(path), "%s/%s", TOP_DIR, scenario);
	argv[argc++] = tlblab;
	argv[argc++] = "run";
	argv[argc++] = path;
	argv[argc++] = "--results";
	argv[argc++] = r->results;
	va_start(ap, timeout_s);
	while ((extra = va_arg(ap, const char *)) && argc < 30)
		argv[argc++] = (char *)extra;
	va_end(ap);
	argv[argc] = NULL;
	r->status = run_capture(argv, timeout_s * 1000, 1, 1 << 20, &r->output);
	printf("%s", r->output);
	if (r->status >= 128)
		fail_msg("tlblab overran %d s or was killed (status %d)",
			 timeout_s, r->status);

	base = strrchr(path, '/') + 1;
	dot = strstr(base, ".ini");
	if (dot)
		*dot = '\0';
	snprintf(path, sizeof(path), "%s/%s/latest/result.json", r->results,
		 base);
	r->result = json_load_file(path, 0, NULL);
}

static void remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL }, *out = NULL;

	run_capture(argv, 30000, 1, 4096, &out);
	free(out);
}

void itest_free(struct itest_run *r)
{
	if (r->results[0])
		remove_tree(r->results);
	free(r->output);
	json_decref(r->result);
	memset(r, 0, sizeof(*r));
}

int itest_count_procs(const char *marker)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	int n = 0;

	assert_non_null(proc);
	while ((d = readdir(proc))) {
		char path[64], *cmd;
		size_t len;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", d->d_name);
		if (read_whole_file(path, 1 << 20, &cmd, &len))
			continue;
		for (size_t i = 0; i + 1 < len; i++)
			if (!cmd[i])
				cmd[i] = ' ';
		if (strstr(cmd, marker) && atoi(d->d_name) != getpid())
			n++;
		free(cmd);
	}
	closedir(proc);
	return n;
}
