/* opts.c - table-driven option parsing; see opts.h. */
#include <stdio.h>
#include <string.h>

#include "numparse.h"
#include "opts.h"

const char *opt_kind_name(enum opt_kind kind)
{
	switch (kind) {
	case OPT_U64:
		return "integer";
	case OPT_SIZE:
		return "size";
	case OPT_DOUBLE:
		return "number";
	case OPT_BOOL:
	case OPT_FLAG:
		return "bool";
	case OPT_STR:
		return "string";
	case OPT_ENUM:
		return "choice";
	}
	return "?";
}

/* Names match with '-' and '_' taken as the same character, so a knob is
 * --pv-flush on the command line and pv_flush in a scenario file. */
static int same_name(const char *a, const char *b, size_t len)
{
	if (strlen(a) != len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];

		if (x != y)
			return 0;
	}
	return 1;
}

static const struct opt *find(const struct opt *opts, const char *name,
			      size_t len)
{
	for (; opts->name; opts++)
		if (same_name(opts->name, name, len))
			return opts;
	return NULL;
}

static int range_error(const struct opt *o, const char *value, char *err,
		       size_t errlen)
{
	snprintf(err, errlen, "--%s: \"%s\" is out of range %g..%g", o->name,
		 value, o->min, o->max);
	return -2;
}

static int set_value(const struct opt *o, const char *value, char *err,
		     size_t errlen)
{
	uint64_t u;
	double d;
	int b;

	switch (o->kind) {
	case OPT_U64:
	case OPT_SIZE:
		if ((o->kind == OPT_U64 ? parse_u64(value, &u)
					: parse_size(value, &u))) {
			snprintf(err, errlen, "--%s: \"%s\" is not %s", o->name,
				 value, o->kind == OPT_U64 ? "a whole number"
				 : "a size (e.g. 4096, 256K, 2M, 1T)");
			return -2;
		}
		if ((double)u < o->min || (double)u > o->max)
			return range_error(o, value, err, errlen);
		*(uint64_t *)o->dst = u;
		return 0;
	case OPT_DOUBLE:
		if (parse_double(value, &d)) {
			snprintf(err, errlen, "--%s: \"%s\" is not a number",
				 o->name, value);
			return -2;
		}
		if (d < o->min || d > o->max)
			return range_error(o, value, err, errlen);
		*(double *)o->dst = d;
		return 0;
	case OPT_BOOL:
	case OPT_FLAG:
		if (parse_bool(value, &b)) {
			snprintf(err, errlen, "--%s: \"%s\" is not yes or no",
				 o->name, value);
			return -2;
		}
		*(int *)o->dst = b;
		return 0;
	case OPT_STR:
		if (!value[0]) {
			snprintf(err, errlen, "--%s: empty value", o->name);
			return -2;
		}
		*(const char **)o->dst = value;
		return 0;
	case OPT_ENUM:
		for (int i = 0; o->choices[i]; i++) {
			if (!strcmp(o->choices[i], value)) {
				*(int *)o->dst = i;
				return 0;
			}
		}
		{
			size_t n = (size_t)snprintf(err, errlen,
					"--%s: \"%s\" is not one of", o->name,
					value);

			for (int i = 0; o->choices[i] && n < errlen; i++)
				n += (size_t)snprintf(err + n, errlen - n,
						      " %s", o->choices[i]);
		}
		return -2;
	}
	return -2;
}

int opt_set(const struct opt *opts, const char *name, const char *value,
	    char *err, size_t errlen)
{
	const struct opt *o = find(opts, name, strlen(name));

	if (!o) {
		snprintf(err, errlen, "unknown option \"%s\"", name);
		return -1;
	}
	return set_value(o, value, err, errlen);
}

int opts_parse(const struct opt *opts, int argc, char **argv,
	       const char **pos, unsigned maxpos, unsigned *npos,
	       char *err, size_t errlen)
{
	unsigned n = 0;

	for (int i = 1; i < argc; i++) {
		const char *word = argv[i], *eq, *value;
		const struct opt *o;
		size_t len;

		if (strncmp(word, "--", 2) || !word[2]) {
			if (!pos || n >= maxpos) {
				snprintf(err, errlen, "unexpected argument \"%s\"",
					 word);
				return -1;
			}
			pos[n++] = word;
			continue;
		}
		word += 2;
		eq = strchr(word, '=');
		len = eq ? (size_t)(eq - word) : strlen(word);
		o = find(opts, word, len);
		if (!o) {
			snprintf(err, errlen, "unknown option \"--%.*s\"",
				 (int)len, word);
			return -1;
		}
		/* A flag, or a yes/no option with no value after it. */
		if (!eq && (o->kind == OPT_FLAG ||
			    (o->kind == OPT_BOOL && (i + 1 >= argc ||
					!strncmp(argv[i + 1], "--", 2))))) {
			*(int *)o->dst = 1;
			continue;
		}
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			snprintf(err, errlen, "--%s: missing value", o->name);
			return -1;
		}
		if (set_value(o, value, err, errlen))
			return -1;
	}
	if (npos)
		*npos = n;
	return 0;
}
