/* list.c - the workload catalogue; see list.h. */
#include <string.h>

#include "job.h"
#include "list.h"
#include "workload.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *options_json(const struct opt_desc *d)
{
	json_t *a = json_array();

	for (; a && d->name; d++) {
		json_t *choices = json_null();

		if (d->choices) {
			choices = json_array();
			for (const char *const *c = d->choices; *c; c++)
				json_array_append_new(choices,
						      json_string(*c));
		}
		json_array_append_new(a,
			json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s}",
				  "name", d->name,
				  "type", opt_type_name(d->type),
				  "default", d->def,
				  "min", str_or_null(d->min),
				  "max", str_or_null(d->max),
				  "choices", choices,
				  "help", d->help));
	}
	return a;
}

json_t *list_json(void)
{
	json_t *wls = json_array();

	for (const struct workload *const *w = workloads; wls && *w; w++)
		json_array_append_new(wls,
			json_pack("{s:s, s:s, s:s, s:o}",
				  "name", (*w)->name,
				  "summary", (*w)->summary,
				  "latency", (*w)->latency_what,
				  "options", options_json((*w)->opts)));
	return json_pack("{s:o, s:o}", "agent_options",
			 options_json(job_common_opts), "workloads", wls);
}

static void print_options(FILE *f, const struct opt_desc *d)
{
	char range[64];

	fprintf(f, "  %-16s %-7s %-10s %-18s %s\n", "OPTION", "TYPE",
		"DEFAULT", "RANGE", "HELP");
	for (; d->name; d++) {
		range[0] = '\0';
		if (d->min || d->max)
			snprintf(range, sizeof(range), "%s..%s",
				 d->min ? d->min : "", d->max ? d->max : "");
		else if (d->choices)
			for (const char *const *c = d->choices; *c; c++)
				snprintf(range + strlen(range),
					 sizeof(range) - strlen(range), "%s%s",
					 c == d->choices ? "" : "|", *c);
		fprintf(f, "  %-16s %-7s %-10s %-18s %s\n", d->name,
			opt_type_name(d->type), *d->def ? d->def : "\"\"",
			range, d->help);
	}
}

int list_workloads(FILE *f, int json)
{
	if (json) {
		json_t *all = list_json();
		int rc = all ? json_dumpf(all, f, JSON_INDENT(2)) : -1;

		json_decref(all);
		fputc('\n', f);
		return rc ? -1 : 0;
	}
	for (const struct workload *const *w = workloads; *w; w++) {
		fprintf(f, "%s - %s\n  (hot call timed: %s)\n", (*w)->name,
			(*w)->summary, (*w)->latency_what);
		print_options(f, (*w)->opts);
		fputc('\n', f);
	}
	fprintf(f, "options of every workload:\n");
	print_options(f, job_common_opts);
	return 0;
}
