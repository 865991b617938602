/*
 * parse_error.h - where a parser found bad input.
 *
 * Every parser in tlblab takes a buffer and fills one of these on failure, so
 * the front end can print "FILE:LINE: FIELD: what is wrong" without the parser
 * knowing the file name or printing anything itself.
 */
#ifndef TLB_PARSE_ERROR_H
#define TLB_PARSE_ERROR_H

#include <stdarg.h>

struct parse_error {
	unsigned line;		/* 1-based line of the input; 0 = whole input */
	char field[48];		/* name of the field or column, "" if none */
	char msg[160];		/* what is wrong, without file or line */
};

/*
 * parse_error_set - record an error (a NULL err is allowed and ignored).
 * Always returns -1 so parsers can write "return parse_error_set(...)".
 */
int parse_error_set(struct parse_error *err, unsigned line, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
