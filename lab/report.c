/* report.c - the side-by-side table; see report.h. */
#include <math.h>
#include <string.h>

#include "jpath.h"
#include "metrics.h"
#include "report.h"

#define LABEL_W 30
#define VALUE_W 13

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

static void print_table(FILE *out, const json_t *variants)
{
	size_t i;
	json_t *v;

	fprintf(out, "\n%-*s", LABEL_W, "METRIC");
	json_array_foreach(variants, i, v)
		fprintf(out, " %*.*s", VALUE_W, VALUE_W,
			jpath_str(v, "name"));
	fprintf(out, "  SOURCE\n");
	for (const struct metric *m = metrics; m->name; m++) {
		char label[64];

		if (!row_has_value(m, variants))
			continue;
		snprintf(label, sizeof(label), "%s%s%s", m->label,
			 strcmp(m->unit, "count") && strcmp(m->unit, "1/s") &&
			 strcmp(m->unit, "ratio") ? " " : "",
			 strcmp(m->unit, "count") && strcmp(m->unit, "1/s") &&
			 strcmp(m->unit, "ratio") ? m->unit : "");
		fprintf(out, "%-*s", LABEL_W, label);
		json_array_foreach(variants, i, v) {
			char cell[32] = "-";
			double d;

			if (!jpath_num(json_object_get(v, "metrics"), m->name, &d))
				format_value(d, m->decimals, cell, sizeof(cell));
			fprintf(out, " %*s", VALUE_W, cell);
		}
		fprintf(out, "  %s\n",
			metric_source(m, json_array_get(variants, 0)));
	}
}

static void print_errors(FILE *out, const json_t *variants)
{
	size_t i;
	json_t *v;

	json_array_foreach(variants, i, v) {
		const char *msg = jpath_str(v, "error.message");

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
	print_table(out, variants);
	fputc('\n', out);
	print_errors(out, variants);
	json_array_foreach(expects, i, e) {
		const char *verdict = jpath_str(e, "verdict");

		fprintf(out, "%-5s %s: %s\n", verdict, jpath_str(e, "name"),
			jpath_str(e, "explain"));
		counts[!strcmp(verdict, "PASS") ? 0 :
		       !strcmp(verdict, "FAIL") ? 1 : 2]++;
	}
	fprintf(out, "SUMMARY: %s: %zu passed, %zu failed, %zu errors; "
		"results in %s\n",
		jpath_str(result, "verdict"), counts[0], counts[1], counts[2],
		jpath_str(result, "run_dir") ?: "?");
}
