/*
 * apic_trace.c - decoder for QEMU's apic_mem_writel trace lines; see
 * apic_trace.h.  Hand-rolled rather than sscanf: it runs once per line of
 * a trace that grows by tens of thousands of lines a second, and it must
 * reject what sscanf would quietly accept (signs, blanks, overflow).
 */
#include <string.h>

#include "apic_trace.h"

static const char EVENT[] = "apic_mem_writel";

struct cursor {
	const char *p, *end;
};

static int peek(const struct cursor *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int expect(struct cursor *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n))
		return -1;
	c->p += n;
	return 0;
}

/* 1..max_digits decimal digits; max_digits < 20 cannot overflow. */
static int decimal(struct cursor *c, unsigned max_digits, uint64_t *out)
{
	uint64_t v = 0;
	unsigned n = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (++n > max_digits)
			return -1;
		v = v * 10 + (uint64_t)(*c->p++ - '0');
	}
	*out = v;
	return n ? 0 : -1;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "0x" and 1..8 hex digits (a 32-bit value). */
static int hex32(struct cursor *c, uint32_t *out)
{
	uint32_t v = 0;
	unsigned n = 0;
	int d;

	if (expect(c, "0x"))
		return -1;
	while ((d = hexval(peek(c))) >= 0) {
		if (++n > 8)
			return -1;
		v = v << 4 | (uint32_t)d;
		c->p++;
	}
	*out = v;
	return n ? 0 : -1;
}

/* "TID@SECONDS.MICROSECONDS:" as printed by -msg timestamp=on. */
static int prefix(struct cursor *c, struct apic_write *out,
		  struct parse_error *err)
{
	uint64_t tid, sec, usec;
	const char *frac;

	if (decimal(c, 10, &tid) || tid > UINT32_MAX || expect(c, "@"))
		return parse_error_set(err, 0, "tid",
				       "expected \"TID@SECONDS.USEC:\"");
	/* Past 2262 the time would not fit int64 nanoseconds. */
	if (decimal(c, 10, &sec) || sec > INT64_MAX / 1000000000 - 1 ||
	    expect(c, "."))
		return parse_error_set(err, 0, "time",
				       "expected SECONDS.USEC after '@' "
				       "(epoch seconds before 2262)");
	frac = c->p;
	if (decimal(c, 6, &usec) || c->p - frac != 6 || expect(c, ":"))
		return parse_error_set(err, 0, "time",
				       "expected 6 microsecond digits and ':'");
	out->has_prefix = 1;
	out->tid = (uint32_t)tid;
	out->t_us = (int64_t)(sec * 1000000 + usec);
	return 0;
}

static int is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

int apic_trace_decode(const char *line, size_t len, struct apic_write *out,
		      struct parse_error *err)
{
	struct cursor c = { line, line + len };
	const char *name;

	memset(out, 0, sizeof(*out));
	if (peek(&c) >= '0' && peek(&c) <= '9' && prefix(&c, out, err))
		return -1;
	name = c.p;
	while (is_name_char(peek(&c)))
		c.p++;
	if (c.p == name || (peek(&c) != ' ' && peek(&c) != -1))
		return parse_error_set(err, 0, "event",
				       "not a QEMU trace line");
	if ((size_t)(c.p - name) != sizeof(EVENT) - 1 ||
	    memcmp(name, EVENT, sizeof(EVENT) - 1)) {
		if (out->has_prefix)
			return APIC_LINE_OTHER;
		return parse_error_set(err, 0, "event",
				       "not a QEMU trace line");
	}
	if (expect(&c, " ") || hex32(&c, &out->offset))
		return parse_error_set(err, 0, "offset",
				       "expected \" 0xOFFSET\" (32-bit hex)");
	if (expect(&c, " = ") || hex32(&c, &out->value) || c.p != c.end)
		return parse_error_set(err, 0, "value",
				       "expected \" = 0xVALUE\" (32-bit hex) "
				       "ending the line");
	return APIC_LINE_WRITE;
}
