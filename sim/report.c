/* report.c - named results and their two renderings; see report.h. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void report_init(struct report *r, const char *model)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->model, sizeof(r->model), "%s", model);
}

void report_free(struct report *r)
{
	for (unsigned i = 0; i < r->ntables; i++)
		free(r->tables[i].cells);
	for (unsigned i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->tables);
	free(r->notes);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

struct report_table *report_table(struct report *r, const char *name,
				  unsigned ncols, ...)
{
	struct report_table *grown, *t;
	va_list ap;

	if (ncols == 0 || ncols > REPORT_MAX_COLS)
		return NULL;
	grown = realloc(r->tables, (r->ntables + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	r->tables = grown;
	t = &r->tables[r->ntables++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->ncols = ncols;
	va_start(ap, ncols);
	for (unsigned c = 0; c < ncols; c++) {
		const char *spec = va_arg(ap, const char *);
		const char *colon = strchr(spec, ':');
		size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

		if (n >= sizeof(t->col[c].name))
			n = sizeof(t->col[c].name) - 1;
		memcpy(t->col[c].name, spec, n);
		if (colon)
			snprintf(t->col[c].unit, sizeof(t->col[c].unit), "%s",
				 colon + 1);
	}
	va_end(ap);
	return t;
}

int report_row(struct report_table *t)
{
	if (t->nrows == t->cap) {
		unsigned cap = t->cap ? t->cap * 2 : 8;
		struct report_cell *c;

		c = realloc(t->cells, (size_t)cap * t->ncols * sizeof(*c));
		if (!c)
			return -1;
		t->cells = c;
		t->cap = cap;
	}
	memset(&t->cells[(size_t)t->nrows * t->ncols], 0,
	       t->ncols * sizeof(*t->cells));
	return (int)t->nrows++;
}

static struct report_cell *last_cell(struct report_table *t, unsigned col)
{
	if (!t->nrows || col >= t->ncols)
		return NULL;
	return &t->cells[(size_t)(t->nrows - 1) * t->ncols + col];
}

void report_num(struct report_table *t, unsigned col, double v, int decimals)
{
	struct report_cell *c = last_cell(t, col);

	if (!c)
		return;
	c->is_str = 0;
	c->num = v;
	c->decimals = decimals;
}

void report_str(struct report_table *t, unsigned col, const char *fmt, ...)
{
	struct report_cell *c = last_cell(t, col);
	va_list ap;

	if (!c)
		return;
	c->is_str = 1;
	va_start(ap, fmt);
	vsnprintf(c->str, sizeof(c->str), fmt, ap);
	va_end(ap);
}

int report_note(struct report *r, const char *fmt, ...)
{
	char **grown, *line;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	grown = realloc(r->notes, (r->nnotes + 1) * sizeof(*grown));
	if (!grown) {
		free(line);
		return -1;
	}
	r->notes = grown;
	r->notes[r->nnotes++] = line;
	return 0;
}

int report_set_text(struct report *r, const char *text)
{
	char *copy = strdup(text);

	if (!copy)
		return -1;
	free(r->text);
	r->text = copy;
	return 0;
}

int report_set_formatted(struct report *r,
			 size_t (*format)(void *arg, char *buf, size_t len),
			 void *arg)
{
	size_t need = format(arg, NULL, 0);
	char *text = malloc(need + 1);

	if (!text)
		return -1;
	format(arg, text, need + 1);
	free(r->text);
	r->text = text;
	return 0;
}

static void cell_text(const struct report_cell *c, char *buf, size_t len)
{
	if (c->is_str)
		snprintf(buf, len, "%s", c->str);
	else
		snprintf(buf, len, "%.*f", c->decimals, c->num);
}

static void header_text(const struct report_col *col, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, col->unit[0] ? "%s(%s)" : "%s", col->name,
		 col->unit);
	/* Units keep their case (GiB, us); names go upper case. */
	for (i = 0; buf[i] && buf[i] != '('; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
}

