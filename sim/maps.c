/* maps.c - /proc/PID/maps parser; see maps.h. */
#include <stdlib.h>
#include <string.h>

#include "hexnum.h"
#include "maps.h"
#include "numparse.h"
#include "textscan.h"

static int hexval(const char *s, uint64_t *v)
{
	return hex_u64(s, s + strlen(s), v);
}

static int line(struct textscan *ts, unsigned lineno, struct map_entry *m,
		struct parse_error *err)
{
	char tok[64], *dash, *colon;
	const char *rest;
	uint64_t v;

	if (textscan_word(ts, tok, sizeof(tok)) || !(dash = strchr(tok, '-')))
		return parse_error_set(err, lineno, "start",
				       "expected START-END");
	*dash = '\0';
	if (hexval(tok, &m->start))
		return parse_error_set(err, lineno, "start",
				       "\"%.20s\" is not hex", tok);
	if (hexval(dash + 1, &m->end) || m->end <= m->start ||
	    (m->start | m->end) & 4095)
		return parse_error_set(err, lineno, "end",
				       "bad end (hex, page aligned, above start)");
	if (textscan_word(ts, tok, sizeof(tok)) || strlen(tok) != 4 ||
	    !strchr("r-", tok[0]) || !strchr("w-", tok[1]) ||
	    !strchr("x-", tok[2]) || !strchr("ps", tok[3]))
		return parse_error_set(err, lineno, "perms",
				       "expected rwxp-style permissions");
	memcpy(m->perms, tok, 5);
	if (textscan_word(ts, tok, sizeof(tok)) || hexval(tok, &v))
		return parse_error_set(err, lineno, "offset",
				       "expected a hex offset");
	if (textscan_word(ts, tok, sizeof(tok)) || !(colon = strchr(tok, ':')))
		return parse_error_set(err, lineno, "dev",
				       "expected MAJOR:MINOR");
	*colon = '\0';
	if (hexval(tok, &v) || hexval(colon + 1, &v))
		return parse_error_set(err, lineno, "dev",
				       "expected hex MAJOR:MINOR");
	if (textscan_word(ts, tok, sizeof(tok)) || parse_u64(tok, &v))
		return parse_error_set(err, lineno, "inode",
				       "expected a decimal inode");
	textscan_rest(ts, &rest);
	m->special = ts->end > rest && *rest == '[';
	return 0;
}

int maps_parse(const char *buf, size_t len, size_t max, struct maps *out,
	       struct parse_error *err)
{
	struct textscan lines, l;
	unsigned lineno = 0;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &l) && out->n < max) {
		struct map_entry m;

		lineno++;
		if (textscan_blank(&l))
			continue;
		if (line(&l, lineno, &m, err))
			goto bad;
		if (out->n && m.start < out->e[out->n - 1].end) {
			parse_error_set(err, lineno, "order",
					"mapping starts inside or below the "
					"previous one");
			goto bad;
		}
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct map_entry *g = realloc(out->e, ncap * sizeof(*g));

			if (!g) {
				free(out->e);
				memset(out, 0, sizeof(*out));
				return -2;
			}
			out->e = g;
			cap = ncap;
		}
		out->e[out->n++] = m;
	}
	if (!out->n) {
		parse_error_set(err, 0, "start", "no mapping line");
		goto bad;
	}
	return 0;
bad:
	free(out->e);
	memset(out, 0, sizeof(*out));
	return -1;
}
