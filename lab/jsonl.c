/* jsonl.c - checked JSON lines; see jsonl.h. */
#include <stdio.h>
#include <string.h>

#include "jsonl.h"

static const char *const ftype_name[] = {
	"a string", "a whole number", "a number", "true or false",
	"an object", "an array of whole numbers", "an object or null",
};

static json_t *field_of(json_t *msg, const char *path)
{
	const char *dot = strchr(path, '.');
	char head[64];

	if (!dot)
		return json_object_get(msg, path);
	if ((size_t)(dot - path) >= sizeof(head))
		return NULL;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	return json_object_get(json_object_get(msg, head), dot + 1);
}

static int type_ok(json_t *v, enum jsonl_ftype t)
{
	size_t i;
	json_t *e;

	switch (t) {
	case JF_STRING:
		return json_is_string(v);
	case JF_INT:
		return json_is_integer(v) && json_integer_value(v) >= 0;
	case JF_NUM:
		return json_is_number(v);
	case JF_BOOL:
		return json_is_boolean(v);
	case JF_OBJECT:
		return json_is_object(v);
	case JF_OBJECT_OR_NULL:
		return json_is_object(v) || json_is_null(v);
	case JF_INT_ARRAY:
		if (!json_is_array(v) || json_array_size(v) > 1024)
			return 0;
		json_array_foreach(v, i, e)
			if (!json_is_integer(e) || json_integer_value(e) < 0)
				return 0;
		return 1;
	}
	return 0;
}

int jsonl_reject(struct jsonl_reader *r, const char *field, const char *what)
{
	parse_error_set(&r->bad, r->lineno, field, "%s", what);
	r->broken = 1;
	return -1;
}

static int known_type(const struct jsonl_schema *s, const char *type)
{
	for (const char *const *t = s->types; *t; t++)
		if (!strcmp(*t, type))
			return 1;
	return 0;
}

static int check_fields(struct jsonl_reader *r, json_t *msg, const char *type)
{
	const struct jsonl_schema *s = r->schema;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct jsonl_rule *rule = &s->rules[i];
		json_t *v;

		if (strcmp(rule->type, type))
			continue;
		v = field_of(msg, rule->field);
		if (!v) {
			if (rule->required)
				return jsonl_reject(r, rule->field, "missing");
			continue;
		}
		if (!type_ok(v, rule->ftype)) {
			char what[64];

			snprintf(what, sizeof(what), "must be %s",
				 ftype_name[rule->ftype]);
			return jsonl_reject(r, rule->field, what);
		}
	}
	return 0;
}

/* One complete line (without its newline). */
static int take_line(struct jsonl_reader *r, const char *text, size_t n,
		     jsonl_line_fn on_line, void *ctx)
{
	json_error_t jerr;
	json_t *msg = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	const char *type;
	char what[200];
	json_t *v;
	int rc;

	if (!msg) {
		snprintf(what, sizeof(what), "not JSON: %s (column %d)",
			 jerr.text, jerr.column);
		return jsonl_reject(r, "", what);
	}
	if (!json_is_object(msg)) {
		json_decref(msg);
		return jsonl_reject(r, "", "not a JSON object");
	}
	v = json_object_get(msg, "v");
	if (!json_is_integer(v) || json_integer_value(v) != r->schema->version) {
		json_decref(msg);
		snprintf(what, sizeof(what), "protocol version is not %d",
			 r->schema->version);
		return jsonl_reject(r, "v", what);
	}
	type = json_string_value(json_object_get(msg, "type"));
	if (!type) {
		json_decref(msg);
		return jsonl_reject(r, "type", "missing");
	}
	if (!known_type(r->schema, type)) {
		json_decref(msg);
		return jsonl_reject(r, "type", "unknown message type");
	}
	rc = check_fields(r, msg, type);
	if (!rc && on_line)
		rc = on_line(ctx, msg, type);
	json_decref(msg);
	return rc;
}

void jsonl_init(struct jsonl_reader *r, const struct jsonl_schema *schema)
{
	memset(r, 0, sizeof(*r));
	r->schema = schema;
}

int jsonl_feed(struct jsonl_reader *r, const char *data, size_t n,
	       jsonl_line_fn on_line, void *ctx)
{
	size_t max = r->schema->max_line;

	for (size_t i = 0; i < n && !r->broken; i++) {
		if (data[i] != '\n') {
			if (r->len + 1 >= max) {
				char what[64];

				r->lineno++;
				snprintf(what, sizeof(what),
					 "line longer than %zu bytes", max);
				jsonl_reject(r, "", what);
				break;
			}
			r->line[r->len++] = data[i];
			continue;
		}
		r->lineno++;
		/* A tty may still add '\r'; an empty line is noise. */
		if (r->len && r->line[r->len - 1] == '\r')
			r->len--;
		if (r->len)
			take_line(r, r->line, r->len, on_line, ctx);
		r->len = 0;
	}
	return r->broken ? -1 : 0;
}
