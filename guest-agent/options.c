/* options.c - typed workload options; see options.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"
#include "options.h"

static const char *const type_names[] = {
	[OPT_U64] = "u64",
	[OPT_SIZE] = "size",
	[OPT_DOUBLE] = "double",
	[OPT_STRING] = "string",
	[OPT_BOOL] = "bool",
};

const char *opt_type_name(enum opt_type t)
{
	return (unsigned)t <= OPT_BOOL ? type_names[t] : "?";
}

int opt_find(const struct opt_set *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->desc[i].name, name))
			return (int)i;
	return -1;
}

static const char *kind_example(enum opt_type t)
{
	switch (t) {
	case OPT_U64:
		return "an unsigned integer";
	case OPT_SIZE:
		return "a size (e.g. 4096, 256K, 1M)";
	case OPT_DOUBLE:
		return "a number";
	case OPT_BOOL:
		return "a boolean (1/0, yes/no, true/false, on/off)";
	default:
		return "a string";
	}
}

/* Parse text as the option's type into *v; strings always parse. */
static int parse_typed(enum opt_type t, const char *text, union opt_value *v)
{
	switch (t) {
	case OPT_U64:
		return parse_u64(text, &v->u);
	case OPT_SIZE:
		return parse_size(text, &v->u);
	case OPT_DOUBLE:
		return parse_double(text, &v->d);
	case OPT_BOOL:
		return parse_bool(text, &v->b);
	default:
		return 0;
	}
}

/* -1 if a < b, 0 if equal, 1 if a > b, for numeric types. */
static int compare(enum opt_type t, const union opt_value *a,
		   const union opt_value *b)
{
	if (t == OPT_DOUBLE)
		return (a->d > b->d) - (a->d < b->d);
	return (a->u > b->u) - (a->u < b->u);
}

static int in_choices(const char *const *choices, const char *value)
{
	for (; *choices; choices++)
		if (!strcmp(*choices, value))
			return 1;
	return 0;
}

static void list_choices(const char *const *choices, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (; *choices && used < size; choices++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 used ? ", " : "", *choices);
}

static void canonical_text(const struct opt_desc *d, const char *text,
			   const union opt_value *v, char *out)
{
	switch (d->type) {
	case OPT_U64:
	case OPT_SIZE:
		snprintf(out, OPT_TEXT_MAX, "%llu", (unsigned long long)v->u);
		break;
	case OPT_BOOL:
		snprintf(out, OPT_TEXT_MAX, "%s", v->b ? "true" : "false");
		break;
	default:
		snprintf(out, OPT_TEXT_MAX, "%s", text);
	}
}

static int check_bound(const struct opt_desc *d, const union opt_value *v,
		       const char *text, const char *bound, int sign,
		       struct parse_error *err)
{
	union opt_value b;

	if (!bound)
		return 0;
	if (parse_typed(d->type, bound, &b))
		return parse_error_set(err, 0, d->name,
				       "bad bound \"%s\" in the option table",
				       bound);
	if (compare(d->type, v, &b) == sign)
		return parse_error_set(err, 0, d->name, "%.40s is %s %s",
				       text, sign < 0 ? "below the minimum"
						      : "above the maximum",
				       bound);
	return 0;
}

/* Validate text for option i and store it; the heart of opt_set_value. */
static int set_index(struct opt_set *s, unsigned i, const char *value,
		     struct parse_error *err)
{
	const struct opt_desc *d = &s->desc[i];
	union opt_value v = { 0 };
	char why[160];
	int rc;

	if (strlen(value) >= OPT_TEXT_MAX)
		return parse_error_set(err, 0, d->name,
				       "value longer than %d bytes",
				       OPT_TEXT_MAX - 1);
	rc = parse_typed(d->type, value, &v);
	if (rc == -ERANGE)
		return parse_error_set(err, 0, d->name,
				       "\"%.40s\" is too large", value);
	if (rc)
		return parse_error_set(err, 0, d->name,
				       "\"%.40s\" is not %s", value,
				       kind_example(d->type));
	if (d->type != OPT_STRING && d->type != OPT_BOOL &&
	    (check_bound(d, &v, value, d->min, -1, err) ||
	     check_bound(d, &v, value, d->max, 1, err)))
		return -1;
	if (d->choices && !in_choices(d->choices, value)) {
		list_choices(d->choices, why, sizeof(why));
		return parse_error_set(err, 0, d->name,
				       "\"%.40s\" is not one of: %s", value, why);
	}
	if (d->check && d->check(value, why, sizeof(why)))
		return parse_error_set(err, 0, d->name, "%s", why);
	s->val[i] = v;
	canonical_text(d, value, &v, s->text[i]);
	return 0;
}

int opt_set_init(struct opt_set *s, const struct opt_desc *desc,
		 struct parse_error *err)
{
	memset(s, 0, sizeof(*s));
	s->desc = desc;
	for (s->n = 0; desc[s->n].name; s->n++) {
		if (s->n >= OPT_MAX)
			return parse_error_set(err, 0, desc[s->n].name,
					       "more than %d options", OPT_MAX);
		if (opt_find(s, desc[s->n].name) >= 0)
			return parse_error_set(err, 0, desc[s->n].name,
					       "option listed twice");
	}
	for (unsigned i = 0; i < s->n; i++)
		if (set_index(s, i, desc[i].def, err)) {
			/* Say it is the table's fault, not the user's. */
			if (err) {
				char msg[sizeof(err->msg)];

				snprintf(msg, sizeof(msg), "default: %s",
					 err->msg);
				memcpy(err->msg, msg, sizeof(msg));
			}
			return -1;
		}
	return 0;
}

int opt_set_value(struct opt_set *s, const char *name, const char *value,
		  struct parse_error *err)
{
	int i = opt_find(s, name);

	if (i < 0)
		return parse_error_set(err, 0, name, "unknown option");
	if (set_index(s, (unsigned)i, value, err))
		return -1;
	s->given |= 1u << i;
	return 0;
}

static unsigned must_find(const struct opt_set *s, const char *name,
			  enum opt_type a, enum opt_type b)
{
	int i = opt_find(s, name);

	if (i < 0 || (s->desc[i].type != a && s->desc[i].type != b))
		abort();	/* a workload asked for an option it lacks */
	return (unsigned)i;
}

uint64_t opt_u64(const struct opt_set *s, const char *name)
{
	return s->val[must_find(s, name, OPT_U64, OPT_SIZE)].u;
}

double opt_double(const struct opt_set *s, const char *name)
{
	return s->val[must_find(s, name, OPT_DOUBLE, OPT_DOUBLE)].d;
}

int opt_bool(const struct opt_set *s, const char *name)
{
	return s->val[must_find(s, name, OPT_BOOL, OPT_BOOL)].b;
}

const char *opt_str(const struct opt_set *s, const char *name)
{
	return s->text[must_find(s, name, OPT_STRING, OPT_STRING)];
}
