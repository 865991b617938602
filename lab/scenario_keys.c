/* scenario_keys.c - the key table of scenario files; see scenario_keys.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "numparse.h"
#include "scenario_keys.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)

const struct key_spec scenario_keys[] = {
	{ "scenario", "description", KEY_STRING, 0, 0, NULL, "",
	  "one line saying what the scenario reproduces" },
	{ "scenario", "accel", KEY_ENUM, 0, 0, "auto|tcg|nested|kvm", "auto",
	  "acceleration mode (README: Acceleration modes); auto picks the best this machine can run" },
	{ "scenario", "needs", KEY_ENUM, 0, 0, "counts|exits", "counts",
	  "exits: the scenario is about vmexits, so auto picks kvm or nested (never tcg)" },
	{ "scenario", "timeout", KEY_U64, 5, 86400, NULL, "300",
	  "seconds one variant may take, boot to power-off" },
	{ "scenario", "boot_timeout", KEY_U64, 5, 3600, NULL, "90",
	  "seconds from QEMU start to the agent's hello line" },
	{ "scenario", "watchdog", KEY_U64, 2, 3600, NULL, "30",
	  "seconds of silence on both console and agent stream that mean the guest froze" },
	{ "scenario", "groups", KEY_STRING, 0, 0, NULL, "",
	  "blank-separated group names, for `tlblab list`" },
	{ "guest", "vcpus", KEY_U64, 1, 64, NULL, "2", "virtual CPUs" },
	{ "guest", "memory", KEY_SIZE, 64 * MIB, 64 * GIB, NULL, "512M",
	  "guest RAM (K/M/G suffixes)" },
	{ "guest", "cpu", KEY_WORD, 0, 0, NULL, "max", "QEMU -cpu model" },
	{ "guest", "cmdline", KEY_STRING, 0, 0, NULL, "",
	  "extra guest kernel command-line words" },
	{ "workload", "name", KEY_WORD, 0, 0, NULL, NULL,
	  "agent workload (build/bin/tlbagent list)" },
	{ "workload", "*", KEY_OPEN, 0, 0, NULL, NULL,
	  "options of the workload, checked by `tlbagent check`" },
	{ "probe", "interval_ms", KEY_U64, 50, 60000, NULL, "500",
	  "sampling interval of probe and agent (live rates)" },
	{ "probe", "keep_trace", KEY_BOOL, 0, 0, NULL, "yes",
	  "keep QEMU's raw APIC trace in the run folder (tcg mode)" },
	{ "sim", "*", KEY_OPEN, 0, 0, NULL, NULL,
	  "simulator model and its knobs, checked by libtlbsim (sim/labsim.h; tlblab keys lists them)" },
	{ NULL, NULL, 0, 0, 0, NULL, NULL, NULL },
};

int scenario_section_known(const char *section)
{
	for (const struct key_spec *k = scenario_keys; k->section; k++)
		if (!strcmp(k->section, section))
			return 1;
	return 0;
}

const struct key_spec *scenario_key_find(const char *section, const char *name)
{
	const struct key_spec *open = NULL;

	for (const struct key_spec *k = scenario_keys; k->section; k++) {
		if (strcmp(k->section, section))
			continue;
		if (!strcmp(k->name, name))
			return k;
		if (k->type == KEY_OPEN)
			open = k;
	}
	return open;
}

static int check_range(const struct key_spec *spec, uint64_t v, char *msg,
		       size_t msgsz)
{
	if (v >= spec->min && v <= spec->max)
		return 0;
	snprintf(msg, msgsz, "%llu is out of range [%llu, %llu]",
		 (unsigned long long)v, (unsigned long long)spec->min,
		 (unsigned long long)spec->max);
	return -1;
}

static int check_enum(const char *choices, const char *value)
{
	size_t n = strlen(value);
	const char *p = choices;

	while (n && p) {
		if (!strncmp(p, value, n) && (p[n] == '|' || p[n] == '\0'))
			return 0;
		p = strchr(p, '|');
		if (p)
			p++;
	}
	return -1;
}

int scenario_key_check(const struct key_spec *spec, const char *value,
		       char *msg, size_t msgsz)
{
	uint64_t v;
	int b, rc;

	switch (spec->type) {
	case KEY_STRING:
	case KEY_OPEN:
		return 0;
	case KEY_WORD:
		if (value[0] && !strpbrk(value, " \t"))
			return 0;
		snprintf(msg, msgsz, "\"%s\": expected one word, no blanks", value);
		return -1;
	case KEY_U64:
		rc = parse_u64(value, &v);
		if (rc) {
			snprintf(msg, msgsz, "\"%s\" is not %s", value,
				 rc == -ERANGE ? "in range" : "a whole number");
			return -1;
		}
		return check_range(spec, v, msg, msgsz);
	case KEY_SIZE:
		rc = parse_size(value, &v);
		if (rc) {
			snprintf(msg, msgsz,
				 "\"%s\" is not a size (like 512M or 2G)", value);
			return -1;
		}
		return check_range(spec, v, msg, msgsz);
	case KEY_BOOL:
		if (!parse_bool(value, &b))
			return 0;
		snprintf(msg, msgsz, "\"%s\" is not yes/no", value);
		return -1;
	case KEY_ENUM:
		if (!check_enum(spec->choices, value))
			return 0;
		snprintf(msg, msgsz, "\"%s\" is not one of %s", value,
			 spec->choices);
		return -1;
	}
	return -1;
}
