/*
 * thp.h - parse the transparent-hugepage mode files in
 * /sys/kernel/mm/transparent_hugepage/ ("always [madvise] never": the
 * choices, the one in force bracketed).
 *
 * QEMU madvise()s guest RAM MADV_HUGEPAGE, so "madvise" and "always" both
 * let the guest get 2 MiB backing (when the buddy allocator has order-9
 * blocks); "never" forces 4 KiB.
 */
#ifndef TLBPROBE_THP_H
#define TLBPROBE_THP_H

#include <stddef.h>

#include "parse_error.h"

#define THP_MAX_CHOICES	8

struct thp_setting {
	unsigned nchoices;
	unsigned selected;	/* index of the bracketed choice */
	char choice[THP_MAX_CHOICES][16];
};

/*
 * thp_setting_parse - parse one line of blank-separated choices (words of
 * lower-case letters, '+' and '_'), exactly one of them in brackets.
 * Returns 0, or -1 with err ("choice" field) when a word is malformed or
 * too long, no or several words are bracketed, there are more than
 * THP_MAX_CHOICES, or more than one line.
 */
int thp_setting_parse(const char *buf, size_t len, struct thp_setting *out,
		      struct parse_error *err);

/* The choice in force. */
const char *thp_selected(const struct thp_setting *s);

enum thp_enabled {
	THP_ALWAYS,
	THP_MADVISE,
	THP_NEVER,
	THP_OTHER,	/* a mode this code does not know ("inherit"...) */
};
enum thp_enabled thp_enabled_mode(const struct thp_setting *s);

#endif
