/*
 * scenario_keys.h - the table of sections and keys a scenario may use.
 *
 * One row per key: its section, name, type, range and help.  The parser,
 * `tlblab keys` and scenarios/README.md all follow this table.
 */
#ifndef TLBLAB_SCENARIO_KEYS_H
#define TLBLAB_SCENARIO_KEYS_H

#include <stdint.h>

enum key_type {
	KEY_STRING,	/* any text */
	KEY_WORD,	/* text without blanks (goes on a kernel command line) */
	KEY_U64,	/* whole number in [min, max] */
	KEY_SIZE,	/* bytes with K/M/G suffix, in [min, max] */
	KEY_BOOL,
	KEY_ENUM,	/* one of choices, "|"-separated */
	KEY_OPEN,	/* any key of this section is accepted (checked later) */
};

struct key_spec {
	const char *section;
	const char *name;
	enum key_type type;
	uint64_t min, max;
	const char *choices;
	const char *def;	/* default, as text; NULL = required/none */
	const char *help;
};

/* The key, or NULL; a KEY_OPEN row matches every name in its section. */
const struct key_spec *scenario_key_find(const char *section,
					 const char *name);
/* 1 if section is a plain section name ("scenario", "guest", ...). */
int scenario_section_known(const char *section);
/*
 * scenario_key_check - check value against spec.  Returns 0, or -1 with
 * msg (size msgsz) saying what is wrong.
 */
int scenario_key_check(const struct key_spec *spec, const char *value,
		       char *msg, size_t msgsz);
/* The whole table, ended by a row with section == NULL. */
extern const struct key_spec scenario_keys[];

#endif
