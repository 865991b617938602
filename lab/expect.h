/*
 * expect.h - a scenario's expectations: comparisons between variants'
 * metrics, like "baseline.host_ipis_per_s >= 10 * decay-off.host_ipis_per_s".
 *
 * Grammar:  check  := sum OP sum          OP: < <= > >= == !=
 *           sum    := term (('+'|'-') term)*
 *           term   := factor (('*'|'/') factor)*
 *           factor := NUMBER | VARIANT.METRIC | '(' sum ')'
 * Variant names may contain '-', so a minus between names needs blanks
 * around it.  Parsing and evaluation never print; evaluation fills a
 * one-line explanation with every value it used.
 */
#ifndef TLBLAB_EXPECT_H
#define TLBLAB_EXPECT_H

#include <stddef.h>

#include "parse_error.h"

struct expect_expr;

/* Parse text; NULL with err->msg (naming the column) on a syntax error. */
struct expect_expr *expect_parse(const char *text, struct parse_error *err);
void expect_free(struct expect_expr *e);

typedef int (*expect_name_ok)(void *ctx, const char *name);
/*
 * expect_validate - check every VARIANT.METRIC against the two callbacks
 * (return nonzero when the name exists).  Returns 0, or -1 with err.
 */
int expect_validate(const struct expect_expr *e, expect_name_ok variant_ok,
		    void *vctx, expect_name_ok metric_ok, void *mctx,
		    struct parse_error *err);

/* 1 if e references metric in any variant. */
int expect_uses_metric(const struct expect_expr *e, const char *metric);

/* Looks up a measured value: 0 with *value, or -1 when not measured. */
typedef int (*expect_lookup)(void *ctx, const char *variant,
			     const char *metric, double *value);

enum expect_verdict { EXPECT_PASS, EXPECT_FAIL, EXPECT_ERROR };

/*
 * expect_eval - evaluate e.  Returns PASS or FAIL, or ERROR when a value
 * was not measured or a division by zero happened; explain (size n) gets
 * the expression with each reference's value, the two sides' values, and
 * for ERROR what was missing.
 */
enum expect_verdict expect_eval(const struct expect_expr *e,
				expect_lookup lookup, void *ctx,
				char *explain, size_t n);

#endif
