/*
 * strbuf.h - snprintf into a caller's buffer piece by piece, counting what
 * the whole text needs, so formatters can be called once with NULL/0 to
 * size the buffer and once to fill it.
 */
#ifndef SIM_STRBUF_H
#define SIM_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;	/* bytes available, NUL included */
	size_t used;	/* bytes the text needs so far, NUL excluded */
};

/* buf may be NULL when len is 0. */
void strbuf_init(struct strbuf *o, char *buf, size_t len);
void strbuf_printf(struct strbuf *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