void report_print_text(const struct report *r, FILE *out)
{
	char buf[96];

	if (r->text) {
		fputs(r->text, out);
		return;
	}
	for (unsigned ti = 0; ti < r->ntables; ti++) {
		const struct report_table *t = &r->tables[ti];
		size_t width[REPORT_MAX_COLS];

		for (unsigned c = 0; c < t->ncols; c++) {
			header_text(&t->col[c], buf, sizeof(buf));
			width[c] = strlen(buf);
			for (unsigned row = 0; row < t->nrows; row++) {
				cell_text(&t->cells[row * t->ncols + c], buf,
					  sizeof(buf));
				if (strlen(buf) > width[c])
					width[c] = strlen(buf);
			}
		}
		if (ti)
			fputc('\n', out);
		for (unsigned c = 0; c < t->ncols; c++) {
			header_text(&t->col[c], buf, sizeof(buf));
			fprintf(out, c ? "  %*s" : "%-*s", (int)width[c], buf);
		}
		fputc('\n', out);
		for (unsigned row = 0; row < t->nrows; row++) {
			for (unsigned c = 0; c < t->ncols; c++) {
				cell_text(&t->cells[row * t->ncols + c], buf,
					  sizeof(buf));
				fprintf(out, c ? "  %*s" : "%-*s",
					(int)width[c], buf);
			}
			fputc('\n', out);
		}
	}
	if (r->nnotes)
		fputc('\n', out);
	for (unsigned i = 0; i < r->nnotes; i++)
		fprintf(out, "note: %s\n", r->notes[i]);
}

/* Whole numbers shown without decimals are JSON integers. */
static json_t *cell_json(const struct report_cell *c)
{
	if (c->is_str)
		return json_string(c->str);
	if (c->decimals == 0 && fabs(c->num) < 9e18 &&
	    c->num == (double)(json_int_t)c->num)
		return json_integer((json_int_t)c->num);
	return json_real(c->num);
}

static json_t *table_json(const struct report_table *t)
{
	json_t *obj = json_object(), *units = json_object(),
	       *rows = json_array();

	if (!obj || !units || !rows)
		goto fail;
	for (unsigned c = 0; c < t->ncols; c++)
		if (json_object_set_new(units, t->col[c].name,
					json_string(t->col[c].unit)))
			goto fail;
	for (unsigned row = 0; row < t->nrows; row++) {
		json_t *o = json_object();

		if (!o || json_array_append_new(rows, o))
			goto fail;
		for (unsigned c = 0; c < t->ncols; c++) {
			const struct report_cell *cell =
				&t->cells[row * t->ncols + c];
			json_t *v = cell_json(cell);

			if (json_object_set_new(o, t->col[c].name, v))
				goto fail;
		}
	}
	json_object_set_new(obj, "units", units);
	json_object_set_new(obj, "rows", rows);
	return obj;
fail:
	json_decref(obj);
	json_decref(units);
	json_decref(rows);
	return NULL;
}

int report_print_json(const struct report *r, FILE *out)
{
	json_t *root = json_object(), *tables = json_object(),
	       *notes = json_array();
	int rc = -1;

	if (!root || !tables || !notes)
		goto out;
	for (unsigned i = 0; i < r->ntables; i++) {
		json_t *t = table_json(&r->tables[i]);

		if (!t || json_object_set_new(tables, r->tables[i].name, t))
			goto out;
	}
	for (unsigned i = 0; i < r->nnotes; i++)
		if (json_array_append_new(notes, json_string(r->notes[i])))
			goto out;
	json_object_set_new(root, "model", json_string(r->model));
	json_object_set(root, "tables", tables);
	json_object_set(root, "notes", notes);
	if (r->text)
		json_object_set_new(root, "text", json_string(r->text));
	if (json_dumpf(root, out, JSON_COMPACT | JSON_REAL_PRECISION(10)) == 0) {
		fputc('\n', out);
		rc = 0;
	}
out:
	json_decref(root);
	json_decref(tables);
	json_decref(notes);
	return rc;
}
