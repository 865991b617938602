/* profile.c - value|source parameter files over inih; see profile.h. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "numparse.h"
#include "profile.h"

struct reader {
	const char *p, *end;
	unsigned line;		/* lines handed to inih so far */
	unsigned long_line;	/* first line longer than inih's buffer */
};

struct ctx {
	struct reader rd;
	const struct profile_key *keys;
	struct profile_sources *src;
	struct parse_error *err;
	int failed;
	unsigned char seen[PROFILE_MAX_KEYS];
};

/* fgets() over the buffer, counting lines for the handler. */
static char *read_line(char *str, int num, void *stream)
{
	struct reader *rd = stream;
	size_t n = 0, max = num > 1 ? (size_t)num - 1 : 0;

	if (rd->p >= rd->end)
		return NULL;
	rd->line++;
	while (rd->p < rd->end) {
		char c = *rd->p++;

		if (c == '\0')
			c = ' ';	/* inih stops at a NUL */
		if (n + 1 < max)
			str[n++] = c;
		else if (c != '\n' && !rd->long_line)
			rd->long_line = rd->line;
		if (c == '\n')
			break;
	}
	str[n] = '\0';
	return str;
}

static int fail(struct ctx *c, const char *field, const char *fmt,
		const char *a, const char *b)
{
	if (!c->failed) {
		parse_error_set(c->err, c->rd.line, field, fmt, a, b);
		c->failed = 1;
	}
	return 0;
}

/* Unit conversions accepted for a key's unit. */
static int convert(const char *want, const char *got, double *v)
{
	static const struct { const char *want, *got; double mul; } conv[] = {
		{ "ns", "us", 1e3 }, { "ns", "ms", 1e6 }, { "ns", "s", 1e9 },
		{ "us", "ns", 1e-3 }, { "us", "ms", 1e3 }, { "us", "s", 1e6 },
	};

	if (!strcmp(want, got))
		return 0;
	for (size_t i = 0; i < sizeof(conv) / sizeof(conv[0]); i++)
		if (!strcmp(conv[i].want, want) && !strcmp(conv[i].got, got)) {
			*v *= conv[i].mul;
			return 0;
		}
	return -1;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct ctx *c = user;
	char field[80], text[256], *bar, *unit;
	const struct profile_key *k;
	unsigned idx;
	double v;

	if (c->failed)
		return 0;
	snprintf(field, sizeof(field), "%s.%s", section, name);
	for (k = c->keys, idx = 0; k->name; k++, idx++)
		if (!strcmp(k->section, section) && !strcmp(k->name, name))
			break;
	if (!k->name) {
		for (k = c->keys; k->name; k++)
			if (!strcmp(k->section, section))
				return fail(c, field, "unknown key \"%s\" in "
					    "[%s]", name, section);
		return fail(c, field, "unknown section [%s]%s", section, "");
	}
	if (c->seen[idx])
		return fail(c, field, "\"%s\" given twice%s", name, "");
	c->seen[idx] = 1;
	snprintf(text, sizeof(text), "%s", value);
	bar = strchr(text, '|');
	if (!bar)
		return fail(c, field, "no source: write \"VALUE %s| SOURCE\"",
			    k->unit[0] ? "UNIT " : "", "");
	*bar++ = '\0';
	trim(text);
	trim(bar);
	if (!bar[0])
		return fail(c, field, "empty source after \"|\"%s", "", "");
	if (k->kind == PK_WORD) {
		if (!text[0] || strchr(text, ' ') ||
		    strlen(text) >= PROFILE_WORD_LEN)
			return fail(c, field, "\"%s\" is not one word%s", text,
				    "");
		strcpy(k->dst, text);
	} else {
		unit = strpbrk(text, " \t");
		if (unit) {
			*unit++ = '\0';
			trim(unit);
		} else {
			unit = "";
		}
		if (parse_double(text, &v))
			return fail(c, field, "\"%s\" is not a number%s", text,
				    "");
		if (convert(k->unit, unit, &v))
			return fail(c, field, "unit \"%s\", expected \"%s\"",
				    unit, k->unit);
		if (v < k->min || v > k->max) {
			char range[64];

			snprintf(range, sizeof(range), "%g..%g", k->min,
				 k->max);
			return fail(c, field, "%s is out of range %s", text,
				    range);
		}
		*(double *)k->dst = v;
	}
	if (c->src && c->src->n < PROFILE_MAX_KEYS) {
		typeof(c->src->item[0]) *it = &c->src->item[c->src->n++];

		snprintf(it->key, sizeof(it->key), "%s", field);
		snprintf(it->value, sizeof(it->value), "%s", value);
		bar = strchr(it->value, '|');
		if (bar)
			*bar = '\0';
		trim(it->value);
		snprintf(it->source, sizeof(it->source), "%s",
			 strchr(value, '|') + 1);
		trim(it->source);
		it->line = c->rd.line;
	}
	return 1;
}

int profile_parse(const char *buf, size_t len, const struct profile_key *keys,
		  struct profile_sources *src, struct parse_error *err)
{
	struct ctx c = { .rd = { buf, buf + len, 0, 0 }, .keys = keys,
			 .src = src, .err = err };
	unsigned idx;
	int rc;

	if (src)
		src->n = 0;
	for (idx = 0; keys[idx].name; idx++)
		if (idx >= PROFILE_MAX_KEYS)
			return parse_error_set(err, 0, "", "schema too large");
	rc = ini_parse_stream(read_line, &c.rd, handler, &c);
	if (c.rd.long_line)
		return parse_error_set(err, c.rd.long_line, "line",
				       "longer than %d bytes", INI_MAX_LINE - 3);
	if (c.failed)
		return -1;
	if (rc)
		return parse_error_set(err, (unsigned)rc, "line",
				       "expected \"[section]\" or \"key = "
				       "value | source\"");
	for (idx = 0; keys[idx].name; idx++)
		if (keys[idx].required && !c.seen[idx])
			return parse_error_set(err, 0, keys[idx].section,
					       "missing \"%s\" in [%s]",
					       keys[idx].name,
					       keys[idx].section);
	return 0;
}

const char *profile_source(const struct profile_sources *src,
			   const char *section, const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), "%s.%s", section, name);
	for (unsigned i = 0; i < src->n; i++)
		if (!strcmp(src->item[i].key, key))
			return src->item[i].source;
	return NULL;
}

#ifndef PROFILE_DIR
#define PROFILE_DIR "sim/profiles"
#endif

void profile_resolve(const char *prefix, const char *name, char *out,
		     size_t len)
{
	size_t n = strlen(name);

	if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".ini")))
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%s/%s-%s.ini", PROFILE_DIR, prefix, name);
}

int profile_load(const char *prefix, const char *name,
		 int (*parse)(const char *buf, size_t len, void *arg,
			      struct parse_error *err),
		 void *arg, char *msg, size_t msglen)
{
	struct parse_error pe = { 0 };
	char path[512], *buf;
	size_t len;
	int rc;

	profile_resolve(prefix, name, path, sizeof(path));
	rc = read_whole_file(path, 1 << 20, &buf, &len);
	if (rc) {
		snprintf(msg, msglen, "%s: %s", path, strerror(-rc));
		return -1;
	}
	rc = parse(buf, len, arg, &pe);
	free(buf);
	if (rc) {
		snprintf(msg, msglen, "%s:%u: %s%s%s", path, pe.line, pe.field,
			 pe.field[0] ? ": " : "", pe.msg);
		return -1;
	}
	return 0;
}
