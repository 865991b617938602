/* report.c - the side-by-side table; see report.h. */
#include <math.h>
#include <string.h>

#include "jpath.h"
#include "metrics.h"
#include "report.h"

#define LABEL_W 30
#define VALUE_W 11

/* 1234567.8 -> "1,234,568" (decimals 0) or "12.3" (decimals 1). */
static void format_value(double v, int decimals, char *out, size_t n)
{
	char digits[64];
	size_t len, o = 0;

	if (decimals > 0 || fabs(v) < 1000) {
		snprintf(out, n, "%.*f", decimals, v);
		return;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	len = strlen(digits);
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static int row_has_value(const struct metric *m, const json_t *variants)
{
	size_t i;
	json_t *v;
	double d;

	json_array_foreach(variants, i, v)
		if (!jpath_num(json_object_get(v, "metrics"), m->name, &d))
			return 1;
	return 0;
}

static void print_header(FILE *out, const json_t *result)
{
	const json_t *variants = json_object_get(result, "variants");
	const json_t *first = json_array_get(variants, 0);
	const char *desc = jpath_str(result, "scenario.description");

	fprintf(out, "\ntlblab %s: %s\n", jpath_str(result, "scenario.name"),
		desc && desc[0] ? desc : "");
	if (first) {
		double vcpus = 0, mem = 0;

		jpath_num(first, "config.vcpus", &vcpus);
		jpath_num(first, "config.memory_mb", &mem);
		fprintf(out, "mode %s: %s\n", jpath_str(first, "mode"),
			jpath_str(first, "mode_meaning"));
		fprintf(out, "guest: kernel %s, %.0f vCPUs, %.0f MiB; workload %s\n",
			jpath_str(result, "images.kernel_release") ?: "?", vcpus,
			mem, jpath_str(first, "config.workload"));
	}
}

/* Units that need no mention next to the label. */
static int plain_unit(const char *unit)
{
	return !strcmp(unit, "count") || !strcmp(unit, "1/s") ||
	       !strcmp(unit, "ratio");
}

/* One value per variant, at path in each, formatted as m's ("-" where
 * absent), after a label. */
static void print_cells(FILE *out, const char *label, const json_t *variants,
			const char *path, const struct metric *m, int width)
{
	size_t i;
	json_t *v;

	fprintf(out, "%-*s", LABEL_W, label);
	json_array_foreach(variants, i, v) {
		char cell[32] = "-";
		double d;

		if (!jpath_num(v, path, &d))
			format_value(d, m->decimals, cell, sizeof(cell));
		fprintf(out, " %*s", width, cell);
	}
}

/* The simulator's prediction of m, as a row under the measured one. */
static void print_predicted(FILE *out, const json_t *variants,
			    const struct metric *m, int width)
{
	const char *model = NULL, *profile = NULL;
	char path[96];
	size_t i;
	json_t *v;
	double d;

	snprintf(path, sizeof(path), "sim.metrics.%s.value", m->name);
	json_array_foreach(variants, i, v)
		if (!jpath_num(v, path, &d)) {
			model = jpath_str(v, "sim.model");
			profile = jpath_str(v, "sim.profile");
		}
	if (!model)
		return;
	print_cells(out, "  predicted", variants, path, m, width);
	fprintf(out, "  sim: tlbsim %s, profile %s\n", model, profile);
}

/* The spread over a variant's boots (--repeat), as a row under m's when
 * it is not 0 everywhere. */
static void print_spread(FILE *out, const json_t *variants,
			 const struct metric *m, int width)
{
	char path[96];
	int any = 0, nmin = 0, nmax = 0;
	size_t i;
	json_t *v;
	double d;

	snprintf(path, sizeof(path), "metrics_spread.%s.sd", m->name);
	json_array_foreach(variants, i, v)
		if (!jpath_num(v, path, &d) && d > 0) {
			double n = 0;
			char np[96];

			snprintf(np, sizeof(np), "metrics_spread.%s.n", m->name);
			jpath_num(v, np, &n);
			nmin = !any || (int)n < nmin ? (int)n : nmin;
			nmax = (int)n > nmax ? (int)n : nmax;
			any = 1;
		}
	if (!any)
		return;
	print_cells(out, "  +- (sd over boots)", variants, path, m, width);
	if (nmin == nmax)
		fprintf(out, "  sample standard deviation over %d boots\n",
			nmin);
	else
		fprintf(out, "  sample standard deviation over %d-%d boots\n",
			nmin, nmax);
}

static void print_table(FILE *out, const json_t *variants)
{
	size_t i;
	json_t *v;
	int width = VALUE_W;

	/* Columns as wide as the longest variant name. */
	json_array_foreach(variants, i, v) {
		int n = (int)strlen(jpath_str(v, "name") ?: "");

		if (n > width)
			width = n;
	}
	fprintf(out, "\n%-*s", LABEL_W, "METRIC");
	json_array_foreach(variants, i, v)
		fprintf(out, " %*s", width, jpath_str(v, "name"));
	fprintf(out, "  SOURCE\n");
	for (const struct metric *m = metrics; m->name; m++) {
		char label[64], path[96];

		if (!row_has_value(m, variants))
			continue;
		if (plain_unit(m->unit))
			snprintf(label, sizeof(label), "%s", m->label);
		else
			snprintf(label, sizeof(label), "%s (%s)", m->label,
				 m->unit);
		snprintf(path, sizeof(path), "metrics.%s", m->name);
		print_cells(out, label, variants, path, m, width);
		fprintf(out, "  %s%s\n",
			metric_source(m, json_array_get(variants, 0)),
			json_object_get(json_array_get(variants, 0),
					"metrics_spread") ? "; mean over boots"
			: "");
		print_spread(out, variants, m, width);
		print_predicted(out, variants, m, width);
	}
}

static void print_errors(FILE *out, const json_t *variants)
{
	size_t i;
	json_t *v;

	json_array_foreach(variants, i, v) {
		const char *msg = jpath_str(v, "error.message");
		const char *skip = jpath_str(v, "skip_reason");

		const char *sim_err = jpath_str(v, "sim.error");

		if (skip)
			fprintf(out, "SKIP  %s: %s\n", jpath_str(v, "name"), skip);
		if (sim_err)
			fprintf(out, "NOTE  %s: no prediction: %s\n",
				jpath_str(v, "name"), sim_err);

		if (msg)
			fprintf(out, "ERROR %s: %s: %s\n", jpath_str(v, "name"),
				jpath_str(v, "error.phase"), msg);
	}
}

void report_print(FILE *out, const json_t *result)
{
	const json_t *variants = json_object_get(result, "variants");
	const json_t *expects = json_object_get(result, "expectations");
	size_t i, counts[4] = { 0 };
	json_t *e;

	print_header(out, result);
	json_array_foreach(variants, i, e) {
		const char *desc = jpath_str(e, "description");

		if (desc && desc[0])
			fprintf(out, "  %-14s %s\n", jpath_str(e, "name"), desc);
	}
	print_table(out, variants);
	fputc('\n', out);
	print_errors(out, variants);
	json_array_foreach(expects, i, e) {
		const char *verdict = jpath_str(e, "verdict");

		fprintf(out, "%-5s %s: %s\n", verdict, jpath_str(e, "name"),
			jpath_str(e, "explain"));
		counts[!strcmp(verdict, "PASS") ? 0 :
		       !strcmp(verdict, "FAIL") ? 1 :
		       !strcmp(verdict, "SKIP") ? 3 : 2]++;
	}
	fprintf(out, "SUMMARY: %s: %zu passed, %zu failed, %zu errors, "
		"%zu skipped; results in %s\n",
		jpath_str(result, "verdict"), counts[0], counts[1], counts[2],
		counts[3], jpath_str(result, "run_dir") ?: "?");
}
