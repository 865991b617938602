/* tp_format.c - tracefs event format files; see tp_format.h. */
#include <string.h>

#include "numparse.h"
#include "textscan.h"
#include "tp_format.h"

/* Copy [s, e) into out (size n), trimming blanks; -1 if it does not fit. */
static int copy_trim(char *out, size_t n, const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if ((size_t)(e - s) >= n)
		return -1;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return 0;
}

/* The text after "key:" up to the next ';' of a field line. */
static int field_item(const char **p, const char *end, const char *key,
		      char *out, size_t n)
{
	const char *s = *p, *semi;
	size_t klen = strlen(key);

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if ((size_t)(end - s) < klen || memcmp(s, key, klen))
		return -1;
	s += klen;
	semi = memchr(s, ';', (size_t)(end - s));
	if (!semi || copy_trim(out, n, s, semi))
		return -1;
	*p = semi + 1;
	return 0;
}

static int item_uint(const char **p, const char *end, const char *key,
		     unsigned *v, unsigned lineno, struct parse_error *err)
{
	char num[24];
	uint64_t u;

	if (field_item(p, end, key, num, sizeof(num)))
		return parse_error_set(err, lineno, key, "expected \"%s N;\"",
				       key);
	if (parse_u64(num, &u) || u > 0xffff)
		return parse_error_set(err, lineno, key,
				       "\"%s\" is not a number up to 65535",
				       num);
	*v = (unsigned)u;
	return 0;
}

/* "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" */
static int parse_field(const char *s, const char *end, unsigned lineno,
		       struct tp_format *out, struct parse_error *err)
{
	struct tp_field *f;
	char decl[2 * TP_NAME_MAX], *name, *br;
	unsigned sgn;

	if (out->nfields == TP_MAX_FIELDS)
		return parse_error_set(err, lineno, "field",
				       "more than %d fields", TP_MAX_FIELDS);
	f = &out->field[out->nfields];
	memset(f, 0, sizeof(*f));
	if (field_item(&s, end, "field:", decl, sizeof(decl)))
		return parse_error_set(err, lineno, "field",
				       "expected \"field:TYPE NAME;\"");
	name = strrchr(decl, ' ');
	if (!name || !name[1])
		return parse_error_set(err, lineno, "field",
				       "\"%s\": no type before the name", decl);
	*name++ = '\0';
	br = strchr(name, '[');
	if (br)
		*br = '\0';
	if (!*name || strlen(name) >= sizeof(f->name) ||
	    strlen(decl) >= sizeof(f->type))
		return parse_error_set(err, lineno, "field",
				       "bad or too long field name");
	strcpy(f->name, name);
	strcpy(f->type, decl);
	if (item_uint(&s, end, "offset:", &f->offset, lineno, err) ||
	    item_uint(&s, end, "size:", &f->size, lineno, err) ||
	    item_uint(&s, end, "signed:", &sgn, lineno, err))
		return -1;
	if (sgn > 1)
		return parse_error_set(err, lineno, "signed:",
				       "expected 0 or 1, got %u", sgn);
	f->is_signed = (int)sgn;
	f->common = !strncmp(f->name, "common_", 7);
	out->nfields++;
	return 0;
}

static int starts(const char *s, const char *end, const char *key)
{
	size_t n = strlen(key);

	return (size_t)(end - s) >= n && !memcmp(s, key, n);
}

int tp_format_parse(const char *buf, size_t len, struct tp_format *out,
		    struct parse_error *err)
{
	struct textscan ts, line;
	unsigned lineno = 0;
	int have_name = 0, have_id = 0, in_format = 0;

	memset(out, 0, sizeof(*out));
	textscan_init(&ts, buf, len);
	while (textscan_line(&ts, &line)) {
		const char *s = line.p, *e = line.end;

		lineno++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e)
			continue;
		if (starts(s, e, "name:")) {
			if (copy_trim(out->name, sizeof(out->name), s + 5, e) ||
			    !*out->name)
				return parse_error_set(err, lineno, "name",
						       "empty or too long");
			have_name = 1;
		} else if (starts(s, e, "ID:")) {
			char num[24];
			uint64_t id;

			if (copy_trim(num, sizeof(num), s + 3, e) ||
			    parse_u64(num, &id) || id > UINT32_MAX)
				return parse_error_set(err, lineno, "ID",
						       "not a number");
			out->id = (uint32_t)id;
			have_id = 1;
		} else if (starts(s, e, "format:")) {
			in_format = 1;
		} else if (starts(s, e, "field:")) {
			if (!in_format)
				return parse_error_set(err, lineno, "field",
						       "field before format:");
			if (parse_field(s, e, lineno, out, err))
				return -1;
		} else if (starts(s, e, "print fmt:")) {
			s += 10;
			while (s < e && *s == ' ')
				s++;
			out->print_fmt = s;
			out->print_fmt_len = (size_t)(e - s);
		} else {
			return parse_error_set(err, lineno, "",
					       "unexpected line");
		}
	}
	if (!have_name)
		return parse_error_set(err, 0, "name", "no name: line");
	if (!have_id)
		return parse_error_set(err, 0, "ID", "no ID: line");
	if (!in_format)
		return parse_error_set(err, 0, "format", "no format: line");
	return 0;
}

const struct tp_field *tp_format_field(const struct tp_format *f,
				       const char *name)
{
	for (unsigned i = 0; i < f->nfields; i++)
		if (!strcmp(f->field[i].name, name))
			return &f->field[i];
	return NULL;
}
