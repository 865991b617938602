/* parse_error.c - see parse_error.h. */
#include <stdio.h>
#include <string.h>

#include "parse_error.h"

int parse_error_set(struct parse_error *err, unsigned line, const char *field,
		    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->line = line;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
