/* doctor.c - capability checks; see doctor.h. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "doctor.h"
#include "fileio.h"
#include "jpath.h"
#include "spawn.h"

/* Last non-empty line of text, into out. */
static void last_line(const char *text, char *out, size_t n)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(out, n, "%.*s", (int)(end - start), start);
}

int accel_try_boot(const char *accel, const char *cpu, const char *kernel,
		   const char *initrd, int timeout_s, char *why, size_t n)
{
	char console[] = "/tmp/tlblab-doctor.XXXXXX", serial[64], *out = NULL;
	char *log = NULL, line[200];
	size_t len;
	int fd, rc, ok;
	char *argv[] = {
		"qemu-system-x86_64", "-nodefaults", "-no-user-config",
		"-accel", (char *)accel, "-cpu", (char *)cpu, "-m", "256",
		"-display", "none", "-no-reboot",
		"-kernel", (char *)kernel, "-initrd", (char *)initrd,
		"-append",
		"console=ttyS0 panic=-1 rdinit=/bin/busybox -- poweroff -f",
		"-serial", serial, NULL,
	};

	fd = mkstemp(console);
	if (fd < 0) {
		snprintf(why, n, "mkstemp: %s", strerror(errno));
		return -1;
	}
	close(fd);
	snprintf(serial, sizeof(serial), "file:%s", console);
	rc = run_capture(argv, timeout_s * 1000, 1, 16384, &out);
	if (rc < 0 || rc == 127) {
		snprintf(why, n, "cannot run qemu-system-x86_64");
		free(out);
		unlink(console);
		return -1;
	}
	ok = !read_whole_file(console, 1 << 22, &log, &len) &&
	     strstr(log, "reboot: Power down") && rc == 0;
	if (!ok) {
		/* QEMU's own "error:" line says more than an assertion. */
		const char *e = strstr(out, "error: ");

		if (e)
			snprintf(line, sizeof(line), "%.*s",
				 (int)strcspn(e, "\n"), e);
		else
			last_line(out, line, sizeof(line));
		if (rc >= 128 && !line[0])
			snprintf(why, n, "no power-off within %d s (guest hung)",
				 timeout_s);
		else
			snprintf(why, n, "QEMU %s: %s",
				 rc >= 128 ? "was killed or aborted" : "failed",
				 line[0] ? line : "no message");
	} else {
		snprintf(why, n, "a minimal guest booted and powered off");
	}
	free(out);
	free(log);
	unlink(console);
	return ok;
}

int kvm_usable(const char *kernel, const char *initrd, char *why, size_t n)
{
	static int cached = -2;
	static char cached_why[256];

	if (cached == -2) {
		if (access("/dev/kvm", R_OK | W_OK)) {
			snprintf(cached_why, sizeof(cached_why),
				 "/dev/kvm: %s", strerror(errno));
			cached = 0;
		} else {
			cached = accel_try_boot("kvm", "host", kernel, initrd,
						20, cached_why,
						sizeof(cached_why)) == 1;
		}
	}
	snprintf(why, n, "%s", cached_why);
	return cached;
}

static void row(const char *check, const char *result, const char *detail)
{
	printf("%-22s %-12s %s\n", check, result, detail);
}

static void cpu_flags(char *out, size_t n)
{
	char *info = NULL;
	size_t len;

	snprintf(out, n, "no vmx/svm in /proc/cpuinfo");
	if (read_whole_file("/proc/cpuinfo", 1 << 22, &info, &len))
		return;
	if (strstr(info, " vmx"))
		snprintf(out, n, "vmx (Intel VT-x)");
	else if (strstr(info, " svm"))
		snprintf(out, n, "svm (AMD-V)");
	free(info);
}

static void kvm_module(char *out, size_t n)
{
	static const char *const mods[] = { "kvm_intel", "kvm_amd", "kvm_pvm" };
	struct stat st;

	snprintf(out, n, "no kvm vendor module loaded");
	for (size_t i = 0; i < 3; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		if (!stat(path, &st)) {
			snprintf(out, n, "module %s", mods[i]);
			return;
		}
	}
}

int lab_doctor(const char *images_json)
{
	json_t *img = json_load_file(images_json, 0, NULL);
	const char *kernel = jpath_str(img, "kernel");
	const char *initrd = jpath_str(img, "initrd");
	char detail[300], flags[64], mod[64], nested[4096];
	double t;
	int kvm, tcg;

	printf("%-22s %-12s %s\n", "CHECK", "RESULT", "DETAIL");
	cpu_flags(flags, sizeof(flags));
	kvm_module(mod, sizeof(mod));
	snprintf(detail, sizeof(detail), "%s; %s; /dev/kvm %s", flags, mod,
		 access("/dev/kvm", F_OK) ? "absent" : "present");
	row("virtualization", "info", detail);
	if (!kernel || !initrd) {
		row("guest images", "missing", "run make (build/images/guest.json)");
		json_decref(img);
		return 0;
	}
	t = mono_s();
	kvm = kvm_usable(kernel, initrd, detail, sizeof(detail));
	row("mode kvm", kvm ? "usable" : "not usable", detail);
	t = mono_s();
	tcg = accel_try_boot("tcg", "max", kernel, initrd, 60, detail,
			     sizeof(detail));
	snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
		 " (%.1f s)", mono_s() - t);
	row("mode tcg", tcg == 1 ? "usable" : "not usable", detail);
	snprintf(nested, sizeof(nested), "%s", images_json);
	if (strrchr(nested, '/'))
		strcpy(strrchr(nested, '/') + 1, "nested.json");
	row("mode nested", access(nested, R_OK) ? "not built" : "built",
	    access(nested, R_OK) ? "no L1 appliance (build/images/nested.json)"
				 : "L1 appliance present; tlblab run --accel nested");
	printf("\nauto picks: %s\n", kvm ? "kvm" : tcg == 1 ? "tcg (nested for "
	       "scenarios that need exit counts)" : "nothing: QEMU cannot run");
	json_decref(img);
	return 0;
}
