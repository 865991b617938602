/* expect.c - expectation expressions; grammar in expect.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "numparse.h"

enum node_kind { N_NUM, N_REF, N_ADD, N_SUB, N_MUL, N_DIV };
enum cmp_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

struct node {
	enum node_kind kind;
	double num;
	char *variant, *metric;
	struct node *l, *r;
};

struct expect_expr {
	enum cmp_op op;
	struct node *l, *r;
};

struct lexer {
	const char *start, *p;
	struct parse_error *err;
	int failed;
};

static const char *const op_text[] = { "<", "<=", ">", ">=", "==", "!=" };

static void *lex_fail(struct lexer *lx, const char *what)
{
	if (!lx->failed)
		parse_error_set(lx->err, 0, "", "column %d: %s",
				(int)(lx->p - lx->start) + 1, what);
	lx->failed = 1;
	return NULL;
}

static void skip_blanks(struct lexer *lx)
{
	while (*lx->p == ' ' || *lx->p == '\t')
		lx->p++;
}

static void free_node(struct node *n)
{
	if (!n)
		return;
	free_node(n->l);
	free_node(n->r);
	free(n->variant);
	free(n->metric);
	free(n);
}

static struct node *new_node(enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n) {
		perror("tlblab");
		exit(2);
	}
	n->kind = kind;
	return n;
}

static int name_char(char c, int allow_dash)
{
	return isalnum((unsigned char)c) || c == '_' || (allow_dash && c == '-');
}

static struct node *parse_sum(struct lexer *lx);

static struct node *parse_number(struct lexer *lx)
{
	char buf[64];
	size_t n = 0;
	struct node *node;

	while ((isdigit((unsigned char)lx->p[n]) || lx->p[n] == '.' ||
		((lx->p[n] == 'e' || lx->p[n] == 'E') && n)) && n < 63)
		n++;
	memcpy(buf, lx->p, n);
	buf[n] = '\0';
	node = new_node(N_NUM);
	if (parse_double(buf, &node->num)) {
		free_node(node);
		return lex_fail(lx, "bad number");
	}
	lx->p += n;
	return node;
}

static struct node *parse_ref(struct lexer *lx)
{
	const char *s = lx->p, *dot;
	struct node *node;

	while (name_char(*lx->p, 1))
		lx->p++;
	if (*lx->p != '.')
		return lex_fail(lx, "expected VARIANT.METRIC");
	dot = lx->p++;
	if (!name_char(*lx->p, 0))
		return lex_fail(lx, "expected a metric name after '.'");
	while (name_char(*lx->p, 0))
		lx->p++;
	node = new_node(N_REF);
	node->variant = strndup(s, (size_t)(dot - s));
	node->metric = strndup(dot + 1, (size_t)(lx->p - dot - 1));
	return node;
}

static struct node *parse_factor(struct lexer *lx)
{
	struct node *n;

	skip_blanks(lx);
	if (*lx->p == '(') {
		lx->p++;
		n = parse_sum(lx);
		if (!n)
			return NULL;
		skip_blanks(lx);
		if (*lx->p != ')') {
			free_node(n);
			return lex_fail(lx, "expected ')'");
		}
		lx->p++;
		return n;
	}
	if (isdigit((unsigned char)*lx->p) || *lx->p == '.')
		return parse_number(lx);
	if (name_char(*lx->p, 0))
		return parse_ref(lx);
	return lex_fail(lx, *lx->p ? "expected a number, VARIANT.METRIC or '('"
				   : "expression ends too early");
}

/* Left-associative chain of factor/term with the two given operators. */
static struct node *parse_chain(struct lexer *lx, int level)
{
	const char *ops = level ? "*/" : "+-";
	struct node *l = level ? parse_factor(lx) : parse_chain(lx, 1);

	while (l) {
		struct node *r, *n;
		char c;

		skip_blanks(lx);
		c = *lx->p;
		if (!c || !strchr(ops, c))
			return l;
		lx->p++;
		r = level ? parse_factor(lx) : parse_chain(lx, 1);
		if (!r) {
			free_node(l);
			return NULL;
		}
		n = new_node(c == '+' ? N_ADD : c == '-' ? N_SUB :
			     c == '*' ? N_MUL : N_DIV);
		n->l = l;
		n->r = r;
		l = n;
	}
	return NULL;
}

static struct node *parse_sum(struct lexer *lx)
{
	return parse_chain(lx, 0);
}

static int parse_op(struct lexer *lx, enum cmp_op *op)
{
	/* Two-character operators first so "<=" is not read as "<". */
	static const int order[] = { OP_LE, OP_GE, OP_EQ, OP_NE, OP_LT, OP_GT };

	skip_blanks(lx);
	for (size_t i = 0; i < 6; i++) {
		size_t n = strlen(op_text[order[i]]);

		if (!strncmp(lx->p, op_text[order[i]], n)) {
			*op = (enum cmp_op)order[i];
			lx->p += n;
			return 0;
		}
	}
	lex_fail(lx, "expected a comparison (< <= > >= == !=)");
	return -1;
}

