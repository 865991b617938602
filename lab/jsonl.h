/*
 * jsonl.h - a checked reader of versioned JSON lines from untrusted
 * sources (the agent in the guest, the probe inside L1).
 *
 * Bytes go in as they arrive; each complete line is checked against a
 * schema: at most max_line bytes, a JSON object without duplicate keys,
 * "v" equal to the schema's version, a "type" the schema knows, and the
 * types of the fields its rules name.  Unknown fields are ignored (newer
 * senders may add some).  The first bad line is kept with its number and
 * field, and the stream is then broken: later bytes are ignored.
 */
#ifndef TLBLAB_JSONL_H
#define TLBLAB_JSONL_H

#include <jansson.h>
#include <stddef.h>

#include "parse_error.h"

#define JSONL_MAX_LINE	4096

enum jsonl_ftype {
	JF_STRING,
	JF_INT,		/* whole number >= 0 */
	JF_NUM,
	JF_BOOL,
	JF_OBJECT,
	JF_INT_ARRAY,	/* of whole numbers >= 0 */
	JF_OBJECT_OR_NULL,
};

struct jsonl_rule {
	const char *type;	/* message type */
	const char *field;	/* "a" or "a.b" (b in object a) */
	enum jsonl_ftype ftype;
	int required;
};

struct jsonl_schema {
	int version;
	size_t max_line;	/* <= JSONL_MAX_LINE, newline included */
	const char *const *types;	/* NULL-terminated */
	const struct jsonl_rule *rules;
	size_t nrules;
};

struct jsonl_reader {
	const struct jsonl_schema *schema;
	char line[JSONL_MAX_LINE];
	size_t len;
	unsigned lineno;
	int broken;
	struct parse_error bad;	/* the first bad line */
};

/*
 * Called for each good line with the message and its type; returns 0, or
 * -1 after jsonl_reject() to break the stream (an order rule, say).
 */
typedef int (*jsonl_line_fn)(void *ctx, json_t *msg, const char *type);

void jsonl_init(struct jsonl_reader *r, const struct jsonl_schema *schema);
/* Take n more bytes.  Returns 0, or -1 once the stream is broken. */
int jsonl_feed(struct jsonl_reader *r, const char *data, size_t n,
	       jsonl_line_fn on_line, void *ctx);
/* For on_line: mark the current line bad (field, what); returns -1. */
int jsonl_reject(struct jsonl_reader *r, const char *field, const char *what);

#endif
