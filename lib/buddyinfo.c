/* buddyinfo.c - /proc/buddyinfo parser; see buddyinfo.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buddyinfo.h"
#include "numparse.h"
#include "textscan.h"

static int parse_zone_line(struct textscan *ts, unsigned lineno,
			   struct buddy_zone *z, unsigned *norders,
			   struct parse_error *err)
{
	char tok[64];
	uint64_t v;
	unsigned n = 0;

	if (textscan_word(ts, tok, sizeof(tok)) || strcmp(tok, "Node"))
		return parse_error_set(err, lineno, "node",
				       "expected \"Node N, zone NAME counts...\"");
	if (textscan_word(ts, tok, sizeof(tok)))
		return parse_error_set(err, lineno, "node", "missing node number");
	n = strlen(tok);
	if (n && tok[n - 1] == ',')
		tok[--n] = '\0';
	if (parse_u64(tok, &v) || v > 65535)
		return parse_error_set(err, lineno, "node",
				       "bad node number \"%s\"", tok);
	z->node = (int)v;
	if (textscan_word(ts, tok, sizeof(tok)) || strcmp(tok, "zone"))
		return parse_error_set(err, lineno, "zone",
				       "expected \"zone\" after the node");
	if (textscan_word(ts, tok, sizeof(tok)) || !isalpha((unsigned char)tok[0]))
		return parse_error_set(err, lineno, "zone", "missing zone name");
	if (strlen(tok) >= sizeof(z->zone))
		return parse_error_set(err, lineno, "zone",
				       "zone name \"%.20s\" too long", tok);
	strcpy(z->zone, tok);

	n = 0;
	while (!textscan_word(ts, tok, sizeof(tok))) {
		char field[16];

		snprintf(field, sizeof(field), "order-%u", n);
		if (n >= BUDDY_MAX_ORDERS)
			return parse_error_set(err, lineno, field,
					       "more than %d orders",
					       BUDDY_MAX_ORDERS);
		if (parse_u64(tok, &z->free[n]))
			return parse_error_set(err, lineno, field,
					       "bad free-block count \"%.20s\"",
					       tok);
		n++;
	}
	if (n == 0)
		return parse_error_set(err, lineno, "order-0",
				       "no free-block counts");
	if (*norders && n != *norders)
		return parse_error_set(err, lineno, "orders",
				       "%u order columns, earlier lines have %u",
				       n, *norders);
	*norders = n;
	return 0;
}

int buddyinfo_parse(const char *buf, size_t len, struct buddyinfo *out,
		    struct parse_error *err)
{
	struct textscan lines;
	struct textscan line;
	unsigned lineno = 0;

	memset(out, 0, sizeof(*out));
	textscan_init(&lines, buf, len);
	while (textscan_line(&lines, &line)) {
		lineno++;
		if (textscan_blank(&line))
			continue;
		if (out->nzones >= BUDDY_MAX_ZONES)
			return parse_error_set(err, lineno, "zone",
					       "more than %d zones",
					       BUDDY_MAX_ZONES);
		if (parse_zone_line(&line, lineno, &out->zones[out->nzones],
				    &out->norders, err))
			return -1;
		out->nzones++;
	}
	if (out->nzones == 0)
		return parse_error_set(err, 0, "", "no zone lines");
	return 0;
}

uint64_t buddy_zone_blocks_at_least(const struct buddy_zone *z,
				    unsigned norders, unsigned min_order)
{
	uint64_t sum = 0;

	for (unsigned o = min_order; o < norders; o++)
		sum += z->free[o];
	return sum;
}

uint64_t buddyinfo_pages_at_least(const struct buddyinfo *b,
				  unsigned min_order)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < b->nzones; i++)
		for (unsigned o = min_order; o < b->norders; o++)
			sum += b->zones[i].free[o] << o;
	return sum;
}

uint64_t buddyinfo_free_pages(const struct buddyinfo *b)
{
	return buddyinfo_pages_at_least(b, 0);
}