struct expect_expr *expect_parse(const char *text, struct parse_error *err)
{
	struct lexer lx = { text, text, err, 0 };
	struct expect_expr *e = calloc(1, sizeof(*e));

	if (!e)
		return lex_fail(&lx, "out of memory");
	e->l = parse_sum(&lx);
	if (e->l && !parse_op(&lx, &e->op))
		e->r = parse_sum(&lx);
	skip_blanks(&lx);
	if (e->r && *lx.p)
		lex_fail(&lx, "unexpected text after the expression");
	if (lx.failed) {
		expect_free(e);
		return NULL;
	}
	return e;
}

void expect_free(struct expect_expr *e)
{
	if (!e)
		return;
	free_node(e->l);
	free_node(e->r);
	free(e);
}

static int validate_node(const struct node *n, expect_name_ok variant_ok,
			 void *vctx, expect_name_ok metric_ok, void *mctx,
			 struct parse_error *err)
{
	if (!n)
		return 0;
	if (n->kind == N_REF) {
		if (!variant_ok(vctx, n->variant))
			return parse_error_set(err, 0, "", "no variant \"%s\"",
					       n->variant);
		if (!metric_ok(mctx, n->metric))
			return parse_error_set(err, 0, "",
					       "no metric \"%s\" (tlblab metrics lists them)",
					       n->metric);
	}
	if (validate_node(n->l, variant_ok, vctx, metric_ok, mctx, err))
		return -1;
	return validate_node(n->r, variant_ok, vctx, metric_ok, mctx, err);
}

static int node_uses(const struct node *n, const char *metric)
{
	if (!n)
		return 0;
	if (n->kind == N_REF && !strcmp(n->metric, metric))
		return 1;
	return node_uses(n->l, metric) || node_uses(n->r, metric);
}

int expect_uses_metric(const struct expect_expr *e, const char *metric)
{
	return node_uses(e->l, metric) || node_uses(e->r, metric);
}

int expect_validate(const struct expect_expr *e, expect_name_ok variant_ok,
		    void *vctx, expect_name_ok metric_ok, void *mctx,
		    struct parse_error *err)
{
	if (validate_node(e->l, variant_ok, vctx, metric_ok, mctx, err))
		return -1;
	return validate_node(e->r, variant_ok, vctx, metric_ok, mctx, err);
}

struct eval {
	expect_lookup lookup;
	void *ctx;
	char *out;
	size_t n, used;
	int error;
};

static void say(struct eval *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct eval *ev, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (ev->used >= ev->n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(ev->out + ev->used, ev->n - ev->used, fmt, ap);
	va_end(ap);
	if (k > 0)
		ev->used += (size_t)k;
}

static double eval_node(struct eval *ev, const struct node *n)
{
	static const char sym[] = { 0, 0, '+', '-', '*', '/' };
	double l, r, v;

	switch (n->kind) {
	case N_NUM:
		say(ev, "%g", n->num);
		return n->num;
	case N_REF:
		if (ev->lookup(ev->ctx, n->variant, n->metric, &v)) {
			say(ev, "%s.%s (not measured)", n->variant, n->metric);
			ev->error = 1;
			return NAN;
		}
		say(ev, "%s.%s [%.4g]", n->variant, n->metric, v);
		return v;
	default:
		break;
	}
	say(ev, "(");
	l = eval_node(ev, n->l);
	say(ev, " %c ", sym[n->kind]);
	r = eval_node(ev, n->r);
	say(ev, ")");
	switch (n->kind) {
	case N_ADD:
		return l + r;
	case N_SUB:
		return l - r;
	case N_MUL:
		return l * r;
	default:
		if (r == 0 && !ev->error) {
			ev->error = 1;
			say(ev, " [division by zero]");
		}
		return r == 0 ? NAN : l / r;
	}
}

enum expect_verdict expect_eval(const struct expect_expr *e,
				expect_lookup lookup, void *ctx,
				char *explain, size_t n)
{
	struct eval ev = { lookup, ctx, explain, n, 0, 0 };
	double l, r;
	int ok;

	if (n)
		explain[0] = '\0';
	l = eval_node(&ev, e->l);
	say(&ev, " %s ", op_text[e->op]);
	r = eval_node(&ev, e->r);
	if (ev.error)
		return EXPECT_ERROR;
	say(&ev, "  =>  %.4g %s %.4g", l, op_text[e->op], r);
	switch (e->op) {
	case OP_LT: ok = l < r; break;
	case OP_LE: ok = l <= r; break;
	case OP_GT: ok = l > r; break;
	case OP_GE: ok = l >= r; break;
	case OP_EQ: ok = l == r; break;
	default: ok = l != r; break;
	}
	return ok ? EXPECT_PASS : EXPECT_FAIL;
}
