/*
 * profile.h - the simulator's parameter files (sim/profiles/NAME.ini): every
 * value carries its unit and where it comes from.
 *
 *   [section]
 *   key = VALUE [UNIT] | SOURCE
 *
 * e.g. "ipi_x2apic = 4338 cycles | IPIv cover letter v7 (2022-03-04):
 * x2APIC w/o IPIv average".  The unit must be the key's (time keys also
 * take ns/us/ms and are converted), the source must not be empty, and
 * every key must be known to the schema the caller gives: an unknown
 * section or key, a value out of range, a missing unit or source, a
 * duplicate and a missing required key are errors naming the line and
 * "section.key".  Parsed with inih from a buffer (lines up to 197 bytes).
 */
#ifndef SIM_PROFILE_H
#define SIM_PROFILE_H

#include <stddef.h>

#include "parse_error.h"

#define PROFILE_MAX_KEYS	64
#define PROFILE_WORD_LEN	32
#define PROFILE_SOURCE_LEN	160

enum profile_kind {
	PK_NUM,		/* double, with a unit ("" = no unit) */
	PK_WORD,	/* one word, no unit, into char[PROFILE_WORD_LEN] */
};

struct profile_key {
	const char *section;
	const char *name;
	enum profile_kind kind;
	const char *unit;	/* PK_NUM: "", "cycles", "ns", "us", "GHz"... */
	double min, max;
	void *dst;
	int required;
};

/* Where each key's value came from, for reports. */
struct profile_sources {
	unsigned n;
	struct {
		char key[64];		/* "section.name" */
		char value[48];		/* value and unit as written */
		char source[PROFILE_SOURCE_LEN];
		unsigned line;
	} item[PROFILE_MAX_KEYS];
};

/*
 * profile_parse - parse len bytes against keys (terminated by a NULL
 * name).  Values of keys not in the text keep what *dst held.  src may be
 * NULL.  Returns 0, or -1 with err filled.
 */
int profile_parse(const char *buf, size_t len, const struct profile_key *keys,
		  struct profile_sources *src, struct parse_error *err);

/*
 * profile_resolve - the file for a profile name: NAME itself when it has a
 * '/' or ends in ".ini", else PROFILE_DIR/PREFIX-NAME.ini (PROFILE_DIR is
 * sim/profiles of the source tree, fixed at build time).
 */
void profile_resolve(const char *prefix, const char *name, char *out,
		     size_t len);

/*
 * profile_load - read the file for name (profile_resolve) and hand its
 * text to parse(buf, len, arg, err).  Returns 0, or -1 with msg set to
 * "FILE: error" or "FILE:LINE: FIELD: what is wrong".
 */
int profile_load(const char *prefix, const char *name,
		 int (*parse)(const char *buf, size_t len, void *arg,
			      struct parse_error *err),
		 void *arg, char *msg, size_t msglen);

/* The source recorded for "section.name", or NULL. */
const char *profile_source(const struct profile_sources *src,
			   const char *section, const char *name);

#endif
