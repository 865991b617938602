/* trace.c - address trace parser; see trace.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hexnum.h"
#include "textscan.h"
#include "trace.h"

static int push(struct trace *t, size_t *cap, uint64_t a)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		uint64_t *g = realloc(t->addr, ncap * sizeof(*g));

		if (!g)
			return -1;
		t->addr = g;
		*cap = ncap;
	}
	t->addr[t->n++] = a;
	return 0;
}

/* " L addr,size" and friends; p points at the kind letter. */
static int lackey(const char *p, const char *end, unsigned line,
		  uint64_t *a, int *data, struct parse_error *err)
{
	const char *comma, *q;
	uint64_t size;

	*data = *p != 'I';
	p++;
	while (p < end && *p == ' ')
		p++;
	comma = memchr(p, ',', (size_t)(end - p));
	if (!comma || hex_u64(p, comma, a))
		return parse_error_set(err, line, "address",
				       "expected hex address before \",\"");
	for (q = comma + 1; q < end && isdigit((unsigned char)*q); q++)
		;
	if (q == comma + 1 || q != end || (size = strtoull(comma + 1, NULL,
							   10)) == 0)
		return parse_error_set(err, line, "size",
				       "expected a decimal access size");
	return 0;
}

int trace_parse(const char *buf, size_t len, size_t max, struct trace *out,
		struct parse_error *err)
{
	struct textscan lines, l;
	unsigned lineno = 0;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &l) && out->n < max) {
		const char *p = l.p, *end = l.end;
		uint64_t a;
		int data = 1;

		lineno++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\r' ||
				   end[-1] == '\t'))
			end--;
		if (p == end || *p == '#' || (end - p >= 2 && !memcmp(p, "==", 2)))
			continue;
		if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			if (hex_u64(p + 2, end, &a)) {
				parse_error_set(err, lineno, "address",
						"not a hex address");
				goto bad;
			}
		} else if (end - p > 3 && (!memcmp(p, " L ", 3) ||
					   !memcmp(p, " S ", 3) ||
					   !memcmp(p, " M ", 3) ||
					   !memcmp(p, "I  ", 3))) {
			if (lackey(p[0] == ' ' ? p + 1 : p, end, lineno, &a,
				   &data, err))
				goto bad;
		} else {
			parse_error_set(err, lineno, "kind",
					"expected 0xADDRESS or a lackey "
					"\" L addr,size\" line");
			goto bad;
		}
		if (!data) {
			out->instr++;
			continue;
		}
		if (push(out, &cap, a)) {
			free(out->addr);
			memset(out, 0, sizeof(*out));
			return -2;
		}
	}
	if (!out->n) {
		parse_error_set(err, 0, "address", "no data address");
		goto bad;
	}
	return 0;
bad:
	free(out->addr);
	memset(out, 0, sizeof(*out));
	return -1;
}
