/* strbuf.c - see strbuf.h. */
#include <stdarg.h>
#include <stdio.h>

#include "strbuf.h"

void strbuf_init(struct strbuf *o, char *buf, size_t len)
{
	o->buf = buf;
	o->len = len;
	o->used = 0;
	if (len)
		buf[0] = '\0';
}

void strbuf_printf(struct strbuf *o, const char *fmt, ...)
{
	size_t room = o->used < o->len ? o->len - o->used : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}
