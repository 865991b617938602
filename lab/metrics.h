/*
 * metrics.h - the named numbers of a variant's result, as the table,
 * expectations and result.json's "metrics" object know them.
 *
 * Every metric is computed from the variant's JSON object in result.json
 * (and nothing else), so a saved result can be re-reported, and every
 * metric says where its number comes from: which side of the VM boundary,
 * which counter.
 */
#ifndef TLBLAB_METRICS_H
#define TLBLAB_METRICS_H

#include <jansson.h>

struct metric {
	const char *name;	/* used in [expect]: VARIANT.NAME */
	const char *label;	/* row label in the table */
	const char *unit;
	const char *source;	/* side and counter */
	/* When set, the string at this path of the variant replaces
	 * source (the host counter depends on the acceleration mode). */
	const char *source_path;
	int decimals;
	/*
	 * The value: either get(), or the number at path times scale
	 * (0 = 1), divided by the window's length when per_s is set.
	 */
	int (*get)(const json_t *variant, double *out);
	const char *path;
	double scale;
	int per_s;
	int needs_exits;	/* only a mode that sees vmexits measures it */
};

/* The table, ended by a NULL name. */
extern const struct metric metrics[];

const struct metric *metric_find(const char *name);
/* m's value for variant: 0 with *out, or -1 when not measured. */
int metric_value(const struct metric *m, const json_t *variant, double *out);
/* Source text of m for this variant (source_path or source). */
const char *metric_source(const struct metric *m, const json_t *variant);
/* Fill variant's "metrics" object with every metric it has. */
void metrics_fill(json_t *variant);

#endif
