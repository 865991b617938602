/*
 * textscan.h - walk a buffer of /proc-style text by lines and words without
 * copying it or needing a terminating NUL.  Shared by every /proc parser.
 */
#ifndef TLB_TEXTSCAN_H
#define TLB_TEXTSCAN_H

#include <stddef.h>

struct textscan {
	const char *p;
	const char *end;
};

void textscan_init(struct textscan *ts, const char *buf, size_t len);
/* Next line (without its '\n') into line; 0 at the end of the buffer. */
int textscan_line(struct textscan *ts, struct textscan *line);
/* 1 if only blanks remain. */
int textscan_blank(const struct textscan *ts);
/*
 * Next blank-separated word, NUL-terminated, into out (size > 0).
 * Returns 0, 1 at the end of the text, or -1 when the word does not fit
 * (the word is skipped and out holds its first size-1 bytes).
 */
int textscan_word(struct textscan *ts, char *out, size_t size);
/* Skip blanks; returns what remains as a length. */
size_t textscan_rest(struct textscan *ts, const char **start);

#endif
