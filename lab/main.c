/*
 * tlblab - run scenario files against real guests and report what both
 * sides of the VM boundary measured.  Front end only: the work is in
 * run.c (scenarios), runner.c (one variant), report.c (the table).
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor.h"
#include "jpath.h"
#include "labsim.h"
#include "metrics.h"
#include "numparse.h"
#include "report.h"
#include "run.h"
#include "scenario.h"
#include "scenario_keys.h"

static const char usage[] =
"USAGE: tlblab run FILE [--variant NAME] [--accel MODE] [--repeat N]\n"
"                       [--results DIR] [--json]\n"
"       tlblab check FILE      parse and validate, boot nothing\n"
"       tlblab list [DIR]      scenarios in DIR (default scenarios/)\n"
"       tlblab report RESULT   print the report of a saved result.json\n"
"       tlblab metrics         metrics usable in [expect], with sources\n"
"       tlblab keys            keys of scenario files, with defaults\n"
"       tlblab doctor          which acceleration modes this machine can run\n"
"\n"
"Runs each variant of a scenario in its own QEMU guest, counts IPIs on the\n"
"host side and TLB shootdowns on the guest side over the same window, and\n"
"prints the variants side by side with every number's source.\n"
"\n"
"OPTIONS:\n"
"  --variant NAME   run only this variant\n"
"  --accel MODE     auto|tcg|nested|kvm, overrides the scenario's accel\n"
"  --repeat N       boot each variant N times (1-50, round robin over the\n"
"                   variants); each metric is the mean over the boots, with\n"
"                   its standard deviation on a +- row (as perf stat -r)\n"
"  --results DIR    results root (default ./results)\n"
"  --images FILE    guest images manifest (default build/images/guest.json)\n"
"  --json           print result.json instead of the table\n"
"\n"
"EXIT STATUS: 0 pass, 1 an expectation failed, 2 error (bad input, a\n"
"variant could not run, interrupted), 4 skipped (this machine cannot run\n"
"the requested mode).\n"
"\n"
"EXAMPLES:\n"
"  tlblab run scenarios/jemalloc-dontneed.ini\n"
"  tlblab run scenarios/madvise-flood.ini --variant 2-vcpus\n"
"  tlblab check scenarios/my-case.ini\n"
"  tlblab report results/jemalloc-dontneed/latest/result.json\n";

static int cmd_list(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		perror(dir);
		return 2;
	}
	printf("%-24s %-9s %s\n", "SCENARIO", "VARIANTS", "DESCRIPTION");
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		char path[4096];
		struct parse_error err;
		struct scenario *sc;

		if (len > 4 && !strcmp(name + len - 4, ".ini")) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			sc = scenario_load(path, &err);
			if (!sc) {
				printf("%-24.*s %-9s %s:%u: %s\n", (int)len - 4,
				       name, "-", path, err.line, err.msg);
			} else {
				const char *desc = "";

				for (size_t k = 0; k < sc->nbase; k++)
					if (!strcmp(sc->base[k].key, "description") &&
					    !strcmp(sc->base[k].section, "scenario"))
						desc = sc->base[k].value;
				printf("%-24s %-9zu %s\n", sc->name,
				       sc->nvariants ? sc->nvariants : 1, desc);
				scenario_free(sc);
			}
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_report(const char *path)
{
	json_error_t jerr;
	json_t *result = json_load_file(path, 0, &jerr);

	if (!result) {
		fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
		return 2;
	}
	if (!jpath_str(result, "schema") ||
	    strcmp(jpath_str(result, "schema"), "tlblab.result/1")) {
		fprintf(stderr, "%s: not a tlblab.result/1 file\n", path);
		json_decref(result);
		return 2;
	}
	report_print(stdout, result);
	json_decref(result);
	return 0;
}

static int cmd_metrics(void)
{
	printf("%-20s %-6s %s\n", "METRIC", "UNIT", "SOURCE");
	for (const struct metric *m = metrics; m->name; m++)
		printf("%-20s %-6s %s\n", m->name, m->unit,
		       m->source ? m->source :
		       "host: the mode's IPI counter (tcg: QEMU APIC trace)");
	return 0;
}

static int cmd_keys(void)
{
	printf("%-10s %-14s %-8s %s\n", "SECTION", "KEY", "DEFAULT", "MEANING");
	for (const struct key_spec *k = scenario_keys; k->section; k++)
		if (k->type != KEY_OPEN || strcmp(k->section, "sim"))
			printf("%-10s %-14s %-8s %s\n", k->section, k->name,
			       k->def ? (k->def[0] ? k->def : "\"\"") : "-",
			       k->help);
	for (const struct labsim_key *k = labsim_keys; k->name; k++)
		printf("%-10s %-14s %-8s %s (%s)\n", "sim", k->name, "-",
		       k->help, k->type);
	return 0;
}

static int cmd_doctor(const char *images)
{
	char exe[4096], path[4200];
	ssize_t n;

	if (!images) {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = '\0';
		if (strrchr(exe, '/'))
			*strrchr(exe, '/') = '\0';
		snprintf(path, sizeof(path), "%s/../images/guest.json", exe);
		images = path;
	}
	return lab_doctor(images);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "accel", required_argument, NULL, 'a' },
		{ "results", required_argument, NULL, 'r' },
		{ "images", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "repeat", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_options o = { 0 };
	const char *cmd;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			o.variant = optarg;
			break;
		case 'a':
			if (strcmp(optarg, "auto") && strcmp(optarg, "tcg") &&
			    strcmp(optarg, "nested") && strcmp(optarg, "kvm")) {
				fprintf(stderr, "tlblab: --accel %s: expected "
					"auto, tcg, nested or kvm\n", optarg);
				return 2;
			}
			o.accel = optarg;
			break;
		case 'r':
			o.results = optarg;
			break;
		case 'i':
			o.images = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'n': {
			uint64_t n;

			if (parse_u64(optarg, &n) || n < 1 || n > 50) {
				fprintf(stderr, "tlblab: --repeat %s: expected "
					"a count from 1 to 50\n", optarg);
				return 2;
			}
			o.repeat = (unsigned)n;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[optind++];
	if (!strcmp(cmd, "list"))
		return cmd_list(optind < argc ? argv[optind] : "scenarios");
	if (!strcmp(cmd, "metrics"))
		return cmd_metrics();
	if (!strcmp(cmd, "keys"))
		return cmd_keys();
	if (!strcmp(cmd, "doctor"))
		return cmd_doctor(o.images);
	if (optind + 1 != argc) {
		fprintf(stderr, "tlblab %s: expected one FILE (see --help)\n",
			cmd);
		return 2;
	}
	o.scenario = argv[optind];
	if (!strcmp(cmd, "run"))
		return lab_run(&o);
	if (!strcmp(cmd, "check"))
		return lab_check(&o);
	if (!strcmp(cmd, "report"))
		return cmd_report(o.scenario);
	fprintf(stderr, "tlblab: unknown command \"%s\" (see --help)\n", cmd);
	return 2;
}
