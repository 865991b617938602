/*
 * report.h - what a model measured, as named values with units, so one
 * renderer prints the human table and the JSON from the same data (the
 * stress-ng habit: models measure, drivers print).
 *
 * A report holds tables (columns with units, rows of cells) and notes (one
 * line each: where a number came from, what the model leaves out).  Models
 * fill a report and return a code; only front ends call the render
 * functions, which write to the FILE the caller gives.
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdio.h>

#define REPORT_MAX_COLS		16
#define REPORT_NAME_LEN		40
#define REPORT_STR_LEN		64

struct report_cell {
	int is_str;		/* 1: str, 0: num */
	int decimals;		/* digits after the point in the text form */
	double num;
	char str[REPORT_STR_LEN];
};

struct report_col {
	char name[REPORT_NAME_LEN];	/* JSON key, lower_case */
	char unit[16];			/* "" when the value has no unit */
};

struct report_table {
	char name[REPORT_NAME_LEN];
	unsigned ncols;
	struct report_col col[REPORT_MAX_COLS];
	unsigned nrows, cap;
	struct report_cell *cells;	/* nrows * ncols, row-major */
};

struct report {
	char model[REPORT_NAME_LEN];
	unsigned ntables;
	struct report_table *tables;
	unsigned nnotes;
	char **notes;
	/* Text the model must show verbatim (e.g. a kernel file's exact
	 * layout): the text renderer prints it instead of the tables; JSON
	 * carries the tables and this as "text". */
	char *text;
};

void report_init(struct report *r, const char *model);
void report_free(struct report *r);

/*
 * report_table - start a table whose columns are given as "name:unit"
 * strings (unit optional), e.g. report_table(r, "hvo", 3, "total:GiB",
 * "page_size", "saved:GiB").  Returns the table, or NULL when out of
 * memory or ncols is 0 or above REPORT_MAX_COLS.
 */
struct report_table *report_table(struct report *r, const char *name,
				  unsigned ncols, ...);
/*
 * report_row - append a row; then fill its cells with report_num/str.
 * Returns the row index, or -1 when out of memory.
 */
int report_row(struct report_table *t);
void report_num(struct report_table *t, unsigned col, double v,
		int decimals);
void report_str(struct report_table *t, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add a note line; returns 0 or -1 when out of memory. */
int report_note(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set the verbatim text (copied); returns 0 or -1 when out of memory. */
int report_set_text(struct report *r, const char *text);
/*
 * report_set_formatted - set the text from a formatter that works like
 * snprintf (writes at most len bytes, returns the length it needs):
 * called once to size, once to fill.  Returns 0 or -1 (out of memory).
 */
int report_set_formatted(struct report *r,
			 size_t (*format)(void *arg, char *buf, size_t len),
			 void *arg);

/* Fixed-width text: one block per table, ALL-CAPS headers with units. */
void report_print_text(const struct report *r, FILE *out);
/* One JSON object: {"model":..,"tables":{name:[{col:val,..}]},"notes":[..]}.
 * Returns 0, or -1 when out of memory. */
int report_print_json(const struct report *r, FILE *out);

#endif
