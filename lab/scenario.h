/*
 * scenario.h - scenario files: parse, validate, and resolve per variant.
 *
 * A scenario is an INI file (format: scenarios/README.md) parsed with inih.
 * Parsing checks every section and key against the key table in
 * scenario_keys.c and every value against its type, so a typo fails with
 * "FILE:LINE: key: what is wrong" before any guest boots.  Workload keys
 * are open here: the agent itself validates them (agent_check.h).
 */
#ifndef TLBLAB_SCENARIO_H
#define TLBLAB_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

/* One "key = value" as written, with the line it came from. */
struct scenario_kv {
	char *section;		/* "guest", "workload", ... */
	char *key;
	char *value;
	unsigned line;
};

struct scenario_variant {
	char *name;
	char *description;
	unsigned line;		/* of the [variant NAME] header */
	size_t nover;
	struct scenario_kv *over;	/* "section.key = value" overrides */
};

struct scenario_expect {
	char *name;
	char *text;		/* the expression as written */
	unsigned line;
	struct expect_expr *expr;	/* parsed (expect.h) */
};

struct scenario {
	char *path;
	char *name;		/* file name without directory and ".ini" */
	size_t nbase;
	struct scenario_kv *base;	/* keys of the plain sections */
	size_t nvariants;
	struct scenario_variant *variants;
	size_t nexpect;
	struct scenario_expect *expect;
};

enum accel_mode { ACCEL_AUTO, ACCEL_TCG, ACCEL_NESTED, ACCEL_KVM };

/* Everything one variant's run needs, with defaults applied. */
struct run_config {
	const char *variant;
	const char *description;	/* of the variant, "" if none */
	enum accel_mode accel;
	int needs_exits;	/* [scenario] needs = exits */
	uint64_t timeout_s;	/* whole variant: boot to power-off */
	uint64_t boot_timeout_s;	/* start to the agent's hello */
	uint64_t watchdog_s;	/* longest silence of console and agent */
	uint64_t vcpus;
	uint64_t memory_mb;
	const char *cpu_model;
	const char *cmdline;	/* extra kernel command-line words */
	const char *workload;
	size_t nworkload;
	const struct scenario_kv *workload_opts[64];	/* not "name" */
	uint64_t interval_ms;	/* probe and agent sampling */
	int keep_trace;
	size_t nsim;
	const struct scenario_kv *sim[32];
};

/*
 * scenario_load - read and validate the file at path.
 * Returns a scenario, or NULL with err->line set (0 when the file cannot
 * be read) and err->msg/field saying what is wrong.
 */
struct scenario *scenario_load(const char *path, struct parse_error *err);
/* Same, from a NUL-terminated buffer; path is used for the name only. */
struct scenario *scenario_parse(const char *path, const char *text,
				struct parse_error *err);
void scenario_free(struct scenario *sc);

/* Index of the named variant, or -1. */
int scenario_find_variant(const struct scenario *sc, const char *name);

/*
 * scenario_resolve - the run_config of variant vi (defaults, then the
 * plain sections, then the variant's overrides; later wins).  Pointers in
 * cfg point into sc.  Returns 0, or -1 with err (a bad combination, e.g.
 * more workload options than fit).
 */
int scenario_resolve(const struct scenario *sc, size_t vi,
		     struct run_config *cfg, struct parse_error *err);

/* Where a resolved key came from: the line of the winning value, or 0. */
unsigned scenario_key_line(const struct scenario *sc, size_t vi,
			   const char *section, const char *key);

const char *accel_mode_name(enum accel_mode mode);

#endif
