/*
 * opts.h - table-driven options for the model commands and the lab's
 * [sim] section.
 *
 * One table per model names every knob once (name, type, range, help), so
 * the command line, the help text and the scenario-file keys cannot drift
 * apart.  Numbers go through lib/numparse.h (whole string or nothing); a
 * bad value is an error naming the option and its allowed range.
 */
#ifndef SIM_OPTS_H
#define SIM_OPTS_H

#include <stddef.h>
#include <stdint.h>

enum opt_kind {
	OPT_U64,	/* uint64_t, decimal */
	OPT_SIZE,	/* uint64_t bytes, K/M/G/T suffixes */
	OPT_DOUBLE,	/* double */
	OPT_BOOL,	/* int: yes/no/1/0/on/off/true/false */
	OPT_FLAG,	/* int set to 1, takes no value */
	OPT_STR,	/* const char *, points into argv or the caller's value */
	OPT_ENUM,	/* int: index into choices */
};

struct opt {
	const char *name;		/* without "--" */
	enum opt_kind kind;
	void *dst;
	double min, max;		/* inclusive; numeric kinds only */
	const char *const *choices;	/* OPT_ENUM: NULL-terminated */
	const char *help;
};

/* Name of a kind as the lab shows it: "integer", "size", "number"... */
const char *opt_kind_name(enum opt_kind kind);

/*
 * opt_set - give option name the text value.  Returns 0, -1 when the name
 * is not in the table (err says so), or -2 when the value is bad (err
 * names the option, the value and what is allowed).  The table's name list
 * ends with a NULL name.
 */
int opt_set(const struct opt *opts, const char *name, const char *value,
	    char *err, size_t errlen);

/*
 * opts_parse - parse "--name value" and "--name=value" words of argv[1..]
 * ('-' and '_' in names are the same; a yes/no option followed by another
 * option or nothing means yes).
 * Words that do not start with "--" are positional: stored in pos (up to
 * maxpos of them, *npos set) or an error when pos is NULL.  Returns 0 or
 * -1 with err set.
 */
int opts_parse(const struct opt *opts, int argc, char **argv,
	       const char **pos, unsigned maxpos, unsigned *npos,
	       char *err, size_t errlen);

#endif
