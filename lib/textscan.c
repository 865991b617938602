/* textscan.c - line and word scanning; see textscan.h. */
#include <string.h>

#include "textscan.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void textscan_init(struct textscan *ts, const char *buf, size_t len)
{
	ts->p = buf;
	ts->end = buf + len;
}

int textscan_line(struct textscan *ts, struct textscan *line)
{
	const char *nl;

	if (ts->p >= ts->end)
		return 0;
	nl = memchr(ts->p, '\n', (size_t)(ts->end - ts->p));
	line->p = ts->p;
	line->end = nl ? nl : ts->end;
	ts->p = nl ? nl + 1 : ts->end;
	return 1;
}

int textscan_blank(const struct textscan *ts)
{
	for (const char *c = ts->p; c < ts->end; c++)
		if (!is_blank(*c))
			return 0;
	return 1;
}

size_t textscan_rest(struct textscan *ts, const char **start)
{
	while (ts->p < ts->end && is_blank(*ts->p))
		ts->p++;
	*start = ts->p;
	return (size_t)(ts->end - ts->p);
}

int textscan_word(struct textscan *ts, char *out, size_t size)
{
	const char *start;
	size_t n = 0;
	int rc = 0;

	textscan_rest(ts, &start);
	if (ts->p >= ts->end)
		return 1;
	while (ts->p < ts->end && !is_blank(*ts->p)) {
		if (n + 1 < size)
			out[n++] = *ts->p;
		else
			rc = -1;
		ts->p++;
	}
	out[n] = '\0';
	return rc;
}
