/*
 * options.h - typed, range-checked workload options (stress-ng style).
 *
 * Each workload declares a table of options; the same table drives parsing
 * of "name=value" arguments, validation (tlbagent check, run on the host
 * before a guest boots), `tlbagent list` and the "params" of the hello
 * message.  Defaults and bounds are written as text and parsed with the
 * option's own parser, so what `list` shows is exactly what is enforced.
 */
#ifndef TLB_OPTIONS_H
#define TLB_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

enum opt_type { OPT_U64, OPT_SIZE, OPT_DOUBLE, OPT_STRING, OPT_BOOL };

struct opt_desc {
	const char *name;
	enum opt_type type;
	const char *def;		/* default, as text */
	const char *min, *max;		/* numeric bounds as text; NULL = none */
	const char *const *choices;	/* OPT_STRING: NULL-terminated, or NULL */
	/* Extra check of a string value: 0, or -1 with why filled. */
	int (*check)(const char *value, char *why, size_t whylen);
	const char *help;
};

#define OPT_MAX		24
#define OPT_TEXT_MAX	256

union opt_value {
	uint64_t u;		/* OPT_U64, OPT_SIZE */
	double d;		/* OPT_DOUBLE */
	int b;			/* OPT_BOOL */
};

struct opt_set {
	const struct opt_desc *desc;	/* table ending with a NULL name */
	unsigned n;
	unsigned given;			/* bit i: option i was set explicitly */
	union opt_value val[OPT_MAX];
	char text[OPT_MAX][OPT_TEXT_MAX];	/* effective value, canonical */
};

/* "u64", "size", "double", "string", "bool". */
const char *opt_type_name(enum opt_type t);

/*
 * opt_set_init - every option at its default.  Returns 0, or -1 with err
 * (field = option) when the table itself is wrong: a default that does not
 * parse or lies outside its bounds, more than OPT_MAX options, a duplicate
 * name.  Unit tests run this on every registered workload.
 */
int opt_set_init(struct opt_set *s, const struct opt_desc *desc,
		 struct parse_error *err);

/* Index of an option, or -1. */
int opt_find(const struct opt_set *s, const char *name);

/*
 * opt_set_value - set option name from text.  Returns 0; -1 with err.field
 * = name and err.msg saying what is wrong (unknown option, not a number of
 * that type, out of range, not one of the choices, too long, rejected by
 * the option's check).
 */
int opt_set_value(struct opt_set *s, const char *name, const char *value,
		  struct parse_error *err);

/*
 * Values by name.  The name must be in the table and of that type: asking
 * for anything else is a bug in the workload and aborts.
 */
uint64_t opt_u64(const struct opt_set *s, const char *name);
double opt_double(const struct opt_set *s, const char *name);
int opt_bool(const struct opt_set *s, const char *name);
const char *opt_str(const struct opt_set *s, const char *name);

#endif
